"""The bundled real reports printed and scanned (issue 14's scan renderings; slow: LibreOffice).

    PYTHONPATH=. .venv/bin/python scripts/render_real_scans.py [--out /tmp/real-scans] [--dpi 100,150,200]
    PYTHONPATH=. .venv/bin/python scripts/score_sets.py /tmp/real-scans -v

Each real report (tests/files/seeds as text, tests/files/realdocs as HTML pages, cells in
tests/expected_reports.py) is converted to PDF by LibreOffice (as scripts/render_real.py does), then
scanned at each dpi by :func:`scripts.bench_ocr.make_scan`: grey paper with grain, tilted (a
different angle at each dpi, both ways), speckled, saved as JPEG. A PDF already made by
render_real.py in ``--reuse`` is taken instead of converting again. ``expected.json`` has the
flat layout scripts/score_sets.py reads (cells a report leaves blank are ``zero_marks``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench_ocr import make_scan  # noqa: E402
from scripts.render_real import FILES, _soffice  # noqa: E402
from tests.expected_reports import REALDOCS, SEEDS  # noqa: E402

# dpi → (tilt in degrees, JPEG quality, specks a page): a cheap scan is coarse, crooked and lossy
SCANS = {100: (0.7, 60, 150), 150: (-1.1, 55, 250), 200: (1.5, 70, 350)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/real-scans"))
    ap.add_argument("--dpi", default="100,150,200")
    ap.add_argument("--reuse", type=Path, action="append", default=[],
                    help="a render_real.py output folder whose <report>/lo_pdf.pdf may be reused")
    args = ap.parse_args(argv)
    dpis = [int(x) for x in args.dpi.split(",") if x]
    args.out.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    sources = [(FILES / "seeds" / n, w) for n, w in sorted(SEEDS.items())] + [
        (FILES / "realdocs" / n, w) for n, w in sorted(REALDOCS.items())]
    reports: list[dict] = []
    try:
        for src, want in sources:
            work = args.out / src.stem
            work.mkdir(parents=True, exist_ok=True)
            pdf = work / "lo_pdf.pdf"
            if not pdf.exists():
                old = next((d / src.stem / "lo_pdf.pdf" for d in args.reuse if (d / src.stem / "lo_pdf.pdf").exists()),
                           None)
                if old is not None:
                    shutil.copy(old, pdf)
                else:
                    infilter = None if src.suffix == ".html" else "Text (encoded):UTF8"
                    made = _soffice(src, "pdf", work, profile, infilter)
                    if made is None:
                        print(f"{src.name}: LibreOffice made no PDF", flush=True)
                        continue
                    made.rename(pdf)
            printed = {k: v for k, v in want["cells"].items() if v is not None}
            blank = sorted(k for k, v in want["cells"].items() if v is None)
            for dpi in dpis:
                tilt, quality, specks = SCANS.get(dpi, (1.0, 60, 200))
                dest = work / f"scan{dpi}.pdf"
                dest.write_bytes(make_scan(pdf.read_bytes(), dpi, tilt, quality, specks, seed=dpi))
                reports.append({"file": str(dest.relative_to(args.out)), "format": f"scan{dpi}", "source": src.name,
                                "cells": printed, "zero_marks": blank,
                                "failed": sorted(map(list, want.get("failed", set())))})
            print(f"{src.name}: scans at {', '.join(map(str, dpis))} dpi", flush=True)
            (args.out / "expected.json").write_text(json.dumps({"reports": reports}, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
