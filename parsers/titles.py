"""Recognize an annual report by its title, and read the year and agency a title names.

Shared by the parser (metadata) and the crawler (which links to follow), so both agree on what a
report is: a year + 政府信息公开 + 年度报告/年报, and none of the look-alikes (a policy
interpretation of a report, a budget, a rule-of-law report, a notice about compiling reports, …).
"""

from __future__ import annotations

import re

from .normalize import squeeze

_REPORT = re.compile(r"信息公开.{0,12}?(年度报告|年报|年度工作报告)|(年度报告|年报)$|信息公开(工作)?(情况)?报告$")
_DISCLOSURE = re.compile(r"(政府|政务)?信息公开|政务公开")
_YEAR = re.compile(r"((?:19|20)\d{2})年?度?")
# Titles that carry the words but are not the report itself.
_LOOKALIKE = re.compile(
    r"解读|图解|一图|读懂|问答|法治|依法行政|预算|决算|统计公报|统计年报|科技创新|发展年度报告|"
    r"工作要点|通知|关于(做好|报送|印发|开展|编制|进一步)|报送|编制|格式|考核|评估|评议|审核|征集|目录|指南|"
    r"社会信用|社会责任|环境信息|发布会|新闻|审查意见|工作方案|实施方案|征求意见|发布公告|的说明$|更正说明|更正声明|勘误|"
    # Official correspondence about a report (a 函 raising its problems, a 通报 grading it, a
    # 请示 / 批复): it names the report, agency and year, and is not the report.
    r"[的复]函|函$|函件|有关问题|请示|批复|通报"
)
_AGENCY_STRIP = re.compile(r"^[【\[（(《\"“]+|[】\]）)》\"”:：]+$")
_MAX_TITLE = 300  # a title is short; a longer "title" is cut before the patterns look at it
_TAG_PREFIX = re.compile(r"^(【[^】]{0,12}】|\[[^\]]{0,12}\])")
# A year written in Chinese numerals (二〇二三年, 二零二二年度): read as its digits.
_HAN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0", "O": "0"}
_HAN_YEAR = re.compile(r"[一二][〇零○ＯO一二三四五六七八九]{3}(?=年)")


def _digit_years(text: str) -> str:
    """``text`` with a year in Chinese numerals before 年 written in digits (二〇二三年 → 2023年)."""
    return _HAN_YEAR.sub(lambda m: "".join(_HAN_DIGITS[c] for c in m.group(0)), text)


def names_lookalike(text: str | None) -> bool:
    """The words of a look-alike (解读, 决算, 法治, 通知, …): also in a title cut short in a list."""
    return bool(_LOOKALIKE.search(squeeze(text or "")))


def is_report_title(text: str | None) -> bool:
    """True when ``text`` names an annual report on government information disclosure."""
    t = _digit_years(squeeze(text or ""))
    if not t or len(t) > 80:
        return False
    if not _DISCLOSURE.search(t) or not _REPORT.search(t):
        return False
    if _LOOKALIKE.search(t):
        return False
    return year_from_title(t) is not None


def year_from_title(text: str | None) -> int | None:
    """The year a report covers, as its title gives it ("…2024年…年度报告" → 2024)."""
    t = _digit_years(squeeze(text or ""))
    for m in _YEAR.finditer(t):
        year = int(m.group(1))
        if 1990 <= year <= 2100:
            return year
    return None


def agency_from_title(text: str | None) -> str | None:
    """The issuing agency named around the year: "泉州市科学技术局2024年政府信息公开…" → 泉州市科学技术局."""
    t = _TAG_PREFIX.sub("", _digit_years(squeeze((text or "")[:_MAX_TITLE])))  # two lazy groups: quadratic in the length
    m = re.search(r"^(?P<pre>.*?)(?:关于)?(?:(?:19|20)\d{2})年?度?(?P<post>.*?)(?:政府信息公开|信息公开|政务公开)", t)
    if not m:
        m = re.search(r"^(?P<pre>.*?)(?P<post>)(?:政府信息公开|信息公开|政务公开)", t)
        if not m:
            return None
    for part in (m.group("pre"), m.group("post")):
        name = _AGENCY_STRIP.sub("", re.sub(r"^关于|(关于|的)$", "", part.strip()))
        if len(name) >= 2:
            return name
    return None
