"""Item pipelines: parse → normalize (ParsePipeline, writes nothing) → upsert (StorePipeline, writes).

The spider yields plain dicts with a ``type``:

- ``report``: a candidate report document (``body`` bytes). Parsed unless these exact bytes at this
  URL were parsed before; then normalized into agency/report/cells/checks rows and upserted.
- ``unchanged``: a 304 for a report/attachment URL; the reports it belongs to get ``last_seen``.
- ``blocked``: a site refused us (403, WAF page, …) → ``blocked_sites``.
- ``error``: anything the spider could not do → ``errors``.

Every write is in :mod:`crawler.db` (``Store``), run on the crawl's writer thread
(:mod:`crawler.writer`) in the order the items arrive, with the reads that decide them (was this
document parsed before?); each item goes on once its rows are written, so Scrapy's own limits on
items in flight bound what waits. Nothing is accumulated: each item is written as it arrives and
its body is dropped once stored. Bad input becomes a recorded error, never a crash.
"""

from __future__ import annotations

import json
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from parsers import parse_document
from parsers.document import Context, decide
from parsers.normalize import squeeze
from parsers.places import Place, resolve_place
from parsers.report import ParsedReport

from .archive import sha256_hex
from .db import Store, agency_id, report_id, store_for, utcnow
from .parse_pool import (
    ARCHIVE_TARGET,
    DEFAULT_MEMORY_MB,
    DEFAULT_SECONDS,
    Limits,
    ParsePool,
    SandboxResult,
    take_prestarted,
)
from .writer import SerialWriter, writer_for

logger = logging.getLogger(__name__)

_FORMATS_BY_TYPE = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "text/markdown": "text",
    "application/pdf": "pdf", "application/msword": "doc", "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/ofd": "ofd", "application/zip": "zip", "application/x-rar-compressed": "rar",
}
_FORMATS_BY_EXT = {".html": "html", ".htm": "html", ".shtml": "html", ".jhtml": "html", ".txt": "text",
                   ".md": "text", ".pdf": "pdf", ".doc": "doc", ".docx": "docx", ".wps": "wps", ".xls": "xls",
                   ".xlsx": "xlsx", ".ofd": "ofd", ".zip": "zip", ".rar": "rar", ".jpg": "image", ".png": "image"}


def document_format(content_type: str | None, url: str | None) -> str:
    """html | text | pdf | doc | docx | xls | xlsx | wps | ofd | zip | rar | image | other.

    The extension wins over a generic type (application/octet-stream is how many CMSs serve PDFs).
    """
    ext = PurePosixPath(urlsplit(url or "").path).suffix.lower()
    if ext in _FORMATS_BY_EXT:
        return _FORMATS_BY_EXT[ext]
    ct = (content_type or "").split(";")[0].strip().lower()
    return _FORMATS_BY_TYPE.get(ct, "html" if ct.startswith("text/html") else "other")


@dataclass
class Normalized:
    """A parsed report as rows: what StorePipeline upserts."""

    agency: dict[str, Any]
    agency_from_source: bool
    report: dict[str, Any]
    cells: dict[str, Any]
    inferred: list[str]
    checks: list[dict[str, Any]]
    text: str
    confidence: dict[str, float] = field(default_factory=dict)  # cell id → OCR confidence (OCR-read reports)
    unread: dict[str, str] = field(default_factory=dict)  # cell id → why it was not read (cell_notes)
    inferred_rules: dict[str, str] = field(default_factory=dict)  # inferred cell id → how it was placed
    text_terms: str | None = None  # the text's bigram tokens, made by the parse worker (crawler.parse_job)


@dataclass
class ParseOutcome:
    """What ParsePipeline decided for one ``report`` item.

    status: ``skipped`` (same bytes parsed before), ``report`` (normalized rows in ``record``),
    ``not_report`` / ``no_year`` / ``no_agency`` (kept as a document with ``reason``),
    ``unparsed`` (a format the parser cannot read yet), ``error`` (the parser failed),
    ``limit`` (the parse hit its time or memory limit in the sandbox: final, never retried).
    """

    status: str
    reason: str | None = None
    record: Normalized | None = None
    report_id: str | None = None
    warnings: list[str] = field(default_factory=list)


