"""CrawlRunExtension: the ``crawl_runs`` row, the progress line, the cross-report checks at the end.

One row per run: opened at spider_opened (so a crashed run still shows up with no finished_at),
closed at spider_closed with a stats JSON. The cross-report rules run at close for the agencies
whose reports were added or changed in this run. Then the close-of-run checks
(:mod:`crawler.monitor`): what they find goes into ``crawl_runs.problems`` / ``summary``, the log,
and the stats ``nianbao/checks_failed`` / ``nianbao/summary`` that `nianbao crawl` turns into its
exit status and last words.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import create_looping_call

from . import monitor
from .crosschecks import run_cross_checks
from .db import Store, release_store, store_for
from .writer import drain_writer, release_writer, writer_for

logger = logging.getLogger(__name__)
# What a person running the crawl sees (`nianbao crawl` shows it on stderr; it is in the log too).
progress = logging.getLogger("nianbao.progress.crawl")

DEFAULT_PROGRESS_INTERVAL = 30.0


class CrawlRunExtension:
    def __init__(self, crawler: Crawler, store: Store, interval: float = DEFAULT_PROGRESS_INTERVAL) -> None:
        self.crawler = crawler
        self.store = store
        self.interval = interval
        self.task: Any = None
        self.started = time.monotonic()
        self.unfinished: list[str] = []
        self.without_reports: list[str] = []  # sites that gave no report, ever (named in the summary)
        self.max_error_rate = crawler.settings.getfloat("NIANBAO_MAX_ERROR_RATE", monitor.DEFAULT_MAX_ERROR_RATE)
        self.min_requests = crawler.settings.getint("NIANBAO_MIN_REQUESTS_FOR_RATE",
                                                    monitor.DEFAULT_MIN_REQUESTS_FOR_RATE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunExtension:
        ext = cls(crawler, store_for(crawler),
                  crawler.settings.getfloat("NIANBAO_PROGRESS_INTERVAL", DEFAULT_PROGRESS_INTERVAL))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _stat(self, key: str, default: int = 0) -> Any:
        return self.crawler.stats.get_value(key, default) if self.crawler.stats is not None else default

    def pages(self) -> int:
        """Pages fetched: the spider's count, or Scrapy's responses if the spider keeps none."""
        return self._stat("nianbao/pages") or self._stat("response_received_count")

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        writer = writer_for(self.crawler)
        if writer is not None:  # the writer thread owns the Store while the crawl runs
            writer.call(lambda: self._open_run(spider))
        else:
            self._open_run(spider)
        for line in self.unfinished:
            progress.warning("%s", line)
        sites = len(getattr(spider, "starts", None) or [])
        log = self.crawler.settings.get("LOG_FILE")
        progress.info("run %s started: %s, archive %s%s", self.store.run_id,
                      f"{sites} start URL(s)" if sites else spider.name, self.store.path,
                      f", log {log} (-v to see it here)" if log else "")
        if self.interval > 0:
            self.task = create_looping_call(self.log_progress)
            self.task.start(self.interval, now=False)

    def _open_run(self, spider: Spider) -> None:
        self.store.open_run(spider.name)
        try:
            self.unfinished = monitor.unfinished_runs(self.store)
        except Exception:  # noqa: BLE001 - a broken check must not stop the crawl
            logger.exception("could not look for unfinished runs")
            self.unfinished = []

    def reports_found(self) -> int:
        """Report documents the spider found, or at least those stored or confirmed unchanged
        (a 304 is not a "found" document for the spider, but it is a report seen)."""
        stored = sum(self._stat(f"nianbao/reports_{k}") for k in ("new", "changed", "unchanged", "duplicate"))
        return max(self._stat("nianbao/reports_found"), stored)

    def progress_line(self) -> str:
        return (f"progress: {self.pages()} pages fetched, {self.reports_found()} reports found "
                f"({self._stat('nianbao/reports_new')} new, {self._stat('nianbao/reports_changed')} changed), "
                f"{self._stat('nianbao/errors')} errors, {self._stat('nianbao/blocked')} sites blocked")

    def log_progress(self) -> None:
        progress.info(self.progress_line())

    def run_stats(self, finish_reason: str | None) -> dict[str, Any]:
        counts = self.store.run_counts()
        return {
            "pages": self.pages(),
            "reports_found": self.reports_found(),
            "reports_new": self._stat("nianbao/reports_new"),
            "reports_changed": self._stat("nianbao/reports_changed"),
            "reports_unchanged": self._stat("nianbao/reports_unchanged"),
            "reports_duplicate": self._stat("nianbao/reports_duplicate"),
            "parsed": self._stat("nianbao/parsed"),
            "parse_skipped": self._stat("nianbao/parse_skipped"),
            "unparsed": self._stat("nianbao/unparsed"),
            "errors": counts["errors"],
            "unanswered": self.store.unanswered_count(),
            "blocked_sites": counts["blocked_sites"],
            "not_modified": self._stat("nianbao/not_modified"),
            "conditional_requests": self._stat("nianbao/conditional_requests"),
            "warc_records": self._stat("nianbao/warc_records"),
            "warc_revisits": self._stat("nianbao/warc_revisits"),
            "requests": self._stat("downloader/request_count"),
            "responses": self._stat("downloader/response_count"),
            "bytes": self._stat("downloader/response_bytes"),
            "replayed": self._stat("nianbao/replayed"),
            "archive_errors": self._stat("nianbao/archive_errors"),
            "out_of_scope": self._stat("nianbao/out_of_scope"),
            "dropped_urls": self._stat("urllength/request_ignored_count"),
            "short_bodies": self._stat("nianbao/short_bodies"),
            "warc_torn": self._stat("nianbao/warc_torn"),
            "unfinished_runs": len(self.unfinished),
            "elapsed_seconds": round(time.monotonic() - self.started, 3),
            "finish_reason": finish_reason,
        }

    def checks(self, spider: Spider, stats: dict[str, Any]) -> list[monitor.Problem]:
        """The close-of-run checks of :mod:`crawler.monitor` on this run."""
        sites = monitor.site_runs(self.store, spider)
        self.without_reports = monitor.without_reports(sites)
        problems = monitor.check_sites(sites, max_error_rate=self.max_error_rate, min_requests=self.min_requests)
        requests = sum(s.requests for s in sites) or self.pages()
        dead = sum(s.errors - s.failures for s in sites)  # dead links of sites that gave reports
        problems += monitor.check_run(requests=requests, errors=stats["errors"] - dead,
                                      archive_errors=stats["archive_errors"], max_error_rate=self.max_error_rate,
                                      dropped_urls=stats["dropped_urls"], out_of_scope=stats["out_of_scope"],
                                      short_bodies=stats["short_bodies"],
                                      warc_torn=self._stat("nianbao/warc_torn_files", []) or [],
                                      unfinished_runs=self.unfinished)
        for s in sites:  # the budget is per site: its errors row names the site's start URL
            if s.over_budget:
                self.store.record_error(_start_url(spider, s.site), "crawl",
                                        f"page budget spent: {monitor.budget_detail(s)}", s.site)
        return problems

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        # Every queued write done (WARC records, rows) before the checks read the archive; from here
        # on the Store is used on this thread alone.
        drain_writer(self.crawler)
        try:
            cross = run_cross_checks(self.store, self.store.touched_agencies)
        except Exception:  # noqa: BLE001 - the run row must still be closed
            logger.exception("cross-report checks failed")
            cross = {"agencies": 0, "failed": 0}
        stats = self.run_stats(reason)
        stats["cross_checks_failed"] = cross["failed"]
        try:
            problems = self.checks(spider, stats)
            summary = monitor.summarize(problems, stats, monitor.error_reasons(self.store), self.without_reports)
        except Exception as exc:  # noqa: BLE001 - a broken check is itself a problem, never a silent pass
            logger.exception("close-of-run checks failed")
            problems = [monitor.Problem("checks_crashed", None, f"{type(exc).__name__}: {exc}")]
            summary = monitor.summarize(problems, stats)
        stats["checks_failed"] = len(problems)
        self.store.close_run(stats, reason, problems=monitor.problems_json(problems), summary=summary)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("nianbao/checks_failed", len(problems))
            self.crawler.stats.set_value("nianbao/summary", summary)
        logger.info("crawl run %s finished (%s): %s", self.store.run_id, reason, self.progress_line())
        (logger.warning if problems else logger.info)("crawl run %s: %s", self.store.run_id, summary)
        release_writer(self.crawler)
        release_store(self.crawler)


def _start_url(spider: Spider, site: str) -> str:
    """The start URL of ``site`` (a netloc), for the errors row of a site-wide problem."""
    from urllib.parse import urlsplit

    for url, _ in getattr(spider, "starts", None) or []:
        full = url if "://" in url else "http://" + url
        if urlsplit(full).netloc == site:
            return full
    return f"http://{site}/"
