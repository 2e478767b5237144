"""The faulty demo site: a government portal that does everything a real one can do wrong, on 127.0.0.1.

Why: a nightly crawler meets these on real portals sooner or later, and each one must end as a
recorded failure (``errors``, ``documents.parse_status``) and a finished crawl — never a hang, a crash,
unbounded memory, a lost archive or a file written outside ``data/``. ``tests/test_faults.py`` crawls
it with the real `nianbao crawl`.

Its annual-report column (``/xxgknb/index.html``) lists one report-titled link per fault:

| path                         | fault                                                              |
|------------------------------|--------------------------------------------------------------------|
| /faults/timeout.html         | accepts the request, never answers (until the portal stops)        |
| /faults/reset.html           | reads the request, resets the connection (TCP RST)                 |
| /faults/truncated.html       | Content-Length promises more than the body sent before closing     |
| /faults/busy-N.html (N=1..4) | a burst of 503s                                                    |
| /faults/loop-a.html          | 302 to loop-b, which 302s back to loop-a                           |
| /faults/chain/N.html         | 302 to N+1, forever                                                |
| /faults/huge.pdf             | 200 MB, with Content-Length                                        |
| /faults/huge-stream.pdf      | 200 MB, no Content-Length (ends when the connection closes)        |
| /faults/bomb.html            | Content-Encoding: gzip, 1 MB on the wire, 1 GB decoded             |
| /faults/broken.pdf           | a PDF cut in the middle, with garbage in its xref                  |
| /faults/nested.html          | 5 MB of nested tags                                                |
| /faults/passwd.html          | a report page whose attachments are ``../../etc/passwd`` (a path   |
|                              | that resolves to /etc/passwd) and a download script answering with |
|                              | ``Content-Disposition: attachment; filename="../../etc/passwd"``   |
| /faults/wrong-charset.html   | a GBK report whose header says UTF-8 (readable: the parser sniffs) |
| /faults/no-charset.html      | a GBK report with no charset anywhere                              |

``mode`` switches the site between nights: ``"faulty"`` (the table above), ``"healthy"`` (the column
lists only timeout, reset, truncated and the busy pages, and they serve good reports: the night
before things broke) and ``"empty"`` (the column lists nothing: a redesigned portal where the
spider finds no reports).

    python -m demo.faulty --port 8110
"""

from __future__ import annotations

import argparse
import socket
import struct
import threading
import zlib
from dataclasses import dataclass
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from demo.sites.base import esc, render_template
from demo.sites.common import ROBOTS_TXT, generated

NAME = "故障市人民政府"
SOURCE = {"name": NAME, "province": "测试省", "city": "故障市", "county": None}
MODES = ("faulty", "healthy", "empty")
HUGE_BYTES = 200 * 1024 * 1024
BOMB_DECODED = 1024 * 1024 * 1024
NESTED_BYTES = 5 * 1024 * 1024
HOLD_SECONDS = 120.0  # how long a "timeout" request is held when nobody stops the portal


@dataclass(frozen=True)
class Fault:
    path: str
    agency: str
    healthy_report: bool  # serves a good report in "healthy" mode


# One list line per fault; each names its own agency, so each would be its own report.
FAULTS = [
    Fault("/faults/timeout.html", "故障市超时局", True),
    Fault("/faults/reset.html", "故障市重置局", True),
    Fault("/faults/truncated.html", "故障市截断局", True),
    *(Fault(f"/faults/busy-{n}.html", f"故障市繁忙{n}局", True) for n in range(1, 5)),
    Fault("/faults/loop-a.html", "故障市循环局", False),
    Fault("/faults/chain/1.html", "故障市跳转局", False),
    Fault("/faults/huge.pdf", "故障市巨大局", False),
    Fault("/faults/huge-stream.pdf", "故障市无长度局", False),
    Fault("/faults/bomb.html", "故障市压缩局", False),
    Fault("/faults/broken.pdf", "故障市损坏局", False),
    Fault("/faults/nested.html", "故障市嵌套局", False),
    Fault("/faults/passwd.html", "故障市附件局", False),
    Fault("/faults/wrong-charset.html", "故障市错码局", False),
    Fault("/faults/no-charset.html", "故障市无码局", False),
]
CHARSET_FAULTS = ("/faults/wrong-charset.html", "/faults/no-charset.html")
YEAR = 2024


