"""A small, realistic archive for the publishing tests, built the way a crawl builds one.

Real reports (tests/files/realdocs: 平潭 2019–2020 and 2022–2025, 上海市人民政府办公厅 2019) and
demo reports (demo.values + demo.render) are parsed by the real parser, stored through the Store
API, and their bytes written to a WARC file with a ``documents`` row pointing at each record, so
every report has an archived copy. The demo reports add what the real ones lack: a second province,
a broken accounting rule and a carry-over mismatch between consecutive years.
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


@dataclass
class Archive:
    db: Path
    warc_dir: Path
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # report id → {cells, url, body, ...}


def _demo_documents() -> list[tuple[str, bytes, str, str]]:
    """(url, bytes, content type, agency) of the demo reports: a rule broken, a carry-over mismatch."""
    out = []
    qz23 = generate(11, "2021", agency="泉州市科学技术局", year=2023)
    qz24 = generate(12, "2021", agency="泉州市科学技术局", year=2024, break_rule="apply_balance")
    hz20 = generate(13, "2019", agency="杭州市民政局", year=2020)
    for v, host in ((qz23, "kjj.quanzhou.gov.cn"), (qz24, "kjj.quanzhou.gov.cn"), (hz20, "mz.hangzhou.gov.cn")):
        r = render(v, "html_table")
        out.append((f"http://{host}/xxgk/ndbg/{v.year}.html", r.data, r.content_type, v.agency))
    return out


def _real_documents() -> list[tuple[str, bytes, str, str]]:
    out = []
    for path in sorted(REALDOCS.glob("*.html")):
        host = "www.shanghai.gov.cn" if path.stem.startswith("shanghai") else "www.pingtan.gov.cn"
        out.append((f"https://{host}/zwgk/ndbg/{path.stem}.html", path.read_bytes(), "text/html; charset=utf-8", ""))
    return out


def build_archive(root: Path) -> Archive:
    """Write ``root/archive.db`` and ``root/warc/``; returns what the tests assert against."""
    archive = Archive(root / "archive.db", root / "warc")
    store = Store(archive.db)
    warc = WarcArchive(archive.warc_dir)
    try:
        for url, body, ctype, _ in _real_documents() + _demo_documents():
            _store_one(store, warc, archive, url, body, ctype)
        run_cross_checks(store)
        store.refresh_checks_failed(archive.reports)
    finally:
        warc.close()
        store.close()
    return archive


def _store_one(store: Store, warc: WarcArchive, archive: Archive, url: str, body: bytes, ctype: str) -> None:
    parsed = parse_document(body, source=url, content_type=ctype, url=url)
    assert parsed.is_report and parsed.agency and parsed.year, (url, parsed.error, parsed.warnings)
    sha = sha256_hex(body)
    written = warc.write_exchange(url=url, status=200, response_headers=[("Content-Type", ctype)], body=body)
    aid = agency_id(parsed.agency)
    rid = report_id(aid, parsed.year)
    store.record_fetch({
        "url": url, "sha256": sha, "fetched_at": "2026-01-05T08:00:00Z", "status": 200, "content_type": ctype,
        "length": len(body), "kind": "report", "site": url.split("/")[2], "warc_file": written.warc_file,
        "warc_offset": written.warc_offset, "warc_length": written.warc_length,
        "warc_record_id": written.record_id, "warc_payload_digest": written.payload_digest,
    })
    province, city, county, portal = PLACES[parsed.agency]
    store.upsert_agency({"id": aid, "name": parsed.agency, "province": province, "city": city, "county": county,
                         "portal_url": portal}, authoritative=True)
    report = {"id": rid, "agency_id": aid, "year": parsed.year, "title": parsed.title, "url": url,
              "document_url": url, "published_date": parsed.published_date, "form_version": parsed.form_version,
              "sha256": sha, "site": url.split("/")[2], "content_type": ctype, "warnings": parsed.warnings}
    store.store_report(report, parsed.cells, parsed.inferred, parsed.checks, parsed.text or "")
    store.record_parse(url, sha, "report", None, report=rid)
    archive.reports[rid] = {"cells": dict(parsed.cells), "url": url, "body": body, "content_type": ctype,
                            "title": parsed.title, "text": parsed.text, "checks": parsed.checks}
