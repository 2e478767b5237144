"""List services: items read from any JSON shape, the page parameter found, the walk's end."""

import json
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector

from crawler.dialects import DIALECTS, gkmlpt, hanweb_xxgk, jpaas, listservice, scripted
from crawler.dialects.listservice import ListService, service_from_request

BASE = "http://www.example.gov.cn/gov/nianbao.html"


def test_items_from_nested_json_with_its_own_key_names():
    data = {"code": 200, "data": {"total": 3, "rows": [
        {"infoTitle": "云岭区2024年政府信息公开工作年度报告", "infoUrl": "/gov/info/2025/c1.html", "publishTime": "2025-01-20"},
        {"doctitle": "云岭区司法局2023年政府信息公开工作年度报告", "docpuburl": "http://www.example.gov.cn/a/t1.htm"},
        {"id": 7, "name": "no url here"}]}}
    got = [(link.text, link.url) for link in listservice.items(data, BASE)]
    assert got == [("云岭区2024年政府信息公开工作年度报告", "http://www.example.gov.cn/gov/info/2025/c1.html"),
                   ("云岭区司法局2023年政府信息公开工作年度报告", "http://www.example.gov.cn/a/t1.htm")]
    assert listservice.counts(data) == (3, None)


def test_items_from_html_fragments_and_jsonp():
    text = 'cb({"html": "<li><a href=\\"/x/2.html\\">某县2022年政府信息公开工作年度报告</a></li>", "pageCount": 4})'
    data = listservice.parse_answer(text)
    assert [link.url for link in listservice.items(data, BASE)] == ["http://www.example.gov.cn/x/2.html"]
    assert listservice.counts(data) == (None, 4)
    assert listservice.parse_answer("<html>error</html>") is None


def test_page_parameter_in_query_form_or_json_body():
    get = service_from_request("http://h/service/info/page?catalogId=7&pageNo=1&pageSize=4", "GET", None)
    assert (get.page_param, get.first, get.step) == ("pageNo", 1, 1)
    assert get.request_args(3)["url"] == "http://h/service/info/page?catalogId=7&pageNo=3&pageSize=4"
    form = service_from_request("http://h/search", "POST", "channelid=1&page=1&prepage=10")
    assert form.method == "POST" and "page=2" in form.request_args(2)["body"]
    body = service_from_request("http://h/api/list", "POST", json.dumps({"columnId": 5, "pageIndex": 0, "size": 20}),
                                "application/json")
    # the recorded JSON body goes out again as it was, numbers as numbers, only the page changed
    assert body.body == "json" and json.loads(body.request_args(2)["body"]) == {"columnId": 5, "pageIndex": 1,
                                                                                "size": 20}
    posted = service_from_request("http://h/svc/rest/infolist.do", "POST",
                                  json.dumps({"cat": "ZFXXGKNB", "pgNo": 1, "pgSz": 5}), "application/json")
    assert (posted.page_param, posted.first, posted.step) == ("pgNo", 1, 1)
    assert json.loads(posted.request_args(4)["body"]) == {"cat": "ZFXXGKNB", "pgNo": 4, "pgSz": 5}
    nested = service_from_request("http://h/api/q", "POST", json.dumps(
        {"query": {"chan": "nb", "year": 2023}, "page": {"current": 1, "size": 7}}), "application/json")
    assert nested.page_param == "page.current"
    assert json.loads(nested.request_args(3)["body"]) == {"query": {"chan": "nb", "year": 2023},
                                                          "page": {"current": 3, "size": 7}}
    offsets = service_from_request("http://h/api/q?chan=nb&start=0&rows=8", "GET", None)
    assert (offsets.page_param, offsets.first, offsets.step) == ("start", 0, 8)
    assert "start=16" in offsets.request_args(3)["url"]
    offset = service_from_request("http://h/p.jsp?startrecord=1&endrecord=15&perpage=15", "GET", None)
    assert offset.page_param == "startrecord" and offset.page_value(3) == 31
    assert service_from_request("http://h/api/list?columnId=5", "GET", None) is None


def test_the_walk_ends_when_a_page_brings_nothing_new_or_the_counts_say_so():
    svc = ListService(url="http://h/s")
    assert listservice.has_more(svc, 1, {"total": 9}, 4, 4)
    assert not listservice.has_more(svc, 3, {"total": 9}, 1, 9)
    assert not listservice.has_more(svc, 2, {"pages": 2}, 4, 8)
    assert not listservice.has_more(svc, 2, {}, 0, 4)
    # a "count" that is the page's own (3 a page): page 2 brought 3 new items past it, so it is no
    # record count and the walk goes on, to the empty page
    assert listservice.has_more(svc, 2, {"count": 3, "list": []}, 3, 6)
    assert not listservice.has_more(svc, 1, {"count": 3}, 3, 3)  # nothing contradicts it yet
    assert not listservice.has_more(svc, 5, {"count": 3}, 0, 13)


