"""A synthetic archive of N reports, for measuring the archive and Datasette at the size they will reach.

    python -m scripts.make_synthetic_archive 100000 --db /tmp/synthetic.db [--text-bytes 10000]

Why synthetic: the real archive will hold ~100,000 reports (tens of thousands of agencies × years)
long before a crawl of that size can run on a laptop, and the questions are "how big are the
files" and "how fast are Datasette's pages" at that size. Every row goes through
:class:`crawler.db.Store`, the archive's only writer (the same schema, batching, text database and
indexes as a crawl; the texts' full-text indexes are filled once at the end, :meth:`Store.bulk_text`,
in a thread while the cross-report checks run — half the work of indexing report by report), with:

- agencies spread over the 31 provinces, each with a city and for most a county;
- one report per agency and year, 2019–2025 (the 2019 form for 2019–2020, the 2021 form after);
- every cell of the form filled, values varied (many small counts, a few large ones, some zeros,
  a few nulls as a report leaves blank), some marked inferred;
- the within-report checks, about 1 in 20 reports breaking one rule, and the cross-report checks;
- a documents row per report (its page, as the crawl records it: WARC location, validators);
- a text as long as a real report's (``--text-bytes``, default ≈ 10 KB of UTF-8), made of sentences
  of the bundled real reports (tests/files/realdocs) and of a phrase list, with names and numbers.

Deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from crawler.crosschecks import run_cross_checks
from crawler.db import Store, connect_text, reindex_text_file, text_path
from parsers.form import APPLY_COLS, all_cells

ROOT = Path(__file__).resolve().parent.parent
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
TEXT_BYTES = 10_000
BATCH = 5000


@cache
def sentences() -> tuple[str, ...]:
    """Sentences of the bundled real reports (their text without tags), plus the phrase list."""
    found: dict[str, None] = dict.fromkeys(PHRASES)
    for path in sorted((ROOT / "tests" / "files" / "realdocs").glob("*.html")):
        raw = path.read_bytes().decode("utf-8", "replace")
        text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>|&[a-z]+;", " ", raw, flags=re.S)
        for s in re.split(r"(?<=[。；！？])", re.sub(r"\s+", "", text)):
            if 8 <= len(s) <= 200 and re.search(r"[\u4e00-\u9fff]{4}", s):
                found.setdefault(s, None)
    return tuple(found)


def report_text(rng: random.Random, title: str, name: str, province: str, year: int, size: int) -> str:
    """About ``size`` bytes of report-like Chinese: sentences with this agency's name and numbers."""
    pool = sentences()
    parts = [title, "。", f"{province}{name}{year}年度政府信息公开工作情况如下。"]
    n = sum(len(p.encode()) for p in parts)
    while n < size:
        s = rng.choice(pool)
        if rng.random() < 0.3:
            s = f"{name}{s}全年共{rng.randint(1, 900)}件，同比{rng.choice('增减')}{rng.randint(1, 60)}%。"
        parts.append(s)
        n += len(s.encode())
    return "".join(parts)


def _agencies(n_agencies: int, rng: random.Random) -> list[dict]:
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
        rows.append({"id": name, "name": name, "province": province, "city": city, "county": county,
                     "portal_url": f"http://{len(rows)}.gov.example.cn/"})
    return sorted(rows, key=lambda a: a["id"])


def _value(rng: random.Random) -> int | None:
    """One cell: 2 % blank, 33 % zero, 55 % 1–60, 10 % 61–50,000 (one draw: ~600,000 cells a 3,000 reports)."""
    r = rng.random()
    if r < 0.02:
        return None  # left blank
    if r < 0.35:
        return 0
    if r < 0.9:
        return 1 + int((r - 0.35) / 0.55 * 60)
    return 61 + int((r - 0.9) / 0.1 * 49_940)


