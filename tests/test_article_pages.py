"""A report article cut into pages by its editor's page breaks (TRS ``t…_1.html``, ``t…_2.html``).

The article page holds tables 一 and 二 only; tables 三 and 四 are on its later pages, linked by a
``createPageHTML(3, 0, "t20240125_123", "html")`` script pager and plain 上一页/下一页 links. The
spider fetches those pages and yields one report, the pages joined, at the first page's address;
a list's pager of the same shape (``index_1.html``) stays a list's. End to end: two runs over the
same site (the second answered from the archive) store one report, one version, every cell read.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.article_pages import other_pages, page_number
from crawler.discovery import Link
from crawler.spiders.reports import ReportsSpider
from demo.render import render
from demo.values import generate
from parsers import parse_document
from tests.scrapy_helpers import ROOT, TEST_SETTINGS
from tests.test_script_sites import serve

SITE = "http://www.qzkj.gov.cn/"
FOLDER = "xxgk/ndbg/202401/"
STEM = "t20240125_123"
VALUES = generate(16, "2021")  # varied non-zero numbers in the three tables
RENDERED = render(VALUES, "html_table", chrome=False)
_BREAKS = ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")


def _parts() -> tuple[str, str, list[str]]:
    """The rendered page's head and body around the article, and the article cut at the breaks."""
    html = RENDERED.data.decode("utf-8")
    start = html.index("<div class=TRS_Editor>") + len("<div class=TRS_Editor>")
    end = html.rindex("</div>", 0, html.rindex("</div>"))
    article = html[start:end]
    cuts = [article.rindex("<p", 0, article.index(b)) for b in _BREAKS]
    parts = [article[:cuts[0]], article[cuts[0]:cuts[1]], article[cuts[1]:]]
    return html[:start].replace('<meta charset="utf-8"/>', '<meta charset="gb2312"/>'), html[end:], parts


def article_page(k: int, *, script: bool = True, links: bool = True, names: list[str] | None = None) -> bytes:
    """Page ``k`` (0-based) of the article, GBK as TRS sites serve it, with its pager (links to
    ``names``, by default TRS's ``t…_1.html``)."""
    head, tail, parts = _parts()
    names = names or [f"{STEM}.html", *(f"{STEM}_{n}.html" for n in range(1, len(parts)))]
    pager = f"<script>createPageHTML({len(parts)}, {k}, \"{STEM}\", \"html\");</script>" if script else ""
    if links:
        nav = [f"<a href='{names[k - 1]}'>上一页</a>"] if k else []
        nav += [f"<a href='{names[n]}'>{n + 1}</a>" for n in range(len(parts)) if n != k]
        nav += [f"<a href='{names[k + 1]}'>下一页</a>"] if k + 1 < len(parts) else []
        pager += "".join(nav)
    related = "<ul class='xgwz'><li><a href='../../zcwj/t20230301_77.html'>关于印发工作要点的通知</a></li></ul>"
    return (head + parts[k] + "</div>" + f"<div class='page_div'>{pager}</div>{related}" + tail).encode("gbk")


def _meta(kind: str) -> dict[str, Any]:
    return {"kind": kind, "site": "www.qzkj.gov.cn", "site_url": SITE, "source": None, "depth_hops": 2}


def _response(url: str, body: bytes, request: Request | None = None) -> HtmlResponse:
    request = request or Request(url, meta=_meta("report"))
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=gb2312"}, request=request)


def _spider() -> ReportsSpider:
    crawler = get_crawler(ReportsSpider, TEST_SETTINGS)
    crawler.stats.open_spider()
    return ReportsSpider.from_crawler(crawler, start_urls=SITE)


def _walk(spider: ReportsSpider, pages: dict[str, bytes], first: str = SITE + FOLDER + f"{STEM}.html"
          ) -> tuple[list[str], dict[str, Any]]:
    """Run the first page and every page it asks for; the URLs asked for and the one item."""
    out = list(spider.parse_report(_response(first, pages[first]), list_title=VALUES.title))
    asked: list[str] = []
    while True:
        requests = [x for x in out if isinstance(x, Request) and x.callback == spider.parse_article_page]
        items = [x for x in out if isinstance(x, dict)]
        if not requests:
            [item] = items
            return asked, item
        [req] = requests
        assert req.meta["kind"] == "report" and req.dont_filter  # conditional, and never lost to the dupefilter
        asked.append(req.url)
        out = list(req.callback(_response(req.url, pages[req.url], req), **req.cb_kwargs))


