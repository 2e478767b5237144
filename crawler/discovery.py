"""Which links lead to reports, and which pages are bot challenges.

The spider asks one question of every link it sees, :func:`classify_link`: is this a report, a
report attachment, the annual-report column (a list), a 政务公开 / 政府信息公开 landing page on
the way there, or nothing worth a request? The answer comes from the link's text or ``title`` and
its URL, never from a site's name, so it holds across the portals of the family (TRS, Hanweb,
plain CMSs). Whether a *page* is a report is decided on the page itself (see ``crawler/page.py``).

Reports are recognized with :mod:`parsers.titles`, the same rules the parser uses.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from parsers.normalize import squeeze
from parsers.titles import is_report_title, names_lookalike, year_from_title


class Kind(StrEnum):
    """What a link leads to; also ``request.meta["kind"]``."""

    LANDING = "landing"
    LIST = "list"
    REPORT = "report"
    ATTACHMENT = "attachment"


@dataclass(frozen=True, slots=True)
class Link:
    """An ``<a href>`` (or a Hanweb record's link): absolute URL, squeezed text and title."""

    url: str
    text: str = ""
    title: str = ""
    body: str = ""  # a form's fields, url-encoded: the link is that form's POST (a download form)

    @property
    def label(self) -> str:
        """The fuller of text and title: list items truncate their text and keep the title whole."""
        if self.title and (len(self.title) >= len(self.text) or _truncated(self.text)):
            return self.title
        return self.text


@dataclass(frozen=True, slots=True)
class Target:
    """A link worth a request: what it leads to, and how early to fetch it (higher first)."""

    link: Link
    kind: Kind
    priority: int


# Request priorities: reports before the columns that list them, columns before landing pages,
# pages found only by being under a disclosure landing page last.
PRIORITY = {Kind.REPORT: 30, Kind.ATTACHMENT: 30, Kind.LIST: 20, Kind.LANDING: 10}
PRIORITY_PAGINATION = 25
PRIORITY_UNDER_LANDING = 0

# --- attachments ---------------------------------------------------------------------------
ATTACHMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "rtf"})
_EXT = re.compile(r"\.([a-z0-9]{2,5})$")
# TRS WCM names uploaded files P0 + a long number (P020250126512345678901.pdf).
_TRS_FILE = re.compile(r"(^|/)P0\d{12,}(\.[a-z0-9]+)?$", re.I)
# download.jsp, downfile.jsp (Hanweb /module/download/downfile.jsp), download.do, /download?id=…,
# /attachment/download/123, getFile.do, …
_DOWNLOAD = re.compile(r"down(load)?(file)?\.(jsp|do|action|aspx?|php)$|/module/download/"
                       r"|/(file)?download(file)?/\d+$|/attach(ment)?s?/download\b|/get_?file(\.\w+)?$", re.I)
_DOWNLOAD_WITH_QUERY = re.compile(r"/(file)?download(file)?$", re.I)  # /download?id=3, not a 下载中心 column
# A link whose words are a file's name ("2023年年度报告.pdf", "附件：年报.docx") leads to that file.
_DOCUMENT_NAME = re.compile(r"\.(pdf|docx?|wps|xlsx?|et|ofd|rtf)\s*(\(\s*[\d.]+\s*[kKmM]?[bB]?\s*\))?$", re.I)


# A fragment a single-page app routes by (``/gkmlpt/index#2811``, ``#/list/12``, ``#!/col/5``): it
# names the column the page's script shows, so it is part of the link; other fragments are anchors.
_ROUTE_FRAGMENT = re.compile(r"^(\d{2,}|!?/[\w/.-]+(\?[\w=&%.-]*)?)$")  # #2811, #/detail/61003, #/list/88?page=2


def without_anchor(url: str) -> str:
    """``url`` without its fragment, unless the fragment is a route (see ``_ROUTE_FRAGMENT``)."""
    base, sep, fragment = url.partition("#")
    return url if sep and _ROUTE_FRAGMENT.match(fragment) else base


def route_fragment(url: str) -> str | None:
    """The route fragment a URL carries, or None."""
    fragment = urlsplit(url).fragment
    return fragment if fragment and _ROUTE_FRAGMENT.match(fragment) else None


def url_extension(url: str) -> str | None:
    """The file extension a URL names, in its path or in a ``filename=`` style query value."""
    parts = urlsplit(url)
    for piece in (parts.path, *unquote(parts.query).split("&")):
        m = _EXT.search(piece.lower())
        if m:
            return m.group(1)
    return None


