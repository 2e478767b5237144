"""A generator of script-built columns of a platform no dialect knows, for the browser path.

Each site is one annual-report column filled by its own script from its own list service (names in
pinyin abbreviations, as many local platforms write them: ``lmid``, ``dqy`` 当前页, ``mys`` 每页数),
paged by a pager the script draws. What varies, by ``shape``:

- where the page number lives: a query field (``query``), a path segment (``path``), a form body
  (``form``), a JSON body field nested two deep (``json``), a multipart FormData field
  (``multipart``), a record offset and its end (``offset``: ``ks=4&js=6``);
- when the first list call is made: on load, or only on a pager click, page 1 being static HTML
  (``click-first``); pages replaced, or appended by 加载更多 (``load-more``);
- a static pager the script writes (``static-pages``: ``index_N.html`` links drawn by script);
- the pager control (a 下一页 link to ``javascript:;``, a ``>`` span a listener is bound to, a 下页
  button, only numbered links, an icon-only next button, a picture whose alt says 下一页, an item
  only its title names), the answer's envelope, what a service answers past its end (an empty
  list, or its last page again), and records that are pages with a URL, pages with only an id (the
  script builds the href), or files (an attachment's path).

Every column holds reports and decoys (解读, 工作要点); :func:`expected` names the reports a crawl must
find, by their document URL.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

SHAPES = ("query", "path", "form", "json", "multipart", "offset", "click-first", "load-more", "static-pages",
          "more-ids")
CONTROLS = ("next-link", "gt-span", "next-button", "numbers", "icon-button", "img-link", "title-only")
SIZE = 3

REPORT = ("<html><head><title>{t}</title></head><body><h1>{t}</h1><div class='content'><p>一、总体情况</p>"
          "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、"
          "行政诉讼情况</p><p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></div></body></html>")
DECOY = "<html><head><title>{t}</title></head><body><h1>{t}</h1><p>{t}。</p></body></html>"


@dataclass
class Record:
    title: str
    kind: str  # url | id | file | bare (only an ``id``: the script builds ``/cms/article/<id>.html``)
    key: str  # the record's id
    report: bool

    @property
    def href(self) -> str:
        """Where the column's script sends a reader: the page, or the file."""
        if self.kind == "file":
            return f"/upload/{self.key}.pdf"
        if self.kind == "id":
            return f"/art/detail.html?wzid={self.key}"
        if self.kind == "bare":
            return f"/cms/article/{self.key}.html"
        return f"/art/{self.key}.html"

    def as_json(self, names: dict[str, str]) -> dict[str, object]:
        if self.kind == "bare":  # a CMS's own list service: the record's id, its title and date, no URL
            return {"id": int(self.key), names["title"]: self.title, "publishTime": "2024-01-1" + self.key[-1]}
        data: dict[str, object] = {names["title"]: self.title, "fbrq": "2024-01-1" + self.key[-1]}
        if self.kind == "url":
            data[names["url"]] = self.href
        elif self.kind == "id":
            data["wzid"] = self.key
        else:
            data["lx"] = "file"
            data["fjlb"] = [{"mc": self.title + ".pdf", "lj": self.href}]
        return data


