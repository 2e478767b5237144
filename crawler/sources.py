"""The agencies to crawl, read from ``data/sources.yaml``.

One entry per agency: where it sits (province / city / county) and the portal URLs to start from.
``verified: false`` marks a start URL written down from a report or from memory but not yet seen
to answer, so a failing crawl of it is no surprise.
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
        ))
    return sources
