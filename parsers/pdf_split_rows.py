"""A table row that a page break cut in two, joined again before the row is read.

Why: a word processor (LibreOffice, Word) lets a tall row break across pages. A label wrapped in
a narrow cell ("2.其他法律行" at the foot of one page, "政法规禁止公开" at the head of the next) and a
number wrapped in a narrow value cell ("１４８" / "１") are then two table pieces, each a grid row of
its own: read apart, the first half names a row and the second half names it again (the form
reader cannot place two readings of one row, so the row is lost), or a number loses its last
digits (1481 read 148: a wrong number).

How a cut row is told from a new row, by the page's geometry only (no knowledge of the form):

- the table's piece on one page is the last thing on it and the next page begins with a piece of
  the same table (only page numbers in between; a header repeated on the new page is skipped);
- the cut band's cells line up one for one with the cells of the piece's last band;
- every cell holding text on both sides ends its text on the first page with a *full* line: the
  next page's first characters (one, or those a line break may not separate: "及“三") would not
  fit beside it in the cell, so the line was wrapped there, and at least one cell is such a one;
- such a cell goes on with text of its kind: words after words, digits after digits ("结果维持"
  over a row of numbers moved whole to the next page is a header and its row, not one cell);
- no text on the new page's band opens with a numbering mark ("3." or "（四）" start a row).

A row ending on a short line, or a new row whose label opens with its number, is never joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .grid import Box, grid_rows
from .normalize import split_numbering, squeeze
from .rows import Row

EDGE_TOL = 2.0  # points: the same cell border on two pages
_GROUP_MARK = re.compile(r"^[（(][一二三四五六七八九十][）)]")
_NUMBER_TEXT = re.compile(r"^[+\-−]?[\d,.]+$")
# a page's furniture between two pieces of a table: page numbers (1, - 2 -, 第3页 共4页, 3/4)
_PAGE_MARK = re.compile(r"^[-—–－·]*(?:第\d+页(?:[,，/／]?共\d+页)?|\d+[/／]\d+|\d{1,3})[-—–－·]*$")


@dataclass
class TablePiece:
    """One table's cells on one page (each box with its characters), before they become rows."""

    boxes: list[Box]
    chars: list[list[dict[str, Any]]]  # each box's characters, parallel to ``boxes``
    drop_band: float | None = None  # the top of a band joined into the previous page's piece

    def rows(self) -> list[Row]:
        rows, sources = grid_rows(self.boxes)
        if self.drop_band is None:
            return rows
        return [r for r, src in zip(rows, sources, strict=True)
                if not any(b is not None and abs(b.top - self.drop_band) <= EDGE_TOL for b in src)]


@dataclass
class _Line:
    x0: float
    x1: float
    first_width: float  # the width of the line's first unbreakable unit (see _leading_unit)


# Line breaking keeps some characters together (Unicode line-breaking rules, kinsoku): no break on
# either side of a quotation mark, none after an opening bracket, none before a closing mark or
# punctuation, none inside a run of Latin letters or ASCII digits.
_QUOTES = set("“”‘’\"'「」『』")
_OPENERS = set("（([【《〈{｛〔")
_CLOSERS = set("）)]】》〉}｝〕，。、；：？！,.;:?!·…%％")


def _leading_unit(chars: list[dict[str, Any]]) -> float:
    """The width of the characters a line break cannot separate at the start of a line."""
    x0, x1 = chars[0]["x0"], chars[0]["x1"]
    for prev, ch in zip(chars, chars[1:], strict=False):
        a, b = prev["text"], ch["text"]
        if not (a in _QUOTES or b in _QUOTES or a in _OPENERS or b in _CLOSERS
                or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum())):
            break
        x1 = ch["x1"]
    return x1 - x0


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """A cell's text lines top to bottom: their extent and the width of their first unbreakable unit."""
    if not chars:
        return []
    size = max(1.0, sorted(c["size"] for c in chars)[len(chars) // 2])
    groups: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: c["top"]):
        if groups and abs(ch["top"] - groups[-1][0]["top"]) <= size * 0.5:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    out = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        out.append(_Line(g[0]["x0"], max(c["x1"] for c in g), _leading_unit(g)))
    return out


def _padding(pieces: list[TablePiece]) -> float:
    """The cells' inner margin: the least gap between a cell's left border and its text."""
    gaps = [min(c["x0"] for c in chs) - box.x0 for p in pieces for box, chs in zip(p.boxes, p.chars, strict=True)
            if chs]
    return max(0.0, min(gaps)) if gaps else 0.0


def _wrapped(box: Box, before: list[_Line], after: list[_Line], pad: float) -> bool:
    """Whether the text ending on ``before``'s last line was wrapped there: the next line's first
    characters (those no line break separates) would not have fitted beside it in the cell."""
    inner = box.x1 - box.x0 - 2 * pad
    last = before[-1]
    return (last.x1 - last.x0) + after[0].first_width > inner + 0.5


def _band_tops(boxes: list[Box]) -> list[float]:
    out: list[float] = []
    for t in sorted(b.top for b in boxes):
        if not out or t - out[-1] > EDGE_TOL:
            out.append(t)
    return out


def _texts(rows: list[Row]) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in rows]


