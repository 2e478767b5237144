"""An archive for the report and agency pages, written the way a crawl writes it (crawler.db.Store).

Real reports (平潭 2019–2025, 上海市人民政府办公厅 2019) and demo reports are parsed by the real
parser and stored through ``Store``, their bytes into a WARC with a ``documents`` row each. What the
real ones lack is added on purpose: 泉州市科学技术局 2024 was republished at its URL with other numbers
(two versions) and breaks ``apply_balance``; one value was read by OCR and one cell could not be read;
a GBK column page links to two archived reports and to a page the archive does not hold. The findings
(crawler/findings.py, run by ``run_cross_checks``) get material too: 杭州市民政局 2020's text states
21 reviews where its table prints 12 (``text_vs_table``) and it received 161 requests after 2 in 2019
(``requests_jump``); 泉州 2023 and 杭州 2020 were published after their deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.archive import WarcArchive, sha256_hex
from crawler.crosschecks import run_cross_checks
from crawler.db import Store, agency_id, report_id
from demo.render import render
from demo.values import generate
from parsers.api import parse_document

REALDOCS = Path(__file__).parent / "files" / "realdocs"
PLACES = {
    "平潭综合实验区": ("福建省", "平潭综合实验区", None, "https://www.pingtan.gov.cn"),
    "上海市人民政府办公厅": ("上海市", "上海市", None, "https://www.shanghai.gov.cn"),
    "泉州市科学技术局": ("福建省", "泉州市", None, "http://kjj.quanzhou.gov.cn"),
    "杭州市民政局": ("浙江省", "杭州市", None, "http://mz.hangzhou.gov.cn"),
}
# (report, cell, kind, detail) of the notes a parser gives for OCR-read and unreadable cells
OCR_NOTE = ("平潭综合实验区:2023", "apply/3.1/total", "ocr", "0.91")
UNREAD_NOTE = ("杭州市民政局:2020", "active/fee/change", "unread", "smudged cell")
# (report, what the text says instead of what the generator wrote): a narrative contradicting its table
TEXT_MISMATCH = ("杭州市民政局:2020", "行政复议12件", "行政复议21件")
LIST_URL = "http://kjj.quanzhou.gov.cn/xxgk/ndbg/index.html"
LIST_PAGE = """<html><head><meta charset="gbk"><base href="http://kjj.quanzhou.gov.cn/xxgk/ndbg/">
<title>年度报告</title></head><body><a id="top"></a><h1>政府信息公开年报</h1><ul>
<li><a href="2024.html">泉州市科学技术局2024年政府信息公开工作年度报告</a></li>
<li><a href="/xxgk/ndbg/2023.html#t1">泉州市科学技术局2023年政府信息公开工作年度报告</a></li>
<li><a href="../../zwgk/notarchived.html">政务公开</a></li></ul><a href="#top">返回顶部</a></body></html>"""


@dataclass
class Archive:
    db: Path
    warc_dir: Path
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # report id → {cells, url, ...}


def _documents() -> list[tuple[str, bytes, str, str]]:
    """(url, bytes, content type, fetched at) of every report document, in the order they were fetched."""
    out = []
    for path in sorted(REALDOCS.glob("*.html")):
        host = "www.shanghai.gov.cn" if path.stem.startswith("shanghai") else "www.pingtan.gov.cn"
        out.append((f"https://{host}/zwgk/ndbg/{path.stem}.html", path.read_bytes(), "text/html; charset=utf-8",
                    "2026-01-05T08:00:00Z"))
    demo = [(generate(11, "2021", agency="泉州市科学技术局", year=2023), "kjj.quanzhou.gov.cn", "2026-01-05T08:00:00Z"),
            (generate(99, "2021", agency="泉州市科学技术局", year=2024), "kjj.quanzhou.gov.cn", "2026-01-05T08:00:00Z"),
            (generate(12, "2021", agency="泉州市科学技术局", year=2024, break_rule="apply_balance"),
             "kjj.quanzhou.gov.cn", "2026-02-10T08:00:00Z"),
            (generate(13, "2019", agency="杭州市民政局", year=2020), "mz.hangzhou.gov.cn", "2026-01-05T08:00:00Z")]
    demo.append((_few_requests(generate(14, "2019", agency="杭州市民政局", year=2019)), "mz.hangzhou.gov.cn",
                 "2026-01-05T08:00:00Z"))
    for v, host, when in demo:
        r = render(v, "html_table")
        data = r.data
        if f"{v.agency}:{v.year}" == TEXT_MISMATCH[0]:
            assert TEXT_MISMATCH[1].encode() in data
            data = data.replace(TEXT_MISMATCH[1].encode(), TEXT_MISMATCH[2].encode())
        out.append((f"http://{host}/xxgk/ndbg/{v.year}.html", data, r.content_type, when))
    return out


def _few_requests(v: Any) -> Any:
    """A year with 2 requests (both from natural persons, both disclosed): the next year's 161 is a jump."""
    for cell in v.cells:
        if cell.startswith("apply/"):
            v.cells[cell] = 0
    for row in ("1", "3.1", "3.7"):
        v.cells[f"apply/{row}/natural_person"] = v.cells[f"apply/{row}/total"] = 2
    return v


