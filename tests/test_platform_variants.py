"""Variants real platforms show of shapes the dialects already know, each read without a browser.

- TRS pagers written as one config object (``Pager({size: 7, current: 0, prefix: 'index',
  suffix: 'htm'})``, ccgp.gov.cn and TRS portals; ``createPageHTML({...})``), with a stem that
  carries a path, and the classic TRS pager that splits its file names across literals
  (``"index"+"_"+nextPage+"."+"shtml"``);
- a Hanweb jpage unit whose call names a config variable (``$('#u').jpage(opts)``);
- a TRS WAS5 request written whole in the script with fields of its own (``chnlid=…`` as a field);
- attachment links of report articles: download handlers whose query names a path (the handler,
  not the path, is fetched), ``download="…年度报告.pdf"`` on an extension-less URL, an icon-only link
  in a one-line body.

A crawl of a TRS county site built of these (Pager config, articles with the attachment kinds
above) closes the file.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from scrapy.http import HtmlResponse, Request

from crawler.dialects import DIALECTS, hanweb, trs, was5
from crawler.discovery import viewed_document
from crawler.page import Page
from tests.scrapy_helpers import run_crawl
from tests.test_generic_portals import found, serve
from tests.test_portal_shapes import report_html

COLUMN = "http://www.example.gov.cn/zwgk/xxgknb/"


def _pages(url: str, html: str) -> list[str]:
    """Every page-url dialect's answer for a page, as paths after the column."""
    urls: dict[str, None] = {}
    for dialect in DIALECTS.values():
        if dialect.page_urls:
            urls.update(dict.fromkeys(dialect.page_urls(url, html, [])))
    return [u.removeprefix(COLUMN) for u in urls]


# --- TRS pagers ------------------------------------------------------------------------------
def test_a_pager_config_object_names_the_zero_based_pages() -> None:
    html = "<div id='pg'></div><script>Pager({size:6, current:0, prefix:'index',suffix:'htm'});</script>"
    assert trs.page_urls(COLUMN + "index.htm", html) == [COLUMN + f"index_{n}.htm" for n in range(1, 6)]
    spaced = '<script>new Pager({ "size": 3, "current": 0, "prefix": "list", "suffix": "shtml" })</script>'
    assert trs.page_urls(COLUMN + "list.shtml", spaced) == [COLUMN + "list_1.shtml", COLUMN + "list_2.shtml"]


def test_a_pager_config_object_read_from_a_later_page_and_from_variables() -> None:
    later = "<script>Pager({size:4, current:2, prefix:'index',suffix:'html'});</script>"
    # on index_2 (page 3 of a 0-based list, or page 2 of a 1-based one) the pages both readings share
    # and page 1, whose own call tells the rest; never itself, never index_4 (past a 0-based count)
    assert trs.page_urls(COLUMN + "index_2.html", later) == [COLUMN + "index.html", COLUMN + "index_3.html"]
    variables = ("<script>var nCount = 5, nIndex = 0; var sName = 'index';"
                 "createPageHTML({total: nCount, current: nIndex, name: sName, ext: 'shtml'});</script>")
    assert trs.page_urls(COLUMN + "index.shtml", variables) == [COLUMN + f"index_{n}.shtml" for n in range(1, 5)]
    one_based = "<script>Pager({pageCount: 3, currentPage: 1, prefix: 'index', suffix: '.html'})</script>"
    assert trs.page_urls(COLUMN + "index.html", one_based) == [COLUMN + "index_2.html", COLUMN + "index_3.html"]


def test_a_config_object_without_a_stem_or_a_count_names_nothing() -> None:
    assert trs.page_urls(COLUMN + "index.html", "<script>Pager({size: 4, current: 0});</script>") == []
    assert trs.page_urls(COLUMN + "index.html", "<script>Pager({prefix: 'index', suffix: 'html'});</script>") == []
    assert trs.page_urls(COLUMN + "index.html", "<script>Pager({size: 1, current: 0, prefix: 'index', "
                                                "suffix: 'html'});</script>") == []


