"""`make bench`, load section: the archive under 20 concurrent clients, 3 of them sending slow queries.

A synthetic archive of ``BENCH_LOAD_REPORTS`` reports (default 20,000) is served by a real Datasette
process on 127.0.0.1 in two ways, each loaded for ``BENCH_LOAD_SECONDS`` (default 20), after the
same public server at rest (20 browsing clients, none slow) for comparison:

- ``public`` — ``nianbao serve --public`` with its limits (1 s per query, no arbitrary SQL, search
  terms capped). The rate limit is off for the bench: all 20 clients share 127.0.0.1, and the point
  is what the server does with the requests it accepts. The 3 slow clients send the dearest things
  a visitor can still ask for (two-character searches, which scan every text; a sort on an
  unindexed column of a wide table; a 3,000-character search; a recursive CTE as ``?sql=``);
- ``unlimited`` — as ``nianbao serve`` was before the limits: 20 s per query, arbitrary SQL on;
  the slow clients loop the recursive CTE and the long search.

17 clients browse meanwhile (a facet page, a 4-character search, a canned query, a report's row);
their p50/p95 latency and failures are the measure. Every client loop is bounded by the duration
and a per-request timeout, so the run stops by itself.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, str, str, str]
CLIENTS, SLOW_CLIENTS = 20, 3
DEFAULT_REPORTS = 20_000
DEFAULT_SECONDS = 20.0
REQUEST_TIMEOUT = 60.0

BROWSE = [
    "/archive/report_summary?_facet=province&_facet=year",
    "/archive_text/search_reports?q=" + quote("行政复议"),
    "/archive/rules_broken?rule=apply_balance",
    "/archive/reports?_size=20&_sort_desc=year",
]
CTE = "/archive?sql=" + quote("with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c")
SLOW = {
    "public": ["/archive_text/search_reports?q=" + quote("复议"), "/archive_text/report_text?_search=" + quote("公开"),
               "/archive/apply_wide?_sort_desc=apply_3_3_1_total&_facet=province",
               "/archive_text/search_reports?q=" + quote("政务公开" * 750), CTE],
    "unlimited": [CTE, "/archive_text/search_reports?q=" + quote("政务公开" * 750)],
}


def _loop(base: str, paths: list[str], until: float, out: list[tuple[float, int]]) -> None:
    """GET ``paths`` round-robin until ``until``; (seconds, status) per request (status 0: failed)."""
    import httpx

    with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
        i = 0
        while time.monotonic() < until:
            start = time.perf_counter()
            try:
                status = client.get(base + paths[i % len(paths)]).status_code
            except httpx.HTTPError:
                status = 0
            out.append((time.perf_counter() - start, status))
            i += 1


def load(base: str, slow: list[str], seconds: float) -> dict[str, list[tuple[float, int]]]:
    """Run 20 clients against ``base`` for ``seconds``, 3 of them on ``slow`` (if any); their samples."""
    until = time.monotonic() + seconds
    browse: list[tuple[float, int]] = []
    slow_out: list[tuple[float, int]] = []
    slow_clients = SLOW_CLIENTS if slow else 0
    threads = [threading.Thread(target=_loop, args=(base, BROWSE[i % len(BROWSE):] + BROWSE[:i % len(BROWSE)],
                                                    until, browse)) for i in range(CLIENTS - slow_clients)]
    threads += [threading.Thread(target=_loop, args=(base, slow[i:] + slow[:i], until, slow_out))
                for i in range(slow_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + REQUEST_TIMEOUT + 10)
    return {"browse": browse, "slow": slow_out}


def _p(samples: list[float], q: float) -> float:
    samples = sorted(samples)
    return samples[min(len(samples) - 1, round(q * (len(samples) - 1)))] if samples else float("nan")


def _statuses(samples: list[tuple[float, int]]) -> str:
    counts: dict[int, int] = {}
    for _, status in samples:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{'failed' if s == 0 else s} ×{n}" for s, n in sorted(counts.items()))


def rows(n: int | None = None, seconds: float | None = None) -> list[Row]:
    from crawler.serve_cmd import prepare_and_command
    from scripts.bench_archive import _free_port, _wait
    from scripts.make_synthetic_archive import build

    n = n or int(os.environ.get("BENCH_LOAD_REPORTS", DEFAULT_REPORTS))
    seconds = seconds or float(os.environ.get("BENCH_LOAD_SECONDS", DEFAULT_SECONDS))
    out: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-load-") as tmp:
        db = Path(tmp) / "archive.db"
        build(n, db)
        for mode in ("public, at rest", "public", "unlimited"):
            port = _free_port()
            if mode.startswith("public"):
                cmd = prepare_and_command(db, port=port, public=True, state_dir=Path(tmp) / "public", rate_limit=0)
            else:
                cmd = prepare_and_command(db, port=port, state_dir=Path(tmp) / mode, sql_time_limit_ms=20000)
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                base = f"http://127.0.0.1:{port}"
                _wait(base + "/archive.json", proc)
                got = load(base, SLOW.get(mode, []), seconds)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            ok = [t * 1000 for t, s in got["browse"] if s == 200]
            failed = sum(1 for _, s in got["browse"] if s != 200)
            browsing = CLIENTS - (SLOW_CLIENTS if SLOW.get(mode) else 0)
            out.append(("load", f"{mode}: {browsing} browsing clients, p50 / p95",
                        f"{statistics.median(ok) if ok else float('nan'):.0f} / {_p(ok, 0.95):.0f} ms",
                        f"{len(got['browse'])} requests in {seconds:.0f} s, {failed} not 200 "
                        f"({_statuses(got['browse'])}); {n:,} reports"))
            if got["slow"]:
                out.append(("load", f"{mode}: 3 slow clients", f"{len(got['slow'])} requests",
                            f"{_statuses(got['slow'])}; p95 {_p([t * 1000 for t, _ in got['slow']], 0.95):.0f} ms"))
    return out


if __name__ == "__main__":
    for row in rows(int(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(" | ".join(row))
