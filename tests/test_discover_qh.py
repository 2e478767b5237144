"""Discovery on a 青海-style web of shapes not met before (issue 15, session 10): a footer directory
an external script writes line by line, tabs paired by order, select jump boxes, a 直属机构 panel
mixing agencies with a university, a hospital and a 政务服务网, 友情链接 and 便民服务 of media, banks
and companies, a title naming no agency, bare city names under a department, 集约化 folder sites,
a JSON-filled 部门网站 list, a stale domain's 停止更新 notice and two dead sites; then ``crawl
--sources`` on the file archives every answering agency's report and exits 0."""

from __future__ import annotations

import socket
import sqlite3

import pytest

from demo.govweb import GovWeb
from demo.qh_govweb import qh_tree
from tests.test_discover import FAST, _entries, _nianbao


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def discover_and_crawl(specs, start: str, tmp, extra_hosts: str = "") -> dict:
    """Discovery from ``start`` on a GovWeb of ``specs``, then ``crawl --sources`` on the file it wrote."""
    with GovWeb(specs) as web:
        hosts = ",".join(h for h in (web.hosts_setting, extra_hosts) if h)
        out = tmp / "sources.yaml"
        result = _nianbao("discover", "--start-url", web.url(start), "--out", str(out), *FAST,
                          "-s", f"NIANBAO_HOSTS={hosts}", "-s", "NIANBAO_BROWSER=False",
                          "-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=0")
        assert result.returncode == 0, result.stderr[-3000:]
        db = tmp / "archive.db"
        crawl = _nianbao("crawl", "--sources", str(out), "--db", str(db), *FAST,
                         "-s", f"NIANBAO_WARC_DIR={tmp / 'warc'}", "-s", "NIANBAO_BROWSER=False",
                         "-s", "TWISTED_DNS_RESOLVER=crawler.hosts.HostsResolver", "-s", f"NIANBAO_HOSTS={hosts}")
        return {"web": web, "entries": _entries(out), "port": web.port, "crawl": crawl, "db": db, "specs": specs,
                "expected_reports": web.expected_reports()}


def archived_reports_are(db, want: list[dict]) -> None:
    """Every report of ``want`` is in the archive at ``db`` with its agency, year and cells, and no other."""
    con = sqlite3.connect(db)
    try:
        for rep in want:
            row = con.execute("select id, agency_id, year from reports where url = ?", (rep["url"],)).fetchone()
            assert row is not None, rep["url"]
            assert row[1:] == (rep["agency"], 2024), rep["url"]
            cells = dict(con.execute("select cell_id, value from cells where report_id = ?", (row[0],)).fetchall())
            assert {c: cells.get(c) for c in rep["cells"]} == rep["cells"], rep["url"]
        assert con.execute("select count(*) from reports").fetchone()[0] == len(want)
    finally:
        con.close()


@pytest.fixture(scope="module")
def qh(tmp_path_factory):
    dead_port = _closed_port()
    specs, start, folder_reports, folders = qh_tree(dead_port)
    ran = discover_and_crawl(specs, start, tmp_path_factory.mktemp("qh"), "swj.haidong-x.gov.cn=127.0.0.1")
    return ran | {"dead_port": dead_port, "folder_reports": folder_reports, "folders": folders}


def test_every_agency_and_no_other_site_with_names_places_and_parents(qh) -> None:
    port = qh["port"]
    got = {e["name"]: e for e in qh["entries"]}
    want = {s.agency: (f"http://{s.host}:{port}/", s.place, s.parent) for s in qh["specs"] if s.agency}
    want |= {name: (url.replace("{port}", str(port)), place, parent) for name, (url, place, parent) in qh["folders"].items()}
    want["海东市水务局"] = (f"http://swj.haidong-x.gov.cn:{qh['dead_port']}/", ("青海省", "海东市", None), "海东市人民政府")
    want["门源回族自治县人民政府"] = (f"http://www.menyuan-x.gov.cn:{port}/", ("青海省", "海北藏族自治州", "门源回族自治县"),
                               "海北藏族自治州人民政府")
    assert set(got) == set(want), (sorted(set(got) - set(want)), sorted(set(want) - set(got)))
    for name, (url, place, parent) in want.items():
        e = got[name]
        assert (e["start_urls"], (e["province"], e["city"], e["county"]), e["parent"]) == ([url], place, parent), e
    assert {n for n, e in got.items() if e.get("unanswered")} == {"海东市水务局", "门源回族自治县人民政府"}


