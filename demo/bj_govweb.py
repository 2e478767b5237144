"""A 北京-style government web (issue 15, session 10): a municipality, whose districts sit directly
under it, and shapes of its 政府网站导航 page (made-up hosts, real place names).

- the home page links a 政府网站导航 page (``/wzdh/``); on it a ``<select>`` jump box with
  ``<optgroup>``s (市政府组成部门 / 市政府直属机构 / 直属事业单位 / 市属国有企业): the institution and
  the enterprises are no agencies; departments linked by their common short forms (市教委, 市发展改革委);
- a list a page script holds as an array of objects (``var qzfSites = [{name: "东城区", url: …}]``)
  under 区政府网站;
- a district titled by its brand (``北京朝阳``) named by its link; its departments are columns of its
  own host in a 集约化 platform (``/col/col2001/index.html`` 区教委, ``/col/col2002/index.html`` 区财政局);
- a department whose title is only 首页 and whose footer names its organizer (主办：北京市卫生健康委员会);
- 友情链接 of media and a bank; 便民 links to a hospital and a school;
- a district linked from the portal's footer too, by the same name (one entry).
"""

from __future__ import annotations

from demo.govweb import SiteSpec
from demo.qh_govweb import _folder_site, _u

BJ = ("北京市", None, None)
CY = ("北京市", "北京市", "朝阳区")
DC = ("北京市", "北京市", "东城区")


def bj_tree() -> tuple[list[SiteSpec], str, list[dict[str, str]], dict[str, tuple[str, tuple, str]]]:
    """(specs, start host, the folder sites' expected reports, the folder agencies: name → (start URL
    with ``{port}``, place, parent))."""
    def option(label: str, host: str) -> str:
        return f'<option value="{_u(host)}">{label}</option>'

    wzdh = (
        '<div class="wzdh"><h2>政府网站导航</h2><div class="sel"><select onchange="if(this.value)window.open(this.value)">'
        '<option value="">请选择市政府部门网站</option>'
        '<optgroup label="市政府组成部门">' + option("市教委", "jw.bj-x.gov.cn") + option("市发展改革委", "fgw.bj-x.gov.cn")
        + '</optgroup><optgroup label="市政府直属机构">' + option("市统计局", "tjj.bj-x.gov.cn")
        + option("市卫生健康委", "wjw.bj-x.gov.cn") + '</optgroup>'
        '<optgroup label="直属事业单位">' + option("北京市公共资源交易中心", "ggzyfw.bj-x.gov.cn")
        + '</optgroup><optgroup label="市属国有企业">' + option("首钢集团", "www.shougang-x.com.cn")
        + '</optgroup></select></div>'
        '<div class="qzf"><h3>区政府网站</h3><ul id="qzfList"></ul></div>'
        '<script>var qzfSites = [{name: "东城区", url: "' + _u("www.bjdch-x.gov.cn") + '"}, '
        '{name: "朝阳区", url: "' + _u("www.bjchy-x.gov.cn") + '"}];'
        "for (var i = 0; i < qzfSites.length; i++) { document.getElementById('qzfList').innerHTML += "
        "'<li><a href=\"' + qzfSites[i].url + '\">' + qzfSites[i].name + '</a></li>'; }</script></div>")
    home = (
        '<div class="yqlj"><h3>友情链接</h3><a href="' + _u("www.bjnews-x.com.cn") + '">新京报</a> '
        '<a href="' + _u("www.bjbank-x.com.cn") + '">北京银行</a> <a href="' + _u("www.btv-x.com.cn") + '">北京广播电视台</a></div>'
        '<div class="bm"><h3>便民服务</h3><a href="' + _u("www.bjsrmyy-x.com") + '">北京市人民医院挂号</a> '
        '<a href="' + _u("www.bjedu-x.edu.cn") + '">北京开放大学</a></div>'
        '<div class="footer"><a href="/wzdh/">政府网站导航</a> <a href="' + _u("www.bjchy-x.gov.cn") + '">朝阳区</a></div>')
    province = SiteSpec("www.bj-x.gov.cn", "首都之窗_北京市人民政府门户网站", "北京市人民政府", None, BJ, seed=301,
                        home_html=home, pages_html={"/wzdh/": wzdh})
    departments = [
        SiteSpec("jw.bj-x.gov.cn", "北京市教育委员会", "北京市教育委员会", "北京市人民政府", BJ, seed=302),
        SiteSpec("fgw.bj-x.gov.cn", "北京市发展和改革委员会", "北京市发展和改革委员会", "北京市人民政府", BJ, seed=303),
        SiteSpec("tjj.bj-x.gov.cn", "北京市统计局", "北京市统计局", "北京市人民政府", BJ, seed=304),
        SiteSpec("wjw.bj-x.gov.cn", "首页", "北京市卫生健康委员会", "北京市人民政府", BJ, seed=305,
                 home_html="<div class='foot'>主办：北京市卫生健康委员会　京ICP备05000000号</div>"),
    ]
    cy_files: dict[str, tuple[str, str]] = {}
    folder_reports = [_folder_site("/col/col2001/", "北京市朝阳区教育委员会", 311, cy_files),
                      _folder_site("/col/col2002/", "北京市朝阳区财政局", 312, cy_files)]
    cy_files["/col/col2000/index.html"] = ("text/html; charset=utf-8", (
        "<html><head><title>政府机构-北京朝阳</title></head><body><h3>区政府部门</h3><ul>"
        '<li><a href="/col/col2001/index.html">区教委</a></li><li><a href="/col/col2002/index.html">区财政局</a></li>'
        "</ul></body></html>"))
    chaoyang = SiteSpec("www.bjchy-x.gov.cn", "北京朝阳", "北京市朝阳区人民政府", "北京市人民政府", CY, seed=306,
                        home_html='<div class="nav"><a href="/col/col2000/index.html">部门网站</a></div>', files=cy_files)
    dongcheng = SiteSpec("www.bjdch-x.gov.cn", "北京市东城区人民政府网站", "北京市东城区人民政府", "北京市人民政府", DC,
                         seed=307)
    others = [SiteSpec(host, title, None, report=False) for host, title in [
        ("ggzyfw.bj-x.gov.cn", "北京市公共资源交易服务平台"), ("www.shougang-x.com.cn", "首钢集团有限公司"),
        ("www.bjnews-x.com.cn", "新京报"), ("www.bjbank-x.com.cn", "北京银行"), ("www.btv-x.com.cn", "北京广播电视台"),
        ("www.bjsrmyy-x.com", "北京大学人民医院"), ("www.bjedu-x.edu.cn", "北京开放大学")]]
    folders = {"北京市朝阳区教育委员会": (_u("www.bjchy-x.gov.cn", "/col/col2001/index.html"), CY, "北京市朝阳区人民政府"),
               "北京市朝阳区财政局": (_u("www.bjchy-x.gov.cn", "/col/col2002/index.html"), CY, "北京市朝阳区人民政府")}
    return [province, *departments, chaoyang, dongcheng, *others], "www.bj-x.gov.cn", folder_reports, folders
