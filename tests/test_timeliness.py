"""Art. 49 deadlines and the on-time verdict, from the agency's name and the page's own date."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_document
from parsers.timeliness import agency_kind, assess, deadline


@pytest.mark.parametrize("name,kind", [
    ("泉州市科学技术局", "department"), ("上海市人民政府办公厅", "department"), ("铅山县人民政府办公室", "department"),
    ("福建省发展和改革委员会", "department"), ("湖南省自然资源厅", "department"), ("深圳市公安局福田分局", "department"),
    ("某市政务服务数据管理中心", "department"), ("厦门市卫生健康委员会", "department"),
    ("上海市人民政府", "government"), ("示例县人民政府", "government"), ("苏州工业园区管理委员会", "government"),
    ("某经济技术开发区管委会", "government"), ("平潭综合实验区", "government"), ("鼓楼区", "government"),
    ("慈溪市坎墩街道办事处", "township"), ("西塘镇人民政府", "township"), ("某乡人民政府", "township"),
    ("我市发布", None), ("", None), (None, None),
])
def test_agency_kind_from_the_name(name: str | None, kind: str | None) -> None:
    assert agency_kind(name) == kind


def test_deadlines() -> None:
    assert str(deadline(2024, "department")) == "2025-01-31"
    assert str(deadline(2024, "township")) == "2025-01-31"
    assert str(deadline(2019, "government")) == "2020-03-31"
    assert deadline(2018, "government") is None  # before the 2019 Regulations
    assert deadline(2024, None) is None


def test_verdicts() -> None:
    on_time = assess("泉州市科学技术局", 2024, "2025-01-26", "page")
    assert (on_time["verdict"], on_time["deadline"], on_time["days_late"]) == ("on_time", "2025-01-31", None)
    late = assess("泉州市科学技术局", 2024, "2025-02-19", "meta")
    assert (late["verdict"], late["days_late"]) == ("late", 19)
    assert assess("平潭综合实验区", 2024, "2025-03-10", "page")["verdict"] == "on_time"
    assert assess("平潭综合实验区", 2024, "2025-04-02", "url")["days_late"] == 2
    # the deadline day itself is on time
    assert assess("上海市人民政府办公厅", 2019, "2020-01-31", "page")["verdict"] == "on_time"


def test_a_signature_date_proves_lateness_only() -> None:
    assert assess("某市财政局", 2022, "2023-02-03", "body")["verdict"] == "late"
    signed = assess("某市财政局", 2022, "2023-01-30", "body")
    assert signed["verdict"] == "unknown" and "signed" in signed["reason"]
    # …unless the crawl saw it before the deadline
    assert assess("某市财政局", 2022, "2023-01-30", "body", first_seen="2023-01-31T08:00:00")["verdict"] == "on_time"


def test_first_seen_after_the_deadline_is_unknown_never_late() -> None:
    t = assess("某市财政局", 2022, None, None, first_seen="2024-06-01T00:00:00")
    assert (t["verdict"], t["days_late"]) == ("unknown", None)
    t = assess("某市财政局", 2022, None, None, first_seen="2023-01-20T10:00:00")
    assert (t["verdict"], t["date_source"], t["published_date"]) == ("on_time", "first_seen", "2023-01-20")


def test_unknown_kind_or_year_gives_no_deadline() -> None:
    assert assess("我市发布", 2023, "2024-01-30", "page")["verdict"] == "unknown"
    old = assess("示例区人民政府", 2016, "2017-01-20", "url")
    assert old["deadline"] is None and "2019" in old["reason"]


REALDOCS = Path(__file__).parent / "files" / "realdocs"


@pytest.mark.parametrize("name,kind,published,source,verdict", [
    ("pingtan_2019.html", "government", "2020-01-20", "page", "on_time"),
    ("pingtan_2023.html", "government", "2024-03-08", "page", "on_time"),
    ("pingtan_2025.html", "government", "2026-03-10", "page", "on_time"),
    ("shanghai_office_2019.html", "department", "2020-01-31", "page", "on_time"),
])
def test_real_reports(name: str, kind: str, published: str, source: str, verdict: str) -> None:
    t = parse_document((REALDOCS / name).read_bytes(), source=name).to_json()["timeliness"]
    assert (t["agency_kind"], t["published_date"], t["date_source"], t["verdict"]) == (kind, published, source, verdict)


def test_url_date_is_named_as_such() -> None:
    text = "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文".encode()
    out = parse_document(text, source="x", content_type="text/plain",
                         url="http://x.gov.cn/xxgk/202402/t20240205_123.html").to_json()
    assert (out["published_date"], out["timeliness"]["date_source"], out["timeliness"]["verdict"]) == (
        "2024-02-05", "url", "late")
