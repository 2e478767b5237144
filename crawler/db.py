"""The SQLite archive (v2): schema and every write, in one module.

Two files side by side, plus the WARCs:

- ``archive.db``: the numbers, small enough to download (≤ 4 KB a report): agencies, reports,
  report_versions, the form's three tables as wide tables ``active``/``apply``/``review`` (one row
  per report *version*, one INTEGER column per cell, REAL for the amounts in 万元), sparse
  ``cell_notes`` (how a cell was obtained when it was not simply printed), failed ``checks``, the
  form itself (``form_cells``), and the crawl's bookkeeping (documents, crawl_runs, errors,
  blocked_sites). Views: ``cells`` (tall, current versions), ``report_summary``, ``<table>_wide``.
- ``archive-text.db`` (:func:`text_path`): each report's plain text with a trigram full-text index
  (3+ characters) and a bigram index (1–2 characters, :func:`bigrams`), written only when a report
  gets a new current version, so nothing that merely updates a report re-indexes its text.
- ``warc/`` beside the database (:func:`default_warc_dir`), whatever the working directory.

Where each row is written (search for the function name):

| table             | written by                         | called from                              |
|-------------------|------------------------------------|------------------------------------------|
| `documents`       | :meth:`Store.record_fetch`         | ArchiveMiddleware (every response)       |
|                   | :meth:`Store.record_parse`         | StorePipeline (parse outcome of a doc)   |
| `agencies`        | :meth:`Store.upsert_agency`        | StorePipeline                            |
| `reports`, `report_versions`, `active`/`apply`/`review`, `cell_notes`, `checks`, `report_text` | :meth:`Store.store_report` | StorePipeline |
| `checks` (cross-report rules) | :meth:`Store.replace_cross_checks` | crawler.crosschecks, CrawlRunExtension at close |
| `errors`          | :meth:`Store.record_error`         | StorePipeline, ParsePipeline             |
| `blocked_sites`   | :meth:`Store.record_blocked`       | StorePipeline                            |
| `crawl_runs`      | :meth:`Store.open_run` / :meth:`Store.close_run` | CrawlRunExtension          |

Ids are deterministic so a re-run upserts instead of duplicating: ``agencies.id`` is the squeezed
agency name, ``reports.id`` is ``f"{agency_id}:{year}"`` (``reports.rid`` is the integer key every
numbers table uses), ``report_versions`` is unique on (rid, sha256), ``documents`` is keyed by
(url, sha256), ``checks`` by (report_id, rule, scope). Only ``crawl_runs`` and the per-run
``errors``/``blocked_sites`` grow.

The schema is explicit DDL: a row with a key that is not a column is an error (``KeyError``), never
a new column. Writes are committed in batches (:data:`BATCH_ITEMS` items or :data:`BATCH_SECONDS`
seconds, and at :meth:`Store.close`): a commit per item was the crawl's largest cost. Each item is
its own savepoint, so a failed item leaves nothing half-written; a ``kill -9`` loses at most the
last batch, which a re-run fetches and parses again (the archive is the crawl's state). The text
database commits before the numbers database, so a report's numbers never exist without its text.
A bulk load (:meth:`Store.bulk_text`) fills the text's indexes once at its end; ``Store(text=False)``
writes the numbers only (checks), leaving the text database to another connection meanwhile.

The crawl's bookkeeping (documents, crawl_runs, errors, blocked_sites) stays in the numbers
database: the archived copy of a report is found by joining ``reports`` to ``documents``, the
nightly run's conditional requests read them in the same transaction as the reports they touch,
and the contract names them there. ``documents`` is a WITHOUT ROWID table (its primary key is the
table, so every URL is stored once, not twice): measured at 1.4 KB a report on the demo and
red-team crawls, within the 4 KB budget of issue 9 (scripts/bench_archive.py).

An archive made by the v1 code (``cells`` table, text in ``reports``) is upgraded in place the
first time it is opened (:func:`migrate`, also ``nianbao migrate --db PATH``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import sqlite3
import time
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlite_utils

from parsers.form import CellDef, all_cells, cell_def, cell_unit, column_name, english_labels
from parsers.normalize import squeeze

# the bigram tokens live where the parse workers import them (they tokenize each text they parse)
from .bigram import HAN_CHARS, bigrams, with_title  # noqa: F401 - HAN_CHARS, bigrams re-exported

SCHEMA_VERSION = 2  # PRAGMA user_version of an archive with this layout
FORM_TABLES = ("active", "apply", "review")
CROSS_RULES = ("carryover", "in_force_continuity")
NOTE_KINDS = ("inferred", "ocr", "unread")
BATCH_ITEMS = 200  # items (reports, fetches, ...) per commit
BATCH_SECONDS = 2.0  # ... or seconds since the batch began, whichever comes first

SCHEMA = """
CREATE TABLE IF NOT EXISTS agencies (
    id TEXT PRIMARY KEY,            -- squeezed name (parsers.normalize.squeeze)
    name TEXT NOT NULL,
    province TEXT,
    city TEXT,
    county TEXT,
    portal_url TEXT,
    source_name TEXT,               -- the data/sources.yaml entry it came from, if any
    first_seen TEXT,
    last_seen TEXT
);
CREATE TABLE IF NOT EXISTS reports (
    rid INTEGER PRIMARY KEY,        -- the integer key of every numbers table
    id TEXT NOT NULL UNIQUE,        -- f"{agency_id}:{year}" (URLs, the contract)
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    year INTEGER NOT NULL,
    province TEXT,                  -- agencies.province, copied for fast facets (Store keeps it in step)
    title TEXT,
    url TEXT,                       -- the report page
    document_url TEXT,              -- what was parsed: the page itself or an attachment
    published_date TEXT,
    form_version TEXT,
    first_seen TEXT,
    last_seen TEXT,
    sha256 TEXT,                    -- of the parsed document; documents(url=document_url, sha256)
    current_vid INTEGER,            -- report_versions.vid of the current version
    checks_failed INTEGER NOT NULL DEFAULT 0,  -- rows of `checks` (failed within-report and cross-report)
    checks_passed INTEGER NOT NULL DEFAULT 0,  -- checks passed (not stored one by one)
    cross_passed INTEGER NOT NULL DEFAULT 0,   -- of which cross-report checks (crawler/crosschecks.py)
    rules_broken TEXT,              -- JSON list of the rules failed, null when none (for facets)
    list_title TEXT,
    site TEXT,
    content_type TEXT,
    warnings TEXT,                  -- JSON list
    versions INTEGER,               -- how many versions report_versions holds
    changed_at TEXT,                -- when the current version replaced an earlier one
    date_source TEXT,               -- where published_date was found: meta | page | body | url (crawler/findings.py)
    agency_kind TEXT,               -- government | department | township, from the name (parsers/timeliness.py)
    deadline TEXT,                  -- Art. 49 of the 2019 Regulations: 31 Jan, or 31 Mar for a county+ government
    timeliness TEXT,                -- on_time | late | unknown
    days_late INTEGER,              -- when late
    timeliness_reason TEXT          -- why unknown
);
CREATE TABLE IF NOT EXISTS report_versions (
    vid INTEGER PRIMARY KEY,
    rid INTEGER NOT NULL REFERENCES reports(rid),
    sha256 TEXT NOT NULL,
    url TEXT,
    document_url TEXT,
    title TEXT,
    published_date TEXT,
    form_version TEXT,
    first_seen TEXT,
    last_seen TEXT,
    is_current INTEGER,
    superseded_at TEXT,
    checks_failed INTEGER,          -- within-report checks this version fails
    checks_passed INTEGER,          -- ... and passes
    warnings TEXT,                  -- JSON list; null while the version is current (reports.warnings holds them)
    UNIQUE (rid, sha256)
);
CREATE TABLE IF NOT EXISTS cell_notes (
    vid INTEGER NOT NULL REFERENCES report_versions(vid),
    cell_id TEXT NOT NULL,
    kind TEXT NOT NULL,             -- inferred | ocr | unread
    detail TEXT,                    -- inferred: the rule; ocr: the confidence; unread: why
    PRIMARY KEY (vid, cell_id, kind)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checks (
    report_id TEXT NOT NULL REFERENCES reports(id),
    rule TEXT NOT NULL,
    scope TEXT NOT NULL,
    ok INTEGER NOT NULL,            -- always 0: passed checks are counted in reports.checks_passed
    detail TEXT,                    -- the numbers compared
    PRIMARY KEY (report_id, rule, scope)
);
CREATE TABLE IF NOT EXISTS form_cells (
    cell_id TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    row TEXT NOT NULL,
    col TEXT NOT NULL,
    row_label TEXT,
    col_label TEXT,
    row_label_en TEXT,
    col_label_en TEXT,
    unit TEXT,                      -- 件 (a count) or 万元 (10,000 yuan)
    form_versions TEXT,             -- "2021", "2019" or "2019,2021"
    column_name TEXT NOT NULL,      -- its column in the wide table `table_name`
    position INTEGER NOT NULL       -- order in cells.csv
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
    warc_file TEXT,                 -- bare file name under the WARC directory
    warc_offset INTEGER,            -- of the response record holding the payload
    warc_length INTEGER,
    warc_record_id TEXT,
    warc_date TEXT,                 -- WARC-Date of that record (what a revisit refers to)
    warc_payload_digest TEXT,
    fetches INTEGER,
    parse_status TEXT,              -- report | not_report | no_year | no_agency | unparsed | error | limit
    parse_reason TEXT,
    parsed_at TEXT,
    report_id TEXT,
    joined_from TEXT,               -- JSON [{url, sha256}]: the archived pages an article cut by page breaks
                                    -- was joined from, in order (its own bytes have no WARC record)
    PRIMARY KEY (url, sha256)
) WITHOUT ROWID;                    -- the primary key is the table: no second copy of every URL
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
    stage TEXT,                     -- crawl | parse | store | archive | unanswered (a sources entry not crawled)
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
CREATE INDEX IF NOT EXISTS reports_year_form ON reports(year, form_version);
CREATE INDEX IF NOT EXISTS reports_province ON reports(province);
CREATE INDEX IF NOT EXISTS reports_rules_broken ON reports(rules_broken);
CREATE INDEX IF NOT EXISTS reports_checks_failed ON reports(checks_failed);
CREATE INDEX IF NOT EXISTS reports_failing ON reports(year DESC, agency_id) WHERE checks_failed > 0;
CREATE INDEX IF NOT EXISTS reports_form ON reports(form_version);
CREATE INDEX IF NOT EXISTS reports_document ON reports(document_url);
CREATE INDEX IF NOT EXISTS reports_url ON reports(url);
CREATE INDEX IF NOT EXISTS checks_rule ON checks(rule);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS errors_run ON errors(run_id);
"""

# How far each WARC file is acknowledged: its length at the last commit of the crawl writing it
# (crawler/archive.py recovers a killed crawl's file back to it). Made by the Store on first use, so
# opening a published archive writes nothing.
WARC_FILES_SQL = """CREATE TABLE IF NOT EXISTS warc_files (
    name TEXT PRIMARY KEY,          -- bare file name, as documents.warc_file
    committed_bytes INTEGER NOT NULL,  -- every record before this offset has its rows committed
    run_id TEXT,
    updated_at TEXT
)"""

TEXT_SCHEMA = """
CREATE TABLE IF NOT EXISTS report_text (
    rid INTEGER PRIMARY KEY,        -- reports.rid in the numbers database
    report_id TEXT UNIQUE,          -- reports.id
    agency TEXT,
    year INTEGER,
    title TEXT,
    text TEXT
);
CREATE INDEX IF NOT EXISTS report_text_year ON report_text(year DESC);  -- the table page's order: newest year, then rid
"""
TEXT_FTS = "report_text_fts"  # trigram, external content: 3+ characters (sqlite-utils' name, Datasette finds it)
TEXT_BIGRAM = "report_text_bigram"  # contentless, detail=none, over bigrams(): 1-2 characters
_TEXT_FTS_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TEXT_FTS} USING fts5 (title, text, content=\"report_text\", "
    "content_rowid=rid, tokenize='trigram')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TEXT_BIGRAM} USING fts5 (terms, content='', detail=none)",
    f"""CREATE TRIGGER IF NOT EXISTS report_text_ai AFTER INSERT ON report_text BEGIN
  INSERT INTO {TEXT_FTS} (rowid, title, text) VALUES (new.rid, new.title, new.text);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS report_text_ad AFTER DELETE ON report_text BEGIN
  INSERT INTO {TEXT_FTS} ({TEXT_FTS}, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
END""",
    # Only a new title or text re-indexes: the other columns change without touching the index.
    f"""CREATE TRIGGER IF NOT EXISTS report_text_au AFTER UPDATE OF title, text ON report_text BEGIN
  INSERT INTO {TEXT_FTS} ({TEXT_FTS}, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
  INSERT INTO {TEXT_FTS} (rowid, title, text) VALUES (new.rid, new.title, new.text);
END""",
)

def utcnow() -> str:
    """ISO-8601 UTC to the second: the one timestamp format of the archive."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def agency_id(name: str) -> str:
    return squeeze(name)


def report_id(agency: str, year: int) -> str:
    return f"{agency}:{year}"


def text_path(db_path: str | os.PathLike[str]) -> Path:
    """The text database beside the numbers database: ``archive.db`` → ``archive-text.db``."""
    p = Path(db_path)
    return p.with_name(f"{p.stem}-text{p.suffix or '.db'}")


def default_warc_dir(db_path: str | os.PathLike[str]) -> Path:
    """``warc/`` beside the database (absolute): crawl and serve agree whatever the working directory."""
    return Path(db_path).resolve().parent / "warc"


def warc_dir_setting(settings: Any) -> str:
    """The WARC directory of a crawl: ``NIANBAO_WARC_DIR`` when set, else ``warc/`` beside ``NIANBAO_DB``."""
    return str(settings.get("NIANBAO_WARC_DIR") or default_warc_dir(settings.get("NIANBAO_DB") or "data/archive.db"))


def wide_cells(table: str) -> list[CellDef]:
    """The cells of one of the three tables, both form versions, in cells.csv order."""
    return [c for c in all_cells() if c.table == table]


def _column_type(cell: CellDef) -> str:
    return "REAL" if cell_unit(cell) == "万元" else "INTEGER"


def wide_table_sql(table: str) -> str:
    cols = ",\n    ".join(f"{column_name(c)} {_column_type(c)}" for c in wide_cells(table))
    return (f"CREATE TABLE IF NOT EXISTS {table} (\n    vid INTEGER PRIMARY KEY REFERENCES report_versions(vid),"
            f"\n    {cols}\n)")


def form_cell_rows() -> list[tuple]:
    """The rows of ``form_cells``: cells.csv plus the English labels and units of labels_en.csv."""
    en = english_labels()
    return [(c.cell_id, c.table, c.row, c.col, c.row_label.strip(), c.col_label,
             en[(c.table, "row", c.row)][0], en[(c.table, "col", c.col)][0], cell_unit(c), ",".join(sorted(c.versions)),
             column_name(c), i) for i, c in enumerate(all_cells())]


def _connection(path: Path) -> sqlite3.Connection:
    """Autocommit connection (transactions are explicit), WAL, a busy timeout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread off: a crawl's Store is opened on the reactor thread and written on the
    # writer thread (crawler/writer.py), one thread at a time, never both at once
    con = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
    con.execute("PRAGMA busy_timeout = 30000")
    if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; no fsync per commit
    con.execute("PRAGMA foreign_keys = OFF")
    return con


def execute_script(con: sqlite3.Connection, script: str) -> None:
    """Run DDL statement by statement: ``executescript`` would commit an open transaction first."""
    for stmt in re.split(r";[ \t]*(?:--[^\n]*)?\n", script):
        if stmt.strip() and not all(line.strip().startswith("--") or not line.strip() for line in stmt.splitlines()):
            con.execute(stmt)


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]


def is_v1(con: sqlite3.Connection) -> bool:
    """An archive written by the v1 code: ``reports`` without the integer key ``rid``."""
    return "reports" in _tables(con) and "rid" not in _columns(con, "reports")


def connect(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open (creating, or upgrading a v1 archive in place) the numbers database with its schema."""
    path = Path(path)
    con = _connection(path)
    if is_v1(con):
        con.close()
        migrate(path)
        con = _connection(path)
    ensure_schema(con)
    return sqlite_utils.Database(con)


def ensure_schema(con: sqlite3.Connection) -> None:
    """Create what is missing; never drops or renames (the contract only grows).

    A cell added to cells.csv becomes a column of its wide table here: the form is the schema.
    Writes nothing when everything is in place (a published snapshot keeps its bytes).
    """
    from crawler.findings import ensure_findings_schema
    from crawler.publish.views import ensure_views

    have = _tables(con)
    if not {"reports", "form_cells", *FORM_TABLES} <= have:
        with _transaction(con):
            execute_script(con, SCHEMA + ";\n".join(wide_table_sql(t) for t in FORM_TABLES) + ";\n")
    for table, columns in _declared_columns().items():  # a table made before a column was added to it
        present = set(_columns(con, table))
        for name, kind in columns:
            if name not in present:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
    if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'reports_year'").fetchone():
        con.execute("DROP INDEX reports_year")  # reports_year_form covers it
    for stmt in (line for line in SCHEMA.splitlines() if line.startswith("CREATE INDEX")):
        con.execute(stmt)  # indexes added since the table was made (IF NOT EXISTS: no write otherwise)
    rows = form_cell_rows()
    if con.execute("SELECT * FROM form_cells ORDER BY position").fetchall() != rows:
        with _transaction(con):
            con.execute("DELETE FROM form_cells")
            con.executemany(f"INSERT INTO form_cells VALUES ({', '.join('?' * 12)})", rows)
    ensure_views(con)
    ensure_findings_schema(con)
    if con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@cache
def _declared_columns() -> dict[str, list[tuple[str, str]]]:
    """Table → [(column, type)] as the DDL above declares them (and the form's cells for the wide tables)."""
    mem = sqlite3.connect(":memory:")
    try:
        execute_script(mem, SCHEMA + ";\n".join(wide_table_sql(t) for t in FORM_TABLES) + ";\n")
        tables = [r[0] for r in mem.execute("select name from sqlite_master where type = 'table'")]
        return {t: [(r[1], r[2]) for r in mem.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        mem.close()


@contextlib.contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[None]:
    """BEGIN … COMMIT on an autocommit connection, or a savepoint inside an open transaction."""
    if con.in_transaction:
        con.execute("SAVEPOINT nested")
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK TO nested")
            con.execute("RELEASE nested")
            raise
        con.execute("RELEASE nested")
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def connect_text(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """Open (creating) the text database: ``report_text`` and its two full-text indexes."""
    con = _connection(Path(path))
    ensure_text_schema(con)
    return con


def ensure_text_schema(con: sqlite3.Connection) -> bool:
    """Create what the text database lacks (tables, indexes, triggers); True when it wrote anything.

    A bulk load killed halfway left no triggers: they come back here, and ``prepare`` (serve)
    finds the full-text indexes short and rebuilds them.
    """
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    if {"report_text", TEXT_FTS, TEXT_BIGRAM, "report_text_year", *_TEXT_TRIGGERS} <= names:
        return False
    with _transaction(con):
        execute_script(con, TEXT_SCHEMA)
        for stmt in _TEXT_FTS_SQL:
            con.execute(stmt)
    return True


def write_text(con: sqlite3.Connection, rid: int, report: str, agency: str | None, year: int | None,
               title: str | None, text: str | None, *, index: bool = True, terms: str | None = None) -> bool:
    """Put a report's text in the text database (replacing what it held); False when it was already there.

    The rows holding ``rid`` or ``report`` go first: a row left by a batch whose numbers were never
    committed (a killed crawl) may hold either. ``index=False`` (a bulk load, :meth:`Store.bulk_text`)
    leaves the bigram index alone: it is refilled once at the end. ``terms``: the text's bigram
    tokens when a parse worker made them already (:func:`crawler.bigram.text_terms`).
    """
    old = con.execute("SELECT rid, report_id, agency, year, title, text FROM report_text WHERE rid = ? "
                      "OR report_id = ?", [rid, report]).fetchall()
    if old == [(rid, report, agency, year, title, text)]:
        return False
    for o in old:
        if index:
            con.execute(f"INSERT INTO {TEXT_BIGRAM} ({TEXT_BIGRAM}, rowid, terms) VALUES ('delete', ?, ?)",
                        [o[0], bigrams(f"{o[4] or ''}\n{o[5] or ''}")])
        con.execute("DELETE FROM report_text WHERE rid = ?", [o[0]])
    con.execute("INSERT INTO report_text (rid, report_id, agency, year, title, text) VALUES (?, ?, ?, ?, ?, ?)",
                [rid, report, agency, year, title, text])
    if index:
        con.execute(f"INSERT INTO {TEXT_BIGRAM} (rowid, terms) VALUES (?, ?)",
                    [rid, with_title(title, terms) if terms is not None else bigrams(f"{title or ''}\n{text or ''}")])
    return True


_TEXT_TRIGGERS = ("report_text_ai", "report_text_ad", "report_text_au")
FTS_HASH_BYTES = 1024 * 1024  # FTS5's default pending-terms memory
BULK_HASH_BYTES = 64 * 1024 * 1024  # ... while an index is filled in one go
# Page cache of a bulk load's connections (SQLite's default is 2 MB): at 100,000 reports the unique
# indexes it probes on every insert (reports.id, documents, report_text.report_id) outgrow 2 MB.
BULK_CACHE = "PRAGMA cache_size = -262144"  # KiB: 256 MB
DEFAULT_CACHE = "PRAGMA cache_size = -2000"


def reindex_text(con: sqlite3.Connection) -> None:
    """Fill both full-text indexes of the text database from ``report_text``, once, in one transaction.

    The trigram index is rebuilt from its content table, the bigram index by :func:`rebuild_bigrams`.
    """
    con.execute(BULK_CACHE)
    try:
        with _transaction(con):
            for stmt in _TEXT_FTS_SQL:  # the triggers, if a bulk load dropped them
                con.execute(stmt)
            for fts in (TEXT_FTS, TEXT_BIGRAM):  # fewer, larger segments to merge while filling (FTS5 default 1 MB)
                con.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', {BULK_HASH_BYTES})")
            con.execute(f"INSERT INTO {TEXT_FTS} ({TEXT_FTS}) VALUES ('rebuild')")
            rebuild_bigrams(con)
            for fts in (TEXT_FTS, TEXT_BIGRAM):
                # one segment a token: a search reads one doclist instead of one per flushed segment
                con.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")
                con.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', {FTS_HASH_BYTES})")
    finally:
        con.execute(DEFAULT_CACHE)


def reindex_text_file(path: str | os.PathLike[str]) -> None:
    """:func:`reindex_text` on a connection of its own (a thread may run it: SQLite works without the GIL)."""
    con = connect_text(path)
    try:
        reindex_text(con)
    finally:
        con.close()


def rebuild_bigrams(con: sqlite3.Connection, chunk: int = 2000) -> None:
    """Empty the bigram index and fill it again from ``report_text`` (it keeps no content of its own),
    ``chunk`` reports at a time: the texts are never all in memory."""
    con.execute(f"INSERT INTO {TEXT_BIGRAM} ({TEXT_BIGRAM}) VALUES ('delete-all')")
    last = -1
    while True:
        rows = con.execute("SELECT rid, title, text FROM report_text WHERE rid > ? ORDER BY rid LIMIT ?",
                           [last, chunk]).fetchall()
        if not rows:
            return
        con.executemany(f"INSERT INTO {TEXT_BIGRAM} (rowid, terms) VALUES (?, ?)",
                        [(rid, bigrams(f"{title or ''}\n{text or ''}")) for rid, title, text in rows])
        last = rows[-1][0]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def new_run_id() -> str:
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}-{socket.gethostname()}-{os.getpid()}"


def numbers_rows(cells: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Cells by their wide table: {"apply": {"apply_1_total": 3, ...}, ...}.

    A cell id the form does not have is an error (``KeyError``), not a new column.
    """
    out: dict[str, dict[str, Any]] = {}
    where = _cell_columns()
    for cid, value in cells.items():
        try:
            table, column = where[cid]
        except KeyError:
            raise KeyError(f"{cid!r} is not a cell of the form (parsers/form/cells.csv)") from None
        if isinstance(value, bool) or not (value is None or isinstance(value, int | float)):
            raise ValueError(f"{cid}: {value!r} is not a number")
        out.setdefault(table, {})[column] = value
    return out


@cache
def _column_cells(table: str) -> dict[str, str]:
    """column → cell id of one wide table (the cross-report checks read every report's cells)."""
    return {column_name(c): c.cell_id for c in wide_cells(table)}


@cache
def _cell_columns() -> dict[str, tuple[str, str]]:
    """cell id → (wide table, column)."""
    return {c.cell_id: (c.table, column_name(c)) for c in all_cells()}


def note_rows(vid: int, inferred: Iterable[str], confidence: dict[str, float] | None = None,
              unread: dict[str, str] | None = None, rules: dict[str, str] | None = None) -> list[tuple]:
    """``cell_notes`` rows of a version: inferred (with the rule when the parser names it), OCR
    confidence, unread (with why)."""
    rows = [(vid, cid, "inferred", (rules or {}).get(cid)) for cid in sorted(set(inferred))]
    rows += [(vid, cid, "ocr", f"{conf:.3f}") for cid, conf in sorted((confidence or {}).items())]
    rows += [(vid, cid, "unread", why) for cid, why in sorted((unread or {}).items())]
    for _, cid, _, _ in rows:
        cell_def(cid)  # KeyError for a cell the form does not have
    return rows


class Store:
    """One crawl's handle on the archive: shared by middleware, pipelines and extension.

    Scrapy runs all of them on the reactor thread, so one connection serves them all. ``db`` is a
    sqlite_utils view of the numbers connection for readers; every write goes through a method here.
    """

    def __init__(self, path: str | os.PathLike[str], run_id: str | None = None, *,
                 batch_items: int = BATCH_ITEMS, batch_seconds: float = BATCH_SECONDS, text: bool = True) -> None:
        """``text=False``: the numbers database only (checks and bookkeeping: the text database is not
        opened, so another connection may hold its write lock meanwhile; storing a report fails)."""
        self.path = str(path)
        self.db = connect(path)
        self.con: sqlite3.Connection = self.db.conn
        self.text: sqlite3.Connection | None = connect_text(text_path(path)) if text else None
        self.run_id = run_id or new_run_id()
        self.batch_items, self.batch_seconds = batch_items, batch_seconds
        self._pending = 0
        self._batch_started = 0.0
        self._depth = 0
        self._cols: dict[str, set[str]] = {}
        self._bulk_text = False
        # Agencies whose reports were added or changed in this run: the cross-report checks rerun
        # only for them (bounded by what changed, not by the archive's size).
        self.touched_agencies: set[str] = set()
        # Run inside each commit's transaction, just before it commits (the WARC's mark).
        self.commit_hooks: list[Callable[[], None]] = []
        self._warc_table = False

    def close(self) -> None:
        self.commit()
        if self.text is not None:
            self.text.close()
        self.db.close()

    @property
    def _text(self) -> sqlite3.Connection:
        if self.text is None:
            raise RuntimeError("this Store was opened without the text database (text=False)")
        return self.text

    @contextlib.contextmanager
    def bulk_text(self, *, reindex: bool = True) -> Iterator[None]:
        """Store many new reports (the synthetic archive, an import): their texts' indexes are filled
        once at the end instead of report by report (half the work).

        The text database's triggers are dropped for the load, and :func:`reindex_text` rebuilds
        both indexes from ``report_text`` when it ends (also after an error, so what was stored is
        searchable). ``reindex=False`` leaves that to the caller, who may run it on a connection of
        its own (:func:`reindex_text_file`) while other work goes on. Killed halfway, the next open
        restores the triggers and ``prepare`` (serve) finds the indexes short and rebuilds them.
        """
        self.commit()
        with _transaction(self._text):
            for trigger in _TEXT_TRIGGERS:
                self._text.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        self._bulk_text = True
        for con in (self.con, self._text):
            con.execute(BULK_CACHE)
        try:
            yield
        finally:
            self._bulk_text = False
            self.commit()
            for con in (self.con, self._text):
                con.execute(DEFAULT_CACHE)
            if reindex:
                reindex_text(self._text)

    # -- transactions ---------------------------------------------------------------------------
    def commit(self) -> None:
        """Commit the batch: the text database first, then the numbers (with the hooks' rows)."""
        for hook in self.commit_hooks:
            hook()
        if self.text is not None and self.text.in_transaction:
            self.text.execute("COMMIT")
        if self.con.in_transaction:
            self.con.execute("COMMIT")
        self._pending = 0

    @contextlib.contextmanager
    def _unit(self) -> Iterator[None]:
        """One item's writes: all or nothing (a savepoint), committed with its batch."""
        if not self.con.in_transaction:
            self.con.execute("BEGIN IMMEDIATE")
            self._batch_started = time.monotonic()
        both = [self.con] if self.text is None else [self.con, self.text]
        if self.text is not None and not self.text.in_transaction:
            self.text.execute("BEGIN IMMEDIATE")
        name = f"unit{self._depth}"
        self._depth += 1
        for con in both:
            con.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            for con in both:
                if con.in_transaction:
                    con.execute(f"ROLLBACK TO {name}")
                    con.execute(f"RELEASE {name}")
            raise
        else:
            for con in both:
                con.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1
        if self._depth == 0:
            self._pending += 1
            if self._pending >= self.batch_items or time.monotonic() - self._batch_started >= self.batch_seconds:
                self.commit()

    def _check(self, table: str, row: dict[str, Any]) -> None:
        cols = self._cols.get(table)
        if cols is None:
            cols = self._cols[table] = set(_columns(self.con, table))
        unknown = set(row) - cols
        if unknown:
            raise KeyError(f"{table} has no column {', '.join(sorted(unknown))}")

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        self._check(table, row)
        cols = list(row)
        cur = self.con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                               [row[c] for c in cols])
        return cur.lastrowid

    def _update(self, table: str, where: dict[str, Any], values: dict[str, Any]) -> int:
        self._check(table, {**where, **values})
        if not values:
            return 0
        sets = ", ".join(f"{c} = ?" for c in values)
        cond = " AND ".join(f"{c} = ?" for c in where)
        return self.con.execute(f"UPDATE {table} SET {sets} WHERE {cond}", [*values.values(), *where.values()]).rowcount

    def _upsert(self, table: str, row: dict[str, Any], pk: tuple[str, ...]) -> None:
        self._check(table, row)
        cols = list(row)
        updates = [c for c in cols if c not in pk]
        conflict = (f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in updates)}" if updates
                    else "DO NOTHING")
        self.con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                         f"ON CONFLICT ({', '.join(pk)}) {conflict}", [row[c] for c in cols])

    def _one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        cur = self.con.execute(sql, list(params))
        row = cur.fetchone()
        return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))

    # -- WARC files -----------------------------------------------------------------------------
    def note_warc(self, name: str, committed_bytes: int) -> None:
        """Record that ``name`` is acknowledged up to ``committed_bytes`` (in the open batch)."""
        if not self._warc_table:
            self.con.execute(WARC_FILES_SQL)
            self._warc_table = True
        self.con.execute("INSERT INTO warc_files (name, committed_bytes, run_id, updated_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (name) DO UPDATE SET committed_bytes = excluded.committed_bytes, "
                         "run_id = excluded.run_id, updated_at = excluded.updated_at",
                         [name, committed_bytes, self.run_id, utcnow()])

    def committed_warc_bytes(self, name: str) -> int | None:
        """How far ``name`` is acknowledged, or None when the archive does not know the file."""
        if "warc_files" not in _tables(self.con):
            return None
        row = self.con.execute("SELECT committed_bytes FROM warc_files WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    # -- documents ------------------------------------------------------------------------------
    def document(self, url: str, sha256: str) -> dict[str, Any] | None:
        return self._one("select * from documents where url = ? and sha256 = ?", [url, sha256])

    def latest_document(self, url: str, *, ok_only: bool = True) -> dict[str, Any] | None:
        """The newest stored version of a URL (for conditional requests and 304 bookkeeping)."""
        sql = "select * from documents where url = ?" + (" and status between 200 and 299" if ok_only else "")
        return self._one(sql + " order by last_seen desc, fetched_at desc limit 1", [url])

    def archived_payload(self, sha256: str, payload_digest: str) -> dict[str, Any] | None:
        """A documents row whose WARC record already holds these bytes (for a revisit record)."""
        return self._one(
            "select * from documents where sha256 = ? and warc_payload_digest = ? and warc_file is not null "
            "order by fetched_at limit 1", [sha256, payload_digest])

    def record_fetch(self, row: dict[str, Any]) -> None:
        """Upsert the documents row of one fetch (url, sha256 + archive columns).

        A version already stored keeps its fetched_at and WARC location (they point at the record
        holding the payload); only last_seen, the validators and the fetch count move.
        """
        self._check("documents", row)
        with self._unit():
            existing = self.document(row["url"], row["sha256"])
            if existing is None:
                self._insert("documents", {**row, "fetches": 1, "last_seen": row["fetched_at"]})
                return
            update = {"last_seen": row["fetched_at"], "fetches": (existing.get("fetches") or 0) + 1}
            for key in ("etag", "last_modified"):
                if row.get(key):
                    update[key] = row[key]
            if existing.get("warc_file") is None:  # a row the pipeline created before the archive saw it
                update.update({k: row.get(k) for k in ("warc_file", "warc_offset", "warc_length", "warc_record_id",
                                                       "warc_date", "warc_payload_digest", "status", "content_type",
                                                       "length")})
            self._update("documents", {"url": row["url"], "sha256": row["sha256"]}, update)

    def forget_cut_records(self, warc_file: str, kept_bytes: int) -> int:
        """Remove the documents rows whose WARC record was cut from ``warc_file`` (a killed writer's
        torn tail, crawler.archive.recover_open_files): the next fetch of their URLs is unconditional."""
        with self._unit():
            return self.con.execute("delete from documents where warc_file = ? and warc_offset >= ?",
                                    [warc_file, kept_bytes]).rowcount

    def touch_document(self, url: str, when: str) -> dict[str, Any] | None:
        """A 304: the newest version of ``url`` was confirmed unchanged at ``when``."""
        with self._unit():
            doc = self.latest_document(url)
            if doc is not None:
                self._update("documents", {"url": url, "sha256": doc["sha256"]},
                             {"last_seen": when, "fetches": (doc.get("fetches") or 0) + 1})
        return doc

    def record_parse(self, url: str, sha256: str, status: str, reason: str | None = None,
                     report: str | None = None, **extra: Any) -> None:
        """Store a document's parse outcome on its documents row (created if the archive missed it)."""
        with self._unit():
            self._upsert("documents", {"url": url, "sha256": sha256, "parse_status": status, "parse_reason": reason,
                                       "parsed_at": utcnow(), "report_id": report, **extra}, ("url", "sha256"))

    def needs_parse(self, url: str, sha256: str) -> bool:
        """False when these exact bytes at this URL were parsed before and the outcome still stands.

        The exception is a report republished back to an earlier version at its current URL: it is
        parsed again so `reports` can point at it.
        """
        doc = self.document(url, sha256)
        if doc is None or doc.get("parse_status") is None:
            return True
        rid = doc.get("report_id")
        if not rid:
            return False
        current = self.report(rid)
        if current is None:
            return True
        return current["sha256"] != sha256 and current["document_url"] == url

    # -- agencies and reports -------------------------------------------------------------------
    def report(self, rid: str) -> dict[str, Any] | None:
        """The ``reports`` row of a report id (``agency:year``)."""
        return self._one("select * from reports where id = ?", [rid])

    def upsert_agency(self, row: dict[str, Any], *, authoritative: bool) -> str:
        """Insert or update an agency. ``authoritative`` (from sources.yaml) overwrites the place
        columns; from a document only what is missing gets filled, so a source's data is never
        replaced by a guess."""
        self._check("agencies", row)
        now = utcnow()
        aid = row["id"]
        with self._unit():
            old = self._one("select * from agencies where id = ?", [aid])
            if old is not None:
                update = {"last_seen": now}
                for k, v in row.items():
                    if v is not None and (authoritative or old.get(k) is None):
                        update[k] = v
                self._update("agencies", {"id": aid}, update)
                if "province" in update and update["province"] != old.get("province"):
                    self.con.execute("update reports set province = ? where agency_id = ?", [update["province"], aid])
            else:
                self._insert("agencies", {**row, "first_seen": now, "last_seen": now})
        return aid

    def store_report(self, report: dict[str, Any], cells: dict[str, Any], inferred: Iterable[str],
                     checks: list[dict[str, Any]], text: str, *, confidence: dict[str, float] | None = None,
                     unread: dict[str, str] | None = None, inferred_rules: dict[str, str] | None = None,
                     text_terms: str | None = None) -> str:
        """Upsert one parsed report version; returns "new", "changed", "unchanged" or "duplicate".

        - same (report, sha256) seen before → "unchanged": only last_seen moves (its numbers are
          written again: a re-parse after a parser fix corrects them);
        - no report yet → "new";
        - the report's current URL republished with other bytes, or another copy with a later
          published_date → "changed": the new version becomes current, the old one stays in
          report_versions with its numbers (its rows in the wide tables);
        - another copy (other URL) not newer → "duplicate": kept in report_versions, not current.

        ``text_terms``: the text's bigram tokens, when the parse worker made them (crawler.parse_job).
        """
        rid_text, sha, now = report["id"], report["sha256"], utcnow()
        numbers = numbers_rows(cells)
        inferred = sorted(set(inferred))
        within = [c for c in checks if c.get("rule") not in CROSS_RULES]
        version = {
            "sha256": sha, "url": report.get("url"), "document_url": report.get("document_url"),
            "title": report.get("title"), "published_date": report.get("published_date"),
            "form_version": report.get("form_version"), "first_seen": now, "last_seen": now,
            "checks_failed": sum(1 for c in within if not c.get("ok")),
            "checks_passed": sum(1 for c in within if c.get("ok")),
            "warnings": _json(report.get("warnings") or []),
        }
        notes = (inferred, confidence, unread, inferred_rules)
        with self._unit():
            current = self.report(rid_text)
            existing = None
            if current is not None:
                existing = self._one("select vid from report_versions where rid = ? and sha256 = ?",
                                     [current["rid"], sha])
            if existing is not None:
                vid = existing["vid"]
                self._update("report_versions", {"vid": vid}, {"last_seen": now})
                self._write_numbers(vid, numbers, *notes)
                if current["sha256"] == sha:
                    self._update("reports", {"rid": current["rid"]}, {"last_seen": now})
                    self._refresh_checks(current, within, vid)
                    return "unchanged"
                if current["document_url"] == report.get("document_url"):  # republished back to an earlier version
                    self._make_current(current, vid, report, within, text, now, terms=text_terms)
                    return "changed"
                return "unchanged"
            if current is None:
                rid = self._insert("reports", {"id": rid_text, "agency_id": report["agency_id"], "year": report["year"],
                                               "first_seen": now, "last_seen": now})
                current = {"rid": rid, "id": rid_text, "first_seen": now, "cross_passed": 0}
                vid = self._insert("report_versions", {**version, "rid": rid, "is_current": 1, "warnings": None})
                self._write_numbers(vid, numbers, *notes)
                self._make_current(current, vid, report, within, text, now, first=True, terms=text_terms)
                return "new"
            same_place = report.get("document_url") == current["document_url"] or report.get("url") == current["url"]
            newer = (report.get("published_date") or "") > (current["published_date"] or "")
            vid = self._insert("report_versions", {**version, "rid": current["rid"],
                                                   "is_current": int(same_place or newer),
                                                   "warnings": None if same_place or newer else version["warnings"]})
            self._write_numbers(vid, numbers, *notes)
            if same_place or newer:
                self._make_current(current, vid, report, within, text, now, terms=text_terms)
                return "changed"
            self._update("reports", {"rid": current["rid"]}, {"last_seen": now,
                                                               "versions": self._count_versions(current["rid"])})
            return "duplicate"

    def _write_numbers(self, vid: int, numbers: dict[str, dict[str, Any]], inferred: list[str],
                       confidence: dict[str, float] | None, unread: dict[str, str] | None,
                       rules: dict[str, str] | None) -> None:
        """The version's row in each wide table it has cells for, and its cell notes."""
        for table in FORM_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE vid = ?", [vid])
            if table in numbers:
                self._insert(table, {"vid": vid, **numbers[table]})
        self.con.execute("DELETE FROM cell_notes WHERE vid = ?", [vid])
        self.con.executemany("INSERT INTO cell_notes (vid, cell_id, kind, detail) VALUES (?, ?, ?, ?)",
                             note_rows(vid, inferred, confidence, unread, rules))

    def _count_versions(self, rid: int) -> int:
        return self.con.execute("select count(*) from report_versions where rid = ?", [rid]).fetchone()[0]

    def _make_current(self, current: dict[str, Any], vid: int, report: dict[str, Any],
                      within: list[dict[str, Any]], text: str, now: str, *, first: bool = False,
                      terms: str | None = None) -> None:
        rid = current["rid"]
        # A version's warnings are stored once: on reports while it is current, on its own row after.
        self.con.execute("update report_versions set is_current = 0, superseded_at = ?, "
                         "warnings = coalesce(warnings, (select warnings from reports where rid = ?)) "
                         "where rid = ? and is_current = 1 and vid != ?", [now, rid, rid, vid])
        self.con.execute("update report_versions set is_current = 1, superseded_at = null, warnings = null "
                         "where vid = ?", [vid])
        row = {**{k: report.get(k) for k in ("id", "agency_id", "year", "title", "url", "document_url",
                                             "published_date", "date_source", "form_version", "sha256",
                                             "list_title", "site", "content_type")},
               "warnings": _json(report.get("warnings") or []), "last_seen": now, "current_vid": vid,
               "versions": self._count_versions(rid)}
        if not first:
            row["changed_at"] = now
        self._update("reports", {"rid": rid}, row)
        self._refresh_checks(current, within, vid)
        self.touched_agencies.add(report["agency_id"])
        agency = self._one("select name, province from agencies where id = ?", [report["agency_id"]])
        self.con.execute("update reports set province = ? where rid = ?", [(agency or {}).get("province"), rid])
        write_text(self._text, rid, report["id"], (agency or {}).get("name") or report["agency_id"], report["year"],
                   report.get("title"), text, index=not self._bulk_text, terms=terms)

    def _refresh_checks(self, current: dict[str, Any], within: list[dict[str, Any]], vid: int) -> None:
        """The within-report checks of the current version: failed ones stored, passed ones counted."""
        rid_text = current["id"]
        marks = ",".join("?" for _ in CROSS_RULES)
        self.con.execute(f"delete from checks where report_id = ? and rule not in ({marks})", [rid_text, *CROSS_RULES])
        for c in within:
            if not c.get("ok"):
                self._upsert("checks", {"report_id": rid_text, "rule": c["rule"], "scope": str(c.get("scope")),
                                        "ok": 0, "detail": c.get("detail")}, ("report_id", "rule", "scope"))
        self.con.execute("update reports set checks_passed = cross_passed + ? where rid = ?",
                         [sum(1 for c in within if c.get("ok")), current["rid"]])
        self.refresh_checks_failed([rid_text])

    def refresh_checks_failed(self, report_ids: Iterable[str]) -> None:
        """reports.checks_failed and rules_broken from the rows of `checks` (within-report and cross-report)."""
        for rid in report_ids:
            self.con.execute(
                "update reports set checks_failed = (select count(*) from checks where report_id = ?1), "
                "rules_broken = (select case when count(*) then json_group_array(rule) end from "
                "(select distinct rule from checks where report_id = ?1 order by rule)) where id = ?1", [rid])

    def current_cells(self, rid: str, cell_ids: Collection[str] | None = None) -> dict[str, Any]:
        """{cell_id: value} of a report's current version: every cell its wide rows hold, or only
        ``cell_ids`` (the cross-report checks read a few dozen of a report's hundreds of columns)."""
        out: dict[str, Any] = {}
        for table in FORM_TABLES:
            by_col = _column_cells(table)
            if cell_ids is None:
                columns = "t.*"
            else:
                wanted = [col for col, cid in by_col.items() if cid in cell_ids]
                if not wanted:
                    continue
                columns = ", ".join(f't."{col}"' for col in wanted)
            row = self._one(f"select {columns} from reports r join {table} t on t.vid = r.current_vid "
                            "where r.id = ?", [rid])
            if row is None:
                continue
            out.update({by_col[k]: v for k, v in row.items() if k in by_col})
        return out

    def replace_cross_checks(self, rid: str, checks: list[dict[str, Any]]) -> None:
        """The cross-report checks of one report (crawler/crosschecks.py): failed stored, passed counted."""
        with self._unit():
            marks = ",".join("?" for _ in CROSS_RULES)
            self.con.execute(f"delete from checks where report_id = ? and rule in ({marks})", [rid, *CROSS_RULES])
            for c in checks:
                if not c.get("ok"):
                    self._upsert("checks", {"report_id": rid, "rule": c["rule"], "scope": str(c["scope"]), "ok": 0,
                                            "detail": c.get("detail")}, ("report_id", "rule", "scope"))
            passed = sum(1 for c in checks if c.get("ok"))
            self.con.execute("update reports set checks_passed = checks_passed - cross_passed + ?, cross_passed = ? "
                             "where id = ?", [passed, passed, rid])
            self.refresh_checks_failed([rid])

    def mark_unchanged(self, url: str, when: str) -> int:
        """A 304 for ``url``: reports whose page or document it is were seen again. Returns how many."""
        with self._unit():
            n = self.con.execute("update reports set last_seen = ? where url = ? or document_url = ?",
                                 [when, url, url]).rowcount
        return n or 0

    def report_for_document(self, url: str, sha256: str) -> str | None:
        doc = self.document(url, sha256)
        return doc.get("report_id") if doc else None

    def touch_report(self, rid: str, sha256: str, when: str) -> None:
        with self._unit():
            self.con.execute("update reports set last_seen = ? where id = ?", [when, rid])
            self.con.execute("update report_versions set last_seen = ? where sha256 = ? and rid = "
                             "(select rid from reports where id = ?)", [when, sha256, rid])

    # -- errors, blocked sites, runs ------------------------------------------------------------
    def record_error(self, url: str | None, stage: str, reason: str, site: str | None = None) -> None:
        with self._unit():
            self._upsert("errors", {"run_id": self.run_id, "url": url or "", "stage": stage, "site": site,
                                    "reason": reason, "at": utcnow()}, ("run_id", "url", "stage"))

    def record_blocked(self, site: str, url: str | None, status: int | None, reason: str | None) -> None:
        with self._unit():
            self._upsert("blocked_sites", {"run_id": self.run_id, "site": site, "url": url, "status": status,
                                           "reason": reason, "at": utcnow()}, ("run_id", "site"))

    def open_run(self, spider: str | None) -> None:
        with self._unit():
            self._upsert("crawl_runs", {"id": self.run_id, "started_at": utcnow(), "spider": spider,
                                        "host": socket.gethostname(), "pid": os.getpid()}, ("id",))
        self.commit()

    def close_run(self, stats: dict[str, Any], finish_reason: str | None, *, problems: str | None = None,
                  summary: str | None = None) -> None:
        """Close this run's row: its stats, and what the close-of-run checks found (crawler/monitor.py)."""
        with self._unit():
            self._upsert("crawl_runs", {"id": self.run_id, "finished_at": utcnow(), "stats": _json(stats),
                                        "finish_reason": finish_reason, "problems": problems, "summary": summary},
                         ("id",))
        self.commit()

    def run_counts(self) -> dict[str, int]:
        """Errors and blocked sites of this run, counted from their tables (the authoritative record);
        the sources entries not crawled because their site never answered discovery (``errors`` rows
        of stage ``unanswered``) apart: they are known, not failures of this run."""
        q = "select count(*) from {} where run_id = ?"
        counts = {t: self.con.execute(q.format(t), [self.run_id]).fetchone()[0] for t in ("errors", "blocked_sites")}
        counts["errors"] -= self.unanswered_count()
        return counts

    def unanswered_count(self) -> int:
        """The sources entries this run did not crawl because their site never answered discovery."""
        return self.con.execute("select count(*) from errors where run_id = ? and stage = 'unanswered'",
                                [self.run_id]).fetchone()[0]


# -- migration from v1 -----------------------------------------------------------------------------
def migrate(path: str | os.PathLike[str], *, vacuum: bool = True) -> dict[str, int] | None:
    """Upgrade a v1 archive at ``path`` to v2 in place; None when it is not a v1 archive.

    One transaction on the numbers database: a crash (or an error) halfway leaves the v1 archive
    as it was, and opening it again migrates again. The text goes to the text database first, keyed
    by the report's old rowid, which becomes ``reports.rid``; writing it twice replaces it, so a
    retried migration is clean. Every report keeps its current numbers (from ``cells``) and every
    earlier version its numbers (from ``report_versions.cells``, the v1 JSON copy); failed checks
    are kept with their numbers and passed ones counted. ``documents``, ``crawl_runs``, ``errors``,
    ``blocked_sites`` and ``agencies`` stay as they are.
    """
    path = Path(path)
    con = _connection(path)
    try:
        if not is_v1(con):
            return None
        for table, col in (("crawl_runs", "problems"), ("crawl_runs", "summary")):  # v1 added them on open
            if table in _tables(con) and col not in _columns(con, table):
                con.execute(f"ALTER TABLE {table} ADD COLUMN {col} TEXT")
        text = connect_text(text_path(path))
        try:
            with _transaction(text):
                for row in con.execute("select r.rowid, r.id, coalesce(a.name, r.agency_id), r.year, r.title, r.text "
                                       "from reports r left join agencies a on a.id = r.agency_id order by r.rowid"):
                    write_text(text, *row)
        finally:
            text.close()
        with _transaction(con):
            counts = _migrate_numbers(con)
    finally:
        con.close()
    if vacuum:
        con = sqlite3.connect(path, timeout=30)
        try:
            con.execute("VACUUM")
        finally:
            con.close()
    return counts


def _migrate_numbers(con: sqlite3.Connection) -> dict[str, int]:
    from crawler.publish.views import drop_views

    drop_views(con)
    for trigger in [r[0] for r in con.execute("select name from sqlite_master where type = 'trigger'")]:
        con.execute(f"DROP TRIGGER {trigger}")
    con.execute("DROP TABLE IF EXISTS reports_fts")  # its shadow tables go with it
    for old in ("reports", "report_versions", "checks", "cells", "documents"):
        con.execute(f"ALTER TABLE {old} RENAME TO v1_{old}")
    for idx in [r[0] for r in con.execute("select name from sqlite_master where type = 'index' and sql is not null "
                                          "and tbl_name like 'v1_%'")]:
        con.execute(f"DROP INDEX {idx}")
    execute_script(con, SCHEMA.replace("CREATE INDEX", "-- CREATE INDEX")
                   + ";\n".join(wide_table_sql(t) for t in FORM_TABLES) + ";\n")
    v1_cols = set(_columns(con, "v1_reports"))
    keep = [c for c in _columns(con, "reports") if c in v1_cols and c not in ("checks_failed",)]
    con.execute(f"INSERT INTO reports (rid, {', '.join(keep)}) SELECT rowid, {', '.join(keep)} FROM v1_reports "
                "ORDER BY rowid")
    # Versions: the current one's numbers from `cells`, earlier ones' from their JSON copy.
    rid_of = dict(con.execute("select id, rid from reports"))
    current = {}
    versions = con.execute("select * from v1_report_versions order by report_id, first_seen, sha256")
    vcols = [d[0] for d in versions.description]
    n_versions = 0
    for values in versions.fetchall():
        v = dict(zip(vcols, values, strict=True))
        rid = rid_of.get(v["report_id"])
        if rid is None:
            continue
        checks = [c for c in json.loads(v.get("checks") or "[]") if c.get("rule") not in CROSS_RULES]
        cur = con.execute("INSERT INTO report_versions (rid, sha256, url, document_url, title, published_date, "
                          "form_version, first_seen, last_seen, is_current, superseded_at, checks_failed, "
                          "checks_passed, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [rid, v["sha256"], v["url"], v["document_url"], v["title"], v["published_date"],
                           v["form_version"], v["first_seen"], v["last_seen"], v["is_current"], v["superseded_at"],
                           sum(1 for c in checks if not c.get("ok")), sum(1 for c in checks if c.get("ok")),
                           v.get("warnings")])
        vid = cur.lastrowid
        n_versions += 1
        cells = json.loads(v.get("cells") or "{}")
        inferred = json.loads(v.get("inferred") or "[]")
        if v["is_current"] and rid not in current:
            current[rid] = vid
            stored = con.execute("select cell_id, value, inferred from v1_cells where report_id = ?",
                                 [v["report_id"]]).fetchall()
            if stored:
                cells = {cid: value for cid, value, _ in stored}
                inferred = [cid for cid, _, inf in stored if inf]
        _insert_numbers(con, vid, cells, inferred)
    for rid, vid in current.items():
        con.execute("update reports set current_vid = ? where rid = ?", [vid, rid])
    con.execute("update report_versions set warnings = null where is_current = 1")  # reports.warnings has them
    sync_places(con)
    # A report without a version marked current (never in a v1 archive, but cheap to cover): its own sha256.
    con.execute("update reports set current_vid = (select vid from report_versions v where v.rid = reports.rid "
                "and v.sha256 = reports.sha256) where current_vid is null")
    con.execute("INSERT INTO checks (report_id, rule, scope, ok, detail) SELECT report_id, rule, scope, 0, detail "
                "FROM v1_checks WHERE NOT ok")
    marks = ",".join("?" for _ in CROSS_RULES)
    con.execute(f"update reports set cross_passed = (select count(*) from v1_checks k where k.report_id = reports.id "
                f"and k.ok and k.rule in ({marks}))", CROSS_RULES)
    con.execute(f"update reports set checks_passed = cross_passed + coalesce((select count(*) from v1_checks k "
                f"where k.report_id = reports.id and k.ok and k.rule not in ({marks})), 0)", CROSS_RULES)
    con.execute("update reports set checks_failed = (select count(*) from checks k where k.report_id = reports.id), "
                "rules_broken = (select case when count(*) then json_group_array(rule) end from "
                "(select distinct rule from checks k where k.report_id = reports.id order by rule))")
    counts = {"reports": len(rid_of), "versions": n_versions,
              "checks_failed": con.execute("select count(*) from checks").fetchone()[0]}
    doc_cols = [c for c in _columns(con, "documents") if c in set(_columns(con, "v1_documents"))]
    con.execute(f"INSERT INTO documents ({', '.join(doc_cols)}) SELECT {', '.join(doc_cols)} FROM v1_documents")
    counts["documents"] = con.execute("select count(*) from documents").fetchone()[0]
    for old in ("cells", "checks", "report_versions", "reports", "documents"):
        con.execute(f"DROP TABLE v1_{old}")
    execute_script(con, "\n".join(line for line in SCHEMA.splitlines() if line.startswith("CREATE INDEX")))
    return counts


def sync_places(con: sqlite3.Connection) -> int:
    """reports.province = its agency's province where they differ (a write outside the Store); returns how many."""
    return con.execute("update reports set province = (select a.province from agencies a where a.id = reports.agency_id) "
                       "where province is not (select a.province from agencies a where a.id = reports.agency_id)"
                       ).rowcount


def _insert_numbers(con: sqlite3.Connection, vid: int, cells: dict[str, Any], inferred: list[str]) -> None:
    known = {c.cell_id for c in all_cells()}
    numbers = numbers_rows({k: v for k, v in cells.items() if k in known})
    for table, row in numbers.items():
        cols = list(row)
        con.execute(f"INSERT INTO {table} (vid, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})",
                    [vid, *row.values()])
    con.executemany("INSERT INTO cell_notes (vid, cell_id, kind, detail) VALUES (?, ?, ?, ?)",
                    note_rows(vid, [c for c in inferred if c in known]))


# -- one Store per crawler ---------------------------------------------------------------------------
_STORES: weakref.WeakKeyDictionary[Any, Store] = weakref.WeakKeyDictionary()


def store_for(crawler: Any) -> Store:
    """The Store of this crawler, opened on first use from the NIANBAO_DB setting."""
    store = _STORES.get(crawler)
    if store is None:
        factory = crawler.settings.get("NIANBAO_STORE_FACTORY")  # a distributed worker's (crawler/distributed/)
        if factory:
            from scrapy.utils.misc import load_object

            store = load_object(factory)(crawler)
        else:
            store = Store(crawler.settings.get("NIANBAO_DB") or "data/archive.db")
        _STORES[crawler] = store
    return store


def release_store(crawler: Any) -> None:
    store = _STORES.pop(crawler, None)
    if store is not None:
        store.close()
