"""Positioned table cells (PDF ruling-line cells, OCR'd cells) → grid rows like HTML's.

Why one function for both: a PDF page and a scanned page give the same thing, boxes that each
enclose one table cell (a merged cell is one bigger box). Turning them into rows the way
:mod:`parsers.html_doc` turns ``<td rowspan colspan>`` into rows keeps the form reader's
conventions: a box that spans several rows is a value or label in its first row only and an
*inherited* cell (context, never a value) in the rows below; a box that spans columns is one
cell, so a merged value is counted once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rows import Cell, Row

UNREADABLE = "\ufffd"  # a cell the OCR could not read with confidence: never a number, never a label


@dataclass(slots=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    confidence: float | None = None  # OCR's confidence in ``text``; None for a text layer


def _bands(tops: list[float], tol: float) -> list[float]:
    """The distinct row tops, boxes whose tops differ by at most ``tol`` sharing one."""
    out: list[float] = []
    for t in sorted(tops):
        if not out or t - out[-1] > tol:
            out.append(t)
    return out


def grid_rows(boxes: list[Box], tol: float = 2.0) -> tuple[list[Row], list[list[Box | None]]]:
    """Grid rows of one table, and for each row the box behind each cell (None for an inherited one)."""
    rows: list[Row] = []
    sources: list[list[Box | None]] = []
    for top in _bands([b.top for b in boxes], tol):
        placed: list[tuple[float, Cell, Box | None]] = []
        for b in boxes:
            if abs(b.top - top) <= tol:
                placed.append((b.x0, Cell(b.text), b))
            elif b.top < top - tol and b.bottom > top + tol:
                placed.append((b.x0, Cell(b.text, inherited=True), None))
        placed.sort(key=lambda p: p[0])
        rows.append(Row([c for _, c, _ in placed], "html"))
        sources.append([b for _, _, b in placed])
    return rows, sources


def join_lines(pieces: list[tuple[float, float, float, str]], size: float) -> list[tuple[float, str]]:
    """(top, x0, x1, text) pieces of text about ``size`` high → lines in reading order, with spaces for gaps.

    A gap wider than about two characters becomes two spaces, so a line of columns aligned by
    position reads as delimited text (``text_doc``), and a prose line stays one paragraph.
    """
    line_tol = size * 0.5
    pieces = sorted(pieces)
    lines: list[list[tuple[float, float, float, str]]] = []
    for p in pieces:
        if lines and abs(p[0] - lines[-1][0][0]) <= line_tol:
            lines[-1].append(p)
        else:
            lines.append([p])
    out: list[tuple[float, str]] = []
    for line in lines:
        line.sort(key=lambda p: p[1])
        parts: list[str] = []
        prev_x1: float | None = None
        for _, x0, x1, text in line:
            if prev_x1 is not None:
                gap = x0 - prev_x1
                if gap > 1.5 * size:
                    parts.append("  ")
                elif gap > 0.3 * size:
                    parts.append(" ")
            parts.append(text)
            prev_x1 = x1
        out.append((line[0][0], "".join(parts)))
    return out
