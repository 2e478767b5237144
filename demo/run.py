"""`make demo`: start the demo portal, crawl it into an archive, then serve the archive with Datasette.

    python -m demo.run --db data/archive.db --port 8001 [--no-serve]

The crawl runs as its own process (`nianbao crawl`), exactly as a user would run it against real
portals, so the demo exercises the real command and settings; only politeness delays are off
(robots.txt is still obeyed). The portal lives in this process and stops before Datasette starts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from demo.portal import expected_reports, start_portal, write_sources

REPO = Path(__file__).resolve().parents[1]


def _bin(name: str) -> str | None:
    """A console script of this venv (next to the running python), else one on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def crawl_command(sources: Path, db: Path, warc_dir: Path) -> list[str]:
    """The `nianbao crawl` invocation: real settings, minus the delays a local portal does not need."""
    nianbao = _bin("nianbao")
    cmd = [nianbao] if nianbao else [sys.executable, "-m", "crawler.cli"]
    return cmd + [
        "crawl", "--sources", str(sources), "--db", str(db),
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=True",
        "-s", f"NIANBAO_WARC_DIR={warc_dir}",
    ]


def summarize(db: Path, expected: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts from the archive, and which expected reports the crawl did not find."""
    out: dict[str, Any] = {"reports": 0, "cells": 0, "checks_failed": 0, "missing": [], "per_report": []}
    if not db.exists():
        out["missing"] = [e["url"] for e in expected]
        return out
    con = sqlite3.connect(db)
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type in ('table', 'view')")}
        if "reports" in tables:
            out["reports"] = con.execute("select count(*) from reports").fetchone()[0]
            cols = {r[1] for r in con.execute("pragma table_info(reports)")}
            urls: set[str] = set()
            for col in ("url", "document_url"):
                if col in cols:
                    urls |= {r[0] for r in con.execute(f"select {col} from reports") if r[0]}
            not_found = [e for e in expected if e["url"] not in urls and e["document_url"] not in urls]
            out["missing"] = [e["url"] for e in not_found if e.get("parseable", True)]
            if "documents" in tables:  # archived, but in a format nothing here can read: said as such
                out["unreadable"] = [
                    (e["document_url"], row[0] or "", row[1] or "") for e in not_found if not e.get("parseable", True)
                    for row in con.execute("select parse_status, parse_reason from documents where url = ?",
                                           [e["document_url"]]).fetchall()[:1]]
            if {"year", "title"} <= cols:
                failed = "checks_failed" if "checks_failed" in cols else "null"
                out["per_report"] = con.execute(
                    f"select year, title, {failed} from reports order by year desc, title").fetchall()
        if "cells" in tables:
            out["cells"] = con.execute("select count(*) from cells where value is not null").fetchone()[0]
        if "checks" in tables:
            out["checks_failed"] = con.execute("select count(*) from checks where not ok").fetchone()[0]
            out["rules_broken"] = con.execute(
                "select rule, count(*) from checks where not ok group by rule order by rule").fetchall()
    finally:
        con.close()
    return out


def print_summary(summary: dict[str, Any], expected: list[dict[str, Any]]) -> None:
    print(f"\nArchive: {summary['reports']} reports ({len(expected)} served by the portal), "
          f"{summary['cells']} cell values, {summary['checks_failed']} failed rule checks")
    for rule, n in summary.get("rules_broken") or []:
        print(f"  rule broken: {rule} ×{n}")
    for year, title, failed in summary["per_report"]:
        print(f"  {year or '----'}  {title}" + (f"  ({failed} checks failed)" if failed else ""))
    for url, status, reason in summary.get("unreadable") or []:
        print(f"Archived, not readable ({status}): {url}\n  {reason}")
    if summary["missing"]:
        print(f"Not found by the crawl ({len(summary['missing'])}):")
        for url in summary["missing"]:
            print("  " + url)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m demo.run", description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="data/archive.db", type=Path)
    ap.add_argument("--port", default=8001, type=int, help="Datasette's port")
    ap.add_argument("--no-serve", action="store_true", help="stop after the crawl (tests)")
    ap.add_argument("--portal-port", default=0, type=int, help="the demo portal's first port (default: any free)")
    args = ap.parse_args(argv)

    db: Path = args.db
    db.parent.mkdir(parents=True, exist_ok=True)
    portal, bases = start_portal("127.0.0.1", args.portal_port)
    try:
        print("Demo portal:")
        for key, base in bases.items():
            print(f"  {key:7s} {base}/  {portal.sites[key].name}")
        expected = expected_reports(bases)
        with tempfile.TemporaryDirectory(prefix="nianbao-demo-") as tmp:
            sources = write_sources(bases, Path(tmp) / "sources.yaml")
            cmd = crawl_command(sources, db, db.parent / "warc")
            print("Crawling:", " ".join(cmd), flush=True)
            started = time.monotonic()
            rc = subprocess.call(cmd, cwd=REPO)
            print(f"Crawl finished in {time.monotonic() - started:.1f}s with exit code {rc}")
    finally:
        portal.stop()
    summary = summarize(db, expected)
    print_summary(summary, expected)
    if rc != 0:
        return rc
    if args.no_serve:
        return 0
    nianbao = _bin("nianbao")
    serve = [nianbao] if nianbao else [sys.executable, "-m", "crawler.cli"]
    # The crawl is over, so the demo archive is served as the public deployment would be: read-only,
    # with the views, search, charts, archived copies and the database download.
    serve += ["serve", "--public", "--db", str(db), "--port", str(args.port), "--host", "127.0.0.1",
              "--warc-dir", str(db.parent / "warc")]
    print(f"\nServing the archive at http://127.0.0.1:{args.port}/  (Ctrl-C to stop)", flush=True)
    os.execv(serve[0], serve)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
