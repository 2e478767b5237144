"""The WARC archive: every HTTP exchange the crawler makes, written as gzip-per-record WARC files.

Why WARC: it is the format web archives read (pywb, replayweb.page, warcio), it keeps the request,
the status line and every header next to the bytes, and gzip-per-record lets a reader seek straight
to one record from a (file, offset) pair kept in the ``documents`` table.

Layout: files ``nianbao-<UTC time>-<pid>-<seq>.warc.gz`` under ``NIANBAO_WARC_DIR``, each opened by
one process only (so crawls on several machines never share a file), rotated at ``max_bytes``. Each
fetch is a ``response`` record followed by its ``request`` record (WARC-Concurrent-To links them).

Partial files are loud: a file is written as ``<name>.open`` (its writer holds an exclusive
``flock`` on it) and renamed to ``<name>`` when closed. A ``.open`` file nobody holds was left by a
killed process: :func:`recover_open_files` (run when a crawl starts) reads it to the end with
warcio, cuts a torn tail (a gzip member cut short, a record missing its end) back to the last
whole record, renames it, and reports what was cut so the crawl records it as a problem.

Acknowledged is committed: the Store commits its rows in batches (crawler/db.py), and each commit
also records how long the current WARC file was at that moment (``warc_files.committed_bytes``, via
:attr:`WarcArchive.checkpoint` and the Store's commit hook). A record past that mark was written
for a fetch whose rows died with the process; a re-run fetches it again, so recovery cuts the file
back to the mark (the records after it kept aside as the ``.torn`` file): nothing acknowledged is
lost, and nothing is archived twice by the re-run. A file is never closed with records whose rows
are not committed: rotating to the next file commits first.

Dedupe: a payload already archived (same content sha256 *and* same transferred bytes) is written as
a ``revisit`` record (profile identical-payload-digest): HTTP headers only, plus the usual
WARC-Refers-To-Target-URI/-Date and WARC-Refers-To, and two nianbao fields naming the file and
offset of the original so :func:`read_record` can follow it without an index. The fetch stays
recorded, the payload is stored once.

Hashes: ``sha256`` is computed over the *decoded* content (Content-Encoding gzip/deflate/br/zstd
removed, as Scrapy removes it) — the bytes the parser reads and a user downloads — while the record
keeps the bytes as transferred.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_WARC_DIR = "data/warc"
OPEN_SUFFIX = ".open"  # a file being written; renamed without it when closed
DEFAULT_MAX_BYTES = 1_000_000_000  # 1 GB, the usual size of a WARC file
REFERS_TO_FILE = "WARC-Nianbao-Refers-To-File"
REFERS_TO_OFFSET = "WARC-Nianbao-Refers-To-Offset"
CONTENT_SHA256 = "WARC-Nianbao-Content-SHA256"
# Hop-by-hop framing Scrapy has already undone: stored under another name so readers don't de-chunk.
_RENAMED_HEADERS = {"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}


@dataclass(frozen=True)
class Written:
    """Where a fetch went: the response (or revisit) record's file name and byte offset."""

    warc_file: str
    warc_offset: int
    warc_length: int
    record_id: str
    warc_date: str
    payload_digest: str  # WARC-Payload-Digest of the transferred bytes (sha1, base32, as warcio writes)
    revisit: bool


@dataclass(frozen=True)
class Original:
    """The archived record a revisit points to (from a ``documents`` row)."""

    url: str
    warc_date: str
    record_id: str | None
    warc_file: str
    warc_offset: int


