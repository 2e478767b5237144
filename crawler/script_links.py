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
_LIST_SEPARATOR = re.compile(r"[|,;]")  # between the items of a list a script splits (fjurl.split("|"))


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
    + _TERM + r"""(?:\s*\+\s*""" + _TERM + r""")*)(?=\s*(?:[;)},\n]|$))""", re.I)
_EXPR = _TERM + r"""(?:\s*\+\s*""" + _TERM + r""")*"""
# location.href = (n == 1) ? 'index.html' : 'index_' + n + '.html'; the choice within a concatenation too:
# location.href = '/gk/' + (n == 0 ? 'index' : 'index_' + n) + '.html'
_NAVIGATE_CHOICE = re.compile(
    r"""(?:location(?:\.href)?\s*=|window\.open\s*\(|location\.(?:assign|replace)\s*\()\s*(?:(""" + _EXPR
    + r""")\s*\+\s*)?\(?\s*"""
    r"""([A-Za-z_$][\w$]*)\s*(===?|!==?|<=|>=|<|>)\s*(-?\d+)\s*\)?\s*\?\s*\(?\s*(""" + _EXPR
    + r""")\s*\)?\s*:\s*\(?\s*(""" + _EXPR + r""")\s*\)?(?:\s*\+\s*(""" + _EXPR
    + r"""))?(?=\s*(?:[;)},\n]|$))""", re.I)
_COMPARE = {"==": int.__eq__, "===": int.__eq__, "!=": int.__ne__, "!==": int.__ne__, "<=": int.__le__,
            ">=": int.__ge__, "<": int.__lt__, ">": int.__gt__}
_BODY = 800  # characters of a function's body searched for its navigation


@dataclass(frozen=True, slots=True)
class Navigator:
    """A page function that navigates to a URL built from its parameters: ``function downFile(id)
    { window.open('/inc/down.asp?id=' + id); }`` → params ``["id"]``, parts ``["'/inc/down.asp?id='", "id"]``."""

    params: tuple[str, ...]
    parts: tuple[str, ...]
    # a choice between two URLs by a parameter's number (``n == 1 ? 'index.html' : 'index_' + n + '.html'``):
    # (parameter, comparison, number, the parts when it holds); ``parts`` are the others
    choice: tuple[str, str, int, tuple[str, ...]] | None = None


# $(panel).load('/wzq/' + key + '.html'), $.get(…), fetch(…): a page loaded into the page, not opened.
_LOAD_EXPR = re.compile(
    r"""(?:\.load|\$\.(?:get|getJSON|post|ajax)|fetch|axios(?:\.get|\.post)?)\s*\(\s*(?:\{[^}]*?url\s*:\s*)?("""
    + _TERM + r"""(?:\s*\+\s*""" + _TERM + r""")*)""", re.I)


# What an element's handler reads from the element: el.getAttribute('data-id'), $(el).attr('data-id'),
# $(this).data('docId'), el.dataset.id, el.dataset['doc-id'], el.id, el.rel (openwin(this) reading rel="URL")
_ATTR_READ = re.compile(
    r"""(?:\$|jQuery)\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\.\s*(attr|data)\(\s*['"]([\w-]+)['"]\s*\)"""
    r"""|\b([A-Za-z_$][\w$]*)\.(?:getAttribute\(\s*['"]([\w-]+)['"]\s*\)"""
    r"""|dataset(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([\w-]+)['"]\s*\])|(id|rel)\b(?!\s*[(=]))""")
ATTR_PART = "@"  # a part read from an attribute: "@el:data-id" (the parameter, the attribute)


def _kebab(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), name)


def _attribute_reads(code: str) -> tuple[str, dict[str, str]]:
    """``code`` with every read of an element's attribute replaced by a placeholder name, and the
    part each placeholder stands for (``@el:data-id``)."""
    parts: dict[str, str] = {}

    def placeholder(m: re.Match[str]) -> str:
        if m.group(1):
            attr = m.group(3) if m.group(2) == "attr" else "data-" + _kebab(m.group(3))
            owner = m.group(1)
        else:
            owner = m.group(4)
            attr = m.group(5) or (f"data-{_kebab(m.group(6))}" if m.group(6) else None) \
                or (f"data-{m.group(7)}" if m.group(7) else None) or m.group(8)
        if owner in ("document", "window", "location"):
            return m.group(0)
        name = f"nbAttr{len(parts)}$"
        parts[name] = f"{ATTR_PART}{owner}:{attr.lower()}"
        return name

    return _ATTR_READ.sub(placeholder, code), parts


