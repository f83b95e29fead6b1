"""A progress bar on stderr for long runs, or nothing at all.

The bar counts bytes of input read against the size of the input files (walked once before the
run, keeping no list), and shows pages per second and the time left. It appears only when stderr
is a terminal (`Environment.progress`); otherwise the pages pass through untouched.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Final

from cleancli.inputs.packed import PACKED_SUFFIXES
from cleancli.inputs.paths import input_paths

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from rich.progress import Progress, Task
    from rich.text import Text

    from cleancli.cli.env import Environment
    from cleancli.inputs.rawpage import RawPage
    from cleancli.record import Item, Reject

#: Records between two reads of the files' positions: a system call per record would cost more
#: than reading it.
_EVERY: Final = 64


def _total_bytes(specs: list[str]) -> int | None:
    """The size of all inputs, or None when it cannot say (stdin, compressed files)."""
    total = 0
    for spec in specs:
        if spec == "-":
            return None
        for path in input_paths(spec):
            if path.suffix.lower() in PACKED_SUFFIXES:
                return None
            with contextlib.suppress(OSError):
                total += path.stat().st_size
    return total


def _rate_column() -> object:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class PagesPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            pages = task.fields.get("pages", 0)
            elapsed = task.elapsed or 0.0
            rate = pages / elapsed if elapsed > 0 else 0.0
            return Text(f"{pages} {task.fields.get('unit', 'pages')}, {rate:,.0f}/s")

    return PagesPerSecond()


def _bar(env: Environment) -> Progress:
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        _rate_column(),  # type: ignore[arg-type]
        TimeRemainingColumn(),
        console=env.console(stderr=True),
        transient=True,
    )


@contextlib.contextmanager
def tracked(
    env: Environment, specs: list[str], pages: Iterable[RawPage | Reject]
) -> Iterator[Iterable[RawPage | Reject]]:
    """The same pages, advancing a progress bar as they are read, when stderr is a terminal."""
    if not env.progress:
        yield pages
        return
    with _bar(env) as bar:
        task = bar.add_task("cleaning", total=_total_bytes(specs), pages=0)

        def advance() -> Iterator[RawPage | Reject]:
            for count, page in enumerate(pages, 1):
                bar.update(task, advance=len(getattr(page, "data", b"")), pages=count)
                yield page

        yield advance()


@contextlib.contextmanager
def tracked_records(
    env: Environment, items: Iterable[Item], total: int | None, position: Callable[[], int]
) -> Iterator[Iterable[Item]]:
    """The same records, advancing a progress bar by `position()`, the bytes read of the
    `total` (None: unknown, as for a pipe) the inputs hold as stored, when stderr is a
    terminal."""
    if not env.progress:
        yield items
        return
    with _bar(env) as bar:
        task = bar.add_task("reading", total=total, pages=0, unit="records")

        def advance() -> Iterator[Item]:
            for count, item in enumerate(items, 1):
                if total is not None and count % _EVERY == 0:
                    bar.update(task, completed=position())
                bar.update(task, pages=count)
                yield item

        yield advance()
