"""A scanned page made ready for reading: ink separated from paper, the page turned upright.

Why: a page laid a degree crooked on the scanner tilts every ruling line, so a table row's cells
no longer share a top (the grid breaks into one row per cell) and a text line's box catches the
line above or below it. Scans also come grey (paper tone), speckled and with JPEG halos. The
table's own ruling lines are the best level: long, straight and many, so the tilt is measured on
them (the median slope of the long horizontal strokes, each fitted by least squares) and the page
is rotated back before anything is read. Pages without a table fall back to their text lines.
"""

from __future__ import annotations

from typing import Any

MAX_SKEW = 5.0  # degrees: a page tilted more than this is not corrected (a rotated page is a different problem)
MIN_SKEW = 0.05  # degrees: below this a rotation only blurs


def ink_threshold(gray: Any) -> int:
    """The grey level below which a pixel is ink: Otsu's split of paper and print, kept in a sane band.

    A grey paper tone (scanned newsprint, a photocopy) moves the split down; a page that is nearly
    all paper gives Otsu little to work with, so the level stays between 100 and 180.
    """
    import cv2

    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(min(180, max(100, level)))


def skew_angle(ink: Any) -> float | None:
    """The page's tilt in degrees (positive: lines fall to the right, in image coordinates), or None.

    Measured on the long horizontal strokes (ruling lines, underlines): each stroke a quarter of the
    page wide or longer is fitted by least squares; the length-weighted median of their slopes is
    the tilt. Without such strokes the text lines are used (:func:`_text_skew`).
    """
    import cv2
    import numpy as np

    h, w = ink.shape
    # A short kernel: under a 2° tilt a 1-px line is a staircase of 30-px steps, so a long kernel
    # would erase it; strokes of text are shorter than a few characters.
    k = max(15, w // 90)
    strokes = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
    angles: list[float] = []
    weights: list[float] = []
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if bw < w // 4 or bh > bw * 0.09 + 8:
            continue  # short, or a block of text merged into a blob
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
        weights.append(float(bw))
    if len(angles) < 2:
        return _text_skew(ink)
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][int(np.searchsorted(cum, cum[-1] / 2))])


def _text_skew(ink: Any) -> float | None:
    """Tilt of a page of text without ruling lines: the angle at which its rows of ink are sharpest.

    The row profile of text lines at the right angle alternates between full lines and empty
    leading; its variance is highest there. Searched on a quarter-size image, 0.1° steps.
    """
    import cv2
    import numpy as np

    small = cv2.resize(ink, (ink.shape[1] // 4, ink.shape[0] // 4), interpolation=cv2.INTER_AREA)
    if not small.any():
        return None
    h, w = small.shape
    centre = (w / 2, h / 2)
    best, best_score = None, -1.0
    for tenth in range(-30, 31):
        a = tenth / 10
        m = cv2.getRotationMatrix2D(centre, a, 1.0)
        turned = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        score = float(np.var(turned.sum(axis=1, dtype=np.float64)))
        if score > best_score:
            best, best_score = a, score
    return best


def upright(gray: Any) -> tuple[Any, float]:
    """The page turned so its lines are level, and the angle it was turned by (0.0 when not turned)."""
    import cv2
    import numpy as np

    ink = (gray < ink_threshold(gray)).astype("uint8") * 255
    angle = skew_angle(ink)
    if angle is None or abs(angle) < MIN_SKEW or abs(angle) > MAX_SKEW:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    paper = int(np.median(gray[::8, ::8]))  # the border the turn opens is filled with paper, not black
    turned = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                            borderValue=paper)
    return turned, angle


def specks(ink: Any) -> Any:
    """The stray dots of a scan (dust, JPEG halos, paper grain) in a mask of text ink, as a mask.

    A dot is a piece of ink no bigger than a quarter of a character; it is a speck unless it sits
    beside a character, where it may be a decimal point or a stroke of a character broken in two.
    Specks widen a line's box and read as "：" or "." after a number; they are left out of the
    boxes and whitened in what the recognizer sees.
    """
    import cv2
    import numpy as np

    n, labels, stats, centroids = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n <= 1:
        return np.zeros(ink.shape, dtype=bool)
    w, h, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    tall = h[(area >= 20) & (h >= 6)]
    size = float(np.percentile(tall, 75)) if len(tall) else 20.0  # about a character's height (not a radical's)
    small = np.maximum(w, h) <= max(2.0, size / 4)
    big = np.zeros(n, dtype=np.uint8)
    big[1:] = ~small
    near = cv2.dilate(big[labels] * 255, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(3, int(size * 1.5)) | 1, max(3, int(size * 0.6)) | 1)))
    cx = np.clip(centroids[1:, 0].astype(int), 0, ink.shape[1] - 1)
    cy = np.clip(centroids[1:, 1].astype(int), 0, ink.shape[0] - 1)
    drop = np.zeros(n, dtype=bool)
    drop[1:] = small & (near[cy, cx] == 0)
    return drop[labels]


