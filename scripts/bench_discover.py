"""Discovery's memory and speed against the size of the government web (never part of the tests).

Synthetic trees served on 127.0.0.1 (demo/govweb.py, every host under ``bench.gov.cn`` reached
through one ``NIANBAO_HOSTS=*.bench.gov.cn=127.0.0.1`` entry): a province, its cities, their
counties, everyone's departments — about 200, 2,000 and 10,000 sites. For each: sites per second,
the peak RSS of the `nianbao discover` process, and whether every agency was found. Memory should
stay flat: the queue and the results live in SQLite, only ``NIANBAO_DISCOVER_BATCH`` sites are in
flight, and the sources file is merged entry by entry.

    python -m scripts.bench_discover [--sizes 200,2000,10000]
    python -m scripts.bench_discover --shapes 1-20 --scripted 1-10   # the directory shapes' seeds, swept
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.govweb import GovWeb, Group, SiteSpec  # noqa: E402

WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
           "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stdout[-300:])")
# (cities, counties per city, departments per government) → about 200, 2,000 and 10,000 sites
SHAPES = {200: (4, 6, 6), 2000: (10, 14, 12), 10000: (20, 24, 19)}


def synthetic_tree(cities: int, counties: int, departments: int) -> list[SiteSpec]:
    """A province → cities → counties tree, each government with its departments."""
    specs: list[SiteSpec] = []

    def government(host: str, name: str, parent: str | None, children: list[tuple[str, str]]) -> None:
        depts = [(f"第{d + 1}局", f"d{d}.{host.removeprefix('www.')}") for d in range(departments)]
        specs.append(SiteSpec(host, f"{name}门户网站", name, parent, report=False,
                              home_groups=[Group("部门网站", depts, "dl")] + (
                                  [Group("下级政府网站", children, "box")] if children else [])))
        for label, dhost in depts:
            specs.append(SiteSpec(dhost, f"{name.removesuffix('人民政府')}{label}", f"{label}", name, report=False))

    city_links = [(f"第{c + 1}市", f"www.c{c}.bench.gov.cn") for c in range(cities)]
    government("www.bench.gov.cn", "测试省人民政府", None, city_links)
    for c in range(cities):
        county_links = [(f"第{c + 1}市第{k + 1}县", f"www.k{k}.c{c}.bench.gov.cn") for k in range(counties)]
        government(f"www.c{c}.bench.gov.cn", f"第{c + 1}市人民政府", "测试省人民政府", county_links)
        for k in range(counties):
            government(f"www.k{k}.c{c}.bench.gov.cn", f"第{c + 1}市第{k + 1}县人民政府", f"第{c + 1}市人民政府", [])
    return specs


def run(specs: list[SiteSpec]) -> tuple[int, float, int, int, str]:
    """(exit status, seconds, peak RSS KB while crawling, peak RSS KB in all, summary line)."""
    with GovWeb(specs) as web, tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "discover.log"
        cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "crawler.cli", "discover",
               "--start-url", web.url(specs[0].host), "--out", str(Path(tmp) / "s.yaml"),
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=32",
               "-s", "NIANBAO_HOSTS=*.bench.gov.cn=127.0.0.1", "-s", f"LOG_FILE={log}", "-s", "LOG_LEVEL=INFO"]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False).stdout
        elapsed = time.perf_counter() - t0
        crawl_rss = re.search(r"'discover/peak_rss_kb': (\d+)", log.read_text(encoding="utf-8") if log.exists() else "")
    first, _, rest = out.partition("\n")
    code, rss_kb = (int(x) for x in first.split())
    lines = [line for line in rest.strip().splitlines() if line.startswith("nianbao discover:")]
    return code, elapsed, int(crawl_rss.group(1)) if crawl_rss else 0, rss_kb, lines[-1] if lines else ""


Row = tuple[str, str, str, str]  # section, measure, value, note (scripts/bench.py's table)


def rows(sizes: tuple[int, ...] = tuple(SHAPES)) -> list[Row]:
    """The discover section of `make bench`: per tree size, sites/s and peak RSS (crawl, in all)."""
    out: list[Row] = []
    for size in sizes:
        specs = synthetic_tree(*SHAPES[size])
        code, elapsed, crawl_kb, rss_kb, line = run(specs)
        found = f"{len(specs)} agencies" in line
        note = f"exit {code}, {'every agency found' if found else 'NOT every agency found'}"
        out += [("discover", f"{len(specs)} sites: sites/s", f"{len(specs) / elapsed:.1f}", note),
                ("discover", f"{len(specs)} sites: peak RSS crawl / all", f"{crawl_kb / 1024:.0f} / {rss_kb / 1024:.0f} MB",
                 "flat in the number of sites")]
    return out


def sweep(kind: str, seeds: list[int]) -> None:
    """Discovery on the demo webs of directory shapes, one seed after another (the suite runs one
    or two): found / expected agencies and the entries that are none, per seed."""
    from demo.scripted_govweb import scripted_tree
    from demo.shapes_govweb import shapes_tree

    for seed in seeds:
        if kind == "shapes":
            specs, start, folders = shapes_tree(seed)
        else:
            (specs, start), folders = scripted_tree(seed), []
        with GovWeb(specs) as web, tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "s.yaml"
            code = subprocess.run([sys.executable, "-m", "crawler.cli", "discover", "--start-url", web.url(start),
                                   "--out", str(out), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                                   "-s", f"NIANBAO_HOSTS={web.hosts_setting}", "-s", "LOG_LEVEL=WARNING"],
                                  capture_output=True, text=True, cwd=ROOT, check=False).returncode
            text = out.read_text(encoding="utf-8") if out.exists() else ""
            got = set(re.findall(r"start_urls:\n\s*- (\S+)", text))
            want = {web.url(s.host) for s in specs if s.agency} | {f.replace("{port}", str(web.port)) for f in folders}
            print(f"{kind} seed {seed}: exit {code}, found {len(got & want)}/{len(want)}, missed {sorted(want - got)}, "
                  f"not agencies {sorted(got - want)}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200,2000,10000", help=f"tree sizes to run (of {','.join(map(str, SHAPES))})")
    ap.add_argument("--shapes", help="instead: seeds (1-20) of demo.shapes_govweb to discover, one by one")
    ap.add_argument("--scripted", help="instead: seeds (1-20) of demo.scripted_govweb to discover (the browser path)")
    args = ap.parse_args()
    for kind, spec in (("shapes", args.shapes), ("scripted", args.scripted)):
        if spec:
            first, _, last = spec.partition("-")
            sweep(kind, list(range(int(first), int(last or first) + 1)))
    if args.shapes or args.scripted:
        return 0
    print(f"{'sites':>6} {'seconds':>8} {'sites/s':>8} {'RSS crawl MB':>12} {'RSS all MB':>10}  result")
    for size in (int(s) for s in args.sizes.split(",")):
        specs = synthetic_tree(*SHAPES[size])
        code, elapsed, crawl_kb, rss_kb, line = run(specs)
        ok = f"{len(specs)} agencies" in line
        print(f"{len(specs):>6} {elapsed:>8.1f} {len(specs) / elapsed:>8.1f} {crawl_kb / 1024:>12.1f} "
              f"{rss_kb / 1024:>10.1f}  exit {code}{'' if ok else ' NOT ALL FOUND'}: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
