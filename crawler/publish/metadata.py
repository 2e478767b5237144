"""Datasette metadata for the archive: descriptions, units, canned queries, facets, the dashboard.

The hand-written part lives in ``metadata.yaml`` (easy to read and correct, Chinese first, then
English). What can be derived is derived here, so it never drifts from the form:

- the column descriptions of ``active_wide``, ``apply_wide`` and ``review_wide`` come from
  ``cells.csv`` (the form's own Chinese labels, the cell id) and ``labels_en.csv`` (English labels, unit);
- the database name (Datasette names a database after its file, so a dated snapshot gets another
  name) is filled into the ``databases`` key, the links of the description and the dashboard.

Units are written into the descriptions, not Datasette's ``units`` key: that key goes through Pint,
which knows neither 件 (a count) nor 万元 (10,000 yuan) and would fail on them.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from parsers.form import CellDef, cell_unit, english_labels

from .views import WIDE_TABLES, wide_cells, wide_column

METADATA_YAML = Path(__file__).with_name("metadata.yaml")
DASHBOARD = "overview"
TEXT_DB = "archive_text"  # the served name of the text database (crawler/serve_cmd.py)
EN_TABLES = {"active": "proactive disclosure", "apply": "requests", "review": "reviews and lawsuits"}


def unit(cell: CellDef) -> str:
    """The unit of a cell's numbers: 万元 for money, 件 (a count) for everything else (labels_en.csv)."""
    return "万元 (10,000 yuan)" if cell_unit(cell) == "万元" else "件 (count)"


def cell_description(cell: CellDef) -> str:
    """``row label · col label`` in Chinese, then English (parsers/form/labels_en.csv), the cell id,
    form versions and unit."""
    en = english_labels()
    row_en = en[(cell.table, "row", cell.row)][0]
    col_en = en[(cell.table, "col", cell.col)][0]
    return (f"{cell.row_label.strip()} · {cell.col_label} — {EN_TABLES[cell.table]}: {row_en} · "
            f"{col_en} [{cell.cell_id}; form {'/'.join(cell.versions)}; unit 单位 {unit(cell)}]")


def wide_view_columns(table: str) -> dict[str, str]:
    head = {
        "report_id": "报告 · Report", "agency": "发布机关 · Issuing agency", "province": "省级行政区 · Province",
        "city": "地级市 · City", "county": "县级行政区 · County", "year": "报告所属年度 · Year covered",
        "form_version": "统计表格式 · Form version",
    }
    return {**head, **{wide_column(c): cell_description(c) for c in wide_cells(table)}}


_RULE_WORDS = re.compile(r"\{rule_words:([A-Za-z_.]+)\}")


def rule_words_sql(column: str) -> str:
    """A SQL expression naming the rule in ``column`` in words (zh · en), from :mod:`.pages.words`."""
    from .pages.words import RULES

    def q(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    whens = " ".join(f"when {q(rule)} then {q(f'{zh} · {en}')}" for rule, (zh, en) in RULES.items())
    return f"case {column} {whens} else {column} end"


def load_yaml(path: Path = METADATA_YAML) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def build_metadata(db_name: str, *, warc_dir: str | os.PathLike[str] | None = None,
                   source: Path = METADATA_YAML) -> dict[str, Any]:
    """The metadata dict Datasette takes (``--metadata``) for the database named ``db_name``."""
    raw = load_yaml(source)
    database = raw.pop("database")
    text_database = raw.pop("text_database", None)
    dashboard = raw.pop("dashboard")
    meta = copy.deepcopy(raw)
    meta["description_html"] = meta["description_html"].replace("{db}", db_name).replace("{text_db}", TEXT_DB)
    for table in WIDE_TABLES:
        database["tables"][f"{table}_wide"].setdefault("columns", {}).update(wide_view_columns(table))
        database["tables"].setdefault(table, {}).setdefault("columns", {}).update(
            {"vid": "报告版本（report_versions.vid） · Report version (report_versions.vid)",
             **{wide_column(c): cell_description(c) for c in wide_cells(table)}})
    meta["databases"] = {db_name: database}
    if text_database is not None:
        meta["databases"][TEXT_DB] = text_database
    for db_meta in meta["databases"].values():
        for query in db_meta.get("queries", {}).values():
            query.setdefault("hide_sql", True)  # readers see the question and the answer; "Show SQL" is a click away
    for chart in dashboard["charts"].values():
        if "query" in chart:
            chart["db"] = db_name
            chart["query"] = _RULE_WORDS.sub(lambda m: rule_words_sql(m.group(1)), chart["query"])
    for flt in dashboard.get("filters", {}).values():
        if "query" in flt:
            flt["db"] = db_name
    plugins: dict[str, Any] = {
        "datasette-dashboards": {DASHBOARD: dashboard},
        "datasette-block-robots": {"disallow": ["/"]},
        "nianbao": {"database": db_name},
    }
    if warc_dir is not None:
        plugins["nianbao"]["warc_dir"] = str(Path(warc_dir).resolve())
    meta["plugins"] = plugins
    return meta


def write_metadata(path: str | os.PathLike[str], db_name: str, *,
                   warc_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write the metadata as JSON (what ``datasette --metadata`` reads) and return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(build_metadata(db_name, warc_dir=warc_dir), ensure_ascii=False, indent=2),
                   encoding="utf-8")
    return out
