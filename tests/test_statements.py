"""Numbers stated in a report's narrative, and the text_vs_table check against its tables.

The sentences are copied from real reports (../shared/realdocs, ../shared/seeds, tests/files) so
the tests run without ../shared; the expectations for the seven real reports were written by
reading each document by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_document
from parsers.statements import BLANK, cn_number, compare, find_statements, number

REALDOCS = Path(__file__).parent / "files" / "realdocs"


def found(text: str) -> list[tuple[str, int | float]]:
    return [(s.scope, s.value) for s in find_statements(text)]


@pytest.mark.parametrize("text,value", [
    ("二十三", 23), ("一百零五", 105), ("两", 2), ("十", 10), ("十二", 12), ("三千零二十", 3020),
    ("一万二千", 12000), ("二〇", None),
])
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert cn_number(text) == value


@pytest.mark.parametrize("text,value", [("1,523", 1523), ("1.2万", 12000), ("12.6万", 126000), ("219", 219),
                                        ("一百零五", 105), ("3万", 30000)])
def test_numbers(text: str, value: int) -> None:
    assert number(text) == value


@pytest.mark.parametrize("sentence,expected", [
    # real phrasings (realdocs, seeds, bundled reports)
    ("2020年全区各级行政机关共受理政府信息公开申请21件，受理的申请件已按规定在法定期限内予以答复。",
     [("requests_received", 21)]),
    ("2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复，办结率100%。",
     [("requests_received", 75)]),
    ("2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。",
     [("requests_received", 81)]),
    ("2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。",
     [("requests_received", 154), ("requests_handled", 148)]),
    ("市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；",
     [("requests_received", 859)]),
    ("答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。",
     [("requests_handled", 805)]),
    ("全年办理政府信息公开申请218件。", [("requests_handled", 218)]),
    ("2024年,我局受理依申请公开事项2项,申请主体为自然人,其中予以公开1项,因不属于本机关掌握政府信息无法提供1项",
     [("requests_received", 2)]),
    ("2024年,灵武市科技局未收到要求公开政府信息的申请", [("requests_received", 0)]),
    ("2020年我局主动公开政府信息15件,未收到政府信息公开申请,内容涵盖了高新技术企业、自主创新",
     [("proactive_items", 15), ("requests_received", 0)]),
    ("报告显示，2023年全市共主动公开政府信息12.6万条，新收政府信息公开申请1,532件，上年结转86件；",
     [("requests_received", 1532), ("proactive_items", 126000)]),
    ("全年共发生政府信息公开行政复议案件41件、行政诉讼案件19件。", [("reviews", 41), ("lawsuits", 19)]),
    ("2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
     [("reviews", 2), ("lawsuits", 1)]),
    ("全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。", [("reviews", 36), ("lawsuits", 9)]),
    ("信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录。", [("reviews", 7), ("lawsuits", 9)]),
    ("全年通过门户网站主动公开政府信息156条，办理依申请公开120件。",
     [("requests_handled", 120), ("proactive_items", 156)]),
    ("今年，我区政府信息公开单位共公布政府信息2599条，(其中机构职能类信息25条，政策、规范性文件类信息68条，"
     "其他应主动公开政府信息856条)对于主动公开的政府信息，主要通过政府门户网站发布公开。", [("proactive_items", 2599)]),
    ("通过政府门户网站全年主动公开各类政府信息10407条。", [("proactive_items", 10407)]),
    ("2022年，无收取信息处理费情况。", [("fees", 0)]),
    ("市科技局2024年度未收取政府信息公开信息处理费", [("fees", 0)]),
    # the issue's own phrasings, Chinese numerals, 万, full-width digits, ranges
    ("全年共收到政府信息公开申请 219 件。", [("requests_received", 219)]),
    ("主动公开政府信息 1,523 条。", [("proactive_items", 1523)]),
    ("全年主动公开政府信息1.2万条。", [("proactive_items", 12000)]),
    ("本年度收取费用 0 元。", [("fees", 0)]),
    ("全年共收到政府信息公开申请二十三件。", [("requests_received", 23)]),
    ("共受理政府信息公开申请一百零五件。", [("requests_received", 105)]),
    ("本年度收到政府信息公开申请两件，均已按期答复。", [("requests_received", 2)]),
    ("全年共收到政府信息公开申请２１９件。", [("requests_received", 219)]),
    ("因政府信息公开被申请行政复议３件。", [("reviews", 3)]),
    ("四、因政府信息公开申请行政复议、提起行政诉讼情况。本年度行政复议二件，行政诉讼0件。", [("reviews", 2), ("lawsuits", 0)]),
    ("本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。", [("reviews", 0), ("lawsuits", 0)]),
    ("因政府信息公开被申请行政复议、提起行政诉讼各1件。", [("reviews", 1), ("lawsuits", 1)]),
    ("涉及政府信息公开的行政复议和行政诉讼案件分别为2件、1件。", [("reviews", 2), ("lawsuits", 1)]),
])
def test_statements_found(sentence: str, expected: list[tuple[str, int]]) -> None:
    assert sorted(found(sentence)) == sorted(expected)


def test_a_range_and_an_approximate_number() -> None:
    (s,) = find_statements("全年共收到政府信息公开申请20-30件。")
    assert (s.scope, s.value, s.high, s.approx) == ("requests_received", 20, 30, False)
    (s,) = find_statements("2025年，通过实验区政府门户网站累计主动公开政府信息7700余条")
    assert (s.scope, s.value, s.approx) == ("proactive_items", 7700, True)


@pytest.mark.parametrize("sentence", [
    "收到的政府信息公开申请同比增长15件。",                       # a change, not a count
    "其中依申请公开12件。",                                       # a subset
    "全区共召开会议3次，部署政务公开工作。",                       # something else
    "根据《条例》第二十条规定，主动公开政府信息。",                 # an article number
    "2023年主动公开政府信息工作稳步推进。",                       # a year
    "区社会事业局不断公开社会保障、医疗救助等信息，受理各类群众诉求259起。",
    "共发布征地信息61条；今年累计公开政府采购项目信息2536条。",
    "2024年,灵武市科技局未收到12345诉求件,未收到信访件,未出现特别重大、重大突发事件",
    "强化基层政务公开，持续做好稳岗就业等重点民生领域的信息公开，公开信息1654条。",
    "因政府信息公开申请行政复议被纠正1件。",
    "一、主要举措和成效：全年制定行政规范性文件12件，办理行政复议案件35件，行政应诉案件18件。",  # not disclosure cases
    "持续深化政务公开。本机关办理行政复议案件35件，行政诉讼案件18件。",
    "行政诉讼败诉0件。",
    "未经复议直接起诉2件，复议后起诉1件。",
    "经复议后提起行政诉讼3件。",
    "一、本年新收政府信息公开申请数量\t23\t0\t0\t0\t0\t0\t23",
    "一、本年新收政府信息公开申请数量 113 26 5 1 30 19 194",
    "予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；",
    "做好主动与互动回应,全年共收到留言 3 条,办理留言事项 3 条",
    "减免行政事业性收费1.2万元。",
    "三、收到和处理政府信息公开申请情况",
    "《关于支持中小微企业应对疫情度过难关二十条措施的通知》公开发布。",
])
def test_sentences_about_something_else_do_not_match(sentence: str) -> None:
    assert found(sentence) == []


CELLS = {"apply/1/total": 74, "apply/2/total": 1, "apply/3.7/total": 75, "review/review/total": 2,
         "review/litigation_direct/total": 1, "review/litigation_after_review/total": 0}


def test_a_statement_that_contradicts_the_table_is_a_failed_check() -> None:
    checks, warnings = compare(find_statements("全年共收到政府信息公开申请80件。政府信息公开行政复议2件。"), CELLS)
    by_scope = {c["scope"]: c for c in checks}
    assert by_scope["requests_received"]["ok"] is False
    assert by_scope["requests_received"]["rule"] == "text_vs_table"
    assert "80" in by_scope["requests_received"]["detail"] and "74" in by_scope["requests_received"]["detail"]
    assert "全年共收到政府信息公开申请80件" in by_scope["requests_received"]["detail"]
    assert by_scope["reviews"]["ok"] is True
    assert warnings == []


def test_received_may_count_the_carried_over_requests() -> None:
    checks, _ = compare(find_statements("全区收到政府信息公开申请75件。"), CELLS)
    assert checks[0]["ok"] is True and "apply/2/total" in checks[0]["detail"]


def test_no_check_without_a_printed_cell_or_with_two_different_statements() -> None:
    statements = find_statements("全年共收到政府信息公开申请80件。政府信息公开行政诉讼3件。")
    checks, warnings = compare(statements, {"review/litigation_direct/total": 1})  # row 1 unread, one lawsuit row unread
    assert checks == []
    assert any("requests_received" in w for w in warnings) and any("lawsuits" in w for w in warnings)
    checks, warnings = compare(find_statements("共收到政府信息公开申请74件。全区共收到政府信息公开申请80件。"), CELLS)
    assert checks == [] and "different numbers" in warnings[0]


def test_a_blank_cell_counts_only_when_the_numbers_agree() -> None:
    cells = {"review/litigation_direct/total": 9, "review/litigation_after_review/total": BLANK}
    checks, _ = compare(find_statements("信息公开类行政复议7件，诉讼9件。"), cells)
    assert [c["ok"] for c in checks] == [True]
    checks, warnings = compare(find_statements("信息公开类行政复议7件，诉讼10件。"), cells)
    assert checks == [] and any("lawsuits" in w and "blank" in w for w in warnings)


def test_uncomparable_kinds_are_never_checked() -> None:
    checks, warnings = compare(find_statements("主动公开政府信息1523条，未收取任何费用。累计主动公开政府信息7700余条"), CELLS)
    assert checks == [] and warnings == []


# What each real report's narrative states, read by hand: kind → number.
REAL = {
    "pingtan_2019.html": {"proactive_items": 2599},
    "pingtan_2020.html": {"proactive_items": 2602, "requests_received": 21},
    "pingtan_2022.html": {"proactive_items": 14571, "requests_received": 75, "reviews": 2, "lawsuits": 1, "fees": 0},
    "pingtan_2023.html": {"proactive_items": 13561, "requests_received": 81, "requests_handled": 81, "reviews": 2,
                          "lawsuits": 7, "fees": 0},
    "pingtan_2024.html": {"proactive_items": 10407, "requests_handled": 218, "fees": 0},
    "pingtan_2025.html": {"proactive_items": 7700, "requests_received": 154, "requests_handled": 148, "reviews": 36,
                          "lawsuits": 9, "fees": 0},
    "shanghai_office_2019.html": {"requests_received": 859, "requests_handled": 805, "reviews": 7, "lawsuits": 9},
}
COMPARABLE = {"requests_received", "requests_handled", "reviews", "lawsuits"}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_reports_every_statement_found_and_none_flagged(name: str) -> None:
    out = parse_document((REALDOCS / name).read_bytes(), source=name).to_json()
    stated = {s["kind"]: s["value"] for s in out["statements"]}
    assert stated == REAL[name]
    assert len(out["statements"]) == len(REAL[name])  # no second, different reading of any kind
    checks = {c["scope"]: c["ok"] for c in out["text_checks"]}
    assert checks == {k: True for k in REAL[name] if k in COMPARABLE}
    assert not [w for w in out["warnings"] if "text_vs_table" in w]


def test_a_real_report_edited_to_contradict_its_table_is_flagged() -> None:
    html = (REALDOCS / "pingtan_2025.html").read_bytes().decode("utf-8")
    said = '共收到政府信息公开申请</span><span style="text-indent: 2em;">154</span>'
    assert html.count(said) == 1
    edited = html.replace(said, said.replace("154", "164")).encode("utf-8")
    out = parse_document(edited, source="edited").to_json()
    (failed,) = [c for c in out["text_checks"] if not c["ok"]]
    assert failed["scope"] == "requests_received"
    assert "164" in failed["detail"] and "apply/1/total 154" in failed["detail"]
    assert out["cells"]["apply/1/total"] == 154


def test_lines_wrapped_mid_sentence_are_joined() -> None:
    text = ("（二）依申请公开情况。全年共收到政府信息公开申请272件，上年结转17件，办\n"
            "结252件，结转下年度继续办理37件。因政府信息公开引发行政复议6件、行政诉讼20\n"
            "件。\n一、本年新收政府信息公开申请数量\t145\t56\t27\t6\t22\t16\t272\n")
    assert sorted(found(text)) == [("lawsuits", 20), ("requests_handled", 252), ("requests_received", 272), ("reviews", 6)]


@pytest.mark.parametrize("text,expected", [
    ("（二）依申请公开情况。本年度共收到申请12件，均已按期答复。", [("requests_received", 12)]),
    ("政务服务中心全年受理各类行政许可申请12万件，政务公开工作扎实推进。", []),
    ("收到政府信息公开行政复议申请1件。", [("reviews", 1)]),
    ("全年办理行政审批申请300件，主动公开政府信息500条。", [("proactive_items", 500)]),
    ("本年度共收到申请12件。", []),  # no word of disclosure anywhere near: not taken
])
def test_requests_must_be_disclosure_requests(text: str, expected: list[tuple[str, int]]) -> None:
    assert sorted(found(text)) == sorted(expected)
