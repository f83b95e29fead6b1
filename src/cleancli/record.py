"""The records that flow between stages: articles, related articles and rejects.

Records are frozen so a stage can never change what an earlier stage handed on; stages build new
ones with `dataclasses.replace`. Their JSON form, and its validation, is in `schema`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

from cleancli.scripts import count_words

if TYPE_CHECKING:
    from collections.abc import Iterator

Role = Literal[
    "body",
    "title",
    "byline",
    "dateline",
    "furniture",
    "related-marker",
    "related",
    "link",
    "blank",
]
ROLES: Final[frozenset[str]] = frozenset(Role.__args__)  # type: ignore[attr-defined]
Kind = Literal["article", "related"]
#: How much of a date the page stated.
Precision = Literal["year", "month", "day", "hour", "minute", "second"]
PRECISIONS: Final = get_args(Precision)
#: How a page's text breaks into lines: as a scraper left it ("lines": a paragraph may be broken
#: across several), or one block element of the HTML per line ("blocks": never rejoined).
Layout = Literal["lines", "blocks"]
LAYOUTS: Final = get_args(Layout)
KINDS: Final[frozenset[str]] = frozenset(("article", "related"))
PREVIEW_CHARS: Final = 200


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the page with the role strip gave it and the rule that decided (`why`).

    `part` is 0 for the page's own article and k for the k-th embedded related article.
    """

    text: str
    role: Role
    why: str = ""
    part: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """The parsed header of one embedded related article, found by strip and cut out by split."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    published_raw: str | None = None
    published_precision: Precision | None = None
    published_zone_assumed: bool | None = None
    links: tuple[Link, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    source: str
    kind: Kind = "article"
    parent_id: str | None = None
    title: str | None = None
    text: str = ""
    publisher: str | None = None
    site: str | None = None
    url: str | None = None
    published: str | None = None
    published_raw: str | None = None
    #: how much of `published` the page stated: year, month, day, hour, minute or second
    published_precision: Precision | None = None
    #: True when the page showed a time of day without a zone and UTC was assumed
    published_zone_assumed: bool | None = None
    lang: str | None = None
    links: tuple[Link, ...] = ()
    duplicate_of: str | None = None
    #: When the page was fetched (ISO 8601), if the input says; relative dates resolve against it.
    fetched: str | None = None
    layout: Layout = "lines"
    #: Input fields cleancli has no slot for, carried along untouched.
    meta: dict[str, Any] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()

    @property
    def word_count(self) -> int:
        """Words in `text`, each Han or kana character one (`scripts.count_words`)."""
        return sum(count_words(piece) for piece in pieces(self.text))


#: The stage of a Reject that is no failure: an input that holds no page (a WARC record of an
#: image or a redirect). Counted as skipped, not rejected, and not an error under --strict.
SKIPPED: Final = "skip"


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not become a record, with the stage that refused it and why."""

    source: str
    stage: str
    reason: str
    preview: str = ""


Item = Record | Reject


#: Long texts are worked on in pieces of about this many characters, so that a list of a
#: 30 MB page's words never exists at once.
PIECE: Final = 1 << 20


def pieces(text: str, size: int = PIECE) -> Iterator[str]:
    """`text` in consecutive pieces of about `size` characters, each cut just after
    whitespace, so no word is split across two pieces."""
    start = 0
    while len(text) - start > size:
        cut = start + size
        while cut < len(text) and not text[cut].isspace():
            cut += 1
        yield text[start:cut]
        start = cut
    yield text[start:]


def make_id(*parts: str) -> str:
    """A stable id from where a record came from, so reruns give the same ids."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=8)
    return digest.hexdigest()


def preview(data: str | bytes) -> str:
    if isinstance(data, bytes):
        data = data[: PREVIEW_CHARS * 4].decode("utf-8", "replace")
    text = " ".join(data.split())
    return text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")
