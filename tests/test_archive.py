"""The WARC archive and the two downloader middlewares, with hand-built requests and responses."""

from __future__ import annotations

import gzip
import zlib

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from warcio.archiveiterator import ArchiveIterator

from crawler.archive import Original, WarcArchive, decode_content, read_record, resolve_warc_path, sha256_hex
from crawler.db import Store
from crawler.middlewares import ArchiveMiddleware, ConditionalRequestMiddleware

PAGE = "<html><head><title>泉州市科学技术局2024年政府信息公开工作年度报告</title></head><body>表格</body></html>".encode()


def records(path):
    with open(path, "rb") as f:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), dict(r.rec_headers.headers))
                for r in ArchiveIterator(f)]


def test_exchange_round_trip(tmp_path):
    archive = WarcArchive(tmp_path)
    w = archive.write_exchange(url="http://example.gov.cn/a/report.html?x=1", status=200,
                               response_headers=[("Content-Type", "text/html; charset=utf-8"),
                                                 ("Transfer-Encoding", "chunked")],
                               body=PAGE, request_headers=[("User-Agent", "nianbao")])
    archive.close()
    rec = read_record(w.warc_file, w.warc_offset, warc_dir=tmp_path)
    assert rec.record_type == "response"
    assert rec.body == PAGE
    assert rec.status == 200
    assert rec.url == "http://example.gov.cn/a/report.html?x=1"
    # Scrapy has de-chunked the body already: the header is kept under another name.
    names = [k for k, _ in rec.headers]
    assert "Transfer-Encoding" not in names and "X-Archive-Orig-Transfer-Encoding" in names
    recs = records(tmp_path / w.warc_file)
    assert [r[0] for r in recs] == ["warcinfo", "response", "request"]
    response, request = recs[1][2], recs[2][2]
    assert request["WARC-Concurrent-To"] == response["WARC-Record-ID"]
    assert response["WARC-Nianbao-Content-SHA256"] == sha256_hex(PAGE)


def test_each_record_is_its_own_gzip_member(tmp_path):
    """gzip per record: decompressing from a documents offset yields exactly one record."""
    archive = WarcArchive(tmp_path)
    first = archive.write_exchange(url="http://a.gov.cn/1", status=200, response_headers=[], body=b"one")
    second = archive.write_exchange(url="http://a.gov.cn/2", status=200, response_headers=[], body=b"two")
    archive.close()
    data = (tmp_path / first.warc_file).read_bytes()
    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
    text = d.decompress(data[second.warc_offset:])
    assert text.startswith(b"WARC/1.1") and b"WARC-Type: response" in text and text.endswith(b"two\r\n\r\n")
    assert d.unused_data  # the request record follows as a separate member
    assert first.warc_offset < second.warc_offset


