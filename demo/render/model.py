"""The layout-independent document: prose blocks and the three form tables as grids of cells.

Every layout serializes this one model, so all layouts carry the same words and numbers and differ
only in how they are written down. Table shapes follow the official form as real reports publish
it (rowspans for 三、本年度办理结果 and its groups, the 3-row applicant header, the 15-number
review row), taken from tests/files/realdocs and the seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from demo.values import ReportValues
from parsers.form import APPLY_COLS, REVIEW_COLS, REVIEW_ROWS

LabelFn = Callable[[str], str]


def same(label: str) -> str:
    return label


@dataclass
class Cell:
    """One table cell. ``lines`` are the visual lines of a label (Word cells hold several <p>)."""

    lines: tuple[str, ...] = ()
    rowspan: int = 1
    colspan: int = 1
    key: str | None = None  # a number cell: a cell id, or a pseudo id such as apply/1/subtotal
    header: bool = False

    @property
    def text(self) -> str:
        return "".join(self.lines)


def lab(text: str, *, rowspan: int = 1, colspan: int = 1, header: bool = False,
        lines: tuple[str, ...] | None = None) -> Cell:
    return Cell(lines or (text,), rowspan, colspan, None, header)


def num(key: str, colspan: int = 1) -> Cell:
    return Cell((), 1, colspan, key)


@dataclass
class Table:
    """A form table as HTML would write it: each row lists only the cells that start in it."""

    name: str  # "active" | "apply" | "review"
    rows: list[list[Cell]]
    ncols: int
    header_rows: int = 0
    row_codes: list[str | None] = field(default_factory=list)  # apply row code per row, if any

    def grid(self) -> list[list[tuple[Cell, bool] | None]]:
        """Expand spans: grid[r][c] = (cell, is_origin) or None where no cell covers the slot."""
        grid: list[list[tuple[Cell, bool] | None]] = [[None] * self.ncols for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.ncols and grid[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(grid) and c + dc < self.ncols:
                            grid[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        return grid


@dataclass
class Block:
    """A piece of the report body: kind is title | meta | p | h1 | h2 | table | sign."""

    kind: str
    text: str = ""
    table: Table | None = None


# ---------------------------------------------------------------- table 二 (active disclosure)


def active_table(version: str, label: LabelFn = same, *, extra_col: bool = False) -> Table:
    n = 5 if extra_col else 4
    pad = [lab("")] if extra_col else []

    def item(no: str) -> list[Cell]:
        return [lab(label(f"第二十条第（{no}）项"), colspan=4, header=True), *pad]

    def head(*cols: tuple[str, int]) -> list[Cell]:
        return [lab(label("信息内容"), header=True),
                *(lab(label(t), colspan=s, header=True) for t, s in cols), *pad]

    def row(name: str, *keys: tuple[str, int]) -> list[Cell]:
        return [lab(label(name)), *(num(k, s) for k, s in keys), *pad]

    a = "active"
    if version == "2021":
        rows = [
            item("一"), head(("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)),
            row("规章", (f"{a}/regulation/issued", 1), (f"{a}/regulation/repealed", 1), (f"{a}/regulation/in_force", 1)),
            row("行政规范性文件", (f"{a}/normative_doc/issued", 1), (f"{a}/normative_doc/repealed", 1),
                (f"{a}/normative_doc/in_force", 1)),
            item("五"), head(("本年处理决定数量", 3)), row("行政许可", (f"{a}/license/decisions", 3)),
            item("六"), head(("本年处理决定数量", 3)),
            row("行政处罚", (f"{a}/penalty/decisions", 3)), row("行政强制", (f"{a}/coercion/decisions", 3)),
            item("八"), head(("本年收费金额（单位：万元）", 3)), row("行政事业性收费", (f"{a}/fee/fee_amount", 3)),
        ]
    else:
        def three(name: str, r: str) -> list[Cell]:
            return row(name, (f"{a}/{r}/prev_items", 1), (f"{a}/{r}/change", 1), (f"{a}/{r}/decisions", 1))

        rows = [
            item("一"), head(("本年新制作数量", 1), ("本年新公开数量", 1), ("对外公开总数量", 1)),
            row("规章", (f"{a}/regulation/new_made", 1), (f"{a}/regulation/new_published", 1),
                (f"{a}/regulation/total_published", 1)),
            row("规范性文件", (f"{a}/normative_doc/new_made", 1), (f"{a}/normative_doc/new_published", 1),
                (f"{a}/normative_doc/total_published", 1)),
            item("五"), head(("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)),
            three("行政许可", "license"), three("其他对外管理服务事项", "other_service"),
            item("六"), head(("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)),
            three("行政处罚", "penalty"), three("行政强制", "coercion"),
            item("八"), head(("上一年项目数量", 1), ("本年增/减", 2)),
            row("行政事业性收费", (f"{a}/fee/prev_items", 1), (f"{a}/fee/change", 2)),
            item("九"), head(("采购项目数量", 1), ("采购总金额", 2)),
            row("政府集中采购", (f"{a}/procurement/procurement_items", 1), (f"{a}/procurement/procurement_amount", 2)),
        ]
    return Table("active", rows, n)


# ---------------------------------------------------------------- table 三 (applications)

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_LABEL = "三、本年度办理结果"
TOP_ROWS = (("1", "一、本年新收政府信息公开申请数量"), ("2", "二、上年结转政府信息公开申请数量"))
LAST_ROW = ("4", "四、结转下年度继续办理")
# (group label, [(row code, sub-label)]) — a group with one row and no sub-label spans two columns.
GROUPS_2021: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("（一）予以公开", (("3.1", ""),)),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (("3.2", ""),)),
    ("（三）不予公开", (("3.3.1", "1.属于国家秘密"), ("3.3.2", "2.其他法律行政法规禁止公开"),
                    ("3.3.3", "3.危及“三安全一稳定”"), ("3.3.4", "4.保护第三方合法权益"),
                    ("3.3.5", "5.属于三类内部事务信息"), ("3.3.6", "6.属于四类过程性信息"),
                    ("3.3.7", "7.属于行政执法案卷"), ("3.3.8", "8.属于行政查询事项"))),
    ("（四）无法提供", (("3.4.1", "1.本机关不掌握相关政府信息"), ("3.4.2", "2.没有现成信息需要另行制作"),
                    ("3.4.3", "3.补正后申请内容仍不明确"))),
    ("（五）不予处理", (("3.5.1", "1.信访举报投诉类申请"), ("3.5.2", "2.重复申请"), ("3.5.3", "3.要求提供公开出版物"),
                    ("3.5.4", "4.无正当理由大量反复申请"), ("3.5.5", "5.要求行政机关确认或重新出具已获取信息"))),
    ("（六）其他处理", (("3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                    ("3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                    ("3.6.3", "3.其他"))),
    ("（七）总计", (("3.7", ""),)),
)
GROUPS_2019 = (*GROUPS_2021[:5], ("（六）其他处理", (("3.6", ""),)), GROUPS_2021[6])
ORG_COLS = (("商业", "企业"), ("科研", "机构"), ("社会", "公益", "组织"), ("法律", "服务", "机构"), ("其他",))


def groups(version: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return GROUPS_2021 if version == "2021" else GROUPS_2019


def apply_header(label: LabelFn = same, *, subtotal: bool = False) -> list[list[Cell]]:
    """The form's 3-row header; ``subtotal`` adds the 法人或其他组织 小计 column some reports have."""
    orgs = [lab(label("".join(p)), header=True, lines=tuple(label(x) for x in p)) for p in ORG_COLS]
    if subtotal:
        orgs.append(lab("小计", header=True))
    n_org = len(orgs)
    return [
        [lab(label(NOTE), rowspan=3, colspan=3, header=True), lab(label("申请人情况"), colspan=n_org + 2, header=True)],
        [lab(label("自然人"), rowspan=2, header=True), lab(label("法人或其他组织"), colspan=n_org, header=True),
         lab(label("总计"), rowspan=2, header=True)],
        orgs,
    ]


