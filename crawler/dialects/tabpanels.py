"""Tabs whose panels a handler loads from their own files, on a page shown without a browser.

A column split by year often shows the newest year's list in the page itself and loads another
year's only when its tab is clicked: ``onclick="showYear('2023')"`` over ``function showYear(y) {
$('#box').load('/zwgk/nb/' + y + '.html') }``, or a handler bound by script that reads the tab
(``$('.tab li').click(function () { $.getJSON('/static/nb/' + $(this).data('y') + '.json', …) })``).
The page has links, so it is never rendered: the panels' files are read from the handlers here,
without running them. An HTML panel is another page of the list (``page_urls``); a JSON one is a
list service asked once (``services``). Only files count (``….html``, ``….json``), at least two: a
handler that asks one endpoint whatever is clicked (a pager's ``load(2)`` POSTing to
``/openapi/records``) is a list service, found by rendering the page.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from ..discovery import on_site, without_anchor
from ..script_links import bound_templates, called_url, element_url, navigating_functions
from .listservice import ListService, single_call

MAX_PANELS = 40
_DATA_EXTENSIONS = (".json", ".js", ".xml")
_PANEL_FILE = re.compile(r"\.(s?html?|json|js|xml)$", re.I)  # a panel is a file: a script's endpoint is no tab


def _panel_urls(page_url: str, html: str) -> list[str]:
    """The files the page's tab handlers load, absolute, on the page's site, each once."""
    if "onclick" not in html and ".load(" not in html and "get" not in html.lower():
        return []
    sel = Selector(text=html or "<html></html>", type="html")
    scripts = sel.xpath("//script[not(@src)]/text()").getall()
    loaders = navigating_functions(scripts, loading=True)
    bound = bound_templates(scripts, loading=True)
    if not loaders and not bound:
        return []
    found: dict[str, None] = {}
    for el in sel.xpath("//body//*[@onclick]"):
        url = called_url(el.attrib.get("onclick", ""), loaders, dict(el.attrib)) if loaders else None
        if url:
            found[url] = None
    for parts in bound:
        attrs = sorted({p.partition(":")[2] for p in parts if p.startswith("@")})
        if not attrs or not all(a.replace("-", "").isalnum() for a in attrs) or "id" in attrs:  # any element has an id
            continue
        for el in sel.xpath("//body//*[" + " and ".join(f"@{a}" for a in attrs) + "]"):
            url = element_url(parts, dict(el.attrib))
            if url:
                found[url] = None
    out = []
    for url in found:
        absolute = without_anchor(urljoin(page_url, url))
        if absolute != page_url and on_site(absolute, page_url) and _PANEL_FILE.search(urlsplit(absolute).path):
            out.append(absolute)
    # a row of tabs loads files of their own; one address whatever is clicked is a list service's
    # (its pager's), which the page's render reads instead
    return out[:MAX_PANELS] if len(out) >= 2 else []


def page_urls(page_url: str, html: str) -> list[str]:
    """The tab panels that are HTML: more pages of this list."""
    return [u for u in _panel_urls(page_url, html) if not urlsplit(u).path.lower().endswith(_DATA_EXTENSIONS)]


def services(page_url: str, html: str) -> list[ListService]:
    """The tab panels that are data files (``/static/nb/2023.json``): each asked once."""
    return [single_call(u, "GET", None, dialect="tab-panel") for u in _panel_urls(page_url, html)
            if urlsplit(u).path.lower().endswith(_DATA_EXTENSIONS)]