def test_gkmlpt_column_api():
    html = "<script>var config = {SID: '755031'};</script><div id='app'></div>"
    [svc] = gkmlpt.services("http://jr.sz.gov.cn/gkmlpt/index#2811", html)
    assert svc.request_args(2)["url"] == "http://jr.sz.gov.cn/gkmlpt/api/all/2811?page=2&sid=755031"
    answer = {"articles": [{"title": "深圳市地方金融监督管理局2023年政府信息公开工作年度报告",
                            "url": "http://jr.sz.gov.cn/gkmlpt/content/11/11123/post_11123.html"}], "total": 1}
    assert [link.url for link in listservice.items(answer, svc.url)] == [answer["articles"][0]["url"]]
    assert gkmlpt.services("http://x.gov.cn/list.html", "<p>no platform</p>") == []


def test_signs_of_a_script_built_column():
    built = Selector(text="<ul id='infoList'></ul><script>fetch('/service/info/page?pageNo=' + n)</script>")
    assert "fetch" in scripted.signs(built)
    static = Selector(text="<ul class='list'><li><a href='/a.html'>a</a></li></ul><script>var x = 1;</script>")
    assert scripted.signs(static) is None
    assert set(DIALECTS) >= {"next-link", "trs", "hanweb-jpage", "fjdzapp", "gkmlpt", "script-built"}


def test_items_keyed_in_pinyin_are_read_by_what_their_values_look_like():
    data = {"zt": 0, "jg": {"lb": [{"bt": "某县2024年政府信息公开工作年度报告", "ljdz": "/openness/annual/detail?id=11",
                                   "fbrq": "2025-01-20"},
                                  {"mc": "某县2023年政府信息公开工作年度报告", "dz": "/openness/annual/detail?id=9"}]}}
    assert [link.url.removeprefix("http://www.example.gov.cn") for link in listservice.items(data, BASE)] == [
        "/openness/annual/detail?id=11", "/openness/annual/detail?id=9"]


def test_jpaas_build_unit_with_the_page_inside_param_json():
    html = ("<script src='/api-gateway/jpaas-publish-server/front/page/build/js'></script>"
            "<script>var cfg = {webId: '3141', pageId: 'a1b2c3', tplSetId: '77aa', tagId: '当前栏目list'};</script>")
    [svc] = jpaas.services("https://www.hangzhou.gov.cn/col/col1229063382/index.html", html)
    args = svc.request_args(3)
    assert args["url"].startswith("https://www.hangzhou.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?")
    query = dict(parse_qsl(urlsplit(args["url"]).query))
    assert json.loads(query["paramJson"]) == {"pageNo": 3, "pageSize": "15"}
    assert (query["webId"], query["pageId"], query["tplSetId"], query["pageType"]) == ("3141", "a1b2c3", "77aa", "column")
    answer = {"data": {"html": "<li><a href='/art/2025/1/20/art_1229063382_1.html' title='杭州市2024年政府信息公开"
                                "工作年度报告'>杭州市2024年政府信息公开工作年度报告</a></li>"}}
    assert [link.url for link in listservice.items(answer, args["url"])] == [
        "https://www.hangzhou.gov.cn/art/2025/1/20/art_1229063382_1.html"]
    assert jpaas.services("https://x.gov.cn/", "<p>no jpaas</p>") == []


def test_jpaas_unit_posted_by_the_page_s_own_script_to_its_own_path_with_its_page_size():
    html = ("<div id='div1229100088'></div><script>var jpaasUnit = {webId: '3089', pageId: '1229100088', "
            "parseType: 'bulidstatic', pageType: 'column', tagId: '当前栏目list', tplSetId: 'fc25'};\n"
            "function loadUnit(pageNo) { var pageSize = 8;\n $.ajax({type: 'POST', url: "
            "'/jpaas-jpage-server/front/page/build/unit', dataType: 'json', data: $.extend({}, jpaasUnit, "
            "{paramJson: JSON.stringify({pageNo: pageNo, pageSize: String(pageSize)})})}); }</script>")
    [svc] = jpaas.services("http://www.shangyu.gov.cn/col/col1229100088/index.html", html)
    args = svc.request_args(2)
    assert (args["method"], args["url"]) == ("POST", "http://www.shangyu.gov.cn/jpaas-jpage-server/front/page/build/unit")
    form = dict(parse_qsl(args["body"]))
    assert json.loads(form["paramJson"]) == {"pageNo": 2, "pageSize": "8"}
    assert (form["webId"], form["pageId"], form["tplSetId"], form["tagId"]) == ("3089", "1229100088", "fc25", "当前栏目list")
    # a page naming no ids is not walked
    assert jpaas.services("http://x.gov.cn/", "<script>$.post('/jpaas-jpage-server/front/page/build/unit')</script>") == []


