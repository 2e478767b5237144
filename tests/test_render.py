"""Tests of the demo renderer itself: the values obey the form's rules, every layout carries every
number, encodings are what the layout claims. (Whether the parser reads them back is
tests/test_layouts.py.)"""

from __future__ import annotations

import html
import re
import unicodedata

import lxml.html
import pytest

from demo.render import LAYOUTS, Rendered, render
from demo.values import APPLICANT_COLS, BREAKS, ReportValues, generate
from parsers.form import APPLY_COLS, REVIEW_COLS, REVIEW_ROWS, apply_rows, cell_ids, result_rows

VERSIONS = ("2021", "2019")
SEEDS = range(8)


def checks(v: ReportValues) -> dict[tuple[str, str], bool]:
    """The within-report rules of the spec, evaluated on complete values: (rule, scope) → ok."""
    c, ver = v.cells, v.form_version
    out: dict[tuple[str, str], bool] = {}
    for col in APPLY_COLS:
        def a(row: str, col: str = col) -> int | float:
            value = c[f"apply/{row}/{col}"]
            assert value is not None
            return value

        out[("apply_balance", col)] = a("1") + a("2") == a("3.7") + a("4")
        out[("apply_results_total", col)] = sum(a(r) for r in result_rows(ver)) == a("3.7")
    for row in apply_rows(ver):
        out[("apply_row_total", row)] = (
            sum(c[f"apply/{row}/{col}"] or 0 for col in APPLICANT_COLS) == c[f"apply/{row}/total"])
    for row in REVIEW_ROWS:
        out[("review_total", row)] = sum(c[f"review/{row}/{col}"] or 0 for col in REVIEW_COLS[:-1]) == c[
            f"review/{row}/total"]
    return out


# ---------------------------------------------------------------- values


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("seed", SEEDS)
def test_values_obey_every_rule(seed: int, version: str) -> None:
    v = generate(seed, version)
    assert list(v.cells) == list(cell_ids(version))
    assert all(isinstance(x, int | float) for x in v.cells.values())
    failed = [k for k, ok in checks(v).items() if not ok]
    assert failed == []
    assert v.published_date.startswith(f"{v.year + 1}-")
    assert v.title == f"{v.agency}{v.year}年政府信息公开工作年度报告"


def test_generate_is_deterministic_and_seed_dependent() -> None:
    assert generate(3, "2021") == generate(3, "2021")
    assert generate(3, "2021").cells != generate(4, "2021").cells
    assert generate(3, "2021", "灵武市科学技术局", 2023).title == "灵武市科学技术局2023年政府信息公开工作年度报告"
    assert generate(0, "2019").year == 2020
    with pytest.raises(ValueError):
        generate(0, "2020")
    with pytest.raises(ValueError):
        generate(0, "2021", break_rule="nonsense")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("seed", SEEDS)
def test_values_are_varied_and_mostly_nonzero(seed: int, version: str) -> None:
    """A parser printing 0 everywhere, or one column everywhere, must fail the layout tests."""
    c = generate(seed, version).cells
    apply_cells = [x for k, x in c.items() if k.startswith("apply/")]
    assert sum(1 for x in apply_cells if x != 0) >= 0.6 * len(apply_cells)
    assert len(set(apply_cells)) >= 15
    assert max(apply_cells) <= 400
    rows = apply_rows(version)
    busy = [r for r in rows if sum(1 for col in APPLICANT_COLS if c[f"apply/{r}/{col}"]) >= 3]
    assert len(busy) >= 0.6 * len(rows)
    # Rows of one group differ from each other and across columns.
    for group in ("3.3", "3.5"):
        vectors = {tuple(c[f"apply/{group}.{i}/{col}"] for col in APPLY_COLS) for i in range(1, 6)}
        assert len(vectors) >= 4
    assert sum(1 for k, x in c.items() if k.startswith("review/") and x) >= 10
    assert sum(1 for x in c.values() if x == 0) >= 1 or seed % 2  # a few zeros are fine, none too


@pytest.mark.parametrize("seed", SEEDS)
def test_decimals_and_signed_changes(seed: int) -> None:
    fee = generate(seed, "2021").cells["active/fee/fee_amount"]
    assert isinstance(fee, float)
    assert 2 <= len(repr(fee).split(".")[1]) <= 6
    c = generate(seed, "2019").cells
    amount = c["active/procurement/procurement_amount"]
    assert isinstance(amount, float) and "." in repr(amount)
    changes = [x for k, x in c.items() if k.endswith("/change")]
    assert any(isinstance(x, int) and x < 0 for x in changes)
    assert any(isinstance(x, int) and x > 0 for x in changes)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_break_rule_breaks_exactly_the_documented_scopes(rule: str, version: str) -> None:
    for seed in range(3):
        clean, broken = generate(seed, version), generate(seed, version, break_rule=rule)
        cell_id, failing = BREAKS[rule]
        changed = [k for k in clean.cells if clean.cells[k] != broken.cells[k]]
        assert changed == [cell_id]
        assert broken.cells[cell_id] > clean.cells[cell_id]  # type: ignore[operator]
        failed = {k for k, ok in checks(broken).items() if not ok}
        assert failed == set(failing)
        assert [s for r, s in failed if r == rule] and len([s for r, s in failed if r == rule]) == 1


