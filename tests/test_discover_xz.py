"""Discovery on a 西藏-style web (issue 15, session 10): a region's 市（地）县（区） table placing each
county by its row, a 地区's 行政公署, bilingual titles (Tibetan before Chinese), the city's closer
lists, media, a university and a 政务服务网 among the links; then ``crawl --sources`` archives every
agency's report."""

from __future__ import annotations

import pytest

from demo.xz_govweb import xz_tree
from tests.test_discover_qh import archived_reports_are, discover_and_crawl


@pytest.fixture(scope="module")
def xz(tmp_path_factory):
    specs, start = xz_tree()
    return discover_and_crawl(specs, start, tmp_path_factory.mktemp("xz"))


def test_every_agency_and_no_other_site_with_names_places_and_parents(xz) -> None:
    port = xz["port"]
    got = {e["name"]: ((e["province"], e["city"], e["county"]), e["parent"], e["start_urls"]) for e in xz["entries"]}
    assert got == {s.agency: (s.place, s.parent, [f"http://{s.host}:{port}/"]) for s in xz["specs"] if s.agency}


def test_crawl_of_the_written_file_archives_every_agency_s_report(xz) -> None:
    assert xz["crawl"].returncode == 0, xz["crawl"].stderr[-3000:]
    archived_reports_are(xz["db"], xz["expected_reports"])