def test_a_createpagehtml_stem_may_carry_a_path() -> None:
    html = '<script>createPageHTML(4, 0, "./index", "shtml");</script>'
    assert trs.page_urls(COLUMN + "index.shtml", html) == [COLUMN + f"index_{n}.shtml" for n in (1, 2, 3)]
    rooted = "<script>createPageHTML('page_div', 3, 1, '/zwgk/xxgknb/list', 'html', 27);</script>"
    assert trs.page_urls(COLUMN + "list.html", rooted) == [COLUMN + "list_2.html", COLUMN + "list_3.html"]


def test_the_classic_trs_pager_that_splits_its_file_names_gives_pages_with_their_extension() -> None:
    html = ('<script>var currentPage = 0;//所在页从0开始\nvar prevPage = currentPage-1\nvar nextPage = currentPage+1\n'
            'var countPage = 3//共多少页\ndocument.write("共"+countPage+"页&nbsp;");\n'
            'if(nextPage<countPage) document.write("<a href=\\"index"+"_" + nextPage + "."+"shtml\\">下一页</a>");\n'
            'document.write("<a href=\\"index_" + (countPage-1) + "."+"shtml\\">尾页</a>");</script>')
    pages = _pages(COLUMN + "index.shtml", html)
    assert {"index_1.shtml", "index_2.shtml"} <= set(pages)
    assert all(p.endswith(".shtml") for p in pages)  # never "index_1" without its extension
    one_page = html.replace("countPage = 3", "countPage = 1")  # a single page names no other
    assert _pages(COLUMN + "index.shtml", one_page) == []


# --- Hanweb jpage: a config variable ---------------------------------------------------------------
def test_a_jpage_call_naming_a_config_variable_is_read_from_that_object() -> None:
    html = ("<div id='u7711'></div><script>var opts = {proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 12,"
            " groupSize: 2, totalRecord: 30, ajaxParam: {col: 1, appid: 1, webid: 5, path: '/', columnid: 3051,"
            " sourceContentType: 1, unitid: 7711, webname: '某县', permissiontype: 0}};\n"
            "$(function () { $('#u7711').jpage(opts); });</script>")
    (unit,) = hanweb.find_jpages("http://h/col/col3051/index.html", html)
    assert (unit.fields["columnid"], unit.fields["unitid"], unit.total, unit.per_page, unit.embedded) == (
        "3051", "7711", 30, 12, 0)
    assert [r.url.split("?")[1] for r in hanweb.proxy_requests(unit)] == [
        "startrecord=1&endrecord=24&perpage=12", "startrecord=25&endrecord=30&perpage=12"]
    no_fields = html.replace("columnid: 3051,", "").replace("unitid: 7711,", "")  # nothing to POST: no unit
    assert hanweb.find_jpages("http://h/col/col3051/index.html", no_fields) == []


# --- WAS5: the request written whole -----------------------------------------------------------------
def test_a_was5_request_written_whole_is_asked_with_its_own_fields() -> None:
    html = ("<script>function load(n) { $.get('/was5/web/search?channelid=254874&chnlid=2147438998&perpage=20"
            "&random=0.31&page=' + n, draw); }</script>")
    (service,) = was5.services(COLUMN + "index.html", html)
    assert service.url == "http://www.example.gov.cn/was5/web/search"
    assert service.params == {"channelid": "254874", "chnlid": "2147438998", "perpage": "20", "page": "1"}
    assert service.page_param == "page"
    searchword = ('<script>var url = "/was5/web/search?channelid=229767&searchword=chnlid%3D88&templet=nb.jsp'
                  '&pageNo=";</script>')
    (other,) = was5.services(COLUMN + "index.html", searchword)
    assert (other.params["searchword"], other.params["templet"], other.page_param) == ("chnlid=88", "nb.jsp", "pageNo")


def test_a_was5_config_without_a_written_request_keeps_the_platforms_fields() -> None:
    html = ("<script>listModel({dynUrl: '/was5/web/search', channelid: '288104', chnlid: '4512', "
            "pagebar: {prepage: 6}});</script>")
    (service,) = was5.services(COLUMN + "index.html", html)
    assert (service.params["classsql"], service.params["prepage"]) == ("chnlid=4512", "6")


