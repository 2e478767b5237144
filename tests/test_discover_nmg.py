"""A 内蒙古自治区-style government web of shapes the other discovery tests never built.

- a Hanweb jcms 网站群 page whose 自治区政府部门 list carries its first records as XML in a script
  and the rest only through ``POST /module/web/jpage/dataproxy.jsp`` (a department lives only there);
- a 盟 (兴安盟), whose government is a 行政公署, not a 人民政府; its 旗 and county-level 市;
- departments linked by an image alone (its alt a 简称: 市发改委), by an IP address with a port, and
  by 简称 whose sites title their full names;
- a city's counties in a Vue app filled from a JSON API (``axios.get('/api/site/list?…')``) whose
  records name sites by ``orgName``/``webUrl``;
- a 新区管委会 and an 经济技术开发区管委会 (agencies), a newspaper, a power company, a hospital, a
  学会 and a 人大 inside the agency groups, a bank and a university in the footer.
"""

from __future__ import annotations

import json

from tests.test_discover import _discover_hosts, _HostsServer


def _home(title: str, body: str = "", site_name: str | None = None) -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<div class='logo'>{site_name or title}</div>"
            f"<a href='/zwgk/'>政务公开</a>{body}"
            f"<div class='footer'><p>主办：{site_name or title} 网站标识码1500000001 蒙ICP备05001234号</p></div>"
            "</body></html>")


_JCMS_RECORDS_1 = [
    ("http://fgw.nmg-t.gov.cn:{port}/", "自治区发展改革委"),
    ("http://jyt.nmg-t.gov.cn:{port}/", "自治区教育厅"),
    ("http://www.nmgrb-t.com.cn:{port}/", "内蒙古日报社"),
]
_JCMS_RECORDS_2 = [
    ("http://czt.nmg-t.gov.cn:{port}/", "自治区财政厅"),
    ("http://www.impc-t.com.cn:{port}/", "内蒙古电力（集团）有限责任公司"),
    ("http://wjw.nmg-t.gov.cn:{port}/", "自治区卫健委"),
    ("http://www.nmgyy-t.gov.cn:{port}/", "内蒙古自治区人民医院"),
]


def _datastore(records: list[tuple[str, str]], total: int) -> str:
    rows = "".join(f"<record><![CDATA[<li><a href='{u}' target='_blank' title='{t}'>{t}</a></li>]]></record>"
                   for u, t in records)
    return f"<datastore><totalrecord>{total}</totalrecord><recordset>{rows}</recordset></datastore>"


