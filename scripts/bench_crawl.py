"""`make bench`, crawl section: the real `nianbao crawl` on the demo portal, beside `scrapy bench`.

Why both in one run: pages per second alone depends on the machine; next to `scrapy bench` (Scrapy
crawling its own local server with nothing of ours) on the same machine at the same moment, the
ratio says what nianbao's own work costs (archiving every response, parsing, SQLite writes, the
spider's link classification). Two nianbao figures: the production politeness (one request at a
time per site, so 3 at once on the 3-site portal) with delays off, and the same with 16 per site,
which is the comparable one to `scrapy bench` (16 per domain).

The second nightly run goes over the unchanged portal: its requests and bytes as a fraction of
the first run's are what a nightly costs when nothing changed (304s for every report).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from demo.portal import start_portal, write_sources

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, str, str, str]  # section, measure, value, note


def _nianbao(sources: Path, db: Path, warc: Path, *extra: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", str(db),
           "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"NIANBAO_WARC_DIR={warc}",
           "-s", "LOG_LEVEL=WARNING", *extra]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"nianbao crawl failed ({proc.returncode}): {proc.stderr[-2000:]}")
    con = sqlite3.connect(db)
    try:
        stats = json.loads(con.execute("select stats from crawl_runs order by started_at desc, id desc "
                                       "limit 1").fetchone()[0])
    finally:
        con.close()
    stats["wall_seconds"] = wall
    return stats


def scrapy_bench(seconds: int = 10) -> dict[str, float]:
    """`scrapy bench` outside the project (no nianbao settings, pipelines or archive): pages/s."""
    scrapy = Path(sys.executable).parent / "scrapy"
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    with tempfile.TemporaryDirectory(prefix="nianbao-scrapy-bench-") as tmp:
        proc = subprocess.run([str(scrapy), "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"],
                              cwd=tmp, env=env, capture_output=True, text=True, timeout=seconds + 120, check=False)
    log = proc.stderr
    pages = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not pages or not elapsed:
        raise RuntimeError(f"scrapy bench printed no stats: {log[-2000:]}")
    per_min = [int(x) for x in re.findall(r"at (\d+) pages/min", log)]
    return {"pages": int(pages.group(1)), "seconds": float(elapsed.group(1)),
            "pages_per_s": int(pages.group(1)) / float(elapsed.group(1)),
            "peak_pages_per_min": max(per_min, default=0)}


def rows() -> list[Row]:
    """The crawl section of the bench table."""
    out: list[Row] = []
    portal, bases = start_portal()
    try:
        with tempfile.TemporaryDirectory(prefix="nianbao-bench-crawl-") as tmp:
            t = Path(tmp)
            sources = write_sources(bases, t / "sources.yaml")
            first = _nianbao(sources, t / "a.db", t / "warc")
            second = _nianbao(sources, t / "a.db", t / "warc")
            wide = _nianbao(sources, t / "b.db", t / "warc-b", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")
            # The browser's cost: the script-built site (rendered once) beside a static one (never).
            browser_run = _nianbao(write_sources({"script": bases["script"]}, t / "script.yaml"), t / "c.db",
                                   t / "warc-c")
            static_run = _nianbao(write_sources({"plain": bases["plain"]}, t / "plain.yaml"), t / "d.db",
                                  t / "warc-d")
    finally:
        portal.stop()
    sb = scrapy_bench()

    def rate(s: dict[str, Any]) -> float:
        return s["responses"] / s["elapsed_seconds"] if s.get("elapsed_seconds") else 0.0

    out.append(("crawl", "nianbao crawl, demo portal (5 sites, 1/site)", f"{rate(first):.0f} pages/s",
                f"{first['responses']} responses in {first['elapsed_seconds']:.2f}s "
                f"(process {first['wall_seconds']:.1f}s), {first['reports_found']} reports"))
    out.append(("crawl", "nianbao crawl, 16/site", f"{rate(wide):.0f} pages/s",
                f"{wide['responses']} responses in {wide['elapsed_seconds']:.2f}s"))
    out.append(("crawl", "scrapy bench, same machine, same run", f"{sb['pages_per_s']:.0f} pages/s",
                f"{sb['pages']} pages in {sb['seconds']:.1f}s (peak {sb['peak_pages_per_min']} pages/min)"))
    out.append(("crawl", "nianbao / scrapy bench (16/site)", f"{rate(wide) / sb['pages_per_s']:.2f}",
                "share of bare Scrapy's speed kept with archive + parse + SQLite"))
    for label, run in (("with the browser (script-built column)", browser_run),
                       ("without the browser (static site)", static_run)):
        out.append(("crawl", f"nianbao crawl, one site {label}", f"{rate(run):.1f} pages/s",
                    f"{run['responses']} responses in {run['elapsed_seconds']:.2f}s (process {run['wall_seconds']:.1f}s), "
                    f"{run['reports_found']} reports"))
    out.append(("crawl", "second nightly run: requests", f"{second['requests'] / first['requests']:.2f} of run 1",
                f"{second['requests']} vs {first['requests']}; {second['not_modified']} answered 304"))
    out.append(("crawl", "second nightly run: bytes", f"{second['bytes'] / first['bytes']:.2f} of run 1",
                f"{second['bytes']:,} vs {first['bytes']:,} bytes; {second['parsed']} parsed again"))
    return out


if __name__ == "__main__":
    for row in rows():
        print(" | ".join(row))
