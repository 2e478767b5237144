"""Red team: crawl three portals built independently of the demo and fixture portals, and measure.

The portals are ``tests/files/redteam_portals/portal.py`` (a GBK county portal listing many
agencies' reports by year with 下一页/尾页 pages, a TRS city portal with 0-based and 1-based
``createPageHTML`` lists, a Hanweb department with a jpage list). One ``nianbao crawl`` subprocess
crawls all three from their home pages with ``-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False``.

How a report is counted (per site, by the URLs in the ground truth):

- *claimed* documents: every ``reports.document_url``, and every ``documents.url`` whose
  ``parse_status`` is report-like: ``report``, ``no_year``, ``no_agency`` (the parser read a report
  but could not file it), ``unparsed`` or ``error`` (an attachment the parser cannot read: the spider
  took it as a report and nothing said otherwise). ``not_report`` is not a claim: the pipeline
  rejected the document, so it is neither found nor a false positive;
- a report is *found* when one of its URLs (its page, its attachment) is claimed or is the
  ``reports.url`` of a stored report;
- a *false positive* is a claimed URL that belongs to no report of the ground truth (a look-alike,
  a guide, …).

recall = found / reports served; precision = claimed URLs that belong to a report / claimed URLs.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "tests" / "files" / "redteam_portals" / "portal.py"
REPORT_LIKE = ("report", "no_year", "no_agency", "unparsed", "error")
BAR = 0.98


def _load_portal():
    spec = importlib.util.spec_from_file_location("redteam_portal", PORTAL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    portal = _load_portal()
    sites = portal.start_sites()
    tmp = tmp_path_factory.mktemp("redteam_crawl")
    db = tmp / "archive.db"
    cmd = [sys.executable, "-m", "crawler.cli", "crawl"]
    for site in sites:
        cmd += ["--start-url", site.home]
    cmd += ["--db", str(db), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", f"NIANBAO_WARC_DIR={tmp / 'warc'}", "-s", "LOG_LEVEL=INFO"]
    try:
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=600,
                              env={**os.environ, "NIANBAO_WARC_DIR": str(tmp / "warc")})
    finally:
        portal.stop_sites(sites)
    (tmp / "crawl.log").write_text(proc.stdout + proc.stderr)
    assert db.exists(), f"no database; exit {proc.returncode}\n{proc.stderr[-3000:]}"
    con = sqlite3.connect(db)
    reports = con.execute("select url, document_url, title, year, agency_id from reports").fetchall()
    docs = con.execute("select url, parse_status, parse_reason, kind from documents").fetchall()
    con.close()
    return {"sites": {s.name: s for s in sites}, "reports": reports, "docs": docs, "returncode": proc.returncode,
            "log": tmp / "crawl.log"}


def measure(site, reports, docs) -> dict:
    netloc = urlsplit(site.base).netloc
    mine = [r for r in reports if urlsplit(r[1] or r[0]).netloc == netloc]
    claimed = {r[1] for r in mine} | {d[0] for d in docs
                                      if d[1] in REPORT_LIKE and urlsplit(d[0]).netloc == netloc}
    report_pages = {r[0] for r in mine}
    truth_urls = set().union(*(r.accept for r in site.reports))
    missed = [r for r in site.reports if not (r.accept & (claimed | report_pages))]
    false_pos = sorted(claimed - truth_urls)
    found = len(site.reports) - len(missed)
    status = {d[0]: (d[1], d[2], d[3]) for d in docs if urlsplit(d[0]).netloc == netloc}
    return {
        "served": len(site.reports), "found": found, "recall": found / len(site.reports),
        "precision": (len(claimed) - len(false_pos)) / len(claimed) if claimed else 0.0,
        "missed": missed, "false_pos": false_pos, "status": status, "in_reports": len(mine),
    }


def _explain(site, m) -> str:
    lines = [f"{site.name} ({site.dialect}): served {m['served']}, found {m['found']}, "
             f"recall {m['recall']:.3f}, precision {m['precision']:.3f}, rows in reports {m['in_reports']}"]
    for r in m["missed"]:
        fetched = {u: m["status"].get(u) for u in sorted(r.accept)}
        lines.append(f"  MISSED {r.year} {r.title} [{r.how}] {fetched}")
    for url in m["false_pos"]:
        lines.append(f"  FALSE POSITIVE {url} {m['status'].get(url)}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["county", "trs", "hanweb"])
def test_redteam_recall_precision(crawl, name):
    site = crawl["sites"][name]
    m = measure(site, crawl["reports"], crawl["docs"])
    print(_explain(site, m))
    assert m["recall"] >= BAR and m["precision"] >= BAR, _explain(site, m) + f"\n(log: {crawl['log']})"