def is_attachment_url(url: str) -> bool:
    """A downloadable document: PDF/DOC/DOCX/WPS/XLS(X)/OFD, a TRS P0… file or a download script."""
    parts = urlsplit(url)
    path = parts.path
    return (url_extension(url) in ATTACHMENT_EXTENSIONS or bool(_TRS_FILE.search(path))
            or bool(_DOWNLOAD.search(path)) or bool(parts.query and _DOWNLOAD_WITH_QUERY.search(path)))


_VIEWER_PAGE = re.compile(r"viewer|pdfjs|preview|/pdf/web/", re.I)
_DOWNLOADER = re.compile(r"down|/(get|read|open)_?file\b|/file/get\b", re.I)  # a handler sending a file
_WEB_PAGE = re.compile(r"(\.s?html?|/)$", re.I)


def _base64_address(value: str) -> str | None:
    """A file address written in base64 (kkFileView's ``onlinePreview?url=aHR0cDovL2…``), or None."""
    value = value.replace(" ", "+")  # an unescaped + read back from the query as a space
    if len(value) < 12 or not re.fullmatch(r"[A-Za-z0-9+/_-]+=*", value):
        return None
    try:
        text = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_" if "-" in value or "_" in value
                                else None, validate=False).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    return text if text.startswith(("http://", "https://", "/")) and "/" in text[1:] else None


def viewed_document(url: str) -> str:
    """The document a viewer page shows (pdf.js ``/pdfjs/web/viewer.html?file=%2Fx%2Fy.pdf``, an
    office preview ``preview.html?url=…``), else ``url`` itself.

    A query value that is a path to a document (it has a ``/`` and a document's extension) on a
    page that is neither a document nor a download script is what the page displays; it is
    resolved as the viewer would, against the viewer's own URL.
    """
    parts = urlsplit(url)
    if not parts.query or url_extension(parts.path) in ATTACHMENT_EXTENSIONS or _DOWNLOAD.search(parts.path):
        return url
    viewer = _VIEWER_PAGE.search(parts.path)
    if not viewer and _DOWNLOADER.search(parts.path):
        return url  # /common/download?path=upload/x.docx: the handler serves the file (its path may be no URL)
    for name, value in parse_qsl(parts.query, keep_blank_values=False):
        value = value.strip()
        if viewer and not value.startswith(("http://", "https://", "/", ".")):
            value = _base64_address(value) or value  # kkFileView: onlinePreview?url=<base64 of the file's URL>
        if "/" in value and url_extension(value.split("?", 1)[0].split("#", 1)[0]) in ATTACHMENT_EXTENSIONS:
            return urljoin(url, value)
        # a viewer's file= that is a download script's address (…viewer.html?file=/api/file/down?id=7)
        if viewer and name.lower() in ("file", "url", "src", "path") and value.startswith(("/", "http://", "https://")) \
                and not _WEB_PAGE.search(urlsplit(value).path):
            return urljoin(url, value)
    return url


def names_document(text: str) -> bool:
    """The link's words are a document's file name (``…年度报告.pdf``, ``年报.docx (1.2MB)``)."""
    return bool(_DOCUMENT_NAME.search(text or ""))


def is_trs_file(url: str) -> bool:
    """A TRS upload (``P0…`` name): on an article page these are the article's own attachments."""
    return bool(_TRS_FILE.search(urlsplit(url).path))


# --- report, column and landing links --------------------------------------------------------
def _truncated(text: str) -> bool:
    """Ends in "..", "…" or "。。" (a list item cut short). Not a $-anchored search: that rescans a run
    of dots from each of its characters (quadratic)."""
    return text.endswith(("..", "…", "。。"))
# The annual-report column: link text without a year, and paths such as /xxgknb/, /ndbg/.
_COLUMN_TEXT = re.compile(r"年度报告|年报|公开年度工作报告|公开工作报告")  # 政府信息公开年度工作报告 too
_COLUMN_NOT = re.compile(r"企业|工商|年报公示|统计|财务|审计")
_COLUMN_PATH = re.compile(r"^(zfxxgk|xxgk|zwgk|gk|zwxxgk)?(ndbg|nb|gknb|ndgzbg)$")
# Landing pages on the way: 政务公开, 政府信息公开, 信息公开目录, 部门信息公开 …
_LANDING_TEXT = re.compile(r"政务公开|信息公开|公开目录|主动公开|法定主动|公开专栏")
_LANDING_NOT = re.compile(r"指南|申请|规定|制度|意见箱|留言|解读")
_LANDING_PATH = re.compile(
    r"^(zwgk|xxgk|zfxxgk|zfxxgkzl|zfxxgkml|xxgkml|gkml|bmxxgk|bmzfxxgk|zwxxgk|govinfo|openness|"
    r"xxgkzl|fdzdgknr|zfgk|bmgk|xxgkpt)$"
)
# Column pages (directories, index pages, Hanweb col/colN) rather than articles.
_COLUMN_URL = re.compile(
    r"(/|/(index|default|list|main)(_\d+)?\.\w+|/col/col\d+/?(index\.\w+)?|/[a-z][a-z0-9_-]*)$", re.I
)
_INDEX_FILE = re.compile(r"^(index|default|list|main)(_\d+)?\.\w+$")
_ARTICLE_URL = re.compile(r"/(t\d{8}_\d+|art_\d+_\d+|content_\d+|\d{5,})\.\w+$|/\d{6}(\d{2})?/", re.I)


