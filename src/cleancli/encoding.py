"""Bytes to text, careful rather than hopeful.

Order of trust: a byte-order mark, then what the page declares (the HTTP header's charset, then a
`<meta>` charset in the HTML's first bytes), then UTF-8, then charset-normalizer's guess, which is
imported only for pages that are neither declared nor UTF-8. A declaration that does not decode
the bytes is ignored rather than believed: servers often send a stale charset.
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
    """A Python codec for a declared charset name; latin-1 read as cp1252, as browsers do."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def _bom(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableError(
                    f"declares {codec} but does not decode: {exc.reason}"
                ) from exc
    return None


def _guess(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
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
    """A plain-text page: BOM, UTF-8, or a guess; NUL bytes mean binary data, not text."""
    text = _bom(data)
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
    UTF-8 or a guess."""
    text = _bom(data)
    if text is not None:
        return text
    for name in (declared, html_charset(data)):
        codec = _codec(name)
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    if b"\x00" in data[:8192]:
        raise UnreadableError("binary data (NUL bytes), not HTML")
    return _guess(data)
