"""`nianbao parse` output against the data contract (the JSON schema and the form's cell ids)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from parsers.form import CELLS_CSV, cell_ids

ROOT = Path(__file__).parent.parent
FILES = Path(__file__).parent / "files"
SHARED_SPEC = ROOT.parent / "shared" / "spec"


def test_cli_output_follows_the_schema_and_has_every_cell() -> None:
    inputs = sorted(str(p) for p in (FILES / "seeds").iterdir()) + sorted(str(p) for p in (FILES / "realdocs").glob("*.html"))
    nianbao = ROOT / ".venv" / "bin" / "nianbao"
    out = subprocess.run([str(nianbao), "parse", *inputs], capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["source"] for line in lines] == inputs
    validator = jsonschema.Draft202012Validator(json.loads((FILES / "spec" / "parse-output.schema.json").read_text()))
    for line in lines:
        assert list(validator.iter_errors(line)) == [], line["source"]
        assert set(cell_ids(line["form_version"])) <= set(line["cells"]), line["source"]


@pytest.mark.skipif(not SHARED_SPEC.exists(), reason="the shared spec folder is not next to this checkout")
def test_bundled_form_is_the_contract() -> None:
    assert CELLS_CSV.read_text(encoding="utf-8") == (SHARED_SPEC / "cells.csv").read_text(encoding="utf-8")
    assert (FILES / "spec" / "parse-output.schema.json").read_text() == (
        SHARED_SPEC / "parse-output.schema.json").read_text()
