"""A crawl worker: the ``reports`` spider on scrapy-redis, writing nothing but WARC files.

``nianbao crawl --redis URL …`` runs :func:`run_worker`. What changes from a single-process crawl
(:func:`worker_settings`): scrapy-redis's scheduler and dupefilter (the queue with in-flight
bookkeeping of :mod:`.queue`), the site tokens of :mod:`.politeness`, the Store of
:mod:`.remote_store`, WARC files named by host, and :class:`WorkerExtension` in place of the
CrawlRunExtension (the writer keeps the ``crawl_runs`` row and runs the close-of-run checks).

:class:`WorkerSpider` is the ``reports`` spider with the state it shares kept in Redis: the start
requests are pushed by the first worker only; the per-site counters (pages, the page budget,
reports, blocked) and the agency running each site are shared, so the page budget is the site's,
not one worker's, and a report page fetched by one worker knows the site's owner that another one
read on the landing page.

A worker ends when the queue is empty and no worker has a request in hand; one that runs out of
work first waits, and takes up the requests of a worker that died (:func:`.queue.requeue_dead`).
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import time
from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from ..sources import Source
from ..spiders.reports import ReportsSpider
from . import keys
from .queue import INFLIGHT_META, inflight_count, requeue_dead
from .remote_store import RemoteStore

logger = logging.getLogger(__name__)
progress = logging.getLogger("nianbao.progress.worker")

_CLIENTS: dict[int, Any] = {}


def redis_for(crawler: Crawler) -> Any:
    """One Redis client per crawler (NIANBAO_REDIS_URL)."""
    client = _CLIENTS.get(id(crawler))
    if client is None:
        client = _CLIENTS[id(crawler)] = keys.connect(crawler.settings.get("NIANBAO_REDIS_URL"))
    return client


def remote_store_for(crawler: Crawler) -> RemoteStore:
    """NIANBAO_STORE_FACTORY of a worker: what ``crawler.db.store_for`` returns."""
    redis = redis_for(crawler)
    run_id = (redis.hget(keys.RUN, "id") or b"").decode()
    return RemoteStore(redis, keys.process_id(), path=crawler.settings.get("NIANBAO_DB") or "", run_id=run_id)


def worker_settings(url: str) -> dict[str, Any]:
    """The settings a worker adds to the project's (crawler/settings.py)."""
    from ..settings import DOWNLOADER_MIDDLEWARES, EXTENSIONS

    return {
        "NIANBAO_REDIS_URL": url,
        "REDIS_URL": url,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.queue.InflightPriorityQueue",
        "SCHEDULER_QUEUE_KEY": keys.SPIDER_QUEUE,
        "SCHEDULER_DUPEFILTER_KEY": keys.SPIDER_DUPEFILTER,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # Store calls stay on the reactor thread: a request is finished only once its items' calls
        # are queued (WorkerExtension.request_done), and they are Redis commands, not SQLite writes.
        "NIANBAO_WRITER_THREAD": False,
        "SCHEDULER_PERSIST": True,  # the writer clears the run's queue and seen requests when it ends
        "NIANBAO_STORE_FACTORY": "crawler.distributed.worker.remote_store_for",
        "NIANBAO_WARC_PREFIX": f"nianbao-{socket.gethostname()}",
        "DOWNLOADER_MIDDLEWARES": {**DOWNLOADER_MIDDLEWARES,
                                   "crawler.distributed.politeness.SiteTokenMiddleware": 990},
        "EXTENSIONS": {**EXTENSIONS, "crawler.extensions.CrawlRunExtension": None,
                       "crawler.distributed.worker.WorkerExtension": 500},
    }


# -- shared spider state -------------------------------------------------------------------------------
class RedisCounter(Counter):
    """A Counter whose values live in a Redis hash: ``c[k] += n`` is an HINCRBY of n."""

    def __init__(self, redis: Any, key: str) -> None:
        super().__init__()
        self._redis, self._key = redis, key

    def __getitem__(self, k: str) -> int:
        raw = self._redis.hget(self._key, k)
        value = int(raw) if raw else 0
        dict.__setitem__(self, k, value)
        return value

    def __setitem__(self, k: str, value: int) -> None:
        delta = value - dict.get(self, k, 0)
        if delta:
            self._redis.hincrby(self._key, k, delta)
        dict.__setitem__(self, k, value)


