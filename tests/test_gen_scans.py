"""scripts/gen_scans.py's kinds of capture make what they say (no OCR, no browser: a small page)."""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from scripts.gen_scans import KINDS, scan


def _pdf() -> bytes:
    """A small page (200 × 140 pt) with a ruled table of digits, as a PDF."""
    img = Image.new("L", (600, 420), 255)
    d = ImageDraw.Draw(img)
    for i in range(6):
        d.line([(40, 40 + 60 * i), (560, 40 + 60 * i)], fill=0, width=2)
    for j in range(5):
        d.line([(40 + 130 * j, 40), (40 + 130 * j, 340)], fill=0, width=2)
        d.text((90 + 130 * j, 60), str(7 * j + 3), fill=0)
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=216.0)
    return buf.getvalue()


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_capture_gives_a_one_page_scan_as_drawn(kind: str) -> None:
    data, o = scan(_pdf(), random.Random(3), kind)
    assert o["kind"] == kind
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) == 1
    a = np.asarray(pdf[0].render(scale=o["dpi"] / 72, grayscale=True).to_pil().convert("L")).astype(int)
    if kind == "fax":
        assert o["dpi"] == 204 and set(np.unique(a)) <= {0, 255}  # black and white only
        # 98 lines an inch shown at 204: every row is printed twice (or three times)
        twin = np.mean([np.array_equal(a[y], a[y - 1]) or np.array_equal(a[y], a[y + 1])
                        for y in range(1, a.shape[0] - 1)])
        assert twin > 0.95
    if kind == "grey300":
        assert o["dpi"] == 300
    if kind == "photo":  # a shadow: one side of the paper darker than the other
        paper = [np.percentile(part, 90) for part in (a[:, : a.shape[1] // 4], a[:, -a.shape[1] // 4:],
                                                       a[: a.shape[0] // 4], a[-a.shape[0] // 4:])]
        assert max(paper) - min(paper) > 15
    if kind == "sealnum":  # red ink over the page: in colour, the seal is there
        rgb = np.asarray(pdf[0].render(scale=o["dpi"] / 72).to_pil().convert("RGB")).astype(int)
        assert ((rgb[..., 0] - rgb[..., 2]) > 60).sum() > 100
