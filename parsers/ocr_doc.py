"""Scanned reports (图片版: image-only PDFs, PNG/JPEG/TIFF) → rows, by OCR and the table's ruling lines.

Why this shape: OCR alone gives text boxes, and a row of boxes loses its empty cells (a blank
published in the third column would shift every later number one column left: a wrong value,
worse than none). The ruling lines of the printed table are found in the image (morphological
opening keeps only long horizontal and vertical strokes); the regions they enclose are the cells,
a merged cell being one bigger region, and :func:`parsers.grid.grid_rows` turns them into the same
grid rows a PDF's geometry or an HTML table gives. OCR text boxes are then put in the cell that
holds their centre. Text outside any table becomes one row per line.

The engine is RapidOCR on ONNX Runtime (Apache-2.0) with the PP-OCRv4 Chinese models that ship
inside the ``rapidocr-onnxruntime`` wheel: nothing is downloaded at run time. Every value keeps
the engine's confidence; a number read with less than :data:`MIN_CONFIDENCE`, or a value cell
whose text is neither a number nor a label, is marked unreadable and so becomes null, never a
guess.
"""

from __future__ import annotations

import io
import re
import threading
from typing import Any

from .grid import UNREADABLE, Box, grid_rows, join_lines
from .normalize import classify
from .rows import Cell, Document, Row, UnreadableDocument
from .text_doc import text_rows

MIN_CONFIDENCE = 0.90  # below this an OCR'd number is null
RENDER_DPI = 216  # PDF pages are rendered at 3× (72 dpi): 9-pt table text is then ~27 px high
MAX_PIXELS = 40_000_000  # a page image bigger than this is not a report page
INSTALL_HINT = "pip install rapidocr-onnxruntime"
_CJK = re.compile(r"[\u3400-\u9fff]")
_MARK = 9_000_000  # marker values for tracing which printed cell became which form cell
_engine_lock = threading.Lock()
_engine: Any = None


def _ocr_engine() -> Any:
    global _engine
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise UnreadableDocument(f"a scanned document needs OCR: {INSTALL_HINT}") from exc
            except OSError as exc:  # a missing shared library of OpenCV or ONNX Runtime
                raise UnreadableDocument(f"the OCR engine cannot load: {exc}") from exc
            _engine = RapidOCR()
        return _engine


def _table_cells(gray: Any) -> list[tuple[int, int, int, int]]:
    """Cell boxes (x0, top, x1, bottom) enclosed by the ruling lines found in a grayscale page."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = (gray < 160).astype(np.uint8) * 255
    long_h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, w // 30), 1)))
    long_v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(30, h // 60))))
    lines = cv2.dilate(long_h | long_v, np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    cells: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < w // 8 or bh < 20:
            continue  # a lone rule (an underline, a separator), not a table
        crop = lines[y:y + bh, x:x + bw]
        m, _, cstats, _ = cv2.connectedComponentsWithStats(255 - crop, connectivity=4)
        for j in range(1, m):
            cx, cy, cw, ch, _ = cstats[j]
            if cx == 0 or cy == 0 or cx + cw >= bw or cy + ch >= bh or cw < 6 or ch < 6:
                continue  # outside the grid, or a speck between double lines
            cells.append((x + cx, y + cy, x + cx + cw, y + cy + ch))
    return cells


def _value_cell(text: str, confidence: float) -> str:
    """An OCR'd table cell as the form reader must see it: low-confidence or garbled values unreadable."""
    tok = classify(text)
    if tok.kind == "num":
        return text if confidence >= MIN_CONFIDENCE else UNREADABLE
    if tok.kind == "text" and not _CJK.search(text):
        return UNREADABLE  # "1O", "3l": digits mixed with look-alike letters
    return text


