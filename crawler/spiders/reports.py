"""The one spider: from a portal's start URL to its annual reports and their attachments.

    scrapy crawl reports -a sources=data/sources.yaml
    scrapy crawl reports -a start_urls=http://kj.quanzhou.gov.cn/,http://www.nxlw.gov.cn/

Every page is fetched by a request built in :meth:`ReportsSpider._request`; what comes back goes to

- :meth:`~ReportsSpider.parse` — any HTML page: landing (政务公开 / 政府信息公开), list (the
  annual-report column and its pages) or report. A report page yields its item and requests its
  attachments; the others yield requests for the links worth following and the list's other pages;
- :meth:`~ReportsSpider.parse_document` — an attachment (PDF, DOC, …): its item;
- :meth:`~ReportsSpider.parse_jpage` — a Hanweb dataproxy answer: more list items;
- :meth:`~ReportsSpider.on_error` — a failed request: an ``error`` item, and the crawl goes on.

A 304 to a conditional request (a report or attachment already archived) is answered from the
archive: the stored copy is read back from the WARC and goes through the same callback
(:meth:`~ReportsSpider._archived_copy`), so its attachments are asked for again (conditionally
too) and a document archived but never parsed — a run killed between the two, an attachment that
timed out last night — is completed, without downloading anything again.

Which links are worth a request is :mod:`crawler.discovery`; what a page says about itself is
:mod:`crawler.page`; how a platform paginates is :mod:`crawler.dialects`. Bounds per site: hops from
the start URL (``NIANBAO_MAX_DEPTH``; a list's own pages cost none) and pages fetched
(``NIANBAO_MAX_PAGES_PER_SITE``). Duplicates are left to Scrapy's dupefilter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from parsers.metadata import find_published_date
from parsers.normalize import squeeze
from parsers.titles import year_from_title

from ..archive import read_record
from ..db import warc_dir_setting
from ..dialects import hanweb, pagination, trs
from ..discovery import (
    PRIORITY,
    PRIORITY_PAGINATION,
    PRIORITY_UNDER_LANDING,
    Kind,
    Link,
    Target,
    classify_link,
    is_column_link,
    on_site,
    report_label,
)
from ..items import blocked_item, error_item, report_item, unchanged_item
from ..middlewares import OutOfScope, ShortBody
from ..page import Page
from ..sources import Source, load_sources

# Every request takes these statuses to its callback: 304 answers a conditional request for a
# report we hold; 412 and 521 are JavaScript challenges, recorded as "blocked".
HANDLED_STATUSES = [304, 412, 521]
EXPLORE_SHARE = 0.6  # of a site's page budget, at most, for pages followed only by exploring
_TITLE_PARTS = re.compile(r"[-_|—–>»/]+")


class ReportsSpider(scrapy.Spider):
    """Discover annual reports on government information disclosure from portal start URLs."""

    name = "reports"

    def __init__(self, sources: str | None = None, start_urls: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.starts: list[tuple[str, Source | None]] = []
        if sources:
            self.starts += [(url, src) for src in load_sources(sources) for url in src.start_urls]
        if start_urls:
            self.starts += [(url.strip(), None) for url in start_urls.split(",") if url.strip()]
        if not self.starts:
            raise ValueError("give -a sources=PATH or -a start_urls=URL1,URL2")
        # Per-site counters, keyed by the start URL's netloc: the only state the spider keeps.
        self.pages: Counter[str] = Counter()  # responses (and failures) per site
        self.requested: Counter[str] = Counter()  # requests scheduled per site: the page budget
        self.reports: Counter[str] = Counter()
        self.blocked: Counter[str] = Counter()
        self.over_budget: Counter[str] = Counter()  # requests not made: the site's page budget was spent

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ReportsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_depth = crawler.settings.getint("NIANBAO_MAX_DEPTH", 6)
        spider.max_pages = crawler.settings.getint("NIANBAO_MAX_PAGES_PER_SITE", 400)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url, source in self.starts:
            if "://" not in url:
                url = "http://" + url
            meta = {"site": urlsplit(url).netloc, "site_url": url,
                    "source": source.as_dict() if source else None, "depth_hops": 0}
            self._budget(meta["site"])
            yield self._request(url, Kind.LANDING, meta, priority=PRIORITY[Kind.LANDING], dont_filter=True)

    # --- requests --------------------------------------------------------------------------------
    def _meta(self, kind: Kind, parent_meta: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """What every request carries: its kind, the start URL's site and source, hops so far."""
        return {
            "kind": str(kind),
            "site": parent_meta["site"],
            "site_url": parent_meta["site_url"],
            "source": parent_meta["source"],
            "depth_hops": parent_meta.get("depth_hops", 0),
            "handle_httpstatus_list": HANDLED_STATUSES,
            **extra,
        }

    def _request(self, url: str, kind: Kind, parent_meta: dict[str, Any], *, priority: int,
                 dont_filter: bool = False, **meta: Any) -> Request:
        """Build a GET request: the one place pages are asked for (the Hanweb POST aside)."""
        callback = self.parse_document if kind is Kind.ATTACHMENT else self.parse
        return Request(url, callback=callback, errback=self.on_error, priority=priority, dont_filter=dont_filter,
                       meta=self._meta(kind, parent_meta, **meta))

    def _follow(self, response: Response, target: Target, **meta: Any) -> Request | None:
        """A request for a link found on ``response``, or None when it is off-site or over a bound."""
        site = response.meta["site"]
        documents = target.kind in (Kind.REPORT, Kind.ATTACHMENT)
        if not on_site(target.link.url, response.meta["site_url"], documents=documents):
            return None
        hops = response.meta.get("depth_hops", 0) + 1
        # Reports and attachments may sit one hop past the bound: they end the walk.
        exploring = target.priority <= PRIORITY_UNDER_LANDING
        if hops > self.max_depth + (1 if documents else 0) or not self._budget(site, exploring=exploring):
            return None
        return self._request(target.link.url, target.kind, response.meta, priority=target.priority,
                             depth_hops=hops, list_title=target.link.label or None, **meta)

    # --- callbacks -------------------------------------------------------------------------------
    def parse(self, response: Response) -> Iterator[Any]:
        """Any HTML page: a report (item + attachments) or a landing/list page (links + pages)."""
        site = response.meta["site"]
        self._count(site)
        if response.status == 304:
            stored = self._not_modified(response)
            if not isinstance(stored, Response):
                yield stored
                return
            response = stored
        if not Page.is_html(response):
            if response.meta["kind"] == Kind.REPORT:  # a report link that served the file itself
                yield from self.parse_document(response, counted=True)
            return
        page = Page(response)
        reason = page.blocked_reason()
        if reason:
            yield self._blocked(response, reason)
            return
        list_title = response.meta.get("list_title")
        links = page.links() + hanweb.record_links(page.text, page.base_url)
        listing = response.meta["kind"] == Kind.LIST or self._is_column_page(page)
        # A list page headed "2023年度政府信息公开年报" is the column, not a report, unless it holds
        # the report's own text.
        if page.report_title(list_title) and self._is_report_page(page, links) and (
                page.holds_report_text or not listing):
            yield from self._report(response, page, links)
            return
        context = Kind.LIST if listing else Kind.LANDING
        targets = [t for t in (classify_link(link, page_url=page.url, page_kind=context) for link in links) if t]
        for target in targets:
            request = self._follow(response, target)
            if request is not None:
                yield request
        found = sum(t.kind in (Kind.REPORT, Kind.ATTACHMENT) for t in targets)
        if context is Kind.LIST or found >= 2:
            yield from self.paginate(response, page, links, context)

    def paginate(self, response: Response, page: Page, links: list[Link], context: Kind) -> Iterator[Request]:
        """The other pages of a list, by every dialect that recognizes the page's markup.

        A list's pages cost no depth: they are one column, however many pages it runs to.
        """
        site = response.meta["site"]
        urls = dict.fromkeys(pagination.page_urls(page.url, links) + trs.page_urls(page.url, page.text))
        for url in urls:
            if on_site(url, response.meta["site_url"]) and self._budget(site):
                yield self._request(url, Kind.LIST, response.meta, priority=PRIORITY_PAGINATION,
                                    list_title=None)
        jpage = hanweb.find_jpage(page.url, page.text)
        if jpage:
            for request in hanweb.proxy_requests(jpage, **self._jpage_kwargs(jpage, response.meta, context)):
                if self._budget(site):
                    yield request

    def _jpage_kwargs(self, jpage: hanweb.JPage, parent_meta: dict[str, Any], context: Kind) -> dict[str, Any]:
        """Callback and meta for a Hanweb dataproxy POST (the request itself is the dialect's)."""
        meta = self._meta(Kind.LIST, parent_meta, jpage=jpage.as_meta(), context=str(context), list_title=None)
        return {"callback": self.parse_jpage, "errback": self.on_error, "meta": meta,
                "priority": PRIORITY_PAGINATION}

    def parse_jpage(self, response: Response) -> Iterator[Any]:
        """A Hanweb dataproxy answer: its records are list items; ask for the next chunk if any."""
        site = response.meta["site"]
        self._count(site)
        page = Page(response)
        reason = page.blocked_reason()
        if reason:
            yield self._blocked(response, reason)
            return
        if "<datastore" not in page.text.lower():  # not a jpage answer (an error page, say)
            return
        context = Kind(response.meta.get("context", Kind.LIST))
        for link in hanweb.record_links(page.text, page.base_url):
            target = classify_link(link, page_url=page.url, page_kind=context)
            request = self._follow(response, target) if target else None
            if request is not None:
                yield request
        jpage = hanweb.JPage.from_meta(response.meta["jpage"])
        start = hanweb.next_start(jpage, response.url, page.text)
        if start is not None and self._budget(site):
            yield hanweb.proxy_request(jpage, start, **self._jpage_kwargs(jpage, response.meta, context))

    def parse_document(self, response: Response, counted: bool = False) -> Iterator[Any]:
        """An attachment (PDF, DOC, DOCX, WPS, XLS…): stored as a report document of its page."""
        site = response.meta["site"]
        if not counted:
            self._count(site)
        if response.status == 304:
            stored = self._not_modified(response)
            if not isinstance(stored, Response):
                yield stored
                return
            response = stored
        if Page.is_html(response):
            page = Page(response)
            reason = page.blocked_reason()
            if reason:
                yield self._blocked(response, reason)
                return
            if not page.report_title() and not page.holds_report_text:
                self.crawler.stats.inc_value("nianbao/errors")
                yield error_item(url=response.url, site=site, reason="attachment link answered with an HTML page")
                return
        yield self._report_item(response, page_url=response.meta.get("page_url") or response.url)

    def on_error(self, failure: Failure) -> Iterator[dict[str, Any]]:
        """A request that failed for good: record it, keep crawling."""
        request = failure.request
        site = request.meta.get("site", urlsplit(request.url).netloc)
        self._count(site)
        self.crawler.stats.inc_value("nianbao/errors")
        # After redirects, the URL the spider asked for (the one a list links to) names the failure.
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        self.logger.info("failed %s: %s", request.url, _reason(failure))
        yield error_item(url=url, site=site, reason=_reason(failure))

    def _archived_copy(self, response: Response) -> Response | None:
        """The stored version a 304 confirmed, read back from the WARC as a 200 response.

        None when there is none to read (no documents row, a missing WARC file): the caller then
        records the report as unchanged, as before. Content-Encoding is gone (the archive returns the
        decoded content), so the headers that describe the transfer are dropped with it.
        """
        doc = response.meta.get("document") or {}
        if not doc.get("not_modified") or not doc.get("warc_file") or doc.get("warc_offset") is None:
            return None
        try:
            record = read_record(doc["warc_file"], int(doc["warc_offset"]),
                                 warc_dir=warc_dir_setting(self.crawler.settings))
        except Exception as exc:  # noqa: BLE001 - an unreadable copy: fall back to "unchanged"
            self.logger.warning("could not read the archived copy of %s: %s", response.url, exc)
            return None
        if record.status is None or not 200 <= record.status < 300:
            return None
        skip = {"content-encoding", "content-length", "transfer-encoding", "x-archive-orig-transfer-encoding"}
        headers = [(k, v) for k, v in record.headers if k.lower() not in skip]
        cls = responsetypes.from_args(headers={k: v for k, v in headers}, url=response.url, body=record.body)
        self.crawler.stats.inc_value("nianbao/replayed")
        return cls(url=response.url, status=record.status, headers=headers, body=record.body,
                   request=response.request, flags=[*response.flags, "archived"])

    def _not_modified(self, response: Response) -> Response | dict[str, Any]:
        """A 304: the archived copy to handle as if fetched, or, when none is stored, an ``unchanged`` item."""
        stored = self._archived_copy(response)
        if stored is not None:
            return stored
        self.reports[response.meta["site"]] += 1
        return unchanged_item(response.url)

    # --- report pages ------------------------------------------------------------------------------
    def _is_report_page(self, page: Page, links: list[Link]) -> bool:
        """A page titled as a report is one unless it only lists reports (a year's folder, say)."""
        if page.holds_report_text or page.report_attachments:
            return True
        listed = {link.url for link in links if link.url != page.url and report_label(link, in_list=False)}
        return len(listed) < 2

    def _report(self, response: Response, page: Page, links: list[Link]) -> Iterator[Any]:
        """A report page: its item when the body holds the report, a request per attachment, and
        requests for other reports it links to (a 往年年报 sidebar)."""
        if page.holds_report_text or not page.report_attachments:
            yield self._report_item(response, page_url=response.url)
        # An attachment (a PDF, say) rarely states its title or date: the page that links it does.
        page_title = page.report_title(response.meta.get("list_title"))
        page_meta = {k.lower(): v for k, v in zip(page.sel.xpath("//meta[@name]/@name").getall(),
                                                  page.sel.xpath("//meta[@name]/@content").getall(), strict=False)}
        page_date = find_published_date(page_meta, page.visible_text, page.visible_text, year_from_title(page_title))
        for link in page.report_attachments:
            target = Target(link, Kind.ATTACHMENT, PRIORITY[Kind.ATTACHMENT])
            request = self._follow(response, target, page_url=response.url, page_title=page_title,
                                   page_published_date=page_date)
            if request is not None:
                yield request
        for link in links:
            target = classify_link(link, page_url=page.url, page_kind=Kind.LANDING)
            if target is not None and target.kind is Kind.REPORT:
                request = self._follow(response, target)
                if request is not None:
                    yield request

    def _is_column_page(self, page: Page) -> bool:
        """The page is the annual-report column itself: by its URL or by what it calls itself."""
        names = [""]  # the URL alone (/xxgknb/, /ndbg/)
        for title in page.title_candidates():
            names += [part for part in _TITLE_PARTS.split(title) if part]
        names += [squeeze(x) for x in page.sel.xpath("//meta[@name='ColumnName']/@content").getall()]
        return any(is_column_link(Link(url=page.url, text=name)) for name in names)

    # --- items and counters ------------------------------------------------------------------------
    def _report_item(self, response: Response, *, page_url: str) -> dict[str, Any]:
        site = response.meta["site"]
        self.reports[site] += 1
        self.crawler.stats.inc_value("nianbao/reports_found")
        return report_item(response, page_url=page_url, list_title=response.meta.get("list_title"),
                           site=site, source=response.meta.get("source"), page_title=response.meta.get("page_title"),
                           page_published_date=response.meta.get("page_published_date"))

    def _blocked(self, response: Response, reason: str) -> dict[str, Any]:
        site = response.meta["site"]
        self.blocked[site] += 1
        self.crawler.stats.inc_value("nianbao/blocked")
        self.logger.warning("blocked at %s: %s", response.url, reason)
        return blocked_item(url=response.url, site=site, status=response.status, reason=reason)

    def _budget(self, site: str, exploring: bool = False) -> bool:
        """Take one request from the site's page budget; False when it is spent.

        Counted when a request is scheduled, so queued requests cannot overrun the budget; one the
        dupefilter drops gives its place back (:meth:`_dropped`). Exploring (sub-columns found only
        by sitting under a disclosure page) may use part of it, so columns and reports found later
        still get their requests.
        """
        limit = int(self.max_pages * EXPLORE_SHARE) if exploring else self.max_pages
        if self.requested[site] >= limit:
            if limit == self.max_pages:  # a close-of-run problem (crawler/monitor.py), never silent
                self.over_budget[site] += 1
            return False
        self.requested[site] += 1
        return True

    def _dropped(self, request: Request, spider: scrapy.Spider) -> None:
        site = request.meta.get("site")
        if site and self.requested[site] > 0:
            self.requested[site] -= 1

    def _count(self, site: str) -> None:
        self.pages[site] += 1
        self.crawler.stats.inc_value("nianbao/pages")

    def closed(self, reason: str) -> None:
        """Silence is never success: name every site that gave no report and was not blocked."""
        for url, _source in self.starts:
            site = urlsplit(url if "://" in url else "http://" + url).netloc
            if not self.reports[site] and not self.blocked[site]:
                self.crawler.stats.inc_value("nianbao/sites_without_reports")
                self.logger.warning("no reports found on %s (%d pages fetched)", site, self.pages[site])


