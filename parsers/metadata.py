"""A report's title, agency, year covered and published date, from wherever the page puts them.

Order of trust: the CMS's meta tags (ArticleTitle, PubDate, ContentSource), then the page's own
headings and 发布时间/发布日期/生成日期 line, then the text (the title line at the top, the
signature date at the end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .limits import TEXT_CHARS
from .normalize import halfwidth
from .titles import agency_from_title, is_report_title, year_from_title

_WS = re.compile(r"\s+")
_DATE = r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
# Labelled dates, most trusted first: when the page says when it was published, that wins over
# when the document was written (成文日期).
# Possessive spaces (\s*+): a label followed by 100k spaces is one step each, not 100k² (and
# every text these patterns run on is capped at limits.TEXT_CHARS).
_LABELED_DATES = tuple(re.compile(label + r"\s*+[:：]?\s*+" + _DATE) for label in (
    r"(?:发布|公开|发文)(?:时间|日期)", r"(?:生成|更新)(?:时间|日期)", r"(?<![成印])(?:日\s*期|时\s*间)",
    r"(?:成文|印发)日期"))
_CN_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(_DATE)
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*+(?:起)?\s*+至\s*(?:(?:19|20)\d{2}\s*年\s*)?12\s*月\s*31\s*日")
_TITLE_SEPARATOR = re.compile(r" ?[_|\-–—] ?")
_META_TITLE = ("articletitle", "title", "og:title", "dc.title")
_META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "article:published_time",
              "dc.date.created", "published_time", "releasedate")
_MARKUP = re.compile(r"^\s*(#{1,6}\s*|>\s*)|\*\*|__")
_SIGNATURE_AGENCY = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}(局|委员会|委|办公室|办|政府|厅|院|中心|所|署|部|会|馆|站|队|处|区)$")


@dataclass
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    published_date: str | None
    date_source: str | None = None  # where published_date was found: meta | page | body | url


_FULLWIDTH_ALNUM = {i: i - 0xFEE0 for i in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def _clean(text: str | None) -> str:
    """Spaces out (they are layout in Chinese titles), full-width digits and letters as ASCII."""
    return _WS.sub("", text or "").translate(_FULLWIDTH_ALNUM)


def _iso(y: str, m: str, d: str) -> str | None:
    mi, di = int(m), int(d)
    if 1 <= mi <= 12 and 1 <= di <= 31:
        return f"{int(y):04d}-{mi:02d}-{di:02d}"
    return None


def find_title(meta: dict[str, str], html_title: str | None, headings: list[str], lines: list[str]) -> str | None:
    """The report's title: a report-like meta title, heading, <title> part, or top text line."""
    candidates = [meta.get(k) for k in _META_TITLE]
    if html_title:  # the page's <title> is the article's, often with the site's name after a separator
        # Runs of spaces made one first: splitting on "\s*sep\s*" inside a run is quadratic in it.
        html_title = _WS.sub(" ", html_title[:TEXT_CHARS]).strip()
        candidates += _TITLE_SEPARATOR.split(html_title)
        candidates.append(html_title)
    candidates += list(headings)
    # a title is short; Markdown marks (# heading, **bold**) are not part of it
    top = [t for t in (_clean(_MARKUP.sub("", x)) for x in lines[:40] if len(x) <= 120) if t]
    candidates += top
    candidates += [a + b for a, b in zip(top, top[1:], strict=False)]  # a title set on two lines
    for c in candidates:
        if c and is_report_title(c):
            title = _clean(c)
            if agency_from_title(title) is None and title in top:
                # "福建省发展和改革委员会" on the line above "2023年政府信息公开工作年度报告"
                above = top[top.index(title) - 1] if top.index(title) > 0 else ""
                if _SIGNATURE_AGENCY.match(above):
                    return above + title
            return title
    for c in [meta.get(k) for k in _META_TITLE] + list(headings) + [html_title]:
        if c and _clean(c):
            return _clean(c)[:200]
    return top[0][:200] if top else None


def find_published_date(meta: dict[str, str], page_text: str, body_text: str, year: int | None) -> str | None:
    return find_published_date_and_source(meta, page_text, body_text, year)[0]


def find_published_date_and_source(meta: dict[str, str], page_text: str, body_text: str,
                                   year: int | None) -> tuple[str | None, str | None]:
    """The published date and where it was found: ``meta`` (the CMS's tag), ``page`` (a labelled
    发布时间 line), ``body`` (the date under the signature: when the report was written)."""
    def plausible(iso: str | None) -> bool:
        # a report is published after the year it covers ends; an earlier date is a statistics period
        return bool(iso) and (year is None or int(iso[:4]) > year)

    for key in _META_DATE:
        m = _ISO_DATE.search(halfwidth(meta.get(key, "")))
        if m and plausible(iso := _iso(*m.groups())):
            return iso, "meta"
    text = halfwidth(page_text[:TEXT_CHARS])
    for pattern in _LABELED_DATES:
        for m in pattern.finditer(text):
            if plausible(iso := _iso(*m.groups())):
                return iso, "page"
    tail = _cn_numerals(halfwidth((body_text or page_text)[-600:]))
    for m in reversed(list(_CN_DATE.finditer(tail))):
        if plausible(iso := _iso(*m.groups())):
            return iso, "body"
    return None, None


_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUMERAL_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _cn_numerals(text: str) -> str:
    """Signature dates written in Chinese numerals (二〇二一年一月五日) as digits."""
    def repl(m: re.Match[str]) -> str:
        year = "".join(str(_CN_DIGITS[c]) for c in m.group(1))
        return f"{year}年{_cn_number(m.group(2))}月{_cn_number(m.group(3))}日"

    return _CN_NUMERAL_DATE.sub(repl, text)


def _signature_agency(body_text: str) -> str | None:
    lines = [_clean(x) for x in body_text.splitlines()[-12:] if _clean(x)]
    for line in reversed(lines):
        if _SIGNATURE_AGENCY.match(line):
            return line
    return None


_URL_DATE = re.compile(r"/(?:t|art_?)?((?:19|20)\d{2})[-_/]?(\d{2})[-_/]?(\d{2})(?=[_/.\-]|\d{0,12}[_.])")


def date_from_url(url: str | None) -> str | None:
    """/202501/t20250126_123.html → 2025-01-26: the CMS's creation date, a last resort."""
    if not url:
        return None
    found = [iso for m in _URL_DATE.finditer(url) if (iso := _iso(*m.groups()))]
    return found[-1] if found else None


def read_metadata(meta: dict[str, str], html_title: str | None, headings: list[str],
                  page_text: str, body_text: str, url: str | None = None) -> Metadata:
    lines = page_text.splitlines()
    title = find_title(meta, html_title, headings, lines)
    year = year_from_title(title) if title and is_report_title(title) else None
    if year is None:
        m = _PERIOD.search(halfwidth(body_text[:3000]))
        year = int(m.group(1)) if m else (year_from_title(title) if title else None)
    agency = agency_from_title(title) if title and is_report_title(title) else None
    agency = agency or _clean(meta.get("contentsource")) or _signature_agency(body_text) or None
    date, source = find_published_date_and_source(meta, page_text, body_text, year)
    if date is None and (url_date := date_from_url(url)) and (year is None or int(url_date[:4]) > year):
        date, source = url_date, "url"
    if year is None and date:
        year = int(date[:4]) - 1
    return Metadata(title=title, agency=agency, year=year, published_date=date, date_source=source)
