"""Downloader middlewares: archive every response, ask for report documents only if they changed.

``ArchiveMiddleware`` (950, next to the downloader) sees each response as transferred — before
decompression, redirects and retries — so redirects, errors, robots.txt, list XML and attachments
all land in the WARC. It writes the ``documents`` row and leaves ``response.meta["document"]``.
The WARC record (gzip, digests) and the row are written on the crawl's writer thread
(:mod:`crawler.writer`), in the order the responses arrived; the response goes on once they are.

``ConditionalRequestMiddleware`` (560) adds If-None-Match / If-Modified-Since to report and
attachment requests from the validators stored in ``documents``, so a nightly run over an unchanged
site gets 304s for them and re-downloads only the list pages.

``RedirectLoopMiddleware`` (610, just before Scrapy's RedirectMiddleware sees a response) fails a
redirect back to a URL of its own chain (A → B → A) with that reason: Scrapy would hand the
redirect to the dupefilter, which drops it without a word, and the report behind it would be
missing with nothing recorded.

``MetaRefreshMiddleware`` (580, in place of Scrapy's) is Scrapy's own for any page whose first bytes
may hold a ``<meta http-equiv="refresh">``; the others pass without being decoded whole.

``ScopeMiddleware`` (50, before robots.txt is asked for) refuses every request — a link, a
redirect hop, a robots.txt — outside its site's scope (:mod:`crawler.scope`): another host, a name
resolving to a loopback, link-local or private address when the start URL is not one. Nothing is
sent there; the refusal reaches the request's errback and becomes an ``errors`` row.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as _ScrapyMetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware
from scrapy.utils.defer import maybe_deferred_to_future

from . import revisit
from .archive import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DECODED,
    Original,
    Recovered,
    WarcArchive,
    decode_content,
    payload_digest,
    recover_open_files,
    sha256_hex,
)
from .db import Store, store_for, utcnow, warc_dir_setting
from .scope import SiteScope, address_class, host_of, refusal_reason, url_target
from .writer import SerialWriter, writer_for

logger = logging.getLogger(__name__)

CONDITIONAL_KINDS = ("report", "attachment")


def _headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy Headers (bytes, multi-valued) → [(name, value)] as sent on the wire."""
    out: list[tuple[str, str]] = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for v in values if isinstance(values, list | tuple) else [values]:
            out.append((key, v.decode("latin-1") if isinstance(v, bytes) else str(v)))
    return out


def _header(headers: Any, name: str) -> str | None:
    v = headers.get(name)
    if v is None:
        return None
    return v.decode("latin-1") if isinstance(v, bytes) else str(v)


def record_error(crawler: Crawler, url: str, stage: str, reason: str, site: str | None) -> None:
    """An ``errors`` row from a component outside the item flow, written in order by the writer."""
    store = store_for(crawler)
    writer = writer_for(crawler)
    if writer is None:
        store.record_error(url, stage, reason, site)
    else:
        writer.post(lambda: store.record_error(url, stage, reason, site), "recording an error")


async def _on_writer(writer: SerialWriter, fn: Callable[[], Any]) -> Any:
    """``fn``'s result, run on the writer thread after every write queued before it."""
    return await maybe_deferred_to_future(writer.submit(fn))


def _kind(request: Request) -> str | None:
    kind = request.meta.get("kind")
    if kind is None and urlsplit(request.url).path == "/robots.txt":
        return "robots"
    return kind


