"""Merge discovered agencies into a sources YAML file, keeping every hand edit and comment.

Portals are matched by :func:`crawler.directory.portal_key` (the host, plus the folder of a site kept
under a path of another's host). An entry written by ``nianbao discover`` carries ``discovered: <fingerprint>``, a hash of its
content fields (name, province, city, county, start_urls, parent) as discovery wrote them. On the
next run an existing entry matched by portal (the host of a start URL) or by name is:

- left alone when it says ``verified: true``;
- left alone when it has no ``discovered`` key (written by hand) or when its content no longer
  matches its fingerprint (edited by hand since);
- otherwise refreshed with what discovery found now (its other keys kept).

A match by name only counts where the places agree (two 鼓楼区人民政府 are two agencies).

Nothing is ever duplicated: a found agency that matches an entry updates it or leaves it, and a
new one is appended (two found agencies with a portal or a name and place in common become one
entry, their URLs joined).

Built for the national tree (100,000 entries) in flat memory: the found agencies are spooled
into a SQLite file, the existing file is read as a stream of YAML events twice (once to index its
entries' portals and names on disk, once to write), and the output is written entry by entry.
Every byte outside a refreshed entry — comments, key order, hand-written entries, other top-level
keys — is copied as it was; a refreshed entry is written anew in the file's own indentation.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import yaml

from parsers.normalize import squeeze

from .directory import portal_key

CONTENT_KEYS = ("name", "province", "city", "county", "start_urls", "parent")
FINGERPRINT_KEY = "discovered"
# A listed site that never answered discovery (kept under its link's name): why. Outside the
# fingerprint (a site coming back is no hand edit); written only while it holds.
UNANSWERED_KEY = "unanswered"
HEADER = """\
# Agencies whose annual reports on government information disclosure nianbao crawls (see README).
# Entries with `discovered:` were written by `nianbao discover`; edit one by hand (or set
# verified: true) and discovery will never change it again.
"""
NAMES_KEPT = 200  # names listed per outcome in a MergeResult (the counts are exact)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Outcome:
    """How many found agencies had one outcome, and the first ``NAMES_KEPT`` of their names."""

    count: int = 0
    names: list[str] = field(default_factory=list)

    def add(self, name: str) -> None:
        self.count += 1
        if len(self.names) < NAMES_KEPT:
            self.names.append(name)


@dataclass
class MergeResult:
    outcomes: dict[str, Outcome] = field(default_factory=lambda: {
        k: Outcome() for k in ("added", "updated", "unchanged", "kept_verified", "kept_by_hand")})

    def __getattr__(self, name: str) -> list[str]:
        try:
            return self.__dict__["outcomes"][name].names
        except KeyError:
            raise AttributeError(name) from None

    def summary(self) -> str:
        n = {k: o.count for k, o in self.outcomes.items()}
        return (f"{n['added']} added, {n['updated']} updated, {n['unchanged']} unchanged, "
                f"{n['kept_verified']} verified kept, {n['kept_by_hand']} hand-edited kept")


def fingerprint(entry: Any) -> str:
    """A short hash of an entry's content fields, as plain data."""
    data = [_plain(entry.get(k)) for k in CONTENT_KEYS]
    return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return None if value is None else str(value)


def _urls(entry: Any) -> list[str]:
    urls = entry.get("start_urls") or ([entry["start_url"]] if entry.get("start_url") else [])
    return [urls] if isinstance(urls, str) else [str(u) for u in urls]


def _is_by_hand(entry: Any) -> bool:
    mark = entry.get(FINGERPRINT_KEY)
    return not mark or str(mark) != fingerprint(entry)


def _place(entry: Any) -> tuple[str | None, ...]:
    return tuple(str(entry[k]) if entry.get(k) else None for k in ("province", "city", "county"))


def _same_place(a: tuple[str | None, ...], b: tuple[str | None, ...]) -> bool:
    """No level on which both name a place and differ: 鼓楼区人民政府 of 福州 is not 南京's."""
    return all(not (x and y) or x == y for x, y in zip(a, b, strict=True))


