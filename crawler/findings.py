"""Findings over the archive: timeliness, silent edits, and cross-year flags, per agency.

Run for an agency after its reports changed (from :func:`crawler.crosschecks.check_agency`, so at the
end of every crawl for the agencies it touched, and by ``python -m crawler.crosschecks`` for all):

| what | written to | from |
|---|---|---|
| timeliness verdict | ``reports.agency_kind, deadline, timeliness, days_late, timeliness_reason`` | :func:`refresh_timeliness` (parsers.timeliness with the report's own date, its source, and ``reports.first_seen``) |
| silent edits | ``report_edits`` (one row per edit), ``version_changes`` (one row per cell changed) | :func:`refresh_edits` |
| requests jump | ``flags`` (rule ``requests_jump``) | :func:`refresh_flags` |

**Flags are not checks.** A jump of more than 10× in requests received from one year to the next
is worth a look (a campaign of requests, a typo, a unit slip) but breaks no rule of the form: it is
written to its own table ``flags``, never to ``checks``, so it never counts in
``reports.checks_failed`` or ``rules_broken``.

**An edit** is a new version of a report that replaced the one readers saw: the versions that were
ever current (``is_current`` or ``superseded_at``), in the order the crawl first saw them; a copy
found at another URL that never became current is a duplicate, not an edit. Each edit lists the
cells whose value changed (null ↔ number included) and the metadata that changed (title,
published date); an edit with none changed the text or the layout only.
"""

from __future__ import annotations

from typing import Any

from parsers.timeliness import assess

FINDINGS_SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    report_id TEXT NOT NULL,        -- reports.id of year Y
    flag TEXT NOT NULL,             -- requests_jump
    scope TEXT NOT NULL,            -- "{Y-1}-{Y}"
    detail TEXT,                    -- the numbers
    PRIMARY KEY (report_id, flag, scope)
);
CREATE TABLE IF NOT EXISTS report_edits (
    vid INTEGER PRIMARY KEY,        -- report_versions.vid of the new version
    prev_vid INTEGER NOT NULL,      -- the version it replaced
    rid INTEGER NOT NULL,
    report_id TEXT NOT NULL,
    prev_first_seen TEXT,           -- when the crawl first and last saw the replaced version
    prev_last_seen TEXT,
    first_seen TEXT,                -- when it first saw the new one (the edit happened before)
    last_seen TEXT,
    cells_changed INTEGER NOT NULL,
    changes TEXT                    -- e.g. "apply/1/total 23 → 25, published_date …" (each change)
);
CREATE TABLE IF NOT EXISTS version_changes (
    vid INTEGER NOT NULL,
    prev_vid INTEGER NOT NULL,
    cell_id TEXT NOT NULL,
    before NUMERIC,
    after NUMERIC,
    PRIMARY KEY (vid, cell_id)
);
CREATE INDEX IF NOT EXISTS report_edits_report ON report_edits(report_id);
CREATE INDEX IF NOT EXISTS report_edits_seen ON report_edits(first_seen);
"""

FORM_TABLES = ("active", "apply", "review")
JUMP_FACTOR = 10  # requests received more than 10× the year before …
JUMP_MIN = 20     # … and at least 20 (1 → 11 is not worth a look)
TIMELINESS_COLUMNS = ("agency_kind", "deadline", "timeliness", "days_late", "timeliness_reason")
_META_FIELDS = ("title", "published_date", "form_version")


def ensure_findings_schema(con: Any) -> None:
    """Create the findings tables (statement by statement: executescript would commit an open batch)."""
    for stmt in FINDINGS_SCHEMA.split(";"):
        if stmt.strip():
            con.execute(stmt)


def _rows(con: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


# -- timeliness --------------------------------------------------------------------------------------
def refresh_timeliness(con: Any, agency_id: str) -> None:
    """The Art. 49 verdict of each report of an agency, from its stored date, source and first sighting."""
    # An edit may carry a later date (the CMS restamps a page it republishes): the report was first
    # published at the earliest date of the versions readers saw.
    for r in _rows(con, "select r.rid, r.year, coalesce((select min(v.published_date) from report_versions v "
                        "where v.rid = r.rid and (v.is_current = 1 or v.superseded_at is not null)), r.published_date) "
                        "as published_date, r.published_date as current_date, r.date_source, r.first_seen, a.name "
                        "from reports r left join agencies a on a.id = r.agency_id where r.agency_id = ?",
                   [agency_id]):
        t = assess(r["name"], r["year"], r["published_date"], r["date_source"], r["first_seen"])
        if t["reason"] is None and r["published_date"] != r["current_date"]:
            t["reason"] = f"first published {r['published_date']} (an earlier version); the current one is dated {r['current_date']}"
        con.execute("update reports set agency_kind = ?, deadline = ?, timeliness = ?, days_late = ?, "
                    "timeliness_reason = ? where rid = ?",
                    [t["agency_kind"], t["deadline"], t["verdict"], t["days_late"], t["reason"], r["rid"]])


# -- silent edits ------------------------------------------------------------------------------------
def _column_cells(con: Any) -> dict[str, str]:
    return {r["column_name"]: r["cell_id"] for r in _rows(con, "select column_name, cell_id from form_cells", [])}


def version_cells(con: Any, vid: int, columns: dict[str, str] | None = None) -> dict[str, Any]:
    """{cell_id: value} of one report version, from its rows in the wide tables."""
    columns = columns or _column_cells(con)
    out: dict[str, Any] = {}
    for table in FORM_TABLES:
        for row in _rows(con, f"select * from {table} where vid = ?", [vid]):
            out.update({columns[k]: v for k, v in row.items() if k in columns})
    return out


def diff_cells(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(cell_id, before, after) for every cell whose value differs (a cell only one version has included)."""
    return [(c, before.get(c), after.get(c)) for c in sorted(set(before) | set(after))
            if before.get(c) != after.get(c)]


