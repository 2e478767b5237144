"""Merge discovered agencies into a sources YAML file, keeping every hand edit and comment.

An entry written by ``nianbao discover`` carries ``discovered: <fingerprint>``, a hash of its
content fields (name, province, city, county, start_urls, parent) as discovery wrote them. On the
next run an existing entry matched by portal (the host of a start URL) or by name is:

- left alone when it says ``verified: true``;
- left alone when it has no ``discovered`` key (written by hand) or when its content no longer
  matches its fingerprint (edited by hand since);
- otherwise refreshed with what discovery found now.

A match by name only counts where the places agree (two 鼓楼区人民政府 are two agencies).

Nothing is ever duplicated: a found agency that matches an entry updates it or leaves it, and a
new one is appended. The file is read and written with ruamel.yaml's round trip, so comments,
key order and the entries discovery did not touch stay as they were.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from parsers.normalize import squeeze

from .directory import host_key

CONTENT_KEYS = ("name", "province", "city", "county", "start_urls", "parent")
FINGERPRINT_KEY = "discovered"
HEADER = """\
# Agencies whose annual reports on government information disclosure nianbao crawls (see README).
# Entries with `discovered:` were written by `nianbao discover`; edit one by hand (or set
# verified: true) and discovery will never change it again.
"""


@dataclass
class MergeResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_verified: list[str] = field(default_factory=list)
    kept_by_hand: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.kept_verified)} verified kept, {len(self.kept_by_hand)} hand-edited kept")


def fingerprint(entry: Any) -> str:
    """A short hash of an entry's content fields, as plain data."""
    data = [_plain(entry.get(k)) for k in CONTENT_KEYS]
    return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return None if value is None else str(value)


def _yaml() -> YAML:
    y = YAML()
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.representer.add_representer(type(None), lambda rep, _v: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def _urls(entry: Any) -> list[str]:
    urls = entry.get("start_urls") or ([entry["start_url"]] if entry.get("start_url") else [])
    return [urls] if isinstance(urls, str) else [str(u) for u in urls]


def _is_by_hand(entry: Any) -> bool:
    mark = entry.get(FINGERPRINT_KEY)
    return not mark or str(mark) != fingerprint(entry)


def _same_place(entry: Any, agency: dict[str, Any]) -> bool:
    """No level on which both name a place and differ: 鼓楼区人民政府 of 福州 is not 南京's."""
    return all(not (entry.get(k) and agency.get(k)) or str(entry.get(k)) == str(agency.get(k))
               for k in ("province", "city", "county"))


def merge_sources(path: str | Path, found: Iterable[dict[str, Any]]) -> MergeResult:
    """Merge ``found`` agencies (dicts with CONTENT_KEYS) into the YAML file at ``path``."""
    path = Path(path)
    y = _yaml()
    if path.exists() and path.read_text(encoding="utf-8").strip():
        doc = y.load(path.read_text(encoding="utf-8"))
    else:
        doc = y.load(HEADER + "agencies: []\n")
    if doc.get("agencies") is None:
        doc["agencies"] = CommentedSeq()
    entries = doc["agencies"]
    by_host: dict[str, Any] = {}
    by_name: dict[str, list[Any]] = {}
    for e in entries:
        for u in _urls(e):
            by_host.setdefault(host_key(u), e)
        if e.get("name"):
            by_name.setdefault(squeeze(str(e["name"])), []).append(e)
    result = MergeResult()
    for agency in found:
        name = agency["name"]
        hosts = [host_key(u) for u in agency["start_urls"]]
        entry = next((by_host[h] for h in hosts if h in by_host), None) or next(
            (e for e in by_name.get(squeeze(name), []) if _same_place(e, agency)), None)
        if entry is None:
            entry = CommentedMap()
            for k in CONTENT_KEYS:
                entry[k] = list(agency[k]) if k == "start_urls" else agency.get(k)
            entry["verified"] = False
            entry[FINGERPRINT_KEY] = fingerprint(entry)
            entries.append(entry)
            result.added.append(name)
        elif entry.get("verified") is True:
            result.kept_verified.append(name)
        elif _is_by_hand(entry):
            result.kept_by_hand.append(name)
        else:
            before = fingerprint(entry)
            for k in CONTENT_KEYS:
                if k == "start_urls":
                    # Another portal of an agency already listed joins its URLs, never a second entry.
                    urls = _urls(entry)
                    urls += [u for u in agency["start_urls"] if u not in urls]
                    entry[k] = CommentedSeq(urls)
                else:
                    entry[k] = agency.get(k)
            entry[FINGERPRINT_KEY] = fingerprint(entry)
            (result.updated if entry[FINGERPRINT_KEY] != before else result.unchanged).append(name)
        for h in hosts:
            by_host.setdefault(h, entry)
        same_name = by_name.setdefault(squeeze(str(entry.get("name") or name)), [])
        if entry not in same_name:
            same_name.append(entry)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        y.dump(doc, f)
    tmp.replace(path)
    return result
