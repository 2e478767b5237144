"""A 青海-style government web (issue 15, session 10): shapes of provinces discovery had not met.

Built from what real 政府网站导航 pages print (made-up hosts, real place names):

- the province's footer directory is an external script writing its markup line by line
  (``document.writeln('<div class="navLink">' + '<li class="L1"><h3><a>省政府部门</a></h3>' + …)``,
  as 河南's ``link.js``): headings are anchors without an address, items ``<dl><a>``; its
  中央政府和国家部委 group (levels above) and its 人大 / 法院 links lead to no agency;
- tabs whose headers are ``<li>`` words and whose panels follow by order (市州政府 | 省政府直属机构);
  the 直属机构 panel mixes agencies with a university, a hospital and a 政务服务网;
- a ``<select>`` jump box of 县（市、区）政府 (short names: 大通县 → 大通回族土族自治县) and one of
  友情链接 (a newspaper, a bank, an enterprise, a TV station);
- a 便民服务 box of a school, a hospital, a bank and a telecom company;
- a department whose title names no agency (``<title>首页</title>``: 省财政厅 by its link), one of
  them linked twice by the portal (省自然资源厅 in one group, 自然资源 in another: the groups come in
  either order);
- a department's 地市 box of bare city names (西宁 → the city's 教育局, titled 西宁教育网, its
  footer naming its organizer; the city's own list calls it 市教育局);
- a city whose departments are folders of its own host (集约化: ``/sjbm/czj/``), and whose
  部门网站 list a script fills from a JSON file;
- a stale department domain answering 200 with a notice (``本站已停止更新 … 新版网站：http://…``);
- dead sites: a department whose host does not resolve, a county answering 503.
"""

from __future__ import annotations

import json

from demo.govweb import Group, SiteSpec
from demo.sites.base import esc
from demo.sites.common import generated

QH = "青海省"
XN = (QH, "西宁市", None)
HD = (QH, "海东市", None)
HB = (QH, "海北藏族自治州", None)


def _u(host: str, path: str = "/") -> str:
    return f"http://{host}:{{port}}{path}"


def link_js() -> str:
    """The province's footer directory, written by an external script line by line."""
    def group(heading: str, items: list[tuple[str, str]]) -> list[str]:
        return ([f'<li class="L1"><h3><a target="_blank">{heading}<i></i></a></h3><div class="navList"><ol>']
                + [f'<dl><a href="{_u(host)}" target="_blank">{label}</a></dl>' for label, host in items]
                + ["</ol></div></li>"])

    lines = ['<div class="link">', '<div class="link-box">',
             f'<a href="{_u("www.qhrd-x.gov.cn")}" target="_blank">青海省人大常委会</a>|',
             f'<a href="{_u("www.qhcourt-x.gov.cn")}" target="_blank">青海省高级人民法院</a>',
             '</div>', '<div class="navLink"><ul class="navUl">',
             *group("中央政府和国家部委", [("中国政府网", "www.gov.cn"), ("工业和信息化部", "www.miit-x.gov.cn")]),
             *group("省政府部门", [("省教育厅", "jyt.qh-x.gov.cn"), ("省财政厅", "czt.qh-x.gov.cn")]),
             "</ul></div>", "</div>"]
    body = " +\n    ".join("'" + line.replace("'", "\\'") + "\\n'" for line in lines)
    return f"document.writeln({body});\n"


