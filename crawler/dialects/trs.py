"""TRS WCM lists: the pager is written by ``createPageHTML(...)`` in the browser.

Two forms of the call are in use; both name the page count, the current page, the file stem and
the extension, and the other pages sit next to the current one:

- ``createPageHTML(total, current, "index", "shtml")`` — 0-based: page 1 is ``index.shtml``,
  page 2 ``index_1.shtml``, the last ``index_{total-1}.shtml``;
- ``createPageHTML('paging', total, current, 'index', 'html', records)`` — a target element id
  (first, or anywhere: arguments are read by their kinds): 1-based when the current page is 1 or
  more (page 2 is ``index_2.html``, the last ``index_{total}.html``), 0-based when it is 0
  (``createPageHTML('page_div', 3, 0, 'index', 'shtml', 14)``: ``index_1``, ``index_2``).

Arguments may be variables set just before (``var countPage = 12``, ``var _sPageName = "index"``);
those are looked up. The stem may carry a path (``"./index"``, ``"/xxgk/ndbg/index"``).

The same pager is also written as one config object, TRS's ``Pager({size: 7, current: 0,
prefix: 'index', suffix: 'html'})`` (a page count, the 0-based current page, the stem and the
extension; ccgp.gov.cn and many TRS portals write it so) or ``createPageHTML({...})`` with named
keys (``total``/``pageCount``, ``current``/``currentPage``, ``name``/``prefix``, ``ext``/``suffix``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_CALL = re.compile(r"(?<![\w.])(?<!function )createPageHTML\s*\(([^()]*)\)")
MAX_PAGES = 500


def _number(arg: str, script: str) -> int | None:
    if arg.isdigit():
        return int(arg)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
        m = re.search(rf"(?<![\w$]){re.escape(arg)}\s*=\s*['\"]?(\d+)", script)
        if m:
            return int(m.group(1))
    return None


def _string(name: str, script: str) -> str:
    """The quoted string a bare argument is set to (``var _sPageName = "index"``), else the name
    itself (an element id written as a variable stays a leftover string either way)."""
    m = re.search(rf"(?<![\w$.]){re.escape(name)}\s*=\s*(['\"])([\w.-]*)\1", script)
    return m.group(2) if m else name


_EXT = re.compile(r"s?html?|jsp|php|aspx?|xml", re.I)
_NAME = re.compile(r"(?:\.{0,2}/)?(?:[\w-]+/)*[\w-]+")  # index, ./index, /xxgk/ndbg/index


def _kinds(raw: str, script: str) -> tuple[list[int], list[str], bool] | None:
    """The call's numbers (page count, current page, record count, in their order) and its file
    names (stem, extension), read by what each argument is, wherever it stands; and whether a
    pager element id (a third string) is among them. None when an argument is neither."""
    numbers: list[int] = []
    strings: list[str] = []
    for piece in (p.strip() for p in raw.split(",")):
        quoted = piece[:1] in "'\"" and piece[-1:] == piece[:1] and len(piece) >= 2
        value = piece[1:-1].strip() if quoted else piece
        number = None if quoted and not value.isdigit() else _number(value, script)
        if number is not None:
            numbers.append(number)
        elif quoted:
            strings.append(value)
        elif re.fullmatch(r"[A-Za-z_$][\w$]*", value):
            strings.append(_string(value, script))  # a bare name no number is set to: a string variable (an element id)
        else:
            return None
    # the extension is a string right after the stem; a leftover string is the pager's element id
    for i in range(len(strings) - 1):
        stem, ext = strings[i], strings[i + 1]
        if _NAME.fullmatch(stem) and _EXT.fullmatch(ext):
            return numbers, [stem, ext], len(strings) > 2
    return None


# Pager({...}) / createPageHTML({...}): a pager configured by one object literal (no nested braces)
_CONFIG_CALL = re.compile(r"(?<![\w.$])(?:new\s+)?(?:Pager|createPageHTML|createPage)\s*\(\s*\{([^{}()]*)\}\s*\)")
_COUNT_KEYS = ("size", "total", "pageCount", "countPage", "totalPage", "totalPages", "pages", "pageTotal")
_CURRENT_KEYS = ("current", "currentPage", "curPage", "pageIndex", "index")
_STEM_KEYS = ("prefix", "name", "pageName", "fileName")
_EXT_KEYS = ("suffix", "ext", "pageExt", "extension")


def _key(obj: str, names: tuple[str, ...], script: str) -> str | None:
    """A key's value in an object literal (``size: 7``, ``"prefix": 'index'``), a bare variable
    resolved by the script (``size: countPage``)."""
    for name in names:
        m = re.search(rf"""(?<![\w$])['"]?{name}['"]?\s*:\s*(?:(['"])([^'"]*)\1|([\w$.]+))""", obj)
        if m:
            if m.group(2) is not None:
                return m.group(2).strip()
            bare = m.group(3)
            number = _number(bare, script)
            return str(number) if number is not None else _string(bare, script)
    return None


def _config_pages(page_url: str, html: str) -> dict[str, None]:
    """The other pages a config-object pager names: 0-based (page 2 is ``index_1``) when page 1
    says ``current: 0``; from a later page both readings' pages (one may answer 404, once)."""
    urls: dict[str, None] = {}
    for m in _CONFIG_CALL.finditer(html):
        obj = m.group(1)
        total, current = _key(obj, _COUNT_KEYS, html), _key(obj, _CURRENT_KEYS, html)
        stem, ext = _key(obj, _STEM_KEYS, html), _key(obj, _EXT_KEYS, html)
        if not (total and total.isdigit() and stem and ext and _NAME.fullmatch(stem)):
            continue
        ext = ext.lstrip(".")
        if not _EXT.fullmatch(ext):
            continue
        count = min(int(total), MAX_PAGES)
        now = int(current) if current and current.isdigit() else 0
        for url in _pages(page_url, stem, ext, count, now, one_based_possible=True):
            urls[url] = None
    return urls


def _own_number(page_url: str, stem: str, ext: str) -> int | None:
    """Which file of the list ``page_url`` is: 0 for ``stem.ext`` (or the folder serving it), N for
    ``stem_N.ext``, None when it is neither."""
    if urljoin(page_url, f"{stem}.{ext}") == page_url or page_url.endswith("/"):
        return 0
    m = re.fullmatch(re.escape(urljoin(page_url, stem)) + r"_(\d{1,4})\." + re.escape(ext), page_url)
    return int(m.group(1)) if m else None


def _pages(page_url: str, stem: str, ext: str, total: int, current: int, *, one_based_possible: bool) -> list[str]:
    """The other files of a list of ``total`` pages, read from the page at ``page_url`` whose pager says
    ``current``, never past the count the pager prints.

    0-based, page N+1 is ``stem_N`` and the last ``stem_{total-1}``; 1-based, page N is ``stem_N``
    and the last ``stem_{total}``. Page 1 tells them apart (current 0 or 1), and so does ``stem_1``
    (only the 0-based form has it). A later page ``stem_N`` says current N either way: it names only
    the pages both readings share, and page 1, whose own call tells the rest (already read when the
    list was entered from its first page, as it is)."""
    own = _own_number(page_url, stem, ext)
    first: list[str] = []
    if not one_based_possible or current == 0 or own == 1:
        numbers = range(1, total)
    elif own in (0, None):
        numbers = range(2, total + 1)
    else:
        numbers, first = range(2, total), [urljoin(page_url, f"{stem}.{ext}")]
    urls = first + [urljoin(page_url, f"{stem}_{n}.{ext}") for n in numbers]
    return [url for url in urls if url != page_url]


def calls(html: str) -> list[tuple[str, str, int, int, bool]]:
    """Every ``createPageHTML(...)`` call read: (stem, extension, page count, current page, whether
    it names an element id)."""
    calls = []
    for m in _CALL.finditer(html):
        kinds = _kinds(m.group(1), html)
        if kinds is None:
            continue
        numbers, (stem, ext), has_id = kinds
        if len(numbers) >= 2:
            calls.append((stem, ext, min(numbers[0], MAX_PAGES), numbers[1], has_id))
    return calls


def counted_prefixes(page_url: str, html: str) -> list[str]:
    """The file-name prefixes (``…/index_``) whose pages a TRS pager on the page counts itself:
    another pager's template for them (a 跳转 box's ``'index_' + (n - 1)``) adds no page."""
    return [urljoin(page_url, f"{stem}_") for stem, *_ in calls(html)]


def page_urls(page_url: str, html: str) -> list[str]:
    """The other pages of a TRS list, from its ``createPageHTML`` call (empty when it has none).

    The arguments are read by their kinds, in whatever order the site writes them: the numbers are
    the page count, the current page (and the record count), the two file names the stem and the
    extension, any other string the pager's element id. Page 1 is ``stem.ext`` and counts from 0
    (``index_1`` is page 2) unless the call names an element id and a current page of 1 or more,
    the 1-based form (``index_2`` is page 2): a current page of 0 is page 1 of a 0-based list.
    Never a page past the count the call prints (:func:`_pages`)."""
    urls = _config_pages(page_url, html) if "{" in html else {}
    for stem, ext, total, current, has_id in calls(html):
        for url in _pages(page_url, stem, ext, total, current, one_based_possible=has_id):
            urls[url] = None
    urls.pop(page_url, None)
    return list(urls)