# --- the file as a stream of entries -------------------------------------------------------------
@dataclass
class _Item:
    """One mapping of the ``agencies`` list: where its text starts (its first key, after the "- "),
    where its last scalar ends (its text runs to the end of that line), its keys' column."""

    idx: int
    start: int
    last: int
    column: int


@dataclass
class _Layout:
    """What the scan learned about the ``agencies`` list once it ended."""

    found_key: bool = False  # the file has a top-level ``agencies`` key
    empty_span: tuple[int, int] | None = None  # its value when empty ("[]", "~", nothing)
    flow_items: bool = False  # a non-empty flow list: [{…}, {…}]


def _scan(path: Path, layout: _Layout) -> Iterator[_Item]:
    """The mappings of the top-level ``agencies`` list of ``path``, read as a stream of YAML events."""
    with path.open("r", encoding="utf-8", newline="") as stream:
        depth, expect_key, key = 0, True, None
        in_list, item, last, idx = False, None, 0, 0
        for ev in yaml.parse(stream, Loader=_LOADER):
            if isinstance(ev, yaml.StreamStartEvent | yaml.StreamEndEvent | yaml.DocumentStartEvent
                          | yaml.DocumentEndEvent):
                continue
            is_start = isinstance(ev, yaml.MappingStartEvent | yaml.SequenceStartEvent)
            is_end = isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent)
            if isinstance(ev, yaml.ScalarEvent | yaml.AliasEvent):
                last = ev.end_mark.index
            if depth == 0 and is_start and not isinstance(ev, yaml.MappingStartEvent):
                raise ValueError(f"{path}: not a mapping with an `agencies:` list")
            if depth == 1 and not is_end:  # the root mapping's keys and values
                if expect_key:
                    key, expect_key = getattr(ev, "value", None), False
                    continue
                if key == "agencies":
                    layout.found_key = True
                    if isinstance(ev, yaml.SequenceStartEvent):
                        in_list = True
                        if ev.flow_style:
                            layout.empty_span = (ev.start_mark.index, -1)
                    elif isinstance(ev, yaml.ScalarEvent) and ev.value in ("", "~", "null"):
                        layout.empty_span = (ev.start_mark.index, ev.end_mark.index)
                    elif not is_start:
                        raise ValueError(f"{path}: `agencies:` is not a list")
                if not is_start:
                    expect_key = True
            if in_list and depth == 2 and isinstance(ev, yaml.MappingStartEvent):
                item = _Item(idx, ev.start_mark.index, ev.start_mark.index, ev.start_mark.column)
                idx += 1
                if layout.empty_span is not None:
                    layout.flow_items = True
            if is_start:
                depth += 1
            elif is_end:
                depth -= 1
                if item is not None and depth == 2:
                    item.last = last
                    yield item
                    item = None
                elif depth == 1:
                    if in_list and layout.empty_span is not None:
                        layout.empty_span = (layout.empty_span[0], ev.end_mark.index)
                    in_list, expect_key = False, True


class _Text:
    """Sequential reads of a text file by character index (the YAML parser's marks are indexes)."""

    def __init__(self, path: Path) -> None:
        self.f = path.open("r", encoding="utf-8", newline="")
        self.buf = ""
        self.pos = 0  # index of buf[0]

    def take_to(self, index: int) -> str:
        while len(self.buf) < index - self.pos:
            chunk = self.f.read(1 << 16)
            if not chunk:
                break
            self.buf += chunk
        n = index - self.pos
        out, self.buf, self.pos = self.buf[:n], self.buf[n:], index
        return out

    def take_line(self) -> str:
        """The rest of the current line, without its line break."""
        out = []
        while True:
            cut = min((i for i in (self.buf.find("\n"), self.buf.find("\r")) if i >= 0), default=-1)
            if cut >= 0:
                out.append(self.take_to(self.pos + cut))
                return "".join(out)
            out.append(self.take_to(self.pos + len(self.buf)))
            chunk = self.f.read(1 << 16)
            if not chunk:
                return "".join(out)
            self.buf = chunk

    def take_rest(self) -> str:
        return self.take_to(self.pos + len(self.buf)) + self.f.read()

    def close(self) -> None:
        self.f.close()


