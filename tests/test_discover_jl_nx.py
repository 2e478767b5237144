"""Two government webs (吉林省, 宁夏回族自治区) in shapes the other discovery tests never built.

吉林省 (from its portal):
- the province's home links no directory page: only its 网站地图 does (政府网站导航 there); its
  footer is an ``<iframe>`` of another page holding a ``<select>`` of 省直部门网站 (one department
  is only there);
- the 政府网站导航 page opens departments by ``<li onclick="window.open('…')">``, fills 直属机构
  from a script file assigning an array (``var sites=[{n:…,u:…}]``), and links the cities
  through an image map's ``<area>`` (one city as 延边州, whose own title says 延边州人民政府), and
  lists one county its city's portal does not (its parent is still its city's government);
- 长春市's root 301s to a sub-path; its home shows tab panes (市政府部门 | 县（市）区 | 开发区),
  departments as ``<span data-url>`` named by 简称 (市发改委, 市人社局) whose sites title their
  full names (``…门户网站``, ``首页-…``), a relative 更多 link to the rest of the departments
  (with a 融媒体中心 and a 12345 hotline among them), a district name many cities share (朝阳区), and a
  footer select bound by id in script that opens ``'/go.jsp?id=' + $(this).val()`` (a jump that 301s);
- 延边州's counties come from a JSONP answer, one county's home is a meta refresh to a sub-path,
  another's is a script sending the browser to a new domain, one is linked as 安图; its departments
  come from a paged JSON service (``/api/bm.do?pageNo=1&pageSize=2``, ``{"total": 4, …}``: two only
  on page 2, titled 首页: 州卫健委 is named 卫生健康委员会 in full).

宁夏回族自治区 (from its portal):
- the province's root 301s to a sub-path; its home box of 区直部门网站 shows two departments and
  a 更多 link to a 政府网站导航 built from a script file assigning an array of groups, each with
  its sites (``{name:"自治区政府部门",sites:[{n:…,u:…}]}``), 简称 names (自治区人社厅);
- 固原市's home is a script sending phones to /m/ and other browsers to a sub-path; its tab bar (市直部门 | 县（区）) pairs with
  panels by order, departments opened by ``onclick``, a county named 泾源 opened by a page function;
  one county is listed only on its 网站地图 page, and that county's root 301s to /index.html;
- 中卫市 links its counties in an image map under 走进中卫 (one by its old domain, which 301s to
  the new one), and its departments on a 部门网站 page of ``<div data-url>`` cards (a
  公共资源交易中心, a 融媒体中心 and a hospital among them, and two brands: 健康中卫, named only by its
  footer's 主办单位 (the city's 卫生健康委员会), 中卫党建, whose organizer is a party organ, and 信用中卫,
  a 专题 site its 发展和改革委员会 runs: no brand of that organ);
- the province's 政府网站导航 script names 自治区广电局 (广播电视局: an agency, unlike a 广播电视台).

Titles as real portals print them: a joint party–government portal (中共西吉县委 西吉县人民政府门户网站),
a province's short name before a county (宁夏中宁县人民政府) or a department (宁夏教育厅), a greeting
(原州区人民政府欢迎您！).

What is an agency where the issue is silent: a 公共资源交易中心 (publishes its own 政府信息公开
年报) is one; a 融媒体中心, a 广播电视台, a 12345 hotline, a 政务服务网, newspapers, banks,
universities, hospitals and companies are not.
"""

from __future__ import annotations

import sqlite3

import pytest

from demo.govweb import GovWeb, Group, SiteSpec
from tests.test_discover import FAST, _crawl_sources, _entries, _nianbao

JL = ("吉林省", None, None)
CC = ("吉林省", "长春市", None)
YB = ("吉林省", "延边朝鲜族自治州", None)
NX = ("宁夏回族自治区", None, None)
GY = ("宁夏回族自治区", "固原市", None)
ZW = ("宁夏回族自治区", "中卫市", None)


def _leaf(host: str, title: str, agency: str, parent: str, place: tuple, seed: int, **kw) -> SiteSpec:
    return SiteSpec(host, title, agency, parent, place, seed=seed, **kw)


def _other(host: str, title: str) -> SiteSpec:
    return SiteSpec(host, title, None, report=False)


