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


def test_element_id_first_with_current_page_zero_counts_from_zero():
    # the id leads, the current page is 0: page 2 is index_1, the last index_{count-1}; never index_3
    html = "<script>createPageHTML('page_div', 3, 0, 'index', 'shtml', 14);</script>"
    assert trs.page_urls(BASE + "index.shtml", html) == [BASE + "index_1.shtml", BASE + "index_2.shtml"]


def test_arguments_are_read_by_kind_wherever_the_element_id_stands():
    last = '<script>var pc = 4; createPageHTML(pc, 0, "gknb", "html", 37, "fenye");</script>'
    assert trs.page_urls(BASE + "gknb.html", last) == [BASE + f"gknb_{n}.html" for n in (1, 2, 3)]
    middle = "<script>createPageHTML(5, 'pager', 1, 'list', 'htm', 81)</script>"
    assert trs.page_urls(BASE + "list.htm", middle) == [BASE + f"list_{n}.htm" for n in (2, 3, 4, 5)]


def test_a_call_without_a_stem_and_extension_gives_nothing():
    html = "<script>createPageHTML('page_div', 3, 0, 14);</script>"
    assert trs.page_urls(BASE + "index.shtml", html) == []


def test_every_argument_a_variable_including_the_file_names():
    html = (
        '<script>var _nPageCount = 4;\nvar _nCurrIndex = 0;\nvar _sPageName = "list";\n'
        "var _sPageExt = 'shtml';\ncreatePageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt);</script>"
    )
    assert trs.page_urls(BASE + "list.shtml", html) == [BASE + f"list_{n}.shtml" for n in (1, 2, 3)]
