"""When to download a report or attachment the archive already holds: the revisit policy.

A nightly crawl must read every landing and list page (that is how new reports are found), but
a report page or attachment it archived before rarely changes. How it is asked for again:

- ``fetch``: not archived yet (or not readable from the archive), or a kind this policy does not
  cover (landing and list pages, list services): downloaded as usual;
- ``conditional``: archived, and the server gave validators (ETag / Last-Modified): asked with
  If-None-Match / If-Modified-Since, so an unchanged one costs a 304;
- ``skip``: archived, no validators, and not due: not downloaded at all; the spider reads the
  archived copy instead (as for a 304), so its attachments are still asked for and a copy archived
  but never parsed is parsed;
- ``due``: archived, no validators, and due today: downloaded again, so a silent edit (a corrected
  table, a replaced PDF) is caught within the revisit interval.

Each URL is due on one day of every ``NIANBAO_REVISIT_DAYS`` (default 30) days, chosen by a hash
of the URL, so each night re-downloads about 1/30 of the archive instead of all of it on the same
night; a URL not downloaded for a whole interval (nights without a crawl) is due whatever its day.
``NIANBAO_REVISIT_DAYS=0`` downloads everything every run (the policy off).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

DEFAULT_REVISIT_DAYS = 30
COVERED_KINDS = frozenset({"report", "attachment"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def revisit_slot(url: str, days: int) -> int:
    """The day of the interval (0 … days-1) on which ``url`` is due: stable across runs and machines."""
    return int.from_bytes(hashlib.sha1(url.encode("utf-8")).digest()[:8], "big") % days


def _day(when: datetime) -> int:
    return (when - _EPOCH).days


def _parse(ts: str | None) -> datetime | None:
    if not ts:
        return None
    try:
        parsed = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def is_due(url: str, last_fetched: str | None, *, days: int, now: datetime | None = None) -> bool:
    """Whether an archived copy with no validators should be downloaded again today."""
    if days <= 0:
        return True
    now = now or datetime.now(UTC)
    fetched = _parse(last_fetched)
    if fetched is None or _day(now) - _day(fetched) >= days:
        return True  # never (readably) fetched, or a whole interval without a download: catch up
    return _day(now) % days == revisit_slot(url, days) and _day(fetched) < _day(now)


def decide(kind: str | None, url: str, doc: dict[str, Any] | None, *, days: int = DEFAULT_REVISIT_DAYS,
           now: datetime | None = None) -> str:
    """``fetch`` | ``conditional`` | ``skip`` | ``due`` for a request of ``kind`` whose newest stored
    version (a ``documents`` row, 2xx only) is ``doc``."""
    if kind not in COVERED_KINDS or doc is None:
        return "fetch"
    if doc.get("etag") or doc.get("last_modified"):
        return "conditional"
    if not doc.get("warc_file") or doc.get("warc_offset") is None:
        return "fetch"  # nothing to read back instead of downloading
    # last_seen moves only with a real download (a 200, or a 304 to a conditional request)
    return "due" if is_due(url, doc.get("last_seen") or doc.get("fetched_at"), days=days, now=now) else "skip"


NOT_DUE_FLAG = "not-due"


def not_due_response(request: Any, doc: dict[str, Any]) -> Any:
    """What a skipped request answers without touching the network: a 304 flagged ``not-due``
    whose ``meta["document"]`` points at the archived copy, which the spider then reads back as it
    does for a real 304. ArchiveMiddleware writes nothing for it: nothing was transferred."""
    from scrapy.http import Response

    request.meta["document"] = {
        "sha256": doc.get("sha256"), "warc_file": doc.get("warc_file"), "warc_offset": doc.get("warc_offset"),
        "fetched_at": doc.get("fetched_at"), "status": 304, "not_modified": True, "revisit": False,
        "not_due": True,
    }
    return Response(url=request.url, status=304, request=request, flags=[NOT_DUE_FLAG])
