"""Issue 14: a printed zero mark (-, —, /, 无) is a printed zero the rules check; only unread cells
leave a rule unchecked. Documents come from scripts/gen_marks.py (random numbers, a mark drawn per
zero cell, planted arithmetic errors with the failures they cause recomputed from the form's rules).
"""

from __future__ import annotations

import random

import pytest

from parsers import parse_document
from parsers.rules import BLANK, Equation, check
from scripts import gen_marks


def _doc(fmt: str, seed: int, form: str = "2021", error: bool = True):
    """The first generated document from ``seed`` on that carries an error (or none)."""
    for s in range(seed, seed + 200):
        doc, ext, cells, failed, meta = gen_marks.make(random.Random(s), fmt, form)
        if bool(meta["error"]) == error:
            return doc, ext, cells, failed, meta
    raise AssertionError("no such document")


def _parse(doc: str | bytes, ext: str) -> dict:
    data = doc if isinstance(doc, bytes) else doc.encode("utf-8")
    return parse_document(data, source=f"r{ext}").to_json()


@pytest.mark.parametrize("fmt", ["nextline", "nextline_tabs", "cells", "html"])
@pytest.mark.parametrize("seed", [3, 40])
def test_planted_error_is_flagged_on_every_scope_it_breaks(fmt, seed):
    doc, ext, cells, failed, meta = _doc(fmt, seed, "2021" if seed % 2 else "2019")
    got = _parse(doc, ext)
    flagged = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert flagged <= {tuple(f) for f in failed}, meta  # never a failure the document does not print
    # every failure is flagged, unless its side is an empty cell (nothing printed, not a mark)
    empty_sides = {(n["rule"], n["scope"]) for n in got["not_checked"] if "side" in n["reason"]}
    assert {tuple(f) for f in failed} - empty_sides <= flagged, meta
    for cid, v in cells.items():
        assert got["cells"][cid] in ((None, 0) if v == 0 else (v,)), cid


def test_a_line_of_dashes_under_its_label_is_a_row_of_blanks():
    doc, ext, cells, failed, meta = _doc("nextline", 7, error=False)
    text = doc.replace("二、上年结转政府信息公开申请数量\n", "二、上年结转政府信息公开申请数量\n-  -  -  -  -  -  -\n#", 1)
    text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    got = _parse(text, ".txt")
    assert [got["cell_sources"][f"apply/2/{c}"] for c in ("natural_person", "total")] == ["blank", "blank"]
    assert not [c for c in got["checks"] if not c["ok"]] or cells["apply/2/total"] != 0


def test_a_marked_side_is_checked_and_an_empty_side_is_not():
    eq = Equation("apply_row_total", "3.1", ("apply/3.1/natural_person", "apply/3.1/enterprise"), ("apply/3.1/total",))
    values = {"apply/3.1/natural_person": 4, "apply/3.1/enterprise": BLANK, "apply/3.1/total": BLANK}
    checks, skipped = check(values, [eq])
    assert checks == [] and "right side" in skipped[0]["reason"]  # a total column left empty
    checks, skipped = check(values, [eq], marked={"apply/3.1/total"})
    assert skipped == [] and checks[0]["ok"] is False and checks[0]["detail"] == "4+blank = 4 ≠ 0 = blank"


REVIEW_HEAD_BROKEN = "行政复议\n\n行政诉讼\n未经复议直接起诉\n复议后起诉\n结\n结果维 果\n持\n纠\n正\n其\n他\n尚\n未 总\n审 计\n"
REVIEW_HEAD = "行政复议\n行政诉讼\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n未经复议直接起诉\n复议后起诉\n"


def _review_text(head: str, values: list[int]) -> str:
    doc, ext, cells, failed, meta = _doc("cells", 11, error=False)
    start = doc.index("四、政府信息公开行政复议")
    end = doc.index("五、存在的主要问题")
    body = "\n".join(str(v) for v in values)
    return doc[:start] + "四、政府信息公开行政复议、行政诉讼情况\n" + head + body + "\n" + doc[end:]


def test_review_one_a_line_under_a_broken_header_is_read_only_where_rows_add_up():
    scrambled = [25, 8, 0, 0, 0, 0, 3, 36, 3, 3, 0, 6, 3, 0, 3]  # plain pdftotext's block order
    got = _parse(_review_text(REVIEW_HEAD_BROKEN, scrambled), ".txt")
    assert all(got["cells"][f"review/{r}/{c}"] is None for r in ("review", "litigation_direct")
               for c in ("upheld", "total"))
    assert not [c for c in got["checks"] if c["rule"] == "review_total" and not c["ok"]]
    assert any("header whose column names are not in order" in w for w in got["warnings"])
    in_order = [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]
    got = _parse(_review_text(REVIEW_HEAD_BROKEN, in_order), ".txt")
    assert got["cells"]["review/review/total"] == 36 and got["cells"]["review/litigation_direct/total"] == 6
    typo = [25, 3, 8, 0, 37, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]  # a real typo under a header read in order
    got = _parse(_review_text(REVIEW_HEAD, typo), ".txt")
    assert got["cells"]["review/review/total"] == 37
    assert [c["scope"] for c in got["checks"] if c["rule"] == "review_total" and not c["ok"]] == ["review"]


def test_a_wrapped_separator_is_no_bare_pipe_table():
    row = "| | (六) 其他处理 | 1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 4 |\n0 | 1 | 0 | 0 | 0 | 5 |"
    from parsers.text_doc import text_rows
    rows = text_rows("| 行政复议 | | 行政诉讼 |\n|----------|----------|--------\n--|----------|\n" + row)
    assert [c.text for c in rows[-1].cells][-7:] == ["4", "0", "1", "0", "0", "0", "5"]


def test_stream_reading_refuses_a_value_moved_within_its_row():
    """Plain pdftotext may list a row's cells out of order: the row still adds up, but two columns'
    rules break by amounts that cancel out while the total column holds. A printed error does not
    look like that (its total column breaks too)."""
    from parsers.form import apply_rows
    from parsers.form_reader import FormReader

    rows = apply_rows("2021")
    results = [r for r in rows if r.startswith("3.") and r != "3.7"]
    grid = {r: [0] * 7 for r in rows}
    for r, v in (("1", [8, 0, 0, 0, 0, 0, 8]), ("3.6.1", [8, 0, 0, 0, 0, 0, 8]), ("3.7", [8, 0, 0, 0, 0, 0, 8])):
        grid[r] = list(v)
    assert not FormReader._moved_within_rows(grid, results, 7)
    grid["3.6.1"] = [0, 0, 0, 0, 8, 0, 8]  # the 8 read under 法律服务机构
    assert FormReader._moved_within_rows(grid, results, 7)
    grid["3.6.1"] = [6, 0, 0, 0, 0, 0, 6]  # a printed error: its column and the total column break
    grid["1"], grid["3.7"] = [8, 0, 0, 0, 0, 0, 8], [8, 0, 0, 0, 0, 0, 8]
    assert not FormReader._moved_within_rows(grid, results, 7)
