"""Entry point: bytes (+ content type / URL) → :class:`ParsedReport`.

decode → rows (HTML or text) → the three tables (form_reader) → form version → cells, with
short rows placed by the rules where they determine them (rules.infer) → checks → metadata.
"""

from __future__ import annotations

from pathlib import Path

from . import labels as L
from .document import decide
from .form import cell_ids
from .form_reader import FormRead, FormReader, ValueRow
from .formats import read_document
from .metadata import read_metadata
from .normalize import Token
from .report import ParsedReport
from .rows import UnreadableDocument
from .rules import BLANK, ShortRow, check, equations, infer
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
    report = _build(source, FormReader().read(doc.rows), meta, doc.text)
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


def _short_value(tok: Token, cell_id: str, warnings: list[str]) -> int | float | str:
    v = _token_value(tok, cell_id, warnings)
    return BLANK if v is None else v


def _active_cells(row: ValueRow, version: str, warnings: list[str]) -> dict[str, Token]:
    defaults = L.ACTIVE_DEFAULT_COLS[version].get(row.row, ())
    cols: tuple[str, ...] = row.cols if row.exact else ()
    tokens = row.tokens
    if not cols and len(tokens) == len(defaults):
        cols = defaults
    elif not cols:
        stripped = [t for t in tokens if not (t.kind == "blank" and t.text == "")]
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


def _collect(read: FormRead, version: str, warnings: list[str]) -> tuple[dict[str, Token], list[tuple[str, ...]], set[str]]:
    """Printed tokens by cell id, short rows (slots, tokens), and the 2021 report's single 3.6 row flag."""
    tokens: dict[str, Token] = {}
    shorts: list[tuple[tuple[str, ...], list[Token]]] = []
    seen: set[tuple[str, str]] = set()
    for row in read.rows:
        key = (row.table, row.row)
        if key in seen and row.row != "*":
            warnings.append(f"table row {row.table}/{row.row} printed twice; the first is kept")
            continue
        seen.add(key)
        if row.table == "active":
            tokens.update(_active_cells(row, version, warnings))
            continue
        slots = tuple(f"{row.table}/{row.row}/{c}" if row.row != "*" else f"{row.table}/{c}" for c in row.cols)
        if row.exact:
            tokens.update(zip(slots, row.tokens, strict=True))
        elif row.tokens:
            shorts.append((slots, row.tokens))
    return tokens, shorts, seen


def _build(source: str, read: FormRead, meta, body_text: str) -> ParsedReport:
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
    tokens, shorts, seen = _collect(read, version, warnings)
    ids = cell_ids(version)
    single_36 = version == "2021" and ("apply", "3.6") in seen and not any(
        ("apply", f"3.6.{i}") in seen for i in (1, 2, 3))
    if single_36:
        warnings.append("table 三 prints the single (六)其他处理 row of the 2019 form; kept as apply/3.6/*")
        ids = ids + tuple(f"apply/3.6/{c}" for c in ("natural_person", "enterprise", "research", "nonprofit",
                                                        "legal_service", "other_org", "total"))
    values: Cells = {}
    for cell_id, tok in tokens.items():
        if cell_id not in ids:
            warnings.append(f"{cell_id} is not a cell of the {version} form; value {tok.text} not kept")
            continue
        v = _token_value(tok, cell_id, warnings)
        if v is not None:
            values[cell_id] = v
    short_rows = [ShortRow(slots, [_short_value(t, slots[0], warnings) for t in toks])
                  for slots, toks in shorts if all(s in ids for s in slots)]
    eqs = equations(version, single_36)
    in_short = {s for row in short_rows for s in row.slots}
    missing = {c for c in ids if c not in values and c not in in_short and not c.startswith("active/")}
    filled, notes = infer(values, eqs, short_rows, missing)
    warnings.extend(notes)
    for cell_id, v in filled.items():
        values[cell_id] = v
        report.inferred.append(cell_id)
    report.inferred.sort(key=ids.index)
    report.cells = {c: (None if (v := values.get(c)) is None or v == BLANK else v) for c in ids}
    report.checks, skipped = check(values, eqs)
    printed = {c: v for c, v in values.items() if c not in filled}  # compare the text with printed cells only
    report.text_checks, notes = compare(statements, printed)
    warnings.extend(notes)
    if skipped:
        warnings.append(f"{len(skipped)} rule scopes not checked (blank or unread cells): {', '.join(skipped[:12])}"
                        + (" …" if len(skipped) > 12 else ""))
    return report
