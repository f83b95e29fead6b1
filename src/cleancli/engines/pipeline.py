"""The fold of the four stages, and the tally that proves nothing was lost.

`run` folds extract, strip, split and emit over a stream of raw pages; the stage commands fold
one stage over records read back from JSONL. Both give the same records, so
`extract | strip | split | emit` and `run` print the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, TypeVar, cast

from cleancli.cleaning.published import awaits_fetch_time
from cleancli.inputs.jsonl import dumps
from cleancli.options import STAGES, Options
from cleancli.outputs.docformats import Rendering
from cleancli.record import SKIPPED, Item, Record, Reject
from cleancli.stages.dedup import IdSet, make_deduper
from cleancli.stages.emit import emit
from cleancli.stages.extract import extract_with
from cleancli.stages.split import split
from cleancli.stages.strip import strip_with

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable, Iterator
    from datetime import datetime

    from cleancli.engines.processes import Row
    from cleancli.inputs.rawpage import RawPage
    from cleancli.outputs.sinks import LineSink
    from cleancli.stages.dedup import Deduper, DedupKey


T = TypeVar("T")


class _Count:
    """Counts the records (not rejects) that pass through."""

    def __init__(self) -> None:
        self.n = 0

    def records(self, items: Iterable[Item]) -> Iterator[Item]:
        for item in items:
            self.n += isinstance(item, Record)
            yield item


@dataclass(slots=True)
class Tally:
    """Counts that must add up: read + split out = wrote + rejected + skipped + dropped."""

    read: int = 0
    split_out: int = 0
    articles: int = 0
    related: int = 0
    rejected: int = 0
    skipped: int = 0
    duplicates: int = 0
    #: records written whose relative date stayed unresolved for want of a fetch time
    unresolved: int = 0
    marked: bool = False
    did_split: bool = False
    ids: IdSet = field(default_factory=IdSet, repr=False)

    @property
    def wrote(self) -> int:
        return self.articles + self.related

    def balanced(self) -> bool:
        dropped = 0 if self.marked else self.duplicates
        return self.read + self.split_out == self.wrote + self.rejected + self.skipped + dropped

    def summary(self) -> str:
        articles = f"{self.articles} article{'' if self.articles == 1 else 's'}"
        line = (
            f"read {self.read}, wrote {self.wrote} ({articles}, "
            f"{self.related} related), rejected {self.rejected}, duplicates {self.duplicates}"
        )
        if self.marked and self.duplicates:
            line += " (marked, not dropped)"
        if self.skipped:
            line += f", skipped {self.skipped} (inputs holding no page)"
        if self.did_split:
            line += f"; split found {self.split_out} related"
        return line

    def warnings(self) -> list[str]:
        """What the user should know of the run beyond its counts, one line each."""
        if not self.unresolved:
            return []
        dates = "date" if self.unresolved == 1 else "dates"
        said = (
            f"warning: {self.unresolved} relative {dates} (such as '3 hours ago') left unresolved: "
        )
        return [said + "the input gives no fetch time; give --now"]

    # --- observers: generators that count what flows through them ----------------------------

    def reading(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            self.read += 1
            yield item

    def splitting(self, items: Iterable[Item], *, timeout: float | None = None) -> Iterator[Item]:
        """Split, counting the records it adds."""
        self.did_split = True
        before, after = _Count(), _Count()
        for item in after.records(split(before.records(items), timeout=timeout)):
            self.split_out = after.n - before.n
            yield item
        self.split_out = after.n - before.n

    def emitting(self, items: Iterable[Item], options: Options) -> Iterator[Item]:
        """Emit, counting the duplicates it drops or marks."""
        self.marked = options.on_duplicate == "mark"
        before, after = _Count(), _Count()
        stream = emit(
            before.records(items),
            dedup=options.dedup,
            on_duplicate=options.on_duplicate,
            threshold=options.dedup_threshold,
        )
        for item in after.records(stream):
            if not self.marked:
                self.duplicates = before.n - after.n
            elif isinstance(item, Record) and item.duplicate_of is not None:
                self.duplicates += 1
            yield item
        if not self.marked:
            self.duplicates = before.n - after.n

    def count(self, item: Item) -> None:
        """Count one item on its way out."""
        if isinstance(item, Reject):
            if item.stage == SKIPPED:
                self.skipped += 1
            else:
                self.rejected += 1
        elif item.kind == "related":
            self.related += 1
        else:
            self.articles += 1

    def decide(
        self, seen: Deduper | None, kind: str, record_id: str, key: DedupKey | None
    ) -> tuple[bool, str | None, str]:
        """Whether a record is written, the id of the earlier record it duplicates (then
        written only when duplicates are marked), and the id to write it under (`IdSet.claim`);
        counted either way."""
        record_id = self.ids.claim(record_id)
        first = seen.first_of(key, record_id) if seen is not None else None
        if first is not None:
            self.duplicates += 1
            if not self.marked:
                return False, first, record_id
        if kind == "related":
            self.related += 1
        else:
            self.articles += 1
        return True, first, record_id

    def writing(
        self, items: Iterable[Item], now: datetime | None = None, *, dates: bool = True
    ) -> Iterator[Item]:
        """Count what is written; with `dates` (the run read the dates: strip ran), count the
        relative dates left unresolved too, so that only the stage that read them warns."""
        for item in items:
            self.count(item)
            if dates and isinstance(item, Record) and awaits_fetch_time(item, now):
                self.unresolved += 1
            yield item


def run_lines(
    pages: Iterable[RawPage | Reject],
    options: Options,
    tally: Tally,
    *,
    jobs: int = 1,
    render: Rendering | None = None,
) -> Generator[Row | Reject, None, None]:
    """All four stages over raw pages in `jobs` processes: each record's output line (rendered
    as `render` says, schema v3 by default), in input order, and the rejects. The bytes are the
    same for any `jobs`, and the same as `run`'s."""
    from cleancli.engines.processes import process, relabel

    seen = make_deduper(options.dedup, options.dedup_threshold)
    tally.did_split = True
    tally.marked = options.on_duplicate == "mark"
    render = render or Rendering(now=options.now)
    for done in process(tally.reading(pages), options, jobs=jobs, render=render):
        tally.split_out += done.split_out
        for row in done.rows:
            if isinstance(row, Reject):
                tally.count(row)
                yield row
                continue
            written, first, unique = tally.decide(seen, row.kind, row.id, row.key)
            if written:
                tally.unresolved += row.undated
                yield replace(row, line=relabel(row.line, row.id, unique, first))


