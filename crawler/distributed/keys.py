"""Every Redis key the workers and the writer share, and how to connect.

One crawl per Redis database: the keys are fixed names under ``nianbao:`` (pick another database
number, ``redis://host:6379/1``, for a second archive). Run state (the queue, the seen requests, the
workers, the per-site counters) is cleared by the writer when a run ends; the mirrors of the archive
(validators, parse outcomes, payloads) are rebuilt by the writer when it starts.
"""

from __future__ import annotations

import os
import socket
from typing import Any

PREFIX = "nianbao"
SPIDER_QUEUE = f"{PREFIX}:%(spider)s:requests"  # scrapy-redis SCHEDULER_QUEUE_KEY (a sorted set)
SPIDER_DUPEFILTER = f"{PREFIX}:%(spider)s:dupefilter"  # scrapy-redis SCHEDULER_DUPEFILTER_KEY
SPIDER = "reports"
QUEUE = SPIDER_QUEUE % {"spider": SPIDER}
DUPEFILTER = SPIDER_DUPEFILTER % {"spider": SPIDER}

RUN = f"{PREFIX}:run"  # hash: id, starts (JSON), seeding (worker), seeded ("1"), stop ("1")
WORKERS = f"{PREFIX}:workers"  # hash: worker id → "running" | "done"
ITEMS = f"{PREFIX}:items"  # list of messages (JSON lists of Store calls), oldest on the right
READY = f"{PREFIX}:ready"  # set by the writer once the mirrors below are built
VALIDATORS = f"{PREFIX}:validators"  # hash: url → JSON of its newest 2xx documents row (report/attachment)
PAYLOADS = f"{PREFIX}:payloads"  # hash: "sha256 digest" → JSON WARC location of the record holding it
PARSED = f"{PREFIX}:parsed"  # hash: "url sha256" → report id ("" when parsed, not a report)
CURRENT = f"{PREFIX}:current"  # hash: report id → JSON {sha256, document_url} of its current version
OWNERS = f"{PREFIX}:owners"  # hash: site → the agency running it (the spider's ``owners``)
COUNTERS = ("pages", "requested", "reports", "blocked", "over_budget")  # the spider's per-site Counters
RUN_KEYS_PATTERNS = (f"{PREFIX}:inflight:*", f"{PREFIX}:alive:*", f"{PREFIX}:count:*", f"{PREFIX}:wstats:*",
                     f"{PREFIX}:site:*")

HEARTBEAT_SECONDS = 2.0
ALIVE_TTL_SECONDS = 15  # a worker (or writer) silent this long is taken for dead


def inflight(worker: str) -> str:
    """Hash of the requests ``worker`` took from the queue and has not finished: id → request."""
    return f"{PREFIX}:inflight:{worker}"


def alive(worker: str) -> str:
    """A key with a short expiry, renewed by the worker's heartbeat: gone means dead."""
    return f"{PREFIX}:alive:{worker}"


def counter(name: str) -> str:
    return f"{PREFIX}:count:{name}"


def worker_stats(worker: str) -> str:
    """The worker's Scrapy stats (JSON), refreshed with each heartbeat and at its end."""
    return f"{PREFIX}:wstats:{worker}"


def processing(writer: str) -> str:
    """The writer's reliable-queue list: messages taken from ITEMS and not yet committed."""
    return f"{PREFIX}:processing:{writer}"


def site_token(host: str, slot: int) -> str:
    """One of a site's CONCURRENT_REQUESTS_PER_DOMAIN tokens (politeness across workers)."""
    return f"{PREFIX}:site:{host}:{slot}"


def process_id() -> str:
    """This process as the workers and the writer name it: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def connect(url: str) -> Any:
    """A redis-py client for ``url`` (``redis://host:port/db``); fails at once if Redis is not there."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=10, socket_timeout=60, health_check_interval=30)
    client.ping()
    return client
