"""Links that exist only in script, on a county portal served on 127.0.0.1 (GBK, as many are):

- the column's 下一页 calls ``gotoPage(n)``, defined in a script file the page loads
  (``/static/js/site.js``), never inline, which chooses ``index.shtml`` or ``list_N.shtml`` by N;
  no page count is printed;
- report articles say 详见附件 and give their file only by script: a ``downFile('f101')`` handler
  whose function (in the same script file) opens ``/attach/get.jsp?fid=…``; a hidden-input form
  a link submits by POST (``$('#dl').submit()``); a ``data-url`` a bound click handler opens; a
  TRS-style list of files split by the script (``"P0….docx|W0….jpg"``) with their names;
- decoys with the same words and the same attachments (a 函, a 通知, a 解读, a 统计年报, a
  决算) that must never be taken.

Unit tests of the readers behind them (script lists, form links, years in Chinese numerals) too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy.http import HtmlResponse

from crawler.dialects import listservice
from crawler.dialects.listservice import ListService
from crawler.page import Page
from crawler.script_links import (
    called_function,
    called_url,
    defined_functions,
    navigating_functions,
    script_documents,
)
from parsers.titles import agency_from_title, is_report_title, year_from_title
from tests.scrapy_helpers import AnswerHandler, run_crawl, serving_logged

SITE_JS = """var SITE = 'qs';
function gotoPage(p) { window.location = p == 1 ? 'index.shtml' : 'list_' + p + '.shtml'; }
function downFile(fid) { window.open('/attach/get.jsp?fid=' + fid); }
"""
# (title, how its file is given, file id); None: a page holding its report as text
ARTICLES = [
    ("青山县人民政府2024年政府信息公开工作年度报告", "fn", "f101"),
    ("关于青山县人民政府2024年政府信息公开工作年度报告有关问题的函", "fn", "f102"),
    ("青山县财政局2023年度政府信息公开工作年度报告", "form", "f103"),
    ("青山县2023年统计年报", "form", "f104"),
    ("二〇二二年青山县教育局政府信息公开工作年度报告", "data", "f105"),
    ("关于报送2023年度政府信息公开工作年度报告的通知", "data", "f106"),
    ("青山县人民政府政府信息公开工作年度报告（2022年）", "split", "f107"),
    ("青山县2022年政府信息公开工作年度报告解读", "split", "f108"),
    ("青山县2021年部门决算公开", "fn", "f109"),
]
REPORTS = {0, 2, 4, 6}


def article(title: str, how: str, fid: str) -> str:
    if how == "fn":
        link = f"<a href='javascript:void(0)' onclick=\"downFile('{fid}')\">{title}.pdf</a>"
    elif how == "form":
        link = (f"<form id='dl' action='/attach/post.jsp' method='post'><input type='hidden' name='fid' value='{fid}'>"
                f"<input type='hidden' name='name' value='{title}.docx'></form>"
                f"<a href=\"javascript:$('#dl').submit();\">{title}.docx</a>")
    elif how == "data":
        link = f"<span class='fj-down' data-url='/attach/{fid}.xls'>{title}.xls</span>"
    else:
        link = ("<ul><script>var fjurl = \"P0" + fid[1:] + "0000000000.doc|W0" + fid[1:] + "0001.jpg\";"
                f"var fjname = \"{title}.doc|一图读懂.jpg\";"
                "var us = fjurl.split('|'), ns = fjname.split('|');"
                "for (var i = 0; i < us.length; i++) document.write('<li><a href=\"./' + us[i] + '\">' + ns[i] + '</a></li>');"
                "</script></ul>")
    return (f"<html><head><meta charset='gbk'><title>{title}</title><script src='/static/js/jquery.min.js'></script>"
            f"<script src='/static/js/site.js'></script></head><body><h1>{title}</h1><div class='content'>"
            f"<p>{title}详见附件。</p><p>附件：{link}</p></div>"
            "<script>$(function () { $('.fj-down').click(function () { window.open($(this).data('url')); }); });</script>"
            "</body></html>")


def column(page: int) -> str:
    items = "".join(f"<li><a href='/xxgk/ndbg/art/{i}.shtml'>{ARTICLES[i][0]}</a></li>"
                    for i in range((page - 1) * 3, page * 3))
    # no page count printed: only 下一页, whose function chooses index.shtml or list_N.shtml by N
    pager = f"<a href='javascript:;' onclick='gotoPage({page + 1})'>下一页</a>" if page < 3 else ""
    return (f"<html><head><meta charset='gbk'><title>政府信息公开年度报告</title><script src='/static/js/site.js'></script>"
            f"</head><body><ul class='list'>{items}</ul><div class='page'>{pager}</div></body></html>")


@contextmanager
def county() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []

    class Handler(AnswerHandler):
        def page(self, html: str) -> None:
            self.send(200, html.encode("gbk"), "text/html; charset=GBK")

        def answer(self, method: str, body: str) -> None:
            path, query = urlsplit(self.path).path, parse_qs(urlsplit(self.path).query)
            if path == "/":
                self.page("<html><body><a href='/xxgk/'>政府信息公开</a></body></html>")
            elif path == "/xxgk/":
                self.page("<html><body><a href='/xxgk/ndbg/index.shtml'>年度报告</a></body></html>")
            elif path in ("/xxgk/ndbg/index.shtml", "/xxgk/ndbg/list_2.shtml", "/xxgk/ndbg/list_3.shtml"):
                self.page(column(1 if path.endswith("index.shtml") else int(path[-7])))
            elif path.startswith("/xxgk/ndbg/art/P0") and path.endswith(".doc"):
                self.send(200, b"DOC " + path.encode(), "application/msword")
            elif path.startswith("/xxgk/ndbg/art/"):
                self.page(article(*ARTICLES[int(path.rsplit("/", 1)[1].split(".")[0])]))
            elif path == "/static/js/site.js":
                self.send(200, SITE_JS, "application/javascript")
            elif path == "/attach/get.jsp" and "fid" in query:
                self.send(200, f"%PDF-1.4 {query['fid'][0]}".encode(), "application/pdf")
            elif path == "/attach/post.jsp" and method == "POST":  # a POST only, as a Spring @PostMapping
                self.send(200, f"DOCX {parse_qs(body)['fid'][0]}".encode(), "application/octet-stream")
            elif path.startswith("/attach/") and path.endswith(".xls"):
                self.send(200, b"XLS " + path.encode(), "application/vnd.ms-excel")
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


def test_script_file_pagers_downloads_and_forms_reach_every_report_and_no_decoy() -> None:
    with county() as (base, log):
        items, stats = run_crawl([base + "/"])
    reports = {i["url"].removeprefix(base): i["document_url"].removeprefix(base) for i in items if i["type"] == "report"}
    assert reports == {
        "/xxgk/ndbg/art/0.shtml": "/attach/get.jsp?fid=f101",
        "/xxgk/ndbg/art/2.shtml": "/attach/post.jsp?fid=f103&name=%C7%E0%C9%BD%CF%D8%B2%C6%D5%FE%BE%D62023%C4%EA%B6%C8"
                                  "%D5%FE%B8%AE%D0%C5%CF%A2%B9%AB%BF%AA%B9%A4%D7%F7%C4%EA%B6%C8%B1%A8%B8%E6.docx",
        "/xxgk/ndbg/art/4.shtml": "/attach/f105.xls",
        "/xxgk/ndbg/art/6.shtml": "/xxgk/ndbg/art/P01070000000000.doc",
    }
    # the form was POSTed with its fields in the page's encoding, as a browser sends them
    [post] = [entry for entry in log if entry[0] == "POST"]
    assert parse_qs(post[2], encoding="gbk")["name"] == [ARTICLES[2][0] + ".docx"]
    # pages 2 and 3 came from the pager's function in the script file, read once for the whole site
    assert [p for _m, p, _b in log].count("/static/js/site.js") == 1
    assert not [p for _m, p, _b in log if "jquery" in p]  # a library defines no page function
    assert {("GET", "/xxgk/ndbg/list_2.shtml"), ("GET", "/xxgk/ndbg/list_3.shtml")} <= {(m, p) for m, p, _b in log}
    decoys = {f"/xxgk/ndbg/art/{i}.shtml" for i in range(len(ARTICLES)) if i not in REPORTS}
    assert not decoys & set(reports)
    assert not [p for _m, p, _b in log if p in ("/attach/get.jsp?fid=f102", "/attach/get.jsp?fid=f109")]
    assert stats.get("nianbao/browser_started", 0) == 0  # no browser for any of it


def test_script_lists_pair_each_file_with_its_name() -> None:
    code = ('var fjurl = "P020220107441606337221.xlsx|W020220107337221.jpg";'
            'var fjname = "2021年青山县民政局政府信息公开工作年度报告.xlsx|一图读懂.jpg";')
    found = script_documents(code, lambda u: u.endswith((".xlsx", ".pdf")))
    assert [(f.url, f.label) for f in found] == [
        ("P020220107441606337221.xlsx", "2021年青山县民政局政府信息公开工作年度报告.xlsx")]


def test_page_functions_and_calls_are_told_apart() -> None:
    assert called_function("gotoPage(2)") == "gotoPage"
    assert called_function("document.getElementById('dl').submit()") is None
    assert called_function("void(0)") is None
    assert defined_functions([SITE_JS]) == {"gotoPage", "downFile"}
    # a choice by the page number (p == 1 ? 'index.shtml' : 'list_' + p + '.shtml') is made as the call's number says
    functions = navigating_functions([SITE_JS])
    assert [called_url(f"gotoPage({n})", functions) for n in (1, 2, 3)] == ["index.shtml", "list_2.shtml", "list_3.shtml"]
    assert called_url("gotoPage(x)", functions) is None  # not a number: no choice made
    assert called_url("downFile('f9')", functions) == "/attach/get.jsp?fid=f9"
    # the URL kept in a local variable first; a variable from elsewhere is not ours to guess
    local = navigating_functions(["function dl(id) { var url = '/common/download.do?fileId=' + id; window.open(url); }",
                                  "function other(id) { window.open(base + id); }"])
    assert called_url("dl('z9')", local) == "/common/download.do?fileId=z9" and "other" not in local


def _page(html: str, url: str = "http://h.gov.cn/xxgk/ndbg/art/1.html") -> Page:
    return Page(HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8"))


def test_a_form_a_link_submits_is_a_link_and_a_search_form_is_none() -> None:
    page = _page("<html><body><form name='f' action='down.do' method='post'><input type='hidden' name='id' value='9'>"
                 "<input type='text' name='q' value=''><input type='checkbox' name='c' value='1'></form>"
                 "<a href='#' onclick='document.f.submit()'>2023年政府信息公开工作年度报告.pdf</a>"
                 "<form action='/search' method='get'><input name='kw'><input type='submit' value='搜索'></form></body></html>")
    links = {link.url: link for link in page.links()}
    down = links["http://h.gov.cn/xxgk/ndbg/art/down.do?id=9&q="]
    assert down.body == "id=9&q=" and down.label == "2023年政府信息公开工作年度报告.pdf"
    assert not [url for url in links if "search" in url]  # a form asking the reader for words is no link
    assert [link.url for link in page.report_attachments] == ["http://h.gov.cn/xxgk/ndbg/art/down.do?id=9&q="]


def test_script_files_of_the_page_are_its_own_not_libraries() -> None:
    page = _page("<html><head><script src='/js/jquery-1.8.min.js'></script><script src='http://static.h.gov.cn/x.js'>"
                 "</script><script src='/js/common.js'></script><script src='/js/vue.runtime.js'></script>"
                 "</head><body><a href='javascript:void(0)' onclick=\"openFile('3')\">附件</a>"
                 "<a onclick='addFav()'>收藏</a><script>function addFav() {}</script></body></html>")
    # its own host's first; another host's (a sibling's, on the site, or not) is for the spider to judge
    assert page.script_files == ["http://h.gov.cn/js/common.js", "http://static.h.gov.cn/x.js"]
    assert page.unresolved_calls == {"openFile"}
    with_file = Page(page.response, scripts=["function openFile(id) { location.href = '/dl/' + id + '.pdf'; }"])
    assert with_file.unresolved_calls == set()
    assert [link.url for link in with_file.report_attachments] == ["http://h.gov.cn/dl/3.pdf"]


def test_titles_with_the_year_in_chinese_numerals_or_at_the_end() -> None:
    assert year_from_title("二〇二三年青山县政府信息公开工作年度报告") == 2023
    assert is_report_title("青山县水利局二零二二年度政府信息公开工作年度报告")
    assert agency_from_title("青山县水利局二零二二年度政府信息公开工作年度报告") == "青山县水利局"
    assert is_report_title("青山县政府信息公开工作年度报告2023") and not is_report_title("青山县2023年统计年报")
    assert not is_report_title("二〇二三年青山县政府信息公开工作年度报告解读")


def test_a_service_recorded_for_one_page_serves_the_pages_of_its_template() -> None:
    svc = ListService(url="http://h/xxgk/api/list?orgId=zx001&catId=ndbg&pageSize=6", params={"pageNo": "1"},
                      page_param="pageNo")
    shown = {"orgId": "zx001", "catId": "ndbg"}
    other = listservice.for_page(svc, shown, {"orgId": "zx017", "catId": "ndbg"})
    assert other is not None and other.request_args(2)["url"] == \
        "http://h/xxgk/api/list?orgId=zx017&catId=ndbg&pageSize=6&pageNo=2"
    posted = ListService(url="http://h/api/q", method="POST", body="json", page_param="page.no",
                         json_body='{"org": {"code": "zx001"}, "page": {"no": 1}}')
    moved: Any = listservice.for_page(posted, shown, {"orgId": "zx052", "catId": "ndbg"})
    assert moved.request_args(1)["body"] == '{"org": {"code": "zx052"}, "page": {"no": 1}}'
    # a page whose changed value the call never carries, or with other fields: not this service's
    assert listservice.for_page(svc, {**shown, "view": "a"}, {**shown, "view": "b"}) is None
    assert listservice.for_page(svc, shown, {"orgId": "zx017"}) is None


def test_a_script_pager_counts_pages_as_printed_in_any_common_way() -> None:
    from crawler.dialects import scriptpager

    script = "<script>function go(n) { location.href = 'index_' + n + '.html'; }</script>"
    for printed, last in (("共4页", 4), ("页次：1/4", 4), ("第1/3页", 3), ("<script>var totalPage = 2;</script>", 2)):
        urls = scriptpager.page_urls("http://h/a/index.html", script + printed)
        assert urls == [f"http://h/a/index_{n}.html" for n in range(1, last + 1)], printed


def test_notices_about_a_report_are_not_reports() -> None:
    for title in ("山溪县2023年度政府信息公开工作年度报告发布公告", "关于山溪县2023年政府信息公开工作年度报告的说明",
                  "山溪县2022年度政府信息公开工作年度报告更正说明", "山溪县2023年政府信息公开年度报告审查意见",
                  "2023年度山溪县政府信息公开工作年度报告工作方案", "山溪县2023年政府信息公开统计年报"):
        assert not is_report_title(title), title
    assert is_report_title("山溪县2022年度政府信息公开工作年度报告（更正）")  # the corrected report itself


def test_a_report_pages_other_documents_named_as_look_alikes_are_not_its_attachments() -> None:
    title = "山溪县2023年政府信息公开工作年度报告"
    page = _page(f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'><p>详见附件。</p>"
                 f"<p>附件：<a href='/u/1.pdf'>{title}.pdf</a> <a href='/u/2.xls'>山溪县2023年部门决算.xls</a> "
                 "<a href='/u/3.doc'>点击下载</a> <a href='/u/4.doc'>关于报送2023年度报告的通知.doc</a> "
                 "<a href='/u/5.doc'>2024年政务公开工作要点.doc</a></p></div></body></html>")
    assert [link.url for link in page.report_attachments] == ["http://h.gov.cn/u/1.pdf", "http://h.gov.cn/u/3.doc"]


def test_a_file_name_joined_from_literals_is_one_url() -> None:
    code = 'var f = "./P02025" + "0223387664" + ".pdf"; document.write(\'<a href="\' + f + \'">附件</a>\');'
    assert [f.url for f in script_documents(code, lambda u: u.endswith(".pdf"))] == ["./P020250223387664.pdf"]


def test_an_xml_service_paged_by_offset_in_a_json_body_gives_its_files_and_next_offset() -> None:
    """Own-platform variant: POST JSON ``{"query": {"channel": "gknb"}, "offset": 0, "rows": 2}`` answered
    in XML, a record pointing at a .wps file by a relative path, another at an article page."""
    answer = ("<?xml version='1.0' encoding='UTF-8'?><resp><count>5</count><docs>"
              "<doc><title>山溪县2023年政府信息公开工作年度报告</title><path>../upload/2024/nb2023.wps</path>"
              "<date>2024年01月20日</date></doc><doc><title>山溪县2022年政府信息公开工作年度报告</title>"
              "<path>/gk/2023/01/art_7.html</path><date>1674086400000</date></doc></docs></resp>")
    data = listservice.parse_answer(answer)
    links = listservice.items(data, "http://h/gk/nb/index.html")
    assert [link.url for link in links] == ["http://h/gk/upload/2024/nb2023.wps", "http://h/gk/2023/01/art_7.html"]
    body = '{"query": {"channel": "gknb"}, "offset": 0, "rows": 2}'
    [svc] = listservice.services_from_calls("http://h/api/doc/search", "POST", body, "application/json", [], data)
    assert svc.request_args(2)["body"] == '{"query": {"channel": "gknb"}, "offset": 2, "rows": 2}'
