"""Government webs whose directories take the static shapes of session 9, for measuring discovery.

A province portal, its departments, two cities with their departments and counties, and among their
links a news site and a bank — each directory group in one of the shapes below (a seed picks them,
their variants and the names), in provinces no earlier set used (湖南, 江西). Every link is in the
page as served: no browser is needed, but each shape hides its sites a new way.

Shapes (``SHAPES``), each a habit of real portals:

- ``letters``: departments listed under 拼音 initial tabs (``A B C … Z``, each tab's panel an
  ``<div id="zm-J">`` list), as 政府网站导航 pages sort long lists by initial;
- ``areamap``: counties on an image map (``<map><area shape="poly" href=… alt="醴陵市">``), the
  区县导航 map of city portals;
- ``jsonnav``: a 网站导航 drop-down filled by script from the portal's own JSON file
  (``/js/wzdh.json``: ``[{"groupName": "部门网站", "sites": [{"siteName", "siteUrl"}]}]``);
- ``platform``: the 网站群 page of the 集约化 platform, a page of the portal's framing the
  platform host's site list (``<iframe src="http://jyh.….gov.cn/site/list.html">``);
- ``zwgk``: departments without sites of their own (集约化: their 政务公开 lives on the city's host
  under ``/zwgk/bm/jyj/``): a list of 部门信息公开 rows, the name linked to the department's
  folder or printed without a link, 机构职能 | 政策文件 | 年度报告 beside it.

    python -m demo.shapes_govweb --seed 3 --port 9300     # serves; prints the start URL and hosts
"""

from __future__ import annotations

import argparse
import json
import random
from html import escape as esc

from demo.govweb import SiteSpec, serve_until_interrupted

PROVINCES = {
    "湖南省": ("hunan", [("株洲市", "zhuzhou", ["荷塘区", "芦淞区", "醴陵市", "攸县"]),
                         ("常德市", "changde", ["武陵区", "鼎城区", "津市市", "桃源县"])]),
    "江西省": ("jiangxi", [("赣州市", "ganzhou", ["章贡区", "南康区", "瑞金市", "信丰县"]),
                           ("九江市", "jiujiang", ["浔阳区", "濂溪区", "瑞昌市", "修水县"])]),
}
# (name, host label, 拼音 initial)
PROVINCE_DEPTS = [("发展和改革委员会", "fgw", "F"), ("教育厅", "jyt", "J"), ("公安厅", "gat", "G"),
                  ("民政厅", "mzt", "M"), ("财政厅", "czt", "C"), ("交通运输厅", "jtt", "J"),
                  ("农业农村厅", "nynct", "N"), ("商务厅", "swt", "S"), ("卫生健康委员会", "wjw", "W"),
                  ("审计厅", "sjt", "S")]
CITY_DEPTS = [("教育局", "jyj", "J"), ("财政局", "czj", "C"), ("民政局", "mzj", "M"), ("司法局", "sfj", "S"),
              ("住房和城乡建设局", "zjj", "Z"), ("水利局", "slj", "S"), ("商务局", "swj", "S"),
              ("审计局", "sjj", "S"), ("统计局", "tjj", "T")]
SHAPES = ("letters", "areamap", "jsonnav", "platform", "zwgk")
COUNTY_SHAPES = ("letters", "areamap", "jsonnav", "platform")


def _url(host: str, path: str = "/") -> str:
    return f"http://{host}:{{port}}{path}"


def letters_html(heading: str, items: list[tuple[str, str, str]]) -> str:
    """Items (label, URL, initial) under 拼音 initial tabs, each initial's panel its own list."""
    by: dict[str, list[tuple[str, str]]] = {}
    for label, url, initial in sorted(items, key=lambda i: i[2]):
        by.setdefault(initial, []).append((label, url))
    tabs = "".join(f'<a href="#zm-{k}"{" class=on" if i == 0 else ""}>{k}</a>' for i, k in enumerate(by))
    panels = "".join(f'<div class="zm-list" id="zm-{k}"{"" if i == 0 else " style=display:none"}>'
                     + "".join(f'<a href="{u}" target="_blank">{esc(label)}</a>' for label, u in v) + "</div>"
                     for i, (k, v) in enumerate(by.items()))
    return (f'<div class="wzdh-zm"><div class="title">{esc(heading)}<span>（按拼音首字母）</span></div>'
            f'<div class="zm-tabs">{tabs}</div><div class="zm-body">{panels}</div></div>')


