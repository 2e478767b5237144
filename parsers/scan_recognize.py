"""Line images → text, with the recognizer's confidence in each character (PP-OCRv4 via RapidOCR).

Why not the engine's own score: RapidOCR returns the *mean* probability of a line's characters,
so one doubtful digit in "4119" hides behind three sure ones. A number is only as good as its
worst digit, so each character keeps its own probability (the CTC step that emitted it) and a
reading's confidence is the smallest of them.

The engine is RapidOCR on ONNX Runtime (Apache-2.0) with the PP-OCRv4 Chinese models that ship
inside the ``rapidocr-onnxruntime`` wheel: nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Any

from .rows import UnreadableDocument

INSTALL_HINT = "pip install rapidocr-onnxruntime"
REC_HEIGHT = 48  # the recognizer's input height (the height the model was trained at)
MIN_WIDTH = 2.0  # narrower crops are padded to this many heights (a lone "0" padded less loses confidence)
BATCH = 1  # crops a call at most: on one thread a bigger batch is no faster a pixel, and padding is waste
BATCH_SPREAD = 1.25  # a crop joins a batch only if no wider than this × the batch's narrowest (padding is work)
MAX_WIDTH = 24.0  # a longer line (in heights) is read in pieces cut at blank columns
_lock = threading.Lock()
_engine: Any = None


# The characters of a printed number.
NUMERIC = "0123456789.,-+%"


@dataclass(slots=True)
class Reading:
    """One line's text, each character's probability, and the smallest of them (0.0 for no text).

    A character of :data:`NUMERIC` carries its probability once the letters that only look like
    digits (:data:`LOOKALIKE`) are set aside: in "0" read with 0.83 beside "O" 0.15, the question
    a value cell asks (which digit, or none, or a printed mark like "／") is answered with 0.98.
    Every other rival stays in the count: a "／" zero mark read "7" 0.4 beside "/" 0.3 stays doubtful.
    """

    text: str
    chars: list[float] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return min(self.chars) if self.chars else 0.0


def engine() -> Any:
    """The shared recognizer (one per process), built on first use."""
    global _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise UnreadableDocument(f"a scanned document needs OCR: {INSTALL_HINT}") from exc
            except OSError as exc:  # a missing shared library of OpenCV or ONNX Runtime
                raise UnreadableDocument(f"the OCR engine cannot load: {exc}") from exc
            # Pages are upright: no angle classifier (it turns a lone 6 into a 9).
            # A worker of the parse pool runs one engine per core: it says how many threads (see
            # crawler.parse_pool); alone, ONNX Runtime takes every core.
            threads = int(os.environ.get("NIANBAO_OCR_THREADS") or -1)
            _engine = RapidOCR(use_cls=False, rec_batch_num=BATCH, intra_op_num_threads=threads,
                               inter_op_num_threads=1 if threads > 0 else -1)
        return _engine


def _normalized(crop: Any, width: int, height: int) -> Any:
    """A grey crop as the recognizer's input: ``height`` px high, aspect kept, padded to ``width``."""
    import cv2
    import numpy as np

    h, w = crop.shape[:2]
    new_w = max(1, min(width, int(np.ceil(height * w / max(h, 1)))))
    resized = cv2.resize(crop, (new_w, height), interpolation=cv2.INTER_LINEAR if h < height
                         else cv2.INTER_AREA).astype(np.float32)
    out = np.zeros((3, height, width), dtype=np.float32)
    out[:, :, :new_w] = (resized / 127.5 - 1.0)[None, :, :]
    return out