def test_a_recorded_call_whose_page_sits_in_a_json_field_of_its_form_or_query_is_walked():
    body = "webId=3089&pageId=77&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A%228%22%7D"
    [svc] = listservice.services_from_calls("http://h/unit", "POST", body, "application/x-www-form-urlencoded", [])
    assert (svc.json_param, svc.page_param, svc.dialect) == ("paramJson", "pageNo", "recorded")
    form = dict(parse_qsl(svc.request_args(3)["body"]))
    assert json.loads(form["paramJson"]) == {"pageNo": 3, "pageSize": "8"} and form["webId"] == "3089"
    # in a GET query, counting records: steps by the page size, the number keeps its type
    [svc] = listservice.services_from_calls('http://h/list?q={"start":"0","rows":"6","chan":"nb"}', "GET", None, None, [])
    query = dict(parse_qsl(urlsplit(svc.request_args(3)["url"]).query))
    assert json.loads(query["q"]) == {"start": "12", "rows": "6", "chan": "nb"}


def test_hanweb_xxgk_search_posts_currpage_and_reads_html_rows():
    html = ("<iframe src='/module/xxgk/tree.jsp?area=002482429&amp;divid=div1201347'></iframe>"
            "<script>var infotypeId = 'A001AD001'; var jdid = '1756';</script>")
    [svc] = hanweb_xxgk.services("http://sthjt.zj.gov.cn/col/col1201347/index.html", html)
    assert svc.url == "http://sthjt.zj.gov.cn/module/xxgk/search.jsp" and svc.method == "POST"
    form = dict(parse_qsl(svc.request_args(2)["body"], keep_blank_values=True))
    assert (form["area"], form["infotypeId"], form["jdid"], form["currpage"]) == ("002482429", "A001AD001", "1756", "2")
    rows = ("<table><tr class='tr_main_value_odd'><td><a href='/art/2025/1/22/art_1201347_5.html' "
            "title='浙江省生态环境厅2024年政府信息公开工作年度报告'>浙江省生态环境厅2024年…</a></td></tr></table>")
    data = listservice.parse_answer(rows)
    assert [link.label for link in listservice.items(data, svc.url)] == ["浙江省生态环境厅2024年政府信息公开工作年度报告"]
    assert hanweb_xxgk.services("http://x.gov.cn/", "<p>plain</p>") == []


def test_a_page_parameter_of_any_name_found_by_what_changes_or_probed():
    # two recorded calls to one endpoint: the one whole-number field that changed is the parameter
    calls = [("http://h/gw/v2/q?col=ndbg&cp=11&ps=10", "GET", None, None)]
    [svc] = listservice.services_from_calls("http://h/gw/v2/q?col=ndbg&cp=1&ps=10", "GET", None, None, calls)
    assert (svc.page_param, svc.first, svc.step, svc.dialect) == ("cp", 1, 10, "recorded")
    assert dict(parse_qsl(urlsplit(svc.request_args(3)["url"]).query)) == {"col": "ndbg", "cp": "21", "ps": "10"}
    # one call: every small whole number equal to the first page is a probe, sizes and codes aside
    probes = listservice.services_from_calls("http://h/gw/content/list?chan=gknb&curr=1&lim=6&site=3", "GET",
                                             None, None, [])
    assert [(p.page_param, p.first, p.dialect) for p in probes] == [("curr", 1, "recorded-probe")]
    body = json.dumps({"catId": 44, "pg": 0, "pageSize": 5, "flag": 1})
    probes = listservice.services_from_calls("http://h/svc/list.do", "POST", body, "application/json", [])
    assert [(p.page_param, p.first) for p in probes] == [("pg", 0), ("flag", 1)]
    assert json.loads(probes[0].request_args(2)["body"])["pg"] == 1
    # a known name needs no probe
    [known] = listservice.services_from_calls("http://h/a?pageNo=1&type=1", "GET", None, None, [])
    assert (known.page_param, known.dialect) == ("pageNo", "recorded")


