"""The worker's Store: what :class:`crawler.db.Store` answers, read from Redis; what it writes, queued.

The middlewares, pipelines and spider call the same methods as in a single-process crawl
(``store_for(crawler)`` returns this class when ``NIANBAO_REDIS_URL`` is set). Each write becomes a
Store call ``[method, args, kwargs]`` in a message pushed to :data:`.keys.ITEMS`; the writer applies
the message's calls to the real Store, in order. Calls are buffered and sent together when a
request is finished (in the same Redis transaction that forgets the request as in flight, so a
worker killed in between loses neither), and at least every :data:`FLUSH_SECONDS`.

Reads come from the writer's mirrors of the archive: the newest validators of a report or
attachment URL (conditional requests, :mod:`crawler.revisit`), whether these bytes at this URL
were parsed before, and where an identical payload is already archived (revisit records). The
last is also written by the worker itself the moment it archives a payload, so a payload fetched
by two workers is stored once.

What a worker cannot know it does not invent: ``store_report`` answers ``"queued"`` (the writer
counts new / changed / unchanged), ``mark_unchanged`` answers 0 (the writer counts it).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from typing import Any

from . import keys

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 1.0
FLUSH_CALLS = 200
# The Store methods a message may call: every write of the crawl, nothing else.
WRITE_METHODS = frozenset({"record_fetch", "touch_document", "record_parse", "upsert_agency", "store_report",
                           "mark_unchanged", "touch_report", "record_error", "record_blocked", "forget_cut_records"})
VALIDATOR_COLUMNS = ("url", "sha256", "etag", "last_modified", "warc_file", "warc_offset", "last_seen",
                     "fetched_at", "status", "fetches")
PAYLOAD_COLUMNS = ("url", "fetched_at", "warc_file", "warc_offset", "warc_length", "warc_record_id", "warc_date")


def payload_key(sha256: str, digest: str) -> str:
    return f"{sha256} {digest}"


def parsed_key(url: str, sha256: str) -> str:
    return f"{url} {sha256}"


def encode_message(calls: list[list[Any]], worker: str) -> str:
    """One message: an id (what makes a re-delivery recognizable), its worker, its Store calls."""
    return json.dumps({"id": uuid.uuid4().hex, "worker": worker, "calls": calls}, ensure_ascii=False)


class RemoteStore:
    """A :class:`crawler.db.Store` look-alike for a worker: no SQLite, Redis behind every method."""

    def __init__(self, redis: Any, worker: str | None = None, *, path: str = "", run_id: str = "") -> None:
        self.redis = redis
        self.worker = worker or keys.process_id()
        self.path = path
        self.run_id = run_id
        self.touched_agencies: set[str] = set()  # the writer runs the cross-report checks
        self._calls: list[list[Any]] = []
        self._last_flush = time.monotonic()
        self._lock = threading.Lock()
        self.commit_hooks: list[Any] = []  # the Store's; nothing commits here (the writer does)

    # -- writes: queued ------------------------------------------------------------------------
    def _queue(self, method: str, *args: Any, **kwargs: Any) -> None:
        assert method in WRITE_METHODS, method
        with self._lock:
            self._calls.append([method, list(args), kwargs])
        if len(self._calls) >= FLUSH_CALLS or time.monotonic() - self._last_flush >= FLUSH_SECONDS:
            self.flush()

    def flush(self, pipe: Any = None) -> None:
        """Send the buffered calls as one message; with ``pipe`` (a Redis MULTI pipeline), inside it."""
        own = pipe is None
        if own:
            pipe = self.redis.pipeline(transaction=True)
        with self._lock:
            calls, self._calls = self._calls, []
        if calls:
            pipe.lpush(keys.ITEMS, encode_message(calls, self.worker))
        if own:
            pipe.execute()
        self._last_flush = time.monotonic()

    def record_fetch(self, row: dict[str, Any]) -> None:
        self._queue("record_fetch", row)
        digest = row.get("warc_payload_digest")
        if row.get("sha256") and digest and row.get("warc_file") is not None:
            location = {k: row.get(k) for k in PAYLOAD_COLUMNS}
            self.redis.hsetnx(keys.PAYLOADS, payload_key(row["sha256"], digest), json.dumps(location))

    def touch_document(self, url: str, when: str) -> dict[str, Any] | None:
        self._queue("touch_document", url, when)
        return self.latest_document(url)

    def record_parse(self, url: str, sha256: str, status: str, reason: str | None = None,
                     report: str | None = None, **extra: Any) -> None:
        self._queue("record_parse", url, sha256, status, reason, report, **extra)

    def upsert_agency(self, row: dict[str, Any], *, authoritative: bool) -> str:
        self._queue("upsert_agency", row, authoritative=authoritative)
        return row["id"]

    def store_report(self, report: dict[str, Any], cells: dict[str, Any], inferred: Any,
                     checks: list[dict[str, Any]], text: str, **kwargs: Any) -> str:
        self._queue("store_report", report, cells, sorted(set(inferred)), checks, text, **kwargs)
        self.touched_agencies.add(report["agency_id"])
        return "queued"

    def mark_unchanged(self, url: str, when: str) -> int:
        self._queue("mark_unchanged", url, when)
        return 0

    def touch_report(self, rid: str, sha256: str, when: str) -> None:
        self._queue("touch_report", rid, sha256, when)

    def record_error(self, url: str | None, stage: str, reason: str, site: str | None = None) -> None:
        self._queue("record_error", url, stage, reason, site)

    def record_blocked(self, site: str, url: str | None, status: int | None, reason: str | None) -> None:
        self._queue("record_blocked", site, url, status, reason)

    def forget_cut_records(self, warc_file: str, kept_bytes: int) -> int:
        self._queue("forget_cut_records", warc_file, kept_bytes)
        return 0

    # -- reads: from the writer's mirrors ------------------------------------------------------
    def _json(self, key: str, field: str) -> dict[str, Any] | None:
        raw = self.redis.hget(key, field)
        return json.loads(raw) if raw else None

    def latest_document(self, url: str, *, ok_only: bool = True) -> dict[str, Any] | None:
        return self._json(keys.VALIDATORS, url)

    def archived_payload(self, sha256: str, payload_digest: str) -> dict[str, Any] | None:
        return self._json(keys.PAYLOADS, payload_key(sha256, payload_digest))

    def report(self, rid: str) -> dict[str, Any] | None:
        return self._json(keys.CURRENT, rid)

    def report_for_document(self, url: str, sha256: str) -> str | None:
        raw = self.redis.hget(keys.PARSED, parsed_key(url, sha256))
        return raw.decode() or None if raw is not None else None

    def needs_parse(self, url: str, sha256: str) -> bool:
        """As :meth:`crawler.db.Store.needs_parse`, from the mirror of parse outcomes."""
        raw = self.redis.hget(keys.PARSED, parsed_key(url, sha256))
        if raw is None:
            return True
        rid = raw.decode()
        if not rid:
            return False
        current = self.report(rid)
        if current is None:
            return True
        return current.get("sha256") != sha256 and current.get("document_url") == url

    # -- the rest of the Store's surface --------------------------------------------------------
    def note_warc(self, name: str, committed_bytes: int) -> None:
        """Nothing: a worker's WARC positions are not acknowledged by a commit of its own; a killed
        worker's file is cut back to its last whole record only (see README, More than one machine)."""

    def committed_warc_bytes(self, name: str) -> int | None:
        return None

    def commit(self) -> None:
        self.flush()

    def close(self) -> None:
        self.flush()