def areamap_html(heading: str, items: list[tuple[str, str]], key: str) -> str:
    """Items on an image map: one ``<area>`` per division, its name in ``alt`` (and ``title``)."""
    areas = "".join(f'<area shape="poly" coords="{10 + 40 * n},10,{40 + 40 * n},30,{20 + 40 * n},60" href="{u}" '
                    f'alt="{esc(label)}" title="{esc(label)}" target="_blank">' for n, (label, u) in enumerate(items))
    return (f'<div class="xqdh"><h3>{esc(heading)}</h3><img src="/images/{key}.png" usemap="#{key}" alt="">'
            f'<map name="{key}" id="{key}">{areas}</map></div>')


def jsonnav_html(groups: list[tuple[str, list[tuple[str, str]]]], key: str,
                 files: dict[str, tuple[str, str]]) -> str:
    """A 网站导航 drop-down per group, filled by script from the portal's own JSON file."""
    data = [{"groupName": h, "sites": [{"siteName": label, "siteUrl": u} for label, u in items]} for h, items in groups]
    files[f"/js/{key}.json"] = ("application/json", json.dumps(data, ensure_ascii=False))
    selects = "".join(f'<select class="wzdh-sel" data-group="{n}"><option value="">{esc(h)}</option></select>'
                      for n, (h, _items) in enumerate(groups))
    return (f'<div class="wzdh" id="{key}">{selects}</div><script>$.getJSON("/js/{key}.json", function (d) {{'
            " d.forEach(function (g, n) { var s = $('.wzdh-sel[data-group=' + n + ']');"
            " g.sites.forEach(function (x) { s.append('<option value=\"' + x.siteUrl + '\">' + x.siteName + '</option>'); });"
            " }); }); $('.wzdh-sel').change(function () { if (this.value) window.open(this.value); });</script>")


def platform_html(heading: str, items: list[tuple[str, str]], host: str, files: dict[str, tuple[str, str]],
                  platform: SiteSpec) -> str:
    """A 网站群 link to the portal's own page framing the 集约化 platform's site list."""
    rows = "".join(f'<li><a href="{u}" target="_blank">{esc(label)}</a></li>' for label, u in items)
    platform.files["/site/list.html"] = ("text/html; charset=utf-8", (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>站点列表</title></head><body>"
        f"<ul class='site-list'>{rows}</ul></body></html>"))
    files["/wzq/index.html"] = ("text/html; charset=utf-8", (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>网站群</title></head><body><h2>{esc(heading)}</h2>"
        f"<iframe src='http://{platform.host}:{{port}}/site/list.html' width='100%' height='600' frameborder='0'>"
        "</iframe></body></html>"))
    return '<div class="top-links"><a href="/wzq/index.html">网站群</a></div>'


def zwgk_html(heading: str, items: list[tuple[str, str]], linked: bool) -> str:
    """部门信息公开 rows: the department's name (linked to its folder, or plain words), its 政务公开
    columns beside it."""
    def name(label: str, folder: str) -> str:
        return f'<a href="{folder}">{esc(label)}</a>' if linked else f"<strong>{esc(label)}</strong>"
    rows = "".join(
        f'<tr><td>{name(label, folder)}</td><td><a href="{folder}jgzn/">机构职能</a> | '
        f'<a href="{folder}zcwj/">政策文件</a> | <a href="{folder}ndbg/">年度报告</a></td></tr>'
        for label, folder in items)
    return f'<div class="bmxxgk"><h3>{esc(heading)}</h3><table>{rows}</table></div>'


def _folder_page(title: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(title)}</title></head><body>"
            f"<h1>{esc(title)}</h1><ul><li><a href='jgzn/'>机构职能</a></li><li><a href='zcwj/'>政策文件</a></li>"
            f"<li><a href='ndbg/'>政府信息公开年度报告</a></li></ul></body></html>")