def apply_cols(subtotal: bool) -> list[str]:
    cols = list(APPLY_COLS)
    if subtotal:
        cols.insert(6, "subtotal")
    return cols


def apply_body(version: str, codes: list[str], label: LabelFn = same, *, subtotal: bool = False,
               results_lines: tuple[str, ...] | None = None) -> tuple[list[list[Cell]], list[str | None]]:
    """Rows of table 三 for the given row codes (in form order), with the rowspans they need.

    Called with a slice of the codes to split the table: the rowspan cells 三、本年度办理结果 and
    the group labels are then re-created in each part, as Word does when a table breaks.
    """
    cols = apply_cols(subtotal)
    want = set(codes)
    rows: list[list[Cell]] = []
    out_codes: list[str | None] = []

    def nums(code: str) -> list[Cell]:
        return [num(f"apply/{code}/{c}") for c in cols]

    for code, text in TOP_ROWS:
        if code in want:
            rows.append([lab(label(text), colspan=3), *nums(code)])
            out_codes.append(code)
    result_codes = [c for _, subs in groups(version) for c, _ in subs if c in want]
    first = True
    for group, subs in groups(version):
        present = [(c, s) for c, s in subs if c in want]
        if not present:
            continue
        for i, (code, sub) in enumerate(present):
            row: list[Cell] = []
            if first:
                row.append(lab(label(RESULTS_LABEL), rowspan=len(result_codes),
                               lines=results_lines and tuple(label(x) for x in results_lines)))
                first = False
            if not sub:
                row.append(lab(label(group), colspan=2))
            else:
                if i == 0:
                    row.append(lab(label(group), rowspan=len(present)))
                row.append(lab(label(sub)))
            rows.append(row + nums(code))
            out_codes.append(code)
    code, text = LAST_ROW
    if code in want:
        rows.append([lab(label(text), colspan=3), *nums(code)])
        out_codes.append(code)
    return rows, out_codes


