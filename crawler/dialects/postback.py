"""ASP.NET WebForms pagers: a list's other pages reached only by ``__doPostBack``.

A WebForms list (a GridView, an AspNetPager) shows page 1 in the GET; its other pages are links
``javascript:__doPostBack('GridView1','Page$2')`` that fill the page's one ``<form>`` (its hidden
``__VIEWSTATE``, ``__EVENTVALIDATION``… fields) with the event's target and argument and submit
it. The same POST, made by the crawler, brings page 2: every hidden field of the form the link
sits in, ``__EVENTTARGET`` and ``__EVENTARGUMENT`` set, to the form's action.

Only pager events are posted: an argument ``Page$N`` / ``Page$Next`` (GridView, DataPager) or a
bare number (AspNetPager), a link whose words are a page number or 下一页 / 尾页
(``__doPostBack`` or ``WebForm_DoPostBackWithOptions``), or a 下一页 submit button. Other
postbacks (a search button, a tree node) are left alone. Each post is keyed by its form action,
target and argument so a pager seen again on page 2 asks for nothing twice (:func:`key`); a
relative argument (``Page$Next``) depends on the page it was posted from, so its key carries that
page's view state.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

from parsel import Selector

from .pagination import is_next_link

_POSTBACK = re.compile(r"""__doPostBack\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]*)['"]\s*\)"""
                       r"""|WebForm_PostBackOptions\(\s*(?:&quot;|['"])([^'"&]+)(?:&quot;|['"])\s*,\s*(?:&quot;|['"])([^'"&]*)""")
_PAGER_ARGUMENT = re.compile(r"^(?:Page\$(?:\d{1,4}|Next|Last)|\d{1,4})$", re.I)
_RELATIVE = re.compile(r"Next|Prev|First|Last", re.I)
_NUMBERED = re.compile(r"^(?:Page\$)?\d{1,4}$", re.I)
MAX_POSTS = 200  # pager events taken from one page


@dataclass(frozen=True)
class Postback:
    """One pager event: the form submission (a POST, or a GET form's query) that brings another
    page of the list."""

    url: str
    target: str
    argument: str
    body: str  # the form fields, urlencoded
    key: str  # what makes this event the same as one posted already
    method: str = "POST"

    def request_args(self) -> dict[str, object]:
        if self.method == "GET":
            return {"url": self.url.split("?", 1)[0] + "?" + self.body, "method": "GET"}
        return {"url": self.url, "method": "POST", "body": self.body,
                "headers": {"Content-Type": "application/x-www-form-urlencoded"}}


