"""Numbers the report's narrative states, read from its sentences, and compared with the tables.

A report says in words what its tables say in cells ("全年共收到政府信息公开申请219件",
"行政复议3件", "未收取任何费用"). When the two disagree one of them is wrong, and readers
(transparency assessments, supervising offices) want to know. This module finds the common
statements and compares each with the cells it speaks of.

What a statement is about decides which cells it is compared with (``KINDS``):

- ``requests_received`` 收到/受理/新收 … 申请 N 件: row 1 total (新收); the row 1 + row 2 sum
  (新收 + 上年结转) also agrees, because many narratives count the carried-over requests as
  received ("收到申请75件" where the table has 74 new and 1 carried over).
- ``requests_handled`` 办结/答复 … 申请 N 件: row 3.7 total; 办理 is looser (it can mean the
  year's workload): row 3.7, row 1 or row 1 + row 2 agree.
- ``reviews`` 行政复议 N 件: the review row's total. ``lawsuits`` (行政)诉讼 N 件: the two litigation
  rows' totals added (直接起诉 + 复议后起诉).
- ``proactive_items`` 主动公开政府信息 N 条 and ``fees`` 收取费用 N 元 are found and shown, but no
  cell of either form counts them (table 二 counts documents and decisions under Article 20, not
  every item published; neither form has a disclosure-fee cell): they are never compared.

Only what a sentence unambiguously says is taken: the number must follow its keyword within the
clause, carry a unit, and nothing between them may turn it into a number of something else
(其中 a subset, 同比/较上年 a change, 纠正/败诉 a result, 第二十条 an article, years, dates,
percentages, 《titles》 and (asides) are masked first). Approximate numbers (7700余条, 约) and
statements that disagree with each other are recorded but not compared. Only printed cells are
compared: a cell left unread or filled by inference gives no check, so a parser miss never
becomes an accusation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .normalize import halfwidth

RULE = "text_vs_table"
BLANK = "blank"  # as parsers.rules.BLANK: a cell the report prints as blank

# kind → the cell sums whose value agrees with the statement (the first is the one meant)
KINDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "requests_received": (("apply/1/total",), ("apply/1/total", "apply/2/total")),
    "requests_handled": (("apply/3.7/total",),),
    "requests_processed": (("apply/3.7/total",), ("apply/1/total",), ("apply/1/total", "apply/2/total")),
    "reviews": (("review/review/total",),),
    "lawsuits": (("review/litigation_direct/total", "review/litigation_after_review/total"),),
    "proactive_items": (),
    "fees": (),
}
# processed (办理) is a reading of "requests handled": one scope for the two in the output
_SCOPE = {"requests_processed": "requests_handled"}

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千万"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:(?:{_ARABIC})\s*万?|[{_CN}]+)"
# a number, or a range of two; approximate marks before (约) or after (余)
_VALUE = (rf"(?P<pre>约|近|逾|超过|将近|大约)?\s*(?P<num>{_NUM})"
          rf"(?:\s*(?:-|~|～|—|至|到)\s*(?P<hi>{_NUM}))?\s*(?P<post>余|多)?\s*")
_COUNT_UNIT = r"(?:件|起|宗|个|例|项|份)"
_ITEM_UNIT = r"(?:条|件|篇)"
_W = r"[^\d;。]"  # the words between a keyword and its number: no other number, same sentence
_TOTAL = r"(?:共计|共|合计|总计|累计|总数为|总数|数量为|数量|达到|达|为)?"

# A statement of this kind is about something else when these words stand between keyword and number.
_ELSEWHERE = re.compile(r"其中|同比|较|比上年|比去年|增长|增加|减少|下降|上升|占|结转|自然人|企业|法人|"
                        r"予以公开|不予|无法提供|答复|办结|办理|处理|转办|告知|咨询|留言|来电|来信|诉求|信访|"
                        r"纠正|维持|撤销|败诉|胜诉|审结|结案|判决|驳回|撤诉|期限内|按时|逾期|超期|人次|次数|复议|诉讼|"
                        r"许可|审批|办事|服务事项|登记|备案")
# A subset or a condition before the keyword in the same clause.
_SUBSET_BEFORE = re.compile(r"其中|包括|含|另有|经复议|复议后|未经|直接|涉及|其他|应$")


@dataclass(frozen=True)
class Statement:
    """One number the narrative states: kind, value (low, high for a range), and where."""

    kind: str
    value: int | float
    high: int | float | None
    approx: bool
    printed: str
    sentence: str

    @property
    def scope(self) -> str:
        return _SCOPE.get(self.kind, self.kind)

    def to_json(self) -> dict:
        out: dict = {"kind": self.scope, "value": self.value, "printed": self.printed, "sentence": self.sentence}
        if self.high is not None:
            out["high"] = self.high
        if self.approx:
            out["approx"] = True
        return out


def cn_number(text: str) -> int | None:
    """Chinese numerals as an integer: 二十三 → 23, 一百零五 → 105, 两 → 2, 一万二千 → 12000."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in "零〇":  # a placeholder after a unit (一百零五); after a digit it is a year's digit (二〇)
            if digit is not None:
                return None
        elif ch in _CN_DIGIT:
            if digit is not None:  # two digits in a row: 二三 is not a number here
                return None
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        elif ch == "万":
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def number(text: str) -> int | float | None:
    """A printed number as a value: 1,523 → 1523, 1.2万 → 12000, 一百零五 → 105."""
    t = re.sub(r"\s+", "", text)
    if not t:
        return None
    if t[0].isdigit():
        wan = t.endswith("万")
        t = t.rstrip("万").replace(",", "")
        try:
            v = float(t) * (10000 if wan else 1)
        except ValueError:
            return None
        return int(v) if v == int(v) else v
    return cn_number(t)


