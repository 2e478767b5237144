"""Plain pagination: 下一页 / 尾页 links and index_N pages, read from a stored list page."""

from crawler.dialects import pagination
from crawler.discovery import Link
from crawler.page import Page
from tests.scrapy_helpers import fixture_response

BASE = "http://example.gov.cn/zwgk/xxgknb/"


def test_first_page_yields_every_page_up_to_the_last():
    page = Page(fixture_response("plain/zwgk/xxgknb/index.html", url=BASE + "index.html"))
    # index_3 is linked nowhere on page 1: it is filled in between 2 and the 尾页 (4).
    assert pagination.page_urls(page.url, page.links()) == [BASE + "index_2.html", BASE + "index_4.html",
                                                            BASE + "index_3.html"]


def test_middle_page_leaves_out_itself_and_report_links():
    page = Page(fixture_response("plain/zwgk/xxgknb/index_2.html", url=BASE + "index_2.html"))
    urls = pagination.page_urls(page.url, page.links())
    assert set(urls) == {BASE + "index_3.html", BASE + "index_4.html"}
    assert not any("t2023" in u for u in urls)


def test_numbered_pages_in_another_directory_or_site_are_not_this_list():
    links = [Link("http://example.gov.cn/news/index_9.html", "9"),
             Link("http://other.gov.cn/zwgk/xxgknb/index_5.html", "下一页"),
             Link(BASE + "list_2.html", "2")]
    assert pagination.page_urls(BASE + "list.html", links) == [BASE + "list_2.html"]


def test_bare_next_link_with_a_query_is_followed():
    links = [Link(BASE + "list.jsp?page=2", "下一页"), Link(BASE + "list.jsp?page=9", "尾页")]
    assert pagination.page_urls(BASE + "list.jsp?page=1", links) == [BASE + "list.jsp?page=2", BASE + "list.jsp?page=9"]


def test_next_link_wordings():
    for text in ("下一页", "下页", "下一页>", "[下一页]", "尾页>>", "末页", "最后一页", ">", "»", "Next»"):
        assert pagination.is_next_link(text), text
    for text in ("上一页", "<<上一页", "<", "首页", "下一篇", ""):
        assert not pagination.is_next_link(text), text


def test_a_pager_written_in_script_names_every_page_from_its_pattern_and_count() -> None:
    from crawler.dialects import scriptpager

    html = ("<div class='page'>共4页 <a href='javascript:goPage(2)'>下一页</a></div>"
            "<script>function goPage(n){ location.href = 'index_' + n + '.html'; }</script>")
    # page 1's 下一页 calls goPage(2): page 2 is index_2, the last index_4; never index_1
    assert scriptpager.page_urls("http://h/xxgk/nb/index.html", html) == [
        f"http://h/xxgk/nb/index_{n}.html" for n in range(2, 5)]
    # goPage(1) from page 1: the files count from 0, index_1 … index_3, never index_4 (past the count)
    assert scriptpager.page_urls("http://h/xxgk/nb/index.html", html.replace("goPage(2)", "goPage(1)")) == [
        f"http://h/xxgk/nb/index_{n}.html" for n in range(1, 4)]
    # read from a later page, where both countings agree on the call, both readings' files
    assert scriptpager.page_urls("http://h/xxgk/nb/index_2.html", html.replace("goPage(2)", "goPage(3)")) == [
        f"http://h/xxgk/nb/index_{n}.html" for n in (1, 3, 4)]
    assert scriptpager.stated_pages("<script>createPageHTML(7, 0, 'index', 'html');</script>") == 7
    query = "<script>var totalPage = 3; function go(p){ window.location = \"list.jsp?col=5&page=\" + p; }</script>"
    assert scriptpager.page_urls("http://h/xxgk/list.jsp?col=5&page=1", query) == [
        "http://h/xxgk/list.jsp?col=5&page=2", "http://h/xxgk/list.jsp?col=5&page=3"]
    assert scriptpager.page_urls("http://h/x/", "<script>var a = '第' + n + '页';</script>共3页") == []
    assert scriptpager.page_urls("http://h/x/", "<script>go('index_' + n + '.html')</script>") == []  # no count


def test_hyphen_numbered_pages_are_filled_in_between_the_linked_ones() -> None:
    links = [Link(BASE + "list-2.html", "2"), Link(BASE + "list-5.html", "尾页")]
    assert sorted(pagination.page_urls(BASE + "list-1.html", links)) == [BASE + f"list-{n}.html" for n in (2, 3, 4, 5)]


def test_a_layui_pager_counts_its_pages_from_records_and_page_size() -> None:
    from crawler.dialects import scriptpager

    html = ("<div id='pg'></div><script>layui.use('laypage', function () { layui.laypage.render({ elem: 'pg',"
            " count: 23, limit: 10, curr: 1, jump: function (obj, first) { if (!first) {"
            " location.href = 'index_' + obj.curr + '.html'; } } }); });</script>")
    assert scriptpager.page_urls(BASE + "index_1.html", html) == [BASE + "index_2.html", BASE + "index_3.html"]
