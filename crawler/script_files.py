"""Script files a page loads, read once a crawl, for the functions its handlers call.

A county CMS defines ``turnPage(n)`` and ``downloadFile(id)`` in ``/js/common.js`` and calls them
from ``onclick`` attributes: the page alone names neither its other pages nor its attachments.
The spider holds such a page (:meth:`ScriptFiles.hold`) until the same-site script files it loads
are read (:meth:`ScriptFiles.done`), then reads it with their code
(:attr:`crawler.page.Page.external_scripts`). Each file is asked for once a crawl, whatever
number of pages wait for it, and at most ``limit`` files a site; a page is held at most once.

The scripts are only read (:mod:`crawler.script_links`), never run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Held:
    """A page waiting for script files: what the spider needs to read it later, and the files
    still on their way."""

    response: Any
    requested: Any
    list_title: str | None
    missing: set[str] = field(default_factory=set)


class ScriptFiles:
    """The script files read so far (URL → code, "" when it failed) and the pages waiting for some."""

    def __init__(self, limit: int) -> None:
        self.limit = limit  # files asked for per site
        self.code: dict[str, str] = {}
        self._waiters: dict[str, list[int]] = {}  # file asked for → keys of the pages waiting for it
        self._held: dict[int, Held] = {}
        self._asked: Counter[str] = Counter()  # files asked for per site

    def known(self, urls: list[str]) -> list[str]:
        """The code of those of ``urls`` read already (none when nothing was read yet)."""
        if not self.code:
            return []
        return [self.code[url] for url in urls if self.code.get(url)]

    def wanted(self, site: str, urls: list[str], may_ask: Callable[[str], bool]) -> list[str]:
        """Those of ``urls`` not read yet that a page should wait for: asked for already by
        another page, or new ones within the site's limit that ``may_ask`` allows (on the site,
        within its page budget)."""
        found = []
        for url in urls:
            if url in self.code:
                continue
            if url in self._waiters:
                found.append(url)
            elif self._asked[site] < self.limit and may_ask(url):
                self._asked[site] += 1
                found.append(url)
        return found

    def hold(self, held: Held, wanted: list[str]) -> list[str]:
        """Hold a page until ``wanted`` are read; the files to ask for now (the others are on their way)."""
        key = id(held)
        held.missing = set(wanted)
        self._held[key] = held
        new = [url for url in wanted if url not in self._waiters]
        for url in wanted:
            self._waiters.setdefault(url, []).append(key)
        return new

    def done(self, url: str, code: str) -> list[Held]:
        """A file read (``code``; "" when it failed): the pages it was the last one missing for."""
        self.code[url] = code
        ready = []
        for key in self._waiters.pop(url, []):
            held = self._held.get(key)
            if held is None:
                continue
            held.missing.discard(url)
            if not held.missing:
                ready.append(self._held.pop(key))
        return ready
