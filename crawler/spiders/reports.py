"""The one spider: from a portal's start URL to its annual reports and their attachments.

    scrapy crawl reports -a sources=data/sources.yaml
    scrapy crawl reports -a start_urls=http://kj.quanzhou.gov.cn/,http://www.nxlw.gov.cn/

Every page is fetched by a request built in :meth:`ReportsSpider._request`; what comes back goes to

- :meth:`~ReportsSpider.parse` — any HTML page: landing (政务公开 / 政府信息公开), list (the
  annual-report column and its pages) or report. A report page yields its item and requests its
  attachments; the others yield requests for the links worth following and the list's other pages;
- :meth:`~ReportsSpider.parse_document` — an attachment (PDF, DOC, …): its item;
- :meth:`~ReportsSpider.parse_jpage` — a Hanweb dataproxy answer: more list items;
- :meth:`~ReportsSpider.parse_service` / :meth:`~ReportsSpider.parse_rendered` — a list service's
  answer, a script-built column rendered in the browser;
- :meth:`~ReportsSpider.parse_script` — a same-site script file pages wait for, when their
  handlers call functions it defines (``turnPage(2)``, ``downloadFile('id')``; :mod:`crawler.script_files`);
- :meth:`~ReportsSpider.on_error` — a failed request: an ``error`` item, and the crawl goes on.

A page that is a script-only app's empty shell is asked for again rendered, as the same kind of
page (:meth:`~ReportsSpider._app_request`); the app's hash routes are then its items' addresses.

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
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DontCloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Request, Response
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

from parsers.decode import decode
from parsers.document import page_context
from parsers.normalize import squeeze
from parsers.titles import agency_from_title

from .. import article_pages, browser
from ..archive import read_record, sha256_hex
from ..db import warc_dir_setting
from ..dialects import DIALECTS, hanweb, item_urls, listservice, postback, scripted, scriptpager
from ..dialects.listservice import ListService
from ..discovery import (
    PRIORITY,
    PRIORITY_PAGINATION,
    PRIORITY_UNDER_LANDING,
    SHELL,
    Kind,
    Link,
    Target,
    classify_link,
    host_key,
    is_column_link,
    is_landing_link,
    on_site,
    related_host,
    report_label,
    route_fragment,
)
from ..items import blocked_item, error_item, report_item, unchanged_item
from ..middlewares import OutOfScope, ShortBody
from ..page import Page
from ..script_files import Held, ScriptFiles
from ..sources import UNANSWERED_STAGE, Source, answering, load_sources, unanswered_reason

# Every request takes these statuses to its callback: 304 answers a conditional request for a
# report we hold; 412 and 521 are JavaScript challenges, recorded as "blocked".
HANDLED_STATUSES = [304, 412, 521]
MAX_SCRIPT_REDIRECTS = 2  # script-only pages in a row (location.href='…') followed before giving up
EXPLORE_SHARE = 0.6  # of a site's page budget, at most, for pages followed only by exploring
_TITLE_PARTS = re.compile(r"[-_|—–>»/]+")
PRIORITY_SCRIPT = 40  # a script file pages wait for: before anything else
MAX_SCRIPT_BYTES = 512 * 1024  # of a script file, read for its functions


class ReportsSpider(scrapy.Spider):
    """Discover annual reports on government information disclosure from portal start URLs."""

    name = "reports"

    def __init__(self, sources: str | None = None, start_urls: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.starts: list[tuple[str, Source | None]] = []
        self.unanswered: list[Source] = []  # entries whose site never answered discovery: recorded, not crawled
        if sources:
            crawled, self.unanswered = answering(load_sources(sources))
            self.starts += [(url, src) for src in crawled for url in src.start_urls]
        if start_urls:
            self.starts += [(url.strip(), None) for url in start_urls.split(",") if url.strip()]
        if not self.starts and not self.unanswered:
            raise ValueError("give -a sources=PATH or -a start_urls=URL1,URL2")
        # Per-site counters, keyed by the start URL's netloc: the only state the spider keeps.
        self.pages: Counter[str] = Counter()  # responses (and failures) per site
        self.requested: Counter[str] = Counter()  # requests scheduled per site: the page budget
        self.reports: Counter[str] = Counter()
        self.blocked: Counter[str] = Counter()
        self.over_budget: Counter[str] = Counter()  # requests not made: the site's page budget was spent
        self.renders: Counter[str] = Counter()  # browser renders per site: bounded
        self.rendered: set[str] = set()  # column URLs rendered once already
        self.apps: set[str] = set()  # pages that are script-only apps: their routes are rendered
        self.routes: set[str] = set()  # hash-routed column URLs asked for (the dupefilter ignores fragments)
        self.annexes: dict[str, set[tuple[str, int | None]]] = {}  # other hosts of a site's platform
        self.posted: set[str] = set()  # ASP.NET pager events posted (their view states differ every time)
        self.owners: dict[str, str] = {}  # the agency running each site, as its first page names it
        self.scripts = ScriptFiles(limit=6)  # script files read, and the pages waiting for them
        # script-built pages of one template (path) told apart by their query: the first one's render
        # and services, and the pages waiting while it renders
        self.templates: dict[str, tuple[dict[str, str], list[dict[str, Any]]]] = {}
        self.template_waiters: dict[str, list[tuple[dict[str, Any], str, str, str | None, Kind]]] = {}
        # a script-built disclosure directory per site, rendered only if the site gives no report
        self.directories: dict[str, tuple[dict[str, Any] | None, str, str]] = {}
        self.agencies: dict[str, set[str]] = {}  # agencies the reports found per site name (by their titles)
        self.drawn: Counter[str] = Counter()  # report pages a script draws, rendered per site
        # static columns paged by script, rendered when the crawl is otherwise done (:meth:`_idle`), and
        # the items list services gave (such a column whose items a service gave is walked already)
        self.script_pagers: dict[str, list[tuple[dict[str, Any], str, str, str | None, list[str]]]] = {}
        self.service_items: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ReportsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_depth = crawler.settings.getint("NIANBAO_MAX_DEPTH", 6)
        spider.max_pages = crawler.settings.getint("NIANBAO_MAX_PAGES_PER_SITE", 400)
        spider.use_browser = crawler.settings.getbool("NIANBAO_BROWSER", True)
        spider.max_renders = crawler.settings.getint("NIANBAO_MAX_RENDERS_PER_SITE", 3)
        spider.render_timeout = crawler.settings.getint("NIANBAO_RENDER_TIMEOUT_MS", 20000)
        spider.max_app_renders = crawler.settings.getint("NIANBAO_MAX_APP_RENDERS_PER_SITE", 80)
        spider.scripts.limit = crawler.settings.getint("NIANBAO_MAX_SCRIPTS_PER_SITE", 6)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        from ..middlewares import record_error

        for source in self.unanswered:  # one row each, so no entry is silently lost
            for url in source.start_urls:
                record_error(self.crawler, url, UNANSWERED_STAGE, unanswered_reason(source),
                             urlsplit(url if "://" in url else "http://" + url).netloc)
        for url, source in self.starts:
            if "://" not in url:
                url = "http://" + url
            meta = {"site": urlsplit(url).netloc, "site_url": url,
                    "source": source.as_dict() if source else None, "depth_hops": 0}
            self._budget(meta["site"])
            yield self._request(url, Kind.LANDING, meta, priority=PRIORITY[Kind.LANDING], dont_filter=True)

    # --- requests --------------------------------------------------------------------------------
    def _meta(self, kind: Kind, parent_meta: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """What every request carries for the middlewares: its kind, the start URL's site and
        source, hops so far. Data for the next callback goes in ``cb_kwargs`` instead."""
        return {
            "kind": str(kind),
            "site": parent_meta["site"],
            "site_url": parent_meta["site_url"],
            "source": parent_meta["source"],
            "depth_hops": parent_meta.get("depth_hops", 0),
            "handle_httpstatus_list": HANDLED_STATUSES,
            **extra,
        }

    def _callback(self, kind: Kind) -> Any:
        """One callback per page kind."""
        return {Kind.LANDING: self.parse_landing, Kind.LIST: self.parse_list, Kind.REPORT: self.parse_report,
                Kind.ATTACHMENT: self.parse_document}[kind]

    def _request(self, url: str, kind: Kind, parent_meta: dict[str, Any], *, priority: int,
                 dont_filter: bool = False, cb_kwargs: dict[str, Any] | None = None, body: str = "",
                 **meta: Any) -> Request:
        """Build a GET request (a POST of ``body`` when a link is a form's: a download form): the
        one place pages are asked for (list services aside)."""
        post = {"method": "POST", "body": body,
                "headers": {"Content-Type": "application/x-www-form-urlencoded"}} if body else {}
        return Request(url, callback=self._callback(kind), errback=self.on_error, priority=priority,
                       dont_filter=dont_filter, meta=self._meta(kind, parent_meta, **meta), cb_kwargs=cb_kwargs or {},
                       **post)

    def _follow(self, response: Response, target: Target, **cb_kwargs: Any) -> Request | None:
        """A request for a link found on ``response``, or None when it is off-site or over a bound."""
        site = response.meta["site"]
        documents = target.kind in (Kind.REPORT, Kind.ATTACHMENT)
        if target.link.body and not documents:
            return None  # a form is posted only for a document it downloads, never to explore
        attachment_elsewhere = target.kind is Kind.ATTACHMENT and related_host(target.link.url, response.meta["site_url"])
        if not attachment_elsewhere and not self._on_site(target.link.url, response.meta, documents=documents):
            # (a report page's own file may sit on the site's file server: another host of its
            # domain, or another port of its host, :8081/upload/…)
            # the disclosure platform on a host of its own (xxgk.x.gov.cn, the same host's :8080),
            # linked by name (政府信息公开, 年报): part of the site from now on
            if documents or target.priority <= PRIORITY_UNDER_LANDING \
                    or not related_host(target.link.url, response.meta["site_url"]):
                return None
            self.annexes.setdefault(site, set()).add(host_key(target.link.url))
            self.logger.info("site %s goes on at %s", site, target.link.url)
        if target.link.url in self.routes:  # a hash-routed column asked for already
            return None
        hops = response.meta.get("depth_hops", 0) + 1
        # Reports and attachments may sit one hop past the bound: they end the walk.
        exploring = target.priority <= PRIORITY_UNDER_LANDING
        if hops > self.max_depth + (1 if documents else 0) or not self._budget(site, exploring=exploring):
            return None
        if target.kind is not Kind.LANDING:
            cb_kwargs.setdefault("list_title", target.link.label or None)
        url, dont_filter = target.link.url, False
        if route_fragment(url) and url.split("#", 1)[0] in self.apps:
            # a route of a script-only app (/portal/index.html#/detail/61003): the only address of
            # its item, kept whole, and shown by the browser
            self.routes.add(url)
            return self._rendered_request(url, target.kind, response.meta, priority=target.priority,
                                          cb_kwargs=cb_kwargs, depth_hops=hops)
        if route_fragment(url):
            # a hash-routed column (/gkmlpt/index#2811): the dupefilter ignores fragments, so the
            # spider keeps its own set; documents never need one
            if documents:
                url = url.split("#", 1)[0]
            else:
                self.routes.add(url)
                dont_filter = True
        return self._request(url, target.kind, response.meta, priority=target.priority,
                             depth_hops=hops, cb_kwargs=cb_kwargs, dont_filter=dont_filter, body=target.link.body)

    # --- callbacks: one per page kind ----------------------------------------------------------------
    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Any page, by the kind it was requested as (start URLs, replayed copies, tests)."""
        kind = Kind(response.meta.get("kind", Kind.LANDING))
        yield from self._callback(kind)(response, **kwargs)

    def parse_landing(self, response: Response) -> Iterator[Any]:
        """A 政务公开 / 信息公开 page on the way to the column (or a start URL)."""
        yield from self._page(response, Kind.LANDING, None)

    def parse_list(self, response: Response, list_title: str | None = None) -> Iterator[Any]:
        """The annual-report column or one of its pages."""
        yield from self._page(response, Kind.LIST, list_title)

    def parse_report(self, response: Response, list_title: str | None = None) -> Iterator[Any]:
        """A page a list links to as a report: the report, its attachments' page, or a list after all."""
        yield from self._page(response, Kind.REPORT, list_title)

    def _page(self, response: Response, requested: Kind, list_title: str | None) -> Iterator[Any]:
        """What a fetched page is decides what it yields, whatever it was requested as."""
        site = response.meta["site"]
        self._count(site)
        if response.status == 304:
            stored = self._not_modified(response)
            if not isinstance(stored, Response):
                yield stored
                return
            response = stored
        if not Page.is_html(response):
            if requested is Kind.REPORT:  # a report link that served the file itself
                yield from self.parse_document(response, list_title=list_title, counted=True)
            return
        page = Page(response)
        if gone := page.gone_reason() or (requested is Kind.REPORT and _sent_home(response, page)):
            yield self._dead_link(response, gone)
            return
        reason = page.blocked_reason()
        if reason == SHELL and (moved := self._script_redirect(response, page, requested,
                                                              {"list_title": list_title} if list_title else {})):
            yield moved
            return
        column = requested is Kind.LIST and scripted.signs(page.sel)  # a column its inline script fills
        if reason == SHELL and page.is_app_shell and not column \
                and (rendered := self._app_request(response, requested, list_title)) is not None:
            yield rendered  # an app's page: its content comes from its own API, so the browser shows it
            return
        if reason == SHELL and not response.meta.get("playwright") and response.url.split("#", 1)[0] in self.apps:
            return  # a page of an app shown already, not rendered again (its budget): no challenge
        if reason and not column:
            yield self._blocked(response, reason)
            return
        if site not in self.owners and requested is not Kind.REPORT and page.site_owner:
            self.owners[site] = page.site_owner
        yield from self._read(response, page, requested, list_title)

    def _read(self, response: Response, page: Page, requested: Kind, list_title: str | None,
              waited: bool = False) -> Iterator[Any]:
        """A page's links and what it is, once the script files defining its handlers' functions
        are read (:mod:`crawler.script_files`; ``waited``: they were asked for already)."""
        page.external_scripts = self.scripts.known(page.script_files) if self.scripts.code else []
        if not waited and page.unresolved_calls:
            wanted = self.scripts.wanted(response.meta["site"], page.script_files,
                                         lambda url: self._on_site(url, response.meta)
                                         and self._budget(response.meta["site"]))
            if wanted:  # onclick="turnPage(2)" with turnPage in /js/common.js: read it first
                self.logger.info("page %s waits for its scripts %s (%s)", response.url, wanted,
                                 ", ".join(sorted(page.unresolved_calls)))
                for url in self.scripts.hold(Held(response, requested, list_title), wanted):
                    yield Request(url, callback=self.parse_script, errback=self.on_script_error,
                                  priority=PRIORITY_SCRIPT, dont_filter=True,
                                  meta={**self._meta(Kind.LANDING, response.meta), "kind": "script"})
                return
        links = page.links() + hanweb.record_links(page.text, page.base_url)
        listing = requested is Kind.LIST or self._is_column_page(page)
        titled = page.report_title(list_title) or (requested is Kind.REPORT and page.untitled_report(list_title))
        if titled and self._is_report_page(page, links, listing, requested):
            yield from self._report(response, page, links, list_title)
            return
        yield from self._list(response, page, links, Kind.LIST if listing else Kind.LANDING, list_title)

    def parse_script(self, response: Response) -> Iterator[Any]:
        """A script file pages load: kept (its text, bounded), and the pages waiting for it read."""
        self._count(response.meta["site"])
        ok = 200 <= response.status < 300 and not Page.is_html(response)
        code = decode(response.body[:MAX_SCRIPT_BYTES], None)[0] if ok else ""
        for held in self.scripts.done(response.request.url if response.request else response.url, code):
            yield from self._read(held.response, Page(held.response), held.requested, held.list_title, waited=True)

    def on_script_error(self, failure: Failure) -> Iterator[Any]:
        """A script file that failed: its pages are read without it (no error row: it is no page)."""
        self._count(failure.request.meta.get("site", ""))
        self.logger.info("script %s failed: %s", failure.request.url, _reason(failure))
        for held in self.scripts.done(failure.request.url, ""):
            yield from self._read(held.response, Page(held.response), held.requested, held.list_title, waited=True)

    def _list(self, response: Response, page: Page, links: list[Link], context: Kind,
              list_title: str | None) -> Iterator[Any]:
        """A landing or list page: requests for the links worth following and the list's other pages."""
        targets = [t for t in (classify_link(link, page_url=page.url, page_kind=context) for link in links) if t]
        # a page in a frame is part of this page: the list (or the way to it) it shows
        framed = {t.link.url for t in targets}
        targets += [Target(link, context, PRIORITY[context]) for link in page.frames() if link.url not in framed]
        # a column's jump list (<select onchange="window.open(this.value)">: its departments' or years'
        # columns) leads to sub-columns of the column, whatever their names; elsewhere options are links
        for link in page.option_links():
            if link.url not in framed:
                target = classify_link(link, page_url=page.url, page_kind=context)
                if target is None and context is Kind.LIST:
                    target = Target(link, Kind.LIST, PRIORITY_UNDER_LANDING)
                if target is not None:
                    targets.append(target)
        for target in targets:
            request = self._follow(response, target)
            if request is not None:
                yield request
        found = sum(t.kind in (Kind.REPORT, Kind.ATTACHMENT) for t in targets)
        if context is Kind.LANDING and not any(t.kind is not Kind.LANDING for t in targets):
            self._note_directory(response, page)
        if context is Kind.LIST or found >= 2:
            yield from self.paginate(response, page, links, context, found=found, list_title=list_title)

    def paginate(self, response: Response, page: Page, links: list[Link], context: Kind, *, found: int = 0,
                 list_title: str | None = None) -> Iterator[Request]:
        """The other pages of a list, by every dialect of :data:`crawler.dialects.DIALECTS` that
        recognizes the page: static pages, list services, Hanweb jpage POSTs, or a browser render.

        A list's pages cost no depth: they are one column, however many pages it runs to.
        """
        site = response.meta["site"]
        # the URL as asked for: a hash-routed column's fragment names it (Scrapy drops it from response.url)
        asked = response.request.url if response.request is not None else page.url
        service_url = asked if route_fragment(asked) else page.url
        urls: dict[str, None] = {}
        services: list[ListService] = []
        jpages: list[hanweb.JPage] = []
        render_reason = None
        posts: list[postback.Postback] = []
        for dialect in DIALECTS.values():
            if dialect.posts:
                posts += dialect.posts(page.url, page.script_text)
            if dialect.page_urls:  # a pager's function may be defined in a script file the page loads
                urls.update(dict.fromkeys(dialect.page_urls(page.url, page.script_text, links)))
            if dialect.services and context is Kind.LIST:  # a column's service, never a site-wide search
                services += dialect.services(service_url, page.text)
            if dialect.jpages and not jpages:
                jpages = dialect.jpages(page.url, page.text)
            if dialect.render and render_reason is None:
                render_reason = dialect.render(page.sel)
        for url in urls:
            if url in self.routes or not self._on_site(url, response.meta) or not self._budget(site):
                continue
            if route_fragment(url) and url.split("#", 1)[0] in self.apps:  # an app's page 2 (#/list/88?page=2)
                self.routes.add(url)
                request = self._rendered_request(url, Kind.LIST, response.meta, priority=PRIORITY_PAGINATION,
                                                 cb_kwargs={"list_title": list_title} if list_title else {})
                if request is not None:
                    yield request
                continue
            yield self._request(url, Kind.LIST, response.meta, priority=PRIORITY_PAGINATION, paged=True)
        if posts and (response.request is None or response.request.method == "GET"):
            self.posted.update(postback.shown_page_keys(page.url, page.text))  # the GET showed page 1
        for post in posts:
            if post.key not in self.posted and self._on_site(post.url, response.meta) and self._budget(site):
                self.posted.add(post.key)
                yield Request(**post.request_args(), callback=self.parse_list, errback=self.on_error,
                              priority=PRIORITY_PAGINATION, dont_filter=True,
                              meta=self._meta(Kind.LIST, response.meta, paged=True),
                              cb_kwargs={"list_title": list_title})
        for service in services:
            request = self._service_request(response.meta, service, 1, seen=[])
            if request is not None:
                yield request
        for jpage in jpages:
            for request in hanweb.proxy_requests(jpage, **self._jpage_kwargs(jpage, response.meta, context)):
                if self._budget(site):
                    yield request
        # A column with no report link, no page and no service a dialect knows, that shows the signs
        # of a script-built list: render it once and walk the service it calls.
        if context is Kind.LIST and not found and not urls and not services and not jpages and not posts \
                and render_reason:
            yield from self._render_or_reuse(response.meta, page.url, render_reason, list_title)
        # A column whose first page is static but whose pager is script (a 下一页 that is no link, an
        # empty pager a script fills), that no dialect pages: rendered once, its pager clicked once
        # (a page reached as a list's other page never: its column was)
        elif context is Kind.LIST and found and not urls and not services and not jpages and not posts \
                and not response.meta.get("paged") and self.use_browser and (pager := scripted.script_pager(page.sel)):
            # rendered when the crawl is otherwise done, unless a list service walked its items meanwhile
            # (a framed view of a list a dialect pages: :meth:`_idle`)
            listed = [t.link.url for t in (classify_link(link, page_url=page.url, page_kind=Kind.LIST) for link in links)
                      if t and t.kind in (Kind.REPORT, Kind.ATTACHMENT)]
            self.script_pagers.setdefault(site, []).append(
                ({k: response.meta.get(k) for k in ("site", "site_url", "source", "depth_hops")}, page.url, pager,
                 list_title, listed))

    # --- list services (platform dialects and recorded ones) ---------------------------------------
    def _service_request(self, parent_meta: dict[str, Any], service: ListService, n: int, *,
                         seen: list[str]) -> Request | None:
        """Page ``n`` of a list service, within the site's page budget and on its site; ``seen``
        holds the keys of the items earlier pages gave (:func:`listservice.item_keys`)."""
        args = service.request_args(n)
        if not self._on_site(args["url"], parent_meta) or not self._budget(parent_meta["site"]):
            return None
        meta = self._meta(Kind.LIST, parent_meta, list_service=service.dialect)
        return Request(**args, callback=self.parse_service, errback=self.on_error, priority=PRIORITY_PAGINATION,
                       meta=meta, cb_kwargs={"service": service.as_meta(), "n": n, "seen": seen})

    def parse_service(self, response: Response, service: dict[str, Any], n: int,
                      seen: list[str] | None = None) -> Iterator[Any]:
        """A list service's answer: its items are list items; ask for the next page while it brings
        items not seen on the pages before (a service that ignores the page parameter, or a probed
        field that is not one, answers seen items again: that ends the walk)."""
        site = response.meta["site"]
        self._count(site)
        svc = ListService.from_meta(service)
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None
        text = decode(response.body, ctype)[0]  # GBK answers too, as pages are read
        data = listservice.parse_answer(text)
        if data is None and n > 1 and text.lstrip().startswith("<"):
            # markup without items past page 1 (Hanweb's search.jsp: an empty table, "共16条 4/3页"):
            # the list has run out, as an empty JSON page says it
            self.logger.info("list service %s page %d: no items, the walk ends", svc.dialect, n)
            return
        if data is None:
            reason = f"list service ({svc.dialect}) answered HTTP {response.status} without JSON"
            # a dialect's guess at a service whose answer cannot be read: the column as its page shows it
            # (rendered, its own script reading the answer), as a column no dialect knows would be read;
            # the render records its own error if it fails too (with this reason), none if it reads the list
            fallback = list(self._render_or_reuse(response.meta, svc.item_base, reason, svc.list_title)) \
                if n == 1 and svc.item_base and not svc.dialect.startswith("recorded") else []
            template = svc.item_base.split("?", 1)[0] if svc.item_base and "?" in svc.item_base else None
            if fallback or (template is not None and template in self.template_waiters):
                self.logger.info("%s: the column %s is rendered instead", reason, svc.item_base)
                yield from fallback
                return
            self.crawler.stats.inc_value("nianbao/errors")
            yield error_item(url=response.url, site=site, reason=reason)
            return
        found = listservice.items(data, svc.item_base or response.url, svc.rules())
        self.service_items.update(link.url for link in found)
        known = set(seen or [])
        new = [(key, link) for key, link in zip(listservice.item_keys(found), found, strict=True) if key not in known]
        new_keys = [key for key, _link in new]
        fresh = len(new_keys)
        if svc.dialect == "recorded-probe" and fresh:
            self.crawler.stats.inc_value("nianbao/list_service_params_found")
        yield from self._list_items(response, [link for _key, link in new], svc.list_title)
        more = listservice.has_more(svc, n, data, fresh, len(known) + fresh)
        self.logger.info("list service %s (%s) page %d: %d items (%d new), more: %s", svc.dialect, svc.page_param,
                         n, len(found), fresh, more)
        if more:
            request = self._service_request(response.meta, svc, n + 1, seen=[*(seen or []), *new_keys])
            if request is not None:
                yield request

    def _list_items(self, response: Response, links: list[Link], list_title: str | None,
                    context: Kind = Kind.LIST) -> Iterator[Request]:
        """Requests for the items a list service or rendered list gave, as links of a list page
        (of a landing page: a directory's tree)."""
        for link in links:
            target = classify_link(link, page_url=response.url, page_kind=context)
            request = self._follow(response, target) if target else None
            if request is not None:
                yield request

    # --- script-built columns: the browser ---------------------------------------------------------
    def _render_or_reuse(self, parent_meta: dict[str, Any], url: str, reason: str, list_title: str | None,
                         context: Kind = Kind.LIST) -> Iterator[Request]:
        """A script-built column's list: rendered once in the browser, unless a page of the same
        template (the same path, other query values: ``list.html?orgId=zx017`` after
        ``?orgId=zx001``) was rendered already, whose recorded service is then called with this
        page's values (:func:`listservice.for_page`) without a browser. While that page's render is
        on its way, this one waits for it (:meth:`_template_done`)."""
        template = url.split("?", 1)[0] if "?" in url else None
        if template is not None and template in self.templates:
            shown, recorded = self.templates[template]
            page = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
            services = [svc for meta in recorded
                        if (svc := listservice.for_page(ListService.from_meta(meta), shown, page)) is not None]
            if services:
                self.crawler.stats.inc_value("nianbao/list_services_from_template")
                for service in services:
                    service.list_title = list_title or service.list_title
                    request = self._service_request(parent_meta, service, 1, seen=[])
                    if request is not None:
                        yield request
                return
        elif template is not None and template in self.template_waiters:
            self.template_waiters[template].append((parent_meta, url, reason, list_title, context))
            return
        request = self._render_request(parent_meta, url, reason, list_title, context)
        if request is not None:
            if template is not None:
                self.template_waiters.setdefault(template, [])
            yield request

    def _note_directory(self, response: Response, page: Page) -> None:
        """Note a disclosure directory (信息公开目录) that links no column or report and whose tree
        or list a script builds from a service (``POST /xxgk/api/tree``): the first one a site
        shows is rendered when the crawl has nothing else to do and the site's reports name at
        most one agency (none, or only the government's own column: the organs' reports are in
        the tree), its links (each organ's 年度报告 leaf) read as a landing page's. A site whose
        reports come from several agencies without it never starts a browser for it."""
        site = response.meta["site"]
        if site in self.directories or not is_landing_link(Link(url=page.url, text=squeeze(page.title)[:16])):
            return
        reason = scripted.signs(page.sel)
        if reason:
            self.directories[site] = ({k: response.meta.get(k) for k in ("site", "site_url", "source", "depth_hops")},
                                      page.url, reason)

    def _idle(self) -> None:
        """The crawl has nothing left to do: render the static columns paged by script whose items
        no list service gave meanwhile (:meth:`paginate`), and the script-built directories of
        sites whose reports name at most one agency (:meth:`_note_directory`), once; the crawl goes
        on while they are read."""
        scheduled = False
        for site, pagers in list(self.script_pagers.items()):
            for meta, url, reason, list_title, listed in pagers:
                if self.blocked[site] or (listed and set(listed) <= self.service_items):
                    continue
                for request in self._render_or_reuse(meta, url, reason, list_title):
                    self.crawler.engine.crawl(request)
                    scheduled = True
            del self.script_pagers[site]
        for site, (meta, url, reason) in list(self.directories.items()):
            if meta is None or len(self.agencies.get(site, ())) > 1 or self.blocked[site]:
                continue
            self.directories[site] = (None, url, reason)  # once
            for request in self._render_or_reuse(meta, url, reason, None, Kind.LANDING):
                self.crawler.engine.crawl(request)
                scheduled = True
        if scheduled:
            raise DontCloseSpider

    def _template_done(self, url: str, services: list[ListService]) -> Iterator[Request]:
        """A rendered page of a template is read: its services serve the pages waiting for it
        (rendered themselves when it recorded none)."""
        template = url.split("?", 1)[0] if "?" in url else None
        if template is None:
            return
        if services and template not in self.templates:
            shown = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
            self.templates[template] = (shown, [service.as_meta() for service in services])
        for parent_meta, page_url, reason, list_title, context in self.template_waiters.pop(template, []):
            yield from self._render_or_reuse(parent_meta, page_url, reason, list_title, context)

    def _render_request(self, parent_meta: dict[str, Any], url: str, reason: str, list_title: str | None,
                        context: Kind = Kind.LIST) -> Request | None:
        """A browser render of a column (or of a disclosure directory's script-built tree:
        ``context`` landing), once per URL, within the site's render budget."""
        site = parent_meta["site"]
        if not self.use_browser or url in self.rendered or self.renders[site] >= self.max_renders:
            return None
        if not self._budget(site):
            return None
        self.rendered.add(url)
        self.renders[site] += 1
        self.logger.info("rendering %s: %s", url, reason)
        meta = self._meta(Kind.LIST, parent_meta, render_reason=reason, **browser.render_meta(self.render_timeout))
        cb_kwargs: dict[str, Any] = {"list_title": list_title}
        if context is not Kind.LIST:
            cb_kwargs["context"] = str(context)
        return Request(url, callback=self.parse_rendered, errback=self.on_error, priority=PRIORITY_PAGINATION,
                       dont_filter=True, meta=meta, cb_kwargs=cb_kwargs)

    def _app_request(self, response: Response, kind: Kind, list_title: str | None) -> Request | None:
        """The page again, rendered, when it is an empty shell an app fills from its own API
        (``<div id="app"></div>`` and scripts); None when the browser is off, the page was rendered
        already (a shell even then is a challenge's) or the site's render budget is spent."""
        site = response.meta["site"]
        if not self.use_browser or response.meta.get("playwright") or not self._budget(site):
            return None
        url = response.request.url if response.request is not None else response.url
        self.apps.add(url.split("#", 1)[0])
        self.logger.info("rendering %s: %s", url, SHELL)
        return self._rendered_request(url, kind, response.meta, priority=PRIORITY[kind],
                                      cb_kwargs={"list_title": list_title} if list_title else {})

    def _rendered_request(self, url: str, kind: Kind, parent_meta: dict[str, Any], *, priority: int,
                          cb_kwargs: dict[str, Any], **meta: Any) -> Request | None:
        """A page of an app, rendered: a list records the service it calls (:meth:`parse_rendered`);
        any other page is read as rendered, once the network is quiet, by its kind's callback.
        Bounded by ``NIANBAO_MAX_APP_RENDERS_PER_SITE``."""
        site = parent_meta["site"]
        if self.renders[site] >= self.max_app_renders:
            self.over_budget[site] += 1
            return None
        self.renders[site] += 1
        if kind is Kind.LIST:
            meta.update(render_reason=SHELL, **browser.render_meta(self.render_timeout))
            callback = self.parse_rendered
        else:
            meta.update(browser.app_meta(self.render_timeout))
            callback = self._callback(kind)
        return Request(url, callback=callback, errback=self.on_error, priority=priority, dont_filter=True,
                       meta=self._meta(kind, parent_meta, **meta), cb_kwargs=cb_kwargs)

    async def parse_rendered(self, response: Response, list_title: str | None = None,
                             context: str = Kind.LIST) -> AsyncIterator[Any]:
        """A column rendered in the browser: walk the list services it called, and its rendered links
        (``context`` landing: a disclosure directory whose tree a script builds; its links are
        read as a landing page's)."""
        kind = Kind(context)
        recorded_services: list[ListService] = []
        site = response.meta["site"]
        self._count(site)
        self.crawler.stats.inc_value("nianbao/rendered")
        recorded_calls, html, click = await browser.recorded_calls(response)
        # list calls: XHR / fetch, and JSONP answers (loaded as scripts: callback({...}))
        calls = [c for c in recorded_calls if c.resource != "script" or listservice.is_jsonp(c.text)]
        rendered: list[tuple[str, str]] = []  # (href, text) of every link the script rendered
        scripts = [c.text for c in recorded_calls if c.resource == "script" and self._on_site(c.url, response.meta)]
        rendered_links: list[Link] = []
        page = None
        first_links: list[Link] = []
        for shown in (html, click.html if click else None):  # the page as rendered, and after the click
            if not shown:
                continue
            drawn = Page(response.replace(body=shown.encode("utf-8"), encoding="utf-8"), scripts=scripts)
            page = page or drawn
            drawn_links = [link for link in drawn.links() if link.url != response.url]
            first_links = first_links if shown is not html else drawn_links  # the page before the click
            rendered_links += drawn_links
            rendered += [(a.attrib.get("href", ""), text) for a in drawn.sel.xpath("//a[@href]")
                         for text in (a.xpath("string(.)").get() or "", a.attrib.get("title", "")) if text]
            scripts += drawn.sel.xpath("//script[not(@src)]/text()").getall()
        walked = 0
        recorded = [(c.url, c.method, c.body, c.body_type) for c in calls]
        asked: set[tuple[str, str | None]] = {(c.url, c.body) for c in calls}
        listed: list[tuple[browser.Call, Any, list[item_urls.Rule], list[Link]]] = []
        answers = [(call, data) for call in calls if (data := listservice.parse_answer(call.text)) is not None]
        # the URLs the script built for items sent without one, learned over every answer the page
        # got (the first page's and the click's: an item kind seen once on each page is seen twice)
        shared_rules = self._item_rules([data for _call, data in answers], rendered, scripts, response.url)
        for call, data in answers:
            rules = shared_rules
            # relative item URLs resolve as the browser resolved them: against the page, not the service
            if not (found := listservice.items(data, response.url, rules)):
                continue
            listed.append((call, data, rules, found))
            self.service_items.update(link.url for link in found)
            for request in self._list_items(response, found, list_title, kind):
                yield request
        learned, covered = self._learned_pagers(response, listed, click, rendered_links, html, first_links)
        for service, n, seen in learned:
            walked += 1
            recorded_services.append(service)
            request = self._service_request(response.meta, service, n + 1, seen=seen)
            if request is not None:
                yield request
        for call, data, rules, found in listed:
            if id(call) in covered:  # its pager was learned by clicking it
                continue
            others = [r for r in recorded if r != (call.url, call.method, call.body, call.body_type)]
            services = listservice.services_from_calls(call.url, call.method, call.body, call.body_type, others,
                                                         data)
            for service in services:
                walked += 1
                service.url_rules = [rule.as_meta() for rule in rules] or None
                service.item_base = response.url
                service.headers = listservice.replayable_headers(call.headers or {})
                recorded_services.append(service)
                self.crawler.stats.inc_value("nianbao/list_services_recorded")
                if listservice.has_more(service, 1, data, len(found), len(found)):
                    request = self._service_request(response.meta, service, 2, seen=listservice.item_keys(found))
                    if request is not None:
                        yield request
            # the other tabs' lists: the call with the open tab's value swapped for theirs
            others_asked = [v for d in DIALECTS.values() if d.other_calls and page is not None
                            for v in d.other_calls(call.url, call.method, call.body, page.sel)]
            for url, body in others_asked:
                if (url, body) in asked:
                    continue
                asked.add((url, body))
                tab = listservice.single_call(url, call.method, body, call.body_type)
                tab.url_rules = [rule.as_meta() for rule in rules] or None
                tab.item_base = response.url
                tab.headers = listservice.replayable_headers(call.headers or {})
                walked += 1
                self.crawler.stats.inc_value("nianbao/tab_lists")
                request = self._service_request(response.meta, tab, 1, seen=[])
                if request is not None:
                    yield request
        for target in (classify_link(link, page_url=response.url, page_kind=kind) for link in rendered_links):
            request = self._follow(response, target) if target else None
            if request is not None:
                yield request
        for request in self._template_done(response.url, recorded_services):
            yield request
        # the render failed when it walked no service, got no JSON answer and drew no report link (a
        # list service answering HTML fragments that the page's script draws is read from the drawing)
        if not walked and not _names_reports(rendered_links, response.url) and not any(
                c.status and c.status < 400 and listservice.parse_answer(c.text) is not None for c in calls):
            failed = [f"{c.method} {c.url} → HTTP {c.status}" for c in calls if c.status and c.status >= 400]
            reason = ("list service failed: " + "; ".join(failed[:3])) if failed else \
                f"rendered column made no list request with a JSON answer ({len(calls)} calls recorded)"
            if str(response.meta.get("render_reason", "")).endswith("without JSON"):  # a dialect's fallback
                reason = f"{response.meta['render_reason']}; rendered, {reason}"
            self.crawler.stats.inc_value("nianbao/errors")
            yield error_item(url=response.url, site=site, reason=reason[:300])

    def _learned_pagers(self, response: Response, listed: list[tuple[browser.Call, Any, list[item_urls.Rule],
                                                                     list[Link]]],
                        click: browser.Click | None, rendered_links: list[Link],
                        html: str | None, first_links: list[Link] | None = None
                        ) -> tuple[list[tuple[ListService, int, list[str]]], set[int]]:
        """The services learned by clicking the column's pager once (:func:`crawler.browser.click_pager`):
        each list call the click made, diffed against the list's first call to the same service
        (:func:`listservice.learn_pager`), or read alone when the click made the list's first call
        (page 1 was static: :func:`listservice.learn_from_one`); with no call, the navigation the
        click caused (a pager that is a link or a form), diffed against the page's own address and
        walked as pages. Gives (service, the page number last seen, keys of the items seen) for each
        walk to go on, and the ids of the calls the learned pagers cover (not guessed at again)."""
        if click is None:
            return [], set()
        loads = [entry for entry in listed if entry[0].phase == "load"]
        clicks = [entry for entry in listed if entry[0].phase == "click"]
        walks: list[tuple[ListService, int, list[str]]] = []
        covered: set[int] = set()
        shown = bool(loads) or _names_reports(first_links if first_links is not None else rendered_links, response.url)
        for call, data, rules, found in clicks:
            second = (call.url, call.method, call.body, call.body_type)
            service, n, seen = None, 2, listservice.item_keys(found)
            # the list's first call: of the load calls to the same service, the one the click's differs
            # from least (two lists of one service differ in their channel too)
            pairs = [(len(learned.learned["fields"]) if learned.learned else 9, -k, learned, first_call, first_found)
                     for k, (first_call, _data, _rules, first_found) in enumerate(loads)
                     if (learned := listservice.learn_pager((first_call.url, first_call.method, first_call.body,
                                                             first_call.body_type), second)) is not None]
            if pairs:
                _fields, _order, service, first_call, first_found = min(pairs, key=lambda p: p[:2])
                covered.add(id(first_call))
                seen = listservice.item_keys(first_found) + seen
                first_data = next(d for c, d, _r, _f in loads if c is first_call)
                service.keyset_key = listservice.keyset_key(service, first_data)
            if service is None:
                service = listservice.learn_from_one(second, shown)
                n = 2 if shown else 1
            if service is None:
                continue
            covered.add(id(call))
            service.url_rules = [rule.as_meta() for rule in rules] or None
            service.item_base = response.url
            service.headers = listservice.replayable_headers(call.headers or {})
            self.crawler.stats.inc_value("nianbao/pagers_learned")
            self.logger.info("pager of %s learned by clicking %r: %s %s", response.url, click.control,
                             service.learned and service.learned["where"], service.learned and service.learned["fields"])
            if listservice.has_more(service, n, data, len(found), len(seen)):
                walks.append((service, n, seen))
        if not clicks and click.navigation is not None:
            nav = click.navigation
            service = listservice.learn_pager((response.url, "GET", None, None), nav, dialect="learned-pages")
            if service is None and urlsplit(nav[0]).path == urlsplit(response.url).path:  # a form posted to itself
                service = listservice.learn_from_one(nav, True, dialect="learned-pages")
            if service is not None:
                service.pages = scriptpager.stated_pages(html or "")
                self.crawler.stats.inc_value("nianbao/pagers_learned")
                self.logger.info("pager of %s learned by clicking %r: its pages are %s", response.url, click.control,
                                 service.learned and service.learned["url"])
                walks.append((service, 1, listservice.item_keys(rendered_links)))
        return walks, covered

    def _item_rules(self, data: Any, rendered: list[tuple[str, str]], scripts: list[str],
                    page_url: str) -> list[item_urls.Rule]:
        """How the page builds the URLs of items its list service sends without one: learned from
        the hrefs it rendered for them, else read from its scripts (:mod:`crawler.dialects.item_urls`)."""
        objects = listservice.records(data)
        linked = listservice.linked_records(data, page_url)
        written = item_urls.from_scripts(scripts)
        over = item_urls.learn_over(linked, rendered, page_url) or item_urls.over_from_scripts(written, linked, page_url)
        if not objects and not over:
            return []
        rules = over + (item_urls.with_fallbacks(item_urls.learn(objects, rendered, page_url), written)
                        or item_urls.choose(written, objects))
        if rules:
            self.crawler.stats.inc_value("nianbao/item_url_templates")
            self.logger.info("item URLs of %s built as %s", page_url, rules)
        return [item_urls.anchor(rule, page_url) for rule in rules]

    # --- Hanweb jpage ------------------------------------------------------------------------------
    def _jpage_kwargs(self, jpage: hanweb.JPage, parent_meta: dict[str, Any], context: Kind) -> dict[str, Any]:
        """Callback and meta for a Hanweb dataproxy POST (the request itself is the dialect's)."""
        meta = self._meta(Kind.LIST, parent_meta)
        return {"callback": self.parse_jpage, "errback": self.on_jpage_error, "meta": meta,
                "cb_kwargs": {"jpage": jpage.as_meta(), "context": str(context)},
                "priority": PRIORITY_PAGINATION}

    def parse_jpage(self, response: Response, jpage: dict[str, Any] | None = None,
                    context: str = Kind.LIST) -> Iterator[Any]:
        """A Hanweb dataproxy answer: its records are list items; ask for the next chunk if any."""
        site = response.meta["site"]
        self._count(site)
        page = Page(response)
        reason = page.blocked_reason()
        if reason:
            yield self._blocked(response, reason)
            return
        if "<datastore" not in page.text.lower():  # not a jpage answer (an error page, say): its pages by GET
            yield from self._jpage_by_get(response.request.cb_kwargs.get("jpage") or jpage or {}, response.meta)
            return
        kind = Kind(context)
        for link in hanweb.record_links(page.text, page.base_url):
            self.service_items.add(link.url)
            target = classify_link(link, page_url=page.url, page_kind=kind)
            request = self._follow(response, target) if target else None
            if request is not None:
                yield request
        jp = hanweb.JPage.from_meta(jpage or response.request.cb_kwargs["jpage"])
        start = hanweb.next_start(jp, response.url, page.text)
        if start is not None and self._budget(site):
            yield hanweb.proxy_request(jp, start, **self._jpage_kwargs(jp, response.meta, kind))

    def parse_document(self, response: Response, page_url: str | None = None, page_title: str | None = None,
                       page_published_date: str | None = None, list_title: str | None = None,
                       counted: bool = False, site_owner: str | None = None,
                       via_page: bool = False) -> Iterator[Any]:
        """An attachment (PDF, DOC, DOCX, WPS, XLS…): stored as a report document of its page.

        An attachment link that answers a small page of attachment links (an article's
        【查看附件】 → ``fjxz.asp?id=N``) has those files fetched as the article's, under its
        title and context: one extra hop (``via_page``), never more."""
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
            if gone := page.gone_reason() or _sent_home(response, page):
                yield self._dead_link(response, gone)
                return
            reason = page.blocked_reason()
            context = {"page_url": page_url, "page_title": page_title, "page_published_date": page_published_date,
                       "list_title": list_title, "site_owner": site_owner, "via_page": via_page}
            if reason == SHELL and (moved := self._script_redirect(response, page, Kind.ATTACHMENT, context)):
                yield moved
                return
            if reason:
                yield self._blocked(response, reason)
                return
            files = [] if via_page else page.attachment_page_files()
            if files:
                self.crawler.stats.inc_value("nianbao/attachment_pages")
                for link in files:
                    request = self._follow(response, Target(link, Kind.ATTACHMENT, PRIORITY[Kind.ATTACHMENT]),
                                           page_url=page_url or response.url, page_title=page_title,
                                           page_published_date=page_published_date, list_title=list_title,
                                           site_owner=site_owner, via_page=True)
                    if request is not None:
                        yield request
                return
            if not page.report_title() and not page.holds_report_text:
                self.crawler.stats.inc_value("nianbao/errors")
                yield error_item(url=response.url, site=site, reason="attachment link answered with an HTML page")
                return
        yield self._report_item(response, page_url=page_url or response.url, list_title=list_title,
                                page_title=page_title, page_published_date=page_published_date,
                                site_owner=site_owner or self.owners.get(site))

    def on_jpage_error(self, failure: Failure) -> Iterator[Any]:
        """A dataproxy POST that failed (404, refused): recorded, and the unit read by GET instead,
        its ``?uid=…&pageNum=N`` pages (:func:`hanweb.unit_page_urls`)."""
        yield from self.on_error(failure)
        yield from self._jpage_by_get(failure.request.cb_kwargs.get("jpage") or {}, failure.request.meta)

    def _jpage_by_get(self, jpage: dict[str, Any], parent_meta: dict[str, Any]) -> Iterator[Request]:
        if not jpage or "site" not in parent_meta:
            return
        for url in hanweb.unit_page_urls(hanweb.JPage.from_meta(jpage)):
            if self._on_site(url, parent_meta) and self._budget(parent_meta["site"]):
                yield self._request(url, Kind.LIST, parent_meta, priority=PRIORITY_PAGINATION)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """A request that failed for good: record it, keep crawling."""
        request = failure.request
        site = request.meta.get("site", urlsplit(request.url).netloc)
        self._count(site)
        self.crawler.stats.inc_value("nianbao/errors")
        # After redirects, the URL the spider asked for (the one a list links to) names the failure.
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        self.logger.info("failed %s: %s", request.url, _reason(failure))
        yield error_item(url=url, site=site, reason=_reason(failure))
        if request.meta.get("render_reason"):  # pages of its template waited for this render
            yield from self._template_done(request.url, [])

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
    def _is_report_page(self, page: Page, links: list[Link], listing: bool, requested: Kind) -> bool:
        """A page titled as a report is one by what it holds, wherever it sits: the report's text,
        or its attachment (a "详见附件" page under the column's own path). A page is a list only
        when it lists several reports: a column (or a year's folder) titled like a report that
        links two or more reports is a list, even when it links their files directly."""
        if page.holds_report_text:
            return True
        listed = {link.url for link in links if link.url != page.url and report_label(link, in_list=listing)}
        if (page.report_attachments or page.attachment_pages) and (requested is Kind.REPORT or len(listed) < 2):
            return True
        if listing:
            return False
        return len(listed) < 2

    def _report(self, response: Response, page: Page, links: list[Link], list_title: str | None) -> Iterator[Any]:
        """A report page: its item when the body holds the report, a request per attachment, and
        requests for other reports it links to (a 往年年报 sidebar)."""
        owner = page.site_owner or self.owners.get(response.meta["site"])
        attachments = page.report_attachments
        if not attachments and not page.holds_report_text:
            # 【查看附件】: a page of the report's attachments (parse_document takes its files, one hop),
            # or a page that shows its report in a frame (<iframe src="/content/nb2023.html">)
            attachments = page.attachment_pages or \
                [link for link in page.frames() if self._on_site(link.url, response.meta)]
        if self.use_browser and not page.holds_report_text and not attachments and not response.meta.get("playwright") \
                and scripted.signs(page.sel):
            # an article its script draws from a detail service (an empty body and an XHR): read as drawn
            site = response.meta["site"]
            if self.drawn[site] < self.max_app_renders:  # its own bound: a column's renders are never spent on it
                self.drawn[site] += 1
                url = response.request.url if response.request else response.url
                yield Request(url, callback=self.parse_report, errback=self.on_error, priority=PRIORITY[Kind.REPORT],
                              dont_filter=True, cb_kwargs={"list_title": list_title} if list_title else {},
                              meta=self._meta(Kind.REPORT, response.meta, **browser.app_meta(self.render_timeout)))
                return
        pages: list[str] = []
        if page.holds_report_text or not attachments:
            # an article cut by its editor's page breaks (t…_1.html, t…_2.html): read whole, once all are in
            pages = [url for url in article_pages.other_pages(response.url, response.url, page.text, links)
                     if self._on_site(url, response.meta, documents=True)]
            state = {"first": response.url, "list_title": list_title, "owner": owner, "todo": pages,
                     "pages": [(response.url, response.body, _content_type(response))], "seen": [response.url, *pages]}
            yield from self._next_article_page(response.meta, state) if pages else \
                [self._report_item(response, page_url=response.url, list_title=list_title, site_owner=owner)]
        # An attachment (a PDF, say) rarely states its title or date: the page that links it does.
        # Read only for a page with attachments: the date search runs over the page's whole text.
        if attachments:
            context = page_context(page.meta, page.visible_text, page.report_title(list_title), site_owner=owner)
            for link in attachments:
                target = Target(link, Kind.ATTACHMENT, PRIORITY[Kind.ATTACHMENT])
                request = self._follow(response, target, page_url=response.url, page_title=context.page_title,
                                       page_published_date=context.page_published_date, list_title=list_title,
                                       site_owner=context.site_owner)
                if request is not None:
                    yield request
        asked = {link.url for link in attachments} | set(pages)
        for link in links:
            target = classify_link(link, page_url=page.url, page_kind=Kind.LANDING)
            if target is not None and target.kind is Kind.REPORT and link.url not in asked:
                request = self._follow(response, target)
                if request is not None:
                    yield request

    def _next_article_page(self, parent_meta: dict[str, Any], state: dict[str, Any],
                           unconditional: bool = False) -> Iterator[Any]:
        """A request for the article's next page, or (none left, or over the site's budget) its
        report item: the pages read so far joined (:mod:`crawler.article_pages`)."""
        if state["todo"] and self._budget(parent_meta["site"]):
            url = state["todo"][0]
            # a retry of a page whose 304 had no archived copy goes as a plain page: never conditional
            kind = "article_page" if unconditional else str(Kind.REPORT)
            yield Request(url, callback=self.parse_article_page, errback=self.on_article_page_error,
                          priority=PRIORITY[Kind.REPORT], dont_filter=True,
                          meta={**self._meta(Kind.REPORT, parent_meta), "kind": kind},
                          cb_kwargs={"article": {**state, "todo": state["todo"][1:]}, "retried": unconditional})
            return
        yield self._joined_article(parent_meta, state)

    def parse_article_page(self, response: Response, article: dict[str, Any], retried: bool = False) -> Iterator[Any]:
        """A later page of an article cut by page breaks: kept, the pages it names added, the next asked for."""
        site = response.meta["site"]
        self._count(site)
        if response.status == 304:
            stored = self._archived_copy(response)
            if stored is None:
                if retried:
                    yield error_item(url=response.url, site=site, reason="article page: 304 without an archived copy")
                    yield from self._next_article_page(response.meta, article)
                else:  # read it again, unconditionally: the report is read whole or not at all
                    retry = {**article, "todo": [response.url, *article["todo"]]}
                    yield from self._next_article_page(response.meta, retry, unconditional=True)
                return
            response = stored
        page = Page(response) if Page.is_html(response) else None
        reason = "not an HTML page" if page is None else page.gone_reason() or page.blocked_reason()
        if page is None or reason:
            self.crawler.stats.inc_value("nianbao/errors")
            yield error_item(url=response.url, site=site, reason=f"article page: {reason}")
            yield from self._next_article_page(response.meta, article)
            return
        self.crawler.stats.inc_value("nianbao/article_pages")
        seen = list(article["seen"])
        todo = list(article["todo"])
        for url in article_pages.other_pages(article["first"], response.url, page.text, page.links()):
            if url not in seen and len(seen) <= article_pages.MAX_ARTICLE_PAGES \
                    and self._on_site(url, response.meta, documents=True):
                seen.append(url)
                todo.append(url)
        todo.sort(key=lambda u: article_pages.page_number(article["first"], u) or 0)
        state = {**article, "seen": seen, "todo": todo,
                 "pages": [*article["pages"], (response.url, response.body, _content_type(response))]}
        yield from self._next_article_page(response.meta, state)

    def on_article_page_error(self, failure: Failure) -> Iterator[Any]:
        """A later page that failed: recorded, and the article read with the pages that came."""
        yield from self.on_error(failure)
        request = failure.request
        if "site" in request.meta and "article" in request.cb_kwargs:
            yield from self._next_article_page(request.meta, request.cb_kwargs["article"])

    def _joined_article(self, parent_meta: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
        """The report item of an article's pages joined in page order, at the first page's address."""
        first_url = state["first"]
        pages = [(url, body, ct) for url, body, ct in state["pages"]]
        order = {url: article_pages.page_number(first_url, url) or 0 for url, _, _ in pages}
        pages.sort(key=lambda p: 0 if p[0] == first_url else order[p[0]])
        read = [Page(HtmlResponse(url, body=body, headers={"Content-Type": ct} if ct else {})) for url, body, ct in pages]
        request = Request(first_url, meta=self._meta(Kind.REPORT, parent_meta))
        try:
            body = article_pages.join(read[0], read[1:])
        except ValueError:  # no body to join to: the first page as it came
            url, body, ct = pages[0]
            return self._report_item(HtmlResponse(url, body=body, headers={"Content-Type": ct} if ct else {},
                                                  request=request), page_url=first_url,
                                     list_title=state["list_title"], site_owner=state["owner"])
        self.crawler.stats.inc_value("nianbao/articles_joined")
        joined = HtmlResponse(first_url, body=body, headers={"Content-Type": "text/html; charset=utf-8"},
                              request=request)
        item = self._report_item(joined, page_url=first_url, list_title=state["list_title"], site_owner=state["owner"])
        # the joined bytes were never served, so they have no WARC record: the parse cites the pages'
        # records (each archived under its own URL), and the archived copy is the first page's
        item["joined_from"] = [{"url": url, "sha256": sha256_hex(body)} for url, body, _ in pages]
        return item

    def _is_column_page(self, page: Page) -> bool:
        """The page is the annual-report column itself: by its URL or by what it calls itself."""
        names = [""]  # the URL alone (/xxgknb/, /ndbg/)
        for title in page.title_candidates():
            names += [part for part in _TITLE_PARTS.split(title) if part]
        names += [squeeze(x) for x in page.sel.xpath("//meta[@name='ColumnName']/@content").getall()]
        return any(is_column_link(Link(url=page.url, text=name)) for name in names)

    # --- items and counters ------------------------------------------------------------------------
    def _report_item(self, response: Response, *, page_url: str, list_title: str | None = None,
                     page_title: str | None = None, page_published_date: str | None = None,
                     site_owner: str | None = None) -> dict[str, Any]:
        site = response.meta["site"]
        self.reports[site] += 1
        if agency := agency_from_title(page_title or list_title):
            self.agencies.setdefault(site, set()).add(agency)
        self.crawler.stats.inc_value("nianbao/reports_found")
        return report_item(response, page_url=page_url, list_title=list_title, site=site,
                           source=response.meta.get("source"), page_title=page_title,
                           page_published_date=page_published_date, site_owner=site_owner)

    def _script_redirect(self, response: Response, page: Page, kind: Kind,
                         cb_kwargs: dict[str, Any]) -> Request | None:
        """A request for where a script-only page sends the browser (``location.href='…'``), as
        the same kind of page with the same context: at most ``MAX_SCRIPT_REDIRECTS`` in a row, on
        the site, within its budget. None when the page is no such redirect."""
        target = page.script_redirect()
        redirects = response.meta.get("script_redirects", 0)
        documents = kind in (Kind.REPORT, Kind.ATTACHMENT)
        if target is None or redirects >= MAX_SCRIPT_REDIRECTS \
                or not self._on_site(target, response.meta, documents=documents) \
                or not self._budget(response.meta["site"]):
            return None
        self.crawler.stats.inc_value("nianbao/script_redirects")
        self.logger.info("script redirect %s → %s", response.url, target)
        return self._request(target, kind, response.meta, priority=PRIORITY[kind], cb_kwargs=dict(cb_kwargs),
                             script_redirects=redirects + 1)

    def _dead_link(self, response: Response, reason: str) -> dict[str, Any]:
        """A dead link answered 200 (a soft 404): an error for the URL asked for, not a blocked site."""
        site = response.meta["site"]
        self.crawler.stats.inc_value("nianbao/errors")
        url = (response.meta.get("redirect_urls") or [response.url])[0]
        self.logger.info("dead link %s: %s", url, reason)
        return error_item(url=url, site=site, reason=reason)

    def _blocked(self, response: Response, reason: str) -> dict[str, Any]:
        site = response.meta["site"]
        self.blocked[site] += 1
        self.crawler.stats.inc_value("nianbao/blocked")
        self.logger.warning("blocked at %s: %s", response.url, reason)
        return blocked_item(url=response.url, site=site, status=response.status, reason=reason)

    def _on_site(self, url: str, meta: dict[str, Any], *, documents: bool = False) -> bool:
        """``url`` belongs to the site ``meta`` names: its start URL's host, or a host of the
        site's disclosure platform reached by name (:meth:`_follow`)."""
        return on_site(url, meta["site_url"], documents=documents) \
            or host_key(url) in self.annexes.get(meta["site"], ())

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
        if request.meta.get("redirect_urls") and request.meta.get("kind") in (Kind.REPORT, Kind.ATTACHMENT) \
                and _HOME_PATH.match(urlsplit(request.url).path) and not request.dont_filter:
            # a report link sent to the home page (fetched already): fetched again so its callback
            # records the dead link (:func:`_sent_home`); its place in the budget stays taken
            self.crawler.engine.crawl(request.replace(dont_filter=True))
            return
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


_HOME_PATH = re.compile(r"^/*((index|default|home|main)\.(s?html?|aspx?|jsp|php))?$", re.I)


def _content_type(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


def _names_reports(links: list[Link], page_url: str) -> bool:
    """Some link of a rendered list leads to a report or its file, as a list page's link would."""
    return any(t is not None and t.kind in (Kind.REPORT, Kind.ATTACHMENT)
               for t in (classify_link(link, page_url=page_url, page_kind=Kind.LIST) for link in links))


def _sent_home(response: Response, page: Page | None = None) -> str | None:
    """Why a report or attachment link that landed on the site's home page (a meta refresh or a
    redirect a CMS sends for an item that is gone) is a dead link, or None. A page that only
    refreshes home after a long delay (Scrapy follows short ones) says so itself."""
    # the compact text's length is the squeezed text's (crawler.page.compact), without squeezing a whole report
    if page is not None and len(page.compact_text) < 40:
        for content in page.sel.xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content").getall():
            target = re.sub(r"^\s*\d*\s*;?\s*(url\s*=\s*)?", "", content, flags=re.I).strip(" '\"")
            if target and _HOME_PATH.match(urlsplit(urljoin(response.url, target)).path):
                return f"soft 404: a page that only refreshes to the home page ({urljoin(response.url, target)})"
    asked = response.meta.get("redirect_urls") or []
    if not asked or _HOME_PATH.match(urlsplit(asked[0]).path) or not _HOME_PATH.match(urlsplit(response.url).path):
        return None
    how = "a meta refresh" if "meta refresh" in map(str, response.meta.get("redirect_reasons") or []) else "a redirect"
    return f"soft 404: {how} to the home page ({response.url})"


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