def _encoded(encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(PAGE)
    if encoding == "deflate":
        return zlib.compress(PAGE)
    if encoding == "br":
        import brotli

        return brotli.compress(PAGE)
    try:
        from compression import zstd
    except ImportError:
        from backports import zstd
    return zstd.compress(PAGE)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd"])
def test_content_encodings_are_hashed_and_read_decoded(tmp_path, encoding):
    """Stored as transferred; hashed and read back as the spider sees it (Scrapy decodes all four)."""
    archive = WarcArchive(tmp_path)
    raw = _encoded(encoding)
    w = archive.write_exchange(url="http://a.gov.cn/z", status=200, body=raw,
                               response_headers=[("Content-Encoding", encoding), ("Content-Length", str(len(raw)))])
    archive.close()
    rec = read_record(tmp_path / w.warc_file, w.warc_offset)
    assert rec.body == PAGE
    (response,) = [h for kind, _, h in records(tmp_path / w.warc_file) if kind == "response"]
    assert response["WARC-Nianbao-Content-SHA256"] == sha256_hex(PAGE)
    assert decode_content(raw, encoding) == PAGE
    assert decode_content(b"not really " + encoding.encode(), encoding) == b"not really " + encoding.encode()


def test_revisit_stores_no_payload_and_is_followed(tmp_path):
    archive = WarcArchive(tmp_path)
    big = PAGE * 200
    w1 = archive.write_exchange(url="http://a.gov.cn/r", status=200, response_headers=[], body=big)
    size_after_first = resolve_warc_path(w1.warc_file, tmp_path).stat().st_size  # still <name>.open
    w2 = archive.write_exchange(url="http://a.gov.cn/r", status=200, response_headers=[], body=big,
                                revisit_of=Original("http://a.gov.cn/r", w1.warc_date, w1.record_id,
                                                    w1.warc_file, w1.warc_offset))
    archive.close()
    growth = (tmp_path / w1.warc_file).stat().st_size - size_after_first
    assert growth < 1500  # headers only, not the payload again
    rec = read_record(w2.warc_file, w2.warc_offset, warc_dir=tmp_path)
    assert rec.record_type == "revisit" and rec.body == big and rec.refers_to_url == "http://a.gov.cn/r"
    assert read_record(w2.warc_file, w2.warc_offset, warc_dir=tmp_path, follow_revisit=False).body == b""


def test_files_rotate(tmp_path):
    archive = WarcArchive(tmp_path, max_bytes=300)
    files = {archive.write_exchange(url=f"http://a.gov.cn/{i}", status=200, response_headers=[],
                                    body=bytes(range(256)) * 4).warc_file for i in range(3)}
    archive.close()
    assert len(files) == 3
    assert all(name.endswith(".warc.gz") for name in files)


# -- middlewares ----------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "archive.db")
    yield s
    s.close()


def _response(url, body=PAGE, status=200, headers=None, kind="report"):
    req = Request(url, meta={"kind": kind, "site": "www.a.gov.cn", "source": None},
                  headers={"User-Agent": "nianbao-test"})
    cls = HtmlResponse if status == 200 else Response
    return req, cls(url, status=status, body=body, request=req,
                    headers={"Content-Type": "text/html; charset=utf-8", **(headers or {})})


def test_archive_middleware_writes_documents_and_dedupes(tmp_path, store):
    mw = ArchiveMiddleware(store, WarcArchive(tmp_path / "warc"))
    url = "http://www.a.gov.cn/r1.html"
    req, resp = _response(url, headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert mw.process_response(req, resp) is resp
    meta = resp.meta["document"]
    assert meta["sha256"] == sha256_hex(PAGE) and meta["revisit"] is False
    assert set(meta) >= {"sha256", "warc_file", "warc_offset", "fetched_at"}
    doc = store.document(url, sha256_hex(PAGE))
    assert doc["status"] == 200 and doc["etag"] == '"v1"' and doc["kind"] == "report"
    assert read_record(doc["warc_file"], doc["warc_offset"], warc_dir=tmp_path / "warc").body == PAGE

    # The same bytes again: a revisit record, the same documents row, one more fetch.
    req2, resp2 = _response(url, headers={"ETag": '"v1"'})
    mw.process_response(req2, resp2)
    assert resp2.meta["document"]["revisit"] is True
    assert resp2.meta["document"]["warc_offset"] == doc["warc_offset"]
    rows = list(store.db.query("select * from documents"))
    assert len(rows) == 1 and rows[0]["fetches"] == 2

    # A 304 adds no documents row and reports the stored version.
    req3, resp3 = _response(url, body=b"", status=304)
    mw.process_response(req3, resp3)
    assert resp3.meta["document"]["not_modified"] is True
    assert resp3.meta["document"]["sha256"] == sha256_hex(PAGE)
    assert store.db["documents"].count == 1

    # An error page and a list page are archived too, with their status and kind.
    req4, resp4 = _response("http://www.a.gov.cn/missing", body=b"not found", status=404, kind="list")
    mw.process_response(req4, resp4)
    missing = store.latest_document("http://www.a.gov.cn/missing", ok_only=False)
    assert missing["status"] == 404 and missing["kind"] == "list"
    mw.archive.close()
    recs = records(tmp_path / "warc" / doc["warc_file"])
    revisit = next(h for kind, _, h in recs if kind == "revisit")
    assert revisit["WARC-Refers-To"] == doc["warc_record_id"]
    assert revisit["WARC-Refers-To-Date"] == doc["warc_date"]
    kinds = [r[0] for r in recs]
    assert kinds == ["warcinfo", "response", "request", "revisit", "request", "response", "request",
                     "response", "request"]


def test_archive_failure_is_recorded_not_raised(tmp_path, store):
    class Broken(WarcArchive):
        def write_exchange(self, **kwargs):
            raise OSError("disk full")

    mw = ArchiveMiddleware(store, Broken(tmp_path))
    req, resp = _response("http://www.a.gov.cn/x")
    assert mw.process_response(req, resp) is resp
    assert [r["stage"] for r in store.db.query("select stage from errors")] == ["archive"]


def test_conditional_request_middleware(tmp_path, store):
    url = "http://www.a.gov.cn/r1.html"
    store.record_fetch({"url": url, "sha256": "abc", "fetched_at": "2025-01-01T00:00:00Z", "status": 200,
                        "etag": '"v1"', "last_modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
    mw = ConditionalRequestMiddleware(store)
    report = Request(url, meta={"kind": "report"})
    assert mw.process_request(report) is None
    assert report.headers[b"If-None-Match"] == b'"v1"'
    assert report.headers[b"If-Modified-Since"] == b"Mon, 01 Jan 2024 00:00:00 GMT"
    assert 304 in report.meta["handle_httpstatus_list"]
    listing = Request(url, meta={"kind": "list"})
    mw.process_request(listing)
    assert b"If-None-Match" not in listing.headers
    unknown = Request("http://www.a.gov.cn/new.html", meta={"kind": "attachment"})
    mw.process_request(unknown)
    assert b"If-None-Match" not in unknown.headers
    off = ConditionalRequestMiddleware(store, enabled=False)
    again = Request(url, meta={"kind": "report"})
    off.process_request(again)
    assert b"If-None-Match" not in again.headers


def test_a_render_is_never_conditional(tmp_path, store):
    # an article drawn by its script is rendered right after its shell was stored: made conditional on
    # that shell, the browser got "304 Not Modified" and the navigation failed (net::ERR_ABORTED)
    url = "http://www.a.gov.cn/zwgk/detail.html?id=880037"
    store.record_fetch({"url": url, "sha256": "def", "fetched_at": "2025-01-01T00:00:00Z", "status": 200,
                        "etag": '"v7"', "last_modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
    mw = ConditionalRequestMiddleware(store)
    render = Request(url, meta={"kind": "report", "playwright": True})
    assert mw.process_request(render) is None
    assert b"If-None-Match" not in render.headers and b"If-Modified-Since" not in render.headers
    plain = Request(url, meta={"kind": "report"})
    mw.process_request(plain)
    assert plain.headers[b"If-None-Match"] == b'"v7"'
