"""Tabs that load a list each (:mod:`crawler.dialects.tabs`): the other tabs' calls, from the one
call a render recorded and the tabs the page shows; and a rendered year-tab column crawled whole.

The crawl test uses Debian's /usr/bin/chromium; it is skipped where that is absent.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from crawler.dialects import DIALECTS
from crawler.dialects.listservice import single_call
from crawler.dialects.tabs import other_tabs, tab_groups
from tests.scrapy_helpers import AnswerHandler, run_crawl, serving_logged

YEAR_TABS = """<html><body><div class="tabs">
<button class="tab" data-y="2024">2024年度</button><button class="tab" data-y="2023">2023年度</button>
<button class="tab" data-y="2022">2022年度</button></div><div id="box"></div>
<ul class="pager"><li><a onclick="go(1)">1</a></li><li><a onclick="go(2)">2</a></li></ul></body></html>"""


def test_a_row_of_tabs_gives_its_values_by_attribute_and_by_year_label() -> None:
    groups = tab_groups(Selector(text=YEAR_TABS))
    assert ["2024", "2023", "2022"] in groups  # data-y, and the same years from the labels
    assert ["1", "2"] in groups  # the pager's onclick arguments are a group too …


def test_the_other_tabs_calls_swap_the_open_tabs_value_where_the_call_carries_it() -> None:
    groups = tab_groups(Selector(text=YEAR_TABS))
    assert other_tabs("http://x/static/nb/2024.json", "GET", None, groups) == [
        ("http://x/static/nb/2023.json", None), ("http://x/static/nb/2022.json", None)]
    # in a query field and a JSON body field (a number stays a number); … but a page field is never
    # a tab's: the pager's values are not swapped into pageNo
    assert other_tabs("http://x/api/list?year=2024&pageNo=1", "GET", None, groups) == [
        ("http://x/api/list?year=2023&pageNo=1", None), ("http://x/api/list?year=2022&pageNo=1", None)]
    body = '{"query": {"nd": 2024, "lm": "gknb"}, "pageNo": 1}'
    assert other_tabs("http://x/api/q", "POST", body, groups)[0] == (
        "http://x/api/q", '{"query": {"nd": 2023, "lm": "gknb"}, "pageNo": 1}')
    assert other_tabs("http://x/api/q", "POST", "nd=2024&cid=7", groups)[1] == ("http://x/api/q", "nd=2022&cid=7")


def test_a_value_carried_twice_or_not_at_all_makes_no_call() -> None:
    groups = tab_groups(Selector(text=YEAR_TABS))
    assert other_tabs("http://x/2024/list.json?y=2024", "GET", None, groups) == []  # which one is the tab's?
    assert other_tabs("http://x/static/nb/list.json", "GET", None, groups) == []


def test_the_tabs_dialect_is_in_the_table() -> None:
    assert DIALECTS["tabs"].other_calls is not None


def test_a_tabs_own_file_is_asked_once_and_a_paged_one_walked() -> None:
    one = single_call("http://x/static/nb/2023.json", "GET", None)
    assert one.request_args(1) == {"url": "http://x/static/nb/2023.json", "method": "GET"}
    paged = single_call("http://x/api/list?year=2023&pageNo=1", "GET", None)
    assert paged.page_param == "pageNo" and "pageNo=2" in paged.request_args(2)["url"]
    posted = single_call("http://x/api/q", "POST", '{"nd": 2023}', "application/json")
    assert json.loads(posted.request_args(1)["body"]) == {"nd": 2023}


# --- a column of year tabs: one JSON file a year, fetched when its tab is clicked -------------------
REPORTS = {y: [(f"清河县{y}年政府信息公开工作年度报告", f"/zwgk/nb/{y}/{y % 100}1.html")] for y in range(2019, 2025)}
REPORTS[2023].append(("清河县教育局2023年政府信息公开工作年度报告", "/zwgk/nb/2023/232.html"))
REPORTS[2022].append(("清河县2023年政务公开工作要点", "/zwgk/nb/2022/229.html"))  # a decoy
REPORT = ("<html><head><title>{t}</title></head><body><h1>{t}</h1><div class='content'><p>一、总体情况</p>"
          "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、"
          "行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></div></body></html>")
COLUMN = """<html><head><title>政府信息公开年度报告</title></head><body><div class="nav">$$TABS$$</div>
<div id="box"></div><script>
function show(y) {
  var x = new XMLHttpRequest();
  x.open('GET', '/static/nb/' + y + '$$EXT$$');
  x.onload = function () {
    $$FILL$$
  };
  x.send();
}
document.querySelectorAll('.nav span').forEach(function (b) {
  b.addEventListener('click', function () { show(b.getAttribute('data-nd')); }); });
