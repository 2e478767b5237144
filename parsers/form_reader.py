"""Rows → the form's cells: find the three tables by their anchors, map values by labels.

The reader walks the rows once. Section headings and the tables' own words (第二十条, 本年新收,
行政复议 …) say which table a row belongs to; a row's label says which form row it is; the
header labels say which column a value belongs to. Values are read only from rows that carry
them, so prose, navigation and footers never become numbers.

A row printing fewer values than the form has keeps them as a *short row*: where its values
go is decided later by the accounting rules (:mod:`parsers.rules`), or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import labels as L
from .form import APPLY_COLS, REVIEW_COLS, REVIEW_ROWS, apply_rows
from .grid import UNREADABLE
from .normalize import Token, classify, split_numbering, squeeze
from .rows import BLANK_CELL, SOFT_BLANK, Row
from .transposed import untranspose

_MAX_LABEL = 60  # a table label is short; longer text in a table region is prose
_ACTIVE_HEADING = re.compile(r"主动公开政府信息(情况)?$|主动公开政府信息情况")
_APPLY_HEADING = re.compile(r"收到和处理政府信息公开申请(情况)?")
_REVIEW_HEADING = re.compile(r"行政法?复议[、和及与,，]?行政诉讼(情况)?$|政府信息公开行政法?复议")
_APPLY_HEADER_WORD = re.compile(
    r"^(申请人情况|自然人|法人或其[他它]组织|商业企业|商业|企业|科研机构|科研|机构|社会公益组织|社会公益|组织|"
    r"法律服务机构|法律服务|其[他它]|总计|小计|合计)$")
_END_HEADING = re.compile(r"^(五|六)[、.]|存在的主要问题|改进情况$|其他需要报告")


@dataclass
class ValueRow:
    """A form row's values as printed: ``tokens`` in column order, ``exact`` if their count fits."""

    table: str
    row: str
    tokens: list[Token]
    cols: tuple[str, ...]
    exact: bool
    # right edges of the printed values, if known: (display columns, characters)
    xs: list[tuple[float | None, ...] | None] = field(default_factory=list)
    # How the values were placed when the rules or the neighbours helped (blank: simply by position).
    # Every cell of such a row is listed in ``inferred`` with this reason.
    how: str = ""
    label: str = ""  # the printed label, for rows identified by their neighbours
    lines: bool = False  # its values were printed one a line (no line of the text holds two of them)


@dataclass
class FormRead:
    rows: list[ValueRow] = field(default_factory=list)
    active_cols_seen: set[str] = field(default_factory=set)
    tables_seen: set[str] = field(default_factory=set)
    apply_has_subtotal: bool = False
    warnings: list[str] = field(default_factory=list)
    # tables where printed numbers could not be placed in any row: their column totals then also
    # count numbers no read cell holds, so the rules must not fill a missing cell from them
    dropped_numbers: set[str] = field(default_factory=set)


@dataclass
class _DataRow:
    """A row with values and the labels that name it.

    ``own``: labels on the same table row as the values; ``before``: label-only rows since the
    previous values (wrapped labels, or every label when a table is flattened one cell per line).
    """

    own: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    inherited: list[str] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)
    xs: list[tuple[float | None, ...] | None] = field(default_factory=list)  # the values' right edges
    fields: bool = False  # the values come from a table whose every field is a cell (Row.fields)
    lines: bool = False  # the values were printed one a line
    flat: bool = False  # the values come from text lines (not a table's grid)
    ambiguous: bool = False  # the values sit under two numbered labels: neither names them
    positioned: bool = False  # the values kept where they sit on the line (space-aligned text)
    empty_lines: bool = False  # its one-a-line values came with empty lines (text: a table converted to text)
    spill: int = 0  # empty tab-separated fields dropped between its label and its first value

    def own_candidates(self) -> list[str]:
        """Label texts printed on the row itself, most specific first."""
        if not self.own:
            return []
        return list(dict.fromkeys([self.own[-1], "".join(self.own[-2:]), "".join(self.own)]))

    def candidates(self) -> list[str]:
        """Label texts to try, most specific first: the row's own, then joined with the lines before.

        A label that starts with its own numbering mark ("8.属于行政查") starts a row: the lines
        before it end the previous row's label and are not joined to it.
        """
        if self.own and (split_numbering(squeeze(self.own[0]))[0] or _GROUP_MARK.match(squeeze(self.own[-1]))):
            return self.own_candidates()
        if self.own:
            texts = self.own_candidates() + ["".join(self.before[-1:] + self.own), "".join(self.before[-2:] + self.own)]
        else:
            before = self.before
            # a label line opening with its numbering mark starts its row: lines above it end another
            # ("3．要求提供公开出版" / "物" / "4．无正当理由大量反": never joined into 3's label)
            marked = [i for i, x in enumerate(before) if split_numbering(squeeze(x))[0] or _GROUP_MARK.match(squeeze(x))]
            if marked:
                before = before[marked[-1]:]
            texts = [before[-1], "".join(before[-2:]), "".join(before[-3:])] if before else []
        return list(dict.fromkeys(t for t in texts if t))

    def nearest_labels(self) -> list[str]:
        return self.own or self.before[-1:]


# table 四's column names in the form's order (其他结果 may read 其它; 总计 may read 合计)
_REVIEW_COLUMN_WORDS = re.compile(r"结果维持.{0,2}结果纠正.{0,2}其[他它]结果.{0,2}尚未审结.{0,2}[总合]计")
# "（二）" opening a row's own label starts that row, as "8." does: a wrapped label's end on the line
# above ("予以公开" of （一）) is not joined to it
_GROUP_MARK = re.compile(r"^[（(][一二三四五六七][）)]")
_GROUP_ANYWHERE = re.compile(r"[（(][一二三四五六七][）)]")
_SOFT = Token("blank", "~soft")  # an empty paragraph: maybe a blank cell, maybe spacing
# A cell OCR could not read with confidence holds a value's place, never a label or a number.
_UNREADABLE_TOKEN = Token("blank", "?unreadable")


def _split_row(row: Row) -> tuple[list[str], list[str], list[Token], list[float | None]]:
    """(own labels, inherited labels, value tokens, the values' right edges if known) of one row."""
    if row.kind == "line" and len(row.cells[0].text) > 2 * _MAX_LABEL:
        return [], [], [], []  # prose: never a label, a heading or a value
    inherited = [c.text for c in row.cells if c.inherited and c.text.strip()]
    own_cells = [c for c in row.cells if not c.inherited]
    tokens = [_UNREADABLE_TOKEN if c.text == UNREADABLE else classify(c.text) for c in own_cells]
    if row.kind == "line":
        if own_cells and own_cells[0].text == SOFT_BLANK:
            return [], inherited, [_SOFT], []
        if own_cells and own_cells[0].text == BLANK_CELL:
            return [], inherited, [Token("blank", "")], []
        tok = tokens[0] if tokens else Token("text", "")
        return ([tok.text] if tok.kind == "text" and tok.text else []), inherited, (
            [tok] if tok.kind != "text" else []), []
    first_num = next((i for i, t in enumerate(tokens) if t.kind == "num"), None)
    limit = len(tokens) if first_num is None else first_num
    last_text = max((i for i in range(limit) if tokens[i].kind == "text"), default=-1)
    labels = [t.text for t in tokens[: last_text + 1] if t.kind == "text"]
    values = tokens[last_text + 1:]
    xs = [(c.x, c.xc, c.xl, c.xlc) if c.x is not None else None for c in own_cells[last_text + 1:]]
    if row.kind == "text" and not row.fields:
        # In delimited text, empty fields right after a label are the spill of merged cells.
        while values and values[0].kind == "blank" and values[0].text == "":
            values, xs = values[1:], xs[1:]
    # Text among the values is an unreadable cell: keep its place, never its words.
    values = [Token("blank", "?unreadable") if t.kind == "text" else t for t in values]
    marks = sum(t.kind == "blank" and bool(t.text.strip()) and t.text != "?unreadable" for t in values)
    if not any(t.kind == "num" for t in values) and row.kind != "html" and not (
            (labels and marks) or (row.kind == "text" and marks >= 2 and marks == len(values))):
        # a text line printing only zero marks (无, —, /) after its label is still a row of blanks
        # (and so is a line of marks alone, under its label's line: see FormReader._marks_row):
        # dropped, its label would name the next row's values
        return labels, inherited, [], []
    if first_num is None and row.kind == "html" and not labels:
        return [], inherited, [], []
    return labels, inherited, values, xs


def _spilled_fields(row: Row) -> int:
    """How many empty fields of a tab-separated line _split_row dropped after its label.

    They are the spill of merged label cells, or blank cells of the first value columns (a table
    printing zeros as nothing): which, only the row's width can tell (FormReader._apply_row)."""
    if not row.tabbed:
        return 0
    own = [c for c in row.cells if not c.inherited]
    tokens = [classify(c.text) for c in own]
    first_num = next((i for i, t in enumerate(tokens) if t.kind == "num"), len(tokens))
    last_text = max((i for i in range(first_num) if tokens[i].kind == "text"), default=-1)
    n = 0
    for t in tokens[last_text + 1:]:
        if t.kind != "blank" or t.text != "":
            break
        n += 1
    return n


# the four ways a space-aligned value's place is measured: right edge in display columns and in
# characters, left edge in both (values typed right- or left-aligned in their columns)
_MEASURES = (0, 1, 2, 3)


def _at(x: tuple[float | None, ...] | None, measure: int) -> float | None:
    """One measure of a value's place (None if unknown)."""
    return x[measure] if x is not None and measure < len(x) else None


_ACTIVE_ORDER = {code: i for i, (code, _) in enumerate(
    sorted(L.ACTIVE_ROWS, key=lambda r: ("regulation", "normative_doc", "license", "other_service", "penalty",
                                         "coercion", "fee", "procurement").index(r[0])))}


def _increasing(keys: list[int]) -> set[int]:
    """Positions of the longest strictly increasing run of ``keys`` (-1: unknown, never in it)."""
    best: list[list[int]] = []  # best[j]: positions of an increasing run ending at j
    for j, k in enumerate(keys):
        chain: list[int] = []
        if k >= 0:
            for i in range(j):
                if 0 <= keys[i] < k and len(best[i]) > len(chain):
                    chain = best[i]
            chain = [*chain, j]
        best.append(chain)
    return set(max(best, key=len, default=[]))


