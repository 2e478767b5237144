"""Request limits of the served archive: a search term costs at most what a person types.

A trigram full-text search costs time in the length of its phrase, and a short-term search (the
substring fallback) scans every text: a 3,000-character query used the whole SQL time limit each
time. ``nianbao serve`` configures this plugin (``plugins: nianbao-limits``) and the request is
answered ``400`` before any SQL runs when its search parameters — ``_search``, ``_search_<col>``,
the short-search rewrite ``_short_search`` and the ``q`` of the canned ``search_reports`` — hold
more than ``max_search_chars`` characters or ``max_search_terms`` words in all.

With ``allowed_sql`` configured (a list; ``nianbao serve --public``), a visitor's own SQL is off:
a ``?sql=`` request is answered ``403`` unless its SQL is one of those (the dashboards' charts fetch
their fixed queries that way), and so is ``_where=`` (a raw SQL fragment). Canned queries, tables,
facets and search are untouched. (Datasette's ``default_allow_sql off`` would also stop the
dashboards, which check the ``execute-sql`` permission.)

Loaded by file (``datasette --plugins-dir``), so it imports nothing of its package.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.utils.asgi import Response

PLUGIN = "nianbao-limits"
DEFAULT_MAX_SEARCH_CHARS = 100
DEFAULT_MAX_SEARCH_TERMS = 8


def is_search_param(name: str) -> bool:
    return name == "q" or name == "_short_search" or name == "_search" or name.startswith("_search_")


def search_problem(query_string: bytes, *, max_chars: int = DEFAULT_MAX_SEARCH_CHARS,
                   max_terms: int = DEFAULT_MAX_SEARCH_TERMS) -> str | None:
    """Why the search in ``query_string`` is refused, or None when it is within the limits."""
    if not query_string:
        return None
    values = [v for k, v in parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
              if is_search_param(k)]
    chars = sum(len(v.strip()) for v in values)
    terms = sum(len(v.split()) for v in values)
    if chars > max_chars:
        return f"search too long: {chars} characters (at most {max_chars})"
    if terms > max_terms:
        return f"too many search terms: {terms} (at most {max_terms})"
    return None


def _squeeze(sql: str) -> str:
    return " ".join(sql.split())


def sql_problem(query_string: bytes, allowed_sql: list[str] | None) -> str | None:
    """Why the request's own SQL is refused (None when allowed, or when no list is configured)."""
    if allowed_sql is None or not query_string:
        return None
    allowed = {_squeeze(q) for q in allowed_sql}
    for key, value in parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True):
        if key == "_where":
            return "arbitrary SQL is off on this server: _where is not accepted; use the filters"
        if key == "sql" and _squeeze(value) not in allowed:
            return "arbitrary SQL is off on this server: use the canned queries, the tables and search"
    return None


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def limited(scope: dict[str, Any], receive: Any, send: Any) -> None:
            config = datasette.plugin_config(PLUGIN) if scope.get("type") == "http" else None
            if config:
                problem = search_problem(scope.get("query_string") or b"",
                                         max_chars=int(config.get("max_search_chars", DEFAULT_MAX_SEARCH_CHARS)),
                                         max_terms=int(config.get("max_search_terms", DEFAULT_MAX_SEARCH_TERMS)))
                if problem:
                    response = Response.text(f"检索词过长 · {problem}\n", status=400)
                    await response.asgi_send(send)
                    return
                problem = sql_problem(scope.get("query_string") or b"", config.get("allowed_sql"))
                if problem:
                    await Response.text(f"不接受自定义 SQL · {problem}\n", status=403).asgi_send(send)
                    return
            await app(scope, receive, send)

        return limited

    return wrap
