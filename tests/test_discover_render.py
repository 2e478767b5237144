"""Directories written by script: the signs that send a page to the browser, what the render reads,
and `nianbao discover` on a web whose every directory group is script-written (demo.scripted_govweb)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.directory import grouped_links, is_jump_link, render_signs
from crawler.discover_render import wanted
from demo.govweb import GovWeb, demo_tree
from demo.scripted_govweb import scripted_tree

from .test_discover import FAST, _entries, _nianbao

BASE = "http://www.example.gov.cn/"


def _signs(html: str, listing: bool = False) -> str | None:
    return render_signs(html, BASE, grouped_links(html, BASE), None, listing)


def test_a_directory_group_with_no_site_under_it_is_a_sign() -> None:
    page = ('<div class="wz"><div class="wz-t">部门网站</div><div class="wz-b" id="b1"></div></div>'
            '<script src="/js/wz.js"></script>')
    assert _signs(page) == "the directory group '部门网站' shows no site"
    static = page.replace('<div class="wz-b" id="b1"></div>', '<ul><li><a href="http://jyj.example.gov.cn/">市教育局</a></li></ul>')
    assert _signs(static) is None  # the group shows its sites
    assert _signs(page.replace('<script src="/js/wz.js"></script>', "")) is None  # no script: nothing fills it


def test_elements_naming_agencies_without_an_address_are_a_sign() -> None:
    page = ('<h3>县区政府</h3><ul><li><a href="http://www.kl.gov.cn/">凯里市</a></li>'
            '<li><span class="i" data-k="www.a">雷山县</span></li></ul>'
            '<script>document.querySelectorAll(".i").forEach(function (el) { el.onclick = go; });</script>')
    assert _signs(page) == "'雷山县' opens its site by script"
    news = page.replace("<h3>县区政府</h3>", "<h3>友情链接</h3>").replace("雷山县", "某日报")
    assert _signs(news) is None  # a newspaper in 友情链接: nothing to render for
    nav = '<ul class="nav"><li><a href="javascript:void(0)" onclick="openNav()">政府网站导航</a></li></ul><script>function openNav() { location.href = window.cfg.nav + cfg.suffix; }</script>'
    assert "'政府网站导航'" in (_signs(nav) or "")  # a directory link only a script opens


def test_a_directory_page_listing_no_site_is_a_sign_and_a_site_s_own_name_is_not_a_group() -> None:
    page = ('<html><head><title>四川省人民政府门户网站</title></head><body><h1>四川省人民政府门户网站</h1>'
            '<div id="app"></div><script src="/static/app.8d1f.js"></script></body></html>')
    assert _signs(page) is None  # the site's own name in its title and heading is no empty group
    assert _signs(page, listing=True) == "a directory page with no site in its static links"
    footer = '<html><body><h1>某县人民政府</h1><div id="ft"></div><script src="/js/ft.js"></script></body></html>'
    assert render_signs(footer, BASE, grouped_links(footer, BASE), home=True) == (
        "a government's home page with no site and no directory in its static links")
    linked = footer.replace('<div id="ft"></div>', '<a href="/wzdh/">政府网站导航</a>')
    assert render_signs(linked, BASE, grouped_links(linked, BASE), home=True) is None  # the static path goes there


def test_addresses_in_attributes_of_any_name_are_links_and_pictures_are_not() -> None:
    page = """<h3>部门网站</h3><ul><li><span site="jyt.example.gov.cn">教育厅</span></li>