class ArchiveMiddleware:
    """Write every response (any status) and its request to the WARC, and its ``documents`` row."""

    def __init__(self, store: Store, archive: WarcArchive, crawler: Crawler | None = None,
                 writer: SerialWriter | None = None) -> None:
        self.store = store
        self.archive = archive
        self.writer = writer  # None: written inline (the tests' path, NIANBAO_WRITER_THREAD=0)
        self.stats = crawler.stats if crawler is not None else None
        # Hashing decodes the body: never past what the downloader would accept (decompression bombs).
        self.max_decoded = (crawler.settings.getint("DOWNLOAD_MAXSIZE", DEFAULT_MAX_DECODED)
                            if crawler is not None else DEFAULT_MAX_DECODED)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        warc_dir = warc_dir_setting(crawler.settings)
        store = store_for(crawler)
        # NIANBAO_WARC_PREFIX: a distributed worker names its files by host too (crawler/distributed/)
        prefix = crawler.settings.get("NIANBAO_WARC_PREFIX") or "nianbao"
        archive = WarcArchive(warc_dir, max_bytes=crawler.settings.getint("NIANBAO_WARC_MAX_BYTES", DEFAULT_MAX_BYTES),
                              checkpoint=store.commit, prefix=prefix)
        mw = cls(store, archive, crawler, writer_for(crawler))
        mw.recover(warc_dir, prefix=f"{prefix}-" if crawler.settings.get("NIANBAO_WARC_PREFIX") else "")
        store.commit_hooks.append(mw.note_position)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def note_position(self) -> None:
        """The Store's commit hook: the WARC file is acknowledged up to here (see crawler/archive.py)."""
        position = self.archive.position
        if position is not None:
            self.store.note_warc(*position)

    def recover(self, warc_dir: str, prefix: str = "") -> list[Recovered]:
        """Close the WARC files a killed crawl left open (cutting a torn tail), before writing anew.

        A ``documents`` row whose record was cut away is removed: the next fetch of its URL is then
        unconditional and archives it again, instead of a 304 pointing at bytes that are gone. What
        was cut is an ``errors`` row (stage ``archive``) and, through the stats, a close-of-run problem.
        """
        recovered = recover_open_files(warc_dir, committed=self.store.committed_warc_bytes, prefix=prefix)
        for r in recovered:
            (logger.warning if r.cut_bytes else logger.info)("WARC %s", r.line())
            if not r.cut_bytes:
                continue
            lost = self.store.forget_cut_records(r.warc_file, r.kept_bytes)
            self.store.record_error(r.warc_file, "archive", r.line() + (
                f"; {lost} document(s) whose record was cut will be fetched again" if lost else ""))
            if self.stats is not None:
                self.stats.inc_value("nianbao/warc_torn")
                lines = self.stats.get_value("nianbao/warc_torn_files") or []
                self.stats.set_value("nianbao/warc_torn_files", [*lines, r.line()])
        return recovered

    def spider_closed(self) -> None:
        if self.writer is not None:
            self.writer.drain()  # every record queued is written before the file is closed
        self.archive.close()

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def process_response(self, request: Request, response: Response) -> Any:
        """The response once archived (a coroutine when the writer thread writes it)."""
        if revisit.NOT_DUE_FLAG in response.flags:  # not downloaded (crawler/revisit.py): nothing to archive
            return response
        if self.writer is None:
            return self.archive_and_record(request, response)
        return _on_writer(self.writer, lambda: self.archive_and_record(request, response))

    def archive_and_record(self, request: Request, response: Response) -> Response:
        """Archive one response and record it; a failure is an ``errors`` row, never a lost crawl."""
        short = short_body(request, response)
        if short is not None:
            self._archive_truncated(request, response, short)
            raise ShortBody(f"truncated body: {short}")
        try:
            request.meta["document"] = self.archive_response(request, response)
        except Exception as exc:  # noqa: BLE001 - the crawl goes on; the failure is recorded and loud
            logger.exception("could not archive %s", response.url)
            self._inc("nianbao/archive_errors")
            try:
                self.store.record_error(response.url, "archive", f"{type(exc).__name__}: {exc}",
                                        request.meta.get("site"))
            except Exception:  # noqa: BLE001
                logger.exception("could not record the archive error for %s", response.url)
        return response

    def _archive_truncated(self, request: Request, response: Response, why: str) -> None:
        """Keep what arrived, marked ``WARC-Truncated``, with no ``documents`` row: it is not a
        version of the document (a later 304 must never confirm it)."""
        self._inc("nianbao/short_bodies")
        try:
            self.archive.write_exchange(
                url=response.url, status=response.status, response_headers=_headers(response.headers),
                body=response.body, method=request.method, request_headers=_headers(request.headers),
                request_body=request.body or b"", protocol=getattr(response, "protocol", None) or "HTTP/1.1",
                truncated="disconnect")
            self._inc("nianbao/warc_records")
        except Exception:  # noqa: BLE001 - the error row below is what matters
            logger.exception("could not archive the truncated %s", response.url)
        logger.info("truncated body at %s: %s", response.url, why)

    def archive_response(self, request: Request, response: Response) -> dict[str, Any]:
        """Write the WARC records and the documents row; return the ``meta["document"]`` dict."""
        fetched_at = utcnow()
        body = response.body
        content = decode_content(body, _header(response.headers, "Content-Encoding"), self.max_decoded)
        sha = sha256_hex(content)
        exchange = dict(
            url=response.url, status=response.status, response_headers=_headers(response.headers), body=body,
            method=request.method, request_headers=_headers(request.headers), request_body=request.body or b"",
            protocol=getattr(response, "protocol", None) or "HTTP/1.1",
            ip_address=str(response.ip_address) if getattr(response, "ip_address", None) else None,
        )
        self._inc("nianbao/warc_records")
        if response.status == 304:
            # No payload: the 304 itself is archived; the version it confirms is the stored one.
            written = self.archive.write_exchange(**exchange)
            doc = self.store.touch_document(response.url, fetched_at)
            self._inc("nianbao/not_modified")
            return {"sha256": doc["sha256"] if doc else None,
                    "warc_file": doc["warc_file"] if doc else written.warc_file,
                    "warc_offset": doc["warc_offset"] if doc else written.warc_offset,
                    "fetched_at": fetched_at, "status": 304, "not_modified": True, "revisit": False}
        digest = payload_digest(body)
        original = self.store.archived_payload(sha, digest) if body else None
        revisit_of = None
        if original is not None:
            revisit_of = Original(original["url"], original.get("warc_date") or original["fetched_at"],
                                  original.get("warc_record_id"), original["warc_file"], original["warc_offset"])
            self._inc("nianbao/warc_revisits")
        written = self.archive.write_exchange(**exchange, content_sha256=sha, revisit_of=revisit_of)
        # A revisit's row points at the record holding the payload, so read_record gets the bytes.
        location = ({k: original.get(k) for k in ("warc_file", "warc_offset", "warc_length", "warc_record_id",
                                                  "warc_date")}
                    if original is not None else
                    {"warc_file": written.warc_file, "warc_offset": written.warc_offset,
                     "warc_length": written.warc_length, "warc_record_id": written.record_id,
                     "warc_date": written.warc_date})
        self.store.record_fetch({
            "url": response.url, "sha256": sha, "fetched_at": fetched_at, "status": response.status,
            "content_type": _header(response.headers, "Content-Type"), "length": len(content),
            "etag": _header(response.headers, "ETag"), "last_modified": _header(response.headers, "Last-Modified"),
            "kind": _kind(request), "site": request.meta.get("site") or urlsplit(response.url).netloc,
            "warc_payload_digest": digest, **location,
        })
        return {"sha256": sha, "warc_file": location["warc_file"], "warc_offset": location["warc_offset"],
                "fetched_at": fetched_at, "status": response.status, "not_modified": False,
                "revisit": original is not None}


