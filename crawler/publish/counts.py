"""Counts computed once: an immutable archive's counts and facet counts, kept after the first request.

A table or view page of Datasette runs a ``count(*)`` and one ``group by`` per facet over every
matching row: O(reports) each, ~20 ms a query at 100,000 reports, five of them on the report
summary page, for answers that never change while a published snapshot is served (``nianbao serve
--public`` serves it immutable). So for an immutable database the results of those aggregate
queries — and only those — are kept in a bounded LRU, keyed by the exact SQL and parameters;
every other query (rows, search, canned queries) runs each time. A query that hits the time limit
raises and is not kept. A mutable database (a crawl writing to it) is never cached.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

MAX_ENTRIES = 2000
MAX_ROWS = 1001  # a facet asks for its size + 1 rows; larger answers are not kept
# Datasette's table count, its facet and suggested-facet queries (datasette/facets.py, views/table.py).
AGGREGATE = re.compile(
    r"^\s*select\s+(?:count\(\*\)\s+from\s|(?:\S+)\s+as\s+value,\s+count\(\*\)\s+as\s+(?:count|n)\s+from\s)",
    re.IGNORECASE)


def _key(sql: str, params: Any, truncate: bool, page_size: Any) -> tuple | None:
    if params is None:
        frozen: tuple = ()
    elif isinstance(params, dict):
        frozen = tuple(sorted((str(k), repr(v)) for k, v in params.items()))
    elif isinstance(params, list | tuple):
        frozen = tuple(repr(v) for v in params)
    else:
        return None
    return (sql, frozen, bool(truncate), page_size)


def keep_counts(db: Any, max_entries: int = MAX_ENTRIES) -> bool:
    """Wrap ``db.execute`` (a Datasette Database) to keep aggregate results; False when ``db`` is mutable."""
    if getattr(db, "is_mutable", True) or getattr(db, "_nianbao_counts", None) is not None:
        return False
    original = db.execute
    kept: OrderedDict[tuple, Any] = OrderedDict()
    db._nianbao_counts = kept

    async def execute(sql: str, params: Any = None, truncate: bool = False, custom_time_limit: Any = None,
                      page_size: Any = None, log_sql_errors: bool = True) -> Any:
        key = _key(sql, params, truncate, page_size) if AGGREGATE.match(sql) else None
        if key is not None and key in kept:
            kept.move_to_end(key)
            return kept[key]
        results = await original(sql, params, truncate=truncate, custom_time_limit=custom_time_limit,
                                 page_size=page_size, log_sql_errors=log_sql_errors)
        if key is not None and len(results.rows) <= MAX_ROWS:
            kept[key] = results
            if len(kept) > max_entries:
                kept.popitem(last=False)
        return results

    db.execute = execute
    return True
