"""A demo government web: a province portal, its departments, cities with their departments and
counties, each on its own host name, plus a newspaper, a bank and a company among their links.

Every site is served by one HTTP server on 127.0.0.1 that answers by the ``Host`` header; the
crawler reaches the host names through ``-s NIANBAO_HOSTS=…`` (:mod:`crawler.hosts`), so links,
host names and domain rules look as they do on the real web (``*.gov.cn`` for governments, other
domains for the rest). Each agency's site has a 政务公开 page, a 政府信息公开年报 column and one
generated 2021-form report whose cells are known (:mod:`demo.sites.content`), so a crawl of the
discovered sources file can be checked report by report.

A tree is data (:class:`SiteSpec`); the directory markup varies by site (a box with an ``<h3>``,
a ``<dl>``, a ``<select>`` whose first option names the group, a ``<table>`` with ``<th>``), as real
portals vary.

    python -m demo.govweb --port 9300      # prints the NIANBAO_HOSTS value and the start URL
"""

from __future__ import annotations

import argparse
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from demo.sites.base import Resource, Site, esc
from demo.sites.common import add_robots, generated


@dataclass
class Group:
    """A group of links on a directory page: its heading, its markup, its (label, host) links."""

    heading: str
    links: list[tuple[str, str]]
    style: str = "box"  # box | dl | select | table


@dataclass
class SiteSpec:
    """One site of the tree: its host, its <title>, and what its home and directory pages list."""

    host: str
    title: str
    agency: str | None = None  # the agency it is (None: not an agency) — what discovery must find
    parent: str | None = None  # the agency whose directory lists it
    place: tuple[str | None, str | None, str | None] = (None, None, None)
    home_groups: list[Group] = field(default_factory=list)
    directory: dict[str, list[Group]] = field(default_factory=dict)  # link text → groups on that page
    report: bool = True  # agencies publish one report
    seed: int = 0
    home_html: str = ""  # more markup for the home page, as is ("{port}" is replaced by the port)
    pages_html: dict[str, str] = field(default_factory=dict)  # path → page body, as is ("{port}" too)
    status: int = 200  # every page answers this (a site that is down: 503)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # path → (content type, body as is)
    home_path: str = "/"  # where the home page is (a site whose root redirects to /index.html or /sub/)
    redirects: dict[str, str] = field(default_factory=dict)  # path → where it 301s ("{port}" is replaced)


def _page(title: str, site_name: str, main: str) -> str:
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title></head><body>"
            f"<header><a href=\"/\">{esc(site_name)}</a><nav><a href=\"/\">首页</a> "
            "<a href=\"/zwgk/index.html\">政务公开</a></nav></header>"
            f"<main>{main}</main><footer>版权所有：{esc(site_name)}（演示站点）</footer></body></html>")


def render_group(group: Group, port: int) -> str:
    def url(host: str) -> str:
        return f"http://{host}:{port}/"

    h = esc(group.heading)
    if group.style == "dl":
        items = "".join(f'<dd><a href="{url(host)}" target="_blank">{esc(label)}</a></dd>' for label, host in group.links)
        return f"<dl class=\"links\"><dt>{h}</dt>{items}</dl>"
    if group.style == "select":
        options = "".join(f'<option value="{url(host)}">{esc(label)}</option>' for label, host in group.links)
        return f'<select onchange="window.open(this.value)"><option value="">{h}</option>{options}</select>'
    if group.style == "table":
        cells = "".join(f'<td><a href="{url(host)}">{esc(label)}</a></td>' for label, host in group.links)
        return f"<table class=\"nav\"><tr><th>{h}</th></tr><tr>{cells}</tr></table>"
    items = "".join(f'<li><a href="{url(host)}">{esc(label)}</a></li>' for label, host in group.links)
    return f'<div class="box"><div class="box-title"><span>{h}</span></div><ul>{items}</ul></div>'


