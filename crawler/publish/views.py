"""The read-side of the archive: one-row-per-report views and the Chinese full-text index.

``cells`` is tall (report × cell), which is right for storage and wrong for reading: people want one
row per report with a column per cell. The wide views are generated from ``cells.csv`` (never listed
by hand), so a cell added to the form shows up here with no code change.

Each cell column is a correlated subquery on the ``cells`` primary key (report_id, cell_id) rather
than a ``GROUP BY`` pivot. SQLite flattens such a view into an outer query and skips the subqueries
whose columns are not used, so Datasette's ``count(*)``, facets and pagination over a view cost about
what they cost over ``reports``; a pivot would compute every cell of every report each time.

:func:`prepare` is idempotent and cheap when nothing changed: ``nianbao serve``, ``make publish`` and
a crawl's close can all call it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from parsers.form import CellDef, all_cells

WIDE_TABLES = ("active", "apply", "review")
FTS_TABLE = "reports_fts"
FTS_COLUMNS = ("title", "text")
ARCHIVE_PATH = "/-/archive/"  # the plugin's route; a view's archived_copy column holds this + report id

# The columns every per-report view starts with: who, where, when, which form.
_HEAD = """r.id AS report_id,
  a.name AS agency,
  a.province AS province,
  a.city AS city,
  a.county AS county,
  r.year AS year,
  r.form_version AS form_version"""
_FROM = "FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id"


def wide_column(cell: CellDef) -> str:
    """The column of a cell in its wide view: ``apply/3.3.1/total`` → ``apply_3_3_1_total``.

    SQL-friendly (no quoting needed in a query) and still says which cell it is.
    """
    return f"{cell.table}_{cell.row}_{cell.col}".replace(".", "_").replace("/", "_")


def wide_cells(table: str) -> list[CellDef]:
    """The cells of one of the three tables, both form versions, in cells.csv order."""
    return [c for c in all_cells() if c.table == table]


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _cell(cell_id: str) -> str:
    return f"(SELECT value FROM cells c WHERE c.report_id = r.id AND c.cell_id = {_q(cell_id)})"


def _sum(cell_ids: list[str]) -> str:
    """The sum of some cells of a report: primary-key lookups, null when every one is blank."""
    ids = ", ".join(_q(i) for i in cell_ids)
    return f"(SELECT sum(value) FROM cells c WHERE c.report_id = r.id AND c.cell_id IN ({ids}))"


def _apply_totals(*prefixes: str) -> list[str]:
    """The ``total`` cells of the apply rows under ``prefixes`` (both form versions), from cells.csv."""
    return [c.cell_id for c in wide_cells("apply")
            if c.col == "total" and any(c.row == p or c.row.startswith(p + ".") for p in prefixes)]


def wide_view_sql(table: str) -> str:
    """``CREATE VIEW {table}_wide``: one row per report, a column per cell of that table."""
    cols = ",\n  ".join(f"{_cell(c.cell_id)} AS {wide_column(c)}" for c in wide_cells(table))
    return f"CREATE VIEW {table}_wide AS SELECT\n  {_HEAD},\n  {cols}\n{_FROM}"


def summary_view_sql() -> str:
    """``CREATE VIEW report_summary``: the few numbers most people ask for, one row per report."""
    cols = {
        "title": "r.title",
        "published_date": "r.published_date",
        "requests_received": _cell("apply/1/total"),
        "carried_over": _cell("apply/2/total"),
        "disclosed": _cell("apply/3.1/total"),
        "partly_disclosed": _cell("apply/3.2/total"),
        "withheld": _sum(_apply_totals("3.3")),
        "cannot_provide": _sum(_apply_totals("3.4")),
        "not_processed": _sum(_apply_totals("3.5")),
        "other_handling": _sum(_apply_totals("3.6")),
        "handled": _cell("apply/3.7/total"),
        "carried_forward": _cell("apply/4/total"),
        "reviews": _cell("review/review/total"),
        "lawsuits": _sum(["review/litigation_direct/total", "review/litigation_after_review/total"]),
        "rules_broken": "(SELECT json_group_array(rule) FROM (SELECT DISTINCT rule FROM checks k "
                        "WHERE k.report_id = r.id AND k.ok = 0 ORDER BY rule))",
        "checks_failed": "r.checks_failed",
        "url": "r.url",
        "archived_copy": f"{_q(ARCHIVE_PATH)} || r.id",
    }
    body = ",\n  ".join(f"{expr} AS {name}" for name, expr in cols.items())
    return f"CREATE VIEW report_summary AS SELECT\n  {_HEAD},\n  {body}\n{_FROM}"


def view_definitions() -> dict[str, str]:
    """Every view :func:`prepare` keeps, name → CREATE VIEW statement."""
    views = {f"{t}_wide": wide_view_sql(t) for t in WIDE_TABLES}
    views["report_summary"] = summary_view_sql()
    return views


def _ensure_views(con: sqlite3.Connection, views: dict[str, str]) -> list[str]:
    have = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    materialized = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    changed = []
    for name, sql in views.items():
        if have.get(name) == sql or name in materialized:  # a snapshot's frozen copy stays as it is
            continue
        con.execute(f"DROP VIEW IF EXISTS {name}")
        con.execute(sql)
        changed.append(name)
    return changed


def _fts_sql(con: sqlite3.Connection) -> str | None:
    row = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone()
    return row[0] if row else None


def _ensure_fts(con: sqlite3.Connection) -> str:
    """reports_fts with the trigram tokenizer, external content, kept in sync by triggers.

    trigram is what makes Chinese searchable: unicode61 treats a run of Han characters as one
    token, so 信息公开 would only match a text that is exactly that word. Returns what was done.
    """
    import sqlite_utils

    db = sqlite_utils.Database(con)
    sql = _fts_sql(con)
    if sql is not None and "trigram" in sql.lower():
        indexed = con.execute(f"SELECT count(*) FROM {FTS_TABLE}_docsize").fetchone()[0]
        if indexed == db["reports"].count:
            return "ok"
        db["reports"].rebuild_fts()
        return "rebuilt"
    if sql is not None:  # an index without trigram (older SQLite, or made by hand): replace it
        con.execute(f"DROP TABLE {FTS_TABLE}")
        for suffix in ("ai", "ad", "au"):  # sqlite-utils' sync triggers
            con.execute(f"DROP TRIGGER IF EXISTS reports_{suffix}")
    db["reports"].enable_fts(list(FTS_COLUMNS), create_triggers=True, tokenize="trigram", replace=True)
    return "created"


def prepare(db_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Create or refresh the views and the full-text index of the archive at ``db_path``.

    Writes nothing when everything is in place, so preparing a published snapshot leaves its bytes
    (and checksum) alone; a file without the archive's tables gets the schema first
    (:func:`crawler.db.connect`). Returns ``{"views_changed": [...], "fts": "ok" | "rebuilt" | "created"}``.
    """
    path = Path(db_path)
    con = sqlite3.connect(path, timeout=30)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'reports'").fetchone():
            from crawler.db import connect

            connect(path).close()
        with con:
            changed = _ensure_views(con, view_definitions())
        fts = _ensure_fts(con)
        con.commit()
    finally:
        con.close()
    return {"views_changed": changed, "fts": fts}


