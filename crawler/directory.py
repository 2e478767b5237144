"""Reading a government portal's site directory: which links are agencies' portals, and their names.

China's government web publishes its own tree: a province portal's 政府网站导航 lists its
departments' sites (省直部门网站) and its cities' portals (设区市政府网站), each city's lists its
departments and counties, and so on. These rules read such pages on any platform:

- a link belongs to the group whose heading precedes it in the page (an ``<h3>``, a ``<dt>``, a
  ``class="title"`` box, a ``<select>``'s placeholder option, a heading picture's alt …); a
  sub-heading that names no kind of site (综合经济 in the 省政府组成部门 panel, an ``<h4>`` under
  its box's ``<h3>``) is a part of the group around it, and a heading that is only a place (嘉兴市)
  heads that place's governments;
- a group is a directory of agencies when its heading says so (部门, 政府, 区县, 网站群 …) and it is
  not 友情链接, media, banks, enterprises, or the levels above (中央, 国务院部门, 兄弟省市);
- a link in such a group is an agency's portal when its host is under gov.cn, or when the site's
  own title names an agency; a link or title naming a newspaper, a broadcaster, a bank, a company,
  a school or a hospital is never one;
- a link is an ``<a href>``, an image map's ``<area>``, an ``<option>``, an element opening a URL by
  script or ``data-href``, or a table cell printing only a host name in a row naming an agency;
  a leave-site page (``jump.html?url=…``) stands for the URL it leads to, and an opaque jump of
  the portal's own (``go.jsp?id=1107``) for where its redirect or its page leads;
- a link's name is its text; when that is empty or a bare address (jyt.example.gov.cn), its
  title or image alt, the neighbouring table cell, or its list item's other words; when it only
  says "go there" (进入网站, 访问, 门户网站), the agency or place its card or row names;
- a tab whose panel is loaded when shown (``data-src``, a handler naming a page of the site) heads
  the page it loads; an SVG map's ``<a xlink:href>`` and regions (``data-url``, ``onclick``) are
  links named by their ``<title>`` or the ``<text>`` beside them;
- a link naming nothing but one of the portal's own subdivisions (枣阳市 in 襄阳市's image map) is
  that division's portal wherever it sits, outside the groups that never list agencies; a link
  naming the portal's own place or one above or beside it is never a child;
- the levels above any portal (国务院, 中国政府网, 国家… naming no local place, www.gov.cn) are
  never its children, and a page footer (主办单位, 版权所有, ICP备) ends the group before it;
- courts, procuratorates, 纪委监委, party organs, 人大 and 政协 are no administrative organs: no
  disclosure reports of the State Council's form;
- a district's agencies are named with their city (兰州市城关区人民政府: many cities have a
  城关区), and a place several divisions share is settled by the heading it was listed under or by
  the site's own page naming its city;
- the agency's name reconciles the link text with the site's own ``<title>``: the title's name
  when it names the agency with its place, the link text's otherwise, and a bare place
  (灵武市, 银川) becomes that place's 人民政府; a name without a place gets its parent's
  (教育厅 listed by 宁夏回族自治区人民政府 → 宁夏回族自治区教育厅) only when the site's title
  confirms it (prints the parent's place, or names the same organ), the link says the parent's
  level itself (省财政厅), or a bare local organ's name (统计局) is all the link and title give —
  never when the title names another body (长江水利委员会水文局) or a ministry's or national system's.

Rules, not lists of names: nothing here knows any particular site.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

from parsers.normalize import squeeze
from parsers.places import Place, place_in_name, place_named_by, resolve_place, short_name, table

from .script_links import Navigator, called_url, navigating_functions, opened_url

# Words in a link's text that lead to the portal's own directory pages.
_DIRECTORY_TEXT = re.compile(
    r"网站导航|政府网站|部门网站|网站群|站群|区县政府|县区政府|市县政府|县市区|县（市、区）|县\(市、区\)|"
    r"省直部门|市直部门|县直部门|区直部门|设区市|市州政府|地市政府|乡镇(政府|网站)|街道网站|部门导航|机构导航|"
    r"(部门|政府|区县|县区|市县|市州|乡镇|单位|机构)(网站|链接|导航|门户|频道)|(县市区|市县区|区市县)频道|"
    r"(盟市|旗县|州市|县市|区市|地市|镇街|街镇|开发区|园区|委办局|厅局|全省|全市|各地)(网站|链接|导航)|子站|政务网站|"
    r"网站集群|站点群|网站名录|网站目录"
)
_DIRECTORY_NOT = re.compile(r"地图|无障碍|长者|English|邮箱|登录|注册")
# Group headings: which groups list agencies under this portal, and which never do.
_GOV_GROUP = re.compile(
    r"政府|部门|单位|机构|直属|区县|县区|市县|县市|市州|地市|设区市|辖|乡镇|街道|网站群|站群|厅局|委办局|"
    r"省直|市直|县直|区直|网站导航|县\(市|各县|各区|各市|市级|县级|区级|乡级|开发区|园区|镇|"
    r"子站|政务网站|网站集群|各地|地方网站|功能区|新区|管委会"
)
_NOT_GOV_GROUP = re.compile(
    r"友情|媒体|新闻|银行|金融|企业|公司|合作|商业|其他|其它|相关链接|外部链接|微信|微博|客户端|"
    r"中央|国务院|国家部委|部委网站|兄弟|各省|外省|省外|港澳|海外|驻外|高校|学校|医院|群团|人民团体|"
    r"上级|周边|邻近|毗邻"  # 上级网站, 周边县市: the levels above or beside the site that links them
)
# 省政府直属机构及其他: "and others" closing a group of agencies does not make it the 其他 group.
_AND_OTHERS = re.compile(r"(及|和|与|暨)其[他它]")
# Two or more level words together name the governments of those levels: 县市区, 区市县, 市州.
_OTHER_AGENCIES = re.compile(r"其[他它](?=[\u4e00-\u9fff]{0,4}(单位|部门|机构|政府))")
_LEVELS = re.compile(r"[省市州盟县区旗]{2,}")
_GROUP_PUNCT = re.compile(r"[（）()、，,/·\s]")
# A link text or a site title naming something that is not a government agency.
_NOT_AGENCY = re.compile(
    r"日报|晚报|早报|报社|报业|新闻网|新闻中心|电视|广播|传媒|融媒|银行|信用社|农商行|证券|保险|集团|公司|股份|"
    r"商城|大学|学院|学校|医院|协会|学会|基金会|图书馆|博物馆|纪念馆|科技馆|文化馆|美术馆|出版社|杂志社|通讯社|"
    r"政务服务网|政务服务平台|一体化平台|网上办事大厅|一网通办|热线|"  # platforms and hotlines of an agency, not one
    r"保健院|卫生院|疾病预防控制|疾控|急救|血站|血液中心|科学院|研究院|设计院|规划院"  # public service institutions
)
# Bodies that are no administrative organs whatever their names end with (人大常委会, 团市委, 妇联).
_NOT_AGENCY_BODY = re.compile(
    r"政协|人大常委|人民代表大会|人大网|"  # not administrative organs: no disclosure reports
    r"工会|共青团|团[省市县区]委|妇联|妇女联合会|工商联|工商业联合会|科协|文联|侨联|残联|红十字会"  # 群团组织
)
# An administrative organ whose remit names a kind of business (广播电视局, 社会保险事业管理局,
# 文化广播电视和旅游局): its name ends so, the station's or the insurer's does not.
_ADMIN_ORGAN_END = re.compile(r"(局|厅|委员会|署)$")
# Judicial and party organs: not administrative organs, no disclosure reports of the State Council's
# form — unless the same text names a government too (a county portal titled 中共某县委 某县人民政府).
_NOT_ADMIN = re.compile(r"法院|检察院|纪委|监委|纪律检查|监察委员会|中共|中国共产党|党委|党工委|机关工委|"
                        r"宣传部|组织部|统战部|政法委|(?<![新城])[省市县区州旗盟]委(?!员会)")  # 市委网信办, 区委办
# How an agency's name ends.
_ORGAN = re.compile(
    r"(人民政府|政府|办事处|委员会|管委会|办公厅|办公室|厅|局|委|办|署|院|公署|中心|管理处|总队|支队|大队|"
    r"研究室|参事室|联络处|供销合作社|供销社|联合社)$"
)
# An organ's second name in brackets after its first (加挂牌子): 市场监督管理局（知识产权局）.
_SECOND_NAME = re.compile(r"[（(][^（）()]{2,20}[)）]$")
_TITLE_PARTS = re.compile(r"\s*[-_|—–·:：>»]+\s*|\s{2,}")
_TITLE_LEAD = re.compile(r"^(欢迎(您)?(访问|来到|光临)|欢迎)")
_TITLE_NOISE = re.compile(r"(门户网站|(?<=政府)门户网|官方网站|政府网站|网站|官网|首页|主页|欢迎您|欢迎访问|欢迎光临)+$")
_GOV_WEB = re.compile(r"^(.+?)(人民政府网|人民政府门户|政府网|政府门户|门户)$")
_PLACE_ABBREV = re.compile(r"^(省|市|县|区|自治区|自治州|州|盟|旗)(?=[\u4e00-\u9fff]{2})")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "th", "caption", "legend", "label"})
_HEADING_CLASS = re.compile(r"(^|[-_ ])(tit|title|hd|head|header|heading|name|lm|bt|tab)", re.I)
_INLINE_HEADING_TAGS = frozenset({"strong", "b", "span", "div", "p", "em", "li"})
_MAX_HEADING = 20
# Words that make a short text a group's label rather than one agency's name (省直部门, 县（市、区）政府).
_GROUP_WORD = re.compile(r"部门|单位|网站|站群|导航|区县|县区|市县|县市|[（(、]|各|直属|乡镇|街道|名称|网址")
# Levels above any portal that lists them: the State Council, the national portal, national organs.
_ABOVE = re.compile(r"^(国务院|中国政府网|中央人民政府|中华人民共和国|全国人大|全国政协|中共中央|国家)")
# A page's footer line (主办单位 … 版权所有 … ICP备): the links after it belong to no group above it.
_FOOTER = re.compile(r"版权所有|主办单位|承办单位|ICP备|网站标识码|公网安备")
# Link texts that are an address, not a name (jyt.jiangxi.gov.cn, http://…).
_ADDRESS_TEXT = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(:\d+)?(/\S*)?$", re.I)


@dataclass(frozen=True)
class GroupLink:
    """A link on a directory page, with the heading of the group it sits in."""

    url: str
    text: str
    heading: str | None


def _text(el: lxml.html.HtmlElement) -> str:
    return squeeze(el.text_content() or "")


_DECOR = re.compile(r"^[^\w\u4e00-\u9fff]+|[^\w\u4e00-\u9fff)）]+$")
_CJK2 = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]")
_LABEL_TAGS = frozenset({"p", "span", "div", "li", "td", "th", "strong", "b", "em", "font", "i", "label", "dt"})
# A link opened by script: window.open('…'), location.href = '…' (crawler.script_links.opened_url), or
# any quoted absolute URL in it (openSite('http://…')).
_QUOTED_URL = re.compile(r"""['"]((?:https?:)?//[^'"\s]+)['"]""")
_DATA_URL_ATTRS = ("data-url", "data-href", "data-link", "data-src-url", "lay-href")
# A host name written without its scheme: www.x.gov.cn, jyt.x.gov.cn:8080/index.html
_BARE_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|net|org)(:\d+)?(/\S*)?$", re.I)
# A link to the rest of a group (更多, more >>): a directory page of that group.
_MORE = re.compile(r"^(查看|点击)?(更多|全部)|^more\b|^[>»+]+$", re.I)
# Attributes by which a tab names its panel: aria-controls="p2", data-target="#p2", href="#p2".
_PANEL_REF_ATTRS = ("aria-controls", "data-target", "data-bs-target", "data-tab", "data-panel", "data-for",
                    "data-id", "data-content", "data-toggle-target", "data-tpl", "data-template", "rel", "href")
_QUOTED = re.compile(r"""['"]#?([\w-]+)['"]""")


def _label_text(el: lxml.html.HtmlElement) -> str | None:
    """Short words that can name a group: 2–20 characters with two Chinese ones, decoration off."""
    text = _DECOR.sub("", _text(el))
    return text if text and len(text) <= _MAX_HEADING and _CJK2.search(text) else None


def _label_before_links(el: lxml.html.HtmlElement) -> str | None:
    """An element without links whose next sibling holds links (``<p>◆ 市州政府网站</p><a …>``), or
    is the empty list a script fills (``<div class="box-t">部门网站</div><ul id="bmwz"></ul>``)."""
    if el.tag not in _LABEL_TAGS or _has_link(el) or el.xpath(".//select|.//option"):
        return None
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or not (nxt.tag == "a" and _link_url(nxt) or _has_link(nxt) or (
            nxt.tag in _FILLED and _script_filled(nxt))):
        return None
    label = _label_text(el)
    return None if names_one_agency(label) else label  # 教育厅 | jyt…: the link's name, not a group


_LABEL_ATTRS = ("aria-label", "title", "data-title", "data-name", "data-label")


def _group_word(text: str | None) -> str | None:
    """Words naming a kind of group (县区政府网站, 友情链接), not one site: a heading's words."""
    text = _DECOR.sub("", squeeze(text or ""))
    if not text or len(text) > _MAX_HEADING or names_one_agency(text):
        return None
    return text if is_agency_group(text) or is_excluded_group(text) else None


def _own_label(el: lxml.html.HtmlElement) -> str | None:
    """A group named by its container rather than by a heading element: a box's ``title`` or
    ``aria-label`` (``<nav aria-label="部门网站">``), a menu item's own words before its sub-list
    (``<li>县区网站<ul>…</ul></li>``, the header's 政府网站 drop-downs), or a picture standing
    alone before the links (``<img alt="部门网站"><ul>…``)."""
    if el.tag in ("a", "area", "option", "optgroup", "select"):
        return None
    if el.tag == "img":
        if el.getparent() is None or el.xpath("ancestor::a"):
            return None
        nxt = el.getnext()
        return _group_word(el.get("alt") or el.get("title")) if nxt is not None and _has_link(nxt) else None
    if not _has_link(el):
        return None
    for attr in _LABEL_ATTRS:
        if el.get(attr) and (label := _group_word(el.get(attr))):
            return label
    if el.tag in ("li", "div", "dd", "dt", "span", "p") and (el.text or "").strip() and any(
            isinstance(k.tag, str) and k.tag in ("ul", "ol", "dl", "div", "table") for k in el):
        return _group_word(el.text)
    return None


_LEAD = re.compile(r"^\W*([\u4e00-\u9fff]{2,10})\s*[：:]\s*$")


def _lead_label(el: lxml.html.HtmlElement) -> str | None:
    """A line opening with its label before its links (``<p>友情链接：<a>…</a> <a>…</a></p>``,
    ``上级网站：``): the label heads the line's links."""
    if el.tag not in _LABEL_TAGS or not _has_link(el):
        return None
    m = _LEAD.match(el.text or "")
    return m.group(1) if m and not _FOOTER.search(m.group(1)) else None  # 版权所有：… is the footer


