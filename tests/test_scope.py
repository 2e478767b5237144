"""The crawl's scope (crawler/scope.py, ScopeMiddleware): nothing is sent outside the site.

The crawl test runs the real `nianbao crawl` against a portal on 127.0.0.2 named www.portal.gov.cn
(a test resolver maps the names; no real DNS is asked). Its report links redirect to another host
(127.0.0.1, where a canary server counts requests), to localhost, to 169.254.169.254 (the cloud
metadata address), to a protocol-relative other host, and to a sibling host of the same domain
that resolves to a reserved address; one links a sibling host directly. Every one must be refused
before anything is sent, and recorded as an ``errors`` row naming where it led.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request

from crawler.middlewares import ScopeMiddleware
from crawler.scope import SiteScope, address_class, registrable_domain

ROOT = Path(__file__).resolve().parents[1]
REPORT = (ROOT / "tests" / "files" / "realdocs" / "pingtan_2023.html").read_bytes()


# -- the rules --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("host", "domain"), [
    ("kj.quanzhou.gov.cn", "quanzhou.gov.cn"), ("www.gov.cn", "www.gov.cn"), ("zwgk.fj.gov.cn", "fj.gov.cn"),
    ("a.b.com.cn", "b.com.cn"), ("WWW.Example.COM.", "example.com"), ("127.0.0.1", "127.0.0.1"),
    ("localhost", "localhost"), ("x.github.io", "x.github.io"),
])
def test_registrable_domain_follows_the_public_suffix_list(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("10.1.2.3", "private"), ("172.16.0.9", "private"), ("192.168.1.1", "private"), ("fd00::5", "private"),
    ("100.64.0.1", "private"), ("224.0.0.251", "multicast"), ("0.0.0.0", "reserved"),
    ("::ffff:169.254.169.254", "link-local"), ("202.96.128.86", "public"), ("example.com", "invalid"),
])
def test_address_classes(address: str, kind: str) -> None:
    assert address_class(address) == kind


def test_site_scope_hosts() -> None:
    scope = SiteScope.of("http://kj.quanzhou.gov.cn/xxgk/")
    assert scope.host_refusal("https://kj.quanzhou.gov.cn:8443/a.pdf") is None
    assert scope.host_refusal("http://files.quanzhou.gov.cn/a.pdf") is None  # sibling document host
    assert "outside the site" in scope.host_refusal("http://xm.gov.cn/")
    assert "outside the site" in scope.host_refusal("http://169.254.169.254/latest/meta-data/")
    assert "not http" in scope.host_refusal("file:///etc/passwd")
    assert "not http" in scope.host_refusal("ftp://kj.quanzhou.gov.cn/x")


def _refusal(start: str, url: str, hosts: dict[str, str], **meta: Any) -> str | None:
    async def resolve(host: str) -> str:
        return hosts[host]

    mw = ScopeMiddleware(resolve=resolve)
    return asyncio.run(mw.refusal(Request(url, meta={"site_url": start, **meta})))


def test_a_name_resolving_to_a_private_address_is_refused_unless_the_start_is_one() -> None:
    hosts = {"www.portal.gov.cn": "202.96.128.86", "files.portal.gov.cn": "10.0.0.7",
             "cdn.portal.gov.cn": "202.96.128.87", "meta.portal.gov.cn": "169.254.169.254"}
    start = "http://www.portal.gov.cn/"
    assert _refusal(start, "http://cdn.portal.gov.cn/a.pdf", hosts) is None
    assert "files.portal.gov.cn resolves to 10.0.0.7, a private address" in _refusal(
        start, "http://files.portal.gov.cn/a.pdf", hosts)
    assert "a link-local address" in _refusal(start, "http://meta.portal.gov.cn/", hosts)
    # A start URL on a private network (an intranet portal) may crawl its own network.
    hosts["www.portal.gov.cn"] = "10.0.0.2"
    assert _refusal(start, "http://files.portal.gov.cn/a.pdf", hosts) is None
    assert "a link-local address" in _refusal(start, "http://meta.portal.gov.cn/", hosts)


# -- a crawl ----------------------------------------------------------------------------------------
@contextmanager
def _server(host: str, routes: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[tuple[int, list[str]]]:
    """Serve ``routes`` (path → status, headers, body) on ``host``; yields (port, paths requested)."""
    log: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            log.append(self.path)
            status, headers, body = routes.get(self.path, (404, {}, b"not here"))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], log
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    work = tmp_path_factory.mktemp("scope")
    with _server("127.0.0.1", {}) as (canary, canary_log):
        targets = {
            "r1": f"http://127.0.0.1:{canary}/other-host",
            "r2": f"http://localhost:{canary}/localhost",
            "r3": "http://169.254.169.254/latest/meta-data/",
            "r4": f"//evil.example.com:{canary}/protocol-relative",
            "r5": f"http://files.portal.gov.cn:{canary}/reserved.pdf",
        }
        routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            f"/xxgk/{name}.html": (302, {"Location": url}, b"") for name, url in targets.items()}
        items = [f'<li><a href="/xxgk/{name}.html">平潭综合实验区{2018 - i}年政府信息公开工作年度报告</a></li>'
                 for i, name in enumerate(targets)]
        items.append('<li><a href="/xxgk/ok.html">平潭综合实验区2023年政府信息公开工作年度报告</a></li>')
        column = ("<html><head><title>政府信息公开年报</title></head><body><ul>" + "".join(items)
                  + "</ul></body></html>").encode()
        routes["/xxgk/ndbg/"] = (200, {"Content-Type": "text/html; charset=utf-8"}, column)
        routes["/xxgk/ok.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, REPORT)
        with _server("127.0.0.2", routes) as (port, portal_log):
            # A sibling document host, linked directly (the spider follows it: same domain and port).
            column = column.replace(b"</ul>", f'<li><a href="http://files.portal.gov.cn:{port}/2012.pdf">'
                                    f'平潭综合实验区2012年政府信息公开工作年度报告.pdf</a></li></ul>'.encode())
            routes["/xxgk/ndbg/"] = (200, {"Content-Type": "text/html; charset=utf-8"}, column)
            start = f"http://www.portal.gov.cn:{port}/xxgk/ndbg/"
            hosts = {"www.portal.gov.cn": "127.0.0.2", "files.portal.gov.cn": "0.0.0.0",
                     "evil.example.com": "127.0.0.1", "localhost": "127.0.0.1"}
            # A home of its own: the crawl must write nothing there (no remote-control job files, no
            # tldextract cache), only into its data directory (the db, warc/, logs/).
            (work / "home").mkdir()
            env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TLDEXTRACT"))}
            env.update({"PYTHONPATH": str(ROOT), "NIANBAO_TEST_HOSTS": json.dumps(hosts), "HOME": str(work / "home")})
            cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--start-url", start, "--db", "archive.db",
                   "-s", "NIANBAO_WARC_DIR=warc", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                   "-s", "TWISTED_DNS_RESOLVER=tests.map_resolver.MapResolver", "-s", "RETRY_ENABLED=False"]
            proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=120, check=False)
    con = sqlite3.connect(work / "archive.db")
    con.row_factory = sqlite3.Row
    yield {"proc": proc, "con": con, "targets": targets, "canary_log": canary_log, "portal_log": portal_log,
           "start": start, "port": port, "canary": canary, "work": work}
    con.close()


def test_nothing_is_sent_outside_the_site(crawl: dict[str, Any]) -> None:
    assert crawl["proc"].returncode in (0, 3), crawl["proc"].stderr[-3000:]
    assert crawl["canary_log"] == []
    # Every request the downloader sent reached the portal: none went to 169.254.169.254 either.
    run = json.loads(crawl["con"].execute("select stats from crawl_runs").fetchone()[0])
    assert run["requests"] == len(crawl["portal_log"]) > 0
    urls = [r[0] for r in crawl["con"].execute("select url from documents")]
    assert urls and all(u.startswith(f"http://www.portal.gov.cn:{crawl['port']}/") for u in urls)


def test_the_crawl_writes_only_into_its_data_directory(crawl: dict[str, Any]) -> None:
    work = crawl["work"]
    assert [p for p in (work / "home").rglob("*")] == []
    top = {p.name for p in work.iterdir()} - {"home"}
    dbs = {f"{name}{suffix}" for name in ("archive.db", "archive-text.db") for suffix in ("", "-wal", "-shm")}
    assert top <= dbs | {"warc", "logs"}, top
    (log,) = (work / "logs").glob("crawl-*.log")
    assert "Spider closed (finished)" in log.read_text(encoding="utf-8")
    # the console had the start line and the summary, not Scrapy's log
    assert "Spider closed" not in crawl["proc"].stderr and "started: 1 start URL(s)" in crawl["proc"].stderr


def test_each_refusal_is_an_errors_row_naming_its_target(crawl: dict[str, Any]) -> None:
    base = f"http://www.portal.gov.cn:{crawl['port']}/xxgk/"
    errors = {r["url"]: r["reason"] for r in crawl["con"].execute("select url, reason from errors")}
    canary = crawl["canary"]
    expected = {
        "r1": f"to http://127.0.0.1:{canary}/other-host: host 127.0.0.1 is outside the site",
        "r2": f"to http://localhost:{canary}/localhost: host localhost is outside the site",
        "r3": "to http://169.254.169.254/latest/meta-data/: host 169.254.169.254 is outside the site",
        "r4": f"to http://evil.example.com:{canary}/protocol-relative: host evil.example.com is outside",
        "r5": "files.portal.gov.cn resolves to 0.0.0.0, a reserved address",
    }
    for name, text in expected.items():
        reason = errors.get(f"{base}{name}.html", "")
        assert reason.startswith(f"out of scope: redirect from {base}{name}.html"), (name, errors)
        assert text in reason, (name, reason)
    direct = errors.get(f"http://files.portal.gov.cn:{crawl['port']}/2012.pdf", "")
    assert direct.startswith("out of scope: http://files.portal.gov.cn") and "a reserved address" in direct
    # The one report in scope was read.
    assert crawl["con"].execute("select count(*) from reports").fetchone()[0] == 1


# -- the archive serves only what was in scope -------------------------------------------------------
def test_the_archive_never_serves_a_document_fetched_out_of_scope(tmp_path: Path) -> None:
    """An archive from before scopes may hold the metadata service's answer: /-/archive/ refuses it."""
    from datasette.app import Datasette

    from crawler.archive import WarcArchive, sha256_hex
    from crawler.db import Store
    from crawler.publish.metadata import build_metadata

    store, warc = Store(tmp_path / "archive.db"), WarcArchive(tmp_path / "warc")
    bodies = {"http://www.a.gov.cn/xxgk/ndbg/": b"<html>column</html>",
              "http://files.a.gov.cn/2023.pdf": b"%PDF-1.4 sibling host",
              "http://169.254.169.254/latest/meta-data/iam": b"secret-token"}
    for url, body in bodies.items():
        w = warc.write_exchange(url=url, status=200, response_headers=[("Content-Type", "text/plain")], body=body)
        store.record_fetch({"url": url, "sha256": sha256_hex(body), "fetched_at": "2026-01-05T08:00:00Z",
                            "status": 200, "content_type": "text/plain", "length": len(body), "kind": "report",
                            "site": "www.a.gov.cn", "warc_file": w.warc_file, "warc_offset": w.warc_offset,
                            "warc_length": w.warc_length, "warc_record_id": w.record_id})
    warc.close()
    store.close()
    ds = Datasette([str(tmp_path / "archive.db")], metadata=build_metadata("archive", warc_dir=tmp_path / "warc"))

    async def get(body: bytes) -> Any:
        return await ds.client.get(f"/-/archive/{sha256_hex(body)}")

    for url, body in bodies.items():
        resp = asyncio.run(get(body))
        if "169.254" in url:
            assert resp.status_code == 404 and b"secret" not in resp.content
        else:
            assert resp.status_code == 200 and resp.content == body, url
