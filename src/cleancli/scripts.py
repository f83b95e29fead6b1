"""Writing systems that put no spaces between words: how their words are counted and compared.

Chinese and Japanese (Han ideographs and kana) are counted a character a word, the convention
of word processors for these scripts (a Chinese word is one to two characters, so the count is
the text's length in characters, not a segmenter's words). Near-duplicate detection reads
single characters of these scripts, and of Thai, Lao, Khmer and Myanmar, as its tokens: a
character 5-gram is as specific in them as a word 5-gram is in English, where a run of such a
script read as one "word" made a paragraph one token and hid every edit. Korean (Hangul) puts
spaces between words and is read as other scripts are.
"""

from __future__ import annotations

import re
from typing import Final

#: Kana and CJK ideographs (with extension A and compatibility ones), as a character class's
#: ranges; `cleaning.lines.words` counts them in pairs.
KANA_AND_HAN: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: The same and halfwidth katakana.
_IDEOGRAPHIC: Final = KANA_AND_HAN + "\uff66-\uff9f"
#: CJK symbols and punctuation, fullwidth punctuation: never words.
_CJK_MARKS: Final = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
#: Thai, Lao, Myanmar, Khmer: no spaces between words, and no segmenter here.
_SOUTHEAST_ASIAN: Final = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_CJK: Final = re.compile(f"[{_IDEOGRAPHIC}{_CJK_MARKS}]")
_COUNTED: Final = re.compile(f"[{_IDEOGRAPHIC}]|[^\\s{_IDEOGRAPHIC}{_CJK_MARKS}]+")
_TOKEN: Final = re.compile(
    f"[{_IDEOGRAPHIC}{_SOUTHEAST_ASIAN}]|[^\\W_{_IDEOGRAPHIC}{_SOUTHEAST_ASIAN}]+"
)


def count_words(text: str) -> int:
    """Words in a text: runs of non-space characters, each Han or kana character one word.

    A text with none of those characters (nor CJK punctuation) counts as `len(text.split())`.
    """
    if text.isascii() or _CJK.search(text) is None:  # most texts: split in C
        return len(text.split())
    return len(_COUNTED.findall(text))


def tokens(text: str) -> list[str]:
    """A text's tokens for comparing texts: runs of letters and digits (no underscore, no
    punctuation), each character of a script written without spaces a token of its own."""
    return _TOKEN.findall(text)


_UNSPACED_LETTER: Final = re.compile(f"[{_IDEOGRAPHIC}{_SOUTHEAST_ASIAN}]")
_LETTER: Final = re.compile(r"[^\W\d_]")


def mostly_unspaced(text: str, share: float = 0.5) -> bool:
    """Whether at least `share` of a text's letters are of scripts written without spaces
    (Chinese, Japanese, Thai …), whose lines have none of the word shapes Latin lines have."""
    if text.isascii():
        return False
    unspaced = len(_UNSPACED_LETTER.findall(text))
    return unspaced > 0 and unspaced >= share * len(_LETTER.findall(text))