def _folder_site(folder: str, name: str, seed: int, files: dict[str, tuple[str, str]]) -> dict[str, str]:
    """A department kept under a folder of its city's host: its home, its 年报 column and one report
    (the expected report, keyed like :meth:`demo.sites.content.ReportDoc.expected`)."""
    html = "text/html; charset=utf-8"
    doc = generated(seed, "2021", name, 2024, "html_table", "2025-01-22")
    assert doc is not None
    report = f"{folder}xxgk/ndbg/2025/0122/1.html"
    files[folder] = (html, (f"<html><head><title>{esc(name)}</title></head><body><h1>{esc(name)}</h1>"
                            f'<a href="{folder}xxgk/ndbg/">政府信息公开年报</a><p>工作动态</p></body></html>'))
    files[f"{folder}index.html"] = files[folder]
    files[f"{folder}xxgk/ndbg/"] = (html, (
        f"<html><head><title>政府信息公开年报-{esc(name)}</title></head><body><h2>政府信息公开年报</h2>"
        f'<ul class="news-list"><li><a href="{report}">{esc(doc.title)}</a><span>2025-01-22</span></li></ul>'
        "</body></html>"))
    files[report] = (html, (
        f"<html><head><title>{esc(doc.title)}</title></head><body><article><h1>{esc(doc.title)}</h1>"
        f'<div class="meta">发布时间：2025-01-22　来源：{esc(name)}</div>'
        f'<div class="article-content">{doc.body_html}</div></article></body></html>'))
    return doc.expected(report)