show(document.querySelector('.nav span').getAttribute('data-nd'));
</script></body></html>"""
JSON_FILL = """var a = JSON.parse(x.responseText);
    document.getElementById('box').innerHTML = a.map(function (o) {
      return '<p><a href="' + o.u + '">' + o.t + '</a></p>'; }).join('');"""
FRAGMENT_FILL = "document.getElementById('box').innerHTML = x.responseText;"


@contextmanager
def year_tabs(fragment: bool) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    """Each year's list is a JSON file (``[{t, u}]``) or an HTML fragment, fetched by its tab."""
    log: list[tuple[str, str, str]] = []
    years = sorted(REPORTS, reverse=True)
    tabs = "".join(f'<span data-nd="{y}">{y}年</span>' for y in years)
    ext = ".html" if fragment else ".json"
    column = COLUMN.replace("$$TABS$$", tabs).replace("$$EXT$$", ext) \
        .replace("$$FILL$$", FRAGMENT_FILL if fragment else JSON_FILL)
    pages = {u: t for items in REPORTS.values() for t, u in items}

    class Handler(AnswerHandler):
        def answer(self, method: str, body: str) -> None:
            path = urlsplit(self.path).path
            if path == "/":
                self.send(200, "<html><body><a href='/zwgk/nb/'>政府信息公开年度报告</a></body></html>")
            elif path == "/zwgk/nb/":
                self.send(200, column)
            elif path.startswith("/static/nb/") and path.endswith(ext):
                items = REPORTS.get(int(path.rsplit("/", 1)[1].split(".")[0]), [])
                if fragment:
                    self.send(200, "".join(f'<li><a href="{u}">{t}</a></li>' for t, u in items))
                else:
                    self.send(200, json.dumps([{"t": t, "u": u} for t, u in items], ensure_ascii=False),
                              "application/json")
            elif path in pages:
                self.send(200, REPORT.format(t=pages[path]))
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
@pytest.mark.parametrize("fragment", [False, True], ids=["json", "html-fragment"])
def test_every_years_list_of_a_tab_column_is_asked_and_its_reports_found(fragment: bool) -> None:
    with year_tabs(fragment) as (base, log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(u for items in REPORTS.values() for t, u in items if "年度报告" in t)
    lists = [p for _m, p, _b in log if p.startswith("/static/nb/")]
    assert sorted(lists) == sorted(f"/static/nb/{y}{'.html' if fragment else '.json'}" for y in REPORTS)  # each once
    assert stats["nianbao/tab_lists"] == 5 and stats["nianbao/browser_started"] == 1
    assert not [p for _m, p, _b in log if "page=" in p]  # a file of its own is no paged service


# --- the newest year's list in the page, the others loaded by their tabs' handlers -----------------
STATIC_TABS = """<html><head><title>政府信息公开年度报告</title></head><body><div class="tabs">$$TABS$$</div>
<div id="box">$$FIRST$$</div><script>
function showYear(y) { $('#box').load('/zwgk/nb/' + y + '.html'); }
$(function () { $('.dept span').click(function () {
  $.getJSON('/static/bm/' + $(this).attr('data-nd') + '.json', function (a) { draw(a); }); }); });
</script><div class="dept">$$DEPT$$</div></body></html>"""


def test_tabs_loading_their_panels_by_handler_are_read_without_a_browser() -> None:
    from crawler.dialects import tabpanels

    years = sorted(REPORTS, reverse=True)
    tabs = "".join(f"<a href='javascript:;' onclick=\"showYear('{y}')\">{y}年</a>" for y in years)
    dept = "".join(f"<span data-nd='{y}'>{y}年部门</span>" for y in years[:2])
    first = "".join(f"<li><a href='{u}'>{t}</a></li>" for t, u in REPORTS[years[0]])
    html = STATIC_TABS.replace("$$TABS$$", tabs).replace("$$FIRST$$", first).replace("$$DEPT$$", dept)
    url = "http://h/zwgk/nb/index.html"
    assert tabpanels.page_urls(url, html) == [f"http://h/zwgk/nb/{y}.html" for y in years]
    assert [s.request_args(1)["url"] for s in tabpanels.services(url, html)] == \
        [f"http://h/static/bm/{y}.json" for y in years[:2]]
    assert tabpanels.page_urls(url, "<html><body><a onclick=\"go('x')\">x</a></body></html>") == []
    # a pager's handler POSTing to one endpoint is no row of tabs: that column is rendered instead
    pager = ("<html><body><ul id='nbList'></ul><a onclick='load(2)'>2</a><a onclick='load(3)'>3</a><script>"
             "function load(n) { fetch('/openapi/notice/records', {method: 'POST', body: 'cid=gknb&pn=' + n}); }"
             "</script></body></html>")
    assert tabpanels.page_urls(url, pager) == [] and tabpanels.services(url, pager) == []


def test_a_column_of_year_panels_loaded_by_handlers_is_crawled_whole_without_a_browser() -> None:
    years = sorted(REPORTS, reverse=True)
    tabs = "".join(f"<a href='javascript:;' onclick=\"showYear('{y}')\">{y}年</a>" for y in years)
    first = "".join(f"<li><a href='{u}'>{t}</a></li>" for t, u in REPORTS[years[0]])
    column = STATIC_TABS.replace("$$TABS$$", tabs).replace("$$FIRST$$", first).replace("$$DEPT$$", "")
    pages = {u: t for items in REPORTS.values() for t, u in items}
    log: list[tuple[str, str, str]] = []

    class Handler(AnswerHandler):
        def answer(self, method: str, body: str) -> None:
            path = urlsplit(self.path).path
            name = path.rsplit("/", 1)[-1].split(".")[0]
            if path == "/":
                self.send(200, "<html><body><a href='/zwgk/nb/index.html'>政府信息公开年度报告</a></body></html>")
            elif path == "/zwgk/nb/index.html":
                self.send(200, column)
            elif path.startswith("/zwgk/nb/") and name.isdigit() and int(name) in REPORTS:
                self.send(200, "".join(f"<li><a href='{u}'>{t}</a></li>" for t, u in REPORTS[int(name)]))
            elif path in pages:
                self.send(200, REPORT.format(t=pages[path]))
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as (base, _log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(u for items in REPORTS.values() for t, u in items if "年度报告" in t)
    assert "nianbao/browser_started" not in stats
