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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsers.normalize import squeeze

from ..discovery import route_fragment

Part = tuple[str, str]
Template = tuple[Part, ...]

_DATE_RE = re.compile(r"^((?:19|20)\d\d)(?:[-/.年](\d{1,2})[-/.月](\d{1,2})|(\d\d)(\d\d)(?!\d))")
MIN_VALUE_LEN = 3  # a whole field value shorter than this is too common to place in a URL
_ALNUM = re.compile(r"[0-9A-Za-z]")


def scalars(obj: dict[str, Any]) -> dict[str, str]:
    """An item's string and number fields as strings (booleans and nested values left out)."""
    return {k: (v if isinstance(v, str) else str(v)) for k, v in obj.items()
            if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()}


_EPOCH = re.compile(r"^(?:/Date\()?(1\d{9}|1\d{12})(?:[+-]\d{4})?(?:\)/)?$")  # seconds or ms; .NET's /Date(ms)/
_BEIJING = timezone(timedelta(hours=8))


def _date(raw: str) -> tuple[str, int, int] | None:
    """(year, month, day) of a value that starts with a date (2021-03-05 10:00, 20210305, 2021年3月5日)
    or is a moment as seconds or milliseconds since 1970 (Beijing time), else None."""
    if e := _EPOCH.match(raw.strip()):
        stamp = int(e.group(1))
        day = datetime.fromtimestamp(stamp / 1000 if stamp > 10**11 else stamp, _BEIJING)
        return (str(day.year), day.month, day.day)
    m = _DATE_RE.match(raw.strip())
    if not m:
        return None
    mo, d = int(m.group(2) or m.group(4)), int(m.group(3) or m.group(5))
    return (m.group(1), mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _value(raw: str, transform: str) -> str | None:
    """One part's text for a field value, or None when the value cannot give it."""
    if not transform:
        return raw
    if ":" in transform:
        a, b = transform.split(":")
        return raw[int(a or 0):int(b) if b else None] or None
    date = _date(raw)
    if date is None:
        return None
    y, mo, d = date
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
        if len(raw) >= MIN_VALUE_LEN:
            found.append((raw, field, ""))
        if _date(raw):
            for transform in ("ymd", "ym", "year", "month", "day", "m", "d"):
                text = _value(raw, transform)
                if text:
                    found.append((text, field, transform))
    return sorted(found, key=lambda p: -len(p[0]))


def _bounded(href: str, i: int, j: int) -> bool:
    """The text at href[i:j] is a token of its own (no letter or digit glued on either side)."""
    return (i == 0 or not _ALNUM.match(href[i - 1])) and (j >= len(href) or not _ALNUM.match(href[j]))


# After a year comes its month, after a month its day (``/art/2026/2/2/``: month 2, then day 2).
_NEXT_PART = {"year": ("month", "m"), "month": ("day", "d"), "m": ("d", "day")}


def template_for(href: str, obj: dict[str, Any]) -> Template | None:
    """The template that builds ``href`` (a path, with its query) from ``obj``, or None when no part
    of it is an item value. Longer values are placed first; short date parts (a month, a day) only
    as tokens of their own right after the part before them, as in ``/art/2026/2/2/``."""
    values = scalars(obj)
    pieces = _pieces(values)
    parts: list[Part] = []
    literal = ""
    i = 0
    expect: tuple[str, ...] = ()  # the short date parts that may come next
    while i < len(href):
        hit = None
        for text, field, transform in sorted(pieces, key=lambda p: (-len(p[0]), p[2] not in expect)):
            j = i + len(text)
            if href.startswith(text, i):
                if transform in ("month", "day", "m", "d") and not (transform in expect and _bounded(href, i, j)):
                    continue
                if transform == "" and len(text) < 6 and not _bounded(href, i, j):
                    continue
                hit = (text, field, transform)
                break
        if hit is None:
            literal += href[i]
            if _ALNUM.match(href[i]):
                expect = ()
            i += 1
            continue
        if literal:
            parts.append(("", literal))
            literal = ""
        parts.append((hit[1], hit[2]))
        expect = _NEXT_PART.get(hit[2], ())
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


@dataclass(frozen=True)
class Rule:
    """A template and the items it is for: those whose ``when`` fields have these values and whose
    ``empty`` fields are empty (a page item has no ``fileName``; a file item does)."""

    parts: Template
    when: tuple[tuple[str, str], ...] = ()
    empty: tuple[str, ...] = ()
    # over the URL the item sends: the page links it elsewhere (RuoYi's '/prod-api' + attachment)
    over: bool = False

    def fits(self, obj: dict[str, Any]) -> bool:
        values = scalars(obj)
        return all(values.get(k) == v for k, v in self.when) and not any(values.get(f) for f in self.empty)

    def as_meta(self) -> dict[str, Any]:
        return {"parts": [list(p) for p in self.parts], "when": [list(w) for w in self.when],
                "empty": list(self.empty), **({"over": True} if self.over else {})}

    @classmethod
    def from_meta(cls, data: dict[str, Any]) -> Rule:
        return cls(tuple((f, t) for f, t in data["parts"]), tuple((k, v) for k, v in data.get("when", [])),
                   tuple(data.get("empty", [])), bool(data.get("over")))


def build(rules: list[Rule], obj: dict[str, Any], base_url: str) -> str | None:
    """The URL the first rule that fits ``obj`` builds for it; for an item whose marking field has
    a value never seen, the first rule whose empty fields it leaves empty; else the first rule
    that can build one at all (the page it leads to decides what it is)."""
    for fits in (Rule.fits, lambda r, o: Rule(r.parts, (), r.empty).fits(o), lambda r, o: True):
        for rule in rules:
            if fits(rule, obj):
                url = apply(rule.parts, obj, base_url)
                if url:
                    return url
    return None


def learn(objects: list[dict[str, Any]], rendered: list[tuple[str, str]], page_url: str) -> list[Rule]:
    """The templates the page's script built its item hrefs with, from the items the list service
    gave (without a URL) and the (href, link text) pairs the rendered page shows.

    Each item is matched to the rendered link whose text is its title and gives the template of
    its href. Items may be built two ways (pages and files): each template becomes a rule for the
    items like those it was learned from — a field whose value tells the groups apart
    (``docType``), and the fields its items all leave empty.
    """
    by_text = _by_text(rendered)
    groups: dict[Template, list[dict[str, str]]] = {}
    host = urlsplit(page_url).netloc
    for obj in objects:
        values = scalars(obj)
        href = _rendered_href(_title(values), by_text)
        if href is None:
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.netloc != host:
            continue
        # an app's route is the item's address too (/portal/index.html#/detail/61003)
        route = f"#{parts.fragment}" if route_fragment(href) else ""
        template = template_for(parts.path + (f"?{parts.query}" if parts.query else "") + route, obj)
        if template is not None:
            groups.setdefault(template, []).append(values)
    groups = {t: members for t, members in groups.items() if len(members) >= 2 or _has_key(t, members[0])}
    telling = _telling_field(groups)
    rules = []
    for template, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        empty = tuple(sorted(f for f in {k for o in objects for k in o} if not any(m.get(f) for m in members)))
        when = ((telling, members[0].get(telling, "")),) if telling else ()
        rules.append(Rule(template, when, empty))
    return rules


def _by_text(rendered: list[tuple[str, str]]) -> dict[str, str]:
    by_text: dict[str, str] = {}
    for href, text in rendered:
        t = squeeze(text)
        if t and t not in by_text:
            by_text[t] = href
    return by_text


def _rendered_href(title: str, by_text: dict[str, str]) -> str | None:
    """The href the page rendered for the item titled ``title``."""
    if not title:
        return None
    # a list that cuts long titles ("…年度报..."), or adds a date to them
    return by_text.get(title) \
        or next((h for t, h in by_text.items() if len(t) >= 6 and title.startswith(t.rstrip(".…"))), None) \
        or next((h for t, h in by_text.items() if title in t), None)


def learn_over(linked: list[tuple[dict[str, Any], str]], rendered: list[tuple[str, str]],
               page_url: str) -> list[Rule]:
    """Rules for items that send a URL the page does not link as sent: the front end puts its own
    base in front (a RuoYi-Vue page links ``process.env.VUE_APP_BASE_API + row.attachment``, so
    ``/profile/upload/….pdf`` is served at ``/prod-api/profile/upload/….pdf``; the bare path is a 404).

    ``linked`` is (item, the URL it sends, resolved); an item counts when the rendered href for
    its title is another URL on the page's host whose path ends with the sent URL's path. The
    template (base literal + the field) most such items agree on, seen on two items or placing a
    long value, is kept."""
    by_text = _by_text(rendered)
    host = urlsplit(page_url).netloc
    groups: dict[Template, list[dict[str, str]]] = {}
    for obj, sent in linked:
        values = scalars(obj)
        href = _rendered_href(_title(values), by_text)
        if href is None:
            continue
        shown = urlsplit(urljoin(page_url, href))
        own = urlsplit(sent)
        if shown.netloc != host or urljoin(page_url, href).split("#")[0] == sent \
                or not own.path or own.path == shown.path or not shown.path.endswith(own.path):
            continue
        template = template_for(shown.path + (f"?{shown.query}" if shown.query else ""), obj)
        if template is not None and any(field for field, _t in template):
            groups.setdefault(template, []).append(values)
    groups = {t: members for t, members in groups.items() if len(members) >= 2 or _has_key(t, members[0])}
    if not groups:
        return []
    template, _members = max(groups.items(), key=lambda kv: len(kv[1]))
    return [Rule(template, over=True)]


def _has_key(template: Template, values: dict[str, str]) -> bool:
    """A template learned from one item only is trusted when it places a long whole value (an id,
    a file name), or a whole value of a field named as the record's key (``wzid=1092``,
    ``docId``): a short value of another field may sit in the URL by chance."""
    return any(field and not transform and (len(values.get(field, "")) >= 6 or
                                            (_KEY_FIELD.search(field) and len(values.get(field, "")) >= MIN_VALUE_LEN))
               for field, transform in template)


_KEY_FIELD = re.compile(r"(?:^|_)id$|[a-z]Id$|ID$|^(?:id|key|guid|uuid|code)$|(?<=[a-z])id$", re.I)


def _telling_field(groups: dict[Template, list[dict[str, str]]]) -> str | None:
    """A field that marks which template an item takes (``docType``): one short value within every
    group learned from two items or more, a different value in each group."""
    if len(groups) < 2:
        return None
    first = next(iter(groups.values()))[0]
    for field in first:
        values = []
        for members in groups.values():
            own = {m.get(field, "") for m in members}
            if len(own) != 1:
                break
            values.append(own.pop())
        else:
            if len(set(values)) == len(values) and all(0 < len(v) <= 12 for v in values):
                return field
    return None


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


_CONSTANT = re.compile(rf"""(?:\b(?:var|let|const)\s+|[,;{{]\s*|^\s*)([A-Za-z_$][\w$]*)\s*=\s*({_STRING})\s*(?=[;,\n}}]|$)""",
                       re.M)


def _constants(script: str) -> str:
    """The script with its string constants written in where they are concatenated
    (``var BASE_API = '/prod-api'; … BASE_API + row.attachment`` → ``'/prod-api' + row.attachment``):
    a name given one string value, once, in the whole script."""
    values: dict[str, set[str]] = {}
    for m in _CONSTANT.finditer(script):
        values.setdefault(m.group(1), set()).add(m.group(2))
    known = {name: next(iter(v)) for name, v in values.items() if len(v) == 1}
    if not known:
        return script
    names = "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True))
    return re.sub(rf"(?<![\w$.'\"])({names})(?=\s*\+)|(?<=\+)(\s*)({names})(?![\w$(.\[])",
                  lambda m: known[m.group(1)] if m.group(1) else m.group(2) + known[m.group(3)], script)


def from_scripts(scripts: list[str]) -> list[Template]:
    """URL templates written as string concatenations around item fields, in order, each once:
    a literal that looks like a path or a page (``'/xxgk/info/'``, ``'.shtml'``, ``'detail.html?id='``)
    joined to at least one ``item.field``; a string constant of the script counts as its literal."""
    found: dict[Template, None] = {}
    for script in scripts:
        for m in _CHAIN.finditer(_constants(script or "")):
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


def over_from_scripts(templates: list[Template], linked: list[tuple[dict[str, Any], str]],
                      page_url: str) -> list[Rule]:
    """The base a script writes before the URL field of items that send one (``BASE_API +
    row.attachment``, ``fileServer + item.filePath``), when the page renders no href to learn it
    from (:func:`learn_over`): a template that is one literal and then the field holding most
    items' own URL, building URLs other than theirs."""
    if not linked:
        return []
    for template in templates:
        if len(template) != 2 or template[0][0] or not template[1][0] or template[1][1]:
            continue
        prefix, field = template[0][1], template[1][0]
        if not _URLISH.search(prefix):
            continue
        fits = [(obj, sent) for obj, sent in linked if urljoin(page_url, str(obj.get(field) or "")) == sent
                and isinstance(obj.get(field), str) and obj[field].startswith("/")]
        if fits and len(fits) * 2 > len(linked) and all(_based(apply(template, obj, page_url), sent) for obj, sent in fits):
            return [Rule(template, over=True)]
    return []


def _based(built: str | None, sent: str) -> bool:
    """``built`` is ``sent`` under a base of its own: the same host, a longer path ending in sent's."""
    if not built:
        return False
    b, s = urlsplit(built), urlsplit(sent)
    return b.netloc == s.netloc and b.path != s.path and b.path.endswith(s.path)


def anchor(rule: Rule, page_url: str) -> Rule:
    """The rule with its template's leading literal made absolute against the page that built the
    URLs (``detail.html?id=`` on ``/xxgk/list.html`` → ``http://host/xxgk/detail.html?id=``)."""
    t = rule.parts
    if t and not t[0][0] and t[0][1]:
        return replace(rule, parts=(("", urljoin(page_url, t[0][1])), *t[1:]))
    return rule


def with_fallbacks(rules: list[Rule], templates: list[Template]) -> list[Rule]:
    """Learned rules, then templates read from scripts for the items no learned rule fits: first
    those that use a field the learned rules' items all left empty (a file name), since that field
    is what sets such an item apart."""
    if not rules:
        return []
    known = {r.parts for r in rules}
    empty = {f for r in rules for f in r.empty}
    extra = [t for t in templates if t not in known]
    extra.sort(key=lambda t: not any(field in empty for field, _tr in t))
    return [*rules, *(Rule(t) for t in extra)]


def choose(templates: list[Template], objects: list[dict[str, Any]]) -> list[Rule]:
    """Of templates read from scripts, the first that builds a URL for most of these items."""
    if not objects:
        return []
    for template in templates:
        built = [apply(template, obj, "http://x/") for obj in objects]
        if sum(u is not None for u in built) * 2 >= len(objects) and len(set(filter(None, built))) > len(objects) // 2:
            return [Rule(template)]
    return []
