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
                v.cells[total.replace("/3.7/", "/1/")] -= v.cells[cid]  # the received count, so it balances
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


def _cell_lines(v, marks: dict[str, str], printed: dict[str, str]) -> list[str]:
    """Table 三 as Word's "convert table to text" (paragraph marks) writes it: one cell a line, a
    merged cell once, an empty line for an empty cell."""
    out = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for row in apply_rows("2021"):
        if row == "3.1":
            out.append(GROUPS["3.1"])
        elif row in GROUPS:
            out.append(GROUPS[row])
        out.append(ROW_LABELS[row])
        for c in APPLY_COLS:
            cid = f"apply/{row}/{c}"
            out.append(printed.get(cid, marks.get(cid, str(v.cells[cid]))))
    return out


def test_a_table_converted_to_text_reads_its_empty_lines_as_cells() -> None:
    v = _zeroed(34, ["apply/3.1/research", "apply/3.3.2/enterprise", "apply/3.3.2/nonprofit", "apply/3.5.3/other_org"])
    off = v.cells["apply/3.4.1/total"] + 6  # a planted error: the page prints a total off by 6
    got = _parse(_with_apply_table(v, _cell_lines(
        v, {"apply/3.1/research": "", "apply/3.3.2/enterprise": "", "apply/3.3.2/nonprofit": "—",
            "apply/3.5.3/other_org": ""}, {"apply/3.4.1/total": str(off)})))
    cells = got["cells"]
    blank = {"apply/3.1/research", "apply/3.3.2/enterprise", "apply/3.3.2/nonprofit", "apply/3.5.3/other_org"}
    for row in ("3.1", "3.3.2", "3.5.3", "3.6.1"):
        for c in APPLY_COLS:
            cid = f"apply/{row}/{c}"
            assert cells[cid] == (None if cid in blank else v.cells[cid]), cid
    assert cells["apply/3.4.1/total"] == off
    failed = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert ("apply_row_total", "3.4.1") in failed


def test_a_converted_row_whose_lines_do_not_number_its_columns_is_not_read_as_printed() -> None:
    v = _zeroed(35, ["apply/3.3.3/legal_service"])
    lines = _cell_lines(v, {"apply/3.3.3/legal_service": ""}, {})
    i = lines.index(ROW_LABELS["3.3.3"])
    del lines[i + 2]  # one of its cells lost: six lines for seven columns
    got = _parse(_with_apply_table(v, lines))
    # not read as printed (the count does not fit); the rules may still place it, the lost cell inferred
    for c in APPLY_COLS:
        assert got["cells"][f"apply/3.3.3/{c}"] in (None, v.cells[f"apply/3.3.3/{c}"]), c
    assert got["cells"]["apply/3.3.3/enterprise"] is None or "apply/3.3.3/enterprise" in got["inferred"]
    assert got["cells"]["apply/3.3.4/total"] == v.cells["apply/3.3.4/total"]


def test_a_total_column_empty_on_every_result_row_stays_unfilled_and_unchecked() -> None:
    """The habit of filling 总计 only on the 总计 row: a result row of zeros gets no 0 total from
    the rules, and the column's rules are not checked (never failed as blank+… = 0 ≠ the 总计)."""
    v = _zeroed(36, [f"apply/3.3.5/{c}" for c in APPLY_COLS[:-1]])
    results = [r for r in apply_rows("2021") if r.startswith("3.") and r != "3.7"]
    got = _parse(_with_apply_table(v, _tab_table(v, {}, {f"apply/{r}/total": "" for r in results})))
    cells = got["cells"]
    assert all(cells[f"apply/{r}/total"] is None for r in results)
    assert cells["apply/3.3.5/natural_person"] == 0 and cells["apply/3.7/total"] == v.cells["apply/3.7/total"]
    assert cells["apply/3.1/enterprise"] == v.cells["apply/3.1/enterprise"]
    assert [c for c in got["checks"] if not c["ok"]] == []
    skipped = {(c["rule"], c["scope"]) for c in got["not_checked"]}
    assert {("apply_results_total", "total"), ("apply_row_total", "3.3.5")} <= skipped
