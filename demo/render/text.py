"""Text layouts: one cell per line, TSV with wrapped labels, Markdown pipe tables, pdftotext -layout.

These are what text extraction of real reports gives (the seeds): no markup, so the table
structure lives only in line order, tab fields, pipes or column positions.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from demo.values import ReportValues

from . import model as m
from .html import flat_cells
from .tokens import Tokens

Opts = dict[str, Any]


def _spaced_title(values: ReportValues) -> str:
    """Titles as text extraction gives them: spaces around the year ("…局 2024 年政府…")."""
    return f"{values.agency} {values.year} 年政府信息公开工作年度报告"


def _cn_date_spaced(iso: str) -> str:
    y, mo, d = (int(x) for x in iso.split("-"))
    return f"{y} 年 {mo} 月 {d} 日"


# ---------------------------------------------------------------- 7. text_lines


def text_lines(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """One cell per line, blank lines between, as seed 000 (text of a flattened page)."""
    time = f"{values.published_date} {10 + values.year % 7:02d}:{values.year % 60:02d}"
    blocks = m.document(values, m.standard_tables(values.form_version), meta=[f"时间:{time}"])
    out: list[str] = []
    for b in blocks:
        if b.kind == "title":
            out.append(b.text)
        elif b.kind == "meta":
            out.append("    " + b.text)
        elif b.kind in ("p", "h1"):
            out.append("      " + b.text)
        elif b.kind == "table":
            assert b.table is not None
            out.extend("    " + x for x in flat_cells(b.table, tokens))
        elif b.kind == "sign":
            out.append("      " + b.text)
    text = "\n\n".join(out) + "\n"
    return text.encode("utf-8"), "text/plain; charset=utf-8"


# ---------------------------------------------------------------- 8. text_tsv

_TSV_WRAP = 14


def _chunks(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)] or [""]


def tsv_table(table: m.Table, tokens: Tokens) -> list[str]:
    """Tab-separated grid; merged slots are empty fields; long labels wrap onto continuation lines."""
    grid = table.grid()
    lines: list[str] = []
    for r, row in enumerate(grid):
        fields = [""] * table.ncols
        wraps: dict[int, list[str]] = {}
        for c, slot in enumerate(row):
            if slot is None or not slot[1]:
                continue
            cell = slot[0]
            if cell.key is not None:
                fields[c] = tokens[cell.key]
            elif r < table.header_rows:
                fields[c] = " ".join(cell.text) if table.name == "apply" and len(cell.text) <= 7 else cell.text
            else:
                parts = _chunks(cell.text, _TSV_WRAP)
                fields[c] = parts[0]
                if len(parts) > 1:
                    wraps[c] = parts[1:]
        lines.append("\t".join(fields))
        for k in range(max((len(w) for w in wraps.values()), default=0)):
            cont = [""] * table.ncols
            for c, rest in wraps.items():
                if k < len(rest):
                    cont[c] = rest[k]
            lines.append("\t".join(cont))
    return lines


def text_tsv(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """Tab-separated rows like seed 004 (a Word document saved as text); date only in the signature."""
    blocks = m.document(values, m.standard_tables(values.form_version),
                        sign_date=_cn_date_spaced(values.published_date))
    out: list[str] = ["", ""]
    for b in blocks:
        if b.kind == "title":
            out += [_spaced_title(values), ""]
        elif b.kind in ("p", "h1", "sign"):
            out += [b.text, ""]
        elif b.kind == "table":
            assert b.table is not None
            out += [*tsv_table(b.table, tokens), ""]
    return "\n".join(out).encode("utf-8"), "text/plain; charset=utf-8"


# ---------------------------------------------------------------- 9. markdown


def md_table(table: m.Table, tokens: Tokens) -> list[str]:
    """Pipe table as a PDF→Markdown converter writes it (seed 002): rows of table 三 misaligned."""
    grid = table.grid()
    rows: list[list[str]] = []
    for r, row in enumerate(grid):
        code = table.row_codes[r] if r < len(table.row_codes) else None
        if table.name != "apply" or r < table.header_rows:
            cells = []
            for slot in row:
                if slot is None or not slot[1]:
                    cells.append("")
                else:
                    cell = slot[0]
                    cells.append(tokens[cell.key] if cell.key is not None else " ".join(cell.lines))
        else:
            # Body rows of table 三: a rowspan-covered slot is an empty cell, a colspan collapses to
            # one cell (two for rows 一/二/四), (七)总计 loses its leading empty cell.
            cells = []
            c = 0
            while c < len(row):
                slot = row[c]
                assert slot is not None
                cell, origin = slot
                if not origin:
                    if code != "3.7":
                        cells.append("")
                    c += 1
                    continue
                if cell.key is not None:
                    cells.append(tokens[cell.key])
                else:
                    cells.append(cell.text)
                    if cell.colspan == 3:
                        cells.append("")
                c += cell.colspan
        rows.append(cells)
    width = max(len(x) for x in rows)
    lines = []
    for i, cells in enumerate(rows):
        cells = cells + [""] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "|".join("-" * max(3, len(x) * 2 + 2) for x in cells) + "|")
    return lines


def markdown(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """Markdown pipe tables like seed 002; the date is only in the signature."""
    blocks = m.document(values, m.standard_tables(values.form_version))
    out: list[str] = ["", ""]
    for b in blocks:
        if b.kind == "title":
            out += [_spaced_title(values), ""]
        elif b.kind in ("p", "h1", "sign"):
            out += [b.text, ""]
        elif b.kind == "table":
            assert b.table is not None
            out += [*md_table(b.table, tokens), ""]
    return "\n".join(out).encode("utf-8"), "text/markdown; charset=utf-8"


# ---------------------------------------------------------------- 10. pdftotext_layout


def dwidth(text: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of at most ``width`` display columns (Chinese breaks anywhere)."""
    lines, cur, w = [], "", 0
    for ch in text:
        cw = dwidth(ch)
        if cur and w + cw > width:
            lines.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines or [""]


