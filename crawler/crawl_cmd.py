"""`nianbao crawl`: run the ``reports`` spider with the project settings into an archive.

    nianbao crawl --sources data/sources.yaml [--db data/archive.db] [-s NAME=VALUE ...] [--nightly]
    nianbao crawl --start-url URL [--start-url URL ...]
    nianbao crawl --workers N …          # redis-server, N workers and the writer on this machine
    nianbao crawl --redis URL …          # one worker of a distributed crawl (crawler/distributed/)

What it prints: a start line, a progress line every ``NIANBAO_PROGRESS_INTERVAL`` seconds and the
summary; Scrapy's own log goes to ``logs/crawl-<UTC time>.log`` beside the database (``-v`` shows
it on stderr instead; ``-s LOG_FILE=…`` puts it elsewhere). A bad argument (a start URL that is not
an http(s) URL, a database that is not SQLite, a sources file that is missing or malformed) is one
line on stderr and exit status 2, before anything is written.

``-s`` passes Scrapy settings through exactly as ``scrapy crawl -s`` does. ``--nightly`` takes an
exclusive lock file next to the database first (``<db>.lock``), so a nightly run that is still
going when the next one starts makes the second exit at once (status 75) instead of interleaving.
Exit status: 0 when the spider finished and every close-of-run check passed, 1 when it stopped for
another reason or fetched nothing, 2 for bad arguments, 3 when it finished but a check failed (a
site that had reports gave none, an error rate over NIANBAO_MAX_ERROR_RATE, a blocked site, a WARC
write failure: see :mod:`crawler.monitor`; the summary is printed and kept in ``crawl_runs``), 75
when the lock is held.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .monitor import CHECKS_FAILED_EXIT

LOCKED_EXIT = 75  # EX_TEMPFAIL: cron and systemd treat it as "try again later"
SPIDER = "reports"


class LockHeld(RuntimeError):
    """Another process holds the crawl lock."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", metavar="FILE", help="YAML list of agencies to crawl (data/sources.yaml)")
    p.add_argument("--start-url", metavar="URL", action="append", default=[], dest="start_urls",
                   help="crawl from this URL (repeatable); the agency then comes from each document")
    p.add_argument("--db", metavar="PATH", default="data/archive.db", help="SQLite archive (default %(default)s)")
    p.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[], dest="settings",
                   help="set a Scrapy setting, as `scrapy crawl -s` (repeatable)")
    p.add_argument("--nightly", action="store_true",
                   help="take an exclusive lock next to the db first; exit 75 if another run holds it")
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log on stderr instead of a file")
    p.add_argument("--redis", metavar="URL",
                   help="be one worker of a distributed crawl on this Redis (redis://host:port/db); "
                        "`nianbao store` writes the archive (README: More than one machine)")
    p.add_argument("--workers", metavar="N", type=int, default=0,
                   help="start redis-server, N workers and the archive writer on this machine")


