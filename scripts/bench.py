"""`make bench`: parse, crawl and archive benchmarks in one run, one table. Never part of the tests.

- parse (here): every bundled report (real pages, seed texts, the other formats' fixtures, and
  the rendered layouts when the demo renderer is present), parsed repeatedly on one core: per
  document kind, reports per second, the median and worst time, and peak memory;
- scans (:mod:`scripts.bench_ocr`): CPU seconds a scanned page takes on one core, in a fresh
  process (cold) and with the engine loaded (warm), on generated 100/150/200-dpi tilted JPEG scans,
  with the cells each read right and wrong (the 1.5 s a page target of issue 14);
- sandbox (:mod:`scripts.bench_parse_pool`): the parse pool (2 worker processes) against the old
  in-thread path, an OCR page in a cold and a warm worker, and the hostile files' time and peak
  memory of the whole `nianbao parse` process tree;
- crawl (:mod:`scripts.bench_crawl`): `nianbao crawl` on the demo portal with delays off beside
  `scrapy bench`, and a second nightly run's requests and bytes as a fraction of the first's;
- scale (:func:`scripts.bench_crawl.scale_rows`): ``BENCH_SCALE`` (default 20,200) loopback sites
  of real report pages, each on its own 127.x.y.z host: pages/s, peak RSS, CPU per page (crawl
  process and parse workers apart), beside
  `scrapy bench` in the same rounds, ``BENCH_SCALE_REPEAT`` rounds (default 3: a single run on a
  shared 2-core machine swings the ratio from 0.55 to 0.79, so the table gives medians and ranges,
  and the ratio per round: each round runs the crawls and `scrapy bench` back to back);
- workers (:mod:`scripts.bench_workers`): `nianbao crawl --workers N` for N = 1, 2, 3 on a loopback
  portal of 300 PDF reports (parse-bound): reports/s, the speed-up beside the core count, memory
  per worker;
- archive (:mod:`scripts.bench_archive`): a synthetic archive of ``BENCH_REPORTS`` reports
  (default 100,000): build time, database size, Datasette p50/p95 latencies;
- load (:mod:`scripts.bench_load`): p50/p95 of 17 browsing clients while 3 others send slow
  queries, on the public server with its limits and on one without.

    python -m scripts.bench [--only parse,crawl,archive]     # BENCH_REPORTS=10000 for a quick run
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

from parsers import parse_document

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "tests" / "files"
TARGET_HTML_MS = 20.0


def _documents() -> list[tuple[str, str, bytes, str | None]]:
    docs = [("html (real pages)", p.name, p.read_bytes(), "text/html") for p in sorted((FILES / "realdocs").glob("*.html"))]
    docs += [("text (seeds)", p.name, p.read_bytes(), "text/plain") for p in sorted((FILES / "seeds").glob("*.txt"))]
    formats = FILES / "formats"
    for kind, name in (("pdf (6-page text)", "report_2021.pdf"), ("docx", "report_2021.docx"),
                       ("doc (LibreOffice)", "report_2021.doc"), ("xlsx", "report_2021.xlsx"),
                       ("xls", "report_2021.xls")):
        if (formats / name).exists():
            docs.append((kind, name, (formats / name).read_bytes(), None))
    if (formats / "scan_2021.pdf").exists():
        try:  # one scanned page as a PNG: the OCR path (a whole scanned report is pages × this)
            import io

            import pypdfium2 as pdfium

            page = pdfium.PdfDocument((formats / "scan_2021.pdf").read_bytes())[2]
            buf = io.BytesIO()
            page.render(scale=200 / 72, grayscale=True).to_pil().save(buf, "PNG")
            docs.append(("image (OCR, 1 page)", "scan_2021.pdf#3.png", buf.getvalue(), "image/png"))
        except ImportError:
            pass
    try:
        from demo.render import LAYOUTS, render
        from demo.values import generate
    except ImportError:
        return docs
    for i, layout in enumerate(LAYOUTS):
        for version in ("2021", "2019"):
            r = render(generate(100 + i, version), layout)
            kind = "html (rendered)" if r.content_type.startswith("text/html") else "text (rendered)"
            docs.append((kind, f"{layout}/{version}", r.data, r.content_type))
    return docs


def _time(data: bytes, content_type: str | None, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        parse_document(data, source="bench", content_type=content_type)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


Row = tuple[str, str, str, str]  # section, measure, value, note


def _peak_kb(data: bytes, content_type: str | None) -> float:
    """Peak Python heap while parsing one document (tracemalloc: native buffers not included)."""
    import tracemalloc

    tracemalloc.start()
    try:
        parse_document(data, source="bench", content_type=content_type)
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def parse_rows(repeat: int = 15) -> list[Row]:
    """The parse section: per document kind, reports per second on one core and peak memory."""
    by_kind: dict[str, list[tuple[str, float, int, float]]] = {}
    for kind, name, data, ctype in _documents():
        by_kind.setdefault(kind, []).append((name, _time(data, ctype, repeat), len(data), _peak_kb(data, ctype)))
    out: list[Row] = []
    worst_html = 0.0
    for kind, rows in by_kind.items():
        times = [t for _, t, _, _ in rows]
        med, worst = statistics.median(times) * 1000, max(times) * 1000
        if kind.startswith("html"):
            worst_html = max(worst_html, worst)
        rate = 1000 / med
        out.append(("parse", kind, f"{rate:,.0f} reports/s" if rate >= 10 else f"{rate:.2f} reports/s",
                    f"{len(rows)} docs, median {med:.2f} ms, max {worst:.2f} ms, up to "
                    f"{max(r[2] for r in rows) / 1024:.0f} KB; peak heap {max(r[3] for r in rows) / 1024:.1f} MB"))
    slowest = max(((n, t) for rows in by_kind.values() for n, t, _, _ in rows), key=lambda x: x[1])
    verdict = "ok" if worst_html < TARGET_HTML_MS else "SLOW"
    out.append(("parse", f"HTML target < {TARGET_HTML_MS:.0f} ms/report", verdict,
                f"worst {worst_html:.2f} ms; slowest of all {slowest[0]} {slowest[1] * 1000:.2f} ms"))
    out.append(("parse", "peak memory, whole process", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
                "max RSS after parsing every document"))
    return out


SECTIONS = ("parse", "scans", "sandbox", "crawl", "scale", "workers", "discover", "archive", "load")


def print_table(rows: list[Row]) -> None:
    """One table, a header line per section."""
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    print(f"{'measure':<{w1}}  {'value':>{w2}}  note")
    section = None
    for sec, measure, value, note in rows:
        if sec != section:
            print(f"-- {sec} " + "-" * max(0, w1 + w2 - len(sec)))
            section = sec
        print(f"{measure:<{w1}}  {value:>{w2}}  {note}")


def main(argv: list[str] | None = None) -> int:
    """Every section in one run, one table at the end (progress goes to stderr)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections (%(default)s)")
    ap.add_argument("--repeat", type=int, default=15, help="parses per document")
    args = ap.parse_args(argv)
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    rows: list[Row] = []
    for section in wanted:
        print(f"bench: {section} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        if section == "parse":
            rows += parse_rows(args.repeat)
        elif section == "scans":
            from scripts import bench_ocr

            rows += bench_ocr.rows()
        elif section == "sandbox":
            from scripts import bench_parse_pool

            rows += bench_parse_pool.rows()
        elif section == "crawl":
            from scripts import bench_crawl

            rows += bench_crawl.rows()
        elif section == "scale":
            import os

            from scripts import bench_crawl

            sizes = tuple(int(n) for n in os.environ.get("BENCH_SCALE", "20,200").split(","))
            rows += bench_crawl.scale_rows(sizes, int(os.environ.get("BENCH_SCALE_REPEAT", "3")))
        elif section == "discover":
            from scripts import bench_discover

            rows += bench_discover.rows()
        elif section == "workers":
            from scripts import bench_workers

            rows += bench_workers.rows()
        elif section == "archive":
            from scripts import bench_archive

            rows += bench_archive.rows(demo=True)
        elif section == "load":
            from scripts import bench_load

            rows += bench_load.rows()
        else:
            ap.error(f"unknown section {section!r}; known: {', '.join(SECTIONS)}")
        print(f"bench: {section} done in {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
