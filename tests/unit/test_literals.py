"""The quick test before a rule's search never turns away a line the rule matches."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleancli.cleaning.literals import Prefiltered, first_char, first_chars, fold_case, needles
from cleancli.cleaning.patterns import FirstCharDispatch
from cleancli.cleaning.profiles import builtin_profiles


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


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^(?:share|send|post)(?: this)?", {"s", "p"}),
        (r"^webvtt\b", {"w"}),
        (r"^(?:©|\(c\)|copyright\b)\s*", {"©", "(", "c"}),
        (r"^(?=.{3,9}$)straße", {"s"}),
        (r"^[^|]{1,30}", None),  # a negated class
        (r"^(?:the )?live", None),  # an optional start
        (r"^\S+ said", None),
    ],
)
def test_first_chars_are_those_a_match_may_begin_with(pattern: str, expected: set[str]) -> None:
    assert first_chars(pattern, re.IGNORECASE) == (None if expected is None else expected)


def test_every_letter_re_takes_for_a_first_char_folds_to_it() -> None:
    """A line's first letter is looked up folded: every letter `re` pairs with a built-in
    anchored pattern's first letter, ignoring case, folds to that same first letter."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    firsts: set[str] = set()
    for pattern, flags in _builtin_patterns():
        if pattern.startswith("^"):
            firsts |= first_chars(pattern, flags) or set()
    for letter in sorted(ch for ch in firsts if ch.isalpha()):
        for twin in re.findall(re.escape(letter), every, re.IGNORECASE):
            assert first_char(twin) == letter, (letter, twin)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.one_of(_LINE_CHARS, st.text(max_size=3)), max_size=12))
def test_rules_tried_by_first_character_give_the_whole_alternations_verdict(
    pieces: list[str],
) -> None:
    anchored = [(k, p) for k, (p, _) in enumerate(_builtin_patterns()) if p.startswith("^")]
    dispatch = FirstCharDispatch(anchored)
    every = re.compile("|".join(f"(?P<r{k}>{p})" for k, p in anchored), re.IGNORECASE)
    line = "".join(pieces)
    for start in ("", "share ", "Copyright 2025 ", "WEBVTT ", "By ", "ı", "İ", "K"):
        got, want = dispatch.match(start + line), every.match(start + line)
        assert (got and got.lastgroup) == (want and want.lastgroup)


def test_no_needle_is_only_spaces() -> None:
    """A space is in every line of two words: as a needle it would let every line through."""
    assert needles(r"[A-Z]\w+(?: [A-Z]\w+){1,3}/x", re.IGNORECASE) == {"/x"}
    for pattern, flags in _builtin_patterns():
        assert all(n.strip() for n in needles(pattern, flags) or ()), pattern
