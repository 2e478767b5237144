"""Crawl the provincial-platform fixture portals (demo/sites/platforms.py) twice with `nianbao crawl`
and print recall, precision, cells read right, the second run's bytes and both exit codes.

    python scripts/measure_platforms.py [--keep DIR] [--sites igs,hebei,...]

Tuned material: these portals were built while fixing the crawler, so the numbers say the shapes
work, not how the crawler does on portals it has not seen.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from demo.portal import Portal  # noqa: E402
from demo.sites.platforms import PLATFORM_KEYS, build_platforms  # noqa: E402


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(start_urls: list[str], db: Path, warc: Path, log: Path) -> tuple[int, dict[str, Any], float]:
    """One `nianbao crawl` over the start URLs: its exit code, its run's stats, its seconds."""
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--db", str(db)]
    for url in start_urls:
        cmd += ["--start-url", url]
    cmd += ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"NIANBAO_WARC_DIR={warc}",
            "-s", f"LOG_FILE={log}"]
    began = time.monotonic()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=1800)
    seconds = time.monotonic() - began
    with sqlite3.connect(db) as con:
        row = con.execute("select stats from crawl_runs order by started_at desc limit 1").fetchone()
    return proc.returncode, json.loads(row[0]) if row and row[0] else {}, seconds


def score(db: Path, expected: list[dict[str, Any]], bases: dict[str, str]) -> dict[str, Any]:
    """Recall and precision of the reports table against what the portals serve, and cells read right."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = con.execute("select id, url, document_url from reports").fetchall()
    by_path = {}
    for r in rows:
        by_path[_path(r["url"] or "")] = r["id"]
        by_path[_path(r["document_url"] or "")] = r["id"]
    found, cells_right, cells_wrong, cells_missing, per_site = 0, 0, 0, 0, {}
    matched: set[str] = set()
    for e in expected:
        site = per_site.setdefault(e["site"], {"served": 0, "found": 0})
        site["served"] += 1
        rid = by_path.get(_path(e["url"])) or by_path.get(_path(e["document_url"]))
        if rid is None:
            continue
        found += 1
        site["found"] += 1
        matched.add(rid)
        got = dict(con.execute("select cell_id, value from cells where report_id = ?", [rid]).fetchall())
        for cell, value in (e.get("cells") or {}).items():
            if value is None:
                continue
            if got.get(cell) is None:
                cells_missing += 1
            elif float(got[cell]) == float(value):
                cells_right += 1
            else:
                cells_wrong += 1
    wanted = cells_right + cells_wrong + cells_missing
    errors = con.execute("select run_id, url, reason from errors").fetchall() if "errors" in {
        r[0] for r in con.execute("select name from sqlite_master")} else []
    return {"served": len(expected), "found": found, "reports_rows": len(rows),
            "false_positives": [r["url"] for r in rows if r["id"] not in matched],
            "recall": round(found / len(expected), 3) if expected else None,
            "precision": round(len(matched) / len(rows), 3) if rows else None,
            "cells_right": cells_right, "cells_wrong": cells_wrong, "cells_unread": cells_missing,
            "cells_share": round(cells_right / wanted, 4) if wanted else None, "per_site": per_site,
            "errors": [tuple(e) for e in errors]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="write the archive here (default: a temporary folder)")
    ap.add_argument("--sites", default=",".join(PLATFORM_KEYS), help="comma-separated site keys")
    args = ap.parse_args(argv)
    keys = [k for k in args.sites.split(",") if k]
    sites = {k: v for k, v in build_platforms().items() if k in keys}
    out = args.keep or Path(tempfile.mkdtemp(prefix="nianbao-platforms-"))
    out.mkdir(parents=True, exist_ok=True)
    db, warc = out / "archive.db", out / "warc"
    with Portal(sites, "127.0.0.1").start() as portal:
        starts = [portal.base_urls[k] + "/" for k in sites]
        code1, stats1, s1 = crawl(starts, db, warc, out / "crawl1.log")
        code2, stats2, s2 = crawl(starts, db, warc, out / "crawl2.log")
        result = score(db, portal.expected_reports(), portal.base_urls)
    b1, b2 = stats1.get("bytes", 0), stats2.get("bytes", 0)
    result |= {"exit_codes": [code1, code2], "bytes": [b1, b2], "second_run_share": round(b2 / b1, 4) if b1 else None,
               "requests": [stats1.get("requests"), stats2.get("requests")],
               "errors_rows": [stats1.get("errors"), stats2.get("errors")],
               "seconds": [round(s1), round(s2)], "archive": str(out)}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
