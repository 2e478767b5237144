"""Every bad input to every command is one clear line and an exit status, and changes nothing.

(`nianbao serve` on files that are not archives: tests/test_serve_limits.py.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler import cli

ROOT = Path(__file__).resolve().parents[1]


def _nianbao(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize(("url", "says"), [
    ("ftp://www.a.gov.cn/", "not an http(s) URL: 'ftp://www.a.gov.cn/'"),
    ("http://a b.gov.cn/", "not a URL: 'http://a b.gov.cn/'"),
    ("http://www.a.gov.cn:99999/", "not a URL: 'http://www.a.gov.cn:99999/'"),
    ("http://", "not a URL: 'http://'"),
])
def test_crawl_refuses_a_bad_start_url_in_one_line(tmp_path: Path, url: str, says: str) -> None:
    proc = _nianbao("crawl", "--start-url", url, "--db", "a.db", cwd=tmp_path)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"nianbao crawl: {says}"), line
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_crawl_refuses_a_db_that_is_not_sqlite_and_bad_sources(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("my notes\n", encoding="utf-8")
    proc = _nianbao("crawl", "--start-url", "www.a.gov.cn", "--db", "notes.db", cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "notes.db is not a SQLite database" in proc.stderr
    assert (tmp_path / "notes.db").read_text(encoding="utf-8") == "my notes\n"
    (tmp_path / "bad.yaml").write_text("agencies: [1\n", encoding="utf-8")
    proc = _nianbao("crawl", "--sources", "bad.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "bad.yaml: not valid YAML at line 2" in proc.stderr
    proc = _nianbao("crawl", "--sources", "missing.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip() == "nianbao crawl: no such sources file: missing.yaml"


def test_parse_says_what_is_wrong_with_each_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scan.gif").write_bytes(b"GIF89a" + b"\x00garbage" * 20)
    rc = cli.main(["parse", str(tmp_path / "missing.pdf"), str(tmp_path), str(tmp_path / "scan.gif")])
    assert rc == 1  # every input failed
    errors = [json.loads(line)["error"] for line in capsys.readouterr().out.splitlines()]
    assert errors[0] == f"no such file: {tmp_path / 'missing.pdf'}"
    assert errors[1] == f"{tmp_path} is a directory, not a document"
    assert errors[2].startswith("unreadable image: its bytes start like an image") and "BytesIO" not in errors[2]
