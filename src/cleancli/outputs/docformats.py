"""The document formats a final writer gives each record: cleancli's own, Dolma's, datatrove's.

- `cleancli`: schema v3 as it is (docs/schema.md), `{"id", "kind", …, "duplicate_of", "meta"}`.
- `dolma`: Dolma's document, `{"id", "text", "source": "cleancli", "added", "created",
  "metadata"}`: `id`, `text` and `source` are the ones its format requires, `added` and
  `created` the optional times (`added`: when the page was acquired, its fetch time, else
  `--now`, else null; `created`: `published`), RFC 3339 in UTC to the second.
- `datatrove`: the fields of datatrove's `Document`, `{"text", "id", "media": [], "metadata"}`.

In the two foreign formats `metadata` holds every other key of schema v3 in schema order, `meta`
last (and, with `--keep-blocks`, the in-flight fields after it). Each record is rendered where
it is made (a worker process with `--jobs`, a Dask task), so the process that writes does no
JSON work of its own for JSONL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any, Final

from cleancli.inputs.jsonl import json_line
from cleancli.options import Schema, parse_when
from cleancli.schema import record_to_dict

if TYPE_CHECKING:
    from datetime import datetime

    from cleancli.record import Record

#: Dolma's `source`: the name of the collection a document comes from.
DOLMA_SOURCE: Final = "cleancli"


def rfc3339(when: datetime) -> str:
    """`when` in the one shape of `published`: UTC with a Z, to the second."""
    return when.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def added(rec: Record, now: datetime | None) -> str | None:
    """When the page was acquired: its fetch time (the input's, a WARC record's date), else
    `now` (`--now`); None when neither is known. Never the clock: reruns give the same bytes."""
    when = parse_when(rec.fetched) or now
    return rfc3339(when) if when is not None else None


@dataclass(frozen=True, slots=True)
class Rendering:
    """How a final writer renders each record: the document format, whether the in-flight
    fields (`--keep-blocks`) go along, and the time `added` falls back on."""

    schema: Schema = "cleancli"
    keep_blocks: bool = False
    now: datetime | None = None

    def document(self, rec: Record) -> dict[str, Any]:
        """`rec` as a document of the chosen format (see the module's docstring)."""
        fields = record_to_dict(rec, keep_blocks=self.keep_blocks)
        if self.schema == "cleancli":
            return fields
        record_id, text = fields.pop("id"), fields.pop("text")
        # `fields` keeps schema order, so `duplicate_of` stays before `meta` in `metadata`: the
        # first `"duplicate_of":null` of the line is cleancli's own, never a key of an input's
        # `meta`, and `processes.relabel` marks a duplicate by replacing that first one.
        if self.schema == "dolma":
            return {
                "id": record_id,
                "text": text,
                "source": DOLMA_SOURCE,
                "added": added(rec, self.now),
                "created": rec.published,
                "metadata": fields,
            }
        return {"text": text, "id": record_id, "media": [], "metadata": fields}

    def line(self, rec: Record) -> bytes:
        """`rec` as one line of JSON in the chosen format."""
        return json_line(self.document(rec))
