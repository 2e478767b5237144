"""What parsing a document yields: the metadata, the form's cells, the rule checks.

``ParsedReport.to_json()`` is exactly one line of `nianbao parse` output (../spec); ``text`` is the
report's plain text for the archive's full-text search, kept out of the JSON line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ParsedReport:
    source: str
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published_date: str | None = None
    form_version: str | None = None
    cells: dict[str, int | float | None] = field(default_factory=dict)
    inferred: list[str] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    is_report: bool = False
    text: str = ""
    error: str | None = None
    ocr: bool = False  # some values were read by OCR (a scanned report): users should know
    confidence: dict[str, float] = field(default_factory=dict)  # cell id → OCR confidence of its value
    date_source: str | None = None  # where published_date was found (parsers.metadata)
    # findings beyond the form's rules (parsers.statements, parsers.timeliness): extra JSON keys
    statements: list[dict[str, Any]] = field(default_factory=list)
    text_checks: list[dict[str, Any]] = field(default_factory=list)
    timeliness: dict[str, Any] | None = None
    # how each cell was obtained (issue 14): printed | blank | inferred | unread, the detail of the
    # inferred and unread ones, and the rule scopes not checked because a cell was unread or blank
    sources: dict[str, str] = field(default_factory=dict)
    cell_notes: dict[str, str] = field(default_factory=dict)
    not_checked: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """One line of `nianbao parse` output, keys as the contract names them."""
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        out = {
            "source": self.source,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "published_date": self.published_date,
            "form_version": self.form_version,
            "cells": self.cells,
            "inferred": self.inferred,
            "checks": self.checks,
            "warnings": self.warnings,
        }
        if self.is_report:  # added keys (the contract's `checks` lists only the form's own rules)
            out["statements"] = self.statements
            out["text_checks"] = self.text_checks
            out["timeliness"] = self.timeliness
        if self.form_version is not None:  # added keys: how each cell was obtained, scopes not checked
            out["cell_sources"] = self.sources
            out["cell_notes"] = self.cell_notes
            out["not_checked"] = self.not_checked
        if self.ocr:  # only for OCR-read reports: the contract's keys stay as they are
            out["ocr"] = True
            out["confidence"] = self.confidence
        return out

    @property
    def text_checks_failed(self) -> int:
        return sum(1 for c in self.text_checks if not c["ok"])

    @property
    def checks_failed(self) -> int:
        return sum(1 for c in self.checks if not c["ok"])
