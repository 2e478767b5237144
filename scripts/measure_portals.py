"""The crawl bar, measured: recall, precision, cells, and the second run's cost on test portals.

    python -m scripts.measure_portals                     # red-team portals + the JSON-column portal
    python -m scripts.measure_portals tests/files/bar_portals/portal.py

Each portal module (``start_sites()`` / ``stop_sites()``, sites with ``home``, ``base`` and a
ground truth of ``reports`` whose ``accept`` URLs count as finding them) is served on 127.0.0.1 and
crawled twice by ``nianbao crawl --start-url …`` into a fresh archive. Counting follows
tests/test_redteam_crawl.py: a report is found when one of its URLs is claimed (a ``reports`` row,
or a document the pipeline kept as report-like); a claimed URL outside the ground truth is a false
positive. Cells: where the ground truth knows a report's cells, the share stored equal. Second
run: its bytes as a share of the first run's, and both exit statuses.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORTALS = (ROOT / "tests/files/redteam_portals/portal.py", ROOT / "tests/files/bar_portals/portal.py")
REPORT_LIKE = ("report", "no_year", "no_agency", "unparsed", "error")


def _load(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"portal_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _crawl(homes: list[str], db: Path, warc: Path) -> int:
    nianbao = Path(sys.executable).parent / "nianbao"
    cmd = [str(nianbao) if nianbao.exists() else "nianbao", "crawl"]
    for home in homes:
        cmd += ["--start-url", home]
    cmd += ["--db", str(db), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", f"NIANBAO_WARC_DIR={warc}", "-s", "LOG_LEVEL=WARNING"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    (db.parent / f"crawl-{db.stem}.log").write_text(proc.stdout + proc.stderr)
    return proc.returncode


def measure_site(site: Any, con: sqlite3.Connection) -> dict[str, Any]:
    netloc = urlsplit(site.base).netloc
    reports = [r for r in con.execute("select id, url, document_url from reports")
               if urlsplit(r[2] or r[1]).netloc == netloc]
    docs = [d for d in con.execute("select url, parse_status from documents") if urlsplit(d[0]).netloc == netloc]
    claimed = {r[2] for r in reports} | {d[0] for d in docs if d[1] in REPORT_LIKE}
    pages = {r[1] for r in reports}
    truth = set().union(*(r.accept for r in site.reports))
    missed = [r for r in site.reports if not (r.accept & (claimed | pages))]
    false_pos = sorted(claimed - truth)
    known = equal = 0
    for r in site.reports:
        cells = getattr(r, "cells", None)
        if not cells:
            continue
        row = next((x for x in reports if x[1] in r.accept or x[2] in r.accept), None)
        got = dict(con.execute("select cell_id, value from cells where report_id = ?", (row[0],))) if row else {}
        known += len(cells)
        equal += sum(got.get(c) == v for c, v in cells.items())
    found = len(site.reports) - len(missed)
    return {"site": site.name, "dialect": site.dialect, "served": len(site.reports), "found": found,
            "recall": found / len(site.reports) if site.reports else 1.0,
            "precision": (len(claimed) - len(false_pos)) / len(claimed) if claimed else 0.0,
            "cells_known": known, "cells_equal": equal,
            "missed": [f"{r.year} {r.title} [{r.how}]" for r in missed], "false_positives": false_pos}


def measure(portal_paths: list[Path]) -> dict[str, Any]:
    modules = [_load(p) for p in portal_paths]
    started = [(m, m.start_sites()) for m in modules]
    sites = [s for _m, ss in started for s in ss]
    try:
        with tempfile.TemporaryDirectory(prefix="nianbao-bar-") as tmp:
            db, warc = Path(tmp) / "archive.db", Path(tmp) / "warc"
            first_rc = _crawl([s.home for s in sites], db, warc)
            second_rc = _crawl([s.home for s in sites], db, warc)
            con = sqlite3.connect(db)
            runs = [json.loads(r[0]) for r in con.execute("select stats from crawl_runs order by started_at")]
            per_site = [measure_site(s, con) for s in sites]
            con.close()
    finally:
        for m, ss in started:
            m.stop_sites(ss)
    first, second = runs[0], runs[-1]
    return {"sites": per_site, "exit_status": [first_rc, second_rc],
            "bytes": [first.get("bytes"), second.get("bytes")],
            "second_run_bytes_share": (second.get("bytes") or 0) / first["bytes"] if first.get("bytes") else None}


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or list(DEFAULT_PORTALS)
    result = measure(paths)
    for s in result["sites"]:
        cells = f"{s['cells_equal']}/{s['cells_known']}" if s["cells_known"] else "n/a"
        print(f"{s['site']:8s} recall {s['recall']:.3f} ({s['found']}/{s['served']})  precision {s['precision']:.3f}"
              f"  cells equal {cells}  [{s['dialect']}]")
        for line in s["missed"]:
            print("   MISSED", line)
        for url in s["false_positives"]:
            print("   FALSE POSITIVE", url)
    print(f"exit status: first {result['exit_status'][0]}, second {result['exit_status'][1]}; "
          f"second run bytes {result['bytes'][1]:,} of {result['bytes'][0]:,} "
          f"({result['second_run_bytes_share']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
