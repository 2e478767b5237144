"""`make publish`: a dated, checksummed snapshot of the archive plus a CSV export of every table.

    python -m crawler.publish.snapshot --db data/archive.db --out data/snapshots [--date 2026-01-31]

writes ``data/snapshots/<date>/``:

- ``archive.db`` (the numbers) and ``archive-text.db`` (the texts and their full-text indexes): the
  same stable names in every snapshot, so a served snapshot's URLs do not change from day to day;
  each copied with ``VACUUM INTO`` (a consistent copy even while a crawl writes, compacted, out of
  WAL mode so it can be served immutable and downloaded as one file). The views are plain joins
  over the wide tables: nothing needs freezing;
- ``csv/<table>.csv`` for every table and view of both (UTF-8 with a byte-order mark, so Excel opens
  the Chinese correctly; the full-text indexes' own tables are left out);
- ``metadata.json`` and ``inspect-data.json`` for ``datasette serve -i`` (see ``nianbao serve --public``);
- ``manifest.json`` (counts, sizes, hashes) and ``SHA256SUMS`` (``sha256sum -c SHA256SUMS`` checks it);
- ``datapackage.json``, ``CHANGELOG.md``/``changes.csv``, ``LICENSE``, ``DATA-LICENSE.md``, ``CITATION.cff``
  and ``nianbao-csv.zip`` (:mod:`crawler.publish.package`).

``<out>/latest`` points at the newest snapshot. Publishing twice on one day replaces that day's
snapshot.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.db import TEXT_BIGRAM, TEXT_FTS, text_path

from .metadata import write_metadata
from .package import file_sha256, previous_snapshot, write_package
from .views import prepare

DB_FILE = "archive.db"  # stable names: the served database is `archive` in every snapshot
TEXT_FILE = "archive-text.db"


def exported_names(con: sqlite3.Connection) -> list[str]:
    """Tables and views to export: everything but SQLite's and the FTS index's internals."""
    rows = con.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY type, name")
    return [name for name, _ in rows if not name.startswith(("sqlite_", TEXT_FTS, TEXT_BIGRAM))]


def export_csv(con: sqlite3.Connection, name: str, path: Path) -> int:
    """Write one table or view as CSV; returns the number of rows."""
    cur = con.execute(f'SELECT * FROM "{name}"')
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([d[0] for d in cur.description])
        for row in cur:
            writer.writerow(row)
            n += 1
    return n


def _copy_database(src: Path, dest: Path) -> None:
    if dest.exists():
        dest.unlink()
    con = sqlite3.connect(src, timeout=30)
    try:
        con.execute("VACUUM INTO ?", [str(dest)])
    finally:
        con.close()
    con = sqlite3.connect(dest)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _warc_dir(db: Path) -> Path:
    from crawler.serve_cmd import default_warc_dir

    return default_warc_dir(db).resolve()


def _write_inspect(db: Path, out: Path) -> None:
    """inspect-data.json under the served names (archive, archive_text)."""
    import tempfile

    from crawler.serve_cmd import served_files, write_inspect

    with tempfile.TemporaryDirectory(prefix="nianbao-inspect-") as tmp:
        write_inspect(served_files(db, Path(tmp)), out)


def publish(db: str | os.PathLike[str], out: str | os.PathLike[str], date: str | None = None, *,
            base_url: str | None = None) -> Path:
    """Write the snapshot of ``db`` for ``date`` (default: today, UTC) under ``out``; returns its folder.

    ``base_url``: where the snapshot will be served (default ``$NIANBAO_PUBLIC_URL``), to make the
    archived-copy links of the CSVs absolute.
    """
    db, out = Path(db), Path(out)
    if not db.exists():
        raise FileNotFoundError(db)
    date = date or datetime.now(UTC).strftime("%Y-%m-%d")
    prepare(db)
    folder = out / date
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "csv").mkdir(parents=True)
    snap = folder / DB_FILE
    _copy_database(db, snap)
    _copy_database(text_path(db), folder / TEXT_FILE)

    rows: dict[str, int] = {}
    for path in (snap, folder / TEXT_FILE):
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for name in exported_names(con):
                rows[name] = export_csv(con, name, folder / "csv" / f"{name}.csv")
        finally:
            con.close()
    write_metadata(folder / "metadata.json", snap.stem)
    _write_inspect(snap, folder / "inspect-data.json")
    write_package(folder, snap, date=date, previous=previous_snapshot(out, date), base_url=base_url)

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    sums = {p.relative_to(folder).as_posix(): file_sha256(p) for p in files}
    manifest: dict[str, Any] = {
        "date": date,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "database": snap.name,
        "text_database": TEXT_FILE,
        "warc_dir": str(_warc_dir(db)),  # the archived copies stay where the crawl wrote them
        "rows": rows,
        "files": {name: {"bytes": (folder / name).stat().st_size, "sha256": digest} for name, digest in sums.items()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    sums["manifest.json"] = file_sha256(folder / "manifest.json")
    (folder / "SHA256SUMS").write_text("".join(f"{d}  {n}\n" for n, d in sorted(sums.items())), encoding="utf-8")
    _point_latest(out, date)
    return folder


def _point_latest(out: Path, date: str) -> None:
    latest = out / "latest"
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    try:
        latest.symlink_to(date, target_is_directory=True)
    except OSError:  # no symlinks (some file systems): a file naming the folder
        latest.write_text(date + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m crawler.publish.snapshot", description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="data/archive.db", type=Path)
    ap.add_argument("--out", default="data/snapshots", type=Path)
    ap.add_argument("--date", default=None, help="YYYY-MM-DD (default: today, UTC)")
    ap.add_argument("--base-url", default=None,
                    help="public URL the snapshot is served at, for absolute archived-copy links in the CSVs "
                         "(default: $NIANBAO_PUBLIC_URL)")
    args = ap.parse_args(argv)
    folder = publish(args.db, args.out, args.date, base_url=args.base_url)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    print(f"Snapshot {folder}: {manifest['rows'].get('reports', 0)} reports, "
          f"{len(manifest['files'])} files; serve it with "
          f"`nianbao serve --public --db {folder / manifest['database']}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
