"""The Datasette plugin of the archive (registered as the ``nianbao`` entry point).

Its jobs:

1. ``/-/archive/<report id | sha256>`` serves the archived copy of a report straight from the WARC
   files, with the original Content-Type, so a report stays readable after its portal deletes it; an
   HTML page gets a banner and its links point into the archive (:mod:`.pages.replay`), ``?raw=1``
   gives the bytes as served.
   The response carries ``Content-Security-Policy: sandbox``: an archived page is foreign HTML served
   from the archive's origin, and must not run scripts or submit forms there.
2. Short searches. The trigram tokenizer cannot match a query shorter than three characters, and
   two-character words are everywhere in Chinese (公开, 复议, 平潭). A request whose ``_search`` has a
   term shorter than three characters (on the text table: every ``_search``) is rewritten (an ASGI
   wrapper) to ``_short_search``, which
   :func:`filters_from_request` answers term by term from the indexes: 3+ characters from the
   trigram index, 1–2 Han characters from the bigram index of the text database; only other short
   terms (two Latin letters) scan the texts, bounded by Datasette's SQL time limit.
3. Report links: an ``archived_copy`` column renders as a link, the ``url`` of a report gets a link to
   its archived copy next to it, and ``report_id`` in the views links to the report's row.
4. Column descriptions fold away: Datasette lists them above the table, which for a wide view is
   150 entries before the first row. A few lines of script put them in a closed ``<details>`` and
   copy each onto its column header as a tooltip.
5. Counts computed once (:mod:`.counts`): on an immutable archive (``nianbao serve --public``) the
   ``count(*)`` and facet queries of table pages are kept after the first request.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import weakref
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

import markupsafe
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Response

from crawler.archive import read_record, resolve_warc_path
from crawler.db import HAN_CHARS, TEXT_BIGRAM, TEXT_FTS
from crawler.scope import document_in_scope

from .counts import keep_counts
from .pages import replay
from .pages import routes as pages
from .pages.form_html import form_table_html
from .pages.words import RULES
from .views import ARCHIVE_PATH

PLUGIN = "nianbao"
MIN_TRIGRAM = 3  # shorter search terms cannot match a trigram index
SHORT_SEARCH = "_short_search"  # must not start with "_search": Datasette treats those as FTS columns
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
HAN = re.compile(f"[{HAN_CHARS}]+")


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
# A report read from an article cut by page breaks: its joined bytes were never served (no record of
# their own); its row names the archived pages, and the first page's record is its archived copy.
JOINED_DOCUMENT = """
select d.joined_from from reports r join documents d on d.url = r.document_url and d.sha256 = r.sha256
where r.id = :key and d.joined_from is not null
union all
select joined_from from documents where sha256 = :key and joined_from is not null
"""
DOCUMENT_AT = "select * from documents where url = ? and sha256 = ? and warc_file is not null"


def joined_pages(value: str | None) -> list[dict[str, str]]:
    """The pages (``url``, ``sha256``) a ``documents.joined_from`` value names, in order."""
    try:
        pages = json.loads(value or "[]")
    except ValueError:
        return []
    return [p for p in pages if isinstance(p, dict) and p.get("url") and p.get("sha256")] \
        if isinstance(pages, list) else []


async def find_document(datasette: Any, db_name: str, key: str) -> dict[str, Any] | None:
    """The documents row holding the archived copy of a report id or a content sha256; for a report
    joined from an article's pages, the first page's row, with ``joined_pages`` naming them all."""
    db = datasette.get_database(db_name)
    sql = DOCUMENT_BY_SHA256 if _SHA256.match(key) else DOCUMENT_OF_REPORT
    rows = (await db.execute(sql, {"key": key})).rows
    if rows:
        return dict(rows[0])
    for row in (await db.execute(JOINED_DOCUMENT, {"key": key})).rows:
        pages = joined_pages(row["joined_from"])
        if not pages:
            continue
        first = (await db.execute(DOCUMENT_AT, [pages[0]["url"], pages[0]["sha256"]])).rows
        if first:
            doc = dict(first[0])
            if not _SHA256.match(key):
                doc["report_id"] = doc.get("report_id") or key
            doc["joined_pages"] = pages
            return doc
    return None


def _http_date(warc_date: str | None) -> str | None:
    if not warc_date:
        return None
    try:
        return format_datetime(datetime.fromisoformat(warc_date.replace("Z", "+00:00")), usegmt=True)
    except ValueError:
        return None


LINKED_DOCUMENTS = "select url, sha256, fetched_at from documents where warc_file is not null and url in ({})"


async def archived_links(datasette: Any, db_name: str, urls: list[str], when: str) -> dict[str, str]:
    """url → link to its archived copy, for the urls the archive holds (the capture closest to ``when``)."""
    db = datasette.get_database(db_name)
    captures: dict[str, list[tuple[str, str]]] = {}
    for i in range(0, len(urls), 500):
        chunk = urls[i:i + 500]
        sql = LINKED_DOCUMENTS.format(",".join("?" for _ in chunk))
        for r in (await db.execute(sql, chunk)).rows:
            captures.setdefault(r["url"], []).append((r["sha256"], r["fetched_at"]))
    out = {}
    for url, caps in captures.items():
        sha = replay.closest(caps, when)
        if sha:
            out[url] = datasette.urls.path(ARCHIVE_PATH + sha)
    return out


async def archived_copy(request: Any, datasette: Any) -> Response:
    """``/-/archive/<key>``: the archived copy; an HTML page with a banner and links into the archive.

    ``?raw=1`` gives the payload of the WARC record exactly as the portal served it.
    """
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
    original = record.url or doc["url"]
    headers = {
        "Content-Security-Policy": "sandbox",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex",
        "Link": f'<{quote(original, safe=":/?&=%#;,+@")}>; rel="original"',
        "X-Archive-Original-URL": quote(original, safe=":/?&=%#;,+@"),
        "X-Archive-SHA256": doc["sha256"],
    }
    memento = _http_date(record.warc_date)
    if memento:
        headers["Memento-Datetime"] = memento
    content_type = record.content_type or doc.get("content_type") or "application/octet-stream"
    body = record.body
    if replay.is_html(content_type) and not request.args.get("raw"):
        captured = record.warc_date or doc.get("fetched_at") or ""
        report = doc.get("report_id") or (key if not _SHA256.match(key) else None)
        html = replay.banner(original_url=original, captured=captured[:19].replace("T", " ") + " UTC"
                             if captured else None,
                             report_href=pages.report_href(datasette, report) if report else None,
                             raw_href=datasette.urls.path(ARCHIVE_PATH + quote(key, safe="")) + "?raw=1",
                             joined=[(p["url"], datasette.urls.path(ARCHIVE_PATH + p["sha256"]))
                                     for p in doc.get("joined_pages") or []])
        # Collect the page's links first (parsing is CPU work: off the event loop), then ask the
        # archive which it holds, then rewrite.
        urls = await asyncio.to_thread(replay.page_links, body, content_type, original)
        if urls is not None:
            targets = await archived_links(datasette, db_name, urls, captured)
            rewritten = await asyncio.to_thread(replay.rewrite, body, content_type, page_url=original,
                                                targets=targets, banner_html=html)
            if rewritten is not None:
                body, content_type = rewritten, "text/html; charset=utf-8"
    return Response(body, status=200, headers=headers, content_type=content_type)


async def report_route(request: Any, datasette: Any) -> Response:
    return await pages.report_page(request, datasette, _database_name(datasette))


async def agency_route(request: Any, datasette: Any) -> Response:
    return await pages.agency_page(request, datasette, _database_name(datasette))


async def downloads_route(request: Any, datasette: Any) -> Response:
    return await pages.downloads_page(request, datasette, _database_name(datasette))


async def download_file_route(request: Any, datasette: Any) -> Any:
    return await pages.download_file(request, datasette, _database_name(datasette))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    from .feeds import FEED_PATH, changed_feed  # crawler/findings.py's edits as Atom

    return [
        (r"^/-/archive/(?P<key>[^/]+)$", archived_copy),
        (f"^{re.escape(FEED_PATH)}$", changed_feed),
        (r"^/-/report/(?P<key>[^/]+)$", report_route),
        (r"^/-/agency/(?P<key>[^/]+)$", agency_route),
        (r"^/-/downloads/?$", downloads_route),
        (r"^/-/downloads/(?P<name>.+)$", download_file_route),
    ]


@hookimpl
def startup(datasette: Any) -> None:
    pages.add_templates(datasette)
    without_markdown_cells()
    keep_table_permissions(datasette)
    for db in datasette.databases.values():
        keep_counts(db)  # immutable databases only: counts and facets computed once (.counts)


MARKDOWN_PLUGIN = "render_markdown"  # datasette-render-markdown, which datasette-dashboards requires


def without_markdown_cells() -> bool:
    """Take datasette-render-markdown's ``render_cell`` out of the page rendering; True when it did.

    The dashboards need its template function (``render_markdown``), not its cell hook, which runs
    for every cell of every table page and looks up its configuration each time (Datasette deep-copies
    the metadata for that): about a third of a facet page's CPU. The archive has no markdown columns
    (that plugin converts columns named ``*_markdown`` or listed in its configuration, which we never
    set), so no cell renders differently. Its other hooks stay registered.
    """
    import types

    from datasette.plugins import pm

    module = pm.get_plugin(MARKDOWN_PLUGIN)
    if module is None or getattr(module, "_nianbao_without_cells", False):
        return False
    keep = types.ModuleType(f"{module.__name__}_without_cells")
    keep._nianbao_without_cells = True  # type: ignore[attr-defined]
    for hook in ("extra_template_vars", "prepare_jinja2_environment"):
        if hasattr(module, hook):
            setattr(keep, hook, getattr(module, hook))
    pm.unregister(module)
    pm.register(keep, name=MARKDOWN_PLUGIN)
    return True


def keep_table_permissions(datasette: Any) -> bool:
    """Compute each table's ``allow`` rules from the metadata once; True when it did so.

    Datasette 0.65.5 finds them, for every permission check of a table page (two a request), by
    deep-copying the whole metadata (160 KB with the wide views' column descriptions): ~10 % of a
    facet page's CPU. The metadata is read once at startup and no installed plugin supplies more
    (``get_metadata``), so the answer per (database, table) never changes; when some plugin does
    supply metadata, nothing is kept.
    """
    from datasette.plugins import pm

    original = getattr(datasette, "_table_permission_allows", None)
    if original is None or getattr(original, "_nianbao_kept", False) or pm.hook.get_metadata.get_hookimpls():
        return False
    kept: dict[tuple[str, str], list[Any]] = {}

    def allows(database: str, table: str) -> list[Any]:
        if (database, table) not in kept:
            kept[(database, table)] = original(database, table)
        return list(kept[(database, table)])

    allows._nianbao_kept = True  # type: ignore[attr-defined]
    datasette._table_permission_allows = allows
    return True


# -- table rows --------------------------------------------------------------------------------------
def table_rows_html(display_rows: Any) -> markupsafe.Markup:
    """The ``<tr>`` rows of a table page as Datasette's ``_table.html`` writes them (our copy of that
    template calls this): each cell ``<td class="col-{column} type-{value type}">{value}</td>``,
    the value escaped unless a ``render_cell`` hook made it markup.

    Jinja's async rendering spends ~20 µs on each cell; a page of 20 rows × 30 columns cost more
    here than all its SQL. The whitespace between the tags differs, nothing else.
    """
    from datasette.utils import to_css_class

    escape = markupsafe.escape
    classes: dict[str, str] = {}
    out = []
    for row in display_rows:
        out.append("<tr>")
        for cell in row:
            column = cell["column"]
            css = classes.get(column)
            if css is None:
                css = classes[column] = str(escape(to_css_class(column)))
            out.append(f'<td class="col-{css} type-{escape(cell["value_type"])}">{escape(cell["value"])}</td>')
        out.append("</tr>\n")
    return markupsafe.Markup("".join(out))


def query_rows_html(columns: list[str], display_rows: Any) -> markupsafe.Markup:
    """The ``<tr>`` rows of a query page (canned queries) as Datasette's ``query.html`` writes them
    (our copy of it calls this): ``<td class="col-{column}">{value}</td>``, escaped unless markup."""
    from datasette.utils import to_css_class

    escape = markupsafe.escape
    classes = [f'<td class="col-{escape(to_css_class(c))}">' for c in columns]
    return markupsafe.Markup("".join(
        "<tr>" + "".join(f"{css}{escape(td)}</td>" for css, td in zip(classes, row, strict=False)) + "</tr>\n"
        for row in display_rows))


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.globals["nb_table_rows"] = table_rows_html
    env.globals["nb_query_rows"] = query_rows_html
    env.globals["nb_form_table"] = form_table_html


# -- short searches -------------------------------------------------------------------------------
TEXT_TABLE_PATH = re.compile(r"/report_text(?:\.json|\.csv)?$")  # the text database's searchable table


def rewrite_short_search(query_string: bytes, *, every: bool = False) -> bytes | None:
    """The query string with a too-short ``_search`` renamed to ``_short_search``; None if unchanged.

    ``every``: rename it whatever its length (the text table: :func:`filters_from_request` reads the
    indexes in an order that stops after a page, where Datasette's own search reads every match).
    A page of results carries ``_short_search`` on as a hidden field of the search form, so a new
    ``_search`` drops any earlier ``_short_search`` (or both would apply).
    """
    if b"_search=" not in query_string:
        return None
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    if not any(k == "_search" for k, _ in pairs):
        return None
    short = any(k == "_search" and (every or is_short_query(v)) and v.strip() for k, v in pairs)
    if not short and not any(k == SHORT_SEARCH for k, _ in pairs):
        return None
    kept = [(k, v) for k, v in pairs if k != SHORT_SEARCH]
    return urlencode([(SHORT_SEARCH if k == "_search" and short else k, v) for k, v in kept]).encode()


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def short_search_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                rewritten = rewrite_short_search(scope.get("query_string") or b"",
                                                 every=bool(TEXT_TABLE_PATH.search(scope.get("path", ""))))
                if rewritten is not None:
                    scope = {**scope, "query_string": rewritten}
                path = scope.get("path", "")
                if path.endswith(".csv") and not path.startswith("/-/"):
                    send = excel_csv(send, _base_url(scope))
            await app(scope, receive, send)

        return short_search_app

    return wrap


# -- CSV for Excel ------------------------------------------------------------------------------------
BOM = "\ufeff".encode()
_CSV_TYPES = (b"text/csv", b"text/plain")


def _base_url(scope: dict[str, Any]) -> str:
    """``scheme://host`` the request came to (what an absolute link in the answer must start with)."""
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1")
    if not host:
        server = scope.get("server") or ("localhost", None)
        host = f"{server[0]}:{server[1]}" if server[1] else server[0]
    return f"{scope.get('scheme', 'http')}://{host}"


def absolute_archive_links(chunk: bytes, base: str) -> bytes:
    """The archive's ``/-/archive/…`` values of a CSV chunk as absolute URLs (a cell starts with them).

    Datasette writes a CSV one row per chunk, so a value never straddles two chunks.
    """
    prefix = ARCHIVE_PATH.encode()
    if prefix not in chunk:
        return chunk
    absolute = base.encode() + prefix
    out = chunk.replace(b"," + prefix, b"," + absolute).replace(b"\n" + prefix, b"\n" + absolute)
    return absolute + out[len(prefix):] if out.startswith(prefix) else out


def excel_csv(send: Any, base: str) -> Any:
    """Wrap ``send`` so a CSV answer starts with a UTF-8 byte-order mark and links absolute.

    Without the mark Excel reads UTF-8 as the local code page and the Chinese turns to mojibake;
    every CSV reader that knows UTF-8 skips it. A relative ``/-/archive/…`` link is useless in a file.
    """
    state = {"csv": False, "first": True}

    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", [])]
            ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
            state["csv"] = message.get("status") == 200 and ctype.startswith(_CSV_TYPES)
            if state["csv"]:  # the length changes: let the server frame the body
                message = {**message, "headers": [(k, v) for k, v in headers if k.lower() != b"content-length"]}
        elif message["type"] == "http.response.body" and state["csv"]:
            body = absolute_archive_links(message.get("body", b""), base)
            if state["first"] and body:
                state["first"] = False
                body = BOM + body
            message = {**message, "body": body}
        await send(message)

    return wrapped


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def is_han(term: str) -> bool:
    """Every character is Han (what the bigram index holds: crawler.db.bigrams)."""
    return bool(term) and HAN.fullmatch(term) is not None


def short_search_clause(term: str, param: str, cols: list[str], fts_table: str,
                        bigram_table: str | None) -> tuple[str, str]:
    """(SQL condition, parameter value) matching the rows whose indexed columns contain ``term``.

    3+ characters: the trigram index, as a phrase. 1–2 Han characters, where the database has the
    bigram index beside the trigram one (the text database): one bigram token, or for a single
    character any token starting with it (``crawler.db.bigrams`` puts every character at the start
    of a token). Anything else (two Latin letters, a digit and a character): a substring scan,
    bounded by the SQL time limit.

    ``+rowid``: the matches are a set to test rows against, not the way in. The page then reads the
    table in its index order (report_text_year) and stops after a page, and the count reads that
    small index; looking every match up by rowid would read each 10 KB text (80,000 of them for 复议
    at 100,000 reports) to sort them by year or to count them.
    """
    if len(term) >= MIN_TRIGRAM:
        return f'+rowid in (select rowid from "{fts_table}" where "{fts_table}" match :{param})', _fts_phrase(term)
    if bigram_table and is_han(term):
        return (f'+rowid in (select rowid from "{bigram_table}" where "{bigram_table}" match :{param})',
                _fts_phrase(term) + (" *" if len(term) == 1 else ""))
    return "(" + " or ".join(f'instr(coalesce("{c}", \'\'), :{param}) > 0' for c in cols) + ")", term


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
        bigram = TEXT_BIGRAM if fts_table == TEXT_FTS and await db.table_exists(TEXT_BIGRAM) else None
        clauses, params = [], {}
        for i, term in enumerate(t.strip('"') for t in q.split()):
            if not term:
                continue
            clause, params[f"short_search_{i}"] = short_search_clause(term, f"short_search_{i}", cols, fts_table,
                                                                       bigram)
            clauses.append(clause)
        return FilterArguments(clauses, params, [f'search contains "{q}"'], {"search": q})

    return inner


# -- report links -----------------------------------------------------------------------------------
def _field(row: Any, key: str) -> Any:
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


def _link(href: str, text: str) -> markupsafe.Markup:
    return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">{markupsafe.escape(text)}</a>')


def _rule_html(rule: str) -> markupsafe.Markup:
    zh, en = RULES.get(rule, ("", ""))
    if not zh:
        return markupsafe.Markup(f"<code>{markupsafe.escape(rule)}</code>")
    return markupsafe.Markup(f'{markupsafe.escape(zh)} <span class="nb-en">· {markupsafe.escape(en)}</span> '
                             f"<code>{markupsafe.escape(rule)}</code>")


RENDERED_COLUMNS = frozenset({"archived_copy", "url", "report_id", "id", "agency_id", "agency", "agency_name", "name",
                              "rule", "rules_broken"})


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Links to the report and agency pages and archived copies; rule names in words."""
    if column not in RENDERED_COLUMNS:  # called for every cell of every page: most are left alone
        return None
    if column == "archived_copy" and isinstance(value, str) and value.startswith(ARCHIVE_PATH):
        href = datasette.urls.path(ARCHIVE_PATH + quote(value[len(ARCHIVE_PATH):], safe=""))
        return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">存档副本 archived copy</a>')
    if table == "reports" and column == "url" and isinstance(value, str) and value.startswith("http"):
        rid = _field(row, "id")
        if rid is None:
            return None
        href = datasette.urls.path(ARCHIVE_PATH + quote(str(rid), safe=""))
        return markupsafe.Markup(
            f'<a href="{markupsafe.escape(value)}">{markupsafe.escape(value)}</a> · '
            f'<a href="{markupsafe.escape(href)}">存档副本 archived copy</a>')
    if not isinstance(value, str) or not value:
        return None
    if column == "report_id" or (table == "reports" and column == "id"):
        return _link(pages.report_href(datasette, value), value)
    if column == "agency_id" or (table == "agencies" and column == "id"):
        return _link(pages.agency_href(datasette, value), value)
    if column in ("agency", "agency_name") or (table == "agencies" and column == "name"):
        aid = _field(row, "agency_id") or (_field(row, "id") if table == "agencies" else None)
        rid = _field(row, "report_id")
        if not aid and isinstance(rid, str) and ":" in rid:
            aid = rid.rsplit(":", 1)[0]
        return _link(pages.agency_href(datasette, aid), value) if aid else None
    if column == "rule" and value in RULES:
        return _rule_html(value)
    if column == "rules_broken" and value.startswith("["):
        try:
            rules = json.loads(value)
        except ValueError:
            return None
        if isinstance(rules, list) and rules and all(isinstance(r, str) for r in rules):
            return markupsafe.Markup("<br>".join(_rule_html(r) for r in rules))
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


READABLE_JS = """
(function () {
  var zh = %s;
  var rules = %s;
  document.querySelectorAll("table.rows-and-columns th").forEach(function (th) {
    var name = th.getAttribute("data-column") || th.textContent.trim();
    var label = zh[name];
    if (!label || th.querySelector(".nb-zh")) { return; }
    var span = document.createElement("span");
    span.className = "nb-zh";
    span.style.display = "block";
    span.style.fontWeight = "bold";
    span.style.whiteSpace = "normal";
    span.style.minWidth = "6em";
    span.style.maxWidth = "14em";
    span.textContent = label;
    th.insertBefore(span, th.firstChild);
  });
  document.querySelectorAll(".facet-info").forEach(function (facet) {
    var label = zh[facet.getAttribute("data-column")];
    var strong = facet.querySelector(".facet-info-name strong");
    if (label && strong && !strong.querySelector(".nb-zh")) {
      var span = document.createElement("span");
      span.className = "nb-zh";
      span.textContent = label + " ";
      strong.insertBefore(span, strong.firstChild);
    }
  });
  document.querySelectorAll('.facet-info[data-column="rule"] li a, .facet-info[data-column="rules_broken"] li a')
    .forEach(function (a) {
      var words = rules[a.textContent.trim()];
      if (words && !a.title) { a.title = words[1]; a.textContent = words[0] + " " + a.textContent.trim(); }
    });
  document.querySelectorAll('.facet-info[data-column="year"] ul').forEach(function (ul) {
    var key = function (li) { var m = li.textContent.trim().match(/^\\d{4}/); return m ? +m[0] : 1e9; };
    Array.prototype.slice.call(ul.children).sort(function (a, b) { return key(a) - key(b); })
      .forEach(function (li) { ul.appendChild(li); });
  });
})();
"""
_CUT = ("：", "（", "(")


def zh_label(description: str) -> str:
    """The Chinese name of a column from its description ``中文 · English``.

    A wide view's cell column says ``row label · col label — English``: both labels are kept.
    Elsewhere the Chinese part is cut at its first explanation (``报告标识：…`` → ``报告标识``).
    """
    if " — " in description:
        return description.split(" — ", 1)[0].strip()
    zh = description.split(" · ", 1)[0].strip()
    cut = min((i for i in (zh.find(c) for c in _CUT) if i >= 2), default=len(zh))
    return zh[:cut].strip()


def column_labels(datasette: Any, database: str | None, table: str | None) -> dict[str, str]:
    """column → Chinese label: the table's own descriptions, else the first any table gives that name.

    Kept per Datasette instance, database and table: reading the metadata deep-copies it (160 KB with
    the wide views' descriptions), which cost a table page more than its SQL.
    """
    if not database:
        return {}
    kept = _LABELS.setdefault(datasette, {})
    if (database, table) not in kept:
        kept[(database, table)] = _column_labels(datasette, database, table)
    return kept[(database, table)]


_LABELS: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None], dict[str, str]]] = weakref.WeakKeyDictionary()


def _column_labels(datasette: Any, database: str, table: str | None) -> dict[str, str]:
    tables = datasette.metadata("tables", database=database) or {}
    others = [datasette.metadata("tables", database=name) or {} for name in datasette.databases if name != database]
    out: dict[str, str] = {}
    for group in (tables, *others):
        for meta in group.values():
            for col, desc in (meta.get("columns") or {}).items():
                if isinstance(desc, str):
                    out.setdefault(col, zh_label(desc))
    if table and table in tables:
        for col, desc in (tables[table].get("columns") or {}).items():
            if isinstance(desc, str):
                out[col] = zh_label(desc)
    return out


@hookimpl
def extra_body_script(template: str, database: str | None, table: str | None, columns: Any, view_name: str,
                      request: Any, datasette: Any) -> str:
    if view_name not in ("table", "query", "row"):
        return ""
    labels = column_labels(datasette, database, table)
    if columns:
        labels = {c: labels[c] for c in columns if c in labels}
    script = READABLE_JS % tuple(json.dumps(x, ensure_ascii=False).replace("</", "<\\/") for x in (labels, RULES))
    return (FOLD_DESCRIPTIONS_JS if view_name == "table" else "") + script
