"""`make bench`, crawl section: the real `nianbao crawl` on the demo portal, beside `scrapy bench`.

Why both in one run: pages per second alone depends on the machine; next to `scrapy bench` (Scrapy
crawling its own local server with nothing of ours) on the same machine at the same moment, the
ratio says what nianbao's own work costs (archiving every response, parsing, SQLite writes, the
spider's link classification). Two nianbao figures: the production politeness (one request at a
time per site, so 3 at once on the 3-site portal) with delays off, and the same with 16 per site,
which is the comparable one to `scrapy bench` (16 per domain).

The second nightly run goes over the unchanged portal: its requests and bytes as a fraction of
the first run's are what a nightly costs when nothing changed (304s for every report).

The scale table (:func:`scale_rows`, ``BENCH_SCALE=20,200``): N loopback sites of real report pages
(:mod:`scripts.scale_sites`, each on its own 127.x.y.z host, six reports a site) crawled with the
production politeness (one request at a time per site, 32 at once) and delays off, beside `scrapy
bench` in the same run: pages/s, the crawl process's peak RSS (VmHWM, the parse workers aside),
CPU milliseconds per page of the crawl process (reactor, writer thread) and of its parse workers
apart (CPU time, unlike pages/s, holds up on a loaded machine), and whether every report
was stored. The bar (issue 13): peak RSS at the largest N within 1.25x of the smallest, and the
slower crawl at least 0.6x `scrapy bench`.

    python -m scripts.bench_crawl --scale 20,200 [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
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
    """`scrapy bench` outside the project (no nianbao settings, pipelines or archive): pages/s, and
    the CPU seconds of its crawl process (its page server, a child process, aside) as the crawls'
    are measured (:func:`proc_cpu_seconds`)."""
    scrapy = Path(sys.executable).parent / "scrapy"
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    with tempfile.TemporaryDirectory(prefix="nianbao-scrapy-bench-") as tmp:
        proc = subprocess.Popen([str(scrapy), "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"],
                                cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        log_bytes = _drain_until_exit(proc, timeout=seconds + 120)
        cpu, _ = proc_cpu_seconds(proc.pid)
        proc.wait()
    log = log_bytes.decode("utf-8", "replace")
    pages = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not pages or not elapsed:
        raise RuntimeError(f"scrapy bench printed no stats: {log[-2000:]}")
    per_min = [int(x) for x in re.findall(r"at (\d+) pages/min", log)]
    return {"pages": int(pages.group(1)), "seconds": float(elapsed.group(1)),
            "pages_per_s": int(pages.group(1)) / float(elapsed.group(1)),
            "peak_pages_per_min": max(per_min, default=0), "cpu_s": cpu}


def _drain_until_exit(proc: subprocess.Popen, timeout: float) -> bytes:
    """Read a child's stderr until it exits, leaving it unreaped (its /proc entry still holds its
    CPU times, :func:`proc_cpu_seconds`); killed past ``timeout``."""
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stderr.read() if proc.stderr else b""), daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while not _exited(proc.pid):
        if time.monotonic() > deadline:
            proc.kill()
        time.sleep(0.05)
    reader.join(timeout=30)
    return b"".join(chunks)


def proc_status_kb(pid: int, field: str = "VmHWM") -> int:
    """A memory line of a live process's /proc status, in KB (VmHWM: peak resident set; VmRSS: now);
    0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def scale_crawl(n_sites: int, tmp: Path) -> dict[str, Any]:
    """Serve ``n_sites`` loopback sites, crawl them once, measure; the server is stopped after."""
    server = subprocess.Popen([sys.executable, "-m", "scripts.scale_sites", "--sites", str(n_sites),
                               "--out", str(tmp / f"scale-{n_sites}.yaml")],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        ready = json.loads(server.stdout.readline() or "{}")  # type: ignore[union-attr]
        if "sources" not in ready:
            raise RuntimeError("the scale sites did not start")
        db = tmp / f"scale-{n_sites}.db"
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", ready["sources"], "--db", str(db),
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", f"NIANBAO_WARC_DIR={tmp / f'warc-{n_sites}'}", "-s", "LOG_LEVEL=WARNING",
               "-s", "NIANBAO_PROGRESS_INTERVAL=0"]
        started = time.perf_counter()
        crawl = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak = 0
        while not _exited(crawl.pid):
            peak = max(peak, proc_status_kb(crawl.pid))
            time.sleep(0.1)
        # exited, not reaped yet: its /proc entry still holds its own CPU and its parse workers'
        main_cpu, workers_cpu = proc_cpu_seconds(crawl.pid)
        crawl.wait()
        wall = time.perf_counter() - started
        err = crawl.stderr.read().decode("utf-8", "replace") if crawl.stderr else ""
        if crawl.returncode not in (0, 3):
            raise RuntimeError(f"scale crawl failed ({crawl.returncode}): {err[-2000:]}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    con = sqlite3.connect(db)
    try:
        stats = json.loads(con.execute("select stats from crawl_runs order by started_at desc limit 1").fetchone()[0])
        reports = con.execute("select count(*) from reports").fetchone()[0]
        cells = con.execute("select count(*) from cells where value is not null").fetchone()[0]
    finally:
        con.close()
    return {"sites": n_sites, "responses": stats["responses"], "elapsed": stats["elapsed_seconds"], "wall": wall,
            "peak_rss_mb": peak / 1024, "cpu_s": main_cpu + workers_cpu, "main_cpu_s": main_cpu,
            "workers_cpu_s": workers_cpu, "reports": reports, "cells": cells,
            "expected_reports": 6 * n_sites}


def _exited(pid: int) -> bool:
    """Whether child ``pid`` has exited, leaving it unreaped (its /proc entry still readable)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def proc_cpu_seconds(pid: int) -> tuple[float, float]:
    """(the process's own CPU seconds, its reaped children's): user + system from /proc/PID/stat.

    Read once the crawl has exited but before it is reaped, the first is the crawl process alone
    (reactor, writer thread, pool threads) and the second its parse workers (each reaped by the
    pool at close): the two costs issue 13 weighs apart, and robust to a loaded machine."""
    stat = Path(f"/proc/{pid}/stat").read_bytes()
    fields = stat[stat.rindex(b")") + 2:].split()
    tick = os.sysconf("SC_CLK_TCK")
    utime, stime, cutime, cstime = (int(x) / tick for x in fields[11:15])
    return utime + stime, cutime + cstime


def compile_project() -> None:
    """Byte-compile the project's packages first, as an installed package is: with
    PYTHONDONTWRITEBYTECODE set (as on shared machines), each crawl process and each of its parse
    workers would otherwise compile ~80 modules from source at start, while Scrapy's and every other
    installed package's modules load compiled: not the comparison the bar means."""
    import compileall

    for package in ("crawler", "parsers"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def scale_rows(sizes: tuple[int, ...] = (20, 200), repeat: int = 1) -> list[Row]:
    """The scale table: N sites of real report pages beside `scrapy bench`, ``repeat`` rounds.

    Fair to both sides: each round runs every crawl and one `scrapy bench` back to back (the order
    turned by one each round, so none always runs first or last), on the same machine under the
    same load; pages/s is pages fetched over the spider's open-to-close seconds on both sides
    (Scrapy's ``response_received_count / elapsed_time_seconds``; ours, ``responses /
    elapsed_seconds`` of crawl_runs, which includes the close-of-run work). The ratio is given per
    round (the slower crawl over that round's `scrapy bench`), as their median and range, beside
    the ratio of the medians; and CPU milliseconds per page on both sides, which holds up on a
    loaded machine where pages/s does not."""
    compile_project()
    out: list[Row] = []
    runs: dict[int, list[dict[str, Any]]] = {n: [] for n in sizes}
    sb: list[dict[str, float]] = []
    paired: list[float] = []
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-scale-") as tmp:
        for r in range(repeat):
            jobs: list[int | None] = [*sizes, None]  # None: scrapy bench
            k = r % len(jobs)
            rates: dict[int, float] = {}
            sb_rate = 0.0
            for job in jobs[k:] + jobs[:k]:
                if job is None:
                    sb.append(scrapy_bench())
                    sb_rate = sb[-1]["pages_per_s"]
                    continue
                t = Path(tmp) / f"r{r}"
                t.mkdir(exist_ok=True)
                run = scale_crawl(job, t)
                runs[job].append(run)
                rates[job] = run["responses"] / run["elapsed"]
            paired.append(min(rates.values()) / sb_rate)
            loads.append(os.getloadavg()[0])
    sb_rate = statistics.median(s["pages_per_s"] for s in sb)

    def spread(values: list[float], fmt: str) -> str:
        return fmt.format(statistics.median(values)) + (
            f" ({fmt.format(min(values))}–{fmt.format(max(values))})" if len(values) > 1 else "")

    rates = {}
    for n, rs in runs.items():
        per_s = [r["responses"] / r["elapsed"] for r in rs]
        rates[n] = statistics.median(per_s)
        stored = all(r["reports"] == r["expected_reports"] for r in rs)
        out.append(("scale", f"nianbao crawl, {n} sites x 6 real reports",
                    spread(per_s, "{:.0f}") + " pages/s",
                    f"peak RSS {spread([r['peak_rss_mb'] for r in rs], '{:.0f}')} MB, "
                    f"CPU {spread([1000 * r['main_cpu_s'] / r['responses'] for r in rs], '{:.1f}')} ms/page crawl "
                    f"process + {spread([1000 * r['workers_cpu_s'] / r['responses'] for r in rs], '{:.1f}')} parse "
                    f"workers, {rs[0]['responses']} responses, reports {rs[0]['reports']}/{rs[0]['expected_reports']}"
                    + ("" if stored else " NOT ALL STORED")))
    out.append(("scale", "scrapy bench, same rounds", spread([s["pages_per_s"] for s in sb], "{:.0f}") + " pages/s",
                f"CPU {spread([1000 * s['cpu_s'] / s['pages'] for s in sb], '{:.1f}')} ms/page (its process, "
                f"start included, page server aside); load average {spread(loads, '{:.1f}')} over the rounds "
                f"(2 cores shared)"))
    lo, hi = min(runs), max(runs)
    rss = {n: statistics.median(r["peak_rss_mb"] for r in rs) for n, rs in runs.items()}
    out.append(("scale", f"peak RSS {hi} / {lo} sites", f"{rss[hi] / rss[lo]:.2f}", "bar: <= 1.25"))
    slower = min(rates.values())
    out.append(("scale", "slower crawl / scrapy bench", f"{slower / sb_rate:.2f}",
                f"bar: >= 0.6 (medians); per round {spread(paired, '{:.2f}')}"))
    return out


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


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="the crawl section of make bench")
    ap.add_argument("--scale", default="", help="only the scale table, for these site counts (e.g. 20,200)")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    table = (scale_rows(tuple(int(x) for x in args.scale.split(",")), args.repeat) if args.scale else rows())
    for row in table:
        print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main()
