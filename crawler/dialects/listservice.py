"""A column's list service: the JSON (or XML) endpoint a script-built list is filled from.

Portals more and more ship a column as an empty ``<ul>`` and a script that asks a list service
for its items, page by page. Whether the service was named by a platform dialect (Fujian's
``/fjdzapp/search``, Guangdong's gkmlpt API) or recorded while a browser rendered the page, it is
walked the same way: ask for page 1, 2, … by its page parameter until a page brings nothing new,
the service's own page count is reached, or the site's page budget is spent.

Items are read from the answer without knowing its schema: every JSON object that has a
title-like string (``title``, ``doctitle``, ``name``…) and a URL-like string (``url``,
``docpuburl``, ``link``…) is one item; HTML fragments inside the answer give their ``<a href>``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from ..discovery import Link, without_anchor
from . import item_urls

# Page parameters, most specific first (matched without case); the value counts pages unless it
# counts records (OFFSET). Where in the request they sit does not matter: query, form or JSON body.
PAGE_PARAMS = ("pageNo", "pgNo", "pageNum", "pageIndex", "currentPage", "curPage", "pageNumber", "page_no",
               "page_num", "page_index", "pageNow", "pageCurrent", "currPage", "current", "page", "pn", "p",
               "startrecord", "startRecord", "start", "offset", "skip", "from")
OFFSET_PARAMS = frozenset({"startrecord", "start", "offset", "skip", "from"})
SIZE_PARAMS = ("pageSize", "pgSz", "pgSize", "page_size", "perpage", "prepage", "perPage", "per_page", "rows",
               "limit", "lim", "size", "pagesize", "ps", "num", "length")
_OFFSET_WORD = re.compile(r"start|offset|skip|from|begin", re.I)
MAX_SERVICE_PAGES = 200

_TITLE_KEY = re.compile(r"^(doc)?title$|title|^name$|subject|^bt$|^mc$", re.I)
_URL_KEY = re.compile(r"url|link|href|^path$|^src$", re.I)
_URL_VALUE = re.compile(r"^(https?://|/|\./|\.\./)|\.(s?html?|jsp|aspx?|php|pdf|docx?|wps|xlsx?)(\?|$)", re.I)
_LINK_VALUE = re.compile(r"^(https?://[^\s]+|/[^\s<>]*)$")  # a whole value that is a link
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TOTAL_KEY = re.compile(r"^(total|totalcount|total_count|recordcount|totalrecord|totalrecords|totalelements|"
                        r"totalnum|totalsize|count|allcount|recordsfiltered|recordstotal)$", re.I)
_PAGES_KEY = re.compile(r"^(pagecount|totalpage|totalpages|total_page|pages|pagetotal|maxpage|tp)$", re.I)
_HTML_FRAGMENT = re.compile(r"<a\s[^>]*href", re.I)


@dataclass
class ListService:
    """One list service and how to ask it for page ``n``.

    ``params`` are the query (GET) or form / JSON body (POST) fields of the first request, the
    page parameter included; ``first`` is that parameter's value on page 1 and ``step`` what it
    grows by per page (1 for page numbers, the page size for record offsets).
    """

    url: str
    method: str = "GET"
    params: dict[str, str] = field(default_factory=dict)
    page_param: str = "page"
    first: int = 1
    step: int = 1
    body: str = "form"  # form | json (POST bodies only)
    dialect: str = "recorded"
    list_title: str | None = None
    json_param: str | None = None  # the page parameter sits inside this field's JSON (jpaas paramJson)
    json_body: str | None = None  # the recorded JSON body: sent again as it was, the page field changed
    url_rules: list[dict[str, Any]] | None = None  # build item URLs the answer lacks (:mod:`.item_urls`)
    item_base: str | None = None  # what relative item URLs resolve against: the page that showed them
    path_template: str | None = None  # the page number sits in the path: this URL with "{page}" for it
    headers: dict[str, str] = field(default_factory=dict)  # the recorded call's own headers (a site key, say)
    cursor_key: str | None = None  # the answer's field holding the next page's opaque cursor (``next``)
    cursor_param: str | None = None  # the request field the cursor goes back in (query or body, as recorded)
    cursors: list[str] = field(default_factory=list)  # cursors sent so far; the last one is the next page's
    # learned by clicking the pager once (:func:`learn_pager`): the click's own request, replayed with
    # its moving fields set for page n: {"url", "method", "where": path|query|body, "fields": [[name,
    # first, step], …], "body", "body_kind": form|json|multipart, "body_type"}
    learned: dict[str, Any] | None = None
    pages: int | None = None  # the page count the rendered pager stated (共5页), when the answers state none
    # keyset paging (``lastId=<the last item's id>``): the record field whose value on the last item of
    # an answer is the learned field's value for the next page (:func:`keyset_key`); sent in ``cursors``
    keyset_key: str | None = None

    def page_value(self, n: int) -> int:
        """The page parameter's value for page ``n`` (1-based)."""
        return self.first + (n - 1) * self.step

    def request_args(self, n: int) -> dict[str, Any]:
        """``url``, ``method``, ``body`` and ``headers`` for a Scrapy Request of page ``n``."""
        if self.learned:
            shape = self.learned
            if self.keyset_key and self.cursors:  # the learned field carries the last item's key
                name = shape["fields"][0][0]
                shape = {**shape, "fields": [[name, int(self.cursors[-1]), 0]]}
            return _learned_args(shape, n, self.headers)
        params = dict(self.params)
        url, data = self.url, None
        if self.cursor_param:  # no page number: the cursor the last answer gave, where the request had it
            if self.cursors:
                params[self.cursor_param] = self.cursors[-1]
            if self.json_body and self.method == "POST":
                data = {**json.loads(self.json_body), **({self.cursor_param: self.cursors[-1]} if self.cursors else {})}
        elif self.path_template:  # /api/gknb/list_1.json → list_2.json
            url = self.path_template.replace("{page}", str(self.page_value(n)))
            data = json.loads(self.json_body) if self.json_body else None
        elif self.json_param:
            inner = json.loads(params.get(self.json_param) or "{}")
            old = inner.get(self.page_param)
            inner[self.page_param] = str(self.page_value(n)) if isinstance(old, str) else self.page_value(n)
            params[self.json_param] = json.dumps(inner, ensure_ascii=False, separators=(",", ":"))
        elif self.json_body and self.method == "POST":
            data = self._json_page(n)
        else:
            params[self.page_param] = str(self.page_value(n))
        if self.method == "GET":
            parts = urlsplit(url)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            query.update(params)
            args: dict[str, Any] = {"url": urlunsplit(parts._replace(query=urlencode(query))), "method": "GET"}
            headers: dict[str, str] = {}
        elif self.body == "json":
            args = {"url": url, "method": "POST",
                    "body": json.dumps(data if data is not None else params, ensure_ascii=False)}
            headers = {"Content-Type": "application/json;charset=UTF-8", "X-Requested-With": "XMLHttpRequest"}
        else:
            args = {"url": url, "method": "POST", "body": urlencode(params)}
            headers = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                       "X-Requested-With": "XMLHttpRequest"}
        headers = {**self.headers, **headers}
        if headers:
            args["headers"] = headers
        return args

    def _json_page(self, n: int) -> Any:
        """The recorded JSON body with the page field (``a.b`` for a nested one) set to page ``n``,
        every other field with its own type (a number stays a number)."""
        data = json.loads(self.json_body or "{}")
        *path, last = self.page_param.split(".")
        node = data
        for key in path:
            node = node.setdefault(key, {})
        old = node.get(last)
        node[last] = self.page_value(n) if not isinstance(old, str) else str(self.page_value(n))
        return data

    def advance(self, data: Any) -> bool:
        """Take the next cursor from an answer (keyset paging: its last record's key); False when it
        gives none, or one already sent (a service that starts over would otherwise be walked for ever)."""
        value = _last_value(data, self.keyset_key) if self.keyset_key else _cursor_value(data, self.cursor_key or "")
        if not value or value in self.cursors:
            return False
        self.cursors.append(value)
        return True

    def rules(self) -> list[item_urls.Rule]:
        """The item URL rules as :mod:`.item_urls` uses them."""
        return [item_urls.Rule.from_meta(r) for r in self.url_rules or []]

    def as_meta(self) -> dict[str, Any]:
        """A plain dict for ``cb_kwargs`` (survives a disk queue)."""
        return asdict(self)

    @classmethod
    def from_meta(cls, data: dict[str, Any]) -> ListService:
        return cls(**data)


