"""What makes a snapshot citable data: a Frictionless data package, a changelog, licenses, a citation.

:func:`write_package` runs inside ``make publish`` (:mod:`crawler.publish.snapshot`) once the database
copy and the CSVs are in the snapshot folder, before ``SHA256SUMS`` is computed, and adds:

- ``datapackage.json``: a Frictionless Data Package (v1): every CSV a tabular resource with its
  columns' types and bilingual descriptions (from the Datasette metadata), the SQLite files as
  resources too, each with its size and SHA-256, the licenses and the sources;
- ``CHANGELOG.md`` and ``changes.csv``: the reports new, changed (another document, so other numbers
  may follow) or gone since the previous snapshot in the same folder;
- ``LICENSE`` (the code, Apache-2.0), ``DATA-LICENSE.md`` (the compiled data, CC BY 4.0; the reports
  themselves belong to their issuing agencies), ``CITATION.cff`` (how to cite this snapshot);
- ``nianbao-csv.zip``: every CSV with the package description and licenses, for one download.

With a public base URL (``--base-url`` or ``NIANBAO_PUBLIC_URL``) the archived-copy links in the
CSVs become absolute, so a row read far from the site still leads to its copy.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .metadata import build_metadata, load_yaml

REPO = Path(__file__).resolve().parents[2]
ZIP_NAME = "nianbao-csv.zip"
ARCHIVE_PREFIX = "/-/archive/"
SQLITE_TYPES = {"INTEGER": "integer", "INT": "integer", "REAL": "number", "NUMERIC": "number", "FLOAT": "number",
                "TEXT": "string", "BLOB": "string"}
DATA_LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/"}
CODE_LICENSE = {"name": "Apache-2.0", "title": "Apache License 2.0", "path": "https://www.apache.org/licenses/LICENSE-2.0"}


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MB chunks (snapshots can be gigabytes)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def field_type(declared: str | None) -> str:
    """A Table Schema type for an SQLite declared type; a view's computed column is ``any``."""
    if not declared:
        return "any"
    return SQLITE_TYPES.get(declared.split("(")[0].strip().upper(), "any")


def _slug(name: str) -> str:
    """A resource name: lower case, ``a-z0-9._-`` (the spec's pattern)."""
    out = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "-" for ch in name.lower())
    return out.strip("-") or "table"


def table_resources(folder: Path, db: Path) -> list[dict[str, Any]]:
    """One tabular resource per CSV in ``folder/csv``, its schema from the columns of the database
    (of the snapshot's databases) holding that table, descriptions from the Datasette metadata."""
    meta = build_metadata(db.stem)
    tables_meta: dict[str, Any] = {}
    for database in meta["databases"].values():
        for name, table in (database.get("tables") or {}).items():
            tables_meta.setdefault(name, table)
    cons = [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in [db, *sorted(set(folder.glob("*.db")) - {db})]]
    out = []
    try:
        for path in sorted((folder / "csv").glob("*.csv")):
            name = path.stem
            columns = tables_meta.get(name, {}).get("columns", {})
            info = next((rows for rows in (c.execute(f'PRAGMA table_info("{name}")').fetchall() for c in cons)
                         if rows), [])
            with path.open(encoding="utf-8-sig", newline="") as f:
                header = next(csv.reader(f), [])
            types = {row[1]: row[2] for row in info}
            pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
            schema: dict[str, Any] = {"fields": [
                {"name": col, "type": field_type(types.get(col)),
                 **({"description": columns[col]} if isinstance(columns.get(col), str) else {})} for col in header]}
            if pk and all(c in header for c in pk):
                schema["primaryKey"] = pk
            res: dict[str, Any] = {
                "name": _slug(name), "path": f"csv/{path.name}", "profile": "tabular-data-resource",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                "bytes": path.stat().st_size, "hash": f"sha256:{file_sha256(path)}", "schema": schema,
            }
            if tables_meta.get(name, {}).get("description"):
                res["description"] = tables_meta[name]["description"]
            out.append(res)
    finally:
        for c in cons:
            c.close()
    return out