async def _reactor_resolve(host: str) -> str:
    """``host``'s address by the crawl's resolver (Scrapy's TWISTED_DNS_RESOLVER, which caches it)."""
    from twisted.internet import reactor

    return await maybe_deferred_to_future(reactor.resolve(host))


class OutOfScope(IgnoreRequest):
    """A request refused by its site's scope (see :mod:`crawler.scope`); its message is the reason."""


class ScopeMiddleware:
    """Refuse, before anything is sent, a request outside the scope of the site it belongs to.

    The site is ``request.meta["site_url"]`` (every spider request carries it); a request without
    one (robots.txt, say) must fit the scope of one of the spider's start URLs. The host is
    resolved with the crawl's resolver (Scrapy caches the answer, and the connection uses the cached
    address): a name is judged by the address it will actually be sent to.
    """

    def __init__(self, crawler: Crawler | None = None,
                 resolve: Callable[[str], Awaitable[str]] | None = None) -> None:
        self.crawler = crawler
        self.stats = crawler.stats if crawler is not None else None
        self.resolve = resolve or _reactor_resolve
        self._scopes: dict[str, SiteScope] = {}
        self._addresses: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        return cls(crawler)

    def _scope(self, site_url: str) -> SiteScope:
        scope = self._scopes.get(site_url)
        if scope is None:
            scope = self._scopes[site_url] = SiteScope.of(site_url)
        return scope

    def _site_urls(self, request: Request, spider: Any) -> list[str]:
        if request.meta.get("site_url"):
            return [request.meta["site_url"]]
        spider = spider or getattr(self.crawler, "spider", None)
        return [url for url, _ in getattr(spider, "starts", None) or []]

    async def _resolve(self, host: str) -> str | None:
        """The address the downloader will connect to for ``host`` (None if it does not resolve)."""
        if address_class(host) != "invalid":
            return host
        if host not in self._addresses:
            try:
                self._addresses[host] = await self.resolve(host)
            except Exception:  # noqa: BLE001 - the download will fail with its own DNS error
                return None
        return self._addresses[host]

    async def refusal(self, request: Request, spider: Any = None) -> str | None:
        """Why ``request`` is out of scope, or None (also None when no start URL is known)."""
        site_urls = self._site_urls(request, spider)
        if not site_urls:
            return None
        scopes = [self._scope(u) for u in site_urls]
        target = url_target(request.url)  # read once, weighed against every scope
        inside = [s for s in scopes if s.target_refusal(*target) is None]
        if not inside:
            return scopes[0].target_refusal(*target)
        host = host_of(request.url)
        address = await self._resolve(host)
        if address is None:
            return None
        detail = None
        for scope in inside:
            detail = scope.address_refusal(host, address, await self._resolve(scope.host))
            if detail is None:
                return None
        return detail

    async def process_request(self, request: Request, spider: Any = None) -> None:
        detail = await self.refusal(request, spider)
        if detail is None:
            return None
        chain = request.meta.get("redirect_urls") or []
        reason = refusal_reason(request.url, detail, redirected_from=chain[-1] if chain else None)
        if self.stats is not None:
            self.stats.inc_value("nianbao/out_of_scope")
        logger.info("refused %s", reason)
        if request.errback is None and self.crawler is not None:  # robots.txt: no spider errback records it
            try:
                record_error(self.crawler, request.url, "crawl", reason, request.meta.get("site"))
            except Exception:  # noqa: BLE001
                logger.exception("could not record the refusal of %s", request.url)
        raise OutOfScope(reason)