# --- attachment links -----------------------------------------------------------------------------
def _article(body: str, title: str = "柳溪县2023年政府信息公开工作年度报告") -> Page:
    url = "http://www.example.gov.cn/zwgk/xxgknb/202401/t20240120_91.html"
    html = (f"<html><head><title>{title}</title></head><body><div class='nav'><a href='/'>首页</a></div>"
            f"<h1>{title}</h1><div class='content'><p>现予公布。</p>{body}</div></body></html>")
    return Page(HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url)))


def _paths(links: list) -> list[str]:
    return [urlsplit(link.url).path + ("?" + urlsplit(link.url).query if urlsplit(link.url).query else "")
            for link in links]


def test_a_download_handler_whose_query_names_a_path_is_fetched_as_the_handler() -> None:
    for handler in ("/common/download?path=upload%2F2024%2F0120.docx&name=nb",
                    "/servlet/FileDownload?filePath=/upload/2024/0120.pdf",
                    "/api/file/get_file?path=files/2024/0121.pdf"):
        url = "http://www.example.gov.cn" + handler
        assert viewed_document(url) == url
        page = _article(f"<p><a href='{handler}'>点击下载附件</a></p>")
        assert _paths(page.report_attachments) == [handler]
    # a viewer still shows the file its query names
    assert viewed_document("http://h/pdfjs/web/viewer.html?file=%2Fupload%2F9.pdf") == "http://h/upload/9.pdf"


def test_a_download_attribute_names_the_file_of_an_extensionless_link() -> None:
    for href, words in (("/file/get/9911", "下载"), ("/attachment/show?id=61", "附件一"), ("/f/x7Gq2", "")):
        page = _article(f"<p><a href='{href}' download='柳溪县2023年政府信息公开工作年度报告.pdf'>{words}</a></p>")
        assert _paths(page.report_attachments) == [href]
    plain = _article("<p><a href='/attachment/show?id=61' download>更多信息</a></p>")  # no file name: not a file
    assert plain.report_attachments == []


def test_a_one_line_articles_body_links_count_as_its_body() -> None:
    for link in ("<a href='/upload/2024/0120.pdf'><img src='/images/pdf.gif'></a>",
                 "<a href='/upload/2024/0120.docx'><img src='/images/doc.png' alt='下载'></a>",
                 "<a href='/upload/2024/0120.wps'>柳溪县年报</a>"):
        page = _article(f"<p>{link}</p>")
        assert len(page.report_attachments) == 1
    html_out = ("<html><head><title>柳溪县2023年政府信息公开工作年度报告</title></head><body><div class='content'>"
                "<p>现予公布。</p></div><div class='side'><a href='/upload/guide.pdf'>"
                "<img src='/i.gif'></a></div></body></html>")
    url = "http://www.example.gov.cn/zwgk/xxgknb/202401/t20240120_92.html"
    side = Page(HtmlResponse(url=url, body=html_out.encode(), encoding="utf-8", request=Request(url)))
    assert side.report_attachments == []


# --- a crawl: a TRS county site built of these shapes -------------------------------------------------
REPORTS = [  # (title, article, attachment kind)
    ("柳溪县2024年政府信息公开工作年度报告", "202501/t20250121_101.html", "handler"),
    ("柳溪县2023年政府信息公开工作年度报告", "202401/t20240119_88.html", "download-attr"),
    ("柳溪县教育局2023年政府信息公开工作年度报告", "202401/t20240123_89.html", "icon"),
    ("柳溪县2022年政府信息公开工作年度报告", "202301/t20230120_71.html", "html"),
    ("柳溪县2023年政务公开工作要点", "202403/t20240305_93.html", "handler"),  # a decoy
    ("柳溪县2021年政府信息公开工作年度报告", "202201/t20220118_52.html", "icon"),
    ("柳溪县卫生健康局2022年政府信息公开工作年度报告", "202302/t20230210_74.html", "download-attr"),
    ("柳溪县2020年政府信息公开工作年度报告", "202101/t20210122_40.html", "handler"),
]
PER_PAGE = 3