class RedisOwners(dict):
    """The spider's ``owners`` (site → agency running it) in a Redis hash; the first name wins."""

    def __init__(self, redis: Any) -> None:
        super().__init__()
        self._redis = redis

    def __contains__(self, site: object) -> bool:
        return bool(self._redis.hexists(keys.OWNERS, str(site)))

    def get(self, site: str, default: Any = None) -> Any:
        raw = self._redis.hget(keys.OWNERS, site)
        return raw.decode() if raw is not None else default

    def __getitem__(self, site: str) -> str:
        value = self.get(site)
        if value is None:
            raise KeyError(site)
        return value

    def __setitem__(self, site: str, owner: str) -> None:
        self._redis.hsetnx(keys.OWNERS, site, owner)


def starts_json(starts: list[tuple[str, Source | None]]) -> str:
    return json.dumps([[url, src.as_dict() if src else None] for url, src in starts], ensure_ascii=False)


def starts_from_json(raw: str) -> list[tuple[str, Source | None]]:
    return [(url, Source(**src) if src else None) for url, src in json.loads(raw)]


class WorkerSpider(ReportsSpider):
    """The ``reports`` spider with its shared state in Redis (see the module docstring)."""

    name = "reports"

    def __init__(self, starts: str = "[]", **kwargs: Any) -> None:
        parsed = starts_from_json(starts)
        if not parsed:
            raise ValueError("a worker needs the run's start URLs (give them, or `nianbao seed` them)")
        super().__init__(start_urls=parsed[0][0], **kwargs)
        self.starts = parsed

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> WorkerSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        redis = redis_for(crawler)
        spider.redis = redis
        for name in keys.COUNTERS:
            setattr(spider, name, RedisCounter(redis, keys.counter(name)))
        spider.owners = RedisOwners(redis)
        return spider

    async def start(self) -> Any:
        """The start requests, from the first worker only (whichever takes ``seeding``)."""
        if not self.redis.hsetnx(keys.RUN, "seeding", keys.process_id()):
            return
        async for request in super().start():
            yield request
        self.redis.hset(keys.RUN, "seeded", "1")
        progress.info("start requests pushed for %d start URL(s)", len(self.starts))


# -- the worker's lifecycle -------------------------------------------------------------------------------
class WorkerExtension:
    """Registration and heartbeat, finishing requests, waiting for the others, the worker's stats."""

    def __init__(self, crawler: Crawler) -> None:
        from ..db import store_for

        self.crawler = crawler
        self.redis = redis_for(crawler)
        self.worker = keys.process_id()
        self.store: RemoteStore = store_for(crawler)  # type: ignore[assignment]
        self.interval = crawler.settings.getfloat("NIANBAO_PROGRESS_INTERVAL", 30.0)
        self.task: Any = None
        self._last_progress = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        from scrapy.utils.asyncio import create_looping_call

        self.redis.hset(keys.WORKERS, self.worker, "running")
        self.redis.set(keys.alive(self.worker), "1", ex=keys.ALIVE_TTL_SECONDS)
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and hasattr(slot, "remove_request"):
            remove = slot.remove_request

            def remove_request(request: Any) -> None:
                remove(request)
                self.request_done(request)

            slot.remove_request = remove_request  # every scheduled request passes here when it is finished
        else:  # another Scrapy: requests are finished when the worker is idle (spider_idle)
            logger.warning("Scrapy's engine slot has no remove_request; in-flight requests are released at idle")
        self.task = create_looping_call(self.heartbeat)
        self.task.start(keys.HEARTBEAT_SECONDS, now=False)
        progress.info("worker %s started (run %s, archive writer %s)", self.worker, self.store.run_id,
                      "ready" if self.redis.exists(keys.READY) else "not ready")

    def request_done(self, request: Any) -> None:
        """A request went through the spider and its items are queued: send them, forget it."""
        mark = request.meta.get(INFLIGHT_META)
        pipe = self.redis.pipeline(transaction=True)
        self.store.flush(pipe)
        if mark:
            pipe.hdel(keys.inflight(mark[0]), mark[1])
        pipe.execute()

    def stats_json(self) -> str:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        return json.dumps({k: v for k, v in stats.items() if isinstance(v, int | float)})

    def heartbeat(self) -> None:
        try:
            pipe = self.redis.pipeline(transaction=False)
            pipe.set(keys.alive(self.worker), "1", ex=keys.ALIVE_TTL_SECONDS)
            pipe.set(keys.worker_stats(self.worker), self.stats_json())
            pipe.execute()
            tokens = getattr(self.crawler, "nianbao_site_tokens", None)
            if tokens is not None:
                tokens.renew()
            self.store.flush()
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None:  # look at the shared queue now, not at Scrapy's next 5 s heartbeat
                slot.nextcall.schedule()
        except Exception:  # noqa: BLE001 - a missed beat is retried; a long silence makes us "dead"
            logger.exception("worker heartbeat failed")
        if self.interval > 0 and time.monotonic() - self._last_progress >= self.interval:
            self._last_progress = time.monotonic()
            s = self.crawler.stats
            progress.info("worker %s: %s pages, %s reports found, %s parsed, %s in the queue", self.worker,
                          s.get_value("nianbao/pages", 0), s.get_value("nianbao/reports_found", 0),
                          s.get_value("nianbao/parsed", 0), self.redis.zcard(keys.QUEUE))

    def spider_idle(self, spider: Any) -> None:
        """Close only when the run is seeded, the queue is empty and nobody has a request in hand."""
        self.store.flush()
        self.redis.delete(keys.inflight(self.worker))  # idle: everything this worker took is finished
        requeue_dead(self.redis)
        if self.redis.hget(keys.RUN, "stop"):
            return
        if not self.redis.hget(keys.RUN, "seeded") or self.redis.zcard(keys.QUEUE) or inflight_count(self.redis):
            raise DontCloseSpider

    def spider_closed(self, spider: Any, reason: str) -> None:
        from ..db import release_store

        if self.task is not None and self.task.running:
            self.task.stop()
        self.store.flush()
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(keys.worker_stats(self.worker), self.stats_json())
        pipe.hset(keys.WORKERS, self.worker, "done" if reason == "finished" else f"stopped: {reason}")
        pipe.delete(keys.alive(self.worker))
        pipe.execute()
        progress.info("worker %s finished (%s)", self.worker, reason)
        release_store(self.crawler)


