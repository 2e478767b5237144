"""Directory shapes read from the page's scripts' data rather than its markup.

- a footer ``<select>`` whose option values are keys into a map the page's script defines
  (``onchange="window.open(deptSites[this.value])"`` with ``var deptSites = {jtj: "//…"}``);
- a directory list a jQuery script builds from an XML file (``$.ajax({url: "/data/nav.xml",
  dataType: "xml"})``) of ``<site type="bm" …/>`` records (attributes or child elements), each in
  the page group its type code names;
- a county whose site's title names it by its short name (大化县人民政府网 for 大化瑶族自治县).
"""

from __future__ import annotations

import pytest

from tests.test_discover import _discover_hosts, _HostsServer


def _home(title: str, body: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<div class='logo'>{title}</div><a href='/xxgk/'>信息公开</a>{body}"
            f"<div class='footer'><p>主办：{title}</p></div></body></html>")


_PORTAL = _home("河池市人民政府", (
    "<div class='nav-box'><h3>市直部门网站</h3><ul id='dept-box'></ul>"
    "<h3>县区政府网站</h3><ul id='county-box'></ul></div>"
    "<script>$(function(){$.ajax({type: 'GET', url: '/data/nav.xml', dataType: 'xml', success: function(x){"
    "$(x).find('site').each(function(){var t=$(this).attr('type');"
    "$('#'+(t=='bm'?'dept-box':'county-box')).append('<li>'+$(this).attr('name')+'</li>');});}});});</script>"
    "<div class='footer-links'><span>友情链接</span>"
    "<select onchange=\"window.open(deptSites[this.value])\"><option value=''>市直部门</option>"
    "<option value='jtj'>市交通运输局</option><option value='07'>市审计局</option></select>"
    "<select onchange='window.open(xqzf[this.options[this.selectedIndex].value])'>"
    "<option value=''>县区政府</option><option value=\"dh\">大化县</option></select></div>"
    "<script>var deptSites = {jtj: \"//jtj.hcx-t.gov.cn:{port}/\", '07': 'http://sjj.hcx-t.gov.cn:{port}/'};\n"
    "window.xqzf = {\"dh\": \"//www.dhx-t.gov.cn:{port}/\"};</script>"))

_NAV_XML = (
    "<?xml version='1.0' encoding='utf-8'?>\n<sites>"
    "<site type='bm' name='市教育局' url='http://jyj.hcx-t.gov.cn:{port}/'/>"
    "<site type='bm'><title>市卫生健康委</title><link>//wjw.hcx-t.gov.cn:{port}/</link></site>"
    "<site type='xq'><name>东兰县</name><url>http://www.dlx-t.gov.cn:{port}/</url></site>"
    "</sites>")


def _tree() -> dict[str, dict[str, str] | str]:
    return {
        "www.hcx-t.gov.cn": {"/": _PORTAL, "/data/nav.xml": _NAV_XML},
        "jtj.hcx-t.gov.cn": {"/": _home("河池市交通运输局")},
        "sjj.hcx-t.gov.cn": {"/": _home("河池市审计局")},
        "jyj.hcx-t.gov.cn": {"/": _home("河池市教育局")},
        "wjw.hcx-t.gov.cn": {"/": _home("河池市卫生健康委员会")},
        "www.dhx-t.gov.cn": {"/": _home("大化县人民政府网")},
        "www.dlx-t.gov.cn": {"/": _home("东兰县人民政府")},
    }


