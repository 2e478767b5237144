"""Platform dialects: how a CMS family paginates its lists.

Each module is one small unit recognized by its markup, never by a site's name, with its own
fixture test (``tests/test_dialect_*.py``):

- :mod:`.pagination` — plain 下一页 / 尾页 links and ``index_N.html`` / ``list_N.html`` pages;
- :mod:`.trs` — TRS WCM's ``createPageHTML(...)`` call, 0-based and 1-based;
- :mod:`.hanweb` — Hanweb jpage lists: records embedded as XML, the rest by POST to dataproxy.jsp.

Each answers "which other pages of this list are there?" for a page the spider already holds; the
spider decides whether to fetch them (see ``ReportsSpider.paginate``).
"""
