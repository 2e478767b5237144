"""Parser behaviour on the ways real reports stray from the form, one quirk per test.

Each fixture is a small hand-written document with varied non-zero numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys

from parsers import parse_document
from parsers.decode import decode

APPLY_HEAD = """<tr><td rowspan=3 colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan={span}>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan={sub}>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td>{extra}</tr>"""

RESULT_ROWS = [
    ("（一）予以公开", None), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("1.属于国家秘密", "（三）不予公开"), ("2.其他法律行政法规禁止公开", None), ("3.危及“三安全一稳定”", None),
    ("4.保护第三方合法权益", None), ("5.属于三类内部事务信息", None), ("6.属于四类过程性信息", None),
    ("7.属于行政执法案卷", None), ("8.属于行政查询事项", None),
    ("1.本机关不掌握相关政府信息", "（四）无法提供"), ("2.没有现成信息需要另行制作", None), ("3.补正后申请内容仍不明确", None),
    ("1.信访举报投诉类申请", "（五）不予处理"), ("2.重复申请", None), ("3.要求提供公开出版物", None),
    ("4.无正当理由大量反复申请", None), ("5.要求行政机关确认或重新出具已获取信息", None),
]
CODES = ["3.1", "3.2"] + [f"3.3.{i}" for i in range(1, 9)] + [f"3.4.{i}" for i in range(1, 4)] + [
    f"3.5.{i}" for i in range(1, 6)]


def _row(values: list[int]) -> list[int]:
    return values + [sum(values)]


def apply_values(seed: int = 1) -> dict[str, list[int]]:
    """Varied numbers that satisfy every rule of table 三."""
    rows = {code: _row([(seed * 7 + i * 3 + j * 5) % 9 for j in range(6)]) for i, code in enumerate(CODES)}
    for i, code in enumerate(("3.6.1", "3.6.2", "3.6.3")):
        rows[code] = _row([(seed + i + j) % 4 for j in range(6)])
    rows["3.7"] = [sum(r[j] for r in rows.values()) for j in range(7)]
    rows["4"] = _row([(seed + j) % 3 + 1 for j in range(6)])
    rows["2"] = _row([j % 2 for j in range(6)])
    rows["1"] = [rows["3.7"][j] + rows["4"][j] - rows["2"][j] for j in range(7)]
    return rows


def rebalance(rows: dict[str, list[int]]) -> dict[str, list[int]]:
    """Recompute 3.7 and row 1 after a test changes a result row, so every rule holds again."""
    results = CODES + ["3.6.1", "3.6.2", "3.6.3"]
    rows["3.7"] = [sum(rows[c][j] for c in results) for j in range(7)]
    rows["1"] = [rows["3.7"][j] + rows["4"][j] - rows["2"][j] for j in range(7)]
    return rows


def tds(values: list) -> str:
    return "".join(f"<td>{v}</td>" for v in values)


def apply_table(rows: dict[str, list[int]], single_other: bool = False, subtotal: bool = False) -> str:
    def cells(code: str) -> list:
        v = rows[code]
        return v[:6] + [sum(v[1:6])] + v[6:] if subtotal else v

    out = [APPLY_HEAD.format(span=8 if subtotal else 7, sub=6 if subtotal else 5,
                             extra="<td>小计</td>" if subtotal else "")]
    out.append(f"<tr><td colspan=3>一、本年新收政府信息公开申请数量</td>{tds(cells('1'))}</tr>")
    out.append(f"<tr><td colspan=3>二、上年结转政府信息公开申请数量</td>{tds(cells('2'))}</tr>")
    for i, ((label, group), code) in enumerate(zip(RESULT_ROWS, CODES, strict=True)):
        head = "<td rowspan=24>三、本年度办理结果</td>" if i == 0 else ""
        if group:
            size = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5}[group]
            out.append(f"<tr>{head}<td rowspan={size}>{group}</td><td>{label}</td>{tds(cells(code))}</tr>")
        elif code in ("3.1", "3.2"):
            out.append(f"<tr>{head}<td colspan=2>{label}</td>{tds(cells(code))}</tr>")
        else:
            out.append(f"<tr><td>{label}</td>{tds(cells(code))}</tr>")
    if single_other:
        merged = [sum(rows[f"3.6.{i}"][j] for i in (1, 2, 3)) for j in range(7)]
        out.append(f"<tr><td colspan=2>（六）其他处理</td>{tds(merged[:6] + [sum(merged[1:6])] + merged[6:] if subtotal else merged)}</tr>")
    else:
        labels = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
        for i, label in enumerate(labels, 1):
            group = "<td rowspan=3>（六）其他处理</td>" if i == 1 else ""
            out.append(f"<tr>{group}<td>{label}</td>{tds(cells(f'3.6.{i}'))}</tr>")
    out.append(f"<tr><td colspan=2>（七）总计</td>{tds(cells('3.7'))}</tr>")
    out.append(f"<tr><td colspan=3>四、结转下年度继续办理</td>{tds(cells('4'))}</tr>")
    return "<table>" + "\n".join(out) + "</table>"


ACTIVE_2021 = """<table><tr><td colspan=4>第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>2</td><td>1</td><td>17</td></tr><tr><td>行政规范性文件</td><td>9</td><td>4</td><td>63</td></tr>
<tr><td colspan=4>第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan=3>1523</td></tr><tr><td colspan=4>第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr><tr><td>行政处罚</td><td colspan=3>88</td></tr>
<tr><td>行政强制</td><td colspan=3>6</td></tr><tr><td colspan=4>第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan=3>本年收费金额（单位：万元）</td></tr><tr><td>行政事业性收费</td><td colspan=3>37.25</td></tr>
</table>"""

REVIEW = [3, 1, 2, 1, 7, 2, 0, 1, 1, 4, 1, 1, 0, 2, 4]
REVIEW_HEAD = """<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
<tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td><td rowspan=2>尚未审结</td>
<td rowspan=2>总计</td><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>
<tr>""" + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2 + "</tr>"


def report_html(apply_html: str, review_html: str | None = None, title: str = "某市交通运输局2023年政府信息公开工作年度报告",
                charset: str = "utf-8") -> str:
    review_html = review_html or f"<table>{REVIEW_HEAD}<tr>{tds(REVIEW)}</tr></table>"
    return f"""<html><head><meta charset="{charset}"><title>{title}_某市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a><a href="/nb/">信息公开年报</a></div>