def reports(n: int, seed: int = 1, text_bytes: int = TEXT_BYTES) -> Iterator[dict]:
    """Everything StorePipeline would store for N reports, deterministic for the seed."""
    rng = random.Random(seed)
    agencies = _agencies(-(-n // len(YEARS)), rng)
    cells = {v: [c for c in all_cells() if v in c.versions] for v in ("2019", "2021")}
    made = 0
    for agency in agencies:
        before: dict[str, int | float | None] = {}
        for year in YEARS:
            if made >= n:
                return
            made += 1
            version = "2019" if year <= 2020 else "2021"
            name = agency["name"]
            title = f"{name}{year}年政府信息公开工作年度报告"
            values = {c.cell_id: _value(rng) for c in cells[version]}
            for c in cells[version]:
                if c.col in ("fee_amount", "procurement_amount") and values[c.cell_id]:
                    values[c.cell_id] = round(values[c.cell_id] / 7, 2)  # 万元, decimal
            if before and rng.random() < 0.9:  # most reports carry over what the year before carried forward
                for col in APPLY_COLS:
                    values[f"apply/2/{col}"] = before.get(f"apply/4/{col}")
                if version == "2021" and "active/regulation/in_force" in before:
                    for row in ("regulation", "normative_doc"):
                        b, i, r = (before.get(f"active/{row}/in_force"), values[f"active/{row}/issued"],
                                   values[f"active/{row}/repealed"])
                        if None not in (b, i, r):
                            values[f"active/{row}/in_force"] = max(b + i - r, 0)
            before = values
            inferred = [c.cell_id for c in cells[version] if rng.random() < 0.01]
            broken = rng.choice(RULES) if rng.random() < 0.05 else None
            checks = [{"rule": rule, "scope": scope, "ok": not (rule == broken and scope == "total"),
                       "detail": "3 = 1 + 1" if rule == broken and scope == "total" else None}
                      for rule in RULES for scope in ("total", "natural_person")]
            url = f"{agency['portal_url']}art/{year + 1}/1/{made}.html"
            sha = f"{rng.getrandbits(256):064x}"
            yield {
                "agency": agency,
                "report": {"id": f"{agency['id']}:{year}", "agency_id": agency["id"], "year": year, "title": title,
                           "url": url, "document_url": url, "published_date": f"{year + 1}-01-{rng.randint(10, 31):02d}",
                           "form_version": version, "sha256": sha, "list_title": title,
                           "site": agency["portal_url"][7:-1], "content_type": "text/html; charset=utf-8",
                           "warnings": []},
                "cells": values, "inferred": inferred, "checks": checks,
                "text": report_text(rng, title, name, agency["province"], year, text_bytes),
                "document": {"url": url, "sha256": sha, "fetched_at": f"{year + 1}-02-01T00:00:00Z", "status": 200,
                             "content_type": "text/html; charset=utf-8", "length": 40_000 + made % 9000,
                             "etag": f'"{made:x}-5e1a"', "last_modified": "Mon, 20 Jan 2025 08:00:00 GMT",
                             "kind": "report", "site": agency["portal_url"][7:-1],
                             "warc_file": f"nianbao-20250201000000-{made // 20000}-00001.warc.gz",
                             "warc_offset": made * 41_000, "warc_length": 12_000,
                             "warc_record_id": f"<urn:uuid:{sha[:8]}-{sha[8:12]}-{sha[12:16]}-{sha[16:20]}-{sha[20:32]}>",
                             "warc_date": f"{year + 1}-02-01T00:00:00Z", "warc_payload_digest": f"sha1:{sha[:32].upper()}"},
            }


def build(n: int, db_path: str | Path, seed: int = 1, text_bytes: int = TEXT_BYTES) -> dict[str, float]:
    """Write N synthetic reports into a new archive at ``db_path`` through the Store; returns timings and sizes."""
    path = Path(db_path)
    for p in (path, text_path(path)):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{p}{suffix}").unlink(missing_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    store = Store(path, run_id="synthetic", batch_items=BATCH, batch_seconds=60)
    seen_agencies: set[str] = set()
    try:
        store.open_run("synthetic")
        with store.bulk_text(reindex=False):
            for item in reports(n, seed, text_bytes):
                if item["agency"]["id"] not in seen_agencies:
                    seen_agencies.add(item["agency"]["id"])
                    store.upsert_agency(item["agency"], authoritative=True)
                doc = item["document"]
                store.record_fetch(doc)
                store.store_report(item["report"], item["cells"], item["inferred"], item["checks"], item["text"])
                store.record_parse(doc["url"], doc["sha256"], "report", report=item["report"]["id"])
    finally:
        store.close()
    rows_done = time.perf_counter()
    out = finish(path, n)
    return {"reports": n, "agencies": len(seen_agencies), "rows_seconds": rows_done - started,
            "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
            **{k: v for k, v in out.items() if k.endswith("_seconds") and k != "seconds"},
            "bytes": path.stat().st_size, "text_bytes": text_path(path).stat().st_size}


def finish(db_path: str | Path, n: int | None = None) -> dict[str, float]:
    """After the rows: the text indexes (a thread, its own connection) while the cross-report checks
    run (the numbers database); then a checkpoint and ANALYZE of both files. Timings in seconds."""
    path = Path(db_path)
    started = time.perf_counter()
    indexed: dict[str, float] = {}
    failed: list[BaseException] = []

    def index() -> None:
        try:
            reindex_text_file(text_path(path))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failed.append(exc)
        indexed["index_seconds"] = time.perf_counter() - started

    connect_text(text_path(path)).close()  # its triggers back before the index thread takes the write lock
    thread = threading.Thread(target=index, name="text-index")
    thread.start()
    store = Store(path, run_id="synthetic", batch_items=BATCH, batch_seconds=60, text=False)
    try:
        run_cross_checks(store, [r[0] for r in store.con.execute("select distinct agency_id from reports")])
        store.close_run({"reports_new": n if n is not None else store.con.execute(
            "select count(*) from reports").fetchone()[0]}, "finished")
    finally:
        store.close()
    cross = time.perf_counter() - started
    thread.join()
    if failed:
        raise failed[0]
    for p in (path, text_path(path)):
        con = sqlite3.connect(p)
        try:
            con.execute("pragma wal_checkpoint(truncate)")
            con.execute("analyze")
        finally:
            con.close()
    return {"cross_seconds": cross, **indexed, "finish_seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scripts.make_synthetic_archive", description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="how many reports")
    ap.add_argument("--db", required=True, help="the archive to create (replaced if it exists)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--text-bytes", type=int, default=TEXT_BYTES, help="length of each report's text (UTF-8 bytes)")
    ap.add_argument("--finish-only", action="store_true",
                    help="the rows are stored (a build stopped after them): only index the text and run the checks")
    args = ap.parse_args(argv)
    if args.finish_only:
        out = finish(args.db)
        print(f"finished {args.db} in {out['finish_seconds']:.1f}s (text indexes {out['index_seconds']:.1f}s, "
              f"cross-report checks {out['cross_seconds']:.1f}s alongside)")
        return 0
    out = build(args.n, args.db, args.seed, args.text_bytes)
    print(f"{out['reports']} reports, {out['agencies']} agencies in {out['seconds']:.1f}s: rows {out['rows_seconds']:.1f}s, "
          f"then text indexes {out['index_seconds']:.1f}s with the cross-report checks ({out['cross_seconds']:.1f}s) "
          f"alongside; CPU {out['cpu_seconds']:.1f}s; {out['bytes'] / 1e6:.1f} MB at {args.db}, "
          f"{out['text_bytes'] / 1e6:.1f} MB of text beside it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