def _nmg_tree() -> dict[str, dict[str, str] | str]:
    total = len(_JCMS_RECORDS_1) + len(_JCMS_RECORDS_2)
    jcms = (
        "<div class='main'><div class='bt'><span>自治区政府部门</span></div>"
        "<div id='40101'><script type='text/xml'><datastore>"
        "<nextgroup><![CDATA[<a href='/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/"
        "&columnid=40101&unitid=120001&webname=%E5%86%85&permissiontype=0'></a>]]></nextgroup>"
        f"<recordset>{''.join(_datastore(_JCMS_RECORDS_1, total).split('<recordset>')[1].split('</recordset>')[0])}"
        "</recordset></datastore></script></div>"
        "<script type='text/javascript'>$(document).ready(function(){$('#40101').jpage({"
        f"dataStore: null, totalRecord: {total}, perPage: 3, groupSize: 1, proxyUrl: "
        "'/module/web/jpage/dataproxy.jsp', col: 1, appid: 1, webid: 1, path: '/', columnid: 40101, "
        "sourceContentType: 1, unitid: '120001', webname: '内蒙古自治区人民政府', permissiontype: 0});});</script>"
        "<div class='bt'><span>盟市政府</span></div><table class='mswz'>"
        "<tr><td>呼和浩特市</td><td><a href='http://www.huhhot-t.gov.cn:{port}/' target='_blank'>"
        "www.huhhot-t.gov.cn</a></td></tr></table>"
        "<div class='bt'><span>直属特设机构及直属机构</span></div><ul>"
        "<li><a href='http://127.0.0.1:{port}/' target='_blank'>自治区统计局</a></li>"
        "<li><a href='http://www.nmgrd-t.gov.cn:{port}/' target='_blank'>自治区人大常委会</a></li></ul>"
        "<div class='bt'><span>新区、开发区</span></div><ul>"
        "<li><a href='http://www.hlgexq-t.gov.cn:{port}/' target='_blank'>和林格尔新区</a></li></ul></div>"
    )
    later = _datastore(_JCMS_RECORDS_2, total)
    xam_up = "<div class='sj'>上级网站：<a href='http://www.nmg-t.gov.cn:{port}/'>内蒙古自治区人民政府</a></div>"
    api = {"code": 200, "msg": "ok", "data": {"total": 3, "rows": [
        {"id": 11, "orgName": "新城区", "webUrl": "http://www.xcq-t.gov.cn:{port}/", "sort": 1},
        {"id": 12, "orgName": "土默特左旗", "webUrl": "http://www.tmtzq-t.gov.cn:{port}/", "sort": 2},
        {"id": 13, "orgName": "呼和浩特经济技术开发区", "webUrl": "http://www.hetda-t.gov.cn:{port}/", "sort": 3},
    ]}}
    return {
        "www.nmg-t.gov.cn": {
            "/": _home("内蒙古自治区人民政府门户网站", (
                "<div class='nav'><a href='/'>首页</a><a href='/wzq/'>网站群</a></div>"
                "<div class='yqlj'><span>政府网站</span>"
                "<select onchange=\"window.open(this.value)\"><option value=''>中央政府网站</option>"
                "<option value='http://www.gov-t.cn:{port}/'>中国政府网</option></select>"
                "<select onchange=\"window.open(this.value)\"><option value=''>盟市政府网站</option>"
                "<option value='http://www.xam-t.gov.cn:{port}/'>兴安盟</option></select>"
                "<select onchange=\"window.open(this.value)\"><option value=''>其他网站</option>"
                "<option value='http://www.nmgrb-t.com.cn:{port}/'>内蒙古日报</option>"
                "<option value='http://www.imu-t.edu.cn:{port}/'>内蒙古大学</option></select></div>"
                "<div class='links'><a href='http://www.boimc-t.com.cn:{port}/'>内蒙古银行</a>"
                "<a href='http://www.northnews-t.cn:{port}/'>正北方网</a></div>")),
            "/wzq/": _home("网站群_内蒙古自治区人民政府", jcms),
            "/module/web/jpage/dataproxy.jsp": later,
        },
        "fgw.nmg-t.gov.cn": {"/": _home("内蒙古自治区发展和改革委员会")},
        "jyt.nmg-t.gov.cn": {"/": _home("内蒙古自治区教育厅")},
        "czt.nmg-t.gov.cn": {"/": _home("首页", site_name="内蒙古自治区财政厅")},
        "wjw.nmg-t.gov.cn": {"/": _home("内蒙古自治区卫生健康委员会")},
        "www.nmgyy-t.gov.cn": {"/": _home("内蒙古自治区人民医院")},
        "127.0.0.1": {"/": _home("内蒙古自治区统计局")},
        "www.nmgrd-t.gov.cn": {"/": _home("内蒙古人大网")},
        "www.hlgexq-t.gov.cn": {"/": _home("内蒙古和林格尔新区管理委员会")},
        "www.nmgrb-t.com.cn": {"/": _home("内蒙古日报")},
        "www.impc-t.com.cn": {"/": _home("内蒙古电力（集团）有限责任公司")},
        "www.imu-t.edu.cn": {"/": _home("内蒙古大学")},
        "www.boimc-t.com.cn": {"/": _home("内蒙古银行")},
        "www.northnews-t.cn": {"/": _home("正北方网")},
        "www.gov-t.cn": {"/": _home("中国政府网")},
        # 呼和浩特市: its departments and its counties on two separate pages
        "www.huhhot-t.gov.cn": {
            "/": _home("呼和浩特市人民政府", (
                "<ul class='topnav'><li><a href='/bmwz/'>部门网站</a></li><li><a href='/qxqwz/'>旗县区网站</a></li></ul>")),
            "/bmwz/": _home("部门网站-呼和浩特市人民政府", (
                "<div class='flink'><h2>市直部门</h2><ul>"
                "<li><a href='http://fgw.huhhot-t.gov.cn:{port}/' target='_blank'><img src='/img/fgw.png' alt='市发改委'></a></li>"
                "<li><a href='http://jyj.huhhot-t.gov.cn:{port}/' target='_blank'><img src='/img/jyj.png' alt='教育局'></a></li>"
                "<li><a href='http://czj.huhhot-t.gov.cn:{port}/' target='_blank'><img src='/img/czj.png' alt=''></a></li>"
                "<li><a href='http://www.hhhtrb-t.com:{port}/' target='_blank'><img src='/img/rb.png' alt='呼和浩特日报'></a></li>"
                "<li><a href='http://www.hhhtyy-t.gov.cn:{port}/' target='_blank'><img src='/img/yy.png' alt='呼和浩特市第一医院'></a></li>"
                "<li><a href='http://www.hhhtjsjxh-t.org.cn:{port}/' target='_blank'><img src='/img/xh.png' alt='呼和浩特市计算机学会'></a></li>"
                "</ul></div>")),
            "/qxqwz/": ("<html><head><meta charset='utf-8'><title>旗县区网站</title></head><body>"
                        "<div id='app'><div class='tit'>旗县区网站</div><ul id='qxq'></ul></div>"
                        "<script src='/js/vue.min.js'></script><script src='/js/axios.min.js'></script>"
                        "<script>new Vue({el:'#app',data:{list:[]},mounted(){"
                        "axios.get('/api/site/list?type=county&pageSize=50').then(r=>{this.list=r.data.data.rows})}})"
                        "</script></body></html>"),
            "/api/site/list": json.dumps(api, ensure_ascii=False),
        },
        "fgw.huhhot-t.gov.cn": {"/": _home("呼和浩特市发展和改革委员会")},
        "jyj.huhhot-t.gov.cn": {"/": _home("教育局")},
        "czj.huhhot-t.gov.cn": {"/": _home("首页").replace(  # named by its SiteName meta alone
            "<title>", "<meta name='SiteName' content='呼和浩特市财政局'><title>")},
        "www.hhhtrb-t.com": {"/": _home("呼和浩特日报")},
        "www.hhhtyy-t.gov.cn": {"/": _home("呼和浩特市第一医院")},
        "www.hhhtjsjxh-t.org.cn": {"/": _home("呼和浩特市计算机学会")},
        "www.xcq-t.gov.cn": {"/": _home("呼和浩特市新城区人民政府")},
        "www.tmtzq-t.gov.cn": {"/": _home("土默特左旗人民政府")},
        "www.hetda-t.gov.cn": {"/": _home("呼和浩特经济技术开发区管理委员会")},
        # 兴安盟: a 行政公署; its departments and 旗县市 in two tabs
        "www.xam-t.gov.cn": {"/": _home("兴安盟行政公署门户网站", (
            "<div class='wzq'><ul class='tab-hd'><li class='on'>盟直部门</li><li>旗县市政府</li></ul>"
            "<div class='tab-bd'><ul>"
            "<li><a href='http://fgw.xam-t.gov.cn:{port}/'>盟发改委</a></li>"
            "<li><a href='http://jyj.xam-t.gov.cn:{port}/'>教育局</a></li>"
            "<li><a href='http://www.xarb-t.com:{port}/'>兴安日报</a></li></ul></div>"
            "<div class='tab-bd' style='display:none'><ul>"
            "<li><a href='http://www.wlht-t.gov.cn:{port}/'>乌兰浩特市</a></li>"
            "<li><a href='http://www.kyqq-t.gov.cn:{port}/'>科右前旗</a></li></ul></div></div>" + xam_up
            + "<div class='yq'><a href='http://www.xanxs-t.com:{port}/'>兴安农商银行</a></div>"))},
        "fgw.xam-t.gov.cn": {"/": _home("兴安盟发展和改革委员会")},
        "jyj.xam-t.gov.cn": {"/": _home("首页")},  # 教育局 twice, named by the link alone here
        "www.xarb-t.com": {"/": _home("兴安日报")},
        "www.xanxs-t.com": {"/": _home("兴安农商银行")},
        "www.wlht-t.gov.cn": {"/": _home("乌兰浩特市人民政府")},
        "www.kyqq-t.gov.cn": {"/": _home("科尔沁右翼前旗人民政府网")},
    }


