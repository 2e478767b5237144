"""Score the parser on a set of generated or rendered reports with known cells (not a test: slow).

    PYTHONPATH=. .venv/bin/python scripts/score_sets.py /work/redteam/set1 [--json] [-v]

A set is a folder with ``expected.json`` in the red-team layout (portals → reports, each with
``cells`` and a ``document_url`` under the portal's docroot), or in the flat layout
(``{"reports": [{"file": "relative/path", "format": "...", "cells": {...}, "failed": [[rule, scope], ...]}]}``)
that scripts/render_real.py writes. Prints, per format family: cells read correctly (%), cells
wrong (a number that is not the expected one), cells null, and the checks' precision/recall
against the failures the set says the documents print (none unless ``failed`` lists them).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers import parse_path  # noqa: E402


def _redteam_files(folder: Path, expected: dict) -> list[tuple[Path, dict]]:
    site = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    out = []
    for portal in expected["portals"]:
        meta = site["portals"][portal["index"]]
        root = folder / meta["root"]
        for r in portal["reports"]:
            u = urllib.parse.urlsplit(r["document_url"])
            path = urllib.parse.unquote(u.path)
            if "downfile" in u.path:
                path = meta["dynamic"]["downfile"][urllib.parse.parse_qs(u.query)["filename"][0]]
            out.append((root / path.lstrip("/"), r))
    return out


def _files(folder: Path) -> list[tuple[Path, dict]]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    if "portals" in expected:
        return _redteam_files(folder, expected)
    return [(folder / r["file"], r) for r in expected["reports"]]


def family(fmt: str, path: Path) -> str:
    """HTML/text layouts, Office/PDF files, scans: the issue's three bars."""
    ext = path.suffix.lower()
    if "scan" in fmt:
        return "scan"
    if ext in (".pdf", ".docx", ".doc", ".xls", ".xlsx"):
        return "office/pdf"
    return "html/text"


def score(folder: Path, verbose: bool = False, by_format: bool = False) -> dict:
    stats: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for path, want in _files(folder):
        got = parse_path(path).to_json()
        cells = got.get("cells") or {}
        fam = want.get("format", "") if by_format else family(want.get("format", ""), path)
        s = stats[fam]
        s["reports"] += 1
        bad = []
        for cid, v in want["cells"].items():
            g = cells.get(cid)
            s["cells"] += 1
            if g is None:
                s["null"] += 1
                bad.append((cid, v, None))
            elif abs(float(g) - float(v)) > 1e-6:
                s["wrong"] += 1
                bad.append((cid, v, g))
            else:
                s["right"] += 1
        for cid in want.get("zero_marks", []):  # printed blank: 0 or null are both right
            if cells.get(cid) not in (None, 0):
                s["wrong"] += 1
                bad.append((cid, 0, cells.get(cid)))
        truth = {tuple(x) for x in want.get("failed", [])}
        flagged = {(c["rule"], c["scope"]) for c in got.get("checks", []) if not c["ok"]}
        s["flagged"] += len(flagged)
        s["true_flags"] += len(flagged & truth)
        s["truth_failures"] += len(truth)
        s["not_checked"] += len(got.get("not_checked", []))
        if verbose and (bad or flagged - truth):
            print(f"{path.relative_to(folder)} [{want.get('format')}] {sorted(want.get('quirks', []))} "
                  f"null={sum(1 for b in bad if b[2] is None)} wrong={[b for b in bad if b[2] is not None][:6]} "
                  f"false flags={sorted(flagged - truth)[:6]} missed={sorted(truth - flagged)[:4]}")
            if verbose and bad:
                print("   nulls:", [b[0] for b in bad if b[2] is None][:12])
    out = {}
    total: dict[str, int] = defaultdict(int)
    for s in stats.values():
        for k, n in s.items():
            total[k] += n
    stats["ALL"] = total
    for fam, s in sorted(stats.items()):
        prec = s["true_flags"] / s["flagged"] if s["flagged"] else 1.0
        rec = s["true_flags"] / s["truth_failures"] if s["truth_failures"] else 1.0
        s = {k: s[k] for k in ("reports", "cells", "right", "wrong", "null", "flagged", "true_flags", "truth_failures", "not_checked")}
        out[fam] = {**s, "cells_pct": round(100 * s["right"] / max(1, s["cells"]), 2),
                    "checks_precision": round(prec, 3), "checks_recall": round(rec, 3)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--by-format", action="store_true", help="one line per format (rendering) instead of family")
    args = ap.parse_args(argv)
    for folder in args.folders:
        result = score(folder, args.verbose, args.by_format)
        if args.json:
            print(json.dumps({str(folder): result}, ensure_ascii=False))
            continue
        for fam, s in result.items():
            print(f"{folder}  {fam:<17} reports={s['reports']:>3} cells={s['cells_pct']:>6}% "
                  f"wrong={s['wrong']} null={s['null']} flagged={s['flagged']} "
                  f"precision={s['checks_precision']} recall={s['checks_recall']} not_checked={s['not_checked']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
