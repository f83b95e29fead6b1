"""HTML extraction at arm's length: one persistent worker process, a deadline per page.

HTML parsers can hang or crash on hostile pages, so extraction runs in one persistent worker
process with a deadline per page: a page that overruns or kills the worker becomes a reject, the
worker is restarted, and the run goes on. One worker for the whole run keeps the cost of the
isolation to a pipe round trip per page instead of a process per page, and since pages are
queued ahead, the worker extracts the next pages while the caller strips the last ones.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Final, Self

from cleancli.inputs.webpage import HtmlError, WebPage, extract_html
from cleancli.options import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from cleancli.options import HtmlEngine as Engine


#: Seconds a new worker may take to import its engine before the run gives up on it.
_START_TIMEOUT: Final = 120.0
_WARM_UP: Final = "<html><body><article><p>Warm-up.</p></article></body></html>"


def _serve(tasks: Connection, results: Connection, engine: Engine) -> None:
    """The worker's loop: pages in, pages (or the error's text) out, until the pipe closes.

    It loads its engine first and says so, so that a page's deadline never pays for start-up;
    then it says when it starts each page (a monotonic time, which is the same clock in every
    process), so the deadline counts from there, however late the caller asks for the result.
    """
    from cleancli.inputs.lifeline import tie_to_parent

    tie_to_parent()
    extract_html(_WARM_UP, None, engine)
    results.send(("ready", None))
    try:
        while True:
            try:
                html, url = tasks.recv()
            except EOFError:
                return
            results.send(("start", time.monotonic()))
            try:
                done: tuple[str, object] = ("ok", extract_html(html, url, engine))
            except Exception as exc:  # noqa: BLE001 - any parser failure is this page's reject
                done = ("error", _reason(exc))
            results.send(done)
    except (BrokenPipeError, ConnectionError):
        return  # the caller went away (interrupted, killed): nothing is waiting for results


def _reason(exc: Exception) -> str:
    """A failure as a reject's reason: `HtmlError`s are worded for the user already."""
    return str(exc) if isinstance(exc, HtmlError) else f"{type(exc).__name__}: {exc}"


class _Process:
    """One generation of the worker: the process, its two pipes, and a thread that feeds it.

    The feeding thread lets the caller queue pages while the worker is busy, so extraction
    runs beside the caller's own work (strip, split) instead of after it, and neither side
    can block the other on a full pipe.
    """

    def __init__(self, engine: Engine) -> None:
        context = multiprocessing.get_context("spawn")
        task_out, task_in = context.Pipe(duplex=False)
        self.results, result_in = context.Pipe(duplex=False)
        self.proc = context.Process(target=_serve, args=(task_out, result_in, engine), daemon=True)
        self.proc.start()
        task_out.close()
        result_in.close()
        self.queue: queue.SimpleQueue[tuple[bytes | str, str | None] | None] = queue.SimpleQueue()
        self.feeder = threading.Thread(target=self._feed, args=(task_in,), daemon=True)
        self.feeder.start()
        self.ready = False

    def wait_ready(self) -> None:
        """Wait for the engine to load; an error if the worker cannot even start."""
        if not self.results.poll(_START_TIMEOUT):
            raise RuntimeError(f"the HTML worker did not start within {_START_TIMEOUT:g} s")
        try:
            status, _ = self.results.recv()
        except EOFError:
            status = "died"
        if status != "ready":
            raise RuntimeError("the HTML worker failed to start")
        self.ready = True

    def _feed(self, tasks: Connection) -> None:
        with tasks:
            while (job := self.queue.get()) is not None:
                try:
                    tasks.send(job)
                except OSError:  # the worker was killed: the pages left are sent again
                    return

    def stop(self, *, kill: bool) -> None:
        self.queue.put(None)
        if kill:
            self.proc.kill()
        self.proc.join(timeout=None if kill else 2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.results.close()


class HtmlWorker:
    """Extracts pages in a worker process, in order, each under a deadline.

    `submit` queues a page and returns at once; `result` returns the pages' results in the order
    they were submitted. A page that overruns its deadline or kills the worker raises
    `HtmlError`; the worker is restarted and the pages queued after it are sent again. A page
    gets at least `timeout` seconds of the worker's time.
    """

    def __init__(self, engine: Engine = "trafilatura", timeout: float = DEFAULT_TIMEOUT) -> None:
        self.engine = engine
        self.timeout = timeout
        self._worker: _Process | None = None
        self._pending: deque[tuple[bytes | str, str | None]] = deque()
        # A daemonic process (a Dask worker by default) may not start children: there pages
        # are extracted in process, without a deadline.
        self._in_process = multiprocessing.current_process().daemon

    @property
    def pending(self) -> int:
        """Pages submitted whose results have not been taken."""
        return len(self._pending)

    def _start(self) -> _Process:
        self._worker = _Process(self.engine)
        for job in self._pending:
            self._worker.queue.put(job)
        return self._worker

    def submit(self, html: bytes | str, url: str | None = None) -> None:
        self._pending.append((html, url))
        if self._in_process:
            return
        if self._worker is None:
            self._start()  # sends everything pending, this page included
        else:
            self._worker.queue.put((html, url))

    def result(self) -> WebPage:
        """The next result in submission order."""
        if self._in_process:
            html, url = self._pending.popleft()
            try:
                return extract_html(html, url, self.engine)
            except Exception as exc:
                raise HtmlError(_reason(exc)) from exc
        worker = self._worker or self._start()
        self._pending.popleft()
        try:
            if not worker.ready:
                worker.wait_ready()
            # The worker starts this page as soon as it is done with the one before, whose own
            # deadline has passed: the start notice comes at once, or the worker is stuck.
            started = time.monotonic()
            if worker.results.poll(self.timeout):
                status, value = worker.results.recv()
                if status == "start":
                    started = value
            left = started + self.timeout - time.monotonic()
            if not worker.results.poll(max(left, 0.0)):
                self._restart()
                raise HtmlError(f"HTML extraction took longer than {self.timeout:g} s")
            status, value = worker.results.recv()
        except (EOFError, OSError) as exc:
            self._restart()
            raise HtmlError("the HTML parser crashed on this page") from exc
        if status == "error":
            raise HtmlError(str(value))
        page: WebPage = value
        return page

    def extract(self, html: bytes | str, url: str | None = None) -> WebPage:
        self.submit(html, url)
        return self.result()

    def _restart(self) -> None:
        if self._worker is not None:
            self._worker.stop(kill=True)
        self._worker = None
        if self._pending:
            self._start()

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop(kill=bool(self._pending))
        self._worker = None
        self._pending.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
