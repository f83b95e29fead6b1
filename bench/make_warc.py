"""Write a synthetic crawl: real HTML pages resampled into a WARC of a chosen size.

    python bench/make_warc.py OUT.warc.gz --mb 1024 --pages PATH/TO/zyte/data/html

Each record is a 200 `text/html` response holding one page from `--pages` (`*.html` or
`*.html.gz`), picked in a fixed pseudo-random order, under a URL of its own, gzip-compressed
member by member as crawlers write them. One record in fifty is a 404 or an image, so a run
also meets records it must skip. `--mb` counts uncompressed WARC bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
from pathlib import Path

from fastwarc.warc import WarcRecord, WarcRecordType


def _record(url: str, status: int, content_type: str, body: bytes) -> bytes:
    record = WarcRecord()
    record.init_headers(WarcRecordType.response)
    record.headers["WARC-Target-URI"] = url
    record.headers["WARC-Date"] = "2024-05-01T10:00:00Z"
    record.headers["Content-Type"] = "application/http; msgtype=response"
    head = f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n\r\n".encode("ascii")
    record.set_bytes_content(head + body)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=1024)
    parser.add_argument("--pages", type=Path, required=True, help="a folder of HTML pages")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    pages = [
        gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        for p in sorted(args.pages.glob("*.htm*"))
    ]
    rng = random.Random(args.seed)  # noqa: S311 - a reproducible sample, not a secret
    target, written, n = int(args.mb * 1024 * 1024), 0, 0
    with args.out.open("wb") as out:
        while written < target:
            if n % 50 == 49:
                data = _record(f"https://crawl.example/{n}.png", 200, "image/png", b"\x89PNG")
            elif n % 50 == 24:
                data = _record(f"https://crawl.example/{n}", 404, "text/html", b"<p>gone</p>")
            else:
                page = pages[rng.randrange(len(pages))]
                data = _record(f"https://crawl.example/{n}", 200, "text/html; charset=utf-8", page)
            out.write(gzip.compress(data, compresslevel=3))
            written += len(data)
            n += 1
    print(f"{args.out}: {n} records, {written / 1e6:.0f} MB uncompressed")


if __name__ == "__main__":
    main()
