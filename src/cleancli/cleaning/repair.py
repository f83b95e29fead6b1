"""Text repair that needs a library: mojibake undone by ftfy, only where it shows.

ftfy costs about a millisecond a page, so it runs only on text that carries the marks of UTF-8
read as Latin-1 or Windows-1252 ("Ã©", "â€™", "Â ").
"""

from __future__ import annotations

import re
from typing import Final

_MOJIBAKE: Final = re.compile("[ÃÂâ][\u0080-\u00bf€™œžŸ‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜š›]|ï¿½")


def fix_mojibake(text: str) -> str:
    """`text` with mojibake undone; an ASCII text (which cannot hold it) as it is."""
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    import ftfy

    return str(ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False))
