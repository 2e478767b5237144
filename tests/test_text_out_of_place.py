"""Values a PDF tool wrote out of their places (issue 14, session 9), read by the form's rules or not at all:
plain ``pdftotext`` listing a cell of table 三 after a later row's labels, and ``pdftotext -layout``
putting a wrapped row's first value on its label's first line and the rest on its last.
Every value is compared with the generated one; nothing is read that the rules do not pin down.
"""

from __future__ import annotations

import random

from parsers import parse_document
from scripts import gen_layouts as G

ROWS_2021 = ["1", "2", *G.result_rows("2021"), "3.7", "4"]
COLS7 = [*G.COLS, "total"]


def _names() -> dict[str, str]:
    names = {"1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量", "3.1": "（一）予以公开",
             "3.2": "（二）部分公开", "3.7": "（七）总计", "4": "四、结转下年度继续办理"}
    for code, labels in (("3.3", G.R33), ("3.4", G.R34), ("3.5", G.R35), ("3.6", G.R36)):
        names.update({f"{code}.{i + 1}": lab for i, lab in enumerate(labels)})
    return names


def _stream(c: dict, late_cell: str | None) -> str:
    """Table 三 one value a line, each row's label before its values (pdftotext without -layout);
    ``late_cell`` is printed alone after row 3.3.7's values, between two labels."""
    names = _names()
    lines = ["某县人民政府2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况",
             "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    late = ""
    for row in ROWS_2021:
        lines.append(names[row])
        for col in COLS7:
            v = str(int(c[f"apply/{row}/{col}"]))
            if f"apply/{row}/{col}" == late_cell:
                late = v
                continue
            lines.append(v)
        if row == "3.3.7" and late:
            lines += ["3.", late, "4."]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
    return "\n".join(lines)


def _numbers(seed: int) -> dict:
    return G.numbers("2021", random.Random(seed), 0.7)


def test_a_cell_printed_after_later_rows_is_put_back_where_every_row_adds_up():
    c = _numbers(21)
    assert c["apply/2/natural_person"] > 0
    got = parse_document(_stream(c, "apply/2/natural_person").encode(), content_type="text/plain").to_json()
    for row in ROWS_2021:
        for col in COLS7:
            assert got["cells"][f"apply/{row}/{col}"] == c[f"apply/{row}/{col}"], (row, col)
    assert any("put back" in w for w in got["warnings"])
    assert "apply/2/natural_person" in got["inferred"]
    assert not [k for k in got["checks"] if not k["ok"]]


def test_a_stream_no_single_move_mends_keeps_its_printed_error_and_places_nothing_by_count():
    c = _numbers(22)
    c["apply/3.1/total"] += 1  # printed wrong: no move of the one late value makes every row add up
    got = parse_document(_stream(c, "apply/2/natural_person").encode(), content_type="text/plain").to_json()
    cells = got["cells"]
    assert not any("put back" in w for w in got["warnings"])
    # rows read by their own labels keep what they print (the error included); nothing else is made up
    assert not any(cells.get(f"apply/{r}/{col}") not in (None, c[f"apply/{r}/{col}"]) for r in ROWS_2021 for col in COLS7)
    assert cells["apply/3.1/total"] == c["apply/3.1/total"]
    assert ("apply_row_total", "3.1") in {(k["rule"], k["scope"]) for k in got["checks"] if not k["ok"]}


def _aligned(c: dict, wrapped: str) -> str:
    """Table 三 as ``pdftotext -layout`` prints it; row ``wrapped``'s label is broken over three
    lines, its first value beside the label's first line and the others beside its last."""
    names = _names()
    lines = ["某县人民政府2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * 30 + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计"]
    for row in ROWS_2021:
        vals = [str(int(c[f"apply/{row}/{col}"])) for col in COLS7]
        label = names[row]
        if row == wrapped:
            mark, text = label.split(".", 1)
            lines += [f"      {text[:-1]:<24}{vals[0]:>6}", f"      {mark}.", f"      {text[-1]:<24}{' ' * 6}"
                      + "".join(f"{v:>8}" for v in vals[1:]), ""]
            continue
        lines += [f"{label:<30}{vals[0]:>6}" + "".join(f"{v:>8}" for v in vals[1:]), ""]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
    return "\n".join(lines)


def test_a_wrapped_rows_first_value_beside_its_labels_first_line_is_joined_when_the_row_adds_up():
    c = _numbers(23)
    got = parse_document(_aligned(c, "3.4.1").encode(), content_type="text/plain").to_json()
    for col in COLS7:
        assert got["cells"][f"apply/3.4.1/{col}"] == c[f"apply/3.4.1/{col}"], col
        assert got["cells"][f"apply/3.4.2/{col}"] == c[f"apply/3.4.2/{col}"], col
    assert not [k for k in got["checks"] if not k["ok"]]


def test_a_wrapped_rows_values_that_do_not_add_up_are_not_joined():
    c = _numbers(24)
    c["apply/3.4.1/total"] += 1  # a printed error: the joined row would not add up
    got = parse_document(_aligned(c, "3.4.1").encode(), content_type="text/plain").to_json()
    assert got["cells"]["apply/3.4.1/enterprise"] is None
    assert not any(got["cells"].get(f"apply/{r}/{col}") not in (None, c[f"apply/{r}/{col}"])
                   for r in ROWS_2021 for col in COLS7)


def _tables(form: str, c: dict, q: G.Q) -> list:
    return [("二、主动公开政府信息情况", [G.active_grid(form, c, q)]),
            ("三、收到和处理政府信息公开申请情况", G.apply_grid(form, c, q)),
            ("四、政府信息公开行政复议、行政诉讼情况", [G.review_grid(c, q)])]


def test_a_sheet_saved_as_csv_reads_its_cells_in_their_columns():
    """Calc/Excel "save as CSV": every record padded to the sheet's width, merged labels as empty
    fields, big numbers quoted with their thousands separators."""
    import csv
    import io

    c = _numbers(25)
    c["active/license/decisions"] = 12345
    q = G.Q(header="three", org_order=list(G.ORGS), mark=".", zero_mark=None)
    records = [line.split("\t") for line in G.render_tabs(_tables("2021", c, q), q).split("\n")]
    width = max(len(r) for r in records) + 3
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["某县人民政府2022年政府信息公开工作年度报告"] + [""] * (width - 1))
    for r in records:
        r = [f"{int(x):,}" if x.isdigit() and int(x) >= 1000 else x for x in r]
        w.writerow(r + [""] * (width - len(r)))
    assert '"12,345"' in out.getvalue()
    got = parse_document(out.getvalue().encode(), content_type="text/csv", source="r.csv").to_json()
    for cid, v in c.items():
        assert got["cells"].get(cid) == v, cid
    assert not [k for k in got["checks"] if not k["ok"]]


def test_values_one_a_line_under_a_header_cut_short_are_read_only_where_the_columns_confirm():
    """A sheet printed wider than its page (Calc), read by plain pdftotext: page 1 names four columns
    and prints four values a row; a row whose first value ran into its label and the next row's
    label lost leave seven values under one label that are not that row's."""
    c = _numbers(26)
    names = _names()
    lines = ["某县人民政府2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况",
             "自然人", "商业企业", "科研机构", "社会公益组织"]
    for row in ROWS_2021:
        vals = [str(int(c[f"apply/{row}/{col}"])) for col in COLS7[:4]]
        if row == "3.2":
            lines += [names[row] + vals[0], *vals[1:]]
        elif row == "3.3.1":
            lines += vals
        else:
            lines += [names[row], *vals]
    lines += ["Page 1", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
    cells = parse_document("\n".join(lines).encode(), content_type="text/plain").to_json()["cells"]
    assert not any(cells.get(f"apply/{r}/{col}") not in (None, c[f"apply/{r}/{col}"]) for r in ROWS_2021 for col in COLS7)
