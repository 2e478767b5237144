"""Red-team reports written independently of the authors' renderer (tests/files/redteam/make.py).

Each document's expected values were chosen by hand and written to ``expected.json``: every cell of
its form version (null where the document leaves it blank or never shows it), the metadata, and
the rule scopes its published numbers break. ``python tests/test_redteam.py`` prints a score table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from parsers.api import parse_document
from parsers.form import cell_ids

DIR = Path(__file__).parent / "files" / "redteam"
EXPECTED = json.loads((DIR / "expected.json").read_text(encoding="utf-8"))
META = ("title", "agency", "year", "published_date", "form_version")


def run(name: str) -> dict:
    exp = EXPECTED[name]
    data = (DIR / name).read_bytes()
    ctype = exp.get("content_type")
    if ctype is None and name.endswith((".txt", ".md")):
        ctype = "text/plain"
    return parse_document(data, source=name, content_type=ctype).to_json()


def _norm_title(t):
    return re.sub(r"\s+", "", t) if isinstance(t, str) else t


def meta_mismatches(exp: dict, got: dict) -> dict:
    out = {}
    for key in META:
        want, have = exp.get(key), got.get(key)
        if key == "title":
            ok = _norm_title(have) in {_norm_title(want), *map(_norm_title, exp.get("title_alt", []))}
        else:
            ok = want == have
        if not ok:
            out[key] = (have, want)
    return out


def cell_diff(exp: dict, got: dict) -> tuple[list, list, list]:
    """(right, wrong, missing): wrong = a number where the answer is another number or null.

    Keys outside the form version (apply/3.6/* kept from a 2019-style row) are allowed by the schema
    and are not counted here.
    """
    right, wrong, missing = [], [], []
    cells = got.get("cells") or {}
    inferred = set(got.get("inferred", []))
    truth = exp.get("blank_truth", {})
    for cid, want in exp["cells"].items():
        have = cells.get(cid)
        if have == want or (have is not None and want is not None and float(have) == float(want)):
            right.append(cid)
        elif want is None and cid in inferred and cid in truth and have == truth[cid]:
            right.append(cid)  # a blank the rules pin down (e.g. a row of — whose column sum leaves 0), marked inferred
        elif have is None:
            missing.append((cid, have, want))
        else:
            wrong.append((cid, have, want))
    return right, wrong, missing


def failed_rules(got: dict) -> set:
    return {(c["rule"], c["scope"]) for c in got.get("checks", []) if not c["ok"]}


REPORTS = sorted(n for n, e in EXPECTED.items() if not e.get("negative"))
NEGATIVES = sorted(n for n, e in EXPECTED.items() if e.get("negative"))


def test_expected_covers_every_cell_of_the_form() -> None:
    for name in REPORTS:
        exp = EXPECTED[name]
        assert set(exp["cells"]) == set(cell_ids(exp["form_version"])), name


@pytest.mark.parametrize("name", REPORTS)
def test_report_metadata(name: str) -> None:
    assert meta_mismatches(EXPECTED[name], run(name)) == {}


# Known misses: nulls, never wrong numbers. Each is a rule the parser does not follow yet.
# (pdftotext -layout printing the review table's blanks as spaces is read since its values sit on
# evenly spaced columns: form_reader._review_by_spacing)
KNOWN_MISSES: dict[str, int] = {}


@pytest.mark.parametrize("name", REPORTS)
def test_report_cells(name: str) -> None:
    _, wrong, missing = cell_diff(EXPECTED[name], run(name))
    assert wrong == []
    assert len(missing) == KNOWN_MISSES.get(name, 0), missing


@pytest.mark.parametrize("name", REPORTS)
def test_report_rule_flags(name: str) -> None:
    assert failed_rules(run(name)) == {tuple(x) for x in EXPECTED[name]["failed"]}


@pytest.mark.parametrize("name", REPORTS)
def test_rows_left_out_are_inferred_and_marked(name: str) -> None:
    got = run(name)
    assert set(EXPECTED[name]["inferred"]) <= set(got.get("inferred", []))


@pytest.mark.parametrize("name", NEGATIVES)
def test_lookalike_pages_are_not_reports(name: str) -> None:
    got = run(name)
    assert (got["form_version"], got["cells"]) == (None, {})


def main() -> None:
    tot = [0, 0, 0]
    print(f"{'file':52} {'right':>5} {'wrong':>5} {'miss':>5}  meta  rules")
    for name in REPORTS + NEGATIVES:
        exp, got = EXPECTED[name], run(name)
        if exp.get("negative"):
            ok = (got["form_version"], got["cells"]) == (None, {})
            print(f"{name:52} negative: {'ok' if ok else 'PARSED AS REPORT ' + str(got['form_version'])}")
            continue
        right, wrong, missing = cell_diff(exp, got)
        for i, n in enumerate((len(right), len(wrong), len(missing))):
            tot[i] += n
        mm = meta_mismatches(exp, got)
        fr, fe = failed_rules(got), {tuple(x) for x in exp["failed"]}
        print(f"{name:52} {len(right):5} {len(wrong):5} {len(missing):5}  {len(mm):4}  "
              f"{'ok' if fr == fe else f'+{sorted(fr - fe)} -{sorted(fe - fr)}'}")
        for k, (have, want) in mm.items():
            print(f"    meta {k}: got {have!r} want {want!r}")
        for cid, have, want in wrong:
            print(f"    WRONG {cid}: got {have!r} want {want!r}")
        for cid, _, want in missing:
            print(f"    miss  {cid}: want {want!r}")
    print("total right/wrong/missing", tot, f"{tot[0] / sum(tot):.4f}")


if __name__ == "__main__":
    main()
