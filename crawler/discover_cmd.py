"""`nianbao discover`: from a government portal, write a sources file of every agency below it.

    nianbao discover --start-url http://www.nx.gov.cn/ [--out data/sources.yaml] [-s NAME=VALUE ...]

Runs the ``discover`` spider (crawler/spiders/discover.py) with the project's politeness settings,
then merges the agencies found into ``--out`` (crawler/sources_merge.py: never a duplicate, never
a change to an entry marked ``verified: true`` or edited by hand). The run's state sits beside the
output (``<out>.discover.sqlite``): a killed run started again with the same start URL goes on
where it stopped; a finished one starts over. Exit status: 0 when the discovery finished and wrote
the file, 1 when it stopped early (the state is kept: run it again), 2 for bad arguments.

What it prints, as ``nianbao crawl`` does: a start line, a progress line every
``NIANBAO_PROGRESS_INTERVAL`` seconds (sites visited, agencies found, depth, queued, sites/s) and the
summary; Scrapy's own log goes to ``logs/discover-<UTC time>.log`` beside the output (``-v`` shows
it on stderr instead; ``-s LOG_FILE=…`` puts it elsewhere).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .crawl_cmd import crawl, log_file, parse_settings, project_settings, show_progress

SPIDER = "discover"
RESOLVER = "crawler.hosts.HostsResolver"
SHOW_LEFT_OUT = 50


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--start-url", metavar="URL", required=True, help="the portal to start from (a province's)")
    p.add_argument("--out", metavar="FILE", default="data/sources.yaml",
                   help="sources YAML to write or merge into (default %(default)s)")
    p.add_argument("--state", metavar="PATH", help="the run's state (default: <out>.discover.sqlite)")
    p.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[], dest="settings",
                   help="set a Scrapy setting, as `scrapy crawl -s` (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log on stderr instead of a file")


def unanswered(reason: str | None) -> str | None:
    """Why a site kept under its directory link's name never answered (``unanswered:`` in its entry,
    so ``crawl`` and a reader can tell it was never seen), None for a site that answered."""
    mark = "named from its link only: "
    return reason.removeprefix(mark) if reason and reason.startswith(mark) else None


def run(args: argparse.Namespace) -> int:
    try:
        overrides = parse_settings(args.settings)
    except ValueError as exc:
        print(f"nianbao discover: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    state = Path(args.state) if args.state else out.with_name(out.name + ".discover.sqlite")
    overrides.setdefault("TWISTED_DNS_RESOLVER", RESOLVER)
    if not args.verbose and "LOG_FILE" not in overrides:
        overrides["LOG_FILE"] = str(log_file(str(out), SPIDER))
        Path(overrides["LOG_FILE"]).parent.mkdir(parents=True, exist_ok=True)
    if not args.verbose:
        show_progress(SPIDER)
    settings = project_settings(str(out.with_name("unused-discover.db")), overrides)
    stats = crawl(settings, SPIDER, start_url=args.start_url, state=str(state))
    reason = stats.get("finish_reason")
    visited, found = stats.get("discover/sites_visited", 0), stats.get("discover/agencies", 0)
    if reason != "finished" or stats.get("discover/queued"):
        where = f"; log: {settings.get('LOG_FILE')}" if settings.get("LOG_FILE") else ""
        print(f"nianbao discover: stopped ({reason}) after {visited} sites, {found} agencies; "
              f"run it again to go on (state in {state}{where})", file=sys.stderr)
        return 1
    from .discover_state import DiscoverState
    from .sources_merge import UNANSWERED_KEY, merge_sources

    db = DiscoverState(state)
    try:
        agencies = ({"name": a["name"], "province": a["province"], "city": a["city"], "county": a["county"],
                     "start_urls": [a["url"]], "parent": a["parent_name"],
                     UNANSWERED_KEY: unanswered(a["reason"])} for a in db.agencies())
        result = merge_sources(out, agencies)  # streamed from the state, spooled on disk: flat memory
        left_out = db.left_out(SHOW_LEFT_OUT + 1)
        n_left_out = db.count("dropped") + db.count("failed")
    finally:
        db.close()
    found = sum(o.count for o in result.outcomes.values())
    print(f"nianbao discover: {visited} sites visited, {found} agencies, depth {stats.get('discover/depth', 0)}; "
          f"{out}: {result.summary()}")
    for site in left_out[:SHOW_LEFT_OUT]:
        print(f"  left out {site['url']} ({site['link_text'] or ''}): {site['reason']}")
    if n_left_out > SHOW_LEFT_OUT:
        print(f"  … and {n_left_out - SHOW_LEFT_OUT} more (table sites of {state})")
    return 0
