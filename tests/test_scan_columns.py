"""Tables printed without vertical rules (parsers.scan_columns): columns found from the values'
positions, a row's values only ever its own line's, in place; no OCR engine needed."""

from __future__ import annotations

from parsers.form_reader import FormReader
from parsers.grid import UNREADABLE
from parsers.rows import Cell, Row
from parsers.scan_columns import Piece, borderless_rows

SIZE = 20
COLS = [520, 600, 680, 760, 840, 920, 1000]  # x centres of the seven value columns of table 三
NAMES = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _line(y: int, label: str | None, values: list[str], conf: float = 0.99, label_x: int = 100) -> list[Piece]:
    out = []
    if label:
        out.append(Piece(label_x, y, label_x + 14 * len(label), y + SIZE, label, 0.99))
    for x, v in zip(COLS, values, strict=False):
        if v:
            w = 10 * len(v)
            out.append(Piece(x - w // 2, y, x + w // 2, y + SIZE, v, conf))
    return out


def _table(rows: list[tuple[str, list[str]]], header: bool = True) -> list[Piece]:
    pieces = []
    if header:
        pieces += [Piece(x - 30, 40, x + 30, 40 + SIZE, n, 0.99) for x, n in zip(COLS, NAMES, strict=True)]
        pieces.append(Piece(200, 40, 240, 40 + SIZE, "项目", 0.99))
    for i, (label, values) in enumerate(rows):
        pieces += _line(100 + 50 * i, label, values)
    return pieces


ROWS = [("一、本年新收政府信息公开申请数量", ["259", "39", "0", "0", "9", "8", "315"]),
        ("二、上年结转政府信息公开申请数量", ["22", "1", "0", "0", "0", "0", "23"]),
        ("（一）予以公开", ["123", "24", "0", "0", "3", "5", "155"]),
        ("（二）部分公开", ["28", "4", "", "0", "1", "0", "33"])]


def _cells(rows):
    return [[c.text for c in r.cells] for r in rows]


def test_a_borderless_table_becomes_grid_rows_with_its_blanks_in_place() -> None:
    blocks, used = borderless_rows(_table(ROWS), SIZE)
    assert len(blocks) == 1
    rows = _cells(blocks[0][1])
    assert rows[0] == ["项目", *NAMES]
    assert rows[1] == ["一、本年新收政府信息公开申请数量", "259", "39", "0", "0", "9", "8", "315"]
    assert rows[4] == ["（二）部分公开", "28", "4", UNREADABLE, "0", "1", "0", "33"]  # nothing in its column: null, not 0
    assert all(r.kind == "html" for r in blocks[0][1])
    assert blocks[0][1][1].cells[1].confidence == 0.99
    read = FormReader().read([Row([Cell("三、收到和处理政府信息公开申请情况")], "line"), *blocks[0][1]])
    got = {(v.row, c): t.value for v in read.rows for c, t in zip(v.cols, v.tokens, strict=False)}
    assert got[("3.2", "natural_person")] == 28 and got[("3.2", "total")] == 33
    assert got[("3.2", "research")] is None
    assert got[("1", "other_org")] == 8


def test_a_value_run_into_the_label_leaves_its_column_unreadable_never_blank() -> None:
    rows = [*ROWS[:3], ("（二）部分公开（区分处理的，只计这一情28", ["", "4", "0", "0", "1", "0", "33"])]
    blocks, _ = borderless_rows(_table(rows), SIZE)
    last = _cells(blocks[0][1])[-1]
    assert last[1] == UNREADABLE and last[2:] == ["4", "0", "0", "1", "0", "33"]


def test_a_line_whose_values_do_not_fit_the_columns_is_not_placed() -> None:
    pieces = _table(ROWS)
    # a fifth row whose last two values ran together into one piece between two columns
    y = 100 + 50 * 4
    pieces += [Piece(100, y, 300, y + SIZE, "3.危及“三安全一稳定”", 0.99)]
    pieces += [Piece(x - 5, y, x + 5, y + SIZE, "1", 0.99) for x in COLS[:5]]
    pieces += [Piece(940, y, 980, y + SIZE, "010", 0.99)]
    blocks, used = borderless_rows(pieces, SIZE)
    assert len(blocks[0][1]) == 5  # the header and the four rows that fit
    assert not any("三安全" in c.text for r in blocks[0][1] for c in r.cells)
    assert all(pieces.index(p) not in used for p in pieces[-7:])


def test_values_of_two_rows_never_make_one_row() -> None:
    pieces = _table(ROWS)
    y = 100 + 50 * 4
    pieces += [Piece(100, y, 300, y + SIZE, "3.危及“三安全一稳定”", 0.99)]
    # values drifting downwards across the line by more than a third of their height
    pieces += [Piece(x - 5, y + 3 * k, x + 5, y + 3 * k + SIZE, "2", 0.99) for k, x in enumerate(COLS)]
    blocks, _ = borderless_rows(pieces, SIZE)
    assert not any("三安全" in c.text for r in blocks[0][1] for c in r.cells)


def test_a_label_wrapped_over_two_lines_beside_its_values_is_one_label() -> None:
    pieces = _table(ROWS[:3])
    y = 100 + 50 * 3 + 10
    pieces += [Piece(100, y - 12, 400, y - 12 + SIZE, "（二）部分公开（区分处理的，只计这一", 0.99),
               Piece(100, y + 12, 300, y + 12 + SIZE, "情形，不计其他情形）", 0.99)]
    pieces += _line(y, None, ["28", "4", "0", "0", "1", "0", "33"])
    blocks, _ = borderless_rows(pieces, SIZE)
    assert _cells(blocks[0][1])[-1] == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                                         "28", "4", "0", "0", "1", "0", "33"]


def test_an_enumerator_before_a_label_is_no_value_column() -> None:
    rows = [("属于国家秘密", ["1", "0", "0", "0", "0", "0", "1"]),
            ("其他法律行政法规禁止公开", ["2", "0", "0", "0", "0", "0", "2"]),
            ("危及“三安全一稳定”", ["3", "0", "0", "0", "0", "0", "3"])]
    pieces = _table([])
    for i, (label, values) in enumerate(rows):
        y = 100 + 50 * i
        pieces += [Piece(100, y, 112, y + SIZE, f"{i + 1}.", 0.99)]
        pieces += _line(y, label, values, label_x=130)
    blocks, _ = borderless_rows(pieces, SIZE)
    rows_out = _cells(blocks[0][1])[1:]
    assert [len(r) for r in rows_out] == [8, 8, 8]
    assert rows_out[1][0] == "2.其他法律行政法规禁止公开" and rows_out[1][1:] == ["2", "0", "0", "0", "0", "0", "2"]


def test_columns_no_header_names_are_read_only_when_every_row_adds_up() -> None:
    """Seven columns of values without a header over them (a table continued from the page before)
    could be any seven of the form's eight (a 小计 column printed, the research column left out):
    they are placed only when every row printing seven numbers adds up across (the form's seven),
    three rows at least; otherwise left as text, never placed."""
    blocks, used = borderless_rows(_table(ROWS, header=False), SIZE)
    assert len(blocks) == 1 and _cells(blocks[0][1])[0] == ["一、本年新收政府信息公开申请数量", *ROWS[0][1]]
    # 小计 printed as a column and 科研机构 left blank in every row: seven columns found, rows break
    subtotal = [(label, [v[0], v[1], v[3], v[4], v[5], str(sum(int(x or 0) for x in v[1:6])), v[6]])
                for label, v in ROWS[:3]]
    blocks, used = borderless_rows(_table(subtotal, header=False), SIZE)
    assert blocks == [] and used == set()


def test_a_header_cut_by_the_page_break_gets_the_forms_outer_names() -> None:
    """自然人 and 总计 printed on the page before (the header's first line there), the five
    organisations named here: the form fixes the outer two, once the rows add up."""
    pieces = [p for p in _table(ROWS) if p.text not in ("自然人", "总计")]
    blocks, _ = borderless_rows(pieces, SIZE)
    assert _cells(blocks[0][1])[0] == ["项目", *NAMES]
    # a row that does not add up: the outer columns stay unnamed and the table is not read
    bad = [*ROWS[:3], ("（二）部分公开", ["28", "4", "1", "0", "1", "0", "99"])]
    pieces = [p for p in _table(bad) if p.text not in ("自然人", "总计")]
    assert borderless_rows(pieces, SIZE)[0] == []


def test_a_small_table_is_read_by_the_names_its_header_prints_over_each_value() -> None:
    """Table 二's sub-tables without vertical rules: each value under one name of the header
    above; a name with nothing under it is unread, and a caption line ends the search for a header."""
    from parsers.scan_columns import headed_rows

    def line(y: int, items: list[tuple[int, str]]) -> list[Piece]:
        return [Piece(x, y, x + 14 * len(t) if not t.isdigit() else x + 10 * len(t), y + SIZE, t, 0.99) for x, t in items]

    pieces = (line(40, [(100, "第二十条第（一）项")])
              + line(90, [(100, "信息内容"), (400, "本年制发件数"), (600, "本年废止件数"), (800, "现行有效件数")])
              + line(140, [(100, "规章"), (400, "25"), (800, "335")])
              + line(190, [(100, "行政规范性文件"), (400, "7"), (600, "4"), (800, "347")])
              + line(240, [(100, "第二十条第（五）项")])
              + line(290, [(100, "行政许可"), (400, "51")]))
    blocks, used = headed_rows(pieces, SIZE, set())
    rows = [_cells(rows) for _, rows in sorted(blocks, key=lambda b: b[0])]
    assert rows == [[["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]],
                    [["规章", "25", UNREADABLE, "335"]], [["行政规范性文件", "7", "4", "347"]]]
    assert all(pieces.index(p) not in used for p in pieces[-2:])  # 行政许可 has no header of its own
    read = FormReader().read([Row([Cell("二、主动公开政府信息情况")], "line"), *[r for _, rs in blocks for r in rs]])
    got = {(v.row, c): t.value for v in read.rows for c, t in zip(v.cols, v.tokens, strict=False)}
    assert got[("normative_doc", "in_force")] == 347 and got[("regulation", "issued")] == 25


def test_two_lines_with_numbers_are_no_table() -> None:
    blocks, used = borderless_rows(_table(ROWS[:2], header=False), SIZE)
    assert blocks == [] and used == set()


def test_only_lines_whose_gutters_line_up_are_kept_in_pieces() -> None:
    from parsers.scan_columns import table_lines

    boxes = []
    for i in range(4):  # four table rows: a label and seven values in the same columns
        y = 100 + 40 * i
        boxes.append((100, y, 380, y + SIZE))
        boxes += [(x - 10, y, x + 10, y + SIZE) for x in COLS]
    for i in range(4):  # prose below: pieces cut at a comma's gap, in no common place
        y = 400 + 40 * i
        cuts = [100, 260 + 37 * i, 500 + 53 * i, 1100]
        boxes += [(a + (14 if k else 0), y, b, y + SIZE) for k, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False))]
    kept = table_lines(boxes, SIZE)
    assert len(kept) == 4 * 8 and all(b[1] < 400 for b in kept)


def test_a_subtotal_column_named_by_the_header_is_read_when_its_rows_add_up() -> None:
    """Eight columns under a header naming 小计 before 总计: read (the form reader carries the 小计),
    only when the organisations make the 小计 and 自然人 and it make 总计 in every row."""
    cols8 = [480, 560, 640, 720, 800, 880, 960, 1040]
    names8 = [*NAMES[:6], "小计", "总计"]

    def table(rows: list[list[str]]) -> list[Piece]:
        pieces = [Piece(x - 30, 40, x + 30, 40 + SIZE, n, 0.99) for x, n in zip(cols8, names8, strict=True)]
        for i, vals in enumerate(rows):
            y = 100 + 50 * i
            pieces.append(Piece(100, y, 380, y + SIZE, ROWS[i][0], 0.99))
            pieces += [Piece(x - 10, y, x + 10, y + SIZE, v, 0.99) for x, v in zip(cols8, vals, strict=True)]
        return pieces

    good = [["259", "39", "0", "0", "9", "8", "56", "315"], ["22", "1", "0", "0", "0", "0", "1", "23"],
            ["123", "24", "0", "0", "3", "5", "32", "155"]]
    blocks, _ = borderless_rows(table(good), SIZE)
    assert _cells(blocks[0][1])[0][1:] == names8 and _cells(blocks[0][1])[1][1:] == good[0]
    bad = [*good[:2], ["123", "24", "0", "0", "3", "5", "33", "155"]]
    assert borderless_rows(table(bad), SIZE)[0] == []
