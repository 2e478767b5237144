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


def subtotal_equations(rows: Iterable[str]) -> list[Equation]:
    """A table 三 printing a 小计 column: per row, the five organisation columns add up to it.

    Not a rule of the spec (never checked or published): the decoder uses the printed 小计 to place
    a row that prints fewer numbers than columns.
    """
    orgs = APPLY_COLS[1:6]
    return [Equation("apply_subtotal", row, tuple(f"apply/{row}/{c}" for c in orgs), (f"apply/{row}/subtotal",))
            for row in rows]


Values = dict[str, "int | float | str"]  # cell id → number or BLANK; an unknown cell has no key


def _num(v: int | float | str) -> int | float:
    return 0 if v == BLANK else v  # type: ignore[return-value]


def _fmt(v: int | float | str) -> str:
    if v == BLANK:
        return "blank"
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def check(values: Values, eqs: Iterable[Equation], unread: dict[str, str] | None = None,
          marked: set[str] | frozenset[str] = frozenset()) -> tuple[list[dict], list[dict]]:
    """(checks, scopes not checked with the reason).

    A rule is checked only on what the document printed: a scope with a cell the parser could not
    read (``unread``: cell → why, or simply absent from ``values``) is *not checked*, never failed;
    so is a scope whose side is left empty (a report that does not fill its 总计 column, or fills
    only the totals). A zero mark (-, —, /, 无: ``marked``) is printed, though: the form says a
    blank is 0, so a side holding one is checked like a printed 0 (a typo in a row whose total
    prints "—" is flagged on its row and its column alike).
    """
    out: list[dict] = []
    skipped: list[dict] = []
    for eq in eqs:
        if eq.rule not in SPEC_RULES:
            continue
        # a cell reported unread is missing even if some path left a value for it: the check's
        # verdict must agree with the cells it publishes (an unread cell never makes a failure)
        missing = [c for c in eq.cells if c not in values or c in (unread or {})]
        if missing:
            why = (unread or {}).get(missing[0], "not read")
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            skipped.append({"rule": eq.rule, "scope": eq.scope, "reason": f"unread cell {missing[0]}{more}: {why}"})
            continue
        left, right = [values[c] for c in eq.lhs], [values[c] for c in eq.rhs]
        left_empty = all(v == BLANK for v in left) and not marked.intersection(eq.lhs)
        right_empty = all(v == BLANK for v in right) and not marked.intersection(eq.rhs)
        if left_empty or right_empty:
            side = "left" if left_empty else "right"
            skipped.append({"rule": eq.rule, "scope": eq.scope, "reason": f"every cell of the {side} side printed blank"})
            continue
        ls, rs = sum(map(_num, left)), sum(map(_num, right))
        ok = abs(ls - rs) < 1e-6
        lt, rt = "+".join(map(_fmt, left)), "+".join(map(_fmt, right))
        detail = f"{lt} = {rt}" if ok else f"{lt} = {_fmt(ls)} ≠ {_fmt(rs)} = {rt}"
        out.append({"rule": eq.rule, "scope": eq.scope, "ok": ok, "detail": detail})
    return out, skipped


SPEC_RULES = frozenset({"apply_balance", "apply_results_total", "apply_row_total", "review_total"})
# Rules the decoder places printed numbers by: the spec's, and the 小计 column's where one is printed.
DECODE_RULES = SPEC_RULES | {"apply_subtotal"}


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
MAX_VANISHED = 7  # blank cells a row printing blanks as nothing may leave out (C(8, 4) = 70 placements)
# All placements tried for one document: a garbled page with dozens of short rows must not make
# parsing slow (the rows left over stay null, with a warning).
PLACEMENT_BUDGET = 3000


