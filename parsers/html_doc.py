"""HTML → rows, metadata fields and the report's plain text, with lxml alone (the hot path).

Tables become grid rows: rowspans are carried down as *inherited* label cells (context for the
rows below, never values), colspans are not expanded (a merged value cell is one value). Text
outside tables becomes one row per paragraph or ``<br>``-separated line, so tables flattened
into paragraphs read like one-cell-per-line text.
"""

from __future__ import annotations

import re

from lxml import etree

from .rows import SOFT_BLANK, Cell, Document, Row
from .text_doc import line_row

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "select", "option", "button",
                   "iframe", "object", "svg", "textarea", "map"})
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                    "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "tr",
                    "td", "th", "table", "tbody", "thead", "tfoot", "caption", "form", "center", "main",
                    "address", "figure", "figcaption", "hr", "body", "html", "font-block"})
# The article body on the common CMS platforms (TRS, Hanweb, UCAP, …): the first match wins.
# Checked on attributes during the single walk: an XPath over the whole tree costs more than lxml's parse.
_CONTENT_CLASSES = ("TRS_Editor", "TRS_UEDITOR", "article-content", "article_con", "trs_editor")
_CONTENT_IDS = frozenset({"zoom", "Zoom", "UCAP-CONTENT", "content", "Content"})
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
MAX_SPAN = 200
# Elements walked per page: a real report page has a few thousand; a hostile or broken one can have
# millions, and the walk is Python-speed.
MAX_ELEMENTS = 60_000
TRUNCATED = "\x00truncated"  # a rowspan/colspan bigger than any real form table is a broken or hostile page


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(int(str(value).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def _cell_text(el: etree._Element) -> str:
    # lxml's text serializer runs in C: six times faster than joining itertext() on Word exports
    text = etree.tostring(el, method="text", encoding="unicode", with_tail=False)
    return text.replace("\xa0", " ").strip()


def _take_carried(carried: dict[int, tuple[str, int, int]], placed: list[tuple[int, Cell]], col: int) -> int:
    """Place the rowspan cells covering ``col`` (and those right after it); the next free column."""
    while col in carried:
        text, colspan, left = carried[col]
        placed.append((col, Cell(text, inherited=True)))
        if left <= 1:
            del carried[col]
        else:
            carried[col] = (text, colspan, left - 1)
        col += colspan
    return col


def _grid_rows(table: etree._Element) -> list[Row]:
    """A leaf table's rows, rowspans carried down as inherited cells at their column positions."""
    rows: list[Row] = []
    carried: dict[int, tuple[str, int, int]] = {}  # column → (text, colspan, rows still covered)
    for tr in table.iter("tr"):
        placed: list[tuple[int, Cell]] = []
        col = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            col = _take_carried(carried, placed, col)
            colspan, rowspan = _span(td.get("colspan")), _span(td.get("rowspan"))
            text = _cell_text(td)
            placed.append((col, Cell(text)))
            if rowspan > 1:
                carried[col] = (text, colspan, rowspan - 1)
            col += colspan
        for c in sorted(k for k in carried if k >= col):  # carried cells right of this row's last cell
            if c in carried:
                _take_carried(carried, placed, c)
        if placed:
            placed.sort(key=lambda p: p[0])
            rows.append(Row([c for _, c in placed], "html"))
    return rows


def _is_leaf_table(el: etree._Element) -> bool:
    return next(el.iter("table"), None) is el and el.find(".//table") is None


def _is_content(el: etree._Element) -> bool:
    if el.get("id") in _CONTENT_IDS:
        return True
    cls = el.get("class")
    return bool(cls) and any(name in cls for name in _CONTENT_CLASSES)


def _is_title(el: etree._Element) -> bool:
    attrs = (el.get("class") or "") + " " + (el.get("id") or "")
    return "title" in attrs.lower()


def _walk(root: etree._Element, headings: list[str]) -> tuple[list[Row], int, int]:
    """Rows in document order: leaf tables as grids, other text one row per block or line.

    Also returns the range of rows that came from inside the article body (the first content
    container), and collects the texts of headings and title-classed elements into ``headings``.
    """
    rows: list[Row] = []
    buf: list[str] = []
    content_range = [0, 0]
    content: etree._Element | None = None

    def flush() -> None:
        if buf:
            text = "".join(buf).strip()
            buf.clear()
            if text:  # a paragraph may hold a whole table row as tab- or space-separated text
                rows.extend(row for line in text.split("\n") if (row := line_row(line)) is not None)

    walker = etree.iterwalk(root, events=("start", "end"))
    budget = MAX_ELEMENTS * 2
    for event, el in walker:
        budget -= 1
        if budget < 0:  # a page this big is not a report page: read what came first, stay fast
            headings.append(TRUNCATED)
            break
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start" and content is None and tag is not None and _is_content(el):
            content = el
            flush()
            content_range[0] = len(rows)
        elif event == "end" and el is content:
            flush()
            content_range[1] = len(rows)
        if event == "start":
            if tag in ("h1", "h2", "h3") or (tag is not None and len(headings) < 30 and _is_title(el)):
                headings.append(_cell_text(el))
            if tag is None or tag in _SKIP:
                walker.skip_subtree()
                continue
            if tag == "table" and _is_leaf_table(el):
                flush()
                caption = el.find("caption")
                if caption is not None and (text := _cell_text(caption)):
                    rows.append(Row.line(text))  # "四、政府信息公开行政复议…" as the table's caption
                rows.extend(_grid_rows(el))
                walker.skip_subtree()
                continue
            if tag == "br":
                buf.append("\n")
            elif tag in _BLOCK:
                flush()
            if el.text and tag not in _SKIP:
                buf.append(el.text)
        else:
            if tag == "p" and not "".join(buf).strip():
                # an empty paragraph: a blank cell of a table flattened into paragraphs, or spacing
                buf.clear()
                rows.append(Row([Cell(SOFT_BLANK)], "line"))
            elif tag in _BLOCK or tag == "table":
                flush()
            if el.tail:
                buf.append(el.tail)
    flush()
    return rows, content_range[0], content_range[1]


# Word/WPS exports carry about 1 KB of inline CSS per cell: dropping it before lxml parses halves the
# parse of a big page, and no style attribute says anything the form needs.
_STYLE_START = re.compile(r"""\sstyle\s*=\s*(["'])""", re.I)


def _drop_styles(text: str) -> str:
    """Every style="…" attribute removed, in one pass: a regex over an unclosed quote would rescan to
    the end for each of thousands of attributes (quadratic)."""
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()
    for m in _STYLE_START.finditer(text):
        quote = m.group(1)
        if m.start() < pos or quote in unclosed:
            continue
        end = text.find(quote, m.end())
        if end < 0:
            unclosed.add(quote)  # no later attribute can close with it either
            continue
        out.append(text[pos:m.start()])
        pos = end + 1
    out.append(text[pos:])
    return "".join(out)


def parse_html(text: str) -> Document:
    text = _XML_DECL.sub("", text, count=1)
    if len(text) > 50_000:
        text = _drop_styles(text)
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        root = None
    if root is None:  # an empty or hopeless document
        root = etree.fromstring("<html><body></body></html>", _PARSER)
    meta: dict[str, str] = {}
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").strip()
        if name and m.get("content"):
            meta.setdefault(name.lower(), m.get("content").strip())
    title_el = root.find(".//title")
    title = _cell_text(title_el) if title_el is not None else None
    body = root.find("body")
    body = body if body is not None else root
    headings: list[str] = []
    rows, start, end = _walk(body, headings)
    warnings = []
    if headings and headings[-1] == TRUNCATED:
        headings.pop()
        warnings.append(f"page has more than {MAX_ELEMENTS} elements; only the first were read")
    lines = ["\t".join(c.text for c in r.cells if not c.inherited) for r in rows]
    page_text = "\n".join(lines)
    body_text = "\n".join(lines[start:end]) if end > start else page_text
    return Document(rows=rows, meta=meta, title=title, headings=[h for h in headings if h],
                    text=body_text, page_text=page_text, warnings=warnings)