@dataclass
class ArchivedRecord:
    """One record read back: what the publisher needs to serve an archived copy."""

    record_type: str
    url: str
    warc_date: str
    record_id: str
    status: int | None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""  # the content, Content-Encoding removed (sha256 of it = documents.sha256)
    content_type: str | None = None
    refers_to_url: str | None = None
    refers_to_date: str | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def payload_digest(data: bytes) -> str:
    """The WARC-Payload-Digest warcio would write for these transferred bytes."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


# Decoding is bounded: a decompression bomb (a few MB of gzip that expands to gigabytes) must cost
# no more memory here than DOWNLOAD_MAXSIZE allows the downloader. Scrapy's own
# HttpCompressionMiddleware stops at that size too; the archive sees the body before it does.
DEFAULT_MAX_DECODED = 64 * 1024 * 1024  # = DOWNLOAD_MAXSIZE in crawler/settings.py
_CHUNK = 64 * 1024


class DecodedTooLarge(ValueError):
    """The decoded content would pass the size limit."""


def _check(size: int, max_size: int) -> None:
    if max_size and size > max_size:
        raise DecodedTooLarge(f"decoded content over {max_size} bytes")


def _zlib_stream(data: bytes, wbits: int, max_size: int) -> bytes:
    d = zlib.decompressobj(wbits)
    out = io.BytesIO()
    chunk = d.decompress(data, _CHUNK)
    while True:
        out.write(chunk)
        _check(out.tell(), max_size)
        if d.eof:
            rest = d.unused_data  # a gzip of several members: decode the next one too
            if rest and wbits & 16 and rest[:2] == b"\x1f\x8b":
                d = zlib.decompressobj(wbits)
                chunk = d.decompress(rest, _CHUNK)
                continue
            break
        if not d.unconsumed_tail:
            chunk = d.flush()
            if not chunk:
                break
            continue
        chunk = d.decompress(d.unconsumed_tail, _CHUNK)
    return out.getvalue()


def _gunzip(data: bytes, max_size: int = 0) -> bytes:
    return _zlib_stream(data, 16 + zlib.MAX_WBITS, max_size)


def _inflate(data: bytes, max_size: int = 0) -> bytes:
    try:
        return _zlib_stream(data, zlib.MAX_WBITS, max_size)
    except zlib.error:  # raw deflate, as some servers send it
        return _zlib_stream(data, -zlib.MAX_WBITS, max_size)


def _unbrotli(data: bytes, max_size: int = 0) -> bytes:
    import brotli  # a Scrapy dependency

    d = brotli.Decompressor()
    out = io.BytesIO()
    chunk = d.process(data, output_buffer_limit=_CHUNK)
    while chunk:
        out.write(chunk)
        _check(out.tell(), max_size)
        if d.is_finished():
            break
        chunk = d.process(b"", output_buffer_limit=_CHUNK)
    return out.getvalue()


def _unzstd(data: bytes, max_size: int = 0) -> bytes:
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd  # a Scrapy dependency before 3.14
    out = io.BytesIO()
    with zstd.ZstdFile(io.BytesIO(data)) as f:
        while chunk := f.read(_CHUNK):
            out.write(chunk)
            _check(out.tell(), max_size)
    return out.getvalue()


# The encodings Scrapy's HttpCompressionMiddleware accepts and undoes, so the hash taken here is
# the hash of the body the spider (and the parser) sees.
_DECODERS = {"gzip": _gunzip, "x-gzip": _gunzip, "deflate": _inflate, "br": _unbrotli, "zstd": _unzstd}


def decode_content(body: bytes, content_encoding: str | None, max_size: int = DEFAULT_MAX_DECODED) -> bytes:
    """The body with its Content-Encoding (gzip, deflate, br, zstd, in any chain) undone.

    An unknown encoding, a body that does not decode, or one that would decode to more than
    ``max_size`` bytes (0: no limit) is returned as is: a server lying about its encoding still
    gets archived, and hashed over what it sent; a decompression bomb is kept as the bomb.
    """
    data = body
    for enc in reversed([e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]):
        if enc == "identity":
            continue
        decoder = _DECODERS.get(enc)
        if decoder is None or not data:
            return body
        try:
            data = decoder(data, max_size)
        except Exception:  # noqa: BLE001 - DecodedTooLarge, zlib.error, brotli.error, ...
            return body
    return data


def resolve_warc_path(warc_file: str | os.PathLike[str], warc_dir: str | os.PathLike[str] | None = None) -> Path:
    """``documents.warc_file`` holds a bare file name, so the archive can move; find it again."""
    p = Path(warc_file)
    if not p.is_absolute() and not p.exists():
        p = Path(warc_dir or os.environ.get("NIANBAO_WARC_DIR") or DEFAULT_WARC_DIR) / p
    if not p.exists():  # still being written (this crawl's current file)
        opened = p.with_name(p.name + OPEN_SUFFIX)
        if opened.exists():
            return opened
    return p


class WarcArchive:
    """Append-only writer of request/response pairs, one gzip member per record.

    Not thread-safe: one thread writes it (the crawl's writer thread, crawler/writer.py). Every
    record is flushed at once, so a crash loses at most the record being written and
    :func:`read_record` works immediately. ``checkpoint`` (the Store's commit) runs before a full
    file is closed and after a new one is opened, so the rows of every record of a closed file are
    committed and a new file is known to the archive before anything is written in it.
    """

    def __init__(self, directory: str | os.PathLike[str] = DEFAULT_WARC_DIR, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, prefix: str = "nianbao",
                 checkpoint: Callable[[], None] | None = None) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.checkpoint = checkpoint
        self._seq = 0
        self._file: io.BufferedWriter | None = None
        self._name: str | None = None
        self._writer: WARCWriter | None = None

    # -- files ----------------------------------------------------------------------------------
    def _open_next(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        while True:
            self._seq += 1
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{self._seq:05d}.warc.gz"
            if not (self.directory / name).exists():
                break
        self._name = name
        self._file = open(self.directory / (name + OPEN_SUFFIX), "ab")  # noqa: SIM115 - kept open across records
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # "being written", for recovery
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(name, {
            "software": "nianbao (warcio)",
            "format": "WARC File Format 1.1",
            "description": "Chinese government annual reports on information disclosure",
        })
        self._writer.write_record(info)

    def _ensure_file(self) -> WARCWriter:
        if self._file is None or self._file.tell() >= self.max_bytes:
            if self._file is not None and self.checkpoint is not None:
                self.checkpoint()  # the full file's records acknowledged before it is closed
            self._open_next()
            if self.checkpoint is not None:
                self.checkpoint()  # the new file known (its warcinfo acknowledged) before any record
        assert self._writer is not None
        return self._writer

    @property
    def position(self) -> tuple[str, int] | None:
        """(file name, bytes written) of the file being written, or None between files."""
        if self._file is None or self._name is None:
            return None
        return self._name, self._file.tell()

    def close(self) -> None:
        """Close the current file and give it its final name (without ``.open``)."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            assert self._name is not None
            os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
            self._file.close()
        self._file = self._writer = self._name = None

    # -- records --------------------------------------------------------------------------------
    def write_exchange(self, *, url: str, status: int, response_headers: list[tuple[str, str]],
                       body: bytes, method: str = "GET", request_headers: list[tuple[str, str]] | None = None,
                       request_body: bytes = b"", protocol: str = "HTTP/1.1", content_sha256: str | None = None,
                       ip_address: str | None = None, revisit_of: Original | None = None,
                       truncated: str | None = None) -> Written:
        """Write one fetch: response (or revisit of ``revisit_of``) then request. Returns where.

        ``truncated`` (``length``, ``time``, ``disconnect``) marks a body that did not arrive whole
        (the standard ``WARC-Truncated`` field)."""
        writer = self._ensure_file()
        assert self._file is not None and self._name is not None
        resp_headers = StatusAndHeaders(f"{status} {_reason(status)}",
                                        [(_RENAMED_HEADERS.get(k.lower(), k), v) for k, v in response_headers],
                                        protocol=protocol)
        if content_sha256 is None:
            encoding = next((v for k, v in response_headers if k.lower() == "content-encoding"), None)
            content_sha256 = sha256_hex(decode_content(body, encoding))
        extra: dict[str, str] = {CONTENT_SHA256: content_sha256}
        if ip_address:
            extra["WARC-IP-Address"] = ip_address
        if truncated:
            extra["WARC-Truncated"] = truncated
        digest = payload_digest(body)
        if revisit_of is not None:
            extra["WARC-Refers-To"] = revisit_of.record_id or ""
            extra[REFERS_TO_FILE] = revisit_of.warc_file
            extra[REFERS_TO_OFFSET] = str(revisit_of.warc_offset)
            resp = writer.create_revisit_record(url, digest, revisit_of.url, revisit_of.warc_date,
                                                http_headers=resp_headers,
                                                warc_headers_dict={k: v for k, v in extra.items() if v})
        else:
            resp = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                             http_headers=resp_headers, warc_headers_dict=extra)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_hdrs = list(request_headers or [])
        if not any(k.lower() == "host" for k, _ in req_hdrs):
            req_hdrs.insert(0, ("Host", parts.netloc))
        req = writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body), length=len(request_body),
            http_headers=StatusAndHeaders(f"{method} {target} {protocol}", req_hdrs, is_http_request=True))
        offset = self._file.tell()
        writer.write_record(resp)  # response first: its offset is the one the documents row keeps
        length = self._file.tell() - offset
        # Link the pair as warcio's write_request_response_pair does, but keep the response offset.
        req.rec_headers.replace_header("WARC-Date", resp.rec_headers.get_header("WARC-Date"))
        req.rec_headers.add_header("WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID"))
        writer.write_record(req)
        return Written(self._name, offset, length, resp.rec_headers.get_header("WARC-Record-ID"),
                       resp.rec_headers.get_header("WARC-Date"), digest, revisit_of is not None)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def read_record(warc_file: str | os.PathLike[str], offset: int, *, warc_dir: str | os.PathLike[str] | None = None,
                follow_revisit: bool = True) -> ArchivedRecord:
    """Read the record at ``offset`` of ``warc_file`` (a ``documents`` row's warc_file/warc_offset).

    A revisit written by this archive is followed to the record holding the payload, so the
    returned body is always the content; status and headers stay those of the revisit.
    """
    path = resolve_warc_path(warc_file, warc_dir)
    with open(path, "rb") as f:
        f.seek(offset)
        record = next(iter(ArchiveIterator(f)))
        h = record.rec_headers
        http = record.http_headers
        out = ArchivedRecord(
            record_type=record.rec_type,
            url=h.get_header("WARC-Target-URI"),
            warc_date=h.get_header("WARC-Date"),
            record_id=h.get_header("WARC-Record-ID"),
            status=int(http.get_statuscode()) if http is not None and record.rec_type != "request" else None,
            headers=list(http.headers) if http is not None else [],
            content_type=http.get_header("Content-Type") if http is not None else None,
            refers_to_url=h.get_header("WARC-Refers-To-Target-URI"),
            refers_to_date=h.get_header("WARC-Refers-To-Date"),
        )
        if record.rec_type != "revisit":
            # The entity body as transferred (chunking was undone before writing), then decoded
            # exactly as the archive hashed it: sha256(body) == documents.sha256.
            out.body = decode_content(record.raw_stream.read(), http.get_header("Content-Encoding") if http else None)
            return out
        ref_file, ref_offset = h.get_header(REFERS_TO_FILE), h.get_header(REFERS_TO_OFFSET)
    if follow_revisit and ref_file and ref_offset:
        base = path.parent
        out.body = read_record(base / ref_file, int(ref_offset), follow_revisit=False).body
    return out


