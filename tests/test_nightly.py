"""Nightly runs: the lock, the crawl command's arguments, and two real crawls of a local site.

The end-to-end test runs a tiny spider (defined here, standing in for `reports`) with the project's
settings and components — the real parser too — against an http.server on 127.0.0.1, twice, each
in its own process (Twisted's reactor cannot restart). The site serves reports rendered by the
demo (demo.values + demo.render), whose every number is known before anything parses them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import scrapy
from warcio.archiveiterator import ArchiveIterator

from crawler import crawl_cmd
from crawler.archive import read_record
from crawler.db import connect
from demo.render import render
from demo.values import ReportValues, generate

ROOT = Path(__file__).resolve().parents[1]


# -- the lock -------------------------------------------------------------------------------------

def _args(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    crawl_cmd.add_arguments(p)
    return p.parse_args(list(argv))


def test_second_run_exits_while_the_first_holds_the_lock(tmp_path, capsys):
    db = tmp_path / "archive.db"
    lock = crawl_cmd.lock_path(db)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys, time\n"
         "f = open(sys.argv[1], 'a+'); fcntl.flock(f, fcntl.LOCK_EX); f.write('4242'); f.flush()\n"
         "print('locked', flush=True); time.sleep(60)", str(lock)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        sources = tmp_path / "sources.yaml"
        sources.write_text("agencies:\n  - name: 泉州市科学技术局\n    start_url: http://127.0.0.1:9/\n",
                           encoding="utf-8")
        rc = crawl_cmd.run(_args("--sources", str(sources), "--db", str(db), "--nightly"))
        assert rc == crawl_cmd.LOCKED_EXIT
        err = capsys.readouterr().err
        assert "another crawl holds" in err and "4242" in err
    finally:
        holder.kill()
        holder.wait()
    # Free again once the holder is gone; and held, it stops a second taker even in one process.
    with crawl_cmd.crawl_lock(lock), pytest.raises(crawl_cmd.LockHeld), crawl_cmd.crawl_lock(lock):
        pass


def test_crawl_arguments(tmp_path, capsys):
    assert crawl_cmd.run(_args("--db", str(tmp_path / "a.db"))) == 2
    assert crawl_cmd.run(_args("--sources", str(tmp_path / "missing.yaml"))) == 2
    assert crawl_cmd.run(_args("--start-url", "http://a/", "-s", "NOEQUALS")) == 2
    empty = tmp_path / "empty.yaml"
    empty.write_text("agencies: []\n", encoding="utf-8")
    assert crawl_cmd.run(_args("--sources", str(empty))) == 2
    assert "lists no agencies" in capsys.readouterr().err
    args = _args("--start-url", "http://a.gov.cn/", "--start-url", "http://b.gov.cn/", "--db", "x.db",
                 "-s", "DOWNLOAD_DELAY=0", "-s", "NIANBAO_WARC_DIR=/tmp/w=1")
    assert crawl_cmd.spider_arguments(args) == {"start_urls": "http://a.gov.cn/,http://b.gov.cn/"}
    settings = crawl_cmd.project_settings(args.db, crawl_cmd.parse_settings(args.settings))
    assert settings.get("NIANBAO_DB") == "x.db"
    assert settings.getfloat("DOWNLOAD_DELAY") == 0 and settings.get("NIANBAO_WARC_DIR") == "/tmp/w=1"
    assert settings.get("ITEM_PIPELINES")["crawler.pipelines.StorePipeline"] == 800
    assert _args("--sources", "s.yaml").db == "data/archive.db"


def test_deploy_files_run_the_nightly_target():
    cron = (ROOT / "deploy" / "nianbao.cron").read_text(encoding="utf-8")
    assert any("make nightly" in line and not line.startswith("#") for line in cron.splitlines())
    service = (ROOT / "deploy" / "nianbao-nightly.service").read_text(encoding="utf-8")
    assert "make nightly" in service and "SuccessExitStatus=75" in service
    timer = (ROOT / "deploy" / "nianbao-nightly.timer").read_text(encoding="utf-8")
    assert "OnCalendar=" in timer and "Persistent=true" in timer


# -- a real crawl, twice ----------------------------------------------------------------------------

AGENCY = "泉州市科学技术局"


def carried_over(prev: ReportValues, cur: ReportValues, cols: tuple[str, ...]) -> ReportValues:
    """``cur`` with 上年结转 (apply/2) equal to ``prev``'s 结转下年度 (apply/4) in ``cols``; 本年新收
    (apply/1) moves by as much, so every rule of the form still holds within ``cur``."""
    cells = dict(cur.cells)
    for c in cols:
        delta = prev.cells[f"apply/4/{c}"] - cells[f"apply/2/{c}"]
        cells[f"apply/2/{c}"] += delta
        cells[f"apply/1/{c}"] -= delta
        assert cells[f"apply/1/{c}"] >= 0, "pick another seed"
    return ReportValues(cur.agency, cur.year, cur.form_version, cur.published_date, cells)


def site_values() -> dict[str, ReportValues]:
    """The three reports: 2023 and 2024 of one agency (carried over in two columns), another agency's."""
    prev = generate(1, "2021", agency=AGENCY, year=2023)
    # natural_person (a column) and total (the sum of all) both carried over: the sum moves with its column
    cur = carried_over(prev, generate(2, "2021", agency=AGENCY, year=2024), ("natural_person", "total"))
    return {"/r1.html": prev, "/r2.html": cur, "/r3.html": generate(3, "2021", agency="泉州市教育局", year=2024)}


