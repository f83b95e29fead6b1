"""The extract stage: raw pages (bytes) into records holding the page's text.

Decoding is careful rather than hopeful: byte-order marks first, then UTF-8, then
charset-normalizer (imported only for pages that are not UTF-8). Binary data, undecodable bytes,
bad JSON and empty pages become rejects with a one-line reason.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, Any, Final

import orjson

from cleancli.record import Item, Record, Reject, make_id, preview
from cleancli.repair import fix_mojibake
from cleancli.sources import STAGE, RawPage

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Input fields that hold when the page was fetched, in order of preference.
FETCH_FIELDS: Final = (
    "fetched",
    "fetch_time",
    "fetched_at",
    "crawl_time",
    "crawled_at",
    "date_download",
    "timestamp",
)


class _UnreadableError(ValueError):
    pass


def decode(data: bytes) -> str:
    """Text from bytes, or `_UnreadableError` saying why not."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _UnreadableError(
                    f"declares {codec} but does not decode: {exc.reason}"
                ) from exc
    if b"\x00" in data[:8192]:
        raise _UnreadableError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only pages that are not UTF-8 need it

    best = from_bytes(data).best()
    if best is None:
        raise _UnreadableError("undecodable bytes: no text encoding fits")
    return str(best)


def _text_page(page: RawPage) -> Item:
    try:
        text = decode(page.data)
    except _UnreadableError as exc:
        return Reject(page.source, STAGE, str(exc), preview(page.data))
    if not text.strip():
        return Reject(page.source, STAGE, "empty page")
    return Record(id=make_id(page.source), source=page.source, text=fix_mojibake(text))


def _opt(d: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = d.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _jsonl_page(page: RawPage, text_field: str) -> Item:
    try:
        data = orjson.loads(page.data)
    except orjson.JSONDecodeError as exc:
        return Reject(page.source, STAGE, f"bad JSON: {exc.args[0]}", preview(page.data))
    if not isinstance(data, dict):
        return Reject(page.source, STAGE, "JSONL line is not an object", preview(page.data))
    text = data.get(text_field)
    if not isinstance(text, str):
        fields = ", ".join(sorted(data)[:8]) or "none"
        reason = f"no text in field {text_field!r} (fields: {fields}); choose one with --text-field"
        return Reject(page.source, STAGE, reason, preview(page.data))
    if not text.strip():
        return Reject(page.source, STAGE, "empty page")
    taken = {text_field, "url", "lang", "language", "site", *FETCH_FIELDS}
    return Record(
        id=make_id(page.source),
        source=page.source,
        text=fix_mojibake(text),
        url=_opt(data, "url"),
        lang=_opt(data, "lang", "language"),
        site=_opt(data, "site"),
        fetched=_opt(data, *FETCH_FIELDS),
        meta={k: v for k, v in data.items() if k not in taken},
    )


def extract_page(page: RawPage, *, text_field: str = "text") -> Item:
    """One record from one raw page, or a reject saying why not."""
    if page.format == "jsonl":
        return _jsonl_page(page, text_field)
    return _text_page(page)


def extract(items: Iterable[RawPage | Reject], *, text_field: str = "text") -> Iterator[Item]:
    """Records from raw pages; rejects from reading pass through untouched."""
    for item in items:
        yield item if isinstance(item, Reject) else extract_page(item, text_field=text_field)
