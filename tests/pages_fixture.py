"""An archive in the v2 layout (COMMON.md / shared spec) for the report and agency pages.

Real reports (平潭 2019–2025, 上海市人民政府办公厅 2019) and demo reports are parsed by the real
parser and written with the v2 schema's own DDL, their bytes into a WARC with a ``documents`` row each.
What the real ones lack is added on purpose: 泉州市科学技术局 2024 was republished with other numbers
(two versions) and breaks ``apply_balance``; an OCR-read value and an unread cell are noted.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.archive import WarcArchive, sha256_hex
from crawler.crosschecks import checks_for_pair
from crawler.db import agency_id, report_id
from crawler.publish.views import WIDE_TABLES, wide_cells, wide_column
from demo.render import render
from demo.values import generate
from parsers.api import parse_document
from parsers.form import all_cells

REALDOCS = Path(__file__).parent / "files" / "realdocs"
PLACES = {
    "平潭综合实验区": ("福建省", "平潭综合实验区", None, "https://www.pingtan.gov.cn"),
    "上海市人民政府办公厅": ("上海市", "上海市", None, "https://www.shanghai.gov.cn"),
    "泉州市科学技术局": ("福建省", "泉州市", None, "http://kjj.quanzhou.gov.cn"),
    "杭州市民政局": ("浙江省", "杭州市", None, "http://mz.hangzhou.gov.cn"),
}
OCR_NOTE = ("平潭综合实验区:2023", "apply/3.1/total", "ocr", "0.91")
UNREAD_NOTE = ("杭州市民政局:2020", "active/fee/change", "unread", "smudged cell")


def ddl() -> str:
    wide = []
    for t in WIDE_TABLES:
        cols = ", ".join(f"{wide_column(c)} NUMERIC" for c in wide_cells(t))
        wide.append(f"CREATE TABLE {t} (vid INTEGER PRIMARY KEY REFERENCES report_versions(vid), {cols});")
    return """
CREATE TABLE agencies (id TEXT PRIMARY KEY, name TEXT NOT NULL, province TEXT, city TEXT, county TEXT,
  portal_url TEXT, source_name TEXT, first_seen TEXT, last_seen TEXT);
CREATE TABLE reports (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, agency_id TEXT NOT NULL REFERENCES agencies(id),
  year INTEGER NOT NULL, title TEXT, url TEXT, document_url TEXT, published_date TEXT, form_version TEXT,
  first_seen TEXT, last_seen TEXT, sha256 TEXT, current_vid INTEGER,
  checks_failed INTEGER NOT NULL DEFAULT 0, checks_passed INTEGER NOT NULL DEFAULT 0,
  list_title TEXT, site TEXT, content_type TEXT, warnings TEXT, versions INTEGER, changed_at TEXT);
CREATE INDEX reports_agency_year ON reports(agency_id, year);
CREATE TABLE report_versions (vid INTEGER PRIMARY KEY, rid INTEGER NOT NULL REFERENCES reports(rid),
  sha256 TEXT NOT NULL, url TEXT, document_url TEXT, title TEXT, published_date TEXT, form_version TEXT,
  first_seen TEXT, last_seen TEXT, is_current INTEGER, superseded_at TEXT, checks_failed INTEGER, warnings TEXT,
  UNIQUE (rid, sha256));
CREATE TABLE cell_notes (vid INTEGER NOT NULL, cell_id TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT,
  PRIMARY KEY (vid, cell_id, kind));
CREATE TABLE checks (report_id TEXT NOT NULL, rule TEXT NOT NULL, scope TEXT NOT NULL, ok INTEGER NOT NULL,
  detail TEXT, PRIMARY KEY (report_id, rule, scope));
CREATE TABLE documents (url TEXT, sha256 TEXT, fetched_at TEXT, last_seen TEXT, status INTEGER, content_type TEXT,
  length INTEGER, kind TEXT, site TEXT, warc_file TEXT, warc_offset INTEGER, warc_length INTEGER,
  warc_record_id TEXT, warc_date TEXT, report_id TEXT, PRIMARY KEY (url, sha256));