def _file_of(k: int) -> str:
    return f"/upload/2025/{7310 + k}.docx"


def trs_county(path: str, query: str) -> tuple[int, str, str] | None:
    pages = [REPORTS[i:i + PER_PAGE] for i in range(0, len(REPORTS), PER_PAGE)]
    if path == "/":
        return 200, "<html><body><a href='/zwgk/'>政务公开</a></body></html>", ""
    if path == "/zwgk/":
        return 200, "<html><body><a href='/zwgk/xxgknb/index.htm'>政府信息公开年报</a></body></html>", ""
    if path.startswith("/zwgk/xxgknb/index"):
        stem = path.removeprefix("/zwgk/xxgknb/index").removesuffix(".htm")
        n = int(stem.lstrip("_") or 0)
        if n >= len(pages):
            return None
        rows = "".join(f"<li><a href='./{a}' title='{t}'>{t}</a><span>2024-01-2{k}</span></li>"
                       for k, (t, a, _kind) in enumerate(pages[n]))
        return 200, (f"<html><head><title>政府信息公开年报</title></head><body><ul class='list'>{rows}</ul>"
                     f"<div id='pg'></div><script>Pager({{size:{len(pages)}, current:{n}, prefix:'index',"
                     f"suffix:'htm'}});</script></body></html>"), ""
    for k, (title, article, kind) in enumerate(REPORTS):
        if path == "/zwgk/xxgknb/" + article:
            if kind == "html":
                return 200, report_html(title, k), ""
            control = {
                "handler": f"<a href='/common/download?path={_file_of(k).lstrip('/')}&name=nb'>点击下载</a>",
                "download-attr": f"<a href='/file/get/{7310 + k}' download='{title}.docx'>下载</a>",
                "icon": f"<a href='{_file_of(k)}'><img src='/images/doc.gif'></a>",
            }[kind]
            return 200, (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
                         f"<div class='content'><p>现予公布。</p><p>{control}</p></div></body></html>"), ""
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if path == "/common/download":
        name = parse_qs(query).get("path", [""])[0]
        return (200, f"PK 柳溪县 {name}", docx) if name else None
    if path.startswith("/file/get/") or path.startswith("/upload/2025/"):
        return 200, f"PK 柳溪县 {path}", docx
    return None


def test_a_trs_county_site_with_a_pager_config_and_varied_attachments_is_read_whole() -> None:
    with serve(lambda path, q, m, b: trs_county(path, q)) as (base, log):
        items, _stats = run_crawl([base + "/"])
    asked = [p for _m, p, _b in log]
    want_pages = sorted(f"/zwgk/xxgknb/{a}" for t, a, _k in REPORTS if "年度报告" in t)
    assert found(items, base) == want_pages
    docs = found(items, base, "document_url")
    assert "/common/download?path=upload/2025/7310.docx&name=nb" in docs  # the handler, as written
    assert "/file/get/7311" in docs and "/upload/2025/7312.docx" in docs
    assert {"/zwgk/xxgknb/index_1.htm", "/zwgk/xxgknb/index_2.htm"} <= set(asked)
    assert not any("7314" in p for p in asked)  # the decoy's file is never asked for


# --- Hanweb: records escaped, and a unit read by GET when its dataproxy fails ---------------------------
HANWEB = [(f"青石镇{2024 - k}年政府信息公开工作年度报告" if k % 3 else f"青石县{2024 - k // 3}年政府信息公开工作年度报告",
           f"/art/202{4 - k % 4}/1/{10 + k}/art_4410_{6100 + k}.html") for k in range(8)]
UID, HW_PER = "9120", 3


def _records(chunk: list[tuple[str, str]], escaped: bool = False) -> str:
    items = [f"<li><a href='{url}' title='{t}'>{t}</a><span>2024-01-{10 + n}</span></li>" for n, (t, url) in enumerate(chunk)]
    if escaped:
        return "".join("<record>" + i.replace("<", "&lt;").replace(">", "&gt;") + "</record>" for i in items)
    return "".join(f"<record><![CDATA[{i}]]></record>" for i in items)


