"""`nianbao serve`: open the archive in Datasette with its metadata, views, search and archived copies.

    nianbao serve [--db data/archive.db] [--port 8001] [--host 127.0.0.1] [--public] [--warc-dir DIR]

Before Datasette starts, :func:`crawler.publish.views.prepare` upgrades a v1 archive, adds the views
and checks the text database's full-text index. Both files are served under stable names, whatever
they are called on disk: the numbers as ``archive`` and the text (``archive-text.db`` beside it) as
``archive_text`` (Datasette names a database after its file, so the state folder holds symlinks
with those names; SQLite follows them to the real files and their WAL).

Without ``--public`` the database is served mutable, so a crawl may keep writing to it (WAL).
``--public`` is for a deployment: the file is checkpointed and switched out of WAL, an inspect file is
written, and Datasette serves it immutable (which is also what lets users download the file), with a
shorter SQL time limit. Serve a snapshot from ``make publish`` this way, never a file a crawl is
writing to.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

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
SQL_TIME_LIMIT_MS = {"local": "20000", "public": "3000"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, type=Path, help=f"the archive (default {DEFAULT_DB})")
    parser.add_argument("--port", default=8001, type=int)
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to listen on every interface")
    parser.add_argument("--public", action="store_true",
                        help="public deployment: immutable with an inspect file, download allowed, short SQL limit")
    parser.add_argument("--warc-dir", type=Path, default=None,
                        help="where the WARC files are (default: $NIANBAO_WARC_DIR, else warc/ beside the db)")
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
    """$NIANBAO_WARC_DIR, else ``warc/`` beside the database (where a crawl writes them by default)."""
    from crawler.db import default_warc_dir as beside

    env = os.environ.get("NIANBAO_WARC_DIR")
    return Path(env) if env else beside(db)


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


def command(db: Path | list[Path], metadata: Path, *, host: str, port: int, public: bool,
            inspect_file: Path | None = None) -> list[str]:
    """The ``datasette serve`` invocation (without running it) for one database file or several."""
    files = [str(p) for p in (db if isinstance(db, list) else [db])]
    cmd = [*datasette_bin(), "serve"]
    if public:
        for f in files:
            cmd += ["-i", f]
        if inspect_file is not None:
            cmd += ["--inspect-file", str(inspect_file)]
    else:
        cmd += files
    cmd += ["--metadata", str(metadata), "--host", host, "--port", str(port)]
    settings = {**SETTINGS, "sql_time_limit_ms": SQL_TIME_LIMIT_MS["public" if public else "local"]}
    for key, value in settings.items():
        cmd += ["--setting", key, value]
    return cmd


def prepare_and_command(db: Path, *, host: str = "127.0.0.1", port: int = 8001, public: bool = False,
                        warc_dir: Path | None = None, state_dir: Path | None = None) -> list[str]:
    """Everything ``nianbao serve`` does before starting Datasette; returns the command to run.

    The tests call this and start the command themselves, so they serve exactly what users get.
    """
    from crawler.publish.metadata import write_metadata
    from crawler.publish.views import prepare

    db = Path(db)
    if not db.exists():
        raise SystemExit(f"no archive at {db}; run `nianbao crawl` or `make demo` first")
    from crawler.db import text_path

    prepare(db)
    state = Path(state_dir) if state_dir else Path(tempfile.mkdtemp(prefix="nianbao-serve-"))
    state.mkdir(parents=True, exist_ok=True)
    files = served_files(db, state)
    metadata = write_metadata(state / "metadata.json", DB_NAME, warc_dir=warc_dir or default_warc_dir(db))
    inspect_file = None
    if public:
        freeze(db)
        freeze(text_path(db))
        inspect_file = write_inspect(files, state / "inspect-data.json")
    return command(files, metadata, host=host, port=port, public=public, inspect_file=inspect_file)


def run(args: argparse.Namespace) -> int:
    cmd = prepare_and_command(args.db, host=args.host, port=args.port, public=args.public, warc_dir=args.warc_dir)
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    print(f"Serving {args.db} at http://{args.host}:{args.port}/", flush=True)
    os.execv(cmd[0], cmd)
    return 0  # not reached
