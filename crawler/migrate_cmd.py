"""`nianbao migrate --db PATH`: upgrade an archive made by an earlier version, in place.

Opening an old archive (a crawl, `nianbao serve`, `make publish`) upgrades it anyway; this command
does it on purpose and says what it did, e.g. before copying an archive to a server. Running it on
an archive that is already current changes nothing.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default="data/archive.db", type=Path, help="the archive (default data/archive.db)")


def run(args: argparse.Namespace) -> int:
    from crawler.db import SCHEMA_VERSION, connect, is_v1, migrate, text_path

    db: Path = args.db
    if not db.exists():
        print(f"no archive at {db}")
        return 2
    con = sqlite3.connect(db)
    try:
        old = is_v1(con)
    finally:
        con.close()
    if not old:
        connect(db).close()  # a current archive: only what a newer form adds (columns, views)
        print(f"{db} is already an archive v{SCHEMA_VERSION}: nothing to do")
        return 0
    counts = migrate(db)
    connect(db).close()
    print(f"{db} upgraded to archive v{SCHEMA_VERSION}: {counts['reports']} reports, {counts['versions']} versions, "
          f"{counts['checks_failed']} failed checks, {counts['documents']} documents; texts in {text_path(db)}")
    return 0
