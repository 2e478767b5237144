"""A column built by script from a service no dialect knows: rendered in chromium, the service
recorded and walked by its page parameter; a failing service is recorded with its reason.

Uses Debian's /usr/bin/chromium (scripts/apt-packages-browser.txt); skipped where it is absent.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.scrapy_helpers import AnswerHandler, run_crawl, serving

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")

TITLES = [f"河谷区{2025 - i}年政府信息公开工作年度报告" for i in range(7)] + ["河谷区2024年政府信息公开工作年度报告的解读"]
REPORT = ("<html><head><title>{t}</title></head><body><h1>{t}</h1><div class='content'><p>一、总体情况</p>"
          "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、"
          "行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></div></body></html>")
COLUMN = """<html><head><title>年度报告</title></head><body><h2>政府信息公开年报</h2>
<div id="newsList" class="list-box"></div>
<script>
$$FETCH$$
function load(p) {
  var x = new XMLHttpRequest();
  x.open('GET', '/portal/api/docs?chan=ndbg&$$PARAM$$=' + p + '&rows=3');
  x.onload = function () {
    var d = JSON.parse(x.responseText), h = '';
    (d.items || []).forEach(function (it) { h += '<p><a href="' + it.link + '">' + it.headline + '</a></p>'; });
    document.getElementById('newsList').innerHTML = h;
  };
  x.send();
}
load(1);
</script></body></html>"""


@contextmanager
def site(fail: bool, param: str = "pageIndex", pdf: bool = False) -> Iterator[tuple[str, list[str]]]:
    """The column's service pages by ``param``; with ``pdf``, its last item links a PDF file directly."""
    log: list[str] = []
    titles = [*TITLES, "河谷区2017年政府信息公开工作年度报告"] if pdf else TITLES

    def link(t: str) -> str:
        return "/files/2018/0120.pdf" if t.endswith("2017年政府信息公开工作年度报告") else f"/nb/doc/{titles.index(t)}.html"

    class Handler(AnswerHandler):
        def answer(self, method: str, body: str) -> None:
            log.append(self.path)
            parts = urlsplit(self.path)
            if parts.path == "/":
                self.send(200, "<html><body><a href='/nb/'>政府信息公开年报</a></body></html>")
            elif parts.path == "/nb/":
                self.send(200, COLUMN.replace("$$FETCH$$", "").replace("$$PARAM$$", param))
            elif parts.path == "/portal/api/docs":
                if fail:
                    self.send(500, "<h1>500 Internal Server Error</h1>")
                    return
                q = {k: v[0] for k, v in parse_qs(parts.query).items()}
                page, rows = int(q.get(param, 1)), int(q["rows"])
                chunk = titles[(page - 1) * rows: page * rows]
                items = [{"headline": t, "link": link(t)} for t in chunk]
                self.send(200, json.dumps({"items": items}, ensure_ascii=False), "application/json")
            elif parts.path == "/files/2018/0120.pdf":
                self.send(200, "%PDF-1.4 河谷区2017年", "application/pdf")
            elif parts.path.startswith("/nb/doc/"):
                self.send(200, REPORT.format(t=titles[int(parts.path.rsplit("/", 1)[1].split(".")[0])]))
            else:
                self.send(404, "<h1>404</h1>")

    with serving(Handler) as base:
        yield base, log


def test_script_built_column_is_rendered_once_and_its_service_walked() -> None:
    with site(fail=False) as (base, log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == [f"/nb/doc/{i}.html" for i in range(7)]  # every report, not the 解读 (index 7)
    pages = [p for p in log if p.startswith("/portal/api/docs")]
    # the browser asked for page 1 (its answer was recorded); the spider walked 2, 3, and the empty 4
    assert [int(parse_qs(urlsplit(p).query)["pageIndex"][0]) for p in pages] == [1, 2, 3, 4]
    assert log.count("/nb/") == 2  # fetched once, rendered once
    assert stats["nianbao/browser_started"] == 1 and stats["nianbao/list_services_recorded"] == 1


def test_a_failing_list_service_is_recorded_with_its_reason() -> None:
    with site(fail=True) as (base, _log):
        items, _stats = run_crawl([base + "/"])
    [error] = [i for i in items if i["type"] == "error"]
    assert error["url"] == base + "/nb/"
    assert error["reason"].startswith("list service failed: GET " + base + "/portal/api/docs?chan=ndbg&pageIndex=1")
    assert error["reason"].endswith("HTTP 500")


def test_a_service_paged_by_a_parameter_of_any_name_is_walked_by_probing_it() -> None:
    """``curr`` is no page parameter name we know: the small integer equal to the page shown (1) is
    tried as one (page 2 brings new items, so it is); a PDF listed directly is a report."""
    with site(fail=False, param="curr", pdf=True) as (base, log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["document_url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == ["/files/2018/0120.pdf", *[f"/nb/doc/{i}.html" for i in range(7)]]
    pages = [p for p in log if p.startswith("/portal/api/docs")]
    assert [int(parse_qs(urlsplit(p).query)["curr"][0]) for p in pages] == [1, 2, 3, 4]  # 9 items, 3 a page
    assert not [p for p in pages if "chan=" not in p or "rows=3" not in p]  # the other fields kept
    assert stats["nianbao/list_service_params_found"] >= 1
