"""Guangdong's gkmlpt (政府信息公开目录平台): every column is one JSON API.

A gkmlpt page (``/gkmlpt/index``, ``/gkmlpt/annualreport`` …) is an empty shell whose script
sets the site id (``SID: '755031'``) and loads a column by its id
(``/gkmlpt/index#2811``, or ``/gkmlpt/api/all/2811`` named in the page). The list service is
``GET /gkmlpt/api/all/<column id>?page=N&sid=<SID>`` (1-based); the answer is JSON with an
``articles`` list (``title``, ``url``) and ``total``. Public scrapers of Guangdong portals ask it
exactly so.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from .listservice import ListService

_SID = re.compile(r"\bSID['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_API = re.compile(r"/gkmlpt/api/all/(\d+)")
_FRAGMENT_ID = re.compile(r"^(\d+)$")


def services(page_url: str, html: str) -> list[ListService]:
    """The column's API, when the page is a gkmlpt page naming its site id and column id."""
    if "/gkmlpt/" not in page_url and "gkmlpt" not in html:
        return []
    sid = _SID.search(html)
    if not sid:
        return []
    ids = dict.fromkeys(_API.findall(html))
    fragment = urlsplit(page_url).fragment
    if _FRAGMENT_ID.match(fragment):
        ids = {fragment: None, **ids}
    base = page_url.split("/gkmlpt/")[0] + "/" if "/gkmlpt/" in page_url else urljoin(page_url, "/")
    return [ListService(url=urljoin(base, f"gkmlpt/api/all/{cid}"), method="GET",
                        params={"page": "1", "sid": sid.group(1)}, page_param="page", dialect="gkmlpt")
            for cid in ids if cid != "0"]
