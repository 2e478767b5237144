"""Table rows a page break cut in two (LibreOffice PDFs of Word reports with narrow label columns),
and table 三's organisation columns from a header printed one name a line (a Word table saved as
text): every cell read, none wrong.

The PDFs in tests/files/page_cut were made by scripts/gen_office_set.py's typesetting (a
gen_layouts report, label column 12–14 mm, paragraphs before table 三 moving its page breaks) and
LibreOffice 7: ``row1_number_cut`` cuts row 一 and its total １４８１ (１４８ at the foot of a page,
１ at the head of the next; read 148 before), ``group_label_cut`` cuts the merged 三、本年度办理结果 /
（三）不予公开 labels and 1.属于国家秘密 (the row was lost), ``quote_unit_cut`` wraps 3.危 / 及“三安全一稳定”
(a line break never separates 及“三), ``review_row_moved`` moves table 四's value row whole to the
next page under a header wrapped a character a line (a header and its values, never one cell).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import parse_document
from parsers.grid import Box
from parsers.pdf_split_rows import TablePiece, join_cut_row, page_furniture
from parsers.rows import Row

FILES = Path(__file__).parent / "files" / "page_cut"
EXPECTED = json.loads((FILES / "expected.json").read_text(encoding="utf-8"))


def _parse(name: str) -> dict:
    path = next(FILES.glob(f"{name}.*"))
    return parse_document(path.read_bytes(), source=str(path)).to_json()


@pytest.mark.parametrize("name", ["row1_number_cut", "group_label_cut", "quote_unit_cut", "review_row_moved",
                                  "names_one_a_line"])
def test_every_cell_of_a_report_cut_by_page_breaks_is_read(name):
    got = _parse(name)
    want = EXPECTED[name]
    wrong = {cid: (v, got["cells"].get(cid)) for cid, v in want.items() if got["cells"].get(cid) != v}
    assert wrong == {}
    assert not [c for c in got["checks"] if not c["ok"]]


def test_a_number_cut_by_a_page_break_keeps_its_last_digit():
    got = _parse("row1_number_cut")
    assert got["cells"]["apply/1/total"] == 1481  # １４８ / １: never 148
    assert got["cells"]["apply/1/natural_person"] == 1419
    assert any("cut by a page break" in w for w in got["warnings"])


def test_a_row_cut_inside_merged_group_labels_is_read_in_its_place():
    cells = _parse("group_label_cut")["cells"]
    assert [cells[f"apply/3.3.1/{c}"] for c in ("natural_person", "legal_service", "total")] == [0, 1, 1]
    assert cells["apply/3.3.2/natural_person"] == 61 and cells["apply/3.3.2/total"] == 61


def test_a_whole_name_a_line_header_gives_the_columns_order():
    """商业企业 / 科研机构 / 社会公益组织 / 其他 / 法律服务机构, one a line: 其他 is the fourth column."""
    cells = _parse("names_one_a_line")["cells"]
    assert cells["apply/1/other_org"] == 11 and cells["apply/1/legal_service"] == 0
    assert cells["apply/2/enterprise"] == 5 and cells["apply/2/other_org"] == 3 and cells["apply/2/legal_service"] == 0


# ── the join itself, on boxes ───────────────────────────────────────────────────────────────────
def _chars(text: str, x0: float, top: float, width: float = 10.0, per_line: int = 3) -> list[dict]:
    out = []
    for i, ch in enumerate(text):
        line, col = divmod(i, per_line)
        w = width if not ch.isascii() else width / 2
        out.append({"text": ch, "x0": x0 + 4 + col * width, "x1": x0 + 4 + col * width + w,
                    "top": top + 2 + line * 12, "bottom": top + 12 + line * 12, "size": 10.0})
    return out


def _piece(rows: list[list[str]], top: float, widths: tuple[float, ...] = (38.0, 30.0, 30.0)) -> TablePiece:
    boxes, chars = [], []
    y = top
    for row in rows:
        x = 50.0
        height = 12.0 * max(1, max(-(-len(t) // 3) for t in row)) + 4
        for text, w in zip(row, widths, strict=True):
            boxes.append(Box(x, y, x + w, y + height, text))
            chars.append(_chars(text, x, y) if text else [])
            x += w
        y += height
    return TablePiece(boxes, chars)


def _texts(piece: TablePiece) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in piece.rows()]


def test_a_label_wrapped_full_and_cut_is_joined():
    prev = _piece([["1.属于国家秘密", "3", "3"], ["2.其他法律", "4", "4"]], 600)  # 2.其 / 他法律: full
    nxt = _piece([["行政法规禁止公开", "", ""], ["3.危及", "5", "5"]], 72)
    assert join_cut_row(prev, nxt)
    assert _texts(prev)[-1] == ["2.其他法律行政法规禁止公开", "4", "4"]
    assert _texts(nxt) == [["3.危及", "5", "5"]]


def test_a_header_repeated_on_the_new_page_is_passed_over():
    head = ["项目", "自然人", "总计"]
    prev = _piece([head, ["2.其他法律", "4", "4"]], 600)
    nxt = _piece([head, ["行政法规禁止公开", "", ""], ["3.危及", "5", "5"]], 72)
    assert join_cut_row(prev, nxt)
    assert _texts(prev)[-1][0] == "2.其他法律行政法规禁止公开"
    assert _texts(nxt) == [head, ["3.危及", "5", "5"]]


@pytest.mark.parametrize("prev_rows, next_rows", [
    ([["1.属于国家", "3", "3"]], [["2.其他法律行政", "", ""]]),   # the next row opens with its number
    ([["2.重复", "", ""]], [["申请", "4", "4"]]),                  # "2.重复" ends on a short line
    ([["结果维持总计", "", ""]], [["9", "4", "4"]]),  # words (two full lines) over a row of numbers
])
def test_a_new_row_on_the_next_page_is_never_joined(prev_rows, next_rows):
    prev, nxt = _piece(prev_rows, 600), _piece(next_rows, 72)
    before = (_texts(prev), _texts(nxt))
    assert not join_cut_row(prev, nxt)
    assert (_texts(prev), _texts(nxt)) == before


def test_only_page_numbers_may_sit_between_the_two_pieces():
    assert page_furniture([Row.line("- 3 -")]) and page_furniture([Row.line("第2页 共4页")])
    assert not page_furniture([Row.line("四、结转下年度继续办理")])