def _jilin_tree() -> list[SiteSpec]:
    prov, cc, yb = "吉林省人民政府", "长春市人民政府", "延边朝鲜族自治州人民政府"
    wzdh = (
        "<h2>政府网站导航</h2>"
        "<div class='g'><h3>省政府组成部门</h3><ul>"
        "<li onclick=\"window.open('http://jyt.jl-t.gov.cn:{port}/')\">省教育厅</li>"
        "<li onclick=\"window.open('http://fgw.jl-t.gov.cn:{port}/')\">省发展改革委</li></ul></div>"
        "<div class='g'><h3>省政府直属机构</h3><ul id='zsjg'></ul></div>"
        "<script src='/js/sites.js'></script><script>render(sites, 'zsjg');</script>"
        "<div class='g'><h3>市（州）政府网站</h3><img src='/images/jlmap.png' usemap='#jlmap'>"
        "<map name='jlmap'><area shape='poly' coords='1,2,3,4' href='http://www.changchun-t.gov.cn:{port}/' alt='长春市'>"
        "<area shape='poly' coords='5,6,7,8' href='http://www.yanbian-t.gov.cn:{port}/' alt='延边州'>"
        "<area shape='poly' coords='9,9,9,9' href='javascript:;' alt='吉林市'></map></div>"
        "<div class='g'><h3>县（市、区）政府网站</h3><ul><li><a href='http://www.dunhua-t.gov.cn:{port}/'>敦化市</a>"
        "</li></ul></div>"
        "<div class='g'><h3>其他网站</h3><ul><li><a href='http://www.jlrb-t.com.cn:{port}/'>吉林日报</a></li>"
        "<li><a href='http://www.jlbank-t.com:{port}/'>吉林银行</a></li>"
        "<li><a href='http://www.jlu-t.edu.cn:{port}/'>吉林大学</a></li></ul></div>")
    sites_js = (
        "var sites=[{n:\"省统计局\",u:\"http://tjj.jl-t.gov.cn:{port}/\"},"
        "{n:\"省市场监管厅\",u:\"//scjg.jl-t.gov.cn:{port}/\"},"
        "{n:\"省公共资源交易中心\",u:\"http://ggzy.jl-t.gov.cn:{port}/\"},"
        "{n:\"吉林省政务服务网\",u:\"http://zwfw.jl-t.gov.cn:{port}/\"},"
        "{n:\"12345政务服务便民热线\",u:\"http://12345.jl-t.gov.cn:{port}/\"}];\n"
        "function render(a,id){var h='';for(var i=0;i<a.length;i++){h+='<li><a href=\"'+a[i].u+'\">'+a[i].n+'</a></li>';}"
        "document.getElementById(id).innerHTML=h;}")
    foot = ("<html><head><meta charset='utf-8'></head><body><div class='foot-links'>"
            "<select onchange=\"if(this.value)window.open(this.value)\"><option value=''>省直部门网站</option>"
            "<option value='http://jyt.jl-t.gov.cn:{port}/'>省教育厅</option>"
            "<option value='http://jtt.jl-t.gov.cn:{port}/'>省交通运输厅</option></select>"
            "<select onchange=\"if(this.value)window.open(this.value)\"><option value=''>友情链接</option>"
            "<option value='http://www.gov-jl-t.cn:{port}/'>中国政府网</option>"
            "<option value='http://www.jltv-t.cn:{port}/'>吉林广播电视台</option></select></div></body></html>")
    cc_home = (
        "<div class='tab'><div class='tab-hd'><span class='on'>市政府部门</span><span>县（市）区</span>"
        "<span>开发区</span></div><div class='tab-bd'>"
        "<div class='pane'><span data-url='http://fgw.changchun-t.gov.cn:{port}/'>市发改委</span>"
        "<span data-url='http://rsj.changchun-t.gov.cn:{port}/'>市人社局</span>"
        "<a class='more' href='./bmwz/index.html'>更多&gt;&gt;</a></div>"
        "<div class='pane' style='display:none'><a href='http://www.nanguan-t.gov.cn:{port}/'>南关区</a>"
        "<a href='http://www.ccchaoyang-t.gov.cn:{port}/'>朝阳区</a>"
        "<a href='http://www.yushu-t.gov.cn:{port}/'>榆树市</a>"
        "<a href='http://www.nongan-t.gov.cn:{port}/'>农安县</a></div>"
        "<div class='pane' style='display:none'><a href='http://www.ccxq-t.gov.cn:{port}/'>长春新区</a>"
        "<a href='http://www.jingyue-t.gov.cn:{port}/'>净月高新区</a></div></div></div>"
        "<script>$('.tab-hd span').click(function(){var i=$(this).index();$('.tab-bd .pane').hide().eq(i).show();});</script>"
        "<div class='links'><h3>其他链接</h3><a href='http://www.ccrb-t.com.cn:{port}/'>长春日报</a></div>"
        "<div class='ft-sel'><select id='qxzf'><option value='0'>县（市）区政府网站</option><option value='31'>德惠市</option>"
        "</select></div><script>$('#qxzf').change(function(){window.open('/go.jsp?id='+$(this).val());});</script>")
    cc_more = (
        "<div class='list'><p><a href='http://zjj.changchun-t.gov.cn:{port}/'>市住建局</a></p>"
        "<p><a href='http://wglj.changchun-t.gov.cn:{port}/'>市文广旅局</a></p>"
        "<p><a href='http://rmt.changchun-t.gov.cn:{port}/'>长春市融媒体中心</a></p>"
        "<p><a href='http://12345.changchun-t.gov.cn:{port}/'>长春12345市民服务热线</a></p></div>")
    yb_home = (
        "<div class='xsq'><h3>县（市）政府网站</h3><ul id='xsqList'><li>加载中…</li></ul></div>"
        "<script>$.ajax({url:\"/api/xsq.jsp\",dataType:\"jsonp\",jsonpCallback:\"xsqCb\",success:function(d){"
        "$.each(d.data,function(i,s){$('#xsqList').append('<li><a href=\"'+s.siteUrl+'\">'+s.siteName+'</a></li>');});}});"
        "</script>")
    yb_home += ("<div class='bm'><h3>州直部门网站</h3><ul id='bmList'></ul></div>"
                "<script>$.getJSON('/api/bm.do?pageNo=1&pageSize=2',function(d){$.each(d.data.list,function(i,s){"
                "$('#bmList').append('<li><a href=\"'+s.webUrl+'\">'+s.webName+'</a></li>');});});</script>")
    bm_page = ('{{"code":200,"data":{{"total":4,"pageNo":{n},"list":[{rows}]}}}}')
    bm1 = bm_page.format(n=1, rows='{"webName":"州财政局","webUrl":"http://czj.yanbian-t.gov.cn:{port}/"},'
                                   '{"webName":"延边日报","webUrl":"http://www.ybrb-t.com:{port}/"}')
    bm2 = bm_page.format(n=2, rows='{"webName":"州教育局","webUrl":"http://jyj.yanbian-t.gov.cn:{port}/"},'
                                   '{"webName":"州卫健委","webUrl":"http://wjw.yanbian-t.gov.cn:{port}/"}')
    xsq = ('xsqCb({"code":0,"data":[{"siteName":"延吉市","siteUrl":"http://www.yanji-t.gov.cn:{port}/"},'
           '{"siteName":"珲春市","siteUrl":"http://www.hunchun-t.gov.cn:{port}/"},'
           '{"siteName":"汪清县","siteUrl":"http://www.wangqing-t.gov.cn:{port}/"},'
           '{"siteName":"安图","siteUrl":"http://www.antu-t.gov.cn:{port}/"}]});')
    refresh = ("<html><head><meta charset='utf-8'><meta http-equiv='refresh' content='0;url=/hcszf/index.html'>"
               "<title></title></head><body></body></html>")
    moved = ("<html><head><meta charset='utf-8'><title></title><script>"
             "window.location.href='http://www.wqx-t.gov.cn:{port}/';</script></head><body></body></html>")
    return [
        SiteSpec("www.jl-t.gov.cn", "吉林省人民政府门户网站", prov, None, JL, seed=101,
                 home_html=("<div class='foot'><iframe src='/include/foot.html' frameborder='0' scrolling='no' "
                            "width='100%' height='120'></iframe></div>"
                            "<div class='ft-nav'><a href='/wzdt/index.html'>网站地图</a> | <a href='/lxwm/'>联系我们</a></div>"),
                 pages_html={"/wzdt/index.html": ("<div class='map'><h3>政务公开</h3><a href='/zwgk/index.html'>政府信息公开</a>"
                                                  "<h3>网站服务</h3><a href='/zfwzdh/index.html'>政府网站导航</a></div>"),
                             "/zfwzdh/index.html": wzdh},
                 files={"/js/sites.js": ("application/javascript; charset=utf-8", sites_js),
                        "/include/foot.html": ("text/html; charset=utf-8", foot)}),
        _leaf("jyt.jl-t.gov.cn", "吉林省教育厅", "吉林省教育厅", prov, JL, 102),
        _leaf("fgw.jl-t.gov.cn", "吉林省发展和改革委员会门户网站", "吉林省发展和改革委员会", prov, JL, 103),
        _leaf("tjj.jl-t.gov.cn", "首页 - 吉林省统计局", "吉林省统计局", prov, JL, 104),
        _leaf("scjg.jl-t.gov.cn", "吉林省市场监督管理厅（知识产权局）", "吉林省市场监督管理厅", prov, JL, 105),
        _leaf("ggzy.jl-t.gov.cn", "吉林省公共资源交易中心", "吉林省公共资源交易中心", prov, JL, 106),
        _leaf("jtt.jl-t.gov.cn", "吉林省交通运输厅", "吉林省交通运输厅", prov, JL, 107),
        _other("zwfw.jl-t.gov.cn", "吉林省政务服务网"),
        _other("12345.jl-t.gov.cn", "吉林省12345政务服务便民热线"),
        _other("www.jlrb-t.com.cn", "吉林日报"),
        _other("www.jlbank-t.com", "吉林银行"),
        _other("www.jlu-t.edu.cn", "吉林大学"),
        _other("www.gov-jl-t.cn", "中国政府网"),
        _other("www.jltv-t.cn", "吉林广播电视台"),
        # 长春市: the root 301s to /ccszf/index.html
        _leaf("www.changchun-t.gov.cn", "长春市人民政府", cc, prov, CC, 110, home_html=cc_home,
              home_path="/ccszf/index.html", redirects={"/": "http://www.changchun-t.gov.cn:{port}/ccszf/index.html",
                                                        "/go.jsp?id=31": "http://www.dehui-t.gov.cn:{port}/"},
              pages_html={"/ccszf/bmwz/index.html": cc_more}),
        _leaf("fgw.changchun-t.gov.cn", "长春市发展和改革委员会门户网站", "长春市发展和改革委员会", cc, CC, 111),
        _leaf("rsj.changchun-t.gov.cn", "首页-长春市人力资源和社会保障局", "长春市人力资源和社会保障局", cc, CC, 112),
        _leaf("zjj.changchun-t.gov.cn", "长春市住房和城乡建设局", "长春市住房和城乡建设局", cc, CC, 113),
        _leaf("wglj.changchun-t.gov.cn", "长春市文化广播电视和旅游局门户网站", "长春市文化广播电视和旅游局", cc, CC, 127),
        _leaf("www.nanguan-t.gov.cn", "南关区人民政府", "长春市南关区人民政府", cc, ("吉林省", "长春市", "南关区"), 114),
        _leaf("www.ccchaoyang-t.gov.cn", "朝阳区人民政府", "长春市朝阳区人民政府", cc, ("吉林省", "长春市", "朝阳区"), 115),
        _leaf("www.yushu-t.gov.cn", "吉林省榆树市人民政府门户网站", "榆树市人民政府", cc, ("吉林省", "长春市", "榆树市"), 116),
        _leaf("www.dehui-t.gov.cn", "德惠市人民政府", "德惠市人民政府", cc, ("吉林省", "长春市", "德惠市"), 132),
        _leaf("www.nongan-t.gov.cn", "农安县人民政府", "农安县人民政府", cc, ("吉林省", "长春市", "农安县"), 117),
        _leaf("www.ccxq-t.gov.cn", "长春新区管理委员会", "长春新区管理委员会", cc, CC, 118),
        _leaf("www.jingyue-t.gov.cn", "长春净月高新技术产业开发区", "长春净月高新技术产业开发区管理委员会", cc, CC, 119),
        _other("rmt.changchun-t.gov.cn", "长春市融媒体中心"),
        _other("12345.changchun-t.gov.cn", "长春12345市民服务热线"),
        _other("www.ccrb-t.com.cn", "长春日报"),
        # 延边朝鲜族自治州: titled by its short name; departments on a 部门网站 page, counties by JSONP
        _leaf("www.yanbian-t.gov.cn", "延边州人民政府", yb, prov, YB, 120, home_html=yb_home,
              directory={"部门网站": [Group("州政府工作部门", [
                  ("州发改委", "fgw.yanbian-t.gov.cn"), ("州人社局", "rsj.yanbian-t.gov.cn"),
                  ("延边广播电视台", "www.ybtv-t.com"), ("延边大学", "www.ybu-t.edu.cn")])]},
              files={"/api/xsq.jsp": ("application/javascript; charset=utf-8", xsq),
                     "/api/bm.do?pageNo=1&pageSize=2": ("application/json", bm1),
                     "/api/bm.do?pageNo=2&pageSize=2": ("application/json", bm2)}),
        _leaf("czj.yanbian-t.gov.cn", "延边朝鲜族自治州财政局", "延边朝鲜族自治州财政局", yb, YB, 128),
        _leaf("jyj.yanbian-t.gov.cn", "首页", "延边朝鲜族自治州教育局", yb, YB, 129),
        _leaf("wjw.yanbian-t.gov.cn", "首页", "延边朝鲜族自治州卫生健康委员会", yb, YB, 131),
        _other("www.ybrb-t.com", "延边日报"),
        _leaf("fgw.yanbian-t.gov.cn", "延边朝鲜族自治州发展和改革委员会", "延边朝鲜族自治州发展和改革委员会", yb, YB, 121),
        _leaf("rsj.yanbian-t.gov.cn", "首页-延边州人力资源和社会保障局", "延边朝鲜族自治州人力资源和社会保障局", yb, YB, 122),
        _leaf("www.yanji-t.gov.cn", "延吉市人民政府", "延吉市人民政府", yb, ("吉林省", "延边朝鲜族自治州", "延吉市"), 123),
        _leaf("www.hunchun-t.gov.cn", "珲春市人民政府", "珲春市人民政府", yb, ("吉林省", "延边朝鲜族自治州", "珲春市"), 124,
              home_path="/hcszf/index.html", files={"/": ("text/html; charset=utf-8", refresh)}),
        SiteSpec("www.wangqing-t.gov.cn", "", None, report=False, files={"/": ("text/html; charset=utf-8", moved)}),
        _leaf("www.wqx-t.gov.cn", "汪清县人民政府", "汪清县人民政府", yb, ("吉林省", "延边朝鲜族自治州", "汪清县"), 125),
        _leaf("www.dunhua-t.gov.cn", "敦化市人民政府", "敦化市人民政府", yb, ("吉林省", "延边朝鲜族自治州", "敦化市"), 130),
        _leaf("www.antu-t.gov.cn", "安图县人民政府网", "安图县人民政府", yb, ("吉林省", "延边朝鲜族自治州", "安图县"), 126),
        _other("www.ybtv-t.com", "延边广播电视台"),
        _other("www.ybu-t.edu.cn", "延边大学"),
    ]


