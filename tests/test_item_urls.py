"""Item URLs a list service does not send (learned from rendered hrefs, or read from scripts),
answers in XML, documents shown in viewers and embeds, attachments written by inline scripts."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from crawler.dialects import item_urls, listservice
from crawler.discovery import viewed_document
from crawler.page import Page
from crawler.script_links import script_documents

ITEMS = [  # a service's rows: page items have no file, file items (kind 40) no page
    {"docId": 48378, "title": "某市人民政府2019年政府信息公开工作年度报告", "pubDate": "2020-03-14 09:12:00", "kind": 20,
     "fileName": ""},
    {"docId": 44674, "title": "某市人民政府2020年政府信息公开工作年度报告", "pubDate": "2021-03-02 10:00:00", "kind": 20,
     "fileName": ""},
    {"docId": 43193, "title": "某市医疗保障局2021年政府信息公开工作年度报告", "pubDate": "2022-01-20 13:13:00", "kind": 40,
     "fileName": "202201/61531f3cacc9b50a.docx"},
    {"docId": 46617, "title": "某市统计局2022年政府信息公开工作年度报告", "pubDate": "2023-11-28 11:03:00", "kind": 20,
     "fileName": ""},
    {"docId": 41092, "title": "某市教育局2022年政府信息公开工作年度报告", "pubDate": "2023-02-07 08:30:00", "kind": 40,
     "fileName": "202302/f96bd5cdbcd5d4ba.pdf"},
]


def _href(item: dict) -> str:
    if item["kind"] == 40:
        return "/uploadfiles/" + item["fileName"]
    return f"/zwgk/gknb/{item['pubDate'][:4]}{item['pubDate'][5:7]}/content_{item['docId']}.html"


def test_templates_are_learned_from_the_hrefs_the_page_rendered_and_applied_to_later_items() -> None:
    first_page, later = ITEMS[:3], ITEMS[3:]
    rendered = [(_href(i), i["title"]) for i in first_page] + [("/", "首页")]
    rules = item_urls.learn(first_page, rendered, "http://h/zwgk/gknb/index.html")
    assert [r.parts for r in rules] == [
        (("", "/zwgk/gknb/"), ("pubDate", "ym"), ("", "/content_"), ("docId", ""), ("", ".html")),
        (("", "/uploadfiles/"), ("fileName", "")),
    ]
    assert rules[0].when == (("kind", "20"),) and rules[0].empty == ("fileName",)
    for item in later:  # a page in November, a file: each by its own rule
        assert item_urls.build(rules, item, "http://h/") == "http://h" + _href(item)
    data = {"rc": 0, "rows": later}
    links = listservice.items(data, "http://h/api/list", rules)
    assert [(link.url, link.text) for link in links] == [("http://h" + _href(i), i["title"]) for i in later]


def test_dates_in_urls_and_tokens_of_their_own() -> None:
    item = {"id": "7932460", "colId": "1650942", "t": "某区2025年政府信息公开工作年度报告", "ts": "2026-02-02 09:00"}
    assert item_urls.template_for("/art/2026/2/2/art_1650942_7932460.html", item) == (
        ("", "/art/"), ("ts", "year"), ("", "/"), ("ts", "m"), ("", "/"), ("ts", "d"), ("", "/art_"),
        ("colId", ""), ("", "_"), ("id", ""), ("", ".html"))
    assert item_urls.template_for("/zw/202602/t20260202_7932460.html", item) == (
        ("", "/zw/"), ("ts", "ym"), ("", "/t"), ("ts", "ymd"), ("", "_"), ("id", ""), ("", ".html"))
    assert item_urls.template_for("/about.html", item) is None  # nothing of the item in it


def test_templates_written_as_string_concatenations_in_scripts() -> None:
    script = """function href(r){ return r.t === 'f' ? r.f : '/xxgk/info/' + r.ts.substr(0, 4) + '/' + r.sid + '.shtml'; }
      h += '<li><a href="' + href(r) + '">' + r.tt + '</a></li>';
      pinfo.innerText = '第' + st.pn + '/' + st.total + '页';
      el.onclick = function () { location.href = 'detail.html?uuid=' + row["uuid"]; };"""
    assert item_urls.from_scripts([script]) == [
        (("", "/xxgk/info/"), ("ts", "0:4"), ("", "/"), ("sid", ""), ("", ".shtml")),
        (("", "detail.html?uuid="), ("uuid", "")),
    ]
    rows = [{"sid": "2f332535164fdba1", "tt": "某市2020年政府信息公开工作年度报告", "ts": "2021-03-05"},
            {"sid": "8d169cc0cfde45dc", "tt": "某市2021年政府信息公开工作年度报告", "ts": "2022-02-11"}]
    [rule] = item_urls.choose(item_urls.from_scripts([script]), rows)
    rule = item_urls.anchor(rule, "http://h/xxgk/list.html?cat=NB")
    assert [item_urls.build([rule], r, "http://h/") for r in rows] == [
        "http://h/xxgk/info/2021/2f332535164fdba1.shtml", "http://h/xxgk/info/2022/8d169cc0cfde45dc.shtml"]
    detail = item_urls.anchor(item_urls.Rule((("", "detail.html?uuid="), ("uuid", ""))), "http://h/xxgk/list.html")
    assert item_urls.build([detail], {"uuid": "a1b2c3"}, "http://h/api/") == "http://h/xxgk/detail.html?uuid=a1b2c3"


def test_xml_answers_read_like_json() -> None:
    xml = ("<?xml version='1.0' encoding='GBK'?><response><total>13</total><list>"
           "<item><docId>48378</docId><title>某市2019年政府信息公开工作年度报告</title><fileName/></item>"
           "<item><docId>44674</docId><title>某市2020年政府信息公开工作年度报告</title><fileName/></item>"
           "</list></response>")
    data = listservice.parse_answer(xml)
    assert listservice.counts(data) == (13, None)
    assert [r["docId"] for r in listservice.records(data)] == ["48378", "44674"]
    cdata = "<datastore><recordset><record><![CDATA[<li><a href='/art/1.html'>某区2023年报</a></li>]]></record></recordset></datastore>"
    assert [link.url for link in listservice.items(listservice.parse_answer(cdata), "http://h/")] == ["http://h/art/1.html"]
    assert listservice.parse_answer("<tr><td><a href='/a.html'>x</a></td></tr>") == {"html": "<tr><td><a href='/a.html'>x</a></td></tr>"}


def test_documents_shown_in_viewers_and_embeds_are_the_pages_attachments() -> None:
    assert viewed_document("http://h/static/pdfjs/web/viewer.html?file=%2Fuploadfiles%2F202101%2F0120.pdf") == \
        "http://h/uploadfiles/202101/0120.pdf"
    assert viewed_document("http://h/pdfjs/web/viewer.html?file=../../files/nb.pdf#page=2") == "http://h/files/nb.pdf"
    # a viewer showing a download script's answer: that address, whatever its name
    assert viewed_document("http://h/static/pdfjs/web/viewer.html?file=%2Fapi%2Ffile%2Fdown%3Fid%3D7") == \
        "http://h/api/file/down?id=7"
    assert viewed_document("http://h/pdfjs/web/viewer.html?file=/xxgk/nb/") == "http://h/pdfjs/web/viewer.html?file=/xxgk/nb/"
    download = "http://h/module/download/downfile.jsp?classid=0&filename=/a/b.pdf"
    assert viewed_document(download) == download  # a download script serves the file itself
    body = ("<html><head><title>某县2021年政府信息公开工作年度报告</title></head><body><h2>某县2021年政府信息公开工作年度报告</h2>"
            "<div class='nr'><p>详见附件。</p><embed src='/uploadfiles/202201/0120.pdf' type='application/pdf'>"
            "<iframe src='/pdfjs/web/viewer.html?file=/uploadfiles/202201/0121.pdf'></iframe>"
            "<iframe src='/map/index.html'></iframe><object data='/uploadfiles/202201/0122.doc'></object>"
            "<iframe src='/js/pdfjs/web/viewer.html?file=%2Fapi%2Ffile%2Fdown%3Fid%3D7'></iframe></div></body></html>")
    page = Page(HtmlResponse("http://h/xxgk/ndbg/2022/001.html", body=body.encode("utf-8"), encoding="utf-8"))
    assert [link.url for link in page.report_attachments] == [
        "http://h/uploadfiles/202201/0120.pdf", "http://h/uploadfiles/202201/0121.pdf", "http://h/uploadfiles/202201/0122.doc",
        "http://h/api/file/down?id=7"]


def test_document_urls_in_script_string_literals() -> None:
    script = """var fileurl = "./P020240206583147215.pdf"; var filedesc = "某市2023年政府信息公开工作年度报告.pdf";
      document.write('<p>附件：<a href="' + fileurl + '">' + filedesc + '</a></p>');
      document.write('<a href=\\"\\/upload\\/2024\\/nb.docx\\">下载</a>'); var logo = "/images/logo.png";"""
    found = script_documents(script, lambda u: u.endswith((".pdf", ".docx")))
    assert [(s.url, s.label) for s in found] == [("./P020240206583147215.pdf", "某市2023年政府信息公开工作年度报告.pdf"),
                                                 ("/upload/2024/nb.docx", "某市2023年政府信息公开工作年度报告.pdf")]


def test_a_date_given_as_epoch_milliseconds_places_its_year_and_month() -> None:
    """An item whose date comes as milliseconds since 1970 (Beijing time) or .NET's ``/Date(ms)/``."""
    items = [{"docId": 7101 + i, "title": f"某县{2024 - i}年政府信息公开工作年度报告", "time": ms}
             for i, ms in enumerate((1705708800000, 1674086400000, 1641312000000))]

    def href(item: dict) -> str:  # 2024-01-20, 2023-01-19, 2022-01-05 in Beijing
        day = {1705708800000: "202401", 1674086400000: "202301", 1641312000000: "202201"}[item["time"]]
        return f"/xxgk/ndbg/{day}/t_{item['docId']}.html"

    rules = item_urls.learn(items[:2], [(href(i), i["title"]) for i in items[:2]], "http://h/xxgk/ndbg/")
    assert rules and item_urls.build(rules, items[2], "http://h/") == "http://h" + href(items[2])
    assert item_urls.build(rules, {**items[2], "time": "/Date(1641312000000)/"}, "http://h/") == "http://h" + href(items[2])