def test_a_league_s_banners_jcms_later_pages_ip_links_image_names_and_a_json_app(tmp_path):
    with _HostsServer(_nmg_tree()) as web:
        got = {e["name"]: (e["start_urls"], (e["province"], e["city"], e["county"]), e["parent"])
               for e in _discover_hosts(web, "www.nmg-t.gov.cn", tmp_path)}

    def at(host: str) -> list[str]:
        return [f"http://{host}:{web.port}/"]

    nmg, hh, xa = ("内蒙古自治区", None, None), ("内蒙古自治区", "呼和浩特市", None), ("内蒙古自治区", "兴安盟", None)
    gov, hgov, xgov = "内蒙古自治区人民政府", "呼和浩特市人民政府", "兴安盟行政公署"
    want = {
        gov: (at("www.nmg-t.gov.cn"), nmg, None),
        "内蒙古自治区发展和改革委员会": (at("fgw.nmg-t.gov.cn"), nmg, gov),
        "内蒙古自治区教育厅": (at("jyt.nmg-t.gov.cn"), nmg, gov),
        "内蒙古自治区财政厅": (at("czt.nmg-t.gov.cn"), nmg, gov),
        "内蒙古自治区卫生健康委员会": (at("wjw.nmg-t.gov.cn"), nmg, gov),
        "内蒙古自治区统计局": (at("127.0.0.1"), nmg, gov),
        "内蒙古和林格尔新区管理委员会": (at("www.hlgexq-t.gov.cn"), nmg, gov),
        hgov: (at("www.huhhot-t.gov.cn"), hh, gov),
        "呼和浩特市发展和改革委员会": (at("fgw.huhhot-t.gov.cn"), hh, hgov),
        "呼和浩特市教育局": (at("jyj.huhhot-t.gov.cn"), hh, hgov),
        "呼和浩特市财政局": (at("czj.huhhot-t.gov.cn"), hh, hgov),
        "呼和浩特市新城区人民政府": (at("www.xcq-t.gov.cn"), ("内蒙古自治区", "呼和浩特市", "新城区"), hgov),
        "土默特左旗人民政府": (at("www.tmtzq-t.gov.cn"), ("内蒙古自治区", "呼和浩特市", "土默特左旗"), hgov),
        "呼和浩特经济技术开发区管理委员会": (at("www.hetda-t.gov.cn"), hh, hgov),
        xgov: (at("www.xam-t.gov.cn"), xa, gov),
        "兴安盟发展和改革委员会": (at("fgw.xam-t.gov.cn"), xa, xgov),
        "兴安盟教育局": (at("jyj.xam-t.gov.cn"), xa, xgov),
        "乌兰浩特市人民政府": (at("www.wlht-t.gov.cn"), ("内蒙古自治区", "兴安盟", "乌兰浩特市"), xgov),
        "科尔沁右翼前旗人民政府": (at("www.kyqq-t.gov.cn"), ("内蒙古自治区", "兴安盟", "科尔沁右翼前旗"), xgov),
    }
    assert got == want


