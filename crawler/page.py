"""A fetched page as the spider reads it: decoded text, links, titles, the article body.

A page object in the web-poet manner: it takes a response and exposes what the spider needs to
decide what to fetch next, and can be tested on a stored response without a crawler.

Each page is parsed once (one lxml tree, under ``sel``) and every text the spider's decisions need
is computed once per page, on first use: the visible text, its squeezed form, each candidate body
container's text. They live on the Page, so they go with the response and are never cached across
responses (a process-wide cache of whole page texts kept them alive, issue 13). The tree is walked
with lxml directly where parsel would wrap every text node in a Selector of its own.

Decoding follows the issue: the HTTP header's charset, then the page's ``<meta charset>`` (or XML
declaration), then detection. A declared charset that does not decode the bytes is skipped, so a
server that says UTF-8 over a GBK page still reads right. GB2312 and GBK are read as GB18030,
their superset, since pages labelled GB2312 routinely use characters outside it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from functools import cached_property
from urllib.parse import urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response

from parsers.decode import decode
from parsers.document import report_title
from parsers.normalize import squeeze
from parsers.titles import agency_from_title, is_report_title, names_lookalike, year_from_title

from .discovery import (
    SOFT_404_MAX_CHARS,
    Link,
    blocked_reason,
    gone_reason,
    is_attachment_url,
    is_trs_file,
    is_year_item,
    names_document,
    report_label,
    route_fragment,
    viewed_document,
    without_anchor,
)
from .script_links import (
    Navigator,
    bound_templates,
    called_function,
    called_url,
    defined_functions,
    element_url,
    navigating_functions,
    navigation_url,
    opened_url,
    script_documents,
    script_html,
    script_records,
    variable_html,
)

# Where CMSs put the article body: TRS, Hanweb/UCAP, and the common generic names.
CONTENT_SELECTORS = (
    ".TRS_Editor", "#zoom", "#Zoom", ".zoom", ".article-content", "#UCAP-CONTENT", ".ucap-content",
    "#fontzoom", ".pages_content", ".wzcon", "#content", ".content", ".article", ".detail",
    "article", "main",
)
MARKUP_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/xml", "application/xml"})
# Section headings a report body carries (2019/2021 forms and the free-text reports before them).
REPORT_MARKERS = (
    "总体情况", "概述", "主动公开", "依申请", "行政复议", "行政诉讼", "收到和处理", "存在的主要问题",
    "改进措施", "其他需要报告", "收费",
)
# Attachments on a report page that are something else: the guide, the application form, …
_OTHER_DOCUMENT = re.compile(r"指南|申请表|解读|图解|一图|目录|办法|规定|制度")
_ATTACHMENT_BLOCK = re.compile(r"fj|fujian|attach|enclosure|download|files?\b|xgfj", re.I)
# Links: <a href>, and any element that navigates by script (onclick on an <li>, a <tr>, a button).
# The second are reached through their onclick attributes (the parents of ``.//*/@onclick``, the same
# elements as ``.//*[@onclick]``): libxml2 walks attributes by name far faster than it tests a
# predicate on every element of a long page.
LINK_XPATH = (".//a[@href] | .//*/@onclick/parent::*[not(self::a[@href])]"
              " | .//*/@data-href/parent::*[not(self::a[@href] or @onclick)]"
              " | .//*/@data-url/parent::*[not(self::a[@href] or @onclick)]"
              " | .//form//input[@type='submit' and not(@onclick)] | .//form//button[@type='submit' and not(@onclick)]")
# A script's or a style's content is one text node, their child (the HTML parser reads it raw): a
# parent test, not an ancestor walk for every text node of the page
_VISIBLE_TEXT = "//body//text()[not(parent::script or parent::style)]"
_INVISIBLE = re.compile(r"[\s\u200b\ufeff]+")


def compact(text: str) -> str:
    """``text`` without whitespace and zero-width characters: :func:`parsers.normalize.squeeze`
    without its half-width mapping, which maps one character to one and never to or from a Han
    character. So lengths are the same and a Han-only marker (总体情况, 详见附件) is found in one
    exactly when in the other, at a fraction of the cost on a whole page."""
    return _INVISIBLE.sub("", text)
# A link to a page of the article's attachments (【查看附件】 → fjxz.asp?id=N, 附件下载, 点击下载), or to
# the file behind an extensionless handler (查看原文 → /ndbg/down/5454, a 302 to the file): its words
# say 附件, 下载 or 查看原文; a download centre, an app or a browser to download is something else.
_ATTACHMENT_PAGE_TEXT = re.compile(r"附件|下载|查看原文")
_NOT_ATTACHMENT_PAGE = re.compile(r"中心|专区|专栏|软件|客户端|APP|浏览器|阅读器|插件|更多|列表", re.I)
MAX_ATTACHMENT_PAGE_FILES = 6  # a page of one report's attachments is small; more is a list
# A body that sends the reader to its attachment: "详见附件", "见附件", "请下载附件".
_SEE_ATTACHMENT = re.compile(r"详?见附件|请?下载附件|附件下载|点击下载")
# Who runs the site: an agency's full name (…人民政府, …管理委员会, …局), as a banner, a 主办单位
# line or the home page's <title> state it.
_AGENCY_NAME = re.compile(r"[\u4e00-\u9fff（）()]{2,30}?(人民政府(办公室|办公厅)?|管理委员会|委员会|办事处|政府|局|厅|办公室)")
_SITE_SUFFIX = re.compile(r"(门户网站|官方网站|政府网站|网站|官网|欢迎您?|首页)$")
_OWNER_LINE = re.compile(r"(?:主办单位|主办|版权所有|©|Copyright)\s*[:：]?\s*([\u4e00-\u9fff（）()]{4,40})", re.I)
_NOT_A_PAGE = re.compile(r"\.(js|css|png|jpe?g|gif|svg|ico|mp4|swf|woff2?)$", re.I)
# An option value that is an address whatever the select's handler: http(s)://…, /path, ./page.html
_PAGE_ADDRESS = re.compile(r"https?://|/[\w.-]|\.{1,2}/|[\w-]+\.(s?html?|jsp|aspx?|php)\b", re.I)
# Script files that define no page's own functions: libraries, frameworks, statistics, bundles.
_LIBRARY_SCRIPT = re.compile(r"jquery|bootstrap|vue|react|angular|layui|layer|echarts|swiper|lodash|axios|polyfill|"
                             r"analytics|gtag|hm\.js|cnzz|z_stat|jsencrypt|crypto|zepto|require|seajs|moment|ueditor|"
                             r"pdf|viewer|chunk|vendor|bundle", re.I)
# Blocks that open an article body, read for a title the page prints there and nowhere else.
_OPENING_BLOCKS = ".//p | .//h3 | .//h4 | .//div[not(.//div or .//p or .//table)]"
MAX_OPENING_BLOCKS = 12
MAX_SCRIPT_FILES = 4  # script files a page's handlers are looked up in
_OWNER_BLOCK = re.compile(r"banner|header|head\b|logo|top|site-?name|sitename|footer|foot|copyright|bottom", re.I)


def detect_encoding(body: bytes, content_type: str | None) -> str:
    """The codec to read ``body`` with: the parser's own policy (parsers.decode), so the spider and
    the parser never read one page two ways."""
    return decode(body, content_type)[1]


class Page:
    """An HTML page (or a Hanweb XML answer) decoded once, with the questions the spider asks."""

    def __init__(self, response: Response, scripts: list[str] | None = None):
        """``scripts``: the code of same-site script files the page loads, read by the spider
        (:attr:`script_files`), where the functions its handlers call may be defined."""
        self.response = response
        self.external_scripts = list(scripts or [])
        self.url = response.url
        content_type = response.headers.get(b"Content-Type")
        self.content_type = content_type.decode("latin-1") if content_type else None
        text, self.encoding = decode(response.body, self.content_type)  # the body decoded once
        # decode() drops a UTF-8 byte-order mark, which the page's text has always kept
        self.text = "\ufeff" + text if response.body.startswith(codecs.BOM_UTF8) else text
        self.sel = Selector(text=self.text or "<html></html>", type="html")
        base = self.sel.css("base::attr(href)").get()
        self.base_url = urljoin(self.url, base.strip()) if base else self.url
        self._content_text = ""  # the compact text of ``content``, set with it

    @staticmethod
    def is_html(response: Response) -> bool:
        """An HTML (or XML) answer rather than a PDF or Word file: by type, else by the first bytes."""
        ct = (response.headers.get(b"Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
        if ct in MARKUP_TYPES:
            return True
        if ct and not ct.startswith(("text/", "application/octet-stream")):
            return False
        start = response.body[:512].lstrip().lower()
        return start.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<meta", b"<script", b"<div"))

    # --- links --------------------------------------------------------------------------------
    def links(self) -> list[Link]:
        """Every ``<a href>`` as an absolute :class:`Link`, anchors left out, and the links inline
        scripts write out whole (a TRS list printed by ``document.write``)."""
        found = _unique([*(link for _, link in self._anchors), *self._bound_links()])
        written = "".join(variable_html(code) or script_html(code) for code in self._inline_scripts())
        seen = {link.url for link in found}
        if written:
            found += [link for link in links_in(Selector(text=f"<div>{written}</div>", type="html"), self.base_url)
                      if link.url not in seen]
            seen = {link.url for link in found}
        # a menu or tree the script draws from its own data ({name: '政府信息公开年报', url: '/zwgk/gknb/'})
        for record in (r for code in self._inline_scripts() for r in script_records(code)):
            url = without_anchor(urljoin(self.base_url, record.url))
            if url not in seen and url != self.url:
                seen.add(url)
                found.append(Link(url=url, text=squeeze(record.label)))
        return found

    @cached_property
    def _anchors(self) -> list[tuple[Selector, Link | None]]:
        """Every link element of the page (:data:`LINK_XPATH`) with the link it makes (None: it
        opens nothing), once a page: :meth:`links` and the attachment readers all walk them."""
        return [(a, _link(a, self.base_url, self.functions, self.encoding)) for a in self.sel.xpath(LINK_XPATH)]

    @cached_property
    def _body_urls(self) -> set[str]:
        """The URLs the article body (:attr:`content`) links to; on a short article (a 详见附件 page
        of one line, too short for :attr:`content`) the links of its body container all the same."""
        body = self.content
        if body is None:
            body = next((max(nodes, key=lambda n: len(n.xpath("string(.)").get() or ""))
                         for css in CONTENT_SELECTORS if (nodes := self.sel.css(css))), None)
        if body is None:
            return set()
        return {link.url for link in links_in(body, self.base_url, self.functions)}

    def _bound_links(self) -> list[Link]:
        """Elements opened by a click handler bound by script that builds the URL from the element's
        attributes (``<li data-id="5200">`` with ``$('.news li').click(… '/art_' + $(this).data('id') …)``)."""
        templates = bound_templates([*self._inline_scripts(), *self.external_scripts])
        found = []
        for parts in templates:
            attrs = sorted({p.partition(":")[2] for p in parts if p.startswith("@")})
            # an element's own id is on every kind of element: only attributes kept for the handler count
            if not all(re.fullmatch(r"[\w-]+", a) for a in attrs) or "id" in attrs:
                continue
            test = " and ".join(f"@{a}" for a in attrs)
            for el in self.sel.xpath(f"//body//*[{test}][not(self::a[@href]) or @href='#' or starts-with(@href, 'javascript')]"):
                url = element_url(parts, dict(el.attrib))
                if url and len(el.xpath("string(.)").get() or "") <= MAX_ITEM_TEXT:  # an item, not a container
                    found.append(Link(url=without_anchor(urljoin(self.base_url, url)),
                                      text=squeeze(el.xpath("string(.)").get() or ""),
                                      title=squeeze(el.attrib.get("title", ""))))
        return found

    def option_links(self) -> list[Link]:
        """Pages a navigation ``<select>`` opens (``<select onchange="window.open(this.value)">``, a
        部门 / 年度 jump list, however its script is bound): each ``<option value>`` that is a page
        address, labelled by the option's text. Such a select holds links as surely as a list of
        ``<a>``; a form's select (values that are codes: 2021, 0, gkzn) holds none."""
        found: dict[str, Link] = {}
        for option in self.sel.xpath("//select/option[@value] | //select/optgroup/option[@value]"):
            value = (option.attrib.get("value") or "").strip()
            if not _PAGE_ADDRESS.match(value):
                continue
            url = without_anchor(urljoin(self.base_url, value))
            if url != self.url and not _NOT_A_PAGE.search(urlsplit(url).path):
                found.setdefault(url, Link(url=url, text=squeeze(option.xpath("string(.)").get() or "")))
        return list(found.values())

    def frames(self) -> list[Link]:
        """Pages shown in ``<iframe>`` / ``<frame>`` (a column whose list sits in a frame), as
        links labelled by the frame's title or name; documents and viewers are attachments instead
        (:attr:`report_attachments`), scripts' blank frames are nothing."""
        found: dict[str, Link] = {}
        for node in self.sel.xpath("//iframe[@src] | //frame[@src]"):
            src = (node.attrib.get("src") or "").strip()
            if not src or src.lower().startswith(("javascript:", "about:", "data:", "#")):
                continue
            url = without_anchor(urljoin(self.base_url, src))
            if url == self.url or is_attachment_url(viewed_document(url)) or _NOT_A_PAGE.search(urlsplit(url).path):
                continue
            label = squeeze(node.attrib.get("title") or node.attrib.get("name") or "")
            found.setdefault(url, Link(url=url, text=label))
        return list(found.values())

    def _inline_scripts(self) -> list[str]:
        """The code of the page's inline scripts (Hanweb's ``<script type="text/xml">`` records aside)."""
        return self._scripts

    @cached_property
    def _scripts(self) -> list[str]:
        return [s.xpath("string(.)").get() or "" for s in self.sel.xpath("//script[not(@src)]")
                if "xml" not in (s.attrib.get("type") or "").lower()]

    @cached_property
    def functions(self) -> dict[str, Navigator]:
        """The page's own functions that navigate to a URL built from their arguments, for links
        whose handler calls one (``onclick="downFile(1243)"``), defined inline or in the script
        files given (:attr:`external_scripts`)."""
        return navigating_functions([*self._inline_scripts(), *self.external_scripts])

    @cached_property
    def script_files(self) -> list[str]:
        """The script files the page loads (``<script src="/js/common.js">``) that may define its
        functions, its own host's first (the spider asks only for those on the site): well-known
        libraries and bundles left out, at most :data:`MAX_SCRIPT_FILES`."""
        host = urlsplit(self.url).netloc
        found: dict[str, bool] = {}
        for src in self.sel.xpath("//script/@src").getall():
            url = without_anchor(urljoin(self.base_url, src.strip()))
            name = urlsplit(url).path.rsplit("/", 1)[-1]
            if url.startswith("http") and not _LIBRARY_SCRIPT.search(name):
                found[url] = urlsplit(url).netloc != host
        return sorted(found, key=found.__getitem__)[:MAX_SCRIPT_FILES]

    @cached_property
    def unresolved_calls(self) -> set[str]:
        """Functions the page's link handlers call (``onclick="turnPage(2)"``,
        ``href="javascript:downloadFile('a1')"``) that no script the page holds defines: defined,
        if anywhere, in a script file it loads."""
        handlers = self.sel.xpath("//*/@onclick | //a/@href[starts-with(normalize-space(.), 'javascript:')]").getall()
        called = {name for h in handlers if (name := called_function(h.strip().removeprefix("javascript:")))}
        if not called:
            return set()
        return called - defined_functions([*self._inline_scripts(), *self.external_scripts])

    @property
    def script_text(self) -> str:
        """The page's HTML with the code of its script files (:attr:`external_scripts`) after it, as
        inline scripts: what the pager dialects read for a pager defined in a file."""
        if not self.external_scripts:
            return self.text
        return self.text + "".join(f"<script>{code}</script>" for code in self.external_scripts)

    @cached_property
    def meta(self) -> dict[str, str]:
        """``<meta name=… content=…>`` as {lowercased name: content}, each name with its own content
        (a ``<meta name>`` without content gives "", never its neighbour's)."""
        found: dict[str, str] = {}
        for node in self.sel.xpath("//meta[@name]"):
            found.setdefault(node.attrib["name"].strip().lower(), node.attrib.get("content", "").strip())
        return found

    @cached_property
    def visible_text(self) -> str:
        """The page's text without scripts and styles."""
        return " ".join(_xpath_strings(self.sel, _VISIBLE_TEXT))

    @cached_property
    def compact_text(self) -> str:
        """:attr:`visible_text` without spaces, once per page: what the body's markers are looked for in."""
        return compact(self.visible_text)

    def blocked_reason(self) -> str | None:
        """Why this page is a bot challenge, or None (see :func:`crawler.discovery.blocked_reason`)."""
        return blocked_reason(self.response.status, self.response.body, visible_text=self.visible_text)

    @cached_property
    def is_app_shell(self) -> bool:
        """The page is a script-only app's shell: an empty mount element (``<div id="app"></div>``)
        and the app's bundle loaded by ``<script src>``. A challenge's shell is inline code only."""
        if not self.sel.xpath("//script[@src]"):
            return False
        return any(not node.xpath("./*") and not "".join(node.xpath(".//text()").getall()).strip()
                   for node in self.sel.xpath("//body//div[@id or @class] | //body//main[@id or @class]"))

    def script_redirect(self) -> str | None:
        """Where a page that is only a script sending the browser elsewhere goes
        (``<script>location.href='/upload/2023/nb.pdf'</script>``, an old CMS's download.asp or a
        moved article), as an absolute URL; None for any page with text or links of its own."""
        if len(self.compact_text) >= 20 or self.sel.xpath("//body//a[@href]"):
            return None
        for code in self._inline_scripts():
            url = opened_url(code)
            if url:
                target = without_anchor(urljoin(self.base_url, url))
                return target if target != self.url else None
        return None

    def gone_reason(self) -> str | None:
        """Why this 200 page is a dead link (a soft 404), or None (see :func:`crawler.discovery.gone_reason`)."""
        if len(self.compact_text) >= SOFT_404_MAX_CHARS:  # as long as the squeezed text: not squeezed for nothing
            return None
        return gone_reason(self.response.status, self._inline_scripts(), visible_text=self.visible_text,
                           title=self.title)

    @cached_property
    def title(self) -> str:
        """The text of the page's ``<title>`` (as the document states it, unsqueezed)."""
        return self.sel.xpath("string(//title)").get() or ""

    @cached_property
    def _article_titles(self) -> list[str]:
        """``<meta name="ArticleTitle">`` contents (any case of the name), in page order."""
        return self.sel.xpath("//meta[translate(@name,'ARTICLETITLE','articletitle')='articletitle']/@content").getall()

    @cached_property
    def _headings(self) -> tuple[list[str], str]:
        """(the texts of the first four ``<h1>``/``<h2>``, the text of the first ``<h1>``)."""
        return ([h.xpath("string(.)").get() for h in self.sel.css("h1, h2")[:4]],
                self.sel.xpath("string(//h1)").get())

    # --- is this page a report? -----------------------------------------------------------------
    def title_candidates(self, list_title: str | None = None) -> list[str]:
        """Where a report page states its title, most specific first: ``<meta name="ArticleTitle">``,
        the headings, the link text that led here, ``<title>``; when those say no more than the year
        (a column of 2024年 items opening pages headed 2024年), the body's opening lines, where such a
        page prints the report's full title."""
        found = [squeeze(x) for x in (*self._article_titles, *self._headings[0], list_title or "", self.title)]
        found = [t for t in found if t]
        if found and not any(is_report_title(t) for t in found) \
                and any(is_year_item(t) for t in (list_title or "", self._headings[1]) if t):
            found += self._opening_lines
        return found

    def untitled_report(self, list_title: str | None) -> bool:
        """A report that names itself only by its year: opened from a report column's year item
        (``2024年度``), its own titles no more than that year, its body the report's text (a
        department's page headed 2024年度 whose text says "由某某局编制" and holds the tables)."""
        own = [t for t in (squeeze(x) for x in (*self._article_titles, *self._headings[0], self.title)) if t]
        return bool(list_title) and is_year_item(squeeze(list_title)) and all(is_year_item(t) for t in own) \
            and self.holds_report_text

    @cached_property
    def _opening_lines(self) -> list[str]:
        """The first short text blocks of the article (paragraphs, bold or centred lines): a title
        printed in the body."""
        lines = []
        for node in (self.content or self.sel).xpath(_OPENING_BLOCKS)[:MAX_OPENING_BLOCKS]:
            text = squeeze(node.xpath("string(.)").get() or "")
            if 6 <= len(text) <= 80:
                lines.append(text)
        return lines

    def report_title(self, list_title: str | None = None) -> str | None:
        """The report's title when this page is one; None for a look-alike or another page.

        A page is a report when any of its titles names one, and none of the specific ones (the
        ArticleTitle meta, the link text, the first heading) names a look-alike such as the report's
        解读 or a 法治政府建设年度报告.
        """
        meta = self._article_titles[0] if self._article_titles else None
        return report_title(self.title_candidates(list_title), [meta, list_title, self._headings[1]])

    @cached_property
    def site_owner(self) -> str | None:
        """The agency that runs the site, when the page states it: a 主办单位 / 版权所有 line, a
        banner or header block holding just a name, or its ``<title>``'s site part. A context for
        reports whose titles name no agency (:func:`parsers.document.decide` checks the report's
        own text names it before using it)."""
        lines = [m.group(1) for m in _OWNER_LINE.finditer(self.visible_text)]
        texts = [m.group(0) for line in lines if (m := _AGENCY_NAME.match(line))]
        # the class and id strings first, in one call: most pages (a long Word-exported report with
        # a class on every paragraph) name no such block, and then no element is looked at one by one
        names = "\n".join(_xpath_strings(self.sel, "//body//*/@class | //body//*/@id"))
        for node in _xpath_nodes(self.sel, "//body//*[@class or @id]") if _OWNER_BLOCK.search(names) else ():
            name = " ".join(filter(None, (node.get("class"), node.get("id"))))
            if _OWNER_BLOCK.search(name):
                texts.append(squeeze(node.xpath("string(.)") or ""))
        title = squeeze(self.title)
        texts += [part for part in re.split(r"[-_|—–]+", title) if part]
        for text in texts:
            name = _agency_name(text)
            if name:
                return name
        return None

    @cached_property
    def content(self) -> Selector | None:
        """The article body container (.TRS_Editor, #zoom, …) holding the most text, or None."""
        for css in CONTENT_SELECTORS:
            nodes = self.sel.css(css)
            if nodes:
                # each candidate's text once; the first of the longest, as max() picks it
                texts = [compact(" ".join(_xpath_strings(n, ".//text()"))) for n in nodes]
                best = max(range(len(nodes)), key=lambda i: len(texts[i]))
                if len(texts[best]) >= 50:
                    self._content_text = texts[best]
                    return nodes[best]
        return None

    @cached_property
    def holds_report_text(self) -> bool:
        """The body carries the report itself, not just a link to its file: three section headings."""
        text = self._content_text if self.content is not None else self.compact_text
        return sum(marker in text for marker in REPORT_MARKERS) >= 3

    @cached_property
    def report_attachments(self) -> list[Link]:
        """The attachments of a report page that carry the report (its PDF, DOC, tables).

        Taken: attachments inside the article body, in an attachment block (.fj, .attach, …), TRS
        P0… uploads, links saying 附件 or 下载, and any attachment whose text names a report. Left: the guide, application
        forms and other documents the page links to in its chrome.
        """
        in_body = self._body_urls
        # "详见附件": the page says its report is the attachment, so any document it links is a candidate
        see_attachment = bool(_SEE_ATTACHMENT.search(self.compact_text))
        found: dict[str, Link] = {}
        for a, link in self._anchors:
            if link is None or link.url in found \
                    or not (is_attachment_url(link.url) or names_document(link.text) or names_document(link.title)):
                continue
            names_report = is_report_title(link.text) or is_report_title(link.title)
            if not names_report and (_OTHER_DOCUMENT.search(link.label) or names_lookalike(link.label)):
                continue
            block = " ".join(a.root.xpath("ancestor::*/@class | ancestor::*/@id", smart_strings=False))
            around = squeeze(a.root.xpath("string(..)") or "")  # "附件：<button>点击下载</button>"
            if names_report or link.url in in_body or is_trs_file(link.url) or see_attachment \
                    or link.text.startswith("附件") or "下载" in link.text or around.startswith("附件") \
                    or _ATTACHMENT_BLOCK.search(block):
                found[link.url] = link
        for link in [*self._embedded_documents(), *self._script_attachments(see_attachment)]:
            found.setdefault(link.url, link)
        return list(found.values())

    @cached_property
    def attachment_pages(self) -> list[Link]:
        """Links to a page of this article's attachments (``【查看附件】`` → ``fjxz.asp?id=N``): not
        documents themselves, their words say 附件 or 下载, and they sit in the article body or an
        attachment block, or say 附件 outright. The spider follows them from a report article that
        links no document of its own, one hop only (:meth:`attachment_page_files`)."""
        return self._download_links(anywhere=False)

    def _download_links(self, *, anywhere: bool) -> list[Link]:
        """Links whose words say 附件 or 下载 and whose URLs are pages, not files; ``anywhere``: wherever
        they sit on the page (else in the body, an attachment block, or saying 附件). Also, on an
        article, a link named as a report that sits in an attachment block or after 附件：."""
        in_body = self._body_urls
        found: dict[str, Link] = {}
        for a, link in self._anchors:
            if link is None or link.url in found or link.url.split("#", 1)[0] == self.url \
                    or is_attachment_url(link.url) or _NOT_A_PAGE.search(urlsplit(link.url).path):
                continue
            text = link.label
            block = " ".join(a.root.xpath("ancestor::*/@class | ancestor::*/@id", smart_strings=False))
            if text and not anywhere and is_report_title(text) and not _OTHER_DOCUMENT.search(text) \
                    and (_ATTACHMENT_BLOCK.search(block) or squeeze(a.root.xpath("string(..)") or "").startswith("附件")):
                found[link.url] = link  # 附件：<a href="/ShowFile.aspx?fid=88">…2023年度报告</a>
                continue
            if not text or len(text) > 20 or not _ATTACHMENT_PAGE_TEXT.search(text) \
                    or _OTHER_DOCUMENT.search(text) or _NOT_ATTACHMENT_PAGE.search(text):
                continue
            if anywhere or "附件" in text or "查看原文" in text or link.url in in_body or _ATTACHMENT_BLOCK.search(block):
                found[link.url] = link
        return list(found.values())

    def attachment_page_files(self) -> list[Link]:
        """This page's documents when it is a page of one report's attachments, else [].

        It is one when it carries no report text, links at most a few documents
        (:data:`MAX_ATTACHMENT_PAGE_FILES`) and its links name at most one report (by agency and
        year): a page naming several reports is a list, whose reports are found from the column.
        """
        if self.holds_report_text:
            return []
        # else its download links whose URLs do not look like files (本地下载 → /fileshow.asp?id=5)
        files = self.report_attachments or self._download_links(anywhere=True)
        if not files or len(files) > MAX_ATTACHMENT_PAGE_FILES:
            return []
        labels = [label for link in self.links() if (label := report_label(link, in_list=False))]
        years = {year_from_title(label) for label in labels} - {None}
        agencies = {agency_from_title(label) for label in labels} - {None}
        return files if len(years) < 2 and len(agencies) < 2 else []

    def _embedded_documents(self) -> list[Link]:
        """Documents the page shows rather than links: ``<embed src=….pdf>``, ``<object data=…>``,
        ``<iframe src=…>`` (a pdf.js viewer's ``file=`` included). A page that displays a file in
        its body carries that file: no look-alike words to weigh, the page's title is its label."""
        found = []
        for node in self.sel.xpath("//body//iframe[@src] | //body//embed[@src] | //body//object[@data]"):
            src = (node.attrib.get("src") or node.attrib.get("data") or "").strip()
            if not src or src.lower().startswith(("javascript:", "about:", "data:")):
                continue
            shown = without_anchor(urljoin(self.base_url, src))
            url = viewed_document(shown)
            if is_attachment_url(url) or url != shown:  # a file, or what a viewer shows (file=/api/down?id=7)
                found.append(Link(url=url, text=squeeze(node.attrib.get("title", ""))))
        return found

    def _script_attachments(self, see_attachment: bool) -> list[Link]:
        """Attachments an inline script writes (TRS ``var fileurl = "./P0….pdf"; document.write(…)``):
        the same rules as for links, with the script's own words as the label and the script's
        place (in the body, in an attachment block) as the link's."""
        in_body = set()
        if self.content is not None:
            in_body = {id(node.root) for node in self.content.xpath(".//script")}
        found = []
        for script in self.sel.xpath("//script[not(@src)]"):
            if "xml" in (script.attrib.get("type") or "").lower():  # Hanweb's records, not code
                continue
            block = " ".join(script.xpath("ancestor::*/@class | ancestor::*/@id").getall())
            code = script.xpath("string(.)").get() or ""
            for item in script_documents(code, lambda u: is_attachment_url(urljoin(self.base_url, u))):
                link = Link(url=urljoin(self.base_url, item.url).split("#", 1)[0], text=squeeze(item.label))
                names_report = is_report_title(link.text)
                if not names_report and (_OTHER_DOCUMENT.search(link.text) or names_lookalike(link.text)):
                    continue
                if names_report or id(script.root) in in_body or is_trs_file(link.url) or see_attachment \
                        or _ATTACHMENT_BLOCK.search(block):
                    found.append(link)
        return found


