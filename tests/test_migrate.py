"""Upgrading an archive made by the released v1 code (tests/files/archive_v1) to archive v2, in place."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from crawler import db as dbmod
from crawler.db import Store, connect, migrate, text_path
from crawler.migrate_cmd import run as migrate_cmd
from parsers.form import cell_def, column_name

V1 = Path(__file__).parent / "files" / "archive_v1"


def _v1_facts(path: Path) -> dict:
    """What the v1 archive holds, read with plain SQL on its v1 tables."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        reports = {r["id"]: dict(r) for r in con.execute("select * from reports")}
        cells = {}
        for r in con.execute("select report_id, cell_id, value, inferred from cells"):
            cells.setdefault(r["report_id"], {})[r["cell_id"]] = (r["value"], r["inferred"])
        versions = {(r["report_id"], r["sha256"]): dict(r) for r in con.execute("select * from report_versions")}
        checks = {(r["report_id"], r["rule"], r["scope"]): dict(r) for r in con.execute("select * from checks")}
        docs = con.execute("select url, sha256, warc_file, warc_offset, parse_status, report_id from documents "
                           "order by 1, 2").fetchall()
        runs = con.execute("select id, stats, finished_at from crawl_runs order by id").fetchall()
        agencies = con.execute("select * from agencies order by id").fetchall()
        return {"reports": reports, "cells": cells, "versions": versions, "checks": checks,
                "docs": [tuple(d) for d in docs], "runs": [tuple(r) for r in runs],
                "agencies": [tuple(a) for a in agencies]}
    finally:
        con.close()


@pytest.fixture
def v1(tmp_path) -> Path:
    shutil.copytree(V1, tmp_path / "a")
    return tmp_path / "a" / "archive.db"


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_the_fixture_is_a_v1_archive_with_history():
    facts = _v1_facts(V1 / "archive.db")
    assert len(facts["reports"]) == 21 and len(facts["versions"]) == 22
    assert any(not v["is_current"] for v in facts["versions"].values())  # an earlier version, numbers in JSON only
    assert {k[1] for k, c in facts["checks"].items() if not c["ok"]} >= {"carryover", "in_force_continuity",
                                                                         "apply_row_total"}


