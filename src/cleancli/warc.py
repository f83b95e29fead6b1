"""WARC archives, through FastWARC: each HTML response becomes a page.

`source` is `file.warc.gz#offset` (the record's byte offset in the file as stored), so a user can
find the record again; `WARC-Target-URI` becomes the page's url and `WARC-Date` its fetch time.
Records that are not HTML responses with status 200 are counted as skipped, with the reason.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from cleancli.record import SKIPPED, Reject

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cleancli.sources import RawPage


def warc_pages(stream: IO[bytes], name: str, *, max_bytes: int) -> Iterator[RawPage | Reject]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    from cleancli.sources import RawPage

    records = ArchiveIterator(
        stream, record_types=WarcRecordType.response, parse_http=True, verify_digests=False
    )
    for record in records:
        where = f"{name}#{record.stream_pos}"
        url = record.headers.get("WARC-Target-URI")
        http = record.http_headers
        status = http.status_code if http is not None else None
        kind = ((http.get("Content-Type") if http is not None else None) or "").lower()
        if status != 200:
            yield Reject(where, SKIPPED, f"skipped: HTTP status {status}", url or "")
            continue
        if "html" not in kind:
            yield Reject(where, SKIPPED, f"skipped: not HTML ({kind or 'no type'})", url or "")
            continue
        body = record.reader.read(max_bytes + 1)
        if len(body) > max_bytes:
            yield Reject(where, "extract", f"page larger than {max_bytes} bytes", url or "")
            continue
        charset = kind.partition("charset=")[2].split(";")[0].strip() or None
        fetched = record.headers.get("WARC-Date")
        yield RawPage(where, body, "html", url=url, fetched=fetched, charset=charset)
