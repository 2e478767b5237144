"""Issue 14: a check fails only on what the document printed; the rules decode, never erase.

Fixtures are rendered from generated reports with varied non-zero numbers (demo.values), then
damaged the way real reports are: a 总计 row printing six numbers for seven columns, an
unreadable cell, a row left out, a row whose label cannot be read.
"""

from __future__ import annotations

import re

import pytest

from demo.render import render
from demo.values import generate
from parsers import parse_document

COLS = ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org", "total")


def _values(seed: int = 3, zero_research: bool = True):
    """A generated 2021 report; with ``zero_research`` every research cell is 0 (totals adjusted)."""
    v = generate(seed, "2021")
    if zero_research:
        for k in list(v.cells):
            if k.startswith("apply/") and k.endswith("/research"):
                row = k.split("/")[1]
                v.cells[f"apply/{row}/total"] -= v.cells[k]
                v.cells[k] = 0
    return v


def _parse(text: str, name: str = "r.md") -> dict:
    return parse_document(text.encode("utf-8"), source=name, content_type="text/markdown").to_json()


def _edit_row(text: str, label: str, edit) -> str:
    """Rewrite the value cells of the Markdown row whose label contains ``label``."""
    line = next(ln for ln in text.splitlines() if label in ln and re.search(r"\|\s*\d", ln))
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    first = next(i for i, c in enumerate(cells) if re.fullmatch(r"\d+", c))
    return text.replace(line, "| " + " | ".join(cells[:first] + edit(cells[first:])) + " |")


def _short_total_row(text: str, cells: dict) -> str:
    """The 总计 row printed with its research 0 left out: six numbers, the last cell empty."""
    row = [cells[f"apply/3.7/{c}"] for c in COLS]
    full = "| （七）总计 | " + " | ".join(map(str, row)) + " |"
    assert full in text
    short = "| （七）总计 | " + " | ".join(str(x) for i, x in enumerate(row) if i != 2) + " |  |"
    return text.replace(full, short)


def test_short_total_row_is_re_placed_by_the_rules() -> None:
    v = _values()
    text = _short_total_row(render(v, "markdown").data.decode("utf-8"), v.cells)
    got = _parse(text)
    for c in COLS:
        assert got["cells"][f"apply/3.7/{c}"] == v.cells[f"apply/3.7/{c}"], c
    assert got["cells"]["apply/3.7/nonprofit"] == v.cells["apply/3.7/nonprofit"] != 0
    assert set(got["inferred"]) == {f"apply/3.7/{c}" for c in COLS}
    assert got["cell_sources"]["apply/3.7/total"] == "inferred"
    # placed as a short row (its empty total cell) or re-placed after breaking the rules: either says so
    note = got["cell_notes"]["apply/3.7/research"]
    assert "re-placed" in note or "order-preserving placement the rules allow" in note
    assert [c for c in got["checks"] if not c["ok"]] == []
    # every other cell is as printed
    assert got["cell_sources"]["apply/3.6.1/enterprise"] == "printed"
    wrong = {k: (got["cells"][k], x) for k, x in v.cells.items() if got["cells"].get(k) != x}
    assert wrong == {}


def test_short_row_is_re_placed_beside_an_arithmetic_error_that_stays_visible() -> None:
    v = _values()
    text = _short_total_row(render(v, "markdown").data.decode("utf-8"), v.cells)
    # a real arithmetic error in the report as well: row 4's enterprise (balance) no longer adds up;
    # no placement of the 总计 row touches that rule, so it neither blocks the re-placement nor is hidden
    def add5(cells: list[str]) -> list[str]:
        cells[1], cells[6] = str(int(cells[1]) + 5), str(int(cells[6]) + 5)
        return cells

    text = _edit_row(text, "结转下年度继续办理", add5)
    got = _parse(text)
    assert [got["cells"][f"apply/3.7/{c}"] for c in COLS] == [v.cells[f"apply/3.7/{c}"] for c in COLS]
    assert {f"apply/3.7/{c}" for c in COLS} <= set(got["inferred"])
    failed = {(c["rule"], c["scope"]) for c in got["checks"] if not c["ok"]}
    assert failed == {("apply_balance", "enterprise"), ("apply_balance", "total")}
    assert got["cells"]["apply/4/enterprise"] == v.cells["apply/4/enterprise"] + 5  # printed digits kept


