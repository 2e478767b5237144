"""The cross-layout test: every document layout of the same values parses to the same cells.

Why: real reports publish one form in many dialects; a parser tuned on one dialect silently
misreads another. demo.render writes each dialect from known values, so a mismatch here is a
parser bug (or a renderer bug: see tests/test_render.py).

A cell the layout prints as a blank ("—", "/", "无", empty) is null in ``expected``. The contract
lets the parser fill a blank when the accounting rules determine it exactly, listing it in
``inferred``; such a fill is accepted only if it equals the true value.
"""

from __future__ import annotations

from typing import Any

import pytest

import parsers
from demo.render import LAYOUTS, Rendered, render
from demo.values import BREAKS, ReportValues, generate

META = ("title", "agency", "year", "published_date", "form_version")
VALUE_SETS = [
    (0, "2021", "泉州市科学技术局", 2024),
    (1, "2021", "平潭综合实验区管理委员会", 2023),
    (2, "2021", "灵武市科学技术局", 2022),
    (3, "2019", "洛江区科学技术局", 2020),
    (4, "2019", "上海市人民政府办公厅", 2019),
]


def parse(r: Rendered) -> dict[str, Any]:
    report = parsers.parse_document(r.data, source=f"{r.layout}{r.suffix}", content_type=r.content_type)
    return report.to_json()


def cell_diff(r: Rendered, got: dict[str, Any], values: ReportValues) -> list[str]:
    """Readable lines, one per cell that differs from what the layout shows."""
    cells = got.get("cells") or {}
    inferred = set(got.get("inferred") or [])
    lines = []
    for cid, want in r.expected["cells"].items():
        have = cells.get(cid, "<missing>")
        if have == want and type(have) is type(want):
            continue
        if isinstance(want, int | float) and isinstance(have, int | float) and not isinstance(have, bool) \
                and have == want:
            continue
        if want is None and cid in inferred and have == values.cells[cid]:
            continue  # a blank the rules determine exactly, filled and declared
        note = " (inferred)" if cid in inferred else ""
        lines.append(f"  {cid}: expected {want!r}, got {have!r}{note}")
    lines += [f"  {cid}: not a cell of form {r.expected['form_version']}, got {cells[cid]!r}"
              for cid in cells if cid not in r.expected["cells"]]
    return lines


def assert_parses_as_expected(r: Rendered, values: ReportValues) -> dict[str, Any]:
    got = parse(r)
    assert "error" not in got, f"{r.layout}: {got.get('error')}"
    meta = {k: (r.expected[k], got.get(k)) for k in META if r.expected[k] != got.get(k)}
    diff = cell_diff(r, got, values)
    problems = [f"  {k}: expected {w!r}, got {h!r}" for k, (w, h) in meta.items()] + diff
    assert not problems, (f"{r.layout} (form {values.form_version}, {values.agency} {values.year}): "
                          f"{len(diff)} cell(s) and {len(meta)} field(s) differ\n" + "\n".join(problems[:60]))
    return got


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("seed", "version", "agency", "year"), VALUE_SETS)
def test_layout_parses_to_the_values(seed: int, version: str, agency: str, year: int, layout: str) -> None:
    values = generate(seed, version, agency, year)
    got = assert_parses_as_expected(render(values, layout), values)
    if layout != "html_split":  # no blanks: every rule is checkable and holds
        failed = [c for c in got["checks"] if not c["ok"]]
        assert failed == [], failed


@pytest.mark.parametrize("layout", ["html_table", "html_word_gbk", "text_tsv", "pdftotext_layout", "markdown"])
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_blank_zero_variants(layout: str, version: str) -> None:
    values = generate(7, version)
    for token in ("—", "无", "/"):
        r = render(values, layout, blank_zero=token)
        assert any(v is None for v in r.expected["cells"].values())
        assert_parses_as_expected(r, values)


@pytest.mark.parametrize("layout", [x for x in LAYOUTS if x != "html_split"])
@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_broken_rule_is_flagged_not_fixed(rule: str, version: str, layout: str) -> None:
    """One published mistake: the parser keeps the number as published and fails the rule there."""
    values = generate(11, version, break_rule=rule)
    got = assert_parses_as_expected(render(values, layout), values)
    failed = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert failed == set(BREAKS[rule][1])
    cell_id = BREAKS[rule][0]
    assert cell_id not in (got.get("inferred") or [])