def report_label(link: Link, *, in_list: bool) -> str | None:
    """The link's text or title when it names a report.

    Inside a report column (``in_list``) items are often short ("2023年度报告", "2023年年报"):
    there, a year + 年度报告/年报 with none of the look-alike words is enough, which
    :func:`is_report_title` decides once the column's own words are put in front.
    """
    for label in (link.title, link.text):
        if is_report_title(label):
            return label
    if in_list:
        for label in (link.title, link.text):
            if label and len(label) <= 30 and is_report_title("政府信息公开" + label):
                return label
    return None


def maybe_truncated_report(link: Link, in_list: bool = False) -> bool:
    """A list item cut short ("…2024年政府信息公开工作年..."): fetch it, the page decides.

    Inside a report column a long agency name can push the cut before 公开
    ("清溪县住房和城乡建设局2024年度政府信…"): there a year is enough.
    """
    t = link.label
    if not _truncated(t) or year_from_title(t) is None:
        return False
    return "公开" in t or (in_list and "政" in t and not names_lookalike(t))


def is_column_link(link: Link) -> bool:
    """The annual-report column itself: 政府信息公开年报, 年度报告, …/xxgknb/, …/ndbg/."""
    t = link.label
    if t and year_from_title(t) is None and len(t) <= 20 and _COLUMN_TEXT.search(t) \
            and not _COLUMN_NOT.search(t) and is_report_title("2000年政府信息公开" + t):
        return True
    return looks_like_column_url(link.url) and any(_COLUMN_PATH.match(s) for s in _segments(link.url))


def is_landing_link(link: Link) -> bool:
    """A 政务公开 / 政府信息公开 page that leads towards report columns."""
    t = link.label
    if t and len(t) <= 16 and _LANDING_TEXT.search(t) and not _LANDING_NOT.search(t):
        return True
    # by URL: the link points at the landing page itself (/zwgk/, /xxgk/index.html), not below it
    dirs = [s for s in _segments(link.url) if not _INDEX_FILE.match(s)]
    return looks_like_column_url(link.url) and bool(dirs) and bool(_LANDING_PATH.match(dirs[-1]))


def looks_like_column_url(url: str) -> bool:
    """A directory-like URL (a column or index page), not an article."""
    path = urlsplit(url).path or "/"
    return bool(_COLUMN_URL.search(path)) and not _ARTICLE_URL.search(path)


def in_disclosure_tree(url: str) -> bool:
    """The URL sits under a 政务公开 / 信息公开 path (/zwgk/…, /xxgk/…)."""
    return any(_LANDING_PATH.match(s) for s in _segments(url))


def is_under(url: str, parent_url: str) -> bool:
    """``url`` is below ``parent_url``'s directory on the same host."""
    a, b = urlsplit(url), urlsplit(parent_url)
    parent_dir = b.path.rsplit("/", 1)[0] + "/"
    return a.netloc == b.netloc and a.path.startswith(parent_dir) and a.path != b.path


def _segments(url: str) -> list[str]:
    return [s.lower() for s in urlsplit(url).path.split("/") if s]


