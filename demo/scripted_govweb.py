"""Government webs whose directories are written by script, for measuring discovery's browser path.

A province portal, its departments, two cities with their departments and counties, and among their
links a news site, a bank and a 融媒体中心 — every directory group written by one of several script
mechanisms, each in a few variants (a seed picks them, with the names), in a province that none of
the red teams' sets used (贵州, 四川, 山西). No static reading can see these links: the addresses are
computed, encoded, fetched as text, or only known to a click handler.

Mechanisms (``SHAPES``):

- ``cards``: elements without an address whose click handler builds it from an attribute of any
  name (``data-k``, ``sid``, ``nb``) — a listener per element, a delegated one, ``location.href``;
- ``xhr``: an empty list a script fills from its own data call: ``name;code`` text lines, JSON of
  arrays with base64 addresses, JSON records with short keys and addresses without a scheme;
- ``tabs``: tabs whose panel is fetched when clicked from a computed path, or built from an array of
  reversed addresses;
- ``select``: options keyed by a code, opened by a change handler that builds the address, by a 前往
  button beside the select, or by submitting a GET form to a redirector;
- ``modal``: links whose address is base64 in an attribute, opened only through a "leave the site?"
  dialog of the page's own (继续);
- ``app``: a directory link only its handler opens, to a page whose script builds the list from
  a data file;
- ``jump``: links to the portal's own leave-site pages (``/go/…html``, ``/link/…``) whose countdown
  script computes the address it then sends the browser to;
- ``more``: the government's two groups as two tabs of one box, whose list a JSON service fills a
  few names at a time — by ``offset``/``limit`` behind a 加载更多 button, or by ``pageNo`` behind a
  下一页 button — the tab switching the service's ``type`` (a 网站群 box of the 集约化 platforms):
  the later pages are only reached by the pager.

    python -m demo.scripted_govweb --seed 3 --port 9300     # serves; prints the start URL and hosts
"""

from __future__ import annotations

import argparse
import base64
import json
import random
from dataclasses import dataclass
from html import escape as esc

from demo.govweb import SiteSpec, serve_until_interrupted

PROVINCES = {
    "贵州省": ("guizhou", [("遵义市", "zunyi", ["红花岗区", "汇川区", "桐梓县", "仁怀市", "赤水市"]),
                           ("黔东南苗族侗族自治州", "qdn", ["凯里市", "黄平县", "雷山县"])]),
    "四川省": ("sc", [("绵阳市", "my", ["涪城区", "江油市", "三台县"]),
                      ("凉山彝族自治州", "lsz", ["西昌市", "会理市", "昭觉县"])]),
    "山西省": ("shanxi", [("大同市", "dt", ["平城区", "云冈区", "阳高县"]),
                          ("长治市", "changzhi", ["潞州区", "襄垣县", "沁县"])]),
}
PROVINCE_DEPTS = [("发展和改革委员会", "fgw"), ("教育厅", "jyt"), ("财政厅", "czt"), ("民政厅", "mzt"),
                  ("自然资源厅", "zrzyt"), ("水利厅", "slt"), ("商务厅", "swt"), ("审计厅", "sjt")]
CITY_DEPTS = [("教育局", "jyj"), ("财政局", "czj"), ("民政局", "mzj"), ("水务局", "swj"), ("商务局", "sw"),
              ("审计局", "sjj"), ("统计局", "tjj")]
SHAPES = ("cards", "xhr", "tabs", "select", "modal", "jump", "app", "more")
PINYIN_COUNTY = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Entry:
    name: str  # as the page prints it
    code: str  # the host's first label
    domain: str  # the host's rest (zunyi.gov.cn)

    @property
    def host(self) -> str:
        return f"{self.code}.{self.domain}" if self.domain else self.code


def _url(entry: Entry) -> str:
    return f"http://{entry.host}:{{port}}/"


