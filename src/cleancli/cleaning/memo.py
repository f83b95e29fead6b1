"""Answers about short lines, remembered: menus and chrome recur from page to page of a site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


class LineMemo(Generic[T]):
    """`compute(line)`, remembered for lines of at most `longest` characters.

    At most `size` answers are kept; when full, all are dropped and remembering starts again,
    so memory stays bounded (about `size` times `longest` characters) whatever the input.
    Long lines are prose, seen once, and computed every time.
    """

    __slots__ = ("_compute", "_known", "_longest", "_size")

    def __init__(self, compute: Callable[[str], T], *, longest: int, size: int) -> None:
        self._compute = compute
        self._longest = longest
        self._size = size
        self._known: dict[str, T] = {}

    def __call__(self, line: str) -> T:
        if len(line) > self._longest:
            return self._compute(line)
        try:
            return self._known[line]
        except KeyError:
            pass
        if len(self._known) >= self._size:
            self._known.clear()
        found = self._known[line] = self._compute(line)
        return found
