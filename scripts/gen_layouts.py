"""Generate reports in varied table layouts with known cells, to measure the parser (not a test: slow).

    PYTHONPATH=. .venv/bin/python scripts/gen_layouts.py OUT [--seed N] [--n N] [--pdf]
    PYTHONPATH=. .venv/bin/python scripts/score_sets.py OUT -v --by-format

Why a generator of its own: the red teams' sets are held out, and fixtures written by hand drift
towards what the parser already reads. Each document draws its numbers at random (the form's
accounting rules hold, unless an arithmetic error is put in on purpose and listed in ``failed``)
and a random set of layout quirks real reports show:

- header rows of table 三 merged and split differently (申请人情况 over two or three rows, 法人或其他组织
  dropped, a 小计 column, organisation columns in another order, an extra 备注 column);
- the 2019 and 2021 forms' wording, table 三 split over two pages with its header repeated, a
  footnote row inside the table, page footers between rows;
- zeros printed as 0, blank, —, / or 无 (all ``zero_marks``: null or 0 are both right), thousands
  separators, full-width digits, units (件);
- renderings: HTML tables, space-aligned text (values right- or left-aligned, long labels wrapped
  onto continuation lines), tab-separated text, Markdown pipes, and with ``--pdf`` a LibreOffice PDF
  of the HTML read back by ``pdftotext`` with and without ``-layout``.

Writes OUT/expected.json in the flat layout scripts/score_sets.py reads.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

ORGS = ["enterprise", "research", "nonprofit", "legal_service", "other_org"]
COLS = ["natural_person", *ORGS]
ORG_LABEL = {"enterprise": "商业企业", "research": "科研机构", "nonprofit": "社会公益组织",
             "legal_service": "法律服务机构", "other_org": "其他"}
R33 = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
       "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
R34 = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
R35 = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
       "5.要求行政机关确认或重新出具已获取信息"]
R36 = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
       "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def result_rows(form: str) -> list[str]:
    rows = ["3.1", "3.2"] + [f"3.3.{i}" for i in range(1, 9)] + [f"3.4.{i}" for i in range(1, 4)]
    rows += [f"3.5.{i}" for i in range(1, 6)]
    return rows + (["3.6.1", "3.6.2", "3.6.3"] if form == "2021" else ["3.6"])


def numbers(form: str, rng: random.Random, density: float) -> dict[str, float]:
    """Every cell of the form, the accounting rules holding. ``density``: how many cells are non-zero."""
    c: dict[str, float] = {}
    if form == "2021":
        for row in ("regulation", "normative_doc"):
            iss, rep = rng.randint(0, 30), rng.randint(0, 9)
            c[f"active/{row}/issued"], c[f"active/{row}/repealed"] = iss, rep
            c[f"active/{row}/in_force"] = rng.randint(rep, 400) + iss
        c["active/license/decisions"] = rng.choice([rng.randint(1, 90), rng.randint(1000, 25000)])
        c["active/penalty/decisions"] = rng.randint(0, 3000)
        c["active/coercion/decisions"] = rng.randint(0, 60)
        c["active/fee/fee_amount"] = round(rng.uniform(0, 900), 2)
    else:
        for row in ("regulation", "normative_doc"):
            made = rng.randint(0, 20)
            c[f"active/{row}/new_made"], c[f"active/{row}/new_published"] = made, made
            c[f"active/{row}/total_published"] = made + rng.randint(3, 300)
        for row in ("license", "other_service", "penalty", "coercion"):
            c[f"active/{row}/prev_items"] = rng.randint(1, 400)
            c[f"active/{row}/change"] = rng.randint(0, 20)
            c[f"active/{row}/decisions"] = rng.randint(0, 4000)
        c["active/fee/prev_items"], c["active/fee/change"] = rng.randint(0, 30), rng.randint(0, 3)
        c["active/procurement/procurement_items"] = rng.randint(0, 50)
        c["active/procurement/procurement_amount"] = round(rng.uniform(0, 5000), 2)
    rows = result_rows(form)
    weights = {"3.1": 10, "3.2": 3, "3.4.1": 4, "3.5.2": 1, "3.3.4": 1, "3.5.1": 1}
    for col in COLS:
        big = col == "natural_person"
        new = rng.randint(5, 1600) if big else (rng.randint(1, 40) if rng.random() < density else 0)
        carried = rng.randint(0, 9) if rng.random() < density else 0
        pending = rng.randint(0, min(new + carried, 8)) if rng.random() < density else 0
        done = new + carried - pending
        res = dict.fromkeys(rows, 0)
        picks = [r for r in rows if rng.random() < density] or ["3.1"]
        for _ in range(done):
            r = rng.choices(picks, [weights.get(p, 0.3) for p in picks])[0]
            res[r] += 1
        c[f"apply/1/{col}"], c[f"apply/2/{col}"], c[f"apply/4/{col}"] = new, carried, pending
        for r in rows:
            c[f"apply/{r}/{col}"] = res[r]
        c[f"apply/3.7/{col}"] = done
    for r in ["1", "2", *rows, "3.7", "4"]:
        c[f"apply/{r}/total"] = sum(c[f"apply/{r}/{col}"] for col in COLS)
    for row in ("review", "litigation_direct", "litigation_after_review"):
        vals = [rng.choice([0, 0, 1, 2, 4, 7]) for _ in range(4)]
        for k, v in zip(("upheld", "corrected", "other", "pending"), vals, strict=True):
            c[f"review/{row}/{k}"] = v
        c[f"review/{row}/total"] = sum(vals)
    return c


class Q(dict):
    """A document's quirks: name → setting."""


