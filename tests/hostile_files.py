"""Hostile documents, generated at test time (nothing big is committed): bombs, floods, lies.

``write_all(directory)`` writes every file and returns ``{name: expectation}``, where an
expectation is either ``("error", words)`` (the parse gives an error naming the limit, ``words``
in it) or ``("result", words)`` (a result line whose warnings contain ``words``; ``""`` for any
result). Each file stands for an attack seen by the red team (issue 12): the compressed or
declared size is small, what the reader would build from it is huge.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image

Expectation = tuple[str, str]

_CT_DOCX = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOC_XML = (f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>'
            "<w:p><w:r><w:t>某局2023年政府信息公开工作年度报告</w:t></w:r></w:p></w:body></w:document>")
_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + "]>")
_MB = b"\0" * (1024 * 1024)


def _stream_member(z: zipfile.ZipFile, name: str, prefix: bytes, filler: bytes, size: int) -> None:
    """A member of ``size`` bytes written in steps (never held in memory): prefix, then filler repeated."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as f:
        f.write(prefix)
        written = len(prefix)
        while written < size:
            piece = filler[: size - written]
            f.write(piece)
            written += len(piece)


def _docx(path: Path, members: dict[str, bytes | tuple[bytes, bytes, int]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT_DOCX)
        for name, content in members.items():
            if isinstance(content, tuple):
                _stream_member(z, name, *content)
            else:
                z.writestr(name, content)


def _xlsx(path: Path, sheet: bytes | tuple[bytes, bytes, int], shared: bytes | tuple[bytes, bytes, int] | None = None) -> None:
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for name, content in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            if content is None:
                continue
            if isinstance(content, tuple):
                _stream_member(z, name, *content)
            else:
                z.writestr(name, content)


def _lying_zip(path: Path) -> None:
    """A DOCX whose headers say document.xml is 1 KB; it inflates to 80 MB."""
    name = b"word/document.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT_DOCX)
        info = zipfile.ZipInfo(name.decode())
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w") as f:  # a seekable file: sizes written back into the local header
            f.write(_DOC_XML.encode()[:-len("</w:body></w:document>")])
            for _ in range(80):
                f.write(b" " * (1024 * 1024))
    data = bytearray(path.read_bytes())
    i = data.find(b"PK\x03\x04")
    while i >= 0:  # local headers: uncompressed size at +22
        n = struct.unpack_from("<H", data, i + 26)[0]
        if bytes(data[i + 30:i + 30 + n]) == name:
            struct.pack_into("<I", data, i + 22, 1024)
        i = data.find(b"PK\x03\x04", i + 4)
    j = data.find(b"PK\x01\x02")
    while j >= 0:  # central directory: uncompressed size at +24
        n = struct.unpack_from("<H", data, j + 28)[0]
        if bytes(data[j + 46:j + 46 + n]) == name:
            struct.pack_into("<I", data, j + 24, 1024)
        j = data.find(b"PK\x01\x02", j + 4)
    path.write_bytes(bytes(data))


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from its numbered objects (1-based, catalog first), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _blank_pages_pdf(n: int, box: bytes = b"0 0 595 842") -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [" + box + b"] >>"] * n
    return _pdf(objs)


def _flate_bomb_pdf(size: int) -> bytes:
    comp = zlib.compressobj(9)
    body = bytearray(comp.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n"))
    filler = b" " * (1024 * 1024)
    for _ in range(size // len(filler)):
        body += comp.compress(filler)
    body += comp.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + bytes(body) + b"\nendstream"
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", stream])


def _report_html(cell: str) -> bytes:
    """A real-looking 2021 report whose table 三 total of natural persons prints ``cell``."""
    from tests.test_parse_quirks import apply_table, apply_values, report_html

    rows = apply_values(7)
    html = report_html(apply_table(rows))
    total = str(sum(rows["1"][:1]))  # the first printed value of row 一、本年新收政府信息公开申请数量
    marker = f">{total}<"
    assert marker in html
    return html.replace(marker, f">{cell}<", 1).encode()


def write_all(directory: Path) -> dict[str, Expectation]:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    exp: dict[str, Expectation] = {}

    # -- XML entities: never expanded ---------------------------------------------------------------
    bomb = _LAUGHS + f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    _docx(d / "entity_bomb.docx", {"word/document.xml": bomb.encode()})
    exp["entity_bomb.docx"] = ("any", "")
    (d / "entity_bomb.html").write_text(_LAUGHS.replace('<?xml version="1.0"?>', "")
                                        + "<html><body><p>&lol9;</p></body></html>", encoding="utf-8")
    exp["entity_bomb.html"] = ("any", "")
    _xlsx(d / "entity_bomb.xlsx", (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                   b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
                                   b'</row></sheetData></worksheet>'),
          (_LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t>'
           "</si></sst>").encode())
    exp["entity_bomb.xlsx"] = ("any", "")

    # -- ZIP bombs and lies ---------------------------------------------------------------------------
    _docx(d / "core_bomb.docx", {"word/document.xml": _DOC_XML.encode(),
                                 "docProps/core.xml": (b"<?xml version='1.0'?><cp:coreProperties xmlns:cp='x'>"
                                                       b"<dc:title xmlns:dc='y'>", b"A" * 65536, 80 * 1024 * 1024)})
    exp["core_bomb.docx"] = ("error", "inflates to more than")
    _xlsx(d / "shared_bomb.xlsx", b"<worksheet/>", (b"<?xml version='1.0'?><sst><si><t>", b"A" * 65536,
                                                    300 * 1024 * 1024))
    exp["shared_bomb.xlsx"] = ("error", "inflates to more than")
    _lying_zip(d / "lying_header.docx")
    exp["lying_header.docx"] = ("error", "")
    row = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
    _xlsx(d / "cells_10m.xlsx", (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                 b'spreadsheetml/2006/main"><sheetData>', row * 64, len(row) * 10_000 + 100))
    exp["cells_10m.xlsx"] = ("error", "cells")

    # -- PDFs -----------------------------------------------------------------------------------------
    (d / "pages_10000.pdf").write_bytes(_blank_pages_pdf(10_000))
    exp["pages_10000.pdf"] = ("error", "pages")
    (d / "wide_1e8.pdf").write_bytes(_blank_pages_pdf(1, b"0 0 100000000 0.1"))
    exp["wide_1e8.pdf"] = ("any", "")
    (d / "flate_bomb.pdf").write_bytes(_flate_bomb_pdf(160 * 1024 * 1024))
    exp["flate_bomb.pdf"] = ("error", "inflates to more than")

    # -- images ---------------------------------------------------------------------------------------
    frame = Image.new("1", (6000, 6000), 1)
    frame.save(d / "frames_100.tiff", save_all=True, append_images=[frame] * 99, compression="group4")
    exp["frames_100.tiff"] = ("any", "")
    Image.new("1", (8000, 8000), 1).save(d / "giant_64mpx.png", optimize=False)
    exp["giant_64mpx.png"] = ("error", "pixels")

    # -- whitespace floods: linear patterns -----------------------------------------------------------
    flood = " " * 100_000
    (d / "flood_date.txt").write_text("某局2023年政府信息公开工作年度报告\n发布时间" + flood + "x\n", encoding="utf-8")
    exp["flood_date.txt"] = ("any", "")
    (d / "flood_title.html").write_text(f"<html><head><title>a{flood}b</title></head><body><p>x</p></body></html>",
                                        encoding="utf-8")
    exp["flood_title.html"] = ("any", "")
    (d / "flood_period.txt").write_text("2023年1月1日" + flood + "x\n第1页" + flood + "x\n", encoding="utf-8")
    exp["flood_period.txt"] = ("any", "")
    (d / "flood_style.html").write_text("<html><body>" + ' <p style="x' * 60_000 + "</body></html>", encoding="utf-8")
    exp["flood_style.html"] = ("any", "")

    # -- numbers: one unreadable cell, never the whole report ----------------------------------------
    for name, cell in (("digits_30.html", "1" * 30), ("digits_5000.html", "9" * 5000), ("inf_1e400.html", "1e400"),
                       ("decimal_400.html", "1" * 400 + ".5")):
        (d / name).write_bytes(_report_html(cell))
        exp[name] = ("result", "unreadable")

    # -- executables named as documents ---------------------------------------------------------------
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 64
    (d / "program.doc").write_bytes(exe)
    exp["program.doc"] = ("error", "")
    (d / "program.wps").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(1000))
    exp["program.wps"] = ("error", "")
    return exp
