"""Rendering a script-built column in a real browser, only when a page asks for it.

scrapy-playwright drives Debian's ``/usr/bin/chromium`` (``PLAYWRIGHT_LAUNCH_OPTIONS``; nothing is
downloaded at run time). Its download handler serves every request, but only those with
``meta["playwright"]`` go to the browser: the others take Scrapy's own HTTP handler. This module's
:class:`LazyPlaywrightHandler` also starts Playwright itself (its driver and the browser) on the
first such request, not when the engine starts, so a crawl of sites that need no browser never
starts one.

While the page renders, :func:`record_list_requests` records the XHR / fetch calls it makes (URL,
method, body, the answer's type and text); :func:`recorded_calls` waits for the network to go
quiet (bounded by the render timeout, never a fixed sleep), then **learns the pager by using it
once** (:func:`click_pager`): the column's next-page / load-more control (下一页, >, 加载更多, the
page link "2" in a pager) is clicked once and the call (or the navigation) it causes is recorded
as the ``click`` phase. The spider diffs that call against the list's first one to learn where the
page number lives (:func:`crawler.dialects.listservice.learn_pager`) and pages through the service
itself: the browser renders a column once and clicks once, however many pages it has.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from parsers.decode import decode

from .hosts import chromium_args, lookup, parse_hosts
from .scope import SiteScope, address_class, url_target

logger = logging.getLogger(__name__)

RECORD_KEY = "nianbao_calls"
STATE_KEY = "nianbao_render_state"  # the phase calls are recorded in, requests in flight, a navigation
QUIET_S = 0.5  # the network is quiet after this long without a request starting or ending (networkidle's)
MAX_RECORDED_CALLS = 40
MAX_RECORDED_SCRIPTS = 12  # the page's own scripts: where item URL templates are written
MAX_ANSWER_BYTES = 2 * 1024 * 1024
MAX_SCRIPT_BYTES = 512 * 1024
LIST_CALL_TYPES = frozenset({"xhr", "fetch"})
# What a render never needs: pictures, fonts and media cost time and bytes and fill no list.
SKIPPED_RESOURCES = frozenset({"image", "font", "media", "stylesheet"})


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, started on the first request that asks for the browser.

    The browser resolves the names ``NIANBAO_HOSTS`` fixes as the crawler does, and every request
    a rendered page makes (its scripts, list calls, frames, the pager's navigation) passes the
    crawl's own rules first (:class:`BrowserGuard`)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        extra = chromium_args(parse_hosts(crawler.settings.get("NIANBAO_HOSTS")))
        if extra:
            options = dict(self.config.launch_options)
            options["args"] = [*options.get("args", []), *extra]
            self.config.launch_options = options

    async def _maybe_launch_in_thread(self) -> None:  # engine_started: do not start Playwright yet
        return None

    def _engine_started(self) -> None:  # the same, on Scrapy versions before 2.14
        return None

    async def _download_request(self, request: Request, spider: Any = None) -> Response:
        lock = self.__dict__.setdefault("_nianbao_start_lock", asyncio.Lock())
        async with lock:
            if getattr(self, "browser_provider", None) is None:
                self.stats.inc_value("nianbao/browser_started")
                await self._launch()
        if request.meta.get("site_url") and GUARD_KEY not in request.meta:
            request.meta[GUARD_KEY] = BrowserGuard.for_crawl(self._crawler, request.meta["site_url"])
        return await super()._download_request(request, spider)


GUARD_KEY = "nianbao_guard"


@dataclass
class BrowserGuard:
    """The crawl's rules for the requests a rendered page makes by itself, which never pass
    Scrapy's downloader middlewares: an address outside the site's scope (loopback, private,
    link-local such as the metadata service, when the site is public: :mod:`crawler.scope`) and
    a path its host's robots.txt disallows (when the crawl obeys robots.txt and has read that
    host's file) are refused; the refusal is logged and counted (``nianbao/browser_refused``)."""

    site_url: str
    hosts: dict[str, str]
    robots: Any = None  # Scrapy's RobotsTxtMiddleware of the crawl, when it obeys robots.txt
    user_agent: str = ""
    stats: Any = None
    resolve: Any = None  # async (host) -> address; default: the fixed hosts, else the system's resolver
    _addresses: dict[str, str | None] | None = None

    @classmethod
    def for_crawl(cls, crawler: Any, site_url: str) -> BrowserGuard:
        robots = None
        if crawler.settings.getbool("ROBOTSTXT_OBEY") and crawler.engine is not None:
            robots = next((m for m in crawler.engine.downloader.middleware.middlewares
                           if type(m).__name__ == "RobotsTxtMiddleware"), None)
        return cls(site_url, parse_hosts(crawler.settings.get("NIANBAO_HOSTS")), robots,
                   crawler.settings.get("USER_AGENT") or "", crawler.stats)

    async def _address(self, host: str) -> str | None:
        if address_class(host) != "invalid":
            return host
        cache = self._addresses if self._addresses is not None else {}
        self._addresses = cache
        if host not in cache:
            fixed = lookup(self.hosts, host)
            if fixed is not None or self.resolve is not None:
                cache[host] = fixed or await self.resolve(host)
            else:
                try:
                    infos = await asyncio.get_running_loop().getaddrinfo(host, None)
                    cache[host] = infos[0][4][0] if infos else None
                except OSError:
                    cache[host] = None  # chromium fails it with its own DNS error
        return cache[host]

    async def refusal(self, url: str) -> str | None:
        """Why the page may not ask for ``url``, or None."""
        scheme, host = url_target(url)
        if scheme not in ("http", "https") or not host:
            return None  # data:, blob:, about:: nothing leaves the browser
        scope = SiteScope.of(self.site_url)
        address = await self._address(host)
        if address is not None:
            detail = scope.address_refusal(host, address, await self._address(scope.host))
            if detail is not None:
                return detail
        parsers = getattr(self.robots, "_parsers", None) or {}
        parser = parsers.get(urlsplit(url).netloc)
        if parser is not None and hasattr(parser, "allowed") and not parser.allowed(url, self.user_agent):
            return "forbidden by robots.txt"
        return None


