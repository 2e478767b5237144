"""Partial states are loud: open WARCs, torn tails, killed runs, spent budgets, dropped URLs, short bodies.

The unit tests build the states by hand; the crawl test runs the real `nianbao crawl` on an archive a
killed run left behind (a run row without finished_at, a WARC still named .open with a torn tail)
against a site whose links pass the page budget and include a URL over URLLENGTH_LIMIT.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from crawler import monitor
from crawler.archive import OPEN_SUFFIX, WarcArchive, read_record, recover_open_files, whole_length
from crawler.db import Store
from crawler.middlewares import ArchiveMiddleware, ShortBody
from tests.scrapy_helpers import serving

ROOT = Path(__file__).resolve().parents[1]
REPORT = (ROOT / "tests" / "files" / "realdocs" / "pingtan_2024.html").read_bytes()


def _write(directory: Path, n: int, size: int = 4000) -> tuple[WarcArchive, list[Any]]:
    archive = WarcArchive(directory)
    written = [archive.write_exchange(url=f"http://www.a.gov.cn/{i}.html", status=200, response_headers=[],
                                      body=bytes([i % 251]) * size + os.urandom(size)) for i in range(n)]
    return archive, written


def test_a_warc_is_named_open_while_written_and_renamed_when_closed(tmp_path: Path) -> None:
    archive, written = _write(tmp_path, 2)
    name = written[0].warc_file
    assert not (tmp_path / name).exists() and (tmp_path / (name + OPEN_SUFFIX)).exists()
    assert read_record(name, written[1].warc_offset, warc_dir=tmp_path).url == "http://www.a.gov.cn/1.html"
    # a live writer's file is never touched by a recovery
    assert recover_open_files(tmp_path) == [] and (tmp_path / (name + OPEN_SUFFIX)).exists()
    archive.close()
    assert (tmp_path / name).exists() and not list(tmp_path.glob("*" + OPEN_SUFFIX))


def _killed_file(tmp_path: Path, cut_into_record: int) -> tuple[Path, list[Any], int]:
    """A .open file as a kill -9 leaves it: the writer gone, the last record cut short."""
    archive, written = _write(tmp_path / "w", 3)
    archive.close()
    whole = tmp_path / "w" / written[0].warc_file
    data = whole.read_bytes()
    cut = written[cut_into_record].warc_offset + 2000  # inside that record's gzip member, past its headers
    left = tmp_path / (written[0].warc_file + OPEN_SUFFIX)
    left.write_bytes(data[:cut])
    return left, written, cut


def test_a_torn_tail_is_detected_cut_back_and_kept_aside(tmp_path: Path) -> None:
    left, written, cut = _killed_file(tmp_path, 2)
    # warcio alone reads the torn file without a word
    with open(left, "rb") as f:
        assert [r.rec_type for r in ArchiveIterator(f)][-1] == "response"
    assert whole_length(left) == (5, written[2].warc_offset)  # warcinfo + 2 × (response, request)
    (r,) = recover_open_files(tmp_path)
    final = tmp_path / written[0].warc_file
    assert not left.exists() and final.stat().st_size == written[2].warc_offset == r.kept_bytes
    assert r.cut_bytes == cut - written[2].warc_offset and r.records == 5
    assert (tmp_path / r.quarantined).stat().st_size == r.cut_bytes  # the torn tail, kept to look at
    assert "torn tail" in r.line() and written[0].warc_file in r.line()
    assert read_record(final, written[1].warc_offset).url == "http://www.a.gov.cn/1.html"
    assert recover_open_files(tmp_path) == []  # once


def test_recovery_at_start_drops_the_rows_of_cut_records_and_records_it(tmp_path: Path) -> None:
    left, written, _ = _killed_file(tmp_path, 1)
    store = Store(tmp_path / "archive.db")
    for i, w in enumerate(written):
        store.record_fetch({"url": f"http://www.a.gov.cn/{i}.html", "sha256": f"s{i}", "status": 200,
                            "fetched_at": "2026-01-01T00:00:00Z", "etag": '"e"', "warc_file": w.warc_file,
                            "warc_offset": w.warc_offset})
    mw = ArchiveMiddleware(store, WarcArchive(tmp_path / "new"))
    (r,) = mw.recover(str(tmp_path))
    assert r.cut_bytes > 0
    urls = [row["url"] for row in store.db.query("select url from documents order by url")]
    assert urls == ["http://www.a.gov.cn/0.html"]  # 1 and 2 were cut: fetched again next time
    (err,) = store.db.query("select * from errors")
    assert err["stage"] == "archive" and "torn tail" in err["reason"] and "2 document(s)" in err["reason"]
    store.close()


def test_a_body_shorter_than_its_content_length_is_not_a_document(tmp_path: Path) -> None:
    store = Store(tmp_path / "archive.db")
    mw = ArchiveMiddleware(store, WarcArchive(tmp_path / "warc"))
    req = Request("http://www.a.gov.cn/r.html", meta={"kind": "report", "site": "www.a.gov.cn"})
    resp = HtmlResponse(req.url, body=REPORT[:5000], request=req,
                        headers={"Content-Type": "text/html", "Content-Length": str(len(REPORT))})
    with pytest.raises(ShortBody, match=f"truncated body: 5000 of the {len(REPORT)} bytes"):
        mw.process_response(req, resp)
    assert store.db["documents"].count == 0
    mw.archive.close()
    (path,) = (tmp_path / "warc").glob("*.warc.gz")
    with open(path, "rb") as f:
        truncated = [r.rec_headers.get_header("WARC-Truncated") for r in ArchiveIterator(f) if r.rec_type == "response"]
    assert truncated == ["disconnect"]
    whole = HtmlResponse(req.url, body=REPORT, request=req, headers={"Content-Length": str(len(REPORT))})
    assert mw.process_response(req, whole) is whole
    store.close()


def test_a_rendered_page_is_never_taken_for_a_truncated_body(tmp_path: Path) -> None:
    """The browser's rendered DOM may be shorter than the HTML the server sent (scripts that
    remove nodes, whitespace the serializer drops): the server's Content-Length is not its length."""
    store = Store(tmp_path / "archive.db")
    mw = ArchiveMiddleware(store, WarcArchive(tmp_path / "warc"))
    req = Request("http://www.a.gov.cn/list.html", meta={"kind": "column", "site": "www.a.gov.cn",
                                                         "playwright": True})
    rendered = HtmlResponse(req.url, body=REPORT[:-1], request=req,
                            headers={"Content-Type": "text/html", "Content-Length": str(len(REPORT))})
    assert mw.process_response(req, rendered) is rendered
    assert store.db["documents"].count == 1
    mw.archive.close()
    store.close()