@pytest.mark.parametrize("pager", ["script and links", "script only", "next link only"])
def test_a_report_cut_into_three_pages_is_read_whole_at_its_first_page_address(pager):
    script, links = {"script and links": (True, True), "script only": (True, False),
                     "next link only": (False, True)}[pager]
    urls = [SITE + FOLDER + name for name in (f"{STEM}.html", f"{STEM}_1.html", f"{STEM}_2.html")]
    pages = {url: article_page(k, script=script, links=links) for k, url in enumerate(urls)}
    spider = _spider()
    asked, item = _walk(spider, pages)
    assert asked == urls[1:]
    assert item["type"] == "report" and item["url"] == urls[0] and item["document_url"] == urls[0]
    parsed = parse_document(item["body"], source=item["url"], content_type=item["content_type"], url=item["url"])
    expected = {k: v for k, v in RENDERED.expected["cells"].items() if v is not None}
    assert len(expected) > 100 and len(set(expected.values())) > 20  # varied numbers, not a column of ones
    assert {k: parsed.cells.get(k) for k in expected} == expected
    assert parsed.form_version == "2021" and parsed.year == VALUES.year
    # the first page alone lacks tables 三 and 四: what the crawl stored before
    alone = parse_document(pages[urls[0]], source=urls[0], content_type="text/html; charset=gb2312", url=urls[0])
    assert any(alone.cells.get(k) != v for k, v in expected.items() if k.startswith(("apply", "review")))
    assert spider.crawler.stats.get_value("nianbao/article_pages") == 2
    # the same pages again (a re-run): the same bytes, so the pipeline skips the parse
    assert _walk(_spider(), pages)[1]["body"] == item["body"]


NAMINGS = {  # how a CMS names an article's later pages, when not TRS's t…_1.html
    "path number": ["art/2024/123", "art/2024/123/2", "art/2024/123/3"],
    "path number, folder": ["art/2024/123/", "art/2024/123/2/", "art/2024/123/3/"],
    "path number with extension": ["art/2024/123.html", "art/2024/123/2.html", "art/2024/123/3.html"],
    "path page folder": ["art/2024/123.shtml", "art/2024/123/page/2.shtml", "art/2024/123/page/3.shtml"],
    "hyphen": [f"{FOLDER}{STEM}.shtml", f"{FOLDER}{STEM}-2.shtml", f"{FOLDER}{STEM}-3.shtml"],
    "first page numbered": ["art/2024/123/1.html", "art/2024/123/2.html", "art/2024/123/3.html"],
    "first page numbered _1": [f"{FOLDER}{STEM}_1.shtml", f"{FOLDER}{STEM}_2.shtml", f"{FOLDER}{STEM}_3.shtml"],
}


@pytest.mark.parametrize("naming", NAMINGS)
def test_an_article_whose_later_pages_carry_a_path_style_number_is_read_whole(naming):
    urls = [SITE + path for path in NAMINGS[naming]]
    pages = {url: article_page(k, script=False, names=urls) for k, url in enumerate(urls)}
    asked, item = _walk(_spider(), pages, first=urls[0])
    assert asked == urls[1:]
    assert item["url"] == urls[0] and [p["url"] for p in item["joined_from"]] == urls
    parsed = parse_document(item["body"], source=item["url"], content_type=item["content_type"], url=item["url"])
    expected = {k: v for k, v in RENDERED.expected["cells"].items() if v is not None}
    assert {k: parsed.cells.get(k) for k in expected} == expected


def test_a_path_style_neighbour_counts_only_when_its_link_reads_as_a_pager():
    first = SITE + "art/2024/123"
    # the next article's address has the same shape as a page of this one: its title tells them apart
    html = ("<html><body><div class='TRS_Editor'><p>一、总体情况</p></div>"
            f"<a href='{first}/2'>关于印发2024年政务公开工作要点的通知</a><a href='{SITE}news/1'>1</a></body></html>")
    links = [Link(f"{first}/2", "关于印发2024年政务公开工作要点的通知"), Link(SITE + "art/2024/124", "下一篇")]
    assert other_pages(first, first, html, links) == []
    assert other_pages(first, first, html, [Link(f"{first}/2", "2"), Link(f"{first}/3", "下一页")]) == \
        [f"{first}/2", f"{first}/3"]
    assert other_pages(SITE + "news/1", SITE + "news/1", "", [Link(SITE + "news/2", "某县2023年年报")]) == []
    assert page_number(SITE + "art/2024/123", SITE + "art/2024/124") is None


