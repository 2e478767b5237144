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


def test_an_element_id_call_from_a_later_page_names_only_pages_both_readings_share():
    # list_2 says current 2 whether the list counts from 0 (its last file list_2) or from 1 (list_3):
    # it names page 1, whose own call tells, and never a file past the count
    html = '<script>createPageHTML("page_div",3,2,"list","shtml",40)</script>'
    assert trs.page_urls(BASE + "list_2.shtml", html) == [BASE + "list.shtml"]
    four = '<script>createPageHTML("page_div",4,2,"list","shtml",40)</script>'
    assert trs.page_urls(BASE + "list_2.shtml", four) == [BASE + "list.shtml", BASE + "list_3.shtml"]


def test_an_element_id_list_counted_from_zero_read_from_its_second_page_stops_at_its_count():
    # page 2 of a 0-based list is index_1 and says current 1: only the 0-based form has an index_1,
    # so its last file is index_2 (count 3), never index_3 (the 404 a held-out TRS portal showed)
    html = "<script>createPageHTML('page_div', 3, 1, 'index', 'shtml', 14);</script>"
    assert trs.page_urls(BASE + "index_1.shtml", html) == [BASE + "index_2.shtml"]
    config = "<script>new Pager({size: 3, current: 1, prefix: 'index', suffix: 'html'});</script>"
    assert trs.page_urls(BASE + "index_1.html", config) == [BASE + "index_2.html"]


def test_a_jump_box_template_on_a_trs_list_adds_no_page_past_the_count():
    from crawler.dialects import scriptpager

    html = ('<script>var currentPage = 0; var countPage = 3;\n'
            'createPageHTML(countPage, currentPage, "index", "html");\n'
            'function goPage(){ var n = document.getElementById("pn").value;'
            ' location.href = n == 1 ? "index.html" : "index_" + (n - 1) + ".html"; }</script>')
    assert trs.page_urls(BASE + "index.html", html) == [BASE + "index_1.html", BASE + "index_2.html"]
    assert scriptpager.page_urls(BASE + "index.html", html) == []  # the TRS call counts those files
    last = html.replace("currentPage = 0", "currentPage = 2")
    assert scriptpager.page_urls(BASE + "index_2.html", last) == []  # even where TRS names no other page
    # without a TRS call, the template's own offset: page n is file n-1, the last file is index_{count-1}
    alone = html.replace('createPageHTML(countPage, currentPage, "index", "html");', "")
    assert scriptpager.page_urls(BASE + "index.html", alone) == [BASE + "index_1.html", BASE + "index_2.html"]


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
