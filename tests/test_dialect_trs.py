"""TRS WCM: the createPageHTML call, 0-based (page 2 is index_1) and 1-based (page 2 is index_2)."""

from crawler.dialects import trs
from crawler.page import Page
from tests.scrapy_helpers import fixture_response

BASE = "http://kj.example.gov.cn/zwgk/zfxxgkndbg/"


def test_zero_based_call_with_variables_from_a_stored_gbk_list():
    page = Page(fixture_response("trs/zwgk/zfxxgkndbg/index.shtml", url=BASE + "index.shtml"))
    assert page.encoding == "gb18030"
    # createPageHTML(countPage, currentPage, "index", "shtml") with var countPage = 3
    assert trs.page_urls(page.url, page.text) == [BASE + "index_1.shtml", BASE + "index_2.shtml"]


def test_one_based_call_with_element_id_and_record_count():
    html = "<script>createPageHTML('paging', 4, 1, 'index', 'html', 58);</script>"
    assert trs.page_urls(BASE + "index.html", html) == [BASE + f"index_{n}.html" for n in (2, 3, 4)]


def test_one_based_call_from_a_later_page_leaves_out_that_page():
    html = '<script>createPageHTML("page_div",3,2,"list","shtml",40)</script>'
    assert trs.page_urls(BASE + "list_2.shtml", html) == [BASE + "list_3.shtml"]


def test_function_definition_and_single_page_lists_give_nothing():
    html = "function createPageHTML(a, b, c, d, e, f) { } createPageHTML(1, 0, 'index', 'shtml');"
    assert trs.page_urls(BASE + "index.shtml", html) == []
