"""Attachment-only articles (详见附件 with a button, a span or a link), the agency of a report whose
title names none (the site's owner, when the report's text names it), and look-alike letters."""

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.page import Page
from crawler.spiders.reports import ReportsSpider
from parsers.document import Context, decide, is_lookalike
from parsers.titles import agency_from_title, is_report_title, names_lookalike
from tests.scrapy_helpers import TEST_SETTINGS

SITE = "http://www.qx.gov.cn/"
BANNER = "<div class='top-banner'>青溪县人民政府</div>"


def _response(path: str, html: str, kind: str) -> HtmlResponse:
    meta = {"kind": kind, "site": "www.qx.gov.cn", "site_url": SITE, "source": None, "depth_hops": 2}
    return HtmlResponse(SITE + path, body=html.encode("gbk"), encoding="gbk", request=Request(SITE + path, meta=meta))


def _spider() -> ReportsSpider:
    crawler = get_crawler(ReportsSpider, TEST_SETTINGS)
    crawler.stats.open_spider()
    return ReportsSpider.from_crawler(crawler, start_urls=SITE)


def _article(title: str, attachment: str) -> str:
    return (f"<html><head><title>{title}</title></head><body>{BANNER}<h2>{title}</h2>"
            f"<div class='xx'>发布时间：2024-02-06</div><div class='nr'><p>{title}详见附件。</p>"
            f"<p>附件：{attachment}</p></div></body></html>")


def test_an_article_that_links_its_report_by_a_button_or_span_yields_the_attachment_not_itself():
    cases = {
        "<input type='button' class='btn' value='点击下载' onclick=\"location.href='/uploadfile/2024/0206101.docx'\"/>":
            "uploadfile/2024/0206101.docx",
        "<span style='cursor:pointer' onclick=\"javascript:window.location.href='../../../uploadfile/2024/0206102.pdf'\">"
        "点击下载</span>": "uploadfile/2024/0206102.pdf",
        "<button onclick=\"window.open('/uploadfile/2024/0206103.doc')\">下载</button>": "uploadfile/2024/0206103.doc",
        "<a href='/uploadfile/2024/0206104.wps'>青溪县2023年报正文</a>": "uploadfile/2024/0206104.wps",  # 详见附件: any document
    }
    for n, (control, path) in enumerate(cases.items()):
        title = f"{2020 + n}年度政府信息公开工作年度报告"
        html = _article(title, control)
        out = list(_spider().parse_report(_response(f"xxgk/ndbg/2024/00{n}.html", html, "report"), list_title=title))
        assert [r.url.removeprefix(SITE) for r in out] == [path], control  # no item for the page itself
        [req] = out
        assert req.meta["kind"] == "attachment"
        assert req.cb_kwargs["page_title"] == title and req.cb_kwargs["page_published_date"] == "2024-02-06"
        assert req.cb_kwargs["site_owner"] == "青溪县人民政府"


def test_site_owner_from_a_banner_a_footer_line_or_the_title():
    def owner(html: str) -> str | None:
        return Page(_response("a.html", html, "landing")).site_owner

    assert owner(f"<html><body>{BANNER}<p>正文</p></body></html>") == "青溪县人民政府"
    assert owner("<html><body><div class='ft'>主办单位：青溪县教育局 备案号：1</div></body></html>") == "青溪县教育局"
    assert owner("<html><head><title>首页 - 白沙经济开发区管理委员会门户网站</title></head><body></body></html>") \
        == "白沙经济开发区管理委员会"
    assert owner("<html><head><title>新闻中心</title></head><body><div class='header'>欢迎访问</div></body></html>") is None


def test_an_untitled_report_is_the_site_owners_only_when_its_text_names_the_owner():
    ctx = Context(page_title="2023年度政府信息公开工作年度报告", site_owner="青溪县人民政府")
    text = "一、总体情况\n2023年，青溪县人民政府坚持以人民为中心，全年共收到政府信息公开申请57件。"
    d = decide("2023年度政府信息公开工作年度报告", None, 2023, None, has_tables=True, context=ctx, text=text)
    assert d.is_report and d.agency == "青溪县人民政府" and any("site's owner" in w for w in d.warnings)
    other = "一、总体情况\n2023年，县林业局坚持以人民为中心，全年共收到政府信息公开申请3件。"
    assert decide("2023年度政府信息公开工作年度报告", None, 2023, None, has_tables=True, context=ctx,
                  text=other).agency is None
    # a title naming its agency keeps it
    assert decide("青溪县林业局2023年政府信息公开工作年度报告", None, 2023, None, has_tables=True, context=ctx,
                  text=text).agency == "青溪县林业局"


def test_a_department_titled_by_its_level_only_gets_the_place_of_the_site_s_owner():
    def agency(title: str, owner: str | None) -> str | None:
        d = decide(title, None, 2022, None, has_tables=True, context=Context(site_owner=owner))
        return d.agency

    assert agency("县教育局2022年度政府信息公开工作年度报告", "连平县人民政府") == "连平县教育局"
    assert agency("区财政局2022年政府信息公开工作年度报告", "梅州市梅江区人民政府") == "梅州市梅江区财政局"
    assert agency("市教育局2022年政府信息公开工作年度报告", "梅州市梅江区人民政府") == "梅州市教育局"
    d = decide("县人民政府2022年政府信息公开工作年度报告", None, 2022, None, has_tables=True,
               context=Context(site_owner="连平县人民政府"))
    assert d.agency == "连平县人民政府" and any("site's owner" in w for w in d.warnings)
    # no place of that level in the owner's name, no owner, or a name that is already whole: as titled
    assert agency("县教育局2022年政府信息公开工作年度报告", "肇庆市人民政府") == "县教育局"
    assert agency("县教育局2022年政府信息公开工作年度报告", None) == "县教育局"
    assert agency("忠信镇2022年政府信息公开工作年度报告", "连平县人民政府") == "忠信镇"
    assert agency("连平县教育局2022年政府信息公开工作年度报告", "连平县人民政府") == "连平县教育局"


def test_letters_and_notices_about_a_report_are_lookalikes():
    for title in ("关于青溪县人民政府2022年政府信息公开工作年度报告有关问题的函",
                  "关于青溪县教育局2021年度政府信息公开工作年度报告的复函",
                  "关于2023年度政府信息公开工作年度报告情况的通报",
                  "关于报送2023年度政府信息公开工作年度报告的通知"):
        assert names_lookalike(title) and not is_report_title(title), title
        assert is_lookalike(title), title
        assert not decide(title, None, 2022, None, has_tables=True).is_report, title
    for title in ("青溪县人民政府关于2022年度政府信息公开工作的年度报告", "2022年度政府信息公开工作年度报告"):
        assert is_report_title(title) and not is_lookalike(title)
    # the letter's page yields no report, and an untitled file with tables under a 通知 is not one
    html = _article("关于青溪县人民政府2022年政府信息公开工作年度报告有关问题的函", "")
    assert list(_spider().parse_report(_response("xxgk/ndbg/2023/016.html", html, "report"))) == []
    assert not decide(None, None, None, None, has_tables=True,
                      context=Context(page_title="关于报送2023年度政府信息公开工作年度报告的通知")).is_report
    assert agency_from_title("关于青溪县人民政府2022年政府信息公开工作年度报告") == "青溪县人民政府"