_MARK = re.compile(r"(?<![\d.．])(\d)[.．、](?!\d)")


def _number_mark(label: str) -> str | None:
    """The sub-row number a label prints ("4.保护第三" → "4"; "(三)不予1.属于国家" → "1"), if any."""
    m = _MARK.search(label or "")
    return m.group(1) if m else None


def _marked_fits(between: list[str], marks: list[str | None], limit: int = 2000) -> list[tuple[str, ...]]:
    """Order-preserving ways to give the unidentified rows form rows from ``between``: all of them
    when the counts match, else only ways where every row prints the sub-row number of its form row
    (form rows printed without any value leave no row behind, so fewer rows than form rows is normal).
    """
    from itertools import combinations

    if len(marks) > len(between):
        return []
    if len(marks) == len(between):
        ok = all(m is None or c.rsplit(".", 1)[-1] == m for m, c in zip(marks, between, strict=True))
        return [tuple(between)] if ok else []
    if any(m is None for m in marks):
        return []
    out: list[tuple[str, ...]] = []
    for n, pick in enumerate(combinations(between, len(marks))):
        if n > limit or len(out) > 1:
            break
        if all("." in c and c.rsplit(".", 1)[-1] == m for m, c in zip(marks, pick, strict=True)):
            out.append(pick)
    return out


def _runs(positions: list[int]) -> list[list[int]]:
    """Consecutive positions grouped: [1, 2, 5] → [[1, 2], [5]]."""
    out: list[list[int]] = []
    for p in positions:
        if out and p == out[-1][-1] + 1:
            out[-1].append(p)
        else:
            out.append([p])
    return out