def grey(image: Any) -> Any:
    """A page image (PIL, any mode) as grey levels where only dark ink is dark.

    Colour pages take the brightest channel of each pixel: black print stays dark in every channel,
    a red seal stamped over a table (or blue handwriting) turns bright, so its ring and text never
    become strokes, labels or digits.
    """
    import cv2
    import numpy as np

    if image.mode in ("RGB", "RGBA", "CMYK", "P", "YCbCr", "LAB", "HSV"):
        r, g, b = cv2.split(np.asarray(image if image.mode == "RGB" else image.convert("RGB")))
        return cv2.max(cv2.max(r, g), b)  # numpy's max over the last axis is ten times slower
    return np.ascontiguousarray(np.asarray(image.convert("L")))


def flatten(gray: Any) -> Any:
    """Uneven light made even: each pixel divided by the paper's brightness around it.

    A phone photo darkens towards a corner and a scan of grey paper is grey all over; a fixed ink
    level then takes shadow for ink. The paper's brightness is the local maximum over a window
    wider than any stroke, shrunk back by as much (a closing: a dark area wider than the window keeps
    its edge), on a quarter-size copy so it is cheap. A dark border around the sheet (the desk under
    a photographed page) is such an area: it comes out as paper, not as a frame of ink.
    """
    import cv2
    import numpy as np

    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = max(5, min(h, w) // 120) | 1  # ~15 px on a quarter of a 216-dpi page: 60 px, wider than any stroke
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    paper = cv2.GaussianBlur(paper, (0, 0), 2)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    out = gray.astype(np.float32) * (255.0 / np.maximum(paper.astype(np.float32), 1.0))
    return np.clip(out, 0, 255).astype(np.uint8)


def lines_run_across(gray: Any) -> float:
    """How much more the page's ink is organised in rows than in columns (> 1: lines run across,
    the page is upright or upside down; < 1: they run down, the page lies on its side).

    Why: a page scanned sideways (a landscape table, a sheet fed turned) has its text lines running
    down. Text lines alternate with the blank leading between them, so the profile of ink summed
    along the lines swings hard from line to gap, while across them every column crosses many lines
    and the profile is even. Long ruling lines are taken out first (a table has them both ways).
    Compared on a quarter-size copy: the ratio of the two profiles' variation (coefficient of variation).
    """
    import cv2
    import numpy as np

    small = cv2.resize(gray, (max(1, gray.shape[1] // 4), max(1, gray.shape[0] // 4)), interpolation=cv2.INTER_AREA)
    ink = (small < ink_threshold(small)).astype(np.uint8)
    h, w = ink.shape
    long_h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, w // 12), 1)))
    long_v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(10, h // 12))))
    text = ink & ~(cv2.dilate(long_h | long_v, np.ones((3, 3), np.uint8)))
    rows, cols = text.sum(axis=1).astype(np.float64), text.sum(axis=0).astype(np.float64)
    rows, cols = rows[rows.nonzero()[0].min():rows.nonzero()[0].max() + 1] if rows.any() else rows, \
        cols[cols.nonzero()[0].min():cols.nonzero()[0].max() + 1] if cols.any() else cols
    if not rows.any() or not cols.any():
        return 1.0
    return float((rows.std() / rows.mean()) / max(cols.std() / cols.mean(), 1e-9))
