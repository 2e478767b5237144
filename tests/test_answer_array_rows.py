"""Records written as arrays (DataTables server-side: data: [[date, title, path], …]) read by position."""

from crawler.dialects import item_urls
from crawler.dialects.listservice import items, parse_answer, records

ANSWER = ('{"draw":2,"recordsTotal":12,"recordsFiltered":12,"data":['
          '["2024-01-20","恩平市2023年政府信息公开工作年度报告","a/2024/01/5521"],'
          '["2023-01-18","恩平市2022年政府信息公开工作年度报告","a/2023/01/5400"]]}')


def test_rows_as_arrays_are_records() -> None:
    data = parse_answer(ANSWER)
    rows = records(data)
    assert [r["2"] for r in rows] == ["a/2024/01/5521", "a/2023/01/5400"]


def test_item_urls_learned_from_rendered_hrefs() -> None:
    data = parse_answer(ANSWER)
    rendered = [("/a/2024/01/5521.shtml", "恩平市2023年政府信息公开工作年度报告")]
    rules = item_urls.learn(records(data), rendered, "http://x.gov.cn/portal/list.html?catId=88")
    assert [link.url for link in items(data, "http://x.gov.cn/portal/list.html", rules)] == [
        "http://x.gov.cn/a/2024/01/5521.shtml", "http://x.gov.cn/a/2023/01/5400.shtml"]


def test_numeric_matrices_left_alone() -> None:
    assert parse_answer('{"data":[[1,2],[3,4]],"ids":[["a","b"],["c","d"]]}') == {
        "data": [[1, 2], [3, 4]], "ids": [["a", "b"], ["c", "d"]]}
