"""The archive writer: the one process that writes SQLite when the crawl is spread over workers.

    nianbao store --redis redis://HOST:6379/0 --db data/archive.db [-s NAME=VALUE ...]

What it does, in order:

1. Mirrors into Redis what the workers read back (:meth:`Writer.mirror_archive`): the validators
   of every archived report and attachment, the parse outcome of every parsed document, the current
   version of every report, where every payload is archived. Then sets ``nianbao:ready``.
2. Takes messages (lists of Store calls, :mod:`.remote_store`) from ``nianbao:items`` with the
   reliable-queue pattern: each is moved (``LMOVE``) to this writer's own processing list, applied,
   committed with the others of its batch, and only then removed. A writer killed mid-batch leaves
   its messages in its processing list; the next writer puts them back first. The id of every
   message applied is written in the same SQLite transaction as its rows (table
   ``writer_applied``, kept an hour), so a message delivered again (after a commit its removal did
   not follow, or sent twice by a client retrying) is recognized and skipped: a re-delivered item
   changes nothing.
3. After each commit, refreshes the mirrors for what the batch changed.
4. When the run is over (seeded, no worker running, the queue empty, no request in anyone's hand,
   no message left), closes it as the single-process crawl does (CrawlRunExtension: cross-report
   checks, close-of-run checks, the ``crawl_runs`` row), after closing the WARC files that killed
   workers left open, and clears the run's keys. Exit status as ``nianbao crawl``.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..db import Store
from . import keys
from .queue import inflight_count, requeue_dead
from .remote_store import (
    PAYLOAD_COLUMNS,
    VALIDATOR_COLUMNS,
    WRITE_METHODS,
    parsed_key,
    payload_key,
)

logger = logging.getLogger(__name__)
progress = logging.getLogger("nianbao.progress.store")

BATCH_MESSAGES = 200
APPLIED_TABLE = "writer_applied"
APPLIED_KEEP_SECONDS = 3600.0  # how long a message id is remembered after its removal from Redis
MIRROR_CHUNK = 5000
COVERED_KINDS = ("report", "attachment")  # crawler.revisit.COVERED_KINDS: the URLs asked for conditionally


class Stats:
    """Enough of Scrapy's StatsCollector for CrawlRunExtension: the workers' stats summed, and ours."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def get_stats(self) -> dict[str, Any]:
        return dict(self.values)


