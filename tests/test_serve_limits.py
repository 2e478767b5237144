"""`nianbao serve`: bad files refused before anything is written; a public server's limits hold.

The server is the real one (`prepare_and_command` + a datasette process on 127.0.0.1) on the
publishing fixture's archive.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from crawler import cli, serve_cmd
from crawler.publish.serve_plugins.nianbao_limits import search_problem
from tests.publish_fixture import build_archive

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("content", "says"), [
    (b"", "is an empty file"),
    (b"name,value\n1,2\n", "is not a SQLite database"),
    (b"SQLite format 3\x00" + b"\x00" * 84, "cannot be read as SQLite"),
])
def test_serve_refuses_a_file_that_is_not_an_archive_and_leaves_it_alone(tmp_path, capsys, content, says):
    db = tmp_path / "x.db"
    db.write_bytes(content)
    assert cli.main(["serve", "--db", str(db), "--dry-run"]) == 2
    err = capsys.readouterr().err.strip()
    assert says in err and len(err.splitlines()) == 1, err
    assert db.read_bytes() == content  # no schema written into it


def test_serve_refuses_a_missing_file_and_another_sqlite_database(tmp_path, capsys):
    import sqlite3

    assert cli.main(["serve", "--db", str(tmp_path / "nope.db"), "--dry-run"]) == 2
    assert "no archive at" in capsys.readouterr().err
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    before = other.read_bytes()
    assert cli.main(["serve", "--db", str(other), "--dry-run"]) == 2
    assert "not a nianbao archive" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_search_limits() -> None:
    assert search_problem(("_search=" + quote("行政复议 公开")).encode()) is None
    assert "too long: 101" in search_problem(("_search=" + quote("复" * 101)).encode())
    assert "too long" in search_problem(("q=" + quote("政" * 3000)).encode())
    assert "too many search terms: 9" in search_problem(("_search_title=" + "+".join(["公开"] * 9)).encode())
    assert search_problem(b"province=" + quote("福建省" * 50).encode()) is None  # not a search parameter


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def public_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    archive = build_archive(root)
    port = _free_port()
    cmd = serve_cmd.prepare_and_command(archive.db, port=port, public=True, state_dir=root / "state",
                                        warc_dir=archive.warc_dir, rate_limit=30)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 60 s for the server to answer
            try:
                if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base, archive, cmd
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_public_server_limits(public_server) -> None:
    base, archive, cmd = public_server
    assert cmd[cmd.index("sql_time_limit_ms") + 1] == "1000"
    with httpx.Client(base_url=base, timeout=30) as client:
        # no arbitrary SQL (nor a raw _where); the canned search, the table search and the
        # dashboards' own chart queries still answer
        assert client.get("/archive.json?sql=" + quote("select 1")).status_code == 403
        assert client.get("/archive/reports.json?_where=" + quote("1=1")).status_code == 403
        meta = json.loads((Path(cmd[cmd.index("--metadata") + 1])).read_text(encoding="utf-8"))
        charts = serve_cmd.dashboard_queries(meta)
        assert charts
        for sql in charts:  # as the dashboard page sends them (its filters, when set, as parameters)
            params = {name: "" for name in re.findall(r":([a-z_]+)", sql)}
            resp = client.get("/archive.json", params={"sql": sql, "_shape": "objects", **params})
            assert resp.status_code == 200, (sql, resp.text[:300])
        assert client.get("/-/dashboards/overview").status_code == 200
        found = client.get("/archive_text/search_reports.json?_shape=array&q=" + quote("行政复议"))
        assert found.status_code == 200 and found.json()
        assert client.get("/archive_text/report_text.json?_search=" + quote("行政复议")).status_code == 200
        # a search term over the cap is refused before any SQL runs
        long = client.get("/archive_text/search_reports.json?q=" + quote("政" * 3000))
        assert long.status_code == 400 and "search too long: 3000" in long.text
        # the rate limit: 30 requests a minute from one client, then 429 with Retry-After
        # (the requests above and the start-up polls count too)
        statuses = [client.get("/archive/reports.json?_size=1").status_code for _ in range(40)]
        assert statuses[0] == 200 and statuses[-1] == 429 and statuses.count(200) <= 30
        blocked = client.get("/archive.json")
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