def build_site(spec: SiteSpec, port: int) -> Site:
    """The site's pages: home (with its groups and directory links), 政务公开, the column, the report."""
    name = spec.agency or spec.title
    site = Site(spec.host, name, "utf-8", province=spec.place[0] or "", city=spec.place[1], county=spec.place[2])
    add_robots(site)
    nav = "".join(f'<a href="/dir/{i}/index.html">{esc(text)}</a> ' for i, text in enumerate(spec.directory))
    groups = "".join(render_group(g, port) for g in spec.home_groups)
    raw = spec.home_html.replace("{port}", str(port))
    site.add(spec.home_path, _page(spec.title, name,
                                   f'<div class="menu">{nav}</div><div class="news">要闻动态</div>{groups}{raw}'))
    for path, body in spec.pages_html.items():
        site.add(path, _page(f"{name}", name, body.replace("{port}", str(port))))
    for path, (content_type, body) in spec.files.items():  # scripts, JSON, whole pages of a site in a folder
        site.add(path, body.replace("{port}", str(port)), content_type)
    for i, (text, page_groups) in enumerate(spec.directory.items()):
        body = "".join(render_group(g, port) for g in page_groups)
        site.add(f"/dir/{i}/index.html", _page(f"{text}-{name}", name, f"<h2>{esc(text)}</h2>{body}"))
    if not spec.report or spec.agency is None:
        return site
    site.add("/zwgk/index.html", _page(f"政务公开-{name}", name,
                                       '<ul><li><a href="/zwgk/xxgknb/index.html">政府信息公开年报</a></li></ul>'))
    doc = generated(spec.seed, "2021", spec.agency, 2024, "html_table", "2025-01-20")
    if doc is None:
        return site
    path = "/zwgk/xxgknb/2025/0120/1.html"
    site.add("/zwgk/xxgknb/index.html", _page(f"政府信息公开年报-{name}", name, (
        f'<h2>政府信息公开年报</h2><ul class="news-list"><li><a href="{path}">{esc(doc.title)}</a>'
        '<span>2025-01-20</span></li></ul>')))
    site.add(path, _page(doc.title, name, (
        f'<article><h1>{esc(doc.title)}</h1><div class="meta">发布时间：2025-01-20　来源：{esc(spec.agency)}</div>'
        f'<div class="article-content">{doc.body_html}</div></article>')), modified="2025-01-20")
    site.reports.append(doc.expected(path) | {"host": spec.host})
    return site


def demo_tree() -> list[SiteSpec]:
    """The tree the tests run on: 宁夏回族自治区 with two cities (real place names, made-up sites)."""
    nx = ("宁夏回族自治区", None, None)
    yc = ("宁夏回族自治区", "银川市", None)
    szs = ("宁夏回族自治区", "石嘴山市", None)
    province = "宁夏回族自治区人民政府"
    return [
        SiteSpec("www.nxdemo.gov.cn", "宁夏回族自治区人民政府门户网站", province, None, nx, seed=61,
                 home_groups=[Group("友情链接", [("中国政府网", "www.gov-demo.cn"), ("宁夏日报", "www.nxrb-demo.com.cn")],
                                    "select")],
                 directory={"政府网站导航": [
                     Group("自治区政府部门网站", [("教育厅", "jyt.nxdemo.gov.cn"), ("科学技术厅", "kjt.nxdemo.gov.cn")]),
                     Group("设区市政府网站", [("银川市", "www.ycdemo.gov.cn"), ("石嘴山市", "www.szsdemo.gov.cn")], "table"),
                     Group("国务院部门网站", [("国家统计局", "www.stats-demo.gov.cn")]),
                     Group("新闻媒体", [("宁夏新闻网", "www.nxnews-demo.net")]),
                 ]}),
        SiteSpec("jyt.nxdemo.gov.cn", "宁夏回族自治区教育厅", "宁夏回族自治区教育厅", province, nx, seed=62),
        SiteSpec("kjt.nxdemo.gov.cn", "首页 - 科学技术厅", "宁夏回族自治区科学技术厅", province, nx, seed=63),
        SiteSpec("www.ycdemo.gov.cn", "银川市人民政府", "银川市人民政府", province, yc, seed=64,
                 home_groups=[Group("县（市、区）政府网站", [("灵武市", "www.lwdemo.gov.cn"), ("永宁县", "www.yndemo.gov.cn")],
                                    "select")],
                 directory={"部门网站": [
                     Group("市政府工作部门", [("市教育局", "jyj.ycdemo.gov.cn"), ("银川市民政局", "mzj.ycdemo.gov.cn"),
                                            ("智慧银川", "www.zhyc-demo.com")], "dl"),
                     Group("合作银行", [("宁夏银行", "www.nxbank-demo.com")], "dl"),
                 ]}),
        SiteSpec("jyj.ycdemo.gov.cn", "银川市教育局门户网站", "银川市教育局", "银川市人民政府", yc, seed=65),
        SiteSpec("mzj.ycdemo.gov.cn", "欢迎访问银川市民政局", "银川市民政局", "银川市人民政府", yc, seed=66),
        SiteSpec("www.lwdemo.gov.cn", "灵武市人民政府", "灵武市人民政府", "银川市人民政府",
                 ("宁夏回族自治区", "银川市", "灵武市"), seed=67,
                 home_groups=[Group("上级政府", [("宁夏回族自治区人民政府", "www.nxdemo.gov.cn")])]),
        SiteSpec("www.yndemo.gov.cn", "永宁县政府网", "永宁县人民政府", "银川市人民政府",
                 ("宁夏回族自治区", "银川市", "永宁县"), seed=68),
        SiteSpec("www.szsdemo.gov.cn", "石嘴山市人民政府门户网站", "石嘴山市人民政府", province, szs, seed=69,
                 home_groups=[Group("市直部门", [("科技局", "kjj.szsdemo.gov.cn")], "dl"),
                              Group("县区政府", [("平罗县", "www.pldemo.gov.cn"), ("大武口区", "www.dwkdemo.gov.cn")], "dl")]),
        SiteSpec("kjj.szsdemo.gov.cn", "石嘴山市科学技术局", "石嘴山市科学技术局", "石嘴山市人民政府", szs, seed=70),
        SiteSpec("www.pldemo.gov.cn", "平罗县人民政府", "平罗县人民政府", "石嘴山市人民政府",
                 ("宁夏回族自治区", "石嘴山市", "平罗县"), seed=71),
        SiteSpec("www.dwkdemo.gov.cn", "大武口区人民政府网站", "石嘴山市大武口区人民政府", "石嘴山市人民政府",
                 ("宁夏回族自治区", "石嘴山市", "大武口区"), seed=72),
        # Not agencies: a national portal and a national bureau (levels above), media, banks, a company.
        SiteSpec("www.gov-demo.cn", "中国政府网_中央人民政府门户网站", None, report=False),
        SiteSpec("www.stats-demo.gov.cn", "国家统计局", None, report=False),
        SiteSpec("www.nxrb-demo.com.cn", "宁夏日报数字报", None, report=False),
        SiteSpec("www.nxnews-demo.net", "宁夏新闻网", None, report=False),
        SiteSpec("www.nxbank-demo.com", "宁夏银行", None, report=False),
        SiteSpec("www.zhyc-demo.com", "智慧银川-银川智慧城市科技有限公司", None, report=False),
    ]


