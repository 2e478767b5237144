"""The Datasette plugin of the archive (registered as the ``nianbao`` entry point).

Three jobs:

1. ``/-/archive/<report id | sha256>`` serves the archived copy of a report straight from the WARC
   files, with the original Content-Type, so a report stays readable after its portal deletes it.
   The response carries ``Content-Security-Policy: sandbox``: an archived page is foreign HTML served
   from the archive's origin, and must not run scripts or submit forms there.
2. Short searches. The trigram tokenizer cannot match a query shorter than three characters, and
   two-character words are everywhere in Chinese (公开, 复议, 平潭). A request whose ``_search`` has a
   term shorter than three characters is rewritten (an ASGI wrapper) to ``_short_search``, which
   :func:`filters_from_request` turns into a substring match over the indexed columns. A full scan,
   bounded by Datasette's SQL time limit; longer queries keep using the index.
3. Report links: an ``archived_copy`` column renders as a link, the ``url`` of a report gets a link to
   its archived copy next to it, and ``report_id`` in the views links to the report's row.
4. Column descriptions fold away: Datasette lists them above the table, which for a wide view is
   150 entries before the first row. A few lines of script put them in a closed ``<details>`` and
   copy each onto its column header as a tooltip.
"""

from __future__ import annotations

import asyncio
import os
import re
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

import markupsafe
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from crawler.archive import read_record, resolve_warc_path
from crawler.scope import document_in_scope

from .views import ARCHIVE_PATH, view_definitions

PLUGIN = "nianbao"
MIN_TRIGRAM = 3  # shorter search terms cannot match a trigram index
SHORT_SEARCH = "_short_search"  # must not start with "_search": Datasette treats those as FTS columns
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_VIEWS = frozenset(view_definitions())


def is_short_query(q: str) -> bool:
    """True when some term of ``q`` is too short for the trigram index (so MATCH would find nothing)."""
    terms = [t.strip('"') for t in q.split()]
    return any(0 < len(t) < MIN_TRIGRAM for t in terms)


