"""Test helpers: Scrapy responses from stored pages, a local portal server, and a real crawl.

Fixtures under ``tests/files/portals/`` are raw bytes as a server sent them (GBK pages stay GBK).
A page's status and headers, when they matter, sit beside it in ``NAME.headers`` (JSON:
``{"status": 412, "headers": {"Content-Type": "text/html"}}``). A URL with a query is stored as
``PATH@QUERY`` (``dataproxy.jsp@startrecord=4&endrecord=6&perpage=3``).

The crawl runs in a child process (Twisted's reactor cannot restart inside one pytest process),
with the archive, pipeline and extension components switched off until they exist.
"""

from __future__ import annotations

import json
import mimetypes
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes

PORTALS = Path(__file__).parent / "files" / "portals"
ROOT = Path(__file__).parent.parent


def _stored(path: Path) -> tuple[bytes, int, dict[str, str]]:
    """A stored file's bytes, status and headers (status 200 and a type by extension if unstated)."""
    sidecar = Path(str(path) + ".headers")
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
    headers = dict(meta.get("headers", {}))
    if not any(k.lower() == "content-type" for k in headers):
        suffix = path.name.rsplit("@", 1)[-1]
        guessed = "text/html" if suffix.endswith((".html", ".shtml", ".htm")) else mimetypes.guess_type(suffix)[0]
        headers["Content-Type"] = guessed or "application/octet-stream"
    return path.read_bytes(), int(meta.get("status", 200)), headers


def fixture_response(relpath: str, url: str | None = None, meta: dict[str, Any] | None = None) -> Response:
    """A Scrapy response (HtmlResponse, XmlResponse or plain) built from a stored fixture."""
    body, status, headers = _stored(PORTALS / relpath)
    url = url or f"http://example.gov.cn/{relpath}"
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url=url, status=status, headers=headers, body=body, request=Request(url, meta=meta or {}))


class _Handler(BaseHTTPRequestHandler):
    root: Path
    log: list[tuple[str, str, bytes, str]]

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.log.append((method, self.path, body, self.headers.get("User-Agent", "")))
        parts = urlsplit(self.path)
        path = self.root / unquote(parts.path).lstrip("/")
        if parts.path.endswith("/") or path.is_dir():
            path = path / "index.html"
        if parts.query:
            path = path.with_name(f"{path.name}@{unquote(parts.query)}")
        if not path.is_file() or path.name.endswith(".headers"):
            self.send_error(404)
            return
        data, status, headers = _stored(path)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve("HEAD")

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass


@contextmanager
def portal_server(site: str) -> Iterator[tuple[str, list[tuple[str, str, bytes, str]]]]:
    """Serve ``tests/files/portals/<site>/`` on 127.0.0.1; yields (base URL, request log).

    The log has one (method, path, body, User-Agent) tuple per request, in order.
    """
    log: list[tuple[str, str, bytes, str]] = []
    handler = type("Handler", (_Handler,), {"root": PORTALS / site, "log": log})
    with serving(handler) as base:
        yield base + "/", log


class AnswerHandler(BaseHTTPRequestHandler):
    """A test site's handler: GETs and POSTs answered by ``answer`` (a subclass's), with ``send``
    for the answer; logged as (method, path, body) in ``log`` when the subclass gives one."""

    protocol_version = "HTTP/1.1"
    log: list[tuple[str, str, str]]

    def log_message(self, *args: Any) -> None:
        pass

    def send(self, status: int, body: str | bytes, ctype: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self._record("GET", "")
        self.answer("GET", "")

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        self._record("POST", body)
        self.answer("POST", body)

    def _record(self, method: str, body: str) -> None:
        if hasattr(self, "log"):
            self.log.append((method, self.path, body))

    def answer(self, method: str, body: str) -> None:
        raise NotImplementedError


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 (a free port) in a thread; yields the base URL (no trailing slash)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serving_logged(handler: type[BaseHTTPRequestHandler],
                   log: list[tuple[str, str, str]]) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    """Serve ``handler`` with its requests recorded in ``log`` (see ``AnswerHandler``); yields the base
    URL and the log, the pair every test site fixture hands its tests."""
    handler.log = log  # type: ignore[attr-defined]
    with serving(handler) as base:
        yield base, log


TEST_SETTINGS = {
    "DOWNLOADER_MIDDLEWARES": {},
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {},
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "DOWNLOAD_TIMEOUT": 10,
}


def run_crawl(start_urls: list[str], settings: dict[str, Any] | None = None,
              spider_args: dict[str, str] | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run ``scrapy crawl reports`` in a child process; return its items (body as length) and stats."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        job = {"start_urls": start_urls, "settings": {**TEST_SETTINGS, **(settings or {})},
               "spider_args": spider_args or {}, "out": str(out)}
        proc = subprocess.run([sys.executable, "-m", "tests.scrapy_helpers", json.dumps(job)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"crawl failed:\n{proc.stderr[-4000:]}")
        result = json.loads(out.read_text(encoding="utf-8"))
    return result["items"], result["stats"]


def _crawl_main(job: dict[str, Any]) -> None:
    """Child process: run the spider with the given settings, write items and stats as JSON."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict(job["settings"], priority="cmdline")
    items: list[dict[str, Any]] = []

    def collect(item: dict[str, Any]) -> None:
        item = dict(item)
        if isinstance(item.get("body"), bytes):
            item["body_length"] = len(item.pop("body"))
        items.append(item)

    process = CrawlerProcess(settings)
    crawler = process.create_crawler("reports")
    crawler.signals.connect(collect, signal=signals.item_scraped)
    args = dict(job["spider_args"])
    if job["start_urls"]:
        args["start_urls"] = ",".join(job["start_urls"])
    process.crawl(crawler, **args)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float | str)}
    Path(job["out"]).write_text(json.dumps({"items": items, "stats": stats}, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    _crawl_main(json.loads(sys.argv[1]))
