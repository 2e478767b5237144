"""Three red-team portals, built independently of the demo and fixture portals.

    python tests/files/redteam_portals/portal.py        # serve them, print the URLs, Ctrl-C to stop

- ``county`` — 清溪县人民政府, a plain CMS in GBK: 政务公开 → 政府信息公开 → 政府信息公开年报
  (``/gongkai/nianbao/``), one folder per year (2016–2025), each a table of every agency's
  reports with 下一页 / 尾页 links to ``index_N.html``;
- ``trs`` — 江川市人民政府, TRS WCM in UTF-8: 政务公开 → 政府信息公开 → 年度报告
  (``/zwgk/zfxxgk/nbxx/``) listing the city's reports with the 0-based
  ``createPageHTML(countPage, currentPage, "index", "shtml")``, a 部门年报 tab (0-based too) and
  a 区县年报 tab with the 1-based ``createPageHTML('page_div', …, 'index', 'html', n)``;
- ``hanweb`` — 东海省林业局, Hanweb: 政务公开 → 政府信息公开 → 政府信息公开年报
  (``/col/col1412/index.html``), a jpage list whose first records sit in script XML and the rest
  come from ``POST /module/web/jpage/dataproxy.jsp``.

Each site keeps its ground truth: ``site.reports`` (every report, with the URLs that count as
finding it: its page and its attachment) and
``site.lookalikes`` (pages and files that must not be taken for reports).
"""

from __future__ import annotations

import html
import io
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

# --- documents ---------------------------------------------------------------------------------


def report_body(agency: str, year: int, *, seed: int = 0) -> str:
    """A report's body as CMSs render it: sections, a table or two, the signature."""
    n = 11 + (year * 7 + seed * 13) % 40
    if year >= 2019:
        sections = [
            ("一、总体情况", f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，"
                        "坚持以公开为常态、不公开为例外，持续深化政务公开，主动回应社会关切。"),
            ("二、主动公开政府信息情况", f"全年主动公开政府信息{n * 9}条，其中规范性文件{n % 5}件。"),
            ("三、收到和处理政府信息公开申请情况", f"全年共收到政府信息公开申请{n}件，均在法定期限内答复。"),
            ("四、政府信息公开行政复议、行政诉讼情况", "全年未发生因政府信息公开引起的行政复议、行政诉讼。"),
            ("五、存在的主要问题及改进情况", "一是公开内容的全面性有待提高；二是解读回应形式还不够丰富。"),
            ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
        ]
        table = (
            '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">'
            '<tr><td colspan="3">（一）行政复议</td><td colspan="2">（二）行政诉讼</td></tr>'
            "<tr><td>结果维持</td><td>结果纠正</td><td>总计</td><td>未经复议直接起诉</td><td>复议后起诉</td></tr>"
            "<tr><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>"
        )
    else:
        sections = [
            ("一、概述", f"{year}年，{agency}按照上级要求，扎实推进政府信息公开工作。"),
            ("二、主动公开政府信息情况", f"全年主动公开政府信息{n * 8}条。"),
            ("三、依申请公开政府信息情况", f"全年受理政府信息公开申请{n % 9}件，均已按时答复。"),
            ("四、政府信息公开的收费及减免情况", "未收取任何费用。"),
            ("五、因政府信息公开申请提起行政复议、行政诉讼的情况", "无。"),
            ("六、存在的主要问题和改进措施", "信息公开的及时性仍需加强。"),
        ]
        table = ""
    parts = [f"<p>本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>"]
    for i, (head, text) in enumerate(sections):
        parts.append(f"<p><strong>{head}</strong></p><p>{text}</p>")
        if i == 3 and table:
            parts.append(table)
    parts.append(f'<p style="text-align:right">{agency}</p><p style="text-align:right">'
                 f"{year + 1}年1月{18 + seed % 10}日</p>")
    return "\n".join(parts)


def lookalike_body(kind: str, agency: str, year: int) -> str:
    """The body of a page that is not the report: a 解读, a budget, a rule-of-law report, …"""
    if kind == "jiedu":
        return ("<p>为便于公众理解，现就报告主要内容解读如下。</p><p>一、总体情况：全面推进政务公开。</p>"
                "<p>二、主动公开政府信息情况：公开数量稳步增长。</p><p>三、收到和处理政府信息公开申请情况：按时答复。</p>"
                "<p>四、行政复议、行政诉讼情况：无。</p><p>五、存在的主要问题及改进情况：持续改进。</p>")
    if kind == "fazhi":
        return (f"<p>{year}年，{agency}深入学习贯彻习近平法治思想，法治政府建设取得新成效。</p>"
                "<p>一、主要举措和成效</p><p>二、存在的不足</p><p>三、下一年度工作安排</p>")
    if kind == "budget":
        return (f"<p>一、部门主要职责</p><p>二、{year}年部门预算收支总表</p>"
                '<table border="1"><tr><td>收入总计</td><td>3521.45</td></tr><tr><td>支出总计</td><td>3521.45</td></tr></table>'
                "<p>三、名词解释</p>")
    if kind == "tongji":
        return (f"<p>{year}年，全县（市）地区生产总值比上年增长5.2%。</p><p>一、综合</p><p>二、农业</p>"
                "<p>三、工业和建筑业</p><p>四、固定资产投资</p>")
    if kind == "keji":
        return f"<p>{year}年，{agency}科技创新工作取得积极进展，研发投入强度持续提升。</p>"
    if kind == "notice":
        return ("<p>各乡镇人民政府，县直各单位：</p><p>根据《中华人民共和国政府信息公开条例》规定，"
                "现就做好年度报告编制和发布工作通知如下。</p><p>一、编制要求</p><p>二、报送时间</p>")
    if kind == "web":
        return ('<table border="1"><tr><td>网站名称</td><td>门户网站</td></tr><tr><td>总访问量</td>'
                "<td>1254311</td></tr><tr><td>信息发布总数</td><td>3120</td></tr></table>")
    return "<p>—</p>"