class ShortBody(IgnoreRequest):
    """A body shorter than its Content-Length (or flagged ``dataloss``): not a complete document."""


def short_body(request: Request, response: Response) -> str | None:
    """How a response's body falls short of what its headers promised, or None when it does not."""
    if request.method == "HEAD" or response.status in (204, 304) or response.status < 200:
        return None
    if request.meta.get("playwright"):
        # A browser-rendered page: the body is the rendered DOM, not the bytes the server sent, so
        # the server's Content-Length says nothing about it (the browser checked the transfer).
        return None
    if "dataloss" in response.flags:
        return f"the connection closed early ({len(response.body)} bytes received)"
    values = response.headers.getlist(b"Content-Length")
    if len(values) != 1 or not values[0].strip().isdigit() or b"Transfer-Encoding" in response.headers:
        return None  # none, several, garbage, or overridden by chunking (RFC 9112 §6.3)
    promised = int(values[0])
    if len(response.body) < promised:
        return f"{len(response.body)} of the {promised} bytes its Content-Length promised"
    return None


class RecordedUrlLengthMiddleware(UrlLengthMiddleware):
    """Scrapy's URL length limit (URLLENGTH_LIMIT), with each dropped link an ``errors`` row.

    Scrapy drops such a link with an INFO line; a report behind it would be missing unseen.
    """

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        kept = super().get_processed_request(request, response)
        if kept is None:
            where = f" (linked from {response.url})" if response is not None else ""
            try:
                record_error(
                    self.crawler, request.url[:500] + ("…" if len(request.url) > 500 else ""), "crawl",
                    f"dropped: a URL of {len(request.url)} characters, over URLLENGTH_LIMIT {self.maxlength}"
                    + where, request.meta.get("site"))
            except Exception:  # noqa: BLE001
                logger.exception("could not record a dropped URL")
        return kept