def test_unfinished_runs_are_reported_once_and_running_ones_left_alone(tmp_path: Path) -> None:
    store = Store(tmp_path / "archive.db", run_id="now")
    for run_id, pid in (("old", 11), ("busy", 22)):
        store.db["crawl_runs"].insert({"id": run_id, "started_at": "2026-01-01T02:17:00Z", "host": "h", "pid": pid})
    store.open_run("reports")
    lines = monitor.unfinished_runs(store, alive=lambda host, pid: pid == 22)
    assert len(lines) == 1 and lines[0].startswith("run old (started 2026-01-01T02:17:00Z, pid 11 on h) never finished")
    assert monitor.unfinished_runs(store, alive=lambda host, pid: pid == 22) == []
    reason = store.db.execute("select finish_reason from crawl_runs where id = 'old'").fetchone()[0]
    assert reason == "unfinished: no finished_at (reported by run now)"
    store.close()


def test_partial_states_are_problems() -> None:
    problems = monitor.check_run(requests=10, errors=0, archive_errors=0, dropped_urls=2, out_of_scope=3,
                                 short_bodies=1, warc_torn=["a.warc.gz: torn"], unfinished_runs=["run x never"])
    assert [p.check for p in problems] == ["dropped_urls", "out_of_scope", "short_bodies", "warc_torn",
                                           "unfinished_runs"]
    site = monitor.SiteRun("www.a.gov.cn", requests=400, reports=0, over_budget=37, budget=400)
    (p,) = monitor.check_sites([site])
    assert p.check == "page_budget" and "400 pages was spent and 37 more link(s)" in p.detail


# -- a crawl after a killed one -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def after_a_kill(tmp_path_factory: pytest.TempPathFactory) -> Any:
    work = tmp_path_factory.mktemp("partial")
    left, written, _ = _killed_file(work, 2)
    (work / "warc").mkdir()
    os.replace(left, work / "warc" / left.name)
    store = Store(work / "archive.db", run_id="killed")
    store.db["crawl_runs"].insert({"id": "killed", "started_at": "2026-01-01T02:17:00Z", "host": "elsewhere",
                                   "pid": 1})
    store.close()
    long_url = "/xxgk/" + "a" * 2100 + ".html"
    links = f'<li><a href="{long_url}">平潭综合实验区2024年政府信息公开工作年度报告</a></li>'
    links += "".join(f'<li><a href="/xxgk/{i}.html">平潭综合实验区{2000 + i}年政府信息公开工作年度报告</a></li>'
                     for i in range(8))
    column = f"<html><head><title>政府信息公开年报</title></head><body><ul>{links}</ul></body></html>".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = column if self.path == "/xxgk/ndbg/" else REPORT if self.path.endswith(".html") else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    with serving(Handler) as base:
        start = f"{base}/xxgk/ndbg/"
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--start-url", start, "--db", "archive.db",
               "-s", "NIANBAO_WARC_DIR=warc", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "NIANBAO_MAX_PAGES_PER_SITE=4", "-s", "ROBOTSTXT_OBEY=False"]
        proc = subprocess.run(cmd, cwd=work, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                              text=True, timeout=120, check=False)
    con = sqlite3.connect(work / "archive.db")
    con.row_factory = sqlite3.Row
    yield {"proc": proc, "con": con, "work": work, "written": written, "start": start}
    con.close()