def _link_url(el: lxml.html.HtmlElement) -> str | None:
    """Where a link leads: its href (an option's value), a ``data-url``-like attribute, or the URL
    its script opens (``onclick="window.open('…')"``, ``openSite('http://…')``); a bare host name
    (``www.x.gov.cn``) is an http URL. Any element with such a script or attribute is a link, unless
    it holds links of its own (a clickable box around ``<a>``s). An image map's ``<area href>`` is a
    link; so is a table cell printing only a host name in a row that names an agency and has no
    link of its own (政府网站名录 tables: 序号 | 交通运输厅 | 标识码 | jtyst.x.gov.cn)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("td", "th"):
        return _host_cell_url(el)
    href = (el.get("href") or el.get("xlink:href") or "").strip() if tag in ("a", "area") else \
        (el.get("value") or "").strip() if tag == "option" else ""  # xlink:href: an SVG map's <a>
    if href and tag == "option" and (joined := _joined_option_url(el, href)):
        return joined
    if href and tag == "option" and (keyed := _keyed_options(el)) is not None:
        # <select onchange="window.open(siteUrls[this.value])">: a key, not a URL (none in the map: no link)
        return _bare_host_url(keyed[href]) if keyed.get(href) else None
    if href and not href.lower().startswith(("javascript:", "#", "mailto:", "tel:")):
        return _bare_host_url(href)
    for attr in _DATA_URL_ATTRS:
        value = (el.get(attr) or "").strip()
        if value and not value.lower().startswith(("javascript:", "#")):
            return _bare_host_url(value)
    if tag in ("button", "input") and (url := _form_button_url(el)):
        return url
    if tag not in ("a", "area", "option") and (url := _any_attribute_url(el)):
        return url
    for attr in ("onclick", "href", "value"):  # value: <option value="javascript:window.open('…')">
        script = el.get(attr) or ""
        if attr == "value" and (tag != "option" or not script.lower().startswith("javascript:")):
            continue
        if not script or (attr == "onclick" and tag not in ("a", "option") and el.find(".//a") is not None):
            continue
        m = _QUOTED_URL.search(script)
        url = opened_url(script) or (m.group(1) if m else None) or called_url(script, _FUNCTIONS.get(), dict(el.attrib))
        if url:
            return _bare_host_url(url)
    return None


# Attributes that hold an address which is no link's: pictures, styles, microdata, forms, frames.
_NOT_LINK_ATTRS = re.compile(r"^(src|srcset|poster|style|class|id|xmlns(:\w+)?|itemtype|itemprop|itemid|content|action|"
                             r"background|cite|longdesc|codebase|data-(src|original|lazy[\w-]*|bg|img|image|pic|icon|"
                             r"thumb|poster|background|video|audio|swf|qrcode|ewm)|on\w+|href|value|name|title|alt)$", re.I)
_ASSET_PATH = re.compile(r"\.(png|jpe?g|gif|webp|svg|ico|bmp|css|js|mp4|mp3|swf|pdf|docx?|xlsx?|zip|rar)(\?|$)", re.I)
_FULL_URL = re.compile(r"^(https?:)?//[\w.-]+\.[a-z]{2,}(:\d+)?(/\S*)?$", re.I)


def _form_button_url(el: lxml.html.HtmlElement) -> str | None:
    """A form of its own per site (``<form action="http://jyt.x.gov.cn/" target="_blank"><button>教育厅
    </button></form>``): the button's ``formaction`` or its form's action, when that is an address
    of another page to GET."""
    if el.tag == "input" and (el.get("type") or "").lower() not in ("submit", "button", "image"):
        return None
    form = next(el.iterancestors("form"), None)
    action = (el.get("formaction") or (form.get("action") if form is not None else "") or "").strip()
    method = (el.get("formmethod") or (form.get("method") if form is not None else "") or "get").lower()
    if not action or method != "get" or action.lower().startswith(("javascript:", "#")):
        return None
    if form is not None and len(form.xpath(".//button|.//input[@type='submit' or @type='button' or @type='image']")) > 1:
        return None  # a form with several buttons: a search box, no one site's
    return _bare_host_url(action) if _FULL_URL.match(action) or _BARE_HOST.match(action) else None


def _any_attribute_url(el: lxml.html.HtmlElement) -> str | None:
    """An address kept in an attribute of any name (``rel``, ``site``, ``data-addr``, ``lang-url``)
    of an element with a short name of its own and no link inside: what its script opens. Pictures',
    styles', microdata's and forms' attributes are no link's; nor is an address of a file."""
    if len(el) > 4 or el.find(".//a") is not None:
        return None
    for attr, value in el.attrib.items():
        value = value.strip()
        if not value or len(value) > 300 or _NOT_LINK_ATTRS.match(attr) or attr in _DATA_URL_ATTRS:
            continue
        if (_FULL_URL.match(value) or _BARE_HOST.match(value)) and not _ASSET_PATH.search(value):
            text = _DECOR.sub("", _text(el))
            if text and len(text) <= 30 and _CJK2.search(text):
                return _bare_host_url(value)
    return None


def _bare_host_url(href: str) -> str:
    href = browser_slashes(href)
    return "http://" + href if _BARE_HOST.match(href) else href


_OTHER_SCHEME = re.compile(r"^(?!https?:)[a-z][a-z0-9+.-]*:", re.I)


def browser_slashes(href: str) -> str:
    """An address as a browser reads it: WHATWG URL parsing takes a backslash for a slash in an
    http(s) URL's authority and path (``http:\\sft.x.gov.cn\\`` typed into a CMS field opens
    ``http://sft.x.gov.cn/``); the query and fragment keep theirs."""
    if "\\" not in href or _OTHER_SCHEME.match(href):
        return href
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:cut].replace("\\", "/") + href[cut:]


def _host_cell_url(cell: lxml.html.HtmlElement) -> str | None:
    """The site a table cell names by its host name alone, when its row names an agency and links
    nowhere (a row with a link of its own is read through that link)."""
    if not _BARE_HOST.match(text := _text(cell)):
        return None
    row = cell.getparent()
    if row is None or row.tag != "tr" or row.xpath(".//a[@href]|.//*[@onclick]|.//*[@data-href]|.//*[@data-url]"):
        return None
    names = (_text(td) for td in row if isinstance(td.tag, str) and td is not cell)
    if not any(_is_name(n) and agency_in_link(n) and not names_non_agency(n) for n in names):
        return None
    return "http://" + (text if "/" in text else text + "/")


# A leave-site page (/wzlj/jump.html?url=http%3A%2F%2F…) or a redirector: the URL it leads to is
# in one of these query parameters, whole (scheme and host).
_TARGET_PARAMS = ("url", "target", "goto", "redirect", "redirect_url", "redirecturl", "link", "jumpurl", "to", "dest")


def unwrap_target(url: str) -> str:
    """The URL a leave-site interstitial or a redirector leads to, read from its query parameter
    (``url=``, ``target=``, ``goto=`` …) when that holds a full URL; else the URL itself."""
    query = urlsplit(url).query
    if not query:
        return url
    params = {k.lower(): v for k, v in parse_qsl(query, keep_blank_values=False)}
    for name in _TARGET_PARAMS:
        value = _decoded(params.get(name) or "")
        if value.lower().startswith(("http://", "https://", "//")) and urlsplit(urljoin(url, value)).hostname:
            return urljoin(url, value)
    return url


_BASE64 = re.compile(r"^[A-Za-z0-9+/_-]{12,}={0,2}$")


def _decoded(value: str) -> str:
    """A target parameter as written, or the URL it spells in base64 (``?url=aHR0cDovL3d3dy4…``)."""
    value = value.strip()
    if not _BASE64.match(value):
        return value
    try:
        text = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_" if "-" in value or "_" in value
                                else None).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return value
    return text.strip() if text.lower().startswith(("http://", "https://")) else value