def qh_tree(dead_port: int) -> tuple[list[SiteSpec], str, list[dict[str, str]], dict[str, tuple[str, tuple, str]]]:
    """(specs, start host, the folder sites' expected reports (``{port}`` in their URLs), the folder
    agencies: name → (start URL with ``{port}``, place, parent)). Sites that never answer:
    ``swj.haidong-x.gov.cn`` (linked on ``dead_port``, where nothing listens: send its name to
    127.0.0.1) and ``www.menyuan-x.gov.cn`` (503)."""
    tabs = (
        '<div class="zfwz"><div class="tab-hd"><ul><li class="on">市州政府</li><li>省政府直属机构</li></ul></div>'
        '<div class="tab-bd"><div class="panel"><ul>'
        f'<li><a href="{_u("www.xining-x.gov.cn")}">西宁市</a></li>'
        f'<li><a href="{_u("www.haidong-x.gov.cn")}">海东市</a></li>'
        f'<li><a href="{_u("www.haibei-x.gov.cn")}">海北州</a></li></ul></div>'
        '<div class="panel" style="display:none"><ul>'
        f'<li><a href="{_u("tjj.qh-x.gov.cn")}">省统计局</a></li>'
        f'<li><a href="{_u("gdj.qh-x.gov.cn")}">省广播电视局</a></li>'
        f'<li><a href="{_u("www.qhu-x.edu.cn")}">青海大学</a></li>'
        f'<li><a href="{_u("www.qhsrmyy-x.com")}">青海省人民医院</a></li>'
        f'<li><a href="{_u("www.qhzwfw-x.gov.cn")}">青海政务服务网</a></li></ul></div></div></div>')
    counties = ('<div class="xq"><select onchange="window.open(this.value)"><option value="">县（市、区）政府网站</option>'
                f'<option value="{_u("www.datong-x.gov.cn")}">大通县</option>'
                f'<option value="{_u("www.ledu-x.gov.cn")}">乐都区</option></select></div>')
    friends = ('<div class="yqlj"><select onchange="window.open(this.value)"><option value="">友情链接</option>'
               f'<option value="{_u("www.qhnews-x.com")}">青海新闻网</option>'
               f'<option value="{_u("www.qhbank-x.com.cn")}">青海银行</option>'
               f'<option value="{_u("www.qhyh-x.com")}">青海盐湖工业股份有限公司</option>'
               f'<option value="{_u("www.qhbtv-x.com")}">青海广播电视台</option></select></div>')
    services = ('<div class="box"><div class="box-title"><span>便民服务</span></div><ul>'
                f'<li><a href="{_u("www.qhu-x.edu.cn")}">青海大学招生</a></li>'
                f'<li><a href="{_u("www.qhsrmyy-x.com")}">预约挂号</a></li>'
                f'<li><a href="{_u("www.qhbank-x.com.cn")}">社保卡银行网点</a></li>'
                f'<li><a href="{_u("qh.chinamobile-x.com")}">中国移动青海公司</a></li></ul></div>')
    province = SiteSpec(
        "www.qh-x.gov.cn", "青海省人民政府网", "青海省人民政府", None, (QH, None, None), seed=201,
        # one site linked twice by one portal, once by its name and once by a word naming no agency:
        # whichever comes first, the site is judged on the link naming it
        home_groups=[Group("省政府组成部门", [("省自然资源厅", "zrzyt.qh-x.gov.cn")]),
                     Group("部门网站", [("自然资源", "zrzyt.qh-x.gov.cn"), ("统计", "tjj.qh-x.gov.cn")], "dl")],
        home_html=tabs + counties + friends + services + '<div class="footer"><script src="/js/link.js"></script></div>',
        files={"/js/link.js": ("application/javascript; charset=utf-8", link_js())})
    edu = SiteSpec(
        "jyt.qh-x.gov.cn", "青海省教育厅", "青海省教育厅", "青海省人民政府", (QH, None, None), seed=202,
        home_groups=[Group("市州教育部门", [("西宁", "jyj.xining-x.gov.cn"), ("海东", "jyj.haidong-x.gov.cn")])])
    finance = SiteSpec("czt.qh-x.gov.cn", "首页", "青海省财政厅", "青海省人民政府", (QH, None, None), seed=203)
    stats = SiteSpec("tjj.qh-x.gov.cn", "青海省统计局", "青海省统计局", "青海省人民政府", (QH, None, None), seed=204)
    land = SiteSpec("zrzyt.qh-x.gov.cn", "首页", "青海省自然资源厅", "青海省人民政府", (QH, None, None), seed=218)
    radio = SiteSpec("gdj.qh-x.gov.cn", "青海省广播电视局", "青海省广播电视局", "青海省人民政府", (QH, None, None), seed=205)

    xn_files: dict[str, tuple[str, str]] = {}
    folder_reports = [_folder_site("/sjbm/czj/", "西宁市财政局", 211, xn_files),
                      _folder_site("/sjbm/mzj/", "西宁市民政局", 212, xn_files)]
    xn_files["/data/bm.json"] = ("application/json; charset=utf-8", json.dumps({"code": 0, "data": [
        {"name": "市教育局", "url": _u("jyj.xining-x.gov.cn")}]}, ensure_ascii=False))
    xining = SiteSpec(
        "www.xining-x.gov.cn", "西宁市人民政府门户网站", "西宁市人民政府", "青海省人民政府", XN, seed=206,
        home_groups=[Group("县区政府", [("大通县", "www.datong-x.gov.cn"), ("湟中区", "www.huangzhong-x.gov.cn")], "dl")],
        home_html=('<div class="box"><div class="box-title"><span>市政府部门</span></div><ul>'
                   '<li><a href="/sjbm/czj/index.html">市财政局</a></li><li><a href="/sjbm/mzj/">市民政局</a></li></ul></div>'
                   '<div class="bmwz"><h3>部门网站</h3><ul id="bmlist"></ul></div><script>'
                   "$.getJSON('/data/bm.json', function (d) { $.each(d.data, function (i, s) {"
                   " $('#bmlist').append('<li><a href=\"' + s.url + '\">' + s.name + '</a></li>'); }); });</script>"),
        files=xn_files)
    xn_edu = SiteSpec("jyj.xining-x.gov.cn", "西宁教育网", "西宁市教育局", "西宁市人民政府", XN, seed=207,
                      home_html="<div class='foot'>主办单位：西宁市教育局　地址：西宁市城西区</div>")
    haidong = SiteSpec(
        "www.haidong-x.gov.cn", "海东市人民政府", "海东市人民政府", "青海省人民政府", HD, seed=208,
        home_groups=[Group("市直部门", [("市民政局", "www.hdmzj-x.gov.cn"), ("市教育局", "jyj.haidong-x.gov.cn")]),
                     Group("区县政府", [("乐都区", "www.ledu-x.gov.cn")], "table")],
        home_html=('<div class="box"><div class="box-title"><span>市直部门网站</span></div><ul>'
                   f'<li><a href="http://swj.haidong-x.gov.cn:{dead_port}/">市水务局</a></li></ul></div>'))
    hd_old = SiteSpec("www.hdmzj-x.gov.cn", "海东市民政局", None, report=False, home_html=(
        "<h2>公告</h2><p>本站已停止更新，请访问新版网站：<a href='http://mzj.haidong-x.gov.cn:{port}/'>"
        "http://mzj.haidong-x.gov.cn:{port}/</a></p>"))
    hd_mzj = SiteSpec("mzj.haidong-x.gov.cn", "海东市民政局", "海东市民政局", "海东市人民政府", HD, seed=209)
    hd_edu = SiteSpec("jyj.haidong-x.gov.cn", "海东市教育局", "海东市教育局", "海东市人民政府", HD, seed=210)
    haibei = SiteSpec(
        "www.haibei-x.gov.cn", "海北藏族自治州人民政府网", "海北藏族自治州人民政府", "青海省人民政府", HB, seed=213,
        home_groups=[Group("州直部门", [("州财政局", "czj.haibei-x.gov.cn")]),
                     Group("县级政府", [("门源县", "www.menyuan-x.gov.cn")])])
    hb_czj = SiteSpec("czj.haibei-x.gov.cn", "海北藏族自治州财政局", "海北藏族自治州财政局", "海北藏族自治州人民政府",
                      HB, seed=214)
    menyuan = SiteSpec("www.menyuan-x.gov.cn", "门源回族自治县人民政府", None, report=False, status=503)
    datong = SiteSpec("www.datong-x.gov.cn", "大通县人民政府", "大通回族土族自治县人民政府", "西宁市人民政府",
                      (QH, "西宁市", "大通回族土族自治县"), seed=215)
    huangzhong = SiteSpec("www.huangzhong-x.gov.cn", "湟中区人民政府", "西宁市湟中区人民政府", "西宁市人民政府",
                          (QH, "西宁市", "湟中区"), seed=216)
    ledu = SiteSpec("www.ledu-x.gov.cn", "乐都区人民政府网", "海东市乐都区人民政府", "海东市人民政府",
                    (QH, "海东市", "乐都区"), seed=217)
    others = [SiteSpec(host, title, None, report=False) for host, title in [
        ("www.qhrd-x.gov.cn", "青海人大网"), ("www.qhcourt-x.gov.cn", "青海法院网"),
        ("www.gov.cn", "中国政府网_中央人民政府门户网站"), ("www.miit-x.gov.cn", "中华人民共和国工业和信息化部"),
        ("www.qhu-x.edu.cn", "青海大学"), ("www.qhsrmyy-x.com", "青海省人民医院"), ("www.qhzwfw-x.gov.cn", "青海政务服务网"),
        ("www.qhnews-x.com", "青海新闻网"), ("www.qhbank-x.com.cn", "青海银行"),
        ("www.qhyh-x.com", "青海盐湖工业股份有限公司"), ("www.qhbtv-x.com", "青海广播电视台"),
        ("qh.chinamobile-x.com", "中国移动青海公司")]]
    folders = {"西宁市财政局": (_u("www.xining-x.gov.cn", "/sjbm/czj/index.html"), XN, "西宁市人民政府"),
               "西宁市民政局": (_u("www.xining-x.gov.cn", "/sjbm/mzj/"), XN, "西宁市人民政府")}
    specs = [province, edu, finance, stats, land, radio, xining, xn_edu, haidong, hd_old, hd_mzj, hd_edu, haibei, hb_czj,
             menyuan, datong, huangzhong, ledu, *others]
    return specs, "www.qh-x.gov.cn", folder_reports, folders


def main() -> None:
    """``python -m demo.qh_govweb``: serve the web by hand (its dead department's port is closed)."""
    import socket

    from demo.govweb import serve_until_interrupted

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    specs, start, _, _ = qh_tree(dead)
    serve_until_interrupted(specs, start)


if __name__ == "__main__":
    main()
