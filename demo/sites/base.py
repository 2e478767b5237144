"""What a demo site is made of: static resources keyed by path, plus a few dynamic behaviours.

Every page is built once, in memory, when the portal starts; a site is then only a lookup table,
so the bytes (and so the ETags) are the same on every run and a re-crawl gets 304s.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from string import Template
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")


@dataclass
class Resource:
    """One static response: bytes, type, and a fixed modification time for conditional requests."""

    body: bytes
    content_type: str
    last_modified: datetime
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'

    @property
    def last_modified_http(self) -> str:
        return format_datetime(self.last_modified.astimezone(UTC).replace(microsecond=0), usegmt=True)


@dataclass
class ListEntry:
    """A line of a column's list: what a visitor sees and where it leads."""

    title: str
    href: str  # as written in the list (may be relative)
    date: str  # YYYY-MM-DD


@dataclass
class JpageColumn:
    """A Hanweb column whose records are paged through dataproxy.jsp."""

    columnid: str
    unitid: str
    webid: str
    webname: str
    records: list[str]  # one <li>…</li> per record, newest first
    per_page: int


@dataclass
class Site:
    """A portal on its own port: its pages, its paging endpoints, its flaky paths, its reports."""

    key: str
    name: str
    charset: str  # the charset of its HTML pages ("utf-8" or "gbk")
    province: str
    city: str | None = None
    county: str | None = None
    pages: dict[str, Resource] = field(default_factory=dict)
    flaky: set[str] = field(default_factory=set)
    jpage: dict[str, JpageColumn] = field(default_factory=dict)
    reports: list[dict[str, Any]] = field(default_factory=list)  # url is a path until bound to a base
    # list services answered per request: path -> (the request's fields, "http://host:port") -> (body, type)
    answers: dict[str, Callable[[dict[str, str], str], tuple[str, str]]] = field(default_factory=dict)
    # redirectors (a search's click counter, ``visit/link.do?url=…``): path -> the query's fields -> Location
    redirects: dict[str, Callable[[dict[str, str]], str | None]] = field(default_factory=dict)

    def add(self, path: str, body: bytes | str, content_type: str | None = None, *,
            modified: str | date | datetime | None = None, charset_header: bool = True,
            headers: dict[str, str] | None = None, encoding: str | None = None) -> Resource:
        """Register a page; str bodies are encoded in the site's charset (unencodable → &#NNNN;)."""
        if isinstance(body, str):
            body = encode(body, encoding or self.charset)
        if content_type is None:
            content_type = "text/html"
            if charset_header:
                content_type += "; charset=" + ("GBK" if self.charset == "gbk" else "UTF-8")
        res = Resource(body, content_type, to_datetime(modified), dict(headers or {}))
        self.pages[path] = res
        return res


def encode(text: str, charset: str) -> bytes:
    return text.encode(charset, errors="xmlcharrefreplace")


def to_datetime(value: str | date | datetime | None) -> datetime:
    """A page's Last-Modified: its publish date at 09:00 Beijing time, or a fixed default."""
    if value is None:
        return datetime(2025, 1, 1, 1, 0, tzinfo=UTC)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return datetime(value.year, value.month, value.day, 1, 0, tzinfo=UTC)


_cache: dict[str, Template] = {}


def render_template(name: str, **values: Any) -> str:
    """Fill ``templates/NAME`` ($name placeholders; $$ for a literal $)."""
    if name not in _cache:
        _cache[name] = Template((TEMPLATES / name).read_text(encoding="utf-8"))
    return _cache[name].substitute({k: "" if v is None else v for k, v in values.items()})


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs(text: str) -> str:
    """Plain text → one <p> per non-empty line, as a CMS editor would store pasted text."""
    return "\n".join(f"<p>{esc(line.strip())}</p>" for line in text.splitlines() if line.strip())
