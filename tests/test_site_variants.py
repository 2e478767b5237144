"""Six platform variants (demo/sites/variants.py) crawled in one run (one browser launch): a
中国政府网-style policy library search nesting its items by category, a 开普云-style site search
counting its pages from 0, an Anhui-style label service answering HTML fragments, a jqGrid table
({page, total pages, records, rows: [{id, cell}]}), a 加载更多 column paged by its last item's id,
and a Sichuan-style disclosure platform whose PDFs sit behind a download handler. Every report is
found, at its page and its document, and nothing else."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from demo.portal import Portal
from demo.sites.variants import VARIANT_KEYS, build_variants
from tests.scrapy_helpers import run_crawl

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def crawled() -> Iterator[tuple[dict[str, str], dict[str, Any], list[dict[str, Any]], dict[str, Any]]]:
    sites = build_variants()
    with Portal(sites, "127.0.0.1").start() as portal:
        items, stats = run_crawl([portal.base_urls[key] + "/" for key in VARIANT_KEYS])
        yield portal.base_urls, sites, items, stats


@pytest.mark.parametrize("key", VARIANT_KEYS)
def test_every_report_of_the_variant_is_found_and_nothing_else(crawled, key: str) -> None:
    bases, sites, items, _stats = crawled
    base = bases[key]
    want = sorted((base + r["url"], base + r["document_url"]) for r in sites[key].reports)
    got = sorted((i["url"], i["document_url"]) for i in items if i["type"] == "report" and i["url"].startswith(base))
    assert len(want) >= 6 and got == want
    assert [i for i in items if i["type"] == "error"] == []


def test_only_the_script_built_columns_are_rendered(crawled) -> None:
    _bases, _sites, _items, stats = crawled
    assert stats["nianbao/browser_started"] == 1 and stats["nianbao/rendered"] == 5  # not ilist
