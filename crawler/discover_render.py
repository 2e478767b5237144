"""Reading a directory page in the browser, when its links are written by script.

Discovery reads pages statically (:mod:`crawler.directory`); a page whose directory groups show the
signs of script-written links (:func:`crawler.directory.render_signs`) is rendered once in Debian's
chromium through scrapy-playwright (the crawler's :class:`crawler.browser.LazyPlaywrightHandler`:
a run that renders nothing never starts a browser). While the page is open:

- an init script (:data:`INIT_SCRIPT`) hooks what a click would open — ``window.open`` (and the
  ``location`` of the window it returns), every navigation of the page itself (``location.href =``,
  ``location.assign``, form submits: the Navigation API's ``navigate`` event, cancelled), and
  ``confirm``/``alert`` answered yes — so nothing leaves the page and every target is recorded;
- :func:`explore` clicks, within a budget, the elements of the page that open something by script
  (links without an address, elements with handlers or data, rows and cards, a custom "leave the
  site?" dialog's 继续), chooses every option of each select (its change handlers), and clicks the
  tabs naming directory groups (a panel cloned from a ``<template>``, loaded by XHR), taking a
  snapshot of the DOM after each tab. Each element that opened a URL gets it written into the DOM
  (``href``, an option's ``value``, ``data-href``), so the static reader then sees a link under its
  group's heading, named by its own words;
- the XHR / fetch answers are recorded (:func:`crawler.browser.record_list_requests`) and read for
  name + URL pairs (JSON, XML, RSS) by the caller.

Which elements are worth clicking is decided in Python by the directory rules (:func:`wanted`):
words naming an agency or a place, a generic 进入 in a row naming one, a directory group's tab.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request

from . import browser
from .dialects import listservice
from .dialects.listservice import ListService
from .directory import (
    agency_in_link,
    host_key,
    is_generic_link_text,
    is_more_link,
    names_directory_group,
    names_non_agency,
)

logger = logging.getLogger(__name__)

# Hooks installed before the page's own scripts run: whatever a handler opens is recorded in
# window.__nbOpened and nothing navigates away.
INIT_SCRIPT = r"""
(() => {
  const rec = window.__nbOpened = [];  // (a navigation the browser itself starts fires no navigate event)
  const push = (u) => { try { if (u !== undefined && u !== null && String(u)) rec.push(String(u)); } catch (e) {} };
  const place = () => new Proxy({}, {
    set(t, k, v) { if (k === 'href') push(v); return true; },
    get(t, k) { return (k === 'replace' || k === 'assign') ? push : ''; } });
  const fake = () => {
    const w = { closed: false, opener: window, focus() {}, blur() {}, close() {},
                document: { write() {}, writeln() {}, close() {}, open() {} }, location: place() };
    return new Proxy(w, { set(t, k, v) { if (k === 'location') push(v); else t[k] = v; return true; } });
  };
  window.open = function (u) { push(u); return fake(); };
  window.confirm = () => true;
  window.alert = () => {};
  window.prompt = () => '';
  try { window.showModalDialog = (u) => push(u); } catch (e) {}
  if (window.navigation) {
    navigation.addEventListener('navigate', (e) => {
      if (e.hashChange || e.downloadRequest || e.navigationType === 'reload') return;
      if (e.destination.url === location.href && !e.formData) return;  // a challenge's reload: let it be
      let url = e.destination.url;
      if (e.formData) {  // a form posted to a redirector: its fields as the query
        try {
          const q = new URLSearchParams([...e.formData].filter(([k, v]) => typeof v === 'string')).toString();
          if (q && !url.includes('?')) url += '?' + q;
        } catch (err) {}
      }
      push(url);
      if (e.cancelable) e.preventDefault();
    });
  }
  // which elements listen for clicks (a listener on the element, or on a box delegating to it)
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (/^(click|mousedown|mouseup|touchstart|tap|dblclick)$/.test(String(type))) { try { this.__nbClick = true; } catch (e) {} }
    return add.call(this, type, fn, opts);
  };
})();
"""

# The page's candidates: short words in an element that opens something by script (not an <a> with
# an address), each marked data-nb-i so it can be clicked by number.
_COLLECT = r"""
(limit) => {
  const out = [];
  let n = window.__nbNext || 0;
  const skip = new Set(['SCRIPT','STYLE','TEMPLATE','HTML','HEAD','BODY','IFRAME','FRAME','INPUT','TEXTAREA',
                        'BR','HR','SELECT','OPTION','OPTGROUP','FORM','TABLE','TBODY','THEAD','UL','OL','DL','NAV']);
  const real = (h) => h && !/^\s*(javascript:|#|$)/i.test(h);
  for (const el of document.querySelectorAll('body *')) {
    if (out.length >= limit) break;
    if (skip.has(el.tagName) || el.dataset.nbI !== undefined || el.children.length > 4) continue;
    if (el.tagName === 'A' && real(el.getAttribute('href'))) continue;
    if (el.querySelector('a[href]') && [...el.querySelectorAll('a[href]')].some(a => real(a.getAttribute('href')))) continue;
    const text = (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim()
      || el.getAttribute('title') || el.getAttribute('alt') || '';
    if (!text || text.length > 40) continue;
    const attrs = [...el.attributes].map(a => a.name);
    let clickable = el.tagName === 'A' || el.tagName === 'BUTTON' || el.tagName === 'TR'
      || attrs.some(a => a === 'onclick' || a === 'rel' || a === 'role' || a.startsWith('data-') || a.startsWith('@')
                         || a.startsWith('v-on') || a.startsWith('ng-'));
    if (!clickable && (typeof el.onclick === 'function' || el.__nbClick)) clickable = true;
    if (!clickable) {  // a box (or the document: jQuery's $(document).on, React's root) delegating clicks
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (p.__nbClick || typeof p.onclick === 'function') { clickable = true; break; }
      }
      if (document.__nbClick || window.__nbClick || typeof document.onclick === 'function') clickable = true;
    }
    if (!clickable) {
      const cursor = getComputedStyle(el).cursor;
      const parentCursor = el.parentElement ? getComputedStyle(el.parentElement).cursor : '';
      clickable = cursor === 'pointer' && parentCursor !== 'pointer';  // the element the pointer is set on
    }
    if (!clickable) continue;
    const row = el.closest('tr, li, dd, [class*=card], [class*=item]');
    el.dataset.nbI = String(n);
    out.push({ i: n, text, tag: el.tagName.toLowerCase(),
               row: row && row !== el ? (row.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 80) : '' });
    n++;
  }
  window.__nbNext = n;
  return out;
}
"""

# Click one candidate; a custom "leave the site?" dialog's 继续 is clicked too. The URL it opened is
# written into the element (href for a link, data-href else).
_CLICK = r"""
async (i) => {
  const el = document.querySelector(`[data-nb-i="${i}"]`);
  if (!el) return [];
  const rec = window.__nbOpened || [];
  const before = rec.length;
  // the "continue" buttons of a dialog the click shows (not those on the page already: a select's 前往)
  const GO = /^(继续|继续访问|确定|确认|前往|确定离开|离开本站|继续前往|继续浏览)$/;
  const goes = () => [...document.querySelectorAll('button, a, input[type=button], span, div')].filter(b =>
    b.offsetParent !== null && b.children.length === 0 && GO.test((b.innerText || b.value || '').trim()));
  const shown = new Set(goes());
  el.dataset.nbDone = '1';
  for (const type of ['mouseover', 'mouseenter']) {  // a menu shown on hover
    try { el.dispatchEvent(new MouseEvent(type, { bubbles: type === 'mouseover' })); } catch (e) {}
  }
  try { el.click(); } catch (e) {}
  await new Promise(r => setTimeout(r, 0));
  const fresh = () => rec.slice(before).filter(u => !/^(javascript:|about:)/i.test(u));
  if (!fresh().length) {
    const go = goes().find(b => !shown.has(b)) || goes().find(b => b.closest(
      '[role=dialog], [class*=modal], [class*=dialog], [class*=layer], [class*=pop], [class*=confirm], [class*=leave], [id*=leave]'));
    if (go) { try { go.click(); } catch (e) {} await new Promise(r => setTimeout(r, 0)); }
  }
  const got = fresh();
  if (got.length) {
    const url = new URL(got[0], location.href).href;
    el.setAttribute(el.tagName === 'A' ? 'href' : 'data-href', url);
  }
  return got;
}
"""

# Choose each option of each select whose options carry no address (their change handlers open
# one): the URL opened is written into the option's value.
_SELECTS = r"""
async (limit) => {
  const rec = window.__nbOpened || [];
  let tried = 0, found = 0;
  for (const s of document.querySelectorAll('select')) {
    if (s.dataset.nbDone) continue;
    s.dataset.nbDone = '1';
    const opts = [...s.options];
    for (let k = 0; k < opts.length && tried < limit; k++) {
      const o = opts[k];
      if (/^\s*(https?:)?\/\//i.test(o.value || '')) continue;
      tried++;
      const before = rec.length;
      try {
        s.selectedIndex = k;
        s.dispatchEvent(new Event('input', { bubbles: true }));
        s.dispatchEvent(new Event('change', { bubbles: true }));
      } catch (e) {}
      await new Promise(r => setTimeout(r, 0));
      if (!rec.slice(before).some(u => !/^(javascript:|about:)/i.test(u))) {  // a 前往 / GO button beside the select reads its value
        const box = s.closest('form') || s.parentElement;
        const go = box && [...box.querySelectorAll('button, input[type=button], input[type=submit], a, span, img')]
          .find(b => b !== s && !(b.tagName === 'A' && /^\s*https?:/i.test(b.getAttribute('href') || ''))
                && (b.tagName !== 'SPAN' || /^(前往|跳转|转到|确定|进入|GO|Go|go)$/.test((b.innerText || '').trim())));
        if (go) { try { go.click(); } catch (e) {} await new Promise(r => setTimeout(r, 0)); }
      }
      const got = rec.slice(before).filter(u => !/^(javascript:|about:)/i.test(u));
      if (got.length) { o.setAttribute('value', new URL(got[0], location.href).href); found++; }
    }
  }
  return [tried, found];
}
"""


# Before a tab is clicked: remember the links on the page. After: the box holding the links the tab
# brought is labelled with the tab's words (aria-label), so they are read under that heading.
_MARK_LINKS = r"""
() => { window.__nbBefore = new Set(document.querySelectorAll('a[href], [data-href], area[href]')); }
"""
_LABEL_NEW = r"""
(label) => {
  const before = window.__nbBefore || new Set();
  const fresh = [...document.querySelectorAll('a[href], [data-href], area[href]')].filter(x => !before.has(x));
  if (!fresh.length) return 0;
  if (!label) return fresh.length;  // a pager's click: the links stay in the group their box is in
  let box = fresh[0].parentElement;
  while (box && !fresh.every(x => box.contains(x))) box = box.parentElement;
  if (!box || box === document.body || box === document.documentElement) return fresh.length;
  // a box one tab labelled and another tab refilled (a list emptied and filled again) takes the new tab's words
  if (!box.getAttribute('aria-label') || box.dataset.nbLabel) { box.setAttribute('aria-label', label); box.dataset.nbLabel = '1'; }
  return fresh.length;
}
"""


_FORGET = r"""
(i) => { const el = document.querySelector(`[data-nb-i="${i}"]`);
         if (el) { el.removeAttribute('data-nb-i'); el.removeAttribute('data-nb-done'); } }
"""


@dataclass
class Explored:
    """What a render gave: DOM snapshots (after each tab; the last is the final page), how many
    elements were clicked and how many opened a URL, and why it stopped early, if it did."""

    snapshots: list[str] = field(default_factory=list)
    clicked: int = 0
    opened: int = 0
    failure: str | None = None


# A list's own pager or "load more" button (clicked a few times in each state of the page).
PAGER_CLICKS = 2
_PAGER = re.compile(r"^(下一页|下页|后一页|加载更多|查看更多|显示更多|展开更多|展开全部|展开|>|»|›)$")


def wanted(candidate: dict[str, Any]) -> str | None:
    """``"tab"``, ``"item"`` or None: is the element worth a click? A directory group's tab or a
    更多; words naming an agency or a place (not a newspaper's, a bank's …); a generic 进入/访问 in
    a row or card naming one."""
    text = candidate.get("text") or ""
    if names_directory_group(text) or is_more_link(text) or _PAGER.match(text):
        return "tab"
    if names_non_agency(text):
        return None
    if agency_in_link(text):
        return "item"
    row = candidate.get("row") or ""
    if is_generic_link_text(text) and row and not names_non_agency(row) and agency_in_link(
            row.replace(text, "").strip()):
        return "item"
    return None


async def _quiet(inflight: list[int], most_ms: int) -> None:
    """Wait until the page has had no request in flight for 300 ms, at most ``most_ms``."""
    end = time.monotonic() + most_ms / 1000
    calm = 0.0
    while time.monotonic() < end:
        await asyncio.sleep(0.1)
        calm = calm + 0.1 if inflight[0] <= 0 else 0.0
        if calm >= 0.3:
            return


async def init_page(page: Any, request: Request) -> None:
    """``playwright_page_init_callback``: record the page's data calls and scripts, install the
    hooks, and count the requests in flight (so a click's XHR is waited for)."""
    await browser.record_list_requests(page, request)
    await page.add_init_script(INIT_SCRIPT)
    inflight = request.meta.setdefault("nb_inflight", [0])

    def started(req: Any) -> None:
        inflight[0] += 1

    def ended(req: Any) -> None:
        inflight[0] = max(0, inflight[0] - 1)

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)


async def opened_target(page: Any, most_ms: int) -> str | None:
    """Where a leave-site page's script sends the browser (a countdown, then ``location.href =``
    an address it computes): the first address on another host it opens or navigates to, waited for
    at most ``most_ms``; None if it opens nothing."""
    own = host_key(page.url)
    end = time.monotonic() + most_ms / 1000
    while True:
        try:
            opened = await page.evaluate("(window.__nbOpened || []).slice()")
        except Exception:  # noqa: BLE001 - the page left (a navigation the hooks did not stop): where it is
            opened = [page.url]
        for url in [*opened, page.url]:
            if url.startswith(("http://", "https://")) and host_key(url) != own:
                return url
        if time.monotonic() >= end:
            return None
        await asyncio.sleep(0.25)


def render_meta(timeout_ms: int) -> dict[str, Any]:
    """The ``meta`` that renders a directory page with the hooks (the page is kept for :func:`explore`)."""
    meta = browser.render_meta(timeout_ms)
    meta["playwright_page_init_callback"] = "crawler.discover_render.init_page"
    meta["learn_pager"] = False  # explore() clicks what a directory page needs; no pager click after it
    return meta


async def explore(page: Any, meta: dict[str, Any], clicks: int = 150, tabs: int = 8) -> Explored:
    """Click what opens sites by script, choose every select's options, open each directory tab;
    a snapshot of the DOM after each tab (bounded: ``clicks`` elements, ``tabs`` tabs).

    A list's pager (下一页, 加载更多) is clicked up to :data:`PAGER_CLICKS` times in each state of the
    page (after each tab): its calls are recorded, and the spider learns the list's service from
    them and reads its other pages itself (:func:`paged_services`). Tabs met in one round are kept
    for the next ones (a round collects only the elements it has not numbered yet)."""
    out = Explored()
    timeout = meta.get("render_timeout_ms", 15000)
    inflight = meta.get("nb_inflight", [0])
    deadline = time.monotonic() + timeout / 1000 * 2
    tabbed: set[str] = set()
    pending: list[dict[str, Any]] = []  # tabs and pagers collected and not clicked yet, in page order
    pager_clicks = 0  # since the last tab
    try:
        await _quiet(inflight, timeout)
        for _ in range(tabs * (PAGER_CLICKS + 1) + 1):
            candidates = await page.evaluate(_COLLECT, 400)
            items = [c for c in candidates if wanted(c) == "item"]
            done: set[tuple[str, str]] = set()
            for c in items:
                key = (c["text"], c.get("row") or "")
                if out.clicked >= clicks or time.monotonic() > deadline:
                    break
                if key in done:
                    continue
                out.clicked += 1
                if await page.evaluate(_CLICK, c["i"]):
                    out.opened += 1
                    done.add(key)
            tried, found = await page.evaluate(_SELECTS, max(0, clicks - out.clicked))
            out.clicked += tried
            out.opened += found
            out.snapshots.append(await page.content())
            for c in candidates:
                if wanted(c) != "tab" or c["text"] in tabbed:
                    continue
                pager = bool(_PAGER.match(c["text"]))
                if not any((p["i"] == c["i"]) if pager else (p["text"] == c["text"]) for p in pending):
                    pending.append(c)
            pagers = [c for c in pending if _PAGER.match(c["text"])]
            if pagers and pager_clicks < PAGER_CLICKS:
                tab, pager_clicks = pagers[0], pager_clicks + 1
            else:
                tab, pager_clicks = next((c for c in pending if not _PAGER.match(c["text"])), None), 0
            if tab is None or time.monotonic() > deadline:
                break
            pending.remove(tab)
            is_pager = bool(_PAGER.match(tab["text"]))
            if not is_pager:
                tabbed.add(tab["text"])
            await page.evaluate(_MARK_LINKS)
            opened = await page.evaluate(_CLICK, tab["i"])
            out.opened += bool(opened)
            await _quiet(inflight, min(timeout, 3000))
            await page.evaluate(_LABEL_NEW, "" if is_pager else tab["text"])
            if is_pager:  # found anew by the next round's collection, while it is there
                await page.evaluate(_FORGET, tab["i"])
    except Exception as exc:  # noqa: BLE001 - a page that navigated away or broke: keep what was read
        out.failure = f"{type(exc).__name__}: {str(exc)[:200]}"
        logger.info("exploring %s stopped: %s", getattr(page, "url", "?"), out.failure)
    return out


@dataclass
class PagedList:
    """A list a render read some pages of through a paged service: the service (learned from two of
    its calls), the first page not read yet, and the answers read (page order not assumed)."""

    service: ListService
    next_page: int
    answers: list[browser.Call]


def _request(call: browser.Call) -> listservice.Req:
    return (call.url, call.method or "GET", call.body, call.body_type)


def _rest(call: browser.Call, moving: set[str]) -> tuple[tuple[str, str], ...]:
    """The call's fields but the page's and those that change on every call: what says which list
    (a tab's ``type=xq``) the call asks for."""
    query, form, _kind = listservice._fields(*_request(call))
    return tuple(sorted((k, v) for k, v in {**query, **form}.items()
                        if k not in moving and not listservice._NOISE_KEY.match(k.rsplit(".", 1)[-1])))


def page_of(call: browser.Call, service: ListService) -> int | None:
    """Which page of ``service`` the call asked for (its first moving field's value), or None."""
    name, first, step = service.learned["fields"][0] if service.learned else ("", 0, 0)
    query, form, _kind = listservice._fields(*_request(call))
    value = {**query, **form}.get(name)
    if value is None or not str(value).strip().isdigit() or step <= 0:
        return None
    return (int(value) - first) // step + 1


def paged_lists(calls: list[browser.Call]) -> list[PagedList]:
    """The lists whose pager the render used: calls to one endpoint, two of which differ only by
    fields that grew (an ``offset`` by the page size, a ``pageNo`` by one: the pager's, learned by
    :func:`crawler.dialects.listservice.learn_pager`). Calls alike but for other fields (a tab's
    ``type``) are lists of their own, paged the same way; each is read on from its last page read."""
    groups: dict[tuple[str, str], list[browser.Call]] = {}
    for call in calls:
        if call.resource in ("xhr", "fetch") and call.text and (call.status or 200) < 400:
            parts = urlsplit(call.url)
            groups.setdefault(((call.method or "GET").upper(), parts.netloc + parts.path), []).append(call)
    found: list[PagedList] = []
    for group in groups.values():
        learned = None
        for i, first in enumerate(group):
            for second in group[i + 1:]:
                service = listservice.learn_pager(_request(first), _request(second), dialect="discover")
                if service is None or not service.learned or service.learned["where"] == "path":
                    continue
                moving = {name for name, _first, _step in service.learned["fields"]}
                if _rest(first, moving) == _rest(second, moving):
                    learned = service
                    break
            if learned:
                break
        if learned is None or learned.learned is None:
            continue
        moving = {name for name, _first, _step in learned.learned["fields"]}
        lists: dict[tuple[tuple[str, str], ...], list[browser.Call]] = {}
        for call in group:
            lists.setdefault(_rest(call, moving), []).append(call)
        for members in lists.values():
            pages = [p for p in (page_of(call, learned) for call in members) if p is not None]
            if not pages:
                continue
            last = max(pages)
            own = replace(learned, learned={**learned.learned, "url": members[0].url, "body": members[0].body})
            found.append(PagedList(own, last + 1, [c for c in members if page_of(c, learned) is not None]))
    return found
