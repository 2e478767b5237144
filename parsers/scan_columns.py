"""Tables printed without vertical rules (三线表, rules between rows only) on a scanned page → grid rows.

Why: such a table has no enclosed cells, so :mod:`parsers.ocr_doc` reads it as lines of text,
and a line of text loses its empty cells: a blank or a number run into the label ("…只计这一情28")
leaves fewer numbers than columns, and placing them by count is guessing (set V: a row given 8
for 33 that way). Its columns are still there, in the positions of its numbers: every value of a
column sits in the same band of x across the rows. This module finds those bands from the lines
that carry numbers and gives each such line a grid row like a ruled table's: the label cells, then
one cell per column, empty where nothing is printed in that column. A line whose pieces do not fit
the columns (two in one column, one between columns) is left as text: never placed by count.

Input: the pieces of the page's text outside ruled tables, each a box read on its own (lines are
cut at gaps of about a character's height, so adjacent columns are separate pieces).
"""

from __future__ import annotations

from dataclasses import dataclass

from .grid import UNREADABLE
from .normalize import classify
from .rows import Cell, Row

MIN_ROWS = 3  # lines with values a borderless table has at least (a caption with a year is no table)
MIN_COLUMNS = 2  # values a line ends with at least to be a table row
APPLY_COLUMNS = 7  # table 三's value columns (自然人, five organisations, 总计)
ZONE_GAP = 10.0  # line heights between two lines with values that end a table (a label may wrap over 3 lines)
WRAP = 2.0  # line heights from a row's values within which a line of text left of them is its label's
GUTTER = 0.9  # line heights: a gap this wide between two pieces of a line may be a column's gutter
LEVEL = 0.4  # line heights: the centres of one row's values differ by at most this
JOIN = 0.9  # line heights: label pieces nearer than this are one label
HEADER_PIECES = 3  # a line between two lines with values holding this many pieces of text is a table's header
COLUMN_GAP = 1.2  # line heights between two columns' pieces at least (cluster break)
SUPPORT = 0.3  # a column is a band of x holding values in at least this share of the table's lines


@dataclass(slots=True)
class Piece:
    """A piece of a text line read on its own: box (x0, top, x1, bottom), text, confidence."""

    x0: int
    top: int
    x1: int
    bottom: int
    text: str
    confidence: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


def _is_value(p: Piece) -> bool:
    """A piece that can be a table value: a number, or a printed blank mark (—, /, 无)."""
    if p.text == UNREADABLE:
        return True  # a value read without confidence: it holds its column, as null
    tok = classify(p.text)
    return tok.kind == "num" or (tok.kind == "blank" and bool(p.text.strip()))


def _bands(pieces: list[Piece], size: float) -> list[list[Piece]]:
    """Pieces grouped into lines: vertical centres within half a line height."""
    out: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: p.yc):
        if out and abs(p.yc - sum(q.yc for q in out[-1]) / len(out[-1])) <= 0.5 * size:
            out[-1].append(p)
        else:
            out.append([p])
    for band in out:
        band.sort(key=lambda p: p.x0)
    return out


def _trailing(band: list[Piece]) -> list[Piece]:
    """The value pieces a line ends with (what comes before them, an enumerator "1." included, is label)."""
    n = 0
    for p in reversed(band):
        if not _is_value(p):
            break
        n += 1
    return band[len(band) - n:]


def _value_line(band: list[Piece], size: float) -> bool:
    """A line that prints a row's values: it ends in at least two value pieces, level with each
    other (centres within :data:`LEVEL` line heights: values of two rows never make one line)."""
    vals = _trailing(band)
    return len(vals) >= MIN_COLUMNS and max(p.yc for p in vals) - min(p.yc for p in vals) <= LEVEL * size


def _words(band: list[Piece], size: float) -> int:
    """How many separate pieces of text (not values) a line holds: pieces nearer each other than
    :data:`JOIN` line heights are one (the words of a label cut at a wide space)."""
    n, last = 0, None
    for p in band:
        if _is_value(p):
            last = None
            continue
        if last is None or p.x0 - last > JOIN * size:
            n += 1
        last = p.x1
    return n