def one_line(exc: BaseException) -> str:
    """An exception as one line: a YAML error by its line and problem, anything else squeezed."""
    mark, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", None)
    if mark is not None and problem:
        return f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def check_start_url(url: str) -> str:
    """The start URL as the spider will request it (``http://`` added to a bare host); ValueError
    when it cannot be one: another scheme, no host, spaces, a bad port."""
    from urllib.parse import urlsplit

    url = url.strip()
    full = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(full)
        port = parts.port  # raises on a port that is not a number in range
    except ValueError as exc:
        raise ValueError(f"not a URL: {url!r} ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    if not parts.hostname or any(c.isspace() for c in full) or (port is not None and port == 0):
        raise ValueError(f"not a URL: {url!r}")
    return full


def check_db(db: str) -> None:
    """ValueError when ``db`` cannot be an archive: a directory, or a file that is not SQLite."""
    path = Path(db)
    if path.is_dir():
        raise ValueError(f"--db {db} is a directory; give the archive file (data/archive.db)")
    if path.is_file() and path.stat().st_size:
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise ValueError(f"--db {db} is not a SQLite database; not writing an archive into it")


def log_file(db: str, command: str = "crawl") -> Path:
    """Where Scrapy's log of this run goes: ``logs/`` beside the database (or the output file)."""
    import time

    return Path(db).resolve().parent / "logs" / f"{command}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.log"


def show_progress(command: str = "crawl") -> None:
    """The start line, progress lines and problems found at the start go to stderr, one line each."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"nianbao {command}: %(message)s"))
    log = logging.getLogger("nianbao.progress")
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def lock_path(db: str | os.PathLike[str]) -> Path:
    return Path(f"{db}.lock")


@contextlib.contextmanager
def crawl_lock(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Hold an exclusive, non-blocking flock on ``path`` (released when the process ends, even on kill)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    f = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block
    try:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "unknown"
            raise LockHeld(f"another crawl holds {path} (pid {holder})") from None
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        yield f
    finally:
        f.close()


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """["NAME=VALUE", ...] → {NAME: VALUE}; a pair without "=" is an argument error."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-s expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def spider_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """The ``reports`` spider's arguments, as `scrapy crawl reports -a` would give them: ``sources``
    (a file path) and/or ``start_urls`` (comma-separated)."""
    kwargs: dict[str, Any] = {}
    if args.sources:
        kwargs["sources"] = args.sources
    if args.start_urls:
        kwargs["start_urls"] = ",".join(u.strip() for u in args.start_urls if u.strip())
    return kwargs


def project_settings(db: str, overrides: dict[str, str]) -> Any:
    """The project's Scrapy settings (crawler/settings.py) with NIANBAO_DB and the -s overrides."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("NIANBAO_DB", db, priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def crawl(settings: Any, spider: Any = SPIDER, **spider_kwargs: Any) -> dict[str, Any]:
    """Run one spider to the end in this process; returns its final Scrapy stats.

    ``spider`` is a name from SPIDER_MODULES or a Spider class (the tests pass a tiny one).
    Twisted's reactor cannot restart, so this runs once per process.
    """
    from scrapy.crawler import CrawlerProcess

    from .parse_pool import discard_prestarted, wait_closed

    try:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(spider)
        process.crawl(crawler, **spider_kwargs)
        process.start()
    finally:
        discard_prestarted()  # a crawl that stopped before its pipeline took the pool
        wait_closed()  # the parse workers' exits (the pipeline told them to stop at close)
    return dict(crawler.stats.get_stats()) if crawler.stats is not None else {}


def prestart_parse_pool(overrides: dict[str, str]) -> None:
    """Start the crawl's parse workers now, before Scrapy is imported (crawler.parse_pool.prestart):
    their interpreters start beside this one's imports instead of in the crawl's first seconds.
    Sized by the project settings and the -s overrides; the pipeline checks it is the pool the
    final settings ask for, and starts another if not."""
    from . import settings as defaults
    from .parse_pool import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Limits, prestart

    def setting(name: str, default: Any) -> Any:
        return overrides.get(name, getattr(defaults, name, default))

    try:
        workers = int(setting("NIANBAO_PARSE_WORKERS", os.cpu_count() or 1))
        limits = Limits(seconds=float(setting("NIANBAO_PARSE_TIME_LIMIT", DEFAULT_SECONDS)),
                        memory_mb=int(setting("NIANBAO_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB)))
    except (TypeError, ValueError):
        return  # a malformed -s value: the pipeline reads it as Scrapy does, and says so
    if workers > 0:
        prestart(workers, limits)


def run(args: argparse.Namespace) -> int:
    redis, workers = getattr(args, "redis", None), getattr(args, "workers", 0)
    if redis and workers:
        print("nianbao crawl: give --redis (be a worker) or --workers N (all on this machine), not both",
              file=sys.stderr)
        return 2
    if workers < 0:
        print("nianbao crawl: --workers needs a positive number", file=sys.stderr)
        return 2
    if not args.sources and not args.start_urls and not redis:  # a worker may take them from Redis
        print("nianbao crawl: give --sources FILE or at least one --start-url URL", file=sys.stderr)
        return 2
    if args.sources and not Path(args.sources).is_file():
        print(f"nianbao crawl: no such sources file: {args.sources}", file=sys.stderr)
        return 2
    if args.sources:
        from .sources import load_sources

        try:
            if not load_sources(args.sources) and not args.start_urls:
                print(f"nianbao crawl: {args.sources} lists no agencies", file=sys.stderr)
                return 2
        except Exception as exc:  # noqa: BLE001 - bad YAML, missing keys: say so and stop
            said = one_line(exc)
            print(f"nianbao crawl: {said if args.sources in said else f'{args.sources}: {said}'}", file=sys.stderr)
            return 2
    try:
        overrides = parse_settings(args.settings)
        args.start_urls = [check_start_url(u) for u in args.start_urls if u.strip()]
        check_db(args.db)
    except ValueError as exc:
        print(f"nianbao crawl: {exc}", file=sys.stderr)
        return 2
    if workers:
        from .distributed.local import run_local

        try:
            with crawl_lock(lock_path(args.db)) if args.nightly else contextlib.nullcontext():
                return run_local(args)
        except LockHeld as exc:
            print(f"nianbao crawl: {exc}; not starting a second run", file=sys.stderr)
            return LOCKED_EXIT
    if not args.verbose and "LOG_FILE" not in overrides:
        overrides["LOG_FILE"] = str(log_file(args.db))
        Path(overrides["LOG_FILE"]).parent.mkdir(parents=True, exist_ok=True)
    if not args.verbose:
        show_progress()
    if redis:
        from .distributed.worker import run_worker

        return run_worker(args, overrides)
    if os.environ.get("SCRAPY_SETTINGS_MODULE", "crawler.settings") == "crawler.settings":  # what it reads
        prestart_parse_pool(overrides)
    settings = project_settings(args.db, overrides)
    lock = crawl_lock(lock_path(args.db)) if args.nightly else contextlib.nullcontext()
    try:
        with lock:
            stats = crawl(settings, SPIDER, **spider_arguments(args))
    except LockHeld as exc:
        from .parse_pool import discard_prestarted

        discard_prestarted()
        print(f"nianbao crawl: {exc}; not starting a second run", file=sys.stderr)
        return LOCKED_EXIT
    return exit_status(stats, log=settings.get("LOG_FILE"))


def exit_status(stats: dict[str, Any], *, prefix: str = "nianbao crawl", log: str | None = None) -> int:
    """The exit status of a finished run from its final stats, and its last words (the summary)."""
    reason = stats.get("finish_reason")
    if reason != "finished":
        print(f"{prefix}: the crawl stopped: {reason}", file=sys.stderr)
        return 1
    if not stats.get("response_received_count"):
        print(f"{prefix}: nothing was fetched" + (f" (why: {log})" if log else ""), file=sys.stderr)
        return 1
    summary = stats.get("nianbao/summary")
    if stats.get("nianbao/checks_failed"):
        print(f"{prefix}: {summary}", file=sys.stderr)
        return CHECKS_FAILED_EXIT
    if summary:
        print(f"{prefix}: {summary}")
    return 0
