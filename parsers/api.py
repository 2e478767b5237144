"""Entry point: bytes (+ content type / URL) → :class:`ParsedReport`.

decode → rows (HTML or text) → the three tables (form_reader) → form version → cells, with
short rows placed by the rules where they determine them (rules.infer) → checks → metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import labels as L
from .document import decide
from .form import cell_ids
from .form_reader import FormRead, FormReader, ValueRow, _zero_mark
from .formats import read_document
from .metadata import read_metadata
from .normalize import Token
from .report import ParsedReport
from .rows import UnreadableDocument
from .rules import (
    BLANK,
    DECODE_RULES,
    Equation,
    ShortRow,
    check,
    decode_row,
    equations,
    infer,
    solve_jointly,
    subtotal_equations,
)
from .statements import compare, find_statements
from .timeliness import assess

Cells = dict[str, "int | float | str"]


def parse_document(data: bytes, *, source: str = "", content_type: str | None = None,
                   url: str | None = None) -> ParsedReport:
    """Parse one document. Never raises on bad input: an unreadable one gets ``error`` set."""
    try:
        doc = read_document(data, content_type=content_type, url=url)
    except UnreadableDocument as exc:
        return ParsedReport(source=source, error=str(exc))
    meta = read_metadata(doc.meta, doc.title, doc.headings, doc.page_text, doc.text, url)
    # OCR may miss a printed number: only text read from a file may be taken to drop blank cells
    report = _build(source, FormReader().read(doc.rows), meta, doc.text, blanks_vanish=not doc.ocr,
                    held_null=doc.held_null)
    report.warnings[:0] = doc.warnings
    if doc.ocr:  # users must know a value was read from an image, and how sure the reading was
        report.ocr = True
        report.confidence = {k: v for k, v in doc.confidence.items() if report.cells.get(k) is not None}
    return report


def parse_path(path: str | Path) -> ParsedReport:
    p = Path(path)
    return parse_document(p.read_bytes(), source=str(path))


def _form_version(read: FormRead, year: int | None, text: str) -> str | None:
    """The form a report uses: its table 二 header, else its year, else its table 三 rows, else what it cites."""
    v21 = len(read.active_cols_seen & L.VERSION_2021_COLS)
    v19 = len(read.active_cols_seen & L.VERSION_2019_COLS)
    if v21 != v19:
        return "2021" if v21 > v19 else "2019"
    if year is not None and year >= 2019:
        return "2021" if year >= 2021 else "2019"
    rows = {r.row for r in read.rows if r.table == "apply"}
    if rows & {"3.6.1", "3.6.2", "3.6.3"}:
        return "2021"
    if "3.6" in rows:
        return "2019"
    if "〔2021〕30号" in text or "[2021]30号" in text:
        return "2021"
    if "〔2019〕60号" in text or "[2019]60号" in text:
        return "2019"
    return None


def _token_value(tok: Token, cell_id: str, warnings: list[str]) -> int | float | str | None:
    """A printed token as a cell value: number, BLANK, or None (unreadable)."""
    if tok.kind == "blank":
        if tok.text != "?unreadable":
            return BLANK
        if tok.note:
            warnings.append(f"{cell_id}: {tok.note}")
        return None
    value = tok.value
    if cell_id.endswith("/fee_amount") and tok.unit in ("元", "亿元") and value is not None:
        factor = 1 / 10000 if tok.unit == "元" else 10000
        value = round(value * factor, 6)
        warnings.append(f"{cell_id}: {tok.text} converted to 万元 ({value})")
    return value


def _unreadable(tok: Token) -> bool:
    return tok.kind == "blank" and tok.text == "?unreadable"


def _short_value(tok: Token, cell_id: str, warnings: list[str]) -> int | float | str:
    v = _token_value(tok, cell_id, warnings)
    return BLANK if v is None else v


def _empty(t: Token) -> bool:
    return t.kind == "blank" and t.text == ""


def _phantom_columns(rows: list[ValueRow], version: str) -> dict[tuple[int, int], set[int]]:
    """Table 二's empty columns that are no columns of the form: (values, form columns) → positions.

    A table laid out with an extra empty column (a text rendering's ghost column, a spacer) prints
    every row one cell too wide. Among the rows printing the same number of cells for the same number
    of form columns, the positions empty in every row, if exactly the surplus, are that column: a row
    printing blanks there as well (规章: blank, blank, blank, 350) is then read like its neighbours.
    """
    groups: dict[tuple[int, int], list[list[Token]]] = {}
    for row in rows:
        if row.table == "active" and not row.exact:
            n = len(L.ACTIVE_DEFAULT_COLS[version].get(row.row, ()))
            if n and len(row.tokens) > n:
                groups.setdefault((len(row.tokens), n), []).append(row.tokens)
    out: dict[tuple[int, int], set[int]] = {}
    for (width, n), members in groups.items():
        if len(members) < 2:
            continue
        empty = {i for i in range(width) if all(_empty(toks[i]) for toks in members)}
        if len(empty) == width - n:
            out[(width, n)] = empty
    return out


def _active_cells(row: ValueRow, version: str, warnings: list[str],
                  phantom: dict[tuple[int, int], set[int]] | None = None) -> dict[str, Token]:
    defaults = L.ACTIVE_DEFAULT_COLS[version].get(row.row, ())
    cols: tuple[str, ...] = row.cols if row.exact else ()
    tokens = row.tokens
    ghost = (phantom or {}).get((len(tokens), len(defaults)))
    if not cols and len(tokens) == len(defaults):
        cols = defaults
    elif not cols and ghost:
        cols, tokens = defaults, [t for i, t in enumerate(tokens) if i not in ghost]
    elif not cols:
        stripped = [t for t in tokens if not _empty(t)]
        if len(stripped) == len(defaults):
            cols, tokens = defaults, stripped
    if not cols:
        warnings.append(f"table 二 row {row.row}: {len(row.tokens)} values do not fit its columns; not read")
        return {}
    out: dict[str, Token] = {}
    for col, tok in zip(cols, tokens, strict=True):
        cell_id = f"active/{row.row}/{col}"
        out[cell_id] = tok
    return out


@dataclass
class _Collected:
    """What the document printed, by cell: tokens of rows read by position, short rows, and why
    some rows were read with help (``how``) or not at all (``unread_rows``)."""

    tokens: dict[str, Token] = field(default_factory=dict)
    shorts: list[tuple[tuple[str, ...], list[Token]]] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)
    how: dict[str, str] = field(default_factory=dict)  # cell id → how its row was placed
    unread_rows: dict[str, str] = field(default_factory=dict)  # "table/row" → why its values were not read
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "table/row" → its slots, rows read by position


def _collect(read: FormRead, version: str, warnings: list[str]) -> _Collected:
    """Printed tokens by cell id, short rows (slots, tokens), rows seen, and how rows were placed."""
    out = _Collected()
    phantom = _phantom_columns(read.rows, version)
    for row in read.rows:
        key = (row.table, row.row)
        if key in out.seen and row.row != "*":
            warnings.append(f"table row {row.table}/{row.row} printed twice; the first is kept")
            continue
        out.seen.add(key)
        if row.table == "active":
            cells = _active_cells(row, version, warnings, phantom)
            if not cells and row.tokens:
                out.unread_rows[f"active/{row.row}"] = f"{len(row.tokens)} values printed do not fit the row's columns"
            out.tokens.update(cells)
            if row.how:
                out.how.update(dict.fromkeys(cells, row.how))
            continue
        slots = tuple(f"{row.table}/{row.row}/{c}" if row.row != "*" else f"{row.table}/{c}" for c in row.cols)
        if row.exact:
            out.tokens.update(zip(slots, row.tokens, strict=True))
            out.rows[f"{row.table}/{row.row}"] = slots
            if row.how:
                out.how.update(dict.fromkeys(slots, row.how))
        elif row.tokens:
            out.shorts.append((slots, row.tokens))
            if row.how:
                out.how.update(dict.fromkeys(slots, row.how))
        elif row.how:  # a row named but not read (e.g. values that do not fit a 小计 column)
            out.unread_rows[f"{row.table}/{row.row}"] = row.how
    return out


def _relevant(eqs: list[Equation], slots: tuple[str, ...]) -> list[Equation]:
    cells = set(slots)
    return [e for e in eqs if not cells.isdisjoint(e.cells) and e.rule in DECODE_RULES]


def _decode_rows(values: Cells, rows: dict[str, tuple[str, ...]], tokens: dict[str, Token], eqs: list[Equation],
                 ids: tuple[str, ...], warnings: list[str]) -> dict[str, tuple[int | float | str, str]]:
    """The rules as a decoder: re-place a positional row that breaks them.

    A row printed with blank cells (a 总计 row of six numbers for seven columns, its research 0
    left out and the last cell empty) reads wrong by position. When the positional reading breaks
    rules that every cell of them was read for, and exactly one order-preserving placement of the
    same printed numbers (the left-out cells then determined by the rules) satisfies every rule
    the row takes part in, that placement is used. Printed digits are never changed; when no
    placement or more than one fits, the row stays as printed and its failed rules stay visible.
    Returns cell → (value, why) for the re-placed rows.
    """
    out: dict[str, tuple[int | float | str, str]] = {}
    values = dict(values)
    pending = dict(rows)
    progress = True
    while progress:  # one re-placed row can make its neighbours' readings hold again
        progress = False
        for row, slots in list(pending.items()):
            placed = _decode_row(values, slots, tokens, eqs, ids)
            if placed is None:
                continue
            del pending[row]
            if not placed:
                continue
            filled, broken = placed
            why = (f"{row} printed {sum(1 for s in slots if tokens[s].kind == 'num')} numbers for {len(slots)} cells; "
                   f"read by position it breaks {', '.join(f'{e.rule}/{e.scope}' for e in broken[:3])}"
                   f"{' …' if len(broken) > 3 else ''}; re-placed in order: the only placement the rules allow")
            warnings.append(why)
            values.update(filled)
            out.update({s: (v, why) for s, v in filled.items()})
            progress = True
    for row, slots in pending.items():
        if all(s in ids for s in slots):
            broken = [e for e in _relevant(eqs, slots) if all(c in values for c in e.cells) and not _holds_eq(values, e)]
            if broken and any(tokens.get(s) is not None and tokens[s].kind == "blank" for s in slots):
                warnings.append(f"{row}: as printed it breaks {', '.join(f'{e.rule}/{e.scope}' for e in broken[:4])}; "
                                "no single re-placement of its numbers satisfies the rules, kept as printed")
    return out


def _decode_row(values: Cells, slots: tuple[str, ...], tokens: dict[str, Token], eqs: list[Equation],
                ids: tuple[str, ...]) -> tuple[dict[str, int | float | str], list[Equation]] | dict | None:
    """A row's re-placement: (cells, the rules its positional reading broke); {} when the row needs
    none (it holds, or it is not a row with blanks); None when no single placement fits (yet)."""
    if any(s not in ids for s in slots):
        return {}
    toks = [tokens.get(s) for s in slots]
    if any(t is None for t in toks):
        return {}
    if any(t.kind == "blank" and t.text.startswith("?") for t in toks):
        return {}  # a cell printed but unread (OCR in doubt) is no blank: its row's numbers are where they were printed
    numbers = [values[s] for s, t in zip(slots, toks, strict=True) if t.kind == "num" and s in values]
    blanks = [s for s, t in zip(slots, toks, strict=True) if t.kind == "blank"]
    if not blanks or not numbers or len(numbers) + len(blanks) != len(slots):
        return {}
    # A printed zero mark (/, —, 无) is a cell in its place, and a number printed in the total cell is
    # the row's total: the decoder moves numbers only into the cells the positional reading left
    # untied (empty fields), never over what the document printed there.
    pinned: dict[str, int | float | str] = {s: BLANK for s, t in zip(slots, toks, strict=True) if _zero_mark(t)}
    if slots[-1].endswith("/total") and toks[-1].kind == "num" and slots[-1] in values:
        pinned[slots[-1]] = values[slots[-1]]
    if all(s in pinned for s in blanks):
        return {}
    relevant = _relevant(eqs, slots)
    broken = [e for e in relevant if all(c in values for c in e.cells) and not _holds_eq(values, e)]
    if not broken:
        return {}
    filled = decode_row(values, slots, numbers, relevant, pinned)  # type: ignore[arg-type]
    if filled is None:
        return None
    return filled, broken


def _unfilled_total_column(ids: tuple[str, ...], values: Cells, sources: dict[str, tuple[str, str | None]],
                           warnings: list[str]) -> None:
    """A table 三 whose 总计 column prints nothing on any result row (三、本年度办理结果's rows: a
    habit of some portals, which fill 总计 only on the 总计 row) leaves that column unfilled: the
    rules put no total into it (a row of zeros would otherwise get a 0 the page never prints), so
    apply_row_total and apply_results_total/total are alike not checked there."""
    totals = [c for c in ids if c.startswith("apply/3.") and not c.startswith("apply/3.7/") and c.endswith("/total")]
    if len(totals) < 3 or any(sources.get(c, ("",))[0] == "printed" or (
            sources.get(c, ("",))[0] == "blank" and sources[c][1] != "printed empty") for c in totals):
        return
    if not any(sources.get(c, ("",))[0] == "blank" for c in totals):
        return  # not printed at all (a table not read), no column left empty
    undone = [c for c in totals if sources.get(c, ("",))[0] == "inferred"]
    for c in undone:
        values[c] = BLANK
        sources[c] = ("blank", "printed empty")
    if undone:
        warnings.append(f"table 三 leaves its 总计 column empty on every result row: {len(undone)} totals the rules "
                        "would fill left blank, and the column's rules not checked")


def _holds_eq(values: Cells, eq: Equation) -> bool:
    num = [0 if values[c] == BLANK else values[c] for c in eq.lhs], [0 if values[c] == BLANK else values[c]
                                                                     for c in eq.rhs]
    if all(values[c] == BLANK for c in eq.lhs) or all(values[c] == BLANK for c in eq.rhs):
        return True  # not checked: one side prints only blanks
    return abs(sum(num[0]) - sum(num[1])) < 1e-6  # type: ignore[arg-type]


def _blank_cells_vanished(values: Cells, eqs: list[Equation], short_rows: list[ShortRow], missing: set[str],
                          filled: Cells, notes: list[str], reasons: dict[str, str]
                          ) -> tuple[Cells, list[str], dict[str, str]]:
    """Short rows the rules did not place, read again as rows whose blank cells printed nothing.

    Text taken from a PDF without positions (pdfplumber, pdftotext without -layout) drops blank
    cells: a row printing 3 of 8 cells, a row printing none at all (its label alone). Read that way,
    the short rows of a table are placed together where exactly one combination of order-preserving
    placements, other cells blank, satisfies every rule, and the rows not found are blank. Kept only
    if every rule it touches can be checked and holds; otherwise nothing of that table is kept.
    """
    known = {**values, **filled}
    pending = [r for r in short_rows if not all(s in known for s in r.slots)]
    rules = [e for e in eqs if e.rule in DECODE_RULES]
    placed: Cells = {}
    why: dict[str, str] = {}
    for table in ("apply", "review"):
        rows = [r for r in pending if r.slots[0].startswith(table + "/")]
        if not rows:
            continue
        absent = {c: BLANK for c in missing if c not in known and c.startswith(table + "/")}
        trial = {**known, **absent}
        more = solve_jointly(trial, rules, rows)
        if not more:
            notes.append(f"table {table}: its short rows read as rows printing blank cells as nothing fit the "
                         "rules in no single way; not placed")
            continue
        trial.update(more)
        guessed = more.keys() | absent.keys()
        touched = [e for e in eqs if not guessed.isdisjoint(e.cells) and all(c in trial for c in e.cells)]
        if not all(_holds_eq(trial, e) for e in touched):
            continue
        placed.update(absent)
        placed.update(more)
        head = "blank cells print as nothing in this document; read so, "
        why.update(dict.fromkeys(absent, head + "a form row printing no number is blank"))
        why.update(dict.fromkeys(more, head + "every placement of the table's printed numbers, in order, that "
                                             "satisfies the rules places this row so"))
        done = {r.slots[0].rsplit("/", 1)[0] for r in rows if all(c in more for c in r.slots)}
        notes = [n for n in notes if not ("not placed" in n and any(f"cells of {d}:" in n for d in done))]
    return {**filled, **placed}, notes, {**reasons, **why}


def _build(source: str, read: FormRead, meta, body_text: str, blanks_vanish: bool = False,
           held_null: dict[str, str] | None = None) -> ParsedReport:
    report = ParsedReport(source=source, title=meta.title, agency=meta.agency, year=meta.year,
                          published_date=meta.published_date, text=body_text, date_source=meta.date_source)
    warnings = report.warnings
    warnings.extend(read.warnings)
    has_tables = len(read.tables_seen) >= 2 and any(r.tokens for r in read.rows)
    report.is_report = decide(meta.title, meta.agency, meta.year, meta.published_date, has_tables=has_tables).is_report
    if not report.is_report:
        return report
    report.timeliness = assess(meta.agency, meta.year, meta.published_date, meta.date_source)
    statements = find_statements(body_text)
    report.statements = [s.to_json() for s in statements]
    if not has_tables:
        # A free-text report (before 2019), tables published as images or in an attachment, or a
        # news page about a report: no form to fill, and no numbers made up for one.
        if (meta.year or 0) >= 2019:
            warnings.append("no statistical tables found in the document (images? an attachment?)")
        return report
    version = _form_version(read, meta.year, body_text)
    if version is None:
        return report
    report.form_version = version
    got = _collect(read, version, warnings)
    ids = cell_ids(version)
    single_36 = version == "2021" and ("apply", "3.6") in got.seen and not any(
        ("apply", f"3.6.{i}") in got.seen for i in (1, 2, 3))
    if single_36:
        warnings.append("table 三 prints the single (六)其他处理 row of the 2019 form; kept as apply/3.6/*")
        ids = ids + tuple(f"apply/3.6/{c}" for c in ("natural_person", "enterprise", "research", "nonprofit",
                                                        "legal_service", "other_org", "total"))
    eqs = equations(version, single_36)
    # ``work``: the cells read and placed: the published ones (``ids``) and a printed 小计 column's
    work = ids
    if read.apply_has_subtotal:
        sub_rows = list(dict.fromkeys(c.split("/")[1] for c in ids if c.startswith("apply/")))
        work = ids + tuple(f"apply/{r}/subtotal" for r in sub_rows)
        eqs += subtotal_equations(sub_rows)
    values: Cells = {}
    sources: dict[str, tuple[str, str | None]] = {}
    for cell_id, tok in got.tokens.items():
        if cell_id not in work:
            warnings.append(f"{cell_id} is not a cell of the {version} form; value {tok.text} not kept")
            continue
        v = _token_value(tok, cell_id, warnings)
        if v is None:
            sources[cell_id] = ("unread", tok.note or "the printed cell could not be read")
            continue
        values[cell_id] = v
        if cell_id in got.how:
            sources[cell_id] = ("inferred", got.how[cell_id])
        elif v == BLANK:
            sources[cell_id] = ("blank", f"printed {tok.text!r}" if tok.text else "printed empty")
        else:
            sources[cell_id] = ("printed", None)
    held = dict(held_null or {})
    for cell_id in held:
        sources[cell_id] = ("unread", held[cell_id])
        values.pop(cell_id, None)  # held null: no value from any reading of it, and no check through it
    # a cell held null is filled by no rule, and no rule through it fills or places another
    fill_eqs = [e for e in eqs if not held.keys() & set(e.cells)] if held else eqs
    for cell_id, (v, why) in _decode_rows(values, got.rows, got.tokens, fill_eqs, work, warnings).items():
        values[cell_id] = v
        sources[cell_id] = ("inferred", why)
    # a short row holding a cell that could not be read is never placed: that cell is a number of
    # unknown value, and taken as a blank the rules would fill its row's total without it
    garbled = [(slots, toks) for slots, toks in got.shorts if any(_unreadable(t) for t in toks)]
    for slots, _toks in garbled:
        warnings.append(f"{slots[0].rsplit('/', 1)[0]}: a short row with a cell that could not be read; not placed")
    short_rows = [ShortRow(slots, [_short_value(t, slots[0], warnings) for t in toks])
                  for slots, toks in got.shorts if all(s in work for s in slots) and (slots, toks) not in garbled]
    # its cells were printed: the rules never fill them (the rule may be the one the report breaks)
    in_short = {s for row in short_rows for s in row.slots} | {s for slots, _ in garbled for s in slots}
    # a row not read at all, in a table whose numbers could not all be placed, is no gap the column
    # totals fill: the numbers left over may be that very row's
    rows_read = {c.rsplit("/", 1)[0] for c in values}
    missing = {c for c in ids if c not in values and c not in in_short and not c.startswith("active/")
               and not (c.split("/", 1)[0] in read.dropped_numbers and c.rsplit("/", 1)[0] not in rows_read)}
    filled, notes, reasons = infer(values, fill_eqs, short_rows, missing)
    if blanks_vanish and notes:
        filled, notes, reasons = _blank_cells_vanished(values, fill_eqs, short_rows, missing, filled, notes, reasons)
    warnings.extend(notes)
    for cell_id, v in filled.items():
        values[cell_id] = v
        sources[cell_id] = ("inferred", got.how.get(cell_id) or reasons.get(cell_id, "determined by the rules"))
    _unfilled_total_column(ids, values, sources, warnings)
    for slots, toks in got.shorts:
        for s in slots:
            if s not in values and s not in sources:
                sources[s] = ("unread", f"{len(toks)} values printed for the {len(slots)} cells of its row; " + (
                    "one of them could not be read as a number, so none is placed" if (slots, toks) in garbled
                    else "where each belongs is not determined"))
    for c in ids:
        if c not in sources:
            row = c.rsplit("/", 1)[0]
            sources[c] = ("unread", got.unread_rows.get(row) or (
                "row printed but not read" if tuple(row.split("/", 1)) in got.seen else "row not found in the document"))
    report.inferred = sorted((c for c, (k, _) in sources.items() if k == "inferred" and c in ids), key=ids.index)
    report.cells = {c: (None if (v := values.get(c)) is None or v == BLANK else v) for c in ids}
    report.sources = {c: sources[c][0] for c in ids}
    report.cell_notes = {c: sources[c][1] or "" for c in ids if sources[c][0] in ("inferred", "unread")}
    unread = {c: why for c, why in report.cell_notes.items() if sources[c][0] == "unread"}
    # cells printing a zero mark (—, -, /, 无): printed zeros the rules check, unlike empty cells
    marked = {c for c, (k, note) in sources.items() if k == "blank" and note != "printed empty"}
    report.checks, report.not_checked = check(values, eqs, unread, marked)
    printed = {c: v for c, v in values.items() if c in ids and sources.get(c, ("",))[0] in ("printed", "blank")}
    report.text_checks, notes = compare(statements, printed)  # compare the text with printed cells only
    warnings.extend(notes)
    skipped = [f"{s['rule']}/{s['scope']}" for s in report.not_checked]
    if skipped:
        warnings.append(f"{len(skipped)} rule scopes not checked (blank or unread cells): {', '.join(skipped[:12])}"
                        + (" …" if len(skipped) > 12 else ""))
    return report
