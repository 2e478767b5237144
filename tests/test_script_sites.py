"""Sites whose links exist only in script, served on 127.0.0.1 and crawled for real:

- report articles whose attachment is written by an inline script (``var fileurl = "./P0….pdf";
  document.write(…)``, an HTML fragment in a string, an object literal), the guide a header
  script names left alone;
- a Guangdong-style gkmlpt column linked by its hash route (``/gkmlpt/index#2811``): the column
  id is read from the fragment, and the site needs no browser, so none is started; every category
  a gkmlpt page links by fragment (``#2741``, ``#2742``) is walked;
- a Hanweb column holding two jpage units (the second in a hidden tab, no record embedded);
- a TRS column whose later pages exist only in its WAS5 search service (``listModel({...})``).

The documents served are the format fixtures (varied non-zero numbers); each is checked to arrive whole.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.scrapy_helpers import run_crawl, serving

FORMATS = Path(__file__).parent / "files" / "formats"
# (path, query, body) -> (status, body, content type[, more headers]) or None for a 404
Route = Callable[[str, str, bytes], tuple[Any, ...] | None]


@contextmanager
def serve(route: Route) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A site answering by ``route`` on 127.0.0.1; yields its base URL and the (method, path) log."""
    log: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            log.append((self.command, self.path))
            parts = urlsplit(self.path)
            found = route(parts.path, parts.query, body) if self.command != "POST" or body else None
            status, data, ctype, *more = found or (404, b"<h1>404</h1>", "text/html")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for name, value in (more[0] if more else {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer  # noqa: N815

    with serving(Handler) as base:
        yield base, log


def html(text: str) -> tuple[int, bytes, str]:
    return 200, text.encode("utf-8"), "text/html; charset=utf-8"


# --- attachments written by inline scripts -------------------------------------------------------
ARTICLE = """<html><head><meta name="ArticleTitle" content="{title}"><title>{title}</title>
<script>var guide = "/files/gkzn.pdf"; var guideName = "青峰市政府信息公开指南";</script></head>
<body><div class="header"><a href="/">首页</a></div><h1>{title}</h1><div class="info">发布时间：{date}</div>
<div class="TRS_Editor"><p>现将{title}予以公布，全文见附件。</p></div>{attachment}</body></html>"""
SCRIPTED = {  # article path → (title, date, the script that writes the attachment, the file, the fixture)
    "/xxgk/nb/202402/t20240206_5831.html": (
        "青峰市人民政府2023年政府信息公开工作年度报告", "2024-02-06",
        '<div class="fujian"><script type="text/javascript">\nvar fileurl = "./P020240206583147215.pdf";\n'
        'var filedesc = "青峰市人民政府2023年政府信息公开工作年度报告.pdf";\nif (fileurl != "") {\n'
        "  document.write('<p>附件：<a href=\"' + fileurl + '\">' + filedesc + '</a></p>');\n}\n</script></div>",
        "/xxgk/nb/202402/P020240206583147215.pdf", "report_2021.pdf"),
    "/xxgk/nb/202301/t20230118_4410.html": (
        "青峰市统计局2022年政府信息公开工作年度报告", "2023-01-18",
        "<div class=\"attach\"><script>document.write('<a href=\"/uploadfile/2023/0118/nb2022.docx\" "
        "target=\"_blank\">点击下载</a>');</script></div>",
        "/uploadfile/2023/0118/nb2022.docx", "report_2021.docx"),
    "/xxgk/nb/202201/t20220121_3097.html": (
        "青峰市教育局2021年政府信息公开工作年度报告", "2022-01-21",
        "<div id=\"att\"></div><script>var att = {url: '/down/2022/jyj_nb2021.xls', "
        "name: '青峰市教育局2021年政府信息公开工作年度报告'};\n"
        "document.getElementById('att').innerHTML = '<a href=\"' + att.url + '\">' + att.name + '</a>';</script>",
        "/down/2022/jyj_nb2021.xls", "report_2019.xls"),
}
LOOKALIKE = "/xxgk/nb/202402/t20240207_5832.html"  # 解读 with its own script-written PDF: never fetched


def _trs_route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
    if path == "/":
        return html("<html><body><a href='/xxgk/nb/'>政府信息公开年度报告</a></body></html>")
    if path == "/xxgk/nb/":
        items = [(p, t) for p, (t, *_rest) in SCRIPTED.items()] + \
            [(LOOKALIKE, "青峰市人民政府2023年政府信息公开工作年度报告解读")]
        lis = "".join(f"<li><a href='{p}' title='{t}'>{t}</a></li>" for p, t in items)
        return html(f"<html><head><title>年度报告</title></head><body><ul class='list'>{lis}</ul></body></html>")
    if path in SCRIPTED:
        title, date, attachment, _file, _fixture = SCRIPTED[path]
        return html(ARTICLE.format(title=title, date=date, attachment=attachment))
    if path == LOOKALIKE:
        return html(ARTICLE.format(title="青峰市人民政府2023年政府信息公开工作年度报告解读", date="2024-02-07",
                                   attachment='<script>var fileurl = "./P020240207583200001.pdf";</script>'))
    for _title, _date, _script, file, fixture in SCRIPTED.values():
        if path == file:
            return 200, (FORMATS / fixture).read_bytes(), "application/octet-stream"
    if path in ("/files/gkzn.pdf", "/xxgk/nb/202402/P020240207583200001.pdf"):
        return 200, b"%PDF-1.4 not a report", "application/pdf"
    return None


def test_attachments_written_by_inline_scripts_are_fetched_and_nothing_else() -> None:
    with serve(_trs_route) as (base, log):
        items, stats = run_crawl([base + "/"])
    reports = {i["document_url"].removeprefix(base): i for i in items if i["type"] == "report"}
    expected = {file: (page, fixture) for page, (_t, _d, _s, file, fixture) in SCRIPTED.items()}
    assert set(reports) == set(expected)  # the attachments only: no article page without numbers
    for file, (page, fixture) in expected.items():
        assert reports[file]["url"] == base + page
        assert reports[file]["body_length"] == (FORMATS / fixture).stat().st_size
        assert reports[file]["page_title"] == SCRIPTED[page][0]
    fetched = {path for _method, path in log}
    assert "/files/gkzn.pdf" not in fetched  # the guide a header script names
    assert LOOKALIKE not in fetched and "/xxgk/nb/202402/P020240207583200001.pdf" not in fetched
    assert "nianbao/browser_started" not in stats


# --- a gkmlpt column linked by its hash route -----------------------------------------------------
GKMLPT_SHELL = """<html><head><title>政府信息公开</title><script>
window._CONFIG = {SID: '755031', TITLE: '南岭区政府信息公开'};</script>
<script src="/gkmlpt/static/js/app.js"></script></head>
<body><div class="header"><a href="/">首页</a></div><div id="app"></div></body></html>"""
GKMLPT_REPORTS = [(f"南岭区{agency}{year}年政府信息公开工作年度报告", f"/gkmlpt/content/{7 + n}/{7301 + 17 * n}/post_{7301 + 17 * n}.html")
                  for n, (agency, year) in enumerate([("人民政府", 2024), ("教育局", 2024), ("人民政府", 2023),
                                                      ("卫生健康局", 2023), ("人民政府", 2022)])]
GKMLPT_PAGE = 3


def _gkmlpt_route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
    if path == "/":
        return html("<html><body><a href='/gkmlpt/index'>信息公开目录</a>"
                    "<a href='/gkmlpt/index#2811'>政府信息公开年报</a></body></html>")
    if path == "/gkmlpt/index":
        return html(GKMLPT_SHELL)
    if path == "/gkmlpt/api/all/2811":
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if q.get("sid") != "755031":
            return 400, b'{"error": "sid"}', "application/json"
        page = int(q.get("page", "1"))
        chunk = GKMLPT_REPORTS[(page - 1) * GKMLPT_PAGE: page * GKMLPT_PAGE]
        data = {"articles": [{"title": t, "url": u, "id": 9} for t, u in chunk], "total": len(GKMLPT_REPORTS)}
        return 200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json"
    for title, url in GKMLPT_REPORTS:
        if path == url:
            return html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
                        "<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>")
    return None


def test_a_gkmlpt_column_linked_by_its_hash_route_is_read_by_the_id_in_the_fragment() -> None:
    with serve(_gkmlpt_route) as (base, log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(url for _t, url in GKMLPT_REPORTS)
    api = [p for _m, p in log if p.startswith("/gkmlpt/api/")]
    assert api == ["/gkmlpt/api/all/2811?page=1&sid=755031", "/gkmlpt/api/all/2811?page=2&sid=755031"]
    assert "nianbao/browser_started" not in stats  # a dialect knew the service: no browser


# --- a gkmlpt page whose categories are only hash links on the page itself -----------------------
GKMLPT_ANNUAL = """<html><head><script>window.GKMLPT = {SID: '763021', PAGE: 'annualreport'};</script></head>
<body><div id="app"><ul class="gk-cats"><li><a href="#2741">本级年报</a></li><li><a href="#2742">部门年报</a></li>
</ul><ul id="gk-list"></ul></div><script src="/gkmlpt/static/js/annualreport.js"></script></body></html>"""
GKMLPT_CATEGORIES = {"2741": GKMLPT_REPORTS[0::2], "2742": GKMLPT_REPORTS[1::2]}


def _gkmlpt_categories_route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
    if path == "/":
        return html("<html><body><a href='/gkmlpt/annualreport#2741'>政府信息公开年报</a></body></html>")
    if path == "/gkmlpt/annualreport":
        return html(GKMLPT_ANNUAL)
    cat = path.removeprefix("/gkmlpt/api/all/")
    if cat in GKMLPT_CATEGORIES:
        q = {k: v[0] for k, v in parse_qs(query).items()}
        rows = GKMLPT_CATEGORIES[cat] if q.get("sid") == "763021" else []
        page = int(q.get("page", "1"))
        chunk = rows[(page - 1) * 2: page * 2]
        data = {"articles": [{"title": t, "url": u} for t, u in chunk], "total": len(rows), "page_size": 2}
        return 200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json"
    return _gkmlpt_route(path, query, body) if path.startswith("/gkmlpt/content/") else None


def test_every_gkmlpt_category_linked_by_a_fragment_on_the_page_is_walked() -> None:
    with serve(_gkmlpt_categories_route) as (base, log):
        items, _stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(url for _t, url in GKMLPT_REPORTS)
    api = {p for _m, p in log if p.startswith("/gkmlpt/api/")}
    assert {"/gkmlpt/api/all/2742?page=1&sid=763021", "/gkmlpt/api/all/2741?page=2&sid=763021"} <= api


# --- a Hanweb column holding two jpage units, the second in a hidden tab with no record embedded ---
JPAGE_UNITS = {  # (columnid, unitid) -> report (title, url) rows, newest first
    ("1711", "6201"): [(f"东岭区{agency}{year}年政府信息公开工作年度报告", f"/art/{year + 1}/1/{9 + n}/art_1711_{310 + n}.html")
                       for n, (agency, year) in enumerate([("人民政府", 2024), ("财政局", 2024), ("人民政府", 2023),
                                                           ("财政局", 2023), ("人民政府", 2022)])],
    ("1712", "6202"): [(f"东岭区{town}{year}年政府信息公开工作年度报告", f"/art/{year + 1}/2/{3 + n}/art_1712_{420 + n}.html")
                       for n, (town, year) in enumerate([("西郊街道办事处", 2024), ("城北镇人民政府", 2024),
                                                         ("西郊街道办事处", 2023)])],
}
JPAGE_EMBEDDED = 2


def _jpage_record(title: str, url: str) -> str:
    return f"<record><![CDATA[<li><a href='{url}' title='{title}'>{title}</a></li>]]></record>"


def _jpage_unit(columnid: str, unitid: str, embedded: int, hidden: bool) -> str:
    rows = JPAGE_UNITS[(columnid, unitid)]
    style = " style='display:none'" if hidden else ""
    return (f"<div class='tab-panel'{style}><div id='{unitid}'><script type='text/xml'><datastore><nextgroup><![CDATA["
            f"<a href='/module/web/jpage/dataproxy.jsp?page=1&webid=41&path=/&columnid={columnid}&unitid={unitid}'></a>]]>"
            f"</nextgroup><recordset>{''.join(_jpage_record(t, u) for t, u in rows[:embedded])}</recordset></datastore>"
            f"</script></div><script>$(document).ready(function(){{ $('#{unitid}').jpage({{ perPage: 2, "
            f"totalRecord: {len(rows)}, groupSize: 1, proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: "
            f'{{"col":1,"appid":1,"webid":41,"path":"/","columnid":{columnid},"unitid":{unitid},"permissiontype":0}} }}); }});'
            "</script></div>")


JPAGE_COLUMN = ("<html><head><title>政府信息公开年报</title><script src='/module/jslib/jquery/jpage/jquery.page.min.js'>"
                "</script></head><body><ul class='tab-hd'><li>区政府及部门</li><li>镇（街道）</li></ul>"
                + _jpage_unit("1711", "6201", JPAGE_EMBEDDED, False) + _jpage_unit("1712", "6202", 0, True)
                + "</body></html>")


def _jpage_route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
    if path == "/":
        return html("<html><body><a href='/col/col1710/index.html'>政府信息公开年报</a></body></html>")
    if path == "/col/col1710/index.html":
        return html(JPAGE_COLUMN)
    if path == "/module/web/jpage/dataproxy.jsp":
        q = {k: v[0] for k, v in [*parse_qs(query).items(), *parse_qs(body.decode("utf-8")).items()]}
        rows = JPAGE_UNITS.get((q.get("columnid", ""), q.get("unitid", "")), [])
        start, end = int(q.get("startrecord", "1")), int(q.get("endrecord", "1"))
        xml = (f"<?xml version='1.0' encoding='UTF-8'?><datastore><totalrecord>{len(rows)}</totalrecord><recordset>"
               + "".join(_jpage_record(t, u) for t, u in rows[start - 1:end]) + "</recordset></datastore>")
        return 200, xml.encode("utf-8"), "text/xml; charset=UTF-8"
    for title, url in [row for rows in JPAGE_UNITS.values() for row in rows]:
        if path == url:
            return html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
                        "<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>")
    return None


def test_every_hanweb_jpage_unit_of_a_column_is_walked_the_hidden_one_too() -> None:
    with serve(_jpage_route) as (base, log):
        items, _stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(url for rows in JPAGE_UNITS.values() for _t, url in rows)
    posts = [p for m, p in log if m == "POST"]
    assert "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=2&perpage=2" in posts  # the hidden unit
    assert "/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=2" in posts  # the shown one's rest


# --- a jpaas column POSTed by the page's own jQuery call, the page number inside paramJson --------
JPAAS_REPORTS = [(f"北湖区{agency}{year}年政府信息公开工作年度报告", f"/art/{year + 1}/1/{12 + n}/art_1229100088_{5900 + n}.html")
                 for n, (agency, year) in enumerate([("人民政府", 2024), ("教育体育局", 2024), ("人民政府", 2023),
                                                     ("百官街道办事处", 2023), ("人民政府", 2022), ("教育体育局", 2022),
                                                     ("人民政府", 2021)])]
JPAAS_COLUMN = """<html><head><title>政府信息公开年报</title><script src="/script/0/jquery.min.js"></script></head>
<body><div class="lm_title">政府信息公开年报</div><div id="div1229100088" class="lm_list"></div><script>
var jpaasUnit = {webId: '3089', pageId: '1229100088', parseType: 'bulidstatic', pageType: 'column',
                 tagId: '当前栏目list', tplSetId: 'fc259c38'};
function loadUnit(pageNo) {
  var pageSize = 3;
  $.ajax({type: 'POST', url: '/jpaas-jpage-server/front/page/build/unit', dataType: 'json',
    data: $.extend({}, jpaasUnit, {paramJson: JSON.stringify({pageNo: pageNo, pageSize: String(pageSize)})}),
    success: function (res) { $('#div1229100088').html(res.data.html); }});
}
$(function () { loadUnit(1); });
</script></body></html>"""


def _jpaas_route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
    if path == "/":
        return html("<html><body><a href='/col/col1229100088/index.html'>政府信息公开年报</a></body></html>")
    if path == "/col/col1229100088/index.html":
        return html(JPAAS_COLUMN)
    if path == "/jpaas-jpage-server/front/page/build/unit":
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
        if not body or (form.get("webId"), form.get("pageId"), form.get("tplSetId")) != ("3089", "1229100088", "fc259c38"):
            return 200, b'{"result": false, "data": null}', "application/json"
        param = json.loads(form.get("paramJson") or "{}")
        page, size = int(param.get("pageNo", 1)), min(int(param.get("pageSize", 15)), 15)
        rows = JPAAS_REPORTS[(page - 1) * size: page * size]
        lis = "".join(f"<li><a href='{u}' title='{t}'>{t}</a></li>" for t, u in rows)
        data = {"result": True, "data": {"html": lis, "total": len(JPAAS_REPORTS)}}
        return 200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json"
    return _jpaas_article(path)


def _jpaas_article(path: str) -> tuple[int, bytes, str] | None:
    for title, url in JPAAS_REPORTS:
        if path == url:
            return html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
                        "<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>")
    return None