<h1>{title}</h1><p>发布时间：2024-01-18</p>
<div class="TRS_Editor"><p>一、总体情况</p><p>2023年共收到申请75件，行政复议7件。</p>
<p>二、主动公开政府信息情况</p>{ACTIVE_2021}<p>三、收到和处理政府信息公开申请情况</p>{apply_html}
<p>四、政府信息公开行政复议、行政诉讼情况</p>{review_html}<p>五、存在的主要问题及改进情况</p><p>无。</p></div>
<div class="footer">相关链接 2022年政府信息公开工作年度报告 12345</div></body></html>"""


def parse(html: str, **kw) -> dict:
    return parse_document(html.encode(kw.pop("encoding", "utf-8")), source="t.html", **kw).to_json()


def assert_apply(cells: dict, rows: dict[str, list[int]], skip: tuple[str, ...] = ()) -> None:
    cols = ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total")
    for code, values in rows.items():
        if code in skip:
            continue
        got = [cells[f"apply/{code}/{c}"] for c in cols]
        assert got == values, code


def test_merged_cell_table_with_varied_numbers() -> None:
    rows = apply_values(2)
    got = parse(report_html(apply_table(rows)))
    assert got["title"] == "某市交通运输局2023年政府信息公开工作年度报告"
    assert (got["agency"], got["year"], got["published_date"], got["form_version"]) == (
        "某市交通运输局", 2023, "2024-01-18", "2021")
    assert_apply(got["cells"], rows)
    assert got["cells"]["active/regulation/in_force"] == 17
    assert got["cells"]["active/normative_doc/repealed"] == 4
    assert got["cells"]["active/license/decisions"] == 1523
    assert got["cells"]["active/fee/fee_amount"] == 37.25
    assert [got["cells"][f"review/litigation_after_review/{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == REVIEW[10:]
    assert got["inferred"] == [] and all(c["ok"] for c in got["checks"])
    assert len(got["checks"]) == 7 + 7 + 25 + 3


def test_subtotal_column_does_not_shift_values() -> None:
    rows = apply_values(3)
    got = parse(report_html(apply_table(rows, subtotal=True)))
    assert_apply(got["cells"], rows)
    assert any("小计" in w for w in got["warnings"])


def test_2021_report_with_the_single_other_row_keeps_it_and_nulls_subrows() -> None:
    rows = apply_values(4)
    got = parse(report_html(apply_table(rows, single_other=True)))
    merged = [sum(rows[f"3.6.{i}"][j] for i in (1, 2, 3)) for j in range(7)]
    assert got["form_version"] == "2021"
    assert got["cells"]["apply/3.6/natural_person"] == merged[0]
    assert got["cells"]["apply/3.6.1/natural_person"] is None  # not determined: the sum is non-zero
    assert_apply(got["cells"], rows, skip=("3.6.1", "3.6.2", "3.6.3"))


def test_single_other_row_of_zeros_determines_its_subrows() -> None:
    rows = apply_values(5)
    for i in (1, 2, 3):
        rows[f"3.6.{i}"] = [0] * 7
    rebalance(rows)
    got = parse(report_html(apply_table(rows, single_other=True)))
    assert got["cells"]["apply/3.6.2/enterprise"] == 0
    assert "apply/3.6.2/enterprise" in got["inferred"]


def test_review_table_published_as_two_tables() -> None:
    split = (f"<table><tr><td colspan=5>行政复议</td></tr><tr>{tds(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'])}</tr>"
             f"<tr>{tds(REVIEW[:5])}</tr></table><table><tr><td colspan=10>行政诉讼</td></tr>"
             f"<tr><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
             f"<tr>{tds(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] * 2)}</tr><tr>{tds(REVIEW[5:])}</tr>"
             f"<tr>{'<td>&nbsp;</td>' * 10}</tr></table>")
    got = parse(report_html(apply_table(apply_values(6)), review_html=split))
    assert [got["cells"][f"review/review/{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == REVIEW[:5]
    assert got["cells"]["review/litigation_direct/total"] == 4
    assert got["cells"]["review/litigation_after_review/pending"] == 2


def test_short_row_that_the_rules_cannot_place_stays_null() -> None:
    rows = apply_values(7)
    html = apply_table(rows)
    # print row 3.3.5 with one number missing and the results total broken: nothing pins the gap
    five = rows["3.3.5"]
    html = html.replace(f"<td>5.属于三类内部事务信息</td>{tds(five)}", f"<td>5.属于三类内部事务信息</td>{tds(five[:3] + five[4:])}")
    html = html.replace(f"<td colspan=2>（七）总计</td>{tds(rows['3.7'])}", f"<td colspan=2>（七）总计</td>{tds([v + 1 for v in rows['3.7']])}")
    got = parse(report_html(html))
    assert all(got["cells"][f"apply/3.3.5/{c}"] is None for c in ("natural_person", "total"))
    assert not any(i.startswith("apply/3.3.5/") for i in got["inferred"])
    assert got["cells"]["apply/3.3.4/total"] == rows["3.3.4"][6]


def test_short_row_placed_by_the_rules_is_marked_inferred() -> None:
    rows = apply_values(8)
    five = rows["3.3.5"]
    html = apply_table(rows).replace(f"<td>5.属于三类内部事务信息</td>{tds(five)}",
                                     f"<td>5.属于三类内部事务信息</td>{tds(five[:2] + five[3:])}")
    got = parse(report_html(html))
    assert [got["cells"][f"apply/3.3.5/{c}"] for c in ("natural_person", "enterprise", "research", "total")] == [
        five[0], five[1], five[2], five[6]]
    assert {i for i in got["inferred"]} == {f"apply/3.3.5/{c}" for c in (
        "natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total")}


def test_blanks_are_null_never_zero() -> None:
    rows = apply_values(9)
    rows["3.3.2"] = [0] * 7
    rebalance(rows)
    html = apply_table(rows).replace(f"<td>2.其他法律行政法规禁止公开</td>{tds([0] * 7)}",
                                     "<td>2.其他法律行政法规禁止公开</td><td>—</td><td>/</td><td>无</td><td>&nbsp;</td><td>-</td><td></td><td>0</td>")
    got = parse(report_html(html))
    assert [got["cells"][f"apply/3.3.2/{c}"] for c in ("natural_person", "enterprise", "research", "nonprofit",
                                                        "legal_service", "other_org")] == [None] * 6
    assert got["cells"]["apply/3.3.2/total"] == 0
    assert all(c["ok"] for c in got["checks"])


def test_fullwidth_digits_units_and_split_spans() -> None:
    html = report_html(apply_table(apply_values(10))).replace(
        "<td>行政规范性文件</td><td>9</td><td>4</td><td>63</td>",
        "<td>规范性文件</td><td>９件</td><td><span>4</span></td><td><span>6</span><span>3</span>&nbsp;</td>")
    got = parse(html)
    assert [got["cells"][f"active/normative_doc/{c}"] for c in ("issued", "repealed", "in_force")] == [9, 4, 63]


def test_gbk_page_declared_gb2312_decodes_as_gb18030() -> None:
    rows = apply_values(11)
    html = report_html(apply_table(rows), charset="gb2312").replace("总体情况", "总体情况（镕）")  # 镕 is GBK, not GB2312
    data = html.encode("gb18030")
    got = parse_document(data, source="g.html", content_type="text/html").to_json()
    assert got["agency"] == "某市交通运输局"
    assert_apply(got["cells"], rows)
    assert decode(data, "text/html")[0].count("镕") == 1
    assert decode(data, "text/html; charset=GBK")[1] == "gb18030"
    undeclared = html.replace('<meta charset="gb2312">', "").encode("gb18030")
    assert decode(undeclared, None)[1] == "gb18030"


def test_interpretation_and_budget_pages_are_not_reports() -> None:
    rows = apply_values(12)
    got = parse(report_html(apply_table(rows), title="图解：某市交通运输局2023年政府信息公开工作年度报告"))
    assert got["form_version"] is None and got["cells"] == {}
    budget = "<html><body><h1>某市交通运输局2023年部门决算</h1><table><tr><td>支出</td><td>12.3</td></tr></table></body></html>"
    got = parse(budget)
    assert got["form_version"] is None and got["cells"] == {}


def test_pre_2019_free_text_report_has_no_form() -> None:
    html = ("<html><body><h1>某县环保局2017年政府信息公开工作年度报告</h1><p>发布日期：2018-03-01</p>"
            "<p>一、概述</p><p>2017年主动公开信息120条，收到申请5件，全部按时答复。</p></body></html>")
    got = parse(html)
    assert (got["year"], got["form_version"], got["cells"], got["published_date"]) == (2017, None, {}, "2018-03-01")


def test_unreadable_input_is_an_error_and_the_command_goes_on(tmp_path) -> None:
    good = tmp_path / "r.html"
    good.write_text(report_html(apply_table(apply_values(13))), encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    out = subprocess.run([sys.executable, "-m", "crawler.cli", "parse", str(broken), str(tmp_path / "missing.html"),
                          str(good)], capture_output=True, text=True, check=False)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [("error" in line) for line in lines] == [True, True, False]
    assert lines[2]["cells"]["apply/1/total"] == apply_values(13)["1"][6]
    assert out.returncode == 0


def test_header_row_with_a_phantom_empty_cell_is_still_a_header() -> None:
    html = report_html(apply_table(apply_values(14))).replace(
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>",
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td><td>&nbsp;</td></tr>").replace(
        "<tr><td>规章</td><td>2</td><td>1</td><td>17</td></tr>", "<tr><td>规章</td><td>无</td><td>1件</td><td>17</td><td></td></tr>")
    got = parse(html)
    assert [got["cells"][f"active/regulation/{c}"] for c in ("issued", "repealed", "in_force")] == [None, 1, 17]


def test_report_page_without_tables_has_no_form() -> None:
    html = ("<html><body><h1>某区统计局2023年政府信息公开工作年度报告</h1><p>发布时间：2024-01-20</p>"
            "<p>详见附件：<a href='/P020240120.pdf'>某区统计局2023年政府信息公开工作年度报告.pdf</a></p></body></html>")
    got = parse(html)
    assert (got["form_version"], got["cells"], got["year"]) == (None, {}, 2023)
    assert any("no statistical tables" in w for w in got["warnings"])


def _flattened(rows: dict[str, list], blank_cells: dict[str, list[int]] | None = None,
               spacing_after: tuple[str, ...] = ()) -> str:
    """Table 三 flattened one cell per <p>, the way some portals publish it; blanks as <p>&nbsp;</p>."""
    labels = {"1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量",
              "3.7": "（七）总计", "4": "四、结转下年度继续办理",
              **{code: label for (label, _), code in zip(RESULT_ROWS, CODES, strict=True)},
              "3.6.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "3.6.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.6.3": "3.其他"}
    order = ["1", "2", *CODES[:2], *CODES[2:10], *CODES[10:13], *CODES[13:], "3.6.1", "3.6.2", "3.6.3", "3.7", "4"]
    out = ["<p>申请人情况</p><p>自然人</p><p>法人或其他组织</p><p>总计</p><p>商业企业</p><p>科研机构</p>"
           "<p>社会公益组织</p><p>法律服务机构</p><p>其他</p>"]
    for code in order:
        if code == "3.6.1":
            out.append("<p>（六）其他处理</p>")
        out.append(f"<p>{labels[code]}</p>")
        for i, v in enumerate(rows[code]):
            blank = i in (blank_cells or {}).get(code, [])
            out.append("<p>&nbsp;</p>" if blank else f"<p>{v}</p>")
        if code in spacing_after:
            out.append("<p>&nbsp;</p>")
    return "\n".join(out)


def test_empty_paragraphs_are_blank_cells_only_where_the_row_adds_up() -> None:
    rows = apply_values(15)
    rows["3.3.6"] = [4, 0, 0, 0, 3, 0, 7]
    rebalance(rows)
    # 3.3.6 prints its zeros as empty paragraphs; a spacing paragraph follows row 二
    html = report_html(_flattened(rows, {"3.3.6": [1, 2, 3, 5]}, spacing_after=("2",)))
    got = parse(html)
    assert [got["cells"][f"apply/3.3.6/{c}"] for c in ("natural_person", "enterprise", "legal_service", "total")] == [
        4, None, 3, 7]
    assert [got["cells"][f"apply/2/{c}"] for c in ("natural_person", "total")] == [rows["2"][0], rows["2"][6]]
    assert_apply(got["cells"], rows, skip=("3.3.6",))


def test_a_spacing_paragraph_never_completes_a_short_row() -> None:
    rows = apply_values(16)
    total = rows["3.7"]
    html = _flattened(rows, spacing_after=("3.7",))
    # (七)总计 printed with six numbers (its 其他 column lost), then a spacing paragraph
    html = html.replace("".join(f"<p>{v}</p>\n" for v in total), "".join(
        f"<p>{v}</p>\n" for i, v in enumerate(total) if i != 5))
    got = parse(report_html(html))
    values = [got["cells"][f"apply/3.7/{c}"] for c in ("natural_person", "enterprise", "research", "nonprofit",
                                                        "legal_service", "other_org", "total")]
    assert values == total  # placed by the rules (results add up to it), never shifted by the spacing
    assert "apply/3.7/other_org" in got["inferred"]