def _ningxia_tree() -> list[SiteSpec]:
    prov, gy, zw = "宁夏回族自治区人民政府", "固原市人民政府", "中卫市人民政府"
    nx_home = (
        "<div class='box'><div class='box-tit'>区直部门网站</div><ul>"
        "<li><a href='http://fgw.nx-t.gov.cn:{port}/'>自治区发展改革委</a></li>"
        "<li><a href='http://jyt.nx-t.gov.cn:{port}/'>自治区教育厅</a></li></ul>"
        "<a class='more' href='/nxszf/wzdh/index.shtml'>更多+</a></div>")
    nx_wzdh = "<h2>网站导航</h2><div id='wzdh'></div><script src='/nxszf/wzdh/wzdh.js'></script>"
    wzdh_js = (
        "var siteGroups=[{name:\"自治区政府部门\",sites:[{n:\"自治区发展改革委\",u:\"http://fgw.nx-t.gov.cn:{port}/\"},"
        "{n:\"自治区人社厅\",u:\"//rst.nx-t.gov.cn:{port}/\"},{n:\"自治区住建厅\",u:\"http://zjt.nx-t.gov.cn:{port}/\"},"
        "{n:\"自治区广电局\",u:\"http://gdj.nx-t.gov.cn:{port}/\"}]},"
        "{name:\"地级市政府\",sites:[{n:\"固原市\",u:\"http://www.nxgy-t.gov.cn:{port}/\"},"
        "{n:\"中卫市\",u:\"http://www.nxzw-t.gov.cn:{port}/\"}]},"
        "{name:\"其他网站\",sites:[{n:\"宁夏日报\",u:\"http://www.nxrb-t.cn:{port}/\"},"
        "{n:\"宁夏银行\",u:\"http://www.bankofnx-t.com:{port}/\"},{n:\"宁夏政务服务网\",u:\"http://zwfw.nx-t.gov.cn:{port}/\"}]}];\n"
        "(function(){var h='';siteGroups.forEach(function(g){h+='<h3>'+g.name+'</h3><ul>';g.sites.forEach(function(s){"
        "h+='<li><a href=\"'+s.u+'\">'+s.n+'</a></li>';});h+='</ul>';});document.getElementById('wzdh').innerHTML=h;})();")
    gy_redirect = ("<html><head><meta charset='utf-8'><title>固原市人民政府</title></head><body>"
                   "<script>if(/Android|iPhone|iPad/i.test(navigator.userAgent)){location.href='/m/';}"
                   "else{location.href='/gyszf/index.html';}</script></body></html>")
    gy_mobile = ("<html><head><meta charset='utf-8'><title>固原市人民政府手机版</title></head><body>"
                 "<a href='/m/xw/'>要闻</a><a href='/m/zwgk/'>政务公开</a></body></html>")
    gy_home = (
        "<div class='wz'><ul class='tabs'><li class='on'>市直部门</li><li>县（区）</li></ul><div class='tab-con'>"
        "<ul><li onclick=\"window.open('http://fgw.nxgy-t.gov.cn:{port}/')\">市发改委</li>"
        "<li onclick=\"window.open('http://rsj.nxgy-t.gov.cn:{port}/')\">市人社局</li>"
        "<li onclick=\"window.open('http://www.gyrb-t.com:{port}/')\">固原日报</li></ul>"
        "<ul style='display:none'><li><a href='http://www.yuanzhou-t.gov.cn:{port}/'>原州区</a></li>"
        "<li><a href='http://www.xiji-t.gov.cn:{port}/'>西吉县</a></li>"
        "<li><a href='javascript:void(0)' onclick=\"openSite('http://www.jingyuan-t.gov.cn:{port}/')\">泾源</a></li></ul>"
        "</div></div><script>function openSite(u){window.open(u);}</script>"
        "<div class='ft'><a href='/gyszf/wzdt.html'>网站地图</a></div>")
    gy_map = ("<div class='map'><h3>政务公开</h3><a href='/zwgk/index.html'>政府信息公开</a>"
              "<h3>县（区）政府网站</h3><a href='http://www.nxld-t.gov.cn:{port}/'>隆德县</a></div>")
    zw_home = (
        "<div class='zjzw'><h3>走进中卫</h3><img src='/img/map.jpg' usemap='#zwmap'><map name='zwmap'>"
        "<area shape='rect' coords='0,0,10,10' href='http://www.spt-t.gov.cn:{port}/' alt='沙坡头区'>"
        "<area shape='rect' coords='10,0,20,10' href='http://www.zn-t.gov.cn:{port}/' alt='中宁县'>"
        "<area shape='rect' coords='20,0,30,10' href='http://www.haiyuan-t.gov.cn:{port}/' alt='海原县'></map></div>"
        "<div class='ft-nav'><a href='/zwgk/bmwz.html'>部门网站</a> <a href='http://www.nxu-t.edu.cn:{port}/'>宁夏大学</a></div>")
    zw_bm = (
        "<div class='cards'><div class='item' data-url='http://zjj.nxzw-t.gov.cn:{port}/'>市住建局</div>"
        "<div class='item' data-url='http://ggzy.nxzw-t.gov.cn:{port}/'>市公共资源交易中心</div>"
        "<div class='item' data-url='http://wjw.nxzw-t.gov.cn:{port}/'>健康中卫</div>"
        "<div class='item' data-url='http://dj.nxzw-t.gov.cn:{port}/'>中卫党建</div>"
        "<div class='item' data-url='http://xy.nxzw-t.gov.cn:{port}/'>信用中卫</div>"
        "<div class='item' data-url='http://rmt.nxzw-t.gov.cn:{port}/'>中卫市融媒体中心</div>"
        "<div class='item' data-url='http://www.nxzwyy-t.com:{port}/'>中卫市人民医院</div></div>")
    return [
        SiteSpec("www.nx-t.gov.cn", "宁夏回族自治区人民政府门户网站", prov, None, NX, seed=201, home_html=nx_home,
                 home_path="/nxszf/index.shtml", redirects={"/": "http://www.nx-t.gov.cn:{port}/nxszf/index.shtml"},
                 pages_html={"/nxszf/wzdh/index.shtml": nx_wzdh},
                 files={"/nxszf/wzdh/wzdh.js": ("application/javascript; charset=utf-8", wzdh_js)}),
        _leaf("fgw.nx-t.gov.cn", "宁夏回族自治区发展和改革委员会门户网站", "宁夏回族自治区发展和改革委员会", prov, NX, 202),
        _leaf("jyt.nx-t.gov.cn", "宁夏教育厅", "宁夏回族自治区教育厅", prov, NX, 203),
        _leaf("rst.nx-t.gov.cn", "首页-宁夏回族自治区人力资源和社会保障厅", "宁夏回族自治区人力资源和社会保障厅", prov, NX, 204),
        _leaf("zjt.nx-t.gov.cn", "宁夏回族自治区住房和城乡建设厅", "宁夏回族自治区住房和城乡建设厅", prov, NX, 205,
              home_path="/index.html", redirects={"/": "/index.html"}),
        _leaf("gdj.nx-t.gov.cn", "宁夏回族自治区广播电视局门户网站", "宁夏回族自治区广播电视局", prov, NX, 206),
        _other("www.nxrb-t.cn", "宁夏日报"),
        _other("www.bankofnx-t.com", "宁夏银行"),
        _other("zwfw.nx-t.gov.cn", "宁夏政务服务网"),
        # 固原市: the root is a script sending the browser to /gyszf/index.html
        _leaf("www.nxgy-t.gov.cn", "固原市人民政府", gy, prov, GY, 210, home_html=gy_home, home_path="/gyszf/index.html",
              files={"/": ("text/html; charset=utf-8", gy_redirect), "/m/": ("text/html; charset=utf-8", gy_mobile)},
              pages_html={"/gyszf/wzdt.html": gy_map}),
        _leaf("fgw.nxgy-t.gov.cn", "固原市发展和改革委员会门户网站", "固原市发展和改革委员会", gy, GY, 211),
        _leaf("rsj.nxgy-t.gov.cn", "首页-固原市人力资源和社会保障局", "固原市人力资源和社会保障局", gy, GY, 212),
        _leaf("www.yuanzhou-t.gov.cn", "原州区人民政府欢迎您！", "固原市原州区人民政府", gy, ("宁夏回族自治区", "固原市", "原州区"), 213),
        _leaf("www.xiji-t.gov.cn", "中共西吉县委 西吉县人民政府门户网站", "西吉县人民政府", gy, ("宁夏回族自治区", "固原市", "西吉县"), 214),
        _leaf("www.nxld-t.gov.cn", "隆德县人民政府", "隆德县人民政府", gy, ("宁夏回族自治区", "固原市", "隆德县"), 215,
              home_path="/index.html", redirects={"/": "http://www.nxld-t.gov.cn:{port}/index.html"}),
        _leaf("www.jingyuan-t.gov.cn", "泾源县人民政府", "泾源县人民政府", gy, ("宁夏回族自治区", "固原市", "泾源县"), 216),
        _other("www.gyrb-t.com", "固原日报"),
        # 中卫市: counties in an image map, departments as data-url cards on its 部门网站 page
        _leaf("www.nxzw-t.gov.cn", "中卫市人民政府门户网站", zw, prov, ZW, 220, home_html=zw_home,
              pages_html={"/zwgk/bmwz.html": zw_bm}),
        _leaf("zjj.nxzw-t.gov.cn", "中卫市住房和城乡建设局", "中卫市住房和城乡建设局", zw, ZW, 221),
        _leaf("ggzy.nxzw-t.gov.cn", "中卫市公共资源交易中心", "中卫市公共资源交易中心", zw, ZW, 222),
        _leaf("www.spt-t.gov.cn", "沙坡头区人民政府", "中卫市沙坡头区人民政府", zw, ("宁夏回族自治区", "中卫市", "沙坡头区"), 223),
        _leaf("www.zhongning-t.gov.cn", "宁夏中宁县人民政府", "中宁县人民政府", zw, ("宁夏回族自治区", "中卫市", "中宁县"), 224),
        _leaf("www.haiyuan-t.gov.cn", "海原县人民政府网", "海原县人民政府", zw, ("宁夏回族自治区", "中卫市", "海原县"), 225,
              home_path="/hyx/index.html", redirects={"/": "http://www.haiyuan-t.gov.cn:{port}/hyx/index.html"}),
        SiteSpec("www.zn-t.gov.cn", "", None, report=False,
                 redirects={"/": "http://www.zhongning-t.gov.cn:{port}/"}),  # the old domain
        _leaf("wjw.nxzw-t.gov.cn", "健康中卫", "中卫市卫生健康委员会", zw, ZW, 226,
              home_html="<div class='foot'><p>主办单位：中卫市卫生健康委员会</p></div>"),
        SiteSpec("dj.nxzw-t.gov.cn", "中卫党建", None, report=False,
                 home_html="<div class='foot'><p>主办单位：中共中卫市委组织部</p></div>"),
        SiteSpec("xy.nxzw-t.gov.cn", "信用中卫", None, report=False,
                 home_html="<div class='foot'><p>主办单位：中卫市发展和改革委员会</p></div>"),
        _other("rmt.nxzw-t.gov.cn", "中卫市融媒体中心"),
        _other("www.nxzwyy-t.com", "中卫市人民医院"),
        _other("www.nxu-t.edu.cn", "宁夏大学"),
    ]


