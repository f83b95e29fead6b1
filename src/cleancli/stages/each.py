"""Lifting a per-record function to a stream stage: rejects pass, failures become rejects.

A stage can give each record a deadline in seconds of this process's own CPU time (a one-shot
`ITIMER_VIRTUAL` timer, `SIGVTALRM`), so a busy machine does not turn a page into a reject and
output does not depend on the load. It is armed around that record's work alone, so it works
wherever the stages run in a process's main thread (the main process, or a `--jobs` worker);
elsewhere (a thread of a Dask worker) records have none. The timer interrupts Python code: a C
call in progress (one regex match, one language guess) ends first, which is why the patterns
strip runs are each bounded on their own.
"""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING

from cleancli.record import Item, Record, Reject, preview

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from types import FrameType


class _Overrun(BaseException):
    """Raised by the alarm inside a record's work. A BaseException, so that no `except
    Exception` between here and the work (ours or a library's) can swallow it."""


_armed = False  # a record's deadline is running: the alarm is ours to act on


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    if _armed:
        raise _Overrun


def _within(
    fn: Callable[[Record], Item | list[Record]], rec: Record, seconds: float
) -> Item | list[Record]:
    """`fn(rec)`, raising `_Overrun` if it runs past `seconds`.

    Not armed when it cannot be: off the main thread, inside another deadline, or while the
    program embedding the stages has a timer of its own running. The handler is installed only
    for this call and the previous one put back, so an alarm that fires late (between the work's
    end and the disarming) does nothing.
    """
    global _armed  # noqa: PLW0603 - one alarm per process, so one flag
    if (
        _armed
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_VIRTUAL)[0]
    ):
        return fn(rec)
    previous = signal.signal(signal.SIGVTALRM, _on_alarm)
    try:
        try:
            _armed = True
            signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
            return fn(rec)
        finally:
            _armed = False  # first: from here on a pending alarm is ignored
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    finally:
        signal.signal(signal.SIGVTALRM, previous)


def each(
    items: Iterable[Item],
    fn: Callable[[Record], Item | list[Record]],
    stage: str,
    *,
    timeout: float | None = None,
) -> Iterator[Item]:
    """Apply `fn` to every record; a record `fn` fails on becomes a reject, and the run goes on.

    With `timeout` (seconds), a record whose `fn` runs longer becomes the reject "took longer
    than N s in STAGE"; None: no deadline.
    """
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        try:
            result = fn(item) if timeout is None else _within(fn, item, timeout)
        except _Overrun:
            reason = f"took longer than {timeout:g} s in {stage}"
            yield Reject(item.source, stage, reason, preview(item.text))
            continue
        except Exception as exc:  # noqa: BLE001 - one page's failure must not cost the others
            where = ""
            tb = exc.__traceback__
            while tb is not None:
                where = f" at {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
                tb = tb.tb_next
            reason = f"internal error: {type(exc).__name__}: {exc}{where}"
            yield Reject(item.source, stage, reason, preview(item.text))
            continue
        if isinstance(result, list):
            yield from result
        else:
            yield result
