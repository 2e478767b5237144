"""Zhejiang's jpaas (大汉 JPaaS) columns: drawn by the publish server's ``build/unit`` API.

A jpaas column page loads its list from
``GET /api-gateway/jpaas-publish-server/front/page/build/unit`` with the page's ``webId``,
``pageId``, ``tplSetId`` (and ``tagId`` when the page names one), ``parseType=bulidstatic``,
``pageType=column`` and ``paramJson={"pageNo": N, "pageSize": "15"}``: the page number sits
inside ``paramJson`` (a bare ``pageNo`` is ignored). The answer is JSON whose ``data.html`` is the
list's markup. Public scrapers of Zhejiang portals ask it so.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from .listservice import ListService

API = "/api-gateway/jpaas-publish-server/front/page/build/unit"
KEYS = ("webId", "pageId", "tplSetId", "tagId")
PAGE_SIZE = "15"


def services(page_url: str, html: str) -> list[ListService]:
    """The column's build/unit call, when the page is a jpaas page naming its ids."""
    if "jpaas-publish-server" not in html:
        return []
    found: dict[str, str] = {}
    for key in KEYS:
        m = re.search(rf"{key}[\"']?\s*[:=]\s*[\"']([^\"']+)", html)
        if m:
            found[key] = m.group(1)
    if not {"webId", "pageId", "tplSetId"} <= found.keys():
        return []
    params = {**found, "parseType": "bulidstatic", "pageType": "column",
              "paramJson": json.dumps({"pageNo": 1, "pageSize": PAGE_SIZE}, separators=(",", ":"))}
    return [ListService(url=urljoin(page_url, API), method="GET", params=params, page_param="pageNo",
                        json_param="paramJson", dialect="jpaas")]