def navigating_functions(scripts: list[str], loading: bool = False) -> dict[str, Navigator]:
    """The functions the page's inline scripts define that open a URL made of string literals and
    their own parameters, by name (the last part of a dotted name too); with ``loading``, those
    that load such a URL into the page instead (``function loadTab(el, key) { $('#con').load('/wzq/'
    + key + '.html') }``)."""
    found: dict[str, Navigator] = {}
    for original in scripts:
        code, reads = _attribute_reads(original or "")
        for m in _FUNCTION.finditer(code):
            name = m.group(1) or m.group(3) or m.group(5)
            params = m.group(2) if m.group(1) else m.group(4) if m.group(3) else m.group(6)
            body = _function_body(code, m.end())
            names = tuple(p.strip() for p in (params or "").split(",") if p.strip())
            choice = None if loading else _NAVIGATE_CHOICE.search(body)
            nav = None if choice else (_LOAD_EXPR if loading else _NAVIGATE_EXPR).search(body)
            if choice and choice.group(2) in names:
                pre, post = (_parts(g) if g else () for g in (choice.group(1), choice.group(7)))
                then, parts = pre + _parts(choice.group(5)) + post, pre + _parts(choice.group(6)) + post
                navigator = Navigator(names, parts, (choice.group(2), choice.group(3), int(choice.group(4)), then))
            elif nav:
                parts = _parts(nav.group(1))
                navigator = Navigator(names, parts)
            else:
                continue
            if not choice:  # var url = '/down.do?id=' + id; window.open(url): the variable's value
                parts = tuple(reads.get(p, p) for p in _expand(parts, names, body[: nav.start()]))
                navigator = Navigator(names, parts)
            used = parts + (navigator.choice[3] if navigator.choice else ())
            if any(p[0] not in "'\"" and p not in names and not _reads_param(p, names) for p in used):
                continue  # a variable of its own: the URL is not ours to build
            found.setdefault(name, navigator)
            found.setdefault(name.rsplit(".", 1)[-1], navigator)
    return found


_BRACE_OR_LITERAL = re.compile(r"""[{}]|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`]*`""")


def _function_body(code: str, start: int) -> str:
    """The body of the function whose ``{`` ends just before ``start``, up to its closing brace (at
    most ``_BODY`` characters): the next function's navigation is not this one's.

    Braces inside string literals do not count; a body longer than ``_BODY`` is cut there.
    """
    depth = 1
    for m in _BRACE_OR_LITERAL.finditer(code, start, start + _BODY):
        if m.group(0) == "{":
            depth += 1
        elif m.group(0) == "}":
            depth -= 1
            if depth == 0:
                return code[start: m.start()]
    return code[start: start + _BODY]


def _reads_param(part: str, params: tuple[str, ...]) -> bool:
    """A part read from an attribute of one of the function's parameters (``@el:data-id``)."""
    return part.startswith(ATTR_PART) and part[1:].split(":", 1)[0] in params


def bound_templates(scripts: list[str], loading: bool = False) -> list[tuple[str, ...]]:
    """URLs click handlers bound by script build from the clicked element's attributes
    (``$('.list li').click(function () { window.open('/art_' + $(this).data('id') + '.html') })``):
    each as parts, literals and ``@this:attr`` reads (:func:`element_url` fills them); with ``loading``,
    the URLs they load into the page instead (``$('#box').load('/nb/' + $(this).data('y') + '.html')``)."""
    found: dict[tuple[str, ...], None] = {}
    for original in scripts:
        code, reads = _attribute_reads(original or "")
        if not reads:
            continue
        for nav in (_LOAD_EXPR if loading else _NAVIGATE_EXPR).finditer(code):
            parts = tuple(reads.get(p, p) for p in _expand(_parts(nav.group(1)), (), code[max(0, nav.start() - _BODY):
                                                                                              nav.start()]))
            attrs = [p for p in parts if p.startswith(ATTR_PART)]
            if attrs and all(p[0] in "'\"" or p.startswith(f"{ATTR_PART}this:") for p in parts):
                found.setdefault(parts)
    return list(found)


