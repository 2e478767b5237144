"""Synthetic form values for one annual report: the numbers the renderer prints in every layout.

Why synthetic: the parser must read the same numbers out of a dozen document layouts, and a test
can only say "every layout parses alike" if it knows the true numbers. Real reports are mostly
zeros, so a parser that prints 0 everywhere would pass on them; these values are varied and mostly
non-zero, and they obey every within-report accounting rule of the spec (勾稽关系) unless a
``break_rule`` asks for exactly one published mistake.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from parsers.form import APPLY_COLS, REVIEW_COLS, REVIEW_ROWS, VERSIONS, apply_rows, cell_ids, result_rows

DEFAULT_AGENCY = "泉州市科学技术局"
# Agencies the demo may name; every one encodes in GBK (the GBK layouts need that).
AGENCIES = (
    "泉州市科学技术局",
    "灵武市科学技术局",
    "平潭综合实验区管理委员会",
    "洛江区科学技术局",
    "平顶山市科学技术局",
    "上海市人民政府办公厅",
)

APPLICANT_COLS = APPLY_COLS[:-1]  # the six applicant columns; the seventh is "total"

# Which published number each break_rule perturbs (+1…+3, so it never becomes a blank zero), and
# every (rule, scope) that then fails. One changed number in table 三 always sits in one column
# and one row, so the apply rules necessarily break one scope of a second apply rule too;
# review_total breaks alone.
BREAKS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "apply_balance": ("apply/4/enterprise", (("apply_balance", "enterprise"), ("apply_row_total", "4"))),
    "apply_results_total": (
        "apply/3.4.1/natural_person",
        (("apply_results_total", "natural_person"), ("apply_row_total", "3.4.1")),
    ),
    "apply_row_total": ("apply/3.2/total", (("apply_row_total", "3.2"), ("apply_results_total", "total"))),
    "review_total": ("review/litigation_after_review/total", (("review_total", "litigation_after_review"),)),
}


@dataclass
class ReportValues:
    """One report's metadata and a value for every cell id of its form version."""

    agency: str
    year: int
    form_version: str
    published_date: str
    cells: dict[str, int | float | None]

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


def generate(seed: int, form_version: str, agency: str = DEFAULT_AGENCY, year: int | None = None, *,
             break_rule: str | None = None) -> ReportValues:
    """Deterministic values for ``seed``: the same seed always gives the same report.

    ``year`` defaults to 2024 for the 2021 form and 2020 for the 2019 form. ``break_rule`` (one of
    :data:`BREAKS`) adds 1–3 to exactly one published number:

    - ``apply_balance``: ``apply/4/enterprise`` → apply_balance fails for ``enterprise``
      (and apply_row_total for row ``4``);
    - ``apply_results_total``: ``apply/3.4.1/natural_person`` → apply_results_total fails for
      ``natural_person`` (and apply_row_total for row ``3.4.1``);
    - ``apply_row_total``: ``apply/3.2/total`` → apply_row_total fails for row ``3.2``
      (and apply_results_total for ``total``);
    - ``review_total``: ``review/litigation_after_review/total`` → review_total fails for
      ``litigation_after_review`` only.

    The parser must report the failure and keep the number as published.
    """
    if form_version not in VERSIONS:
        raise ValueError(f"unknown form version {form_version!r}")
    if break_rule is not None and break_rule not in BREAKS:
        raise ValueError(f"unknown break_rule {break_rule!r}; one of {sorted(BREAKS)}")
    if year is None:
        year = 2024 if form_version == "2021" else 2020
    rng = random.Random(f"nianbao-demo:{seed}:{form_version}:{year}")
    cells: dict[str, int | float | None] = dict.fromkeys(cell_ids(form_version))
    if form_version == "2021":
        _active_2021(rng, cells)
    else:
        _active_2019(rng, cells)
    _apply(rng, form_version, cells)
    _review(rng, cells)
    if break_rule is not None:
        cell_id, _ = BREAKS[break_rule]
        value = cells[cell_id]
        assert isinstance(value, int)
        cells[cell_id] = value + 1 + seed % 3
    month, day = rng.randint(1, 3), rng.randint(1, 28)
    missing = [k for k, v in cells.items() if v is None]
    assert not missing, missing
    return ReportValues(agency, year, form_version, f"{year + 1}-{month:02d}-{day:02d}", cells)


def _decimal(rng: random.Random, low: int, high: int, places: int) -> float:
    """A decimal with exactly ``places`` decimals (last digit non-zero, so repr() prints them all)."""
    scale = 10**places
    n = rng.randint(low * scale, high * scale)
    if n % 10 == 0:
        n += rng.randint(1, 9)
    return float(f"{n // scale}.{n % scale:0{places}d}")


def _active_2021(rng: random.Random, cells: dict[str, int | float | None]) -> None:
    cells["active/regulation/issued"] = rng.randint(0, 3)
    cells["active/regulation/repealed"] = rng.randint(1, 2)
    cells["active/regulation/in_force"] = rng.randint(5, 40)
    cells["active/normative_doc/issued"] = rng.randint(4, 60)
    cells["active/normative_doc/repealed"] = rng.randint(1, 25)
    cells["active/normative_doc/in_force"] = rng.randint(41, 450)
    cells["active/license/decisions"] = rng.randint(300, 9800)
    cells["active/penalty/decisions"] = rng.randint(20, 3000)
    cells["active/coercion/decisions"] = rng.randint(0, 180)
    cells["active/fee/fee_amount"] = _decimal(rng, 10, 30000, rng.randint(2, 6))


