"""What a report page and an agency page show, read from the archive (v2 schema) with indexed queries.

A report page costs a handful of primary-key or index lookups, whatever the size of the archive:
the report by its unique ``id``, its numbers in ``active``/``apply``/``review`` by ``current_vid``,
its ``cell_notes``, failed ``checks`` and ``flags`` by their primary-key prefix, its versions by
``report_versions(rid, sha256)``, its silent edits by ``report_edits(report_id)``, the agency's
other years by ``reports(agency_id, year)``. The timeliness verdict is on the report's own row
(crawler/findings.py writes it there).
An agency page reads that agency's reports the same way. Nothing scans a table.

The queries run through ``execute(sql, params) -> list[dict]`` (async), so Datasette's database
object or a plain connection in a test can serve them. Everything returned is plain data: the
page templates only lay it out.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from parsers.form import all_cells, cell_def
from parsers.rules import equations

from ..views import WIDE_TABLES, wide_column
from .form_layout import FormTable, layouts
from .words import AGENCY_KINDS, DATE_SOURCES, FLAGS, NOTE_KINDS, RULES, VERDICTS

Execute = Callable[[str, dict[str, Any]], Awaitable[list[dict[str, Any]]]]

REPORT_SQL = """
select r.*, a.name as agency_name, a.province, a.city, a.county, a.portal_url
from reports r left join agencies a on a.id = r.agency_id
where r.id = :id
"""
NUMBERS_SQL = "select * from {table} where vid in ({vids})"
NOTES_SQL = "select cell_id, kind, detail from cell_notes where vid = :vid"
FAILED_SQL = "select rule, scope, detail from checks where report_id = :id and ok = 0 order by rule, scope"
VERSIONS_SQL = """
select vid, sha256, url, document_url, title, published_date, form_version, first_seen, last_seen,
  is_current, superseded_at, checks_failed
from report_versions where rid = :rid order by first_seen, vid
"""
FLAGS_SQL = "select flag, scope, detail from flags where report_id = :id order by flag, scope"
EDITS_SQL = """
select vid, prev_vid, first_seen, prev_first_seen, prev_last_seen, cells_changed
from report_edits where report_id = :id order by first_seen, vid
"""
YEARS_SQL = "select id, year from reports where agency_id = :agency order by year"
AGENCY_SQL = "select * from agencies where id = :id"
AGENCY_REPORTS_SQL = """
select r.rid, r.id, r.year, r.title, r.url, r.form_version, r.current_vid, r.checks_failed, r.published_date
from reports r where r.agency_id = :agency order by r.year
"""
AGENCY_FAILED_SQL = """
select k.report_id, k.rule, k.scope, k.detail from reports r join checks k on k.report_id = r.id
where r.agency_id = :agency and k.ok = 0 order by r.year, k.rule, k.scope
"""
# What a new version may change besides its numbers (shown above its cell changes).
META_FIELDS = {"title": "标题 title", "published_date": "发布日期 published date", "form_version": "统计表格式 form"}
# The few numbers an agency page plots over the years: (label zh, label en, cell id).
KEY_NUMBERS = (
    ("新收申请", "requests received", "apply/1/total"),
    ("予以公开", "disclosed", "apply/3.1/total"),
    ("行政复议", "administrative reviews", "review/review/total"),
    ("行政诉讼（直接起诉）", "lawsuits filed directly", "review/litigation_direct/total"),
)


@cache
def column_cells() -> dict[str, dict[str, str]]:
    """table → {wide column name → cell id}, for both form versions."""
    out: dict[str, dict[str, str]] = {t: {} for t in WIDE_TABLES}
    for c in all_cells():
        out[c.table][wide_column(c)] = c.cell_id
    return out


def number(value: Any) -> int | float | None:
    """A stored value as the report printed it: 12.0 → 12, 18651.06 stays, '' → None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def show(value: int | float | None) -> str:
    return "" if value is None else str(value)