class _Budget:
    def __init__(self, tries: int) -> None:
        self.left = tries

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def infer(values: Values, eqs: list[Equation], short_rows: list[ShortRow], missing: set[str],
          blanks_vanish: bool = False) -> tuple[dict[str, int | float | str], list[str], dict[str, str]]:
    """Fill what the rules determine exactly. Returns (cell → value, notes, cell → how it was placed).

    ``missing``: cells the document did not let us read at all (rows left out). Each short row is
    tried in every order-preserving placement of its printed values; it is filled only if all
    placements consistent with the rules agree on every slot.

    ``blanks_vanish``: the document prints blank cells as nothing (text extracted from a PDF without
    positions), so a slot a placement leaves open is a blank cell unless the rules give it a value.
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
            result = _place(known, eqs, short, unknown_now, budget, blanks_vanish)
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


def _place(known: Values, eqs: list[Equation], short: ShortRow, unknown: set[str], budget: _Budget,
           blanks_vanish: bool = False) -> dict[str, int | float | str] | None:
    n, k = len(short.slots), len(short.printed)
    if n - k > (MAX_VANISHED if blanks_vanish else 3):
        return None
    tries = 0
    slots = set(short.slots)
    relevant = [e for e in eqs if not slots.isdisjoint(e.cells)]
    # each consistent reading with the rules it breaks: a rule every placement breaks by the same amount
    # is an arithmetic error the document prints elsewhere (it stays a failed check); it must not hide
    # the one placement the other rules allow. A rule broken by amounts that change with the placement
    # (the row's own total, when its numbers do not add up at all) is no such error.
    readings: list[tuple[tuple | None, frozenset[int]]] = []
    common: frozenset[int] | None = None
    residuals: dict[int, set[float]] = {}
    for positions in combinations(range(n), k):
        tries += 1
        if tries > MAX_PLACEMENTS or not budget.spend():
            return None
        trial = dict(known)
        for pos, value in zip(positions, short.printed, strict=True):
            trial[short.slots[pos]] = value
        open_slots = {s for i, s in enumerate(short.slots) if i not in positions}
        if blanks_vanish:  # a slot no number was printed for is a blank cell (0), never a number lost
            trial.update(dict.fromkeys(open_slots, BLANK))
            solved = _solve(trial, relevant, unknown)
        else:
            solved = _solve(trial, relevant, open_slots | unknown)
        if solved is None:
            continue
        trial.update(solved)
        broken = frozenset(i for i, e in enumerate(relevant)
                           if all(c in trial for c in e.cells) and not _holds(trial, e))
        common = broken if common is None else common & broken
        for i in broken:
            residuals.setdefault(i, set()).add(round(_residual(trial, relevant[i]), 6))
        if len(broken) > MAX_BROKEN_AFTER:
            continue
        if not open_slots <= trial.keys():
            if not broken:
                return None  # a consistent reading that leaves a slot open: not determined
            readings.append((None, broken))
            continue
        readings.append((tuple(trial[s] for s in short.slots), broken))
    if common:
        if any(len(residuals[i]) > 1 for i in common):
            return None
        own = short.slots[0].rsplit("/", 1)[0].split("/", 1)[-1]
        if any(relevant[i].scope == own and relevant[i].rule in ("apply_row_total", "apply_subtotal") for i in common):
            return None  # the row's own numbers do not add up however they are placed
    best = [a for a, broken in readings if broken == common]
    if None in best:
        return None  # a reading as good as any other leaves a slot open: not determined
    answers = set(best)
    if not answers or len({_numbers(a) for a in answers}) > 1:
        return None
    return _agreed(short.slots, answers)


def _numbers(answer: tuple) -> tuple:
    return tuple(_num(v) for v in answer)


def _agreed(slots: tuple[str, ...], answers: set[tuple]) -> dict[str, int | float | str]:
    """Placements giving every slot the same number, one a printed blank (无, —) where another puts
    the 0 the row left out: one answer, a slot blank if any placement prints it blank."""
    return {s: BLANK if any(a[i] == BLANK for a in answers) else next(iter(answers))[i] for i, s in enumerate(slots)}


def _residual(values: Values, eq: Equation) -> float:
    return sum(_num(values[c]) for c in eq.lhs) - sum(_num(values[c]) for c in eq.rhs)


def _holds(values: Values, eq: Equation) -> bool:
    return abs(sum(_num(values[c]) for c in eq.lhs) - sum(_num(values[c]) for c in eq.rhs)) < 1e-6


def _consistent(values: Values, eqs: list[Equation]) -> bool:
    return all(_holds(values, eq) for eq in eqs if all(c in values for c in eq.cells))


def decode_row(values: Values, slots: tuple[str, ...], numbers: list[int | float], eqs: list[Equation],
               pinned: dict[str, int | float | str] | None = None) -> dict[str, int | float | str] | None:
    """The order-preserving re-placement of a row's printed ``numbers`` into ``slots`` that the rules
    pick, or None.

    ``values`` holds the row as read by position (its blank cells BLANK). Each placement puts the
    numbers in order, the slots left over taking what the rules determine, else blank. The pick
    breaks no rule the positional reading keeps, breaks fewer (at most ``MAX_BROKEN_AFTER``: an
    arithmetic error elsewhere in the table stays visible and never blocks a row that is plainly
    misplaced), and breaks fewer than every other placement.

    ``pinned``: cells the document printed for certain (a zero mark, a printed total): a placement
    must leave each holding what was printed, so the decoder never writes over a printed cell.
    """
    pinned = pinned or {}
    n, k = len(slots), len(numbers)
    if not 0 < n - k <= 3:
        return None
    relevant = [e for e in eqs if not set(slots).isdisjoint(e.cells) and all(c in values for c in e.cells)]
    as_read = {e for e in relevant if not _holds(values, e)}
    best: dict[tuple, int] = {}
    rest = {c: v for c, v in values.items() if c not in slots}
    for positions in combinations(range(n), k):
        trial = dict(rest)
        for pos, value in zip(positions, numbers, strict=True):
            trial[slots[pos]] = value
        open_slots = {s for i, s in enumerate(slots) if i not in positions}
        solved = _solve(trial, relevant, open_slots) or {}
        for s in open_slots:
            trial[s] = BLANK if s in pinned else solved.get(s, BLANK)
        if any(trial[s] != v for s, v in pinned.items()):
            continue
        broken = {e for e in relevant if not _holds(trial, e)}
        if broken <= as_read and len(broken) < len(as_read) and len(broken) <= MAX_BROKEN_AFTER:
            best[tuple(trial[s] for s in slots)] = len(broken)
    if not best:
        return None
    fewest = min(best.values())
    picks = {v for v, b in best.items() if b == fewest}
    if len({_numbers(v) for v in picks}) != 1:
        return None
    return _agreed(slots, picks)


MAX_BROKEN_AFTER = 2


JOINT_NODES = 12_000  # search steps for placing a document's short rows together (~0.3 s at most)


def _row_candidates(known: Values, eqs: list[Equation], short: ShortRow) -> list[tuple]:
    """Every order-preserving placement of a short row, its other cells blank, that breaks no rule
    the row and what is known decide alone (its row total, a 小计)."""
    n, k = len(short.slots), len(short.printed)
    slots = set(short.slots)
    local = [e for e in eqs if not slots.isdisjoint(e.cells) and all(c in slots or c in known for c in e.cells)]
    out: dict[tuple, tuple] = {}
    for positions in combinations(range(n), k):
        trial = dict.fromkeys(short.slots, BLANK)
        for pos, value in zip(positions, short.printed, strict=True):
            trial[short.slots[pos]] = value
        full = {**known, **trial}
        if all(_holds(full, e) for e in local):
            row = tuple(trial[s] for s in short.slots)
            out.setdefault(_numbers(row), row)
    return list(out.values())


def solve_jointly(known: Values, eqs: list[Equation], short_rows: list[ShortRow], nodes: int = JOINT_NODES
                  ) -> dict[str, int | float | str]:
    """Short rows of a document whose blank cells print as nothing, placed together: a row's cells
    are returned when every combination of order-preserving placements (other cells blank) that
    satisfies every rule places it the same way. Rows left ambiguous, or not settled within
    ``nodes`` search steps, are not returned; nothing is when no combination fits (a printed
    arithmetic error: no row is placed by rules it breaks).

    Rows placed one at a time stay ambiguous when each has several numbers (which organisation column
    is a 3?); the column rules decide them only together. A depth-first search over the rows' possible
    placements, pruned by the bounds every equation still allows: one solution first, then, row by
    row, a search for a solution placing the row any other way.
    """
    rows = [r for r in short_rows if not all(s in known for s in r.slots)]
    if not rows:
        return {}
    cands = [_row_candidates(known, eqs, r) for r in rows]
    if any(not c for c in cands):
        return {}
    order = _search_order(rows, cands, eqs)
    rows, cands = [rows[i] for i in order], [cands[i] for i in order]
    where = {s: (i, j) for i, r in enumerate(rows) for j, s in enumerate(r.slots)}
    used = [e for e in eqs if any(c in where for c in e.cells)]
    if any(c not in known and c not in where for e in used for c in e.cells):
        return {}  # a rule with a cell nothing gives a value: the rows cannot be confirmed
    # per equation: constant part and, per row, each candidate's contribution (lhs minus rhs)
    const = [sum(_num(known[c]) for c in e.lhs if c in known) - sum(_num(known[c]) for c in e.rhs if c in known)
             for e in used]
    contrib: list[dict[int, list[float]]] = []
    for e in used:
        per: dict[int, list[float]] = {}
        for sign, side in ((1, e.lhs), (-1, e.rhs)):
            for c in side:
                if c in where:
                    i, j = where[c]
                    vals = per.setdefault(i, [0.0] * len(cands[i]))
                    for k, cand in enumerate(cands[i]):
                        vals[k] += sign * _num(cand[j])
        contrib.append(per)
    search = _JointSearch(const, contrib, [len(c) for c in cands], nodes)
    first = search.find({})
    if first is None:
        return {}
    settled: dict[str, int | float | str] = {}
    open_rows = set(range(len(rows)))
    seen = [first]
    for i in range(len(rows)):
        if i not in open_rows:
            continue
        other = None
        for k in range(len(cands[i])):
            if k == first[i]:
                continue
            other = search.find({i: k})
            if other is not None or search.left < 0:
                break
        if search.left < 0:
            break
        if other is not None:
            seen.append(other)
            open_rows -= {j for j in range(len(rows)) if any(s[j] != first[j] for s in seen)}
            continue
        open_rows.discard(i)
        settled.update(zip(rows[i].slots, cands[i][first[i]], strict=True))
    return settled


def _search_order(rows: list[ShortRow], cands: list[list[tuple]], eqs: list[Equation]) -> list[int]:
    """Rows in the order that closes equations soonest (a closed equation prunes the search): next
    the row whose equation has the fewest rows still unplaced, then the row with fewer placements,
    then the row in more equations (table 三's 总计 row: its column totals bound every row above)."""
    slots = [set(r.slots) for r in rows]
    members = [{i for i in range(len(rows)) if not slots[i].isdisjoint(e.cells)} for e in eqs]
    members = [m for m in members if len(m) > 1]  # equations joining rows; a row total joins none
    of_row = [[m for m in members if i in m] for i in range(len(rows))]
    left = set(range(len(rows)))
    out: list[int] = []
    while left:
        def rank(i: int) -> tuple:
            return (min((len(m & left) for m in of_row[i]), default=0), len(cands[i]), -len(of_row[i]), i)
        best = min(left, key=rank)
        out.append(best)
        left.discard(best)
    return out


class _JointSearch:
    """Depth-first search for one combination of row placements satisfying every equation
    (``contrib[q][row][k]``: what placement k of a row adds to equation q's lhs − rhs)."""

    def __init__(self, const: list[float], contrib: list[dict[int, list[float]]], sizes: list[int], nodes: int):
        self.contrib, self.sizes, self.left = contrib, sizes, nodes
        n = len(sizes)
        # per row: (equation, the row's contribution per placement, its least, its most)
        self.terms = [[(q, contrib[q][i], min(contrib[q][i]), max(contrib[q][i]))
                       for q in range(len(const)) if i in contrib[q]] for i in range(n)]
        self.lo0 = [const[q] + sum(min(v) for v in contrib[q].values()) for q in range(len(const))]
        self.hi0 = [const[q] + sum(max(v) for v in contrib[q].values()) for q in range(len(const))]
        # the equations still open once rows before i are placed: their sums so far are the state
        self.open_after = [[q for q in range(len(const)) if any(j >= i for j in contrib[q])] for i in range(n + 1)]

    def find(self, fixed: dict[int, int]) -> list[int] | None:
        self.lo, self.hi = list(self.lo0), list(self.hi0)
        self.choice = [0] * len(self.sizes)
        self.fixed = fixed
        self.dead: set[tuple] = set()  # states known to lead nowhere (same rows left, same sums so far)
        return list(self.choice) if self._step(0) else None

    def _step(self, i: int) -> bool:
        if i == len(self.sizes):
            return True
        lo = self.lo
        key = (i, *[lo[q] for q in self.open_after[i]])
        if key in self.dead:
            return False
        options = [self.fixed[i]] if i in self.fixed else range(self.sizes[i])
        for k in options:
            self.left -= 1
            if self.left < 0:
                return False
            ok = self._apply(i, k, 1)
            if ok:
                self.choice[i] = k
                if self._step(i + 1):
                    return True
            self._apply(i, k, -1)
            if self.left < 0:
                return False
        self.dead.add(key)
        return False

    def _apply(self, i: int, k: int, sign: int) -> bool:
        ok = True
        lo, hi = self.lo, self.hi
        for q, per, least, most in self.terms[i]:
            v = per[k]
            lo[q] += sign * (v - least)
            hi[q] += sign * (v - most)
            if lo[q] > 1e-6 or hi[q] < -1e-6:
                ok = False
        return ok
