"""Pagers written in script: ``<a href="javascript:goPage(2)">下一页</a>`` over a function that
builds the page's URL (``location.href = 'index_' + n + '.html'``) and a page count the page
states (``共5页``, ``var totalPage = 5``).

The page links exist only when the script runs, so the other pages are named at once from the
URL pattern and the count (stated, or a pager widget's record count over its page size:
layui's ``laypage.render({count: 23, limit: 10, jump: …})``): ``index_1`` … ``index_N`` (whether the pager counts from 0 or 1, the
page itself is dropped and a page past the end answers 404, once).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from ..script_links import join_literals
from . import trs

# 'index_' + n + '.html', "list_" + (p + 1) + ".shtml", 'list.jsp?page=' + i
_TEMPLATE = re.compile(
    r"""['"](?P<prefix>[\w./?=&-]*?(?:(?:index|list|default|more|page|lm)[_-]|[?&](?:page|pageNo|pageIndex|p|pn|curPage)=))['"]"""
    r"""\s*\+\s*\(?\s*[A-Za-z_$][\w$.]*\s*(?P<offset>[+-]\s*\d+\s*)?\)?"""
    r"""(?:\s*\+\s*['"](?P<suffix>\.(?:s?html?|jsp|aspx?|php)|[&][\w=&]*)\\?['"])?""", re.I)
_COUNT = re.compile(r"共\s*(\d{1,4})\s*页|(?:totalPages?|pageCount|countPage|pageTotal|totalPage|maxPage|pageNum)\s*[:=]\s*['\"]?(\d{1,4})"
                    r"|(?:第|页次[:：]?)\s*\d{1,4}\s*/\s*(\d{1,4})\s*页?", re.I)  # 共5页, totalPage = 5, 页次：1/5
# a pager widget told the record count and the page size (layui laypage ``count: 23, limit: 10``)
_RECORDS = re.compile(r"\b(?:count|total|totalCount|totalRecords?|recordCount)\s*[:=]\s*['\"]?(\d{1,6})\b")
_SIZE = re.compile(r"\b(?:limit|pageSize|perPage|perpage)\s*[:=]\s*['\"]?(\d{1,4})\b")
# a 下一页 control calling the pager with a page number: href="javascript:goPage(2)" / onclick="go(2)"
_NEXT_CALL = re.compile(r"""(?:href\s*=\s*["']\s*javascript:|onclick\s*=\s*["'])\s*[\w$.]+\(\s*['"]?(\d{1,4})['"]?\s*\)"""
                        r"""[^>]*>\s*(?:<[^>]*>\s*)*(?:下一?页|后一?页|next\b)""", re.I)
_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.I | re.S)
MAX_PAGES = 200


def _offset(text: str | None) -> int:
    """The number a template adds to its page variable (``(n - 1)``: -1), 0 when none."""
    return int(re.sub(r"\s+", "", text)) if text else 0


def stated_pages(html: str) -> int | None:
    """The page count a pager states (共5页, 页次：1/5, ``totalPage = 5``, a TRS
    ``createPageHTML(5, 0, …)``), or None."""
    counts = [int(next(g for g in groups if g)) for groups in _COUNT.findall(html)]
    counts += [total for _stem, _ext, total, _current, _id in trs.calls(html)] if "createPageHTML" in html else []
    return min(max(counts), MAX_PAGES) if counts else None


def page_urls(page_url: str, html: str) -> list[str]:
    """The list's other pages, when an inline script builds page URLs and the page states a count."""
    scripts = join_literals(" ".join(_SCRIPT.findall(html)))  # "index"+"_"+n+"."+"shtml": one template
    templates = [(m.group("prefix"), m.group("suffix") or "", _offset(m.group("offset")))
                 for m in _TEMPLATE.finditer(scripts)]
    # a TRS pager on the page counts its own files: its template (a 跳转 box's 'index_' + (n - 1)) adds none
    counted = trs.counted_prefixes(page_url, html) if "createPageHTML" in html else []
    templates = [t for t in templates if urljoin(page_url, t[0]) not in counted]
    if not templates:
        return []
    counts = [int(next(g for g in groups if g)) for groups in _COUNT.findall(html)]
    records, size = _RECORDS.search(scripts), _SIZE.search(scripts)
    if records and size and int(size.group(1)) > 0:
        counts.append(-(-int(records.group(1)) // int(size.group(1))))
    total = min(max(counts, default=0), MAX_PAGES)
    if total < 2:
        return []
    nexts = [int(m.group(1)) for m in _NEXT_CALL.finditer(html)]
    urls: dict[str, None] = {}
    for prefix, suffix, offset in dict.fromkeys(templates):
        files = range(1, total + 1 + min(offset, 0))
        own = re.fullmatch(re.escape(urljoin(page_url, prefix)) + r"(\d{1,4})" + re.escape(suffix), page_url)
        if own is None and offset == 0 and len(set(nexts)) == 1 and nexts[0] in (1, 2):
            # page 1's 下一页 calls the pager with page 2's number: 1 when the files count from 0
            # (index_1 is page 2, the last index_{count-1}), 2 when from 1 (index_2 … index_{count})
            files = range(nexts[0], nexts[0] + total - 1)
        # 'index_' + (n - 1): page n is file n-1, so the last file is total-1 and no page past it is asked;
        # 'index_' + n read elsewhere: from 0 or 1, which the script does not say, so both (a page past
        # the end answers 404, once)
        for n in files:
            urls[urljoin(page_url, f"{prefix}{n}{suffix}")] = None
    urls.pop(page_url, None)
    return list(urls)