async def guard_requests(page: Any, request: Request) -> None:
    """``playwright_page_init_callback`` of every render: the page's own requests pass the crawl's
    rules (:class:`BrowserGuard`) before scrapy-playwright's handler sends them (a route added
    later runs first; an allowed request falls back to it)."""
    guard = request.meta.get(GUARD_KEY)
    if guard is None:
        return

    async def check(route: Any, req: Any) -> None:
        detail = await guard.refusal(req.url)
        if detail is None:
            await route.fallback()
            return
        logger.info("browser request refused: %s (%s), rendering %s", req.url, detail, request.url)
        if guard.stats is not None:
            guard.stats.inc_value("nianbao/browser_refused")
        await route.abort("blockedbyclient")

    await page.route("**", check)


def skip_resource(request: Any) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST``: images, fonts, media and styles are not fetched."""
    return request.resource_type in SKIPPED_RESOURCES


@dataclass
class Call:
    """One list request the page made, with its answer."""

    url: str
    method: str
    body: str | None
    status: int | None
    content_type: str
    text: str
    resource: str = "xhr"  # xhr / fetch: a list call; script: one of the page's scripts
    headers: dict[str, str] | None = None  # the request's headers, as the page sent them
    phase: str = "load"  # load: made while the page rendered; click: caused by the pager clicked once

    @property
    def body_type(self) -> str | None:
        """The type of the body the page sent (``content_type`` is the answer's)."""
        return next((v for k, v in (self.headers or {}).items() if k.lower() == "content-type"), None)


async def record_list_requests(page: Any, request: Request) -> None:
    """``playwright_page_init_callback``: record every XHR / fetch answer the page receives, and the
    text of the scripts it loads (they may write the URLs of items the answers give without one);
    the page's requests are guarded as every render's (:func:`guard_requests`)."""
    await guard_requests(page, request)
    pending: list[asyncio.Future] = request.meta.setdefault(RECORD_KEY, [])
    state = request.meta.setdefault(STATE_KEY, {})
    state.update(phase="load", inflight=0, last=asyncio.get_running_loop().time(), navigation=None)
    scripts = [0]

    async def read(resp: Any, phase: str, limit: int = MAX_ANSWER_BYTES) -> Call | None:
        try:
            body = await resp.body()
        except Exception as exc:  # noqa: BLE001 - a body the page discarded: record why
            logger.debug("could not read %s: %s", resp.url, exc)
            body = b""
        req = resp.request
        headers = await resp.all_headers()
        try:
            sent = await req.all_headers()
        except Exception:  # noqa: BLE001 - headers of a request the page dropped
            sent = dict(req.headers)
        return Call(url=resp.url, method=req.method, body=req.post_data, status=resp.status,
                    content_type=headers.get("content-type", ""),
                    text=decode(body[:limit], headers.get("content-type"))[0], resource=req.resource_type,
                    headers=sent, phase=phase)

    def on_response(resp: Any) -> None:
        kind = resp.request.resource_type
        if kind in LIST_CALL_TYPES and len(pending) < MAX_RECORDED_CALLS:
            pending.append(asyncio.ensure_future(read(resp, state["phase"])))
        elif kind == "script" and scripts[0] < MAX_RECORDED_SCRIPTS:
            scripts[0] += 1
            pending.append(asyncio.ensure_future(read(resp, state["phase"], MAX_SCRIPT_BYTES)))

    def on_request(req: Any) -> None:
        state["inflight"] += 1
        state["last"] = asyncio.get_running_loop().time()
        if state["phase"] == "click" and state["navigation"] is None and req.is_navigation_request() \
                and req.frame == page.main_frame:
            # the pager is a link or a form: the next page's own address (and body) is its shape
            state["navigation"] = (req.url, req.method, req.post_data, req.headers.get("content-type"))

    def on_done(req: Any) -> None:
        state["inflight"] = max(0, state["inflight"] - 1)
        state["last"] = asyncio.get_running_loop().time()

    page.on("response", on_response)
    page.on("request", on_request)
    page.on("requestfinished", on_done)
    page.on("requestfailed", on_done)


async def settle(page: Any, timeout_ms: int) -> None:
    """Wait for the page's network to go quiet, at most ``timeout_ms`` (a page that polls for ever
    is taken as it is by then): a page method run before the response is made, so the response
    (what is archived) is the list as filled, never a snapshot racing its list call."""
    try:
        await page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - a timeout: take what has arrived
        logger.info("render of %s did not go quiet: %s", page.url, exc)


def render_meta(timeout_ms: int) -> dict[str, Any]:
    """The ``meta`` that sends a request to the browser, recording its list calls."""
    return {
        "playwright": True,
        "playwright_include_page": True,
        "playwright_page_init_callback": "crawler.browser.record_list_requests",
        "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": timeout_ms},
        "playwright_page_methods": [PageMethod(settle, timeout_ms)],
        "render_timeout_ms": timeout_ms,
    }


