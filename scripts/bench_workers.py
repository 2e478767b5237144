"""`make bench`, workers section: `nianbao crawl --workers N` for N = 1, 2, 3 on one loopback portal.

The portal (:func:`serve_portal`) is parse-bound on purpose: ``BENCH_WORKER_REPORTS`` (default 300)
report articles that only say 详见附件 and link a PDF of the report (a State Council form table,
rendered from demo.values by LibreOffice once and cached under ``$TMPDIR/nianbao-bench-pdfs-<n>``),
listed 20 a page under one column. Delays are off and 8 requests a site are allowed, so downloading
is cheap and parsing the PDFs is the work. Each worker parses in one process
(``NIANBAO_PARSE_WORKERS=1``): N workers are N parsers, and the speed-up is printed beside this
machine's core count, the bound it cannot pass on one machine (workers scale across machines).

Measured per run: reports stored per second (over the writer's run, from ``crawl_runs``), the
whole command's wall time (redis-server, worker start-up), and the peak resident memory of each
worker process (its parse process not included; sampled from /proc every 0.2 s), and the load
average before and after, since a machine shared with other work cannot show a speed-up.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from scripts.bench_crawl import proc_status_kb

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, str, str, str]  # section, measure, value, note
PER_PAGE = 20


def _agency(i: int) -> str:
    return f"演示县第{i + 1}办公室"


def _year(i: int) -> int:
    return 2020 + i % 5


def make_pdfs(n: int, cache: Path) -> list[Path]:
    """``n`` distinct report PDFs (agency i, one of five years), rendered once and cached."""
    from demo.render import render
    from demo.values import generate

    cache.mkdir(parents=True, exist_ok=True)
    pdfs = [cache / f"r{i:04d}.pdf" for i in range(n)]
    soffice = shutil.which("soffice")
    for _ in range(3):  # in chunks: a LibreOffice that gives up part-way loses one chunk, tried again
        missing = [i for i, p in enumerate(pdfs) if not p.exists()]
        if not missing:
            break
        if soffice is None:
            raise RuntimeError("LibreOffice (soffice) is needed once to render the bench's PDFs")
        for start in range(0, len(missing), 50):
            with tempfile.TemporaryDirectory(prefix="nianbao-bench-html-") as tmp:
                for i in missing[start:start + 50]:
                    r = render(generate(1000 + i, "2021", agency=_agency(i), year=_year(i)), "html_table")
                    (Path(tmp) / f"r{i:04d}.html").write_bytes(r.data)
                subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                                "--convert-to", "pdf", "--outdir", str(cache),
                                *sorted(str(p) for p in Path(tmp).glob("*.html"))],
                               capture_output=True, timeout=3600, check=False)
    missing = [p for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice rendered {n - len(missing)} of {n} PDFs")
    return pdfs


def portal_pages(pdfs: list[Path]) -> dict[str, tuple[bytes, str]]:
    """path → (body, content type): home → 政务公开 → the column (20 a page, 下一页) → articles → PDFs."""
    def page(title: str, main: str) -> bytes:
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body><header>演示县人民政府</header>{main}</body></html>").encode()

    html = "text/html; charset=utf-8"
    pages: dict[str, tuple[bytes, str]] = {
        "/": (page("演示县人民政府", '<a href="/zwgk/index.html">政务公开</a>'), html),
        "/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain"),
        "/zwgk/index.html": (page("政务公开", '<a href="/zwgk/ndbg/index.html">政府信息公开年报</a>'), html),
    }
    n = len(pdfs)
    npages = -(-n // PER_PAGE)
    for p in range(1, npages + 1):
        lis = []
        for i in range((p - 1) * PER_PAGE, min(n, p * PER_PAGE)):
            title = f"{_agency(i)}{_year(i)}年政府信息公开工作年度报告"
            lis.append(f'<li><a href="/zwgk/ndbg/{i:04d}.html">{title}</a><span>{_year(i) + 1}-01-20</span></li>')
            article = (f'<article><h1>{title}</h1><div class="meta">发布时间：{_year(i) + 1}-01-20　'
                       f'来源：{_agency(i)}</div><div class="content"><p>{title}全文详见附件。</p>'
                       f'<p>附件：<a href="/uploads/{i:04d}.pdf">{title}.pdf</a></p></div></article>')
            pages[f"/zwgk/ndbg/{i:04d}.html"] = (page(title, article), html)
            pages[f"/uploads/{i:04d}.pdf"] = (pdfs[i].read_bytes(), "application/pdf")
        nav = ['<a href="index.html">首页</a>']
        if p < npages:
            nav.append(f'<a href="index_{p + 1}.html">下一页</a>')
        nav.append(f'<a href="index_{npages}.html">尾页</a>' if npages > 1 else "")
        name = "index.html" if p == 1 else f"index_{p}.html"
        pages[f"/zwgk/ndbg/{name}"] = (page("政府信息公开年报", f'<h2>政府信息公开年报</h2><ul>{"".join(lis)}</ul>'
                                                          f'<div class="page">{" ".join(nav)}</div>'), html)
    return pages


def serve_portal(pages: dict[str, tuple[bytes, str]]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            body, ctype = pages.get(self.path.split("?")[0], (b"not found", "text/plain"))
            self.send_response(200 if self.path.split("?")[0] in pages else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _workers_of(root: int) -> list[int]:
    """Worker processes below ``root``: `nianbao crawl --redis` command lines."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().split(b"\0")
            ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == root and b"--redis" in cmd:
            out.append(int(d.name))
    return out


