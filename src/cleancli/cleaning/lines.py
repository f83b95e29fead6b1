"""Line shapes and prose repair: the few text facts every cleaning rule leans on."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.memo import LineMemo
from cleancli.scripts import KANA_AND_HAN

if TYPE_CHECKING:
    from collections.abc import Iterable

_INVISIBLE: Final = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Characters that end a sentence, possibly followed by closing quotes or brackets.
_TERMINAL: Final = re.compile(r"""[.!?…:;。！？]["'”’»)\]」』）]*$|\.{3}$""")
# A quote that ends with a comma hands the sentence on to its attribution ("…,' he said.").
_HANDS_ON: Final = re.compile(r"""[,–—-]\s*["'”’»]?$""")
_OPENERS: Final = "\"'“‘«([¡¿"
_LETTER: Final = re.compile(r"[^\W\d_]")
_STATEMENT_END: Final = re.compile(r"""(?:[.!…。！]|\.\.\.)["'”’»)\]」』）]*\s*$""")
# Chinese and Japanese write without spaces: about two such characters make a word.
_UNSPACED: Final = re.compile(f"[{KANA_AND_HAN}]")
_TWO_SENTENCES: Final = re.compile(r"""[a-z0-9)][.!?]["'”’]?\s+["'“‘]?[A-Z]""")


def page_lines_of(text: str) -> list[str]:
    """A page's lines: split at \n, \r\n and \r only, never at the other characters
    `str.splitlines` breaks on (form feed, U+2028, U+0085), which pages use inside lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def fold(line: str) -> str:
    """Whitespace folded to single spaces, NFC, no invisible characters: the form rules see."""
    if line.isascii():  # most lines: already NFC, nothing invisible; fold only odd spacing
        if (
            "  " in line
            or "\t" in line
            or line[:1] == " "
            or line[-1:] == " "
            or not line.isprintable()
        ):
            return " ".join(line.split())
        return line
    if not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    if _INVISIBLE.search(line):
        line = _INVISIBLE.sub("", line)
    return " ".join(line.split())


def key(line: str) -> str:
    """Folded and case-folded: the form for comparing lines with each other and with profiles."""
    return fold(line).casefold()


def words(line: str) -> int:
    """Words in a folded line (single spaces between words, or pairs of CJK characters)."""
    if line.isascii():  # most lines, and the empty one
        return line.count(" ") + 1 if line else 0
    return line.count(" ") + 1 + len(_UNSPACED.findall(line)) // 2


def _unspaced(line: str) -> int:
    return 0 if line.isascii() else len(_UNSPACED.findall(line))


# A sentence's end and the quotes and brackets closing it fit in a line's last characters;
# searching only those keeps a long line's cost from growing with it.
_END: Final = 16


def ends_sentence(line: str) -> bool:
    return bool(_TERMINAL.search(line.rstrip()[-_END:]))


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a label, headline or name.

    Headlines can be long ("Revealed: … as Pep Guardiola eyes summer clearout") and end in a
    question mark, so length alone decides only past 25 words; below that a line is prose when
    it ends a sentence with a full stop, or holds two sentences. Every pass of strip asks this
    of the same lines, so the answers for lines of up to 400 characters are kept.
    """
    return _PROSE_MEMO(line)


def _is_prose(line: str) -> bool:
    n = words(line)
    if n >= 25:
        return True
    if n >= 6 and _STATEMENT_END.search(line[-_END:]):
        return True
    return n >= 10 and bool(_TWO_SENTENCES.search(line))


_PROSE_MEMO: Final = LineMemo(_is_prose, longest=400, size=50_000)


def is_headline(line: str) -> bool:
    """A short line that could be a title: not prose, not a sentence ending in a full stop."""
    n = words(line)
    if n == 0 or n > 30 or len(line) > 250:
        return False
    stripped = line.rstrip()
    return not (stripped.endswith(".") and not stripped.endswith("...")) and not is_prose(line)


def is_name(line: str) -> bool:
    """A short line that could name a publisher or an author: a few words, no sentence, and a
    letter at least (not "--- 1.2.3 ----")."""
    n = words(line)
    return (
        0 < n <= 6
        and len(line) <= 60
        and not ends_sentence(line)
        and not line.endswith("?")
        and _LETTER.search(line) is not None
    )