# ---------------------------------------------------------------- rendering helpers


def decode(r: Rendered) -> str:
    """Decode as a browser would, given what the layout promises about its charset."""
    if r.layout in ("html_word_gbk", "html_gbk_header_only"):
        return r.data.decode("gbk")
    if r.layout == "html_gbk_undeclared":
        return r.data.decode("gb18030")
    return r.data.decode("utf-8")


def plain(text: str, r: Rendered) -> str:
    """Visible text with tags gone, entities resolved and full-width digits half-width."""
    if r.content_type.startswith("text/html"):
        text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
        text = re.sub(r"<(p|br|td|tr|div|li)\b[^>]*>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return unicodedata.normalize("NFKC", text)


def number_text(x: int | float) -> str:
    return repr(x) if isinstance(x, float) else str(x)


CASES = [(layout, version, seed) for layout in LAYOUTS for version in VERSIONS for seed in (0, 5)]


@pytest.mark.parametrize(("layout", "version", "seed"), CASES)
def test_every_layout_carries_every_number(layout: str, version: str, seed: int) -> None:
    values = generate(seed, version)
    r = render(values, layout)
    assert r.layout == layout
    assert r == render(values, layout), "rendering must be deterministic"
    exp = r.expected
    assert (exp["title"], exp["agency"], exp["year"], exp["published_date"], exp["form_version"]) == (
        values.title, values.agency, values.year, values.published_date, version)
    assert list(exp["cells"]) == list(cell_ids(version))
    for cid, want in exp["cells"].items():
        assert want is None and values.cells[cid] == 0 or want == values.cells[cid], cid
    text = plain(decode(r), r)
    for want in {x for x in exp["cells"].values() if x is not None}:
        assert re.search(rf"(?<![\d.]){re.escape(number_text(want))}(?![\d.])", text), (layout, want)
    squeezed = re.sub(r"\s+", "", text)
    assert values.title in squeezed
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in squeezed, heading
    assert "行政复议" in text and "年度报告" in text
    assert "第一项加第二项之和" in squeezed
    y, m, d = (int(x) for x in values.published_date.split("-"))
    assert values.published_date in text or f"{y}年{m}月{d}日" in squeezed or f"{y}年{m:02d}月{d:02d}日" in squeezed
    if r.content_type.startswith("text/html"):
        for noise in ("信息公开年报", "政府信息公开", "相关链接", "当前位置"):
            assert noise in text


@pytest.mark.parametrize("version", VERSIONS)
def test_default_layouts_print_zeros_and_html_split_blanks_them(version: str) -> None:
    values = generate(2, version)
    zeros = [k for k, x in values.cells.items() if x == 0]
    assert zeros
    for layout in LAYOUTS:
        nulls = [k for k, x in render(values, layout).expected["cells"].items() if x is None]
        if layout == "html_split":
            assert nulls == zeros
        else:
            assert nulls == [], layout
    r = render(values, "html_table", blank_zero="—")
    assert [k for k, x in r.expected["cells"].items() if x is None] == zeros
    assert "<p>—</p>" in r.data.decode()


def test_options_are_checked() -> None:
    v = generate(0, "2021")
    with pytest.raises(ValueError):
        render(v, "docx")
    with pytest.raises(TypeError):
        render(v, "text_lines", subtotal=True)
    with pytest.raises(ValueError):
        render(v, "text_lines", blank_zero="")


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("version", VERSIONS)
def test_gbk_layouts_are_gbk_bytes(version: str) -> None:
    v = generate(1, version)
    word = render(v, "html_word_gbk")
    assert word.content_type == "text/html"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in word.data
    text = word.data.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        word.data.decode("utf-8")
    # Characters outside GB2312 (inside GBK): a decoder trusting "gb2312" literally would fail.
    rare = [ch for ch in text if ord(ch) > 0x7F and not _in_gb2312(ch)]
    assert rare
    with pytest.raises(UnicodeDecodeError):
        word.data.decode("gb2312")

    header = render(v, "html_gbk_header_only")
    assert header.content_type == "text/html; charset=GBK"
    assert b"charset" not in header.data.lower()
    header.data.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        header.data.decode("utf-8")

    undeclared = render(v, "html_gbk_undeclared")
    assert undeclared.content_type == "text/html"
    assert b"charset" not in undeclared.data.lower()
    undeclared.data.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        undeclared.data.decode("utf-8")


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def test_utf8_layouts_declare_utf8() -> None:
    v = generate(1, "2021")
    for layout in LAYOUTS:
        r = render(v, layout)
        if "gbk" not in layout:
            assert "charset=utf-8" in r.content_type
            r.data.decode("utf-8")
    assert render(v, "markdown").content_type == "text/markdown; charset=utf-8"
    assert render(v, "text_tsv").suffix == ".txt" and render(v, "markdown").suffix == ".md"


# ---------------------------------------------------------------- structure


def _grid_widths(table: lxml.html.HtmlElement) -> list[int]:
    """Row widths after expanding rowspan/colspan, as a browser lays the table out."""
    carry: dict[int, int] = {}  # column → rows still covered
    widths = []
    for tr in table.iter("tr"):
        col, width = 0, 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while carry.get(col, 0) > 0:
                col += 1
            cs, rs = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
            for k in range(cs):
                if rs > 1:
                    carry[col + k] = rs
            col += cs
        width = max(col, max((c + 1 for c, n in carry.items() if n > 0), default=0))
        carry = {c: n - 1 for c, n in carry.items() if n - 1 > 0}
        widths.append(width)
    return widths


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("layout", ["html_table", "html_word_gbk", "html_split"])
def test_html_tables_are_rectangular(layout: str, version: str) -> None:
    r = render(generate(0, version), layout)
    doc = lxml.html.fromstring(decode(r))
    tables = doc.xpath("//table")
    assert len(tables) == (5 if layout == "html_split" else 3)
    shapes = []
    for t in tables:
        widths = _grid_widths(t)
        shapes.append(widths[0])
        body = widths[:-1] if layout == "html_split" and t is tables[-1] else widths
        assert len(set(body)) == 1, (layout, widths)
    if layout == "html_split":
        assert shapes == [5, 11, 11, 5, 10]
    else:
        assert shapes == [4, 10, 15]


@pytest.mark.parametrize("version", VERSIONS)
def test_table_shapes_follow_the_form(version: str) -> None:
    r = render(generate(0, version), "html_table")
    doc = lxml.html.fromstring(r.data.decode())
    active, apply_t, review = doc.xpath("//table")
    rowspans = [int(td.get("rowspan")) for td in apply_t.iter("td") if td.get("rowspan")]
    if version == "2021":
        assert rowspans == [3, 2, 2, 22, 8, 3, 5, 3]
        assert len(active.xpath(".//tr")) == 14
    else:
        assert rowspans == [3, 2, 2, 20, 8, 3, 5]
        assert len(active.xpath(".//tr")) == 18
    assert len(apply_t.xpath(".//tr")) == 3 + len(apply_rows(version))
    assert [len(tr.xpath("td")) for tr in review.xpath(".//tr")] == [2, 7, 10, 15]


def test_word_export_quirks() -> None:
    text = render(generate(0, "2021"), "html_word_gbk").data.decode("gbk")
    assert "MsoNormalTable" in text and "<p class=MsoNormal" in text
    assert re.search(r"style='[^']*\n[^']*'", text), "newlines inside style attributes"
    assert re.search(r">&nbsp;\d</span><span[^>]*>\d+&nbsp;<", text), "digits split across spans"
    assert re.search(r">结</span></p><p[^>]*><span[^>]*>果<", text), "vertical headers"
    cells = text.count("<td ")
    assert len(text) / cells > 1000


def test_html_split_quirks() -> None:
    r = render(generate(0, "2021"), "html_split")
    text = r.data.decode()
    for quirk in ("本年度止件数", "规范性文件", "其它", "1、属于", "1．本机关", "(1)信访", "(三)不予公开", "<br/>",
                  "小计", "件</p>", '<td style="border:none">&nbsp;</td>' * 15, "三、本年度办理结果"):
        assert quirk in text, quirk
    assert "行政规范性文件" not in text.split("二、主动公开")[1].split("三、收到")[0]
    assert text.count("三、本年度办理结果") == 2 and text.count("申请人情况") == 2
    assert re.search(r"<p>[０-９]+</p>", text)
    for token in ("<p>—</p>", "<p>/</p>", "<p>无</p>", "<p></p>"):
        assert token in text
    assert not any("subtotal" in k for k in r.expected["cells"])
    r19 = render(generate(0, "2019"), "html_split")
    assert re.search(r"<p>\+\d+</p>", r19.data.decode())


@pytest.mark.parametrize("version", VERSIONS)
def test_text_layout_shapes(version: str) -> None:
    v = generate(0, version)
    pdf = render(v, "pdftotext_layout").data.decode()
    assert pdf.count("\f") >= 3 and "- 2 -" in pdf
    page_of = [p for p in pdf.split("\f") if "申请人情况" in p]
    assert len(page_of) == 2, "table 三 breaks across a page with its header repeated"
    assert re.search(r"\S {2,}\d+ {2,}\d+", pdf)

    tsv = render(v, "text_tsv").data.decode().splitlines()
    cont = [line for line in tsv if "\t" in line and not re.search(r"\d", line) and line.strip("\t")]
    assert any(line.startswith("\t\t") for line in cont), "wrapped labels continue on their own lines"
    assert any(line.startswith("\t") and re.search(r"\t\d", line) for line in tsv)

    md = render(v, "markdown").data.decode().splitlines()
    pipes = [line for line in md if line.startswith("|")]
    starts = {re.match(r"^(\|\s*\|?\s*)*", line).group(0).count("|") for line in pipes if re.search(r"\| \d", line)}
    assert len(starts) >= 3, "rows with different numbers of leading empty cells"

    lines = render(v, "text_lines").data.decode().splitlines()
    assert "    自然人" in lines and "    商业" in lines and "    企业" in lines
