"""Shapes of table 三 and 二 that the form's structure decodes (issue 14, sets X/Y of session 4):
a 小计 header wrapped two characters a line, a 小计 column no header names, a short 总计 row
beside a printed arithmetic error in another column, a row wrapped by the page, （六）其它 cut
from 处理, a ghost empty column in table 二, a header character drawn over a PDF value cell.

Fixtures are generated reports with varied non-zero numbers (demo.values); every assertion
compares with the generated values.
"""

from __future__ import annotations

from demo.values import generate
from parsers import labels as L
from parsers import parse_document
from parsers.form import APPLY_COLS, apply_rows
from parsers.pdf_doc import _cell_text
from tests.apply_labels import ROW_LABELS, SUBGROUP_LABELS

COLS = APPLY_COLS
ORGS = COLS[1:6]
WRAPPED_HEADER = ["申请人情况", "\t法人或其他组织", "\t自然\t商业\t科研\t社会\t法律\t其他\t小计\t总计",
                  "\t人\t企业\t机构\t公益\t服务", "\t\t\t\t组织\t机构"]


def _values(seed: int, zero_col: str = "research"):
    v = generate(seed, "2021")
    for row in apply_rows("2021"):
        v.cells[f"apply/{row}/total"] -= v.cells[f"apply/{row}/{zero_col}"]
        v.cells[f"apply/{row}/{zero_col}"] = 0
    return v


def _numbers(v, row: str, subtotal: bool = True) -> list[int]:
    nums = [v.cells[f"apply/{row}/{c}"] for c in COLS]
    if subtotal:
        nums.insert(6, sum(v.cells[f"apply/{row}/{c}"] for c in ORGS))
    return nums


