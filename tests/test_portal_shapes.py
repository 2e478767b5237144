"""Portal shapes a report column takes, each served on 127.0.0.1 and crawled from the home page:

- an ASP.NET WebForms list paged only by ``__doPostBack`` (form POSTs carrying the view state), and
  a list paged by a form whose ``pageNo`` field a script fills and submits;
- a column whose departments' columns are reachable only through a ``<select>`` jump list (and a
  report taken down, whose page only refreshes to the home page: a dead link);
- the disclosure platform on another port of the site's host, linked by name;
- a script-only app (Vue-style hash routes) whose list and articles come from its own JSON API
  (needs Debian's chromium; skipped where it is absent).
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.dialects import postback
from tests.scrapy_helpers import AnswerHandler as _Handler
from tests.scrapy_helpers import run_crawl, serving, serving_logged

NUMBERS = [(37, 5, 12), (18, 9, 4), (53, 2, 7), (26, 11, 3), (41, 6, 15), (64, 8, 9), (29, 13, 2), (45, 3, 21)]


def report_html(title: str, k: int = 0) -> str:
    """A report page: its title, the form's section headings and a few varied numbers."""
    a, b, c = NUMBERS[k % len(NUMBERS)]
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
            f"<p>一、总体情况</p><p>二、主动公开政府信息情况：制发规章{a}件，规范性文件{b}件。</p>"
            f"<p>三、收到和处理政府信息公开申请情况：本年新收申请{a + b + c}件。</p>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></div></body></html>")


def reports(items: list[dict[str, Any]], base: str = "") -> list[str]:
    return sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")


# --- ASP.NET WebForms: pages 2 and 3 only by __doPostBack ----------------------------------------
ASPX_TITLES = [f"临川县{2025 - i}年政府信息公开工作年度报告" for i in range(7)] + ["临川县2024年政府信息公开年报解读"]


def gridview(page: int, pages: int) -> str:
    state = base64.b64encode(f"/wEPDwUKLTk3Nz{page:02d}".encode()).decode()
    rows = "".join(f"<tr><td><a href='Show.aspx?id={100 + i}'>{ASPX_TITLES[i]}</a></td><td>2024-01-0{i + 1}</td></tr>"
                   for i in range((page - 1) * 3, min(page * 3, len(ASPX_TITLES))))
    bar = "".join(f"<span>{k}</span>" if k == page else
                  f"<a href=\"javascript:__doPostBack('ctl00$Main$GridView1','Page${k}')\">{k}</a>"
                  for k in range(1, pages + 1))
    return (f"<html><head><title>政府信息公开年报</title></head><body><form method='post' action='./List.aspx?ClassID=9'"
            f" id='form1'><input type='hidden' name='__EVENTTARGET' value=''/><input type='hidden' "
            f"name='__EVENTARGUMENT' value=''/><input type='hidden' name='__VIEWSTATE' value='{state}'/>"
            f"<script>function __doPostBack(t, a) {{ document.form1.__EVENTTARGET.value = t; "
            f"document.form1.__EVENTARGUMENT.value = a; document.form1.submit(); }}</script>"
            f"<input type='text' name='ctl00$Main$kw' value=''/><input type='submit' name='ctl00$Main$go' value='搜索'/>"
            f"<table id='GridView1'>{rows}<tr><td colspan='2'>{bar}</td></tr></table>"
            "<a href=\"javascript:__doPostBack('ctl00$Main$Tree','s2')\">目录树</a>"
            "<input type='hidden' name='__EVENTVALIDATION' value='/wEdAAY'/></form></body></html>")


@contextmanager
def aspx_site() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/":
                self.send(200, "<html><body><a href='/xxgk/List.aspx?ClassID=9'>政府信息公开年报</a></body></html>")
            elif parts.path == "/xxgk/List.aspx":
                page = 1
                if method == "POST":
                    form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                    if "__VIEWSTATE" not in form or "__EVENTVALIDATION" not in form:
                        self.send(500, "<h1>Validation of viewstate MAC failed</h1>")
                        return
                    if form.get("__EVENTTARGET") == "ctl00$Main$GridView1":
                        page = int(form["__EVENTARGUMENT"].removeprefix("Page$"))
                self.send(200, gridview(page, 3))
            elif parts.path == "/xxgk/Show.aspx":
                i = int(parse_qs(parts.query)["id"][0]) - 100
                self.send(200, report_html(ASPX_TITLES[i], i))
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