_WIDTHS = {"active": [20, 16, 16, 16], "apply": [6, 8, 26] + [6] * 7, "review": [6] * 15}
_GAP = 2
_MARGIN = "    "


def pdf_table(table: m.Table, tokens: Tokens) -> list[str]:
    """Lay a table out as pdftotext -layout prints it: cells by position, labels wrapped, numbers
    on the middle line of their row, rowspan labels centred over the rows they span."""
    widths = _WIDTHS[table.name]
    xs = [sum(widths[:i]) + _GAP * i for i in range(len(widths))]
    grid = table.grid()
    placed: list[tuple[int, int, int, m.Cell, list[str]]] = []  # (row, col, width, cell, lines)
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            if slot is None or not slot[1]:
                continue
            cell = slot[0]
            w = sum(widths[c:c + cell.colspan]) + _GAP * (cell.colspan - 1)
            if cell.key is not None:
                lines = [tokens[cell.key]]
            elif all(dwidth(x) <= w for x in cell.lines) and len(cell.lines) > 1:
                lines = list(cell.lines)
            else:
                lines = wrap(cell.text, w)
            placed.append((r, c, w, cell, lines))
    heights = [1] * len(grid)
    for r, _, _, cell, lines in placed:
        if cell.rowspan == 1:
            heights[r] = max(heights[r], len(lines))
    for r, _, _, cell, lines in placed:
        span = range(r, r + cell.rowspan)
        short = len(lines) - sum(heights[i] for i in span)
        if short > 0:
            heights[span[-1]] += short
    tops = [sum(heights[:i]) for i in range(len(heights))]
    canvas: list[list[tuple[int, str]]] = [[] for _ in range(sum(heights))]
    for r, c, w, cell, lines in placed:
        total = sum(heights[r:r + cell.rowspan])
        if cell.key is not None:
            start = tops[r] + (heights[r] - 1) // 2
        else:
            start = tops[r] + (total - len(lines)) // 2
        for i, line in enumerate(lines):
            if cell.key is not None or r < table.header_rows or table.name != "apply":
                x = xs[c] + max(0, (w - dwidth(line)) // 2)  # centred
            else:
                x = xs[c]
            canvas[start + i].append((x, line))
    out = []
    for segs in canvas:
        line, pos = "", 0
        for x, text in sorted(segs):
            if pos and x < pos + _GAP:
                x = pos + _GAP
            line += " " * (x - pos) + text
            pos = x + dwidth(text)
        out.append((_MARGIN + line).rstrip())
    return out


def _pdf_para(text: str) -> list[str]:
    lines = wrap(text, 74)
    return [_MARGIN + ("    " if i == 0 else "") + x for i, x in enumerate(lines)]


def pdftotext_layout(values: ReportValues, tokens: Tokens, opts: Opts) -> tuple[bytes, str]:
    """A PDF as pdftotext -layout prints it: pages separated by form feeds, page numbers, table 三
    broken across a page with its header rows repeated (and the rowspan labels re-created)."""
    v = values.form_version
    codes = m.apply_codes(v)
    cut = codes.index("3.4.1")
    apply_a = m.apply_table(v, codes=codes[:cut])
    apply_b = m.apply_table(v, codes=codes[cut:])
    tables = {"active": [m.active_table(v)], "apply": [apply_a, apply_b], "review": [m.review_table()]}
    blocks = m.document(values, tables)
    pages: list[list[str]] = [[]]
    for b in blocks:
        cur = pages[-1]
        if b.kind == "title":
            title = wrap(values.title, 60)
            cur += ["", *(" " * max(0, (90 - dwidth(t)) // 2) + t for t in title), ""]
        elif b.kind == "p":
            cur += _pdf_para(b.text)
        elif b.kind == "h1":
            if b.text.startswith("二、"):
                pages.append([])
                cur = pages[-1]
            cur += _pdf_para(b.text)
        elif b.kind == "table":
            assert b.table is not None
            if b.table is apply_b:
                pages.append([])
                cur = pages[-1]
            cur += ["", *pdf_table(b.table, tokens), ""]
        elif b.kind == "sign":
            cur.append(" " * (80 - dwidth(b.text)) + b.text)
    text = ""
    for n, lines in enumerate(pages, 1):
        text += "\n".join(lines) + "\n\n" + " " * 42 + f"- {n} -\n\f"
    return text.encode("utf-8"), "text/plain; charset=utf-8"