def fmt(cid: str, v: float, q: Q) -> str:
    """A value as the document prints it; a zero may print as a zero mark."""
    if v == 0 and not cid.startswith("active/") and q.get("zero_mark") is not None:
        return q["zero_mark"]
    if isinstance(v, float) and not float(v).is_integer() or cid.endswith("fee_amount") or cid.endswith("amount"):
        s = f"{v:.2f}"
    else:
        s = str(int(v))
        if q.get("thousands") and v >= 1000:
            s = f"{int(v):,}"
    if q.get("signed") and cid.endswith("/change") and v > 0:
        s = "+" + s
    if q.get("signed") == "minus":  # typeset: the minus sign, not a hyphen
        s = s.replace("-", "−")
    if q.get("fullwidth") and (cid.endswith("/total") or q.get("fullwidth") == "all"):
        s = s.translate(FULLWIDTH).replace("-", "－").replace("+", "＋")
    if q.get("units") and cid.startswith("apply/1/"):
        s += "件"
    return s


def C(t: str, cs: int = 1, rs: int = 1, v: str | None = None) -> dict:
    return {"t": t, "cs": cs, "rs": rs, "v": v}


def active_grid(form: str, c: dict, q: Q) -> list[list[dict]]:
    def V(cid: str, cs: int = 1) -> dict:
        return C(fmt(cid, c[cid], q), cs, 1, cid)
    if form == "2021":
        g = [[C("第二十条第（一）项", 4)], [C("信息内容"), C("本年制发件数"), C("本年废止件数"), C("现行有效件数")]]
        for key, lab in (("regulation", "规章"), ("normative_doc", "行政规范性文件")):
            g.append([C(lab), V(f"active/{key}/issued"), V(f"active/{key}/repealed"), V(f"active/{key}/in_force")])
        g += [[C("第二十条第（五）项", 4)], [C("信息内容"), C("本年处理决定数量", 3)],
              [C("行政许可"), V("active/license/decisions", 3)],
              [C("第二十条第（六）项", 4)], [C("信息内容"), C("本年处理决定数量", 3)],
              [C("行政处罚"), V("active/penalty/decisions", 3)], [C("行政强制"), V("active/coercion/decisions", 3)],
              [C("第二十条第（八）项", 4)], [C("信息内容"), C("本年收费金额（单位：万元）", 3)],
              [C("行政事业性收费"), V("active/fee/fee_amount", 3)]]
        return g
    g = [[C("第二十条第（一）项", 4)], [C("信息内容"), C("本年新制作数量"), C("本年新公开数量"), C("对外公开总数量")]]
    for key, lab in (("regulation", "规章"), ("normative_doc", "规范性文件")):
        g.append([C(lab), V(f"active/{key}/new_made"), V(f"active/{key}/new_published"),
                  V(f"active/{key}/total_published")])
    for item in ("（五）", "（六）"):
        g += [[C(f"第二十条第{item}项", 4)], [C("信息内容"), C("上一年项目数量"), C("本年增/减"), C("处理决定数量")]]
        for key, lab in ((("license", "行政许可"), ("other_service", "其他对外管理服务事项")) if item == "（五）" else
                         (("penalty", "行政处罚"), ("coercion", "行政强制"))):
            g.append([C(lab), V(f"active/{key}/prev_items"), V(f"active/{key}/change"), V(f"active/{key}/decisions")])
    g += [[C("第二十条第（八）项", 4)], [C("信息内容"), C("上一年项目数量", 2), C("本年增/减")],
          [C("行政事业性收费"), V("active/fee/prev_items", 2), V("active/fee/change")],
          [C("第二十条第（九）项", 4)], [C("信息内容"), C("采购项目数量", 2), C("采购总金额")],
          [C("政府集中采购"), V("active/procurement/procurement_items", 2), V("active/procurement/procurement_amount")]]
    return g


