"""Discovery on a 北京-style web (issue 15, session 10): a municipality whose districts sit right
under it; a 政府网站导航 page with a jump box of ``<optgroup>``s (agencies by their short forms, a
事业单位 and a 国有企业 among them), a district list a page script holds as an array, a district
titled by its brand whose departments are ``/col/colNNN/`` columns of its 集约化 host, a department
titled 首页; media, a bank, a hospital and a school linked; then ``crawl --sources`` archives every
agency's report."""

from __future__ import annotations

import pytest

from demo.bj_govweb import bj_tree
from tests.test_discover_qh import archived_reports_are, discover_and_crawl


@pytest.fixture(scope="module")
def bj(tmp_path_factory):
    specs, start, folder_reports, folders = bj_tree()
    return discover_and_crawl(specs, start, tmp_path_factory.mktemp("bj")) | {
        "folder_reports": folder_reports, "folders": folders}


def test_every_agency_and_no_other_site_with_names_places_and_parents(bj) -> None:
    port = bj["port"]
    got = {e["name"]: e for e in bj["entries"]}
    want = {s.agency: (f"http://{s.host}:{port}/", s.place, s.parent) for s in bj["specs"] if s.agency}
    want |= {name: (url.replace("{port}", str(port)), place, parent) for name, (url, place, parent) in bj["folders"].items()}
    assert set(got) == set(want), (sorted(set(got) - set(want)), sorted(set(want) - set(got)))
    for name, (url, place, parent) in want.items():
        e = got[name]
        assert (e["start_urls"], (e["province"], e["city"], e["county"]), e["parent"]) == ([url], place, parent), e


def test_crawl_of_the_written_file_archives_every_agency_s_report(bj) -> None:
    assert bj["crawl"].returncode == 0, bj["crawl"].stderr[-3000:]
    port = str(bj["port"])
    archived_reports_are(bj["db"], bj["expected_reports"] + [
        r | {"url": f"http://www.bjchy-x.gov.cn:{port}{r['url']}"} for r in bj["folder_reports"]])
