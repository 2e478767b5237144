"""The spider's callbacks on stored responses: what each page yields, field by field."""

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.sources import Source, load_sources
from crawler.spiders.reports import ReportsSpider
from tests.scrapy_helpers import TEST_SETTINGS, fixture_response

SITE_URL = "http://kj.example.gov.cn/"
SOURCE = Source("示例市科学技术局", "福建省", "泉州市", None, [SITE_URL]).as_dict()
ROOT = Path(__file__).parent.parent


def spider(**settings) -> ReportsSpider:
    crawler = get_crawler(ReportsSpider, {**TEST_SETTINGS, **settings})
    crawler.stats.open_spider()
    return ReportsSpider.from_crawler(crawler, start_urls=SITE_URL)


def meta(kind: str, **extra) -> dict:
    return {"kind": kind, "site": "kj.example.gov.cn", "site_url": SITE_URL, "source": SOURCE,
            "depth_hops": 2, **extra}


CALLBACK_DATA = ("list_title", "page_url", "page_title", "page_published_date")


def run(spider: ReportsSpider, relpath: str, path: str, kind: str = "report", callback=None, **extra) -> list:
    """The callback's output; callback data (list_title, …) goes in its kwargs, the rest in meta."""
    kwargs = {k: extra.pop(k) for k in CALLBACK_DATA if k in extra}
    response = fixture_response(relpath, url=SITE_URL + path, meta=meta(kind, **extra))
    return list((callback or spider.parse)(response, **kwargs))


def items(out: list) -> list[dict]:
    return [x for x in out if isinstance(x, dict)]


def requests(out: list) -> list[Request]:
    return [x for x in out if isinstance(x, Request)]


def test_report_page_with_the_report_in_its_body():
    s = spider()
    out = run(s, "trs/zwgk/zfxxgkndbg/202501/t20250126_101.shtml", "zwgk/zfxxgkndbg/202501/t20250126_101.shtml",
              list_title="示例市科学技术局2024年政府信息公开工作年度报告")
    [item] = items(out)
    assert item["type"] == "report"
    assert item["url"] == item["document_url"] == SITE_URL + "zwgk/zfxxgkndbg/202501/t20250126_101.shtml"
    assert item["body"].decode("gbk").count("王堃") == 1  # raw bytes, not re-encoded
    assert item["content_type"] == "text/html"
    assert (item["status"], item["site"], item["source"]) == (200, "kj.example.gov.cn", SOURCE)
    assert item["list_title"] == "示例市科学技术局2024年政府信息公开工作年度报告"
    assert item["fetched_at"].endswith("+00:00")
    assert not requests(out)
    assert s.crawler.stats.get_value("nianbao/reports_found") == 1
    assert s.crawler.stats.get_value("nianbao/pages") == 1


def test_report_page_with_only_an_attachment_requests_it_and_yields_no_page_item():
    s = spider()
    out = run(s, "trs/zwgk/zfxxgkndbg/202401/t20240125_103.shtml", "zwgk/zfxxgkndbg/202401/t20240125_103.shtml")
    assert not items(out)
    [req] = requests(out)
    assert req.url == SITE_URL + "zwgk/zfxxgkndbg/202401/P020240125000000000103.pdf"
    assert req.meta["kind"] == "attachment" and req.meta["site"] == "kj.example.gov.cn"
    assert req.meta["source"] == SOURCE and req.cb_kwargs["page_url"].endswith("t20240125_103.shtml")
    assert {304, 412, 521} <= set(req.meta["handle_httpstatus_list"])
    assert req.callback == s.parse_document and req.errback == s.on_error

    pdf = fixture_response("trs/zwgk/zfxxgkndbg/202401/P020240125000000000103.pdf", url=req.url, meta=req.meta)
    [item] = list(s.parse_document(pdf, **req.cb_kwargs))
    assert item["type"] == "report" and item["document_url"] == req.url
    assert item["url"] == req.cb_kwargs["page_url"] and item["content_type"] == "application/pdf"
    assert item["body"].startswith(b"%PDF")


def test_lookalike_reached_by_a_truncated_link_yields_nothing():
    s = spider()
    out = run(s, "trs/zwgk/zfxxgkndbg/202301/t20230121_106.shtml", "zwgk/zfxxgkndbg/202301/t20230121_106.shtml",
              list_title="示例市科学技术局2022年政府信息公开工作年...")
    assert not items(out)
    assert s.crawler.stats.get_value("nianbao/reports_found") is None


def test_not_modified_report_and_attachment():
    s = spider()
    for callback in (s.parse, s.parse_document):
        response = fixture_response("pages/shell.html", url=SITE_URL + "a.html", meta=meta("report"))
        response = response.replace(status=304, body=b"")
        assert list(callback(response)) == [{"type": "unchanged", "url": SITE_URL + "a.html"}]


def test_js_challenge_and_empty_shell_are_blocked_never_empty():
    s = spider()
    [item] = run(s, "blocked/index.html", "", kind="landing")
    assert item == {"type": "blocked", "site": "kj.example.gov.cn", "url": SITE_URL, "status": 412,
                    "reason": "HTTP 412: JavaScript challenge"}
    # an app's empty shell (<div id="app"></div> and its bundle) is rendered in the browser...
    [request] = run(s, "pages/shell.html", "zwgk/", kind="landing")
    assert request.url == SITE_URL + "zwgk/" and request.meta["playwright"] and request.meta["kind"] == "landing"
    # ...and blocked when it is still empty once rendered, or when the browser is off
    [item] = run(s, "pages/shell.html", "zwgk/", kind="landing", playwright=True)
    assert item["type"] == "blocked" and item["status"] == 200
    [item] = run(spider(NIANBAO_BROWSER=False), "pages/shell.html", "zwgk/", kind="landing")
    assert item["type"] == "blocked"
    assert s.crawler.stats.get_value("nianbao/blocked") == 2


