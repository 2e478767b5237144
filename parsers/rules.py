"""The form's accounting rules (勾稽关系): checking them, and placing what they determine.

Every rule is a linear equation ``sum(lhs) = sum(rhs)`` over cell ids. Checking reports each
equation as published (a failure is a fact about the report, never corrected). Inference uses
the same equations to fill a cell the document did not let us read — a row printed with fewer
numbers than the form has, a row left out — only where every consistent reading of the printed
numbers gives the same value. Counts are never negative, so unknowns that must sum to zero
are all zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from .form import APPLY_COLS, REVIEW_COLS, REVIEW_ROWS, apply_rows, result_rows

BLANK = "blank"  # a cell the report prints as blank: null in the output, 0 in the arithmetic


@dataclass(frozen=True)
class Equation:
    rule: str
    scope: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    cells: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", self.lhs + self.rhs)


def equations(version: str, single_other_row: bool = False) -> list[Equation]:
    """Every within-report rule of the spec for a form version, one equation per scope."""
    eqs: list[Equation] = []
    results = result_rows(version)
    for col in APPLY_COLS:
        eqs.append(Equation("apply_balance", col, (f"apply/1/{col}", f"apply/2/{col}"),
                            (f"apply/3.7/{col}", f"apply/4/{col}")))
        eqs.append(Equation("apply_results_total", col, tuple(f"apply/{r}/{col}" for r in results),
                            (f"apply/3.7/{col}",)))
    for row in apply_rows(version):
        eqs.append(Equation("apply_row_total", row, tuple(f"apply/{row}/{c}" for c in APPLY_COLS[:-1]),
                            (f"apply/{row}/total",)))
    for row in REVIEW_ROWS:
        eqs.append(Equation("review_total", row, tuple(f"review/{row}/{c}" for c in REVIEW_COLS[:-1]),
                            (f"review/{row}/total",)))
    if version == "2021" and single_other_row:
        # A 2021 report printing the 2019 form's single (六)其他处理 row: its three sub-rows add up to it.
        for col in APPLY_COLS:
            eqs.append(Equation("other_rows_sum", col, tuple(f"apply/3.6.{i}/{col}" for i in (1, 2, 3)),
                                (f"apply/3.6/{col}",)))
    return eqs


Values = dict[str, "int | float | str"]  # cell id → number or BLANK; an unknown cell has no key


def _num(v: int | float | str) -> int | float:
    return 0 if v == BLANK else v  # type: ignore[return-value]


def _fmt(v: int | float | str) -> str:
    if v == BLANK:
        return "blank"
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def check(values: Values, eqs: Iterable[Equation], unread: dict[str, str] | None = None
          ) -> tuple[list[dict], list[dict]]:
    """(checks, scopes not checked with the reason).

    A rule is checked only on what the document printed: a scope with a cell the parser could not
    read (``unread``: cell → why, or simply absent from ``values``) is *not checked*, never failed;
    so is a scope whose side prints only blanks.
    """
    out: list[dict] = []
    skipped: list[dict] = []
    for eq in eqs:
        if eq.rule not in SPEC_RULES:
            continue
        missing = [c for c in eq.cells if c not in values]
        if missing:
            why = (unread or {}).get(missing[0], "not read")
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            skipped.append({"rule": eq.rule, "scope": eq.scope, "reason": f"unread cell {missing[0]}{more}: {why}"})
            continue
        left, right = [values[c] for c in eq.lhs], [values[c] for c in eq.rhs]
        if all(v == BLANK for v in left) or all(v == BLANK for v in right):
            side = "left" if all(v == BLANK for v in left) else "right"
            skipped.append({"rule": eq.rule, "scope": eq.scope, "reason": f"every cell of the {side} side printed blank"})
            continue
        ls, rs = sum(map(_num, left)), sum(map(_num, right))
        ok = abs(ls - rs) < 1e-6
        lt, rt = "+".join(map(_fmt, left)), "+".join(map(_fmt, right))
        detail = f"{lt} = {rt}" if ok else f"{lt} = {_fmt(ls)} ≠ {_fmt(rs)} = {rt}"
        out.append({"rule": eq.rule, "scope": eq.scope, "ok": ok, "detail": detail})
    return out, skipped


SPEC_RULES = frozenset({"apply_balance", "apply_results_total", "apply_row_total", "review_total"})


@dataclass
class ShortRow:
    """Values printed for ``slots`` but fewer of them: which slot each belongs to is unknown."""

    slots: tuple[str, ...]
    printed: list[int | float | str]


def _solve(values: Values, eqs: list[Equation], unknown: set[str]) -> dict[str, int | float] | None:
    """Propagate the equations to values for ``unknown``; None on a contradiction.

    Returns what could be determined (maybe not everything).
    """
    found: dict[str, int | float] = {}
    known = dict(values)
    progress = True
    while progress:
        progress = False
        for eq in eqs:
            missing = [c for c in eq.cells if c not in known]
            if not missing:
                if not _holds(known, eq) and any(c in found or c in unknown for c in eq.cells):
                    return None
                continue
            if not all(c in unknown for c in missing):
                continue
            lhs_known = sum(_num(known[c]) for c in eq.lhs if c in known)
            rhs_known = sum(_num(known[c]) for c in eq.rhs if c in known)
            if len(missing) == 1:
                c = missing[0]
                v = rhs_known - lhs_known if c in eq.lhs else lhs_known - rhs_known
                if v < 0:
                    return None
                known[c] = found[c] = v
                progress = True
            else:
                sides = {c in eq.lhs for c in missing}
                if len(sides) == 1:
                    on_left = sides.pop()
                    rest = rhs_known - lhs_known if on_left else lhs_known - rhs_known
                    if rest < 0:
                        return None
                    if rest == 0:  # non-negative counts summing to zero are all zero
                        for c in missing:
                            known[c] = found[c] = 0
                        progress = True
    return found


MAX_PLACEMENTS = 600
# All placements tried for one document: a garbled page with dozens of short rows must not make
# parsing slow (the rows left over stay null, with a warning).
PLACEMENT_BUDGET = 3000


class _Budget:
    def __init__(self, tries: int) -> None:
        self.left = tries

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def infer(values: Values, eqs: list[Equation], short_rows: list[ShortRow], missing: set[str]
          ) -> tuple[dict[str, int | float | str], list[str], dict[str, str]]:
    """Fill what the rules determine exactly. Returns (cell → value, notes, cell → how it was placed).

    ``missing``: cells the document did not let us read at all (rows left out). Each short row is
    tried in every order-preserving placement of its printed values; it is filled only if all
    placements consistent with the rules agree on every slot.
    """
    known = dict(values)
    filled: dict[str, int | float | str] = {}
    reasons: dict[str, str] = {}
    notes: list[str] = []
    pending = list(short_rows)
    budget = _Budget(PLACEMENT_BUDGET)
    progress = True
    while progress and budget.left > 0:
        progress = False
        for short in list(pending):
            unknown_now = {c for c in missing if c not in known}
            result = _place(known, eqs, short, unknown_now, budget)
            if result is not None:
                known.update(result)
                filled.update(result)
                row = short.slots[0].rsplit("/", 1)[0]
                how = (f"{len(short.printed)} values printed for the {len(short.slots)} cells of {row}: "
                       f"the only order-preserving placement the rules allow")
                reasons.update({c: how + (" (a cell left out, determined by the rules)" if c not in
                                          _printed_slots(short, result) else "") for c in result})
                pending.remove(short)
                progress = True
        unknown_now = {c for c in missing if c not in known}
        if unknown_now and not any(set(s.slots) & unknown_now for s in pending):
            others = {c for s in pending for c in s.slots}
            solved = _solve({k: v for k, v in known.items() if k not in others}, eqs, unknown_now)
            if solved:
                solved = {k: v for k, v in solved.items() if k in unknown_now}
                known.update(solved)
                filled.update(solved)
                reasons.update({c: f"not printed; determined by {_rules_of(c, eqs)}" for c in solved})
                progress = bool(solved)
    if budget.left <= 0:
        notes.append("stopped placing short rows: too many for one document")
    for short in pending:
        notes.append(f"{len(short.printed)} values printed for the {len(short.slots)} cells of "
                     f"{short.slots[0].rsplit('/', 1)[0]}: not placed (the rules do not determine them)")
    return filled, notes, reasons


def _rules_of(cell: str, eqs: list[Equation]) -> str:
    """The rule scopes that mention a cell, for saying how it was determined."""
    return ", ".join(f"{e.rule}/{e.scope}" for e in eqs if cell in e.cells) or "the rules"


def _printed_slots(short: ShortRow, placed: dict[str, int | float | str]) -> set[str]:
    """The slots a placement gave the printed values (in order), the rest being left-out cells."""
    out: set[str] = set()
    i = 0
    for slot in short.slots:
        if i < len(short.printed) and placed.get(slot) == short.printed[i]:
            out.add(slot)
            i += 1
    return out


def _place(known: Values, eqs: list[Equation], short: ShortRow, unknown: set[str], budget: _Budget
           ) -> dict[str, int | float | str] | None:
    n, k = len(short.slots), len(short.printed)
    if n - k > 3:
        return None
    answers: set[tuple] = set()
    tries = 0
    slots = set(short.slots)
    relevant = [e for e in eqs if not slots.isdisjoint(e.cells)]
    for positions in combinations(range(n), k):
        tries += 1
        if tries > MAX_PLACEMENTS or not budget.spend():
            return None
        trial = dict(known)
        for pos, value in zip(positions, short.printed, strict=True):
            trial[short.slots[pos]] = value
        open_slots = {s for i, s in enumerate(short.slots) if i not in positions}
        solved = _solve(trial, relevant, open_slots | unknown)
        if solved is None:
            continue
        if not open_slots <= solved.keys():
            return None  # a consistent reading that leaves a slot open: not determined
        trial.update(solved)
        if not _consistent(trial, relevant):
            continue
        answers.add(tuple(trial[s] for s in short.slots))
        if len(answers) > 1:
            return None
    if len(answers) != 1:
        return None
    return dict(zip(short.slots, answers.pop(), strict=True))


def _holds(values: Values, eq: Equation) -> bool:
    return abs(sum(_num(values[c]) for c in eq.lhs) - sum(_num(values[c]) for c in eq.rhs)) < 1e-6


def _consistent(values: Values, eqs: list[Equation]) -> bool:
    return all(_holds(values, eq) for eq in eqs if all(c in values for c in eq.cells))
