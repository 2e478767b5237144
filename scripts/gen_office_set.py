"""Generate office and PDF reports as word processors lay them out, with known cells (not a test: slow).

    PYTHONPATH=. .venv/bin/python scripts/gen_office_set.py OUT [--seed N] [--n N]
    PYTHONPATH=. .venv/bin/python scripts/score_sets.py OUT --by-format -v

Why a generator beside scripts/gen_layouts.py: that one varies the tables' markup; this one varies
what a word processor does with them. Each document is a gen_layouts report (both forms, its
quirks drawn at random) typeset as a Word document with a narrow label column (6–30 mm, so the
form's long labels wrap over two to five lines), a font and size drawn from those reports use,
and a number of paragraphs before table 三 that moves its page breaks: a tall row is then cut by
a page break at a different place in each document. LibreOffice converts it to PDF, DOC, TXT
(``docx_pdf``, ``docx_doc``, ``docx_txt``), and the same report's HTML page to PDF (``html_pdf``)
and its sheet to XLS (``xls``). ``expected.json`` is the flat layout scripts/score_sets.py reads.
"""

from __future__ import annotations

import argparse
import io
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import gen_layouts as G  # noqa: E402

FONTS = ["宋体", "仿宋_GB2312", "黑体", "楷体_GB2312", "Noto Serif CJK SC", "Noto Sans CJK SC"]
SIZES = [9.0, 10.5, 12.0, 14.0]
LABEL_MM = [6, 9, 12, 16, 22, 30]
VALUE_MM = [11, 13, 16, 20]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def typeset_docx(data: bytes, rng: random.Random, q: dict) -> bytes:
    """The gen_layouts DOCX with a font, a size, fixed column widths and paragraphs before table 三."""
    import docx
    from docx.shared import Mm, Pt
    from docx.text.paragraph import Paragraph

    font, size = rng.choice(FONTS), rng.choice(SIZES)
    label, value, shift = rng.choice(LABEL_MM), rng.choice(VALUE_MM), rng.randrange(0, 36)
    q.update(font=font, size=size, label_mm=label, value_mm=value, shift=shift)
    d = docx.Document(io.BytesIO(data))

    def dress(run) -> None:
        run.font.size, run.font.name = Pt(size), font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(f"{_W}eastAsia", font)

    for style in d.styles:
        font_of = getattr(style, "font", None)
        if font_of is not None:
            font_of.name, font_of.size = font, Pt(size)
    for table in d.tables:
        table.autofit = False
        labels = 2 if len(table.columns) < 8 else 3  # table 二's first column; table 三's three label columns
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                cell.width = Mm(label if i == labels - 1 else (14 if i < labels else value))
                for p in cell.paragraphs:
                    for run in p.runs:
                        dress(run)
    for p in d.paragraphs:
        for run in p.runs:
            dress(run)
    if len(d.tables) > 1:
        heading = Paragraph(d.tables[1]._element.getprevious(), d._body)
        for _ in range(shift):
            heading.insert_paragraph_before("\u3000")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def convert(files: list[Path], target: str, outdir: Path) -> None:
    """LibreOffice converts every file at once (one start for the batch), into ``outdir``."""
    if not files:
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                        target, "--outdir", str(outdir), *map(str, files)], capture_output=True, timeout=1800)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--n", type=int, default=6, help="reports per form version")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    G.fresh_output(args.out)
    docs = args.out / "docs"
    reports: list[dict] = []
    made: dict[str, list[Path]] = {"docx": [], "html": [], "xlsx": []}
    for form in ("2021", "2019"):
        for k in range(args.n):
            name = f"{form}_{k}"
            data, _, cells, failed, q = G.make(rng, "docx", form)
            q = G.Q(q)
            data = typeset_docx(data, rng, q)
            (docs / f"{name}.docx").write_bytes(data)
            made["docx"].append(docs / f"{name}.docx")
            # the same report's cells as an HTML page and a sheet
            html_doc, xlsx = _same_cells(form, cells, q, rng)
            (docs / f"{name}.html").write_text(html_doc, encoding="utf-8")
            made["html"].append(docs / f"{name}.html")
            (docs / f"{name}.xlsx").write_bytes(xlsx)
            made["xlsx"].append(docs / f"{name}.xlsx")
            zero = [cid for cid, v in cells.items() if v == 0 and not cid.startswith("active/")
                    and q.get("zero_mark") is not None]
            want = {cid: v for cid, v in cells.items() if cid not in zero}
            quirks = sorted(f"{k2}={q[k2]}" for k2 in q if k2 not in ("org_order",) and q[k2] not in (None, False))
            for fmt, ext in (("docx", "docx"), ("docx_pdf", "pdf"), ("docx_doc", "doc"), ("docx_txt", "txt"),
                             ("html", "html"), ("html_pdf", "html.pdf"), ("xls", "xls")):
                reports.append({"file": f"docs/{name}.{ext}" if fmt != "html_pdf" else f"docs/html/{name}.pdf",
                                "format": fmt, "form": form, "cells": want, "zero_marks": zero,
                                "failed": failed, "quirks": quirks})
    convert(made["docx"], "pdf", docs)
    convert(made["docx"], "doc", docs)
    convert(made["docx"], "txt:Text (encoded):UTF8", docs)
    (docs / "html").mkdir(exist_ok=True)
    convert(made["html"], "pdf:writer_web_pdf_Export", docs / "html")
    convert(made["xlsx"], "xls", docs)
    reports = [r for r in reports if (args.out / r["file"]).exists()]
    G.write_expected(args.out, reports)
    return 0


def _same_cells(form: str, cells: dict, q: dict, rng: random.Random) -> tuple[str, bytes]:
    """An HTML page (label column narrowed by a <col> width) and an XLSX of one report's cells."""
    import html

    qq = G.Q(q)
    tables = [("二、主动公开政府信息情况", [G.active_grid(form, cells, qq)]),
              ("三、收到和处理政府信息公开申请情况", G.apply_grid(form, cells, G.Q({**qq, "split": None}))),
              ("四、政府信息公开行政复议、行政诉讼情况", [G.review_grid(cells, qq)])]
    body = G.render_html(tables, qq).replace(
        "<table border=1>", f"<table border=1 cellspacing=0 style='font-size:{q['size']}pt'>"
                            f"<col width={rng.choice([20, 40, 60])}><col width={rng.choice([30, 50, 80])}>")
    title = f"江油市教育局{2022 if form == '2021' else 2020}年政府信息公开工作年度报告"
    page = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<p>{html.escape(title)}</p>{body}</body></html>")
    return page, G.render_xlsx(tables, title)


if __name__ == "__main__":
    raise SystemExit(main())
