"""Every cell and the metadata of the bundled real reports (seeds as text, realdocs as pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_path
from tests.expected_reports import REALDOCS, SEEDS

FILES = Path(__file__).parent / "files"
META = ("title", "agency", "year", "published_date", "form_version")


def _diff(got: dict, want: dict) -> list[str]:
    return [f"{k}: got {got.get(k)!r}, want {v!r}" for k, v in want.items() if got.get(k) != v] + [
        f"{k}: unexpected key" for k in got if k not in want]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_report(name: str) -> None:
    want = SEEDS[name]
    got = parse_path(FILES / "seeds" / name).to_json()
    assert {k: got[k] for k in META} == {k: want[k] for k in META}
    assert _diff(got["cells"], want["cells"]) == []
    assert set(got["inferred"]) == want["inferred"]
    assert [c for c in got["checks"] if not c["ok"]] == []


@pytest.mark.parametrize("name", sorted(REALDOCS))
def test_real_page(name: str) -> None:
    want = REALDOCS[name]
    got = parse_path(FILES / "realdocs" / name).to_json()
    assert {k: got[k] for k in META} == {k: want[k] for k in META}
    assert _diff(got["cells"], want["cells"]) == []
    assert got["inferred"] == []
    failed = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert failed == want["failed"]


def test_published_arithmetic_error_is_kept_and_explained() -> None:
    got = parse_path(FILES / "realdocs" / "pingtan_2020.html").to_json()
    check = next(c for c in got["checks"] if c["rule"] == "apply_results_total" and c["scope"] == "natural_person")
    assert check == {"rule": "apply_results_total", "scope": "natural_person", "ok": False,
                     "detail": "6+6+0+0+0+0+0+0+0+0+4+0+3+0+3+0+0+0+4 = 26 ≠ 20 = 20"}
    assert got["cells"]["apply/3.7/natural_person"] == 20  # the published number, not "fixed"


def test_every_rule_scope_is_checked_on_a_complete_report() -> None:
    got = parse_path(FILES / "realdocs" / "pingtan_2024.html").to_json()
    scopes = {(c["rule"], c["scope"]) for c in got["checks"]}
    assert len([s for s in scopes if s[0] == "apply_balance"]) == 7
    assert len([s for s in scopes if s[0] == "apply_results_total"]) == 7
    assert len([s for s in scopes if s[0] == "apply_row_total"]) == 25
    assert {s[1] for s in scopes if s[0] == "review_total"} == {"review", "litigation_direct", "litigation_after_review"}
    balance = next(c for c in got["checks"] if c["rule"] == "apply_balance" and c["scope"] == "total")
    assert balance["detail"] == "218+0 = 218+0" and balance["ok"]


def test_blank_cells_are_not_checked_as_zero_sums() -> None:
    got = parse_path(FILES / "realdocs" / "shanghai_office_2019.html").to_json()
    scopes = {(c["rule"], c["scope"]): c for c in got["checks"]}
    assert ("apply_row_total", "3.1") not in scopes  # total column left blank for that row
    assert scopes[("apply_balance", "natural_person")]["detail"] == "821+18 = 767+72"
    assert scopes[("apply_results_total", "enterprise")]["ok"]
