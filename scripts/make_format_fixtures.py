"""Render the binary format fixtures of tests/files/formats/ from synthetic form values.

Why a script: a binary fixture nobody can regenerate is a fixture nobody can trust or change.
Every file here comes from ``demo.values.generate(seed, version)`` laid out by the demo's
document model (``demo.render.model``: the form's rowspans, colspans and wrapped header lines),
so its expected cells are known exactly. Outputs, each with an entry in ``expected.json``:

- DOCX (python-docx, real ``w:vMerge``/``w:gridSpan`` merges, the 三 table's header rows marked to
  repeat on a new page), and from it with LibreOffice: DOC, WPS (Kingsoft WPS files are DOC-format
  OLE files), PDF (long labels wrap in narrow columns; table 三 breaks across two pages with its
  header rows repeated);
- XLSX (openpyxl, merged ranges; the 2019 fixture puts each table on its own sheet) and XLS
  (LibreOffice from the XLSX);
- an image-only PDF (pages rendered with pypdfium2 and rebuilt from JPEGs: no text layer) and a
  PDF whose fonts lost their ToUnicode maps (pdfminer reads ``(cid:NN)``), both for OCR.

Needs LibreOffice and the CJK fonts (scripts/sysdeps.sh). Run: ``.venv/bin/python -m scripts.make_format_fixtures``.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from demo.render import model as m
from demo.render.tokens import Tokens, make_tokens
from demo.values import ReportValues, generate
from parsers.form import cell_ids
from parsers.office_convert import convert

OUT = Path(__file__).resolve().parent.parent / "tests" / "files" / "formats"
FONT = "Noto Sans CJK SC"
TEXT_WIDTH_CM = 16.0


# ---------------------------------------------------------------- DOCX


def _font(run: Any, size: float) -> None:
    run.font.size = Pt(size)
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def _para(container: Any, text: str, *, size: float = 12, align: Any = None, bold: bool = False,
          indent: bool = False) -> Any:
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    run = p.add_run(text)
    run.bold = bold
    _font(run, size)
    return p


def _widths(table: m.Table) -> list[float]:
    """Column widths (cm) that make long labels wrap over several lines, as real reports do."""
    if table.name == "apply":
        label = [1.3, 1.9, 3.6]
        rest = (TEXT_WIDTH_CM - sum(label)) / (table.ncols - 3)
        return label + [rest] * (table.ncols - 3)
    if table.name == "active":
        return [4.6] + [(TEXT_WIDTH_CM - 4.6) / (table.ncols - 1)] * (table.ncols - 1)
    return [TEXT_WIDTH_CM / table.ncols] * table.ncols


def _row_flag(row: Any, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _docx_table(doc: Any, table: m.Table, tokens: Tokens) -> None:
    grid = table.grid()
    t = doc.add_table(rows=len(grid), cols=table.ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = _widths(table)
    for r in range(len(grid)):
        for c in range(table.ncols):
            t.cell(r, c).width = Cm(widths[c])
        if table.name == "apply" and r < table.header_rows:
            _row_flag(t.rows[r], "w:tblHeader")  # repeat the header rows on the next page
        _row_flag(t.rows[r], "w:cantSplit")
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            if slot is None or not slot[1]:
                continue
            cell = slot[0]
            target = t.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(t.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            lines = [tokens[cell.key]] if cell.key else list(cell.lines)
            for extra in target.paragraphs[1:]:
                extra._element.getparent().remove(extra._element)
            first = target.paragraphs[0]
            for i, line in enumerate(lines):
                p = first if i == 0 else target.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(0)
                _font(p.add_run(line), 9)


def build_docx(values: ReportValues, tokens: Tokens, *, extra_prose: int = 0) -> bytes:
    doc = new_docx()
    doc.core_properties.title = values.title
    doc.core_properties.author = values.agency
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    blocks = m.document(values, m.standard_tables(values.form_version))
    overall = m.prose(values)["overall"]
    for block in blocks:
        if block.kind == "title":
            _para(doc, block.text, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        elif block.kind in ("meta", "p"):
            _para(doc, block.text, indent=True)
        elif block.kind == "h1":
            if block.text.startswith("五") and extra_prose:
                for i in range(extra_prose):  # a longer report: more pages of prose before the end
                    _para(doc, overall[i % len(overall)], indent=True)
            _para(doc, block.text, bold=True, indent=True)
        elif block.kind == "table" and block.table is not None:
            _docx_table(doc, block.table, tokens)
        elif block.kind == "sign":
            _para(doc, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- XLSX


def _number(text: str) -> int | float | str:
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def build_xlsx(values: ReportValues, tokens: Tokens, *, sheet_per_table: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    r0 = 1

    def line(text: str) -> None:
        nonlocal r0
        ws.cell(row=r0, column=1, value=text)
        r0 += 1

    tables = m.standard_tables(values.form_version)
    line(values.title)
    line(f"发布日期：{values.published_date}")
    headings = (("二、主动公开政府信息情况", "active"), ("三、收到和处理政府信息公开申请情况", "apply"),
                ("四、政府信息公开行政复议、行政诉讼情况", "review"))
    for n, (heading, key) in enumerate(headings):
        if sheet_per_table and n:
            ws = wb.create_sheet(heading[:2].rstrip("、"))
            r0 = 1
        line(heading)
        table = tables[key][0]
        for r, row in enumerate(table.grid()):
            for c, slot in enumerate(row):
                if slot is None or not slot[1]:
                    continue
                cell = slot[0]
                value = _number(tokens[cell.key]) if cell.key else "\n".join(cell.lines)
                xc = ws.cell(row=r0 + r, column=c + 1, value=value)
                xc.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
                if cell.rowspan > 1 or cell.colspan > 1:
                    ws.merge_cells(start_row=r0 + r, start_column=c + 1,
                                   end_row=r0 + r + cell.rowspan - 1, end_column=c + cell.colspan)
            for c in range(table.ncols):
                ws.cell(row=r0 + r, column=c + 1).border = border
        r0 += len(table.rows) + 1
    line(values.agency)
    line(m.cn_date(values.published_date))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- PDFs for OCR


def image_only_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """The same pages as black-and-white pictures only: what a scanned (图片版) report is (and small)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    pages = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
             .point(lambda v: 255 if v > 170 else 0).convert("1", dither=0) for i in range(len(doc))]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def without_tounicode(pdf: bytes) -> bytes:
    """The PDF with its fonts' ToUnicode maps blanked out (same length, so the xref stays valid)."""
    out, n = re.subn(rb"/ToUnicode\s+\d+\s+0\s+R", lambda mt: b" " * len(mt.group(0)), pdf)
    if not n:
        raise SystemExit("no /ToUnicode entry found to remove")
    return out