def _pieces(crop: Any) -> list[Any]:
    """A long line crop cut into pieces of at most :data:`MAX_WIDTH` heights, each cut at the
    blankest column of the piece's last third (between two characters, never through one).

    Why: a full prose line is 30+ heights long; one such crop in a batch pads every other crop of
    the batch to its width, and the work of a call grows with the padded width.
    """
    import numpy as np

    h, w = crop.shape[:2]
    limit = int(MAX_WIDTH * h)
    if w <= limit:
        return [crop]
    ink = (crop < 160).sum(axis=0)
    out: list[Any] = []
    start = 0
    while w - start > limit:
        lo = start + 2 * limit // 3
        window = ink[lo:start + limit]
        blank = np.flatnonzero(window == window.min())  # no ink, or the least there is
        runs = np.split(blank, np.flatnonzero(np.diff(blank) > 1) + 1)
        run = max(runs, key=len)  # the middle of the widest such run: a gap between characters
        cut = lo + int(run[len(run) // 2])
        out.append(crop[:, start:cut])
        start = cut
    out.append(crop[:, start:])
    return out


# Letters the recognizer offers for a digit it is unsure of ("l" for 1, "O" for 0): no value prints them.
LOOKALIKE = "lI|iíOoDQSsBZzgq"


def _numeric_decode(probs: Any, characters: list[str], numeric: list[int], lookalike: list[int]) -> Reading:
    """The best path among the blank and the numeric characters only, each character's share of
    that probability its confidence: how a line of digits-and-look-alikes ("l2", "1O") reads as a number."""
    sub = probs[:, numeric]
    idx = sub.argmax(axis=1)
    share = sub.max(axis=1) / (1.0 - probs[:, lookalike].sum(axis=1)).clip(min=1e-9)
    text: list[str] = []
    steps: list[list[float]] = []
    prev = -1
    for t, k in enumerate(idx.tolist()):
        if k != 0:
            if k != prev:
                text.append(characters[numeric[k]])
                steps.append([])
            steps[-1].append(float(share[t]))
        prev = k
    return Reading("".join(text), [sum(s) / len(s) for s in steps])


def _numeric_index(characters: list[str]) -> list[int]:
    """Indices of the blank and the :data:`NUMERIC` characters in the recognizer's alphabet."""
    return [0, *(i for i, c in enumerate(characters) if c in NUMERIC)]


def _decode(probs: Any, characters: list[str], lookalike: list[int]) -> Reading:
    """CTC best path of one line: repeated steps merged, blanks dropped, each character's probability kept."""
    idx = probs.argmax(axis=1)
    best = probs.max(axis=1)
    text: list[str] = []
    steps: list[list[float]] = []
    prev = -1
    for t, k in enumerate(idx.tolist()):
        if k != 0:
            p = float(best[t])
            if characters[k] in NUMERIC:
                p = min(1.0, p / max(1.0 - float(probs[t, lookalike].sum()), 1e-9))
            if k != prev:
                text.append(characters[k])
                steps.append([])
            steps[-1].append(p)
        prev = k
    # a character held over several steps is as sure as those steps are on average
    return Reading("".join(text), [sum(s) / len(s) for s in steps])


def _joined(readings: list[Reading]) -> Reading:
    """The pieces of one line read back as one line."""
    if len(readings) == 1:
        return readings[0]
    return Reading("".join(r.text for r in readings), [p for r in readings for p in r.chars])


def recognize(crops: list[Any], height: int | None = None) -> list[Reading]:
    """Readings of grey line crops (any height), in order, each scaled to ``height`` px.

    Long lines are read in pieces (:func:`_pieces`); crops of about the same width share a call,
    sorted by width, so little of a call is padding. The work of a call is about the pixels it is
    given: a lower ``height`` (32 instead of 48) reads plain prose in less than half the time.
    """
    import numpy as np

    if not crops:
        return []
    height = height or REC_HEIGHT
    rec = engine().text_rec
    characters: list[str] = rec.postprocess_op.character
    numeric = _numeric_index(characters)
    lookalike = [i for i, c in enumerate(characters) if c in LOOKALIKE]
    pieces: list[Any] = []
    owner: list[int] = []
    for k, crop in enumerate(crops):
        for piece in _pieces(crop):
            pieces.append(piece)
            owner.append(k)
    ratios = [max(MIN_WIDTH, c.shape[1] / max(c.shape[0], 1)) for c in pieces]
    order = [int(i) for i in np.argsort(ratios, kind="stable")]
    read: list[Reading] = [Reading("")] * len(pieces)
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and end - start < BATCH and ratios[order[end]] <= BATCH_SPREAD * ratios[order[start]]:
            end += 1
        part = order[start:end]
        start = end
        width = int(np.ceil(height * max(ratios[i] for i in part)))
        batch = np.stack([_normalized(pieces[i], width, height) for i in part])
        probs = rec.session(batch)[0]
        for j, i in enumerate(part):
            r = _decode(probs[j], characters, lookalike)
            if r.text and any(c in LOOKALIKE for c in r.text) and all(c in NUMERIC or c in LOOKALIKE for c in r.text):
                r = _numeric_decode(probs[j], characters, numeric, lookalike)
            read[i] = r
    out: list[list[Reading]] = [[] for _ in crops]
    for k, r in zip(owner, read, strict=True):
        out[k].append(r)
    return [_joined(rs) for rs in out]
