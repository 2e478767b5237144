"""Layout shapes found after set V (issue 14, session 7), each read by the form's structure:
Markdown pipe tables without outer pipes, radical glyphs in PDF text, group marks cut short in
narrow cells, a row of zeros filled from the left, a table printed one value a line with two
values on some lines and a printed arithmetic error, and table 四's heading with a typo. Every
value is compared with the generated one.
"""

from __future__ import annotations

import json
import random

import pytest

from parsers import parse_document
from parsers.normalize import squeeze
from scripts import gen_layouts as G

ROWS_2021 = ["1", "2", *G.result_rows("2021"), "3.7", "4"]
COLS7 = [*G.COLS, "total"]


def _numbers(seed: int, form: str = "2021") -> dict:
    return G.numbers(form, random.Random(seed), 0.7)


def _tables(form: str, c: dict, q: G.Q) -> list:
    return [("二、主动公开政府信息情况", [G.active_grid(form, c, q)]),
            ("三、收到和处理政府信息公开申请情况", G.apply_grid(form, c, q)),
            ("四、政府信息公开行政复议、行政诉讼情况", [G.review_grid(c, q)])]


@pytest.mark.parametrize(("seed", "header", "form"), [(3, "three", "2021"), (4, "two", "2019"), (5, "flat", "2021")])
def test_pipe_tables_without_outer_pipes_keep_their_blank_first_cells(seed, header, form):
    c = _numbers(seed, form)
    q = G.Q(header=header, org_order=list(G.ORGS), mark=".", zero_mark=None)
    text = "某县教育局2022年政府信息公开工作年度报告\n" + G.render_pipes_bare(_tables(form, c, q), q)
    assert "\n | " in text  # rows whose first cells are blank start with a pipe
    cells = parse_document(text.encode(), content_type="text/markdown", source="r.md").to_json()["cells"]
    for cid, v in c.items():
        assert cells[cid] == v, cid


def test_radical_glyphs_read_as_the_ideographs_they_stand_for():
    assert squeeze("四、政府信息公开⾏政复议、⾏政诉讼情况") == "四、政府信息公开行政复议、行政诉讼情况"
    assert squeeze("⽇照市岚⼭区⼈⺠政府") == "日照市岚山区人民政府"
    c = _numbers(6)
    q = G.Q(header="three", org_order=list(G.ORGS), mark=".", zero_mark=None)
    tables = [(h.replace("行政", "⾏政"), g) for h, g in _tables("2021", c, q)]
    html = f"<html><body><h1>某市⺠政局2023年政府信息公开工作年度报告</h1>{G.render_html(tables, q)}</body></html>"
    cells = parse_document(html.encode()).to_json()["cells"]
    # the table 四 heading in radicals no longer leaves its number row to table 三
    for cid, v in c.items():
        if cid.startswith("review/"):
            assert cells[cid] == v, cid


def test_a_typo_in_table_fours_heading_still_opens_table_four():
    c = _numbers(7)
    q = G.Q(header="three", org_order=list(G.ORGS), mark=".", zero_mark=None)
    tables = [(h.replace("行政复议", "行政法复议"), g) for h, g in _tables("2021", c, q)]
    # a spreadsheet keeps empty cells up to its widest table: the header row is no heading alone
    body = G.render_html(tables, q).replace("<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>",
                                            "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td><td></td></tr>")
    cells = parse_document(f"<html><body><h1>某县2023年政府信息公开工作年度报告</h1>{body}</body></html>".encode()
                           ).to_json()["cells"]
    assert [cells[f"review/review/{k}"] for k in ("upheld", "corrected", "other", "pending", "total")] == [
        c[f"review/review/{k}"] for k in ("upheld", "corrected", "other", "pending", "total")]


