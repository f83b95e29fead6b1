"""The quick test before a rule's search never turns away a line the rule matches."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleancli.literals import Prefiltered, fold_case, needles
from cleancli.profiles import builtin_profiles


def _builtin_patterns() -> list[tuple[str, int]]:
    found = []
    for profile in builtin_profiles():
        for rule in profile.rules:
            found += [(p, re.IGNORECASE) for p in (*rule.patterns, *rule.inline)]
        found += [(s, re.IGNORECASE | re.MULTILINE) for s in profile.signatures]
    return found


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bdownload\b.{0,60}\bapp\b", {"download"}),
        (r"all rights reserved\.?$", {"all rights reserved"}),
        (r"\b(?:delivered|sent) to your inbox\b", {" to your inbox"}),
        (r"(?:photo|image)s?:", {"photo", "image"}),
        (r"(?:ab)+xy", {"ab"}),
        (r"\bA(?-i:SOURCE) [A-Z]", {"source"}),
        (r"Straße", {"strasse"}),
    ],
)
def test_needles_are_the_words_a_match_needs(pattern: str, expected: set[str]) -> None:
    assert needles(pattern, re.IGNORECASE) == expected


@pytest.mark.parametrize("pattern", [r"\d+ min read", r"(?:photo)?\s+", r"[a-z]{3}", r"(?:a|)b*"])
def test_a_pattern_that_needs_no_word_is_always_searched(pattern: str) -> None:
    found = needles(pattern, re.IGNORECASE)
    assert found is None or all(fold_case(n) in fold_case(pattern) for n in found)
    if found is None:
        assert Prefiltered(pattern, re.IGNORECASE).may_match("")


def test_every_letter_re_takes_for_a_needles_letter_folds_to_it() -> None:
    """Case-insensitive matching in `re` pairs letters that casefolding alone would not (ı
    and i); every built-in pattern's letters are checked against all of Unicode."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    letters = {ch for pattern, _ in _builtin_patterns() for ch in pattern if ch.isalpha()}
    for letter in sorted(letters):
        for twin in re.findall(re.escape(letter), every, re.IGNORECASE):
            assert fold_case(letter) in fold_case(twin), (letter, twin)


_LINE_CHARS = st.sampled_from(
    [*"aeioustnrlpdhy ©:.()|-0123456789", "ı", "İ", "ſ", "K", "ß", "SOURCE ", "app "]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.one_of(_LINE_CHARS, st.text(max_size=3)), max_size=40), k=st.data())
def test_prefiltered_search_finds_what_re_finds(pieces: list[str], k: st.DataObject) -> None:
    patterns = _builtin_patterns()
    pattern, flags = patterns[k.draw(st.integers(0, len(patterns) - 1))]
    needed = needles(pattern, flags)
    # A line holding one of the pattern's words, in a random case, among random pieces.
    if needed:
        word = sorted(needed)[k.draw(st.integers(0, len(needed) - 1))]
        pieces.insert(
            k.draw(st.integers(0, len(pieces))), word.upper() if k.draw(st.booleans()) else word
        )
    line = "".join(pieces)
    quick = Prefiltered(pattern, flags)
    expected = re.compile(pattern, flags)
    got, want = quick.search(line), expected.search(line)
    assert (got and got.span()) == (want and want.span())
    assert quick.sub("", line) == expected.sub("", line)
