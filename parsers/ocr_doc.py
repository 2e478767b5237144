"""Scanned reports (图片版: image-only PDFs, PNG/JPEG/TIFF) → rows, by OCR and the table's ruling lines.

Why this shape: OCR alone gives text boxes, and a row of boxes loses its empty cells (a blank
published in the third column would shift every later number one column left: a wrong value,
worse than none). The ruling lines of the printed table are found in the image (morphological
opening keeps only long horizontal and vertical strokes); the regions they enclose are the cells,
a merged cell being one bigger region, and :func:`parsers.grid.grid_rows` turns them into the same
grid rows a PDF's geometry or an HTML table gives. OCR text boxes are then put in the cell that
holds their centre. Text outside any table becomes one row per line.

The engine is RapidOCR on ONNX Runtime (Apache-2.0) with the PP-OCRv4 Chinese models that ship
inside the ``rapidocr-onnxruntime`` wheel: nothing is downloaded at run time. Every value keeps
the engine's confidence; a number read with less than :data:`MIN_CONFIDENCE`, or a value cell
whose text is neither a number nor a label, is marked unreadable and so becomes null, never a
guess.
"""

from __future__ import annotations

import io
import logging
import re
import warnings as warnings_module
from dataclasses import dataclass, field
from typing import Any

from .grid import UNREADABLE, Box, grid_rows, join_lines
from .limits import OCR_PAGES, OCR_TOTAL_PIXELS, PAGE_PIXELS, page_scale
from .normalize import classify
from .rows import Cell, Document, Row, UnreadableDocument
from .scan_columns import Piece, borderless_rows, headed_rows, table_lines
from .scan_image import flatten, grey, ink_threshold, lines_run_across, specks, upright
from .scan_recognize import INSTALL_HINT, recognize
from .text_doc import text_rows

SIDEWAYS = 0.45  # a page without a table whose ink runs this much less in rows than columns lies on its side
TALL_CELLS = 0.6  # a table whose cells' median width is less than this of their height lies on its side
FLIP_LINES = 2  # lines read both ways up to tell an upside-down page
FLIP_WIDTH = 8  # heights of each such line read
FLIP_MARGIN = 0.25  # how much surer the turned reading must be
BILEVEL_BLUR = 1.2  # px (sigma): grey edges given back to a black-and-white scan before it is read
MIN_CONFIDENCE = 0.90  # below this an OCR'd number is null
DOUBT = 0.995  # below this an OCR'd number that breaks an accounting rule is null (doubt)
SECOND_BLUR = 0.8  # px (sigma): the second look at a contradicted number (:func:`_second_look`)
CONFIRM = 0.93  # a contradicted number read alike by two looks, each at least this sure, is kept
# (1 - (1 - 0.93)² ≥ DOUBT): the report printed it, and its arithmetic error stays visible
QUICK_HEIGHT = 32  # px: the recognizer's quick input height (its own is 48): a third of the work
WIDE_LINE = 4.0  # heights: a cell's line this long or longer (a label: digits are narrower) is read quickly at
WIDE_HEIGHT = 24  # px: labels read the same words at 24 as at 32 (a wrong one is read again: _sure)
PROSE_HEIGHT = 48  # px: headings and titles outside tables (they name the tables: read at full height)
BODY_HEIGHT = 24  # px: long lines of prose (body text): read as well as at 32 (a page of the bench:
# 99.4% the same text as at 48), in four fifths of the time
PIECE_GAP = 0.6  # line heights: a gap this wide in a line outside ruled tables cuts it (a column's edge)
SHORT_LINE = 28  # heights: a prose line shorter than this is a heading or a caption (read at full height)
SHORT_SURE = 0.8  # a short line read quickly with every character this sure is not read at full height
HEADING = 1.25  # a prose line this much taller than the page's median line is a heading or a title
SURE_TEXT = 0.5  # a label read quickly with every character at least this sure is not read again: of 128
# lines of labels under 0.9 on seen scans, the full height read 98 the same and the rest mostly
# differing in a bracket's width; labels are matched by their words
DUST = 0.35  # characters: a line of text outside tables whose ink is smaller than this both ways is dust
# (a 100-dpi scan's dots come out 4 px at a 17-px character, read "6" or "." and placed as a value line)
RENDER_DPI = 216  # PDF pages are rendered at 3× (72 dpi): 9-pt table text is then ~27 px high
SCAN_MIN_DPI = 150  # a page that is one scanned image is prepared at its own dpi, but at least this
MAX_PIXELS = PAGE_PIXELS  # a page image bigger than this is not a report page
_CJK = re.compile(r"[\u3400-\u9fff]")
# Progress of a long read (seconds a page): `nianbao parse` shows it on stderr, a crawl logs it.
progress = logging.getLogger("nianbao.progress.parse")
_INK = 160  # a pixel darker than this is ink
_MARK = 9_000_000  # marker values for tracing which printed cell became which form cell