def _reason(failure: Failure) -> str:
    """A short, stable reason for an error item: its kind first (what the summary groups by)."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(OutOfScope, ShortBody):  # crawler/middlewares.py: the message says what and why
        return str(failure.value)[:500]
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "DNS lookup failed"
    if failure.check(TimeoutError, TCPTimedOutError, DownloadTimeoutError):
        return "timeout"
    if failure.check(DownloadCancelledError):  # DOWNLOAD_MAXSIZE, by Content-Length or bytes received
        return f"too large: {str(failure.value) or 'over DOWNLOAD_MAXSIZE'}"[:300]
    if failure.check(ConnectionRefusedError, DownloadConnectionRefusedError):
        return "connection refused"
    if failure.check(ResponseDataLossError):
        return "truncated body: the connection closed before the promised Content-Length"
    text = str(failure.value) or failure.type.__name__
    if failure.check(ResponseNeverReceived, ConnectionLost, ResponseFailed, DownloadFailedError):
        if "DataLoss" in text:
            return "truncated body: the connection closed before the body ended"
        if "ConnectionLost" in text or "ConnectionDone" in text or failure.check(ConnectionLost):
            return "connection lost (reset or closed by the server)"
        return f"download failed: {_inner(failure)}"[:300]
    if failure.check(IgnoreRequest) and "DOWNLOAD_MAXSIZE" in text:  # a decompression bomb
        return f"too large when decompressed: {text}"[:300]
    if failure.check(IgnoreRequest) and "max redirections" in text:
        return "redirect loop: REDIRECT_MAX_TIMES reached"
    if failure.check(IgnoreRequest) and text.startswith("redirect loop"):  # RedirectLoopMiddleware
        return text[:300]
    if "robots.txt" in text.lower() or failure.type.__name__ == "IgnoreRequest":
        return f"not fetched: {text}"[:300]
    return f"{failure.type.__name__}: {text}"[:300]


def _inner(failure: Failure) -> str:
    """The causes a Twisted ResponseFailed / ResponseNeverReceived wraps, by class name."""
    reasons = getattr(failure.value, "reasons", None) or []
    names = [f"{r.type.__name__}" + (f" ({r.value})" if str(r.value) else "") for r in reasons
             if isinstance(r, Failure)]
    return "; ".join(names) or f"{failure.type.__name__}: {failure.value}"