def _tok(entry: Entry) -> str:
    """The address with a token the page's script replaces by its own port (encoded forms)."""
    return f"http://{entry.host}:NBPORT/"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def shape_html(shape: str, variant: int, heading: str, entries: list[Entry], key: str,
               files: dict[str, tuple[str, str]], redirects: dict[str, str]) -> str:
    """The markup (and the files it needs) of one directory group written by ``shape``."""
    h = esc(heading)
    shared = len({e.domain for e in entries}) == 1
    domain = entries[0].domain if shared else ""  # the scripts join code + "." + domain: "" joins whole hosts
    entries = [e if shared else Entry(e.name, e.host, "") for e in entries]
    dot = "." if shared else ""
    if shape == "cards":
        attr = ("data-k", "sid", "nb")[variant % 3]
        items = "".join(f'<span class="i-{key}" {attr}="{e.code}">{esc(e.name)}</span>' for e in entries)
        if variant % 3 == 0:  # a listener on each element, window.open
            js = (f"document.querySelectorAll('.i-{key}').forEach(function (el) {{ el.addEventListener('click', "
                  f"function () {{ window.open('http://' + this.getAttribute('{attr}') + '{dot}{domain}:' + PORT + '/'); }}); }});")
        elif variant % 3 == 1:  # delegated on the box, location.href
            js = (f"document.getElementById('b-{key}').addEventListener('click', function (e) {{ "
                  f"var t = e.target.closest('[{attr}]'); if (t) location.href = 'http://' + t.getAttribute('{attr}')"
                  f" + '{dot}{domain}:' + PORT + '/'; }});")
        else:  # a cursor and an onclick set by script, the address in a window variable
            js = (f"document.querySelectorAll('.i-{key}').forEach(function (el) {{ el.style.cursor = 'pointer'; "
                  f"el.onclick = function () {{ var w = window.open(); w.location.href = ['http:', '', "
                  f"el.getAttribute('{attr}') + '{dot}{domain}:' + PORT, ''].join('/'); }}; }});")
        return (f'<div class="wz"><div class="wz-t">{h}</div><div class="wz-b" id="b-{key}">{items}</div></div>'
                f"<script>var PORT = location.port; {js}</script>")
    if shape == "xhr":
        path = f"/api/{key}{variant}.dat"
        if variant % 3 == 0:  # "name;code" text lines
            files[path] = ("text/plain; charset=utf-8", "\n".join(f"{e.name};{e.code}" for e in entries))
            build = (f"t.split('\\n').forEach(function (l) {{ var p = l.split(';'); ul.insertAdjacentHTML('beforeend', "
                     f"'<li><a target=_blank href=\"http://' + p[1] + '{dot}{domain}:' + location.port + '/\">' + p[0] + '</a></li>'); }});")
        elif variant % 3 == 1:  # JSON arrays, the addresses in base64
            files[path] = ("application/json", json.dumps([[e.name, _b64(_tok(e))] for e in entries], ensure_ascii=False))
            build = ("JSON.parse(t).forEach(function (r) { ul.insertAdjacentHTML('beforeend', '<li><a href=\"' + "
                     "atob(r[1]).replace('NBPORT', location.port) + '\">' + r[0] + '</a></li>'); });")
        else:  # JSON records with short keys, hosts without scheme, printed as a table with buttons
            files[path] = ("application/json", json.dumps({"code": 0, "rows": [{"t": e.name, "d": e.host} for e in entries]},
                                                          ensure_ascii=False))
            build = ("JSON.parse(t).rows.forEach(function (r) { var li = document.createElement('li'); "
                     "li.textContent = r.t; li.onclick = function () { window.open('http://' + r.d + ':' + "
                     "location.port + '/'); }; ul.appendChild(li); });")
        return (f'<div class="lj"><h4>{h}</h4><ul id="u-{key}"></ul></div><script>(function () {{ '
                f"var ul = document.getElementById('u-{key}'); var x = new XMLHttpRequest(); "
                f"x.open('GET', '/api/' + '{key}' + '{variant}.dat'); x.onload = function () {{ var t = x.responseText; "
                f"{build} }}; x.send(); }})();</script>")
    if shape == "tabs":
        # entries go in the first tab; the second is 友情链接 (filled by the caller's other group)
        if variant % 2 == 0:  # the panel fetched from a computed path
            frag = "".join(f'<li><a href="{_url(e)}">{esc(e.name)}</a></li>' for e in entries)
            files[f"/frag/{key}-0.htm"] = ("text/html; charset=utf-8", f"<ul>{frag}</ul>")
            js = (f"function tab{key}(i) {{ fetch('/frag/' + '{key}-' + i + '.htm').then(function (r) {{ return r.text(); }})"
                  f".then(function (t) {{ document.getElementById('p-{key}').innerHTML = t; }}); }}")
        else:  # the panel built from an array of reversed addresses
            data = json.dumps([[e.name, _tok(e)[::-1]] for e in entries], ensure_ascii=False)
            js = (f"var D{key} = {data}; function tab{key}(i) {{ if (i) return; document.getElementById('p-{key}').innerHTML = "
                  f"D{key}.map(function (r) {{ return '<a href=\"' + r[1].split('').reverse().join('').replace('NBPORT', "
                  f"location.port) + '\">' + r[0] + '</a>'; }}).join(' '); }}")
        return (f'<div class="tabbox"><ul class="tabs"><li onclick="tab{key}(0)">{h}</li></ul>'
                f'<div id="p-{key}" class="panel"></div></div><script>{js}</script>')
    if shape == "select":
        options = "".join(f'<option value="{e.code}">{esc(e.name)}</option>' for e in entries)
        if variant % 3 == 0:  # a change handler building the address
            return (f'<div class="sel"><select id="s-{key}"><option value="">—{h}—</option>{options}</select></div>'
                    f"<script>document.getElementById('s-{key}').addEventListener('change', function () {{ "
                    f"if (this.value) window.open('http://' + this.value + '{dot}{domain}:' + location.port + '/'); }});</script>")
        if variant % 3 == 1:  # a 前往 button beside the select
            return (f'<div class="sel"><span>{h}</span><select id="s-{key}"><option value="">请选择</option>{options}'
                    f'</select><button type="button" onclick="go{key}()">前往</button></div>'
                    f"<script>function go{key}() {{ var v = document.getElementById('s-{key}').value; "
                    f"if (v) location.assign('http://' + v + '{dot}{domain}:' + location.port + '/'); }}</script>")
        for e in entries:  # a GET form to the portal's own redirector
            redirects[f"/r.do?u={e.code}"] = _url(e)
        return (f'<form class="sel" id="f-{key}" action="/r.do" method="get"><label>{h}</label>'
                f'<select name="u" onchange="if (this.value) this.form.submit()"><option value="">请选择</option>'
                f"{options}</select></form>")
    if shape == "app":  # a directory link only a handler opens, to an app page building the list from data
        rows = [{"mc": e.name, "dz": e.host} for e in entries]
        files[f"/wz/{key}.dat"] = ("application/json", json.dumps({"list": rows}, ensure_ascii=False))
        files[f"/wz/{key}.html"] = ("text/html; charset=utf-8", (
            "<html><head><meta charset='utf-8'><title>网站导航</title></head><body><div id='app'></div><script>"
            f"fetch('/wz/' + '{key}' + '.dat').then(function (r) {{ return r.json(); }}).then(function (d) {{"
            f" document.getElementById('app').innerHTML = '<h2>{h}</h2><ul>' + d.list.map(function (x) {{"
            " return '<li><a href=\"http://' + x.dz + ':' + location.port + '/\">' + x.mc + '</a></li>'; }).join('')"
            " + '</ul>'; });</script></body></html>"))
        link = "javascript:void(0)" if variant % 2 == 0 else "#"
        return (f'<div class="nav"><a href="{link}" onclick="go{key}(); return false;">{h}</a></div>'
                f"<script>function go{key}() {{ window.location.href = '/wz/' + '{key}' + '.html'; }}</script>")
    if shape == "jump":  # the portal's own leave-site pages, whose countdown script computes the address
        items = []
        for n, e in enumerate(entries):
            path = f"/go/{key}{n}.html" if variant % 2 == 0 else f"/link/{key}_{n}"
            items.append(f'<li><a href="{path}" target="_blank">{esc(e.name)}</a></li>')
            code = (f"setTimeout(function () {{ location.href = atob('{_b64(_tok(e))}').replace('NBPORT', location.port); }}, 1200);"
                    if variant % 2 == 0 else
                    f"var s = '{_tok(e)[::-1]}'; setTimeout(function () {{ window.location.replace("
                    f"s.split('').reverse().join('').replace('NBPORT', location.port)); }}, 800);")
            files[path] = ("text/html; charset=utf-8", "<html><head><meta charset='utf-8'><title>提示</title></head><body>"
                           f"<p>您即将离开本站，前往{esc(e.name)}，<span id='n'>3</span>秒后自动跳转。</p>"
                           f"<script>{code}</script></body></html>")
        return f'<div class="jp"><h3>{h}</h3><ul>{"".join(items)}</ul></div>'
    # modal: base64 addresses in an attribute, opened through the page's own confirm dialog
    items = "".join(f'<li><a href="javascript:;" class="out" data-go="{_b64(_tok(e))}">{esc(e.name)}</a></li>'
                    for e in entries)
    return (f'<div class="mod"><h3>{h}</h3><ul>{items}</ul></div>'
            '<div id="leave" style="display:none">您即将离开本站，是否继续？<button id="ok">继续</button>'
            '<button id="no">取消</button></div>'
            "<script>var pending = null; document.querySelectorAll('a.out').forEach(function (a) { "
            "a.addEventListener('click', function () { pending = atob(a.dataset.go).replace('NBPORT', location.port); "
            "document.getElementById('leave').style.display = 'block'; }); }); "
            "document.getElementById('ok').onclick = function () { if (pending) window.open(pending); "
            "document.getElementById('leave').style.display = 'none'; };</script>")


