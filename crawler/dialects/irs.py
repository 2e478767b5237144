"""TRS 海云 IRS columns: a list drawn from ``POST /irs/front/list`` (or ``/irs/front/search``).

Portals on TRS's Hycloud platform (provincial and city sites, ministries) often leave a column's
list to the IRS retrieval service. The column's script posts a JSON body it writes out as an
object literal::

    $.ajax({url: "/irs/front/list", type: "POST", contentType: "application/json",
            data: JSON.stringify({code: "18a7c3f2b1e", tableName: "t_1863d41c5e2", pageNo: 1, pageSize: 10,
                                  customFilter: {operator: "and", properties: [
                                      {property: "channel_id", operator: "eq", value: "57421"}]},
                                  sorts: [{sortField: "save_time", sortOrder: "DESC"}]}), …});

and the answer is JSON (``data.list`` or ``data.middle.listAndBox[].data`` of records with a title
and a URL, ``data.pager`` with ``pageNo`` / ``pageCount`` / ``total``). Public scrapers of these
portals post exactly such bodies. The body is sent as the page wrote it, only ``pageNo`` walked
(1-based); a body held in a variable (``var param = {…}; … JSON.stringify(param)``) is read
from that variable. Recognized by the service's path, never by a site's name.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from .listservice import ListService

_SERVICE = re.compile(r"""['"]((?:https?://[^'"\s/]+)?[^'"\s]*?/irs/front/(?:list|search))(?:\?[^'"]*)?['"]""", re.I)
_STRINGIFY = re.compile(r"JSON\.stringify\s*\(\s*(?=[{A-Za-z_$])")
_PAGE_KEYS = ("pageNo", "pageNum", "page", "currPage")
MAX_BODY = 20_000  # characters of an object literal: a request body, not a bundle's data


def _body(script: str, start: int) -> dict[str, Any] | None:
    """The object literal (or the variable holding one) ``JSON.stringify(`` is given at ``start``."""
    from ..directory import _as_json, _balanced  # the JS-literal reader discovery uses

    if script[start] != "{":
        name = re.match(r"[A-Za-z_$][\w$]*", script[start:])
        if not name:
            return None
        assignments = list(re.finditer(rf"(?<![\w$.]){re.escape(name.group(0))}\s*=\s*(?=\{{)", script[:start]))
        if not assignments:
            return None
        start = assignments[-1].end()  # the last assignment before the call
    literal = _balanced(script, start, MAX_BODY)
    if literal is None:
        return None
    try:
        data = json.loads(_as_json(literal))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def services(page_url: str, html: str) -> list[ListService]:
    """The column's IRS service, when a script posts it a JSON body with a page number."""
    if "/irs/front/" not in html:
        return []
    service = _SERVICE.search(html)
    if not service:
        return []
    found: list[ListService] = []
    for call in _STRINGIFY.finditer(html):
        body = _body(html, call.end())
        page_key = next((k for k in _PAGE_KEYS if k in (body or {})), None)
        if body is None or page_key is None:
            continue
        body[page_key] = 1 if not isinstance(body[page_key], str) else "1"
        found.append(ListService(url=urljoin(page_url, service.group(1)), method="POST", body="json",
                                 json_body=json.dumps(body, ensure_ascii=False), page_param=page_key,
                                 dialect="irs", item_base=page_url))
    unique = {(s.url, s.json_body): s for s in found}
    return list(unique.values())
