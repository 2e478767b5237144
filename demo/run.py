"""`make demo`: start the demo portal, crawl it into an archive, then serve the archive with Datasette.

    python -m demo.run [--db data/demo/archive.db] [--port 8001] [--portal-port 8101] [--no-serve]

The demo has its own archive (``data/demo/``: the database, its WARC files and the crawl's log),
never the real ``data/archive.db``, and fixed ports (the portal's sites from 8101, one port
each; Datasette on 8001), so a second run finds the same URLs: it reports the reports as unchanged.

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
from urllib.parse import urlsplit

from demo.portal import expected_reports, start_portal, write_sources

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path("data/demo/archive.db")
DEFAULT_PORT = 8001
DEFAULT_PORTAL_PORT = 8101  # and one more for each further site


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
        "-s", f"NIANBAO_WARC_DIR={warc_dir}", "-s", "NIANBAO_PROGRESS_INTERVAL=10",
    ]


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Nothing listens on ``port`` yet (checked before a minute of crawling, not after)."""
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind it
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _path(url: str) -> str:
    """A URL without its scheme, host and port: where on the site it is."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


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
            # By path: an archive made with the portal on other ports still holds the same reports.
            urls: set[str] = set()
            for col in ("url", "document_url"):
                if col in cols:
                    urls |= {_path(r[0]) for r in con.execute(f"select {col} from reports") if r[0]}
            not_found = [e for e in expected if _path(e["url"]) not in urls and _path(e["document_url"]) not in urls]
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
    """A few lines: what the archive holds, the rules broken, and whatever the crawl missed."""
    print(f"Archive: {summary['reports']} reports ({len(expected)} served by the portal), "
          f"{summary['cells']} cell values, {summary['checks_failed']} failed rule checks")
    if summary.get("rules_broken"):
        print("  rules broken: " + ", ".join(f"{rule} ×{n}" for rule, n in summary["rules_broken"]))
    years: dict[Any, int] = {}
    for year, _title, _failed in summary["per_report"]:
        years[year] = years.get(year, 0) + 1
    if years:
        print("  reports by year: " + ", ".join(f"{y or '?'}: {n}" for y, n in years.items()))
    flagged = [f"{title} ({failed})" for _year, title, failed in summary["per_report"] if failed]
    if flagged:
        print(f"  reports that break a rule: {len(flagged)}, e.g. {flagged[0]}")
    for url, status, reason in summary.get("unreadable") or []:
        print(f"Archived, not readable ({status}): {url}\n  {reason}")
    if summary["missing"]:
        print(f"Not found by the crawl ({len(summary['missing'])}):")
        for url in summary["missing"]:
            print("  " + url)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m demo.run", description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=DEFAULT_DB, type=Path, help="the demo's archive (default %(default)s)")
    ap.add_argument("--port", default=DEFAULT_PORT, type=int, help="Datasette's port (default %(default)s)")
    ap.add_argument("--no-serve", action="store_true", help="stop after the crawl (tests)")
    ap.add_argument("--portal-port", default=DEFAULT_PORTAL_PORT, type=int,
                    help="the demo portal's first port, one more a site (default %(default)s; 0: any free)")
    args = ap.parse_args(argv)

    db: Path = args.db
    if db.resolve() == (REPO / "data" / "archive.db").resolve():
        print("demo: not crawling the demo into the real archive data/archive.db; give another --db",
              file=sys.stderr)
        return 2
    if not args.no_serve and not port_free(args.port):
        print(f"demo: port {args.port} is in use; serve elsewhere: make demo PORT=9001", file=sys.stderr)
        return 2
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        portal, bases = start_portal("127.0.0.1", args.portal_port)
    except OSError as exc:
        ports = f"{args.portal_port} and up"
        print(f"demo: cannot start the demo portal on ports {ports} ({exc.strerror}); "
              f"pick others: make demo PORTAL_PORT=9101", file=sys.stderr)
        return 2
    try:
        print("Demo portal: " + ", ".join(f"{key} {base}/" for key, base in bases.items()))
        expected = expected_reports(bases)
        with tempfile.TemporaryDirectory(prefix="nianbao-demo-") as tmp:
            sources = write_sources(bases, Path(tmp) / "sources.yaml")
            cmd = crawl_command(sources, db, db.parent / "warc")
            print(f"Crawling it into {db} (the command: nianbao crawl --sources … --db {db} -s …)", flush=True)
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
    print(f"Serving the archive at http://127.0.0.1:{args.port}/  (Ctrl-C to stop)", flush=True)
    os.execv(serve[0], serve)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
