"""Link scoring, attachment recognition, site bounds, blocked pages and decoding."""

import pytest

from crawler.discovery import Kind, Link, blocked_reason, classify_link, is_attachment_url, on_site
from crawler.page import Page, detect_encoding
from tests.scrapy_helpers import fixture_response

SITE = "http://kj.example.gov.cn"
LANDING = SITE + "/zwgk/index.html"
COLUMN = SITE + "/zwgk/xxgknb/index.html"


def kind(text: str, url: str, *, title: str = "", page: str = LANDING, page_kind: Kind = Kind.LANDING):
    target = classify_link(Link(url, text, title), page_url=page, page_kind=page_kind)
    return target.kind if target else None


@pytest.mark.parametrize("text,url,expected", [
    ("泉州市科学技术局2024年政府信息公开工作年度报告", "/zwgk/t20250126_1.html", Kind.REPORT),
    ("2019年政府信息公开工作年度报告", "/P020200115512345678901.pdf", Kind.ATTACHMENT),
    ("洛江区科学技术局2020年政府信息公开工作年度报告", "/module/download/downfile.jsp?classid=0&filename=a.pdf",
     Kind.ATTACHMENT),
    ("政府信息公开年报", "/zwgk/col/col99/index.html", Kind.LIST),
    ("政府信息公开年度报告", "/a/b/", Kind.LIST),
    ("年报", "/a/c/", Kind.LIST),
    ("更多>>", "/zwgk/zfxxgkndbg/", Kind.LIST),
    ("更多", "/zwgk/ndbg/index.shtml", Kind.LIST),
    ("政务公开", "/zwgk/", Kind.LANDING),
    ("政府信息公开", "/col/col1000/index.html", Kind.LANDING),
    ("部门信息公开", "/bmxxgk/", Kind.LANDING),
    # look-alikes and chrome
    ("关于2024年政府信息公开工作年度报告的解读", "/zwgk/t1.html", None),
    ("2023年法治政府建设年度报告", "/zwgk/t2.html", None),
    ("2024年部门预算", "/zwgk/t3.html", None),
    ("2023年国民经济和社会发展统计公报", "/zwgk/t4.html", None),
    ("2023年科技创新发展年度报告", "/zwgk/t5.html", None),
    ("政府信息公开指南", "/zwgk/P020200101000000000001.doc", None),
    ("企业年报公示", "/qynb/", None),
    ("新闻动态", "/xwdt/", None),
])
def test_links_on_a_landing_page(text, url, expected):
    assert kind(text, SITE + url) == expected


def test_truncated_item_is_fetched_and_the_title_attribute_counts():
    assert kind("泉州市科学技术局2024年政府信息公开工作年...", SITE + "/zwgk/t1.html") is Kind.REPORT
    assert kind("泉州市科学技术局2024…", SITE + "/t2.html", title="泉州市科学技术局2024年政府信息公开工作年度报告") \
        is Kind.REPORT


def test_short_items_count_only_inside_a_report_column():
    assert kind("2023年度报告", SITE + "/zwgk/xxgknb/t1.html", page=COLUMN, page_kind=Kind.LIST) is Kind.REPORT
    assert kind("2023年年报", SITE + "/zwgk/xxgknb/t2.html", page=COLUMN, page_kind=Kind.LIST) is Kind.REPORT
    assert kind("2023年度报告", SITE + "/news/t1.html") is None
    assert kind("2023年度部门决算公开", SITE + "/zwgk/xxgknb/t3.html", page=COLUMN, page_kind=Kind.LIST) is None


def test_sub_columns_under_a_disclosure_page_are_followed_last():
    target = classify_link(Link(SITE + "/zwgk/bmxxgk/kxjsj/", "区科技局"), page_url=SITE + "/zwgk/bmxxgk/",
                           page_kind=Kind.LANDING)
    assert target is not None and target.kind is Kind.LANDING and target.priority == 0
    # …but not articles, and not from the home page
    assert kind("关于开展某某工作的通知", SITE + "/zwgk/bmxxgk/t20240101_3.html", page=SITE + "/zwgk/bmxxgk/") is None
    assert kind("区科技局", SITE + "/kxjsj/", page=SITE + "/") is None


