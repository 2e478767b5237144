"""ParsePipeline → StorePipeline on item dicts as the spider yields them, with the real parser.

Each test renders a real report document with the demo renderer (:mod:`demo.values` gives one
value set, varied and mostly non-zero; :mod:`demo.render` prints it as an HTML layout), names the
agency, year and title itself, and asserts what the store holds against the values it rendered,
never against what the parser said. Parses are counted through the stats the pipeline keeps
(``nianbao/parsed``) and the ``documents`` rows it writes.
"""

from __future__ import annotations

import json
import re

import pytest

from crawler.db import Store
from crawler.pipelines import ParsePipeline, StorePipeline, document_format
from demo.render import Rendered, render
from demo.values import BREAKS, generate
from parsers.form import cell_ids

RID = "泉州市科学技术局:2024"
# The one published mistake every default document carries: review_total fails for this scope.
BROKEN_RULE = "review_total"
BROKEN_SCOPE = BREAKS[BROKEN_RULE][1][0][1]


def rendered(agency: str = "泉州市科学技术局", year: int = 2024, seed: int = 1, *, layout: str = "html_table",
             form_version: str = "2021", break_rule: str | None = BROKEN_RULE) -> Rendered:
    """A real report document for ``agency``/``year`` and the values printed in it."""
    values = generate(seed, form_version, agency=agency, year=year, break_rule=break_rule)
    return render(values, layout, chrome=False)


def report_document(agency: str = "泉州市科学技术局", year: int = 2024, seed: int = 1, **kw) -> bytes:
    return rendered(agency, year, seed, **kw).data


def without_year(data: bytes) -> bytes:
    """The document with every year and date struck out (a report that never says which year)."""
    return re.sub(r"\d{4}(年|-\d\d-\d\d)".encode(), b"", data)


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
    """Only the stats collector the pipelines read (no Scrapy engine needed to feed items)."""

    def __init__(self):
        self.stats = Stats()


@pytest.fixture
def env(tmp_path):
    store = Store(tmp_path / "archive.db")
    crawler = FakeCrawler()
    parse, save = ParsePipeline(store, crawler), StorePipeline(store, crawler)

    def feed(item):
        return save.process_item(parse.process_item(item))

    yield store, feed, crawler.stats
    store.close()


def stored_cells(store: Store, rid: str) -> dict[str, dict]:
    return {r["cell_id"]: r for r in store.db.query("select * from cells where report_id = ?", [rid])}


def test_new_report_writes_every_table(env):
    store, feed, stats = env
    doc = rendered(seed=1)
    out = feed(report_item(doc.data))
    assert out["outcome"] == "report" and out["report_id"] == RID and out["body"] == b""
    assert stats.get_value("nianbao/reports_new") == 1 and stats.get_value("nianbao/parsed") == 1
    report = store.report(RID)
    assert report["agency_id"] == "泉州市科学技术局" and report["year"] == 2024
    assert report["title"] == doc.expected["title"] == "泉州市科学技术局2024年政府信息公开工作年度报告"
    assert report["form_version"] == "2021" and report["published_date"] == doc.expected["published_date"]
    assert report["checks_failed"] == 1 and report["first_seen"] and report["last_seen"]
    assert "text" not in report  # the text is in the text database
    agency = store.db["agencies"].get("泉州市科学技术局")
    assert agency["name"] == "泉州市科学技术局" and agency["portal_url"] == "http://www.qz.gov.cn/"
    expected = doc.expected["cells"]
    rows = stored_cells(store, RID)
    assert len(rows) == len(cell_ids("2021"))
    assert {cid: r["value"] for cid, r in rows.items()} == expected
    fee = expected["active/fee/fee_amount"]
    assert isinstance(fee, float) and fee != int(fee) and rows["active/fee/fee_amount"]["value"] == fee
    assert rows["apply/1/total"]["table_name"] == "apply" and rows["apply/1/total"]["row"] == "1"
    assert not any(r["inferred"] for r in rows.values())  # every cell printed: nothing inferred
    assert len({r["value"] for r in rows.values()}) > 20 and sum(not v for v in expected.values()) < len(expected) // 2
    checks = {(c["rule"], c["scope"], c["ok"]) for c in store.db.query("select * from checks")}
    assert checks == {(BROKEN_RULE, BROKEN_SCOPE, 0)}  # failed checks stored, passed ones counted
    assert report["checks_passed"] > 10 and json.loads(report["rules_broken"]) == [BROKEN_RULE]
    # the numbers: one row per version in each wide table, the current one joined through reports
    apply = next(store.db.query("select a.* from reports r join apply a on a.vid = r.current_vid where r.id = ?",
                                [RID]))
    assert apply["apply_1_total"] == expected["apply/1/total"] and apply["apply_3_6_total"] is None  # 2019-only
    assert list(store.db.query("select * from cell_notes where vid = ?", [report["current_vid"]])) == []
    stored_doc = store.document(report["document_url"], report["sha256"])
    assert stored_doc["parse_status"] == "report" and stored_doc["report_id"] == RID and stored_doc["parsed_at"]
    # full-text search over the report text, in the text database, keyed by the report's rid
    text = store.text
    hits = text.execute("select rowid from report_text_fts where report_text_fts match ?", ['"统计期限"']).fetchall()
    assert hits == [(report["rid"],)]
    assert text.execute("select rowid from report_text_bigram where report_text_bigram match '\"期限\"'").fetchall() == [
        (report["rid"],)]
    assert text.execute("select report_id, agency, year from report_text").fetchall() == [(RID, "泉州市科学技术局", 2024)]


