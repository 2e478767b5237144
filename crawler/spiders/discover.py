"""The ``discover`` spider: from one government portal down the tree of agencies' portals.

    scrapy crawl discover -a start_url=http://www.nx.gov.cn/ -a state=data/sources.yaml.discover.sqlite

Each site costs a few pages: its home page (:meth:`DiscoverSpider.parse_home`: the site's title,
its name and place, the directory groups printed on the home page itself) and up to
``NIANBAO_DISCOVER_PAGES_PER_SITE - 1`` of its directory pages (:meth:`parse_directory`: 政府网站导航,
部门网站, 区县政府 …, their pagers, the 网站地图 leading to them, the scripts and JSON filling them),
plus one request per opaque jump (``go.jsp?id=…``, :meth:`parse_jump`) its agency groups link.
A government's 政府网站群 kept on a host of its own (a 集约化平台) is read as one of its directory
pages; a home page that is only a script redirect or frames is read where it leads.
The portals those directory groups list are queued as the next level — the only place nianbao
deliberately crosses hosts — down to ``NIANBAO_DISCOVER_MAX_DEPTH`` levels below
the start. What is and is not an agency is :mod:`crawler.directory`; the queue and the results live
in SQLite (:mod:`crawler.discover_state`), so memory holds only ``NIANBAO_DISCOVER_BATCH`` sites in
flight and a killed run resumes. The crawler's politeness settings apply (robots.txt, one request
at a time per host, AutoThrottle); nothing is archived or parsed. Hosts whose address is private,
loopback or link-local are refused unless the start URL's own address is one
(:class:`AddressScopeMiddleware`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import resource
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import default_settings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from parsers.normalize import squeeze
from parsers.places import Place, place_in_name, place_named_by

from .. import browser, discover_render
from ..dialects import hanweb, listservice, pagination, scriptpager, trs
from ..directory import (
    GroupLink,
    agency_in_link,
    agency_in_title,
    brand_of,
    counted_categories,
    division_below,
    expanded_name,
    frame_refs,
    fuller_name,
    grouped_links,
    headings_by_id,
    home_url,
    host_key,
    inline_script_links,
    is_agency_group,
    is_directory_link,
    is_excluded_group,
    is_gov_host,
    is_government_name,
    is_jump_link,
    is_more_link,
    is_national_portal,
    is_organs_page_link,
    is_sitemap_link,
    is_xml_document,
    jump_target,
    lazy_panel_refs,
    links_in_script,
    links_in_xml,
    looks_like_agency_site,
    migration_target,
    names_level_above,
    names_non_agency,
    names_place_not_below,
    names_place_only,
    next_data_pages,
    organizer_name,
    place_of,
    portal_key,
    qualified_name,
    reconcile_name,
    render_signs,
    script_heading,
    script_posts,
    script_refs,
    script_requests,
    sub_site_key,
    text_headings,
)
from ..discover_state import DiscoverState, SiteRow
from ..discovery import Link
from ..hosts import parse_hosts
from ..page import Page

logger = logging.getLogger(__name__)
progress = logging.getLogger("nianbao.progress.discover")  # the lines `nianbao discover` prints
# A site gets a few requests, once: no connection kept for it (the HTTP pool would keep one idle
# connection, and a key, for every one of the tree's 100,000 hosts).
ONE_SHOT = {"Connection": "close"}
_GOVERNMENT = ("人民政府", "政府", "管理委员会", "管委会", "公署")
# A phone's copy of a site (/m/, /wap/, m.x.gov.cn) and where a script sends the browser.
_MOBILE = re.compile(r"//(m|wap|h5|mobile)\.|/(m|wap|h5|mobile|sj|phone)(/|/index\.\w+)?$|/(m|wap|h5|mobile|sj)/", re.I)
_FOOTER_FRAME = re.compile(r"foot|bottom|link|lj|dh|nav|wz|include|inc/|common", re.I)
_LOCATION = re.compile(r"""location(?:\.href)?\s*=\s*['"]([^'"]+)['"]|location\.(?:replace|assign)\(\s*['"]([^'"]+)['"]""")


def _ascii_host(name: str) -> str:
    """A host name as chromium's resolver rules spell it (an internationalised name in punycode)."""
    try:
        return ".".join(part if part.isascii() else part.encode("idna").decode("ascii") for part in name.split("."))
    except UnicodeError:
        return name


def _blocked_address(ip: str) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
            or addr.is_multicast or addr.is_unspecified)


async def resolve_host(host: str) -> str | None:
    """The host's address through the reactor's resolver (the one Scrapy installed), or None."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    from twisted.internet import reactor

    try:
        return await maybe_deferred_to_future(reactor.resolve(host))
    except Exception:  # noqa: BLE001 - an unresolvable host fails in the download, with its reason
        return None


class AddressScopeMiddleware:
    """Refuse requests to private, loopback and link-local addresses unless the start URL is on one."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> AddressScopeMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        spider = spider or self.crawler.spider
        if getattr(spider, "allow_private", False):
            return None
        host = urlsplit(request.url).hostname or ""
        ip = await resolve_host(host)
        if ip and _blocked_address(ip):
            raise IgnoreRequest(f"address {ip} of {host} is private, loopback or link-local")
        return None


class BoundedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, forgetting the rules of sites visited long ago.

    The stock one keeps one parser per host for the whole run: across the national tree that is
    100,000 parsers. Discovery visits a site's few pages together, so the most recent hosts suffice.
    """

    LIMIT = 256  # several times NIANBAO_DISCOVER_BATCH: a site's pages are all asked for while it is in flight

    async def robot_parser(self, request: Request) -> Any:
        parser = await super().robot_parser(request)
        if len(self._parsers) > 2 * self.LIMIT:
            for netloc in list(self._parsers)[: len(self._parsers) - self.LIMIT]:
                if not isinstance(self._parsers[netloc], Deferred):
                    del self._parsers[netloc]
        return parser


class DiscoverSpider(scrapy.Spider):
    """Find every agency's portal below a start portal through the sites' own directories."""

    name = "discover"
    custom_settings = {
        "ITEM_PIPELINES": {},
        "DEFAULT_REQUEST_HEADERS": {**default_settings.DEFAULT_REQUEST_HEADERS, **ONE_SHOT},  # robots.txt too
        "EXTENSIONS": {"crawler.extensions.CrawlRunExtension": None},
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.ArchiveMiddleware": None,
            "crawler.middlewares.ConditionalRequestMiddleware": None,
            "crawler.spiders.discover.AddressScopeMiddleware": 540,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.spiders.discover.BoundedRobotsTxtMiddleware": 100,
        },
    }

    def __init__(self, start_url: str | None = None, state: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not start_url or not state:
            raise ValueError("give -a start_url=URL and -a state=PATH")
        self.start_url = start_url if "://" in start_url else "http://" + start_url
        self.state_path = state
        self.open_pages: dict[str, int] = {}  # sites in flight → their pages not answered yet
        self.levels: dict[str, int] = {}  # sites in flight → their depth (one level of the tree at a time)
        self.site_pages: dict[str, set[str]] = {}  # sites in flight → their pages requested
        self.allow_private = False
        self.visited = 0
        self.jumps_asked: dict[str, int] = {}  # sites in flight → opaque jumps asked for
        self.renders: dict[str, int] = {}  # sites in flight → pages sent to the browser
        self.rendered: dict[str, set[str]] = {}  # sites in flight → the URLs rendered
        self.jump_renders: dict[str, int] = {}  # sites in flight → jump pages sent to the browser
        self.judged_again: set[tuple[str, str]] = set()  # (site, lister): a dropped site queued again under its link
        self.rejudge: set[str] = set()  # sites being read when a better listing came: read again after

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> DiscoverSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_depth = s.getint("NIANBAO_DISCOVER_MAX_DEPTH", 4)
        spider.pages_per_site = max(1, s.getint("NIANBAO_DISCOVER_PAGES_PER_SITE", 10))
        spider.jumps_per_site = max(0, s.getint("NIANBAO_DISCOVER_JUMPS_PER_SITE", 100))
        spider.batch = max(1, s.getint("NIANBAO_DISCOVER_BATCH", 64))
        spider.progress_interval = s.getfloat("NIANBAO_PROGRESS_INTERVAL", 30.0)
        spider.use_browser = s.getbool("NIANBAO_BROWSER", True)
        spider.renders_per_site = max(0, s.getint("NIANBAO_DISCOVER_RENDERS_PER_SITE", 5))
        spider.render_timeout = max(1000, s.getint("NIANBAO_DISCOVER_RENDER_TIMEOUT_MS", 15000))
        spider.clicks_per_page = max(0, s.getint("NIANBAO_DISCOVER_CLICKS_PER_PAGE", 150))
        spider.jump_renders_per_site = max(0, s.getint("NIANBAO_DISCOVER_JUMP_RENDERS_PER_SITE", 30))
        spider.state = DiscoverState(spider.state_path)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._callback_failed, signal=signals.spider_error)
        return spider

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """The browser reaches the host names ``NIANBAO_HOSTS`` fixes as the crawler does (chromium's
        own resolver is told the same answers)."""
        super().update_settings(settings)
        hosts = parse_hosts(settings.get("NIANBAO_HOSTS"))
        if hosts:
            options = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") or {})
            rules = ", ".join(f"MAP {_ascii_host(name)} {ip}" for name, ip in hosts.items())
            options["args"] = [*options.get("args", []), f"--host-resolver-rules={rules}"]
            settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, priority="spider")

    # --- the queue ---------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        start_ip = await resolve_host(urlsplit(self.start_url).hostname or "")
        self.allow_private = bool(start_ip and _blocked_address(start_ip))
        resumed = self.state.begin(self.start_url, host_key(self.start_url))
        log = self.settings.get("LOG_FILE")
        if resumed:
            progress.info("resuming from %s: %d sites visited, %d agencies found, %d queued%s", self.start_url,
                          self.state.count() - self.state.count("queued"), self.state.count("done"),
                          self.state.count("queued"), f" (log: {log})" if log else "")
        else:
            progress.info("from %s, at most %d levels down%s", self.start_url, self.max_depth,
                          f" (log: {log})" if log else "")
        for request in self._refill():
            yield request

    def _refill(self) -> Iterator[Request]:
        """Requests for the next queued sites, keeping at most ``batch`` sites in flight, one level of
        the tree at a time: a site is read only once every site above it has been read with all
        its directory pages, so it is judged on every listing from above whatever order the sites
        answered in (order-free, not first-come)."""
        room = self.batch - len(self.open_pages)
        if room <= 0:
            return
        level = min(self.levels.values()) if self.levels else None
        for row in self.state.take(room, level):
            self.open_pages[row["host"]] = 1
            self.levels[row["host"]] = row["depth"]
            yield Request(row["url"], callback=self.parse_home, errback=self.on_error, dont_filter=True,
                          meta={"row": row, "page": "home"}, priority=-row["depth"])

    def _idle(self) -> None:
        requests = list(self._refill())
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests or self.open_pages:
            raise DontCloseSpider

    def _page_done(self, host: str) -> None:
        left = self.open_pages.get(host, 1) - 1
        if left > 0:
            self.open_pages[host] = left
            return
        self.open_pages.pop(host, None)
        self.levels.pop(host, None)
        self.site_pages.pop(host, None)
        self.jumps_asked.pop(host, None)
        self.renders.pop(host, None)
        self.rendered.pop(host, None)
        self.jump_renders.pop(host, None)
        row = self.state.get(host)
        if row and host in self.rejudge and (row["status"] == "visiting" or row["status"] == "dropped" and (
                row["reason"] or "").startswith("no agency name")):
            self.state.update(host, status="queued", name=None, reason=None)  # judged again on the better listing
        elif row and row["status"] == "visiting":
            self.state.update(host, status="done")
        self.rejudge.discard(host)

    # --- callbacks ---------------------------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[Request]:
        """A site's home page: is it an agency, what is its name, which directories does it link?"""
        row = response.meta["row"]
        host = row["host"]
        now = self.state.get(host) or row
        for key in ("parent_host", "link_text", "heading"):  # a closer one may list it since
            row[key] = now.get(key)
        self.visited += 1
        if not isinstance(response, TextResponse) or response.status >= 400:
            retry = self._at_root(row, response.url)
            if retry is not None:
                yield retry
                return
            self._unanswered(row, response.url, f"home page answered {response.status}")
        elif (target := self._script_home(response)) is not None:
            yield target  # the same site's page: the visit goes on there
            return
        elif self._same_site_as_known(row, response.url, reached=bool(response.meta.get("script_hop"))):
            pass
        else:
            title = (response.xpath("normalize-space(//title)").get() or "").strip() or None
            site_name = squeeze(response.xpath(
                "//meta[translate(@name,'SITENAME','sitename')='sitename']/@content").get() or "")
            if site_name and agency_in_title(title) is None and agency_in_title(site_name) is not None:
                title = site_name  # <title>首页</title>, <meta name="SiteName" content="…局">: the site says its name
            words = " ".join([title or "", *response.xpath(
                "//body//text()[not(ancestor::script)][not(ancestor::style)]").getall()])[:20000]
            organizer = None
            if agency_in_title(title) is None and agency_in_link(row.get("link_text")) is None:
                organizer = self._organizer(response, words, row.get("link_text") or title)
            elif agency_in_title(title) is None and self._place_only_under_department(row):
                organizer = self._organizer(response, words, title)  # 湛江 in 教育厅's 地市 box: 湛江教育信息网's 主办单位
            name, why_not = self._agency(row, title, response.url, organizer)
            self.state.update(host, title=title)
            if why_not:
                self.state.update(host, status="dropped", reason=why_not)
                self.judged_again.add((host, row.get("parent_host") or ""))  # judged under this lister
            else:
                context = self._listed_place(row)
                name = expanded_name(fuller_name(name, words)) if name else name
                place = place_of(name, context, words) if name else context
                name = qualified_name(name, place) if name else name
                self.state.update(host, name=name, province=place.province, city=place.city, county=place.county)
                yield from self._explore(response, row)
        self._page_done(host)
        yield from self._refill()

    def _script_home(self, response: TextResponse) -> Request | None:
        """A home page that is only a script sending the browser on (``location.href='/col/col1001/
        index.html'``, a ``setTimeout`` redirect) or a 网站迁移公告 giving a new address is no bot
        challenge and no site: the page it
        opens is the home page (asked for once; its URL becomes the start URL) — on another host too,
        as an old domain's redirect is (the site is then keyed by where it landed, as after a 301)."""
        if response.meta.get("script_hop"):
            return None
        moved = Page(response).script_redirect()  # an old domain's page sending the browser to the new one
        moved = moved or migration_target(response.text, response.url)  # its 网站迁移公告 giving the new one
        if moved and _MOBILE.search(moved):
            moved = self._desktop_target(response) or moved  # if (mobile) '/m/' else '/pc/index.html': the latter
        target = moved or self._framed_home(response)
        if not target or urlsplit(target).scheme not in ("http", "https") or (
                not moved and host_key(target) != host_key(response.url)):
            return None
        self.visited -= 1  # the site is counted once, at its real home page
        return Request(target, callback=self.parse_home, errback=self.on_error, dont_filter=True,
                       priority=-response.meta["row"]["depth"],
                       meta={"row": response.meta["row"], "page": "home", "script_hop": True})

    @staticmethod
    def _organizer(response: TextResponse, words: str, brand: str | None) -> str | None:
        """The agency a site named by a brand in its title and link (吉林教育网, 健康中卫) says it is:
        its footer's organizer (主办单位), else its logo's or ``<h1>``'s name — when the brand speaks
        of that organ (信用广西, run by a 发改委, is a site of the organ's, not the organ's own)."""
        logos = response.xpath("//*[contains(@class,'logo') or contains(@id,'logo')]//img/@alt"
                               " | //img[contains(@class,'logo') or contains(@id,'logo')]/@alt | //h1//img/@alt").getall()
        named = organizer_name(words) or next(
            (n for n in map(agency_in_title, [*logos, response.xpath("normalize-space(//h1)").get() or ""])
             if n and not names_non_agency(n)), None)
        return named if named and brand_of(brand, named) else None

    @staticmethod
    def _desktop_target(response: TextResponse) -> str | None:
        """The page a home page's script sends a desktop browser to, when it sends phones elsewhere."""
        for script in response.xpath("//script[not(@src)]/text()").getall():
            for m in _LOCATION.finditer(script):
                url = response.urljoin(m.group(1) or m.group(2))
                if not _MOBILE.search(url):
                    return url
        return None

    @staticmethod
    def _framed_home(response: TextResponse) -> str | None:
        """The page a home page made of frames shows as its main one (``<frameset><frame
        src="main.html">``, or a body that is one ``<iframe>``): the frame named as the main one
        (main, content, index, home), else the first."""
        framed = response.xpath("//frameset//frame")
        main = [f for f in framed if re.search(r"main|content|index|home|body", " ".join(
            [f.attrib.get("name", ""), f.attrib.get("id", ""), f.attrib.get("src", "")]), re.I)]
        frames = [f.attrib.get("src", "") for f in main + list(framed)]
        if not frames:
            text = "".join(response.xpath("//body//text()[not(ancestor::script)][not(ancestor::style)]").getall())
            iframes = response.xpath("//body//iframe/@src").getall()
            frames = iframes if len(iframes) == 1 and len(text.strip()) < 20 else []
        for src in frames:
            if src.strip() and not src.strip().lower().startswith(("javascript:", "about:")):
                return response.urljoin(src.strip())
        return None

    def _same_site_as_known(self, row: dict[str, Any], final_url: str, reached: bool = False) -> bool:
        """Key a site by where its home page really is: the final host after redirects (a bare
        domain or an old one answering 301) and its home URL without ``index.html``. A site whose
        home redirects to a host listed already is that site (dropped: no second entry); one that
        redirects to a new host keeps its row, with the new host reserved for it so later links
        there add nothing."""
        home = final_url.split("#")[0] if reached else home_url(final_url)  # a page a script or frame led to: as is
        self.state.update(row["host"], url=home)  # where it answered (a retry over https or at the root too)
        row["url"] = home
        final = host_key(final_url)
        if "/" in row["host"] or final == row["host"]:
            return False
        known = self.state.get(final)
        if known is not None and known["parent_host"] != row["host"]:
            if "/" in portal_key(home) and portal_key(known["url"]) != portal_key(home):
                return False  # another folder of a platform hosting many sites (/site/fxzf/, /site/ynx/)
            self.state.update(row["host"], status="dropped", reason=f"redirects to {final_url}, a site listed already")
            lister = self.state.get(row["parent_host"]) if row.get("parent_host") else None
            if lister is not None:  # listed by an old domain too: the closer lister is still its parent
                self._closer_parent(final, lister, self._site_place(lister), row.get("link_text"))
            return True
        self.state.add(SiteRow(final, home, row["depth"], row.get("link_text"), row.get("heading"), row["host"]))
        self.state.update(final, status="alias", reason=f"the site of {row['host']} (redirected there)")
        return False

    def parse_directory(self, response: Response) -> Iterator[Request]:
        """One of a site's directory pages: its groups of agency links (those before any heading
        belong to the group the link to this page named), and its own directory links."""
        row = response.meta["row"]
        if isinstance(response, TextResponse) and response.status < 400 and response.text.lstrip()[:1] in ("{", "["):
            self._queue_links(row, links_in_script(response.text, response.url, {}, response.meta.get("label")),
                              page_host=host_key(response.url))  # a panel's data as JSON
        elif isinstance(response, TextResponse) and response.status < 400:
            yield from self._explore(response, row, response.meta.get("label"), response.meta.get("organs", False),
                                     listing=True)
        self._page_done(row["host"])
        yield from self._refill()

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request
        row = request.meta["row"]
        if (page := request.meta.get("playwright_page")) is not None:
            asyncio.ensure_future(page.close())  # a render that failed: its page is closed, the failure logged
        if request.meta.get("page") == "render":
            self.crawler.stats.inc_value("discover/render_failed")
            logger.warning("render of %s failed: %s", request.url, failure.getErrorMessage()[:300])
        reason = failure.value.args[0] if failure.check(IgnoreRequest) and failure.value.args else \
            f"{failure.type.__name__}: {failure.getErrorMessage()}"
        status = getattr(getattr(failure.value, "response", None), "status", None)
        if request.meta.get("page") == "script" and request.method == "GET" and status == 405:
            # a data service a script calls by POST only (@PostMapping): asked again as the script asks
            yield request.replace(method="POST", body=b"", headers={"X-Requested-With": "XMLHttpRequest"})
            return
        if request.meta.get("page") == "home":
            retry = None if failure.check(IgnoreRequest, DNSLookupError) else self._over_https(row, request)
            retry = retry or (None if failure.check(IgnoreRequest) and "address" in str(reason) else
                              self._at_root(row, request.url))
            if retry is not None:
                yield retry
                return
            self.visited += 1
            if failure.check(IgnoreRequest) and "address" in str(reason):
                self.state.update(row["host"], status="dropped", reason=str(reason)[:300])
            else:
                self._unanswered(row, request.url, str(reason)[:300])
        self._page_done(row["host"])
        yield from self._refill()

    def _callback_failed(self, failure: Failure, response: Response, spider: Any = None) -> None:
        """A page whose reading raised (bad input the rules did not foresee) still ends its page, so
        its site is not left open and the run goes on; the error is in the log."""
        row = response.meta.get("row") if response is not None else None
        if row is None:
            return
        if response.meta.get("page") == "home" and (self.state.get(row["host"]) or {}).get("status") == "visiting":
            self.state.update(row["host"], status="failed", reason=f"reading its home page failed: {failure.value!r}"[:300])
        self._page_done(row["host"])
        for request in self._refill():
            self.crawler.engine.crawl(request)

    def _dropped(self, request: Request, spider: Any = None) -> None:
        """A request the scheduler dropped still ends its page, so its site is not left open."""
        row = request.meta.get("row")
        if row is not None:
            self._page_done(row["host"])

    def _over_https(self, row: dict[str, Any], request: Request) -> Request | None:
        """A home page whose connection failed over one scheme is asked for once over the other,
        which then becomes the entry's start URL: over http, the site may speak only https (a
        protocol-relative ``//host:port/`` link read from an http page, a port that closes plain
        http); over https, a directory may print https for a site that has no certificate. A site
        that answers neither keeps the URL its directory gave (no scheme it was never seen at)."""
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https") or request.meta.get("https_retry"):
            return None
        url = parts._replace(scheme="https" if parts.scheme == "http" else "http").geturl()
        row = {**row, "url": url}  # the state keeps the listed URL until this one answers
        return Request(url, callback=self.parse_home, errback=self.on_error, dont_filter=True,
                       meta={"row": row, "page": "home", "https_retry": True,
                             "script_hop": request.meta.get("script_hop", False)}, priority=-row["depth"])

    def _at_root(self, row: dict[str, Any], url: str) -> Request | None:
        """A directory link to a page deep in a site that does not answer: try the site's root,
        which then becomes the entry's start URL (the crawl finds 政务公开 from there)."""
        parts = urlsplit(url)
        if parts.path in ("", "/") and not parts.query or "/" in row["host"]:
            return None  # at the root already, or a site under a folder (its root is another's)
        root = f"{parts.scheme}://{parts.netloc}/"
        row = {**row, "url": root}  # the state keeps the listed URL until this one answers
        return Request(root, callback=self.parse_home, errback=self.on_error, dont_filter=True,
                       meta={"row": row, "page": "home"}, priority=-row["depth"])

    def _unanswered(self, row: dict[str, Any], url: str, reason: str) -> None:
        """A listed site whose home page could not be read (down, robots.txt, an error).

        A gov.cn portal in an agency group of its parent's directory is still an agency: it is
        kept under the name its link gives (the crawl will say whether it answers); anything
        else is left out, with the reason.
        """
        name = None
        if row["depth"] > 0 and is_gov_host(url) and not names_non_agency(row.get("link_text")) \
                and self._place_only_under_department(row) is None:
            name = reconcile_name(row.get("link_text"), None, self._listed_place(row))
        if not name:
            self.state.update(row["host"], status="failed", reason=reason)
            return
        name = expanded_name(name)
        place = place_of(name, self._listed_place(row))
        name = qualified_name(name, place)
        self.state.update(row["host"], name=name, province=place.province, city=place.city, county=place.county,
                          reason=f"named from its link only: {reason}")

    # --- rules ---------------------------------------------------------------------------------------
    def _parent_place(self, row: dict[str, Any]) -> Place:
        parent = self.state.get(row["parent_host"]) if row.get("parent_host") else None
        return Place(parent["province"], parent["city"], parent["county"]) if parent else Place()

    def _listed_place(self, row: dict[str, Any]) -> Place:
        """Where the directory places a site: its parent's place, or the place the heading of its
        group names inside it (the 枣庄市 row of a province's 市县 table) — context for a name
        several places share (市中区)."""
        parent = self._parent_place(row)
        for word in reversed((row.get("heading") or "").split()):
            named = place_named_by(word, parent) if not parent.is_empty() else None
            if named and sum(1 for lv in named[1] if lv) > sum(1 for lv in parent if lv) and all(
                    not mine or named[1][i] == mine for i, mine in enumerate(parent)):
                return named[1]
        return parent

    def _agency(self, row: dict[str, Any], title: str | None, url: str,
                organizer: str | None = None) -> tuple[str | None, str | None]:
        """(name, None) for an agency's site, (None, reason) for a site that is not one; a site whose
        title and link are brands is named by its footer's ``organizer`` (主办单位)."""
        parent = self._listed_place(row)
        if row["depth"] == 0:
            return reconcile_name(None, organizer or title, None), None
        if is_national_portal(url) or names_level_above(title) or names_level_above(row.get("link_text")):
            return None, f"a level above the start portal ({row.get('link_text')!r}, {title!r})"
        if names_non_agency(title) or names_non_agency(row.get("link_text")):
            return None, f"its link or title names no government agency ({row.get('link_text')!r}, {title!r})"
        title = organizer or title
        if not is_gov_host(url) and not looks_like_agency_site(title) and not (
                is_agency_group(row.get("heading")) and agency_in_link(row.get("link_text"), parent)):
            return None, f"not under gov.cn and neither its title nor its link names an agency ({title!r})"
        lister = (self.state.get(row["parent_host"]) or {}).get("name") if row.get("parent_host") else None
        if "/" in row["host"] and title and agency_in_title(title) == lister:
            title = None  # a site under a folder of its parent's host, titled as the parent: its link names it
        if (place := self._place_only_under_department(row)) is not None:
            name = self._counterpart(place, title, parent, lister)
        else:
            name = reconcile_name(row.get("link_text"), title, parent, lister)
        if not name or name == lister:
            return None, f"no agency name in its link or title ({row.get('link_text')!r}, {title!r})"
        return name, None

    def _place_only_under_department(self, row: dict[str, Any]) -> str | None:
        """The place a link names bare (湛江) when a department, not a government, lists it: its 地市
        box links that place's counterpart (湛江市教育局), not the place's government — the link
        alone names no agency."""
        if row["depth"] == 0 or not row.get("parent_host"):
            return None
        lister = self.state.get(row["parent_host"]) or {}
        if lister.get("depth") == 0 or (lister.get("name") or "").endswith(_GOVERNMENT):  # a zone's 管委会 too
            return None
        return names_place_only(row.get("link_text"), self._listed_place(row))

    @staticmethod
    def _counterpart(place: str, title: str | None, parent: Place, lister: str | None) -> str | None:
        """The agency a site listed under a bare place name by a department is, from its title (or
        its organizer): a name with its place as is, an organ's bare name (教育局) in that place;
        the place's government only when the title names it. None when the title names no agency
        (湛江教育信息网): the site waits for a link that names it, or is left out — never merged
        into the government of the place its link names."""
        named = agency_in_title(title, parent, besides=lister)
        if named is None:
            return None
        if is_government_name(named) or place_in_name(named, parent)[0] is not None:
            return named
        return place + re.sub(r"^[省市县区]", "", named)

    def _explore(self, response: TextResponse, row: dict[str, Any], label: str | None = None,
                 organs_page: bool = False, listing: bool = False) -> Iterator[Request]:
        """Queue the agencies a page lists, and request the site's directory pages it links: 网站导航,
        部门网站, 区县政府 … first, then the 更多 page of each agency group, framed pages, the next
        pages of a directory page's pager (``listing``), the 网站地图 (for the directory pages it
        links), then its pages of organs (机构设置, 政府机构: only their links to other sites count —
        their own pages about each organ are no sites), within the site's budget of
        ``NIANBAO_DISCOVER_PAGES_PER_SITE`` pages; and the opaque jumps (``go.jsp?id=…``) its agency
        groups link, each asked for without following its redirect (``NIANBAO_DISCOVER_JUMPS_PER_SITE``)."""
        if row["depth"] >= self.max_depth or "/" in row["host"]:
            return
        host = row["host"]
        links = self._queue_children(row, response, label, other_hosts_only=organs_page)
        seen = self.site_pages.setdefault(host, {response.url})
        seen.add(response.url)
        wanted: list[tuple[str, str]] = []
        name = (self.state.get(host) or {}).get("name") or ""
        government = row["depth"] == 0 or name.endswith(_GOVERNMENT)
        own = {host, host_key(response.url)}  # the site's, and its 网站群 platform's when this page is there
        for link in links:
            if link.url in seen or not is_directory_link(link.text) or (
                    host_key(link.url) not in own and division_below(link.text, self._site_place(row))):
                continue  # 访问赵县人民政府网站: a division's site, no directory
            if host_key(link.url) in own or (government and self._site_group_host(link)):
                wanted.append((link.url, link.text))
        for link in links:
            if host_key(link.url) in own and link.url not in seen and is_more_link(link.text) \
                    and is_agency_group(link.heading):
                wanted.append((link.url, link.heading or ""))
        wanted += [(url, text) for url, text in frame_refs(response.text, response.url, label)
                   if host_key(url) in own or self.state.get(host_key(url)) is None]  # a platform's list, no site's
        wanted += lazy_panel_refs(response.text, response.url, label)
        if listing:
            wanted += [(url, label or "") for url in self._other_pages(response, links) if url not in seen]
            wanted += [(url, f"{label or ''} {category}".strip())  # a category's page: in the listing's group
                       for url, category in counted_categories(links, own) if url not in seen]
        # Last, what may link more: the 网站地图 (first when nothing else is a directory), the site's own
        # pages framed outside any group (a footer kept in an <iframe>).
        later: list[tuple[str, str]] = []
        if (not wanted or government) and len(seen) == 1:
            (later if wanted else wanted).extend(
                (link.url, link.text) for link in links
                if host_key(link.url) == host and link.url not in seen and is_sitemap_link(link.text))
        if government and not listing:  # 区县风采: the portal's own page about each of its divisions may link its site
            later += [(link.url, "") for link in links if host_key(link.url) in own and link.url not in seen
                      and division_below(link.text, self._site_place(row)) is not None]
        if not listing:  # two at most, those named like a footer or a list of links first (not a player's)
            framed = [url for url, text in frame_refs(response.text, response.url, label, unheaded=True) if text is None]
            framed.sort(key=lambda url: not _FOOTER_FRAME.search(urlsplit(url).path))
            later += [(url, "") for url in framed[:2]]
        yield from self._jumps(row, response.url, links)
        yield from self._jpages(row, response, label)
        # A government's organs (a department's 机构设置 lists its own divisions, no sites).
        organs = [(link.url, link.text) for link in links
                  if host_key(link.url) == host and link.url not in seen and is_organs_page_link(link.text)
                  ] if name.endswith(_GOVERNMENT) else []
        scripts, ids = script_refs(response.text, response.url, label)
        posts = script_posts(response.text, response.url) if scripts else {}
        for url, text in [*wanted, *organs, *scripts, *later]:
            if len(seen) >= self.pages_per_site:
                break
            if url in seen:
                continue
            seen.add(url)
            self.open_pages[host] = self.open_pages.get(host, 0) + 1
            is_script = (url, text) in scripts
            form = posts.get(url) if is_script else None  # fetch(url, {method: 'POST', body: 'lm=…'})
            yield Request(url, callback=self.parse_script if is_script else self.parse_directory,
                          method="POST" if form else "GET", body=form or None,
                          headers={"Content-Type": "application/x-www-form-urlencoded"} if form else None,
                          errback=self.on_error, dont_filter=True, priority=-row["depth"],
                          meta={"row": row, "page": "script" if is_script else "directory", "label": text,
                                "ids": ids if is_script else None,
                                "organs": (url, text) in organs and (url, text) not in wanted + later})
        if government and not response.meta.get("rendered"):
            yield from self._render(row, response, links, label, organs_page, listing)

    def _render(self, row: dict[str, Any], response: TextResponse, links: list[Any], label: str | None,
                organs_page: bool, listing: bool) -> Iterator[Request]:
        """The page again, in the browser, when its directory shows the signs of links written by
        script (:func:`crawler.directory.render_signs`): once per page, within the site's
        ``NIANBAO_DISCOVER_RENDERS_PER_SITE``; read by :meth:`parse_rendered`."""
        host = row["host"]
        if not self.use_browser or self.renders.get(host, 0) >= self.renders_per_site:
            return
        if response.url in self.rendered.setdefault(host, set()):
            return
        home = response.meta.get("page") == "home"
        reason = render_signs(response.text, response.url, links, label, listing, home)
        if reason is None:
            return
        self.rendered[host].add(response.url)  # its own budget: the site's static pages are not spent on it
        self.renders[host] = self.renders.get(host, 0) + 1
        self.open_pages[host] = self.open_pages.get(host, 0) + 1
        self.crawler.stats.inc_value("discover/renders")
        logger.info("rendering %s: %s", response.url, reason)
        yield Request(response.url, callback=self.parse_rendered, errback=self.on_error, dont_filter=True,
                      priority=-row["depth"],
                      meta={"row": row, "page": "render", "label": label, "organs": organs_page, "listing": listing,
                            "render_reason": reason, **discover_render.render_meta(self.render_timeout)})

    async def parse_rendered(self, response: Response) -> AsyncIterator[Request]:
        """A directory page rendered in the browser (:mod:`crawler.discover_render`): what its
        handlers open is written into its DOM, each tab's panel snapshotted; the snapshots are read
        as the page itself, and the data its scripts fetched (JSON, XML, RSS) for name + URL pairs
        whose names the page prints under an agency group."""
        row = response.meta["row"]
        host = row["host"]
        label = response.meta.get("label")
        explored = discover_render.Explored()
        page = response.meta.get("playwright_page")
        if page is not None:
            explored = await discover_render.explore(page, response.meta, clicks=self.clicks_per_page)
        calls, html, _click = await browser.recorded_calls(response)
        if explored.failure:
            self.crawler.stats.inc_value("discover/render_incomplete")
            logger.warning("render of %s stopped early: %s", response.url, explored.failure)
        self.crawler.stats.inc_value("discover/render_clicks", explored.clicked)
        self.crawler.stats.inc_value("discover/render_opened", explored.opened)
        snapshots = [*explored.snapshots, *([html] if html else [])]
        if isinstance(response, TextResponse) and response.status < 400 and snapshots and row["depth"] < self.max_depth:
            for snapshot in snapshots[:-1]:
                self._queue_children(row, response.replace(body=snapshot.encode("utf-8"), encoding="utf-8"), label,
                                     other_hosts_only=response.meta.get("organs", False))
            final = response.replace(body=snapshots[-1].encode("utf-8"), encoding="utf-8")
            final.meta["rendered"] = True
            names: dict[str, str] = {}
            for snapshot in reversed(snapshots):  # a tab's list, emptied by the next tab: the heading it had
                for text, heading in text_headings(snapshot, response.url, label).items():
                    names.setdefault(text, heading)
            for call in calls:
                if call.resource not in ("xhr", "fetch") or not call.text or (call.status or 200) >= 400:
                    continue
                found = self._answer_links(call.text, call.url, names)
                self._queue_links(row, found, page_host=host_key(response.url))
            for paged in discover_render.paged_lists(calls):
                for request in self._list_pages(row, paged, names):
                    yield request
            for request in self._explore(final, row, label, response.meta.get("organs", False),
                                         listing=response.meta.get("listing", False)):
                yield request
        self._page_done(host)
        for request in self._refill():
            yield request

    def _list_pages(self, row: dict[str, Any], paged: discover_render.PagedList,
                    names: dict[str, str]) -> Iterator[Request]:
        """The next page of a list of sites whose pager the render used (a 加载更多 list's JSON
        offset/limit service, one per tab): asked for by the crawler itself, page after page, while
        the answers bring new items and their counts say there are more, within the site's page
        budget (:meth:`parse_list_page`). A list of news is not walked."""
        found: dict[str, Any] = {}
        last: Any = None
        last_page = 0
        for call in paged.answers:
            links = self._answer_links(call.text, call.url, names)
            for link in links:
                found.setdefault(link.url, link)
            page = discover_render.page_of(call, paged.service) or 0
            if page >= last_page:
                last_page, last = page, (listservice.parse_answer(call.text), len(links))
        headings = [link.heading for link in found.values() if is_agency_group(link.heading)]
        if not headings or last is None:
            return  # no agency group prints its names: a list of news, or of nothing we know
        heading = max(set(headings), key=headings.count)
        if not listservice.has_more(paged.service, last_page, last[0], last[1], len(found)):
            return
        yield from self._list_page_request(row, paged.service, paged.next_page, heading, len(found))

    def _list_page_request(self, row: dict[str, Any], service: listservice.ListService, n: int, heading: str,
                           known: int) -> Iterator[Request]:
        host = row["host"]
        seen = self.site_pages.setdefault(host, set())
        args = service.request_args(n)
        key = f"{args['url']}#{args.get('body') or ''}"
        if len(seen) >= self.pages_per_site or key in seen or row["depth"] >= self.max_depth:
            return
        seen.add(key)
        self.open_pages[host] = self.open_pages.get(host, 0) + 1
        self.crawler.stats.inc_value("discover/list_pages")
        yield Request(**args, callback=self.parse_list_page, errback=self.on_error, dont_filter=True,
                      priority=-row["depth"], meta={"row": row, "page": "list", "label": heading, "n": n,
                                                    "known": known, "service": service.as_meta()})

    def parse_list_page(self, response: Response) -> Iterator[Request]:
        """A page of a list of sites read by its service: its names are the list's group."""
        row = response.meta["row"]
        if isinstance(response, TextResponse) and response.status < 400:
            heading = response.meta["label"]
            links = [GroupLink(link.url, link.text, heading)
                     for link in self._answer_links(response.text, response.url, {})]
            self._queue_links(row, links, page_host=host_key(response.url))
            service = listservice.ListService.from_meta(response.meta["service"])
            n, known = response.meta["n"], response.meta["known"] + len(links)
            if listservice.has_more(service, n, listservice.parse_answer(response.text), len(links), known):
                yield from self._list_page_request(row, service, n + 1, heading, known)
        self._page_done(row["host"])
        yield from self._refill()

    @staticmethod
    def _answer_links(text: str, url: str, names: dict[str, str]) -> list[Any]:
        """Name + URL pairs a data call answered (JSON, JSONP, XML, RSS), each in the group under
        which the rendered page prints its name; a pair whose name the page does not show under a
        group keeps the group its own data names (``lb: 部门网站``) or is left out."""
        stripped = text.lstrip()
        if is_xml_document(stripped):
            found = links_in_xml(stripped, url, {}, None)
        elif stripped[:1] in ("{", "[") or "(" in stripped[:80]:
            found = links_in_script(stripped, url, {}, None)
        else:
            return []
        return [GroupLink(link.url, link.text, names.get(link.text) or link.heading) for link in found]

    def _site_group_host(self, link: Any) -> bool:
        """A government's directory kept on a host of its own (政府网站群 → the city's 集约化平台):
        read as one of the government's directory pages when no site of the tree is there — the
        host is a platform, never an entry — and it is no portal above."""
        other = host_key(link.url)
        return (self.state.get(other) is None and not is_national_portal(link.url)
                and agency_in_link(link.text) is None and place_named_by(link.text) is None
                and not is_excluded_group(link.heading)
                and not names_level_above(link.text) and not names_non_agency(link.text))

    @staticmethod
    def _other_pages(response: TextResponse, links: list[Any]) -> list[str]:
        """A directory page's other pages, read by the crawl's own pager readers: 下一页 / numbered
        ``index_N.html`` links, TRS ``createPageHTML(…)``, other script pagers."""
        found = pagination.page_urls(response.url, [Link(link.url, link.text) for link in links])
        found += trs.page_urls(response.url, response.text) + scriptpager.page_urls(response.url, response.text)
        return list(dict.fromkeys(found))

    def parse_script(self, response: Response) -> Iterator[Request]:
        """A script or JSON file of the site that fills a group its page left empty; the site's
        own data URLs the script asks for (``$.getJSON('/interface/siteGroup.do?…')``) are read
        the same way, in the group of the element the script fills."""
        row = response.meta["row"]
        if response.status < 400:
            text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
            ids = response.meta["ids"] or {}
            label = response.meta.get("label")
            if is_xml_document(text):  # $.ajax({url: '/xml/wzdh.xml', dataType: 'xml'}): the page's list as records
                groups = [h for h in dict.fromkeys(ids.values()) if is_agency_group(h)]
                fallback = label if is_agency_group(label) or len(groups) != 1 else groups[0]
                found = links_in_xml(text, response.url, ids, fallback)
            else:
                found = []
            if not found:
                found = grouped_links(text, response.url, label) if text.lstrip().startswith("<") \
                    else links_in_script(text, response.url, ids, label)  # a fragment .load() puts in
            self._queue_links(row, found, page_host=host_key(response.url))
            heading = script_heading(text, ids, response.meta.get("label"))
            seen = self.site_pages.setdefault(row["host"], set())
            sites = any(host_key(link.url) != row["host"] and (is_agency_group(link.heading) or agency_in_link(link.text))
                        for link in found)  # a list of sites, not of news: its other pages are worth asking
            for url in [*script_requests(text, response.url), *(next_data_pages(response.url, text) if sites else [])]:
                if len(seen) >= self.pages_per_site or url in seen or row["depth"] >= self.max_depth:
                    continue
                seen.add(url)
                self.open_pages[row["host"]] = self.open_pages.get(row["host"], 0) + 1
                yield Request(url, callback=self.parse_script, errback=self.on_error, dont_filter=True,
                              priority=-row["depth"],
                              meta={"row": row, "page": "script", "label": heading, "ids": ids})
        self._page_done(row["host"])
        yield from self._refill()

    def _jpages(self, row: dict[str, Any], response: TextResponse, label: str | None) -> Iterator[Request]:
        """A Hanweb jcms list (网站群, 部门网站 columns) prints only its first records; the rest come
        by ``POST …/jpage/dataproxy.jsp`` (:mod:`crawler.dialects.hanweb`). Each unit heading an
        agency group — the heading its ``<div id=…>`` sits under — asks for its other records,
        within the site's page budget."""
        units = [u for u in hanweb.find_jpages(response.url, response.text) if u.total is None or u.total > u.embedded]
        if not units:
            return
        ids = headings_by_id(response.text, response.url, label)
        for unit in units:
            keys = (unit.fields.get("unitid"), unit.fields.get("columnid"))
            heading = next((ids[k] for k in keys if k and k in ids), label)
            if is_agency_group(heading):
                yield from self._jpage_requests(row, unit, hanweb.proxy_requests, heading)

    def _jpage_requests(self, row: dict[str, Any], unit: hanweb.JPage, make: Any, heading: str | None,
                        *args: Any) -> Iterator[Request]:
        host = row["host"]
        seen = self.site_pages.setdefault(host, set())
        made = make(unit, *args, callback=self.parse_jpage, errback=self.on_error, dont_filter=True,
                    priority=-row["depth"], meta={"row": row, "page": "jpage", "label": heading,
                                                  "jpage": unit.as_meta()})
        for request in made if isinstance(made, list) else [made]:
            key = f"{request.url}#{request.body.decode('latin-1')}"
            if len(seen) >= self.pages_per_site:
                return
            if key in seen:
                continue
            seen.add(key)
            self.open_pages[host] = self.open_pages.get(host, 0) + 1
            yield request

    def parse_jpage(self, response: Response) -> Iterator[Request]:
        """A dataproxy.jsp answer: its records' links are the unit's group; without a record count,
        the next records are asked for while answers come full."""
        row = response.meta["row"]
        if isinstance(response, TextResponse) and response.status < 400 and row["depth"] < self.max_depth:
            fragments = hanweb.records(response.text)
            label = response.meta.get("label")
            links = grouped_links("<div>" + "".join(fragments) + "</div>", response.url, label) if fragments else []
            self._queue_links(row, links, page_host=host_key(response.url))
            unit = hanweb.JPage.from_meta(response.meta["jpage"])
            start = hanweb.next_start(unit, response.url, response.text)
            if start is not None:
                yield from self._jpage_requests(row, unit, hanweb.proxy_request, label, start)
        self._page_done(row["host"])
        yield from self._refill()

    def _jumps(self, row: dict[str, Any], page_url: str, links: list[Any]) -> Iterator[Request]:
        """Ask for the opaque jumps of the page's agency groups without following them: the
        redirect (or the page's refresh) says which site each one is."""
        host = row["host"]
        seen = self.site_pages.setdefault(host, set())
        jumps = [link for link in links if is_agency_group(link.heading) and is_jump_link(link, page_url)]
        for link in jumps:
            asked = self.jumps_asked.get(host, 0)
            if asked >= self.jumps_per_site or link.url in seen:
                continue
            self.jumps_asked[host] = asked + 1
            seen.add(link.url)
            self.open_pages[host] = self.open_pages.get(host, 0) + 1
            yield Request(link.url, callback=self.parse_jump, errback=self.on_error, dont_filter=True,
                          priority=-row["depth"],
                          meta={"row": row, "page": "jump", "link": link, "dont_redirect": True,
                                "handle_httpstatus_list": [301, 302, 303, 307, 308]})

    def parse_jump(self, response: Response) -> Iterator[Request]:
        """An opaque jump's answer: the site its redirect or its refresh leads to is the link's."""
        row, link = response.meta["row"], response.meta["link"]
        target = None
        if 300 <= response.status < 400 and response.headers.get("Location"):
            target = response.urljoin(response.headers["Location"].decode("latin-1"))
        elif response.status < 400 and isinstance(response, TextResponse):
            target = jump_target(response.text, response.url)
            if not target and (render := self._jump_render(row, response)) is not None:
                yield render  # a page whose script computes where it leads: the browser says
        if target and urlsplit(target).scheme in ("http", "https") and host_key(target) != row["host"]:
            self._queue_links(row, [GroupLink(target, link.text, link.heading)])
        self._page_done(row["host"])
        yield from self._refill()

    def _jump_render(self, row: dict[str, Any], response: TextResponse) -> Request | None:
        """The jump page again, in the browser, when it has scripts and no target the static reader
        sees (a countdown that then computes ``location.href``), within
        ``NIANBAO_DISCOVER_JUMP_RENDERS_PER_SITE``."""
        host = row["host"]
        if not self.use_browser or not response.xpath("//script") or response.meta.get("playwright"):
            return None
        words = "".join(response.xpath("//body//text()[not(ancestor::script)][not(ancestor::style)]").getall())
        if len(squeeze(words)) > 400:
            return None  # a page of content (an organ's own page), no leave-site page
        if self.jump_renders.get(host, 0) >= self.jump_renders_per_site:
            return None
        self.jump_renders[host] = self.jump_renders.get(host, 0) + 1
        self.open_pages[host] = self.open_pages.get(host, 0) + 1
        self.crawler.stats.inc_value("discover/jump_renders")
        return Request(response.url, callback=self.parse_rendered_jump, errback=self.on_error, dont_filter=True,
                       priority=-row["depth"], meta={"row": row, "page": "render", "link": response.meta["link"],
                                                     **discover_render.render_meta(self.render_timeout)})

    async def parse_rendered_jump(self, response: Response) -> AsyncIterator[Request]:
        """A rendered jump page: the other site its script opens or sends the browser to is the link's."""
        row, link = response.meta["row"], response.meta["link"]
        page = response.meta.get("playwright_page")
        target = None
        if page is not None:
            target = await discover_render.opened_target(page, min(self.render_timeout, 8000))
        await browser.recorded_calls(response)  # closes the page
        if target and host_key(target) != row["host"]:
            self._queue_links(row, [GroupLink(target, link.text, link.heading)])
        self._page_done(row["host"])
        for request in self._refill():
            yield request

    def _queue_children(self, row: dict[str, Any], response: TextResponse, label: str | None = None,
                        other_hosts_only: bool = False) -> list[Any]:
        links = grouped_links(response.text, response.url, label)
        page_host = host_key(response.url)
        self._queue_links(row, links, other_hosts_only, page_host)
        self._queue_links(row, inline_script_links(response.text, response.url, label), other_hosts_only, page_host)
        return links

    def _queue_links(self, row: dict[str, Any], links: list[Any], other_hosts_only: bool = False,
                     page_host: str | None = None) -> None:
        """Queue the sites the links of agency groups lead to (the next level of the tree). A link
        to the listing page's own host — the portal's, or its 网站群 platform's — is a site only
        under a folder named like an agency (``/lyswj/`` 市商务局)."""
        if row["depth"] >= self.max_depth:
            return
        here = self._site_place(row)
        for link in links:
            if not is_agency_group(link.heading) and not self._names_division_below(link, row, here):
                continue
            if is_directory_link(link.text) and agency_in_link(link.text, here) is None \
                    and division_below(link.text, here) is None:
                continue  # 政府网站群, 部门网站: a directory (maybe on a host of its own), no agency's portal
            host = host_key(link.url)
            if host in (row["host"], page_host):  # a department's site under a folder of this portal's own host
                host = None if other_hosts_only else sub_site_key(link)
                if host is None:
                    continue
            elif "/" in row["host"]:
                continue  # a site under a folder lists no sites of its own
            if is_national_portal(link.url) or names_level_above(link.text) or names_place_not_below(link.text, here):
                continue  # 国务院, 中国政府网, 国家…, the portal's own government and those above or beside it
            if not self.state.add(SiteRow(host, link.url, row["depth"] + 1, link.text or None, link.heading,
                                          row["host"])):
                self._closer_parent(host, row, here, link.text, link.heading)
                self._judge_again(host, row, link)

    def _judge_again(self, host: str, row: dict[str, Any], link: Any) -> None:
        """A site left out for want of a name, met again under another link, is judged again on that
        one: the result must not depend on which link came first (``桥西区`` in a province's county
        select names no single place; under 张家口市's 县区 table it is 张家口市桥西区人民政府). It
        is queued again with the new link, heading and lister — once for each lister."""
        known = self.state.get(host)
        if known is None or known["status"] != "dropped" or not (known["reason"] or "").startswith(
                "no agency name") or (host, row["host"]) in self.judged_again:
            return
        self.judged_again.add((host, row["host"]))
        self.state.update(host, status="queued", reason=None, link_text=link.text or None, heading=link.heading,
                          parent_host=row["host"], depth=min(known["depth"], row["depth"] + 1))

    @staticmethod
    def _link_rank(link_text: str | None, heading: str | None, here: Place) -> tuple[int, int]:
        """How well a listing's link names the site (higher is better): a link naming an agency
        (市教育局, 灵武市) over one naming none (湛江 under a department, 进入网站), then one in an
        agency group over one elsewhere."""
        return (int(agency_in_link(link_text, here) is not None), int(is_agency_group(heading)))

    def _better_listing(self, known: dict[str, Any], lister: str, link_text: str | None, heading: str | None,
                        here: Place) -> bool:
        """Whether a listing by ``lister`` as close as the present one is better than it: by
        :meth:`_link_rank`, then by the smaller lister host and link text — a rule on what was
        found, never on which came first."""
        old = self.state.get(known["parent_host"]) if known["parent_host"] else None
        old_here = Place(old["province"], old["city"], old["county"]) if old else Place()
        mine = self._link_rank(link_text, heading, here)
        theirs = self._link_rank(known["link_text"], known["heading"], old_here)
        if mine != theirs:
            return mine > theirs
        if lister != (known["parent_host"] or ""):
            return lister < (known["parent_host"] or "")
        return (link_text or "") < (known["link_text"] or "")

    def _closer_parent(self, host: str, row: dict[str, Any], here: Place, link_text: str | None,
                       heading: str | None = None) -> None:
        """A site listed again by a portal closer to it becomes that portal's child: a county in the
        province's 市县 table and in its city's list is the city's; a city department in a province
        department's 市县 box and in its city's 部门网站 is the city's. Closer: the lister's place holds
        the site's and is deeper than the present parent's, or as deep and a government's; between
        listings as close, :meth:`_better_listing` (a link naming an agency first, then the smaller
        host). The site is judged on that listing's link whatever order the links came in: a site
        not read yet takes it, one read already is read again under it (:meth:`_read_again`)."""
        known = self.state.get(host)
        if known is None or known["depth"] == 0 or known["status"] == "alias":
            return
        if known["parent_host"] == row["host"]:  # the same lister links it twice (a list and a select)
            if link_text != known["link_text"] and self._better_listing(known, row["host"], link_text, heading, here):
                self._take_listing(known, row, link_text, heading)
            return
        if known["name"] or known["province"]:
            child = Place(known["province"], known["city"], known["county"])
        else:  # not visited yet: its link's place, or this portal's for a name without one (市发改委)
            named = agency_in_link(link_text, here)
            child = (place_in_name(named or link_text or "", here)[0] or (here if named else None)) or Place()
        if child.is_empty() or any(mine and child[i] != mine for i, mine in enumerate(here)):
            return
        old = self.state.get(known["parent_host"]) if known["parent_host"] else None
        old_place = Place(old["province"], old["city"], old["county"]) if old else Place()
        deeper = sum(1 for lv in here if lv) - sum(1 for lv in old_place if lv)
        me = (self.state.get(row["host"]) or {}).get("name") or ""
        was = (old or {}).get("name") or ""
        child_name = known["name"] or agency_in_link(link_text, here) or ""
        if is_government_name(child_name) and not is_government_name(me):
            return  # a government is never a department's child
        tie = deeper == 0 and is_government_name(me) == is_government_name(was)
        if deeper > 0 or (deeper == 0 and is_government_name(me) and not is_government_name(was)) or (
                tie and self._better_listing(known, row["host"], link_text, heading, here)):
            self._take_listing(known, row, link_text, heading)

    def _take_listing(self, known: dict[str, Any], row: dict[str, Any], link_text: str | None,
                      heading: str | None) -> None:
        """``row``'s site lists ``known`` better than its present listing: it becomes the parent, and
        the site is judged on its link (now if not read yet, else read again)."""
        host = known["host"]
        if not link_text or known["status"] == "queued" or link_text == known["link_text"] and \
                heading == known["heading"]:
            values = {"parent_host": row["host"]}
            if link_text and known["status"] == "queued":
                values |= {"link_text": link_text, "heading": heading}
            self.state.update(host, **values)
            return
        self._read_again(known, row, link_text, heading)

    def _read_again(self, known: dict[str, Any], row: dict[str, Any], link_text: str | None,
                    heading: str | None) -> None:
        """A site read already under a worse listing is judged again under the better one: queued
        again (or, while it is being read, once that is over), once per lister. A site that never
        answered is renamed from the new link without another request."""
        host = known["host"]
        self.state.update(host, parent_host=row["host"], link_text=link_text, heading=heading)
        if (host, row["host"]) in self.judged_again:
            return
        self.judged_again.add((host, row["host"]))
        if (known["reason"] or "").startswith("named from its link only: "):
            again = {**known, "parent_host": row["host"], "link_text": link_text, "heading": heading}
            self._unanswered(again, known["url"], known["reason"].removeprefix("named from its link only: "))
            return
        if known["status"] == "visiting":
            self.rejudge.add(host)
        elif known["status"] == "done" or (known["status"] == "dropped" and (known["reason"] or "").startswith(
                "no agency name")):
            self.state.update(host, status="queued", name=None, reason=None)

    def _site_place(self, row: dict[str, Any]) -> Place:
        site = self.state.get(row["host"]) or row
        return Place(site.get("province"), site.get("city"), site.get("county"))

    @staticmethod
    def _names_division_below(link: Any, row: dict[str, Any], here: Place) -> bool:
        """A link outside any agency group that names one of this portal's own subdivisions (枣阳市
        in 襄阳市's 地图导航 image map) and leads to another gov.cn site: that division's portal."""
        return (not is_excluded_group(link.heading) and host_key(link.url) != row["host"]
                and division_below(link.text, here) is not None)

    # --- progress ------------------------------------------------------------------------------------
    def _opened(self, spider: Any) -> None:
        from twisted.internet import task

        self._last = (time.monotonic(), self.visited)
        self._progress_loop = task.LoopingCall(self.log_progress)
        self._progress_loop.start(self.progress_interval, now=False)

    def log_progress(self) -> None:
        now = time.monotonic()
        rate = (self.visited - self._last[1]) / max(now - self._last[0], 1e-9)
        self._last = (now, self.visited)
        progress.info("%s, %.1f sites/s", self.progress(), rate)

    def progress(self) -> str:
        counts = self.state.counts()
        queued = counts.get("queued", 0)
        return (f"{sum(counts.values()) - queued} sites visited, {counts.get('done', 0)} agencies found, "
                f"depth {self.state.max_depth()} (max {self.max_depth}), {queued} queued")

    def closed(self, reason: str) -> None:
        loop = getattr(self, "_progress_loop", None)
        if loop is not None and loop.running:
            loop.stop()
        stats = self.crawler.stats
        stats.set_value("discover/sites_visited", self.state.count() - self.state.count("queued"))
        stats.set_value("discover/agencies", self.state.count("done"))
        stats.set_value("discover/queued", self.state.count("queued"))
        stats.set_value("discover/depth", self.state.max_depth())
        stats.set_value("discover/peak_rss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        if reason == "finished" and not self.state.count("queued"):
            stats.set_value("discover/adopted", self.state.adopt_by_place())  # counties listed from above their city
        progress.info("%s: %s", reason, self.progress())
        self.state.close()
