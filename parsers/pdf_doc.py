"""PDF → rows from the page geometry: ruling lines make the cells, characters fill them.

Why geometry and not ``pdftotext``: flattened text loses which column a number sat in, a
wrapped label becomes two lines, and an empty cell disappears. pdfplumber (MIT) gives the ruling
lines and every character's box; its table finder turns the lines into cells (a merged cell is
one cell), and :func:`parsers.grid.grid_rows` makes them HTML-like grid rows. A table broken
across pages is simply two tables, its repeated header rows label-only rows the form reader
already skips. Text outside tables becomes one row per line (or delimited text where columns are
aligned by position without ruling lines).

A page with no text layer (a scan) or whose fonts have no Unicode map (``(cid:NN)`` garbage) is
read by OCR (:mod:`parsers.ocr_doc`) instead.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
from typing import Any

from .grid import Box, join_lines
from .limits import OCR_PAGES, PDF_PAGES, check_pdf_streams
from .pdf_split_rows import TablePiece, join_across_pages
from .rows import Document, Row, UnreadableDocument
from .text_doc import text_rows

CID_SHARE = 0.05  # above this share of (cid:NN) characters a page's text layer is garbage
_CID = re.compile(r"^\(cid:\d+\)$")
_VALUE = re.compile(r"^(?:[+\-＋－−﹣–]?[\d０-９][\d０-９,，]*(?:\.\d+)?|[—–−/／-]{1,2})$")
_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
# Ruling lines only: a table without lines is read as aligned text, never guessed from whitespace.
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "join_tolerance": 3, "intersection_tolerance": 3}


def _pdf_meta(info: dict[str, Any]) -> tuple[dict[str, str], str | None]:
    meta: dict[str, str] = {}
    for key, value in info.items():
        if isinstance(value, bytes):
            value = value.decode("utf-16") if value.startswith(b"\xfe\xff") else value.decode("latin-1")
        if isinstance(value, str) and value.strip():
            meta[str(key).lower()] = value.strip()
    for key in ("creationdate", "moddate"):
        m = _DATE.match(meta.get(key, ""))
        if m and m.group(2) and m.group(3):
            meta[key] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return meta, meta.get("title")


def _cell_text(chars: list[dict[str, Any]]) -> str:
    if not chars:
        return ""
    size = max(1.0, sorted(c["size"] for c in chars)[len(chars) // 2])
    value = _overprinted_value(chars, size)
    if value is not None:
        return value
    lines = join_lines([(c["top"], c["x0"], c["x1"], c["text"]) for c in chars], size)
    return "".join(text for _, text in lines).strip()


def _overprinted_value(chars: list[dict[str, Any]], size: float) -> str | None:
    """The value of a cell a header ran into: a header printed one character a line in a narrow
    column overflows its fixed-height row and draws its last character over the number of the cell
    below ("维" on top of "2"). A few CJK characters each overlapping the value's glyphs are that
    overflow; characters beside a number ("3件") are not."""
    cjk = [c for c in chars if "\u4e00" <= c["text"] <= "\u9fff"]
    rest = [c for c in chars if not "\u4e00" <= c["text"] <= "\u9fff"]
    if not cjk or len(cjk) > 3 or not rest:
        return None
    if not all(any(c["x0"] < r["x1"] - 0.5 and r["x0"] < c["x1"] - 0.5 and abs(c["top"] - r["top"]) < size
                   for r in rest) for c in cjk):
        return None
    text = "".join(t for _, t in join_lines([(c["top"], c["x0"], c["x1"], c["text"]) for c in rest], size)).strip()
    return text if _VALUE.match(text) else None


def _overflowing(chars: list[dict[str, Any]], members: dict[int, list[dict[str, Any]]], taken: set[int],
                 top: float, bottom: float) -> None:
    """Glyphs a cell's text runs past its border with (a number wider than a narrow column, which
    LibreOffice prints on one line across the ruling, even off the table): each joins the cell of
    the glyph it touches on its left, so "121" + "1" is read 1211 and never 121 with a stray "1"."""
    ends = [(ch["top"], ch["x1"], j) for j, chs in members.items() for ch in chs]
    for i in sorted((i for i, ch in enumerate(chars) if i not in taken and top <= ch["top"] <= bottom),
                    key=lambda i: chars[i]["x0"]):
        ch = chars[i]
        j = next((j for t, x1, j in ends if abs(t - ch["top"]) < 1 and abs(x1 - ch["x0"]) < 0.6), None)
        if j is None:
            continue
        members[j].append(ch)
        taken.add(i)
        ends.append((ch["top"], ch["x1"], j))


def _page_blocks(page: Any) -> list[tuple[float, TablePiece | list[Row]]]:
    """(top, table piece or rows) of every table and text line on a page, in reading order; a
    table piece becomes rows once a row cut by the page break is joined (:mod:`parsers.pdf_split_rows`)."""
    chars = [c for c in page.chars if c["text"].strip()]
    tables = page.find_tables(_TABLE_SETTINGS)
    blocks: list[tuple[float, list[Row]]] = []
    taken: set[int] = set()
    for table in tables:
        cells = [Box(*bbox) for bbox in table.cells]
        if len(cells) < 2:
            continue  # a lone box round a title or a note, not a table
        x0, top, x1, bottom = table.bbox
        members: dict[int, list[dict[str, Any]]] = {}
        for i, ch in enumerate(chars):
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            if not (x0 <= cx <= x1 and top <= cy <= bottom):
                continue
            for j, box in enumerate(cells):
                if box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom:
                    members.setdefault(j, []).append(ch)
                    taken.add(i)
                    break
        _overflowing(chars, members, taken, top, bottom)
        for j, box in enumerate(cells):
            box.text = _cell_text(members.get(j, []))
        blocks.append((top, TablePiece(cells, [members.get(j, []) for j in range(len(cells))])))
    rest = [c for i, c in enumerate(chars) if i not in taken]
    if rest:
        size = max(1.0, sorted(c["size"] for c in rest)[len(rest) // 2])
        for top, line in join_lines([(c["top"], c["x0"], c["x1"], c["text"]) for c in rest], size):
            blocks.append((top, text_rows(line)))
    blocks.sort(key=lambda b: b[0])
    return blocks


def _garbage(page: Any) -> bool:
    """No text layer, or one whose characters are mostly (cid:NN): the page must be OCR'd."""
    chars = [c["text"] for c in page.chars if c["text"].strip()]
    if len(chars) < 5:
        return True
    return sum(1 for t in chars if _CID.match(t)) > CID_SHARE * len(chars)


