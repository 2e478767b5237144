"""Discovery rules from the session-8 round of issue 15: a site is judged on every link that leads
to it (not the first one met), and an address is read as a browser reads it (back-slashes)."""

from __future__ import annotations

import pytest

from crawler.directory import browser_slashes, grouped_links
from tests.test_discover import FAST, _discover_hosts, _entries, _home, _HostsServer, _nianbao


@pytest.mark.parametrize(("href", "want"), [
    ("http:\\\\sft.x.gov.cn:9800\\", "http://sft.x.gov.cn:9800/"),
    ("https:\\\\a.gov.cn\\xxgk\\index.html?q=a\\b", "https://a.gov.cn/xxgk/index.html?q=a\\b"),
    ("\\\\b.gov.cn\\", "//b.gov.cn/"),
    ("\\zwgk\\ndbg\\", "/zwgk/ndbg/"),
    ("javascript:open('\\\\')", "javascript:open('\\\\')"),
    ("http://c.gov.cn/", "http://c.gov.cn/"),
])
def test_back_slashes_are_slashes_as_a_browser_reads_them(href, want):
    assert browser_slashes(href) == want


def test_a_back_slashed_link_leads_where_a_browser_goes():
    page = "<h3>省政府部门</h3><ul><li><a href='http:\\\\sft.x.gov.cn:9800\\'>省司法厅</a></li></ul>"
    assert [(lk.url, lk.text) for lk in grouped_links(page, "http://www.x.gov.cn/")] == [
        ("http://sft.x.gov.cn:9800/", "省司法厅")]


def _two_cities_tree(county_link_first: bool) -> dict[str, dict[str, str] | str]:
    """A province whose 县区 tab lists a bare ``桥西区`` (a name two cities share) and its cities;
    the city's own 县区 table lists it too. With one site visited at a time, the county is visited
    before (or after) its city lists it."""
    county = "<li><a href='http://www.qxq-z.gov.cn:{port}/'>桥西区</a></li>"
    cities = ("<li><a href='http://www.zjk-z.gov.cn:{port}/'>张家口市</a></li>"
              "<li><a href='http://www.sjz-z.gov.cn:{port}/'>石家庄市</a></li>")
    up = "<div class='ft'><a href='http://www.zjk-z.gov.cn:{port}/'>张家口市人民政府</a></div>"
    return {
        "www.hb-z.gov.cn": {"/": _home("河北省人民政府", (
            "<h3>设区市政府</h3><ul>" + (county + cities if county_link_first else cities + county) + "</ul>"
            "<h3>省政府部门</h3><ul><li><a href='http:\\\\sft.hb-z.gov.cn:{port}\\'>省司法厅</a></li></ul>"))},
        "sft.hb-z.gov.cn": {"/": _home("河北省司法厅")},
        "www.zjk-z.gov.cn": {"/": _home("张家口市人民政府", (
            "<h3>县区政府</h3><table><tr><td><a href='http://www.qxq-z.gov.cn:{port}/'>桥西区</a></td>"
            "<td><a href='http://www.xh-z.gov.cn:{port}/'>宣化区</a></td></tr></table>"))},
        "www.sjz-z.gov.cn": {"/": _home("石家庄市人民政府")},
        "www.qxq-z.gov.cn": {"/": _home("桥西区人民政府网", up)},
        "www.xh-z.gov.cn": {"/": _home("宣化区人民政府", up)},
    }


@pytest.mark.parametrize("county_link_first", [True, False])
def test_a_site_met_under_several_links_is_judged_on_all_of_them(county_link_first, tmp_path):
    with _HostsServer(_two_cities_tree(county_link_first)) as web:
        out = tmp_path / "sources.yaml"
        result = _nianbao("discover", "--start-url", f"http://www.hb-z.gov.cn:{web.port}/", "--out", str(out),
                          *FAST, "-s", "NIANBAO_DISCOVER_BATCH=1", "-s", f"NIANBAO_HOSTS={web.hosts_setting}")
        assert result.returncode == 0, result.stderr[-3000:]
        got = {e["name"]: ((e["province"], e["city"], e["county"]), e["parent"]) for e in _entries(out)}
    assert got == {
        "河北省人民政府": (("河北省", None, None), None),
        "河北省司法厅": (("河北省", None, None), "河北省人民政府"),  # linked back-slashed
        "张家口市人民政府": (("河北省", "张家口市", None), "河北省人民政府"),
        "石家庄市人民政府": (("河北省", "石家庄市", None), "河北省人民政府"),
        "张家口市桥西区人民政府": (("河北省", "张家口市", "桥西区"), "张家口市人民政府"),
        "张家口市宣化区人民政府": (("河北省", "张家口市", "宣化区"), "张家口市人民政府"),
    }


