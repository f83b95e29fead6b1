"""Counts over a stream of records, kept as counters only, so any size of input fits."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cleancli.record import Reject

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import RenderableType

    from cleancli.record import Item

_TOP = 20


@dataclass(slots=True)
class Stats:
    records: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    publishers: Counter[str] = field(default_factory=Counter)
    langs: Counter[str] = field(default_factory=Counter)
    #: Word counts as a histogram: exact median without keeping a value per record.
    words: Counter[int] = field(default_factory=Counter)
    furniture: Counter[str] = field(default_factory=Counter)
    rejects: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    with_blocks: int = 0

    def add(self, item: Item) -> None:
        if isinstance(item, Reject):
            self.rejects[_reason_kind(item.reason)] += 1
            return
        self.records += 1
        self.kinds[item.kind] += 1
        self.sites[item.site or "(unknown)"] += 1
        self.publishers[item.publisher or "(unknown)"] += 1
        self.langs[item.lang or "(unknown)"] += 1
        self.words[item.word_count] += 1
        self.duplicates += item.duplicate_of is not None
        if item.blocks:
            self.with_blocks += 1
            self.furniture.update(b.why for b in item.blocks if b.role == "furniture")

    def word_summary(self) -> dict[str, int] | None:
        if not self.words:
            return None
        values = sorted(self.words)
        half, seen = (self.records + 1) // 2, 0
        median = values[-1]
        for value in values:
            seen += self.words[value]
            if seen >= half:
                median = value
                break
        return {"min": values[0], "median": median, "max": values[-1]}

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "kinds": dict(self.kinds.most_common()),
            "sites": dict(self.sites.most_common()),
            "publishers": dict(self.publishers.most_common()),
            "langs": dict(self.langs.most_common()),
            "words": self.word_summary(),
            "furniture_removed": dict(self.furniture.most_common(_TOP))
            if self.with_blocks
            else None,
            "rejects": dict(self.rejects.most_common()),
            "duplicates": self.duplicates,
        }


def _reason_kind(reason: str) -> str:
    """A reject reason without its particulars ("bad JSON: unexpected …" → "bad JSON")."""
    return reason.split(":", 1)[0].split(" (", 1)[0]


def collect(items: Iterable[Item]) -> Stats:
    stats = Stats()
    for item in items:
        stats.add(item)
    return stats


def _counts(title: str, counter: Counter[str] | Counter[int], limit: int = _TOP) -> RenderableType:
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", min_width=30)
    table.add_column(
        title.rsplit(" ", maxsplit=1)[-1] if " " in title else "value", overflow="ellipsis"
    )
    table.add_column("count", justify="right")
    for value, n in counter.most_common(limit):
        table.add_row(str(value), str(n))
    if len(counter) > limit:
        table.caption = f"{len(counter) - limit} more not shown"
    return table


def stats_view(stats: Stats) -> RenderableType:
    from rich.columns import Columns
    from rich.console import Group
    from rich.text import Text

    words = stats.word_summary()
    head = Text(
        f"{stats.records} records, {stats.duplicates} marked duplicate; words per record: "
        + (f"min {words['min']}, median {words['median']}, max {words['max']}" if words else "-"),
        style="bold",
    )
    tables = [
        _counts("by kind", stats.kinds),
        _counts("by site", stats.sites),
        _counts("by publisher", stats.publishers),
        _counts("by lang", stats.langs),
    ]
    if stats.with_blocks:
        tables.append(_counts("furniture removed by rule", stats.furniture))
    else:
        tables.append(Text("furniture by rule: records carry no blocks (pass the raw dump)"))
    if stats.rejects:
        tables.append(_counts("rejects by reason", stats.rejects))
    return Group(head, Columns(tables, padding=(0, 4)))
