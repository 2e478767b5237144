"""parsers.places: an agency's place from its name, with the shipped national division table.

Names are real: the seeds (/work/shared/seeds), the real reports (/work/shared/realdocs) and
data/sources.yaml; the ambiguous ones are real divisions (朝阳区 in Beijing and Changchun, 鼓楼区 in
Nanjing, Xuzhou, Fuzhou and Kaifeng).
"""

from __future__ import annotations

import csv

import pytest
import yaml

from parsers.places import TABLE, Place, place_in_name, resolve_place, short_name, table


@pytest.mark.parametrize("name, place", [
    # realdocs
    ("上海市人民政府办公厅", ("上海市", None, None)),
    ("平潭综合实验区", ("福建省", "福州市", "平潭县")),   # the zone is 平潭县's territory (code 350128)
    # seeds
    ("泉州市科学技术局", ("福建省", "泉州市", None)),
    ("灵武市科学技术局", ("宁夏回族自治区", "银川市", "灵武市")),
    ("平顶山市科学技术局", ("河南省", "平顶山市", None)),
    ("洛江区科学技术局", ("福建省", "泉州市", "洛江区")),
    ("泉州市洛江区科学技术局", ("福建省", "泉州市", "洛江区")),
    # data/sources.yaml
    ("沂源县人民政府", ("山东省", "淄博市", "沂源县")),
    # a municipality's district, an autonomous region, a county-level city under its province,
    # a city without counties, a national system's local office, a zone named by a short name
    ("北京市朝阳区教育委员会", ("北京市", "北京市", "朝阳区")),
    ("广西壮族自治区人民政府办公厅", ("广西壮族自治区", None, None)),
    ("仙桃市人民政府", ("湖北省", None, "仙桃市")),
    ("东莞市人民政府", ("广东省", "东莞市", None)),
    ("国家税务总局泉州市税务局", ("福建省", "泉州市", None)),
    ("北京经济技术开发区管理委员会", ("北京市", None, None)),
    ("吉林省吉林市人民政府", ("吉林省", "吉林市", None)),
])
def test_the_name_names_the_place(name, place):
    found, warnings = place_in_name(name)
    assert found == Place(*place)
    assert warnings == []


def test_a_national_agency_has_no_place_whatever_its_source():
    assert place_in_name("国家统计局") == (Place(), [])
    place, warnings = resolve_place("国务院办公厅", Place("宁夏回族自治区", None, None))
    assert place == Place() and "national" in warnings[0]
    # a national system's local office is local
    assert place_in_name("国家税务总局泉州市税务局")[0] == Place("福建省", "泉州市", None)


def test_a_name_without_a_place():
    assert place_in_name("科学技术部") == (None, [])
    assert place_in_name("") == (None, [])
    # A division's short name is not a place unless a zone word follows it.
    assert place_in_name("东方红林场") == (None, [])


def test_an_ambiguous_name_is_null_with_a_warning():
    place, warnings = place_in_name("朝阳区人民政府")
    assert place == Place()
    assert len(warnings) == 1 and "北京市" in warnings[0] and "长春市" in warnings[0]


def test_the_source_or_a_city_in_the_name_disambiguates():
    assert place_in_name("朝阳区人民政府", Place("吉林省", None, None)) == (Place("吉林省", "长春市", "朝阳区"), [])
    assert place_in_name("福州市鼓楼区人民政府") == (Place("福建省", "福州市", "鼓楼区"), [])
    assert place_in_name("鼓楼区人民政府", Place("福建省", "福州市", None))[0] == Place("福建省", "福州市", "鼓楼区")
    # Two 鼓楼区 in 江苏省: only what they share is kept.
    place, warnings = place_in_name("鼓楼区人民政府", Place("江苏省", None, None))
    assert place == Place("江苏省", None, None) and "南京市" in warnings[0] and "徐州市" in warnings[0]
    # A source that fits no candidate does not choose one, nor gives its own place.
    place, warnings = resolve_place("朝阳区人民政府", Place("福建省", "泉州市", None))
    assert place == Place() and len(warnings) == 1 and "ambiguous" in warnings[0]


