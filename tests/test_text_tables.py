"""Text tables as PDFs and word processors flatten them (issue 14): box-drawn borders, a 小计
column, rows that drop their blank cells, pipe rows wrapped on a narrow page, a label glued to
its first value.

Fixtures are generated reports with varied non-zero numbers (demo.values), printed the way these
text renderings print them; every assertion compares with the generated values.
"""

from __future__ import annotations

import re

from demo.render import render
from demo.values import generate
from parsers import parse_document
from parsers.form import APPLY_COLS, apply_rows
from tests.apply_labels import RESULTS_LABEL, ROW_LABELS, SUBGROUP_LABELS

COLS = APPLY_COLS
ORGS = COLS[1:6]
GROUPS = {"3.1": RESULTS_LABEL, **SUBGROUP_LABELS}


def _values(seed: int, zero_col: str | None = "research"):
    """A generated 2021 report; every cell of ``zero_col`` made 0 (the totals adjusted)."""
    v = generate(seed, "2021")
    if zero_col:
        for row in apply_rows("2021"):
            v.cells[f"apply/{row}/total"] -= v.cells[f"apply/{row}/{zero_col}"]
            v.cells[f"apply/{row}/{zero_col}"] = 0
    return v


def _parse(text: str, name: str = "r.txt") -> dict:
    return parse_document(text.encode("utf-8"), source=name, content_type="text/plain").to_json()


