"""Platform dialects: how a CMS family pages its lists, in one table (:data:`DIALECTS`).

Each module is one small unit recognized by its markup, never by a site's name, with its own
fixture test (``tests/test_dialect_*.py``):

- :mod:`.pagination` — plain 下一页 / 尾页 links and ``index_N.html`` / ``list_N.html`` pages;
- :mod:`.trs` — TRS WCM's ``createPageHTML(...)`` call, 0-based and 1-based;
- :mod:`.scriptpager` — other pagers written in script (``goPage(n)`` over ``'index_' + n + '.html'``
  and a stated page count);
- :mod:`.postback` — ASP.NET WebForms pagers: ``__doPostBack`` form POSTs with the page's view state;
  and lists paged by submitting a form whose page field (``pageNo``) a script fills;
- :mod:`.hanweb` — Hanweb jpage lists: records embedded as XML, the rest by POST to dataproxy.jsp
  (or, when that fails, by GET of the unit's ``?uid=…&pageNum=N`` pages);
- :mod:`.fjdzapp` — Fujian's TRS ``list2.trsapi`` columns, filled from ``/fjdzapp/search``;
- :mod:`.gkmlpt` — Guangdong's gkmlpt columns, one JSON API each;
- :mod:`.was5` — TRS columns whose later pages come from the WAS5 search service;
- :mod:`.trsapi` — TRS columns whose later pages come from ``list2.trsapi?siteid=…&channelid=…&pageindex=…``;
- :mod:`.jpaas` — Zhejiang's jpaas columns, from the publish server's ``build/unit`` API;
- :mod:`.hanweb_xxgk` — Hanweb's 信息公开 catalogue, ``POST /module/xxgk/search.jsp``;
- :mod:`.irs` — TRS 海云 IRS columns, ``POST /irs/front/list`` with the JSON body the page writes;
- :mod:`.tabpanels` — tabs whose panels a handler loads from files, on a page read without a browser;
- :mod:`.tabs` — tabs that load a list each (a year's JSON file): the other tabs' calls, from the
  one a render recorded;
- :mod:`.scripted` — any other script-built column: rendered in a browser, its list service recorded.

A dialect answers, for a page the spider holds, one of: the other static pages of the list
(``page_urls``), the form POSTs that bring them (``posts``), the list services to walk
(``services``, see :mod:`.listservice`), the Hanweb jpage to POST to (``jpage``), why the page must be rendered (``render``),
or, for a list call a render recorded, the calls its siblings make (``other_calls``). The spider asks every
dialect and decides what to fetch (``ReportsSpider.paginate``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parsel import Selector

from ..discovery import Link
from . import (
    fjdzapp,
    gkmlpt,
    hanweb,
    hanweb_xxgk,
    irs,
    jpaas,
    pagination,
    postback,
    scripted,
    scriptpager,
    tabpanels,
    tabs,
    trs,
    trsapi,
    was5,
)
from .listservice import ListService


@dataclass(frozen=True)
class Dialect:
    """One way a list is paged; each field a question the dialect can answer (None: it cannot)."""

    name: str
    page_urls: Callable[[str, str, list[Link]], list[str]] | None = None  # (url, html, links)
    services: Callable[[str, str], list[ListService]] | None = None  # (url, html)
    jpages: Callable[[str, str], list[hanweb.JPage]] | None = None  # (url, html): every unit
    render: Callable[[Selector], str | None] | None = None  # the page: why it needs a browser
    posts: Callable[[str, str], list[postback.Postback]] | None = None  # (url, html): form POSTs for pages
    # (url, method, body, rendered page): the calls a recorded list call's siblings make, as (url, body)
    other_calls: Callable[[str, str, str | None, Selector], list[tuple[str, str | None]]] | None = None


DIALECTS: dict[str, Dialect] = {d.name: d for d in (
    Dialect("next-link", page_urls=lambda url, html, links: pagination.page_urls(url, links)),
    Dialect("trs", page_urls=lambda url, html, links: trs.page_urls(url, html)),
    Dialect("script-pager", page_urls=lambda url, html, links: scriptpager.page_urls(url, html)),
    Dialect("aspnet-postback", posts=postback.postbacks),
    Dialect("form-pager", posts=postback.form_pages),
    Dialect("hanweb-jpage", jpages=hanweb.find_jpages),
    Dialect("hanweb-pagenum", page_urls=lambda url, html, links: hanweb.pagenum_urls(url, html)),
    Dialect("fjdzapp", services=fjdzapp.services),
    Dialect("gkmlpt", services=gkmlpt.services),
    Dialect("was5", services=was5.services),
    Dialect("trsapi", services=trsapi.services),
    Dialect("jpaas", services=jpaas.services),
    Dialect("hanweb-xxgk", services=hanweb_xxgk.services),
    Dialect("irs", services=irs.services),
    Dialect("tab-panels", page_urls=lambda url, html, links: tabpanels.page_urls(url, html),
            services=tabpanels.services),
    Dialect("tabs", other_calls=tabs.other_calls),
    Dialect("script-built", render=scripted.signs),
)}

__all__ = ["DIALECTS", "Dialect", "ListService"]
