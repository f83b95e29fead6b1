"""Duplicate detection that keeps only hashes, so memory grows with distinct stories, not text.

A record's key is computed where the record is made (a worker process, a Dask task); deciding
which record came first needs only the keys, in input order, so the record kept is always the
first in input order, however the work was spread.

- exact: a 64-bit digest of the record's words (case, punctuation and spacing ignored).
- near: a 128-value MinHash of its word 5-grams (rensa: measured 50x faster than datasketch and
  as accurate, see EVAL.md), found through LSH bands and confirmed by the estimated Jaccard.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from functools import cache
from typing import TYPE_CHECKING, Final, Protocol

from cleancli.record import pieces
from cleancli.scripts import tokens

if TYPE_CHECKING:
    from cleancli.options import Dedup

#: A word as dedup sees it: a run of letters and digits (no underscore, no punctuation).
_WORD: Final = re.compile(r"[^\W_]+")
_HEX: Final = re.compile("[0-9a-f]+")
#: Near duplicates are compared by their sets of word 5-grams.
SHINGLE: Final = 5
PERMS: Final = 128
_SEED: Final = 1
#: What a record is compared by: a digest (exact) or a MinHash signature (near), as bytes.
DedupKey = bytes


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


#: ASCII letters and digits to themselves (capitals to small), every other byte to a space.
_ASCII_WORD_BYTES: Final = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)


def _joined_words(text: str) -> bytes:
    """`_words(text)` joined by single spaces, as UTF-8; an ASCII text (most pages) is read by
    `bytes.translate` and `split` in C, the same words at a fraction of the regex's cost."""
    if text.isascii():
        return b" ".join(text.encode("ascii").translate(_ASCII_WORD_BYTES).split())
    return " ".join(_words(text)).encode()


def text_key(text: str) -> bytes | None:
    """A digest of the words of a text, blind to case, punctuation and spacing; None if empty.

    Hashed a piece at a time, so a huge page never becomes one list of its words.
    """
    digest = hashlib.blake2b(digest_size=8)
    empty = True
    for piece in pieces(text):
        joined = _joined_words(piece)
        if joined:
            digest.update(joined if empty else b" " + joined)
            empty = False
    return None if empty else digest.digest()


def shingles(text: str, n: int = SHINGLE) -> list[str]:
    """The text's n-grams of tokens (`scripts.tokens`: words, and single characters of scripts
    written without spaces), case-folded; a shorter text is one gram."""
    words = tokens(text.casefold())
    if len(words) <= n:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


def signature(text: str) -> bytes | None:
    """The MinHash of a text's word 5-grams: PERMS 32-bit values; None if it has no words."""
    grams = shingles(text)
    if not grams:
        return None
    from rensa import RMinHash

    minhash = RMinHash(num_perm=PERMS, seed=_SEED)
    minhash.update(grams)
    return array("I", minhash.digest()).tobytes()


def key_bytes(mode: Dedup) -> int:
    """How long every key of `mode` is."""
    return {"none": 0, "exact": 8, "near": PERMS * 4}[mode]


def dedup_key(text: str, mode: Dedup) -> DedupKey | None:
    """The key a record is deduplicated by under `mode`; None when it takes no part."""
    if mode == "exact":
        return text_key(text)
    if mode == "near":
        return signature(text)
    return None


class Deduper(Protocol):
    def first_of(self, key: DedupKey | None, record_id: str) -> str | None: ...


class _Table:
    """A hash table of 64-bit keys to 64-bit values in two flat arrays (open addressing): about
    23 bytes an entry at its fullest, where a dict of Python ints takes about 110."""

    _LOAD: Final = 0.7

    def __init__(self) -> None:
        self._keys = array("Q", bytes(8 * 1024))
        self._values = array("Q", bytes(8 * 1024))
        self._used = 0

    def _slot(self, key: int) -> int:
        keys, mask = self._keys, len(self._keys) - 1
        slot = key & mask
        while (found := keys[slot]) != 0 and found != key:
            slot = (slot + 1) & mask
        return slot

    def get(self, key: int) -> int | None:
        slot = self._slot(key)
        return self._values[slot] if self._keys[slot] else None

    def bump(self, key: int) -> int:
        """Add one to the count kept for `key` (0 when new); the count before."""
        slot = self._slot(key)
        if self._keys[slot]:
            before = self._values[slot]
            self._values[slot] = before + 1
            return before
        self.setdefault(key, 1)
        return 0

    def setdefault(self, key: int, value: int) -> int | None:
        """The value stored for `key`, or None after storing `value` for it. Keys must not be
        0, which marks a free slot."""
        slot = self._slot(key)
        if self._keys[slot]:
            return self._values[slot]
        self._keys[slot], self._values[slot] = key, value
        self._used += 1
        if self._used > self._LOAD * len(self._keys):
            old = zip(self._keys, self._values, strict=True)
            self._keys = array("Q", bytes(16 * len(self._keys)))
            self._values = array("Q", bytes(8 * len(self._keys)))
            for k, v in old:
                if k:
                    self._keys[slot := self._slot(k)], self._values[slot] = k, v
        return None


