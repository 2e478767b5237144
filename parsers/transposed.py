"""Table 三 printed on its side (applicants down, the form's rows across) → the form's own shape.

Why: a few reports turn the table: one header row names the form's rows (本年新收, 上年结转, 予以公开,
属于国家秘密, …, 结转下年度) and each following row is one applicant column (自然人, 商业企业, …,
总计) with a value under every form row. Read as printed, every value would sit under the wrong
label. The form fixes both the rows (their number and order, per version) and the columns, so such
a block is recognised only when its header has exactly the form's row count for one version, names
the first two rows and the last where the form has them and never names a row out of place, and
the rows under it are the seven applicant columns, each printing one value per form row. It is
then handed to the form reader as the rows the form prints; the accounting rules check it as any
table. Anything less is left as printed (and the form reader does not read it).
"""

from __future__ import annotations

import re

from . import labels as L
from .form import APPLY_COLS, apply_rows
from .normalize import squeeze
from .rows import Cell, Row

_APPLICANT = (
    ("natural_person", re.compile(r"^自然人$")),
    ("total", re.compile(r"^(总计|合计)$")),
    ("subtotal", re.compile(r"^小计$")),
    ("other_org", re.compile(r"^其[他它](组织)?$")),
)
# the label each form row is printed under when the table is put back: words the form reader
# recognises standalone (no group heading needed)
_LABELS = {
    "1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量", "3.1": "（一）予以公开",
    "3.2": "（二）部分公开", "3.3.1": "（三）不予公开 1.属于国家秘密", "3.4.1": "（四）无法提供 1.本机关不掌握相关政府信息",
    "3.5.1": "（五）不予处理 1.信访举报投诉类申请", "3.6.1": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "3.6": "（六）其他处理", "3.7": "（七）总计", "4": "四、结转下年度继续办理",
}


def _applicant(label: str) -> str | None:
    text = squeeze(label)
    for code, pattern in _APPLICANT:
        if pattern.match(text):
            return code
    orgs = L.apply_subcolumn_order(text)
    return orgs[0] if len(orgs) == 1 and len(text) <= 8 else None


def _form_label(code: str) -> str:
    if code in _LABELS:
        return _LABELS[code]
    from .form import all_cells

    for cell in all_cells():
        if cell.table == "apply" and cell.row == code:
            return cell.row_label
    return code


def _header_codes(row: Row) -> tuple[int, tuple[str, ...]] | None:
    """(index of the first value column, the form rows it names) when ``row`` is a transposed header."""
    texts = [c.text for c in row.cells]
    for version in ("2021", "2019"):
        codes = apply_rows(version)
        start = len(texts) - len(codes)
        if start < 1 or any(texts[i].strip() for i in range(start) if i > 0 and _applicant(texts[i])):
            continue
        named = [L.apply_row(t) if t.strip() else None for t in texts[start:]]
        if named[0] != "1" or named[1] != "2" or named[-1] != "4":
            continue
        # every label that names a row names its own place (sub-rows read alone may name a sibling of
        # another group: 其他 is 3.6.3 only at its place, so only exact agreement counts)
        agree = sum(1 for n, c in zip(named, codes, strict=True) if n == c)
        if agree * 3 < len(codes) * 2:
            continue
        if any(n is not None and n != c and L.APPLY_ORDER.get(n, -1) > L.APPLY_ORDER.get(c, -1) + 1
               for n, c in zip(named, codes, strict=True)):
            continue
        return start, codes
    return None


def untranspose(rows: list[Row]) -> list[Row]:
    """``rows`` with every transposed table 三 block replaced by the rows the form prints."""
    if not any(len(r.cells) >= 20 for r in rows):
        return rows
    out: list[Row] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        found = _header_codes(row) if len(row.cells) >= 20 and row.kind != "line" else None
        if found is None:
            out.append(row)
            i += 1
            continue
        start, codes = found
        columns: dict[str, list[Cell]] = {}
        j = i + 1
        while j < len(rows):
            cells = rows[j].cells
            label = next((c.text for c in cells[:start] if c.text.strip()), "")
            col = _applicant(label) if label else None
            if col is None or len(cells) - start != len(codes) or col in columns:
                break
            columns[col] = cells[start:]
            j += 1
        if not set(APPLY_COLS) <= columns.keys():
            out.append(row)
            i += 1
            continue
        out.append(Row([Cell("申请人情况"), *[Cell(t) for t in ("自然人", "商业企业", "科研机构", "社会公益组织",
                                                              "法律服务机构", "其他", "总计")]], row.kind))
        for k, code in enumerate(codes):
            out.append(Row([Cell(_form_label(code)), *[Cell(columns[c][k].text) for c in APPLY_COLS]], row.kind))
        i = j
    return out
