"""`nianbao serve`: open the archive in Datasette with its metadata, views, search and archived copies.

    nianbao serve [--db data/archive.db] [--port 8001] [--host 127.0.0.1] [--public] [--warc-dir DIR]

Before Datasette starts, :func:`crawler.publish.views.prepare` upgrades a v1 archive, adds the views
and checks the text database's full-text index. Both files are served under stable names, whatever
they are called on disk: the numbers as ``archive`` and the text (``archive-text.db`` beside it) as
``archive_text`` (Datasette names a database after its file, so the state folder holds symlinks
with those names; SQLite follows them to the real files and their WAL).

Without ``--public`` the database is served mutable, so a crawl may keep writing to it (WAL).
``--public`` is for a deployment: the file is checkpointed and switched out of WAL, an inspect file is
written, and Datasette serves it immutable (which is also what lets users download the file).
Serve a snapshot from ``make publish`` this way, never a file a crawl is writing to.

Limits, so that a few clients cannot take the archive down: every query stops after 1 s
(``--sql-time-limit-ms``); search terms are capped in length and number
(``crawler/publish/serve_plugins/nianbao_limits.py``); in public mode arbitrary SQL is off (the
canned queries, the tables, facets and search stay) and each client IP gets ``--rate-limit``
requests a minute (datasette-ip-rate-limit; behind a reverse proxy give ``--client-ip-header``).

A file that is not a nianbao archive (not SQLite, empty, without a ``reports`` table) is refused
with one line and exit status 2, before anything is written to it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from crawler import subprocesses

DEFAULT_DB = "data/archive.db"
# Datasette settings; a public server gets a shorter SQL time limit.
SETTINGS = {
    "allow_download": "on",
    "truncate_cells_html": "240",
    "facet_time_limit_ms": "1000",
    "default_page_size": "50",
    # Suggesting facets runs a query per column; on a wide view (150 columns) that is seconds a page.
    "suggest_facets": "off",
}
SQL_TIME_LIMIT_MS = 1000  # one query, any mode: a slow query must not hold a connection for long
MAX_SEARCH_CHARS = 100  # all search parameters of a request together
MAX_SEARCH_TERMS = 8
RATE_LIMIT_PER_MINUTE = 120  # per client IP, public mode; pages' static files do not count
PLUGINS_DIR = Path(__file__).with_name("publish") / "serve_plugins"
BAD_INPUT_EXIT = 2


class NotAnArchive(ValueError):
    """The file given to serve is not a nianbao archive."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, type=Path, help=f"the archive (default {DEFAULT_DB})")
    parser.add_argument("--port", default=8001, type=int)
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to listen on every interface")
    parser.add_argument("--public", action="store_true",
                        help="public deployment: immutable with an inspect file, download allowed, short SQL limit")
    parser.add_argument("--warc-dir", type=Path, default=None,
                        help="where the WARC files are (default: $NIANBAO_WARC_DIR, else warc/ beside the db)")
    parser.add_argument("--sql-time-limit-ms", type=int, default=SQL_TIME_LIMIT_MS,
                        help="stop any query after this long (default %(default)s)")
    parser.add_argument("--rate-limit", type=int, default=RATE_LIMIT_PER_MINUTE, metavar="PER_MINUTE",
                        help="public mode: requests a minute per client IP, 0 for none (default %(default)s)")
    parser.add_argument("--client-ip-header", default=None, metavar="HEADER",
                        help="behind a reverse proxy: the header holding the client IP (X-Forwarded-For)")
    parser.add_argument("--dry-run", action="store_true", help="prepare, then print the datasette command")


def datasette_bin() -> list[str]:
    """The datasette of this venv (next to the running python), else ``python -m datasette``."""
    local = Path(sys.executable).parent / "datasette"
    if local.exists():
        return [str(local)]
    found = shutil.which("datasette")
    return [found] if found else [sys.executable, "-m", "datasette"]


DB_NAME = "archive"  # the served name of the numbers database
TEXT_DB_NAME = "archive_text"  # ... and of the text database


