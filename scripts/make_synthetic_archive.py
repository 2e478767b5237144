"""A synthetic archive of N reports, for measuring the archive and Datasette at the size they will reach.

    python -m scripts.make_synthetic_archive 100000 --db /tmp/synthetic.db

Why synthetic: the real archive will hold ~100,000 reports (tens of thousands of agencies × years)
long before a crawl of that size can run on a laptop, and the questions are "how big is the file"
and "how fast are Datasette's pages" at that size. The rows go through the real schema
(:func:`crawler.db.connect`: tables, indexes, the trigram full-text index), with:

- agencies spread over the 31 provinces, each with a city and for most a county;
- one report per agency and year, 2019–2025 (the 2019 form for 2019–2020, the 2021 form after);
- every cell of the form filled, values varied (many small counts, a few large ones, some zeros,
  a few nulls as a report leaves blank), some marked inferred;
- the within-report checks, about 1 in 20 reports breaking one rule;
- a few hundred characters of Chinese text per report, so full-text search has real work.

Built with executemany in one transaction per batch (the Store's upserts would take an hour), the
full-text index rebuilt once at the end. Deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from crawler.db import connect
from parsers.form import all_cells

PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省",
             "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省",
             "青海省", "宁夏回族自治区", "新疆维吾尔自治区"]
BUREAUS = ["人民政府", "人民政府办公室", "发展和改革委员会", "教育局", "科学技术局", "公安局", "民政局", "司法局", "财政局",
           "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
           "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局"]
PLACE_CHARS = "安宁平阳东西南北中新华兴长德昌山河江海清泉云龙凤金石台丰永福明光"
YEARS = range(2019, 2026)
RULES = ("apply_balance", "apply_results_total", "apply_row_total", "review_total")
PHRASES = ["本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
           "依申请公开工作规范有序，全年共受理政府信息公开申请", "主动公开政府信息", "行政复议和行政诉讼情况",
           "存在的主要问题及改进情况：公开内容的针对性和实用性有待加强。", "政府信息公开平台建设进一步加强，政府网站信息及时更新。",
           "信息公开工作人员业务培训", "下一步，我们将进一步完善政府信息公开工作机制，提升政务公开质量。",
           "本报告所列数据的统计期限自1月1日起至12月31日止。", "如对本报告有任何疑问，请与政府信息公开工作机构联系。",
           "收费情况：本年度未收取信息处理费。", "规范性文件制定和清理情况", "重大行政决策公开", "政务新媒体"]
BATCH = 2000


def _agencies(n_agencies: int, rng: random.Random) -> list[tuple]:
    rows, seen = [], set()
    while len(rows) < n_agencies:
        province = rng.choice(PROVINCES)
        city = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + "市"
        county = (rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + rng.choice("县区")) if rng.random() < 0.7 else None
        name = (county or city) + rng.choice(BUREAUS)
        if name in seen:
            name = f"{province[:2]}{name}"
        if name in seen:
            continue
        seen.add(name)
        rows.append((name, name, province, city, county, f"http://{len(rows)}.gov.example.cn/", None,
                     "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
    # In key order (UTF-8 byte order = code point order), so reports and cells are appended to
    # their primary-key B-trees instead of inserted at random: 20M cells in minutes, not an hour.
    return sorted(rows)


def _value(rng: random.Random) -> int | None:
    r = rng.random()
    if r < 0.02:
        return None  # left blank
    if r < 0.35:
        return 0
    if r < 0.9:
        return rng.randint(1, 60)
    return rng.randint(61, 50_000)


def reports(n: int, seed: int = 1) -> Iterator[tuple[tuple, list[tuple], list[tuple], tuple]]:
    """(report row, cell rows, check rows, version row) for N reports, deterministic for the seed."""
    rng = random.Random(seed)
    per_agency = len(YEARS)
    agencies = _agencies(-(-n // per_agency), rng)
    cells = {v: sorted((c for c in all_cells() if v in c.versions), key=lambda c: c.cell_id) for v in ("2019", "2021")}
    made = 0
    for agency in agencies:
        aid, name, province = agency[0], agency[1], agency[2]
        for year in YEARS:
            if made >= n:
                return
            made += 1
            version = "2019" if year <= 2020 else "2021"
            rid = f"{aid}:{year}"
            title = f"{name}{year}年政府信息公开工作年度报告"
            inferred = {c.cell_id for c in cells[version] if rng.random() < 0.01}
            cell_rows = [(rid, c.cell_id, c.table, c.row, c.col, _value(rng), int(c.cell_id in inferred))
                         for c in cells[version]]
            broken = rng.choice(RULES) if rng.random() < 0.05 else None
            check_rows = [(rid, rule, scope, int(rule != broken or scope != "total"),
                           "3 = 1 + 1" if rule == broken and scope == "total" else None)
                          for rule in RULES for scope in ("total", "natural_person")]
            text = title + "。" + "".join(rng.sample(PHRASES, 6)) + f"{province}{name}，{year}年。"
            published = f"{year + 1}-01-{rng.randint(10, 31):02d}"
            url = f"{agency[5]}art/{year + 1}/1/{made}.html"
            sha = f"{rng.getrandbits(256):064x}"
            failed = sum(1 for c in check_rows if not c[3])
            report = (rid, aid, year, title, url, url, published, version, "2025-01-01T00:00:00Z",
                      "2026-01-01T00:00:00Z", sha, failed, title, agency[5][7:-1], "text/html; charset=utf-8",
                      "[]", "[" + ",".join(f'"{c}"' for c in sorted(inferred)) + "]", 1, None, text)
            version_row = (rid, sha, url, url, title, published, version, "2025-01-01T00:00:00Z",
                           "2026-01-01T00:00:00Z", 1, None, failed)
            yield report, cell_rows, check_rows, version_row


def build(n: int, db_path: str | Path, seed: int = 1) -> dict[str, float]:
    """Write N synthetic reports into a new archive at ``db_path``; returns timings and counts."""
    path = Path(db_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    connect(path).close()  # the real schema, indexes and FTS table with its triggers
    con = sqlite3.connect(path)
    con.execute("pragma synchronous = off")
    con.execute("pragma cache_size = -1048576")
    triggers = con.execute("select name, sql from sqlite_master where type = 'trigger' "
                           "and tbl_name = 'reports'").fetchall()
    for name, _sql in triggers:  # the FTS index is rebuilt once at the end, not per row
        con.execute(f"drop trigger {name}")
    rng = random.Random(seed)
    agencies = _agencies(-(-n // len(YEARS)), rng)
    con.executemany("insert into agencies values (?, ?, ?, ?, ?, ?, ?, ?, ?)", agencies)
    batch: list = []
    n_cells = 0

    def flush() -> None:
        nonlocal n_cells
        with con:
            con.executemany("insert into reports (id, agency_id, year, title, url, document_url, published_date, "
                            "form_version, first_seen, last_seen, sha256, checks_failed, list_title, site, "
                            "content_type, warnings, inferred, versions, changed_at, text) values "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [b[0] for b in batch])
            rows = [c for b in batch for c in b[1]]
            con.executemany("insert into cells values (?, ?, ?, ?, ?, ?, ?)", rows)
            con.executemany("insert into checks values (?, ?, ?, ?, ?)", [c for b in batch for c in b[2]])
            con.executemany("insert into report_versions (report_id, sha256, url, document_url, title, "
                            "published_date, form_version, first_seen, last_seen, is_current, superseded_at, "
                            "checks_failed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [b[3] for b in batch])
        n_cells += len(rows)
        batch.clear()

    for item in reports(n, seed):
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    rows_done = time.perf_counter()
    with con:
        con.execute("insert into reports_fts(reports_fts) values ('rebuild')")
        for _name, sql in triggers:
            con.execute(sql)
    con.execute("pragma wal_checkpoint(truncate)")
    con.execute("analyze")
    con.close()
    done = time.perf_counter()
    return {"reports": n, "cells": n_cells, "agencies": len(agencies), "rows_seconds": rows_done - started,
            "fts_seconds": done - rows_done, "seconds": done - started, "bytes": path.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scripts.make_synthetic_archive", description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="how many reports")
    ap.add_argument("--db", required=True, help="the archive to create (replaced if it exists)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    out = build(args.n, args.db, args.seed)
    print(f"{out['reports']} reports, {out['cells']} cells, {out['agencies']} agencies in {out['seconds']:.1f}s "
          f"(full-text index {out['fts_seconds']:.1f}s); {out['bytes'] / 1e6:.0f} MB at {args.db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