# -- partial files -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recovered:
    """A ``.open`` file left by a killed writer, and what its recovery did."""

    warc_file: str  # the final name it now has
    records: int  # whole records kept
    kept_bytes: int  # the file's size after the cut
    cut_bytes: int  # bytes of the torn tail removed (0: the file was whole)
    quarantined: str | None = None  # where the torn tail was saved, if anywhere

    def line(self) -> str:
        if not self.cut_bytes:
            return f"{self.warc_file}: left open by a killed crawl, whole ({self.records} records); closed"
        return (f"{self.warc_file}: left open by a killed crawl with a torn tail (a record cut short, or records "
                f"written after its last commit); cut back to its last whole committed record "
                f"({self.records} records, {self.kept_bytes} bytes kept, {self.cut_bytes} bytes cut"
                + (f", saved as {self.quarantined}" if self.quarantined else "") + ")")


def whole_length(path: str | os.PathLike[str], limit: int | None = None) -> tuple[int, int]:
    """(records, bytes) of the leading run of whole records of a gzip-per-record WARC file
    (that end at or before ``limit`` bytes, when given).

    Every record is read to its end and its gzip member must end properly: warcio alone stops
    quietly at a member cut short, and would take a torn file for a whole one. The first record
    that does not read whole ends the run.
    """
    records = end = 0
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        try:
            for record in it:
                it.read_to_end(record)
                decompressor = it.reader.decompressor
                if decompressor is not None and not decompressor.eof:
                    break  # the member was cut short
                record_end = it.get_record_offset() + it.get_record_length()
                if limit is not None and record_end > limit:
                    break  # past the last commit
                records += 1
                end = record_end
        except Exception:  # noqa: BLE001 - a torn header: the run of whole records ends before it
            pass
    return records, end


