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
  grey or yellowed paper, a red seal over the tables, blur, a black-and-white (1-bit) page;
- kinds of capture (``--kind``, else mostly a flatbed scan): ``photo`` (a phone photo: the sheet's
  corners pulled a few percent each way, a shadow falling across it, colour JPEG), ``fax`` (204 × 98
  dpi, black and white, stretched back to its page as a fax-to-PDF gateway does: every row doubled),
  ``grey300`` (a 300-dpi greyscale scan), ``sealnum`` (a red seal stamped over the table's numbers,
  as an agency's seal on its report's last table page).

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


KINDS = ("flatbed", "photo", "fax", "grey300", "sealnum")


def _photo(a, rng: random.Random, paper: int):  # noqa: ANN001, ANN202 - numpy arrays
    """A phone photo of the sheet: its corners pulled up to 3% of the page each way (perspective)
    and a shadow across it (light falling from 100% to 55-75% along a random direction)."""
    import cv2
    import numpy as np

    h, w = a.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + np.float32([[rng.uniform(-0.03, 0.03) * w, rng.uniform(-0.03, 0.03) * h] for _ in range(4)])
    m = cv2.getPerspectiveTransform(src, dst)
    a = cv2.warpPerspective(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(paper,) * 3)
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (xx / w - 0.5) * np.cos(angle) + (yy / h - 0.5) * np.sin(angle)
    t = (t - t.min()) / max(1e-6, float(t.max() - t.min()))
    light = 1.0 - rng.uniform(0.25, 0.45) * t
    return np.clip(a.astype(np.float32) * light[..., None], 0, 255).astype(np.uint8)


def _seal_on_numbers(a, rng: random.Random):  # noqa: ANN001, ANN202 - numpy arrays
    """A red seal stamped over the right half of the page's lower middle (where a table's
    numbers are): ring, a five-pointed star and an arc of text-like strokes, pressed unevenly."""
    import cv2
    import numpy as np

    h, w = a.shape[:2]
    cx, cy = rng.randint(w // 2, 4 * w // 5), rng.randint(h // 3, 3 * h // 4)
    r = int(w * rng.uniform(0.09, 0.13))
    overlay = a.copy()
    red = (35, 30, 200)
    cv2.circle(overlay, (cx, cy), r, red, max(3, r // 12))
    star = np.array([(cx + r * 0.35 * np.cos(np.pi / 2 + k * 4 * np.pi / 5),
                      cy - r * 0.35 * np.sin(np.pi / 2 + k * 4 * np.pi / 5)) for k in range(5)], np.int32)
    cv2.fillPoly(overlay, [star], red)
    for k in range(12):
        ang = np.pi * (1.15 + 0.7 * k / 11)
        x, y = int(cx + 0.7 * r * np.cos(ang)), int(cy + 0.7 * r * np.sin(ang))
        cv2.rectangle(overlay, (x - r // 14, y - r // 14), (x + r // 14, y + r // 14), red, max(2, r // 30))
    alpha = rng.uniform(0.55, 0.8)
    return cv2.addWeighted(overlay, alpha, a, 1 - alpha, 0)


def scan(pdf: bytes, rng: random.Random, kind: str = "flatbed") -> tuple[bytes, dict]:
    """The PDF printed and captured (``kind``: :data:`KINDS`) with a random mix of distortions;
    the distortions drawn."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    o = {"dpi": rng.choice([100, 120, 150, 180, 200]), "tilt": round(rng.uniform(-2.5, 2.5), 2),
         "jpeg": rng.choice([30, 40, 55, 75]), "specks": rng.choice([0, 200, 600]),
         "fade": rng.random() < 0.3, "paper": rng.choice([255, 235, 215]), "seal": rng.random() < 0.3,
         "blur": rng.random() < 0.25, "bilevel": rng.random() < 0.15, "kind": kind}
    if kind == "photo":
        o.update(dpi=rng.choice([150, 200]), jpeg=rng.choice([55, 75]), bilevel=False, specks=0)
    elif kind == "fax":
        o.update(dpi=204, bilevel=True, blur=False, fade=False, seal=False, paper=255)
    elif kind == "grey300":
        o.update(dpi=300, bilevel=False, jpeg=rng.choice([55, 75]))
    elif kind == "sealnum":
        o.update(seal=False, bilevel=False)
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
        if kind == "sealnum" and i == len(doc) - 1:
            a = _seal_on_numbers(a[..., ::-1].copy(), rng)[..., ::-1].copy()
        if o["blur"]:
            a = cv2.GaussianBlur(a, (0, 0), 0.8)
        h, w = a.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), o["tilt"], 1.0)
        a = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=(o["paper"],) * 3)
        if kind == "photo":
            a = _photo(a, rng, o["paper"])
        for _ in range(o["specks"]):
            y, x = nrng.integers(0, h - 3), nrng.integers(0, w - 3)
            a[y:y + nrng.integers(1, 3), x:x + nrng.integers(1, 3)] = 50
        page = Image.fromarray(a)
        buf = io.BytesIO()
        if kind == "fax":  # 98 lines an inch, each sent once and printed twice
            half = page.convert("L").resize((w, h * 98 // 204), Image.BILINEAR).point(lambda v: 255 if v > 140 else 0)
            half.resize((w, h), Image.NEAREST).convert("1").save(buf, "PNG")
        elif kind == "grey300":
            page.convert("L").save(buf, "JPEG", quality=o["jpeg"])
        elif o["bilevel"]:
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
    ap.add_argument("--kind", choices=[*KINDS, "mixed"], default="flatbed",
                    help="how the pages are captured; mixed: each document one of the kinds at random")
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
                kind = rng.choice(KINDS) if args.kind == "mixed" else args.kind
                data, o = scan(pdf, rng, kind)
                name = f"docs/scan_{style}_{form}_{k}{'' if kind == 'flatbed' else '_' + kind}.pdf"
                (args.out / name).write_bytes(data)
                zero_marks = [cid for cid, v in cells.items() if v == 0 and not cid.startswith("active/")
                              and q.get("zero_mark") is not None]
                want = {cid: v for cid, v in cells.items() if cid not in zero_marks}
                quirks = sorted(f"{a}={b}" for a, b in o.items()) + sorted(
                    str(k2) for k2 in q if k2 not in ("org_order", "mark", "col_width") and q[k2] not in (None, False))
                reports.append({"file": name, "format": f"scan_{style}" if kind == "flatbed" else f"scan_{kind}", "form": form, "cells": want,
                                "zero_marks": zero_marks, "failed": failed, "quirks": quirks})
                print(name, o, flush=True)
    gen_layouts.write_expected(args.out, reports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
