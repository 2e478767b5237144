"""`nianbao seed`: give a distributed crawl its start URLs once, before or while workers start.

    nianbao seed --redis redis://HOST:6379/0 --sources data/sources.yaml [--start-url URL ...]

Workers started without ``--sources``/``--start-url`` take the run's start URLs from Redis; the
first worker to start pushes their requests (once). Seeding a run that already has start URLs
changes nothing and says so.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--redis", metavar="URL", required=True, help="the crawl's Redis (redis://host:port/db)")
    p.add_argument("--sources", metavar="FILE", help="YAML list of agencies to crawl")
    p.add_argument("--start-url", metavar="URL", action="append", default=[], dest="start_urls",
                   help="crawl from this URL (repeatable)")


def run(args: argparse.Namespace) -> int:
    from ..crawl_cmd import check_start_url, one_line
    from ..db import new_run_id
    from ..sources import load_sources
    from . import keys
    from .worker import starts_json

    try:
        starts = [(url, src) for src in (load_sources(args.sources) if args.sources else []) for url in src.start_urls]
        starts += [(check_start_url(u), None) for u in args.start_urls if u.strip()]
    except Exception as exc:  # noqa: BLE001 - a bad file or URL: one line, status 2
        print(f"nianbao seed: {one_line(exc)}", file=sys.stderr)
        return 2
    if not starts:
        print("nianbao seed: give --sources FILE or at least one --start-url URL", file=sys.stderr)
        return 2
    try:
        redis = keys.connect(args.redis)
    except Exception as exc:  # noqa: BLE001
        print(f"nianbao seed: cannot reach Redis at {args.redis}: {exc}", file=sys.stderr)
        return 2
    redis.hsetnx(keys.RUN, "id", new_run_id())
    if not redis.hsetnx(keys.RUN, "starts", starts_json(starts)):
        print("nianbao seed: this run already has its start URLs; nothing changed", file=sys.stderr)
        return 0
    print(f"nianbao seed: {len(starts)} start URL(s) for run {redis.hget(keys.RUN, 'id').decode()}")
    return 0
