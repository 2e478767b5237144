"""Hanweb jpage: records embedded as XML in the page, the rest by POST to dataproxy.jsp."""

from urllib.parse import parse_qs

from crawler.dialects import hanweb
from crawler.page import Page
from tests.scrapy_helpers import fixture_response

SITE = "http://www.example.gov.cn"


def _column() -> Page:
    return Page(fixture_response("hanweb/col/col1234/index.html", url=SITE + "/col/col1234/index.html"))


def test_embedded_records_are_links_with_text_and_title():
    page = _column()
    links = hanweb.record_links(page.text, page.base_url)
    assert [link.url for link in links] == [SITE + "/art/2025/1/20/art_1234_201.html",
                                            SITE + "/art/2025/1/18/art_1234_202.html",
                                            SITE + "/art/2024/9/1/art_1234_203.html"]
    assert links[0].title == "示例县人民政府2024年政府信息公开工作年度报告"  # GBK page decoded
    assert page.links() and all("art_1234" not in link.url for link in page.links())  # invisible to <a>


def test_jpage_call_gives_form_fields_count_and_page_size():
    jpage = hanweb.find_jpage(SITE + "/col/col1234/index.html", _column().text)
    assert jpage is not None
    assert jpage.proxy_url == SITE + "/module/web/jpage/dataproxy.jsp"
    assert jpage.fields == {"col": "1", "appid": "1", "webid": "12", "path": "/", "columnid": "1234",
                            "sourceContentType": "1", "unitid": "5678", "webname": "示例县人民政府",
                            "permissiontype": "0"}
    assert (jpage.total, jpage.per_page, jpage.group_size, jpage.embedded) == (7, 3, 1, 3)


def test_proxy_requests_post_the_remaining_records_in_chunks():
    jpage = hanweb.find_jpage(SITE + "/col/col1234/index.html", _column().text)
    requests = hanweb.proxy_requests(jpage)
    assert [r.url for r in requests] == [
        SITE + "/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3",
        SITE + "/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=7&perpage=3",
    ]
    form = parse_qs(requests[0].body.decode())
    assert requests[0].method == "POST"
    assert form["columnid"] == ["1234"] and form["unitid"] == ["5678"] and form["webname"] == ["示例县人民政府"]


def test_proxy_answer_records_and_continuation_when_the_count_is_unknown():
    answer = fixture_response("hanweb/module/web/jpage/dataproxy.jsp@startrecord=4&endrecord=6&perpage=3",
                              url=SITE + "/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3")
    text = Page(answer).text
    assert len(hanweb.records(text)) == 3
    assert hanweb.record_links(text, SITE + "/")[0].text == "2023年度报告"
    unknown = hanweb.JPage(proxy_url=SITE + "/module/web/jpage/dataproxy.jsp", fields={"columnid": "1"},
                           per_page=3, group_size=1, embedded=3)
    assert hanweb.next_start(unknown, answer.url, text) == 7  # a full chunk came back: ask for more
    assert hanweb.next_start(unknown, answer.url.replace("endrecord=6", "endrecord=8"), text) is None
    assert hanweb.proxy_requests(unknown)[0].url.endswith("startrecord=4&endrecord=6&perpage=3")


def test_pages_without_jpage_are_not_hanweb():
    assert hanweb.find_jpage(SITE + "/", "<html><body><a href='/x'>x</a></body></html>") is None


def test_fields_from_quoted_keys_or_only_the_nextgroup_link():
    quoted = ('<script>$("#9").jpage({"perPage": "10", "totalRecord": "25", '
              '"ajaxParam": {"columnid": "77", "unitid": "9", "webname": "某局", "path": "/"}});</script>')
    jpage = hanweb.find_jpage(SITE + "/col/col77/index.html", quoted)
    assert jpage.fields == {"columnid": "77", "unitid": "9", "webname": "某局", "path": "/"}
    assert (jpage.total, jpage.per_page) == (25, 10)

    bare = ('<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?'
            'page=1&appid=1&webid=3&path=/&columnid=88&unitid=12&webname=%E6%9F%90&permissiontype=0"></a>]]>'
            '</nextgroup><recordset><record><![CDATA[<li><a href="/art/1.html">x</a></li>]]></record></recordset>'
            '<totalrecord>100</totalrecord></datastore></script>')
    jpage = hanweb.find_jpage(SITE + "/col/col88/index.html", bare)
    assert jpage.fields == {"appid": "1", "webid": "3", "path": "/", "columnid": "88", "unitid": "12",
                            "webname": "某", "permissiontype": "0"}
    assert (jpage.total, jpage.per_page, jpage.embedded) == (100, hanweb.DEFAULT_PER_PAGE, 1)
    starts = [parse_qs(r.url.split("?", 1)[1])["startrecord"][0] for r in hanweb.proxy_requests(jpage)]
    assert starts == ["2", "47", "92"]  # chunks of perPage × groupSize (15 × 3)


def _unit(unit: int, column: int, titles: list[str], total: int, proxy: str) -> str:
    recs = "".join(f"<record><![CDATA[<li><a href='/art/2024/1/{n + 1}/art_{column}_{n}.html'>{t}</a></li>]]></record>"
                   for n, t in enumerate(titles))
    return (f"<div id='{unit}'><script type='text/xml'><datastore><recordset>{recs}</recordset></datastore></script>"
            f"</div><script>jpageInit({{id: '{unit}', perPage: 3, groupSize: 1, totalRecord: {total}, "
            f"proxyUrl: '{proxy}', ajaxParam: {{col: 1, appid: 1, webid: 8, path: '/', columnid: {column}, "
            f"unitid: {unit}, permissiontype: 0}}}});</script>")


def test_units_written_with_a_jpageinit_wrapper_are_each_read_on_their_own():
    proxy = "/module/jslib/jpage/dataproxy.jsp"
    html = (_unit(501, 71, ["某区2024年度政府信息公开工作年度报告", "某区教育局2024年度政府信息公开工作年度报告"], 2, proxy)
            + _unit(502, 72, ["某区2023年度政府信息公开工作年度报告"] * 3, 7, proxy))
    units = hanweb.find_jpages("http://h/col/col70/index.html", html)
    assert [(u.fields["columnid"], u.total, u.embedded) for u in units] == [("71", 2, 2), ("72", 7, 3)]
    assert [r.url for u in units for r in hanweb.proxy_requests(u)] == [
        "http://h/module/jslib/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3",
        "http://h/module/jslib/jpage/dataproxy.jsp?startrecord=7&endrecord=7&perpage=3"]
