"""Portal shapes written from the issue's text and real portals' habits, none of them seen in an
earlier set: each served on 127.0.0.1 and crawled from its home page.

- a county site whose 年报 column is reached only through its 政府信息公开 landing and the
  法定主动公开内容 menu, paged ``list-N.html``; its articles say 详见附件 and link the file by an
  ``onclick="download('…')"`` handler, by an icon alone, or show it in a pdf.js viewer iframe;
- a static column paged ``?page=N`` whose items are ``<li data-id>`` opened by a script handler;
- list services answering in other shapes: page fields named curPage / pn / start+limit, totals under
  totalCount / recordCount / count, items under data.records / rows / result.data, dates as strings
  or epoch seconds (served without a browser: the column names its service in a script variable,
  and the crawl reads the recorded call when rendered).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.scrapy_helpers import AnswerHandler, run_crawl, serving_logged
from tests.test_portal_shapes import report_html


def article(title: str, body: str) -> str:
    """A 详见附件 article: its title and a line naming the attachment, the file only in ``body``."""
    return (f"<html><head><title>{title}</title></head><body><div class='top'>松岭县人民政府</div>"
            f"<h2 class='title'>{title}</h2><div class='info'>发布时间：2024-01-18 来源：县政府办</div>"
            f"<div class='article'><p>{title}详见附件。</p>{body}</div></body></html>")


def found(items: list[dict[str, Any]], base: str, key: str = "url") -> list[str]:
    return sorted((i.get(key) or "").removeprefix(base) for i in items if i["type"] == "report")


# --- 1. a county site: landing → 法定主动公开内容 → 年报, list-N.html pages, attachment articles --------
COUNTY = [  # (title, article path, how the article shows its file, file path)
    ("松岭县2024年政府信息公开工作年度报告", "/zwgk/fdzdgknr/ndbg/202501/t20250118_81.html", "onclick",
     "/upload/file/2025/0118093.docx"),
    ("松岭县2023年政府信息公开工作年度报告", "/zwgk/fdzdgknr/ndbg/202401/t20240118_72.html", "icon",
     "/upload/file/2024/0118072.pdf"),
    ("松岭县教育局2023年政府信息公开工作年度报告", "/zwgk/fdzdgknr/ndbg/202401/t20240120_73.html", "viewer",
     "/upload/file/2024/0120073.pdf"),
    ("松岭县2022年政府信息公开工作年度报告", "/zwgk/fdzdgknr/ndbg/202301/t20230118_64.html", "onclick-id",
     "/upload/file/2023/0118064.doc"),
    ("松岭县2024年政务公开工作要点", "/zwgk/fdzdgknr/ndbg/202403/t20240301_75.html", "onclick",
     "/upload/file/2024/0301075.docx"),  # a decoy
    ("松岭县2021年政府信息公开工作年度报告", "/zwgk/fdzdgknr/ndbg/202201/t20220118_55.html", "icon",
     "/upload/file/2022/0118055.wps"),
    ("松岭县2020年政府信息公开工作年度报告", "/zwgk/fdzdgknr/ndbg/202101/t20210118_41.html", "viewer",
     "/upload/file/2021/0118041.pdf"),
]
DOWNLOAD_JS = """function download(u) { window.location.href = u; }
var files = {"8861": "/upload/file/2023/0118064.doc"};
function downFile(id) { window.open(files[id]); }"""


def county_page(path: str) -> tuple[int, str, str] | None:
    per = 3
    lists = [COUNTY[i:i + per] for i in range(0, len(COUNTY), per)]
    if path == "/":
        return 200, "<html><body><a href='/zwgk/index.html'>政府信息公开</a><a href='/news/'>新闻动态</a></body></html>", ""
    if path == "/zwgk/index.html":
        return 200, ("<html><head><title>政府信息公开</title></head><body><div class='menu'>"
                     "<a href='/zwgk/zc/'>政府信息公开指南</a><a href='/zwgk/zd/'>政府信息公开制度</a>"
                     "<a href='/zwgk/fdzdgknr/index.html'>法定主动公开内容</a>"
                     "<a href='/zwgk/ysqgk/'>依申请公开</a></div></body></html>"), ""
    if path == "/zwgk/fdzdgknr/index.html":
        return 200, ("<html><head><title>法定主动公开内容</title></head><body><ul class='side'>"
                     "<li><a href='/zwgk/fdzdgknr/jgzn/'>机构职能</a></li><li><a href='/zwgk/fdzdgknr/ghxx/'>规划信息</a></li>"
                     "<li><a href='/zwgk/fdzdgknr/czzj/'>财政资金</a></li>"
                     "<li><a href='/zwgk/fdzdgknr/ndbg/list-1.html'>政府信息公开年报</a></li></ul></body></html>"), ""
    if path.startswith("/zwgk/fdzdgknr/ndbg/list-") and path.endswith(".html"):
        n = int(path.rsplit("-", 1)[1].split(".")[0])
        if not 1 <= n <= len(lists):
            return None
        rows = "".join(f"<li><a href='{p}' target='_blank'>{t}</a><span>2024-01-18</span></li>" for t, p, _k, _f in lists[n - 1])
        pager = "".join(f"<a href='list-{k}.html'>{k}</a>" if k != n else f"<b>{k}</b>" for k in range(1, len(lists) + 1))
        nxt = f"<a href='list-{n + 1}.html'>下一页</a>" if n < len(lists) else ""
        return 200, (f"<html><head><title>政府信息公开年报</title></head><body><h3>政府信息公开年报</h3>"
                     f"<ul class='list'>{rows}</ul><div class='pages'>{pager}{nxt}</div></body></html>"), ""
    for title, page, kind, file in COUNTY:
        if path == page:
            if kind == "onclick":
                control = f"<p>附件：<a href='javascript:void(0);' onclick=\"download('{file}')\">点击下载</a></p>"
            elif kind == "onclick-id":
                control = "<p>附件：<a href='javascript:;' onclick=\"downFile('8861')\">点击下载</a></p>"
            elif kind == "icon":
                control = f"<p>附件：<a href='{file}'><img src='/images/ico_{file.rsplit('.', 1)[1]}.gif'/></a></p>"
            else:
                control = (f"<iframe src='/static/pdfjs/web/viewer.html?file={file}' width='100%' height='800'>"
                           "</iframe>")
            return 200, article(title, control) + f"<script>{DOWNLOAD_JS}</script>", ""
    for _t, _p, _k, file in COUNTY:
        if path == file:
            kind = {"pdf": "application/pdf", "doc": "application/msword", "wps": "application/octet-stream",
                    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
            return 200, "%PDF-1.4 松岭县 " + file, kind[file.rsplit(".", 1)[1]]
    if path == "/static/pdfjs/web/viewer.html":
        return 200, "<html><head><title>PDF.js viewer</title></head><body><div id='viewer'></div></body></html>", ""
    return None


@contextmanager
def serve(pages: Any) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []

    class Handler(AnswerHandler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            got = pages(parts.path, parts.query, method, body)
            if got is None:
                self.send(404, "<h1>404</h1>")
                return
            status, text, ctype = got
            self.send(status, text, ctype or "text/html; charset=utf-8")

    with serving_logged(Handler, log) as site:
        yield site


def test_a_county_columns_attachments_are_found_behind_the_disclosure_menus() -> None:
    with serve(lambda path, q, m, b: county_page(path)) as (base, log):
        items, _stats = run_crawl([base + "/"])
    assert found(items, base, "document_url") == sorted(f for t, _p, _k, f in COUNTY if "年度报告" in t)
    assert "/upload/file/2024/0301075.docx" not in [p for _m, p, _b in log]  # the decoy's file never asked


# --- 2. a static column paged ?page=N whose items are <li data-id> opened by a script handler -------
DATA_ID = [(f"白石区{2024 - i}年政府信息公开工作年度报告", 5200 + i) for i in range(6)] + [("白石区2023年部门预算", 5300)]


HANDLERS = {  # how the column's script opens an item from its data-id
    "onclick-this": ("onclick='openArticle(this)'",
                     "function openArticle(el) { window.open('/xxgk/ndbg/art_' + el.getAttribute('data-id') + '.html'); }"),
    "bound-jquery": ("", "$(function () { $('.news').on('click', 'li.item', function () {\n"
                         "  var id = $(this).data('id');\n  location.href = '/xxgk/ndbg/art_' + id + '.html';\n}); });"),
    "bound-dataset": ("", "document.querySelectorAll('li.item').forEach(function (li) { li.addEventListener('click',"
                          " function () { window.open('/xxgk/ndbg/art_' + this.dataset.id + '.html'); }); });"),
}


def data_id_page(path: str, query: str, handler: str = "onclick-this") -> tuple[int, str, str] | None:
    attr, script = HANDLERS[handler]
    if path == "/":
        return 200, "<html><body><a href='/xxgk/ndbg/index.jsp'>政府信息公开年度报告</a></body></html>", ""
    if path == "/xxgk/ndbg/index.jsp":
        n = int(parse_qs(query).get("page", ["1"])[0])
        chunk = DATA_ID[(n - 1) * 3: n * 3]
        if not chunk:
            return 200, "<html><body><ul class='news'></ul></body></html>", ""
        rows = "".join(f"<li class='item' data-id='{i}' {attr}><span class='t'>{t}</span>"
                       f"<span class='d'>2024-02-0{k}</span></li>" for k, (t, i) in enumerate(chunk, 1))
        pager = "".join(f"<a href='?page={k}'>{k}</a>" for k in range(1, 4))
        return 200, (f"<html><head><title>政府信息公开年度报告</title></head><body><ul class='news'>{rows}</ul>"
                     f"<div class='pager'>{pager}<a href='?page={min(n + 1, 3)}'>下一页</a></div>"
                     f"<script>{script}</script></body></html>"), ""
    if path.startswith("/xxgk/ndbg/art_"):
        i = int(path.removeprefix("/xxgk/ndbg/art_").split(".")[0])
        for k, (t, j) in enumerate(DATA_ID):
            if i == j:
                return 200, report_html(t, k), ""
    return None


@pytest.mark.parametrize("handler", list(HANDLERS))
def test_list_items_opened_by_a_script_handler_from_their_data_id_are_followed(handler: str) -> None:
    with serve(lambda path, q, m, b: data_id_page(path, q, handler)) as (base, _log):
        items, _stats = run_crawl([base + "/"])
    assert found(items, base) == sorted(f"/xxgk/ndbg/art_{i}.html" for t, i in DATA_ID if "年度报告" in t)


# --- 3. list services in other shapes, rendered once, walked by their own fields -------------------
SERVICE = [(f"青山镇{2024 - i}年政府信息公开工作年度报告", 9100 + i) for i in range(7)] + [("青山镇2024年政务公开工作要点", 9200)]
SHAPES = {
    # name: (how the page asks, how the service answers)
    "curPage-records": ("GET", "curPage"),
    "pn-rows": ("GET", "pn"),
    "start-limit": ("GET", "start"),
    "nested-post": ("POST", "page.pageIndex"),
}
SERVICE_COLUMN = """<html><head><title>年度报告</title></head><body><h3>政府信息公开年度报告</h3>
<div class="gl-list"><ul id="artList"></ul></div><script>
var API = '/api/content/list';
function load(p) {
  var x = new XMLHttpRequest();
  $$OPEN$$
  x.onload = function () {
    var d = JSON.parse(x.responseText), h = '';
    $$ITEMS$$.forEach(function (o) { h += '<li><a href="/content/' + o.contentId + '.html">' + o.docTitle + '</a></li>'; });
    document.getElementById('artList').innerHTML = h;
  };
  $$SEND$$
}
load(1);
</script></body></html>"""


def service_page(shape: str, path: str, query: str, method: str, body: str) -> tuple[int, str, str] | None:
    size = 3
    if path == "/":
        return 200, "<html><body><a href='/xxgk/nb/'>年度报告</a></body></html>", ""
    if path == "/xxgk/nb/":
        if shape == "curPage-records":
            open_, items, send = "x.open('GET', API + '?channelCode=nb&curPage=' + p + '&pageSize=3');", "d.data.records", "x.send();"
        elif shape == "pn-rows":
            open_, items, send = "x.open('GET', API + '?cid=nb&pn=' + p + '&ps=3');", "d.rows", "x.send();"
        elif shape == "start-limit":
            open_, items, send = ("x.open('GET', API + '?node=nb&start=' + (p - 1) * 3 + '&limit=3');", "d.result.data",
                                  "x.send();")
        else:
            open_ = "x.open('POST', API); x.setRequestHeader('Content-Type', 'application/json');"
            items = "d.content"
            send = "x.send(JSON.stringify({query: {columnCode: 'nb'}, page: {pageIndex: p, pageSize: 3}}));"
        html = SERVICE_COLUMN.replace("$$OPEN$$", open_).replace("$$ITEMS$$", items).replace("$$SEND$$", send)
        return 200, html, ""
    if path == "/api/content/list":
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if shape == "curPage-records":
            first = (int(q["curPage"]) - 1) * size
        elif shape == "pn-rows":
            first = (int(q["pn"]) - 1) * size
        elif shape == "start-limit":
            first = int(q["start"])
        else:
            if method != "POST":
                return 405, "method not allowed", "text/plain"
            first = (json.loads(body)["page"]["pageIndex"] - 1) * size
        chunk = SERVICE[first:first + size]
        rows = [{"contentId": i, "docTitle": t, "pubDate": 1706000000 + i if shape != "pn-rows" else "2024-01-23"}
                for t, i in chunk]
        answer: dict[str, Any]
        if shape == "curPage-records":
            answer = {"code": 200, "data": {"records": rows, "total": len(SERVICE), "pages": 3}}
        elif shape == "pn-rows":
            answer = {"rows": rows, "recordCount": len(SERVICE)}
        elif shape == "start-limit":
            answer = {"success": True, "result": {"data": rows, "count": len(SERVICE)}}
        else:
            answer = {"content": rows, "totalCount": len(SERVICE), "pageCount": 3}
        return 200, json.dumps(answer, ensure_ascii=False), "application/json"
    if path.startswith("/content/"):
        i = int(path.removeprefix("/content/").split(".")[0])
        for k, (t, j) in enumerate(SERVICE):
            if i == j:
                return 200, report_html(t, k), ""
    return None


@pytest.fixture(scope="module")
def service_sites() -> Iterator[tuple[dict[str, tuple[str, list]], list[dict[str, Any]]]]:
    """One site a list-service shape, all crawled in one run (one process, one browser)."""
    with ExitStack() as stack:
        sites = {shape: stack.enter_context(serve(lambda path, q, m, b, shape=shape: service_page(shape, path, q, m, b)))
                 for shape in SHAPES}
        items, _stats = run_crawl([base + "/" for base, _log in sites.values()])
    yield sites, items


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_list_service_of_any_common_shape_is_walked_to_its_end(service_sites, shape: str) -> None:
    sites, items = service_sites
    base, log = sites[shape]
    mine = [i for i in items if (i.get("url") or "").startswith(base + "/")]
    assert found(mine, base) == sorted(f"/content/{i}.html" for t, i in SERVICE if "年度报告" in t)
    asked = [p for _m, p, _b in log if p.startswith("/api/content/list")]
    assert len(asked) <= 4  # pages 1–3, and at most one page past the end


def test_a_handler_reading_the_clicked_elements_attributes_builds_its_url() -> None:
    from crawler.script_links import bound_templates, called_url, element_url, navigating_functions

    functions = navigating_functions(["function show(o) { var u = '/doc/' + $(o).attr('data-cat') + '/'"
                                      " + o.dataset.docId + '.html'; window.open(u); }"])
    attrib = {"data-cat": "nb", "data-doc-id": "77"}
    assert called_url("show(this)", functions, attrib) == "/doc/nb/77.html"
    assert called_url("show(this)", functions, {"data-cat": "nb"}) is None  # an attribute it lacks
    assert called_url("show(5)", functions, attrib) is None  # not the element: nothing to read
    [parts] = bound_templates(["$('#l li').click(function () { location.href = 'detail.html?id=' + "
                               "this.getAttribute('data-id'); });"])
    assert element_url(parts, {"data-id": "12"}) == "detail.html?id=12"
    # a URL from a variable the handler does not read from the element is not built
    assert bound_templates(["$('#l li').click(function () { location.href = base + $(this).data('id'); });"]) == []


# --- 4. an own platform whose article pages are drawn by script from a detail service -------------
DETAIL = """<html><head><title>详情 - 青山镇人民政府</title></head><body><div class="header">青山镇人民政府 首页 政务公开
 政府信息公开 互动交流</div><div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<div class="art"><h1 id="artTitle"></h1><div class="meta" id="artMeta"></div><div id="artBody"></div></div>