def _yn_tree() -> dict[str, dict[str, str] | str]:
    """A 云南省-style web: 州市 in a header dropdown whose toggle is its heading, a 政府网站导航 page
    leading to one page per level (a table of departments under ``<th colspan>`` rows), autonomous
    prefectures and counties linked by their common short names (红河州, 石林县, 屏边县) beside a
    real 红河县, a department linked by an IP address, and tabs a script loads by concatenating
    the tab's key into a page address."""
    hh_tabs = (
        "<div class='wzq'><ul class='tabs'><li class='on' onclick=\"loadTab(this,'zzbm')\">州直部门</li>"
        "<li onclick=\"loadTab(this,'xszf')\">县市政府</li></ul><div id='tabcon'>加载中…</div></div>"
        "<script>function loadTab(el,key){$('#tabcon').load('/wzq/'+key+'.html');}"
        "$(function(){loadTab(null,'zzbm')});</script>")
    return {
        "www.yn-t.gov.cn": {
            "/": _home("云南省人民政府门户网站", (
                "<div class='top'><div class='dropdown'><a href='javascript:;' class='dropdown-toggle'>"
                "州市政府网站<i class='caret'></i></a><ul class='dropdown-menu'>"
                "<li><a href='http://www.km-t.gov.cn:{port}/'>昆明市</a></li>"
                "<li><a href='http://www.hh-t.gov.cn:{port}/'>红河州</a></li>"
                "<li><a href='http://www.fudian-t.com:{port}/'>富滇银行</a></li></ul></div></div>"
                "<div class='foot-nav'><a href='/zfwz/'>政府网站导航</a><a href='/wzdt/'>网站地图</a></div>")),
            "/zfwz/": _home("政府网站导航", (
                "<div class='lm'><a href='/zfwz/sjbm.html'>省级部门网站</a><a href='/zfwz/zsz.html'>州（市）政府网站</a></div>")),
            "/zfwz/sjbm.html": _home("省级部门网站", (
                "<table class='wzlb'><tr><th colspan='3'>省政府组成部门</th></tr>"
                "<tr><td><a href='http://yndrc-t.yn-t.gov.cn:{port}/'>省发展改革委</a></td>"
                "<td><a href='http://jyt.yn-t.gov.cn:{port}/'>省教育厅</a></td>"
                "<td><a href='http://www.yunnan-t.cn:{port}/'>云南日报</a></td></tr>"
                "<tr><td><a href='http://gat.yn-t.gov.cn:{port}/' title='云南省公安厅'><img src='/i/gat.png'></a></td>"
                "<td></td><td></td></tr>"
                "<tr><th colspan='3'>省政府直属特设机构、直属机构</th></tr>"
                "<tr><td><a href='http://gzw.yn-t.gov.cn:{port}/'>省国资委</a></td>"
                "<td><a href='http://www.ynic-t.com:{port}/'>云南省投资控股集团有限公司</a></td>"
                "<td><a href='http://amr.yn-t.gov.cn:{port}/'>省市场监管局</a></td></tr></table>")),
            "/zfwz/zsz.html": _home("州（市）政府网站", (
                "<ul class='list'><li><a href='http://www.km-t.gov.cn:{port}/'>昆明市人民政府</a></li>"
                "<li><a href='http://www.hh-t.gov.cn:{port}/'>红河州人民政府</a></li></ul>")),
        },
        "yndrc-t.yn-t.gov.cn": {"/": _home("云南省发展和改革委员会")},
        "jyt.yn-t.gov.cn": {"/": _home("云南省教育厅")},
        "gat.yn-t.gov.cn": {"/": _home("云南省公安厅")},
        "gzw.yn-t.gov.cn": {"/": _home("云南省人民政府国有资产监督管理委员会")},
        "amr.yn-t.gov.cn": {"/": _home("云南省市场监督管理局")},
        "www.yunnan-t.cn": {"/": _home("云南网_云南日报")},
        "www.ynic-t.com": {"/": _home("云南省投资控股集团有限公司")},
        "www.fudian-t.com": {"/": _home("富滇银行")},
        "www.km-t.gov.cn": {"/": _home("昆明市人民政府", (
            "<div class='box'><div class='hd'>县（市）区政府网站</div><ul>"
            "<li><a href='http://www.kmwh-t.gov.cn:{port}/'>五华区</a></li>"
            "<li><a href='http://www.ynsl-t.gov.cn:{port}/'>石林县</a></li>"
            "<li><a href='http://www.xd-t.gov.cn:{port}/'>寻甸县</a></li>"
            "<li><a href='http://www.kmhnz-t.gov.cn:{port}/'>高新区</a></li></ul></div>"
            "<div class='box'><div class='hd'>市级部门网站</div><table><tr><th>单位名称</th><th>网址</th></tr>"
            "<tr><td>市教育体育局</td><td><a href='http://127.0.0.1:{port}/'>http://127.0.0.1:{port}/</a></td></tr>"
            "<tr><td>昆明医科大学</td><td><a href='http://www.kmmu-t.edu.cn:{port}/'>www.kmmu-t.edu.cn</a></td></tr>"
            "</table></div>"))},
        "127.0.0.1": {"/": _home("昆明市教育体育局")},
        "www.kmmu-t.edu.cn": {"/": _home("昆明医科大学")},
        "www.kmwh-t.gov.cn": {"/": _home("五华区人民政府")},
        "www.ynsl-t.gov.cn": {"/": _home("石林彝族自治县人民政府")},
        "www.xd-t.gov.cn": {"/": _home("首页")},
        "www.kmhnz-t.gov.cn": {"/": _home("昆明国家高新技术产业开发区管理委员会")},
        "www.hh-t.gov.cn": {
            "/": _home("红河州人民政府", hh_tabs),
            "/wzq/zzbm.html": ("<ul><li><a href='http://fgw.hh-t.gov.cn:{port}/'>州发展改革委</a></li>"
                               "<li><a href='http://jyj.hh-t.gov.cn:{port}/'>州教育局</a></li>"
                               "<li><a href='http://www.hhrb-t.cn:{port}/'>红河日报</a></li>"
                               "<li><a href='http://www.hhyy-t.gov.cn:{port}/'>红河州第一人民医院</a></li></ul>"),
            "/wzq/xszf.html": ("<ul><li><a href='http://www.mengzi-t.gov.cn:{port}/'>蒙自市</a></li>"
                               "<li><a href='http://www.pingbian-t.gov.cn:{port}/'>屏边县</a></li>"
                               "<li><a href='http://www.hhx-t.gov.cn:{port}/'>红河县</a></li></ul>"),
        },
        "fgw.hh-t.gov.cn": {"/": _home("红河州发展和改革委员会")},
        "jyj.hh-t.gov.cn": {"/": _home("首页")},
        "www.hhrb-t.cn": {"/": _home("红河日报")},
        "www.hhyy-t.gov.cn": {"/": _home("红河州第一人民医院")},
        "www.mengzi-t.gov.cn": {"/": _home("蒙自市人民政府")},
        "www.pingbian-t.gov.cn": {"/": _home("屏边县人民政府")},
        "www.hhx-t.gov.cn": {"/": _home("红河县人民政府")},
    }


