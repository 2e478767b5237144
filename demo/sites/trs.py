"""A TRS WCM portal: home → 政务公开 → columns paged by ``createPageHTML``, articles in ``.TRS_Editor``.

Three columns, each in a dialect the spider must know:
- /zwgk/zfxxgknb/  0-based ``createPageHTML(total, current, "index", "shtml")``: index.shtml, index_1.shtml…
- /zwgk/bmnb/      1-based ``createPageHTML('paging', total, current, 'index', 'html', count)``:
                   index.html, index_2.html…
- /zwgk/xqnb/      a GBK-encoded section (county reports), one page
One report there is only a TRS ``P0…`` attachment (a .doc) linked from its article page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import ListEntry, Site, esc, render_template
from .common import Noise, add_robots, generated, noise_items
from .content import ReportDoc, fake_doc_attachment, realdoc_report, seed_report

NAME = "演示市人民政府"
PLACE = "演示市"


@dataclass
class _Item:
    """One line of a column: a report, a look-alike, or a link to nowhere."""

    title: str
    date: str
    doc: ReportDoc | None = None
    noise: Noise | None = None
    href: str | None = None  # fixed target (broken / private links)
    attachment: bool = False
    aid: int = 0


def _article_href(date: str, aid: int, ext: str) -> str:
    return f"./{date[:4]}{date[5:7]}/t{date.replace('-', '')}_{aid}.{ext}"


def build() -> Site:
    """The whole TRS site, in memory."""
    site = Site("trs", NAME, "utf-8", province="福建省", city=PLACE)
    add_robots(site)
    side = "".join(
        f'<li><a href="{href}">{name}</a></li>'
        for name, href in (("政府信息公开年报", "/zwgk/zfxxgknb/"), ("部门信息公开年报", "/zwgk/bmnb/index.html"),
                           ("县区信息公开年报", "/zwgk/xqnb/index.shtml"))
    )
    home_main = (
        '<div class="news"><h2>要闻动态</h2><ul>'
        '<li><a href="/xwzx/index.shtml">演示市召开2025年政务公开工作会议</a></li></ul></div>'
        '<div class="zwgk-entry"><a href="/zwgk/index.shtml">政府信息公开</a></div>'
    )
    site.add("/", render_template("trs_home.html", site_name=NAME, domain="www.demo-city.gov.cn", main=home_main))
    site.add("/index.shtml", render_template("trs_home.html", site_name=NAME, domain="www.demo-city.gov.cn",
                                             main=home_main))
    for path, title in (("/xwzx/index.shtml", "新闻中心"), ("/bsfw/index.shtml", "办事服务"),
                        ("/hdjl/index.shtml", "互动交流"), ("/zwgk/zfxxgkzn/index.shtml", "政府信息公开指南"),
                        ("/zwgk/fdzdgknr/index.shtml", "法定主动公开内容")):
        site.add(path, render_template("trs_home.html", site_name=NAME, domain="", main=f"<h2>{title}</h2><p>栏目建设中。</p>"))
    landing = (
        '<div class="xxgk"><h2>政府信息公开</h2><ul>'
        '<li><a href="/zwgk/zfxxgkzn/index.shtml">政府信息公开指南</a></li>'
        '<li><a href="/zwgk/fdzdgknr/index.shtml">法定主动公开内容</a></li>'
        '<li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></li>'
        '<li><a href="/zwgk/bmnb/index.html">部门信息公开年报</a></li>'
        '<li><a href="/zwgk/xqnb/index.shtml">县区信息公开年报</a></li></ul></div>'
    )
    site.add("/zwgk/index.shtml", render_template("trs_home.html", site_name=NAME, domain="", main=landing))
    site.add("/private/admin.shtml", render_template("trs_home.html", site_name=NAME, domain="", main="<p>内部管理</p>"))

    noise = {n.title: n for n in noise_items(PLACE, "演示市教育局")}
    nlist = list(noise.values())

    # --- column 1: 政府信息公开年报, 0-based createPageHTML, .shtml -------------------------------
    items: list[_Item] = []
    agency = "演示市人民政府办公室"
    for doc in (
        generated(11, "2021", agency, 2024, "html_table", "2025-01-22"),
        seed_report("000_dbc1789ac8ca73bf.txt"),
        generated(12, "2021", "演示市司法局", 2023, "html_split", "2024-01-19", break_rule="apply_balance"),
        realdoc_report("pingtan_2023.html"),
    ):
        if doc is not None:
            items.append(_Item(doc.title, doc.published, doc=doc))
    att = generated(13, "2021", "演示市发展和改革委员会", 2022, "html_table", "2023-01-30")
    if att is not None:
        items.append(_Item(att.title, att.published, doc=att, attachment=True))
    for n in (nlist[0], nlist[1], nlist[3], nlist[5]):
        items.append(_Item(n.title, n.date, noise=n))
    items.append(_Item(f"{agency}2019年政府信息公开工作年度报告", "2020-01-15",
                       href="./202001/t20200115_1099.shtml"))  # deleted page: 404
    items.append(_Item("演示市人民政府办公室2024年政府信息公开工作年度报告", "2025-01-10",
                       href="/private/zfxxgknb/t20250110_9001.shtml"))  # robots.txt forbids it
    site.add("/private/zfxxgknb/t20250110_9001.shtml",
             _article(site, "政府信息公开年报", "演示市人民政府办公室2024年政府信息公开工作年度报告",
                      "2025-01-10", NAME, "<p>内部稿件，请勿抓取。</p>"))
    _column(site, "/zwgk/zfxxgknb/", "政府信息公开年报", items, per_page=5, ext="shtml", one_based=False,
            side=side, first_id=1001)

    # --- column 2: 部门信息公开年报, 1-based createPageHTML('paging', …), .html ------------------
    items = []
    for doc in (generated(21, "2021", "演示市教育局", 2022, "html_table", "2023-01-18"),
                generated(22, "2021", "演示市卫生健康委员会", 2021, "html_flat_paragraphs", "2022-01-20")):
        if doc is not None:
            items.append(_Item(doc.title, doc.published, doc=doc))
    for n in (nlist[2], nlist[4]):
        items.append(_Item(n.title, n.date, noise=n))
    _column(site, "/zwgk/bmnb/", "部门信息公开年报", items, per_page=3, ext="html", one_based=True,
            side=side, first_id=2001)

    # --- column 3: 县区信息公开年报, GBK ---------------------------------------------------------
    items = []
    for doc in (seed_report("004_af9e41ea1b030f3f.txt"),
                generated(31, "2019", "演示县人民政府", 2019, "html_word_gbk", "2020-01-21")):
        if doc is not None:
            items.append(_Item(doc.title, doc.published, doc=doc))
    _column(site, "/zwgk/xqnb/", "县区信息公开年报", items, per_page=10, ext="shtml", one_based=False,
            side=side, first_id=3001, charset="gbk")
    return site


def _article(site: Site, column: str, title: str, date: str, source: str, body: str, attachments: str = "",
             charset: str = "utf-8") -> str:
    return render_template("trs_article.html", charset=charset, site_name=NAME, column_name=column,
                           title=esc(title), pubdate=f"{date} 09:30", source=esc(source), body=body,
                           attachments=attachments)


def _column(site: Site, base: str, column: str, items: list[_Item], *, per_page: int, ext: str, one_based: bool,
            side: str, first_id: int, charset: str = "utf-8") -> None:
    """List pages + article pages of one column; items are listed newest first."""
    items = sorted(items, key=lambda it: it.date, reverse=True)
    pages = max(1, -(-len(items) // per_page))
    entries: list[ListEntry] = []
    for i, it in enumerate(items):
        aid = first_id + i
        if it.href:
            entries.append(ListEntry(it.title, it.href, it.date))
            continue
        href = _article_href(it.date, aid, ext)
        path = base + href[2:]
        entries.append(ListEntry(it.title, href, it.date))
        if it.noise is not None:
            site.add(path, _article(site, column, it.title, it.date, NAME, f"<p>{esc(it.noise.body)}</p>",
                                    charset=charset), modified=it.date, **_enc(site, charset))
            continue
        doc = it.doc
        assert doc is not None
        url_path = path
        if it.attachment:
            fname = f"P0{it.date.replace('-', '')}{aid:04d}{(aid * 7919) % 100000000:08d}.doc"
            att_path = base + href[2:href.rindex("/") + 1] + fname
            site.add(att_path, fake_doc_attachment(doc), "application/msword", modified=it.date)
            body = (f"<p>{esc(doc.title)}详见附件。</p>")
            atts = (f'<div class="fujian">附件：<a href="./{fname}" OLDSRC="/protect/P0{it.date[:4]}{it.date[5:7]}/'
                    f'{fname}">{esc(doc.title)}.doc</a></div>')
            site.add(path, _article(site, column, doc.title, doc.published, doc.agency or NAME, body, atts,
                                    charset=charset), modified=doc.published, **_enc(site, charset))
            site.reports.append(doc.expected(url_path, att_path) | {"site": "trs", "parseable": False,
                                                                    "format": "doc"})
            continue
        site.add(path, _article(site, column, doc.title, doc.published, doc.agency or NAME, doc.body_html,
                                charset=charset), modified=doc.published, **_enc(site, charset))
        site.reports.append(doc.expected(url_path) | {"site": "trs", "charset": charset})
    for p in range(pages):
        chunk = entries[p * per_page:(p + 1) * per_page]
        lis = "\n".join(
            f'<li><a href="{esc(e.href)}" target="_blank" title="{esc(e.title)}">{esc(e.title)}</a>'
            f'<span class="date">{e.date}</span></li>' for e in chunk
        )
        if one_based:
            paging = f"createPageHTML('paging', {pages}, {p + 1}, 'index', '{ext}', {len(entries)});"
        else:
            paging = f'createPageHTML({pages}, {p}, "index", "{ext}");'
        body = render_template("trs_list.html", charset=charset, site_name=NAME, column_name=column, side=side,
                               items=lis, paging=paging)
        # Page 2 is index_1 in the 0-based form and index_2 in the 1-based one (its counter starts at 1).
        name = f"index.{ext}" if p == 0 else f"index_{p + 1 if one_based else p}.{ext}"
        newest = max((e.date for e in chunk), default=None)
        site.add(base + name, body, modified=newest, **_enc(site, charset))
        if p == 0:
            site.add(base, body, modified=newest, **_enc(site, charset))


def _enc(site: Site, charset: str) -> dict[str, str]:
    """Content type for a page of the GBK section (the rest of the site is UTF-8)."""
    if charset == "gbk":
        return {"content_type": "text/html; charset=GBK", "encoding": "gbk"}
    return {}
