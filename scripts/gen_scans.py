"""Generate scanned reports with known cells, to measure the OCR path on scans it never saw (slow: Chromium).

    PYTHONPATH=. .venv/bin/python scripts/gen_scans.py OUT [--seed N] [--n N]
    PYTHONPATH=. .venv/bin/python scripts/score_sets.py OUT -v --by-format

Why a generator of its own: each session's held-out scans were new shapes; fixing only on seen
files drifts towards them. Numbers and table quirks come from :mod:`scripts.gen_layouts` (the
form's rules hold); each report is laid out in HTML with one of several table styles, printed by
headless Chromium, and scanned with a random mix of what real scans do:

- table styles: a full grid, a 三线表 (rules above and below the table and under the header only),
  rules between rows only, a narrow label column (labels wrap), small print (9 pt);
- scans: 100-200 dpi, tilt up to ±2.5°, JPEG quality 30-75, speckle, faded print (low contrast),
  grey or yellowed paper, a red seal over the tables, blur, a black-and-white (1-bit) page.

Writes OUT/expected.json in the flat layout scripts/score_sets.py reads (format ``scan_<style>``).
"""

from __future__ import annotations

import argparse
import io
import random
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STYLES = {
    "grid": "table{border-collapse:collapse} td{border:1px solid #000;padding:3px 6px}",
    "threeline": ("table{border-collapse:collapse;border-top:2px solid #000;border-bottom:2px solid #000}"
                  " td{padding:6px 8px} tr:nth-child(3) td{border-bottom:1px solid #000}"),
    "rowrules": "table{border-collapse:collapse} td{border-bottom:1px solid #333;padding:4px 7px}",
    "narrow": ("table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px}"
               " td:first-child{max-width:5.5em}"),
    "small": "body{font-size:9pt} table{border-collapse:collapse} td{border:1px solid #000;padding:1px 4px}",
}


def _print_pdf(html_text: str, work: Path) -> bytes:
    """The HTML page printed to PDF by headless Chromium (A4)."""
    src = work / "doc.html"
    out = work / "doc.pdf"
    src.write_text(html_text, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", src.as_uri()], check=True, capture_output=True, timeout=180)
    return out.read_bytes()


def _seal(a, rng: random.Random):  # noqa: ANN001, ANN202 - numpy arrays
    """A red seal (ring, star-less) stamped somewhere over the page's middle: RGB array."""
    import cv2

    h, w = a.shape[:2]
    cx, cy = rng.randint(w // 4, 3 * w // 4), rng.randint(h // 3, 2 * h // 3)
    r = int(w * rng.uniform(0.08, 0.12))
    overlay = a.copy()
    cv2.circle(overlay, (cx, cy), r, (40, 40, 210), max(2, r // 14))
    cv2.putText(overlay, "SEAL", (cx - r // 2, cy + r // 8), cv2.FONT_HERSHEY_SIMPLEX, r / 70, (40, 40, 210),
                max(2, r // 20))
    return cv2.addWeighted(overlay, 0.75, a, 0.25, 0)


def scan(pdf: bytes, rng: random.Random) -> tuple[bytes, dict]:
    """The PDF printed and scanned with a random mix of distortions; the distortions drawn."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    o = {"dpi": rng.choice([100, 120, 150, 180, 200]), "tilt": round(rng.uniform(-2.5, 2.5), 2),
         "jpeg": rng.choice([30, 40, 55, 75]), "specks": rng.choice([0, 200, 600]),
         "fade": rng.random() < 0.3, "paper": rng.choice([255, 235, 215]), "seal": rng.random() < 0.3,
         "blur": rng.random() < 0.25, "bilevel": rng.random() < 0.15}
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for i in range(len(doc)):
        img = doc[i].render(scale=o["dpi"] / 72).to_pil().convert("RGB")
        a = np.asarray(img).astype(np.float32)
        if o["fade"]:
            a = 255 - (255 - a) * 0.55
        a = a * (o["paper"] / 255.0) + nrng.normal(0, 5, a.shape[:2])[..., None]
        a = np.clip(a, 0, 255).astype(np.uint8)
        if o["seal"] and i in (1, 2):
            a = _seal(a[..., ::-1].copy(), rng)[..., ::-1].copy()
        if o["blur"]:
            a = cv2.GaussianBlur(a, (0, 0), 0.8)
        h, w = a.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), o["tilt"], 1.0)
        a = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=(o["paper"],) * 3)
        for _ in range(o["specks"]):
            y, x = nrng.integers(0, h - 3), nrng.integers(0, w - 3)
            a[y:y + nrng.integers(1, 3), x:x + nrng.integers(1, 3)] = 50
        page = Image.fromarray(a)
        buf = io.BytesIO()
        if o["bilevel"]:
            page.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1").save(buf, "PNG")
        else:
            page.save(buf, "JPEG", quality=o["jpeg"])
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    doc.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=float(o["dpi"]), save_all=True, append_images=pages[1:])
    return out.getvalue(), o


def main(argv: list[str] | None = None) -> int:
    import sys

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts import gen_layouts

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=714)
    ap.add_argument("--n", type=int, default=2, help="documents per table style")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    gen_layouts.fresh_output(args.out)
    reports = []
    with tempfile.TemporaryDirectory(prefix="gen-scans-") as tmp:
        for style, css in STYLES.items():
            for k in range(args.n):
                form = rng.choice(["2021", "2021", "2019"])
                html_text, _, cells, failed, q = gen_layouts.make(rng, "html", form)
                html_text = html_text.replace("<table border=1>", "<table>").replace(
                    "</head>", f"<style>body{{font-family:'Noto Sans CJK SC',sans-serif}} {css}</style></head>")
                pdf = _print_pdf(html_text, Path(tmp))
                data, o = scan(pdf, rng)
                name = f"docs/scan_{style}_{form}_{k}.pdf"
                (args.out / name).write_bytes(data)
                zero_marks = [cid for cid, v in cells.items() if v == 0 and not cid.startswith("active/")
                              and q.get("zero_mark") is not None]
                want = {cid: v for cid, v in cells.items() if cid not in zero_marks}
                quirks = sorted(f"{a}={b}" for a, b in o.items()) + sorted(
                    str(k2) for k2 in q if k2 not in ("org_order", "mark", "col_width") and q[k2] not in (None, False))
                reports.append({"file": name, "format": f"scan_{style}", "form": form, "cells": want,
                                "zero_marks": zero_marks, "failed": failed, "quirks": quirks})
                print(name, o, flush=True)
    gen_layouts.write_expected(args.out, reports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