def test_postback_pager_events_are_read_with_the_form_fields() -> None:
    url = "http://h/xxgk/List.aspx?ClassID=9"
    events = postback.postbacks(url, gridview(1, 3))
    assert [(e.target, e.argument) for e in events] == [("ctl00$Main$GridView1", "Page$2"),
                                                        ("ctl00$Main$GridView1", "Page$3")]  # not the tree
    form = parse_qs(events[0].body, keep_blank_values=True)
    assert form["__EVENTARGUMENT"] == ["Page$2"] and form["__EVENTVALIDATION"] == ["/wEdAAY"]
    assert "ctl00$Main$go" not in form and form["ctl00$Main$kw"] == [""]  # no submit button, inputs kept
    assert events[0].url == "http://h/xxgk/List.aspx?ClassID=9"
    assert postback.postbacks(url, "<a href=\"javascript:__doPostBack('a','Page$2')\">2</a>") == []  # no form
    # a 下一页 link posting back with options, and a 下一页 submit button; not the search button
    html = ("<form method='post' action='list.aspx'><input type='hidden' name='__VIEWSTATE' value='dDw5'/>"
            "<a href='javascript:WebForm_DoPostBackWithOptions(new WebForm_PostBackOptions(&quot;ctl00$lnkNext&quot;,"
            " &quot;&quot;, true, &quot;&quot;, &quot;&quot;, false, true))'>下一页</a>"
            "<input type='submit' name='ctl00$btnNext' value='下一页'/><input type='submit' name='ctl00$go' value='搜索'/></form>")
    events = postback.postbacks(url, html)
    assert [(e.target, e.argument) for e in events] == [("ctl00$lnkNext", ""), ("ctl00$btnNext", "")]
    assert parse_qs(events[1].body)["ctl00$btnNext"] == ["下一页"] and "ctl00$go" not in parse_qs(events[1].body)
    assert events[0].url == "http://h/xxgk/list.aspx"


def test_a_webforms_list_is_paged_by_postback_once_a_page() -> None:
    with aspx_site() as (base, log):
        items, _stats = run_crawl([base + "/"])
    assert reports(items, base) == sorted(f"/xxgk/Show.aspx?id={100 + i}" for i in range(7))  # not the 解读
    posts = [parse_qs(body)["__EVENTARGUMENT"][0] for method, _path, body in log if method == "POST"]
    assert sorted(posts) == ["Page$2", "Page$3"]  # page 1 came with the GET; no page posted twice


# --- a JSP list paged by a form whose pageNo field a script fills and submits --------------------
def form_list(page: int) -> str:
    rows = "".join(f"<li><a href='/xxgk/info/{i}.html'>{ASPX_TITLES[i]}</a></li>"
                   for i in range((page - 1) * 3, min(page * 3, len(ASPX_TITLES))))
    return ("<html><head><title>政府信息公开年报</title></head><body><form name='pf' method='post' action='list.jsp'>"
            "<input type='hidden' name='channelId' value='4512'/><input type='hidden' name='pageNo' value='1'/></form>"
            f"<ul>{rows}</ul><div class='page'>共3页 <a href='javascript:goPage({min(page + 1, 3)})'>下一页</a></div>"
            "<script>function goPage(n) { document.pf.pageNo.value = n; document.pf.submit(); }</script></body></html>")


def test_a_list_paged_by_submitting_its_page_form_is_walked() -> None:
    log: list[tuple[str, str, str]] = []

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            path = urlsplit(self.path).path
            if path == "/":
                self.send(200, "<html><body><a href='/xxgk/list.jsp'>政府信息公开年报</a></body></html>")
            elif path == "/xxgk/list.jsp":
                form = {k: v[0] for k, v in parse_qs(body).items()}
                ok = method == "GET" or form.get("channelId") == "4512"
                self.send(200, form_list(int(form.get("pageNo", 1))) if ok else "<h1>参数错误</h1>")
            elif path.startswith("/xxgk/info/"):
                i = int(path.rsplit("/", 1)[1].split(".")[0])
                self.send(200, report_html(ASPX_TITLES[i], i + 2))
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as (base, _log):
        items, _stats = run_crawl([base + "/"])
    assert reports(items, base) == sorted(f"/xxgk/info/{i}.html" for i in range(7))
    assert sorted(body for method, _p, body in log if method == "POST") == ["channelId=4512&pageNo=2",
                                                                           "channelId=4512&pageNo=3"]


