"""Item URLs a list service does not send: the template the page's script builds them with.

Some columns get items without a link (``{"sid": "2f33…", "tt": "…年度报告", "ts": "2021-03-05"}``)
and the page's script makes one (``'/xxgk/info/' + r.ts.substr(0, 4) + '/' + r.sid + '.shtml'``).
The template is found two ways, never by a site's name:

- **learned** (:func:`learn`): a rendered page shows the hrefs its script made for the first page's
  items; matching each href to its item (by title), the parts of the href that are item field
  values (whole, or a date's year / month / day) become placeholders. The template most items agree
  on is kept and applied to the items of later pages;
- **read from scripts** (:func:`from_scripts`): string concatenations around ``item.field`` names
  (``'/info/' + it.docId + '.html'``, ``.substr(0, 4)`` slices included), for when no href was
  rendered (items opened by ``onclick``).

A template is a tuple of parts: ``("", literal)`` or ``(field, transform)`` where transform is
``""`` (the whole value), a date part (``year``, ``month``, ``day``, ``m``, ``d``, ``ym``, ``ymd``)
or a slice ``"a:b"``. A template that needs a field an item lacks gives no URL for it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsers.normalize import squeeze

Part = tuple[str, str]
Template = tuple[Part, ...]

_DATE = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})")
MIN_VALUE_LEN = 3  # a whole field value shorter than this is too common to place in a URL
_ALNUM = re.compile(r"[0-9A-Za-z]")


def scalars(obj: dict[str, Any]) -> dict[str, str]:
    """An item's string and number fields as strings (booleans and nested values left out)."""
    return {k: (v if isinstance(v, str) else str(v)) for k, v in obj.items()
            if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()}


def _value(raw: str, transform: str) -> str | None:
    """One part's text for a field value, or None when the value cannot give it."""
    if not transform:
        return raw
    if ":" in transform:
        a, b = transform.split(":")
        return raw[int(a or 0):int(b) if b else None] or None
    m = _DATE.match(raw.strip())
    if not m:
        return None
    y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    return {"year": y, "month": f"{mo:02d}", "day": f"{d:02d}", "m": str(mo), "d": str(d),
            "ym": f"{y}{mo:02d}", "ymd": f"{y}{mo:02d}{d:02d}"}.get(transform)


def apply(template: Template, obj: dict[str, Any], base_url: str) -> str | None:
    """The URL ``template`` builds from an item, absolute against ``base_url``; None if a field is missing."""
    values = scalars(obj)
    out = []
    for field, transform in template:
        if not field:
            out.append(transform)
            continue
        raw = values.get(field)
        text = _value(raw, transform) if raw is not None else None
        if text is None:
            return None
        out.append(text)
    return urljoin(base_url, "".join(out))


def _pieces(values: dict[str, str]) -> list[tuple[str, str, str]]:
    """(text, field, transform) an item's values can put into a URL, longest first."""
    found = []
    for field, raw in values.items():
        if len(raw) >= MIN_VALUE_LEN and "/" not in raw.strip("/"):
            found.append((raw, field, ""))
        if _DATE.match(raw.strip()):
            for transform in ("ymd", "ym", "year", "month", "day", "m", "d"):
                text = _value(raw, transform)
                if text:
                    found.append((text, field, transform))
    return sorted(found, key=lambda p: -len(p[0]))


def _bounded(href: str, i: int, j: int) -> bool:
    """The text at href[i:j] is a token of its own (no letter or digit glued on either side)."""
    return (i == 0 or not _ALNUM.match(href[i - 1])) and (j >= len(href) or not _ALNUM.match(href[j]))


def template_for(href: str, obj: dict[str, Any]) -> Template | None:
    """The template that builds ``href`` (a path, with its query) from ``obj``, or None when no part
    of it is an item value. Longer values are placed first; short date parts (a month, a day) only
    as tokens of their own right after a placed year, as in ``/art/2026/2/2/``."""
    values = scalars(obj)
    pieces = _pieces(values)
    parts: list[Part] = []
    literal = ""
    i = 0
    after_year = False
    while i < len(href):
        hit = None
        for text, field, transform in pieces:
            j = i + len(text)
            if href.startswith(text, i):
                short = transform in ("month", "day", "m", "d")
                if short and not (after_year and _bounded(href, i, j)):
                    continue
                if transform == "" and len(text) < 6 and not _bounded(href, i, j):
                    continue
                hit = (text, field, transform)
                break
        if hit is None:
            literal += href[i]
            after_year = after_year and not _ALNUM.match(href[i])
            i += 1
            continue
        if literal:
            parts.append(("", literal))
            literal = ""
        parts.append((hit[1], hit[2]))
        after_year = hit[2] in ("year", "month", "m")
        i += len(hit[0])
    if literal:
        parts.append(("", literal))
    if not any(field for field, _t in parts):
        return None
    return tuple(parts)


