"""The split stage: cut each embedded related article out of its page into a record of its own.

Strip has already found the related articles (their lines carry `part` k ≥ 1 and their headers
are in `sections`); split only cuts. The page keeps its lines, now marked `related`, so the page
can still be explained; each related record gets its own lines, title, publisher and date, and
`parent_id` pointing at the page's article.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.lang import detect
from cleancli.record import Block, Item, Record, make_id
from cleancli.stages.each import each

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

STAGE: Final = "split"


def split_record(rec: Record) -> list[Record]:
    """The page's article followed by its related articles, in page order."""
    if not rec.sections:
        return [rec]
    # Each related article's lines, gathered in one pass over the page.
    lines: dict[int, list[Block]] = {}
    for b in rec.blocks:
        if b.part:
            lines.setdefault(b.part, []).append(Block(b.text, b.role, b.why, 0))
    children = []
    for part, section in enumerate(rec.sections, 1):
        children.append(
            Record(
                id=make_id(rec.id, "related", str(part)),
                source=rec.source,
                kind="related",
                parent_id=rec.id,
                title=section.title,
                text=section.text,
                publisher=section.publisher,
                site=rec.site,
                published=section.published,
                published_raw=section.published_raw,
                published_precision=section.published_precision,
                published_zone_assumed=section.published_zone_assumed,
                lang=detect(section.text) or rec.lang,
                links=section.links,
                fetched=rec.fetched,
                blocks=tuple(lines.get(part, ())),
            )
        )
    parent_blocks = tuple(
        Block(b.text, "related", f"related article {b.part}", b.part) if b.part else b
        for b in rec.blocks
    )
    return [replace(rec, blocks=parent_blocks, sections=()), *children]


def split(items: Iterable[Item], *, timeout: float | None = None) -> Iterator[Item]:
    """Split every record of a stream; rejects pass through untouched.

    `timeout`: seconds one record may take, as for `strip`; None: no deadline.
    """
    return each(items, split_record, STAGE, timeout=timeout)