def test_short_row_that_no_placement_fits_is_kept_as_printed_and_fails() -> None:
    v = _values()
    text = _short_total_row(render(v, "markdown").data.decode("utf-8"), v.cells)
    # the 总计 row itself misprints its nonprofit number: every placement breaks a rule it changes
    line = next(ln for ln in text.splitlines() if "（七）总计" in ln)
    cells = line.split("|")
    cells[4] = f" {int(cells[4]) + 7} "
    text = text.replace(line, "|".join(cells))
    got = _parse(text)
    printed = [v.cells[f"apply/3.7/{c}"] for c in COLS if c != "research"]
    printed[2] += 7
    assert [got["cells"][f"apply/3.7/{c}"] for c in COLS[:6]] == printed  # the printed digits, by position
    assert got["cells"]["apply/3.7/total"] is None
    assert not any(c.startswith("apply/3.7/") for c in got["inferred"])
    assert any(not c["ok"] for c in got["checks"])
    assert any("no single re-placement" in w for w in got["warnings"])


def test_a_correct_row_with_a_printed_blank_is_left_alone() -> None:
    v = _values(seed=5, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    got = _parse(text)
    assert got["inferred"] == []
    assert {got["cell_sources"][c] for c in got["cells"]} <= {"printed", "blank"}
    assert got["not_checked"] == [] or all(n["reason"] for n in got["not_checked"])
    assert {k: got["cells"][k] for k in v.cells} == v.cells


def test_unread_cell_makes_its_scopes_not_checked_never_failed() -> None:
    v = _values(seed=7, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    # words where two review numbers should be: unreadable, and not determined by the rules
    line = next(ln for ln in text.splitlines() if re.fullmatch(r"\|( \d+ \|){15}", ln.strip()))
    cells = line.strip().strip("|").split("|")
    text = text.replace(line, "|" + "|".join([cells[0], " 见附表 ", " 不详 ", *cells[3:]]) + "|")
    got = _parse(text)
    for c in ("corrected", "other"):
        assert got["cells"][f"review/review/{c}"] is None
        assert got["cell_sources"][f"review/review/{c}"] == "unread"
        assert got["cell_notes"][f"review/review/{c}"]
    assert got["cells"]["review/review/total"] == v.cells["review/review/total"]
    assert got["cell_sources"]["review/review/total"] == "printed"
    scopes = {(c["rule"], c["scope"]) for c in got["checks"]}
    assert ("review_total", "review") not in scopes
    assert ("review_total", "litigation_direct") in scopes
    nc = {(n["rule"], n["scope"]): n["reason"] for n in got["not_checked"]}
    assert "review/review/corrected" in nc[("review_total", "review")]
    assert [c for c in got["checks"] if not c["ok"]] == []


def test_unreadable_cell_the_rules_determine_is_inferred() -> None:
    v = _values(seed=7, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    text = _edit_row(text, "本年新收政府信息公开申请数量", lambda c: [c[0], "见附表", *c[2:]])
    got = _parse(text)
    assert got["cells"]["apply/1/enterprise"] == v.cells["apply/1/enterprise"]
    assert got["cell_sources"]["apply/1/enterprise"] == "inferred"
    assert "apply/1/enterprise" in got["inferred"]


def test_left_out_row_is_inferred_with_its_rule() -> None:
    v = _values(seed=11, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    line = next(ln for ln in text.splitlines() if "予以公开" in ln and "部分" not in ln)
    got = _parse(text.replace(line + "\n", ""))
    for c in COLS:
        cid = f"apply/3.1/{c}"
        assert got["cells"][cid] == v.cells[cid]
        assert got["cell_sources"][cid] == "inferred"
        assert "apply_results_total" in got["cell_notes"][cid]
    assert [c for c in got["checks"] if not c["ok"]] == []


def _blank_zeros_of_partial_row(text: str, layout: str) -> str:
    """Row (二)部分公开 with its 0 cells printed as nothing (no dash, no 0)."""
    i = text.index("部分公开")
    if layout == "pdftotext_layout":
        end = text.index("\n", i)
        line = text[i:end]
        j = line.index("    ")  # the values start after the label
        return text[:i] + line[:j] + re.sub(r"(?<= )0(?= )", " ", line[j:]) + text[end:]
    end = text.index("（三）", i)
    return text[:i] + text[i:end].replace("<p>0</p>", "<p></p>") + text[end:]


@pytest.mark.parametrize("layout", ["html_flat_paragraphs", "pdftotext_layout"])
def test_placed_rows_are_listed_as_inferred(layout: str) -> None:
    """Rows placed with the rules' help (empty paragraphs as blank cells, space-aligned columns)."""
    v = _values(seed=13, zero_research=False)
    assert v.cells["apply/3.2/research"] == 0 == v.cells["apply/3.2/legal_service"]
    r = render(v, layout)
    data = _blank_zeros_of_partial_row(r.data.decode("utf-8"), layout).encode("utf-8")
    got = parse_document(data, source="r", content_type=r.content_type).to_json()
    row = [f"apply/3.2/{c}" for c in COLS]
    assert [got["cells"][c] for c in row] == [v.cells[c] or None for c in row]
    assert all(c in got["inferred"] for c in row)
    assert got["cell_sources"]["apply/3.2/nonprofit"] == "inferred"
    assert "adds up" in got["cell_notes"]["apply/3.2/total"]
    assert got["cell_sources"]["apply/3.1/nonprofit"] == "printed"


def test_archive_records_how_cells_were_obtained(tmp_path) -> None:
    """The crawl writes inferred (with how) and unread (with why) cells to cell_notes."""
    from crawler.db import Store
    from crawler.pipelines import ParsePipeline, StorePipeline
    from tests.test_pipelines import FakeCrawler, report_item

    v = _values()
    text = _short_total_row(render(v, "markdown").data.decode("utf-8"), v.cells)
    line = next(ln for ln in text.splitlines() if re.fullmatch(r"\|( \d+ \|){15}", ln.strip()))
    cells = line.strip().strip("|").split("|")
    text = text.replace(line, "|" + "|".join([cells[0], " 见附表 ", " 不详 ", *cells[3:]]) + "|")
    store = Store(tmp_path / "archive.db")
    try:
        crawler = FakeCrawler()
        parse, save = ParsePipeline(store, crawler), StorePipeline(store, crawler)
        item = report_item(text.encode("utf-8"), url="http://www.qz.gov.cn/r/2024.md")
        item["content_type"] = "text/markdown"
        out = save.process_item(parse.process_item(item))
        report = store.report(out["report_id"])
        notes = {(r["cell_id"], r["kind"]): r["detail"] for r in
                 store.db.query("select * from cell_notes where vid = ?", [report["current_vid"]])}
        note = notes[("apply/3.7/research", "inferred")]
        assert "re-placed" in note or "order-preserving placement the rules allow" in note
        assert ("apply/3.7/total", "inferred") in notes
        assert notes[("review/review/corrected", "unread")]
        assert ("review/review/total", "unread") not in notes and ("apply/1/total", "inferred") not in notes
        assert report["checks_failed"] == 0
        value = next(store.db.query("select value, inferred from cells where report_id = ? and cell_id = ?",
                                    [out["report_id"], "apply/3.7/nonprofit"]))
        assert value == {"value": v.cells["apply/3.7/nonprofit"], "inferred": 1}
    finally:
        store.close()


_ROW_361 = "| （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 |"


@pytest.mark.parametrize("garbled", [
    "| （六）其1.申请人 |",  # merged group label interleaved with the sub-row's text (PDF)
    "| （六）其他处理1.申请人无正当理由大量、反复申请 |",  # reads as 3.5.4: out of the form's order
])
def test_row_with_an_unreadable_label_is_identified_by_its_neighbours(garbled: str) -> None:
    v = _values(seed=17, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    assert _ROW_361 in text
    got = _parse(text.replace(_ROW_361, garbled))
    for row in ("3.5.4", "3.5.5", "3.6.1", "3.6.2", "3.6.3", "3.7"):
        for c in COLS:
            cid = f"apply/{row}/{c}"
            assert got["cells"][cid] == v.cells[cid], cid
    assert got["cell_sources"]["apply/3.6.1/research"] == "inferred"
    assert "neighbours" in got["cell_notes"]["apply/3.6.1/research"]
    assert got["cell_sources"]["apply/3.6.2/research"] == "printed"
    assert [c for c in got["checks"] if not c["ok"]] == []


def test_rows_that_cannot_be_placed_are_unread_and_their_rules_not_checked() -> None:
    v = _values(seed=17, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    # two garbled labels where one form row lies between their neighbours: no placement
    text = text.replace(_ROW_361, "| （六）其1.申请人 |")
    line = next(ln for ln in text.splitlines() if "（六）其1.申请人" in ln)
    text = text.replace(line, line + "\n" + line.replace("（六）其1.申请人", "某某").replace(" 3 |", " 4 |", 1))
    got = _parse(text)
    assert got["cells"]["apply/3.6.2/natural_person"] == v.cells["apply/3.6.2/natural_person"]
    assert all(got["cells"][f"apply/3.6.1/{c}"] is None or got["cell_sources"][f"apply/3.6.1/{c}"] == "inferred"
               for c in COLS)
    assert [c for c in got["checks"] if not c["ok"]] == []
    assert any("cannot be placed" in w for w in got["warnings"])
    wrong = {k: got["cells"][k] for k, x in v.cells.items() if got["cells"].get(k) not in (None, x)}
    assert wrong == {}


def test_active_row_under_an_unread_label_is_identified_by_its_neighbours() -> None:
    v = _values(seed=19, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("| 行政处罚"))
    got = _parse(text.replace(line, line.replace("行政处罚", "行政处")))
    assert got["cells"]["active/penalty/decisions"] == v.cells["active/penalty/decisions"]
    assert got["cells"]["active/coercion/decisions"] == v.cells["active/coercion/decisions"]
    assert got["cell_sources"]["active/penalty/decisions"] == "inferred"


def test_garbled_rows_are_placed_by_the_sub_row_number_they_print() -> None:
    """Rows printed without any value leave no row (wrapped layouts); garbled labels still carry
    their sub-row number, which places them uniquely in the form's order."""
    v = _values(seed=23, zero_research=False)
    text = render(v, "markdown").data.decode("utf-8")
    lines = text.splitlines()
    drop = [ln for ln in lines if any(k in ln for k in ("过程性信息", "行政执法案卷", "行政查询事项"))]
    assert len(drop) == 3
    garble = {"不掌握相关政府信息": "| （四）无法1.本机关不 |", "没有现成信息": "| 2.没有现成 |"}
    out = []
    for ln in lines:
        if ln in drop:
            continue
        for key, label in garble.items():
            if key in ln:
                numbers = [c.strip() for c in ln.split("|") if re.fullmatch(r"\s*\d+\s*", c)]
                ln = label + " " + " | ".join(numbers) + " |"
        out.append(ln)
    got = _parse("\n".join(out))
    for row in ("3.4.1", "3.4.2", "3.4.3", "3.3.5"):
        for c in COLS:
            assert got["cells"][f"apply/{row}/{c}"] == v.cells[f"apply/{row}/{c}"], (row, c)
    assert "neighbours" in got["cell_notes"]["apply/3.4.1/total"]
    # three rows left out: the rules cannot tell them apart, so they are unread and the column
    # rules they take part in are not checked (never failed)
    assert got["cells"]["apply/3.3.6/total"] is None
    assert got["cell_notes"]["apply/3.3.6/total"] == "row not found in the document"
    assert {(n["rule"], n["scope"]) for n in got["not_checked"]} >= {("apply_results_total", "total")}
    assert [c for c in got["checks"] if not c["ok"]] == []


def _xlsx_from_markdown(text: str) -> bytes:
    """A workbook holding the Markdown rendering's rows, one cell a column (blank cells as None)."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for line in text.splitlines():
        if not line.strip() or re.match(r"^\|?\s*:?-{2,}", line):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            ws.append([int(c) if re.fullmatch(r"\d+", c) else (c or None) for c in cells])
        else:
            ws.append([line.strip()])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_spreadsheet_keeps_blank_cells_at_a_rows_end() -> None:
    """XLSX keeps positions: blank cells at a row's end (up to the table's last column) are cells."""
    from parsers.xls_doc import sheet_rows

    rows = sheet_rows([["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", None, None, None, "总计"],
                       [3, 5, None, 2, 10, 4, None, None, None, None],
                       ["规章", 12, 3, None]], [])
    assert [c.text for c in rows[1].cells] == ["3", "5", "", "2", "10", "4", "", "", "", ""]
    assert [c.text for c in rows[2].cells][:4] == ["规章", "12", "3", ""]


def test_spreadsheet_short_total_row_is_re_placed() -> None:
    """A 总计 row printing six numbers left-aligned in a sheet (research left out) is decoded."""
    v = _values(seed=29)
    text = _short_total_row(render(v, "markdown").data.decode("utf-8"), v.cells)
    got = parse_document(_xlsx_from_markdown(text), source="r.xlsx", url="r.xlsx").to_json()
    for c in COLS:
        assert got["cells"][f"apply/3.7/{c}"] == v.cells[f"apply/3.7/{c}"]
    assert "apply/3.7/nonprofit" in got["inferred"]
    assert got["cells"]["apply/2/enterprise"] == v.cells["apply/2/enterprise"] != 0
    assert [c for c in got["checks"] if not c["ok"]] == []