def hanweb_site(path: str, query: str, method: str, body: str, mode: str) -> tuple[int, str, str] | None:
    if path == "/":
        return 200, "<html><body><a href='/col/col4410/index.html'>政府信息公开年报</a></body></html>", ""
    if path == "/col/col4410/index.html":
        n = int(parse_qs(query).get("pageNum", ["1"])[0]) if parse_qs(query).get("uid") == [UID] else 1
        chunk = HANWEB[(n - 1) * HW_PER: n * HW_PER]
        total = "" if mode == "unknown-count" else f"totalRecord: {len(HANWEB)}, "
        return 200, (f"<html><head><title>政府信息公开年报</title></head><body><div id='{UID}'>"
                     f"<script type='text/xml'><datastore><recordset>{_records(chunk)}</recordset></datastore></script>"
                     f"</div><script>$(function () {{ $('#{UID}').jpage({{perPage: {HW_PER}, groupSize: 1, {total}"
                     f"proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: {{col: 1, appid: 1, webid: 3, path: '/',"
                     f" columnid: 4410, unitid: {UID}, webname: '青石县', permissiontype: 0}}}}); }});</script>"
                     "</body></html>"), ""
    if path == "/module/web/jpage/dataproxy.jsp":
        if mode != "proxy" or method != "POST" or "columnid=4410" not in body:
            return None
        q = parse_qs(query)
        start, end = int(q["startrecord"][0]), int(q["endrecord"][0])
        chunk = HANWEB[start - 1: end]
        return 200, (f"<datastore><totalrecord>{len(HANWEB)}</totalrecord><recordset>{_records(chunk, escaped=True)}"
                     "</recordset></datastore>"), "text/xml; charset=utf-8"
    for k, (title, url) in enumerate(HANWEB):
        if path == url:
            return 200, report_html(title, k), ""
    return None


def test_hanweb_units_are_read_by_escaped_proxy_records_or_by_their_pagenum_pages() -> None:
    want = sorted(url for _t, url in HANWEB)
    for mode in ("proxy", "proxy-gone", "unknown-count"):
        with serve(lambda path, q, m, b, mode=mode: hanweb_site(path, q, m, b, mode)) as (base, log):
            items, _stats = run_crawl([base + "/"])
        assert found(items, base) == want, mode
        by_get = [p for m, p, _b in log if m == "GET" and "pageNum=" in p]
        if mode == "proxy":
            assert by_get == []  # a working dataproxy is all it takes
        else:
            assert {f"/col/col4410/index.html?uid={UID}&pageNum={n}" for n in (2, 3)} <= set(by_get), mode


# --- TRS 海云 IRS: POST /irs/front/list with the JSON body the page writes ---------------------------
IRS_COLUMN = """<html><head><title>政府信息公开年报</title></head><body><ul id='nbList'></ul><div id='pager'></div>
<script>
var param = {code: '18a7c3f2b1e', tableName: 't_1863d41c5e2', pageNo: 1, pageSize: %d,
             customFilter: {operator: 'and', properties: [{property: 'channel_id', operator: 'eq', value: '57421'}]},
             sorts: [{sortField: 'save_time', sortOrder: 'DESC'}]};
function load(n) { param.pageNo = n;
  $.ajax({url: '/irs/front/list', type: 'POST', contentType: 'application/json', data: JSON.stringify(param),
          success: function (r) { draw(r.data.list); pager(r.data.pager); }}); }
load(1);
</script></body></html>"""
IRS = [(f"石门市{name}{year}年政府信息公开工作年度报告", f"/sm/c57421/{year}01/t{year}0120_{700 + k}.html")
       for k, (name, year) in enumerate([("", 2024), ("民政局", 2024), ("", 2023), ("财政局", 2023), ("", 2022),
                                         ("教育局", 2022), ("", 2021)])] + [("石门市2024年政务公开工作要点", "/sm/c57421/202403/t1.html")]


