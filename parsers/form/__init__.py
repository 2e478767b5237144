"""The State Council's annual-report form, loaded once from ``cells.csv`` (the data contract).

The form is data: every cell id, its table, row and column, and which form versions carry it.
Parsing code asks this module for the cells of a version instead of repeating labels.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CELLS_CSV = Path(__file__).with_name("cells.csv")
LABELS_EN_CSV = Path(__file__).with_name("labels_en.csv")  # English labels and units of rows and columns
VERSIONS = ("2021", "2019")

# Column order of the applicant columns (table 三) and the review columns (table 四).
APPLY_COLS = ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total")
REVIEW_ROWS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLS = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True)
class CellDef:
    cell_id: str
    table: str
    row: str
    row_label: str
    col: str
    col_label: str
    versions: tuple[str, ...]


@cache
def all_cells() -> tuple[CellDef, ...]:
    with CELLS_CSV.open(encoding="utf-8") as f:
        return tuple(
            CellDef(r["cell_id"], r["table"], r["row"], r["row_label"], r["col"], r["col_label"],
                    tuple(r["form_versions"].split(",")))
            for r in csv.DictReader(f)
        )


@cache
def cell_ids(version: str) -> tuple[str, ...]:
    """Every cell id of a form version, in the order of cells.csv."""
    return tuple(c.cell_id for c in all_cells() if version in c.versions)


@cache
def cell_def(cell_id: str) -> CellDef:
    return {c.cell_id: c for c in all_cells()}[cell_id]


@cache
def apply_rows(version: str) -> tuple[str, ...]:
    """Row codes of table 三 in form order ("1", "2", "3.1", …, "3.7", "4")."""
    seen: dict[str, None] = {}
    for c in all_cells():
        if c.table == "apply" and version in c.versions:
            seen.setdefault(c.row, None)
    return tuple(sorted(seen, key=_row_sort_key))


def result_rows(version: str) -> tuple[str, ...]:
    """The 3.x result rows whose sum is row 3.7 (the form's note)."""
    return tuple(r for r in apply_rows(version) if r.startswith("3.") and r != "3.7")


def _row_sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


@cache
def active_cells(version: str) -> dict[tuple[str, str], str]:
    """(row, col) → cell id of table 二 for a version."""
    return {(c.row, c.col): c.cell_id for c in all_cells() if c.table == "active" and version in c.versions}


@cache
def english_labels() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(table, "row" | "col", code) → (English label, unit), from ``labels_en.csv``.

    Data beside cells.csv rather than dicts in code: the archive's ``form_cells`` table and the
    published column descriptions read the same words.
    """
    with LABELS_EN_CSV.open(encoding="utf-8") as f:
        return {(r["table"], r["kind"], r["code"]): (r["label_en"], r["unit"]) for r in csv.DictReader(f)}


def cell_unit(cell: CellDef) -> str:
    """万元 (10,000 yuan) for the money columns, 件 (a count) for every other cell."""
    return english_labels().get((cell.table, "col", cell.col), ("", ""))[1] or "件"


def column_name(cell: CellDef) -> str:
    """The SQL column of a cell in the archive's wide tables: ``apply/3.3.1/total`` → ``apply_3_3_1_total``."""
    return f"{cell.table}_{cell.row}_{cell.col}".replace(".", "_").replace("/", "_")
