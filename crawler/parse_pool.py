"""Parse documents in a pool of worker processes, each parse with a wall-clock and a memory limit.

Why processes: a hostile or broken document (a PDF page 10⁸ points wide, a zip bomb, a regex
that goes quadratic) must not hang or exhaust the crawler or ``nianbao parse``, and parsing is
CPU-bound Python that a thread cannot take off the GIL. Each worker sets ``RLIMIT_AS`` on itself
(so an allocation past the limit fails inside the worker, never in the crawler) and is killed,
with everything it started (LibreOffice), when a parse outlives its time limit; the next document
gets a fresh worker. Workers live across documents, so the OCR engine a worker loaded stays warm,
and the pool is sized to the cores.

Workers are fresh interpreters (``python -m crawler.parse_pool``), never forked from the crawler's
threaded process; they talk over a socket pair. A parse's answer is a :class:`SandboxResult`: the
:class:`~parsers.report.ParsedReport`, or why there is none (``limit`` for a time or memory limit,
``crash`` for a worker that died, ``exception`` / ``not_implemented`` for the parser's own error).
No Scrapy here: the crawler's pipeline wraps the futures in Deferreds, the CLI waits on them.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import logging
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only stdlib at import: `nianbao crawl` starts its workers before importing the rest
    from parsers.report import ParsedReport

logger = logging.getLogger(__name__)

DEFAULT_SECONDS = 300.0  # a 40-page scan OCR'd on a busy core; a hostile file is stopped here
DEFAULT_MEMORY_MB = 2048  # address space per worker: OCR maps ~1.1 GB of it for ~0.6 GB resident
PARSE_TARGET = "parsers:parse_document"
ARCHIVE_TARGET = "crawler.parse_job:parse_for_archive"  # a crawl's: the parse, and the text's index tokens
STARTUP_SECONDS = 300.0  # a worker importing the parser on a machine under load
_M_ARENA_MAX = -8  # glibc's mallopt parameter
_PR_SET_PDEATHSIG = 1  # Linux prctl option


@dataclass(frozen=True)
class Limits:
    """What one parse may use: wall-clock seconds and address space (MB) of its worker."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB


@dataclass
class SandboxResult:
    """One parse's answer: ``report``, or the ``kind`` of failure and its ``reason``.

    kind: ``ok`` | ``limit`` (time or memory limit reached: final) | ``crash`` (the worker died) |
    ``exception`` (the parser raised) | ``not_implemented`` (a format the parser cannot read yet).
    """

    kind: str
    report: ParsedReport | None = None
    reason: str | None = None
    seconds: float = 0.0


def target_name(fn: Callable[..., Any]) -> str:
    """``module:qualname`` of an importable function, as a worker imports it."""
    return f"{fn.__module__}:{fn.__qualname__}"


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _worker_main(conn: Connection, memory_mb: int, target: str, ocr_threads: int) -> None:
    """A worker: limit its own address space, then parse what it is sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    with contextlib.suppress(OSError, AttributeError):
        # Killed with the crawler (even by kill -9): a worker stuck on a hostile file must not outlive it.
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:
        return  # the parent died before the line above
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    with contextlib.suppress(OSError, AttributeError):
        # Two malloc arenas, not eight per core: ONNX Runtime's threads otherwise map hundreds of MB
        # of address space they never use, and the limit is on address space.
        ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, 2)
    os.environ["NIANBAO_OCR_THREADS"] = str(ocr_threads)
    # What a library logs about a broken file (pdfminer's "Invalid MediaBox") is not the user's
    # business: the parse's warnings and errors say what matters.
    logging.getLogger().setLevel(logging.ERROR)
    parse = _resolve(target)
    conn.send(("ready", os.getpid()))  # the time limit counts from here: imports are not the document's
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        data, kwargs = job
        del job
        try:
            report = parse(data, **kwargs)
            del data
            conn.send(("ok", report))
        except MemoryError:
            del data
            conn.send(("limit", f"the parse needed more than {memory_mb} MB of memory; stopped"))
            return  # a worker that ran out of memory may be in any state: start a fresh one
        except NotImplementedError as exc:
            conn.send(("not_implemented", str(exc) or "not implemented"))
        except Exception as exc:  # noqa: BLE001 - the parser's failure is this document's outcome
            conn.send(("exception", f"{type(exc).__name__}: {str(exc)[:500]}"))


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (LibreOffice started by a worker), from /proc."""
    children: dict[int, list[int]] = {}
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_tree(pid: int) -> None:
    """SIGKILL a process and all its descendants (stopped first, so none can start another)."""
    procs = [pid, *_descendants(pid)]
    for p in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, signal.SIGSTOP)
    for p in [*procs[1:], *_descendants(pid)]:  # children started between the two reads too
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