def _is_heading(el: lxml.html.HtmlElement) -> str | None:
    """The heading text when ``el`` heads a group of links, else None."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "option":
        value = (el.get("value") or "").strip()
        text = _DECOR.sub("", _text(el))
        if value not in ("", "#", "0", "-1") or not text or "选择" in text:
            return None  # a link, or 请选择: the label before the <select> names the group
        return text
    if tag == "optgroup":
        return squeeze(el.get("label") or "") or None
    if tag == "th" and el.getparent() is not None and len(el.getparent().findall("th")) > 1:
        return None  # a row of column headers (部门名称 | 网址), not a group's heading
    if tag in _HEADING_TAGS or (tag in _INLINE_HEADING_TAGS and _HEADING_CLASS.search(el.get("class") or "")):
        text = _text(el) or _image_words(el)
        if text and len(text) <= _MAX_HEADING and not el.xpath(".//a[2]"):
            return text
        return None
    if tag in ("strong", "b") and el.getparent() is not None and el.getparent().tag != "a":
        text = _text(el)
        return text if text and len(text) <= _MAX_HEADING else None
    return None


def _image_words(el: lxml.html.HtmlElement) -> str:
    """A heading printed as a picture (``<div class="tit"><img alt="部门网站"></div>``): its alt text,
    when the heading links nowhere."""
    if el.xpath(".//a"):
        return ""
    return next((squeeze(alt) for alt in el.xpath(".//img/@alt") if _CJK2.search(alt or "")), "")


# The elements of the page being read that hold a link (themselves or below): computed once a page,
# so asking it of every element is not a walk of every subtree.
_LINKED: ContextVar[set[lxml.html.HtmlElement] | None] = ContextVar("_LINKED", default=None)


def _linked_elements(root: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    linked: set[lxml.html.HtmlElement] = set()
    for el in root.iter():
        if isinstance(el.tag, str) and _link_url(el):
            node = el
            while node is not None and node not in linked:
                linked.add(node)
                node = node.getparent()
    return linked


def _has_link(el: lxml.html.HtmlElement) -> bool:
    linked = _LINKED.get()
    if linked is not None and el.getroottree().getroot() is _ROOT.get():
        return el in linked
    return any(_link_url(a) for a in el.iter() if isinstance(a.tag, str))


_ROOT: ContextVar[lxml.html.HtmlElement | None] = ContextVar("_ROOT", default=None)


# The page's own functions that open a URL from their arguments (``function goSite(id) {
# window.open('/go.jsp?id=' + id) }``), so ``onclick="goSite(12)"`` is a link: set while a page is read.
_FUNCTIONS: ContextVar[dict[str, Navigator]] = ContextVar("_FUNCTIONS", default={})  # noqa: B039 - never mutated


# The page's script maps from a key to a site (``var siteUrls = {jtt: "//jtt.x.gov.cn/", …}``) that a
# ``<select onchange="window.open(siteUrls[this.value])">`` opens by its options' values.
_KEYED: ContextVar[dict[str, dict[str, str]]] = ContextVar("_KEYED", default={})  # noqa: B039 - never mutated
_KEYED_MAP = re.compile(r"""(?:\b(?:var|let|const)\s+|[\w$]+\.)?([A-Za-z_$][\w$]*)\s*=\s*\{([^{}]*)\}""")
_KEYED_PAIR = re.compile(r"""["']?([\w$-]+)["']?\s*:\s*(?:"([^"\n]*)"|'([^'\n]*)')""")
# siteUrls[this.value], qzbm[this.options[this.selectedIndex].value], urls[$(this).val()]
_KEY_LOOKUP = re.compile(r"""([A-Za-z_$][\w$]*)\s*\[\s*(?:this\.value|this\.options\s*\[\s*this\.selectedIndex\s*\]"""
                         r"""\.value|\$\(\s*this\s*\)\.val\(\s*\))\s*\]""")


# function goSite(k) { window.open(siteUrls[k]); }: a handler looking its argument up in a map
_KEY_FUNCTION = re.compile(r"""function\s+([A-Za-z_$][\w$]*)\s*\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\{([^{}]*)\}""")
_KEY_CALL = re.compile(r"""([A-Za-z_$][\w$]*)\s*\(\s*(?:this\.value|this\.options\s*\[\s*this\.selectedIndex\s*\]"""
                       r"""\.value|\$\(\s*this\s*\)\.val\(\s*\))\s*\)""")


def keyed_maps(scripts: list[str]) -> dict[str, dict[str, str]]:
    """Every object literal of the scripts assigned to a name whose values are all URLs (a key to a
    site's address), by that name: ``var qzbm = {'1': "http://…", fgw: '//fgw.x.gov.cn/'}``; and
    the same map under ``goSite()`` for a one-argument function that looks its argument up in it."""
    maps: dict[str, dict[str, str]] = {}
    for script in scripts:
        for name, body in _KEYED_MAP.findall(script):
            pairs = {k: (a or b).strip() for k, a, b in _KEYED_PAIR.findall(body)}
            if pairs and all(_URLISH.match(v) or v.startswith("/") for v in pairs.values()):
                maps[name] = pairs
    for script in scripts:
        for function, arg, body in _KEY_FUNCTION.findall(script):
            m = re.search(rf"([A-Za-z_$][\w$]*)\s*\[\s*{re.escape(arg)}\s*\]", body)
            if m and m.group(1) in maps:
                maps[function + "()"] = maps[m.group(1)]
    for script in scripts:
        for m in _BOUND_CHANGE.finditer(script):
            body = script[m.end(): m.end() + 600]
            element = m.group(1) or m.group(2) or m.group(3)
            used = next((k for k in (*re.findall(r"([A-Za-z_$][\w$]*)\s*\[", body),
                                      *(f + "()" for f in re.findall(r"([A-Za-z_$][\w$]*)\s*\(", body)))
                         if k in maps), None)
            if used:
                maps["#" + element] = maps[used]
            elif joined := _JOINED_VALUE.search(body):  # window.open('/go.jsp?id=' + this.value)
                maps["#" + element + "+"] = {"prefix": joined.group(1), "suffix": _joined(joined, "")[len(joined.group(1)):]}
    return maps


# A handler opening a URL built around the selected value: '/go.jsp?id=' + this.value (+ '.html').
# 'http://' + this.value + '.x.gov.cn:' + location.port + '/': the page's own port where the script puts it.
_JOINED_VALUE = re.compile(
    r"""['"]([^'"\s]*[/?=][^'"\s]*)['"]\s*\+\s*(?:this\.value|this\.options\s*\[\s*this\.selectedIndex\s*\]\.value|"""
    r"""\$\(\s*this\s*\)\.val\(\s*\)|[\w$]+\.target\.value)(?:\s*\+\s*['"]([^'"\s]*)['"])?"""
    r"""(?:\s*\+\s*((?:window\.)?location\.port)(?:\s*\+\s*['"]([^'"\s]*)['"])?)?""")
PAGE_PORT = "{location.port}"  # where a script's URL takes the page's own port (grouped_links fills it in)


def _with_page_port(url: str, base: str) -> str:
    """A URL a script builds with ``location.port``, with the page's port (none: the scheme's)."""
    if PAGE_PORT not in url:
        return url
    port = urlsplit(base).port
    return url.replace(":" + PAGE_PORT, f":{port}" if port else "").replace(PAGE_PORT, str(port or ""))


def _joined(m: re.Match[str], value: str) -> str:
    return m.group(1) + value + (m.group(2) or "") + (PAGE_PORT + (m.group(4) or "") if m.group(3) else "")


def _joined_option_url(el: lxml.html.HtmlElement, value: str) -> str | None:
    """An option whose value is a key its select's handler builds a URL around (``onchange=
    "window.open('/go.jsp?id=' + this.value)"``, in the attribute or bound by id): that URL."""
    if "://" in value or value.startswith(("/", ".", "#")) or _BARE_HOST.match(value) or \
            value.lower().startswith(("javascript:", "http")) or value in ("0", "-1") or "选择" in _text(el):
        return None  # a URL of its own, or the placeholder naming the group
    select = next((a for a in el.iterancestors("select")), None)
    if select is None:
        return None
    m = _JOINED_VALUE.search(select.get("onchange") or "")
    if m:
        return _joined(m, value)
    bound = _KEYED.get().get("#" + (select.get("id") or "") + "+") if select.get("id") else None
    return bound["prefix"] + value + bound["suffix"] if bound else None


# A change handler bound in script to an element by its id (or name): getElementById("qzbm").onchange =
# function…, $("#qzbm").change(…), $("#qzbm").on("change", …), ….addEventListener("change", …).
_BOUND_CHANGE = re.compile(
    r"""(?:getElementById\(\s*['"]([\w-]+)['"]\s*\)|\$\(\s*['"](?:select)?#([\w-]+)['"]\s*\)|"""
    r"""querySelector\(\s*['"](?:select)?#([\w-]+)['"]\s*\))\s*"""
    r"""(?:\.onchange\s*=|\.change\s*\(|\.(?:on|bind)\s*\(\s*['"]change['"]\s*,|"""
    r"""\.addEventListener\s*\(\s*['"]change['"]\s*,)""")


def _keyed_options(el: lxml.html.HtmlElement) -> dict[str, str] | None:
    """The script map an option's select looks its value up in (``siteUrls[this.value]``), or None."""
    maps = _KEYED.get()
    if not maps:
        return None
    select = next((a for a in el.iterancestors("select")), None)
    handler = select.get("onchange") or "" if select is not None else ""
    if m := _KEY_LOOKUP.search(handler):
        return maps.get(m.group(1))
    m = _KEY_CALL.search(handler)  # onchange="goSite(this.value)"
    if m:
        return maps.get(m.group(1) + "()")
    return maps.get("#" + select.get("id")) if select is not None and select.get("id") else None  # bound by id


def _reading(root: lxml.html.HtmlElement) -> tuple[Any, Any, Any, Any]:
    """Remember which elements of ``root`` hold links while it is read (undo with _done)."""
    scripts = [el.text or "" for el in root.iter("script") if not el.get("src")]
    functions = _FUNCTIONS.set(navigating_functions(scripts) if any(scripts) else {})
    keyed = _KEYED.set(keyed_maps(scripts) if any(scripts) else {})
    return _LINKED.set(_linked_elements(root)), _ROOT.set(root), functions, keyed


def _done(tokens: tuple[Any, Any, Any, Any]) -> None:
    _LINKED.reset(tokens[0])
    _ROOT.reset(tokens[1])
    _FUNCTIONS.reset(tokens[2])
    _KEYED.reset(tokens[3])


@dataclass(frozen=True)
class _Read:
    """A page parsed and walked once: its root, base URL, every element with its group's heading,
    and what _reading remembers — the readers of one page (links, scripts, frames, panels) share it."""

    root: lxml.html.HtmlElement
    base: str
    walked: list[tuple[lxml.html.HtmlElement, str | None]]
    linked: set[lxml.html.HtmlElement]
    functions: dict[str, Navigator]
    keyed: dict[str, dict[str, str]]

    @contextmanager
    def entered(self) -> Iterator[None]:
        """While inside, the link helpers see this page's linked elements, root, functions and maps."""
        tokens = _LINKED.set(self.linked), _ROOT.set(self.root), _FUNCTIONS.set(self.functions), _KEYED.set(self.keyed)
        try:
            yield
        finally:
            _done(tokens)


# Scripts whose body is markup the page shows (art-template ``text/html``, a jcms column's records as
# ``<![CDATA[<li><a …>]]>`` inside ``text/xml``, ``text/template``): page content, read as HTML.
_MARKUP_SCRIPT = re.compile(r"^\s*text/(html|xml|template|x-template|x-tmpl[\w-]*|x-handlebars[\w-]*|ng-template)\s*$", re.I)
_CDATA_MARK = re.compile(r"<!\[CDATA\[|\]\]>")


def _expand_markup_scripts(root: lxml.html.HtmlElement) -> None:
    """Replace each markup-holding ``<script type="text/html|xml|template">`` by a ``<div>`` of its
    markup, so its links are read in the group the script sits in (a template rendered into
    ``<ul id="kfq">``, a column's first page of records the platform's pager writes out); an
    ``<iframe srcdoc="…">`` likewise (the frame's document is written in the attribute)."""
    for script in [*root.iter("script"), *root.iter("iframe")]:
        body = script.text or "" if script.tag == "script" else script.get("srcdoc") or ""
        if script.tag == "iframe":
            if "<" not in body:
                continue
        elif script.get("src") or "<" not in body or not _MARKUP_SCRIPT.match(script.get("type") or ""):
            continue
        try:
            parts = lxml.html.fragments_fromstring(_CDATA_MARK.sub("", body))
        except (ValueError, lxml.etree.ParserError):
            continue
        holder = lxml.html.Element("div")
        for part in parts:
            if isinstance(part, str):
                holder.text = (holder.text or "") + part
            else:
                holder.append(part)
        holder.tail = script.tail
        parent = script.getparent()
        if parent is not None:
            parent.replace(script, holder)


@lru_cache(maxsize=4)
def _read(html_text: str, base_url: str, default_heading: str | None) -> _Read | None:
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return None
    base = root.xpath("string(//base/@href)") or base_url
    _expand_markup_scripts(root)
    tokens = _reading(root)
    try:
        walked = list(_walk(root, base, default_heading))
        return _Read(root, base, walked, _LINKED.get(), _FUNCTIONS.get(), _KEYED.get())
    finally:
        _done(tokens)


def _tab_label(el: lxml.html.HtmlElement, base: str) -> str | None:
    """A tab's label: short words (two Chinese characters at least: a date or a number beside a
    news item's link labels nothing) whose links, if any, stay on the page's own site (更多 pages)."""
    text = _DECOR.sub("", _text(el)) or _image_words(el)  # a tab printed as a picture: its alt
    if not text or len(text) > _MAX_HEADING or not _CJK2.search(text):
        return None
    for a in el.iter():
        url = _link_url(a) if isinstance(a.tag, str) else None
        if url and host_key(urljoin(base, _with_page_port(url, base))) != host_key(base):
            return None
    return text


def _panel_ref(tab: lxml.html.HtmlElement, ids: dict[str, lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    """The panel a tab names by id: aria-controls, data-target, href="#id", or a quoted id in its script."""
    for el in tab.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in _PANEL_REF_ATTRS:
            ref = (el.get(attr) or "").strip().lstrip("#")
            if ref in ids:
                return ids[ref]
        for attr in ("onclick", "onmouseover", "onmouseenter"):
            for ref in _QUOTED.findall(el.get(attr) or ""):
                if ref in ids:
                    return ids[ref]
    # the classic setTab('one', 1, 5) boxes: tab id one1 names panel con_one_1 by the same letters and number
    own = tab.get("id")
    if own:
        key = _ID_CHARS.sub("", own).lower()
        named = [el for ref, el in ids.items() if ref != own and _ID_CHARS.sub("", ref).lower().endswith(key)
                 and re.search(r"\d$", key)]
        if len(named) == 1:
            return named[0]
    return None


_ID_CHARS = re.compile(r"[\W_]+")


MAX_BLOCKS_BETWEEN = 10  # banners, 名录 / 更多 links, image strips a portal puts between a tab bar and its panels


def _panels_after(anchor: lxml.html.HtmlElement, n: int) -> list[lxml.html.HtmlElement] | None:
    """N panels of links after ``anchor``: its next sibling's children, its next N siblings when they
    are blocks of one kind, or the children of a box a few blocks on (a banner, a 名录 link or an image
    strip between the tab bar and the box of its panels). The items of one list are no panels: a list
    its box names (``aria-label``), or whose children are each one link and nothing more (two tabs
    over one list filled by the tab shown)."""
    following = [sib for sib in anchor.itersiblings() if isinstance(sib.tag, str) and sib.tag not in ("script", "style")]

    def boxed(box: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement] | None:
        kids = [k for k in box if isinstance(k.tag, str) and k.tag not in ("script", "style")]
        if any(_group_word(box.get(attr)) for attr in _LABEL_ATTRS) \
                or all(k.tag in ("li", "dd") and _one_link_item(k) for k in kids):
            return None
        return kids if len(kids) == n and _panel_group(kids) else None

    run = following[:n]
    alike = len({(s.tag, (s.get("class") or "").split()[:1][0] if s.get("class") else "") for s in run}) == 1
    candidates = [boxed(following[0]) if following else None,
                  run if len(run) == n and alike and _panel_group(run) else None,
                  *(boxed(box) for box in following[1: MAX_BLOCKS_BETWEEN + 1]),
                  run if len(run) == n and _panel_group(run) else None]
    return next((group for group in candidates if group), None)


def _panel_group(group: list[lxml.html.HtmlElement]) -> bool:
    """Blocks that can be a tab box's panels: each holds links, or a list a script fills."""
    return all(_has_link(g) for g in group) or all(_script_filled(g) for g in group) \
        or all(_has_link(g) or _holds_script_list(g) for g in group)


def _holds_script_list(el: lxml.html.HtmlElement) -> bool:
    """A panel whose list a script fills (``<div class="dh-panel"><ul id="zsjgList"></ul></div>``)
    beside panels of static links: it still takes its place in the tabs' order."""
    return any(_script_filled(d) for d in el.iter() if isinstance(d.tag, str))


def _one_link_item(el: lxml.html.HtmlElement) -> bool:
    """A list item that is one link and its words only (``<li><a href=…>绵阳市</a></li>``)."""
    links = el.xpath(".//a")
    return len(links) == 1 and _text(links[0]) == _text(el)


def _script_filled(el: lxml.html.HtmlElement) -> bool:
    """An empty element with an id, a script's to fill (``<ul id="dh_bm"></ul>``): a panel too."""
    return bool(el.get("id")) and not any(isinstance(k.tag, str) for k in el) and not _text(el)


def _tab_panels(root: lxml.html.HtmlElement, base: str) -> dict[lxml.html.HtmlElement, str]:
    """Panels of tab boxes → their tab's label.

    A tab bar is an element with two or more children that are short labels without links to
    other sites (a trailing 更多 left aside), as footers and 网站导航 pages print 省直部门 | 设区市 |
    友情链接 and show one panel at a time by script. Each tab is paired with its panel by the id it
    names (aria-controls, data-target, href="#…", a quoted id in its onclick) when every tab names
    one; otherwise by order, with the N link-holding panels that follow the bar — or follow the
    box the bar sits in (``<div class="hd"><ul>…tabs…</ul></div><div class="bd">…panels…</div>``).
    """
    ids = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    panels: dict[lxml.html.HtmlElement, str] = {}
    for bar in root.iter():
        if not isinstance(bar.tag, str) or bar.tag in ("select", "tr", "table", "tbody", "script", "style"):
            continue
        kids = [k for k in bar if isinstance(k.tag, str) and k.tag not in ("script", "style")]
        if len(kids) < 2 or any(len(list(islice(k.iter(), 5))) > 4 for k in kids):
            continue  # a label is a few elements at most: <li><a href="javascript:;"><span>省直部门</span></a></li>
        kids = [k for k in kids if not is_more_link(_text(k))]
        if len(kids) < 2:
            continue
        labels = [_tab_label(k, base) for k in kids]
        if not all(labels):
            continue
        by_ref = [_panel_ref(k, ids) for k in kids]
        if all(p is not None and p is not bar and _has_link(p) for p in by_ref):
            panels.update(zip(by_ref, labels, strict=True))
            continue
        anchor: lxml.html.HtmlElement | None = bar
        for _ in range(3):
            if anchor is None or anchor.tag in ("body", "html"):
                break
            group = _panels_after(anchor, len(kids))
            if group:
                panels.update(zip(group, labels, strict=True))
                break
            if any(isinstance(sib.tag, str) for sib in anchor.itersiblings()):
                break  # something else follows the bar: no panels of its own
            anchor = anchor.getparent()
    return panels


def _row_heading(el: lxml.html.HtmlElement) -> str | None:
    """A table cell without links that names the links in the cells after it (省直部门 | 教育厅 …)."""
    if el.tag not in ("td", "th") or _has_link(el):
        return None
    text = _label_text(el)  # words, not a row number (1 | 安徽省教育厅 | jyt.ah.gov.cn)
    if not text or names_one_agency(text):
        return None  # 教育厅 | jyt.example.gov.cn: the cell names its row's link, not a group
    after = [sib for sib in el.itersiblings() if isinstance(sib.tag, str)]
    return text if any(_has_link(sib) for sib in after) else None


def names_one_agency(text: str | None) -> bool:
    """A short text naming one agency (教育厅, 九江市财政局), not a group of them (省直部门)."""
    t = squeeze(text or "")
    return bool(t) and bool(_ORGAN.search(t)) and not _GROUP_WORD.search(t)


def _is_name(text: str) -> bool:
    return bool(_CJK2.search(text)) and not _ADDRESS_TEXT.match(text)


# Link texts that say only "go there" (进入网站, 访问, 点击进入, 门户网站): the name is around the link.
_GENERIC_TEXT = re.compile(
    r"^(点击)?(进入|访问|浏览|打开|前往|链接|查看|详情|网址|官网|网站|首页|门户|主页)"
    r"(网站|网址|官网|首页|门户|主页|门户网站|官方网站|链接|详情)?$|^(门户网站|官方网站|网站首页|政府网站)$"
    r"|^(go|enter|visit)$", re.I)
# SVG shapes of a map: a region's name is its <title>, a name attribute or the label drawn after it.
_SHAPES = frozenset({"path", "polygon", "rect", "circle", "ellipse", "g", "polyline"})


def is_generic_link_text(text: str | None) -> bool:
    """进入网站, 访问, 点击进入, 门户网站 …: a link text that names nothing (the card around it does)."""
    return bool(_GENERIC_TEXT.match(_DECOR.sub("", squeeze(text or "")).rstrip(">》»→ ")))


def _element_name(el: lxml.html.HtmlElement) -> str:
    """What a clickable element that is not an ``<a>`` (a list item, a card, a map region) is
    called: its words, else a naming attribute, else the label an SVG map draws next to a region."""
    text = _DECOR.sub("", _text(el))
    if text:
        return text
    for attr in ("title", "data-name", "data-title", "aria-label", "name", "alt"):
        if _CJK2.search(el.get(attr) or ""):
            return squeeze(el.get(attr))
    if el.tag in _SHAPES:
        label = next((s for s in el.itersiblings() if isinstance(s.tag, str)), None)
        if label is not None and label.tag == "text" and _CJK2.search(_text(label)):
            return _DECOR.sub("", _text(label))
    return ""


def _card_words(el: lxml.html.HtmlElement) -> str:
    """The words of the smallest box around a generic link that holds no other link: a list item's
    ``<span class=name>潍坊市教育局</span>`` beside its 进入网站, a card's heading."""
    own = _text(el)
    for box in islice(el.iterancestors(), 4):
        if box.tag in ("body", "html", "ul", "ol", "table", "tbody", "dl"):
            break
        if len([a for a in box.iter() if isinstance(a.tag, str) and _link_url(a)]) > 1:
            break
        inside = set(el.iter())
        for part in box.iter():  # a heading or name of its own in the card (地址/电话 lines aside)
            if part is box or part in inside or not isinstance(part.tag, str) or part.tag in ("script", "style"):
                continue
            words = _DECOR.sub("", _text(part))
            if _is_name(words) and len(words) <= 30 and (agency_in_link(words) or place_named_by(words)):
                return words
        words = _DECOR.sub("", squeeze(_text(box).replace(own, " ", 1)))
        if _is_name(words) and len(words) <= 40:
            return words
    return ""


_TRUNCATED = re.compile(r"(\.{2,}|…+|。{2,})$")


def _link_name(el: lxml.html.HtmlElement) -> str:
    """What a link is called: its text; when that is empty or a bare address, its title or its
    image's alt, the neighbouring table cell (教育厅 | jyt.example.gov.cn) or its list item's words;
    when it only says "go there" (进入网站), the words of the box around it. A brand in a table row
    whose 主办单位 cell names the organ the brand speaks of (河北林草 | … | 河北省林业和草原局, a
    政府网站名录 row) is called by that organ."""
    name = _bare_link_name(el)
    return _row_organ(el, name) or name


def _row_organ(el: lxml.html.HtmlElement, name: str) -> str | None:
    """The organ a table row names beside a brand (the 主办单位 cell of a 网站名录 row), when the
    brand is no agency's name and speaks of that organ (信用河北, run by a 发改委, does not)."""
    cell = el if el.tag in ("td", "th") else next((a for a in el.iterancestors() if a.tag in ("td", "th")), None)
    if cell is None or not _is_name(name) or agency_in_link(name) is not None or names_non_agency(name):
        return None
    path = urlsplit(_link_url(el) or "").path.rstrip("/")
    if path and not _SITE_INDEX.match(path.rsplit("/", 1)[-1]):
        return None  # a page of a site (审计动态), not a site's home
    for sib in [*cell.itersiblings(), *cell.itersiblings(preceding=True)]:
        words = _text(sib) if isinstance(sib.tag, str) and not _has_link(sib) else ""
        if words and words != name and len(words) <= 40 and not names_non_agency(words) \
                and agency_in_link(words) is not None and brand_of(name, words):
            return words
    return None


def _bare_link_name(el: lxml.html.HtmlElement) -> str:
    text = _text(el)
    if is_generic_link_text(text):
        words = _card_words(el)
        if not words and el.tag == "a":
            cell = next((a for a in el.iterancestors() if a.tag in ("td", "th")), None)
            siblings = [] if cell is None else [*cell.itersiblings(preceding=True), *cell.itersiblings()]
            words = next((w for w in (_text(s) for s in siblings if isinstance(s.tag, str) and not _has_link(s))
                          if _is_name(w) and len(w) <= 40), "")
        return words or text
    if _is_name(text):
        full = squeeze(el.get("title") or "")
        stem = _TRUNCATED.sub("", text)
        if stem != text and len(full) > len(stem) and full.startswith(stem):
            return full  # 宁夏回族自治区人力资源和社… cut by the list, whole in its title
        return text
    for attr in [el.get("title"), el.get("alt")] + el.xpath(".//img/@alt"):
        if attr and _is_name(squeeze(attr)):
            return squeeze(attr)
    cell = el if el.tag in ("td", "th") else next(
        (a for a in el.iterancestors() if a.tag in ("td", "th", "li", "dd")), None)
    if cell is not None and el.tag in ("a", "td", "th"):
        if cell.tag in ("td", "th"):
            for sib in [*cell.itersiblings(preceding=True), *cell.itersiblings()]:
                words = _text(sib) if isinstance(sib.tag, str) and not _has_link(sib) else ""
                if _is_name(words) and len(words) <= 40:
                    return words
        else:
            words = squeeze(_text(cell).replace(_text(el), " "))
            if _is_name(words) and len(words) <= 40 and len(cell.xpath(".//a")) == 1:
                return _DECOR.sub("", words)
    return text


def _is_footer(el: lxml.html.HtmlElement) -> bool:
    """A footer line (主办单位 … ICP备 …); a table's column header that only says 网站标识码 is not one."""
    own = squeeze(el.text or "")
    text = own if _FOOTER.search(own) else _text(el) if not _has_link(el) else ""
    m = _FOOTER.search(text)
    return bool(m) and _DECOR.sub("", text) != m.group(0)


def _walk(root: lxml.html.HtmlElement, base: str,
          default_heading: str | None) -> Iterator[tuple[lxml.html.HtmlElement, str | None]]:
    """Every element of the page with the heading of the group it sits in (see grouped_links)."""
    panels = _tab_panels(root, base)
    heading: str | None = default_heading
    select_base: str | None = None  # the group of the <select> being read: its placeholder or label
    # Groups in effect: (the element holding the group, its heading), outermost first — the page
    # itself for the group a directory link named, a tab's panel, a heading's box.
    scopes: list[tuple[lxml.html.HtmlElement, str, str]] = [(root, "", default_heading)] if default_heading else []
    # A select's placeholder heads its own options only: after the select, the heading before it.
    select_el: lxml.html.HtmlElement | None = None
    before_select: str | None = None
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag == "style":
            continue
        if select_el is not None and select_el not in el.iterancestors():
            heading, select_el = before_select, None  # its placeholder's or optgroups' heading ends with it
        if el.tag == "script":
            yield el, heading
            continue
        found = panels.get(el) or _is_heading(el) or _row_heading(el) or _label_before_links(el) or _lead_label(el) \
            or _own_label(el)
        if not found and el.tag in _LABEL_TAGS and _is_footer(el):
            heading = None  # the page's footer: its links (中国政府网 …) are no group's
            scopes = []
            yield el, heading
            continue
        if found and el.tag not in ("option", "optgroup"):
            holder = el if el in panels or el.getparent() is None or (el.tag != "img" and found == _own_label(el)) \
                else el.getparent()
            scopes = _enclosing_scopes(scopes, el, holder)
            outer = scopes[-1][2] if scopes and scopes[-1][1] != "h1" else None  # h1: the page's own name
            if outer and is_agency_group(outer) and not _names_one_site(outer) and _is_neutral_group(found):
                found = f"{outer} {found}"  # 省政府组成部门 › 综合经济: a part of the group around it
            scopes.append((holder, el.tag, found))
        if el.tag == "select":
            prev = el.getprevious()
            select_base = heading if prev is not None and _label_before_links(prev) else None
            select_el, before_select = el, heading
        if found and el.tag == "optgroup" and select_base:
            found = f"{select_base} {found}"  # ——市直部门网站—— › 综合经济: a part of the select's group
        elif found and el.tag == "option":
            select_base = found
        if found:
            heading = found
        yield el, heading


_RANK = re.compile(r"^h([1-6])$")


def _names_one_site(heading: str) -> bool:
    """A heading that is one agency's or site's name (襄阳市人民政府门户网站), not a group's."""
    name = agency_in_title(heading)
    return names_one_agency(heading) or bool(name and place_in_name(name)[0] is not None)


def _enclosing_scopes(scopes: list[tuple[lxml.html.HtmlElement, str, str]], el: lxml.html.HtmlElement,
                      holder: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str, str]]:
    """The groups still around a heading at ``el`` heading ``holder``: those whose element holds it,
    less its siblings (an earlier heading of the same box, unless of a higher rank: h3 over h4)."""
    ancestors = set(el.iterancestors())
    kept = []
    for scope in scopes:
        if scope[0] not in ancestors:
            continue  # a group left behind
        if scope[0] is holder:
            outer, inner = _RANK.match(scope[1]), _RANK.match(el.tag)
            if not (outer and inner and outer.group(1) < inner.group(1)):
                continue  # the heading before this one in the same box: a sibling group
        kept.append(scope)
    return kept


def grouped_links(html_text: str, base_url: str, default_heading: str | None = None) -> list[GroupLink]:
    """Every link (``<a href>``, ``<option value>``, an element opening a URL by script) with the
    nearest heading before it in the page. ``default_heading`` heads the links before any heading
    (a directory page reached by a 部门网站 or 更多 link lists that group); a footer ends it.
    An ``<optgroup>``'s label is a part of its select's group (placeholder option or label before)."""
    page = _read(html_text, base_url, default_heading)
    if page is None:
        return []
    base = page.base
    out: list[GroupLink] = []
    with page.entered():
        for el, heading in page.walked:
            if el.tag == "script":
                continue
            href = _link_url(el)
            if not href:
                out += [link for data in _attribute_data(el) for link in _data_links(data, base, {}, heading)]
                continue
            url = unwrap_target(urljoin(base, _with_page_port(href, base)))
            if urlsplit(url).scheme not in ("http", "https"):
                continue
            text = _link_name(el) if el.tag in ("a", "area", "td", "th") else _element_name(el)
            out.append(GroupLink(url, text, heading))
        out += [GroupLink(url, name, heading) for el, heading in page.walked if el.tag in _ROW_TAGS
                for url, name in [_columns_folder(el, base)] if url]
    return out


_ROW_TAGS = frozenset({"tr", "li", "dd", "p"})
# The columns of an organ's 政务公开 a list links beside its name (机构职能 | 政策文件 | 年度报告).
_COLUMN_WORDS = re.compile(r"^(机构(职能|概况|设置)|领导(信息|分工)|内设机构|政策(文件|法规|解读)|规划计划|规范性文件|"
                           r"信息公开(指南|目录|制度|年报|年度报告)?|政府信息公开(指南|目录|制度|年报)?|(政府信息公开)?年度报告|"
                           r"法定主动公开内容|依申请公开|财政(预决算|资金)|部门(预决算|预算|决算)|工作动态|人事信息|统计信息)$")


def _columns_folder(row: lxml.html.HtmlElement, base: str) -> tuple[str | None, str]:
    """An organ a list names without a link of its own, its 政务公开 columns linked beside its name
    (``<tr><td>市教育局</td><td><a href="/zwgk/bm/jyj/jgzn/">机构职能</a> | <a …/ndbg/>年度报告</a>``),
    as departments without sites of their own are listed on a 集约化 portal: the folder its columns
    share (``/zwgk/bm/jyj/``) is its site, named by the row's other words."""
    links = [a for a in row.iter("a") if a.get("href")]
    if len(links) < 2 or not all(_COLUMN_WORDS.match(_text(a)) for a in links):
        return None, ""
    paths = [urlsplit(urljoin(base, a.get("href").strip())) for a in links]
    if len({p.netloc for p in paths}) != 1 or any(p.query for p in paths):
        return None, ""
    folders = [p.path.rsplit("/", 1)[0].rstrip("/").split("/") for p in paths]
    shared: list[str] = []
    for parts in zip(*folders, strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    if len(shared) < 2 or len(shared) == min(len(f) for f in folders):
        return None, ""  # no folder of the organ's own: the columns are the site's, or one column
    words = squeeze(" ".join(t for t in row.xpath(".//text()[not(ancestor::a)]") if t.strip()))
    name = _DECOR.sub("", re.sub(r"[|｜/]", " ", words)).strip()
    if not name or len(name) > 40 or agency_in_link(name) is None:
        return None, ""
    return urlunsplit(paths[0]._replace(path="/".join(shared) + "/")), name


def _attribute_data(el: lxml.html.HtmlElement) -> Iterator[Any]:
    """Records an element carries in an attribute for its script or component to render
    (``<div class="site-list" data-sites='[{"name": "市教育局", "url": "…"}]'>``, a Vue prop
    ``:sites="[…]"``): JSON, or a literal in JSON's looser script spelling."""
    for attr, value in el.attrib.items():
        value = value.strip()
        if len(value) < 20 or value[0] not in "[{" or attr in ("style", "class", "href", "src", "onclick") or (
                "//" not in value and "url" not in value.lower() and "href" not in value.lower()):
            continue
        for text in (value, _as_json(value)):
            try:
                yield json.loads(text)
                break
            except ValueError:
                continue


_LIBRARY_JS = re.compile(r"jquery|bootstrap|vue|react|angular|swiper|layer|echarts|polyfill|require|zepto|lodash|"
                         r"moment|analytics|tongji|gtag|baidu|jweb|common\.js|public\.js", re.I)
_FILLED = frozenset({"ul", "ol", "div", "dl", "tbody", "table", "select", "p", "span"})
_DATA_FILE = re.compile(r"""['"]([^'"\s]+\.(?:json|js|xml))(?:\?[^'"\s]*)?['"]""")  # var navXml = "/xml/wzdh.xml"


def script_refs(html_text: str, base_url: str,
                default_heading: str | None = None) -> tuple[list[tuple[str, str | None]], dict[str, str]]:
    """Where a group the page leaves empty is filled from: the site's own scripts and JSON files
    (``<script src>``, a ``'….json'`` named in an inline script; libraries left aside), each with
    the heading in effect where it is named, and the heading of every element with an id (the
    script names the one it fills). Nothing when no agency group is empty: no script is fetched."""
    page = _read(html_text, base_url, default_heading)
    if page is None:
        return [], {}
    base = page.base
    refs: list[tuple[str, str | None]] = []
    ids: dict[str, str] = {}
    empty_group = False
    with page.entered():
        empty_group = _scan_scripts(page.walked, base, refs, ids)
    if empty_group or _app_shell(page.root):
        return list(dict.fromkeys(refs)), ids
    # A footer directory a script of the site's writes (``<script src="/static/js/link.js">``:
    # document.writeln of the 网站导航 boxes): read for what it names, whatever the page shows.
    # Its groups are its own: no heading of the page carries over into it.
    named = [(url, None) for url, _ in refs if _DIRECTORY_SCRIPT.search(urlsplit(url).path)]
    return (list(dict.fromkeys(named)), ids) if named else ([], {})


def _app_shell(root: lxml.html.HtmlElement) -> bool:
    """A single-page app's shell (``<div id="app"></div>`` and its bundles): no link and next to no
    text of its own — everything it shows, its directory too, comes from its scripts."""
    body = root.find("body")
    if body is None or body.xpath(".//a[@href] | .//area[@href]"):
        return False
    text = "".join(body.xpath(".//text()[not(ancestor::script)][not(ancestor::style)][not(ancestor::noscript)]"))
    mount = body.xpath(".//div[@id][not(*)][string-length(normalize-space()) <= 10]")  # <div id="app"></div>
    return bool(mount) and len(squeeze(text)) < 40 and bool(body.xpath(".//script[@src]") or root.xpath("//head/script[@src]"))


def headings_by_id(html_text: str, base_url: str, default_heading: str | None = None) -> dict[str, str]:
    """The heading of the group each element with an id sits in (a Hanweb unit's ``<div id="4470">``
    under its 部门网站 title): what a list the page fills later belongs to."""
    page = _read(html_text, base_url, default_heading)
    if page is None:
        return {}
    return {el.get("id"): heading for el, heading in page.walked if heading and el.get("id")}


def frame_refs(html_text: str, base_url: str, default_heading: str | None = None,
               unheaded: bool = False) -> list[tuple[str, str | None]]:
    """The pages framed into an agency group (``<iframe src="/wzdh/xq.html">`` under 区县政府; a
    site-group platform's list on a gov.cn host of its own), with that group's heading: directory
    pages like any other. With ``unheaded``, also the site's own pages framed outside any group (a
    home page's footer kept in ``<iframe src="/include/foot.html">``, its 部门网站 select inside),
    after those, unless the group they sit in never lists agencies."""
    page = _read(html_text, base_url, default_heading)
    if page is None:
        return []
    base = page.base
    out: list[tuple[str, str | None]] = []
    own: list[tuple[str, str | None]] = []
    with page.entered():
        for el, heading in page.walked:
            src = (el.get("src") or "").strip() if el.tag in ("iframe", "frame") else ""
            url = urljoin(base, src) if src and not src.lower().startswith(("javascript:", "about:", "data:")) else ""
            if url and is_agency_group(heading) and (host_key(url) == host_key(base) or (
                    is_gov_host(url) and not is_national_portal(url))):  # a platform's, no map's or widget's
                out.append((url, heading))
            elif (url and unheaded and host_key(url) == host_key(base) and not is_excluded_group(heading)
                  and _PAGE_PATH.search(urlsplit(url).path or "/")):
                own.append((url, None))
    return out + own


# Attributes by which a tab names the page its panel is loaded from when shown (``$(panel).load(…)``).
_LAZY_ATTRS = ("data-src", "data-load", "data-url", "data-href", "data-page", "data-ajax", "data-content-url")
# A handler that loads a page of the site into a panel: onclick="loadTab(this, '/module/wzdh/sbm.htm')".
_HANDLER_PAGE = re.compile(r"""['"]((?:/|\./|\.\./)?[\w./-]+\.(?:s?html?|jsp|php|aspx?|do))(?:\?[^'"]*)?['"]""", re.I)
_PAGE_PATH = re.compile(r"(/|/[^./]+|\.(s?html?|jsp|php|aspx?|do|action|json))$", re.I)  # a page, data, no picture


def lazy_panel_refs(html_text: str, base_url: str,
                    default_heading: str | None = None) -> list[tuple[str, str | None]]:
    """Pages of the site loaded into a tab's panel when the tab is shown (``<li
    data-src="/module/wzdh/sbm.htm">省政府部门</li>`` filled by ``$('#panel').load(…)``), each with the
    tab's label as its group's heading: directory pages like any other, when the tab heads agencies
    (or sits under a heading that does). A tab naming one agency is that agency's link, not a panel."""
    page = _read(html_text, base_url, default_heading)
    if page is None:
        return []
    base = page.base
    out: list[tuple[str, str | None]] = []
    scripts = [el.text for el in page.root.iter("script") if not el.get("src") and el.text]
    loaders = navigating_functions(scripts, loading=True) if scripts else {}
    with page.entered():
        for el, heading in page.walked:
            if el.tag in ("img", "script", "iframe", "frame", "source", "video", "audio", "link") or (
                    el.tag in ("a", "area") and not (el.get("href") or "#").strip().lower().startswith(("#", "javascript:"))):
                continue
            handlers = [el.get(a) or "" for a in ("onclick", "onmouseover", "onmouseenter")]
            ref = next((el.get(a).strip() for a in _LAZY_ATTRS if (el.get(a) or "").strip()), "") or next(
                (m.group(1) for h in handlers for m in [_HANDLER_PAGE.search(h)] if m), "") or next(
                (u for h in handlers if h and (u := called_url(h, loaders))), "")  # loadTab(this,'zzbm')
            url = urljoin(base, ref) if ref and not ref.lower().startswith(("javascript:", "#")) else ""
            if not url or host_key(url) != host_key(base) or not _PAGE_PATH.search(urlsplit(url).path or "/"):
                continue
            label = _tab_label(el, base)
            link = GroupLink(url, label, heading)
            if not label or is_excluded_group(label) or is_jump_link(link, base) or sub_site_key(link):
                continue  # 友情链接, go.html?id=3 (a jump to a site), /site/czj/ 市财政局 (a site): no panel
            if is_agency_group(label):
                out.append((url, label))
            elif is_agency_group(heading) and _lazy_siblings(el) >= 2:  # a tab bar under 省政府部门: 综合经济 | 社会事业
                out.append((url, f"{heading} {label}"))
    return list(dict.fromkeys(out))


def _lazy_siblings(el: lxml.html.HtmlElement) -> int:
    """How many of the element's siblings (itself too) load a panel: a tab bar has two or more."""
    parent = el.getparent()
    kids = [el] if parent is None else [k for k in parent if isinstance(k.tag, str)]
    return sum(1 for k in kids if any((k.get(a) or "").strip() for a in _LAZY_ATTRS))


# A site script named for the links it writes: link.js, yqlj.js, footer.js, wzdh.js, zfwz.js …
_DIRECTORY_SCRIPT = re.compile(
    r"(?:^|/)(?:[\w-]*[_-])?(?:links?|yqlj|wzdh|wzlj|zfwz|wzq|footer|foot|bottom|dh|nav|sitenav|friendlinks?)"
    r"(?:[_-][\w-]*)?\.js$", re.I)


def _scan_scripts(walked: list[tuple[lxml.html.HtmlElement, str | None]], base: str,
                  refs: list[tuple[str, str | None]], ids: dict[str, str]) -> bool:
    empty_group = False
    for el, heading in walked:
        if heading and el.get("id"):
            ids[el.get("id")] = heading
        if el.tag == "script":
            names = [el.get("src")] if el.get("src") else _DATA_FILE.findall(el.text or "") + [
                u for u in script_requests(el.text or "", base) if not u.lower().endswith(".js")]  # .load('/m/bm.htm')
            for name in names:
                url = urljoin(base, name.strip())
                if host_key(url) == host_key(base) and not _LIBRARY_JS.search(urlsplit(url).path):
                    refs.append((url, heading))
        elif (el.tag in _FILLED and is_agency_group(heading) and not _has_link(el)
              and (el.get("id") or not any(isinstance(k.tag, str) for k in el)) and len(_text(el)) <= 10):
            empty_group = True  # <ul id="xsqList"></ul> under 县（市、区）, or <li>加载中…</li> in it
        elif el.tag == "select" and _placeholder_select(el, heading):
            empty_group = True  # <select><option value="">部门网站</option></select>, its options added by script
    return empty_group


def _placeholder_select(el: lxml.html.HtmlElement, heading: str | None) -> bool:
    """A select of an agency group with no option but its placeholder (a 网站导航 drop-down whose
    sites a script adds from the portal's data): the group named before it or by the placeholder."""
    options = el.xpath(".//option")
    if any((o.get("value") or "").strip() for o in options) or len(options) > 1:
        return False
    return is_agency_group(heading) or bool(options) and is_agency_group(_DECOR.sub("", _text(options[0])))


_JS_OBJECT = re.compile(r"\{[^{}]*\}")
_JS_PAIR = re.compile(r"""["']?([A-Za-z_][\w-]*)["']?\s*:\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)')""")
_JS_STRING = re.compile(r""""((?:\\.|[^"\\\n])*)"|'((?:\\.|[^'\\\n])*)'""")
# ["温州市教育局", "http://…"]: an array of a name and an address (and maybe more strings).
_JS_PAIR_ARRAY = re.compile(r"""\[\s*(?:"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')(?:\s*,\s*(?:"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')){1,4}\s*\]""")
_URL_KEYS = frozenset({"url", "href", "link", "src", "website", "site", "siteurl", "address", "addr", "wz", "wzdz"})
_NAME_KEYS = frozenset({"name", "title", "text", "label", "sitename", "mc", "dwmc", "webname", "n"})
# Keys of platforms' own records (orgName, deptName, unitName, zdmc 站点名称, webUrl, siteDomain):
# ranked after the plain ones, those naming a site or an organ first (a record's catName is its group).
_NAME_KEY_END = re.compile(r"(name|mc|名称|名字)$")
_URL_KEY_END = re.compile(r"(url|href|link|domain|website|wzdz|网址|链接|地址|域名)$")
_PICTURE_KEY = re.compile(r"^(img|pic|logo|icon|thumb|image|cover|photo)")
_SITE_KEY = re.compile(r"^(site|web|org|dept|unit|gov|zd|wz|dw|jg|bm|zf)")
_URLISH = re.compile(r"^(https?:)?//|^[a-z0-9-]+(\.[a-z0-9-]+)+\.(cn|com|net|org)(:\d+)?(/|$)", re.I)


def _key_rank(key: str, plain: frozenset[str], end: re.Pattern[str]) -> int | None:
    """How surely a record's key holds its name (or URL): 0 a plain key, 1 a site's or an organ's
    own (orgName), 2 any other ending so (xxName); None not at all."""
    if key in plain:
        return 0
    if end.search(key) and not _PICTURE_KEY.match(key):
        return 1 if _SITE_KEY.match(key) else 2
    return None


def _keyed_value(pairs: list[tuple[str, str]], plain: frozenset[str], end: re.Pattern[str], ok: Any) -> str | None:
    ranked = [(rank, n, v) for n, (k, v) in enumerate(pairs)
              if ok(v) and (rank := _key_rank(k, plain, end)) is not None]
    return min(ranked)[2] if ranked else None


def _record_name(pairs: list[tuple[str, str]]) -> str | None:
    return _keyed_value(pairs, _NAME_KEYS, _NAME_KEY_END, lambda v: bool(_CJK2.search(v)))


def _record_url(pairs: list[tuple[str, str]]) -> str | None:
    return _keyed_value(pairs, _URL_KEYS, _URL_KEY_END, bool) or next((v for _, v in pairs if _URLISH.match(v)), None)


def links_in_script(text: str, base_url: str, ids: dict[str, str], fallback: str | None) -> list[GroupLink]:
    """The links a script or JSON file holds, for a group the page leaves empty: objects with a
    name and a URL (``{name: '桐城市', url: '//www.tongcheng.gov.cn/'}``, JSON alike) and HTML
    written from strings (``document.write('<a href=…>')``). Their heading is the one of the
    element the script names by id (``getElementById('xsqList')``), else where the page named it."""
    heading = script_heading(text, ids, fallback)
    try:
        data = json.loads(_JSONP.sub(r"\1", text))
    except ValueError:
        data = None
    if isinstance(data, dict | list):
        return _data_links(data, base_url, ids, heading)
    # var siteGroups = [{name: "自治区政府部门", sites: [{n: "…", u: "…"}]}]: the literal's own group names
    out: list[GroupLink] = [link for value in _js_literals(text) for link in _data_links(value, base_url, ids, heading)]
    for obj in _JS_OBJECT.findall(text):
        pairs = [(k.lower(), _unescape(a if a or not b else b)) for k, a, b in _JS_PAIR.findall(obj)]
        url = _record_url(pairs)
        name = _record_name(pairs) or next((v for _, v in pairs if _CJK2.search(v) and not _URLISH.match(v)), None)
        if url and name:
            full = urljoin(base_url, _bare_host_url(url))
            if urlsplit(full).scheme in ("http", "https"):
                out.append(GroupLink(full, squeeze(name), heading))
    for pair in _JS_PAIR_ARRAY.findall(text):
        strings = [_unescape(a or b) for a, b in _JS_STRING.findall(pair)]
        url = next((v for v in strings if _URLISH.match(v)), None)
        name = next((v for v in strings if _CJK2.search(v) and not _URLISH.match(v)), None)
        if url and name:
            full = urljoin(base_url, _bare_host_url(url))
            if urlsplit(full).scheme in ("http", "https"):
                out.append(GroupLink(full, squeeze(name), heading))
    out += _piped_links(text, base_url, heading)
    strings = [_unescape(a or b) for a, b in _JS_STRING.findall(text)]
    html = "".join(unquote(v) if _ESCAPED_MARKUP.search(v) else v for v in strings
                   if "<" in v or _ESCAPED_MARKUP.search(v))  # document.write(unescape('%3Ca href…'))
    if "<a" in html:
        out += [link for link in grouped_links(f"<div>{html}</div>", base_url, heading) if '"' not in link.url]
    return list({link.url: link for link in reversed(out)}.values())[::-1]  # a URL once, as first read


# new Array("州财政局|http://…", …) kept in groups[N], titled by a parallel array of group names.
_PIPED = re.compile(r"^\s*([^|<>]{2,40}?)\s*\|\s*(\S+)\s*$")
_INDEXED_LIST = re.compile(r"""[A-Za-z_$][\w$]*\s*\[\s*(\d+)\s*\]\s*=\s*(?:new\s+Array\s*\(|\[)([^;]*)""")
_TITLE_LIST = re.compile(r"""=\s*(?:new\s+Array\s*\(|\[)([^;\]\)]*)[\]\)]""")


def _piped_links(text: str, base_url: str, heading: str | None) -> list[GroupLink]:
    """Links kept as ``"名称|URL"`` strings (a footer's selects built by script): each in the
    group a parallel array of names titles by the index of its list (``linkTitles[i]`` over
    ``linkGroups[i]``), else in the script's group."""
    def pairs(chunk: str) -> list[tuple[str, str]]:
        found = [_PIPED.match(_unescape(a or b)) for a, b in _JS_STRING.findall(chunk)]
        return [(m.group(1), m.group(2)) for m in found if m and _URLISH.match(m.group(2)) and _CJK2.search(m.group(1))]

    if "|" not in text:
        return []
    titles: list[str] = []
    for m in _TITLE_LIST.finditer(text):
        names = [_unescape(a or b) for a, b in _JS_STRING.findall(m.group(1))]
        if len(names) > 1 and all(_CJK2.search(v) and "|" not in v and not _URLISH.match(v) and len(v) <= 12
                                  for v in names):
            titles = names
            break
    out: list[GroupLink] = []
    for m in _INDEXED_LIST.finditer(text):
        index = int(m.group(1))
        group = titles[index] if index < len(titles) else heading
        out += [GroupLink(urljoin(base_url, _bare_host_url(url)), squeeze(name), group) for name, url in pairs(m.group(2))]
    if not out:
        out = [GroupLink(urljoin(base_url, _bare_host_url(url)), squeeze(name), heading) for name, url in pairs(text)]
    return [link for link in out if urlsplit(link.url).scheme in ("http", "https")]


def _data_links(data: Any, base_url: str, ids: dict[str, str], heading: str | None) -> list[GroupLink]:
    """Links in parsed data (JSON, a script's literal): ``{"bm": [...], "qt": [...]}`` written into
    #dh_bm, #dh_qt puts each list in its element's group; anything else as :func:`_json_links`."""
    if isinstance(data, dict) and data and all(isinstance(v, dict | list) for v in data.values()):
        return [link for key, value in data.items()
                for link in _json_links(value, base_url, _keyed_heading(str(key), ids, heading))]
    return list(_json_links(data, base_url, heading))


# An assignment of an object or array literal: var sites = [ …, window.navData = { …, cfg.list = [ …
_JS_ASSIGN = re.compile(r"""(?:^|[;\s{(,])(?:(?:var|let|const)\s+)?[A-Za-z_$][\w$.]*\s*=\s*(?=[\[{])""")
_JS_KEY = re.compile(r"""([{,]\s*)([A-Za-z_$][\w$]*)\s*:""")
_JS_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _js_literals(text: str, limit: int = 200, longest: int = 200_000, budget: int = 1_000_000) -> list[Any]:
    """The object and array literals a script assigns (``var sites=[{n:"市发改委",u:"…"}]``), parsed
    as JSON after the usual liberties are undone (bare keys, single quotes, trailing commas);
    literals holding code (functions, expressions) are passed over. At most ``limit`` assignments
    and ``budget`` characters scanned a script: a library bundle costs no more than a page."""
    values: list[Any] = []
    if "=" not in text or ("[" not in text and "{" not in text):
        return values
    for n, m in enumerate(_JS_ASSIGN.finditer(text)):
        if n >= limit or budget <= 0:
            break
        literal = _balanced(text, m.end(), min(longest, budget))
        budget -= len(literal) if literal else min(longest, budget, len(text) - m.end())
        if literal is None or len(literal) < 10:
            continue
        try:
            values.append(json.loads(_as_json(literal)))
        except ValueError:
            continue
    return values


def _balanced(text: str, start: int, longest: int) -> str | None:
    """The bracketed literal opening at ``start`` (strings respected), or None if it does not close."""
    depth, quote, i, end = 0, "", start, min(len(text), start + longest)
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return text[start: i + 1]
        i += 1
    return None


def _as_json(literal: str) -> str:
    """A JS literal's text as JSON: single-quoted strings double-quoted, bare keys quoted, trailing
    commas dropped (strings are rewritten whole, so their own quotes and colons are left alone)."""
    parts: list[str] = []
    for piece in re.split(r""""(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'""", literal):
        parts.append(_JS_TRAILING_COMMA.sub(r"\1", _JS_KEY.sub(r'\1"\2":', piece)))
    strings = [_double_quoted(s) for s in re.findall(r""""(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'""", literal)]
    return "".join(p + (strings[i] if i < len(strings) else "") for i, p in enumerate(parts))


def _double_quoted(string: str) -> str:
    if string.startswith('"'):
        return string
    return json.dumps(re.sub(r"\\(.)", r"\1", string[1:-1]), ensure_ascii=False)


# A directory XML's group codes (``<site type="bm" …/>``) and the words of the page heading they fill.
_XML_GROUP_WORDS = {"bm": ("部门",), "zfbm": ("部门",), "qzbm": ("部门",), "szbm": ("部门",),
                    "xq": ("县区", "区县", "县（市、区）", "县市区", "县(市、区)", "旗县"),
                    "qx": ("县区", "区县", "县（市、区）", "县市区", "县(市、区)", "旗县"),
                    "xsq": ("县区", "区县", "县（市、区）", "县市区", "县(市、区)"), "sx": ("市县", "市州"),
                    "xz": ("乡镇", "镇街"), "jd": ("街道", "镇街")}
_XML_GROUP_KEYS = ("type", "group", "category", "lb", "lx", "kind", "class", "cat")
_HTML_TAGS = frozenset(re.findall(r"\w+", "html head body div ul ol li dl dt dd table thead tbody tr td th a p span section article nav "
                       "header footer aside main form select option optgroup iframe img map area h1 h2 h3 h4 h5 h6 "
                       "font b strong i em center label input button script style link meta title br hr svg"))
_NOT_DIRECTORY_XML = frozenset({"rss", "feed", "rdf", "urlset", "sitemapindex"})
_XML_PARSER = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


_FIRST_TAG = re.compile(r"^\s*(?:<!--.*?-->\s*)*<([A-Za-z][\w:.-]*)", re.S)


def is_xml_document(text: str) -> bool:
    """An XML file (``<?xml …?>``, or a first element no HTML has: ``<sites>``), not a fragment of
    HTML (``.load('/m/bm.htm')``) read as markup."""
    if text.lstrip()[:5].lower() == "<?xml":
        return True
    m = _FIRST_TAG.match(text[:2000])
    return bool(m) and m.group(1).lower() not in _HTML_TAGS


def links_in_xml(text: str, base_url: str, ids: dict[str, str], fallback: str | None) -> list[GroupLink]:
    """The links a directory XML file holds (a page builds its list from it with ``$.ajax({url:
    '/xml/wzdh.xml', dataType: 'xml'})``): each element with a name and a URL, as attributes
    (``<site type="bm" name="…" url="…"/>``) or child elements (``<name>``/``<url>``, ``<title>``/
    ``<link>``). Its group is the page heading its type code names (bm 部门, xq 县区: the heading of
    the element whose id ends with the code, else the one heading holding the code's words), or a
    group element's own name (``<group name="部门网站">``), else ``fallback``."""
    try:
        root = lxml.etree.fromstring(text.lstrip().encode("utf-8"), _XML_PARSER)
    except (ValueError, lxml.etree.XMLSyntaxError):
        return []
    if root is None:
        return []
    feed = lxml.etree.QName(root).localname.lower() in _NOT_DIRECTORY_XML  # a news feed's items, a sitemap's pages
    headings = list(dict.fromkeys(h for h in ids.values() if h))
    out: list[GroupLink] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        pairs = [(str(k).lower(), squeeze(v)) for k, v in el.attrib.items()]
        pairs += [(str(k.tag).lower(), squeeze(k.text or "")) for k in el
                  if isinstance(k.tag, str) and len(k) == 0 and (k.text or "").strip()]
        name, url = _record_name(pairs), _record_url(pairs)
        if not (name and url):
            continue
        full = urljoin(base_url, _bare_host_url(url))
        if urlsplit(full).scheme in ("http", "https"):
            out.append(GroupLink(full, name, _xml_group(el, ids, headings, fallback)))
    if feed and not (out and all(_site_home(link.url, base_url) for link in out)):
        return []  # a feed is a directory only when every item is another site's home (a list of sites as RSS)
    return out


def _site_home(url: str, base_url: str) -> bool:
    """Another site's home page: a host of its own, its root (or index page) and no query."""
    parts = urlsplit(url)
    return host_key(url) != host_key(base_url) and not parts.query \
        and re.fullmatch(r"/?(index\.\w{2,5})?", parts.path) is not None


def _xml_group(el: Any, ids: dict[str, str], headings: list[str], fallback: str | None) -> str | None:
    """The heading of an XML record's group: its own or a group element's code or name."""
    for node in (el, *el.iterancestors()):
        for key in _XML_GROUP_KEYS:
            code = squeeze(node.get(key) or "")
            if not code:
                continue
            if _CJK2.search(code):
                return code  # type="部门网站": the group's own name
            heading = _keyed_heading(code, ids, None)
            words = _XML_GROUP_WORDS.get(code.lower(), ())
            named = [h for h in headings if any(w in h for w in words)]
            if heading or len(named) == 1:
                return heading or named[0]
        if node is not el and node.getparent() is not None:
            label = squeeze(node.get("name") or node.get("title") or "")
            if _CJK2.search(label):
                return label  # <group name="县区政府"> … </group>
            heading = _keyed_heading(str(node.tag), ids, None)  # <bm><site …/></bm>
            if heading:
                return heading
    return fallback


# A JSONP answer: ``cbZfwz({...});`` — the callback's argument is the JSON.
_ESCAPED_MARKUP = re.compile(r"%3C\s*a\b|%3Ca%20", re.I)
_JSONP = re.compile(r"^\s*(?:/\*\*/\s*)?[A-Za-z_$][\w$.]*\s*\(\s*([\[{].*[\]}])\s*\)\s*;?\s*$", re.S)


def _keyed_heading(key: str, ids: dict[str, str], fallback: str | None) -> str | None:
    """The heading of the element a top-level JSON key fills: its id is the key, or ends with it
    (``dh_bm`` for ``bm``), else ``fallback``."""
    if len(key) < 2:
        return fallback
    low = key.lower()
    found = [h for i, h in ids.items() if i.lower() == low or re.search(rf"[_-]{re.escape(low)}$", i.lower())]
    return found[0] if len(set(found)) == 1 else fallback


_RECORD_GROUP_KEY = re.compile(r"(type|category|cat|catname|group|groupname|typename|lb|lx|lbmc|kind|class|fl|flmc|分类|类别|类型)$")


def _json_links(data: Any, base_url: str, heading: str | None) -> Iterator[GroupLink]:
    """Links in a JSON document: each object with a name and a URL is one; an object holding a list
    (``{"title": "县区政府", "list": […]}``) heads the links below it with its name."""
    if isinstance(data, list):
        for item in data:
            yield from _json_links(item, base_url, heading)
        return
    if not isinstance(data, dict):
        return
    values = {str(k).lower(): v for k, v in data.items()}
    strings = {k: squeeze(v) for k, v in values.items() if isinstance(v, str)}
    pairs = list(strings.items())
    name, url = _record_name(pairs), _record_url(pairs)
    kind = next((v for k, v in pairs if v not in (name, url) and len(v) <= 12 and names_institution_kind(v)), None)
    # {"siteName": …, "siteType": "新闻媒体"}: a record's group key naming a kind of site is its group
    kind = kind or next((v for k, v in pairs if v not in (name, url) and len(v) <= 12 and _RECORD_GROUP_KEY.search(k)
                         and (is_agency_group(v) or is_excluded_group(v))), None)
    if name and url and kind:  # {"name": "…交易中心", "category": "直属事业单位"}: the record says what it is
        heading = kind
    if name and url:
        full = urljoin(base_url, _bare_host_url(url))
        if urlsplit(full).scheme in ("http", "https"):
            yield GroupLink(full, name, heading)
    below = name if name and not url else heading
    if below is name and name and heading and is_agency_group(heading) and _is_neutral_group(name):
        below = f"{heading} {name}"  # 部门网站 › 经济类: a part of the group around it
    for v in values.values():
        if isinstance(v, dict | list):
            yield from _json_links(v, base_url, below)


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def is_directory_link(text: str) -> bool:
    """A link to one of the portal's own directory pages (政府网站导航, 部门网站, 区县政府 …)."""
    t = squeeze(text)
    if not t or len(t) > 24 or _DIRECTORY_NOT.search(t):
        return False
    return bool(_DIRECTORY_TEXT.search(t) or _DIRECTORY_TEXT.search(_GROUP_PUNCT.sub("", t)))


# A link to a page of the government's organs (机构设置, 政府机构, 区县): each entry may link its site.
_ORGANS_PAGE = re.compile(
    r"^(省|市|县|区|州|盟|旗)?(政府|人民政府)?(机构设置|组织机构|政府机构|机构|政府部门|组成部门|工作部门|部门|"
    r"区县|县区|县市区|市县区|各区县|乡镇|镇街|乡镇街道|下级政府)$"
)


def is_organs_page_link(text: str) -> bool:
    """机构设置, 政府机构, 市政府部门, 区县: a page listing the government's organs or parts, whose
    entries may link their own sites (read after the directory pages, for its links to other sites)."""
    return bool(_ORGANS_PAGE.match(_DECOR.sub("", squeeze(text))))


_COUNTED = re.compile(r"^(.{1,16}?)\s*[（(]\s*\d{1,4}\s*[)）]$")


def counted_categories(links: list[GroupLink], own: set[str]) -> list[tuple[str, str]]:
    """The category pages of a directory page that lists only categories with their counts
    (省政府部门网站: 综合经济类（5）, 社会事业类（3）…, each a page of cards): (url, category) for
    links to the site's own host named ``name（N）``, when the page has two or more such links —
    one counted link is a column's, not a directory's."""
    found = [(link.url, m.group(1)) for link in links
             if (m := _COUNTED.match(squeeze(link.text or ""))) and host_key(link.url) in own]
    return list(dict.fromkeys(found)) if len(found) >= 2 else []


def is_more_link(text: str) -> bool:
    """更多, more >>, »: the link to the rest of the group it closes."""
    return bool(_MORE.search(_DECOR.sub("", squeeze(text)) or squeeze(text)))


def _others_dropped(heading: str) -> str:
    """省政府直属机构及其他, 其他省级单位: "other" agencies are agencies (not the 其他网站 group)."""
    return _OTHER_AGENCIES.sub("", _AND_OTHERS.sub("", heading))


# 事业单位 and enterprises (直属事业单位, 省属企业, 国有企业): no agencies for this archive — a public
# institution publishes no 政府信息公开 annual report unless a law authorizes it to administer public
# affairs, which no heading or record says; one that 参照公务员法管理 (参公) or does 行政执法 is kept.
_INSTITUTION_KIND = re.compile(r"事业单位|事业机构|企业|公司")
_ADMIN_INSTITUTION = re.compile(r"参照|参公|行政类|行政执法|授权")
_MIXED_GROUP = re.compile(r"[及和与、/，,]")


def names_institution_kind(text: str | None) -> bool:
    """A heading or a record's kind saying its sites are 事业单位 or enterprises only (直属事业单位,
    省属企业), not "departments and institutions" (直属机构及事业单位) nor 参公 ones."""
    t = squeeze(text or "")
    return bool(t) and bool(_INSTITUTION_KIND.search(t)) and not _ADMIN_INSTITUTION.search(t) \
        and not _MIXED_GROUP.search(t)


def is_agency_group(heading: str | None) -> bool:
    """The group lists agencies below this portal (not 友情链接, media, banks, the levels above,
    事业单位 or enterprises)."""
    h = squeeze(heading or "")
    if not h or _NOT_GOV_GROUP.search(_others_dropped(h)) or names_institution_kind(h):
        return False
    bare = _GROUP_PUNCT.sub("", h)  # 区（市）县 → 区市县, 县（市、区） → 县市区
    # A heading that is only a place (嘉兴市 over its counties' links) heads that place's governments.
    return bool(_GOV_GROUP.search(h) or _GOV_GROUP.search(bare) or _LEVELS.search(bare)
                or (len(h) <= 12 and place_named_by(_DECOR.sub("", h)) is not None))


def is_excluded_group(heading: str | None) -> bool:
    """The group is one that never lists agencies below the portal: 友情链接, media, banks, 其他,
    the levels above (a heading naming neither agencies nor others — 地图导航 — is neither)."""
    return bool(_NOT_GOV_GROUP.search(_others_dropped(squeeze(heading or ""))) or names_institution_kind(heading))


def _is_neutral_group(heading: str | None) -> bool:
    """A heading that says nothing of what its links are (综合经济, 社会事业, 地图导航): a part of
    the group around it, if any."""
    return bool(heading) and not is_agency_group(heading) and not is_excluded_group(heading)


def division_below(text: str | None, place: Place) -> str | None:
    """The government of the division a link names when it names nothing but a place strictly
    inside ``place`` (枣阳市 or 枣阳市人民政府 on 襄阳市's portal → 枣阳市人民政府), else None.

    A portal links its own subdivisions' portals by their names wherever it prints them — an
    image map's areas (地图导航), a 走进 box, a list without a heading — so such a link is a child
    of the tree whatever its group says, unless the group is one that never lists agencies."""
    named = _place_in_link(text, place)
    if not named or not _strictly_inside(named[1], place):
        return None
    return government_of(named[0])


# 访问赵县人民政府网站>>, 进入平山县政府门户网站: a link to a division's site in so many words.
_VISIT = re.compile(r"^(?:点击)?(?:访问|进入|前往)|(?:门户网站|网站|官网|门户网)$")


def _place_in_link(text: str | None, place: Place) -> tuple[str, Place] | None:
    """The place a link's text names (a place, or its 人民政府/政府), read against ``place``."""
    if place.is_empty():
        return None
    name = _clean(_VISIT.sub("", _DECOR.sub("", squeeze(text or ""))))
    bare = name.removesuffix("行政公署").removesuffix("人民政府").removesuffix("政府") \
        if name.endswith(("政府", "行政公署")) else name
    return place_named_by(bare, place)


def _strictly_inside(other: Place, place: Place) -> bool:
    """``other`` lies inside ``place`` and is not ``place`` itself (a subdivision, at any depth)."""
    inside = all(not mine or other[i] == mine for i, mine in enumerate(place))
    return inside and sum(1 for lv in other if lv) > sum(1 for lv in place if lv)


def names_non_agency(text: str | None) -> bool:
    """A newspaper, broadcaster, bank, company, school, hospital, association, a court, a
    procuratorate, a party organ …"""
    t = squeeze(text or "")
    if _NOT_AGENCY_BODY.search(t) or (_NOT_ADMIN.search(t) and "政府" not in t):
        return True
    if not _NOT_AGENCY.search(t):
        return False
    parts = [_clean(p) for p in _TITLE_PARTS.split(t)]
    return not any(_NOT_AGENCY.search(p) and _ADMIN_ORGAN_END.search(p) for p in parts) or any(
        _NOT_AGENCY.search(p) and not _ADMIN_ORGAN_END.search(p) for p in parts if p)


def names_level_above(text: str | None) -> bool:
    """国务院, 中国政府网, 国家… : the levels above every portal, never its children. A national
    organ's local office names its place (国家税务总局福建省税务局) and is a child like any other."""
    t = squeeze(text or "")
    if not _ABOVE.search(t):
        return False
    place = place_in_name(t)[0]
    return place is None or not any(place)


def is_national_portal(url: str) -> bool:
    """The central government's own portal (gov.cn, www.gov.cn): above every portal that links it."""
    return (urlsplit(url).hostname or "").lower().rstrip(".") in ("gov.cn", "www.gov.cn")


def is_gov_host(url: str) -> bool:
    """The host is under gov.cn (every Chinese government site's domain since 2015's rules)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host == "gov.cn" or host.endswith(".gov.cn")


def host_key(url: str) -> str:
    """One key per site: the host without ``www.``, with a non-default port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:  # href='http://x.gov.cn:8o80/': no port of ours, the request fails by itself
        port = None
    return host if port in (None, 80, 443) else f"{host}:{port}"


def portal_key(url: str) -> str:
    """One key per portal: the host key, plus the folder for a site under a path of another's host
    (``www.wuhu.gov.cn/site/czj/`` is 芜湖市财政局, ``www.wuhu.gov.cn/`` 芜湖市人民政府)."""
    path = urlsplit(url).path or "/"
    folder = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    return host_key(url) + (folder if folder != "/" else "")


_SITE_INDEX = re.compile(r"^(index|default|main|home)\.\w+$", re.I)


def home_url(url: str) -> str:
    """A home page's URL in one spelling: ``http://x.gov.cn/index.html`` → ``http://x.gov.cn/`` (every
    server answers its root with its index page), no fragment. A folder's index page is kept as it
    answered (``/site/czj/index.html``): a folder of another's host need not answer by itself."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if not parts.query and path.count("/") == 1 and _SITE_INDEX.match(path[1:]):
        path = "/"
    return parts._replace(path=path, fragment="").geturl()


def sub_site_key(link: GroupLink) -> str | None:
    """The portal key of a link to an agency's site kept under a folder of the listing portal's own
    host (``/site/czj/index.html`` named 市财政局 in its 部门网站 group), else None: the folder or its
    index page, named like an agency — not a directory page, not an article."""
    path = urlsplit(link.url).path or "/"
    last = path.rsplit("/", 1)[1]
    if path == "/" or (last and not _SITE_INDEX.match(last)) or urlsplit(link.url).query:
        return None
    if is_directory_link(link.text) or is_more_link(link.text):
        return None
    if agency_in_link(link.text) is None and not names_township_site(link):
        return None
    return portal_key(link.url)


# A township's bare name (桥头镇, 鲁沙尔镇, 城关街道, 巴音苏木) and a heading that lists townships' sites.
_TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,10}?(镇|乡|街道|街道办事处|苏木)$")
_TOWNSHIP_GROUP = re.compile(r"乡镇|镇街|街道|镇(网站|政府|门户)|乡(网站|政府)|苏木")


def names_township_site(link: GroupLink) -> bool:
    """A link named by a township's bare name under a heading of townships' sites (``乡镇网站``): a
    county keeps its towns' sites in folders of its own host (``/xz/qtz/`` 桥头镇), and the division
    table, which stops at counties, cannot name them; the site's own title does once it is read."""
    name = _clean(link.text or "")
    return bool(_TOWNSHIP.match(name)) and "城乡" not in name and bool(_TOWNSHIP_GROUP.search(link.heading or ""))


# A list's marks around a name: bullets and numbers before it (01, 2., （3）, ·), brackets around it
# (【省民政厅】), arrows after it (省商务厅>>).
_LEAD_MARK = re.compile(
    r"^(?:[\s·•●○◆◇■□★☆▪▫▸►▶>»\-—_*|]+|\d{1,3}\s*[.、:：)）]?\s*(?=[\u4e00-\u9fff])|[（(]\d{1,3}[)）]\s*)+")
_TRAIL_MARK = re.compile(r"(?:\s*[>»→›·•]+)+$")
_WRAP = re.compile(r"^[【\[「『〔〖](.+)[】\]」』〕〗]$")


# A joint party–government portal's title (中共西吉县委 西吉县人民政府): the party committee's part.
_PARTY_LEAD = re.compile(r"^中共[\u4e00-\u9fff]{2,16}?委(员会)?[、，,·]?(?=[\u4e00-\u9fff]{2,20}(政府|公署|管委会|管理委员会))")
_PARTY_TAIL = re.compile(r"(?<=政府|公署|委会)[、，,·]?中共[\u4e00-\u9fff]{2,16}?委(员会)?$")


# The name in a minority's script that bilingual titles and links print beside the Chinese one
# (ལྷ་ས་གྲོང་ཁྱེར། 拉萨市人民政府; Uyghur, Mongolian, Yi): no part of the Chinese name.
_OTHER_SCRIPTS = re.compile(
    r"[\u0f00-\u0fff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u1800-\u18af\ua000-\ua4cf]+"
    r"(?:[\s\u0f00-\u0fff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u1800-\u18af\ua000-\ua4cf]+)*")


def _clean(part: str, context: Place | None = None) -> str:
    part = _OTHER_SCRIPTS.sub("", part).strip()
    part = _WRAP.sub(r"\1", _TRAIL_MARK.sub("", _LEAD_MARK.sub("", squeeze(part).rstrip("！!。，,；;~～"))))
    part = _PARTY_TAIL.sub("", _PARTY_LEAD.sub("", _TITLE_LEAD.sub("", part)))
    prev = None
    while prev != part:
        prev = part
        part = _TITLE_NOISE.sub("", part)
        named = _SECOND_NAME.sub("", part)
        part = named if _ORGAN.search(named) else part  # 市场监督管理局（知识产权局）: its first name
    m = _GOV_WEB.match(part)
    if m and (named := place_named_by(m.group(1), context)):
        return government_of(named[0])  # 银川市政府网 → 银川市人民政府
    return part


def government_of(place: str) -> str:
    """The government of a place named in full: a 盟's or a 地区's is its 行政公署 (兴安盟行政公署,
    阿克苏地区行政公署: the province's agency there), every other's its 人民政府."""
    return place + ("行政公署" if place.endswith(("盟", "地区")) else "人民政府")


def is_government_name(name: str | None) -> bool:
    """Whether an agency's name is a government's (人民政府, 行政公署), not a department's."""
    return bool(name) and name.endswith(("人民政府", "行政公署"))


# A development zone or new area named bare (昆明高新区, 贵安新区, 临空经济示范区): its 管理委员会 is the agency.
_ZONE = re.compile(r"(开发区|高新区|经开区|新区|工业园区|产业园区|高新园区|试验区|实验区|示范区|保税区|合作区)$")


def _zone_committee(name: str) -> str | None:
    """The agency a bare zone's name stands for: its 管理委员会 (a zone has no other government)."""
    return name + "管理委员会" if _ZONE.search(name) and len(name) >= 3 and not names_non_agency(name) else None


# What a zone's name says of its kind, not of its place: 高新技术产业开发区, 经济技术开发区, 综合保税区.
_ZONE_KIND = re.compile(r"高新区|经开区|开发区|新区|园区|试验区|实验区|示范区|保税区|合作区|管理委员会|管委会|"
                        r"国家级|省级|经济技术|高新技术产业|高新技术|高新|经济|工业|产业|综合|保税|农业|科技|临空|临港")


def _named_zone(name: str) -> bool:
    """A zone named by a place of its own (贵安新区, 和林格尔新区管委会), not only by its kind (高新区)."""
    return bool(_ZONE.search(name.removesuffix("管理委员会").removesuffix("管委会"))) and bool(_ZONE_KIND.sub("", name))


_DIVISION_END = re.compile(r"[省市州县区旗盟]$")


def _full_government(name: str, context: Place | None) -> str:
    """A government named by its place's common short form gets the place's full name (红河州人民政府
    → 红河哈尼族彝族自治州人民政府, 石林县人民政府 → 石林彝族自治县人民政府), as a bare place does; so
    does a department opening with it (延边州人力资源和社会保障局 → 延边朝鲜族自治州人力资源和社会保障局):
    an organ's own name spells its place in full."""
    if is_government_name(name):
        place = name.removesuffix("人民政府").removesuffix("行政公署")
        whole = place_named_by(place, context)
        if whole and whole[0] != place and place.endswith(whole[0]) and not whole[0].endswith("区"):
            return government_of(whole[0])  # 吉林省长春市人民政府: the city's own name (a 区 keeps its city's)
        for k in (2, 3, 4) if whole is None else ():
            above = place_named_by(place[:k])  # 宁夏西吉县人民政府: the province's short name before the county
            named = place_named_by(place[k:], above[1]) if above else None
            if named and _strictly_inside(named[1], above[1]) and not named[0].endswith("区"):
                return government_of(named[0])
    if not is_government_name(name):
        for k in range(min(len(name) - 2, 12), 1, -1):
            prefix = name[:k]
            if not _DIVISION_END.search(prefix):
                continue
            named = place_named_by(prefix, context)
            if (named and named[0] != prefix and named[0].startswith(prefix[:2]) and named[0][-1] == prefix[-1]
                    and not name.startswith(named[0])):  # 延边州 → 延边朝鲜族自治州; 杭州(湾新区) stays
                return named[0] + name[k:]
            if named:
                break
        return name
    place = name.removesuffix("人民政府").removesuffix("行政公署")
    named = place_named_by(place, context)
    return government_of(named[0]) if named and named[0] != place and named[0].startswith(place[:2]) else name


def _province_spelled(name: str) -> str:
    """A site's title naming its department after its province's short name (宁夏教育厅, 内蒙古统计局)
    spells the province in full, as the organ's name does (a link's 简称 is left to the title)."""
    for k in (2, 3):
        named = place_named_by(name[:k])
        rest = name[k:]
        if (named and not named[1].city and not name.startswith(named[0]) and named[0].startswith(name[:k])
                and names_one_agency(rest) and place_in_name(rest)[0] is None and not _ZONE_KIND.search(rest)):
            return named[0] + rest
    return name


def agency_in_title(title: str | None, context: Place | None = None, besides: str | None = None) -> str | None:
    """The agency a site's <title> names (``宁夏回族自治区教育厅门户网站`` → 宁夏回族自治区教育厅);
    ``context`` (where it was listed) reads a place several divisions share (城关区政府网). A part
    naming ``besides`` (the lister: ``襄阳市人民政府-市教育局``, a department's site on its
    government's platform) is passed over for the site's own name."""
    for part in _TITLE_PARTS.split(squeeze(_OTHER_SCRIPTS.sub("|", title or ""))):
        name = _clean(part, context)
        if not name:
            continue
        if besides and agency_in_title(name, context) == besides:
            continue
        if names_non_agency(name):
            return None
        if _ORGAN.search(name):
            if name.endswith("政府") and not name.endswith("人民政府"):
                named = place_named_by(name[:-2], context)
                name = government_of(named[0]) if named else name
            return _full_government(_province_spelled(name), context)
        named = place_named_by(name, context)
        if named:
            return government_of(named[0])
        if zone := _zone_committee(name):
            return zone
    return None


def agency_in_link(text: str | None, context: Place | None = None) -> str | None:
    """The agency a directory link's text names: 教育厅, 灵武市 (→ 灵武市人民政府), 银川市政府."""
    name = _clean(text or "", context)
    if not name or names_non_agency(name):
        return None
    named = place_named_by(name, context)
    if named:
        return government_of(named[0])
    if name.endswith("政府") and not name.endswith("人民政府"):
        named = place_named_by(name[:-2], context)
        if named:
            return government_of(named[0])
    return _full_government(name, context) if _ORGAN.search(name) else _zone_committee(name)


def names_place_only(text: str | None, context: Place | None = None) -> str | None:
    """The place a directory link names and nothing else (湛江, 灵武市), in full; None for a link
    naming an organ (湛江市教育局, 灵武市政府) or no place. Under a government such a link is the
    division's government; under a department's 地市 box it is that place's counterpart department,
    which the link does not name."""
    name = _clean(text or "", context)
    if not name or names_non_agency(name):
        return None
    named = place_named_by(name, context)
    return named[0] if named else None


def _with_place(name: str, parent: Place) -> str:
    """A name without its place gets the parent portal's: 教育厅 → 宁夏回族自治区教育厅."""
    if place_in_name(name, parent)[0] is not None:
        return name
    where = next((p for p in (parent.county, parent.city, parent.province) if p), None)
    if not where:
        return name
    short = short_name(where)
    if name.startswith(where) or (short and len(short) >= 2 and name.startswith(short)):
        return name  # 陕西西咸新区管委会 listed by 陕西省: it names its place already (by the short name)
    return where + _PLACE_ABBREV.sub("", name)


def reconcile_name(link_text: str | None, title: str | None, parent: Place | None,
                   lister: str | None = None) -> str | None:
    """One name for an agency from its directory link and its site's title (see the module doc);
    ``lister`` is the name of the agency whose directory listed it (a title part naming it is not
    the site's)."""
    parent = parent or Place()
    from_title = agency_in_title(title, parent, besides=lister)
    from_link = agency_in_link(link_text, parent)
    if from_title and place_in_name(from_title, parent)[0] is not None:
        return from_title
    # the site's fuller name of what its link names (和林格尔新区 → 内蒙古和林格尔新区管理委员会)
    fuller = bool(from_title and from_link and len(from_title) > len(from_link) and _core(from_link) in from_title)
    if from_link and not fuller and place_in_name(from_link, parent)[0] is not None:
        return from_link
    name = from_title or from_link
    if not name:
        return None
    return _with_place(name, parent) if _parent_s(title, from_title, from_link, parent) else name


def _core(name: str) -> str:
    """A name without its government or committee suffix: what a fuller name of it contains."""
    for suffix in ("管理委员会", "管委会", "人民政府", "行政公署"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _says_parent_level(name: str, parent: Place) -> bool:
    """The name opens with the parent's own level word: 省财政厅 under a province, 市教育局 under a city."""
    m = _PLACE_ABBREV.match(name)
    if not m:
        return False
    where = next((p for p in (parent.county, parent.city, parent.province) if p), "")
    return bool(where) and where.endswith(m.group(1))


# A body of a national system or ministry (水利部长江水利委员会, 国家税务总局…): named by no local place.
_MINISTRY_BODY = re.compile(r"部(?!门)|总局|总署|^(国家|中国|中华|全国)")


def _parent_s(title: str | None, from_title: str | None, from_link: str | None, parent: Place) -> bool:
    """Whether a name without a place is the parent's organ (its place is added). Yes when the
    link says the parent's level itself (省财政厅 listed by a province), when the site's title
    prints the parent's place (江西 … 教育厅) or names the very organ the link does (link 市教育局,
    title 教育局), and when a bare local organ's name (统计局, 发改委) is all there is — the title
    names nothing (首页, a slogan, no answer): in the parent's agency group it is the parent's, and two
    cities' 统计局 stay two agencies. No when the title names another body without the parent's
    place (水文局 titled 长江水利委员会水文局) or the name is a national system's or ministry's."""
    if from_link and _says_parent_level(from_link, parent):
        return True
    where = next((p for p in (parent.county, parent.city, parent.province) if p), None)
    if title and where and any(w and w in squeeze(title) for w in (where, short_name(where))):
        return True
    if from_link and from_title:
        return _PLACE_ABBREV.sub("", from_link) == _PLACE_ABBREV.sub("", from_title)
    name = from_title or from_link or ""
    return bool(where) and not _MINISTRY_BODY.search(name) and not names_level_above(name) and not _named_zone(name)


_ORGANIZER = re.compile(r"(?:主办单位|主办|主管单位|承办单位)\s*[：:]\s*([\u4e00-\u9fff（）()]{4,40})")


def _abbreviates(short: str, full: str) -> bool:
    """``short`` is ``full`` abbreviated: its characters in order within it, ending as it does
    (发改委 ⊂ 发展和改革委员会, 人社厅 ⊂ 人力资源和社会保障厅)."""
    it = iter(full)
    return len(full) > len(short) and short[-1] in full[-3:] and all(ch in it for ch in short)


def fuller_name(name: str, page_text: str) -> str:
    """The name a site's own footer gives its organizer (主办单位：呼和浩特市发展和改革委员会) when the
    found name only abbreviates it (呼和浩特市发改委); never a government for a department."""
    for m in _ORGANIZER.finditer(page_text or ""):
        full = _clean(m.group(1))
        if full != name and _ORGAN.search(full) and not is_government_name(full) and _abbreviates(name, full) \
                and place_in_name(full)[0] == place_in_name(name)[0]:
            return full
    return name


# The common short forms of organs' standard names (the 2018 reform's names, one full form each):
# what a directory's 市人社局 stands for when neither the site's title nor its footer spells it out.
_ORGAN_SHORT = {
    "发改委": "发展和改革委员会", "发展改革委": "发展和改革委员会", "人社局": "人力资源和社会保障局",
    "人社厅": "人力资源和社会保障厅", "住建局": "住房和城乡建设局", "住建厅": "住房和城乡建设厅",
    "住建委": "住房和城乡建设委员会", "卫健委": "卫生健康委员会", "卫生健康委": "卫生健康委员会",
    "市场监管局": "市场监督管理局", "市场监管厅": "市场监督管理厅", "工信局": "工业和信息化局",
    "工信厅": "工业和信息化厅", "民宗委": "民族宗教事务委员会", "民族宗教委": "民族宗教事务委员会",
    "应急局": "应急管理局", "应急厅": "应急管理厅", "医保局": "医疗保障局", "退役军人局": "退役军人事务局",
    "退役军人厅": "退役军人事务厅", "国资委": "国有资产监督管理委员会", "科技局": "科学技术局",
    "科技厅": "科学技术厅", "林草局": "林业和草原局", "粮储局": "粮食和物资储备局",
    "机关事务局": "机关事务管理局", "人防办": "人民防空办公室", "外办": "外事办公室",
    "教委": "教育委员会", "科委": "科学技术委员会", "农委": "农业农村委员会", "城管委": "城市管理委员会",
}
_ORGAN_SHORT_END = re.compile("(" + "|".join(sorted(_ORGAN_SHORT, key=len, reverse=True)) + ")$")


def expanded_name(name: str) -> str:
    """An organ named by a common short form after its place (银川市人社局, 宁夏回族自治区发改委)
    under its standard full name (…人力资源和社会保障局); any other name as it is."""
    m = _ORGAN_SHORT_END.search(name)
    if not m:
        return name
    place = name[: m.start()]  # the whole rest a place (科教委 is no 教委)
    return place + _ORGAN_SHORT[m.group(1)] if _DIVISION_END.search(place) and place_in_name(place)[0] is not None \
        else name


def organizer_name(page_text: str) -> str | None:
    """The agency a site's footer names as its organizer (主办单位：吉林省教育厅), when it names one
    that is no government's office (人民政府办公室/办公厅 run platforms hosting many sites)."""
    for m in _ORGANIZER.finditer(page_text or ""):
        name = agency_in_title(_clean(m.group(1)))
        if name and "人民政府办公" not in name and not names_non_agency(name):
            return name
    return None


def brand_of(brand: str | None, name: str) -> bool:
    """Whether a site's brand (健康中卫, 吉林教育网) speaks of the organ ``name`` (中卫市卫生健康委员会):
    two characters in a row of the organ's own words, its place left aside — 信用广西 is no brand of a
    发展和改革委员会, a 政府采购网 none of a 财政厅."""
    core = name
    place = place_in_name(name)[0]
    for where in [w for w in (place or Place()) if w] if place else []:
        for form in (where, short_name(where) or where):
            core = core.replace(form, "")
    words = squeeze(brand or "")
    if any(words[i: i + 2] in core for i in range(len(words) - 1) if _CJK2.search(words[i: i + 2])):
        return True
    return _brand_initials(words, core, place)


_BRAND_TAIL = re.compile(r"(门户网站|门户|网站|网|在线|之窗)$")


def _brand_initials(brand: str, core: str, place: Place | None) -> bool:
    """A brand made of the organ's words' first characters (河北林草 of 林业和草原局, 河北人社 of
    人力资源和社会保障厅): its place left aside, two or more characters met in order in the
    organ's name, the first one starting it."""
    for where in [w for w in (place or Place()) if w]:
        for form in (where, short_name(where) or where):
            brand = brand.replace(form, "")
    brand = _BRAND_TAIL.sub("", brand)
    if len(brand) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in brand) or not core.startswith(brand[0]):
        return False
    at = 0
    for ch in brand:
        at = core.find(ch, at) + 1
        if at == 0:
            return False
    return True


def looks_like_agency_site(title: str | None) -> bool:
    """A site's title names a government agency (used for hosts outside gov.cn)."""
    return agency_in_title(title) is not None


# A site map (网站地图): a page of the portal's sections, one of which may link its directory pages.
_SITEMAP = re.compile(r"^(网站地图|站点地图|网站导航图|站点导航|site ?map)$", re.I)

def is_sitemap_link(text: str) -> bool:
    """网站地图: read after the directory pages, for the directory pages it links."""
    return bool(_SITEMAP.match(_DECOR.sub("", squeeze(text))))


# A jump's path without a query: /go/1107.html, /link/23, /wzlj/out_5.htm, /redirect/ab12
_JUMP_PATH = re.compile(r"(^|/)(go|goto|jump|jmp|link|links|out|outlink|redirect|redir|visit|leave|tz|tiaozhuan|wzlj)"
                        r"([/._-]|$)", re.I)


def is_jump_link(link: GroupLink, base_url: str) -> bool:
    """A link of the portal's own host that names an agency or a place and carries a query
    (``/wzdh/go.jsp?id=1107``, ``/wzlj/go.html?id=213``): an opaque jump the server redirects to the
    agency's site — asked for without following, to read where it leads."""
    parts = urlsplit(link.url)
    if host_key(link.url) != host_key(base_url) or not (parts.query or _JUMP_PATH.search(parts.path)):
        return False
    if is_directory_link(link.text) or is_more_link(link.text) or _PAGE_WORD.match(link.text):
        return False
    return agency_in_link(link.text) is not None or place_named_by(_clean(link.text)) is not None


_PAGE_WORD = re.compile(r"^\W*(\d{1,4}|下一?页|上一?页|尾页|末页|首页)\W*$")
_META_REFRESH = re.compile(r"""url\s*=\s*['"]?([^'">\s]+)""", re.I)


def jump_target(html_text: str, base_url: str) -> str | None:
    """Where a jump page that answers 200 leads: its meta refresh, the URL its script opens, the
    target in its own address's query, or the one link it has to another site (a leave-site page)."""
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return None
    for content in root.xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content"):
        m = _META_REFRESH.search(content)
        if m:
            return urljoin(base_url, m.group(1))
    for script in root.xpath("//script[not(@src)]/text()"):
        url = opened_url(script)
        if url:
            return urljoin(base_url, url)
    target = unwrap_target(base_url)
    if target != base_url:
        return target
    quoted = [m.group(1) for script in root.xpath("//script[not(@src)]/text()") for m in _QUOTED_URL.finditer(script)]
    away = {urljoin(base_url, h.strip()) for h in [*root.xpath("//a/@href"), *quoted]
            if h.strip().lower().startswith(("http", "//"))}
    away = {u for u in away if host_key(u) != host_key(base_url)}
    return away.pop() if len(away) == 1 else None  # 即将离开本站 … <a href>立即访问</a>, var url = "…"


def names_place_not_below(text: str | None, place: Place) -> bool:
    """The link names a government (or a place) that is not inside ``place``: the portal's own
    government, one above it (上级单位 温州市人民政府 in a department's footer) or beside it —
    never a child."""
    named = _place_in_link(text, place)
    return bool(named) and not _strictly_inside(named[1], place)


# Where a script asks the site for data: $.getJSON('/interface/…'), $.get, $.ajax({url: …}), fetch, axios.
_SCRIPT_REQUEST = re.compile(
    r"""(?:\$\.(?:getJSON|get|post|ajax)|\.load|fetch|axios(?:\.get|\.post)?|\.open\s*\(\s*['"](?:GET|POST)['"]\s*,)"""
    r"""\s*\(?\s*(?:\{[^}]*?url\s*:\s*)?['"]([^'"\s]+)['"]"""
    # an app's own HTTP client: this.$http.get("/api/…"), request({url: "/api/…"}), service.post('/x/…')
    r"""|(?:[\w$]+\.(?:get|post|getJSON|request)|\b(?:request|service|http|ajax)\s*\(\s*\{[^}]*?url\s*:)"""
    r"""\s*\(?\s*['"]((?:https?:)?/[^'"\s]*|\.{1,2}/[^'"\s]+)['"]""", re.I)


# fetch('/api/list', {method: 'POST', body: 'lm=yqfw&page=1'}), $.ajax({url: …, type: 'POST', data: '…'}):
# the options after a requested URL, read up to their closing brace.
_POST_OPTIONS = re.compile(r"""['"]([^'"\s]+)['"]\s*,?\s*\{((?:[^{}]|\{[^{}]{0,200}\}){0,600})\}""")
_POST_URL_OPTION = re.compile(r"""\{(?:[^{}]|\{[^{}]{0,200}\}){0,300}?\burl\s*:\s*['"]([^'"\s]+)['"](?:[^{}]|\{[^{}]{0,200}\}){0,300}\}""")
_POST_METHOD = re.compile(r"""\b(?:method|type)\s*:\s*['"]post['"]""", re.I)
_POST_BODY = re.compile(r"""\b(?:body|data)\s*:\s*(?:'([^'\n]*)'|"([^"\n]*)")""")


def script_posts(text: str, base_url: str) -> dict[str, str]:
    """The site's own URLs an inline script POSTs a literal form body to (``fetch(url, {method:
    'POST', body: 'lm=yqfw&page=1'})``), with that body: asked by GET they answer nothing."""
    out: dict[str, str] = {}
    calls = [(m.group(1), m.group(2)) for m in _POST_OPTIONS.finditer(text)]
    calls += [(m.group(1), m.group(0)) for m in _POST_URL_OPTION.finditer(text)]
    for target, options in calls:
        body = _POST_BODY.search(options)
        if not _POST_METHOD.search(options) or not body or "=" not in (value := body.group(1) or body.group(2) or ""):
            continue
        url = urljoin(base_url, target)
        if host_key(url) == host_key(base_url) and urlsplit(url).scheme in ("http", "https"):
            out.setdefault(url, value)
    return out


def script_requests(text: str, base_url: str) -> list[str]:
    """The site's own URLs a script asks for data (a JSON endpoint filling a group)."""
    out = []
    for m in _SCRIPT_REQUEST.finditer(text):
        url = urljoin(base_url, m.group(1) or m.group(2))
        if host_key(url) == host_key(base_url) and urlsplit(url).scheme in ("http", "https"):
            out.append(url)
    return list(dict.fromkeys(out))


_PAGE_PARAMS = frozenset({"page", "pageno", "pagenum", "pageindex", "curpage", "current", "currentpage", "pn",
                          "page_no", "pagenumber", "p"})
_SIZE_PARAMS = frozenset({"size", "pagesize", "limit", "rows", "ps", "perpage", "page_size", "pagesz"})
_TOTAL_KEYS = frozenset({"total", "totalcount", "totalrecord", "totalrecords", "recordcount", "totalnum",
                         "totalelements", "totalrow", "totalrows", "count"})
_PAGES_KEYS = frozenset({"pages", "totalpage", "totalpages", "pagecount", "pagetotal"})


def next_data_pages(url: str, text: str, most: int = 20) -> list[str]:
    """The other pages of a paged JSON list of sites (``/api/sites?type=bm&pageNo=1&pageSize=10``
    answering ``{"total": 23, "rows": [10 records]}``): the same URL with the page number after
    this one, up to the count its total (or page count) gives; a list with a size but no page
    number is asked for once more with the size of its total."""
    try:
        data = json.loads(_JSONP.sub(r"\1", text))
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    numbers: dict[str, int] = {}
    lists: list[int] = []
    for d in (data, *(v for v in data.values() if isinstance(v, dict))):
        for k, v in d.items():
            if isinstance(v, int) and not isinstance(v, bool) and k.lower() not in numbers:
                numbers[k.lower()] = v
            elif isinstance(v, str) and v.isdigit() and k.lower() not in numbers:
                numbers[k.lower()] = int(v)
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                lists.append(len(v))
    shown = max(lists, default=0)
    total = next((numbers[k] for k in numbers if k in _TOTAL_KEYS), None)
    pages = next((numbers[k] for k in numbers if k in _PAGES_KEYS), None)
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    page_key = next((k for k, v in query if k.lower() in _PAGE_PARAMS and v.isdigit()), None)
    size_key = next((k for k, v in query if k.lower() in _SIZE_PARAMS and v.isdigit()), None)
    if not shown or (total is None and pages is None) or (total is not None and total <= shown):
        return []

    def with_value(key: str, value: int) -> str:
        from urllib.parse import urlencode

        return parts._replace(query=urlencode([(k, str(value) if k == key else v) for k, v in query])).geturl()

    if page_key is None:
        return [with_value(size_key, min(total, 500))] if size_key and total else []
    current = int(dict(query)[page_key])
    size = max(shown, int(dict(query)[size_key]) if size_key else 0)
    last = pages if pages is not None else -(-total // size)
    return [with_value(page_key, n) for n in range(current + 1, min(last, current + most) + 1)]


def script_heading(text: str, ids: dict[str, str], fallback: str | None) -> str | None:
    """The heading of the group a script fills: the one of the element it names by id, else ``fallback``."""
    return next((ids[m] for m in re.findall(r"""['"]#?([\w-]+)['"]""", text) if m in ids), fallback)


def inline_script_links(html_text: str, base_url: str, default_heading: str | None = None) -> list[GroupLink]:
    """Links the page's own inline scripts hold (``var bmList = [["温州市教育局", "http://…"], …]``
    written out by ``document.write``), each in the group in effect where the script sits (or the
    one whose element it names by id)."""
    page = _read(html_text, base_url, default_heading)
    if page is None:
        return []
    base = page.base
    out: list[GroupLink] = []
    ids: dict[str, str] = {}
    scripts: list[tuple[str, str | None]] = []
    with page.entered():
        for el, heading in page.walked:
            if heading and el.get("id"):
                ids[el.get("id")] = heading
            if el.tag == "script" and not el.get("src") and (el.text or "").strip():
                scripts.append((el.text, heading))
    for text, heading in scripts:
        out += links_in_script(text, base, ids, heading)
    return out


def place_of(name: str | None, context: Place, page_text: str = "") -> Place:
    """The place of an agency named ``name`` listed under ``context`` (its parent's place, or the
    place its directory row names). A name several divisions share within ``context`` (市中区 of
    济南市 and of 枣庄市, listed by the province) is settled by the site's own page: the one city
    among the candidates that the page names (its footer's 主办 line, its 上级网站 links)."""
    place, warnings = resolve_place(name, context)
    if not name or not any("ambiguous" in w for w in warnings) or not page_text:
        return place
    tab = table()
    settled = set()
    for code, division in tab.by_code.items():
        if division.level != "city" or not all(
                not want or want == have for want, have in zip(context, tab.place(code), strict=True)):
            continue
        if division.name in page_text or ((short := short_name(division.name)) and len(short) >= 2 and short in page_text):
            inner, again = resolve_place(name, tab.place(code))
            if not any("ambiguous" in w for w in again) and inner.county:
                settled.add(inner)
    return settled.pop() if len(settled) == 1 else place


def qualified_name(name: str, place: Place) -> str:
    """A district's agencies named with their city (城关区人民政府 of 兰州市 → 兰州市城关区人民政府), as
    their own names are: many cities have a 鼓楼区, a 市中区, a 城关区, and an agency is one name."""
    county, city = place.county or "", place.city or ""
    if not (county.endswith("区") and city) or name.startswith(city) or not name.startswith(county):
        return name
    return city + name


# --- when a page's directory is written by script: the signs that send it to the browser once ------
# An element a reader clicks to open a site (no address of its own in the page): a link without a
# usable href, anything with a click handler or data for its script, a select's option.
_CLICK_ATTR = re.compile(r"^(onclick|ng-click|@click|v-on:click|data-[\w-]+|rel|role)$")


# A list's button bringing more of it by script: 加载更多, 下一页 (no address of its own).
_MORE_BUTTON = re.compile(r"^\W*(加载更多|查看更多|显示更多|展开更多|展开全部|展开|下一页|下页|后一页)\W*$")


def names_directory_group(text: str | None) -> bool:
    """Short words naming a directory group (部门网站, 州直部门, 区县政府), not one agency."""
    text = _DECOR.sub("", squeeze(text or ""))
    if not text or len(text) > _MAX_HEADING or names_one_agency(text) or is_excluded_group(text) or (
            _names_one_site(text)):
        return False
    return is_directory_link(text) or (is_agency_group(text) and bool(_GROUP_WORD.search(text)))


def _clickable_without_address(el: lxml.html.HtmlElement) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("script", "style", "img", "iframe", "frame", "html", "body", "head", "form", "select") or _has_link(el):
        return False
    if tag in ("a", "option", "button"):
        return True
    return any(_CLICK_ATTR.match(attr) for attr in el.attrib)


def _has_scripts(root: lxml.html.HtmlElement) -> bool:
    """The page runs scripts: a script file (a library too: its handlers may be bound from a
    common.js), an inline script of some length, or a handler written in an attribute."""
    for el in root.iter("script"):
        if (el.get("src") or "").strip() or len((el.text or "").strip()) > 30:
            return True
    return bool(root.xpath("//*[@onclick or @onchange or @onmouseover]"))


def render_signs(html_text: str, base_url: str, links: list[GroupLink], default_heading: str | None = None,
                 listing: bool = False, home: bool = False) -> str | None:
    """Why the page's directory looks written by script (so it is worth rendering once), or None.

    Read by structure, not by any one syntax: a directory group (部门网站, 区县政府 …) printed with no
    site under it — its box holds no link, or the container after it is empty; elements of an
    agency group naming an agency or a place but opening it by script (no address the static reader
    can see: a card with a click listener, an option keyed for a script, a row ``进入``); a
    directory page that lists no other site at all; a government's ``home`` page linking neither a
    site nor a directory page. Only on a page with scripts of its own."""
    page = _read(html_text, base_url, default_heading)
    if page is None or not _has_scripts(page.root):
        return None
    own = host_key(page.base)
    sites = [link for link in links if host_key(link.url) != own and is_agency_group(link.heading)]
    headed = " ".join(link.heading or "" for link in links if host_key(link.url) != own)  # groups showing a site
    with page.entered():
        for el, heading in page.walked:
            if not isinstance(el.tag, str) or el.tag in ("script", "style", "title", "head", "meta"):
                continue
            text = _label_text(el) if len(el) <= 3 else None
            if text and names_directory_group(text) and not _has_link(el) and text not in headed:
                parent, nxt = el.getparent(), el.getnext()
                if (parent is not None and not _has_link(parent)) or (
                        nxt is not None and isinstance(nxt.tag, str) and nxt.tag in _FILLED and not _has_link(nxt)):
                    return f"the directory group {text!r} shows no site"
            if is_excluded_group(heading) or not _clickable_without_address(el) or len(el) > 4:
                continue
            name = _element_name(el)
            if el.tag != "option" and names_directory_group(name):
                return f"the directory link {name!r} is opened by script"
            if el.tag != "option" and is_agency_group(heading) and (is_more_link(name) or _MORE_BUTTON.match(name)):
                return f"more of the group {heading!r} behind {name!r}"
            if len(name) <= 30 and not names_non_agency(name) and (
                    agency_in_link(name) or (is_generic_link_text(name) and is_agency_group(heading))):
                return f"{name!r} opens its site by script"
    if listing and not sites:
        return "a directory page with no site in its static links"
    if home and not sites and not any(is_directory_link(link.text) for link in links):
        return "a government's home page with no site and no directory in its static links"
    return None


def text_headings(html_text: str, base_url: str, default_heading: str | None = None) -> dict[str, str]:
    """The group heading of each short text of the page (a name a script printed without its
    address): the group a name+URL pair recorded from the page's data calls belongs to."""
    page = _read(html_text, base_url, default_heading)
    if page is None:
        return {}
    out: dict[str, str] = {}
    with page.entered():
        for el, heading in page.walked:
            if heading and isinstance(el.tag, str) and el.tag not in ("script", "style") and len(el) <= 4:
                text = _DECOR.sub("", _text(el))
                if text and len(text) <= 40:
                    out.setdefault(text, heading)
    return out


# A 网站迁移公告 (集约化: a department's old domain left answering 200 with a notice): the words
# saying the site moved, and an address written in its text (新网址：www.sg.gov.cn/sgsmzj/).
_MOVED_WORDS = re.compile(r"迁移|迁址|迁至|迁入|整合至|整合到|并入|新网址|新域名|新地址|域名变更|网址变更|更换域名|启用新|停止更新|新版网站|新网站|已关停|已下线")
_ADDRESS_IN_TEXT = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+(?:cn|com|net|org)(?::\d+)?(?:/[A-Za-z0-9_./%?=&-]*)?", re.I)
_NOTICE_MAX_CHARS = 1500
_FILING = re.compile(r"beian|miit\.gov\.cn|mps\.gov\.cn|conac|12377|jiucuo", re.I)  # the footer's ICP filing, 党政机关 marks


def migration_target(html_text: str, base_url: str) -> str | None:
    """The new address a page that only announces a site's move gives (``网站迁移公告 … 新网址：
    <a>www.sg.gov.cn/sgsmzj/</a>``, an old domain kept answering 200 after 集约化): followed as a
    redirect is. The address after the notice's words — a link's, or one written as text — on
    another site than the page's; None for a page with more to it than a notice (a home page
    whose news mentions a 迁移 has far more text and links)."""
    try:
        root = lxml.html.fromstring(html_text or "<html/>")
    except (lxml.etree.ParserError, ValueError):
        return None
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    text = re.sub(r"\s+", " ", " ".join(root.xpath("//body//text()")) or root.text_content()).strip()
    if not text or len(text) > _NOTICE_MAX_CHARS or not _MOVED_WORDS.search(text):
        return None
    if len(root.xpath("//a[@href]")) > 5:
        return None  # a page of its own with a notice on it, not a notice
    here = portal_key(base_url)
    words = _MOVED_WORDS.search(text)
    candidates = [m.group(0) for m in _ADDRESS_IN_TEXT.finditer(text, words.start() if words else 0)]
    candidates += [a.get("href", "") for a in root.xpath("//a[@href]")]
    for raw in candidates:
        raw = raw.strip().rstrip(".。")
        if not raw or raw.lower().startswith(("javascript:", "mailto:", "#")) or _FILING.search(raw):
            continue
        url = raw if "://" in raw or raw.startswith(("/", "?")) else "http://" + raw
        url = urljoin(base_url, url)
        if urlsplit(url).scheme in ("http", "https") and portal_key(url) != here and host_key(url) != host_key(base_url):
            return url
    return None
