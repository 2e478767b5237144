"""The items the spider yields: plain dicts, one builder per ``type``.

Items stay plain dicts (no ``scrapy.Item``) so the pipelines, the tests and a future scrapy-redis
worker all see the same JSON-able shape. The builders exist so every item of a type carries the
same keys; the pipelines rely on that.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy.http import Response


def utc_now() -> str:
    """ISO-8601 UTC timestamp, second precision: when a document was fetched."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def report_item(response: Response, *, page_url: str, list_title: str | None, site: str,
                source: dict | None, page_title: str | None = None,
                page_published_date: str | None = None, site_owner: str | None = None) -> dict[str, Any]:
    """A report document: the report page itself, or an attachment of it (``page_url`` is the page).

    ``body`` is the raw bytes as served; decoding is the parser's job, with the content type.
    For an attachment, ``page_title`` and ``page_published_date`` are what its page says: files
    rarely carry their own. ``site_owner`` is the agency running the site (see
    :attr:`crawler.page.Page.site_owner`), the agency of a report whose titles name none.
    """
    content_type = response.headers.get(b"Content-Type")
    return {
        "type": "report",
        "url": page_url,
        "document_url": response.url,
        "body": response.body,
        "content_type": content_type.decode("latin-1") if content_type else None,
        "status": response.status,
        "list_title": list_title,
        "page_title": page_title,
        "page_published_date": page_published_date,
        "site_owner": site_owner,
        "site": site,
        "source": source,
        "fetched_at": utc_now(),
    }


def blocked_item(*, url: str, site: str, status: int, reason: str) -> dict[str, Any]:
    """A page that answered with a bot challenge: recorded as "blocked", never as "no reports"."""
    return {"type": "blocked", "site": site, "url": url, "status": status, "reason": reason}


def error_item(*, url: str, site: str, reason: str) -> dict[str, Any]:
    """A request that failed for good (DNS, timeout, 404, robots.txt): recorded, the crawl goes on."""
    return {"type": "error", "url": url, "site": site, "reason": reason}


def unchanged_item(url: str) -> dict[str, Any]:
    """A report or attachment that answered 304 Not Modified to our conditional request."""
    return {"type": "unchanged", "url": url}