def apply_header(q: Q) -> list[list[dict]]:
    orgs = [ORG_LABEL[o] for o in q["org_order"]] + (["小计"] if q.get("subtotal") else [])
    extra = [C("备注", 1, 3)] if q.get("remark") else []
    norg = len(orgs)
    lead = C("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
    if q["header"] == "three":
        return [[lead, C("申请人情况", norg + 2), *extra],
                [C("自然人", 1, 2), C("法人或其他组织", norg), C("总计", 1, 2)],
                [C(o) for o in orgs]]
    if q["header"] == "two":  # 申请人情况 left out: 法人或其他组织 over the organisations, the rest over two rows
        extra = [C("备注", 1, 2)] if q.get("remark") else []
        return [[C("申请人情况", 3, 2), C("自然人", 1, 2), C("法人或其他组织", norg), C("总计", 1, 2), *extra],
                [C(o) for o in orgs]]
    # "flat": one header row of every column under a title row
    extra = [C("备注")] if q.get("remark") else []
    return [[C("申请人情况", 3 + norg + 2 + len(extra))],
            [C("", 3), C("自然人"), *[C(o) for o in orgs], C("总计"), *extra]]


def apply_grid(form: str, c: dict, q: Q) -> list[list[list[dict]]]:
    """Table 三 as one grid, or two (split over pages, the header repeated)."""
    def vals(r: str) -> list[dict]:
        out = [C(fmt(f"apply/{r}/{col}", c[f"apply/{r}/{col}"], q), v=f"apply/{r}/{col}") for col in
               ["natural_person", *q["org_order"]]]
        if q.get("subtotal"):
            st = sum(c[f"apply/{r}/{o}"] for o in ORGS)
            out.append(C(fmt(f"apply/{r}/subtotal", st, q)))
        out.append(C(fmt(f"apply/{r}/total", c[f"apply/{r}/total"], q), v=f"apply/{r}/total"))
        if q.get("remark"):
            out.append(C(q["remark"] if r == "1" else ""))
        return out
    head = [[C("一、本年新收政府信息公开申请数量", 3), *vals("1")],
            [C("二、上年结转政府信息公开申请数量", 3), *vals("2")]]
    res = [[C("（一）予以公开", 2), *vals("3.1")],
           [C("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2), *vals("3.2")]]
    groups = [("（三）不予公开", "3.3", R33), ("（四）无法提供", "3.4", R34), ("（五）不予处理", "3.5", R35)]
    if form == "2021":
        groups.append(("（六）其他处理", "3.6", R36))
    for label, code, subs in groups:
        for i, lab in enumerate(subs):
            lab = lab.replace(".", q["mark"], 1)
            res.append(([C(label, 1, len(subs))] if i == 0 else []) + [C(lab), *vals(f"{code}.{i + 1}")])
    if form == "2019":
        res.append([C("（六）其他处理", 2), *vals("3.6")])
    res.append([C("（七）总计", 2), *vals("3.7")])
    width = 3 + len(vals("1"))
    if q.get("footnote"):  # a note row between two groups of rows (never inside a merged group label)
        at = q["footnote"]
        res.insert(at, [C("注：本机关对同一申请人就同一内容提出的多次申请按一件统计。", width - 1)])
        if q.get("split") and q["split"] >= at:
            q["split"] += 1
    tail = [[C("四、结转下年度继续办理", 3), *vals("4")]]
    if not q.get("split"):
        res[0] = [C("三、本年度办理结果", 1, len(res)), *res[0]]
        return [apply_header(q) + head + res + tail]
    k = q["split"]
    first, second = res[:k], res[k:]
    first[0] = [C("三、本年度办理结果", 1, len(first)), *first[0]]
    second[0] = [C("三、本年度办理结果", 1, len(second)), *second[0]]
    return [apply_header(q) + head + first, apply_header(q) + second + tail]


def apply_transposed(form: str, c: dict, q: Q) -> list[list[dict]]:
    """Table 三 turned on its side: applicants down, the form's rows across (a shape some reports use)."""
    rows = ["1", "2", *result_rows(form), "3.7", "4"]
    names = {"1": "本年新收", "2": "上年结转", "3.1": "予以公开", "3.2": "部分公开", "3.6": "其他处理",
             "3.7": "办理总计", "4": "结转下年度"}
    names.update({f"3.3.{i + 1}": lab.split(".", 1)[1][:6] for i, lab in enumerate(R33)})
    names.update({f"3.4.{i + 1}": lab.split(".", 1)[1][:6] for i, lab in enumerate(R34)})
    names.update({f"3.5.{i + 1}": lab.split(".", 1)[1][:6] for i, lab in enumerate(R35)})
    names.update({"3.6.1": "逾期不补正", "3.6.2": "逾期未缴纳费用", "3.6.3": "其他"})
    head = [C("申请人情况")] + [C(names.get(r, r)) for r in rows]
    out = [head]
    for col, lab in [("natural_person", "自然人"), *[(o, ORG_LABEL[o]) for o in ORGS], ("total", "总计")]:
        out.append([C(lab)] + [C(fmt(f"apply/{r}/{col}", c[f"apply/{r}/{col}"], q), v=f"apply/{r}/{col}")
                               for r in rows])
    return out


def review_grid(c: dict, q: Q) -> list[list[dict]]:
    g = [[C("行政复议", 5), C("行政诉讼", 10)],
         [C("结果维持", 1, 2), C("结果纠正", 1, 2), C("其他结果", 1, 2), C("尚未审结", 1, 2), C("总计", 1, 2),
          C("未经复议直接起诉", 5), C("复议后起诉", 5)],
         [C(x) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2]]
    g.append([C(fmt(f"review/{r}/{k}", c[f"review/{r}/{k}"], q), v=f"review/{r}/{k}")
              for r in ("review", "litigation_direct", "litigation_after_review")
              for k in ("upheld", "corrected", "other", "pending", "total")])
    return g


def expand(grid: list[list[dict]]) -> list[list[dict | None]]:
    """The grid with merged cells placed: a cell at its top-left position, None where it spans."""
    occ: dict[tuple[int, int], bool] = {}
    placed: list[tuple[int, int, dict]] = []
    ncols = 0
    for r, row in enumerate(grid):
        col = 0
        for cell in row:
            while (r, col) in occ:
                col += 1
            placed.append((r, col, cell))
            for dr in range(cell["rs"]):
                for dc in range(cell["cs"]):
                    occ[(r + dr, col + dc)] = True
            col += cell["cs"]
        ncols = max(ncols, col)
    out: list[list[dict | None]] = [[None] * ncols for _ in grid]
    for r, col, cell in placed:
        out[r][col] = cell
    return out


def _fill_docx_table(t, ex: list[list[dict | None]]) -> None:
    """Write an expanded grid into a python-docx table, merging the cells that span; shared by the
    plain and the nested-in-a-layout-table DOCX shapes."""
    # one snapshot of the grid's cells: ``t.cell(r, c)`` rebuilds the whole list on every call, which
    # made a report's DOCX cost seconds; the spans never overlap, so no snapshot cell is swallowed
    # before it is used
    cells, ncols = t._cells, len(t.columns)
    for r, row in enumerate(ex):
        for col, c in enumerate(row):
            if c is None:
                continue
            cell = cells[r * ncols + col]
            if c["rs"] > 1 or c["cs"] > 1:
                cell = cell.merge(cells[(r + c["rs"] - 1) * ncols + col + c["cs"] - 1])
            cell.text = c["t"]


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


# ── renderings ──────────────────────────────────────────────────────────────────────────────
def _td(c: dict, q: Q) -> str:
    span = (f" colspan={c['cs']}" if c["cs"] > 1 else "") + (f" rowspan={c['rs']}" if c["rs"] > 1 else "")
    text = html.escape(c["t"])
    return f"<td{span}>" + (f"<p>{text}</p>" if q.get("p_cells") else text) + "</td>"


def render_html(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    parts = []
    for heading, grids in tables:
        parts.append(f"<p>{html.escape(heading)}</p>")
        for n, g in enumerate(grids):
            if n:
                parts.append(f"<p>— 第 {n + 2} 页 —</p>")
            rows = []
            for row in g:
                tds = "".join(_td(c, q) for c in row)
                rows.append(f"<tr>{tds}</tr>")
            parts.append("<table border=1>" + "".join(rows) + "</table>")
    return "".join(parts)


def _label_width(q: Q) -> int:
    return q.get("label_width", 40)


def render_aligned(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    """Space-aligned text: each value column right- (or left-) aligned at fixed places, labels of a row's
    merged cells joined in front, long labels wrapped onto continuation lines; blanks print as nothing."""
    lines: list[str] = []
    colw = q.get("col_width", 9)
    lw = _label_width(q)
    for heading, grids in tables:
        lines += ["", heading, ""]
        for n, g in enumerate(grids):
            if n:
                lines += ["", f"{'':>30}— {n + 5} —", ""]
            # a column as wide as its widest value (and two spaces), as typed or laid out by a tool
            widths: dict[int, int] = {}
            for row in expand(g):
                first = min((i for i, c in enumerate(row) if c is not None and c["v"] is not None), default=None)
                if first is not None:
                    for k, c in enumerate(row[first:]):
                        widths[k] = max(widths.get(k, colw), width(c["t"]) + 2 if c is not None else 0)
            for row in expand(g):
                label_cells = [c for c in row if c is not None and c["v"] is None and c["t"]]
                value_cells = [(i, c) for i, c in enumerate(row) if c is not None and c["v"] is not None]
                first_value_col = min((i for i, _ in value_cells), default=len(row))
                labels = [c["t"] for i, c in enumerate(row) if c is not None and i < first_value_col and c["t"]]
                if not value_cells:
                    if q.get("names_wrap") and any(len(c["t"]) >= 4 for c in label_cells):
                        # column names two characters a line, as a narrow column wraps them
                        lines.append("    ".join(c["t"][:2] for c in label_cells))
                        lines.append("    ".join(c["t"][2:] or "  " for c in label_cells))
                        continue
                    lines.append("    ".join(c["t"] for c in label_cells))
                    continue
                label = " ".join(labels)
                wrapped = []
                while width(label) > lw:
                    cut = 0
                    while width(label[:cut + 1]) <= lw:
                        cut += 1
                    while cut > 1 and (label[cut] in "．.、，）)”：" or label[cut - 1].isdigit()):
                        cut -= 1  # no line starts with punctuation, a number stays with its mark
                    wrapped.append(label[:cut])
                    label = label[cut:]
                first = (wrapped[0] if wrapped else label)
                rest = (wrapped[1:] + [label]) if wrapped else []
                line = first + " " * (lw + 2 - width(first))
                ncells = len(row) - first_value_col
                for k in range(ncells):
                    c = row[first_value_col + k]
                    t = c["t"] if c is not None else ""
                    w = widths.get(k, colw)
                    line += (" " * (w - width(t)) + t) if q.get("align", "right") == "right" else (t + " " * (w - width(t)))
                lines.append(line.rstrip())
                lines += ["  " + r for r in rest if r]
    return "\n".join(lines)


def render_pipes_bare(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    """Markdown pipe tables without outer pipes (as pandoc and some editors write them): a blank
    first cell is a line starting with " | ", a blank last one a line ending with "| "."""
    lines: list[str] = []
    for heading, grids in tables:
        lines += ["", heading, ""]
        for g in grids:
            ex = expand(g)
            for k, row in enumerate(ex):
                lines.append(" | ".join(c["t"] if c is not None else "" for c in row))
                if k == 0:
                    lines.append(" | ".join([":---:"] * len(row)))
    return "\n".join(lines)


def render_html_nested(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    """A UEditor/CMS page: the report sits in a layout table, each form table nested in one of its
    cells, every cell's text in <p><span> with &nbsp; padding."""
    inner = []
    for heading, grids in tables:
        inner.append(f"<tr><td><p><strong>{html.escape(heading)}</strong></p></td></tr>")
        for g in grids:
            rows = []
            for row in g:
                tds = "".join(
                    "<td" + (f" colspan=\"{c['cs']}\"" if c["cs"] > 1 else "")
                    + (f" rowspan=\"{c['rs']}\"" if c["rs"] > 1 else "")
                    + " style=\"border:1px solid #000\"><p style=\"text-align:center\"><span>&nbsp;"
                    + html.escape(c["t"]) + "&nbsp;</span></p></td>" for c in row)
                rows.append(f"<tr>{tds}</tr>")
            inner.append("<tr><td><table class=\"ke-zeroborder\" width=\"100%\"><tbody>" + "".join(rows)
                         + "</tbody></table></td></tr>")
    return "<table width=\"100%\" class=\"layout\"><tbody>" + "".join(inner) + "</tbody></table>"


def render_html_wps(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    """Word/WPS "save as web page": MsoNormal paragraphs, digits split over spans, column names of
    table 四 wrapped with <br>, a trailing zero-height row."""
    def cell_html(c: dict) -> str:
        t = c["t"]
        if c["v"] is not None and len(t) > 1:
            body = "".join(f"<span lang=EN-US style='font-size:10.5pt'>{html.escape(t[i:i + 1])}</span>"
                           for i in range(len(t)))
        elif c["v"] is None and len(t) == 4 and t.startswith(("结果", "其他", "尚未")):
            body = f"<span>{html.escape(t[:2])}<br>{html.escape(t[2:])}</span>"
        else:
            body = f"<span style='font-family:宋体'>{html.escape(t)}</span>"
        span = (f" colspan={c['cs']}" if c["cs"] > 1 else "") + (f" rowspan={c['rs']}" if c["rs"] > 1 else "")
        return f"<td{span} valign=center style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center>{body}</p></td>"
    parts = []
    for heading, grids in tables:
        parts.append(f"<p class=MsoNormal><b><span>{html.escape(heading)}</span></b></p>")
        for g in grids:
            rows = ["<tr>" + "".join(cell_html(c) for c in row) + "</tr>" for row in g]
            ncols = len(expand(g)[0])
            rows.append("<tr height=0>" + "<td style='border:none'></td>" * ncols + "</tr>")
            parts.append("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>" + "".join(rows)
                         + "</table>")
    return "".join(parts)


def render_html_pgrid(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    """No table at all: each row a paragraph, its cells apart by ideographic spaces (a CMS that
    stripped the table tags)."""
    parts = []
    for heading, grids in tables:
        parts.append(f"<p>{html.escape(heading)}</p>")
        for g in grids:
            for row in expand(g):
                texts = [c["t"] if c is not None else "" for c in row]
                parts.append("<p>" + "\u3000\u3000".join(html.escape(t) for t in texts if t) + "</p>")
    return "".join(parts)


def review_transposed(c: dict, q: Q) -> list[list[dict]]:
    """Table 四 as three rows (行政复议, 未经复议直接起诉, 复议后起诉) of five columns."""
    g = [[C("项目"), *[C(x) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]]]]
    for key, lab in (("review", "行政复议"), ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
                     ("litigation_after_review", "行政诉讼（复议后起诉）")):
        g.append([C(lab), *[C(fmt(f"review/{key}/{k}", c[f"review/{key}/{k}"], q), v=f"review/{key}/{k}")
                            for k in ("upheld", "corrected", "other", "pending", "total")]])
    return g


def render_html_th(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    """A CMS table with its header rows in <thead> as <th> cells, a <colgroup> and a <caption>."""
    parts = []
    for heading, grids in tables:
        for g in grids:
            head_rows = next((i for i, row in enumerate(g) if any(c["v"] is not None for c in row)), len(g))
            if heading.startswith("二"):
                head_rows = 0  # table 二's sub-headers sit between its rows
            ncols = len(expand(g)[0])
            out = [f"<table class='table'><caption>{html.escape(heading)}</caption><colgroup>"
                   + "<col width='80'>" * ncols + "</colgroup>"]
            if head_rows:
                out.append("<thead>" + "".join("<tr>" + "".join(
                    "<th" + (f" colspan='{c['cs']}'" if c["cs"] > 1 else "") + (f" rowspan='{c['rs']}'" if c["rs"] > 1
                                                                                 else "") + f">{html.escape(c['t'])}</th>"
                    for c in row) + "</tr>" for row in g[:head_rows]) + "</thead>")
            out.append("<tbody>" + "".join("<tr>" + "".join(_td(c, q) for c in row) + "</tr>" for row in g[head_rows:])
                       + "</tbody></table>")
            parts.append("".join(out))
    return "".join(parts)


def render_tabs_filled(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    """Tab-separated text of a spreadsheet whose merged cells were filled out: a merged label
    repeated in every cell it covered (CSV/TSV exports, "unmerge and fill")."""
    lines: list[str] = []
    for heading, grids in tables:
        lines += [heading]
        for g in grids:
            ex = expand(g)
            filled = [[None] * len(ex[0]) for _ in ex]
            for r, row in enumerate(ex):
                for col, cell in enumerate(row):
                    if cell is None:
                        continue
                    for dr in range(cell["rs"]):
                        for dc in range(cell["cs"]):
                            if r + dr < len(ex) and col + dc < len(ex[0]):
                                filled[r + dr][col + dc] = cell["t"]
            for row in filled:
                lines.append("\t".join(t or "" for t in row))
    return "\n".join(lines)


def render_docx_nested(tables: list[tuple[str, list[list[list[dict]]]]], title: str, intro: list[str],
                       outro: list[str]) -> bytes:
    """A Word document from a web page: each form table nested in the one cell of a layout table."""
    import io

    import docx

    d = docx.Document()
    d.add_paragraph(title)
    for p in intro:
        d.add_paragraph(p)
    for heading, grids in tables:
        d.add_paragraph(heading)
        for g in grids:
            ex = expand(g)
            outer = d.add_table(rows=1, cols=1)
            _fill_docx_table(outer.cell(0, 0).add_table(rows=len(ex), cols=len(ex[0])), ex)
    for p in outro:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def render_tabs(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    lines: list[str] = []
    for heading, grids in tables:
        lines += [heading]
        for g in grids:
            for row in expand(g):
                lines.append("\t".join(c["t"] if c is not None else "" for c in row).rstrip("\t"))
    return "\n".join(lines)


def render_pipes(tables: list[tuple[str, list[list[list[dict]]]]], q: Q) -> str:
    lines: list[str] = []
    for heading, grids in tables:
        lines += ["", heading, ""]
        for g in grids:
            ex = expand(g)
            for k, row in enumerate(ex):
                lines.append("| " + " | ".join(c["t"] if c is not None else "" for c in row) + " |")
                if k == 0:
                    lines.append("|" + "---|" * len(row))
    return "\n".join(lines)


def render_docx(tables: list[tuple[str, list[list[list[dict]]]]], title: str, intro: list[str],
                outro: list[str]) -> bytes:
    """A Word document: each grid a real table, merged cells merged."""
    import io

    import docx

    d = docx.Document()
    d.add_heading(title, level=1)
    for p in intro:
        d.add_paragraph(p)
    for heading, grids in tables:
        d.add_paragraph(heading)
        for g in grids:
            ex = expand(g)
            t = d.add_table(rows=len(ex), cols=len(ex[0]))
            t.style = "Table Grid"
            _fill_docx_table(t, ex)
            d.add_paragraph("")
    for p in outro:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def render_xlsx(tables: list[tuple[str, list[list[list[dict]]]]], title: str, as_text: bool = False) -> bytes:
    """A spreadsheet: the three tables one under the other on one sheet, merged ranges merged
    (``as_text``: every number stored as text, as a sheet pasted from a web page keeps them)."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1, 1, title)
    r0 = 3
    for heading, grids in tables:
        ws.cell(r0, 1, heading)
        r0 += 1
        for g in grids:
            ex = expand(g)
            for r, row in enumerate(ex):
                for col, c in enumerate(row):
                    if c is None:
                        continue
                    text = c["t"]
                    value: object = text
                    if c["v"] is not None and text.replace(",", "").isdigit() and "," not in text and not as_text:
                        value = int(text)
                    ws.cell(r0 + r, col + 1, value)
                    if c["rs"] > 1 or c["cs"] > 1:
                        ws.merge_cells(start_row=r0 + r, start_column=col + 1, end_row=r0 + r + c["rs"] - 1,
                                       end_column=col + c["cs"])
            r0 += len(ex) + 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf_text(html_text: str, layout: bool) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.html"
        src.write_text(html_text, encoding="utf-8")
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                        "pdf:writer_web_pdf_Export", "--outdir", tmp, str(src)], capture_output=True, timeout=180)
        pdf = Path(tmp) / "r.pdf"
        if not pdf.exists():
            raise RuntimeError("LibreOffice made no PDF")
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def to_chrome_pdf(html_text: str, page: str = "A4", threeline: bool = False) -> bytes:
    """Chromium's print of an HTML page (its own fonts map some glyphs to radicals: ⾏), with a
    page size that splits table 三 over pages (<thead> rows repeat on each)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.html"
        cells = ("border-top: 1px solid #000; border-bottom: 1px solid #000" if threeline
                 else "border: 1px solid #000")
        style = (f"<style>@page {{ size: {page}; margin: 12mm }} table {{ border-collapse: collapse }} "
                 f"td, th {{ {cells}; font-size: 10pt }}</style>")
        src.write_text(html_text.replace("</head>", style + "</head>", 1), encoding="utf-8")
        pdf = Path(tmp) / "r.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", src.as_uri()],
                       capture_output=True, timeout=180)
        if not pdf.exists():
            raise RuntimeError("Chromium made no PDF")
        return pdf.read_bytes()


def pdf_text(pdf: bytes, layout: bool) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout


PLACES = ["青州市", "永定区", "江油市", "沭阳县", "乐清市", "南明区", "东港市", "龙泉驿区", "临海市", "高要区"]
AGENCIES = ["人民政府", "发展和改革局", "教育局", "民政局", "自然资源局", "住房和城乡建设局", "市场监督管理局", "卫生健康委员会"]
FORMATS = ["html", "html_p", "aligned_right", "aligned_left", "aligned_wrap", "tabs", "pipes", "transposed_html",
           "docx", "xlsx", "transposed_docx"]
# session 7: shapes added after set V (kept after the old ones so the old seeds' documents stay the same)
NEW_FORMATS = ["pipes_bare", "html_nested", "html_wps", "html_pgrid", "aligned_names",
               "html_th", "tabs_filled", "docx_nested", "xlsx_text"]
# Chromium prints of those HTML shapes: the PDF, and pdftotext's text of it with and without -layout
CHROME_FORMATS = ["chrome_th", "chrome_wps", "chrome_nested", "chrome_th_layout", "chrome_wps_raw",
                  "chrome_threeline", "chrome_pgrid", "chrome_threeline_layout"]


def make(rng: random.Random, fmt_name: str, form: str) -> tuple[str | bytes, str, dict, list[str], Q]:
    density = rng.choice([0.15, 0.35, 0.7])
    c = numbers(form, rng, density)
    org_order = list(ORGS)
    q = Q(header=rng.choice(["three", "two", "flat"]), org_order=org_order, mark=rng.choice([".", "、", "．"]))
    if rng.random() < 0.25:
        i = rng.randrange(4)
        org_order[i], org_order[i + 1] = org_order[i + 1], org_order[i]
    q["zero_mark"] = rng.choice([None, None, "", "—", "/", "无"])
    for name, p in (("thousands", 0.3), ("fullwidth", 0.2), ("units", 0.15), ("subtotal", 0.15),
                    ("remark", 0.15)):
        if rng.random() < p:
            q[name] = True
    if q.get("remark"):
        q["remark"] = rng.choice(["", "无", "含网上申请"])
    if rng.random() < 0.3:
        q["split"] = rng.choice([2, 10, 13, 18])  # between groups of rows: a page ends after a table row
    if rng.random() < 0.2:
        q["footnote"] = rng.choice([1, 2, len(result_rows(form)) - (1 if form == "2019" else 3)])
    if fmt_name in CHROME_FORMATS:
        q["chrome"] = rng.choice(["A4", "A5", "B5"])
        q["chrome_text"] = {"chrome_th_layout": True, "chrome_wps_raw": False}.get(fmt_name)
        q["chrome_text"] = True if fmt_name == "chrome_threeline_layout" else q["chrome_text"]
        q["threeline"] = fmt_name.startswith("chrome_threeline")  # a 三线表: no vertical rules at all
        fmt_name = {"chrome_th": "html_th", "chrome_th_layout": "html_th", "chrome_wps": "html_wps",
                    "chrome_wps_raw": "html_wps", "chrome_nested": "html_nested", "chrome_threeline": "html",
                    "chrome_pgrid": "html_pgrid", "chrome_threeline_layout": "html"}[fmt_name]
    if fmt_name in NEW_FORMATS:
        if form == "2019" and rng.random() < 0.6:  # 本年增/减 printed signed: −7, +3
            q["signed"] = rng.choice([True, "minus"])
            for row in ("license", "other_service", "penalty", "coercion", "fee"):
                c[f"active/{row}/change"] = rng.randint(-12, 12)
        if rng.random() < 0.25:
            q["fullwidth"] = "all"
        if fmt_name == "aligned_names":
            q["names_wrap"] = True
    if fmt_name == "aligned_wrap":
        q["label_width"] = rng.choice([16, 20, 24])
    q["col_width"] = rng.choice([8, 9, 11])
    place = rng.choice(PLACES)
    agency = place + rng.choice(AGENCIES)
    year = rng.choice([2019, 2020]) if form == "2019" else rng.choice([2021, 2022, 2023, 2024])
    title = f"{agency}{year}年政府信息公开工作年度报告"
    apply_grids = [apply_transposed(form, c, q)] if fmt_name.startswith("transposed") else apply_grid(form, c, q)
    review = [review_transposed(c, q)] if fmt_name in ("html_th", "docx_nested") else [review_grid(c, q)]
    tables = [("二、主动公开政府信息情况", [active_grid(form, c, q)]),
              ("三、收到和处理政府信息公开申请情况", apply_grids),
              ("四、政府信息公开行政复议、行政诉讼情况", review)]
    intro = [f"本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}编制。", "一、总体情况",
             f"{year}年，本机关认真贯彻落实政务公开工作要求。"]
    outro = ["五、存在的主要问题及改进情况", "下一步将进一步加强培训。", "六、其他需要报告的事项", "本机关未收取信息处理费。",
             agency, f"{year + 1}年1月20日"]
    if fmt_name in ("html", "html_p", "transposed_html", "pdf_layout", "pdf_raw", "html_nested", "html_wps",
                    "html_pgrid", "html_th"):
        if fmt_name == "html_p":
            q["p_cells"] = True
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in intro)
        after = "".join(f"<p>{html.escape(p)}</p>" for p in outro)
        render = {"html_nested": render_html_nested, "html_wps": render_html_wps,
                  "html_pgrid": render_html_pgrid, "html_th": render_html_th}.get(fmt_name, render_html)
        doc = (f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
               f"<h1>{html.escape(title)}</h1>{paras}{render(tables, q)}{after}</body></html>")
        if fmt_name.startswith("pdf"):
            text = to_pdf_text(doc, fmt_name == "pdf_layout")
            return text, ".txt", c, [], q
        if q.get("chrome"):
            pdf = to_chrome_pdf(doc, q["chrome"], bool(q.get("threeline")))
            if q.get("chrome_text") is not None:
                return pdf_text(pdf, q["chrome_text"]), ".txt", c, [], q
            return pdf, ".pdf", c, [], q
        return doc, ".html", c, [], q
    if fmt_name in ("docx", "transposed_docx"):
        return render_docx(tables, title, intro, outro), ".docx", c, [], q
    if fmt_name == "docx_nested":
        return render_docx_nested(tables, title, intro, outro), ".docx", c, [], q
    if fmt_name in ("xlsx", "xlsx_text"):
        return render_xlsx(tables, title, as_text=fmt_name == "xlsx_text"), ".xlsx", c, [], q
    if fmt_name.startswith("aligned"):
        q["align"] = "left" if fmt_name == "aligned_left" else "right"
        body = render_aligned(tables, q)
    elif fmt_name == "tabs":
        body = render_tabs(tables, q)
    elif fmt_name == "tabs_filled":
        body = render_tabs_filled(tables, q)
    elif fmt_name == "pipes_bare":
        body = render_pipes_bare(tables, q)
    else:
        body = render_pipes(tables, q)
    text = "\n".join([title, "", *intro, body, *outro])
    return text, ".md" if fmt_name.startswith("pipes") else ".txt", c, [], q


def fresh_output(out: Path) -> None:
    """An empty ``out/docs`` for a generator's run (a rerun never mixes old documents with new)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)


def write_document(out: Path, name: str, doc: str | bytes) -> None:
    """One generated document: bytes as they are, text as UTF-8."""
    if isinstance(doc, bytes):
        (out / name).write_bytes(doc)
    else:
        (out / name).write_text(doc, encoding="utf-8")


def write_expected(out: Path, reports: list[dict]) -> None:
    """The truth the scorer reads (``scripts/score_sets.py``), and one line saying how many."""
    (out / "expected.json").write_text(json.dumps({"reports": reports}, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    print(f"{len(reports)} documents in {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1414)
    ap.add_argument("--n", type=int, default=3, help="documents per format and form version")
    ap.add_argument("--pdf", action="store_true", help="also PDF renderings through LibreOffice and pdftotext")
    ap.add_argument("--chrome", action="store_true", help="also Chromium prints of the new HTML shapes (and their text)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    fresh_output(args.out)
    reports = []
    formats = FORMATS + (["pdf_layout", "pdf_raw"] if args.pdf else []) + NEW_FORMATS + (
        CHROME_FORMATS if args.chrome else [])
    for fmt_name in formats:
        for form in ("2021", "2019"):
            for k in range(args.n):
                text, ext, cells, failed, q = make(rng, fmt_name, form)
                name = f"docs/{fmt_name}_{form}_{k}{ext}"
                write_document(args.out, name, text)
                zero_marks = [cid for cid, v in cells.items() if v == 0 and not cid.startswith("active/")
                              and q.get("zero_mark") is not None]
                want = {cid: v for cid, v in cells.items() if cid not in zero_marks}
                quirks = sorted(k2 for k2 in q if k2 not in ("org_order", "mark", "col_width") and q[k2] not in
                                (None, False)) + [f"header={q['header']}", f"zero={q.get('zero_mark')!r}"]
                if q["org_order"] != ORGS:
                    quirks.append("org_order")
                reports.append({"file": name, "format": fmt_name, "form": form, "cells": want,
                                "zero_marks": zero_marks, "failed": failed, "quirks": quirks})
    write_expected(args.out, reports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