def test_keyed_select_options_an_xml_directory_and_a_county_s_short_name(tmp_path):
    with _HostsServer(_tree()) as web:
        got = {e["name"]: ((e["province"], e["city"], e["county"]), e["parent"])
               for e in _discover_hosts(web, "www.hcx-t.gov.cn", tmp_path)}
        assert ("www.hcx-t.gov.cn", "/data/nav.xml") in web.requests

    gx, hc, gov = "广西壮族自治区", "河池市", "河池市人民政府"
    assert got == {
        gov: ((gx, hc, None), None),
        "河池市交通运输局": ((gx, hc, None), gov),  # keyed select, protocol-relative, double quotes
        "河池市审计局": ((gx, hc, None), gov),  # keyed select, a numeric key, single quotes
        "大化瑶族自治县人民政府": ((gx, hc, "大化瑶族自治县"), gov),  # its title's short name
        "河池市教育局": ((gx, hc, None), gov),  # XML record by attributes
        "河池市卫生健康委员会": ((gx, hc, None), gov),  # XML record by child elements
        "东兰县人民政府": ((gx, hc, "东兰县"), gov),
    }


def test_xml_records_are_grouped_by_type_code_group_element_or_the_fallback():
    from crawler.directory import is_xml_document, links_in_xml

    xml = ("<?xml version='1.0'?><root><bm><item><mc>市司法局</mc><wz>sfj.x-t.gov.cn</wz></item></bm>"
           "<group name='乡镇街道'><site name='城关镇' url='/cgz/'/></group>"
           "<site type='xq' name='南丹县' url='http://nd.x-t.gov.cn/'/>"
           "<site type='zz' name='某单位' url='http://zz.x-t.gov.cn/'/>"
           "<site name='无网址单位'/></root>")
    assert is_xml_document(xml)
    assert not is_xml_document("<ul><li><a href='/a/'>教育局</a></li></ul>")
    ids = {"bm": "部门网站", "xqList": "县（市、区）政府"}
    got = [(link.url, link.text, link.heading) for link in links_in_xml(xml, "http://www.x-t.gov.cn/", ids, "政府网站")]
    assert got == [
        ("http://sfj.x-t.gov.cn", "市司法局", "部门网站"),  # the group element's tag is an id's code
        ("http://www.x-t.gov.cn/cgz/", "城关镇", "乡镇街道"),  # the group element's own name
        ("http://nd.x-t.gov.cn/", "南丹县", "县（市、区）政府"),  # xq: the one heading of 县区 words
        ("http://zz.x-t.gov.cn/", "某单位", "政府网站"),  # an unknown code: the page's directory group
    ]


def test_keyed_maps_hold_only_maps_of_urls():
    from crawler.directory import grouped_links, keyed_maps

    maps = keyed_maps(["var cfg = {a: 'x', b: 'y'}; var s = {a: '//a.x-t.gov.cn/', b: \"http://b.x-t.gov.cn/\"};"])
    assert maps == {"s": {"a": "//a.x-t.gov.cn/", "b": "http://b.x-t.gov.cn/"}}
    page = ("<html><body><h3>部门网站</h3><select onchange='location.href=s[$(this).val()]'>"
            "<option value='a'>教育局</option><option value='b'>公安局</option><option value='c'>民政局</option></select>"
            "<script>var s = {a: '//a.x-t.gov.cn/', b: 'http://b.x-t.gov.cn/'};</script></body></html>")
    got = [(link.url, link.text) for link in grouped_links(page, "http://www.x-t.gov.cn/")]
    assert ("http://a.x-t.gov.cn/", "教育局") in got and ("http://b.x-t.gov.cn/", "公安局") in got
    assert "民政局" not in {text for _, text in got}  # a key the map lacks: no site


def test_a_handler_function_looking_the_key_up_and_an_xml_file_named_in_a_variable():
    from crawler.directory import grouped_links, script_refs

    page = ("<html><body><div class='footer'><select onchange='goSite(this.value)'><option value=''>部门网站</option>"
            "<option value='gaj'>公安局</option></select></div>"
            "<script>function goSite(code) { if (code) window.open(urls[code]); }\n"
            "var urls = {gaj: 'http://gaj.x-t.gov.cn/'};</script></body></html>")
    assert [(link.url, link.text) for link in grouped_links(page, "http://www.x-t.gov.cn/")] == [
        ("http://gaj.x-t.gov.cn/", "公安局")]
    page = ("<html><body><h3>县区政府</h3><ul id='xq'></ul>"
            "<script>var navXml = '/res/nav.xml'; loadNav(navXml);</script></body></html>")
    refs, ids = script_refs(page, "http://www.x-t.gov.cn/")
    assert refs == [("http://www.x-t.gov.cn/res/nav.xml", "县区政府")] and ids == {"xq": "县区政府"}


