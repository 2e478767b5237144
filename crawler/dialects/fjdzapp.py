"""Fujian's TRS portals: columns filled by ``list2.trsapi`` from the site's ``/fjdzapp/search``.

Every Fujian government portal on this platform renders a column with::

    require(["list2.trsapi", "tools"], function(listModel, tools) {
        listModel({quickMode: "动静结合", maxStaticIndex: 1,
                   listArgs: {channelid: SiteInfo.searchId, classsql: "" || "chnlid=1813",
                              sortfield: "-docorderpri,-docreltime"},
                   pagebar: {prepage: 10, recordCount: '20', …}});
    });

"动静结合" (static and dynamic) means the first page is static HTML and the others exist only in
the list service: ``POST /fjdzapp/search`` with the form fields ``channelid`` (the site's search
channel, ``SiteInfo.searchId``), ``classsql`` (``chnlid=<column id>``), ``sortfield``, ``page``
(1-based) and ``prepage``; the answer is JSON with a ``data`` list of documents (``doctitle``,
``docpuburl`` / ``chnldocurl``, ``docreltime``) and the counts. Public scrapers of these portals ask
it exactly so. Recognized by the call, never by a site's name.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from .listservice import ListService

SEARCH_PATH = "/fjdzapp/search"
DEFAULT_PER_PAGE = 10

_CALL = re.compile(r"listModel\s*\(\s*\{", re.I)
_MARK = re.compile(r"list\d*\.trsapi|/fjdzapp/search", re.I)


def _arg(name: str, window: str) -> str | None:
    """``name: <expr>`` in a JS object literal: the last non-empty quoted string of the expression
    (``"" || "chnlid=1813"``), a bare number, or a ``Obj.field`` reference left for the caller."""
    m = re.search(rf"(?<![\w$]){name}['\"]?\s*:\s*((?:'[^']*'|\"[^\"]*\"|[^,\n}}'\"])+)", window)
    if not m:
        return None
    expr = m.group(1).strip()
    if "+" in expr and "||" not in expr:  # "chnlid=" + SiteInfo.chnlId: the caller resolves the pieces
        return expr.rstrip(";").strip()
    quoted = [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", expr)]
    non_empty = [q for q in quoted if q.strip()]
    if non_empty:
        return non_empty[-1]
    if quoted:
        return ""
    return expr.rstrip(";").strip()


def _resolve(value: str | None, html: str) -> str | None:
    """``SiteInfo.searchId`` → the number the page sets it to (``searchId: 200210``); a ``+`` of
    strings, numbers and such references (``"chnlid=" + SiteInfo.chnlId``) → the string it makes."""
    if value is None or value.isdigit():
        return value
    if "+" in value:
        pieces = []
        for piece in (p.strip() for p in value.split("+")):
            literal = re.fullmatch(r"'([^']*)'|\"([^\"]*)\"", piece)
            resolved = (literal.group(1) if literal.group(1) is not None else literal.group(2)) if literal \
                else _resolve(piece, html)
            if resolved is None:
                return None
            pieces.append(resolved)
        return "".join(pieces)
    ref = re.fullmatch(r"[A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*)", value)
    if ref:
        m = re.search(rf"(?<![\w$]){re.escape(ref.group(1))}['\"]?\s*:\s*['\"]?(\d+)", html)
        return m.group(1) if m else None
    if re.fullmatch(r"[A-Za-z_$][\w$]*", value):  # a variable: var chnlid = "1813"
        m = re.search(rf"(?<![\w$.]){re.escape(value)}\s*=\s*['\"]?(\d+)", html)
        return m.group(1) if m else None
    return None


def services(page_url: str, html: str) -> list[ListService]:
    """The list service of each ``listModel`` call on the page (usually one)."""
    if not _MARK.search(html):
        return []
    found: list[ListService] = []
    for call in _CALL.finditer(html):
        window = html[call.end(): call.end() + 3000]
        channelid = _resolve(_arg("channelid", window), html)
        classsql = _arg("classsql", window)
        if classsql and "+" in classsql:
            classsql = _resolve(classsql, html)
        if not channelid or not classsql:
            continue
        per_page = _arg("prepage", window)
        params = {"channelid": channelid, "classsql": classsql,
                  "sortfield": _arg("sortfield", window) or "-docorderpri,-docreltime",
                  "prepage": per_page if per_page and per_page.isdigit() else str(DEFAULT_PER_PAGE),
                  "page": "1"}
        found.append(ListService(url=urljoin(page_url, SEARCH_PATH), method="POST", params=params,
                                 page_param="page", dialect="fjdzapp"))
    return found
