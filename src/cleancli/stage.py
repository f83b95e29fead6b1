"""Lifting a per-record function to a stream stage: rejects pass, failures become rejects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleancli.record import Item, Record, Reject, preview

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator


def each(
    items: Iterable[Item], fn: Callable[[Record], Item | list[Record]], stage: str
) -> Iterator[Item]:
    """Apply `fn` to every record; a record `fn` fails on becomes a reject, and the run goes on."""
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        try:
            result = fn(item)
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