def element_url(parts: tuple[str, ...], attrib: dict[str, str], owner: str = "this") -> str | None:
    """The URL ``parts`` build for an element with attributes ``attrib`` (None: it lacks one)."""
    url = ""
    for part in parts:
        if part[0] in "'\"":
            url += part[1:-1]
            continue
        who, _, attr = part[1:].partition(":")
        value = (attrib.get(attr) or "").strip() if who == owner else ""
        if not value:
            return None
        url += value
    url = url.strip()
    return url if url and not url.lower().startswith(("javascript:", "#")) else None


def _expand(parts: tuple[str, ...], params: tuple[str, ...], before: str) -> tuple[str, ...]:
    """``parts`` with each local variable (not a parameter, not a literal) replaced by the parts of
    the last value the function's code before the navigation gives it (``var url = '…' + id;``)."""
    out: list[str] = []
    for part in parts:
        if part[0] in "'\"" or part in params:
            out.append(part)
            continue
        values = re.findall(rf"(?<![\w$.]){re.escape(part)}\s*=\s*({_EXPR})\s*;", before)
        out.extend(_parts(values[-1]) if values else (part,))
    return tuple(out)


def _parts(expr: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"\s*\+\s*", expr))


# function f(…) / f = function (…) / f: function (…) / f = (…) =>: the names a script defines
_DEFINES = re.compile(r"""function\s+([A-Za-z_$][\w$]*)\s*\(|([A-Za-z_$][\w$]*)\s*[:=]\s*(?:function\b|\([^()]*\)\s*=>)""")
_NOT_PAGE_FUNCTIONS = frozenset({"void", "alert", "confirm", "prompt", "eval", "setTimeout", "setInterval", "print",
                                 "close", "open", "return", "history", "encodeURI", "encodeURIComponent", "escape"})


def defined_functions(scripts: list[str]) -> set[str]:
    """The names of the functions ``scripts`` define (any kind, navigating or not)."""
    return {a or b for code in scripts for a, b in _DEFINES.findall(code or "")}


def called_function(handler: str) -> str | None:
    """The page function a handler calls by a bare name (``turnPage(2)``, ``downloadFile('a1')``),
    or None: a method (``document.getElementById(…).submit()``, ``history.back()``) or built-in."""
    m = _CALL.match(handler or "")
    if not m or "." in m.group(1) or m.group(1) in _NOT_PAGE_FUNCTIONS:
        return None
    return m.group(1)


def called_url(handler: str, functions: dict[str, Navigator], attrib: dict[str, str] | None = None) -> str | None:
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
    parts = nav.parts
    if nav.choice is not None:
        name, op, number, then = nav.choice
        i = nav.params.index(name)
        value = args[i] if i < len(args) else None
        if value is None or not re.fullmatch(r"-?\d+", value):
            return None
        parts = then if _COMPARE[op](int(value), number) else nav.parts
    raw = [a.group(0).strip() for a in _ARG.finditer(m.group(2))]
    url = ""
    for part in parts:
        if part[0] in "'\"":
            url += part[1:-1]
        elif part.startswith(ATTR_PART):  # openArticle(this) reading el.getAttribute('data-id')
            who, _, attr = part[1:].partition(":")
            i = nav.params.index(who)
            value = (attrib or {}).get(attr, "").strip() if i < len(raw) and raw[i] == "this" else ""
            if not value:
                return None
            url += value
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


# two string literals joined by + ("./P0202502" + "23387664.pdf", '<a href="' + "./P0….pdf" + '">')
_JOINED = re.compile(r"""("(?:[^"\\\n]|\\.){0,2000}"|'(?:[^'\\\n]|\\.){0,2000}')\s*\+\s*"""
                     r"""("(?:[^"\\\n]|\\.){0,2000}"|'(?:[^'\\\n]|\\.){0,2000}')""")
MAX_JOIN_PASSES = 6


def _join(m: re.Match[str]) -> str:
    a, b = m.group(1)[1:-1], m.group(2)[1:-1]
    if m.group(1)[0] == m.group(2)[0]:  # one quote: each side's own escapes stay valid ("<a href=\"index" + "_")
        return f"{m.group(1)[0]}{a}{b}{m.group(1)[0]}"
    quote = m.group(1)[0] if m.group(1)[0] not in a + b else m.group(2)[0] if m.group(2)[0] not in a + b else None
    return f"{quote}{a}{b}{quote}" if quote else m.group(0)


