"""Column shapes of TRS-built and script-built lists, each served on 127.0.0.1 and crawled from the
home page:

- a TRS column whose page 1 is static (three items) and whose later pages come only from
  ``list2.trsapi?siteid=…&channelid=…&pageindex=…&pagesize=…``, the ids set in the page's script and
  the answer's item URLs relative to the column (``./202403/t….html``); a decoy among them;
- a script-built list paged by a field of the site's own name in a JSON POST body
  (``{"yema": 1, "tiaoshu": 4, …}``) whose answer's ``data`` is a JSON string (double-encoded); needs
  Debian's chromium (skipped where it is absent).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.dialects import listservice, trsapi
from tests.scrapy_helpers import run_crawl, serving_logged
from tests.test_portal_shapes import _Handler, report_html, reports

HOME = "<html><body><a href='/xxgk/gknb/index.html'>政府信息公开年报</a></body></html>"

# --- TRS: static page 1, the rest from list2.trsapi -----------------------------------------------
TRS_DOCS = [(f"青岚县{2024 - k}年政府信息公开工作年度报告", f"./{2024 - k + 1}03/t{2024 - k + 1}0312_{4400 + k}.html")
            for k in range(10)]
TRS_DOCS.insert(6, ("青岚县2021年政务公开工作要点", "./202103/t20210301_4390.html"))
STATIC_COUNT = 3
TRS_SIZE = 4
TRS_COLUMN = """<html><head><title>政府信息公开年报</title></head><body><ul class="list">{items}</ul>
<div id="pager"></div><script src="/js/jquery.min.js"></script><script>
var siteid = "86";
var channelid = '4127';
function loadPage(n) {{
  $.getJSON("/xxgk/list2.trsapi?siteid=" + siteid + "&channelid=" + channelid + "&pageindex=" + n + "&pagesize=4",
    function (res) {{ render(res.datas); }});
}}
</script></body></html>"""


@contextmanager
def trsapi_site() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []
    column = "/xxgk/gknb/"

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/":
                self.send(200, HOME)
            elif parts.path == column + "index.html":
                items = "".join(f"<li><a href='{href}' title='{t}'>{t}</a><span>2024-03-12</span></li>"
                                for t, href in TRS_DOCS[:STATIC_COUNT])
                self.send(200, TRS_COLUMN.format(items=items))
            elif parts.path == "/xxgk/list2.trsapi":
                if q.get("siteid") != "86" or q.get("channelid") != "4127" or not q.get("pageindex", "").isdigit():
                    self.send(200, json.dumps({"code": 1, "msg": "参数错误"}), "application/json")
                    return
                n, size = int(q["pageindex"]), int(q.get("pagesize", "10"))
                sel = TRS_DOCS[(n - 1) * size: n * size]
                self.send(200, json.dumps({"code": 0, "total": len(TRS_DOCS), "datas": [
                    {"doctitle": t, "docpuburl": href, "docreltime": "2024-03-12"} for t, href in sel]},
                    ensure_ascii=False), "application/json")
            elif parts.path.startswith(column):
                href = "./" + parts.path.removeprefix(column)
                doc = next((k for k, (_t, h) in enumerate(TRS_DOCS) if h == href), None)
                self.send(200, report_html(TRS_DOCS[doc][0], doc) if doc is not None else "<h1>404</h1>")
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


def test_trsapi_service_is_read_from_the_script_with_its_ids() -> None:
    html = TRS_COLUMN.format(items="")
    [service] = trsapi.services("http://qinglan.example/xxgk/gknb/index.html", html)
    assert service.url == "http://qinglan.example/xxgk/list2.trsapi" and service.method == "GET"
    assert service.params == {"siteid": "86", "channelid": "4127", "pagesize": "4", "pageindex": "1"}
    assert service.item_base == "http://qinglan.example/xxgk/gknb/index.html"
    # a module name (Fujian's require(["list2.trsapi"])) or a service without its ids is not one
    assert trsapi.services("http://x/", 'require(["list2.trsapi", "tools"], f); var channelid = 5;') == []
    assert trsapi.services("http://x/", "$.get('/list2.trsapi?pageindex=' + n)") == []


def test_trsapi_service_named_in_a_config_object_the_url_is_joined_from() -> None:
    html = ('<script>var listCfg = { maxStaticIndex: 1, api: "/trsapi/list2.trsapi", siteid: "37", '
            'channelid: "10588", pagesize: 6 };\nfunction goPage(n) { var url = listCfg.api + "?siteid=" + '
            'listCfg.siteid + "&channelid=" + listCfg.channelid + "&pageindex=" + n + "&pagesize=" + '
            "listCfg.pagesize; fetch(url); }</script>")
    [service] = trsapi.services("http://jy.example/zwgk/gknb/index.shtml", html)
    assert service.url == "http://jy.example/trsapi/list2.trsapi"
    assert service.params == {"siteid": "37", "channelid": "10588", "pagesize": "6", "pageindex": "1"}


def test_a_trs_column_static_page_one_and_trsapi_later_pages_is_read_whole() -> None:
    with trsapi_site() as (base, log):
        items, _stats = run_crawl([base + "/"])
    expected = sorted("/xxgk/gknb/" + h.removeprefix("./") for t, h in TRS_DOCS if "年度报告" in t)
    assert reports(items, base) == expected
    asked = [parse_qs(urlsplit(p).query).get("pageindex", [""])[0] for _m, p, _b in log if "trsapi" in p]
    assert {"1", "2", "3"} <= set(asked)
    assert not any("t20210301_4390" in i["url"] for i in items if i["type"] == "report")


# --- a script-built list: the page field a name of the site's own, the answer's data a JSON string ----
ROWS = [{"bt": f"石门县{2024 - k}年政府信息公开工作年度报告", "lj": f"/zwgk/wz/{7100 + k}.html", "rq": "2024-03-01"}
        for k in range(11)]
ROWS.insert(3, {"bt": "石门县2023年政府信息公开工作年度报告解读", "lj": "/zwgk/wz/7099.html", "rq": "2024-03-02"})
ROWS.insert(8, {"bt": "石门县2020年政务公开工作要点", "lj": "/zwgk/wz/7098.html", "rq": "2020-04-01"})
PER_PAGE = 5
DOUBLE_SHELL = """<html><head><title>政府信息公开年报</title></head><body><ul id="lb"></ul><div id="fy"></div><script>
var cx = {lmbh: "gknb09", zt: 1, dqy: 1, mys: 5, px: 1, sfyx: 1};
function qingqiu() {
  fetch('/api/wzlb/cx', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(cx)})
    .then(function (r) { return r.json(); }).then(function (res) {
      var nr = JSON.parse(res.data);
      nr.jg.forEach(function (it) {
        var li = document.createElement('li');
        li.innerHTML = '<a href="' + it.lj + '">' + it.bt + '</a>';
        document.getElementById('lb').appendChild(li);
      });
    });
}
qingqiu();
</script></body></html>"""


def test_a_string_field_holding_json_is_read_as_the_records_it_holds() -> None:
    answer = json.dumps({"code": 200, "data": json.dumps({"zs": 13, "jg": ROWS[:2]}, ensure_ascii=False)},
                        ensure_ascii=False)
    data = listservice.parse_answer(answer)
    assert data["data"]["zs"] == 13
    assert [link.url for link in listservice.items(data, "http://sm.example/zwgk/")] == [
        "http://sm.example/zwgk/wz/7100.html", "http://sm.example/zwgk/wz/7101.html"]
    # a string that only looks like JSON stays as it was
    assert listservice.parse_answer('{"note": "[见附件]"}') == {"note": "[见附件]"}


def test_the_field_beside_a_size_like_sibling_is_probed_first() -> None:
    body = json.dumps({"lmbh": "gknb09", "zt": 1, "sfyx": 1, "dqy": 1, "mys": 5, "px": 1})
    probes = listservice.services_from_calls("http://sm.example/api/wzlb/cx", "POST", body, "application/json", [])
    assert probes[0].page_param == "dqy" and probes[0].dialect == "recorded-probe"
    assert json.loads(probes[0].request_args(3)["body"]) \
        == {"lmbh": "gknb09", "zt": 1, "sfyx": 1, "dqy": 3, "mys": 5, "px": 1}


@contextmanager
def double_site() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/":
                self.send(200, HOME)
            elif parts.path == "/xxgk/gknb/index.html":
                self.send(200, DOUBLE_SHELL)
            elif parts.path == "/api/wzlb/cx" and method == "POST":
                ask = json.loads(body or "{}")
                if ask.get("lmbh") != "gknb09" or not isinstance(ask.get("dqy"), int):
                    self.send(200, json.dumps({"code": 500, "data": "null"}), "application/json")
                    return
                n, size = ask["dqy"], ask.get("mys", PER_PAGE)
                # the service ignores fields it does not know: a probe of zt or px answers page 1 again
                inner = {"zs": len(ROWS), "jg": ROWS[(n - 1) * size: n * size]}
                self.send(200, json.dumps({"code": 200, "data": json.dumps(inner, ensure_ascii=False)},
                                          ensure_ascii=False), "application/json")
            elif parts.path.startswith("/zwgk/wz/"):
                row = next((r for r in ROWS if r["lj"] == parts.path), None)
                self.send(200, report_html(row["bt"], ROWS.index(row)) if row else "<h1>404</h1>")
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_a_list_paged_by_its_own_field_name_with_a_double_encoded_answer_is_walked() -> None:
    with double_site() as (base, log):
        items, _stats = run_crawl([base + "/"])
    expected = sorted(r["lj"] for r in ROWS if r["bt"].endswith("工作年度报告"))
    assert reports(items, base) == expected
    pages = sorted({json.loads(b)["dqy"] for m, p, b in log if m == "POST" and p == "/api/wzlb/cx"})
    assert pages[:3] == [1, 2, 3]
    taken = {i["url"].removeprefix(base) for i in items if i["type"] == "report"}
    assert not taken & {"/zwgk/wz/7099.html", "/zwgk/wz/7098.html"}
