"""The SQLite archive: schema and every write, in one module.

Where each row is written (search for the function name):

| table             | written by                         | called from                              |
|-------------------|------------------------------------|------------------------------------------|
| `documents`       | :meth:`Store.record_fetch`         | ArchiveMiddleware (every response)       |
|                   | :meth:`Store.record_parse`         | StorePipeline (parse outcome of a doc)   |
| `agencies`        | :meth:`Store.upsert_agency`        | StorePipeline                            |
| `reports`, `cells`, `checks`, `report_versions` | :meth:`Store.store_report` | StorePipeline |
| `checks` (cross-report rules) | :func:`crawler.crosschecks.run_cross_checks` | CrawlRunExtension at close |
| `errors`          | :meth:`Store.record_error`         | StorePipeline, ParsePipeline             |
| `blocked_sites`   | :meth:`Store.record_blocked`       | StorePipeline                            |
| `crawl_runs`      | :meth:`Store.open_run` / :meth:`Store.close_run` | CrawlRunExtension          |

Ids are deterministic so a re-run upserts instead of duplicating: ``agencies.id`` is the squeezed
agency name, ``reports.id`` is ``f"{agency_id}:{year}"``, ``documents`` is keyed by (url, sha256),
``cells`` by (report_id, cell_id), ``checks`` by (report_id, rule, scope). Only ``crawl_runs``
(one row per run, id from time + host + pid) and the per-run ``errors``/``blocked_sites`` grow.

The schema is plain DDL below, so column types are explicit (``cells.value`` is NUMERIC: integers
stay integers, amounts in 万元 stay decimal); sqlite-utils does the upserts.
"""

from __future__ import annotations

import json
import os
import socket
import weakref
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from parsers.form import cell_def
from parsers.normalize import squeeze