def _link(a: Selector, base_url: str, functions: dict[str, Navigator] | None = None,
          encoding: str = "utf-8") -> Link | None:
    """An ``<a href>`` or any element whose ``onclick`` / ``javascript:`` href opens a URL, by
    itself or by calling one of the page's navigating ``functions`` (``downFile(1243)``)."""
    href = (a.attrib.get("href") or "").strip()
    if href.lower().startswith("javascript:"):
        code = href[len("javascript:"):]
        href = navigation_url(code) or called_url(code, functions or {}, dict(a.attrib)) or ""
    if href.startswith("#") and route_fragment(href):  # an app's route (#/detail/61003): its own page
        href = urljoin(base_url, href)
    if not href or href.startswith(("#", "mailto:", "tel:")):
        onclick = a.attrib.get("onclick") or ""
        href = navigation_url(onclick) or called_url(onclick, functions or {}, dict(a.attrib)) or ""
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        # an address a click handler bound elsewhere reads from the element ($(this).attr('data-src'))
        href = _data_address(a.attrib)
    # a button's words are its value (<input type="button" value="点击下载" onclick=…>)
    el = a.root
    alts = el.xpath(".//img/@alt", smart_strings=False)
    text = _shown_text(el) or squeeze(alts[0] if alts else "") or squeeze(a.attrib.get("value", ""))
    title = squeeze(a.attrib.get("title", ""))
    saved_as = squeeze(a.attrib.get("download") or "")
    if not title and names_document(saved_as):  # <a href="/file/get/9911" download="…年度报告.pdf">下载</a>
        title = saved_as
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        form = _submitted_form(el, " ".join((a.attrib.get("href") or "", a.attrib.get("onclick") or "")))
        if form is None:
            return None
        url, body = _form_request(form, base_url, encoding)
        return Link(url=url, text=text, title=title, body=body)
    return Link(url=viewed_document(without_anchor(urljoin(base_url, href))), text=text, title=title)