def view_names() -> Iterable[str]:
    return view_definitions().keys()


# Columns people facet and sort on: indexed in a snapshot's frozen copies of the views.
MATERIALIZED_INDEXES = ("year", "province", "form_version", "agency", "rules_broken", "checks_failed")


def materialize(db_path: str | os.PathLike[str]) -> list[str]:
    """Turn the views of a snapshot into tables with indexes; returns the names frozen.

    The views compute every row from ``cells`` on each request: fine for a live archive, seconds per
    facet page at 100,000 reports. A snapshot never changes, so it can hold their results instead.
    """
    con = sqlite3.connect(db_path, timeout=30)
    frozen = []
    try:
        with con:
            views = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
            for name in view_definitions():
                if name not in views:
                    continue
                con.execute(f"CREATE TABLE {name}__frozen AS SELECT * FROM {name}")
                con.execute(f"DROP VIEW {name}")
                con.execute(f"ALTER TABLE {name}__frozen RENAME TO {name}")
                cols = {r[1] for r in con.execute(f"PRAGMA table_info({name})")}
                for col in MATERIALIZED_INDEXES:
                    if col in cols:
                        con.execute(f"CREATE INDEX {name}_{col} ON {name}({col})")
                frozen.append(name)
    finally:
        con.close()
    return frozen
