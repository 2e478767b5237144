"""Red-team documents for the parser, written from scratch (not with demo/render).

Run ``python tests/files/redteam/make.py`` to (re)write the documents and ``expected.json``.
Every number is chosen here and written down; the expected value of a cell is what a careful
reader of the document would copy: the published number, null where the document leaves it
blank (—, /, 无, empty) or does not show it, and the rule-determined value where a row is left
out and the form's note fixes it exactly (listed under ``inferred``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent

APPLY_COLS = ["natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total"]
ORG = APPLY_COLS[1:6]
R33 = [f"3.3.{i}" for i in range(1, 9)]
R34 = [f"3.4.{i}" for i in range(1, 4)]
R35 = [f"3.5.{i}" for i in range(1, 6)]
R36 = ["3.6.1", "3.6.2", "3.6.3"]
ROWS = {
    "2021": ["1", "2", "3.1", "3.2", *R33, *R34, *R35, *R36, "3.7", "4"],
    "2019": ["1", "2", "3.1", "3.2", *R33, *R34, *R35, "3.6", "3.7", "4"],
}
RESULTS = {v: [r for r in rows if r.startswith("3.") and r != "3.7"] for v, rows in ROWS.items()}
REVIEW_ROWS = ["review", "litigation_direct", "litigation_after_review"]
REVIEW_COLS = ["upheld", "corrected", "other", "pending", "total"]
ACTIVE = {
    "2021": {"regulation": ["issued", "repealed", "in_force"], "normative_doc": ["issued", "repealed", "in_force"],
             "license": ["decisions"], "penalty": ["decisions"], "coercion": ["decisions"], "fee": ["fee_amount"]},
    "2019": {"regulation": ["new_made", "new_published", "total_published"],
             "normative_doc": ["new_made", "new_published", "total_published"],
             "license": ["prev_items", "change", "decisions"],
             "other_service": ["prev_items", "change", "decisions"],
             "penalty": ["prev_items", "change", "decisions"], "coercion": ["prev_items", "change", "decisions"],
             "fee": ["prev_items", "change"], "procurement": ["procurement_items", "procurement_amount"]},
}

LABEL = {
    "1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量",
    "3.1": "（一）予以公开", "3.2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "3.3.1": "1.属于国家秘密", "3.3.2": "2.其他法律行政法规禁止公开", "3.3.3": "3.危及“三安全一稳定”",
    "3.3.4": "4.保护第三方合法权益", "3.3.5": "5.属于三类内部事务信息", "3.3.6": "6.属于四类过程性信息",
    "3.3.7": "7.属于行政执法案卷", "3.3.8": "8.属于行政查询事项",
    "3.4.1": "1.本机关不掌握相关政府信息", "3.4.2": "2.没有现成信息需要另行制作", "3.4.3": "3.补正后申请内容仍不明确",
    "3.5.1": "1.信访举报投诉类申请", "3.5.2": "2.重复申请", "3.5.3": "3.要求提供公开出版物",
    "3.5.4": "4.无正当理由大量反复申请", "3.5.5": "5.要求行政机关确认或重新出具已获取信息",
    "3.6.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "3.6.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.6.3": "3.其他", "3.6": "（六）其他处理", "3.7": "（七）总计", "4": "四、结转下年度继续办理",
}
GROUP = {"3.3": "（三）不予公开", "3.4": "（四）无法提供", "3.5": "（五）不予处理", "3.6": "（六）其他处理"}
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
FW = str.maketrans("0123456789.", "０１２３４５６７８９．")
BLANKS = {"", "—", "－", "-", "/", "／", "无", "&nbsp;", "——"}


# ---------------------------------------------------------------- data

def gen(version: str, seed: int) -> dict:
    """Values of every cell, consistent with all within-report rules."""
    rng = random.Random(seed)
    v: dict = {}
    if version == "2021":
        for row in ("regulation", "normative_doc"):
            issued = rng.randint(0, 4) if row == "regulation" else rng.randint(2, 19)
            repealed = rng.randint(0, 3)
            v[f"active/{row}/issued"], v[f"active/{row}/repealed"] = issued, repealed
            v[f"active/{row}/in_force"] = issued + rng.randint(4, 60)
        v["active/license/decisions"] = rng.randint(30, 4800)
        v["active/penalty/decisions"] = rng.randint(3, 900)
        v["active/coercion/decisions"] = rng.randint(1, 60)
        v["active/fee/fee_amount"] = round(rng.randint(1, 99999) / 100, 2)
    else:
        for row in ("regulation", "normative_doc"):
            made = rng.randint(0, 3) if row == "regulation" else rng.randint(2, 15)
            v[f"active/{row}/new_made"] = made
            v[f"active/{row}/new_published"] = made
            v[f"active/{row}/total_published"] = made + rng.randint(3, 50)
        for row in ("license", "other_service", "penalty", "coercion"):
            v[f"active/{row}/prev_items"] = rng.randint(5, 300)
            v[f"active/{row}/change"] = rng.choice([-3, -1, 0, 2, 5, 11])
            v[f"active/{row}/decisions"] = rng.randint(0, 2000)
        v["active/fee/prev_items"] = rng.randint(1, 20)
        v["active/fee/change"] = rng.choice([-2, 0, 1])
        v["active/procurement/procurement_items"] = rng.randint(1, 40)
        v["active/procurement/procurement_amount"] = round(rng.randint(1000, 900000) / 100, 2)
    scale = {"natural_person": 40, "enterprise": 12, "research": 2, "nonprofit": 2, "legal_service": 5, "other_org": 3}
    for c in APPLY_COLS[:6]:
        s = scale[c]
        tot = 0
        for r in RESULTS[version]:
            p = 0.85 if r in ("3.1", "3.4.1") else 0.3
            x = rng.randint(1, s if r != "3.1" else 3 * s) if rng.random() < p * (1 if s > 2 else 0.5) else 0
            v[f"apply/{r}/{c}"] = x
            tot += x
        v[f"apply/3.7/{c}"] = tot
        carried_in = rng.randint(0, min(3, tot)) if tot else 0
        carried_out = rng.randint(0, 3) if s > 4 else 0
        v[f"apply/2/{c}"] = carried_in
        v[f"apply/4/{c}"] = carried_out
        v[f"apply/1/{c}"] = tot + carried_out - carried_in
    for r in ROWS[version]:
        v[f"apply/{r}/total"] = sum(v[f"apply/{r}/{c}"] for c in APPLY_COLS[:6])
    for r in REVIEW_ROWS:
        vals = [rng.choice([0, 0, 1, 2, 3]) for _ in range(4)]
        for c, x in zip(REVIEW_COLS[:4], vals, strict=True):
            v[f"review/{r}/{c}"] = x
        v[f"review/{r}/total"] = sum(vals)
    return v


def all_ids(version: str) -> list[str]:
    ids = [f"active/{r}/{c}" for r, cs in ACTIVE[version].items() for c in cs]
    ids += [f"apply/{r}/{c}" for r in ROWS[version] for c in APPLY_COLS]
    ids += [f"review/{r}/{c}" for r in REVIEW_ROWS for c in REVIEW_COLS]
    return ids


class Doc:
    """One document: its values, how each value is printed, and what a reader can know."""

    def __init__(self, name: str, version: str, seed: int, **meta):
        self.name, self.version = name, version
        self.v = gen(version, seed)
        self.meta = meta
        self.expected = dict.fromkeys(all_ids(version))  # null until printed
        self.inferred: list[str] = []
        self.failed: list[list[str]] = []
        self.rules: list = []  # (predicate(cid, value) -> printed text or None)
        self.subtotal = False
        self.truth: dict = {}  # what a blank stands for (never expected from the parser)

    def num(self, cid: str) -> str:
        x = self.v[cid]
        for rule in self.rules:
            out = rule(cid, x)
            if out is not None:
                text = out
                break
        else:
            text = fmt(x)
        bare = text.replace("&nbsp;", "").replace("\u3000", "").strip()
        self.expected[cid] = None if bare in BLANKS else x
        if bare in BLANKS:
            self.truth[cid] = x
        return text

    def apply_vals(self, row: str) -> list[str]:
        vals = [self.num(f"apply/{row}/{c}") for c in APPLY_COLS]
        if self.subtotal:
            sub = sum(self.v[f"apply/{row}/{c}"] for c in ORG)
            vals.insert(6, str(sub))
        return vals


def fmt(x) -> str:
    if isinstance(x, float):
        return f"{x:.2f}"
    return str(x)


# ---------------------------------------------------------------- grids
# A grid is a list of rows; a row is a list of cells (text, rowspan, colspan, is_header).

def C(text, rs=1, cs=1, head=True):
    return (str(text), rs, cs, head)


def nums(vals):
    return [C(x, head=False) for x in vals]


def active_grid(d: Doc, drop=(), variant=None) -> list:
    g = []
    lab = variant or {}
    if d.version == "2021":
        w = 4
        g.append([C("第二十条第（一）项", cs=w)])
        g.append([C("信息内容"), C("本年制发件数"), C("本年废止件数"), C("现行有效件数")])
        for row, name in (("regulation", "规章"), ("normative_doc", "行政规范性文件")):
            if row in drop:
                continue
            g.append([C(lab.get(row, name))] + nums(d.num(f"active/{row}/{c}") for c in ACTIVE["2021"][row]))
        g.append([C("第二十条第（五）项", cs=w)])
        g.append([C("信息内容"), C("本年处理决定数量", cs=3)])
        g.append([C(lab.get("license", "行政许可")), C(d.num("active/license/decisions"), cs=3, head=False)])
        g.append([C("第二十条第（六）项", cs=w)])
        g.append([C("信息内容"), C("本年处理决定数量", cs=3)])
        for row, name in (("penalty", "行政处罚"), ("coercion", "行政强制")):
            g.append([C(lab.get(row, name)), C(d.num(f"active/{row}/decisions"), cs=3, head=False)])
        g.append([C("第二十条第（八）项", cs=w)])
        g.append([C("信息内容"), C("本年收费金额（单位：万元）", cs=3)])
        g.append([C(lab.get("fee", "行政事业性收费")), C(d.num("active/fee/fee_amount"), cs=3, head=False)])
    else:
        w = 4
        g.append([C("第二十条第（一）项", cs=w)])
        g.append([C("信息内容"), C("本年新制作数量"), C("本年新公开数量"), C("对外公开总数量")])
        for row, name in (("regulation", "规章"), ("normative_doc", "规范性文件")):
            g.append([C(name)] + nums(d.num(f"active/{row}/{c}") for c in ACTIVE["2019"][row]))
        g.append([C("第二十条第（五）项", cs=w)])
        g.append([C("信息内容"), C("上一年项目数量"), C("本年增/减"), C("处理决定数量")])
        for row, name in (("license", "行政许可"), ("other_service", "其他对外管理服务事项")):
            g.append([C(name)] + nums(d.num(f"active/{row}/{c}") for c in ACTIVE["2019"][row]))
        g.append([C("第二十条第（六）项", cs=w)])
        g.append([C("信息内容"), C("上一年项目数量"), C("本年增/减"), C("处理决定数量")])
        for row, name in (("penalty", "行政处罚"), ("coercion", "行政强制")):
            g.append([C(name)] + nums(d.num(f"active/{row}/{c}") for c in ACTIVE["2019"][row]))
        g.append([C("第二十条第（八）项", cs=w)])
        g.append([C("信息内容"), C("上一年项目数量"), C("本年增/减", cs=2)])
        g.append([C("行政事业性收费")] + nums([d.num("active/fee/prev_items")]) +
                 [C(d.num("active/fee/change"), cs=2, head=False)])
        g.append([C("第二十条第（九）项", cs=w)])
        g.append([C("信息内容"), C("采购项目数量"), C("采购总金额", cs=2)])
        g.append([C("政府集中采购")] + nums([d.num("active/procurement/procurement_items")]) +
                 [C(d.num("active/procurement/procurement_amount"), cs=2, head=False)])
    return g


def apply_header(d: Doc, lab=None) -> list:
    lab = lab or {}
    ncol = 8 if d.subtotal else 7
    orgs = [C(lab.get(c, t)) for c, t in zip(ORG, ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
                                             strict=True)]
    if d.subtotal:
        orgs.append(C("小计"))
    return [
        [C(NOTE, rs=3, cs=3), C("申请人情况", cs=ncol)],
        [C("自然人", rs=2), C("法人或其他组织", cs=ncol - 2), C("总计", rs=2)],
        orgs,
    ]


def apply_body(d: Doc, single36=False, drop=(), lab=None, split_at=None) -> list:
    """Rows of table 三 after the header. ``split_at``: row code where a page break re-creates 三."""
    lab = lab or {}
    L = {**LABEL, **lab}
    rows = ROWS[d.version] if not single36 else [r for r in ROWS["2021"] if r not in R36[1:]]
    body = []
    result_rows = [r for r in rows if r.startswith("3.") and r not in drop]
    first3 = True
    span3 = result_rows.index(split_at) if split_at else len(result_rows) + 1  # + (七)总计
    for r in rows:
        if r in drop:
            continue
        vr = "3.6" if single36 and r == "3.6.1" else r
        vals = single36_vals(d) if single36 and r == "3.6.1" else d.apply_vals(vr)
        cells = []
        if r in ("1", "2", "4"):
            cells.append(C(L[r], cs=3))
        else:
            if r == split_at:
                first3 = True
                done = result_rows.index(r) if r in result_rows else len(result_rows)
                span3 = len(result_rows) + 1 - done
            if first3:
                cells.append(C(lab.get("3", "三、本年度办理结果"), rs=span3))
                first3 = False
            grp = r.rsplit(".", 1)[0] if r.count(".") == 2 else None
            if single36 and r == "3.6.1":
                cells.append(C(L["3.6"], cs=2))
            elif grp:
                if r.endswith(".1") or r == split_at:
                    members = [x for x in rows if x.startswith(grp + ".") and x.count(".") == 2 and x not in drop]
                    if r == split_at:
                        members = members[members.index(r):]
                    elif split_at in members:
                        members = members[:members.index(split_at)]
                    cells.append(C(L.get(grp, GROUP[grp]), rs=len(members)))
                cells.append(C(L[r]))
            else:
                cells.append(C(L[r], cs=2))
        body.append(cells + nums(vals))
    return body


def single36_vals(d: Doc) -> list[str]:
    """A 2021-form report printing the 2019 single （六）其他处理 row: the sum of 3.6.1–3.6.3."""
    out = []
    for c in APPLY_COLS:
        out.append(str(sum(d.v[f"apply/{r}/{c}"] for r in R36)))
    return out


def review_grid(d: Doc) -> list:
    g = [
        [C("行政复议", cs=5), C("行政诉讼", cs=10)],
        [C("结果维持", rs=2), C("结果纠正", rs=2), C("其他结果", rs=2), C("尚未审结", rs=2), C("总计", rs=2),
         C("未经复议直接起诉", cs=5), C("复议后起诉", cs=5)],
        [C(t) for t in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2],
        nums(d.num(f"review/{r}/{c}") for r in REVIEW_ROWS for c in REVIEW_COLS),
    ]
    return g


# ---------------------------------------------------------------- renderers

def html_table(grid, attrs=' border="1" cellspacing="0" cellpadding="0" width="100%"', phantom=0) -> str:
    out = [f"<table{attrs}><tbody>"]
    for row in grid:
        tds = []
        for text, rs, cs, _ in row:
            a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{a}>{text}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    for _ in range(phantom):
        out.append('<tr style="height:0">' + "<td style=\"border:none\">&nbsp;</td>" * 15 + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


_MSO_TD = ("style='width:{w}pt;border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;\n"
           "  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:{h}pt'")


def word_table(grid, vertical=(), split_digits=True) -> str:
    out = ["<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=604\n"
           " style='width:453.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\n"
           " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"]
    for i, row in enumerate(grid):
        out.append(f" <tr style='mso-yfti-irow:{i};height:19.85pt'>")
        for text, rs, cs, head in row:
            a = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
            style = _MSO_TD.format(w=40 * cs, h=19.85)
            if head and text in vertical:
                paras = "".join(
                    "<p class=MsoNormal align=center style='text-align:center;line-height:12.0pt'>"
                    f"<span style='font-size:9.0pt;font-family:宋体;mso-bidi-font-family:宋体'>{ch}</span></p>\n  "
                    for ch in text)
            elif head:
                paras = ("<p class=MsoNormal align=center style='text-align:center;mso-line-height-alt:0pt'>"
                         f"<span style='font-size:9.0pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\";\n"
                         f"  mso-hansi-font-family:\"Times New Roman\"'>{text}</span></p>")
            else:
                if split_digits and len(text) > 1 and text.isdigit():
                    inner = "".join(f"<span lang=EN-US style='font-size:9.0pt'>{ch}</span>" for ch in text)
                else:
                    inner = f"<span lang=EN-US style='font-size:9.0pt'>{text}</span>"
                paras = ("<p class=MsoNormal align=center style='text-align:center'>"
                         f"{inner}<span lang=EN-US style='font-size:9.0pt'><o:p></o:p></span></p>")
            out.append(f"  <td width={40 * cs}{a} valign=center {style}>\n  {paras}\n  </td>")
        out.append(" </tr>")
    out.append("</table>")
    return "\n".join(out)


def cells_flat(grid) -> list[str]:
    return [text for row in grid for text, *_ in row]


def tsv_rows(grid, wrap=None) -> list[str]:
    """Tab-separated rows; ``wrap`` maps a label to the pieces it is broken into (line breaks in the cell)."""
    lines = []
    for row in grid:
        parts = []
        for text, *_ in row:
            parts.append("\n".join(wrap[text]) if wrap and text in wrap else text)
        lines.append("\t".join(parts))
    return lines


def md_rows(grid, header_rows=1) -> list[str]:
    lines = []
    for i, row in enumerate(grid):
        lines.append("| " + " | ".join(t for t, *_ in row) + " |")
        if i == header_rows - 1:
            n = max(sum(cs for _, _, cs, _ in r) for r in grid)
            lines.append("|" + "---|" * n)
    return lines


def dw(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def pad(s: str, width: int, right=False) -> str:
    gap = " " * max(1 if s else 0, width - dw(s))
    return gap + s if right else s + gap


def pdf_lines(rows, label_w=44, col_w=9) -> list[str]:
    """``rows``: (label pieces, values). Numbers go on the middle line of a wrapped label."""
    out = []
    for pieces, vals in rows:
        mid = (len(pieces) - 1) // 2 if vals else -1
        for i, piece in enumerate(pieces):
            line = pad(piece, label_w)
            if i == mid:
                line += "".join(pad(x, col_w, right=True) for x in vals)
            out.append(line.rstrip())
        if not pieces:
            out.append(" " * label_w + "".join(pad(x, col_w, right=True) for x in vals))
    return out


def wrap_cjk(s: str, n: int) -> list[str]:
    return [s[i:i + n] for i in range(0, len(s), n)] or [""]


# ---------------------------------------------------------------- page chrome

PROSE = {
    "intro": "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
             "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，编制本报告。"
             "本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问，请与{a}办公室联系（联系电话：0571-87654321）。",
    "overview": "{y}年，{a}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》，"
                "围绕中心工作，持续深化政务公开，全年通过门户网站主动公开政府信息{n}条，办理依申请公开{k}件。",
    "problems": "五、存在的主要问题及改进情况\n一是公开内容的系统性还不够强；二是政策解读形式较为单一。"
                "{y1}年，我们将进一步完善公开工作机制，加强业务培训，提升公开质量。",
    "other": "六、其他需要报告的事项\n本年度未收取信息处理费。本机关无其他需要报告的事项。",
}


def prose(d: Doc, key: str) -> str:
    y = d.meta["year"]
    return PROSE[key].format(y=y, y1=y + 1, a=d.meta["agency"], n=137 + y % 50, k=d.v["apply/1/total"])


def cms_page(body: str, *, title: str, head_extra: str = "", charset: str | None = "utf-8", chrome: str = "trs",
             info: str = "", related: list[str] | None = None, site: str = "") -> str:
    cs = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if charset else ""
    rel = "".join(f'<li><a href="./t{2020 + i}0120_{i}.html">{t}</a></li>' for i, t in enumerate(related or []))
    if chrome == "trs":
        top = ('<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a> | '
               '<a href="/zwfw/">政务服务</a></div>\n<div class="crumb">当前位置：<a href="/">首页</a> &gt; '
               '<a href="/zwgk/">政府信息公开</a> &gt; <a href="./">政府信息公开年报</a></div>')
    elif chrome == "hanweb":
        top = ('<div id="barrierfree_container"><div class="header"><span>无障碍</span> <span>长者模式</span> '
               '<span>English</span></div><div class="nav"><ul><li>首页</li><li>要闻动态</li><li>政务公开</li>'
               '<li>政务服务</li><li>互动交流</li></ul></div><div class="position">您当前的位置：首页 &gt; 信息公开 &gt; '
               '政府信息公开年报</div>')
    else:
        top = f'<div class="logo">{site}</div>'
    tail = (f'<div class="related"><h3>相关链接</h3><ul>{rel}</ul></div>' if rel else "")
    foot = ('<div class="footer"><p><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">隐私声明</a></p>'
            f'<p>主办单位：{site or "人民政府办公室"} 承办：信息中心 网站标识码：3301000012 '
            '<a href="https://beian.miit.gov.cn">浙ICP备05012345号</a> 公网安备 33010202000123号</p>'
            '<p>建议使用1920×1080分辨率 IE9以上浏览器</p></div>')
    end = "</div>" if chrome == "hanweb" else ""
    return (f"<!DOCTYPE html>\n<html>\n<head>\n{cs}<title>{title}</title>\n{head_extra}"
            '<link rel="stylesheet" href="/css/style.css">\n<script src="/js/jquery.min.js"></script>\n</head>\n'
            f'<body>\n{top}\n{info}\n<div class="article">\n{body}\n</div>\n{tail}\n{foot}\n{end}</body>\n</html>\n')


def ptag(s: str) -> str:
    return "".join(f"<p>{line}</p>\n" for line in s.split("\n"))


# ---------------------------------------------------------------- documents

DOCS: list[Doc] = []
FILES: dict[str, bytes] = {}
EXTRA: dict[str, dict] = {}


def add(d: Doc, content, **extra) -> None:
    DOCS.append(d)
    FILES[d.name] = content.encode("utf-8") if isinstance(content, str) else content
    EXTRA[d.name] = extra


def zero_as(mark: str, pred):
    return lambda cid, x: mark if x == 0 and pred(cid) else None


def h01():
    d = Doc("h01_county_office_2023.html", "2021", 101, title="铅山县人民政府办公室2023年政府信息公开工作年度报告",
            agency="铅山县人民政府办公室", year=2023, published_date="2024-01-19")
    d.rules.append(lambda cid, x: "/" if cid.startswith("review/litigation_after_review") else None)
    d.rules.append(zero_as("—", lambda c: c.startswith("apply/3.3.")))
    a = d.meta
    info = ('<table class="xxgk-info"><tr><td>索引号：</td><td>11361124014502761K/2024-00087</td><td>发布机构：</td>'
            f'<td>{a["agency"]}</td></tr><tr><td>成文日期：</td><td>2024-01-16</td><td>发布日期：</td><td>2024-01-19</td></tr>'
            '<tr><td>主题分类：</td><td>政府信息公开年报</td><td>公开方式：</td><td>主动公开</td></tr></table>')
    body = (f'<h1 class="title">{a["title"]}</h1>\n' + ptag(prose(d, "intro")) + "<p>一、总体情况</p>" +
            ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" + html_table(active_grid(d)) +
            "<p>三、收到和处理政府信息公开申请情况</p>" + html_table(apply_header(d) + apply_body(d)) +
            "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + html_table(review_grid(d)) + ptag(prose(d, "problems")) +
            ptag(prose(d, "other")) + f'<p style="text-align:right">{a["agency"]}</p><p style="text-align:right">2024年1月16日</p>')
    page = cms_page(body, title=a["title"] + "_铅山县人民政府", info=info, site="铅山县人民政府",
                    head_extra='<meta name="SiteName" content="铅山县人民政府">\n<meta name="ColumnName" content="政府信息公开年报">\n',
                    related=["铅山县人民政府办公室2022年政府信息公开工作年度报告", "铅山县人民政府办公室2021年政府信息公开工作年度报告",
                             "铅山县2023年政府信息公开工作年度报告"])
    add(d, page)


def h02():
    d = Doc("h02_city_finance_2022_word_gbk.html", "2021", 102, title="赣州市财政局2022年政府信息公开工作年度报告",
            agency="赣州市财政局", year=2022, published_date="2023-01-30")
    d.rules.append(lambda cid, x: f"&nbsp;{x}&nbsp;" if cid.startswith("apply/1/") else None)
    vert = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构"}
    a = d.meta
    body = ('<div class=WordSection1 style=\'layout-grid:15.6pt\'>\n'
            "<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;"
            f"font-family:方正小标宋简体'>{a['title']}</span></b></p>\n" +
            "".join(f"<p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>{t}</span></p>\n"
                    for t in [prose(d, "intro"), "一、总体情况", prose(d, "overview"), "二、主动公开政府信息情况"]) +
            word_table(active_grid(d), vertical=vert) +
            "<p class=MsoNormal><span style='font-size:16.0pt;font-family:黑体'>三、收到和处理政府信息公开申请情况</span></p>\n" +
            word_table(apply_header(d) + apply_body(d), vertical=vert) +
            "<p class=MsoNormal><span style='font-size:16.0pt;font-family:黑体'>四、政府信息公开行政复议、行政诉讼情况</span></p>\n" +
            word_table(review_grid(d), vertical=vert) + ptag(prose(d, "problems") + "\n" + prose(d, "other")) +
            "<p>联系人：李堃　联系电话：0797-8123456</p>\n"
            f"<p class=MsoNormal align=right style='text-align:right'>{a['agency']}</p>\n"
            "<p class=MsoNormal align=right style='text-align:right'>二〇二三年一月三十日</p>\n</div>")
    page = ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n"
            '<meta http-equiv=Content-Type content="text/html; charset=gb2312">\n<meta name=ProgId content=Word.Document>\n'
            f"<meta name=Generator content=\"Microsoft Word 15\">\n<title>{a['title']}</title>\n"
            "<style>\n<!--\n p.MsoNormal\n\t{mso-style-parent:\"\";\n\tmargin:0cm;\n\ttext-align:justify;\n\tfont-size:10.5pt;}\n-->\n</style>\n"
            f"</head>\n<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n{body}\n</body>\n</html>\n")
    add(d, page.encode("gbk"))


def h03():
    d = Doc("h03_district_edu_2021_gb18030_nodecl.html", "2021", 103, title="广州市天河区教育局2021年度政府信息公开工作年度报告",
            agency="广州市天河区教育局", year=2021, published_date="2022-01-18")
    d.rules.append(lambda cid, x: "" if x == 0 and cid.startswith("apply/3.5.") else None)
    a = d.meta
    rv = review_grid(d)
    t_review = html_table([[C("行政复议", cs=5)], rv[1][:5], rv[3][:5]])
    t_lit = html_table([[C("行政诉讼", cs=10)], [C("未经复议直接起诉", cs=5), C("复议后起诉", cs=5)], rv[2], rv[3][5:]])
    body = (f'<div class="tit">{a["title"]}</div><div class="msg">发布日期：2022/1/18　　来源：本网　　浏览次数：1,204</div>\n'
            + ptag(prose(d, "intro")) + "<p><strong>一、总体情况</strong></p>" + ptag(prose(d, "overview")) +
            "<p><strong>二、主动公开政府信息情况</strong></p>" + html_table(active_grid(d)) +
            "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>" + html_table(apply_header(d) + apply_body(d)) +
            "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>" + t_review + "<p>&nbsp;</p>" + t_lit +
            ptag(prose(d, "problems")) + ptag(prose(d, "other")))
    page = cms_page(body, title=a["title"], charset=None, chrome="plain", site="广州市天河区人民政府",
                    related=["广州市天河区教育局2020年政府信息公开工作年度报告"])
    add(d, page.replace("浙ICP", "粤ICP").encode("gb18030"))


def flat_p(grid) -> str:
    return "".join(f"<p style=\"text-align:center\">{t}</p>\n" for t in cells_flat(grid))


def h04():
    d = Doc("h04_province_natres_2024_flat_p.html", "2021", 104, title="湖南省自然资源厅2024年政府信息公开工作年度报告",
            agency="湖南省自然资源厅", year=2024, published_date="2025-01-18")
    d.meta["title_alt"] = ["【年报】湖南省自然资源厅2024年政府信息公开工作年度报告"]
    lab = {"normative_doc": "规范性文件"}
    alab = {"3.1": "(一)予以公开", "3.3": "(三)不予公开", "3.3.2": "2.其他法律行政法规禁止公开", "3.6.3": "3.其它",
            "3.5.2": "2、重复申请", "other_org": "其它"}
    a = d.meta
    body = (f'<h2>【年报】{a["title"]}</h2><div class="info">发布时间：2025年01月18日 09:30　信息来源：厅办公室　【字体：大 中 小】</div>\n'
            + ptag(prose(d, "intro")) + "<p>一、总体情况</p>" + ptag(prose(d, "overview")) +
            "<p>二、主动公开政府信息情况</p>" + flat_p(active_grid(d, variant=lab)) +
            "<p>三、收到和处理政府信息公开申请情况</p>" + flat_p(apply_header(d, lab=alab) + apply_body(d, lab=alab)) +
            "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + flat_p(review_grid(d)) + ptag(prose(d, "problems")) +
            ptag(prose(d, "other")))
    page = cms_page(body, title=f"【年报】{a['title']} - 湖南省自然资源厅", chrome="hanweb", site="湖南省自然资源厅",
                    related=["湖南省自然资源厅2023年政府信息公开工作年度报告", "湖南省自然资源厅2022年政府信息公开工作年度报告"])
    add(d, page)


def h05():
    d = Doc("h05_city_health_2019_form2019.html", "2019", 105, title="厦门市卫生健康委员会2019年政府信息公开工作年度报告",
            agency="厦门市卫生健康委员会", year=2019, published_date="2020-01-17")
    d.rules.append(lambda cid, x: f"+{x}" if cid.endswith("/change") and x > 0 else None)
    a = d.meta
    body = (f'<h1>{a["title"]}</h1>\n' + ptag(prose(d, "intro").replace("〔2021〕30号", "〔2019〕60号")) +
            "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            html_table(active_grid(d)) + "<p>三、收到和处理政府信息公开申请情况</p>" +
            html_table(apply_header(d) + apply_body(d)) + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" +
            html_table(review_grid(d)) + ptag(prose(d, "problems")) + ptag(prose(d, "other")))
    head = (f'<meta name="ArticleTitle" content="{a["title"]}">\n<meta name="PubDate" content="2020-01-17 15:40">\n'
            f'<meta name="ContentSource" content="{a["agency"]}">\n')
    page = cms_page(body, title=a["title"], head_extra=head, chrome="hanweb", site="厦门市卫生健康委员会",
                    related=["厦门市卫生健康委员会2018年政府信息公开工作年度报告"])
    add(d, page)


def h06():
    d = Doc("h06_town_2020_form2019_brlines.html", "2019", 106, title="慈溪市坎墩街道办事处2020年度政府信息公开工作年度报告",
            agency="慈溪市坎墩街道办事处", year=2020, published_date="2021-01-29")
    def br(grid):
        return "<br>\n".join(cells_flat(grid)) + "<br>\n"
    body = ('<h1>慈溪市坎墩街道办事处2020年度<br>政府信息公开工作年度报告</h1>\n<div class="time">日期：2021-01-29 '
            '来源：坎墩街道 浏览量：356</div>\n<div class="content">' + prose(d, "intro") + "<br>\n一、总体情况<br>\n" +
            prose(d, "overview") + "<br>\n二、主动公开政府信息情况<br>\n" + br(active_grid(d)) +
            "三、收到和处理政府信息公开申请情况<br>\n" + br(apply_header(d) + apply_body(d)) +
            "四、政府信息公开行政复议、行政诉讼情况<br>\n" + br(review_grid(d)) +
            prose(d, "problems").replace("\n", "<br>\n") + "<br>\n" + prose(d, "other").replace("\n", "<br>\n") +
            "<br>\n慈溪市坎墩街道办事处<br>\n2021年1月28日</div>")
    page = cms_page(body, title="慈溪市人民政府门户网站", chrome="plain", site="慈溪市人民政府",
                    related=["慈溪市坎墩街道办事处2019年度政府信息公开工作年度报告"])
    add(d, page)


def h07():
    d = Doc("h07_district_market_2022_single36.html", "2021", 107, title="成都市武侯区市场监督管理局2022年政府信息公开工作年度报告",
            agency="成都市武侯区市场监督管理局", year=2022, published_date="2023-01-13")
    d.v["apply/3.6.1/natural_person"] += 2  # the single row must carry something
    d.v["apply/3.6.3/enterprise"] += 1
    for c in ("natural_person", "enterprise"):
        inc = 2 if c == "natural_person" else 1
        d.v[f"apply/3.7/{c}"] += inc
        d.v[f"apply/1/{c}"] += inc
    for r in ("3.6.1", "3.6.3", "3.7", "1"):
        d.v[f"apply/{r}/total"] = sum(d.v[f"apply/{r}/{c}"] for c in APPLY_COLS[:6])
    a = d.meta
    body = (f'<div class="title">{a["title"]}</div>\n<div class="source">发布日期：2023-01-13　　来源：区市场监管局</div>\n' +
            ptag(prose(d, "intro")) + "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            html_table(active_grid(d)) + "<p>三、收到和处理政府信息公开申请情况</p>" +
            html_table(apply_header(d) + apply_body(d, single36=True)) + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" +
            html_table(review_grid(d)) + ptag(prose(d, "problems")) + ptag(prose(d, "other")))
    for c in APPLY_COLS:  # the report never splits （六）: the sub-rows are known only where the sum is 0
        zero = sum(d.v[f"apply/{r}/{c}"] for r in R36) == 0
        for r in R36:
            d.expected[f"apply/{r}/{c}"] = 0 if zero else None
            if zero:
                d.inferred.append(f"apply/{r}/{c}")
    page = cms_page(body, title=a["title"], chrome="trs", site="成都市武侯区人民政府")
    add(d, page)


def h08():
    d = Doc("h08_district_police_2023_pagesplit.html", "2021", 108, title="深圳市公安局福田分局2023年政府信息公开工作年度报告",
            agency="深圳市公安局福田分局", year=2023, published_date="2024-01-31")
    a = d.meta
    hdr = apply_header(d)
    body_rows = apply_body(d, split_at="3.4.2")
    cut = next(i for i, r in enumerate(body_rows) if r[0][0] == "三、本年度办理结果" and i > 2)
    t1 = html_table(hdr + body_rows[:cut])
    t2 = html_table(apply_header(d) + body_rows[cut:])
    body = (f'<h1>{a["title"]}</h1>\n<div class="pubinfo">来源：{a["agency"]}　发布时间：2024-01-31 10:22　字号：[大 中 小]</div>\n' +
            ptag(prose(d, "intro")) + "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            html_table(active_grid(d)) + "<p>三、收到和处理政府信息公开申请情况</p>" + t1 +
            '<p style="page-break-before:always">&nbsp;</p>' + t2 + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" +
            html_table(review_grid(d), phantom=1) + ptag(prose(d, "problems")) + ptag(prose(d, "other")))
    page = cms_page(body, title=a["title"], chrome="trs", site="深圳市公安局福田分局",
                    related=["深圳市公安局福田分局2022年政府信息公开工作年度报告"])
    add(d, page)


def h09():
    d = Doc("h09_city_transport_2023_xiaoji.html", "2021", 109, title="2023年绍兴市交通运输局政府信息公开工作年度报告",
            agency="绍兴市交通运输局", year=2023, published_date="2024-01-25")
    d.subtotal = True
    d.rules.append(lambda cid, x: fmt(x).translate(FW) if cid.startswith("active/") else None)
    a = d.meta
    body = (f'<h1>{a["title"]}</h1>\n<p class="date">2024-01-25</p>\n' + ptag(prose(d, "intro")) +
            "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            html_table(active_grid(d)) + "<p>三、收到和处理政府信息公开申请情况</p>" +
            html_table(apply_header(d) + apply_body(d)) + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" +
            html_table(review_grid(d)) + ptag(prose(d, "problems")) + ptag(prose(d, "other")) +
            f"<p>{a['agency']}</p><p>2024年1月24日</p>")
    head = '<meta name="PubDate" content="2024-01-25 08:51">\n'
    page = cms_page(body, title=a["title"], head_extra=head, chrome="hanweb", site="绍兴市交通运输局",
                    related=["2022年绍兴市交通运输局政府信息公开工作年度报告"])
    add(d, page)


def h10():
    d = Doc("h10_county_agri_2024_rulebreak_gbk_header.html", "2021", 110, title="临泉县农业农村局2024年政府信息公开工作年度报告",
            agency="临泉县农业农村局", year=2024, published_date="2025-01-22")
    d.v["apply/1/natural_person"] += 1
    d.v["apply/1/total"] += 1
    d.v["review/litigation_direct/total"] += 1
    d.failed = [["apply_balance", "natural_person"], ["apply_balance", "total"], ["review_total", "litigation_direct"]]
    d.rules.append(lambda cid, x: f"{x}件" if cid.startswith("apply/3.1/") or cid.startswith("apply/1/") else None)
    d.rules.append(lambda cid, x: f"{x:g}万元" if cid == "active/fee/fee_amount" else None)
    a = d.meta
    body = (f'<h1>{a["title"]}</h1>\n<div class="info">发布时间：2025-01-22 &nbsp; 信息来源：县农业农村局</div>\n' +
            ptag(prose(d, "intro")) + "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            html_table(active_grid(d)) + "<p>三、收到和处理政府信息公开申请情况</p>" +
            html_table(apply_header(d) + apply_body(d)) + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" +
            html_table(review_grid(d)) + ptag(prose(d, "problems")) + ptag(prose(d, "other")))
    page = cms_page(body, title=a["title"], charset=None, chrome="trs", site="临泉县人民政府")
    add(d, page.replace("浙ICP", "皖ICP").encode("gbk"), content_type="text/html; charset=GBK")


def h11():
    d = Doc("h11_wujiang_housing_2021_yearfirst_norow.html", "2021", 111, title="2021年度政府信息公开工作年度报告",
            agency="苏州市吴江区住房和城乡建设局", year=2021, published_date="2022-01-20")
    a = d.meta
    ag = active_grid(d, drop=("regulation",))
    ag[1] = ag[1] + [C("&nbsp;")]  # stray empty header cell
    body = (f'<div class="article-title">{a["title"]}</div>\n<div class="article-info"><span>发布日期：2022-01-20</span>'
            f'<span>来源：{a["agency"]}</span><span>点击数：88</span></div>\n' +
            ptag(prose(d, "intro")) + "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            html_table(ag) + "<p>三、收到和处理政府信息公开申请情况</p>" +
            html_table(apply_header(d) + apply_body(d)) + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" +
            html_table(review_grid(d)) + ptag(prose(d, "problems")) + ptag(prose(d, "other")) +
            f"<p>{a['agency']}</p><p>2022年1月19日</p>")
    head = f'<meta name="ContentSource" content="{a["agency"]}">\n<meta name="PubDate" content="2022-01-20 17:05">\n'
    page = cms_page(body, title=a["title"] + "-苏州市吴江区人民政府", head_extra=head, chrome="hanweb", site="苏州市吴江区人民政府",
                    related=["2020年度政府信息公开工作年度报告", "2019年度政府信息公开工作年度报告"])
    add(d, page)


# ------------------------------------------------------------------ text layouts

def text_report(d: Doc, head: str, t2: list[str], t3: list[str], t4: list[str], tail: str, blank=False) -> str:
    sep = "\n\n" if blank else "\n"
    parts = [head, prose(d, "intro"), "一、总体情况", prose(d, "overview"), "二、主动公开政府信息情况", *t2,
             "三、收到和处理政府信息公开申请情况", *t3, "四、政府信息公开行政复议、行政诉讼情况", *t4,
             prose(d, "problems"), prose(d, "other"), tail]
    return sep.join(parts) + "\n"


def t01():
    d = Doc("t01_county_transport_2024_lines.txt", "2021", 201, title="永春县交通运输局2024年政府信息公开工作年度报告",
            agency="永春县交通运输局", year=2024, published_date="2025-01-15")
    d.rules.append(zero_as("—", lambda c: c.startswith("apply/3.5.") or c.startswith("apply/3.6.")))
    hdr = apply_header(d)
    lines = cells_flat(hdr)
    lines = [x if x != "商业企业" else "商业\n企业" for x in lines]
    lines = [x if x != "社会公益组织" else "社会公益\n组织" for x in lines]
    a = d.meta
    head = f"{a['title']}\n来源：永春县交通运输局　　发布时间：2025-01-15 09:30　　浏览次数：\n【字体：大 中 小】 打印"
    tail = "永春县交通运输局\n2025年1月14日\n\n相关链接：\n永春县交通运输局2023年政府信息公开工作年度报告\n永春县人民政府 版权所有"
    txt = text_report(d, head, cells_flat(active_grid(d)), lines + cells_flat(apply_body(d)), cells_flat(review_grid(d)),
                      tail, blank=True)
    add(d, txt)


def t02():
    d = Doc("t02_city_env_2022_tsv_wrapped.txt", "2021", 202, title="南平市生态环境局2022年政府信息公开工作年度报告",
            agency="南平市生态环境局", year=2022, published_date="2023-01-28")
    wrap = {LABEL["3.2"]: ["（二）部分公开（区分处理的，", "只计这一情形，不计其他情", "形）"],
            LABEL["3.6.1"]: ["1.申请人无正当理由逾期不", "补正、行政机关不再处理其", "政府信息公开申请"],
            LABEL["3.6.2"]: ["2.申请人逾期未按收费通知", "要求缴纳费用、行政机关不", "再处理其政府信息公开申请"],
            LABEL["3.5.5"]: ["5.要求行政机关确认或重新", "出具已获取信息"],
            LABEL["1"]: ["一、本年新收政府信息", "公开申请数量"], LABEL["2"]: ["二、上年结转政府信息", "公开申请数量"],
            NOTE: ["（本列数据的勾稽关系为：第", "一项加第二项之和，等于第三", "项加第四项之和）"],
            "本年收费金额（单位：万元）": ["本年收费金额", "（单位：万元）"]}
    a = d.meta
    head = f"{a['title']}\n\n首页 > 信息公开 > 法定主动公开内容 > 政府信息公开年报"
    tail = "南平市生态环境局\n2023年1月28日"
    txt = text_report(d, head, tsv_rows(active_grid(d), wrap), tsv_rows(apply_header(d) + apply_body(d), wrap),
                      tsv_rows(review_grid(d), wrap), tail)
    add(d, txt)


def t03():
    d = Doc("t03_province_justice_2023_md.md", "2021", 203, title="浙江省司法厅2023年政府信息公开工作年度报告",
            agency="浙江省司法厅", year=2023, published_date="2024-01-26")
    d.rules.append(zero_as("", lambda c: c.startswith("review/")))
    a = d.meta
    head = f"# {a['title']}\n\n发布日期：2024-01-26　　信息来源：浙江省司法厅办公室"
    act = active_grid(d)
    t2 = ["\n".join(md_rows(act[i:j], header_rows=1)) for i, j in ((0, 4), (4, 7), (7, 11), (11, 14))]
    t3 = ["\n".join(md_rows(apply_header(d) + apply_body(d), header_rows=3))]
    t4 = ["\n".join(md_rows(review_grid(d), header_rows=3))]
    txt = text_report(d, head, t2, t3, t4, "浙江省司法厅\n2024年1月25日", blank=True)
    add(d, txt)


def pdf_apply_rows(d: Doc, single36=False, wrap_n=14) -> list:
    """(label pieces, values) rows for a pdftotext -layout rendering of table 三."""
    rows = []
    for r in ROWS[d.version]:
        vals = d.apply_vals(r)
        if r in ("1", "2", "4"):
            pieces = wrap_cjk(LABEL[r], wrap_n)
        elif r in ("3.1", "3.2", "3.7") or r == "3.6" and d.version == "2019":
            pieces = wrap_cjk(LABEL[r], wrap_n)
            if r == "3.1":
                pieces = ["三、本年度" + "  " + pieces[0], "办理结果"] + pieces[1:]
        else:
            grp = r.rsplit(".", 1)[0]
            lab = wrap_cjk(LABEL[r], wrap_n - 7)
            first = r.endswith(".1")
            pieces = [(pad(GROUP[grp], 16) if first and i == 0 else " " * 16) + p for i, p in enumerate(lab)]
        rows.append((pieces, vals))
    return rows


def t04():
    d = Doc("t04_city_hrss_2021_pdflayout.txt", "2021", 204, title="宁波市人力资源和社会保障局2021年政府信息公开工作年度报告",
            agency="宁波市人力资源和社会保障局", year=2021, published_date="2022-01-25")
    act = [(["第二十条第（一）项"], []), (["信息内容"], ["本年制", "本年废", "现行有"]), ([""], ["发件数", "止件数", "效件数"])]
    for row, name in (("regulation", "规章"), ("normative_doc", "行政规范性文件")):
        act.append(([pad("", 6) + name], [d.num(f"active/{row}/{c}") for c in ACTIVE["2021"][row]]))
    act += [(["第二十条第（五）项"], []), (["信息内容"], ["本年处理决定数量"]),
            ([pad("", 6) + "行政许可"], [d.num("active/license/decisions")]),
            (["第二十条第（六）项"], []), (["信息内容"], ["本年处理决定数量"]),
            ([pad("", 6) + "行政处罚"], [d.num("active/penalty/decisions")]),
            ([pad("", 6) + "行政强制"], [d.num("active/coercion/decisions")]),
            (["第二十条第（八）项"], []), (["信息内容"], ["本年收费金额（单位：万元）"]),
            ([pad("", 6) + "行政事业性收费"], [d.num("active/fee/fee_amount")])]
    hdr = [(["（本列数据的勾稽关系为：第一项加"], ["申请人情况"]),
           (["第二项之和，等于第三项加第四项之"], ["", "法人或其他组织"]),
           (["和）"], ["自然人", "商业", "科研", "社会公", "法律服", "其他", "总计"]),
           ([""], ["", "企业", "机构", "益组织", "务机构"])]
    ap = pdf_apply_rows(d)
    cut = 12  # page break after 3.3.6
    page2 = pdf_lines(ap[:cut], col_w=8)
    page3 = pdf_lines(ap[cut:], col_w=8)
    rv = review_grid(d)
    rv_lines = ["          行政复议                                      行政诉讼",
                "                                       未经复议直接起诉                  复议后起诉",
                " 结果  结果  其他  尚未        结果  结果  其他  尚未          结果  结果  其他  尚未",
                " 维持  纠正  结果  审结  总计  维持  纠正  结果  审结  总计    维持  纠正  结果  审结  总计",
                "".join(pad(t, 6, right=True) for t, *_ in rv[3])]
    out = ["                 宁波市人力资源和社会保障局2021年", "                   政府信息公开工作年度报告", "",
           prose(d, "intro"), "一、总体情况", prose(d, "overview"), "二、主动公开政府信息情况", "",
           *pdf_lines(act, col_w=10), "", "                                  — 3 —", "\f三、收到和处理政府信息公开申请情况", "",
           *pdf_lines(hdr, col_w=8), *page2, "", "                                  — 4 —",
           "\f" + pdf_lines(hdr, col_w=8)[0], *pdf_lines(hdr, col_w=8)[1:], *page3, "",
           "四、政府信息公开行政复议、行政诉讼情况", "", *rv_lines, "", prose(d, "problems"), prose(d, "other"), "",
           "                                              宁波市人力资源和社会保障局", "                                                    2022年1月25日",
           "                                  — 5 —", ""]
    add(d, "\n".join(out))


def t05():
    d = Doc("t05_street_2023_spaces.txt", "2021", 205, title="杭州市上城区湖滨街道办事处2023年政府信息公开工作年度报告",
            agency="杭州市上城区湖滨街道办事处", year=2023, published_date="2024-01-18")
    a = d.meta

    def sp(grid):
        return [" ".join(t for t, *_ in row) for row in grid]
    rv = review_grid(d)
    t4 = [" ".join(t for t, *_ in rv[0]), " ".join(t for t, *_ in rv[1]), " ".join(t for t, *_ in rv[2]),
          " ".join(t for t, *_ in rv[3])]
    head = f"{a['title']}\n发布时间：2024/1/18 阅读次数：57"
    txt = text_report(d, head, sp(active_grid(d)), sp(apply_header(d) + apply_body(d)), t4,
                      "杭州市上城区湖滨街道办事处\n2024年1月17日\n上一篇：杭州市上城区湖滨街道办事处2022年政府信息公开工作年度报告")
    add(d, txt)


def t06():
    d = Doc("t06_district_housing_2020_pdflayout_2019.txt", "2019", 206,
            title="南京市鼓楼区住房保障和房产局2020年政府信息公开工作年度报告",
            agency="南京市鼓楼区住房保障和房产局", year=2020, published_date="2021-01-20")
    d.rules.append(lambda cid, x: f"+{x}" if cid.endswith("/change") and x > 0 else None)
    act = [(["第二十条第（一）项"], []), (["    信息内容"], ["本年新", "本年新", "对外公开"]), ([""], ["制作数量", "公开数量", "总数量"])]
    for row, name in (("regulation", "规章"), ("normative_doc", "规范性文件")):
        act.append(([pad("", 4) + name], [d.num(f"active/{row}/{c}") for c in ACTIVE["2019"][row]]))
    for item, rows in (("（五）", (("license", "行政许可"), ("other_service", "其他对外管理服务事项"))),
                       ("（六）", (("penalty", "行政处罚"), ("coercion", "行政强制")))):
        act += [([f"第二十条第{item}项"], []), (["    信息内容"], ["上一年项", "本年增/减", "处理决定"]),
                ([""], ["目数量", "", "数量"])]
        for row, name in rows:
            pieces = wrap_cjk(name, 8)
            act.append(([pad("", 4) + p for p in pieces], [d.num(f"active/{row}/{c}") for c in ACTIVE["2019"][row]]))
    act += [(["第二十条第（八）项"], []), (["    信息内容"], ["上一年项目数量", "本年增/减"]),
            (["    行政事业性收费"], [d.num("active/fee/prev_items"), d.num("active/fee/change")]),
            (["第二十条第（九）项"], []), (["    信息内容"], ["采购项目数量", "采购总金额"]),
            (["    政府集中采购"], [d.num("active/procurement/procurement_items"), d.num("active/procurement/procurement_amount")])]
    hdr = [(["（本列数据的勾稽关系为：第一项加"], ["申请人情况"]),
           (["第二项之和，等于第三项加第四项之"], ["", "法人或其他组织"]),
           (["和）"], ["自然人", "商业企业", "科研机构", "社会公益", "法律服务", "其他", "总计"]),
           ([""], ["", "", "", "组织", "机构"])]
    ap = pdf_lines(pdf_apply_rows(d), col_w=9)
    rv = review_grid(d)
    rv_lines = ["              行政复议                                          行政诉讼",
                "                                               未经复议直接起诉                      复议后起诉",
                "  结果   结果   其他   尚未           结果   结果   其他   尚未         结果   结果   其他   尚未",
                "                             总计                              总计                               总计",
                "  维持   纠正   结果   审结           维持   纠正   结果   审结         维持   纠正   结果   审结",
                "".join(pad(t, 7, right=True) for t, *_ in rv[3])]
    out = ["南京市鼓楼区住房保障和房产局2020年政府信息公开工作年度报告", "", prose(d, "intro").replace("〔2021〕30号", "〔2019〕60号"),
           "一、总体情况", prose(d, "overview"), "二、主动公开政府信息情况", "", *pdf_lines(act, label_w=30, col_w=11), "",
           "三、收到和处理政府信息公开申请情况", "", *pdf_lines(hdr, col_w=9), *ap, "", "\f四、政府信息公开行政复议、行政诉讼情况", "",
           *rv_lines, "", prose(d, "problems"), prose(d, "other"), "", "                                   南京市鼓楼区住房保障和房产局",
           "                                            2021年1月20日", ""]
    add(d, "\n".join(out))


def t07():
    d = Doc("t07_city_stats_2019_md_2019form.md", "2019", 207, title="2019年青岛市统计局政府信息公开工作年度报告",
            agency="青岛市统计局", year=2019, published_date="2020-01-15")
    a = d.meta
    act = active_grid(d)
    t2 = ["\n".join(md_rows(act, header_rows=2))]
    t3 = ["\n".join(md_rows(apply_header(d) + apply_body(d), header_rows=3))]
    t4 = ["\n".join(md_rows(review_grid(d), header_rows=3))]
    txt = text_report(d, f"## {a['title']}", t2, t3, t4, "青岛市统计局\n\n二〇二〇年一月十五日", blank=True)
    add(d, txt.replace("〔2021〕30号", "〔2019〕60号"))


def t08():
    d = Doc("t08_county_gov_2022_lines_missingrow.txt", "2021", 208, title="沭阳县人民政府办公室2022年政府信息公开工作年度报告",
            agency="沭阳县人民政府办公室", year=2022, published_date="2023-01-31")
    d.v["apply/3.5.4/natural_person"] = 3  # the row the report leaves out carries something
    d.v["apply/3.7/natural_person"] += 3
    d.v["apply/1/natural_person"] += 3
    for r in ("3.5.4", "3.7", "1"):
        d.v[f"apply/{r}/total"] = sum(d.v[f"apply/{r}/{c}"] for c in APPLY_COLS[:6])
    a = d.meta
    body = apply_body(d, drop=("3.5.4",))
    for c in APPLY_COLS:  # determined exactly by 三's note: the sum of the results rows is （七）总计
        d.expected[f"apply/3.5.4/{c}"] = d.v[f"apply/3.5.4/{c}"]
        d.inferred.append(f"apply/3.5.4/{c}")
    head = f"{a['title']}\n发布日期：2023-01-31\n索引号：014121567/2023-00012  文号：沭政办〔2023〕3号"
    txt = text_report(d, head, cells_flat(active_grid(d, drop=("regulation",))),
                      cells_flat(apply_header(d) + body), cells_flat(review_grid(d)), "沭阳县人民政府办公室\n2023年1月30日")
    add(d, txt)


def t09():
    d = Doc("t09_harbin_daoli_health_2024_tsv_xiaoji.txt", "2021", 209,
            title="哈尔滨市道里区卫生健康局2024年政府信息公开工作年度报告",
            agency="哈尔滨市道里区卫生健康局", year=2024, published_date="2025-01-20")
    d.subtotal = True
    d.rules.append(lambda cid, x: fmt(x).translate(FW) if cid.startswith("apply/3.") else None)
    a = d.meta
    head = f"{a['title']}\n\n发布日期：2025年01月20日"
    txt = text_report(d, head, tsv_rows(active_grid(d)), tsv_rows(apply_header(d) + apply_body(d)),
                      ["行政复议\t\t\t\t\t行政诉讼"] + tsv_rows(review_grid(d)[1:]), "哈尔滨市道里区卫生健康局\n2025年1月20日")
    add(d, txt)



def expand(grid) -> list[list[str]]:
    """Every span filled in: the matrix a spreadsheet shows after "unmerge and fill"."""
    out: list[list[str | None]] = []
    for i, row in enumerate(grid):
        while len(out) <= i:
            out.append([])
        j = 0
        for text, rs, cs, _ in row:
            while j < len(out[i]) and out[i][j] is not None:
                j += 1
            for di in range(rs):
                while len(out) <= i + di:
                    out.append([])
                r = out[i + di]
                while len(r) < j + cs:
                    r.append(None)
                for dj in range(cs):
                    r[j + dj] = text
            j += cs
    return [[x or "" for x in r] for r in out]


def html_thead_table(grid, nhead: int, brs: dict, phantom_cols=0) -> str:
    out = ['<table class="gk-table" style="width:100%;border-collapse:collapse">', "<thead>"]
    for i, row in enumerate(grid):
        if i == nhead:
            out.append("</thead><tbody>")
        tag = "th" if i < nhead else "td"
        cells = []
        for text, rs, cs, _ in row:
            a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f"<{tag}{a}>{brs.get(text, text)}</{tag}>")
        if i >= nhead:
            cells += ["<td></td>"] * phantom_cols
        out.append("<tr>" + "".join(cells) + "</tr>")
    if nhead >= len(grid):
        out.append("</thead><tbody>")
    out.append("</tbody></table>")
    return "\n".join(out)


def h12():
    d = Doc("h12_ninghai_emergency_2022_flatp_nbsp.html", "2021", 112, title="2022年政府信息公开工作年度报告",
            agency="宁海县应急管理局", year=2022, published_date="2023-01-18")
    d.rules.append(lambda cid, x: "&nbsp;" if x == 0 and cid.startswith("apply/3.3.") else None)
    d.rules.append(lambda cid, x: f"{x:,}" if cid == "active/license/decisions" else None)
    d.rules.append(lambda cid, x: f"{x:.6f}" if cid == "active/fee/fee_amount" else None)
    d.v["active/license/decisions"] = 4521
    body = ('<div class="detail-title">2022年政府信息公开工作年度报告</div>\n' + ptag(prose(d, "intro")) +
            "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            flat_p(active_grid(d)) + "<p>三、收到和处理政府信息公开申请情况</p>" + flat_p(apply_header(d) + apply_body(d)) +
            "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + flat_p(review_grid(d)) + ptag(prose(d, "problems")) +
            ptag(prose(d, "other")) + '<p style="text-align:right">宁海县应急管理局</p><p style="text-align:right">2023年1月18日</p>')
    info = '<div class="today">今天是：2025年3月5日 星期三</div>'
    page = cms_page(body, title="宁海县人民政府", chrome="trs", site="宁海县人民政府", info=info,
                    related=["宁海县应急管理局2021年政府信息公开工作年度报告", "宁海县人民政府2022年政府信息公开工作年度报告"])
    add(d, page)


def h13():
    d = Doc("h13_nanning_police_2021_thead_br_tablesplit.html", "2021", 113, title="南宁市公安局2021年政府信息公开工作年度报告",
            agency="南宁市公安局", year=2021, published_date="2022-01-28")
    brs = {"本年制发件数": "本年<br>制发件数", "本年废止件数": "本年<br>废止件数", "现行有效件数": "现行<br>有效件数",
           LABEL["3.2"]: "（二）部分公开<br>（区分处理的，只计这一情形，不计其他情形）", NOTE: "（本列数据的勾稽关系为：<br>第一项加第二项之和，<br>等于第三项加第四项之和）",
           GROUP["3.4"]: "(四)无法提供", GROUP["3.5"]: "(五)不予处理", "法人或其他组织": "法人或<br>其他组织"}
    a = d.meta
    hdr = apply_header(d)
    body_rows = apply_body(d, split_at="3.4.1")
    cut = next(i for i, r in enumerate(body_rows) if r[0][0] == "三、本年度办理结果" and i > 2)
    body_rows[cut][0] = C("&nbsp;", rs=body_rows[cut][0][1])  # the page-2 part keeps an empty merged cell
    ag = active_grid(d)
    body = (f'<h1>{a["title"]}</h1>\n<div class="time">发布时间：2022年01月28日 10:15:32　　更新时间：2022-03-01　　来源：南宁市公安局</div>\n' +
            ptag(prose(d, "intro")) + "<p>一、总体情况</p>" + ptag(prose(d, "overview")) + "<p>二、主动公开政府信息情况</p>" +
            html_thead_table(ag, 2, brs, phantom_cols=2) + "<p>三、收到和处理政府信息公开申请情况</p>" +
            html_thead_table(hdr + body_rows[:cut], 3, brs, phantom_cols=2) + "\n" +
            html_thead_table(body_rows[cut:], 0, brs, phantom_cols=2) +
            "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + html_thead_table(review_grid(d), 3, brs) +
            ptag(prose(d, "problems")) + ptag(prose(d, "other")))
    page = cms_page(body, title=a["title"], charset="gb2312", chrome="hanweb", site="南宁市公安局")
    add(d, page, content_type="text/html; charset=utf-8")


def h14():
    d = Doc("h14_fujian_ndrc_2023_word_vertical_rulebreak.html", "2021", 114, title="福建省发展和改革委员会2023年政府信息公开工作年度报告",
            agency="福建省发展和改革委员会", year=2023, published_date="2024-01-29")
    for r in ("3.7", "1"):
        d.v[f"apply/{r}/enterprise"] += 2
        d.v[f"apply/{r}/total"] += 2
    d.failed = [["apply_results_total", "enterprise"], ["apply_results_total", "total"]]
    vert = {"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理", "结果维持", "结果纠正", "其他结果",
            "尚未审结", "总计", "自然人"}
    body = ("<div class=WordSection1>\n<p class=MsoNormal align=center style='text-align:center'><span style='font-size:22.0pt'>"
            "福建省发展和改革委员会</span></p>\n<p class=MsoNormal align=center style='text-align:center'><span style='font-size:22.0pt'>"
            "2023年政府信息公开工作年度报告</span></p>\n" +
            "".join(f"<p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt'>{t}</span></p>\n"
                    for t in [prose(d, "intro"), "一、总体情况", prose(d, "overview"), "二、主动公开政府信息情况"]) +
            word_table(active_grid(d), vertical=vert) + "<p class=MsoNormal>三、收到和处理政府信息公开申请情况</p>\n" +
            word_table(apply_header(d) + apply_body(d), vertical=vert) +
            "<p class=MsoNormal>四、政府信息公开行政复议、行政诉讼情况</p>\n" + word_table(review_grid(d), vertical=vert) +
            ptag(prose(d, "problems") + "\n" + prose(d, "other")) +
            "<p class=MsoNormal align=right style='text-align:right'>福建省发展和改革委员会</p>\n"
            "<p class=MsoNormal align=right style='text-align:right'>2024年1月29日</p>\n</div>")
    page = ('<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n<meta http-equiv=Content-Type content="text/html; charset=utf-8">\n'
            "<meta name=Generator content=\"Microsoft Word 15 (filtered)\">\n<title></title>\n</head>\n<body lang=ZH-CN>\n"
            f"{body}\n</body>\n</html>\n")
    add(d, page)


def t10():
    d = Doc("t10_ningxiang_civil_2023_md_filled.md", "2021", 210, title="宁乡市民政局关于2023年度政府信息公开工作年度报告",
            agency="宁乡市民政局", year=2023, published_date="2024-01-18")
    d.meta["title_alt"] = ["【年报】宁乡市民政局关于2023年度政府信息公开工作年度报告"]
    d.rules.append(zero_as("-", lambda c: c.startswith("apply/3.3.")))
    rv = review_grid(d)
    t4 = ["行政复议、行政诉讼情况如下（结果维持、结果纠正、其他结果、尚未审结、总计）：",
          " ".join(t for t, *_ in rv[3])]
    act = expand(active_grid(d))
    t2 = ["\n".join(["| " + " | ".join(r) + " |" for r in act[:1]] + ["|---|---|---|---|"] +
                    ["| " + " | ".join(r) + " |" for r in act[1:]])]
    ap = expand(apply_header(d) + apply_body(d))
    t3 = ["\n".join(["| " + " | ".join(r) + " |" for r in ap[:3]] + ["| --- " * len(ap[0]) + "|"] +
                    ["| " + " | ".join(r) + " |" for r in ap[3:]])]
    head = "【年报】宁乡市民政局关于2023年度政府信息公开工作年度报告\n\n发布时间：2024年1月18日　　来源：宁乡市民政局"
    txt = text_report(d, head, t2, t3, t4, "宁乡市民政局\n2024年1月17日", blank=True)
    add(d, txt)


def t11():
    d = Doc("t11_yanqing_water_2024_pdf_ownline.txt", "2021", 211, title="北京市延庆区水务局2024年政府信息公开工作年度报告",
            agency="北京市延庆区水务局", year=2024, published_date="2025-01-20")
    d.rules.append(lambda cid, x: "/" if x == 0 and cid.startswith("review/") else None)
    rows = []
    for pieces, vals in pdf_apply_rows(d, wrap_n=10):
        if len(pieces) == 2:
            pieces = [pieces[0], "", pieces[1]]
        rows.append((pieces, vals))
    act = [(["第二十条第（一）项"], []), (["信息内容"], ["本年制发件数", "本年废止件数", "现行有效件数"])]
    for row, name in (("regulation", "规章"), ("normative_doc", "行政规范性文件")):
        act.append(([name], [d.num(f"active/{row}/{c}") for c in ACTIVE["2021"][row]]))
    for item, rows_ in (("（五）", (("license", "行政许可"),)), ("（六）", (("penalty", "行政处罚"), ("coercion", "行政强制")))):
        act += [([f"第二十条第{item}项"], []), (["信息内容"], ["本年处理决定数量"])]
        act += [([name], [d.num(f"active/{row}/decisions")]) for row, name in rows_]
    act += [(["第二十条第（八）项"], []), (["信息内容"], ["本年收费金额（单位：万元）"]),
            (["行政事业性收费"], [d.num("active/fee/fee_amount")])]
    hdr = [(["（本列数据的勾稽关系为：第一项加第二项之和，", "等于第三项加第四项之和）"], ["申请人情况"]),
           ([""], ["", "法人或其他组织"]),
           ([""], ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])]
    rv = review_grid(d)
    out = ["北京市延庆区水务局2024年政府信息公开工作年度报告", "", prose(d, "intro"), "一、总体情况", prose(d, "overview"),
           "二、主动公开政府信息情况", *pdf_lines(act, label_w=24, col_w=16), "", "三、收到和处理政府信息公开申请情况",
           *pdf_lines(hdr, label_w=46, col_w=13), *pdf_lines(rows, label_w=46, col_w=13), "",
           "四、政府信息公开行政复议、行政诉讼情况",
           "                  行政复议                                            行政诉讼",
           "                                                     未经复议直接起诉                   复议后起诉",
           "  结果维持 结果纠正 其他结果 尚未审结  总计  结果维持 结果纠正 其他结果 尚未审结  总计  结果维持 结果纠正 其他结果 尚未审结  总计",
           "".join(pad(t, 9 if i % 5 != 4 else 6, right=True) for i, (t, *_) in enumerate(rv[3])),
           "", prose(d, "problems"), prose(d, "other"), "", "                                        北京市延庆区水务局",
           "                                      二〇二五年一月二十日", ""]
    add(d, "\n".join(out))


def t12():
    d = Doc("t12_xitang_town_2019_tsv_rulebreak.txt", "2019", 212, title="嘉善县西塘镇人民政府2019年政府信息公开工作年度报告",
            agency="嘉善县西塘镇人民政府", year=2019, published_date="2020-01-21")
    d.v["apply/3.2/total"] += 1
    d.failed = [["apply_row_total", "3.2"], ["apply_results_total", "total"]]
    d.rules.append(lambda cid, x: "无" if x == 0 and cid.startswith("apply/3.4.") else None)
    d.rules.append(lambda cid, x: f"+{x}" if cid.endswith("/change") and x > 0 else None)
    a = d.meta
    head = f"{a['title']}\n发布日期：2020-01-21　　字号：大 中 小"
    txt = text_report(d, head, tsv_rows(active_grid(d)), tsv_rows(apply_header(d) + apply_body(d)),
                      tsv_rows(review_grid(d)), "嘉善县西塘镇人民政府\n2020年1月20日")
    add(d, txt.replace("〔2021〕30号", "〔2019〕60号"))



def t13():
    d = Doc("t13_xuzhou_tax_2022_pdflayout_blanks.txt", "2021", 213, title="徐州市鼓楼区商务局2022年政府信息公开工作年度报告",
            agency="徐州市鼓楼区商务局", year=2022, published_date="2023-01-16")
    d.rules.append(zero_as("", lambda c: c.startswith(("apply/3.3.", "apply/3.5.", "apply/2/", "review/"))))
    act = [(["第二十条第（一）项"], []), (["信息内容"], ["本年制", "本年废", "现行有"]), ([""], ["发件数", "止件数", "效件数"])]
    for row, name in (("regulation", "规章"), ("normative_doc", "行政规范性文件")):
        act.append(([pad("", 6) + name], [d.num(f"active/{row}/{c}") for c in ACTIVE["2021"][row]]))
    act += [(["第二十条第（五）项"], []), (["信息内容"], ["本年处理决定数量"]),
            ([pad("", 6) + "行政许可"], [d.num("active/license/decisions")]),
            (["第二十条第（六）项"], []), (["信息内容"], ["本年处理决定数量"]),
            ([pad("", 6) + "行政处罚"], [d.num("active/penalty/decisions")]),
            ([pad("", 6) + "行政强制"], [d.num("active/coercion/decisions")]),
            (["第二十条第（八）项"], []), (["信息内容"], ["本年收费金额（单位：万元）"]),
            ([pad("", 6) + "行政事业性收费"], [d.num("active/fee/fee_amount")])]
    hdr = [(["（本列数据的勾稽关系为：第一项加"], ["申请人情况"]),
           (["第二项之和，等于第三项加第四项之"], ["", "法人或其他组织"]),
           (["和）"], ["自然人", "商业", "科研", "社会公", "法律服", "其他", "总计"]),
           ([""], ["", "企业", "机构", "益组织", "务机构"])]
    rv = review_grid(d)
    rv_lines = ["          行政复议                                      行政诉讼",
                "                                       未经复议直接起诉                  复议后起诉",
                " 结果  结果  其他  尚未        结果  结果  其他  尚未          结果  结果  其他  尚未",
                " 维持  纠正  结果  审结  总计  维持  纠正  结果  审结  总计    维持  纠正  结果  审结  总计",
                "".join(pad(t, 6, right=True) if t else " " * 6 for t, *_ in rv[3])]
    out = ["徐州市鼓楼区商务局2022年政府信息公开工作年度报告", "", prose(d, "intro"), "一、总体情况", prose(d, "overview"),
           "二、主动公开政府信息情况", "", *pdf_lines(act, col_w=10), "", "三、收到和处理政府信息公开申请情况", "",
           *pdf_lines(hdr, col_w=8), *pdf_lines(pdf_apply_rows(d), col_w=8), "", "四、政府信息公开行政复议、行政诉讼情况", "",
           *rv_lines, "", prose(d, "problems"), prose(d, "other"), "", "                                   徐州市鼓楼区商务局",
           "                                      2023年1月16日", ""]
    add(d, "\n".join(out))


# ------------------------------------------------------------------ negatives

def negatives():
    d = Doc("n1_gulou_jiedu_2023.html", "2021", 301, title=None, agency=None, year=None, published_date=None)
    title = "《福州市鼓楼区人民政府2023年政府信息公开工作年度报告》解读"
    body = (f"<h1>{title}</h1><p>发布时间：2024-01-26</p><p>一、主动公开情况</p><p>2023年，全区主动公开政府信息4621条。</p>"
            "<p>二、依申请公开情况</p>" + html_table(apply_header(d) + apply_body(d)) +
            "<p>三、行政复议、行政诉讼情况</p>" + html_table(review_grid(d)) + "<p>原文链接：福州市鼓楼区人民政府2023年政府信息公开工作年度报告</p>")
    add(d, cms_page(body, title=title, chrome="trs", site="福州市鼓楼区人民政府"), negative=True)
    d = Doc("n2_news_report_released_2023.html", "2021", 302, title=None, agency=None, year=None, published_date=None)
    title = "我市发布2023年政府信息公开工作年度报告"
    body = (f"<h1>{title}</h1><p>来源：泉州晚报　发布时间：2024-01-30</p>"
            "<p>近日，市政府办公室发布《泉州市2023年政府信息公开工作年度报告》。报告显示，2023年全市共主动公开政府信息12.6万条，"
            "新收政府信息公开申请1,532件，上年结转86件；予以公开612件，部分公开203件。全年共发生政府信息公开行政复议案件41件、"
            "行政诉讼案件19件。</p><p>记者 陈晓　编辑 王芳</p>")
    add(d, cms_page(body, title=title, chrome="hanweb", site="泉州网"), negative=True)
    d = Doc("n3_county_edu_juesuan_2023.html", "2021", 303, title=None, agency=None, year=None, published_date=None)
    title = "永嘉县教育局2023年度部门决算"
    t = html_table([[C("项目"), C("行次"), C("年初预算数"), C("调整预算数"), C("决算数")],
                    [C("一、一般公共预算财政拨款收入"), C("1"), C("56,321.45"), C("58,004.12"), C("57,998.30")],
                    [C("二、政府性基金预算财政拨款收入"), C("2"), C("1,200.00"), C("980.00"), C("976.55")],
                    [C("三、国有资本经营预算财政拨款收入"), C("3"), C("0"), C("0"), C("0")],
                    [C("本年收入合计"), C("4"), C("57,521.45"), C("58,984.12"), C("58,974.85")]])
    body = (f"<h1>{title}</h1><p>发布日期：2024-09-12</p><p>第一部分 部门概况</p><p>一、主要职能……"
            "二、政府信息公开：按照预决算公开要求，本部门决算已在县政府门户网站公开。</p><p>第二部分 2023年度部门决算表</p>" + t)
    add(d, cms_page(body, title=title, chrome="trs", site="永嘉县人民政府"), negative=True)


def main() -> None:
    for f in (h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, t01, t02, t03, t04, t05, t06, t07,
              t08, t09, t10, t11, t12, t13, negatives):
        f()
    expected = {}
    for d in DOCS:
        extra = EXTRA[d.name]
        (HERE / d.name).write_bytes(FILES[d.name])
        if extra.get("negative"):
            expected[d.name] = {"negative": True, "form_version": None, "cells": {}}
            continue
        m = d.meta
        expected[d.name] = {
            "title": m["title"], "title_alt": m.get("title_alt", []), "agency": m["agency"], "year": m["year"],
            "published_date": m["published_date"], "form_version": d.version,
            **({"content_type": extra["content_type"]} if "content_type" in extra else {}),
            "cells": d.expected, "inferred": d.inferred, "failed": d.failed, "blank_truth": d.truth,
        }
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