RUOYI_ROWS = [  # RuoYi TableDataInfo rows: the file's path as stored, without the front end's API base
    {"articleId": 101, "title": "某县2023年政府信息公开工作年度报告", "publishTime": "2024-01-19 09:00:00",
     "attachment": "/profile/upload/2024/01/19/34918806_20240119090006A007.docx"},
    {"articleId": 102, "title": "某县2022年政府信息公开工作年度报告", "publishTime": "2023-01-11 09:00:00",
     "attachment": "/profile/upload/2023/01/11/71243667_20230111090007A008.pdf"},
    {"articleId": 103, "title": "某县财政局2022年政府信息公开工作年度报告", "publishTime": "2023-02-01 09:00:00",
     "attachment": "/profile/upload/2023/02/01/55512345_20230201090008A009.pdf"},
]


def test_the_base_the_front_end_puts_before_an_items_own_url_is_learned_and_used() -> None:
    """The page links BASE_API + row.attachment: the bare /profile/… path the service sends is a 404."""
    page = "http://h/portal/category.html?categoryId=6"
    first, later = RUOYI_ROWS[:2], RUOYI_ROWS[2:]
    rendered = [("/prod-api" + r["attachment"], r["title"]) for r in first] + [("/portal/gk.html", "政务公开")]
    linked = listservice.linked_records({"rows": first, "total": 3}, page)
    assert [url for _row, url in linked] == ["http://h" + r["attachment"] for r in first]
    rules = [item_urls.anchor(r, page) for r in item_urls.learn_over(linked, rendered, page)]
    assert [(r.parts, r.over) for r in rules] == [((("", "http://h/prod-api"), ("attachment", "")), True)]
    rules = [item_urls.Rule.from_meta(r.as_meta()) for r in rules]  # as carried to the service's next pages
    assert [link.url for link in listservice.items({"rows": later}, page, rules)] == [
        "http://h/prod-api/profile/upload/2023/02/01/55512345_20230201090008A009.pdf"]
    # a page that links what the service sends learns nothing, and its items keep their own URLs
    as_sent = [(r["attachment"], r["title"]) for r in first]
    assert item_urls.learn_over(linked, as_sent, page) == []
    assert [link.url for link in listservice.items({"rows": later}, page, [])] == ["http://h" + later[0]["attachment"]]


