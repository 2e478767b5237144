"""Signs that a column is built by script: the page to render in a browser.

A column whose items come from a list service no dialect knows shows it: no static report links,
and either an empty list container (``<ul id="list"></ul>``) or scripts that call a service
(``$.ajax``, ``fetch(``, ``axios``, ``XMLHttpRequest``) or name list / search / API URLs. Such a
page is rendered once and the service it calls is recorded (:mod:`crawler.browser`).
"""

from __future__ import annotations

import re

from parsel import Selector

_CALLS = re.compile(r"\$\.(ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|\baxios\b|XMLHttpRequest|\.load\s*\(\s*['\"]")
_SERVICE_URL = re.compile(r"['\"][^'\"\s]*(/api/|/search|/service|list|query|page|\.do\b|\.action\b|\.json\b|data)[^'\"\s]*['\"]",
                          re.I)
_CONTAINER = re.compile(r"list|news|article|item|result|data|con(tent)?\b|lb|wz", re.I)


def empty_containers(sel: Selector) -> list[str]:
    """ids/classes of list containers that hold no element and no text (filled by script): any
    named ``<ul>``, ``<ol>`` or ``<tbody>``, and divs named like a list."""
    found = []
    for node in sel.xpath("//ul | //ol | //tbody | //div[@id or @class]"):
        name = " ".join(filter(None, (node.attrib.get("id"), node.attrib.get("class"))))
        # a list element is a list whatever it is called (<ul id="docs">); a div only by its name
        if not name or (node.root.tag == "div" and not _CONTAINER.search(name)):
            continue
        if node.xpath("./*") or "".join(node.xpath(".//text()").getall()).strip():
            continue
        found.append(name)
    return found


def signs(sel: Selector) -> str | None:
    """Why the page looks script-built (for the log and the error row), or None."""
    scripts = " ".join(sel.xpath("//script[not(@src)]/text()").getall())
    calls = _CALLS.search(scripts)
    urls = _SERVICE_URL.search(scripts) if calls else None
    empty = empty_containers(sel)
    if calls and (urls or empty):
        return f"script calls a list service ({calls.group(0).strip()}" + (f", {urls.group(0)}" if urls else "") + \
            (f"; empty container {empty[0]!r}" if empty else "") + ")"
    if empty and re.search(r"<script", sel.get() or "", re.I):
        return f"empty list container {empty[0]!r} and scripts"
    return None