def test_a_jpaas_column_posted_by_its_own_script_is_walked_by_the_page_number_in_param_json() -> None:
    with serve(_jpaas_route) as (base, log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(url for _t, url in JPAAS_REPORTS)
    posts = [m for m, p in log if p == "/jpaas-jpage-server/front/page/build/unit"]
    assert posts == ["POST"] * 3  # 7 reports, 3 a page
    assert "nianbao/browser_started" not in stats  # the dialect read the page's call: no browser


# --- a TRS column with static first pages, the rest only from the WAS5 search service -------------
WAS5_REPORTS = [(f"西江市{agency}{year}年政府信息公开工作年度报告", f"/zwgk/nb/{year + 1}02/t{year + 1}0210_{5100 + n}.html")
                for n, (agency, year) in enumerate([("人民政府", 2024), ("教育局", 2024), ("人民政府", 2023),
                                                    ("生态环境局", 2023), ("人民政府", 2022)])]
WAS5_COLUMN = ("<html><head><title>政府信息公开年报</title><script src='/common/js/list2.trsapi.js'></script></head><body>"
               "<ul id='list2'>" + "".join(f"<li><a href='{u}'>{t}</a></li>" for t, u in WAS5_REPORTS[:2])
               + "<li ms-repeat='list' style='display:none'><a ms-attr-href='el.url'>{{el.title}}</a></li></ul>"
               "<div id='pagebar'></div><script>listModel({maxStaticIndex: 0, listId: 'list2', dynUrl: "
               "'/was5/web/search', channelid: '288104', chnlid: '4512', pagebar: {prepage: 2, recordCount: '5'}});"
               "</script></body></html>")


def _was5_route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
    if path == "/":
        return html("<html><body><a href='/zwgk/nb/index.html'>政府信息公开年报</a></body></html>")
    if path == "/zwgk/nb/index.html":
        return html(WAS5_COLUMN)
    if path == "/was5/web/search":
        q = {k: v[0] for k, v in parse_qs(query).items()}
        rows = WAS5_REPORTS if q.get("channelid") == "288104" and q.get("classsql") == "chnlid=4512" else []
        size, page = int(q.get("prepage", "10")), int(q.get("page", "1"))
        docs = [{"title": t, "url": u, "time": "2025-02-10", "chnldocurl": "/zwgk/nb/index.html"} for t, u in rows[(page - 1) * size: page * size]]
        data = {"count": str(len(rows)), "pagecount": str(-(-len(rows) // size)), "page": str(page), "docs": docs}
        return 200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "text/html;charset=UTF-8"  # as WAS5 answers
    for title, url in WAS5_REPORTS:
        if path == url:
            return html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
                        "<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>")
    return None


def test_a_trs_column_s_later_pages_are_read_from_its_was5_service() -> None:
    with serve(_was5_route) as (base, log):
        items, _stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(url for _t, url in WAS5_REPORTS)
    service = [p for _m, p in log if p.startswith("/was5/")]
    assert any("page=3" in p and "prepage=2" in p and "channelid=288104" in p for p in service)


# --- a column of its own platform: a POSTed list service, item URLs built by script ----------------
ROWS = [  # (uuid, title, releaseTime, kind, file): kind 2 rows are files listed directly
    ("c81e728d9d4c2f63", "松溪市人民政府2024年政府信息公开工作年度报告", "2025-01-21 10:00:00", 1, ""),
    ("eccbc87e4b5ce2fe", "松溪市教育局2024年政府信息公开工作年度报告", "2025-01-27 09:30:00", 1, ""),
    ("a87ff679a2f3e71d", "松溪市人民政府2023年政府信息公开工作年度报告解读", "2024-02-02 15:00:00", 1, ""),
    ("e4da3b7fbbce2345", "松溪市财政局2023年政府信息公开工作年度报告", "2024-01-30 08:00:00", 2, "202401/e4da3b7f.pdf"),
    ("1679091c5a880faf", "松溪市人民政府2023年政府信息公开工作年度报告", "2024-01-19 11:20:00", 1, ""),
    ("8f14e45fceea167a", "松溪市人民政府2022年政府信息公开工作年度报告", "2023-01-16 16:45:00", 1, ""),
    ("c9f0f895fb98ab91", "松溪市教育局2022年政府信息公开工作年度报告", "2023-02-08 10:10:00", 2, "202302/c9f0f895.docx"),
    ("45c48cce2e2d7fbd", "松溪市人民政府2021年政府信息公开工作年度报告", "2022-01-25 09:00:00", 1, ""),
    ("d3d9446802a44259", "松溪市卫生健康委员会2021年政府信息公开工作年度报告", "2022-03-03 14:00:00", 1, ""),
]
PAGE_SIZE = 3
FILES = {"202401/e4da3b7f.pdf": "report_2021.pdf", "202302/c9f0f895.docx": "report_2019.docx"}
OWN_COLUMN = """<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<div class="header">松溪市人民政府</div><h3>政府信息公开年报</h3><ul id="docs"></ul>
<div class="pager"><a href="javascript:;" onclick="List.go(1)">下一页</a></div>
<script src="/res/list.js"></script><script>List.init();</script></body></html>"""
OWN_SCRIPT = """var List = (function () {
  var pn = 1;
  function href(r) { return r.kind == 2 ? '/files/' + r.file : '/content/' + r.releaseTime.substr(0, 4) + '/' + r.uuid + '.html'; }
  function open(r) { location.href = '/content/' + r.releaseTime.substr(0, 4) + '/' + r.uuid + '.html'; }
  function show(rows) {
    var ul = document.getElementById('docs'); ul.innerHTML = '';
    rows.forEach(function (r) {
      var li = document.createElement('li');
      if ($$ONCLICK$$) { li.textContent = r.caption; li.addEventListener('click', function () { open(r); }); }
      else { li.innerHTML = '<a href="' + href(r) + '">' + r.caption + '</a>'; }
      ul.appendChild(li);
    });
  }
  function load() {
    var x = new XMLHttpRequest();
    $$SEND$$
  }
  return { init: load, go: function (d) { pn += d; load(); } };
})();"""
SEND_JSON = """x.open('POST', '/svc/q');
    x.setRequestHeader('Content-Type', 'application/json;charset=UTF-8');
    x.onload = function () { var j = JSON.parse(x.responseText); show(j.result.rows); };
    x.send(JSON.stringify({query: {chan: 'NB'}, paging: {pageIndex: pn, pageSize: 3}}));"""
SEND_JSONP = """window.cb = function (j) { show(j.result.rows); };
    var s = document.createElement('script');
    s.src = '/svc/q?chan=NB&pageIndex=' + pn + '&pageSize=3&callback=cb';
    document.body.appendChild(s);"""
SEND_XML = """x.open('POST', '/svc/q');
    x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    x.onload = function () {
      var items = x.responseXML.getElementsByTagName('row'), rows = [];
      for (var i = 0; i < items.length; i++) {
        var r = {}; for (var k = 0; k < items[i].children.length; k++) { var c = items[i].children[k]; r[c.tagName] = c.textContent; }
        rows.push(r);
      }
      show(rows);
    };
    x.send('chan=NB&start=' + (pn - 1) * 3 + '&limit=3');"""


def _own_route(answer: str, onclick: bool) -> Route:
    def route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
        if path == "/":
            return html("<html><body><a href='/xxgk/'>政府信息公开</a></body></html>")
        if path == "/xxgk/":
            return html("<html><body><a href='/xxgk/list.html?cat=NB'>政府信息公开年报</a></body></html>")
        if path == "/xxgk/list.html":
            return html(OWN_COLUMN)
        if path == "/res/list.js":
            js = OWN_SCRIPT.replace("$$ONCLICK$$", "true" if onclick else "false").replace(
                "$$SEND$$", {"json": SEND_JSON, "xml": SEND_XML, "jsonp": SEND_JSONP}[answer])
            return 200, js.encode("utf-8"), "application/javascript"
        if path == "/svc/q":
            if answer == "jsonp":
                q = {k: v[0] for k, v in parse_qs(query).items()}
                start, size = (int(q["pageIndex"]) - 1) * PAGE_SIZE, min(int(q["pageSize"]), PAGE_SIZE)
                rows = [dict(zip(("uuid", "caption", "releaseTime", "kind", "file"), r, strict=True))
                        for r in ROWS[start:start + size]]
                data = json.dumps({"code": "0", "result": {"total": len(ROWS), "rows": rows}}, ensure_ascii=False)
                return 200, f"{q['callback']}({data});".encode(), "application/javascript"
            if not body:
                return 405, b"GET not allowed", "text/plain"
            if answer == "json":
                q = json.loads(body)
                start = (int(q["paging"]["pageIndex"]) - 1) * PAGE_SIZE
                size = min(int(q["paging"]["pageSize"]), PAGE_SIZE)
            else:
                q = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                start, size = int(q["start"]), min(int(q["limit"]), PAGE_SIZE)
            rows = [dict(zip(("uuid", "caption", "releaseTime", "kind", "file"), r, strict=True))
                    for r in ROWS[start:start + size]]
            if answer == "json":
                data = {"code": "0", "result": {"total": len(ROWS), "rows": rows}}
                return 200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json"
            xml = "".join("<row>" + "".join(f"<{k}>{v}</{k}>" for k, v in r.items()) + "</row>" for r in rows)
            return 200, f"<?xml version='1.0' encoding='utf-8'?><result><total>{len(ROWS)}</total>{xml}</result>" \
                .encode(), "text/xml"
        for uuid, title, released, _kind, _file in ROWS:
            if path == f"/content/{released[:4]}/{uuid}.html":
                return html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                            "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
                            "<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>")
        name = path.removeprefix("/files/")
        if name in FILES:
            return 200, (FORMATS / FILES[name]).read_bytes(), "application/octet-stream"
        return None

    return route


OWN_VARIANTS = [("json", False), ("xml", False), ("jsonp", False), ("json", True)]


@pytest.fixture(scope="module")
def own_sites() -> Iterator[tuple[dict[tuple[str, bool], tuple[str, list]], list[dict], dict]]:
    """The four variants of the own-platform column, each a site of its own, crawled in one run
    (one process, one browser) as a nightly crawl meets many sites."""
    with ExitStack() as stack:
        sites = {variant: stack.enter_context(serve(_own_route(*variant))) for variant in OWN_VARIANTS}
        items, stats = run_crawl([base + "/" for base, _log in sites.values()])
    yield sites, items, stats


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
@pytest.mark.parametrize(("answer", "onclick"), OWN_VARIANTS)
def test_a_posted_list_service_whose_items_carry_no_url_is_walked_and_its_urls_built(
        own_sites, answer: str, onclick: bool) -> None:
    """JSON body paged by a nested ``pageIndex``, a form body by a record offset (``start``)
    with an XML answer, or a JSONP script's query; the item URLs the page builds from ``releaseTime`` and ``uuid`` (pages) or
    ``file`` (files) are learned from the hrefs it rendered — or, when it rendered none (rows
    opened by a click handler), read from its script."""
    sites, items, stats = own_sites
    base, log = sites[(answer, onclick)]
    found = sorted(i["document_url"].removeprefix(base) for i in items
                   if i["type"] == "report" and i["document_url"].startswith(base + "/"))
    # a click handler opens every row as a page; rendered links send file rows to their file
    expected = [f"/files/{f}" if kind == 2 and not onclick else f"/content/{t[:4]}/{u}.html"
                for u, title, t, kind, f in ROWS if "解读" not in title]
    assert found == sorted(expected)
    calls = [p for _m, p in log if p.startswith("/svc/q")]
    assert len(calls) == 3  # pages 1-3: the answer's total (9) says there is no page 4
    assert "/content/2024/a87ff679a2f3e71d.html" not in {p for _m, p in log}  # the 解读
    # one browser for the whole crawl; each site's item URLs learned from its own page
    assert stats["nianbao/browser_started"] == 1 and stats["nianbao/item_url_templates"] >= len(OWN_VARIANTS)


# --- a column whose list sits in a frame, written out by script; attachments by download id --------
FRAMED = {  # report page → (title, download id, fixture)
    "/xxgk/nb/2025/t20250118_77.html": ("桐江县人民政府2024年政府信息公开工作年度报告", 881, "report_2021.pdf"),
    "/xxgk/nb/2024/t20240122_63.html": ("桐江县住房和城乡建设局2023年政府信息公开工作年度报告", 759, "report_2019.docx"),
}


FRAMED_REPORT = ("/xxgk/nb/2023/t20230120_41.html", "桐江县教育局2022年政府信息公开工作年度报告", "/content/2023/nb2022.html")


def _framed_route(path: str, query: str, body: bytes) -> tuple[int, bytes, str] | None:
    if path == "/":
        return html("<html><body><a href='/xxgk/nb/'>政府信息公开年度报告</a></body></html>")
    if path == "/xxgk/nb/":
        return html("<html><head><title>政府信息公开年度报告</title></head><body><div class='banner'>桐江县人民政府</div>"
                    "<iframe src='/xxgk/nb/list.jsp?col=12' title='信息列表' frameborder='0'></iframe>"
                    "<iframe src='/common/weather.js'></iframe></body></html>")
    if path == "/xxgk/nb/list.jsp" and query == "col=12":
        listed = [(p, t) for p, (t, _id, _f) in FRAMED.items()] + [FRAMED_REPORT[:2]]
        rows = "".join(f"document.write('<li><a href=\"{p}\" title=\"{t}\">{t[:12]}...</a></li>');\n" for p, t in listed)
        return html(f"<html><body><ul><script>{rows}</script></ul></body></html>")
    if path in FRAMED:
        title, fid, _fixture = FRAMED[path]
        return html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                    f"<p>现将{title}公布如下。</p><p><a href='/download?id={fid}'>{title}.{_fixture.rsplit('.', 1)[1]}</a></p>"
                    "</div></body></html>")
    if path == FRAMED_REPORT[0]:  # the report shown in a frame
        return html(f"<html><head><title>{FRAMED_REPORT[1]}</title></head><body><h1>{FRAMED_REPORT[1]}</h1>"
                    f"<iframe src='{FRAMED_REPORT[2]}' width='100%'></iframe></body></html>")
    if path == FRAMED_REPORT[2]:
        return html(f"<html><head><title>{FRAMED_REPORT[1]}</title></head><body><div class='content'>"
                    "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
                    "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></div></body></html>")
    if path == "/download":
        for _title, fid, fixture in FRAMED.values():
            if query == f"id={fid}":
                return 200, (FORMATS / fixture).read_bytes(), "application/octet-stream"
    return None


def test_a_framed_list_written_by_script_and_attachments_named_by_their_link_text_or_framed() -> None:
    with serve(_framed_route) as (base, log):
        items, _stats = run_crawl([base + "/"])
    reports = {i["document_url"].removeprefix(base): i for i in items if i["type"] == "report"}
    assert set(reports) == {f"/download?id={fid}" for _t, fid, _f in FRAMED.values()} | {FRAMED_REPORT[2]}
    assert reports[FRAMED_REPORT[2]]["url"] == base + FRAMED_REPORT[0]  # the page, once: by its framed report
    for page, (title, fid, fixture) in FRAMED.items():
        item = reports[f"/download?id={fid}"]
        assert item["url"] == base + page and item["page_title"] == title
        assert item["body_length"] == (FORMATS / fixture).stat().st_size
    assert ("GET", "/common/weather.js") not in log  # a script in a frame is no page