def fake_pdf(label: str) -> bytes:
    """PDF bytes that look like a report's upload; the content streams are cut, so they do not parse."""
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Type/Catalog/Pages 2 0 R/Lang(zh-CN)>>\nendobj\n"
            b"2 0 obj\n<</Type/Pages/Count 3/Kids[3 0 R 9 0 R 15 0 R]>>\nendobj\n"
            b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.32 841.92]/Contents 4 0 R>>\nendobj\n"
            b"4 0 obj\n<</Filter/FlateDecode/Length 2817>>\nstream\nx\x9c\xed\x5b\xcb\x8e"
            + label.encode("utf-16-be")[:200] + b"\x00" * 64)


def fake_ole(label: str) -> bytes:
    """An OLE2 compound file header (DOC, WPS, XLS) with a body that does not convert."""
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
            + b"\x06\x00" + b"\x00" * 10 + b"\x01\x00\x00\x00" + label.encode("utf-16-le") + b"\xff" * 300)


def real_docx(title: str, agency: str, year: int) -> bytes:
    """A minimal but valid DOCX whose paragraphs are the report."""
    paras = [title, *[p for p in _plain(report_body(agency, year)).split("\n") if p]]
    body = "".join(f"<w:p><w:r><w:t>{html.escape(p)}</w:t></w:r></w:p>" for p in paras)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{body}</w:body></w:document>")
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return buf.getvalue()


def _plain(fragment: str) -> str:
    import re

    return html.unescape(re.sub(r"<[^>]+>", "\n", fragment))


