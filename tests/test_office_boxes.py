"""Office files that keep positions but no table (issue 14 item 5): a PDF imported into Word and
saved as DOCX puts every piece of text in a floating text box; a spreadsheet's review table comes
as two tables whose rows keep the sheet's empty cells.

Fixtures are built from generated reports with varied non-zero numbers (demo.values).
"""

from __future__ import annotations

import io
import zipfile

from demo.render import render
from demo.values import generate
from parsers import parse_document
from parsers.form import APPLY_COLS, REVIEW_COLS, apply_rows
from tests.apply_labels import ROW_LABELS, SUBGROUP_LABELS

EMU = 12700


def _anchor(top: float, left: float, text: str) -> str:
    return (f'<wp:anchor><wp:positionH relativeFrom="page"><wp:posOffset>{int(left * EMU)}</wp:posOffset>'
            f'</wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{int(top * EMU)}</wp:posOffset>'
            f'</wp:positionV><wp:extent cx="{int(max(8, 10.5 * len(text)) * EMU)}" cy="{int(12 * EMU)}"/>'
            f'<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            f'</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>')


def _docx(paragraphs: list[str], boxes: list[tuple[float, float, str]], after: list[str] = ()) -> bytes:
    """A DOCX whose body is ``paragraphs``, one paragraph anchoring every (top, left, text) box, as
    Word saves a PDF it imported (one page: the offsets never restart), then ``after``."""
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    body += "<w:p><w:r><w:drawing>" + "".join(_anchor(*b) for b in boxes) + "</w:drawing></w:r></w:p>"
    body += "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in after)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _thousands_values():
    """A 2021 report whose natural-person counts of rows 一 and 四 run into thousands."""
    v = generate(41, "2021")
    for row in ("1", "4"):
        for c in ("natural_person", "total"):
            v.cells[f"apply/{row}/{c}"] += 2000 + (7 if row == "1" else 0)
    v.cells["apply/2/natural_person"] += 7
    v.cells["apply/2/total"] += 7
    return v


def _apply_boxes(v, wrap: set[str]) -> list[tuple[float, float, str]]:
    """Table 三 as text boxes: a label box per row, a box per value in its column; the cells in
    ``wrap`` print a thousands number wrapped in their narrow column ("2,26" over "4")."""
    boxes = [(100, 300, "申请人情况"), (114, 250, "自然人"), (114, 330, "法人或其他组织"), (114, 640, "总计"),
             (128, 300, "商业企业"), (128, 360, "科研机构"), (128, 420, "社会公益组织"), (128, 500, "法律服务机构"),
             (128, 580, "其他")]
    top = 150.0
    for row in apply_rows("2021"):
        if row in SUBGROUP_LABELS:
            boxes.append((top, 0, SUBGROUP_LABELS[row]))
        boxes.append((top, 80, ROW_LABELS[row]))
        for k, c in enumerate(APPLY_COLS):
            value = v.cells[f"apply/{row}/{c}"]
            text = f"{value:,}"
            left = 290 + 60 * k + (30 if c == "total" else 0)
            if f"apply/{row}/{c}" in wrap:
                assert len(text) > 4
                boxes += [(top, left, text[:-1]), (top + 12.5, left + 6, text[-1])]
            else:
                boxes.append((top, left, text))
        top += 26
    return boxes


def _report_docx(v, boxes: list[tuple[float, float, str]]) -> bytes:
    """The report as tab-separated paragraphs (tables 二 and 四) around table 三's text boxes."""
    lines = render(v, "text_tsv").data.decode("utf-8").splitlines()
    cut = next(i for i, ln in enumerate(lines) if ln.strip() == "三、收到和处理政府信息公开申请情况") + 1
    end = next(i for i, ln in enumerate(lines) if ln.strip() == "四、政府信息公开行政复议、行政诉讼情况")
    esc = [ln.replace("&", "&amp;").replace("<", "&lt;") for ln in lines]
    return _docx(esc[:cut], boxes, esc[end:])


def test_docx_text_boxes_with_numbers_wrapped_in_narrow_cells() -> None:
    v = _thousands_values()
    wrap = {"apply/1/natural_person", "apply/1/total", "apply/4/total"}
    data = _report_docx(v, _apply_boxes(v, wrap))
    got = parse_document(data, source="r.docx").to_json()
    for row in apply_rows("2021"):
        for c in APPLY_COLS:
            assert got["cells"][f"apply/{row}/{c}"] == v.cells[f"apply/{row}/{c}"], (row, c)
    assert got["cells"]["apply/1/natural_person"] > 1000


def test_docx_text_boxes_a_cut_number_without_its_rest_is_not_read_as_a_number() -> None:
    v = _thousands_values()
    boxes = [b for b in _apply_boxes(v, {"apply/1/natural_person"}) if not (b[0] == 162.5 and len(b[2]) == 1)]
    got = parse_document(_report_docx(v, boxes), source="r.docx").to_json()
    assert got["cells"]["apply/1/natural_person"] in (None, v.cells["apply/1/natural_person"])


def _review_html(v, empty_tail: int) -> bytes:
    """Table 四 as two tables (行政复议 / 行政诉讼) whose rows keep ``empty_tail`` empty cells, as a
    spreadsheet keeps them up to its widest table; 无 for zeros."""
    def cells(values: list[int]) -> str:
        return "".join(f"<td>{x or '无'}</td>" for x in values) + "<td></td>" * empty_tail

    review = [v.cells[f"review/review/{c}"] for c in REVIEW_COLS]
    lit = [v.cells[f"review/{r}/{c}"] for r in ("litigation_direct", "litigation_after_review") for c in REVIEW_COLS]
    head = "".join(f"<td>{w}</td>" for w in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    return (f"<html><body><h1>{v.agency}{v.year}年政府信息公开工作年度报告</h1>"
            "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p><p>单位：件</p>"
            f"<p>行政复议</p><table><tr>{head}{'<td></td>' * empty_tail}</tr><tr>{cells(review)}</tr></table>"
            "<p>行政诉讼</p><table><tr><td>未经复议直接起诉</td><td>复议后起诉</td></tr>"
            f"<tr>{head}{head}</tr><tr>{cells(lit)}</tr></table><p>五、存在的主要问题及改进情况</p>"
            "</body></html>").encode()


def test_review_as_two_tables_with_empty_cells_after_them() -> None:
    v = generate(42, "2021")
    for c in ("corrected", "other"):  # zeros printed 无
        v.cells["review/review/total"] -= v.cells[f"review/review/{c}"]
        v.cells[f"review/review/{c}"] = 0
    for tail in (0, 5, 10):
        got = parse_document(_review_html(v, tail), source="r.html").to_json()
        for r in ("review", "litigation_direct", "litigation_after_review"):
            assert [got["cells"][f"review/{r}/{c}"] or 0 for c in REVIEW_COLS] == [
                v.cells[f"review/{r}/{c}"] for c in REVIEW_COLS], (tail, r)
