"""Reading a government portal's site directory: which links are agencies' portals, and their names.

China's government web publishes its own tree: a province portal's 政府网站导航 lists its
departments' sites (省直部门网站) and its cities' portals (设区市政府网站), each city's lists its
departments and counties, and so on. These rules read such pages on any platform:

- a link belongs to the group whose heading precedes it in the page (an ``<h3>``, a ``<dt>``, a
  ``class="title"`` box, a ``<select>``'s placeholder option …);
- a group is a directory of agencies when its heading says so (部门, 政府, 区县, 网站群 …) and it is
  not 友情链接, media, banks, enterprises, or the levels above (中央, 国务院部门, 兄弟省市);
- a link in such a group is an agency's portal when its host is under gov.cn, or when the site's
  own title names an agency; a link or title naming a newspaper, a broadcaster, a bank, a company,
  a school or a hospital is never one;
- a link's name is its text; when that is empty or a bare address (jyt.example.gov.cn), its
  title or image alt, the neighbouring table cell, or its list item's other words;
- the levels above any portal (国务院, 中国政府网, 国家… naming no local place, www.gov.cn) are
  never its children, and a page footer (主办单位, 版权所有, ICP备) ends the group before it;
- the agency's name reconciles the link text with the site's own ``<title>``: the title's name
  when it names the agency with its place, the link text's otherwise, and a bare place
  (灵武市, 银川) becomes that place's 人民政府; a name without a place gets its parent's
  (教育厅 listed by 宁夏回族自治区人民政府 → 宁夏回族自治区教育厅) only when the site's title
  confirms it (prints the parent's place, or names the same organ) or the link says the parent's
  level itself (省财政厅): a name is never made up from where it was listed.

Rules, not lists of names: nothing here knows any particular site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html

from parsers.normalize import squeeze
from parsers.places import Place, place_in_name, place_named_by, short_name

from .script_links import navigation_url

# Words in a link's text that lead to the portal's own directory pages.
_DIRECTORY_TEXT = re.compile(
    r"网站导航|政府网站|部门网站|网站群|站群|区县政府|县区政府|市县政府|县市区|县（市、区）|县\(市、区\)|"
    r"省直部门|市直部门|县直部门|区直部门|设区市|市州政府|地市政府|乡镇(政府|网站)|街道网站|部门导航|机构导航"
)
_DIRECTORY_NOT = re.compile(r"地图|无障碍|长者|English|邮箱|登录|注册")
# Group headings: which groups list agencies under this portal, and which never do.
_GOV_GROUP = re.compile(
    r"政府|部门|单位|机构|直属|区县|县区|市县|县市|市州|地市|设区市|乡镇|街道|网站群|站群|厅局|委办局|"
    r"省直|市直|县直|区直|网站导航|县\(市|各县|各区|各市|市级|县级|区级|乡级|开发区|园区|镇"
)
_NOT_GOV_GROUP = re.compile(
    r"友情|媒体|新闻|银行|金融|企业|公司|合作|商业|其他|其它|相关链接|外部链接|微信|微博|客户端|"
    r"中央|国务院|国家部委|部委网站|兄弟|各省|外省|省外|港澳|海外|驻外|高校|学校|医院"
)
# A link text or a site title naming something that is not a government agency.
_NOT_AGENCY = re.compile(
    r"日报|晚报|早报|报社|报业|新闻网|新闻中心|电视|广播|传媒|融媒|银行|信用社|农商行|证券|保险|集团|公司|股份|"
    r"商城|大学|学院|学校|医院|协会|学会|基金会"
)
# How an agency's name ends.
_ORGAN = re.compile(
    r"(人民政府|政府|办事处|委员会|管委会|办公厅|办公室|厅|局|委|办|署|院|公署|中心|管理处|总队|支队|大队)$"
)
_TITLE_PARTS = re.compile(r"\s*[-_|—–·:：>»]+\s*|\s{2,}")
_TITLE_LEAD = re.compile(r"^(欢迎(您)?(访问|来到|光临)|欢迎)")
_TITLE_NOISE = re.compile(r"(门户网站|官方网站|政府网站|网站|官网|首页|主页|欢迎您|欢迎访问|欢迎光临)+$")
_GOV_WEB = re.compile(r"^(.+?)(政府网|政府门户|人民政府门户|门户)$")
_PLACE_ABBREV = re.compile(r"^(省|市|县|区|自治区|自治州|盟|旗)(?=[\u4e00-\u9fff]{2})")
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


def _label_text(el: lxml.html.HtmlElement) -> str | None:
    """Short words that can name a group: 2–20 characters with two Chinese ones, decoration off."""
    text = _DECOR.sub("", _text(el))
    return text if text and len(text) <= _MAX_HEADING and _CJK2.search(text) else None


def _label_before_links(el: lxml.html.HtmlElement) -> str | None:
    """An element without links whose next sibling holds links: ``<p>◆ 市州政府网站</p><a …>``."""
    if el.tag not in _LABEL_TAGS or _has_link(el) or el.xpath(".//select|.//option"):
        return None
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or not (nxt.tag == "a" and _link_url(nxt) or _has_link(nxt)):
        return None
    label = _label_text(el)
    return None if names_one_agency(label) else label  # 教育厅 | jyt…: the link's name, not a group


def _link_url(el: lxml.html.HtmlElement) -> str | None:
    """Where a link leads: its href, or the URL its script opens."""
    href = (el.get("href") or "").strip() if el.tag == "a" else (el.get("value") or "").strip()
    if href and not href.lower().startswith(("javascript:", "#", "mailto:", "tel:")):
        return href
    for attr in ("onclick", "href"):
        url = navigation_url(el.get(attr) or "")
        if url:
            return url
    return None


def _is_heading(el: lxml.html.HtmlElement) -> str | None:
    """The heading text when ``el`` heads a group of links, else None."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "option":
        value = (el.get("value") or "").strip()
        return _text(el) or None if value in ("", "#", "0", "-1") else None
    if tag == "optgroup":
        return squeeze(el.get("label") or "") or None
    if tag == "th" and el.getparent() is not None and len(el.getparent().findall("th")) > 1:
        return None  # a row of column headers (部门名称 | 网址), not a group's heading
    if tag in _HEADING_TAGS or (tag in _INLINE_HEADING_TAGS and _HEADING_CLASS.search(el.get("class") or "")):
        text = _text(el)
        if text and len(text) <= _MAX_HEADING and not el.xpath(".//a[2]"):
            return text
        return None
    if tag in ("strong", "b") and el.getparent() is not None and el.getparent().tag != "a":
        text = _text(el)
        return text if text and len(text) <= _MAX_HEADING else None
    return None


