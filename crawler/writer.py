"""The crawl's writer thread: every archive write (WARC records, SQLite rows) off the reactor, in order.

Why a thread: the reactor thread was doing all of a crawl's work (issue 13: 83% of samples), and
a third of it was writing — gzip and digests of each WARC record, the Store's rows and its batched
commits. Those release the GIL (zlib, hashlib and SQLite all do), so on a thread of their own they
run beside the reactor's parsing of pages instead of in turn with it.

Why one thread and one queue: order is the archive's correctness. A response's WARC record is
written before its ``documents`` row, a payload already archived becomes a revisit only if the
earlier fetch's row is visible, a report's rows follow its document's — so every job runs in the
order it was submitted, on the one thread that owns the Store's connections and the WARC file, and
reads that decide a write (``needs_parse``, ``latest_document``) go through the same queue and see
every write submitted before them, committed or not.

The queue is bounded (:data:`DEFAULT_MAX_JOBS`): when the disk falls behind, the reactor waits
at ``submit`` instead of piling up response bodies in memory. The reactor never waits for a job
otherwise: :meth:`SerialWriter.submit` gives a Deferred fired on the reactor thread with the job's
result, so Scrapy's own backpressure (the scraper's active size, the downloader's slots) holds
while a response's archive write or an item's store is pending.

At spider close :meth:`SerialWriter.drain` waits for every job, so the close-of-run checks read a
complete archive; :meth:`SerialWriter.close` stops the thread. The Store commits in batches
(crawler/db.py); what a crash loses is what the last batch had not committed, which a re-run
fetches again (crawler/archive.py cuts the WARC back to the last commit, so nothing is duplicated).
"""

from __future__ import annotations

import logging
import queue
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_MAX_JOBS = 256
_STOP = object()


class SerialWriter:
    """Run submitted jobs one at a time, in submission order, on one daemon thread."""

    def __init__(self, max_jobs: int = DEFAULT_MAX_JOBS, name: str = "nianbao-writer") -> None:
        self._jobs: queue.Queue[Any] = queue.Queue(max_jobs)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._closed = False
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            fn, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the job
                future.set_exception(exc)

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def on_writer_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def future(self, fn: Callable[[], T]) -> Future[T]:
        """Queue ``fn`` (blocking while the queue is full); its Future. On the writer thread itself
        (a job that submits another) it runs at once, as queueing it would wait on itself."""
        future: Future[T] = Future()
        if self.on_writer_thread():
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001
                future.set_exception(exc)
            return future
        if self._closed:
            raise RuntimeError("the writer is closed")
        self._jobs.put((fn, future))
        return future

    def submit(self, fn: Callable[[], T]) -> Any:
        """Queue ``fn``; a Deferred fired on the reactor thread with its result (or its failure)."""
        from twisted.internet import reactor
        from twisted.internet.defer import Deferred
        from twisted.python.failure import Failure

        d: Deferred = Deferred()

        def deliver(f: Future[T]) -> None:
            exc = f.exception()
            if exc is not None:
                reactor.callFromThread(d.errback, Failure(exc, type(exc), exc.__traceback__))
            else:
                reactor.callFromThread(d.callback, f.result())

        self.future(fn).add_done_callback(deliver)
        return d

    def post(self, fn: Callable[[], Any], what: str = "write") -> None:
        """Queue ``fn`` and forget it: a failure is logged (the job records its own errors rows)."""
        def logged(f: Future[Any]) -> None:
            exc = f.exception()
            if exc is not None:
                logger.error("%s failed on the writer thread", what, exc_info=(type(exc), exc, exc.__traceback__))

        self.future(fn).add_done_callback(logged)

    def call(self, fn: Callable[[], T], timeout: float | None = None) -> T:
        """Queue ``fn`` and wait for its result: for the few writes that must be done before going
        on (a run's row at open, the drain at close), never for the per-page ones."""
        return self.future(fn).result(timeout)

    def drain(self, timeout: float | None = None) -> None:
        """Wait until every job queued so far has run."""
        if self._thread.is_alive() and not self.on_writer_thread():
            self.call(lambda: None, timeout)

    def close(self, timeout: float | None = None) -> None:
        """Run what is queued, then stop the thread."""
        if self._closed:
            return
        self._closed = True
        if self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join(timeout)


# -- one writer per crawler -------------------------------------------------------------------------
_WRITERS: weakref.WeakKeyDictionary[Any, SerialWriter] = weakref.WeakKeyDictionary()


def writer_for(crawler: Any) -> SerialWriter | None:
    """The crawler's writer (started on first use); None when ``NIANBAO_WRITER_THREAD`` is off,
    and every write then happens inline on the reactor thread, as before."""
    if not crawler.settings.getbool("NIANBAO_WRITER_THREAD", True):
        return None
    writer = _WRITERS.get(crawler)
    if writer is None:
        writer = SerialWriter(crawler.settings.getint("NIANBAO_WRITER_MAX_JOBS", DEFAULT_MAX_JOBS))
        _WRITERS[crawler] = writer
    return writer


def release_writer(crawler: Any) -> None:
    """Drain and stop the crawler's writer (spider close)."""
    writer = _WRITERS.pop(crawler, None)
    if writer is not None:
        writer.close()


def drain_writer(crawler: Any) -> None:
    """Wait for the crawler's writer to have run every job queued so far (no-op without one)."""
    writer = _WRITERS.get(crawler)
    if writer is not None:
        writer.drain()
