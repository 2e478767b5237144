"""Discovery's memory and speed against the size of the government web (never part of the tests).

Two synthetic trees served on 127.0.0.1 (demo/govweb.py): a province, its cities, their counties
and everyone's departments, ~100 and ~1,100 sites. For each: sites per second and the peak RSS
of the `nianbao discover` process. Memory should stay flat: the queue and the results live in
SQLite and only ``NIANBAO_DISCOVER_BATCH`` sites are in flight.

    python -m scripts.bench_discover
"""

from __future__ import annotations

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


def synthetic_tree(cities: int, counties: int, departments: int) -> list[SiteSpec]:
    """A province → cities → counties tree, each government with its departments."""
    specs: list[SiteSpec] = []

    def government(host: str, name: str, parent: str | None, children: list[tuple[str, str]]) -> None:
        depts = [(f"第{d + 1}局", f"d{d}.{host}") for d in range(departments)]
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


def run(specs: list[SiteSpec]) -> tuple[int, float, int, str]:
    with GovWeb(specs) as web, tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "crawler.cli", "discover",
               "--start-url", web.url(specs[0].host), "--out", str(Path(tmp) / "s.yaml"),
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
               "-s", f"NIANBAO_HOSTS={web.hosts_setting}"]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False).stdout
        elapsed = time.perf_counter() - t0
    first, _, rest = out.partition("\n")
    code, rss_kb = (int(x) for x in first.split())
    return code, elapsed, rss_kb, rest.strip().splitlines()[0] if rest.strip() else ""


def main() -> int:
    print(f"{'sites':>6} {'seconds':>8} {'sites/s':>8} {'peak RSS MB':>12}  result")
    for shape in ((3, 5, 4), (10, 15, 6)):
        specs = synthetic_tree(*shape)
        code, elapsed, rss_kb, line = run(specs)
        print(f"{len(specs):>6} {elapsed:>8.1f} {len(specs) / elapsed:>8.1f} {rss_kb / 1024:>12.1f}  exit {code}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
