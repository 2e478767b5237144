"""Every document format parses to the cells it was rendered from (tests/files/formats/).

The fixtures come from ``scripts/make_format_fixtures.py``: known values in both form versions,
merged cells (vMerge/gridSpan, spreadsheet merges), labels wrapped over several lines, and a PDF
whose table 三 breaks across two pages with its header rows repeated. DOC/WPS need LibreOffice;
those tests skip, saying so, only where it is missing.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from parsers import parse_document
from parsers.docx_doc import table_rows
from parsers.formats import READERS, read_document, sniff
from parsers.office_convert import soffice
from parsers.report import ParsedReport

FIXTURES = Path(__file__).parent / "files" / "formats"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
TEXT_LAYER = sorted(name for name, e in EXPECTED.items() if not e.get("ocr"))
NIANBAO = [sys.executable, "-m", "crawler.cli"]  # this interpreter, whatever venv runs the tests
needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed: "
                                       "apt-get install libreoffice-writer-nogui (scripts/sysdeps.sh)")


def _parse(name: str) -> ParsedReport:
    return parse_document((FIXTURES / name).read_bytes(), source=name, url=f"https://example.gov.cn/{name}")


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_fixture_parses_to_every_expected_cell(name: str) -> None:
    if EXPECTED[name]["format"] in ("doc", "wps") and soffice() is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    want = EXPECTED[name]
    got = _parse(name)
    assert got.error is None, got.error
    assert got.form_version == want["form_version"]
    assert got.title == want["title"]
    assert got.year == want["year"]
    assert got.published_date == want["published_date"]
    wrong = {k: (got.cells.get(k), v) for k, v in want["cells"].items() if got.cells.get(k) != v}
    assert not wrong, f"{len(wrong)} of {len(want['cells'])} cells wrong: {dict(list(wrong.items())[:10])}"
    assert set(got.cells) == set(want["cells"])
    assert got.inferred == []
    assert all(c["ok"] for c in got.checks)
    assert "ocr" not in got.to_json()


def test_every_format_is_sniffed_and_has_a_reader() -> None:
    kinds = {sniff((FIXTURES / n).read_bytes(), None, f"https://example.gov.cn/{n}") for n in EXPECTED}
    assert kinds == {"pdf", "docx", "doc", "wps", "xlsx", "xls"}
    assert {"pdf", "docx", "doc", "wps", "xlsx", "xls", "image", "rtf"} <= set(READERS)


def test_the_pdf_table_breaks_across_pages_with_repeated_headers() -> None:
    """The fixture really has what the test claims: table 三 on two pages, its header printed twice."""
    import pdfplumber

    with pdfplumber.open(FIXTURES / "report_2021.pdf") as pdf:
        assert len(pdf.pages) == 6
        pages = [p.extract_text() or "" for p in pdf.pages]
    with_header = [i for i, t in enumerate(pages) if "申请人情况" in t]
    assert len(with_header) >= 2 and with_header == list(range(with_header[0], with_header[0] + len(with_header)))
    assert "7.属于行政执法案卷" not in "".join(pages).replace("\n", "")  # the long labels wrap


def test_docx_merged_cells_are_not_counted_twice() -> None:
    """python-docx repeats a merged cell at every grid position; the XML walk reads it once."""
    from docx import Document as new_docx

    doc = new_docx()
    t = doc.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "三、本年度办理结果"
    t.cell(0, 1).text, t.cell(0, 2).text = "行政许可", "7"
    t.cell(0, 2).merge(t.cell(0, 3))
    t.cell(1, 1).text, t.cell(1, 2).text, t.cell(1, 3).text = "（一）予以公开", "4", "5"
    assert [c.text for c in t.rows[0].cells].count("三、本年度办理结果") == 1
    assert [c.text for c in t.rows[0].cells].count("7") == 2  # what python-docx's API would read
    buf = io.BytesIO()
    doc.save(buf)
    from lxml import etree

    xml = zipfile.ZipFile(buf).read("word/document.xml")
    tbl = etree.fromstring(xml).find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl")
    rows = table_rows(tbl)
    assert [(c.text, c.inherited) for c in rows[0].cells] == [("三、本年度办理结果", False), ("行政许可", False), ("7", False)]
    assert [(c.text, c.inherited) for c in rows[1].cells] == [("三、本年度办理结果", True), ("（一）予以公开", False),
                                                              ("4", False), ("5", False)]
    assert rows[2].cells[0].inherited


def test_merged_spreadsheet_ranges_read_like_rowspans() -> None:
    from parsers.xls_doc import sheet_rows

    rows = sheet_rows([["三、本年度办理结果", "（一）予以公开", 3.0, None, None],
                       [None, "（二）部分公开", 1.0, 2.0, 16785.54]], [(0, 1, 0, 0), (0, 0, 2, 4)])
    assert [(c.text, c.inherited) for c in rows[0].cells] == [("三、本年度办理结果", False), ("（一）予以公开", False),
                                                              ("3", False)]
    assert [(c.text, c.inherited) for c in rows[1].cells] == [("三、本年度办理结果", True), ("（二）部分公开", False),
                                                              ("1", False), ("2", False), ("16785.54", False)]


@pytest.mark.parametrize("name,data", [
    ("broken.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
    ("truncated.docx", (FIXTURES / "report_2021.docx").read_bytes()[:3000]),
    ("truncated.xlsx", (FIXTURES / "report_2021.xlsx").read_bytes()[:2000]),
    ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le")),
    ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
])
def test_a_broken_file_gives_an_error_not_a_crash(name: str, data: bytes) -> None:
    got = parse_document(data, source=name)
    assert got.error, got
    assert set(got.to_json()) == {"source", "error"}


def test_the_cli_goes_on_after_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes((FIXTURES / "report_2019.docx").read_bytes()[:2500])
    good = FIXTURES / "report_2019.xlsx"
    out = subprocess.run([*NIANBAO, "parse", str(broken), str(good)], capture_output=True, text=True,
                         check=False, timeout=120)
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert "error" in first
    assert second["cells"] == EXPECTED["report_2019.xlsx"]["cells"]


def test_a_missing_libreoffice_is_a_reason_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import parsers.office_convert as oc

    monkeypatch.setattr(oc, "soffice", lambda: None)
    got = _parse("report_2019.doc")
    assert got.error and "LibreOffice" in got.error and "apt-get install" in got.error


@needs_libreoffice
def test_a_document_libreoffice_cannot_convert_is_an_error() -> None:
    junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00" * 500
    got = parse_document(junk, source="junk.doc")
    assert got.error


def test_html_parsing_does_not_load_the_format_libraries() -> None:
    code = ("import sys; from parsers import parse_document; parse_document(b'<html><body><p>x</p></body></html>');"
            "print(sorted(m for m in ('pdfplumber', 'openpyxl', 'xlrd', 'rapidocr_onnxruntime', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent)
    assert out.stdout.strip() == "[]"


def test_a_pdf_text_read_stays_within_its_work_budget() -> None:
    """A six-page text PDF costs well under a second of CPU (the bench measures it properly)."""
    from tests.work_budget import cpu_seconds

    data = (FIXTURES / "report_2021.pdf").read_bytes()
    read_document(data)  # imports
    _report, cpu = cpu_seconds(parse_document, data)
    assert cpu < 3.0, f"{cpu:.2f} s of CPU"
