"""Plain text, Markdown and `pdftotext -layout` output → rows.

One cell per line, tab-separated rows, Markdown pipe tables and space-aligned columns all occur
in the wild, sometimes in one file; each line is read by its own shape.
"""

from __future__ import annotations

import re
import unicodedata

from .rows import BLANK_CELL, SOFT_BLANK, Cell, Document, Row

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}")
# A table's ruling drawn in characters: Markdown/pandoc borders (|---|, +----+) or box drawing
# (┏━┳━┓, ╋━━╋, ├──┼──┤, as pdftotext or Word's save-as-text make). Never "——", a printed blank.
_RULE_LINE = re.compile(r"^[\u2500-\u257f|+=:\-\s]{3,}$")
# ...but a row of single dashes set apart by columns' spacing (-  -  -) is a row of printed blanks
_MARKS_ROW = re.compile(r"^[-－–](?:(?:\s{2,}|\t)[-－–])+$")
_BOX_CHAR = re.compile(r"[\u2500-\u257f]")
_ALIGNED = re.compile(r"\s{2,}")
_INDENT = re.compile(r"^ {8,}\S")
_PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d+\s*页(?:\s*+[，,/]?\s*+共\s*\d+\s*页)?)$")
_NUMBERISH = re.compile(r"^(?:[+\-＋－−﹣–]?[\d０-９]+(?:\.[\d０-９]+)?(?:件|个|项|条|次|元|万元)?|[-—–−/／])$")


def _split_numbers(cell: str) -> list[str]:
    """"(七)总计 2 0 0" → ["(七)总计", "2", "0", "0"]: narrow columns leave single spaces.

    The numbers are the longest run of number-like words at the end; the words before it, however
    many, stay one label ("三、本年度办理结果 （一）予以公开 95 0 …").
    """
    pieces = cell.split()
    if len(pieces) < 2:
        return [cell]
    start = len(pieces)
    while start > 0 and _NUMBERISH.match(pieces[start - 1]):
        start -= 1
    if start == len(pieces) or (start > 0 and len(pieces) - start < 1):
        return [cell]
    if start == 0:
        return pieces
    return [" ".join(pieces[:start]), *pieces[start:]]


_CHUNK = re.compile(r"\S+(?: \S+)*")
_GLUED = re.compile(r"^(\S*[\u4e00-\u9fff]{2})(\d+(?:\.\d+)?)$")
_WORD = re.compile(r"\S+")


def _display_edges(line: str) -> list[int]:
    """edges[i]: the display column where character i ends (CJK characters are two columns wide)."""
    edges, col = [], 0
    for ch in line:
        col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        edges.append(col)
    return edges


def _cell(text: str, edges: list[int], start: int, end: int) -> Cell:
    """A cell of a space-aligned line from its characters [start, end): right and left edges."""
    return Cell(text, x=edges[end - 1], xc=end, xl=edges[start - 1] if start else 0, xlc=start)


def _aligned_row(line: str) -> Row:
    """A space-aligned line (pdftotext -layout): cells split on runs of spaces, each with its right
    edge, so a row printing blanks as spaces can still be placed by column."""
    edges = _display_edges(line)
    cells: list[Cell] = []
    chunks = list(_CHUNK.finditer(line))
    for n, chunk in enumerate(chunks):
        glued = _GLUED.match(chunk.group()) if n == 0 and len(chunks) > 1 else None
        if glued and all(_NUMBERISH.match(c.group()) for c in chunks[1:]):
            # "行政事业性收费0   0": a narrow label column runs into its first value
            end = chunk.start() + glued.end(1)
            cells.append(_cell(glued.group(1), edges, chunk.start(), end))
            cells.append(_cell(glued.group(2), edges, end, chunk.end()))
            continue
        pieces = _split_numbers(chunk.group())
        if len(pieces) == 1:
            cells.append(_cell(chunk.group(), edges, chunk.start(), chunk.end()))
            continue
        words = list(_WORD.finditer(chunk.group()))
        numbers = words[len(words) - (len(pieces) - (1 if not _NUMBERISH.match(pieces[0]) else 0)):]
        if not _NUMBERISH.match(pieces[0]):
            end = chunk.start() + words[len(words) - len(numbers) - 1].end()
            cells.append(_cell(pieces[0], edges, chunk.start(), end))
        cells += [_cell(w.group(), edges, chunk.start() + w.start(), chunk.start() + w.end()) for w in numbers]
    return Row(cells, "text")


