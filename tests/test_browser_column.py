"""A column built by script from a service no dialect knows: rendered in chromium, the service
recorded and walked by its page parameter; a failing service is recorded with its reason.

Uses Debian's /usr/bin/chromium (scripts/apt-packages-browser.txt); skipped where it is absent.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.scrapy_helpers import AnswerHandler, run_crawl, serving, serving_logged

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


# --- a disclosure directory: organs' tree from a POST service, each organ's list by script ---------
DIRECTORY = """<html><head><title>政府信息公开目录</title></head><body><ul id="orgTree"></ul>
<iframe name="gk" src="about:blank"></iframe>
<script>
var x = new XMLHttpRequest();
x.open('POST', '/gk/api/orgs');
x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
x.onload = function () {
  document.getElementById('orgTree').innerHTML = JSON.parse(x.responseText).data.map(function (n) {
    return '<li>' + n.title + '<a href="' + n.href + '" target="gk">' + n.leaf + '</a></li>'; }).join('');
};
x.send('site=sx&kind=dept');
</script></body></html>"""
ORGAN_LIST = """<html><head><title>目录</title></head><body><table><tbody id="rows"></tbody></table>
<script>
function q(k) { var m = new RegExp('[?&]' + k + '=([^&]*)').exec(location.search); return m ? m[1] : ''; }
var x = new XMLHttpRequest();
x.open('GET', '/gk/api/docs?dept=' + q('dept') + '&cat=' + q('cat') + '&start=0&limit=2');
x.onload = function () {
  document.getElementById('rows').innerHTML = JSON.parse(x.responseText).rows.map(function (r) {
    return '<tr><td><a href="/gk/doc/' + r.docId + '.html">' + r.name + '</a></td></tr>'; }).join('');
};
x.send();
</script></body></html>"""
ORGANS = {"d1": "山溪县人民政府", "d2": "山溪县教育局", "d3": "山溪县水务局"}


def organ_docs(dept: str) -> list[dict[str, Any]]:
    name = ORGANS[dept]
    docs = [{"docId": f"{dept}-{y}", "name": f"{name}{y}年政府信息公开工作年度报告"} for y in (2021, 2022, 2023)]
    return docs + [{"docId": f"{dept}-x", "name": f"{name}2023年政府信息公开工作年度报告解读"}]


OWN_COLUMN = [f"山溪县人民政府{y}年政府信息公开工作年度报告" for y in (2022, 2023, 2024)]


@contextmanager
def directory_site(column: bool = False) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    """With ``column``, the home page also links a static 年报 column of the government's own reports."""
    log: list[tuple[str, str, str]] = []
    home = "<a href='/gk/index.html'>信息公开</a>" + ("<a href='/xxgk/ndbg/index.html'>政府信息公开年报</a>" if column else "")

    class Handler(AnswerHandler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/":
                self.send(200, f"<html><body>{home}</body></html>")
            elif parts.path == "/gk/index.html":
                self.send(200, DIRECTORY)
            elif parts.path == "/xxgk/ndbg/index.html" and column:
                rows = "".join(f"<li><a href='/xxgk/ndbg/{k}.html'>{t}</a></li>" for k, t in enumerate(OWN_COLUMN))
                self.send(200, f"<html><head><title>政府信息公开年报</title></head><body><ul>{rows}</ul></body></html>")
            elif parts.path.startswith("/xxgk/ndbg/") and column:
                self.send(200, REPORT.format(t=OWN_COLUMN[int(parts.path.rsplit("/", 1)[1].split(".")[0])]))
            elif parts.path == "/gk/api/orgs" and method == "POST" and "site=sx" in body:
                data = [{"title": name, "leaf": leaf, "href": f"/gk/list.html?dept={d}&cat={cat}"}
                        for d, name in ORGANS.items() for leaf, cat in (("年度报告", "ndbg"), ("规划计划", "ghjh"))]
                self.send(200, json.dumps({"data": data}, ensure_ascii=False), "application/json")
            elif parts.path == "/gk/list.html":
                self.send(200, ORGAN_LIST)
            elif parts.path == "/gk/api/docs":
                docs = organ_docs(q["dept"]) if q.get("cat") == "ndbg" else []
                start, limit = int(q["start"]), int(q["limit"])
                self.send(200, json.dumps({"total": len(docs), "rows": docs[start:start + limit]}, ensure_ascii=False),
                          "application/json")
            elif parts.path.startswith("/gk/doc/"):
                dept, key = parts.path.rsplit("/", 1)[1].removesuffix(".html").split("-")
                title = next(d["name"] for d in organ_docs(dept) if d["docId"] == f"{dept}-{key}")
                self.send(200, REPORT.format(t=title))
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


def test_a_directory_tree_from_a_post_service_and_its_organs_lists_of_one_template() -> None:
    """The directory is rendered once (its tree comes from a POST); the first organ's 年度报告 list is
    rendered and its service recorded; the other organs' lists call that service with their own
    ``dept`` (no browser), paged by offset. Every report, no 解读, nothing from the 规划计划 lists."""
    with directory_site() as (base, log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted(f"/gk/doc/{d}-{y}.html" for d in ORGANS for y in (2021, 2022, 2023))
    assert stats["nianbao/list_services_from_template"] == 2
    assert stats["nianbao/rendered"] == 2  # the directory and one organ's list
    offsets = sorted((q["dept"][0], int(q["start"][0])) for m, p, _b in log if p.startswith("/gk/api/docs")
                     for q in [parse_qs(urlsplit(p).query)] if q["cat"] == ["ndbg"])
    assert offsets == [(d, s) for d in sorted(ORGANS) for s in (0, 2)]  # 4 items, 2 a call: the total reached


def test_an_organ_tree_beside_a_static_column_of_the_governments_own_reports_is_rendered() -> None:
    """The static column gives the government's reports only: the organs' reports are in the
    script-built tree, which is rendered once the column is read."""
    with directory_site(column=True) as (base, _log):
        items, stats = run_crawl([base + "/"])
    found = sorted(i["url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted([*(f"/xxgk/ndbg/{k}.html" for k in range(3)),
                            *(f"/gk/doc/{d}-{y}.html" for d in ORGANS for y in (2021, 2022, 2023))])
    assert stats["nianbao/rendered"] == 2