def title_of(fault: Fault) -> str:
    return f"{fault.agency}{YEAR}年政府信息公开工作年度报告"


def _page(title: str, main: str) -> str:
    return render_template("plain_page.html", title=esc(title), site_name=NAME, main=main)


def _article(title: str, body: str, date: str = "2025-01-20", source: str = NAME) -> str:
    return _page(title, f'<article><h1 class="article-title">{esc(title)}</h1>'
                        f'<div class="article-meta">发布时间：{date}　来源：{esc(source)}</div>'
                        f'<div class="article-content">{body}</div></article>')


@cache
def report_page(index: int, charset_meta: bool = True) -> str:
    """A good report page for fault ``index`` (a generated 2021-form report of its agency)."""
    fault = FAULTS[index]
    doc = generated(700 + index, "2021", fault.agency, YEAR, "html_table", "2025-01-20")
    body = doc.body_html if doc is not None else "<p>（报告正文）</p>"
    html = _article(doc.title if doc is not None else title_of(fault), body, source=fault.agency)
    if not charset_meta:
        html = html.replace('<meta charset="utf-8">', "").replace('<meta charset="UTF-8">', "")
    return html


def expected_cells(index: int) -> dict[str, Any] | None:
    """The cells a good parse of fault ``index``'s report finds (None if the renderer is absent)."""
    doc = generated(700 + index, "2021", FAULTS[index].agency, YEAR, "html_table", "2025-01-20")
    return dict(doc.cells) if doc is not None and doc.cells else None