def test_the_next_run_reports_every_partial_state(after_a_kill: Any) -> None:
    proc, con = after_a_kill["proc"], after_a_kill["con"]
    assert proc.returncode == monitor.CHECKS_FAILED_EXIT, proc.stderr[-3000:]
    run = con.execute("select * from crawl_runs where id != 'killed'").fetchone()
    checks = [p["check"] for p in json.loads(run["problems"])]
    assert {"page_budget", "dropped_urls", "warc_torn", "unfinished_runs"} <= set(checks), checks
    assert "page_budget" in proc.stderr and "unfinished_runs: run killed" in proc.stderr
    reasons = [r["reason"] for r in con.execute("select reason from errors")]
    long_url = len(after_a_kill["start"].split("/xxgk/")[0]) + len("/xxgk/" + "a" * 2100 + ".html")
    assert any(r.startswith(f"dropped: a URL of {long_url} characters, over URLLENGTH_LIMIT 2083") for r in reasons)
    assert any(r.startswith("page budget spent: the page budget of 4 pages") for r in reasons)
    assert any("torn tail" in r for r in reasons)
    warc = after_a_kill["work"] / "warc"
    assert not list(warc.glob("*" + OPEN_SUFFIX))
    assert (warc / after_a_kill["written"][0].warc_file).stat().st_size == after_a_kill["written"][2].warc_offset


def test_records_written_after_the_last_commit_are_cut_so_a_rerun_archives_nothing_twice(tmp_path: Path) -> None:
    """Acknowledged is committed: a kill after four fetches of which two were committed leaves the
    WARC holding four; the next start cuts it back to the two whose rows exist (their fetches are
    made again by the re-run, once), and keeps what it cut aside."""
    store = Store(tmp_path / "archive.db")
    archive = WarcArchive(tmp_path / "warc", checkpoint=store.commit)
    mw = ArchiveMiddleware(store, archive)
    store.commit_hooks.append(mw.note_position)

    def fetch(i: int) -> None:
        req = Request(f"http://www.a.gov.cn/{i}.html", meta={"kind": "report", "site": "www.a.gov.cn"})
        body = REPORT.replace(b"2024", str(3000 + i).encode())  # four different payloads
        mw.process_response(req, HtmlResponse(req.url, body=body, request=req))

    fetch(0)
    fetch(1)
    store.commit()
    fetch(2)
    fetch(3)
    # the kill: the batch holding 2 and 3 is never committed, the file never closed
    store.con.rollback()
    store.text.rollback()
    store.db.close()
    store.text.close()
    archive._file.close()  # noqa: SLF001 - what a dead process leaves: the file, unlocked, still .open

    again = Store(tmp_path / "archive.db")
    assert {r["url"] for r in again.db.query("select url from documents")} == {
        "http://www.a.gov.cn/0.html", "http://www.a.gov.cn/1.html"}
    (r,) = ArchiveMiddleware(again, WarcArchive(tmp_path / "warc")).recover(str(tmp_path / "warc"))
    assert r.records == 5 and r.cut_bytes > 0  # warcinfo + 2 × (response, request)
    final = tmp_path / "warc" / r.warc_file
    with open(final, "rb") as f:
        urls = [rec.rec_headers.get_header("WARC-Target-URI") for rec in ArchiveIterator(f) if rec.rec_type == "response"]
    assert urls == ["http://www.a.gov.cn/0.html", "http://www.a.gov.cn/1.html"]
    with open(tmp_path / "warc" / r.quarantined, "rb") as f:  # the unacknowledged records, kept to look at
        assert [rec.rec_headers.get_header("WARC-Target-URI") for rec in ArchiveIterator(f)
                if rec.rec_type == "response"] == ["http://www.a.gov.cn/2.html", "http://www.a.gov.cn/3.html"]
    for row in again.db.query("select warc_file, warc_offset, url from documents"):
        assert read_record(final, row["warc_offset"]).url == row["url"]
    again.close()


def test_a_full_warc_file_is_closed_only_with_its_rows_committed(tmp_path: Path) -> None:
    store = Store(tmp_path / "archive.db")
    archive = WarcArchive(tmp_path / "warc", max_bytes=1, checkpoint=store.commit)  # every record rotates
    mw = ArchiveMiddleware(store, archive)
    store.commit_hooks.append(mw.note_position)
    for i in range(3):
        req = Request(f"http://www.a.gov.cn/{i}.html", meta={"kind": "list", "site": "www.a.gov.cn"})
        mw.process_response(req, HtmlResponse(req.url, body=b"<html>%d</html>" % i, request=req))
        # the rows of the file just closed are committed: another connection sees them
        con = sqlite3.connect(tmp_path / "archive.db")
        seen = con.execute("select count(*) from documents").fetchone()[0]
        marks = dict(con.execute("select name, committed_bytes from warc_files"))
        con.close()
        assert seen == i  # every fetch before this one (this one's row is in the open batch)
        closed = sorted(p.name for p in (tmp_path / "warc").glob("*.warc.gz"))
        assert len(closed) == i and all(marks[name] == (tmp_path / "warc" / name).stat().st_size for name in closed)
    store.close()
    archive.close()
