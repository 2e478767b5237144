"""Provincial platforms the crawler had not met (demo/sites/platforms.py), crawled in one run: a
集约化 column on TRS 海云's IGS search service, a Hebei-style column block fetched by page, a
document search paged by ``currentPageNum`` (a field no dialect names: learned from the pager), a
static column paged by a hashed stem and hyphen numbers, a TRS column counted from 0 with an element
id and a report cut into path-numbered pages, and a Hanweb 智能搜索 category search whose links go
through a click counter. Every report is found, at its page and its document, nothing else is, and
no page past a pager's count is asked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from demo.portal import Portal
from demo.sites.platforms import PLATFORM_KEYS, build_platforms
from tests.scrapy_helpers import run_crawl

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def crawled() -> Iterator[tuple[dict[str, str], dict[str, Any], list[dict[str, Any]], dict[str, Any]]]:
    sites = build_platforms()
    with Portal(sites, "127.0.0.1").start() as portal:
        items, stats = run_crawl([portal.base_urls[key] + "/" for key in PLATFORM_KEYS])
        yield portal.base_urls, sites, items, stats


@pytest.mark.parametrize("key", PLATFORM_KEYS)
def test_every_report_of_the_platform_is_found_and_nothing_else(crawled, key: str) -> None:
    bases, sites, items, _stats = crawled
    base = bases[key]
    want = sorted((base + r["url"], base + r["document_url"]) for r in sites[key].reports)
    got = sorted((i["url"], i["document_url"]) for i in items if i["type"] == "report" and i["url"].startswith(base))
    assert len(want) >= 5 and got == want
    assert [i for i in items if i["type"] == "error" and i["url"].startswith(base)] == []


def test_the_split_report_is_joined_from_its_path_numbered_pages(crawled) -> None:
    bases, _sites, items, _stats = crawled
    base = bases["tibet"]
    [joined] = [i for i in items if i["type"] == "report" and i.get("joined_from")]
    assert joined["url"] == base + "/art/2023/5609.shtml"
    assert [p["url"] for p in joined["joined_from"]] == [base + p for p in (
        "/art/2023/5609.shtml", "/art/2023/5609/2.shtml", "/art/2023/5609/3.shtml")]


def test_only_the_script_built_columns_are_rendered(crawled) -> None:
    _bases, _sites, _items, stats = crawled
    assert stats["nianbao/browser_started"] == 1
    assert stats["nianbao/rendered"] == 4  # igs, hebei, dynsearch, jsearch; never hyphen or tibet