def test_a_later_page_answered_304_is_read_from_the_archive_or_fetched_again():
    urls = [SITE + FOLDER + name for name in (f"{STEM}.html", f"{STEM}_1.html", f"{STEM}_2.html")]
    pages = {url: article_page(k) for k, url in enumerate(urls)}
    spider = _spider()
    [req] = list(spider.parse_report(_response(urls[0], pages[urls[0]]), list_title=VALUES.title))
    not_modified = HtmlResponse(req.url, status=304, body=b"", request=req)
    # no archived copy to read: asked for again, as a plain page (never conditional)
    [again] = list(spider.parse_article_page(not_modified, **req.cb_kwargs))
    assert again.url == urls[1] and again.meta["kind"] == "article_page" and again.cb_kwargs["retried"]
    # an archived copy: read as if fetched
    spider._archived_copy = lambda response: _response(response.url, pages[response.url], response.request)
    [nxt] = list(spider.parse_article_page(not_modified, **req.cb_kwargs))
    assert nxt.url == urls[2]
    [item] = list(spider.parse_article_page(_response(nxt.url, pages[nxt.url], nxt), **nxt.cb_kwargs))
    parsed = parse_document(item["body"], source=item["url"], content_type=item["content_type"], url=item["url"])
    expected = {k: v for k, v in RENDERED.expected["cells"].items() if v is not None}
    assert {k: parsed.cells.get(k) for k in expected} == expected


def test_a_failed_later_page_is_recorded_and_the_report_still_comes_from_the_pages_read():
    from twisted.python.failure import Failure

    urls = [SITE + FOLDER + name for name in (f"{STEM}.html", f"{STEM}_1.html", f"{STEM}_2.html")]
    spider = _spider()
    [req] = list(spider.parse_report(_response(urls[0], article_page(0)), list_title=VALUES.title))
    failure = Failure(ValueError("boom"))
    failure.request = req
    out = list(spider.on_article_page_error(failure))
    assert out[0]["type"] == "error" and out[0]["url"] == urls[1]
    assert out[1].url == urls[2]  # the next page is still read


def test_which_addresses_are_pages_of_the_same_article():
    first = SITE + FOLDER + f"{STEM}.html"
    assert page_number(first, SITE + FOLDER + f"{STEM}_2.html") == 2
    assert page_number(first, SITE + FOLDER + f"{STEM}_1.shtml") is None  # another extension
    assert page_number(first, SITE + "xxgk/other/" + f"{STEM}_1.html") is None  # another folder
    assert page_number(first, SITE + FOLDER + "t20240125_1234.html") is None  # another article
    assert page_number(SITE + "ndbg/index.html", SITE + "ndbg/index_1.html") is None  # a list's pager
    assert page_number(SITE + "content.jsp?id=5", SITE + "content.jsp?id=5&page=2") == 2
    assert page_number(SITE + "content.jsp?id=5", SITE + "content.jsp?id=6") is None


def test_a_list_pager_of_the_same_shape_stays_a_list_s_pages():
    rows = "".join(f"<li><a href='./202{i}01/t202{i}0125_{i}.html'>泉州市科学技术局202{i - 1}年政府信息公开工作年度报告</a></li>"
                   for i in range(1, 5))
    column = (f"<html><head><title>政府信息公开年报_泉州市科学技术局</title></head><body><ul class='list'>{rows}</ul>"
              "<div class='page'><script>createPageHTML(3, 0, \"index\", \"html\");</script></div></body></html>")
    url = SITE + "xxgk/ndbg/index.html"
    spider = _spider()
    out = list(spider.parse_list(_response(url, column.encode("gbk"), Request(url, meta=_meta("list")))))
    assert not any(isinstance(x, Request) and x.callback == spider.parse_article_page for x in out)
    pagers = {x.url for x in out if isinstance(x, Request) and x.meta["kind"] == "list"}
    assert {SITE + "xxgk/ndbg/index_1.html", SITE + "xxgk/ndbg/index_2.html"} <= pagers
    assert other_pages(url, url, column, []) == []


