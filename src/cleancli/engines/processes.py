"""`run --jobs N`: the per-page stages in worker processes, results in input order.

Raw pages are cut into chunks (a few dozen pages or a few MiB, so one huge file still feeds every
worker); each worker folds extract, strip and split over its chunk and renders every record to its
output line there, with the digest emit needs. The main process only reads input, decides
duplicates on digests, counts, and writes lines in chunk order: the output is the same bytes for
any N, and the main process stays light enough not to be the bottleneck.

`--jobs 1` runs the same chunk function in this process, so there is one code path.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.published import awaits_fetch_time
from cleancli.errors import RunFailedError
from cleancli.inputs.htmlworker import HtmlWorker
from cleancli.inputs.lifeline import tie_to_parent
from cleancli.record import Record, Reject
from cleancli.stages.dedup import DedupKey, dedup_key
from cleancli.stages.extract import extract_with
from cleancli.stages.split import split
from cleancli.stages.strip import strip_with

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cleancli.inputs.rawpage import RawPage
    from cleancli.options import Options
    from cleancli.outputs.docformats import Rendering

#: A chunk closes at this many pages…
CHUNK_PAGES: Final = 32
#: …or this many bytes of input, whichever comes first.
CHUNK_BYTES: Final = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Row:
    """A record as a worker leaves it: its output line, and what emit and the tally need."""

    id: str
    kind: str
    key: DedupKey | None
    line: bytes
    #: its relative date stayed unresolved for want of a fetch time (`awaits_fetch_time`)
    undated: bool = False


@dataclass(frozen=True, slots=True)
class Done:
    """One chunk's results in page order, and how many related records split added."""

    rows: list[Row | Reject]
    split_out: int


def relabel(line: bytes, record_id: str, unique: str, first: str | None) -> bytes:
    """A rendered record under the id it is written with (`IdSet.claim`), marked as a
    duplicate of `first` if given. Inside a JSON string every quote is escaped, so `"id":"…"`
    and `"duplicate_of":null` match only keys; the record's own come first in every document
    format (`docformats`: the id before `metadata`, `duplicate_of` before `meta`)."""
    if unique != record_id:
        line = line.replace(f'"id":"{record_id}"'.encode(), f'"id":"{unique}"'.encode(), 1)
    if first is None:
        return line
    return line.replace(b'"duplicate_of":null', b'"duplicate_of":"' + first.encode() + b'"', 1)


def chunks(pages: Iterable[RawPage | Reject]) -> Iterator[list[RawPage | Reject]]:
    """Consecutive pages grouped by count and size."""
    chunk: list[RawPage | Reject] = []
    size = 0
    for page in pages:
        chunk.append(page)
        size += len(page.data) if not isinstance(page, Reject) else 0
        if len(chunk) >= CHUNK_PAGES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def work(
    chunk: list[RawPage | Reject], options: Options, render: Rendering, html: HtmlWorker
) -> Done:
    """Extract, strip and split one chunk; render each record to its final line."""
    records_in = 0

    def counted(items: Iterable[Record | Reject]) -> Iterator[Record | Reject]:
        nonlocal records_in
        for item in items:
            records_in += isinstance(item, Record)
            yield item

    stream = strip_with(extract_with(chunk, options, worker=html), options)
    rows: list[Row | Reject] = []
    for item in split(counted(stream), timeout=options.timeout):
        if isinstance(item, Reject):
            rows.append(item)
        else:
            key = dedup_key(item.text, options.dedup)
            line = render.line(item)
            rows.append(Row(item.id, item.kind, key, line, awaits_fetch_time(item, options.now)))
    return Done(rows, sum(isinstance(r, Row) for r in rows) - records_in)


# --- worker processes ---------------------------------------------------------------------------

_STATE: dict[str, object] = {}
#: How long a stopping run waits for each part of the pool to end.
_STOP_SECONDS: Final = 5