def _discovered(web: GovWeb, start: str, tmp_path) -> dict[str, dict]:
    out = tmp_path / "sources.yaml"
    result = _nianbao("discover", "--start-url", web.url(start), "--out", str(out), *FAST,
                      "-s", "TWISTED_DNS_RESOLVER=crawler.hosts.HostsResolver", "-s", f"NIANBAO_HOSTS={web.hosts_setting}")
    assert result.returncode == 0, result.stderr[-3000:]
    return {e["name"]: e for e in _entries(out)}


def _want(web: GovWeb) -> dict[str, tuple]:
    from crawler.directory import host_key

    return {s.agency: (s.place, s.parent, host_key(f"http://{s.host}/")) for s in web.agencies()}


def _got(entries: dict[str, dict]) -> dict[str, tuple]:
    from crawler.directory import host_key

    return {name: ((e["province"], e["city"], e["county"]), e["parent"],
                   host_key(e["start_urls"][0]).split(":")[0]) for name, e in entries.items()}


@pytest.mark.parametrize("tree, start", [(_jilin_tree, "www.jl-t.gov.cn"), (_ningxia_tree, "www.nx-t.gov.cn")],
                         ids=["jilin", "ningxia"])
def test_every_agency_and_no_other_site_is_found(tree, start, tmp_path):
    with GovWeb(tree()) as web:
        got = _got(_discovered(web, start, tmp_path))
        want = _want(web)
    assert got == want


