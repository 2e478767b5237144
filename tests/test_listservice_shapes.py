"""List services recorded from a rendered column, in shapes beyond a page number, each served on
127.0.0.1 and crawled from the home page (needs Debian's chromium; skipped where it is absent):

- a feed paged only by an opaque ``next`` cursor (no page number exists), sent back in the query;
- a POST JSON service whose records keep their file only in a nested field (``target.file.path``)
  while the page's own records carry a page URL the column builds from an id.
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.scrapy_helpers import run_crawl, serving_logged
from tests.test_portal_shapes import _Handler, report_html, reports

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")

HOME = "<html><body><a href='/gk/nb/index.html'>政府信息公开年报</a></body></html>"

# --- a cursor feed: limit 3, 8 reports and a decoy, the cursor an opaque base64 token ---------------
FEED = [{"uid": f"u{k:02d}", "headline": f"沙溪县{2024 - k}年政府信息公开工作年度报告",
         "href": f"/gk/art/u{k:02d}.html"} for k in range(8)]
FEED.insert(4, {"uid": "d1", "headline": "沙溪县2025年政务公开工作要点", "href": "/gk/art/d1.html"})
FEED_SHELL = """<html><body><ul id="list"></ul><button id="more">查看更多</button><script>
var cursor = null;
function load() {
  var url = '/api/feed?channel=nb&limit=3' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
  fetch(url).then(function (r) { return r.json(); }).then(function (res) {
    res.items.forEach(function (it) {
      var li = document.createElement('li');
      li.innerHTML = '<a href="' + it.href + '">' + it.headline + '</a>';
      document.getElementById('list').appendChild(li);
    });
    cursor = res.next;
  });
}
document.getElementById('more').onclick = load;
load();
</script></body></html>"""


@contextmanager
def cursor_site() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            parts = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/":
                self.send(200, HOME)
            elif parts.path == "/gk/nb/index.html":
                self.send(200, FEED_SHELL)
            elif parts.path == "/api/feed" and q.get("channel") == "nb":
                start = int(base64.b64decode(q["cursor"]).decode().split(":")[0]) if q.get("cursor") else 0
                sel = FEED[start:start + int(q["limit"])]
                end = start + len(sel)
                nxt = base64.b64encode(f"{end}:{sel[-1]['uid']}".encode()).decode() if end < len(FEED) else None
                self.send(200, json.dumps({"ok": True, "items": sel, "next": nxt}, ensure_ascii=False),
                          "application/json")
            elif parts.path.startswith("/gk/art/"):
                rec = next((r for r in FEED if r["href"] == parts.path), None)
                self.send(200, report_html(rec["headline"], FEED.index(rec)) if rec else "<h1>404</h1>",
                          "text/html; charset=utf-8")
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


def test_a_feed_paged_by_an_opaque_cursor_is_walked_to_its_end() -> None:
    with cursor_site() as (base, log):
        items, _stats = run_crawl([base + "/"])
    assert reports(items, base) == sorted(r["href"] for r in FEED if r["uid"] != "d1")
    cursors = [parse_qs(urlsplit(p).query).get("cursor", [""])[0] for _m, p, _b in log if p.startswith("/api/feed")]
    sent = {base64.b64decode(c).decode().split(":")[0] for c in cursors if c}
    assert {"3", "6"} <= sent  # every batch asked by the cursor the one before gave


# --- POST JSON records: a page by id, or a file only in target.file.path -------------------------------
RECORDS = [{"meta": {"id": f"p{k}", "title": f"河西区{2024 - k}年政府信息公开工作年度报告"},
            "target": {"kind": "PAGE", "href": f"/gk/doc/p{k}.html"}} for k in range(5)]
RECORDS[1:1] = [{"meta": {"id": "f1", "title": "河西区教育局2023年政府信息公开工作年度报告"},
                 "target": {"kind": "FILE", "file": {"name": "2023年度报告.pdf", "path": "/fs/2024/02/f1a7.pdf"}}}]
RECORDS[4:4] = [{"meta": {"id": "f2", "title": "河西区卫健委2022年政府信息公开工作年度报告"},
                 "target": {"kind": "FILE", "file": {"name": "2022年度报告.docx", "path": "/fs/2023/03/f2b9.docx"}}}]
NESTED_SHELL = """<html><body><ul id="list"></ul><button id="more">加载更多</button><script>
var cur = 0;
function hrefOf(r) { return r.target.kind === 'FILE' ? r.target.file.path : '/gk/doc/' + r.meta.id + '.html'; }
function load() {
  fetch('/api/doc/query', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({site: 'hx', page: {current: cur + 1, size: 3}})})
    .then(function (r) { return r.json(); }).then(function (res) {
      res.result.records.forEach(function (r) {
        var li = document.createElement('li');
        li.innerHTML = '<a href="' + hrefOf(r) + '">' + r.meta.title + '</a>';
        document.getElementById('list').appendChild(li);
      });
      cur = res.result.page.current;
    });
}
document.getElementById('more').onclick = load;
load();
</script></body></html>"""


@contextmanager
def nested_site() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    log: list[tuple[str, str, str]] = []

    class Handler(_Handler):
        def answer(self, method: str, body: str) -> None:
            path = urlsplit(self.path).path
            if path == "/":
                self.send(200, HOME)
            elif path == "/gk/nb/index.html":
                self.send(200, NESTED_SHELL)
            elif path == "/api/doc/query" and method == "POST":
                page: dict[str, Any] = json.loads(body)["page"]
                cur, size = int(page["current"]), int(page["size"])
                self.send(200, json.dumps({"result": {"page": {"current": cur, "pages": (len(RECORDS) + size - 1) // size},
                                                      "records": RECORDS[(cur - 1) * size: cur * size]}},
                                          ensure_ascii=False), "application/json")
            elif path.startswith("/gk/doc/p"):
                k = int(path.rsplit("p", 1)[1].split(".")[0])
                self.send(200, report_html(f"河西区{2024 - k}年政府信息公开工作年度报告", k))
            elif path.startswith("/fs/"):
                self.send(200, f"%PDF-1.4 {path}", "application/pdf")
            else:
                self.send(404, "<h1>404</h1>")

    with serving_logged(Handler, log) as site:
        yield site


def test_a_record_whose_file_sits_in_a_nested_field_yields_that_file() -> None:
    with nested_site() as (base, log):
        items, _stats = run_crawl([base + "/"])
    found = sorted(i["document_url"].removeprefix(base) for i in items if i["type"] == "report")
    assert found == sorted([f"/gk/doc/p{k}.html" for k in range(5)] + ["/fs/2024/02/f1a7.pdf", "/fs/2023/03/f2b9.docx"])
    assert not [p for _m, p, _b in log if p in ("/gk/doc/f1.html", "/gk/doc/f2.html")]  # no page built from a file's id