class ExactDeduper:
    """The first record id seen for each digest. cleancli's own ids (16 hex digits) are kept as
    integers in a flat table; other ids (given in the input) in a dict."""

    def __init__(self) -> None:
        self._table = _Table()
        self._named: dict[int, str] = {}

    def first_of(self, key: DedupKey | None, record_id: str) -> str | None:
        """The id of an earlier record with the same key, or None (and remember this one)."""
        if key is None:
            return None
        digest = int.from_bytes(key) or 1
        named = self._named.get(digest)
        if named is not None:
            return named
        compact = compact_id(record_id)
        if isinstance(compact, str):
            earlier = self._table.get(digest)
            if earlier is None:
                self._named[digest] = compact
        else:
            earlier = self._table.setdefault(digest, compact)
        return None if earlier is None else f"{earlier:016x}"


class IdSet:
    """The ids of a run's records so far, so that one id is never written twice. cleancli's own
    ids are kept as integers in a flat table with how often each came (about 23 bytes an id),
    others in a dict."""

    def __init__(self) -> None:
        self._table = _Table()
        self._named: dict[str, int] = {}

    def claim(self, record_id: str) -> str:
        """The id to write for a record: its own the first time; for the n-th record with an id
        already written (the same page read again), one derived from it and n."""
        compact = compact_id(record_id)
        if isinstance(compact, str):
            seen = self._named.get(compact, 0)
            self._named[compact] = seen + 1
        else:
            seen = self._table.bump(compact or 1 << 63)
        if not seen:
            return record_id
        again = f"{record_id}\x1fagain\x1f{seen}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(again, digest_size=8).hexdigest()


def compact_id(record_id: str) -> int | str:
    """cleancli's own ids (16 hex digits) as an integer, a third of the memory; others as given."""
    if len(record_id) == 16 and _HEX.fullmatch(record_id):
        return int(record_id, 16)
    return record_id


@cache
def bands_for(threshold: float, perms: int = PERMS) -> tuple[int, int]:
    """LSH bands and rows per band whose S-curve best separates pairs above `threshold` from
    pairs below it (false positives and false negatives weighed alike)."""

    def area(b: int, r: int, lo: float, hi: float, *, above: bool) -> float:
        steps = 100
        total = 0.0
        for i in range(steps):
            s = lo + (hi - lo) * (i + 0.5) / steps
            p = 1 - (1 - s**r) ** b
            total += (1 - p if above else p) * (hi - lo) / steps
        return total

    best = min(
        (
            area(b, r, 0.0, threshold, above=False) + area(b, r, threshold, 1.0, above=True),
            b,
            r,
        )
        for b in range(1, perms + 1)
        for r in range(1, perms // b + 1)
    )
    return best[1], best[2]


class NearDeduper:
    """Records whose estimated word 5-gram Jaccard with an earlier kept record reaches the
    threshold are its duplicates. Per kept record it holds the signature (512 bytes), its id and
    one 64-bit key per LSH band in a flat table: about 1.2 KB."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.bands, self.rows = bands_for(threshold)
        self._buckets = _Table()  # band key -> the first kept record in that bucket
        self._more: dict[int, list[int]] = {}  # band key -> the others (rare: distinct records)
        self._signatures = array("I")  # the kept records' signatures, end to end
        self._ids: list[int | str] = []

    def _band_keys(self, key: DedupKey) -> list[int]:
        width = self.rows * 4
        keys = []
        for band in range(self.bands):
            digest = hashlib.blake2b(key[band * width : (band + 1) * width], digest_size=7)
            keys.append((band + 1) << 56 | int.from_bytes(digest.digest()))
        return keys

    def first_of(self, key: DedupKey | None, record_id: str) -> str | None:
        if key is None:
            return None
        values = array("I")
        values.frombytes(key)
        bands = self._band_keys(key)
        found: set[int] = set()
        for band in bands:
            first = self._buckets.get(band)
            if first is not None:
                found.add(first)
                found.update(self._more.get(band, ()))
        size = len(values)
        for index in sorted(found):
            kept = self._signatures[index * size : (index + 1) * size]
            same = sum(x == y for x, y in zip(values, kept, strict=True))
            if same / size >= self.threshold:
                earlier = self._ids[index]
                return earlier if isinstance(earlier, str) else f"{earlier:016x}"
        index = len(self._ids)
        self._ids.append(compact_id(record_id))
        self._signatures.extend(values)
        for band in bands:
            if self._buckets.setdefault(band, index) is not None:
                self._more.setdefault(band, []).append(index)
        return None


def make_deduper(mode: Dedup, threshold: float) -> Deduper | None:
    if mode == "exact":
        return ExactDeduper()
    if mode == "near":
        return NearDeduper(threshold)
    return None
