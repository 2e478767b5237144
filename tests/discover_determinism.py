"""Run discovery on a fixture web under order and timing chaos and compare what it writes.

Each run serves the web anew with a seed's link order and answer delays
(:mod:`tests.discover_chaos`) on one fixed port, so the sources files of two runs are comparable
as they are: their entries, sorted, must be the same for every seed, and a second run into the
same file must leave it byte for byte as it was.

    .venv/bin/python -m tests.discover_determinism [--seeds 0 1 2 3] [--web gd ...]

prints, per web, the entries that differ between seeds (none when discovery is order-free).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.discover_chaos import delay_answers, shuffle_govweb, shuffle_sites, shuffled_specs

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
        "-s", "NIANBAO_BROWSER=False", "-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=0"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Web:
    """A fixture web to disturb: GovWeb specs or a ``_HostsServer`` tree, and its start host."""

    name: str
    make: Callable[[], Any]  # → list[SiteSpec] (GovWeb) or dict (_HostsServer)
    start: str
    hosts: str = ""  # more NIANBAO_HOSTS (a host nothing listens on)


def serve(web: Web, seed: int | None, port: int) -> Any:
    """The web, started on ``port``, its markup and timing disturbed by ``seed`` (None: as built)."""
    tree = web.make()
    if isinstance(tree, dict):
        from tests.test_discover import _HostsServer

        server = _HostsServer(shuffle_sites(tree, seed) if seed is not None else tree)
        server.server.server_close()
        server = _rebind(server, port)
    else:
        from demo.govweb import GovWeb

        server = GovWeb(shuffled_specs(tree, seed) if seed is not None else tree, port=port)
        if seed is not None:
            shuffle_govweb(server, seed)
    if seed is not None:
        delay_answers(server.server, seed)
    return server.__enter__()


def _rebind(server: Any, port: int) -> Any:
    """A ``_HostsServer`` listening on ``port`` (it picks a free one itself)."""
    import threading
    from http.server import ThreadingHTTPServer

    handler = server.server.RequestHandlerClass
    server.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.server.daemon_threads = True
    server.port = port
    server._thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    return server


def discover(server: Any, web: Web, out: Path, port: int) -> subprocess.CompletedProcess[str]:
    hosts = ",".join(h for h in (server.hosts_setting, web.hosts) if h)
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "discover", "--start-url", f"http://{web.start}:{port}/", "--out", str(out),
         *FAST, "-s", f"NIANBAO_HOSTS={hosts}"], capture_output=True, text=True, timeout=600, cwd=ROOT,
        check=False)


def entries(path: Path) -> list[str]:
    """The file's entries, each as one canonical line, sorted."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return sorted(yaml.safe_dump(e, allow_unicode=True, sort_keys=True, width=4096).replace("\n", " | ")
                  for e in data.get("agencies") or [])


def run_seed(web: Web, seed: int | None, out: Path, port: int, again: bool = True) -> tuple[list[str], bool]:
    """One seed's discovery into a fresh ``out``: its sorted entries, and whether a second run into
    the same file (same seed) left it unchanged."""
    for p in out.parent.glob(out.name + "*"):
        p.unlink()
    server = serve(web, seed, port)
    try:
        result = discover(server, web, out, port)
        if result.returncode != 0:
            raise RuntimeError(f"{web.name} seed {seed}: exit {result.returncode}\n{result.stderr[-3000:]}")
        got = entries(out)
        stable = True
        if again:
            before = out.read_bytes()
            result = discover(server, web, out, port)
            if result.returncode != 0:
                raise RuntimeError(f"{web.name} seed {seed} again: exit {result.returncode}\n{result.stderr[-3000:]}")
            stable = out.read_bytes() == before
    finally:
        server.__exit__(None, None, None)
    return got, stable