def _columns(lines: list[list[Piece]], size: float) -> list[tuple[float, float]]:
    """The value columns of a table: x bands (left, right) where values of many lines sit."""
    vals = sorted((p for band in lines for p in _trailing(band)), key=lambda p: p.xc)
    groups: list[list[Piece]] = []
    for p in vals:
        if groups and p.xc - groups[-1][-1].xc <= COLUMN_GAP * size:
            groups[-1].append(p)
        else:
            groups.append([p])
    need = max(2, SUPPORT * len(lines))
    cols = [(min(p.x0 for p in g), max(p.x1 for p in g)) for g in groups if len({id(p) for p in g}) >= need]
    # two columns whose bands overlap are one column read unevenly: no reliable split
    for a, b in zip(cols, cols[1:], strict=False):
        if b[0] <= a[1]:
            return []
    return cols


def _row(band: list[Piece], cols: list[tuple[float, float]], labels: list[Piece], size: float) -> Row | None:
    """One grid row: label cells (pieces overlapping in x are one cell), then one cell per column."""
    slack = 0.5 * size
    # a column this line shows nothing in is unreadable, never a printed blank: a value lost to the
    # reading (run into a neighbour, too faint to cut out) would otherwise read as 0
    values: list[Cell] = [Cell(UNREADABLE) for _ in cols]
    taken = [False] * len(cols)
    for p in band:
        at = [k for k, (left, right) in enumerate(cols) if left - slack <= p.xc <= right + slack]
        if len(at) != 1 or taken[at[0]]:
            return None  # between columns, or two values in one column: not placed by position
        taken[at[0]] = True
        num = p.text != UNREADABLE and classify(p.text).kind == "num"
        values[at[0]] = Cell(p.text, confidence=p.confidence if num else None)
    groups: list[list[Piece]] = []
    join = JOIN * size
    for p in sorted(labels, key=lambda p: p.x0):
        for g in groups:
            if p.x0 <= max(q.x1 for q in g) + join and min(q.x0 for q in g) - join <= p.x1:
                g.append(p)
                break
        else:
            groups.append([p])
    label_cells = [Cell(_reading(g, size)) for g in sorted(groups, key=lambda g: min(q.x0 for q in g))]
    return Row(label_cells + values, "html")


def _reading(pieces: list[Piece], size: float) -> str:
    """The text of pieces in reading order: line by line (centres within half a line height), left to right."""
    lines: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: p.yc):
        if lines and p.yc - lines[-1][0].yc <= 0.5 * size:
            lines[-1].append(p)
        else:
            lines.append([p])
    return "".join(p.text for line in lines for p in sorted(line, key=lambda p: p.x0))


