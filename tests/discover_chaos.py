"""Order and timing chaos for discovery's fixture webs (issue 15: determinism as a property).

A real government web lists its sites in whatever order its editors typed them, and its sites
answer in whatever order the network lets them. Discovery's result must depend on neither. This
module disturbs a running fixture web — :class:`demo.govweb.GovWeb` or the tests' ``_HostsServer``
— in both ways, from a seed:

- :func:`shuffle_markup`: on every HTML page, the runs of sibling elements that each carry one
  link (``<li><a>``, ``<dd>``, ``<option value=URL>``, a table's ``<tr>`` of one link, bare ``<a>``s)
  are permuted; headings, tab headers (no address) and panels (many links) stay where they are,
  so the page still says the same thing in another order;
- :func:`delay_answers`: every request is answered after a delay drawn from the seed, the host and
  the path, so sites finish in another order on each seed.

Used by ``tests/test_discover_determinism.py`` and by ``scripts/discover_determinism.py`` (more seeds).
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import re
import time
from html import escape
from typing import Any

import lxml.html
from lxml import etree

_LINK_XPATH = ".//a[@href] | .//area[@href] | .//option[@value]"
_NO_ADDRESS = re.compile(r"^\s*(#|javascript:|$)", re.I)


def _links(el: Any) -> int:
    """How many addresses an element carries (itself or inside it)."""
    found = [el] if el.tag in ("a", "area", "option") else []
    found += el.xpath(_LINK_XPATH)
    n = 0
    for link in found:
        value = link.get("href") if link.tag != "option" else link.get("value")
        if value is not None and not _NO_ADDRESS.match(value):
            n += 1
    return n


def _shuffle_children(parent: Any, rnd: random.Random) -> int:
    """Permute, among ``parent``'s children of one tag, those carrying exactly one address, in
    place (the others keep their positions). How many runs were permuted."""
    children = list(parent)
    tails = [c.tail for c in children]  # each element takes the text after its slot, not its own
    by_tag: dict[str, list[int]] = {}
    for i, child in enumerate(children):
        if not isinstance(child.tag, str) or child.tag in ("script", "style", "template", "th"):
            continue
        if child.tag == "tr" and child.xpath("./th"):
            continue  # a header row stays on top
        if child.tag == "option" and i == 0:
            continue  # a select's first option is its placeholder (县（市）区政府网站, value="0")
        if _links(child) == 1:
            by_tag.setdefault(child.tag, []).append(i)
    runs = 0
    for positions in by_tag.values():
        if len(positions) < 2:
            continue
        moved = [children[i] for i in positions]
        rnd.shuffle(moved)
        if moved == [children[i] for i in positions]:
            continue
        runs += 1
        for i, el in zip(positions, moved, strict=True):
            children[i] = el
    if runs:
        for c in list(parent):
            parent.remove(c)
        for c, tail in zip(children, tails, strict=True):
            c.tail = tail
            parent.append(c)
    return runs


def shuffle_markup(html: str, seed: int) -> str:
    """``html`` with the runs of one-link siblings of every element permuted (seeded); unchanged
    when it has no such run or is not a page of markup."""
    if "<" not in html or not re.search(r"<(a|option|area)\b", html, re.I):
        return html
    rnd = random.Random(seed)
    try:
        whole = re.search(r"<html\b", html, re.I) is not None
        root = lxml.html.document_fromstring(html) if whole else lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    runs = 0
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag not in ("script", "style", "template"):
            runs += _shuffle_children(el, rnd)
    if not runs:
        return html
    if whole:
        doctype = "<!DOCTYPE html>" if html.lstrip().lower().startswith("<!doctype") else ""
        return doctype + lxml.html.tostring(root, encoding="unicode")
    return escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(c, encoding="unicode") for c in root if isinstance(c.tag, str))


def _page_seed(seed: int, *parts: str) -> int:
    return int.from_bytes(hashlib.sha1("|".join([str(seed), *parts]).encode()).digest()[:6], "big")


def shuffled_specs(specs: list[Any], seed: int) -> list[Any]:
    """A :class:`demo.govweb.SiteSpec` tree with each site's groups (on its home page and on each
    directory page) and each group's links in a seed's order (the same sites, headings and words)."""
    rnd = random.Random(seed)
    out = []
    for spec in specs:
        groups = [dataclasses.replace(g, links=rnd.sample(g.links, len(g.links))) for g in spec.home_groups]
        directory = {text: [dataclasses.replace(g, links=rnd.sample(g.links, len(g.links)))
                            for g in rnd.sample(page, len(page))] for text, page in spec.directory.items()}
        out.append(dataclasses.replace(spec, home_groups=rnd.sample(groups, len(groups)), directory=directory))
    return out


def shuffle_govweb(web: Any, seed: int) -> int:
    """Permute the links of every HTML page of a running :class:`demo.govweb.GovWeb`; how many
    pages changed. (Resources are rebuilt in place: ETags follow the new bytes.)"""
    changed = 0
    for host, site in web.sites.items():
        for path, res in site.pages.items():
            if "html" not in res.content_type:
                continue
            try:
                text = res.body.decode("utf-8")
            except UnicodeDecodeError:
                continue
            new = shuffle_markup(text, _page_seed(seed, host, path))
            if new != text:
                res.body = new.encode("utf-8")
                changed += 1
    return changed


def shuffle_sites(sites: dict[str, Any], seed: int) -> dict[str, Any]:
    """The tests' ``_HostsServer`` tree (host → {path: body} or an alias) with its pages' links permuted."""
    out: dict[str, Any] = {}
    for host, pages in sites.items():
        if not isinstance(pages, dict):
            out[host] = pages
            continue
        out[host] = {path: body if body.startswith(("POST ", "302 ")) or body.lstrip()[:1] in ("{", "[")
                     else shuffle_markup(body, _page_seed(seed, host, path)) for path, body in pages.items()}
    return out


def delay_answers(server: Any, seed: int, most: float = 0.08) -> None:
    """Answer every request of ``server`` (an ``http.server`` server) after a delay in [0, ``most``)
    seconds drawn from the seed, the host and the path: sites finish in a seed's own order."""
    base = server.RequestHandlerClass

    def delayed(method: str) -> Any:
        inner = getattr(base, method, None)
        if inner is None:
            return None

        def handler(self: Any) -> None:
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            time.sleep(most * (_page_seed(seed, host, self.path) % 1000) / 1000)
            inner(self)
        return handler

    methods = {m: h for m in ("do_GET", "do_POST", "do_HEAD") if (h := delayed(m)) is not None}
    server.RequestHandlerClass = type(f"Delayed{base.__name__}", (base,), methods)
