"""JSONL in and out between stages: one item per line, a bad line becomes a `Reject`."""

from __future__ import annotations

import codecs
import re
from typing import IO, TYPE_CHECKING, Any, Final, Literal

import orjson

from cleancli.inputs.packed import unpack
from cleancli.inputs.sources import Overlong, bounded_lines, buffered
from cleancli.options import DEFAULT_MAX_BYTES, STAGES
from cleancli.record import Item, Reject, preview
from cleancli.schema import is_document, item_from_dict, item_to_dict

if TYPE_CHECKING:
    from collections.abc import Iterator


#: How cleancli's own records begin, in the schema's key order: `id`, `kind`, `parent_id`; or
#: a reject's `kind`, then `source`. Another tool's `{"id":"0","kind":"article","title":…}`
#: does not match.
_RECORD_HEAD: Final = re.compile(
    rb'^\s*\{"(?:id":"(?:[^"\\]|\\.)*","kind":"(?:article|related)","parent_id":'
    rb'|kind":"reject","source":)'
)
#: How a Dolma document cleancli wrote begins, for a first line too long to see whole.
_DOLMA_HEAD: Final = re.compile(rb'^\s*\{"id":"[0-9a-f]{16}","text":')


#: What the first line of a JSONL stream says it holds (`stage_of`).
Held = Literal["empty", "extracted", "records"]


def stage_of(head: bytes) -> Held | None:
    """What `head`, the first bytes of a JSONL stream (its whole first line, when it ends in a
    newline), holds of cleancli's output: `records` (those strip, split or emit wrote, or Dolma
    or datatrove documents), `extracted` (extract's, not stripped yet: an empty `blocks`), or
    `empty`; None for anything else, raw JSONL pages (`{"text": …}`) among them."""
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()  # blank lines before the first record
    if not head:
        return "empty"
    line, newline, _ = head.partition(b"\n")
    if not newline:  # a first line too long to see whole
        return "records" if _RECORD_HEAD.match(head) or _DOLMA_HEAD.match(head) else None
    try:
        first = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if is_document(first):
        return "records"
    if not isinstance(first, dict) or not _RECORD_HEAD.match(line):
        return None
    return "extracted" if first.get("blocks") == [] else "records"


def read_items(
    stream: IO[bytes], *, name: str, stage: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Items from a JSONL stream of cleancli records, decompressed when it is gzip, zstd, bzip2
    or xz; `name:line` locates bad lines, and a damaged or cut stream ends in a reject.

    A line longer than `max_bytes` is read through in pieces and rejected, never held whole.
    """
    data, packed = unpack(buffered(stream))
    number = 0
    first = True  # the first line with data: what it is says what the whole input is
    for number, line in enumerate(bounded_lines(data, max_bytes), 1):
        where = f"{name}:{number}"
        if isinstance(line, Overlong):
            reason = f"line longer than {max_bytes} bytes"
            yield Reject(where, stage, reason, preview(line.head))
            first = False
            continue
        if packed is not None and packed.fault is not None and not line.endswith(b"\n"):
            # only the last line lacks a newline: the fault cut it
            yield Reject(where, stage, packed.fault.at(f"inside line {number}"), preview(line))
            return
        data_line = line.removeprefix(codecs.BOM_UTF8)  # files joined by `cat` keep each one's
        if not data_line.strip():
            continue
        try:
            loaded = orjson.loads(data_line)
        except orjson.JSONDecodeError as exc:
            if first and not data_line.lstrip().startswith(b"{"):
                # not JSONL at all: a raw page, whose every line would be a reject of its own
                yield Reject(name, stage, _not_records(stage, _RAW_PAGE), preview(data_line))
                return
            yield Reject(where, stage, f"bad JSON: {exc.args[0]}", preview(data_line))
            first = False
            continue
        wrong = _not_for(loaded, stage)
        if wrong is not None and first:
            yield Reject(name, stage, _not_records(stage, wrong), preview(data_line))
            return
        first = False
        if wrong is not None:
            yield Reject(where, stage, f"{wrong}, not a record {stage} reads", preview(data_line))
            continue
        yield item_from_dict(loaded, where=where, stage=stage)
    if packed is not None and packed.fault is not None:
        where = f"after line {number}" if number else "before its first line"
        yield Reject(name, stage, packed.fault.at(where))


#: How the reason of an input that holds no records for its stage begins.
NOT_RECORDS: Final = "not records this stage reads"
_RAW_PAGE: Final = "a raw page"
_RAW_JSONL: Final = "a raw JSONL page (no 'kind')"
_UNSTRIPPED: Final = "extract's output, not stripped yet"
_FINAL: Final = (
    "final records, which keep no lines to mark (emit converts them: cleancli emit FILE "
    "--schema dolma)"
)


def _not_for(loaded: Any, stage: str) -> str | None:
    """What a JSON line is when it is no record `stage` reads: a raw JSONL page (no `kind`);
    for strip and split, a final record (emit's, or a `--schema` document: no `blocks`, so no
    lines to mark or cut); for split and emit, extract's record, which strip has not marked
    (its `blocks` empty). The views and emit read final records."""
    if not isinstance(loaded, dict):
        return None  # item_from_dict says what is wrong with a line that is no object
    final = is_document(loaded) or ("kind" in loaded and "blocks" not in loaded)
    if not final and "kind" not in loaded:
        return _RAW_JSONL
    if loaded.get("kind") == "reject":
        return None
    if final and stage in ("strip", "split"):
        return _FINAL
    if stage in ("split", "emit") and loaded.get("blocks") == []:
        return _UNSTRIPPED
    return None


def _not_records(stage: str, what: str) -> str:
    """The reason for an input of `what` given to `stage`, with the pipe that reads it."""
    if stage not in STAGES or what == _FINAL:
        return f"{NOT_RECORDS}: {what}"
    start = "strip" if what == _UNSTRIPPED else "extract"
    chain = STAGES[STAGES.index(start) : STAGES.index(stage) + 1]
    pipe = " | ".join(f"cleancli {name}" for name in chain).replace(f"{start}", f"{start} FILE", 1)
    return f"{NOT_RECORDS}: {what}; cleancli {stage} reads what the stage before it writes: {pipe}"


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
