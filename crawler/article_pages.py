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

from .dialects import trs
from .discovery import Link
from .page import Page

MAX_ARTICLE_PAGES = 8  # pages of one article read after its first: a report has two to five
_MAX_NUMBER = 50  # a page number beyond this is no page break of an article
# A list's own files: their pager is a list's, never an article's (index_1.html on index.html).
_LIST_STEMS = frozenset({"index", "default", "list", "more", "lists"})
_PAGE_PARAMS = frozenset({"page", "p", "pageno", "pagenum", "pageindex", "curpage", "currentpage", "pn"})


def _stem_ext(path: str) -> tuple[str, str, str] | None:
    """(folder, file stem, extension) of a path naming a file, or None."""
    folder, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return None
    return folder, stem, ext.lower()


def page_number(first_url: str, url: str) -> int | None:
    """The number of ``url`` as a page of the article at ``first_url`` (1 for ``_1`` or
    ``?page=1``…), or None when it is no page of that article."""
    a, b = urlsplit(first_url), urlsplit(url)
    if (a.scheme, a.netloc.lower()) != (b.scheme, b.netloc.lower()) or url.split("#", 1)[0] == first_url.split("#", 1)[0]:
        return None
    if a.path == b.path:  # ?page=2 on the article's own address
        qa, qb = dict(parse_qsl(a.query)), dict(parse_qsl(b.query))
        changed = [k for k in qa.keys() | qb.keys() if qa.get(k) != qb.get(k)]
        if len(changed) == 1 and changed[0].lower() in _PAGE_PARAMS and (qb.get(changed[0]) or "").isdigit():
            n = int(qb[changed[0]])
            return n if 1 <= n <= _MAX_NUMBER else None
        return None
    own, other = _stem_ext(a.path), _stem_ext(b.path)
    if own is None or other is None or a.query != b.query:
        return None
    (folder, stem, ext), (folder2, stem2, ext2) = own, other
    if folder != folder2 or ext != ext2 or stem.lower() in _LIST_STEMS:
        return None
    m = re.fullmatch(re.escape(stem) + r"_(\d{1,2})", stem2)
    if m is None:
        return None
    n = int(m.group(1))
    return n if 1 <= n <= _MAX_NUMBER else None


def other_pages(first_url: str, page_url: str, html: str, links: Iterable[Link]) -> list[str]:
    """The other pages of the article at ``first_url`` a page of it (``page_url``, ``html``,
    ``links``) names: its script pager's and its plain pager links', in page order, bounded."""
    found: dict[str, int] = {}
    candidates = trs.page_urls(page_url, html) if "createPageHTML" in html else []
    for url in [*candidates, *(link.url for link in links if not link.body)]:
        url = url.split("#", 1)[0]
        n = page_number(first_url, url)
        if n is not None and url not in found:
            found[url] = n
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