# --- a <select> jump list to the departments' columns --------------------------------------------
@contextmanager
def select_site() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []
    columns = {"/col/col51230/index.html": ("泗水县人民政府", 2), "/col/col51231/index.html": ("泗水县发展和改革委员会", 3),
               "/col/col51232/index.html": ("泗水县教育局", 2)}

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            path = urlsplit(self.path).path
            if path == "/":
                self.send(200, "<html><body><a href='/col/col51230/index.html'>政府信息公开年报</a></body></html>")
            elif path in columns:
                agency, n = columns[path]
                col = path.split("/")[2]
                items = "".join(f"<li><a href='/art/{col}_{k}.html'>{agency}{2024 - k}年政府信息公开工作年度报告</a></li>"
                                for k in range(n))
                jump = ("<select onchange=\"if(this.value){window.open(this.value)}\"><option value=''>--请选择部门--</option>"
                        "<option value='/col/col51231/index.html'>县发展改革委</option>"
                        "<option value='/col/col51232/index.html'>县教育局</option></select>"
                        "<select name='year'><option value='2024'>2024</option><option value='2023'>2023</option></select>"
                        if col == "col51230" else "")
                if col == "col51230":  # a report taken down: its page only refreshes to the home page
                    items += ("<li><a href='/art/moved.html'>泗水县2019年政府信息公开工作年度报告</a></li>"
                              "<li><a href='/art/slow.html'>泗水县2018年政府信息公开工作年度报告</a></li>")
                self.send(200, f"<html><head><title>政府信息公开年报</title></head><body>{jump}<ul>{items}</ul></body></html>")
            elif path == "/art/moved.html":
                self.send(200, "<html><head><meta http-equiv='refresh' content='0;url=/'></head><body></body></html>")
            elif path == "/art/slow.html":  # too slow a refresh for Scrapy to follow
                self.send(200, "<html><head><meta http-equiv='Refresh' content='300; URL=/index.html'></head>"
                               "<body>该页面即将跳转</body></html>")
            elif path.startswith("/art/"):
                col, k = path.removeprefix("/art/").removesuffix(".html").split("_")
                agency = columns[f"/col/{col}/index.html"][0]
                self.send(200, report_html(f"{agency}{2024 - int(k)}年政府信息公开工作年度报告", int(k) + len(col)))
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


def test_the_departments_columns_behind_a_select_jump_list_are_crawled() -> None:
    with select_site() as (base, log):
        items, _stats = run_crawl([base + "/"])
    assert reports(items, base) == sorted([f"/art/col51230_{k}.html" for k in range(2)]
                                          + [f"/art/col51231_{k}.html" for k in range(3)]
                                          + [f"/art/col51232_{k}.html" for k in range(2)])
    assert not [p for _m, p, _b in log if p in ("/2024", "/2023")]  # a form's codes are no addresses
    dead = sorted((i["url"].removeprefix(base), i["reason"]) for i in items if i["type"] == "error")
    assert [url for url, _reason in dead] == ["/art/moved.html", "/art/slow.html"]  # pages that refresh home
    assert all(reason.startswith("soft 404") and "home page" in reason for _url, reason in dead)
    assert not [i for i in items if i["type"] == "blocked"]