def test_the_discovered_sources_crawl_archives_every_agency_s_report(tmp_path):
    with GovWeb(_ningxia_tree()) as web:
        _discovered(web, "www.nx-t.gov.cn", tmp_path)
        con = sqlite3.connect(_crawl_sources(web, tmp_path / "sources.yaml", tmp_path))
        try:
            for rep in web.expected_reports():
                row = con.execute("select id, agency_id from reports where url = ?", (rep["url"],)).fetchone()
                assert row is not None and row[1] == rep["agency"], rep["url"]
                cells = dict(con.execute("select cell_id, value from cells where report_id = ?", (row[0],)).fetchall())
                assert {c: cells.get(c) for c in rep["cells"]} == rep["cells"], rep["url"]
        finally:
            con.close()


def test_footer_frames_placeholder_lists_full_place_names_and_organs_naming_a_business():
    from crawler.directory import (
        agency_in_link,
        agency_in_title,
        brand_of,
        expanded_name,
        frame_refs,
        names_non_agency,
        organizer_name,
        script_refs,
    )

    page = ("<html><body><h3>友情链接</h3><iframe src='/yqlj.html'></iframe><h3>要闻</h3>"
            "<div class='foot'><iframe src='/include/foot.html'></iframe><iframe src='/img/banner.png'></iframe>"
            "<iframe src='http://map.other-t.com/'></iframe></div></body></html>")
    assert frame_refs(page, "http://www.x-t.gov.cn/") == []
    assert frame_refs(page, "http://www.x-t.gov.cn/", unheaded=True) == [("http://www.x-t.gov.cn/include/foot.html", None)]
    page = ("<html><body><h3>县（市）政府网站</h3><ul id='xsq'><li>加载中…</li></ul>"
            "<script>$.ajax({url:'/api/xsq.jsp',dataType:'jsonp'});</script></body></html>")
    assert script_refs(page, "http://www.x-t.gov.cn/")[0] == [("http://www.x-t.gov.cn/api/xsq.jsp", "县(市)政府网站")]
    assert agency_in_title("首页-延边州人力资源和社会保障局") == "延边朝鲜族自治州人力资源和社会保障局"
    assert agency_in_link("石林县教育局") == "石林彝族自治县教育局"
    assert expanded_name("银川市人社局") == "银川市人力资源和社会保障局" and expanded_name("人社局") == "人社局"
    assert expanded_name("宁夏回族自治区发改委") == "宁夏回族自治区发展和改革委员会"
    assert expanded_name("长春市教委") == "长春市教育委员会" and expanded_name("长春市朝阳区科教委") == "长春市朝阳区科教委"
    assert organizer_name("健康中卫 版权所有 主办单位：中卫市卫生健康委员会 网站标识码") == "中卫市卫生健康委员会"
    assert brand_of("健康中卫", "中卫市卫生健康委员会") and brand_of("吉林教育网", "吉林省教育厅")
    assert not brand_of("信用中卫", "中卫市发展和改革委员会") and not brand_of("长春政府采购网", "长春市财政局")
    for footer in ("主办：中共中卫市委组织部", "主办单位：中卫市人民政府办公室", "主办：中卫日报社", "版权所有"):
        assert organizer_name(footer) is None, footer
    assert agency_in_link("长春市朝阳区教育局") == "长春市朝阳区教育局"  # spelled in full already
    assert agency_in_link("杭州湾新区管委会") == "杭州湾新区管委会"  # a place's stem, no short form of it
    for title, name in [("中共西吉县委 西吉县人民政府门户网站", "西吉县人民政府"), ("原州区人民政府欢迎您！", "原州区人民政府"),
                        ("西吉县人民政府、中共西吉县委", "西吉县人民政府"), ("宁夏中宁县人民政府", "中宁县人民政府"),
                        ("吉林省长春市人民政府", "长春市人民政府"), ("长春市朝阳区人民政府", "长春市朝阳区人民政府"),
                        ("中共西吉县委", None), ("宁夏教育厅", "宁夏回族自治区教育厅"),
                        ("宁夏回族自治区教育厅", "宁夏回族自治区教育厅"), ("杭州湾新区管委会", "杭州湾新区管委会")]:
        assert agency_in_title(title) == name, title
    from crawler.directory import reconcile_name
    from parsers.places import Place

    # a link's 简称 after the province's short name is left to the title (set V: 北部湾办)
    assert reconcile_name("广西北部湾办", "广西北部湾经济区规划建设管理办公室", Place("广西壮族自治区")) == \
        "广西北部湾经济区规划建设管理办公室"
    for text, want in [("宁夏回族自治区广播电视局门户网站", False), ("首页-长春市文化广播电视和旅游局", False),
                       ("长春市社会保险事业管理局", False), ("宁夏广播电视台", True), ("宁夏广播电视台-首页", True),
                       ("中卫市融媒体中心", True), ("吉林银行", True), ("长春市人大常委会", True), ("共青团长春市委员会", True),
                       ("市委网信办", True), ("长春市委宣传部", True), ("自治区党委办公厅", True), ("市委编办", True),
                       ("市发改委", False), ("区民宗委", False), ("州卫健委", False), ("长春新区管委会", False),
                       ("中卫市疾病预防控制中心", True), ("宁夏回族自治区疾病预防控制局", False), ("中卫市妇幼保健院", True),
                       ("中卫市12345政务服务便民热线管理中心", True), ("广西数字政务一体化平台-广西壮族自治区大数据发展局", True)]:
        assert names_non_agency(text) is want, text