def join_literals(script: str) -> str:
    """The script with string literals joined by ``+`` written as one (``"index" + "_"`` →
    ``"index_"``): TRS's classic pager splits its file names so (``"index"+"_"+n+"."+"shtml"``)."""
    code = script or ""
    for _ in range(MAX_JOIN_PASSES):  # each pass joins every other pair of a chain
        if "+" not in code:
            break
        joined = _JOINED.sub(_join, code)
        if joined == code:
            break
        code = joined
    return code


def _literals(script: str, *, joined: bool = False) -> list[str]:
    """The script's string literals (``joined``: literals joined by ``+`` read as one)."""
    code = join_literals(script) if joined else script or ""
    return [(a or b).replace("\\/", "/") for a, b in _LITERAL.findall(code)]


def script_documents(script: str, is_document: Callable[[str], bool]) -> list[ScriptLink]:
    """Every document URL in an inline script's string literals, in order, each once.

    ``is_document`` decides what a document is (:func:`crawler.discovery.is_attachment_url`, on
    URL as written). A literal with Chinese in it is a URL only when it is a path (has a ``/``):
    ``"…年度报告.pdf"`` alone is the file's description. The label is the longest Chinese literal
    of the same script (``filedesc``), which says what the file is.
    """
    literals = _literals(script, joined=True)
    words = [lit for lit in literals if len(_CJK.findall(lit)) >= 4 and "<" not in lit]
    label = max(words, key=len) if words else ""
    # names listed in one literal, as the URLs are ("a.pdf|b.jpg" beside "报告.pdf|一图读懂.jpg"):
    # each URL takes the name at its place
    names = {len(parts): parts for lit in words if len(parts := _LIST_SEPARATOR.split(lit)) > 1}
    if names:
        label = ""  # a list of names is no one file's label
    found: dict[str, ScriptLink] = {}
    for lit in literals:
        if "<" in lit or " " in lit:
            tokens = _URLISH.findall(lit)
        else:  # one URL, or several joined for the script to split ("P0….pdf|W0….jpg")
            tokens = [part.strip() for part in _LIST_SEPARATOR.split(lit)]
        for i, token in enumerate(tokens):
            token = token.strip("'\" ")
            if not token or token in found or token.lower().startswith(("javascript:", "#", "mailto:")):
                continue
            if _CJK.search(token) and "/" not in token:
                continue
            if token.endswith(("=", "?", "&")):  # the head of a URL the script completes ('…down.asp?id=' + id)
                continue
            if is_document(token):
                listed = names.get(len(tokens)) if len(tokens) > 1 else None
                found[token] = ScriptLink(url=token, label=listed[i].strip() if listed else label)
    return list(found.values())


_ANCHOR_START = re.compile(r"<a\s[^>]*href", re.I)


def script_html(script: str) -> str:
    """The HTML an inline script writes as whole string literals (``document.write('<li><a
    href="./202401/t20240115_1.html">…</a></li>')``, ``innerHTML = "…"``), joined; "" when it
    writes no link. Pieces made of variables are left out, so only links written out whole count."""
    # a variable between two literals ('<a href="index_' + cur + '.html">') leaves a gap the join
    # must not close: an address with a gap in it is no link (the browser path learns such pagers)
    script = _GAP.sub(lambda m: _GAP_MARK if m.group(1) == m.group(2) else m.group(0), script or "")
    literals = [lit for lit in _literals(script) if "<" in lit or ">" in lit]
    joined = _GAPPED_HREF.sub("", "".join(literals)).replace(_GAP_MARK, "")
    return joined if _ANCHOR_START.search(joined) else ""


_GAP_MARK = "\x01"
_GAP = re.compile(r"""(['"])\s*\+\s*[A-Za-z_$][\w$.]*(?:\([^()'"]*\))?(?:\s*[-+*]\s*\d+)?\s*\+\s*(['"])""")
_GAPPED_HREF = re.compile("(?:href|src)\\s*=\\s*(?:\"[^\"]*\x01[^\"]*\"|'[^']*\x01[^']*')", re.I)


