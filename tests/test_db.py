"""The archive's schema (the contract), its ids, its idempotent writes, batching and the cross-report checks."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

from crawler.crosschecks import checks_for_pair, run_cross_checks
from crawler.db import Store, agency_id, bigrams, connect, report_id, text_path
from parsers.form import cell_ids


def make_cells(seed: int, overrides: dict | None = None) -> dict[str, int | float | None]:
    """Every 2021-form cell, non-zero and different from cell to cell and seed to seed."""
    cells: dict[str, int | float | None] = {}
    for i, cid in enumerate(cell_ids("2021")):
        cells[cid] = (i * 31 + seed * 17) % 43 + 1
    cells["active/fee/fee_amount"] = 12.5 + seed
    cells["review/litigation_after_review/pending"] = None  # a published blank
    cells.update(overrides or {})
    return cells

# The contract's checker, as copied from ../shared/tools (tests/test_contract.py keeps the copy current).
CONTRACT_TOOL = Path(__file__).resolve().parent / "files" / "tools" / "check_contract.py"
CONTRACT_TABLES = {
    "agencies": ["id", "name", "province", "city", "county", "portal_url"],
    "reports": ["id", "agency_id", "year", "title", "url", "document_url", "published_date", "form_version",
                "first_seen", "last_seen", "sha256", "checks_failed", "rid", "current_vid", "checks_passed"],
    "report_versions": ["vid", "rid", "sha256", "is_current", "checks_failed", "warnings"],
    "form_cells": ["cell_id", "table_name", "row", "col", "row_label", "col_label", "row_label_en", "col_label_en",
                   "unit", "form_versions", "column_name", "position"],
    "cell_notes": ["vid", "cell_id", "kind", "detail"],
    "apply": ["vid", "apply_1_natural_person", "apply_3_3_1_total", "apply_3_6_total", "apply_4_total"],
    "active": ["vid", "active_regulation_issued", "active_fee_fee_amount", "active_procurement_procurement_amount"],
    "review": ["vid", "review_review_upheld", "review_litigation_after_review_total"],
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
    assert {"reports_agency_year", "documents_sha256", "checks_rule"} <= {
        i.name for t in ("reports", "documents", "checks") for i in store.db[t].indexes}
    assert set(store.db.view_names()) >= {"cells", "report_summary", "apply_wide", "active_wide", "review_wide"}
    types = {c.name: c.type for c in store.db["active"].columns}
    assert types["active_fee_fee_amount"] == "REAL" and types["active_regulation_issued"] == "INTEGER"
    # the text lives in its own file, with both full-text indexes
    text = sqlite3.connect(text_path(store.path))
    names = {r[0] for r in text.execute("select name from sqlite_master")}
    assert {"report_text", "report_text_fts", "report_text_bigram"} <= names
    assert "text" not in store.db["reports"].columns_dict


def test_form_cells_hold_the_form_with_english_labels_and_units(store):
    rows = {r["cell_id"]: r for r in store.db.query("select * from form_cells")}
    assert len(rows) == 226
    fee = rows["active/fee/fee_amount"]
    assert (fee["unit"], fee["row_label"], fee["column_name"]) == ("万元", "行政事业性收费", "active_fee_fee_amount")
    assert fee["col_label_en"].startswith("Fees collected")
    secret = rows["apply/3.3.1/natural_person"]
    assert (secret["unit"], secret["row_label_en"], secret["col_label_en"]) == (
        "件", "(3) Withheld: 1. State secret", "Natural persons")
    assert rows["apply/3.6/total"]["form_versions"] == "2019"
    assert [r["position"] for r in store.db.query("select position from form_cells order by position")] == list(
        range(226))


def test_a_misspelled_key_is_an_error_not_a_new_column(store):
    with pytest.raises(KeyError, match="documents has no column statuss"):
        store.record_fetch({"url": "http://a/r", "sha256": "s1", "fetched_at": "2025-01-01T00:00:00Z",
                            "statuss": 200})
    with pytest.raises(KeyError, match="apply/1/natual_person"):
        store.store_report({"id": "x:2024", "agency_id": "x", "year": 2024, "sha256": "s"},
                           {"apply/1/natual_person": 3}, [], [], "")
    assert store.db["documents"].count == 0 and store.db["reports"].count == 0
    assert "statuss" not in store.db["documents"].columns_dict


def test_writes_are_committed_in_batches_and_at_close(tmp_path):
    path = tmp_path / "archive.db"
    store = Store(path, batch_items=3, batch_seconds=3600)
    row = {"fetched_at": "2025-01-01T00:00:00Z", "status": 200}

    def committed() -> int:
        con = sqlite3.connect(path)
        try:
            return con.execute("select count(*) from documents").fetchone()[0]
        finally:
            con.close()

    store.record_fetch({"url": "http://a/1", "sha256": "s", **row})
    store.record_fetch({"url": "http://a/2", "sha256": "s", **row})
    assert committed() == 0 and store.db["documents"].count == 2  # the writer sees its own batch
    store.record_fetch({"url": "http://a/3", "sha256": "s", **row})
    assert committed() == 3
    store.record_fetch({"url": "http://a/4", "sha256": "s", **row})
    store.close()
    assert committed() == 4


def test_a_failed_item_leaves_nothing_and_the_batch_goes_on(store):
    store.record_fetch({"url": "http://a/1", "sha256": "s", "fetched_at": "2025-01-01T00:00:00Z"})
    with pytest.raises(ValueError):
        store.store_report({"id": "x:2024", "agency_id": "x", "year": 2024, "sha256": "s"},
                           {"apply/1/total": 3, "apply/2/total": "three"}, [], [], "text")
    store.commit()
    assert store.db["documents"].count == 1
    assert store.db["reports"].count == 0 and store.db["report_versions"].count == 0 and store.db["apply"].count == 0


def test_bigrams_cover_one_and_two_character_queries():
    terms = bigrams("行政复议 GB 申请").split()
    assert terms == ["行政", "政复", "复议", "议", "申请", "请"]
    assert bigrams(None) == "" and bigrams("abc") == ""


def test_contract_tool_accepts_the_archive(store):
    spec = importlib.util.spec_from_file_location("check_contract", CONTRACT_TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.check_db(store.path) == []


def test_schema_creation_is_idempotent_and_keeps_data(tmp_path):
    store = Store(tmp_path / "a.db")
    store.upsert_agency({"id": "x", "name": "x"}, authoritative=True)
    store.close()
    before = (tmp_path / "a.db").read_bytes()
    db = connect(tmp_path / "a.db")
    assert db["agencies"].count == 1
    db.close()
    assert (tmp_path / "a.db").read_bytes() == before  # opening a current archive writes nothing


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
    result = run_cross_checks(store, store.touched_agencies)
    assert result == {"agencies": 1, "failed": 2}
    rows = {(c["rule"], c["scope"]): c for c in store.db.query("select * from checks where report_id = ?", [rid])}
    # failed checks are stored with their numbers, passed ones counted
    assert set(rows) == {("carryover", "2023-2024/enterprise"), ("in_force_continuity", "2023-2024/normative_doc")}
    assert rows[("carryover", "2023-2024/enterprise")]["ok"] == 0
    bad = rows[("in_force_continuity", "2023-2024/normative_doc")]
    assert bad["ok"] == 0 and "103" in bad["detail"]
    report = store.report(rid)
    assert (report["checks_failed"], report["checks_passed"], report["cross_passed"]) == (2, 7, 7)
    assert json.loads(report["rules_broken"]) == ["carryover", "in_force_continuity"]
    # The first year has nothing to compare with; a rerun duplicates nothing.
    assert store.db["checks"].count_where("report_id = ?", [report_id("泉州市科学技术局", 2023)]) == 0
    before = store.db["checks"].count
    run_cross_checks(store)
    assert store.db["checks"].count == before
    assert store.report(rid)["checks_passed"] == 7


def test_current_cells_of_a_few_cells_are_those_of_all(store):
    from crawler.crosschecks import CROSS_CELLS

    cells = make_cells(3)
    rid = _add(store, "泉州市科学技术局", 2024, cells)
    every = store.current_cells(rid)
    some = store.current_cells(rid, CROSS_CELLS)
    assert set(some) == CROSS_CELLS & set(every) and len(some) == 20
    assert some == {c: every[c] for c in some}
    assert some["apply/4/total"] == cells["apply/4/total"] and some["active/regulation/in_force"] is not None
    assert store.current_cells(rid, ["apply/1/total"]) == {"apply/1/total": cells["apply/1/total"]}


def test_cross_checks_skip_blanks_and_the_2019_form():
    prev = make_cells(1, {"apply/4/total": None})
    cur = make_cells(2)
    checks = list(checks_for_pair(2021, cur, prev, "2021", "2019"))
    assert {c["rule"] for c in checks} == {"carryover"}
    assert all(c["scope"] != "2020-2021/total" for c in checks)
    assert len(checks) == 6


def test_a_reports_province_follows_its_agency(store):
    rid = _add(store, "泉州市科学技术局", 2024, make_cells(1))
    assert store.report(rid)["province"] is None
    store.upsert_agency({"id": "泉州市科学技术局", "name": "泉州市科学技术局", "province": "福建省"}, authoritative=True)
    assert store.report(rid)["province"] == "福建省"
    store.commit()
    # a place written outside the Store (by hand, say) is copied again when the archive is prepared
    store.con.execute("update agencies set province = '浙江省'")
    store.commit()
    from crawler.publish.views import prepare

    prepare(store.path)
    assert store.report(rid)["province"] == "浙江省"
    (row,) = store.db.query("select province from report_summary")
    assert row["province"] == "浙江省"