def default_warc_dir(db: Path) -> Path:
    """$NIANBAO_WARC_DIR, else ``warc/`` beside the database (where a crawl writes them by default),
    else, for a snapshot from ``make publish``, the WARC directory of the archive it copied."""
    import json

    from crawler.db import default_warc_dir as beside

    env = os.environ.get("NIANBAO_WARC_DIR")
    if env:
        return Path(env)
    here = beside(db)
    manifest = Path(db).resolve().parent / "manifest.json"
    if not here.is_dir() and manifest.exists():
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8")).get("warc_dir")
        except (OSError, ValueError):
            recorded = None
        if recorded:
            return Path(recorded)
    return here


def served_files(db: Path, state: Path) -> list[Path]:
    """Symlinks ``archive.db`` and ``archive_text.db`` in ``state`` to the two files: their served names."""
    from crawler.db import text_path

    links = []
    for name, target in ((DB_NAME, db), (TEXT_DB_NAME, text_path(db))):
        link = state / f"{name}.db"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(Path(target).resolve())
        links.append(link)
    return links


def freeze(db: Path) -> None:
    """Fold the WAL into the file and leave WAL mode, so an immutable open sees every row.

    Datasette opens an immutable database with ``immutable=1``, which ignores a ``-wal`` file.
    """
    con = sqlite3.connect(db, timeout=5)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise SystemExit(f"{db} is in use ({exc}); serve a snapshot from `make publish` with --public") from exc
    finally:
        con.close()
    if mode.lower() != "delete":
        raise SystemExit(f"{db} stays in {mode} mode (is a crawl writing to it?); serve a snapshot instead")


def write_inspect(db: Path | list[Path], inspect_file: Path) -> Path:
    """``datasette inspect``: table counts computed once, so an immutable server starts fast."""
    files = [str(p) for p in (db if isinstance(db, list) else [db])]
    subprocess.run([*datasette_bin(), "inspect", *files, "--inspect-file", str(inspect_file)], check=True)
    return inspect_file


def check_archive(db: Path) -> None:
    """Raise :class:`NotAnArchive` unless ``db`` is a SQLite file with a ``reports`` table.

    Opened read-only, so an empty file or someone else's database is never given a schema.
    """
    if not db.exists():
        raise NotAnArchive(f"no archive at {db}; run `nianbao crawl` or `make demo` first")
    if db.is_dir():
        raise NotAnArchive(f"{db} is a directory, not an archive file")
    with open(db, "rb") as f:
        head = f.read(16)
    if not head:
        raise NotAnArchive(f"{db} is an empty file, not an archive")
    if head != b"SQLite format 3\x00":
        raise NotAnArchive(f"{db} is not a SQLite database")
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotAnArchive(f"{db} cannot be read as SQLite: {exc}") from exc
    if "reports" not in tables:
        raise NotAnArchive(f"{db} is a SQLite database but not a nianbao archive (no reports table)")


def add_limits(metadata: Path, *, public: bool, rate_limit: int = RATE_LIMIT_PER_MINUTE,
               client_ip_header: str | None = None) -> None:
    """Configure the request limits in the metadata file (the search caps; public: the rate limit)."""
    meta = json.loads(metadata.read_text(encoding="utf-8"))
    plugins = meta.setdefault("plugins", {})
    plugins["nianbao-limits"] = {"max_search_chars": MAX_SEARCH_CHARS, "max_search_terms": MAX_SEARCH_TERMS}
    if public:  # a visitor's own SQL is off; the dashboards' fixed chart queries stay
        plugins["nianbao-limits"]["allowed_sql"] = dashboard_queries(meta)
    if public and rate_limit > 0:
        rule = {"name": "per-client", "paths": ["/*"], "window_seconds": 60, "max_requests": rate_limit,
                "block_seconds": 60}
        plugins["datasette-ip-rate-limit"] = {"exempt_paths": ["/-/static/*", "/-/static-plugins/*"],
                                              "rules": [rule], **({"header": client_ip_header}
                                                                  if client_ip_header else {})}
    metadata.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def dashboard_queries(meta: dict) -> list[str]:
    """Every SQL text the dashboards in ``meta`` send as ``?sql=``: each chart's query with each
    combination of its optional ``[[ … :filter … ]]`` parts kept or dropped, as the plugin fills them."""
    import itertools
    import re

    from datasette_dashboards import replace_opts_in_query

    out: list[str] = []
    for dashboard in (meta.get("plugins", {}).get("datasette-dashboards") or {}).values():
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            query = part.get("query") if isinstance(part, dict) else None
            if not query:
                continue
            names = sorted(set(re.findall(r"\[\[.*?:([a-zA-Z0-9_]+).*?\]\]", query)))
            for n in range(len(names) + 1):
                for chosen in itertools.combinations(names, n):
                    out.append(replace_opts_in_query(query, dict.fromkeys(chosen, "x")))
    return list(dict.fromkeys(out))