def test_dropdown_toggles_level_pages_autonomous_short_names_ip_links_and_concatenated_tab_pages(tmp_path):
    with _HostsServer(_yn_tree()) as web:
        got = {e["name"]: (e["start_urls"], (e["province"], e["city"], e["county"]), e["parent"])
               for e in _discover_hosts(web, "www.yn-t.gov.cn", tmp_path)}
        asked = {(host, path) for host, path in web.requests}

    def at(host: str) -> list[str]:
        return [f"http://{host}:{web.port}/"]

    yn, km, hh = ("云南省", None, None), ("云南省", "昆明市", None), ("云南省", "红河哈尼族彝族自治州", None)
    gov, kgov, hgov = "云南省人民政府", "昆明市人民政府", "红河哈尼族彝族自治州人民政府"
    assert got == {
        gov: (at("www.yn-t.gov.cn"), yn, None),
        kgov: (at("www.km-t.gov.cn"), km, gov),
        hgov: (at("www.hh-t.gov.cn"), hh, gov),  # linked 红河州, titled 红河州人民政府
        "云南省发展和改革委员会": (at("yndrc-t.yn-t.gov.cn"), yn, gov),
        "云南省教育厅": (at("jyt.yn-t.gov.cn"), yn, gov),
        "云南省公安厅": (at("gat.yn-t.gov.cn"), yn, gov),  # a picture link named by its title
        "云南省人民政府国有资产监督管理委员会": (at("gzw.yn-t.gov.cn"), yn, gov),
        "云南省市场监督管理局": (at("amr.yn-t.gov.cn"), yn, gov),
        "昆明市五华区人民政府": (at("www.kmwh-t.gov.cn"), ("云南省", "昆明市", "五华区"), kgov),
        "石林彝族自治县人民政府": (at("www.ynsl-t.gov.cn"), ("云南省", "昆明市", "石林彝族自治县"), kgov),
        "寻甸回族彝族自治县人民政府": (at("www.xd-t.gov.cn"), ("云南省", "昆明市", "寻甸回族彝族自治县"), kgov),
        "昆明国家高新技术产业开发区管理委员会": (at("www.kmhnz-t.gov.cn"), km, kgov),
        "昆明市教育体育局": (at("127.0.0.1"), km, kgov),  # its row's name, its address an IP
        "红河哈尼族彝族自治州发展和改革委员会": (at("fgw.hh-t.gov.cn"), hh, hgov),  # its title's 红河州, spelled in full
        "红河哈尼族彝族自治州教育局": (at("jyj.hh-t.gov.cn"), hh, hgov),  # 州教育局, title 首页
        "蒙自市人民政府": (at("www.mengzi-t.gov.cn"), ("云南省", "红河哈尼族彝族自治州", "蒙自市"), hgov),
        "屏边苗族自治县人民政府": (at("www.pingbian-t.gov.cn"), ("云南省", "红河哈尼族彝族自治州", "屏边苗族自治县"), hgov),
        "红河县人民政府": (at("www.hhx-t.gov.cn"), ("云南省", "红河哈尼族彝族自治州", "红河县"), hgov),
    }
    assert ("www.hh-t.gov.cn", "/wzq/xszf.html") in asked  # the hidden tab's page, built from its key


def test_autonomous_divisions_by_their_common_short_names():
    from crawler.directory import agency_in_link, agency_in_title
    from parsers.places import place_named_by

    assert place_named_by("红河州")[0] == "红河哈尼族彝族自治州"
    assert place_named_by("石林县")[0] == "石林彝族自治县"
    assert place_named_by("红河县")[0] == "红河县"  # a county of that very name stays itself
    assert agency_in_link("长阳县") == "长阳土家族自治县人民政府"
    assert agency_in_title("恩施州人民政府门户网站") == "恩施土家族苗族自治州人民政府"
    assert agency_in_title("科尔沁右翼前旗人民政府网") == "科尔沁右翼前旗人民政府"
    assert agency_in_link("兴安盟") == "兴安盟行政公署"
    assert agency_in_link("阿克苏地区") == "阿克苏地区行政公署"


def test_list_marks_around_a_name_and_more_kinds_of_organs_and_groups():
    from crawler.directory import (
        agency_in_link,
        is_agency_group,
        is_directory_link,
        is_excluded_group,
        names_non_agency,
        reconcile_name,
    )
    from parsers.places import Place

    yn = Place("云南省")
    for text in ("01 省教育厅", "2.省教育厅", "（3）省教育厅", "【省教育厅】", "省教育厅>>", "★省教育厅", "1、省教育厅"):
        assert reconcile_name(text, None, yn) == "云南省教育厅", text
    assert agency_in_link("12345政务服务便民热线") is None  # a number that is its name is no list mark
    assert reconcile_name("省政府研究室", "云南省人民政府研究室", yn) == "云南省人民政府研究室"
    assert agency_in_link("省政府驻北京联络处") == "省政府驻北京联络处"
    assert names_non_agency("云南人民出版社")
    for heading in ("政务网站", "部门子站", "盟直部门", "镇（街道）", "功能区", "新区"):
        assert is_agency_group(heading), heading
    assert is_excluded_group("周边县市") and not is_agency_group("周边县市")  # beside, not below
    for text in ("子站导航", "盟市网站", "旗县网站", "开发区网站"):
        assert is_directory_link(text), text