def _with_apply_table(v, table: list[str]) -> str:
    """The markdown report with its table 三 replaced by ``table`` (lines)."""
    lines = render(v, "markdown").data.decode("utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "三、收到和处理政府信息公开申请情况") + 1
    end = next(i for i, ln in enumerate(lines) if ln.strip() == "四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines[:start] + table + lines[end:]) + "\n"


def _row_numbers(v, row: str, subtotal: bool) -> list[int]:
    nums = [v.cells[f"apply/{row}/{c}"] for c in COLS]
    if subtotal:
        nums.insert(6, sum(v.cells[f"apply/{row}/{c}"] for c in ORGS))
    return nums


def _box_table(v, subtotal: bool, short_total: bool) -> list[str]:
    """Table 三 drawn with box characters (┃ ━ ╋), as Word's save-as-text or pdftotext make it; the
    总计 row prints its research 0 left out and its last cell empty when ``short_total``."""
    head = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", *(["小计"] if subtotal else []), "总计"]
    width = 3 + len(head)
    rule = "╋" + "╋".join(["━━━━"] * width) + "╋"
    out = [rule, "┃" + "┃".join(["", "", "", "申请人情况"] + [""] * (len(head) - 1)) + "┃",
           "┃" + "┃".join(["", "", "", *head]) + "┃"]
    for row in apply_rows("2021"):
        nums = [str(n) for n in _row_numbers(v, row, subtotal)]
        if row == "3.7" and short_total:
            nums = nums[:2] + nums[3:] + [""]
        group = GROUPS.get(row, "")
        labels = [ROW_LABELS[row], "", ""] if row in ("1", "2", "3.7", "4") else (
            [group if row == "3.1" else "", ROW_LABELS[row], ""] if row in ("3.1", "3.2") else
            ["", group, ROW_LABELS[row]])
        out.append("┃" + "┃".join(labels + nums) + "┃")
    return [*out, rule]


def test_box_drawn_table_with_short_total_row() -> None:
    v = _values(seed=21)
    got = _parse(_with_apply_table(v, _box_table(v, subtotal=False, short_total=True)))
    assert got["form_version"] == "2021"
    assert {k: got["cells"][k] for k in v.cells if k.startswith("apply/")} == {
        k: x for k, x in v.cells.items() if k.startswith("apply/")}
    assert got["cells"]["apply/3.7/nonprofit"] == v.cells["apply/3.7/nonprofit"] != 0
    assert "apply/3.7/total" in got["inferred"]
    assert [c for c in got["checks"] if not c["ok"]] == []


def test_subtotal_column_places_a_short_total_row_beside_an_arithmetic_error() -> None:
    """A 小计 column is read and never published; the decoder uses it. An arithmetic error in
    another row stays a failed check and does not stop the 总计 row from being placed."""
    v = _values(seed=22)
    table = _box_table(v, subtotal=True, short_total=True)
    i = next(k for k, ln in enumerate(table) if "予以公开" in ln)
    cells = table[i].split("┃")
    cells[-2] = str(int(cells[-2]) + 4)  # 3.1's printed total is off by 4
    table[i] = "┃".join(cells)
    got = _parse(_with_apply_table(v, table))
    for c in COLS:
        assert got["cells"][f"apply/3.7/{c}"] == v.cells[f"apply/3.7/{c}"], c
    assert not any("subtotal" in k for k in got["cells"])
    assert got["cells"]["apply/3.1/total"] == v.cells["apply/3.1/total"] + 4
    failed = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert failed == {("apply_row_total", "3.1"), ("apply_results_total", "total")}


def _dropped_blanks_text(v) -> str:
    """pdfplumber-style text of table 三 with a 小计 column: each row prints only its non-zero
    numbers, separated by single spaces (the blank cells leave no trace)."""
    lines = ["申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他 小计"]
    for row in apply_rows("2021"):
        nums = [str(n) for n in _row_numbers(v, row, subtotal=True) if n]
        lines.append(f"{GROUPS.get(row, '')}{ROW_LABELS[row]} {' '.join(nums)}".strip())
    return _with_apply_table(v, lines)


def _sparse_values(seed: int):
    """A report whose result rows print few organisation numbers (most cells blank): 3.1 an
    enterprise count, 3.4.1 a legal-service count, 3.5.1 an other-organisation count; rows 二
    and 四 print every column; the totals add up."""
    v = _values(seed=seed, zero_col=None)
    rows = apply_rows("2021")
    results = [r for r in rows if r.startswith("3.") and r != "3.7"]
    for row in results:
        for c in ORGS:
            v.cells[f"apply/{row}/{c}"] = 0
    v.cells["apply/3.1/enterprise"], v.cells["apply/3.4.1/legal_service"], v.cells["apply/3.5.1/other_org"] = 7, 3, 5
    for k, c in enumerate(ORGS):
        v.cells[f"apply/2/{c}"], v.cells[f"apply/4/{c}"] = 1 + k % 2, 2 + k
    for c in COLS[:6]:
        v.cells[f"apply/3.7/{c}"] = sum(v.cells[f"apply/{r}/{c}"] for r in results)
        v.cells[f"apply/1/{c}"] = v.cells[f"apply/3.7/{c}"] + v.cells[f"apply/4/{c}"] - v.cells[f"apply/2/{c}"]
    for row in rows:
        v.cells[f"apply/{row}/total"] = sum(v.cells[f"apply/{row}/{c}"] for c in COLS[:6])
    assert all(x >= 0 for k, x in v.cells.items() if k.startswith("apply/"))
    return v


def test_rows_that_drop_their_blank_cells_are_placed_together() -> None:
    """Each short row alone could put its numbers under several columns; together, only one
    combination satisfies the rules (rows 二 and 四 print every column, fixing the 总计 row by
    the balance, which fixes the result rows by the column totals)."""
    for seed in (23, 31):
        v = _sparse_values(seed)
        got = _parse(_dropped_blanks_text(v))
        apply = {k: x for k, x in v.cells.items() if k.startswith("apply/")}
        assert {k: got["cells"][k] or 0 for k in apply} == apply
        assert got["cell_sources"]["apply/3.4.1/legal_service"] == "inferred"
        assert "print as nothing" in got["cell_notes"]["apply/3.4.1/legal_service"]
        assert [c for c in got["checks"] if not c["ok"]] == []


def test_rows_that_drop_their_blank_cells_stay_unplaced_when_readings_differ() -> None:
    """Generated reports with organisation numbers everywhere: several readings satisfy the rules,
    so the short rows stay null (never one reading picked)."""
    for seed in (23, 47):
        v = _values(seed=seed, zero_col=None)
        got = _parse(_dropped_blanks_text(v))
        apply = {k: x for k, x in v.cells.items() if k.startswith("apply/")}
        wrong = {k: (got["cells"][k], x) for k, x in apply.items() if got["cells"][k] not in (None, x)}
        assert wrong == {}
        assert got["cells"]["apply/3.3.1/total"] is None  # a short row of this table
        assert got["cell_sources"]["apply/3.3.1/total"] == "unread"
        assert [c for c in got["checks"] if not c["ok"]] == []


def test_rows_that_drop_their_blank_cells_with_an_arithmetic_error_are_not_placed() -> None:
    v = _sparse_values(23)
    v.cells["apply/3.4.1/total"] += 3
    got = _parse(_dropped_blanks_text(v))
    # no reading satisfies the rules: nothing is placed by them (rows read by position only)
    assert all(got["cell_sources"][k] != "inferred" or "print as nothing" not in got["cell_notes"][k]
               for k in got["cells"])


def test_pipe_rows_wrapped_on_a_narrow_page_are_joined() -> None:
    v = _values(seed=24, zero_col=None)
    text = render(v, "markdown").data.decode("utf-8")
    out = []
    for line in text.splitlines():
        if line.startswith("|") and ("逾期" in line or "结转下年度" in line):
            cut = line.index("|", len(line) // 2)  # wrapped after a border, or before one
            out += [line[:cut + 1], line[cut + 1:].lstrip()] if "逾期不补正" in line else [line[:cut], line[cut:]]
        else:
            out.append(line)
    got = _parse("\n".join(out))
    assert {k: got["cells"][k] for k in v.cells} == v.cells


def test_label_glued_to_its_first_value() -> None:
    v = generate(25, "2019")
    text = render(v, "pdftotext_layout").data.decode("utf-8")
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("行政事业性收费"))
    glued = re.sub(r"(行政事业性收费)\s+", r"\1", line)
    assert "收费" + str(v.cells["active/fee/prev_items"]) in glued
    got = _parse(text.replace(line, glued))
    for c in ("prev_items", "change"):
        assert got["cells"][f"active/fee/{c}"] == v.cells[f"active/fee/{c}"]


def test_review_values_listed_column_by_column_are_not_read_where_rows_do_not_add_up() -> None:
    """pdftotext without -layout may list table 四 in runs between header words, out of the
    table's order: a row that does not add up is not read (never a false failed check)."""
    v = generate(26, "2019")
    text = render(v, "text_lines").data.decode("utf-8")
    head, tail = text.split("四、政府信息公开行政复议、行政诉讼情况", 1)
    body, rest = tail.split("五、", 1)
    rows = [[v.cells[f"review/{r}/{c}"] for c in ("upheld", "corrected", "other", "pending", "total")]
            for r in ("review", "litigation_direct", "litigation_after_review")]
    first = [rows[0][0] + 1, *rows[0][1:]]  # as a scrambled run reads: the row does not add up
    lines = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", *map(str, first),
             "未经复议直接起诉", "复议后起诉", "结果维持", "总计", *map(str, rows[1] + rows[2])]
    got = _parse(head + "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(lines) + "\n五、" + rest)
    assert all(got["cells"][f"review/review/{c}"] is None for c in ("upheld", "total"))
    for r in ("litigation_direct", "litigation_after_review"):
        assert [got["cells"][f"review/{r}/{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == \
            rows[("review", "litigation_direct", "litigation_after_review").index(r)]
    assert not [c for c in got["checks"] if not c["ok"]]
    assert any("do not add up" in w for w in got["warnings"])


def test_table_two_header_with_wrapped_words_is_not_trusted_for_a_short_row() -> None:
    """A header whose column words wrapped past recognition ("本年新" / "制作数量") names fewer
    columns than the form gives the row: a row printing one value is not placed by it."""
    v = generate(27, "2019")
    text = render(v, "markdown").data.decode("utf-8")
    text = text.replace("| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
                        "| 信息内容 | 本年新 | 本年新 | 对外公开总数量 |")
    line = next(ln for ln in text.splitlines() if ln.startswith("| 规范性文件 |"))
    text = text.replace(line, f"| 规范性文件 | {v.cells['active/normative_doc/new_made']} |")
    got = _parse(text)
    assert all(got["cells"][f"active/normative_doc/{c}"] in (None, v.cells[f"active/normative_doc/{c}"])
               for c in ("new_made", "new_published", "total_published"))
    assert got["cells"]["active/normative_doc/total_published"] is None


def test_table_saved_as_text_one_cell_a_line_with_blank_cells_as_spaces() -> None:
    """LibreOffice's and Word's text export of an HTML/Word table: one cell a line, an empty cell a
    line holding only a (no-break) space, an empty line after each row."""
    v = generate(28, "2021")
    text = render(v, "text_lines", blank_zero="—").data.decode("utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln == "":
            continue
        out.append("\xa0" if ln == "—" else ln)
    got = _parse("\n".join(out))
    want = render(v, "text_lines", blank_zero="—").expected["cells"]
    blanks = [k for k, x in want.items() if x is None and k.startswith("apply/")]
    assert blanks  # the fixture prints blank cells
    assert {k: got["cells"][k] for k in want} == want
