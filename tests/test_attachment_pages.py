"""Two-hop attachment pages and soft 404s, on the spider's callbacks with stored-style responses.

- An article whose only link is 【查看附件】 to a page of attachment links (``fjxz.asp?id=N``):
  the page is asked for as the article's attachment, and its files are fetched under the article's
  title and context, one hop only; a page listing several reports is not taken for one.
- A dead link answered 200 with a page that only alerts 该信息不存在或已被删除 (or a 404-titled
  page) is an error for that URL, never a bot challenge for the whole site.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.discovery import blocked_reason, gone_reason
from crawler.page import Page
from crawler.spiders.reports import ReportsSpider
from tests.scrapy_helpers import TEST_SETTINGS, run_crawl
from tests.test_script_sites import serve

SITE = "http://www.lp.gov.cn/"
TITLE = "连平县人民政府2023年度政府信息公开工作年度报告"
CHROME = ("<div class='lmdh'>信息公开</div><ul><li><a href='/xxgk/list.asp?ClassID=31'>公开指南</a></li>"
          "<li><a href='/xxgk/list.asp?ClassID=35'>政府信息公开年报</a></li></ul>"
          "<div class='foot'>主办：连平县人民政府办公室</div>")
ARTICLE = (f"<html><head><title>政府信息公开年报_连平县人民政府网</title></head><body>{CHROME}"
           f"<div class='show'><h1>{TITLE}</h1><div class='info'>发布时间：2024/02/05</div>"
           f"<div class='content'><p>{TITLE}详见附件。</p><p><a href='fjxz.asp?id=1243'>【查看附件】</a></p>"
           "</div></div></body></html>")
FILES_PAGE = (f"<html><head><title>附件下载_连平县人民政府网</title></head><body>{CHROME}<div class='fjxz'>"
              f"<h3>{TITLE} 附件</h3><ul><li>1. <a href='/UploadFiles/xxgk/2024/2/0205134954.pdf'>{TITLE}.pdf</a></li>"
              f"<li>2. <a href='/UploadFiles/xxgk/2024/2/0205134955.xlsx'>{TITLE}附表.xlsx</a></li>"
              "<li>3. <a href='/UploadFiles/xxgk/2024/2/gkzn.doc'>政府信息公开指南.doc</a></li></ul></div></body></html>")
GONE = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        '<script language="javascript">alert("该信息不存在或已被删除！");history.back();</script></body></html>')


def _response(path: str, html: str, kind: str, **cb_kwargs: object) -> HtmlResponse:
    meta = {"kind": kind, "site": "www.lp.gov.cn", "site_url": SITE, "source": None, "depth_hops": 3}
    return HtmlResponse(SITE + path, body=html.encode("gbk"), encoding="gbk",
                        request=Request(SITE + path, meta=meta, cb_kwargs=dict(cb_kwargs)))


def _spider() -> ReportsSpider:
    crawler = get_crawler(ReportsSpider, TEST_SETTINGS)
    crawler.stats.open_spider()
    return ReportsSpider.from_crawler(crawler, start_urls=SITE)


def test_an_article_whose_only_link_is_to_its_attachments_page_asks_for_that_page_as_its_attachment():
    out = list(_spider().parse_report(_response("xxgk/show.asp?id=1243", ARTICLE, "report"), list_title=TITLE))
    [req] = out  # no item for the article itself (it holds no numbers), no sidebar column
    assert req.url == SITE + "xxgk/fjxz.asp?id=1243"
    assert req.meta["kind"] == "attachment"
    assert req.cb_kwargs["page_url"] == SITE + "xxgk/show.asp?id=1243"
    assert req.cb_kwargs["page_title"] == TITLE and req.cb_kwargs["page_published_date"] == "2024-02-05"
    assert req.cb_kwargs.get("via_page") is None  # the page itself may still hop once


def test_the_attachments_page_gives_its_report_files_under_the_article_s_context_one_hop_only():
    context = {"page_url": SITE + "xxgk/show.asp?id=1243", "page_title": TITLE,
               "page_published_date": "2024-02-05", "list_title": TITLE, "site_owner": "连平县人民政府"}
    spider = _spider()
    out = list(spider.parse_document(_response("xxgk/fjxz.asp?id=1243", FILES_PAGE, "attachment"), **context))
    assert [r.url.removeprefix(SITE) for r in out] == ["UploadFiles/xxgk/2024/2/0205134954.pdf",
                                                       "UploadFiles/xxgk/2024/2/0205134955.xlsx"]  # not the 指南
    for req in out:
        assert req.meta["kind"] == "attachment"
        assert {k: req.cb_kwargs[k] for k in context} == context
        assert req.cb_kwargs["via_page"] is True
    assert spider.crawler.stats.get_value("nianbao/attachment_pages") == 1
    # a page of attachments reached from an attachments page is not walked again: one hop
    again = list(_spider().parse_document(_response("xxgk/fjxz.asp?id=1243", FILES_PAGE, "attachment"),
                                          via_page=True, **context))
    assert all(not isinstance(x, Request) for x in again)


def test_a_page_naming_several_reports_or_many_files_is_not_an_attachments_page():
    lis = "".join(f"<li><a href='/UploadFiles/nb{y}.pdf'>连平县人民政府{y}年政府信息公开工作年度报告.pdf</a></li>"
                  for y in (2021, 2022, 2023))
    several = f"<html><head><title>附件下载</title></head><body><div class='fjxz'><ul>{lis}</ul></div></body></html>"
    assert Page(_response("xxgk/fjxz.asp?id=9", several, "attachment")).attachment_page_files() == []
    out = list(_spider().parse_document(_response("xxgk/fjxz.asp?id=9", several, "attachment"), page_title=TITLE))
    assert not any(isinstance(x, Request) for x in out)
    # one report's files: taken
    assert len(Page(_response("xxgk/fjxz.asp?id=1243", FILES_PAGE, "attachment")).attachment_page_files()) == 2


def test_an_attachments_page_whose_download_link_does_not_look_like_a_file_is_still_followed():
    page = (f"<html><head><title>{TITLE} - 文件下载</title></head><body>{CHROME}<div class='downbox'><h3>{TITLE}</h3>"
            "<ul><li><a href='/fileshow.asp?id=5'>本地下载</a></li><li><a href='/xzzx/'>下载中心</a></li></ul>"
            "</div></body></html>")
    [req] = list(_spider().parse_document(_response("xxgk/fjxz.asp?id=7", page, "attachment"), page_title=TITLE))
    assert req.url == SITE + "fileshow.asp?id=5" and req.cb_kwargs["via_page"] is True


def test_attachment_page_links_are_the_article_s_own_not_download_centres():
    page = Page(_response("xxgk/show.asp?id=1243", ARTICLE.replace(
        "</ul>", "<li><a href='/xzzx/'>下载中心</a></li><li><a href='/app.html'>客户端下载</a></li></ul>"), "report"))
    assert [link.url for link in page.attachment_pages] == [SITE + "xxgk/fjxz.asp?id=1243"]
    # an article that links its file directly needs no attachments page
    direct = ARTICLE.replace("fjxz.asp?id=1243'>【查看附件】", "/UploadFiles/nb2023.pdf'>【点击下载】")
    out = list(_spider().parse_report(_response("xxgk/show.asp?id=1243", direct, "report"), list_title=TITLE))
    assert [r.url for r in out] == [SITE + "UploadFiles/nb2023.pdf"]


def _gone(html: str, status: int = 200) -> str | None:
    page = Page(_response("xxgk/show.asp?id=1199", html, "report"))
    return gone_reason(status, page._inline_scripts(), visible_text=page.visible_text,
                       title=page.sel.xpath("string(//title)").get() or "")


def test_soft_404_pages_are_recognized_and_real_pages_are_not():
    assert "该信息不存在或已被删除" in _gone(GONE)
    assert "文件不存在" in _gone('<script>alert("文件不存在！");history.back();</script>')
    assert "404" in _gone("<html><head><title>404 Not Found</title></head><body><div class='nav'>"
                          "<a href='/'>首页</a></div><p>抱歉，您访问的页面暂时无法显示。</p></body></html>")
    assert "页面不存在" in _gone("<html><head><title>页面不存在_某县人民政府</title></head><body></body></html>")
    assert _gone("<html><body><p>您要找的信息已被删除</p></body></html>") is not None
    chrome = f"<div class='nav'>{CHROME * 3}</div>"
    assert "信息已被删除" in _gone(f"<html><head><title>提示</title></head><body>{chrome}<p>对不起，该信息已被删除。</p>"
                               "<a href='/'>返回首页</a></body></html>")
    assert _gone(GONE, status=404) is None  # a real 404 is the downloader's error already
    # content: an alert that says something else, a report that mentions 不存在 (its 信息不存在 row
    # among the form's reasons included), a JS challenge shell
    report = ARTICLE.replace("详见附件", "一、总体情况" + "本机关全年主动公开政府信息1024条。" * 40 + "（三）信息不存在 3件")
    assert _gone(report) is None
    assert _gone('<script>alert("请使用IE8以上浏览器");</script>') is None
    assert _gone(ARTICLE.replace("详见附件", "不存在隐瞒或者已被删除的情况，详见附件")) is None
    assert _gone("<html><body><script>$_ts=window['$_ts'];</script></body></html>") is None
    assert blocked_reason(200, b"<html><body><script>$_ts=window['$_ts'];</script></body></html>") is not None


def test_a_soft_404_is_a_dead_link_error_for_its_url_not_a_blocked_site():
    spider = _spider()
    for callback, kind in ((spider.parse_report, "report"), (spider.parse_document, "attachment")):
        [item] = list(callback(_response("xxgk/show.asp?id=1199", GONE, kind)))
        assert item["type"] == "error" and item["url"] == SITE + "xxgk/show.asp?id=1199"
        assert item["reason"].startswith("soft 404") and "该信息不存在或已被删除" in item["reason"]
    assert not spider.blocked["www.lp.gov.cn"]
    assert spider.crawler.stats.get_value("nianbao/errors") == 2



# --- crawled for real: an ASP county site and a DedeCMS one, served on 127.0.0.1 ---------------------
FORMATS = Path(__file__).parent / "files" / "formats"
COLUMN_ITEMS = {  # article path → its title and what its body links
    "/xxgk/show.asp?id=1243": (TITLE, "<a href='fjxz.asp?id=1243'>【查看附件】</a>"),
    "/plus/view.php?aid=31": ("阜平县财政局2022年政府信息公开工作年度报告",
                              "附件：<a href='/plus/download.php?open=0&aid=31&cid=3'>点击下载</a>"),
    "/xxgk/show.asp?id=1199": ("连平县人民政府2018年政府信息公开工作年度报告", ""),  # gone: a soft 404
    "/xxgk/show.asp?id=1250": ("连平县人民政府2023年政府信息公开工作年度报告解读",
                               "<a href='fjxz.asp?id=1250'>【查看附件】</a>"),  # a look-alike: never followed
}
FILES = {"/UploadFiles/xxgk/2024/2/0205134954.pdf": "report_2021.pdf",
         "/UploadFiles/xxgk/2024/2/0205134955.xlsx": "report_2021.xlsx",
         "/uploads/soft/230115/1-2301151A2.docx": "report_2019.docx"}


def _site(path: str, query: str, body: bytes) -> tuple | None:
    def page(text: str, charset: str = "gbk") -> tuple:
        return 200, text.encode(charset, "xmlcharrefreplace"), f"text/html; charset={charset}"

    full = f"{path}?{query}" if query else path
    if path == "/":
        return page(f"<html><body>{CHROME}</body></html>")
    if full == "/xxgk/list.asp?ClassID=35":
        lis = "".join(f"<li><a href='{p}'>{t}</a></li>" for p, (t, _body) in COLUMN_ITEMS.items())
        return page(f"<html><head><title>政府信息公开年报</title></head><body>{CHROME}<ul class='list'>{lis}</ul>"
                    "</body></html>")
    if full == "/xxgk/list.asp?ClassID=31":
        return page(f"<html><head><title>公开指南</title></head><body>{CHROME}<p>政府信息公开指南</p></body></html>")
    if full == "/xxgk/show.asp?id=1199":
        return page(GONE)
    if full in COLUMN_ITEMS:
        title, link = COLUMN_ITEMS[full]
        return page(ARTICLE.replace(TITLE, title).replace("<a href='fjxz.asp?id=1243'>【查看附件】</a>", link))
    if full == "/xxgk/fjxz.asp?id=1243":
        return page(FILES_PAGE.replace("/UploadFiles/xxgk/2024/2/gkzn.doc", "/UploadFiles/gkzn.doc"))
    if full == "/plus/download.php?open=0&aid=31&cid=3":  # DedeCMS's download page, then its 本地下载 link
        title = COLUMN_ITEMS["/plus/view.php?aid=31"][0]
        return page(f"<html><head><title>{title} - 文件下载</title></head><body><div class='downbox'><h3>{title}</h3>"
                    "<ul class='downurllist'><li><a href='/plus/download.php?open=2&id=31&uhash=9f3e'>本地下载</a></li>"
                    "</ul><p>软件类型：国产软件　授权方式：免费</p></div></body></html>")
    if full == "/plus/download.php?open=2&id=31&uhash=9f3e":
        return 302, b"", "text/html", {"Location": "/uploads/soft/230115/1-2301151A2.docx"}
    if path in FILES:
        return 200, (FORMATS / FILES[path]).read_bytes(), "application/octet-stream"
    return None


def test_a_crawl_fetches_files_behind_attachment_pages_and_records_the_soft_404_as_a_dead_link():
    with serve(_site) as (base, log):
        items, stats = run_crawl([base + "/"])
    reports = {i["document_url"].removeprefix(base): i for i in items if i["type"] == "report"}
    assert set(reports) == set(FILES)  # the files only: no article, no download page, no 解读
    for path, fixture in FILES.items():
        assert reports[path]["body_length"] == (FORMATS / fixture).stat().st_size
    assert reports["/UploadFiles/xxgk/2024/2/0205134954.pdf"]["url"] == base + "/xxgk/show.asp?id=1243"
    assert reports["/UploadFiles/xxgk/2024/2/0205134954.pdf"]["page_title"] == TITLE
    assert reports["/uploads/soft/230115/1-2301151A2.docx"]["url"] == base + "/plus/view.php?aid=31"
    errors = [i for i in items if i["type"] == "error"]
    assert [(e["url"].removeprefix(base), e["reason"][:8]) for e in errors] == [("/xxgk/show.asp?id=1199", "soft 404")]
    assert not [i for i in items if i["type"] == "blocked"] and not stats.get("nianbao/blocked")
    fetched = {path for _method, path in log}
    assert "/UploadFiles/gkzn.doc" not in fetched and "/xxgk/fjxz.asp?id=1250" not in fetched
    assert stats["nianbao/attachment_pages"] == 2


def test_a_script_only_page_that_sends_the_browser_elsewhere_is_followed_as_the_same_kind():
    spider = _spider()
    moved = "<html><body><script>window.location.href = '/UploadFiles/xxgk/2024/2/nb2023.pdf';</script></body></html>"
    context = {"page_url": SITE + "xxgk/show.asp?id=1243", "page_title": TITLE}
    [req] = list(spider.parse_document(_response("inc/down.asp?id=88", moved, "attachment"), **context))
    assert req.url == SITE + "UploadFiles/xxgk/2024/2/nb2023.pdf" and req.meta["kind"] == "attachment"
    assert req.cb_kwargs["page_url"] == context["page_url"] and req.cb_kwargs["page_title"] == TITLE
    # a start page that moves by script is followed, not taken for a bot challenge; so is a report link
    home = "<html><head><script>location.replace('/xxgk/index.asp')</script></head><body></body></html>"
    [req] = list(spider.parse_landing(_response("", home, "landing")))
    assert req.url == SITE + "xxgk/index.asp" and req.meta["kind"] == "landing"
    [req] = list(spider.parse_report(_response("xxgk/show.asp?id=7", home, "report"), list_title=TITLE))
    assert req.meta["kind"] == "report" and req.cb_kwargs["list_title"] == TITLE
    assert not spider.blocked["www.lp.gov.cn"]
    # bounded: the third script redirect in a row is not followed
    tired = _response("xxgk/show.asp?id=8", home, "report")
    tired.meta["script_redirects"] = 2
    assert [i["type"] for i in spider.parse_report(tired, list_title=TITLE)] == ["blocked"]
    # a JavaScript challenge that also sets location stays a challenge
    challenge = "<html><body><script>$_ts=window['$_ts']; location.href='/';</script></body></html>"
    assert [i["type"] for i in _spider().parse_landing(_response("", challenge, "landing"))] == ["blocked"]


def test_an_attachment_named_as_the_report_after_fujian_is_asked_for_whatever_its_url():
    body = f"<p>附件：<a href='/Upload/ShowFile.aspx?fid=88'>{TITLE}</a></p>"
    html = ARTICLE.replace("<p><a href='fjxz.asp?id=1243'>【查看附件】</a></p>", body)
    [req] = list(_spider().parse_report(_response("xxgk/show.asp?id=1243", html, "report"), list_title=TITLE))
    assert req.url == SITE + "Upload/ShowFile.aspx?fid=88" and req.meta["kind"] == "attachment"
    # the same words linking another article in the body, not after 附件: not an attachment
    other = ARTICLE.replace("<p><a href='fjxz.asp?id=1243'>【查看附件】</a></p>",
                            f"<p>往年：<a href='/xxgk/show.asp?id=1100'>{TITLE.replace('2023', '2022')}</a></p>")
    assert Page(_response("xxgk/show.asp?id=1243", other, "report")).attachment_pages == []


def test_a_link_whose_handler_calls_a_page_function_that_opens_a_url_is_followed():
    from crawler.script_links import called_url, navigating_functions

    scripts = ["function downFile(id) { window.open('/inc/down.asp?id=' + id, '_blank'); }",
               "var App = {}; App.show = function (cat, n) { location.href = '/xxgk/' + cat + '/' + n + '.html'; };",
               "function track(x) { var u = base + x; window.open(u); }"]
    functions = navigating_functions(scripts)
    assert called_url("downFile(1243)", functions) == "/inc/down.asp?id=1243"
    assert called_url("javascript:downFile('77');", functions) == "/inc/down.asp?id=77"
    assert called_url("App.show('ndbg', 3); return false;", functions) == "/xxgk/ndbg/3.html"
    # a URL from a variable of the script's own, an unknown function, a variable argument: none
    assert called_url("track(1)", functions) is None and called_url("other(1)", functions) is None
    assert called_url("downFile(someVar)", functions) is None
    # on an article: the button that calls downFile is the report's attachment
    html = ARTICLE.replace("<p><a href='fjxz.asp?id=1243'>【查看附件】</a></p>",
                           "<p>附件：<a href='javascript:void(0)' onclick='downFile(88)'>点击下载</a></p>") \
        .replace("</body>", f"<script>{scripts[0]}</script></body>")
    [req] = list(_spider().parse_report(_response("xxgk/show.asp?id=1243", html, "report"), list_title=TITLE))
    assert req.url == SITE + "inc/down.asp?id=88" and req.meta["kind"] == "attachment"


def test_an_article_whose_only_link_says_view_the_original_asks_for_that_handler_as_its_attachment():
    article = ARTICLE.replace("<a href='fjxz.asp?id=1243'>【查看附件】</a>", "<a href='/xxgk/down/1243'>查看原文</a>")
    out = list(_spider().parse_report(_response("xxgk/show.asp?id=1243", article, "report"), list_title=TITLE))
    [req] = out  # the extensionless handler (a 302 to the file) is the report's file, not the article
    assert req.url == SITE + "xxgk/down/1243" and req.meta["kind"] == "attachment"
    assert req.cb_kwargs["page_title"] == TITLE
