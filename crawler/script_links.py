"""URLs that exist only inside script: one reader for the spider and for ``nianbao discover``.

Two places hold them:

- **script attributes** — ``onclick="window.open('…')"``, ``location.href='…'``, ``javascript:``
  hrefs, ``openArticle('/xxgk/2021/004.html')``: the one URL the element navigates to
  (:func:`navigation_url`);
- **inline scripts** — TRS detail templates write their attachment link by script
  (``var fileurl = "./P0….pdf"; document.write('<a href="' + fileurl + '">…')``) and other CMSs
  do the same with ``innerHTML`` or a download button's handler: every string literal that names a
  document (by its extension, a TRS ``P0…`` upload or a download script) is a candidate
  (:func:`script_documents`), with the script's own words (``var filedesc = "…年度报告.pdf"``)
  as its label.

Both read string literals only, never run the script: a URL assembled from variables at run time
is found only by the browser path (:mod:`crawler.browser`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# window.open('…'), location.href = '…', location.assign('…') / replace('…'), self.location='…'
_NAVIGATION = re.compile(
    r"""(?:window\.open|location(?:\.href)?\s*=|location\.(?:assign|replace))\s*\(?\s*['"]([^'"]+)['"]""", re.I)
# any quoted path to a page or a document: openArticle('/xxgk/2021/004.html'), "./P0….pdf"
_PAGE_OR_DOCUMENT = re.compile(
    r"""['"]((?:https?://|/|\./|\.\./)?[\w./%-]*\.(?:s?html?|jsp|aspx?|php|pdf|docx?|wps|xlsx?|et|ofd|rtf)"""
    r"""(?:\?[^'"]*)?)['"]""", re.I)
# A string literal, single or double quoted, escapes allowed.
_LITERAL = re.compile(r""""((?:[^"\\\n]|\\.){1,2000})"|'((?:[^'\\\n]|\\.){1,2000})'""")
# Inside a literal: a URL-ish token (an HTML fragment's href="…" splits into several literals).
_URLISH = re.compile(r"""(?:https?://|/|\./|\.\./)?[\w./%?=&;:~+-]+""")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def opened_url(script: str) -> str | None:
    """The URL a script opens by navigating (``window.open('…')``, ``location.href = '…'``), or None."""
    m = _NAVIGATION.search(script or "")
    url = (m.group(1) or "").strip() if m else ""
    return url if url and not url.lower().startswith(("javascript:", "#")) else None


def navigation_url(script: str) -> str | None:
    """The URL a script attribute navigates to (``onclick``, ``javascript:…``), or None."""
    m = _NAVIGATION.search(script or "") or _PAGE_OR_DOCUMENT.search(script or "")
    if not m:
        return None
    url = (m.group(1) or "").strip()
    return url if url and not url.lower().startswith(("javascript:", "#")) else None


# A handler that calls a page function: downFile(1243), openArticle('nb', "2023"), obj.show(5)
_CALL = re.compile(r"""^\s*(?:javascript:\s*)?(?:return\s+)?([A-Za-z_$][\w$.]*)\s*\(([^()]*)\)""")
_ARG = re.compile(r"""'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_$][\w$.]*)""")
# function f(a, b) { … }  /  f = function (a, b) { …  /  var f = (a, b) => { …
_FUNCTION = re.compile(r"""function\s+([A-Za-z_$][\w$]*)\s*\(([^()]*)\)\s*\{"""
                       r"""|([A-Za-z_$][\w$.]*)\s*[:=]\s*function\s*\(([^()]*)\)\s*\{"""
                       r"""|([A-Za-z_$][\w$.]*)\s*=\s*\(([^()]*)\)\s*=>\s*\{""")
_TERM = r"""(?:'[^'\n]*'|"[^"\n]*"|[A-Za-z_$][\w$]*)"""
_NAVIGATE_EXPR = re.compile(
    r"""(?:window\.open|location(?:\.href)?\s*=|location\.(?:assign|replace))\s*\(?\s*("""
    + _TERM + r"""(?:\s*\+\s*""" + _TERM + r""")*)""", re.I)
_BODY = 800  # characters of a function's body searched for its navigation


@dataclass(frozen=True, slots=True)
class Navigator:
    """A page function that navigates to a URL built from its parameters: ``function downFile(id)
    { window.open('/inc/down.asp?id=' + id); }`` → params ``["id"]``, parts ``["'/inc/down.asp?id='", "id"]``."""

    params: tuple[str, ...]
    parts: tuple[str, ...]


# $(panel).load('/wzq/' + key + '.html'), $.get(…), fetch(…): a page loaded into the page, not opened.
_LOAD_EXPR = re.compile(
    r"""(?:\.load|\$\.(?:get|getJSON|post|ajax)|fetch|axios(?:\.get|\.post)?)\s*\(\s*(?:\{[^}]*?url\s*:\s*)?("""
    + _TERM + r"""(?:\s*\+\s*""" + _TERM + r""")*)""", re.I)


def navigating_functions(scripts: list[str], loading: bool = False) -> dict[str, Navigator]:
    """The functions the page's inline scripts define that open a URL made of string literals and
    their own parameters, by name (the last part of a dotted name too); with ``loading``, those
    that load such a URL into the page instead (``function loadTab(el, key) { $('#con').load('/wzq/'
    + key + '.html') }``)."""
    found: dict[str, Navigator] = {}
    expression = _LOAD_EXPR if loading else _NAVIGATE_EXPR
    for code in scripts:
        for m in _FUNCTION.finditer(code or ""):
            name = m.group(1) or m.group(3) or m.group(5)
            params = m.group(2) if m.group(1) else m.group(4) if m.group(3) else m.group(6)
            nav = expression.search(code[m.end(): m.end() + _BODY])
            if not nav:
                continue
            names = tuple(p.strip() for p in (params or "").split(",") if p.strip())
            parts = tuple(p.strip() for p in re.split(r"\s*\+\s*", nav.group(1)))
            if any(p[0] not in "'\"" and p not in names for p in parts):
                continue  # a variable of its own: the URL is not ours to build
            found.setdefault(name, Navigator(names, parts))
            found.setdefault(name.rsplit(".", 1)[-1], Navigator(names, parts))
    return found


def called_url(handler: str, functions: dict[str, Navigator]) -> str | None:
    """The URL a handler opens by calling one of the page's ``functions`` with literal arguments
    (``onclick="downFile(1243)"`` with ``function downFile(id) { window.open('/inc/down.asp?id=' + id) }``),
    or None. Only literals and the function's parameters make the URL: a script is never run."""
    m = _CALL.match(handler or "")
    if not m or not functions:
        return None
    nav = functions.get(m.group(1)) or functions.get(m.group(1).rsplit(".", 1)[-1])
    if nav is None:
        return None
    args = [next((g for g in a.groups()[:3] if g is not None), None) for a in _ARG.finditer(m.group(2))]
    url = ""
    for part in nav.parts:
        if part[0] in "'\"":
            url += part[1:-1]
        else:
            i = nav.params.index(part)
            if i >= len(args) or args[i] is None:
                return None
            url += args[i]
    url = url.strip()
    return url if url and not url.lower().startswith(("javascript:", "#")) else None


@dataclass(frozen=True, slots=True)
class ScriptLink:
    """A document URL written in an inline script, as written (resolve it against the page),
    with the words the same script gives it (a file description, a link text), if any."""

    url: str
    label: str = ""


def _literals(script: str) -> list[str]:
    return [(a or b).replace("\\/", "/") for a, b in _LITERAL.findall(script or "")]


def script_documents(script: str, is_document: Callable[[str], bool]) -> list[ScriptLink]:
    """Every document URL in an inline script's string literals, in order, each once.

    ``is_document`` decides what a document is (:func:`crawler.discovery.is_attachment_url`, on
    URL as written). A literal with Chinese in it is a URL only when it is a path (has a ``/``):
    ``"…年度报告.pdf"`` alone is the file's description. The label is the longest Chinese literal
    of the same script (``filedesc``), which says what the file is.
    """
    literals = _literals(script)
    words = [lit for lit in literals if len(_CJK.findall(lit)) >= 4 and "<" not in lit]
    label = max(words, key=len) if words else ""
    found: dict[str, ScriptLink] = {}
    for lit in literals:
        for token in _URLISH.findall(lit) if ("<" in lit or " " in lit) else [lit.strip()]:
            token = token.strip("'\" ")
            if not token or token in found or token.lower().startswith(("javascript:", "#", "mailto:")):
                continue
            if _CJK.search(token) and "/" not in token:
                continue
            if token.endswith(("=", "?", "&")):  # the head of a URL the script completes ('…down.asp?id=' + id)
                continue
            if is_document(token):
                found[token] = ScriptLink(url=token, label=label)
    return list(found.values())


_ANCHOR_START = re.compile(r"<a\s[^>]*href", re.I)


def script_html(script: str) -> str:
    """The HTML an inline script writes as whole string literals (``document.write('<li><a
    href="./202401/t20240115_1.html">…</a></li>')``, ``innerHTML = "…"``), joined; "" when it
    writes no link. Pieces made of variables are left out, so only links written out whole count."""
    literals = [lit for lit in _literals(script) if "<" in lit or ">" in lit]
    joined = "".join(literals)
    return joined if _ANCHOR_START.search(joined) else ""