def test_a_title_part_naming_the_lister_is_not_the_site_s_name_and_bare_organs_are_the_lister_s():
    from crawler.directory import reconcile_name
    from parsers.places import Place

    xy = Place("湖北省", "襄阳市")
    assert reconcile_name("市教育局", "襄阳市人民政府-市教育局", xy, "襄阳市人民政府") == "襄阳市教育局"
    assert reconcile_name(None, "教育局 - 襄阳市人民政府", xy, "襄阳市人民政府") == "襄阳市教育局"
    # two cities' 统计局, each named by its link alone, are two agencies of two names
    assert reconcile_name("统计局", "首页", xy) == "襄阳市统计局"
    assert reconcile_name("统计局", None, Place("湖南省", "株洲市")) == "株洲市统计局"
    # a ministry's body listed by a city is not the city's
    assert reconcile_name("水文局", "长江水利委员会水文局", xy) == "长江水利委员会水文局"
    assert reconcile_name("税务局", "国家税务总局襄阳市税务局", xy) == "国家税务总局襄阳市税务局"


def _gx_tree() -> dict[str, dict[str, str] | str]:
    """A 广西-style web: the province portal is a single-page app (an empty ``<div id="app">``, its
    bundle asking ``/api/portal/nav`` — by POST only — for groups of departments and cities by keys
    of its own); a
    city's old domain sends the browser to the new one by script; a county linked over https
    answers only http; a 自治县 linked by its short name; a 地区-style 行政公署 is not here (see
    the 内蒙古 web's 盟)."""
    nav = {"code": 0, "data": [
        {"groupName": "自治区政府组成部门", "list": [
            {"deptName": "自治区发展改革委", "deptUrl": "http://fgw.gxzf-t.gov.cn:{port}/", "logoUrl": "/img/1.png"},
            {"deptName": "自治区教育厅", "deptUrl": "http://jyt.gxzf-t.gov.cn:{port}/", "logoUrl": "/img/2.png"}]},
        {"groupName": "设区市政府", "list": [
            {"deptName": "南宁市", "deptUrl": "http://www.nanning-old-t.gov.cn:{port}/", "logoUrl": "/img/3.png"},
            {"deptName": "百色市", "deptUrl": "http://www.baise-t.gov.cn:{port}/", "logoUrl": "/img/4.png"}]},
        {"groupName": "友情链接", "list": [
            {"deptName": "广西日报", "deptUrl": "http://www.gxrb-t.com.cn:{port}/"},
            {"deptName": "北部湾银行", "deptUrl": "http://www.bankofbbg-t.com:{port}/"}]},
    ]}
    app_js = ("!function(){var e=window.Vue;e.prototype.$http=window.axios;}();"
              "var r={methods:{loadNav:function(){var t=this;this.$http.get(\"/api/portal/nav\").then(function(e){"
              "t.groups=e.data.data})}}};")
    return {
        "www.gxzf-t.gov.cn": {
            "/": ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>广西壮族自治区人民政府门户网站</title>"
                  "<link href='/static/css/app.css' rel='stylesheet'></head><body><div id='app'></div>"
                  "<script src='/static/js/chunk-vendors.2b1d.js'></script>"
                  "<script src='/static/js/app.8c3f.js'></script></body></html>"),
            "/static/js/chunk-vendors.2b1d.js": "!function(){/* vue, axios */}();",
            "/static/js/app.8c3f.js": app_js,
            "/api/portal/nav": "POST " + json.dumps(nav, ensure_ascii=False),  # a @PostMapping service
        },
        "fgw.gxzf-t.gov.cn": {"/": _home("广西壮族自治区发展和改革委员会")},
        "jyt.gxzf-t.gov.cn": {"/": _home("广西壮族自治区教育厅")},
        "www.gxrb-t.com.cn": {"/": _home("广西日报")},
        "www.bankofbbg-t.com": {"/": _home("广西北部湾银行")},
        "www.nanning-old-t.gov.cn": {"/": ("<html><head><meta charset='utf-8'><title>正在跳转</title></head><body>"
                                           "<script>window.location.href='http://www.nanning-t.gov.cn:{port}/';</script>"
                                           "</body></html>")},
        "www.nanning-t.gov.cn": {"/": _home("南宁市人民政府门户网站", (
            "<div class='tit'>县（区）政府</div><ul><li><a href='http://www.xixiangtang-t.gov.cn:{port}/'>西乡塘区</a></li>"
            "<li><a href='https://www.mashan-t.gov.cn:{port}/'>马山县</a></li></ul>"))},
        "www.xixiangtang-t.gov.cn": {"/": _home("南宁市西乡塘区人民政府")},
        "www.mashan-t.gov.cn": {"/": _home("马山县人民政府")},
        "www.baise-t.gov.cn": {"/": _home("百色市人民政府", (
            "<h3>县（市、区）</h3><p><a href='http://www.youjiang-t.gov.cn:{port}/'>右江区</a> | "
            "<a href='http://www.longlin-t.gov.cn:{port}/'>隆林县</a> | "
            "<a href='http://www.jingxi-t.gov.cn:{port}/'>靖西市</a></p>"))},
        "www.youjiang-t.gov.cn": {"/": _home("右江区人民政府")},
        "www.longlin-t.gov.cn": {"/": _home("隆林县人民政府门户网站")},
        "www.jingxi-t.gov.cn": {"/": _home("靖西市人民政府")},
    }


