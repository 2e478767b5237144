"""Close-of-run checks (crawler/monitor.py), their storage in crawl_runs and the exit status.

The end-to-end cases (a faulty site over the error rate, a site that had reports and yields none)
are in test_faults.py; here each check, the summary and the plumbing, without a crawl.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from types import SimpleNamespace

from crawler import crawl_cmd, monitor
from crawler.archive import decode_content
from crawler.db import Store, connect


def test_a_site_that_had_reports_and_found_none_is_a_problem() -> None:
    sites = [monitor.SiteRun("a.gov.cn", requests=12, reports=0, archived_reports=5),
             monitor.SiteRun("b.gov.cn", requests=12, reports=3, archived_reports=5),
             monitor.SiteRun("new.gov.cn", requests=3, reports=0, archived_reports=0)]
    problems = monitor.check_sites(sites)
    assert [(p.check, p.site) for p in problems] == [("no_reports", "a.gov.cn")]
    assert "5 report(s)" in problems[0].detail


def test_error_rate_over_the_threshold_per_site_and_per_run() -> None:
    sites = [monitor.SiteRun("a.gov.cn", requests=10, reports=4, errors=3),
             monitor.SiteRun("b.gov.cn", requests=10, reports=4, errors=2)]
    assert [(p.check, p.site) for p in monitor.check_sites(sites, max_error_rate=0.2)] == [("error_rate", "a.gov.cn")]
    assert monitor.check_sites(sites, max_error_rate=0.5) == []
    assert monitor.check_sites(sites, max_error_rate=0.2, min_requests=11) == []
    assert [p.check for p in monitor.check_run(requests=20, errors=5, archive_errors=0, max_error_rate=0.2)] == [
        "error_rate"]
    assert monitor.check_run(requests=20, errors=4, archive_errors=0, max_error_rate=0.2) == []


def test_dead_links_of_a_site_that_gave_reports_do_not_fail_the_run() -> None:
    """A portal linking 7 files long gone, its 7 reports found: a good run (its 404s stay errors rows).
    The same 404s on a site that gave nothing, or a site that is mostly dead links, still fail it."""
    good = monitor.SiteRun("ruoyi.gov.cn", requests=18, reports=7, errors=7, dead_links=7)
    assert monitor.check_sites([good], max_error_rate=0.2) == []
    slow = monitor.SiteRun("slow.gov.cn", requests=18, reports=7, errors=9, dead_links=3)  # 6 timeouts
    assert [(p.check, p.site) for p in monitor.check_sites([slow], max_error_rate=0.2)] == [("error_rate", "slow.gov.cn")]
    assert "6 errors in 18 requests, not counting 3 dead link(s)" in monitor.check_sites([slow])[0].detail
    nothing = monitor.SiteRun("gone.gov.cn", requests=5, reports=0, errors=5, dead_links=5)
    assert [p.check for p in monitor.check_sites([nothing])] == ["error_rate"]
    mostly = monitor.SiteRun("moved.gov.cn", requests=20, reports=1, errors=11, dead_links=11)
    assert [p.check for p in monitor.check_sites([mostly])] == ["dead_links"]


def test_blocked_sites_and_archive_errors_are_problems() -> None:
    problems = monitor.check_sites([monitor.SiteRun("waf.gov.cn", requests=2, blocked=1, archived_reports=9)])
    assert [p.check for p in problems] == ["blocked"]  # not also "no_reports": we cannot tell
    assert [p.check for p in monitor.check_run(requests=5, errors=0, archive_errors=1)] == ["archive_errors"]


def test_summary_says_ok_or_lists_what_broke() -> None:
    stats = {"pages": 10, "reports_found": 4, "reports_new": 1, "errors": 0, "blocked_sites": 0}
    assert monitor.summarize([], stats).startswith("ok: 10 pages, 4 reports")
    problems = [monitor.Problem("no_reports", "a.gov.cn", "none")]
    text = monitor.summarize(problems, stats, {"timeout": 3})
    assert text.splitlines()[0].startswith("1 check(s) failed")
    assert "  - no_reports: a.gov.cn: none" in text and "timeout ×3" in text
    assert json.loads(monitor.problems_json(problems)) == [{"check": "no_reports", "site": "a.gov.cn",
                                                            "detail": "none"}]


def test_site_runs_take_errors_and_history_from_the_archive(tmp_path) -> None:
    store = Store(tmp_path / "a.db", run_id="run-2")
    store.upsert_agency({"id": "x", "name": "x"}, authoritative=True)
    store.store_report({"id": "x:2024", "agency_id": "x", "year": 2024, "sha256": "s", "site": "a.gov.cn"},
                       {}, [], [], "")
    store.record_error("http://a.gov.cn/1", "crawl", "timeout", "a.gov.cn")
    store.record_error("http://a.gov.cn/2", "crawl", "timeout", "a.gov.cn")
    store.record_error("http://b.gov.cn/gone.pdf", "crawl", "HTTP 404", "b.gov.cn")
    spider = SimpleNamespace(starts=[("http://a.gov.cn/", None), ("b.gov.cn", None)],
                             pages=Counter({"a.gov.cn": 4, "b.gov.cn": 2}), reports=Counter({"b.gov.cn": 1}),
                             blocked=Counter())
    runs = monitor.site_runs(store, spider)
    assert runs == [monitor.SiteRun("a.gov.cn", requests=4, reports=0, errors=2, archived_reports=1),
                    monitor.SiteRun("b.gov.cn", requests=2, reports=1, errors=1, dead_links=1)]
    assert runs[1].failures == 0 and runs[0].failures == 2
    assert monitor.error_reasons(store) == {"timeout": 2, "HTTP 404": 1}
    assert monitor.site_runs(store, SimpleNamespace()) == []  # another spider: no per-site checks
    store.close()


def test_close_run_stores_problems_and_summary_and_old_archives_get_the_columns(tmp_path) -> None:
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)  # crawl_runs as released before the checks existed
    con.execute("create table crawl_runs (id text primary key, started_at text, finished_at text, stats text, "
                "spider text, finish_reason text, host text, pid integer)")
    con.close()
    assert {"problems", "summary"} <= set(connect(path)["crawl_runs"].columns_dict)
    store = Store(path, run_id="r1")
    store.open_run("reports")
    store.close_run({"pages": 1}, "finished", problems="[]", summary="ok: 1 pages")
    row = store.db["crawl_runs"].get("r1")
    assert (row["problems"], row["summary"]) == ("[]", "ok: 1 pages")
    store.close()


def _args(tmp_path, *extra: str) -> argparse.Namespace:
    sources = tmp_path / "sources.yaml"
    sources.write_text("agencies:\n  - name: 测试局\n    start_urls: [http://127.0.0.1:9/]\n", encoding="utf-8")
    p = argparse.ArgumentParser()
    crawl_cmd.add_arguments(p)
    return p.parse_args(["--sources", str(sources), "--db", str(tmp_path / "a.db"), *extra])


def test_crawl_exits_3_and_prints_the_summary_when_a_check_failed(tmp_path, monkeypatch, capsys) -> None:
    stats = {"finish_reason": "finished", "response_received_count": 5, "nianbao/checks_failed": 1,
             "nianbao/summary": "1 check(s) failed: ...\n  - no_reports: a.gov.cn: none"}
    monkeypatch.setattr(crawl_cmd, "crawl", lambda *a, **k: stats)
    assert crawl_cmd.run(_args(tmp_path)) == crawl_cmd.CHECKS_FAILED_EXIT == 3
    assert "no_reports: a.gov.cn" in capsys.readouterr().err
    stats.update({"nianbao/checks_failed": 0, "nianbao/summary": "ok: 5 pages"})
    assert crawl_cmd.run(_args(tmp_path)) == 0
    assert "ok: 5 pages" in capsys.readouterr().out


def test_decoding_for_the_hash_is_bounded_against_decompression_bombs() -> None:
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    member = c.compress(b"\0" * (8 * 1024 * 1024)) + c.flush()
    bomb = member * 16  # 128 MB decoded, a few hundred KB sent
    assert decode_content(bomb, "gzip", max_size=1024 * 1024) is bomb  # kept as sent, never expanded
    assert len(decode_content(member * 2, "gzip", max_size=0)) == 16 * 1024 * 1024  # every gzip member


def test_summary_names_the_sites_that_never_gave_a_report() -> None:
    # a held-out first crawl of three portals the crawler could not read ended in a bare "ok"
    sites = [monitor.SiteRun("a.gov.cn", requests=6, reports=0),
             monitor.SiteRun("b.gov.cn", requests=9, reports=4),
             monitor.SiteRun("c.gov.cn", requests=3, reports=0, archived_reports=5),  # no_reports fails it
             monitor.SiteRun("d.gov.cn", requests=2, blocked=1),  # said as blocked
             monitor.SiteRun("e.gov.cn", requests=4, reports=0)]
    assert monitor.without_reports(sites) == ["a.gov.cn", "e.gov.cn"]
    stats = {"pages": 24, "reports_found": 4}
    text = monitor.summarize([], stats, without_reports=monitor.without_reports(sites))
    assert text.splitlines()[0].startswith("ok: 24 pages, 4 reports")
    assert text.splitlines()[1] == "  2 site(s) gave no report (none archived before): a.gov.cn, e.gov.cn"
    many = [f"s{i}.gov.cn" for i in range(13)]
    assert monitor.summarize([], stats, without_reports=many).endswith("s9.gov.cn and 3 more")
