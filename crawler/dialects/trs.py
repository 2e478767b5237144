"""TRS WCM lists: the pager is written by ``createPageHTML(...)`` in the browser.

Two forms of the call are in use; both name the page count, the current page, the file stem and
the extension, and the other pages sit next to the current one:

- ``createPageHTML(total, current, "index", "shtml")`` — 0-based: page 1 is ``index.shtml``,
  page 2 ``index_1.shtml``, the last ``index_{total-1}.shtml``;
- ``createPageHTML('paging', total, current, 'index', 'html', records)`` — 1-based, a target
  element id first: page 2 is ``index_2.html``, the last ``index_{total}.html``.

Arguments may be variables set just before (``var countPage = 12``); those are looked up.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_CALL = re.compile(r"(?<![\w.])(?<!function )createPageHTML\s*\(([^()]*)\)")
MAX_PAGES = 500


def _args(raw: str) -> list[str]:
    return [a.strip().strip("'\"").strip() for a in raw.split(",")]


def _number(arg: str, script: str) -> int | None:
    if arg.isdigit():
        return int(arg)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
        m = re.search(rf"(?<![\w$]){re.escape(arg)}\s*=\s*['\"]?(\d+)", script)
        if m:
            return int(m.group(1))
    return None


def page_urls(page_url: str, html: str) -> list[str]:
    """The other pages of a TRS list, from its ``createPageHTML`` call (empty when it has none)."""
    urls: dict[str, None] = {}
    for m in _CALL.finditer(html):
        raw = m.group(1)
        args = _args(raw)
        # The 1-based form leads with the pager's element id (a string, not a number).
        one_based = bool(args) and not args[0].isdigit() and (
            raw.strip()[:1] in "'\"" or (len(args) >= 5 and _number(args[0], html) is None))
        if one_based:
            args = args[1:]
        if len(args) < 4:
            continue
        total = _number(args[0], html)
        stem, ext = args[2], args[3]
        if total is None or not re.fullmatch(r"[\w-]+", stem) or not re.fullmatch(r"[a-z]{2,5}", ext, re.I):
            continue
        total = min(total, MAX_PAGES)
        numbers = range(2, total + 1) if one_based else range(1, total)
        for n in numbers:
            urls[urljoin(page_url, f"{stem}_{n}.{ext}")] = None
    urls.pop(page_url, None)
    return list(urls)