_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1  # SQLite's INTEGER


def storable_cells(cells: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """Cells as SQLite can hold them: a number past INTEGER's range or not finite is null, with a warning.

    The parser already reads such cells as unreadable; this keeps one that slipped through (a
    parser change, a test double) from losing the whole report at store time.
    """
    out: dict[str, Any] = {}
    for cell_id, v in cells.items():
        if v is None or (type(v) is int and _INT_MIN <= v <= _INT_MAX):  # nearly every cell, at once
            out[cell_id] = v
            continue
        bad = (isinstance(v, float) and not math.isfinite(v)) or (
            isinstance(v, int) and not isinstance(v, bool) and not -(2**63) <= v < 2**63)
        if bad:
            warnings.append(f"{cell_id}: {str(v)[:24]} cannot be stored as a number; null")
            v = None
        out[cell_id] = v
    return out


def normalize(item: dict[str, Any], parsed: ParsedReport, sha256: str) -> ParseOutcome:
    """Rows for one parsed document, or the reason it is not a storable report.

    Agency: the one the document names (its own field, else its title or the list title); the
    item's ``source`` (data/sources.yaml) gives the name when the document names none or names the
    source itself, and gives province/city/county/portal_url. A portal often carries the reports of
    many agencies (a city government's portal and its bureaus), so the source's name must not
    override a document's own agency: that would merge different agencies' reports under one id.
    Place: the one the agency's name names (parsers.places), else the source's; a clash is a warning.
    Year: the document's, else the one its title or list title names; a report whose year cannot
    be read is kept as a document with the reason.
    """
    list_title = item.get("list_title")
    page_title = item.get("page_title")  # an attachment's page, which names it better than the file
    warnings = list(parsed.warnings or [])
    # Report or not, title, year and date: the one decision (parsers.document), with the item's context.
    decision = decide(parsed.title, parsed.agency, parsed.year, parsed.published_date,
                      has_tables=parsed.is_report, text=parsed.text,
                      context=Context(list_title, page_title, item.get("page_published_date"),
                                      site_owner=item.get("site_owner")))
    warnings += decision.warnings
    if not decision.is_report:
        return ParseOutcome("not_report", decision.reason, warnings=warnings)
    title, year, published_date = decision.title, decision.year, decision.published_date
    # where that date came from (parsers.timeliness judges by it); an attachment's page date is the page's
    if parsed.published_date and published_date == parsed.published_date:
        date_source = parsed.date_source
    else:
        date_source = "page" if published_date else None
    if year is None:
        return ParseOutcome("no_year", decision.reason, warnings=warnings)
    source = item.get("source") or None
    source_name = (source or {}).get("name")
    doc_agency = decision.agency
    own_report = bool(source_name) and (not doc_agency or squeeze(doc_agency) == squeeze(source_name))
    name = source_name if own_report else doc_agency
    if not name:
        return ParseOutcome("no_agency", "no agency in the document or its titles", warnings=warnings)
    if source:
        # The portal's place applies to every agency it publishes for; it is authoritative only
        # for the source's own agency (a city portal also carries its bureaus' reports).
        start_urls = source.get("start_urls") or []
        agency = {"name": name, "province": source.get("province"), "city": source.get("city"),
                  "county": source.get("county"),
                  "portal_url": source.get("portal_url") or (start_urls[0] if start_urls else None),
                  "source_name": source_name}
        if not own_report:
            warnings.append(f"published on the portal of {source_name!r} for {name!r}")
    else:
        site = item.get("site")
        agency = {"name": name, "province": None, "city": None, "county": None,
                  "portal_url": f"{urlsplit(item.get('url') or '').scheme or 'https'}://{site}/" if site else None}
    place, place_warnings = resolve_place(name, Place(agency["province"], agency["city"], agency["county"]))
    agency.update(province=place.province, city=place.city, county=place.county)  # the name's place wins
    warnings.extend(place_warnings)
    aid = agency_id(name)
    agency["id"] = aid
    rid = report_id(aid, year)
    report = {
        "id": rid, "agency_id": aid, "year": year, "title": title,
        "url": item.get("url"), "document_url": item.get("document_url") or item.get("url"),
        "published_date": published_date, "date_source": date_source, "form_version": parsed.form_version,
        "sha256": sha256,
        "list_title": list_title, "site": item.get("site"), "content_type": item.get("content_type"),
        "warnings": warnings,
    }
    record = Normalized(agency, own_report, report, storable_cells(parsed.cells or {}, warnings),
                        list(parsed.inferred or []), list(parsed.checks or []) + list(parsed.text_checks or []),
                        parsed.text or "", dict(getattr(parsed, "confidence", None) or {}),
                        *_cell_notes(parsed), text_terms=getattr(parsed, "text_terms", None))
    return ParseOutcome("report", record=record, report_id=rid, warnings=warnings)


def _cell_notes(parsed: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(unread cell → why, inferred cell → how) from a parse, for the archive's cell_notes."""
    sources = getattr(parsed, "sources", None) or {}
    notes = getattr(parsed, "cell_notes", None) or {}
    unread = {c: notes.get(c, "") for c, kind in sources.items() if kind == "unread"}
    rules = {c: notes[c] for c, kind in sources.items() if kind == "inferred" and notes.get(c)}
    return unread, rules


class ParsePipeline:
    """Parse each new report document once and normalize it; never raises on bad input.

    Documents are parsed in a pool of worker processes (:mod:`crawler.parse_pool`), each parse
    with a time and a memory limit, and the outcome comes back to the reactor as a Deferred: a
    slow OCR or a hostile file never stalls the downloads, and parsing uses every core. With no
    pool (``NIANBAO_PARSE_WORKERS=0``, or built directly as the tests do) the parse runs inline.
    """

    def __init__(self, store: Store, crawler: Crawler | None = None, reparse: bool = False,
                 pool: ParsePool | None = None, writer: SerialWriter | None = None) -> None:
        self.store = store
        self.stats = crawler.stats if crawler is not None else None
        self.reparse = reparse
        self.pool = pool
        self.writer = writer  # the Store's reads go through it when there is one

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        settings = crawler.settings
        workers = settings.getint("NIANBAO_PARSE_WORKERS", os.cpu_count() or 1)
        pool = None
        if workers > 0:
            limits = Limits(seconds=settings.getfloat("NIANBAO_PARSE_TIME_LIMIT", DEFAULT_SECONDS),
                            memory_mb=settings.getint("NIANBAO_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB))
            # `nianbao crawl` started it before Scrapy (crawler.parse_pool.prestart), else start it now;
            # its workers run parsers.parse_document and tokenize the text for the index (crawler.parse_job)
            pool = take_prestarted(workers, limits, ARCHIVE_TARGET) or ParsePool(workers, limits, ARCHIVE_TARGET,
                                                                                 warm=True)
        return cls(store_for(crawler), crawler, reparse=settings.getbool("NIANBAO_REPARSE"), pool=pool,
                   writer=writer_for(crawler))

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            # every document is parsed by now (the items are done); the workers' exits are waited
            # for after the crawl (crawler.parse_pool.wait_closed), not in its close
            self.pool.close(wait=False)

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def process_item(self, item: Any) -> Any:
        """The item with its ``parse`` outcome: at once without a pool or writer (the tests' path),
        else a coroutine (the lookup on the writer thread, the parse in the pool)."""
        adapter = ItemAdapter(item)
        if adapter.get("type") != "report":
            return item
        if self.writer is None and self.pool is None:
            sha = self.before_parse(adapter)
            if adapter.get("parse") is not None:
                self._inc("nianbao/parse_skipped")
            else:
                adapter["parse"] = self.parse(dict(adapter), adapter.get("body") or b"", sha)
            return item
        return self._process_async(item, adapter)

    def before_parse(self, adapter: ItemAdapter) -> str:
        """The document's sha256; sets ``parse`` to ``skipped`` when these bytes were parsed before."""
        body = adapter.get("body") or b""
        sha = sha256_hex(body)
        doc_url = adapter.get("document_url") or adapter.get("url")
        adapter["sha256"] = sha
        try:
            if not self.reparse and not self.store.needs_parse(doc_url, sha):
                adapter["parse"] = ParseOutcome("skipped", report_id=self.store.report_for_document(doc_url, sha))
        except Exception as exc:  # noqa: BLE001 - a db hiccup means parse again, not lose the item
            logger.warning("could not look up %s before parsing: %s", doc_url, exc)
        return sha

    async def _process_async(self, item: Any, adapter: ItemAdapter) -> Any:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor
        from twisted.internet.defer import Deferred

        if self.writer is not None:  # after every write queued before it (its document's row)
            sha = await maybe_deferred_to_future(self.writer.submit(lambda: self.before_parse(adapter)))
        else:
            sha = self.before_parse(adapter)
        if adapter.get("parse") is not None:
            self._inc("nianbao/parse_skipped")
            return item
        body = adapter.get("body") or b""
        doc_url = adapter.get("document_url") or adapter.get("url")
        if self.pool is None:
            adapter["parse"] = self.parse(dict(adapter), body, sha)
            return item
        snapshot = dict(adapter)
        d: Deferred = Deferred()
        future = self.pool.submit(body, source=doc_url or "", content_type=adapter.get("content_type"), url=doc_url)
        future.add_done_callback(lambda f: reactor.callFromThread(d.callback, f.result()))
        result: SandboxResult = await maybe_deferred_to_future(d)
        adapter["parse"] = self.outcome(snapshot, result, sha)
        return item

    def parse(self, item: dict[str, Any], body: bytes, sha: str) -> ParseOutcome:
        """Parse in this process (no sandbox): the tests' path, and NIANBAO_PARSE_WORKERS=0."""
        doc_url = item.get("document_url") or item.get("url")
        try:
            parsed = parse_document(body, source=doc_url or "", content_type=item.get("content_type"), url=doc_url)
        except NotImplementedError as exc:
            return self.outcome(item, SandboxResult("not_implemented", reason=str(exc) or "not implemented"), sha)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the crawl
            return self.outcome(item, SandboxResult("exception", reason=f"{type(exc).__name__}: {exc}"), sha)
        return self.outcome(item, SandboxResult("ok", report=parsed), sha)

    def outcome(self, item: dict[str, Any], result: SandboxResult, sha: str) -> ParseOutcome:
        """The ParseOutcome of one document from what its parse gave."""
        doc_url = item.get("document_url") or item.get("url")
        fmt = document_format(item.get("content_type"), doc_url)
        self._inc("nianbao/parsed")
        if result.kind == "not_implemented":
            self._inc("nianbao/unparsed")
            return ParseOutcome("unparsed", f"the parser cannot read {fmt} documents yet ({result.reason})")
        if result.kind == "limit":
            logger.warning("parse of %s stopped: %s", doc_url, result.reason)
            self._inc("nianbao/parse_limits")
            return ParseOutcome("limit", f"{fmt}: {result.reason}")
        if result.kind != "ok" or result.report is None:
            logger.warning("parser failed on %s: %s", doc_url, result.reason)
            self._inc("nianbao/parse_errors")
            what = "parser crashed" if result.kind == "exception" else "parse worker crashed"
            return ParseOutcome("error", f"{what}: {result.reason}")
        parsed = result.report
        if parsed.error is not None:
            if fmt not in ("html", "text"):
                self._inc("nianbao/unparsed")
                return ParseOutcome("unparsed", f"{fmt}: {parsed.error}")
            self._inc("nianbao/parse_errors")
            return ParseOutcome("error", parsed.error)
        try:
            return normalize(item, parsed, sha)
        except Exception as exc:  # noqa: BLE001
            self._inc("nianbao/parse_errors")
            return ParseOutcome("error", f"could not normalize: {type(exc).__name__}: {exc}")


class StorePipeline:
    """Write each item's rows as it arrives (see crawler/db.py for every table), on the writer
    thread when there is one; the item goes on once its rows are written (not yet committed: the
    Store commits in batches, and a crash loses at most the last, which a re-run fetches again)."""

    def __init__(self, store: Store, crawler: Crawler | None = None, writer: SerialWriter | None = None) -> None:
        self.store = store
        self.stats = crawler.stats if crawler is not None else None
        self.writer = writer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(store_for(crawler), crawler, writer_for(crawler))

    def _inc(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)

    def process_item(self, item: Any) -> Any:
        """The item once stored: at once without a writer, else a coroutine awaiting the writer."""
        if self.writer is None:
            for key in self.store_item(item):
                self._inc(key)
            return item
        return self._store_async(item)

    async def _store_async(self, item: Any) -> Any:
        from scrapy.utils.defer import maybe_deferred_to_future

        writer = self.writer
        assert writer is not None
        for key in await maybe_deferred_to_future(writer.submit(lambda: self.store_item(item))):
            self._inc(key)  # the stats are the reactor's: counted here, not on the writer thread
        return item

    def store_item(self, item: Any) -> list[str]:
        """Write one item's rows; the stats keys to count. Never raises: a failure is an errors row."""
        adapter = ItemAdapter(item)
        kind = adapter.get("type")
        counts: list[str] = []
        try:
            if kind == "report":
                counts += self.store_report_item(adapter)
            elif kind == "unchanged":
                if self.store.mark_unchanged(adapter["url"], utcnow()):
                    counts.append("nianbao/reports_unchanged")
            elif kind == "blocked":
                self.store.record_blocked(adapter.get("site") or urlsplit(adapter.get("url") or "").netloc,
                                          adapter.get("url"), adapter.get("status"), adapter.get("reason"))
            elif kind == "error":
                self.store.record_error(adapter.get("url"), "crawl", str(adapter.get("reason") or "unknown error"),
                                        adapter.get("site"))
        except Exception as exc:  # noqa: BLE001 - the item's failure is recorded, the run goes on
            logger.exception("could not store %s item for %s", kind, adapter.get("url"))
            counts.append("nianbao/errors")
            try:
                self.store.record_error(adapter.get("url"), "store", f"{type(exc).__name__}: {exc}",
                                        adapter.get("site"))
            except Exception:  # noqa: BLE001
                logger.exception("could not record the error either")
        return counts

    def store_report_item(self, adapter: ItemAdapter) -> list[str]:
        """Write a report item's rows; the stats keys to count."""
        counts: list[str] = []
        outcome: ParseOutcome | None = adapter.get("parse")
        if outcome is None:  # ParsePipeline disabled: nothing to store but the fact
            raise ValueError("report item reached StorePipeline without a parse outcome")
        sha = adapter.get("sha256") or sha256_hex(adapter.get("body") or b"")
        doc_url = adapter.get("document_url") or adapter.get("url")
        site = adapter.get("site")
        # an article joined from its pages: the pages' records it was read from (crawler.article_pages)
        joined = {"joined_from": json.dumps(adapter["joined_from"], ensure_ascii=False)} \
            if adapter.get("joined_from") else {}
        if outcome.status == "skipped":
            if outcome.report_id:
                self.store.touch_report(outcome.report_id, sha, utcnow())
                counts.append("nianbao/reports_unchanged")
        elif outcome.status == "report" and outcome.record is not None:
            rec = outcome.record
            self.store.upsert_agency(rec.agency, authoritative=rec.agency_from_source)
            result = self.store.store_report(rec.report, rec.cells, rec.inferred, rec.checks, rec.text,
                                             confidence=rec.confidence, unread=rec.unread,
                                             inferred_rules=rec.inferred_rules, text_terms=rec.text_terms)
            self.store.record_parse(doc_url, sha, "report", None, report=rec.report["id"], **joined)
            counts.append(f"nianbao/reports_{result}")
        else:
            self.store.record_parse(doc_url, sha, outcome.status, outcome.reason, **joined)
            if outcome.status in ("error", "limit"):
                self.store.record_error(doc_url, "parse", outcome.reason or "parse error", site)
                counts.append("nianbao/errors")
            elif outcome.status in ("no_year", "no_agency"):
                logger.warning("report kept as a document, %s: %s (%s)", outcome.status, doc_url, outcome.reason)
        # The report is written: drop what is heavy or not serializable, keep a summary.
        adapter["outcome"] = outcome.status
        adapter["report_id"] = outcome.report_id
        del adapter["parse"]
        adapter["body"] = b""
        return counts
