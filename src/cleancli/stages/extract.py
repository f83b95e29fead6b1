"""The extract stage: raw pages (bytes) into records holding the page's text.

Bytes are decoded by `encoding` (declared charsets, then UTF-8, then a guess); HTML goes to
the engine in a worker process. Binary data, undecodable bytes, bad JSON, empty pages and HTML the
engine cannot read or finish in time become rejects with a one-line reason.
"""

from __future__ import annotations

import codecs
import hashlib
from collections import deque
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

import orjson

from cleancli.cleaning.repair import fix_mojibake
from cleancli.inputs.encoding import UnreadableError, decode_html, decode_text
from cleancli.inputs.htmlworker import HtmlWorker
from cleancli.inputs.paths import STAGE
from cleancli.inputs.webpage import HtmlError, WebPage, as_page_text, extract_html, meta_of
from cleancli.options import DEFAULT_TIMEOUT, parse_when
from cleancli.record import Item, Record, Reject, make_id, preview

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cleancli.inputs.rawpage import RawPage
    from cleancli.options import HtmlEngine as Engine
    from cleancli.options import Options

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


def page_id(page: RawPage, url: str | None = None) -> str:
    """A page's id, from what it is and not from the path it was read by: its URL when it has
    one, a digest of its bytes, and its place in its input (JSONL line, WARC offset). The same
    page gives the same id from any path spelling or from stdin; pages that differ by a byte,
    or sit at different places, get different ids (docs/schema.md)."""
    content = hashlib.blake2b(page.data.rstrip(b"\r\n"), digest_size=16).hexdigest()
    return make_id("page", url or "", content, page.place)


def _text_page(page: RawPage) -> Item:
    try:
        text = decode_text(page.data)
    except UnreadableError as exc:
        reason = str(exc)
        if page.data.startswith(b"PAR1"):  # Parquet's magic: most likely run's own output
            reason = "a Parquet file, not pages: emit and the views read the Parquet run writes"
        return Reject(page.source, STAGE, reason, preview(page.data))
    if not text.strip():
        return Reject(page.source, STAGE, "empty page")
    return Record(id=page_id(page), source=page.source, text=fix_mojibake(text))


