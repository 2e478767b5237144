"""How each number cell is printed, decided once so every layout prints the same token.

Deciding the printed text (and so which cells read back as null) in one place keeps ``expected``
honest: a layout cannot print a blank where ``expected`` says a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from demo.values import ReportValues
from parsers.form import apply_rows, cell_ids

_FULLWIDTH = str.maketrans("0123456789.+-", "０１２３４５６７８９．＋－")
ORG_COLS = ("enterprise", "research", "nonprofit", "legal_service", "other_org")
_COUNT_COLS = ("issued", "repealed", "in_force", "decisions", "new_made", "new_published", "total_published",
               "prev_items", "procurement_items")


@dataclass
class Tokens:
    """``text[key]``: the printed text of a number cell (cell id or apply/ROW/subtotal)."""

    text: dict[str, str]
    expected: dict[str, int | float | None]

    def __getitem__(self, key: str) -> str:
        return self.text[key]


def number_text(v: int | float) -> str:
    """Integers as digits; decimals as the shortest text that reads back to the same float."""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def make_tokens(values: ReportValues, *, blank_zero: str | None, cycle: Iterable[str],
                fullwidth: frozenset[str] = frozenset(), units: bool = False,
                subtotal: bool = False) -> Tokens:
    cycle = tuple(cycle)
    text: dict[str, str] = {}
    expected: dict[str, int | float | None] = {}
    n_blank = 0

    def blank() -> str | None:
        nonlocal n_blank
        if blank_zero is None:
            return None
        if blank_zero == "cycle":
            n_blank += 1
            return cycle[(n_blank - 1) % len(cycle)]
        return blank_zero

    items: list[tuple[str, int | float]] = []
    for cid in cell_ids(values.form_version):
        v = values.cells[cid]
        assert v is not None, cid
        items.append((cid, v))
    if subtotal:
        for row in apply_rows(values.form_version):
            items.append((f"apply/{row}/subtotal",
                          sum(int(values.cells[f"apply/{row}/{c}"] or 0) for c in ORG_COLS)))
    for key, v in items:
        token = blank() if v == 0 else None
        if token is not None:
            text[key] = token
            expected[key] = None
            continue
        t = number_text(v)
        col = key.rsplit("/", 1)[1]
        if units and col == "change" and v > 0:
            t = "+" + t
        if units and key.startswith("active/") and col in _COUNT_COLS:
            t += "件" if col != "procurement_items" else "个"
        if key in fullwidth:
            t = t.translate(_FULLWIDTH)
        text[key] = t
        expected[key] = v
    return Tokens(text, expected)