def webs() -> dict[str, Web]:
    """The project's fixture webs that need no browser."""
    from demo.gd_govweb import gd_tree
    from demo.govweb import demo_tree
    from demo.shapes_govweb import shapes_tree

    dead = free_port()
    out = {
        "nx": Web("nx", demo_tree, "www.nxdemo.gov.cn"),
        "gd": Web("gd", lambda: gd_tree(dead)[0], "www.gd.gov.cn", "slt.gd.gov.cn=127.0.0.1"),
        "shapes15": Web("shapes15", lambda: shapes_tree(15)[0], shapes_tree(15)[1]),
    }
    try:
        from demo.qh_govweb import qh_tree

        out["qh"] = Web("qh", lambda: qh_tree(dead)[0], "www.qh-x.gov.cn", "swj.haidong-x.gov.cn=127.0.0.1")
        from demo.bj_govweb import bj_tree

        out["bj"] = Web("bj", lambda: bj_tree()[0], "www.bj-x.gov.cn")
        from demo.xz_govweb import xz_tree

        out["xz"] = Web("xz", lambda: xz_tree()[0], "www.xizang-x.gov.cn")
    except ImportError:
        pass
    try:
        from tests import test_discover as td
        from tests import test_discover_jl_nx as jl
        from tests import test_discover_nmg as nmg
        from tests import test_discover_s8 as s8

        out |= {
            "jilin": Web("jilin", jl._jilin_tree, "www.jl-t.gov.cn"),
            "ningxia": Web("ningxia", jl._ningxia_tree, "www.nx-t.gov.cn"),
            "hunan": Web("hunan", td._hunan_tree, "www.hndemo.gov.cn"),
            "footer": Web("footer", td._footer_select_script_tree, "www.hnt.gov.cn"),
            "imagemap": Web("imagemap", td._image_map_table_cards_tree, "www.henan-t.gov.cn"),
            "mapmore": Web("mapmore", td._map_and_more_page_tree, "www.hb-t.gov.cn"),
            "sitemap": Web("sitemap", td._sitemap_pager_jump_json_tree, "www.jx-t.gov.cn"),
            "lazytabs": Web("lazytabs", td._lazy_tabs_map_site_group_tree, "www.sd-t.gov.cn"),
            "jsonp": Web("jsonp", td._jsonp_jcms_template_tree, "www.sx-t.gov.cn"),
            "nmg": Web("nmg", nmg._nmg_tree, "www.nmg-t.gov.cn"),
            "yn": Web("yn", nmg._yn_tree, "www.yn-t.gov.cn"),
            "gx": Web("gx", nmg._gx_tree, "www.gxzf-t.gov.cn"),
            "xj": Web("xj", nmg._xj_tree, "www.xj-t.gov.cn"),
            "categories": Web("categories", lambda: s8._category_pages_tree("（{}）"), "www.hb-c.gov.cn"),
            "olddomain": Web("olddomain", lambda: s8._old_domain_tree(True), "www.hb-o.gov.cn"),
            "twocities": Web("twocities", lambda: s8._two_cities_tree(True), "www.hb-z.gov.cn"),
        }
    except ImportError:
        pass
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--web", nargs="*", help="webs to run (default: all)")
    ap.add_argument("--tmp", default="/tmp/discover-determinism")
    ap.add_argument("--no-again", action="store_true", help="skip the second run into the same file")
    args = ap.parse_args()
    all_webs = webs()
    names = args.web or list(all_webs)
    bad = 0
    for name in names:
        web = all_webs[name]
        port = free_port()
        tmp = Path(args.tmp) / name
        tmp.mkdir(parents=True, exist_ok=True)
        results: dict[Any, list[str]] = {}
        for seed in [None, *args.seeds]:
            try:
                got, stable = run_seed(web, seed, tmp / f"seed{seed}.yaml", port, again=not args.no_again)
            except RuntimeError as exc:
                print(exc)
                bad += 1
                continue
            results[seed] = got
            if not stable:
                bad += 1
                print(f"{name} seed {seed}: a second run changed the file")
        base = results.get(None)
        for seed, got in results.items():
            if base is not None and got != base:
                bad += 1
                print(f"{name} seed {seed}: differs from the web as built")
                for line in sorted(set(base) - set(got)):
                    print("   - " + line)
                for line in sorted(set(got) - set(base)):
                    print("   + " + line)
        print(f"{name}: {len(base or [])} entries, {len(results)} runs", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
