"""The reports the demo portal serves, as article bodies with what a parser should find in them.

Four kinds, so the crawl meets what real portals carry:
- seed reports (tests/files/seeds/*.txt): the text of real report pages, one <p> a line;
- real Word-exported pages (tests/files/realdocs/*.html): their article body as published;
- generated reports from demo.values / demo.render, whose every cell value is known;
- a free-text report from before the 2019 form, with its numbers in prose only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from parsers.decode import decode

from .base import paragraphs, render_template

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "files" / "seeds"
REALDOCS = REPO / "tests" / "files" / "realdocs"


@dataclass
class ReportDoc:
    """One report as a site will wrap it: an HTML fragment for the article body, plus the facts."""

    title: str
    agency: str | None
    year: int | None
    published: str  # YYYY-MM-DD
    body_html: str
    kind: str  # seed | realdoc | generated | free_text
    form_version: str | None = None
    cells: dict[str, Any] | None = None
    source: str = ""  # the seed/realdoc file name, or "seed=N layout=L" for generated ones
    attachment: tuple[bytes, str, str] | None = None  # (bytes, content type, extension)
    extra: dict[str, Any] = field(default_factory=dict)

    def expected(self, url: str, document_url: str | None = None) -> dict[str, Any]:
        """The entry for ``expected_reports``: what the crawl should archive for this report."""
        out: dict[str, Any] = {
            "url": url,
            "document_url": document_url or url,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "published_date": self.published,
            "form_version": self.form_version,
            "kind": self.kind,
            "source": self.source,
        }
        if self.cells is not None:
            out["cells"] = dict(self.cells)
        out.update(self.extra)
        return out


def _facts(kind: str, name: str) -> dict[str, Any] | None:
    """What a bundled report says (title, agency, year, form), as written by hand from reading it
    (tests/expected_reports.py), never as the parser reads it: the demo's expectations must be able
    to catch the parser. None outside a source checkout."""
    try:
        from tests.expected_reports import REALDOCS, SEEDS
    except ImportError:
        return None
    return (SEEDS if kind == "seed" else REALDOCS).get(name)


@cache
def seed_report(name: str) -> ReportDoc | None:
    """A seed text as a page body; None when the fixtures are not there (an installed package)."""
    path = SEEDS / name
    facts = _facts("seed", name)
    if not path.exists() or facts is None:
        return None
    text = path.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title, year = facts["title"], facts["year"]
    m = re.search(r"(?:时间|日期)\s*[:：]\s*(\d{4}-\d{2}-\d{2})", text[:2000])
    published = m.group(1) if m else f"{(year or 2024) + 1}-01-{15 + len(lines) % 12:02d}"
    return ReportDoc(
        title=title, agency=facts["agency"], year=year, published=published,
        body_html=paragraphs(text), kind="seed", source=name, form_version=facts["form_version"],
    )


@cache
def realdoc_report(name: str) -> ReportDoc | None:
    """A Word-exported real page: its article body as published (the TRS_Editor div's content)."""
    path = REALDOCS / name
    facts = _facts("realdoc", name)
    if not path.exists() or facts is None:
        return None
    raw = path.read_text(encoding="utf-8")
    title, year = facts["title"], facts["year"]
    dm = re.search(r"(?:发布时间|发布日期|时间)\s*[:：]\s*(\d{4}-\d{2}-\d{2})", raw)
    published = dm.group(1) if dm else f"{(year or 2024) + 1}-03-01"
    start = re.search(r"<div class=\"?TRS_Editor\"?[^>]*>", raw)
    if start:  # the original editor div's inner HTML
        body = raw[start.end(): raw.rindex("</div>")]
    else:
        bm = re.search(r"<body[^>]*>(.*)</body>", raw, re.S)
        body = bm.group(1) if bm else raw
    return ReportDoc(
        title=title, agency=facts["agency"], year=year, published=published, body_html=body,
        kind="realdoc", source=name, form_version=facts["form_version"],
    )


def free_text_report(agency: str, year: int, published: str) -> ReportDoc:
    """A pre-2019 report: numbers only in prose, no table (form_version null)."""
    title = f"{agency}{year}年政府信息公开工作年度报告"
    text = render_template("free_text_report.txt", agency=agency, year=year, title=title)
    return ReportDoc(title=title, agency=agency, year=year, published=published, body_html=paragraphs(text),
                     kind="free_text", source="templates/free_text_report.txt", form_version=None, cells=None)


def _body_of(html_text: str) -> str:
    m = re.search(r"<body[^>]*>(.*)</body>", html_text, re.S | re.I)
    return m.group(1) if m else html_text


def generated_report(seed: int, form_version: str, agency: str, year: int, layout: str, published: str,
                     break_rule: str | None = None) -> ReportDoc | None:
    """A report from demo.values + demo.render with known cells; None if those modules are absent."""
    try:
        from demo.render import render
        from demo.values import generate
    except ImportError:
        return None
    kwargs: dict[str, Any] = {"agency": agency, "year": year}
    if break_rule is not None:
        kwargs["break_rule"] = break_rule
    values = generate(seed, form_version, **kwargs)
    # The site's template is the page chrome; the renderer adds its own only for documents served as is.
    rendered = render(values, layout, chrome=False) if layout.startswith("html") else render(values, layout)
    expected = dict(getattr(rendered, "expected", None) or {})
    cells = expected.get("cells") or getattr(values, "cells", None)
    title = getattr(values, "title", None) or expected.get("title") or f"{agency}{year}年政府信息公开工作年度报告"
    ctype = getattr(rendered, "content_type", "") or ""
    data: bytes = rendered.data
    published = getattr(values, "published_date", None) or published
    broken: list[list[str]] = []
    if break_rule is not None:
        from demo.values import BREAKS

        broken = [list(pair) for pair in BREAKS[break_rule][1]]
    doc = ReportDoc(
        title=title, agency=expected.get("agency", agency), year=expected.get("year", year), published=published,
        body_html="", kind="generated", form_version=expected.get("form_version", form_version),
        cells=dict(cells) if cells else None, source=f"seed={seed} layout={layout}",
        extra={"layout": layout, "break_rule": break_rule, "rules_broken": broken},
    )
    if "html" in ctype or layout.startswith("html"):
        text, _enc = decode(data, ctype)
        doc.body_html = _body_of(text)
    else:  # a document format (pdf, docx, …): served as an attachment as is
        ext = {"application/pdf": "pdf", "text/plain": "txt"}.get(ctype.split(";")[0].strip(), layout)
        doc.attachment = (data, ctype, ext)
    return doc


def fake_doc_attachment(doc: ReportDoc) -> bytes:
    """Bytes of a legacy Word file as far as a crawler can tell (OLE2 magic + text): not parseable yet."""
    text = re.sub(r"<[^>]+>", "\n", doc.body_html)
    text = re.sub(r"\n\s*\n+", "\n", text)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    return header + b"\x00" * 480 + (doc.title + "\n" + text).encode("utf-16-le", errors="replace")


def minimal_pdf() -> bytes:
    """A small valid PDF with one page (ASCII only: no embedded CJK font), for when render has no PDF."""
    content = b"BT /F1 12 Tf 72 720 Td (nianbao demo attachment) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_pdf(text: str, font_size: float = 8.0) -> bytes:
    """A PDF whose text layer is ``text`` line by line (STSong-Light, not embedded, UCS-2 encoded).

    Why not an image or a blank page: a PDF report's text must be extractable, as most published
    ones are. The CJK font is one of the standard Adobe-GB1 fonts readers and text extractors
    know without embedding; ASCII is half width, so the column layout of ``text`` survives.
    """
    lines = text.splitlines()
    per_page, lead = 66, font_size * 1.35
    pages = [lines[i:i + per_page] for i in range(0, max(len(lines), 1), per_page)] or [[]]
    objs: list[bytes] = [b"", b""]  # 1: catalog, 2: pages (filled below)
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>"
    cid = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
           b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R "
           b"/DW 1000 /W [1 95 500 814 907 500] >>")
    desc = (b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    objs += [font, cid, desc]
    kids = []
    for chunk in pages:
        ops = [f"BT /F1 {font_size:g} Tf {lead:.2f} TL 36 {842 - 48:.2f} Td".encode()]
        for line in chunk:
            hexs = "".join(f"{ord(c):04X}" if ord(c) <= 0xFFFF else "FFFD" for c in line.replace("\t", "    "))
            ops.append(f"<{hexs}> Tj T*".encode())
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objs.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
        content_no = len(objs)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_no} 0 R "
                    f"/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>").encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