_CJK_LITERAL = re.compile(r"""(["'])((?:(?!\1)[^\\\n]|\\.)*?[\u4e00-\u9fff](?:(?!\1)[^\\\n]|\\.)*)\1""")


def _shown_text(el: object) -> str:
    """The words a reader sees on a link: its text outside ``<script>`` / ``<style>``, else the
    text its inline script writes (TRS lists: ``<a title="…"><script>var str="…年度报告";
    document.write(str.substring(0,18)+"...")</script></a>``): the longest Chinese string literal."""
    shown = squeeze(" ".join(el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]",
                                      smart_strings=False)))
    if shown:
        return shown
    literals = [m.group(2) for code in el.xpath(".//script/text()", smart_strings=False)
                for m in _CJK_LITERAL.finditer(code)]
    return squeeze(max(literals, key=len)) if literals else ""


# document.getElementById('dlForm').submit(), $('#dlForm').submit(), document.forms['f'].submit(),
# document.dlForm.submit(), this.form.submit()
_SUBMIT = re.compile(r"""(?:getElementById\(\s*['"]([\w-]+)['"]\s*\)|\$\(\s*['"]#([\w-]+)['"]\s*\)"""
                     r"""|forms\[\s*['"]?([\w-]+)['"]?\s*\]|document\.([A-Za-z_]\w*)|(this\.form))\s*\.submit\s*\(\s*\)""")
