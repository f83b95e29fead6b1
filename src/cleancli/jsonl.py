"""JSONL in and out between stages: one item per line, a bad line becomes a `Reject`."""

from __future__ import annotations

import codecs
from typing import IO, TYPE_CHECKING, Any

import orjson

from cleancli.record import Item, Reject, item_from_dict, item_to_dict, preview
from cleancli.settings import DEFAULT_MAX_BYTES
from cleancli.sources import Overlong, bounded_lines

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def read_items(
    stream: IO[bytes], *, name: str, stage: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Items from a JSONL stream of cleancli records; `name:line` locates bad lines.

    A line longer than `max_bytes` is read through in pieces and rejected, never held whole.
    """
    for number, line in enumerate(bounded_lines(stream, max_bytes), 1):
        where = f"{name}:{number}"
        if isinstance(line, Overlong):
            reason = f"line longer than {max_bytes} bytes"
            yield Reject(where, stage, reason, preview(line.head))
            continue
        data_line = line.removeprefix(codecs.BOM_UTF8) if number == 1 else line
        if not data_line.strip():
            continue
        try:
            data = orjson.loads(data_line)
        except orjson.JSONDecodeError as exc:
            yield Reject(where, stage, f"bad JSON: {exc.args[0]}", preview(data_line))
            continue
        yield item_from_dict(data, where=where, stage=stage)


def dumps(item: Item, *, keep_blocks: bool = True) -> bytes:
    """One item as a line of JSON (`json_line`)."""
    return json_line(item_to_dict(item, keep_blocks=keep_blocks))


def json_line(data: dict[str, Any]) -> bytes:
    """A dict as a line of JSON. A lone surrogate (from a `\\udXXX` escape in the input) has
    no UTF-8 form: it is written as its escape's text rather than failing the record."""
    try:
        return orjson.dumps(data) + b"\n"
    except orjson.JSONEncodeError:
        return orjson.dumps(_without_surrogates(data)) + b"\n"


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


def write_items(items: Iterable[Item], stream: IO[bytes], *, keep_blocks: bool = True) -> None:
    for item in items:
        stream.write(dumps(item, keep_blocks=keep_blocks))