<li><em data-addr="http://czt.example.gov.cn/">财政厅</em></li>
<li><span data-pic="http://www.example.gov.cn/a.png">图片新闻</span></li>
<li><div itemtype="http://schema.org/Thing">东西</div></li></ul>"""
    assert [(link.url, link.text, link.heading) for link in grouped_links(page, BASE)] == [
        ("http://jyt.example.gov.cn", "教育厅", "部门网站"), ("http://czt.example.gov.cn/", "财政厅", "部门网站")]


def test_jump_paths_without_a_query() -> None:
    from crawler.directory import GroupLink

    assert is_jump_link(GroupLink("http://www.example.gov.cn/go/g3_1.html", "雷山县", "县区政府"), BASE)
    assert is_jump_link(GroupLink("http://www.example.gov.cn/link/12", "市教育局", "部门网站"), BASE)
    assert not is_jump_link(GroupLink("http://www.example.gov.cn/jgsz/jyj.html", "市教育局", "机构设置"), BASE)


@pytest.mark.parametrize(("candidate", "kind"), [
    ({"text": "州直部门"}, "tab"), ({"text": "下一页"}, "tab"), ({"text": "更多>>"}, "tab"),
    ({"text": "凯里市"}, "item"), ({"text": "市财政局"}, "item"), ({"text": "进入", "row": "雷山县 进入"}, "item"),
    ({"text": "某某日报"}, None), ({"text": "农商银行"}, None), ({"text": "进入", "row": "某日报 进入"}, None),
    ({"text": "继续"}, None),
])
def test_which_elements_a_render_clicks(candidate: dict, kind: str | None) -> None:
    assert wanted(candidate) == kind


@pytest.mark.parametrize("seed", [8])  # every shape, a paged list read past its clicks
def test_script_written_directories_are_found_whole_through_the_browser(seed: int, tmp_path: Path) -> None:
    """Every group of this web is written by script (cards with click handlers, XHR-filled lists,
    fetched tab panels, selects with change handlers or a 前往 button or a GET form, a leave-site
    dialog, countdown jump pages): every agency is found, the news site, the bank and the
    融媒体中心 are not."""
    specs, start = scripted_tree(seed)
    with GovWeb(specs) as web:
        out = tmp_path / "sources.yaml"
        log = tmp_path / "discover.log"
        result = _nianbao("discover", "--start-url", web.url(start), "--out", str(out), *FAST,
                          "-s", f"NIANBAO_HOSTS={web.hosts_setting}", "-s", f"LOG_FILE={log}", "-s", "LOG_LEVEL=INFO")
        assert result.returncode == 0, result.stderr[-3000:]
        got = {e["start_urls"][0]: e for e in _entries(out)}
        want = {web.url(s.host): s for s in specs if s.agency}
        assert set(got) == set(want)
        for url, entry in got.items():
            spec = want[url]
            assert (entry["province"], entry["city"], entry["county"]) == spec.place, entry["name"]
            assert entry["parent"] == spec.parent
            assert entry["name"].endswith(spec.agency.removeprefix(spec.place[1] or "").removeprefix(spec.place[0]))
        text = log.read_text(encoding="utf-8")
        assert "'discover/renders'" in text and "render_failed" not in text


def test_a_web_read_statically_starts_no_browser(tmp_path: Path) -> None:
    with GovWeb(demo_tree()) as web:
        out = tmp_path / "sources.yaml"
        log = tmp_path / "discover.log"
        result = _nianbao("discover", "--start-url", web.url("www.nxdemo.gov.cn"), "--out", str(out), *FAST,
                          "-s", f"NIANBAO_HOSTS={web.hosts_setting}", "-s", f"LOG_FILE={log}", "-s", "LOG_LEVEL=INFO")
        assert result.returncode == 0, result.stderr[-3000:]
        assert len(_entries(out)) == 12
        text = log.read_text(encoding="utf-8")
        assert "discover/renders" not in text and "Launching browser" not in text


def test_a_form_per_site_and_a_frame_written_in_srcdoc_are_links_of_their_group() -> None:
    page = """<h3>部门网站</h3><ul><li><form action="http://jyt.example.gov.cn/" target="_blank"><button>教育厅</button></form></li>
<li><form action="/search"><input name="q"><input type="submit" value="搜索"></form></li></ul>
<h3>县区政府</h3><iframe srcdoc="&lt;a href=&quot;http://www.kl.gov.cn/&quot;&gt;凯里市&lt;/a&gt;"></iframe>"""
    assert [(link.url, link.text, link.heading) for link in grouped_links(page, BASE)] == [
        ("http://jyt.example.gov.cn/", "教育厅", "部门网站"), ("http://www.kl.gov.cn/", "凯里市", "县区政府")]


def test_data_call_answers_take_the_group_their_names_are_printed_under() -> None:
    from crawler.directory import text_headings
    from crawler.spiders.discover import DiscoverSpider

    rendered = """<div class="box"><h3>部门网站</h3><ul><li class="i">市教育局</li><li class="i">市财政局</li></ul></div>
<div class="box"><h3>友情链接</h3><ul><li class="i">某某日报</li></ul></div>"""
    names = text_headings(rendered, BASE)
    answer = ('{"code": 0, "data": [{"name": "市教育局", "url": "http://jyj.example.gov.cn/"},'
              ' {"name": "市财政局", "url": "czj.example.gov.cn"}, {"name": "某某日报", "url": "http://www.mmrb.com.cn/"},'
              ' {"name": "市统计局", "url": "http://tjj.example.gov.cn/"}]}')
    found = [(link.url, link.text, link.heading) for link in DiscoverSpider._answer_links(answer, BASE + "api/list", names)]
    assert ("http://jyj.example.gov.cn/", "市教育局", "部门网站") in found
    assert ("http://www.mmrb.com.cn/", "某某日报", "友情链接") in found
    assert all(heading is None for url, text, heading in found if text == "市统计局")  # printed nowhere: no group
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item><title>市教育局</title>"
           "<link>http://jyj.example.gov.cn/</link></item><item><title>市财政局</title><link>http://czj.example.gov.cn/</link>"
           "</item></channel></rss>")
    assert [(link.url, link.heading) for link in DiscoverSpider._answer_links(rss, BASE + "api/rss", names)] == [
        ("http://jyj.example.gov.cn/", "部门网站"), ("http://czj.example.gov.cn/", "部门网站")]