# An inline script's data: innermost object literals ({name: '政府信息公开年报', url: '/zwgk/gknb/'}) of a
# menu or tree the script draws (zTree nodes, a nav array), JSON or JavaScript keys alike.
_OBJECT = re.compile(r"\{[^{}]{0,1500}\}")
_PAIR = re.compile(r"""(?:^|[,{\s])['"]?([A-Za-z_$][\w$]*)['"]?\s*:\s*(?:'([^'\n]{0,500})'|"([^"\n]{0,500})")""")
_LABEL_KEY = re.compile(r"^(name|title|text|label|caption|chnlname|channelname|menuname|catname|lmmc|mc)$", re.I)
_HREF_KEY = re.compile(r"^(url|href|link|path|linkurl|chnlurl|channelurl|menuurl|caturl|src)$", re.I)
_PAGE_VALUE = re.compile(r"^(?:https?://|/|\./|\.\./)[^\s<>'\"]*$|^[\w./-]+\.s?html?(?:\?[^\s<>]*)?$", re.I)


def script_records(script: str) -> list[ScriptLink]:
    """Labelled page addresses in a script's data (a menu or tree it draws): every innermost object
    literal with a label-like key (``name``, ``title``…) and an address-like key (``url``, ``href``…)
    whose value is a page address, as (address, label). The script is never run."""
    found: dict[str, ScriptLink] = {}
    for m in _OBJECT.finditer(script or ""):
        label = url = ""
        for key, single, double in _PAIR.findall(m.group(0)):
            value = (single or double).strip().replace("\\/", "/")
            if not label and _LABEL_KEY.match(key) and _CJK.search(value):
                label = value
            elif not url and _HREF_KEY.match(key) and _PAGE_VALUE.match(value) \
                    and not value.lower().startswith(("javascript:", "#")):
                url = value
        if label and url:
            found.setdefault(url, ScriptLink(url=url, label=label))
    return list(found.values())


# A script that writes an item from its own variables (TRS lists of 链接型 documents):
#   var doctitle = "…年度报告"; var docurl = "./202401/t20240118_1.html"; var linkurl = "";
#   if (linkurl != "") docurl = linkurl;
#   document.write('<a href="' + docurl + '">' + doctitle + '</a>');
_ASSIGN = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*=\s*(" + _EXPR + r")\s*(?=[;\n)}]|$)")
_WRITE = re.compile(r"(?:document\.write(?:ln)?\s*\(|\.innerHTML\s*\+?=)\s*(" + _EXPR + r")")
MAX_WRITING_SCRIPT = 4000  # characters: an item's script, not an application


def _value(expr: str, values: dict[str, str], unknown: str | None = None) -> str | None:
    """A ``+``-joined expression of literals and known variables, or None when a part is unknown
    (with ``unknown``, that text stands for it instead)."""
    out = ""
    for part in _parts(expr):
        if part[:1] in ("'", '"'):
            out += part[1:-1].replace("\\/", "/").replace('\\"', '"').replace("\\'", "'")
        elif part in values:
            out += values[part]
        elif unknown is not None:
            out += unknown
        else:
            return None
    return out


_UNKNOWN = "\x00"  # a part of a written link the script computes (a shortened title): never in an address
_HREF_VALUE = re.compile(r"""href\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s>]+))""", re.I)


def variable_html(script: str) -> str:
    """The markup a short script writes (``document.write``, ``innerHTML``) from string literals and
    variables it sets to literals, "" when it writes no link; an assignment of an empty value (a
    blank ``linkurl`` a condition would copy) never replaces a value."""
    if not script or len(script) > MAX_WRITING_SCRIPT or ("write" not in script and "innerHTML" not in script):
        return ""
    values: dict[str, str] = {}
    for m in _ASSIGN.finditer(script):
        value = _value(m.group(2), values)
        if value:
            values[m.group(1)] = value
    # a part computed at run time (TRS's str_show = str_title.substr(0, 20) + "…") is left out of the
    # markup, as long as it is not in a link's address: the address and the title stay literal
    written = "".join(v for m in _WRITE.finditer(script) if (v := _value(m.group(1), values, _UNKNOWN)))
    if any(_UNKNOWN in "".join(h) for h in _HREF_VALUE.findall(written)):
        return ""
    written = written.replace(_UNKNOWN, "")
    return written if _ANCHOR_START.search(written) else ""
