"""Publishing with Datasette: views, metadata, canned queries, Chinese search, archived copies, snapshots.

Runs Datasette in-process (its ASGI test client) on an archive built from the real reports and demo
reports (tests/publish_fixture.py), and asserts the numbers that come back, not only status codes.
The browser walk-through is tests/test_publish_browser.py.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from crawler import cli, serve_cmd
from crawler.db import Store, text_path
from crawler.publish import snapshot
from crawler.publish.metadata import build_metadata
from crawler.publish.plugin import is_short_query, rewrite_short_search
from crawler.publish.views import WIDE_TABLES, prepare, view_definitions, wide_cells, wide_column
from parsers.form import all_cells
from tests.publish_fixture import build_archive

PINGTAN = "平潭综合实验区"
QZ = "泉州市科学技术局"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    a = build_archive(tmp_path_factory.mktemp("publish"))
    prepare(a.db)
    return a


def datasette_for(db: Path, warc_dir: Path) -> Datasette:
    """Both files under their served names, as `nianbao serve` serves them: archive and archive_text."""
    state = Path(tempfile.mkdtemp(prefix="nianbao-test-serve-"))
    files = serve_cmd.served_files(db, state)
    return Datasette([str(f) for f in files], metadata=build_metadata("archive", warc_dir=warc_dir),
                     settings={"suggest_facets": False, "sql_time_limit_ms": 5000})


def fetch(ds: Datasette, *paths: str) -> list:
    """GET every path on one event loop; returns the httpx responses."""
    async def go():
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(go())


def rows(ds: Datasette, path: str) -> list[dict]:
    sep = "&" if "?" in path else "?"
    (resp,) = fetch(ds, f"{path}{sep}_shape=array&_size=max")
    assert resp.status_code == 200, (path, resp.text[:500])
    return resp.json()


def total(cells: dict, *ids: str) -> int | float | None:
    vals = [cells.get(i) for i in ids]
    vals = [v for v in vals if v is not None]
    return sum(vals) if vals else None


# -- views ------------------------------------------------------------------------------------------
def test_prepare_is_idempotent_and_keeps_a_prepared_file_byte_for_byte(archive, tmp_path):
    again = prepare(archive.db)
    assert again == {"views_changed": [], "fts": "ok"}
    copy = tmp_path / "copy.db"
    for src, dest in ((archive.db, copy), (text_path(archive.db), text_path(copy))):
        con = sqlite3.connect(src)
        con.execute("VACUUM INTO ?", [str(dest)])
        con.close()
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (copy, text_path(copy))]
    assert prepare(copy) == {"views_changed": [], "fts": "ok"}
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in (copy, text_path(copy))] == before


def test_wide_views_have_a_column_per_cell_of_cells_csv(archive):
    con = sqlite3.connect(archive.db)
    for table in WIDE_TABLES:
        cols = [r[1] for r in con.execute(f"pragma table_info({table}_wide)")]
        assert cols[:7] == ["report_id", "agency", "province", "city", "county", "year", "form_version"]
        expected = [wide_column(c) for c in all_cells() if c.table == table]
        assert cols[7:] == expected
    # both form versions: the 2019-only row 3.6 and the 2021-only rows 3.6.x are there
    assert {"apply_3_6_total", "apply_3_6_1_total", "active_procurement_procurement_amount"} <= {
        wide_column(c) for t in WIDE_TABLES for c in wide_cells(t)}


def test_wide_view_values_are_the_stored_cells(archive):
    con = sqlite3.connect(archive.db)
    con.row_factory = sqlite3.Row
    for rid, rep in archive.reports.items():
        for table in WIDE_TABLES:
            row = con.execute(f"select * from {table}_wide where report_id = ?", [rid]).fetchone()
            for c in wide_cells(table):
                assert row[wide_column(c)] == rep["cells"].get(c.cell_id), (rid, c.cell_id)
    row = con.execute("select * from apply_wide where report_id = ?", [f"{PINGTAN}:2024"]).fetchone()
    assert (row["agency"], row["province"], row["year"], row["form_version"]) == (PINGTAN, "福建省", 2024, "2021")
    assert row["apply_1_total"] == 218


def test_report_summary_numbers(archive):
    con = sqlite3.connect(archive.db)
    con.row_factory = sqlite3.Row
    summary = {r["report_id"]: dict(r) for r in con.execute("select * from report_summary")}
    assert set(summary) == set(archive.reports)
    for rid, rep in archive.reports.items():
        c, s = rep["cells"], summary[rid]
        assert s["requests_received"] == c.get("apply/1/total")
        assert s["disclosed"] == c.get("apply/3.1/total")
        assert s["withheld"] == total(c, *(f"apply/3.3.{i}/total" for i in range(1, 9)))
        assert s["lawsuits"] == total(c, "review/litigation_direct/total", "review/litigation_after_review/total")
        assert s["reviews"] == c.get("review/review/total")
        assert s["archived_copy"] == f"/-/archive/{rid}"
        failed_rules = sorted({k["rule"] for k in rep["checks"] if not k["ok"]})
        assert set(failed_rules) <= set(json.loads(s["rules_broken"]))
    qz = summary[f"{QZ}:2024"]
    assert {"apply_balance", "carryover"} <= set(json.loads(qz["rules_broken"]))
    assert qz["checks_failed"] >= 2 and qz["province"] == "福建省"
    assert summary[f"{PINGTAN}:2022"]["rules_broken"] == "[]"
    assert summary[f"{PINGTAN}:2024"]["requests_received"] == 218


# -- full-text search in Chinese ------------------------------------------------------------------
@pytest.fixture
def synthetic(tmp_path):
    """Three reports whose texts share no three-character run, and a WARC-less archive."""
    db = tmp_path / "synthetic.db"
    store = Store(db)
    texts = {
        "甲:2024": ("厦门市海洋发展局2024年政府信息公开工作年度报告", "本机关收到渔业许可相关申请，海域使用公开。"),
        "乙:2024": ("南平市林业局2024年政府信息公开工作年度报告", "森林防火信息主动公开，行政复议一件。"),
        "丙:2024": ("宁德市茶产业办公室2024年年度报告", "茶叶质量抽检结果予以公开。"),
    }
    for rid, (title, text) in texts.items():
        aid = rid.split(":")[0]
        store.upsert_agency({"id": aid, "name": aid, "province": "福建省"}, authoritative=True)
        store.store_report({"id": rid, "agency_id": aid, "year": 2024, "title": title, "url": f"http://x/{aid}",
                            "document_url": f"http://x/{aid}", "sha256": hashlib.sha256(rid.encode()).hexdigest()},
                           {"apply/1/total": 5}, [], [], text)
    store.close()
    prepare(db)
    return db


def test_short_query_detection():
    assert is_short_query("公开") and is_short_query("茶") and is_short_query("森林防火 一")
    assert not is_short_query("森林防火") and not is_short_query("") and not is_short_query("海域使用 渔业许可")
    assert rewrite_short_search(b"_search=%E5%85%AC%E5%BC%80&_sort=year") == \
        b"_short_search=%E5%85%AC%E5%BC%80&_sort=year"
    assert rewrite_short_search(b"_search=%E6%A3%AE%E6%9E%97%E9%98%B2%E7%81%AB") is None
    # the text table answers every search from its indexes, in page order
    assert rewrite_short_search(b"_search=%E6%A3%AE%E6%9E%97%E9%98%B2%E7%81%AB", every=True) == \
        b"_short_search=%E6%A3%AE%E6%9E%97%E9%98%B2%E7%81%AB"
    assert rewrite_short_search(b"_search=", every=True) is None  # an empty box is no search
    # a new search from a page of short-search results replaces the earlier one
    assert rewrite_short_search(b"_short_search=%E8%8C%B6&_search=%E6%A3%AE%E6%9E%97%E9%98%B2") == \
        b"_search=%E6%A3%AE%E6%9E%97%E9%98%B2"
    assert rewrite_short_search(b"_short_search=%E8%8C%B6&_search=%E5%85%AC") == \
        b"_short_search=%E5%85%AC"


def test_fts_finds_chinese_with_three_or_more_and_with_one_or_two_characters(synthetic):
    con = sqlite3.connect(text_path(synthetic))
    match = ("select t.report_id from report_text t join report_text_fts f on f.rowid = t.rid "
             "where report_text_fts match ?")
    assert [r[0] for r in con.execute(match, ['"森林防火"'])] == ["乙:2024"]
    assert [r[0] for r in con.execute(match, ['"海洋发展局"'])] == ["甲:2024"]
    assert con.execute(match, ['"茶叶"']).fetchall() == []  # why the fallback exists
    ds = datasette_for(synthetic, synthetic.parent)
    found = lambda q: sorted(r["report_id"] for r in rows(ds, f"/archive_text/report_text.json?_search={quote(q)}"))  # noqa: E731
    assert found("森林防火") == ["乙:2024"]
    assert found("茶叶") == ["丙:2024"]  # two characters: the plugin's substring fallback
    assert found("茶") == ["丙:2024"]  # one character
    assert found("公开") == ["丙:2024", "乙:2024", "甲:2024"]
    assert found("渔业 海域") == ["甲:2024"]  # every term must match
    assert found("宁德") == ["丙:2024"]  # in the title
    assert found("森林防火 公开") == ["乙:2024"]  # a long term (trigram) and a short one (bigram) together
    assert found("议") == ["乙:2024"]  # one character: a bigram prefix, or a run's last character
    assert found("海峡") == []
    assert found("20") == ["丙:2024", "乙:2024", "甲:2024"]  # two characters, not Chinese: a substring scan
    canned = lambda q: sorted(r["report_id"] for r in rows(ds, f"/archive_text/search_reports.json?q={quote(q)}"))  # noqa: E731
    assert canned("森林防火") == ["乙:2024"]
    assert canned("复议") == ["乙:2024"]  # two characters: the bigram index
    assert canned("茶叶") == ["丙:2024"]
    assert canned("茶") == ["丙:2024"]  # one character: a bigram prefix, or a run's last character
    assert canned("议") == ["乙:2024"]
    assert canned("公开") == ["丙:2024", "乙:2024", "甲:2024"]
    assert canned("宁德") == ["丙:2024"]
    assert canned("20") == ["丙:2024", "乙:2024", "甲:2024"]  # not Chinese: a substring scan
    assert canned("海峡") == []
    (page,) = fetch(ds, f"/archive_text/report_text?_search={quote('茶叶')}")
    assert 'value="茶叶"' in page.text  # the search box keeps the query after the rewrite


def test_prepare_rebuilds_an_index_out_of_step_and_recreates_a_missing_text_database(synthetic):
    con = sqlite3.connect(text_path(synthetic))
    con.execute("delete from report_text_fts_docsize")  # an index out of step with its table is rebuilt
    con.execute("insert into report_text_bigram (report_text_bigram) values ('delete-all')")
    con.commit()
    con.close()
    assert prepare(synthetic)["fts"] == "rebuilt"
    con = sqlite3.connect(text_path(synthetic))
    hits = con.execute("select rowid from report_text_fts where report_text_fts match '\"茶叶质量\"'").fetchall()
    assert len(hits) == 1
    assert len(con.execute("select rowid from report_text_bigram where report_text_bigram match '\"茶叶\"'"
                           ).fetchall()) == 1
    # a text row whose report is not in the numbers database (a crawl killed between the two commits) goes
    con.execute("insert into report_text (rid, report_id, title, text) values (99, '丁:2024', 't', '孤儿')")
    con.commit()
    con.close()
    assert prepare(synthetic)["fts"] == "rebuilt"
    con = sqlite3.connect(text_path(synthetic))
    assert con.execute("select count(*) from report_text").fetchone()[0] == 3
    con.close()
    assert prepare(synthetic)["fts"] == "ok"
    text_path(synthetic).unlink()
    assert prepare(synthetic)["fts"] == "created"


# -- metadata -----------------------------------------------------------------------------------------
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{3}")


def test_every_table_view_and_column_is_described_in_chinese_and_english(archive):
    meta = build_metadata("archive")
    for key in ("title", "description_html", "license", "license_url", "source"):
        assert meta[key], key
    tables = meta["databases"]["archive"]["tables"]
    con = sqlite3.connect(archive.db)
    names = [n for (n,) in con.execute("select name from sqlite_master where type in ('table', 'view')")
             if not n.startswith("sqlite_")]
    assert set(view_definitions()) <= set(names)
    for name in names:
        t = tables.get(name)
        assert t and _HAN.search(t["description"]) and _LATIN.search(t["description"]), name
        for col in (r[1] for r in con.execute(f"pragma table_info([{name}])")):
            desc = t.get("columns", {}).get(col)
            assert desc and _HAN.search(desc) and _LATIN.search(desc), (name, col)
    assert "万元" in tables["active_wide"]["columns"]["active_fee_fee_amount"]
    assert "件" in tables["apply_wide"]["columns"]["apply_3_3_1_total"]
    assert "apply/3.3.1/total" in tables["apply_wide"]["columns"]["apply_3_3_1_total"]
    dash = meta["plugins"]["datasette-dashboards"]["overview"]
    assert all(c["db"] == "archive" for c in dash["charts"].values() if "query" in c)
    text = meta["databases"]["archive_text"]
    con = sqlite3.connect(text_path(archive.db))
    assert {r[1] for r in con.execute("pragma table_info(report_text)")} == set(text["tables"]["report_text"]["columns"])
    assert "search_reports" in text["queries"]


# -- canned queries, facets, sorting ---------------------------------------------------------------
def test_canned_queries_answer_with_the_right_numbers(archive):
    ds = datasette_for(archive.db, archive.warc_dir)
    missing = rows(ds, "/archive/missing_reports.json")
    pairs = {(r["agency"], r["missing_year"]) for r in missing}
    assert (PINGTAN, 2021) in pairs and (PINGTAN, 2022) not in pairs
    assert (QZ, 2025) in pairs and (QZ, 2022) not in pairs  # from its first report to the latest year
    assert all(r["province"] == "浙江省" for r in rows(ds, "/archive/missing_reports.json?province=浙江省"))

    broken = rows(ds, "/archive/rules_broken.json")
    qz = [r for r in broken if r["agency"] == QZ and r["year"] == 2024 and r["rule"] == "apply_balance"]
    stored = [k for k in archive.reports[f"{QZ}:2024"]["checks"] if k["rule"] == "apply_balance" and not k["ok"]]
    assert [(r["scope"], r["numbers"]) for r in qz] == [(k["scope"], k["detail"]) for k in stored]
    assert qz[0]["rule_says"] and qz[0]["archived_copy"] == f"/-/archive/{QZ}:2024"
    assert {r["rule"] for r in rows(ds, "/archive/rules_broken.json?rule=carryover")} == {"carryover"}
    failed = sqlite3.connect(archive.db).execute("select count(*) from checks").fetchone()[0]
    assert len(broken) == min(failed, 100)  # every failed check, up to the page's 100
    order = [(-r["year"], r["report_id"].rsplit(":", 1)[0], r["rule"], r["scope"]) for r in broken]
    assert order == sorted(order)  # newest year first, then agency, rule, scope

    c23, c24 = archive.reports[f"{QZ}:2023"]["cells"], archive.reports[f"{QZ}:2024"]["cells"]
    mism = {r["applicant"]: r for r in rows(ds, "/archive/carryover_mismatches.json") if r["agency"] == QZ}
    assert mism["total"]["carried_forward_previous_year"] == c23["apply/4/total"]
    assert mism["total"]["carried_over_this_year"] == c24["apply/2/total"]
    assert mism["total"]["difference"] == c24["apply/2/total"] - c23["apply/4/total"] != 0
    assert (mism["total"]["previous_year"], mism["total"]["year"]) == (2023, 2024)
    assert not [r for r in rows(ds, "/archive/carryover_mismatches.json") if r["agency"] == PINGTAN]

    by = {(r["province"], r["year"]): r for r in rows(ds, "/archive/requests_by_province_year.json")}
    assert by[("福建省", 2024)]["reports"] == 2
    assert by[("福建省", 2024)]["requests_received"] == 218 + c24["apply/1/total"]
    assert by[("上海市", 2019)]["requests_received"] == archive.reports["上海市人民政府办公厅:2019"]["cells"]["apply/1/total"]

    hist = rows(ds, "/archive/agency_history.json?agency=平潭")
    assert [r["year"] for r in hist] == [2019, 2020, 2022, 2023, 2024, 2025]
    assert [r["requests_received"] for r in hist] == [23, 21, 74, 81, 218, 154]


def test_facets_and_sorting_on_the_report_tables(archive):
    ds = datasette_for(archive.db, archive.warc_dir)
    (resp,) = fetch(ds, "/archive/report_summary.json?_sort_desc=requests_received&_size=3&_facet_array=rules_broken")
    data = resp.json()
    facets = data["facet_results"]
    assert {"year", "province", "form_version", "rules_broken"} <= set(facets)  # the array facet on request
    prov = {f["value"]: f["count"] for f in facets["province"]["results"]}
    assert prov == {"福建省": 8, "上海市": 1, "浙江省": 1}
    rules = {f["value"]: f["count"] for f in facets["rules_broken"]["results"]}
    assert rules["apply_balance"] == 1 and rules["in_force_continuity"] >= 3
    idx = data["columns"].index("requests_received")
    assert [r[idx] for r in data["rows"]] == [859, 290, 218]
    (resp,) = fetch(ds, "/archive/apply_wide.json?province=浙江省&_shape=array")
    assert [(r["agency"], r["form_version"], r["apply_1_total"]) for r in resp.json()] == [
        ("杭州市民政局", "2019", archive.reports["杭州市民政局:2020"]["cells"]["apply/1/total"])]
    (resp,) = fetch(ds, "/archive/reports.json")
    assert {"year", "form_version", "checks_failed"} <= set(resp.json()["facet_results"])


def test_an_immutable_archive_counts_once_and_a_mutable_one_every_time(archive, tmp_path):
    db = tmp_path / "snapshot.db"
    shutil.copy(archive.db, db)
    shutil.copy(text_path(archive.db), text_path(db))
    serve_cmd.freeze(db)
    serve_cmd.freeze(text_path(db))
    files = serve_cmd.served_files(db, tmp_path)
    ds = Datasette(immutables=[str(f) for f in files], metadata=build_metadata("archive", warc_dir=archive.warc_dir),
                   settings={"suggest_facets": False})
    first, again, filtered = fetch(ds, "/archive/report_summary.json", "/archive/report_summary.json",
                                   "/archive/report_summary.json?province=浙江省")
    for resp in (first, again):
        prov = {f["value"]: f["count"] for f in resp.json()["facet_results"]["province"]["results"]}
        assert prov == {"福建省": 8, "上海市": 1, "浙江省": 1} and resp.json()["filtered_table_rows_count"] == 10
    assert filtered.json()["filtered_table_rows_count"] == 1  # its own count, not the page's before
    kept = ds.get_database("archive")._nianbao_counts
    assert any(sql.startswith("select count(*) from report_summary") for sql, *_ in kept)
    assert not any(sql.lstrip().startswith("select report_id") for sql, *_ in kept)  # rows are never kept
    mutable = datasette_for(archive.db, archive.warc_dir)
    fetch(mutable, "/archive/report_summary.json")
    assert getattr(mutable.get_database("archive"), "_nianbao_counts", None) is None


def test_rules_broken_reads_failing_reports_in_page_order_whatever_analyze_says(archive, tmp_path):
    """Work budget: the canned query walks reports_failing (year desc, agency, rid) and each report's
    checks by key, so a page stops after 100 rows: no scan of every check, no sort of them all."""
    db = tmp_path / "analyzed.db"
    shutil.copy(archive.db, db)
    con = sqlite3.connect(db)
    try:
        con.execute("analyze")  # the statistics that made SQLite scan checks and sort (160 ms at 100k)
        sql = build_metadata("archive", warc_dir=archive.warc_dir)["databases"]["archive"]["queries"]["rules_broken"]["sql"]
        for rule in ("", "carryover"):
            plan = [r[3] for r in con.execute("explain query plan " + sql, {"rule": rule})]
            assert plan[0] == "SCAN r USING INDEX reports_failing", plan
            assert not any("TEMP B-TREE" in step or step.startswith("SCAN k") for step in plan), plan
    finally:
        con.close()


def test_table_pages_skip_the_markdown_cell_hook_and_compute_permissions_once(archive):
    """Two per-request costs of Datasette's table pages gone, with the same pages: datasette-render-
    markdown's render_cell (no markdown columns here; its template function stays for the dashboards)
    and the table permission rules, which Datasette found by deep-copying the metadata each time."""
    from datasette.plugins import pm

    ds = datasette_for(archive.db, archive.warc_dir)
    calls: list[tuple[str, str]] = []
    original = ds._table_permission_allows

    def counted(database: str, table: str) -> list:
        calls.append((database, table))
        return original(database, table)

    ds._table_permission_allows = counted
    pages = fetch(ds, "/archive/report_summary", "/archive/report_summary?province=浙江省", "/archive/reports")
    assert all(p.status_code == 200 for p in pages)
    assert "render_markdown" not in [h.plugin_name for h in pm.hook.render_cell.get_hookimpls()]
    assert "render_markdown" in [h.plugin_name for h in pm.hook.extra_template_vars.get_hookimpls()]
    assert sorted(calls) == [("archive", "report_summary"), ("archive", "reports")]  # once a table
    assert f'href="/-/report/{quote(f"{QZ}:2024", safe=":")}"' in fetch(ds, "/archive/report_summary?_size=max")[0].text


def test_rows_written_in_python_are_the_rows_datasettes_templates_write(archive):
    """Our _table.html and query.html write the rows in one Python call: same cells, classes and
    escaping as Datasette's own row loops (rendered here by its Jinja environment), whitespace aside."""
    import markupsafe

    from crawler.publish.plugin import query_rows_html, table_rows_html

    ds = datasette_for(archive.db, archive.warc_dir)
    fetch(ds, "/archive")  # startup: the plugin's template globals and search path
    values = ["a<b>&\"c", markupsafe.Markup("<a href='x'>链接</a>"), None, 7, 2.5, "平潭综合实验区"]
    columns = ["report_id", "has space", "值", "_private", "ok", "agency"]
    display_rows = [[{"column": c, "value": v, "value_type": type(v).__name__} for c, v in zip(columns, row, strict=True)]
                    for row in (values, values[::-1])]
    table_loop = ds.jinja_env.from_string(
        '{% for row in display_rows %}<tr>{% for cell in row %}<td class="col-{{ cell.column|to_css_class }} '
        'type-{{ cell.value_type }}">{{ cell.value }}</td>{% endfor %}</tr>{% endfor %}')
    query_loop = ds.jinja_env.from_string(
        '{% for row in display_rows %}<tr>{% for column, td in zip(columns, row) %}<td class="col-{{ column|'
        'to_css_class }}">{{ td }}</td>{% endfor %}</tr>{% endfor %}')
    plain = [values, values[::-1]]

    def squeeze(html: str) -> str:
        return re.sub(r">\s+<", "><", html).strip()

    async def render() -> tuple[str, str]:
        return (await table_loop.render_async(display_rows=display_rows),
                await query_loop.render_async(display_rows=plain, columns=columns, zip=zip))

    table, query = asyncio.run(render())
    assert squeeze(table_rows_html(display_rows)) == squeeze(table)
    assert squeeze(query_rows_html(columns, plain)) == squeeze(query)
    page, canned = fetch(ds, "/archive/report_summary?_size=3", "/archive/rules_broken?rule=carryover")
    assert page.text.count('<tr><td class="col-report_id type-str">') == 3  # our template wrote them
    assert canned.text.count('<tr><td class="col-agency">') >= 1


