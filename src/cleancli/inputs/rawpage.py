"""A page as an input gives it, before extract reads it: its bytes and what is known of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page as read: where it came from, its bytes, and how to read them."""

    source: str
    data: bytes
    format: Literal["text", "jsonl", "html"]
    url: str | None = None
    #: When a crawler fetched the page (WARC-Date): relative dates resolve against it.
    fetched: str | None = None
    #: The charset the server declared (HTTP Content-Type), trusted before the page's own.
    charset: str | None = None
    #: Where the page sits inside its input, whatever the input's name: a JSONL line number or
    #: a WARC record's offset ("" for a whole file). Part of the record's id.
    place: str = ""
