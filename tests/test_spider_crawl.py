"""A real crawl of the fixture portals (TRS, Hanweb jpage, plain, and a blocked one) on 127.0.0.1.

Runs ``reports`` in a child process with the archive, pipelines and extensions off, and
``DOWNLOAD_DELAY=0 AUTOTHROTTLE_ENABLED=False`` as the issue's bar says. Every report on the
fixture portals is known, so recall and precision are checked exactly.
"""

from contextlib import ExitStack
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.scrapy_helpers import portal_server, run_crawl

# Each portal's report documents, as paths: (report page, document).
EXPECTED = {
    "trs": {
        ("/zwgk/zfxxgkndbg/202501/t20250126_101.shtml", "/zwgk/zfxxgkndbg/202501/t20250126_101.shtml"),
        ("/zwgk/zfxxgkndbg/202401/t20240125_103.shtml", "/zwgk/zfxxgkndbg/202401/P020240125000000000103.pdf"),
        ("/zwgk/zfxxgkndbg/202301/t20230120_105.shtml", "/zwgk/zfxxgkndbg/202301/t20230120_105.shtml"),
        ("/zwgk/zfxxgkndbg/201801/t20180110_107.shtml", "/zwgk/zfxxgkndbg/201801/t20180110_107.shtml"),
        ("/zwgk/zfxxgkndbg/P020200115000000000108.pdf", "/zwgk/zfxxgkndbg/P020200115000000000108.pdf"),
    },
    "hanweb": {
        ("/art/2025/1/20/art_1234_201.html", "/art/2025/1/20/art_1234_201.html"),
        ("/art/2025/1/18/art_1234_202.html", "/art/2025/1/18/art_1234_202.html"),
        ("/art/2024/1/15/art_1234_204.html", "/art/2024/1/15/art_1234_204.html"),
        ("/module/download/downfile.jsp?classid=0&filename=2a3b4c5d.pdf",
         "/module/download/downfile.jsp?classid=0&filename=2a3b4c5d.pdf"),
        ("/art/2022/1/12/art_1234_206.html", "/art/2022/1/12/art_1234_206.html"),
        ("/art/2019/1/9/art_1234_207.html", "/art/2019/1/9/art_1234_207.html"),
    },
    "plain": {
        ("/zwgk/xxgknb/t20250120_301.html", "/zwgk/xxgknb/t20250120_301.html"),
        ("/zwgk/xxgknb/t20250120_301.html", "/files/2025/report2024.docx"),
        ("/zwgk/xxgknb/t20250120_301.html", "/files/2025/tables2024.xlsx"),
        ("/zwgk/xxgknb/t20250121_302.html", "/files/2024/nb2023.pdf"),
        ("/zwgk/xxgknb/t20170120_305.html", "/zwgk/xxgknb/t20170120_305.html"),
        ("/zwgk/bmxxgk/jyj/ndbg/t20250120_306.html", "/zwgk/bmxxgk/jyj/ndbg/t20250120_306.html"),
    },
}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def crawl():
    with ExitStack() as stack:
        servers = {name: stack.enter_context(portal_server(name)) for name in ("trs", "hanweb", "plain", "blocked")}
        items, stats = run_crawl([url for url, _log in servers.values()])
        yield servers, items, stats


def _site(servers, name):
    return urlsplit(servers[name][0]).netloc


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_report_found_and_nothing_else(crawl, name):
    servers, items, _stats = crawl
    found = {(_path(i["url"]), _path(i["document_url"])) for i in items
             if i["type"] == "report" and i["site"] == _site(servers, name)}
    assert found == EXPECTED[name]


def test_report_items_carry_the_contract_fields(crawl):
    _servers, items, _stats = crawl
    reports = [i for i in items if i["type"] == "report"]
    assert len(reports) == sum(len(v) for v in EXPECTED.values())  # each document once
    for item in reports:
        assert set(item) == {"type", "url", "document_url", "body_length", "content_type", "status",
                             "list_title", "page_title", "page_published_date", "site_owner", "site", "source",
                             "fetched_at"}
        assert item["status"] == 200 and item["body_length"] > 0 and item["source"] is None
        assert item["list_title"]
        if item["document_url"] != item["url"]:  # an attachment names its page's title
            assert item["page_title"] and "年度报告" in item["page_title"]


def test_hanweb_rest_of_the_list_came_by_post_with_the_pages_form_fields(crawl):
    servers, _items, _stats = crawl
    posts = [(path, body) for method, path, body, _ua in servers["hanweb"][1] if method == "POST"]
    assert sorted(path for path, _ in posts) == [
        "/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3",
        "/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=7&perpage=3"]
    form = parse_qs(posts[0][1].decode())
    assert {k: v[0] for k, v in form.items()} == {
        "col": "1", "appid": "1", "webid": "12", "path": "/", "columnid": "1234", "sourceContentType": "1",
        "unitid": "5678", "webname": "示例县人民政府", "permissiontype": "0"}


def test_lookalikes_are_never_requested_when_their_link_says_so(crawl):
    servers, _items, _stats = crawl
    fetched = {path for _m, path, _b, _ua in servers["trs"][1]}
    assert "/zwgk/zfxxgkndbg/202501/t20250127_102.shtml" not in fetched  # …年度报告的解读
    assert "/zwgk/fzzfjs/202403/t20240301_104.shtml" not in fetched  # 法治政府建设年度报告
    assert "/zwgk/P020200101000000000001.doc" not in fetched  # 政府信息公开指南
    assert not any("art_1234_203" in path for _m, path, _b, _ua in servers["hanweb"][1])  # 部门决算


def test_dead_report_link_is_an_error_and_the_challenge_is_blocked(crawl):
    servers, items, stats = crawl
    errors = [i for i in items if i["type"] == "error"]
    assert [(_path(e["url"]), e["reason"], e["site"]) for e in errors] == [
        ("/zwgk/xxgknb/t20230120_303.html", "HTTP 404", _site(servers, "plain"))]
    [blocked] = [i for i in items if i["type"] == "blocked"]
    assert blocked["site"] == _site(servers, "blocked") and blocked["status"] == 412
    assert stats["nianbao/blocked"] == 1 and stats["nianbao/errors"] == 1
    assert stats["nianbao/reports_found"] == 17
    assert stats.get("nianbao/sites_without_reports") is None  # the blocked site is not "no reports"


def test_robots_txt_is_asked_first_and_the_user_agent_names_us(crawl):
    servers, _items, _stats = crawl
    log = servers["plain"][1]
    assert log[0][1] == "/robots.txt"
    assert all(ua.startswith("nianbao/") and "+http" in ua for _m, _p, _b, ua in log)


def test_page_budget_per_site():
    with portal_server("plain") as (url, log):
        _items, stats = run_crawl([url], {"NIANBAO_MAX_PAGES_PER_SITE": 4, "CONCURRENT_REQUESTS_PER_DOMAIN": 1})
    pages = [path for _m, path, _b, _ua in log if path != "/robots.txt"]
    # Never over the budget (the site has 19 pages). A duplicate gives its place back only once the
    # dupefilter has dropped it, so near the edge a request may be refused that would have fit.
    assert 3 <= len(pages) <= 4
    assert pages[:3] == ["/", "/zwgk/index.html", "/zwgk/xxgknb/"]
    assert stats["nianbao/pages"] == len(pages)
