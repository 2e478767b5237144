"""Recall and precision of the generic browser path on generated script-paged columns.

    python -m scripts.measure_pagers --seeds 1,2,3 [--tree /path/to/other/worktree] [--shapes query,path]

Serves every (shape, seed) column of :mod:`tests.pager_columns` on 127.0.0.1, crawls them all in
one run with the code of ``--tree`` (default: this tree; another commit's worktree measures it
before a change) and prints one row per shape: reports found / expected, nothing else taken.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from tests.pager_columns import SHAPES, Column, expected
from tests.scrapy_helpers import TEST_SETTINGS
from tests.test_learned_pager import serve

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--tree", default=str(ROOT), help="the worktree whose crawler runs")
    ap.add_argument("--log", help="write the crawl's log here")
    args = ap.parse_args(argv)
    columns = [Column.make(shape, int(seed)) for shape in args.shapes.split(",") for seed in args.seeds.split(",")]
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        sites = [stack.enter_context(serve(c)) for c in columns]
        out = Path(tmp) / "out.json"
        job = {"start_urls": [base + "/" for base, _log in sites], "out": str(out), "spider_args": {},
               "settings": {**TEST_SETTINGS, "LOG_LEVEL": "INFO" if args.log else "WARNING"}}
        proc = subprocess.run([sys.executable, "-m", "tests.scrapy_helpers", json.dumps(job)], cwd=args.tree,
                              capture_output=True, text=True, timeout=1800)
        if args.log:
            Path(args.log).write_text(proc.stderr, encoding="utf-8")
        if proc.returncode != 0:
            raise SystemExit(f"crawl failed:\n{proc.stderr[-3000:]}")
        result = json.loads(out.read_text(encoding="utf-8"))
    rows: dict[str, list[int]] = {}
    for column, (base, _log) in zip(columns, sites, strict=True):
        got = {i["document_url"].removeprefix(base) for i in result["items"]
               if i["type"] == "report" and i["document_url"].startswith(base + "/")}
        want = set(expected(column))
        row = rows.setdefault(column.shape, [0, 0, 0])
        row[0] += len(got & want)
        row[1] += len(want)
        row[2] += len(got)
        if got != want:
            print(f"{column.shape} seed {column.seed} ({base}): missed {sorted(want - got)}, "
                  f"extra {sorted(got - want)}", file=sys.stderr)
    print("| shape | recall | precision |\n|---|---|---|")
    total = [0, 0, 0]
    for shape, (hit, want, got) in rows.items():
        total = [total[0] + hit, total[1] + want, total[2] + got]
        print(f"| {shape} | {hit}/{want} | {hit}/{got} |")
    print(f"| **all** | {total[0]}/{total[1]} = {100 * total[0] / max(total[1], 1):.1f} % | "
          f"{total[0]}/{total[2]} = {100 * total[0] / max(total[2], 1):.1f} % |")
    stats = result["stats"]
    print(f"renders: {stats.get('nianbao/rendered', 0)}, pagers learned: {stats.get('nianbao/pagers_learned', 0)}, "
          f"responses: {stats.get('nianbao/pages', 0)}")


if __name__ == "__main__":
    main()
