"""Documents → form values. Imports no Scrapy: the CLI, the crawler's pipelines and the tests all
call :func:`parse_document` on bytes.
"""

from .api import parse_document, parse_path
from .report import ParsedReport

__all__ = ["ParsedReport", "parse_document", "parse_path"]
