"""The cross-report accounting rules, checked over the archive (they need two years of one agency).

- ``carryover``: row 2 (上年结转) of year Y = row 4 (结转下年度继续办理) of year Y−1, for every
  applicant column of table 三. Scope ``"{Y-1}-{Y}/{col}"``.
- ``in_force_continuity``: in_force of Y = in_force of Y−1 + issued of Y − repealed of Y, for the
  active rows ``regulation`` and ``normative_doc`` when both years use the 2021 form. Scope
  ``"{Y-1}-{Y}/{row}"``.

Each check is stored in ``checks`` under year Y's report. A rule is not applied (no row) when a value
it needs is blank: a missing number is not a failure of the report. Run per agency, so the work at
the end of a crawl is bounded by what the crawl changed; ``python -m crawler.crosschecks DB``
recomputes everything.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from parsers.form import APPLY_COLS

from .db import Store
from .findings import refresh_findings

IN_FORCE_ROWS = ("regulation", "normative_doc")
# The cells the rules read: each report's current version is read for these alone.
CROSS_CELLS = frozenset([f"apply/{row}/{col}" for row in (2, 4) for col in APPLY_COLS]
                        + [f"active/{row}/{what}" for row in IN_FORCE_ROWS for what in ("in_force", "issued", "repealed")])


def _num(v: Any) -> float | None:
    return None if v is None or v == "" else float(v)


def _fmt(v: Any) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else str(f)


def checks_for_pair(year: int, cur: dict[str, Any], prev: dict[str, Any], cur_form: str | None,
                    prev_form: str | None) -> Iterator[dict[str, Any]]:
    """The cross-report checks of year ``year`` against ``year - 1`` (cells as {cell_id: value})."""
    span = f"{year - 1}-{year}"
    for col in APPLY_COLS:
        carried, left = _num(cur.get(f"apply/2/{col}")), _num(prev.get(f"apply/4/{col}"))
        if carried is None or left is None:
            continue
        yield {"rule": "carryover", "scope": f"{span}/{col}", "ok": int(carried == left),
               "detail": f"row 2 of {year} = {_fmt(carried)}, row 4 of {year - 1} = {_fmt(left)}"}
    if cur_form != "2021" or prev_form != "2021":
        return
    for row in IN_FORCE_ROWS:
        now, before = _num(cur.get(f"active/{row}/in_force")), _num(prev.get(f"active/{row}/in_force"))
        issued, repealed = _num(cur.get(f"active/{row}/issued")), _num(cur.get(f"active/{row}/repealed"))
        if None in (now, before, issued, repealed):
            continue
        expected = before + issued - repealed
        yield {"rule": "in_force_continuity", "scope": f"{span}/{row}", "ok": int(now == expected),
               "detail": f"{_fmt(now)} in force in {year}; {_fmt(before)} + {_fmt(issued)} − {_fmt(repealed)} "
                         f"= {_fmt(expected)}"}


def check_agency(store: Store, agency_id: str) -> int:
    """Recompute the cross-report checks of one agency's reports. Returns how many were failed."""
    reports = list(store.db.query("select id, year, form_version from reports where agency_id = ? "
                                  "and year is not null order by year", [agency_id]))
    by_year = {r["year"]: r for r in reports}
    cells = {r["id"]: store.current_cells(r["id"], CROSS_CELLS) for r in reports}
    failed = 0
    for r in reports:
        prev = by_year.get(r["year"] - 1)
        rows = [] if prev is None else list(checks_for_pair(r["year"], cells[r["id"]], cells[prev["id"]],
                                                            r["form_version"], prev["form_version"]))
        failed += sum(1 for c in rows if not c["ok"])
        store.replace_cross_checks(r["id"], rows)
    refresh_findings(store, agency_id)  # timeliness, silent edits, requests_jump flags (crawler/findings.py)
    return failed


def run_cross_checks(store: Store, agency_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Check the given agencies (all when None), through ``store``. Returns {"agencies": n, "failed": n}."""
    if agency_ids is None:
        agency_ids = [r["agency_id"] for r in store.db.query("select distinct agency_id from reports")]
    n = failed = 0
    for aid in sorted(set(agency_ids)):
        failed += check_agency(store, aid)
        n += 1
    store.commit()
    return {"agencies": n, "failed": failed}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="recompute the cross-report checks of an archive")
    p.add_argument("db", nargs="?", default="data/archive.db")
    args = p.parse_args(argv)
    store = Store(args.db, run_id="crosschecks")
    try:
        result = run_cross_checks(store)
    finally:
        store.close()
    print(f"{result['agencies']} agencies checked, {result['failed']} cross-report checks failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