def _item_text(text: _Text, item: _Item) -> str:
    """The item's text: from its first key to the end of the line of its last scalar."""
    return text.take_to(item.last) + text.take_line()


def _item_value(item_text: str, column: int) -> Any:
    return yaml.load(" " * column + item_text, Loader=_LOADER)  # noqa: S506 - the safe loader


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    out = yaml.dump(value, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, width=4096)
    return out.removesuffix("\n").removesuffix("\n...").strip("\n")


def _entry_text(entry: dict[str, Any], column: int) -> str:
    """An entry as the lines after its "- ": keys at ``column``, list items two further in."""
    lines = []
    for k, v in entry.items():
        if isinstance(v, list) and v:
            lines.append(f"{_scalar(k)}:")
            lines += ["  - " + _scalar(x) for x in v]  # the join indents them to column + 2
        else:
            lines.append(f"{_scalar(k)}: {_scalar(v if not isinstance(v, list) else [])}")
    return ("\n" + " " * column).join(lines)


# --- matching, on disk -----------------------------------------------------------------------------
SPOOL = """
CREATE TABLE found (seq INTEGER PRIMARY KEY, squeezed TEXT, data TEXT, entry INTEGER, grp INTEGER);
CREATE TABLE found_hosts (seq INTEGER, host TEXT);
CREATE TABLE entry_hosts (host TEXT PRIMARY KEY, idx INTEGER);
CREATE TABLE entry_names (squeezed TEXT, province TEXT, city TEXT, county TEXT, idx INTEGER);
CREATE TABLE new_hosts (host TEXT PRIMARY KEY, grp INTEGER);
CREATE TABLE new_names (squeezed TEXT, province TEXT, city TEXT, county TEXT, grp INTEGER);
CREATE INDEX found_entry ON found (entry, seq);
CREATE INDEX found_grp ON found (grp, seq);
CREATE INDEX entry_names_name ON entry_names (squeezed, idx);
CREATE INDEX new_names_name ON new_names (squeezed, grp);
"""


def _first_match(db: sqlite3.Connection, hosts_table: str, names_table: str, col: str, hosts: list[str],
                 squeezed: str, place: tuple[str | None, ...]) -> int | None:
    """The entry (or new group) an agency joins: by the first of its portals one has, else by name
    where the places agree."""
    for h in hosts:
        row = db.execute(f"SELECT {col} FROM {hosts_table} WHERE host = ?", (h,)).fetchone()  # noqa: S608
        if row:
            return row[0]
    for *other, where in db.execute(
            f"SELECT province, city, county, {col} FROM {names_table} WHERE squeezed = ? ORDER BY {col}",  # noqa: S608
            (squeezed,)):
        if _same_place(tuple(other), place):
            return where
    return None