def test_an_app_shell_s_api_groups_a_script_moved_domain_an_https_link_to_an_http_site(tmp_path):
    with _HostsServer(_gx_tree()) as web:
        got = {e["name"]: (e["start_urls"], (e["province"], e["city"], e["county"]), e["parent"])
               for e in _discover_hosts(web, "www.gxzf-t.gov.cn", tmp_path)}
        asked = {host for host, _ in web.requests}

    def at(host: str) -> list[str]:
        return [f"http://{host}:{web.port}/"]

    gx, gov = "广西壮族自治区", "广西壮族自治区人民政府"
    nn, bs = "南宁市人民政府", "百色市人民政府"
    assert got == {
        gov: (at("www.gxzf-t.gov.cn"), (gx, None, None), None),
        "广西壮族自治区发展和改革委员会": (at("fgw.gxzf-t.gov.cn"), (gx, None, None), gov),
        "广西壮族自治区教育厅": (at("jyt.gxzf-t.gov.cn"), (gx, None, None), gov),
        nn: (at("www.nanning-t.gov.cn"), (gx, "南宁市", None), gov),  # where its old domain's script sends
        bs: (at("www.baise-t.gov.cn"), (gx, "百色市", None), gov),
        "南宁市西乡塘区人民政府": (at("www.xixiangtang-t.gov.cn"), (gx, "南宁市", "西乡塘区"), nn),
        "马山县人民政府": (at("www.mashan-t.gov.cn"), (gx, "南宁市", "马山县"), nn),  # linked https, answers http
        "百色市右江区人民政府": (at("www.youjiang-t.gov.cn"), (gx, "百色市", "右江区"), bs),
        "隆林各族自治县人民政府": (at("www.longlin-t.gov.cn"), (gx, "百色市", "隆林各族自治县"), bs),
        "靖西市人民政府": (at("www.jingxi-t.gov.cn"), (gx, "百色市", "靖西市"), bs),
    }
    assert "www.gxrb-t.com.cn" not in asked and "www.bankofbbg-t.com" not in asked  # its 友情链接 group


def test_an_app_s_own_http_client_calls_are_its_data_requests():
    from crawler.directory import links_in_script, script_requests

    assert [(lk.text, lk.url) for lk in links_in_script(
        '{"rows": [{"单位名称": "甲县", "网址": "www.a.gov.cn"}]}', "http://www.x.gov.cn/", {}, None)] == [
        ("甲县", "http://www.a.gov.cn")]
    js = ('this.$http.get("/api/portal/nav");' "request({url: '/api/site/list', method: 'get'});"
          "service.post('/gov/sites.do');cache.get('key');m.get('name')")
    assert script_requests(js, "http://www.x.gov.cn/") == [
        "http://www.x.gov.cn/api/portal/nav", "http://www.x.gov.cn/api/site/list", "http://www.x.gov.cn/gov/sites.do"]


def _xj_tree() -> dict[str, dict[str, str] | str]:
    """A 新疆-style web: 地州市 in a footer box whose title is a div and whose items carry
    ``data-url``; a city's districts in a frame of a platform host; 厅局 in a ``<select>`` holding only its placeholder until an external script
    writes the options; a 地区 (行政公署) and its county listing its 镇 and 街道 sites."""
    return {
        "www.xj-t.gov.cn": {
            "/": _home("新疆维吾尔自治区人民政府", (
                "<div class='ft-links'><div class='select'><div class='select-title'>地州市政府网站</div>"
                "<ul class='select-list' style='display:none'>"
                "<li data-url='http://www.aks-t.gov.cn:{port}/'>阿克苏地区</li>"
                "<li data-url='http://www.klmy-t.gov.cn:{port}/'>克拉玛依市</li>"
                "<li data-url='http://www.xjbank-t.com:{port}/'>新疆银行</li></ul></div>"
                "<div class='select'><select id='tjwz' onchange='window.open(this.value)'>"
                "<option value=''>自治区厅局网站</option></select></div></div>"
                "<script src='/js/tjwz.js'></script>")),
            "/js/tjwz.js": ("var tj=[['自治区发展改革委','http://xjdrc-t.xj-t.gov.cn:{port}/'],"
                            "['自治区教育厅','http://jyt.xj-t.gov.cn:{port}/'],['天山网','http://www.ts-t.cn:{port}/']];"
                            "for(var i=0;i<tj.length;i++){document.getElementById('tjwz').options.add("
                            "new Option(tj[i][0],tj[i][1]));}"),
        },
        "xjdrc-t.xj-t.gov.cn": {"/": _home("新疆维吾尔自治区发展和改革委员会")},
        "jyt.xj-t.gov.cn": {"/": _home("新疆维吾尔自治区教育厅")},
        "www.ts-t.cn": {"/": _home("天山网")},
        "www.xjbank-t.com": {"/": _home("新疆银行")},
        "www.klmy-t.gov.cn": {"/": _home("克拉玛依市人民政府", (
            "<div class='tit'>区政府网站</div><iframe src='http://zq.klmy-t.gov.cn:{port}/qzf.html' "
            "frameborder='0' width='100%'></iframe>"))},
        "zq.klmy-t.gov.cn": {"/qzf.html": ("<html><body><ul><li><a href='http://www.dsz-t.gov.cn:{port}/' "
                                           "target='_top'>独山子区</a></li></ul></body></html>")},
        "www.dsz-t.gov.cn": {"/": _home("克拉玛依市独山子区人民政府")},
        "www.aks-t.gov.cn": {"/": _home("阿克苏地区行政公署", (
            "<div class='tit'>县市网站</div><ul><li><a href='http://www.wensu-t.gov.cn:{port}/'>温宿县</a></li></ul>"))},
        "www.wensu-t.gov.cn": {"/": _home("温宿县人民政府", (
            "<div class='tit'>乡镇（街道）网站</div><ul>"
            "<li><a href='http://tmz.wensu-t.gov.cn:{port}/'>吐木秀克镇</a></li>"
            "<li><a href='http://wsjd.wensu-t.gov.cn:{port}/'>温宿镇街道</a></li></ul>"))},
        "tmz.wensu-t.gov.cn": {"/": _home("温宿县吐木秀克镇人民政府")},
        "wsjd.wensu-t.gov.cn": {"/": _home("温宿县温宿镇街道办事处")},
    }