def _variants(rows: list[str], alternatives: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """The form rows between two anchors in each form version: a row stands for the rows it maps to
    in the other version (3.6 for its three sub-rows; a 2019-only active row for none)."""
    out = [rows]
    for single, subs in alternatives.items():
        if single in rows:
            out = [v for r in out for v in ([x for x in r if x not in subs], [x for x in r if x != single])]
    return out


def _fit(tokens: list[Token], n: int, fields: bool = False) -> tuple[list[Token], bool]:
    """Trim phantom blank cells until ``tokens`` has ``n`` entries; (tokens, exact).

    ``fields``: every field is a cell in its column (Row.fields), the form's value columns being the
    table's last ones: the blanks on the left (spill of merged label cells) go first, so a blank
    last cell stays where it is printed.
    """
    tokens = list(tokens)
    if fields:
        while len(tokens) > n and tokens[0].kind == "blank" and not tokens[0].text.strip():
            tokens.pop(0)  # empty fields: never a zero mark (无, —) printed in a value column
    while len(tokens) > n and tokens[-1].kind == "blank" and not tokens[-1].text.strip():
        tokens.pop()
    while len(tokens) > n and tokens[0].kind == "blank" and not tokens[0].text.strip():
        tokens.pop(0)
    # a printed mark (无, —, /) is a cell of its column: a row with one too many is not this table's
    # width (an unnamed 小计 column), and dropping its first mark would slide every number left
    return tokens, len(tokens) == n


# "（三）不予公开1.属于" — or "（三1.属" when a narrow cell wraps the group label after its mark and
# the sub-row label's first characters sit beside it on the same line
_GROUP_AND_NUMBER = re.compile(r"^[（(]([三四五六])(?:[）)][^\d]*?|(?=\d[.．、]))(?:(\d)[.．、]|[（(](\d)[）)])")
_GROUP_OPEN = re.compile(r"[（(][三四五六]\d[.．、]")
_ORG_INITIALS = {"商": "enterprise", "科": "research", "社": "nonprofit", "法": "legal_service", "其": "other_org"}
_GROUP_MARKS = {"三": "3.3", "四": "3.4", "五": "3.5", "六": "3.6"}
# table 三's organisation columns by their whole printed names (a header cell each)
_WHOLE_ORG_NAME = {"商业企业": "enterprise", "科研机构": "research", "社会公益组织": "nonprofit",
                   "法律服务机构": "legal_service", "其他": "other_org", "其它": "other_org", "其他组织": "other_org",
                   "小计": "subtotal"}


def _complete(row: ValueRow) -> bool:
    """A table 二 row printing as many values as its columns (in the form of either version)."""
    return row.row != "?" and (row.exact or len(row.tokens) >= max(
        len(cols.get(row.row, ())) for cols in L.ACTIVE_DEFAULT_COLS.values()))


def _zero_mark(t: Token) -> bool:
    """A printed blank mark (无, —, /): a cell holding nothing, never an empty phantom field."""
    return t.kind == "blank" and bool(t.text.strip()) and t.text != "?unreadable"


def _breaks_own_total(row: ValueRow) -> bool:
    """A table 三 row of all its columns whose numbers do not add up to its total."""
    if not row.exact or len(row.tokens) != len(row.cols) or row.cols[-1] != "total":
        return False
    v = [t.value if t.kind == "num" else 0 for t in row.tokens]
    if any(x is None for x in v) or any(t.kind not in ("num", "blank") or t.text == "?unreadable" for t in row.tokens):
        return False
    parts = [x for c, x in zip(row.cols[:-1], v[:-1], strict=True) if c != "subtotal"]
    return abs(sum(parts) - v[-1]) > 1e-6


def _hides_subtotal(tokens: list[Token]) -> bool:
    """Seven numbers breaking the row total that add up as 自然人, four organisations, 小计, 总计."""
    if len(tokens) != 7 or any(t.kind != "num" for t in tokens):
        return False
    v = [t.value or 0 for t in tokens]
    return (abs(sum(v[:6]) - v[6]) > 1e-6 and v[5] > 0 and abs(sum(v[1:5]) - v[5]) < 1e-6
            and abs(v[0] + v[5] - v[6]) < 1e-6)


def _prints_subtotal(tokens: list[Token]) -> bool:
    """Eight numbers of a table 三 row laid out 自然人, five organisations, 小计, 总计: the five add up to
    the seventh and the first plus it to the last (a row of zeros says nothing)."""
    if len(tokens) != 8 or any(t.kind != "num" and not _zero_mark(t) for t in tokens):
        return False
    v = [t.value or 0 if t.kind == "num" else 0 for t in tokens]
    return v[7] > 0 and abs(sum(v[1:6]) - v[6]) < 1e-6 and abs(v[0] + v[6] - v[7]) < 1e-6


def _trim_empty_tail(values: list[Token], width: int) -> list[Token]:
    """Trailing empty cells dropped, as many kept as complete the last row of ``width`` values."""
    end = len(values)
    while end and values[end - 1].kind == "blank" and values[end - 1].text == "":
        end -= 1
    end = min(len(values), -(-end // width) * width)
    return values[:end]


def _shifted_left(tokens: list[Token], subtotal: bool) -> bool:
    """A row of as many cells as columns whose total cell is empty while its last number is the
    total of the numbers before it: a row printing one number fewer (a 0 left out), its cells
    filled from the left. Read by position it would put every number after the gap one column
    early, so it is read as a short row instead (the rules place it, or it stays null). A row of
    zeros is one too: every placement reads the same zeros, and its total is then 0 by the rules."""
    if not tokens or tokens[-1].kind != "blank" or tokens[-1].text.strip():
        return False
    nums = [t.value for t in tokens if t.kind == "num"]
    last = max((i for i, t in enumerate(tokens) if t.kind == "num"), default=-1)
    if len(nums) < 3 or any(t.kind != "blank" or t.text.strip() for t in tokens[last + 1:]):
        return False
    if not nums[-1] and any(t.kind != "num" for t in tokens[:last]):
        return False  # zeros among cells printed blank: read where they stand
    if subtotal:
        return abs(nums[0] + nums[-2] - nums[-1]) < 1e-6
    return abs(sum(nums[:-1]) - nums[-1]) < 1e-6


def _rows_failing(nums: list[float], n_rows: int, width: int) -> list[int]:
    """Rows (by index) of a stream read row after row whose own total does not add up (width 8:
    the 小计 column too)."""
    bad = []
    for i in range(n_rows):
        v = nums[i * width:(i + 1) * width]
        row_total = abs(sum(v[:6]) - v[6]) > 1e-6 if width == 7 else abs(sum(v[1:6]) - v[6]) > 1e-6 or abs(
            v[0] + v[6] - v[7]) > 1e-6
        if row_total:
            bad.append(i)
    return bad


def _put_back(nums: list[float], removed: tuple[int, ...], n_rows: int, width: int):
    """Every table ``nums`` gives with the values at ``removed`` taken out and put back at other
    places (``holes``, in any order) such that every row adds up: (table, holes) pairs. The rows
    before the first hole and after the last are checked once per shift, so a try costs O(1)."""
    rest = [v for i, v in enumerate(nums) if i not in removed]
    moved = [nums[i] for i in removed]
    k = len(moved)

    def ok(vals: list[float]) -> bool:
        return not _rows_failing(vals, 1, width)

    def row_at_shift(r: int, shift: int) -> bool:
        lo = r * width - shift
        return lo >= 0 and lo + width <= len(rest) and ok(rest[lo:lo + width])

    good = [[row_at_shift(r, s) for r in range(n_rows)] for s in range(k + 1)]
    prefix = [True]
    for r in range(n_rows):
        prefix.append(prefix[-1] and good[0][r])
    suffix = [True] * (n_rows + 1)
    for r in range(n_rows - 1, -1, -1):
        suffix[r] = suffix[r + 1] and good[k][r]
    n = len(nums)
    holes_list = [(h,) for h in range(n)] if k == 1 else [(a, b) for a in range(n) for b in range(a + 1, n)]
    for holes in holes_list:
        first, last = holes[0] // width, holes[-1] // width
        if not prefix[first] or not suffix[last + 1]:
            continue
        if k == 2 and not all(good[1][r] for r in range(first + 1, last)):
            continue
        for order in ((moved,) if k == 1 else (moved, moved[::-1])):
            final = list(rest)
            for h, v in zip(holes, order, strict=True):
                final.insert(h, v)
            if all(ok(final[r * width:(r + 1) * width]) for r in range(first, last + 1)):
                yield final, holes


def _columns_hold(grid: dict[str, list], results: list[str], width: int) -> bool:
    """Table 三's column rules in every column: the results add up to (七), 一 + 二 = (七) + 四."""
    return all(abs(sum(grid[r][j] for r in results) - grid["3.7"][j]) < 1e-6
               and abs(grid["1"][j] + grid["2"][j] - grid["3.7"][j] - grid["4"][j]) < 1e-6 for j in range(width))


def _adds_up(part: list[Token]) -> bool:
    """Whether a row of values prints a total (its last) equal to the sum of the others; a row
    with a blank total is taken to add up."""
    nums = [t.value if t.kind == "num" else 0 for t in part]
    return part[-1].kind != "num" or abs(sum(nums[:-1]) - nums[-1]) < 1e-6  # type: ignore[arg-type]


class FormReader:
    """Reads the three tables out of a document's rows. One instance per document."""

    def __init__(self) -> None:
        self.out = FormRead()
        self.table: str | None = None
        self.data = _DataRow()
        # table 二
        self.header_cols: list[str] = []
        self.header_open = False
        # table 三
        self.apply_header: list[str] = []
        self.apply_header_rows: list[list[str]] = []  # the header's labels, row by row
        # a header laid out as text: where each organisation's name sits (its centre, in characters)
        self.apply_header_places: list[tuple[float, str]] = []
        self.apply_orgs_doubtful = False  # the organisation columns' order cannot be told
        self.apply_remark = False  # the header ends with a 备注 column
        # field counts of table 三's tab-separated lines that print every cell (its header, full rows):
        # a row as wide is read from the right when it prints blanks as nothing (_apply_row)
        self.tab_widths: set[int] = set()
        # a result row (三、本年度办理结果) printed its 总计 cell: the column is in use, so a result row
        # leaving it empty may be one that printed a number fewer (some portals fill 总计 only on
        # the 总计 row: there an empty total is just unfilled)
        self.result_totals_printed = False
        self.apply_cols: tuple[str, ...] = APPLY_COLS
        self.apply_group: str | None = None
        self.apply_last: str | None = None
        self.apply_data_seen = False
        self.apply_edges: list[list[float | None]] = []  # right edges of the values of complete rows
        self.apply_value_edges: list[tuple[float | None, ...]] = []  # right edges of every value read
        # table 三 printed one cell a line (plain pdftotext): its values in order, and where row labels fell
        self.apply_stream: list[Token] = []
        self.apply_stream_labels: list[tuple[int, str]] = []
        self._label_breaks: set[int] = set()  # stream positions a label stands before
        self.apply_stream_lines = True  # every row of the table's values was a line of its own
        # table 四
        self.review_values: list[list[Token]] = []  # runs of values not under a row label
        self.review_xs: list[list[tuple[float | None, ...] | None]] = []  # their right edges, if known
        self.review_assigned: set[str] = set()
        # values printed one a line in more than one run, words between: text flattened by a PDF
        # tool, which may list a table column by column
        self.review_from_lines = False
        # tables whose text printed numbers before any of its row labels: text a PDF tool flattened in
        # its own order (values before their labels), where the label above a value is not its row's
        self.values_before_rows: set[str] = set()
        self.review_runs = 0
        # the words table 四 printed before its values, joined: whether its columns read in order
        self.review_header: list[str] = []

    # ── driving ──────────────────────────────────────────────────────────────────────────────
    def read(self, rows: list[Row]) -> FormRead:
        for row in untranspose(rows):
            own, inherited, values, xs = _split_row(row)
            text = squeeze("".join(own))
            if not values and self._switch_table(text):
                continue
            if self.table is None:
                continue
            if (self.table == "apply" and values and own and self.apply_last == "4"
                    and L.review_row(squeeze(own[-1])) and len(values) <= len(REVIEW_COLS) + 1):
                # table 四 with no heading of its own (turned on its side: 行政复议 | 5 values) right
                # after table 三's last row: its rows name it
                self._switch_table("政府信息公开行政复议")
            if self.table == "apply":
                self._stream(row, own, values)
                if not self.apply_data_seen and row.kind == "text" and not row.fields:
                    self._header_places(row)
            if values and row.kind == "line":
                # one cell per line: numbers accumulate until the next label
                # (an empty line is no cell printed one a line: text spacing around a table row)
                self.review_from_lines |= self.table == "review" and values[0] is not _SOFT
                if values[0] is _SOFT and not self.data.values and not (
                        self.data.before and self._names_a_row(self.data.before[-1:])):
                    continue  # an empty paragraph that follows no row label is spacing
                self.data.empty_lines |= values[0] is _SOFT and row.fields
                self.data.values += values
                self.data.lines = True
                self.data.flat = True
                continue
            if self.table == "apply" and row.tabbed and row.cells[-1].text.strip() and (
                    all(t.kind == "num" or t.text.strip() for t in values)):
                self.tab_widths.add(len(row.cells))  # a header line, or a row printing all its cells
            if self._label_rest(row, own, values):
                continue
            self._drop_label_start(row, own, values)
            if values and not any(t.kind == "num" for t in values) and (
                    not self._names_a_row(own) or self._is_column_header(own)) and not self._marks_row(own, values):
                values = []  # a header row with empty phantom cells, not a row of blanks
            if self.data.values:
                self._flush()
            if values:
                self.data.own, self.data.inherited, self.data.values, self.data.xs = own, inherited, values, xs
                self.data.fields = row.fields
                # trusted only on a line as wide as the table's header or a row printing every cell
                self.data.spill = _spilled_fields(row) if len(row.cells) in self.tab_widths else 0
                self.data.flat = row.kind in ("line", "text") and not row.fields
                self.data.positioned = any(x is not None for x in xs)
                self._flush()
            elif own and all(len(squeeze(x)) <= _MAX_LABEL for x in own):
                self._label_only(own)
        self._flush()
        self._close_review()
        self._decode_stream()
        self._drop_unanchored()
        self._join_cut_numbers()
        self._join_wrapped_rows()
        self._join_raised_values()
        self._anchor_rows("apply", L.APPLY_ORDER, {"3.6": ("3.6.1", "3.6.2", "3.6.3")})
        self._confirm_line_rows()
        self._anchor_rows("active", _ACTIVE_ORDER, {"other_service": (), "procurement": ()})
        self._place_by_columns()
        return self.out

    def _stream(self, row: Row, own: list[str], values: list[Token]) -> None:
        if values:
            if row.kind != "line" and len(values) > 2:
                # a label fragment with one value beside it is a line; so are two values a PDF tool
                # put on one line (Chromium prints a row's last two cells close: "7 114")
                self.apply_stream_lines = False
            self.apply_stream += [t for t in values if t is not _SOFT]
        for label in own:
            self.apply_stream_labels.append((len(self.apply_stream), label))
            self._label_breaks.add(len(self.apply_stream))

    def _decode_stream(self) -> None:
        """Table 三 printed one cell a line with its labels broken among the values (``pdftotext``
        without ``-layout`` of a PDF table: "一、本年新收…申请数" / "71" / "量" / "3" / …) reads as rows
        of the form's fixed order, row after row, when nothing else reads it whole.

        Only when the count of values is exactly the form's rows times its columns (it says which
        form and whether a 小计 column is printed), every row adds up (its 小计 too), every column rule
        holds (a value read under the wrong column keeps its row's total, not its column's: a table
        printing an arithmetic error is not read this way) and no label that names a row comes before
        the row above it. Otherwise the rows stay as read."""
        apply = [r for r in self.out.rows if r.table == "apply"]
        stream = self.apply_stream
        if not self.apply_stream_lines or not stream or any(t.kind == "blank" and t.text == "?unreadable"
                                                             for t in stream):
            return
        for version in ("2021", "2019"):
            rows = apply_rows(version)
            if len(rows) == len(apply) and all(r.exact and r.row == code for r, code in zip(apply, rows, strict=True)):
                return  # read whole already
        for version, width in (("2021", 7), ("2019", 7), ("2021", 8), ("2019", 8)):
            rows = apply_rows(version)
            if len(stream) == len(rows) * width:
                break
        else:
            return
        nums = [t.value if t.kind == "num" and t.value is not None else 0 for t in stream]
        results = [r for r in rows if r.startswith("3.") and r != "3.7"]
        moved = ""
        if _rows_failing(nums, len(rows), width):
            found = self._values_moved(stream, nums, rows, results, width)
            if found is None:
                return
            stream, nums, moved = found
        grid = {code: nums[i * width:(i + 1) * width] for i, code in enumerate(rows)}
        broken = sum(1 for j in range(width)
                     for lhs, rhs in ((sum(grid[r][j] for r in results), grid["3.7"][j]),
                                      (grid["1"][j] + grid["2"][j], grid["3.7"][j] + grid["4"][j]))
                     if abs(lhs - rhs) > 1e-6)
        start = {code: i * width for i, code in enumerate(rows)}
        # a bare column header (其他, 总计) also names a row: no evidence of where rows are
        named = [(pos, L.apply_row(label)) for pos, label in self.apply_stream_labels
                 if not _APPLY_HEADER_WORD.match(squeeze(label))]
        named = [(pos, code) for pos, code in named if code is not None]
        # A label may come late (a merged or wrapped label cell's words are flushed after the rows beside
        # it), never before the row above it: that would put values out of the rows' order. Labels
        # flushed at one place are one text block (a merged cell beside two rows: 三、本年（一）予以公开
        # …（二）部分公开): the block stands before its first row's values, not each label before its own.
        if any(code not in start for pos, code in named):
            return
        first_named = {pos: min(start[c] for p, c in named if p == pos) for pos, _ in named}
        if any(pos < first_named[pos] - width for pos, _ in named):
            return
        if broken and self._moved_within_rows(grid, results, width):
            self.out.warnings.append("table 三: values printed one a line read row after row break column rules "
                                     "only in ways that cancel out across a row (a value moved to another column); "
                                     "their order is not the table's; not read this way")
            return
        # one printed error is read when a third of the rows have their label where they start (give or
        # take the values put back): labels all after the table say nothing of where its rows are
        near = {code for pos, code in named if abs(pos - start[code]) <= (2 if moved else 0)}
        if broken and not (self._one_column_error(grid, results, width) and len(near) * 3 >= len(rows)) and len(
                {code for pos, code in named if pos == start[code]}) * 5 < len(rows) * 3:
            # a row moved to another column keeps every row total but not the column totals; only
            # labels standing exactly where their rows start (most rows) say the table prints an
            # arithmetic error rather than a misreading
            return
        cols = (*APPLY_COLS[:6], "subtotal", "total") if width == 8 else self.apply_cols if len(
            self.apply_cols) == 7 else APPLY_COLS
        how = ("table printed one cell a line, its labels among the values: read row after row in the form's "
               "order, because every row adds up and " + ("most labels stand where their rows start" if broken
                                                          else "the column rules hold") + moved)
        decoded = [ValueRow("apply", code, stream[start[code]:start[code] + width], cols, True, how=how, label=code)
                   for code in rows]
        self.out.rows = [r for r in self.out.rows if r.table != "apply"] + decoded
        if width == 8:
            self.out.apply_has_subtotal = True
        self.out.warnings.append(f"table 三: {len(stream)} values printed one a line read as the {version} form's "
                                 f"{len(rows)} rows of {width} columns (each row adds up)")

    @staticmethod
    def _moved_within_rows(grid: dict[str, list], results: list[str], width: int) -> bool:
        """Whether the column rules a row-by-row reading breaks show a value read under the wrong
        column of its row: the applicant columns' differences cancel out (+8 in one, −8 in another)
        while the total column holds. A printed arithmetic error breaks its total column too (or
        its row, which the reading already refuses)."""
        total = width - 1
        for lhs, rhs in ((lambda j: sum(grid[r][j] for r in results), lambda j: grid["3.7"][j]),
                         (lambda j: grid["1"][j] + grid["2"][j], lambda j: grid["3.7"][j] + grid["4"][j])):
            diffs = [lhs(j) - rhs(j) for j in range(6)]
            if (sum(1 for d in diffs if abs(d) > 1e-6) >= 2 and abs(sum(diffs)) < 1e-6
                    and abs(lhs(total) - rhs(total)) < 1e-6):
                return True
        return False

    def _values_moved(self, stream: list[Token], nums: list[float], rows: tuple[str, ...] | list[str],
                      results: list[str], width: int) -> tuple[list[Token], list[float], str] | None:
        """A stream whose rows do not all add up read row after row, with a value or two a PDF tool
        wrote out of their places (plain pdftotext lists a cell drawn apart from its row after a
        later row's labels, or a row's first cell after its label): the one table that putting
        them back makes, every row adding up and the column rules holding (or breaking as one
        printed error does). One value may come from anywhere; two only from values standing alone
        between labels (cells drawn apart). Several different tables: None (not read)."""
        alone = [i for i in range(len(stream)) if i in self._label_breaks and i + 1 in self._label_breaks]
        tries = [(i,) for i in range(len(nums))] + [(i, j) for n, i in enumerate(alone) for j in alone[n + 1:]]
        grids: dict[tuple[float, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        for k in (1, 2):
            for removed in (t for t in tries if len(t) == k):
                for final, holes in _put_back(nums, removed, len(rows), width):
                    key = tuple(final)
                    if key in grids:
                        continue
                    grid = {code: final[i * width:(i + 1) * width] for i, code in enumerate(rows)}
                    if _columns_hold(grid, results, width) or self._one_column_error(grid, results, width):
                        grids[key] = (removed, holes)
                        if len(grids) > 1:
                            self.out.warnings.append("table 三: values printed one a line do not add up row after "
                                                     "row, and more than one way of putting values back makes them; "
                                                     "not read this way")
                            return None
            if grids:
                break
        if not grids:
            return None
        (key, (removed, holes)), = grids.items()
        tokens = [t for i, t in enumerate(stream) if i not in removed]
        values = {nums[i]: stream[i] for i in removed}
        for h in sorted(holes):
            tokens.insert(h, values[key[h]])
        texts = ", ".join(stream[i].text for i in removed)
        self.out.warnings.append(f"table 三: value(s) {texts} printed out of place in the one-a-line stream (items "
                                 f"{', '.join(str(i + 1) for i in removed)}) put back as items "
                                 f"{', '.join(str(h + 1) for h in sorted(holes))}, the only table where every row adds up")
        return tokens, list(key), (f"; value(s) {texts} printed out of place in the stream are put back where every "
                                   "row adds up, the only such table")

    @staticmethod
    def _one_column_error(grid: dict[str, list], results: list[str], width: int) -> bool:
        """Whether the column rules a row-by-row reading breaks show one printed arithmetic error
        rather than a misreading: every rule breaks in one and the same applicant column and in the
        total column by the same amount (a result row or (七) miscounted, as the agency printed
        it). A value read under the wrong column or row breaks two applicant columns or a row total."""
        total = width - 1
        columns = set()
        for lhs, rhs in ((lambda j: sum(grid[r][j] for r in results), lambda j: grid["3.7"][j]),
                         (lambda j: grid["1"][j] + grid["2"][j], lambda j: grid["3.7"][j] + grid["4"][j])):
            diffs = [lhs(j) - rhs(j) for j in range(6)]
            off = [j for j, d in enumerate(diffs) if abs(d) > 1e-6]
            if not off and abs(lhs(total) - rhs(total)) < 1e-6:
                continue
            if len(off) != 1 or abs(diffs[off[0]] - (lhs(total) - rhs(total))) > 1e-6:
                return False
            columns.add(off[0])
        return len(columns) == 1

    def _drop_unanchored(self) -> None:
        """A table whose flattened text printed numbers before its first row label is not read row by
        row: the values under a label may be the next row's (pdftotext without -layout of a print
        whose cells come out values first). A table decoded whole from its stream stays."""
        for table in sorted(self.values_before_rows):
            rows = [r for r in self.out.rows if r.table == table]
            if not rows or all(r.how.startswith("table printed one cell a line") for r in rows):
                continue
            self.out.rows = [r for r in self.out.rows if r.table != table]
            name = {"apply": "三", "active": "二"}[table]
            self.out.warnings.append(f"table {name}: numbers printed before its first row label (text flattened out "
                                     "of order); its rows are not read from the labels above them")

    def _header_out_of_order(self) -> bool:
        """Table 三's header names its organisation columns out of the form's order (社会 / 科研 / 商业企业
        / 公益 …, the lines of a header wrapped in narrow columns): text a PDF tool flattened without
        positions, which lists a row's cells in the order of its text blocks, not always left to
        right."""
        seen: list[str] = []
        for label in self.apply_header:
            seen += [c for c in L.apply_subcolumn_order(label) if c != "subtotal" and c not in seen]
        return seen != sorted(seen, key=APPLY_COLS.index)  # names missing (letter-spaced, cut) say nothing

    def _header_cut_short(self) -> bool:
        """Table 三's header, as printed before its values, does not name its columns through to 总计
        (a spreadsheet printed wider than its page continues its right-hand columns on a later page,
        their names and values with them): values one a line are then not known to run across
        the whole row, and are read only where the column rules confirm them."""
        text = squeeze("".join(self.apply_header))
        return not ("总计" in text or "合计" in text) or len(
            [c for c in L.apply_subcolumn_order(text) if c != "subtotal"]) < len(APPLY_COLS) - 2

    def _confirm_line_rows(self) -> None:
        """Rows whose values were printed one a line under a header out of order (see above) keep
        their values only when the column rules confirm the order: rows 一 + 二 = (七) + 四 and the
        results adding up to (七), in every column, with every row of the table read whole. Otherwise
        their values are not read (a row's own total adds up in any order; a column's does not)."""
        apply = [r for r in self.out.rows if r.table == "apply"]
        doubtful = [r for r in apply if r.lines and len(r.tokens) > 1 and not r.how]
        if not doubtful or not (self._header_out_of_order() or self._header_cut_short()):
            return
        exact = {r.row: r for r in apply if r.exact}
        for version in ("2021", "2019"):
            rows = apply_rows(version)
            if all(code in exact for code in rows):
                grid = {code: [t.value if t.kind == "num" and t.value is not None else 0 for t in exact[code].tokens]
                        for code in rows}
                width = len(grid["1"])
                results = [c for c in rows if c.startswith("3.") and c != "3.7"]
                if all(len(v) == width for v in grid.values()) and all(
                        abs(grid["1"][j] + grid["2"][j] - grid["3.7"][j] - grid["4"][j]) < 1e-6
                        and abs(sum(grid[c][j] for c in results) - grid["3.7"][j]) < 1e-6 for j in range(width)):
                    return
        for row in doubtful:
            self.out.warnings.append(
                f"table 三 row {row.row}: values {[t.text for t in row.tokens]} printed one a line under a header "
                "laid out out of order; their order may not be the columns' and the column rules cannot confirm "
                "it; not read")
            row.tokens, row.exact, row.xs = [], False, []
            row.how = "values printed one a line under a header laid out out of order; their order is not confirmed"

    def _join_raised_values(self) -> None:
        """A table 二 row whose first value sits a line above its label (a cell aligned to the top
        beside a label centred in a taller row, laid out as text): values under no row label, then a
        row short of exactly as many, all of them left of its first value, are that row's first."""
        out: list[ValueRow] = []
        for row in self.out.rows:
            prev = out[-1] if out else None
            above = out[-2] if len(out) > 1 and out[-2].table == "active" else None
            if (prev is not None and row.table == prev.table == "active" and prev.row == "?" and row.row != "?"
                    and not row.exact and prev.xs and row.xs and prev.tokens and row.tokens
                    and (above is None or _complete(above))):  # else the values may be the end of the row above
                n = len(prev.tokens) + len(row.tokens)
                fits = any(len(cols.get(row.row, ())) == n for cols in L.ACTIVE_DEFAULT_COLS.values())
                # left in both measures of a text's columns (display columns and characters), which
                # disagree on lines whose labels differ in length
                if fits and all(x[k] is not None and y[k] is not None and x[k] < y[k]
                                for x in prev.xs for y in row.xs for k in (0, 1)):
                    row.tokens, row.xs = prev.tokens + row.tokens, []
                    row.how = "its first values printed a line above its label, left of the others; read as the row's"
                    self.out.warnings.append(f"table 二 row {row.row}: {row.how}")
                    out[-1] = row
                    continue
            out.append(row)
        self.out.rows = out

    def _join_wrapped_rows(self) -> None:
        """A table 三 row wrapped by the page (text laid out as lines: a long label pushes the last
        values to the next line) reads as a labelled row with too few values and, right after it, a
        line of values (two or more) with no label at all: together they are the row, if they are no more than its
        columns and, when exactly as many, its total adds up (fewer: a short row the rules place)."""
        rows = self.out.rows
        out: list[ValueRow] = []
        for row in rows:
            prev = out[-1] if out else None
            n = len(self.apply_cols)
            # the line may carry the end of the row's wrapped label (本机关不掌握相关政府信 49 / 1. / 息 1 0 0
            # 0 0 50): a text naming no row, and then only when the values come to the row's columns exactly
            tail_label = bool(row.label) and _number_mark(row.label) is None and L.apply_row(row.label) is None
            if (prev is not None and row.table == prev.table == "apply" and row.row == "?"
                    and (not row.label or tail_label)
                    and not row.lines and len(row.tokens) > 1
                    and prev.row != "?" and not prev.exact and prev.tokens and row.tokens
                    and len(prev.tokens) + len(row.tokens) <= n and prev.cols == row.cols):
                tokens = prev.tokens + row.tokens
                nums = [t.value if t.kind == "num" else 0 for t in tokens]
                exact = len(tokens) == n
                if tokens[-1].kind == "num" and (not exact or abs(sum(nums[:-1]) - nums[-1]) < 1e-6) and (
                        exact or not row.label) and "subtotal" not in prev.cols:
                    # a row still short of values is placed by the rules, or not at all
                    prev.tokens, prev.exact, prev.xs = tokens, exact, []
                    self.out.warnings.append(f"table 三 row {prev.row}: its last {len(row.tokens)} values printed on "
                                             "the next line (wrapped); read as one row")
                    continue
            out.append(row)
        self.out.rows = out

    def _anchor_rows(self, table: str, order: dict[str, int], alternatives: dict[str, tuple[str, ...]]) -> None:
        """Rows come in the form's fixed order: a row whose label cannot be read (or reads as a row
        out of that order: merged group text interleaved with the sub-row's, ``(六)其1.申请人``) is
        identified by its neighbours, never by sliding the rows under it.

        The rows read in order (the longest run increasing in the form's order) are anchors. The
        unidentified rows between two anchors take the form rows between them when their count
        matches exactly one way (``alternatives``: rows of one form version that stand for rows of
        the other, 3.6 for 3.6.1–3.6.3); otherwise their values are not read, with a warning. A
        table with more such rows than anchors cannot be reconciled with the form: it is not read.
        """
        idx = [i for i, r in enumerate(self.out.rows) if r.table == table]
        if not idx:
            return
        rows = [self.out.rows[i] for i in idx]
        anchored = _increasing([order.get(r.row, -1) for r in rows])
        loose = [k for k in range(len(rows)) if k not in anchored]
        if not loose:
            return
        read_codes = {rows[k].row for k in anchored}
        impossible = {x for single, subs in alternatives.items()
                      for x in ((single,) if read_codes & set(subs) else subs if single in read_codes else ())}
        keep: set[int] = set()
        for run in _runs(loose):
            before = rows[run[0] - 1].row if run[0] > 0 else None
            after = rows[run[-1] + 1].row if run[-1] + 1 < len(rows) else None
            lo, hi = order[before] if before else -1, order[after] if after else len(order)
            between = [c for c, i in sorted(order.items(), key=lambda x: x[1]) if lo < i < hi and c not in impossible]
            marks = [_number_mark(rows[k].label) for k in run]
            fits = {fit for v in _variants(between, alternatives) for fit in _marked_fits(v, marks)}
            labels = [rows[k].label or rows[k].row for k in run]
            if table == "apply" and any(_breaks_own_total(rows[k]) for k in run):
                fits = set()  # placed by its neighbours, its numbers must at least add up as a row
            if len(fits) == 1:
                for k, code in zip(run, fits.pop(), strict=True):
                    row = rows[k]
                    row.how = (f"row label {row.label or row.row!r} not read as its place; identified by its "
                               f"neighbours in the form's order ({before or 'start'} … {after or 'end'}) as {code}")
                    self.out.warnings.append(f"table {table}: {row.how}")
                    row.row = code
                    keep.add(idx[k])
            else:
                self.out.warnings.append(
                    f"table {table}: values under {labels} between rows {before or 'start'} and {after or 'end'} "
                    "cannot be placed in the form's order; not read")
                if any(t.kind == "num" and t.value for k in run for t in rows[k].tokens):
                    self.out.dropped_numbers.add(table)
                if table == "apply" and run[0] > 0:
                    self._null_if_cut(rows[run[0] - 1], [rows[k] for k in run])
        drop = {idx[k] for k in loose} - keep
        if len(drop) > len(anchored):
            self.out.warnings.append(f"table {table}: {len(drop)} of {len(rows)} rows cannot be reconciled with "
                                     "the form's row order; the table is not read")
            drop = set(idx)
        self.out.rows = [r for i, r in enumerate(self.out.rows) if i not in drop]

    def _join_cut_numbers(self) -> None:
        """Numbers wrapped inside narrow cells (text laid out as lines: 250 printed "25" over "0"):
        a table 三 row of all its columns whose numbers do not add up, followed by a line of fewer
        bare numbers under no row label, is read with those numbers appended, in order, to its
        cells when exactly one choice of cells makes the row add up (its 小计 too). The digits are
        the ones printed, joined as the cell prints them over two lines; nothing is guessed: with no
        such choice, or more than one, both lines stay as they are (and are not read)."""
        from itertools import combinations

        out: list[ValueRow] = []
        rows = self.out.rows
        i = 0
        while i < len(rows):
            row = rows[i]
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            if (nxt is not None and row.table == nxt.table == "apply" and row.exact and nxt.row == "?"
                    and not row.lines and not nxt.lines and 0 < len(nxt.tokens) < len(row.tokens)
                    and all(t.kind == "num" for t in nxt.tokens) and not self._row_holds(row.tokens, row.cols)
                    and not (nxt.label and self._names_a_row([nxt.label]))):
                fits = []
                for cells in combinations(range(len(row.tokens)), len(nxt.tokens)):
                    if any(row.tokens[k].kind != "num" for k in cells):
                        continue
                    joined = list(row.tokens)
                    for k, t in zip(cells, nxt.tokens, strict=True):
                        joined[k] = classify(row.tokens[k].text + t.text)
                    if all(t.kind == "num" for t in (joined[k] for k in cells)) and self._row_holds(joined, row.cols):
                        fits.append(joined)
                if len(fits) == 1:
                    row.tokens = fits[0]
                    row.how = ("numbers wrapped inside their cells (their last digits on the next line) joined: the "
                               "only way the row adds up")
                    self.out.warnings.append(f"table 三 row {row.row}: {row.how}")
                    out.append(row)
                    i += 2
                    continue
            out.append(row)
            i += 1
        self.out.rows = out

    @staticmethod
    def _row_holds(tokens: list[Token], cols: tuple[str, ...]) -> bool:
        """A table 三 row adds up: organisations to 小计 (if printed), everyone to 总计; a row of zeros
        or with a blank total says nothing."""
        v = {c: (t.value or 0) if t.kind == "num" else 0 for c, t in zip(cols, tokens, strict=False)}
        if tokens[-1].kind != "num" or not v.get("total"):
            return False
        orgs = sum(v.get(c, 0) for c in APPLY_COLS[1:6])
        if "subtotal" in v and abs(orgs - v["subtotal"]) > 1e-6:
            return False
        return abs(v.get("natural_person", 0) + orgs - v["total"]) < 1e-6

    def _null_if_cut(self, row: ValueRow, after: list[ValueRow]) -> None:
        """Numbers wrapped inside a narrow cell (150 printed 15 over 0) leave their ends on a line of
        their own, under no label. When such a line follows a row whose total does not add up, the
        row's numbers may be cut: it is not read (the rules may still determine its cells), never
        read as the smaller numbers."""
        stray = [t for r in after for t in r.tokens]
        if not row.exact or _adds_up(row.tokens) or any(r.label for r in after):
            return
        if not stray or len(stray) >= len(row.tokens) or any(t.kind != "num" for t in stray):
            return
        self.out.warnings.append(f"table 三 row {row.row}: its numbers do not add up and a line of numbers under "
                                 f"no label follows it ({[t.text for t in stray]}): numbers may be cut by a wrap "
                                 "inside their cells; the row is not read")
        row.tokens, row.exact, row.xs = [], False, []

    def _place_by_columns(self) -> None:
        """Space-aligned text prints a blank cell as nothing: place such a row's values under the
        columns the complete rows show (right edges), if every value sits on one column and the
        row's total still adds up; otherwise the row stays short.

        Edges are measured four ways: right and left edges (values typed right- or left-aligned), in
        display columns (text padded by hand, CJK two columns wide) and in characters
        (``pdftotext -layout``, one glyph a column); the first that places a row wins.
        """
        if not self.apply_edges:
            self._place_by_spacing()
            return
        for measure in _MEASURES:
            if any(_at(e, measure) is None for edges in self.apply_edges for e in edges):
                continue
            cols = [sorted(_at(e[i], measure) or 0.0 for e in self.apply_edges) for i in range(len(APPLY_COLS))]
            anchors = [c[len(c) // 2] for c in cols]
            if any(b - a < 3 for a, b in zip(anchors, anchors[1:], strict=False)):
                continue
            # the complete rows must show columns: values whose edges wander with their labels (text
            # boxes of a converted PDF) say nothing about where a shorter row's values belong
            if any(4 * sum(abs(x - a) <= 2 for x in c) < 3 * len(c) for c, a in zip(cols, anchors, strict=True)):
                continue
            self._place_open_rows(anchors, measure)

    def _place_by_spacing(self) -> None:
        """No row prints all its cells (blanks print as nothing in every row): the columns are
        where the values of all rows line up, when those places are evenly spaced and span exactly
        the form's columns from the first to the last (a table typed with fixed-width columns). A
        column no row prints a value in then sits between two seen ones; if the first or the last
        column is never seen, the places are not known and nothing is placed. Each row is then
        placed as under complete rows' columns: only if its total adds up."""
        n = len(APPLY_COLS)
        for measure in _MEASURES:
            edges = sorted(e for x in self.apply_value_edges if (e := _at(x, measure)) is not None)
            if len(edges) < n:
                continue
            clusters: list[list[float]] = [[edges[0]]]
            for x in edges[1:]:
                if x - clusters[-1][-1] <= 1:
                    clusters[-1].append(x)
                else:
                    clusters.append([x])
            if any(c[-1] - c[0] > 1 for c in clusters) or len(clusters) > n:
                continue
            centres = [c[len(c) // 2] for c in clusters]
            step = (centres[-1] - centres[0]) / (n - 1)
            if step < 3:
                continue
            anchors = [centres[0] + i * step for i in range(n)]
            if any(min(abs(a - x) for a in anchors) > 1 for x in centres):
                continue
            gaps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
            if min(gaps) < step - 1.5 or not any(abs(g - step) <= 1 for g in gaps):
                continue  # two neighbouring columns seen at least once: the spacing is measured, not guessed
            for row in self._place_open_rows(anchors, measure):
                row.how = ("space-aligned text printing blank cells as nothing in every row: values placed "
                           "under evenly spaced columns where all rows' values line up, kept because the "
                           "row's total adds up")
            return

    def _place_open_rows(self, anchors: list[float], measure: int) -> list[ValueRow]:
        """Each table 三 row not yet read whole whose values all have a place in ``measure``, set
        under the columns at ``anchors`` (see ``_place_row``); the rows that were placed."""
        placed: list[ValueRow] = []
        for row in self.out.rows:
            if row.table != "apply" or row.exact or not row.xs or len(row.xs) != len(row.tokens):
                continue
            xs = [_at(x, measure) for x in row.xs]
            if any(x is None for x in xs):
                continue
            self._place_row(row, anchors, xs)  # type: ignore[arg-type]
            if row.exact:
                placed.append(row)
        return placed

    def _place_row(self, row: ValueRow, anchors: list[float], xs: list[float]) -> None:
        placed: dict[int, Token] = {}
        for tok, x in zip(row.tokens, xs, strict=True):
            i = min(range(len(anchors)), key=lambda k: abs(anchors[k] - x))
            if abs(anchors[i] - x) > 2 or i in placed:
                return
            placed[i] = tok
        tokens = [placed.get(i, Token("blank", "")) for i in range(len(APPLY_COLS))]
        values = [t.value if t.kind == "num" else 0 for t in tokens]
        if tokens[-1].kind != "num" or abs(sum(values[:-1]) - values[-1]) > 1e-6:
            return  # the placement does not add up: leave it to the rules, or null
        row.tokens, row.exact, row.xs = tokens, True, []
        row.how = ("space-aligned row: values placed under the columns of the complete rows"
                   " (blank cells print as nothing), kept because its total adds up")

    def _review_by_spacing(self, values: list[Token], xs: list[tuple[float | None, ...] | None]) -> bool:
        """Table 四's one row of fifteen cells in space-aligned text that prints blank cells as
        nothing: each value goes to the column its edge sits on. The columns' spacing is the
        smallest gap between two values (every gap a multiple of it, two neighbours seen); where
        the first value sits is then tried at every column the row leaves room for, and the
        placement is kept only when exactly one of them makes each group that prints a value add
        up to its printed 总计 (the rules confirm the places, they never supply a number).
        Otherwise False (read as before)."""
        n = len(REVIEW_ROWS) * len(REVIEW_COLS)
        w = len(REVIEW_COLS)
        if not (w <= len(values) < n) or len(xs) != len(values) or any(t.kind != "num" for t in values):
            return False
        for measure in _MEASURES:
            edges = [_at(x, measure) for x in xs]
            if any(e is None for e in edges):
                continue
            gaps = [b - a for a, b in zip(edges, edges[1:], strict=False)]  # type: ignore[operator]
            step = min(gaps)
            if step < 3 or any(abs(g - round(g / step) * step) > 1 for g in gaps):
                continue
            slots = [round((e - edges[0]) / step) for e in edges]  # type: ignore[operator]
            if slots[-1] >= n or len(set(slots)) != len(slots):
                continue
            found = []
            for offset in range(n - slots[-1]):
                cells = [Token("blank", "")] * n
                for k, t in zip(slots, values, strict=True):
                    cells[k + offset] = t
                groups = [cells[i:i + w] for i in range(0, n, w)]
                if all(all(t.kind == "blank" for t in g) or (g[-1].kind == "num" and _adds_up(g)) for g in groups):
                    found.append(groups)
            if len(found) != 1:
                continue
            how = ("space-aligned row printing blank cells as nothing: values placed under evenly spaced columns, "
                   "the only placement where each group adds up to its total")
            for row, part in zip(REVIEW_ROWS, found[0], strict=True):
                self.review_assigned.add(row)
                self.out.rows.append(ValueRow("review", row, part, REVIEW_COLS, True, how=how))
            return True
        return False

    def _switch_table(self, text: str) -> bool:
        """Section headings and table anchors switch tables; True when the row is only a heading."""
        if not text or len(text) > 40:
            return False
        heading = bool(_ACTIVE_HEADING.search(text) or _APPLY_HEADING.search(text) or _REVIEW_HEADING.search(text))
        new = None
        if _ACTIVE_HEADING.search(text) or (text.startswith("第二十条") and self.table != "active"):
            new = "active"
        elif _APPLY_HEADING.search(text) or (self.table not in ("apply", "review") and (
                text.startswith("申请人情况") or text.startswith("本列数据") or "本年新收" in text)):
            new = "apply"
        elif _REVIEW_HEADING.search(text) or (self.table == "apply" and self.apply_data_seen and (
                re.fullmatch(r"行政(法)?复议(行政诉讼)?", text))):
            new = "review"
        elif _END_HEADING.search(text) and self.table is not None:
            self._flush()
            self._close_review()
            self.table = None
            return True
        if new is None or new == self.table:
            return heading
        self._flush()
        self._close_review()
        self.table = new
        self.out.tables_seen.add(new)
        self.data = _DataRow()
        return heading

    def _names_a_row(self, own: list[str]) -> bool:
        """Whether labels name a form row of the current table (a row printed all blank is still a row)."""
        if not own:
            return False
        if self.table == "active":
            return L.active_row(own[-1]) is not None
        if self.table == "apply":
            return L.apply_row(own[-1]) is not None or L.apply_row_by_number(own[-1], self.apply_group) is not None
        return L.review_row(own[-1]) is not None

    def _label_rest(self, row: Row, own: list[str], values: list[Token]) -> bool:
        """A table row holding only the end of the row above's label, its value cells empty: a label
        wrapped in a narrow cell that a PDF's ruling (LibreOffice) cut into two grid rows
        ("2、" + values, then "其他法律行政法规禁止公开" over empty cells). It names the row just
        read, without a numbering mark of its own: never a second, blank reading of that row."""
        if self.table != "apply" or row.kind != "html" or not own or not values or self.apply_last is None:
            return False
        if not all(t.kind == "blank" and not t.text.strip() for t in values):
            return False
        label = squeeze(own[-1])
        if split_numbering(label)[0] or _GROUP_MARK.match(label):
            return False
        return L.apply_row(label) == self.apply_last and not self.data.values

    def _drop_label_start(self, row: Row, own: list[str], values: list[Token]) -> None:
        """The same cut with the values on the second grid row (a vertically centred cell): the
        first ("2、其他法", its value cells empty) was read as that row printed blank; the values
        under the label's end are its reading, so the empty one is dropped."""
        if self.table != "apply" or row.kind != "html" or not own or self.apply_last is None:
            return
        if not any(t.kind == "num" or t.text.strip() for t in values) or self.data.values:
            return
        label = squeeze(own[-1])
        if split_numbering(label)[0] or _GROUP_MARK.match(label) or L.apply_row(label) != self.apply_last:
            return
        last = self.out.rows[-1] if self.out.rows else None
        if last is not None and last.table == "apply" and last.row == self.apply_last and all(
                t.kind == "blank" and not t.text.strip() for t in last.tokens):
            self.out.rows.pop()

    def _marks_row(self, own: list[str], values: list[Token]) -> bool:
        """A line of printed zero marks (-  -  -, 无 无) under a label line that names a row (its
        label on the line above, its values on the next): a row printed all blank, never phantom
        cells. The form says a blank is 0, so the rules check it like any printed row."""
        return (not own and bool(self.data.before) and not self.data.values
                and all(t.kind == "blank" and t.text.strip() and t.text[:1] not in "~?\x00" for t in values)
                and self._names_a_row(self.data.before[-1:]))

    def _is_column_header(self, own: list[str]) -> bool:
        """Labels that are all column headers of table 三 (自然人 … 总计, 商业企业 … 其他).

        A spreadsheet row keeps empty cells up to the widest table of its sheet, so a header row
        carries blank "values"; its last word (总计, 其他) also names a form row. Taken as a row,
        it would close the header before the sub-header that prints 小计.
        """
        return self.table == "apply" and bool(own) and all(self._is_header_word(label) for label in own)

    def _label_only(self, own: list[str]) -> None:
        if self.table == "active":
            joined = "".join(own)
            if joined.startswith("第二十条") or "信息内容" in joined:
                self.header_cols, self.header_open = [], True
            cols = [c for label in own for c in L.active_cols(label)]
            if cols:
                self.header_cols = self.header_cols + cols if self.header_open else cols
                self.header_open = True
                self.out.active_cols_seen.update(cols)
                return
        elif self.table == "apply":
            if not self.apply_data_seen:
                self.apply_header += own
                self.apply_header_rows.append(list(own))
            for label in own:
                group = L.apply_group(label)
                if group:
                    self.apply_group = group
            own = [label for label in own if not self._is_header_word(label)]
        elif self.table == "review" and not self.review_values and not self.review_assigned:
            self.review_header += own
        self.data.before += own

    def _is_header_word(self, label: str) -> bool:
        """A column header of table 三 (自然人, 商业企业, 总计, …), printed again after a page break.

        Kept out of the labels that name the next row; a bare 其他/总计 is a row label only
        where the form has that row next.
        """
        text = squeeze(label)
        if not _APPLY_HEADER_WORD.match(text):
            return False
        if re.fullmatch(r"其[他它]", text):
            return not (self.apply_last in ("3.6.1", "3.6.2") or self.apply_group == "3.6" and self.apply_data_seen)
        if text in ("总计", "合计"):
            return not (self.apply_last or "").startswith(("3.5", "3.6"))
        return True

    # ── a row with values ─────────────────────────────────────────────────────────────────────
    def _flush(self) -> None:
        data = self.data
        self.data = _DataRow(before=data.before[-3:] if not data.values else [])
        if not data.values:
            return
        if self.table == "active":
            self._active_row(data)
        elif self.table == "apply":
            self._apply_row(data)
        elif self.table == "review":
            self._review_row(data)

    def _active_row(self, p: _DataRow) -> None:
        p.values = [t for t in p.values if t is not _SOFT]
        if not p.values:
            return
        code = next((c for c in map(L.active_row, p.candidates()) if c), None)
        if code is None and not any(t.kind == "num" for t in p.values):
            return
        label = "".join(p.nearest_labels())[:40]
        if code is None:
            self.out.warnings.append(f"table 二: values {[t.text for t in p.values]} under no known row label {label!r}")
            # (a value above its label in space-aligned text is placed by where it sits: _join_raised_values)
            if p.flat and not p.positioned and any(t.kind == "num" for t in p.values) and not any(
                    r.table == "active" and r.row != "?" for r in self.out.rows):
                self.values_before_rows.add("active")
        self.header_open = False
        cols = tuple(self.header_cols)
        forms = [set(d) for d in (L.ACTIVE_DEFAULT_COLS[v].get(code or "", ()) for v in L.ACTIVE_DEFAULT_COLS)
                 if set(cols) <= set(d)]
        if cols and forms and all(set(cols) < d for d in forms):
            # fewer columns than the form gives this row: a header whose words wrapped past
            # recognition ("本年新" / "制作数量"); its values are placed by their count or not at all
            cols = ()
        tokens, exact = _fit(p.values, len(cols), p.fields) if cols else (p.values, False)
        xs = p.xs if len(p.xs) == len(p.values) == len(tokens) and all(x is not None for x in p.xs) else []
        self.out.rows.append(ValueRow("active", code or "?", tokens, cols, exact and bool(cols), xs, label=label))

    def _apply_row(self, p: _DataRow) -> None:
        code = self._apply_code(p)
        label = "?" if p.ambiguous else "".join(p.nearest_labels())[:40]
        if code is None:
            if not any(t.kind == "num" for t in p.values) or not self.apply_data_seen:
                if any(t.kind == "num" for t in p.values) and p.flat and not p.positioned and self.apply_last is None:
                    self.values_before_rows.add("apply")
                if any(t.kind == "num" for t in p.values):
                    self.out.warnings.append(f"table 三: values {[t.text for t in p.values]} under unrecognized "
                                             f"label {label!r}")
                return
            # kept in its place: identified later by the rows around it (_anchor_rows), or not read
            self.out.warnings.append(f"table 三: values {[t.text for t in p.values]} under unrecognized label {label!r}")
        if not self.apply_data_seen:
            self.apply_data_seen = True
            self._apply_columns()
        if code is not None:
            self.apply_last = code
        n = len(self.apply_cols)
        hard = [t for t in p.values if t is not _SOFT]
        if p.fields and len(hard) > n + 1 and self.apply_remark:
            while len(hard) > n + 1 and hard[0].kind == "blank" and not hard[0].text.strip():
                hard = hard[1:]  # empty fields of the merged label cells on the left
            p.values = hard
        if (len(hard) == n + 1 or len(hard) <= n and any(t.kind == "num" for t in hard[:-1])) and (
                self.apply_remark and hard and hard[-1].kind != "num" and not p.lines):
            # a 备注 column after 总计: its cell (blank, 无 or words) is no value of the form
            hard = hard[:-1]
            p.values = [t for t in p.values if t is not _SOFT][:-1]
            p.xs = p.xs[:len(p.values)] if len(p.xs) == len(p.values) + 1 else p.xs
        if p.spill and len(hard) < n <= len(hard) + p.spill and hard[-1].kind == "num" and hard[-1].value and (
                not self.apply_remark):
            # a tab-separated row printing zeros as nothing: its fields count from the right, the last
            # (总计, not 0) printed, so the blanks it lacks are the empty fields before its first value
            # (a row of zeros short of a cell is left to the rules, which determine its zeros)
            hard = [Token("blank", "")] * (n - len(hard)) + hard
            p.values = hard
        tokens, exact = _fit(hard, n, p.fields)
        how = ""
        if not exact and len(hard) < len(p.values) and "subtotal" not in self.apply_cols:
            # Empty paragraphs may be the blank cells of a flattened table: taken as cells only
            # when that gives the row its seven values and its total still adds up.
            soft, soft_exact = _fit([Token("blank", "") if t is _SOFT else t for t in p.values], n)
            if soft_exact and p.empty_lines and len(p.values) == n and p.lines:
                # a table converted to text one cell a line (Word): an empty line is an empty cell, so
                # a row whose lines, empty ones included, number its columns is read as printed (its
                # total checked, never assumed); any other count is not read
                tokens, exact = soft, True
                how = "empty lines taken as blank cells: the row's lines number its columns"
            elif soft_exact and soft[-1].kind == "num" and any(t.kind == "num" for t in soft[:-1]) and abs(
                    sum(t.value for t in soft[:-1] if t.kind == "num") - soft[-1].value) < 1e-6:
                tokens, exact = soft, True
                how = "empty paragraphs taken as blank cells because the row's total adds up with them"
        if not tokens and not hard:
            return
        if p.lines and sum(1 for t in hard if t.kind == "num" or t.text.strip()) > n:
            # values printed one a line, more of them than columns: the marks (无, —) among them are
            # printed cells, never phantoms to trim; the numbers of other rows ran into this one
            self.out.warnings.append(f"table 三 row {code}: {len(hard)} values printed one a line for {n} columns; "
                                     "not read")
            tokens, exact = [], False
        # With a 小计 column the row keeps it (cell apply/<row>/subtotal, never published): the rules
        # use it (小计 = the five organisations) to place a row that prints fewer numbers.
        if len(tokens) == n + 1 and "subtotal" not in self.apply_cols and _prints_subtotal(tokens):
            # A 小计 column its header did not name readably (wrapped past recognition): the row's
            # numbers themselves say so (the five organisations add up to the seventh, it and the
            # first to the last). The table reads with it from here on.
            printed = self._printed_subcolumns()
            orgs = [c for c in printed if c != "subtotal"] if printed else list(APPLY_COLS[1:6])
            self.apply_cols = ("natural_person", *orgs, "subtotal", "total")
            n = len(self.apply_cols)
            exact = True
            self.out.apply_has_subtotal = True
            self.out.warnings.append(f"table 三 row {code}: 8 values that add up with a 小计 column; read with one")
        if len(tokens) > n:
            self.out.warnings.append(f"table 三 row {code}: {len(tokens)} values for {n} columns; not read")
            tokens, exact = [], False
        if exact and n == len(APPLY_COLS) and _hides_subtotal(tokens):
            # seven numbers that do not add up as the form's columns but do as 自然人, four organisations,
            # 小计, 总计: a 小计 column the header did not name readably and one organisation's blank
            # printed as nothing. Which organisation is not printed: only 自然人 and 总计 are read.
            tokens = [tokens[0], *[_UNREADABLE_TOKEN] * 5, tokens[-1]]
            self.out.warnings.append(f"table 三 row {code}: its numbers add up only with a 小计 column and one "
                                     "organisation left blank; the organisations' cells are not read")
        result_row = bool(code) and code.startswith("3.") and code != "3.7"
        if exact and result_row and tokens and tokens[-1].kind == "num":
            self.result_totals_printed = True
        if exact and (self.result_totals_printed or not result_row) and _shifted_left(
                tokens, "subtotal" in self.apply_cols):
            tokens, exact = _trim_empty_tail(tokens, 1), False
            self.out.warnings.append(f"table 三 row {code}: its total cell is empty and its numbers add up only as "
                                     f"a row printing {len(tokens)} of {n}; placed by the rules, or not at all")
        if self.apply_orgs_doubtful and tokens:
            if exact:
                tokens = [_UNREADABLE_TOKEN if c in APPLY_COLS[1:6] else t for c, t in zip(self.apply_cols, tokens,
                                                                                         strict=True)]
            else:
                tokens = [_UNREADABLE_TOKEN]  # a short row: where its numbers go is not known at all
        xs = p.xs if len(p.xs) == len(p.values) and all(x is not None for x in p.xs) else []
        if exact and xs and len(xs) == len(APPLY_COLS) == n:
            self.apply_edges.append(xs)
        if xs and n == len(APPLY_COLS):
            self.apply_value_edges += [x for x, t in zip(xs, p.values, strict=False) if t.kind == "num"]
        self.out.rows.append(ValueRow("apply", code or "?", tokens, self.apply_cols, exact, xs if not exact else [],
                                      how=how, label=label, lines=p.lines))

    def _apply_code(self, p: _DataRow) -> str | None:
        if p.flat and not p.own and sum(1 for x in p.before if _MARK.search(squeeze(x))) >= 2:
            # a line of values under two numbered labels of its own (pdftotext -layout centres a row's
            # values beside its wrapped label, so they may come after the next row's first line): which
            # of them it belongs to is not printed; the rows around it place it, or nothing does
            p.ambiguous = True
            return None
        for label in p.inherited + p.own[:-1]:
            group = L.apply_group(label)
            if group:
                self.apply_group = group
        own_texts = set(p.own_candidates())
        joined = squeeze("".join(p.own[-2:]))
        opened = _GROUP_OPEN.search(joined)
        if opened:
            # "（三" / "1.属": the group's mark and the sub-row's number, both cut short by narrow cells,
            # name the row; the wrapped text of the row above must not ("仍不明确(五1、信" is not 3.4.3)
            marked = self._marked_code([joined[opened.start():]])
            if marked:
                return marked
        for text in p.candidates():
            code = L.apply_row(text)
            if code and (text in own_texts or self._plausible_next(code)):
                return self._context_fix(code)
        groups = [self.apply_group]
        if self.apply_last and self.apply_last.count(".") == 2:
            # the group the last row read belongs to: a merged group label printed mid-group (centred
            # in its cell, after the sub-rows above the middle) is not read yet
            groups.append(self.apply_last.rsplit(".", 1)[0])
        texts = [*reversed(p.own[-2:]), *reversed(p.before[-2:])]
        own = squeeze(p.own[-1]) if p.own else ""
        mark = _GROUP_ANYWHERE.search(own)
        if mark and L.apply_group(own[mark.start():]):
            # "（五）不予处理" on the row itself (after a repeated "三、本年度办理结果" too): the row is in
            # that group, a numbered label above it ("3.补正后申请内容", a row of blanks) belongs to
            # the group before
            marked = self._marked_code([own[mark.start():]])
            if marked:
                return marked
            groups, texts = [L.apply_group(own[mark.start():])], [own[mark.start():]]
        # A label cut into pieces ("1.属" / "于国家" / "秘密"): its numbering mark is on a line above.
        for group in dict.fromkeys(groups):
            for text in texts:
                code = L.apply_row_by_number(text, group)
                if code and self._plausible_next(code):
                    if text not in p.own:
                        # "（四）无法 1.本机关不": the group mark and sub-row number on the row itself name
                        # it, over a numbered label above it (a row of blanks the reader passed over)
                        marked = self._marked_code(p.own[-1:])
                        if marked and marked != code:
                            return marked
                    return code
        return None

    def _marked_code(self, own: list[str]) -> str | None:
        for text in own:
            m = _GROUP_AND_NUMBER.search(squeeze(text))
            if m:
                group = _GROUP_MARKS[m.group(1)]
                number = m.group(2) or m.group(3)
                code = f"{group}.{number}"
                if int(number) <= L.GROUP_SIZES[group] and self._plausible_next(code):
                    return code
        return None

    def _plausible_next(self, code: str) -> bool:
        """A label read from the lines before the values must name a row after the last one read."""
        if self.apply_last is None:
            return True
        order = L.APPLY_ORDER
        return order.get(code, 0) > order.get(self.apply_last, -1)

    def _context_fix(self, code: str) -> str:
        """A bare 其他 is 3.6.3 only inside (六)其他处理; after 3.5.x it cannot be anything else."""
        if code == "3.6.3" and self.apply_group not in ("3.6", None) and not (
                self.apply_last or "").startswith("3.6"):
            self.out.warnings.append("table 三: a row labelled 其他 outside (六)其他处理 read as 3.6.3")
        return code

    def _apply_columns(self) -> None:
        self.apply_remark = self._has_remark_column()
        printed = self._printed_subcolumns()
        sub = printed if printed is not None else L.apply_subcolumn_order("".join(self.apply_header))
        if "subtotal" in sub:
            self.out.apply_has_subtotal = True
            order = [c for c in sub if c != "subtotal"]
            if printed is None and len(order) == 5:
                # names run together or line by line (a header wrapped in narrow columns, as text): their
                # order there is no column order; the form's order, 小计 after the organisations
                sub = [*APPLY_COLS[1:6], "subtotal"]
            if order == list(APPLY_COLS[1:6]) or len(order) == 5:
                cols = ["natural_person"] + sub + ["total"]
                self.apply_cols = tuple(cols)
                self.out.warnings.append("table 三 has a 小计 column; it is read and left out")
            if printed is None and (self._orgs_out_of_place() or self._org_initials_out_of_order()):
                self.apply_orgs_doubtful = True
                self.out.warnings.append("table 三: its header names the organisation columns out of the form's order "
                                         "on lines that wrap; their values are not read")
            return
        if printed and printed != list(APPLY_COLS[1:6]):
            self.apply_cols = ("natural_person", *printed, "total")
            self.out.warnings.append(f"table 三 prints its organisation columns in the order {printed}; read so")
        if printed is None and (self._orgs_out_of_place() or self._org_initials_out_of_order()):
            self.apply_orgs_doubtful = True
            self.out.warnings.append("table 三: its header names the organisation columns out of the form's order on "
                                     "lines that wrap; their values are not read")

    def _has_remark_column(self) -> bool:
        """The header's last label is 备注 (or 说明): a column of remarks after the form's columns."""
        return bool(self.apply_header) and squeeze(self.apply_header[-1]) in ("备注", "说明") or any(
            row and squeeze(row[-1]) in ("备注", "说明") for row in self.apply_header_rows)

    def _header_places(self, row: Row) -> None:
        for cell in row.cells:
            codes = [c for c in L.apply_subcolumn_order(cell.text) if c != "subtotal"]
            if len(codes) == 1 and cell.xc is not None and cell.xlc is not None and len(squeeze(cell.text)) <= 8:
                self.apply_header_places.append(((cell.xc + cell.xlc) / 2, codes[0]))

    def _orgs_out_of_place(self) -> bool:
        """A header laid out as text over several lines (a PDF's wrapped header through pdftotext
        -layout) whose organisation names sit, left to right, in another order than the form's: the
        report changed its columns' order, and where each column's values are cannot be told from
        lines that wrap each name differently. Their values are then not read (nothing is guessed).
        Two names at one place (a cell whose position the layout lost) say nothing about the order."""
        places = self.apply_header_places
        clear = [(x, code) for x, code in places if not any(abs(x - x2) < 1 and c2 != code for x2, c2 in places)]
        seen: list[str] = []
        for _, code in sorted(clear):
            if code not in seen:
                seen.append(code)
        return len(seen) >= 3 and seen != sorted(seen, key=APPLY_COLS.index)

    def _org_initials_out_of_order(self) -> bool:
        """A header line holding the organisation names (or their first characters: names wrapped a
        character or two a line in narrow columns, "人 科 商 社会 法律 其 小") run together in another
        order than the form's: the report may have changed its columns' order, and no cell says where
        each name sits. Called only when no header row prints the five names as cells of their own."""
        for labels in self.apply_header_rows:
            line = squeeze("".join(labels)).replace("法人或其他组织", "")
            seen: list[str] = []
            for ch in line:
                code = _ORG_INITIALS.get(ch)
                if code and code not in seen:
                    seen.append(code)
            if len(seen) >= 3 and seen != sorted(seen, key=APPLY_COLS.index):
                return True
        return False

    def _printed_subcolumns(self) -> list[str] | None:
        """The 法人或其他组织 columns (小计 too) in the order the header prints them: one header row
        holding all five names, each a cell of its own. Names spread over several lines (a header
        wrapped in narrow columns, laid out as text: 社会 / 科研 法律服务 / 商业企业 公益 其他) or run
        into one cell say nothing reliable about their order."""
        for labels in self.apply_header_rows:
            order: list[str] = []
            for label in labels:
                codes = L.apply_subcolumn_order(label)
                if len(codes) > 1:
                    order = []
                    break
                order += codes
            orgs = [c for c in order if c != "subtotal"]
            if len(orgs) == 5 and set(orgs) == set(APPLY_COLS[1:6]) and order.count("subtotal") <= 1:
                return order
        return self._names_one_a_line()

    def _names_one_a_line(self) -> list[str] | None:
        """The organisation columns' order from a header printed one cell a line (a Word or
        LibreOffice table saved as text writes its cells row by row): consecutive lines each holding
        one whole name (商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 小计), five names in all. A name
        cut into pieces over lines (a wrapped header flattened by a PDF tool) is no such line."""
        run: list[str] = []
        for labels in self.apply_header_rows:
            code = _WHOLE_ORG_NAME.get(squeeze("".join(labels))) if len(labels) == 1 else None
            if code is None or code in run:
                if len([c for c in run if c != "subtotal"]) == 5:
                    break
                run = [code] if code is not None else []
                continue
            run.append(code)
        orgs = [c for c in run if c != "subtotal"]
        return run if len(orgs) == 5 and set(orgs) == set(APPLY_COLS[1:6]) else None

    def _review_row(self, p: _DataRow) -> None:
        p.values = [t for t in p.values if t is not _SOFT]
        if not p.values:
            return
        code = next((c for c in map(L.review_row, reversed(p.nearest_labels())) if c), None)
        if code and all(t.kind == "blank" and not t.text.strip() for t in p.values) and len(p.own) > 1:
            # a header row naming its columns (… 未经复议直接起诉 | 复议后起诉) whose merged cells a
            # spreadsheet left as empty cells after its last word: no row of values
            return
        if code and code not in self.review_assigned and len(p.values) <= len(REVIEW_COLS) + 2:
            tokens, exact = _fit(p.values, len(REVIEW_COLS), p.fields)
            self.review_assigned.add(code)
            self.out.rows.append(ValueRow("review", code, tokens, REVIEW_COLS, exact))
            return
        self.review_values.append(p.values)
        self.review_xs.append(p.xs if len(p.xs) == len(p.values) else [])
        self.review_runs += 1

    def _review_columns_in_order(self) -> bool:
        """Whether table 四's header, as printed before its values, names its five columns in the
        form's order (结果维持 结果纠正 其他结果 尚未审结 总计, wrapped lines joined): the text then
        lists cells in the table's order."""
        text = squeeze("".join(self.review_header))
        return bool(_REVIEW_COLUMN_WORDS.search(text))

    def _close_review(self) -> None:
        chunks, self.review_values = self.review_values, []
        runs, self.review_runs = self.review_runs, 0
        chunk_xs, self.review_xs = self.review_xs, []
        if not chunks:
            return
        if len(chunks) == 1 and not self.review_assigned and self._review_by_spacing(chunks[0], chunk_xs[0]):
            return
        rows = [r for r in REVIEW_ROWS if r not in self.review_assigned]
        n = len(rows) * len(REVIEW_COLS)
        values = [t for chunk in chunks for t in chunk]
        if len(values) > n:
            # a spreadsheet row keeps empty cells up to its sheet's widest table: a run's trailing
            # empty cells beyond its last review row (five values each) are no cells of this table
            values = [t for chunk in chunks for t in _trim_empty_tail(chunk, len(REVIEW_COLS))]
        tokens, exact = _fit(values, n)
        if exact and self.review_from_lines and not self._review_columns_in_order():
            # One cell a line under a header whose words came apart (plain pdftotext reads a table
            # by its text blocks: 结|结果维 果|持): the values' order is the tool's, not the table's.
            # Read by position only when every row adds up; otherwise no row is certain.
            broken = [row for i, row in enumerate(rows) if not _adds_up(tokens[i * 5:(i + 1) * 5])]
            if broken:
                self.out.warnings.append(
                    f"table 四: values printed one a line under a header whose column names are not in order "
                    f"({[t.text for t in tokens]}); rows {', '.join(broken)} would not add up in that order, "
                    "so the order is not the table's; not read")
                return
        if exact:
            for i, row in enumerate(rows):
                part = tokens[i * 5:(i + 1) * 5]
                if self.review_from_lines and runs > 1 and not _adds_up(part):
                    # Text flattened one cell a line by a PDF tool may list a table column by column
                    # (the values come in runs between header words): a row that does not add up
                    # was probably not printed in this order.
                    self.out.warnings.append(f"table 四 row {row}: values printed one a line {[t.text for t in part]} "
                                             "do not add up; their order may not be the table's; not read")
                    continue
                self.review_assigned.add(row)
                self.out.rows.append(ValueRow("review", row, part, REVIEW_COLS, True))
        elif len(tokens) < n:
            # Too few numbers to place by position: one short block, placed by the rules or not at all.
            self.out.rows.append(ValueRow("review", "*", tokens, tuple(
                f"{r}/{c}" for r in rows for c in REVIEW_COLS), False))
        else:
            self.out.warnings.append(f"table 四: {len(tokens)} values for {n} cells; not read")
