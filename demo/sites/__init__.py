"""The demo sites (TRS, Hanweb, plain, a county site with attachment articles, a script-built column),
built in memory from templates and the test fixtures."""

from __future__ import annotations

from functools import cache

from .base import Resource, Site

SITE_KEYS = ("trs", "hanweb", "plain", "county", "script")


@cache
def build_sites() -> dict[str, Site]:
    """Every site, built once per process: building is deterministic, so the bytes never change."""
    from . import county, hanweb, plain, script, trs

    return {"trs": trs.build(), "hanweb": hanweb.build(), "plain": plain.build(), "county": county.build(),
            "script": script.build()}


__all__ = ["SITE_KEYS", "Resource", "Site", "build_sites"]