SCHEMA = """
CREATE TABLE IF NOT EXISTS agencies (
    id TEXT PRIMARY KEY,            -- squeezed name (parsers.normalize.squeeze)
    name TEXT,
    province TEXT,
    city TEXT,
    county TEXT,
    portal_url TEXT,
    source_name TEXT,               -- the data/sources.yaml entry it came from, if any
    first_seen TEXT,
    last_seen TEXT
);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,            -- f"{agency_id}:{year}"
    agency_id TEXT REFERENCES agencies(id),
    year INTEGER,
    title TEXT,
    url TEXT,                       -- the report page
    document_url TEXT,              -- what was parsed: the page itself or an attachment
    published_date TEXT,
    form_version TEXT,
    first_seen TEXT,
    last_seen TEXT,
    sha256 TEXT,                    -- of the parsed document; documents(url=document_url, sha256)
    checks_failed INTEGER,
    list_title TEXT,
    site TEXT,
    content_type TEXT,
    warnings TEXT,                  -- JSON list
    inferred TEXT,                  -- JSON list of inferred cell ids
    versions INTEGER,               -- how many versions report_versions holds
    changed_at TEXT,                -- when the current version replaced an earlier one
    text TEXT                       -- plain text, full-text searchable
);
CREATE TABLE IF NOT EXISTS report_versions (
    report_id TEXT REFERENCES reports(id),
    sha256 TEXT,
    url TEXT,
    document_url TEXT,
    title TEXT,
    published_date TEXT,
    form_version TEXT,
    first_seen TEXT,
    last_seen TEXT,
    is_current INTEGER,
    superseded_at TEXT,
    checks_failed INTEGER,
    cells TEXT,                     -- JSON {cell_id: value}: an earlier version's numbers, kept
    inferred TEXT,
    checks TEXT,                    -- JSON list of within-report checks
    warnings TEXT,
    PRIMARY KEY (report_id, sha256)
);
CREATE TABLE IF NOT EXISTS cells (
    report_id TEXT REFERENCES reports(id),
    cell_id TEXT,
    table_name TEXT,
    row TEXT,
    col TEXT,
    value NUMERIC,
    inferred INTEGER,
    PRIMARY KEY (report_id, cell_id)
);
CREATE TABLE IF NOT EXISTS checks (
    report_id TEXT REFERENCES reports(id),
    rule TEXT,
    scope TEXT,
    ok INTEGER,
    detail TEXT,
    PRIMARY KEY (report_id, rule, scope)
);
CREATE TABLE IF NOT EXISTS documents (
    url TEXT,
    sha256 TEXT,                    -- of the content, Content-Encoding removed
    fetched_at TEXT,                -- first fetch of this version (its WARC record's date)
    last_seen TEXT,                 -- latest fetch (200, revisit or 304) confirming it
    status INTEGER,
    content_type TEXT,
    length INTEGER,
    etag TEXT,                      -- validators for conditional requests
    last_modified TEXT,
    kind TEXT,                      -- landing | list | report | attachment | robots | ...
    site TEXT,
    warc_file TEXT,                 -- bare file name under NIANBAO_WARC_DIR
    warc_offset INTEGER,            -- of the response record holding the payload
    warc_length INTEGER,
    warc_record_id TEXT,
    warc_date TEXT,                 -- WARC-Date of that record (what a revisit refers to)
    warc_payload_digest TEXT,
    fetches INTEGER,
    parse_status TEXT,              -- report | not_report | no_year | no_agency | unparsed | error
    parse_reason TEXT,
    parsed_at TEXT,
    report_id TEXT,
    PRIMARY KEY (url, sha256)
);
CREATE TABLE IF NOT EXISTS crawl_runs (
    id TEXT PRIMARY KEY,            -- "<UTC start>-<host>-<pid>": unique across machines
    started_at TEXT,
    finished_at TEXT,
    stats TEXT,                     -- JSON: pages, reports_new/changed/unchanged, errors, blocked_sites, ...
    spider TEXT,
    finish_reason TEXT,
    host TEXT,
    pid INTEGER,
    problems TEXT,                  -- JSON list of failed close-of-run checks (crawler/monitor.py)
    summary TEXT                    -- what the run printed at its end: "ok: ..." or what broke
);
CREATE TABLE IF NOT EXISTS errors (
    run_id TEXT REFERENCES crawl_runs(id),
    url TEXT,
    stage TEXT,                     -- crawl | parse | store
    site TEXT,
    reason TEXT,
    at TEXT,
    PRIMARY KEY (run_id, url, stage)
);
CREATE TABLE IF NOT EXISTS blocked_sites (
    run_id TEXT REFERENCES crawl_runs(id),
    site TEXT,
    url TEXT,
    status INTEGER,
    reason TEXT,
    at TEXT,
    PRIMARY KEY (run_id, site)
);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports(agency_id, year);
CREATE INDEX IF NOT EXISTS reports_year ON reports(year);
CREATE INDEX IF NOT EXISTS reports_document ON reports(document_url);
CREATE INDEX IF NOT EXISTS reports_url ON reports(url);
CREATE INDEX IF NOT EXISTS report_versions_document ON report_versions(document_url, sha256);
CREATE INDEX IF NOT EXISTS cells_cell ON cells(cell_id);
CREATE INDEX IF NOT EXISTS checks_rule ON checks(rule, ok);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_url_seen ON documents(url, last_seen);
CREATE INDEX IF NOT EXISTS errors_run ON errors(run_id);
"""

CROSS_RULES = ("carryover", "in_force_continuity")


def utcnow() -> str:
    """ISO-8601 UTC to the second: the one timestamp format of the archive."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def agency_id(name: str) -> str:
    return squeeze(name)


def report_id(agency: str, year: int) -> str:
    return f"{agency}:{year}"


def connect(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open (creating) the archive with the schema, WAL and a busy timeout.

    WAL lets Datasette read while a crawl writes; synchronous=NORMAL is safe with WAL and avoids an
    fsync per item.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute("PRAGMA foreign_keys = OFF")  # reports may arrive before their agency row in tests
    ensure_schema(db)
    return db


# Columns added after a table was first released: an archive made before gets them on open.
ADDED_COLUMNS = {"crawl_runs": {"problems": str, "summary": str}}


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create what is missing; never drops or renames (the contract only grows)."""
    db.executescript(SCHEMA)
    for table, columns in ADDED_COLUMNS.items():
        have = db[table].columns_dict
        for name, kind in columns.items():
            if name not in have:
                db[table].add_column(name, kind)
    if not db["reports_fts"].exists():
        try:  # trigram matches Chinese substrings of 3+ characters; unicode61 would not split CJK
            db["reports"].enable_fts(["title", "text"], create_triggers=True, tokenize="trigram")
        except Exception:  # noqa: BLE001 - SQLite older than 3.34: plain FTS5 rather than none
            db["reports"].enable_fts(["title", "text"], create_triggers=True)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def new_run_id() -> str:
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}-{socket.gethostname()}-{os.getpid()}"