def _opt(d: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = d.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _no_text(data: dict[str, Any], text_field: str, option: str) -> str:
    """Why a JSONL page has no text in `text_field` (named by `option`), and the option that
    would find it: `option`, or --html-field when a field's name or value looks like HTML."""
    if text_field in data:
        held = type(data[text_field]).__name__
        what = "null" if data[text_field] is None else f"a {_JSON_TYPES.get(held, held)}"
        return f"field {text_field!r} holds {what}, not text"
    fields = ", ".join(sorted(data)[:8]) or "none"
    html = next((k for k, v in data.items() if _looks_html(k, v)), None)
    if html is not None and html != text_field:
        return f"no field {text_field!r} (fields: {fields}); read the HTML with --html-field {html}"
    return f"no field {text_field!r} (fields: {fields}); choose one with {option}"


#: JSON's names for the Python types orjson gives.
_JSON_TYPES: Final = {"int": "number", "float": "number", "bool": "boolean", "dict": "object",
                      "list": "array", "str": "string"}  # fmt: skip


def _looks_html(name: str, value: Any) -> bool:
    return isinstance(value, str) and (
        "html" in name.lower() or value.lstrip()[:15].lower().startswith(("<!doctype", "<html"))
    )


def _fetch_time(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """The first of `FETCH_FIELDS` that holds a time `options.parse_when` reads (ISO 8601, an
    HTTP date, Unix seconds as a string or a number), with its name; (None, None) when none
    does, and the fields stay in `meta` as they are."""
    for name in FETCH_FIELDS:
        value = data.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and parse_when(value) is not None:
            return name, value.strip()
    return None, None


def _jsonl_page(page: RawPage, text_field: str, option: str = "--text-field") -> Item:
    try:
        data = orjson.loads(page.data.removeprefix(codecs.BOM_UTF8))  # files joined by `cat`
    except orjson.JSONDecodeError as exc:
        return Reject(page.source, STAGE, f"bad JSON: {exc.args[0]}", preview(page.data))
    if not isinstance(data, dict):
        return Reject(page.source, STAGE, "JSONL line is not an object", preview(page.data))
    text = data.get(text_field)
    if not isinstance(text, str):
        return Reject(page.source, STAGE, _no_text(data, text_field, option), preview(page.data))
    if not text.strip():
        return Reject(page.source, STAGE, "empty page")
    # Fields with a slot are taken when they hold text; a value of another type stays in meta,
    # and so does every fetch field but the one whose time is read.
    slots = ("url", "lang", "language", "site")
    fetch_field, fetched = _fetch_time(data)
    taken = {text_field, fetch_field, *(k for k in slots if isinstance(data.get(k), str))}
    url = _opt(data, "url")
    return Record(
        id=page_id(page, url),
        source=page.source,
        text=fix_mojibake(text),
        url=url,
        lang=_opt(data, "lang", "language"),
        site=_opt(data, "site"),
        fetched=fetched,
        meta={k: v for k, v in data.items() if k not in taken},
    )


def _html_record(page: RawPage, html: bytes | str, web: WebPage, base: Record) -> Item:
    text = as_page_text(web)
    if not text.strip():
        return Reject(page.source, STAGE, "no article text in this HTML page", preview(html))
    return replace(
        base,
        text=fix_mojibake(text),
        url=base.url or page.url or web.url,
        lang=base.lang or web.lang,
        fetched=base.fetched or page.fetched,
        layout="blocks",
        meta=base.meta | {f"html_{k}": v for k, v in meta_of(web).items()},
    )


def _html_of(page: RawPage, html_field: str | None, text_field: str) -> _Html | Item:
    """The HTML a raw page holds, with the record it will fill; or the record it is already."""
    if page.format == "html":
        try:
            html = decode_html(page.data, page.charset)
        except UnreadableError as exc:
            return Reject(page.source, STAGE, str(exc), preview(page.data))
        base = Record(id=page_id(page, page.url), source=page.source, url=page.url)
        return _Html(page, html, base)
    if page.format == "jsonl":
        option = "--html-field" if html_field else "--text-field"
        rec = _jsonl_page(page, html_field or text_field, option)
        if html_field and isinstance(rec, Record):
            return _Html(page, rec.text, replace(rec, text=""))
        return rec
    return _text_page(page)


def _read_page(page: RawPage, html_field: str | None, text_field: str) -> _Html | Item:
    """`_html_of`, with a failure nobody foresaw costing this page only."""
    try:
        return _html_of(page, html_field, text_field)
    except Exception as exc:  # noqa: BLE001 - one page's failure must not cost the others
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return Reject(page.source, STAGE, reason, preview(page.data))


@dataclass(frozen=True, slots=True)
class _Html:
    page: RawPage
    html: bytes | str
    base: Record

    def record(self, web: WebPage | HtmlError) -> Item:
        if isinstance(web, HtmlError):
            return Reject(self.page.source, STAGE, str(web), preview(self.html))
        return _html_record(self.page, self.html, web, self.base)


def extract_page(
    page: RawPage,
    *,
    text_field: str = "text",
    html_field: str | None = None,
    html_engine: Engine = "trafilatura",
) -> Item:
    """One record from one raw page, or a reject saying why not.

    HTML is extracted in this process, with no deadline; `extract` isolates it.
    """
    found = _html_of(page, html_field, text_field)
    if not isinstance(found, _Html):
        return found
    try:
        web: WebPage | HtmlError = extract_html(found.html, page.url or found.base.url, html_engine)
    except HtmlError as exc:
        web = exc
    except Exception as exc:  # noqa: BLE001 - a parser failure is this page's reject
        web = HtmlError(f"{type(exc).__name__}: {exc}")
    return found.record(web)


#: Pages queued ahead for the HTML worker, so it works while this process strips.
_AHEAD: Final = 64
#: …but never more than this many bytes of HTML held waiting.
_AHEAD_BYTES: Final = 16 * 1024 * 1024


def extract(
    items: Iterable[RawPage | Reject],
    *,
    text_field: str = "text",
    html_field: str | None = None,
    html_engine: Engine = "trafilatura",
    timeout: float = DEFAULT_TIMEOUT,
    worker: HtmlWorker | None = None,
) -> Iterator[Item]:
    """Records from raw pages, in input order; rejects from reading pass through untouched.

    HTML goes to one worker process for the whole stream, started at the first HTML page, with
    up to `_AHEAD` pages queued so extraction and the later stages run side by side.
    """
    waiting: deque[Item | _Html] = deque()
    held = 0
    html = worker or HtmlWorker(html_engine, timeout)

    def settle() -> Item:
        nonlocal held
        first = waiting.popleft()
        if not isinstance(first, _Html):
            return first
        held -= len(first.html)
        try:
            web: WebPage | HtmlError = html.result()
        except HtmlError as exc:
            web = exc
        return first.record(web)

    try:
        for item in items:
            found = item if isinstance(item, Reject) else _read_page(item, html_field, text_field)
            if isinstance(found, _Html):
                html.submit(found.html, found.page.url or found.base.url)
                held += len(found.html)
            waiting.append(found)
            while waiting and (
                len(waiting) > _AHEAD or held > _AHEAD_BYTES or not isinstance(waiting[0], _Html)
            ):
                yield settle()
        while waiting:
            yield settle()
    finally:
        # A worker passed in outlives this call, unless pages were left in it (the caller
        # stopped early): then it is reset, so the next call does not get their results.
        if worker is None or html.pending:
            html.close()


def page_html(page: RawPage, options: Options) -> bytes | str | None:
    """The HTML `extract` hands its engine for `page`, decoded as it decodes it; None for a page
    that holds none (text, a JSONL text field) or that extract rejects."""
    found = _read_page(page, options.html_field, options.text_field)
    return found.html if isinstance(found, _Html) else None


def text_dumps(items: Iterable[RawPage | Reject], options: Options) -> Iterator[Record]:
    """The records of the pages that are text already (text files, JSONL text fields), as
    `extract` would make them; HTML is passed over unread, so this costs no HTML extraction."""
    for page in items:
        if isinstance(page, Reject) or page.format == "html" or options.html_field:
            continue
        item = _read_page(page, None, options.text_field)
        if isinstance(item, Record):
            yield item


def extract_with(
    items: Iterable[RawPage | Reject], options: Options, *, worker: HtmlWorker | None = None
) -> Iterator[Item]:
    """`extract` with a run's options."""
    return extract(
        items,
        text_field=options.text_field,
        html_field=options.html_field,
        html_engine=options.html_engine,
        timeout=options.timeout,
        worker=worker,
    )
