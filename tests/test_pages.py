"""The report page, the agency page and archived copies, on an archive in the v2 layout.

Datasette runs in-process on tests/pages_fixture.py's archive (real 平潭 and 上海 reports, demo
reports with a broken rule and a republished version). The pages are parsed back with lxml and their
numbers compared with what the parser read, cell by cell and in the form's order.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from urllib.parse import quote

import lxml.html
import pytest
from datasette.app import Datasette

from crawler.publish.metadata import build_metadata
from crawler.publish.pages import report_data
from crawler.publish.pages.chart import whole_ticks
from crawler.publish.pages.form_layout import layout, layouts, split_label
from crawler.publish.pages.replay import closest
from parsers.form import APPLY_COLS, all_cells, apply_rows, cell_ids
from tests.pages_fixture import LIST_URL, OCR_NOTE, TEXT_MISMATCH, UNREAD_NOTE, build_v2_archive

QZ = "泉州市科学技术局"
PINGTAN = "平潭综合实验区"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_v2_archive(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def ds(archive):
    return Datasette([str(archive.db)], metadata=build_metadata("archive", warc_dir=archive.warc_dir),
                     settings={"suggest_facets": False})


def get(ds: Datasette, path: str):
    async def go():
        return await ds.client.get(path)

    return asyncio.run(go())


def page(ds: Datasette, path: str) -> lxml.html.HtmlElement:
    r = get(ds, path)
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    return lxml.html.document_fromstring(r.text)


def shown(doc) -> list[tuple[str, str]]:
    """(cell id, text) of every value cell on the page, in document order (marks stripped)."""
    out = []
    for td in doc.xpath("//td[@data-cell]"):
        text = (td.text or "").strip()
        out.append((td.get("data-cell"), text))
    return out


def fmt(v) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


# -- the layout ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_cell_of_the_form_appears_once_in_form_order(version):
    tables = layouts(version)
    placed = [c for t in tables for c in t.cell_ids()]
    assert sorted(placed) == sorted(cell_ids(version))
    assert len(placed) == len(set(placed))
    apply = layout("apply", version).cell_ids()
    assert apply == [f"apply/{r}/{c}" for r in apply_rows(version) for c in APPLY_COLS]
    review = layout("review", version).cell_ids()
    assert review[:5] == ["review/review/upheld", "review/review/corrected", "review/review/other",
                          "review/review/pending", "review/review/total"]
    assert review[-1] == "review/litigation_after_review/total"


@pytest.mark.parametrize("table,version", [(t, v) for t in ("active", "apply", "review") for v in ("2021", "2019")])
def test_merged_cells_fill_a_rectangular_grid(table, version):
    """Every line of the printed table is as wide as the others once row- and colspans are counted."""
    rows = layout(table, version).rows
    taken: dict[tuple[int, int], bool] = {}
    widths = []
    for i, row in enumerate(rows):
        col = 0
        for s in row:
            while taken.get((i, col)):
                col += 1
            for di in range(s.rowspan):
                for dj in range(s.colspan):
                    assert not taken.get((i + di, col + dj)), (table, version, i, s.text)
                    taken[(i + di, col + dj)] = True
            col += s.colspan
        widths.append(max(c for (r, c) in taken if r == i) + 1)
    assert len(set(widths)) == 1, widths


def test_labels_come_from_cells_csv_split_at_their_groups():
    rows = layout("apply", "2021").rows
    labels = [s.text for row in rows for s in row if s.kind == "label"]
    assert labels[:3] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果"]
    assert "（三）不予公开" in labels and "1.属于国家秘密" in labels and "（七）总计" in labels
    assert next(s for row in rows for s in row if s.text == "三、本年度办理结果").rowspan == 22
    assert next(s for row in layout("apply", "2019").rows for s in row if s.text == "三、本年度办理结果").rowspan == 20
    csv_labels = {c.row_label for c in all_cells()}
    assert all(any(lab in full for full in csv_labels) for lab in labels)
    assert split_label("行政诉讼 复议后起诉", 2) == ["行政诉讼", "复议后起诉"]
    assert split_label("行政复议", 2) == ["", "行政复议"]
    active_2019 = [s.text for row in layout("active", "2019").rows for s in row if s.kind in ("title", "head")]
    assert active_2019[:5] == ["第二十条第（一）项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert "第二十条第（九）项" in active_2019 and "第二十条第（九）项" not in [
        s.text for row in layout("active", "2021").rows for s in row]


# -- the report page ----------------------------------------------------------------------------------
@pytest.mark.parametrize("rid", [f"{PINGTAN}:2024", "上海市人民政府办公厅:2019", f"{QZ}:2024", "杭州市民政局:2020"])
def test_report_page_prints_the_reports_numbers_in_form_order(ds, archive, rid):
    doc = page(ds, "/-/report/" + rid)
    expected = archive.reports[rid]
    cells = shown(doc)
    version = expected["form_version"]
    assert [c for c, _ in cells] == [c for t in layouts(version) for c in t.cell_ids()]
    assert {c: t for c, t in cells} == {c: fmt(expected["cells"].get(c)) for c, _ in cells}
    assert doc.xpath("//table[@data-table]/@data-table") == ["active", "apply", "review"]
    assert expected["title"] in doc.findtext(".//h1")


def test_report_page_accepts_a_percent_encoded_id_and_404s_an_unknown_one(ds):
    assert get(ds, "/-/report/" + quote(f"{PINGTAN}:2024", safe="")).status_code == 200
    missing = get(ds, "/-/report/" + quote("没有这个机关:2024"))
    assert missing.status_code == 404 and "没有这个机关:2024" in missing.text


def test_failed_rules_are_marked_on_their_cells_with_their_numbers(ds, archive):
    rid = f"{QZ}:2024"
    doc = page(ds, "/-/report/" + quote(rid))
    failed = {td.get("data-cell") for td in doc.xpath("//td[contains(concat(' ', @class, ' '), ' failed ')]")}
    balance = next(k for k in archive.reports[rid]["failed"] if k["rule"] == "apply_balance")
    col = balance["scope"]
    assert {f"apply/1/{col}", f"apply/2/{col}", f"apply/3.7/{col}", f"apply/4/{col}"} <= failed
    assert "apply/3.1/natural_person" not in failed
    td = doc.xpath(f'//td[@data-cell="apply/4/{col}"]')[0]
    assert balance["detail"] in td.get("title")
    box = doc.xpath('//div[@class="nb-checks"]')[0].text_content()
    assert "新收 + 上年结转 = 办理结果总计 + 结转下年" in box and balance["detail"] in box
    assert len(doc.xpath('//div[@class="nb-checks"]//li')) == len(archive.reports[rid]["failed"])
    clean_id = next(r for r, v in archive.reports.items() if not v["failed"] and v["form_version"])
    clean = page(ds, "/-/report/" + quote(clean_id))
    assert not clean.xpath("//td[contains(@class, 'failed')]") and clean.xpath('//p[@class="nb-ok"]')


def test_inferred_ocr_and_unread_cells_are_marked(ds, archive):
    rid, cell, _, confidence = OCR_NOTE
    doc = page(ds, "/-/report/" + quote(rid))
    td = doc.xpath(f'//td[@data-cell="{cell}"]')[0]
    assert "ocr" in td.get("class").split() and confidence in td.get("title")
    rid, cell, _, why = UNREAD_NOTE
    td = page(ds, "/-/report/" + quote(rid)).xpath(f'//td[@data-cell="{cell}"]')[0]
    assert "unread" in td.get("class").split() and why in td.get("title")
    inferred = [(r, v["inferred"]) for r, v in archive.reports.items() if v["inferred"]]
    if inferred:
        rid, cells = inferred[0]
        doc = page(ds, "/-/report/" + quote(rid))
        for c in cells:
            assert "inferred" in doc.xpath(f'//td[@data-cell="{c}"]')[0].get("class").split()


def test_versions_say_what_changed(ds, archive):
    rid = f"{QZ}:2024"
    first, current = archive.reports[rid]["versions"]
    doc = page(ds, "/-/report/" + quote(rid))
    rows = doc.xpath('//table[contains(@class, "nb-versions")]//tr[td]')
    assert len(rows) == 2
    assert "第一版" in rows[0].text_content() and "当前 current" in rows[1].text_content()
    changed = [c for c in cell_ids("2021") if first.get(c) != current.get(c)]
    assert changed
    items = [li.text_content() for li in rows[1].xpath(".//li[not(parent::ul[@class='nb-meta-changes'])]")]
    assert [li.text_content() for li in rows[1].xpath(".//ul[@class='nb-meta-changes']/li")] == [
        "发布日期 published date: 2025-01-16 → 2025-02-23"]
    c = changed[0]
    assert any(f"{fmt(first[c])} → {fmt(current[c])}" in i for i in items), items[:5]
    assert len(items) == min(len(changed), 40) + (1 if len(changed) > 40 else 0)
    archived = rows[0].xpath(".//a/@href")[0]
    assert get(ds, archived).status_code == 200


def test_report_page_queries_use_indexes(archive):
    """The report and agency pages never scan a table (EXPLAIN QUERY PLAN on every query they run)."""
    con = sqlite3.connect(archive.db)
    rid = con.execute("select rid, current_vid from reports where id = ?", [f"{QZ}:2024"]).fetchone()
    queries = [(report_data.REPORT_SQL, {"id": "x"}), (report_data.NOTES_SQL, {"vid": 1}),
               (report_data.FAILED_SQL, {"id": "x"}), (report_data.VERSIONS_SQL, {"rid": rid[0]}),
               (report_data.FLAGS_SQL, {"id": "x"}), (report_data.EDITS_SQL, {"id": f"{QZ}:2024"}),
               (report_data.YEARS_SQL, {"agency": QZ}), (report_data.AGENCY_SQL, {"id": QZ}),
               (report_data.AGENCY_REPORTS_SQL, {"agency": QZ}), (report_data.AGENCY_FAILED_SQL, {"agency": QZ}),
               *((report_data.NUMBERS_SQL.format(table=t, vids="1,2"), {}) for t in ("active", "apply", "review"))]
    for sql, params in queries:
        plan = [r[3] for r in con.execute("explain query plan " + sql, params)]
        assert not [p for p in plan if p.startswith("SCAN")], (sql, plan)


# -- the findings (crawler/findings.py) on the report page ----------------------------------------------
def timeliness_box(doc) -> dict[str, str]:
    box = doc.xpath('//div[contains(@class, "nb-timeliness")]')[0]
    facts = {dt.text_content().strip(): dd.text_content().strip()
             for dt, dd in zip(box.xpath(".//dt"), box.xpath(".//dd"), strict=True)}
    return {"class": box.get("class"), "verdict": box.xpath('.//span[@class="nb-verdict"]')[0].text_content(), **facts}


def test_timeliness_shows_kind_deadline_date_its_source_and_the_verdict(ds, archive):
    late = timeliness_box(page(ds, "/-/report/" + quote(f"{QZ}:2023")))
    con = sqlite3.connect(archive.db)
    published, days = con.execute("select published_date, days_late from reports where id = ?", [f"{QZ}:2023"]).fetchone()
    assert days > 0 and "nb-late" in late["class"]
    assert f"逾期 {days} 天 · late by {days} days" in late["verdict"]
    assert late["机关类别 Agency kind"] == "政府部门 · a government department"
    assert late["发布期限 Deadline"].startswith("2024-01-31")
    assert late["发布日期 Published"] == f"{published}（来自 from 网页元数据 · the page's metadata）"
    on_time = timeliness_box(page(ds, "/-/report/" + quote(f"{PINGTAN}:2024")))
    assert on_time["verdict"] == "按时发布 · on time" and "late" not in on_time["verdict"]
    assert on_time["机关类别 Agency kind"].startswith("县级以上人民政府") and on_time["发布期限 Deadline"].startswith("2025-03-31")
    # an edited report: the verdict counts from the first version readers saw, and says so
    edited = timeliness_box(page(ds, "/-/report/" + quote(f"{QZ}:2024")))
    assert "2025-01-16" in edited["说明 Why"] and "按时发布 · on time" in edited["verdict"]
    assert edited["发布日期 Published"] == "2025-01-16"  # the first version's date, not the current one's


def test_unknown_timeliness_says_why():
    t = report_data.timeliness({"timeliness": "unknown", "agency_kind": None, "deadline": None,
                                "published_date": None, "date_source": None, "days_late": None,
                                "timeliness_reason": "the agency's kind is unclear from its name"})
    assert t["words"] == ("无法判断", "unknown") and t["kind"][1] == "kind of agency unclear"
    assert t["reason"] == "the agency's kind is unclear from its name" and t["source"] is None
    assert report_data.timeliness({"timeliness": None}) is None


def test_text_against_tables_shows_the_sentence_both_numbers_and_marks_the_cell(ds, archive):
    rid, said_in_table, said_in_text = TEXT_MISMATCH
    doc = page(ds, "/-/report/" + quote(rid))
    item = next(li for li in doc.xpath('//div[@class="nb-checks"]//li') if "text_vs_table" in li.text_content())
    text = item.text_content()
    assert "正文所述数字与统计表不符" in text and "differs from its tables" in text
    assert [b.text for b in item.xpath('.//strong[@class="nb-n"]')] == ["21", "12"]
    assert said_in_text in item.xpath('.//blockquote[@class="nb-sentence"]')[0].text_content()
    assert "行政复议 · 总计" in text
    td = doc.xpath('//td[@data-cell="review/review/total"]')[0]
    assert "failed" in td.get("class").split() and "text_vs_table" in td.get("title")
    assert (td.text or "").strip() == "12"
    assert "review/review/upheld" not in {t.get("data-cell") for t in doc.xpath("//td[contains(@class, 'failed')]")}
    agency = page(ds, "/-/agency/" + quote(rid.split(":")[0])).text_content()
    assert "正文所述数字与统计表不符" in agency


def test_requests_jump_is_a_flag_to_look_at_not_a_broken_rule(ds, archive):
    rid = TEXT_MISMATCH[0]
    doc = page(ds, "/-/report/" + quote(rid))
    box = doc.xpath('//div[@class="nb-flags"]')[0].text_content()
    assert "不是错误" in box and "not an error" in box and "requests_jump" in box
    assert "161 in 2020, 2 in 2019" in box
    assert "requests_jump" not in doc.xpath('//div[@class="nb-checks"]')[0].text_content()
    assert not page(ds, "/-/report/" + quote(f"{QZ}:2024")).xpath('//div[@class="nb-flags"]')


def test_silent_edit_is_marked_on_its_version_with_a_link_to_the_feed(ds, archive):
    doc = page(ds, "/-/report/" + quote(f"{QZ}:2024"))
    con = sqlite3.connect(archive.db)
    cells_changed, first_seen = con.execute("select cells_changed, first_seen from report_edits where report_id = ?",
                                            [f"{QZ}:2024"]).fetchone()
    note = doc.xpath('//p[@class="nb-edited"]')[0].text_content()
    assert "发布后被修改 1 次" in note and f"{cells_changed} 个数字" in note and first_seen in note
    feeds = doc.xpath('//a[@class="nb-feed"]/@href')
    assert feeds and set(feeds) == {"/-/changed.atom"} and get(ds, feeds[0]).status_code == 200
    rows = doc.xpath('//table[contains(@class, "nb-versions")]//tr[td]')
    assert [bool(r.xpath('.//span[@class="nb-edit-badge"]')) for r in rows] == [False, True]
    assert len(doc.xpath('//table[contains(@class, "nb-versions")]')) == 1  # integrated, not a second list
    unedited = page(ds, "/-/report/" + quote(f"{PINGTAN}:2024"))
    assert not unedited.xpath('//p[@class="nb-edited"]') and not unedited.xpath('//span[@class="nb-edit-badge"]')


# -- the agency page ----------------------------------------------------------------------------------
def test_agency_page_lists_years_key_numbers_and_rules_broken(ds, archive):
    doc = page(ds, "/-/agency/" + quote(PINGTAN))
    rows = doc.xpath('//table[contains(@class, "nb-agency-years")]//tr[td]')
    years = [r.xpath("./td")[0].text_content().strip() for r in rows]
    assert years == ["2019", "2020", "2022", "2023", "2024", "2025"]
    for r, year in zip(rows, years, strict=True):
        cells = archive.reports[f"{PINGTAN}:{year}"]["cells"]
        numbers = [td.text_content().strip() for td in r.xpath('./td[@class="n"]')]
        assert numbers == [fmt(cells.get(c)) for _, _, c in report_data.KEY_NUMBERS]
    assert rows[0].xpath(".//a/@href")[0] == "/-/report/" + quote(f"{PINGTAN}:2019", safe=":")
    qz = page(ds, "/-/agency/" + quote(QZ))
    last = qz.xpath('//table[contains(@class, "nb-agency-years")]//tr[td]')[-1].text_content()
    assert "apply_balance" in last and "新收 + 上年结转" in last
    svg = qz.xpath('//div[@class="nb-chart"]/svg')[0]
    ticks = [t.text for t in svg.xpath(".//text") if t.text and re.fullmatch(r"\d+", t.text)]
    assert ticks and all("." not in t for t in ticks)
    assert get(ds, "/-/agency/" + quote("没有这个机关")).status_code == 404


def test_whole_number_ticks():
    assert whole_ticks(3) == [0, 1, 2, 3]
    assert whole_ticks(218) == [0, 50, 100, 150, 200, 250]
    assert whole_ticks(0) == [0, 1]
    assert all(isinstance(t, int) for t in whole_ticks(7.5))


# -- archived copies ----------------------------------------------------------------------------------
def test_archived_copy_has_a_banner_and_links_into_the_archive(ds, archive):
    r = get(ds, "/-/archive/" + quote(f"{PINGTAN}:2024"))
    assert r.headers["content-security-policy"] == "sandbox"
    doc = lxml.html.document_fromstring(r.text)
    banner = doc.get_element_by_id("nianbao-archive-banner")
    text = banner.text_content()
    assert "存档副本 archived copy" in text and archive.reports[f"{PINGTAN}:2024"]["url"] in text
    assert "captured on" in text
    raw = get(ds, "/-/archive/" + quote(f"{PINGTAN}:2024") + "?raw=1")
    assert raw.content == archive.reports[f"{PINGTAN}:2024"]["body"]


def test_links_of_an_archived_page_point_to_archived_copies_where_held(ds, archive):
    con = sqlite3.connect(archive.db)
    sha = con.execute("select sha256 from documents where url = ?", [LIST_URL]).fetchone()[0]
    r = get(ds, "/-/archive/" + sha)
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    doc = lxml.html.document_fromstring(r.text)
    links = {a.text_content(): a.get("href") for a in doc.xpath("//a") if a.get("href")}
    qz24 = archive.reports[f"{QZ}:2024"]["sha256"]  # the version captured before the list page
    qz23 = archive.reports[f"{QZ}:2023"]["sha256"]
    assert links["泉州市科学技术局2024年政府信息公开工作年度报告"] == f"/-/archive/{qz24}"
    assert links["泉州市科学技术局2023年政府信息公开工作年度报告"] == f"/-/archive/{qz23}#t1"
    assert links["政务公开"] == "http://kjj.quanzhou.gov.cn/zwgk/notarchived.html"
    assert links["返回顶部"] == "#top"
    assert "政府信息公开年报" in doc.text_content()  # GBK decoded, served as UTF-8
    assert not doc.xpath("//base")


def test_closest_capture():
    caps = [("a", "2026-01-05"), ("b", "2026-02-10"), ("c", "2026-03-01")]
    assert closest(caps, "2026-02-11") == "b"
    assert closest(caps, "2026-01-01") == "a"
    assert closest(caps, "2027-01-01") == "c"


def test_a_number_outside_the_reports_form_version_is_shown_apart(archive, tmp_path):
    """A 2021 report that printed the 2019 form's single (六) row keeps that number on its page."""
    import shutil

    db = tmp_path / "archive.db"
    shutil.copy(archive.db, db)
    rid = f"{PINGTAN}:2024"
    con = sqlite3.connect(db)
    with con:
        vid = con.execute("select current_vid from reports where id = ?", [rid]).fetchone()[0]
        con.execute("update apply set apply_3_6_total = 5 where vid = ?", [vid])
    con.close()
    other = Datasette([str(db)], metadata=build_metadata("archive", warc_dir=archive.warc_dir),
                      settings={"suggest_facets": False})
    doc = page(other, "/-/report/" + quote(rid))
    rows = [tr.text_content() for tr in doc.xpath('//table[contains(@class, "nb-others")]//tr')]
    assert len(rows) == 1 and "apply/3.6/total" in rows[0] and "5" in rows[0] and "（六）其他处理" in rows[0]
    assert not doc.xpath('//td[@data-cell="apply/3.6/total"]')