def page_rows(image: Any) -> list[Row]:
    """One page image (PIL) → rows: tables as grid rows with per-cell confidence, prose as lines."""
    import numpy as np

    gray = np.asarray(image.convert("L"))
    result, _ = _ocr_engine()(gray)
    boxes = []
    for quad, text, score in result or []:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append((min(xs), min(ys), max(xs), max(ys), str(text), float(score)))
    cells = [Box(*c) for c in _table_cells(gray)]
    members: dict[int, list[tuple[float, float, float, float, str, float]]] = {}
    rest = []
    for b in boxes:
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        home = next((i for i, c in enumerate(cells) if c.x0 <= cx <= c.x1 and c.top <= cy <= c.bottom), None)
        if home is None:
            rest.append(b)
        else:
            members.setdefault(home, []).append(b)
    for i, cell in enumerate(cells):
        inside = members.get(i, [])
        if not inside:
            continue
        size = float(np.median([b[3] - b[1] for b in inside]))
        text = "".join(t for _, t in join_lines([(b[1], b[0], b[2], b[4]) for b in inside], size)).strip()
        confidence = min(b[5] for b in inside)
        cell.text, cell.confidence = _value_cell(text, confidence), confidence
    blocks: list[tuple[float, list[Row]]] = []
    for table in _tables(cells):
        rows, sources = grid_rows(table, tol=6.0)
        for row, src in zip(rows, sources, strict=True):
            for c, box in zip(row.cells, src, strict=True):
                if box is not None and box.confidence is not None and classify(box.text).kind == "num":
                    c.confidence = box.confidence
        blocks.append((min(c.top for c in table), rows))
    if rest:
        size = float(np.median([b[3] - b[1] for b in rest]))
        for top, line in join_lines([(b[1], b[0], b[2], b[4]) for b in rest], size):
            blocks.append((top, text_rows(line)))
    blocks.sort(key=lambda b: b[0])
    return [r for _, rows in blocks for r in rows]


def _tables(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables: cells that touch (share a ruling line) belong to one table."""
    groups: list[list[Box]] = []
    for cell in sorted(cells, key=lambda c: (c.top, c.x0)):
        for g in groups:
            if any(cell.x0 <= o.x1 + 8 and o.x0 <= cell.x1 + 8 and cell.top <= o.bottom + 8 and o.top <= cell.bottom + 8
                   for o in g):
                g.append(cell)
                break
        else:
            groups.append([cell])
    return groups


def ocr_pdf_pages(data: bytes, pages: list[int]) -> list[list[Row]]:
    """Rows of the given PDF pages (0-based), rendered with pdfium and read by OCR."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise UnreadableDocument("a scanned PDF needs pypdfium2: pip install pypdfium2") from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises PdfiumError on a broken file
        raise UnreadableDocument(f"broken PDF: {exc}") from exc
    out: list[list[Row]] = []
    try:
        for n in pages:
            page = pdf[n]
            w, h = page.get_size()
            scale = min(RENDER_DPI / 72, (MAX_PIXELS / max(1.0, w * h)) ** 0.5)
            out.append(page_rows(page.render(scale=scale, grayscale=True).to_pil()))
            page.close()
    finally:
        pdf.close()
    return out


def read_image(data: bytes, content_type: str | None = None, url: str | None = None) -> Document:
    """A picture of a report (one image, or a multi-page TIFF): every frame read by OCR."""
    try:
        from PIL import Image, ImageSequence
    except ImportError as exc:  # pragma: no cover - installed with the OCR engine
        raise UnreadableDocument(f"an image needs OCR: {INSTALL_HINT}") from exc
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        frames = [f.copy() for f in ImageSequence.Iterator(img)]
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument(f"broken image: {exc}") from exc
    rows = [r for frame in frames for r in page_rows(frame)]
    text = "\n".join("\t".join(c.text for c in r.cells if not c.inherited) for r in rows)
    doc = Document(rows=rows, text=text, page_text=text)
    mark_ocr(doc, f"{len(frames)} image(s)")
    return doc


def mark_ocr(doc: Document, where: str) -> None:
    """Flag a document read (partly) by OCR, and trace each value's confidence to its form cell."""
    doc.ocr = True
    doc.warnings.append(f"read by OCR ({where}): a value read with confidence below {MIN_CONFIDENCE} is null")
    doc.confidence = cell_confidence(doc.rows)


def cell_confidence(rows: list[Row]) -> dict[str, float]:
    """Cell id → OCR confidence of the value the form reader takes from each OCR'd cell.

    Runs the form reader once more on a copy of the rows whose OCR'd numbers are replaced by
    unique markers, so the reader's own placement says which printed cell became which form cell.
    """
    from .form_reader import FormReader

    confidences: list[float] = []
    marked: list[Row] = []
    for row in rows:
        cells = []
        for c in row.cells:
            if c.confidence is not None and not c.inherited and classify(c.text).kind == "num":
                cells.append(Cell(str(_MARK + len(confidences))))
                confidences.append(c.confidence)
            else:
                cells.append(Cell(c.text, c.inherited))
        marked.append(Row(cells, row.kind))
    out: dict[str, float] = {}
    for vr in FormReader().read(marked).rows:
        if not vr.exact or vr.row == "*":
            continue
        for col, tok in zip(vr.cols, vr.tokens, strict=False):
            if tok.kind == "num" and isinstance(tok.value, int) and _MARK <= tok.value < _MARK + len(confidences):
                out[f"{vr.table}/{vr.row}/{col}"] = round(confidences[tok.value - _MARK], 4)
    return out
