"""TRS WAS5 list service: the later pages of a TRS column that only its script can reach.

A TRS 海云 column publishes a few static pages (``index.html``, ``index_1.html``) and leaves the
rest to the WAS5 search service; the list script is configured by a call such as::

    listModel({maxStaticIndex: 1, dynUrl: '/was5/web/search', channelid: '288104', chnlid: '4512',
               pagebar: {prepage: 6, recordCount: '21'}})

and asks ``GET /was5/web/search?channelid=…&templet=docs.jsp&classsql=chnlid%3D…&prepage=…&page=N``
(1-based), which answers the column's documents as JSON (often under ``text/html``) with ``docs``
(``title``, ``url``) and ``count`` / ``pagecount``. Walking that service from page 1 reads the whole
column, the static pages' items included. Real TRS sites (Fuzhou, Putian) ask it in this shape.

Other sites write the request whole in their script, its fields as they mean them
(``'/was5/web/search?channelid=254874&chnlid=2147438998&page=' + n``, a ``searchword`` or a
``templet`` of their own): those fields are asked as written, only the page number walked.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin

from .listservice import ListService

_SERVICE = re.compile(r"""['"]([^'"\s]*/was5/web/search)['"]""", re.I)
# the request written whole: '/was5/web/search?channelid=…&chnlid=…&page=' (+ n)
_WRITTEN = re.compile(r"""['"]([^'"\s?]*/was5/web/search)\?([^'"\s]*channelid=[^'"\s]*)['"]""", re.I)
_VOLATILE = frozenset({"random", "_", "callback", "t"})  # a cache buster or a JSONP name, not a field
DEFAULT_TEMPLET = "docs.jsp"
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 20  # WAS5 templates cap the page size


def _value(name: str, html: str) -> str | None:
    """A config key's value in the script: ``channelid: '288104'``, ``"chnlid": 4512``, ``prepage: 6``."""
    m = re.search(rf"""(?<![\w$]){name}['"]?\s*[:=]\s*['"]?([\w.%-]+)""", html)
    return m.group(1) if m else None


def services(page_url: str, html: str) -> list[ListService]:
    """The column's WAS5 service, when a script names it with the channel and column ids it needs."""
    if "/was5/web/search" not in html:
        return []
    written = _WRITTEN.search(html)
    if written:
        fields = {k: v for k, v in parse_qsl(written.group(2).replace("&amp;", "&"), keep_blank_values=True)
                  if k.lower() not in _VOLATILE}
        page_param = next((k for k in fields if k.lower() in ("page", "pageno", "curpage")), "page")
        fields[page_param] = "1"
        return [ListService(url=urljoin(page_url, written.group(1)), method="GET", params=fields,
                            page_param=page_param, dialect="was5", item_base=page_url)]
    service = _SERVICE.search(html)
    channel, column = _value("channelid", html), _value("chnlid", html)
    if not service or not channel or not column:
        return []
    size = _value("prepage", html)
    per_page = min(int(size), MAX_PAGE_SIZE) if size and size.isdigit() and int(size) > 0 else DEFAULT_PAGE_SIZE
    params = {"channelid": channel, "templet": _value("templet", html) or DEFAULT_TEMPLET,
              "sortfield": "-docorderpri,-docreltime", "classsql": f"chnlid={column}",
              "prepage": str(per_page), "page": "1"}
    return [ListService(url=urljoin(page_url, service.group(1)), method="GET", params=params,
                        page_param="page", dialect="was5", item_base=page_url)]
