"""Hanweb's 信息公开 module: a catalogue column drawn by ``POST /module/xxgk/search.jsp``.

A Hanweb disclosure catalogue page names its area in the tree it loads
(``/module/xxgk/tree.jsp?area=002482429``) and often the search call's fields in its script
(``infotypeId``, ``jdid``, ``divid``, ``sortfield``). The list is the answer of
``POST /module/xxgk/search.jsp`` with those fields and ``currpage`` (1-based): an HTML fragment of
table rows, each ``<a href title>``. Public scrapers of Zhejiang and Heilongjiang portals ask it
so. The answer is read like any list (links classified by their titles); paging stops when a page
brings nothing new.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urljoin

from .listservice import ListService

SEARCH_PATH = "/module/xxgk/search.jsp"
FIELDS = ("infotypeId", "jdid", "area", "divid", "sortfield", "texttype", "fbtime", "standardXxgk", "isAllList")
_AREA = re.compile(r"tree\.jsp\?[^'\"]*?area=([^&'\"]+)")
_SEARCH = re.compile(r"module/xxgk/search\.jsp\??([^'\"\s<>]*)")


def _field(name: str, text: str) -> str | None:
    m = re.search(rf"(?<![\w$]){name}['\"]?\s*[:=]\s*['\"]([^'\"]*)['\"]", text)
    if m:
        return m.group(1)
    m = re.search(rf"[?&]{name}=([^&'\"\s]*)", text)
    return unquote(m.group(1)) if m else None


def services(page_url: str, html: str) -> list[ListService]:
    """The catalogue's search, when the page calls search.jsp or loads the xxgk tree with an area."""
    search = _SEARCH.search(html)
    area = _AREA.search(html)
    if not search and not area:
        return []
    params = {"infotypeId": "", "vc_title": "", "vc_number": "", "vc_filenumber": "", "vc_all": "", "area": ""}
    if search and search.group(1):
        params.update((k, v) for k, v in parse_qsl(search.group(1).replace("&amp;", "&"), keep_blank_values=True)
                      if k in FIELDS)
    for name in FIELDS:
        value = _field(name, html)
        if value is not None and not params.get(name):
            params[name] = value
    if area and not params.get("area"):
        params["area"] = unquote(area.group(1))
    if not (params.get("area") or params.get("infotypeId") or params.get("jdid")):
        return []
    params["currpage"] = "1"
    return [ListService(url=urljoin(page_url, SEARCH_PATH), method="POST", params=params, page_param="currpage",
                        dialect="hanweb-xxgk")]