def _starts_lower(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if ch not in _OPENERS and not ch.isspace():
            return False
    return False


def continues(previous: str, line: str) -> bool:
    """Whether `line` carries on the sentence of `previous` rather than opening a paragraph.

    Scrapers break a paragraph where the page had inline markup (a quote in its own span, a
    link): the piece before is left without an ending, or the piece after starts in lower case.
    A short unfinished line followed by a capital is a subheading and stays apart.
    """
    return _continues(previous, previous, words(previous), line)


def _continues(tail: str, last: str, previous_words: int, line: str) -> bool:
    """`continues` from what it reads of the paragraph so far: its last characters, its last
    line and its word count, so that a paragraph of many lines costs no more than its size."""
    if _starts_lower(line) or _HANDS_ON.search(tail):
        return True
    if ends_sentence(last):
        return False
    if line[:1] in _OPENERS or _ends_on_glue(last):
        return True
    # A long unfinished line carries on into a capitalised piece of four or more words; a
    # shorter one (a list item, a name, a date, a caption) stands apart unless the line above
    # ended on a word that cannot end a sentence.
    return previous_words >= 8 and words(line) > 3 and not _title_case(last)


def _ends_on_glue(line: str) -> bool:
    """Whether a line ends on an article, preposition or conjunction: a sentence cut short."""
    last = line.rsplit(" ", 1)[-1].casefold()
    return last in _GLUE or last in _GLUE_ELSEWHERE


def _title_case(line: str) -> bool:
    """A line in Title Case, as headlines and names are written (three words or more, nearly
    all capitalised)."""
    tokens = [t for t in line.split(" ") if t[:1].isalpha()]
    return len(tokens) >= 3 and sum(t[:1].isupper() for t in tokens) >= 0.8 * len(tokens)


# `_HANDS_ON` matches at most three characters of folded text (a mark, a space, a quote); a
# sentence ending holds no space, so it lies within the paragraph's last line.
_TAIL: Final = 8


#: A list item is a short line: a few words, or a short sentence.
LIST_ITEM_WORDS: Final = 12


#: A table's row as extract writes tables: "| cell | cell |".
_TABLE_ROW: Final = re.compile(r"^\|.*\|$")


def is_table_row(line: str) -> bool:
    """A folded line that is a table's row ("| cell | cell |"): never prose, a headline, nor
    joined to its neighbours."""
    return bool(_TABLE_ROW.match(line))


def reflow(
    lines: Iterable[str], joined: list[bool] | None = None, *, rejoin: bool = True
) -> list[str]:
    """Paragraphs from body lines, re-joining sentences the scraper broke across lines.

    The items of a list (the short lines after a line ending with a colon) stay lines of their
    own, even in lower case.

    `joined`, when given, receives for each line whether it was joined to the one above. With
    `rejoin` off every line is a paragraph of its own, as when lines are the HTML's blocks.
    Time and memory are linear in the text.
    """
    paragraphs: list[str] = []
    pieces: list[str] = []  # the lines of the open paragraph, joined when it closes
    tail = ""  # the open paragraph's last `_TAIL` characters
    spaced = unspaced = 0  # its words, counted as `words` counts them in the joined text
    listing = False  # after a line ending with a colon: short lines are a list's items
    for raw in lines:
        line = fold(raw)
        if line and pieces and pieces[-1].endswith(":"):
            listing = True
        elif line and words(line) > LIST_ITEM_WORDS:
            listing = False
        join = bool(
            rejoin
            and line
            and pieces
            and not listing
            and not is_table_row(line)  # a table's rows stand apart, and so do
            and not is_table_row(pieces[-1])  # the lines around them
            and _continues(tail, pieces[-1], spaced + unspaced // 2, line)
        )
        if joined is not None:
            joined.append(join)
        if not line:
            continue
        if not join and pieces:
            paragraphs.append(" ".join(pieces))
            pieces, tail, spaced, unspaced = [], "", 0, 0
        pieces.append(line)
        tail = (f"{tail} {line[-_TAIL:]}" if tail else line)[-_TAIL:]
        spaced += line.count(" ") + 1
        unspaced += _unspaced(line)
    if pieces:
        paragraphs.append(" ".join(pieces))
    return paragraphs


# The same words in the other languages cleancli reads dates in: articles, prepositions and
# conjunctions a sentence cut short ends on.
_GLUE_ELSEWHERE: Final = frozenset(
    [
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "und", "oder", "mit", "von", "zu",
        "im", "für", "auf", "le", "la", "les", "un", "une", "du", "et", "ou", "avec", "pour",
        "dans", "sur", "el", "los", "las", "una", "del", "y", "con", "para", "en", "por", "il",
        "lo", "gli", "di", "e", "per", "nel", "della", "o", "os", "um", "uma", "do", "da", "dos",
        "com", "em", "no", "na", "het", "een", "met", "voor", "van", "op", "yang", "dan", "ke",
        "dari", "untuk", "dengan",
    ]
)  # fmt: skip
# Words a headline does not end on before its body starts ("… comments on son's spat with Trump").
_GLUE: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "but",
        "with",
        "at",
        "by",
        "from",
        "as",
        "into",
        "over",
        "after",
        "before",
        "about",
        "is",
        "are",
        "was",
        "were",
        "be",
        "his",
        "her",
        "their",
        "its",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "than",
    ]
)
# Words that open a body's first sentence even after a headline ending on a name ("… Easter The").
_OPENERS_OF_SENTENCES: Final = frozenset(("The", "A", "An", "This", "In", "On", "After", "When"))
# A wire dateline that opens a body: "SEATTLE (AP) —", "LONDON, May 3 (Reuters) -".
_WIRE_DATELINE: Final = re.compile(
    r"\b[A-Z][A-Z .'-]{2,}(?:,\s*[A-Z][\w .]{1,20})?\s*"
    r"\((?:AP|Reuters|AFP|UPI|dpa|Bloomberg)\)\s*[—–-]"
)


