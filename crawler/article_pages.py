"""An article split into pages by its editor's page breaks: which pages, and the article joined.

TRS WCM writes a long article as ``t20240125_123.html`` (page 1) plus ``t20240125_123_1.html``,
``t20240125_123_2.html`` …, linked by a script pager in the article, ``createPageHTML(3, 0,
"t20240125_123", "html")`` (the call TRS lists use too, :mod:`crawler.dialects.trs`), and often by
plain 上一页 / 下一页 / 1 2 3 links. Other CMSs write ``?page=2`` on the article's own URL. A
report cut so has tables 一 and 二 on its first page and the rest on the others: read alone, its
later tables are empty.

A page of the *same document* is told by its address alone, relative to the article's first page:
the same folder and extension and the article's own file name plus ``_N`` (``N`` ≥ 1), or the same
path and query but for one page-number parameter. A list's pager (``index_1.html`` on
``index.html``) has the same shape, so the spider asks only on a page it judged a report
(:meth:`crawler.spiders.reports.ReportsSpider._report`), and never for a list's own file names.

:func:`join` puts the pages' article bodies (``.TRS_Editor``, ``#zoom``, …: :attr:`crawler.page.Page.content`)
after the first page's, in page order, so the parser reads one report whose address stays the
first page's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from .dialects import pagination, trs
from .discovery import Link
from .page import Page

MAX_ARTICLE_PAGES = 8  # pages of one article read after its first: a report has two to five
_MAX_NUMBER = 50  # a page number beyond this is no page break of an article
# A list's own files: their pager is a list's, never an article's (index_1.html on index.html).
_LIST_STEMS = frozenset({"index", "default", "list", "more", "lists"})
_PAGE_PARAMS = frozenset({"page", "p", "pageno", "pagenum", "pageindex", "curpage", "currentpage", "pn"})


_EXT = re.compile(r"\.(?:s?html?|jsp|php|aspx?|do)$", re.I)
# a page's number after the article's own name: t123_2.html, t123-2.html, /art/123/2, /art/123/page/2.html
_PAGE_SUFFIX = r"(?P<sep>[_-]|/(?:page/?|p)?)(?P<n>\d{1,2})"
_PAGER_TEXT = re.compile(r"^(?:\d{1,2}|第\s*\d{1,2}\s*页|\[\s*\d{1,2}\s*\]|上一?页|前一?页|首页|第一页)$")


def _base_ext(path: str) -> tuple[str, str] | None:
    """The article's own name with its folder and without its extension, and the extension:
    ``("/a/t123", ".html")`` for ``/a/t123.html``, ``("/art/2024/123", "")`` for ``/art/2024/123``
    or ``/art/2024/123/``. None for a list's own file (``index.html``) or a folder of nothing."""
    path = path.rstrip("/") if path.endswith("/") and len(path) > 1 else path
    m = _EXT.search(path)
    base, ext = (path[:m.start()], m.group(0).lower()) if m else (path, "")
    name = base.rsplit("/", 1)[-1]
    if not name or name.lower() in _LIST_STEMS or "." in name:
        return None
    return base, ext


def _shape(first_url: str, url: str) -> tuple[int, bool] | None:
    """The number of ``url`` as a page of the article at ``first_url``, and whether only its
    link's text can tell (a path-style number, ``/art/123/2``, or a sibling of a first page that is
    numbered itself, ``/art/123/1`` → ``/art/123/2``: such an address may be another article)."""
    a, b = urlsplit(first_url), urlsplit(url)
    if (a.scheme, a.netloc.lower()) != (b.scheme, b.netloc.lower()) or url.split("#", 1)[0] == first_url.split("#", 1)[0]:
        return None
    if a.path == b.path:  # ?page=2 on the article's own address
        qa, qb = dict(parse_qsl(a.query)), dict(parse_qsl(b.query))
        changed = [k for k in qa.keys() | qb.keys() if qa.get(k) != qb.get(k)]
        if len(changed) == 1 and changed[0].lower() in _PAGE_PARAMS and (qb.get(changed[0]) or "").isdigit():
            n = int(qb[changed[0]])
            return (n, False) if 1 <= n <= _MAX_NUMBER else None
        return None
    own = _base_ext(a.path)
    if own is None or a.query != b.query:
        return None
    base, ext = own
    tail = re.escape(ext) if ext else "/?"
    other = b.path.rstrip("/") + ("/" if b.path.endswith("/") and not ext else "")
    m = re.fullmatch(re.escape(base) + _PAGE_SUFFIX + tail, other)
    numbered = re.fullmatch(r"(?P<base>.*?)" + _PAGE_SUFFIX, base)  # the first page is page 1 by name
    if m is None and numbered and numbered["n"] == "1":
        m = re.fullmatch(re.escape(numbered["base"] + numbered["sep"]) + r"(?P<sep>)(?P<n>\d{1,2})" + tail, other)
        if m is None:
            return None
        n = int(m["n"])
        return (n, True) if 2 <= n <= _MAX_NUMBER else None
    if m is None:
        return None
    n = int(m["n"])
    return (n, m["sep"].startswith("/")) if 1 <= n <= _MAX_NUMBER else None


def page_number(first_url: str, url: str) -> int | None:
    """The number of ``url`` as a page of the article at ``first_url`` (1 for ``_1`` or
    ``?page=1``…), or None when it is no page of that article."""
    shape = _shape(first_url, url)
    return shape[0] if shape else None


def _pager_link(link: Link) -> bool:
    """A link a pager draws: a page number, 下一页 / 上一页 / 尾页."""
    text = re.sub(r"[\s<>«»‹›]+", "", link.text or link.title)
    return bool(_PAGER_TEXT.match(text)) or pagination.is_next_link(link.text or link.title)


def other_pages(first_url: str, page_url: str, html: str, links: Iterable[Link]) -> list[str]:
    """The other pages of the article at ``first_url`` a page of it (``page_url``, ``html``,
    ``links``) names: its script pager's and its plain pager links', in page order, bounded. An
    address only a link's text can tell (``/art/123/2``) counts when the link reads as a pager's."""
    found: dict[str, int] = {}
    candidates = [(url, True) for url in trs.page_urls(page_url, html)] if "createPageHTML" in html else []
    candidates += [(link.url, _pager_link(link)) for link in links if not link.body]
    for url, pager in candidates:
        url = url.split("#", 1)[0]
        shape = _shape(first_url, url)
        if shape is not None and (pager or not shape[1]) and url not in found:
            found[url] = shape[0]
    ordered = sorted(found, key=lambda u: found[u])
    return ordered[:MAX_ARTICLE_PAGES]


def _body_node(page: Page) -> etree._Element | None:
    node = page.content
    if node is not None:
        return node.root
    bodies = page.sel.xpath("//body")
    return bodies[0].root if bodies else None


def join(first: Page, rest: Iterable[Page]) -> bytes:
    """The first page's HTML with the other pages' article bodies appended to its own, in the order
    given, as UTF-8 (whatever each page was written in)."""
    target = _body_node(first)
    if target is None:
        raise ValueError("the article's first page has no body")
    for page in rest:
        node = _body_node(page)
        if node is None:
            continue
        part = etree.SubElement(target, "div", {"class": "nianbao-article-page", "data-url": page.url})
        part.text = node.text
        for child in node:
            part.append(copy.deepcopy(child))
    html = etree.tostring(first.sel.root, method="html", encoding="unicode")
    return ("<!DOCTYPE html>\n" + html).encode("utf-8")
