"""Tables copied out of a browser as tab-separated text (issue 14): a merged cell only where it
starts, "/" or "—" as the zero mark, a trailing empty field for a blank last cell.

Every field is a printed cell: a zero mark keeps its column, and the rules' decoder never moves a
number over a printed mark nor replaces a printed total (a planted error stays a failed check).
Fixtures are generated reports with varied non-zero numbers (demo.values).
"""

from __future__ import annotations

from demo.values import generate
from parsers.form import APPLY_COLS, apply_rows
from tests.apply_labels import RESULTS_LABEL, ROW_LABELS, SUBGROUP_LABELS
from tests.test_text_tables import _parse, _with_apply_table

GROUPS = {"3.1": RESULTS_LABEL, **SUBGROUP_LABELS}


def _tab_table(v, marks: dict[str, str], printed: dict[str, str]) -> list[str]:
    """Table 三 as a browser copies it: tabs between cells, a merged cell's text only in its first
    field; ``marks``: cell → zero mark printed for a 0; ``printed``: cell → text printed instead."""
    out = ["申请人情况\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
           "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]
    for row in apply_rows("2021"):
        cells = []
        for c in APPLY_COLS:
            cid = f"apply/{row}/{c}"
            cells.append(printed.get(cid, marks.get(cid, str(v.cells[cid]))))
        if row in ("1", "2", "3.7", "4"):
            labels = [ROW_LABELS[row], "", ""] if row != "3.7" else [ROW_LABELS[row], ""]
        elif row == "3.1":
            labels = [GROUPS["3.1"], ROW_LABELS[row], ""]
        elif row == "3.2":
            labels = [ROW_LABELS[row], ""]
        elif row.endswith(".1"):
            labels = [GROUPS[row], ROW_LABELS[row]]
        else:
            labels = [ROW_LABELS[row]]
        out.append("\t".join(labels + cells))
    return out


def _zeroed(seed: int, cells: list[str]):
    v = generate(seed, "2021")
    for cid in cells:
        row = cid.rsplit("/", 1)[0]
        v.cells[f"{row}/total"] -= v.cells[cid]
        for total in ("apply/3.7/" + cid.rsplit("/", 1)[1], "apply/3.7/total"):
            if row.startswith("apply/3.") and row != "apply/3.7":
                v.cells[total] -= v.cells[cid]
        v.cells[cid] = 0
    return v


def test_a_slash_field_is_a_cell_and_a_planted_total_stays_printed() -> None:
    """A row whose 总计 is off (planted) with a "/" in it: kept as printed and flagged, never re-placed
    into a row that adds up (its numbers slid over the mark, a total the page never prints)."""
    v = _zeroed(31, ["apply/3.2/enterprise", "apply/3.3.4/nonprofit", "apply/3.5.2/research"])
    assert v.cells["apply/3.2/total"] > 9
    wrong_total = v.cells["apply/3.2/total"] - 9  # the page prints a total off by 9
    got = _parse(_with_apply_table(v, _tab_table(
        v, {"apply/3.2/enterprise": "/", "apply/3.3.4/nonprofit": "—", "apply/3.5.2/research": "/"},
        {"apply/3.2/total": str(wrong_total), "apply/3.6.2/total": ""})))
    cells = got["cells"]
    for c in APPLY_COLS[:-1]:
        want = None if c == "enterprise" else v.cells[f"apply/3.2/{c}"]
        assert cells[f"apply/3.2/{c}"] == want, c
    assert cells["apply/3.2/total"] == wrong_total  # never the sum the rules would make
    assert "apply/3.2/total" not in got["inferred"]
    failed = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert ("apply_row_total", "3.2") in failed
    assert cells["apply/3.3.4/nonprofit"] is None and cells["apply/3.3.4/legal_service"] == v.cells[
        "apply/3.3.4/legal_service"]


def test_a_trailing_empty_field_is_the_blank_last_cell() -> None:
    v = _zeroed(32, ["apply/3.6.2/research"])
    got = _parse(_with_apply_table(v, _tab_table(
        v, {"apply/3.6.2/research": "/"}, {"apply/3.6.2/total": ""})))
    cells = got["cells"]
    for c in ("natural_person", "enterprise", "nonprofit", "legal_service", "other_org"):
        assert cells[f"apply/3.6.2/{c}"] == v.cells[f"apply/3.6.2/{c}"], c
    assert cells["apply/3.6.2/research"] is None
    assert cells["apply/3.6.2/total"] in (None, v.cells["apply/3.6.2/total"])