CT = {
    "pdf": "application/pdf", "doc": "application/msword", "wps": "application/octet-stream",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def attachment_bytes(ext: str, title: str, agency: str, year: int) -> bytes:
    if ext == "docx":
        return real_docx(title, agency, year)
    if ext == "pdf":
        return fake_pdf(title)
    return fake_ole(title)


# --- a site ------------------------------------------------------------------------------------


@dataclass
class Report:
    """One report of the ground truth.

    ``accept``: the URLs that count as finding it: its page, and its attachment when it has one
    (for a report linked straight to its file, the file alone).
    """

    title: str
    year: int
    agency: str
    accept: set[str]
    how: str  # page | attachment | direct-attachment


@dataclass
class Site:
    name: str
    dialect: str
    encoding: str = "utf-8"
    base: str = ""
    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    lookalikes: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None

    @property
    def home(self) -> str:
        return self.base + "/"

    def put(self, path: str, text_or_bytes: str | bytes, ctype: str | None = None, **headers: str) -> None:
        if isinstance(text_or_bytes, str):
            body = text_or_bytes.encode(self.encoding, errors="strict")
            ctype = ctype or "text/html"
        else:
            body = text_or_bytes
        h = {"Content-Type": ctype or "application/octet-stream", **headers}
        self.pages[path] = (200, h, body)

    def url(self, path: str) -> str:
        return self.base + path

    def post(self, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> tuple[int, dict, bytes]:
        return 404, {"Content-Type": "text/html"}, b"<html><body>404</body></html>"


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool = False) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _lookup(self) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(self.path)
        key = parts.path + ("?" + parts.query if parts.query else "")
        pages = self.site.pages
        if key in pages:
            return pages[key]
        if parts.path in pages:
            return pages[parts.path]
        if parts.path.endswith("/") and parts.path + "index.html" in pages:
            return pages[parts.path + "index.html"]
        if parts.path.endswith("/") and parts.path + "index.shtml" in pages:
            return pages[parts.path + "index.shtml"]
        if parts.path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /admin/\n"
        return 404, {"Content-Type": "text/html"}, "<html><body><h1>404 页面不存在</h1></body></html>".encode()

    def do_GET(self) -> None:  # noqa: N802
        self._send(*self._lookup())

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(*self._lookup(), head=True)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", errors="replace")
        parts = urlsplit(self.path)
        self._send(*self.site.post(parts.path, parse_qs(parts.query), parse_qs(raw, keep_blank_values=True)))


def serve(site: Site) -> Site:
    """Bind a free port on 127.0.0.1 and serve the site (built after the port is known)."""
    handler = type(f"H_{site.name}", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site.server = server
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site


def trunc(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width] + "…"


# --- site 1: county portal, plain CMS, GBK -------------------------------------------------------

COUNTY = "清溪县"
COUNTY_REPORTS = [
    # (year, agency, title pattern, how, ext, title attr in the list?)
    (2025, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2025, "清溪县教育局", "{a}{y}年度政府信息公开工作年度报告", "attachment", "pdf", True),
    (2025, "清溪县医疗保障局", "{a}{y}年政府信息公开工作年度报告", "page", None, False),
    (2024, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2024, "清溪县公安局", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2024, "清溪县住房和城乡建设局", "{a}{y}年度政府信息公开工作年度报告", "page", None, False),
    (2023, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2023, "清溪县财政局", "{a}{y}年政府信息公开工作年度报告", "attachment", "docx", True),
    (2023, "清溪县卫生健康局", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2023, "清溪县交通运输局", "{a}{y}年政府信息公开工作年度报告", "direct", "pdf", True),
    (2023, "清溪县城关镇人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2023, "清溪县市场监督管理局", "{a}{y}年政府信息公开工作年度报告", "download", "pdf", True),
    (2022, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2022, "清溪县自然资源局", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2022, "清溪县农业农村局", "{a}{y}年政府信息公开工作年度报告", "attachment", "wps", True),
    (2022, "清溪县应急管理局", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2021, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2021, "清溪县人力资源和社会保障局", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2020, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2020, "清溪县教育局", "{a}{y}年政府信息公开工作年度报告", "attachment", "doc", True),
    (2019, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2018, "清溪县人民政府办公室", "{a}关于{y}年政府信息公开工作的年度报告", "page", None, True),
    (2017, "清溪县人民政府", "{y}年度{a}政府信息公开年报", "page", None, True),
    (2017, "清溪县公安局", "{a}{y}年政府信息公开年度报告", "direct", "doc", True),
    (2016, "清溪县人民政府", "{a}{y}年政府信息公开工作年度报告", "page", None, True),
    (2016, "清溪县卫生和计划生育局", "{a}{y}年政府信息公开工作年度报告", "attachment", "xls", True),
]
COUNTY_LOOKALIKES = [
    (2024, "jiedu", "关于《清溪县人民政府2023年政府信息公开工作年度报告》的解读", False),
    (2023, "fazhi", "清溪县2022年法治政府建设年度报告", True),
    (2024, "budget", "清溪县教育局2024年部门预算", True),
    (2022, "budget", "清溪县财政局2021年度部门决算公开", True),
    (2021, "tongji", "清溪县2020年国民经济和社会发展统计公报", True),
    (2019, "notice", "关于做好2019年政府信息公开工作年度报告编制发布工作的通知", True),
    (2025, "web", "清溪县人民政府门户网站2025年工作年度报表", True),
    (2023, "keji", "清溪县科学技术局2023年科技创新发展年度报告", True),
]


def _county_page(title: str, crumbs: str, main: str, *, extra_head: str = "") -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}-清溪县人民政府</title>{extra_head}
<link rel="stylesheet" href="/skin/css/style.css" /></head>
<body><div class="top-bar">清溪县人民政府 主办 <a href="/">网站首页</a> | <a href="/english/">English</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news/">新闻中心</a></li>
<li><a href="/gongkai/">政务公开</a></li><li><a href="/hudong/">政民互动</a></li><li><a href="/fuwu/">政务服务</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; {crumbs}</div>
<div class="wrap">{main}</div>
<div class="footer"><a href="/gongkai/zfxxgk/znzn.htm">政府信息公开指南</a> <a href="/gongkai/zfxxgk/sqb.doc">政府信息公开申请表.doc</a>
<p>主办：清溪县人民政府办公室 ICP备05012345号</p></div></body></html>"""


def build_county(site: Site) -> None:
    put = site.put
    put("/", _county_page("首页", "首页", """
<div class="banner"><img src="/skin/img/banner.jpg" alt="清溪欢迎您" /></div>
<div class="box"><h3>清溪要闻</h3><ul><li><a href="/news/2025/98211.htm">县委常委会召开扩大会议</a></li>
<li><a href="/news/2025/98190.htm">我县召开安全生产工作会议</a></li></ul></div>
<div class="box quick"><a href="/gongkai/"><img src="/skin/img/zwgk.png" alt="政务公开" />政务公开</a>
<a href="/hudong/">县长信箱</a></div>"""))
    put("/news/", _county_page("新闻中心", "新闻中心", "<ul><li><a href='/news/2025/98211.htm'>县委常委会召开扩大会议</a></li></ul>"))
    put("/gongkai/", _county_page("政务公开", "政务公开", """
<div class="gk-grid">
<dl><dt>政府信息公开</dt><dd><a href="/gongkai/zfxxgk/">进入政府信息公开平台</a></dd></dl>
<dl><dt>重点领域</dt><dd><a href="/gongkai/zdly/czzj/">财政资金</a> <a href="/gongkai/zdly/shgy/">社会公益</a></dd></dl>
<dl><dt>政策文件</dt><dd><a href="/gongkai/zcwj/">县政府文件</a> <a href="/gongkai/zcjd/">政策解读</a></dd></dl>
</div>"""))
    put("/gongkai/zfxxgk/", _county_page("政府信息公开", "<a href='/gongkai/'>政务公开</a> &gt; 政府信息公开", """
<div class="side"><h4>政府信息公开</h4><ul>
<li><a href="/gongkai/zfxxgk/znzn.htm">政府信息公开指南</a></li>
<li><a href="/gongkai/zfxxgk/zd/">政府信息公开制度</a></li>
<li><a href="/gongkai/zfxxgk/fdzdgknr/">法定主动公开内容</a></li>
<li><a href="/gongkai/nianbao/">政府信息公开年报</a></li>
<li><a href="/gongkai/ysqgk/">依申请公开</a></li></ul></div>
<div class="main"><p>本平台集中发布清溪县人民政府及县直部门、乡镇的政府信息。</p></div>"""))
    put("/gongkai/zfxxgk/znzn.htm", _county_page("政府信息公开指南", "政府信息公开指南",
                                                 "<div id='zoom'><p>为了更好地提供政府信息公开服务……</p></div>"))

    # Year folders under the column.
    years = list(range(2025, 2015, -1))
    year_nav = "".join(f'<li><a href="/gongkai/nianbao/{y}/index.html">{y}年度</a></li>' for y in years)
    put("/gongkai/nianbao/", _county_page("政府信息公开年报", "<a href='/gongkai/'>政务公开</a> &gt; "
                                          "<a href='/gongkai/zfxxgk/'>政府信息公开</a> &gt; 政府信息公开年报",
                                          f"""<div class="side"><h4>按年度浏览</h4><ul class="year-nav">{year_nav}</ul></div>
<div class="main"><p class="tip">请选择年度查看全县各单位政府信息公开工作年度报告。</p></div>"""))

    entries: dict[int, list[tuple[str, str, str, bool]]] = {y: [] for y in years}  # href, full title, date, title attr
    art = 88100
    for i, (year, agency, pattern, how, ext, with_title) in enumerate(COUNTY_REPORTS):
        title = pattern.format(a=agency, y=year)
        folder = year  # the folder is the year the report covers
        art += 7
        date = f"{year + 1}-01-{10 + i % 18:02d}"
        page_path = f"/gongkai/nianbao/{folder}/{art}.htm"
        accept: set[str] = set()
        if how == "page":
            body = report_body(agency, year, seed=i)
            put(page_path, _county_article(title, folder, date, agency, body))
            accept.add(site.url(page_path))
            href = page_path if i % 3 else f"{art}.htm"  # absolute path or relative to the folder
        elif how == "attachment":
            file_path = f"/uploadfile/{year + 1}/01{10 + i % 18:02d}/{year + 1}01{10 + i % 18:02d}0935{i:02d}{art}.{ext}"
            put(file_path, attachment_bytes(ext, title, agency, year), CT[ext])
            body = (f"<p>{html.escape(title)}全文详见附件。</p>")
            attach = (f'<div class="attach-list"><b>相关附件：</b><ul><li><a href="{file_path}" target="_blank">'
                      f"{html.escape(title)}.{ext}</a></li></ul></div>")
            put(page_path, _county_article(title, folder, date, agency, body, attach=attach))
            accept |= {site.url(file_path), site.url(page_path)}
            href = page_path
        elif how == "download":
            file_path = f"/common/download.jsp?fid={art}"
            put(file_path, fake_pdf(title), "application/pdf",
                **{"Content-Disposition": f"attachment; filename*=UTF-8''{quote(title)}.pdf"})
            body = (f"<p>{html.escape(title)}已经县政府同意，现予公布。</p>"
                    f'<p>附件：<a href="{file_path}">{html.escape(title)}</a></p>')
            put(page_path, _county_article(title, folder, date, agency, body))
            accept |= {site.url(file_path), site.url(page_path)}
            href = page_path
        else:  # direct: the list links the file itself
            file_path = f"/uploadfile/{year + 1}/0{2 + i % 7}15/{art}.{ext}"
            put(file_path, attachment_bytes(ext, title, agency, year), CT[ext])
            accept.add(site.url(file_path))
            href = site.url(file_path)  # absolute URL
        site.reports.append(Report(title, year, agency, accept, how))
        entries[folder].append((href, title, date, with_title))
    for j, (year, kind, title, with_title) in enumerate(COUNTY_LOOKALIKES):
        art += 5
        page_path = f"/gongkai/nianbao/{year}/{art}.htm"
        put(page_path, _county_article(title, year, f"{year}-03-{11 + j:02d}", "清溪县人民政府",
                                       lookalike_body(kind, "清溪县人民政府", year)))
        site.lookalikes.add(site.url(page_path))
        entries[year].append((page_path, title, f"{year}-03-{11 + j:02d}", with_title))

    per_page = 4
    for year, items in entries.items():
        items.sort(key=lambda e: e[2], reverse=True)
        chunks = [items[k:k + per_page] for k in range(0, len(items), per_page)] or [[]]
        for p, chunk in enumerate(chunks, start=1):
            rows = []
            for n, (href, title, date, with_title) in enumerate(chunk, start=(p - 1) * per_page + 1):
                t_attr = f' title="{html.escape(title)}"' if with_title else ""
                rows.append(f'<tr><td class="xh">{n}</td><td class="bt"><a href="{href}"{t_attr} target="_blank">'
                            f"{html.escape(trunc(title, 20))}</a></td><td class='rq'>{date}</td></tr>")
            pager = ""
            if len(chunks) > 1:
                def link(k: int) -> str:
                    return "index.html" if k == 1 else f"index_{k}.html"
                prev = f'<a href="{link(p - 1)}">上一页</a>' if p > 1 else "<span>上一页</span>"
                nxt = f'<a href="{link(p + 1)}">下一页</a>' if p < len(chunks) else "<span>下一页</span>"
                pager = (f'<div class="pager">共{len(items)}条 第{p}/{len(chunks)}页 <a href="index.html">首页</a> '
                         f'{prev} {nxt} <a href="{link(len(chunks))}">尾页</a></div>')
            main = (f'<div class="main"><h2 class="lm">{year}年度政府信息公开年报</h2><table class="nb-table" width="100%">'
                    f"<tr><th>序号</th><th>标题</th><th>发布日期</th></tr>{''.join(rows)}</table>{pager}</div>")
            path = f"/gongkai/nianbao/{year}/index.html" if p == 1 else f"/gongkai/nianbao/{year}/index_{p}.html"
            put(path, _county_page(f"{year}年度", "<a href='/gongkai/'>政务公开</a> &gt; <a href='/gongkai/nianbao/'>"
                                   f"政府信息公开年报</a> &gt; {year}年度", main))


def _county_article(title: str, folder: int, date: str, agency: str, body: str, attach: str = "") -> str:
    main = f"""<div class="article">
<div class="art-title">{html.escape(title)}</div>
<div class="art-info">发布机构：{agency} 发布日期：{date} 浏览次数：<span id="hits">128</span></div>
<div id="zoom">{body}</div>{attach}
<div class="art-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>"""
    return _county_page(title, f"<a href='/gongkai/'>政务公开</a> &gt; <a href='/gongkai/nianbao/'>政府信息公开年报</a> "
                        f"&gt; <a href='/gongkai/nianbao/{folder}/index.html'>{folder}年度</a>", main)


# --- site 2: city portal, TRS WCM, UTF-8 ---------------------------------------------------------

CITY = "江川市"
TRS_MAIN = [  # the city government's own reports: (year, title, how, ext)
    (2025, "江川市人民政府2025年政府信息公开工作年度报告", "page", None),
    (2024, "江川市人民政府2024年政府信息公开工作年度报告", "page", None),
    (2023, "江川市人民政府2023年政府信息公开工作年度报告", "page+pdf", "pdf"),
    (2022, "江川市人民政府2022年政府信息公开工作年度报告", "page", None),
    (2021, "江川市人民政府2021年政府信息公开工作年度报告", "page", None),
    (2020, "江川市人民政府2020年政府信息公开工作年度报告", "attachment", "pdf"),
    (2019, "江川市人民政府2019年政府信息公开工作年度报告", "page", None),
    (2018, "江川市人民政府2018年政府信息公开工作年度报告", "attachment", "doc"),
    (2017, "江川市2017年政府信息公开工作年度报告", "page", None),
    (2016, "江川市人民政府2016年政府信息公开年度报告", "direct", "pdf"),
]
TRS_DEPTS = [
    (2025, "江川市生态环境局", "page", None),
    (2024, "江川市发展和改革委员会", "page", None),
    (2024, "江川市生态环境局", "page", None),
    (2023, "江川市教育局", "attachment", "docx"),
    (2022, "江川市司法局", "page", None),
    (2021, "江川市民政局", "page", None),
    (2020, "江川市水利局", "attachment", "pdf"),
    (2019, "江川市商务局", "page", None),
]
TRS_COUNTIES = [
    (2024, "江川市东城区人民政府", "page", None),
    (2023, "江川市西湖县人民政府", "page", None),
    (2022, "江川市东城区人民政府", "attachment", "pdf"),
    (2018, "江川市西湖县人民政府", "page", None),
]
TRS_LOOKALIKES = [
    ("main", 2024, "jiedu", "图解：江川市人民政府2024年政府信息公开工作年度报告"),
    ("main", 2023, "jiedu", "《江川市人民政府2023年政府信息公开工作年度报告》政策解读"),
    ("main", 2023, "fazhi", "江川市人民政府关于2023年度法治政府建设情况的报告"),
    ("main", 2022, "tongji", "江川市2022年国民经济和社会发展统计公报"),
    ("dept", 2024, "budget", "江川市生态环境局2024年度部门预算"),
    ("dept", 2023, "keji", "江川市科学技术局2023年科技创新发展年度报告"),
    ("county", 2023, "budget", "江川市东城区2022年度区级部门决算公开"),
]


def _trs_page(title: str, crumbs: str, main: str, *, meta: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="SiteName" content="江川市人民政府">
{meta}<title>{title}_江川市人民政府</title>
<script src="/images/jquery.min.js"></script>
<script>
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){{
  if(_nPageCount == null || _nPageCount<=1){{ return; }}
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("<span>首页</span>");
  else document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a>");
}}
</script></head>
<body><header class="hd"><div class="logo"><a href="/"><img src="/images/logo.png" alt="江川市人民政府"></a></div>
<nav class="menu"><a href="/">首页</a><a href="/jcyw/">江川要闻</a><a href="/zwgk/" title="政务公开">政务公开</a>
<a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></nav></header>
<div class="location">您的位置：<a href="/">首页</a> &gt; {crumbs}</div>
{main}
<footer><a href="/wzdt/">网站地图</a> <a href="/lxwm/">联系我们</a> 江川市人民政府办公室主办</footer></body></html>"""


def build_trs(site: Site) -> None:
    put = site.put
    put("/", _trs_page("首页", "首页", """<section class="idx">
<div class="tabs"><a href="/jcyw/">江川要闻</a><a href="/tzgg/">通知公告</a></div>
<ul><li><a href="/jcyw/202511/t20251120_6123456.shtml">市政府召开第58次常务会议</a></li></ul>
<div class="portal-entries"><a href="/zwgk/"><i class="ic-gk"></i><span>政务公开</span></a></div></section>"""))
    put("/zwgk/", _trs_page("政务公开", "政务公开", """<section class="gk">
<div class="gk-col"><h3><a href="/zwgk/zfxxgk/index.shtml">政府信息公开</a></h3>
<p><a href="/zwgk/zfxxgk/index.shtml">政府信息公开指南</a> <a href="/zwgk/zfxxgk/index.shtml">政府信息公开制度</a></p></div>
<div class="gk-col"><h3><a href="/zwgk/zcwj/">政策文件</a></h3></div>
<div class="gk-col"><h3><a href="/zwgk/zdlygk/">重点领域信息公开</a></h3></div></section>"""))
    put("/zwgk/zfxxgk/index.shtml", _trs_page("政府信息公开", "<a href='/zwgk/'>政务公开</a> &gt; 政府信息公开", """
<aside class="tree"><ul>
<li><a href="./gkzn/">公开指南</a></li><li><a href="./gkzd/">公开制度</a></li>
<li><a href="./fdzdgknr/">法定主动公开内容</a></li>
<li><a href="./nbxx/" title="政府信息公开年度报告">年度报告</a></li>
<li><a href="./ysqgk/">依申请公开</a></li></ul></aside>
<section class="con"><p>江川市政府信息公开平台</p></section>"""))

    art = 5200000
    crumbs = "<a href='/zwgk/'>政务公开</a> &gt; <a href='/zwgk/zfxxgk/index.shtml'>政府信息公开</a> &gt; 年度报告"

    def article(list_dir: str, year: int, title: str, agency: str, how: str, ext: str | None, i: int) -> tuple[str, str]:
        nonlocal art
        art += 1379
        ym = f"{year + 1}01"
        day = 12 + i % 15
        rel = f"./{ym}/t{ym}{day:02d}_{art}.shtml"
        path = list_dir + rel[2:]
        accept: set[str] = set()
        if how == "direct":
            fname = f"P0{ym}{day:02d}{art}{i:05d}.{ext}"
            fpath = list_dir + fname
            put(fpath, attachment_bytes(ext, title, agency, year), CT[ext])
            site.reports.append(Report(title, year, agency, {site.url(fpath)}, how))
            return "./" + fname, f"{year + 1}-01-{day:02d}"
        body, attach = "", ""
        if how in ("page", "page+pdf"):
            body = report_body(agency, year, seed=i)
            accept.add(site.url(path))
        if how in ("attachment", "page+pdf"):
            fname = f"P0{ym}{day:02d}{art}{i:05d}.{ext}"
            fpath = f"{list_dir}{ym}/{fname}"
            put(fpath, attachment_bytes(ext, title, agency, year), CT[ext])
            accept.add(site.url(fpath))
            if how == "attachment":
                body = f"<p>{html.escape(title)}请见附件。</p>"
                attach = (f'<div class="xgfj"><span>附件：</span><a href="./{fname}" OLDSRC="/protect/P0{ym}/{fname}">'
                          f"{fname}</a></div>")
            else:
                attach = f'<div class="xgfj"><span>附件：</span><a href="./{fname}">{html.escape(title)}（PDF版）.{ext}</a></div>'
        put(path, _trs_article(title, agency, f"{year + 1}-01-{day:02d}", body, attach, crumbs))
        accept.add(site.url(path))
        site.reports.append(Report(title, year, agency, accept, how))
        return rel, f"{year + 1}-01-{day:02d}"

    def lookalike(list_dir: str, year: int, kind: str, title: str, i: int) -> tuple[str, str]:
        nonlocal art
        art += 911
        ym = f"{year + 1}0{1 + i % 5}"
        rel = f"./{ym}/t{ym}20_{art}.shtml"
        put(list_dir + rel[2:], _trs_article(title, "江川市人民政府", f"{year + 1}-0{1 + i % 5}-20",
                                             lookalike_body(kind, "江川市人民政府", year), "", crumbs))
        site.lookalikes.add(site.url(list_dir + rel[2:]))
        return rel, f"{year + 1}-0{1 + i % 5}-20"

    lists: dict[str, list[tuple[str, str, str]]] = {"main": [], "dept": [], "county": []}
    dirs = {"main": "/zwgk/zfxxgk/nbxx/", "dept": "/zwgk/zfxxgk/nbxx/bmnb/", "county": "/zwgk/zfxxgk/nbxx/qxnb/"}
    for i, (year, title, how, ext) in enumerate(TRS_MAIN):
        rel, date = article(dirs["main"], year, title, "江川市人民政府", how, ext, i)
        lists["main"].append((rel, title, date))
    for i, (year, agency, how, ext) in enumerate(TRS_DEPTS):
        title = f"{agency}{year}年政府信息公开工作年度报告"
        rel, date = article(dirs["dept"], year, title, agency, how, ext, 20 + i)
        lists["dept"].append((rel, title, date))
    for i, (year, agency, how, ext) in enumerate(TRS_COUNTIES):
        title = f"{agency}{year}年度政府信息公开工作年度报告"
        rel, date = article(dirs["county"], year, title, agency, how, ext, 40 + i)
        lists["county"].append((rel, title, date))
    for i, (where, year, kind, title) in enumerate(TRS_LOOKALIKES):
        rel, date = lookalike(dirs[where], year, kind, title, i)
        lists[where].append((rel, title, date))

    tabs = ('<div class="nb-tabs"><a class="on" href="/zwgk/zfxxgk/nbxx/">市政府年报</a>'
            '<a href="/zwgk/zfxxgk/nbxx/bmnb/">部门年报</a><a href="/zwgk/zfxxgk/nbxx/qxnb/index.html">区县年报</a></div>')
    for where, items in lists.items():
        items.sort(key=lambda e: e[2], reverse=True)
        per = 6 if where != "county" else 4
        chunks = [items[k:k + per] for k in range(0, len(items), per)]
        for p, chunk in enumerate(chunks):
            lis = "".join(
                f'<li><a href="{rel}" target="_blank" title="{html.escape(title)}">{html.escape(trunc(title, 22))}</a>'
                f"<span class='date'>{date}</span></li>" for rel, title, date in chunk)
            if where == "county":  # 1-based: page 1 index.html, page 2 index_2.html
                script = (f"<div id='page_div'></div><script>createPageHTML('page_div', {len(chunks)}, {p + 1}, "
                          f"'index', 'html', {len(items)});</script>")
                name = "index.html" if p == 0 else f"index_{p + 1}.html"
            else:  # 0-based: page 1 index.shtml, page 2 index_1.shtml
                script = (f"<div class='page'><script>var countPage = {len(chunks)};//共多少页\n"
                          f"var currentPage = {p};//当前页\n"
                          "createPageHTML(countPage, currentPage, \"index\", \"shtml\");</script></div>")
                name = "index.shtml" if p == 0 else f"index_{p}.shtml"
            main = (f'<section class="list-wrap">{tabs}<ul class="xxgk-list">{lis}</ul>{script}</section>')
            put(dirs[where] + name, _trs_page("年度报告", crumbs, main,
                                             meta='<meta name="ColumnName" content="政府信息公开年度报告">'))
        if where != "county":
            site.pages[dirs[where]] = site.pages[dirs[where] + "index.shtml"]


def _trs_article(title: str, agency: str, date: str, body: str, attach: str, crumbs: str) -> str:
    main = f"""<section class="detail">
<h2 class="dt-title">{html.escape(title)}</h2>
<div class="dt-info"><span>来源：{agency}</span><span>发布时间：{date}</span>
<span>【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(14)">中</a>】</span></div>
<div class="dt-con"><div class="TRS_Editor"><style type="text/css">.TRS_Editor P{{line-height:2;}}</style>{body}</div></div>
{attach}
</section>"""
    meta = (f'<meta name="ArticleTitle" content="{html.escape(title)}"><meta name="PubDate" content="{date} 09:30">'
            f'<meta name="ContentSource" content="{agency}">')
    return _trs_page(title, crumbs, main, meta=meta)


# --- site 3: provincial department, Hanweb jpage ------------------------------------------------

PROV = "东海省林业局"
HANWEB_REPORTS = [  # (year, title, agency, how, ext)
    (2025, "东海省林业局2025年政府信息公开工作年度报告", PROV, "page", None),
    (2024, "东海省林业局2024年政府信息公开工作年度报告", PROV, "page", None),
    (2024, "东海省林业科学研究院2024年政府信息公开工作年度报告", "东海省林业科学研究院", "page", None),
    (2023, "东海省林业局2023年政府信息公开工作年度报告", PROV, "page", None),
    (2023, "东海省自然保护地管理中心2023年度政府信息公开工作年度报告", "东海省自然保护地管理中心", "attachment", "pdf"),
    (2022, "东海省林业局2022年政府信息公开工作年度报告", PROV, "page", None),
    (2022, "东海省林业科学研究院2022年政府信息公开工作年度报告", "东海省林业科学研究院", "direct", "docx"),
    (2021, "东海省林业局2021年政府信息公开工作年度报告", PROV, "page", None),
    (2020, "东海省林业局2020年政府信息公开工作年度报告", PROV, "attachment", "pdf"),
    (2019, "东海省林业局2019年政府信息公开工作年度报告", PROV, "page", None),
    (2018, "东海省林业厅2018年政府信息公开工作年度报告", "东海省林业厅", "attachment", "doc"),
    (2017, "2017年度东海省林业厅政府信息公开工作报告", "东海省林业厅", "page", None),
    (2016, "东海省林业厅2016年政府信息公开年度报告", "东海省林业厅", "direct", "pdf"),
    (2016, "东海省森林病虫害防治检疫总站2016年政府信息公开年报", "东海省森林病虫害防治检疫总站", "page", None),
    (2021, "东海省林业科学研究院2021年政府信息公开工作年度报告", "东海省林业科学研究院", "page", None),
    (2019, "东海省自然保护地管理中心2019年政府信息公开工作年度报告", "东海省自然保护地管理中心", "page", None),
]
HANWEB_LOOKALIKES = [
    (2024, "jiedu", "一图读懂东海省林业局2024年政府信息公开工作年度报告"),
    (2023, "jiedu", "东海省林业局2023年政府信息公开工作年度报告解读"),
    (2023, "fazhi", "东海省林业局2023年法治政府建设年度报告"),
    (2024, "budget", "东海省林业局2024年部门预算"),
    (2022, "budget", "东海省林业局2021年度部门决算"),
    (2021, "keji", "东海省林业科学研究院2021年科技创新发展年度报告"),
]
COLUMNID, UNITID, WEBID = "1412", "52311", "3"
PER_PAGE, GROUP = 6, 2


def _hanweb_page(title: str, main: str, *, meta: str = "") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="东海省林业局" /><meta name="SiteDomain" content="lyj.donghai.gov.cn" />
{meta}<title>{title} {PROV}</title>
<script type="text/javascript" src="/script/jquery.js"></script>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script></head>
<body><div class="header"><div class="menu"><ul>
<li><a href="/index.html">首页</a></li><li><a href="/col/col1386/index.html">新闻动态</a></li>
<li><a href="/col/col1388/index.html">政务公开</a></li><li><a href="/col/col1395/index.html">互动交流</a></li></ul></div></div>
{main}
<div class="footer">主办单位：{PROV} <a href="/col/col1399/index.html">网站地图</a></div></body></html>"""


def build_hanweb(site: Site) -> None:
    put = site.put
    put("/", _hanweb_page("首页", '<div class="idx"><a href="/col/col1388/index.html"><img src="/picture/0/zwgk.png" '
                                  'alt="政务公开"></a><a href="/col/col1386/index.html">新闻动态</a></div>'))
    site.pages["/index.html"] = site.pages["/"]
    put("/col/col1388/index.html", _hanweb_page("政务公开", """<div class="zwgk">
<table class="entry" width="100%"><tr><td><a href="/col/col1390/index.html" target="_blank">
<img src="/picture/0/xxgk.png" alt=""><p>政府信息公开</p></a></td>
<td><a href="/col/col1391/index.html"><p>政策解读</p></a></td><td><a href="/col/col1392/index.html"><p>新闻发布会</p></a></td>
</tr></table></div>""", meta='<meta name="ColumnName" content="政务公开" />'))
    put("/col/col1390/index.html", _hanweb_page("政府信息公开", """<div class="xxgk-left"><div class="tit">政府信息公开</div>
<ul><li><a href="/col/col1401/index.html">政府信息公开指南</a></li><li><a href="/col/col1402/index.html">政府信息公开制度</a></li>
<li><a href="/col/col1403/index.html">机构职能</a></li>
<li><a href="/col/col1412/index.html" title="政府信息公开年报">政府信息公开年报</a></li>
<li><a href="/col/col1413/index.html">政府信息公开目录</a></li></ul></div>""",
                                                meta='<meta name="ColumnName" content="政府信息公开" />'))

    records: list[tuple[str, str]] = []  # (record html, date)
    art = 59012000
    for i, (year, title, agency, how, ext) in enumerate(HANWEB_REPORTS):
        art += 317
        y1, m, d = year + 1, 1 + i % 3, 10 + i % 19
        date = f"{y1}-{m:02d}-{d:02d}"
        page_path = f"/art/{y1}/{m}/{d}/art_{COLUMNID}_{art}.html"
        accept: set[str] = set()
        if how == "direct":
            fpath = f"/attach/0/{art:x}{i:02d}a7c3e91d.{ext}"
            put(fpath, attachment_bytes(ext, title, agency, year), CT[ext])
            accept.add(site.url(fpath))
            href = fpath
        else:
            if how == "page":
                body = report_body(agency, year, seed=i)
                accept.add(site.url(page_path))
                attach = ""
            else:
                fname = f"{y1}{m:02d}{d:02d}1030{art}.{ext}"
                fpath = f"/module/download/downfile.jsp?classid=0&filename={fname}"
                put(fpath, attachment_bytes(ext, title, agency, year), CT[ext],
                    **{"Content-Disposition": f'attachment; filename="{fname}"'})
                accept.add(site.url(fpath))
                body = "<p>&nbsp;</p>"
                attach = (f'<p><a href="{fpath}" target="_blank"><img src="/module/jslib/icons/{ext}.png" border="0">'
                          f"{html.escape(title)}.{ext}</a></p>")
                body += attach
            put(page_path, _hanweb_article(title, agency, date, body))
            accept.add(site.url(page_path))
            href = page_path if i % 2 else site.url(page_path)  # some records absolute
        site.reports.append(Report(title, year, agency, accept, how))
        records.append((_record(href, title, date), date))
    for j, (year, kind, title) in enumerate(HANWEB_LOOKALIKES):
        art += 211
        date = f"{year + 1}-0{2 + j % 6}-1{j}"
        page_path = f"/art/{year + 1}/{2 + j % 6}/1{j}/art_{COLUMNID}_{art}.html"
        put(page_path, _hanweb_article(title, PROV, date, lookalike_body(kind, PROV, year)))
        site.lookalikes.add(site.url(page_path))
        records.append((_record(page_path, title, date), date))
    records.sort(key=lambda r: r[1], reverse=True)
    site.hanweb_records = [r for r, _ in records]  # type: ignore[attr-defined]
    total = len(records)
    first = records[:PER_PAGE * GROUP]
    store = "".join(f"<record><![CDATA[\n{r}\n]]></record>" for r, _ in first)
    webname = quote(PROV)
    nextgroup = (f"<a href='/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={WEBID}&path=/&columnid={COLUMNID}"
                 f"&unitid={UNITID}&webname={webname}&permissiontype=0'></a>")
    main = f"""<div class="bt-position">当前位置：<a href="/index.html">首页</a> &gt; <a href="/col/col1388/index.html">政务公开</a>
&gt; <a href="/col/col1390/index.html">政府信息公开</a> &gt; <span>政府信息公开年报</span></div>
<div class="bt-list"><div class="list-tit">政府信息公开年报</div>
<div id="{UNITID}"><script type="text/xml"><datastore>
<column>{COLUMNID}</column><totalrecord>{total}</totalrecord><totalpage>{-(-total // PER_PAGE)}</totalpage>
<nextgroup><![CDATA[{nextgroup}]]></nextgroup>
<recordset>{store}</recordset></datastore></script></div>
<script type="text/javascript">
  var jpageParams = {{col:1, appid:1, webid:{WEBID}, path:'/', columnid:{COLUMNID}, sourceContentType:1,
      unitid:'{UNITID}', webname:'{PROV}', permissiontype:0}};
  $('#{UNITID}').jpage({{
      dataStore: null, perPage: {PER_PAGE}, totalRecord: {total}, groupSize: {GROUP},
      barPosition: 'bottom', proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: jpageParams,
      showMode: 'full', allowChangePerPage: false, pageSizeMenu: [{PER_PAGE}]
  }});
</script></div>"""
    put(f"/col/col{COLUMNID}/index.html", _hanweb_page("政府信息公开年报", main,
                                                      meta='<meta name="ColumnName" content="政府信息公开年报" />'))


def _record(href: str, title: str, date: str) -> str:
    return (f'<li class="clearfix"><a href="{href}" title="{html.escape(title)}" target="_blank">'
            f"{html.escape(trunc(title, 24))}</a><b>{date}</b></li>")


def hanweb_post(site: Site, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> tuple[int, dict, bytes]:
    if path != "/module/web/jpage/dataproxy.jsp":
        return 404, {"Content-Type": "text/html"}, b"not found"
    need = {"columnid": COLUMNID, "unitid": UNITID, "webid": WEBID}
    if any((form.get(k) or [""])[0] != v for k, v in need.items()):
        return 200, {"Content-Type": "text/html;charset=utf-8"}, "<html><body>参数错误</body></html>".encode()
    try:
        start = int(query["startrecord"][0])
        end = int(query["endrecord"][0])
    except (KeyError, ValueError):
        return 200, {"Content-Type": "text/html;charset=utf-8"}, b"<html><body>error</body></html>"
    recs = site.hanweb_records  # type: ignore[attr-defined]
    chosen = recs[max(start - 1, 0):min(end, len(recs))]
    xml = ('<?xml version="1.0" encoding="utf-8"?><datastore><nextgroup><![CDATA[]]></nextgroup>'
           f"<totalrecord>{len(recs)}</totalrecord><recordset>"
           + "".join(f"<record><![CDATA[\n{r}\n]]></record>" for r in chosen) + "</recordset></datastore>")
    return 200, {"Content-Type": "text/xml;charset=UTF-8"}, xml.encode("utf-8")


def _hanweb_article(title: str, agency: str, date: str, body: str) -> str:
    meta = (f'<meta name="ArticleTitle" content="{html.escape(title)}" /><meta name="PubDate" content="{date} 10:30" />'
            f'<meta name="ContentSource" content="{agency}" /><meta name="ColumnName" content="政府信息公开年报" />')
    main = f"""<div class="bt-article">
<table width="100%" class="art-tab"><tr><td class="title">{html.escape(title)}</td></tr>
<tr><td class="info">发布日期：{date} 信息来源：{agency} 浏览次数：<script>document.write(312)</script></td></tr>
<tr><td class="bt_content"><div id="zoom">{body}</div></td></tr></table></div>"""
    return _hanweb_page(title, main, meta=meta)


# --- all three ----------------------------------------------------------------------------------


def start_sites() -> list[Site]:
    county = serve(Site("county", "plain 下一页/尾页 index_N.html, GBK, many agencies", encoding="gbk"))
    build_county(county)
    # GBK pages: the header says text/html only on articles, the meta says gb2312; lists name GBK.
    for path, (status, headers, body) in list(county.pages.items()):
        if headers["Content-Type"] == "text/html" and "/index" in path:
            county.pages[path] = (status, {**headers, "Content-Type": "text/html; charset=GBK"}, body)
    trs = serve(Site("trs", "TRS createPageHTML 0-based and 1-based"))
    build_trs(trs)
    for path, (status, headers, body) in list(trs.pages.items()):
        if headers["Content-Type"] == "text/html":
            trs.pages[path] = (status, {**headers, "Content-Type": "text/html; charset=utf-8"}, body)
    hanweb = serve(Site("hanweb", "Hanweb jpage + dataproxy.jsp"))
    build_hanweb(hanweb)
    hanweb.post = lambda path, query, form: hanweb_post(hanweb, path, query, form)  # type: ignore[method-assign]
    return [county, trs, hanweb]


def stop_sites(sites: list[Site]) -> None:
    for site in sites:
        if site.server is not None:
            site.server.shutdown()
            site.server.server_close()


if __name__ == "__main__":
    import time

    sites = start_sites()
    for s in sites:
        print(f"{s.name:7s} {s.home}  {len(s.reports)} reports, {len(s.lookalikes)} look-alikes")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        stop_sites(sites)