def _page_count(data: bytes) -> int | None:
    """The page count as pdfium reads it (in C, without walking every page in Python), if it can."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - installed with the OCR extra
        return None
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - pdfplumber says what is broken
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def read_pdf(data: bytes, content_type: str | None = None, url: str | None = None) -> Document:
    """A PDF's rows: geometry where it has a usable text layer, OCR for the pages that have none."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise UnreadableDocument("a PDF document needs pdfplumber: pip install pdfplumber") from exc
    check_pdf_streams(data)  # a Flate bomb is refused before pdfminer inflates it in memory
    n_pages = _page_count(data)
    if n_pages is not None and n_pages > PDF_PAGES:
        raise UnreadableDocument(f"the PDF has {n_pages} pages (limit {PDF_PAGES}); not a report")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on a broken file
        raise UnreadableDocument(f"broken PDF: {type(exc).__name__}: {str(exc)[:120]}") from exc
    rows: list[Row] = []
    warnings: list[str] = []
    ocr_pages: list[int] = []
    try:
        meta, title = _pdf_meta(pdf.metadata or {})
        try:
            pages = list(itertools.islice(pdf.pages, PDF_PAGES + 1))
        except Exception as exc:
            raise UnreadableDocument(f"broken PDF: {type(exc).__name__}: {str(exc)[:120]}") from exc
        if len(pages) > PDF_PAGES:
            raise UnreadableDocument(f"the PDF has more than {PDF_PAGES} pages; not a report")
        blocks: list[list[tuple[float, TablePiece | list[Row]]] | None] = []
        for n, page in enumerate(pages):
            try:
                if _garbage(page):
                    ocr_pages.append(n)
                    blocks.append(None)
                    continue
                blocks.append(_page_blocks(page))
            except Exception as exc:  # one unreadable page must not lose the others
                warnings.append(f"PDF page {n + 1} not read: {type(exc).__name__}")
                blocks.append([])
            finally:
                page.close()
    finally:
        with contextlib.suppress(Exception):  # closing walks the pages again: a broken one raises
            pdf.close()
    joined = join_across_pages(blocks)
    if joined:
        warnings.append(f"{joined} table row(s) cut by a page break joined again")
    per_page: list[list[Row] | None] = [
        None if page_blocks is None else
        [r for _, item in page_blocks for r in (item.rows() if isinstance(item, TablePiece) else item)]
        for page_blocks in blocks]
    if len(ocr_pages) > OCR_PAGES:
        warnings.append(f"{len(ocr_pages)} pages have no text layer; only the first {OCR_PAGES} are read by OCR")
        for n in ocr_pages[OCR_PAGES:]:
            per_page[n] = []
        ocr_pages = ocr_pages[:OCR_PAGES]
    if ocr_pages:
        from .ocr_doc import ocr_pdf_pages

        ocr_rows = iter(ocr_pdf_pages(data, ocr_pages, warnings))
        per_page = [p if p is not None else next(ocr_rows) for p in per_page]
    for page_rows in per_page:
        rows.extend(page_rows or [])
    if not rows and not ocr_pages:
        raise UnreadableDocument("the PDF has no readable text")
    text = "\n".join("\t".join(c.text for c in r.cells if not c.inherited) for r in rows)
    doc = Document(rows=rows, meta=meta, title=title, text=text, page_text=text, warnings=warnings)
    if ocr_pages:
        from .ocr_doc import mark_ocr

        mark_ocr(doc, f"pages {', '.join(str(n + 1) for n in ocr_pages)} of {len(per_page)}")
    return doc
