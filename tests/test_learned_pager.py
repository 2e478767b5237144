"""The generic browser path learns a column's pager by using it once (crawler/browser.py).

Columns of a platform no dialect knows (:mod:`tests.pager_columns`): the page number in a query
field, a path segment, a form, JSON or multipart body, a record offset; the first list call only on
a click; 加载更多; a static pager a script writes. Each is rendered once, its pager clicked once, and
the service (or the pages) walked from the spider: every report found and nothing else, and the
browser never clicks through the pages.

Uses Debian's /usr/bin/chromium; skipped where it is absent.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from urllib.parse import urlsplit

import pytest

from crawler.dialects import listservice, scripted
from tests.pager_columns import SHAPES, Column, expected
from tests.scrapy_helpers import AnswerHandler, run_crawl, serving_logged

chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")


@contextmanager
def serve(column: Column) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    class Handler(AnswerHandler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            got = column.serve(parts.path, parts.query, method, body)
            if got is None:
                self.send(404, "<h1>404</h1>")
                return
            status, text, ctype = got
            self.send(status, text, ctype or "text/html; charset=utf-8")

    with serving_logged(Handler, []) as site:
        yield site


def crawl(columns: list[Column]) -> tuple[dict[str, list[str]], dict[str, list], dict]:
    """One crawl over every column's site: found document paths and the request log per shape."""
    with ExitStack() as stack:
        sites = [stack.enter_context(serve(c)) for c in columns]
        items, stats = run_crawl([base + "/" for base, _log in sites])
    found: dict[str, list[str]] = {}
    logs: dict[str, list] = {}
    for column, (base, log) in zip(columns, sites, strict=True):
        found[column.shape] = sorted(i["document_url"].removeprefix(base) for i in items
                                     if i["type"] == "report" and i["document_url"].startswith(base + "/"))
        logs[column.shape] = log
    return found, logs, stats


@chromium
@pytest.mark.parametrize("seed", [1])
def test_every_report_of_script_paged_columns_of_any_shape_is_found(seed: int) -> None:
    columns = [Column.make(shape, seed) for shape in SHAPES]
    found, logs, stats = crawl(columns)
    for column in columns:
        assert found[column.shape] == expected(column), column.shape
        # the column is fetched once and rendered once: the spider pages, never the browser
        assert sum(p == "/col/nb/index.html" for _m, p, _b in logs[column.shape]) == 2, column.shape
    assert stats["nianbao/pagers_learned"] == len(SHAPES)


@chromium
def test_pages_past_the_first_two_are_asked_by_the_spider_in_the_learned_shape() -> None:
    """The browser asks pages 1 and 2 (load and the one click); the spider asks 3 and 4 (and the
    empty 5 when the answer states no count to stop at), in the request shape the click showed."""
    column = Column.make("multipart", 2)
    column.clamp = False
    found, logs, _stats = crawl([column])
    assert found["multipart"] == expected(column)
    asked = [(m, p, b) for m, p, b in logs["multipart"] if p == "/ajax/lm/form"]
    pages = [column.page_of("/ajax/lm/form", "", m, b) for m, _p, b in asked]
    assert pages in ([1, 2, 3, 4], [1, 2, 3, 4, 5])  # 10 records, 3 a page: each page once
    assert all("Content-Disposition: form-data" in b for _m, _p, b in asked)  # multipart, as the page sent


