"""N loopback portals of real report pages, each on its own 127.x.y.z host: the crawl's scale bench.

Why many hosts: Scrapy keeps one download slot (and the spider one set of state) per host, so
what grows with the number of sites (memory, per-site bookkeeping) only shows when the sites
really are different hosts. Linux answers every 127.0.0.0/8 address on the loopback interface,
so N sites need no set-up: one listening socket per address, all served by one Twisted reactor
in its own process (the server's CPU is not the crawl's).

Each site: robots.txt, a home page linking 政务公开, a 政务公开 page linking the column
政府信息公开年报, one column page listing six reports, and the six real report pages of
``tests/files/realdocs`` (平潭综合实验区 2019–2025, Word-exported HTML, 65–290 KB each) with the
agency's name replaced by the site's own (``甲乙县人民政府``-style names, no digits), so every
site's reports are six distinct reports of a distinct agency.

    python -m scripts.scale_sites --sites 200      # prints the sources YAML path, serves until killed
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT / "tests" / "files" / "realdocs"
YEARS = (2019, 2020, 2022, 2023, 2024, 2025)
ORIGINAL = "平潭综合实验区"
_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"


def site_name(i: int) -> str:
    """A place name of Han characters only (a digit would read as part of a year): 甲甲县, 甲乙县, …"""
    a, b = divmod(i, len(_CHARS))
    c, a = divmod(a, len(_CHARS))
    return _CHARS[c % len(_CHARS)] + _CHARS[a] + _CHARS[b] + "县"


def host(i: int) -> str:
    """The site's loopback address: 127.1.0.1, 127.1.0.2, … (127.0.0.1 stays free for others)."""
    return f"127.1.{i // 250}.{i % 250 + 1}"


def _page(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><div class=\"header\">{title}</div>{body}</body></html>").encode()


def site_pages(i: int, docs: dict[int, str]) -> dict[str, bytes]:
    """Path → bytes of site ``i``."""
    place = site_name(i)
    agency = place + "人民政府"
    pages = {
        "/robots.txt": b"User-agent: *\nAllow: /\n",
        "/": _page(f"{agency}门户网站", '<a href="/zwgk/index.html">政务公开</a> <a href="/news/">新闻</a>'),
        "/zwgk/index.html": _page("政务公开", '<ul><li><a href="/zwgk/xxgknb/index.html">政府信息公开年报</a></li></ul>'),
    }
    items = []
    for n, year in enumerate(YEARS):
        path = f"/zwgk/xxgknb/{year + 1}/0305/{100 + n}.html"
        pages[path] = docs[year].replace(ORIGINAL, place).encode()
        items.append(f'<li><a href="{path}">{place}{year}年度政府信息公开工作年度报告</a>'
                     f"<span>{year + 1}-03-05</span></li>")
    pages["/zwgk/xxgknb/index.html"] = _page("政府信息公开年报", f"<ul class=\"list\">{''.join(items)}</ul>")
    return pages


def sources(n: int, port: int) -> dict:
    return {"agencies": [{"name": site_name(i) + "人民政府", "province": None, "city": None, "county": None,
                          "start_urls": [f"http://{host(i)}:{port}/"], "verified": True} for i in range(n)]}


def serve(n: int, port: int, out: Path) -> None:
    from twisted.internet import reactor
    from twisted.web.resource import Resource
    from twisted.web.server import Site

    docs = {y: (REALDOCS / f"pingtan_{y}.html").read_text(encoding="utf-8") for y in YEARS}
    by_host = {host(i): site_pages(i, docs) for i in range(n)}

    class Pages(Resource):
        isLeaf = True

        def render(self, request):  # noqa: ANN001, ANN202 - Twisted's signature
            pages = by_host.get(request.getHost().host, {})
            body = pages.get(request.path.decode("latin-1"))
            if body is None:
                request.setResponseCode(404)
                return _page("404", "<p>页面不存在</p>")
            ctype = b"text/plain" if request.path.endswith(b".txt") else b"text/html; charset=utf-8"
            request.setHeader(b"Content-Type", ctype)
            return body

    site = Site(Pages())
    site.log = lambda *a, **k: None
    first = reactor.listenTCP(port, site, interface=host(0))
    port = first.getHost().port
    for i in range(1, n):
        reactor.listenTCP(port, site, interface=host(i))
    out.write_text(yaml.safe_dump(sources(n, port), allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(json.dumps({"sources": str(out), "port": port, "sites": n}), flush=True)
    reactor.run()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--port", type=int, default=0, help="0: a free port (the same on every address)")
    ap.add_argument("--out", type=Path, default=None, help="where to write the sources YAML")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="nianbao-scale-")) / "sources.yaml"
    serve(args.sites, args.port, out)


if __name__ == "__main__":
    sys.exit(main())
