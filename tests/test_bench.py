"""The benchmark's own pieces on a tiny N, so `make bench` does not rot between runs.

Not a benchmark: the synthetic archive must be a valid archive (real schema, searchable, every
cell of its form, some rules broken), and the archive section must get HTTP 200 from every page it
times.
"""

from __future__ import annotations

import sqlite3

from crawler.db import text_path
from parsers.form import all_cells
from scripts import bench, bench_archive
from scripts.make_synthetic_archive import build


def test_synthetic_archive_is_a_valid_searchable_archive(tmp_path) -> None:
    db = tmp_path / "s.db"
    out = build(300, db, text_bytes=2000)
    assert out["reports"] == 300
    con = sqlite3.connect(db)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert con.execute("select count(*) from reports").fetchone()[0] == 300
        years = {r[0] for r in con.execute("select distinct year from reports")}
        assert years == set(range(2019, 2026))
        assert con.execute("select count(distinct province) from agencies").fetchone()[0] > 10
        per_version = {v: sum(v in c.versions for c in all_cells()) for v in ("2019", "2021")}
        counts = dict(con.execute("select r.form_version, count(*) / count(distinct r.id) from cells c "
                                  "join reports r on r.id = c.report_id group by r.form_version"))
        assert counts == per_version
        assert con.execute("select count(distinct value) from cells").fetchone()[0] > 100
        assert 0 < con.execute("select count(*) from reports where checks_failed > 0").fetchone()[0] < 100
        assert con.execute("select count(*) from documents where parse_status = 'report'").fetchone()[0] == 300
        assert con.execute("select count(*) from checks where rule = 'carryover'").fetchone()[0] > 0
    finally:
        con.close()
    text = sqlite3.connect(text_path(db))
    try:
        lengths = [r[0] for r in text.execute("select length(cast(text as blob)) from report_text")]
        assert len(lengths) == 300 and min(lengths) >= 2000
        hits = text.execute("select count(*) from report_text_fts where report_text_fts match '\"行政复议\"'"
                            ).fetchone()[0]
        assert hits > 0
    finally:
        text.close()
    sizes = bench_archive.archive_bytes(db)
    assert sizes["reports"] == 300 and 0 < sizes["growing"] < sizes["used"] <= sizes["total"]


def test_archive_section_gets_every_page_it_times(monkeypatch) -> None:
    monkeypatch.setattr(bench_archive, "REPEAT", 2)
    rows = bench_archive.rows(n=70)
    timed = [r for r in rows if r[0] == "datasette" and r[2].endswith(" ms")]
    assert len(timed) == len(bench_archive.PAGES) + 1  # and the report page
    assert all(r[3].startswith("HTTP 200") for r in timed), timed
    bench.print_table(rows)
