"""Text normalization for labels and numbers as real reports print them.

Full-width digits and punctuation become ASCII, whitespace inside labels goes (Chinese labels
wrap anywhere), numbering marks (1、 1. 1． (一) （一)) are recognized, and a cell's text becomes
a number, a blank (published as "", -, —, /, 无: null, never 0) or text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Full-width ASCII range → half-width, plus the ideographic space and common dashes.
_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None,
                   0xFEFF: None, 0x3001: ord("、"), 0x2236: ord(":"), 0xFF0E: ord(".")})
# minus signs as typeset (−7 in the 2019 form's 本年增/减): the minus sign, the small hyphen-minus and
# the en dash Word makes of a typed hyphen; alone each is still a printed blank (-)
_FULLWIDTH.update({0x2212: ord("-"), 0xFE63: ord("-"), 0x2013: ord("-")})
# Radical glyphs for ideographs: a PDF whose font maps a glyph to the radical's code point (Chromium
# prints, some Word fonts) gives "⾏政复议" for 行政复议. Kangxi radicals map by NFKC; the supplement's
# simplified forms have no decomposition and are listed by hand.
_FULLWIDTH.update({cp: ord(unicodedata.normalize("NFKC", chr(cp))) for cp in range(0x2F00, 0x2FD6)})
_FULLWIDTH.update({ord(k): ord(v) for k, v in zip("⺠⻓⻔⻅⻋⻉⻚⻛⻜⻢⻥⻦⻰⻬⻮⻘⻝⻩⻨⺟⻈⻠⻊⻌⻍⻆⻄⻙⻤",
                                                   "民长门见车贝页风飞马鱼鸟龙齐齿青食黄麦母讠饣足辶辶角西韦鬼", strict=True)})
_WS = re.compile(r"\s+")


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII (０１２ → 012, （一） → (一))."""
    return text.translate(_FULLWIDTH)


# Only short strings are cached: the form's labels, cell texts and titles repeat in every report
# (96% hits while parsing; a hit costs a tenth of a miss), while a page's whole text never repeats
# and, cached, stayed alive for 8192 calls (issue 13: peak RSS growing with the number of sites).
SQUEEZE_CACHED_CHARS = 100


def squeeze(text: str) -> str:
    """Half-width text with every space removed: labels and titles wrap and pad anywhere."""
    if len(text) <= SQUEEZE_CACHED_CHARS:
        return _squeeze_short(text)
    return _WS.sub("", halfwidth(text))


@lru_cache(maxsize=8192)
def _squeeze_short(text: str) -> str:
    return _WS.sub("", halfwidth(text))


# Numbering marks at the start of a label: 一、 (一) 1. 1、 1． (1) ①
_CN_NUM = "一二三四五六七八九十"
_NUMBERING = re.compile(
    rf"^(?:[{_CN_NUM}]+[、.,]|\([{_CN_NUM}]+\)|[(]?\d{{1,2}}[)]|\d{{1,2}}[、.,](?!\d)|[①②③④⑤⑥⑦⑧⑨])"
)


def split_numbering(label: str) -> tuple[str | None, str]:
    """("1", "属于国家秘密") from "1.属于国家秘密"; ("三", "不予公开") from "(三)不予公开"."""
    m = _NUMBERING.match(label)
    if not m:
        return None, label
    mark = re.sub(r"[、.,()]", "", m.group(0))
    circled = "①②③④⑤⑥⑦⑧⑨"
    if mark and mark in circled:
        mark = str(circled.index(mark) + 1)
    return mark, label[m.end():]


BLANK_TOKENS = frozenset({"", "-", "--", "—", "——", "–", "/", "\\", "无", "空", "－", "―", "…", "×"})
_NUMBER = re.compile(r"^([+-]?)(\d+(?:,\d{3})*(?:\.\d+)?)(件|个|项|条|次|人|份|元|万元|亿元|%)?$")


@dataclass(frozen=True, slots=True)
class Token:
    """A table cell's meaning: a number, a published blank, or text (a label)."""

    kind: str  # "num" | "blank" | "text"
    text: str
    value: int | float | None = None
    unit: str | None = None
    note: str | None = None  # why an unreadable cell ("?unreadable") could not be a number


# No count or amount of the form has more than 15 digits: a longer number is a broken cell (and one
# past 19 digits does not fit SQLite's INTEGER, past 308 not a float); so are infinities and NaN.
MAX_DIGITS = 15
_NOT_FINITE = re.compile(r"^[+-]?(?:inf(?:inity)?|nan|∞)$|^[+-]?\d+(?:\.\d+)?e[+-]?\d+$", re.I)


def _unreadable(t: str, why: str) -> Token:
    shown = t if len(t) <= 24 else f"{t[:12]}…{t[-6:]} ({len(t)} characters)"
    return Token("blank", "?unreadable", note=f"{shown} {why}; read as unreadable")


def classify(raw: str) -> Token:
    """Read one cell: "3件" → num 3, "—" → blank, "75394432.52元" → num 75394432.52 unit 元."""
    return _classify_short(raw) if len(raw) <= SQUEEZE_CACHED_CHARS else _classify(raw)


@lru_cache(maxsize=8192)  # cells repeat ("0", "—", the labels); a long text cell is not kept
def _classify_short(raw: str) -> Token:
    return _classify(raw)


def _classify(raw: str) -> Token:
    t = squeeze(raw)
    if t in BLANK_TOKENS:
        return Token("blank", t)
    m = _NUMBER.match(t)
    if not m:
        if _NOT_FINITE.match(t):
            return _unreadable(t, "is not a finite number")
        return Token("text", t)
    sign, digits, unit = m.groups()
    digits = digits.replace(",", "")
    if len(digits) - ("." in digits) > MAX_DIGITS:
        return _unreadable(t, f"has more than {MAX_DIGITS} digits")
    if "." in digits:
        try:
            value: int | float = float(Decimal(sign + digits))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return Token("text", t)
    else:
        value = int(sign + digits)
    return Token("num", t, value, unit)
