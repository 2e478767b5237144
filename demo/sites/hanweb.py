"""A Hanweb (大汉 jcms) portal in GBK: a column whose list is a jpage datastore, the rest via dataproxy.jsp.

How jpage works, as far as a crawler sees it: the column page embeds
``<script type="text/xml"><datastore><nextgroup>…</nextgroup><recordset><record><![CDATA[<li>…]]></record>…``
holding the first ``perPage`` records, and a ``$('#id').jpage({...})`` call giving ``totalRecord``,
``perPage`` and the form fields (col, appid, webid, path, columnid, unitid, webname,
permissiontype). The browser then POSTs those fields to
``/module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P`` (1-based, inclusive) and
gets the same XML back for records S..E. Pages declare gb2312 in a meta tag; only some also say so
in the Content-Type header. Article bodies sit in ``#zoom``; one report is only a PDF behind
``/module/download/downfile.jsp``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .base import JpageColumn, Site, esc, render_template
from .common import add_robots, generated, noise_items
from .content import ReportDoc, generated_report, minimal_pdf, seed_report, text_pdf

NAME = "示范县人民政府"
PLACE = "示范县"
COLUMN_ID = "1234"
UNIT_ID = "4321"
WEB_ID = "12"
PER_PAGE = 5
DATAPROXY = "/module/web/jpage/dataproxy.jsp"


@dataclass
class _Item:
    title: str
    date: str
    doc: ReportDoc | None = None
    body: str | None = None  # noise page text
    broken: bool = False
    pdf: tuple[bytes, bool] | None = None  # (bytes, parseable)


def _art_path(date: str, aid: int) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    return f"/art/{y}/{m}/{d}/art_{COLUMN_ID}_{aid}.html"


def _page(title: str, main: str, meta: str = "") -> str:
    return render_template("hanweb_page.html", title=esc(title), site_name=NAME, main=main, meta=meta)


def build() -> Site:
    """The whole Hanweb site, in memory."""
    site = Site("hanweb", NAME, "gbk", province="江苏省", city="示范市", county=PLACE)
    add_robots(site)
    site.add("/", _page(NAME, '<div class="nav"><a href="/col/col1000/index.html">政府信息公开</a> '
                              '<a href="/col/col999/index.html">新闻动态</a></div>'))
    site.add("/col/col999/index.html", _page("新闻动态", "<p>示范县召开政务公开工作推进会。</p>"),
             charset_header=False)
    site.add("/col/col1000/index.html", _page("政府信息公开", (
        '<div class="xxgk-nav"><ul><li><a href="/col/col1001/index.html">政府信息公开指南</a></li>'
        f'<li><a href="/col/col{COLUMN_ID}/index.html">政府信息公开年报</a></li></ul></div>')))
    site.add("/col/col1001/index.html", _page("政府信息公开指南", "<p>本指南适用于示范县人民政府。</p>"),
             charset_header=False)

    items: list[_Item] = []
    for doc in (
        seed_report("001_c72821a3dfd52d3e.txt"),
        generated(41, "2021", NAME, 2023, "html_table", "2024-01-25"),
        generated(42, "2021", "示范县自然资源局", 2022, "html_word_gbk", "2023-01-20", break_rule="review_total"),
        generated(43, "2019", NAME, 2019, "html_split", "2020-01-17"),
    ):
        if doc is not None:
            items.append(_Item(doc.title, doc.published, doc=doc))
    fin = generated(44, "2021", "示范县财政局", 2021, "html_table", "2022-01-28")
    if fin is not None:
        pdf = _pdf_of(44, "2021", "示范县财政局", 2021, fin.published)
        items.append(_Item(fin.title, fin.published, doc=fin, pdf=pdf or (minimal_pdf(), False)))
    for n in noise_items(PLACE, "示范县教育局"):
        items.append(_Item(n.title, n.date, body=n.body))
    items.append(_Item(f"{NAME}2020年政府信息公开工作年度报告", "2021-01-20", broken=True))
    items.sort(key=lambda it: it.date, reverse=True)

    records: list[str] = []
    for i, it in enumerate(items):
        aid = 5001 + i
        path = _art_path(it.date, aid)
        records.append(f'<li><a href="{path}" title="{esc(it.title)}" target="_blank">{esc(it.title)}</a>'
                       f'<span>{it.date}</span></li>')
        if it.broken:
            continue
        header = i % 2 == 0  # the charset is in the header for some pages only
        meta = (f'<meta name="ArticleTitle" content="{esc(it.title)}" />\n'
                f'<meta name="PubDate" content="{it.date} 10:00" />\n'
                f'<meta name="ContentSource" content="{esc(it.doc.agency if it.doc and it.doc.agency else NAME)}" />')
        if it.doc is None:
            body = f"<p>{esc(it.body or '')}</p>"
        elif it.pdf is not None:
            fname = f"{it.date.replace('-', '')}{aid}.pdf"
            dl = f"/module/download/downfile.jsp?classid=0&filename={fname}"
            site.add(dl, it.pdf[0], "application/pdf", modified=it.date,
                     headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(it.title)}.pdf"})
            body = (f"<p>{esc(it.title)}全文见附件。</p>"
                    f'<p>附件：<a href="{esc(dl)}" target="_blank">{esc(it.title)}.pdf</a></p>')
            site.reports.append(it.doc.expected(path, dl) | {"site": "hanweb", "format": "pdf",
                                                             "parseable": it.pdf[1]})
        else:
            body = it.doc.body_html
            site.reports.append(it.doc.expected(path) | {"site": "hanweb", "charset": "gbk"})
        main = (f'<div class="article"><h1 class="title">{esc(it.title)}</h1>'
                f'<div class="info">发布日期：{it.date}　信息来源：{esc(it.doc.agency if it.doc and it.doc.agency else NAME)}'
                f'　【<a href="javascript:window.print()">打印本页</a>】</div>'
                f'<div id="zoom">{body}</div></div>')
        site.add(path, _page(it.title, main, meta), modified=it.date, charset_header=header)

    site.jpage[COLUMN_ID] = JpageColumn(COLUMN_ID, UNIT_ID, WEB_ID, NAME, records, PER_PAGE)
    newest = items[0].date if items else None
    site.add(f"/col/col{COLUMN_ID}/index.html", _page("政府信息公开年报", _column_main(site.jpage[COLUMN_ID])),
             modified=newest)
    return site


def _pdf_of(seed: int, form_version: str, agency: str, year: int, published: str) -> tuple[bytes, bool] | None:
    """The report as a PDF with a text layer (the renderer's pdftotext-like layout), if it can say so."""
    try:
        doc = generated_report(seed, form_version, agency, year, "pdftotext_layout", published)
    except (KeyError, ValueError):
        return None
    if doc is None or doc.attachment is None:
        return None
    return text_pdf(doc.attachment[0].decode("utf-8")), True


def _nextgroup(col: JpageColumn, page: int) -> str:
    return (f'<nextgroup><![CDATA[<a href="{DATAPROXY}?page={page}&appid=1&webid={col.webid}&path=/'
            f'&columnid={col.columnid}&unitid={col.unitid}&webname={quote(col.webname)}&permissiontype=0">'
            f"</a>]]></nextgroup>")


def datastore(col: JpageColumn, start: int, end: int) -> str:
    """The XML a jpage datastore holds: records start..end (1-based, inclusive), clamped."""
    total = len(col.records)
    start = max(1, start)
    end = min(total, end)
    recs = "".join(f"<record><![CDATA[{r}]]></record>\n" for r in col.records[start - 1:end]) if start <= end else ""
    pages = -(-total // col.per_page) if col.per_page else 0
    next_page = (end // col.per_page) + 1 if col.per_page else 1
    return (f"<datastore>{_nextgroup(col, next_page)}<recordset>\n{recs}</recordset>"
            f"<totalrecord>{total}</totalrecord><totalpage>{pages}</totalpage></datastore>")


def _column_main(col: JpageColumn) -> str:
    total = len(col.records)
    ajax = (f"{{col: 1, appid: 1, webid: {col.webid}, path: '/', columnid: {col.columnid}, sourceContentType: 1, "
            f"unitid: {col.unitid}, webname: '{col.webname}', permissiontype: 0}}")
    return (
        '<div class="bt-position">当前位置：<a href="/">首页</a> &gt; '
        '<a href="/col/col1000/index.html">政府信息公开</a> &gt; 政府信息公开年报</div>\n'
        f'<div class="default_pgContainer" id="{col.unitid}">\n'
        f'<script type="text/xml">{datastore(col, 1, col.per_page)}</script>\n</div>\n'
        '<script type="text/javascript">\n'
        "$(document).ready(function () {\n"
        f"  $('#{col.unitid}').jpage({{\n"
        f"    dataStore: null, proxyUrl: '{DATAPROXY}', totalRecord: {total}, perPage: {col.per_page},\n"
        "    groupSize: 1, barPosition: 'bottom', showMode: 'full',\n"
        f"    ajaxParam: {ajax}\n"
        "  });\n});\n</script>\n"
    )
