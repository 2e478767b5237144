"""ParsePipeline → StorePipeline on item dicts as the spider yields them, with a fake parser.

The fake (:func:`fake_parse`) reads a JSON spec from an HTML comment in the document and returns a
realistic ParsedReport: every cell of the 2021 form, varied non-zero numbers, a decimal amount, a
blank, an inferred cell, passed and failed checks. test_nightly.py reuses it in a real crawl.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import parsers
from crawler.db import Store
from crawler.pipelines import ParsePipeline, StorePipeline, document_format
from parsers.form import cell_ids
from parsers.report import ParsedReport

_SPEC = re.compile(rb"<!--FAKE (.*?) -->", re.S)
CALLS_LOG_ENV = "NIANBAO_FAKE_PARSE_LOG"


def make_cells(seed: int, overrides: dict | None = None) -> dict[str, int | float | None]:
    """Every 2021-form cell, non-zero and different from cell to cell and seed to seed."""
    cells: dict[str, int | float | None] = {}
    for i, cid in enumerate(cell_ids("2021")):
        cells[cid] = (i * 31 + seed * 17) % 43 + 1
    cells["active/fee/fee_amount"] = 12.5 + seed
    cells["review/litigation_after_review/pending"] = None  # a published blank
    cells.update(overrides or {})
    return cells


def fake_document(agency: str | None = "泉州市科学技术局", year: int | None = 2024, seed: int = 1,
                  cells: dict | None = None, **extra) -> bytes:
    spec = {"agency": agency, "year": year, "seed": seed, "cells": cells or {}, **extra}
    title = f"{agency or ''}{year or ''}年政府信息公开工作年度报告"
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<!--FAKE {json.dumps(spec, ensure_ascii=False)} --><p>正文 seed {seed}</p></body></html>").encode()


def fake_parse(data: bytes, *, source: str = "", content_type: str | None = None,
               url: str | None = None) -> ParsedReport:
    """Stands in for parsers.parse_document until the real one lands."""
    import os

    if os.environ.get(CALLS_LOG_ENV):
        with open(os.environ[CALLS_LOG_ENV], "a", encoding="utf-8") as f:
            f.write(f"{url}\n")
    m = _SPEC.search(data)
    if not m:
        if data.startswith(b"%PDF"):
            return ParsedReport(source=source, error="PDF documents are not supported yet")
        return ParsedReport(source=source, title="其他页面", is_report=False, text=data.decode("utf-8", "replace"))
    spec = json.loads(m.group(1))
    if spec.get("raise"):
        raise ValueError(spec["raise"])
    agency, year = spec.get("agency"), spec.get("year")
    title = f"{agency or ''}{year or ''}年政府信息公开工作年度报告" if year else "政府信息公开工作年度报告"
    cells = make_cells(spec.get("seed", 1), spec.get("cells"))
    return ParsedReport(
        source=source, title=title, agency=agency, year=year,
        published_date=spec.get("published_date", f"{(year or 2024) + 1}-01-20"), form_version="2021",
        cells=cells, inferred=["apply/3.7/research"],
        checks=[{"rule": "apply_balance", "scope": "total", "ok": True, "detail": "12+3 = 10+5"},
                {"rule": "review_total", "scope": "review", "ok": False, "detail": "1+2+0+0 != 4"}],
        warnings=["a label drifted"], is_report=True, text=f"{title} 正文 seed {spec.get('seed')}",
    )


def report_item(body: bytes, url: str = "http://www.qz.gov.cn/r/2024.html", document_url: str | None = None,
                source: dict | None = None, content_type: str | None = "text/html; charset=utf-8",
                list_title: str | None = None) -> dict:
    return {"type": "report", "url": url, "document_url": document_url or url, "body": body,
            "content_type": content_type, "status": 200, "list_title": list_title,
            "site": "www.qz.gov.cn", "source": source, "fetched_at": "2025-02-01T00:00:00+00:00"}


class Stats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key, n=1):
        self.values[key] = self.values.get(key, 0) + n

    def get_value(self, key, default=0):
        return self.values.get(key, default)


class FakeCrawler:
    def __init__(self):
        self.stats = Stats()


@pytest.fixture
def env(tmp_path, monkeypatch):
    calls: list[str | None] = []

    def counting_parse(data, **kwargs):
        calls.append(kwargs.get("url"))
        return fake_parse(data, **kwargs)

    monkeypatch.setattr(parsers, "parse_document", counting_parse)
    store = Store(tmp_path / "archive.db")
    crawler = FakeCrawler()
    parse, save = ParsePipeline(store, crawler), StorePipeline(store, crawler)

    def feed(item):
        return save.process_item(parse.process_item(item))

    yield store, feed, calls, crawler.stats
    store.close()


RID = "泉州市科学技术局:2024"


def test_new_report_writes_every_table(env):
    store, feed, calls, stats = env
    out = feed(report_item(fake_document(seed=1)))
    assert out["outcome"] == "report" and out["report_id"] == RID and out["body"] == b""
    assert stats.get_value("nianbao/reports_new") == 1
    report = store.report(RID)
    assert report["agency_id"] == "泉州市科学技术局" and report["year"] == 2024
    assert report["form_version"] == "2021" and report["published_date"] == "2025-01-20"
    assert report["checks_failed"] == 1 and report["first_seen"] and report["last_seen"]
    assert "text" not in report  # the text is in the text database
    agency = store.db["agencies"].get("泉州市科学技术局")
    assert agency["name"] == "泉州市科学技术局" and agency["portal_url"] == "http://www.qz.gov.cn/"
    expected = make_cells(1)
    rows = {r["cell_id"]: r for r in store.db.query("select * from cells where report_id = ?", [RID])}
    assert len(rows) == len(cell_ids("2021"))
    assert {cid: r["value"] for cid, r in rows.items()} == expected
    assert rows["active/fee/fee_amount"]["value"] == 13.5
    assert rows["apply/1/total"]["table_name"] == "apply" and rows["apply/1/total"]["row"] == "1"
    assert rows["apply/3.7/research"]["inferred"] == 1 and rows["apply/1/total"]["inferred"] == 0
    assert len({r["value"] for r in rows.values()}) > 20  # varied, non-zero
    checks = {(c["rule"], c["ok"]) for c in store.db.query("select * from checks")}
    assert checks == {("review_total", 0)}  # failed checks stored, passed ones counted
    assert report["checks_passed"] == 1 and json.loads(report["rules_broken"]) == ["review_total"]
    # the numbers: one row per version in each wide table, the current one joined through reports
    apply = next(store.db.query("select a.* from reports r join apply a on a.vid = r.current_vid where r.id = ?",
                                [RID]))
    assert apply["apply_1_total"] == expected["apply/1/total"] and apply["apply_3_6_total"] is None  # 2019-only
    notes = list(store.db.query("select cell_id, kind from cell_notes where vid = ?", [report["current_vid"]]))
    assert notes == [{"cell_id": "apply/3.7/research", "kind": "inferred"}]
    doc = store.document(report["document_url"], report["sha256"])
    assert doc["parse_status"] == "report" and doc["report_id"] == RID
    # full-text search over the report text, in the text database, keyed by the report's rid
    text = store.text
    hits = text.execute("select rowid from report_text_fts where report_text_fts match ?", ['"正文 seed"']).fetchall()
    assert hits == [(report["rid"],)]
    assert text.execute("select rowid from report_text_bigram where report_text_bigram match '\"正文\"'").fetchall() == [
        (report["rid"],)]
    assert text.execute("select report_id, agency, year from report_text").fetchall() == [(RID, "泉州市科学技术局", 2024)]


def test_same_bytes_again_are_not_parsed_or_duplicated(env):
    store, feed, calls, stats = env
    feed(report_item(fake_document(seed=1)))
    counts = {t: store.db[t].count for t in ("reports", "cells", "checks", "report_versions", "documents", "agencies")}
    out = feed(report_item(fake_document(seed=1)))
    assert out["outcome"] == "skipped" and out["report_id"] == RID
    assert len(calls) == 1
    assert stats.get_value("nianbao/reports_unchanged") == 1
    assert {t: store.db[t].count for t in counts} == counts


def test_changed_report_keeps_history_and_points_at_newest(env):
    store, feed, calls, stats = env
    feed(report_item(fake_document(seed=1)))
    first_sha = store.report(RID)["sha256"]
    feed(report_item(fake_document(seed=2)))
    assert stats.get_value("nianbao/reports_changed") == 1
    report = store.report(RID)
    assert report["sha256"] != first_sha and report["changed_at"] and report["versions"] == 2
    versions = {v["sha256"]: v for v in store.db.query("select * from report_versions where rid = ?", [report["rid"]])}
    assert versions[first_sha]["is_current"] == 0 and versions[first_sha]["superseded_at"]
    old = next(store.db.query("select * from apply where vid = ?", [versions[first_sha]["vid"]]))
    assert old["apply_1_total"] == make_cells(1)["apply/1/total"] != make_cells(2)["apply/1/total"]
    assert versions[report["sha256"]]["is_current"] == 1 and report["current_vid"] == versions[report["sha256"]]["vid"]
    # warnings stored once: on reports for the current version, on the row of a superseded one
    assert versions[report["sha256"]]["warnings"] is None and report["warnings"] is not None
    assert isinstance(json.loads(versions[first_sha]["warnings"]), list)
    # the text follows the current version (one row, re-indexed once)
    assert store.text.execute("select count(*) from report_text").fetchone()[0] == 1
    value = store.db.execute("select value from cells where report_id = ? and cell_id = 'apply/1/total'",
                             [RID]).fetchone()[0]
    assert value == make_cells(2)["apply/1/total"]
    assert store.db["cells"].count == len(cell_ids("2021"))
    # Both versions seen again: nothing changes, nothing is duplicated.
    feed(report_item(fake_document(seed=2)))
    assert store.db["report_versions"].count == 2 and store.report(RID)["sha256"] == report["sha256"]


def test_another_copy_elsewhere_is_kept_but_not_current(env):
    store, feed, calls, stats = env
    feed(report_item(fake_document(seed=1)))
    feed(report_item(fake_document(seed=3), url="http://www.qz.gov.cn/other/2024.html"))
    assert stats.get_value("nianbao/reports_duplicate") == 1
    assert store.report(RID)["url"] == "http://www.qz.gov.cn/r/2024.html"
    assert store.db["report_versions"].count == 2
    # Seen again every night: no flip-flop between the two copies.
    feed(report_item(fake_document(seed=3), url="http://www.qz.gov.cn/other/2024.html"))
    feed(report_item(fake_document(seed=1)))
    assert store.report(RID)["url"] == "http://www.qz.gov.cn/r/2024.html"
    assert stats.get_value("nianbao/reports_changed") == 0


def test_agency_and_place_from_the_source(env):
    store, feed, calls, stats = env
    source = {"name": "平潭县人民政府", "province": "福建省", "city": "福州市", "county": "平潭县",
              "start_urls": ["http://www.pingtan.gov.cn/"], "verified": True}
    # The source's own report (named as the source, or naming no agency): the source's agency.
    out = feed(report_item(fake_document(agency="平潭县 人民政府", year=2023), source=source))
    assert out["report_id"] == "平潭县人民政府:2023"
    out = feed(report_item(fake_document(agency=None, year=2022), url="http://www.pingtan.gov.cn/2022.html",
                           source=source))
    assert out["report_id"] == "平潭县人民政府:2022"
    agency = store.db["agencies"].get("平潭县人民政府")
    assert (agency["name"], agency["province"], agency["city"], agency["county"], agency["portal_url"]) == \
        ("平潭县人民政府", "福建省", "福州市", "平潭县", "http://www.pingtan.gov.cn/")
    # A bureau's report on the same portal keeps its own agency (never merged into the source's),
    # with the portal's place.
    out = feed(report_item(fake_document(agency="平潭县教育局", year=2023), url="http://www.pingtan.gov.cn/jy.html",
                           source=source))
    assert out["report_id"] == "平潭县教育局:2023"
    bureau = store.db["agencies"].get("平潭县教育局")
    assert (bureau["county"], bureau["source_name"]) == ("平潭县", "平潭县人民政府")
    warnings = json.loads(store.report("平潭县教育局:2023")["warnings"])
    assert any("平潭县人民政府" in w for w in warnings)
    assert store.db["reports"].count == 3
    # A later sighting without a source never overwrites the source's place columns.
    feed(report_item(fake_document(agency="平潭县人民政府", year=2021), url="http://mirror.gov.cn/2021.html"))
    assert store.db["agencies"].get("平潭县人民政府")["province"] == "福建省"


def test_year_from_the_list_title_or_kept_as_a_document(env):
    store, feed, calls, stats = env
    out = feed(report_item(fake_document(year=None), list_title="泉州市科学技术局2021年政府信息公开工作年度报告"))
    assert out["report_id"] == "泉州市科学技术局:2021"
    body = fake_document(year=None)
    out = feed(report_item(body, url="http://www.qz.gov.cn/r/undated.html", list_title="年度报告"))
    assert out["outcome"] == "no_year" and out["report_id"] is None
    doc = list(store.db.query("select * from documents where url = ?", ["http://www.qz.gov.cn/r/undated.html"]))
    assert doc[0]["parse_status"] == "no_year" and "no year" in doc[0]["parse_reason"]
    assert store.db["reports"].count == 1


def test_bad_input_is_recorded_and_the_run_goes_on(env):
    store, feed, calls, stats = env
    out = feed(report_item(fake_document(**{"raise": "table layout not understood"}), url="http://www.qz.gov.cn/bad"))
    assert out["outcome"] == "error"
    err = list(store.db.query("select * from errors"))
    assert err[0]["stage"] == "parse" and "table layout not understood" in err[0]["reason"]
    assert store.document("http://www.qz.gov.cn/bad", out["sha256"])["parse_status"] == "error"
    pdf = feed(report_item(b"%PDF-1.7 ...", url="http://www.qz.gov.cn/a.pdf", content_type="application/pdf"))
    assert pdf["outcome"] == "unparsed"
    assert "pdf" in store.document("http://www.qz.gov.cn/a.pdf", pdf["sha256"])["parse_reason"]
    other = feed(report_item(b"<html>about us</html>", url="http://www.qz.gov.cn/about"))
    assert other["outcome"] == "not_report"
    assert feed(report_item(fake_document(seed=5)))["outcome"] == "report"
    assert stats.get_value("nianbao/errors") == 1


def test_parser_not_implemented_marks_unparsed(env, monkeypatch):
    store, feed, calls, stats = env

    def not_yet(data, **kwargs):
        raise NotImplementedError

    monkeypatch.setattr(parsers, "parse_document", not_yet)
    out = feed(report_item(b"<html>x</html>", url="http://www.qz.gov.cn/x.docx", content_type=None))
    assert out["outcome"] == "unparsed"
    assert "docx" in store.document("http://www.qz.gov.cn/x.docx", out["sha256"])["parse_reason"]


def test_blocked_error_and_unchanged_items(env):
    store, feed, calls, stats = env
    feed(report_item(fake_document(seed=1)))
    before = store.report(RID)["last_seen"]
    feed({"type": "blocked", "site": "www.blocked.gov.cn", "url": "http://www.blocked.gov.cn/", "status": 403,
          "reason": "WAF challenge"})
    feed({"type": "blocked", "site": "www.blocked.gov.cn", "url": "http://www.blocked.gov.cn/2", "status": 403,
          "reason": "WAF challenge"})
    feed({"type": "error", "url": "http://www.gone.gov.cn/", "site": "www.gone.gov.cn", "reason": "DNS lookup failed"})
    feed({"type": "unchanged", "url": "http://www.qz.gov.cn/r/2024.html"})
    assert store.db["blocked_sites"].count == 1  # one row per site and run
    assert store.run_counts() == {"errors": 1, "blocked_sites": 1}
    assert stats.get_value("nianbao/reports_unchanged") == 1
    assert store.report(RID)["last_seen"] >= before


def test_document_format():
    assert document_format("application/octet-stream", "http://a/b/report.PDF") == "pdf"
    assert document_format("text/html;charset=gbk", "http://a/b/") == "html"
    assert document_format(None, "http://a/t.wps") == "wps"
    assert document_format("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           "http://a/download?id=3") == "docx"


def test_fake_parser_matches_the_contract_shape():
    """The fake must look like the real thing: every cell of the form, JSON as the contract says."""
    r = fake_parse(fake_document(), source="x.html")
    out = r.to_json()
    assert set(out["cells"]) == set(cell_ids("2021")) and out["year"] == 2024
    import jsonschema

    schema = Path(__file__).resolve().parent / "files" / "spec" / "parse-output.schema.json"
    jsonschema.validate(out, json.loads(schema.read_text(encoding="utf-8")))


def test_an_attachment_takes_title_and_date_from_its_page(env):
    store, feed, _calls, _stats = env
    # the attachment's own text names no date and a generic title; its page knows both
    body = fake_document(agency="泉州市科学技术局", year=2023, seed=4, published_date=None)
    item = report_item(body, url="http://www.qz.gov.cn/r/2023.html",
                       document_url="http://www.qz.gov.cn/r/P020240118.pdf", list_title="附件下载")
    item.update(page_title="泉州市科学技术局2023年政府信息公开工作年度报告", page_published_date="2024-01-18")
    out = feed(item)
    assert out["outcome"] == "report"
    report = store.report("泉州市科学技术局:2023")
    assert report["published_date"] == "2024-01-18"
    assert report["title"] == "泉州市科学技术局2023年政府信息公开工作年度报告"
    assert report["document_url"].endswith("P020240118.pdf")