def _fmt(v: Any) -> str:
    if v is None:
        return "null"
    return f"{v:g}" if isinstance(v, float) else str(v)


def refresh_edits(con: Any, agency_id: str) -> int:
    """Rewrite the edits of an agency's reports; returns how many there are."""
    columns: dict[str, str] | None = None  # read from form_cells once a report has an edit to show
    n = 0
    for rep in _rows(con, "select rid, id from reports where agency_id = ?", [agency_id]):
        con.execute("delete from version_changes where vid in (select vid from report_edits where rid = ?)",
                    [rep["rid"]])
        con.execute("delete from report_edits where rid = ?", [rep["rid"]])
        shown = _rows(con, "select * from report_versions where rid = ? and (is_current = 1 or superseded_at is not null) "
                           "order by first_seen, vid", [rep["rid"]])
        for prev, cur in zip(shown, shown[1:], strict=False):
            columns = columns or _column_cells(con)
            changed = diff_cells(version_cells(con, prev["vid"], columns), version_cells(con, cur["vid"], columns))
            meta = [(f, prev.get(f), cur.get(f)) for f in _META_FIELDS if prev.get(f) != cur.get(f)]
            text = "; ".join(f"{c} {_fmt(a)} → {_fmt(b)}" for c, a, b in changed + meta)
            con.execute("insert into report_edits (vid, prev_vid, rid, report_id, prev_first_seen, prev_last_seen, "
                        "first_seen, last_seen, cells_changed, changes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [cur["vid"], prev["vid"], rep["rid"], rep["id"], prev["first_seen"], prev["last_seen"],
                         cur["first_seen"], cur["last_seen"], len(changed), text or "text or layout only"])
            con.executemany("insert into version_changes (vid, prev_vid, cell_id, before, after) values (?, ?, ?, ?, ?)",
                            [(cur["vid"], prev["vid"], c, a, b) for c, a, b in changed])
            n += 1
    return n


# -- cross-year flags --------------------------------------------------------------------------------
def requests_jump(year: int, cur: Any, prev: Any) -> dict[str, str] | None:
    """The ``requests_jump`` flag of year ``year``, or None: received (row 1 total) > 10× the year before."""
    if cur is None or prev is None or prev < 1 or cur < JUMP_MIN or cur <= JUMP_FACTOR * prev:
        return None
    return {"flag": "requests_jump", "scope": f"{year - 1}-{year}",
            "detail": f"requests received {_fmt(cur)} in {year}, {_fmt(prev)} in {year - 1} "
                      f"({cur / prev:.0f}×): worth a look, not a broken rule"}


def refresh_flags(con: Any, agency_id: str) -> int:
    reports = _rows(con, "select r.id, r.year, a.apply_1_total as received from reports r "
                         "left join apply a on a.vid = r.current_vid where r.agency_id = ? order by r.year",
                    [agency_id])
    by_year = {r["year"]: r for r in reports}
    n = 0
    for r in reports:
        con.execute("delete from flags where report_id = ? and flag = 'requests_jump'", [r["id"]])
        prev = by_year.get(r["year"] - 1)
        flag = requests_jump(r["year"], r["received"], prev["received"]) if prev else None
        if flag:
            con.execute("insert into flags (report_id, flag, scope, detail) values (?, ?, ?, ?)",
                        [r["id"], flag["flag"], flag["scope"], flag["detail"]])
            n += 1
    return n


def refresh_agency(con: Any, agency_id: str) -> None:
    """Every finding of one agency's reports (idempotent: rewrites what it owns)."""
    ensure_findings_schema(con)
    refresh_timeliness(con, agency_id)
    refresh_edits(con, agency_id)
    refresh_flags(con, agency_id)


def refresh_findings(store: Any, agency_id: str) -> None:
    """:func:`refresh_agency` as one unit of a crawl's Store (all or nothing, committed with its batch)."""
    with store._unit():  # noqa: SLF001 - the Store's own savepoint, as its write methods use
        refresh_agency(store.con, agency_id)
