"""The three tables of a report laid out as the State Council form prints them.

Everything that names a cell comes from ``parsers/form/cells.csv`` (through :mod:`parsers.form`): the
rows, the columns, their order and their Chinese labels. The layout itself follows the form's
structure, not a list of labels:

- table 二 (``active``): the rows sit in sections by the article of the regulation they report
  (第二十条第（一）项 …), each section with its own column headers;
- table 三 (``apply``): the row codes are the form's numbering (``3.3.1`` is item 1 of (三) of 三), so
  the depth of a code is how many label columns it spans, and a group's label is printed once, merged
  down over its rows; the applicant columns sit under 申请人情况, the organisations under 法人或其他组织;
- table 四 (``review``): printed across, one line of numbers: a row label ``行政诉讼 复议后起诉`` is a
  two-level header, and neighbours sharing the first level share one merged header.

cells.csv holds a label once, on the first row that needs it: ``三、本年度办理结果 （一）予以公开``
is the label of the group ``3`` followed by the row's own; :func:`split_label` takes it apart.

What the form prints that is not a cell (table titles, the article of each section, the
applicant-column groups, the note in the corner of table 三) is in :data:`FORM_TEXT`.

The output is plain data (:class:`FormTable` rows of :class:`Slot`), rendered by the report page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from parsers.form import CellDef, all_cells, english_labels

from ..metadata import EN_TABLES

# The form's own words that are not the label of a cell.
FORM_TEXT = {
    "active": ("二、主动公开政府信息情况", "Proactive disclosure"),
    "apply": ("三、收到和处理政府信息公开申请情况", "Requests received and how they were handled"),
    "review": ("四、政府信息公开行政复议、行政诉讼情况", "Administrative reviews and lawsuits"),
    "item_column": ("信息内容", "item"),
    "applicants": ("申请人情况", "applicants"),
    "organisations": ("法人或其他组织", "legal persons and other organisations"),
    "apply_note": ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                   "(rows 1 + 2 = rows 3 + 4)"),
}
# The item of Article 20 of the Regulations (《政府信息公开条例》第二十条) each row of table 二 reports;
# the form prints one section per item, in item order.
ACTIVE_ARTICLE = {
    "regulation": 1, "normative_doc": 1, "license": 5, "other_service": 5,
    "penalty": 6, "coercion": 6, "fee": 8, "procurement": 9,
}
_NUMERALS = "〇一二三四五六七八九十"


@dataclass
class Slot:
    """One cell of the printed table: a header, a row label, or a value (``cell_id`` set)."""

    text: str = ""
    en: str = ""
    cell_id: str | None = None
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # "title", "head", "label" or "value"


@dataclass
class FormTable:
    table: str
    title: str
    title_en: str
    rows: list[list[Slot]] = field(default_factory=list)

    def cell_ids(self) -> list[str]:
        """The value cells in reading order (row by row, left to right): the form's order."""
        return [s.cell_id for row in self.rows for s in row if s.cell_id]


def split_label(label: str, levels: int) -> list[str]:
    """``label`` cut into ``levels`` parts at its last spaces (outer group first), padded with ''."""
    parts = label.split()
    if len(parts) <= levels:
        return [""] * (levels - len(parts)) + parts
    return [" ".join(parts[:len(parts) - levels + 1]), *parts[len(parts) - levels + 1:]]


def col_en(table: str, col: str) -> str:
    """English name of a column, from ``parsers/form/labels_en.csv``."""
    return english_labels().get((table, "col", col), (col, ""))[0]


def row_en(row: str, table: str) -> str:
    """English name of a row of the form, from ``parsers/form/labels_en.csv``."""
    return english_labels().get((table, "row", row), (row, ""))[0]


def group_en(group: str, first_row: str) -> str:
    """English of an apply row group, from its first row's label: ``(3) Withheld: 1. State secret`` →
    ``(3) Withheld``; ``3. Outcomes this year (1) Disclosed`` → ``3. Outcomes this year``."""
    label = english_labels().get(("apply", "row", first_row), ("", ""))[0]
    depth = group.count(".") + 1
    if ":" in label and first_row.count(".") == depth:
        return label.split(":", 1)[0].strip()
    if " (" in label:
        return label.split(" (", 1)[0].strip()
    return group


def _cells(table: str, version: str) -> list[CellDef]:
    return [c for c in all_cells() if c.table == table and version in c.versions]