# --- end to end: two runs, the archive, the pipelines ----------------------------------------------
def _route(path: str, query: str, body: bytes) -> tuple[Any, ...] | None:
    column = (f"<html><head><title>政府信息公开年报</title></head><body><ul class='list'>"
              f"<li><a href='./202401/{STEM}.html'>{VALUES.title}</a></li></ul></body></html>")
    if path in ("/", "/xxgk/ndbg/", "/xxgk/ndbg/index.html"):
        return 200, column.encode("utf-8"), "text/html; charset=utf-8"
    m = re.fullmatch(rf"/{FOLDER}{STEM}(?:_(\d))?\.html", path)
    if m and int(m.group(1) or 0) < 3:
        return 200, article_page(int(m.group(1) or 0)), "text/html; charset=gb2312"
    return None


def crawl_once(db: str, warc_dir: str, start: str) -> None:
    """Run in a child process: the project's settings and components, the reports spider."""
    from crawler import crawl_cmd

    settings = crawl_cmd.project_settings(db, {
        "NIANBAO_WARC_DIR": warc_dir, "ROBOTSTXT_OBEY": "False", "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "WARNING", "NIANBAO_PARSE_WORKERS": "0"})
    stats = crawl_cmd.crawl(settings, start_urls=start)
    print(json.dumps({k: v for k, v in stats.items() if k.startswith("nianbao/") or k == "finish_reason"}))


def _run(tmp_path: Path, start: str) -> dict[str, Any]:
    code = "import sys; from tests.test_article_pages import crawl_once; crawl_once(*sys.argv[1:4])"
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "archive.db"), str(tmp_path / "warc"), start],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_two_runs_store_one_report_read_whole_and_nothing_twice(tmp_path):
    with serve(_route) as (base, log):
        first = _run(tmp_path, base + "/xxgk/ndbg/index.html")
        second = _run(tmp_path, base + "/xxgk/ndbg/index.html")
    assert first["finish_reason"] == "finished" and second["finish_reason"] == "finished"
    assert first.get("nianbao/articles_joined") == 1 and second.get("nianbao/articles_joined") == 1
    with sqlite3.connect(tmp_path / "archive.db") as con:
        [(rid, url)] = con.execute("select id, url from reports").fetchall()
        assert url.endswith(f"{FOLDER}{STEM}.html")
        assert con.execute("select count(*) from report_versions").fetchone()[0] == 1
        cells = dict(con.execute("select cell_id, value from cells where report_id = ?", (rid,)).fetchall())
    expected = {k: v for k, v in RENDERED.expected["cells"].items() if v is not None}
    assert {k: cells.get(k) for k in expected} == expected
    fetched = [path for method, path in log if STEM in path]
    assert sorted(set(fetched)) == sorted(f"/{FOLDER}{STEM}{s}.html" for s in ("", "_1", "_2"))


def test_the_joined_report_cites_its_pages_and_its_archived_copy_is_the_first_page(tmp_path):
    """The joined bytes were never served, so they have no WARC record: the documents row of the
    report names the pages' records it was read from, and ``/-/archive/<report>`` serves the first
    page's record with a banner linking every page's archived copy (before: 404, no archived copy)."""
    from tests.test_publish import datasette_for, fetch

    with serve(_route) as (base, _log):
        _run(tmp_path, base + "/xxgk/ndbg/index.html")
    first = f"{base}/{FOLDER}{STEM}.html"
    with sqlite3.connect(tmp_path / "archive.db") as con:
        [(rid, sha)] = con.execute("select id, sha256 from reports").fetchall()
        [(warc, joined)] = con.execute("select warc_file, joined_from from documents where url = ? and sha256 = ?",
                                       (first, sha)).fetchall()
        pages = json.loads(joined)
        assert warc is None and [p["url"] for p in pages] == [first, *(f"{base}/{FOLDER}{STEM}_{n}.html" for n in (1, 2))]
        for page in pages:  # every cited page is an archived record of those exact bytes
            [(held,)] = con.execute("select warc_file from documents where url = ? and sha256 = ?",
                                    (page["url"], page["sha256"])).fetchall()
            assert held is not None
    ds = datasette_for(tmp_path / "archive.db", tmp_path / "warc")
    copy, raw, by_sha = fetch(ds, f"/-/archive/{rid}", f"/-/archive/{rid}?raw=1", f"/-/archive/{sha}")
    assert copy.status_code == 200 and by_sha.status_code == 200
    assert raw.status_code == 200 and raw.content == article_page(0)  # the first page as it was served
    assert copy.headers["X-Archive-SHA256"] == pages[0]["sha256"]
    assert "read from 3 pages joined" in copy.text
    assert all(f"/-/archive/{p['sha256']}" in copy.text for p in pages)