def test_a_news_feed_or_a_sitemap_is_no_directory():
    from crawler.directory import links_in_xml

    rss = ("<?xml version='1.0'?><rss><channel><item><title>市政府召开常务会议</title>"
           "<link>http://news.x-t.com/1.html</link></item></channel></rss>")
    assert links_in_xml(rss, "http://www.x-t.gov.cn/", {}, "部门网站") == []


@pytest.mark.parametrize("binding", [
    'document.getElementById("qzbm").onchange=function(){if(this.value!="0"){window.open(qzbmUrl[this.value]);}};',
    "$('#qzbm').change(function(){ var k = $(this).val(); if (k) location.href = qzbmUrl[k]; });",
    "$(\"select#qzbm\").on('change', function(){ window.open(qzbmUrl[this.value]); });",
    "document.querySelector('#qzbm').addEventListener('change', function(e){ goDept(e.target.value); });",
])
def test_a_select_whose_change_handler_is_bound_by_its_id_opens_the_map_s_urls(binding):
    from crawler.directory import grouped_links

    page = ("<html><body><div class='ft'><select id='qzbm'><option value='0'>区直部门网站</option>"
            "<option value='fgw'>自治区发展改革委</option><option value='jtt'>自治区交通运输厅</option>"
            "<option value='xx'>自治区某某局</option></select></div>"
            "<script>var qzbmUrl={fgw:\"//fgw.x-t.gov.cn/\",jtt:\"//jtt.x-t.gov.cn/\"};"
            "function goDept(k){ window.open(qzbmUrl[k]); }\n" + binding + "</script></body></html>")
    got = [(link.url, link.text, link.heading) for link in grouped_links(page, "http://www.x-t.gov.cn/")]
    assert got == [("http://fgw.x-t.gov.cn/", "自治区发展改革委", "区直部门网站"),
                   ("http://jtt.x-t.gov.cn/", "自治区交通运输厅", "区直部门网站")]  # a key the map lacks: none


def test_a_box_label_before_the_empty_list_a_script_fills_heads_it_and_dates_label_no_tab():
    from crawler.directory import links_in_xml, script_refs

    page = ("<html><body><ul class='news'><li><a href='/xw/1.html'>召开常务会议</a><span>2025-11-27</span></li>"
            "<li><a href='/xw/2.html'>推进重点工作</a><span>2025-09-04</span></li>"
            "<li><a href='/xw/3.html'>开展专题调研</a><span>2025-04-06</span></li></ul>"
            "<div class='box'><div class='box-t'>部门网站</div><ul id='bmwz'></ul></div>"
            "<div class='box'><div class='box-t'>县区网站</div><ul id='xqwz'></ul></div>"
            "<script>$.ajax({url:'/xml/wzdh.xml',dataType:'xml'});</script></body></html>")
    refs, ids = script_refs(page, "http://www.x-t.gov.cn/")
    assert ids == {"bmwz": "部门网站", "xqwz": "县区网站"}
    xml = ("<?xml version='1.0'?><sites><site type='bm' name='市公安局' url='http://gaj.x-t.gov.cn/'/>"
           "<site type='xq' name='大化县' url='http://www.dh-t.gov.cn/'/></sites>")
    got = [(link.text, link.heading) for link in links_in_xml(xml, refs[0][0], ids, refs[0][1])]
    assert got == [("市公安局", "部门网站"), ("大化县", "县区网站")]
