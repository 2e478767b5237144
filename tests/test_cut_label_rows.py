"""Table 三 rows whose label wraps in a narrow cell that a PDF's ruling (LibreOffice) cut into two
grid rows, tab-separated rows printing zeros as nothing, and numbers running past a narrow cell's
border: each row is read in its place, never null and never a wrong number."""

from __future__ import annotations

import random
import re

import pytest

from parsers import parse_document
from parsers.pdf_doc import _overflowing
from scripts import gen_layouts as G

COLS = ["natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total"]


def _cut(html: str, label: str, at: int, values_on: str) -> str:
    """The table row of ``label`` cut into two rows after ``at`` characters of its label; the values
    on the first row (``top``) or on the second (``center``), the other row's value cells empty."""
    i = html.find(label)
    a, b = html.rfind("<tr", 0, i), html.find("</tr>", i) + 5
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html[a:b])
    k = next(j for j, x in enumerate(cells) if label in x)
    vals = cells[k + 1:]
    empty = [""] * len(vals)
    first, second = (vals, empty) if values_on == "top" else (empty, vals)
    row1 = "".join(f"<td>{x}</td>" for x in [*cells[:k], cells[k][:at], *first])
    row2 = "".join(f"<td>{x}</td>" for x in [*[""] * k, cells[k][at:], *second])
    return html[:a] + f"<tr>{row1}</tr><tr>{row2}</tr>" + html[b:]


@pytest.mark.parametrize("values_on", ["top", "center"])
@pytest.mark.parametrize("seed", [3, 7])
def test_a_label_cut_into_two_grid_rows_reads_its_values_once(seed, values_on):
    html, _, cells, _, q = G.make(random.Random(seed), "html", "2021")
    # varied numbers in the rows cut (the generator's own may all be 0)
    for row, vals in (("3.3.2", [4, 0, 2, 0, 1, 3]), ("3.4.2", [6, 1, 0, 0, 0, 2])):
        old = [cells[f"apply/{row}/{c}"] for c in COLS]
        label = {"3.3.2": "其他法律行政法规禁止公开", "3.4.2": "没有现成信息需要另行制作"}[row]
        i = html.find(label)
        a, b = html.rfind("<tr", 0, i), html.find("</tr>", i) + 5
        tds = re.findall(r"<td[^>]*>.*?</td>", html[a:b])
        new = [*vals, sum(vals)]
        tds[-7:] = [f"<td>{v}</td>" for v in new]
        html = html[:a] + "<tr>" + "".join(tds) + "</tr>" + html[b:]
        for c, o, n in zip(COLS, old, new, strict=True):
            cells[f"apply/{row}/{c}"] = n
            for agg in (f"apply/3.7/{c}",):
                cells[agg] += n - o
    # keep table 三's column and row totals true: 3.7 above, 1 (new) takes the difference
    for c in COLS:
        cells[f"apply/1/{c}"] = cells[f"apply/3.7/{c}"] + cells[f"apply/4/{c}"] - cells[f"apply/2/{c}"]
    for row in ("1", "3.7"):
        i = html.find({"1": "本年新收", "3.7": "（七）总计"}[row])
        a, b = html.rfind("<tr", 0, i), html.find("</tr>", i) + 5
        tds = re.findall(r"<td[^>]*>.*?</td>", html[a:b])
        tds[-7:] = [f"<td>{cells[f'apply/{row}/{c}']}</td>" for c in COLS]
        html = html[:a] + "<tr>" + "".join(tds) + "</tr>" + html[b:]
    html = _cut(html, "其他法律行政法规禁止公开", 5, values_on)
    html = _cut(html, "没有现成信息需要另行制作", 6, values_on)
    report = parse_document(html.encode(), source="report.html")
    for row in ("3.3.2", "3.4.2", "3.3.3"):
        assert [report.cells.get(f"apply/{row}/{c}") for c in COLS] == [cells[f"apply/{row}/{c}"] for c in COLS], row
    assert not [w for w in report.warnings if "cannot be placed" in w]


@pytest.mark.parametrize("seed", [29, 38])
def test_tab_separated_rows_printing_zeros_as_nothing_are_read_from_the_right(seed):
    text, _, cells, _, q = G.make(random.Random(seed), "tabs", "2021")
    assert q["zero_mark"] == ""  # zeros printed as nothing: a row's empty fields are its blank cells
    report = parse_document(text.encode(), source="report.txt")
    apply = {cid: v for cid, v in cells.items() if cid.startswith("apply/")}
    wrong = {cid: (report.cells.get(cid), v) for cid, v in apply.items()
             if report.cells.get(cid) is not None and report.cells.get(cid) != v}
    missed = [cid for cid, v in apply.items() if v and report.cells.get(cid) is None]
    assert not wrong and not missed
    # rows whose only numbers sit in the middle columns are read where they are printed
    middle = [r for r in ("1", "2", "4", "3.1", "3.2", "3.3.1", "3.3.2", "3.4.1", "3.5.1")
              if not apply[f"apply/{r}/natural_person"] and apply[f"apply/{r}/total"]]
    assert middle
    for r in middle:
        assert [report.cells.get(f"apply/{r}/{c}") or 0 for c in COLS] == [apply[f"apply/{r}/{c}"] for c in COLS]


def _glyph(text: str, x0: float, top: float = 100.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 7.0, "top": top, "bottom": top + 11, "size": 10.5}


def test_a_number_running_past_its_cells_border_keeps_its_last_digits():
    chars = [_glyph(d, 589.0 + 7 * i) for i, d in enumerate("1211")] + [_glyph("8", 589.0, top=140.0)]
    members = {0: chars[:3]}  # "121" inside the cell; the last "1" past the table's edge
    taken = {0, 1, 2}
    _overflowing(chars, members, taken, 90.0, 200.0)
    assert "".join(c["text"] for c in members[0]) == "1211"
    assert 4 not in taken  # a glyph touching no cell's text stays outside