def _active_2019(rng: random.Random, cells: dict[str, int | float | None]) -> None:
    for row, lo, hi, total_lo, total_hi in (("regulation", 0, 3, 5, 40), ("normative_doc", 3, 60, 61, 400)):
        made = rng.randint(lo, hi)
        cells[f"active/{row}/new_made"] = made
        cells[f"active/{row}/new_published"] = max(0, made - rng.randint(0, 2))
        cells[f"active/{row}/total_published"] = rng.randint(total_lo, total_hi)
    for row, prev_hi, dec_hi in (("license", 400, 9800), ("other_service", 60, 300),
                                 ("penalty", 3000, 2500), ("coercion", 150, 120)):
        cells[f"active/{row}/prev_items"] = rng.randint(prev_hi // 10, prev_hi)
        cells[f"active/{row}/change"] = rng.randint(-30, 45)
        cells[f"active/{row}/decisions"] = rng.randint(dec_hi // 20, dec_hi)
    cells["active/fee/prev_items"] = rng.randint(3, 60)
    cells["active/fee/change"] = rng.randint(-12, 9)
    changes = ["active/license/change", "active/other_service/change", "active/penalty/change",
               "active/coercion/change", "active/fee/change"]
    # The 本年增/减 column is signed: make sure at least two changes are negative and one positive.
    neg = rng.sample(changes, 2)
    for cid in changes:
        v = cells[cid]
        assert isinstance(v, int)
        if cid in neg:
            cells[cid] = -abs(v) or -rng.randint(1, 9)
        elif v == 0:
            cells[cid] = rng.randint(1, 9)
    cells["active/procurement/procurement_items"] = rng.randint(5, 400)
    cells["active/procurement/procurement_amount"] = _decimal(rng, 100, 90000, rng.randint(2, 4))


# Expected count of each 3.x result row for a natural person (other columns are scaled down).
_RESULT_WEIGHT = {
    "3.1": 40, "3.2": 12, "3.3.1": 1, "3.3.2": 1.5, "3.3.3": 2, "3.3.4": 4, "3.3.5": 3, "3.3.6": 5,
    "3.3.7": 2, "3.3.8": 3, "3.4.1": 25, "3.4.2": 6, "3.4.3": 3, "3.5.1": 5, "3.5.2": 6, "3.5.3": 1.5,
    "3.5.4": 2, "3.5.5": 1.5, "3.6.1": 4, "3.6.2": 1, "3.6.3": 5, "3.6": 9,
}
_COL_SCALE = {"natural_person": 1.0, "enterprise": 0.3, "research": 0.06, "nonprofit": 0.05,
              "legal_service": 0.12, "other_org": 0.08}


def _apply(rng: random.Random, version: str, cells: dict[str, int | float | None]) -> None:
    """Table 三: per column, row1 + row2 = row3.7 + row4 and Σ3.x = 3.7; per row, Σcolumns = total."""
    results = result_rows(version)
    level = rng.uniform(0.55, 1.15)  # how busy this agency is
    for col in APPLICANT_COLS:
        nonzero = 0.9 if col == "natural_person" else 0.4
        done = 0
        for row in results:
            v = round(rng.uniform(0.2, 1.8) * _RESULT_WEIGHT[row] * _COL_SCALE[col] * level)
            if v == 0 and rng.random() < nonzero:
                v = rng.randint(1, 3 if col == "natural_person" else 2)
            cells[f"apply/{row}/{col}"] = v
            done += v
        cells[f"apply/3.7/{col}"] = done
        carried_out = rng.randint(1 if rng.random() < 0.7 else 0, max(1, done // 6))
        carried_in = min(rng.randint(1 if rng.random() < 0.6 else 0, max(1, done // 8)), done + carried_out)
        cells[f"apply/4/{col}"] = carried_out
        cells[f"apply/2/{col}"] = carried_in
        cells[f"apply/1/{col}"] = done + carried_out - carried_in
    for row in apply_rows(version):
        cells[f"apply/{row}/total"] = sum(_int(cells[f"apply/{row}/{c}"]) for c in APPLICANT_COLS)


def _review(rng: random.Random, cells: dict[str, int | float | None]) -> None:
    """Table 四: per row, upheld + corrected + other + pending = total."""
    highs = {"upheld": 7, "corrected": 4, "other": 5, "pending": 3}
    for row in REVIEW_ROWS:
        for col in REVIEW_COLS[:-1]:
            v = rng.randint(0, highs[col])
            if v == 0 and rng.random() < 0.6:
                v = rng.randint(1, 2)
            cells[f"review/{row}/{col}"] = v
        cells[f"review/{row}/total"] = sum(_int(cells[f"review/{row}/{c}"]) for c in REVIEW_COLS[:-1])


def _int(v: int | float | None) -> int:
    assert isinstance(v, int)
    return v
