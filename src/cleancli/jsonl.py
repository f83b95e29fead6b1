"""JSONL in and out between stages: one item per line, a bad line becomes a `Reject`."""

from __future__ import annotations

import codecs
import re
from typing import IO, TYPE_CHECKING, Any, Final

import orjson

from cleancli.record import Item, Reject, is_document, item_from_dict, item_to_dict, preview
from cleancli.settings import DEFAULT_MAX_BYTES
from cleancli.sources import Overlong, bounded_lines, buffered, unpack

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


#: How cleancli's own records begin: `id` then `kind`, or a reject's `kind` first.
_RECORD_HEAD: Final = re.compile(
    rb'^\s*\{"(?:id":"[0-9a-f]+","kind":"(?:article|related)"|kind":"reject")'
)
#: How a Dolma document cleancli wrote begins, for a first line too long to see whole.
_DOLMA_HEAD: Final = re.compile(rb'^\s*\{"id":"[0-9a-f]{16}","text":')


def holds_records(head: bytes) -> bool:
    """Whether `head`, the first bytes of a JSONL stream (its whole first line, when it ends in
    a newline), is cleancli's output: records of any stage, or Dolma or datatrove documents.
    Raw JSONL pages (`{"text": …}`, `{"html": …}`) are not."""
    head = head.removeprefix(codecs.BOM_UTF8)
    if _RECORD_HEAD.match(head):
        return True
    line, newline, _ = head.partition(b"\n")
    if not newline:
        return bool(_DOLMA_HEAD.match(head))
    try:
        return is_document(orjson.loads(line))
    except orjson.JSONDecodeError:
        return False


def read_items(
    stream: IO[bytes], *, name: str, stage: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Items from a JSONL stream of cleancli records, decompressed when it is gzip, zstd, bzip2
    or xz; `name:line` locates bad lines, and a damaged or cut stream ends in a reject.

    A line longer than `max_bytes` is read through in pieces and rejected, never held whole.
    """
    data, packed = unpack(buffered(stream))
    number = 0
    for number, line in enumerate(bounded_lines(data, max_bytes), 1):
        where = f"{name}:{number}"
        if isinstance(line, Overlong):
            reason = f"line longer than {max_bytes} bytes"
            yield Reject(where, stage, reason, preview(line.head))
            continue
        if packed is not None and packed.fault is not None and not line.endswith(b"\n"):
            # only the last line lacks a newline: the fault cut it
            yield Reject(where, stage, packed.fault.at(f"inside line {number}"), preview(line))
            return
        data_line = line.removeprefix(codecs.BOM_UTF8) if number == 1 else line
        if not data_line.strip():
            continue
        try:
            loaded = orjson.loads(data_line)
        except orjson.JSONDecodeError as exc:
            if number == 1 and not data_line.lstrip().startswith(b"{"):
                # not JSONL at all: a raw page, whose every line would be a reject of its own
                yield Reject(name, stage, _not_records(stage), preview(data_line))
                return
            yield Reject(where, stage, f"bad JSON: {exc.args[0]}", preview(data_line))
            continue
        yield item_from_dict(loaded, where=where, stage=stage)
    if packed is not None and packed.fault is not None:
        where = f"after line {number}" if number else "before its first line"
        yield Reject(name, stage, packed.fault.at(where))


#: How the reason of an input that is not JSONL at all begins.
NOT_RECORDS: Final = "not JSONL records"


def _not_records(stage: str) -> str:
    command = "cleancli" if stage == "view" else f"cleancli {stage}"
    return (
        f"{NOT_RECORDS}: {command} reads what the stage before it writes; "
        f"for raw pages, extract first: cleancli extract FILE | {command}"
    )


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
