"""Title, agency, year and published date from wherever pages put them."""

from __future__ import annotations

import pytest

from parsers.metadata import find_published_date, read_metadata
from parsers.titles import agency_from_title, is_report_title, year_from_title


@pytest.mark.parametrize("title,year,agency", [
    ("泉州市科学技术局2024年政府信息公开工作年度报告", 2024, "泉州市科学技术局"),
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", 2019, "上海市人民政府办公厅"),
    ("平潭综合实验区2019年度政府信息公开工作年度报告", 2019, "平潭综合实验区"),
    ("洛江区科学技术局 2020 年政府信息公开 工作年度报告", 2020, "洛江区科学技术局"),
    ("【年报】沂源县科学技术局关于2022年度政府信息公开工作年度报告", 2022, "沂源县科学技术局"),
    ("某市生态环境局2016年政府信息公开年报", 2016, "某市生态环境局"),
    ("示例局2021年度政府信息公开工作报告", 2021, "示例局"),
])
def test_report_titles(title: str, year: int, agency: str) -> None:
    assert is_report_title(title)
    assert year_from_title(title) == year
    assert agency_from_title(title) == agency


@pytest.mark.parametrize("title", [
    "《泉州市科学技术局2024年政府信息公开工作年度报告》解读",
    "一图读懂平潭综合实验区2023年度政府信息公开工作年度报告",
    "某市2023年法治政府建设年度报告",
    "某市科学技术局2023年部门决算",
    "某市科学技术局2024年部门预算",
    "某市2023年国民经济和社会发展统计公报",
    "某市2023年科技创新发展年度报告",
    "关于做好2024年政府信息公开工作年度报告编制工作的通知",
    "政府信息公开工作年度报告",  # no year
])
def test_lookalikes_are_not_reports(title: str) -> None:
    assert not is_report_title(title)


def test_published_date_prefers_the_publication_label() -> None:
    page = "索引号：123 成文日期：2025-01-20 发布日期：2025-01-26 浏览次数：12"
    assert find_published_date({}, page, page, 2024) == "2025-01-26"
    assert find_published_date({"pubdate": "2025-02-03 10:00"}, page, page, 2024) == "2025-02-03"


def test_signature_date_in_chinese_numerals() -> None:
    body = "正文……\n六、其他需要报告的事项\n无。\n某县交通运输局\n二〇二三年一月十九日"
    assert find_published_date({}, body, body, 2022) == "2023-01-19"


def test_date_before_the_covered_year_is_not_the_publication_date() -> None:
    body = "时间：2019-03-02\n……\n某局\n2021年2月1日"
    assert find_published_date({}, body, body, 2020) == "2021-02-01"


def test_metadata_from_text_title_split_over_two_lines_and_signature_agency() -> None:
    text = "首页 > 信息公开\n平潭综合实验区2020年\n政府信息公开工作年度报告\n正文\n平潭综合实验区管理委员会\n2021年3月5日"
    meta = read_metadata({}, None, [], text, text)
    assert (meta.title, meta.agency, meta.year, meta.published_date) == (
        "平潭综合实验区2020年政府信息公开工作年度报告", "平潭综合实验区", 2020, "2021-03-05")


def test_meta_tags_win_and_content_source_names_the_agency_when_the_title_does_not() -> None:
    meta = read_metadata({"articletitle": "2023年政府信息公开工作年度报告", "contentsource": "某县农业农村局",
                          "pubdate": "2024-01-30"}, "首页", [], "2023年政府信息公开工作年度报告", "")
    assert (meta.title, meta.agency, meta.year, meta.published_date) == (
        "2023年政府信息公开工作年度报告", "某县农业农村局", 2023, "2024-01-30")


@pytest.mark.parametrize("url,date", [
    ("http://kj.example.gov.cn/zwgk/zfxxgknb/202501/t20250126_3123456.html", "2025-01-26"),
    ("http://www.example.gov.cn/art/2024/1/26/art_123_456.html", None),
    ("http://www.example.gov.cn/art/2024/01/26/art_123_456.html", "2024-01-26"),
    ("http://www.example.gov.cn/xxgk/ndbg/index.html", None),
])
def test_url_dates_are_a_last_resort(url: str, date: str | None) -> None:
    from parsers.metadata import date_from_url

    assert date_from_url(url) == date
    meta = read_metadata({}, "某局2023年政府信息公开工作年度报告", [], "正文", "正文", url)
    assert meta.published_date == date


def test_statistics_period_is_not_the_publication_date() -> None:
    page = "统计时间：2024年1月1日至2024年12月31日\n……\n某局\n2025年2月8日"
    assert find_published_date({}, page, page, 2024) == "2025-02-08"


def test_agency_before_the_words_when_the_year_comes_last() -> None:
    assert agency_from_title("某市水利局政府信息公开2023年度报告") == "某市水利局"
