"""Two directory shapes of a province's web (a held-out 青海-style set):

- a 网站导航 tab bar whose panels follow in order, one of them an empty list a script fills: every tab
  still heads its own panel (the 直属事业单位 tab's sites were read under the breadcrumb and taken
  for agencies);
- a county's 乡镇网站 box linking its towns' sites in folders of its own host by their bare names
  (桥头镇 → /xz/qtz/): each folder is a site (the division table stops at counties, so no name
  was recognised and the towns were never visited).
"""

from crawler.directory import GroupLink, grouped_links, sub_site_key

NAV = """<html><body><div class="position">当前位置：<a href="/">首页</a> &gt; 网站导航</div>
<div class="dh-box"><ul class="dh-tab"><li onmouseover="showTab(0)">省政府组成部门</li>
<li onmouseover="showTab(1)">省政府直属机构</li><li onmouseover="showTab(2)">直属事业单位</li>
<li onmouseover="showTab(3)">金融机构</li></ul>
<div class="dh-con">
<div class="dh-panel"><ul><li><a href="http://jyt.q.gov.cn/">省教育厅</a></li><li><a href="http://kjt.q.gov.cn/">省科技厅</a></li></ul></div>
<div class="dh-panel"><ul id="zsjgList"></ul></div>
<div class="dh-panel"><ul><li><a href="http://dzdcj.q.gov.cn/">青海省地质调查局</a></li><li><a href="http://dsj.q.gov.cn/">青海省大数据中心</a></li></ul></div>
<div class="dh-panel"><ul><li><a href="http://www.qhbank.com.cn/">青海银行</a></li></ul></div>
</div></div>
<script>var zsjg=[{n:'省统计局',u:'http://tjj.q.gov.cn/'}];</script></body></html>"""


def test_tabs_head_their_panels_in_order_with_a_script_filled_panel_among_them() -> None:
    headings = {link.text: link.heading for link in grouped_links(NAV, "http://www.q.gov.cn/wzdh/index.html")}
    assert headings["省教育厅"] == headings["省科技厅"] == "省政府组成部门"
    assert headings["青海省地质调查局"] == headings["青海省大数据中心"] == "直属事业单位"
    assert headings["青海银行"] == "金融机构"


def test_town_folders_under_a_towns_heading_are_sites() -> None:
    folder = "http://www.datong.gov.cn/xz/qtz/"
    assert sub_site_key(GroupLink(folder, "桥头镇", "乡镇网站")) == "datong.gov.cn/xz/qtz/"
    assert sub_site_key(GroupLink("http://www.huangzhong.gov.cn/xzjd/lsez/", "鲁沙尔镇", "乡镇网站")) \
        == "huangzhong.gov.cn/xzjd/lsez/"
    assert sub_site_key(GroupLink("http://x.gov.cn/jd/cg/", "城关街道", "镇街导航")) == "x.gov.cn/jd/cg/"
    # a bare town name elsewhere is no site; neither is a word that only ends like one
    assert sub_site_key(GroupLink(folder, "桥头镇", "部门网站")) is None
    assert sub_site_key(GroupLink(folder, "城乡", "乡镇网站")) is None


TABS = ["区政府部门", "地市政府", "直属事业单位", "兄弟省区市"]
PANELS = [
    "<li><a href='http://jyt.x.gov.cn/'>自治区教育厅</a></li><li><a href='http://kjt.x.gov.cn/'>自治区科技厅</a></li>",
    "<li><a href='http://www.lasa.gov.cn/'>拉萨市</a></li><li><a href='http://www.al.gov.cn/'>阿里地区</a></li>",
    "<li><a href='http://www.xzu.edu.cn/'>西藏大学</a></li>",
    "<li><a href='http://www.sc.gov.cn/'>四川省</a></li><li><a href='http://www.yn.gov.cn/'>云南省</a></li>",
]
BANNER = "<div class='banner'><a href='http://www.gov.cn/' target='_blank'>中国政府网</a></div>"
BETWEEN = (BANNER + "<div class='wzml'><a href='/wzdh/wzml/'>政府网站名录</a></div>"
           "<div class='tplj'><h3>部门网站</h3><a href='http://yjt.x.gov.cn/'><img alt='自治区应急管理厅'></a></div>"
           "<div class='more'><a href='/wzdh/qzbm/'>更多&gt;&gt;</a></div>")


def _headings(html: str) -> dict[str, str | None]:
    return {link.text: link.heading for link in grouped_links(html, "http://www.x.gov.cn/wzdh/")}


def test_tabs_head_the_box_of_panels_a_few_blocks_after_them() -> None:
    # a banner, a 名录 link, an image strip and a 更多 link sit between the tab bar and its panels: the
    # four blocks are no panels (the whole box went under the last tab, 兄弟省区市, and was left out)
    bar = "<div class='tab-hd'><ul>" + "".join(f"<li>{t}</li>" for t in TABS) + "</ul></div>"
    box = "<div class='tab-bd'>" + "".join(f"<div class='panel'><ul>{p}</ul></div>" for p in PANELS) + "</div>"
    headings = _headings(f"<html><body><div class='wzdh'>{bar}{BETWEEN}{box}</div></body></html>")
    assert headings["自治区教育厅"] == headings["自治区科技厅"] == "区政府部门"
    assert headings["拉萨市"] == headings["阿里地区"] == "地市政府"
    assert headings["西藏大学"] == "直属事业单位"
    assert headings["四川省"] == "兄弟省区市"


def test_settab_boxes_pair_tab_one1_with_panel_con_one_1() -> None:
    bar = "<ul class='tabs'>" + "".join(f"<li id='one{i}' onmouseover=\"setTab('one',{i},4)\">{t}</li>"
                                        for i, t in enumerate(TABS, 1)) + "</ul>"
    panels = "".join(f"<div id='con_one_{i}'><ul>{p}</ul></div>" for i, p in enumerate(PANELS, 1))
    headings = _headings(f"<html><body><div class='box'>{bar}{BANNER}{panels}</div></body></html>")
    assert headings["自治区教育厅"] == "区政府部门" and headings["拉萨市"] == "地市政府"
    assert headings["西藏大学"] == "直属事业单位" and headings["云南省"] == "兄弟省区市"
