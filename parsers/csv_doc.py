"""Comma-separated text (a sheet saved as CSV) → grid rows, as a spreadsheet's.

Why not as plain text: a CSV line is one row of cells whose empty fields are blank cells in their
columns, and a quoted field may hold commas ("1,234") or line breaks (a wrapped label); split on
spaces or read as prose, the cells lose their columns. A text is taken for CSV only when most of
its non-empty lines parse into the same number of fields (at least four): a spreadsheet pads every
row to its widest, prose does not.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from .rows import Document
from .xls_doc import sheet_rows

MIN_FIELDS = 4
SHARE = 0.8  # of the non-empty records that must have the common field count


def csv_records(text: str) -> list[list[str]] | None:
    """The records of ``text`` if it reads as CSV (see the module's docstring), else None."""
    if text.count(",") < 20 or "\t" in text[:4096]:
        return None
    try:
        records = [r for r in csv.reader(io.StringIO(text), strict=True) if r]
    except csv.Error:
        return None
    if len(records) < 5:
        return None
    width, n = Counter(len(r) for r in records).most_common(1)[0]
    if width < MIN_FIELDS or n < SHARE * len(records):
        return None
    return records


_NUMBER = re.compile(r"^\s*[+\-－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?\s*$")


def _label_columns_dropped(records: list[list[str]]) -> list[list[str]]:
    """Each table's empty fields left of its first value column dropped: CSV keeps no merged
    ranges, so a label merged over two or three columns leaves empty fields a row would otherwise
    read as blank values (三、本年度办理结果,（一）予以公开,,258 → 258 under 自然人). A table is a run of
    records between headings and paragraphs (one field filled, the first); its first value column is the leftmost one holding
    a number in any of its records."""
    out: list[list[str]] = []
    block: list[list[str]] = []

    def flush() -> None:
        nums = [i for r in block for i, f in enumerate(r) if _NUMBER.match(f)]
        first = min(nums, default=0)
        out.extend([f for i, f in enumerate(r) if i >= first or f.strip()] for r in block)
        block.clear()

    for r in records:
        filled = [i for i, f in enumerate(r) if f.strip()]
        if filled in ([], [0]) and not _NUMBER.match(r[0] if r else ""):
            flush()  # a heading, a paragraph or an empty line: between tables
            out.append(r)
        else:
            block.append(r)
    flush()
    return out


def read_csv_text(text: str, records: list[list[str]]) -> Document:
    records = _label_columns_dropped([[field.replace("\n", "") for field in r] for r in records])
    rows = sheet_rows(records, [])
    flat = "\n".join("\t".join(c.text for c in r.cells if not c.inherited) for r in rows)
    return Document(rows=rows, text=flat, page_text=flat)
