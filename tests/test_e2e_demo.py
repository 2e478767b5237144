"""End to end: crawl the demo portal on loopback with the real spider, archive and pipelines.

Asserts the reports found and their cells against what the portal serves, then crawls again and
asserts that nothing is duplicated and that no report body is fetched a second time.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from demo.portal import expected_reports, start_portal, write_sources
from tests.expected_reports import REALDOCS, SEEDS

ROOT = Path(__file__).parent.parent
TABLES = ("agencies", "reports", "cells", "checks", "documents", "report_versions")
KNOWN_CELLS = {v["title"]: v["cells"] for v in (*SEEDS.values(), *REALDOCS.values())}


def _crawl(sources: Path, db: Path, warc: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", str(db),
           "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"NIANBAO_WARC_DIR={warc}",
           "-s", "LOG_LEVEL=WARNING"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("e2e")
    portal, bases = start_portal()
    try:
        sources = write_sources(bases, tmp / "sources.yaml")
        db, warc = tmp / "archive.db", tmp / "warc"
        first = _crawl(sources, db, warc)
        assert first.returncode == 0, first.stderr[-3000:]
        con = sqlite3.connect(db)
        con.row_factory = sqlite3.Row
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
        snapshot = {r["id"]: dict(r) for r in con.execute("select id, sha256, first_seen from reports")}
        second = _crawl(sources, db, warc)
        assert second.returncode == 0, second.stderr[-3000:]
        yield con, expected_reports(bases), counts, snapshot, db
        con.close()
    finally:
        portal.stop()


def _report(con: sqlite3.Connection, expected: dict) -> sqlite3.Row | None:
    return con.execute("select * from reports where document_url = ? or url = ? order by last_seen desc",
                       (expected["document_url"], expected["document_url"])).fetchone()


def test_every_readable_report_is_found_with_its_metadata(crawled) -> None:
    con, expected, _, _, _ = crawled
    readable = [e for e in expected if not e["document_url"].endswith((".doc", ".pdf"))]
    assert len(readable) >= 17
    for e in readable:
        row = _report(con, e)
        assert row is not None, e["url"]
        assert (row["title"], row["year"], row["published_date"], row["form_version"]) == (
            e["title"], e["year"], e["published_date"], e["form_version"]), e["url"]
        assert row["agency_id"] == e["agency"].replace(" ", "")
    titles = {r[0] for r in con.execute("select title from reports")}
    assert not any(word in t for t in titles for word in ("解读", "法治政府", "决算", "统计公报", "通知"))


def test_cells_are_stored_as_the_portal_published_them(crawled) -> None:
    con, expected, _, _, _ = crawled
    compared = 0
    for e in expected:
        want = e.get("cells") or KNOWN_CELLS.get(e["title"])
        if want is None or e["document_url"].endswith((".doc", ".pdf")):
            continue
        row = _report(con, e)
        got = {c: v for c, v in con.execute("select cell_id, value from cells where report_id = ?", (row["id"],))}
        diff = {c: (got.get(c), v) for c, v in want.items() if got.get(c) != v}
        assert diff == {}, e["url"]
        compared += 1
        if "rules_broken" in e:
            failed = {(r, s) for r, s in con.execute(
                "select rule, scope from checks where report_id = ? and not ok and rule not in "
                "('carryover', 'in_force_continuity')", (row["id"],))}
            assert failed == {tuple(x) for x in e["rules_broken"]}, e["url"]
    assert compared >= 15


def test_attachments_are_archived_even_when_not_readable_yet(crawled) -> None:
    con, expected, _, _, _ = crawled
    for e in expected:
        if e["document_url"].endswith((".doc", ".pdf")):
            doc = con.execute("select warc_file, warc_offset, status from documents where url = ?",
                              (e["document_url"],)).fetchone()
            assert doc is not None and doc[0] and doc[1] is not None and doc[2] == 200, e["document_url"]


def test_second_run_duplicates_nothing_and_fetches_no_report_again(crawled) -> None:
    con, _, counts, snapshot, _ = crawled
    assert {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES} == counts
    now = {r[0]: (r[1], r[2]) for r in con.execute("select id, sha256, first_seen from reports")}
    assert now == {k: (v["sha256"], v["first_seen"]) for k, v in snapshot.items()}
    runs = [json.loads(r[0]) for r in con.execute("select stats from crawl_runs order by started_at")]
    assert len(runs) == 2
    first, second = runs
    assert first["reports_new"] >= 17 and second["reports_new"] == 0 and second["reports_changed"] == 0
    assert second["parsed"] == 0
    # every report and attachment request of the second run was conditional and answered 304
    assert second["not_modified"] >= first["reports_found"] - 1
    assert second["bytes"] < first["bytes"] / 2


def test_the_numbers_database_stays_within_4_kb_a_report(crawled) -> None:
    """Issue 9's budget, as a work budget on bytes: every table and index that grows with reports
    (documents and the crawl's bookkeeping included), measured with dbstat after two crawls."""
    from scripts.bench_archive import BUDGET_PER_REPORT, archive_bytes

    con, _, _, _, db = crawled
    con.commit()
    sizes = archive_bytes(db)
    assert sizes["reports"] >= 17
    assert sizes["growing"] <= BUDGET_PER_REPORT, sizes
    assert sizes["text"] > 0  # the text is in its own file


def test_the_planted_faults_are_recorded_as_errors(crawled) -> None:
    """The demo's faults each leave an errors row: a report link robots.txt forbids (never
    fetched), a soft 404 and the dead links."""
    con, _, _, _, _ = crawled
    reasons = [r["reason"] for r in con.execute("select reason from errors")]
    assert any("robots.txt" in r for r in reasons), reasons
    assert any(r.startswith("soft 404") for r in reasons), reasons
    assert sum(r == "HTTP 404" for r in reasons) >= 3, reasons
