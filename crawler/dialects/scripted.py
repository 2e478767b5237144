"""Signs that a column is built by script: the page to render in a browser.

A column whose items come from a list service no dialect knows shows it: no static report links,
and either an empty list container (``<ul id="list"></ul>``) or scripts that call a service
(``$.ajax``, ``fetch(``, ``axios``, ``XMLHttpRequest``) or name list / search / API URLs. Such a
page is rendered once and the service it calls is recorded (:mod:`crawler.browser`).

A column whose first page is static can still be paged by script (动静结合): a 下一页 / 加载更多
control that is no followable link (``href="javascript:;"``, a button, an ``onclick``), or an
empty pager container a script fills (``<div id="pager"></div>`` and ``laypage.render``):
:func:`script_pager`. Rendered once too, its pager is clicked once to learn how pages are asked.
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


# the controls a pager offers, as their text reads (the browser's click looks for the same)
_NEXT_TEXT = re.compile(r"^(下一?页|后页|下一頁|下一?页\s*[>»]+|[>»›＞]{1,2}|加载更多|查看更多|点击加载更多|显示更多|load\s*more)$",
                        re.I)
_PAGER_NAME = re.compile(r"pag|fenye|pager|turn", re.I)
_PAGER_WIDGET = re.compile(r"laypage|\.pagination\s*\(|\.paging\s*\(|\.pager\s*\(|createPage\w*\s*\(|new\s+\w*Pag\w*\s*\(|"
                           r"twbsPagination|jqPaginator|\.page\s*\(\s*\{", re.I)
_DISABLED = re.compile(r"disabled|disable|unable|noclick|\bgray\b|\bgrey\b", re.I)
_ONE_PAGE = re.compile(r"共\s*1\s*页|(?:第|页次[:：]?)\s*1\s*/\s*1\s*页?")
_NEXT_NAME = re.compile(r"(?:^|[\s_-])(?:next|nextpage|pagenext|xyy)(?:[\s_-]|$)", re.I)
_BOUND_NAME = re.compile(r"next|more|load|pag|xyy", re.I)
_REAL_HREF = re.compile(r"^\s*(?!javascript:|#|$)", re.I)


def script_pager(sel: Selector) -> str | None:
    """Why a column's other pages look reachable only by script (for the log), or None: a
    next-page / load-more control that is no followable link, or an empty pager container, on a
    page with scripts and more than one page."""
    if not sel.xpath("//script") or _ONE_PAGE.search(" ".join(sel.xpath("//body//text()").getall())):
        return None
    for node in sel.xpath("//a | //button | //input[@type='button' or @type='submit'] | //span | //li | //div | //em"):
        text = "".join(node.xpath(".//text()").getall()).strip() or node.attrib.get("value", "").strip() \
            or node.attrib.get("title", "").strip() or node.attrib.get("aria-label", "").strip() \
            or (node.xpath("./img/@alt").get() or "").strip()
        if not text and node.root.tag in ("a", "button") and _NEXT_NAME.search(node.attrib.get("class", "")):
            text = "»"  # an icon-only next button (<button class="btn-next"><i class="icon-right"></i></button>)
        if not text or len(text) > 12 or not _NEXT_TEXT.match(text):
            continue
        if any("".join(child.xpath(".//text()").getall()).strip() == text for child in node.xpath("./*")):
            continue  # the control is the element inside (<div class="page"><a>下一页</a></div>)
        names = " ".join(filter(None, (node.attrib.get("class"), node.attrib.get("id"))))
        if _DISABLED.search(names) or "disabled" in node.attrib:
            continue
        link = node.xpath("ancestor-or-self::a[1]")
        if link and _REAL_HREF.match(link[0].attrib.get("href", "")):
            continue  # a link the static pager follows
        # a link to script, a button, or an element a handler is bound to (its onclick, or a name such
        # as class="next" / "load-more" that a script binds); a bare text is a static pager's last page
        scripted = node.attrib.get("onclick") or (link and link[0].attrib.get("onclick")) or \
            (link and link[0].attrib.get("href", "").strip().lower().startswith("javascript:")) or \
            node.root.tag in ("button", "input") or (not link and _BOUND_NAME.search(names))
        if scripted:
            return f"a pager control {text!r} that is no link"
    # an empty pager container the page's own script names (getElementById('pager'), elem: 'page',
    # $('.pagination')) or fills with a pager widget (laypage, pagination()): a static list's last
    # page leaves its pager empty too, but no script of its own names it
    inline = " ".join(sel.xpath("//script[not(@src)]/text()").getall())
    for node in sel.xpath("//div[@id or @class] | //ul[@id or @class] | //span[@id or @class] | //nav[@id or @class]"):
        names = [n for n in (node.attrib.get("id"), *(node.attrib.get("class") or "").split()) if n]
        if not any(_PAGER_NAME.search(n) for n in names) or node.xpath("./*") \
                or "".join(node.xpath(".//text()").getall()).strip():
            continue
        if _PAGER_WIDGET.search(inline) or any(re.search(r"['\"#.]" + re.escape(n) + r"['\"\s]", inline) for n in names):
            return f"an empty pager container {' '.join(names)!r} its script fills"
    return None
