"""The demo portal behaves like the portals it imitates: paging dialects, GBK, 304s, a flaky page, a 404.

Everything is fetched with urllib from 127.0.0.1; nothing touches the internet.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest
import yaml

from demo.portal import Portal, expected_reports, sources_yaml, start_portal
from demo.sites.hanweb import COLUMN_ID, DATAPROXY, PER_PAGE


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          retry_500: bool = False) -> tuple[int, Message, bytes]:
    """(status, headers, body) for any status, 4xx/5xx/304 included."""
    for attempt in (0, 1):
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            if e.code == 500 and retry_500 and attempt == 0:
                continue
            return e.code, e.headers, e.read()
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def portal() -> Iterator[tuple[Portal, dict[str, str]]]:
    p, bases = start_portal()
    try:
        yield p, bases
    finally:
        p.stop()


@pytest.fixture(scope="module")
def bases(portal: tuple[Portal, dict[str, str]]) -> dict[str, str]:
    return portal[1]


def links(body: bytes, encoding: str = "utf-8") -> list[tuple[str, str]]:
    """(href, title) of every list link with a title attribute."""
    text = body.decode(encoding)
    return re.findall(r'<a href="([^"]+)"[^>]*?title="([^"]+)"', text)


def test_five_sites_on_loopback(bases: dict[str, str]) -> None:
    assert set(bases) == {"trs", "hanweb", "plain", "county", "script"}
    assert len(set(bases.values())) == 5
    for base in bases.values():
        assert base.startswith("http://127.0.0.1:")
        status, _h, body = fetch(base + "/")
        assert status == 200 and body


def test_robots_forbids_private_only(bases: dict[str, str]) -> None:
    status, headers, body = fetch(bases["trs"] + "/robots.txt")
    assert status == 200
    assert "Disallow: /private/" in body.decode()
    assert headers["Content-Type"].startswith("text/plain")


def test_trs_zero_based_paging(bases: dict[str, str]) -> None:
    base = bases["trs"] + "/zwgk/zfxxgknb/"
    status, _h, first = fetch(base + "index.shtml")
    assert status == 200
    m = re.search(r'createPageHTML\((\d+), (\d+), "index", "shtml"\)', first.decode())
    assert m and m.group(2) == "0"
    total = int(m.group(1))
    assert total >= 2
    assert fetch(base)[2] == first  # the column URL itself is page 1
    for i in range(1, total):
        status, _h, body = fetch(f"{base}index_{i}.shtml")
        assert status == 200
        assert f'createPageHTML({total}, {i}, "index", "shtml")' in body.decode()
    assert fetch(f"{base}index_{total}.shtml")[0] == 404
    # report links are ./YYYYMM/tYYYYMMDD_N.shtml and resolve under the column
    hrefs = [h for h, _t in links(first)]
    assert any(re.fullmatch(r"\./\d{6}/t\d{8}_\d+\.shtml", h) for h in hrefs)


def test_trs_one_based_paging(bases: dict[str, str]) -> None:
    base = bases["trs"] + "/zwgk/bmnb/"
    status, _h, first = fetch(base + "index.html")
    m = re.search(r"createPageHTML\('paging', (\d+), (\d+), 'index', 'html', (\d+)\)", first.decode())
    assert status == 200 and m and m.group(2) == "1"
    total = int(m.group(1))
    assert total == 2
    # the 1-based form counts from 1 in file names too: page 2 is index_2.html
    status, _h, second = fetch(base + "index_2.html")
    assert status == 200 and f"createPageHTML('paging', {total}, 2, 'index', 'html'" in second.decode()
    assert fetch(base + "index_1.html")[0] == 404


def test_trs_article_markup_and_attachment(bases: dict[str, str]) -> None:
    reports = [r for r in expected_reports(bases) if r["site"] == "trs"]
    page = next(r for r in reports if r["kind"] == "seed")
    status, _h, body = fetch(page["url"])
    text = body.decode()
    assert status == 200 and '<div class="TRS_Editor">' in text
    assert f'<meta name="ArticleTitle" content="{page["title"]}">' in text
    assert '<meta name="PubDate"' in text and '<meta name="ContentSource"' in text
    att = [r for r in reports if r.get("format") == "doc"]
    assert len(att) == 1
    assert re.search(r"/P0\d{18,}\.doc$", att[0]["document_url"])
    status, _h, page_body = fetch(att[0]["url"])
    assert status == 200 and att[0]["document_url"].rsplit("/", 1)[1] in page_body.decode()
    status, headers, data = fetch(att[0]["document_url"])
    assert status == 200 and headers["Content-Type"] == "application/msword"
    assert data.startswith(b"\xd0\xcf\x11\xe0")


def test_hanweb_column_embeds_first_records_and_form_fields(bases: dict[str, str]) -> None:
    status, headers, body = fetch(f"{bases['hanweb']}/col/col{COLUMN_ID}/index.html")
    assert status == 200
    text = body.decode("gbk")
    assert 'charset=gb2312' in text
    store = re.search(r'<script type="text/xml">(.*?)</script>', text, re.S).group(1)
    assert "<nextgroup>" in store and store.count("<record>") == PER_PAGE
    for field in ("col", "appid", "webid", "path", "columnid", "unitid", "webname", "permissiontype"):
        assert re.search(rf"\b{field}: ", text), field
    assert re.search(r"totalRecord: (\d+)", text)
    assert re.search(r"perPage: (\d+)", text)


def _records(xml: bytes) -> list[str]:
    return re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", xml.decode("utf-8"), re.S)


def test_hanweb_dataproxy_answers_the_record_slice(bases: dict[str, str]) -> None:
    base = bases["hanweb"]
    page = fetch(f"{base}/col/col{COLUMN_ID}/index.html")[2].decode("gbk")
    total = int(re.search(r"totalRecord: (\d+)", page).group(1))
    unitid = re.search(r"unitid: (\d+)", page).group(1)
    webid = re.search(r"webid: (\d+)", page).group(1)
    form = urllib.parse.urlencode({"col": 1, "appid": 1, "webid": webid, "path": "/", "columnid": COLUMN_ID,
                                   "sourceContentType": 1, "unitid": unitid, "webname": "示范县人民政府",
                                   "permissiontype": 0}).encode()
    first = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", page, re.S)
    collected = list(first)
    start = PER_PAGE + 1
    while start <= total:
        end = start + PER_PAGE - 1
        status, headers, xml = fetch(f"{base}{DATAPROXY}?startrecord={start}&endrecord={end}&perpage={PER_PAGE}",
                                     data=form)
        assert status == 200 and headers["Content-Type"].startswith("text/xml")
        assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        assert b"<datastore><nextgroup>" in xml and f"<totalrecord>{total}</totalrecord>".encode() in xml
        recs = _records(xml)
        assert len(recs) == min(end, total) - start + 1
        collected += recs
        start = end + 1
    assert len(collected) == total == len(set(collected))
    # a wider window answers the same records in the same order
    status, _h, xml = fetch(f"{base}{DATAPROXY}?startrecord=1&endrecord={total}&perpage={PER_PAGE}", data=form)
    assert _records(xml) == collected
    # without the form fields jcms finds no column
    status, _h, xml = fetch(f"{base}{DATAPROXY}?startrecord=1&endrecord=5&perpage=5", data=b"")
    assert status == 200 and _records(xml) == []
    # every record is a /art/Y/M/D/art_COL_ID.html link with a date
    for rec in collected:
        assert re.fullmatch(rf'<li><a href="/art/\d{{4}}/\d{{1,2}}/\d{{1,2}}/art_{COLUMN_ID}_\d+\.html" title="[^"]+" '
                            r'target="_blank">[^<]+</a><span>\d{4}-\d{2}-\d{2}</span></li>', rec), rec


def test_gbk_pages_are_gbk_bytes(bases: dict[str, str]) -> None:
    hanweb = [r for r in expected_reports(bases) if r["site"] == "hanweb" and r.get("charset") == "gbk"]
    assert hanweb
    with_header = without_header = 0
    for rep in hanweb:
        status, headers, body = fetch(rep["url"])
        assert status == 200
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        text = body.decode("gbk")
        assert 'content="text/html; charset=gb2312"' in text and '<div id="zoom">' in text
        if "charset" in headers["Content-Type"].lower():
            with_header += 1
        else:
            without_header += 1
    assert with_header and without_header
    # the TRS site's county section is GBK too
    status, headers, body = fetch(bases["trs"] + "/zwgk/xqnb/index.shtml")
    assert status == 200 and "GBK" in headers["Content-Type"]
    assert '<meta charset="gbk">' in body.decode("gbk")


def test_etag_and_last_modified_give_304(bases: dict[str, str]) -> None:
    url = bases["trs"] + "/zwgk/zfxxgknb/index.shtml"
    status, headers, _b = fetch(url)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag and modified
    assert fetch(url, headers={"If-None-Match": etag})[0] == 304
    assert fetch(url, headers={"If-None-Match": '"other", ' + etag})[0] == 304
    assert fetch(url, headers={"If-None-Match": '"other"'})[0] == 200
    assert fetch(url, headers={"If-Modified-Since": modified})[0] == 304
    assert fetch(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200
    # the same page has the same validators on a second request (the nightly crawl relies on it)
    assert fetch(url)[1]["ETag"] == etag
    # attachments too
    rep = next(r for r in expected_reports(bases) if r.get("format") == "pdf")
    status, headers, data = fetch(rep["document_url"])
    assert status == 200 and data.startswith(b"%PDF")
    assert fetch(rep["document_url"], headers={"If-None-Match": headers["ETag"]})[0] == 304


def test_flaky_page_fails_once_then_succeeds() -> None:
    p, bases = start_portal()
    try:
        flaky = [r for r in p.expected_reports() if r.get("flaky")]
        assert len(flaky) == 1
        assert fetch(flaky[0]["url"])[0] == 500
        status, _h, body = fetch(flaky[0]["url"])
        assert status == 200 and flaky[0]["title"] in body.decode()
        assert fetch(flaky[0]["url"])[0] == 200
    finally:
        p.stop()


def test_broken_links_are_404(bases: dict[str, str]) -> None:
    status, _h, body = fetch(bases["plain"] + "/zwgk/xxgknb/index_3.html")
    assert status == 200
    hrefs = [h for h, _t in links(body)]
    served = {r["url"] for r in expected_reports(bases)}
    dead = [h for h in hrefs if fetch(bases["plain"] + h, retry_500=True)[0] == 404]
    assert len(dead) == 1 and bases["plain"] + dead[0] not in served
    assert fetch(bases["trs"] + "/zwgk/zfxxgknb/202001/t20200115_1099.shtml")[0] == 404


def test_plain_next_links(bases: dict[str, str]) -> None:
    base = bases["plain"] + "/zwgk/xxgknb/"
    url, seen = base + "index.html", []
    while url:
        status, _h, body = fetch(url)
        assert status == 200
        text = body.decode()
        seen.append(url)
        m = re.search(r'<a href="([^"]+)">下一页</a>', text)
        assert '">尾页</a>' in text
        url = base + m.group(1) if m else None
    assert [u.rsplit("/", 1)[1] for u in seen] == ["index.html", "index_2.html", "index_3.html"]
    status, _h, body = fetch(bases["plain"] + "/zwgk/bmnb/list_1.html")
    assert status == 200 and '<a href="list_2.html">下一页</a>' in body.decode()


def test_expected_reports_cover_every_report(bases: dict[str, str]) -> None:
    reports = expected_reports(bases)
    by_kind: dict[str, list[dict]] = {}
    for r in reports:
        by_kind.setdefault(r["kind"], []).append(r)
        assert r["title"] and r["year"] and r["url"].startswith("http://127.0.0.1:")
        status, _h, body = fetch(r["url"], retry_500=True)
        assert status == 200, r["url"]
        if r["document_url"] != r["url"]:
            assert fetch(r["document_url"])[0] == 200
    assert len(by_kind["seed"]) == 4
    assert len(by_kind["realdoc"]) == 2
    assert len(by_kind["free_text"]) == 1 and by_kind["free_text"][0]["year"] < 2019
    for r in by_kind.get("generated", []):
        values = [v for v in r["cells"].values() if v]
        assert values, r["title"]
    sites = {r["site"] for r in reports}
    assert sites == {"trs", "hanweb", "plain", "county", "script"}
    for site in sites:
        assert 3 <= sum(1 for r in reports if r["site"] == site) <= 10
    assert {r["form_version"] for r in reports} >= {"2019", "2021", None}
    assert fetch(bases["trs"] + "/private/zfxxgknb/t20250110_9001.shtml")[0] == 200  # served, but robots forbid
    assert not any("/private/" in r["url"] for r in reports)
    assert expected_reports(bases["hanweb"]) == [r for r in reports if r["site"] == "hanweb"]


def test_generated_reports_present(bases: dict[str, str]) -> None:
    generated = [r for r in expected_reports(bases) if r["kind"] == "generated"]
    assert len(generated) >= 6  # demo.values + demo.render: at least two a site
    assert {r["site"] for r in generated} == {"trs", "hanweb", "plain", "county", "script"}
    assert any(r.get("rules_broken") for r in generated)
    assert {r["form_version"] for r in generated} == {"2019", "2021"}


def test_noise_items_are_listed_and_served(bases: dict[str, str]) -> None:
    status, _h, body = fetch(bases["plain"] + "/zwgk/bmnb/list_1.html")
    titles = [t for _h2, t in links(body)]
    served = {r["title"] for r in expected_reports(bases)}
    assert any("部门决算" in t or "科技创新发展年度报告" in t or "法治政府建设年度报告" in t for t in titles)
    hanweb_titles = re.findall(r'title="([^"]+)"', fetch(
        f"{bases['hanweb']}{DATAPROXY}?startrecord=1&endrecord=99&perpage=99",
        data=urllib.parse.urlencode({"columnid": COLUMN_ID}).encode())[2].decode())
    for word in ("的解读", "法治政府建设年度报告", "部门决算", "统计公报", "科技创新发展年度报告", "编制工作的通知"):
        assert any(word in t for t in hanweb_titles), word
    assert not any(word in t for t in served for word in ("的解读", "决算", "统计公报", "通知"))


def test_sources_yaml(bases: dict[str, str]) -> None:
    data = yaml.safe_load(sources_yaml(bases))
    agencies = data["agencies"]
    assert len(agencies) == 5
    for a in agencies:
        assert set(a) == {"name", "province", "city", "county", "start_urls", "verified"}
        assert a["start_urls"][0] in {b + "/" for b in bases.values()}
