"""A report column that names its items by their year alone: ``2024年度（区政府）`` links, and table rows
``<tr onclick="window.location.href='…'"><td>2024年</td><td>2025-01-28</td></tr>`` opening pages headed
only ``2024年`` whose body prints the report's full title. Each item is that year's report (or what the
page says once fetched); the page's title is the one its body prints."""

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.discovery import Kind, Link, classify_link, is_year_item
from crawler.page import Page

SITE = "http://nb.example.gov.cn"
COLUMN = SITE + "/xxgk/nb/"


@pytest.mark.parametrize(("text", "year_item"), [
    ("2024年度（区政府）", True),
    ("2023年度(区财政局)", True),
    ("2024年 2025-01-28", True),
    ("【2022年】", True),
    ("2021", True),
    ("2024年赣州市章贡区政府工作报告", False),
    ("2024年度（区政府）工作要点", False),
    ("2024年度预算公开", False),
])
def test_year_item(text: str, year_item: bool) -> None:
    assert is_year_item(text) is year_item


@pytest.mark.parametrize("url", [
    COLUMN + "202501/t20250118_4471226.htm",
    COLUMN + "20250128/f5b47177a2ba74923117f6ff.html",
])
def test_year_item_in_a_report_column_is_a_report(url: str) -> None:
    target = classify_link(Link(url, "2024年度（区政府）"), page_url=COLUMN, page_kind=Kind.LIST)
    assert target is not None and target.kind is Kind.REPORT
    # outside a report column the same text is nothing to follow as a report
    other = classify_link(Link(url, "2024年度（区政府）"), page_url=SITE + "/", page_kind=Kind.LANDING)
    assert other is None or other.kind is not Kind.REPORT


def _page(path: str, html: str) -> Page:
    return Page(HtmlResponse(SITE + path, body=html.encode("utf-8"), encoding="utf-8", request=Request(SITE + path)))


ARTICLE = """<html><head><title>2024年</title></head><body><h1>2024年</h1><div class="info">2025-01-28</div>
<div class="Article_content"><p style="text-align:center"><strong>上海市闵行区人民政府2024年政府信息公开工作年度报告</strong></p>
<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。</p><p><strong>一、总体情况</strong></p></div></body></html>"""


def test_page_headed_by_its_year_takes_the_title_its_body_prints() -> None:
    page = _page("/xxgk/nb/20250128/f5b4.html", ARTICLE)
    assert page.report_title("2024年2025-01-28") == "上海市闵行区人民政府2024年政府信息公开工作年度报告"


def test_body_lines_are_not_read_when_the_page_states_another_title() -> None:
    # a 解读 headed as such: its body quoting the report's title does not make it the report
    html = ARTICLE.replace("<h1>2024年</h1>", "<h1>图解：2024年政府信息公开工作年度报告</h1>")
    assert _page("/xxgk/nb/20250128/jd.html", html).report_title("2024年图解") is None


def test_row_onclick_items_lead_to_their_pages() -> None:
    html = ("<html><body><h2>政府信息公开年报</h2><table>"
            "<tr onclick=\"window.location.href='/xxgk/nb/20250128/f5b4.html'\"><td>2024年</td><td>2025-01-28</td></tr>"
            "<tr onclick=\"window.location.href='/xxgk/nb/20240117/8015.html'\"><td>2023年</td><td>2024-01-17</td></tr>"
            "</table></body></html>")
    page = _page("/xxgk/nb/", html)
    kinds = {t.link.url: t.kind for link in page.links()
             if (t := classify_link(link, page_url=COLUMN, page_kind=Kind.LIST))}
    assert kinds == {SITE + "/xxgk/nb/20250128/f5b4.html": Kind.REPORT, SITE + "/xxgk/nb/20240117/8015.html": Kind.REPORT}


@pytest.mark.parametrize(("url", "article"), [
    (SITE + "/show.asp?id=12", True),
    (SITE + "/news/Show.aspx?ID=5", True),
    (SITE + "/zwgk/detail.jsp?articleId=9", True),
    (SITE + "/list.asp?classid=12&page=2", False),
    (SITE + "/index.html?page=2", False),
])
def test_year_items_open_article_scripts_by_id(url: str, article: bool) -> None:
    target = classify_link(Link(url, "2023年"), page_url=COLUMN, page_kind=Kind.LIST)
    assert (target is not None and target.kind is Kind.REPORT) is article


UNTITLED = """<html><head><title>2024年度</title><meta name="ContentSource" content="西宁市城东区民政局"></head><body>
<h1>2024年度</h1><div class="TRS_Editor"><p>本报告根据《中华人民共和国政府信息公开条例》要求，由西宁市城东区民政局编制。</p>
<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>"""


def test_a_page_named_only_by_its_year_is_a_report_by_its_text() -> None:
    page = _page("/zfxxgk/bmnb/mzj/202501/t20250122_4136.html", UNTITLED)
    assert page.report_title("2024年度") is None  # no title names the report
    assert page.untitled_report("2024年度")
    assert not page.untitled_report("区民政局")  # not opened from a year item
    # a page whose own title says more than the year is judged by that title, not by this rule
    assert not _page("/a.html", UNTITLED.replace("<h1>2024年度</h1>", "<h1>2024年度财政预算</h1>")).untitled_report("2024年度")