<div class="footer">主办：青山镇人民政府 技术支持：某某信息 联系电话：0000-1234567</div>
<script>
var id = (location.search.match(/id=(\\d+)/) || [])[1];
var x = new XMLHttpRequest();
x.open('GET', '/api/article/detail?id=' + id);
x.onload = function () {
  var d = JSON.parse(x.responseText).data;
  document.title = d.title;
  document.getElementById('artTitle').textContent = d.title;
  document.getElementById('artMeta').textContent = '发布时间：' + d.pubDate;
  document.getElementById('artBody').innerHTML = d.content;
};
x.send();
</script></body></html>"""


def detail_page(path: str, query: str) -> tuple[int, str, str] | None:
    if path == "/":
        return 200, "<html><body><a href='/xxgk/nb/index.html'>政府信息公开年度报告</a></body></html>", ""
    if path == "/xxgk/nb/index.html":
        rows = "".join(f"<li><a href='/xxgk/detail.html?id={i}'>{t}</a><span>2024-01-2{k}</span></li>"
                       for k, (t, i) in enumerate(SERVICE))
        return 200, f"<html><head><title>年度报告</title></head><body><ul class='list'>{rows}</ul></body></html>", ""
    if path == "/xxgk/detail.html":
        return 200, DETAIL, ""
    if path == "/api/article/detail":
        i = int(parse_qs(query)["id"][0])
        for k, (t, j) in enumerate(SERVICE):
            if i == j:
                body = report_html(t, k).split("<div class='content'>", 1)[1].rsplit("</body>", 1)[0]
                data = {"title": t, "pubDate": "2024-01-23", "content": body}
                return 200, json.dumps({"code": 0, "data": data}, ensure_ascii=False), "application/json"
    return None


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_article_pages_drawn_by_script_from_a_detail_service_are_read_rendered() -> None:
    with serve(lambda path, q, m, b: detail_page(path, q)) as (base, _log):
        items, stats = run_crawl([base + "/"])
    reports = [i for i in items if i["type"] == "report"]
    assert sorted(i["url"].removeprefix(base) for i in reports) == \
        sorted(f"/xxgk/detail.html?id={i}" for t, i in SERVICE if "年度报告" in t)
    assert all(i["body_length"] > len(DETAIL.encode("utf-8")) + 300 for i in reports)  # as drawn, with its text
    assert stats["playwright/page_count"] == len(reports)  # each article rendered once, the list never


# --- 5. the disclosure landing's menu is a tree drawn from an inline script's data -----------------
TREE_LANDING = """<html><head><title>政府信息公开</title></head><body><div class="gk-left"><ul id="gkTree"></ul></div>
<div class="gk-right"><iframe id="gkFrame" name="gkFrame" src="about:blank"></iframe></div><script>
var zNodes = [
  {id: 1, pId: 0, name: '政府信息公开指南', url: '/zwgk/zn/index.html', target: 'gkFrame'},
  {id: 2, pId: 0, name: '法定主动公开内容', open: true, children: [
    {id: 21, pId: 2, name: '机构职能', url: '/zwgk/jgzn/index.html', target: 'gkFrame'},
    {id: 22, pId: 2, name: '政府信息公开年报', url: '/zwgk/gknb/index.html', target: 'gkFrame'},
    {id: 23, pId: 2, name: '财政预决算', url: '/zwgk/czyjs/index.html', target: 'gkFrame'}]}
];
function draw(nodes, ul) {
  nodes.forEach(function (n) {
    var li = document.createElement('li');
    li.innerHTML = n.url ? '<a href="' + n.url + '" target="' + n.target + '">' + n.name + '</a>' : n.name;
    ul.appendChild(li);
    if (n.children) { var sub = document.createElement('ul'); li.appendChild(sub); draw(n.children, sub); }
  });
}
draw(zNodes, document.getElementById('gkTree'));
</script></body></html>"""
TREE_REPORTS = [(f"石门乡{2024 - i}年政府信息公开工作年度报告", f"/zwgk/gknb/20{24 - i}01/t{i}.html") for i in range(5)]


def tree_page(path: str) -> tuple[int, str, str] | None:
    if path == "/":
        return 200, "<html><body><a href='/zwgk/index.html'>政府信息公开</a></body></html>", ""
    if path == "/zwgk/index.html":
        return 200, TREE_LANDING, ""
    if path == "/zwgk/gknb/index.html":
        rows = "".join(f"<li><a href='{u}'>{t}</a></li>" for t, u in TREE_REPORTS)
        return 200, f"<html><head><title>政府信息公开年报</title></head><body><ul>{rows}</ul></body></html>", ""
    for k, (t, u) in enumerate(TREE_REPORTS):
        if path == u:
            return 200, report_html(t, k), ""
    return None


def test_a_disclosure_menu_drawn_from_inline_tree_data_is_read_without_a_browser() -> None:
    with serve(lambda path, q, m, b: tree_page(path)) as (base, _log):
        items, stats = run_crawl([base + "/"])
    assert found(items, base) == sorted(u for _t, u in TREE_REPORTS)
    assert "nianbao/browser_started" not in stats


def test_labelled_addresses_are_read_from_a_scripts_data() -> None:
    from crawler.script_links import script_records

    script = ("var nav = [{\"title\": \"政府信息公开年报\", \"linkUrl\": \"\\/zwgk\\/gknb\\/\"}, {title: '首页', url: 'index.html'},"
              " {name: '统计', url: '/api/stat?id=3', type: 1}, {name: 'logo', src: '/img/a.png'}, {name: '我的', url: 'javascript:;'}];")
    # labelled in words (no "logo"), addresses only (no javascript:)
    assert [(r.url, r.label) for r in script_records(script)] == [
        ("/zwgk/gknb/", "政府信息公开年报"), ("index.html", "首页"), ("/api/stat?id=3", "统计")]


def test_list_items_a_script_writes_from_its_own_variables_are_links() -> None:
    """TRS lists write each 链接型 item from variables: the link to a file when linkurl is set, else the page."""
    from scrapy.http import HtmlResponse

    from crawler.page import Page

    item = """<li><script>