@cache
def bomb() -> bytes:
    """1 GB of zeros as gzip, about 1 MB: 64 identical gzip members of 16 MB each."""
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    member = c.compress(b"\0" * (BOMB_DECODED // 64)) + c.flush()
    return member * 64


@cache
def nested() -> bytes:
    title = title_of(next(f for f in FAULTS if f.path == "/faults/nested.html"))
    head = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<h1>{title}</h1>').encode()
    depth = (NESTED_BYTES - len(head)) // 11
    return head + b"<div><span>" * (depth // 2) + "二、主动公开政府信息情况".encode() + b"</span></div>" * (depth // 2)


BROKEN_PDF = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
              b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page "
              b"/Parent 2 0 R /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length 9999 /Filter /FlateDecode >>\n"
              b"stream\n\x78\x9c\x8b\x8c\x8c garbage \x00\xff\nxref\n0 5\n0000000000 65535 f \nNOT-AN-OFFSET\n"
              b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n999999\n")
PASSWD = b"root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"


class _Server(ThreadingHTTPServer):
    # A crawler retrying failures opens connections fast; the default backlog of 5 would drop SYNs
    # (a 1 s retransmit on Linux) and turn every fault into a connect timeout.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and aborted transfers are the point here, not news


class FaultySite:
    """The running faulty site: one ThreadingHTTPServer on its own port; ``mode`` may change any time."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, mode: str = "faulty") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode = mode
        self.stopping = threading.Event()
        self._busy_lock = threading.Lock()
        handler = type("FaultyHandler", (_Handler,), {"site": self})
        self.server = _Server((host, port), handler)
        self.server.daemon_threads = True
        self.base_url = f"http://{host}:{self.server.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> FaultySite:
        self._thread = threading.Thread(target=self.server.serve_forever, name="demo-faulty", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # releases the held "timeout" requests
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def source(self) -> dict[str, Any]:
        """This site's entry for a sources YAML (data/sources.yaml format)."""
        return {**SOURCE, "start_urls": [self.base_url + "/"], "verified": True}

    def __enter__(self) -> FaultySite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_faulty(host: str = "127.0.0.1", port: int = 0, mode: str = "faulty") -> FaultySite:
    """Start the faulty site in a background thread (``port=0``: any free port)."""
    return FaultySite(host, port, mode).start()


class _Handler(BaseHTTPRequestHandler):
    site: FaultySite
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:
        try:
            self._get(urlsplit(self.path).path or "/")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the crawler gave up on us (max size, timeout): fine

    # -- plumbing ---------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes | str, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self._send(302, "", headers={"Location": location})

    def _reset(self) -> None:
        """Close with SO_LINGER 0: the peer gets a TCP RST, not a FIN."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _stream_zeros(self, total: int, *, length: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        if length:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
        sent = 0
        while sent < total and not self.site.stopping.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)
        self.close_connection = True

    # -- the site ---------------------------------------------------------------------------------
    def _get(self, path: str) -> None:
        mode = self.site.mode
        if path == "/robots.txt":
            return self._send(200, ROBOTS_TXT, "text/plain; charset=utf-8")
        if path in ("/", "/index.html"):
            return self._send(200, _page(NAME, '<a href="/zwgk/index.html">政务公开</a>'))
        if path == "/zwgk/index.html":
            return self._send(200, _page("政务公开", '<ul><li><a href="/xxgknb/index.html">政府信息公开年报</a></li></ul>'))
        if path == "/xxgknb/index.html":
            items = {"empty": [], "healthy": [f for f in FAULTS if f.healthy_report], "faulty": FAULTS}[mode]
            lis = "\n".join(f'<li><a href="{f.path}">{esc(title_of(f))}</a><span class="date">2025-01-20</span></li>'
                            for f in items)
            main = f'<h2>政府信息公开年报</h2><ul class="news-list">\n{lis}\n</ul>'
            return self._send(200, _page("政府信息公开年报", main))
        index = next((i for i, f in enumerate(FAULTS) if f.path == path), None)
        if index is not None and mode == "healthy" and FAULTS[index].healthy_report:
            return self._send(200, report_page(index), headers={"ETag": f'"healthy-{index}"'})
        if path == "/faults/timeout.html":
            self.site.stopping.wait(HOLD_SECONDS)
            self.close_connection = True
            return None
        if path == "/faults/reset.html":
            return self._reset()
        if path == "/faults/truncated.html":
            data = report_page(index).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data) * 2))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        if path.startswith("/faults/busy-"):
            return self._send(503, "<h1>503 Service Temporarily Unavailable</h1>", headers={"Retry-After": "0"})
        if path == "/faults/loop-a.html":
            return self._redirect("/faults/loop-b.html")
        if path == "/faults/loop-b.html":
            return self._redirect("/faults/loop-a.html")
        if path.startswith("/faults/chain/"):
            n = int(path.rsplit("/", 1)[-1].split(".")[0] or 0)
            return self._redirect(f"/faults/chain/{n + 1}.html")
        if path == "/faults/huge.pdf":
            return self._stream_zeros(HUGE_BYTES, length=True)
        if path == "/faults/huge-stream.pdf":
            return self._stream_zeros(HUGE_BYTES, length=False)
        if path == "/faults/bomb.html":
            return self._send(200, bomb(), headers={"Content-Encoding": "gzip"})
        if path == "/faults/broken.pdf":
            return self._send(200, BROKEN_PDF, "application/pdf")
        if path == "/faults/nested.html":
            return self._send(200, nested())
        if path == "/faults/passwd.html":
            title = title_of(FAULTS[index])
            body = (f'<p>{esc(title)}全文见附件。</p><div class="fj">'
                    f'<a href="../../etc/passwd">附件：{esc(title)}</a> '
                    f'<a href="../../../../etc/passwd.pdf">附件：{esc(title)}.pdf</a> '
                    f'<a href="/download.jsp?filename=../../etc/passwd">下载：{esc(title)}</a></div>')
            return self._send(200, _article(title, body, source=FAULTS[index].agency))
        if path in ("/etc/passwd", "/etc/passwd.pdf", "/download.jsp"):
            return self._send(200, PASSWD, "application/octet-stream",
                              headers={"Content-Disposition": 'attachment; filename="../../etc/passwd"'})
        if path == "/faults/wrong-charset.html":  # GBK bytes, the header says UTF-8
            html = report_page(index).replace('<meta charset="utf-8">', "")
            return self._send(200, html.encode("gbk", errors="xmlcharrefreplace"), "text/html; charset=utf-8")
        if path == "/faults/no-charset.html":  # GBK bytes, no charset in the header or the page
            html = report_page(index).replace('<meta charset="utf-8">', "")
            return self._send(200, html.encode("gbk", errors="xmlcharrefreplace"), "text/html")
        return self._send(404, "<h1>404</h1>")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m demo.faulty", description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8110)
    ap.add_argument("--mode", choices=MODES, default="faulty")
    args = ap.parse_args(argv)
    site = start_faulty(args.host, args.port, args.mode)
    print(f"faulty  {site.base_url}/  {NAME} ({args.mode}); Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