def line_row(raw: str, bare_columns: int = 0) -> Row | None:
    """One line of text as a row, by its shape: pipes, tabs, aligned columns, or a single cell.

    ``bare_columns``: the line belongs to a pipe table written without outer pipes (its separator
    line says how many columns), so a line starting with "|" has a blank first cell, one ending with
    "|" a blank last cell."""
    line = raw.replace("\u3000", "  ").replace("\xa0", " ").rstrip()
    stripped = line.strip()
    if not stripped or _PAGE_NUMBER.match(stripped):
        return None
    if _RULE_LINE.match(stripped) and not _MARKS_ROW.match(stripped):
        return None
    if _BOX_CHAR.search(stripped):
        stripped = _BOX_CHAR.sub("|", stripped)  # a content line's box characters are its cell borders
    if bare_columns and "|" in stripped:
        parts = raw.replace("\u3000", "  ").replace("\xa0", " ").strip("\r\n").split("|")
        while len(parts) > bare_columns and not parts[-1].strip():
            parts.pop()
        return Row([Cell(s) for p in parts for s in (_split_numbers(p.strip()) if p.strip() else [""])], "text",
                   fields=True)
    if stripped.startswith("|") or stripped.count("|") >= 2:
        if _PIPE_SEPARATOR.match(stripped):
            return None
        parts = stripped.strip("|").split("|")
        return Row([Cell(s) for p in parts for s in (_split_numbers(p.strip()) if p.strip() else [""])], "text",
                   fields=True)
    elif "\t" in stripped:
        # every tab-separated field is a cell, a trailing empty one too (a blank 总计 copied last)
        parts = raw.replace("\u3000", "  ").replace("\xa0", " ").rstrip("\r\n ").split("\t")
    elif _ALIGNED.search(stripped):
        return _aligned_row(line)
    elif _INDENT.match(line) and _NUMBERISH.match(stripped):
        # a number alone, indented as in space-aligned text (pdftotext -layout): where it sits says
        # which column it is in (a value printed a line above its row's label)
        return _aligned_row(line)
    else:
        pieces = _split_numbers(stripped)
        return Row.line(stripped) if len(pieces) == 1 else Row([Cell(p) for p in pieces], "text")
    return Row([Cell(s) for p in parts for s in (_split_numbers(p.strip()) if p.strip() else [""])], "text",
               tabbed=True)


_BORDER = re.compile(r"[|\u2502\u2503\u2551]")  # | │ ┃ ║


def _join_wrapped(lines: list[str]) -> list[str]:
    """A pipe-table row printed on a narrow page wraps: "| 1. 申请人… | 0 |" then "0 | 0 | 0 |", or
    "| 3. 其他 | 0 | 0" then "| 0 | 0 |". A line continues the row above when that row is open (no
    closing border) or when it holds borders without starting with one."""
    out: list[str] = []
    for line in lines:
        s = line.strip()
        prev = out[-1].strip() if out else ""
        if prev[:1] and _BORDER.match(prev[:1]) and s and _BORDER.search(s) and not _RULE_LINE.match(s) and (
                not _RULE_LINE.match(prev)) and (
                not _BORDER.match(prev[-1]) or not _BORDER.match(s[0])):
            out[-1] = out[-1].rstrip() + " " + s
            continue
        out.append(line)
    return out


def _one_cell(line: str) -> bool:
    s = line.strip()
    return bool(s) and "\t" not in s and not _BORDER.search(s) and not _ALIGNED.search(s)


def _beyond(lines: list[str], spaces: list[bool], i: int, step: int) -> str:
    """The first line past the run of space-only lines around ``i`` in direction ``step``."""
    while 0 <= i < len(lines) and spaces[i]:
        i += step
    return lines[i] if 0 <= i < len(lines) else ""


_BARE_SEPARATOR = re.compile(r"^\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _bare_pipe_tables(lines: list[str]) -> dict[int, int]:
    """Lines of Markdown pipe tables written without outer pipes ("a | b | c" over ":---: | :---:"):
    line index → the table's column count. The header line is the one above the separator; the body
    runs to the first line without a pipe."""
    out: dict[int, int] = {}
    for i, line in enumerate(lines):
        if not _BARE_SEPARATOR.match(line) or line.lstrip().startswith("|"):
            continue
        if i and _RULE_LINE.match(lines[i - 1].strip()):
            continue  # the rest of a bordered table's separator the page wrapped (|----|---- / --|----|)
        ncols = line.strip().rstrip("|").count("|") + 1
        j = i - 1
        if j >= 0 and "|" in lines[j]:
            out[j] = ncols
        j = i + 1
        while j < len(lines) and "|" in lines[j] and not _BARE_SEPARATOR.match(lines[j]):
            out[j] = ncols
            j += 1
        out[i] = -1
    return out


def text_rows(text: str) -> list[Row]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    bare = _bare_pipe_tables(lines)
    if bare:  # wrapped-row joining is for bordered tables; a bare table's rows are one line each
        columns = [bare.get(i, 0) for i in range(len(lines)) if bare.get(i) != -1]
        lines = [line for i, line in enumerate(lines) if bare.get(i) != -1]
    else:
        lines = _join_wrapped(lines)
        columns = [0] * len(lines)
    spaces = [bool(line) and not line.strip() for line in lines]
    rows: list[Row] = []
    for i, line in enumerate(lines):
        if columns[i]:
            row = line_row(line, columns[i])
            if row is not None:
                rows.append(row)
            continue
        after = _beyond(lines, spaces, i, 1)
        if spaces[i] and _one_cell(_beyond(lines, spaces, i, -1)) and (not after or _one_cell(after)):
            # A table saved as text one cell a line (LibreOffice, Word): a blank cell is a line holding
            # only a space, after a cell; an empty line is spacing (or a row's end).
            rows.append(Row.line(BLANK_CELL))
            continue
        if not line.strip() and not spaces[i] and _one_cell(_nonempty(lines, i, -1)) and _one_cell(
                _nonempty(lines, i, 1)):
            # an empty line among lines of one cell each: an empty cell of a table converted to text
            # (Word), or spacing; the reader takes it as a cell only where a row's count says so
            rows.append(Row([Cell(SOFT_BLANK)], "line", fields=True))
            continue
        row = line_row(line)
        if row is not None:
            rows.append(row)
    return rows


def _nonempty(lines: list[str], i: int, step: int) -> str:
    """The nearest line past ``i`` in direction ``step`` holding anything but whitespace."""
    i += step
    while 0 <= i < len(lines) and not lines[i].strip():
        i += step
    return lines[i] if 0 <= i < len(lines) else ""


def parse_text(text: str) -> Document:
    text = text.strip()
    return Document(rows=text_rows(text), text=text, page_text=text)
