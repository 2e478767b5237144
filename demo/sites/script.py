"""A portal of its own platform whose annual-report column is built by script from a JSON service.

The column page /gov/nianbao.html is an empty ``<ul id="infoList">`` and a script that fetches
``/service/info/page?catalogId=7&pageNo=N&pageSize=4`` and writes the items, with 上一页 / 下一页
buttons that fetch the other pages. No platform dialect knows this service: a crawler sees it only
by rendering the page in a browser and recording the request.
"""

from __future__ import annotations

import json

from .base import Site, esc, render_template
from .common import add_robots, generated, noise_items

NAME = "云岭区人民政府"
PLACE = "云岭区"
SERVICE = "/service/info/page"
PER_PAGE = 4
CATALOG = "7"

SCRIPT = """
<script>
(function () {
  var pageNo = 1;
  function load(n) {
    fetch('%(service)s?catalogId=%(catalog)s&pageNo=' + n + '&pageSize=%(per)d', {headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        var ul = document.getElementById('infoList');
        ul.innerHTML = '';
        d.data.rows.forEach(function (row) {
          var li = document.createElement('li');
          li.innerHTML = '<a href="' + row.infoUrl + '" title="' + row.infoTitle + '">' + row.infoTitle +
                         '</a><span>' + row.publishTime + '</span>';
          ul.appendChild(li);
        });
        pageNo = n;
        document.getElementById('pageInfo').textContent = n + '/' + d.data.pages;
      });
  }
  document.getElementById('prev').onclick = function () { if (pageNo > 1) load(pageNo - 1); };
  document.getElementById('next').onclick = function () { load(pageNo + 1); };
  load(1);
})();
</script>
"""


def _page(title: str, main: str) -> str:
    return render_template("plain_page.html", title=esc(title), site_name=NAME, main=main)


def build() -> Site:
    """The whole site, in memory: its pages and every page of its list service."""
    site = Site("script", NAME, "utf-8", province="云南省", city="云岭市", county=PLACE)
    add_robots(site)
    # the page chrome links /zwgk/index.html: here it only points to the disclosure page
    site.add("/zwgk/index.html", _page("政务公开", '<a href="/gov/open.html">政务公开</a>'))
    site.add("/", _page(NAME, '<nav><a href="/gov/open.html">政务公开</a></nav>'))
    site.add("/gov/open.html", _page("政务公开", '<ul><li><a href="/gov/nianbao.html">政府信息公开年报</a></li></ul>'))

    rows: list[dict[str, str]] = []
    for i, (seed, agency, year, layout, date) in enumerate((
            (71, NAME, 2025, "html_table", "2026-01-20"), (72, "云岭区卫生健康局", 2025, "html_split", "2026-01-28"),
            (73, NAME, 2024, "html_flat_paragraphs", "2025-01-21"), (74, "云岭区司法局", 2024, "html_table", "2025-01-27"),
            (75, NAME, 2023, "html_table", "2024-01-19"), (76, NAME, 2022, "html_table", "2023-01-18"),
            (77, "云岭区人力资源和社会保障局", 2021, "html_table", "2022-01-26"))):
        doc = generated(seed, "2021", agency, year, layout, date)
        if doc is None:
            continue
        path = f"/gov/info/{date[:4]}/c{500 + i}.html"
        site.add(path, _page(doc.title, f'<div class="detail"><h1>{esc(doc.title)}</h1><p class="src">发布时间：'
                                        f'{doc.published}</p><div class="detail-body">{doc.body_html}</div></div>'),
                 modified=doc.published)
        site.reports.append(doc.expected(path) | {"site": "script"})
        rows.append({"infoTitle": doc.title, "infoUrl": path, "publishTime": doc.published})
    for j, noise in enumerate(noise_items(PLACE, "云岭区财政局")[:3]):
        path = f"/gov/info/{noise.date[:4]}/n{600 + j}.html"
        site.add(path, _page(noise.title, f'<div class="detail"><h1>{esc(noise.title)}</h1>'
                                          f'<div class="detail-body"><p>{esc(noise.body)}</p></div></div>'))
        rows.append({"infoTitle": noise.title, "infoUrl": path, "publishTime": noise.date})
    rows.sort(key=lambda r: r["publishTime"], reverse=True)
    pages = -(-len(rows) // PER_PAGE)
    for n in range(1, pages + 2):  # one page past the end answers an empty list, as services do
        chunk = rows[(n - 1) * PER_PAGE: n * PER_PAGE]
        answer = {"code": 200, "data": {"rows": chunk, "total": len(rows), "pages": pages, "current": n}}
        site.add(f"{SERVICE}?catalogId={CATALOG}&pageNo={n}&pageSize={PER_PAGE}",
                 json.dumps(answer, ensure_ascii=False), "application/json;charset=UTF-8")
    site.add("/gov/nianbao.html", _page("政府信息公开年报", (
        '<h2>政府信息公开年报</h2><ul id="infoList" class="info-list"></ul>'
        '<div class="pager"><button id="prev">上一页</button><span id="pageInfo"></span>'
        '<button id="next">下一页</button></div>'
        + SCRIPT % {"service": SERVICE, "catalog": CATALOG, "per": PER_PAGE})))
    return site