def _ordered(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _row_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


@cache
def layout(table: str, version: str) -> FormTable:
    """The printed layout of ``table`` (active, apply, review) in form ``version`` (2021, 2019)."""
    cells = _cells(table, version)
    if not cells:
        raise ValueError(f"no cells for table {table!r} in form {version!r}")
    title, title_en = FORM_TEXT[table]
    out = FormTable(table, title, title_en)
    out.rows = _active(cells, version) if table == "active" else _apply(cells) if table == "apply" else _review(cells)
    return out


def layouts(version: str) -> list[FormTable]:
    return [layout(t, version) for t in ("active", "apply", "review")]


def _article(n: int) -> str:
    return f"第二十条第（{_NUMERALS[n]}）项"


def _active(cells: list[CellDef], version: str) -> list[list[Slot]]:
    # cells.csv lists a cell the two forms share under the 2021 layout; a version's own cells say
    # how that version orders its rows and columns, so they lead.
    ordered = sorted(cells, key=lambda c: (c.versions != (version,), cells.index(c)))
    sections: dict[int, list[str]] = {}
    for c in ordered:
        rows = sections.setdefault(ACTIVE_ARTICLE.get(c.row, 0), [])
        if c.row not in rows:
            rows.append(c.row)
    by = {(c.row, c.col): c for c in cells}

    def cols_of(rows: list[str]) -> list[str]:
        return _ordered([c.col for c in ordered if c.row in rows])

    width = max(len(cols_of(rows)) for rows in sections.values())
    out: list[list[Slot]] = []
    for article in sorted(sections):
        rows = sections[article]
        cols = cols_of(rows)
        spans = [width // len(cols)] * len(cols)
        spans[-1] += width - sum(spans)
        out.append([Slot(_article(article) if article else "",
                         f"Article 20 of the Regulations, item {article}" if article else "",
                         colspan=width + 1, kind="title")])
        labels = {c.col: c.col_label for c in cells if c.row in rows}
        item, item_en = FORM_TEXT["item_column"]
        out.append([Slot(item, item_en, kind="head")]
                   + [Slot(labels[col], col_en("active", col), colspan=s, kind="head")
                      for col, s in zip(cols, spans, strict=True)])
        for row in rows:
            label = next(c.row_label for c in cells if c.row == row)
            line = [Slot(label, row_en(row, "active"))]
            for col, s in zip(cols, spans, strict=True):
                c = by.get((row, col))
                line.append(Slot(cell_id=c.cell_id if c else None, colspan=s, kind="value"))
            out.append(line)
    return out


def _apply(cells: list[CellDef]) -> list[list[Slot]]:
    cols = _ordered([c.col for c in cells])
    col_label = {c.col: c.col_label for c in cells}
    rows = sorted(_ordered([c.row for c in cells]), key=_row_key)
    depth = max(r.count(".") + 1 for r in rows)
    note, note_en = FORM_TEXT["apply_note"]
    applicants, applicants_en = FORM_TEXT["applicants"]
    orgs, orgs_en = FORM_TEXT["organisations"]
    first, middle, last = cols[0], cols[1:-1], cols[-1]
    out = [
        [Slot(note, note_en, rowspan=3, colspan=depth, kind="head"),
         Slot(applicants, applicants_en, colspan=len(cols), kind="head")],
        [Slot(col_label[first], col_en("apply", first), rowspan=2, kind="head"),
         Slot(orgs, orgs_en, colspan=len(middle), kind="head"),
         Slot(col_label[last], col_en("apply", last), rowspan=2, kind="head")],
        [Slot(col_label[c], col_en("apply", c), kind="head") for c in middle],
    ]
    by = {(c.row, c.col): c for c in cells}
    started: set[str] = set()
    for row in rows:
        parts = row.split(".")
        chain = [".".join(parts[:i]) for i in range(1, len(parts))]  # the groups this row sits in
        opening = [g for g in chain if g not in started]
        label = next(c.row_label for c in cells if c.row == row)
        pieces = split_label(label, len(opening) + 1)
        line = []
        for group, text in zip(opening, pieces[:-1], strict=True):
            started.add(group)
            members = sum(1 for r in rows if r.startswith(group + "."))
            line.append(Slot(text, group_en(group, row), rowspan=members))
        line.append(Slot(pieces[-1], row_en(row, "apply"), colspan=depth - len(chain)))
        line += [Slot(cell_id=by[(row, c)].cell_id, kind="value") if (row, c) in by else Slot(kind="value")
                 for c in cols]
        out.append(line)
    return out


def _review(cells: list[CellDef]) -> list[list[Slot]]:
    rows = _ordered([c.row for c in cells])
    cols = {r: [c for c in cells if c.row == r] for r in rows}
    top: list[Slot] = []
    top_group: list[str] = []  # the outer label each top header stands for ("" for a one-level row)
    second: list[Slot] = []
    third: list[Slot] = []
    values: list[Slot] = []
    for r in rows:
        outer, inner = split_label(cols[r][0].row_label, 2)
        if not outer:  # a one-level row: its column labels span the two lower header lines
            top.append(Slot(inner, row_en(r, "review"), colspan=len(cols[r]), kind="head"))
            top_group.append("")
            second += [Slot(c.col_label, col_en("review", c.col), rowspan=2, kind="head") for c in cols[r]]
        else:
            if top_group and top_group[-1] == outer:
                top[-1].colspan += len(cols[r])
            else:
                top.append(Slot(outer, row_en(r, "review").split()[0], colspan=len(cols[r]), kind="head"))
                top_group.append(outer)
            second.append(Slot(inner, row_en(r, "review"), colspan=len(cols[r]), kind="head"))
            third += [Slot(c.col_label, col_en("review", c.col), kind="head") for c in cols[r]]
        values += [Slot(cell_id=c.cell_id, kind="value") for c in cols[r]]
    return [top, second, third, values] if third else [top, second, values]


def table_of(cell_id: str) -> str:
    return cell_id.split("/", 1)[0]


def en_table(table: str) -> str:
    return EN_TABLES.get(table, table)