def borderless_rows(pieces: list[Piece], size: float) -> tuple[list[tuple[float, list[Row]]], set[int]]:
    """Grid rows of the borderless tables among a page's text pieces, as (top, rows) blocks, and
    the indices (in ``pieces``) of the pieces they took; the rest stay text lines."""
    bands = _bands(pieces, size)
    index = {id(p): i for i, p in enumerate(pieces)}
    value_at = [k for k, b in enumerate(bands) if _value_line(b, size)]
    zones: list[list[int]] = []
    for k in value_at:
        last = zones[-1][-1] if zones else -1
        header = any(_words(bands[j], size) >= HEADER_PIECES for j in range(last + 1, k))
        if zones and not header and bands[k][0].yc - bands[last][0].yc <= ZONE_GAP * size:
            zones[-1].append(k)
        else:
            zones.append([k])
    blocks: list[tuple[float, list[Row]]] = []
    used: set[int] = set()
    for zone in zones:
        if len(zone) < MIN_ROWS:
            continue
        cols = _columns([bands[k] for k in zone], size)
        if len(cols) not in (APPLY_COLUMNS, APPLY_COLUMNS + 1):
            # only table 三's seven columns (eight with a 小计) are read this way: a column printed
            # all blank is found by no value, and the rest would slide into its place (a total read as 其他)
            continue
        left = cols[0][0] - 0.5 * size
        rows: list[Row] = []
        taken: set[int] = set()
        for n, k in enumerate(zone):
            y = bands[k][0].yc
            up = (y - bands[zone[n - 1]][0].yc) / 2 if n else 1.2 * size
            down = (bands[zone[n + 1]][0].yc - y) / 2 if n + 1 < len(zone) else 1.2 * size
            values = [p for p in _trailing(bands[k]) if p.x1 >= left]
            label_pieces = [p for p in bands[k] if all(p is not q for q in values)]
            if any(p.x1 >= left for p in label_pieces):
                continue  # text among the values (a speck read "!", a value run into another): not placed
            # wrapped label lines above and below, left of the values (never header names over columns)
            for j in range(max(0, k - 3), min(len(bands), k + 4)):
                if j == k or j in value_at:
                    continue
                label_pieces += [p for p in bands[j] if p.x1 < left and y - up < p.yc <= y + down
                                 and abs(p.yc - y) <= WRAP * size and id(p) not in {id(q) for q in label_pieces}]
            row = _row(values, cols, label_pieces, size)
            if row is None:
                continue
            rows.append(row)
            taken.update(index[id(p)] for p in values + label_pieces)
        if rows:
            head = _header(bands, zone[0], zones, cols, left, size)
            adds = _rows_add_up(rows, len(cols))
            if head is not None and adds and len(cols) == APPLY_COLUMNS:
                _outer_names(head[0])
            subtotal = head is not None and [("小计" in c.text) for c in head[0].cells[1:]] == \
                [False] * (len(cols) - 2) + [True, False]
            if head is None and adds:
                pass  # a table continued from the page before (its header there): columns that add up
            elif head is None or any(not c.text for c in head[0].cells[1:]) or (
                    len(cols) == APPLY_COLUMNS + 1) != subtotal or (subtotal and not adds):
                # columns no header names one by one (or a header naming a 小计 column over seven)
                # cannot be tied to the form's: seven columns of values could still be any seven of eight
                continue
            else:
                rows.insert(0, head[0])
                taken.update(index[id(p)] for p in head[1])
            blocks.append((min(bands[k][0].top for k in zone), rows))
            used |= taken
    return blocks, used


def _rows_add_up(rows: list[Row], width: int = APPLY_COLUMNS, least: int = MIN_ROWS) -> bool:
    """Whether a borderless table's rows are the form's seven columns (``width`` 8: with a 小计
    before 总计): every row printing that many numbers adds up (the first six make the seventh,
    总计; with a 小计, the five organisations make it and 自然人 and it make 总计), and at least
    ``least`` rows do.

    Why: with no header over them (a table continued from the page before, its header there; a
    header whose 自然人 and 总计 were printed on the page before), the columns are tied to the form
    by its arithmetic: an eighth column (小计) printed blank, or a column read from two, breaks it."""
    whole = 0
    for row in rows:
        vals = row.cells[-width:]
        toks = [classify(c.text) for c in vals]
        if not all(c.text != UNREADABLE and t.kind == "num" for c, t in zip(vals, toks, strict=True)):
            continue
        v = [t.value for t in toks]
        if width == APPLY_COLUMNS and abs(sum(v[:-1]) - v[-1]) > 1e-6:
            return False
        if width != APPLY_COLUMNS and (abs(sum(v[1:-2]) - v[-2]) > 1e-6 or abs(v[0] + v[-2] - v[-1]) > 1e-6):
            return False
        whole += 1
    return whole >= least


def _outer_names(head: Row) -> None:
    """A header naming the five organisation columns in the middle and nothing over the first and
    the last (their names 自然人 and 总计 printed on the page before, a header cut by the page
    break) gets those two names: the form fixes them there (called only when the rows add up)."""
    from .labels import apply_subcolumn_order

    names = head.cells[-APPLY_COLUMNS:]
    orgs = [apply_subcolumn_order(c.text) for c in names[1:-1]]
    if names[0].text or names[-1].text or any(len(o) != 1 or o[0] == "subtotal" for o in orgs) or \
            len({o[0] for o in orgs}) != 5:
        return
    names[0].text, names[-1].text = "自然人", "总计"


