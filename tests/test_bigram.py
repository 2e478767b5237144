"""The bigram tokens a parse worker makes for a report's text give the index exactly what tokenizing
title and text together gives (crawler.bigram; issue 13 moved the tokenizing off the writer thread)."""

from __future__ import annotations

import pytest

from crawler.bigram import bigrams, text_terms, with_title
from crawler.parse_pool import ARCHIVE_TARGET, Limits, ParsePool, take_prestarted

TEXTS = [
    "",
    "no Han at all 2023",
    "公",
    "一、总体情况\n2023年，县政府办公室主动公开政府信息1,234条。公开公开。",
    "（二）依申请公开：收到申请 56 件；行政复议 3 件，行政诉讼 0 件。政府信息公开工作年度报告",
]
TITLES = [None, "", "Annual report", "甲乙县2023年政府信息公开工作年度报告", "公开", "年度 报告"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("title", TITLES)
def test_title_joined_to_worker_terms_is_the_index_of_title_and_text(title: str | None, text: str) -> None:
    assert with_title(title, text_terms(text)) == bigrams(f"{title or ''}\n{text}")


def test_terms_are_distinct_and_in_order_of_first_appearance() -> None:
    assert bigrams("公开工作公开") == "公开 开工 工作 作公 开"
    assert with_title("政府公开", text_terms("公开工作")) == "政府 府公 公开 开 开工 工作 作"


def test_a_prestarted_pool_is_taken_only_when_it_is_the_one_asked_for() -> None:
    pool = ParsePool(1, Limits(seconds=30), ARCHIVE_TARGET)  # not warm: no worker is started
    try:
        assert pool.matches(1, Limits(seconds=30), ARCHIVE_TARGET)
        assert not pool.matches(2, Limits(seconds=30), ARCHIVE_TARGET)
        assert not pool.matches(1, Limits(seconds=60), ARCHIVE_TARGET)
        assert not pool.matches(1, Limits(seconds=30))  # another parse function
    finally:
        pool.close()
    assert not pool.matches(1, Limits(seconds=30), ARCHIVE_TARGET)  # closed
    assert take_prestarted(1, Limits(seconds=30)) is None  # none was started
