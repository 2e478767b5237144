"""A spreadsheet report whose table 三 prints a 小计 column under 法人或其他组织.

Laid out like the real attachments that carry it: one sheet, tables 二 三 四 one under the other,
table 四 fifteen columns wide (so every row of table 三 has empty cells right of its 总计 column),
merged header cells (申请人情况 over D:K, 法人或其他组织 over E:J including 小计), the 小计 printed
as text cells. Every one of the 200 cells must be read, the 小计 left out.
"""

from __future__ import annotations

import io

import pytest

from parsers import parse_document
from tests.test_parse_quirks import CODES, RESULT_ROWS, apply_values, assert_apply

COLS = ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total")
ACTIVE = {"规章": [3, 1, 42], "行政规范性文件": [11, 2, 95]}
REVIEW = [4, 2, 1, 3, 10, 2, 1, 0, 3, 6, 1, 2, 1, 1, 5]
GROUPS = {"3.3.1": ("（三）不予公开", 8), "3.4.1": ("（四）无法提供", 3), "3.5.1": ("（五）不予处理", 5),
          "3.6.1": ("（六）其他处理", 3)}
OTHER_LABELS = {"3.6.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "3.6.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.6.3": "3.其他"}


def _xlsx(rows: dict[str, list[int]], subtotal: bool, subtotal_as_text: bool = True) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "某县人民政府2024年政府信息公开工作年度报告统计表"
    ws["A3"] = "二、主动公开政府信息情况"
    ws["A4"] = "第二十条第（一）项"
    ws.merge_cells("A4:D4")
    for c, v in zip("ABCD", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), strict=True):
        ws[f"{c}5"] = v
    for r, (label, values) in enumerate(ACTIVE.items(), 6):
        ws[f"A{r}"] = label
        for c, v in zip("BCD", values, strict=True):
            ws[f"{c}{r}"] = v
    for base, head, col_head, items in (
            (8, "第二十条第（五）项", "本年处理决定数量", [("行政许可", 2417)]),
            (11, "第二十条第（六）项", "本年处理决定数量", [("行政处罚", 58), ("行政强制", 7)]),
            (15, "第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", 12.5)])):
        ws[f"A{base}"] = head
        ws.merge_cells(f"A{base}:D{base}")
        ws[f"A{base + 1}"] = "信息内容"
        ws[f"B{base + 1}"] = col_head
        for i, (label, value) in enumerate(items, base + 2):
            ws[f"A{i}"] = label
            ws[f"B{i}"] = value

    ws["A20"] = "三、收到和处理政府信息公开申请情况"
    ws["A21"] = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    ws.merge_cells("A21:C23")
    last = "K" if subtotal else "J"
    ws["D21"] = "申请人情况"
    ws.merge_cells(f"D21:{last}21")
    ws["D22"] = "自然人"
    ws.merge_cells("D22:D23")
    ws["E22"] = "法人或其他组织"
    ws.merge_cells(f"E22:{'J' if subtotal else 'I'}22")
    ws[f"{last}22"] = "总计"
    ws.merge_cells(f"{last}22:{last}23")
    subs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] + (["小计"] if subtotal else [])
    for c, v in zip("EFGHIJ", subs, strict=False):
        ws[f"{c}23"] = v

    def values(r: int, code: str) -> None:
        v = rows[code]
        printed: list[int | str] = list(v)
        if subtotal:
            sub = sum(v[1:6])
            printed = v[:6] + [str(sub) if subtotal_as_text else sub] + v[6:]
        for c, x in zip("DEFGHIJK", printed, strict=False):
            ws[f"{c}{r}"] = x

    r = 24
    for label, code in (("一、本年新收政府信息公开申请数量", "1"), ("二、上年结转政府信息公开申请数量", "2")):
        ws[f"A{r}"] = label
        ws.merge_cells(f"A{r}:C{r}")
        values(r, code)
        r += 1
    ws[f"A{r}"] = "三、本年度办理结果"
    ws.merge_cells(f"A{r}:A{r + 21}")
    labelled = [*zip(CODES, (label for label, _ in RESULT_ROWS), strict=True), *OTHER_LABELS.items()]
    for code, label in labelled:
        if code in ("3.1", "3.2"):
            ws[f"B{r}"] = label
            ws.merge_cells(f"B{r}:C{r}")
        else:
            if code in GROUPS:
                group, size = GROUPS[code]
                ws[f"B{r}"] = group
                ws.merge_cells(f"B{r}:B{r + size - 1}")
            ws[f"C{r}"] = label
        values(r, code)
        r += 1
    ws[f"B{r}"] = "（七）总计"
    ws.merge_cells(f"B{r}:C{r}")
    values(r, "3.7")
    r += 1
    ws[f"A{r}"] = "四、结转下年度继续办理"
    ws.merge_cells(f"A{r}:C{r}")
    values(r, "4")

    r += 2
    ws[f"A{r}"] = "四、政府信息公开行政复议、行政诉讼情况"
    ws[f"A{r + 1}"] = "行政复议"
    ws.merge_cells(f"A{r + 1}:E{r + 1}")
    ws[f"F{r + 1}"] = "行政诉讼"
    ws.merge_cells(f"F{r + 1}:O{r + 1}")
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    for c, v in zip("ABCDE", results, strict=True):
        ws[f"{c}{r + 2}"] = v
        ws.merge_cells(f"{c}{r + 2}:{c}{r + 3}")
    ws[f"F{r + 2}"] = "未经复议直接起诉"
    ws.merge_cells(f"F{r + 2}:J{r + 2}")
    ws[f"K{r + 2}"] = "复议后起诉"
    ws.merge_cells(f"K{r + 2}:O{r + 2}")
    for c, v in zip("FGHIJKLMNO", results * 2, strict=True):
        ws[f"{c}{r + 3}"] = v
    for c, v in zip("ABCDEFGHIJKLMNO", REVIEW, strict=True):
        ws[f"{c}{r + 4}"] = v
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _check_all_cells(got: dict, rows: dict[str, list[int]]) -> None:
    cells = got["cells"]
    assert len(cells) == 200 and all(v is not None for v in cells.values()), [k for k, v in cells.items() if v is None]
    assert_apply(cells, rows)
    assert [cells[f"active/regulation/{c}"] for c in ("issued", "repealed", "in_force")] == ACTIVE["规章"]
    assert [cells[f"active/normative_doc/{c}"] for c in ("issued", "repealed", "in_force")] == ACTIVE["行政规范性文件"]
    assert (cells["active/license/decisions"], cells["active/penalty/decisions"], cells["active/coercion/decisions"],
            cells["active/fee/fee_amount"]) == (2417, 58, 7, 12.5)
    review = [cells[f"review/{r}/{c}"] for r in ("review", "litigation_direct", "litigation_after_review")
              for c in ("upheld", "corrected", "other", "pending", "total")]
    assert review == REVIEW
    assert got["inferred"] == [] and got["checks"] and all(c["ok"] for c in got["checks"])
    assert not any("not read" in w or "cannot be placed" in w for w in got["warnings"]), got["warnings"]


@pytest.mark.parametrize("subtotal_as_text", [True, False])
def test_xlsx_with_subtotal_column_reads_all_200_cells(subtotal_as_text: bool) -> None:
    rows = apply_values(5)
    assert sum(v for r in rows.values() for v in r[1:6]) > 0  # the 小计 differs from every neighbour somewhere
    got = parse_document(_xlsx(rows, subtotal=True, subtotal_as_text=subtotal_as_text), source="t.xlsx").to_json()
    assert got["form_version"] == "2021"
    _check_all_cells(got, rows)
    assert any("小计" in w for w in got["warnings"])


def test_xlsx_header_row_with_trailing_empty_cells_is_not_a_row() -> None:
    """Without 小计: the header rows (…总计, …其他) are not taken for rows 3.7 and 3.6.3."""
    rows = apply_values(6)
    got = parse_document(_xlsx(rows, subtotal=False), source="t.xlsx").to_json()
    _check_all_cells(got, rows)
    assert not any("小计" in w for w in got["warnings"])
