"""The emit stage: final records, duplicates dropped or marked.

Rendering happens in the writer (`outputs.docformats.Rendering`: schema v3, Dolma or datatrove
documents, in JSONL or Parquet); this stage decides which records go out. The first record in
input order is the one kept, so the choice does not depend on how the work was spread.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Final

from cleancli.options import DEFAULT_THRESHOLD
from cleancli.record import Item, Reject
from cleancli.stages.dedup import IdSet, dedup_key, make_deduper

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cleancli.options import Dedup, OnDuplicate

STAGE: Final = "emit"


def emit(
    items: Iterable[Item],
    *,
    dedup: Dedup = "exact",
    on_duplicate: OnDuplicate = "drop",
    threshold: float = DEFAULT_THRESHOLD,
) -> Iterator[Item]:
    """Records ready to write; a duplicate is left out, or kept with `duplicate_of` set.

    Ids are keys: a record whose id was already written (the same page read twice) gets one
    derived from it (`IdSet.claim`); as a duplicate it is then dropped or marked like any other.
    """
    seen = make_deduper(dedup, threshold)
    ids = IdSet()
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        unique = ids.claim(item.id)
        if unique != item.id:
            item = replace(item, id=unique)  # noqa: PLW2901 - the same record, renamed
        if seen is None:
            yield item
            continue
        first = seen.first_of(dedup_key(item.text, dedup), item.id)
        if first is None:
            yield item
        elif on_duplicate == "mark":
            yield replace(item, duplicate_of=first)