def _narrow(c: dict) -> str:
    """Table 三 laid out in Word with narrow label columns, through pdftotext -layout: the group label
    wraps two characters a line ("（三" / "）不" / "予公" / "开"), the sub-row label four ("1.属" / "于国")."""
    lines = ["某市统计局2021年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "",
             "（本列数据的勾稽关系    申请人情况",
             "为：第一项加第二项之    自然  法人或其他组织                总计",
             "和，等于第三项加第四    人   商业  科研  社会   法律   其他",
             "项之和）              企业  机构  公益   服务", "                          组织   机构"]

    def vals(row: str) -> str:
        return "".join(f"{int(c[f'apply/{row}/{col}']):>5}" for col in COLS7)

    lines += ["一、本年新收政府信息  " + vals("1"), "公开申请数量", "二、上年结转政府信息  " + vals("2"), "公开申请数量",
              "三、  （一）予以公开  " + vals("3.1"), "本年", "度办  （二）部分公开 " + vals("3.2"), "理结  （区分处理）"]
    groups = [("3.3", G.R33, "（三", "）不予公开"), ("3.4", G.R34, "（四", "）无法提供"), ("3.5", G.R35, "（五", "）不予处理"),
              ("3.6", G.R36, "（六", "）其他处理")]
    for code, labels, head, rest in groups:
        tail = [rest[i:i + 2] for i in range(0, len(rest), 2)]
        for i, lab in enumerate(labels):
            first = head if i == 0 else "    "
            lines.append(f"{first}  {lab[:3]:<4}" + vals(f"{code}.{i + 1}"))
            rest_of_label = [lab[k:k + 2] for k in range(3, len(lab), 2)]
            for k, piece in enumerate(rest_of_label):  # "于国" / "家秘" / "密": the label wraps to the end
                cont = tail.pop(0) if tail and k == 0 else "    "
                lines.append(f"{cont}  {piece}")
    lines += ["（七）总计          " + vals("3.7"), "四、结转下年度继续办  " + vals("4"), "理",
              "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
    return "\n".join(lines)


def test_group_marks_cut_short_in_narrow_cells_name_their_rows():
    c = _numbers(8)
    got = parse_document(_narrow(c).encode(), content_type="text/plain").to_json()
    cells = got["cells"]
    for row in ROWS_2021:
        for col in COLS7:
            assert cells[f"apply/{row}/{col}"] == c[f"apply/{row}/{col}"], (row, col)


def test_a_row_of_zeros_filled_from_the_left_gets_its_total_by_the_rules():
    c = _numbers(9)
    for col in COLS7:
        c[f"apply/4/{col}"] = 0
    for col in G.COLS:  # keep the balance: nothing pending, every new request handled
        c[f"apply/3.7/{col}"] = c[f"apply/1/{col}"] + c[f"apply/2/{col}"]
    q = G.Q(header="three", org_order=list(G.ORGS), mark=".", zero_mark=None)
    html = G.render_html(_tables("2021", c, q), q)
    # 四、结转 prints six zeros, filled from the left, its last cell empty (a zero left out)
    row4 = "<tr><td colspan=3>四、结转下年度继续办理</td>" + "<td>0</td>" * 7 + "</tr>"
    assert row4 in html
    html = html.replace(row4, "<tr><td colspan=3>四、结转下年度继续办理</td>" + "<td>0</td>" * 6 + "<td></td></tr>")
    got = parse_document(f"<html><body><h1>某县2022年政府信息公开工作年度报告</h1>{html}</body></html>".encode()
                         ).to_json()
    assert got["cells"]["apply/4/total"] == 0
    assert got["cells"]["apply/4/natural_person"] == 0
    assert "apply/4/total" in got["inferred"]


def _one_a_line(c: dict, late: tuple[str, ...]) -> str:
    """pdftotext without -layout of a Chromium print: a label line, then its values one a line, the last
    two on one line; the labels of ``late`` rows come after the table's values (a merged cell)."""
    names = {"1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量", "3.1": "（一）予以公开",
             "3.2": "（二）部分公开", "3.7": "（七）总计", "4": "四、结转下年度继续办理"}
    for code, labels in (("3.3", G.R33), ("3.4", G.R34), ("3.5", G.R35), ("3.6", G.R36)):
        names.update({f"{code}.{i + 1}": lab.split(".", 1)[1] for i, lab in enumerate(labels)})
    lines = ["某县人民政府2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况",
             "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    for row in ROWS_2021:
        if row not in late:
            lines.append(names[row])
        v = [str(int(c[f"apply/{row}/{col}"])) for col in COLS7]
        lines += [*v[:5], f"{v[5]} {v[6]}", ""]
    lines += ["三、本年度办理结果", *(names[r] for r in late), "四、政府信息公开行政复议、行政诉讼情况",
              "五、存在的主要问题及改进情况"]
    return "\n".join(lines)


def test_values_one_a_line_decode_row_after_row_and_keep_a_printed_error_visible():
    c = _numbers(10)
    c["apply/3.1/natural_person"] += 1  # printed wrong: 3.1 and its total one more than the columns allow
    c["apply/3.1/total"] += 1
    got = parse_document(_one_a_line(c, ("3.1", "3.2")).encode(), content_type="text/plain").to_json()
    for row in ROWS_2021:
        for col in COLS7:
            assert got["cells"][f"apply/{row}/{col}"] == c[f"apply/{row}/{col}"], (row, col)
    failed = {(k["rule"], k["scope"]) for k in got["checks"] if not k["ok"]}
    assert ("apply_results_total", "natural_person") in failed


def test_values_one_a_line_with_labels_out_of_place_and_an_error_are_not_read():
    c = _numbers(11)
    c["apply/3.1/natural_person"] += 1
    c["apply/3.1/total"] += 1
    # most labels come late: nothing says the rows are where the count puts them
    late = tuple(r for r in ROWS_2021 if r not in ("1", "2"))
    cells = parse_document(_one_a_line(c, late).encode(), content_type="text/plain").to_json()["cells"]
    assert cells.get("apply/3.1/natural_person") is None
    assert not any(cells.get(f"apply/{r}/{col}") not in (None, c[f"apply/{r}/{col}"]) for r in ROWS_2021 for col in COLS7)


def test_new_generated_shapes_never_print_a_wrong_number(tmp_path):
    assert G.main([str(tmp_path / "set"), "--seed", "707", "--n", "1"]) == 0
    reports = json.loads((tmp_path / "set" / "expected.json").read_text(encoding="utf-8"))["reports"]
    right = total = 0
    for want in reports:
        if want["format"] not in G.NEW_FORMATS:
            continue
        cells = parse_document((tmp_path / "set" / want["file"]).read_bytes(), source=want["file"]).to_json()["cells"]
        wrong = [(cid, v, cells.get(cid)) for cid, v in want["cells"].items()
                 if cells.get(cid) is not None and abs(cells[cid] - v) > 1e-6]
        assert not wrong, (want["file"], want["quirks"], wrong[:5])
        right += sum(1 for cid, v in want["cells"].items() if cells.get(cid) is not None)
        total += len(want["cells"])
    assert right / total > 0.95


def _wrapped_header_doc(c: dict, order: list[str]) -> str:
    """Table 三 with a 小计 column and zeros printed 无, its header names wrapped a character or two a
    line in narrow columns and flattened to lines above the grid (a Chromium print read back)."""
    q = G.Q(header="flat", org_order=order, mark=".", zero_mark="无", subtotal=True)
    grid = G.apply_grid("2021", c, q)[0][2:]  # the rows, without the header's two rows
    firsts = " ".join(G.ORG_LABEL[o][:1] for o in order)
    seconds = " ".join(G.ORG_LABEL[o][1:2] for o in order)
    header = (f"<p>申请人情况 自然 法人或其他组织 总计</p><p>人 {firsts} 小</p><p>{seconds} 计</p>")
    rows = "".join("<tr>" + "".join(G._td(cell, q) for cell in row) + "</tr>" for row in grid)
    review = G.render_html([("四、政府信息公开行政复议、行政诉讼情况", [G.review_grid(c, q)])], q)
    return (f"<html><body><h1>某区司法局2022年政府信息公开工作年度报告</h1><p>三、收到和处理政府信息公开申请情况</p>"
            f"{header}<table>{rows}</table>{review}</body></html>")


def test_a_zero_mark_is_a_cell_of_an_unnamed_subtotal_column_never_a_phantom():
    c = _numbers(12)
    # a row starting with 无 (its balance then broken: a printed error the checks show, not our concern)
    c["apply/2/natural_person"] = 0
    c["apply/2/total"] = sum(c[f"apply/2/{o}"] for o in G.ORGS)
    cells = parse_document(_wrapped_header_doc(c, list(G.ORGS)).encode()).to_json()["cells"]
    for row in ROWS_2021:
        for col in COLS7:
            want = c[f"apply/{row}/{col}"]
            assert cells[f"apply/{row}/{col}"] in ((None, 0) if want == 0 else (want,)), (row, col)


def test_organisation_initials_out_of_the_forms_order_leave_those_columns_unread():
    c = _numbers(13)
    order = ["research", "enterprise", "nonprofit", "legal_service", "other_org"]
    cells = parse_document(_wrapped_header_doc(c, order).encode()).to_json()["cells"]
    for row in ROWS_2021:
        for col in COLS7:
            got, want = cells.get(f"apply/{row}/{col}"), c[f"apply/{row}/{col}"]
            assert got is None or got == want or (want == 0 and got is None), (row, col, got, want)
    assert all(cells.get(f"apply/{row}/{o}") is None for row in ("1", "3.7") for o in ("enterprise", "research"))
    assert cells["apply/1/natural_person"] == c["apply/1/natural_person"]


def test_numbers_printed_before_their_row_labels_are_not_read_under_the_wrong_rows():
    c = _numbers(14)
    names = {"1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量", "3.1": "（一）予以公开",
             "3.2": "（二）部分公开", "3.7": "（七）总计", "4": "四、结转下年度继续办理"}
    for code, labels in (("3.3", G.R33), ("3.4", G.R34), ("3.5", G.R35), ("3.6", G.R36)):
        names.update({f"{code}.{i + 1}": lab for i, lab in enumerate(labels)})
    lines = ["某县人民政府2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况",
             "自然人", "法人或其他组织", "总计"]
    for row in ROWS_2021:  # each row's numbers, then its label (a print flattened values first)
        v = [str(int(c[f"apply/{row}/{col}"])) for col in COLS7]
        lines += [*v[:5], f"{v[5]} {v[6]}", names[row]]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
    cells = parse_document("\n".join(lines).encode(), content_type="text/plain").to_json()["cells"]
    wrong = [(r, col) for r in ROWS_2021 for col in COLS7
             if cells.get(f"apply/{r}/{col}") not in (None, c[f"apply/{r}/{col}"])]
    assert not wrong


def test_table_four_as_a_captioned_table_or_on_its_side_with_no_heading_is_read():
    c = _numbers(15)
    q = G.Q(header="three", org_order=list(G.ORGS), mark=".", zero_mark=None)
    tables = [("三、收到和处理政府信息公开申请情况", G.apply_grid("2021", c, q)),
              ("四、政府信息公开行政复议、行政诉讼情况", [G.review_transposed(c, q)])]
    captioned = G.render_html_th(tables, q)
    assert "<caption>四、" in captioned
    bare = captioned.replace("<caption>四、政府信息公开行政复议、行政诉讼情况</caption>", "")
    for body in (captioned, bare):
        cells = parse_document(f"<html><body><h1>某县2023年政府信息公开工作年度报告</h1>{body}</body></html>".encode()
                               ).to_json()["cells"]
        for cid, v in c.items():
            if cid.startswith("review/"):
                assert cells[cid] == v, cid


@pytest.mark.parametrize("render", ["html", "aligned"])
def test_signed_changes_of_the_2019_form_read_with_a_typeset_minus_sign(render):
    c = _numbers(16, "2019")
    c["active/license/change"], c["active/penalty/change"], c["active/fee/change"] = -7, 3, -1
    q = G.Q(header="three", org_order=list(G.ORGS), mark=".", zero_mark=None, signed="minus")
    tables = _tables("2019", c, q)
    title = "某县市场监督管理局2020年政府信息公开工作年度报告"
    if render == "html":
        doc = f"<html><body><h1>{title}</h1>{G.render_html(tables, q)}</body></html>"
    else:
        q["align"] = "right"
        doc = title + "\n" + G.render_aligned(tables, q)
    assert "−7" in doc and "+3" in doc
    cells = parse_document(doc.encode(), content_type="text/html" if render == "html" else "text/plain").to_json()["cells"]
    assert [cells["active/license/change"], cells["active/penalty/change"], cells["active/fee/change"]] == [-7, 3, -1]


def _aligned_lines(c: dict, rows: list[tuple[str, str | None]]) -> str:
    """Space-aligned table 三 lines: (label, row whose values follow on the line, or None)."""
    head = ["某县统计局2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
            "                                  自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计"]
    out = []
    for label, row in rows:
        line = label + " " * (34 - G.width(label))
        if row:
            line += "".join(f"{int(c[f'apply/{row}/{col}']):>8}" for col in COLS7)
        out.append(line.rstrip())
    return "\n".join([*head, *out, "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"])


def test_values_under_two_numbered_labels_are_placed_by_the_rows_around_them():
    c = _numbers(17)
    rows = [("一、本年新收政府信息公开申请数量", "1"), ("二、上年结转政府信息公开申请数量", "2"), ("（一）予以公开", "3.1"),
            ("（二）部分公开", "3.2")]
    rows += [(f"（三）不予公开 {lab}" if i == 0 else lab, f"3.3.{i + 1}") for i, lab in enumerate(G.R33)]
    # 3.4.1's label wraps; its values are laid out after 3.4.2's first line, 3.4.2's beside its second
    rows += [("1、本机关不掌握相关政府信", None), ("息", None), ("（四）无法提供 2、没有现成信息需要另行制", None),
             ("", "3.4.1"), ("作", "3.4.2"), ("3.补正后申请内容仍不明确", "3.4.3")]
    rows += [(f"（五）不予处理 {lab}" if i == 0 else lab, f"3.5.{i + 1}") for i, lab in enumerate(G.R35)]
    rows += [(lab, f"3.6.{i + 1}") for i, lab in enumerate(G.R36)]
    rows += [("（七）总计", "3.7"), ("四、结转下年度继续办理", "4")]
    cells = parse_document(_aligned_lines(c, rows).encode(), content_type="text/plain").to_json()["cells"]
    for row in ("3.4.1", "3.4.2", "3.4.3"):
        assert [cells[f"apply/{row}/{col}"] for col in COLS7] == [c[f"apply/{row}/{col}"] for col in COLS7], row


def test_seven_numbers_adding_up_only_with_a_subtotal_leave_the_organisations_unread():
    c = _numbers(18)
    c.update({f"apply/1/{k}": v for k, v in zip(COLS7, [32, 13, 38, 0, 22, 14, 119], strict=True)})
    lines = _aligned_lines(c, [("一、本年新收政府信息公开申请数量", "1")]).split("\n")
    # the row prints 小计 (87) and leaves 社会公益组织's 0 out: 32 13 38 22 14 87 119
    lines = [line if not line.startswith("一、") else "一、本年新收政府信息公开申请数量" + " " * 16 +
             "".join(f"{v:>8}" for v in (32, 13, 38, 22, 14, 87, 119)) for line in lines]
    got = parse_document("\n".join(lines).encode(), content_type="text/plain").to_json()
    assert got["cells"]["apply/1/natural_person"] == 32
    assert got["cells"]["apply/1/total"] == 119
    assert all(got["cells"][f"apply/1/{o}"] is None for o in G.ORGS)
    assert not [k for k in got["checks"] if not k["ok"] and k["scope"] == "1"]
