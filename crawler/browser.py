"""Rendering a script-built column in a real browser, only when a page asks for it.

scrapy-playwright drives Debian's ``/usr/bin/chromium`` (``PLAYWRIGHT_LAUNCH_OPTIONS``; nothing is
downloaded at run time). Its download handler serves every request, but only those with
``meta["playwright"]`` go to the browser: the others take Scrapy's own HTTP handler. This module's
:class:`LazyPlaywrightHandler` also starts Playwright itself (its driver and the browser) on the
first such request, not when the engine starts, so a crawl of sites that need no browser never
starts one.

While the page renders, :func:`record_list_requests` records the XHR / fetch calls it makes (URL,
method, body, the answer's type and text); :func:`recorded_calls` waits for the network to go
quiet (bounded by the render timeout, never a fixed sleep), closes the page and returns them. The
spider then pages through the list service itself (:mod:`crawler.dialects.listservice`): the
browser renders a column once, however many pages it has.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from scrapy.http import Request, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from parsers.decode import decode

logger = logging.getLogger(__name__)

RECORD_KEY = "nianbao_calls"
MAX_RECORDED_CALLS = 40
MAX_RECORDED_SCRIPTS = 12  # the page's own scripts: where item URL templates are written
MAX_ANSWER_BYTES = 2 * 1024 * 1024
MAX_SCRIPT_BYTES = 512 * 1024
LIST_CALL_TYPES = frozenset({"xhr", "fetch"})
# What a render never needs: pictures, fonts and media cost time and bytes and fill no list.
SKIPPED_RESOURCES = frozenset({"image", "font", "media", "stylesheet"})


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, started on the first request that asks for the browser."""

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
        return await super()._download_request(request, spider)


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

    @property
    def body_type(self) -> str | None:
        """The type of the body the page sent (``content_type`` is the answer's)."""
        return next((v for k, v in (self.headers or {}).items() if k.lower() == "content-type"), None)


async def record_list_requests(page: Any, request: Request) -> None:
    """``playwright_page_init_callback``: record every XHR / fetch answer the page receives, and the
    text of the scripts it loads (they may write the URLs of items the answers give without one)."""
    pending: list[asyncio.Future] = request.meta.setdefault(RECORD_KEY, [])
    scripts = [0]

    async def read(resp: Any, limit: int = MAX_ANSWER_BYTES) -> Call | None:
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
                    headers=sent)

    def on_response(resp: Any) -> None:
        kind = resp.request.resource_type
        if kind in LIST_CALL_TYPES and len(pending) < MAX_RECORDED_CALLS:
            pending.append(asyncio.ensure_future(read(resp)))
        elif kind == "script" and scripts[0] < MAX_RECORDED_SCRIPTS:
            scripts[0] += 1
            pending.append(asyncio.ensure_future(read(resp, MAX_SCRIPT_BYTES)))

    page.on("response", on_response)


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
        "playwright_page_goto_kwargs": {"wait_until": "networkidle", "timeout": timeout_ms},
        "render_timeout_ms": timeout_ms,
    }


async def recorded_calls(response: Response) -> tuple[list[Call], str | None]:
    """The list calls a rendered page made, and its rendered HTML; the page is closed here.

    Waits for the network to go quiet, at most the render timeout (a page that polls forever
    gives what it had by then).
    """
    page = response.meta.get("playwright_page")
    html = None
    if page is not None:
        try:
            try:
                await page.wait_for_load_state("networkidle", timeout=response.meta.get("render_timeout_ms", 15000))
            except Exception as exc:  # noqa: BLE001 - a timeout: take what has arrived
                logger.info("render of %s did not go quiet: %s", response.url, exc)
            html = await page.content()
        finally:
            await page.close()
    pending = response.meta.get(RECORD_KEY) or []
    calls = [c for c in await asyncio.gather(*pending, return_exceptions=True) if isinstance(c, Call)]
    return calls, html