def site_pages() -> dict[str, tuple[bytes, dict[str, str]]]:
    """path → (body, validators). r1 has an ETag, r2 a Last-Modified, r3 none at all."""
    docs = {path: render(values, "html_table").data for path, values in site_values().items()}
    listing = ("<?xml version='1.0' encoding='utf-8'?><list>"
               f"<item href='/r1.html'>{AGENCY}2023年政府信息公开工作年度报告</item>"
               f"<item href='/r2.html'>{AGENCY}2024年政府信息公开工作年度报告</item>"
               "<item href='/r3.html'>泉州市教育局2024年政府信息公开工作年度报告</item></list>").encode()
    return {
        "/list.xml": (listing, {"Content-Type": "application/xml"}),
        "/r1.html": (docs["/r1.html"], {"ETag": '"r1-v1"'}),
        "/r2.html": (docs["/r2.html"], {"Last-Modified": "Mon, 20 Jan 2025 08:00:00 GMT"}),
        "/r3.html": (docs["/r3.html"], {}),
    }


class SiteHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        pages = self.server.pages  # type: ignore[attr-defined]
        hit = pages.get(self.path)
        if hit is None:
            status, body, headers = 404, b"not found", {}
        else:
            body, headers = hit
            inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            fresh = (inm is not None and inm == headers.get("ETag")) or \
                    (ims is not None and ims == headers.get("Last-Modified"))
            status = 304 if fresh else 200
        self.server.log.append({"path": self.path, "status": status,  # type: ignore[attr-defined]
                                "inm": self.headers.get("If-None-Match"), "ims": self.headers.get("If-Modified-Since")})
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Type", headers.get("Content-Type", "text/html; charset=utf-8"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SiteHandler)
    server.pages = site_pages()  # type: ignore[attr-defined]
    server.log = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class TinySpider(scrapy.Spider):
    """The `reports` spider's contract in miniature: list → report pages, items as it yields them."""

    name = "tiny"

    def __init__(self, base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base
        self.site = urlsplit(base).netloc

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(f"{self.base}/list.xml", callback=self.parse_list, dont_filter=True,
                             meta={"kind": "list", "site": self.site, "source": None})

    def parse_list(self, response: scrapy.http.Response) -> Iterator[Any]:
        self.crawler.stats.inc_value("nianbao/pages")
        for node in response.xpath("//item"):
            yield response.follow(node.attrib["href"], callback=self.parse_report,
                                  meta={"kind": "report", "site": self.site, "source": None,
                                        "list_title": node.xpath("string()").get()})

    def parse_report(self, response: scrapy.http.Response) -> Iterator[Any]:
        self.crawler.stats.inc_value("nianbao/pages")
        if response.status == 304:  # let through by ConditionalRequestMiddleware
            yield {"type": "unchanged", "url": response.url}
            return
        self.crawler.stats.inc_value("nianbao/reports_found")
        ct = response.headers.get("Content-Type")
        yield {"type": "report", "url": response.url, "document_url": response.url, "body": response.body,
               "content_type": ct.decode() if ct else None, "status": response.status,
               "list_title": response.meta["list_title"], "site": self.site, "source": None,
               "fetched_at": "2025-02-01T00:00:00+00:00"}


def crawl_once(db: str, warc_dir: str, base: str, revisit_days: str = "30") -> None:
    """Run in a child process: the project settings and components, the tiny spider."""
    settings = crawl_cmd.project_settings(db, {
        "NIANBAO_WARC_DIR": warc_dir, "ROBOTSTXT_OBEY": "False", "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False", "NIANBAO_PROGRESS_INTERVAL": "0.05", "LOG_LEVEL": "INFO",
        "NIANBAO_REVISIT_DAYS": revisit_days,
    })
    stats = crawl_cmd.crawl(settings, TinySpider, base=base)
    print(json.dumps({"finish_reason": stats.get("finish_reason")}))


def _run(tmp_path: Path, base: str, revisit_days: int = 30) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from tests.test_nightly import crawl_once; "
            "crawl_once(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "archive.db"), str(tmp_path / "warc"), base,
                           str(revisit_days)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1])["finish_reason"] == "finished", proc.stderr[-3000:]
    return proc


