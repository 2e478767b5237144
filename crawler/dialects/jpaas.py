"""Zhejiang's jpaas (大汉 JPaaS) columns: drawn by the publish server's ``build/unit`` API.

A jpaas column page is an empty ``<div>`` its script fills from ``…/front/page/build/unit`` with
the page's ``webId``, ``pageId``, ``tplSetId`` (and ``tagId`` when the page names one),
``parseType=bulidstatic``, ``pageType=column`` and ``paramJson={"pageNo": N, "pageSize": "15"}``:
the page number sits inside ``paramJson`` (a bare ``pageNo`` is ignored). The answer is JSON
whose ``data.html`` is the list's markup. Public scrapers of Zhejiang portals ask it so.

Deployments differ in where the API sits and how it is asked: the gateway's
``/api-gateway/jpaas-publish-server/front/page/build/unit`` by GET, or the page's own
``/jpaas-jpage-server/front/page/build/unit`` by a jQuery ``$.ajax({type: 'POST', …})`` with a
form body. The URL, the method and the page size are read from the page's script when it states
them; the gateway's GET is the default.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from .listservice import ListService

API = "/api-gateway/jpaas-publish-server/front/page/build/unit"
KEYS = ("webId", "pageId", "tplSetId", "tagId", "parseType", "pageType")
DEFAULTS = {"parseType": "bulidstatic", "pageType": "column"}
PAGE_SIZE = "15"
MAX_PAGE_SIZE = 50
# the unit API a page's script names, whatever its prefix
_UNIT_URL = re.compile(r"""["']((?:https?:)?(?://[^"'\s/]+)?/[\w./-]*/front/page/build/unit)(?:\?[^"']*)?["']""")
_POST = re.compile(r"""\btype\s*:\s*["']post["']|\bmethod\s*:\s*["']post["']|\$\.post\s*\(""", re.I)
_PAGE_SIZE = re.compile(r"""\bpageSize\b["']?\s*[:=]\s*(?:String\()?["']?(\d{1,3})\b""")
_WINDOW = 600  # characters either side of the API's URL where its call is written


def services(page_url: str, html: str) -> list[ListService]:
    """The column's build/unit call, when the page is a jpaas page naming its ids."""
    named = _UNIT_URL.search(html)
    if named is None and "jpaas-publish-server" not in html:
        return []
    found: dict[str, str] = {}
    for key in KEYS:
        m = re.search(rf"\b{key}[\"']?\s*[:=]\s*[\"']([^\"']+)", html)
        if m:
            found[key] = m.group(1)
    if not {"webId", "pageId", "tplSetId"} <= found.keys():
        return []
    url, method = urljoin(page_url, API), "GET"
    if named is not None:
        url = urljoin(page_url, named.group(1))
        call = html[max(0, named.start() - _WINDOW): named.end() + _WINDOW]
        method = "POST" if _POST.search(call) else "GET"
    size = _PAGE_SIZE.search(html)
    page_size = size.group(1) if size and 0 < int(size.group(1)) <= MAX_PAGE_SIZE else PAGE_SIZE
    params = {**DEFAULTS, **found,
              "paramJson": json.dumps({"pageNo": 1, "pageSize": page_size}, separators=(",", ":"))}
    return [ListService(url=url, method=method, params=params, page_param="pageNo", json_param="paramJson",
                        dialect="jpaas")]