def test_a_script_s_literals_keep_their_own_group_names():
    from crawler.directory import links_in_script

    script = ("var siteGroups=[{name:\"自治区政府部门\",sites:[{n:\"自治区发展改革委\",u:\"http://fgw.x-t.gov.cn/\"},"
              "{n:'自治区人社厅',u:'//rst.x-t.gov.cn/',}]},{name:'其他网站',sites:[{n:\"宁夏日报\",u:\"http://rb.x-t.cn/\"}]}];\n"
              "(function(){var h='';siteGroups.forEach(function(g){h+='<h3>'+g.name+'</h3>';});})();\n"
              "window.__STATE__ = {\"a\": 1, \"list\": [{\"title\": \"县区政府\", \"items\": [{\"name\": \"西吉县\", "
              "\"url\": \"http://www.xj-t.gov.cn/\"}]}]};")
    got = [(link.url, link.text, link.heading) for link in links_in_script(script, "http://www.x-t.gov.cn/", {}, "网站导航")]
    assert got == [("http://fgw.x-t.gov.cn/", "自治区发展改革委", "自治区政府部门"),
                   ("http://rst.x-t.gov.cn/", "自治区人社厅", "自治区政府部门"),
                   ("http://rb.x-t.cn/", "宁夏日报", "其他网站"),
                   ("http://www.xj-t.gov.cn/", "西吉县", "县区政府")]
    script = "var data = [{title: '经济类', list: [{name: '市发改委', url: 'http://fgw.x-t.gov.cn/'}]}];"
    assert [(link.text, link.heading) for link in links_in_script(script, "http://www.x-t.gov.cn/", {}, "部门网站")] == [
        ("市发改委", "部门网站 经济类")]  # a sub-group naming no kind of site: a part of the page's group


