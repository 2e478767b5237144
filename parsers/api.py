"""Entry point: bytes (+ content type / URL) → :class:`ParsedReport`."""

from __future__ import annotations

from pathlib import Path

from .report import ParsedReport


def parse_document(data: bytes, *, source: str = "", content_type: str | None = None,
                   url: str | None = None) -> ParsedReport:
    """Parse one document. Never raises on bad input: an unreadable one gets ``error`` set."""
    raise NotImplementedError


def parse_path(path: str | Path) -> ParsedReport:
    p = Path(path)
    return parse_document(p.read_bytes(), source=str(path))
