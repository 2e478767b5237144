"""A plain county portal whose report articles sit under the column's own path and only say 详见附件.

The column /xxgk/ndbg/index.html lists articles at /xxgk/ndbg/<year>/<n>.html. Some carry the
report in their body; others say "详见附件" with a 点击下载 link to the report's PDF (the link text
names no report). One list line opens its article only by script (``onclick="window.open(…)"``).
One article links only 【查看附件】, a page of attachment links (``/xxgk/fjxz.html?id=N``) that links
the file: two hops. One list line is a dead link the server answers 200 with a page that only
alerts 该信息不存在或已被删除 (a soft 404, as old ASP CMSs do).
The column also lists the report's 解读 and a 法治政府建设年度报告 (look-alikes).
"""

from __future__ import annotations

from .base import Site, esc, render_template
from .common import add_robots, generated, noise_items
from .content import generated_report, text_pdf

NAME = "临河县人民政府"
PLACE = "临河县"
COLUMN = "/xxgk/ndbg/"


def _page(title: str, main: str) -> str:
    return render_template("plain_page.html", title=esc(title), site_name=NAME, main=main)


def _pdf(seed: int, agency: str, year: int, published: str):
    doc = generated_report(seed, "2021", agency, year, "pdftotext_layout", published)
    if doc is None or doc.attachment is None:
        return None, None
    return doc, text_pdf(doc.attachment[0].decode("utf-8"))


def build() -> Site:
    """The whole county site, in memory."""
    site = Site("county", NAME, "utf-8", province="甘肃省", city="临河市", county=PLACE)
    add_robots(site)
    # the page chrome links /zwgk/index.html: here it only points to the disclosure page
    site.add("/zwgk/index.html", _page("政务公开", '<a href="/xxgk/index.html">信息公开</a>'))
    site.add("/", _page(NAME, '<nav><a href="/xxgk/index.html">信息公开</a> <a href="/bsfw/">办事服务</a></nav>'))
    site.add("/xxgk/index.html", _page("信息公开", (
        '<ul class="menu"><li><a href="/xxgk/zc/index.html">政策文件</a></li>'
        f'<li><a href="{COLUMN}index.html">年度报告</a></li></ul>')))
    site.add("/xxgk/zc/index.html", _page("政策文件", "<ul><li>临河县关于印发营商环境实施方案的通知</li></ul>"))

    lines: list[str] = []
    n = 0

    def article(year: int, title: str, date: str, body: str, *, by_script: bool = False) -> str:
        nonlocal n
        n += 1
        path = f"{COLUMN}{year}/{n:03d}.html"
        site.add(path, _page(title, f'<article><h1 class="article-title">{esc(title)}</h1>'
                                    f'<div class="article-meta">发布时间：{date}</div>'
                                    f'<div class="article-content">{body}</div></article>'), modified=date)
        if by_script:
            lines.append(f'<li onclick="window.open(\'{path}\')" title="{esc(title)}"><span>{esc(title)}</span>'
                         f'<em>{date}</em></li>')
        else:
            lines.append(f'<li><a href="{path}" title="{esc(title)}">{esc(title)}</a><em>{date}</em></li>')
        return path

    # Reports whose article only links the PDF.
    for seed, agency, year, date, by_script in ((61, NAME, 2024, "2025-01-22", False),
                                                (62, "临河县民政局", 2023, "2024-01-30", False),
                                                (63, NAME, 2021, "2022-01-25", True)):
        doc, pdf = _pdf(seed, agency, year, date)
        if doc is None:
            continue
        pdf_path = f"/uploads/{date[:4]}/{date[5:7]}{date[8:]}/{seed}{year}.pdf"
        site.add(pdf_path, pdf, "application/pdf", modified=date)
        path = article(year + 1, doc.title, date, f'<p>{esc(doc.title)}详见附件。</p>'
                                                  f'<p>附件：<a href="{pdf_path}">点击下载</a></p>', by_script=by_script)
        site.reports.append(doc.expected(path, pdf_path) | {"site": "county", "format": "pdf"})
    # A report whose article links only its attachments page, which links the PDF (two hops).
    doc, pdf = _pdf(66, "临河县卫生健康局", 2024, "2025-01-27")
    if doc is not None:
        pdf_path = "/uploads/2025/0127/66nb2024.pdf"
        site.add(pdf_path, pdf, "application/pdf", modified="2025-01-27")
        files_page = f"/xxgk/fjxz.html?id={n + 1}"
        site.add(files_page, _page("附件下载", (
            f'<div class="fjxz"><h3>{esc(doc.title)} 附件</h3>'
            f'<ul><li>1. <a href="{pdf_path}">{esc(doc.title)}.pdf</a></li></ul></div>')), modified="2025-01-27")
        path = article(2025, doc.title, "2025-01-27", f'<p>{esc(doc.title)}详见附件。</p>'
                                                     f'<p><a href="{files_page}" target="_blank">【查看附件】</a></p>')
        site.reports.append(doc.expected(path, pdf_path) | {"site": "county", "format": "pdf"})
    # A dead link titled like a report: a 200 page that only alerts (a soft 404).
    site.add(f"{COLUMN}2019/gone.html", '<html><head><meta charset="utf-8"></head><body><script>'
                                        'alert("该信息不存在或已被删除！");history.back();</script></body></html>')
    lines.append(f'<li><a href="{COLUMN}2019/gone.html">临河县人民政府2018年政府信息公开工作年度报告</a>'
                 '<em>2019-01-30</em></li>')
    # Reports in the article body.
    for seed, agency, year, date in ((64, NAME, 2022, "2023-01-20"), (65, "临河县教育局", 2020, "2021-01-28")):
        doc = generated(seed, "2021" if year >= 2021 else "2019", agency, year, "html_table", date)
        if doc is None:
            continue
        path = article(year + 1, doc.title, doc.published, doc.body_html)
        site.reports.append(doc.expected(path) | {"site": "county"})
    for noise in (noise_items(PLACE, "临河县财政局")[i] for i in (0, 1)):
        article(int(noise.date[:4]), noise.title, noise.date, f"<p>{esc(noise.body)}</p>")

    site.add(f"{COLUMN}index.html", _page("年度报告", (
        '<div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/index.html">信息公开</a> &gt; 年度报告</div>'
        f'<h2>年度报告</h2><ul class="news-list">\n{chr(10).join(lines)}\n</ul>')))
    return site