def paged_tabs_html(variant: int, tabs: list[tuple[str, list[Entry]]], key: str,
                    files: dict[str, tuple[str, str]]) -> str:
    """Groups as the tabs of one box whose list a paged JSON service fills (``more``): each tab a
    ``type``, each page a few names; the answers state their record or page count."""
    offset = variant % 2 == 0
    size = 1 if offset else 2
    for t, (_heading, entries) in enumerate(tabs):
        rows = [{"id": n + 1, "name": e.name, "url": f"http://{e.host}:{{port}}/"} for n, e in enumerate(entries)]
        pages = (len(rows) + size - 1) // size
        for n in range(pages + 1):  # one page past the end answers no rows
            chunk = rows[n * size:(n + 1) * size]
            if offset:
                query = f"type=t{t}&offset={n * size}&limit={size}"
                body = {"code": 0, "total": len(rows), "rows": chunk}
            else:
                query = f"type=t{t}&pageNo={n + 1}&pageSize={size}"
                body = {"status": "ok", "data": {"list": chunk, "pageNo": n + 1, "totalPage": pages}}
            files[f"/api/{key}/list?{query}"] = ("application/json", json.dumps(body, ensure_ascii=False))
    heads = "".join(f'<span data-type="t{t}"{" class=on" if not t else ""}>{esc(h)}</span>' for t, (h, _e) in enumerate(tabs))
    button = "加载更多" if offset else "下一页"
    ask = ("'&offset=' + (n * SIZE) + '&limit=' + SIZE" if offset else "'&pageNo=' + (n + 1) + '&pageSize=' + SIZE")
    rows_of = "d.rows" if offset else "d.data.list"
    return (f'<div class="wzq" id="w-{key}"><div class="wzq-tabs">{heads}</div><ul id="u-{key}"></ul>'
            f'<a href="javascript:;" class="wzq-more" id="m-{key}">{button}</a></div><script>(function () {{'
            f" var SIZE = {size}, type = 't0', n = 0, ul = document.getElementById('u-{key}');"
            " function load(reset) { if (reset) { n = 0; ul.innerHTML = ''; }"
            f" fetch('/api/{key}/list?type=' + type + {ask}).then(function (r) {{ return r.json(); }})"
            f".then(function (d) {{ {rows_of}.forEach(function (s) {{ ul.insertAdjacentHTML('beforeend', "
            "'<li><a target=\"_blank\" href=\"' + s.url + '\">' + s.name + '</a></li>'); }); n += 1; }); }"
            f" document.querySelectorAll('#w-{key} .wzq-tabs span').forEach(function (el) {{"
            " el.addEventListener('click', function () { type = el.dataset.type; load(true); }); });"
            f" document.getElementById('m-{key}').addEventListener('click', function () {{ load(false); }});"
            " load(true); })();</script>")