_FIELD_TYPES = ("", "hidden", "text")
MAX_FORM_FIELDS = 12  # a download form sends a few ids; a longer form is a search or an application


def _submitted_form(el: object, handler: str) -> object | None:
    """The ``<form>`` an element submits: named by its handler (``document.getElementById('dlForm')
    .submit()``), or the form a submit button sits in. None for anything else."""
    tag = getattr(el, "tag", "")
    if tag in ("input", "button") and (el.get("type") or ("submit" if tag == "button" else "")).lower() == "submit":
        # a download form's button: the form holds hidden fields only (a search or a message form
        # asks the reader for something)
        forms = el.xpath("ancestor::form[1][not(.//textarea or .//select"
                         " or .//input[not(@type) or not(contains('hidden submit button image', @type))])]")
        return forms[0] if forms else None
    m = _SUBMIT.search(handler)
    if not m:
        return None
    if m.group(5):
        forms = el.xpath("ancestor::form[1]")
    elif (name := m.group(3)) is not None and name.isdigit():
        forms = el.xpath(f"(//form)[{int(name) + 1}]")
    else:
        name = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        forms = el.xpath("//form[@id=$n or @name=$n]", n=name)
    return forms[0] if forms else None


def _form_request(form: object, base_url: str, encoding: str) -> tuple[str, str]:
    """(URL, body) of submitting ``form`` as it stands, fields encoded as the page is. A GET gives
    the URL with its query and no body; a POST gives its body and, as the URL, the action with the
    same fields in its query, so each document a download form sends has an address of its own
    in the archive (the fields sent twice mean the same to a server that reads either)."""
    fields = [(f.get("name"), f.get("value") or "") for f in form.xpath(".//input[@name] | .//textarea[@name]")
              if (f.get("type") or "").lower() in _FIELD_TYPES][:MAX_FORM_FIELDS]
    query = urlencode(fields, encoding=encoding, errors="replace")
    action = without_anchor(urljoin(base_url, (form.get("action") or "").strip()))
    url = (action.split("?", 1)[0] if (form.get("method") or "get").lower() != "post" else action)
    url = f"{url}{'&' if '?' in url else '?'}{query}" if query else url
    return url, query if (form.get("method") or "").lower() == "post" else ""


