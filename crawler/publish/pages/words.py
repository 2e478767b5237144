"""What the archive's codes mean, in words, Chinese then English: rule names and note kinds.

The rule names are the data contract's (``/work/shared/spec``); the words are what the form's own
note and the spec say each rule checks. One place, used by every page and cell that shows a rule.
"""

from __future__ import annotations

RULES: dict[str, tuple[str, str]] = {
    "apply_balance": ("新收 + 上年结转 = 办理结果总计 + 结转下年",
                      "received + carried over = handled + carried forward"),
    "apply_results_total": ("各项办理结果之和 = 总计", "the outcomes add up to their total"),
    "apply_row_total": ("各类申请人之和 = 总计", "the applicant columns add up to the total"),
    "review_total": ("维持 + 纠正 + 其他 + 未审结 = 总计", "review and lawsuit outcomes add up to the total"),
    "carryover": ("本年“上年结转” = 上年“结转下年”", "carried over = last year's carried forward"),
    "in_force_continuity": ("现行有效 = 上年现行有效 + 本年制发 − 本年废止",
                            "in force = last year's + issued − repealed"),
    "text_vs_table": ("正文所述数字与统计表不符", "a number in the report's text differs from its tables"),
    "other_rows_sum": ("（六）其他处理的三项之和 = 其他处理", "the three 'otherwise handled' rows add up"),
}

NOTE_KINDS: dict[str, tuple[str, str]] = {
    "inferred": ("推算", "inferred from the accounting rules, not printed"),
    "ocr": ("识别", "read by OCR"),
    "unread": ("未读出", "could not be read"),
}


def rule_words(rule: str) -> str:
    """``apply_balance`` → ``新收 + … · received + …``; an unknown rule is its own name."""
    zh, en = RULES.get(rule, ("", ""))
    return f"{zh} · {en}" if zh else rule


# -- findings (crawler/findings.py, parsers/timeliness.py): what the report page says about them --------
AGENCY_KINDS: dict[str, tuple[str, str]] = {
    "government": ("县级以上人民政府", "a people's government (county level or higher)"),
    "department": ("政府部门", "a government department"),
    "township": ("乡镇人民政府、街道办事处", "a township government or street office"),
}
DATE_SOURCES: dict[str, tuple[str, str]] = {
    "meta": ("网页元数据", "the page's metadata"),
    "page": ("页面所示发布时间", "the page's 发布时间 line"),
    "url": ("网址中的日期", "the date in the URL"),
    "body": ("正文落款日期", "the date signed under the report"),
    "first_seen": ("首次抓取日期", "when the crawl first saw it"),
}
VERDICTS: dict[str, tuple[str, str]] = {
    "on_time": ("按时发布", "on time"),
    "late": ("逾期发布", "late"),
    "unknown": ("无法判断", "unknown"),
}
# Flags are worth a look, never a broken rule.
FLAGS: dict[str, tuple[str, str]] = {
    "requests_jump": ("收到申请数比上年增长十倍以上", "requests received jumped more than tenfold from the year before"),
}