def for_page(service: ListService, shown: dict[str, str], page: dict[str, str]) -> ListService | None:
    """The service another page of the same template calls: ``service`` was recorded rendering the
    page whose query is ``shown`` (``list.html?orgId=zx001&catId=ndbg``); a page with the same
    fields and other values (``orgId=zx017``) calls it with those values where ``shown``'s stood
    (in the query, the form or JSON body). None when the pages' fields differ or a changed value
    appears nowhere in the call (the call would not say which page it serves)."""
    if set(shown) != set(page):
        return None
    changed = {old: page[key] for key, old in shown.items() if page[key] != old}
    if not changed or any(not old for old in changed):
        return None
    used: set[str] = set()

    def swap(value: Any) -> Any:
        if isinstance(value, str) and value in changed:
            used.add(value)
            return changed[value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    parts = urlsplit(service.url)
    query = urlencode([(k, swap(v)) for k, v in parse_qsl(parts.query, keep_blank_values=True)])
    rebased = replace(service, url=urlunsplit(parts._replace(query=query)), params=swap(dict(service.params)),
                      json_body=json.dumps(swap(json.loads(service.json_body)), ensure_ascii=False)
                      if service.json_body else None, cursors=[])
    return rebased if used == set(changed) else None


def _leaf(key: str) -> str:
    """A field's own name: ``page.pageNo`` (a nested JSON field) → ``pageno``."""
    return key.rsplit(".", 1)[-1].lower()


# Headers a browser or the transport sets: never replayed from a recorded call.
_TRANSPORT_HEADERS = frozenset({"host", "content-length", "cookie", "accept-encoding", "connection", "user-agent",
                                "origin", "referer", "content-type", "accept-language", "pragma", "cache-control"})


def replayable_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers of a recorded call the page's script set itself (``X-Requested-With``, a site
    key, ``Accept: application/json``), to send again with every page of the walk."""
    return {k: v for k, v in headers.items() if k.lower() not in _TRANSPORT_HEADERS
            and not k.lower().startswith(("sec-", ":", "upgrade-")) and len(v) <= 512}


def page_param(params: dict[str, str]) -> str | None:
    """The page parameter among a request's fields: a known name with a whole-number value, one
    whose value is where a list starts (1 or 0) first."""
    found = []
    for rank, name in enumerate(PAGE_PARAMS):
        for key, value in params.items():
            if _leaf(key) == name.lower() and str(value).strip().isdigit():
                found.append((str(value).strip() not in ("0", "1"), rank, key))
    return min(found)[2] if found else None


def page_size(params: dict[str, str]) -> int | None:
    for name in SIZE_PARAMS:
        for key, value in params.items():
            if _leaf(key) == name.lower() and str(value).strip().isdigit() and int(value) > 0:
                return int(value)
    return None


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """A JSON object's scalar fields as strings, nested objects' fields as ``outer.inner``."""
    out: dict[str, str] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and prefix.count(".") < 3:
            out.update(_flatten(v, key + "."))
        elif isinstance(v, bool) or v is None:
            continue
        else:
            out[key] = json.dumps(v, ensure_ascii=False) if isinstance(v, list) else str(v)
    return out


# one text field of a multipart/form-data body (``new FormData()`` posted by fetch): its name, its value
_MULTIPART_PART = re.compile(r'^Content-Disposition:\s*form-data;\s*name="([^"]+)"\r?\n\r?\n(.*?)\r?\n--', re.M | re.S)


def _fields(url: str, method: str, body: str | None,
            content_type: str | None) -> tuple[dict[str, str], dict[str, str], str]:
    """A request's query fields, its body fields (form or JSON object) and the body's kind."""
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    form: dict[str, str] = {}
    kind = "form"
    if method.upper() == "POST" and body:
        text = body.strip()
        data = None
        if text.startswith("{") or "json" in (content_type or "").lower():
            try:
                data = json.loads(text)
            except ValueError:
                data = None
        if isinstance(data, dict):
            form = _flatten(data)
            kind = "json"
        elif _MULTIPART_PART.search(text):  # a FormData body: its text fields, asked again as a form
            form = {m.group(1): m.group(2) for m in _MULTIPART_PART.finditer(text)}
        elif not text.startswith(("{", "[")):  # a form body, whatever type it was labelled (or recorded) with
            form = dict(parse_qsl(text, keep_blank_values=True))
    return query, form, kind


def _service(url: str, method: str, query: dict[str, str], form: dict[str, str], kind: str, where: str,
             name: str, first: int, step: int, dialect: str, body: str | None = None) -> ListService:
    if where == "body":
        return ListService(url=url, method="POST", params=form, page_param=name, first=first, step=step,
                           body=kind, dialect=dialect, json_body=body.strip() if kind == "json" and body else None)
    return ListService(url=urlunsplit(urlsplit(url)._replace(query="")), method=method.upper() if method else "GET",
                       params=query, page_param=name, first=first, step=step, dialect=dialect)


def service_from_request(url: str, method: str, body: str | None, content_type: str | None = None,
                         *, dialect: str = "recorded") -> ListService | None:
    """A walkable service from one recorded request, when it carries a page parameter by a known name.

    The page parameter may sit in the query string or in a form / JSON body. A request without
    one is not a paged list (or pages by a parameter of another name: :func:`services_from_calls`).
    """
    query, form, kind = _fields(url, method, body, content_type)
    for params, where in ((form, "body"), (query, "query")):
        name = page_param(params)
        if name is None:
            continue
        value = int(str(params[name]).strip())
        offset = _leaf(name) in OFFSET_PARAMS
        size = page_size({**query, **form})
        if offset and not size:
            continue  # an offset without a page size: we cannot tell how far to step
        step = size if offset else 1
        first = value  # recorded on the list's first page
        return _service(url, method, query, form, kind, where, name, first, step, dialect, body)
    return _json_field_service(url, method, query, form, kind, body, dialect)


def single_call(url: str, method: str, body: str | None, content_type: str | None = None,
                *, dialect: str = "tab") -> ListService:
    """A call made once, as it is (a tab's own list file, ``/static/nb/2023.json``): walked by
    its page parameter when it has one by a known name, else asked once."""
    known = service_from_request(url, method, body, content_type, dialect=dialect)
    if known is not None:
        return known
    _query, form, kind = _fields(url, method, body, content_type)
    return ListService(url=url, method=(method or "GET").upper(), params=form if method.upper() == "POST" else {},
                       page_param="", body=kind, dialect=dialect, path_template=url,
                       json_body=body.strip() if kind == "json" and body else None)


def _json_object(value: str) -> dict[str, Any] | None:
    """A field's value when it is a JSON object (``paramJson={"pageNo":1,"pageSize":"8"}``)."""
    text = str(value).strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _json_field_service(url: str, method: str, query: dict[str, str], form: dict[str, str], kind: str,
                        body: str | None, dialect: str) -> ListService | None:
    """A service whose page parameter sits inside one field's JSON (jpaas ``paramJson``, a
    ``params={"page":1}`` query): the field is sent again with only the page changed."""
    for params, where in ((form if kind == "form" else {}, "body"), (query, "query")):
        for field_name, value in params.items():
            inner = _json_object(value)
            if inner is None:
                continue
            fields = {k: str(v) for k, v in inner.items() if isinstance(v, (int, str)) and not isinstance(v, bool)}
            name = page_param(fields)
            if name is None:
                continue
            offset = _leaf(name) in OFFSET_PARAMS
            size = page_size(fields) or page_size({**query, **form})
            if offset and not size:
                continue
            service = _service(url, method, query, form, kind, where, name, int(fields[name]),
                               size if offset else 1, dialect, body)
            service.json_param = field_name
            return service
    return None


MAX_PROBES = 3  # page parameters tried on one recorded call whose parameter has no known name


def _endpoint(url: str, method: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (method or "GET").upper(), urlunsplit(parts._replace(query="", fragment=""))


def services_from_calls(call_url: str, method: str, body: str | None, content_type: str | None,
                        others: list[tuple[str, str, str | None, str | None]], data: Any = None) -> list[ListService]:
    """The ways to page through the service one recorded call asked, whatever its page parameter is called.

    1. A page parameter by a known name (pageNo, page, startrecord…): that one.
    2. What changes between this call and another recorded call to the same endpoint: a single
       whole-number field that differs is the page parameter (its step, what it changed by).
    3. Else every field whose value is a small whole number equal to the page a first render shows
       (1, or 0 when counting from 0), sizes aside: each is a *probe* (dialect ``recorded-probe``),
       asked for the next page; the walk goes on only while it brings items not seen before, so a
       field that is not the page parameter costs one request.

    Before 2 and 3: an answer (``data``) that names the next batch by an opaque cursor is walked
    by that cursor (:func:`cursor_service`).
    """
    known = service_from_request(call_url, method, body, content_type)
    if known is not None:
        return [known]
    if data is not None and (cursor := cursor_service(call_url, method, body, content_type, data)) is not None:
        return [cursor]
    query, form, kind = _fields(call_url, method, body, content_type)
    here = _endpoint(call_url, method)
    for other_url, other_method, other_body, other_type in others:
        if _endpoint(other_url, other_method) != here:
            continue
        other_query, other_form, _ = _fields(other_url, other_method, other_body, other_type)
        for params, other_params, where in ((form, other_form, "body"), (query, other_query, "query")):
            changed = [k for k in params if k in other_params and params[k] != other_params[k]]
            if len(changed) == 1 and params[changed[0]].strip().isdigit() \
                    and other_params[changed[0]].strip().isdigit():
                a, b = sorted((int(params[changed[0]]), int(other_params[changed[0]])))
                params = {**params, changed[0]: str(a)}
                q, f = (query, params) if where == "body" else (params, form)
                return [_service(call_url, method, q, f, kind, where, changed[0], a, b - a, "recorded", body)]
    sizes = {n.lower() for n in SIZE_PARAMS}
    size = page_size({**query, **form})
    ranked = []
    for params, where in ((form, "body"), (query, "query")):
        names = list(params)
        for position, (name, value) in enumerate(params.items()):
            if str(value).strip() in ("0", "1") and _leaf(name) not in sizes:
                # a record offset (start=0 beside a page size) steps by the size, a page number by 1
                step = size if size and str(value).strip() == "0" and _OFFSET_WORD.search(_leaf(name)) else 1
                ranked.append((_size_distance(names, position, params), len(ranked),
                               _service(call_url, method, query, form, kind, where, name, int(value), step,
                                        "recorded-probe", body)))
    probes = [service for _distance, _order, service in sorted(ranked, key=lambda r: r[:2])]
    probes += _path_probes(call_url, method, query, form, kind, body)
    return probes[:MAX_PROBES]


def _size_like(name: str, value: str) -> bool:
    """A page size, by its name (pageSize, rows…) or, in a site's own names (``mys``), by its value:
    a whole number a list shows at a time (5 to 100)."""
    value = str(value).strip()
    if not value.isdigit():
        return False
    return _leaf(name) in {n.lower() for n in SIZE_PARAMS} or 5 <= int(value) <= 100


def _size_distance(names: list[str], position: int, params: dict[str, str]) -> int:
    """How far a candidate page field sits from the nearest size-like field of the same request:
    a page number and its page size are written side by side (``{"dqy": 1, "mys": 10}``), so the
    field next to the size is probed first; one with no size beside it comes last."""
    distances = [abs(i - position) for i, name in enumerate(names) if i != position and _size_like(name, params[name])]
    return min(distances) if distances else len(names) + 1


# A page number in the path: /list/1, /list_1.json, /page-1.html, /1.json (the last number in it)
_PATH_PAGE = re.compile(r"(?<=[/_-])([01])(?=(\.\w{2,5})?/?$)")
# … or the page before the page size: /api/list/nb/1/10, /docs/page/1/size/15, /column/nb/list/1/4
# (a 加载更多 list asks a few at a time)
_PATH_PAGE_SIZED = re.compile(r"(?<=/)([01])(?=/(?:[a-z]+/)?(?:[2-9]|[1-9]\d)(\.\w{2,5})?/?$)", re.I)


def _path_probes(url: str, method: str, query: dict[str, str], form: dict[str, str], kind: str,
                 body: str | None) -> list[ListService]:
    """A probe for a page number in the path's last segment (``/api/gknb/list_1.json``), or in the
    one before a page size (``/api/list/nb/1/10``)."""
    parts = urlsplit(url)
    m = _PATH_PAGE.search(parts.path) or _PATH_PAGE_SIZED.search(parts.path)
    if not m:
        return []
    path = parts.path[:m.start()] + "{page}" + parts.path[m.end():]
    template = urlunsplit(parts._replace(path=path, query="", fragment=""))
    if method.upper() == "POST":
        return [ListService(url=template, method="POST", params=form, page_param="{page}", first=int(m.group(1)),
                            body=kind, dialect="recorded-probe", path_template=template,
                            json_body=body.strip() if kind == "json" and body else None)]
    return [ListService(url=template, method="GET", params=query, page_param="{page}", first=int(m.group(1)),
                        dialect="recorded-probe", path_template=template)]


# Cursor paging: the answer names the next batch by an opaque token, no page number exists.
_CURSOR_KEY = re.compile(r"^(next|next_?cursor|cursor|next_?page_?token|next_?token|next_?marker|scroll_?id|"
                         r"end_?cursor|after)$", re.I)
_CURSOR_PARAM = re.compile(r"^(cursor|after|page_?token|token|marker|scroll_?id|next)$", re.I)


def _cursor_value(data: Any, key: str) -> str | None:
    """The answer's cursor under ``key`` at its top levels: a token (not a number, not a link)."""
    def walk(node: Any, depth: int) -> str | None:
        if not isinstance(node, dict) or depth > 2:
            return None
        value = node.get(key)
        if isinstance(value, str) and 4 <= len(value.strip()) <= 1024 and not value.strip().isdigit() \
                and not _URL_VALUE.search(value.strip()) and " " not in value.strip():
            return value.strip()
        for inner in node.values():
            found = walk(inner, depth + 1)
            if found:
                return found
        return None
    return walk(data, 0)


def _dicts(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object of an answer, parents before children, at most 12 levels deep."""
    if depth > 12:
        return
    if isinstance(node, dict):
        yield node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return
    for child in children:
        yield from _dicts(child, depth + 1)


def _last_value(data: Any, key: str) -> str | None:
    """The whole-number value of ``key`` on the last record of an answer that has it (keyset paging)."""
    found = [str(value).strip() for node in _dicts(data) for value in (node.get(key),)
             if isinstance(value, (int, str)) and not isinstance(value, bool) and _is_int(str(value))]
    return found[-1] if found else None


def keyset_key(service: ListService, first_data: Any) -> str | None:
    """Whether a pager learned by one click pages by the last item's key (``lastId=88199``: the id of
    the last item the first answer gave, not a page number): the record field that gave the click's
    value, else None. Only a single moving field that is not named as a page, first sent empty or 0."""
    fields = (service.learned or {}).get("fields") or []
    if len(fields) != 1:
        return None
    name, first, step = fields[0]
    if _leaf(name).lower() in {p.lower() for p in PAGE_PARAMS} or first not in (None, 0):
        return None
    sent = str((first or 0) + step)
    keys = [k for obj in records(first_data) + [o for o, _u in linked_records(first_data, "http://x/")]
            for k, v in obj.items() if isinstance(v, (int, str)) and not isinstance(v, bool) and str(v).strip() == sent]
    last = [k for k in dict.fromkeys(keys) if _last_value(first_data, k) == sent]
    return last[0] if last else None


def _cursor_keys(data: Any) -> list[str]:
    keys: list[str] = []

    def walk(node: Any, depth: int) -> None:
        if not isinstance(node, dict) or depth > 2:
            return
        for key, value in node.items():
            if _CURSOR_KEY.match(key) and isinstance(value, str):
                keys.append(key)
            walk(value, depth + 1)
    walk(data, 0)
    return keys


def cursor_service(url: str, method: str, body: str | None, content_type: str | None,
                   data: Any) -> ListService | None:
    """A service paged by a cursor: the recorded answer holds an opaque ``next`` token (``cursor``,
    ``nextPageToken``…). The token goes back in the request field of a cursor-like name the call
    already had, else in a field named after the answer's (``nextCursor`` → ``cursor``, ``next`` →
    ``cursor``), in the query or the top of the JSON / form body, where the recorded call sent its
    fields. None when the answer holds no such token."""
    for key in _cursor_keys(data):
        if _cursor_value(data, key) is None:
            continue
        query, form, kind = _fields(url, method, body, content_type)
        where = "body" if method.upper() == "POST" and form else "query"
        params = form if where == "body" else query
        param = next((k for k in params if "." not in k and _CURSOR_PARAM.match(k)), None)
        if param is None:
            stem = re.sub(r"^next_?", "", key, flags=re.I) or "cursor"
            param = stem[0].lower() + stem[1:] if stem.lower() != "next" else "cursor"
        service = _service(url, method, query, form, kind, where, param, 1, 1, "recorded-cursor", body)
        service.params.pop(param, None)
        if service.json_body:
            inner = json.loads(service.json_body)
            inner.pop(param, None)
            service.json_body = json.dumps(inner, ensure_ascii=False)
        service.cursor_key, service.cursor_param = key, param
        return service
    return None


# --- reading an answer ------------------------------------------------------------------------
def parse_answer(text: str) -> Any:
    """The answer as JSON (JSONP's wrapper taken off); an XML answer as the same nesting of
    dicts and lists (:func:`xml_data`); an HTML fragment with links as ``{"html": text}``
    (Hanweb's search.jsp answers rows of a table); else None."""
    text = text.strip().lstrip("\ufeff")
    if not text:
        return None
    if text[0] == "<" and _XML_START.match(text):
        data = xml_data(text)
        if data is not None:
            return data
    body = text
    if body[0] not in "[{":
        m = re.match(r"^(?:/\*\*/\s*)?(?:typeof\s+[\w$.]+\s*===?\s*['\"]function['\"]\s*&&\s*)?"
                     r"[\w$.]+\s*\((.*)\)\s*;?\s*$", body, re.S)  # callback({...})
        body = m.group(1) if m else ""
    try:
        return _decoded(json.loads(body)) if body else _html(text)
    except ValueError:
        pass
    # a hand-written template a page eval()s: JS literal quirks (a trailing comma, single quotes, bare keys)
    body = body.strip().rstrip(";").strip()
    if body[:1] in "[{" and body[-1:] in "]}":
        from ..directory import _as_json  # the JS-literal reader discovery uses

        try:
            return _decoded(json.loads(_as_json(body)))
        except ValueError:
            pass
    return _html(text)


def _array_rows(node: list[Any]) -> bool:
    """A list of records written as arrays: every element a list of two or more scalars, all of one
    length, some string of which is Chinese text (a title); its fields are then named by position."""
    if not node or not all(isinstance(row, list) and len(row) >= 2 for row in node):
        return False
    if len({len(row) for row in node}) != 1:
        return False
    if not all(v is None or isinstance(v, (str, int, float)) for row in node for v in row):
        return False
    return all(any(isinstance(v, str) and _CJK.search(v) for v in row) for row in node)


MAX_NESTED_JSON = 3  # a string holding JSON holding a string holding JSON…: levels unwrapped


def _decoded(node: Any, depth: int = 0, levels: int = 0) -> Any:
    """The answer with every string field that holds a JSON object or list replaced by what it holds
    (``{"code": 0, "data": "{\"list\": […]}"}``: services that encode their payload twice), so
    records are read the same wherever the encoding put them."""
    if depth > 12:
        return node
    if isinstance(node, dict):
        cell = node.get("cell")
        if isinstance(cell, list) and _array_rows([cell]):  # jqGrid / flexigrid rows: {id, cell: [date, title, …]}
            node = {**{str(i): v for i, v in enumerate(cell)}, **{k: v for k, v in node.items() if k != "cell"}}
        return {k: _decoded(v, depth + 1, levels) for k, v in node.items()}
    if isinstance(node, list):
        if _array_rows(node):  # rows as arrays (DataTables' data: [["2024-01-20", "title", "a/2024/5521"], …])
            node = [{str(i): v for i, v in enumerate(row)} for row in node]
        return [_decoded(v, depth + 1, levels) for v in node]
    if isinstance(node, str) and levels < MAX_NESTED_JSON:
        text = node.strip()
        if len(text) >= 2 and (text[0], text[-1]) in (("{", "}"), ("[", "]")):
            try:
                inner = json.loads(text)
            except ValueError:
                return node
            if isinstance(inner, (dict, list)):
                return _decoded(inner, depth + 1, levels + 1)
    return node


_XML_START = re.compile(r"<\?xml|<(?!html\b|!doctype|head\b|body\b|div\b|table\b|tr\b|li\b|ul\b|a\b|p\b|span\b)[\w:-]+[\s>]",
                        re.I)
MAX_XML_BYTES = 4 * 1024 * 1024


def xml_data(text: str) -> Any:
    """An XML answer as JSON would give it: an element with children is a dict of its children by
    tag (a tag repeated is a list), a leaf is its text (CDATA included), attributes are fields too.
    None when the text is not well-formed XML."""
    from lxml import etree

    text = re.sub(r"^<\?xml[^>]*\?>", "", text)  # decoded already: its encoding= no longer applies
    try:
        root = etree.fromstring(text[:MAX_XML_BYTES].encode("utf-8"),
                                etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except (etree.XMLSyntaxError, ValueError):
        return None

    def convert(el: Any, depth: int) -> Any:
        children = [c for c in el if isinstance(c.tag, str)]
        if not children or depth > 12:
            value = (el.text or "").strip()
            return {**dict(el.attrib), "text": value} if el.attrib and value else dict(el.attrib) or value
        out: dict[str, Any] = dict(el.attrib)
        for child in children:
            tag = etree.QName(child).localname
            value = convert(child, depth + 1)
            if tag in out:
                out[tag] = out[tag] if isinstance(out[tag], list) else [out[tag]]
                out[tag].append(value)
            else:
                out[tag] = value
        return out

    return {etree.QName(root).localname: convert(root, 0)}


_JSONP = re.compile(r"^\s*(?:/\*\*/\s*)?(?:typeof\s+[\w$.]+\s*===?\s*['\"]function['\"]\s*&&\s*)?[\w$.]+\s*\(\s*[\[{]")


def is_jsonp(text: str) -> bool:
    """A script that is a JSONP answer (``jQuery123_456({"list": …})``), not code."""
    return bool(_JSONP.match(text[:300]))


def _html(text: str) -> Any:
    return {"html": text} if _HTML_FRAGMENT.search(text) else None


def items(data: Any, base_url: str, rules: list[item_urls.Rule] | None = None) -> list[Link]:
    """Every (title, URL) item in a JSON answer, in order, each URL once. An item the answer gives
    no URL for gets the one ``rules`` build from its fields (:mod:`.item_urls`), if any."""
    found: dict[str, Link] = {}
    over = [rule for rule in rules or () if rule.over]

    def add(link: Link) -> None:
        prev = found.get(link.url)
        if prev is None or len(link.label) > len(prev.label):
            found[link.url] = link

    def walk(node: Any, depth: int) -> None:
        if depth > 12:
            return
        if isinstance(node, dict):
            # the page's own base in front of the URL the item sends (:func:`item_urls.learn_over`)
            link = (_templated_item(node, base_url, over) if over and _sent_url(node, base_url) else None) \
                or _item(node, base_url)
            if link is None and (link := _document_item(node, base_url)) is not None:
                add(link)  # its file, wherever it sits: no page URL is built from its id
                return
            if link is None and (built := [rule for rule in rules or () if not rule.over]):
                link = _templated_item(node, base_url, built)
            if link is not None:
                add(link)
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value, depth + 1)
                elif isinstance(value, str) and _HTML_FRAGMENT.search(value):
                    for fragment_link in _fragment_links(value, base_url):
                        add(fragment_link)
        elif isinstance(node, list):
            for value in node:
                walk(value, depth + 1)
        elif isinstance(node, str) and _HTML_FRAGMENT.search(node):
            for fragment_link in _fragment_links(node, base_url):
                add(fragment_link)

    walk(data, 0)
    return list(found.values())


def _item(obj: dict[str, Any], base_url: str) -> Link | None:
    """An item: a title and a URL, by their usual key names, else by what the values look like
    (services keyed in pinyin, ``bt`` / ``ljdz``, or in codes): the one value that is a link, and
    the longest Chinese text."""
    title = url = None
    strings = [(k, v.strip()) for k, v in obj.items() if isinstance(v, str) and v.strip()]
    for key, value in strings:
        if title is None and _TITLE_KEY.search(key) and not _URL_VALUE.search(value):
            title = value
        elif url is None and _URL_KEY.search(key) and _URL_VALUE.search(value):
            url = value
    if url is None:
        links = [v for _k, v in strings if _LINK_VALUE.match(v)]
        url = links[0] if len(links) == 1 else None
    if title is None and url is not None:
        texts = [v for _k, v in strings if len(_CJK.findall(v)) >= 6 and not _URL_VALUE.search(v)]
        title = max(texts, key=len) if texts else None
    if not title or not url:
        return None
    text = re.sub(r"<[^>]+>", "", title)  # highlighted search hits: <em>年报</em>
    return Link(url=without_anchor(urljoin(base_url, url)), text=" ".join(text.split()))


# a document's own URL (a bare "202302/x.pdf" is a stored name the page prefixes: :mod:`.item_urls`)
_DOCUMENT_URL = re.compile(r"^(https?://|/|\./|\.\./)[^\s<>\"']+\.(pdf|docx?|wps|xlsx?)(\?[^\s<>]*)?$", re.I)


def _document_item(obj: dict[str, Any], base_url: str) -> Link | None:
    """A record whose only link is a document's, in a nested field (``target.file.path``), its
    title in another (``meta.title``): that document. Lists inside are searched only in a record
    that has a title of its own (its ``attachList: [{name, path}]``); a container's lists hold other
    records, so a container of records is never taken for one."""
    titles: list[str] = []
    docs: set[str] = set()
    own_title = _title_of(obj)
    titled = bool(own_title and _CJK.search(own_title))

    def walk(node: dict[str, Any], depth: int) -> None:
        title = _title_of(node)
        if title and _CJK.search(title):
            titles.append(title)
        for value in node.values():
            if isinstance(value, str) and _DOCUMENT_URL.match(value.strip()):
                docs.add(value.strip())
            elif isinstance(value, dict) and depth < 3:
                walk(value, depth + 1)
            elif isinstance(value, list) and depth == 0 and titled and value \
                    and all(isinstance(v, dict) for v in value):
                for entry in value:
                    walk(entry, depth + 1)

    walk(obj, 0)
    if len(docs) != 1 or not titles:
        return None
    text = re.sub(r"<[^>]+>", "", titles[0])
    return Link(url=without_anchor(urljoin(base_url, docs.pop())), text=" ".join(text.split()))


def _sent_url(obj: dict[str, Any], base_url: str) -> str | None:
    """The URL a record sends for itself (its page's, or its one document's), resolved."""
    link = _item(obj, base_url) or _document_item(obj, base_url)
    return link.url if link else None


def linked_records(data: Any, base_url: str) -> list[tuple[dict[str, Any], str]]:
    """The records of an answer that send a URL, each with that URL (resolved against ``base_url``)."""
    found: list[tuple[dict[str, Any], str]] = []

    def walk(node: Any, depth: int) -> None:
        if depth > 12:
            return
        if isinstance(node, dict):
            if (url := _sent_url(node, base_url)) is not None:
                found.append((node, url))
                return
            for value in node.values():
                walk(value, depth + 1)
        elif isinstance(node, list):
            for value in node:
                walk(value, depth + 1)

    walk(data, 0)
    return found


def _title_of(obj: dict[str, Any]) -> str | None:
    """An item's title: by a title-like key, else its longest Chinese text (six characters or more)."""
    strings = [(k, v.strip()) for k, v in obj.items() if isinstance(v, str) and v.strip()]
    for key, value in strings:
        if _TITLE_KEY.search(key) and not _URL_VALUE.search(value) and _CJK.search(value):
            return value
    texts = [v for _k, v in strings if len(_CJK.findall(v)) >= 6 and not _URL_VALUE.search(v)]
    return max(texts, key=len) if texts else None


def _templated_item(obj: dict[str, Any], base_url: str, rules: list[item_urls.Rule]) -> Link | None:
    title = _title_of(obj)
    url = item_urls.build(rules, obj, base_url) if title else None
    if not title or not url:
        return None
    return Link(url=without_anchor(url), text=" ".join(re.sub(r"<[^>]+>", "", title).split()))


def records(data: Any) -> list[dict[str, Any]]:
    """The objects of an answer that look like list items but carry no URL: a title and other
    fields to build one from (:mod:`.item_urls`)."""
    return [node for node in _dicts(data) if _item(node, "http://x/") is None and _title_of(node)]


def _fragment_links(html: str, base_url: str) -> list[Link]:
    from ..page import links_in

    return links_in(Selector(text=f"<div>{html}</div>", type="html"), base_url)


def counts(data: Any) -> tuple[int | None, int | None]:
    """The answer's own (record count, page count), when it states them at its top levels."""
    total = pages = None

    def walk(node: Any, depth: int) -> None:
        nonlocal total, pages
        if depth > 3 or not isinstance(node, dict):
            return
        if _is_int(str(node.get("records"))) and _is_int(str(node.get("total"))) and "page" in node:
            # jqGrid's JSON reader: {page, total: the page count, records: the record count, rows}
            total, pages = int(node["records"]), int(node["total"])
            return
        for key, value in node.items():
            number = value if isinstance(value, int) else int(value) if isinstance(value, str) and value.isdigit() \
                else None
            if number is not None and total is None and _TOTAL_KEY.match(key):
                total = number
            elif number is not None and pages is None and _PAGES_KEY.match(key):
                pages = number
            elif isinstance(value, dict):
                walk(value, depth + 1)

    walk(data, 0)
    return total, pages


def fingerprint(links: list[Link]) -> str:
    """One page's items as a short digest: the same page answered twice has the same one."""
    return hashlib.sha1("\n".join(sorted(link.url for link in links)).encode("utf-8")).hexdigest()[:16]


def item_keys(links: list[Link]) -> list[str]:
    """Short keys of a page's item URLs, carried along a walk to tell new items from seen ones."""
    return [hashlib.sha1(link.url.encode("utf-8")).hexdigest()[:12] for link in links]


def has_more(service: ListService, n: int, data: Any, new_items: int, seen_items: int) -> bool:
    """Whether page ``n + 1`` may hold more items: this page brought new ones and the service's
    own counts (when it states them) say there are more. A cursor service takes the answer's
    next cursor here (:meth:`ListService.advance`)."""
    if new_items == 0 or n >= MAX_SERVICE_PAGES:
        return False
    if service.path_template and "{page}" not in service.path_template:
        return False  # one call, no page in it (:func:`single_call`)
    if service.cursor_param or service.keyset_key:  # a cursor walk ends when the answer gives no new cursor
        return service.advance(data)
    total, pages = counts(data)
    pages = pages if pages is not None else service.pages
    if pages is not None and n >= pages:
        return False
    if total is not None and seen_items - new_items >= total:
        # the pages before this one held the stated total, yet this one brought new items: the number
        # is no record count (a page's own count, ``count: 10``), so the walk goes on to an empty page
        return True
    return not (total is not None and seen_items >= total)


# --- learning the pager by using it once ------------------------------------------------------
# A request as recorded: (url, method, body, the body's content type)
Req = tuple[str, str, "str | None", "str | None"]
# fields that change on every call whatever the page: cache busters, JSONP callback names
_NOISE_KEY = re.compile(r"^(_|t|ts|tm|time|timestamp|stamp|r|rnd|rand|random|nocache|callback|cb|jsoncallback|"
                        r"jsonp|v|sign|nonce|token|_t|_ts|_time|nd)$", re.I)  # nd: jqGrid's time stamp
_BIG = 10 ** 9  # a number this large is a moment (epoch seconds / ms), never a page


def _is_int(value: str | None) -> bool:
    return value is not None and str(value).strip().isdigit()


def _body_kind(body: str | None, content_type: str | None, kind: str) -> str:
    """form / json / multipart: how a recorded body is written, to write it again the same way."""
    if not body:
        return ""
    if kind == "json":
        return "json"
    return "multipart" if _MULTIPART_PART.search(body.strip()) else "form"


def _path_diff(a: str, b: str) -> tuple[str, int | None, int] | None:
    """Where the page number sits in a path: ``b`` (page 2's) with it as ``{page}``, page 1's value
    (None when page 1's path has none: ``index.html`` → ``index_1.html``) and page 2's."""
    ta, tb = re.split(r"(\d+)", a), re.split(r"(\d+)", b)
    if len(ta) == len(tb):
        diffs = [i for i in range(len(ta)) if ta[i] != tb[i]]
        if len(diffs) != 1 or diffs[0] % 2 == 0:
            return None
        i = diffs[0]
        if int(tb[i]) <= int(ta[i]):
            return None
        return "".join(tb[:i]) + "{page}" + "".join(tb[i + 1:]), int(ta[i]), int(tb[i])
    stem = a.rstrip("/")
    for m in re.finditer(r"\d+", b):
        for start, end in ((m.start() - 1, m.end()), (m.start(), m.end() + 1)):
            if start < 0 or end > len(b) or b[start if start < m.start() else end - 1] not in "_-/.":
                continue
            rest = b[:start] + b[end:]
            folder, _, name = rest.rstrip("/").rpartition("/")
            if rest.rstrip("/") == stem or (a.endswith("/") and folder == stem
                                             and re.match(r"(index|default|list)\.\w+$", name)):
                return b[:m.start()] + "{page}" + b[m.end():], None, int(m.group(0))
    return None


def _first_of_added(name: str, value: int, size: int | None) -> tuple[int, int]:
    """(page 1's value, step) of a page field page 1 did not send: a record offset steps by the page
    size, a page number by one."""
    if size and (_OFFSET_WORD.search(_leaf(name)) or value in (size, size + 1)) and value >= size:
        return value - size, size
    return value - 1, 1


def _learned_service(second: Req, where: str, fields: list[list[Any]], url: str, dialect: str) -> ListService:
    """A service that asks the click's own request again with its moving fields set for page n."""
    _u, method, body, content_type = second
    q, f, kind = _fields(*second)
    name, first, step = fields[0]
    return ListService(url=url, method=(method or "GET").upper(), page_param=name, first=first, step=step,
                       dialect=dialect, params=f or q, body=kind,
                       learned={"url": url, "method": (method or "GET").upper(), "where": where, "fields": fields,
                                "body": body, "body_kind": _body_kind(body, content_type, kind),
                                "body_type": content_type})


def learn_pager(first: Req, second: Req, *, dialect: str = "learned") -> ListService | None:
    """The page number's place, from the list's first request and the one a click on its pager made:
    the whole-number fields that grew between them (a query or body field, form, JSON or multipart;
    a record offset and its end: ``startrecord=1&endrecord=10`` → ``11``/``20``), or the number in
    the path (``/list/1/10`` → ``/list/2/10``, ``index.html`` → ``index_1.html``). Every field that
    grew moves with the page, each by its own step; fields that change on every call (a cache
    buster, a JSONP callback's name) are not the page. None when the two requests are not one
    service's (another method or endpoint) or nothing grew."""
    (u1, m1, b1, t1), (u2, m2, b2, t2) = first, second
    if (m1 or "GET").upper() != (m2 or "GET").upper():
        return None
    p1, p2 = urlsplit(u1), urlsplit(u2)
    if p1.netloc != p2.netloc:
        return None
    q1, f1, _k1 = _fields(u1, m1, b1, t1)
    q2, f2, _k2 = _fields(u2, m2, b2, t2)
    size = page_size({**q2, **f2})
    moving: list[tuple[str, str, int | None, int]] = []
    url = u2
    if p1.path != p2.path:
        diff = _path_diff(p1.path, p2.path)
        if diff is None:
            return None
        template, a, b = diff
        url = urlunsplit(p2._replace(path=template))
        moving.append(("path", "{page}", a, b))
    for where, old, new in (("query", q1, q2), ("body", f1, f2)):
        for key, value in new.items():
            before = old.get(key)
            if before == value or _NOISE_KEY.match(_leaf(key)) or not _is_int(value) \
                    or _TOTAL_KEY.match(_leaf(key)) or _PAGES_KEY.match(_leaf(key)):
                continue  # noise, or a count the page sends back (totalRecord=23): not the page
            if before is not None and not _is_int(before):
                continue
            a, b = (int(before) if before is not None else None), int(value)
            if b >= _BIG or (a is not None and (a >= _BIG or b <= a)):
                continue
            moving.append((where, key, a, b))
    if not moving:
        return None
    # the page field first: a page number by its known name, else the path's, else the smallest
    names = [n.lower() for n in PAGE_PARAMS]
    moving.sort(key=lambda m: (names.index(_leaf(m[1])) if _leaf(m[1]) in names else len(names),
                               m[0] != "path", m[2] if m[2] is not None else m[3]))
    where = moving[0][0]
    fields = []
    for place, key, a, b in moving:
        if place != where:
            continue
        first_value, step = (a, b - a) if a is not None else _first_of_added(key, b, size)
        fields.append([key, first_value, step])
    return _learned_service(second, where, fields, url, dialect)


def learn_from_one(call: Req, shown: bool, *, dialect: str = "learned") -> ListService | None:
    """The page number's place when the click's request is the list's first (page 1 was static):
    a field by a known page name, else a whole-number field (or path number) equal to the page it
    asks for (2 when the list showed page 1 already, else 1), next to the page size first. The walk
    checks the guess: a field that is not the page brings no new items and ends it."""
    url, method, _body, _ctype = call
    query, form, _kind = _fields(*call)
    size = page_size({**query, **form})
    expected = "2" if shown else "1"
    for params, where in ((form, "body"), (query, "query")):
        name = page_param(params)
        if name is not None:
            value = int(params[name])
            offset = _leaf(name) in OFFSET_PARAMS
            if offset and not size:
                continue
            if not shown:
                first, step = value, size if offset else 1
            elif offset:
                first, step = value - size, size
            else:
                first, step = value - 1, 1
            return _learned_service(call, where, [[name, first, step]], url, dialect)
    sizes = {n.lower() for n in SIZE_PARAMS}
    ranked = []
    for params, where in ((form, "body"), (query, "query")):
        names = list(params)
        for position, (name, value) in enumerate(params.items()):
            if str(value).strip() == expected and _leaf(name) not in sizes and not _NOISE_KEY.match(_leaf(name)):
                ranked.append((_size_distance(names, position, params), len(ranked), where, name))
    if ranked:
        _d, _o, where, name = min(ranked)
        return _learned_service(call, where, [[name, int(expected) - 1 if shown else 1, 1]], url, dialect)
    parts = urlsplit(url)
    numbers = list(re.finditer(r"(?<=[/_-])(\d{1,3})(?=(\.\w{2,5})?/|(\.\w{2,5})?$|/)", parts.path))
    hits = [m for m in numbers if m.group(1) == expected]
    if hits:
        m = hits[-1]
        template = urlunsplit(parts._replace(path=parts.path[:m.start()] + "{page}" + parts.path[m.end():]))
        return _learned_service(call, "path", [["{page}", int(expected) - 1 if shown else 1, 1]], template, dialect)
    return None


def _set_json(data: Any, key: str, value: int) -> None:
    *path, last = key.split(".")
    node = data
    for part in path:
        node = node.setdefault(part, {}) if isinstance(node, dict) else {}
    if isinstance(node, dict):
        node[last] = str(value) if isinstance(node.get(last), str) else value


def _learned_args(shape: dict[str, Any], n: int, extra: dict[str, str]) -> dict[str, Any]:
    """Page ``n`` of a learned service: the click's request with every moving field set."""
    values = {name: first + (n - 1) * step for name, first, step in shape["fields"]}
    url, where, body, kind = shape["url"], shape["where"], shape.get("body"), shape.get("body_kind")
    if where == "path":
        url = url.replace("{page}", str(values["{page}"]))
    elif where == "query":
        parts = urlsplit(url)
        query = [(k, str(values[k]) if k in values else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        query += [(k, str(v)) for k, v in values.items() if k not in dict(query)]
        url = urlunsplit(parts._replace(query=urlencode(query)))
    elif body and kind == "json":
        data = json.loads(body)
        for key, value in values.items():
            _set_json(data, key, value)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    elif body and kind == "multipart":
        for key, value in values.items():
            body = re.sub(r'(name="' + re.escape(key) + r'"\r?\n\r?\n)[^\r\n]*', lambda m, v=value: m.group(1) + str(v),
                          body)
    elif body is not None:
        fields = [(k, str(values[k]) if k in values else v) for k, v in parse_qsl(body, keep_blank_values=True)]
        body = urlencode(fields)
    args: dict[str, Any] = {"url": url, "method": shape["method"]}
    headers = dict(extra)
    if shape["method"] == "POST":
        args["body"] = body or ""
        if shape.get("body_type"):
            headers["Content-Type"] = shape["body_type"]
        headers.setdefault("X-Requested-With", "XMLHttpRequest")
    if headers:
        args["headers"] = headers
    return args
