"""Lines a corpus repeats on many pages, written as a profile a person can review.

Page chrome is what a site prints on every page; the same idea as cc_net's removal of paragraphs
seen in many documents of a shard. The first pass counts, for each distinct short line, on how
many pages it appears, keeping an 8-byte hash per line and nothing else; the second pass reads
the inputs again to recover the text of the lines that passed the threshold. Lines the built-in
rules already remove are left out, so the profile holds only what is new.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from cleancli.cleaning.lines import fold
from cleancli.cleaning.rulesets import select
from cleancli.cleaning.siterepeats import candidates, headline_like
from cleancli.errors import UsageError
from cleancli.record import Record
from cleancli.stages.strip import reads_as_header, strip_record

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from cleancli.inputs.parts import Part
    from cleancli.options import Options, Plan
    from cleancli.record import Item

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_ESCAPED: Final = re.compile('[\\\\"\x00-\x1f\x7f]')


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters (DEL too)
    escaped, everything else as it is (TOML files are UTF-8)."""
    return '"' + _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + '"'


_REVIEW: Final = "; review: reads as a headline"


@dataclass(frozen=True, slots=True)
class Learned:
    pages: int
    threshold: int
    lines: list[tuple[str, int]]  # text, pages it appears on; most frequent first

    def to_toml(self, name: str) -> str:
        head = [
            f"# Learned by `cleancli learn` from {self.pages} pages: lines seen on at least",
            f"# {self.threshold} of them that the built-in rules do not already remove.",
            "# Review before use: each line is removed wherever it stands as a whole line.",
            "",
            "[profile]",
            f"name = {toml_string(name)}",
            "",
            "[[rules]]",
            'name = "repeated-line"',
            'role = "furniture"',
            "lines = [",
        ]
        body = [
            f"  {toml_string(text)},  # {n} pages" + (_REVIEW if headline_like(text) else "")
            for text, n in self.lines
            if not _SURROGATE.search(text)  # bytes that were not text: no TOML string holds them
        ]
        return "\n".join([*head, *body, "]", ""])


def count(items: Iterable[Item]) -> tuple[Counter[bytes], int]:
    """On how many pages each candidate line appears (by digest), and how many pages there were."""
    seen: Counter[bytes] = Counter()
    pages = 0
    for item in items:
        if isinstance(item, Record):
            pages += 1
            seen.update(candidates(item.text).keys())
    return seen, pages


def threshold(pages: int, min_pages: int, min_share: float) -> int:
    """Pages a line must appear on: `min_pages`, and `min_share` of all pages."""
    return max(min_pages, int(min_share * pages + 0.999))


def recover(
    items: Iterable[Item], frequent: set[bytes], *, auto_profiles: bool = True
) -> dict[bytes, str | None]:
    """The text of each frequent digest where it first appears, or None where the built-in
    rules already remove that line (so the profile need not) or strip reads it as an article's
    dateline or byline ("2 days ago", "By Jane Doe" recur on many pages and are no furniture;
    nor is the outlet's name a site prints under every headline, which strip reads as its
    publisher). Only the pages a frequent line first appears on are stripped."""
    found: dict[bytes, str | None] = {}
    for item in items:
        if isinstance(item, Record):
            header: set[str] | None = None  # the page's bylines and datelines, once needed
            for digest, line in candidates(item.text).items():
                if digest in frequent and digest not in found:
                    rules = select(item.text, item.site, auto=auto_profiles)
                    known = rules.verdict(line) is not None or reads_as_header(line)
                    if not known:
                        header = _header_lines(item, auto_profiles) if header is None else header
                        known = line in header
                    found[digest] = None if known else line
        if len(found) == len(frequent):
            break
    return found


def _header_lines(rec: Record, auto_profiles: bool) -> set[str]:
    """The lines strip reads as a page's bylines and datelines, folded as `candidates` folds."""
    stripped = strip_record(rec, auto_profiles=auto_profiles)
    if not isinstance(stripped, Record):
        return set()
    return {fold(b.text) for b in stripped.blocks if b.role in ("byline", "dateline")}


def learned(
    pages: int, limit: int, frequent: dict[bytes, int], parts: Iterable[dict[bytes, str | None]]
) -> Learned:
    """Reduce: the first part that saw a line decides its text; most frequent lines first."""
    texts: dict[bytes, str | None] = {}
    for found in parts:
        for digest, line in found.items():
            texts.setdefault(digest, line)
    lines = [(line, frequent[d]) for d, line in texts.items() if line is not None]
    return Learned(pages, limit, sorted(lines, key=lambda tn: (-tn[1], tn[0])))


def learn(
    read: Callable[[], Iterable[Item]],
    *,
    min_pages: int = 3,
    min_share: float = 0.2,
    auto_profiles: bool = True,
) -> Learned:
    """Two passes over `read()`: count digests, then recover the text of the frequent ones."""
    seen, pages = count(read())
    limit = threshold(pages, min_pages, min_share)
    frequent = {digest: n for digest, n in seen.items() if n >= limit}
    found = recover(read(), set(frequent), auto_profiles=auto_profiles) if frequent else {}
    return learned(pages, limit, frequent, [found])


# --- over a Dask cluster --------------------------------------------------------------------


def _count_part(part: Part, options: Options, plan: Plan) -> tuple[Counter[bytes], int]:
    from cleancli.engines.dask_cluster import part_records

    return count(part_records(part, options, plan))


def _recover_part(
    part: Part, frequent: set[bytes], options: Options, plan: Plan
) -> dict[bytes, str | None]:
    from cleancli.engines.dask_cluster import part_records

    return recover(part_records(part, options, plan), frequent, auto_profiles=options.auto_profiles)


def learn_dask(
    inputs: list[str], options: Options, plan: Plan, *, min_pages: int, min_share: float
) -> Learned:
    """`learn` as two maps and two reduces: line digests counted per part and summed, then the
    text of the frequent ones recovered per part and merged in input order."""
    from cleancli.engines.dask_cluster import client, parts

    if "-" in inputs:
        raise UsageError("--engine dask reads files, not stdin: its tasks open the inputs")
    with client(plan.scheduler, plan.jobs or 1) as dask_client:
        dask: Any = importlib.import_module("dask")  # untyped; present once client() has checked
        _, shares = parts(dask, dask_client, inputs, plan)
        counted = dask.compute(
            *[dask.delayed(_count_part)(p, options, plan) for p in shares], scheduler=dask_client
        )
        seen: Counter[bytes] = Counter()
        pages = 0
        for part_seen, part_pages in counted:
            seen.update(part_seen)
            pages += part_pages
        limit = threshold(pages, min_pages, min_share)
        frequent = {digest: n for digest, n in seen.items() if n >= limit}
        found = dask.compute(
            *[dask.delayed(_recover_part)(p, set(frequent), options, plan) for p in shares],
            scheduler=dask_client,
        ) if frequent else ()  # fmt: skip
    return learned(pages, limit, frequent, found)
