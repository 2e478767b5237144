"""Kill -9 in the middle of a crawl, run again: the archive is intact and the crawl completes.

The archive is the crawl's durable state: every response is in the WARC before its ``documents``
row is written, every report is written in one transaction, and a rerun asks for every archived
report conditionally. A 304 is answered from the archive (the spider reads the stored copy back),
so a document archived but not yet parsed when the process died is parsed now, and the attachments
of an archived page are still asked for, without downloading anything a second time.

A clean crawl of the same portal runs beside the killed one; the resumed archive must hold the
same reports and cells.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from demo.portal import start_portal, write_sources

ROOT = Path(__file__).resolve().parents[1]
KEYS = {  # natural keys that must never repeat
    "reports": "agency_id, year", "cells": "report_id, cell_id", "documents": "url, sha256",
    "checks": "report_id, rule, scope", "report_versions": "rid, sha256", "agencies": "id",
}


def _cmd(sources: Path, db: Path, warc: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", str(db),
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"NIANBAO_WARC_DIR={warc}", "-s", "LOG_LEVEL=WARNING", *extra]


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=5)
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # schema not there yet
        return 0
    finally:
        con.close()


def _responses_200(warc_dir: Path) -> Counter[str]:
    """Full (status 200) responses per URL in every WARC file; a killed writer's torn tail is skipped."""
    seen: Counter[str] = Counter()
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as f:
            try:
                for rec in ArchiveIterator(f):
                    if rec.rec_type in ("response", "revisit") and rec.http_headers is not None \
                            and rec.http_headers.get_statuscode() == "200":
                        seen[rec.rec_headers.get_header("WARC-Target-URI")] += 1
            except Exception:  # noqa: BLE001 - the record being written when the process died
                pass
    return seen


def _archive(db: Path) -> tuple[dict, set]:
    con = sqlite3.connect(db)
    try:
        reports = {r[0]: r[1:] for r in con.execute("select id, sha256, title, year, form_version from reports")}
        cells = set(con.execute("select report_id, cell_id, value from cells"))
    finally:
        con.close()
    return reports, cells


