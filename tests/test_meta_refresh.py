"""crawler.middlewares.MetaRefreshMiddleware: Scrapy's meta-refresh redirects, the same answers,
without decoding whole a page whose bytes cannot hold a refresh."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefresh
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import MetaRefreshMiddleware

URL = "http://127.0.0.1:9/zwgk/nb/2023.html"
REFRESH = "<meta http-equiv='Refresh' content='0;url=/zwgk/nb/2023_new.html'>"
FILLER = "<p>" + "本机关2023年度政府信息公开工作年度报告。" * 900 + "</p>"  # ~60 KB of UTF-8


def _page(head: str, body: str = "", charset: str = "utf-8", declare: bool = True) -> HtmlResponse:
    html = f"<html><head><title>报告</title>{head}</head><body>{body}</body></html>"
    headers = {"Content-Type": f"text/html; charset={charset}"} if declare else {"Content-Type": "text/html"}
    return HtmlResponse(url=URL, body=html.encode(charset), headers=headers, request=Request(URL))


CASES = {
    "refresh in utf-8": _page(REFRESH),
    "refresh in gb18030": _page(REFRESH, "说明", charset="gb18030"),
    "refresh in utf-16 (no ASCII bytes)": _page(REFRESH, charset="utf-16"),
    "upper-case REFRESH": _page(REFRESH.upper().replace("URL=/ZWGK/NB/2023_NEW.HTML", "url=/zwgk/nb/2023_new.html")),
    "refresh after 60 KB (beyond Scrapy's 4,096 characters)": _page("", FILLER + REFRESH),
    "no refresh, long report": _page("<meta name='ArticleTitle' content='2023年度报告'>", FILLER),
    "no refresh, gb18030 undeclared": _page("", "说明" * 50, charset="gb18030", declare=False),
    "the word in text only": _page("", "<p>refresh the page</p>"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_same_answer_as_scrapys_own(name: str) -> None:
    crawler = get_crawler(settings_dict={})
    ours, theirs = MetaRefreshMiddleware.from_crawler(crawler), ScrapyMetaRefresh.from_crawler(crawler)
    response = CASES[name]
    got, want = ours.process_response(Request(URL), response), theirs.process_response(Request(URL), response)
    assert type(got) is type(want)
    if isinstance(want, Request):
        assert got.url == want.url == "http://127.0.0.1:9/zwgk/nb/2023_new.html"
    else:
        assert got is response


def test_a_refresh_page_is_redirected_and_a_report_page_is_not_decoded() -> None:
    mw = MetaRefreshMiddleware.from_crawler(get_crawler(settings_dict={}))
    assert isinstance(mw.process_response(Request(URL), CASES["refresh in utf-16 (no ASCII bytes)"]), Request)
    report = _page("", FILLER)
    assert mw.process_response(Request(URL), report) is report
    assert report._cached_ubody is None  # passed on without its whole body decoded
