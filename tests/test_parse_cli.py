"""`nianbao parse URL`: the page is fetched (here from 127.0.0.1) and decoded by its HTTP header."""

from __future__ import annotations

import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler

from tests.scrapy_helpers import serving
from tests.test_parse_quirks import apply_table, apply_values, report_html

NIANBAO = [sys.executable, "-m", "crawler.cli"]  # this interpreter, whatever venv runs the tests


def test_parse_url_decodes_by_the_http_header() -> None:
    rows = apply_values(21)
    body = report_html(apply_table(rows)).replace('<meta charset="utf-8">', "").encode("gbk")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path != "/nb/t20240118_1.html":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=GBK")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as base:
        out = subprocess.run([*NIANBAO, "parse", f"{base}/nb/t20240118_1.html", f"{base}/gone.html"],
                             capture_output=True, text=True, check=False, timeout=60)
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["source"] == f"{base}/nb/t20240118_1.html"
    assert first["agency"] == "某市交通运输局"
    assert first["cells"]["apply/3.7/natural_person"] == rows["3.7"][0]
    assert "404" in second["error"]