def recover_open_files(directory: str | os.PathLike[str], *, quarantine: bool = True,
                       committed: Callable[[str], int | None] | None = None) -> list[Recovered]:
    """Close the ``.open`` files of ``directory`` that no process holds (a killed crawl's).

    Each is read to the end; a torn tail is cut back to the last whole record — and, when
    ``committed(name)`` knows the file, to the last record its archive committed (the records after
    it belong to fetches whose rows were lost, which the next run makes again) — saved beside it as
    ``<name>.torn`` when ``quarantine``; then the file takes its final name. A file still locked by
    a live writer is left alone.
    """
    out: list[Recovered] = []
    base = Path(directory)
    if not base.is_dir():
        return out
    for path in sorted(base.glob("*" + OPEN_SUFFIX)):
        with open(path, "r+b") as f:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a running crawl's file
            size = os.fstat(f.fileno()).st_size
            limit = committed(path.name[: -len(OPEN_SUFFIX)]) if committed is not None else None
            records, end = whole_length(path, limit)
            torn = None
            if end < size:
                if quarantine:
                    f.seek(end)
                    torn = path.with_name(path.name[: -len(OPEN_SUFFIX)] + ".torn")
                    torn.write_bytes(f.read())
                f.truncate(end)
                f.flush()
                os.fsync(f.fileno())
            final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
            os.replace(path, final)
        out.append(Recovered(final.name, records, end, size - end, torn.name if torn else None))
    return out
