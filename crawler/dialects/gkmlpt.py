"""Guangdong's gkmlpt (政府信息公开目录平台): every column is one JSON API.

A gkmlpt page (``/gkmlpt/index``, ``/gkmlpt/annualreport`` …) is an empty shell whose script
sets the site id (``SID: '755031'``) and loads a column by its id
(``/gkmlpt/index#2811``, or ``/gkmlpt/api/all/2811`` named in the page). The list service is
``GET /gkmlpt/api/all/<column id>?page=N&sid=<SID>`` (1-based); the answer is JSON with an
``articles`` list (``title``, ``url``) and ``total``. Public scrapers of Guangdong portals ask it
exactly so; the ``sid`` is left out when the page names none (the API answers a department's
``/zqhjj/gkmlpt/api/all/2972?page=1`` without it). A page listing several columns links each only by its fragment (``<a href="#2741">本级年报``,
``<a href="#2742">部门年报``): the shell routes every one through the same API, so every column id
found in the fragment of a link back to this page is a column of its own.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from .listservice import ListService

_SID = re.compile(r"\bSID['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_API = re.compile(r"/gkmlpt/api/all/(\d+)")
_FRAGMENT_ID = re.compile(r"^(\d+)$")
_FRAGMENT_LINK = re.compile(r"""href\s*=\s*["']([^"'#]*)#(\d+)["']""", re.I)


def _fragment_columns(page_url: str, html: str) -> list[str]:
    """Column ids of links that route this very page to a column (``#2742``, ``annualreport#2742``)."""
    path = urlsplit(page_url).path
    return [cid for href, cid in _FRAGMENT_LINK.findall(html)
            if not href or urlsplit(urljoin(page_url, href)).path == path]


def services(page_url: str, html: str) -> list[ListService]:
    """The column's API, when the page is a gkmlpt page naming its site id and column id."""
    if "/gkmlpt/" not in page_url and "gkmlpt" not in html:
        return []
    sid = _SID.search(html)
    if not sid and "/gkmlpt/" not in page_url:
        return []  # elsewhere the site id is what says the page is a gkmlpt shell
    ids = dict.fromkeys([*_API.findall(html), *_fragment_columns(page_url, html)])
    fragment = urlsplit(page_url).fragment
    if _FRAGMENT_ID.match(fragment):
        ids = {fragment: None, **ids}
    base = page_url.split("/gkmlpt/")[0] + "/" if "/gkmlpt/" in page_url else urljoin(page_url, "/")
    site = {"sid": sid.group(1)} if sid else {}  # the API answers without it too (a site's own path names it)
    return [ListService(url=urljoin(base, f"gkmlpt/api/all/{cid}"), method="GET",
                        params={"page": "1", **site}, page_param="page", dialect="gkmlpt")
            for cid in ids if cid != "0"]