def _pattern(keyword: str, unit: str, between: str = rf"{_W}{{0,24}}?") -> re.Pattern[str]:
    return re.compile(rf"(?P<kw>{keyword})(?P<w>{between}){_TOTAL}{_VALUE}(?P<unit>{unit})")


_APPLICATION = r"(?:政府信息公开|信息公开|公开政府信息|依申请公开|公开)?申请(?:事项|数量|件数)?"
# (kind, pattern, whether the words between keyword and number must name a disclosure request)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("requests_received", _pattern(r"收到|受理|接收|接到|新收|收悉", _COUNT_UNIT,
                                   rf"{_W}{{0,24}}?{_APPLICATION}")),
    ("requests_received", _pattern(r"收到|受理|接收|接到|新收", _COUNT_UNIT, rf"{_W}{{0,6}}?依申请公开(?:事项|申请)?")),
    ("requests_handled", _pattern(r"办结|答复", _COUNT_UNIT, rf"(?:{_W}{{0,24}}?{_APPLICATION}|{_W}{{0,6}}?依申请公开(?:事项)?)?")),
    ("requests_processed", _pattern(r"办理", _COUNT_UNIT,
                                    rf"(?:{_W}{{0,24}}?{_APPLICATION}|{_W}{{0,6}}?依申请公开(?:事项)?)")),
    ("reviews", _pattern(r"行政复议", _COUNT_UNIT, rf"(?:案件|申请)?{_W}{{0,6}}?")),
    ("lawsuits", _pattern(r"行政诉讼|(?<![起应])诉讼", _COUNT_UNIT, rf"(?:案件)?{_W}{{0,6}}?")),
    ("proactive_items", _pattern(r"主动公开|公开|公布|发布", _ITEM_UNIT, r"(?:各类|各项)?政府信息")),
    ("proactive_items", _pattern(r"主动公开", _ITEM_UNIT, r"(?:各类|各项)?(?:政府)?(?:信息)?")),
    ("fees", _pattern(r"收取|收费", r"(?:元|万元)", rf"{_W}{{0,12}}?")),
)
# 行政复议、行政诉讼各1件 / 均为0件 / 分别为2件、1件
_BOTH = re.compile(rf"行政复议(?:案件)?[和、及与](?:提起|被提起)?行政诉讼(?:案件)?(?P<each>各|均为|均|都为|都是|分别为|共)?{_VALUE}"
                   rf"(?P<unit>{_COUNT_UNIT})(?:[、,和]{_VALUE.replace('?P<', '?P<b_')}{_COUNT_UNIT})?")
