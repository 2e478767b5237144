"""The one shape every document becomes before the form is read: a list of rows of cells.

An HTML table row, a tab- or pipe-separated line, a `pdftotext -layout` line split on runs of
spaces, or a single paragraph (one cell) are all a :class:`Row`. The form reader never sees
markup, so every format (HTML, text, later PDF/DOCX/XLS) plugs in by producing rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# An empty paragraph in HTML: in a table flattened into paragraphs it is a blank cell, in prose it is
# spacing. The form reader takes it as a cell only where the row still adds up with it.
SOFT_BLANK = "\x00soft-blank"
# A blank cell of a table saved as text one cell a line (a line holding only a space or a no-break
# space between cells, as LibreOffice and Word write them; an empty line there is the row's end).
BLANK_CELL = "\x00blank-cell"


@dataclass(slots=True)
class Cell:
    text: str
    inherited: bool = False  # carried down from a rowspan above: label context, never a value
    confidence: float | None = None  # OCR's confidence in ``text``; None when read from a text layer
    x: float | None = None  # right edge in display columns, for space-aligned text (pdftotext -layout)
    # right edge in characters: pdftotext -layout puts every glyph, CJK or not, in one column of its grid
    xc: float | None = None
    # left edges, the same two ways (values typed left-aligned in their columns line up by these)
    xl: float | None = None
    xlc: float | None = None


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    # "html": a real table row, where an empty cell is a published blank;
    # "text": a delimited text line (tabs, pipes, aligned columns), where empty fields next to a
    #         label are often the spill of a merged cell;
    # "line": a single paragraph or line (tables flattened one cell per line).
    kind: str = "line"
    # A delimited line whose every field is a cell in a fixed column (a pipe or box-drawn table):
    # an empty field is a blank cell where it stands, so values are aligned from the right (the
    # form's value columns are the table's last ones), never by dropping the blanks on their left.
    fields: bool = False
    # A tab-separated line: its empty fields are cells too, but empty fields after the label may
    # also be the spill of merged label cells (see form_reader._spilled_fields)
    tabbed: bool = False

    @classmethod
    def line(cls, text: str) -> Row:
        return cls([Cell(text)], "line")


@dataclass
class Document:
    """What every format reader returns: the rows, and what metadata the format carries."""

    rows: list[Row]
    meta: dict[str, str] = field(default_factory=dict)  # meta tags / document properties, lowercased names
    title: str | None = None                            # <title>, or a document's title property
    headings: list[str] = field(default_factory=list)   # h1–h3 and title-like elements, in order
    text: str = ""                                       # the report body's plain text
    page_text: str = ""                                  # everything visible, for dates outside the body
    warnings: list[str] = field(default_factory=list)   # e.g. "read by OCR"
    ocr: bool = False                                    # some of the rows were read by OCR
    confidence: dict[str, float] = field(default_factory=dict)  # cell id → OCR confidence of its value
    # cells a reader nulled on purpose (an OCR reading a rule contradicts and the recognizer doubts),
    # cell id → why: the rules must not fill them back, the rule broken may be the report's own error
    held_null: dict[str, str] = field(default_factory=dict)


class UnreadableDocument(Exception):
    """A document that cannot be read (broken file, unsupported format, missing tool); the reason is its message."""
