"""`make bench`, archive section: the archive's bytes per report, and Datasette's speed at the size it will reach.

Two measurements:

1. The demo crawl (``nianbao crawl`` of the bundled demo portal, as ``make demo`` runs it): bytes
   per report of the numbers database, all tables and indexes by SQLite's ``dbstat``, and of the
   text database (:func:`archive_bytes`).
2. A synthetic archive of N reports (``BENCH_REPORTS``, default 100,000, each with ≈ 10 KB of text
   like a real report), built by :mod:`scripts.make_synthetic_archive` through the Store, then
   served exactly as ``nianbao serve --public`` serves a published snapshot (both files, metadata
   with the canned queries, immutable with an inspect file) by a real Datasette process on
   127.0.0.1; each page is timed from a client: p50 and p95 of the facet page, a Chinese search of
   4 characters (trigram index) and of 2 (bigram index), the rules-broken canned query and a
   report page (:data:`REPORT_PAGE`, measured once its route answers).
"""

from __future__ import annotations

import os
import socket
import sqlite3
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
BUDGET_PER_REPORT = 4096  # bytes of the numbers database per report (issue 9)
FIXED = ("sqlite_schema", "form_cells", "sqlite_autoindex_form_cells_1")  # the form and the views: not per report

# (measure, path) on the served databases `archive` and `archive_text`
PAGES = [
    ("facet page (report_summary by province, year)", "/archive/report_summary?_facet=province&_facet=year"),
    ("Chinese search, 4 chars (search_reports, trigram index)", "/archive_text/search_reports?q=" + quote("行政复议")),
    ("Chinese search, 2 chars (search_reports, bigram index)", "/archive_text/search_reports?q=" + quote("复议")),
    ("table search, 2 chars (report_text?_search, plugin's substring scan)",
     "/archive_text/report_text?_search=" + quote("复议")),
    ("canned query (rules_broken, apply_balance)", "/archive/rules_broken?rule=apply_balance"),
    ("wide view page (apply_wide, 150 columns)", "/archive/apply_wide"),
]
# The report page of the pages helper (issue 9 item 2): timed when the route answers, else noted.
REPORT_PAGE = "/-/report/{report_id}"


def archive_bytes(db: str | os.PathLike[str]) -> dict[str, float]:
    """Bytes of an archive per report: numbers database (dbstat, all tables and indexes), used bytes
    (pages minus their free space), the same without the fixed part (the form, the schema), text database."""
    from crawler.db import text_path

    con = sqlite3.connect(db)
    try:
        n = con.execute("select count(*) from reports").fetchone()[0] or 1
        total, used = con.execute("select sum(pgsize), sum(pgsize - unused) from dbstat").fetchone()
        marks = ",".join("?" * len(FIXED))
        growing = con.execute(f"select sum(pgsize - unused) from dbstat where name not in ({marks})", FIXED).fetchone()[0]
        tables = dict(con.execute("select name, sum(pgsize) from dbstat group by name order by 2 desc limit 6"))
    finally:
        con.close()
    text = 0
    if text_path(db).exists():
        tcon = sqlite3.connect(text_path(db))
        try:
            text = tcon.execute("select sum(pgsize) from dbstat").fetchone()[0]
        finally:
            tcon.close()
    return {"reports": n, "total": total / n, "used": used / n, "growing": growing / n, "text": text / n,
            "largest": {k: v / n for k, v in tables.items()}}


def demo_rows() -> list[Row]:
    """Crawl the demo portal (as `make demo` does) and measure the archive it leaves."""
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-demo-") as tmp:
        db = Path(tmp) / "archive.db"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "demo.run", "--db", str(db), "--no-serve"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        took = time.perf_counter() - started
        b = archive_bytes(db)
    largest = ", ".join(f"{k} {v:,.0f}" for k, v in list(b["largest"].items())[:4])
    return [
        ("archive", f"demo crawl: numbers db per report ({b['reports']} reports)",
         f"{b['total']:,.0f} B", f"used {b['used']:,.0f} B; without the form and schema {b['growing']:,.0f} B "
                                 f"(budget {BUDGET_PER_REPORT:,}); largest: {largest}; crawl {took:.0f} s"),
        ("archive", "demo crawl: text db per report", f"{b['text']:,.0f} B", "text, trigram and bigram indexes"),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def rows(n: int | None = None, *, demo: bool = False) -> list[Row]:
    """The archive section of the bench table (builds, serves and measures N reports)."""
    from crawler.serve_cmd import prepare_and_command
    from scripts.make_synthetic_archive import build

    n = n or int(os.environ.get("BENCH_REPORTS", DEFAULT_REPORTS))
    out: list[Row] = demo_rows() if demo else []
    existing = os.environ.get("BENCH_ARCHIVE_DB")  # time an archive built before (it is prepared, not rebuilt)
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-archive-") as tmp:
        if existing:
            db = Path(existing)
            out.append(("archive", "archive measured", str(db), "BENCH_ARCHIVE_DB: not rebuilt"))
        else:
            db = Path(tmp) / "archive.db"
            built = build(n, db)
            out.append(("archive", f"build {n:,} synthetic reports (through the Store)", f"{built['seconds']:.1f} s",
                        f"{built['agencies']:,} agencies; {n / built['rows_seconds']:,.0f} reports/s; "
                        f"cross-report checks {built['cross_seconds']:.1f} s"))
        b = archive_bytes(db)
        n = b["reports"]
        out.append(("archive", "numbers db per report (dbstat, all tables + indexes)", f"{b['total']:,.0f} B",
                    f"{b['total'] * n / 1e6:,.1f} MB in all; used {b['used']:,.0f} B; budget {BUDGET_PER_REPORT:,} B"))
        out.append(("archive", "text db per report (≈10 KB text + trigram + bigram)", f"{b['text']:,.0f} B",
                    f"{b['text'] * n / 1e9:,.2f} GB in all"))
        port = _free_port()
        state = Path(tmp) / "serve"
        started = time.perf_counter()
        # rate_limit=0: the bench is one client asking many times; the per-client limit would answer 429
        cmd = prepare_and_command(db, port=port, public=True, state_dir=state, warc_dir=state, rate_limit=0)
        out.append(("archive", "prepare for serving", f"{time.perf_counter() - started:.1f} s",
                    "views and text indexes checked, freeze, inspect (no materialize step any more)"))
        con = sqlite3.connect(db)
        report_id = con.execute("select id from reports where checks_failed > 0 order by rid limit 1").fetchone()[0]
        con.close()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/archive.json", proc)
            pages = [*PAGES, ("report page (/-/report/<id>)", REPORT_PAGE.format(report_id=quote(report_id, safe="")))]
            for measure, path in pages:
                p50, p95, status, note = latency(base, path)
                if status != 200 and path.startswith("/-/report/"):
                    out.append(("datasette", measure, "not measured",
                                f"HTTP {status}: the route is not on this branch yet (pages helper)"))
                    continue
                load = os.getloadavg()[0]
                out.append(("datasette", measure, f"p50 {p50:.0f} ms, p95 {p95:.0f} ms",
                            f"HTTP {status}" + (f": {note}" if note else "") + f"; load average {load:.1f}"))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return out


if __name__ == "__main__":
    for row in rows(int(sys.argv[1]) if len(sys.argv) > 1 else None, demo=True):
        print(" | ".join(row))
