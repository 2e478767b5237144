"""A portal of its own platform for the crawl bar: its column is built by script from a JSON service.

Written for the measurement (``scripts/measure_portals.py``) next to the red-team portals
(tests/files/redteam_portals: a county, a TRS and a Hanweb site), which have no such column.

- ``/`` names its disclosure page only in an ``onclick`` (``location.href='/openness/'``);
- ``/openness/annual`` is an empty ``<div id="annualBox">`` and a script that POSTs JSON
  ``{"channelCode": "ndbg", "pageIndex": N, "pageSize": 5}`` to ``/cms/api/article/page`` and
  writes the answer's items, keyed in pinyin (``{"zt": 0, "jg": {"lb": [{"bt", "ljdz", "fbrq"}]}}``);
  a page past the end answers an empty list;
- articles at ``/openness/annual/detail?id=N`` carry the report, or say 全文见附件 with a 下载
  link to its PDF; the column also lists a 解读, a 法治政府建设年度报告 and a 通知.

Reports come from demo.values / demo.render, so every cell value is known (``Report.cells``).
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from demo.sites.content import generated_report, text_pdf

PER_PAGE = 5


@dataclass
class Report:
    title: str
    year: int
    agency: str
    accept: set[str]
    how: str
    cells: dict[str, Any] | None = None


@dataclass
class Site:
    name: str
    dialect: str
    base: str = ""
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    lookalikes: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None

    @property
    def home(self) -> str:
        return self.base + "/"

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.pages[path] = (ctype, body.encode("utf-8") if isinstance(body, str) else body)


def _page(title: str, main: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}-岚山区人民政府</title>"
            "</head><body><div class='top'><span class='logo'>岚山区人民政府</span></div>"
            f"<div class='wrap'>{main}</div><div class='foot'>岚山区人民政府办公室 主办</div></body></html>")


COLUMN_SCRIPT = """<script>
var state = {pageIndex: 1};
function query() {
  var xhr = new XMLHttpRequest();
  xhr.open('POST', '/cms/api/article/page');
  xhr.setRequestHeader('Content-Type', 'application/json;charset=UTF-8');
  xhr.onload = function () {
    var d = JSON.parse(xhr.responseText), box = document.getElementById('annualBox'), out = '';
    for (var i = 0; i < d.jg.lb.length; i++) {
      var r = d.jg.lb[i];
      out += '<p class="art"><a href="' + r.ljdz + '">' + r.bt + '</a><i>' + r.fbrq + '</i></p>';
    }
    box.innerHTML = out;
  };
  xhr.send(JSON.stringify({channelCode: 'ndbg', pageIndex: state.pageIndex, pageSize: 5}));
}
function go(n) { state.pageIndex += n; if (state.pageIndex < 1) state.pageIndex = 1; query(); }
query();
</script>"""


def build_jsoncol(site: Site) -> None:
    site.put("/", _page("首页", "<div class='nav'><span onclick=\"location.href='/openness/'\">信息公开</span>"
                              "<span onclick=\"location.href='/news/'\">要闻动态</span></div>"))
    site.put("/news/", _page("要闻动态", "<p>岚山区召开全区经济工作会议</p>"))
    site.put("/openness/", _page("信息公开", "<ul><li><a href='/openness/guide'>政府信息公开指南</a></li>"
                                          "<li><a href='/openness/annual'>政府信息公开工作年度报告</a></li></ul>"))
    site.put("/openness/guide", _page("政府信息公开指南", "<p>本指南说明申请方式。</p>"))
    site.put("/openness/annual", _page("政府信息公开工作年度报告", (
        "<h3>政府信息公开工作年度报告</h3><div id='annualBox' class='art-lb'></div>"
        "<div class='pg'><a href='javascript:go(-1)'>上一页</a> <a href='javascript:go(1)'>下一页</a></div>"
        + COLUMN_SCRIPT)))
    n = 100
    specs = ((81, "岚山区人民政府", 2025, "html_table", "2026-01-16", "page"),
             (82, "岚山区发展和改革局", 2025, "html_word_gbk", "2026-01-23", "page"),
             (83, "岚山区人民政府", 2024, "html_split", "2025-01-17", "page"),
             (84, "岚山区住房和城乡建设局", 2024, "pdftotext_layout", "2025-01-24", "attachment"),
             (85, "岚山区人民政府", 2023, "html_flat_paragraphs", "2024-01-19", "page"),
             (86, "岚山区农业农村局", 2023, "pdftotext_layout", "2024-01-26", "attachment"),
             (87, "岚山区人民政府", 2022, "html_table", "2023-01-20", "page"),
             (88, "岚山区教育体育局", 2021, "html_table", "2022-01-21", "page"))
    for seed, agency, year, layout, date, how in specs:
        n += 1
        doc = generated_report(seed, "2021", agency, year, layout, date)
        if doc is None:
            continue
        path = f"/openness/annual/detail?id={n}"
        accept = {site.url(path)}
        if how == "attachment":
            pdf_path = f"/upload/{date[:4]}/{date[5:7]}/{seed}{n}.pdf"
            site.put(pdf_path, text_pdf(doc.attachment[0].decode("utf-8")), "application/pdf")
            body = (f"<p>{html.escape(doc.title)}全文见附件。</p>"
                    f"<p class='fj'><a href='{pdf_path}'>下载</a></p>")
            accept.add(site.url(pdf_path))
        else:
            body = doc.body_html
        site.put(path, _page(doc.title, f"<h1 class='bt'>{html.escape(doc.title)}</h1>"
                                        f"<div class='ly'>发布日期：{doc.published}</div>"
                                        f"<div class='nr'>{body}</div>"))
        site.reports.append(Report(doc.title, year, agency, accept, how, dict(doc.cells or {})))
        site.rows.append({"bt": doc.title, "ljdz": path, "fbrq": doc.published})
    for title, date, text in (
            ("岚山区2024年政府信息公开工作年度报告的解读", "2025-01-18", "现对报告解读如下：主动公开数量增长。"),
            ("岚山区2024年法治政府建设年度报告", "2025-03-02", "2024年，我区坚持依法行政。"),
            ("关于做好2023年政府信息公开工作年度报告编制工作的通知", "2023-12-08", "各单位：请按时编制年度报告。")):
        n += 1
        path = f"/openness/annual/detail?id={n}"
        site.put(path, _page(title, f"<h1 class='bt'>{html.escape(title)}</h1><div class='nr'><p>{text}</p></div>"))
        site.lookalikes.add(site.url(path))
        site.rows.append({"bt": title, "ljdz": path, "fbrq": date})
    site.rows.sort(key=lambda r: r["fbrq"], reverse=True)


def _answer(site: Site, body: bytes) -> bytes:
    try:
        req = json.loads(body.decode("utf-8") or "{}")
    except ValueError:
        return json.dumps({"zt": 1, "xx": "参数错误"}).encode()
    if req.get("channelCode") != "ndbg":
        return json.dumps({"zt": 0, "jg": {"lb": [], "zys": 0}}).encode()
    page, size = max(1, int(req.get("pageIndex", 1))), max(1, int(req.get("pageSize", PER_PAGE)))
    chunk = site.rows[(page - 1) * size: page * size]
    return json.dumps({"zt": 0, "jg": {"lb": chunk, "dqy": page}}, ensure_ascii=False).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, ctype: str, body: bytes, validators: bool = False) -> None:
        """Pages and files carry an ETag and Last-Modified, as the nginx in front of a CMS export
        sends them; a request that names the current ETag gets a 304."""
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if validators and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        if validators:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Mon, 20 Jan 2025 01:00:00 GMT")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        key = parts.path + ("?" + parts.query if parts.query else "")
        found = self.site.pages.get(key) or self.site.pages.get(parts.path)
        if parts.path == "/robots.txt":
            self._send(200, "text/plain", b"User-agent: *\nDisallow:\n")
        elif found is None:
            self._send(404, "text/html; charset=utf-8", "<h1>页面不存在</h1>".encode())
        else:
            self._send(200, *found, validators=True)

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if urlsplit(self.path).path == "/cms/api/article/page":
            self._send(200, "application/json;charset=UTF-8", _answer(self.site, body))
        else:
            self._send(405, "text/plain", b"")


def start_sites() -> list[Site]:
    site = Site("jsoncol", "own platform: column built by script from a POST JSON service keyed in pinyin")
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"site": site}))
    site.server = server
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    build_jsoncol(site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return [site]


def stop_sites(sites: list[Site]) -> None:
    for site in sites:
        if site.server is not None:
            site.server.shutdown()
            site.server.server_close()
