"""What a person looks at: a table of records, one record in full, and a page explained.

Each view is a function from records to a rich renderable, so tests render them on a recording
console at a fixed width and the commands only print them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING, Final

import orjson
from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from cleancli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rich.console import RenderableType

    from cleancli.record import Block, Record
    from cleancli.views.dropped import Dropped

#: Fields `--where` can filter on.
FILTERABLE: Final = (
    "kind", "site", "publisher", "lang", "title", "source", "url", "published", "id", "parent_id",
)  # fmt: skip
#: Fields a --where value matches the start of: a day or month of `published`, an id's prefix.
_PREFIXED: Final = frozenset(("published", "id", "parent_id"))
ROLE_STYLE: Final = {
    "body": "",
    "title": "bold cyan",
    "byline": "cyan",
    "dateline": "cyan",
    "furniture": "red",
    "related-marker": "magenta",
    "related": "yellow",
    "link": "blue",
    "blank": "",
}
_REMOVED: Final = frozenset(("furniture", "related-marker"))
_PREVIEW: Final = 120
_LONG_LINE: Final = 240  # explain shows long prose lines cut: the decision is what matters
#: Lines the HTML engine dropped that explain shows, one each, before "… N more".
_DROPPED_SHOWN: Final = 8


def parse_where(specs: list[str] | None) -> list[tuple[str, str]]:
    """`FIELD=VALUE` filters, checked: a usage error names the bad one."""
    filters = []
    for spec in specs or []:
        name, sep, value = spec.partition("=")
        if not sep or name not in FILTERABLE:
            fields = ", ".join(FILTERABLE)
            raise UsageError(f"--where takes FIELD=VALUE with FIELD one of {fields}, not {spec!r}")
        filters.append((name, value.casefold()))
    return filters


def matches(rec: Record, filters: list[tuple[str, str]]) -> bool:
    """Whether `rec` passes every `(field, value)` of `parse_where`: the field equals the value,
    case ignored; `published`, `id` and `parent_id` start with it, so a day (`2025-07-24`) or
    a month matches, and an id's prefix as `show` prints it."""
    for name, value in filters:
        held = str(getattr(rec, name) or "").casefold()
        if not (held.startswith(value) if name in _PREFIXED and value else held == value):
            return False
    return True


def _preview(text: str, size: int = _PREVIEW) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


_Column = tuple[str, int, str, Callable[["Record"], str]]
#: The title column's width when there is room for a text preview too: most headlines fit in
#: 60 characters, where search results start to cut them.
_TITLE: Final = 60
#: The narrowest text preview worth a column.
_PREVIEW_MIN: Final = 20
_GAP: Final = "   "  # what rich puts between SIMPLE_HEAD columns: padding, rule, padding


def _columns(width: int) -> list[_Column]:
    """The columns that fit `width`, with fixed widths: no measuring, so rows can stream."""
    fixed: list[_Column] = [
        ("id", 8, "left", lambda r: r.id[:8]),
        ("kind", 7, "left", lambda r: r.kind),
        ("site", 14, "left", lambda r: r.site or ""),
        ("publisher", 14, "left", lambda r: r.publisher or ""),
        ("published", 11, "left", lambda r: (r.published or "")[:10] or r.published_raw or ""),
        ("words", 5, "right", lambda r: str(r.word_count)),
    ]
    if width < 100:
        fixed = [c for c in fixed if c[0] != "site"]
    room = width - sum(c[1] for c in fixed) - len(_GAP) * len(fixed)
    flexible: list[_Column] = [("title", max(room, 10), "left", lambda r: r.title or "")]
    text_width = room - _TITLE - len(_GAP)
    if text_width >= _PREVIEW_MIN:  # the title has its room first; a preview only beside it
        flexible = [
            ("title", _TITLE, "left", lambda r: r.title or ""),
            ("text", text_width, "left", lambda r: _preview(r.text, text_width)),
        ]
    return [*fixed[:-1], flexible[0], fixed[-1], *flexible[1:]]


def records_table(records: Iterable[Record], *, width: int = 80) -> Table:
    """One row per record in the columns that fit `width`; the id cut to a prefix `--id` takes."""
    columns = _columns(width)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for name, size, justify, _ in columns:
        table.add_column(
            name,
            width=size,
            no_wrap=True,
            overflow="ellipsis",
            justify=justify,  # type: ignore[arg-type]
            style="dim" if name == "id" else None,
        )
    for rec in records:
        table.add_row(*(cell(rec) for _, _, _, cell in columns))
    return table


def record_lines(records: Iterable[Record], *, width: int = 80) -> Iterator[str]:
    """The rows of `records_table`, as plain lines with the same layout, fast for long listings."""
    columns = _columns(width)
    for rec in records:
        cells = []
        for _, size, justify, cell in columns:
            value = " ".join(cell(rec).split())
            if cell_len(value) > size:
                value = set_cell_size(value, size - 1) + "…"
            cells.append(value.rjust(size) if justify == "right" else set_cell_size(value, size))
        yield _GAP.join(cells).rstrip()


#: How much of one `meta` value `show --id` prints.
_META_CHARS: Final = 200


