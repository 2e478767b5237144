"""Was the report published on time? The deadline of the 2019 Regulations, Art. 49, and a verdict.

Art. 49 of the 政府信息公开条例 (in force since 15 May 2019): every administrative organ publishes its
report on the previous year by **31 January**; the report of a county-level-or-higher people's
government (本级政府, compiled by its disclosure office) by **31 March**. So for a report on year Y
(Y ≥ 2019, the first under these Regulations):

- ``government`` (…人民政府 of a province, city, prefecture or county, …管委会/管理委员会, or a report
  named after the place alone, e.g. 平潭综合实验区): 31 March of Y+1;
- ``department`` (…局/委/委员会/办/办公室/办公厅/厅/中心/…) and ``township`` (乡/镇人民政府,
  街道办事处: administrative organs below county level): 31 January of Y+1;
- anything else is ``unknown`` and gets no deadline.

The verdict uses the date the page gives and says where it came from (``meta``, ``page`` — a
labelled 发布时间 line, ``url`` — the CMS's path, ``body`` — the date under the signature, or
``first_seen`` — when the crawl first fetched it). A signature date is when the report was written:
after the deadline it proves lateness, on or before the deadline it proves nothing. A first-seen
date after the deadline proves nothing either (the crawl may simply have come late): ``unknown``,
never ``late``.
"""

from __future__ import annotations

import re
from datetime import date

FIRST_YEAR = 2019  # reports on 2019 onwards fall under the 2019 Regulations' deadlines

_GOVERNMENT = re.compile(r"(?:省|自治区|市|州|盟|县|区|旗|特区|林区)人民政府$|(?:管委会|管理委员会|管委)$")
_TOWNSHIP = re.compile(r"(?:乡|镇|苏木)人民政府$|(?:乡|镇|苏木)政府$|街道办事处$|街道$|[乡镇]$")
_DEPARTMENT = re.compile(r"(?:局|委员会|委|办公室|办公厅|办|厅|中心|处|署|部|院|所|站|队|室|会|馆|社|公司)$")
_PLACE = re.compile(r"(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗|新区|实验区|开发区|高新区)$")


def agency_kind(name: str | None) -> str | None:
    """``government``, ``department``, ``township`` or None (unclear) from the agency's name."""
    if not name:
        return None
    n = re.sub(r"\s+", "", name)
    if _TOWNSHIP.search(n):
        return "township"
    if _GOVERNMENT.search(n):
        return "government"
    if _DEPARTMENT.search(n):
        return "department"
    if _PLACE.search(n):
        return "government"  # a report named after the place alone is its government's
    return None


def deadline(year: int | None, kind: str | None) -> date | None:
    """Art. 49's deadline for a report on ``year`` by an agency of ``kind``; None when none applies."""
    if year is None or year < FIRST_YEAR or kind is None:
        return None
    return date(year + 1, 3, 31) if kind == "government" else date(year + 1, 1, 31)


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def assess(agency: str | None, year: int | None, published_date: str | None, date_source: str | None,
           first_seen: str | None = None) -> dict:
    """The timeliness record of one report (the ``timeliness`` key of `nianbao parse`)."""
    kind = agency_kind(agency)
    due = deadline(year, kind)
    out: dict = {"agency_kind": kind, "deadline": due.isoformat() if due else None,
                 "published_date": published_date, "date_source": date_source if published_date else None,
                 "verdict": "unknown", "days_late": None, "reason": None}
    if due is None:
        out["reason"] = ("the agency's kind is unclear from its name" if kind is None and year
                         else "no deadline before the 2019 Regulations" if year and year < FIRST_YEAR
                         else "the year covered is unknown")
        return out
    published = _day(published_date)
    seen = _day(first_seen)
    if published is not None:
        late = (published - due).days
        if late > 0:
            out.update(verdict="late", days_late=late)
            return out
        if date_source != "body":
            out["verdict"] = "on_time"
            return out
    if seen is not None and seen <= due:
        out.update(verdict="on_time", reason="first seen by the crawl before the deadline")
        if published is None:
            out.update(published_date=first_seen[:10], date_source="first_seen")
        return out
    if published is not None:  # a signature date on or before the deadline
        out["reason"] = "only the date the report was signed is known, not when it was published"
    elif seen is not None:
        out["reason"] = "no date on the page; first seen by the crawl after the deadline"
    else:
        out["reason"] = "no published date"
    return out
