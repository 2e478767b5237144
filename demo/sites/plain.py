"""A plain static portal (UTF-8): lists paged by 下一页/尾页 links, article bodies in ``.article-content``.

Two columns: /zwgk/xxgknb/index.html → index_2.html → index_3.html, and /zwgk/bmnb/list_1.html →
list_2.html. One report sits on a UCAP page (``#UCAP-CONTENT``), one report page answers 500 once
(a retry must fetch it), and one list line links to a deleted page (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Site, esc, render_template
from .common import add_robots, generated, noise_items
from .content import ReportDoc, free_text_report, realdoc_report, seed_report

NAME = "样板区人民政府"
PLACE = "样板区"


@dataclass
class _Item:
    title: str
    date: str
    doc: ReportDoc | None = None
    body: str | None = None
    path: str | None = None  # fixed path (UCAP page, broken link)
    broken: bool = False
    flaky: bool = False
    ucap: bool = False


def _page(title: str, main: str) -> str:
    return render_template("plain_page.html", title=esc(title), site_name=NAME, main=main)


def build() -> Site:
    """The whole plain site, in memory."""
    site = Site("plain", NAME, "utf-8", province="河南省", city="样板市", county=PLACE)
    add_robots(site)
    site.add("/", _page(NAME, '<section class="portal"><a href="/zwgk/index.html">政务公开</a> '
                              '<a href="/news/index.html">新闻动态</a></section>'))
    site.add("/news/index.html", _page("新闻动态", "<ul><li>样板区召开政务公开工作会议</li></ul>"))
    site.add("/zwgk/index.html", _page("政务公开", (
        '<ul class="zwgk-menu"><li><a href="/zwgk/xxgknb/index.html">政府信息公开年报</a></li>'
        '<li><a href="/zwgk/bmnb/list_1.html">部门信息公开年报</a></li></ul>')))

    noise = noise_items(PLACE, "样板区教育局")

    items: list[_Item] = []
    for doc, extra in (
        (generated(51, "2021", NAME, 2025, "html_flat_paragraphs", "2026-01-16"), {}),
        (generated(52, "2021", "样板区市场监督管理局", 2024, "html_table", "2025-01-24", break_rule="apply_results_total"),
         {"flaky": True}),
        (seed_report("002_8a0b9e9e20871801.txt"), {}),
        (generated(53, "2021", NAME, 2022, "html_split", "2023-01-30"), {"ucap": True}),
        (realdoc_report("shanghai_office_2019.html"), {}),
        (free_text_report(NAME, 2017, "2018-03-28"), {}),
    ):
        if doc is not None:
            items.append(_Item(doc.title, doc.published, doc=doc, **extra))
    for n in (noise[0], noise[3], noise[5]):
        items.append(_Item(n.title, n.date, body=n.body))
    items.append(_Item(f"{NAME}2018年政府信息公开工作年度报告", "2019-03-29",
                       path="/zwgk/xxgknb/2019/0329/399.html", broken=True))
    _column(site, "/zwgk/xxgknb/", "政府信息公开年报", items, per_page=4, stem="index", first_id=301)

    items = []
    doc = generated(54, "2019", "样板区教育局", 2020, "html_table", "2021-01-26")
    if doc is not None:
        items.append(_Item(doc.title, doc.published, doc=doc))
    for n in (noise[1], noise[2], noise[4]):
        items.append(_Item(n.title, n.date, body=n.body))
    _column(site, "/zwgk/bmnb/", "部门信息公开年报", items, per_page=2, stem="list", first_id=401)
    return site


def _list_name(stem: str, page: int) -> str:
    """index.html, index_2.html, …  or  list_1.html, list_2.html, …"""
    if stem == "index":
        return "index.html" if page == 1 else f"index_{page}.html"
    return f"{stem}_{page}.html"


def _column(site: Site, base: str, column: str, items: list[_Item], *, per_page: int, stem: str,
            first_id: int) -> None:
    items = sorted(items, key=lambda it: it.date, reverse=True)
    pages = max(1, -(-len(items) // per_page))
    links: list[tuple[str, str, str]] = []
    for i, it in enumerate(items):
        aid = first_id + i
        y, m, d = it.date.split("-")
        path = it.path or (f"/ucap/content/{y}/{m}{d}/c{aid}.html" if it.ucap else f"{base}{y}/{m}{d}/{aid}.html")
        links.append((it.title, path, it.date))
        if it.broken:
            continue
        if it.flaky:
            site.flaky.add(path)
        if it.doc is None:
            body = f"<p>{esc(it.body or '')}</p>"
        else:
            body = it.doc.body_html
            site.reports.append(it.doc.expected(path) | {"site": "plain", "flaky": it.flaky, "ucap": it.ucap})
        source = it.doc.agency if it.doc and it.doc.agency else NAME
        if it.ucap:
            main = (f'<div class="content-box"><div class="title" id="ArticleTitle">{esc(it.title)}</div>'
                    f'<div class="info"><span>发布时间：{it.date}</span><span>来源：{esc(source)}</span></div>'
                    f'<div id="UCAP-CONTENT">{body}</div></div>')
        else:
            main = (f'<article><h1 class="article-title">{esc(it.title)}</h1>'
                    f'<div class="article-meta">发布时间：{it.date}　来源：{esc(source)}</div>'
                    f'<div class="article-content">{body}</div></article>')
        site.add(path, _page(it.title, main), modified=it.date)
    for p in range(1, pages + 1):
        chunk = links[(p - 1) * per_page:p * per_page]
        lis = "\n".join(f'<li><a href="{esc(href)}" title="{esc(t)}">{esc(t)}</a><span class="date">{dt}</span></li>'
                        for t, href, dt in chunk)
        nav = [f'<span class="count">共{len(links)}条 第{p}/{pages}页</span>',
               f'<a href="{_list_name(stem, 1)}">首页</a>']
        if p > 1:
            nav.append(f'<a href="{_list_name(stem, p - 1)}">上一页</a>')
        if p < pages:
            nav.append(f'<a href="{_list_name(stem, p + 1)}">下一页</a>')
        nav.append(f'<a href="{_list_name(stem, pages)}">尾页</a>')
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; <a href="/zwgk/index.html">政务公开</a> &gt; {column}</div>'
                f'<h2>{column}</h2><ul class="news-list">\n{lis}\n</ul><div class="pagination">{" ".join(nav)}</div>')
        newest = max((dt for _t, _h, dt in chunk), default=None)
        site.add(base + _list_name(stem, p), _page(column, main), modified=newest)