async def numbers_of(execute: Execute, vids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """vid → {cell id → value} for the given versions (three primary-key lookups per batch)."""
    ids = sorted({int(v) for v in vids if v is not None})
    out: dict[int, dict[str, Any]] = {v: {} for v in ids}
    if not ids:
        return out
    placeholders = ",".join(str(v) for v in ids)  # integers only: safe to inline
    for table, cols in column_cells().items():
        for row in await execute(NUMBERS_SQL.format(table=table, vids=placeholders), {}):
            cells = out[int(row["vid"])]
            for col, cell_id in cols.items():
                if col in row:
                    cells[cell_id] = number(row[col])
    return out


_CELL_ID = re.compile(r"\b(?:active|apply|review)/[\w.]+/\w+")
_TEXT_VS_TABLE = re.compile(r"^text (?P<text>.+?) (?:≠|=) table (?P<table>.+?): “(?P<sentence>.*)”$", re.S)


def check_cells(rule: str, scope: str, version: str | None, detail: str = "") -> tuple[str, ...]:
    """The cells of this report a check compared (to mark them on the page)."""
    if rule == "carryover":  # scope "2023-2024/col": row 2 of this year
        return (f"apply/2/{scope.rsplit('/', 1)[-1]}",)
    if rule == "text_vs_table":  # the detail names the cells it compared: "text 21 ≠ table review/review/total 12: …"
        return tuple(dict.fromkeys(_CELL_ID.findall(detail)))
    if rule == "in_force_continuity":  # scope "2023-2024/row"
        row = scope.rsplit("/", 1)[-1]
        return tuple(f"active/{row}/{c}" for c in ("in_force", "issued", "repealed"))
    for eq in _equations(version or "2021"):
        if eq.rule == rule and eq.scope == scope:
            return eq.cells
    return ()


@cache
def _equations(version: str) -> tuple:
    return tuple(equations(version)) + tuple(e for e in equations(version, single_other_row=True)
                                             if e.rule == "other_rows_sum")


def cell_label(cell_id: str) -> str:
    """``apply/3.1/total`` → ``三、本年度办理结果 （一）予以公开 · 总计``."""
    try:
        c = cell_def(cell_id)
    except KeyError:
        return cell_id
    return f"{c.row_label} · {c.col_label}"


@dataclass
class ValueCell:
    cell_id: str
    value: int | float | None
    marks: list[str] = field(default_factory=list)  # css classes: inferred, ocr, unread, failed
    notes: list[str] = field(default_factory=list)  # what the marks say, in words


def annotate(form: FormTable, cells: dict[str, Any], notes: dict[str, list[tuple[str, str]]],
             failed: dict[str, list[str]]) -> dict[str, ValueCell]:
    """cell id → what to print there: the value and its marks (notes: kind → detail)."""
    out = {}
    for cell_id in form.cell_ids():
        vc = ValueCell(cell_id, number(cells.get(cell_id)))
        for kind, detail in notes.get(cell_id, []):
            vc.marks.append(kind)
            zh, en = NOTE_KINDS.get(kind, (kind, kind))
            vc.notes.append(f"{zh} {en}" + (f": {detail}" if detail else ""))
        if cell_id in failed:
            vc.marks.append("failed")
            vc.notes += failed[cell_id]
        out[cell_id] = vc
    return out


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The cells whose value differs between two versions, in form order."""
    out = []
    for c in all_cells():
        old, new = number(before.get(c.cell_id)), number(after.get(c.cell_id))
        if old != new:
            out.append({"cell_id": c.cell_id, "label": cell_label(c.cell_id), "old": show(old), "new": show(new)})
    return out


def text_vs_table(detail: str) -> dict[str, str] | None:
    """The number the text states, the table's number (and its cells), and the sentence of a check."""
    m = _TEXT_VS_TABLE.match(detail)
    if not m:
        return None
    table = m["table"]
    total = table.rsplit(" ", 1)[-1]
    labels = " + ".join(cell_label(c) for c in _CELL_ID.findall(table))
    return {"text": m["text"].strip(), "table": total, "cells": labels, "sentence": m["sentence"]}


def timeliness(report: dict[str, Any], versions: list[dict[str, Any]] = ()) -> dict[str, Any] | None:
    """Art. 49's verdict on the report, in words: kind, deadline, date and its source, late by how much.

    The verdict counts from the first publication (crawler/findings.py): the earliest date of the
    versions readers saw, so that is the date shown; where it is not the current version's, the
    current version's source does not apply to it and is not shown.
    """
    verdict = report.get("timeliness")
    if not verdict:
        return None  # an archive written before the findings: say nothing rather than guess
    kind, source = report.get("agency_kind"), report.get("date_source")
    published = report.get("published_date")
    seen = [v["published_date"] for v in versions
            if v.get("published_date") and (v.get("is_current") or v.get("superseded_at"))]
    if seen and min(seen) != published:
        published, source = min(seen), None
    return {
        "verdict": verdict, "words": VERDICTS.get(verdict, (verdict, verdict)),
        "kind": AGENCY_KINDS.get(kind or "", ("机关类别不明", "kind of agency unclear")),
        "deadline": report.get("deadline"), "published_date": published,
        "source": DATE_SOURCES.get(source or "", ("来源未记录", "source not recorded")) if source else None,
        "days_late": report.get("days_late"), "reason": report.get("timeliness_reason"),
    }


async def load_report(execute: Execute, report_id: str) -> dict[str, Any] | None:
    """Everything the report page shows, or None when the archive has no such report."""
    found = await execute(REPORT_SQL, {"id": report_id})
    if not found:
        return None
    report = found[0]
    vid = report.get("current_vid")
    versions = await execute(VERSIONS_SQL, {"rid": report["rid"]})
    numbers = await numbers_of(execute, [vid, *(v["vid"] for v in versions)])
    cells = numbers.get(vid, {}) if vid is not None else {}
    notes: dict[str, list[tuple[str, str]]] = {}
    if vid is not None:
        for n in await execute(NOTES_SQL, {"vid": vid}):
            notes.setdefault(n["cell_id"], []).append((n["kind"], n["detail"] or ""))
    failed_checks = await execute(FAILED_SQL, {"id": report_id})
    failed: dict[str, list[str]] = {}
    for k in failed_checks:
        zh, en = RULES.get(k["rule"], (k["rule"], ""))
        k["words_zh"], k["words_en"] = zh, en
        k["cells"] = check_cells(k["rule"], k["scope"], report.get("form_version"), k["detail"] or "")
        if k["rule"] == "text_vs_table":
            k["statement"] = text_vs_table(k["detail"] or "")
        for cell_id in k["cells"]:
            failed.setdefault(cell_id, []).append(f"✗ {k['rule']} ({k['scope']}): {k['detail']}")
    version = report.get("form_version")
    tables = []
    if version:
        for form in layouts(version):
            tables.append({"form": form, "values": annotate(form, cells, notes, failed)})
    placed = {c for t in tables for c in t["form"].cell_ids()}
    # A number stored for a cell the report's form version does not print (a 2021 report printing the
    # 2019 form's single (六) row): shown apart, never dropped.
    others = [{"cell_id": c, "label": cell_label(c), "value": show(number(v))}
              for c, v in cells.items() if c not in placed and number(v) is not None]
    edits = {e["vid"]: e for e in await execute(EDITS_SQL, {"id": report_id})}
    history = []
    previous: dict[str, Any] | None = None
    before: dict[str, Any] | None = None
    for v in versions:
        mine = numbers.get(v["vid"], {})
        v["changes"] = changes(previous, mine) if previous is not None else []
        v["meta_changes"] = [{"field": f, "label": label, "old": before.get(f) or "", "new": v.get(f) or ""}
                             for f, label in META_FIELDS.items()
                             if before is not None and before.get(f) != v.get(f)]
        v["first"] = previous is None
        v["edit"] = edits.get(v["vid"])  # this version replaced one readers saw: a silent edit
        previous, before = mine, v
        history.append(v)
    flags = await execute(FLAGS_SQL, {"id": report_id})
    for fl in flags:
        fl["words_zh"], fl["words_en"] = FLAGS.get(fl["flag"], (fl["flag"], ""))
    years = await execute(YEARS_SQL, {"agency": report["agency_id"]})
    return {"report": report, "cells": cells, "tables": tables, "others": others, "failed": failed_checks,
            "versions": history, "edits": list(edits.values()), "flags": flags,
            "timeliness": timeliness(report, history),
            "years": years, "notes": notes,
            "marked": {kind: sum(1 for ns in notes.values() for k, _ in ns if k == kind) for kind in NOTE_KINDS}}


async def load_agency(execute: Execute, agency_id: str) -> dict[str, Any] | None:
    """Everything the agency page shows: its reports by year, key numbers, rules broken per year."""
    found = await execute(AGENCY_SQL, {"id": agency_id})
    if not found:
        return None
    reports = await execute(AGENCY_REPORTS_SQL, {"agency": agency_id})
    numbers = await numbers_of(execute, [r["current_vid"] for r in reports])
    failed: dict[str, list[dict[str, Any]]] = {}
    for k in await execute(AGENCY_FAILED_SQL, {"agency": agency_id}):
        failed.setdefault(k["report_id"], []).append(k)
    for r in reports:
        cells = numbers.get(r["current_vid"], {}) if r["current_vid"] is not None else {}
        r["key"] = [number(cells.get(cell_id)) for _, _, cell_id in KEY_NUMBERS]
        r["failed"] = failed.get(r["id"], [])
        r["rules_broken"] = sorted({k["rule"] for k in r["failed"]})
    series = [{"zh": zh, "en": en, "cell_id": cell_id,
               "points": [(r["year"], r["key"][i]) for r in reports if r["year"] is not None]}
              for i, (zh, en, cell_id) in enumerate(KEY_NUMBERS)]
    return {"agency": found[0], "reports": reports, "series": series, "rules": RULES}
