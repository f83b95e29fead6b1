"""Duplicate detection that keeps only hashes, so memory grows with distinct stories, not text.

A record's key is computed where the record is made (a worker process, a Dask task); deciding
which record came first needs only the keys, in input order.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cleancli.settings import Dedup

_NOT_WORD: Final = re.compile(r"[\W_]+")
#: What a record is compared by: a digest of its words (exact).
DedupKey = bytes


def text_key(text: str) -> bytes | None:
    """A digest of the words of a text, blind to case, punctuation and spacing; None if empty."""
    words = _NOT_WORD.sub(" ", text.casefold()).split()
    if not words:
        return None
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()


def dedup_key(text: str, mode: Dedup) -> DedupKey | None:
    """The key a record is deduplicated by under `mode`; None when it takes no part."""
    if mode == "none":
        return None
    return text_key(text)


class ExactDeduper:
    """Remembers the first record id seen for each key."""

    def __init__(self) -> None:
        self._first: dict[bytes, str] = {}

    def first_of(self, key: DedupKey | None, record_id: str) -> str | None:
        """The id of an earlier record with the same key, or None (and remember this one)."""
        if key is None:
            return None
        earlier = self._first.setdefault(key, record_id)
        return None if earlier == record_id else earlier