@pytest.fixture(scope="module")
def killed_and_resumed(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("kill")
    portal, bases = start_portal()
    try:
        sources = write_sources(bases, tmp / "sources.yaml")
        clean = subprocess.Popen(_cmd(sources, tmp / "clean.db", tmp / "clean-warc", "-s", "DOWNLOAD_DELAY=0"),
                                 cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        db, warc = tmp / "archive.db", tmp / "warc"
        victim = subprocess.Popen(_cmd(sources, db, warc, "-s", "DOWNLOAD_DELAY=0.15"), cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while _count(db, "select count(*) from reports") < 4 and victim.poll() is None:
            assert time.monotonic() < deadline, "the crawl never stored a report"
            time.sleep(0.05)
        assert victim.poll() is None, "the crawl finished before it could be killed: slow it down"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)

        con = sqlite3.connect(db)
        integrity = con.execute("pragma integrity_check").fetchone()[0]
        at_kill = {
            "reports": con.execute("select count(*) from reports").fetchone()[0],
            "documents": {r[0] for r in con.execute(
                "select url from documents where status = 200 and kind in ('report', 'attachment')")},
            "dupes": {t: con.execute(f"select count(*) from (select 1 from {t} group by {k} having count(*) > 1)")
                      .fetchone()[0] for t, k in KEYS.items()},
        }
        con.close()

        resumed = subprocess.run(_cmd(sources, db, warc, "-s", "DOWNLOAD_DELAY=0"), cwd=ROOT,
                                 capture_output=True, text=True, timeout=300, check=False)
        clean_err = clean.communicate(timeout=300)[1]
        assert clean.returncode == 0, clean_err[-3000:]
        total = _count(tmp / "clean.db", "select count(*) from reports")
        # The narrow windows a kill can hit, made deterministic on a copy of the clean archive.
        damaged = _damage(tmp / "clean.db", tmp / "damaged.db")
        repaired = subprocess.run(_cmd(sources, tmp / "damaged.db", tmp / "clean-warc", "-s", "DOWNLOAD_DELAY=0"),
                                  cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    finally:
        portal.stop()
    yield {"db": db, "warc": warc, "clean": tmp / "clean.db", "integrity": integrity, "at_kill": at_kill,
           "resumed": resumed, "total": total, "damaged": damaged, "repaired": repaired,
           "damaged_db": tmp / "damaged.db", "clean_warc": tmp / "clean-warc"}


def _damage(src: Path, dest: Path) -> dict[str, list[str]]:
    """A copy of a finished archive as a kill could leave it: three report pages archived but never
    parsed or stored, and every attachment never fetched though its page was archived."""
    con = sqlite3.connect(src)
    out = sqlite3.connect(dest)
    con.backup(out)
    con.close()
    ids = [r[0] for r in out.execute("select id from reports where url = document_url order by id limit 3")]
    marks = ",".join("?" * len(ids))
    pages = [r[0] for r in out.execute(f"select document_url from reports where id in ({marks})", ids)]
    with out:
        vids = f"select vid from report_versions where rid in (select rid from reports where id in ({marks}))"
        for table in ("active", "apply", "review", "cell_notes"):
            out.execute(f"delete from {table} where vid in ({vids})", ids)
        out.execute(f"delete from report_versions where rid in (select rid from reports where id in ({marks}))", ids)
        for table, key in (("reports", "id"), ("checks", "report_id")):
            out.execute(f"delete from {table} where {key} in ({marks})", ids)
        out.execute(f"update documents set parse_status = null, parse_reason = null, report_id = null "
                    f"where url in ({','.join('?' * len(pages))})", pages)
        attachments = [r[0] for r in out.execute("select url from documents where kind = 'attachment'")]
        out.execute("delete from documents where kind = 'attachment'")
    out.close()
    return {"reports": ids, "pages": pages, "attachments": attachments}


def test_the_killed_archive_is_intact(killed_and_resumed) -> None:
    k = killed_and_resumed
    assert k["integrity"] == "ok"
    assert 0 < k["at_kill"]["reports"] < k["total"], "killed mid-crawl"
    assert k["at_kill"]["dupes"] == dict.fromkeys(KEYS, 0)


def test_the_rerun_completes_the_archive_as_a_clean_crawl_would(killed_and_resumed) -> None:
    k = killed_and_resumed
    # The rerun completes the archive and says loudly that the run before it never finished.
    assert k["resumed"].returncode == 3, k["resumed"].stderr[-3000:]
    # (and, if the kill cut a record in half, that its WARC's torn tail was cut back)
    said = k["resumed"].stderr.split("nianbao crawl: ")[-1]
    failed = {line.strip()[2:].split(":")[0] for line in said.splitlines() if line.startswith("  - ")}
    assert "unfinished_runs" in failed and failed <= {"unfinished_runs", "warc_torn"}, said
    con = sqlite3.connect(k["db"])
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        dupes = {t: con.execute(f"select count(*) from (select 1 from {t} group by {kk} having count(*) > 1)")
                 .fetchone()[0] for t, kk in KEYS.items()}
        assert dupes == dict.fromkeys(KEYS, 0)
        runs = con.execute("select count(*), count(finished_at) from crawl_runs").fetchone()
        assert runs == (2, 1)  # the killed run stays visible, unfinished, and marked as such
        assert con.execute("select count(*) from crawl_runs where finish_reason like 'unfinished%'").fetchone() == (1,)
    finally:
        con.close()
    resumed_reports, resumed_cells = _archive(k["db"])
    clean_reports, clean_cells = _archive(k["clean"])
    assert resumed_reports == clean_reports
    assert resumed_cells == clean_cells


def test_documents_archived_before_the_kill_are_not_downloaded_again(killed_and_resumed) -> None:
    k = killed_and_resumed
    full = _responses_200(k["warc"])
    archived = k["at_kill"]["documents"]
    assert archived
    assert {url: full[url] for url in archived} == dict.fromkeys(archived, 1)


def test_a_page_archived_but_not_stored_is_completed_from_the_archive(killed_and_resumed) -> None:
    k = killed_and_resumed
    assert k["repaired"].returncode == 0, k["repaired"].stderr[-3000:]
    assert k["damaged"]["reports"] and k["damaged"]["attachments"]
    repaired_reports, repaired_cells = _archive(k["damaged_db"])
    clean_reports, clean_cells = _archive(k["clean"])
    assert repaired_reports == clean_reports
    assert repaired_cells == clean_cells
    # ... read back from the WARC after a 304, not downloaded again
    full = _responses_200(k["clean_warc"])
    assert {url: full[url] for url in k["damaged"]["pages"]} == dict.fromkeys(k["damaged"]["pages"], 1)
    # the attachments of an archived page were asked for again
    con = sqlite3.connect(k["damaged_db"])
    try:
        fetched = {r[0] for r in con.execute("select url from documents where kind = 'attachment'")}
    finally:
        con.close()
    assert set(k["damaged"]["attachments"]) <= fetched


def test_the_rerun_archives_no_document_twice(killed_and_resumed) -> None:
    """A fetch archived but not acknowledged (its rows were in the batch the kill lost) is cut from
    the WARC at the next start and made again once: every report and attachment is archived once."""
    k = killed_and_resumed
    con = sqlite3.connect(k["db"])
    try:
        urls = {r[0] for r in con.execute("select url from documents where status = 200 "
                                          "and kind in ('report', 'attachment')")}
    finally:
        con.close()
    full = _responses_200(k["warc"])
    assert urls and {url: full[url] for url in urls} == dict.fromkeys(urls, 1)