def _fields(form: Selector) -> list[tuple[str, str]]:
    """What the browser would submit of ``form`` before the event: named hidden and text inputs,
    checked boxes, selected options, text areas (no buttons: the event is the submitter)."""
    out = []
    for node in form.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        name = node.attrib["name"]
        tag = node.root.tag
        if tag == "select":
            value = node.xpath("./option[@selected]/@value").get() or node.xpath("./option/@value").get() or ""
        elif tag == "textarea":
            value = node.xpath("string(.)").get() or ""
        else:
            kind = (node.attrib.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and "checked" not in node.attrib:
                continue
            value = node.attrib.get("value", "")
        out.append((name, value))
    return out


def postbacks(page_url: str, html: str) -> list[Postback]:
    """The pager events of the page's WebForms list, each as the POST that brings its page."""
    if "__VIEWSTATE" not in html:
        return []
    sel = Selector(text=html)
    found: dict[str, Postback] = {}
    for form in sel.xpath("//form[.//input[@name='__VIEWSTATE']]"):
        action = urljoin(page_url, (form.attrib.get("action") or "").strip() or page_url)
        fields = [(k, v) for k, v in _fields(form) if k not in ("__EVENTTARGET", "__EVENTARGUMENT")]
        state = dict(fields).get("__VIEWSTATE", "")
        for a in form.xpath(".//a[contains(@href, 'PostBack')] | .//*[contains(@onclick, 'PostBack')]"):
            m = _POSTBACK.search(a.attrib.get("href", "") + " " + a.attrib.get("onclick", ""))
            if not m:
                continue
            target, argument = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            words = re.sub(r"\s+", "", a.xpath("string(.)").get() or a.attrib.get("value", ""))
            if not (_PAGER_ARGUMENT.match(argument) or (words.isdigit() and len(words) <= 4) or is_next_link(words)):
                continue
            key = f"{action} {target} {argument}"
            if _RELATIVE.search(argument) or not (_NUMBERED.match(argument) or words.isdigit()):
                key += " " + hashlib.sha1(state.encode()).hexdigest()[:12]
            body = urlencode([("__EVENTTARGET", target), ("__EVENTARGUMENT", argument), *fields])
            found.setdefault(key, Postback(action, target, argument, body, key))
            if len(found) >= MAX_POSTS:
                break
        # a 下一页 submit button (<input type="submit" name="ctl00$btnNext" value="下一页">): the
        # form posted with the button as its submitter
        for button in form.xpath(".//input[@type='submit' or @type='image'][@name] | .//button[@name]"):
            name = button.attrib["name"]
            words = re.sub(r"\s+", "", button.attrib.get("value") or button.xpath("string(.)").get() or "")
            if not is_next_link(words):
                continue
            key = f"{action} {name} {hashlib.sha1(state.encode()).hexdigest()[:12]}"
            body = urlencode([("__EVENTTARGET", ""), ("__EVENTARGUMENT", ""), *fields,
                              (name, button.attrib.get("value", ""))])
            found.setdefault(key, Postback(action, name, "", body, key))
    return list(found.values())


def shown_page_keys(page_url: str, html: str) -> list[str]:
    """Keys of the events that would bring back the page a GET shows (page 1): posting them again
    would fetch it twice."""
    return [f"{p.url} {p.target} {arg}" for p in postbacks(page_url, html)
            for arg in ("Page$1", "Page$First", "1")]


# --- a form that carries the page number: goPage(3) sets its pageNo field and submits it --------
_PAGE_FIELDS = ("pageno", "pagenum", "pageindex", "currentpage", "curpage", "currpage", "pagenow", "page",
                "page_no", "pagecurrent", "cpage", "nowpage")
_CALLED_NUMBER = re.compile(r"""[A-Za-z_$][\w$.]*\(\s*['"]?(\d{1,4})['"]?\s*\)""")
_PAGE_COUNT = re.compile(r"""共\s*(\d{1,4})\s*页|(?:totalPage|pageCount|pageTotal|totalPages)\s*[=:]\s*['"]?(\d{1,4})""", re.I)
MAX_FORM_PAGES = 100


def form_pages(page_url: str, html: str) -> list[Postback]:
    """The other pages of a list paged by submitting a form with the page number in one of its
    fields (``<input type="hidden" name="pageNo">`` and ``function goPage(n) { f.pageNo.value = n;
    f.submit(); }``): pages 2 … N, N from the pager's numbered links or its 共N页. Only a form whose
    page field the page's own script fills and submits."""
    if ".submit(" not in html or "__VIEWSTATE" in html:
        return []
    sel = Selector(text=html)
    scripts = " ".join(sel.xpath("//script[not(@src)]/text()").getall())
    if ".submit(" not in scripts:
        return []
    numbers = {int(m.group(1)) for node in sel.xpath("//a[@href or @onclick] | //*[@onclick]")
               for m in [_CALLED_NUMBER.search((node.attrib.get("href") or "") + " " + (node.attrib.get("onclick") or ""))]
               if m}
    counts = [int(a or b) for a, b in _PAGE_COUNT.findall(" ".join(sel.xpath("//body//text()").getall()) + " " + scripts)]
    last = min(max([*numbers, *counts], default=0), MAX_FORM_PAGES)
    found = []
    for form in sel.xpath("//form"):
        fields = _fields(form)
        page_field = next((name for name, _v in fields if name.lower() in _PAGE_FIELDS), None)
        if page_field is None or not re.search(
                rf"""\b{re.escape(page_field)}\b['"\]]?\s*\)?\s*(?:\.value\s*=|\.val\s*\()""", scripts):
            continue  # the script must fill this field (f.pageNo.value = n, $('#pageNo').val(n))
        action = urljoin(page_url, (form.attrib.get("action") or "").strip() or page_url)
        method = "GET" if (form.attrib.get("method") or "get").strip().upper() == "GET" else "POST"
        for n in range(2, last + 1):
            body = urlencode([(k, str(n) if k == page_field else v) for k, v in fields])
            found.append(Postback(action, page_field, str(n), body, f"{action} {page_field} {n}", method))
        break
    return found
