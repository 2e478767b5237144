"""A Hanweb 信息公开 catalogue (``POST /module/xxgk/search.jsp``, HTML rows) asked one page past its
last: the answer is an empty table ("共7条 4/3页"), which ends the walk like an empty JSON page, with
no error row (a held-out Hanweb portal showed "answered HTTP 200 without JSON" for it)."""

from __future__ import annotations

from urllib.parse import parse_qs

from tests.scrapy_helpers import run_crawl
from tests.test_generic_portals import serve
from tests.test_portal_shapes import report_html

TITLES = [f"溪口区{2025 - i}年政府信息公开工作年度报告" for i in range(7)]
PER_PAGE = 3
COLUMN = ("<html><head><title>政府信息公开年报</title></head><body><h3>政府信息公开年报</h3><div id='xxgk_list'></div>"
          "<script>var infotypeId = 'A0607'; $.post('/module/xxgk/search.jsp', {infotypeId: infotypeId, "
          "currpage: 1}, function (html) { $('#xxgk_list').html(html); });</script></body></html>")


def _rows(page: int) -> str:
    items = TITLES[(page - 1) * PER_PAGE: page * PER_PAGE]
    rows = "".join(f"<tr><td class='bt'><a href='/art/2025/1/{k}/art_77_{k}.html' title='{t}'>{t}</a></td>"
                   f"<td>2025-01-1{k}</td></tr>" for k, t in ((TITLES.index(t), t) for t in items))
    return f"<table class='xxgk_table'>{rows}</table><div class='page'>共{len(TITLES)}条 {page}/3页</div>"


def hanweb(path: str, method: str, body: str) -> tuple[int, str, str] | None:
    if path == "/":
        return 200, "<html><body><a href='/col/col77/index.html'>政府信息公开年报</a></body></html>", ""
    if path == "/col/col77/index.html":
        return 200, COLUMN, ""
    if path == "/module/xxgk/search.jsp" and method == "POST":
        return 200, _rows(int(parse_qs(body).get("currpage", ["1"])[0])), ""
    for k, title in enumerate(TITLES):
        if path == f"/art/2025/1/{k}/art_77_{k}.html":
            return 200, report_html(title, k), ""
    return None


def test_an_html_list_service_past_its_last_page_ends_without_an_error() -> None:
    with serve(lambda path, q, m, b: hanweb(path, m, b)) as (base, log):
        items, _stats = run_crawl([base + "/"])
    reports = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert reports == sorted(f"/art/2025/1/{k}/art_77_{k}.html" for k in range(len(TITLES)))
    assert [i for i in items if i["type"] == "error"] == []
    pages = [parse_qs(b).get("currpage", ["?"])[0] for m, p, b in log if p == "/module/xxgk/search.jsp"]
    assert pages[:3] == ["1", "2", "3"]