def _header(bands: list[list[Piece]], first: int, zones: list[list[int]], cols: list[tuple[float, float]],
            left: float, size: float) -> tuple[Row, list[Piece]] | None:
    """The table's column names as one grid row: the names printed over each value column (a name
    wrapped over lines joined top to bottom), in the lines just above the table's first values.

    Why: the form reader takes the organisation columns in the order the header prints them (a
    table may swap two, or add a 小计 column); without the names it could only assume the form's
    order. A name wider than its column's share of the width (申请人情况, 法人或其他组织: spanning
    several columns) is left out: it names no one column.
    """
    centres = [(a + b) / 2 for a, b in cols]
    mids = [(x + y) / 2 for x, y in zip(centres, centres[1:], strict=False)]
    # each column's share: halfway to its neighbours, as far out on the outer sides (a name centred
    # over a column of one-digit values is wider than the values)
    edges = [min(left, 2 * centres[0] - mids[0]), *mids, 2 * centres[-1] - mids[-1]]
    names: list[list[Piece]] = [[] for _ in cols]
    label: list[Piece] = []
    taken: list[Piece] = []
    y0 = bands[first][0].yc
    floor = max((bands[z[-1]][0].yc for z in zones if z[-1] < first), default=-1.0)
    for j in range(first - 1, -1, -1):
        band = bands[j]
        if band[0].yc < y0 - 10 * size or band[0].yc <= floor:
            break
        for p in band:
            if p.x1 < left:
                label.append(p)
                taken.append(p)
                continue
            k = next((k for k in range(len(cols)) if edges[k] <= p.xc < edges[k + 1]), None)
            if k is None or p.x1 - p.x0 > edges[k + 1] - edges[k]:
                continue
            names[k].append(p)
            taken.append(p)
    if sum(bool(n) for n in names) < len(cols) // 2 + 1:
        return None  # not a header over these columns
    cells = [Cell(_reading(label, size))] + [Cell(_reading(n, size)) for n in names]
    return Row(cells, "html"), taken



def _aligned(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def table_lines(boxes: list[tuple[int, int, int, int]], size: float) -> list[tuple[int, int, int, int]]:
    """Of the boxes of text outside ruled tables, cut at every gap of about a character, those on
    lines that look like a table's rows: their wide gaps (the columns' gutters, :data:`GUTTER` line
    heights or more) line up with the gaps of at least two lines nearby, at least two such gaps a
    line. Decided on geometry alone, before anything is read.

    Why: the recognizer's work is about its pixels, and a prose line cut at each "，" would be read
    as many short pieces at a table cell's height instead of one line at the body text's; only a
    borderless table needs its values one piece each (:func:`borderless_rows`).
    """
    pieces = [Piece(*b, "", 0.0) for b in boxes]
    lines: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: p.yc):
        if lines and abs(p.yc - lines[-1][0].yc) <= 0.5 * size:
            lines[-1].append(p)
        else:
            lines.append([p])
    gaps: list[list[tuple[int, int]]] = []
    for line in lines:
        line.sort(key=lambda p: p.x0)
        gaps.append([(a.x1, b.x0) for a, b in zip(line, line[1:], strict=False) if b.x0 - a.x1 >= GUTTER * size])
    out: list[tuple[int, int, int, int]] = []
    for k, own in enumerate(gaps):
        near = [gaps[j] for j in range(max(0, k - 6), min(len(gaps), k + 7)) if j != k]
        shared = [g for g in own if sum(any(_aligned(g, h) for h in other) for other in near) >= 2]
        if len(shared) >= 2:
            out.extend((p.x0, p.top, p.x1, p.bottom) for p in lines[k])
    return out


WRAPPED = 1.6  # line heights between the centres of a wrapped label's lines at most
REVIEW_COLUMNS = 15  # table 四's values: 行政复议 and two kinds of 行政诉讼, five columns each
HEAD_REACH = 6  # lines above a value line within which its header is looked for (rows of one sub-table)


def _named_columns(head: list[Piece], vals: list[Piece], size: float) -> list[int] | None:
    """Which of a header line's names (its pieces after the first, the label column's) each value
    stands under: the one name its box overlaps (with a third of a line height of slack), never
    two values under one name; None when a value stands under no name or under two."""
    names = head[1:]
    slack = size / 3
    at: list[int] = []
    for p in vals:
        under = [k for k, n in enumerate(names) if p.x0 < n.x1 + slack and n.x0 - slack < p.x1]
        if len(under) != 1 or under[0] in at:
            return None
        at.append(under[0])
    return at