def test_same_bytes_again_are_not_parsed_or_duplicated(env):
    store, feed, stats = env
    body = report_document(seed=1)
    feed(report_item(body))
    counts = {t: store.db[t].count for t in ("reports", "cells", "checks", "report_versions", "documents", "agencies")}
    parsed_at = store.document("http://www.qz.gov.cn/r/2024.html", store.report(RID)["sha256"])["parsed_at"]
    out = feed(report_item(body))
    assert out["outcome"] == "skipped" and out["report_id"] == RID
    assert stats.get_value("nianbao/parsed") == 1 and stats.get_value("nianbao/parse_skipped") == 1
    assert store.document("http://www.qz.gov.cn/r/2024.html", out["sha256"])["parsed_at"] == parsed_at
    assert stats.get_value("nianbao/reports_unchanged") == 1
    assert {t: store.db[t].count for t in counts} == counts


def test_changed_report_keeps_history_and_points_at_newest(env):
    store, feed, stats = env
    first, second = rendered(seed=1), rendered(seed=2)
    feed(report_item(first.data))
    first_sha = store.report(RID)["sha256"]
    feed(report_item(second.data))
    assert stats.get_value("nianbao/reports_changed") == 1
    report = store.report(RID)
    assert report["sha256"] != first_sha and report["changed_at"] and report["versions"] == 2
    versions = {v["sha256"]: v for v in store.db.query("select * from report_versions where rid = ?", [report["rid"]])}
    assert versions[first_sha]["is_current"] == 0 and versions[first_sha]["superseded_at"]
    old = next(store.db.query("select * from apply where vid = ?", [versions[first_sha]["vid"]]))
    assert old["apply_1_total"] == first.expected["cells"]["apply/1/total"] != second.expected["cells"]["apply/1/total"]
    assert versions[report["sha256"]]["is_current"] == 1 and report["current_vid"] == versions[report["sha256"]]["vid"]
    # warnings stored once: on reports for the current version, on the row of a superseded one
    assert versions[report["sha256"]]["warnings"] is None and report["warnings"] is not None
    assert isinstance(json.loads(versions[first_sha]["warnings"]), list)
    # the text follows the current version (one row, re-indexed once)
    assert store.text.execute("select count(*) from report_text").fetchone()[0] == 1
    assert {cid: r["value"] for cid, r in stored_cells(store, RID).items()} == second.expected["cells"]
    assert store.db["cells"].count == len(cell_ids("2021"))
    # Both versions seen again: nothing changes, nothing is duplicated.
    feed(report_item(second.data))
    assert store.db["report_versions"].count == 2 and store.report(RID)["sha256"] == report["sha256"]
    assert stats.get_value("nianbao/parsed") == 2


def test_another_copy_elsewhere_is_kept_but_not_current(env):
    store, feed, stats = env
    first, other = report_document(seed=1), report_document(seed=3)
    feed(report_item(first))
    feed(report_item(other, url="http://www.qz.gov.cn/other/2024.html"))
    assert stats.get_value("nianbao/reports_duplicate") == 1
    assert store.report(RID)["url"] == "http://www.qz.gov.cn/r/2024.html"
    assert store.db["report_versions"].count == 2
    # Seen again every night: no flip-flop between the two copies.
    feed(report_item(other, url="http://www.qz.gov.cn/other/2024.html"))
    feed(report_item(first))
    assert store.report(RID)["url"] == "http://www.qz.gov.cn/r/2024.html"
    assert stats.get_value("nianbao/reports_changed") == 0