def test_paged_json_lists_and_records_carried_in_an_attribute():
    import json

    from crawler.directory import grouped_links, next_data_pages

    rows = [{"name": "甲", "url": "http://a-t.gov.cn/"}, {"name": "乙", "url": "http://b-t.gov.cn/"}]
    assert next_data_pages("http://x-t.gov.cn/api/sites?type=bm&pageNo=1&pageSize=2",
                           json.dumps({"code": 0, "data": {"total": 5, "list": rows}})) == [
        "http://x-t.gov.cn/api/sites?type=bm&pageNo=2&pageSize=2", "http://x-t.gov.cn/api/sites?type=bm&pageNo=3&pageSize=2"]
    assert next_data_pages("http://x-t.gov.cn/api/sites?limit=2", json.dumps({"total": 5, "rows": rows})) == [
        "http://x-t.gov.cn/api/sites?limit=5"]
    assert next_data_pages("http://x-t.gov.cn/api/sites?page=2", json.dumps({"totalPage": 3, "rows": rows})) == [
        "http://x-t.gov.cn/api/sites?page=3"]
    assert next_data_pages("http://x-t.gov.cn/api/sites?page=1", json.dumps({"total": 2, "rows": rows})) == []
    page = ("<html><body><h3>县区政府网站</h3><div data-sites='[{\"name\":\"西吉县\",\"url\":\"http://www.xj-t.gov.cn/\"}]'></div>"
            "<h3>部门网站</h3><site-list :sites=\"[{name:'市教育局',link:'//jyj.x-t.gov.cn/'}]\"></site-list></body></html>")
    assert [(link.url, link.text, link.heading) for link in grouped_links(page, "http://www.x-t.gov.cn/")] == [
        ("http://www.xj-t.gov.cn/", "西吉县", "县区政府网站"), ("http://jyj.x-t.gov.cn/", "市教育局", "部门网站")]


