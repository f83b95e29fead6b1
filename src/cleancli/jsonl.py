"""JSONL in and out between stages: one item per line, a bad line becomes a `Reject`."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import orjson

from cleancli.record import Item, Reject, item_from_dict, item_to_dict, preview

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def read_items(stream: IO[bytes], *, name: str, stage: str) -> Iterator[Item]:
    """Items from a JSONL stream of cleancli records; `name:line` locates bad lines."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Reject(where, stage, f"bad JSON: {exc.args[0]}", preview(line))
            continue
        yield item_from_dict(data, where=where, stage=stage)


def dumps(item: Item, *, keep_blocks: bool = True) -> bytes:
    return orjson.dumps(item_to_dict(item, keep_blocks=keep_blocks)) + b"\n"


def write_items(items: Iterable[Item], stream: IO[bytes], *, keep_blocks: bool = True) -> None:
    for item in items:
        stream.write(dumps(item, keep_blocks=keep_blocks))
