"""Fault tolerance: the real `nianbao crawl` against the faulty demo site (demo/faulty.py).

One night the site is healthy, the next it times out, resets, truncates, loops, answers 503s,
serves 200 MB, a decompression bomb, a broken PDF, 5 MB of nested tags, wrong charsets and an
attachment named ``../../etc/passwd``. The crawl must finish, record each failure with its reason,
keep its memory bounded, lose nothing archived the night before, write nothing outside ``data/``,
and exit 3 with a summary because the site's error rate passed the threshold. A third night the
site lists nothing: a source that had reports and yields none also exits 3.

The crawls run with the production size limits (DOWNLOAD_MAXSIZE 64 MB) and a 5 s timeout: short, yet
long enough for 64 MB of a streamed body to reach the size limit first on a busy machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from demo.faulty import FAULTS, start_faulty
from demo.faulty import expected_cells as faulty_cells

ROOT = Path(__file__).resolve().parents[1]
# The crawl command, printing its own peak RSS (KB) on stderr at the end.
_WRAPPER = ("import resource, sys\nfrom crawler.cli import main\nrc = main(sys.argv[1:])\n"
            "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\nsys.exit(rc)")
MAX_RSS_MB = 512


def _crawl(cwd: Path, db: str = "data/archive.db", *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", _WRAPPER, "crawl", "--sources", "data/sources.yaml", "--db", db,
           "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=5",
           "-s", "RETRY_TIMES=1", "-s", "NIANBAO_WARC_DIR=data/warc", "-s", "LOG_LEVEL=INFO", "-v", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=cwd, env=env, check=False)


def _maxrss_mb(proc: subprocess.CompletedProcess[str]) -> float:
    line = [x for x in proc.stderr.splitlines() if x.startswith("MAXRSS ")][-1]
    return int(line.split()[1]) / 1024


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory):
    """Night 1 healthy, night 2 faulty (same archive), night 3 empty (on a copy of night 1's)."""
    work = tmp_path_factory.mktemp("faulty")
    (work / "data").mkdir()
    passwd_before = _sha(Path("/etc/passwd")) if Path("/etc/passwd").exists() else None
    site = start_faulty(mode="healthy")
    try:
        (work / "data" / "sources.yaml").write_text(
            yaml.safe_dump({"agencies": [site.source()]}, allow_unicode=True), encoding="utf-8")
        first = _crawl(work)
        assert first.returncode == 0, first.stderr[-3000:]
        con = sqlite3.connect(work / "data" / "archive.db")
        before = {
            "reports": {r[0]: r[1] for r in con.execute("select id, sha256 from reports")},
            "cells": con.execute("select report_id, cell_id, value from cells order by 1, 2").fetchall(),
            "documents": con.execute("select url, sha256, warc_file, warc_offset from documents order by 1, 2").fetchall(),
            "warc": {p.name: _sha(p) for p in (work / "data" / "warc").iterdir()},
        }
        # night 3's archive: a copy of night 1's
        empty_db = sqlite3.connect(work / "data" / "empty.db")
        con.backup(empty_db)
        empty_db.close()
        con.close()

        site.mode = "faulty"
        second = _crawl(work)
        site.mode = "empty"
        third = _crawl(work, "data/empty.db")
    finally:
        site.stop()
    con = sqlite3.connect(work / "data" / "archive.db")
    con.row_factory = sqlite3.Row
    yield {"work": work, "site": site, "first": first, "second": second, "third": third, "before": before,
           "con": con, "passwd_before": passwd_before}
    con.close()


def _run_errors(con: sqlite3.Connection) -> dict[str, str]:
    run = con.execute("select id from crawl_runs order by started_at desc, id desc limit 1").fetchone()[0]
    return {r["url"].split("/", 3)[3]: r["reason"] for r in con.execute("select * from errors where run_id = ?", [run])}


def test_healthy_night_archives_every_report(nights) -> None:
    healthy = [f for f in FAULTS if f.healthy_report]
    assert set(nights["before"]["reports"]) == {f"{f.agency}:2024" for f in healthy}


def test_every_fault_is_recorded_with_its_reason(nights) -> None:
    con = nights["con"]
    second = nights["second"]
    assert "Spider closed (finished)" in second.stderr
    errors = _run_errors(con)
    expected = {
        "faults/timeout.html": "timeout",
        "faults/reset.html": "connection lost",
        "faults/truncated.html": "truncated body",
        **{f"faults/busy-{n}.html": "HTTP 503" for n in range(1, 5)},
        "faults/loop-a.html": "redirect loop",
        "faults/chain/1.html": "redirect loop",
        "faults/huge.pdf": "too large",
        "faults/huge-stream.pdf": "too large",
        "faults/bomb.html": "too large when decompressed",
    }
    for path, reason in expected.items():
        assert path in errors, (path, errors)
        assert errors[path].startswith(reason), (path, errors[path])
    docs = {r["url"].split("/", 3)[3]: r for r in con.execute("select * from documents where status = 200")}
    # the broken PDF is archived, and why it gave no report is on its documents row
    assert docs["faults/broken.pdf"]["warc_file"]
    assert docs["faults/broken.pdf"]["parse_status"] in ("unparsed", "error")
    assert docs["faults/broken.pdf"]["parse_reason"]
    # 5 MB of nested tags: fetched, archived, parsed within bounds (whatever the parser decided)
    assert docs["faults/nested.html"]["length"] > 5_000_000 and docs["faults/nested.html"]["parse_status"]
    # the bomb is archived as sent (1 MB), never decoded past DOWNLOAD_MAXSIZE
    assert docs["faults/bomb.html"]["length"] < 2_000_000


def test_wrong_and_missing_charsets_are_read(nights) -> None:
    con = nights["con"]
    for path in ("/faults/wrong-charset.html", "/faults/no-charset.html"):
        index = next(i for i, f in enumerate(FAULTS) if f.path == path)
        row = con.execute("select * from reports where id = ?", [f"{FAULTS[index].agency}:2024"]).fetchone()
        assert row is not None and row["title"] == f"{FAULTS[index].agency}2024年政府信息公开工作年度报告", path
        want = faulty_cells(index)
        if want:
            got = dict(con.execute("select cell_id, value from cells where report_id = ?", [row["id"]]).fetchall())
            assert {c: got.get(c) for c in want} == want, path


def test_memory_stays_bounded(nights) -> None:
    assert _maxrss_mb(nights["second"]) < MAX_RSS_MB


def test_nothing_archived_before_is_lost(nights) -> None:
    con, before = nights["con"], nights["before"]
    now = {r[0]: r[1] for r in con.execute("select id, sha256 from reports")}
    assert {k: now.get(k) for k in before["reports"]} == before["reports"]
    cells = set(map(tuple, con.execute("select report_id, cell_id, value from cells").fetchall()))
    assert set(map(tuple, before["cells"])) <= cells
    docs = set(map(tuple, con.execute("select url, sha256, warc_file, warc_offset from documents").fetchall()))
    assert set(map(tuple, before["documents"])) <= docs
    warc = nights["work"] / "data" / "warc"
    assert {name: _sha(warc / name) for name in before["warc"]} == before["warc"]  # closed files untouched


def test_nothing_is_written_outside_data(nights) -> None:
    work = nights["work"]
    outside = {p for p in _tree(work) if not p.startswith("data/")}
    assert outside == set()
    assert not [p for p in _tree(work) if "passwd" in p]
    if nights["passwd_before"]:
        assert _sha(Path("/etc/passwd")) == nights["passwd_before"]
    # the ../../etc/passwd attachments were fetched and exist only as WARC records
    con = nights["con"]
    rows = con.execute("select url, warc_file from documents where url like '%passwd%' and status = 200").fetchall()
    assert rows and all(r["warc_file"] for r in rows)


def test_error_rate_fails_the_run_with_a_stored_summary(nights) -> None:
    second, con = nights["second"], nights["con"]
    assert second.returncode == 3, second.stderr[-3000:]
    run = con.execute("select * from crawl_runs order by started_at desc, id desc limit 1").fetchone()
    problems = json.loads(run["problems"])
    site = nights["site"].base_url.split("//", 1)[1]
    assert {"check": "error_rate", "site": site} in [{k: p[k] for k in ("check", "site")} for p in problems]
    assert run["summary"].startswith(f"{len(problems)} check(s) failed")
    assert run["summary"] in second.stderr  # printed at the end
    assert json.loads(run["stats"])["checks_failed"] == len(problems)


def test_a_source_that_had_reports_and_yields_none_fails_the_run(nights) -> None:
    third = nights["third"]
    assert third.returncode == 3, third.stderr[-3000:]
    con = sqlite3.connect(nights["work"] / "data" / "empty.db")
    try:
        problems, summary = con.execute(
            "select problems, summary from crawl_runs order by started_at desc, id desc limit 1").fetchone()
    finally:
        con.close()
    site = nights["site"].base_url.split("//", 1)[1]
    assert [(p["check"], p["site"]) for p in json.loads(problems)] == [("no_reports", site)]
    assert "no_reports" in summary and summary in third.stderr


def test_a_redirect_back_into_its_own_chain_fails_with_that_reason() -> None:
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import Request, Response

    from crawler.middlewares import RedirectLoopMiddleware

    mw = RedirectLoopMiddleware()
    a, b = "http://127.0.0.1:9/a.html", "http://127.0.0.1:9/b.html"
    first = Request(a)
    assert mw.process_response(first, Response(a, status=302, headers={"Location": "/b.html"})).status == 302
    second = Request(b, meta={"redirect_urls": [a]})
    with pytest.raises(IgnoreRequest, match="redirect loop: .*a.html → .*b.html → .*a.html"):
        mw.process_response(second, Response(b, status=302, headers={"Location": "a.html"}))
    ok = Response(b, status=200, body=b"x")
    assert mw.process_response(second, ok) is ok