FORM_TABLE_JINJA = """{% macro form_table(t) %}
<table class="nb-form nb-form-{{ t.form.table }}" data-table="{{ t.form.table }}">
  <caption>{{ t.form.title }} <span class="en">{{ t.form.title_en }}</span></caption>
  {% for row in t.form.rows %}
  <tr>
    {% for s in row %}
      {% if s.kind == "value" %}
        {% if s.cell_id %}{% set v = t["values"][s.cell_id] %}
        <td class="v {{ v.marks|join(' ') }}" data-cell="{{ s.cell_id }}"{% if s.colspan > 1 %} colspan="{{ s.colspan }}"{% endif %}{% if v.notes %} title="{{ v.notes|join('\\n') }}"{% endif %}>{{ v.value if v.value is not none else "" }}{% for m in v.marks %}<sup class="mark mark-{{ m }}">{{ marks[m] }}</sup>{% endfor %}</td>
        {% else %}<td class="v none"{% if s.colspan > 1 %} colspan="{{ s.colspan }}"{% endif %}></td>{% endif %}
      {% else %}
        <th class="{{ s.kind }}"{% if s.rowspan > 1 %} rowspan="{{ s.rowspan }}"{% endif %}{% if s.colspan > 1 %} colspan="{{ s.colspan }}"{% endif %}{% if s.en %} title="{{ s.en }}"{% endif %}>{{ s.text }}{% if s.en and s.kind != "label" %}<span class="en">{{ s.en }}</span>{% endif %}</th>
      {% endif %}
    {% endfor %}
  </tr>
  {% endfor %}
</table>
{% endmacro %}
"""  # _nb_form.html's macro before form_html.py