def _category_pages_tree(count_style: str) -> dict[str, dict[str, str] | str]:
    """A 部门网站 tab whose ``更多>>`` page lists only categories with counts, each a page of logo
    cards (``<img alt=""><span>full name</span>``); one counted link elsewhere is a column's."""
    def cat(name: str, n: int, path: str) -> str:
        return f"<li><a href='{path}'>{name}{count_style.format(n)}</a></li>"

    def cards(*sites: tuple[str, str]) -> str:
        return _home("省政府部门网站", "<div class='cards'>" + "".join(
            f"<a href='http://{h}:{{port}}/'><img src='/logo.png' alt=''><span>{n}</span></a>" for h, n in sites)
            + "</div>")

    return {
        "www.hb-c.gov.cn": {
            "/": _home("河北省人民政府", (
                "<h3>省政府部门</h3><ul><li><a href='http://fgw.hb-c.gov.cn:{port}/'>省发展改革委</a></li>"
                "<li><a href='/bmwz/index.html'>更多&gt;&gt;</a></li></ul>"
                "<h3>新闻</h3><ul><li><a href='/xw/'>要闻（12）</a></li></ul>")),
            "/bmwz/index.html": _home("省政府部门网站", "<ul class='lb'>" + cat("综合经济类", 1, "/bmwz/zhjj.html")
                                      + cat("资源环境类", 2, "/bmwz/zyhj.html") + "</ul>"),
            "/bmwz/zhjj.html": cards(("tjj.hb-c.gov.cn", "河北省统计局")),
            "/bmwz/zyhj.html": cards(("zrzy.hb-c.gov.cn", "河北省自然资源厅"), ("sthjt.hb-c.gov.cn", "河北省生态环境厅")),
        },
        "fgw.hb-c.gov.cn": {"/": _home("河北省发展和改革委员会")},
        "tjj.hb-c.gov.cn": {"/": _home("河北省统计局")},
        "zrzy.hb-c.gov.cn": {"/": _home("河北省自然资源厅")},
        "sthjt.hb-c.gov.cn": {"/": _home("河北省生态环境厅")},
    }


@pytest.mark.parametrize("count_style", ["（{}）", "({})", " ( {} )"])
def test_a_directory_of_counted_categories_leads_to_each_category_s_cards(count_style, tmp_path):
    with _HostsServer(_category_pages_tree(count_style)) as web:
        entries = _discover_hosts(web, "www.hb-c.gov.cn", tmp_path)
    assert {e["name"]: e["parent"] for e in entries} == {
        "河北省人民政府": None, "河北省发展和改革委员会": "河北省人民政府", "河北省统计局": "河北省人民政府",
        "河北省自然资源厅": "河北省人民政府", "河北省生态环境厅": "河北省人民政府"}
    assert ("www.hb-c.gov.cn", "/xw/") not in web.requests  # a single counted link is a column's


@pytest.mark.parametrize(("brand", "organ", "want"), [
    ("河北林草", "河北省林业和草原局", True),  # first characters of 林业 and 草原
    ("河北人社", "河北省人力资源和社会保障厅", True),
    ("石家庄发改网", "石家庄市发展和改革委员会", True),
    ("信用河北", "河北省发展和改革委员会", False),  # a site the organ runs, not the organ's own
    ("河北政府采购网", "河北省财政厅", False),
    ("平安河北", "河北省公安厅", False),
])
def test_a_brand_of_first_characters_speaks_of_its_organ(brand, organ, want):
    from crawler.directory import brand_of
    assert brand_of(brand, organ) is want


def _old_domain_tree(old_first: bool) -> dict[str, dict[str, str] | str]:
    """A city department linked by its city under its old domain (301 to the new host) and by a
    province department's 市县 box under the new one: the city's government is its parent."""
    edu = "<li><a href='http://jyt.hb-o.gov.cn:{port}/'>省教育厅</a></li>"
    city = "<li><a href='http://www.sjz-o.gov.cn:{port}/'>石家庄市</a></li>"
    return {
        "www.hb-o.gov.cn": {"/": _home("河北省人民政府", "<h3>政府网站</h3><ul>" + (
            city + edu if old_first else edu + city) + "</ul>")},
        "jyt.hb-o.gov.cn": {"/": _home("河北省教育厅", (
            "<h3>市县教育</h3><ul><li><a href='http://jyj.sjz-o.gov.cn:{port}/'>石家庄市教育局</a></li></ul>"))},
        "www.sjz-o.gov.cn": {"/": _home("石家庄市人民政府", (
            "<h3>部门网站</h3><ul><li><a href='http://www.sjzjyj-o.gov.cn:{port}/'>市教育局</a></li>"
            "<li><a href='http://fgw.sjz-o.gov.cn:{port}/'>市发展改革委</a></li></ul>"))},
        "www.sjzjyj-o.gov.cn": "jyj.sjz-o.gov.cn",
        "jyj.sjz-o.gov.cn": {"/": _home("石家庄教育网", "<p>主办单位：石家庄市教育局</p>")},
        "fgw.sjz-o.gov.cn": {"/": _home("石家庄市发展和改革委员会")},
    }