class Store:
    """One crawl's handle on the archive: shared by middleware, pipelines and extension.

    Scrapy runs all of them on the reactor thread, so one connection serves them all.
    """

    def __init__(self, path: str | os.PathLike[str], run_id: str | None = None) -> None:
        self.path = str(path)
        self.db = connect(path)
        self.run_id = run_id or new_run_id()
        # Agencies whose reports were added or changed in this run: the cross-report checks rerun
        # only for them (bounded by what changed, not by the archive's size).
        self.touched_agencies: set[str] = set()

    def close(self) -> None:
        self.db.close()

    # -- documents ------------------------------------------------------------------------------
    def document(self, url: str, sha256: str) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from documents where url = ? and sha256 = ?", [url, sha256]))
        return rows[0] if rows else None

    def latest_document(self, url: str, *, ok_only: bool = True) -> dict[str, Any] | None:
        """The newest stored version of a URL (for conditional requests and 304 bookkeeping)."""
        sql = "select * from documents where url = ?" + (" and status between 200 and 299" if ok_only else "")
        rows = list(self.db.query(sql + " order by last_seen desc, fetched_at desc limit 1", [url]))
        return rows[0] if rows else None

    def archived_payload(self, sha256: str, payload_digest: str) -> dict[str, Any] | None:
        """A documents row whose WARC record already holds these bytes (for a revisit record)."""
        rows = list(self.db.query(
            "select * from documents where sha256 = ? and warc_payload_digest = ? and warc_file is not null "
            "order by fetched_at limit 1", [sha256, payload_digest]))
        return rows[0] if rows else None

    def record_fetch(self, row: dict[str, Any]) -> None:
        """Upsert the documents row of one fetch (url, sha256 + archive columns).

        A version already stored keeps its fetched_at and WARC location (they point at the record
        holding the payload); only last_seen, the validators and the fetch count move.
        """
        existing = self.document(row["url"], row["sha256"])
        if existing is None:
            self.db["documents"].insert({**row, "fetches": 1, "last_seen": row["fetched_at"]}, alter=True)
            return
        update = {"last_seen": row["fetched_at"], "fetches": (existing.get("fetches") or 0) + 1}
        for key in ("etag", "last_modified"):
            if row.get(key):
                update[key] = row[key]
        if existing.get("warc_file") is None:  # a row the pipeline created before the archive saw it
            update.update({k: row.get(k) for k in ("warc_file", "warc_offset", "warc_length", "warc_record_id",
                                                   "warc_date", "warc_payload_digest", "status", "content_type",
                                                   "length")})
        self.db["documents"].update([row["url"], row["sha256"]], update, alter=True)

    def touch_document(self, url: str, when: str) -> dict[str, Any] | None:
        """A 304: the newest version of ``url`` was confirmed unchanged at ``when``."""
        doc = self.latest_document(url)
        if doc is not None:
            self.db["documents"].update([url, doc["sha256"]],
                                        {"last_seen": when, "fetches": (doc.get("fetches") or 0) + 1})
        return doc

    def record_parse(self, url: str, sha256: str, status: str, reason: str | None = None,
                     report: str | None = None, **extra: Any) -> None:
        """Store a document's parse outcome on its documents row (created if the archive missed it)."""
        self.db["documents"].upsert({"url": url, "sha256": sha256, "parse_status": status, "parse_reason": reason,
                                     "parsed_at": utcnow(), "report_id": report, **extra},
                                    pk=("url", "sha256"), alter=True)

    def needs_parse(self, url: str, sha256: str) -> bool:
        """False when these exact bytes at this URL were parsed before and the outcome still stands.

        The exception is a report republished back to an earlier version at its current URL: it is
        parsed again so `reports` can point at it (its text is not kept in report_versions).
        """
        doc = self.document(url, sha256)
        if doc is None or doc.get("parse_status") is None:
            return True
        rid = doc.get("report_id")
        if not rid:
            return False
        current = self.db["reports"].get(rid) if self._has_row("reports", rid) else None
        if current is None:
            return True
        return current["sha256"] != sha256 and current["document_url"] == url

    # -- agencies and reports -------------------------------------------------------------------
    def _has_row(self, table: str, pk: Any) -> bool:
        try:
            self.db[table].get(pk)
        except sqlite_utils.db.NotFoundError:
            return False
        return True

    def upsert_agency(self, row: dict[str, Any], *, authoritative: bool) -> str:
        """Insert or update an agency. ``authoritative`` (from sources.yaml) overwrites the place
        columns; from a document only what is missing gets filled, so a source's data is never
        replaced by a guess."""
        now = utcnow()
        aid = row["id"]
        if self._has_row("agencies", aid):
            old = self.db["agencies"].get(aid)
            update = {"last_seen": now}
            for k, v in row.items():
                if v is not None and (authoritative or old.get(k) is None):
                    update[k] = v
            self.db["agencies"].update(aid, update, alter=True)
        else:
            self.db["agencies"].insert({**row, "first_seen": now, "last_seen": now}, alter=True)
        return aid

    def store_report(self, report: dict[str, Any], cells: dict[str, Any], inferred: Iterable[str],
                     checks: list[dict[str, Any]], text: str) -> str:
        """Upsert one parsed report version; returns "new", "changed", "unchanged" or "duplicate".

        - same (report, sha256) seen before → "unchanged": only last_seen moves;
        - no report yet → "new";
        - the report's current URL republished with other bytes, or another copy with a later
          published_date → "changed": the new version becomes current, the old one stays in
          report_versions with its numbers;
        - another copy (other URL) not newer → "duplicate": kept in report_versions, not current.
        """
        rid, sha, now = report["id"], report["sha256"], utcnow()
        inferred = sorted(set(inferred))
        version = {
            "report_id": rid, "sha256": sha, "url": report.get("url"), "document_url": report.get("document_url"),
            "title": report.get("title"), "published_date": report.get("published_date"),
            "form_version": report.get("form_version"), "first_seen": now, "last_seen": now,
            "checks_failed": sum(1 for c in checks if not c.get("ok")),
            "cells": _json(cells), "inferred": _json(inferred), "checks": _json(checks),
            "warnings": _json(report.get("warnings") or []),
        }
        with self.db.atomic():
            if self._has_row("report_versions", [rid, sha]):
                self.db["report_versions"].update([rid, sha], {"last_seen": now})
                if self._has_row("reports", rid) and self.db["reports"].get(rid)["sha256"] == sha:
                    self.db["reports"].update(rid, {"last_seen": now})
                    return "unchanged"
                outcome = "unchanged"
                current = self.db["reports"].get(rid) if self._has_row("reports", rid) else None
                if current is None or current["document_url"] == report.get("document_url"):
                    outcome = "changed"  # republished back to an earlier version
                    self._make_current(report, version, cells, inferred, checks, text, now, first=current is None)
                return outcome
            current = self.db["reports"].get(rid) if self._has_row("reports", rid) else None
            if current is None:
                self.db["report_versions"].insert({**version, "is_current": 1}, alter=True)
                self._make_current(report, version, cells, inferred, checks, text, now, first=True)
                return "new"
            same_place = report.get("document_url") == current["document_url"] or report.get("url") == current["url"]
            newer = (report.get("published_date") or "") > (current["published_date"] or "")
            if same_place or newer:
                self.db["report_versions"].insert({**version, "is_current": 1}, alter=True)
                self._make_current(report, version, cells, inferred, checks, text, now, first=False)
                return "changed"
            self.db["report_versions"].insert({**version, "is_current": 0}, alter=True)
            self.db["reports"].update(rid, {"last_seen": now, "versions": self._count_versions(rid)})
            return "duplicate"

    def _count_versions(self, rid: str) -> int:
        return self.db["report_versions"].count_where("report_id = ?", [rid])

    def _make_current(self, report: dict[str, Any], version: dict[str, Any], cells: dict[str, Any],
                      inferred: list[str], checks: list[dict[str, Any]], text: str, now: str, *, first: bool) -> None:
        rid, sha = report["id"], report["sha256"]
        self.db.execute("update report_versions set is_current = 0, superseded_at = ? "
                        "where report_id = ? and is_current = 1 and sha256 != ?", [now, rid, sha])
        self.db.execute("update report_versions set is_current = 1, superseded_at = null "
                        "where report_id = ? and sha256 = ?", [rid, sha])
        row = {**{k: report.get(k) for k in ("id", "agency_id", "year", "title", "url", "document_url",
                                             "published_date", "form_version", "sha256", "list_title",
                                             "site", "content_type")},
               "warnings": _json(report.get("warnings") or []), "inferred": _json(inferred),
               "checks_failed": version["checks_failed"], "last_seen": now, "text": text,
               "versions": self._count_versions(rid)}
        if first:
            row["first_seen"] = now
        else:
            row["changed_at"] = now
        self.db["reports"].upsert(row, pk="id", alter=True)
        self.db["cells"].delete_where("report_id = ?", [rid])
        self.db["cells"].insert_all(_cell_rows(rid, cells, set(inferred)), pk=("report_id", "cell_id"))
        placeholders = ",".join("?" for _ in CROSS_RULES)
        self.db["checks"].delete_where(f"report_id = ? and rule not in ({placeholders})", [rid, *CROSS_RULES])
        self.db["checks"].upsert_all(
            ({"report_id": rid, "rule": c["rule"], "scope": str(c.get("scope")), "ok": int(bool(c.get("ok"))),
              "detail": c.get("detail")} for c in checks),
            pk=("report_id", "rule", "scope"))
        self.touched_agencies.add(report["agency_id"])
        self.refresh_checks_failed([rid])

    def refresh_checks_failed(self, report_ids: Iterable[str]) -> None:
        """reports.checks_failed = failed rows of `checks` (within-report and cross-report)."""
        for rid in report_ids:
            self.db.execute("update reports set checks_failed = (select count(*) from checks "
                            "where report_id = ? and ok = 0) where id = ?", [rid, rid])

    def mark_unchanged(self, url: str, when: str) -> int:
        """A 304 for ``url``: reports whose page or document it is were seen again. Returns how many."""
        cur = self.db.execute("update reports set last_seen = ? where url = ? or document_url = ?", [when, url, url])
        return cur.rowcount or 0

    def report_for_document(self, url: str, sha256: str) -> str | None:
        doc = self.document(url, sha256)
        return doc.get("report_id") if doc else None

    def touch_report(self, rid: str, sha256: str, when: str) -> None:
        self.db.execute("update reports set last_seen = ? where id = ?", [when, rid])
        self.db.execute("update report_versions set last_seen = ? where report_id = ? and sha256 = ?",
                        [when, rid, sha256])

    # -- errors, blocked sites, runs ------------------------------------------------------------
    def record_error(self, url: str | None, stage: str, reason: str, site: str | None = None) -> None:
        self.db["errors"].upsert({"run_id": self.run_id, "url": url or "", "stage": stage, "site": site,
                                  "reason": reason, "at": utcnow()}, pk=("run_id", "url", "stage"), alter=True)

    def record_blocked(self, site: str, url: str | None, status: int | None, reason: str | None) -> None:
        self.db["blocked_sites"].upsert({"run_id": self.run_id, "site": site, "url": url, "status": status,
                                         "reason": reason, "at": utcnow()}, pk=("run_id", "site"), alter=True)

    def open_run(self, spider: str | None) -> None:
        self.db["crawl_runs"].upsert({"id": self.run_id, "started_at": utcnow(), "spider": spider,
                                      "host": socket.gethostname(), "pid": os.getpid()}, pk="id", alter=True)

    def close_run(self, stats: dict[str, Any], finish_reason: str | None, *, problems: str | None = None,
                  summary: str | None = None) -> None:
        """Close this run's row: its stats, and what the close-of-run checks found (crawler/monitor.py)."""
        self.db["crawl_runs"].upsert({"id": self.run_id, "finished_at": utcnow(), "stats": _json(stats),
                                      "finish_reason": finish_reason, "problems": problems, "summary": summary},
                                     pk="id", alter=True)

    def run_counts(self) -> dict[str, int]:
        """Errors and blocked sites of this run, counted from their tables (the authoritative record)."""
        return {
            "errors": self.db["errors"].count_where("run_id = ?", [self.run_id]),
            "blocked_sites": self.db["blocked_sites"].count_where("run_id = ?", [self.run_id]),
        }


def _cell_rows(rid: str, cells: dict[str, Any], inferred: set[str]) -> Iterable[dict[str, Any]]:
    for cid, value in cells.items():
        try:
            d = cell_def(cid)
            table, row, col = d.table, d.row, d.col
        except KeyError:  # a cell id outside cells.csv: keep it, split by its own slashes
            table, row, col = ([*cid.split("/", 2), "", ""])[:3]
        yield {"report_id": rid, "cell_id": cid, "table_name": table, "row": row, "col": col,
               "value": value, "inferred": int(cid in inferred)}


# -- one Store per crawler ---------------------------------------------------------------------------
_STORES: weakref.WeakKeyDictionary[Any, Store] = weakref.WeakKeyDictionary()


def store_for(crawler: Any) -> Store:
    """The Store of this crawler, opened on first use from the NIANBAO_DB setting."""
    store = _STORES.get(crawler)
    if store is None:
        store = Store(crawler.settings.get("NIANBAO_DB") or "data/archive.db")
        _STORES[crawler] = store
    return store


def release_store(crawler: Any) -> None:
    store = _STORES.pop(crawler, None)
    if store is not None:
        store.close()