def test_the_page_field_is_learned_from_the_click_whatever_its_place() -> None:
    form = "lmid=nb&dqy={}&mys=3"
    for first, second, page3 in [
        (("http://a/l?lmid=nb&dqy=1&mys=3&_=1700000000001", "GET", None, None),
         ("http://a/l?lmid=nb&dqy=2&mys=3&_=1700000000002", "GET", None, None), "dqy=3"),
        (("http://a/lm/nb/page1.json", "GET", None, None), ("http://a/lm/nb/page2.json", "GET", None, None),
         "/lm/nb/page3.json"),
        (("http://a/l", "POST", form.format(1), "application/x-www-form-urlencoded"),
         ("http://a/l", "POST", form.format(2), "application/x-www-form-urlencoded"), "dqy=3"),
        (("http://a/l", "POST", '{"tj":{"lmid":"nb"},"fy":{"dqy":1,"mys":3}}', "application/json"),
         ("http://a/l", "POST", '{"tj":{"lmid":"nb"},"fy":{"dqy":2,"mys":3}}', "application/json"), '"dqy":3'),
        (("http://a/l?ks=1&js=3", "GET", None, None), ("http://a/l?ks=4&js=6", "GET", None, None), "ks=7&js=9"),
        (("http://a/nb/index.html", "GET", None, None), ("http://a/nb/index_1.html", "GET", None, None),
         "/nb/index_2.html"),
        (("http://a/nb/list.jsp?lm=3", "GET", None, None), ("http://a/nb/list.jsp?lm=3&pg=2", "GET", None, None),
         "pg=3"),
        # a count the page sends back once it knows it is no page number
        (("http://a/l?curr=1&totalRecord=0", "GET", None, None), ("http://a/l?curr=2&totalRecord=23", "GET", None, None),
         "curr=3&totalRecord=23"),
    ]:
        service = listservice.learn_pager(first, second)
        assert service is not None, second
        args = service.request_args(3)
        assert page3 in args["url"] + args.get("body", ""), (second, args)
    # another endpoint, or nothing that grew: no pager learned
    assert listservice.learn_pager(("http://a/l?p=1", "GET", None, None), ("http://a/m?p=2", "GET", None, None)) is None
    assert listservice.learn_pager(("http://a/l?p=2", "GET", None, None), ("http://a/l?p=2", "GET", None, None)) is None


def test_a_click_that_made_the_lists_first_call_asks_page_two() -> None:
    """Page 1 was static: the click's call asks page 2, by a known name or by the field that says 2."""
    for call, page3 in [(("http://a/l?lmid=nb&dqy=2&mys=3", "GET", None, None), "dqy=3"),
                        (("http://a/l?lmid=nb&pageNo=2", "GET", None, None), "pageNo=3"),
                        (("http://a/api/nb/2/10", "GET", None, None), "/api/nb/3/10")]:
        service = listservice.learn_from_one(call, True)
        assert service is not None and page3 in service.request_args(3)["url"], call


def test_a_static_column_whose_pager_is_script_is_rendered_and_a_static_one_is_not() -> None:
    from parsel import Selector

    def sel(body: str) -> Selector:
        return Selector(text=f"<html><body><ul><li><a href='/a.html'>x</a></li></ul>{body}</body></html>")

    assert scripted.script_pager(sel("<div class='page'><a href='javascript:;' onclick='go(2)'>下一页</a></div>"
                                     "<script>function go(p){}</script>"))
    assert scripted.script_pager(sel("<div id='pager'></div><script>laypage.render({elem: 'pager'})</script>"))
    assert scripted.script_pager(sel("<div class='more' id='more'>加载更多</div><script>bind()</script>"))
    # a static pager, a last page's bare 下一页, a one-page list, a page without scripts: no browser
    assert not scripted.script_pager(sel("<div class='page'><a href='index_1.html'>下一页</a></div><script></script>"))
    assert not scripted.script_pager(sel("<div class='page'><span>下一页</span></div><script></script>"))
    assert not scripted.script_pager(sel("<div class='page'>共1页 <a href='javascript:;'>下一页</a></div>"
                                         "<script></script>"))
    assert not scripted.script_pager(sel("<div class='page'><a href='javascript:;' onclick='go(2)'>下一页</a></div>"))


@chromium
def test_a_load_more_list_of_bare_ids_is_walked_to_its_last_page() -> None:
    """A CMS's own list service asked by GET (a cache-buster, the page in a field of its own name),
    its records only an ``id`` the script turns into ``/cms/article/<id>.html``, its 加载更多 appending:
    the browser asks pages 1 and 2, the spider every later page up to the answer's ``pages``, and
    each report's URL is the one the script builds. Its button asks page 2 only 0.8 s after the click
    (longer than the network's quiet spell): what the click does is waited for, not a time."""
    column = Column.make("more-ids", 3)
    column.delay_ms = 800
    found, logs, stats = crawl([column])
    assert found["more-ids"] == expected(column)
    assert all(p.startswith("/cms/article/") for p in found["more-ids"])
    asked = [(m, *target.partition("?")[::2], b) for m, target, b in logs["more-ids"]]
    pages = sorted(column.page_of(path, query, m, b) for m, path, query, b in asked if path == "/api/cms/info/list")
    assert pages == [1, 2, 3, 4]  # 10 records, 3 a page: each page once, none past the stated end
    assert stats["nianbao/pagers_learned"] == 1