def test_column_page_requests_reports_and_its_other_pages_not_lookalikes():
    s = spider()
    out = run(s, "trs/zwgk/zfxxgkndbg/index.shtml", "zwgk/zfxxgkndbg/index.shtml", kind="list")
    # the 政务公开 link in the header is a landing page (the dupefilter drops it in a crawl)
    by_url = {r.url.removeprefix(SITE_URL + "zwgk/zfxxgkndbg/"): r for r in requests(out) if r.meta["kind"] != "landing"}
    assert set(by_url) == {"202501/t20250126_101.shtml", "202401/t20240125_103.shtml",
                           "index_1.shtml", "index_2.shtml"}
    assert by_url["202501/t20250126_101.shtml"].meta["kind"] == "report"
    assert by_url["202401/t20240125_103.shtml"].cb_kwargs["list_title"] == "示例市科学技术局2023年政府信息公开工作年度报告"
    assert by_url["index_1.shtml"].meta["kind"] == "list"
    assert by_url["index_1.shtml"].meta["depth_hops"] == 2  # a list's own pages cost no depth
    assert by_url["202501/t20250126_101.shtml"].meta["depth_hops"] == 3
    assert all(r.meta["site"] == "kj.example.gov.cn" and r.meta["source"] == SOURCE for r in by_url.values())


def test_landing_page_leads_to_the_column_and_a_plain_column_paginates():
    s = spider()
    out = run(s, "plain/zwgk/index.html", "zwgk/index.html", kind="landing")
    kinds = {r.url.removeprefix(SITE_URL): r.meta["kind"] for r in requests(out)}
    assert kinds == {"zwgk/xxgknb/": "list", "zwgk/bmxxgk/": "landing", "zwgk/index.html": "landing"}


def test_hanweb_column_posts_to_dataproxy_and_the_answer_yields_reports():
    s = spider()
    out = run(s, "hanweb/col/col1234/index.html", "col/col1234/index.html", kind="list")
    posts = [r for r in requests(out) if r.method == "POST"]
    assert [r.url.removeprefix(SITE_URL) for r in posts] == [
        "module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3",
        "module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=7&perpage=3"]
    assert posts[0].callback == s.parse_jpage and posts[0].meta["kind"] == "list"
    gets = sorted(r.url.removeprefix(SITE_URL) for r in requests(out) if r.method == "GET" and r.meta["kind"] != "landing")
    assert gets == ["art/2025/1/18/art_1234_202.html", "art/2025/1/20/art_1234_201.html"]  # not 决算

    answer = fixture_response("hanweb/module/web/jpage/dataproxy.jsp@startrecord=4&endrecord=6&perpage=3",
                              url=posts[0].url, meta=posts[0].meta)
    followed = {r.url.removeprefix(SITE_URL): r.meta["kind"] for r in s.parse_jpage(answer, **posts[0].cb_kwargs)}
    assert followed == {"art/2024/1/15/art_1234_204.html": "report",
                        "module/download/downfile.jsp?classid=0&filename=2a3b4c5d.pdf": "attachment",
                        "art/2022/1/12/art_1234_206.html": "report"}


def test_bounds_depth_and_pages_per_site():
    s = spider(NIANBAO_MAX_DEPTH=2)
    out = run(s, "plain/zwgk/index.html", "zwgk/index.html", kind="landing")  # at hop 2 already
    assert not requests(out)
    s = spider(NIANBAO_MAX_PAGES_PER_SITE=1)
    s.requested["kj.example.gov.cn"] = 1  # the start URL took the only place
    out = run(s, "trs/zwgk/zfxxgkndbg/index.shtml", "zwgk/zfxxgkndbg/index.shtml", kind="list", depth_hops=0)
    assert not requests(out)


def test_errback_records_the_failure_and_the_crawl_goes_on():
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.python.failure import Failure

    s = spider()
    response = fixture_response("pages/shell.html", url=SITE_URL + "gone.html", meta=meta("report"))
    response = response.replace(status=404)
    failure = Failure(HttpError(response))
    failure.request = response.request
    assert list(s.on_error(failure)) == [{"type": "error", "url": SITE_URL + "gone.html",
                                          "site": "kj.example.gov.cn", "reason": "HTTP 404"}]
    assert s.crawler.stats.get_value("nianbao/errors") == 1


def test_spider_arguments():
    with pytest.raises(ValueError):
        ReportsSpider()
    s = ReportsSpider(sources=str(ROOT / "data" / "sources.yaml"), start_urls="http://a.gov.cn/, http://b.gov.cn/")
    assert ("http://a.gov.cn/", None) in s.starts and ("http://b.gov.cn/", None) in s.starts
    assert any(src is not None and src.name == "泉州市科学技术局" for _, src in s.starts)


def test_shipped_sources_name_the_seed_portals():
    sources = load_sources(ROOT / "data" / "sources.yaml")
    urls = {url for src in sources for url in src.start_urls}
    assert {"http://kj.quanzhou.gov.cn/", "http://www.nxlw.gov.cn/",
            "http://www.qzlj.gov.cn/zwgk/zfxxgkzl/bmzfxxgk/kxjsj"} <= urls
    assert any("yiyuan" in url for url in urls)
    assert all(src.name and src.province and src.start_urls for src in sources)
    assert not any(src.verified for src in sources)  # none could be checked offline


def test_load_sources_rejects_an_entry_without_urls(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("agencies:\n  - name: 某局\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_sources(path)
    path.write_text("agencies:\n  - name: 某局\n    start_url: http://x.gov.cn/\n", encoding="utf-8")
    assert load_sources(path)[0].start_urls == ["http://x.gov.cn/"]