def _value(p: Piece) -> Cell:
    """A value piece as a grid row's cell (a number keeps its confidence)."""
    num = p.text != UNREADABLE and classify(p.text).kind == "num"
    return Cell(p.text, confidence=p.confidence if num else None)


def headed_rows(pieces: list[Piece], size: float, used: set[int]) -> tuple[list[tuple[float, list[Row]]], set[int]]:
    """Grid rows of small borderless tables whose header names each value's column (table 二's
    sub-tables: 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数; table 四), as (top, rows) blocks,
    and the indices of the pieces they took. ``used``: pieces already taken (:func:`borderless_rows`).

    Why: table 三 has seven value columns to find from the values themselves; table 二's sub-tables
    have one to three, too few lines to find columns from, but each prints its column names on the
    line above its rows. A row is placed only when every value stands under exactly one name of that
    header (:func:`_named_columns`); a name with no value under it is an unread cell, never a 0.
    A header is a line of text pieces only, its first piece left of every value (the label
    column's name), the nearest such line above (through the sub-table's earlier rows).
    """
    bands = [[p for p in band if id(p) not in {id(pieces[i]) for i in used}] for band in _bands(pieces, size)]
    bands = [b for b in bands if b]
    index = {id(p): i for i, p in enumerate(pieces)}
    blocks: list[tuple[float, list[Row]]] = []
    taken: set[int] = set()
    heads: dict[int, Row] = {}
    for k, band in enumerate(bands):
        vals = _trailing(band)
        if not vals or max(p.yc for p in vals) - min(p.yc for p in vals) > LEVEL * size:
            continue  # no values, or values of two lines
        if len(vals) == len(band):
            if len(vals) == REVIEW_COLUMNS and not any(index[id(p)] in taken for p in band):
                # table 四's one row: fifteen values and no label, each column its own (none left blank)
                blocks.append((float(min(p.top for p in band)), [Row([_value(p) for p in vals], "html")]))
                taken.update(index[id(p)] for p in band)
            continue  # otherwise no label before the values: no row of a headed table
        if any(index[id(p)] in taken for p in band):
            continue
        head_at = None
        for j in range(k - 1, max(-1, k - 1 - HEAD_REACH), -1):
            cand = bands[j]
            if not any(_is_value(p) for p in cand):
                if len(cand) >= 2:
                    head_at = j
                    break
                if bands[j + 1][0].yc - cand[0].yc > WRAPPED * size:
                    break  # a line of its own (a sub-table's caption): the rows below have no header above it
        if head_at is None:
            continue
        head = bands[head_at]
        if head[0].x1 >= min(p.x0 for p in vals) or any(index[id(p)] in taken and head_at not in heads for p in head):
            continue
        at = _named_columns(head, vals, size)
        if at is None:
            continue
        # the lines between the header and this one must be this table's rows (values under the
        # same names), or wrapped label text left of the names
        names_left = head[1].x0 - size / 3
        between = bands[head_at + 1:k]
        if any(not ((t := _trailing(b)) and len(t) < len(b) and _named_columns(head, t, size) is not None)
               and any(p.x1 >= names_left for p in b) for b in between):
            continue
        label = [p for p in band if all(p is not q for q in vals)]
        if any(p.x1 >= names_left for p in label):
            continue  # text among the values
        values = [Cell(UNREADABLE) for _ in head[1:]]
        for p, n in zip(vals, at, strict=True):
            values[n] = _value(p)
        row = Row([Cell(_reading(label, size)), *values], "html")
        if head_at not in heads:
            heads[head_at] = Row([Cell(p.text) for p in head], "html")
            blocks.append((float(min(p.top for p in head)), [heads[head_at]]))
            taken.update(index[id(p)] for p in head)
        blocks.append((float(min(p.top for p in band)), [row]))
        taken.update(index[id(p)] for p in band)
    return blocks, taken