def test_footer_select_boxes_script_written_options_a_prefecture_s_office_and_townships(tmp_path):
    with _HostsServer(_xj_tree()) as web:
        got = {e["name"]: ((e["province"], e["city"], e["county"]), e["parent"])
               for e in _discover_hosts(web, "www.xj-t.gov.cn", tmp_path)}

    xj, gov, aks, ws = "新疆维吾尔自治区", "新疆维吾尔自治区人民政府", "阿克苏地区行政公署", "温宿县人民政府"
    assert got == {
        gov: ((xj, None, None), None),
        aks: ((xj, "阿克苏地区", None), gov),
        "克拉玛依市人民政府": ((xj, "克拉玛依市", None), gov),
        "克拉玛依市独山子区人民政府": ((xj, "克拉玛依市", "独山子区"), "克拉玛依市人民政府"),  # in a platform's frame
        "新疆维吾尔自治区发展和改革委员会": ((xj, None, None), gov),
        "新疆维吾尔自治区教育厅": ((xj, None, None), gov),
        ws: ((xj, "阿克苏地区", "温宿县"), aks),
        # 乡镇 and 街道 with sites of their own are agencies (their governments publish reports)
        "温宿县吐木秀克镇人民政府": ((xj, "阿克苏地区", "温宿县"), ws),
        "温宿县温宿镇街道办事处": ((xj, "阿克苏地区", "温宿县"), ws),
    }


def test_a_zone_named_bare_is_its_management_committee():
    from crawler.directory import reconcile_name
    from parsers.places import Place

    km = Place("云南省", "昆明市")
    assert reconcile_name("昆明高新区", "昆明高新区", km) == "昆明高新区管理委员会"
    assert reconcile_name("高新区", "首页", km) == "昆明市高新区管理委员会"  # named by its kind only: the lister's
    assert reconcile_name("贵安新区", None, km) == "贵安新区管理委员会"  # a place of its own: never the lister's
    assert reconcile_name("新区", None, km) is None
    assert reconcile_name("开发区投资集团", "开发区投资集团", km) is None


def test_groups_named_by_their_container_a_menu_item_s_words_or_a_lone_picture():
    from crawler.directory import grouped_links

    page = """<html><body><div class="links" title="县区政府网站"><a href="http://a.gov.cn/">甲县</a></div>
    <nav aria-label="部门网站"><ul><li><a href="http://b.gov.cn/">教育局</a></li></ul></nav>
    <div class="item"><img src="/i/zs.png" alt="直属机构"><ul><li><a href="http://c.gov.cn/">统计局</a></li></ul></div>
    <ul class="nav"><li class="drop">乡镇网站<ul><li><a href="http://d.gov.cn/">乙镇</a></li></ul></li>
    <li class="drop">友情链接<ul><li><a href="http://e.com/">某报</a></li></ul></li></ul></body></html>"""
    assert [(lk.text, lk.heading) for lk in grouped_links(page, "http://www.x.gov.cn/")] == [
        ("甲县", "县区政府网站"), ("教育局", "部门网站"), ("统计局", "直属机构"), ("乙镇", "乡镇网站"), ("某报", "友情链接")]


def test_a_footer_s_organizer_gives_the_full_name_an_abbreviation_stands_for():
    from crawler.directory import fuller_name

    assert fuller_name("呼和浩特市发改委", "主办：呼和浩特市发展和改革委员会 网站标识码1501000012") == "呼和浩特市发展和改革委员会"
    assert fuller_name("陕西省人社厅", "主办单位：陕西省人力资源和社会保障厅") == "陕西省人力资源和社会保障厅"
    assert fuller_name("呼和浩特市教育局", "主办：呼和浩特市人民政府办公室") == "呼和浩特市教育局"  # another organ
    assert fuller_name("呼和浩特市财政局", "主办：呼和浩特市人民政府") == "呼和浩特市财政局"  # its government
    assert fuller_name("兴安盟发改委", "主办：呼和浩特市发展和改革委员会") == "兴安盟发改委"  # another place


def test_more_words_for_directory_pages():
    from crawler.directory import is_directory_link, is_sitemap_link

    assert all(is_directory_link(t) for t in ("全省网站", "地市网站", "站点群", "网站名录", "各地网站"))
    assert not any(is_directory_link(t) for t in ("地方政府规章", "政务公开", "首页"))
    assert is_sitemap_link("站点导航")
