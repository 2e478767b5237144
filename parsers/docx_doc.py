"""DOCX → rows by walking ``word/document.xml``; DOC, WPS and RTF through LibreOffice to DOCX first.

Why the XML and not python-docx's table API: python-docx returns a merged cell once for every
grid position it covers, so a value merged over three columns would be read three times. The
XML says exactly what Word drew: ``w:gridSpan`` is a cell spanning columns (one cell, one value)
and ``w:vMerge`` continues the cell above (carried down as an *inherited* label cell, as HTML
rowspans are), which is the row shape :mod:`parsers.form_reader` reads.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from .grid import join_lines
from .limits import check_zip, read_member
from .rows import Cell, Document, Row, UnreadableDocument
from .text_doc import text_rows

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_EMU_PER_PT = 12700
_PAGE_PT = 2000.0  # a page further down for every new page of anchored boxes (any height above a page's)
# No entity is ever expanded and libxml2's size limits stay on (no huge_tree): an entity bomb is text.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                          load_dtd=False)
_HEADING_STYLES = ("title", "heading1", "heading2", "1", "2", "标题", "heading")
_SUFFIX = {"doc": ".doc", "wps": ".doc", "rtf": ".rtf"}


def _text(el: etree._Element) -> str:
    """A paragraph's or cell's visible text: runs, tabs and breaks; deleted revisions left out."""
    parts: list[str] = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}p"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in (f"{_W}tab",):
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}p" and parts:
            parts.append("\n")  # a new paragraph inside a cell: a wrapped label line
    return "".join(parts).replace("\xa0", " ").strip()


def _cell_text(tc: etree._Element) -> str:
    # Paragraphs inside one cell are one label broken over lines: join them without a break.
    return "".join(_text(p) for p in tc.iter(f"{_W}p")).strip()


def _span(tc: etree._Element) -> int:
    el = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, min(int(el.get(f"{_W}val", "1")), 200)) if el is not None else 1
    except ValueError:
        return 1


def _vmerge(tc: etree._Element) -> str | None:
    """"restart", "continue" or None (not vertically merged)."""
    el = tc.find(f"{_W}tcPr/{_W}vMerge")
    if el is None:
        return None
    return "restart" if el.get(f"{_W}val") == "restart" else "continue"


def table_rows(tbl: etree._Element) -> list[Row]:
    """One Word table's rows: gridSpan cells once, vMerge continuations as inherited cells."""
    rows: list[Row] = []
    above: dict[int, str] = {}  # grid column → text of the vertically merged cell that started there
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[Cell] = []
        col = 0
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            col += int(before.get(f"{_W}val", "0") or 0)
        for tc in tr.iter(f"{_W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{_W}sdtContent":
                continue  # a nested table's cell: read as part of its own table's text
            span, merge = _span(tc), _vmerge(tc)
            if merge == "continue":
                cells.append(Cell(above.get(col, ""), inherited=True))
            else:
                text = _cell_text(tc)
                cells.append(Cell(text))
                if merge == "restart":
                    above[col] = text
                else:
                    above.pop(col, None)
            col += span
        if cells:
            rows.append(Row(cells, "html"))
    return rows


def _box_text(anchor: etree._Element) -> str:
    return "".join(_text(p) for p in anchor.iter(f"{_W}p")).strip()


def _text_box_rows(p: etree._Element) -> list[Row] | None:
    """Rows of the text boxes anchored in a paragraph, by their positions; None if it has none.

    A PDF opened in Word and saved as DOCX makes every piece of text a floating text box (often
    all anchored in one paragraph, each page's offsets starting again from the top), and its copy
    in ``mc:Fallback`` repeats it. Reading the boxes in document order would scramble the table;
    read by position they are the page's lines, with wide gaps between columns, as
    ``pdftotext -layout`` prints them.
    """
    pieces: list[tuple[float, float, float, str]] = []
    heights: list[float] = []
    page, last_top = 0, None
    for anchor in p.iter(f"{_WP}anchor", f"{_WP}inline"):
        if any(a.tag == _MC_FALLBACK for a in anchor.iterancestors()):
            continue
        text = _box_text(anchor)
        off_v = anchor.find(f"{_WP}positionV/{_WP}posOffset")
        off_h = anchor.find(f"{_WP}positionH/{_WP}posOffset")
        ext = anchor.find(f"{_WP}extent")
        if not text or off_v is None or off_h is None or ext is None:
            continue
        try:
            top, x0 = int(off_v.text or 0) / _EMU_PER_PT, int(off_h.text or 0) / _EMU_PER_PT
            w, h = int(ext.get("cx", "0")) / _EMU_PER_PT, int(ext.get("cy", "0")) / _EMU_PER_PT
        except ValueError:
            continue
        if last_top is not None and top < last_top - 200:  # offsets start again: the next page
            page += 1
        last_top = top
        pieces.append((page * _PAGE_PT + top, x0, x0 + w, text.replace("\n", "")))
        heights.append(h)
    if not pieces:
        return None
    size = max(4.0, sorted(heights)[len(heights) // 2] * 0.85)
    rows: list[Row] = []
    for _, line in join_lines(_join_wrapped_numbers(pieces, size), size):
        rows.extend(text_rows(line))
    return rows


_CUT_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})*,(\d{1,2})$")  # "2,26": a comma group cut short
_REST = re.compile(r"^\d{1,2}$")


def _join_wrapped_numbers(pieces: list[tuple[float, float, float, str]], size: float
                          ) -> list[tuple[float, float, float, str]]:
    """A number wrapped inside a narrow cell ("2,26" over "4") made whole again: a piece whose last
    thousands group is cut short, and right below it, overlapping it, the digits that complete it."""
    cut = [i for i, p in enumerate(pieces) if _CUT_THOUSANDS.match(p[3])]
    if not cut:
        return pieces
    used: set[int] = set()
    out = list(pieces)
    for i in cut:
        top, x0, x1, text = pieces[i]
        short = len(_CUT_THOUSANDS.match(text).group(1))  # type: ignore[union-attr]
        near = [j for j, q in enumerate(pieces) if 0.5 * size < q[0] - top < 2.5 * size and q[1] < x1 and q[2] > x0]
        first = min((pieces[j][0] for j in near), default=None)
        below = [j for j in near if pieces[j][0] == first]  # the next line down in its column
        if len(below) == 1 and below[0] not in used and _REST.match(pieces[below[0]][3]) and len(
                pieces[below[0]][3]) == 3 - short:
            used.add(below[0])
            out[i] = (top, x0, max(x1, pieces[below[0]][2]), text + pieces[below[0]][3])
    return [p for j, p in enumerate(out) if j not in used]


def _own_text(p: etree._Element) -> str:
    """A paragraph's text outside the text boxes anchored in it."""
    parts = [t.text or "" for t in p.iter(f"{_W}t")
             if not any(a.tag in (f"{_W}txbxContent", f"{_WP}anchor") for a in t.iterancestors())]
    return "".join(parts).replace("\xa0", " ").strip()


def _body_rows(body: etree._Element, headings: list[str]) -> list[Row]:
    rows: list[Row] = []
    for el in body.iter(f"{_W}p", f"{_W}tbl"):
        if el.tag == f"{_W}tbl":
            if el.find(f".//{_W}tbl") is None:  # leaf tables hold the form; outer ones are layout
                rows.extend(table_rows(el))
            continue
        if any(a.tag in (f"{_W}tbl", f"{_W}txbxContent") for a in el.iterancestors()):
            continue  # a cell's paragraph: part of its table; a text box's: read with its anchor
        boxes = _text_box_rows(el) if el.find(f".//{_WP}anchor") is not None else None
        if boxes is not None:
            own = _own_text(el)
            rows.extend(text_rows(own) if own else [])
            rows.extend(boxes)
            continue
        text = _text(el)
        if not text:
            continue
        style = el.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and any(s in style.get(f"{_W}val", "").lower() for s in _HEADING_STYLES):
            headings.append(text)
        rows.extend(text_rows(text))
    return rows


def _core_meta(z: zipfile.ZipFile) -> tuple[dict[str, str], str | None]:
    meta: dict[str, str] = {}
    try:
        root = etree.fromstring(read_member(z, "docProps/core.xml", 1024 * 1024), _PARSER)
    except (KeyError, etree.XMLSyntaxError, ValueError, UnreadableDocument, zipfile.BadZipFile, OSError,
            EOFError, RuntimeError):
        return meta, None  # properties are a hint: a broken or oversized part is simply left out
    if root is None:
        return meta, None
    for el in root:
        if isinstance(el.tag, str) and el.text and el.text.strip():
            meta[etree.QName(el).localname.lower()] = el.text.strip()
    return meta, meta.get("title")


def read_docx(data: bytes, content_type: str | None = None, url: str | None = None) -> Document:
    check_zip(data)  # every part's real inflated size, before anything is parsed
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        xml = read_member(z, "word/document.xml")
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise UnreadableDocument(f"broken DOCX: {type(exc).__name__}: {str(exc)[:120]}") from exc
    try:
        root = etree.fromstring(xml, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableDocument(f"broken DOCX: {exc}") from exc
    if root is None:
        raise UnreadableDocument("broken DOCX: empty document.xml")
    meta, title = _core_meta(z)
    body = root.find(f"{_W}body")
    headings: list[str] = []
    rows = _body_rows(body if body is not None else root, headings)
    text = "\n".join("\t".join(c.text for c in r.cells if not c.inherited) for r in rows)
    return Document(rows=rows, meta=meta, title=title, headings=headings, text=text, page_text=text)


def read_doc(data: bytes, content_type: str | None = None, url: str | None = None) -> Document:
    """DOC, WPS or RTF: converted to DOCX by LibreOffice (own profile, timeout), then read as DOCX."""
    from .formats import sniff
    from .office_convert import convert

    kind = sniff(data, content_type, url)
    doc = read_docx(convert(data, _SUFFIX.get(kind, ".doc"), "docx"), content_type, url)
    doc.warnings.append(f"{kind.upper()} converted to DOCX by LibreOffice")
    return doc