def classify_link(link: Link, *, page_url: str, page_kind: Kind) -> Target | None:
    """What a link on a landing or list page leads to, or None when it is not worth a request.

    Order matters: a link that names a report is a report even when its URL looks like a column;
    an attachment is followed only when it names a report (a 指南.doc in the footer is not one).
    """
    in_list = page_kind is Kind.LIST
    label = report_label(link, in_list=in_list)
    if is_attachment_url(link.url):
        return Target(link, Kind.ATTACHMENT, PRIORITY[Kind.ATTACHMENT]) if label else None
    if label or maybe_truncated_report(link, in_list):
        return Target(link, Kind.REPORT, PRIORITY[Kind.REPORT])
    # a list that names its items by their year alone (2023年度 → /ndbg/202401/t20240120_5.html): that
    # year's report, or what the page says it is once fetched
    if in_list and is_year_item(link.label) and not looks_like_column_url(link.url) and is_article_address(link.url):
        return Target(link, Kind.REPORT, PRIORITY[Kind.REPORT])
    if is_column_link(link):
        return Target(link, Kind.LIST, PRIORITY[Kind.LIST])
    if is_landing_link(link):
        return Target(link, Kind.LANDING, PRIORITY[Kind.LANDING])
    # Inside a disclosure tree, its sub-columns (a department's page, a year's folder) carry names
    # no keyword matches: follow the directory-like ones below the current page, last.
    if (in_disclosure_tree(page_url) or in_list) and is_under(link.url, page_url) \
            and looks_like_column_url(link.url) and len(link.label) <= 16:
        return Target(link, page_kind, PRIORITY_UNDER_LANDING)
    # A disclosure platform's organ picker (/xxgk/org.html?org=jyj, 贵溪市教育局) or an organ's year
    # tabs (nbframe.html?org=jyj&y=2023, 2023年): a page below this one, chosen by query, whose text is
    # nothing but an agency's or a place's name, or a year.
    if in_disclosure_tree(page_url) and is_under(link.url, page_url) and urlsplit(link.url).query \
            and not _ARTICLE_URL.search(urlsplit(link.url).path) \
            and (_YEAR_TAB.fullmatch(link.label) or names_organ(link.label)):
        return Target(link, page_kind, PRIORITY_UNDER_LANDING)
    return None


_YEAR_TAB = re.compile(r"(19|20)\d\d年?度?")
# A report column's item named by its year, perhaps with whose report it is and when it was posted:
# 2024年度, 2024年度（区政府）, 2024年 2025-01-28 (a table row's cells), [2023年]
_YEAR_ITEM = re.compile(
    r"[\[【]?(19|20)\d\d年?度?[\]】]?"
    r"(?:[（(][\u4e00-\u9fff]{1,20}[）)])?"
    r"(?:(19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?)?")


# An article shown by a script from its id: show.asp?id=12, Show.aspx?ID=5, detail.jsp?articleId=9
_ARTICLE_SCRIPT = re.compile(r"/(show|detail|view|content|article|info)\w*\.(aspx?|jsp|php|s?html?|do)$", re.I)
_ID_QUERY = re.compile(r"(^|&)\w*id=\w+", re.I)


def is_article_address(url: str) -> bool:
    """An article's address: a dated or numbered page without a query (t20240120_5.html,
    /202401/…), or an article script asked for one id (show.asp?id=12)."""
    parts = urlsplit(url)
    if not parts.query:
        return bool(_ARTICLE_URL.search(parts.path))
    return bool(_ARTICLE_SCRIPT.search(parts.path)) and bool(_ID_QUERY.search(parts.query))


def is_year_item(text: str) -> bool:
    """A list item whose text is its year (and at most whose report it is and its date): inside a
    report column that is the year's report, or what the page says it is once fetched."""
    return bool(_YEAR_ITEM.fullmatch(text.replace(" ", "")))


def names_organ(text: str) -> bool:
    """A short text that is one agency's name (贵溪市教育局) or a place's (贵溪市), nothing else."""
    from parsers.places import place_named_by

    from .directory import names_one_agency  # directory is heavy and needs nothing from here

    return 2 <= len(text) <= 20 and (names_one_agency(text) or place_named_by(text) is not None)