def _line_mask(ink: Any, faint: Any | None = None) -> tuple[Any, Any]:
    """The page's long horizontal and vertical strokes (the ruling lines of its tables), as found
    and widened by a pixel (what separates cells).

    ``faint`` (a mask of fainter pixels) adds the thin long strokes found there: a hairline scanned
    at 100 dpi is grey, not black, and broken at the ink level it would no longer enclose its
    cells. Only thin strokes count: the grey halo of a bold heading is long too, but a text line
    thick, and whitening it would erase the heading.
    """
    import cv2
    import numpy as np

    h, w = ink.shape
    kh = cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, w // 30), 1))
    kv = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(30, h // 60)))
    long_h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kh)
    long_v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kv)
    if faint is not None:
        t = max(9, min(h, w) // 200)  # thicker than any hairline, thinner than a line of text
        fh = cv2.morphologyEx(faint, cv2.MORPH_OPEN, kh)
        fh &= ~cv2.morphologyEx(fh, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, t)))
        fv = cv2.morphologyEx(faint, cv2.MORPH_OPEN, kv)
        fv &= ~cv2.morphologyEx(fv, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (t, 1)))
        long_h |= fh
        long_v |= fv
    found = long_h | long_v
    # Double rules (Chromium's ``border=1``: every cell its own box, a few pixels from its
    # neighbour's) closed into one: otherwise each narrow cell is a lone box, never a table's cell.
    k = max(3, min(h, w) // 200) | 1
    closed = cv2.morphologyEx(found, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return found, cv2.dilate(closed, np.ones((3, 3), np.uint8))


def _table_cells(lines: Any) -> list[tuple[int, int, int, int]]:
    """Cell boxes (x0, top, x1, bottom) enclosed by the ruling lines (a merged cell is one box).

    Each group of touching lines is read on its own: a frame around a table (the edge of a
    photographed sheet, a box drawn round the page) would otherwise enclose that table's cells a
    second time. A region that holds other cells is such a frame, never a cell.
    """
    import cv2

    h, w = lines.shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    cells: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < w // 8 or bh < 20:
            continue  # a lone rule (an underline, a separator), not a table
        crop = (labels[y:y + bh, x:x + bw] != i).astype("uint8") * 255
        _close_split(crop)
        m, _, cstats, _ = cv2.connectedComponentsWithStats(crop, connectivity=4)
        for j in range(1, m):
            cx, cy, cw, ch, _ = cstats[j]
            if cx == 0 or cy == 0 or cx + cw >= bw or cy + ch >= bh or cw < 6 or ch < 6:
                continue  # outside the grid, or a speck between double lines
            cells.append((int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch)))
    return [c for c in cells if not any(
        o is not c and c[0] <= (o[0] + o[2]) / 2 <= c[2] and c[1] <= (o[1] + o[3]) / 2 <= c[3] for o in cells)]


def _close_split(crop: Any) -> None:
    """A table cut by a page break closed along its cut edge (in place; ``crop``: 0 on its lines).

    Why: a table continued on the next page has no rule under its last row's merged cells (三、本年度
    办理结果, （三）不予公开 run on), only the vertical rules ending at the cut; those cells were never
    enclosed, their labels read as loose text and the rows under them lost. An edge where three or
    more vertical rules end but no rule runs along is joined from the first to the last of them.
    """

    depth = 3
    for edge in (slice(crop.shape[0] - depth, crop.shape[0]), slice(0, depth)):
        strip = (crop[edge] == 0).any(axis=0)
        if strip.mean() >= 0.9:
            continue  # a rule runs along this edge
        ends = _runs(strip, 1)
        if len(ends) >= 3:
            row = crop.shape[0] - 1 if edge.start else 0
            crop[row, ends[0][0]:ends[-1][1]] = 0


def _runs(mask: Any, min_gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of True in a 1-D mask, runs closer than ``min_gap`` joined."""
    import numpy as np

    idx = np.flatnonzero(mask)
    if not len(idx):
        return []
    breaks = np.flatnonzero(np.diff(idx) > min_gap)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _text_lines(ink: Any, x0: int, y0: int, *, split_gaps: bool, size: float | None = None,
                gap: float | None = None, char: float | None = None) -> list[tuple[int, int, int, int]]:
    """Boxes of the text lines in an ink region, by its row and column projections (no detector needed).

    With ``split_gaps`` a line is also cut where a gap is wider than about a character
    (:data:`PIECE_GAP` line heights), and each piece is cut again into the lines it holds: text
    laid out in columns keeps its columns apart, a table's values printed without rules between
    them become one piece each (:mod:`parsers.scan_columns` finds their columns), and a value
    centred beside a label wrapped over two lines is not read in one box with it. Without it, a
    line is cut only at gaps of ``gap`` line heights (columns of prose), if given.
    """
    out: list[tuple[int, int, int, int]] = []
    bands = _runs(ink.any(axis=1), 2)
    if split_gaps and size is None:
        # a character's height: the region's commonest line height (a band holding a label wrapped
        # over two lines and the value centred beside it is taller, and cut by this, not its own)
        heights = sorted(b - t for t, b in bands if b - t >= 5)
        # of a single line's height: a page of rows wrapped over two lines (a table's continuation)
        # has more two-line bands than one-line ones, and their height would join every row's pieces
        char = char or _char_size(ink)
        single = [h for h in heights if 0.8 * char <= h <= 1.6 * char]
        heights = single or heights
        size = float(heights[len(heights) // 2]) if heights else 20.0
    if split_gaps:
        bands = _strokes_joined(bands, size)
    for top, bottom in bands:
        if bottom - top < 5:
            continue  # a speck or a leftover of a ruling line
        line = ink[top:bottom]
        cols = line.any(axis=0)
        if not split_gaps or size is None:
            pieces = _runs(cols, int(gap * (bottom - top)) if gap else 10**9)
            out.extend((x0 + left, y0 + top, x0 + right, y0 + bottom) for left, right in pieces if right - left >= 3)
            continue
        for left, right in _runs(cols, max(3, int(PIECE_GAP * min(bottom - top, size)))):
            if right - left < 3:
                continue
            piece = ink[top:bottom, left:right]
            subs = _strokes_joined(_runs(piece.any(axis=1), 2), size)
            if len(subs) == 1 and (subs[0][1] - subs[0][0] >= bottom - top or subs[0][1] - subs[0][0] < 0.5 * size):
                # one line as high as its band, or a mark lower than a character (a comma, a dash):
                # it keeps its band's height, so it stays on its line
                out.append((x0 + left, y0 + top, x0 + right, y0 + bottom))
                continue
            # lower than its band (the band held a label wrapped over two lines): cut again at its own height
            for a, b in subs:
                out.extend(_text_lines(piece[a:b], x0 + left, y0 + top + a, split_gaps=True, size=size))
    return out


def _prose_lines(ink: Any, char: float | None = None) -> tuple[list[tuple[int, int, int, int]], int]:
    """Boxes of the text outside ruled tables: whole lines (cut only at gaps of three heights:
    columns of text), except on lines that look like a borderless table's rows
    (:func:`parsers.scan_columns.table_lines`), whose every piece is a box of its own; and how
    many of the boxes (the first ones) are whole lines."""
    import numpy as np

    lines = _text_lines(ink, 0, 0, split_gaps=False, gap=3.0)
    char = char or _char_size(ink)
    pieces = _text_lines(_dotless(ink, char), 0, 0, split_gaps=True, char=char)
    if not pieces:
        return lines, len(lines)
    table = table_lines(pieces, float(np.median([b[3] - b[1] for b in pieces])))
    if not table:
        return lines, len(lines)
    centre = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in table]
    kept = [b for b in lines if not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for x, y in centre)]
    # a line holding a table row gives way to all the pieces within it (its label's included)
    dropped = [b for b in lines if b not in kept]
    inside = [p for p in pieces if any(b[0] <= (p[0] + p[2]) / 2 <= b[2] and b[1] <= (p[1] + p[3]) / 2 <= b[3]
                                        for b in dropped)]
    return kept + inside, len(kept)


def _dotless(ink: Any, size: float | None = None) -> Any:
    """Text ink without its dots (pieces under a quarter of a character: a decimal point, dust
    kept beside a character by :func:`parsers.scan_image.specks`), to cut lines into pieces by.

    Why: a line is cut where a gap between its characters is about a character wide; a speck in
    each gap of a borderless table's row ("1276 · 0 · 12") bridged them all, one piece read
    12760120 and the row's columns lost. A decimal point stays inside its number's piece (it lies
    between two digits), and the pieces' boxes are read from the whole ink."""
    import cv2
    import numpy as np

    n, labels, stats, centroids = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n <= 1:
        return ink
    size = size or _char_size(ink)
    small = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) <= size / 4
    small[0] = True
    # a dot touching a character's ink within a quarter of a character is a piece of it (a faded
    # stroke broken into dots), and stays
    big = np.where(small[labels], 0, 255).astype(np.uint8)
    k = max(3, int(size / 4)) | 1
    near = cv2.dilate(big, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    cx = np.clip(centroids[:, 0].astype(int), 0, ink.shape[1] - 1)
    cy = np.clip(centroids[:, 1].astype(int), 0, ink.shape[0] - 1)
    drop = small & (near[cy, cx] == 0)
    drop[0] = True
    return np.where(drop[labels], 0, ink).astype(ink.dtype)


# The form's section captions (both versions): they switch the form reader from table to table.
CAPTIONS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")
CAPTION_LIKE = 0.85  # a line this similar to a caption (difflib's ratio), as long within two characters, is it


def _caption(text: str) -> str:
    """A line of prose as read, or the form's caption it is a misreading of ("三、收到和处三府信息公开
    申请情况" at 100 dpi: a character or two wrong, and the form reader never saw table 三 start).

    Why here: the captions are fixed text of the form, and a heading line is read on its own; only
    a near-whole match counts (most of a 12-19 character caption, in order), never a part of a
    sentence that mentions one. Numbers are never touched."""
    import difflib

    squeezed = re.sub(r"\s+", "", text)
    for caption in CAPTIONS:
        if squeezed != caption and abs(len(squeezed) - len(caption)) <= 2 and \
                difflib.SequenceMatcher(None, squeezed, caption).ratio() >= CAPTION_LIKE:
            return caption
    return text


def _strokes_joined(runs: list[tuple[int, int]], size: float) -> list[tuple[int, int]]:
    """Rows of ink as lines of text: a run much lower than a character (a bar of 二 or 三, a
    comma's tail) joins the run it nearly touches, so a character is never cut into strokes."""
    out: list[tuple[int, int]] = []
    for a, b in runs:
        if out and a - out[-1][1] <= 0.6 * size and min(b - a, out[-1][1] - out[-1][0]) < 0.5 * size:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _value_cell(text: str, confidence: float, signed: bool = False) -> str:
    """An OCR'd table cell as the form reader must see it: low-confidence or garbled values unreadable.

    A sign before the digits is a speck read as one unless ``signed`` says its ink is a minus bar
    (:func:`_minus_bar`): the 2019 form's 本年增/减 column prints "-7"."""
    if re.search(r"\d\s+\d", text):
        return UNREADABLE  # "21117 7417": a lost decimal point, or two cells run together
    if re.match(r"[-+－—]\s*\d", text) and not (signed and re.fullmatch(r"[-－+]\d+", text)):
        return UNREADABLE  # "-1": most counts are never negative: a speck before the digit read as a sign
    tok = classify(text)
    if tok.kind == "num":
        return text if confidence >= MIN_CONFIDENCE else UNREADABLE
    if tok.kind == "text" and not _CJK.search(text):
        return UNREADABLE  # "1O", "3l": digits mixed with look-alike letters
    return text


_STRAY = ".,:;：，、。'`‘’\"“”_~·"  # read from specks beside a number, never part of it at its ends


def _value_text(text: str) -> str:
    """A cell's text without the stray marks a speck beside a number reads as ("0：", "12.")."""
    core = text.strip(_STRAY + " ")
    return core if core and classify(core).kind == "num" else text


def _prose_value(text: str, confidence: float, glyph: tuple[int, int, int, int]) -> str:
    """A piece of text outside ruled tables as a borderless table's value cell would show it: a
    number without stray marks, unreadable if read with doubt (:func:`_value_cell`) or if it is a
    lone digit not drawn like one (a "／" zero mark read "1": :func:`_digit_shaped`); other text as read."""
    core = _value_text(text)
    if classify(core).kind == "num" or re.fullmatch(r"[\dOolI|.,]+", core):
        if len(core) == 1 and core.isdigit() and not _digit_shaped(glyph):
            return UNREADABLE
        return _value_cell(core, confidence)
    return text


def _slanted(ink: Any, box: tuple[int, int, int, int]) -> bool:
    """Whether ink read as a "1" leans like a "／" zero mark: the middle of its top third lies right
    of the middle of its bottom third by a fifth of its height or more (a 1 stands upright, its
    flag and foot aside: they are in the top and bottom thirds both ways)."""
    import numpy as np

    x0, top, x1, bottom = box
    piece = ink[top:bottom, x0:x1] > 0
    h = piece.shape[0]
    if h < 6 or not piece.any():
        return False
    cols = np.arange(piece.shape[1])
    upper, lower = piece[: h // 3], piece[h - h // 3:]
    if not upper.any() or not lower.any():
        return False
    shift = (cols * upper.sum(axis=0)).sum() / upper.sum() - (cols * lower.sum(axis=0)).sum() / lower.sum()
    return shift >= 0.2 * h


def _char_size(ink: Any) -> float:
    """About a character's height on a page (px): the 75th percentile of its pieces of ink tall
    enough to be characters or their parts (as :func:`parsers.scan_image.specks` judges dots)."""
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    h, area = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    tall = h[(area >= 20) & (h >= 6)]
    return float(np.percentile(tall, 75)) if len(tall) else 20.0


def _trimmed(ink: Any, box: tuple[int, int, int, int], size: float = 0.0) -> tuple[int, int, int, int] | None:
    """A line box in a table cell shrunk to its characters' ink: the pieces a fifth of the line's
    height or bigger (a decimal point between two digits stays inside), or None when it holds
    only smaller dots (a speckled scan's empty cell).

    ``size``: the page's character height (:func:`_char_size`): a dot under a quarter of it is
    dust, however low the band it made.

    Why: dust beside a lone "0" widened its box until it was no longer drawn like a digit
    (:func:`_digit_shaped`), and the recognizer read the dots as "0....", doubtful; a cell of
    dust alone was read as a mark and held unreadable instead of blank.
    """
    import cv2
    import numpy as np

    x0, top, x1, bottom = box
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink[top:bottom, x0:x1].astype(np.uint8), connectivity=8)
    need = max(3, (bottom - top) // 5, int(size / 4))
    big = [i for i in range(1, n) if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) >= need]
    if not big:
        return None
    left = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in big)
    right = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in big)
    # top and bottom from all the ink between (a decimal point may reach below the digits)
    inside = [i for i in range(1, n) if left <= stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] / 2 <= right]
    upper = min(int(stats[i, cv2.CC_STAT_TOP]) for i in inside)
    lower = max(int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT]) for i in inside)
    return (x0 + left, top + upper, x0 + right, top + lower)


