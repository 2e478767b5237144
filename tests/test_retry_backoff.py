"""Retries back off: each retry of a failing page waits longer than the one before."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

from scrapy import Request
from scrapy.http import Response
from scrapy.settings import Settings

from crawler.middlewares import BackoffRetryMiddleware
from tests.scrapy_helpers import run_crawl, serving


def test_delays_double_and_honour_retry_after_within_the_cap() -> None:
    mw = BackoffRetryMiddleware(Settings({"RETRY_ENABLED": True, "NIANBAO_RETRY_BACKOFF": 2.0,
                                          "NIANBAO_RETRY_BACKOFF_MAX": 10.0}))
    req = Request("http://x/")
    assert [mw.delay(req.replace(meta={"retry_times": n})) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 10.0]
    busy = Response("http://x/", status=429, headers={"Retry-After": "7"})
    assert mw.delay(req.replace(meta={"retry_times": 1}), busy) == 7.0
    assert mw.delay(req.replace(meta={"retry_times": 1}), Response("http://x/", headers={"Retry-After": "900"})) == 10.0


def test_a_crawl_waits_longer_before_each_retry() -> None:
    hits: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path != "/":
                self.send_error(404)
                return
            hits.append(time.monotonic())
            self.send_response(503 if len(hits) <= 2 else 200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write("<html><body><p>首页</p></body></html>".encode())

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as base:
        run_crawl([f"{base}/"], settings={
            "RETRY_ENABLED": True, "RETRY_TIMES": 3, "NIANBAO_RETRY_BACKOFF": 0.4,
            "DOWNLOADER_MIDDLEWARES": {"scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
                                       "crawler.middlewares.BackoffRetryMiddleware": 550}})
    assert len(hits) == 3  # two 503s, then the page
    first_wait, second_wait = hits[1] - hits[0], hits[2] - hits[1]
    assert first_wait >= 0.4 and second_wait >= 0.8
