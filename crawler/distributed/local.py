"""`nianbao crawl --workers N`: the distributed crawl on this machine, so it is the path run daily.

Starts Debian's ``redis-server`` on a free loopback port with its own directory (no persistence:
the archive is the crawl's state, as for a single-process crawl), opens the writer in this
process, starts N ``nianbao crawl --redis`` worker processes with the same arguments, writes the
archive until the run ends, then stops the workers (if any is left) and Redis. Exit status and
summary as the plain crawl; a worker that died is said on stderr, and its requests were taken up
by the others.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import subprocesses
from . import keys

REDIS_SERVER = "redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def local_redis(directory: str | None = None) -> Iterator[str]:
    """A private redis-server on 127.0.0.1 (a free port), for the block; yields its URL."""
    exe = shutil.which(REDIS_SERVER)
    if exe is None:
        raise FileNotFoundError("redis-server is not installed (Debian: apt-get install redis-server; "
                                "`make` installs it via scripts/sysdeps.sh)")
    with tempfile.TemporaryDirectory(prefix="nianbao-redis-", dir=directory) as tmp:
        proc = None
        for _ in range(5):
            port = free_port()
            proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--dir", tmp,
                                     "--save", "", "--appendonly", "no", "--protected-mode", "yes",
                                     "--logfile", str(Path(tmp) / "redis.log")],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            url = f"redis://127.0.0.1:{port}/0"
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    keys.connect(url).close()
                    break
                except Exception:  # noqa: BLE001 - not up yet
                    time.sleep(0.05)
            if proc.poll() is None:
                break
        if proc is None or proc.poll() is not None:
            raise RuntimeError(f"redis-server did not start (see {tmp}/redis.log)")
        try:
            yield url
        finally:
            subprocesses.stop(proc, grace=10)


def worker_command(args: argparse.Namespace, url: str, log: Path) -> list[str]:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--redis", url, "--db", args.db]
    if args.sources:
        cmd += ["--sources", args.sources]
    for u in args.start_urls:
        cmd += ["--start-url", u]
    for pair in args.settings:
        cmd += ["-s", pair]
    if not any(p.startswith("LOG_FILE=") for p in args.settings):
        cmd += ["-s", f"LOG_FILE={log}"]
    return cmd


def run_local(args: argparse.Namespace) -> int:
    """`nianbao crawl --workers N` (arguments already checked by crawl_cmd.run)."""
    from ..crawl_cmd import exit_status, log_file
    from .store_cmd import log_to_file, open_writer, show_progress
    from .writer import serve

    n = args.workers
    base = log_file(args.db)
    base.parent.mkdir(parents=True, exist_ok=True)
    try:
        redis_cm = local_redis()
        url = redis_cm.__enter__()
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"nianbao crawl: {exc}", file=sys.stderr)
        return 2
    procs: list[subprocess.Popen[Any]] = []
    writer = None
    try:
        redis = keys.connect(url)
        store_args = argparse.Namespace(redis=url, db=args.db, warc_dir=None, workers=n, settings=args.settings)
        writer = open_writer(store_args, redis)
        if not args.verbose:
            log_to_file(args.db, "writer")
            show_progress("nianbao crawl")
        print(f"nianbao crawl: {n} workers and the archive writer on redis-server {url}; "
              f"logs {base.parent}/{base.stem}-worker<i>.log", file=sys.stderr)
        for i in range(n):
            log = base.with_name(f"{base.stem}-worker{i + 1}.log")
            out = open(log.with_suffix(".out"), "ab")  # noqa: SIM115 - the child's stdout/stderr
            procs.append(subprocess.Popen(worker_command(args, url, log), stdout=out, stderr=subprocess.STDOUT))
            out.close()

        def stop_when_workers_gone() -> None:
            for p in procs:
                p.wait()
            time.sleep(keys.HEARTBEAT_SECONDS * 2)  # let the writer see the last messages and states
            with contextlib.suppress(Exception):
                keys.connect(url).hset(keys.RUN, "stop", "1")

        threading.Thread(target=stop_when_workers_gone, daemon=True).start()
        reason, stats = serve(writer)
        for i, p in enumerate(procs, 1):
            try:
                code = p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                code = p.wait()
            if code:
                print(f"nianbao crawl: worker {i} (pid {p.pid}) ended with status {code}; "
                      "the others took up its requests", file=sys.stderr)
        return exit_status({**stats, "finish_reason": reason})
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if writer is not None and writer.store is not None:
            writer.store.close()
        redis_cm.__exit__(None, None, None)
