"""Builders of real crawl files for tests: HTML pages, WARC archives (FastWARC's own writer),
compressed copies. Everything is written at test time; nothing large is committed."""

from __future__ import annotations

import bz2
import gzip
import io
from typing import TYPE_CHECKING

import zstandard
from fastwarc.warc import WarcRecord, WarcRecordType

if TYPE_CHECKING:
    from pathlib import Path

PARAGRAPHS = (
    (
        "The harbour board agreed on Tuesday to rebuild the north pier, which has been closed to "
        "the public since a winter storm cracked two of its supports last year."
    ),
    (
        "Engineers told the board that the work would take eighteen months and that the fishing "
        "boats moored along the pier would move to the south basin while it lasts."
    ),
    (
        "Residents who spoke at the meeting asked that the pier's old lamp posts be kept, and the "
        "board promised to store them and put them back once the new deck is laid."
    ),
)


def article_html(
    title: str = "Harbour board votes to rebuild the north pier",
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    *,
    charset: str | None = "utf-8",
    published: str = "2024-04-30",
    site: str = "Coastline Courier",
) -> str:
    """A news page as sites write them: head metadata, navigation, the article, a footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{meta}
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}T08:00:00Z">
<meta name="author" content="Mara Lindqvist">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{title}</h1>
{body}
</article></main>
<footer><p>Contact us</p><p>Privacy policy</p></footer>
</body></html>
"""


def warc_response(
    url: str, body: bytes, *, status: int = 200, content_type: str = "text/html; charset=utf-8"
) -> bytes:
    """One WARC response record, as FastWARC writes it."""
    record = WarcRecord()
    record.init_headers(WarcRecordType.response)
    record.headers["WARC-Target-URI"] = url
    record.headers["WARC-Date"] = "2024-05-01T10:00:00Z"
    record.headers["Content-Type"] = "application/http; msgtype=response"
    reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently"}.get(status, "OK")
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n\r\n"
    record.set_bytes_content(head.encode("ascii") + body)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def write_warc(path: Path, records: list[bytes], *, gzip_members: bool) -> list[int]:
    """Write records, each its own gzip member when asked (as crawlers do); their offsets."""
    offsets, data = [], b""
    for record in records:
        offsets.append(len(data))
        data += gzip.compress(record) if gzip_members else record
    path.write_bytes(data)
    return offsets


def packed_copies(path: Path) -> list[Path]:
    """gzip, bzip2 and zstd copies of a file beside it."""
    data = path.read_bytes()
    copies = {
        ".gz": gzip.compress(data),
        ".bz2": bz2.compress(data),
        ".zst": zstandard.ZstdCompressor().compress(data),
    }
    written = []
    for suffix, packed in copies.items():
        target = path.with_name(path.name + suffix)
        target.write_bytes(packed)
        written.append(target)
    return written