def command(db: Path | list[Path], metadata: Path, *, host: str, port: int, public: bool,
            inspect_file: Path | None = None, sql_time_limit_ms: int = SQL_TIME_LIMIT_MS) -> list[str]:
    """The ``datasette serve`` invocation (without running it) for one database file or several."""
    files = [str(p) for p in (db if isinstance(db, list) else [db])]
    cmd = [*datasette_bin(), "serve", "--plugins-dir", str(PLUGINS_DIR)]
    if public:
        for f in files:
            cmd += ["-i", f]
        if inspect_file is not None:
            cmd += ["--inspect-file", str(inspect_file)]
    else:
        cmd += files
    cmd += ["--metadata", str(metadata), "--host", host, "--port", str(port)]
    settings = {**SETTINGS, "sql_time_limit_ms": str(sql_time_limit_ms)}
    for key, value in settings.items():
        cmd += ["--setting", key, value]
    return cmd


def prepare_and_command(db: Path, *, host: str = "127.0.0.1", port: int = 8001, public: bool = False,
                        warc_dir: Path | None = None, state_dir: Path | None = None,
                        sql_time_limit_ms: int = SQL_TIME_LIMIT_MS, rate_limit: int = RATE_LIMIT_PER_MINUTE,
                        client_ip_header: str | None = None) -> list[str]:
    """Everything ``nianbao serve`` does before starting Datasette; returns the command to run.

    The tests call this and start the command themselves, so they serve exactly what users get.
    """
    from crawler.publish.metadata import write_metadata
    from crawler.publish.views import prepare

    db = Path(db)
    check_archive(db)
    from crawler.db import text_path

    prepare(db)
    state = Path(state_dir) if state_dir else Path(tempfile.mkdtemp(prefix="nianbao-serve-"))
    state.mkdir(parents=True, exist_ok=True)
    files = served_files(db, state)
    metadata = write_metadata(state / "metadata.json", DB_NAME, warc_dir=warc_dir or default_warc_dir(db))
    add_limits(metadata, public=public, rate_limit=rate_limit, client_ip_header=client_ip_header)
    inspect_file = None
    if public:
        freeze(db)
        freeze(text_path(db))
        inspect_file = write_inspect(files, state / "inspect-data.json")
    return command(files, metadata, host=host, port=port, public=public, inspect_file=inspect_file,
                   sql_time_limit_ms=sql_time_limit_ms)


def run(args: argparse.Namespace) -> int:
    state = Path(tempfile.mkdtemp(prefix="nianbao-serve-"))  # metadata, served names, inspect file
    try:
        cmd = prepare_and_command(args.db, host=args.host, port=args.port, public=args.public,
                                  warc_dir=args.warc_dir, state_dir=state, sql_time_limit_ms=args.sql_time_limit_ms,
                                  rate_limit=args.rate_limit, client_ip_header=args.client_ip_header)
    except NotAnArchive as exc:
        shutil.rmtree(state, ignore_errors=True)
        print(f"nianbao serve: {exc}", file=sys.stderr)
        return BAD_INPUT_EXIT
    except BaseException:
        shutil.rmtree(state, ignore_errors=True)
        raise
    if args.dry_run:  # the printed command reads the state folder: it stays
        print(" ".join(cmd))
        return 0
    print(f"Serving {args.db} at http://{args.host}:{args.port}/", flush=True)
    return serve_until_stopped(cmd, state)


def serve_until_stopped(cmd: list[str], state: Path) -> int:
    """Run Datasette until it exits or this process is stopped (Ctrl-C, SIGTERM), then remove ``state``."""
    import signal

    proc = subprocess.Popen(cmd)

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C reached Datasette too (same process group): let it finish
        return proc.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            subprocesses.stop(proc, grace=30)
        shutil.rmtree(state, ignore_errors=True)