def _point_printed(ink: Any, box: tuple[int, int, int, int], size: float) -> bool:
    """Whether a line of digits has a decimal point in its ink: a dot (under a quarter of a
    character) in the lower half of the line, in a gap between two characters.

    Why: a recognizer that drops the point reads 2358.39 as 235839, a hundred times the value;
    a number read without a point where the ink shows one is unreadable, never that guess.
    """
    import cv2
    import numpy as np

    x0, top, x1, bottom = box
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink[top:bottom, x0:x1].astype(np.uint8), connectivity=8)
    need = max(3, (bottom - top) // 5, int(size / 4))
    size_of = [max(int(stats[i, cv2.CC_STAT_WIDTH]), int(stats[i, cv2.CC_STAT_HEIGHT])) for i in range(n)]
    spans = sorted((int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]))
                   for i in range(1, n) if size_of[i] >= need)
    gaps = [(a[1], b[0]) for a, b in zip(spans, spans[1:], strict=False)]
    for i in range(1, n):
        if size_of[i] >= need or stats[i, cv2.CC_STAT_AREA] < 2:
            continue
        cx = stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] / 2
        cy = stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] / 2
        if cy >= (bottom - top) / 2 and any(a - 1 <= cx <= b + 1 for a, b in gaps):
            return True
    return False


def _digit_shaped(box: tuple[int, int, int, int]) -> bool:
    """Whether ink read as one digit is drawn like one: no digit of any face is wider than about
    three quarters of its height, a slash or a dash is (a zero mark)."""
    x0, top, x1, bottom = box
    return (x1 - x0) <= 0.85 * (bottom - top)


def _glyph(ink: Any, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The box of the ink of a short line box without its specks (what :func:`_digit_shaped`
    judges): a dot of dust beside a lone digit, kept in the line as it might be a decimal point,
    would make a "1" as wide as a dash. The pieces of a third of the line's height or more count
    (a dash broken in two stays as wide as it is). A longer line's box is its own."""
    import cv2
    import numpy as np

    x0, top, x1, bottom = box
    if x1 - x0 > 2 * (bottom - top):
        return box
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink[top:bottom, x0:x1].astype(np.uint8), connectivity=8)
    big = [i for i in range(1, n) if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) * 3 >= bottom - top]
    if not big or len(big) == n - 1:
        return box
    left = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in big)
    right = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in big)
    upper = min(int(stats[i, cv2.CC_STAT_TOP]) for i in big)
    lower = max(int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT]) for i in big)
    return (x0 + left, top + upper, x0 + right, top + lower)


