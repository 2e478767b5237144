"""Pages by what they are: script-attribute links, attachment-only report pages under the column's
path, meta tags read per element, and the one document decision."""

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.page import Page
from crawler.script_links import navigation_url
from crawler.spiders.reports import ReportsSpider
from parsers.document import Context, decide
from tests.scrapy_helpers import TEST_SETTINGS

SITE = "http://www.lh.gov.cn/"


def _response(path: str, html: str, kind: str) -> HtmlResponse:
    meta = {"kind": kind, "site": "www.lh.gov.cn", "site_url": SITE, "source": None, "depth_hops": 2}
    return HtmlResponse(SITE + path, body=html.encode("utf-8"), encoding="utf-8", request=Request(SITE + path, meta=meta))


def _spider() -> ReportsSpider:
    crawler = get_crawler(ReportsSpider, TEST_SETTINGS)
    crawler.stats.open_spider()
    return ReportsSpider.from_crawler(crawler, start_urls=SITE)


def test_links_in_script_attributes_are_links():
    assert navigation_url("window.open('/xxgk/ndbg/2020/003.html')") == "/xxgk/ndbg/2020/003.html"
    assert navigation_url("location.href = 'detail.jsp?id=9'") == "detail.jsp?id=9"
    assert navigation_url("openArticle(\"/art/2024/1/2/art_1_2.html\", 1)") == "/art/2024/1/2/art_1_2.html"
    assert navigation_url("window.print()") is None
    page = Page(_response("xxgk/ndbg/index.html", (
        "<ul><li onclick=\"window.open('/xxgk/ndbg/2020/003.html')\" title='临河县2019年政府信息公开工作年度报告'>"
        "临河县2019年政府信息公开工作年度报告</li>"
        "<li><a href=\"javascript:goto('/xxgk/ndbg/2019/002.html')\">临河县2018年政府信息公开工作年度报告</a></li>"
        "<li><a href='javascript:void(0)' onclick=\"location.href='/xxgk/ndbg/2018/001.html'\">2017年报</a></li>"
        "<li><a href='javascript:window.print()'>打印</a></li></ul>"), "list"))
    assert [link.url.removeprefix(SITE) for link in page.links()] == [
        "xxgk/ndbg/2020/003.html", "xxgk/ndbg/2019/002.html", "xxgk/ndbg/2018/001.html"]


def test_attachment_only_article_under_the_column_path_is_a_report_page():
    html = ("<html><head><title>临河县2021年政府信息公开工作年度报告</title></head><body>"
            "<h1>临河县2021年政府信息公开工作年度报告</h1><div class='article-content'><p>详见附件。</p>"
            "<p><a href='/uploads/2022/0125/632021.doc'>点击下载</a></p></div></body></html>")
    s = _spider()
    out = list(s.parse_report(_response("xxgk/ndbg/2021/004.html", html, "report"),
                              list_title="临河县2021年政府信息公开工作年度报告"))
    [req] = out
    assert req.url == SITE + "uploads/2022/0125/632021.doc" and req.meta["kind"] == "attachment"
    assert req.cb_kwargs["page_url"] == SITE + "xxgk/ndbg/2021/004.html"
    assert req.cb_kwargs["page_title"] == "临河县2021年政府信息公开工作年度报告"


def test_a_column_page_titled_as_a_report_listing_several_is_a_list():
    items = "".join(f"<li><a href='/xxgk/ndbg/{y}/1.pdf'>临河县{y}年政府信息公开工作年度报告</a></li>" for y in (2022, 2023))
    html = f"<html><head><title>政府信息公开工作年度报告</title></head><body><h1>2023年度政府信息公开年报</h1><ul>{items}</ul></body></html>"
    s = _spider()
    out = list(s.parse_list(_response("xxgk/ndbg/index.html", html, "list")))
    assert sorted(r.url.removeprefix(SITE) for r in out if r.meta["kind"] == "attachment") == [
        "xxgk/ndbg/2022/1.pdf", "xxgk/ndbg/2023/1.pdf"]
    assert all("page_url" not in r.cb_kwargs for r in out)  # listed reports, not one page's attachments


def test_meta_tags_keep_their_own_content():
    page = Page(_response("a.html", "<meta name='Keywords'><meta name='PubDate' content='2025-01-20 09:00'>"
                                    "<meta name='ArticleTitle' content='某县2024年政府信息公开工作年度报告'>", "report"))
    assert page.meta == {"keywords": "", "pubdate": "2025-01-20 09:00", "articletitle": "某县2024年政府信息公开工作年度报告"}


def test_one_decision_from_the_document_and_its_context():
    ctx = Context(list_title="临河县民政局2023年政府信息公开工作年度报告", page_title="临河县民政局2023年政府信息公开工作年度报告",
                  page_published_date="2024-01-30")
    d = decide("附件", None, None, None, has_tables=True, context=ctx)
    assert (d.is_report, d.title, d.agency, d.year, d.published_date) == (
        True, "临河县民政局2023年政府信息公开工作年度报告", "临河县民政局", 2023, "2024-01-30")
    assert d.warnings == ["year 2023 read from the title '临河县民政局2023年政府信息公开工作年度报告'"]
    assert not decide("临河县2023年政府信息公开工作年度报告的解读", None, 2023, None, has_tables=False).is_report
    assert decide("临河县2023年政府信息公开工作年度报告", None, 2023, "2024-01-20", has_tables=False).year == 2023
    assert decide("一份报告", None, None, None, has_tables=True).reason.startswith("no year")
