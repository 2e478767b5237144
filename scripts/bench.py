"""`make bench`: parse speed and memory, one table. Never part of the tests.

Parses every bundled report (real pages, seed texts, and the rendered layouts when the demo
renderer is present) repeatedly on one core and prints, per document kind, the median time per
report, reports per second and the process's peak memory.
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


def main(repeat: int = 15) -> int:
    by_kind: dict[str, list[tuple[str, float, int]]] = {}
    for kind, name, data, ctype in _documents():
        by_kind.setdefault(kind, []).append((name, _time(data, ctype, repeat), len(data)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'kind':<20} {'docs':>5} {'median ms':>10} {'max ms':>8} {'reports/s':>10} {'max KB':>8}")
    worst_html = 0.0
    for kind, rows in by_kind.items():
        times = [t for _, t, _ in rows]
        med, worst = statistics.median(times) * 1000, max(times) * 1000
        if kind.startswith("html"):
            worst_html = max(worst_html, worst)
        print(f"{kind:<20} {len(rows):>5} {med:>10.2f} {worst:>8.2f} {1000 / med:>10.0f} {max(s for *_, s in rows) / 1024:>8.0f}")
    slowest = max(((n, t) for rows in by_kind.values() for n, t, _ in rows), key=lambda x: x[1])
    print(f"slowest: {slowest[0]} {slowest[1] * 1000:.2f} ms; peak memory {peak_mb:.0f} MB (whole process)")
    verdict = "ok" if worst_html < TARGET_HTML_MS else "SLOW"
    print(f"HTML parse target < {TARGET_HTML_MS:.0f} ms per report on one core: worst {worst_html:.2f} ms → {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
