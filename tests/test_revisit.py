"""The revisit policy: archived reports and attachments without validators are downloaded again
only on their day of the interval; the others are read back from the archive."""

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.http import HtmlResponse, Request

from crawler import revisit
from crawler.archive import WarcArchive, sha256_hex
from crawler.db import Store
from crawler.middlewares import ArchiveMiddleware, ConditionalRequestMiddleware

NOW = datetime(2026, 3, 15, 2, 0, tzinfo=UTC)
URLS = [f"http://www.qx.gov.cn/xxgk/ndbg/{y}/{n:03d}.html" for y in range(2015, 2025) for n in range(1, 31)]


def _archived(fetched: datetime, **extra):
    return {"sha256": "ab", "warc_file": "a.warc.gz", "warc_offset": 120, "fetched_at": fetched.isoformat(),
            "last_seen": fetched.isoformat(), **extra}


def test_each_url_is_due_once_a_interval_and_a_night_takes_a_thirtieth():
    days = 30
    per_night = []
    due_days = {url: 0 for url in URLS}
    for d in range(days):
        night = NOW + timedelta(days=d)
        due = [u for u in URLS if revisit.is_due(u, (night - timedelta(days=1)).isoformat(), days=days, now=night)]
        per_night.append(len(due))
        for u in due:
            due_days[u] += 1
    assert set(due_days.values()) == {1}  # every URL exactly once in 30 nights
    assert max(per_night) <= len(URLS) * 3 // days  # spread out: no night takes a big share


def test_decisions_by_kind_validators_and_day():
    url = URLS[7]
    slot = revisit.revisit_slot(url, 30)
    day = (NOW - datetime(1970, 1, 1, tzinfo=UTC)).days
    on_slot = NOW + timedelta(days=(slot - day) % 30)
    off_slot = on_slot + timedelta(days=1)
    yesterday = _archived(on_slot - timedelta(days=1))
    assert revisit.decide("list", url, yesterday, now=off_slot) == "fetch"  # lists are always read
    assert revisit.decide("landing", url, yesterday, now=off_slot) == "fetch"
    assert revisit.decide("report", url, None, now=off_slot) == "fetch"  # not archived yet
    assert revisit.decide("report", url, {**yesterday, "etag": '"v1"'}, now=off_slot) == "conditional"
    assert revisit.decide("attachment", url, yesterday, now=on_slot) == "due"
    assert revisit.decide("attachment", url, _archived(off_slot - timedelta(days=2)), now=off_slot) == "skip"
    # fetched earlier the same day (a second run that night): not again
    assert revisit.decide("report", url, _archived(on_slot.replace(hour=0)), now=on_slot) == "skip"
    # no crawl for a whole interval: due whatever the day
    assert revisit.decide("report", url, _archived(off_slot - timedelta(days=31)), now=off_slot) == "due"
    assert revisit.decide("report", url, {**yesterday, "warc_file": None}, now=off_slot) == "fetch"
    assert revisit.decide("report", url, yesterday, days=0, now=off_slot) == "due"  # policy off


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "archive.db")
    yield s
    s.close()


def test_a_document_not_due_is_answered_from_the_archive_without_a_download(tmp_path, store):
    url = "http://www.qx.gov.cn/uploadfile/2024/0312.docx"
    archive = ArchiveMiddleware(store, WarcArchive(tmp_path / "warc"))
    first = Request(url, meta={"kind": "attachment", "site": "www.qx.gov.cn"})
    body = b"<html><body>2023\xe5\xb9\xb4</body></html>"
    archive.process_response(first, HtmlResponse(url, body=body, request=first))
    stored = store.latest_document(url)
    assert stored["etag"] is None and stored["warc_file"]

    # the next night, not its day: no download, a 304 flagged not-due pointing at the stored copy
    mw = ConditionalRequestMiddleware(store, revisit_days=30)
    again = Request(url, meta={"kind": "attachment", "site": "www.qx.gov.cn"})
    answer = mw.process_request(again)
    assert answer is not None and answer.status == 304 and revisit.NOT_DUE_FLAG in answer.flags
    assert again.meta["document"]["sha256"] == sha256_hex(body)
    assert again.meta["document"]["warc_offset"] == stored["warc_offset"] and again.meta["document"]["not_modified"]
    assert 304 in again.meta["handle_httpstatus_list"]
    # the archive writes nothing for it and the stored copy is not marked as seen again
    assert archive.process_response(again, answer) is answer
    assert store.latest_document(url)["fetches"] == 1 and store.db["documents"].count == 1
    archive.archive.close()

    # a list page is always downloaded; with the policy off, everything is
    assert mw.process_request(Request(url, meta={"kind": "list"})) is None
    assert ConditionalRequestMiddleware(store, revisit_days=0).process_request(
        Request(url, meta={"kind": "attachment"})) is None