# --- staying on the site -----------------------------------------------------------------------
def host_key(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port in (80, 443):
        port = None
    return host, port


def site_domain(host: str) -> str:
    """The domain a site's documents may live under: kj.quanzhou.gov.cn → quanzhou.gov.cn.

    The registrable domain by the Public Suffix List, as the crawl's scope decides it
    (:mod:`crawler.scope`), so a link followed here is never refused there.
    """
    from .scope import registrable_domain

    return registrable_domain(host)


def on_site(url: str, site_url: str, *, documents: bool = False) -> bool:
    """``url`` belongs to the site of ``site_url``: same host (``www.`` aside) and port.

    Documents (reports, attachments) may also sit on a sibling host of the same domain, as
    attachments on a file server often do.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    (h, p), (sh, sp) = host_key(url), host_key(site_url)
    if (h, p) == (sh, sp):
        return True
    return documents and p == sp and site_domain(h) == site_domain(sh)


def related_host(url: str, site_url: str) -> bool:
    """``url`` is on another host of the site's own domain (xxgk.x.gov.cn beside www.x.gov.cn) or
    on another port of its host: where a portal runs its disclosure platform apart."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    (h, _p), (sh, _sp) = host_key(url), host_key(site_url)
    return h == sh or site_domain(h) == site_domain(sh)


# --- dead pages answered 200 (soft 404s) --------------------------------------------------------
# What a CMS says of an item that is gone: 该信息不存在或已被删除, 文件不存在, 页面未找到, 文章已撤销…
_GONE = re.compile(r"不存在|已被?删除|已被?撤[销下回]|已过期|已下线|找不到|未找到|无此(信息|文章|页面|记录|文件)"
                   r"|not\s*found|does\s*not\s*exist|no\s*longer\s*available", re.I)
# A message that can only be a CMS's "gone" notice, whatever chrome surrounds it.
_GONE_NOTICE = re.compile(r"(信息|文章|页面|内容|文档|稿件|记录|数据|网页)(已经?)?(不存在|被删除|已删除|已被删除|已下线|已撤销|已过期)"
                          r"|您(所)?(要)?(访问|查看|浏览)的(页面|信息|内容|文章)(不存在|已被?删除|已下线)")
_ALERT = re.compile(r"""\balert\s*\(\s*(['"])(.{1,120}?)\1""", re.S)
_GONE_TITLE = re.compile(r"^\s*404(?!\d)|(?<!\d)404\s*(错误|error|not\s*found)|页面不存在|页面未找到|找不到(该|此|您要的)?页面"
                         r"|(信息|文章|页面|内容|记录)(不存在|已被?删除)", re.I)


SOFT_404_MAX_CHARS = 2000  # a page with this much text (spaces aside) is never taken for a soft 404


def gone_reason(status: int, scripts: list[str], *, visible_text: str, title: str = "") -> str | None:
    """Why a 200 answer is a dead link (a "soft 404"), or None.

    Old ASP/JSP CMSs answer an article or file that is gone with a 200 page whose only content is
    ``<script>alert("该信息不存在或已被删除！");history.back();</script>``; others send a page
    titled 404 / 页面不存在. Such a page is that URL's dead link, never a bot challenge for the
    whole site (:func:`blocked_reason` would take the script-only page for a challenge's shell).
    Only a page with almost no text of its own counts by its message (``scripts``: the code of
    its inline scripts): a page that merely mentions 找不到 somewhere in a real body is content.
    """
    if status != 200:
        return None
    shown = squeeze(visible_text)
    if len(shown) < 40:
        for code in scripts:
            for m in _ALERT.finditer(code):
                if _GONE.search(m.group(2)):
                    return f"soft 404: a {status} page that only alerts {squeeze(m.group(2))[:60]!r}"
        if shown and _GONE.search(shown):
            return f"soft 404: a {status} page that only says {shown[:60]!r}"
    if len(shown) < 600 and (m := _GONE_NOTICE.search(shown)):
        return f"soft 404: a {status} page of {len(shown)} characters that says {m.group(0)!r}"
    if title and _GONE_TITLE.search(title.strip()) and len(shown) < SOFT_404_MAX_CHARS:
        return f"soft 404: a {status} page titled {title.strip()[:60]!r}"
    return None


# --- blocked pages -----------------------------------------------------------------------------
BLOCKED_STATUSES = frozenset({412, 521})
SHELL = "empty page shell filled by JavaScript"
_ANCHOR = re.compile(rb"<a\s", re.I)
_SCRIPT = re.compile(rb"<script", re.I)  # found where it is, without a lowercased copy of the page
_CHALLENGE_MARKERS = (b"$_ts", b"__jsl_clearance", b"_$$", b"challenge-platform")


def blocked_reason(status: int, body: bytes, *, visible_text: str | None = None) -> str | None:
    """Why a response is a bot challenge rather than content, or None.

    HTTP 412/521 and the ``$_ts`` script are the JS challenges Chinese government portals use; an
    HTML page with scripts but no visible text and no ``<a`` anywhere in its bytes (Hanweb's
    records hide theirs in script XML, which still counts) is the shell such a challenge leaves.
    Recording these as "blocked" keeps them from reading as "this site has no reports".
    """
    if status in BLOCKED_STATUSES:
        return f"HTTP {status}: JavaScript challenge"
    head = body[:200_000]
    for marker in _CHALLENGE_MARKERS:
        if marker in head:
            return f"JavaScript challenge script ({marker.decode()})"
    if visible_text is not None and status == 200 and _SCRIPT.search(head) \
            and not _ANCHOR.search(head) and len(squeeze(visible_text)) < 20:  # the whole text last: costly
        return SHELL
    return None