def shapes_tree(seed: int = 1) -> tuple[list[SiteSpec], str, list[str]]:
    """A province's tree with session-9 directory shapes: (specs, start host, the start URLs of
    the agencies kept under a folder of their city's host, ``{port}`` in them)."""
    rnd = random.Random(seed)
    province = sorted(PROVINCES)[seed % len(PROVINCES)]
    pcode, cities = PROVINCES[province]
    pdomain = f"{pcode}.gov.cn"
    gov = f"{province}人民政府"
    place = (province, None, None)
    specs: list[SiteSpec] = []
    folders: list[str] = []
    shapes = list(SHAPES)
    rnd.shuffle(shapes)
    counter = [0]

    def pick(options: tuple[str, ...]) -> str:
        counter[0] += 1
        ordered = [s for s in shapes if s in options]
        return ordered[counter[0] % len(ordered)]

    def friends(short: str, label: str) -> tuple[str, list[SiteSpec]]:
        news, bank = f"www.{short}news-demo.com.cn", f"www.{short}bank-demo.com"
        html = (f'<div class="yqlj"><h4>友情链接</h4><a href="{_url(news)}">{label}新闻网</a> '
                f'<a href="{_url(bank)}">{label}银行</a></div>')
        return html, [SiteSpec(news, f"{label}新闻网", None, report=False), SiteSpec(bank, f"{label}银行", None, report=False)]

    def group(shape: str, heading: str, items: list[tuple[str, str, str]], host: str, files: dict,
              more: list[SiteSpec]) -> str:
        pairs = [(label, u) for label, u, _i in items]
        if shape == "letters":
            return letters_html(heading, items)
        if shape == "areamap":
            return areamap_html(heading, pairs, f"m{counter[0]}")
        if shape == "jsonnav":
            return jsonnav_html([(heading, pairs)], f"wzdh{counter[0]}", files)
        platform = SiteSpec(f"jyh.{host.removeprefix('www.')}", "集约化平台", None, report=False)
        more.append(platform)
        return platform_html(heading, pairs, host, files, platform)

    # the province: departments and cities
    host = f"www.{pdomain}"
    files: dict[str, tuple[str, str]] = {}
    more: list[SiteSpec] = []
    depts = rnd.sample(PROVINCE_DEPTS, 6)
    items = [((f"省{name}" if rnd.random() < 0.5 else name), _url(f"{code}.{pdomain}"), initial)
             for name, code, initial in depts]
    home = group(pick(COUNTY_SHAPES), "省直部门网站", items, host, files, more)
    city_items = [(city, _url(f"www.{code}.gov.cn"), code[0].upper()) for city, code, _k in cities]
    shape = pick(COUNTY_SHAPES)
    home += group("areamap" if shape == "letters" else shape, "市州政府网站", city_items, host, files, more)
    links, extra = friends(pcode, province[:2])
    specs.append(SiteSpec(host, f"{gov}门户网站", gov, None, place, seed=seed * 100 + 1, home_html=home + links,
                          files=files))
    specs += extra + more
    for n, (name, code, _i) in enumerate(depts):
        specs.append(SiteSpec(f"{code}.{pdomain}", f"{province}{name}", f"{province}{name}", gov, place,
                              seed=seed * 100 + 2 + n))
    # the cities
    for c, (city, code, counties) in enumerate(cities):
        cgov = f"{city}人民政府"
        host = f"www.{code}.gov.cn"
        cplace = (province, city, None)
        files, more = {}, []
        cdepts = rnd.sample(CITY_DEPTS, 5)
        shape = pick(SHAPES)
        if shape == "zwgk":
            items = [(f"市{name}", f"/zwgk/bm/{dcode}/", initial) for name, dcode, initial in cdepts]
            home = zwgk_html("部门信息公开", [(label, u) for label, u, _i in items], linked=rnd.random() < 0.5)
            for name, dcode, _i in cdepts:
                files[f"/zwgk/bm/{dcode}/"] = ("text/html; charset=utf-8", _folder_page(f"{city}{name}"))
                folders.append(f"http://{host}:{{port}}/zwgk/bm/{dcode}/")
        else:
            items = [(f"市{name}", _url(f"{dcode}.{code}.gov.cn"), initial) for name, dcode, initial in cdepts]
            home = group(shape, "市直部门网站", items, host, files, more)
        k_items = [(county, _url(f"www.{chr(97 + k)}{code}.gov.cn"), chr(65 + k)) for k, county in enumerate(counties)]
        home += group(pick(COUNTY_SHAPES), "县（市、区）政府网站", k_items, host, files, more)
        links, extra = friends(code, city[:2])
        specs.append(SiteSpec(host, f"{cgov}门户网站", cgov, gov, cplace, seed=seed * 100 + 20 + c * 10,
                              home_html=home + links, files=files))
        specs += extra + more
        if shape != "zwgk":
            for n, (name, dcode, _i) in enumerate(cdepts):
                specs.append(SiteSpec(f"{dcode}.{code}.gov.cn", f"{city}{name}", f"{city}{name}", cgov, cplace,
                                      seed=seed * 100 + 21 + c * 10 + n))
        for k, county in enumerate(counties):
            specs.append(SiteSpec(f"www.{chr(97 + k)}{code}.gov.cn", f"{county}人民政府", f"{county}人民政府", cgov,
                                  (province, city, county), seed=seed * 100 + 60 + c * 10 + k))
    return specs, f"www.{pdomain}", folders


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    specs, start, _folders = shapes_tree(args.seed)
    serve_until_interrupted(specs, start, args.port)


if __name__ == "__main__":
    main()