def test_the_name_wins_over_the_source_and_says_so():
    place, warnings = resolve_place("上海市人民政府办公厅", Place("河南省", "平顶山市", None))
    assert place == Place("上海市", None, None)
    assert len(warnings) == 1 and "河南省" in warnings[0] and "上海市" in warnings[0]
    # More precise than the source, not in conflict: no warning.
    assert resolve_place("洛江区科学技术局", Place("福建省", "泉州市", None)) == \
        (Place("福建省", "泉州市", "洛江区"), [])
    # The source's place applies when the name names none.
    assert resolve_place("科学技术局", Place("福建省", "泉州市", None)) == (Place("福建省", "泉州市", None), [])


def test_every_place_in_the_sources_file_is_what_its_name_says():
    from pathlib import Path
    data = yaml.safe_load((Path(__file__).parents[1] / "data" / "sources.yaml").read_text(encoding="utf-8"))
    for entry in data["agencies"]:
        place, warnings = resolve_place(entry["name"], Place(entry["province"], entry["city"], entry["county"]))
        assert warnings == [], entry["name"]
        assert place == Place(entry["province"], entry["city"], entry["county"]), entry["name"]


def test_the_table_is_whole_and_consistent():
    with TABLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    levels = [r["level"] for r in rows]
    assert levels.count("province") == 31
    assert 330 <= levels.count("city") <= 345 and 2800 <= levels.count("county") <= 2900
    codes = {r["code"] for r in rows}
    assert all(r["parent"] in codes for r in rows if r["parent"])
    assert TABLE.with_name("divisions.LICENSE.txt").exists()
    assert table().place("350505") == Place("福建省", "泉州市", "泉港区")


def test_short_names():
    assert short_name("平潭县") == "平潭"
    assert short_name("广西壮族自治区") == "广西"
    assert short_name("新疆维吾尔自治区") == "新疆"
    assert short_name("恩施土家族苗族自治州") == "恩施"
    assert short_name("城区") is None


def test_the_pipeline_files_an_agency_under_its_name_s_place(tmp_path):
    """上海市人民政府办公厅 found through a 河南 source is filed under 上海市, with a warning."""
    import json

    from crawler.db import Store
    from crawler.pipelines import ParsePipeline, StorePipeline
    from tests.test_pipelines import FakeCrawler, report_document, report_item

    store = Store(tmp_path / "archive.db")
    crawler = FakeCrawler()
    parse, save = ParsePipeline(store, crawler), StorePipeline(store, crawler)
    source = {"name": "平顶山市科学技术局", "province": "河南省", "city": "平顶山市", "county": None,
              "start_urls": ["http://www.pds.gov.cn/"], "verified": False}
    for agency, url in (("上海市人民政府办公厅", "http://www.pds.gov.cn/sh.html"),
                        ("平顶山市科学技术局", "http://www.pds.gov.cn/kj.html"),
                        ("叶县科学技术局", "http://www.pds.gov.cn/yx.html")):
        save.process_item(parse.process_item(report_item(report_document(agency=agency, year=2019), url=url,
                                                         source=source)))
    rows = {r["id"]: r for r in store.db["agencies"].rows}
    assert (rows["上海市人民政府办公厅"]["province"], rows["上海市人民政府办公厅"]["city"]) == ("上海市", None)
    assert (rows["平顶山市科学技术局"]["province"], rows["平顶山市科学技术局"]["city"]) == ("河南省", "平顶山市")
    assert (rows["叶县科学技术局"]["city"], rows["叶县科学技术局"]["county"]) == ("平顶山市", "叶县")
    def warnings(rid: str) -> list[str]:
        return json.loads(store.db.execute("select warnings from reports where id = ?", [rid]).fetchone()[0])

    assert any("上海市" in w and "河南省" in w for w in warnings("上海市人民政府办公厅:2019"))
    assert not any(w.startswith("place:") for w in warnings("叶县科学技术局:2019"))
    store.close()
