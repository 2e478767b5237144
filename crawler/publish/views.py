"""The read-side of the archive: its views, and :func:`prepare` (views + text index checked before serving).

The numbers are stored wide (``active``/``apply``/``review``: one row per report version, a column
per cell, see crawler/db.py), so the views people read are plain joins on integer keys:

- ``<table>_wide``: one row per report (its current version), who/where/when first, then a column per
  cell of that form table;
- ``report_summary``: the few numbers most people ask for, one row per report;
- ``cells``: the tall form (report × cell) of the current versions, for those who want one row per
  number. Each cell's value is picked from its wide row by position (a CASE), so reading one
  report's cells is cheap; scanning every cell of every report is what the wide views are for.

Everything is generated from ``cells.csv`` (never listed by hand), so a cell added to the form shows
up here with no code change. Facets and counts over these views cost what they cost over
``reports``: SQLite drops the LEFT JOINs whose columns a query does not use, so no "freeze" step.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from crawler.db import (
    FORM_TABLES,
    TEXT_BIGRAM,
    TEXT_FTS,
    bigrams,
    connect,
    ensure_schema,
    ensure_text_schema,
    is_v1,
    migrate,
    rebuild_bigrams,
    sync_places,
    text_path,
    wide_cells,
)
from parsers.form import CellDef, all_cells, column_name

WIDE_TABLES = FORM_TABLES
FTS_TABLE = TEXT_FTS
ARCHIVE_PATH = "/-/archive/"  # the plugin's route; a view's archived_copy column holds this + report id
REPORT_PATH = "/-/report/"  # the report page (the pages helper's route)

# The columns every per-report view starts with: who, where, when, which form. The agency's columns
# are scalar subqueries and the province is the copy on reports (indexed): a count or a facet over a
# view then reads an index of reports, not every agency (SQLite keeps a LEFT JOIN in aggregates).
_HEAD = """r.id AS report_id,
  (SELECT a.name FROM agencies a WHERE a.id = r.agency_id) AS agency,
  r.province AS province,
  (SELECT a.city FROM agencies a WHERE a.id = r.agency_id) AS city,
  (SELECT a.county FROM agencies a WHERE a.id = r.agency_id) AS county,
  r.year AS year,
  r.form_version AS form_version"""
_FROM = "FROM reports r"


def wide_column(cell: CellDef) -> str:
    """The column of a cell in its wide table and view: ``apply/3.3.1/total`` → ``apply_3_3_1_total``."""
    return column_name(cell)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number(table: str, expr: str) -> str:
    """A value from the report's current row in a wide table, as a scalar subquery.

    Not a LEFT JOIN: SQLite drops a scalar subquery whose column a query does not use, but keeps
    a LEFT JOIN in aggregate queries (Datasette's counts and facets), which would read every wide
    row to count reports by province.
    """
    return f"(SELECT {expr} FROM {table} t WHERE t.vid = r.current_vid)"


def _sum(columns: list[str]) -> str:
    """The sum of some cells, null when every one is blank (as SQL's sum() over the v1 cells)."""
    return (f"CASE WHEN coalesce({', '.join(columns)}) IS NULL THEN NULL "
            f"ELSE {' + '.join(f'coalesce({c}, 0)' for c in columns)} END")


def _apply_totals(*prefixes: str) -> list[str]:
    """The ``total`` columns of the apply rows under ``prefixes`` (both form versions), from cells.csv."""
    return [f"t.{wide_column(c)}" for c in wide_cells("apply")
            if c.col == "total" and any(c.row == p or c.row.startswith(p + ".") for p in prefixes)]


def wide_view_sql(table: str) -> str:
    """``CREATE VIEW {table}_wide``: one row per report, a column per cell of that table.

    A LEFT JOIN on the integer key: a page of 50 rows reads 50 wide rows (150 scalar subqueries a
    row would decode each row 150 times).
    """
    cols = ",\n  ".join(f"t.{wide_column(c)} AS {wide_column(c)}" for c in wide_cells(table))
    return (f"CREATE VIEW {table}_wide AS SELECT\n  {_HEAD},\n  {cols}\n{_FROM}\n"
            f"LEFT JOIN {table} t ON t.vid = r.current_vid")


def summary_view_sql() -> str:
    """``CREATE VIEW report_summary``: the few numbers most people ask for, one row per report."""
    cols = {
        "title": "r.title",
        "published_date": "r.published_date",
        "requests_received": _number("apply", "t.apply_1_total"),
        "carried_over": _number("apply", "t.apply_2_total"),
        "disclosed": _number("apply", "t.apply_3_1_total"),
        "partly_disclosed": _number("apply", "t.apply_3_2_total"),
        "withheld": _number("apply", _sum(_apply_totals("3.3"))),
        "cannot_provide": _number("apply", _sum(_apply_totals("3.4"))),
        "not_processed": _number("apply", _sum(_apply_totals("3.5"))),
        "other_handling": _number("apply", _sum(_apply_totals("3.6"))),
        "handled": _number("apply", "t.apply_3_7_total"),
        "carried_forward": _number("apply", "t.apply_4_total"),
        "reviews": _number("review", "t.review_review_total"),
        "lawsuits": _number("review", _sum(["t.review_litigation_direct_total",
                                            "t.review_litigation_after_review_total"])),
        "rules_broken": "coalesce(r.rules_broken, '[]')",
        "checks_failed": "r.checks_failed",
        "checks_passed": "r.checks_passed",
        "url": "r.url",
        "archived_copy": f"{_q(ARCHIVE_PATH)} || r.id",
    }
    body = ",\n  ".join(f"{expr} AS {name}" for name, expr in cols.items())
    return f"CREATE VIEW report_summary AS SELECT\n  {_HEAD},\n  {body}\n{_FROM}"


def cells_view_sql() -> str:
    """``CREATE VIEW cells``: report × cell of the current versions, as the v1 ``cells`` table was.

    Only the cells of the report's form version (all of them for a report without one).
    """
    parts = []
    for table in WIDE_TABLES:
        cells = wide_cells(table)
        positions = {c.cell_id: i for i, c in enumerate(all_cells())}  # form_cells.position
        case = "\n    ".join(f"WHEN {positions[c.cell_id]} THEN t.{wide_column(c)}" for c in cells)
        parts.append(
            "SELECT r.id AS report_id, f.cell_id AS cell_id, f.table_name AS table_name, f.row AS row, f.col AS col,\n"
            f"  CASE f.position\n    {case}\n  END AS value,\n"
            "  EXISTS (SELECT 1 FROM cell_notes n WHERE n.vid = t.vid AND n.cell_id = f.cell_id "
            "AND n.kind = 'inferred') AS inferred\n"
            f"FROM reports r JOIN {table} t ON t.vid = r.current_vid\n"
            f"JOIN form_cells f ON f.table_name = {_q(table)} "
            "AND (r.form_version IS NULL OR instr(f.form_versions, r.form_version) > 0)")
    return "CREATE VIEW cells AS\n" + "\nUNION ALL\n".join(parts)


def view_definitions() -> dict[str, str]:
    """Every view of the archive, name → CREATE VIEW statement."""
    views = {f"{t}_wide": wide_view_sql(t) for t in WIDE_TABLES}
    views["report_summary"] = summary_view_sql()
    views["cells"] = cells_view_sql()
    return views


def ensure_views(con: sqlite3.Connection) -> list[str]:
    """Create or replace the views whose definition changed; returns their names (writes nothing otherwise)."""
    have = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    changed = [name for name, sql in view_definitions().items() if have.get(name) != sql]
    if changed:
        con.execute("SAVEPOINT views")
        for name in changed:
            con.execute(f"DROP VIEW IF EXISTS {name}")
            con.execute(view_definitions()[name])
        con.execute("RELEASE views")
    return changed


def drop_views(con: sqlite3.Connection) -> None:
    """Drop the archive's views (and a v1 snapshot's frozen copies of them)."""
    kinds = dict(con.execute("SELECT name, type FROM sqlite_master WHERE type IN ('view', 'table')").fetchall())
    for name in view_definitions():
        if kinds.get(name) == "view":
            con.execute(f"DROP VIEW {name}")
        elif kinds.get(name) == "table" and name != "cells":  # v1 `make publish` froze views into tables
            con.execute(f"DROP TABLE {name}")


def _ensure_text(db: Path) -> str:
    """The text database beside ``db``: created if missing, its indexes complete and without orphans.

    Returns "ok", "rebuilt" or "created". Writes nothing when everything is in place.
    """
    path = text_path(db)
    existed = path.exists()
    if not existed:
        from crawler.db import connect_text

        connect_text(path).close()
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        added = ensure_text_schema(con)  # an index or trigger added since the file was made
        con.execute("ATTACH DATABASE ? AS n", [str(db)])
        orphans = con.execute("SELECT t.rid, t.title, t.text FROM report_text t LEFT JOIN n.reports r "
                              "ON r.rid = t.rid AND r.id = t.report_id WHERE r.rid IS NULL").fetchall()
        rows = con.execute("SELECT count(*) FROM report_text").fetchone()[0]
        indexed = con.execute(f"SELECT count(*) FROM {TEXT_FTS}_docsize").fetchone()[0]
        short = con.execute(f"SELECT count(*) FROM {TEXT_BIGRAM}_docsize").fetchone()[0]
        if not orphans and indexed == rows and short == rows:
            return "created" if not existed else "rebuilt" if added else "ok"
        con.execute("BEGIN IMMEDIATE")
        for rid, title, text in orphans:  # left by a crawl killed between the two commits
            con.execute(f"INSERT INTO {TEXT_BIGRAM} ({TEXT_BIGRAM}, rowid, terms) VALUES ('delete', ?, ?)",
                        [rid, bigrams(f"{title or ''}\n{text or ''}")])
            con.execute("DELETE FROM report_text WHERE rid = ?", [rid])
        if indexed != rows - len(orphans):
            con.execute(f"INSERT INTO {TEXT_FTS} ({TEXT_FTS}) VALUES ('rebuild')")
        if short != rows - len(orphans):
            rebuild_bigrams(con)
        con.execute("COMMIT")
        return "rebuilt"
    finally:
        con.close()


def prepare(db_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Make the archive at ``db_path`` ready to serve: v1 migrated, schema and views current, text indexed.

    Writes nothing when everything is in place, so preparing a published snapshot leaves its bytes
    (and checksum) alone. Returns ``{"views_changed": [...], "fts": "ok" | "rebuilt" | "created"}``.
    """
    path = Path(db_path)
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        if is_v1(con):
            con.close()
            migrate(path)
            con = sqlite3.connect(path, timeout=30, isolation_level=None)
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'reports'").fetchone():
            connect(path).close()
        before = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
        ensure_schema(con)
        sync_places(con)  # an agency's place written outside the Store: the copies follow (no write otherwise)
        after = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    finally:
        con.close()
    changed = [name for name, sql in after.items() if before.get(name) != sql]
    return {"views_changed": changed, "fts": _ensure_text(path)}


def view_names() -> list[str]:
    return list(view_definitions())


__all__ = ["ARCHIVE_PATH", "FTS_TABLE", "REPORT_PATH", "WIDE_TABLES", "drop_views", "ensure_views", "prepare",
           "view_definitions", "wide_cells", "wide_column"]