def _title(values: dict[str, str]) -> str:
    """An item's title: its longest value with Chinese in it."""
    texts = [v for v in values.values() if re.search(r"[\u4e00-\u9fff]", v)]
    return squeeze(re.sub(r"<[^>]+>", "", max(texts, key=len))) if texts else ""


def learn(objects: list[dict[str, Any]], rendered: list[tuple[str, str]], page_url: str) -> Template | None:
    """The template the page's script built its item hrefs with, from the items the list service
    gave (without a URL) and the (href, link text) pairs the rendered page shows.

    Each item is matched to the rendered link whose text is its title; the template is the one the
    most matched items agree on, and it must rebuild every href it was learned from.
    """
    by_text: dict[str, str] = {}
    for href, text in rendered:
        t = squeeze(text)
        if t and t not in by_text:
            by_text[t] = href
    votes: Counter[Template] = Counter()
    pairs = []
    for obj in objects:
        values = scalars(obj)
        title = _title(values)
        href = by_text.get(title) if title else None
        if href is None and title:  # a list that cuts long titles ("…年度报…")
            href = next((h for t, h in by_text.items() if len(t) >= 6 and title.startswith(t.rstrip(".…"))), None)
        if href is None:
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.netloc != urlsplit(page_url).netloc:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        template = template_for(path, obj)
        if template is not None:
            votes[template] += 1
            pairs.append((obj, urljoin(page_url, path)))
    if not votes:
        return None
    template, _n = votes.most_common(1)[0]
    fits = [apply(template, obj, page_url) == url for obj, url in pairs]
    return template if sum(fits) >= max(1, len(fits) // 2) else None


# --- templates written in scripts -------------------------------------------------------------
_STRING = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_MEMBER = r"""[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\s*['"][\w$]+['"]\s*\])+""" \
          r"""(?:\.(?:substr|substring|slice)\(\s*\d+\s*(?:,\s*\d+\s*)?\))?(?![\w$(.\[])"""
_OPERAND = f"(?:{_STRING}|{_MEMBER})"
_CHAIN = re.compile(rf"{_OPERAND}(?:\s*\+\s*{_OPERAND})+")
_OPERAND_RE = re.compile(rf"\s*({_STRING}|{_MEMBER})\s*")
_SLICE = re.compile(r"\.(substr|substring|slice)\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$")
_FIELD = re.compile(r"""(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([\w$]+)['"]\s*\])$""")
_URLISH = re.compile(r"^(https?://|/|\./|\.\./)|\.(s?html?|jsp|aspx?|php|do)\b|\?\w+=", re.I)


def _part(operand: str) -> Part | None:
    operand = operand.strip()
    if operand[0] in "'\"":
        return ("", re.sub(r"\\(.)", r"\1", operand[1:-1]))
    transform = ""
    m = _SLICE.search(operand)
    if m:
        operand = operand[:m.start()]
        a, b = int(m.group(2)), m.group(3)
        end = (str(a + int(b)) if b else "") if m.group(1) == "substr" else (b or "")  # substr(start, length)
        transform = f"{a}:{end}"
    f = _FIELD.search(operand)
    return (f.group(1) or f.group(2), transform) if f else None


def from_scripts(scripts: list[str]) -> list[Template]:
    """URL templates written as string concatenations around item fields, in order, each once:
    a literal that looks like a path or a page (``'/xxgk/info/'``, ``'.shtml'``, ``'detail.html?id='``)
    joined to at least one ``item.field``."""
    found: dict[Template, None] = {}
    for script in scripts:
        for m in _CHAIN.finditer(script or ""):
            parts = [_part(op) for op in _OPERAND_RE.findall(m.group(0))]
            if any(p is None for p in parts):
                continue
            literals = "".join(t for f, t in parts if not f)  # type: ignore[misc]
            if not any(f for f, _t in parts) or not _URLISH.search(literals) or "<" in literals:  # type: ignore[misc]
                continue
            if not parts[0][0] and not _URLISH.search(parts[0][1]):  # type: ignore[index]
                continue  # the chain must start like a URL, not like text ("第" + n + "页")
            found[tuple(parts)] = None  # type: ignore[arg-type]
    return list(found)


def anchor(template: Template, page_url: str) -> Template:
    """The template with its leading literal made absolute against the page that built the URLs
    (``detail.html?id=`` on ``/xxgk/list.html`` → ``http://host/xxgk/detail.html?id=``)."""
    if template and not template[0][0] and template[0][1]:
        return (("", urljoin(page_url, template[0][1])), *template[1:])
    return template


def choose(templates: list[Template], objects: list[dict[str, Any]]) -> Template | None:
    """Of templates read from scripts, the first that builds a URL for most of these items."""
    if not objects:
        return None
    for template in templates:
        built = [apply(template, obj, "http://x/") for obj in objects]
        if sum(u is not None for u in built) * 2 >= len(objects) and len(set(filter(None, built))) > len(objects) // 2:
            return template
    return None
