"""The embedded demo portal: three government sites on 127.0.0.1, one port each.

Why three ports: the spider stays on its start URL's site, and each site speaks its own CMS
dialect (TRS ``createPageHTML`` paging, Hanweb jpage + dataproxy.jsp in GBK, plain next links).
All pages are built in memory at start-up (see ``demo/sites``); every static page carries an
ETag and a Last-Modified and answers conditional requests with 304, as the nightly re-crawl
expects. One report page answers 500 once per started portal, then 200; one list link is a 404;
robots.txt forbids /private/.

    python -m demo.portal --port 8100     # TRS on 8100, Hanweb on 8101, plain on 8102
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import yaml

from demo.sites import SITE_KEYS, Site, build_sites
from demo.sites.hanweb import DATAPROXY, datastore

NOT_FOUND = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head>"
             "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p></body></html>").encode()
SERVER_ERROR = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>500</title></head>"
                "<body><h1>500 Internal Server Error</h1><p>服务器繁忙，请稍后再试。</p></body></html>").encode()


class Portal:
    """The running portal: one HTTP server per site, each serving from its own thread."""

    def __init__(self, sites: Mapping[str, Site], host: str, port: int = 0) -> None:
        self.sites = dict(sites)
        self.host = host
        self._failed: set[tuple[str, str]] = set()  # flaky paths that already answered 500
        self._lock = threading.Lock()
        self.servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self.base_urls: dict[str, str] = {}
        try:
            for i, key in enumerate(self.sites if set(self.sites) != set(SITE_KEYS) else SITE_KEYS):
                handler = type(f"{key.title()}Handler", (_Handler,), {"site": self.sites[key], "portal": self})
                server = ThreadingHTTPServer((host, port + i if port else 0), handler)
                server.daemon_threads = True
                self.servers[key] = server
                self.base_urls[key] = f"http://{host}:{server.server_address[1]}"
        except OSError:
            self._close()
            raise

    def start(self) -> Portal:
        for key, server in self.servers.items():
            t = threading.Thread(target=server.serve_forever, name=f"demo-portal-{key}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        """Shut every site down and free its port."""
        for server in self.servers.values():
            server.shutdown()
        self._close()
        for t in self._threads:
            t.join(timeout=5)
        _RUNNING.discard(self)

    def _close(self) -> None:
        for server in self.servers.values():
            server.server_close()

    def first_failure(self, site: str, path: str) -> bool:
        """True the first time a flaky path is asked for on this portal (that answer is a 500)."""
        with self._lock:
            if (site, path) in self._failed:
                return False
            self._failed.add((site, path))
            return True

    def expected_reports(self) -> list[dict[str, Any]]:
        return _reports(self.sites, self.base_urls)

    def __enter__(self) -> Portal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


_RUNNING: set[Portal] = set()


def start_portal(host: str = "127.0.0.1", port: int = 0) -> tuple[Portal, dict[str, str]]:
    """Start the three sites in background threads; returns the portal and {site: base URL}.

    ``port=0`` picks free ports (tests); ``port=N`` uses N, N+1, N+2 for trs, hanweb, plain.
    """
    portal = Portal(build_sites(), host, port).start()
    _RUNNING.add(portal)
    return portal, dict(portal.base_urls)


def stop_portal(portal: Portal) -> None:
    """Stop a portal started by :func:`start_portal`."""
    portal.stop()


def _reports(sites: Mapping[str, Site], base_urls: Mapping[str, str]) -> list[dict[str, Any]]:
    out = []
    for key, base in base_urls.items():
        for rep in sites[key].reports:
            r = dict(rep)
            r["url"] = base + rep["url"]
            r["document_url"] = base + rep["document_url"]
            r["site_url"] = base + "/"
            out.append(r)
    return out


def expected_reports(base_url: str | Mapping[str, str]) -> list[dict[str, Any]]:
    """What the crawl should find: one dict per report the portal serves, URLs absolute.

    ``base_url`` is the {site: base URL} map :func:`start_portal` returned (every report), or one
    site's base URL (that site's reports). Keys: url, document_url, title, agency, year,
    published_date, form_version, kind, site; generated reports add cells, layout, break_rule and
    rules_broken (the (rule, scope) pairs that must fail). Reports behind robots.txt or a 404 are
    not listed: they are not served.
    """
    sites = build_sites()
    if isinstance(base_url, Mapping):
        return _reports(sites, base_url)
    base = base_url.rstrip("/")
    for portal in list(_RUNNING):
        for key, b in portal.base_urls.items():
            if b == base:
                return _reports(sites, {key: base})
    raise ValueError(f"{base_url} is not a running demo site; pass the base_urls map instead")


def sources_yaml(base_urls: Mapping[str, str]) -> str:
    """The sources file for the running portal (data/sources.yaml format: a top-level agencies list)."""
    sites = build_sites()
    agencies = []
    for key, base in base_urls.items():
        s = sites[key]
        agencies.append({"name": s.name, "province": s.province, "city": s.city, "county": s.county,
                         "start_urls": [base + "/"], "verified": True})
    return yaml.safe_dump({"agencies": agencies}, allow_unicode=True, sort_keys=False)


def write_sources(base_urls: Mapping[str, str], path: str | Path) -> Path:
    """Write :func:`sources_yaml` to ``path`` for `nianbao crawl --sources`."""
    p = Path(path)
    p.write_text(sources_yaml(base_urls), encoding="utf-8")
    return p


class _Handler(BaseHTTPRequestHandler):
    """Serves one site's static pages plus its dynamic bits (dataproxy, the flaky page)."""

    site: Site
    portal: Portal
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        if parts.path == DATAPROXY and self.site.jpage:
            self._dataproxy(parts.query, body)
        elif parts.path in self.site.answers:
            self._answer(parts.path, parts.query, body)
        else:
            self._send(405, b"Method Not Allowed", "text/plain; charset=utf-8")

    def _serve(self, head: bool = False) -> None:
        parts = urlsplit(self.path)
        path = parts.path or "/"
        if path == DATAPROXY and self.site.jpage:
            self._dataproxy(parts.query, b"", head=head)
            return
        if path in self.site.answers:
            self._answer(path, parts.query, b"", head=head)
            return
        if path in self.site.redirects:
            target = self.site.redirects[path](dict(parse_qsl(parts.query, keep_blank_values=True)))
            if target:
                self._send(302, b"", "text/html; charset=utf-8", head=head, headers={"Location": target})
                return
        res = self._stored(path, parts.query) if parts.query else None
        res = res or self.site.pages.get(path)
        if res is None:
            self._send(404, NOT_FOUND, "text/html; charset=utf-8", head=head)
            return
        if path in self.site.flaky and self.portal.first_failure(self.site.key, path):
            self._send(500, SERVER_ERROR, "text/html; charset=utf-8", head=head)
            return
        validators = {"ETag": res.etag, "Last-Modified": res.last_modified_http}
        if self._not_modified(res.etag, res.last_modified):
            self.send_response(304)
            for k, v in validators.items():
                self.send_header(k, v)
            self.end_headers()
            return
        self._send(200, res.body, res.content_type, head=head, headers={**validators, **res.headers})

    def _stored(self, path: str, query: str) -> Any:
        """The page stored for ``path?query``, its fields in any order (links write them as they like)."""
        res = self.site.pages.get(f"{path}?{query}")
        if res is None:
            fields = sorted(parse_qsl(query, keep_blank_values=True))
            res = next((r for key, r in self.site.pages.items() if key.startswith(path + "?")
                        and sorted(parse_qsl(key.split("?", 1)[1], keep_blank_values=True)) == fields), None)
        return res

    def _answer(self, path: str, query: str, body: bytes, head: bool = False) -> None:
        """A list service: its fields (query, form or JSON body) to the site's answer handler."""
        fields = dict(parse_qsl(query, keep_blank_values=True))
        text = body.decode("utf-8", "replace").strip()
        try:
            data = json.loads(text) if text.startswith("{") else None
        except ValueError:
            data = None
        fields.update({k: str(v) for k, v in data.items()} if isinstance(data, dict)
                      else dict(parse_qsl(text, keep_blank_values=True)))
        answer, ctype = self.site.answers[path](fields, f"http://{self.headers.get('Host', '')}")
        self._send(200, answer.encode("utf-8"), ctype, head=head)

    def _not_modified(self, etag: str, last_modified: Any) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                return False
            return last_modified.replace(microsecond=0) <= since
        return False

    def _dataproxy(self, query: str, body: bytes, head: bool = False) -> None:
        """jpage's data source: records startrecord..endrecord (1-based, inclusive) of a column."""
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        form = parse_qs(body.decode("latin-1"), keep_blank_values=True)
        params.update({k: v[-1] for k, v in form.items()})
        col = self.site.jpage.get(params.get("columnid", ""))
        if col is None:  # what jcms answers for a missing or unknown column: an empty datastore
            xml = "<datastore><nextgroup></nextgroup><recordset></recordset><totalrecord>0</totalrecord></datastore>"
        else:
            per = _int(params.get("perpage"), col.per_page) or col.per_page
            if "startrecord" in params:
                start = _int(params.get("startrecord"), 1)
                end = _int(params.get("endrecord"), start + per - 1)
            else:
                page = max(1, _int(params.get("page"), 1))
                start, end = (page - 1) * per + 1, page * per
            xml = datastore(col, start, end)
        data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml).encode("utf-8")
        self._send(200, data, "text/xml;charset=UTF-8", head=head)

    def _send(self, status: int, body: bytes, content_type: str, head: bool = False,
              headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def url_map(base_urls: Mapping[str, str]) -> list[str]:
    """Every path each site serves, for people running the portal by hand."""
    sites = build_sites()
    lines = []
    for key, base in base_urls.items():
        lines.append(f"{key}: {base}/  ({sites[key].name}, {sites[key].charset})")
        lines.extend(f"    {base}{path}" for path in sorted(sites[key].pages))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m demo.portal", description="Run the nianbao demo portal.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8100, help="TRS site port; Hanweb +1, plain +2 (0: any free)")
    ap.add_argument("--sources", help="also write a sources YAML for this portal to this path")
    ap.add_argument("--list", action="store_true", help="print every URL served")
    args = ap.parse_args(argv)
    portal, bases = start_portal(args.host, args.port)
    for key, base in bases.items():
        print(f"{key:7s} {base}/  {portal.sites[key].name}")
    if args.list:
        print("\n".join(url_map(bases)))
    if args.sources:
        print("sources:", write_sources(bases, args.sources))
    print("Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        portal.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