def _warc_records(warc_dir: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                out.append({"type": rec.rec_type, "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                            "id": rec.rec_headers.get_header("WARC-Record-ID"),
                            "to": rec.rec_headers.get_header("WARC-Concurrent-To")})
    return out


def _table_counts(db: Any) -> dict[str, int]:
    return {t: db[t].count for t in ("agencies", "reports", "report_versions", "cells", "checks", "documents")}


def test_two_nightly_runs_over_an_unchanged_site(tmp_path, site):
    base = f"http://127.0.0.1:{site.server_address[1]}"
    pages = site.pages

    # -- first run: everything is new --------------------------------------------------------------
    first = _run(tmp_path, base)
    assert "pages fetched" in first.stderr  # the progress line
    assert sorted((e["path"], e["status"]) for e in site.log) == [
        ("/list.xml", 200), ("/r1.html", 200), ("/r2.html", 200), ("/r3.html", 200)]
    assert all(e["inm"] is None and e["ims"] is None for e in site.log)
    db = connect(tmp_path / "archive.db")
    # every documents row points at a record that reads back to the bytes served
    docs = list(db.query("select * from documents"))
    assert {urlsplit(d["url"]).path for d in docs} == set(pages)
    for d in docs:
        assert d["warc_file"] and d["warc_offset"] is not None
        rec = read_record(d["warc_file"], d["warc_offset"], warc_dir=tmp_path / "warc")
        assert rec.body == pages[urlsplit(d["url"]).path][0] and rec.url == d["url"]
    # a response and a request record for every fetch, linked
    records = _warc_records(tmp_path / "warc")
    responses = [r for r in records if r["type"] in ("response", "revisit")]
    requests = [r for r in records if r["type"] == "request"]
    assert len(responses) == len(requests) == len(site.log) == 4
    assert {r["to"] for r in requests} == {r["id"] for r in responses}
    assert db["reports"].count == 3 and db["agencies"].count == 2
    # the numbers stored are the ones rendered
    values = site_values()
    for path, v in values.items():
        (rid,) = [r["id"] for r in db.query("select id from reports where url like ?", [f"%{path}"])]
        stored = {c["cell_id"]: c["value"] for c in db.query("select cell_id, value from cells where report_id = ?",
                                                               [rid])}
        assert {k: stored.get(k) for k in v.cells} == v.cells, path
    # the cross-report rule sees the carry-over: the two columns made to agree pass, the others fail
    carry = {c["scope"]: c["ok"] for c in db.query("select * from checks where rule = 'carryover'")}
    assert carry and set(carry.values()) == {0}  # failed checks are stored ...
    assert "2023-2024/natural_person" not in carry and "2023-2024/total" not in carry  # ... passed ones counted
    cross = next(db.query("select cross_passed from reports where cross_passed > 0"))
    assert cross["cross_passed"] >= 2
    counts = _table_counts(db)
    db.close()

    # -- second run: list fetched again, reports answered 304 or skipped by hash --------------------
    # (revisit policy off: the one without validators is downloaded again; see the third run)
    site.log.clear()
    second = _run(tmp_path, base, revisit_days=0)
    assert "pages fetched" in second.stderr
    by_path = {e["path"]: e for e in site.log}
    assert len(site.log) == 4
    assert by_path["/list.xml"]["status"] == 200 and by_path["/list.xml"]["inm"] is None
    assert by_path["/r1.html"]["inm"] == '"r1-v1"' and by_path["/r1.html"]["status"] == 304
    assert by_path["/r2.html"]["ims"] == "Mon, 20 Jan 2025 08:00:00 GMT" and by_path["/r2.html"]["status"] == 304
    assert by_path["/r3.html"]["status"] == 200  # no validators: fetched, but recognized by its hash
    db = connect(tmp_path / "archive.db")
    assert _table_counts(db) == counts  # nothing duplicated
    records = _warc_records(tmp_path / "warc")
    assert [r["type"] for r in records].count("request") == 8
    revisits = {urlsplit(r["uri"]).path for r in records if r["type"] == "revisit"}
    assert revisits == {"/list.xml", "/r3.html"}  # same payload again: not stored twice
    runs = list(db.query("select * from crawl_runs order by started_at, id"))
    assert len(runs) == 2 and all(r["finished_at"] for r in runs)
    s1, s2 = (json.loads(r["stats"]) for r in runs)
    assert (s1["pages"], s1["reports_new"], s1["reports_unchanged"], s1["parsed"]) == (4, 3, 0, 3)
    assert (s2["pages"], s2["reports_new"], s2["reports_changed"], s2["reports_unchanged"], s2["parsed"]) == \
        (4, 0, 0, 3, 0)
    assert s2["not_modified"] == 2 and s2["errors"] == 0 and s2["blocked_sites"] == 0
    assert {d["url"].rsplit("/", 1)[1]: d["fetches"] for d in db.query("select * from documents")} == {
        "list.xml": 2, "r1.html": 2, "r2.html": 2, "r3.html": 2}
    db.close()

    # -- third run, revisit policy on (crawler/revisit.py): the report without validators, downloaded
    # tonight already, is not due: read back from the archive, not requested, nothing written for it
    site.log.clear()
    _run(tmp_path, base)
    assert sorted(e["path"] for e in site.log) == ["/list.xml", "/r1.html", "/r2.html"]
    db = connect(tmp_path / "archive.db")
    assert _table_counts(db) == counts
    assert [r["type"] for r in _warc_records(tmp_path / "warc")].count("request") == 11
    assert {d["url"].rsplit("/", 1)[1]: d["fetches"] for d in db.query("select * from documents")} == {
        "list.xml": 3, "r1.html": 3, "r2.html": 3, "r3.html": 2}
    s3 = json.loads(list(db.query("select stats from crawl_runs order by started_at desc, id desc"))[0]["stats"])
    assert s3["reports_unchanged"] == 3 and s3["parsed"] == 0 and s3["errors"] == 0
    db.close()