def test_crawl_of_the_written_file_archives_every_answering_agency_s_report(qh) -> None:
    crawl = qh["crawl"]
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    port = str(qh["port"])
    want = qh["expected_reports"] + [r | {"url": f"http://www.xining-x.gov.cn:{port}{r['url']}"}
                                     for r in qh["folder_reports"]]
    archived_reports_are(qh["db"], want)
    con = sqlite3.connect(qh["db"])
    try:
        unanswered = {r[0] for r in con.execute("select site from errors where stage = 'unanswered'")}
    finally:
        con.close()
    assert unanswered == {f"swj.haidong-x.gov.cn:{qh['dead_port']}", f"www.menyuan-x.gov.cn:{port}"}


def test_a_footer_script_named_for_its_links_is_read_and_a_stopped_site_s_notice_followed() -> None:
    from crawler.directory import migration_target, script_refs

    page = ("<html><body><div class='box'><h3>省政府部门</h3><ul><li><a href='http://jyt.x.gov.cn/'>省教育厅</a></li></ul>"
            "</div><div class='footer'><script src='/static/js/link.js'></script><script src='/js/main.js'></script>"
            "<script src='/js/jquery.min.js'></script></div></body></html>")
    assert script_refs(page, "http://www.x.gov.cn/")[0] == [("http://www.x.gov.cn/static/js/link.js", None)]
    assert script_refs(page.replace("link.js", "swiper.js"), "http://www.x.gov.cn/")[0] == []
    notice = ("<html><body><h2>公告</h2><p>本站已停止更新，请访问新版网站：<a href='http://mzj.haidong.gov.cn/'>"
              "http://mzj.haidong.gov.cn/</a></p></body></html>")
    assert migration_target(notice, "http://www.hdmzj.gov.cn/") == "http://mzj.haidong.gov.cn/"


def test_a_json_record_s_group_key_naming_a_kind_of_site_is_its_group() -> None:
    from crawler.directory import is_agency_group, links_in_script

    answer = ('{"data":[{"siteName":"青海省教育厅","siteUrl":"http://jyt.x.gov.cn/","siteType":"省直部门"},'
              '{"siteName":"西宁市","siteUrl":"http://www.xn.gov.cn/","siteType":"市州政府"},'
              '{"siteName":"青海日报","siteUrl":"http://www.qhrb.com.cn/","siteType":"新闻媒体"},'
              '{"siteName":"海东市","siteUrl":"http://www.hd.gov.cn/","siteType":"2"}]}')
    links = links_in_script(answer, "http://www.x.gov.cn/data/sites.json", {}, None)
    assert [(link.text, link.heading, is_agency_group(link.heading)) for link in links] == [
        ("青海省教育厅", "省直部门", True), ("西宁市", "市州政府", True), ("青海日报", "新闻媒体", False), ("海东市", None, False)]


def test_a_select_s_placeholder_heads_its_own_options_only() -> None:
    from crawler.directory import grouped_links

    page = ("<div><select id='s1'><option value=''>——市州政府网站——</option><option value='http://www.xn.gov.cn/'>西宁市</option>"
            "<optgroup label='自治州'><option value='http://www.hb.gov.cn/'>海北州</option></optgroup></select>"
            "<input type='button' value='前往' onclick=\"window.open(document.getElementById('s1').value)\"></div>"
            "<div><select id='s2'><option>--请选择--</option><option value='http://www.qhrb.com.cn/'>青海日报</option></select></div>"
            "<div><a href='http://www.qhbank.com/'>青海银行</a></div>")
    assert [(link.text, link.heading) for link in grouped_links(page, "http://www.x.gov.cn/")] == [
        ("西宁市", "市州政府网站"), ("海北州", "市州政府网站 自治州"), ("青海日报", None), ("青海银行", None)]
