"""Findings over the archive: timeliness stored on reports, silent edits, the requests_jump flag,
text_vs_table checks from the pipeline, and the Atom feed of edits."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from datasette.app import Datasette

import parsers
from crawler.crosschecks import run_cross_checks
from crawler.db import Store, agency_id, report_id
from crawler.findings import diff_cells, requests_jump
from crawler.pipelines import normalize
from crawler.publish.feeds import atom_feed
from crawler.publish.metadata import build_metadata

ATOM = "{http://www.w3.org/2005/Atom}"
REALDOCS = Path(__file__).parent / "files" / "realdocs"


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "archive.db")
    yield s
    s.close()


def add(store: Store, agency: str, year: int, cells: dict, *, sha: str, url: str | None = None,
        published: str | None = None, source: str | None = None, checks: list | None = None) -> str:
    aid = agency_id(agency)
    rid = report_id(aid, year)
    store.upsert_agency({"id": aid, "name": agency}, authoritative=False)
    url = url or f"http://x.gov.cn/{year}.html"
    store.store_report({"id": rid, "agency_id": aid, "year": year, "sha256": sha, "url": url, "document_url": url,
                        "form_version": "2021", "published_date": published, "date_source": source},
                       cells, [], checks or [], "正文")
    return rid


def report(store: Store, rid: str) -> dict:
    return store.report(rid)


def test_timeliness_is_stored_on_reports(store):
    late = add(store, "某市财政局", 2024, {"apply/1/total": 3}, sha="a", published="2025-02-10", source="meta")
    gov = add(store, "某县人民政府", 2024, {"apply/1/total": 9}, sha="b", published="2025-03-28", source="page")
    seen_early = add(store, "某市教育局", 2024, {"apply/1/total": 1}, sha="c")
    seen_late = add(store, "某市交通运输局", 2024, {"apply/1/total": 2}, sha="d")
    store.con.execute("update reports set first_seen = '2025-01-20T08:00:00Z' where id = ?", [seen_early])
    store.con.execute("update reports set first_seen = '2025-06-01T08:00:00Z' where id = ?", [seen_late])
    run_cross_checks(store)
    r = report(store, late)
    assert (r["agency_kind"], r["deadline"], r["timeliness"], r["days_late"], r["date_source"]) == (
        "department", "2025-01-31", "late", 10, "meta")
    r = report(store, gov)
    assert (r["agency_kind"], r["deadline"], r["timeliness"], r["days_late"]) == ("government", "2025-03-31",
                                                                                  "on_time", None)
    assert report(store, seen_early)["timeliness"] == "on_time"
    r = report(store, seen_late)
    assert r["timeliness"] == "unknown" and r["days_late"] is None and "first seen" in r["timeliness_reason"]


def test_timeliness_counts_from_the_first_publication(store):
    url = "http://x.gov.cn/2024.html"
    rid = add(store, "某市财政局", 2024, {"apply/1/total": 3}, sha="v1", url=url, published="2025-01-25", source="meta")
    add(store, "某市财政局", 2024, {"apply/1/total": 4}, sha="v2", url=url, published="2025-04-02", source="meta")
    run_cross_checks(store)
    r = report(store, rid)
    assert (r["published_date"], r["timeliness"]) == ("2025-04-02", "on_time")
    assert "2025-01-25" in r["timeliness_reason"]


def test_diff_cells():
    assert diff_cells({"a": 1, "b": 2, "c": None}, {"a": 1, "b": 3, "c": 4, "d": None}) == [("b", 2, 3), ("c", None, 4)]


def test_silent_edits_are_listed_with_the_cells_they_changed(store):
    url = "http://x.gov.cn/2024.html"
    first = {"apply/1/total": 23, "apply/2/total": 2, "review/review/total": 1}
    rid = add(store, "某市财政局", 2024, first, sha="v1", url=url, published="2025-01-20", source="meta")
    # a copy on another site, not newer: a duplicate, not an edit
    add(store, "某市财政局", 2024, {**first, "apply/1/total": 99}, sha="copy", url="http://mirror/2024.html",
        published="2025-01-20", source="meta")
    add(store, "某市财政局", 2024, {**first, "apply/1/total": 25, "review/review/total": None}, sha="v2", url=url,
        published="2025-01-20", source="meta")
    add(store, "某市财政局", 2024, {**first, "apply/1/total": 25, "review/review/total": None}, sha="v3", url=url,
        published="2025-02-03", source="meta")
    run_cross_checks(store)
    edits = list(store.db.query("select * from report_edits where report_id = ? order by first_seen, vid", [rid]))
    assert [e["cells_changed"] for e in edits] == [2, 0]
    assert "apply/1/total 23 → 25" in edits[0]["changes"] and "review/review/total 1 → null" in edits[0]["changes"]
    assert "99" not in edits[0]["changes"]
    assert edits[1]["changes"] == "published_date 2025-01-20 → 2025-02-03"
    assert edits[0]["prev_first_seen"] and edits[0]["first_seen"]
    changes = {(c["cell_id"], c["before"], c["after"]) for c in store.db.query(
        "select * from version_changes where vid = ?", [edits[0]["vid"]])}
    assert changes == {("apply/1/total", 23, 25), ("review/review/total", 1, None)}
    # a rerun rewrites, never duplicates
    run_cross_checks(store)
    assert store.db["report_edits"].count == 2 and store.db["version_changes"].count == 2


@pytest.mark.parametrize("cur,prev,flagged", [(80, 5, True), (15, 1, False), (90, 10, False), (300, 0, False),
                                              (None, 3, False), (21, 2, True)])
def test_requests_jump_rule(cur, prev, flagged):
    assert (requests_jump(2024, cur, prev) is not None) == flagged


def test_requests_jump_is_a_flag_not_a_broken_rule(store):
    add(store, "某市财政局", 2023, {"apply/1/total": 5}, sha="a")
    rid = add(store, "某市财政局", 2024, {"apply/1/total": 80}, sha="b")
    run_cross_checks(store)
    (flag,) = list(store.db.query("select * from flags"))
    assert (flag["report_id"], flag["flag"], flag["scope"]) == (rid, "requests_jump", "2023-2024")
    assert "80" in flag["detail"] and "5" in flag["detail"]
    assert report(store, rid)["checks_failed"] == 0 and report(store, rid)["rules_broken"] is None
    assert store.db["checks"].count == 0


def test_text_contradicting_the_tables_reaches_the_checks_table(store):
    html = (REALDOCS / "pingtan_2025.html").read_bytes().decode("utf-8")
    said = '共收到政府信息公开申请</span><span style="text-indent: 2em;">154</span>'
    body = html.replace(said, said.replace("154", "164")).encode("utf-8")
    url = "http://www.pingtan.gov.cn/2025.html"
    parsed = parsers.parse_document(body, source=url, url=url)
    outcome = normalize({"url": url, "site": "www.pingtan.gov.cn", "content_type": "text/html"}, parsed, "sha")
    rec = outcome.record
    assert rec.report["date_source"] == "page"
    store.upsert_agency(rec.agency, authoritative=False)
    store.store_report(rec.report, rec.cells, rec.inferred, rec.checks, rec.text)
    run_cross_checks(store)
    (check,) = list(store.db.query("select * from checks where rule = 'text_vs_table'"))
    assert check["scope"] == "requests_received" and check["ok"] == 0 and "164" in check["detail"]
    r = report(store, rec.report["id"])
    assert r["checks_failed"] >= 1 and "text_vs_table" in r["rules_broken"]
    assert (r["agency_kind"], r["timeliness"], r["published_date"]) == ("government", "on_time", "2026-03-10")


def test_atom_feed_xml():
    rows = [{"vid": 7, "report_id": "某局:2024", "first_seen": "2025-03-01T00:00:00Z", "prev_first_seen": "2025-01-20T00:00:00Z",
             "prev_last_seen": "2025-02-28T00:00:00Z", "cells_changed": 1, "changes": "apply/1/total 23 → 25",
             "rid": 1, "title": "某局2024年报告 <b>", "url": "http://x/a?b=1&c=2", "year": 2024, "agency": "某局",
             "province": None}]
    root = ET.fromstring(atom_feed(rows, feed_url="http://h/-/changed.atom", base_url="http://h"))
    (entry,) = root.findall(f"{ATOM}entry")
    assert "1 个数字被修改" in entry.find(f"{ATOM}title").text
    assert "apply/1/total 23 → 25" in entry.find(f"{ATOM}summary").text
    assert entry.find(f"{ATOM}updated").text == "2025-03-01T00:00:00Z"
    assert entry.find(f"{ATOM}link").get("href") == "http://h/-/archive/某局:2024"
    assert not ET.fromstring(atom_feed([], feed_url="u", base_url="b")).findall(f"{ATOM}entry")


def test_feed_route_serves_the_edits(store, tmp_path):
    url = "http://x.gov.cn/2024.html"
    add(store, "某市财政局", 2024, {"apply/1/total": 23}, sha="v1", url=url)
    add(store, "某市财政局", 2024, {"apply/1/total": 25}, sha="v2", url=url)
    run_cross_checks(store)
    store.commit()
    db = Path(store.path)
    ds = Datasette([str(db)], metadata=build_metadata(db.stem, warc_dir=tmp_path))

    async def get():
        return await ds.client.get("/-/changed.atom")

    resp = asyncio.run(get())
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/atom+xml")
    (entry,) = ET.fromstring(resp.text).findall(f"{ATOM}entry")
    assert "apply/1/total 23 → 25" in entry.find(f"{ATOM}summary").text


def test_canned_queries_and_charts_of_the_findings(store, tmp_path):
    url = "http://x.gov.cn/2024.html"
    add(store, "某市财政局", 2023, {"apply/1/total": 5}, sha="a", published="2024-01-20", source="meta")
    rid = add(store, "某市财政局", 2024, {"apply/1/total": 80}, sha="v1", url=url, published="2025-02-10",
              source="meta", checks=[{"rule": "text_vs_table", "scope": "requests_received", "ok": False,
                                      "detail": "text 90 ≠ table apply/1/total 80"}])
    add(store, "某市财政局", 2024, {"apply/1/total": 81}, sha="v2", url=url, published="2025-02-10", source="meta")
    other = add(store, "某县人民政府", 2024, {"apply/1/total": 7}, sha="o", published="2025-03-02", source="page",
                checks=[{"rule": "text_vs_table", "scope": "reviews", "ok": False,
                         "detail": "text 3 ≠ table review/review/total 2"}])
    store.con.execute("update agencies set province = '福建省'")
    run_cross_checks(store)
    store.commit()
    meta = build_metadata("archive")
    queries = meta["databases"]["archive"]["queries"]
    charts = meta["plugins"]["datasette-dashboards"]["overview"]["charts"]

    def run(sql: str, **params) -> list[dict]:
        sql = sql.replace("[[ and a.province = :province ]]", "")
        cur = store.con.execute(sql, params)
        return [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur.fetchall()]

    (fj24,) = [r for r in run(queries["timeliness_by_province_year"]["sql"]) if r["year"] == 2024]
    assert (fj24["province"], fj24["late"], fj24["on_time"], fj24["on_time_percent"]) == ("福建省", 1, 1, 50.0)
    assert [r["year"] for r in run(queries["late_reports"]["sql"], province="")] == [2024]
    # the text check was the first version's; the current version's checks replaced it
    (said,) = run(queries["text_contradicts_tables"]["sql"])
    assert (said["report_id"], said["statement"]) == (other, "reviews")
    (edit,) = run(queries["reports_changed_after_publication"]["sql"])
    assert edit["changes"] == "apply/1/total 80 → 81" and edit["report_id"] == rid
    (jump,) = run(queries["requests_jumps"]["sql"])
    assert jump["year"] == 2024 and "81" in jump["numbers"]
    assert [(r["year"], r["on_time_percent"]) for r in run(charts["on-time"]["query"])] == [(2023, 100.0), (2024, 50.0)]
    assert run(charts["text-vs-table"]["query"]) == [{"year": 2024, "reports": 1}]
