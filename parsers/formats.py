"""Which reader a document needs, by its bytes (and content type / URL as hints).

Each reader turns bytes into a :class:`~parsers.rows.Document` (rows + metadata) or raises
:class:`~parsers.rows.UnreadableDocument` with the reason. HTML and text are read here; every
other format registers its reader in ``READERS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .decode import decode
from .html_doc import parse_html
from .rows import Document, UnreadableDocument
from .text_doc import parse_text

_HTML_SNIFF = re.compile(rb"<\s*(html|body|table|div|p|meta|head|!doctype)\b", re.I)
_MAGIC = ((b"%PDF", "pdf"), (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"), (b"\x89PNG", "image"),
          (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"II*\x00", "image"), (b"MM\x00*", "image"),
          (b"{\\rtf", "rtf"))

Reader = Callable[[bytes, "str | None", "str | None"], Document]


def sniff(data: bytes, content_type: str | None = None) -> str:
    """The format of ``data``: html, text, pdf, zip, ole, image, rtf."""
    head = data[:8]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
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
    return parse_text(text)


READERS: dict[str, Reader] = {"html": _read_html, "text": _read_text}


def read_document(data: bytes, *, content_type: str | None = None, url: str | None = None) -> Document:
    if not data.strip():
        raise UnreadableDocument("empty document")
    kind = sniff(data, content_type)
    reader = READERS.get(kind)
    if reader is None:
        raise UnreadableDocument(f"unsupported format: {kind} (no reader installed for it yet)")
    return reader(data, content_type, url)
