"""A list service's answer written by a hand-made template the page eval()s: JS literal quirks read."""

import pytest

from crawler.dialects.listservice import items, parse_answer


@pytest.mark.parametrize("text", [
    '{"count":"12","pagecount":"2","docs":[{"title":"2023年报","url":"http://x.gov.cn/a.html"},\n]}',
    "{count:'12',pagecount:'2',docs:[{title:'2023年报',url:'http://x.gov.cn/a.html',},],};",
    '{"count":"12","docs":[{"title":"2023年报","url":"http://x.gov.cn/a.html"},],}\n',
])
def test_template_answer_with_js_quirks(text: str) -> None:
    data = parse_answer(text)
    assert data["count"] == "12"
    assert [link.url for link in items(data, "http://x.gov.cn/")] == ["http://x.gov.cn/a.html"]


def test_commas_and_quotes_inside_strings_kept() -> None:
    data = parse_answer("{docs:[{title:'年报, \"甲\"',url:'/b.html'},]}")
    assert data["docs"][0]["title"] == '年报, "甲"'


def test_unreadable_still_none() -> None:
    assert parse_answer("{count: 12, docs: [oops") is None
