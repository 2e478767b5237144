"""Bytes → text, the way Chinese government portals need it.

Order: a byte-order mark, valid UTF-8, the HTTP header's charset, a ``<meta>`` charset, then
detection.
Every GB2312/GBK declaration is decoded as GB18030, its superset: pages declared GB2312
routinely use characters outside it, and GB18030 decodes everything GB2312 and GBK do.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*+=\s*+["']?\s*+([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"}


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def _canonical(name: str | None) -> str | None:
    """A Python codec name for a declared charset, widening the GB family to gb18030."""
    if not name:
        return None
    low = name.strip().lower()
    if low in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(low).name
    except LookupError:
        return None


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns (text, the encoding used). Never raises: undecodable bytes are replaced."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace") if enc == "utf-8" else data.decode(enc, "replace"), enc
    # Text that is valid UTF-8 is UTF-8 whatever a page declares: GBK bytes are almost never valid
    # UTF-8, while portals often declare gb2312 on pages their CMS now writes in UTF-8.
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = [_canonical(charset_from_content_type(content_type))]
    m = _META_CHARSET.search(data[:8192])
    declared.append(_canonical(m.group(1).decode("ascii", "ignore")) if m else None)
    for enc in declared:
        if enc:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue  # a wrong declaration: fall through to detection
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported late: rarely needed, slow to load

    best = from_bytes(data[:65536]).best()
    enc = _canonical(best.encoding) if best else None
    enc = enc or "gb18030"
    return data.decode(enc, errors="replace"), enc