@pytest.mark.parametrize("url,expected", [
    ("http://a.gov.cn/P020250126512345678901.pdf", True),
    ("http://a.gov.cn/files/report.DOCX", True),
    ("http://a.gov.cn/files/report.wps", True),
    ("http://a.gov.cn/upload/P020250126512345678901", True),
    ("http://a.gov.cn/download.jsp?id=3", True),
    ("http://a.gov.cn/art/2024/1/1/art_1_2.html", False),
    ("http://a.gov.cn/images/logo.png", False),
])
def test_attachment_urls(url, expected):
    assert is_attachment_url(url) is expected


def test_staying_on_the_start_urls_site():
    start = "http://www.qzlj.gov.cn/zwgk/zfxxgkzl/bmzfxxgk/kxjsj"
    assert on_site("https://qzlj.gov.cn/zwgk/", start)
    assert not on_site("http://www.quanzhou.gov.cn/", start)
    assert not on_site("http://file.qzlj.gov.cn/a.pdf", start)
    assert on_site("http://file.qzlj.gov.cn/a.pdf", start, documents=True)
    assert not on_site("http://127.0.0.1:8001/", "http://127.0.0.1:8002/")
    assert not on_site("mailto:a@qzlj.gov.cn", start)


def test_blocked_by_status_script_and_empty_shell():
    assert "412" in blocked_reason(412, b"<html></html>")
    assert "521" in blocked_reason(521, b"")
    assert "$_ts" in blocked_reason(200, b"<script>$_ts=window['$_ts'];</script>")
    shell = Page(fixture_response("pages/shell.html"))
    assert shell.blocked_reason() == "empty page shell filled by JavaScript"
    report = Page(fixture_response("trs/zwgk/zfxxgkndbg/202501/t20250126_101.shtml"))
    assert report.blocked_reason() is None
    # a bare Hanweb column: no visible text, its links only inside the script XML — not a shell
    hanweb = (b'<html><body><script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/a.html">'
              b'x</a></li>]]></record></recordset></datastore></script><script src="jpage.js"></script></body></html>')
    assert blocked_reason(200, hanweb, visible_text="") is None


def test_decoding_header_then_meta_then_detection():
    # header says UTF-8 over GBK bytes: skipped; the meta says gb2312, read as GB18030 (堃 is not GB2312)
    page = Page(fixture_response("pages/mislabelled.html"))
    assert page.encoding == "gb18030" and "王堃" in page.text
    assert "洛江区科学技术局" in page.title_candidates()[0]
    undeclared = Page(fixture_response("pages/undeclared_gbk.html"))
    assert undeclared.encoding == "gb18030" and "灵武市科学技术局" in undeclared.text
    assert detect_encoding("年报".encode(), "text/html; charset=utf-8") == "utf-8"
    assert detect_encoding(b"<meta charset=gb2312>", None) == "gb18030"


def test_report_page_titles_and_lookalikes():
    report = Page(fixture_response("trs/zwgk/zfxxgkndbg/202501/t20250126_101.shtml"))
    assert report.report_title() == "示例市科学技术局2024年政府信息公开工作年度报告"
    assert report.holds_report_text
    # reached by a truncated link, the page's own ArticleTitle says 解读
    lookalike = Page(fixture_response("trs/zwgk/zfxxgkndbg/202301/t20230121_106.shtml"))
    assert lookalike.report_title("示例市科学技术局2022年政府信息公开工作年...") is None
    column = Page(fixture_response("trs/zwgk/zfxxgkndbg/index.shtml"))
    assert column.report_title() is None


def test_report_attachments_skip_the_guide_in_the_footer():
    page = Page(fixture_response("trs/zwgk/zfxxgkndbg/202401/t20240125_103.shtml",
                                 url="http://kj.example.gov.cn/zwgk/zfxxgkndbg/202401/t20240125_103.shtml"))
    assert [link.url for link in page.report_attachments] == [
        "http://kj.example.gov.cn/zwgk/zfxxgkndbg/202401/P020240125000000000103.pdf"]
    assert not page.holds_report_text