@pytest.mark.parametrize("old_first", [True, False])
def test_a_site_linked_by_its_old_domain_keeps_the_government_that_lists_it_as_parent(old_first, tmp_path):
    with _HostsServer(_old_domain_tree(old_first)) as web:
        out = tmp_path / "sources.yaml"
        result = _nianbao("discover", "--start-url", f"http://www.hb-o.gov.cn:{web.port}/", "--out", str(out),
                          *FAST, "-s", "NIANBAO_DISCOVER_BATCH=1", "-s", f"NIANBAO_HOSTS={web.hosts_setting}")
        assert result.returncode == 0, result.stderr[-3000:]
        got = {e["name"]: (e["start_urls"], e["parent"]) for e in _entries(out)}
    assert got["石家庄市教育局"] == ([f"http://jyj.sjz-o.gov.cn:{web.port}/"], "石家庄市人民政府")
    assert got["石家庄市发展和改革委员会"][1] == "石家庄市人民政府"
    assert got["河北省教育厅"][1] == "河北省人民政府"


def _division_pages_tree(visit_text: str) -> dict[str, dict[str, str] | str]:
    """A city whose 区县风采 box links its own pages about its counties; each page links the
    county's site in so many words (访问赵县人民政府网站>>). A news page there names no division."""
    def about(name: str, host: str) -> str:
        return _home(f"{name} - 区县风采", f"<h2>{name}</h2><p>{name}历史悠久。</p><p><a href='http://www.gov.cn:{{port}}/'>"
                     f"中国政府网</a></p><p class='visit'><a href='http://{host}:{{port}}/'>"
                     f"{visit_text.format(name)}</a></p>")
    return {
        "www.sjz-v.gov.cn": {
            "/": _home("石家庄市人民政府", (
                "<h4>走进石家庄 · 区县风采</h4><ul><li><a href='/qxfc/zhaoxian.html'>赵县</a></li>"
                "<li><a href='/qxfc/pingshan.html'>平山县</a></li><li><a href='/xw/1.html'>今日要闻</a></li></ul>")),
            "/qxfc/zhaoxian.html": about("赵县", "www.zhaoxian-v.gov.cn"),
            "/qxfc/pingshan.html": about("平山县", "www.sjzps-v.gov.cn"),
            "/xw/1.html": _home("今日要闻", "<a href='http://www.news-v.com.cn:{port}/'>石家庄新闻网</a>"),
        },
        "www.zhaoxian-v.gov.cn": {"/": _home("赵县人民政府")},
        "www.sjzps-v.gov.cn": {"/": _home("平山县人民政府网")},
        "www.gov.cn": {"/": _home("中国政府网")},
        "www.news-v.com.cn": {"/": _home("石家庄新闻网")},
    }


@pytest.mark.parametrize("visit_text", ["访问{}人民政府网站&gt;&gt;", "进入{}政府门户网站", "{}人民政府"])
def test_the_portal_s_own_page_about_a_division_leads_to_its_site(visit_text, tmp_path):
    with _HostsServer(_division_pages_tree(visit_text)) as web:
        entries = _discover_hosts(web, "www.sjz-v.gov.cn", tmp_path)
    got = {e["name"]: ((e["city"], e["county"]), e["parent"], e["start_urls"][0].split(":")[1]) for e in entries}
    assert got == {
        "石家庄市人民政府": (("石家庄市", None), None, "//www.sjz-v.gov.cn"),
        "赵县人民政府": (("石家庄市", "赵县"), "石家庄市人民政府", "//www.zhaoxian-v.gov.cn"),
        "平山县人民政府": (("石家庄市", "平山县"), "石家庄市人民政府", "//www.sjzps-v.gov.cn"),
    }
    assert ("www.sjz-v.gov.cn", "/xw/1.html") not in web.requests