def record_view(rec: Record) -> RenderableType:
    """One record in full: its fields in a panel, then its prose, wrapped."""
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    shown = {
        "id": rec.id,
        "kind": rec.kind,
        "parent_id": rec.parent_id,
        "site": rec.site,
        "publisher": rec.publisher,
        "published": rec.published,
        "published_raw": rec.published_raw,
        "published_precision": rec.published_precision,
        "published_zone_assumed": (
            None if rec.published_zone_assumed is None else str(rec.published_zone_assumed).lower()
        ),
        "url": rec.url,
        "lang": rec.lang,
        "words": str(rec.word_count),
        "source": rec.source,
        "duplicate_of": rec.duplicate_of,
    }
    for name, value in shown.items():
        if value is not None:
            fields.add_row(name, value)
    for link in rec.links:
        fields.add_row("link", link.title + (f" <{link.url}>" if link.url else ""))
    for key, value in rec.meta.items():
        said = value if isinstance(value, str) else orjson.dumps(value).decode()
        fields.add_row(f"meta.{key}", _preview(said, _META_CHARS))
    prose = Text("\n\n".join(rec.text.split("\n\n")) or "(no prose)")
    return Group(
        Panel(fields, title=Text(rec.title or "(untitled)", style="bold"), title_align="left"),
        prose,
    )


def _rows(blocks: Iterable[tuple[int, Block]], notes: dict[int, str]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim", no_wrap=True)
    table.add_column(no_wrap=True, min_width=9)
    table.add_column(style="dim", no_wrap=True, max_width=32, overflow="ellipsis")
    table.add_column(overflow="fold")
    for number, block in blocks:
        style = ROLE_STYLE[block.role]
        shown = block.text.strip()
        if len(shown) > _LONG_LINE:
            shown = f"{shown[: _LONG_LINE - 40]}… [{len(shown.split())} words]"
        text = Text(shown, style="strike dim" if block.role == "furniture" else "")
        note = notes.get(number - 1)
        if note and block.role in ("body", "title") and not note.endswith("kept"):
            note += ": kept by a guard (a list, a line amid body, the page's only sentence)"
        if note and (block.why == "line-model" or block.role in ("body", "title")):
            text.append(f"\n{note}", style="italic dim")
        table.add_row(str(number), Text(block.role, style=style), block.why, text)
    return table


def explain_view(
    rec: Record, notes: dict[int, str] | None = None, dropped: Dropped | None = None
) -> RenderableType:
    """A page line by line: each line's role and the rule that decided, related articles boxed.

    `notes` adds a dim line under some lines, by index into `rec.blocks` (the line model's say).
    `dropped` (a page read from HTML): the text the HTML engine dropped, collapsed after the
    lines to a count, a size and its first lines.
    """
    if not rec.blocks:
        return Text(
            f"{rec.source}: no lines to explain (emitted records keep none); "
            "pass the raw page, or the output of `cleancli strip`",
            style="yellow",
        )
    parts: list[RenderableType] = [Rule(Text(f"{rec.source}  {rec.title or ''}", style="bold"))]
    numbered = [(n, b) for n, b in enumerate(rec.blocks, 1) if b.role != "blank"]
    for part, run in groupby(numbered, key=lambda nb: nb[1].part):
        rows = _rows(run, notes or {})
        if part == 0:
            parts.append(rows)
            continue
        section = rec.sections[part - 1] if part <= len(rec.sections) else None
        title = f"related article {part}"
        if section is not None:
            shown = ", ".join(x for x in (section.publisher, section.published_raw) if x)
            title += f": {section.title or '(untitled)'}" + (f" ({shown})" if shown else "")
        parts.append(Panel(rows, title=title, title_align="left", border_style="yellow"))
    if dropped is not None:
        parts.append(_dropped_view(dropped))
    parts.append(_footer(rec, numbered, dropped))
    return Group(*parts)


def _size(size: int) -> str:
    """A size in bytes for a person: "812 B", "3.2 kB", "1.5 MB" (powers of 1000)."""
    if size < 1000:
        return f"{size} B"
    if size < 1000**2:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1000**2:.1f} MB"


def _count(dropped: Dropped) -> str:
    """How many lines the engine dropped, in words: "nothing", "1 line", "41 lines"."""
    n = len(dropped.lines)
    if not n:
        return "nothing"
    return "1 line" if n == 1 else f"{n} lines"


def _dropped_view(dropped: Dropped) -> RenderableType:
    """The dropped text in a few dim lines, each cut to the width: what it comes to, then the
    first `_DROPPED_SHOWN` lines and how many more."""
    total = len(dropped.lines)
    said = _count(dropped) + (f", {_size(dropped.size)}" if total else "")
    head = Text(f"dropped by the HTML engine ({dropped.engine}): {said}", style="bold dim")
    shown = [
        Text(f"  {line[:_LONG_LINE]}", style="dim", no_wrap=True, overflow="ellipsis")
        for line in dropped.lines[:_DROPPED_SHOWN]
    ]
    if total > _DROPPED_SHOWN:
        shown.append(Text(f"  … {total - _DROPPED_SHOWN} more", style="dim"))
    return Group(head, *shown)


def _footer(rec: Record, numbered: list[tuple[int, Block]], dropped: Dropped | None) -> Text:
    roles: Counter[str] = Counter(b.role for _, b in numbered)
    removed = Counter(b.why for _, b in numbered if b.role in _REMOVED)
    related = len(rec.sections) or len({b.part for _, b in numbered if b.part})
    top = ", ".join(f"{why} {n}" for why, n in removed.most_common(8))
    header = roles["title"] + roles["byline"] + roles["dateline"]
    return Text(
        f"{len(numbered)} lines: kept {roles['body']} prose, {header} header, "
        f"{roles['link']} link; removed {sum(removed.values())}"
        + (f" ({top})" if top else "")
        + (
            f"; produces 1 article + {related} related"
            if rec.text or rec.title or related
            else "; produces nothing: strip rejects the page, every line is furniture"
        )
        + (f"; the HTML engine dropped {_count(dropped)}" if dropped else ""),
        style="bold",
    )
