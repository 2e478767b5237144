"""One render, four promises of the browser path:

- a dialect's guess at a column's service that answers no JSON falls back to rendering the column
  (its own script asks the service with the fields it really needs), and no error is left behind
  when the render reads the list;
- the page's own requests pass the crawl's robots.txt (and address) rules, as Scrapy's do;
- ``NIANBAO_HOSTS`` reaches chromium: the page is rendered under its real host name.

Uses Debian's /usr/bin/chromium; skipped where it is absent. One crawl (one browser launch).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.browser import BrowserGuard
from tests.scrapy_helpers import AnswerHandler, run_crawl, serving_logged

HOST = "gknb.nianbao-test.gov.cn"
TITLES = [f"某县{2024 - i}年政府信息公开工作年度报告" for i in range(5)] + ["关于报送2023年政府信息公开工作年度报告的函"]
REPORT = ("<html><head><title>{t}</title></head><body><h1>{t}</h1><div class='content'><p>一、总体情况</p>"
          "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、"
          "行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></div></body></html>")
# TRS WAS5 named in the script, but asked with a template and a token of the site's own: the
# dialect's guess (the written request's fields, left empty) gets the template's error page
COLUMN = """<html><head><title>政府信息公开年度报告</title></head><body><h2>政府信息公开年度报告</h2>
<ul id="list"></ul><div class="page"><a href="javascript:void(0)" onclick="load(page + 1)">下一页</a></div>
<script>
var page = 1, cfg = {channelid: '2101', tk: 'a9f3'};
fetch('/private/visits.json').catch(function () {});
function load(p) {
  page = p;
  fetch('/was5/web/search?channelid=' + cfg.channelid + '&templet=gknb_list.jsp&tk=' + cfg.tk + '&page=' + p)
    .then(function (r) { return r.json(); }).then(function (d) {
      document.getElementById('list').innerHTML = d.docs.map(function (x) {
        return '<li><a href="' + x.url + '">' + x.title + '</a></li>'; }).join('');
    });
}
load(1);
</script></body></html>"""


class Site(AnswerHandler):
    def answer(self, method: str, body: str) -> None:
        parts = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if parts.path == "/robots.txt":
            self.send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        elif parts.path == "/" and self.headers.get("Host", "").startswith(HOST):
            self.send(200, "<html><body><a href='/xxgk/gknb/'>政府信息公开年度报告</a></body></html>")
        elif parts.path == "/xxgk/gknb/":
            self.send(200, COLUMN)
        elif parts.path == "/was5/web/search":
            if q.get("templet") != "gknb_list.jsp" or q.get("tk") != "a9f3":
                self.send(200, "<html><body>模板不存在</body></html>")
                return
            n = int(q.get("page", 1))
            chunk = TITLES[(n - 1) * 2: n * 2]
            docs = [{"title": t, "url": f"/xxgk/gknb/t{TITLES.index(t)}.html"} for t in chunk]
            self.send(200, json.dumps({"count": len(TITLES), "pagecount": 3, "docs": docs}, ensure_ascii=False),
                      "text/html; charset=utf-8")
        elif parts.path.startswith("/xxgk/gknb/t"):
            self.send(200, REPORT.format(t=TITLES[int(parts.path[len("/xxgk/gknb/t"):].split(".")[0])]))
        else:
            self.send(404, "<h1>404</h1>")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_an_unreadable_dialect_service_falls_back_to_a_guarded_render_under_the_sites_own_name() -> None:
    with serving_logged(Site, []) as (base, log):
        port = urlsplit(base).port
        items, stats = run_crawl([f"http://{HOST}:{port}/"], settings={"NIANBAO_HOSTS": f"{HOST}=127.0.0.1"})
    found = sorted(i["url"].rsplit("/", 1)[1] for i in items if i["type"] == "report")
    assert found == [f"t{i}.html" for i in range(5)]  # every report, not the 函
    asked = [path for _m, path, _b in log if path.startswith("/was5/")]
    assert asked[0] == "/was5/web/search?channelid=&page=1"  # the dialect's guess, once
    assert all("tk=a9f3" in path for path in asked[1:]) and len(asked) >= 4  # then the page's own calls
    assert [i for i in items if i["type"] == "error"] == []  # the render read the list: nothing failed
    assert not any(path.startswith("/private/") for _m, path, _b in log)  # robots.txt holds in the browser
    assert stats["nianbao/browser_refused"] >= 1 and stats["nianbao/browser_started"] == 1


def test_a_public_sites_page_may_not_ask_a_private_or_metadata_address() -> None:
    async def resolve(host: str) -> str:
        return {"www.a.gov.cn": "203.119.25.1", "files.a.gov.cn": "203.119.25.2", "intranet.a.gov.cn": "10.0.0.8"}.get(host, "93.184.216.34")

    guard = BrowserGuard("http://www.a.gov.cn/", {}, resolve=resolve)
    refusals = asyncio.run(_refusals(guard, ["http://files.a.gov.cn/x.js", "http://intranet.a.gov.cn/api",
                                             "http://169.254.169.254/latest/meta-data/", "data:text/plain,x",
                                             "https://cdn.example.com:443/jq.js"]))
    assert [r is None for r in refusals] == [True, False, False, True, True]
    loopback = BrowserGuard("http://127.0.0.1:8000/", {})  # a site on loopback (a test, the demo) may use it
    assert asyncio.run(_refusals(loopback, ["http://127.0.0.1:8000/api"])) == [None]


async def _refusals(guard: BrowserGuard, urls: list[str]) -> list[str | None]:
    return [await guard.refusal(url) for url in urls]