def test_report_tables_written_in_python_are_what_the_jinja_macro_wrote(archive):
    """form_html.form_table_html: the report page's tables, cell for cell what the Jinja macro wrote
    (values, marks of failed and inferred cells, notes, spans), whitespace aside."""
    from crawler.publish.pages.form_html import form_table_html
    from crawler.publish.pages.report_data import load_report
    from crawler.publish.pages.routes import MARKS, _executor

    ds = datasette_for(archive.db, archive.warc_dir)
    fetch(ds, "/archive")
    macro = ds.jinja_env.from_string(FORM_TABLE_JINJA + "{% for t in tables %}{{ form_table(t) }}{% endfor %}")

    def squeeze(html: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()

    async def both(report_id: str) -> tuple[str, str, int]:
        data = await load_report(_executor(ds, "archive"), report_id)
        jinja = await macro.render_async(tables=data["tables"], marks=MARKS)
        python = "".join(form_table_html(t, MARKS) for t in data["tables"])
        return jinja, python, sum(len(v.marks) for t in data["tables"] for v in t["values"].values())

    marked = 0
    for report_id in (f"{QZ}:2024", f"{PINGTAN}:2022", "上海市人民政府办公厅:2019"):
        jinja, python, n = asyncio.run(both(report_id))
        assert squeeze(python) == squeeze(jinja), report_id
        assert python.count('<td class="v') > 100
        marked += n
    assert marked > 0  # failed or inferred cells were among them


# -- archived copies -------------------------------------------------------------------------------
def test_archived_copy_is_served_from_the_warc_with_its_content_type(archive):
    ds = datasette_for(archive.db, archive.warc_dir)
    rid = f"{PINGTAN}:2024"
    rep = archive.reports[rid]
    sha = hashlib.sha256(rep["body"]).hexdigest()
    by_id, by_sha, missing, shown = fetch(ds, f"/-/archive/{quote(rid)}?raw=1", f"/-/archive/{sha}?raw=1",
                                          "/-/archive/nope:1999", f"/-/archive/{quote(rid)}")
    for resp in (by_id, by_sha, shown):
        assert resp.status_code == 200
        if resp is not shown:  # ?raw=1: the bytes as the portal served them
            assert resp.content == rep["body"]
            assert resp.headers["content-type"] == rep["content_type"]
        else:  # as read: with the archive's banner
            assert "存档副本 archived copy" in resp.text and "218" in resp.text
        assert resp.headers["content-security-policy"] == "sandbox"
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert rep["url"] in resp.headers["link"]
    assert missing.status_code == 404
    # every report links to its original and its archived copy
    (page,) = fetch(ds, "/archive/report_summary?report_id=" + quote(rid))
    assert f'href="{rep["url"]}"' in page.text
    assert 'href="/-/archive/' + quote(rid, safe="") + '"' in page.text
    (page,) = fetch(ds, "/archive/reports?id=" + quote(rid))
    assert 'href="/-/archive/' + quote(rid, safe="") + '"' in page.text


# -- serve and publish -----------------------------------------------------------------------------
def test_nianbao_serve_dry_run(archive, capsys):
    assert cli.main(["serve", "--db", str(archive.db), "--port", "8123", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert " serve " in out and "/archive.db " in out and "/archive_text.db " in out and "--metadata" in out
    assert "-i " not in out
    assert "allow_download on" in out and "sql_time_limit_ms 1000" in out


def test_publish_writes_a_checksummed_snapshot_and_csvs(archive, tmp_path):
    out = tmp_path / "snapshots"
    folder = snapshot.publish(archive.db, out, date="2026-01-31")
    db = folder / "archive.db"  # stable names: the same URLs every day
    assert (out / "latest").resolve() == folder.resolve()
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert {"archive.db", "archive-text.db", "csv/reports.csv", "csv/report_summary.csv", "csv/apply_wide.csv",
            "csv/apply.csv", "csv/form_cells.csv", "csv/report_text.csv", "metadata.json", "inspect-data.json",
            "manifest.json"} <= set(sums)
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert not any(n.startswith(("csv/report_text_fts", "csv/report_text_bigram")) for n in sums)
    con = sqlite3.connect(db)
    assert con.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert con.execute("select count(*) from reports").fetchone()[0] == len(archive.reports)
    # the views stay views (plain joins over the wide tables) and compute what the live archive does
    kinds = dict(con.execute("select name, type from sqlite_master where name in "
                             "('report_summary', 'apply_wide', 'active_wide', 'review_wide', 'cells')"))
    assert kinds == dict.fromkeys(("report_summary", "apply_wide", "active_wide", "review_wide", "cells"), "view")
    live = sqlite3.connect(archive.db)
    for name in ("report_summary", "apply_wide"):
        query = f"select * from {name} order by report_id"
        assert con.execute(query).fetchall() == live.execute(query).fetchall(), name
    live.close()
    con.close()
    with (folder / "csv" / "report_summary.csv").open(encoding="utf-8-sig") as f:
        summary = {r["report_id"]: r for r in csv.DictReader(f)}
    assert summary[f"{PINGTAN}:2024"]["requests_received"] == "218"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["rows"]["reports"] == len(archive.reports) == manifest["rows"]["report_text"]
    meta = json.loads((folder / "metadata.json").read_text())
    assert {"archive", "archive_text"} <= set(meta["databases"])
    inspect = json.loads((folder / "inspect-data.json").read_text())
    assert {"archive", "archive_text"} <= set(inspect)
    # served from anywhere, the snapshot finds the archive's WARCs (recorded in its manifest)
    assert serve_cmd.default_warc_dir(db) == archive.warc_dir.resolve()
    # serving the snapshot publicly leaves it byte for byte as published
    cmd = serve_cmd.prepare_and_command(db, public=True, state_dir=tmp_path / "state")
    assert "-i" in cmd and "--inspect-file" in cmd and "1000" in cmd
    for name in ("archive.db", "archive-text.db"):
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sums[name], name
