"""``crawl --sources`` on a file discovery wrote with ``unanswered:`` entries (issue 15, session 10).

A site its parent's directory lists but that never answered discovery is kept under the directory's
address, marked ``unanswered: <why>``. The crawl does not ask for it — a dead site would only fail
the run with errors everyone knows of — and does not lose it either: one ``errors`` row of stage
``unanswered`` names it, the summary counts it, and the run exits 0 when every answering agency was
crawled.
"""

from __future__ import annotations

import socket
import sqlite3

from crawler.sources import Source, answering, load_sources, unanswered_reason
from demo.govweb import GovWeb, demo_tree
from tests.test_discover import FAST, _nianbao


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unanswered_entry_is_read_and_set_apart(tmp_path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("agencies:\n"
                    "  - name: 甲市教育局\n    start_urls: [http://jyj.a.gov.cn/]\n    verified: false\n"
                    "  - name: 甲市水利局\n    start_urls: [http://slj.a.gov.cn/]\n"
                    "    unanswered: 'ConnectionRefusedError: Connection was refused'\n", encoding="utf-8")
    crawled, dead = answering(load_sources(path))
    assert [s.name for s in crawled] == ["甲市教育局"] and crawled[0].unanswered is None
    assert [s.name for s in dead] == ["甲市水利局"]
    assert unanswered_reason(dead[0]).startswith("unanswered at discovery (ConnectionRefusedError")
    assert "甲市水利局" in unanswered_reason(Source("甲市水利局", unanswered="DNS"))


def test_a_crawl_of_sources_with_an_unanswered_entry_exits_0_and_records_it(tmp_path) -> None:
    dead_port = _closed_port()
    with GovWeb(demo_tree()) as web:
        sources = tmp_path / "sources.yaml"
        sources.write_text(
            "agencies:\n"
            f"  - name: 宁夏回族自治区教育厅\n    province: 宁夏回族自治区\n    start_urls: [{web.url('jyt.nxdemo.gov.cn')}]\n"
            f"  - name: 银川市民政局\n    province: 宁夏回族自治区\n    city: 银川市\n    start_urls: [{web.url('mzj.ycdemo.gov.cn')}]\n"
            f"  - name: 宁夏回族自治区水利厅\n    province: 宁夏回族自治区\n"
            f"    start_urls: ['http://slt.nxdemo.gov.cn:{dead_port}/']\n"
            "    unanswered: 'ConnectionRefusedError: Connection was refused by other side'\n",
            encoding="utf-8")
        db = tmp_path / "archive.db"
        result = _nianbao("crawl", "--sources", str(sources), "--db", str(db), *FAST,
                          "-s", f"NIANBAO_WARC_DIR={tmp_path / 'warc'}",
                          "-s", "TWISTED_DNS_RESOLVER=crawler.hosts.HostsResolver",
                          "-s", f"NIANBAO_HOSTS={web.hosts_setting},slt.nxdemo.gov.cn=127.0.0.1")
        asked = {host for host, _ in web.requests}
    assert result.returncode == 0, result.stderr[-3000:]
    assert "1 entries unanswered at discovery (not crawled)" in result.stdout + result.stderr
    assert "slt.nxdemo.gov.cn" not in asked
    con = sqlite3.connect(db)
    try:
        agencies = {r[0] for r in con.execute("select agency_id from reports")}
        rows = con.execute("select url, stage, site, reason from errors").fetchall()
        stats = con.execute("select stats, problems from crawl_runs").fetchone()
    finally:
        con.close()
    assert len(agencies) == 2, agencies
    assert rows == [(f"http://slt.nxdemo.gov.cn:{dead_port}/", "unanswered", f"slt.nxdemo.gov.cn:{dead_port}",
                     "unanswered at discovery (ConnectionRefusedError: Connection was refused by other side): "
                     "宁夏回族自治区水利厅 not crawled; run `nianbao discover` again once the site answers")]
    assert '"errors": 0' in stats[0] and '"unanswered": 1' in stats[0] and stats[1] in (None, "[]")


def test_an_agency_found_at_an_answering_and_a_dead_address_is_one_entry_crawled_at_the_answering_one(tmp_path) -> None:
    """Two spellings of one agency's site (a directory's dead one, another's answering one) join in
    one entry: its fields and first start URL are the answering site's, and it is not unanswered;
    two dead ones make an unanswered entry."""
    from crawler.sources_merge import merge_sources
    from tests.test_discover import _entries

    dead = {"name": "遵义市人民政府", "province": "贵州省", "city": "遵义市", "county": None,
            "start_urls": ["http://www.zunyi.gov.cn"], "parent": "贵州省教育厅", "unanswered": "ConnectionRefusedError"}
    alive = {**dead, "start_urls": ["http://www.zunyi.gov.cn:8080/"], "parent": "贵州省人民政府", "unanswered": None}
    for found in ([dead, alive], [alive, dead]):
        out = tmp_path / f"sources-{found[0]['unanswered'] is None}.yaml"
        merge_sources(out, found)
        [entry] = _entries(out)
        assert entry["start_urls"] == ["http://www.zunyi.gov.cn:8080/", "http://www.zunyi.gov.cn"]
        assert entry["parent"] == "贵州省人民政府" and "unanswered" not in entry
        merge_sources(out, found)  # again: the same file
        assert _entries(out) == [entry]
    out = tmp_path / "both-dead.yaml"
    merge_sources(out, [dead, {**dead, "start_urls": ["http://zunyi.gov.cn/"]}])
    assert _entries(out)[0]["unanswered"] == "ConnectionRefusedError"