_NONE = r"(?:(?<!尚)未(?!经)|没有|无(?!法|正当|其他))(?:发生|出现|收到|接到|有|被)?"
_ZEROS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("requests_received", re.compile(rf"(?:未|没有)(?:收到|受理|接到)(?P<w>{_W}{{0,14}}?)申请")),
    ("reviews", re.compile(rf"{_NONE}(?P<w>{_W}{{0,16}}?)行政复议")),
    ("lawsuits", re.compile(rf"{_NONE}(?P<w>{_W}{{0,16}}?)(?:行政复议(?:案件)?[、和及与或]|提起)?行政诉讼")),
    ("fees", re.compile(r"(?:未|没有|无|不)收(?:取)?[^\d;。,]{0,14}?费")),
)
# what the sentence must mention for a statement of this kind to be about disclosure at all
_TOPIC = {"lawsuits": re.compile(r"复议|行政诉讼"),
          "fees": re.compile(r"费")}
_LEAD_SUBSET = 12  # characters before a keyword searched for 其中/含/经复议
# A request statement must say the requests are for disclosure: in its own words, or (a bare
# "共收到申请12件") in a sentence, or the heading just before it, about 依申请公开.
_REQUEST_KINDS = ("requests_received", "requests_handled", "requests_processed")
_DISCLOSURE = re.compile(r"公开|政府信息")
_DISCLOSURE_CONTEXT = re.compile(r"依申请|信息公开申请|公开申请")
# Reviews and lawsuits about disclosure, not the agency's other cases (办理行政复议案件35件 in a
# paragraph on the rule of law): the sentence, or the heading before it, says 信息公开.
_CASE_KINDS = ("reviews", "lawsuits")
_CASE_CONTEXT = re.compile(r"信息公开|依申请公开|公开申请")

