"""Discovery rules from the session-9 round of issue 15: a list paged by script is read to its end
(its pager learned from the calls the render recorded, one list per tab), a 网站名录 row's 主办单位
names a brand-named site, and two tabs over one list do not make its items panels."""

from __future__ import annotations

import json

from crawler.browser import Call
from crawler.directory import grouped_links
from crawler.discover_render import page_of, paged_lists
from crawler.spiders.discover import DiscoverSpider

BASE = "http://www.example.gov.cn/"


def _call(query: str, rows: list[tuple[str, str]], total: int) -> Call:
    text = json.dumps({"code": 0, "total": total, "rows": [{"name": n, "url": u} for n, u in rows]}).replace("/", "\\/")
    return Call(url=f"{BASE}api/site/list?{query}", method="GET", body=None, status=200,
                content_type="application/json", text=text)


def test_a_load_more_list_is_paged_by_its_offset_one_list_per_tab() -> None:
    """The render's calls: type=bm pages 1 and 2 (offset 0, 3), type=xq page 1. The pager is learned
    from bm's two calls; each type is a list of its own, read on from its next page."""
    calls = [
        _call("type=bm&offset=0&limit=3", [("市教育局", "http://jyj.x.gov.cn/"), ("市财政局", "http://czj.x.gov.cn/"),
                                           ("市民政局", "http://mzj.x.gov.cn/")], 8),
        _call("type=bm&offset=3&limit=3", [("市水务局", "http://swj.x.gov.cn/"), ("市商务局", "http://sw.x.gov.cn/"),
                                           ("市审计局", "http://sjj.x.gov.cn/")], 8),
        _call("type=xq&offset=0&limit=3", [("甲县", "http://www.jx.gov.cn/"), ("乙县", "http://www.yx.gov.cn/"),
                                           ("丙区", "http://www.bq.gov.cn/")], 5),
        Call(url=f"{BASE}api/news?_=1700000000", method="GET", body=None, status=200, content_type="application/json",
             text='{"rows": []}'),
    ]
    lists = {dict(p.service.request_args(p.next_page))["url"]: p for p in paged_lists(calls)}
    assert set(lists) == {f"{BASE}api/site/list?type=bm&offset=6&limit=3", f"{BASE}api/site/list?type=xq&offset=3&limit=3"}
    bm = lists[f"{BASE}api/site/list?type=bm&offset=6&limit=3"]
    assert bm.next_page == 3 and [page_of(c, bm.service) for c in bm.answers] == [1, 2]
    assert bm.service.request_args(4)["url"].endswith("type=bm&offset=9&limit=3")