class GovWeb:
    """The running tree: one server, one site per Host header."""

    def __init__(self, specs: list[SiteSpec], host: str = "127.0.0.1", port: int = 0) -> None:
        self.specs = specs
        handler = type("GovWebHandler", (_Handler,), {"web": self})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.sites = {s.host: build_site(s, self.port) for s in specs}
        self.by_host = {s.host: s for s in specs}
        self.requests: list[tuple[str, str]] = []  # (host, path) as asked, for the tests
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> GovWeb:
        self._thread = threading.Thread(target=self.server.serve_forever, name="demo-govweb", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> GovWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def hosts_setting(self) -> str:
        """The NIANBAO_HOSTS value sending every host of the tree to this server."""
        return ",".join(f"{h}={self.server.server_address[0]}" for h in self.sites)

    def url(self, host: str) -> str:
        return f"http://{host}:{self.port}/"

    def agencies(self) -> list[SiteSpec]:
        return [s for s in self.specs if s.agency]

    def expected_reports(self) -> list[dict[str, Any]]:
        out = []
        for site in self.sites.values():
            for rep in site.reports:
                base = f"http://{rep['host']}:{self.port}"
                out.append(rep | {"url": base + rep["url"], "document_url": base + rep["document_url"]})
        return out


class _Handler(BaseHTTPRequestHandler):
    web: GovWeb
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve()

    def _serve(self, head: bool = False) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        path = urlsplit(self.path).path or "/"
        with self.web._lock:
            self.web.requests.append((host, path))
        site = self.web.sites.get(host)
        spec = self.web.by_host.get(host)
        if spec is not None and spec.status != 200:
            self._send(spec.status, b"<html><body>Service Unavailable</body></html>", "text/html", head=head)
            return
        target = (spec.redirects.get(self.path) or spec.redirects.get(path)) if spec is not None else None
        if target:  # with its query first: /go.jsp?id=31
            self.send_response(301)
            self.send_header("Location", target.replace("{port}", str(self.web.port)))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        res: Resource | None = (site.pages.get(self.path) or site.pages.get(path)) if site else None  # with its query first
        if res is None:
            self._send(404, b"<html><head><title>404</title></head><body>404</body></html>", "text/html", head=head)
            return
        if self.headers.get("If-None-Match") == res.etag:
            self.send_response(304)
            self.send_header("ETag", res.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(200, res.body, res.content_type, head=head,
                   extra={"ETag": res.etag, "Last-Modified": res.last_modified_http})

    def _send(self, status: int, body: bytes, ctype: str, *, head: bool = False,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)


def serve_until_interrupted(specs: list[SiteSpec], start_host: str, port: int = 0) -> None:
    """Serve a demo web by hand (``python -m demo.<web>``): print its start URL and the settings a
    crawl or discovery needs to reach its hosts, then serve until Ctrl-C."""
    with GovWeb(specs, port=port) as web:
        print(f"start URL: {web.url(start_host)}")
        print(f"-s TWISTED_DNS_RESOLVER=crawler.hosts.HostsResolver -s NIANBAO_HOSTS={web.hosts_setting}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    specs = demo_tree()
    serve_until_interrupted(specs, specs[0].host, args.port)


if __name__ == "__main__":
    main()