def test_agency_and_place_from_the_source(env):
    store, feed, stats = env
    source = {"name": "平潭县人民政府", "province": "福建省", "city": "福州市", "county": "平潭县",
              "start_urls": ["http://www.pingtan.gov.cn/"], "verified": True}
    # The source's own report (named as the source, or naming no agency): the source's agency.
    out = feed(report_item(report_document(agency="平潭县 人民政府", year=2023), source=source))
    assert out["report_id"] == "平潭县人民政府:2023"
    nameless = rendered(agency="", year=2022, seed=4)
    out = feed(report_item(nameless.data, url="http://www.pingtan.gov.cn/2022.html", source=source))
    assert out["report_id"] == "平潭县人民政府:2022"
    assert {cid: r["value"] for cid, r in stored_cells(store, out["report_id"]).items()} == nameless.expected["cells"]
    agency = store.db["agencies"].get("平潭县人民政府")
    assert (agency["name"], agency["province"], agency["city"], agency["county"], agency["portal_url"]) == \
        ("平潭县人民政府", "福建省", "福州市", "平潭县", "http://www.pingtan.gov.cn/")
    # A bureau's report on the same portal keeps its own agency (never merged into the source's),
    # with the portal's place.
    out = feed(report_item(report_document(agency="平潭县教育局", year=2023), url="http://www.pingtan.gov.cn/jy.html",
                           source=source))
    assert out["report_id"] == "平潭县教育局:2023"
    bureau = store.db["agencies"].get("平潭县教育局")
    assert (bureau["county"], bureau["source_name"]) == ("平潭县", "平潭县人民政府")
    warnings = json.loads(store.report("平潭县教育局:2023")["warnings"])
    assert any("平潭县人民政府" in w for w in warnings)
    assert store.db["reports"].count == 3
    # A later sighting without a source never overwrites the source's place columns.
    feed(report_item(report_document(agency="平潭县人民政府", year=2021), url="http://mirror.gov.cn/2021.html"))
    assert store.db["agencies"].get("平潭县人民政府")["province"] == "福建省"


def test_year_from_the_list_title_or_kept_as_a_document(env):
    store, feed, stats = env
    doc = rendered(year=2021, seed=6)
    undated = without_year(doc.data)
    out = feed(report_item(undated, list_title="泉州市科学技术局2021年政府信息公开工作年度报告"))
    assert out["report_id"] == "泉州市科学技术局:2021"
    assert {cid: r["value"] for cid, r in stored_cells(store, out["report_id"]).items()} == doc.expected["cells"]
    out = feed(report_item(undated, url="http://www.qz.gov.cn/r/undated.html", list_title="年度报告"))
    assert out["outcome"] == "no_year" and out["report_id"] is None
    stored = list(store.db.query("select * from documents where url = ?", ["http://www.qz.gov.cn/r/undated.html"]))
    assert stored[0]["parse_status"] == "no_year" and "no year" in stored[0]["parse_reason"]
    assert store.db["reports"].count == 1


def test_bad_input_is_recorded_and_the_run_goes_on(env):
    store, feed, stats = env
    # A server that labels a broken archive as HTML: the parser says what it is, the run records it.
    out = feed(report_item(b"PK\x03\x04 not a zip at all", url="http://www.qz.gov.cn/bad"))
    assert out["outcome"] == "error"
    err = list(store.db.query("select * from errors"))
    assert err[0]["stage"] == "parse" and "ZIP" in err[0]["reason"]
    assert store.document("http://www.qz.gov.cn/bad", out["sha256"])["parse_status"] == "error"
    pdf = feed(report_item(b"%PDF-1.7 ...", url="http://www.qz.gov.cn/a.pdf", content_type="application/pdf"))
    assert pdf["outcome"] == "unparsed"
    assert "pdf" in store.document("http://www.qz.gov.cn/a.pdf", pdf["sha256"])["parse_reason"]
    other = feed(report_item(b"<html>about us</html>", url="http://www.qz.gov.cn/about"))
    assert other["outcome"] == "not_report"
    assert feed(report_item(report_document(seed=5)))["outcome"] == "report"
    assert stats.get_value("nianbao/errors") == 1 and stats.get_value("nianbao/parsed") == 4


def test_a_format_the_parser_cannot_read_marks_unparsed(env):
    store, feed, stats = env
    out = feed(report_item(b"PK\x03\x04 truncated", url="http://www.qz.gov.cn/x.docx", content_type=None))
    assert out["outcome"] == "unparsed"
    assert "docx" in store.document("http://www.qz.gov.cn/x.docx", out["sha256"])["parse_reason"]
    assert store.db["errors"].count == 0 and store.db["reports"].count == 0


def test_blocked_error_and_unchanged_items(env):
    store, feed, stats = env
    feed(report_item(report_document(seed=1)))
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


def test_an_attachment_takes_title_and_date_from_its_page(env):
    store, feed, _stats = env
    # the attachment's own text names no date and a generic title; its page knows both
    doc = rendered(year=2023, seed=4)
    body = without_year(doc.data)
    item = report_item(body, url="http://www.qz.gov.cn/r/2023.html",
                       document_url="http://www.qz.gov.cn/r/P020240118.pdf", list_title="附件下载")
    item.update(page_title="泉州市科学技术局2023年政府信息公开工作年度报告", page_published_date="2024-01-18")
    out = feed(item)
    assert out["outcome"] == "report"
    report = store.report("泉州市科学技术局:2023")
    assert report["published_date"] == "2024-01-18"
    assert report["title"] == "泉州市科学技术局2023年政府信息公开工作年度报告"
    assert report["document_url"].endswith("P020240118.pdf")
    assert {cid: r["value"] for cid, r in stored_cells(store, "泉州市科学技术局:2023").items()} == doc.expected["cells"]