# -- `nianbao crawl --redis URL` ------------------------------------------------------------------------
def wait_for(redis: Any, what: str, ready: Any, timeout: float) -> bool:
    """Poll ``ready()`` until true or ``timeout`` seconds; one line on stderr while waiting."""
    deadline = time.monotonic() + timeout
    said = False
    while not ready():
        if time.monotonic() >= deadline:
            return False
        if not said:
            print(f"nianbao crawl: waiting for {what}", file=sys.stderr)
            said = True
        time.sleep(0.2)
    return True


def run_worker(args: Any, overrides: dict[str, str]) -> int:
    """One worker, to the end of the run; 0 when it finished, 1 otherwise (the writer has the summary)."""
    from ..crawl_cmd import crawl, project_settings
    from ..db import new_run_id
    from ..sources import load_sources

    try:
        redis = keys.connect(args.redis)
    except Exception as exc:  # noqa: BLE001 - a bad URL, Redis down: one line, status 2
        print(f"nianbao crawl: cannot reach Redis at {args.redis}: {exc}", file=sys.stderr)
        return 2
    starts: list[tuple[str, Source | None]] = []
    if args.sources:
        starts += [(url, src) for src in load_sources(args.sources) for url in src.start_urls]
    starts += [(url, None) for url in args.start_urls]
    if starts:
        redis.hsetnx(keys.RUN, "id", new_run_id())
        redis.hsetnx(keys.RUN, "starts", starts_json(starts))
    wait = float(overrides.pop("NIANBAO_REDIS_WAIT", 600))
    if not wait_for(redis, "the run's start URLs (`nianbao seed` or the first worker)",
                    lambda: redis.hexists(keys.RUN, "starts"), wait):
        print("nianbao crawl: no start URLs in Redis; give --sources/--start-url or run `nianbao seed`",
              file=sys.stderr)
        return 2
    if not wait_for(redis, "the archive writer (`nianbao store --redis …`)", lambda: redis.exists(keys.READY), wait):
        print("nianbao crawl: no archive writer answered; start `nianbao store --redis URL --db DB` first",
              file=sys.stderr)
        return 2
    settings = project_settings(args.db, overrides)
    for name, value in worker_settings(args.redis).items():
        if name not in overrides:
            settings.set(name, value, priority="cmdline")
    stats = crawl(settings, WorkerSpider, starts=redis.hget(keys.RUN, "starts").decode())
    reason = stats.get("finish_reason")
    print(f"nianbao crawl: worker {keys.process_id()} {reason}: {stats.get('nianbao/pages', 0)} pages, "
          f"{stats.get('nianbao/reports_found', 0)} reports found, {stats.get('nianbao/parsed', 0)} parsed",
          file=sys.stderr)
    return 0 if reason == "finished" else 1