def app_meta(timeout_ms: int) -> dict[str, Any]:
    """The ``meta`` that has the browser show a page of a script-only app as the reader sees it:
    the response is the page once the network is quiet (its API answers in), so what is archived
    and read is the rendered page."""
    return {
        "playwright": True,
        "playwright_page_init_callback": "crawler.browser.guard_requests",
        "playwright_page_goto_kwargs": {"wait_until": "networkidle", "timeout": timeout_ms},
        "render_timeout_ms": timeout_ms,
    }


@dataclass
class Click:
    """What clicking the column's pager once did: the control's text, the navigation it caused (a
    pager that is a link or a form: ``(url, method, body, body type)``) and the page after it."""

    control: str
    navigation: tuple[str, str, str | None, str | None] | None = None
    html: str | None = None


# Finds the column's next-page / load-more control and clicks it once (el.click(): a hidden tab's
# pager too). Rank: a next control in a pager-like container, the page link "2" in one, a
# load-more control, a next control anywhere that is clickable, a bare 更多 that is no link (a
# 更多 link leads to another column). Popups and new tabs open in place so their address is seen.
_CLICK_PAGER_JS = r"""() => {
  const NEXT = /^(下一?页|后页|下一頁|下页>+|下一页>+|下一页»|next|nextpage|›|»|>|>>|＞|》|→)$/i;
  const LOAD = /^(点击)?(加载|查看|显示|浏览|展开)更多(内容|信息|数据|文章)?(>+|»|\.\.\.|…)?$|^(loadmore|showmore)$/i;
  const MORE = /^(更多|more)(>+|»|\+)?$/i;
  const PAGER = /pag|fenye|fany|turn|pg|pn\b|more|load/i;
  const OFF = /disabled|disable|unable|noclick|\bgray\b|\bgrey\b|\bcurrent\b|\bactive\b|\bcur\b|\bon\b/i;
  const img = el => { const i = el.querySelector && el.querySelector('img[alt]'); return i ? i.getAttribute('alt') : ''; };
  const text = el => ((el.innerText || el.textContent || el.value || el.getAttribute('title')
    || el.getAttribute('aria-label') || img(el) || '') + '').replace(/\s+/g, '');
  const NEXT_NAME = /(^|[\s_-])(next|nextpage|next-page|pagenext|page-next|btn-next|xyy)([\s_-]|$)/i;
  const cls = el => (el && el.getAttribute && ((el.id || '') + ' ' + (el.getAttribute('class') || ''))) || '';
  const realHref = el => { const a = el.closest('a'); const h = a && a.getAttribute('href');
    return h && !/^\s*(javascript:|#)/i.test(h) ? h : null; };
  const pagerOf = el => { for (let n = el.parentElement, i = 0; n && i < 4; n = n.parentElement, i++)
    if (PAGER.test(cls(n))) return n; return null; };
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  let best = null;
  for (const el of document.querySelectorAll('a, button, input[type=button], input[type=submit], span, li, div, em, i, b, font, p, td')) {
    const t = text(el) || (NEXT_NAME.test(el.getAttribute('class') || '') ? '»' : '');
    if (!t || t.length > 12 || [...el.children].some(c => text(c) === t)) continue;
    if (OFF.test(cls(el)) || el.disabled || el.getAttribute('aria-disabled') === 'true') continue;
    const pager = pagerOf(el), clickable = !!el.closest('a, button') || el.matches('input') || el.hasAttribute('onclick');
    let rank = null;
    if (NEXT.test(t) || (NEXT_NAME.test(el.getAttribute('class') || '') && !/^\d+$/.test(t)
                         && el.matches('a, button, li, span'))) rank = pager ? 0 : (clickable ? 3 : null);
    else if (t === '2' && pager && !OFF.test(cls(el.parentElement))) rank = 1;
    else if (LOAD.test(t)) rank = 2;
    else if (MORE.test(t) && !realHref(el) && (pager || clickable)) rank = 4;
    if (rank === null) continue;
    rank += shown(el) ? 0 : 10;
    if (best === null || rank < best[0]) best = [rank, el, t];
  }
  if (best === null) return null;
  window.open = function (u) { if (u) location.href = u; return null; };
  for (const n of document.querySelectorAll('a[target], form[target]')) n.removeAttribute('target');
  // what the click does, counted in the page itself (the browser's own events reach the crawler late
  // on a busy machine): the XHR / fetch calls it starts and ends, and whether it changed the page
  const nb = window.__nianbaoClick = {started: 0, done: 0, changed: false};
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    nb.started++; this.addEventListener('loadend', () => { nb.done++; }); return send.apply(this, args); };
  if (window.fetch) {
    const fetch0 = window.fetch;
    window.fetch = function (...args) { nb.started++; const p = fetch0.apply(this, args);
      p.then(() => { nb.done++; }, () => { nb.done++; }); return p; };
  }
  new MutationObserver(() => { nb.changed = true; }).observe(document.documentElement,
                                                            {childList: true, subtree: true, characterData: true});
  const el = best[1];
  setTimeout(() => el.click(), 0);
  return best[2];
}"""
# The click has had its effect: the calls it started have all ended, or (none started) it changed
# the page (a JSONP script added, a list a script pages by itself redrawn).
_CLICK_DONE_JS = """() => { const nb = window.__nianbaoClick;
  return !nb || (nb.started > 0 ? nb.done >= nb.started : nb.changed); }"""
