"""Render the bundled real reports into the formats reports are published in (issue 14's harness; slow).

    PYTHONPATH=. .venv/bin/python scripts/render_real.py [--out /tmp/real-renderings] [--scans 100,150,200]
    PYTHONPATH=. .venv/bin/python scripts/score_sets.py /tmp/real-renderings --by-format -v

Each real report (tests/files/seeds as text, tests/files/realdocs as HTML pages, with their cells
in tests/expected_reports.py) is scored as published (format ``original``) and becomes: LibreOffice
DOC, DOCX, PDF, TXT (and XLS/XLSX from the HTML pages), ``pdftotext`` of the PDF with and without
``-layout``, the PDF imported into Writer and saved as DOCX (every cell a text box), and scans of the
PDF at the given dpi, tilted 0.6° with JPEG artefacts (``--scans ''`` leaves them out); also the
DOCX saved as HTML by Writer (``writer_html``), a tab-separated seed opened in
Calc (``calc_xlsx``), the ``-layout`` text wrapped at 100 display columns (``layout_wrapped``), the
Calc sheet saved as CSV (``calc_csv``) and printed by Calc (``calc_pdf``), and the page typed with
full-width digits and thousands separators (``fullwidth_html``, its PDF's ``fullwidth_layout``). An HTML page
is converted as a browser prints it (``nowrap`` dropped, see ``_printable``). ``expected.json`` (the flat layout scripts/score_sets.py reads) lists every rendering
with the cells the report prints; cells it leaves blank are ``zero_marks`` (0 or null both right).
Tools: soffice, pdftotext, pdftoppm (scripts/apt-packages-*.txt), Pillow.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.expected_reports import REALDOCS, SEEDS  # noqa: E402

FILES = ROOT / "tests" / "files"
TILT = 0.6  # degrees: a page laid a little crooked on the scanner


def _soffice(src: Path, fmt: str, out: Path, profile: Path, infilter: str | None = None) -> Path | None:
    """Convert ``src`` with LibreOffice (headless, its own profile); the new file, or None."""
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", fmt, "--outdir", str(out), str(src)]
    try:
        subprocess.run(cmd, capture_output=True, timeout=240, check=False)
    except subprocess.TimeoutExpired:
        return None
    made = out / f"{src.stem}.{fmt.split(':')[0]}"
    return made if made.exists() and made.stat().st_size else None


def _scan(pdf: Path, dpi: int, dest: Path) -> bool:
    """The PDF printed and scanned: grey pages at ``dpi``, slightly tilted, saved as JPEG in a PDF."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=False,
                       capture_output=True, timeout=300)
        pages = []
        for png in sorted(Path(tmp).glob("p*.png")):
            img = Image.open(png).convert("L").rotate(TILT, resample=Image.BICUBIC, expand=False, fillcolor=255)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=60)
            pages.append(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
        if not pages:
            return False
        pages[0].save(dest, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return True


# Calc's text import: tab-separated, UTF-8, from line 1
_CALC_TEXT = "Text - txt - csv (StarCalc):9,34,76,1"
WRAP = 100  # display columns a wrapped line holds


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrapped(text: str, width: int = WRAP) -> str:
    """Every line longer than ``width`` display columns broken at the last space before it (or at
    the width), its rest on the next line: a space-aligned table's long rows spill their last
    values onto a line of their own."""
    out = []
    for line in text.split("\n"):
        while _width(line) > width:
            cut, used = 0, 0
            for i, ch in enumerate(line):
                used += _width(ch)
                if used > width:
                    break
                cut = i + 1
            space = line.rfind(" ", 0, cut)
            cut = space if space > width // 3 else cut
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return "\n".join(out)


_NOWRAP = re.compile(r"\snowrap(?:=\"[^\"]*\")?", re.I)


def _printable(src: Path, work: Path) -> Path:
    """An HTML page as a browser prints it: ``nowrap`` cells may wrap, so a table wider than the page
    is fitted to it. LibreOffice keeps them unwrapped and clips the columns past the page's right edge
    (a page of the set loses its 总计 column), which no publisher's PDF does."""
    copy = work / src.name
    copy.write_text(_NOWRAP.sub("", src.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


_CELL_NUMBER = re.compile(r"(?<=>)(\s*)(-?\d+(?:\.\d+)?)(\s*)(?=<)")
_FULL = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def _full_width(html: str) -> str:
    """Every number standing alone in a table cell written with full-width digits and thousands
    separators; the text outside tables as it was."""
    def one(m: re.Match[str]) -> str:
        whole, _, frac = m.group(2).partition(".")
        sign = "-" if whole.startswith("-") else ""
        text = f"{sign}{int(whole.lstrip('-')):,}" + (f".{frac}" if frac else "")
        return m.group(1) + text.translate(_FULL) + m.group(3)

    parts = re.split(r"(<table.*?</table>)", html, flags=re.S | re.I)
    return "".join(_CELL_NUMBER.sub(one, p) if p[:6].lower() == "<table" else p for p in parts)


def render_one(src: Path, want: dict, out: Path, profile: Path, scans: list[int]) -> list[dict]:
    """Every rendering of one real report, as expected.json entries."""
    stem = src.stem
    work = out / stem
    work.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    html = src.suffix == ".html"
    # the report as published, scored beside its renderings (the bar for the real reports themselves)
    made["original"] = Path(shutil.copy(src, work / f"original{src.suffix}"))
    if html:
        src = _printable(src, work)
    # An HTML page opens in Writer/Web, which exports Word formats only by their filter's name;
    # a spreadsheet needs the page imported by Calc.
    formats = [("docx:MS Word 2007 XML", None), ("doc:MS Word 97", None), ("pdf", None),
               ("txt:Text (encoded):UTF8", None)]
    if html:
        formats += [("xlsx:Calc MS Excel 2007 XML", "calc_HTML_WebQuery"), ("xls:MS Excel 97", "calc_HTML_WebQuery")]
    for fmt, calc in formats:
        infilter = calc or (None if html else "Text (encoded):UTF8")
        f = _soffice(src, fmt, work, profile, infilter)
        if f is not None:
            name = f"lo_{fmt.split(':')[0]}"
            made[name] = f.rename(work / f"{name}{f.suffix}")
    if not html and "\t" in src.read_text(encoding="utf-8"):
        # a seed whose table is tab-separated text, opened in Calc (a table pasted into a sheet)
        f = _soffice(src, "xlsx:Calc MS Excel 2007 XML", work, profile, _CALC_TEXT)
        if f is not None:
            made["calc_xlsx"] = f.rename(work / f"calc_xlsx{f.suffix}")
    for sheet in [made[k] for k in ("lo_xlsx",) if k in made]:
        # the sheet saved as CSV (UTF-8, comma-separated: merged labels become empty fields) and
        # printed by Calc (a sheet wider than the page continues its right-hand columns on a later page)
        f = _soffice(sheet, "csv:Text - txt - csv (StarCalc):44,34,76", work / "calc-csv", profile)
        if f is not None:
            made["calc_csv"] = f.rename(work / "calc_csv.csv")
        f = _soffice(sheet, "pdf", work / "calc-pdf", profile)
        if f is not None:
            made["calc_pdf"] = f.rename(work / "calc_pdf.pdf")
    if html:
        # the page typed with full-width digits and 千分位 separators (１，２３４: a WPS/IME habit),
        # as published and printed to PDF read back by pdftotext -layout
        fw = work / "fullwidth.html"
        fw.write_text(_full_width(src.read_text(encoding="utf-8")), encoding="utf-8")
        made["fullwidth_html"] = fw
        f = _soffice(fw, "pdf", work / "fullwidth-pdf", profile)
        if f is not None:
            dest = work / "fullwidth_layout.txt"
            subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(f), str(dest)], check=False, capture_output=True)
            if dest.exists():
                made["fullwidth_layout"] = dest
    docx = made.get("lo_docx")
    if docx is not None:
        # the Word file saved as a web page by Writer (a "Word-exported HTML" portal body)
        f = _soffice(docx, "html:HTML (StarWriter)", work / "html-export", profile)
        if f is not None:
            made["writer_html"] = f.rename(work / "writer_html.html")
    pdf = made.get("lo_pdf")
    if pdf is not None:
        for flag, name in (([], "pdftotext"), (["-layout"], "pdftotext_layout")):
            dest = work / f"{name}.txt"
            subprocess.run(["pdftotext", *flag, "-enc", "UTF-8", str(pdf), str(dest)], check=False, capture_output=True)
            if dest.exists():
                made[name] = dest
        if "pdftotext_layout" in made:
            # the -layout text pasted where lines wrap at a fixed width (a mail body, a narrow <pre>)
            dest = work / "layout_wrapped.txt"
            dest.write_text(_wrapped(made["pdftotext_layout"].read_text(encoding="utf-8")), encoding="utf-8")
            made["layout_wrapped"] = dest
        with tempfile.TemporaryDirectory() as tmp:
            imported = _soffice(pdf, "docx:MS Word 2007 XML", Path(tmp), profile, "writer_pdf_import")
            if imported is not None:
                made["pdf_in_word"] = Path(shutil.move(imported, work / "pdf_in_word.docx"))
        for dpi in scans:
            dest = work / f"scan{dpi}.pdf"
            if _scan(pdf, dpi, dest):
                made[f"scan{dpi}"] = dest
    printed = {k: v for k, v in want["cells"].items() if v is not None}
    blank = sorted(k for k, v in want["cells"].items() if v is None)
    return [{"file": str(p.relative_to(out)), "format": name, "source": src.name, "cells": printed,
             "zero_marks": blank, "failed": sorted(map(list, want.get("failed", set())))}
            for name, p in sorted(made.items())]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/real-renderings"))
    ap.add_argument("--scans", default="100,150,200", help="dpi of the scans, comma-separated ('' for none)")
    ap.add_argument("--only", default="", help="comma-separated report file names")
    args = ap.parse_args(argv)
    scans = [int(x) for x in args.scans.split(",") if x]
    args.out.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    sources = [(FILES / "seeds" / n, w) for n, w in sorted(SEEDS.items())] + [
        (FILES / "realdocs" / n, w) for n, w in sorted(REALDOCS.items())]
    only = {x for x in args.only.split(",") if x}
    reports: list[dict] = []
    try:
        for src, want in sources:
            if only and src.name not in only:
                continue
            entries = render_one(src, want, args.out, profile, scans)
            print(f"{src.name}: {', '.join(e['format'] for e in entries)}", flush=True)
            reports += entries
            # written after every report, so a partial run (it is slow) can be scored
            (args.out / "expected.json").write_text(json.dumps({"reports": reports}, ensure_ascii=False,
                                                               indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
