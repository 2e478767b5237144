"""What a document is: the one decision, from the document plus the context it was found in.

Report or not, title, agency, year covered and published date are decided here, once, for the
spider (is this page a report? what does it tell its attachments?), the pipeline (the rows it
stores) and ``nianbao parse`` (through :func:`parsers.api.parse_document`) alike.

The context is what the portal says around the document: the list line that led to it
(``list_title``), the page that links an attachment (``page_title``, its published date) and the
page's ``<meta>`` tags. The document's own word wins; the context fills what it leaves out, and a
value taken from the context is said in a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .metadata import find_published_date
from .normalize import squeeze
from .titles import agency_from_title, is_report_title, names_lookalike, year_from_title

_LOOKALIKE_TITLE = re.compile(r"解读|图解|一图|读懂")
_LOOKALIKE_HINT = re.compile(r"报告|年报")


@dataclass
class Context:
    """Where a document was found: the list line, the page that links it, that page's meta."""

    list_title: str | None = None
    page_title: str | None = None
    page_published_date: str | None = None
    page_meta: dict[str, str] = field(default_factory=dict)
    # The agency that runs the site (its banner, 主办单位, home page title): the agency of a report
    # whose title names none ("2023年度政府信息公开工作年度报告") when its text names that agency.
    site_owner: str | None = None


@dataclass
class Decision:
    """What the document is. ``reason`` says why it is not a storable report when it is not."""

    is_report: bool
    title: str | None
    agency: str | None
    year: int | None
    published_date: str | None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)


def plausible_year(year: object) -> int | None:
    """A year a report can cover: 1990 … next year."""
    try:
        y = int(year)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return y if 1990 <= y <= datetime.now(UTC).year + 1 else None


def is_lookalike(title: str | None) -> bool:
    """A title that names something about a report rather than the report: its 解读 or 图解, or
    a dated title speaking of a report with a look-alike word of :func:`names_lookalike` (a 函
    about the report, a 关于报送…年度报告的通知 carrying the blank form tables)."""
    t = squeeze(title or "")
    if not t:
        return False
    return bool(_LOOKALIKE_TITLE.search(t)) or (
        names_lookalike(t) and year_from_title(t) is not None and bool(_LOOKALIKE_HINT.search(t)))


def is_dated_lookalike(title: str) -> bool:
    """A dated report title that is not the disclosure report (a budget, a 法治政府建设年度报告)."""
    return (year_from_title(title) is not None and bool(_LOOKALIKE_HINT.search(title))
            and not is_report_title(title) and not is_report_title("政府信息公开" + title))


# script code taken for a title (a list line's ``<script>document.write(str)</script>`` read as text)
_CODE = re.compile(r"document\.write|[;{}]|[A-Za-z_$][A-Za-z0-9_$.]*\s*\(")


def report_title(candidates: list[str], specific: list[str | None]) -> str | None:
    """A page's report title: the first candidate naming a report, unless one of the specific
    titles (the ArticleTitle meta, the link text, the first heading) names a look-alike. Script
    code is no title: it neither names the report nor vetoes it."""
    title = next((t for t in candidates if is_report_title(t) and not _CODE.search(t)), None)
    if title is None:
        return None
    if any(s and not _CODE.search(s) and is_dated_lookalike(squeeze(s)) for s in specific):
        return None
    return title


def decide(title: str | None, agency: str | None, year: int | None, published_date: str | None, *,
           has_tables: bool, context: Context | None = None, text: str | None = None) -> Decision:
    """The decision for one document read by the parser (its own title, agency, year, date and
    whether its statistical tables were found), completed from its context.

    ``text`` is the document's text: a report that names no agency in any title is the site
    owner's only when its text names the owner too (a county portal's untitled 2023年度…年度报告
    whose 总体情况 says "2023年，某某县人民政府坚持…"); otherwise it stays without one."""
    ctx = context or Context()
    warnings: list[str] = []
    is_report = (is_report_title(title) or has_tables) and not is_lookalike(title)
    if is_report and not is_report_title(title) and (is_lookalike(ctx.page_title) or is_lookalike(ctx.list_title)):
        is_report = False  # an untitled file with tables, found under a 通知 / 函 / 解读: not the report
    if not is_report:
        return Decision(False, title, agency, year, published_date,
                        reason="the parser did not recognize an annual report")
    best_title = title if is_report_title(title) else (ctx.page_title or title or ctx.list_title)
    date = published_date or ctx.page_published_date
    found_year = plausible_year(year)
    if found_year is None:
        for candidate in (title, ctx.page_title, ctx.list_title):
            found_year = plausible_year(year_from_title(candidate))
            if found_year is not None:
                warnings.append(f"year {found_year} read from the title {candidate!r}")
                break
    doc_agency = (agency or agency_from_title(title) or agency_from_title(ctx.page_title)
                  or agency_from_title(ctx.list_title))
    if not doc_agency and ctx.site_owner and text and squeeze(ctx.site_owner) in squeeze(text[:20000]):
        doc_agency = ctx.site_owner
        warnings.append(f"agency {ctx.site_owner!r}: the site's owner, named in the document (no title names one)")
    if doc_agency and ctx.site_owner and (full := qualified_agency(doc_agency, ctx.site_owner)) != doc_agency:
        warnings.append(f"agency {full!r}: {doc_agency!r} as titled, with the place of the site's owner")
        doc_agency = full
    if found_year is None:
        return Decision(True, best_title, doc_agency, None, date, warnings=warnings,
                        reason=f"no year in the document or its titles ({title or ctx.list_title!r})")
    return Decision(True, best_title, doc_agency, found_year, date, warnings=warnings)


# A department named by its level only, as a county's own site titles it: 县教育局, 区财政局, 市卫健委.
_LEVEL_ONLY = re.compile(r"^(县|区|市|旗)(?=[\u4e00-\u9fff]{2,})(?!长)")


def qualified_agency(agency: str, site_owner: str) -> str:
    """``agency`` with its place when its title names only the level (县教育局 on 连平县人民政府's
    site → 连平县教育局): the place of that level in the site owner's name. Anything else, and a
    site owner naming no place of that level, leaves it as it is: a place is never guessed."""
    m = _LEVEL_ONLY.match(agency)
    if not m:
        return agency
    owner = squeeze(site_owner)
    end = owner.find(m.group(1))
    if end < 2:  # the owner names no place of that level (or is itself 县…)
        return agency
    return owner[: end + 1] + agency[1:]


def page_context(meta: dict[str, str], visible_text: str, page_title: str | None,
                 list_title: str | None = None, site_owner: str | None = None) -> Context:
    """The context a report page gives its attachments: its title, published date and site owner."""
    date = find_published_date(meta, visible_text, visible_text, year_from_title(page_title))
    return Context(list_title=list_title, page_title=page_title, page_published_date=date, page_meta=meta,
                   site_owner=site_owner)
