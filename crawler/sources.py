"""The agencies to crawl, read from ``data/sources.yaml``.

One entry per agency: where it sits (province / city / county) and the portal URLs to start from.
``verified: false`` marks a start URL written down from a report or from memory but not yet seen
to answer, so a failing crawl of it is no surprise. ``unanswered: <why>`` (written by ``nianbao
discover``) marks an agency its parent's directory lists whose site never answered discovery: the
address is the directory's, never seen to work. ``crawl`` does not ask for it (a dead site would only
fail the run): it records one ``errors`` row of stage ``unanswered`` instead (not counted as an
error of the run), and the next discovery that reaches the site removes the mark.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass
class Source:
    """One agency and the start URLs of its portal(s)."""

    name: str
    province: str | None = None
    city: str | None = None
    county: str | None = None
    start_urls: list[str] = field(default_factory=list)
    verified: bool = False
    unanswered: str | None = None  # why its site never answered discovery (not crawled while so)

    def as_dict(self) -> dict[str, Any]:
        """The form that travels in ``request.meta["source"]`` and in items (JSON-able)."""
        return asdict(self)


def load_sources(path: str | Path) -> list[Source]:
    """Read the ``agencies:`` list of a sources YAML file; fails loudly on an entry without URLs.

    A single ``start_url:`` string is accepted as well as a ``start_urls:`` list.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    agencies = data.get("agencies")
    if not isinstance(agencies, list):
        raise ValueError(f"{path}: expected a top-level 'agencies:' list")
    sources = []
    for i, entry in enumerate(agencies):
        urls = entry.get("start_urls") or ([entry["start_url"]] if entry.get("start_url") else [])
        if isinstance(urls, str):
            urls = [urls]
        if not entry.get("name") or not urls:
            raise ValueError(f"{path}: agency #{i + 1} needs a name and at least one start URL")
        sources.append(Source(
            name=str(entry["name"]),
            province=entry.get("province"),
            city=entry.get("city"),
            county=entry.get("county"),
            start_urls=[str(u).strip() for u in urls],
            verified=bool(entry.get("verified", False)),
            unanswered=str(entry["unanswered"]) if entry.get("unanswered") else None,
        ))
    return sources


def answering(sources: list[Source]) -> tuple[list[Source], list[Source]]:
    """The sources to crawl, and those whose site never answered discovery (``unanswered:``)."""
    return [s for s in sources if not s.unanswered], [s for s in sources if s.unanswered]


UNANSWERED_STAGE = "unanswered"  # the errors row of an entry not crawled for want of an answering site


def unanswered_reason(source: Source) -> str:
    """The ``errors`` row's reason for an entry not crawled."""
    return (f"unanswered at discovery ({source.unanswered}): {source.name} not crawled; "
            "run `nianbao discover` again once the site answers")