def build_v2_archive(root: Path) -> Archive:
    """Write ``root/archive.db`` (and its text database) and ``root/warc/``; returns what tests assert on."""
    archive = Archive(root / "archive.db", root / "warc")
    store = Store(archive.db)
    warc = WarcArchive(archive.warc_dir)
    try:
        for url, body, ctype, when in _documents():
            _store(store, warc, archive, url, body, ctype, when)
        _list_page(store, warc)
        run_cross_checks(store)
        store.refresh_checks_failed(archive.reports)
        store.commit()
        for rid, rep in archive.reports.items():  # what the archive now says the report fails
            rep["failed"] = [dict(r) for r in store.db.query(
                "select rule, scope, detail from checks where report_id = ? and ok = 0", [rid])]
    finally:
        warc.close()
        store.close()
    return archive


def _fetch(store: Store, warc: WarcArchive, url: str, body: bytes, ctype: str, when: str, kind: str) -> str:
    sha = sha256_hex(body)
    written = warc.write_exchange(url=url, status=200, response_headers=[("Content-Type", ctype)], body=body)
    store.record_fetch({
        "url": url, "sha256": sha, "fetched_at": when, "status": 200, "content_type": ctype, "length": len(body),
        "kind": kind, "site": url.split("/")[2], "warc_file": written.warc_file, "warc_offset": written.warc_offset,
        "warc_length": written.warc_length, "warc_record_id": written.record_id,
        "warc_payload_digest": written.payload_digest,
    })
    return sha


def _store(store: Store, warc: WarcArchive, archive: Archive, url: str, body: bytes, ctype: str, when: str) -> None:
    parsed = parse_document(body, source=url, content_type=ctype, url=url)
    assert parsed.is_report and parsed.agency and parsed.year, (url, parsed.error)
    sha = _fetch(store, warc, url, body, ctype, when, "report")
    aid = agency_id(parsed.agency)
    rid = report_id(aid, parsed.year)
    province, city, county, portal = PLACES[parsed.agency]
    store.upsert_agency({"id": aid, "name": parsed.agency, "province": province, "city": city, "county": county,
                         "portal_url": portal}, authoritative=True)
    report = {"id": rid, "agency_id": aid, "year": parsed.year, "title": parsed.title, "url": url,
              "document_url": url, "published_date": parsed.published_date, "date_source": parsed.date_source,
              "form_version": parsed.form_version,
              "sha256": sha, "site": url.split("/")[2], "content_type": ctype, "warnings": parsed.warnings}
    confidence = {OCR_NOTE[1]: float(OCR_NOTE[3])} if rid == OCR_NOTE[0] else None
    unread = {UNREAD_NOTE[1]: UNREAD_NOTE[3]} if rid == UNREAD_NOTE[0] else None
    checks = list(parsed.checks) + list(parsed.text_checks)  # as StorePipeline stores them
    store.store_report(report, parsed.cells, parsed.inferred, checks, parsed.text or "",
                       confidence=confidence, unread=unread)
    store.record_parse(url, sha, "report", None, report=rid)
    earlier = archive.reports.get(rid, {}).get("versions", [])
    archive.reports[rid] = {"cells": dict(parsed.cells), "url": url, "body": body, "sha256": sha,
                            "title": parsed.title, "form_version": parsed.form_version, "failed": [],
                            "inferred": list(parsed.inferred), "versions": [*earlier, dict(parsed.cells)]}


def _list_page(store: Store, warc: WarcArchive) -> None:
    """A column page in GBK linking to two archived reports and one page the archive does not hold."""
    _fetch(store, warc, LIST_URL, LIST_PAGE.encode("gbk"), "text/html; charset=gbk", "2026-02-11T08:00:00Z", "list")
