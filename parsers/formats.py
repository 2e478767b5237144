"""Which reader a document needs, by its bytes (and content type / URL as hints).

Each reader turns bytes into a :class:`~parsers.rows.Document` (rows + metadata) or raises
:class:`~parsers.rows.UnreadableDocument` with the reason. HTML and text are read here; every
other format registers its reader in ``READERS``, imported only when such a document comes (so
parsing HTML never loads pdfplumber, openpyxl or the OCR engine).

A ZIP is told apart by its members (DOCX ``word/``, XLSX ``xl/``), an OLE compound file by its
stream names (Word and WPS ``WordDocument``, Excel and ET ``Workbook``/``Book``); a WPS file is
a DOC-format OLE file that only its name or content type calls WPS.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Callable

from .csv_doc import csv_records, read_csv_text
from .decode import decode
from .html_doc import parse_html
from .rows import Document, UnreadableDocument
from .text_doc import parse_text

_HTML_SNIFF = re.compile(rb"<\s*(html|body|table|div|p|meta|head|!doctype)\b", re.I)
_MAGIC = ((b"%PDF", "pdf"), (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"), (b"\x89PNG", "image"),
          (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"II*\x00", "image"), (b"MM\x00*", "image"),
          (b"{\\rtf", "rtf"))

Reader = Callable[[bytes, "str | None", "str | None"], Document]


_OLE_WORD = "WordDocument".encode("utf-16-le")
_OLE_BOOKS = ("Workbook".encode("utf-16-le"), "Book\x00\x00".encode("utf-16-le"))


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        # A truncated DOCX still names its parts in its local headers.
        names = [n.decode("cp437", "replace") for n in re.findall(rb"PK\x03\x04.{26}([ -~]{1,80}?\.xml)", data[:65536], re.S)]
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def _ole_kind(data: bytes, content_type: str | None, url: str | None) -> str:
    hint = f"{content_type or ''} {url or ''}".lower()
    if _OLE_WORD in data:
        return "wps" if re.search(r"\.wps\b|kswps|wps-office|\bwps\b", hint) else "doc"
    if any(b in data for b in _OLE_BOOKS):
        return "xls"
    return "ole"


def sniff(data: bytes, content_type: str | None = None, url: str | None = None) -> str:
    """The format of ``data``: html, text, pdf, docx, xlsx, zip, doc, wps, xls, ole, image, rtf."""
    head = data[:8]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "zip":
                return _zip_kind(data)
            if kind == "ole":
                return _ole_kind(data, content_type, url)
            return kind
    if _HTML_SNIFF.search(data[:4096]) or "html" in (content_type or "").lower():
        return "html"
    return "text"


def _read_html(data: bytes, content_type: str | None, url: str | None) -> Document:
    text, _ = decode(data, content_type)
    return parse_html(text)


def _read_text(data: bytes, content_type: str | None, url: str | None) -> Document:
    text, _ = decode(data, content_type)
    if "\x00" in text[:4096]:
        raise UnreadableDocument("binary data, not a document")
    records = csv_records(text)
    if records is not None:
        return read_csv_text(text, records)
    return parse_text(text)


def _lazy(module: str, name: str) -> Reader:
    """A reader imported on first use: the heavy libraries load only for the formats that need them."""

    def reader(data: bytes, content_type: str | None, url: str | None) -> Document:
        mod = importlib.import_module(f".{module}", __package__)
        return getattr(mod, name)(data, content_type, url)

    reader.__name__ = name
    return reader


READERS: dict[str, Reader] = {
    "html": _read_html,
    "text": _read_text,
    "pdf": _lazy("pdf_doc", "read_pdf"),
    "docx": _lazy("docx_doc", "read_docx"),
    "doc": _lazy("docx_doc", "read_doc"),
    "wps": _lazy("docx_doc", "read_doc"),
    "rtf": _lazy("docx_doc", "read_doc"),
    "xlsx": _lazy("xls_doc", "read_xlsx"),
    "xls": _lazy("xls_doc", "read_xls"),
    "image": _lazy("ocr_doc", "read_image"),
}


def read_document(data: bytes, *, content_type: str | None = None, url: str | None = None) -> Document:
    if not data.strip():
        raise UnreadableDocument("empty document")
    kind = sniff(data, content_type, url)
    reader = READERS.get(kind)
    if reader is None:
        what = {"ole": "an OLE file that is neither a Word nor an Excel document",
                "zip": "a ZIP archive that is neither DOCX nor XLSX (OFD? several files?)"}.get(kind, kind)
        raise UnreadableDocument(f"unsupported format: {what}")
    return reader(data, content_type, url)
