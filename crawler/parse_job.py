"""What a crawl's parse worker runs for each document (``ParsePool(target=crawler.parse_pool.ARCHIVE_TARGET)``): the
parser, then the bigram tokens of the text it read, so the crawl process only stores them
(:func:`crawler.bigram.text_terms`; the tokenizing held the writer thread's GIL, issue 13)."""

from __future__ import annotations

from typing import Any

from parsers import parse_document

from .bigram import text_terms


def parse_for_archive(data: bytes, **kwargs: Any) -> Any:
    """:func:`parsers.parse_document`, with ``text_terms`` set on the report it returns."""
    report = parse_document(data, **kwargs)
    report.text_terms = text_terms(report.text)
    return report
