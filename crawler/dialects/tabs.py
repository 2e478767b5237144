"""Tabs that load a list each: the other tabs' lists, from the one call the page made.

A column split by year (or by 本级 / 部门) often shows one tab's list and loads another only when
its tab is clicked: ``/static/nb/2024.json`` for the open tab, ``2023.json`` … on a click, or a
``type=bj`` field that becomes ``type=bm``. Rendering the page records the open tab's call only.
The tabs themselves say what the other calls are: a group of sibling elements (same parent, same
tag) each carrying a value in the same place — a ``data-*`` attribute, an ``onclick`` call's
argument, an ``<option value>``, or a year in a short label (``2023年度``) — one of which the
recorded call carries. That value, swapped for each sibling's, gives the other tabs' calls.

The swap is made only where the call carries the value in exactly one place (a path piece, a
query or body field): a value seen twice would not say which place the tab sets.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from .listservice import PAGE_PARAMS, SIZE_PARAMS

MAX_TABS = 24  # values in one group: more is a menu or a pager, not a row of tabs
MAX_VARIANTS = 24  # calls made from one recorded call
_YEAR_LABEL = re.compile(r"^\D{0,6}((?:19|20)\d\d)\s*(?:年度?|年报)?\D{0,8}$")
_ARGS = re.compile(r"""\w+\s*\(([^()]*)\)""")
_ARG = re.compile(r"""^\s*(?:'([^']*)'|"([^"]*)"|(-?\d+))\s*$""")
_VALUE = re.compile(r"^[\w\u4e00-\u9fff.:-]{1,64}$")
_PATH_PIECE = re.compile(r"[^/._\-]+")
_PAGING = frozenset(n.lower() for n in (*PAGE_PARAMS, *SIZE_PARAMS))


def tab_groups(sel: Selector) -> list[list[str]]:
    """Groups of values a row of tabs carries (each group: one place, sibling elements, ≥ 2
    distinct values), in page order."""
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for el in sel.xpath("//body//*[not(self::script or self::style)]"):
        node = el.root
        key = _row_key(node)
        if key is None:
            continue
        for name, value in node.attrib.items():
            if name.startswith("data-") and _VALUE.match(value.strip()):
                groups[(*key, name)].append(value.strip())
            elif name == "onclick":
                for call in _ARGS.findall(value)[:1]:
                    for i, arg in enumerate(call.split(",")):
                        m = _ARG.match(arg)
                        if m and _VALUE.match(v := next(g for g in m.groups() if g is not None)):
                            groups[(*key, f"onclick{i}")].append(v)
        if node.tag == "option" and _VALUE.match((node.get("value") or "").strip()):
            groups[(*key, "value")].append(node.get("value").strip())
        label = " ".join("".join(node.itertext()).split())
        if node.tag in ("a", "li", "button", "span", "option", "div", "td", "th", "label") and len(label) <= 16:
            m = _YEAR_LABEL.match(label)
            if m:
                groups[(*key, "year")].append(m.group(1))
    out = []
    for values in groups.values():
        distinct = list(dict.fromkeys(values))
        if 2 <= len(distinct) <= MAX_TABS and len(distinct) == len(values):
            out.append(distinct)
    return out


def _row_key(node: Any) -> tuple[Any, ...] | None:
    """What the tabs of one row share: the parent of the row's items and the tags down to the
    element (``<li><a data-y>`` in a ``<ul>``: the ul, li/a), an only child standing for its wrapper."""
    tags = [node.tag]
    item = node
    for _ in range(2):
        parent = item.getparent()
        if parent is None:
            return None
        if len([c for c in parent if isinstance(c.tag, str)]) != 1:
            break
        item = parent
        tags.append(item.tag)
    parent = item.getparent()
    return None if parent is None else (parent.getroottree().getpath(parent), *tags)


def _paging(field: str) -> bool:
    """A page or page-size field: a pager's buttons set it, no tab does (the walk pages it)."""
    return field.lower() in _PAGING


def _places(url: str, method: str, body: str | None) -> list[tuple[str, Any, str]]:
    """Every place a request carries a value: ``(where, key, value)``; where is path (key: the
    piece's span), query, form or json (key: the field's path)."""
    parts = urlsplit(url)
    found: list[tuple[str, Any, str]] = [("path", m.span(), m.group(0)) for m in _PATH_PIECE.finditer(parts.path)]
    found += [("query", i, v) for i, (k, v) in enumerate(parse_qsl(parts.query, keep_blank_values=True))
              if not _paging(k)]
    if method.upper() == "POST" and body:
        text = body.strip()
        try:
            data = json.loads(text) if text.startswith("{") else None
        except ValueError:
            data = None
        if isinstance(data, dict):
            def walk(node: Any, path: tuple[str, ...]) -> None:
                for k, v in node.items():
                    if isinstance(v, dict) and len(path) < 3:
                        walk(v, (*path, k))
                    elif isinstance(v, (str, int)) and not isinstance(v, bool) and not _paging(k):
                        found.append(("json", (*path, k), str(v)))
            walk(data, ())
        elif not text.startswith(("{", "[")):
            found += [("form", i, v) for i, (k, v) in enumerate(parse_qsl(text, keep_blank_values=True))
                      if not _paging(k)]
    return found


def _swap(url: str, method: str, body: str | None, place: tuple[str, Any, str], new: str) -> tuple[str, str | None]:
    where, key, _old = place
    parts = urlsplit(url)
    if where == "path":
        start, end = key
        return urlunsplit(parts._replace(path=parts.path[:start] + new + parts.path[end:])), body
    if where == "query":
        query = parse_qsl(parts.query, keep_blank_values=True)
        query[key] = (query[key][0], new)
        return urlunsplit(parts._replace(query=urlencode(query))), body
    if where == "form":
        form = parse_qsl((body or "").strip(), keep_blank_values=True)
        form[key] = (form[key][0], new)
        return url, urlencode(form)
    data = json.loads((body or "").strip())
    node = data
    for k in key[:-1]:
        node = node[k]
    old = node[key[-1]]
    node[key[-1]] = int(new) if isinstance(old, int) and new.lstrip("-").isdigit() else new
    return url, json.dumps(data, ensure_ascii=False)


def other_tabs(url: str, method: str, body: str | None, groups: list[list[str]]) -> list[tuple[str, str | None]]:
    """The calls the other tabs make, ``(url, body)``: for every tab group one of whose values the
    call carries in exactly one place, that value swapped for each other value of the group."""
    places = _places(url, method, body)
    out: dict[tuple[str, str | None], None] = {}
    for values in groups:
        hits = [(p, v) for v in values for p in places if p[2] == v]
        if len(hits) != 1:
            continue
        place, shown = hits[0]
        for value in values:
            if value != shown:
                out.setdefault(_swap(url, method, body, place, value))
    return list(out)[:MAX_VARIANTS]


def other_calls(url: str, method: str, body: str | None, sel: Selector) -> list[tuple[str, str | None]]:
    """The other tabs' calls of a recorded call, by the tabs of the rendered page ``sel``."""
    return other_tabs(url, method, body, tab_groups(sel))
