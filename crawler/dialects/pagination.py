"""Plain pagination: 下一页 / 尾页 links and numbered ``index_N.html`` / ``list_N.html`` / ``list-N.html`` pages.

Static CMS exports name page N of a column ``index_N.html`` (or ``list_N``, ``default_N``) next
to ``index.html``; the page shows a few numbers and a 尾页 (last page) link. From the numbered
links on one page the whole run is known, so every page in it is returned at once rather than
walked one 下一页 at a time (which would cost a request round per page and depth per hop).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..discovery import Link, on_site

NEXT_WORDS = re.compile(r"^(下一?页|后一?页|尾页|末页|最后一?页|next|last)$", re.I)
_DECORATION = re.compile(r"[<>«»‹›→\[\]【】()（）\s]+")
_FORWARD_ARROWS = re.compile(r"^[>»›→]+$")
_NUMBERED = re.compile(r"^(?P<dir>.*/)(?P<stem>(?:index|list|default|more|lm)[_-])(?P<n>\d{1,4})\.(?P<ext>[a-z]{2,5})$", re.I)
MAX_PAGES = 500


def is_next_link(text: str) -> bool:
    """下一页 / 尾页 (arrows and brackets around them allowed: "下一页>", "[尾页]") or "»" alone."""
    return bool(NEXT_WORDS.match(_DECORATION.sub("", text))) or bool(_FORWARD_ARROWS.match(text))


def _shape(url: str) -> str:
    """A URL with its numbers blanked: the pages of a path pager share it (``/ndbg/page/2/`` and
    ``/ndbg/page/3/``, ``/list/12_2.html`` and ``/list/12_3.html``)."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "#", f"{parts.path}?{parts.query}")


def page_urls(page_url: str, links: list[Link]) -> list[str]:
    """The other pages of the list ``page_url`` shows, from its pagination links.

    Returned: the 下一页 / 尾页 targets, links whose text is a bare page number in this page's
    directory or of this page's own shape (a path pager: ``/ndbg/page/2/`` on ``/ndbg/page/3/``),
    and every ``stem_N`` page between the lowest and highest number linked there.
    """
    found: dict[str, None] = {}
    numbered: dict[tuple[str, str, str], set[int]] = {}
    page_dir = urlsplit(page_url).path.rsplit("/", 1)[0] + "/"
    page_shape = _shape(page_url)
    for link in links:
        if not on_site(link.url, page_url):
            continue
        text = link.text or link.title
        parts = urlsplit(link.url)
        same_dir = parts.path.rsplit("/", 1)[0] + "/" == page_dir
        page_number = text.isdigit() and len(text) <= 4 and (same_dir or _shape(link.url) == page_shape)
        if is_next_link(text) or page_number:
            found[link.url] = None
        m = _NUMBERED.match(parts.path)
        if m and m["dir"] == page_dir and not parts.query:
            origin = f"{parts.scheme}://{parts.netloc}{m['dir']}"
            numbered.setdefault((origin, m["stem"], m["ext"]), set()).add(int(m["n"]))
    for (origin, stem, ext), numbers in numbered.items():
        low, high = min(numbers), min(max(numbers), MAX_PAGES)
        for n in range(low, high + 1):
            found[f"{origin}{stem}{n}.{ext}"] = None
    found.pop(page_url, None)
    return list(found)