def _repeated_header(prev: TablePiece, nxt: TablePiece) -> int:
    """How many leading rows of ``nxt`` repeat ``prev``'s leading rows (a header repeated on a new page)."""
    a, b = _texts(grid_rows(prev.boxes)[0]), _texts(grid_rows(nxt.boxes)[0])
    k = 0
    while k < min(len(a), len(b)) - 1 and a[k] == b[k] and any(t.strip() for t in a[k]):
        k += 1
    return k


def _numeric(text: str) -> bool:
    return bool(_NUMBER_TEXT.match(squeeze(text)))


def _opens_row(text: str) -> bool:
    t = squeeze(text)
    return bool(split_numbering(t)[0] or _GROUP_MARK.match(t))


def join_cut_row(prev: TablePiece, nxt: TablePiece) -> bool:
    """Join ``nxt``'s first band (after a repeated header) into ``prev``'s last band when it is the
    rest of a row the page break cut; True if joined."""
    if not prev.boxes or not nxt.boxes:
        return False
    bottom = max(b.bottom for b in prev.boxes)
    last = [i for i, b in enumerate(prev.boxes) if abs(b.bottom - bottom) <= EDGE_TOL]
    tops = _band_tops(nxt.boxes)
    k = _repeated_header(prev, nxt)
    if k >= len(tops):
        return False
    band = [i for i, b in enumerate(nxt.boxes) if abs(b.top - tops[k]) <= EDGE_TOL]
    if len(band) != len(last) or len(band) < 2:
        return False
    pairs: list[tuple[int, int]] = []
    for j in band:
        bj = nxt.boxes[j]
        match = [i for i in last if abs(prev.boxes[i].x0 - bj.x0) <= EDGE_TOL and abs(prev.boxes[i].x1 - bj.x1) <= EDGE_TOL]
        if len(match) != 1:
            return False
        pairs.append((match[0], j))
    if len({i for i, _ in pairs}) != len(pairs):
        return False
    pad = _padding([prev, nxt])
    wrapped = 0
    for i, j in pairs:
        if not nxt.chars[j]:
            continue
        if _opens_row(nxt.boxes[j].text):
            return False
        if not prev.chars[i]:
            continue
        if _numeric(prev.boxes[i].text) != _numeric(nxt.boxes[j].text):
            return False  # a label is continued by words, a number by digits: "结果维持" + "4" are two rows
        if not _wrapped(prev.boxes[i], _lines(prev.chars[i]), _lines(nxt.chars[j]), pad):
            return False
        wrapped += 1
    if not wrapped:
        return False
    end = tops[k + 1] if k + 1 < len(tops) else max(b.bottom for b in nxt.boxes)
    for i, j in pairs:
        a, b = prev.boxes[i], nxt.boxes[j]
        a.text = a.text + b.text
        if b.bottom > end + EDGE_TOL:
            b.text = a.text  # a merged cell going on down the new page: the rows below inherit it whole
    nxt.drop_band = tops[k]
    return True


def page_furniture(rows: list[Row]) -> bool:
    """Rows that are only a page number (what may sit between two pieces of one table)."""
    return all(_PAGE_MARK.match(squeeze("".join(c.text for c in r.cells))) for r in rows)


def join_across_pages(pages: list[list[tuple[float, TablePiece | list[Row]]] | None]) -> int:
    """Join rows cut by page breaks in pages' blocks (None: a page read otherwise, e.g. by OCR).
    Returns how many rows were joined."""
    joined = 0
    for prev_page, next_page in zip(pages, pages[1:], strict=False):
        if not prev_page or not next_page:
            continue
        prev = _edge_piece(reversed(prev_page))
        nxt = _edge_piece(iter(next_page))
        if prev is not None and nxt is not None and prev is not nxt and join_cut_row(prev, nxt):
            joined += 1
    return joined


def _edge_piece(blocks: Any) -> TablePiece | None:
    """The first table piece met walking ``blocks``, if only page numbers come before it."""
    for _, item in blocks:
        if isinstance(item, TablePiece):
            return item
        if not page_furniture(item):
            return None
    return None

