"""The shared request queue, with what each worker has taken from it and not finished.

scrapy-redis's priority queue hands a request to one worker and forgets it: a worker killed with
requests in hand would lose them. Here a pop also files the request under the worker's in-flight
hash (:func:`.keys.inflight`), in the same atomic step, and the worker removes it only when the
request is finished: its response (or failure) went through the spider and every item it gave is
queued for the writer (:meth:`.worker.WorkerExtension.request_done`). The in-flight requests of a
worker that stopped renewing its heartbeat are put back in the queue (:func:`requeue_dead`) by any
live worker that runs out of work, so they are fetched again by someone else.
"""

from __future__ import annotations

import logging
import pickle
import uuid
from typing import Any

from scrapy_redis.queue import PriorityQueue

from . import keys

logger = logging.getLogger(__name__)

# Requests a worker holds at once (downloading, waiting for their site's token, being parsed):
# Scrapy would take CONCURRENT_REQUESTS from the queue, and one worker would hold a small crawl's
# whole queue while the others wait. NIANBAO_WORKER_INFLIGHT sets it (0: no bound).
DEFAULT_HOLD = 8
INFLIGHT_META = "_nianbao_inflight"  # (worker, id) of a request taken from the queue
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], id, r[1])
return {tostring(id), r[1]}
"""
SEQ = f"{keys.PREFIX}:seq"


class InflightPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue; a pop files the request as in flight for this worker."""

    worker: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker = keys.process_id()
        self._pop = self.server.register_script(_POP)
        settings = getattr(self.spider, "settings", None)
        self.hold = settings.getint("NIANBAO_WORKER_INFLIGHT", DEFAULT_HOLD) if settings is not None else DEFAULT_HOLD

    def push(self, request: Any) -> None:
        request.meta.pop(INFLIGHT_META, None)  # a retry or redirect of a request in flight: a new entry
        super().push(request)

    def pop(self, timeout: int = 0) -> Any:
        if self.hold > 0 and self.server.hlen(keys.inflight(self.worker)) >= self.hold:
            return None  # enough in hand: leave the rest of the queue to the other workers
        got = self._pop(keys=[self.key, keys.inflight(self.worker), SEQ])
        if not got:
            return None
        rid, data = got
        request = self._decode_request(data)
        request.meta[INFLIGHT_META] = (self.worker, rid.decode() if isinstance(rid, bytes) else str(rid))
        return request


def requeue_dead(redis: Any, queue_key: str = keys.QUEUE) -> int:
    """Put back in the queue the in-flight requests of every worker whose heartbeat has expired.

    The dead worker's hash is first renamed (only one live worker wins the rename), then its
    requests are added back with their priority. Returns how many were put back.
    """
    moved = 0
    for key in redis.scan_iter(match=keys.inflight("*")):
        name = key.decode()
        worker = name[len(keys.inflight("")):]
        if redis.exists(keys.alive(worker)):
            continue
        claimed = keys.inflight(f"requeue-{uuid.uuid4().hex}")
        try:
            redis.rename(name, claimed)
        except Exception:  # noqa: BLE001 - another worker claimed it first, or it is gone
            continue
        entries = redis.hgetall(claimed)
        pipe = redis.pipeline(transaction=True)
        for data in entries.values():
            try:
                score = -int(pickle.loads(data).get("priority", 0))  # noqa: S301 - our own queue's pickles
            except Exception:  # noqa: BLE001
                score = 0
            pipe.execute_command("ZADD", queue_key, score, data)
        pipe.delete(claimed)
        pipe.execute()
        moved += len(entries)
        if entries:
            logger.warning("put back %d request(s) that worker %s had in hand when it died", len(entries), worker)
    return moved


def inflight_count(redis: Any) -> int:
    """Requests taken from the queue by any worker, alive or dead, and not finished."""
    return sum(redis.hlen(k) for k in redis.scan_iter(match=keys.inflight("*")))
