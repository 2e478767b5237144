"""`nianbao parse FILE_OR_URL...`: one JSON line per input, as ../spec/README.md fixes."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import urllib.request
from pathlib import Path

from parsers import parse_document
from parsers.report import ParsedReport

USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="FILE_OR_URL")
    p.add_argument("--text", action="store_true", help="include the report's plain text as `text`")


def parse_one(source: str) -> ParsedReport:
    """Read a path or an http(s) URL and parse it; an unreadable input becomes an `error` object."""
    try:
        if source.startswith(("http://", "https://")):
            req = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(req, timeout=60) as resp:
                data = resp.read()
                content_type = resp.headers.get("Content-Type")
            return parse_document(data, source=source, content_type=content_type, url=source)
        path = Path(source)
        if not path.exists():
            return ParsedReport(source=source, error=f"no such file: {source}")
        if path.is_dir():
            return ParsedReport(source=source, error=f"{source} is a directory, not a document")
        data = path.read_bytes()
        if len(data) > 1_000_000:
            logging.getLogger("nianbao.progress.parse").info("%s: %d MB, reading…", source, len(data) // 1_000_000)
        return parse_document(data, source=source)
    except Exception as exc:  # noqa: BLE001 - any failure is this input's error, the run goes on
        return ParsedReport(source=source, error=f"{type(exc).__name__}: {exc}")


def show_progress() -> None:
    """Long reads (OCR, a page a few seconds) say where they are on stderr; stdout stays JSON."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("nianbao parse: %(message)s"))
    log = logging.getLogger("nianbao.progress.parse")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def run(args: argparse.Namespace) -> int:
    show_progress()
    failures = 0
    for source in args.inputs:
        report = parse_one(source)
        out = report.to_json()
        if args.text and report.error is None:
            out["text"] = report.text
        failures += report.error is not None
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if failures == len(args.inputs) else 0
