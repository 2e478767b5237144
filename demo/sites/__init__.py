"""The three demo sites (TRS, Hanweb, plain), built in memory from templates and the test fixtures."""

from __future__ import annotations

from functools import cache

from .base import Resource, Site

SITE_KEYS = ("trs", "hanweb", "plain")


@cache
def build_sites() -> dict[str, Site]:
    """Every site, built once per process: building is deterministic, so the bytes never change."""
    from . import hanweb, plain, trs

    return {"trs": trs.build(), "hanweb": hanweb.build(), "plain": plain.build()}


__all__ = ["SITE_KEYS", "Resource", "Site", "build_sites"]
