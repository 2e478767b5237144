"""The writer thread (crawler/writer.py): jobs in submission order, off the calling thread, failures
handed back, a drain that waits for everything queued, a bounded queue; and the short-string caches
of parsers.normalize, the page's compact text (crawler/page.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from crawler.page import REPORT_MARKERS, compact
from crawler.writer import SerialWriter
from parsers import normalize
from parsers.normalize import SQUEEZE_CACHED_CHARS, classify, squeeze

ROOT = Path(__file__).resolve().parents[1]


def test_jobs_run_in_order_on_one_other_thread() -> None:
    writer = SerialWriter(max_jobs=4)
    seen: list[tuple[int, str]] = []
    try:
        futures = [writer.future(lambda i=i: seen.append((i, threading.current_thread().name)) or i * 3)
                   for i in range(50)]  # more than the queue holds: submit waits, never drops
        assert [f.result(timeout=10) for f in futures] == [i * 3 for i in range(50)]
        assert [i for i, _ in seen] == list(range(50))
        assert {name for _, name in seen} == {"nianbao-writer"} != {threading.current_thread().name}
    finally:
        writer.close()


def test_a_failing_job_reaches_its_caller_and_the_next_jobs_still_run() -> None:
    writer = SerialWriter()
    try:
        bad = writer.future(lambda: 1 / 0)
        good = writer.future(lambda: "after")
        with pytest.raises(ZeroDivisionError):
            bad.result(timeout=10)
        assert good.result(timeout=10) == "after"
        writer.post(lambda: 1 / 0, "a posted job")  # logged, nothing else
        assert writer.call(lambda: 7) == 7
    finally:
        writer.close()


def test_drain_waits_for_every_queued_job_and_close_runs_them_first() -> None:
    writer = SerialWriter()
    done: list[int] = []
    for i in range(5):
        writer.post(lambda i=i: (time.sleep(0.01), done.append(i)))
    writer.drain(timeout=10)
    assert done == [0, 1, 2, 3, 4]
    for i in range(5, 8):
        writer.post(lambda i=i: done.append(i))
    writer.close(timeout=10)
    assert done == list(range(8)) and not writer.thread.is_alive()
    with pytest.raises(RuntimeError):
        writer.post(lambda: None)
    writer.drain()  # a closed writer has nothing to wait for


def test_a_job_that_submits_another_runs_it_at_once_instead_of_waiting_on_itself() -> None:
    writer = SerialWriter(max_jobs=1)
    try:
        assert writer.call(lambda: writer.call(lambda: "inner") + "+outer", timeout=10) == "inner+outer"
    finally:
        writer.close()


def test_squeeze_and_classify_keep_only_short_strings() -> None:
    page = (ROOT / "tests" / "files" / "realdocs" / "pingtan_2024.html").read_text(encoding="utf-8")
    assert len(page) > SQUEEZE_CACHED_CHARS
    before = normalize._squeeze_short.cache_info().currsize  # noqa: SLF001
    long_once = squeeze(page)
    assert normalize._squeeze_short.cache_info().currsize == before  # noqa: SLF001 - the page is not kept
    assert long_once == normalize._WS.sub("", normalize.halfwidth(page))  # noqa: SLF001
    assert squeeze("（三） 不予公开\u3000１２件") == "(三)不予公开12件"
    before = normalize._squeeze_short.cache_info().currsize  # noqa: SLF001
    squeeze(f"  第{len(page)}项 申请  ")
    assert normalize._squeeze_short.cache_info().currsize == before + 1  # noqa: SLF001
    assert classify("１２件").value == 12 and classify("—").kind == "blank"
    long_cell = "说明：" + "本机关" * 60
    before = normalize._classify_short.cache_info().currsize  # noqa: SLF001
    assert classify(long_cell).kind == "text"
    assert normalize._classify_short.cache_info().currsize == before  # noqa: SLF001


def test_the_compact_text_finds_what_squeeze_finds_for_a_fraction_of_the_cost() -> None:
    for path in sorted((ROOT / "tests" / "files" / "realdocs").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        fast, slow = compact(text), squeeze(text)
        assert len(fast) == len(slow)
        assert [m in fast for m in REPORT_MARKERS] == [m in slow for m in REPORT_MARKERS]
        assert sum(m in fast for m in REPORT_MARKERS) >= 3
    assert compact("总 体\u200b情\u3000况（一）") == "总体情况（一）"


def test_nothing_that_updates_a_report_reindexes_its_text(tmp_path: Path) -> None:
    """The numbers database has no trigger at all, and the text database's only update trigger
    fires on a new title or text: a crawl's last_seen / checks_failed updates never touch the index."""
    import sqlite3

    from crawler.db import Store, text_path

    store = Store(tmp_path / "archive.db")
    store.close()
    numbers = sqlite3.connect(tmp_path / "archive.db")
    assert numbers.execute("select name from sqlite_master where type = 'trigger'").fetchall() == []
    numbers.close()
    text = sqlite3.connect(text_path(tmp_path / "archive.db"))
    updates = [sql for (sql,) in text.execute("select sql from sqlite_master where type = 'trigger'")
               if "UPDATE" in sql.upper().split(" ON ")[0]]
    text.close()
    assert len(updates) == 1 and "AFTER UPDATE OF title, text ON report_text" in updates[0]
