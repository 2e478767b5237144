"""How the form's row and column labels are recognized in the wild.

cells.csv holds the form's own words; real reports drift from them (规范性文件 for 行政规范性文件,
本年度止件数 for 本年废止件数, 其它 for 其他, wrapped or typo'd labels). Each row and column is
recognized by short distinctive keywords of its label, matched on squeezed, half-width text with
the numbering mark removed; where a label is too damaged, its number within its group decides.
"""

from __future__ import annotations

import re

from .normalize import split_numbering, squeeze

# ── table 二 (active): rows and columns ────────────────────────────────────────────────────────
ACTIVE_ROWS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((code, re.compile(p)) for code, p in (
    ("regulation", r"^规章"),
    ("normative_doc", r"规范性文件"),
    ("license", r"^行政许可"),
    ("other_service", r"对外管理服务|其他对外"),
    ("penalty", r"^行政处罚"),
    ("coercion", r"^行政强制"),
    ("fee", r"事业性收费|行政收费"),
    ("procurement", r"集中采购|政府采购"),
))

ACTIVE_COLS: tuple[tuple[str, str], ...] = (
    ("issued", r"制发"),
    ("repealed", r"废止|度止|本年止"),
    ("in_force", r"现行有效|有效件数"),
    ("new_made", r"新制作"),
    ("new_published", r"新公开"),
    ("total_published", r"公开总数|对外公开总"),
    ("prev_items", r"上一年项目|上年项目"),
    ("change", r"增/?减|增减"),
    ("decisions", r"处理决定"),
    ("fee_amount", r"收费金额"),
    ("procurement_items", r"采购项目"),
    ("procurement_amount", r"采购总金额|总金额"),
)
_ACTIVE_COL_RE = re.compile("|".join(f"(?P<{code}>{p})" for code, p in ACTIVE_COLS))

# Columns each active row has, by form version, when a report prints no readable header.
ACTIVE_DEFAULT_COLS: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {"regulation": ("issued", "repealed", "in_force"), "normative_doc": ("issued", "repealed", "in_force"),
             "license": ("decisions",), "penalty": ("decisions",), "coercion": ("decisions",),
             "fee": ("fee_amount",)},
    "2019": {"regulation": ("new_made", "new_published", "total_published"),
             "normative_doc": ("new_made", "new_published", "total_published"),
             "license": ("prev_items", "change", "decisions"), "other_service": ("prev_items", "change", "decisions"),
             "penalty": ("prev_items", "change", "decisions"), "coercion": ("prev_items", "change", "decisions"),
             "fee": ("prev_items", "change"), "procurement": ("procurement_items", "procurement_amount")},
}
VERSION_2021_COLS = frozenset({"issued", "repealed", "in_force", "fee_amount"})
VERSION_2019_COLS = frozenset({"new_made", "new_published", "total_published", "prev_items", "change",
                               "procurement_items", "procurement_amount"})


def active_row(label: str) -> str | None:
    _, text = split_numbering(squeeze(label))
    for code, pattern in ACTIVE_ROWS:
        if pattern.search(text):
            return code
    return None


def active_cols(label: str) -> list[str]:
    """Column codes named in a header text, in the order they appear."""
    return [m.lastgroup for m in _ACTIVE_COL_RE.finditer(squeeze(label)) if m.lastgroup]


# ── table 三 (apply): rows ──────────────────────────────────────────────────────────────────────
APPLY_ROWS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((code, re.compile(p)) for code, p in (
    ("1", r"本年新收|新收.*申请"),
    ("2", r"上年结转"),
    ("4", r"结转下年|下一?年度?继续"),
    ("3.1", r"(?<!不)予以?公开$|^予以公开"),
    ("3.2", r"部分公开"),
    ("3.3.1", r"国家秘密"),
    ("3.3.2", r"法律行政法规|禁止公开|其他法律|行政法规禁止"),
    ("3.3.3", r"三安全|一稳定|危及"),
    ("3.3.4", r"第三方"),
    ("3.3.5", r"内部事务"),
    ("3.3.6", r"过程性"),
    ("3.3.7", r"执法案卷"),
    ("3.3.8", r"行政查询|查询事项"),
    ("3.4.1", r"不掌握"),
    ("3.4.2", r"现成信息|另行制作"),
    ("3.4.3", r"补正后|仍不明确"),
    ("3.5.1", r"信访|举报|投诉"),
    ("3.5.2", r"重复申请"),
    ("3.5.3", r"出版物|要求提供公开|提供公开出"),
    ("3.5.4", r"大量反复|反复申请"),
    ("3.5.5", r"确认或重新|重新出具"),
    ("3.6.1", r"不补正|逾期不"),
    ("3.6.2", r"收费通知|缴纳费用|缴费"),
    ("3.6.3", r"^其[他它]$|^其[他它]情形$"),
    ("3.6", r"^其[他它]处理$"),
    ("3.7", r"^总计$|^合计$"),
))