_MASKS = (
    (re.compile(r"《[^》]{0,80}》"), "《》"),
    (re.compile(r"\([^()]{0,400}\)"), "()"),
    (re.compile(r"\[[^\]]{0,40}\]|〔[^〕]{0,40}〕"), "[]"),
    (re.compile(rf"第[\d{_CN}]+[条章节款项批期次号]"), "第"),
    (re.compile(r"(?:19|20)\d{2}\s*(?:-|至|到|—|~)\s*(?:19|20)?\d{2}\s*年度?"), "年"),
    (re.compile(r"(?:19|20)\d{2}\s*年度?"), "年"),
    (re.compile(r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"), "月"),
    (re.compile(r"\d+(?:\.\d+)?\s*%|百分之[\d.零一二三四五六七八九十百]+"), "%"),
    (re.compile(r"\d[\d\-]{6,}"), "#"),  # phone numbers, postcodes, 12345 hotlines
    (re.compile(r"(?<=[A-Za-z])\d+|\d+(?=[A-Za-z])"), "#"),  # H5, 5G, www.x1.gov.cn
)
# a sentence can state a number only with a unit, or "none" only with a negation: the rest is skipped cheaply
_WORTH_READING = re.compile(r"[件起宗个例项份条篇元]|未|无|没有|不收")
_TABLE_ROW = re.compile(r"\t|(?:\s\d+(?:\.\d+)?){4}|(?:\|.*){3}")
_SENTENCES = re.compile(r"[^。;!?\n]+")


_WRAP_MIN = 20  # a line this long that ends mid-sentence was wrapped (PDF, pdftotext, OCR)
_ENDS_SENTENCE = re.compile(r"[。;!?:]\s*$")


def _paragraphs(text: str) -> str:
    """Lines wrapped mid-sentence joined again, so "行政诉讼20\n件" reads as one statement."""
    out: list[str] = []
    for line in text.splitlines():
        prev = out[-1] if out else ""
        if (len(prev.strip()) >= _WRAP_MIN and line.strip() and not _ENDS_SENTENCE.search(prev)
                and not _TABLE_ROW.search(prev) and not _TABLE_ROW.search(line)):
            out[-1] = prev.rstrip() + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _mask(sentence: str) -> str:
    for pattern, repl in _MASKS:
        sentence = pattern.sub(repl, sentence)
    return sentence


def _value(m: re.Match[str], prefix: str = "") -> tuple[int | float, int | float | None, bool, str] | None:
    printed = m.group(prefix + "num")
    v = number(printed)
    if v is None:
        return None
    hi_text = m.group(prefix + "hi")
    hi = number(hi_text) if hi_text else None
    if hi_text and (hi is None or hi < v):
        return None
    approx = bool(m.group(prefix + "pre") or m.group(prefix + "post"))
    text = printed + (f"-{hi_text}" if hi_text else "")
    return v, hi, approx, text


def _clause_before(masked: str, start: int) -> str:
    clause_start = max(masked.rfind(c, 0, start) for c in ",，、:")
    return masked[max(clause_start + 1, start - _LEAD_SUBSET):start]


def find_statements(text: str) -> list[Statement]:
    """Every statement of a number of requests, reviews, lawsuits, proactive items or fees in ``text``."""
    found: list[Statement] = []
    previous = ""
    for raw in _SENTENCES.findall(_paragraphs(halfwidth(text))):
        sentence = raw.strip()
        context, previous = previous + sentence, sentence
        if len(sentence) < 6 or not _WORTH_READING.search(sentence) or _TABLE_ROW.search(sentence):
            continue
        masked = _mask(sentence)
        taken: list[tuple[int, int]] = []
        for m in _BOTH.finditer(masked if _CASE_CONTEXT.search(context) else ""):
            first = _value(m)
            if first is None:
                continue
            second = _value(m, "b_") if m.group("b_num") else None
            each = m.group("each") or ""
            if second is not None and each in ("分别为", ""):
                found += [Statement("reviews", *first, sentence), Statement("lawsuits", *second, sentence)]
            elif each in ("各", "均为", "均", "都为", "都是") or (first[0] == 0 and each != "共"):
                found += [Statement("reviews", *first, sentence), Statement("lawsuits", *first, sentence)]
            else:
                continue
            taken.append(m.span())
        for kind, pattern in _PATTERNS:
            topic = _TOPIC.get(kind)
            if (topic and not topic.search(masked)) or (kind in _CASE_KINDS and not _CASE_CONTEXT.search(context)):
                continue
            for m in pattern.finditer(masked):
                if any(a <= m.start("kw") < b for a, b in taken):
                    continue
                if _ELSEWHERE.search(m.group("w")) or _SUBSET_BEFORE.search(_clause_before(masked, m.start())):
                    continue
                if (kind in _REQUEST_KINDS and not _DISCLOSURE.search(m.group("w"))
                        and not (len(m.group("w")) <= 6 and _DISCLOSURE_CONTEXT.search(context))):
                    continue
                if kind == "fees" and re.search(r"事业性|减免|退还|退费|罚没|罚款", masked[max(0, m.start() - 8):m.end("w")]):
                    continue
                v = _value(m)
                if v is not None:
                    found.append(Statement(kind, *v, sentence))
                    taken.append((m.start("kw"), m.end()))
        stated = list(taken)  # a "none" sentence may name two kinds: 未发生行政复议、行政诉讼
        for kind, pattern in _ZEROS:
            topic = _TOPIC.get(kind)
            if (topic and not topic.search(masked)) or (kind in _CASE_KINDS and not _CASE_CONTEXT.search(context)):
                continue
            for m in pattern.finditer(masked):
                words = m.groupdict().get("w") or ""
                if (re.search(r"纠正|败诉|撤销|确认违法|未经|直接", words + masked[m.end():m.end() + 4])
                        or any(a <= m.start() < b for a, b in stated)):
                    continue
                if kind == "fees" and re.search(r"事业性", masked[max(0, m.start() - 8):m.end()]):
                    continue
                if kind in _REQUEST_KINDS and not _DISCLOSURE.search(words) and not (
                        len(words) <= 6 and _DISCLOSURE_CONTEXT.search(context)):
                    continue
                found.append(Statement(kind, 0, None, False, m.group(0), sentence))
    return _dedupe(found)


def _dedupe(found: list[Statement]) -> list[Statement]:
    seen: set[tuple[str, int | float, str]] = set()
    out = []
    for s in found:
        key = (s.kind, s.value, s.sentence)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


Values = Mapping[str, "int | float | str"]


def _cell_sum(cells: tuple[str, ...], printed: Values) -> tuple[int | float | None, bool]:
    """The printed cells added (a blank counts 0, as in the rules); None when one is not printed."""
    if any(c not in printed for c in cells):
        return None, False
    vals = [printed[c] for c in cells]
    if all(v == BLANK for v in vals):
        return None, False
    return sum(0 if v == BLANK else v for v in vals), any(v == BLANK for v in vals)  # type: ignore[misc]


def _fmt(n: int | float) -> str:
    return f"{n:g}" if isinstance(n, float) else str(n)


def compare(statements: list[Statement], printed: Values) -> tuple[list[dict], list[str]]:
    """One ``text_vs_table`` check per kind the text states and the tables print.

    ``printed`` holds the cells read from the document (a number or BLANK); an inferred or unread
    cell must not be in it. Returns the checks and warnings saying why a statement was not compared.
    """
    checks: list[dict] = []
    warnings: list[str] = []
    by_scope: dict[str, list[Statement]] = {}
    for s in statements:
        if KINDS.get(s.kind) and not s.approx:
            by_scope.setdefault(s.scope, []).append(s)
    for scope, said in by_scope.items():
        distinct = sorted({(s.value, s.high) for s in said}, key=lambda x: (x[0], x[1] or 0))
        if len(distinct) > 1:
            warnings.append(f"{RULE} {scope}: the text states different numbers "
                            f"({', '.join(_fmt(v) for v, _ in distinct)}); not compared")
            continue
        agreed = _agreeing(said, printed)
        if agreed is None:
            warnings.append(f"{RULE} {scope}: the text states {said[0].printed} but the table does not print "
                            "the cells it speaks of; not compared")
            continue
        ok, detail, with_blank = agreed
        if not ok and with_blank:
            warnings.append(f"{RULE} {scope}: {detail}; the table leaves a cell blank, not compared")
            continue
        checks.append({"rule": RULE, "scope": scope, "ok": ok, "detail": detail})
    return checks, warnings


def _agreeing(said: list[Statement], printed: Values) -> tuple[bool, str, bool] | None:
    """(agrees, detail, a blank was counted) for statements of one value, or None if no cell is printed."""
    first = said[0]
    options: list[tuple[tuple[str, ...], int | float, bool]] = []
    for s in said:
        for cells in KINDS[s.kind]:
            total, with_blank = _cell_sum(cells, printed)
            if total is not None and all(cells != o[0] for o in options):
                options.append((cells, total, with_blank))
    if not options:
        return None
    lo, hi = first.value, first.high if first.high is not None else first.value
    quote = first.sentence if len(first.sentence) <= 160 else first.sentence[:157] + "…"
    for cells, total, with_blank in options:
        if lo <= total <= hi:
            return True, f"text {first.printed} = table {_describe(cells, printed)}: “{quote}”", with_blank
    cells, total, with_blank = options[0]
    return False, f"text {first.printed} ≠ table {_describe(cells, printed)}: “{quote}”", with_blank


def _describe(cells: tuple[str, ...], printed: Values) -> str:
    parts = [f"{c} {'blank' if printed[c] == BLANK else _fmt(printed[c])}" for c in cells]  # type: ignore[arg-type]
    if len(cells) == 1:
        return parts[0]
    total, _ = _cell_sum(cells, printed)
    return " + ".join(parts) + f" = {_fmt(total)}"  # type: ignore[arg-type]
