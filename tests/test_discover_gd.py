"""Discovery on a 广东-style web (issue 15, session 9, second round): bare city names in a
department's 地市 box name no agency (and never merge a site into the city's government, whatever
the link order), a 网站迁移公告 is followed to the new address, 事业单位 are no agencies, and a
listed site on which nothing listens keeps its listed http:// address, marked ``unanswered``."""

from __future__ import annotations

import json
import socket

import pytest

from crawler.directory import is_agency_group, links_in_script, migration_target, names_place_only
from crawler.sources_merge import merge_sources
from demo.gd_govweb import gd_tree
from demo.govweb import GovWeb
from tests.test_discover import FAST, _entries, _nianbao


def test_a_migration_notice_gives_its_new_address_and_a_page_mentioning_a_move_gives_none() -> None:
    notice = ("<html><head><title>网站迁移公告</title></head><body><h1>网站迁移公告</h1><p>本网站已迁移。"
              "新网址：<a>www.sg.gov.cn/sgsmzj/</a></p><p><a href='https://beian.miit.gov.cn/'>粤ICP备</a></p></body></html>")
    assert migration_target(notice, "http://www.sgmzj.gov.cn/") == "http://www.sg.gov.cn/sgsmzj/"
    linked = "<body><p>本站已迁至 <a href='http://www.sg.gov.cn/sgsfgj/'>韶关市发展和改革局</a></p></body>"
    assert migration_target(linked, "http://fgj.sg.gov.cn/") == "http://www.sg.gov.cn/sgsfgj/"
    home = "<body>" + "".join(f"<a href='http://x{i}.gov.cn/'>链接{i}</a>" for i in range(8)) + "<p>机房迁移通知</p></body>"
    assert migration_target(home, "http://www.sg.gov.cn/") is None
    assert migration_target("<body><p>欢迎访问 www.sg.gov.cn</p></body>", "http://a.gov.cn/") is None


def test_records_and_headings_that_say_institution_or_enterprise_list_no_agencies() -> None:
    records = json.dumps({"data": [
        {"name": "广东省公共资源交易中心", "url": "http://ggzy.gd.gov.cn/", "category": "直属事业单位"},
        {"name": "广东省统计局", "url": "http://stats.gd.gov.cn/", "category": "直属机构"},
        {"name": "广东省广新控股集团", "url": "http://www.guangxin.com.cn/", "category": "省属企业"}]}, ensure_ascii=False)
    links = links_in_script(records, "http://www.gd.gov.cn/", {}, "省政府机构")
    assert [(link.text, is_agency_group(link.heading)) for link in links] == [
        ("广东省公共资源交易中心", False), ("广东省统计局", True), ("广东省广新控股集团", False)]
    assert not is_agency_group("直属事业单位") and not is_agency_group("国有企业")
    assert is_agency_group("直属机构及事业单位") and is_agency_group("参照公务员法管理事业单位")


def test_a_bare_place_is_told_from_an_organ() -> None:
    assert names_place_only("湛江") == "湛江市"
    assert names_place_only("湛江市教育局") is None and names_place_only("市教育局") is None


def test_unanswered_is_marked_while_it_holds_and_no_hand_edit(tmp_path) -> None:
    out = tmp_path / "sources.yaml"
    dead = {"name": "广东省水利厅", "province": "广东省", "city": None, "county": None,
            "start_urls": ["http://slt.gd.gov.cn/"], "parent": "广东省人民政府", "unanswered": "ConnectionRefusedError"}
    merge_sources(out, [dead])
    assert _entries(out)[0]["unanswered"] == "ConnectionRefusedError"
    result = merge_sources(out, [{**dead, "unanswered": None}])  # it answers now: the mark goes, no hand edit
    assert "unanswered" not in _entries(out)[0] and result.outcomes["updated"].count == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("departments_first", [True, False])
def test_a_guangdong_web_is_found_whatever_the_link_order(tmp_path, departments_first: bool) -> None:
    dead_port = _closed_port()
    specs, start = gd_tree(dead_port, departments_first)
    with GovWeb(specs) as web:
        out = tmp_path / "sources.yaml"
        result = _nianbao("discover", "--start-url", web.url(start), "--out", str(out), *FAST,
                          "-s", f"NIANBAO_HOSTS={web.hosts_setting},slt.gd.gov.cn=127.0.0.1",
                          "-s", "NIANBAO_BROWSER=False", "-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=0")
        assert result.returncode == 0, result.stderr[-3000:]
        got = {e["name"]: e for e in _entries(out)}
        port = web.port
    want = {s.agency: s for s in specs if s.agency}
    assert set(got) == set(want) | {"韶关市民政局", "广东省水利厅"}, sorted(got)
    for name, spec in want.items():
        entry = got[name]
        assert entry["start_urls"] == [f"http://{spec.host}:{port}/"], entry
        assert (entry["province"], entry["city"], entry["county"]) == spec.place, entry
        assert entry["parent"] == spec.parent, entry
        assert "unanswered" not in entry
    moved = got["韶关市民政局"]
    assert moved["start_urls"] == [f"http://www.sg.gov.cn:{port}/sgsmzj/"] and moved["parent"] == "韶关市人民政府"
    dead = got["广东省水利厅"]
    assert dead["start_urls"] == [f"http://slt.gd.gov.cn:{dead_port}/"] and dead["unanswered"], dead