def test_page_numbers_in_a_form_body_are_a_pager_too() -> None:
    def post(n: int) -> Call:
        return Call(url=f"{BASE}site/query.do", method="POST", body=f"lb=bm&pageNo={n}&pageSize=2", status=200,
                    content_type="application/json", text='{"data": {"list": [], "totalPage": 4}}',
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    [paged] = paged_lists([post(1), post(2)])
    assert paged.next_page == 3
    assert paged.service.request_args(3)["body"] == "lb=bm&pageNo=3&pageSize=2"
    assert paged_lists([post(1), post(1)]) == []  # the same page twice: no pager learned


def test_the_organizer_cell_of_a_site_register_row_names_a_brand() -> None:
    """序号 | 网站名称 | 网站标识码 | 首页网址 | 主办单位 (国办发〔2017〕47号's register): a brand of the
    organ's words is called by the organ; a site the organ runs under another name (信用河北) is not."""
    page = """<h3>政府网站名录</h3><table><tr><th>序号</th><th>网站名称</th><th>网站标识码</th><th>首页网址</th><th>主办单位</th></tr>
<tr><td>1</td><td>河北林草</td><td>1300000031</td><td><a href="http://lycy.x.gov.cn/">http://lycy.x.gov.cn/</a></td><td>河北省林业和草原局</td></tr>
<tr><td>2</td><td>信用河北</td><td>1300000032</td><td><a href="http://xy.x.gov.cn/">http://xy.x.gov.cn/</a></td><td>河北省发展和改革委员会</td></tr>
<tr><td>3</td><td><a href="http://rst.x.gov.cn/">河北人社</a></td><td>1300000033</td><td>rst.x.gov.cn</td><td>河北省人力资源和社会保障厅</td></tr>
<tr><td>4</td><td><a href="http://jyt.x.gov.cn/">省教育厅</a></td><td>1300000034</td><td>jyt.x.gov.cn</td><td>河北省教育厅</td></tr></table>"""
    assert [link.text for link in grouped_links(page, BASE)] == [
        "河北省林业和草原局", "信用河北", "河北省人力资源和社会保障厅", "省教育厅"]


def test_two_tabs_over_one_list_leave_its_items_in_the_shown_tab_s_group() -> None:
    page = """<div class="wzq"><div class="tabs"><span data-type="t0">省直部门网站</span><span data-type="t1">市州政府网站</span></div>
<ul aria-label="市州政府网站"><li><a href="http://www.my.gov.cn/">绵阳市</a></li><li><a href="http://www.lsz.gov.cn/">凉山彝族自治州</a></li></ul></div>
<div class="tab"><ul><li>省直部门</li><li>设区市</li></ul></div><div class="bd"><div><a href="http://jyt.x.gov.cn/">教育厅</a></div>
<div><a href="http://www.a.gov.cn/">甲市</a></div></div>"""
    assert [(link.text, link.heading) for link in grouped_links(page, BASE)] == [
        ("绵阳市", "市州政府网站"), ("凉山彝族自治州", "市州政府网站"), ("教育厅", "省直部门"), ("甲市", "设区市")]


def test_a_list_page_answer_gives_links_of_the_list_s_group() -> None:
    answer = '{"total":6,"rows":[{"id":5,"name":"\\u81ea\\u7136\\u8d44\\u6e90\\u548c\\u89c4\\u5212\\u5c40","url":"http:\\/\\/zrgh.x.gov.cn\\/"}]}'
    [link] = DiscoverSpider._answer_links(answer, BASE + "api/site/list", {})
    assert (link.url, link.text) == ("http://zrgh.x.gov.cn/", "自然资源和规划局")


def test_a_web_of_session_9_shapes_is_found_whole_without_a_browser(tmp_path) -> None:
    """demo.shapes_govweb, seed 15 (every shape: 拼音 initial tabs, an area map, a JSON-filled
    drop-down, a 集约化 platform's framed list, 部门信息公开 rows of folder sites), read with the
    browser off: every agency, its place and parent, and no news site, bank or platform host."""
    from demo.govweb import GovWeb
    from demo.shapes_govweb import shapes_tree
    from tests.test_discover import FAST, _entries, _nianbao

    specs, start, folders = shapes_tree(15)
    with GovWeb(specs) as web:
        out = tmp_path / "sources.yaml"
        result = _nianbao("discover", "--start-url", web.url(start), "--out", str(out), *FAST,
                          "-s", f"NIANBAO_HOSTS={web.hosts_setting}", "-s", "NIANBAO_BROWSER=False")
        assert result.returncode == 0, result.stderr[-3000:]
        got = {e["start_urls"][0]: e for e in _entries(out)}
        want = {web.url(s.host): s for s in specs if s.agency}
        folder_urls = {f.replace("{port}", str(web.port)) for f in folders}
        assert folder_urls and set(got) == set(want) | folder_urls
        for url, spec in want.items():
            entry = got[url]
            assert (entry["province"], entry["city"], entry["county"]) == spec.place, entry["name"]
            assert entry["parent"] == spec.parent, entry["name"]
        for url in folder_urls:
            assert got[url]["name"].endswith("局") and got[url]["parent"].endswith("市人民政府"), got[url]


def test_an_organ_listed_by_its_columns_only_is_the_folder_they_share() -> None:
    """部门信息公开 rows of a 集约化 portal: the name printed without a link, its 政务公开 columns
    linked beside it; the folder the columns share is the organ's site. Columns of the portal's own
    (one folder level, or other hosts) make none."""
    page = """<h3>部门信息公开</h3><table>
<tr><td><strong>市教育局</strong></td><td><a href="/zwgk/bm/jyj/jgzn/">机构职能</a> | <a href="/zwgk/bm/jyj/ndbg/index.html">年度报告</a></td></tr>
<tr><td>市财政局</td><td><a href="/zwgk/bm/czj/zcwj/">政策文件</a> | <a href="/zwgk/bm/czj/ndbg/">政府信息公开年报</a></td></tr>
<tr><td>市统计局</td><td><a href="/jgzn/">机构职能</a> | <a href="/ndbg/">年度报告</a></td></tr>
<tr><td>市审计局</td><td><a href="/zwgk/bm/sjj/jgzn/">机构职能</a> | <a href="/zwgk/bm/sjj/news/">审计动态</a></td></tr></table>"""
    folders = [(link.url, link.text) for link in grouped_links(page, BASE) if link.url.endswith("/bm/jyj/")
               or link.url.endswith("/bm/czj/") or link.text.startswith("市")]
    assert folders == [(BASE + "zwgk/bm/jyj/", "市教育局"), (BASE + "zwgk/bm/czj/", "市财政局")]
