"""XLSX (openpyxl) and XLS (xlrd) → grid rows, merged ranges as HTML's rowspans and colspans.

Why the merges matter: a spreadsheet stores a merged range's value in its top-left cell and
leaves the rest empty. Read naively, a label merged over three rows leaves two unlabelled rows,
and a value merged over three columns leaves two empty cells that look like published blanks.
So a range's covered cells are dropped in its first row (one cell, one value) and become
*inherited* copies of its text in the rows below, exactly as :mod:`parsers.html_doc` does.
Every sheet is read in order; numbers print as the shortest text that reads back the same.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from .limits import check_zip
from .rows import Cell, Document, Row, UnreadableDocument

# A sheet whose rows × columns pass this is not an annual report (its cells were counted before
# openpyxl read it: :data:`parsers.limits.XLSX_CELLS`; this bounds the grid they span).
MAX_CELLS = 2_000_000
Merge = tuple[int, int, int, int]  # first row, last row, first col, last col (0-based, inclusive)


def _value_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    return str(v).replace("\xa0", " ").strip()


def sheet_rows(values: list[list[Any]], merges: Iterable[Merge]) -> list[Row]:
    """A sheet's non-empty rows as grid rows, given its cell values and merged ranges."""
    origin: dict[tuple[int, int], Merge] = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # cell → origin cell of its range
    for m in merges:
        r0, r1, c0, c1 = m
        origin[(r0, c0)] = m
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = (r0, c0)
    width = max((len(r) for r in values), default=0)
    # Columns right of the last one that ever holds anything are formatting, not table.
    used = [c for c in range(width) if any(c < len(r) and _value_text(r[c]) for r in values)]
    last = max(used, default=-1)
    rows: list[Row] = []
    for r, row in enumerate(values):
        cells: list[Cell] = []
        for c in range(last + 1):
            if (r, c) in covered:
                r0, c0 = covered[(r, c)]
                if r0 < r and c == c0:
                    cells.append(Cell(_value_text(values[r0][c0]), inherited=True))
                continue
            cells.append(Cell(_value_text(row[c]) if c < len(row) else ""))
        if any(cell.text for cell in cells if not cell.inherited):
            filled = len(cells)
            while filled and not cells[filled - 1].text and not cells[filled - 1].inherited:
                filled -= 1
            # A sheet keeps positions: empty cells up to the table's last column are blank cells
            # (a row whose last values are blank keeps them), not formatting to strip.
            rows.append(Row(cells, "html") if filled > 1 else Row.line(cells[0].text))
    return rows


def _document(sheets: list[tuple[str, list[Row]]], title: str | None, meta: dict[str, str]) -> Document:
    rows = [r for _, sheet in sheets for r in sheet]
    if not rows:
        raise UnreadableDocument("the spreadsheet is empty")
    text = "\n".join("\t".join(c.text for c in r.cells if not c.inherited) for r in rows)
    return Document(rows=rows, meta=meta, title=title, text=text, page_text=text)


def read_xlsx(data: bytes, content_type: str | None = None, url: str | None = None) -> Document:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise UnreadableDocument("an XLSX document needs openpyxl: pip install openpyxl") from exc
    check_zip(data, count_cells=True)  # real inflated sizes and cell count, before openpyxl builds a cell
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)  # cached formula results, not formulas
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise UnreadableDocument(f"broken XLSX: {type(exc).__name__}: {str(exc)[:120]}") from exc
    sheets: list[tuple[str, list[Row]]] = []
    for ws in wb.worksheets:
        if (ws.max_row or 0) * (ws.max_column or 0) > MAX_CELLS:
            raise UnreadableDocument(f"the spreadsheet has more than {MAX_CELLS} cells; not a report")
        values = [list(r) for r in ws.iter_rows(values_only=True)]
        merges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        sheets.append((ws.title, sheet_rows(values, merges)))
    props = wb.properties
    meta = {k: str(v) for k, v in (("title", props.title), ("creator", props.creator),
                                   ("created", props.created), ("modified", props.modified)) if v}
    return _document(sheets, props.title, meta)


def read_xls(data: bytes, content_type: str | None = None, url: str | None = None) -> Document:
    try:
        import xlrd
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise UnreadableDocument("an XLS document needs xlrd: pip install xlrd") from exc
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except Exception as exc:  # xlrd raises many kinds on a broken file
        raise UnreadableDocument(f"broken XLS: {type(exc).__name__}: {str(exc)[:120]}") from exc
    sheets: list[tuple[str, list[Row]]] = []
    for sh in book.sheets():
        if sh.nrows * sh.ncols > MAX_CELLS:
            raise UnreadableDocument(f"the spreadsheet has more than {MAX_CELLS} cells; not a report")
        values = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        row.append(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                else:
                    row.append(cell.value)
            values.append(row)
        merges = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]  # xlrd's ends are exclusive
        sheets.append((sh.name, sheet_rows(values, merges)))
    return _document(sheets, None, {})