def run(pages: Iterable[RawPage | Reject], options: Options | None = None) -> Iterator[Item]:
    """All four stages over raw pages, as the library call behind `cleancli run`."""
    return fold(pages, options or Options(), Tally(), stages=STAGES)


def fold(
    items: Iterable[Item] | Iterable[RawPage | Reject],
    options: Options,
    tally: Tally,
    *,
    stages: tuple[str, ...],
) -> Iterator[Item]:
    """The named stages, in pipeline order, over a stream, with the tally watching."""
    # Raw pages until extract has run; the stage commands start from records.
    stream = cast("Iterable[Item]", tally.reading(items))
    steps: dict[str, Callable[[Iterable[Item]], Iterable[Item]]] = {
        "extract": lambda s: extract_with(s, options),  # type: ignore[arg-type]
        "strip": lambda s: strip_with(s, options),
        "split": lambda s: tally.splitting(s, timeout=options.timeout),
        "emit": lambda s: tally.emitting(s, options),
    }
    for name in STAGES:
        if name in stages:
            stream = steps[name](stream)
    return tally.writing(stream, options.now, dates="strip" in stages)


def write_lines(
    rows: Iterable[Row | Reject],
    out: LineSink,
    *,
    rejects: IO[bytes] | None = None,
    on_reject: Callable[[Reject], None] | None = None,
) -> None:
    """Write what `run_lines` gives: lines to `out` (a stream for JSONL, `sinks.open_sink`),
    rejects to `rejects` and `on_reject`."""
    for row in rows:
        if isinstance(row, Reject):
            if rejects is not None:
                rejects.write(dumps(row))
            if on_reject is not None:
                on_reject(row)
        else:
            out.write(row.line)


def write(
    items: Iterable[Item],
    out: LineSink,
    *,
    final: bool,
    render: Rendering | None = None,
    rejects: IO[bytes] | None = None,
    on_reject: Callable[[Reject], None] | None = None,
) -> None:
    """Write a stream: records to `out`; rejects to `rejects`, else inline unless `final`.

    A final writer (emit, run) renders each record as `render` says (schema v3 without blocks
    by default) and reports each reject through `on_reject`; an intermediate one keeps blocks
    and passes rejects on in the stream for the next stage.
    """
    render = render or Rendering()
    for item in items:
        if isinstance(item, Reject):
            if rejects is not None:
                rejects.write(dumps(item))
            elif not final:
                out.write(dumps(item))
            if final and on_reject is not None:
                on_reject(item)
        elif final:
            out.write(render.line(item))
        else:
            out.write(dumps(item, keep_blocks=True))
