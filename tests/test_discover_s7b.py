"""Directory shapes of session 7's second round: a 直属机构网站 page link, ``"名称|URL"`` strings
grouped by a parallel array of titles, tab panels kept in ``<template>`` elements."""

from __future__ import annotations

from crawler.directory import grouped_links, is_directory_link, links_in_script

LINKDATA = """var titles = ["市直部门", "区县政府", "其他链接"];
var groups = new Array();
groups[0] = new Array("市财政局|http://czj.example.gov.cn/", "市卫健委|wjw.example.gov.cn");
groups[1] = new Array("甲县|http://www.jiaxian.gov.cn/");
groups[2] = new Array("某日报|http://www.daily.example.com/", "政协|http://zx.example.gov.cn/");
function build(id) { var box = document.getElementById(id); }
"""


def test_agency_sites_page_link_is_a_directory_link() -> None:
    assert is_directory_link("省政府直属机构网站>>") and is_directory_link("直属机构导航")
    assert not is_directory_link("机构职能")


def test_piped_strings_take_their_parallel_titles() -> None:
    found = links_in_script(LINKDATA, "http://www.example.gov.cn/js/linkdata.js", {}, "县市政府")
    assert [(link.url, link.text, link.heading) for link in found] == [
        ("http://czj.example.gov.cn/", "市财政局", "市直部门"),
        ("http://wjw.example.gov.cn", "市卫健委", "市直部门"),
        ("http://www.jiaxian.gov.cn/", "甲县", "区县政府"),
        ("http://www.daily.example.com/", "某日报", "其他链接"),
        ("http://zx.example.gov.cn/", "政协", "其他链接"),
    ]


def test_piped_strings_without_titles_take_the_script_group() -> None:
    script = 'var a = ["市财政局|http://czj.example.gov.cn/", "a|b", "说明|不是网址"];'
    found = links_in_script(script, "http://www.example.gov.cn/js/x.js", {}, "市直部门")
    assert [(link.url, link.text, link.heading) for link in found] == [
        ("http://czj.example.gov.cn/", "市财政局", "市直部门")]


def test_template_panels_take_their_tab_labels() -> None:
    html = """<html><body><div class="ft"><ul class="tabs">
<li data-tpl="tpl-a">市直部门</li><li data-tpl="tpl-b">友情链接</li></ul><div id="panel"></div>
<template id="tpl-a"><ul><li><a href="http://jyj.example.gov.cn/">市教育局</a></li></ul></template>
<template id="tpl-b"><ul><li><a href="http://www.news.example.com/">某新闻网</a></li></ul></template>
</div></body></html>"""
    found = {link.text: link.heading for link in grouped_links(html, "http://www.example.gov.cn/", None)}
    assert found == {"市教育局": "市直部门", "某新闻网": "友情链接"}


def test_rel_address_opened_by_a_handler_behind_a_confirm() -> None:
    html = """<html><body><h2>县市政府网站</h2><ul>
<li><a href="javascript:void(0);" onclick="openwin(this)" rel="http://www.yixian.gov.cn/">乙县人民政府</a></li>
<li><a href="javascript:void(0);" onclick="openwin(this)" rel="nofollow">说明</a></li></ul>
<script>function openwin(o){ if (confirm('您将离开本网站，是否继续？')) window.open(o.rel); }</script></body></html>"""
    found = [(link.url, link.text) for link in grouped_links(html, "http://www.example.gov.cn/xs/index.html", None)]
    assert ("http://www.yixian.gov.cn/", "乙县人民政府") in found
    assert all("yixian" in url or "nofollow" in url for url, _ in found)


def test_government_title_ending_in_portal_net() -> None:
    from crawler.directory import agency_in_title

    assert agency_in_title("凤凰县人民政府门户网") == "凤凰县人民政府"
    assert agency_in_title("华声在线_湖南门户网") is None  # a news site's 门户网 names no government


def test_posted_form_bodies_of_inline_scripts() -> None:
    from crawler.directory import script_posts

    page = """<ul id="yq"></ul><script>
fetch('/api/wzq/list', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'lm=yq&page=1&rows=20' }).then(function (r) { return r.text(); });
$.ajax({url: '/api/bm', type: 'post', data: 'lb=bm'});
$.ajax({url: '/api/get', type: 'GET', data: 'lb=x'});
fetch('http://other.example.com/api', {method: 'POST', body: 'a=1'});
</script>"""
    assert script_posts(page, "http://www.example.gov.cn/wzdh.html") == {
        "http://www.example.gov.cn/api/wzq/list": "lm=yq&page=1&rows=20",
        "http://www.example.gov.cn/api/bm": "lb=bm",
    }


def test_feed_of_site_homes_is_a_list_of_sites_and_a_news_feed_is_not() -> None:
    from crawler.directory import links_in_xml

    def rss(items: list[tuple[str, str]]) -> str:
        return ("<?xml version='1.0'?><rss version='2.0'><channel><title>园区</title>"
                + "".join(f"<item><title>{t}</title><link>{u}</link></item>" for t, u in items) + "</channel></rss>")

    sites = rss([("某市行政审批服务局", "http://xzsp.example.gov.cn:8081/"), ("高新区管委会", "http://www.gx.gov.cn")])
    found = links_in_xml(sites, "http://www.example.gov.cn/api/list", {"yq": "园区和服务机构"}, "园区和服务机构")
    assert [(link.url, link.text, link.heading) for link in found] == [
        ("http://xzsp.example.gov.cn:8081/", "某市行政审批服务局", "园区和服务机构"),
        ("http://www.gx.gov.cn", "高新区管委会", "园区和服务机构")]
    news = rss([("高新区管委会", "http://www.gx.gov.cn/"), ("市政府召开常务会议", "http://news.example.com/2024/1.html")])
    assert links_in_xml(news, "http://www.example.gov.cn/api/list", {}, "部门网站") == []
