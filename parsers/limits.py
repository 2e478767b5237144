"""How much a document may make the readers do, and bounded reads that enforce it.

Why measured, never trusted: a ZIP's headers and a PDF's stream dictionaries say whatever their
author wrote. A 300 KB DOCX can inflate to 3 GB, a header can claim 1 KB for a member that
inflates to 2 GB, a 316 KB XLSX can hold ten million cells. So every compressed part is inflated
in small steps, counting what actually comes out (and throwing it away) before any library builds
objects from it, and a document over a limit is unreadable with a reason that names the limit.
Real annual reports are far below every number here (a DOCX report's document.xml is ~1 MB, its
sheets have hundreds of cells, its PDFs tens of pages).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from .rows import UnreadableDocument

ZIP_MEMBER_BYTES = 64 * 1024 * 1024    # one inflated part of a DOCX/XLSX
ZIP_TOTAL_BYTES = 256 * 1024 * 1024    # all its parts together
ZIP_MEMBERS = 2_000                    # parts in one DOCX/XLSX
XLSX_CELLS = 200_000                   # cells in all sheets of a workbook (a report's has hundreds)
PDF_PAGES = 300                        # pages of a PDF
PDF_STREAM_BYTES = 128 * 1024 * 1024   # one inflated PDF stream (a page's content, an image)
PDF_TOTAL_BYTES = 512 * 1024 * 1024    # all inflated streams of a PDF
OCR_PAGES = 40                         # pages or frames read by OCR in one document
PAGE_PIXELS = 40_000_000               # one rendered page or image
OCR_TOTAL_PIXELS = 200_000_000         # all pages and frames read by OCR (40 A4 pages at 216 dpi)
PAGE_MIN_SIDE = 32                     # a rendered page narrower than this (px) is not a page of text
PAGE_MAX_ASPECT = 20.0                 # nor one more than 20 times as long as it is wide
TEXT_CHARS = 200_000                   # text the metadata patterns look through
_CHUNK = 1024 * 1024
_CELL = re.compile(rb"<(?:\w{1,16}:)?c[\s/>]")


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def read_member(z: zipfile.ZipFile, name: str | zipfile.ZipInfo, limit: int = ZIP_MEMBER_BYTES) -> bytes:
    """A ZIP member's bytes, read in steps and stopped past ``limit`` whatever its header says."""
    out = bytearray()
    with z.open(name) as f:
        while chunk := f.read(_CHUNK):
            out += chunk
            if len(out) > limit:
                label = name.filename if isinstance(name, zipfile.ZipInfo) else name
                raise UnreadableDocument(f"ZIP part {label} inflates to more than {_mb(limit)}; not a report")
    return bytes(out)


def check_zip(data: bytes, *, count_cells: bool = False) -> int:
    """Inflate every member of a DOCX/XLSX once, counting; raise when it is a bomb. Returns the cell count.

    Cells are counted in ``xl/worksheets/*`` as ``<c`` elements, across chunk boundaries.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(f"broken ZIP: {type(exc).__name__}: {str(exc)[:120]}") from exc
    if len(infos) > ZIP_MEMBERS:
        raise UnreadableDocument(f"the ZIP has {len(infos)} parts (limit {ZIP_MEMBERS}); not a report")
    total = cells = 0
    for info in infos:
        size = 0
        counting = count_cells and info.filename.startswith("xl/worksheets/")
        tail = b""
        try:
            with z.open(info) as f:
                while chunk := f.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > ZIP_MEMBER_BYTES:
                        raise UnreadableDocument(
                            f"ZIP part {info.filename} inflates to more than {_mb(ZIP_MEMBER_BYTES)}; not a report")
                    if total > ZIP_TOTAL_BYTES:
                        raise UnreadableDocument(f"the ZIP inflates to more than {_mb(ZIP_TOTAL_BYTES)}; not a report")
                    if counting:
                        window = tail + chunk
                        cells += len(_CELL.findall(window)) - len(_CELL.findall(tail))
                        tail = window[-24:]
                        if cells > XLSX_CELLS:
                            raise UnreadableDocument(f"the workbook has more than {XLSX_CELLS} cells; not a report")
        except UnreadableDocument:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, zlib.error,
                NotImplementedError) as exc:
            # A broken or encrypted part: the reader says what it makes of it; its size is what we bound.
            if info.filename in ("word/document.xml", "xl/workbook.xml"):
                raise UnreadableDocument(f"broken ZIP part {info.filename}: {type(exc).__name__}: "
                                         f"{str(exc)[:120]}") from exc
    return cells


_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"


def check_pdf_streams(data: bytes) -> None:
    """Inflate every Flate stream of a PDF once, counting; raise when one or all inflate past the limits.

    Streams are found by their keywords in the file (object streams are streams too, so every
    compressed byte of an unencrypted PDF is seen); one that does not inflate is left to the reader.
    """
    total = 0
    pos = 0
    while (m := _STREAM.search(data, pos)) is not None:
        start = m.end()
        end = data.find(_ENDSTREAM, start)
        if end < 0:
            end = len(data)
        pos = end + len(_ENDSTREAM)
        if "FlateDecode" not in data[max(0, m.start() - 512):m.start()].decode("latin-1"):
            continue
        size = 0
        try:
            for piece in _inflate(data[start:end]):
                size += piece
                total += piece
                if size > PDF_STREAM_BYTES:
                    raise UnreadableDocument(f"a PDF stream inflates to more than {_mb(PDF_STREAM_BYTES)}; "
                                             "not a report")
                if total > PDF_TOTAL_BYTES:
                    raise UnreadableDocument(f"the PDF's streams inflate to more than {_mb(PDF_TOTAL_BYTES)}; "
                                             "not a report")
        except zlib.error:
            continue


def _inflate(buf: bytes) -> Iterator[int]:
    """The sizes of the pieces a zlib stream inflates to, in steps (output discarded, memory flat)."""
    inflater = zlib.decompressobj()
    step = 64 * 1024
    for i in range(0, len(buf), step):
        piece = inflater.decompress(buf[i:i + step], _CHUNK)
        while True:
            if piece:
                yield len(piece)
            if not inflater.unconsumed_tail:
                break
            piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        if inflater.eof:
            return


def page_scale(width_pt: float, height_pt: float, dpi: float) -> float | None:
    """The render scale of a PDF page at ``dpi`` within :data:`PAGE_PIXELS`, or None for a page that
    is not one (a side under :data:`PAGE_MIN_SIDE` px once scaled, or longer than the aspect limit)."""
    w, h = max(width_pt, 0.0), max(height_pt, 0.0)
    if w <= 0 or h <= 0 or max(w, h) / min(w, h) > PAGE_MAX_ASPECT:
        return None
    scale = min(dpi / 72, (PAGE_PIXELS / (w * h)) ** 0.5)
    if min(w, h) * scale < PAGE_MIN_SIDE:
        return None
    return scale
