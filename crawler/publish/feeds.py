"""``/-/changed.atom``: an Atom feed of reports changed after publication (silent edits).

One entry per edit (``report_edits``, written by crawler/findings.py): the report, when the crawl
first saw the new version, how long the replaced one had been seen, and which cells changed from
what to what. Feed readers and supervising offices subscribe to it instead of re-reading reports.
Registered by crawler/publish/plugin.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from datasette.utils.asgi import Response

FEED_PATH = "/-/changed.atom"
FEED_LIMIT = 200

EDITS_SQL = """
select e.vid, e.report_id, e.first_seen, e.prev_first_seen, e.prev_last_seen, e.cells_changed, e.changes,
  r.rid, r.title, r.url, r.year, a.name as agency, a.province
from report_edits e join reports r on r.rid = e.rid left join agencies a on a.id = r.agency_id
order by e.first_seen desc, e.vid desc
limit :limit
"""


def _atom_time(value: str | None) -> str:
    """ISO-8601 with a zone, as Atom requires (the archive's timestamps are UTC ``...Z``)."""
    if not value:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value if value.endswith("Z") or "+" in value[10:] else value + "Z"


def atom_feed(rows: list[dict[str, Any]], *, feed_url: str, base_url: str) -> str:
    """The Atom XML of the edits in ``rows`` (newest first)."""
    updated = _atom_time(rows[0]["first_seen"] if rows else None)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           "<title>发布后被修改的年度报告 · Reports changed after publication</title>",
           f"<id>{escape(feed_url)}</id>",
           f'<link rel="self" href="{escape(feed_url)}"/>',
           f"<updated>{updated}</updated>",
           "<author><name>nianbao</name></author>"]
    for r in rows:
        link = f"{base_url}/-/archive/{r['report_id']}"
        title = f"{r['agency'] or r['report_id']} {r['year']}: " + (
            f"{r['cells_changed']} 个数字被修改 · {r['cells_changed']} numbers changed" if r["cells_changed"]
            else "文字修改 · text changed")
        summary = (f"{r['changes']}\n\n旧版本 previous version seen {r['prev_first_seen']} … {r['prev_last_seen']}; "
                   f"新版本 new version first seen {r['first_seen']}. {r['title'] or ''} {r['url'] or ''}")
        out += ["<entry>",
                f"<id>{escape(feed_url)}#edit-{r['vid']}</id>",
                f"<title>{escape(title)}</title>",
                f'<link href="{escape(link)}"/>',
                f"<updated>{_atom_time(r['first_seen'])}</updated>",
                f"<summary>{escape(summary)}</summary>",
                "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


async def changed_feed(request: Any, datasette: Any) -> Response:
    from .plugin import _database_name

    db_name = _database_name(datasette)
    await datasette.ensure_permissions(request.actor, [("view-database", db_name), "view-instance"])
    db = datasette.get_database(db_name)
    rows: list[dict[str, Any]] = []
    if await db.table_exists("report_edits"):
        rows = [dict(r) for r in (await db.execute(EDITS_SQL, {"limit": FEED_LIMIT})).rows]
    base = datasette.absolute_url(request, "").rstrip("/")
    body = atom_feed(rows, feed_url=base + FEED_PATH, base_url=base)
    return Response(body, status=200, content_type="application/atom+xml; charset=utf-8")