var doctitle = "{t}";
var docurl = "./2024{m:02d}/t2024{m:02d}18_12{m}.html";
var linkurl = "{link}";
if (linkurl != "") docurl = linkurl;
document.write('<a href="' + docurl + '" title="' + doctitle + '">' + doctitle + '</a>');
</script><span>2024-01-18</span></li>"""
    rows = "".join(item.replace("{t}", f"苍山县{2020 + m}年政府信息公开工作年度报告").replace("{m:02d}", f"{m:02d}")
                   .replace("{m}", str(m)).replace("{link}", "./P020240318.pdf" if m == 3 else "") for m in (1, 2, 3))
    body = f"<html><head><title>年度报告</title></head><body><ul>{rows}</ul></body></html>"
    page = Page(HtmlResponse("http://h/xxgk/ndbg/index.html", body=body.encode("utf-8"), encoding="utf-8"))
    assert [(link.url, link.label) for link in page.links()] == [
        ("http://h/xxgk/ndbg/202401/t20240118_121.html", "苍山县2021年政府信息公开工作年度报告"),
        ("http://h/xxgk/ndbg/202402/t20240218_122.html", "苍山县2022年政府信息公开工作年度报告"),
        ("http://h/xxgk/ndbg/P020240318.pdf", "苍山县2023年政府信息公开工作年度报告")]