def _init(options: Options, render: Rendering) -> None:
    tie_to_parent()
    _STATE["options"], _STATE["render"] = options, render
    _STATE["html"] = HtmlWorker(options.html_engine, options.timeout)


def _work_here(chunk: list[RawPage | Reject]) -> Done:
    return work(chunk, _STATE["options"], _STATE["render"], _STATE["html"])  # type: ignore[arg-type]


def process(
    pages: Iterable[RawPage | Reject], options: Options, *, jobs: int, render: Rendering
) -> Iterator[Done]:
    """Every chunk's results, in input order, from `jobs` processes (1: this one).

    An input of one chunk is done here whatever `jobs` says: starting workers would cost more.
    """
    stream = chunks(pages)
    first = list(itertools.islice(stream, 2))
    if jobs <= 1 or len(first) < 2:
        with HtmlWorker(options.html_engine, options.timeout) as html:
            for chunk in itertools.chain(first, stream):
                yield work(chunk, options, render, html)
        return
    stream = itertools.chain(first, stream)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init, initargs=(options, render)
    )
    waiting: deque[Future[Done]] = deque()
    finished = False
    try:
        for chunk in stream:
            waiting.append(pool.submit(_work_here, chunk))
            while len(waiting) > 2 * jobs or (waiting and waiting[0].done()):
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
        finished = True
    except BrokenProcessPool as exc:
        raise RunFailedError("a worker process died; the run is incomplete") from exc
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_now(pool)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """End the workers without waiting for their chunks: the run is over (an error, Ctrl-C,
    SIGTERM, or the reader of the output went away).

    The workers are killed first. The pool's own shutdown runs in a thread given a few seconds:
    on Python 3.11 it can deadlock (a signal taken inside `submit` leaves its lock held, and its
    manager thread can block on a full wake-up pipe), and a run that is over must still end. A
    manager thread still alive then is dropped from the joins the interpreter makes at exit.
    """
    # The pool's workers, and any it was starting when the run ended (a signal taken while
    # `submit` spawned one leaves it outside the pool's table, waiting for work that never
    # comes, and the interpreter would wait for it at exit).
    processes = [
        *(getattr(pool, "_processes", None) or {}).values(),
        *multiprocessing.active_children(),
    ]
    # Taken before `shutdown`, which forgets them: the manager thread the interpreter joins at
    # exit, and the queue of chunks whose feeding thread may be blocked on a full pipe that no
    # killed worker will read (the interpreter would join that thread at exit too).
    manager = getattr(pool, "_executor_manager_thread", None)
    calls = getattr(pool, "_call_queue", None)
    if calls is not None:
        calls.cancel_join_thread()
    for proc in processes:
        proc.kill()
    closing = threading.Thread(
        target=pool.shutdown, kwargs={"wait": False, "cancel_futures": True}, daemon=True
    )
    closing.start()
    closing.join(timeout=_STOP_SECONDS)
    for proc in processes:
        proc.join(timeout=_STOP_SECONDS)
    if manager is not None:
        manager.join(timeout=_STOP_SECONDS)
        if manager.is_alive():
            _forget_at_exit(manager)


def _forget_at_exit(thread: threading.Thread) -> None:
    """Keep the interpreter from joining a pool's manager thread at exit. A worker killed while
    it wrote a result leaves half a message in the result pipe, and the thread waits for the
    rest forever; it is joined twice at exit, by the pool module's exit hook and by threading's
    wait for every thread not a daemon (both private to the standard library, hence getattr)."""
    from concurrent.futures import process as pool_module

    getattr(pool_module, "_threads_wakeups", {}).pop(thread, None)
    lock = getattr(thread, "_tstate_lock", None)
    guard = getattr(threading, "_shutdown_locks_lock", None)
    locks = getattr(threading, "_shutdown_locks", None)
    if lock is not None and guard is not None and locks is not None:
        with guard:
            locks.discard(lock)