def _config(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config(PLUGIN) or {}


def _database_name(datasette: Any) -> str:
    """The archive's database: the one the metadata names, else the first with a reports table."""
    name = _config(datasette).get("database")
    if name and name in datasette.databases:
        return name
    for candidate in datasette.databases:
        if candidate != "_internal":
            return candidate
    raise LookupError("no database")


def _warc_dir(datasette: Any) -> str | None:
    return _config(datasette).get("warc_dir") or os.environ.get("NIANBAO_WARC_DIR")


# -- the archived copy -------------------------------------------------------------------------------
DOCUMENT_OF_REPORT = """
select d.* from reports r join documents d on d.url = r.document_url and d.sha256 = r.sha256
where r.id = :key and d.warc_file is not null
union all
select d.* from documents d where d.report_id = :key and d.warc_file is not null
"""
DOCUMENT_BY_SHA256 = "select * from documents where sha256 = :key and warc_file is not null order by fetched_at desc"


async def find_document(datasette: Any, db_name: str, key: str) -> dict[str, Any] | None:
    """The documents row holding the archived copy of a report id or a content sha256."""
    db = datasette.get_database(db_name)
    sql = DOCUMENT_BY_SHA256 if _SHA256.match(key) else DOCUMENT_OF_REPORT
    rows = (await db.execute(sql, {"key": key})).rows
    return dict(rows[0]) if rows else None


def _http_date(warc_date: str | None) -> str | None:
    if not warc_date:
        return None
    try:
        return format_datetime(datetime.fromisoformat(warc_date.replace("Z", "+00:00")), usegmt=True)
    except ValueError:
        return None


async def archived_copy(request: Any, datasette: Any) -> Response:
    """``/-/archive/<key>``: the payload of the WARC record, as the portal served it."""
    key = unquote(request.url_vars["key"])  # Datasette hands over the path still percent-encoded
    db_name = _database_name(datasette)
    await datasette.ensure_permissions(request.actor, [("view-database", db_name), "view-instance"])
    doc = await find_document(datasette, db_name, key)
    if doc is not None and not document_in_scope(doc["url"], doc.get("site"), of_report=bool(doc.get("report_id"))):
        doc = None  # fetched outside its site's scope (crawler/scope.py): never served
    if doc is None:
        return Response.html(f"<p>没有存档副本 · No archived copy of {markupsafe.escape(key)}</p>", status=404)
    warc_dir = _warc_dir(datasette)
    path = resolve_warc_path(doc["warc_file"], warc_dir)
    if not path.exists():
        return Response.html(f"<p>存档文件缺失 · WARC file {markupsafe.escape(doc['warc_file'])} is not on this "
                             "server</p>", status=404)
    record = await asyncio.to_thread(read_record, doc["warc_file"], int(doc["warc_offset"]), warc_dir=warc_dir)
    headers = {
        "Content-Security-Policy": "sandbox",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex",
        "Link": f'<{quote(record.url or doc["url"], safe=":/?&=%#;,+@")}>; rel="original"',
        "X-Archive-Original-URL": quote(record.url or doc["url"], safe=":/?&=%#;,+@"),
        "X-Archive-SHA256": doc["sha256"],
    }
    memento = _http_date(record.warc_date)
    if memento:
        headers["Memento-Datetime"] = memento
    content_type = record.content_type or doc.get("content_type") or "application/octet-stream"
    return Response(record.body, status=200, headers=headers, content_type=content_type)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    from .feeds import FEED_PATH, changed_feed  # crawler/findings.py's edits as Atom

    return [(r"^/-/archive/(?P<key>[^/]+)$", archived_copy), (f"^{re.escape(FEED_PATH)}$", changed_feed)]


# -- short searches -------------------------------------------------------------------------------
def rewrite_short_search(query_string: bytes) -> bytes | None:
    """The query string with a too-short ``_search`` renamed to ``_short_search``; None if unchanged.

    A page of results carries ``_short_search`` on as a hidden field of the search form, so a new
    ``_search`` drops any earlier ``_short_search`` (or both would apply).
    """
    if b"_search=" not in query_string:
        return None
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    if not any(k == "_search" for k, _ in pairs):
        return None
    short = any(k == "_search" and is_short_query(v) for k, v in pairs)
    if not short and not any(k == SHORT_SEARCH for k, _ in pairs):
        return None
    kept = [(k, v) for k, v in pairs if k != SHORT_SEARCH]
    return urlencode([(SHORT_SEARCH if k == "_search" and short else k, v) for k, v in kept]).encode()


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def short_search_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                rewritten = rewrite_short_search(scope.get("query_string") or b"")
                if rewritten is not None:
                    scope = {**scope, "query_string": rewritten}
            await app(scope, receive, send)

        return short_search_app

    return wrap


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    q = (request.args.get(SHORT_SEARCH) or "").strip()
    if not q:
        return None

    async def inner() -> FilterArguments | None:
        db = datasette.get_database(database)
        fts_table = datasette.table_metadata(database, table).get("fts_table") or await db.fts_table(table)
        if not fts_table:
            return None
        table_cols = set(await db.table_columns(table))
        cols = [c for c in await db.table_columns(fts_table) if c in table_cols]
        if not cols:
            return None
        clauses, params = [], {}
        for i, term in enumerate(t.strip('"') for t in q.split()):
            if not term:
                continue
            params[f"short_search_{i}"] = term
            clauses.append("(" + " or ".join(f'instr(coalesce("{c}", \'\'), :short_search_{i}) > 0' for c in cols)
                           + ")")
        return FilterArguments(clauses, params, [f'search contains "{q}"'], {"search": q})

    return inner


# -- report links -----------------------------------------------------------------------------------
@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if column == "archived_copy" and isinstance(value, str) and value.startswith(ARCHIVE_PATH):
        href = datasette.urls.path(ARCHIVE_PATH + quote(value[len(ARCHIVE_PATH):], safe=""))
        return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">存档副本 archived copy</a>')
    if table == "reports" and column == "url" and isinstance(value, str) and value.startswith("http"):
        try:
            rid = row["id"]
        except (KeyError, IndexError, TypeError):
            return None
        href = datasette.urls.path(ARCHIVE_PATH + quote(str(rid), safe=""))
        return markupsafe.Markup(
            f'<a href="{markupsafe.escape(value)}">{markupsafe.escape(value)}</a> · '
            f'<a href="{markupsafe.escape(href)}">存档副本 archived copy</a>')
    if table in _VIEWS and column == "report_id" and isinstance(value, str):
        href = datasette.urls.row(database, "reports", tilde_encode(value))
        return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">{markupsafe.escape(value)}</a>')
    return None


# -- column descriptions -------------------------------------------------------------------------
FOLD_DESCRIPTIONS_JS = """
(function () {
  var dl = document.querySelector("dl.column-descriptions");
  if (!dl) { return; }
  document.querySelectorAll("table.rows-and-columns th[data-column-description]").forEach(function (th) {
    th.title = th.getAttribute("data-column-description");
  });
  var details = document.createElement("details");
  details.className = "nianbao-column-descriptions";
  var summary = document.createElement("summary");
  summary.textContent = "列说明 · Column descriptions (" + dl.querySelectorAll("dt").length + ")";
  details.appendChild(summary);
  dl.parentNode.insertBefore(details, dl);
  details.appendChild(dl);
})();
"""


@hookimpl
def extra_body_script(template: str, database: str | None, table: str | None, columns: Any, view_name: str,
                      request: Any, datasette: Any) -> str:
    return FOLD_DESCRIPTIONS_JS if view_name == "table" else ""
