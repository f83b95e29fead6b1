"""Duplicate detection that keeps only hashes, so memory grows with distinct stories, not text."""

from __future__ import annotations

import hashlib
import re
from typing import Final

_NOT_WORD: Final = re.compile(r"[\W_]+")


def text_key(text: str) -> bytes | None:
    """A digest of the words of a text, blind to case, punctuation and spacing; None if empty."""
    words = _NOT_WORD.sub(" ", text.casefold()).split()
    if not words:
        return None
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()


class ExactDeduper:
    """Remembers the first record id seen for each text digest."""

    def __init__(self) -> None:
        self._first: dict[bytes, str] = {}

    def first_of(self, text: str, record_id: str) -> str | None:
        """The id of an earlier record with the same text, or None (and remember this one)."""
        digest = text_key(text)
        if digest is None:
            return None
        earlier = self._first.setdefault(digest, record_id)
        return None if earlier == record_id else earlier
