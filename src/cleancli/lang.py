"""Language of a record's prose, by CLD2: offline, about 0.06 ms a page, no model to fetch.

Measured on eval/dev (97 records in 8 languages): CLD2 and py3langid both 100% right; CLD2 at
0.06 ms a record against 12.7 ms, and 3 ms to import against 145 ms.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Final

#: Below this many letters a guess is a coin toss; the record's language stays unknown.
MIN_LETTERS: Final = 40
_LETTER: Final = re.compile(r"[^\W\d_]")
#: CLD2 reads this much of a text: enough to be sure, and its cost grows with length.
_SAMPLE: Final = 4000


def detect(text: str) -> str | None:
    """An ISO 639-1 code, or None when the text is too short or CLD2 is not sure."""
    if sum(1 for _ in islice(_LETTER.finditer(text, 0, 2000), MIN_LETTERS)) < MIN_LETTERS:
        return None
    import pycld2

    try:
        reliable, _, found = pycld2.detect(text[:_SAMPLE].encode("utf-8", "replace"))
    except pycld2.error:
        return None
    code = str(found[0][1])
    return code if reliable and code != "un" else None
