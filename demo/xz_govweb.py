"""A 西藏-style government web (issue 15, session 10): shapes of a region with 地区 and bilingual titles.

- the region's 市（地）县（区）政府网站 table: one row per city or 地区, its name in the row's
  ``<th>`` (linked) and its counties in the cells after it — a county's place is its row's
  (城关区 is 拉萨's here, though 兰州 has one too);
- a 地区's government is its 行政公署 (阿里地区行政公署), and a county listed only in the region's
  table is its 地区's child;
- titles that put the Tibetan name before the Chinese one (``ལྷ་ས་གྲོང་ཁྱེར། 拉萨市人民政府``);
- the city's own list of its districts and departments (closer than the region's table);
- 友情链接 of a newspaper and a TV station, a 政务服务网, a university.
"""

from __future__ import annotations

from demo.govweb import Group, SiteSpec
from demo.qh_govweb import _u

XZ = "西藏自治区"
LS = (XZ, "拉萨市", None)
AL = (XZ, "阿里地区", None)


def xz_tree() -> tuple[list[SiteSpec], str]:
    """(specs, start host)."""
    def a(host: str, label: str) -> str:
        return f'<a href="{_u(host)}">{label}</a>'

    table = ('<div class="sxwz"><h3>市（地）县（区）政府网站</h3><table class="sx">'
             f'<tr><th>{a("www.lasa-x.gov.cn", "拉萨市")}</th><td>{a("www.lscg-x.gov.cn", "城关区")}</td>'
             f'<td>{a("www.dldq-x.gov.cn", "堆龙德庆区")}</td></tr>'
             f'<tr><th>{a("www.ali-x.gov.cn", "阿里地区")}</th><td>{a("www.gaer-x.gov.cn", "噶尔县")}</td></tr></table></div>')
    region = SiteSpec(
        "www.xizang-x.gov.cn", "བོད་ལྗོངས་རང་སྐྱོང་ལྗོངས་མི་དམངས་སྲིད་གཞུང་། 西藏自治区人民政府", "西藏自治区人民政府", None,
        (XZ, None, None), seed=401, home_html=table,
        home_groups=[Group("自治区政府部门", [("教育厅", "edu.xizang-x.gov.cn"), ("统计局", "tjj.xizang-x.gov.cn")]),
                     Group("友情链接", [("西藏日报", "www.xzrb-x.com.cn"), ("西藏广播电视台", "www.xztv-x.cn"),
                                        ("西藏大学", "www.utibet-x.edu.cn"), ("西藏政务服务网", "www.xzzwfw-x.gov.cn")],
                           "select")])
    lasa = SiteSpec(
        "www.lasa-x.gov.cn", "ལྷ་ས་གྲོང་ཁྱེར། 拉萨市人民政府", "拉萨市人民政府", "西藏自治区人民政府", LS, seed=402,
        home_groups=[Group("县（区）政府", [("城关区", "www.lscg-x.gov.cn")], "dl"),
                     Group("市直部门", [("市教育局", "jyj.lasa-x.gov.cn")], "table")])
    specs = [
        region, lasa,
        SiteSpec("edu.xizang-x.gov.cn", "西藏自治区教育厅", "西藏自治区教育厅", "西藏自治区人民政府", (XZ, None, None), seed=403),
        SiteSpec("tjj.xizang-x.gov.cn", "བོད་ལྗོངས་སྡོམ་རྩིས་ཅུས། 西藏自治区统计局", "西藏自治区统计局", "西藏自治区人民政府",
                 (XZ, None, None), seed=404),
        SiteSpec("jyj.lasa-x.gov.cn", "拉萨市教育局", "拉萨市教育局", "拉萨市人民政府", LS, seed=405),
        SiteSpec("www.lscg-x.gov.cn", "城关区人民政府", "拉萨市城关区人民政府", "拉萨市人民政府", (XZ, "拉萨市", "城关区"),
                 seed=406),
        SiteSpec("www.dldq-x.gov.cn", "堆龙德庆区人民政府", "拉萨市堆龙德庆区人民政府", "拉萨市人民政府",
                 (XZ, "拉萨市", "堆龙德庆区"), seed=407),
        SiteSpec("www.ali-x.gov.cn", "阿里地区行政公署", "阿里地区行政公署", "西藏自治区人民政府", AL, seed=408),
        SiteSpec("www.gaer-x.gov.cn", "噶尔县人民政府", "噶尔县人民政府", "阿里地区行政公署", (XZ, "阿里地区", "噶尔县"),
                 seed=409),
        *[SiteSpec(host, title, None, report=False) for host, title in [
            ("www.xzrb-x.com.cn", "西藏日报"), ("www.xztv-x.cn", "西藏广播电视台"), ("www.utibet-x.edu.cn", "西藏大学"),
            ("www.xzzwfw-x.gov.cn", "西藏政务服务网")]],
    ]
    return specs, "www.xizang-x.gov.cn"
