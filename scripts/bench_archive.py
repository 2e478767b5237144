"""`make bench`, archive section: build a synthetic archive of N reports, then time Datasette on it.

N comes from ``BENCH_REPORTS`` (default 100,000: the size the archive will reach). The archive is
built by :mod:`scripts.make_synthetic_archive` through the real schema, then served exactly as
``nianbao serve --public`` serves a published snapshot (views, full-text index, metadata with the
canned queries, immutable with an inspect file), by a real Datasette process over HTTP on
127.0.0.1, and each page is timed from a client: p50 and p95 of a facet page, a Chinese full-text
search (3+ characters: the trigram index; 2 characters: the substring fallback) and a canned
query. Without ``crawler/publish`` the same pages are asked of the base tables (the hook:
:data:`PAGES` / :data:`BASE_PAGES`).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, str, str, str]  # section, measure, value, note
DEFAULT_REPORTS = 100_000
REPEAT = 15

# (measure, path under /<db>) with the publish layer's views and canned queries ...
PAGES = [
    ("facet page (report_summary by province, year)", "/report_summary?_facet=province&_facet=year"),
    ("Chinese search, 4 chars (canned search_reports)", "/search_reports?q=" + quote("行政复议")),
    ("Chinese search, 2 chars (substring fallback)", "/search_reports?q=" + quote("复议")),
    ("canned query (rules_broken, apply_balance)", "/rules_broken?rule=apply_balance"),
]
# ... and on the base tables, when crawler/publish is absent.
BASE_PAGES = [
    ("facet page (reports by year, form_version)", "/reports?_facet=year&_facet=form_version"),
    ("Chinese search, 4 chars (reports?_search)", "/reports?_search=" + quote("行政复议")),
    ("query (failed checks by rule)", "?sql=" + quote("select k.rule, count(*) from checks k where k.ok = 0 "
                                                       "group by k.rule")),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, state: Path, port: int) -> tuple[list[str], bool]:
    """The datasette command for ``db`` and whether the publish layer (views, canned queries) is used."""
    try:
        from crawler.serve_cmd import prepare_and_command
    except ImportError:
        return [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--port", str(port),
                "--setting", "sql_time_limit_ms", "3000"], False
    from crawler.publish.views import materialize, prepare

    prepare(db)
    materialize(db)  # served as `make publish` snapshots are: the views frozen into indexed tables
    return prepare_and_command(db, port=port, public=True, state_dir=state, warc_dir=state), True


def _wait(url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"datasette exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("datasette did not start")


def latency(base: str, path: str, repeat: int | None = None) -> tuple[float, float, int, str]:
    """p50 and p95 in ms of ``repeat`` GETs after one warm-up, the last status and a note."""
    import httpx

    repeat = repeat or REPEAT
    samples, status, note = [], 0, ""
    with httpx.Client(timeout=120) as client:
        client.get(base + path)
        for _ in range(repeat):
            start = time.perf_counter()
            r = client.get(base + path)
            samples.append((time.perf_counter() - start) * 1000)
            status = r.status_code
            if status != 200:
                note = r.text[:120].replace("\n", " ")
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, status, note


def rows(n: int | None = None) -> list[Row]:
    """The archive section of the bench table (builds, serves and measures N reports)."""
    from scripts.make_synthetic_archive import build

    n = n or int(os.environ.get("BENCH_REPORTS", DEFAULT_REPORTS))
    out: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-archive-") as tmp:
        db = Path(tmp) / "synthetic.db"
        built = build(n, db)
        out.append(("archive", f"build {n:,} synthetic reports", f"{built['seconds']:.1f} s",
                    f"{built['cells']:,} cells, {built['agencies']:,} agencies; full-text index "
                    f"{built['fts_seconds']:.1f} s"))
        port = _free_port()
        state = Path(tmp) / "serve"
        started = time.perf_counter()
        cmd, published = _serve(db, state, port)
        prepared = time.perf_counter() - started
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
        out.append(("archive", "database size", f"{size / 1e6:,.0f} MB",
                    f"{size / n / 1024:.1f} KB per report, views and FTS index included"))
        out.append(("archive", "prepare for serving", f"{prepared:.1f} s",
                    "views, FTS check, freeze, inspect" if published else "no crawler/publish: base tables"))
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            base = f"http://127.0.0.1:{port}/{db.stem}"
            _wait(base + ".json", proc)
            for measure, path in PAGES if published else BASE_PAGES:
                p50, p95, status, note = latency(base, path)
                out.append(("datasette", measure, f"p50 {p50:.0f} ms, p95 {p95:.0f} ms",
                            f"HTTP {status}" + (f": {note}" if note else "")))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return out


if __name__ == "__main__":
    for row in rows(int(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(" | ".join(row))
