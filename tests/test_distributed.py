"""Issue 10: `nianbao crawl --workers 3` (scrapy-redis workers, one writer) against a single-process
crawl of the same demo portal; a worker killed with SIGKILL mid-crawl; the writer's reliable,
idempotent queue; the site tokens that keep politeness across workers.

Everything runs on 127.0.0.1: the demo portal, and a redis-server each test starts on a free port
(skipped, with the reason, when redis-server is not installed: `make` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from demo.portal import start_portal, write_sources

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None,
                                reason="redis-server is not installed (apt-get install redis-server; `make` does it)")

ROOT = Path(__file__).resolve().parent.parent
KEYS = {  # natural keys that must never repeat
    "reports": "agency_id, year", "documents": "url, sha256", "checks": "report_id, rule, scope",
    "report_versions": "rid, sha256", "agencies": "id", "cell_notes": "vid, cell_id, kind",
}
# The script-built site renders its column in Chromium; three workers would start three browsers on
# a 2-core machine for one page: the browser path is tested elsewhere, the portals here are static.
SITES = ("trs", "hanweb", "plain", "county")


def _crawl_cmd(db: Path, warc: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--db", str(db), "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", f"NIANBAO_WARC_DIR={warc}", "-s", "LOG_LEVEL=INFO", "-s", "NIANBAO_PARSE_WORKERS=1", *extra]


def _archive(db: Path, bases: dict[str, str]) -> dict:
    """Reports and cells with the portal's ports taken out (two portals, two sets of ports)."""
    con = sqlite3.connect(db)

    def local(url: str | None) -> str | None:
        for base in bases.values():
            if url and url.startswith(base.rstrip("/")):
                return url[len(base.rstrip("/")):]
        return url

    try:
        out = {
            "reports": {r[0]: (r[1], r[2], r[3], r[4], local(r[5])) for r in con.execute(
                "select id, sha256, title, year, form_version, document_url from reports")},
            "cells": set(con.execute("select report_id, cell_id, value from cells")),
            "checks": set(con.execute("select report_id, rule, scope, ok from checks")),
            "dupes": {t: con.execute(f"select count(*) from (select 1 from {t} group by {k} having count(*) > 1)")
                      .fetchone()[0] for t, k in KEYS.items()},
            "integrity": con.execute("pragma integrity_check").fetchone()[0],
            "versions": con.execute("select count(*) from report_versions").fetchone()[0],
            "runs": con.execute("select count(*), sum(finished_at is not null) from crawl_runs").fetchone(),
            "report_documents": {r[0] for r in con.execute(
                "select d.url from documents d join reports r on r.sha256 = d.sha256 where d.status = 200")},
        }
    finally:
        con.close()
    return out