MAX_ITEM_TEXT = 300  # characters of an element a bound handler opens: a list item, not a container
_DATA_ADDRESS = ("data-href", "data-url", "data-src", "data-file", "data-path", "data-link", "data-download")


def _data_address(attrib: dict[str, str]) -> str:
    """The page or document address a link element keeps in a ``data-*`` attribute for a click
    handler bound by script (``<a href="javascript:;" class="fj-down" data-src="./P0….pdf">``), or ""."""
    for name in _DATA_ADDRESS:
        value = (attrib.get(name) or "").strip()
        if value and _PAGE_ADDRESS.match(value) and not _NOT_A_PAGE.search(urlsplit(value).path):
            return value
    return ""


def links_in(sel: Selector, base_url: str, functions: dict[str, Navigator] | None = None) -> list[Link]:
    """The links under ``sel`` as absolute :class:`Link`s, in page order, each URL once
    (``functions``: the page's navigating functions, see :func:`_link`)."""
    return _unique(_link(a, base_url, functions) for a in sel.xpath(LINK_XPATH))


def _unique(links: Iterable[Link | None]) -> list[Link]:
    """``links`` each URL once, in order, under the fullest label any of them gives it."""
    seen: dict[str, Link] = {}
    for link in links:
        if link is None:
            continue
        prev = seen.get(link.url)
        if prev is None or len(link.label) > len(prev.label):
            seen[link.url] = link
    return list(seen.values())


def _xpath_strings(sel: Selector, xpath: str) -> list[str]:
    """The strings an XPath selects under ``sel``, from lxml directly (parsel would make a Selector
    of each text node first: most of the spider's time on a long Word-exported report)."""
    if not hasattr(sel.root, "xpath"):
        return []
    return [str(x) for x in sel.root.xpath(xpath, smart_strings=False)]


def _xpath_nodes(sel: Selector, xpath: str) -> list:
    """The lxml elements an XPath selects under ``sel`` (no Selector for each)."""
    return list(sel.root.xpath(xpath)) if hasattr(sel.root, "xpath") else []


def _agency_name(text: str) -> str | None:
    """``text`` when it is just an agency's full name (a site's name suffix such as 门户网站 aside)."""
    t = _SITE_SUFFIX.sub("", squeeze(text))
    return t if 4 <= len(t) <= 30 and _AGENCY_NAME.fullmatch(t) else None