def _report(v, table: list[str]) -> str:
    """A plain-text report: table 三 as given, the other tables left out."""
    return "\n".join(["某某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", *table,
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"]) + "\n"


def _tab_rows(v, header: list[str], short_total: bool = True, subtotal: bool = True) -> list[str]:
    out = list(header)
    for row in apply_rows("2021"):
        nums = [str(n) for n in _numbers(v, row, subtotal)]
        if row == "3.7" and short_total:
            nums = nums[:2] + nums[3:]  # the research 0 left out
        label = SUBGROUP_LABELS.get(row, "") + ROW_LABELS[row]
        out.append("\t".join([label, *nums]))
    return out


def _parse(text: str) -> dict:
    return parse_document(text.encode("utf-8"), source="r.txt", content_type="text/plain").to_json()


def _apply(got: dict) -> dict:
    return {k: v for k, v in got["cells"].items() if k.startswith("apply/") and v is not None}


def test_subtotal_header_wrapped_two_characters_a_line() -> None:
    """社会/公益, 法律/服务: the header names the 小计 column only in pieces; the 总计 row prints
    seven numbers for eight columns and is placed with the 小计's help."""
    for seed in (41, 42):
        v = _values(seed)
        got = _parse(_report(v, _tab_rows(v, WRAPPED_HEADER)))
        assert _apply(got) == {k: x for k, x in v.cells.items() if k.startswith("apply/")}
        assert v.cells["apply/3.7/nonprofit"] != 0 or v.cells["apply/3.7/enterprise"] != 0
        assert [c for c in got["checks"] if not c["ok"]] == []
        assert not any("subtotal" in k for k in got["cells"])


def test_subtotal_column_no_header_names_is_found_by_its_numbers() -> None:
    """A header that does not name its 小计 (its words lost): rows of eight numbers whose five
    organisations add up to the seventh, and it and the first to the last, carry one."""
    v = _values(43)
    header = ["申请人情况", "\t自然人\t法人或其他组织\t总计"]
    got = _parse(_report(v, _tab_rows(v, header, short_total=False)))
    assert _apply(got) == {k: x for k, x in v.cells.items() if k.startswith("apply/")}
    assert any("add up with a 小计 column" in w for w in got["warnings"])


def test_eight_numbers_that_do_not_add_up_with_a_subtotal_are_not_read() -> None:
    v = _values(44)
    header = ["申请人情况", "\t自然人\t法人或其他组织\t总计"]
    table = _tab_rows(v, header, short_total=False, subtotal=False)
    i = next(k for k, ln in enumerate(table) if ln.startswith(ROW_LABELS["3.2"]))
    table[i] += "\t9"  # a stray eighth number
    got = _parse(_report(v, table))
    assert "table 三 row 3.2: 8 values for 7 columns; not read" in got["warnings"]
    # the row's cells come only from the other rows, by the column rules, and say so
    for c in COLS:
        assert got["cells"][f"apply/3.2/{c}"] == v.cells[f"apply/3.2/{c}"]
        assert got["cell_notes"][f"apply/3.2/{c}"].startswith("not printed; determined by")
    assert got["cells"]["apply/3.1/total"] == v.cells["apply/3.1/total"]


def test_short_total_row_is_placed_beside_an_error_every_placement_breaks() -> None:
    """3.1's natural-person count is printed 2 too high (its row and column rules fail whatever
    the 总计 row says): the 总计 row, seven numbers for eight columns, is still placed by the
    other rules, and the error stays a failed check."""
    v = _values(45)
    table = _tab_rows(v, WRAPPED_HEADER)
    i = next(k for k, ln in enumerate(table) if ln.startswith(ROW_LABELS["3.1"]))
    parts = table[i].split("\t")
    parts[1] = str(int(parts[1]) + 2)
    table[i] = "\t".join(parts)
    got = _parse(_report(v, table))
    for c in COLS:
        assert got["cells"][f"apply/3.7/{c}"] == v.cells[f"apply/3.7/{c}"], c
    assert got["cells"]["apply/3.1/natural_person"] == v.cells["apply/3.1/natural_person"] + 2
    failed = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert failed == {("apply_row_total", "3.1"), ("apply_results_total", "natural_person")}


def test_row_wrapped_by_the_page_is_joined_with_its_values() -> None:
    """Text laid out as lines (a PDF of a text document): a long label pushes a row's last
    numbers to the next line, which holds numbers only."""
    v = generate(46, "2021")
    lines = ["申请人情况", "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计"]
    for row in apply_rows("2021"):
        nums = [str(n) for n in _numbers(v, row, subtotal=False)]
        label = SUBGROUP_LABELS.get(row, "") + ROW_LABELS[row]
        if row in ("3.6.1", "3.6.2"):
            cut = 1 if row == "3.6.1" else 3
            lines += ["  ".join([label, *nums[:cut]]), "  ".join(nums[cut:])]
        else:
            lines.append("  ".join([label, *nums]))
    got = _parse(_report(v, lines))
    for row in ("3.6.1", "3.6.2", "3.6.3"):
        for c in COLS:
            assert got["cells"][f"apply/{row}/{c}"] == v.cells[f"apply/{row}/{c}"], (row, c)
    assert sum(v.cells[f"apply/3.6.1/{c}"] for c in COLS) > 0


def test_group_label_cut_from_its_last_word_names_row_3_6() -> None:
    assert L.apply_row("（六）其它") == "3.6"
    assert L.apply_row("(六)其他") == "3.6"
    assert L.apply_row("3.其他") == "3.6.3"
    assert L.apply_row("其他") == "3.6.3"


def test_table_two_ghost_column_is_found_across_its_rows() -> None:
    """A pipe table with an empty fourth column: 规章 prints only its total, 规范性文件 all three."""
    v = generate(47, "2019")
    reg = [v.cells[f"active/regulation/{c}"] for c in ("new_made", "new_published", "total_published")]
    doc = [v.cells[f"active/normative_doc/{c}"] for c in ("new_made", "new_published", "total_published")]
    text = "\n".join([
        "某某局2020年政府信息公开工作年度报告", "二、主动公开政府信息情况",
        "|第二十条第（一）项|      |      |   |      |",
        "|信息内容|本年新|本年新|   |对外公|",  # the header wrapped in narrow columns, past recognition
        "|        |制作  |公开数|   |开总数|",
        "|        |数量  |量    |   |量    |",
        f"|规章|      |      |   |{reg[2]}|",
        f"|规范性文件|{doc[0]}|{doc[1]}|   |{doc[2]}|",
        "三、收到和处理政府信息公开申请情况"]) + "\n"
    got = _parse(text)
    assert got["cells"]["active/regulation/total_published"] == reg[2] != 0
    assert got["cells"]["active/regulation/new_made"] in (None, 0)
    assert [got["cells"][f"active/normative_doc/{c}"] for c in ("new_made", "new_published", "total_published")] == doc


def _char(text: str, x0: float, top: float, size: float = 12.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + (size if text > "\u2e80" else size / 2), "top": top,
            "bottom": top + size, "size": size}


def test_header_character_drawn_over_a_pdf_value_is_no_part_of_it() -> None:
    """A narrow column's header, one character a line, runs into the value cell below and draws
    its last character over the number ("维" on "27"); a unit beside a number is kept with it."""
    assert _cell_text([_char("维", 67.3, 113.0), _char("2", 69.5, 114.0), _char("7", 75.5, 114.0)]) == "27"
    assert _cell_text([_char("纠", 99.8, 113.0), _char("／", 99.8, 114.0)]) == "／"
    assert _cell_text([_char("3", 60.0, 100.0), _char("件", 66.0, 100.0)]) == "3件"
    assert _cell_text([_char("行", 60.0, 100.0), _char("政", 72.0, 100.0)]) == "行政"


def _one_a_line(v, order: str = "rows") -> list[str]:
    """Table 三 as plain pdftotext prints a table: one cell a line, each label broken in two around
    its row's first value; ``order="columns"`` lists the values column by column instead."""
    rows = apply_rows("2021")
    out = ["申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    if order == "columns":
        out += [SUBGROUP_LABELS.get(r, "") + ROW_LABELS[r] for r in rows]
        out += [str(v.cells[f"apply/{r}/{c}"]) for c in COLS for r in rows]
        return out
    for r in rows:
        label = SUBGROUP_LABELS.get(r, "") + ROW_LABELS[r]
        nums = [str(v.cells[f"apply/{r}/{c}"]) for c in COLS]
        out += [label[: len(label) // 2 + 1], nums[0], label[len(label) // 2 + 1:], *nums[1:]]
    return out


def test_table_printed_one_cell_a_line_is_read_row_after_row() -> None:
    for seed in (48, 49):
        v = generate(seed, "2021")
        got = _parse(_report(v, _one_a_line(v)))
        assert _apply(got) == {k: x for k, x in v.cells.items() if k.startswith("apply/")}
        assert "apply/3.4.1/total" in got["inferred"]  # read with the form's help, and said so
        assert [c for c in got["checks"] if not c["ok"]] == []


def test_table_printed_column_by_column_is_not_read_as_rows() -> None:
    v = generate(50, "2021")
    got = _parse(_report(v, _one_a_line(v, order="columns")))
    wrong = {k: x for k, x in _apply(got).items() if x != v.cells[k]}
    assert wrong == {}
    assert len(_apply(got)) < 20


def test_table_two_value_printed_a_line_above_its_label() -> None:
    """pdftotext -layout of a row whose label is centred in a taller row: the first value, aligned
    to the cell's top, comes a line above the label and the other values."""
    v = generate(51, "2019")
    reg = [v.cells[f"active/regulation/{c}"] for c in ("new_made", "new_published", "total_published")]
    lic = [v.cells[f"active/license/{c}"] for c in ("prev_items", "change", "decisions")]
    svc = [v.cells[f"active/other_service/{c}"] for c in ("prev_items", "change", "decisions")]
    text = "\n".join([
        "某某局2020年政府信息公开工作年度报告", "  二、主动公开政府信息情况", "第二十条第（一）项", "",
        "信息内容          本年新制作数量   本年新公开数量   对外公开总数量",
        f"{reg[0]:>20}",
        f"规章              {'':>14}   {reg[1]:>14}   {reg[2]:>14}", "",
        "第二十条第（五）项", "",
        "信息内容          上一年项目数量   本年增/减        处理决定数量",
        f"行政许可          {lic[0]:>14}   {lic[1]:>14}   {lic[2]:>14}",
        f"{svc[0]:>20}",
        f"其他对外管理服务事项{'':>12}   {svc[1]:>14}   {svc[2]:>14}", "",
        "     三、收到和处理政府信息公开申请情况"]) + "\n"
    got = _parse(text)
    assert [got["cells"][f"active/regulation/{c}"] for c in ("new_made", "new_published", "total_published")] == reg
    assert [got["cells"][f"active/other_service/{c}"] for c in ("prev_items", "change", "decisions")] == svc
    assert [got["cells"][f"active/license/{c}"] for c in ("prev_items", "change", "decisions")] == lic
    assert "active/regulation/new_made" in got["inferred"]


def test_values_printed_one_a_line_are_never_joined_to_the_row_above() -> None:
    """A row printing its first number beside its label and the next numbers one a line (a table
    flattened by a PDF tool): those lines may be any cells of the table, so they are not taken as the
    row's wrapped end; nothing read is wrong."""
    v = _values(52)
    table = _tab_rows(v, WRAPPED_HEADER, short_total=False)
    i = next(k for k, ln in enumerate(table) if ROW_LABELS["3.3.1"] in ln)
    label, *nums = table[i].split("\t")
    table[i:i + 1] = ["\t".join([label, nums[0]]), *reversed(nums[1:])]
    got = _parse(_report(v, table))
    wrong = {k: x for k, x in _apply(got).items() if x != v.cells[k]}
    assert wrong == {}
    assert not any("wrapped" in w for w in got["warnings"])


def test_table_two_raised_value_of_a_middle_column_is_not_taken_as_the_first() -> None:
    """The raised value sits over the second column (right of the row's first value by characters,
    though not by display width past a long label): it is not the row's first; nothing is wrong."""
    v = generate(53, "2019")
    svc = [v.cells[f"active/other_service/{c}"] for c in ("prev_items", "change", "decisions")]
    lic = [v.cells[f"active/license/{c}"] for c in ("prev_items", "change", "decisions")]
    text = "\n".join([
        "某某局2020年政府信息公开工作年度报告", "  二、主动公开政府信息情况", "第二十条第（五）项", "",
        "信息内容         上一年项目数量   本年增/减   处理决定数量",
        f"行政许可         {lic[0]:<8}   {lic[1]:<8}   {lic[2]}",
        f"{'':21}{svc[1]}",
        f"其他对外管理服务事项   {svc[0]:<16}   {svc[2]}", "",
        "     三、收到和处理政府信息公开申请情况"]) + "\n"
    got = _parse(text)
    read = {c: got["cells"][f"active/other_service/{c}"] for c in ("prev_items", "change", "decisions")}
    assert all(x is None for x in read.values()), read
    assert [got["cells"][f"active/license/{c}"] for c in ("prev_items", "change", "decisions")] == lic



def _html_left_filled(v, subtotal: bool) -> str:
    """Table 三 as an HTML table whose 总计 and 四、结转 rows print one number fewer (the research 0
    left out) with their cells filled from the left: the last cell of the row is empty."""
    width = len(COLS) + (1 if subtotal else 0)
    head = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", *(["小计"] if subtotal else []), "总计"]
    rows = ["<tr><td>申请人情况</td>" + "".join(f"<td>{h}</td>" for h in head) + "</tr>"]
    for row in apply_rows("2021"):
        nums = [str(n) for n in _numbers(v, row, subtotal)]
        if row in ("3.7", "4"):
            nums = nums[:2] + nums[3:] + [""]  # research 0 left out, cells filled from the left
        assert len(nums) == width
        label = SUBGROUP_LABELS.get(row, "") + ROW_LABELS[row]
        rows.append(f"<tr><td>{label}</td>" + "".join(f"<td>{n}</td>" for n in nums) + "</tr>")
    body = "".join(f"<p>{t}</p>" for t in ["某某局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"])
    tail = "".join(f"<p>{t}</p>" for t in ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"])
    return f"<html><body>{body}<table>{''.join(rows)}</table>{tail}</body></html>"


def test_short_rows_filled_from_the_left_are_placed_by_the_rules_not_by_position() -> None:
    """A 总计 row and a 四、结转 row each printing one number fewer, written into the table's cells
    from the left (the total cell left empty): read by position every number after the gap would
    slide one column left. Their numbers add up only as short rows; the rules place them."""
    for seed, subtotal in ((46, False), (47, True)):
        v = _values(seed)
        assert v.cells["apply/3.7/nonprofit"] != v.cells["apply/3.7/legal_service"]
        html = _html_left_filled(v, subtotal)
        got = parse_document(html.encode("utf-8"), source="r.html", content_type="text/html").to_json()
        want = {k: x for k, x in v.cells.items() if k.startswith(("apply/3.7/", "apply/4/"))}
        assert {k: got["cells"].get(k) for k in want} == want
        assert [c for c in got["checks"] if not c["ok"]] == []


def test_short_row_is_not_placed_under_columns_the_complete_rows_do_not_show() -> None:
    """A PDF opened in a word processor and saved as DOCX: each row's values start right after its
    label, so their edges wander from row to row. Such edges show no columns; a row printing one
    number fewer (5 5 3 0 4 17 for 5 5 3 0 4 0 17) is left to the rules, not slid under them."""
    from parsers.form_reader import FormReader, ValueRow
    from parsers.normalize import Token

    reader = FormReader()
    for start in (7, 9, 12, 12, 12, 12, 15, 17, 17, 20):
        reader.apply_edges.append([(None, start + 3 * i) for i in range(len(COLS))])
    nums = [5, 5, 3, 0, 4, 17]
    xs = [(None, 14 + 3 * i) for i in range(5)] + [(None, 30)]
    row = ValueRow("apply", "4", [Token("num", str(n), n) for n in nums], COLS, False, xs)
    reader.out.rows.append(row)
    reader._place_by_columns()
    assert not row.exact and [t.value for t in row.tokens] == nums


def test_numbers_wrapped_inside_their_cells_are_never_read_as_smaller_numbers() -> None:
    """A narrow cell wraps 156 as 15 over 6: the row line prints 15 … 1xx cut the same way, and the
    cut ends stand on a line of their own under no label. The row's numbers do not add up; it is
    not read as the smaller numbers (the rules may still determine its cells)."""
    for seed in (49, 50):
        v = _values(seed)
        table = _tab_rows(v, ["申请人情况", "\t自然人\t法人或其他组织\t总计"], short_total=False, subtotal=False)
        i = next(k for k, ln in enumerate(table) if ln.startswith(ROW_LABELS["1"]))
        parts = table[i].split("\t")
        np_, total = parts[1], parts[-1]
        assert len(np_) >= 2 and len(total) >= 2 and int(np_[:-1]) != 0
        parts[1], parts[-1] = np_[:-1], total[:-1]
        table[i:i + 1] = ["\t".join(parts), "\t" + np_[-1] + "\t" + total[-1]]
        got = _parse(_report(v, table))
        for c in COLS:
            assert got["cells"].get(f"apply/1/{c}") in (None, v.cells[f"apply/1/{c}"]), c
        assert got["cells"].get("apply/1/natural_person") != int(np_[:-1])


def test_row_mark_on_the_number_line_is_not_joined_to_the_label_end_above() -> None:
    """pdftotext -layout of a wrapped label: "三、 （一） 904 …", "本年 予以公开", "度办 （二） 366 …",
    "部分公开 …". The line printing （二） starts row 3.2; the "予以公开" above it ends 3.1's label
    and must not name the （二） row 3.1 (its numbers would slide a row up)."""
    for seed in (51, 52):
        v = _values(seed)
        table = _tab_rows(v, ["申请人情况", "\t自然人\t法人或其他组织\t总计"], short_total=False, subtotal=False)
        for row, tail, head in (("3.1", "予以公开", "三、"), ("3.2", "部分公开（区分处理的，只计这一情形）", "度办")):
            i = next(k for k, ln in enumerate(table) if ln.startswith(ROW_LABELS[row]))
            nums = table[i].split("\t")[1:]
            table[i:i + 1] = [f"{head}  {ROW_LABELS[row][:3]}   " + "  ".join(nums), f"本年      {tail}"]
        got = _parse(_report(v, table))
        for row in ("3.1", "3.2"):
            for c in COLS:
                assert got["cells"].get(f"apply/{row}/{c}") == v.cells[f"apply/{row}/{c}"], (row, c)


def test_group_and_bracketed_number_on_a_row_name_it_over_a_blank_row_label_above() -> None:
    """Space-aligned text: "(5)要求行政机关确认或重新出具  ／ … ／" (a row of blanks), "已获取信息",
    then "（六）其他处理 (1)申请人无正  3 … 3". The row of blanks is passed over; its numbered label
    above must not name the （六）(1) row 3.5.5 (its numbers would slide a row up)."""
    for seed in (53, 54):
        v = _values(seed)
        table = _tab_rows(v, ["申请人情况", "\t自然人\t法人或其他组织\t总计"], short_total=False, subtotal=False)
        i = next(k for k, ln in enumerate(table) if ln.startswith(ROW_LABELS["3.5.5"]))
        table[i:i + 1] = ["(5)要求行政机关确认或重新出具    " + "   ".join(["／"] * len(COLS)), "  已获取信息"]
        i = next(k for k, ln in enumerate(table) if ROW_LABELS["3.6.1"] in ln)
        nums = table[i].split("\t")[1:]
        table[i:i + 1] = ["（六）其他处理 (1)申请人无正    " + "   ".join(nums), "  当理由逾期不补正、行政机关不再处理"]
        got = _parse(_report(v, table))
        for c in COLS:
            assert got["cells"].get(f"apply/3.6.1/{c}") == v.cells[f"apply/3.6.1/{c}"], c
            # the row of blanks: null, or what the rules determine, never the （六）(1) row's numbers
            assert got["cells"].get(f"apply/3.5.5/{c}") in (None, 0, v.cells[f"apply/3.5.5/{c}"]), c