def test_escaped_markup_written_by_script_and_options_opening_by_script():
    from urllib.parse import quote

    from crawler.directory import grouped_links, links_in_script

    script = 'document.write(unescape("' + quote('<h3>部门网站</h3><a href="http://jyj.x-t.gov.cn/">市教育局</a>') + '"));'
    assert [(link.url, link.text) for link in links_in_script(script, "http://www.x-t.gov.cn/", {}, "部门网站")] == [
        ("http://jyj.x-t.gov.cn/", "市教育局")]
    page = ("<html><body><select><option value=''>县区政府网站</option>"
            "<option value=\"javascript:window.open('http://www.xj-t.gov.cn/')\">西吉县</option></select></body></html>")
    assert [(link.url, link.text, link.heading) for link in grouped_links(page, "http://www.x-t.gov.cn/")] == [
        ("http://www.xj-t.gov.cn/", "西吉县", "县区政府网站")]


def test_tabs_printed_as_pictures_head_their_panels():
    from crawler.directory import grouped_links

    page = ("<html><body><div class='t'><ul class='tab'><li><img src='/a.png' alt='部门网站'></li>"
            "<li><img src='/b.png' alt='友情链接'></li></ul><div class='bd'>"
            "<div><a href='http://jyj.x-t.gov.cn/'>市教育局</a></div><div><a href='http://www.rb-t.com/'>某日报</a></div>"
            "</div></div></body></html>")
    assert [(link.text, link.heading) for link in grouped_links(page, "http://www.x-t.gov.cn/")] == [
        ("市教育局", "部门网站"), ("某日报", "友情链接")]


def test_a_name_the_list_cut_short_is_read_whole_from_its_title():
    from crawler.directory import grouped_links

    page = ("<html><body><h3>部门网站</h3><a href='http://rst.x-t.gov.cn/' title='宁夏回族自治区人力资源和社会保障厅'>"
            "宁夏回族自治区人力资源和社...</a><a href='http://jyt.x-t.gov.cn/' title='教育'>自治区教育厅</a></body></html>")
    assert [link.text for link in grouped_links(page, "http://www.x-t.gov.cn/")] == [
        "宁夏回族自治区人力资源和社会保障厅", "自治区教育厅"]


def test_options_whose_values_a_handler_builds_a_url_around():
    from crawler.directory import grouped_links

    page = ("<html><body><select onchange=\"if(this.value)window.open('/go.jsp?id='+this.value)\">"
            "<option value=''>部门网站</option><option value='12'>市教育局</option></select>"
            "<select id='xq'><option value='0'>县区政府</option><option value='lj'>柳江区</option></select>"
            "<script>$('#xq').change(function(){ location.href = 'http://www.x-t.gov.cn/site/' + $(this).val()"
            " + '/index.html'; });</script></body></html>")
    got = [(link.url, link.text) for link in grouped_links(page, "http://www.x-t.gov.cn/")]
    assert ("http://www.x-t.gov.cn/go.jsp?id=12", "市教育局") in got
    assert ("http://www.x-t.gov.cn/site/lj/index.html", "柳江区") in got
