"""TRS columns whose later pages come from the site's ``trsapi`` list service.

A TRS column of this kind publishes page 1 as static HTML (a few items) and has its script ask
for the others::

    var siteid = "86", channelid = "4127";
    $.getJSON("/list2.trsapi?siteid=" + siteid + "&channelid=" + channelid
              + "&pageindex=" + n + "&pagesize=15", render);

``GET …/list2.trsapi?siteid=…&channelid=…&pageindex=N&pagesize=…`` answers the column's documents
as JSON, their URLs relative to the column (``./202403/t20240311_5521.html``). The ids are read
from the script (a variable or a config key set to a number, or a value written into the URL
itself). Walking the service from page 1 reads the whole column; the static page's items come
again and are known already. Recognized by the service's URL in the script, never by a site's
name. Fujian's ``require(["list2.trsapi"])`` module (which asks ``/fjdzapp/search``) names no
service URL and is :mod:`.fjdzapp`'s.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from .listservice import ListService

# the service's URL in a string: a query follows it (``list2.trsapi?siteid=``), or it is a ``url:``
# or the value of a key or variable (``url: '…'``, ``api: "/trsapi/list2.trsapi"`` in a config object
# the URL is later joined from, ``var api = '…'``), never an array's element (``require(["list2.trsapi"])``)
_SERVICE = re.compile(r"""['"]([^'"\s]*?\w\.trsapi)\?[^'"]*['"]"""
                      r"""|(?<![\w$])[\w$]+['"]?\s*[:=]\s*['"]([^'"\s]*?\w\.trsapi)['"]""", re.I)
SITE, CHANNEL, PAGE, SIZE = "siteid", "channelid", "pageindex", "pagesize"
DEFAULT_PAGE_SIZE = 15
MAX_PAGE_SIZE = 100


def _value(name: str, script: str) -> tuple[str, str] | None:
    """``name`` as the script spells it and the number it is set to: ``siteid = "86"``,
    ``channelId: 4127``, ``?siteid=86`` (case aside)."""
    m = re.search(rf"""(?<![\w$])({name})['"]?\s*[:=]\s*['"]?(\d+)(?![\w.])""", script, re.I)
    return (m.group(1), m.group(2)) if m else None


def _spelling(name: str, script: str) -> str:
    """The request field as the script's URL writes it (``siteId=``), else the platform's name."""
    m = re.search(rf"""[?&]({name})=""", script, re.I)
    return m.group(1) if m else name


def services(page_url: str, html: str) -> list[ListService]:
    """The column's trsapi service, when a script names it with the site and channel ids it needs."""
    if ".trsapi" not in html.lower():
        return []
    service = _SERVICE.search(html)
    site, channel = _value(SITE, html), _value(CHANNEL, html)
    if not service or not site or not channel:
        return []
    size = _value(SIZE, html)
    per_page = min(int(size[1]), MAX_PAGE_SIZE) if size and int(size[1]) > 0 else DEFAULT_PAGE_SIZE
    params = {_spelling(SITE, html): site[1], _spelling(CHANNEL, html): channel[1],
              _spelling(SIZE, html): str(per_page), _spelling(PAGE, html): "1"}
    return [ListService(url=urljoin(page_url, service.group(1) or service.group(2)), method="GET", params=params,
                        page_param=_spelling(PAGE, html), dialect="trsapi", item_base=page_url)]
