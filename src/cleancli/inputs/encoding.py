"""Bytes to text, careful rather than hopeful.

Order of trust: a byte-order mark, then what the page declares (the HTTP header's charset, then a
`<meta>` charset in the HTML's first bytes), then UTF-8, then charset-normalizer's guess, which is
imported only for pages that are neither declared nor UTF-8 (a page that is UTF-8 but for a few
stray bytes is UTF-8, the strays replaced). A declaration that does not decode
the bytes is ignored rather than believed: servers often send a stale charset. A single-byte
declaration decodes any bytes, so its text is checked too: when it reads as another script's
bytes taken for Latin-1 (mostly letters like Ã î ð, few plain ASCII ones) and charset-normalizer
names another encoding in which the page is a language, the page is read in that one. A
byte-order mark never costs data: a UTF-16 or UTF-32 text cut in its last character keeps the
rest, and a UTF-8 mark in front of bytes that are not UTF-8 is set aside for the other rules.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x">, or <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.IGNORECASE
)
_SNIFF: Final = 4096


class UnreadableError(ValueError):
    """Bytes that are not text in any encoding that fits them."""


def _codec(name: str | None) -> str | None:
    """A Python codec for a declared charset name; latin-1 read as cp1252, as browsers do.

    Only text encodings count: Python also knows `hex`, `base64`, `rot13` and `undefined`,
    which a page may name but no browser would decode it by.
    """
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        return None
    return "cp1252" if info.name in {"latin-1", "iso8859-1", "ascii"} else info.name


def _bom(data: bytes) -> tuple[str | None, bytes]:
    """The text a byte-order mark gives, if it does; else None and the bytes left to decode."""
    for bom, codec in _BOMS:
        if not data.startswith(bom):
            continue
        if codec != "utf-8-sig":  # a cut or broken character costs that character, not the page
            return data.decode(codec, "replace"), data
        try:
            return data.decode(codec), data
        except UnicodeDecodeError:
            return None, data[len(bom) :]
    return None, data


#: Markup and scripts, whose letters are ASCII whatever the page's charset.
_MARKUP: Final = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_PROBE: Final = 64 * 1024
_MIN_LETTERS: Final = 8
#: charset-normalizer's "chaos" (odd characters, %) above which its guess is no better: Greek in
#: cp1253, which it does not recognise, comes out as Cyrillic with about 4.
_MAX_CHAOS: Final = 2.0


def _misread(text: str) -> bool:
    """Whether text reads as another script's bytes taken for Latin-1 or cp1252: most of its
    letters in the Latin-1 supplement (Ã î ð), as Cyrillic, Greek, Hebrew or Arabic bytes give;
    Western text has a few there among many ASCII letters."""
    letters = [c for c in _MARKUP.sub(" ", text[:_PROBE]) if c.isalpha()]
    foreign = sum("\u00c0" <= c <= "\u00ff" for c in letters)
    return len(letters) >= _MIN_LETTERS and foreign > len(letters) / 2


def _second_opinion(data: bytes, codec: str) -> str | None:
    """The page in the encoding charset-normalizer names, when that is another one and the text
    in it is a language rather than more of the same mojibake."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or _codec(best.encoding) == codec:
        return None
    if best.language == "Unknown" or best.percent_chaos > _MAX_CHAOS:
        return None  # a guess no surer than the declaration: keep the declaration
    text = str(best)
    return None if _misread(text) else text


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


#: A page is taken for UTF-8 with a few stray bytes (a character cut by a crawler, a pasted
#: cp1252 quote) when it holds at least `_UTF8_MIN_WIDE` well-formed non-ASCII characters and
#: this many for each byte that is not UTF-8: text in a single-byte code page almost never holds
#: a well-formed UTF-8 sequence (a lead byte such as Ã followed by a continuation byte such as
#: ©), so a few of them say which encoding it is.
_UTF8_PER_STRAY: Final = 2
_UTF8_MIN_WIDE: Final = 4


#: When no code page fits a page, the share of its bytes that may be stray for it to be read as
#: UTF-8 all the same (a page of ASCII with a few bytes of binary noise).
_STRAY_SHARE: Final = 0.01


def _strays(text: str, data: bytes) -> int:
    """How many U+FFFD `text` (`data` decoded with replacement) holds that `data` did not."""
    return text.count("\ufffd") - data.count("\ufffd".encode())


def _mostly_utf8(data: bytes) -> str | None:
    """The page as UTF-8, each stray byte as U+FFFD (as a browser shows a UTF-8 page), when
    its well-formed non-ASCII characters outnumber its stray bytes `_UTF8_PER_STRAY` to one."""
    text = data.decode("utf-8", "replace")
    stray = _strays(text, data)
    wide = len(text) - len(text.encode("ascii", "ignore")) - stray
    return text if wide >= max(_UTF8_MIN_WIDE, _UTF8_PER_STRAY * stray) else None


def _guess(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if (text := _mostly_utf8(data)) is not None:
        return text
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        # no code page fits either: text that is UTF-8 but for a few bytes keeps the rest
        text = data.decode("utf-8", "replace")
        if _strays(text, data) <= len(data) * _STRAY_SHARE:
            return text
        raise UnreadableError("undecodable bytes: no text encoding fits")
    # Short Western text fits several code pages equally (é is é in cp1250 and cp1252 alike);
    # among ties, take the one most of the legacy web was written in.
    for match in matches:
        tied = (match.percent_chaos, match.percent_coherence) == (
            best.percent_chaos,
            best.percent_coherence,
        )
        if tied and match.encoding == "cp1252":
            return str(match)
    return str(best)


def decode_text(data: bytes) -> str:
    """A plain-text page: BOM, UTF-8, or a guess; NUL bytes mean binary data, not text.

    Raises `UnreadableError` for binary data and for bytes no encoding fits.
    """
    text, data = _bom(data)
    if text is not None:
        return text
    if b"\x00" in data[:8192]:
        raise UnreadableError("binary data (NUL bytes), not text")
    return _guess(data)


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page's own `<meta>` declares in its first bytes, if any."""
    m = _META_CHARSET.search(data, 0, _SNIFF)
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes, declared: str | None = None) -> str:
    """An HTML page: BOM, then the HTTP charset (`declared`), then its `<meta>` charset, then
    UTF-8 or a guess. A declared charset whose text looks misread gets a second opinion.

    Raises `UnreadableError` for binary data and for bytes no encoding fits.
    """
    text, data = _bom(data)
    if text is not None:
        return text
    for name in (declared, meta := html_charset(data)):
        codec = _codec(name)
        if codec is None:
            continue
        if name is meta and codec.startswith(("utf-16", "utf-32")):
            codec = "utf-8"  # a <meta> that could be read in ASCII is no UTF-16 page (as browsers)
        if codec != "utf-8" and not data.isascii() and (utf8 := _utf8(data)) is not None:
            return utf8  # real text in another charset is almost never valid UTF-8: a stale label
        try:
            text = data.decode(codec)
        except (UnicodeError, LookupError):
            continue
        if codec != "utf-8" and _misread(text):
            return _second_opinion(data, codec) or text
        return text
    if b"\x00" in data[:8192]:
        raise UnreadableError("binary data (NUL bytes), not HTML")
    return _guess(data)
