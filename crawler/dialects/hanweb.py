"""Hanweb (大汉) jpage lists: the first records in the page, the rest by POST to dataproxy.jsp.

A jpage column page carries its first records as XML inside a script element::

    <div id="4470"><script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=9…">]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/2024/1/26/art_9_1.html">…</a></li>]]></record>…
    </recordset></datastore></script></div>

and a jpage call naming the page size, the record count and the form fields (col, appid, webid,
path, columnid, sourceContentType, unitid, webname, permissiontype). The browser fetches the other
records with ``POST /module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P`` and those
form fields; the answer is the same ``<datastore>`` XML. Browsers never see the records as
``<a>`` elements of the page, so they are read here. A page may hold several units (tabs of one
column, 区政府及部门 / 镇（街道）, the later ones hidden and with no record embedded): each unit's
datastore and call are read on their own and every one is walked.

The same records are also served by GET: ``/col/col1234/index.html?uid=5678&pageNum=N`` is the
column page with unit ``5678`` showing page N (its records embedded as on page 1). Such pages are
walked page after page (:func:`pagenum_urls`), and a unit whose dataproxy fails (404, an error
page) is read through them instead (:func:`unit_page_urls`).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from parsel import Selector
from scrapy import FormRequest

from ..discovery import Link
from ..page import links_in

FORM_FIELDS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname",
               "permissiontype")
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
DEFAULT_PER_PAGE = 15
DEFAULT_GROUP_SIZE = 3  # jpage fetches this many pages of records per request
MAX_RECORDS = 5000

# No "(.*?)\s*</record>": a lazy group before optional spaces is quadratic in a run of spaces; the
# record is stripped in code instead.
_RECORD = re.compile(r"<record\b[^>]*>\s*+(?:<!\[CDATA\[(.*?)\]\]>\s*+(?=</record>)|(.*?))</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup\b[^>]*>.*?href=['\"]([^'\"]+)['\"]", re.S | re.I)
# $("#4470").jpage({…}) or a site's wrapper of it, jpageInit({…}); or a config object set before,
# var opts = {…}; $("#4470").jpage(opts)
_CALL = re.compile(r"\.?jpage(?:init)?\s*\(\s*(?:\{|(?P<var>[A-Za-z_$][\w$]*)\s*\))", re.I)
_TOTAL = re.compile(r"(?:totalRecord['\"]?\s*[:=]\s*['\"]?|<totalrecord>\s*)(\d+)", re.I)
_PER_PAGE = re.compile(r"perPage['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_GROUP = re.compile(r"groupSize['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_PROXY = re.compile(r"proxyUrl['\"]?\s*[:=]\s*['\"]([^'\"]+)['\"]", re.I)


def records(text: str) -> list[str]:
    """The HTML fragments of every ``<record>`` in a datastore (page or dataproxy answer): in a
    CDATA section, or written as escaped text (``&lt;li&gt;&lt;a href=…``), as some answers do."""
    found = []
    for m in _RECORD.finditer(text):
        fragment = ((m.group(1) if m.group(1) is not None else m.group(2)) or "").strip()
        if "<" not in fragment and "&lt;" in fragment:
            fragment = html_lib.unescape(fragment)
        found.append(fragment)
    return found


def record_links(text: str, base_url: str) -> list[Link]:
    """The links inside the records, which an HTML parser sees only as script text."""
    found: list[Link] = []
    for fragment in records(text):
        found.extend(links_in(Selector(text=f"<div>{fragment}</div>", type="html"), base_url))
    return found


@dataclass
class JPage:
    """One jpage list: where its proxy is, its form fields, and how many records it has."""

    proxy_url: str
    fields: dict[str, str] = field(default_factory=dict)
    total: int | None = None
    per_page: int = DEFAULT_PER_PAGE
    group_size: int = DEFAULT_GROUP_SIZE
    embedded: int = 0
    page_url: str = ""  # the column page the unit is on (its pages by GET: ?uid=…&pageNum=N)

    @property
    def chunk(self) -> int:
        """Records asked for per POST, as jpage itself asks: a group of pages."""
        return max(1, self.per_page * self.group_size)

    def as_meta(self) -> dict[str, Any]:
        """A plain dict for ``request.meta`` (survives a scrapy-redis queue)."""
        return asdict(self)

    @classmethod
    def from_meta(cls, data: dict[str, Any]) -> JPage:
        return cls(**data)


def find_jpage(page_url: str, html: str) -> JPage | None:
    """The jpage list on a page, when it has one with the fields the proxy needs."""
    has_store = "<datastore" in html.lower()
    call = _CALL.search(html)
    if not has_store and not call:
        return None
    fields: dict[str, str] = {}
    m = _NEXTGROUP.search(html)
    if m:
        query = urlsplit(m.group(1).replace("&amp;", "&")).query
        fields.update((k, v.strip("'\"")) for k, v in parse_qsl(query, keep_blank_values=True) if k in FORM_FIELDS)
    window = html[call.start(): call.start() + 4000] if call else html
    if call and call["var"]:  # the call names its config object: read that object
        config = re.search(rf"(?<![\w$.]){re.escape(call['var'])}\s*=\s*\{{", html)
        window = html[config.start(): config.start() + 4000] if config else html
    for name in FORM_FIELDS:
        value = _field(name, window)
        if value is not None:
            fields[name] = value
    if "columnid" not in fields and "unitid" not in fields:
        return None
    total = _TOTAL.search(window) or _TOTAL.search(html)
    per_page = _PER_PAGE.search(window)
    group = _GROUP.search(window)
    proxy = _PROXY.search(window)
    return JPage(
        proxy_url=urljoin(page_url, proxy.group(1) if proxy else DEFAULT_PROXY),
        fields=fields,
        total=min(int(total.group(1)), MAX_RECORDS) if total else None,
        per_page=int(per_page.group(1)) if per_page else DEFAULT_PER_PAGE,
        group_size=int(group.group(1)) if group else DEFAULT_GROUP_SIZE,
        embedded=len(records(html)),
        page_url=page_url,
    )


def find_jpages(page_url: str, html: str) -> list[JPage]:
    """Every jpage unit on a page, each read from its own stretch: its datastore and its call.

    A stretch ends at the ``</script>`` closing a call, so a unit's records, next-group link and
    fields are never taken from its neighbour.
    """
    calls = list(_CALL.finditer(html))
    if len(calls) < 2:
        one = find_jpage(page_url, html)
        return [one] if one else []
    found: list[JPage] = []
    start = 0
    for n, call in enumerate(calls):
        limit = calls[n + 1].start() if n + 1 < len(calls) else len(html)
        close = html.find("</script>", call.end(), limit)
        end = close if close != -1 else limit
        unit = find_jpage(page_url, html[start:end])
        if unit and unit not in found:
            found.append(unit)
        start = end
    return found


def _field(name: str, script: str) -> str | None:
    """A form field's value in a jpage call: ``{columnid: 1234}``, ``{"columnid": "1234"}``, or
    ``…dataproxy.jsp?columnid=1234&…`` written into it."""
    m = re.search(rf"(?<![\w$]){name}['\"]?\s*:\s*(?:'(?P<q1>[^']*)'|\"(?P<q2>[^\"]*)\"|(?P<bare>[^,}}\s]+))", script)
    if m:
        return next(v for v in (m["q1"], m["q2"], m["bare"]) if v is not None)
    m = re.search(rf"[?&]{name}=(?P<v>[^&'\"\s]*)", script)
    return unquote(m["v"]) if m else None


def proxy_request(jpage: JPage, start: int, **kwargs: Any) -> FormRequest:
    """The POST for records ``start`` … ``start + chunk - 1``, as the jpage script sends it."""
    end = start + jpage.chunk - 1
    if jpage.total is not None:
        end = min(end, jpage.total)
    url = f"{jpage.proxy_url}?startrecord={start}&endrecord={end}&perpage={jpage.per_page}"
    return FormRequest(url, formdata=jpage.fields, **kwargs)


def proxy_requests(jpage: JPage, **kwargs: Any) -> list[FormRequest]:
    """The POSTs for the records not embedded in the page.

    With the record count known, every chunk is asked for at once; without it, only the next
    chunk, and :func:`next_start` says after each answer whether another follows.
    """
    start = jpage.embedded + 1
    if jpage.total is None:
        return [proxy_request(jpage, start, **kwargs)]
    return [proxy_request(jpage, s, **kwargs) for s in range(start, jpage.total + 1, jpage.chunk)]


def next_start(jpage: JPage, request_url: str, answer: str) -> int | None:
    """After a proxy answer, the next record to ask for when the count is unknown, else None."""
    if jpage.total is not None:
        return None
    query = dict(parse_qsl(urlsplit(request_url).query))
    start, end = int(query.get("startrecord", 1)), int(query.get("endrecord", 0))
    if len(records(answer)) < end - start + 1 or end >= MAX_RECORDS:
        return None
    return end + 1


MAX_PAGES = 200
_PAGE_NUM = re.compile(r"(?:^|&)pageNum=(\d{1,4})(?:&|$)", re.I)


def _pages(jpage: JPage) -> int | None:
    return min(-(-jpage.total // max(1, jpage.per_page)), MAX_PAGES) if jpage.total is not None else None


def unit_page_urls(jpage: JPage, after: int = 1) -> list[str]:
    """The unit's pages by GET (``index.html?uid=5678&pageNum=N``) after page ``after``: every one
    when the record count is known, else the next one (each page asks for the one after it)."""
    uid = jpage.fields.get("unitid")
    if not uid or not jpage.page_url:
        return []
    base = jpage.page_url.split("#", 1)[0].split("?", 1)[0]
    pages = _pages(jpage)
    last = pages if pages is not None else after + 1
    return [f"{base}?uid={uid}&pageNum={n}" for n in range(after + 1, last + 1)]


def pagenum_urls(page_url: str, html: str) -> list[str]:
    """On a unit's page asked by GET (``?uid=5678&pageNum=2``) that embeds records: the unit's
    following pages, walked by GET as the page itself was."""
    query = urlsplit(page_url).query
    m = _PAGE_NUM.search(query)
    if not m or "uid=" not in query.lower() or not records(html):
        return []
    uid = dict(parse_qsl(query)).get("uid")
    units = [u for u in find_jpages(page_url, html) if u.fields.get("unitid") == uid] or find_jpages(page_url, html)
    if not units:
        return []
    unit = units[0]
    unit.fields.setdefault("unitid", uid or "")
    return unit_page_urls(unit, after=int(m.group(1)))