def crawl(start_url: str, n: int, tmp: Path) -> dict[str, Any]:
    db = tmp / f"w{n}.db"
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--start-url", start_url, "--db", str(db), "--workers", str(n),
           "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
           "-s", "NIANBAO_MAX_PAGES_PER_SITE=5000", "-s", "NIANBAO_PARSE_WORKERS=1", "-s", "LOG_LEVEL=WARNING",
           "-s", f"NIANBAO_WARC_DIR={tmp / f'warc{n}'}"]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in _workers_of(proc.pid):
            peaks[pid] = max(peaks.get(pid, 0), proc_status_kb(pid, "VmRSS"))
        time.sleep(0.2)
    wall = time.perf_counter() - started
    out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"nianbao crawl --workers {n} failed ({proc.returncode}): {err[-2000:]}")
    con = sqlite3.connect(db)
    try:
        stats = json.loads(con.execute("select stats from crawl_runs order by started_at desc limit 1").fetchone()[0])
        reports = con.execute("select count(*) from reports").fetchone()[0]
        pdf_reports = con.execute("select count(*) from reports where document_url like '%.pdf'").fetchone()[0]
    finally:
        con.close()
    return {"workers": n, "reports": reports, "pdf_reports": pdf_reports, "seconds": stats["elapsed_seconds"],
            "wall": wall, "rss_kb": sorted(peaks.values()), "load": (load, os.getloadavg()[0]), "summary": out.strip().splitlines()[-1:] or err[-300:]}


def rows() -> list[Row]:
    n = int(os.environ.get("BENCH_WORKER_REPORTS", "300"))
    if shutil.which("redis-server") is None:
        return [("workers", "nianbao crawl --workers N", "skipped", "redis-server is not installed")]
    pdfs = make_pdfs(n, Path(tempfile.gettempdir()) / f"nianbao-bench-pdfs-{n}")
    server, url = serve_portal(portal_pages(pdfs))
    runs = []
    try:
        with tempfile.TemporaryDirectory(prefix="nianbao-bench-workers-") as tmp:
            for workers in (1, 2, 3):
                runs.append(crawl(url, workers, Path(tmp)))
    finally:
        server.shutdown()
    cores = os.cpu_count() or 1
    base = runs[0]["reports"] / runs[0]["seconds"] if runs[0]["seconds"] else 0.0
    out: list[Row] = []
    for r in runs:
        rate = r["reports"] / r["seconds"] if r["seconds"] else 0.0
        mem = ", ".join(f"{kb / 1024:.0f}" for kb in r["rss_kb"]) or "?"
        out.append(("workers", f"--workers {r['workers']}, {n} PDF reports on loopback", f"{rate:.2f} reports/s",
                    f"speed-up {rate / base:.2f}× on {cores} cores; {r['reports']} reports ({r['pdf_reports']} from PDFs) "
                    f"in {r['seconds']:.1f}s (command {r['wall']:.1f}s); peak RSS per worker {mem} MB; "
                    f"load average {r['load'][0]:.1f} → {r['load'][1]:.1f} (other processes share the cores)"))
    return out


if __name__ == "__main__":
    for row in rows():
        print(" | ".join(row))
