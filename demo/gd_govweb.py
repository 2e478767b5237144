"""A 广东-style government web (issue 15, session 9): the shapes a 集约化 province's portals show.

- a province department's 地市 box whose links are bare city names (``湛江`` → the city's 教育局
  site, titled by a brand, ``湛江教育信息网``): the link names a place, not an agency — the site
  is named by its organizer (主办单位), by the city's own 部门网站 list, or not at all, whatever
  order the links come in (``departments_first``);
- a city's 部门网站 list linking a department's old domain that answers 200 with a 网站迁移公告
  (新网址 written as text): the department's site is where the notice sends;
- a 直属事业单位 group (a 公共资源交易中心): no agency;
- a department listed with a link on which nothing listens (``dead_port``): kept under its link's
  http:// address, marked ``unanswered``.
"""

from __future__ import annotations

from demo.govweb import Group, SiteSpec

GD = "广东省"


def gd_tree(dead_port: int, departments_first: bool = True) -> tuple[list[SiteSpec], str]:
    """The sites, and the start host. ``dead_port``: a port on 127.0.0.1 nothing listens on."""
    departments = Group("省政府组成部门", [("省教育厅", "edu.gd.gov.cn")])
    cities = Group("地级以上市", [("湛江市", "www.zhanjiang.gov.cn"), ("韶关市", "www.sg.gov.cn")], style="dl")
    institutions = Group("直属事业单位", [("广东省公共资源交易中心", "ggzy.gd.gov.cn")])
    dead = (f'<div class="box"><div class="box-title"><span>省政府直属机构</span></div><ul><li>'
            f'<a href="http://slt.gd.gov.cn:{dead_port}/">省水利厅</a></li></ul></div>')
    province = SiteSpec(
        "www.gd.gov.cn", "广东省人民政府门户网站", "广东省人民政府", None, (GD, None, None),
        home_groups=[departments, cities, institutions] if departments_first else [cities, institutions, departments],
        home_html=dead)
    edu = SiteSpec(
        "edu.gd.gov.cn", "广东省教育厅", "广东省教育厅", "广东省人民政府", (GD, None, None), seed=1,
        home_groups=[Group("地市教育部门", [("湛江", "jyj.zhanjiang.gov.cn"), ("韶关", "jyj.sg.gov.cn"),
                                            ("茂名", "jyj.maoming.gov.cn")])])
    zhanjiang = SiteSpec(
        "www.zhanjiang.gov.cn", "湛江市人民政府门户网站", "湛江市人民政府", "广东省人民政府", (GD, "湛江市", None), seed=2,
        home_groups=[Group("部门网站", [("市教育局", "jyj.zhanjiang.gov.cn")])])
    shaoguan = SiteSpec(
        "www.sg.gov.cn", "韶关市人民政府门户网站", "韶关市人民政府", "广东省人民政府", (GD, "韶关市", None), seed=3,
        home_groups=[Group("部门网站", [("市民政局", "www.sgmzj.gov.cn")])],
        files={"/sgsmzj/": ("text/html; charset=utf-8", "<html><head><title>韶关市民政局</title></head>"
                                         "<body><h1>韶关市民政局</h1><p>民政要闻</p></body></html>")})
    zj_edu = SiteSpec("jyj.zhanjiang.gov.cn", "湛江教育信息网", "湛江市教育局", "湛江市人民政府", (GD, "湛江市", None),
                      report=False)
    sg_edu = SiteSpec("jyj.sg.gov.cn", "韶关教育信息网", "韶关市教育局", "广东省教育厅", (GD, "韶关市", None),
                      report=False, home_html="<div class='foot'>主办单位：韶关市教育局　地址：韶关市</div>")
    mm_edu = SiteSpec("jyj.maoming.gov.cn", "茂名教育信息网", None, report=False)  # nothing names it: left out
    moved = SiteSpec("www.sgmzj.gov.cn", "网站迁移公告", None, report=False, home_html=(
        "<h1>网站迁移公告</h1><p>根据政府网站集约化工作要求，本网站已整体迁移至韶关市人民政府门户网站。"
        "新网址：<a>www.sg.gov.cn:{port}/sgsmzj/</a>，请访问新网址。</p>"))
    ggzy = SiteSpec("ggzy.gd.gov.cn", "广东省公共资源交易中心", None, report=False)
    return [province, edu, zhanjiang, shaoguan, zj_edu, sg_edu, mm_edu, moved, ggzy], "www.gd.gov.cn"
