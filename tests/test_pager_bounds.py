"""A TRS column paged by ``createPageHTML('page_div', count, current, 'index', 'html', records)``
counted from 0 (page 2 is ``index_1.html``), with a 跳转 box whose script builds
``'index_' + (n - 1) + '.html'``: crawled from its home page, every report is found and no file past
the count the pager prints is asked (a held-out TRS portal showed a 404 row for ``index_3`` there).
"""

from __future__ import annotations

from tests.scrapy_helpers import run_crawl
from tests.test_generic_portals import serve
from tests.test_portal_shapes import report_html

PAGES = 3
TITLES = [f"青石县{2025 - i}年政府信息公开工作年度报告" for i in range(7)] + ["青石县2024年政务公开工作要点"]


def _file(page: int) -> str:
    return "index.html" if page == 0 else f"index_{page}.html"


def trs_page(path: str) -> tuple[int, str, str] | None:
    if path == "/":
        return 200, "<html><body><a href='/zwgk/ndbg/index.html'>政府信息公开年报</a></body></html>", ""
    for page in range(PAGES):
        if path == f"/zwgk/ndbg/{_file(page)}":
            rows = "".join(f"<li><a href='./2024/t2024011{k}_{k}.html'>{TITLES[k]}</a><span>2024-01-1{k}</span></li>"
                           for k in range(page * 3, min(page * 3 + 3, len(TITLES))))
            pager = ("<div id='page_div'></div><script>function createPageHTML(a, b, c, d, e, f) {}\n"
                     f"var countPage = {PAGES};\nvar currentPage = {page};\n"
                     f"createPageHTML('page_div', countPage, currentPage, 'index', 'html', {len(TITLES)});\n"
                     "function goPage() { var n = document.getElementById('jump').value;"
                     " location.href = n == 1 ? 'index.html' : 'index_' + (n - 1) + '.html'; }</script>"
                     "<input id='jump'/><a href='javascript:goPage()'>跳转</a>")
            return 200, (f"<html><head><title>政府信息公开年报</title></head><body><h3>政府信息公开年报</h3>"
                         f"<ul class='list'>{rows}</ul>{pager}</body></html>"), ""
    for k, title in enumerate(TITLES):
        if path == f"/zwgk/ndbg/2024/t2024011{k}_{k}.html":
            return 200, report_html(title, k), ""
    return None


def test_a_trs_list_counted_from_zero_is_read_whole_and_never_past_its_count() -> None:
    with serve(lambda path, q, m, b: trs_page(path)) as (base, log):
        items, _stats = run_crawl([base + "/"])
    reports = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert reports == sorted(f"/zwgk/ndbg/2024/t2024011{k}_{k}.html" for k in range(7))
    asked = [p for _m, p, _b in log]
    assert "/zwgk/ndbg/index_3.html" not in asked
    assert [i for i in items if i["type"] == "error"] == []
    assert {"/zwgk/ndbg/index_1.html", "/zwgk/ndbg/index_2.html"} <= set(asked)