@pytest.fixture(scope="module")
def single_and_three(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("distributed")
    portal, bases = start_portal()
    bases = {k: v for k, v in bases.items() if k in SITES}
    try:
        sources = write_sources(bases, tmp / "sources.yaml")
        single = subprocess.run(_crawl_cmd(tmp / "single.db", tmp / "warc-single", "--sources", str(sources),
                                           "-s", "DOWNLOAD_DELAY=0"),
                                cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
        three = subprocess.run(_crawl_cmd(tmp / "three.db", tmp / "warc-three", "--sources", str(sources),
                                          "-s", "DOWNLOAD_DELAY=0", "--workers", "3"),
                               cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
        first = _archive(tmp / "three.db", bases)
        again = subprocess.run(_crawl_cmd(tmp / "three.db", tmp / "warc-three", "--sources", str(sources),
                                          "-s", "DOWNLOAD_DELAY=0", "--workers", "2"),
                               cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    finally:
        portal.stop()
    yield {"single": single, "three": three, "a": _archive(tmp / "single.db", bases), "b": first,
           "again": again, "after_again": _archive(tmp / "three.db", bases), "tmp": tmp}


def test_three_workers_end_like_a_single_crawl(single_and_three) -> None:
    single, three = single_and_three["single"], single_and_three["three"]
    assert single.returncode == 0, single.stderr[-3000:]
    assert three.returncode == 0, three.stderr[-3000:]
    assert "ok:" in three.stdout and "reports" in three.stdout  # the summary line, as a plain crawl's


def test_three_workers_archive_the_same_reports_and_cells(single_and_three) -> None:
    a, b = single_and_three["a"], single_and_three["b"]
    assert len(a["reports"]) >= 20
    assert b["reports"] == a["reports"]
    assert b["cells"] == a["cells"]
    assert b["checks"] == a["checks"]
    assert b["integrity"] == "ok"
    assert b["dupes"] == dict.fromkeys(KEYS, 0)
    assert b["runs"] == (1, 1)  # one crawl_runs row, closed by the writer


def test_a_second_distributed_run_asks_conditionally_and_changes_nothing(single_and_three) -> None:
    """The validators the workers read come from the writer's mirror of the archive."""
    again, before, after = single_and_three["again"], single_and_three["b"], single_and_three["after_again"]
    assert again.returncode == 0, again.stderr[-3000:]
    con = sqlite3.connect(single_and_three["tmp"] / "three.db")
    try:
        stats = json.loads(con.execute("select stats from crawl_runs order by started_at desc limit 1").fetchone()[0])
    finally:
        con.close()
    assert stats["conditional_requests"] > 0 and stats["not_modified"] > 0
    assert stats["not_modified"] >= stats["reports_found"] // 2  # the reports' pages answered 304
    assert stats["reports_new"] == 0 and stats["reports_changed"] == 0
    assert after["reports"] == before["reports"] and after["cells"] == before["cells"]
    assert after["versions"] == before["versions"]  # no second version of anything
    assert after["dupes"] == dict.fromkeys(KEYS, 0) and after["runs"] == (2, 2)


def test_each_worker_wrote_its_own_warc_files(single_and_three) -> None:
    files = sorted((single_and_three["tmp"] / "warc-three").glob("*.warc.gz"))
    pids = {f.name.split("-")[-2] for f in files}
    assert len(pids) >= 2, files  # several workers fetched
    assert all(f.name.startswith("nianbao-") and not f.name.endswith(".open") for f in files)


# -- a worker killed mid-crawl ------------------------------------------------------------------------
def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=5)
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def test_a_worker_killed_mid_crawl_loses_no_report(single_and_three) -> None:
    from crawler.distributed import keys
    from crawler.distributed.local import local_redis

    tmp = single_and_three["tmp"]
    expected = single_and_three["a"]
    portal, bases = start_portal()
    bases = {k: v for k, v in bases.items() if k in SITES}
    db, warc = tmp / "killed.db", tmp / "warc-killed"
    procs: list[subprocess.Popen] = []
    try:
        sources = write_sources(bases, tmp / "sources-kill.yaml")
        with local_redis() as url:
            writer = subprocess.Popen([sys.executable, "-m", "crawler.cli", "store", "--redis", url, "--db", str(db),
                                       "--warc-dir", str(warc)], cwd=ROOT, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
            procs.append(writer)
            seeded = subprocess.run([sys.executable, "-m", "crawler.cli", "seed", "--redis", url, "--sources",
                                     str(sources)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
            assert seeded.returncode == 0 and "4 start URL(s)" in seeded.stdout, seeded.stderr
            # the workers are given no start URLs: they take the seeded ones, and the first pushes them
            workers = [subprocess.Popen(_crawl_cmd(db, warc, "--redis", url, "-s", "DOWNLOAD_DELAY=1"),
                                        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                       for _ in range(3)]
            procs += workers
            redis = keys.connect(url)
            deadline = time.monotonic() + 240
            victim = None
            # kill a worker while it holds requests in hand and reports are being stored
            while victim is None:
                assert time.monotonic() < deadline, "the crawl never got going"
                assert writer.poll() is None, "the crawl ended before a worker could be killed: slow it down"
                if _count(db, "select count(*) from reports") >= 3:
                    victim = next((w for w in workers if w.poll() is None and
                                   redis.hlen(keys.inflight(f"{socket.gethostname()}:{w.pid}"))), None)
                time.sleep(0.05)
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(timeout=30)
            out, err = writer.communicate(timeout=400)
            for w in workers:
                w.wait(timeout=60)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        portal.stop()
    assert writer.returncode in (0, 3), err[-3000:]
    got = _archive(db, bases)
    assert got["reports"] == expected["reports"]  # every report archived, as the clean crawl has it
    assert got["cells"] == expected["cells"]
    assert got["integrity"] == "ok"
    assert got["dupes"] == dict.fromkeys(KEYS, 0)
    assert not list(warc.glob("*.open"))  # the killed worker's file was closed by the writer


# -- the writer's queue -------------------------------------------------------------------------------
@pytest.fixture
def redis_url():
    from crawler.distributed.local import local_redis

    with local_redis() as url:
        yield url


def _report_calls(n: int) -> list:
    agency = {"id": "示例县人民政府", "name": "示例县人民政府", "province": None, "city": None, "county": None,
              "portal_url": None}
    report = {"id": f"示例县人民政府:{2020 + n}", "agency_id": "示例县人民政府", "year": 2020 + n,
              "title": f"示例县人民政府{2020 + n}年政府信息公开工作年度报告", "url": f"http://x.test/{n}.html",
              "document_url": f"http://x.test/{n}.html", "published_date": None, "date_source": None,
              "form_version": "2021", "sha256": f"{n:064d}", "list_title": None, "site": "x.test",
              "content_type": "text/html", "warnings": []}
    return [["upsert_agency", [agency], {"authoritative": False}],
            ["store_report", [report, {"apply/1/natural_person": 17 + n, "apply/1/total": 40 + n}, [], [], "正文"], {}],
            ["record_parse", [report["url"], report["sha256"], "report", None, report["id"]], {}]]


def _snapshot(db: Path) -> tuple:
    con = sqlite3.connect(db)
    try:
        return (list(con.execute("select id, sha256, last_seen, versions from reports order by id")),
                list(con.execute("select * from apply order by vid")),
                list(con.execute("select * from documents order by url")))
    finally:
        con.close()


def test_a_redelivered_message_changes_nothing(redis_url, tmp_path) -> None:
    from crawler.distributed import keys
    from crawler.distributed.remote_store import encode_message
    from crawler.distributed.writer import Writer

    redis = keys.connect(redis_url)
    writer = Writer(redis, str(tmp_path / "a.db"))
    writer.open("run-1")
    message = encode_message(_report_calls(1), "w1")
    redis.lpush(keys.ITEMS, message)
    assert writer.step(block=0.1) == 1
    before = _snapshot(tmp_path / "a.db")
    assert before[0][0][:2] == ("示例县人民政府:2021", f"{1:064d}")
    assert before[1][0][1:3] == (18, 41) or 18 in before[1][0]
    time.sleep(1.1)  # a re-delivery later: last_seen would move if it were applied again
    redis.lpush(keys.ITEMS, message)
    assert writer.step(block=0.1) == 1
    assert _snapshot(tmp_path / "a.db") == before
    assert writer.counts["redelivered"] == 1
    assert json.loads(redis.hget(keys.CURRENT, "示例县人民政府:2021"))["sha256"] == f"{1:064d}"  # the mirror
    assert redis.hget(keys.PARSED, f"http://x.test/1.html {1:064d}") == "示例县人民政府:2021".encode()
    writer.store.close()


def test_messages_of_a_writer_that_died_are_applied_once(redis_url, tmp_path) -> None:
    from crawler.distributed import keys
    from crawler.distributed.remote_store import encode_message
    from crawler.distributed.writer import Writer

    redis = keys.connect(redis_url)
    db = tmp_path / "a.db"
    committed, lost = encode_message(_report_calls(2), "w1"), encode_message(_report_calls(3), "w1")
    # A writer that committed one message and died before removing it, and had taken another.
    first = Writer(redis, str(db))
    first.name, first.processing = "gone:1", keys.processing("gone:1")
    first.open("run-1")
    redis.lpush(keys.ITEMS, committed)
    first.step(block=0.1)
    redis.lpush(first.processing, committed, lost)  # as if LREM never ran, and one more was taken
    first.store.close()
    redis.delete(keys.alive("writer-gone:1"))  # its heartbeat expired
    second = Writer(redis, str(db))
    second.open("run-1")
    assert second.take_back() == 2
    while second.step(block=0.1):
        pass
    assert second.counts["redelivered"] == 1
    assert second.counts["reports_new"] == 1
    assert _count(db, "select count(*) from reports") == 2
    assert redis.llen(keys.processing("gone:1")) == 0 and redis.llen(second.processing) == 0
    second.store.close()


def test_a_site_token_is_held_for_the_delay_and_expires_with_a_dead_worker(redis_url) -> None:
    from crawler.distributed import keys
    from crawler.distributed.politeness import SiteTokenMiddleware

    redis = keys.connect(redis_url)
    a = SiteTokenMiddleware(redis, per_site=1, delay=5.0)
    b = SiteTokenMiddleware(redis, per_site=1, delay=5.0)
    key, _ = a._try("gov.example", "worker-a")
    assert key == keys.site_token("gov.example", 0)
    assert b._try("gov.example", "worker-b")[0] is None  # one worker on the site at a time
    assert b._try("other.example", "worker-b")[0] is not None  # another site is free
    ttl = redis.pttl(key)
    assert 0 < ttl <= keys.ALIVE_TTL_SECONDS * 1000  # a killed holder frees it by itself
    a._release(keys=[key], args=["worker-a", 5000])  # the answer came: held for DOWNLOAD_DELAY more
    assert 0 < redis.pttl(key) <= 5000
    assert b._try("gov.example", "worker-b")[0] is None
    a._release(keys=[key], args=["worker-b", 0])  # not its owner: nothing happens
    assert redis.exists(key)
    two = SiteTokenMiddleware(redis, per_site=2, delay=0)
    assert two._try("gov.example", "worker-c")[0] == keys.site_token("gov.example", 1)  # a second token