class Writer:
    """Apply the workers' messages to one archive; see the module docstring."""

    def __init__(self, redis: Any, db: str, *, settings: Any = None, batch: int = BATCH_MESSAGES,
                 warc_dir: str | None = None, expect_workers: int = 0) -> None:
        self.redis = redis
        self.db = db
        self.settings = settings
        self.batch = batch
        self.warc_dir = warc_dir
        self.expect_workers = expect_workers
        self.name = keys.process_id()
        self.processing = keys.processing(self.name)
        self.store: Store | None = None
        self.counts: Counter[str] = Counter()  # what this writer did: reports_new, ..., redelivered
        self._pruned = 0.0
        self._beat = 0.0

    # -- start ----------------------------------------------------------------------------------
    def open(self, run_id: str | None = None) -> Store:
        store = Store(self.db, run_id=run_id, batch_items=10**9, batch_seconds=10.0**9)
        store.con.execute(f"CREATE TABLE IF NOT EXISTS {APPLIED_TABLE} (id TEXT PRIMARY KEY, at REAL NOT NULL) "
                          "WITHOUT ROWID")
        self.store = store
        return store

    def heartbeat(self) -> None:
        if time.monotonic() - self._beat >= keys.HEARTBEAT_SECONDS:
            self.redis.set(keys.alive(f"writer-{self.name}"), "1", ex=keys.ALIVE_TTL_SECONDS)
            self._beat = time.monotonic()

    def take_back(self) -> int:
        """Messages left in the processing list of a writer that is gone: back to the queue, first in
        line. Old applied ids not among them are forgotten (those messages are long gone from Redis)."""
        assert self.store is not None
        pending: set[str] = set()
        moved = 0
        for key in self.redis.scan_iter(match=keys.processing("*")):
            name = key.decode()[len(keys.processing("")):]
            if name != self.name and self.redis.exists(keys.alive(f"writer-{name}")):
                continue  # another writer, alive
            for raw in self.redis.lrange(key, 0, -1):
                pending.add(json.loads(raw)["id"])
            while self.redis.lmove(key, keys.ITEMS, "LEFT", "RIGHT") is not None:
                moved += 1
        applied = [r[0] for r in self.store.con.execute(f"select id from {APPLIED_TABLE} where at < ?",
                                                        [time.time() - APPLIED_KEEP_SECONDS])]
        stale = [i for i in applied if i not in pending]
        for i in range(0, len(stale), 500):
            chunk = stale[i:i + 500]
            self.store.con.execute(f"delete from {APPLIED_TABLE} where id in ({','.join('?' * len(chunk))})", chunk)
        if moved:
            progress.warning("%d message(s) left by a writer that died are queued again", moved)
        return moved

    def mirror_archive(self) -> dict[str, int]:
        """Rebuild the Redis mirrors of the archive (see the module docstring); then ``ready``."""
        assert self.store is not None
        con = self.store.con
        self.redis.delete(keys.READY, keys.VALIDATORS, keys.PAYLOADS, keys.PARSED, keys.CURRENT)
        n: Counter[str] = Counter()

        def load(key: str, rows: Any, nx: bool = False) -> None:
            pipe = self.redis.pipeline(transaction=False)
            for i, (field, value) in enumerate(rows, 1):
                (pipe.hsetnx if nx else pipe.hset)(key, field, value)
                n[key] += 1
                if i % MIRROR_CHUNK == 0:
                    pipe.execute()
            pipe.execute()

        cols = ", ".join(VALIDATOR_COLUMNS)
        marks = ",".join("?" * len(COVERED_KINDS))
        cur = con.execute(f"select {cols} from documents where kind in ({marks}) and status between 200 and 299 "
                          "order by url, last_seen desc, fetched_at desc", COVERED_KINDS)
        load(keys.VALIDATORS, ((r[0], json.dumps(dict(zip(VALIDATOR_COLUMNS, r, strict=True)))) for r in cur), nx=True)
        pcols = ", ".join(PAYLOAD_COLUMNS)
        cur = con.execute(f"select sha256, warc_payload_digest, {pcols} from documents where warc_file is not null "
                          "and warc_payload_digest is not null order by fetched_at")
        load(keys.PAYLOADS, ((payload_key(r[0], r[1]), json.dumps(dict(zip(PAYLOAD_COLUMNS, r[2:], strict=True))))
                             for r in cur), nx=True)
        cur = con.execute("select url, sha256, coalesce(report_id, '') from documents where parse_status is not null")
        load(keys.PARSED, ((parsed_key(r[0], r[1]), r[2]) for r in cur))
        cur = con.execute("select id, sha256, document_url from reports")
        load(keys.CURRENT, ((r[0], json.dumps({"sha256": r[1], "document_url": r[2]})) for r in cur))
        self.redis.set(keys.READY, "1")
        return {k.rsplit(":", 1)[-1]: v for k, v in n.items()}

    # -- messages -------------------------------------------------------------------------------
    def take(self, block: float = 1.0) -> list[bytes]:
        """Up to ``batch`` messages, moved to this writer's processing list."""
        first = self.redis.blmove(keys.ITEMS, self.processing, block, "RIGHT", "LEFT")
        if first is None:
            return []
        out = [first]
        while len(out) < self.batch:
            raw = self.redis.lmove(keys.ITEMS, self.processing, "RIGHT", "LEFT")
            if raw is None:
                break
            out.append(raw)
        return out

    def apply(self, raw: bytes, touched: dict[str, set[str]]) -> bool:
        """Apply one message's Store calls; False when it was applied before (re-delivered)."""
        assert self.store is not None
        store = self.store
        msg = json.loads(raw)
        if store.con.execute(f"select 1 from {APPLIED_TABLE} where id = ?", [msg["id"]]).fetchone():
            self.counts["redelivered"] += 1
            return False
        for method, args, kwargs in msg["calls"]:
            if method not in WRITE_METHODS:
                logger.error("message %s asks for %r: not a write of the crawl; skipped", msg["id"], method)
                continue
            try:
                result = getattr(store, method)(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - as StorePipeline: recorded, the run goes on
                logger.exception("could not apply %s from worker %s", method, msg.get("worker"))
                self.counts["errors"] += 1
                url = args[0].get("url") if args and isinstance(args[0], dict) else (args[0] if args else None)
                try:
                    store.record_error(str(url) if url else None, "store", f"{type(exc).__name__}: {exc}")
                except Exception:  # noqa: BLE001
                    logger.exception("could not record the error either")
                continue
            self._note(method, args, result, touched)
        with store._unit():  # noqa: SLF001 - in the batch's transaction, with the rows it wrote
            store.con.execute(f"insert or ignore into {APPLIED_TABLE} (id, at) values (?, ?)", [msg["id"], time.time()])
        return True

    def _note(self, method: str, args: list[Any], result: Any, touched: dict[str, set[str]]) -> None:
        """Count what the single-process StorePipeline counts, and what the mirrors must refresh."""
        if method == "store_report":
            self.counts[f"reports_{result}"] += 1
            touched["reports"].add(args[0]["id"])
        elif method == "mark_unchanged" and result:
            self.counts["reports_unchanged"] += 1
        elif method == "record_fetch":
            touched["urls"].add(args[0]["url"])
        elif method == "touch_document":
            touched["urls"].add(args[0])
        elif method == "record_parse":
            url, sha, _status = args[:3]
            report = args[4] if len(args) > 4 else None
            touched["parsed"].add(f"{url}\n{sha}\n{report or ''}")

    def refresh_mirrors(self, touched: dict[str, set[str]]) -> None:
        assert self.store is not None
        pipe = self.redis.pipeline(transaction=False)
        for url in touched["urls"]:
            doc = self.store.latest_document(url)
            if doc is not None and doc.get("kind") in COVERED_KINDS:
                pipe.hset(keys.VALIDATORS, url, json.dumps({k: doc.get(k) for k in VALIDATOR_COLUMNS}))
        for entry in touched["parsed"]:
            url, sha, report = entry.split("\n")
            pipe.hset(keys.PARSED, parsed_key(url, sha), report)
        for rid in touched["reports"]:
            row = self.store.report(rid)
            if row is not None:
                pipe.hset(keys.CURRENT, rid, json.dumps({"sha256": row["sha256"], "document_url": row["document_url"]}))
        pipe.execute()

    def step(self, block: float = 1.0) -> int:
        """One batch: take, apply, commit, refresh the mirrors, remove. Returns messages taken."""
        assert self.store is not None
        self.heartbeat()
        batch = self.take(block)
        if not batch:
            return 0
        touched: dict[str, set[str]] = {"urls": set(), "parsed": set(), "reports": set()}
        if time.monotonic() - self._pruned >= 60:  # ids kept an hour: a message sent twice is still caught
            self._pruned = time.monotonic()
            with self.store._unit():  # noqa: SLF001
                self.store.con.execute(f"delete from {APPLIED_TABLE} where at < ?", [time.time() - APPLIED_KEEP_SECONDS])
        for raw in batch:
            self.apply(raw, touched)
        self.store.commit()
        self.refresh_mirrors(touched)
        pipe = self.redis.pipeline(transaction=True)
        for raw in batch:
            pipe.lrem(self.processing, 1, raw)
        pipe.execute()
        self.counts["messages"] += len(batch)
        return len(batch)

    # -- the end of the run ---------------------------------------------------------------------
    def run_state(self) -> str:
        """``waiting`` (not seeded yet), ``running``, ``finished``, ``stalled`` (work left, no worker
        alive: a worker started later takes it up) or ``stopped`` (told to stop, with work left)."""
        run = {k.decode(): v.decode() for k, v in self.redis.hgetall(keys.RUN).items()}
        stop = bool(run.get("stop"))
        if not stop:
            if not run.get("seeded"):
                return "waiting"
            workers = {k.decode(): v.decode() for k, v in self.redis.hgetall(keys.WORKERS).items()}
            if len(workers) < self.expect_workers:
                return "running"
            if any(state == "running" and self.redis.exists(keys.alive(w)) for w, state in workers.items()):
                return "running"
        if self.redis.llen(keys.ITEMS):
            return "running"
        if self.redis.zcard(keys.QUEUE) or inflight_count(self.redis):
            return "stopped" if stop else "stalled"
        return "finished"

    def recover_warcs(self) -> list[str]:
        """Close the WARC files killed workers left open (nobody holds them now); forget cut records."""
        from ..archive import recover_open_files

        assert self.store is not None
        if not self.warc_dir or not Path(self.warc_dir).is_dir():
            return []
        lines = []
        for r in recover_open_files(self.warc_dir):
            (logger.warning if r.cut_bytes else logger.info)("WARC %s", r.line())
            if r.cut_bytes:
                lost = self.store.forget_cut_records(r.warc_file, r.kept_bytes)
                self.store.record_error(r.warc_file, "archive", r.line() + (
                    f"; {lost} document(s) whose record was cut will be fetched again" if lost else ""))
                lines.append(r.line())
        self.store.commit()
        return lines

    def summed_stats(self) -> Stats:
        stats = Stats()
        for key in self.redis.scan_iter(match=keys.worker_stats("*")):
            raw = self.redis.get(key)
            for k, v in (json.loads(raw) if raw else {}).items():
                stats.inc_value(k, v)
        for k, v in self.counts.items():
            if k.startswith("reports_") or k == "errors":
                stats.inc_value(f"nianbao/{k}", v)
        return stats

    def run_spider(self) -> Any:
        """The spider as the close-of-run checks see it: start URLs and the shared per-site counters."""
        from .worker import starts_from_json

        raw = self.redis.hget(keys.RUN, "starts")
        spider = SimpleNamespace(name="reports", starts=starts_from_json(raw.decode()) if raw else [],
                                 max_pages=self.settings.getint("NIANBAO_MAX_PAGES_PER_SITE", 400) if self.settings else 400)
        for name in keys.COUNTERS:
            values = self.redis.hgetall(keys.counter(name))
            setattr(spider, name, Counter({k.decode(): int(v) for k, v in values.items()}))
        return spider

    def clear_run(self) -> None:
        """The run's keys (queue, seen requests, workers, counters, …); the mirrors stay."""
        self.redis.delete(keys.QUEUE, keys.DUPEFILTER, keys.RUN, keys.WORKERS, keys.OWNERS)
        for pattern in keys.RUN_KEYS_PATTERNS:
            for key in self.redis.scan_iter(match=pattern):
                if key.decode() != keys.alive(f"writer-{self.name}"):
                    self.redis.delete(key)


class _Crawler:
    """What CrawlRunExtension reads of a crawler: its stats and settings."""

    def __init__(self, stats: Stats, settings: Any) -> None:
        self.stats, self.settings, self.spider = stats, settings, None


def serve(writer: Writer, *, poll: float = 1.0, on_progress: Any = None) -> tuple[str, dict[str, Any]]:
    """Run ``writer`` until its run ends; returns (finish reason, final stats)."""
    from ..extensions import CrawlRunExtension

    run_id = None
    while run_id is None:  # the first worker (or `nianbao seed`) names the run
        raw = writer.redis.hget(keys.RUN, "id")
        run_id = raw.decode() if raw else None
        if run_id is None:
            writer.heartbeat()
            time.sleep(0.2)
    store = writer.store
    assert store is not None
    store.run_id = run_id
    stats = Stats()
    crawler = _Crawler(stats, writer.settings)
    ext = CrawlRunExtension(crawler, store, interval=0)  # type: ignore[arg-type]
    ext.spider_opened(writer.run_spider())
    last_check = 0.0
    last_progress = time.monotonic()
    while True:
        taken = writer.step(block=poll)
        if on_progress and time.monotonic() - last_progress >= 30:
            last_progress = time.monotonic()
            on_progress(writer)
        if taken or time.monotonic() - last_check < poll:
            continue
        last_check = time.monotonic()
        state = writer.run_state()
        if state == "stalled":
            requeue_dead(writer.redis)  # a worker that comes up later takes them
        if state in ("finished", "stopped"):
            while writer.step(block=0.1):  # what came in meanwhile
                pass
            break
    torn = writer.recover_warcs()
    reason = "finished" if state == "finished" else "unfinished: stopped with requests left"
    final = writer.summed_stats()
    if torn:
        final.set_value("nianbao/warc_torn", len(torn))
        final.set_value("nianbao/warc_torn_files", torn)
    crawler.stats = final
    ext.crawler = crawler  # type: ignore[assignment]
    ext.spider_closed(writer.run_spider(), reason)  # type: ignore[arg-type]
    writer.clear_run()
    return reason, final.get_stats()