def test_a_probe_that_is_not_the_page_parameter_ends_at_its_first_answer():
    from scrapy.http import Request, TextResponse
    from scrapy.utils.test import get_crawler

    from crawler.spiders.reports import ReportsSpider
    from tests.scrapy_helpers import TEST_SETTINGS

    crawler = get_crawler(ReportsSpider, TEST_SETTINGS)
    crawler.stats.open_spider()
    spider = ReportsSpider.from_crawler(crawler, start_urls="http://h/")
    page1 = [{"name": f"某区{y}年政府信息公开工作年度报告", "link": f"/doc/{y}.html"} for y in (2024, 2023)]
    seen = listservice.item_keys(listservice.items({"items": page1}, "http://h/"))
    meta = {"kind": "list", "site": "h", "site_url": "http://h/", "source": None, "depth_hops": 1}

    def answer(svc: ListService, rows: list[dict]) -> list:
        url = svc.request_args(2)["url"]
        body = json.dumps({"items": rows, "pageCount": 9}, ensure_ascii=False).encode("utf-8")
        resp = TextResponse(url, body=body, encoding="utf-8", request=Request(url, meta=meta))
        return list(spider.parse_service(resp, service=svc.as_meta(), n=2, seen=seen))

    flag, curr = (ListService(url="http://h/list", params={"flag": "1", "curr": "1"}, page_param=p,
                              dialect="recorded-probe") for p in ("flag", "curr"))
    assert answer(flag, page1) == []  # the same items again: no next page, nothing to follow
    page2 = [{"name": "某区2022年政府信息公开工作年度报告", "link": "/doc/2022.html"}]
    out = answer(curr, page2)
    assert [r.url for r in out] == ["http://h/doc/2022.html", "http://h/list?flag=1&curr=3"]
    assert out[1].cb_kwargs["seen"] == [*seen, *listservice.item_keys(listservice.items({"items": page2}, "http://h/"))]


def test_a_page_number_in_the_path_is_probed() -> None:
    [probe] = listservice.services_from_calls("http://h/data/gknb/list_1.json?v=20250102", "GET", None, None, [])
    assert probe.dialect == "recorded-probe" and probe.first == 1
    assert probe.request_args(3)["url"] == "http://h/data/gknb/list_3.json?v=20250102"
    [posted] = listservice.services_from_calls("http://h/api/docs/0", "POST", json.dumps({"chan": "nb", "size": 6}),
                                               "application/json", [])
    assert posted.first == 0 and posted.request_args(2)["url"] == "http://h/api/docs/1"
    assert json.loads(posted.request_args(2)["body"]) == {"chan": "nb", "size": 6}
    assert listservice.services_from_calls("http://h/api/v1/list?cat=7", "GET", None, None, []) == []
    # the page before the page size: /list/nb/1/10 → /list/nb/2/10
    [sized] = listservice.services_from_calls("http://h/api/list/nb/1/10", "GET", None, None, [])
    assert sized.request_args(2)["url"] == "http://h/api/list/nb/2/10"
    [named] = listservice.services_from_calls("http://h/docs/page/1/size/15.json", "GET", None, None, [])
    assert named.request_args(3)["url"] == "http://h/docs/page/3/size/15.json"
    # a 加载更多 list asking four at a time: /cms/rest/column/nb/list/1/4 → …/list/2/4
    [few] = listservice.services_from_calls("http://h/cms/rest/column/nb/list/1/4", "GET", None, None, [])
    assert few.request_args(2)["url"] == "http://h/cms/rest/column/nb/list/2/4"
    assert listservice.services_from_calls("http://h/api/v1/list/2024", "GET", None, None, []) == []


def test_a_gbk_answer_without_a_charset_is_read_as_pages_are() -> None:
    from scrapy.http import Request, TextResponse
    from scrapy.utils.test import get_crawler

    from crawler.spiders.reports import ReportsSpider
    from tests.scrapy_helpers import TEST_SETTINGS

    crawler = get_crawler(ReportsSpider, TEST_SETTINGS)
    crawler.stats.open_spider()
    spider = ReportsSpider.from_crawler(crawler, start_urls="http://h/")
    svc = ListService(url="http://h/list", params={"chan": "nb", "pageNo": "1"}, page_param="pageNo")
    rows = [{"bt": "梧川区教育局2023年政府信息公开工作年度报告", "url": "/art/2024/1/9/art_1_2.html"},
            {"bt": "梧川区2023年政府信息公开工作年度报告解读", "url": "/art/2024/1/9/art_1_3.html"}]
    body = json.dumps({"rows": rows, "pageCount": 1}, ensure_ascii=False).encode("gbk")
    meta = {"kind": "list", "site": "h", "site_url": "http://h/", "source": None, "depth_hops": 1}
    url = svc.request_args(1)["url"]
    resp = TextResponse(url, body=body, headers={"Content-Type": "application/json"}, request=Request(url, meta=meta))
    out = list(spider.parse_service(resp, service=svc.as_meta(), n=1, seen=[]))
    assert [r.url for r in out] == ["http://h/art/2024/1/9/art_1_2.html"]  # the report, not its 解读
    assert out[0].cb_kwargs["list_title"] == rows[0]["bt"]


