"""An archived HTML page as a reader should see it: a banner saying it is a copy, links into the archive.

What replay tools such as pywb and ReplayWeb.page do, for the simple case this archive serves:

- a banner at the top of the body: 存档副本 archived copy, when it was captured, its original URL, and
  links to the report's page and to the bytes exactly as the portal served them (``?raw=1``);
- every link of the page (``href``, ``src``, ``srcset``, ``action``, CSS ``url()``) is resolved against
  the page's original URL; one the archive holds becomes a link to its archived copy (the version
  captured closest before this page, else the first after), any other points at the live web;
- the page is re-encoded as UTF-8 (GBK pages included), its own charset declarations and ``<base>``
  replaced.

The bytes stay untouched in the WARC and under ``?raw=1``. The response keeps
``Content-Security-Policy: sandbox`` (:mod:`crawler.publish.plugin`): scripts of the archived page
never run on the archive's origin.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urldefrag

import lxml.html
from lxml import etree
from markupsafe import escape

from parsers.decode import decode

BANNER_ID = "nianbao-archive-banner"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() in HTML_TYPES


def closest(captures: Iterable[tuple[str, str]], when: str) -> str | None:
    """The key of the capture at or before ``when`` (latest such), else the earliest after it."""
    before = [(t or "", k) for k, t in captures if (t or "") <= when]
    if before:
        return max(before)[1]
    after = sorted((t or "", k) for k, t in captures)
    return after[0][1] if after else None


def banner(*, original_url: str, captured: str | None, report_href: str | None, raw_href: str,
           joined: list[tuple[str, str]] | None = None) -> str:
    """The archive's banner over a replayed page. ``joined``: (page URL, archived-copy link) of
    every page of an article cut by page breaks whose joined text the report was read from."""
    style = ("all:initial;display:block;box-sizing:border-box;width:100%;padding:8px 12px;margin:0 0 8px 0;"
             "background:#fff3cd;border-bottom:2px solid #c9a227;color:#222;font:14px/1.5 sans-serif;")
    link = "color:#0645ad;text-decoration:underline;font:inherit;"
    parts = ['<strong style="font:inherit;font-weight:bold">存档副本 archived copy</strong>']
    if captured:
        parts.append(f"抓取于 captured on {escape(captured)}")
    parts.append(f'原始网址 original URL: <a style="{link}" href="{escape(original_url)}">{escape(original_url)}</a>')
    if report_href:
        parts.append(f'<a style="{link}" href="{escape(report_href)}">报告页 report page</a>')
    parts.append(f'<a style="{link}" href="{escape(raw_href)}">原始字节 bytes as served</a>')
    if joined:
        pages = " ".join(f'<a style="{link}" href="{escape(href)}" title="{escape(url)}">{n}</a>'
                         for n, (url, href) in enumerate(joined, 1))
        parts.append(f"本报告由{len(joined)}页合并读取 read from {len(joined)} pages joined: {pages}")
    return f'<div id="{BANNER_ID}" style="{style}">{" · ".join(parts)}</div>'


def _links(doc: lxml.html.HtmlElement) -> set[str]:
    return {urldefrag(link)[0] for _, _, link, _ in doc.iterlinks() if link.startswith(("http://", "https://"))}


def _parse(body: bytes, content_type: str | None, page_url: str
           ) -> tuple[lxml.html.HtmlElement, list[tuple[lxml.html.HtmlElement, str, str]]] | None:
    """The page with absolute links, and the in-page links (``href="#x"``) as they were written."""
    try:
        text, _ = decode(body, content_type)
        doc = lxml.html.document_fromstring(text)
    except (ValueError, etree.ParserError):
        return None
    in_page = [(el, attr, link) for el, attr, link, _ in doc.iterlinks() if attr and link.startswith("#")]
    doc.make_links_absolute(page_url, resolve_base_href=True, handle_failures="ignore")
    return doc, in_page


def page_links(body: bytes, content_type: str | None, page_url: str) -> list[str] | None:
    """Every absolute http(s) link of the page (without fragments); None when it is not parseable HTML."""
    parsed = _parse(body, content_type, page_url)
    return None if parsed is None else sorted(_links(parsed[0]))


def rewrite(body: bytes, content_type: str | None, *, page_url: str, targets: dict[str, str],
            banner_html: str) -> bytes | None:
    """The page with its banner and rewritten links, as UTF-8; None when it cannot be parsed as HTML.

    ``targets``: original URL → link to its archived copy, for the links of :func:`page_links` the
    archive holds.
    """
    parsed = _parse(body, content_type, page_url)
    if parsed is None:
        return None
    doc, in_page = parsed
    for base in doc.xpath("//base"):
        base.drop_tree()
    for meta in doc.xpath("//meta[@charset] | //meta[translate(@http-equiv, 'CONTENT-TYPE', 'content-type')"
                          " = 'content-type']"):
        meta.drop_tree()
    page_base = urldefrag(page_url)[0]

    def relink(link: str) -> str:
        target, fragment = urldefrag(link)
        if target == page_base and fragment:
            return "#" + fragment
        if target in targets:
            return targets[target] + (f"#{fragment}" if fragment else "")
        return link

    doc.rewrite_links(relink, resolve_base_href=False)
    for el, attr, link in in_page:  # a jump inside the page stays inside the copy
        el.set(attr, link)
    head = doc.find("head")
    if head is None:
        head = etree.Element("head")
        doc.insert(0, head)
    head.insert(0, etree.Element("meta", charset="utf-8"))
    body_el = doc.find("body")
    if body_el is None:
        body_el = doc
    body_el.insert(0, lxml.html.fragment_fromstring(banner_html))
    return b"<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="utf-8", method="html")
