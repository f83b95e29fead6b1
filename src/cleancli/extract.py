"""The extract stage: raw pages (bytes) into records holding the page's text.

Decoding is careful rather than hopeful: byte-order marks first, then UTF-8, then
charset-normalizer (imported only for pages that are not UTF-8). Binary data, undecodable bytes,
bad JSON and empty pages become rejects with a one-line reason.
"""

from __future__ import annotations

import codecs
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

import orjson

from cleancli.record import Item, Record, Reject, make_id, preview
from cleancli.repair import fix_mojibake
from cleancli.sources import STAGE, RawPage
from cleancli.webpage import DEFAULT_TIMEOUT, HtmlError, HtmlWorker, as_page_text, meta_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cleancli.settings import Engine

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


def _html_page(page: RawPage, html: bytes | str, worker: HtmlWorker, base: Record) -> Item:
    try:
        web = worker.extract(html, page.url or base.url)
    except HtmlError as exc:
        return Reject(page.source, STAGE, str(exc), preview(html))
    text = as_page_text(web)
    if not text.strip():
        return Reject(page.source, STAGE, "no article text in this HTML page", preview(html))
    return replace(
        base,
        text=fix_mojibake(text),
        url=base.url or page.url,
        lang=base.lang or web.lang,
        fetched=base.fetched or page.fetched,
        meta={**base.meta, **{f"html_{k}": v for k, v in meta_of(web).items()}}
        | ({"html_site": web.site} if web.site else {}),
    )


def extract_page(
    page: RawPage,
    *,
    text_field: str = "text",
    html_field: str | None = None,
    worker: HtmlWorker | None = None,
) -> Item:
    """One record from one raw page, or a reject saying why not."""
    if page.format == "html":
        base = Record(id=make_id(page.source), source=page.source, url=page.url)
        return _html_page(page, page.data, worker or HtmlWorker(), base)
    if page.format == "jsonl":
        rec = _jsonl_page(page, html_field or text_field)
        if html_field and isinstance(rec, Record):
            return _html_page(page, rec.text, worker or HtmlWorker(), replace(rec, text=""))
        return rec
    return _text_page(page)


def extract(
    items: Iterable[RawPage | Reject],
    *,
    text_field: str = "text",
    html_field: str | None = None,
    html_engine: Engine = "trafilatura",
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Item]:
    """Records from raw pages; rejects from reading pass through untouched.

    HTML goes to one worker process for the whole stream, started at the first HTML page.
    """
    with HtmlWorker(html_engine, timeout) as worker:
        for item in items:
            if isinstance(item, Reject):
                yield item
            else:
                yield extract_page(
                    item, text_field=text_field, html_field=html_field, worker=worker
                )