# ---------------------------------------------------------------- main

# name → (seed, form version, formats)
FIXTURES: dict[str, tuple[int, str]] = {"report_2021": (401, "2021"), "report_2019": (402, "2019")}


def _expected(values: ReportValues, tokens: Tokens, fmt: str, **extra: Any) -> dict[str, Any]:
    return {"format": fmt, "title": values.title, "agency": values.agency, "year": values.year,
            "published_date": values.published_date, "form_version": values.form_version,
            "cells": {cid: tokens.expected[cid] for cid in cell_ids(values.form_version)}, **extra}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Any] = {}

    def write(name: str, data: bytes, entry: dict[str, Any]) -> None:
        (OUT / name).write_bytes(data)
        expected[name] = entry
        print(f"{name:<28} {len(data) / 1024:7.1f} KB")

    for stem, (seed, version) in FIXTURES.items():
        values = generate(seed, version)
        tokens = make_tokens(values, blank_zero=None, cycle=())
        docx = build_docx(values, tokens, extra_prose=18 if version == "2021" else 0)
        write(f"{stem}.docx", docx, _expected(values, tokens, "docx"))
        write(f"{stem}.doc", convert(docx, ".docx", "doc"), _expected(values, tokens, "doc"))
        pdf = convert(docx, ".docx", "pdf")
        write(f"{stem}.pdf", pdf, _expected(values, tokens, "pdf"))
        xlsx = build_xlsx(values, tokens, sheet_per_table=version == "2019")
        write(f"{stem}.xlsx", xlsx, _expected(values, tokens, "xlsx"))
        write(f"{stem}.xls", convert(xlsx, ".xlsx", "xls"), _expected(values, tokens, "xls"))
        if version == "2021":
            write(f"{stem}.wps", convert(docx, ".docx", "doc"), _expected(values, tokens, "wps"))
    # OCR fixtures: reports the text-layer fixtures do not share values with.
    for stem, seed, version, kind in (("scan_2021", 411, "2021", "image"), ("cid_2019", 412, "2019", "cid")):
        values = generate(seed, version)
        tokens = make_tokens(values, blank_zero=None, cycle=())
        pdf = convert(build_docx(values, tokens), ".docx", "pdf")
        data = image_only_pdf(pdf) if kind == "image" else without_tounicode(pdf)
        write(f"{stem}.pdf", data, _expected(values, tokens, "pdf", ocr=True))
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