# The form's row order (both versions): a label read before its values names a later row.
APPLY_ORDER = {code: i for i, code in enumerate(
    ["1", "2", "3.1", "3.2", *(f"3.3.{i}" for i in range(1, 9)), *(f"3.4.{i}" for i in range(1, 4)),
     *(f"3.5.{i}" for i in range(1, 6)), "3.6", "3.6.1", "3.6.2", "3.6.3", "3.7", "4"])}

# Group labels: context for the numbered sub-rows below them, never data rows themselves.
APPLY_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((code, re.compile(p)) for code, p in (
    ("3.3", r"不予公开"),
    ("3.4", r"无法提供"),
    ("3.5", r"不予处理"),
    ("3.6", r"其[他它]处理"),
    ("3", r"办理结果"),
))
GROUP_SIZES = {"3.3": 8, "3.4": 3, "3.5": 5, "3.6": 3}
_TOP_MARKS = {"一": "1", "二": "2", "四": "4"}
_RESULT_MARKS = {"一": "3.1", "二": "3.2", "七": "3.7"}


def apply_row(label: str) -> str | None:
    """The apply row a label names by its words alone, or None."""
    mark, text = split_numbering(squeeze(label))
    text = text.strip("()（）:：")
    if not text:
        return None
    for code, pattern in APPLY_ROWS:
        if pattern.search(text):
            if code == "3.6.3" and mark == "六":
                return "3.6"  # （六）其他 cut from 处理 by a wrapped cell: the group's own row, not its 3.其他
            return code
    return None


def apply_group(label: str) -> str | None:
    _, text = split_numbering(squeeze(label))
    for code, pattern in APPLY_GROUPS:
        if pattern.search(text):
            return code
    return None


def apply_row_by_number(label: str, group: str | None) -> str | None:
    """Fallback for a damaged label: its numbering mark within the group it sits in."""
    mark, _ = split_numbering(squeeze(label))
    if not mark:
        return None
    if mark.isdigit() and group in GROUP_SIZES and 1 <= int(mark) <= GROUP_SIZES[group]:
        return f"{group}.{mark}"
    if group == "3" or group in GROUP_SIZES:
        return _RESULT_MARKS.get(mark)
    return _TOP_MARKS.get(mark)


# ── table 三 (apply): columns ───────────────────────────────────────────────────────────────────
APPLY_SUBCOLS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((code, re.compile(p)) for code, p in (
    # the names' first two characters: a header in narrow columns wraps them (商业企 / 业, 社会 / 公益,
    # 法律 / 服务 — a PDF imported into Word gives every line its own text box)
    ("enterprise", r"商业"),
    ("research", r"科研"),
    ("nonprofit", r"社会"),
    ("legal_service", r"法律(?!行政|法规)"),
    ("subtotal", r"小计"),
    ("other_org", r"(?<!或)其[他它](?!组织|处理|法律|对外|结果)"),
))


def apply_subcolumn_order(header_text: str) -> list[str]:
    """The 法人或其他组织 sub-columns in the order a header prints them (小计 included if any)."""
    text = squeeze(header_text)
    found: list[tuple[int, str]] = []
    for code, pattern in APPLY_SUBCOLS:
        m = pattern.search(text)
        if m:
            found.append((m.start(), code))
    return [code for _, code in sorted(found)]


# ── table 四 (review) ───────────────────────────────────────────────────────────────────────────
REVIEW_ROW_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((code, re.compile(p)) for code, p in (
    ("litigation_direct", r"未经复议|直接起诉"),
    ("litigation_after_review", r"复议后起诉"),
    ("review", r"^行政(法)?复议$"),
))


def review_row(label: str) -> str | None:
    _, text = split_numbering(squeeze(label))
    for code, pattern in REVIEW_ROW_LABELS:
        if pattern.search(text):
            return code
    return None