def _joined(agencies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The found agencies one entry takes, best first: those whose site answered before those kept
    from a link only (``unanswered``), so the entry's fields and first start URL are an answering
    site's; the entry is unanswered only when none of them answered."""
    ordered = sorted(agencies, key=lambda a: bool(a.get(UNANSWERED_KEY)))  # stable: the found order otherwise
    mark = ordered[-1].get(UNANSWERED_KEY) if all(a.get(UNANSWERED_KEY) for a in ordered) else None
    first = {**ordered[0], UNANSWERED_KEY: mark}
    return [first] + [{"start_urls": a["start_urls"], "name": a["name"], "join_only": True} for a in ordered[1:]]


def _apply(entry: dict[str, Any], agency: dict[str, Any], result: MergeResult) -> None:
    """One found agency against the entry it matched (see the module doc); a ``join_only`` one
    (another portal of the agency just applied) adds its start URLs only."""
    name = agency["name"]
    if entry.get("verified") is True:
        result.outcomes["kept_verified"].add(name)
    elif _is_by_hand(entry):
        result.outcomes["kept_by_hand"].add(name)
    else:
        before = fingerprint(entry)
        if agency.get("join_only"):
            urls = _urls(entry)
            entry["start_urls"] = urls + [u for u in agency["start_urls"] if u not in urls]
            entry[FINGERPRINT_KEY] = fingerprint(entry)
            result.outcomes["updated" if entry[FINGERPRINT_KEY] != before else "unchanged"].add(agency["name"])
            return
        for k in CONTENT_KEYS:
            if k == "start_urls":
                # Another portal of an agency already listed joins its URLs, never a second entry.
                urls = _urls(entry)
                entry[k] = urls + [u for u in agency["start_urls"] if u not in urls]
            else:
                entry[k] = agency.get(k)
        marked = entry.get(UNANSWERED_KEY)
        _mark_unanswered(entry, agency)
        entry[FINGERPRINT_KEY] = fingerprint(entry)
        changed = entry[FINGERPRINT_KEY] != before or entry.get(UNANSWERED_KEY) != marked
        result.outcomes["updated" if changed else "unchanged"].add(name)


def _mark_unanswered(entry: dict[str, Any], agency: dict[str, Any]) -> None:
    """``unanswered: <why>`` on an entry whose site never answered, removed once it does."""
    if agency.get(UNANSWERED_KEY):
        entry[UNANSWERED_KEY] = agency[UNANSWERED_KEY]
    else:
        entry.pop(UNANSWERED_KEY, None)


def _new_entry(agency: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {k: list(agency[k]) if k == "start_urls" else agency.get(k) for k in CONTENT_KEYS}
    entry["verified"] = False
    _mark_unanswered(entry, agency)
    entry[FINGERPRINT_KEY] = fingerprint(entry)
    return entry


def merge_sources(path: str | Path, found: Iterable[dict[str, Any]]) -> MergeResult:
    """Merge ``found`` agencies (dicts with CONTENT_KEYS; any iterable, read once) into the YAML
    file at ``path``, in memory flat in the number of agencies and entries."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    result = MergeResult()
    with tempfile.TemporaryDirectory(prefix="nianbao-merge-") as tmp:
        db = sqlite3.connect(Path(tmp) / "spool.sqlite", isolation_level=None)
        db.executescript(SPOOL)
        db.execute("BEGIN")
        for agency in found:
            seq = db.execute("INSERT INTO found (squeezed, data) VALUES (?, ?)",
                             (squeeze(agency["name"]), json.dumps(agency, ensure_ascii=False))).lastrowid
            db.executemany("INSERT INTO found_hosts VALUES (?, ?)", [(seq, portal_key(u)) for u in agency["start_urls"]])
        db.execute("CREATE INDEX found_hosts_seq ON found_hosts (seq)")
        layout = _Layout()
        if exists:  # pass 1: the entries' portals and names
            text = _Text(path)
            try:
                for item in _scan(path, layout):
                    text.take_to(item.start)
                    entry = _item_value(_item_text(text, item), item.column)
                    if not isinstance(entry, dict):
                        continue
                    for u in _urls(entry):
                        db.execute("INSERT OR IGNORE INTO entry_hosts VALUES (?, ?)", (portal_key(u), item.idx))
                    if entry.get("name"):
                        db.execute("INSERT INTO entry_names VALUES (?, ?, ?, ?, ?)",
                                   (squeeze(str(entry["name"])), *_place(entry), item.idx))
            finally:
                text.close()
            if layout.flow_items:
                raise ValueError(f"{path}: write `agencies:` as a block list (one `- name: …` entry a line) to merge")
        for seq, squeezed, data in db.execute("SELECT seq, squeezed, data FROM found ORDER BY seq").fetchall():
            agency = json.loads(data)
            hosts = [h for (h,) in db.execute("SELECT host FROM found_hosts WHERE seq = ?", (seq,))]
            place = _place(agency)
            idx = _first_match(db, "entry_hosts", "entry_names", "idx", hosts, squeezed, place)
            if idx is not None:
                db.execute("UPDATE found SET entry = ? WHERE seq = ?", (idx, seq))
                continue
            grp = _first_match(db, "new_hosts", "new_names", "grp", hosts, squeezed, place)
            db.execute("UPDATE found SET grp = ? WHERE seq = ?", (grp or seq, seq))
            if grp is None:
                db.executemany("INSERT OR IGNORE INTO new_hosts VALUES (?, ?)", [(h, seq) for h in hosts])
                db.execute("INSERT INTO new_names VALUES (?, ?, ?, ?, ?)", (squeezed, *place, seq))
        db.execute("COMMIT")
        tmp_out = path.with_name(path.name + ".tmp")
        with tmp_out.open("w", encoding="utf-8", newline="") as out:
            if exists:
                _write_existing(path, db, out, result)
            else:
                out.write(HEADER + "agencies:")
                _write_new(db, out, result, 4, "[]")
                out.write("\n")
        db.close()
    tmp_out.replace(path)
    return result


def _write_existing(path: Path, db: sqlite3.Connection, out: IO[str], result: MergeResult) -> None:
    """Pass 2: copy the file, rewriting the entries a found agency refreshed, and put the new
    entries after the last one (or in place of an empty ``agencies:`` value, or at the end)."""
    text = _Text(path)
    layout = _Layout()
    column = None
    try:
        for item in _scan(path, layout):
            out.write(text.take_to(item.start))
            item_text = _item_text(text, item)
            column = item.column
            rows = db.execute("SELECT data FROM found WHERE entry = ? ORDER BY seq", (item.idx,)).fetchall()
            entry = _item_value(item_text, item.column) if rows else None
            if not isinstance(entry, dict):
                out.write(item_text)
                continue
            before = fingerprint(entry), entry.get(FINGERPRINT_KEY), entry.get(UNANSWERED_KEY)
            for agency in _joined([json.loads(data) for (data,) in rows]):
                _apply(entry, agency, result)
            same = (fingerprint(entry), entry.get(FINGERPRINT_KEY), entry.get(UNANSWERED_KEY)) == before
            out.write(item_text if same else _entry_text(entry, item.column))
        if column is not None:  # after the last entry's line
            _write_new(db, out, result, column, "")
        elif layout.empty_span is not None:  # "agencies: []" or "agencies:": the entries replace the value
            start, end = layout.empty_span
            before = text.take_to(start)
            kept = before.rstrip()
            out.write(kept)
            empty = text.take_to(end)
            _write_new(db, out, result, 4, " " + (empty or "[]"))
            out.write(before[len(kept):].lstrip(" \t"))
        elif not layout.found_key:
            rest = text.take_rest()
            out.write(rest + ("" if not rest or rest.endswith(("\n", "\r")) else "\n") + "agencies:")
            _write_new(db, out, result, 4, " []")
            out.write("\n")
        out.write(text.take_rest())
    finally:
        text.close()


def _write_new(db: sqlite3.Connection, out: IO[str], result: MergeResult, column: int, if_none: str) -> None:
    """The found agencies no entry matched, one entry per group, each on a new line ``- …``;
    ``if_none`` is written when there are none."""
    dash = " " * max(column - 2, 0) + "- "
    written = False

    def write(group: list[dict[str, Any]]) -> None:
        first, *others = _joined(group)
        entry = _new_entry(first)
        result.outcomes["added"].add(first["name"])
        for agency in others:
            _apply(entry, agency, result)
        out.write("\n" + dash + _entry_text(entry, column))

    grp_of_prev, group = None, []
    for grp, data in db.execute("SELECT grp, data FROM found WHERE entry IS NULL ORDER BY grp, seq"):
        if grp != grp_of_prev and group:
            write(group)
            written, group = True, []
        grp_of_prev = grp
        group.append(json.loads(data))
    if group:
        write(group)
        written = True
    if not written:
        out.write(if_none)