class ConditionalRequestMiddleware:
    """Make report/attachment requests conditional on the validators of their stored version.

    Only those kinds: landing and list pages must be read every time to find new reports. Also
    makes sure a 304 reaches the spider (adds it to ``handle_httpstatus_list``), since a 304
    filtered away would leave a report neither parsed nor marked unchanged. ``-s NIANBAO_REPARSE=1``
    turns this off, with the skip of unchanged documents in the pipeline. Without validators, the
    revisit policy (:mod:`crawler.revisit`, ``NIANBAO_REVISIT_DAYS``) says whether to download again.
    """

    def __init__(self, store: Store, crawler: Crawler | None = None, enabled: bool = True,
                 revisit_days: int = revisit.DEFAULT_REVISIT_DAYS, writer: SerialWriter | None = None) -> None:
        self.store = store
        self.writer = writer
        self.crawler = crawler
        self.enabled = enabled
        self.revisit_days = revisit_days

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(store_for(crawler), crawler, enabled=not crawler.settings.getbool("NIANBAO_REPARSE"),
                   revisit_days=crawler.settings.getint("NIANBAO_REVISIT_DAYS", revisit.DEFAULT_REVISIT_DAYS),
                   writer=writer_for(crawler))

    def process_request(self, request: Request) -> Any:
        if not self.enabled or request.meta.get("kind") not in CONDITIONAL_KINDS:
            return None
        if request.meta.get("playwright"):
            # a render must see the page whole: a browser told "304 Not Modified" has nothing to show
            # (the navigation fails with net::ERR_ABORTED), and a drawn article is rendered right
            # after its shell was stored, which would make it conditional on itself
            return None
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None
        if self.writer is None:
            return self.apply(request, self.store.latest_document(request.url))
        return self._apply_after_writes(request)

    async def _apply_after_writes(self, request: Request) -> Response | None:
        # read on the writer thread: it sees every row queued before this request, committed or not
        return self.apply(request, await _on_writer(self.writer, lambda: self.store.latest_document(request.url)))

    def apply(self, request: Request, doc: dict[str, Any] | None) -> Response | None:
        """Make ``request`` conditional on ``doc`` (its URL's stored version), or answer it from the
        archive when the revisit policy says it is not due."""
        action = revisit.decide(request.meta.get("kind"), request.url, doc, days=self.revisit_days)
        if action == "skip":
            self._allow_304(request)
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value("nianbao/revisit_not_due")
            return revisit.not_due_response(request, doc)
        if action != "conditional":
            return None
        if doc.get("etag"):
            request.headers[b"If-None-Match"] = doc["etag"]
        if doc.get("last_modified"):
            request.headers[b"If-Modified-Since"] = doc["last_modified"]
        self._allow_304(request)
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value("nianbao/conditional_requests")
        return None

    def _allow_304(self, request: Request) -> None:
        if not request.meta.get("handle_httpstatus_all"):
            spider = getattr(self.crawler, "spider", None)
            allowed = request.meta.get("handle_httpstatus_list") or getattr(spider, "handle_httpstatus_list", None) or []
            if 304 not in allowed:
                request.meta["handle_httpstatus_list"] = [*allowed, 304]


