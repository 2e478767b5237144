"""The state of a discovery run, in SQLite beside its output file: what makes it resumable and flat.

One row per site (keyed by host): queued when a directory listed it, ``visiting`` while its pages
are being read, then ``done`` (an agency: name and place filled), ``dropped`` (not an agency, with
the reason) or ``failed`` (its home page did not answer). The spider asks for a small batch of
queued sites at a time, so memory holds only the sites in flight, whatever the size of the tree;
a killed run leaves its queue and its finished sites here and the next run goes on from them
(``visiting`` rows go back to the queue). A run that finished leaves no queue, so the next run
starts over from the start URL and refreshes every entry.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS sites (
  host TEXT PRIMARY KEY, url TEXT NOT NULL, link_text TEXT, heading TEXT,
  parent_host TEXT, depth INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'queued',
  seq INTEGER, title TEXT, name TEXT, province TEXT, city TEXT, county TEXT, reason TEXT);
CREATE INDEX IF NOT EXISTS sites_queue ON sites (status, depth, seq);
CREATE INDEX IF NOT EXISTS sites_seq ON sites (seq);  -- MAX(seq) for each site added: O(log n), not a scan
CREATE INDEX IF NOT EXISTS sites_place ON sites (city, county);  -- a city's counties (adopt_by_place)
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass
class SiteRow:
    host: str
    url: str
    depth: int
    link_text: str | None = None
    heading: str | None = None
    parent_host: str | None = None


class DiscoverState:
    """Sites found, visited and queued; every write is committed at once (a kill loses nothing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps it consistent; a power cut may lose the last sites
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- run ---------------------------------------------------------------------------------------
    def begin(self, start_url: str, host: str) -> bool:
        """Resume an unfinished run from ``start_url``, or start afresh; True when resuming."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'start_url'").fetchone()
        self.db.execute("UPDATE sites SET status = 'queued' WHERE status = 'visiting'")
        if row and row[0] == start_url and self.count("queued"):
            return True
        self.db.execute("DELETE FROM sites")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('start_url', ?)", (start_url,))
        self.add(SiteRow(host, start_url, 0))
        return False

    # -- queue -------------------------------------------------------------------------------------
    def add(self, site: SiteRow) -> bool:
        """Queue a site unless it is known already; True when it is new."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO sites (host, url, link_text, heading, parent_host, depth, seq) "
            "VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sites))",
            (site.host, site.url, site.link_text, site.heading, site.parent_host, site.depth))
        return cur.rowcount == 1

    def take(self, limit: int, level: int | None = None) -> list[dict[str, Any]]:
        """The next queued sites, shallowest first, marked as being visited: only those of ``level``
        and above when given (the spider reads the tree level by level), else those of the
        shallowest level queued."""
        if level is None:
            level = self.db.execute("SELECT MIN(depth) FROM sites WHERE status = 'queued'").fetchone()[0]
            if level is None:
                return []
        rows = [dict(r) for r in self.db.execute(
            "SELECT * FROM sites WHERE status = 'queued' AND depth <= ? ORDER BY depth, seq LIMIT ?", (level, limit))]
        for r in rows:
            self.db.execute("UPDATE sites SET status = 'visiting' WHERE host = ?", (r["host"],))
        return rows

    def get(self, host: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM sites WHERE host = ?", (host,)).fetchone()
        return dict(row) if row else None

    def update(self, host: str, **values: Any) -> None:
        cols = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE sites SET {cols} WHERE host = ?", (*values.values(), host))  # noqa: S608

    # -- progress and results ----------------------------------------------------------------------
    def count(self, status: str | None = None) -> int:
        if status is None:
            return self.db.execute("SELECT COUNT(*) FROM sites").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM sites WHERE status = ?", (status,)).fetchone()[0]

    def counts(self) -> dict[str, int]:
        """Sites by status, in one pass."""
        return dict(self.db.execute("SELECT status, COUNT(*) FROM sites GROUP BY status").fetchall())

    def max_depth(self, status: str = "done") -> int:
        return self.db.execute("SELECT COALESCE(MAX(depth), 0) FROM sites WHERE status = ?", (status,)).fetchone()[0]

    def agencies(self) -> Iterator[dict[str, Any]]:
        """Every site found to be an agency, level by level, with its parent's name; in an order of
        what was found (parent, name, host), never of when: two runs of one web give the same file."""
        yield from (dict(r) for r in self.db.execute(
            "SELECT s.*, p.name AS parent_name FROM sites s LEFT JOIN sites p ON p.host = s.parent_host "
            "WHERE s.status = 'done' AND s.name IS NOT NULL ORDER BY s.depth, p.name, s.name, s.host"))

    def adopt_by_place(self) -> int:
        """A county's government listed only from above its city (a province's 县（市、区） table,
        the city's own portal listing none) becomes the child of its city's government when that
        was found: the parent is the administrative tree's, whoever listed it. How many moved."""
        gov = "(name LIKE '%人民政府' OR name LIKE '%行政公署')"
        cities = self.db.execute(
            f"SELECT MIN(host) AS host, province, city FROM sites WHERE status = 'done' AND county IS NULL "
            f"AND city IS NOT NULL AND {gov} GROUP BY province, city HAVING COUNT(*) = 1").fetchall()
        moved = 0
        for c in cities:
            moved += self.db.execute(
                f"UPDATE sites SET parent_host = ? WHERE city = ? AND county IS NOT NULL AND province IS ? "
                f"AND status = 'done' AND host != ? AND {gov} AND parent_host IN "
                f"(SELECT host FROM sites WHERE city IS NULL AND province IS NOT NULL)",
                (c["host"], c["city"], c["province"], c["host"])).rowcount
        return moved

    def left_out(self, limit: int = -1) -> list[dict[str, Any]]:
        """The first ``limit`` sites found not to be agencies or not answering (all with -1)."""
        return [dict(r) for r in self.db.execute(
            "SELECT * FROM sites WHERE status IN ('dropped', 'failed') ORDER BY depth, host LIMIT ?", (limit,))]
