"""Measure `nianbao discover` (then `nianbao crawl`) on a government web unlike the test tree.

The test tree (demo/govweb.py demo_tree) is 宁夏's, with one directory markup per group. This one
is 福建's, three levels deep (a county's departments), with markup the tests never show: a footer
of tabs whose panels follow the tab bar, a directory laid out as a table with the group name in a
``<td>``, headings written as 各县(市、区) / 市级部门 / 垂直管理部门, an agency on a host outside
gov.cn (judged by its title), an agency whose site is down, an iframe-free "网站群" page, and
non-agencies among the agencies' own groups (a newspaper on a gov.cn host, a broadcaster, a bank).

    python scripts/redteam_discover.py [--crawl]

Prints recall and precision of the agencies found (name, place and parent compared), what was
missed or wrongly taken, and with --crawl the reports archived per agency.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.govweb import GovWeb, Group, SiteSpec  # noqa: E402

FJ = ("福建省", None, None)
FZ = ("福建省", "福州市", None)
QZ = ("福建省", "泉州市", None)
GOV = "福建省人民政府"


def tabs(port_groups: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """A footer of tabs: the tab bar first, then one panel per tab (as many portals print it)."""
    bar = "".join(f'<li class="{"on" if i == 0 else ""}" onmouseover="tab({i})">{h}</li>'
                  for i, (h, _links) in enumerate(port_groups))
    panels = "".join(
        '<div class="tab-panel"><ul>' + "".join(f'<li><a href="http://{host}:{{port}}/" target="_blank">{label}</a></li>'
                                                for label, host in links) + "</ul></div>"
        for _h, links in port_groups)
    return f'<div class="footer-links"><ul class="tab-bar">{bar}</ul><div class="tab-body">{panels}</div></div>'


def table_rows(rows: list[tuple[str, list[tuple[str, str]]]]) -> str:
    body = "".join(
        f'<tr><td class="lm">{h}</td><td>' + " ".join(f'<a href="http://{host}:{{port}}/">{label}</a>'
                                                    for label, host in links) + "</td></tr>"
        for h, links in rows)
    return f'<table class="wzq" width="100%">{body}</table>'


def tree() -> list[SiteSpec]:
    return [
        SiteSpec("www.fjdemo.gov.cn", "福建省人民政府门户网站", GOV, None, FJ, seed=81,
                 home_html='<div class="top"><a href="/wzq/index.html">网站群</a></div>' + tabs([
                     ("国家部委网站", [("商务部", "www.mofcom-demo.gov.cn")]),
                     ("省直部门网站", [("省教育厅", "jyt.fjdemo.gov.cn"), ("省财政厅", "czt.fjdemo.gov.cn")]),
                     ("设区市政府网站", [("福州", "www.fzdemo.gov.cn"), ("泉州", "www.qzdemo.gov.cn")]),
                     ("友情链接", [("东南网", "www.fjsen-demo.com"), ("兴业银行", "www.cib-demo.com.cn")]),
                 ]),
                 pages_html={"/wzq/index.html": "<h2>网站群</h2>" + table_rows([
                     ("省直部门", [("省发展改革委", "fgw.fjdemo.gov.cn"), ("省公安厅", "gat.fjdemo.gov.cn")]),
                     ("垂直管理部门", [("国家税务总局福建省税务局", "fujian.chinatax-demo.gov.cn")]),
                     ("新闻媒体", [("福建电视台", "www.fjtv-demo.net")]),
                 ])}),
        SiteSpec("jyt.fjdemo.gov.cn", "福建省教育厅", "福建省教育厅", GOV, FJ, seed=82),
        SiteSpec("czt.fjdemo.gov.cn", "福建省财政厅", "福建省财政厅", GOV, FJ, seed=83, status=503),
        SiteSpec("fgw.fjdemo.gov.cn", "福建省发展和改革委员会", "福建省发展和改革委员会", GOV, FJ, seed=84),
        SiteSpec("gat.fjdemo.gov.cn", "福建省公安厅网站", "福建省公安厅", GOV, FJ, seed=85),
        SiteSpec("fujian.chinatax-demo.gov.cn", "国家税务总局福建省税务局", "国家税务总局福建省税务局", GOV, FJ, seed=86),
        SiteSpec("www.fzdemo.gov.cn", "福州市人民政府", "福州市人民政府", GOV, FZ, seed=87,
                 home_html=('<h2 class="sub">政府网站</h2>'
                            '<ul><li><a href="http://fgw.fzdemo.gov.cn:{port}/">市发改委</a></li>'
                            '<li><a href="http://jyj.fzdemo.gov.cn:{port}/">市教育局</a></li></ul>'
                            '<h2 class="sub">各县(市、区)</h2>'
                            '<ul><li><a href="http://www.gldemo.gov.cn:{port}/">鼓楼区</a></li>'
                            '<li><a href="http://www.mhdemo.gov.cn:{port}/">闽侯县</a></li></ul>')),
        SiteSpec("fgw.fzdemo.gov.cn", "福州市发展和改革委员会", "福州市发展和改革委员会", "福州市人民政府", FZ, seed=88),
        SiteSpec("jyj.fzdemo.gov.cn", "福州市教育局", "福州市教育局", "福州市人民政府", FZ, seed=89),
        SiteSpec("www.gldemo.gov.cn", "鼓楼区人民政府网站", "福州市鼓楼区人民政府", "福州市人民政府",
                 ("福建省", "福州市", "鼓楼区"), seed=90,
                 home_groups=[Group("区直部门", [("区教育局", "jyj.gldemo.gov.cn")], "dl")]),
        SiteSpec("jyj.gldemo.gov.cn", "福州市鼓楼区教育局", "福州市鼓楼区教育局", "福州市鼓楼区人民政府",
                 ("福建省", "福州市", "鼓楼区"), seed=91),
        SiteSpec("www.mhdemo.gov.cn", "闽侯县人民政府", "闽侯县人民政府", "福州市人民政府",
                 ("福建省", "福州市", "闽侯县"), seed=92),
        SiteSpec("www.qzdemo.gov.cn", "泉州市人民政府网站", "泉州市人民政府", GOV, QZ, seed=93,
                 directory={"市县政府": [
                     Group("县（市、区）政府网站", [("洛江区", "www.qzlj-demo.gov.cn"), ("晋江市", "www.jjdemo.gov.cn")]),
                     Group("市级部门", [("市科技局", "kj.qzkj-demo.cn"), ("泉州晚报", "news.qzdemo.gov.cn")]),
                 ]}),
        SiteSpec("www.qzlj-demo.gov.cn", "泉州市洛江区人民政府", "泉州市洛江区人民政府", "泉州市人民政府",
                 ("福建省", "泉州市", "洛江区"), seed=94),
        SiteSpec("www.jjdemo.gov.cn", "晋江市人民政府", "晋江市人民政府", "泉州市人民政府",
                 ("福建省", "泉州市", "晋江市"), seed=95),
        SiteSpec("kj.qzkj-demo.cn", "泉州市科学技术局", "泉州市科学技术局", "泉州市人民政府", QZ, seed=96),
        # not agencies
        SiteSpec("news.qzdemo.gov.cn", "泉州晚报-泉州网", None, report=False),
        SiteSpec("www.mofcom-demo.gov.cn", "中华人民共和国商务部", None, report=False),
        SiteSpec("www.fjsen-demo.com", "东南网", None, report=False),
        SiteSpec("www.cib-demo.com.cn", "兴业银行", None, report=False),
        SiteSpec("www.fjtv-demo.net", "福建网络广播电视台", None, report=False),
    ]


HB = ("湖北省", None, None)
HBGOV = "湖北省人民政府"


def tree2() -> list[SiteSpec]:
    """A second tree (湖北), written after the first round of fixes and measured once before any
    more: script-opened links, an ``<optgroup>`` directory, image links named by their title,
    https, deep start paths, a province-administered county-level city (仙桃) and an autonomous
    prefecture (恩施), a 专题 group and a 政务服务 platform on gov.cn that are not agencies."""
    def onclick(label: str, host: str, path: str = "/") -> str:
        return (f'<a href="javascript:void(0)" onclick="window.open(\'http://{host}:{{port}}{path}\')">'
                f"{label}</a>")

    return [
        SiteSpec("www.hbdemo.gov.cn", "湖北省人民政府门户网站", HBGOV, None, HB, seed=101,
                 home_html=(
                     '<div class="sites"><p class="t">◆ 省政府组成部门</p>'
                     + onclick("省教育厅", "jyt.hbdemo.gov.cn") + onclick("省民政厅", "mzt.hbdemo.gov.cn")
                     + '<p class="t">◆ 市州政府网站</p>'
                     '<a href="http://www.xtdemo.gov.cn:{port}/" title="仙桃市人民政府"><img src="/xt.png"></a>'
                     '<a href="http://www.esdemo.gov.cn:{port}/col/col1/index.html">恩施州</a>'
                     '<p class="t">◆ 专题专栏</p><a href="http://zt.hbdemo.gov.cn:{port}/">学习宣传专题</a>'
                     '<p class="t">◆ 政务服务</p><a href="http://zwfw.hbdemo.gov.cn:{port}/">湖北政务服务网</a></div>'
                     '<select><optgroup label="直属特设机构"><option value="http://gzw.hbdemo.gov.cn:{port}/">省国资委</option>'
                     '</optgroup><optgroup label="新闻网站"><option value="http://www.cnhubei-demo.com:{port}/">荆楚网</option>'
                     '</optgroup></select>')),
        SiteSpec("jyt.hbdemo.gov.cn", "湖北省教育厅 - 首页", "湖北省教育厅", HBGOV, HB, seed=102),
        SiteSpec("mzt.hbdemo.gov.cn", "民政厅", "湖北省民政厅", HBGOV, HB, seed=103),
        SiteSpec("gzw.hbdemo.gov.cn", "湖北省人民政府国有资产监督管理委员会", "湖北省人民政府国有资产监督管理委员会",
                 HBGOV, HB, seed=104),
        SiteSpec("www.xtdemo.gov.cn", "中国·仙桃", "仙桃市人民政府", HBGOV, ("湖北省", None, "仙桃市"), seed=105),
        SiteSpec("www.esdemo.gov.cn", "恩施土家族苗族自治州人民政府", "恩施土家族苗族自治州人民政府", HBGOV,
                 ("湖北省", "恩施土家族苗族自治州", None), seed=106,
                 home_groups=[Group("县市政府", [("利川市", "www.lcdemo.gov.cn")], "box")]),
        SiteSpec("www.lcdemo.gov.cn", "利川市人民政府", "利川市人民政府", "恩施土家族苗族自治州人民政府",
                 ("湖北省", "恩施土家族苗族自治州", "利川市"), seed=107),
        SiteSpec("zt.hbdemo.gov.cn", "学习宣传专题", None, report=False),
        SiteSpec("zwfw.hbdemo.gov.cn", "湖北政务服务网", None, report=False),
        SiteSpec("www.cnhubei-demo.com", "荆楚网", None, report=False),
    ]


TREES = {"fj": (tree, "www.fjdemo.gov.cn"), "hb": (tree2, "www.hbdemo.gov.cn")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--crawl", action="store_true", help="also crawl the written sources file")
    ap.add_argument("--tree", choices=sorted(TREES), default="fj")
    args = ap.parse_args()
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]
    make, start = TREES[args.tree]
    with GovWeb(make()) as web, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sources.yaml"
        hosts = ["-s", f"NIANBAO_HOSTS={web.hosts_setting}"]
        run = subprocess.run([sys.executable, "-m", "crawler.cli", "discover", "--start-url",
                              web.url(start), "--out", str(out), *fast, *hosts],
                             capture_output=True, text=True, cwd=ROOT, check=False)
        print(run.stdout, run.stderr[-2000:] if run.returncode else "", sep="")
        found = yaml.safe_load(out.read_text(encoding="utf-8"))["agencies"] if out.exists() else []
        want = {s.agency: s for s in web.agencies()}
        got = {e["name"]: e for e in found}
        right = [n for n in got if n in want and (got[n]["province"], got[n]["city"], got[n]["county"]) == want[n].place
                 and got[n]["parent"] == want[n].parent]
        print(f"agencies: {len(want)} in the tree, {len(got)} found, {len(right)} right (name, place, parent)")
        print(f"recall {len(right) / len(want):.2f}, precision {len(right) / max(1, len(got)):.2f}")
        for n, s in want.items():
            if n not in got:
                print(f"  missed: {n} ({s.host})")
            elif n not in right:
                e = got[n]
                print(f"  wrong: {n}: {(e['province'], e['city'], e['county'])} parent {e['parent']!r}; "
                      f"want {s.place} parent {s.parent!r}")
        for n in got:
            if n not in want:
                print(f"  not an agency of the tree: {n} {got[n]['start_urls']}")
        if args.crawl:
            db = Path(tmp) / "archive.db"
            crawl = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(out), "--db", str(db),
                                    *fast, *hosts, "-s", "TWISTED_DNS_RESOLVER=crawler.hosts.HostsResolver",
                                    "-s", f"NIANBAO_WARC_DIR={Path(tmp) / 'warc'}"],
                                   capture_output=True, text=True, cwd=ROOT, check=False)
            con = sqlite3.connect(db)
            ids = {r[0] for r in con.execute("select agency_id from reports")}
            served = [r for r in web.expected_reports() if web.by_host[r["host"]].status == 200]
            print(f"crawl exit {crawl.returncode}: {len([r for r in served if r['agency'] in ids])} of {len(served)} "
                  "served reports archived")
    return 0


if __name__ == "__main__":
    sys.exit(main())