class RedirectLoopMiddleware:
    """Turn a redirect to a URL already in the request's redirect chain into a recorded failure."""

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        from w3lib.url import safe_url_string

        location = response.headers[b"Location"].decode("latin-1")
        target = safe_url_string(urljoin(response.url, location))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise IgnoreRequest("redirect loop: " + " → ".join([*chain, target]))
        return response


# What a meta refresh needs in the first 4,096 characters Scrapy scans: the word itself. Read from
# the bytes, a page is ruled out without decoding it whole (Scrapy decodes the whole body for its
# first 4,096 characters); 32 KB hold 4,096 characters in any encoding this is used for.
_REFRESH_SCAN_BYTES = 32 * 1024


@functools.lru_cache(maxsize=64)
def _spells_ascii(encoding: str) -> bool:
    """Whether text decoded with ``encoding`` holds the word "refresh" only where its bytes spell
    it: ASCII letters are their own bytes (not UTF-16), no byte sequence decodes to nothing
    between them (ISO-2022's shifts, HZ's line joins), and none spells a letter another way (UTF-7's base64)."""
    try:
        return "refresh".encode(encoding) == b"refresh" \
            and all((b"re" + cut + b"fresh").decode(encoding, "replace") != "refresh"
                    for cut in (b"\x1b(B", b"\x0e", b"\x0f", b"~\n")) \
            and b"+AHI-".decode(encoding, "replace") != "r"
    except (LookupError, UnicodeError):
        return False


class MetaRefreshMiddleware(_ScrapyMetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, unchanged, for pages whose first bytes can hold one.

    A page whose first 32 KB do not hold the bytes of "refresh" (any case), in an encoding where
    letters are their own bytes, has no ``<meta http-equiv="refresh">`` in the 4,096 characters
    Scrapy scans: it is passed on without Scrapy decoding its whole body (a 200 KB report page
    costs the reactor a full decode for nothing, issue 13). Any other page goes to Scrapy's own."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if isinstance(response, HtmlResponse) and b"refresh" not in response.body[:_REFRESH_SCAN_BYTES].lower() \
                and _spells_ascii(response.encoding):
            return response
        return super().process_response(request, response)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts, resets), each one waited for longer than the last.

    A server in trouble gets ``NIANBAO_RETRY_BACKOFF`` s, then twice that, … up to
    ``NIANBAO_RETRY_BACKOFF_MAX`` s, or what its ``Retry-After`` asks (within the same cap). The wait
    happens after the download slot is freed, so the site's other pages are not held up by it.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("NIANBAO_RETRY_BACKOFF", 1.0)
        self.cap = settings.getfloat("NIANBAO_RETRY_BACKOFF_MAX", 60.0)

    def delay(self, retry: Request, response: Response | None = None) -> float:
        wait = self.base * 2 ** max(0, retry.meta.get("retry_times", 1) - 1)
        if response is not None:
            after = response.headers.get(b"Retry-After")
            if after and after.strip().isdigit():
                wait = max(wait, float(after.strip()))
        return min(wait, self.cap)

    async def _wait(self, retry: Request, response: Response | None = None) -> None:
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        seconds = self.delay(retry, response)
        if seconds > 0:
            await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))

    async def process_response(self, request: Request, response: Response, spider: Any = None
                               ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response)
        return result

    async def process_exception(self, request: Request, exception: Exception, spider: Any = None
                                ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result)
        return result