class _Worker:
    """One slot of the pool: a process and the pipe to it, replaced when it is killed or dies."""

    def __init__(self, pool: ParsePool) -> None:
        self.pool = pool
        self.proc: Any = None
        self.conn: Any = None
        self.parses = 0

    def ensure(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        self.stop(kill=True)
        parent, child = socket.socketpair()
        pool = self.pool
        cmd = [sys.executable, "-m", "crawler.parse_pool", str(child.fileno()), str(pool.limits.memory_mb),
               pool.target, str(pool.ocr_threads)]
        # The worker imports what this process can (a test's parse function, a source checkout).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p or os.getcwd() for p in sys.path)}
        try:
            self.proc = subprocess.Popen(cmd, pass_fds=(child.fileno(),), env=env, stdin=subprocess.DEVNULL,
                                         close_fds=True)
        finally:
            child.close()
        self.conn = Connection(parent.detach())
        pool.started += 1
        if not self.conn.poll(STARTUP_SECONDS):
            self.stop(kill=True)
            raise RuntimeError(f"a parse worker did not start within {STARTUP_SECONDS:g} s")
        try:
            self.conn.recv()
        except (EOFError, OSError) as exc:
            self.stop(kill=True)
            raise RuntimeError("a parse worker failed to start (see its error above)") from exc

    def stop(self, *, kill: bool) -> None:
        if self.proc is None:
            return
        if kill:
            if self.proc.poll() is None:
                kill_tree(self.proc.pid)
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            kill_tree(self.proc.pid)
            self.proc.wait()
        with contextlib.suppress(OSError):
            self.conn.close()
        self.proc = self.conn = None

    def run(self, data: bytes, kwargs: dict[str, Any]) -> SandboxResult:
        limits = self.pool.limits
        try:
            self.ensure()
        except (RuntimeError, OSError) as exc:
            return SandboxResult("crash", reason=str(exc))
        start = time.monotonic()
        try:
            self.conn.send((data, kwargs))
        except (OSError, BrokenPipeError) as exc:
            self.stop(kill=True)
            return SandboxResult("crash", reason=f"the parse worker could not take the document: {exc}")
        if not self.conn.poll(limits.seconds):
            self.stop(kill=True)
            self.pool.killed += 1
            return SandboxResult("limit", reason=f"the parse took longer than {limits.seconds:g} s; stopped",
                                 seconds=time.monotonic() - start)
        try:
            kind, payload = self.conn.recv()
        except (EOFError, OSError):
            try:
                code = self.proc.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            self.stop(kill=True)
            how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            return SandboxResult("crash", reason=f"the parse worker died ({how}): a crash or memory limit "
                                 f"({limits.memory_mb} MB) in a native library", seconds=time.monotonic() - start)
        except MemoryError:  # pragma: no cover - the answer itself does not fit in the parent
            self.stop(kill=True)
            return SandboxResult("limit", reason="the parse result was too large", seconds=time.monotonic() - start)
        seconds = time.monotonic() - start
        self.parses += 1
        if kind == "ok":
            return SandboxResult("ok", report=payload, seconds=seconds)
        if kind == "limit":
            self.stop(kill=True)
        return SandboxResult(kind, reason=payload, seconds=seconds)


class ParsePool:
    """``submit`` a document, get a Future of its :class:`SandboxResult`; one worker per slot.

    ``target`` names the parse function (``module:function``) the workers import; by default the
    parser's ``parse_document``. Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, workers: int | None = None, limits: Limits | None = None, target: str = PARSE_TARGET,
                 ocr_threads: int | None = None, warm: bool = False) -> None:
        cores = os.cpu_count() or 1
        self.size = max(1, workers or cores)
        self.limits = limits or Limits()
        self.target = target
        # The cores are shared by the workers: one engine thread each, unless the pool is smaller.
        self.ocr_threads = ocr_threads or max(1, cores // self.size)
        self.started = 0
        self.killed = 0
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._closed = False
        self._warm = warm  # start every worker now rather than on its first document
        self._slots = [_Worker(self) for _ in range(self.size)]
        self._threads = [threading.Thread(target=self._serve, args=(slot,), name=f"nianbao-parse-{i}", daemon=True)
                         for i, slot in enumerate(self._slots)]
        for t in self._threads:
            t.start()

    def submit(self, data: bytes, *, source: str = "", content_type: str | None = None,
               url: str | None = None) -> Future[SandboxResult]:
        if self._closed:
            raise RuntimeError("the parse pool is closed")
        fut: Future[SandboxResult] = Future()
        self._jobs.put((data, {"source": source, "content_type": content_type, "url": url}, fut))
        return fut

    def _serve(self, slot: _Worker) -> None:
        if self._warm:
            try:
                slot.ensure()
            except Exception:  # noqa: BLE001 - retried on the first document
                logger.exception("could not start a parse worker")
        while True:
            job = self._jobs.get()
            if job is None:
                slot.stop(kill=False)
                return
            data, kwargs, fut = job
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                result = slot.run(data, kwargs)
            except Exception as exc:  # noqa: BLE001 - the pool itself must never lose a document
                logger.exception("parse pool failure")
                slot.stop(kill=True)
                result = SandboxResult("crash", reason=f"the parse pool failed: {type(exc).__name__}: {exc}")
            del data
            fut.set_result(result)

    def close(self, *, wait: bool = True) -> None:
        """Finish the queued documents, then stop every worker. ``wait=False``: return once they are
        told to stop, and leave the waiting for their exit to :func:`wait_closed` (a crawl's close
        goes on meanwhile: an interpreter's teardown is no part of it)."""
        if not self._closed:
            self._closed = True
            for _ in self._threads:
                self._jobs.put(None)
        if not wait:
            _CLOSING.append(self)
            return
        for t in self._threads:
            t.join()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def matches(self, workers: int, limits: Limits, target: str = PARSE_TARGET) -> bool:
        """Whether this pool is the one ``ParsePool(workers, limits, target)`` would make."""
        return self.size == max(1, workers or os.cpu_count() or 1) and self.limits == limits \
            and self.target == target and not self._closed


# -- a crawl's pool, started before the crawler -------------------------------------------------------
# `nianbao crawl` starts its workers first thing (:func:`prestart`), so their interpreters start and
# import the parser while the crawl process imports Scrapy, on the other core, instead of during
# the crawl's first seconds; the crawl's ParsePipeline takes that pool (:func:`take_prestarted`).
_PRESTARTED: list[ParsePool] = []
_CLOSING: list[ParsePool] = []


def prestart(workers: int, limits: Limits, target: str = ARCHIVE_TARGET) -> ParsePool:
    """Start a warm pool of ``workers`` for the crawl about to run in this process."""
    discard_prestarted()
    pool = ParsePool(workers, limits, target, warm=True)
    _PRESTARTED.append(pool)
    return pool


def take_prestarted(workers: int, limits: Limits, target: str = PARSE_TARGET) -> ParsePool | None:
    """The pool :func:`prestart` started when it is the one asked for (else it is closed): None if none."""
    pool = _PRESTARTED.pop() if _PRESTARTED else None
    if pool is not None and not pool.matches(workers, limits, target):
        pool.close()
        pool = None
    return pool


def discard_prestarted() -> None:
    """Close a prestarted pool nobody took (a crawl that stopped before its pipelines were built)."""
    while _PRESTARTED:
        _PRESTARTED.pop().close()


def wait_closed() -> None:
    """Wait for the workers of every pool closed with ``wait=False`` to have exited (reaped)."""
    while _CLOSING:
        for t in _CLOSING.pop()._threads:
            t.join()


if __name__ == "__main__":  # a worker: python -m crawler.parse_pool FD MEMORY_MB TARGET OCR_THREADS
    _worker_main(Connection(int(sys.argv[1])), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