def scripted_tree(seed: int = 1, province: str | None = None) -> tuple[list[SiteSpec], str]:
    """A province's tree with script-written directories; (specs, start host)."""
    rnd = random.Random(seed)
    province = province or sorted(PROVINCES)[seed % len(PROVINCES)]
    pdomain, cities = PROVINCES[province]
    pdomain = f"{pdomain}.gov.cn"
    specs: list[SiteSpec] = []
    gov = f"{province}人民政府"
    place = (province, None, None)
    shapes = list(SHAPES)
    rnd.shuffle(shapes)
    counter = [0]

    def group(heading: str, entries: list[Entry], files: dict, redirects: dict, shape: str | None = None) -> str:
        counter[0] += 1
        shape = shape or shapes[counter[0] % len(shapes)]
        if shape == "more":  # no tabs of their own: a one-tab box
            return paged_tabs_html(rnd.randrange(6), [(heading, entries)], f"g{counter[0]}", files)
        return shape_html(shape, rnd.randrange(6), heading, entries, f"g{counter[0]}", files, redirects)

    def two_groups(first: tuple[str, list[Entry]], second: tuple[str, list[Entry]], files: dict,
                   redirects: dict) -> str:
        """A government's two groups: two tabs of one paged box when the first's shape is ``more``."""
        if shapes[(counter[0] + 1) % len(shapes)] == "more":
            counter[0] += 2
            return paged_tabs_html(rnd.randrange(6), [first, second], f"g{counter[0]}", files)
        return group(*first, files, redirects) + group(*second, files, redirects)

    def others(domain: str, files: dict, redirects: dict, label: str) -> tuple[str, list[SiteSpec]]:
        short = domain.split(".")[0]
        news = Entry(f"{label}日报", "www", f"{short}rb-demo.com.cn")
        bank = Entry(f"{label}农商银行", "www", f"{short}bank-demo.com")
        sites = [SiteSpec(news.host, f"{label}日报数字报", None, report=False),
                 SiteSpec(bank.host, f"{label}农村商业银行", None, report=False)]
        return group("友情链接", [news, bank], files, redirects), sites

    # the province
    depts = rnd.sample(PROVINCE_DEPTS, 5)
    dept_entries = [Entry(name, code, pdomain) for name, code in depts]
    media = Entry(f"{province[:2]}融媒体中心", "rmt", pdomain)
    files: dict[str, tuple[str, str]] = {}
    redirects: dict[str, str] = {}
    city_entries = [Entry(city, "www", f"{code}.gov.cn") for city, code, _ in cities]
    home = two_groups(("省直部门网站", [*dept_entries, media]), ("市州政府网站", city_entries), files, redirects)
    links, extra = others(pdomain, files, redirects, province[:2])
    home += links
    specs.append(SiteSpec(f"www.{pdomain}", f"{gov}门户网站", gov, None, place, seed=seed * 100,
                          home_html=home, files=files, redirects=redirects))
    specs += extra
    for i, e in enumerate(dept_entries):
        specs.append(SiteSpec(e.host, f"{province}{e.name}", f"{province}{e.name}", gov, place, seed=seed * 100 + 1 + i))
    specs.append(SiteSpec(media.host, f"{province}融媒体中心", None, report=False))
    # the cities
    for c, (city, code, counties) in enumerate(cities):
        cgov = f"{city}人民政府"
        cdomain = f"{code}.gov.cn"
        cplace = (province, city, None)
        cdepts = rnd.sample(CITY_DEPTS, 4)
        cd_entries = [Entry(("市" if rnd.random() < 0.5 else city) + name if not city.endswith("州") else "州" + name,
                            code_, cdomain) for name, code_ in cdepts]
        k_entries = [Entry(county, f"www.{PINYIN_COUNTY[k]}{code}", "gov.cn") for k, county in enumerate(counties)]
        files, redirects = {}, {}
        home = two_groups(("部门网站", cd_entries), ("县（市、区）政府", k_entries), files, redirects)
        links, extra = others(cdomain, files, redirects, city[:2])
        home += links
        specs.append(SiteSpec(f"www.{cdomain}", f"{cgov}门户网站", cgov, gov, cplace, seed=seed * 100 + 20 + c * 10,
                              home_html=home, files=files, redirects=redirects))
        specs += extra
        for i, ((name, _), e) in enumerate(zip(cdepts, cd_entries, strict=True)):
            specs.append(SiteSpec(e.host, f"{city}{name}", f"{city}{name}", cgov, cplace,
                                  seed=seed * 100 + 21 + c * 10 + i))
        for k, (county, e) in enumerate(zip(counties, k_entries, strict=True)):
            specs.append(SiteSpec(e.host, f"{county}人民政府", f"{county}人民政府", cgov, (province, city, county),
                                  seed=seed * 100 + 60 + c * 10 + k))
    return specs, f"www.{pdomain}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--province", choices=sorted(PROVINCES))
    args = ap.parse_args()
    specs, start = scripted_tree(args.seed, args.province)
    serve_until_interrupted(specs, start, args.port)


if __name__ == "__main__":
    main()