def test_opening_a_v1_archive_upgrades_it_keeping_everything(v1):
    before = _v1_facts(v1)
    store = Store(v1)  # what a crawl does: open it
    try:
        con = store.con
        con.row_factory = sqlite3.Row
        assert con.execute("pragma user_version").fetchone()[0] == 2
        # every report, with its metadata and the same integer key as its v1 rowid
        reports = {r["id"]: dict(r) for r in con.execute("select * from reports")}
        assert set(reports) == set(before["reports"])
        for rid, old in before["reports"].items():
            new = reports[rid]
            for col in ("agency_id", "year", "title", "url", "document_url", "published_date", "form_version",
                        "first_seen", "last_seen", "sha256", "checks_failed", "warnings", "versions"):
                assert new[col] == old[col], (rid, col)
        # current numbers, cell by cell, through the cells view (values and inferred flags)
        for rid, cells in before["cells"].items():
            got = {r["cell_id"]: (r["value"], r["inferred"])
                   for r in con.execute("select * from cells where report_id = ?", [rid])}
            assert got == cells, rid
        # and through the wide tables, as the contract reads them
        row = con.execute("select a.* from reports r join apply a on a.vid = r.current_vid where r.id = ?",
                          ["泉州市科学技术局:2024"]).fetchone()
        assert row["apply_1_natural_person"] == before["cells"]["泉州市科学技术局:2024"]["apply/1/natural_person"][0]
        # earlier versions keep their numbers (from the v1 JSON copy)
        versions = con.execute("select v.*, r.id as report_id from report_versions v join reports r on r.rid = v.rid"
                               ).fetchall()
        assert len(versions) == len(before["versions"])
        for v in versions:
            old = before["versions"][(v["report_id"], v["sha256"])]
            assert (v["is_current"], v["url"], v["first_seen"], v["superseded_at"]) == (
                old["is_current"], old["url"], old["first_seen"], old["superseded_at"])
            want = json.loads(old["cells"])
            got = {}
            for table in ("active", "apply", "review"):
                r = con.execute(f"select * from {table} where vid = ?", [v["vid"]]).fetchone()
                if r is not None:
                    got.update({cid: r[column_name(cell_def(cid))] for cid in want if cell_def(cid).table == table})
            assert got == want, v["report_id"]
            inferred = {r[0] for r in con.execute("select cell_id from cell_notes where vid = ? and kind = 'inferred'",
                                                  [v["vid"]])}
            assert inferred == set(json.loads(old["inferred"] or "[]"))
        earlier = [v for v in versions if not v["is_current"]]
        assert len(earlier) == 1
        # failed checks with their numbers; passed ones counted
        failed = {k: c for k, c in before["checks"].items() if not c["ok"]}
        got = {(r["report_id"], r["rule"], r["scope"]): dict(r) for r in con.execute("select * from checks")}
        assert set(got) == set(failed) and all(got[k]["detail"] == failed[k]["detail"] for k in got)
        for rid in before["reports"]:
            passed = sum(1 for k, c in before["checks"].items() if k[0] == rid and c["ok"])
            assert reports[rid]["checks_passed"] == passed, rid
        qz = reports["泉州市科学技术局:2024"]
        assert json.loads(qz["rules_broken"]) == ["carryover", "in_force_continuity"] and qz["cross_passed"] == 6
        # documents, runs and agencies as they were
        docs = [tuple(r) for r in con.execute("select url, sha256, warc_file, warc_offset, parse_status, report_id "
                                              "from documents order by 1, 2")]
        assert docs == before["docs"]
        assert [tuple(r) for r in con.execute("select id, stats, finished_at from crawl_runs order by id")] == before[
            "runs"]
        assert [tuple(r) for r in con.execute("select * from agencies order by id")] == before["agencies"]
        # the text moved to the text database, searchable there, gone from the numbers
        assert "text" not in {r[1] for r in con.execute("pragma table_info(reports)")}
        assert not con.execute("select 1 from sqlite_master where name like 'reports_fts%'").fetchall()
        text = sqlite3.connect(text_path(v1))
        rows = dict(text.execute("select report_id, text from report_text"))
        assert rows == {rid: r["text"] for rid, r in before["reports"].items()}
        hits = text.execute("select t.report_id from report_text_fts f join report_text t on t.rid = f.rowid "
                            "where report_text_fts match '\"示例正文\"'").fetchall()
        assert hits == [("泉州市科学技术局:2023",)]
        keys = dict(text.execute("select report_id, rid from report_text"))
        assert keys == {rid: r["rid"] for rid, r in reports.items()}
        text.close()
    finally:
        store.close()


def test_migrating_twice_changes_nothing(v1, capsys):
    class Args:
        db = v1

    assert migrate_cmd(Args()) == 0
    assert "upgraded to archive v2: 21 reports, 22 versions" in capsys.readouterr().out
    numbers, text = _dump(v1), _dump(text_path(v1))
    assert migrate(v1) is None
    assert migrate_cmd(Args()) == 0 and "nothing to do" in capsys.readouterr().out
    connect(v1).close()
    assert _dump(v1) == numbers and _dump(text_path(v1)) == text


def test_a_crash_mid_migration_leaves_the_v1_archive_usable(v1, monkeypatch):
    before = _dump(v1)

    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(dbmod, "_insert_numbers", boom)
    with pytest.raises(RuntimeError, match="power cut"):
        migrate(v1)
    assert _dump(v1) == before  # untouched: the migration is one transaction
    monkeypatch.undo()
    counts = migrate(v1)  # and it migrates cleanly afterwards (the text written twice is replaced)
    assert counts["reports"] == 21
    text = sqlite3.connect(text_path(v1))
    assert text.execute("select count(*) from report_text").fetchone()[0] == 21
    assert text.execute("select count(*) from report_text_fts_docsize").fetchone()[0] == 21
    text.close()
