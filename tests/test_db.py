"""The archive's schema (the contract), its ids, its idempotent writes and the cross-report checks."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from crawler.crosschecks import checks_for_pair, run_cross_checks
from crawler.db import Store, agency_id, connect, report_id
from tests.test_pipelines import make_cells

# The contract's checker, as copied from ../shared/tools (tests/test_contract.py keeps the copy current).
CONTRACT_TOOL = Path(__file__).resolve().parent / "files" / "tools" / "check_contract.py"
CONTRACT_TABLES = {
    "agencies": ["id", "name", "province", "city", "county", "portal_url"],
    "reports": ["id", "agency_id", "year", "title", "url", "document_url", "published_date", "form_version",
                "first_seen", "last_seen", "sha256", "checks_failed", "text"],
    "cells": ["report_id", "cell_id", "table_name", "row", "col", "value", "inferred"],
    "checks": ["report_id", "rule", "scope", "ok", "detail"],
    "documents": ["url", "sha256", "fetched_at", "status", "content_type", "warc_file", "warc_offset"],
    "crawl_runs": ["id", "started_at", "finished_at", "stats"],
}


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "archive.db")
    yield s
    s.close()


def test_fresh_archive_has_every_contract_column(store):
    for table, cols in CONTRACT_TABLES.items():
        have = set(store.db[table].columns_dict)
        assert set(cols) <= have, (table, set(cols) - have)
    assert store.db.journal_mode == "wal"
    assert "reports_fts" in store.db.table_names()
    assert {"reports_agency_year", "documents_sha256", "cells_cell"} <= {
        i.name for t in ("reports", "documents", "cells") for i in store.db[t].indexes}


def test_contract_tool_accepts_the_archive(store):
    spec = importlib.util.spec_from_file_location("check_contract", CONTRACT_TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.check_db(store.path) == []


def test_schema_creation_is_idempotent_and_keeps_data(tmp_path):
    db = connect(tmp_path / "a.db")
    db["agencies"].insert({"id": "x", "name": "x"})
    db.close()
    db = connect(tmp_path / "a.db")
    assert db["agencies"].count == 1


def test_deterministic_ids():
    assert agency_id(" 泉州市 科学技术局\n") == "泉州市科学技术局"
    assert agency_id("泉州市（科学技术局）") == "泉州市(科学技术局)"
    assert report_id(agency_id("泉州市科学技术局"), 2024) == "泉州市科学技术局:2024"


def test_record_fetch_twice_is_one_row(store):
    row = {"url": "http://a/r", "sha256": "s1", "fetched_at": "2025-01-01T00:00:00Z", "status": 200,
           "warc_file": "f.warc.gz", "warc_offset": 10, "etag": '"1"'}
    store.record_fetch(row)
    store.record_fetch({**row, "fetched_at": "2025-02-01T00:00:00Z", "etag": '"2"', "warc_offset": 99})
    (doc,) = list(store.db.query("select * from documents"))
    assert doc["fetched_at"] == "2025-01-01T00:00:00Z" and doc["last_seen"] == "2025-02-01T00:00:00Z"
    assert doc["warc_offset"] == 10 and doc["etag"] == '"2"' and doc["fetches"] == 2


def test_crawl_run_row(store):
    store.open_run("reports")
    store.close_run({"pages": 3, "reports_new": 1}, "finished")
    (run,) = list(store.db.query("select * from crawl_runs"))
    assert run["id"] == store.run_id and run["started_at"] and run["finished_at"]
    assert json.loads(run["stats"])["pages"] == 3 and run["finish_reason"] == "finished"


def _add(store, agency, year, cells, form="2021", url=None):
    aid = agency_id(agency)
    rid = report_id(aid, year)
    store.upsert_agency({"id": aid, "name": agency}, authoritative=False)
    store.store_report({"id": rid, "agency_id": aid, "year": year, "sha256": f"sha-{year}-{len(store.touched_agencies)}",
                        "url": url or f"http://a/{year}", "document_url": url or f"http://a/{year}",
                        "form_version": form}, cells, [], [], "")
    return rid


def test_cross_report_checks(store):
    prev = make_cells(1)
    cur = make_cells(2)
    # carryover: row 2 of 2024 = row 4 of 2023 in every column but `enterprise`.
    for col in ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total"):
        cur[f"apply/2/{col}"] = prev[f"apply/4/{col}"] + (1 if col == "enterprise" else 0)
    # in_force_continuity: regulation holds, normative_doc does not.
    prev["active/regulation/in_force"], prev["active/normative_doc/in_force"] = 40, 100
    cur.update({"active/regulation/issued": 3, "active/regulation/repealed": 1, "active/regulation/in_force": 42,
                "active/normative_doc/issued": 5, "active/normative_doc/repealed": 2,
                "active/normative_doc/in_force": 110})
    _add(store, "泉州市科学技术局", 2023, prev)
    rid = _add(store, "泉州市科学技术局", 2024, cur)
    result = run_cross_checks(store.db, store.touched_agencies)
    assert result == {"agencies": 1, "failed": 2}
    rows = {(c["rule"], c["scope"]): c for c in store.db.query("select * from checks where report_id = ?", [rid])}
    assert len([k for k in rows if k[0] == "carryover"]) == 7
    assert rows[("carryover", "2023-2024/enterprise")]["ok"] == 0
    assert rows[("carryover", "2023-2024/total")]["ok"] == 1
    assert rows[("in_force_continuity", "2023-2024/regulation")]["ok"] == 1
    bad = rows[("in_force_continuity", "2023-2024/normative_doc")]
    assert bad["ok"] == 0 and "103" in bad["detail"]
    assert store.db["reports"].get(rid)["checks_failed"] == 2
    # The first year has nothing to compare with; a rerun duplicates nothing.
    assert store.db["checks"].count_where("report_id = ?", [report_id("泉州市科学技术局", 2023)]) == 0
    before = store.db["checks"].count
    run_cross_checks(store.db)
    assert store.db["checks"].count == before


def test_cross_checks_skip_blanks_and_the_2019_form():
    prev = make_cells(1, {"apply/4/total": None})
    cur = make_cells(2)
    checks = list(checks_for_pair(2021, cur, prev, "2021", "2019"))
    assert {c["rule"] for c in checks} == {"carryover"}
    assert all(c["scope"] != "2020-2021/total" for c in checks)
    assert len(checks) == 6