def apply_codes(version: str) -> list[str]:
    return ["1", "2", *(c for _, subs in groups(version) for c, _ in subs), "4"]


def apply_table(version: str, label: LabelFn = same, *, subtotal: bool = False,
                codes: list[str] | None = None, results_lines: tuple[str, ...] | None = None) -> Table:
    head = apply_header(label, subtotal=subtotal)
    body, out_codes = apply_body(version, codes or apply_codes(version), label, subtotal=subtotal,
                                 results_lines=results_lines)
    return Table("apply", head + body, 3 + len(apply_cols(subtotal)), 3, [None, None, None, *out_codes])


# ---------------------------------------------------------------- table 四 (review and litigation)

REVIEW_HEADS = (("结果", "维持"), ("结果", "纠正"), ("其他", "结果"), ("尚未", "审结"), ("总计",))


def _heads(label: LabelFn, rowspan: int = 1, vertical: bool = False) -> list[Cell]:
    out = []
    for parts in REVIEW_HEADS:
        text = label("".join(parts))
        lines = tuple(text) if vertical else tuple(label(p) for p in parts)
        out.append(lab(text, rowspan=rowspan, header=True, lines=lines))
    return out


def review_table(label: LabelFn = same, *, vertical: bool = False) -> Table:
    rows = [
        [lab(label("行政复议"), colspan=5, header=True), lab(label("行政诉讼"), colspan=10, header=True)],
        [*_heads(label, 2, vertical), lab(label("未经复议直接起诉"), colspan=5, header=True),
         lab(label("复议后起诉"), colspan=5, header=True)],
        _heads(label, 1, vertical) + _heads(label, 1, vertical),
        [num(f"review/{r}/{c}") for r in REVIEW_ROWS for c in REVIEW_COLS],
    ]
    return Table("review", rows, 15, 3)


def review_tables_split(label: LabelFn = same) -> tuple[Table, Table]:
    """The review table published as two tables, 行政复议 then 行政诉讼."""
    first = Table("review", [
        [lab(label("行政复议"), colspan=5, header=True)],
        _heads(label),
        [num(f"review/review/{c}") for c in REVIEW_COLS],
    ], 5, 2)
    second = Table("review", [
        [lab(label("行政诉讼"), colspan=10, header=True)],
        [lab(label("未经复议直接起诉"), colspan=5, header=True), lab(label("复议后起诉"), colspan=5, header=True)],
        _heads(label) + _heads(label),
        [num(f"review/{r}/{c}") for r in REVIEW_ROWS[1:] for c in REVIEW_COLS],
    ], 10, 3)
    return first, second


# ---------------------------------------------------------------- the whole report


