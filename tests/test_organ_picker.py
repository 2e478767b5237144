"""A disclosure platform's organ picker: links named only by an agency or a place, chosen by query."""

from crawler.discovery import Kind, Link, classify_link

PAGE = "http://xxgk.example.gov.cn:8080/xxgk/index.html"


def _kind(url: str, text: str, page: str = PAGE) -> Kind | None:
    target = classify_link(Link(url, text), page_url=page, page_kind=Kind.LANDING)
    return target.kind if target else None


def test_organ_links_by_query_below_the_platform_are_followed():
    assert _kind("http://xxgk.example.gov.cn:8080/xxgk/org.html?org=jyj", "贵溪市教育局") is Kind.LANDING
    assert _kind("http://xxgk.example.gov.cn:8080/xxgk/org.html?org=zf", "贵溪市") is Kind.LANDING
    # the organ's year tabs, each loading its year into a frame
    org = "http://xxgk.example.gov.cn:8080/xxgk/org.html?org=zf"
    assert _kind("http://xxgk.example.gov.cn:8080/xxgk/nbframe.html?org=zf&y=2023", "2023年", page=org) is Kind.LANDING
    assert _kind("http://xxgk.example.gov.cn:8080/xxgk/nbframe.html?org=zf&y=2023", "2023年工作要点", page=org) is None


def test_other_texts_pages_elsewhere_and_articles_are_not():
    assert _kind("http://xxgk.example.gov.cn:8080/xxgk/org.html?org=zf", "更多") is None
    assert _kind("http://xxgk.example.gov.cn:8080/other/org.html?org=zf", "贵溪市教育局") is None
    assert _kind("http://xxgk.example.gov.cn:8080/xxgk/t20240101_123.html?x=1", "贵溪市教育局") is None
    # outside a disclosure tree a name is not enough (a 部门 list on a news page)
    assert _kind("http://www.example.gov.cn/news/org.html?org=zf", "贵溪市教育局",
                 page="http://www.example.gov.cn/news/index.html") is None