def _has_link(el: lxml.html.HtmlElement) -> bool:
    return any(_link_url(a) for a in el.iter("a", "option"))


def _tab_label(el: lxml.html.HtmlElement) -> str | None:
    text = _text(el)
    return text if text and len(text) <= _MAX_HEADING and not _has_link(el) else None


def _tab_panels(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, str]:
    """Panels of tab boxes → their tab's label: a bar of N short labels (no real links), followed by
    N panels of links (the next sibling's children, or the next N siblings), as footers of
    government portals print 国家部委 | 省直部门 | 设区市 | 友情链接."""
    panels: dict[lxml.html.HtmlElement, str] = {}
    for bar in root.iter():
        kids = [k for k in bar if isinstance(k.tag, str)]
        if len(kids) < 2 or bar.tag in ("select", "tr", "table", "tbody"):
            continue
        labels = [_tab_label(k) for k in kids]
        if not all(labels):
            continue
        following = [sib for sib in bar.itersiblings() if isinstance(sib.tag, str)]
        candidates = []
        if following:
            candidates.append([k for k in following[0] if isinstance(k.tag, str)])
        candidates.append(following[:len(kids)])
        for group in candidates:
            if len(group) == len(kids) and all(_has_link(g) for g in group):
                panels.update(zip(group, labels, strict=True))
                break
    return panels