def test_a_link_is_read_by_what_a_reader_sees_not_by_its_script() -> None:
    """A TRS list line: the anchor has a title and a script that writes the (cut) title."""
    html = ('<ul><li><a href="./202503/t20250309_1.htm" title="某市2024年政府信息公开工作年度报告"><script>'
            'var str="某市2024年政府信息公开工作年度报告";if(str.length>18){document.write(str.substring(0,18)+"...");}'
            'else{document.write(str);}</script></a></li>'
            '<li><a href="./202402/t20240201_2.htm"><script>document.write("某市2023年政府信息公开工作年度报告")</script></a></li>'
            '<li><a href="./x.htm">某市2022年政府信息公开工作年度报告<style>a{color:red}</style></a></li></ul>')
    response = HtmlResponse(url="http://h/xxgk/nb/index.htm", body=html.encode(), encoding="utf-8")
    links = Page(response).links()
    assert [(link.text, link.label) for link in links] == [
        ("某市2024年政府信息公开工作年度报告", "某市2024年政府信息公开工作年度报告"),
        ("某市2023年政府信息公开工作年度报告", "某市2023年政府信息公开工作年度报告"),
        ("某市2022年政府信息公开工作年度报告", "某市2022年政府信息公开工作年度报告")]
    # and script code that reached a list title neither names nor vetoes a report page
    from parsers.document import report_title
    code = 'var str="某市2024年政府信息公开工作年度报告";document.write(str.substring(0,18)+"...");'
    assert report_title([code, "某市2024年政府信息公开工作年度报告"], [code]) == "某市2024年政府信息公开工作年度报告"


def test_the_base_a_script_writes_before_an_items_own_url_when_no_href_is_rendered() -> None:
    """Items opened by a click handler (no href to learn from): ``BASE_API + row.attachment`` is read."""
    page = "http://h/portal/category.html?categoryId=6"
    script = ("var BASE_API = '/prod-api', pageNum = 1;\n"
              "function open(a){ window.open(BASE_API + a.attachment); }\n"
              "function more(){ location.href = '/portal/detail.html?id=' + a.articleId; }")
    templates = item_urls.from_scripts([script])
    assert (("", "/prod-api"), ("attachment", "")) in templates
    linked = listservice.linked_records({"rows": RUOYI_ROWS}, page)
    [rule] = item_urls.over_from_scripts(templates, linked, page)
    assert rule.over and [link.url for link in listservice.items({"rows": RUOYI_ROWS[:1]}, page, [rule])] == [
        "http://h/prod-api/profile/upload/2024/01/19/34918806_20240119090006A007.docx"]
    # a script that links the field as sent gives no rule
    assert item_urls.over_from_scripts(item_urls.from_scripts(["x = '/' + a.attachment;"]), linked, page) == []
