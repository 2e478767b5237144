"""A real Fujian portal (平潭, tests/files/realportal/pingtan): its column is half static HTML, half
``list2.trsapi`` filled from ``/fjdzapp/search``. Served on 127.0.0.1 with a stand-in list service
answering in the platform's shape (POST form: channelid, classsql, page, prepage; JSON ``data``
of documents with ``doctitle`` / ``docpuburl`` / ``docreltime``), the crawl finds all 19 reports
and not the 函 among them, and never starts a browser.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from crawler.dialects import fjdzapp
from tests.scrapy_helpers import run_crawl

HERE = Path(__file__).parent / "files" / "realportal" / "pingtan"
COLUMN = "/zwgk/zfxxgk/zfxxgknb/"
REAL_REPORT = COLUMN + "202503/t20250310_97791.htm"
REAL_TITLE = "平潭综合实验区2024年度政府信息公开工作年度报告"
# The column's 20 items, newest first: 10 on the static page, 10 only in the list service.
STATIC = [(f"平潭综合实验区{y}年度政府信息公开工作年度报告", href) for y, href in (
    (2025, "202603/t20260313_105587.htm"), (2024, "202503/t20250310_97791.htm"),
    (2023, "202403/t20240308_87885.htm"), (2022, "202302/t20230220_80629.htm"),
    (2021, "202202/t20220208_80613.htm"), (2020, "202103/t20210305_80595.htm"),
    (2019, "202001/t20200120_80576.htm"), (2018, "201901/t20190110_80529.htm"),
    (2017, "201801/t20180123_80506.htm"), (2016, "201701/t20170118_80485.htm"))]
DYNAMIC = [
    ("平潭综合实验区2015年度政府信息公开工作年度报告", "201603/t20160325_80471.htm"),
    ("平潭综合实验区管委会办公室2015年政府信息公开工作年度报告", "201603/t20160318_80468.htm"),
    ("平潭综合实验区2014年度政府信息公开工作年度报告", "201503/t20150327_80452.htm"),
    ("关于2014年政府信息公开工作要点落实情况的函", "201409/t20140912_80440.htm"),
    ("平潭综合实验区管委会办公室2014年政府信息公开工作年度报告", "201503/t20150320_80449.htm"),
    ("平潭综合实验区2013年度政府信息公开工作年度报告", "201403/t20140328_80431.htm"),
    ("平潭综合实验区管委会办公室2013年政府信息公开工作年度报告", "201403/t20140321_80428.htm"),
    ("平潭综合实验区2012年度政府信息公开工作年度报告", "201303/t20130329_80410.htm"),
    ("平潭综合实验区2011年度政府信息公开工作年度报告", "201203/t20120330_80395.htm"),
    ("平潭综合实验区2011年政府信息公开工作年度报告（补充）", "201204/t20120410_80399.htm"),
]
LETTER = "关于2014年政府信息公开工作要点落实情况的函"


def _routes() -> dict[str, bytes]:
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    routes = {path: (HERE / entry["file"]).read_bytes() for path, entry in manifest["routes"].items()}
    report = routes[REAL_REPORT].decode("utf-8")
    for title, href in STATIC + DYNAMIC:
        path = COLUMN + href
        if path == REAL_REPORT:
            continue
        if title == LETTER:
            body = (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='TRS_Editor'>"
                    "<p>区直各单位：现将2014年政府信息公开工作要点落实情况函告如下，请抓好落实。</p></div></body></html>")
            routes[path] = body.encode("utf-8")
        else:  # the real report page, retitled: a page of the same platform and shape
            routes[path] = report.replace(REAL_TITLE, title).encode("utf-8")
    return routes


def _search_answer(form: dict[str, str], base: str) -> dict[str, Any]:
    """/fjdzapp/search as the platform answers: the page's documents and the counts."""
    docs = STATIC + DYNAMIC
    if form.get("classsql") != "chnlid=1813" or not form.get("channelid"):
        return {"data": [], "total": 0, "pageCount": 0}
    page, per = int(form.get("page", "1")), int(form.get("prepage", "10"))
    chunk = docs[(page - 1) * per: page * per]
    return {"page": page, "pageCount": -(-len(docs) // per), "total": len(docs),
            "data": [{"doctitle": t, "docpuburl": f"{base}{COLUMN}{h}", "chnldocurl": f"{COLUMN}{h}",
                      "docreltime": f"20{h[2:4]}-{h[4:6]}-01 09:00:00"} for t, h in chunk]}


@contextmanager
def pingtan_server() -> Iterator[tuple[str, list[tuple[str, str, dict[str, str]]]]]:
    routes = _routes()
    log: list[tuple[str, str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the portal's nginx: a closed pooled connection fails a POST

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's API
            log.append(("GET", self.path, {}))
            body = routes.get(self.path.split("?")[0])
            if body is None:
                self._send(404, b"not found", "text/html")
            else:
                self._send(200, body, "text/html; charset=utf-8")

        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
            form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
            log.append(("POST", self.path, form))
            if self.path.split("?")[0] != fjdzapp.SEARCH_PATH:
                self._send(405, b"", "text/plain")
                return
            answer = _search_answer(form, f"http://127.0.0.1:{self.server.server_address[1]}")
            self._send(200, json.dumps(answer, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


def test_the_fujian_dialect_reads_the_real_column_call() -> None:
    html = (HERE / "zwgk__zfxxgk__zfxxgknb__index.html").read_text(encoding="utf-8")
    [service] = fjdzapp.services("https://www.pingtan.gov.cn" + COLUMN, html)
    assert service.url == "https://www.pingtan.gov.cn/fjdzapp/search" and service.method == "POST"
    assert service.params == {"channelid": "200210", "classsql": "chnlid=1813",
                              "sortfield": "-docorderpri,-docreltime", "prepage": "10", "page": "1"}
    assert "page=2" in service.request_args(2)["body"]


def test_all_19_reports_found_and_the_letter_is_not() -> None:
    with pingtan_server() as (base, log):
        items, stats = run_crawl([base + "/zwgk/"])
    found = {i["url"].removeprefix(base + COLUMN) for i in items if i["type"] == "report"}
    want = {h for t, h in STATIC + DYNAMIC if t != LETTER}
    assert len(want) == 19
    assert found == want
    letter_href = next(h for t, h in DYNAMIC if t == LETTER)
    assert not any(path.endswith(letter_href) for _m, path, _f in log)
    posts = [f for m, p, f in log if m == "POST"]
    assert [f["page"] for f in posts] == ["1", "2"]  # paged until the service ran out
    assert all(f["channelid"] == "200210" and f["classsql"] == "chnlid=1813" for f in posts)
    assert "nianbao/browser_started" not in stats  # a dialect knew the service: no browser