CREATE INDEX documents_sha256 ON documents(sha256);
""" + "\n".join(wide)


@dataclass
class Archive:
    db: Path
    warc_dir: Path
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # report id → {cells, url, ...}


def _documents() -> list[tuple[str, bytes, str, str]]:
    out = []
    for path in sorted(REALDOCS.glob("*.html")):
        host = "www.shanghai.gov.cn" if path.stem.startswith("shanghai") else "www.pingtan.gov.cn"
        out.append((f"https://{host}/zwgk/ndbg/{path.stem}.html", path.read_bytes(), "text/html; charset=utf-8",
                    "2026-01-05T08:00:00Z"))
    first_qz24 = generate(99, "2021", agency="泉州市科学技术局", year=2024)
    demo = [(generate(11, "2021", agency="泉州市科学技术局", year=2023), "kjj.quanzhou.gov.cn", "2026-01-05T08:00:00Z"),
            (first_qz24, "kjj.quanzhou.gov.cn", "2026-01-05T08:00:00Z"),
            (generate(12, "2021", agency="泉州市科学技术局", year=2024, break_rule="apply_balance"),
             "kjj.quanzhou.gov.cn", "2026-02-10T08:00:00Z"),
            (generate(13, "2019", agency="杭州市民政局", year=2020), "mz.hangzhou.gov.cn", "2026-01-05T08:00:00Z")]
    for v, host, when in demo:
        r = render(v, "html_table")
        out.append((f"http://{host}/xxgk/ndbg/{v.year}.html", r.data, r.content_type, when))
    return out


def build_v2_archive(root: Path) -> Archive:
    """Write ``root/archive.db`` (v2 layout) and ``root/warc/``; returns what tests assert against."""
    archive = Archive(root / "archive.db", root / "warc")
    con = sqlite3.connect(archive.db)
    con.executescript(ddl())
    warc = WarcArchive(archive.warc_dir)
    try:
        for url, body, ctype, when in _documents():
            _store(con, warc, archive, url, body, ctype, when)
        _list_page(con, warc)
        _notes(con)
        _cross_checks(con, archive)
        con.commit()
    finally:
        warc.close()
        con.close()
    return archive


def _store(con: sqlite3.Connection, warc: WarcArchive, archive: Archive, url: str, body: bytes, ctype: str,
           when: str) -> None:
    parsed = parse_document(body, source=url, content_type=ctype, url=url)
    assert parsed.is_report and parsed.agency and parsed.year, (url, parsed.error)
    sha = sha256_hex(body)
    written = warc.write_exchange(url=url, status=200, response_headers=[("Content-Type", ctype)], body=body)
    aid = agency_id(parsed.agency)
    rid_text = report_id(aid, parsed.year)
    con.execute("insert into documents (url, sha256, fetched_at, last_seen, status, content_type, length, kind, "
                "site, warc_file, warc_offset, warc_length, warc_record_id, report_id) "
                "values (?,?,?,?,200,?,?,'report',?,?,?,?,?,?)",
                [url, sha, when, when, ctype, len(body), url.split("/")[2], written.warc_file, written.warc_offset,
                 written.warc_length, written.record_id, rid_text])
    province, city, county, portal = PLACES[parsed.agency]
    con.execute("insert or ignore into agencies (id, name, province, city, county, portal_url, first_seen, last_seen) "
                "values (?,?,?,?,?,?,?,?)", [aid, parsed.agency, province, city, county, portal, when, when])
    failed = [c for c in parsed.checks if not c["ok"]]
    row = con.execute("select rid, current_vid from reports where id = ?", [rid_text]).fetchone()
    if row is None:
        rid = con.execute(
            "insert into reports (id, agency_id, year, title, url, document_url, published_date, form_version, "
            "first_seen, last_seen, sha256, site, content_type, versions) values (?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
            [rid_text, aid, parsed.year, parsed.title, url, url, parsed.published_date, parsed.form_version, when,
             when, sha, url.split("/")[2], ctype]).lastrowid
    else:
        rid = row[0]
        con.execute("update report_versions set is_current = 0, superseded_at = ? where rid = ?", [when, rid])
        con.execute("update reports set sha256 = ?, last_seen = ?, changed_at = ?, versions = versions + 1, "
                    "title = ? where rid = ?", [sha, when, when, parsed.title, rid])
        con.execute("delete from checks where report_id = ?", [rid_text])
    vid = con.execute(
        "insert into report_versions (rid, sha256, url, document_url, title, published_date, form_version, "
        "first_seen, last_seen, is_current, checks_failed) values (?,?,?,?,?,?,?,?,?,1,?)",
        [rid, sha, url, url, parsed.title, parsed.published_date, parsed.form_version, when, when,
         len(failed)]).lastrowid
    con.execute("update reports set current_vid = ?, checks_failed = ?, checks_passed = ? where rid = ?",
                [vid, len(failed), len(parsed.checks) - len(failed), rid])
    for table in WIDE_TABLES:
        cols = [c for c in wide_cells(table)]
        con.execute(f"insert into {table} (vid, {', '.join(wide_column(c) for c in cols)}) "
                    f"values (?, {', '.join('?' for _ in cols)})", [vid, *(parsed.cells.get(c.cell_id) for c in cols)])
    for cell in parsed.inferred:
        con.execute("insert into cell_notes values (?,?,'inferred',?)", [vid, cell, "rules"])
    for k in failed:
        con.execute("insert into checks values (?,?,?,0,?)", [rid_text, k["rule"], k["scope"], k["detail"]])
    archive.reports[rid_text] = {"cells": dict(parsed.cells), "url": url, "body": body, "sha256": sha,
                                 "title": parsed.title, "form_version": parsed.form_version,
                                 "failed": failed, "inferred": list(parsed.inferred),
                                 "versions": archive.reports.get(rid_text, {}).get("versions", []) + [dict(parsed.cells)]}


LIST_URL = "http://kjj.quanzhou.gov.cn/xxgk/ndbg/index.html"
LIST_PAGE = """<html><head><meta charset="gbk"><base href="http://kjj.quanzhou.gov.cn/xxgk/ndbg/">
<title>年度报告</title></head><body><a id="top"></a><h1>政府信息公开年报</h1><ul>
<li><a href="2024.html">泉州市科学技术局2024年政府信息公开工作年度报告</a></li>
<li><a href="/xxgk/ndbg/2023.html#t1">泉州市科学技术局2023年政府信息公开工作年度报告</a></li>
<li><a href="../../zwgk/notarchived.html">政务公开</a></li></ul><a href="#top">返回顶部</a></body></html>"""


def _list_page(con: sqlite3.Connection, warc: WarcArchive) -> None:
    """A column page in GBK linking to two archived reports and one page the archive does not hold."""
    body = LIST_PAGE.encode("gbk")
    ctype = "text/html; charset=gbk"
    written = warc.write_exchange(url=LIST_URL, status=200, response_headers=[("Content-Type", ctype)], body=body)
    con.execute("insert into documents (url, sha256, fetched_at, last_seen, status, content_type, length, kind, "
                "site, warc_file, warc_offset, warc_length, warc_record_id) values (?,?,?,?,200,?,?,'list',?,?,?,?,?)",
                [LIST_URL, sha256_hex(body), "2026-02-11T08:00:00Z", "2026-02-11T08:00:00Z", ctype, len(body),
                 "kjj.quanzhou.gov.cn", written.warc_file, written.warc_offset, written.warc_length,
                 written.record_id])


def _notes(con: sqlite3.Connection) -> None:
    for rid_text, cell, kind, detail in (OCR_NOTE, UNREAD_NOTE):
        vid = con.execute("select current_vid from reports where id = ?", [rid_text]).fetchone()[0]
        con.execute("insert into cell_notes values (?,?,?,?)", [vid, cell, kind, detail])


def _cross_checks(con: sqlite3.Connection, archive: Archive) -> None:
    reports = con.execute("select id, agency_id, year, form_version from reports order by agency_id, year").fetchall()
    by = {(a, y): (i, f) for i, a, y, f in reports}
    for rid_text, aid, year, form in reports:
        prev = by.get((aid, year - 1))
        if prev is None:
            continue
        for k in checks_for_pair(year, archive.reports[rid_text]["cells"], archive.reports[prev[0]]["cells"], form,
                                 prev[1]):
            if not k["ok"]:
                con.execute("insert or replace into checks values (?,?,?,0,?)", [rid_text, k["rule"], k["scope"],
                                                                                  k["detail"]])
                con.execute("update reports set checks_failed = checks_failed + 1 where id = ?", [rid_text])
                archive.reports[rid_text]["failed"].append(k)


CELL_ORDER = [c.cell_id for c in all_cells()]
