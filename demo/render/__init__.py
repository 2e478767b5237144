"""Render one set of form values as every document layout the parser must read.

Why: real annual reports publish the same three tables in a dozen dialects (clean HTML, Word/WPS
exports in GBK, tables flattened into paragraphs, pdftotext output, Markdown, TSV …). Rendering
one :class:`~demo.values.ReportValues` in each dialect lets a test assert that every dialect
parses to the same cells, and lets the demo portal serve realistic pages.

``render(values, layout, **variant)`` returns a :class:`Rendered` whose ``expected`` is what
`nianbao parse` must print for the document: the values, except that a zero the layout prints as
a blank ("—", "/", "无", empty) is null, because the parser must never make a number up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from demo.values import ReportValues
from parsers.form import APPLY_COLS, apply_rows, cell_ids

from . import html as _html
from . import text as _text
from .tokens import Tokens, make_tokens

__all__ = ["LAYOUTS", "Rendered", "render", "BLANK_CYCLE", "Tokens"]

BLANK_CYCLE = ("—", "/", "无", "")


@dataclass
class Rendered:
    """One rendered document plus what parsing it must yield."""

    layout: str
    data: bytes
    content_type: str
    expected: dict[str, Any]

    @property
    def suffix(self) -> str:
        """A file name suffix for the document (what a server path would end with)."""
        if self.content_type.startswith("text/markdown"):
            return ".md"
        if self.content_type.startswith("text/plain"):
            return ".txt"
        return ".html"


# layout → (writer, default variant). A writer gets (values, tokens, variant) and returns
# (bytes, content type).
Writer = Callable[[ReportValues, Tokens, dict[str, Any]], tuple[bytes, str]]
_LAYOUTS: dict[str, tuple[Writer, dict[str, Any]]] = {
    "html_table": (_html.html_table, {"blank_zero": None, "chrome": True}),
    "html_word_gbk": (_html.html_word_gbk, {"blank_zero": None, "chrome": True}),
    "html_gbk_header_only": (_html.html_gbk_header_only, {"blank_zero": None, "chrome": True}),
    "html_gbk_undeclared": (_html.html_gbk_undeclared, {"blank_zero": None, "chrome": True}),
    "html_flat_paragraphs": (_html.html_flat_paragraphs, {"blank_zero": None, "chrome": True}),
    "html_split": (_html.html_split, {"blank_zero": "cycle", "chrome": True, "subtotal": True,
                                      "split_review": True, "fullwidth": True, "units": True}),
    "text_lines": (_text.text_lines, {"blank_zero": None}),
    "text_tsv": (_text.text_tsv, {"blank_zero": None}),
    "markdown": (_text.markdown, {"blank_zero": None}),
    "pdftotext_layout": (_text.pdftotext_layout, {"blank_zero": None}),
}
LAYOUTS: tuple[str, ...] = tuple(_LAYOUTS)
# Line-based layouts where an empty cell would vanish without a trace: no "" blank there.
_NO_EMPTY_BLANK = frozenset({"text_lines", "pdftotext_layout"})


def render(values: ReportValues, layout: str, **variant: Any) -> Rendered:
    """Render ``values`` as ``layout``. Deterministic: same input, same bytes.

    Variant options (each layout has defaults, see ``_LAYOUTS``):

    - ``blank_zero``: None prints zeros as "0"; a token ("—", "/", "无", "") prints every zero cell
      as that token; "cycle" cycles through "—", "/", "无", "" over the zero cells in cells.csv
      order. Blanked cells are null in ``expected``.
    - ``chrome`` (HTML): site navigation, breadcrumb, related links and footer around the article.
    - html_split only: ``subtotal`` (extra 法人或其他组织 小计 column), ``split_review`` (review table
      as two tables), ``fullwidth`` (full-width digits in rows 1 and 3.1), ``units`` ("3件" in
      table 二, signed "+3" changes).
    """
    if layout not in _LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of {LAYOUTS}")
    writer, defaults = _LAYOUTS[layout]
    unknown = set(variant) - set(defaults)
    if unknown:
        raise TypeError(f"layout {layout} takes no option(s) {sorted(unknown)}; known: {sorted(defaults)}")
    opts = {**defaults, **variant}
    blank = opts["blank_zero"]
    if blank == "" and layout in _NO_EMPTY_BLANK:
        raise ValueError(f"blank_zero='' is not representable in {layout}")
    tokens = make_tokens(
        values,
        blank_zero=blank,
        cycle=BLANK_CYCLE,
        fullwidth=_fullwidth_keys(values) if opts.get("fullwidth") else frozenset(),
        units=bool(opts.get("units")),
        subtotal=bool(opts.get("subtotal")),
    )
    data, content_type = writer(values, tokens, opts)
    expected = {
        "title": values.title,
        "agency": values.agency,
        "year": values.year,
        "published_date": values.published_date,
        "form_version": values.form_version,
        "cells": {cid: tokens.expected[cid] for cid in cell_ids(values.form_version)},
    }
    return Rendered(layout, data, content_type, expected)


def _fullwidth_keys(values: ReportValues) -> frozenset[str]:
    rows = {"1", "3.1"} & set(apply_rows(values.form_version))
    return frozenset(f"apply/{r}/{c}" for r in rows for c in APPLY_COLS)