def database_resources(folder: Path) -> list[dict[str, Any]]:
    return [{"name": _slug(p.stem), "path": p.name, "format": "sqlite", "mediatype": "application/vnd.sqlite3",
             "bytes": p.stat().st_size, "hash": f"sha256:{file_sha256(p)}",
             "description": "全文与检索索引 · Report texts and their full-text index" if "text" in p.stem
             else "数字、报告、核对 · The numbers, reports and checks (SQLite)"}
            for p in sorted(folder.glob("*.db"))]


def datapackage(folder: Path, db: Path, date: str) -> dict[str, Any]:
    raw = load_yaml()
    return {
        "profile": "data-package",
        "name": "nianbao",
        "id": f"nianbao-{date}",
        "title": raw["title"],
        "description": (raw.get("database", {}).get("description") or "") + "\n\n" + raw["source"],
        "version": date.replace("-", "."),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": ["政府信息公开工作年度报告", "government information disclosure", "annual reports", "China"],
        "licenses": [DATA_LICENSE],
        "sources": [{"title": raw["source"]}],
        "contributors": [{"title": "nianbao contributors", "role": "author"}],
        "resources": table_resources(folder, db) + database_resources(folder),
    }


def snapshot_database(folder: Path) -> Path | None:
    """The numbers database of a snapshot folder (its manifest says which file)."""
    manifest = folder / "manifest.json"
    if manifest.exists():
        name = json.loads(manifest.read_text(encoding="utf-8")).get("database")
        if name and (folder / name).exists():
            return folder / name
    dbs = [p for p in sorted(folder.glob("*.db")) if "text" not in p.stem]
    return dbs[0] if dbs else None


def previous_snapshot(out: Path, date: str) -> Path | None:
    """The newest snapshot folder in ``out`` dated before ``date``."""
    older = sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink() and len(p.name) == 10
                   and p.name[4] == "-" and p.name < date) if out.exists() else []
    return older[-1] if older else None


def _reports(db: Path) -> dict[str, tuple[Any, ...]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0]: r[1:] for r in con.execute("select id, sha256, title, year, url from reports")}
    finally:
        con.close()


def changes(previous_db: Path | None, db: Path) -> list[dict[str, Any]]:
    """Reports new, changed or gone in ``db`` against ``previous_db`` (all new without one)."""
    now = _reports(db)
    before = _reports(previous_db) if previous_db else {}
    out = []
    for rid in sorted(set(now) | set(before)):
        if rid not in before:
            change = "new"
        elif rid not in now:
            change = "gone"
        elif now[rid][0] != before[rid][0]:
            change = "changed"
        else:
            continue
        sha, title, year, url = now.get(rid) or before[rid]
        out.append({"change": change, "report_id": rid, "year": year, "title": title, "url": url,
                    "sha256": sha, "previous_sha256": before[rid][0] if rid in before else None})
    return out


CHANGE_WORDS = {"new": "新增 new", "changed": "更新 changed (another document was published)",
                "gone": "不再收录 no longer in the archive"}


