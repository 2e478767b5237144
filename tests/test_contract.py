"""`nianbao parse` output against the data contract (the JSON schema and the form's cell ids).

The contract is read from the copy in ``tests/files/spec`` (and ``tests/files/tools``), so these
tests run, and can fail, in any checkout; when ``../shared`` sits beside the checkout the copy must
be identical to it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from parsers.form import CELLS_CSV, cell_ids

ROOT = Path(__file__).parent.parent
FILES = Path(__file__).parent / "files"
SHARED = ROOT.parent / "shared"
VENDORED = {"spec/cells.csv", "spec/parse-output.schema.json", "tools/check_contract.py"}


def test_cli_output_follows_the_schema_and_has_every_cell() -> None:
    inputs = sorted(str(p) for p in (FILES / "seeds").iterdir()) + sorted(str(p) for p in (FILES / "realdocs").glob("*.html"))
    out = subprocess.run([sys.executable, "-m", "crawler.cli", "parse", *inputs], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["source"] for line in lines] == inputs
    validator = jsonschema.Draft202012Validator(json.loads((FILES / "spec" / "parse-output.schema.json").read_text()))
    for line in lines:
        assert list(validator.iter_errors(line)) == [], line["source"]
        assert set(cell_ids(line["form_version"])) <= set(line["cells"]), line["source"]


def test_bundled_form_is_the_contract() -> None:
    assert CELLS_CSV.read_text(encoding="utf-8") == (FILES / "spec" / "cells.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(VENDORED))
def test_the_contract_copy_is_current(name: str) -> None:
    """The copy exists; beside ../shared (a developer's machine, CI) it is byte for byte the original."""
    copy = FILES / name
    assert copy.is_file(), name
    if SHARED.is_dir():
        assert copy.read_bytes() == (SHARED / name).read_bytes(), f"tests/files/{name} differs from ../shared"
