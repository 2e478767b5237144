"""Provincial platforms the crawler had not met, each its own site, in the request shapes public
scrapers of those portals use (``tests/test_new_platforms.py``; numbers in ``scripts/measure_platforms.py``).

- ``igs`` — a 集约化 platform on TRS 海云's search service (Guizhou, Guangxi, Hubei, Tianjin portals):
  the column is an empty list a script fills from ``GET /igs/front/search/list.html?index=…&type=…&
  pageNumber=N&pageSize=4&filter[CHANNELID]=…&filter[AVAILABLE]=true&siteId=…&orderProperty=PUBDATE&
  orderDirection=desc``, answering ``{"page": {"content": [{DOCTITLE, DOCPUBURL, PUBDATE}], "total",
  "totalPages", "number"}}``; reports as article pages, one a DOCX attachment of its article.
- ``hebei`` — a Hebei-style column whose list is an HTML block a script fetches from
  ``/columns/<column>/templates/<template>/blocks/<block>?page=N&fix=0`` (items ``<li
  class="xxgk_gfxwjk-list-li">``, its own pager inside); one report an XLSX attachment.
- ``dynsearch`` — a 部委-style document search: ``POST /dynamic/document/search`` with the form
  ``oc, bt, lt, pageSize, currentPageNum`` (a page field no dialect names) answering ``{"data":
  {"total", "list": [{title, url, fbrq}]}}``, some items a PDF itself.
- ``hyphen`` — a static 信息公开 column paged ``cb473d96-1.html`` … ``cb473d96-3.html`` (a hashed
  stem, pages by hyphen), numbered links and 下一页; one report a PDF attachment.
- ``tibet`` — a TRS column (Tibet, Qinghai portals) paged by ``createPageHTML('page_div', 3, 0,
  'index', 'shtml', n)`` counted from 0, a 跳转 box building ``'index_' + (n - 1)``, and one report
  cut by its editor into pages under a path-style number (``/art/2024/123/2.shtml``).
- ``jsearch`` — a Hanweb 智能搜索 category search as the column (Shandong, Jiangsu, Hubei portals):
  ``POST /jsearchfront/interfaces/cateSearch.do`` with ``websiteid, q, p, pg, cateid, pos, …, tpl``
  answering ``{"result": [HTML boxes], "total"}``, each box's link a click counter
  ``/jsearchfront/visit/link.do?url=<the article, encoded>&title=…`` that redirects to it; one
  report a PDF behind Hanweb's ``downfile.jsp`` handler.

Every site mixes reports with look-alikes (解读, 法治政府建设年度报告, 决算, 统计公报).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .base import Site, esc, render_template
from .common import add_robots, generated, noise_items
from .county import _pdf

PLATFORM_KEYS = ("igs", "hebei", "dynsearch", "hyphen", "tibet", "jsearch")
FORMATS = Path(__file__).resolve().parents[2] / "tests" / "files" / "formats"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(name: str, title: str, main: str) -> str:
    return render_template("plain_page.html", title=esc(title), site_name=name, main=main)


def _chrome(site: Site, name: str, column_path: str, column_name: str) -> None:
    add_robots(site)
    site.add("/", _page(name, name, '<nav><a href="/zwgk/index.html">政务公开</a></nav>'))
    site.add("/zwgk/index.html", _page(name, "政府信息公开", (
        '<ul class="menu"><li><a href="/zwgk/zcwj.html">政策文件</a></li>'
        f'<li><a href="{column_path}">{column_name}</a></li></ul>')))
    site.add("/zwgk/zcwj.html", _page(name, "政策文件", "<ul><li>暂无</li></ul>"))


def _article(name: str, title: str, date: str, body: str) -> str:
    return _page(name, title, f'<div class="article"><h1>{esc(title)}</h1><div class="info">发布日期：{date}</div>'
                              f'<div class="article-content">{body}</div></div>')


def _html_reports(site: Site, name: str, specs: tuple[tuple[int, str, int, str], ...],
                  path_of: Any) -> list[tuple[str, str, str]]:
    """Generated reports as article pages: (title, path, date) each."""
    out = []
    for i, (seed, agency, year, date) in enumerate(specs):
        doc = generated(seed, "2021" if year >= 2021 else "2019", agency, year, "html_table", date)
        if doc is None:
            continue
        path = path_of(i, date)
        site.add(path, _article(name, doc.title, date, doc.body_html), modified=date)
        site.reports.append(doc.expected(path) | {"site": site.key, "format": "html"})
        out.append((doc.title, path, date))
    return out


def _pdf_report(site: Site, name: str, seed: int, agency: str, year: int, date: str, page: str,
                file: str, *, article: bool = True) -> tuple[str, str, str] | None:
    """A PDF report: behind its article page (``article``), or listed as the file itself."""
    doc, pdf = _pdf(seed, agency, year, date)
    if doc is None:
        return None
    site.add(file, pdf, "application/pdf", modified=date)
    if not article:
        site.reports.append(doc.expected(file) | {"site": site.key, "format": "pdf"})
        return doc.title, file, date
    site.add(page, _article(name, doc.title, date, f'<p>{esc(doc.title)}详见附件。</p>'
                                                   f'<p>附件：<a href="{file}">{esc(doc.title)}.pdf</a></p>'),
             modified=date)
    site.reports.append(doc.expected(page, file) | {"site": site.key, "format": "pdf"})
    return doc.title, page, date


def _office_report(site: Site, name: str, fixture: str, ctype: str, page: str, file: str,
                   date: str) -> tuple[str, str, str]:
    """One of the format fixtures (its cells known) as the attachment of an article page."""
    want = json.loads((FORMATS / "expected.json").read_text(encoding="utf-8"))[fixture]
    site.add(file, (FORMATS / fixture).read_bytes(), ctype, modified=date)
    site.add(page, _article(name, want["title"], date, f'<p>{esc(want["title"])}见附件。</p>'
                                                       f'<p><a href="{file}">附件下载</a></p>'), modified=date)
    site.reports.append({"url": page, "document_url": file, "title": want["title"], "agency": want.get("agency"),
                         "year": want["year"], "published_date": want.get("published_date"),
                         "form_version": want["form_version"], "kind": "fixture", "source": fixture,
                         "cells": dict(want["cells"]), "site": site.key, "format": want["format"]})
    return want["title"], page, date


def _noise(site: Site, name: str, place: str, agency: str, path_of: Any,
           picks: tuple[int, ...]) -> list[tuple[str, str, str]]:
    out = []
    for j in picks:
        noise = noise_items(place, agency)[j]
        path = path_of(50 + j, noise.date)
        site.add(path, _article(name, noise.title, noise.date, f"<p>{esc(noise.body)}</p>"))
        out.append((noise.title, path, noise.date))
    return out


# --- igs: TRS 海云 search service behind a 集约化 column ---------------------------------------------
IGS_SCRIPT = """<script>
var igs = {index: 'qgs-xxgk', type: 'xxgkml', chnl: '40719', siteId: '7', size: 4}, cur = 1;
function load(n) {
  var u = '/igs/front/search/list.html?index=' + igs.index + '&type=' + igs.type + '&pageNumber=' + n
    + '&pageSize=' + igs.size + '&filter%5BCHANNELID%5D=' + igs.chnl + '&filter%5BAVAILABLE%5D=true&siteId=' + igs.siteId
    + '&orderProperty=PUBDATE&orderDirection=desc';
  var x = new XMLHttpRequest();
  x.open('GET', u);
  x.onload = function () {
    var page = JSON.parse(x.responseText).page, h = '';
    page.content.forEach(function (d) {
      h += '<li><a href="' + d.DOCPUBURL + '" target="_blank" title="' + d.DOCTITLE + '">' + d.DOCTITLE
        + '</a><span>' + d.PUBDATE.substring(0, 10) + '</span></li>';
    });
    document.getElementById('igsList').innerHTML = h;
    document.getElementById('pageInfo').textContent = '第' + n + '/' + page.totalPages + '页';
    cur = n;
  };
  x.send();
}
load(1);
</script>"""


def igs() -> Site:
    name, place = "黔桂市人民政府", "黔桂市"
    site = Site("igs", name, "utf-8", province="贵州省", city=place)
    column = "/zwgk/zfxxgk/fdzdgknr/zfxxgknb/index.html"
    _chrome(site, name, column, "政府信息公开年报")

    def path_of(i: int, date: str) -> str:
        return f"/zwgk/zfxxgk/fdzdgknr/zfxxgknb/{date[:4]}{date[5:7]}/t{date.replace('-', '')}_{8651200 + i}.html"

    items = _html_reports(site, name, (
        (151, name, 2024, "2025-01-21"), (152, "黔桂市生态环境局", 2024, "2025-01-27"), (153, name, 2023, "2024-01-22"),
        (154, "黔桂市人力资源和社会保障局", 2023, "2024-01-30"), (155, name, 2022, "2023-01-20"), (156, name, 2021, "2022-01-25"),
        (157, name, 2019, "2020-01-21")), path_of)
    items.append(_office_report(site, name, "report_2021.docx", _DOCX, path_of(9, "2025-01-29"),
                                "/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202501/P020250129512300001234.docx", "2025-01-29"))
    items += _noise(site, name, place, "黔桂市财政局", path_of, (0, 1, 3))
    items.sort(key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        n = max(1, int(params.get("pageNumber") or 1))
        size = max(1, min(50, int(params.get("pageSize") or 10)))
        chunk = items[(n - 1) * size: n * size] if params.get("filter[CHANNELID]") == "40719" else []
        total = len(items) if params.get("filter[CHANNELID]") == "40719" else 0
        content = [{"DOCID": 8651200 + k, "DOCTITLE": t, "DOCPUBURL": host_url + p, "PUBDATE": d + " 09:30:00",
                    "CHNLDESC": "政府信息公开年报", "SITEID": 7} for k, (t, p, d) in enumerate(chunk)]
        return json.dumps({"page": {"content": content, "total": total, "totalElements": total,
                                    "totalPages": -(-total // size), "number": n - 1, "size": size}},
                          ensure_ascii=False), "application/json;charset=UTF-8"

    site.answers["/igs/front/search/list.html"] = answer
    site.add(column, _page(name, "政府信息公开年报", (
        '<h2>政府信息公开年报</h2><ul id="igsList" class="xxgk-list"></ul>'
        '<div class="page"><span id="pageInfo"></span>'
        '<a href="javascript:void(0)" onclick="load(cur + 1)">下一页</a></div>' + IGS_SCRIPT)))
    return site


# --- hebei: a column's list as an HTML block fetched by page ------------------------------------
HEBEI_COLUMN = "84f73ef0-6a8d-495e-9bf2-acffc68c31f6"
HEBEI_BLOCK = (f"/columns/{HEBEI_COLUMN}/templates/09a19324-88df-4949-b69b-f29b625e5e59/"
               "blocks/1af38c7c-a84e-4761-8d1c-ce69b66e8d80")
HEBEI_SCRIPT = """<script>
function go(p) {
  fetch('BLOCK?page=' + p + '&fix=0').then(function (r) { return r.text(); }).then(function (h) {
    document.getElementById('blockList').innerHTML = h;
  });
}
go(1);
</script>""".replace("BLOCK", HEBEI_BLOCK)


def hebei() -> Site:
    name, place = "冀中市人民政府", "冀中市"
    site = Site("hebei", name, "utf-8", province="河北省", city=place)
    column = f"/columns/{HEBEI_COLUMN}/index.html"
    _chrome(site, name, column, "政府信息公开工作年度报告")

    def path_of(i: int, date: str) -> str:
        return f"/columns/{HEBEI_COLUMN}/{date.replace('-', '')}/{774100 + i}.html"

    items = _html_reports(site, name, (
        (161, name, 2024, "2025-01-23"), (162, "冀中市交通运输局", 2024, "2025-01-28"), (163, name, 2023, "2024-01-24"),
        (164, name, 2022, "2023-01-19"), (165, "冀中市应急管理局", 2022, "2023-02-02"), (166, name, 2021, "2022-01-26")),
        path_of)
    items.append(_office_report(site, name, "report_2019.xlsx", _XLSX, path_of(9, "2021-01-28"),
                                "/uploadfile/2021/0128/nb2020.xlsx", "2021-01-28"))
    items += _noise(site, name, place, "冀中市财政局", path_of, (0, 2))
    items.sort(key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        size, pages = 4, -(-len(items) // 4)
        p = max(1, int(params.get("page") or 1))
        lis = "".join(f'<li class="xxgk_gfxwjk-list-li"><p>{(p - 1) * size + k + 1}</p><p><a href="{path}" '
                      f'title="{esc(t)}" target="_blank">{esc(t)}</a></p><p>{d}</p></li>'
                      for k, (t, path, d) in enumerate(items[(p - 1) * size: p * size]))
        pager = "".join(f'<a href="javascript:;" onclick="go({q})">{label}</a>'
                        for q, label in ((p - 1, "上一页"), (p + 1, "下一页")) if 1 <= q <= pages)
        return f'<ul class="xxgk_gfxwjk-list">{lis}</ul><div class="page">{pager}</div>', "text/html;charset=UTF-8"

    site.answers[HEBEI_BLOCK] = answer
    site.add(column, _page(name, "政府信息公开工作年度报告", (
        '<div class="lmmc">政府信息公开工作年度报告</div><div id="blockList"></div>' + HEBEI_SCRIPT)))
    return site


# --- dynsearch: a document search paged by currentPageNum ----------------------------------------
DYN_SCRIPT = """<script>
var q = {oc: 7, bt: 2, lt: 1, pageSize: 3}, now = 1;
function search(num) {
  var body = 'oc=' + q.oc + '&bt=' + q.bt + '&lt=' + q.lt + '&pageSize=' + q.pageSize + '&currentPageNum=' + num;
  fetch('/dynamic/document/search', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                                      body: body})
    .then(function (r) { return r.json(); }).then(function (res) {
      document.getElementById('docs').innerHTML = res.data.list.map(function (d) {
        return '<tr><td><a href="' + d.url + '" target="_blank">' + d.title + '</a></td><td>' + d.fbrq + '</td></tr>';
      }).join('');
      now = num;
    });
}
search(1);
</script>"""


def dynsearch() -> Site:
    name, place = "河南省住房和城乡建设厅", "河南省"
    site = Site("dynsearch", name, "utf-8", province="河南省")
    column = "/xxgk/ndbg/index.html"
    _chrome(site, name, column, "政府信息公开年度报告")

    def path_of(i: int, date: str) -> str:
        return f"/gongkai/zhengce/{date[:4]}{date[5:7]}/{date.replace('-', '')}_{776500 + i}.html"

    items = _html_reports(site, name, (
        (171, name, 2024, "2025-01-24"), (173, name, 2022, "2023-01-17"), (174, name, 2021, "2022-01-27")), path_of)
    for k, (seed, year, date) in enumerate(((172, 2023, "2024-01-26"), (175, 2020, "2021-01-29"))):
        got = _pdf_report(site, name, seed, name, year, date, "", f"/file/{date[:4]}/{date.replace('-', '')}{k}.pdf",
                          article=False)
        if got:
            items.append(got)
    items += _noise(site, name, place, "河南省住房和城乡建设厅", path_of, (0, 1, 2))
    items.sort(key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        size = max(1, min(30, int(params.get("pageSize") or 3)))
        n = max(1, int(params.get("currentPageNum") or 1))
        rows = [{"id": 776500 + k, "title": t, "url": p, "fbrq": d}
                for k, (t, p, d) in enumerate(items[(n - 1) * size: n * size])]
        return json.dumps({"code": 0, "msg": "ok", "data": {"total": len(items), "list": rows}}, ensure_ascii=False), \
            "application/json;charset=UTF-8"

    site.answers["/dynamic/document/search"] = answer
    site.add(column, _page(name, "政府信息公开年度报告", (
        '<h2>政府信息公开年度报告</h2><table><tbody id="docs"></tbody></table>'
        '<div class="pager"><a href="javascript:;" onclick="search(now + 1)">下一页</a></div>' + DYN_SCRIPT)))
    return site


# --- hyphen: a static column paged by a hashed stem and hyphen numbers ----------------------------
def hyphen() -> Site:
    name, place = "燕山县人民政府", "燕山县"
    site = Site("hyphen", name, "utf-8", province="河北省", city="燕山市", county=place)
    folder = "/www/xxgk2020/228104/228106/"
    _chrome(site, name, folder + "cb473d96-1.html", "政府信息公开年报")

    def path_of(i: int, date: str) -> str:
        return f"/www/xxgk2020/228104/228106/{date[:4]}/{date[5:7]}/{int(date[8:]) * 100 + i}.html"

    items = _html_reports(site, name, (
        (181, name, 2024, "2025-01-22"), (182, "燕山县水利局", 2024, "2025-01-29"), (183, name, 2023, "2024-01-23"),
        (185, name, 2021, "2022-01-24"), (186, name, 2020, "2021-01-26")), path_of)
    got = _pdf_report(site, name, 184, name, 2022, "2023-01-18", path_of(7, "2023-01-18"),
                      "/www/xxgk2020/uploadfile/2023/0118/ysnb2022.pdf")
    if got:
        items.append(got)
    items += _noise(site, name, place, "燕山县财政局", path_of, (0, 3))
    items.sort(key=lambda t: t[2], reverse=True)
    per = 3
    pages = -(-len(items) // per)
    for p in range(1, pages + 1):
        lis = "".join(f'<li class="xxgk-comm-line clearfix"><span><a href="{path}">{esc(t)}</a></span><span>{d}</span></li>'
                      for t, path, d in items[(p - 1) * per: p * per])
        nums = " ".join(f'<a href="cb473d96-{q}.html">{q}</a>' if q != p else f"<b>{q}</b>" for q in range(1, pages + 1))
        nxt = f'<a href="cb473d96-{p + 1}.html">下一页</a>' if p < pages else ""
        site.add(f"{folder}cb473d96-{p}.html", _page(name, "政府信息公开年报", (
            f'<h2>政府信息公开年报</h2><ul class="xxgk-comm-list">{lis}</ul><div class="page">{nums} {nxt}</div>')))
    return site


# --- tibet: TRS pager counted from 0 with an element id, a report cut into path-numbered pages ------
def tibet() -> Site:
    name, place = "雪域县人民政府", "雪域县"
    site = Site("tibet", name, "utf-8", province="西藏自治区", city="拉萨市", county=place)
    folder = "/xxgk/zfxxgknb/"
    _chrome(site, name, folder + "index.shtml", "政府信息公开年报")

    def path_of(i: int, date: str) -> str:
        return f"/art/{date[:4]}/{5600 + i}.shtml"

    items = _html_reports(site, name, (
        (191, name, 2024, "2025-01-20"), (192, "雪域县教育局", 2024, "2025-01-30"), (193, name, 2023, "2024-01-19"),
        (195, name, 2021, "2022-01-21"), (196, "雪域县农业农村局", 2021, "2022-02-08")), path_of)
    # one report its editor cut into three pages: /art/2023/5609.shtml, /art/2023/5609/2.shtml, /3.shtml
    doc = generated(194, "2021", name, 2022, "html_table", "2023-01-19")
    if doc is not None:
        first = "/art/2023/5609.shtml"
        names = [first, "/art/2023/5609/2.shtml", "/art/2023/5609/3.shtml"]
        body = doc.body_html
        marks = [body.find("三、收到和处理政府信息公开申请情况"), body.find("四、政府信息公开行政复议")]
        cuts = [body.rfind("<p", 0, m) if m > 0 else -1 for m in marks]
        if all(c > 0 for c in cuts) and cuts[0] < cuts[1]:
            parts = [body[:cuts[0]], body[cuts[0]:cuts[1]], body[cuts[1]:]]
            for k, part in enumerate(parts):
                pager = " ".join(f'<a href="{u}">{q + 1}</a>' if q != k else f"<b>{q + 1}</b>" for q, u in enumerate(names))
                nxt = f' <a href="{names[k + 1]}">下一页</a>' if k + 1 < len(parts) else ""
                site.add(names[k], _page(name, doc.title, (
                    f'<div class="article"><h1>{esc(doc.title)}</h1><div class="info">发布日期：2023-01-19</div>'
                    f'<div class="article-content">{part}</div><div class="fy">{pager}{nxt}</div>'
                    '<ul class="xgwz"><li><a href="/art/2023/5610.shtml">雪域县2023年政务公开工作要点</a></li></ul>'
                    '</div>')), modified="2023-01-19")
            site.reports.append(doc.expected(first) | {"site": site.key, "format": "html", "split": 3})
            items.append((doc.title, first, "2023-01-19"))
    site.add("/art/2023/5610.shtml", _article(name, "雪域县2023年政务公开工作要点", "2023-03-01", "<p>工作要点。</p>"))
    items += _noise(site, name, place, "雪域县财政局", path_of, (0, 1, 2))
    items.sort(key=lambda t: t[2], reverse=True)
    per = 3
    pages = -(-len(items) // per)
    for p in range(pages):
        lis = "".join(f'<li><a href="{path}" title="{esc(t)}">{esc(t)}</a><span>{d}</span></li>'
                      for t, path, d in items[p * per: (p + 1) * per])
        script = ("<div id='page_div'></div><script>function createPageHTML(a, b, c, d, e, f) {}\n"
                  f"createPageHTML('page_div', {pages}, {p}, 'index', 'shtml', {len(items)});\n"
                  "function goPage() { var n = document.getElementById('jump').value;"
                  " location.href = n == 1 ? 'index.shtml' : 'index_' + (n - 1) + '.shtml'; }</script>"
                  "<input id='jump'/><a href='javascript:goPage()'>跳转</a>")
        site.add(folder + ("index.shtml" if p == 0 else f"index_{p}.shtml"), _page(name, "政府信息公开年报", (
            f'<h2>政府信息公开年报</h2><ul class="list">{lis}</ul>{script}')))
    return site


# --- jsearch: a Hanweb 智能搜索 category search as the column, links through a click counter ------
JSEARCH_SCRIPT = """<script>
var js = {websiteid: '371500000000000', cateid: '16544', tpl: '2142', pg: 4}, cur = 1;
function cate(p) {
  var body = 'websiteid=' + js.websiteid + '&q=' + encodeURIComponent('年度报告') + '&p=' + p + '&pg=' + js.pg
    + '&cateid=' + js.cateid + '&pos=title&pq=&oq=&eq=&begin=&end=&tpl=' + js.tpl;
  var x = new XMLHttpRequest();
  x.open('POST', '/jsearchfront/interfaces/cateSearch.do');
  x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
  x.onload = function () {
    var r = JSON.parse(x.responseText);
    document.getElementById('jcse').innerHTML = r.result.join('');
    cur = p;
  };
  x.send(body);
}
cate(1);
</script>"""


def jsearch() -> Site:
    name, place = "泰山区人民政府", "泰山区"
    site = Site("jsearch", name, "utf-8", province="山东省", city="泰安市", county=place)
    column = "/col/col16544/index.html"
    _chrome(site, name, column, "政府信息公开年度报告")

    def path_of(i: int, date: str) -> str:
        return f"/art/{date[:4]}/{int(date[5:7])}/{int(date[8:])}/art_16544_{2981000 + i}.html"

    items = _html_reports(site, name, (
        (201, name, 2024, "2025-01-22"), (202, "泰山区市场监督管理局", 2024, "2025-01-29"), (203, name, 2023, "2024-01-24"),
        (205, name, 2021, "2022-01-25"), (206, name, 2020, "2021-01-27")), path_of)
    got = _pdf_report(site, name, 204, name, 2022, "2023-01-18", path_of(7, "2023-01-18"),
                      "/module/download/downfile.jsp?classid=0&filename=2301181025.pdf")
    if got:
        items.append(got)
    items += _noise(site, name, place, "泰山区财政局", path_of, (0, 1, 4))
    items.sort(key=lambda t: t[2], reverse=True)

    def answer(params: dict[str, str], host_url: str) -> tuple[str, str]:
        size = max(1, min(20, int(params.get("pg") or 10)))
        p = max(1, int(params.get("p") or 1))
        boxes = [f'<div class="jcse-result-box news-result"><div class="jcse-news-title">'
                 f'<a href="/jsearchfront/visit/link.do?url={quote(host_url + path, safe="")}&amp;title={quote(t)}'
                 f'&amp;websiteid=371500000000000" target="_blank">{esc(t)}</a></div>'
                 f'<div class="jcse-news-abs">{esc(t)}……</div><span class="jcse-news-date">{d}</span></div>'
                 for t, path, d in items[(p - 1) * size: p * size]]
        return json.dumps({"result": boxes, "total": len(items), "totalpage": -(-len(items) // size)},
                          ensure_ascii=False), "application/json;charset=UTF-8"

    site.answers["/jsearchfront/interfaces/cateSearch.do"] = answer
    site.redirects["/jsearchfront/visit/link.do"] = lambda fields: fields.get("url")
    site.add(column, _page(name, "政府信息公开年度报告", (
        '<h2>政府信息公开年度报告</h2><div id="jcse" class="jcse-result"></div>'
        '<div class="jcse-page"><a href="javascript:;" onclick="cate(cur + 1)">下一页</a></div>' + JSEARCH_SCRIPT)))
    return site


def build_platforms() -> dict[str, Site]:
    """Every platform site, by key."""
    return {"igs": igs(), "hebei": hebei(), "dynsearch": dynsearch(), "hyphen": hyphen(), "tibet": tibet(),
            "jsearch": jsearch()}