@dataclass
class Column:
    shape: str
    seed: int
    records: list[Record] = field(default_factory=list)
    control: str = "next-link"
    envelope: int = 0
    clamp: bool = False  # past its end the service answers its last page again
    names: dict[str, str] = field(default_factory=dict)
    delay_ms: int = 0  # the control asks its page this long after the click (a debounced handler, a busy machine)

    @classmethod
    def make(cls, shape: str, seed: int) -> Column:
        rnd = random.Random(f"{shape}-{seed}")
        place = rnd.choice(["青岗县", "柳河区", "石泉镇", "东坪乡"])
        years = rnd.sample(range(2014, 2025), 8)
        titles = [(f"{place}{y}年政府信息公开工作年度报告", True) for y in years]
        titles += [(f"{place}{years[0]}年政府信息公开工作年度报告解读", False), (f"{place}2024年政务公开工作要点", False)]
        rnd.shuffle(titles)
        kinds = ["url", "id", "file"]
        records = [Record(t, "bare" if shape == "more-ids" else kinds[(i + seed) % 3] if shape != "static-pages"
                          else rnd.choice(["url", "file"]),
                          f"{seed}{i:02d}{rnd.randrange(10)}", report) for i, (t, report) in enumerate(titles)]
        control = "load-more" if shape in ("load-more", "more-ids") else CONTROLS[(seed + SHAPES.index(shape)) % len(CONTROLS)]
        names = {"title": rnd.choice(["bt", "wzbt", "title"]), "url": rnd.choice(["lj", "url", "wzlj"])}
        return cls(shape, seed, records, control, rnd.randrange(3), rnd.random() < 0.5, names)

    @property
    def pages(self) -> int:
        return -(-len(self.records) // SIZE)

    def chunk(self, n: int) -> list[Record]:
        if self.clamp:
            n = min(n, self.pages)
        return self.records[(n - 1) * SIZE: n * SIZE] if n >= 1 else []

    def answer(self, n: int) -> str:
        rows = [r.as_json(self.names) for r in self.chunk(n)]
        if self.shape == "more-ids":  # a CMS's paged answer: its records, their count and the pages
            data = {"code": 200, "msg": "ok", "data": {"records": rows, "total": len(self.records),
                                                       "size": SIZE, "current": n, "pages": self.pages}}
            return json.dumps(data, ensure_ascii=False)
        if self.envelope == 0:
            data: object = {"code": 0, "data": {"list": rows, "total": len(self.records)}}
        elif self.envelope == 1:
            data = {"rows": rows, "count": len(self.records)}
        else:
            data = {"success": True, "result": rows}
        return json.dumps(data, ensure_ascii=False)

    # --- the column page --------------------------------------------------------------------
    def request_js(self) -> str:
        """``req(p, done)``: asks the service for page p and calls done with its records."""
        tail = ("function unwrap(d) { return d.data ? (d.data.list || d.data.records) : (d.rows || d.result || []); }\n")
        if self.shape in ("query", "click-first"):
            call = "fetch('/ajax/lm/wzlb?lmid=nb&dqy=' + p + '&mys=3')"
        elif self.shape == "path":
            call = "fetch('/ajax/lm/nb/page' + p + '.json')"
        elif self.shape == "load-more":
            call = "fetch('/ajax/lm/nb/more/' + p)"
        elif self.shape == "more-ids":  # a GET with a cache-buster, the page in a field of the site's own name
            call = "fetch('/api/cms/info/list?channelId=12&cp=' + p + '&ps=3&t=' + Date.now())"
        elif self.shape == "form":
            call = ("fetch('/ajax/lm/wzlb', {method: 'POST', headers: {'Content-Type': "
                    "'application/x-www-form-urlencoded'}, body: 'lmid=nb&dqy=' + p + '&mys=3'})")
        elif self.shape == "json":
            call = ("fetch('/ajax/lm/query', {method: 'POST', headers: {'Content-Type': 'application/json'}, "
                    "body: JSON.stringify({tj: {lmid: 'nb'}, fy: {dqy: p, mys: 3}})})")
        elif self.shape == "multipart":
            call = ("(function () { var f = new FormData(); f.append('lmid', 'nb'); f.append('dqy', p); "
                    "f.append('mys', 3); return fetch('/ajax/lm/form', {method: 'POST', body: f}); })()")
        elif self.shape == "offset":
            call = "fetch('/ajax/lm/wzlb?lmid=nb&ks=' + ((p - 1) * 3 + 1) + '&js=' + (p * 3))"
        else:
            return ""
        return tail + f"function req(p, done) {{ {call}.then(function (r) {{ return r.json(); }})" \
                      ".then(function (d) { done(unwrap(d)); }); }\n"

    def item_li(self, r: Record) -> str:
        return f"<li><a href='{r.href}' target='_blank'>{r.title}</a><span>{r.as_json(self.names)['fbrq']}</span></li>"

    def draw_js(self) -> str:
        t, u = self.names["title"], self.names["url"]
        if self.shape == "more-ids":
            href = "function href(r) { return '/cms/article/' + r.id + '.html'; }\n"
        else:
            href = (f"function href(r) {{ if (r.lx === 'file') return r.fjlb[0].lj; if (r.wzid) return "
                    f"'/art/detail.html?wzid=' + r.wzid; return r.{u}; }}\n")
        return (href +
                f"function draw(list, append) {{ var h = list.map(function (r) {{ return '<li><a href=\"' + href(r) + "
                f"'\" target=\"_blank\">' + r.{t} + '</a><span>' + (r.fbrq || r.publishTime) + '</span></li>'; }}).join('');\n"
                "  var ul = document.getElementById('docs'); ul.innerHTML = append ? ul.innerHTML + h : h; }\n")

    def pager_js(self) -> str:
        more = self.control == "load-more"
        if more:
            body = ("'<div class=\"load-more\" id=\"more\">加载更多</div>'")
        elif self.control == "next-link":
            body = ("'<a href=\"javascript:;\" onclick=\"go(1)\">首页</a> <a href=\"javascript:;\" onclick=\"go(' + "
                    "(cur + 1) + ')\">下一页</a> <span>共' + PAGES + '页</span>'")
        elif self.control == "gt-span":
            body = ("'<span class=\"pg-prev\">&lt;</span><span class=\"pg-cur\">' + cur + '</span>"
                    "<span class=\"pg-next\">&gt;</span>'")
        elif self.control == "next-button":
            body = "'<button type=\"button\" class=\"btn\" id=\"nx\">下页</button>'"
        elif self.control == "icon-button":  # Element-style: the next button shows an icon only
            body = ("'<div class=\"el-pagination\"><button type=\"button\" class=\"btn-prev\"><i class=\"el-icon\"></i>"
                    "</button><ul class=\"el-pager\"><li class=\"number active\">' + cur + '</li></ul><button "
                    "type=\"button\" class=\"btn-next\"><i class=\"el-icon el-icon-arrow-right\"></i></button></div>'")
        elif self.control == "img-link":  # a picture of the word, its alt the only text
            body = ("'<a href=\"javascript:void(0)\" onclick=\"go(' + (cur + 1) + ')\"><img src=\"/img/next.gif\" "
                    "alt=\"下一页\"></a>'")
        elif self.control == "title-only":  # Ant-style: the item's title names it, its button an icon
            body = ("'<ul class=\"ant-pagination\"><li title=\"上一页\" class=\"ant-pagination-prev\"><button "
                    "type=\"button\"><span class=\"anticon\"></span></button></li><li title=\"下一页\" "
                    "class=\"ant-pagination-next\"><button type=\"button\"><span class=\"anticon\"></span>"
                    "</button></li></ul>'")
        else:
            body = ("Array.from({length: PAGES}, function (_, i) { return i + 1 === cur ? '<b class=\"cur\">' + "
                    "(i + 1) + '</b>' : '<a href=\"javascript:void(0)\" onclick=\"go(' + (i + 1) + ')\">' + (i + 1) + "
                    "'</a>'; }).join(' ')")
        bind = ""
        if self.control in ("gt-span", "next-button", "load-more", "icon-button", "title-only"):
            sel = {"gt-span": ".pg-next", "next-button": "#nx", "load-more": "#more", "icon-button": ".btn-next",
                   "title-only": ".ant-pagination-next"}[self.control]
            ask = f"setTimeout(function () {{ go(cur + 1); }}, {self.delay_ms});" if self.delay_ms else "go(cur + 1);"
            bind = (f"var nx = document.querySelector('#pager {sel}'); if (nx) nx.addEventListener('click', "
                    f"function () {{ {ask} }});")
        return (f"function pager() {{ var el = document.getElementById('pager'); if (cur >= PAGES{' && !1' if more else ''}) "
                f"{{ el.innerHTML = ''; return; }} el.innerHTML = {body}; {bind} }}\n"
                f"function go(p) {{ req(p, function (list) {{ draw(list, {str(more).lower()}); cur = p; pager(); }}); }}\n")

    def column_page(self, n: int = 1) -> str:
        head = ("<html><head><meta charset='utf-8'><title>政府信息公开年度报告</title></head><body>"
                "<div class='nav'><a href='/'>首页</a><a href='/col/nb/index.html'>政府信息公开年报</a></div>"
                "<h2>政府信息公开年报</h2>")
        if self.shape == "static-pages":
            rows = "".join(self.item_li(r) for r in self.chunk(n))
            script = (f"var cur = {n}, PAGES = {self.pages};\n"
                      "var el = document.getElementById('pager');\n"
                      "if (cur < PAGES) el.innerHTML = '<a href=\"index_' + cur + '.html\" class=\"nx\">下一页</a>';\n")
            return head + f"<ul id='docs' class='doc-list'>{rows}</ul><div class='pagebar' id='pager'></div>" \
                f"<script>{script}</script></body></html>"
        static = "".join(self.item_li(r) for r in self.chunk(1)) if self.shape == "click-first" else ""
        init = "pager();" if self.shape == "click-first" else "go(1);"
        script = (f"var cur = 1, PAGES = {self.pages};\n" + self.request_js() + self.draw_js() + self.pager_js() + init)
        return head + f"<ul id='docs' class='doc-list'>{static}</ul><div class='pagination' id='pager'></div>" \
            f"<script>{script}</script></body></html>"

    # --- the server -------------------------------------------------------------------------
    def page_of(self, path: str, query: str, method: str, body: str) -> int | None:
        """The page number a service request asks for, by this column's shape; None: not its service."""
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if self.shape in ("query", "click-first") and path == "/ajax/lm/wzlb" and q.get("lmid") == "nb":
            return int(q["dqy"]) if q.get("mys") == "3" else None
        if self.shape == "offset" and path == "/ajax/lm/wzlb" and q.get("lmid") == "nb":
            start, end = int(q["ks"]), int(q["js"])
            return (start - 1) // SIZE + 1 if end - start == SIZE - 1 else None
        if m := re.fullmatch(r"/ajax/lm/nb/page(\d+)\.json", path):
            return int(m.group(1)) if self.shape == "path" else None
        if m := re.fullmatch(r"/ajax/lm/nb/more/(\d+)", path):
            return int(m.group(1)) if self.shape == "load-more" else None
        if self.shape == "more-ids" and path == "/api/cms/info/list" and q.get("channelId") == "12":
            return int(q["cp"]) if q.get("ps") == "3" else None
        if method != "POST":
            return None
        if self.shape == "form" and path == "/ajax/lm/wzlb":
            f = {k: v[0] for k, v in parse_qs(body).items()}
            return int(f["dqy"]) if f.get("lmid") == "nb" else None
        if self.shape == "json" and path == "/ajax/lm/query":
            data = json.loads(body)
            return int(data["fy"]["dqy"]) if data.get("tj", {}).get("lmid") == "nb" else None
        if self.shape == "multipart" and path == "/ajax/lm/form":
            # only a multipart body is read: a form body is this service's error
            fields = dict(re.findall(r'name="(\w+)"\r\n\r\n([^\r\n]*)', body))
            return int(fields["dqy"]) if fields.get("lmid") == "nb" else None
        return None

    def serve(self, path: str, query: str, method: str, body: str) -> tuple[int, str, str] | None:
        if path == "/":
            return 200, ("<html><head><title>首页</title></head><body><a href='/zwgk/'>政务公开</a>"
                         "<a href='/col/nb/index.html'>政府信息公开年报</a></body></html>"), ""
        if path == "/col/nb/index.html":
            return 200, self.column_page(1), ""
        if self.shape == "static-pages" and (m := re.fullmatch(r"/col/nb/index_(\d+)\.html", path)):
            n = int(m.group(1)) + 1
            return (200, self.column_page(n), "") if n <= self.pages else None
        n = self.page_of(path, query, method, body)
        if n is not None:
            return 200, self.answer(n), "application/json; charset=utf-8"
        for r in self.records:
            if r.kind == "file" and path == r.href:
                return 200, f"%PDF-1.4 {r.title}", "application/pdf"
            if r.kind != "file" and (path + ("?" + query if query else "")) == r.href:
                return 200, (REPORT if r.report else DECOY).format(t=r.title), ""
        return None


def expected(column: Column) -> list[str]:
    """The document URLs (paths) of the column's reports."""
    return sorted(r.href for r in column.records if r.report)
