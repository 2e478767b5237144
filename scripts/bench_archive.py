"""`make bench`, archive section: the archive's bytes per report, and Datasette's speed at the size it will reach.

Two measurements:

1. The demo crawl (``nianbao crawl`` of the bundled demo portal, as ``make demo`` runs it): bytes
   per report of the numbers database, all tables and indexes by SQLite's ``dbstat``, and of the
   text database (:func:`archive_bytes`).
2. A synthetic archive of N reports (``BENCH_REPORTS``, default 100,000, each with ≈ 10 KB of text
   like a real report), built by :mod:`scripts.make_synthetic_archive` through the Store, then
   served exactly as ``nianbao serve --public`` serves a published snapshot (both files, metadata
   with the canned queries, the plugins, immutable with an inspect file) by a real Datasette
   process on 127.0.0.1. Each page (:data:`PAGES`) is fetched :data:`WARM_UP` times, then timed
   :data:`REPEAT` times from a client: p50, p95 and the slowest. The machine's load (``uptime``)
   is printed before and after: on a shared machine a number means little without it.

    python -m scripts.bench_archive [N]        # BENCH_ARCHIVE_DB=path times an archive built before
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
WARM_UP = 3  # requests per page before timing (the page cache, Datasette's first-use work)
REPEAT = 40  # timed requests per page
BUDGET_PER_REPORT = 4096  # bytes of the numbers database per report (issue 9)
FIXED = ("sqlite_schema", "form_cells", "sqlite_autoindex_form_cells_1")  # the form and the views: not per report

# (measure, path) on the served databases `archive` and `archive_text`; the report page is added by rows()
PAGES = [
    ("facet page: report_summary (facets year, province, form version)", "/archive/report_summary"),
    ("facet page: reports (facets year, province, form version, checks failed)", "/archive/reports"),
    ("facet page: report_summary?_facet=province&_facet=year", "/archive/report_summary?_facet=province&_facet=year"),
    ("search page, 4 characters (search_reports, trigram index)", "/archive_text/search_reports?q=" + quote("行政复议")),
    ("search page, 2 characters (search_reports, bigram index)", "/archive_text/search_reports?q=" + quote("复议")),
    ("table search, 2 characters (report_text?_search=)", "/archive_text/report_text?_search=" + quote("复议")),
    ("rules broken (canned query, all rules)", "/archive/rules_broken?rule="),
    ("rules broken (canned query, apply_balance)", "/archive/rules_broken?rule=apply_balance"),
    ("wide table page (apply_wide, 150 columns)", "/archive/apply_wide"),
]
REPORT_PAGE = "/-/report/{report_id}"
TARGET_P95_MS = 100.0  # issue 9, for the facet page, both searches, rules broken and the report page


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


def latency(base: str, path: str, repeat: int | None = None) -> tuple[list[float], int, str, float]:
    """``repeat`` timed GETs (ms) after :data:`WARM_UP` untimed ones, the last status, a note, and the
    first request's time (before Datasette or the counts kept for an immutable archive had seen it)."""
    import httpx

    repeat = repeat or REPEAT
    samples, status, note = [], 0, ""
    with httpx.Client(timeout=120) as client:
        start = time.perf_counter()
        client.get(base + path)
        first = (time.perf_counter() - start) * 1000
        for _ in range(WARM_UP - 1):
            client.get(base + path)
        for _ in range(repeat):
            start = time.perf_counter()
            r = client.get(base + path)
            samples.append((time.perf_counter() - start) * 1000)
            status = r.status_code
            if status != 200:
                note = r.text[:120].replace("\n", " ")
    return samples, status, note, first


def percentile(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def uptime() -> str:
    """The load average as ``uptime`` prints it, and the number of cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


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
            load = uptime()
            built = build(n, db)
            out.append(("archive", f"build {n:,} synthetic reports (through the Store)", f"{built['seconds']:.0f} s",
                        f"{built['agencies']:,} agencies; {n / built['seconds']:,.0f} reports/s in all: rows "
                        f"{built['rows_seconds']:.0f} s, then text indexes {built['index_seconds']:.0f} s with the "
                        f"cross-report checks ({built['cross_seconds']:.0f} s) alongside; CPU {built['cpu_seconds']:.0f} s; "
                        f"{load} at the start"))
        port = _free_port()
        state = Path(tmp) / "serve"
        started = time.perf_counter()
        # rate_limit=0: the bench is one client asking many times; the per-client limit would answer 429
        cmd = prepare_and_command(db, port=port, public=True, state_dir=state, warc_dir=state, rate_limit=0)
        prepared = time.perf_counter() - started
        b = archive_bytes(db)  # after prepare: indexes added since the archive was built count too
        n = b["reports"]
        largest = ", ".join(f"{k} {v:,.0f}" for k, v in list(b["largest"].items())[:5])
        out.append(("archive", "numbers db per report (dbstat, all tables + indexes)", f"{b['total']:,.0f} B",
                    f"{b['total'] * n / 1e6:,.1f} MB in all; used {b['used']:,.0f} B; budget {BUDGET_PER_REPORT:,} B; "
                    f"largest: {largest}"))
        out.append(("archive", "text db per report (≈10 KB text + trigram + bigram)", f"{b['text']:,.0f} B",
                    f"{b['text'] * n / 1e9:,.2f} GB in all"))
        out.append(("archive", "prepare for serving", f"{prepared:.1f} s",
                    "views and text indexes checked, freeze, inspect"))
        con = sqlite3.connect(db)
        report_id = con.execute("select id from reports where checks_failed > 0 order by rid limit 1").fetchone()[0]
        con.close()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/archive.json", proc)
            out.append(("datasette", f"{REPEAT} requests a page after {WARM_UP} untimed", "p50 / p95 / max",
                        f"{n:,} reports; one client; {uptime()} before"))
            pages = [*PAGES, ("report page (/-/report/<id>)", REPORT_PAGE.format(report_id=quote(report_id, safe=":")))]
            for measure, path in pages:
                samples, status, note, first = latency(base, path)
                p95 = percentile(samples, 0.95)
                out.append(("datasette", measure,
                            f"{statistics.median(samples):.0f} / {p95:.0f} / {max(samples):.0f} ms",
                            f"HTTP {status}" + (f": {note}" if note else "") + f"; first request {first:.0f} ms"
                            + f"; load {os.getloadavg()[0]:.1f}" + ("" if p95 < TARGET_P95_MS else " (p95 over 100 ms)")))
            out.append(("datasette", "machine load after the pages", uptime(), ""))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return out


if __name__ == "__main__":
    from scripts.bench import print_table

    print_table(rows(int(sys.argv[1]) if len(sys.argv) > 1 else None, demo=False))