CLICK_EFFECT_S = 5.0  # how long a click that neither calls nor changes anything is waited for


async def _quiet(state: dict[str, Any], timeout_s: float) -> bool:
    """Wait until no request is in flight and none started or ended for ``QUIET_S`` (Playwright's
    networkidle, measured from the click), at most ``timeout_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while loop.time() < deadline:
        if state["inflight"] <= 0 and loop.time() - state["last"] >= QUIET_S:
            return True
        await asyncio.sleep(0.05)
    return False


async def click_pager(page: Any, state: dict[str, Any], timeout_ms: int) -> Click | None:
    """Learn the pager by using it once: click the column's next-page / load-more control, wait for
    what the click does as the page itself counts it (the XHR / fetch calls it starts have ended, or
    it changed the page: a busy machine delivers the browser's own events late, and a handler may
    ask its page a moment after the click), then for the network to go quiet (bounded by
    ``timeout_ms``), and return what the click did; the calls it caused are recorded in the
    ``click`` phase. None when the page shows no such control. A re-run so learns what the first
    run learned, whatever the machine's load."""
    loop = asyncio.get_running_loop()
    state["phase"], state["last"] = "click", loop.time()
    try:
        control = await page.evaluate(_CLICK_PAGER_JS)
    except Exception as exc:  # noqa: BLE001 - a page that navigated away or closed meanwhile
        logger.info("pager of %s not clicked: %s", page.url, exc)
        return None
    if not control:
        state["phase"] = "load"
        return None
    state["last"] = loop.time()
    try:  # the click's effect, counted in the page: never a guess at how long its call takes to start
        await page.wait_for_function(_CLICK_DONE_JS, timeout=min(timeout_ms, CLICK_EFFECT_S * 1000), polling=50)
    except Exception as exc:  # noqa: BLE001 - it navigated (its context gone), or did nothing in time
        logger.debug("click on the pager of %s: %s", page.url, exc)
    await _quiet(state, timeout_ms / 1000)
    html = None
    if state["navigation"] is None:  # the same page, its list replaced or grown by the click's call
        try:
            html = await page.content()
        except Exception as exc:  # noqa: BLE001 - navigating still
            logger.debug("page after the click not read: %s", exc)
    logger.info("clicked the pager of %s once (%s)", page.url, control)
    return Click(control=str(control), navigation=state["navigation"], html=html)


async def recorded_calls(response: Response) -> tuple[list[Call], str | None, Click | None]:
    """The list calls a rendered page made, its rendered HTML and what clicking its pager once did
    (:func:`click_pager`); the page is closed here.

    Waits for the network to go quiet, at most the render timeout (a page that polls forever
    gives what it had by then).
    """
    page = response.meta.get("playwright_page")
    html = click = None
    if page is not None:
        timeout = response.meta.get("render_timeout_ms", 15000)
        try:
            try:
                await page.wait_for_load_state("networkidle", timeout=timeout)
            except Exception as exc:  # noqa: BLE001 - a timeout: take what has arrived
                logger.info("render of %s did not go quiet: %s", response.url, exc)
            html = await page.content()
            state = response.meta.get(STATE_KEY)
            if state is not None and response.meta.get("learn_pager", True):
                click = await click_pager(page, state, timeout)
            # every answer read while the page is open: a body read after it closes is lost
            await asyncio.gather(*list(response.meta.get(RECORD_KEY) or []), return_exceptions=True)
        finally:
            await page.close()
    pending = response.meta.get(RECORD_KEY) or []
    calls = [c for c in await asyncio.gather(*pending, return_exceptions=True) if isinstance(c, Call)]
    return calls, html, click