def _row_heading(el: lxml.html.HtmlElement) -> str | None:
    """A table cell without links that names the links in the cells after it (省直部门 | 教育厅 …)."""
    if el.tag not in ("td", "th") or _has_link(el):
        return None
    text = _text(el)
    if not text or len(text) > _MAX_HEADING or names_one_agency(text):
        return None  # 教育厅 | jyt.example.gov.cn: the cell names its row's link, not a group
    after = [sib for sib in el.itersiblings() if isinstance(sib.tag, str)]
    return text if any(_has_link(sib) for sib in after) else None


def names_one_agency(text: str | None) -> bool:
    """A short text naming one agency (教育厅, 九江市财政局), not a group of them (省直部门)."""
    t = squeeze(text or "")
    return bool(t) and bool(_ORGAN.search(t)) and not _GROUP_WORD.search(t)


def _is_name(text: str) -> bool:
    return bool(_CJK2.search(text)) and not _ADDRESS_TEXT.match(text)


def _link_name(el: lxml.html.HtmlElement) -> str:
    """What a link is called: its text; when that is empty or a bare address, its title or its
    image's alt, the neighbouring table cell (教育厅 | jyt.example.gov.cn) or its list item's words."""
    text = _text(el)
    if _is_name(text):
        return text
    for attr in [el.get("title")] + el.xpath(".//img/@alt"):
        if attr and _is_name(squeeze(attr)):
            return squeeze(attr)
    cell = next((a for a in el.iterancestors() if a.tag in ("td", "th", "li", "dd")), None)
    if cell is not None and el.tag == "a":
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


def grouped_links(html_text: str, base_url: str) -> list[GroupLink]:
    """Every link (``<a href>``, ``<option value>``) with the nearest heading before it in the page."""
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return []
    base = root.xpath("string(//base/@href)") or base_url
    panels = _tab_panels(root)
    out: list[GroupLink] = []
    heading: str | None = None
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        found = panels.get(el) or _is_heading(el) or _row_heading(el) or _label_before_links(el)
        if not found and el.tag in _LABEL_TAGS and not _has_link(el) and _FOOTER.search(_text(el)):
            heading = None  # the page's footer: its links (中国政府网 …) are no group's
            continue
        if found:
            heading = found
            if el.tag != "a" and not el.xpath(".//a"):
                continue
        href = _link_url(el) if el.tag in ("a", "option") else None
        if not href:
            continue
        url = urljoin(base, href)
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = _link_name(el) if el.tag == "a" else _text(el)
        out.append(GroupLink(url, text, heading))
    return out


def is_directory_link(text: str) -> bool:
    """A link to one of the portal's own directory pages (政府网站导航, 部门网站, 区县政府 …)."""
    t = squeeze(text)
    return bool(t) and len(t) <= 24 and bool(_DIRECTORY_TEXT.search(t)) and not _DIRECTORY_NOT.search(t)


def is_agency_group(heading: str | None) -> bool:
    """The group lists agencies below this portal (not 友情链接, media, banks, the levels above)."""
    h = squeeze(heading or "")
    return bool(h) and bool(_GOV_GROUP.search(h)) and not _NOT_GOV_GROUP.search(h)


def names_non_agency(text: str | None) -> bool:
    """A newspaper, broadcaster, bank, company, school, hospital, association …"""
    return bool(_NOT_AGENCY.search(squeeze(text or "")))


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
    port = parts.port
    return host if port in (None, 80, 443) else f"{host}:{port}"