def irs_site(path: str, method: str, body: str, size: int, answer: str) -> tuple[int, str, str] | None:
    import json as _json

    if path == "/":
        return 200, "<html><body><a href='/sm/c57421/index.html'>政府信息公开年报</a></body></html>", ""
    if path == "/sm/c57421/index.html":
        return 200, IRS_COLUMN % size, ""
    if path == "/irs/front/list" and method == "POST":
        asked = _json.loads(body)
        if asked.get("tableName") != "t_1863d41c5e2" or asked["customFilter"]["properties"][0]["value"] != "57421":
            return 200, _json.dumps({"code": 500, "msg": "bad filter"}), "application/json"
        n = int(asked["pageNo"])
        chunk = IRS[(n - 1) * size: n * size]
        pager = {"pageNo": n, "pageSize": size, "pageCount": -(-len(IRS) // size), "total": len(IRS)}
        if answer == "list":
            data = {"list": [{"title": t, "doc_pub_url": u, "save_time": "2024-01-20"} for t, u in chunk], "pager": pager}
        else:  # the search answer: records under middle.listAndBox[].data, titles marked up
            data = {"middle": {"listAndBox": [{"data": {"title": f"<em>{t[:3]}</em>{t[3:]}", "url": u}} for t, u in chunk]},
                    "pager": pager}
        return 200, _json.dumps({"code": 200, "data": data}, ensure_ascii=False), "application/json;charset=UTF-8"
    for k, (title, url) in enumerate(IRS):
        if path == url:
            return 200, report_html(title, k), ""
    return None


def test_an_irs_column_names_its_service_and_the_body_to_post() -> None:
    from crawler.dialects import irs

    (service,) = irs.services("http://h/sm/c57421/index.html", IRS_COLUMN % 3)
    assert (service.url, service.method, service.body, service.page_param) == (
        "http://h/irs/front/list", "POST", "json", "pageNo")
    body = __import__("json").loads(service.request_args(2)["body"])
    assert body["pageNo"] == 2 and body["pageSize"] == 3 and body["tableName"] == "t_1863d41c5e2"
    assert body["customFilter"]["properties"][0] == {"property": "channel_id", "operator": "eq", "value": "57421"}
    inline = ("<script>fetch('/irs/front/search', {method: 'POST', body: JSON.stringify({code: '17e5', dataTypeId: '18',"
              " searchWord: '', pageNo: 1, pageSize: 15})});</script>")
    (search,) = irs.services("http://h/col/index.html", inline)
    assert search.url.endswith("/irs/front/search") and '"dataTypeId": "18"' in search.json_body
    assert irs.services("http://h/", "<script>JSON.stringify({pageNo: 1})</script>") == []  # no IRS service named


def test_an_irs_column_is_walked_page_by_page_without_a_browser() -> None:
    want = sorted(u for t, u in IRS if "年度报告" in t)
    for size, answer in ((3, "list"), (4, "search")):
        with serve(lambda path, q, m, b, size=size, answer=answer: irs_site(path, m, b, size, answer)) as (base, log):
            items, stats = run_crawl([base + "/"])
        assert found(items, base) == want, answer
        posts = [p for m, p, _b in log if m == "POST"]
        assert posts == ["/irs/front/list"] * -(-len(IRS) // size), answer
        assert not stats.get("nianbao/rendered") and not stats.get("nianbao/browser_started"), answer


# --- path pagers: numbered links of the page's own shape ----------------------------------------------
def test_numbered_links_of_the_pages_own_shape_are_its_other_pages() -> None:
    from crawler.dialects import pagination
    from crawler.discovery import Link

    h = "http://www.example.gov.cn"
    page = h + "/xxgk/ndbg/page/2/"
    links = [Link(h + "/xxgk/ndbg/", "1"), Link(h + "/xxgk/ndbg/page/3/", "3"), Link(h + "/xxgk/ndbg/page/4/", "4"),
             Link(h + "/xxgk/ndbg/page/3/", "»"), Link(h + "/art/2024/1/5.html", "5")]
    assert pagination.page_urls(page, links) == [h + "/xxgk/ndbg/page/3/", h + "/xxgk/ndbg/page/4/"]
    dede = h + "/zwgk/list_12_2.html"
    assert pagination.page_urls(dede, [Link(h + "/zwgk/list_12_3.html", "3"), Link(h + "/plus/list.php?tid=9", "9")]) \
        == [h + "/zwgk/list_12_3.html"]


# --- gkmlpt: a department's platform under its own path, no site id in the page ------------------------
def test_a_gkmlpt_column_under_a_departments_path_is_asked_with_or_without_its_site_id() -> None:
    from crawler.dialects import gkmlpt

    shell = "<div id='app'></div><script src='/zqhjj/gkmlpt/static/js/app.js'></script>"
    [svc] = gkmlpt.services("http://www.example.gov.cn/zqhjj/gkmlpt/index#2972", shell)
    assert svc.request_args(3)["url"] == "http://www.example.gov.cn/zqhjj/gkmlpt/api/all/2972?page=3"
    named = shell + "<script>window._CONFIG = {\"SID\": \"758019\"};</script>"
    [svc] = gkmlpt.services("http://www.example.gov.cn/zqhjj/gkmlpt/index#2973", named)
    assert svc.request_args(1)["url"] == "http://www.example.gov.cn/zqhjj/gkmlpt/api/all/2973?page=1&sid=758019"
    # outside a /gkmlpt/ path the site id is what makes a page a gkmlpt shell
    assert gkmlpt.services("http://www.example.gov.cn/xxgk/index.html#2972", "<p>gkmlpt</p>") == []


# --- a report page's file on the site's file server (another port of its host) ------------------------
def test_a_report_pages_file_on_another_port_of_its_host_is_fetched_but_other_sites_reports_are_not() -> None:
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def files(path: str, q: str, m: str, b: str) -> tuple[int, str, str] | None:
        if path.startswith("/upload/"):
            return 200, f"PK 柳溪县 {path}", docx
        if path == "/other/nb2023.html":  # another place's report, linked from the column: not this site's
            return 200, report_html("桃源县2023年政府信息公开工作年度报告", 5), ""
        return None

    with serve(files) as (file_base, file_log):
        def site(path: str, q: str, m: str, b: str) -> tuple[int, str, str] | None:
            if path == "/":
                return 200, "<html><body><a href='/nb/index.html'>政府信息公开年报</a></body></html>", ""
            if path == "/nb/index.html":
                return 200, ("<html><head><title>政府信息公开年报</title></head><body><ul>"
                             "<li><a href='/nb/2024/001.html'>柳溪县2023年政府信息公开工作年度报告</a></li>"
                             "<li><a href='/nb/2024/002.html'>柳溪县民政局2023年政府信息公开工作年度报告</a></li>"
                             f"<li><a href='{file_base}/other/nb2023.html'>桃源县2023年政府信息公开工作年度报告</a></li>"
                             "</ul></body></html>"), ""
            if path in ("/nb/2024/001.html", "/nb/2024/002.html"):
                title = "柳溪县2023年政府信息公开工作年度报告" if path.endswith("1.html") else "柳溪县民政局2023年政府信息公开工作年度报告"
                return 200, (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                             f"<p>详见附件。</p><p>附件：<a href='{file_base}/upload/{path[-8:-5]}.docx'>点击下载</a></p>"
                             "</div></body></html>"), ""
            return None

        with serve(site) as (base, _log):
            items, _stats = run_crawl([base + "/"])
    assert found(items, base) == ["/nb/2024/001.html", "/nb/2024/002.html"]
    assert sorted(i["document_url"].removeprefix(file_base) for i in items if i["type"] == "report") == [
        "/upload/001.docx", "/upload/002.docx"]
    assert "/other/nb2023.html" not in [p for _m, p, _b in file_log]


# --- Fujian fjdzapp: a column id joined into classsql ---------------------------------------------------
def test_a_fjdzapp_classsql_joined_from_the_pages_own_ids_is_resolved() -> None:
    from crawler.dialects import fjdzapp

    joined = ("<script>var SiteInfo = {searchId: 200210, chnlId: 1813};"
              "require(['list2.trsapi'], function (listModel) { listModel({quickMode: '动静结合', listArgs: {"
              "channelid: SiteInfo.searchId, classsql: 'chnlid=' + SiteInfo.chnlId}, pagebar: {prepage: 12}}); });</script>")
    [svc] = fjdzapp.services("http://www.example.gov.cn/zwgk/gknb/", joined)
    assert (svc.params["channelid"], svc.params["classsql"], svc.params["prepage"]) == ("200210", "chnlid=1813", "12")
    variable = joined.replace("SiteInfo.chnlId}", "colId}").replace("var SiteInfo", "var colId = '2247'; var SiteInfo")
    [svc] = fjdzapp.services("http://www.example.gov.cn/zwgk/gknb/", variable)
    assert svc.params["classsql"] == "chnlid=2247"
    unknown = joined.replace("SiteInfo.chnlId}", "window.nowhere}")  # an id the page sets nowhere: no guess
    assert fjdzapp.services("http://www.example.gov.cn/zwgk/gknb/", unknown) == []


def test_a_kkfileview_preview_shows_the_file_its_base64_address_names() -> None:
    import base64
    from urllib.parse import quote

    for file_url in ("http://www.example.gov.cn/upload/2024/nb2023.docx", "http://www.example.gov.cn:8012/files/2023-nb_final~v2.pdf"):
        encoded = base64.b64encode(file_url.encode()).decode()
        for viewer in (f"/kkfile/onlinePreview?url={quote(encoded)}", f"/onlinePreview?url={encoded}"):
            assert viewed_document("http://www.example.gov.cn" + viewer) == file_url
    page = _article(f"<iframe src='/onlinePreview?url={quote(base64.b64encode(b'/upload/2024/nb.pdf').decode())}'></iframe>")
    assert _paths(page.report_attachments) == ["/upload/2024/nb.pdf"]
    plain = "http://www.example.gov.cn/onlinePreview?url=notbase64atall"  # not an address: left as it is
    assert viewed_document(plain) == plain


def test_a_column_named_as_the_disclosure_work_report_is_the_reports_column() -> None:
    from crawler.discovery import Link, is_column_link

    column = "http://www.example.gov.cn/col/col4410/index.html"
    for name in ("政府信息公开年度工作报告", "政府信息公开工作报告", "信息公开工作报告", "政府信息公开年报"):
        assert is_column_link(Link(column, name)), name
    for name in ("政府工作报告", "年度工作报告", "工作报告", "统计年度工作报告"):
        assert not is_column_link(Link(column, name)), name


# --- a column that names its items by their year alone ---------------------------------------------------
def test_a_column_naming_its_items_by_year_alone_has_them_read_as_what_they_are() -> None:
    years = {2024: "t20250118_63", 2023: "t20240119_51", 2022: "t20230120_40", 2021: "t20220117_32"}

    def site(path: str, q: str, m: str, b: str) -> tuple[int, str, str] | None:
        if path == "/":
            return 200, "<html><body><a href='/xxgk/zfxxgknb/index.html'>政府信息公开年报</a></body></html>", ""
        if path == "/xxgk/zfxxgknb/index.html":
            rows = "".join(f"<li><a href='./{y + 1}01/{a}.html'>{y}年度</a><span>{y + 1}-01-18</span></li>"
                           for y, a in years.items())
            return 200, (f"<html><head><title>政府信息公开年报</title></head><body><ul class='list'>{rows}</ul>"
                         "</body></html>"), ""
        for k, (y, a) in enumerate(years.items()):
            if path == f"/xxgk/zfxxgknb/{y + 1}01/{a}.html":
                title = f"松岭县{y}年政府信息公开工作年度报告"
                if y == 2022:  # a 详见附件 article
                    return 200, (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='content'>"
                                 f"<p>详见附件。</p><a href='/upload/{a}.pdf'>点击下载</a></div></body></html>"), ""
                return 200, report_html(title, k), ""
        if path.startswith("/upload/"):
            return 200, "%PDF-1.4 松岭县 " + path, "application/pdf"
        return None

    with serve(site) as (base, _log):
        items, _stats = run_crawl([base + "/"])
    assert found(items, base) == sorted(f"/xxgk/zfxxgknb/{y + 1}01/{a}.html" for y, a in years.items())
    assert "/upload/t20230120_40.pdf" in found(items, base, "document_url")