def test_a_trs_irs_search_call_is_walked_and_its_answer_read() -> None:
    """TRS 海云's IRS (``POST /irs/front/search``, a JSON body with ``code``, ``dataTypeId``, ``pageNo``…;
    the answer's ``data.middle.listAndBox[].data`` with highlighted ``title`` and plain ``titleO``), as
    public scrapers of TRS portals ask it: a recorded call is paged by ``pageNo`` and its items read."""
    body = json.dumps({"code": "18b2c3d4e5f", "dataTypeId": "3", "searchWord": "", "orderBy": "time", "searchBy": "all",
                       "pageNo": 1, "pageSize": 10, "granularity": "ALL", "filters": [],
                       "customFilter": {"operator": "and", "properties": [{"property": "channel_id", "operator": "eq",
                                                                           "value": "4411"}]}})
    [svc] = listservice.services_from_calls("http://h/irs/front/search", "POST", body, "application/json", [])
    assert svc.page_param == "pageNo" and json.loads(svc.request_args(2)["body"])["pageNo"] == 2
    assert json.loads(svc.request_args(2)["body"])["customFilter"]["properties"][0]["value"] == "4411"
    answer = {"success": True, "data": {"middle": {"listAndBox": [{"data": {
        "title": "某县<em>2023</em>年政府信息公开工作年度报告", "titleO": "某县2023年政府信息公开工作年度报告",
        "url": "http://h/art/2024/1/5/art_4411_9.html", "docDate": "2024-01-05"}}]},
        "pager": {"pageNo": 1, "pageCount": 3, "total": 25}}}
    [item] = listservice.items(answer, "http://h/")
    assert (item.url, item.label) == ("http://h/art/2024/1/5/art_4411_9.html", "某县2023年政府信息公开工作年度报告")
    assert listservice.counts(answer) == (25, 3)


def test_a_formdata_post_is_walked_by_its_page_field_as_a_form() -> None:
    boundary = "----WebKitFormBoundaryQ7d2"
    body = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                   for k, v in (("catCode", "gknb"), ("curPage", "1"), ("numPerPage", "5"))) + f"--{boundary}--\r\n"
    [service] = listservice.services_from_calls("http://h/portal-api/content/pageList", "POST", body,
                                                f"multipart/form-data; boundary={boundary}", [])
    assert service.page_param == "curPage" and service.first == 1
    assert service.request_args(3)["body"] == "catCode=gknb&curPage=3&numPerPage=5"


def test_a_record_that_is_a_file_gives_its_attachment_not_a_page_built_from_its_id() -> None:
    """The rendered page showed only article records (no file among them): the rule learned builds
    /content.html?docId=…, and a file record on a later page is still its attachment."""
    from crawler.dialects import item_urls

    rows = [{"docId": 34955, "docTitle": "某市2024年政府信息公开工作年度报告", "kind": "page", "attachList": []},
            {"docId": 35154, "docTitle": "某市教育局2023年政府信息公开工作年度报告", "kind": "file",
             "attachList": [{"name": "某市教育局2023年年报.docx", "path": "/uploadfile/202401/35154.docx"}]},
            {"docId": 32056, "docTitle": "某市2023年政府信息公开工作年度报告", "kind": "page", "attachList": []}]
    data = {"result": {"code": 0, "data": {"count": "3", "page": {"list": rows}}}}
    rules = item_urls.learn(rows, [(f"/content.html?docId={r['docId']}", r["docTitle"]) for r in rows if r["docId"] != 35154],
                            "http://h/gk/ndbg.html")
    assert [link.url for link in listservice.items(data, "http://h/gk/ndbg.html", rules)] == [
        "http://h/content.html?docId=34955", "http://h/uploadfile/202401/35154.docx", "http://h/content.html?docId=32056"]
