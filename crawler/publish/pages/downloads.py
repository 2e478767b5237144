"""``/-/downloads``: the files of the snapshot being served, for people who cite or re-use the data.

A snapshot folder (``make publish``) holds the numbers database, the text database, ``csv/``, the zip of
the CSVs, ``datapackage.json``, ``CITATION.cff``, the licenses and ``SHA256SUMS``. When the served
database sits in such a folder, every file ``SHA256SUMS`` names (and ``SHA256SUMS`` itself) can be
downloaded here, and nothing else: the list is the allow-list. Two stable aliases keep links on the
home page valid whatever the files are called: ``numbers`` (the database being served) and ``text``
(the text database beside it). A live archive, still being written, offers no downloads: a copy
taken mid-write could be inconsistent.
"""

from __future__ import annotations

from dataclasses import dataclass
from mimetypes import guess_type
from pathlib import Path
from typing import Any

SUMS = "SHA256SUMS"
# What each kind of file is, in words; (test on the name, zh, en), first match wins.
KINDS = (
    (lambda n: n.endswith(".db") and "text" in n, "全文数据库（SQLite）", "report texts and full-text index (SQLite)"),
    (lambda n: n.endswith(".db"), "数字数据库（SQLite）", "the numbers: reports, tables, checks (SQLite)"),
    (lambda n: n.endswith(".zip"), "全部 CSV 文件（zip）", "every table as CSV (zip)"),
    (lambda n: n == SUMS, "校验和（sha256sum -c SHA256SUMS）", "checksums (sha256sum -c SHA256SUMS)"),
    (lambda n: n == "datapackage.json", "数据包说明（Frictionless）", "Frictionless data package description"),
    (lambda n: n == "CITATION.cff", "引用格式", "how to cite (Citation File Format)"),
    (lambda n: n.startswith("CHANGELOG") or n == "changes.csv", "与上一快照相比的变化",
     "reports new or changed since the previous snapshot"),
    (lambda n: n == "LICENSE", "代码许可（Apache-2.0）", "code license (Apache-2.0)"),
    (lambda n: n == "DATA-LICENSE.md", "数据许可（CC BY 4.0）", "data license (CC BY 4.0)"),
    (lambda n: n == "manifest.json", "快照清单（行数、大小、哈希）", "what the snapshot holds: rows, sizes, hashes"),
    (lambda n: n == "metadata.json", "Datasette 元数据（表和列的说明）", "Datasette metadata: what every table and column means"),
    (lambda n: n == "inspect-data.json", "Datasette 统计（datasette inspect）", "Datasette inspect file: table counts"),
    (lambda n: n.startswith("csv/"), "CSV 文件（UTF-8，Excel 可直接打开）", "one table as CSV (UTF-8 with BOM, opens in Excel)"),
)


@dataclass
class Download:
    name: str
    path: Path
    sha256: str
    zh: str
    en: str

    @property
    def bytes(self) -> int:
        return self.path.stat().st_size


def listed(folder: Path) -> dict[str, str]:
    """name → sha256 of the files SHA256SUMS names (empty when the folder is not a snapshot)."""
    sums = folder / SUMS
    if not sums.is_file():
        return {}
    out = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if digest and name and ".." not in Path(name).parts and not name.startswith("/"):
            out[name] = digest
    return out


def downloads(db_path: str | Path | None) -> list[Download]:
    """The downloadable files of the snapshot holding ``db_path``, the main ones first."""
    if not db_path:
        return []
    folder = Path(db_path).resolve().parent
    files = listed(folder)
    if not files:
        return []
    files[SUMS] = ""
    out = []
    for name, digest in files.items():
        path = folder / name
        if not path.is_file():
            continue
        zh, en = next(((zh, en) for test, zh, en in KINDS if test(name)), ("", ""))
        out.append(Download(name, path, digest, zh, en))
    rank = {n: i for i, n in enumerate(["numbers", "text", "zip", SUMS, "datapackage.json", "CITATION.cff"])}
    return sorted(out, key=lambda d: (rank.get(_alias(d.name, Path(db_path).resolve().name) or d.name, 99), d.name))


def _alias(name: str, served: str) -> str | None:
    if name == served:
        return "numbers"
    if name.endswith(".db") and "text" in name:
        return "text"
    if name.endswith(".zip"):
        return "zip"
    return None


def find(db_path: str | Path | None, name: str) -> Download | None:
    """The download called ``name`` (or the alias ``numbers`` / ``text``), if the snapshot has it."""
    served = Path(db_path).resolve().name if db_path else ""  # served through a symlink: the file's own name
    for d in downloads(db_path):
        if d.name == name or (name in ("numbers", "text") and _alias(d.name, served) == name):
            return d
    return None


def content_type(name: str) -> str:
    if name.endswith(".db"):
        return "application/vnd.sqlite3"
    if name.endswith((".md", ".cff")) or name in (SUMS, "LICENSE"):
        return "text/plain; charset=utf-8"
    if name.endswith(".csv"):
        return "text/csv; charset=utf-8"
    return guess_type(name)[0] or "application/octet-stream"


def human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def context(db_path: Any) -> dict[str, Any]:
    items = downloads(db_path)
    return {"downloads": items, "human": human, "snapshot": bool(items)}