def _clean(part: str) -> str:
    part = _TITLE_LEAD.sub("", squeeze(part))
    prev = None
    while prev != part:
        prev = part
        part = _TITLE_NOISE.sub("", part)
    m = _GOV_WEB.match(part)
    if m and place_named_by(m.group(1)):
        return place_named_by(m.group(1))[0] + "人民政府"  # 银川市政府网 → 银川市人民政府
    return part


def agency_in_title(title: str | None) -> str | None:
    """The agency a site's <title> names (``宁夏回族自治区教育厅门户网站`` → 宁夏回族自治区教育厅)."""
    for part in _TITLE_PARTS.split(squeeze(title or "")):
        name = _clean(part)
        if not name:
            continue
        if names_non_agency(name):
            return None
        if _ORGAN.search(name):
            if name.endswith("政府") and not name.endswith("人民政府"):
                named = place_named_by(name[:-2])
                name = named[0] + "人民政府" if named else name
            return name
        named = place_named_by(name)
        if named:
            return named[0] + "人民政府"
    return None


def agency_in_link(text: str | None, context: Place | None = None) -> str | None:
    """The agency a directory link's text names: 教育厅, 灵武市 (→ 灵武市人民政府), 银川市政府."""
    name = _clean(text or "")
    if not name or names_non_agency(name):
        return None
    named = place_named_by(name, context)
    if named:
        return named[0] + "人民政府"
    if name.endswith("政府") and not name.endswith("人民政府"):
        named = place_named_by(name[:-2], context)
        if named:
            return named[0] + "人民政府"
    return name if _ORGAN.search(name) else None


def _with_place(name: str, parent: Place) -> str:
    """A name without its place gets the parent portal's: 教育厅 → 宁夏回族自治区教育厅."""
    if place_in_name(name, parent)[0] is not None:
        return name
    where = next((p for p in (parent.county, parent.city, parent.province) if p), None)
    if not where:
        return name
    return where + _PLACE_ABBREV.sub("", name)


def reconcile_name(link_text: str | None, title: str | None, parent: Place | None) -> str | None:
    """One name for an agency from its directory link and its site's title (see the module doc)."""
    parent = parent or Place()
    from_title = agency_in_title(title)
    from_link = agency_in_link(link_text, parent)
    if from_title and place_in_name(from_title, parent)[0] is not None:
        return from_title
    if from_link and place_in_name(from_link, parent)[0] is not None:
        return from_link
    name = from_title or from_link
    if not name:
        return None
    return _with_place(name, parent) if _title_confirms(title, from_title, from_link, parent) else name


def _says_parent_level(name: str, parent: Place) -> bool:
    """The name opens with the parent's own level word: 省财政厅 under a province, 市教育局 under a city."""
    m = _PLACE_ABBREV.match(name)
    if not m:
        return False
    where = next((p for p in (parent.county, parent.city, parent.province) if p), "")
    return bool(where) and where.endswith(m.group(1))


def _title_confirms(title: str | None, from_title: str | None, from_link: str | None, parent: Place) -> bool:
    """The site's own title vouches that a name without a place is the parent's: it prints the
    parent's place (江西 … 教育厅) or names the very organ the link does (link 市教育局, title
    教育局). Without that — no title, or a title naming another body (水利部长江水利委员会 listed by
    a city) — the parent's place is not added: a name is never made up from where it was listed.
    A link that says the parent's level itself (省财政厅 listed by a province) needs no title."""
    if from_link and _says_parent_level(from_link, parent):
        return True
    if not title:
        return False
    where = next((p for p in (parent.county, parent.city, parent.province) if p), None)
    if where and any(w and w in squeeze(title) for w in (where, short_name(where))):
        return True
    return bool(from_link) and bool(from_title) and _PLACE_ABBREV.sub("", from_link) == _PLACE_ABBREV.sub("", from_title)


def looks_like_agency_site(title: str | None) -> bool:
    """A site's title names a government agency (used for hosts outside gov.cn)."""
    return agency_in_title(title) is not None
