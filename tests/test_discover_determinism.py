"""Determinism and idempotence of discovery as properties (issue 15, session 10).

The same web, its directory pages' links in another order and its sites answering in another
order (:mod:`tests.discover_chaos`), must give the same sources file, entry for entry; a second run
into that file must leave it byte for byte as it was. ``python -m tests.discover_determinism`` runs
every fixture web on more seeds.
"""

from __future__ import annotations

import socket

from tests.discover_chaos import shuffle_markup
from tests.discover_determinism import Web, free_port, run_seed


def test_the_shuffle_permutes_one_link_siblings_and_keeps_headings_placeholders_and_panels() -> None:
    page = ("<html><body><h3>部门网站</h3><ul><li><a href='http://a.gov.cn/'>甲</a></li><li><a href='http://b.gov.cn/'>乙</a>"
            "</li><li><a href='http://c.gov.cn/'>丙</a></li><li><a href='http://d.gov.cn/'>丁</a></li></ul>"
            "<select><option value='0'>县区政府</option><option value='31'>戊</option><option value='32'>己</option>"
            "<option value='33'>庚</option></select><div class='tab'><li>省直</li><li>市县</li></div>"
            "<div class='bd'><div><a href='http://e.gov.cn/'>E</a><a href='http://f.gov.cn/'>F</a></div>"
            "<div><a href='http://g.gov.cn/'>G</a><a href='http://h.gov.cn/'>H</a></div></div></body></html>")
    orders = set()
    for seed in range(6):
        out = shuffle_markup(page, seed)
        assert out.index("部门网站") < out.index("甲") and out.index("县区政府") < out.index("戊")
        assert out.index("省直") < out.index("市县") < out.index("E") and max(out.index("E"), out.index("F")) < min(
            out.index("G"), out.index("H"))  # panels keep their order: tabs pair with them by it
        orders.add(tuple(sorted("甲乙丙丁", key=out.index)))
    assert len(orders) > 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_web_gives_the_same_file_whatever_its_link_order_and_answer_timing(tmp_path) -> None:
    """The 青海-style web (tabs, selects, script-written footer, JSON list, folders, a stale domain,
    dead sites): two seeds of shuffled links and delayed answers and the web as built give the same
    entries; a second run into each file changes nothing."""
    from demo.qh_govweb import qh_tree

    dead = _closed_port()
    web = Web("qh", lambda: qh_tree(dead)[0], "www.qh-x.gov.cn", "swj.haidong-x.gov.cn=127.0.0.1")
    port = free_port()
    runs = {seed: run_seed(web, seed, tmp_path / f"seed{seed}.yaml", port, again=seed is not None)
            for seed in (None, 3, 4)}
    base, _ = runs[None]
    assert len(base) == 20, base  # 16 agencies on hosts of their own, 2 in folders, 2 dead
    for seed, (got, stable) in runs.items():
        assert got == base, (seed, sorted(set(got) ^ set(base)))
        assert stable, f"seed {seed}: a second run changed the file"


def _spider(tmp_path):
    from crawler.discover_state import DiscoverState, SiteRow
    from crawler.spiders.discover import DiscoverSpider

    spider = DiscoverSpider(start_url="http://www.qh.gov.cn/", state=str(tmp_path / "state.sqlite"))
    spider.state = DiscoverState(tmp_path / "state.sqlite")
    spider.state.begin("http://www.qh.gov.cn/", "www.qh.gov.cn")
    spider.state.update("www.qh.gov.cn", status="done", name="青海省人民政府", province="青海省")
    spider.state.add(SiteRow("www.xining.gov.cn", "http://www.xining.gov.cn/", 1, "西宁市", "市州政府", "www.qh.gov.cn"))
    spider.state.update("www.xining.gov.cn", status="done", name="西宁市人民政府", province="青海省", city="西宁市")
    return spider, SiteRow


def test_one_portal_linking_a_site_twice_names_it_by_the_link_naming_it_in_either_order(tmp_path) -> None:
    from parsers.places import Place

    spider, row = _spider(tmp_path)
    province = spider.state.get("www.qh.gov.cn")
    for first, then in [("自然资源", "省自然资源厅"), ("省自然资源厅", "自然资源")]:
        host = f"zrzyt-{first}.qh.gov.cn"
        spider.state.add(row(host, f"http://{host}/", 1, first, "部门网站", "www.qh.gov.cn"))
        spider._closer_parent(host, province, Place("青海省"), then, "省政府组成部门")
        assert spider.state.get(host)["link_text"] == "省自然资源厅"


def test_a_site_read_before_a_closer_portal_listed_it_is_read_again_under_that_listing(tmp_path) -> None:
    from parsers.places import Place

    spider, row = _spider(tmp_path)
    spider.state.add(row("www.datong.gov.cn", "http://www.datong.gov.cn/", 1, "大通县", "县（市、区）政府", "www.qh.gov.cn"))
    spider.state.update("www.datong.gov.cn", status="done", name="大通回族土族自治县人民政府", province="青海省",
                        city="西宁市", county="大通回族土族自治县")
    city = spider.state.get("www.xining.gov.cn")
    spider._closer_parent("www.datong.gov.cn", city, Place("青海省", "西宁市"), "大通回族土族自治县", "县区政府")
    got = spider.state.get("www.datong.gov.cn")
    assert (got["status"], got["parent_host"], got["link_text"], got["name"]) == (
        "queued", "www.xining.gov.cn", "大通回族土族自治县", None)
    spider.state.update("www.datong.gov.cn", status="done", name="大通回族土族自治县人民政府")
    spider._closer_parent("www.datong.gov.cn", city, Place("青海省", "西宁市"), "大通县", "县区政府")  # the same lister, a worse link
    assert spider.state.get("www.datong.gov.cn")["status"] == "done"
