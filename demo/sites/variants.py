"""Platform variants the demo portal does not serve by default: three real request shapes, each
its own site, for the crawler's fixture tests (``tests/test_site_variants.py``).

- ``zcwjk`` — a 政策文件库 in the style of 中国政府网's (the State Council's policy library, copied by
  provincial portals): the column is an empty list a script fills from the library's search service
  ``GET /search-gov/data?t=zhengcelibrary&…&p=N&n=5``, whose answer nests its items two levels down
  by file category (``searchVO.catMap.gongwen.listVO`` and ``…bumenfile.listVO``) with highlighted
  titles (``<em>年度报告</em>``) and dotted dates (``pubtimeStr: "2024.01.19"``).
- ``guestweb`` — a column that is a site search of the 开普云 search engine's shape (Gansu's
  ``/guestweb4/s?searchWord=…&pageSize=…&pageNum=0&siteCode=…``): pages counted from **0**, each
  record's fields under its own ``data`` object, the record count in ``total``; the search also
  brings the news that mention annual reports (look-alikes).
- ``ahlabel`` — an Anhui-style 政务公开 platform: the column's list is an HTML fragment a jQuery
  ``.load()`` fetches from the label service (``/site/label/8888?IsAjax=1&dataType=html&_=<random>&
  labelName=publicInfoList&…&pageSize=4&pageIndex=N``), its pager inside the fragment calling the
  page's ``loadList(n)``;
- ``jqgrid`` — a catalogue table drawn by jqGrid: ``POST /gkml/infoList.do`` with ``_search, nd, rows,
  page, sidx, sord`` answers ``{page, total: the page count, records, rows: [{id, cell: [date, title,
  url]}]}``;
- ``keyset`` — a 加载更多 column paged by the last item's id (keyset paging, as news-feed style
  portals do): ``GET /api/article/more?channelId=12&lastId=<id of the last item shown>&size=4``,
  first asked with ``lastId=0``; the answer has no page number and no cursor of its own;
- ``ilist`` — a Sichuan-style 政府信息公开平台 (``/info/iList.jsp?node_id=GKxx&cat_id=N&cur_page=N``):
  a static table list paged by query links, detail pages ``/info/iDetail.jsp?…&info_id=N`` whose
  report is a PDF behind ``/download.jsp?filename=…&info_id=N`` (a download handler, not a file path).

Each site's list service is an ``answers`` handler (its request's fields in, the page of items out),
so any field order or encoding the crawler sends is answered as the real service would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .base import Site, esc, render_template
from .common import add_robots, generated, noise_items
from .county import _pdf

VARIANT_KEYS = ("zcwjk", "guestweb", "ahlabel", "jqgrid", "keyset", "ilist")


def _page(name: str, title: str, main: str) -> str:
    return render_template("plain_page.html", title=esc(title), site_name=name, main=main)


def _chrome(site: Site, name: str, column_path: str, column_name: str) -> None:
    add_robots(site)
    site.add("/zwgk/index.html", _page(name, "政务公开", '<a href="/gk/index.html">政府信息公开</a>'))
    site.add("/", _page(name, name, '<nav><a href="/gk/index.html">政府信息公开</a></nav>'))
    site.add("/gk/index.html", _page(name, "政府信息公开", (
        '<ul class="menu"><li><a href="/gk/zcwj.html">政策文件</a></li>'
        f'<li><a href="{column_path}">{column_name}</a></li></ul>')))
    site.add("/gk/zcwj.html", _page(name, "政策文件", "<ul><li>暂无</li></ul>"))


def _html_reports(site: Site, name: str, specs: tuple[tuple[int, str, int, str], ...],
                  path_of: Callable[[int, str], str]) -> list[tuple[str, str, str]]:
    """Generated reports as article pages: (title, path, date) each, newest first."""
    out = []
    for i, (seed, agency, year, date) in enumerate(specs):
        doc = generated(seed, "2021" if year >= 2021 else "2019", agency, year, "html_table", date)
        if doc is None:
            continue
        path = path_of(i, date)
        site.add(path, _page(name, doc.title, f'<div class="article"><h1>{esc(doc.title)}</h1>'
                                              f'<div class="info">发布日期：{date}</div>'
                                              f'<div class="article-content">{doc.body_html}</div></div>'),
                 modified=date)
        site.reports.append(doc.expected(path) | {"site": site.key})
        out.append((doc.title, path, date))
    return out


def _noise(site: Site, name: str, place: str, agency: str, path_of: Callable[[int, str], str],
           picks: tuple[int, ...]) -> list[tuple[str, str, str]]:
    out = []
    for j in picks:
        noise = noise_items(place, agency)[j]
        path = path_of(50 + j, noise.date)
        site.add(path, _page(name, noise.title, f'<div class="article"><h1>{esc(noise.title)}</h1>'
                                                f'<div class="article-content"><p>{esc(noise.body)}</p></div></div>'))
        out.append((noise.title, path, noise.date))
    return out


# --- zcwjk: 中国政府网-style policy library search -------------------------------------------------
ZCWJK_SCRIPT = """<script>
var lib = {t: 'zhengcelibrary', type: 'gwyzcwjk', n: 5};
function search(p) {
  var u = '/search-gov/data?t=' + lib.t + '&q=' + encodeURIComponent('年度报告') + '&timetype=timeqb&mintime=&maxtime='
    + '&sort=pubtime&sortType=1&searchfield=title&puborg=&pcodeYear=&pcodeNum=&filetype=&p=' + p + '&n=' + lib.n
    + '&inpro=&bmfl=&dup=&orpro=&type=' + lib.type;
  $.ajax({url: u, dataType: 'json', success: function (res) {
    var h = '';
    ['gongwen', 'bumenfile'].forEach(function (cat) {
      ((res.searchVO.catMap[cat] || {}).listVO || []).forEach(function (it) {
        h += '<li><a href="' + it.url + '" target="_blank">' + it.title + '</a><span>' + it.pubtimeStr + '</span></li>';
      });
    });
    $('#zcList').html(h);
    $('#pageNo').text(p);
  }});
}
$(function () { search(1); $('.next').click(function () { search(+$('#pageNo').text() + 1); }); });
</script>"""
JQUERY_MINI = """window.$ = function (a) {
  if (typeof a === 'function') { document.addEventListener('DOMContentLoaded', a); return; }
  var els = document.querySelectorAll(a);
  return {html: function (h) { els.forEach(function (e) { e.innerHTML = h; }); },
          text: function (t) { if (t === undefined) return els.length ? els[0].textContent : '';
                               els.forEach(function (e) { e.textContent = t; }); },
          click: function (f) { els.forEach(function (e) { e.addEventListener('click', f); }); }};
};
$.ajax = function (o) { fetch(o.url).then(function (r) { return r.json(); }).then(o.success); };
"""


def zcwjk() -> Site:
    name, place = "青川市人民政府", "青川市"
    site = Site("zcwjk", name, "utf-8", province="四川省", city=place)
    _chrome(site, name, "/zhengce/zcwjk.htm", "政策文件库·年度报告")
    reports = _html_reports(site, name, (
        (91, name, 2024, "2025-01-20"), (92, "青川市人民政府办公室", 2024, "2025-01-26"),
        (93, name, 2023, "2024-01-19"), (94, "青川市发展和改革委员会", 2023, "2024-01-29"),
        (95, name, 2022, "2023-01-18"), (96, "青川市教育局", 2022, "2023-02-01"), (97, name, 2021, "2022-01-21")),
        lambda i, date: f"/zhengce/content/{date[:4]}{date[5:7]}/content_{6900 + i}.htm")
    noise = _noise(site, name, place, "青川市财政局", lambda i, date: f"/zhengce/content/{date[:4]}{date[5:7]}/content_{6900 + i}.htm",
                   (0, 5))
    items = sorted(reports + noise, key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        """The library answers absolute URLs (on the host it was asked at), departments' files apart."""
        p, n = max(1, int(params.get("p") or 1)), max(1, min(20, int(params.get("n") or 5)))
        chunk = items[(p - 1) * n: p * n]
        gongwen = [it for it in chunk if not re.search(r"局|委员会|办公室", it[0])]
        bumen = [it for it in chunk if it not in gongwen]

        def vo(it: tuple[str, str, str]) -> dict[str, Any]:
            title = it[0].replace("年度报告", "<em>年度报告</em>")
            return {"title": title, "url": host_url + it[1], "pubtimeStr": it[2].replace("-", "."),
                    "pcode": "", "puborg": name, "summary": ""}
        cat = {"gongwen": {"listVO": [vo(i) for i in gongwen], "totalCount": len(items)},
               "bumenfile": {"listVO": [vo(i) for i in bumen]}}
        return json.dumps({"code": 200, "msg": "返回成功", "searchVO": {"catMap": cat, "totalCount": len(items),
                                                                      "totalpage": -(-len(items) // n)}},
                          ensure_ascii=False), "application/json;charset=UTF-8"

    site.answers["/search-gov/data"] = answer
    site.add("/js/jquery.min.js", JQUERY_MINI, "application/javascript")
    site.add("/zhengce/zcwjk.htm", _page(name, "政策文件库", (
        '<h2>政府信息公开工作年度报告</h2><ul id="zcList" class="list"></ul>'
        '<div class="pages"><span id="pageNo"></span><a href="javascript:;" class="next">下一页</a></div>'
        '<script src="/js/jquery.min.js"></script>' + ZCWJK_SCRIPT)))
    return site


# --- guestweb: a 开普云-style site search as the column ---------------------------------------------
GUESTWEB_SCRIPT = """<script>
var cfg = {siteCode: '6207000001', column: '%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A', pageSize: 4}, cur = 0;
function go(pageNum) {
  var x = new XMLHttpRequest();
  x.open('GET', '/guestweb4/s?searchWord=' + encodeURIComponent('政府信息公开工作年度报告') + '&column=' + cfg.column
    + '&wordPlace=1&orderBy=1&startTime=&endTime=&pageSize=' + cfg.pageSize + '&pageNum=' + pageNum
    + '&timeStamp=0&siteCode=' + cfg.siteCode + '&sonSiteCode=&checkHandle=1');
  x.onload = function () {
    var r = JSON.parse(x.responseText), h = '';
    r.resultDocs.forEach(function (d) {
      h += '<div class="result"><a href="' + d.data.url + '">' + d.data.title + '</a><p>' + d.data.time + '</p></div>';
    });
    document.getElementById('results').innerHTML = h;
    cur = pageNum;
  };
  x.send();
}
go(0);
</script>"""


def guestweb() -> Site:
    name, place = "陇南县人民政府", "陇南县"
    site = Site("guestweb", name, "utf-8", province="甘肃省", city="陇南市", county=place)
    _chrome(site, name, "/gk/ndbg.html", "政府信息公开年报")
    reports = _html_reports(site, name, (
        (101, name, 2024, "2025-01-23"), (102, "陇南县卫生健康局", 2024, "2025-01-27"),
        (103, name, 2023, "2024-01-22"), (104, name, 2022, "2023-01-20"), (105, "陇南县民政局", 2022, "2023-01-31"),
        (106, name, 2021, "2022-01-24")),
        lambda i, date: f"/art/{date[:4]}/{int(date[5:7])}/{int(date[8:])}/art_{1400 + i}_{381000 + i}.html")
    noise = _noise(site, name, place, "陇南县财政局",
                   lambda i, date: f"/art/{date[:4]}/{int(date[5:7])}/{int(date[8:])}/art_{1400 + i}_{381000 + i}.html",
                   (0, 1, 5))
    items = sorted(reports + noise, key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        num, size = max(0, int(params.get("pageNum") or 0)), max(1, min(20, int(params.get("pageSize") or 4)))
        chunk = items[num * size: (num + 1) * size]
        docs = [{"data": {"title": t, "url": host_url + path, "time": date, "siteName": name}, "score": 1.0}
                for t, path, date in chunk]
        return json.dumps({"total": len(items), "pageNum": num, "pageSize": size, "resultDocs": docs},
                          ensure_ascii=False), "application/json;charset=UTF-8"

    site.answers["/guestweb4/s"] = answer
    site.add("/gk/ndbg.html", _page(name, "政府信息公开年报", (
        '<h2>政府信息公开年报</h2><div id="results"></div>'
        '<div class="page"><a href="javascript:void(0)" onclick="go(cur + 1)">下一页</a></div>' + GUESTWEB_SCRIPT)))
    return site


# --- ahlabel: an Anhui-style label service answering HTML fragments -----------------------------
AHLABEL_SCRIPT = """<script>
function loadList(p) {
  $('#xxgk_lmcon').load('/site/label/8888?IsAjax=1&dataType=html&_=' + Math.random() + '&labelName=publicInfoList'
    + '&siteId=6781&pageSize=4&pageIndex=' + p + '&action=list&isDate=true&dateFormat=yyyy-MM-dd&length=50'
    + '&organId=1681&type=4&catId=7031');
}
loadList(1);
</script>"""
JQUERY_LOAD = """window.$ = function (sel) {
  return {load: function (url) { fetch(url).then(function (r) { return r.text(); }).then(function (h) {
    document.querySelector(sel).innerHTML = h; }); }};
};
"""


def ahlabel() -> Site:
    name, place = "皖江县人民政府", "皖江县"
    site = Site("ahlabel", name, "utf-8", province="安徽省", city="皖江市", county=place)
    column = "/public/column/6781?type=4&catId=7031&action=list"
    _chrome(site, name, column.replace("&", "&amp;"), "政府信息公开年报")
    reports = _html_reports(site, name, (
        (121, name, 2024, "2025-01-24"), (122, "皖江县住房和城乡建设局", 2024, "2025-01-30"), (123, name, 2023, "2024-01-25"),
        (124, "皖江县农业农村局", 2023, "2024-02-05"), (125, name, 2022, "2023-01-17"), (126, name, 2021, "2022-01-20")),
        lambda i, date: f"/public/1681/{49850 + i}.html")
    noise = _noise(site, name, place, "皖江县财政局", lambda i, date: f"/public/1681/{49850 + i}.html", (0, 1))
    items = sorted(reports + noise, key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        size = max(1, min(20, int(params.get("pageSize") or 4)))
        pages = -(-len(items) // size)
        p = max(1, int(params.get("pageIndex") or 1))
        lis = "".join(f'<li><a href="{path}" target="_blank" title="{esc(t)}">{esc(t)}</a><span class="date">{d}</span></li>'
                      for t, path, d in items[(p - 1) * size: p * size])
        pager = "".join(f'<a href="javascript:void(0);" onclick="loadList({q})">{label}</a>'
                        for q, label in ((p - 1, "上一页"), (p + 1, "下一页")) if 1 <= q <= pages)
        return (f'<ul class="xxgk_list">{lis}</ul><div class="pagination">共{len(items)}条 {p}/{pages}页 {pager}</div>',
                "text/html;charset=UTF-8")

    site.answers["/site/label/8888"] = answer
    site.add("/js/jquery.load.js", JQUERY_LOAD, "application/javascript")
    site.add(column, _page(name, "政府信息公开年报", (
        '<div class="xxgk_title">政府信息公开年报</div><div id="xxgk_lmcon"></div>'
        '<script src="/js/jquery.load.js"></script>' + AHLABEL_SCRIPT)))
    return site


# --- jqgrid: a catalogue table drawn by jqGrid ----------------------------------------------------
JQGRID_SCRIPT = """<script>
var grid = {url: '/gkml/infoList.do', rowNum: 4, page: 1, catId: 'NB01'};
function reload() {
  var body = '_search=false&nd=' + Date.now() + '&rows=' + grid.rowNum + '&page=' + grid.page + '&sidx=fbrq&sord=desc&catId=' + grid.catId;
  fetch(grid.url, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8'}, body: body})
    .then(function (r) { return r.json(); }).then(function (d) {
      document.getElementById('grid').innerHTML = d.rows.map(function (row) {
        return '<tr id="' + row.id + '"><td>' + row.cell[0] + '</td><td><a href="' + row.cell[2] + '">' + row.cell[1]
          + '</a></td></tr>'; }).join('');
      document.getElementById('sp_1_pager').textContent = d.total;
    });
}
function nextPage() { grid.page += 1; reload(); }
reload();
</script>"""


def jqgrid() -> Site:
    name, place = "黔山县人民政府", "黔山县"
    site = Site("jqgrid", name, "utf-8", province="贵州省", city="黔山市", county=place)
    _chrome(site, name, "/gkml/nb.html", "政府信息公开年度报告")
    reports = _html_reports(site, name, (
        (131, name, 2024, "2025-01-22"), (132, "黔山县水务局", 2024, "2025-01-29"), (133, name, 2023, "2024-01-24"),
        (134, name, 2022, "2023-01-19"), (135, "黔山县林业局", 2022, "2023-02-03"), (136, name, 2021, "2022-01-25")),
        lambda i, date: f"/gkml/detail/{date[:4]}/{3300 + i}.html")
    noise = _noise(site, name, place, "黔山县财政局", lambda i, date: f"/gkml/detail/{date[:4]}/{3300 + i}.html", (0, 5))
    items = sorted(reports + noise, key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        size = max(1, min(20, int(params.get("rows") or 4)))
        p = max(1, int(params.get("page") or 1))
        rows = [{"id": path.rsplit("/", 1)[1].split(".")[0], "cell": [d, t, path]}
                for t, path, d in items[(p - 1) * size: p * size]]
        return json.dumps({"page": str(p), "total": -(-len(items) // size), "records": str(len(items)), "rows": rows},
                          ensure_ascii=False), "application/json;charset=UTF-8"

    site.answers["/gkml/infoList.do"] = answer
    site.add("/gkml/nb.html", _page(name, "政府信息公开年度报告", (
        '<h2>政府信息公开年度报告</h2><table><thead><tr><th>发布日期</th><th>标题</th></tr></thead>'
        '<tbody id="grid"></tbody></table><div id="pager" class="ui-pg-table"><span id="sp_1_pager"></span>'
        '<td id="next_pager" class="ui-pg-button" onclick="nextPage()"><span class="ui-icon ui-icon-seek-next">下一页</span></td></div>'
        + JQGRID_SCRIPT)))
    return site


# --- keyset: a load-more column paged by the last item's id ---------------------------------------
KEYSET_SCRIPT = """<script>
var lastId = 0;
function more() {
  fetch('/api/article/more?channelId=12&lastId=' + lastId + '&size=3').then(function (r) { return r.json(); })
    .then(function (res) {
      var box = document.getElementById('feed');
      res.data.forEach(function (a) {
        var d = document.createElement('div');
        d.className = 'item';
        d.innerHTML = '<a href="/news/' + a.id + '.html">' + a.title + '</a><i>' + a.publishDate + '</i>';
        box.appendChild(d);
        lastId = a.id;
      });
      if (!res.data.length) document.getElementById('more').style.display = 'none';
    });
}
more();
</script>"""


def keyset() -> Site:
    name, place = "滇池区人民政府", "滇池区"
    site = Site("keyset", name, "utf-8", province="云南省", city="滇池市", county=place)
    _chrome(site, name, "/channel/12.html", "政府信息公开年度报告")
    specs = ((141, name, 2024, "2025-01-21"), (142, "滇池区审计局", 2024, "2025-01-27"), (143, name, 2023, "2024-01-23"),
             (144, name, 2022, "2023-01-18"), (145, "滇池区统计局", 2022, "2023-02-06"), (146, name, 2021, "2022-01-19"))
    ids = [88213 - 7 * i for i in range(len(specs) + 2)]  # newest first, ids falling
    # the look-alikes are the newest items: the reports fill the second and third loads
    reports = _html_reports(site, name, specs, lambda i, date: f"/news/{ids[i + 2]}.html")
    noise = _noise(site, name, place, "滇池区财政局", lambda i, date: f"/news/{ids[0 if i == 50 else 1]}.html", (0, 1))
    items = sorted(reports + noise, key=lambda t: -int(t[1].split("/")[-1].split(".")[0]))

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        last, size = int(params.get("lastId") or 0), max(1, min(20, int(params.get("size") or 4)))
        later = [it for it in items if last == 0 or int(it[1].split("/")[-1].split(".")[0]) < last][:size]
        data = [{"id": int(path.split("/")[-1].split(".")[0]), "title": t, "publishDate": d} for t, path, d in later]
        return json.dumps({"code": 0, "data": data}, ensure_ascii=False), "application/json;charset=UTF-8"

    site.answers["/api/article/more"] = answer
    site.add("/channel/12.html", _page(name, "政府信息公开年度报告", (
        '<h2>政府信息公开年度报告</h2><div id="feed"></div>'
        '<button id="more" class="load-more" onclick="more()">加载更多</button>' + KEYSET_SCRIPT)))
    return site


# --- ilist: a Sichuan-style disclosure platform ---------------------------------------------------
def ilist() -> Site:
    name, place = "岷江县人民政府", "岷江县"
    site = Site("ilist", name, "utf-8", province="四川省", city="岷江市", county=place)
    node, cat = "GKmjx", "15971"
    column = f"/info/iList.jsp?node_id={node}&cat_id={cat}&cur_page=1"
    _chrome(site, name, column.replace("&", "&amp;"), "政府信息公开年报")
    rows: list[tuple[str, str, str]] = []
    for k, (seed, agency, year, date) in enumerate((
            (111, name, 2024, "2025-01-21"), (112, "岷江县交通运输局", 2024, "2025-01-28"), (113, name, 2023, "2024-01-23"),
            (114, "岷江县自然资源局", 2023, "2024-02-02"), (115, name, 2022, "2023-01-19"), (116, name, 2021, "2022-01-26"))):
        doc, pdf = _pdf(seed, agency, year, date)
        if doc is None:
            continue
        info_id = 2380000 + k
        filename = f"{date.replace('-', '')}{seed}.pdf"
        download = f"/download.jsp?filename={filename}&info_id={info_id}"
        site.add(download, pdf, "application/pdf", modified=date,
                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})
        detail = f"/info/iDetail.jsp?node_id={node}&info_id={info_id}"
        site.add(detail, _page(name, doc.title, (
            f'<table class="xxgk-head"><tr><td>索引号：{info_id}</td><td>发布机构：{esc(doc.agency or name)}</td></tr>'
            f'<tr><td colspan="2">名称：{esc(doc.title)}</td></tr><tr><td>发布日期：{date}</td></tr></table>'
            f'<div class="xxgk-body"><p>{esc(doc.title)}全文见附件。</p>'
            f'<p>附件下载：<a href="{download.replace("&", "&amp;")}">{filename}</a></p></div>')), modified=date)
        site.reports.append(doc.expected(detail, download) | {"site": "ilist", "format": "pdf"})
        rows.append((doc.title, detail, date))
    for j in (0, 5):
        noise = noise_items(place, "岷江县财政局")[j]
        detail = f"/info/iDetail.jsp?node_id={node}&info_id={2390000 + j}"
        site.add(detail, _page(name, noise.title, f'<div class="xxgk-body"><p>{esc(noise.body)}</p></div>'))
        rows.append((noise.title, detail, noise.date))
    rows.sort(key=lambda r: r[2], reverse=True)
    per = 3
    pages = -(-len(rows) // per)
    for p in range(1, pages + 1):
        trs = "".join(f'<tr><td><a href="{d.replace("&", "&amp;")}" title="{esc(t)}">{esc(t)}</a></td><td>{date}</td></tr>'
                      for t, d, date in rows[(p - 1) * per: p * per])
        links = [f'<a href="iList.jsp?cur_page={q}&amp;node_id={node}&amp;cat_id={cat}">{label}</a>'
                 for q, label in ((1, "首页"), (p - 1, "上一页"), (p + 1, "下一页"), (pages, "尾页")) if 1 <= q <= pages]
        site.add(f"/info/iList.jsp?node_id={node}&cat_id={cat}&cur_page={p}", _page(name, "政府信息公开年报", (
            f'<h2>政府信息公开年报</h2><table class="xxgk-list">{trs}</table>'
            f'<div class="pager">共{len(rows)}条 第{p}/{pages}页 {" ".join(links)}</div>')))
    return site


def build_variants() -> dict[str, Site]:
    """Every variant site, by key."""
    return {"zcwjk": zcwjk(), "guestweb": guestweb(), "ahlabel": ahlabel(), "jqgrid": jqgrid(), "keyset": keyset(),
            "ilist": ilist()}