def split_headline(line: str) -> tuple[str, str] | None:
    """Cut a one-line "Headline Body…" item where the headline ends and the body begins.

    Digest pages glue a sentence-case headline to its first sentence. The cut goes before a wire
    dateline when there is one; else before the capitalised word that opens the longest run of
    capitalised words followed by a lower-case one (the subject of the first sentence), after a
    word a headline can end on. None when no cut leaves a plausible headline (3 to 20 words).
    """
    wire = _WIRE_DATELINE.search(line)
    if wire and 3 <= words(line[: wire.start()].strip()) <= 20:
        return line[: wire.start()].strip(), line[wire.start() :].strip()
    tokens = line.split(" ")
    best: tuple[int, int] | None = None  # (capitalised run length, position)
    for k in range(3, min(len(tokens) - 2, 21)):
        before, word = tokens[k - 1], tokens[k]
        starts_low = before[:1].islower() or before[:1].isdigit() or before[:1] in "'‘\""
        if before.casefold() in _GLUE or not (starts_low or word in _OPENERS_OF_SENTENCES):
            continue
        if not word[:1].isupper() or (word.isupper() and len(word) > 1):
            continue
        run = 0
        while k + run < len(tokens) and tokens[k + run][:1].isupper():
            run += 1
        if k + run >= len(tokens) or not tokens[k + run][:1].islower():
            continue
        if best is None or run > best[0]:
            best = (run, k)
    if best is None:
        return None
    k = best[1]
    return " ".join(tokens[:k]), " ".join(tokens[k:])


# "Headline | Site", "Headline - Site": a page title as browsers show it.
_SITE_SUFFIX: Final = re.compile(r"^(?P<title>.+?)\s+(?P<sep>\||::|»|-|–|—)\s+(?P<site>[^|»]+)$")


def _squash(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def split_site_suffix(title: str, known: Iterable[str | None] = ()) -> tuple[str, str | None]:
    """A headline and the site's name a page title ends with, if it ends with one.

    After "|" (or "::", "»") any short name is taken to be the site's; after a dash only a
    name in `known` (the publisher, the site, the host: compared without case, spaces or
    punctuation, a host by its name before the first dot), since a dash also joins two halves
    of a headline ("Brexit - what happens next"). The headline keeps three or more words.
    Returns (headline, site) or (title, None).
    """
    m = _SITE_SUFFIX.match(title)
    if m is None or words(m["title"]) < 3:
        return title, None
    site = m["site"].strip()
    names = {_squash(k) for k in known if k} | {
        _squash(k.split(".")[0]) for k in known if k and "." in k and " " not in k
    }
    if _squash(site) in names or (m["sep"] in ("|", "::", "»") and is_name(site)):
        return m["title"].strip(), site
    return title, None
