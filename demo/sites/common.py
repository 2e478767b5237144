"""What the three demo sites share: the look-alike titles, robots.txt, report lookup with fallbacks."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Site
from .content import ReportDoc, generated_report

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Noise:
    """A list item that looks like a report and is not one; its page must answer 200."""

    title: str
    date: str
    body: str


def noise_items(place: str, agency: str) -> list[Noise]:
    """The look-alikes every real column carries next to the reports (titles.py must skip them)."""
    return [
        Noise(f"{place}2024年政府信息公开工作年度报告的解读", "2025-01-27",
              f"为便于公众理解，现对《{place}2024年政府信息公开工作年度报告》解读如下：一是主动公开力度加大；二是依申请公开办理规范。"),
        Noise(f"{place}2023年法治政府建设年度报告", "2024-03-05",
              "2023年，我们坚持以法治政府建设为抓手，全面推进依法行政，各项工作取得积极成效。"),
        Noise(f"{agency}2023年部门决算", "2024-08-20",
              "根据预算法有关规定，现将本部门2023年度决算公开如下：一般公共预算财政拨款支出1234.56万元。"),
        Noise(f"{place}2023年国民经济和社会发展统计公报", "2024-03-20",
              "2023年，全年地区生产总值比上年增长5.6%。全年一般公共预算收入增长4.1%。"),
        Noise(f"{place}科学技术局2023年科技创新发展年度报告", "2024-02-28",
              "2023年，全市研发经费投入强度持续提升，新认定高新技术企业86家。"),
        Noise("关于做好2024年政府信息公开工作年度报告编制工作的通知", "2024-12-10",
              "各单位：请于2025年1月31日前编制并公开本机关2024年政府信息公开工作年度报告，报告格式按国办公开办函〔2021〕30号执行。"),
    ]


def add_robots(site: Site) -> None:
    """robots.txt allowing everything but /private/ (a crawl with ROBOTSTXT_OBEY must skip it)."""
    site.add("/robots.txt", ROBOTS_TXT, "text/plain; charset=utf-8")


def generated(seed: int, form_version: str, agency: str, year: int, layout: str, published: str,
              break_rule: str | None = None) -> ReportDoc | None:
    """A generated report; an unknown layout falls back to the plain table layout."""
    try:
        return generated_report(seed, form_version, agency, year, layout, published, break_rule)
    except (KeyError, ValueError):
        if layout == "html_table":
            raise
        return generated_report(seed, form_version, agency, year, "html_table", published, break_rule)