def cn_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def prose(values: ReportValues, *, rare_chars: bool = False) -> dict[str, list[str]]:
    """The report's prose by section. It restates some table numbers, as real reports do."""
    c, y = values.cells, values.year
    lit = sum(int(c[f"review/{r}/total"] or 0) for r in REVIEW_ROWS[1:])
    contact = "王喆、李堃" if rare_chars else "王明、李华"
    if values.form_version == "2021":
        active = (f"全年制发行政规范性文件{c['active/normative_doc/issued']}件，现行有效行政规范性文件"
                  f"{c['active/normative_doc/in_force']}件，公开行政许可决定{c['active/license/decisions']}条。")
        basis = "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）"
    else:
        active = (f"全年新制作规范性文件{c['active/normative_doc/new_made']}件，公开行政许可处理决定"
                  f"{c['active/license/decisions']}条。")
        basis = "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2019〕60号）"
    return {
        "intro": [
            f"本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{basis}要求编制。"
            "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、"
            "行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自"
            f"{y}年1月1日起至{y}年12月31日止。如对本年度报告有疑问，请与{values.agency}办公室联系"
            f"（联系人：{contact}，电话：0595-22579359）。",
        ],
        "overall": [
            f"{y}年，{values.agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，"
            "坚持“以公开为常态、不公开为例外”，持续深化政务公开，不断提升政府信息公开工作质量。",
            f"（一）主动公开情况。通过门户网站政府信息公开专栏主动公开政府信息{int(c['apply/1/total'] or 0) * 7 + 113}条。"
            + active,
            f"（二）依申请公开情况。全年共收到政府信息公开申请{c['apply/1/total']}件，上年结转"
            f"{c['apply/2/total']}件，办结{c['apply/3.7/total']}件，结转下年度继续办理{c['apply/4/total']}件。"
            f"因政府信息公开引发行政复议{c['review/review/total']}件、行政诉讼{lit}件。",
            "（三）政府信息管理。严格落实信息发布“三审”制度，做好信息公开保密审查，确保涉密信息不上网、上网信息不涉密。",
            "（四）平台建设。以政府门户网站为第一平台，统筹用好政务新媒体，及时更新信息公开年报、公开指南和公开目录。",
            "（五）监督保障。将政务公开工作纳入年度绩效考核，组织工作人员参加政府信息公开专题培训。",
        ],
        "problems": [
            f"{y}年，我单位政府信息公开工作取得一定成效，但仍存在政策解读形式不够丰富、公开内容更新不够及时等问题。"
            f"{y + 1}年，我们将进一步完善工作机制，丰富解读形式，加强业务培训，不断提高政府信息公开工作水平。",
        ],
        "other": [
            f"{y}年，本机关未收取政府信息公开信息处理费。本年度报告在门户网站“政府信息公开年报”栏目公布，欢迎查阅。",
        ],
    }


def document(values: ReportValues, tables: dict[str, list[Table]], *, rare_chars: bool = False,
             meta: list[str] | None = None, sign_date: str | None = None) -> list[Block]:
    """The report as blocks. ``meta`` lines (e.g. a 发布时间 line) go under the title."""
    p = prose(values, rare_chars=rare_chars)
    blocks = [Block("title", values.title), *(Block("meta", m) for m in meta or [])]
    blocks += [Block("p", t) for t in p["intro"]]
    blocks.append(Block("h1", "一、总体情况"))
    blocks += [Block("p", t) for t in p["overall"]]
    for heading, key in (("二、主动公开政府信息情况", "active"), ("三、收到和处理政府信息公开申请情况", "apply"),
                         ("四、政府信息公开行政复议、行政诉讼情况", "review")):
        blocks.append(Block("h1", heading))
        blocks += [Block("table", table=t) for t in tables[key]]
    blocks.append(Block("h1", "五、存在的主要问题及改进情况"))
    blocks += [Block("p", t) for t in p["problems"]]
    blocks.append(Block("h1", "六、其他需要报告的事项"))
    blocks += [Block("p", t) for t in p["other"]]
    blocks.append(Block("sign", values.agency))
    blocks.append(Block("sign", sign_date or cn_date(values.published_date)))
    return blocks


def standard_tables(version: str) -> dict[str, list[Table]]:
    return {"active": [active_table(version)], "apply": [apply_table(version)], "review": [review_table()]}