# --- the disclosure platform on another port of the host ----------------------------------------
@contextmanager
def two_port_site() -> Iterator[tuple[str, str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []
    other: dict[str, str] = {}

    class Main(_Handler):
        def answer(self, method: str, body: str) -> None:
            if urlsplit(self.path).path == "/":
                self.send(200, f"<html><body><a href='{other['base']}/xxgk/index.html'>政府信息公开</a>"
                               f"<a href='{other['base']}/news/'>新闻中心</a></body></html>")
            else:
                self.send(404, "<h1>404</h1>")

    class Platform(_Handler):
        def answer(self, method: str, body: str) -> None:
            path = urlsplit(self.path).path
            if path == "/xxgk/index.html":
                self.send(200, "<html><body><a href='/xxgk/ndbg/'>政府信息公开年报</a></body></html>")
            elif path == "/xxgk/ndbg/":
                self.send(200, "<html><body><ul>" + "".join(
                    f"<li><a href='/xxgk/ndbg/{k}.html'>邵阳县{2024 - k}年政府信息公开工作年度报告</a></li>" for k in range(3))
                    + "</ul></body></html>")
            elif path.startswith("/xxgk/ndbg/"):
                k = int(path.rsplit("/", 1)[1].split(".")[0])
                self.send(200, report_html(f"邵阳县{2024 - k}年政府信息公开工作年度报告", k + 3))
            else:
                self.send(404, "<h1>404</h1>")

    Main.log = Platform.log = log
    with ExitStack() as stack:
        other["base"] = stack.enter_context(serving(Platform))
        base = stack.enter_context(serving(Main))
        yield base, other["base"], log


def test_the_disclosure_platform_on_another_port_is_part_of_the_site() -> None:
    with two_port_site() as (base, platform, log):
        items, _stats = run_crawl([base + "/"])
    assert reports(items, platform) == [f"/xxgk/ndbg/{k}.html" for k in range(3)]
    assert "/news/" not in [p for _m, p, _b in log]  # only what is linked by its name as the platform


# --- a script-only app: hash routes, its list and articles from its own JSON API -----------------
APP_SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>云县人民政府</title></head><body>
<noscript>请启用JavaScript</noscript><div id="app"></div><script src="/portal/app.js"></script></body></html>"""
APP_JS = """(function () {
  var app = document.getElementById('app');
  function get(u, cb) { var x = new XMLHttpRequest(); x.open('GET', u); x.onload = function () { cb(JSON.parse(x.responseText)); }; x.send(); }
  function route() {
    var h = location.hash.replace(/^#/, '') || '/home', m;
    if ((m = h.match(/^\\/list\\/(\\d+)/))) {
      get('/api/article/page?catId=' + m[1] + '&current=1&size=3', function (r) {
        app.innerHTML = '<ul>' + r.data.records.map(function (a) {
          return '<li><a href="' + (a.fileUrl || '#/detail/' + a.id) + '">' + a.title + '</a></li>'; }).join('') + '</ul>';
      });
    } else if ((m = h.match(/^\\/detail\\/(\\d+)/))) {
      get('/api/article/' + m[1], function (r) {
        if (r.code !== 0) { app.innerHTML = '<div>' + r.msg + '</div>'; return; }
        app.innerHTML = '<h1>' + r.data.title + '</h1><div class="content">' + r.data.content + '</div>';
      });
    } else {
      app.innerHTML = '<ul><li><a href="#/list/7">政策文件</a></li><li><a href="#/list/8">政府信息公开年报</a></li></ul>';
    }
  }
  window.addEventListener('hashchange', route);
  route();
})();"""
APP_RECORDS = [{"id": 6100 + k, "title": f"云县{2025 - k}年政府信息公开工作年度报告", "fileUrl": None} for k in range(6)] \
    + [{"id": 6190, "title": "云县2019年政府信息公开工作年度报告", "fileUrl": None},  # a dead article
       {"id": 6200, "title": "云县2018年政府信息公开工作年度报告", "fileUrl": "/minio/cms/2019/nb2018.pdf"}]


@contextmanager
def app_site() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/":
                self.send(200, "<html><body><a href='/portal/index.html#/home'>政务公开</a></body></html>")
            elif parts.path == "/portal/index.html":
                self.send(200, APP_SHELL)
            elif parts.path == "/portal/app.js":
                self.send(200, APP_JS, "application/javascript")
            elif parts.path == "/api/article/page":
                cur, size = int(q["current"]), int(q["size"])
                recs = APP_RECORDS if q.get("catId") == "8" else []
                self.send(200, json.dumps({"code": 0, "data": {"records": recs[(cur - 1) * size: cur * size],
                                                               "pages": (len(recs) + size - 1) // size}},
                                          ensure_ascii=False), "application/json")
            elif parts.path.startswith("/api/article/"):
                aid = int(parts.path.rsplit("/", 1)[1])
                rec = next((r for r in APP_RECORDS if r["id"] == aid and aid != 6190), None)
                if rec is None:
                    self.send(200, json.dumps({"code": 404, "msg": "文章不存在或已删除"}, ensure_ascii=False),
                              "application/json")
                    return
                page = report_html(rec["title"], aid)
                content = page.split("<div class='content'>", 1)[1].rsplit("</div>", 1)[0]
                self.send(200, json.dumps({"code": 0, "data": {"title": rec["title"], "content": content}},
                                          ensure_ascii=False), "application/json")
            elif parts.path == "/minio/cms/2019/nb2018.pdf":
                self.send(200, "%PDF-1.4 云县2018年", "application/pdf")
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_a_script_only_app_is_rendered_and_its_routes_are_its_reports() -> None:
    with app_site() as (base, log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["document_url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted([f"/portal/index.html#/detail/{6100 + k}" for k in range(6)] + ["/minio/cms/2019/nb2018.pdf"])
    assert not [i for i in items if i["type"] == "blocked"]  # an app's shell is no challenge
    [dead] = [i for i in items if i["type"] == "error"]
    assert dead["url"] == base + "/portal/index.html#/detail/6190" and dead["reason"].startswith("soft 404")
    pages = sorted(int(parse_qs(urlsplit(p).query)["current"][0]) for _m, p, _b in log if p.startswith("/api/article/page"))
    assert pages[:3] == [1, 2, 3]  # the list service walked by its page parameter
    assert stats["nianbao/browser_started"] == 1
