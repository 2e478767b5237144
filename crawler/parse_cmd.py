"""`nianbao parse FILE_OR_URL...`: one JSON line per input, as ../spec/README.md fixes.

Each input is parsed in a worker process of :mod:`crawler.parse_pool` with a time and a memory
limit, so one hostile file gives its own clear error line and the command goes on with the next.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import urllib.request
from collections import deque
from concurrent.futures import Future
from pathlib import Path

from parsers.report import ParsedReport

from .parse_pool import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Limits, ParsePool, SandboxResult

USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao)"
MAX_INPUT_BYTES = 64 * 1024 * 1024  # the crawler's DOWNLOAD_MAXSIZE: a bigger file is not a report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="FILE_OR_URL")
    p.add_argument("--text", action="store_true", help="include the report's plain text as `text`")
    p.add_argument("--time-limit", type=float, default=DEFAULT_SECONDS, metavar="S",
                   help=f"stop parsing one input after S seconds (default {DEFAULT_SECONDS:g})")
    p.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                   help=f"address space one parse may use (default {DEFAULT_MEMORY_MB})")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="inputs parsed at once (default: the number of cores)")


class InputError(Exception):
    """An input that cannot be read at all (missing file, failed download, too large)."""


def _read_limited(f, what: str) -> bytes:
    data = f.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{what} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; not a report")
    return data


def read_input(source: str) -> tuple[bytes, str | None, str | None]:
    """(bytes, content type, URL) of a path or an http(s) URL."""
    try:
        if source.startswith(("http://", "https://")):
            req = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(req, timeout=60) as resp:
                return _read_limited(resp, "the download"), resp.headers.get("Content-Type"), source
        path = Path(source)
        if not path.exists():
            raise InputError(f"no such file: {source}")
        if path.is_dir():
            raise InputError(f"{source} is a directory, not a document")
        with open(path, "rb") as f:
            return _read_limited(f, "the file"), None, None
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure is this input's error, the run goes on
        raise InputError(f"{type(exc).__name__}: {exc}") from exc


def report_of(source: str, result: SandboxResult) -> ParsedReport:
    """The ParsedReport (or error object) one sandboxed parse gives."""
    if result.kind == "ok" and result.report is not None:
        return result.report
    return ParsedReport(source=source, error=result.reason or result.kind)


def _done(source: str, error: str) -> Future[SandboxResult]:
    fut: Future[SandboxResult] = Future()
    fut.set_result(SandboxResult("input", reason=error))
    return fut


def show_progress() -> None:
    """Long reads (OCR, a page a few seconds) say where they are on stderr; stdout stays JSON.

    The workers are forked after this, so their progress lines reach the same stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("nianbao parse: %(message)s"))
    log = logging.getLogger("nianbao.progress.parse")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def run(args: argparse.Namespace) -> int:
    show_progress()
    failures = 0
    workers = max(1, min(args.workers or os.cpu_count() or 1, len(args.inputs)))
    limits = Limits(seconds=args.time_limit, memory_mb=args.memory_limit)
    pending: deque[tuple[str, Future[SandboxResult]]] = deque()

    def emit(source: str, fut: Future[SandboxResult]) -> None:
        nonlocal failures
        report = report_of(source, fut.result())
        out = report.to_json()
        if args.text and report.error is None:
            out["text"] = report.text
        failures += report.error is not None
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    with ParsePool(workers, limits) as pool:
        for source in args.inputs:
            try:
                data, content_type, url = read_input(source)
                fut = pool.submit(data, source=source, content_type=content_type, url=url)
            except InputError as exc:
                fut = _done(source, str(exc))
            pending.append((source, fut))
            while len(pending) > 2 * workers:  # bounded: inputs are read as the workers need them
                emit(*pending.popleft())
        while pending:
            emit(*pending.popleft())
    return 1 if failures == len(args.inputs) else 0
