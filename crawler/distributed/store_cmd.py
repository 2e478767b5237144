"""`nianbao store`: the archive writer of a crawl spread over workers (see :mod:`.writer`).

    nianbao store --redis redis://HOST:6379/0 --db data/archive.db [--warc-dir DIR] [-s NAME=VALUE ...]

Start it before the workers (they wait for it); it ends with the run, printing the run's summary,
with the exit status of `nianbao crawl` (0 ok, 1 stopped or nothing fetched, 3 a check failed).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--redis", metavar="URL", required=True, help="the crawl's Redis (redis://host:port/db)")
    p.add_argument("--db", metavar="PATH", default="data/archive.db", help="SQLite archive (default %(default)s)")
    p.add_argument("--warc-dir", metavar="DIR", default=None,
                   help="the workers' shared WARC directory, to close files a killed worker left open "
                        "(default: NIANBAO_WARC_DIR, else warc/ beside the db)")
    p.add_argument("--workers", type=int, default=0, metavar="N", help=argparse.SUPPRESS)  # --workers N: wait for N
    p.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[], dest="settings",
                   help="set a setting (the close-of-run checks' NIANBAO_MAX_ERROR_RATE, ...)")


def log_to_file(db: str, name: str) -> str:
    """The writer's log (what the workers' Scrapy logs are to them): ``logs/<name>-<UTC time>.log``
    beside the database."""
    from ..crawl_cmd import log_file

    path = log_file(db)
    path = path.with_name(path.name.replace("crawl-", f"{name}-", 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=path, level=logging.INFO,
                        format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    return str(path)


def show_progress(prefix: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"{prefix}: %(message)s"))
    for name in ("nianbao.progress", "crawler.distributed"):
        log = logging.getLogger(name)
        log.addHandler(handler)
        log.setLevel(logging.INFO if name == "nianbao.progress" else logging.WARNING)


def open_writer(args: argparse.Namespace, redis: Any) -> Any:
    from ..crawl_cmd import check_db, parse_settings, project_settings
    from ..db import warc_dir_setting
    from .writer import Writer

    check_db(args.db)
    settings = project_settings(args.db, parse_settings(args.settings))
    warc_dir = args.warc_dir or warc_dir_setting(settings)
    writer = Writer(redis, args.db, settings=settings, warc_dir=warc_dir, expect_workers=args.workers)
    writer.open()
    writer.heartbeat()
    writer.take_back()
    writer.mirror_archive()
    return writer


def run(args: argparse.Namespace) -> int:
    from . import keys
    from .writer import serve

    try:
        redis = keys.connect(args.redis)
    except Exception as exc:  # noqa: BLE001
        print(f"nianbao store: cannot reach Redis at {args.redis}: {exc}", file=sys.stderr)
        return 2
    try:
        writer = open_writer(args, redis)
    except ValueError as exc:
        print(f"nianbao store: {exc}", file=sys.stderr)
        return 2
    log_to_file(args.db, "store")
    show_progress("nianbao store")
    try:
        reason, stats = serve(writer)
    finally:
        if writer.store is not None:
            writer.store.close()
    from ..crawl_cmd import exit_status

    return exit_status({**stats, "finish_reason": reason}, prefix="nianbao store")