def _minus_bar(ink: Any, box: tuple[int, int, int, int]) -> bool:
    """Whether a line's first piece of ink is a sign: a minus, a flat bar (at least twice as wide
    as high, under a third of the line's height) around the middle of the line, or a plus
    (:func:`_plus`); never a dot of dust."""
    import cv2
    import numpy as np

    x0, top, x1, bottom = box
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink[top:bottom, x0:x1].astype(np.uint8), connectivity=8)
    if n < 3:
        return False
    first = min(range(1, n), key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    x, y, w, h = (int(v) for v in stats[first, :4])
    height = bottom - top
    if w >= 2 * h and w >= 0.25 * height and h <= height / 3 and 0.25 * height <= y + h / 2 <= 0.8 * height:
        return True
    return _plus(labels == first, x, y, w, h, height)


def _plus(mask: Any, x: int, y: int, w: int, h: int, height: int) -> bool:
    """Whether a piece of ink is a plus sign: about as wide as high (a third to four fifths of the
    line), inked across its middle row and down its middle column, its corners empty."""
    if not (0.3 * height <= w <= 0.8 * height and 0.3 * height <= h <= 0.8 * height and 0.7 <= w / h <= 1.4):
        return False
    piece = mask[y:y + h, x:x + w]
    row, col = piece[h // 2 - 1:h // 2 + 2].any(axis=0), piece[:, w // 2 - 1:w // 2 + 2].any(axis=1)
    q = max(1, min(w, h) // 4)
    corners = piece[:q, :q].any() or piece[:q, -q:].any() or piece[-q:, :q].any() or piece[-q:, -q:].any()
    return row.mean() >= 0.8 and col.mean() >= 0.8 and not corners


def _crops(gray: Any, boxes: list[tuple[int, int, int, int]], pad: int = 4) -> list[Any]:
    """The recognizer's view of each line box: the box and a few pixels of paper around it.

    The margins left and right are made paper beyond a pixel of the box: dust just beside a
    line's ink (left out of its box) would otherwise be read as "." or "：" after a number and
    spoil its confidence.
    """
    h, w = gray.shape
    keep = 1
    out = []
    for x0, top, x1, bottom in boxes:
        t, b, left, right = max(0, top - pad), min(h, bottom + pad), max(0, x0 - pad), min(w, x1 + pad)
        crop = gray[t:b, left:right].copy()
        crop[:, :max(0, x0 - keep - left)] = 255
        crop[:, x1 + keep - left:] = 255
        out.append(crop)
    return out


def _read(crops: list[Any], height: int | None = None) -> list[tuple[str, float]]:
    """Text and confidence (its least sure character's) of each line crop, read ``height`` px high."""
    return [(r.text.strip(), r.confidence) for r in recognize(crops, height)]


def _recognize(gray: Any, boxes: list[tuple[int, int, int, int]], height: int | None = None) -> list[tuple[str, float]]:
    """Text and confidence (its least sure character's) of each line box, read ``height`` px high."""
    return _read(_crops(gray, boxes), height)


def _sure(text: str, confidence: float) -> bool:
    """Whether a quick reading of a table cell's line stands: a number read with every digit at
    least :data:`MIN_CONFIDENCE` sure, or a label's Chinese text with every character sure
    (:data:`SURE_TEXT`).

    Why not ask more of a number: measured on 811 table lines of seen scans (100-200 dpi), the full
    height read the same digits as the quick one every time the quick one was at least this sure,
    and where they differed the full reading had caught a speck ("17-", ".2"); what it adds is
    confidence in a lone "0" or "1", which a quick reading under the bar gets (it is read again).
    """
    if not text:
        return False
    if classify(text).kind == "num":
        return confidence >= MIN_CONFIDENCE
    return bool(_CJK.search(text)) and confidence >= SURE_TEXT


def _read_cells(gray: Any, boxes: list[tuple[int, int, int, int]]) -> tuple[list[tuple[str, float]], set[int]]:
    """The lines in a table's cells: read quickly (:data:`QUICK_HEIGHT`), and those whose quick
    reading is not sure (:func:`_sure`) read again at the recognizer's own height.

    Why: the recognizer's work is about the pixels it is given, and most of a page's time. At 32 px
    a clear digit or label reads the same as at 48, in a third of the time; what is faint, small
    or odd (a digit at 100 dpi, a speck beside it) loses confidence first, and gets the full read.
    Returns the readings and the indices of the lines read at full height.
    """
    read: list[tuple[str, float]] = [("", 0.0)] * len(boxes)
    wide = [i for i, b in enumerate(boxes) if b[2] - b[0] >= WIDE_LINE * (b[3] - b[1])]
    narrow = sorted(set(range(len(boxes))) - set(wide))
    for group, height in ((narrow, QUICK_HEIGHT), (wide, WIDE_HEIGHT)):
        for i, r in zip(group, _recognize(gray, [boxes[i] for i in group], height), strict=True):
            read[i] = r
    again = [i for i, (text, conf) in enumerate(read) if not _sure(text, conf)]
    for i, r in zip(again, _recognize(gray, [boxes[i] for i in again]), strict=True):
        read[i] = r
    _tight_look(gray, boxes, read)
    return read, set(again)


TIGHT_PAD = 2  # px of paper around a doubtful number's second crop (:func:`_tight_look`)


def _tight_look(gray: Any, boxes: list[tuple[int, int, int, int]], read: list[tuple[str, float]]) -> None:
    """Numbers still under :data:`MIN_CONFIDENCE` after the full-height read are read once more
    from a tight crop (:data:`TIGHT_PAD` px of paper instead of four), at full height; that reading
    replaces the first only when it reads the same text (in place).

    Why: a lone digit of a 150-dpi scan is 17 px high; four pixels of paper above and below are
    a third of its crop, and the recognizer, shown a small character in a wide margin, doubts it
    (a lone "0": 0.55-0.84 with four pixels, 0.96-0.99 with two, the same "0" either way). The
    text never changes here: a tight crop that reads other digits leaves the number doubtful (null).
    """
    doubtful = [i for i, (text, conf) in enumerate(read)
                if text and conf < MIN_CONFIDENCE and classify(_value_text(text)).kind == "num"]
    if not doubtful:
        return
    tight = _read(_crops(gray, [boxes[i] for i in doubtful], TIGHT_PAD))
    for i, (text, conf) in zip(doubtful, tight, strict=True):
        if text == read[i][0] and conf > read[i][1]:
            read[i] = (text, conf)


def _read_prose(gray: Any, boxes: list[tuple[int, int, int, int]]) -> list[tuple[str, float]]:
    """The lines outside tables: long lines of body text quickly (:data:`BODY_HEIGHT`: a page of
    prose read at full height cost more than a table page's cells), and at :data:`PROSE_HEIGHT`
    the lines that name things: short ones (under :data:`SHORT_LINE` heights: headings and table
    captions, which name the tables) and tall ones (:data:`HEADING` times the median height or
    more: the title, which names the report; shrunk to the quick height a bold title loses characters).
    """
    if not boxes:
        return []
    import numpy as np

    size = float(np.median([b[3] - b[1] for b in boxes]))
    # a line cut into pieces (columns, a borderless table's values) is read like a table's cells
    centres = sorted(((b[1] + b[3]) / 2, i) for i, b in enumerate(boxes))
    cut: set[int] = set()
    for (ya, a), (yb, b) in zip(centres, centres[1:], strict=False):
        if yb - ya <= 0.5 * size:
            cut.update((a, b))
    tall = [i for i, (_, top, _, bottom) in enumerate(boxes) if i not in cut and bottom - top >= HEADING * size]
    short = [i for i, (x0, top, x1, bottom) in enumerate(boxes) if i not in cut and i not in tall
             and x1 - x0 < SHORT_LINE * (bottom - top)]
    body = sorted(set(range(len(boxes))) - set(tall) - set(short) - cut)
    read: list[tuple[str, float]] = [("", 0.0)] * len(boxes)
    for group, height in ((body, BODY_HEIGHT), (tall, PROSE_HEIGHT), (short, QUICK_HEIGHT)):
        for i, r in zip(group, _recognize(gray, [boxes[i] for i in group], height), strict=True):
            read[i] = r
    # a short line read quickly with every character sure stands; the rest at full height, and so
    # does a number read under MIN_CONFIDENCE (a value printed one a line: a lone "0" of a 200-dpi
    # scan reads 0.82 at the quick height and 0.97 at full height; held at the quick one it was null)
    again = [i for i in short if read[i][1] < SHORT_SURE or (
        read[i][1] < MIN_CONFIDENCE and classify(_value_text(read[i][0])).kind == "num")]
    for i, r in zip(again, _recognize(gray, [boxes[i] for i in again], PROSE_HEIGHT), strict=True):
        read[i] = r
    _tight_look(gray, boxes, read)
    pieces = sorted(cut)
    for i, r in zip(pieces, _read_cells(gray, [boxes[i] for i in pieces])[0], strict=True):
        read[i] = r
    return read


@dataclass(slots=True)
class _Retake:
    """A printed table cell read quickly, kept so a rule it breaks can have it read at full height:
    its lines (box, crop, reading, read at full height?) and the grid row cells that show it."""

    cell: Box
    lines: list[tuple[tuple[int, int, int, int], Any, tuple[str, float], bool]]
    shown: list[Cell] = field(default_factory=list)
    pointed: bool = False  # its ink shows a decimal point: a reading without one is unreadable


def page_rows(image: Any) -> list[Row]:
    """One page image (PIL) → rows: tables as grid rows with per-cell confidence, prose as lines."""
    rows, retakes = _page(image)
    _settle(rows, retakes)
    return rows


def _settle(rows: list[Row], retakes: dict[int, _Retake]) -> None:
    """The values the rules contradict (:func:`_contradicted`) looked at again before any is held in
    doubt (:func:`doubt`): a quick reading is read at full height (most of its doubt is its small
    input, not the digit), and every such value is read once more from its crop drawn softer
    (:func:`_second_look`). When both looks read the same text, each at least :data:`CONFIRM`
    sure, the value's confidence is that of two independent looks both erring,
    1 - (1 - a)(1 - b): a printed digit read alike twice is kept, and the report's own arithmetic
    error stays visible (the check fails) instead of being nulled as OCR's doubt.
    ``retakes`` maps id() of a row's cell to its printed cell's :class:`_Retake`."""
    todo = {id(t): t for ri, ci, _, _ in _contradicted(rows).values()
            if (t := retakes.get(id(rows[ri].cells[ci]))) is not None}
    if not todo:
        return
    lines = [(t, k) for t in todo.values() for k, line in enumerate(t.lines) if not line[3]]
    for (t, k), r in zip(lines, _read([t.lines[k][1] for t, k in lines]), strict=True):
        box, crop, _, _ = t.lines[k]
        t.lines[k] = (box, crop, r, True)
    every = [(t, k) for t in todo.values() for k in range(len(t.lines))]
    second = dict(zip(((id(t), k) for t, k in every), _read([_second_look(t.lines[k][1]) for t, k in every]),
                      strict=True))
    for t in todo.values():
        _fill(t.cell, [(box, *reading) for box, _, reading, _ in t.lines])
        if t.pointed and "." not in t.cell.text:
            t.cell.text = UNREADABLE
        looks = [(reading, second[id(t), k]) for k, (_, _, reading, _) in enumerate(t.lines)]
        if t.cell.text != UNREADABLE and classify(t.cell.text).kind == "num" and all(
                a[0] == b[0] and min(a[1], b[1]) >= CONFIRM for a, b in looks if a[0] or b[0]):
            t.cell.confidence = min(1 - (1 - a[1]) * (1 - b[1]) for a, b in looks if a[0])
        for c in t.shown:
            _copy(t.cell, c)


def _second_look(crop: Any) -> Any:
    """A line crop drawn a little softer (a light blur, :data:`SECOND_BLUR`): the same digits with
    other pixels: a reading it shares with the crop as it is is not an accident of the JPEG's
    blocks, a speck's edge or the sampling. (Made black and white at its own level instead, a lone
    "0" of a 150-dpi JPEG scan read 0.66 where both these read it 0.98-0.99: too harsh a look.)"""
    import cv2

    return cv2.GaussianBlur(crop, (0, 0), SECOND_BLUR)


def _page(image: Any, turns: int = 0) -> tuple[list[Row], dict[int, _Retake]]:
    """One page image → rows, and the quick readings a rule may have read again (:func:`_settle`).

    A page lying on its side is turned a quarter (:func:`_sideways`) and one upside down a half
    (:func:`_upside_down`) before it is read; ``turns`` counts the turns made (a grey array then).
    """
    import numpy as np

    page = grey(image) if turns == 0 else image
    if int(page.min()) >= _INK:
        return [], {}  # a blank page: nothing to read, and no morphology over millions of white pixels
    gray, _ = upright(flatten(page))
    level = ink_threshold(gray)
    ink = (gray < level).astype(np.uint8) * 255
    found, lines = _line_mask(ink)
    cells = [Box(*c) for c in _table_cells(lines)]
    # A grid broken at the ink level (grey hairlines of a 100-dpi scan) is looked for again among
    # the fainter pixels, and that reading taken only when it encloses clearly more cells (a few
    # and a twentieth): a faint stroke can also split a cell that the ink-level grid had whole.
    faint = _line_mask(ink, (gray < min(230, level + 45)).astype(np.uint8) * 255)
    faint_cells = [Box(*c) for c in _table_cells(faint[1])]
    if len(faint_cells) - len(cells) >= max(3, len(cells) / 20):
        (found, lines), cells = faint, faint_cells
    if turns == 0 and _sideways(cells, ink, lines):
        return _page(np.ascontiguousarray(np.rot90(page)), 1)
    text_ink = (ink > 0) & (lines == 0)
    # Specks are judged on fainter ink too: a thin stroke (the bars of 二 at 100 dpi) may break into
    # dots at the ink level, but stays one piece among the faint pixels, so it is never a speck.
    stray = specks((gray < min(235, level + 50)) & (lines == 0))
    text_ink &= ~stray
    # what the recognizer sees: no ruling line at a crop's edge, no speck beside the text
    gray = gray.copy()
    gray[stray | (found > 0)] = int(np.median(gray[::8, ::8]))
    if _bilevel(page):
        # A black-and-white scan's strokes are staircases; the recognizer learnt from grey edges:
        # a light blur gives them back (a lone "0" of a 1-bit page otherwise reads with doubt)
        import cv2

        gray = cv2.GaussianBlur(gray, (0, 0), BILEVEL_BLUR)
    char = _char_size(text_ink)
    bars, bar_boxes = _text_bars(text_ink, char)
    if bar_boxes:
        text_ink &= ~bars
        gray[bars] = int(np.median(gray[::8, ::8]))
    line_boxes: list[tuple[int, int, int, int]] = []
    owner: list[int] = []  # index of the cell each line box belongs to, -1 outside tables
    outside = text_ink.copy()
    for i, c in enumerate(cells):
        x0, top, x1, bottom = int(c.x0) + 2, int(c.top) + 2, int(c.x1) - 2, int(c.bottom) - 2
        outside[int(c.top):int(c.bottom), int(c.x0):int(c.x1)] = False
        if x1 <= x0 or bottom <= top:
            continue
        for box in _text_lines(text_ink[top:bottom, x0:x1], x0, top, split_gaps=False):
            box = _trimmed(text_ink, box, char)
            if box is None:
                continue  # specks only: nothing printed
            line_boxes.append(box)
            owner.append(i)
    prose, n_lines = _prose_lines(outside, char)
    # dust outside the tables (a speckled margin) makes no line to read: only boxes with a
    # character's ink in them are read, trimmed to it
    trimmed = [(i, t) for i, b in enumerate(prose) if (t := _trimmed(outside, b, char)) is not None
               and max(t[2] - t[0], t[3] - t[1]) >= DUST * char and not _text_rule(t, char)]
    prose, n_lines = [t for _, t in trimmed], sum(i < n_lines for i, _ in trimmed)
    bar_boxes = [b for b in bar_boxes if outside[b[1]:b[3], max(0, b[0] - 2):b[2] + 2].any() or not any(
        c.x0 <= b[0] and b[2] <= c.x1 and c.top <= b[1] and b[3] <= c.bottom for c in cells)]
    prose, n_lines, piped = _cut_at_bars(prose, n_lines, bar_boxes, outside, char)
    read, full = _read_cells(gray, line_boxes)
    prose_read = _read_prose(gray, prose)
    if turns < 2 and not _reads_upright(line_boxes + prose, read + prose_read) and _upside_down(gray, line_boxes + prose):
        return _page(np.ascontiguousarray(np.rot90(page, 2)), 2)
    # the ink's own box matters only for a lone digit (:func:`_digit_shaped`): not measured for longer text
    glyphs = [_glyph(text_ink, b) if len(t.strip()) <= 3 else b for b, (t, _) in zip(line_boxes, read, strict=True)]
    owner = _split_lost_rules(cells, owner, line_boxes, read)
    lines_of: dict[int, list[int]] = {}  # cell index → its line boxes' indices
    for k, i in enumerate(owner):
        lines_of.setdefault(i, []).append(k)
    pointed = {k for k, (t, _) in enumerate(read) if re.fullmatch(r"\d{2,}", t.strip(_STRAY + " "))
               and _point_printed(text_ink, line_boxes[k], char)}
    for i, ks in lines_of.items():
        signed = len(ks) == 1 and bool(re.match(r"[-－+]\d", read[ks[0]][0])) and _minus_bar(text_ink, line_boxes[ks[0]])
        _fill(cells[i], [(glyphs[k], *read[k]) for k in ks], signed)
        if any(k in pointed for k in ks):
            cells[i].text = UNREADABLE  # the ink shows a decimal point the reading lost
        if cells[i].text == "1" and len(ks) == 1 and _slanted(text_ink, glyphs[ks[0]]):
            cells[i].text = UNREADABLE  # a "／" zero mark read as 1
    blocks: list[tuple[float, list[Row]]] = []
    source: dict[int, int] = {}  # id of a grid row's cell → index of the printed cell behind it
    index = {id(c): i for i, c in enumerate(cells)}
    for table in _tables(cells, lines):
        table = _without_cut_labels(table)
        # cells of one row share a top within a third of a row's height: slack for what tilt remains
        tol = max(6.0, 0.3 * sorted(c.bottom - c.top for c in table)[len(table) // 4])
        rows, sources = grid_rows(table, tol=tol)
        for row, src in zip(rows, sources, strict=True):
            for c, box in zip(row.cells, src, strict=True):
                if box is not None:
                    source[id(c)] = index[id(box)]
                    _copy(box, c)
        blocks.append((min(c.top for c in table), rows))
    retakes: dict[int, _Retake] = {}  # numbers read quickly and not sure: their crops (copied) are kept
    kept: dict[int, _Retake] = {}
    for cid, i in source.items():
        cell = cells[i]
        if cell.confidence is None or cell.confidence >= DOUBT or classify(cell.text).kind != "num":
            continue
        if i not in kept:
            ks = lines_of[i]
            crops = _crops(gray, [line_boxes[k] for k in ks])
            kept[i] = _Retake(cell, [(glyphs[k], crop.copy(), read[k], k in full) for k, crop in zip(ks, crops, strict=True)],
                              pointed=any(k in pointed for k in ks) or any("." in read[k][0] for k in ks))
        retakes[cid] = kept[i]
    for row in (r for _, rows in blocks for r in rows):
        for c in row.cells:
            if id(c) in retakes:
                retakes[id(c)].shown.append(c)
    size = float(np.median([b[3] - b[1] for b in prose])) if prose else 0.0
    values = [_prose_value(t, c, _glyph(text_ink, b) if len(t.strip()) <= 3 else b)
              for b, (t, c) in zip(prose, prose_read, strict=True)]
    values = [UNREADABLE if v == "1" and _slanted(text_ink, _glyph(text_ink, b)) else v for b, v in zip(prose, values, strict=True)]
    loose = [Piece(*b, v, c) for b, v, (_, c) in zip(prose, values, prose_read, strict=True)]
    found_rows, used = borderless_rows(loose, size)
    blocks.extend(found_rows)
    headed, more = headed_rows(loose, size, used)
    blocks.extend(headed)
    used |= more
    # the rest as lines of text; a number in them read with doubt is unreadable there too, and so is
    # a number cut out of a line that looked like a table's row but was not placed by its columns
    # (its blanks are lost: placed by count it could slide into a neighbour's column)
    cut = set(range(n_lines, len(prose))) - piped  # a piece between two typed bars is a cell of its own
    pieces = [(float(b[1]), float(b[0]), float(b[2]),
               UNREADABLE if v == UNREADABLE or (i in cut and classify(v).kind == "num") else _caption(t))
              for i, (b, v, (t, _)) in enumerate(zip(prose, values, prose_read, strict=True)) if t and i not in used]
    if piped:  # the typed bars of the lines read between them, as the text reader knows them
        pieces += [(float(b[1]), float(b[0]), float(b[2]), "|") for b in bar_boxes]
    if pieces:
        for top, line in join_lines(pieces, size):
            blocks.append((top, text_rows(line)))
    blocks.sort(key=lambda b: b[0])
    return [r for _, rows in blocks for r in rows], retakes


BAR_WIDTH = 0.2  # characters: a stroke at most this wide ...
BAR_HEIGHT = (0.95, 1.6)  # ... and this tall, standing alone, is a vertical bar typed as text
BAR_ROOM = 0.3  # characters of paper a typed bar has on each side (a radical's stroke has its character)


def _text_bars(text_ink: Any, char: float) -> Any:
    """The vertical bars typed as text (a Markdown table's pipes, box-drawing │), as a mask: pieces
    of ink standing alone, no wider than :data:`BAR_WIDTH` of a character and as tall as one or a
    little more (:data:`BAR_HEIGHT`).

    Why: a report saved as text with its tables drawn in pipes (``| 规章 | 0 | 0 |``), printed and
    scanned, has a bar between every two cells; read, each is a "1", "l" or "|" beside the values,
    and a row's pieces never fit its columns. A digit is no such piece: a "1" is shorter than a
    Chinese character and its flag makes it wider; a character's stroke is part of its piece."""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(text_ink.astype(np.uint8), connectivity=8)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    bar = (w <= BAR_WIDTH * char) & (h >= BAR_HEIGHT[0] * char) & (h <= BAR_HEIGHT[1] * char)
    bar[0] = False
    if not bar.any():
        return np.zeros(text_ink.shape, dtype=bool), []
    boxes = [(int(x), int(y), int(x + bw), int(y + bh)) for x, y, bw, bh in stats[np.flatnonzero(bar), :4]]
    # a typed bar stands apart (a space each side); a character's stroke (亻 of 信, 刂 of 到) has
    # the rest of its character beside it
    gap = max(2, int(BAR_ROOM * char))
    boxes = [b for b in boxes if not text_ink[b[1]:b[3], max(0, b[0] - gap):b[0]].any()
             and not text_ink[b[1]:b[3], b[2]:b[2] + gap].any()]
    if not boxes:
        return np.zeros(text_ink.shape, dtype=bool), []
    # only on a page drawn as a typed table: three lines or more whose first and last ink are bars,
    # three bars or more each (| 规章 | 0 |); then every line with two bars or more (a row wrapped
    # past the page's edge ends or starts without one). A row of narrow "1"s after a label, or a
    # lone "1", is never such a line
    framed: list[tuple[int, int, int, int]] = []
    lined: list[tuple[int, int, int, int]] = []
    rows_framed: set[int] = set()
    for b in boxes:
        yc = (b[1] + b[3]) // 2
        on = [o for o in boxes if o[1] <= yc <= o[3]]
        if len(on) >= PIPED - 1:
            lined.append(b)
        if len(on) < PIPED:
            continue
        cols = np.flatnonzero(text_ink[yc - 1:yc + 2].any(axis=0))
        if len(cols) and min(o[0] for o in on) <= cols[0] and max(o[2] for o in on) >= cols[-1] + 1:
            framed.append(b)
            rows_framed.add(min(o[1] for o in on) // max(1, int(char)))
    keep = lined if len(rows_framed) >= PIPED else []
    if not keep:
        return np.zeros(text_ink.shape, dtype=bool), []
    chosen = np.zeros(n, dtype=bool)
    chosen[[int(labels[(b[1] + b[3]) // 2, next(x for x in range(b[0], b[2]) if labels[(b[1] + b[3]) // 2, x])])
            for b in keep]] = True
    return chosen[labels], keep


PIPED = 3  # typed bars a line has at least to be read as cells between them (| a | b |)


def _cut_at_bars(boxes: list[tuple[int, int, int, int]], n_lines: int, bars: list[tuple[int, int, int, int]],
                 ink: Any, char: float) -> tuple[list[tuple[int, int, int, int]], int, set[int]]:
    """Lines of text outside tables cut at the typed bars standing in them (:func:`_text_bars`),
    when a line has :data:`PIPED` or more: each part trimmed to its ink. Returns the boxes (whole
    lines first, as before), how many are whole lines, and the indices of the boxes on such lines.

    Why: with the bars taken out of the ink, a Markdown row ``| 规章 | 0 | 0 |`` is one line of
    text "规章00"; cut at its bars each cell is read on its own and the bars are given back as
    "|" (the text reader reads pipe tables), so no cell runs into its neighbour."""
    if not bars:
        return boxes, n_lines, set()
    whole: list[tuple[int, int, int, int]] = []
    parts: list[tuple[int, int, int, int]] = []
    piped_whole: set[int] = set()
    piped_parts: set[int] = set()
    for i, b in enumerate(boxes):
        yc = (b[1] + b[3]) / 2
        on = [x for x in bars if x[1] <= yc <= x[3]]
        out = whole if i < n_lines else parts
        mark = piped_whole if i < n_lines else piped_parts
        if len(on) < PIPED and not (i >= n_lines and on):
            out.append(b)
            continue
        xs = sorted((x[0] + x[2]) // 2 for x in on if b[0] < (x[0] + x[2]) / 2 < b[2])
        edges = [b[0], *xs, b[2]]
        for a, z in zip(edges, edges[1:], strict=False):
            t = _trimmed(ink, (a, b[1], z, b[3]), char) if z - a >= 3 else None
            if t is not None:
                mark.add(len(out))
                out.append(t)
    return whole + parts, len(whole), piped_whole | {len(whole) + k for k in piped_parts}


def _text_rule(box: tuple[int, int, int, int], char: float) -> bool:
    """Whether a line of text outside tables is a rule typed as text (a Markdown table's
    ``|----|----|`` line, a row of dashes): ink lower than a third of a character and wider than
    one. A zero mark (一, —) is about one character wide: it stays."""
    x0, top, x1, bottom = box
    return bottom - top <= 0.35 * char and x1 - x0 >= 1.2 * char


def _without_cut_labels(table: list[Box]) -> list[Box]:
    """A table's cells without the empty merged cells along its top or bottom edge: the group
    labels of a table cut by a page break (三、本年度办理结果 printed on the page before), closed
    along the cut by :func:`_close_split`. Empty, they would stand before every row as a blank
    label the form reader cannot place; the rows read as they do without them.
    """
    import numpy as np

    if len(table) < 4:
        return table
    top, bottom = min(c.top for c in table), max(c.bottom for c in table)
    row = float(np.median([c.bottom - c.top for c in table]))
    return [c for c in table if c.text or not (c.top - top <= 3 or bottom - c.bottom <= 3) or c.bottom - c.top < 1.8 * row]


def _split_lost_rules(cells: list[Box], owner: list[int], boxes: list[tuple[int, int, int, int]],
                      read: list[tuple[str, float]]) -> list[int]:
    """Value cells that run over two or more rows of their neighbours because the rule between
    them was lost (faint, broken by the scan) cut back into those rows, each number into the row
    it is printed in; returns the line boxes' owners (new cells appended to ``cells``).

    Why: such a cell was read as one merged cell, its number given to its first row (a 5 printed
    in the second row read as the first's, the second's left inherited), or, holding a number on
    each line ("0" over "0"), unreadable as a whole. The neighbours' rows say where the lost rule
    ran. A cell is cut only when each of its numbers lies wholly within one of those rows, one a
    row at most: a number centred over two rows (a merged cell as printed) is never moved.
    """
    lines: dict[int, list[int]] = {}
    for k, i in enumerate(owner):
        lines.setdefault(i, []).append(k)
    owner = list(owner)
    # the rows are those of neighbouring value cells (a number in them): a label cut into cells
    # line by line (rules under a wrapped label's lines) says nothing about the values' rows
    valued = [cells[i] for i, ks in lines.items() if any(classify(read[k][0]).kind == "num" for k in ks)]
    for i, ks in lines.items():
        if not all(classify(read[k][0]).kind == "num" for k in ks):
            continue
        c = cells[i]
        margin = 0.25 * min(boxes[k][3] - boxes[k][1] for k in ks)
        cuts = sorted({o.top for o in valued if o is not c and (o.x1 <= c.x0 + 12 or o.x0 >= c.x1 - 12)
                       and c.top + margin < o.top < c.bottom - margin and o.bottom > c.top and o.top < c.bottom})
        if not cuts:
            continue
        # near-equal tops (a row's cells, a little tilt left) are one cut
        merged: list[float] = []
        for t in cuts:
            if not merged or t - merged[-1] > 2 * margin:
                merged.append(t)
        edges = [c.top, *merged, c.bottom]
        band = [next((j for j in range(len(edges) - 1)
                      if edges[j] - margin <= boxes[k][1] and boxes[k][3] <= edges[j + 1] + margin), -1) for k in ks]
        if -1 in band or len(set(band)) != len(band):
            continue  # a number across a cut, or two in one row: not cut
        for j in range(1, len(edges) - 1):
            cells.append(Box(c.x0, edges[j], c.x1, edges[j + 1]))
            for k, b in zip(ks, band, strict=True):
                if b == j:
                    owner[k] = len(cells) - 1
        c.bottom = edges[1]
    return owner


def _sideways(cells: list[Box], ink: Any, lines: Any) -> bool:
    """Whether a page lies on its side (a landscape table scanned turned, a sheet fed sideways).

    A form's table cells are wider than tall (labels run across, numbers sit in wide columns):
    cells mostly much taller than wide are a table turned a quarter. A page without a table is
    judged by its text lines (:func:`parsers.scan_image.lines_run_across`). Both bars are set
    where no upright page of the seen scans came near (their cells' median width is 0.85 of their
    height or more, their text runs across 0.9 or more); a turned page nearer than that is read as
    it is (measured: about half of the turned pages of new test scans are caught).
    """
    import numpy as np

    if len(cells) >= 12:
        if float(np.median([(c.x1 - c.x0) / max(1.0, c.bottom - c.top) for c in cells])) >= TALL_CELLS:
            return False
        # and the text in its cells does not run across: a table continued from the page before,
        # its value columns narrow and its rows tall with wrapped labels, has tall cells too, but
        # its labels are lines of text much wider than high (turned, each character is a line)
        text_ink = (ink > 0) & (lines == 0)
        across = down = 0
        for c in cells:
            for x0, top, x1, bottom in _text_lines(text_ink[int(c.top):int(c.bottom), int(c.x0):int(c.x1)], 0, 0,
                                                   split_gaps=False):
                across += x1 - x0 >= 3 * (bottom - top)
                down += bottom - top >= 3 * (x1 - x0)
        return across <= down
    text = np.where((ink > 0) & (lines == 0), 0, 255).astype(np.uint8)
    return lines_run_across(text) < SIDEWAYS


def _longest(boxes: list[tuple[int, int, int, int]]) -> list[int]:
    """Indices of the page's :data:`FLIP_LINES` longest lines of text (three heights long or more)."""
    long = [i for i, b in enumerate(boxes) if 3 * (b[3] - b[1]) <= b[2] - b[0]]
    return sorted(long, key=lambda i: boxes[i][2] - boxes[i][0], reverse=True)[:FLIP_LINES]


def _reads_upright(boxes: list[tuple[int, int, int, int]], read: list[tuple[str, float]]) -> bool:
    """Whether the page's readings already show it upright: its longest lines read as they are with
    an average confidence no turned reading could beat by :data:`FLIP_MARGIN` (so
    :func:`_upside_down` need not read them turned: the same answer, without its work)."""
    lines = _longest(boxes)
    return bool(lines) and sum(read[i][1] for i in lines) / len(lines) >= 1.0 - FLIP_MARGIN


def _upside_down(gray: Any, boxes: list[tuple[int, int, int, int]]) -> bool:
    """Whether a page is upside down: a few of its longest text lines read clearly better turned
    a half than as they are (the recognizer's confidence in their least sure character, on
    average). A page with no such line is taken as it is."""
    lines = [boxes[i] for i in _longest(boxes)]
    if not lines:
        return False
    crops = [c[:, :FLIP_WIDTH * c.shape[0]] for c in _crops(gray, lines)]
    read = _read(crops + [c[::-1, ::-1] for c in crops], BODY_HEIGHT)
    upright = sum(conf for _, conf in read[:len(crops)]) / len(crops)
    flipped = sum(conf for _, conf in read[len(crops):]) / len(crops)
    return flipped > upright + FLIP_MARGIN


def _bilevel(page: Any) -> bool:
    """Whether a page image is black and white only (a 1-bit scan): almost no grey levels between."""
    sample = page[::4, ::4]
    return float(((sample > 40) & (sample < 215)).mean()) < 0.002


def _fill(cell: Box, parts: list[tuple[tuple[int, int, int, int], str, float]], signed: bool = False) -> None:
    """A printed cell's text and confidence (its least sure line's) from the readings of its lines;
    ``signed``: its one line starts with a minus bar (:func:`_minus_bar`)."""
    text = _value_text("".join(t for _, t, _ in sorted(parts, key=lambda p: (p[0][1], p[0][0]))).strip())
    confidence = min(s for _, t, s in parts if t) if any(t for _, t, _ in parts) else 0.0
    cell.text, cell.confidence = _value_cell(text, confidence, signed and len(parts) == 1), confidence
    if sum(classify(t).kind == "num" for _, t, _ in parts if t) > 1:
        # a number on each of two lines: two rows' cells merged where a faint rule between them was
        # lost ("1" over "0" read 10), or a number wrapped: which it is cannot be told
        cell.text = UNREADABLE
    if len(parts) == 1 and len(text) == 1 and text.isdigit() and not _digit_shaped(parts[0][0]):
        cell.text = UNREADABLE  # a "／" or "—" zero mark the recognizer took for a 7 or a 1
    if parts and not text:
        cell.text = UNREADABLE  # ink the recognizer read as nothing (a faint 1): never a printed blank
    if len(parts) == 1 and not _room_for_digits(parts[0][0], text):
        cell.text = UNREADABLE  # more digits than the ink holds: "9" read 2507, "12" read 1212


DIGIT_WIDTH = 0.55  # of a digit's height: the least a digit adds to a number's width (seen: 0.6-0.8)


def _room_for_digits(box: tuple[int, int, int, int], text: str) -> bool:
    """Whether a line's ink is wide enough for the digits read from it: each digit after the
    first adds at least :data:`DIGIT_WIDTH` of the line's height (the first may be a narrow 1).

    Why: a recognizer given a blurred or 1-bit digit sometimes repeats it or invents a few (a 9
    read 2507, a 12 read 1212), with confidence; the ink's width says how many digits there can be.
    """
    digits = sum(c.isdigit() for c in text)
    x0, top, x1, bottom = box
    return digits < 2 or x1 - x0 >= ((digits - 1) * DIGIT_WIDTH + 0.2) * (bottom - top)


def _copy(box: Box, cell: Cell) -> None:
    """A grid row's cell given its printed cell's reading (a confidence only for a number)."""
    cell.text = box.text
    cell.confidence = box.confidence if box.confidence is not None and classify(box.text).kind == "num" else None


def _tables(cells: list[Box], lines: Any | None = None) -> list[list[Box]]:
    """Cells grouped into tables: the cells enclosed by one connected set of ruling lines (given
    ``lines``, the mask :func:`_table_cells` read them from), else cells that touch (share a rule).

    Why by the lines: a double rule closed into one is wider than any fixed gap between two cells."""
    if lines is not None:
        import cv2

        _, comp = cv2.connectedComponents(lines, connectivity=8)
        h, w = comp.shape
        by: dict[int, list[Box]] = {}
        for cell in sorted(cells, key=lambda c: (c.top, c.x0)):
            xc, yc = min(w - 1, int((cell.x0 + cell.x1) / 2)), min(h - 1, int((cell.top + cell.bottom) / 2))
            # the rule just outside any of its sides (a side along a page break's cut has none)
            sides = [(max(0, int(cell.top) - 1), xc), (min(h - 1, int(cell.bottom)), xc),
                     (yc, max(0, int(cell.x0) - 1)), (yc, min(w - 1, int(cell.x1)))]
            label = next((int(comp[y, x]) for y, x in sides if comp[y, x]), -id(cell))
            by.setdefault(label, []).append(cell)
        return list(by.values())
    groups: list[list[Box]] = []
    for cell in sorted(cells, key=lambda c: (c.top, c.x0)):
        for g in groups:
            if any(cell.x0 <= o.x1 + 8 and o.x0 <= cell.x1 + 8 and cell.top <= o.bottom + 8 and o.top <= cell.bottom + 8
                   for o in g):
                g.append(cell)
                break
        else:
            groups.append([cell])
    return groups


def ocr_pdf_pages(data: bytes, pages: list[int], warnings: list[str] | None = None) -> list[list[Row]]:
    """Rows of the given PDF pages (0-based), rendered with pdfium and read by OCR.

    A page that is no page of text (a side a few pixels long once rendered, a 1e8-point strip) and
    pages past the document's pixel budget are not read: their rows are empty, with a warning.
    """
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise UnreadableDocument("a scanned PDF needs pypdfium2: pip install pypdfium2") from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises PdfiumError on a broken file
        raise UnreadableDocument(f"broken PDF: {exc}") from exc
    notes = warnings if warnings is not None else []
    out: list[list[Row]] = []
    retakes: dict[int, _Retake] = {}
    budget = OCR_TOTAL_PIXELS
    try:
        for i, n in enumerate(pages, 1):
            progress.info("OCR page %d of %d (page %d of the PDF)", i, len(pages), n + 1)
            page = pdf[n]
            try:
                w, h = page.get_size()
                scale = page_scale(w, h, _render_dpi(page, w, h))
                if scale is None:
                    notes.append(f"PDF page {n + 1} ({w:g} × {h:g} pt) is not a page of text; not read by OCR")
                    out.append([])
                    continue
                pixels = int(w * scale) * int(h * scale)
                if pixels > budget:
                    notes.append(f"PDF page {n + 1} not read by OCR: the document's {OCR_TOTAL_PIXELS} pixel "
                                 "budget is spent")
                    out.append([])
                    continue
                budget -= pixels
                rows, more = _page(page.render(scale=scale).to_pil())
                out.append(rows)
                retakes.update(more)
            finally:
                page.close()
    finally:
        pdf.close()
    _settle([r for rows in out for r in rows], retakes)  # a table's rules may span pages
    return out


def _render_dpi(page: Any, width: float, height: float) -> float:
    """The dpi to render a PDF page at for OCR: a page that is one scanned image (covering most of
    the page), at that image's own dpi within [:data:`SCAN_MIN_DPI`, :data:`RENDER_DPI`]; any other
    page (vector text whose font has no Unicode map) at :data:`RENDER_DPI`.

    Why: a 150-dpi scan rendered at 216 dpi has twice its own pixels and no more detail; every step
    before the recognizer (levelling, grid, specks) works on each pixel, and the recognizer scales
    each line to its own height anyway. Below 150 dpi the page is enlarged: a 100-dpi hairline or a
    thin stroke then stays one piece through the grid and speck steps.
    """
    import pypdfium2.raw as pdfium_c

    best = 0.0
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            if (right - left) * (top - bottom) < 0.5 * width * height or right <= left:
                continue
            px_w, _ = obj.get_px_size()
            best = max(best, px_w / ((right - left) / 72))
    except Exception:  # a broken image object: render as any page
        return RENDER_DPI
    return RENDER_DPI if best <= 0 else min(RENDER_DPI, max(SCAN_MIN_DPI, best))


def read_image(data: bytes, content_type: str | None = None, url: str | None = None) -> Document:
    """A picture of a report (one image, or a multi-page TIFF): every frame read by OCR, within limits.

    An image or frame over :data:`MAX_PIXELS` is refused before it is decoded (Pillow only warns
    below twice its own limit); at most :data:`~parsers.limits.OCR_PAGES` frames are read.
    """
    try:
        from PIL import Image, ImageSequence
    except ImportError as exc:  # pragma: no cover - installed with the OCR engine
        raise UnreadableDocument(f"an image needs OCR: {INSTALL_HINT}") from exc
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    rows: list[Row] = []
    retakes: dict[int, _Retake] = {}
    frames = 0
    notes: list[str] = []
    budget = OCR_TOTAL_PIXELS
    try:
        with warnings_module.catch_warnings():  # Pillow only warns between its limit and twice it
            warnings_module.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            for frame in ImageSequence.Iterator(img):
                w, h = frame.size
                if w * h > MAX_PIXELS:
                    raise UnreadableDocument(f"the image is {w} × {h} pixels (limit {MAX_PIXELS}); not a report page")
                if frames >= OCR_PAGES:
                    notes.append(f"the image has more than {OCR_PAGES} frames; only the first {OCR_PAGES} are read")
                    break
                if w * h > budget:
                    notes.append(f"image frames after {frames} not read: the {OCR_TOTAL_PIXELS} pixel budget is spent")
                    break
                budget -= w * h
                frames += 1
                progress.info("OCR image frame %d", frames)
                more_rows, more = _page(frame.copy())
                rows.extend(more_rows)
                retakes.update(more)
    except UnreadableDocument:
        raise
    except Image.UnidentifiedImageError as exc:  # its message names the BytesIO object, not the file
        raise UnreadableDocument("unreadable image: its bytes start like an image, but no image reader here "
                                 "(PNG, JPEG, GIF, BMP, TIFF, WebP) can decode them") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableDocument(f"the image has more than {MAX_PIXELS} pixels; not a report page") from exc
    except (OSError, ValueError, EOFError, SyntaxError) as exc:
        raise UnreadableDocument(f"broken image: {type(exc).__name__}: {str(exc)[:200]}") from exc
    if not frames:
        raise UnreadableDocument("the image has no frame to read")
    _settle(rows, retakes)
    text = "\n".join("\t".join(c.text for c in r.cells if not c.inherited) for r in rows)
    doc = Document(rows=rows, text=text, page_text=text, warnings=notes)
    mark_ocr(doc, f"{frames} image(s)")
    return doc


def mark_ocr(doc: Document, where: str) -> None:
    """Flag a document read (partly) by OCR, null the doubtful values the rules contradict, and
    trace each value's confidence to its form cell."""
    doc.ocr = True
    doc.warnings.append(f"read by OCR ({where}): a value read with confidence below {MIN_CONFIDENCE} is null")
    doc.held_null = doubt(doc.rows)
    doc.warnings.extend(doc.held_null.values())
    doc.confidence = cell_confidence(doc.rows)


def _placed(rows: list[Row]) -> dict[str, tuple[Any, tuple[int, int] | None, float]]:
    """Cell id → (value token, (row, cell) of the printed cell behind it if OCR'd, its confidence).

    Runs the form reader on a copy of the rows whose OCR'd numbers are replaced by unique markers,
    so the reader's own placement says which printed cell became which form cell.
    """
    from .form_reader import FormReader

    where: list[tuple[int, int, float]] = []
    marked: list[Row] = []
    for ri, row in enumerate(rows):
        cells = []
        for ci, c in enumerate(row.cells):
            if c.confidence is not None and not c.inherited and classify(c.text).kind == "num":
                cells.append(Cell(str(_MARK + len(where))))
                where.append((ri, ci, c.confidence))
            else:
                cells.append(Cell(c.text, c.inherited))
        marked.append(Row(cells, row.kind))
    out: dict[str, tuple[Any, tuple[int, int] | None, float]] = {}
    for vr in FormReader().read(marked).rows:
        if not vr.exact or vr.row == "*":
            continue
        for col, tok in zip(vr.cols, vr.tokens, strict=False):
            cell_id = f"{vr.table}/{vr.row}/{col}"
            if tok.kind == "num" and isinstance(tok.value, int) and _MARK <= tok.value < _MARK + len(where):
                ri, ci, conf = where[tok.value - _MARK]
                out[cell_id] = (classify(rows[ri].cells[ci].text), (ri, ci), conf)
            else:
                out[cell_id] = (tok, None, 1.0)
    return out


def cell_confidence(rows: list[Row]) -> dict[str, float]:
    """Cell id → OCR confidence of the value the form reader takes from each OCR'd cell."""
    return {cell_id: round(conf, 4) for cell_id, (_, at, conf) in _placed(rows).items() if at is not None}


def doubt(rows: list[Row]) -> dict[str, str]:
    """Null the OCR'd values that an accounting rule contradicts and the recognizer doubts; warnings.

    A rule that fails on OCR'd numbers means a digit was misread or the report is wrong. If some of
    the rule's values were read with less than :data:`DOUBT` confidence, the misreading is the
    likely story: those values become unreadable (null) and stay null: the rules never fill them
    back (:attr:`parsers.rows.Document.held_null`), since the rule broken may be the report's own
    error, and a value made to fit it would change a printed digit. Values read with certainty are
    kept, so a real arithmetic error of the report stays visible. Returns cell id → warning.
    """
    notes: dict[str, str] = {}
    for cell_id, (ri, ci, conf, why) in _contradicted(rows).items():
        text = rows[ri].cells[ci].text
        rows[ri].cells[ci].text = UNREADABLE
        notes[cell_id] = f"{cell_id}: OCR read {text!r} with confidence {conf:.2f} and {why}; null"
    return notes


def _contradicted(rows: list[Row]) -> dict[str, tuple[int, int, float, str]]:
    """OCR'd values an accounting rule contradicts and the recognizer doubts (under :data:`DOUBT`):
    cell id → (row, cell) of the printed cell, its confidence, the rule broken."""
    from .rules import BLANK, equations

    placed = _placed(rows)
    values: dict[str, Any] = {}
    for cell_id, (tok, _, _) in placed.items():
        if tok.kind == "num":
            values[cell_id] = tok.value
        elif tok.kind == "blank" and not tok.text.startswith("?"):
            values[cell_id] = BLANK
    # A row that prints numbers but leaves its total cell empty may be a short row (a zero left
    # out, as in real reports): the positional reading is not what it means, and the form reader
    # places it by the rules afterwards. Its rules say nothing about OCR's doubts yet.
    short = {c.rsplit("/", 1)[0] for c in values if c.endswith("/total") and values[c] == BLANK
             and any(k.rsplit("/", 1)[0] == c.rsplit("/", 1)[0] and v != BLANK for k, v in values.items())}
    eqs = {(e.rule, e.scope, e.cells): e for v in ("2021", "2019") for e in equations(v)}.values()
    out: dict[str, tuple[int, int, float, str]] = {}
    for eq in eqs:
        if not all(c in values for c in eq.cells) or any(c.rsplit("/", 1)[0] in short for c in eq.cells):
            continue
        lhs = sum(0 if values[c] == BLANK else values[c] for c in eq.lhs)
        rhs = sum(0 if values[c] == BLANK else values[c] for c in eq.rhs)
        if abs(lhs - rhs) < 1e-6:
            continue
        for c in eq.cells:
            at, conf = placed[c][1], placed[c][2]
            if at is not None and conf < DOUBT and c not in out:
                out[c] = (at[0], at[1], conf, f"{eq.rule} {eq.scope} fails ({lhs:g} ≠ {rhs:g})")
    return out
