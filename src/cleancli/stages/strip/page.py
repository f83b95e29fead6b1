"""A page's lines as strip holds them: each line's text, role and rule, and the queries every
pass asks of them (the content lines, links, what the line model took out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleancli.cleaning.lines import fold, page_lines_of, reflow
from cleancli.cleaning.rulesets import LINK_TAIL, RuleSet
from cleancli.record import Block, Record
from cleancli.stages.strip.shapes import Line, cut_crawler_header, mark

if TYPE_CHECKING:
    from collections.abc import Iterable


def page_lines(rec: Record) -> list[str]:
    """The page as lines: from its blocks once stripped, so stripping again changes nothing."""
    if rec.blocks:
        return [b.text for b in rec.blocks]
    return page_lines_of(rec.text)


class PageLines:
    """A page's lines as strip holds them: each line's text, role and rule, and the queries every
    pass asks of them (the content lines, links, what the line model took out)."""

    def __init__(self, raw_lines: list[str], rules: RuleSet, *, rejoin: bool = True) -> None:
        self.lines = [Line(fold(raw)) for raw in raw_lines]
        self.raw = raw_lines
        self.rules = rules
        self.rejoin = rejoin  # off when each line is one of the HTML's blocks
        #: The last line that is not blank: where a dump cut at a size limit stops.
        self.last = max((i for i, line in enumerate(self.lines) if line.text), default=-1)
        self._cut_crawler_header()
        #: The line model's probability of furniture for each line with text, when it ran.
        self.odds: dict[int, float] = {}
        self.cut = 1.0
        #: The lines the line model takes out (if the rules would keep them).
        self.drops: set[int] = set()

    def _cut_crawler_header(self) -> None:
        texts = cut_crawler_header([line.text for line in self.lines])
        for line, text in zip(self.lines, texts, strict=True):
            line.text = text

    def model_drops(self, i: int, part: int) -> bool:
        """Mark line `i` furniture if the line model takes it out; whether it did."""
        if i not in self.drops:
            return False
        mark(self.lines[i], "furniture", "line-model", part)
        return True

    def _texts_after(self, i: int) -> list[str]:
        return [line.text for line in self.lines[i + 1 :] if line.text]

    def is_link_marker(self, text: str) -> bool:
        """Whether a rule reads `text` as a "Read more" link, with a trailing ".", "…" or
        arrow ("Read more »") or not."""
        verdict = self.rules.verdict(text)
        if verdict is None and text[-1:] in LINK_TAIL:
            verdict = self.rules.line_verdict(text.rstrip(LINK_TAIL))
        return verdict is not None and verdict.role == "link-marker"

    def content(self, indices: Iterable[int]) -> list[int]:
        """Indices of lines no context-free rule has claimed."""
        return [i for i in indices if self.lines[i].role is None]

    def _next_content(self, indices: list[int], at: int) -> str | None:
        return self.lines[indices[at + 1]].text if at + 1 < len(indices) else None

    def _drop(self, indices: list[int], why: str, part: int) -> list[int]:
        for i in indices:
            mark(self.lines[i], "furniture", why, part)
        return []

    def render(self, part: int, indices: Iterable[int]) -> str:
        """The prose of one article, from its lines among `indices`; lines that carry on the
        sentence above say so in `why`."""
        body = [
            line
            for line in map(self.lines.__getitem__, indices)
            if line.part == part and line.role == "body"
        ]
        joined: list[bool] = []
        texts = (self.rules.clean_inline(line.text) for line in body)
        paragraphs = reflow(texts, joined, rejoin=self.rejoin)
        for line, join in zip(body, joined, strict=True):
            if join:
                line.why = "prose-joined-to-line-above"
        return "\n\n".join(paragraphs)

    def blocks(self) -> tuple[Block, ...]:
        return tuple(
            Block(raw.rstrip("\r"), line.role, line.why, line.part)
            if line.role is not None
            else Block(raw.rstrip("\r"), "furniture", "unclassified", line.part)
            for raw, line in zip(self.raw, self.lines, strict=True)
        )