def write_changelog(folder: Path, rows: list[dict[str, Any]], date: str, previous: Path | None) -> None:
    with (folder / "changes.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, ["change", "report_id", "year", "title", "url", "sha256", "previous_sha256"])
        writer.writeheader()
        writer.writerows(rows)
    since = f"上一快照 since the previous snapshot ({previous.name})" if previous else "首个快照 first snapshot"
    lines = [f"# 变更 · Changes, snapshot {date}", "", f"{since}: " + ", ".join(
        f"{sum(1 for r in rows if r['change'] == k)} {k}" for k in CHANGE_WORDS), ""]
    for kind, words in CHANGE_WORDS.items():
        mine = [r for r in rows if r["change"] == kind]
        if not mine:
            continue
        lines += [f"## {words} ({len(mine)})", ""]
        lines += [f"- {r['report_id']}: {r['title'] or ''}" for r in mine[:2000]]
        if len(mine) > 2000:
            lines.append(f"- … {len(mine) - 2000} more in changes.csv")
        lines.append("")
    (folder / "CHANGELOG.md").write_text("\n".join(lines), encoding="utf-8")


def citation(date: str) -> str:
    raw = load_yaml()
    title = raw["title"].replace('"', "'")
    return (
        "cff-version: 1.2.0\n"
        'message: "If you use these data, please cite them as below. 引用本数据请注明："\n'
        "type: dataset\n"
        f'title: "{title}"\n'
        "authors:\n"
        '  - name: "nianbao contributors"\n'
        f'version: "{date}"\n'
        f"date-released: {date}\n"
        "license: CC-BY-4.0\n"
        "keywords:\n"
        '  - "政府信息公开工作年度报告"\n'
        '  - "government information disclosure"\n'
        "abstract: >-\n"
        "  Annual reports on government information disclosure published by Chinese government\n"
        "  agencies, archived as fetched (WARC) with the three statistical tables of each report read\n"
        "  into SQLite and checked against the form's accounting rules.\n"
    )


DATA_LICENSE_TEXT = """# 数据许可 · Data license

汇编的数据（数据库、CSV 文件）以 知识共享 署名 4.0 国际许可协议（CC BY 4.0）发布：
https://creativecommons.org/licenses/by/4.0/legalcode.zh-hans

The compiled data (the databases and the CSV files) are published under the Creative Commons
Attribution 4.0 International license (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/legalcode
Cite them as CITATION.cff says.

报告原文属于发布报告的行政机关，是依法公开的政府信息；存档副本按原样保存。
The reports themselves belong to the agencies that published them: they are government information
made public under the Regulations on the Disclosure of Government Information; the archived copies
are kept as the portals served them.

The code that built this snapshot is licensed under Apache-2.0 (LICENSE).
"""


def absolutize_csv(path: Path, base_url: str) -> None:
    """Rewrite the archive's relative ``/-/archive/…`` links in a CSV as absolute URLs."""
    base = base_url.rstrip("/")
    tmp = path.with_suffix(".tmp")
    with path.open(encoding="utf-8-sig", newline="") as src, tmp.open("w", encoding="utf-8-sig", newline="") as dst:
        writer = csv.writer(dst)
        for row in csv.reader(src):
            writer.writerow([base + v if v.startswith(ARCHIVE_PREFIX) else v for v in row])
    tmp.replace(path)


def write_zip(folder: Path, date: str) -> Path:
    """The CSVs and the package's description in one zip, with fixed timestamps (same input, same bytes)."""
    stamp = tuple(int(x) for x in date.split("-")) + (0, 0, 0)
    out = folder / ZIP_NAME
    members = sorted((folder / "csv").glob("*.csv")) + [folder / n for n in (
        "datapackage.json", "CHANGELOG.md", "changes.csv", "LICENSE", "DATA-LICENSE.md", "CITATION.cff")
        if (folder / n).exists()]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for p in members:
            info = zipfile.ZipInfo(p.relative_to(folder).as_posix(), date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with p.open("rb") as f:
                z.writestr(info, f.read())
    return out


def write_package(folder: Path, db: Path, *, date: str, previous: Path | None = None,
                  base_url: str | None = None) -> list[str]:
    """Add the package files to a snapshot folder; returns their names."""
    base_url = base_url if base_url is not None else os.environ.get("NIANBAO_PUBLIC_URL")
    if base_url:
        for path in sorted((folder / "csv").glob("*.csv")):
            absolutize_csv(path, base_url)
    write_changelog(folder, changes(snapshot_database(previous) if previous else None, db), date, previous)
    if (REPO / "LICENSE").exists():
        shutil.copyfile(REPO / "LICENSE", folder / "LICENSE")
    (folder / "DATA-LICENSE.md").write_text(DATA_LICENSE_TEXT, encoding="utf-8")
    (folder / "CITATION.cff").write_text(citation(date), encoding="utf-8")
    package = datapackage(folder, db, date)
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    write_zip(folder, date)
    return ["datapackage.json", "CHANGELOG.md", "changes.csv", "LICENSE", "DATA-LICENSE.md", "CITATION.cff", ZIP_NAME]
