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


def test_the_record_count_ends_the_walk_in_datatables_and_jqgrid_answers() -> None:
    """DataTables states recordsTotal / recordsFiltered; jqGrid's ``total`` is its page count."""
    from crawler.dialects.listservice import counts, has_more, service_from_request

    data = parse_answer(ANSWER)
    assert counts(data) == (12, None)
    service = service_from_request("http://x.gov.cn/api/list?draw=1&start=0&length=5&catId=3", "GET", None)
    assert (service.page_param, service.step) == ("start", 5)
    assert has_more(service, 2, data, 5, 10) and not has_more(service, 3, data, 2, 12)
    jqgrid = {"page": 1, "total": 3, "records": 25, "rows": [{"id": 1, "cell": ["2023年报"]}]}
    assert counts(jqgrid) == (25, 3)
    grid = service_from_request("http://x.gov.cn/list.do?page=1&rows=10", "GET", None)
    assert has_more(grid, 1, jqgrid, 10, 10) and not has_more(grid, 3, jqgrid, 5, 25)


def test_jqgrid_rows_name_their_cells_by_position() -> None:
    answer = ('{"page":"1","total":2,"records":"7","rows":[{"id":"3301","cell":["2024-01-19",'
              '"某区2023年政府信息公开工作年度报告","/gk/nb/3301.html"]}]}')
    data = parse_answer(answer)
    assert [link.url for link in items(data, "http://x.gov.cn/gk/")] == ["http://x.gov.cn/gk/nb/3301.html"]


def test_a_load_more_pager_sending_the_last_items_id_is_walked_by_keys() -> None:
    """Clicked once: lastId went 0 → 88199, the id of the first answer's last item: keyset paging."""
    from crawler.dialects.listservice import has_more, keyset_key, learn_pager

    first = {"code": 0, "data": [{"id": 88213 - 7 * i, "title": f"某区{2024 - i}年政府信息公开工作年度报告"} for i in range(3)]}
    second = {"code": 0, "data": [{"id": 88192 - 7 * i, "title": f"某区{2021 - i}年政府信息公开工作年度报告"} for i in range(3)]}
    url = "http://x.gov.cn/api/article/more?channelId=12&lastId={}&size=3"
    service = learn_pager((url.format(0), "GET", None, None), (url.format(88199), "GET", None, None))
    assert service is not None and keyset_key(service, first) == "id"
    service.keyset_key = "id"
    assert has_more(service, 2, second, 3, 6)  # the click's answer gives the next key
    assert service.request_args(3)["url"] == url.format(88178)
    assert not has_more(service, 3, {"code": 0, "data": []}, 0, 6)
    # a page number that happens to equal an item's value is no key
    paged = learn_pager((url.replace("lastId", "page").format(1), "GET", None, None),
                        (url.replace("lastId", "page").format(2), "GET", None, None))
    assert paged is not None and keyset_key(paged, {"data": [{"id": 2, "title": "某区2023年政府信息公开工作年度报告"}]}) is None
