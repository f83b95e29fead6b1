"""Inputs for the fuzz harness: seed pages, generated pages, and the damage done to them.

Everything here is a pure function of a `random.Random` seeded with (seed, index): the same pair
always gives the same bytes, whatever process builds them and in whatever order.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import random
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import zstandard
from fastwarc.warc import WarcRecord, WarcRecordType

from . import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable

#: Light cases (the smoke run) cap the sizes of the heaviest damage; set by `make_case`.
_LIGHT = [False]
FIXTURES = ROOT / "fixtures"
PAGES = ROOT / "tests" / "pages" / "raw"
NOW = "2025-07-24T12:00:00Z"


@dataclass(slots=True)
class Input:
    """One file of a case."""

    name: str
    data: bytes


@dataclass(slots=True)
class Case:
    """What one fuzz input is: the damaged file, an intact companion, and how to run them."""

    seed: int
    index: int
    mutated: Input
    intact: Input
    #: Options for the library (`cleancli.Options` keywords) and flags for the command line.
    options: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    #: What was done to build the input, for the reproducer's notes.
    steps: list[str] = field(default_factory=list)
    #: Library cases: extract HTML in cleancli's own worker process (with its deadline), as a
    #: command does, instead of in this process.
    real_worker: bool = False

    @property
    def tag(self) -> str:
        return f"{self.seed}:{self.index}"


# --- seed material -------------------------------------------------------------------------------


@cache
def seed_texts() -> tuple[tuple[str, str], ...]:
    """The bundled fixtures and test pages, as (name, text)."""
    found = []
    for folder in (FIXTURES, PAGES):
        found.extend((p.name, p.read_text("utf-8")) for p in sorted(folder.glob("*.txt")))
    return tuple(found)


@cache
def extra_files(folder: str) -> tuple[Path, ...]:
    """Files of a folder given at run time (read, never copied into the project)."""
    base = Path(folder)
    return tuple(sorted(p for p in base.rglob("*") if p.is_file() and p.stat().st_size < 8 << 20))


@cache
def vocabulary() -> tuple[str, ...]:
    words = {w.strip(".,;:!?\"'()[]") for _, text in seed_texts() for w in text.split()}
    return tuple(sorted(w for w in words if w.isalpha() and len(w) < 15))


@cache
def seed_sentences() -> tuple[str, ...]:
    out = []
    for _, text in seed_texts():
        out.extend(line.strip() for line in text.splitlines() if len(line.split()) >= 8)
    return tuple(out)


FURNITURE = (
    "logo", "Try Our AI Features", "Comments", "DOWNLOAD THE APP", "Read more", "Read More",
    "Related Articles", "Related News", "Related", "More from this author", "Share this article",
    "Get Started Now: Download the App", "app-storeplay-store", "Advertisement", "SEE MORE:",
    "Don't miss", "More Videos", "Like this story? Share it", "Subscribe", "Sign in", "Menu",
    "Filtered By: Topstories", "Section: News", "Home", "News", "Sport", "|", "•", "…", "-",
)  # fmt: skip
DATES = (
    "2 days ago", "an hour ago", "a day ago", "5 hours ago", "time5 hours ago", "vor 2 Stunden",
    "hace 3 horas", "il y a 5 heures", "22.07.2025, 14:05 Uhr", "22 de julio de 2025",
    "Saturday, June 14, 2025", "5h", "06-04-2025", "2025-07-22", "July 22", "22 July",
    "Actualizado a las 17:20", "22/07/2025 14h05 Atualizado há 2 horas", "un giorno fa",
    # odd ones
    "31-02-2025", "99-99-9999", "0000-00-00", "10000 days ago", "99999999999 hours ago",
    "999999999999999999999 days ago", "1e308 days ago", "-5 days ago", "in 3 hours", "9999-12-31",
    "0001-01-01", "Saturday, June 31, 2025", "Feb 30, 2024", "29 February 2023", "0 seconds ago",
    "12345678 weeks ago", "99999 years ago", "5000 months ago", "2 days ago 2 days ago",
    "24:61", "25:99 Uhr", "13/13/13", "1/1/1", "9999-99-99T99:99:99Z", "December 32, 10000",
)  # fmt: skip
PUBLISHERS = (
    "Russia Today", "MENAFN", "Reuters", "The Coastline Courier", "Jane Doe", "AFP", "X",
    "Anadolu Agency", "Ü", "A" * 200, "日本経済新聞", "Le Monde", "Die Zeit",
)  # fmt: skip
ODD_CHARS = (
    "\u200b", "\u202e", "\ufeff", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1e",
    "\u0301" * 40, "😀", "中文", "\ufffd", "\t", "\xa0", "\u3000", "Ã©", "â€™", "\x7f", "\x01",
    "İ", "ß", "ﬁ", "\U000e0001", "\U0010ffff", "\uffff", "\x00",
)  # fmt: skip
ODD_VALUES: tuple[Any, ...] = (
    None, 0, -1, 1.5, True, False, "", " ", "NaN", "Infinity", "-0", "null", [], [1, 2], {},
    {"a": {"b": [1, {"c": None}]}}, ["https://a.example/"], "2 days ago", "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59+14:00",
    "2025-02-30", "10000-01-01", "x" * 5000, "https://", "http://[::1", "http://a b.com/",
    "javascript:alert(1)", "//example.com", "\u00e9t\u00e9", "\t\n", 9007199254740993,
    -9223372036854775808, 18446744073709551615, 1e300, -1e-300,
)  # fmt: skip
#: Raw JSON text put in a value's place: what json.dumps would never write.
RAW_JSON = (
    '"\\ud800"', '"\\udfff x"', '"a\\ud83d"', "NaN", "Infinity", "-Infinity", "1e999", "-1e999",
    "123456789012345678901234567890", "-0.0", '"\\u0000"', "0.0000000000000000000000001",
    "1E400", "[[[[[[[[[[]]]]]]]]]]", '{"":{"":{"":{}}}}', "tru", "01", '"\\x41"',
)  # fmt: skip
CHARSETS = (
    "utf-8", "UTF8", "utf-16", "utf-16le", "utf-32", "utf-7", "cp1252", "latin-1", "iso-8859-5",
    "koi8-r", "shift_jis", "euc-jp", "gb18030", "big5", "cp037", "ascii", "rot13", "hex",
    "base64", "idna", "punycode", "uu", "zlib", "unicode_escape", "raw_unicode_escape", "mbcs",
    "x-user-defined", "utf-9", "", "bz2", "quopri", "utf_8_sig", "undefined", "palmos",
)  # fmt: skip


# --- pages made at run time ----------------------------------------------------------------------


def _sentence(rng: random.Random, lo: int = 8, hi: int = 30) -> str:
    if rng.random() < 0.5 and seed_sentences():
        return rng.choice(seed_sentences())
    vocab = vocabulary()
    words = [rng.choice(vocab) for _ in range(rng.randint(lo, hi))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice((".", ".", ".", "!", "?", ":", ""))


def _headline(rng: random.Random) -> str:
    vocab = vocabulary()
    return " ".join(rng.choice(vocab).capitalize() for _ in range(rng.randint(3, 11)))


def _paragraph(rng: random.Random) -> list[str]:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))
    if rng.random() < 0.3:  # a scraper broke it across lines
        words = text.split()
        lines, at = [], 0
        while at < len(words):
            step = rng.randint(1, 12)
            lines.append(" ".join(words[at : at + step]))
            at += step
        return lines
    return [text]


def _header(rng: random.Random, title: str) -> list[str]:
    lines = [title]
    if rng.random() < 0.5:
        lines += ["", title]
    publisher = rng.choice(PUBLISHERS)
    date = rng.choice(DATES)
    lines += rng.choice(
        (
            ["", publisher + date],
            ["", publisher, "", date],
            ["", date, "", "• " + publisher],
            ["", "By " + rng.choice(PUBLISHERS)],
            ["", date],
            [],
        )
    )
    return [*lines, ""]


def text_page(rng: random.Random) -> str:
    """A page the way scrapers leave them: chrome, a header, prose, related articles."""
    lines: list[str] = [rng.choice(FURNITURE) for _ in range(rng.randint(0, 4))]
    lines += _header(rng, _headline(rng))
    for _ in range(rng.randint(1, 8)):
        lines += [*_paragraph(rng), ""]
        if rng.random() < 0.1:
            lines.append(rng.choice(FURNITURE))
        if rng.random() < 0.1:
            lines.append("Read more: " + _headline(rng))
    if rng.random() < 0.5:
        lines += [rng.choice(("Related Articles", "Related News", "Related", "Don't miss")), ""]
        for _ in range(rng.randint(1, 4)):
            lines += _header(rng, _headline(rng))
            for _ in range(rng.randint(0, 3)):
                lines += [*_paragraph(rng), ""]
    if rng.random() < 0.15:  # a digest
        for _ in range(rng.randint(2, 5)):
            lines += [_headline(rng), _sentence(rng) + " Read more", ""]
    lines += [rng.choice(FURNITURE) for _ in range(rng.randint(0, 5))]
    return "\n".join(lines)


def base_text(rng: random.Random) -> tuple[str, str]:
    """A page's text and where it came from: a seed page (intact) or one made up."""
    if rng.random() < 0.5:
        name, text = rng.choice(seed_texts())
        return text, name
    return text_page(rng), "generated"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_page(rng: random.Random, text: str, steps: list[str]) -> str:
    """Markup around a page's lines: headings, paragraphs, chrome, and metadata in the head."""
    body: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        words = len(line.split())
        tag = "p" if words > 12 else rng.choice(("h2", "div", "li", "span", "p", "a"))
        body.append(f"<{tag}>{_escape(line)}</{tag}>")
    if body:
        body[0] = body[0].replace("<p>", "<h1>", 1).replace("</p>", "</h1>")
    charset = rng.choice(CHARSETS) if rng.random() < 0.3 else "utf-8"
    date = rng.choice((*DATES, "2024-04-30T08:00:00Z"))
    title = _escape(text.strip().split("\n", 1)[0][:200])
    head = [
        f'<meta charset="{charset}">' if rng.random() < 0.8 else "",
        f"<title>{title}</title>",
        f'<meta property="og:site_name" content="{_escape(rng.choice(PUBLISHERS))}">',
        f'<meta property="article:published_time" content="{_escape(date)}">',
        f'<meta name="author" content="{_escape(rng.choice(PUBLISHERS))}">',
    ]
    if rng.random() < 0.3:
        url = rng.choice(ODD_VALUES)
        head.append(f'<link rel="canonical" href="{_escape(str(url))}">')
    if rng.random() < 0.3:
        ld = {
            "@type": "NewsArticle",
            "datePublished": rng.choice(ODD_VALUES),
            "author": rng.choice(ODD_VALUES),
        }
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    steps.append(f"html(charset={charset!r})")
    nav = (
        "<nav>" + "".join(f'<a href="/{i}">{f}</a>' for i, f in enumerate(FURNITURE[:6])) + "</nav>"
    )
    article = "\n".join(body)
    wrap = rng.random()
    if wrap < 0.6:
        article = f"<main><article>\n{article}\n</article></main>"
    elif wrap < 0.8:
        article = f'<div class="content">{article}</div>'
    doctype = rng.choice(("<!DOCTYPE html>\n", "<!doctype html>", "", "<?xml version='1.0'?>"))
    return (
        f'{doctype}<html lang="{rng.choice(("en", "de", "", "xx-YY", "日本"))}"><head>'
        + "\n".join(head)
        + f"</head><body>\n<header>{nav}</header>\n{article}\n<footer><p>Contact us</p></footer>"
        + "</body></html>\n"
    )


# --- damage: text, HTML, JSON, bytes -------------------------------------------------------------


def _lines_op(text: str, fn: Callable[[list[str]], list[str]]) -> str:
    return "\n".join(fn(text.split("\n")))


def t_line_endings(rng: random.Random, text: str) -> str:
    parts = text.split("\n")
    seps = [rng.choice(("\n", "\r\n", "\r", "\n\r", "\r\r\n")) for _ in parts[1:]]
    return parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))


def t_huge_line(rng: random.Random, text: str) -> str:
    size = rng.choice((5_000, 70_000, 70_000, 300_000)) if rng.random() < 0.9 else 1_200_000
    size = min(size, 70_000) if _LIGHT[0] else size
    style = rng.randrange(4)
    if style == 0:
        line = " ".join(rng.choice(vocabulary()) for _ in range(size // 6))
    elif style == 1:
        line = "x" * size
    elif style == 2:
        line = (_sentence(rng) + " ") * (size // 100 + 1)
    else:
        line = "é€😀 " * (size // 8)
    lines = text.split("\n")
    lines.insert(rng.randint(0, len(lines)), line)
    return "\n".join(lines)


def t_many_lines(rng: random.Random, text: str) -> str:
    count = rng.choice((2_000, 5_000, 20_000)) if rng.random() < 0.9 else 120_000
    count = min(count, 5_000) if _LIGHT[0] else count
    pick = rng.choice(
        (["a"], ["", "x y"], ["•"], FURNITURE, ["Read more", "Headline Of The Day"], DATES)
    )
    block = [pick[i % len(pick)] for i in range(count)]
    lines = text.split("\n")
    at = rng.randint(0, len(lines))
    return "\n".join(lines[:at] + block + lines[at:])


def t_odd_chars(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 40)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(ODD_CHARS))
    return "".join(chars)


def t_furniture(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 10)):
        extra = rng.choice((*FURNITURE, *DATES, _headline(rng), "• " + rng.choice(PUBLISHERS)))
        lines.insert(rng.randint(0, len(lines)), extra)
    return "\n".join(lines)


def t_shuffle(rng: random.Random, text: str) -> str:
    def fn(lines: list[str]) -> list[str]:
        op = rng.randrange(4)
        if op == 0:
            rng.shuffle(lines)
        elif op == 1 and lines:
            i = rng.randrange(len(lines))
            lines[i:i] = lines[i : i + rng.randint(1, 20)] * rng.randint(2, 50)
        elif op == 2 and lines:
            i = rng.randrange(len(lines))
            del lines[i : i + rng.randint(1, 30)]
        else:
            lines = [line.upper() if rng.random() < 0.3 else line for line in lines]
        return lines

    return _lines_op(text, fn)


def t_mojibake(rng: random.Random, text: str) -> str:
    a = rng.randint(0, len(text))
    b = min(len(text), a + rng.randint(1, 2000))
    part = text[a:b].encode("utf-8", "surrogatepass").decode("cp1252", "replace")
    return text[:a] + part + text[b:]


def t_whitespace(rng: random.Random, text: str) -> str:
    return (
        rng.choice(("", " ", "\n\n\n", "\t \t\n", "\u3000\xa0"))
        if rng.random() < 0.2
        else ("   \n\n" + text.replace(" ", rng.choice(("  ", "\t", "\xa0", " \u200b"))) + "\n\n  ")
    )


def t_surrogate(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + rng.choice(("\ud800", "\udfff", "\udc80x", "\ud83d")) + text[at:]


TEXT_OPS: dict[str, Callable[[random.Random, str], str]] = {
    "line-endings": t_line_endings,
    "huge-line": t_huge_line,
    "many-lines": t_many_lines,
    "odd-chars": t_odd_chars,
    "furniture": t_furniture,
    "shuffle": t_shuffle,
    "mojibake": t_mojibake,
    "whitespace": t_whitespace,
    "surrogate": t_surrogate,
}
TEXT_WEIGHTS = {"huge-line": 0.3, "many-lines": 0.3, "whitespace": 0.4, "surrogate": 0.3}


def h_nesting(rng: random.Random, html: str) -> str:
    depth = rng.choice((50, 300, 1_000, 1_000, 5_000)) if rng.random() < 0.9 else 30_000
    depth = min(depth, 3_000) if _LIGHT[0] else depth
    tag = rng.choice(("div", "span", "b", "table", "ul", "blockquote", "p", "section", "a", "font"))
    closed = rng.random() < 0.5
    at = html.find("<body>")
    at = at + 6 if at >= 0 else rng.randint(0, len(html))
    inner = f"<p>{_escape(_sentence(rng))}</p>"
    block = f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if closed else "")
    return html[:at] + block + html[at:]


ENTITIES = (
    "&amp;", "&nbsp;", "&#0;", "&#x0;", "&#xD800;", "&#xDFFF;", "&#1114112;", "&#99999999999;",
    "&bogus;", "&#x110000;", "&lt;script&gt;", "&#65;", "&#x1F600;", "&", "&#", "&#x;", "&amp",
    "&#128;", "&#x85;", "&#12;", "&#13;", "&#x2028;", "&notin;", "&NotNestedGreaterGreater;",
)  # fmt: skip


def h_entities(rng: random.Random, html: str) -> str:
    parts = html.split(" ")
    for _ in range(rng.randint(1, 60)):
        i = rng.randrange(len(parts))
        parts[i] += rng.choice(ENTITIES)
    return " ".join(parts)


def h_markup(rng: random.Random, html: str) -> str:
    junk = (
        "<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<style>",
        "<template>", "<svg><foreignObject>", "<math><mi>", "<table><td>", "<select>",
        "<textarea>", "<plaintext>", "<xmp>", "<noscript>", '<p class="', "<p " + "a=b " * 3000 + ">",
        "<title>", "</html>", "<body>", "<!DOCTYPE html>", "<?php ?>", "<base href='x:'>",
        '<meta http-equiv="Content-Type" content="text/html; charset=' + rng.choice(CHARSETS) + '">',
        "<img src=x alt='" + "a" * 10_000 + "'>", "<p>" * 500, "<br>" * 5000, "<li>" * 2000,
    )  # fmt: skip
    for _ in range(rng.randint(1, 12)):
        at = rng.randint(0, len(html))
        html = html[:at] + rng.choice(junk) + html[at:]
    return html


HTML_OPS: dict[str, Callable[[random.Random, str], str]] = {
    "nesting": h_nesting,
    "entities": h_entities,
    "markup": h_markup,
}


def b_bitflips(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def b_insert(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 10)):
        at = rng.randint(0, len(data))
        blob = rng.choice(
            (bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))), b"\x00", b"\xff\xfe",
             b"\xef\xbb\xbf", b"\r", b"\n", b"\x00" * 50, b"\xc3", b"\xe2\x80", b"\xed\xa0\x80")
        )  # fmt: skip
        data = data[:at] + blob + data[at:]
    return data


def b_delete(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 10)):
        if not data:
            break
        at = rng.randrange(len(data))
        data = data[:at] + data[at + rng.randint(1, 200) :]
    return data


def b_cut(rng: random.Random, data: bytes) -> bytes:
    """Cut short, preferably inside a multi-byte UTF-8 character."""
    if not data:
        return data
    inside = [i for i in range(1, len(data)) if 0x80 <= data[i] < 0xC0]
    if inside and rng.random() < 0.6:
        return data[: rng.choice(inside)]
    return data[: rng.randrange(len(data))]


def b_nuls(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 5)):
        at = rng.randint(0, len(data))
        data = data[:at] + b"\x00" * rng.choice((1, 2, 16)) + data[at:]
    return data


def b_splice(rng: random.Random, data: bytes) -> bytes:
    """A stretch of the data copied over another (shifted records, doubled headers)."""
    if len(data) < 4:
        return data
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] + data[at:]


BYTE_OPS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "bitflips": b_bitflips,
    "insert": b_insert,
    "delete": b_delete,
    "cut": b_cut,
    "nuls": b_nuls,
    "splice": b_splice,
}


def encode_text(rng: random.Random, text: str, steps: list[str]) -> bytes:
    """A page's text as bytes: mostly UTF-8, sometimes another encoding or a BOM."""
    roll = rng.random()
    if roll < 0.75:
        return text.encode("utf-8", "surrogatepass")
    codec = rng.choice(
        (
            "utf-16",
            "utf-16-le",
            "utf-32",
            "cp1252",
            "latin-1",
            "shift_jis",
            "koi8-r",
            "utf-8-sig",
            "gb18030",
        )
    )
    steps.append(f"encoded {codec}")
    return text.encode(codec, "replace" if "utf" not in codec else "surrogatepass")


# --- JSONL dumps ---------------------------------------------------------------------------------

FIELDS = (
    "url",
    "lang",
    "language",
    "site",
    "fetched",
    "fetch_time",
    "crawl_time",
    "timestamp",
    "date_download",
    "id",
    "kind",
    "meta",
    "blocks",
    "title",
    "source",
    "layout",
    "links",
    "sections",
    "word_count",
    "duplicate_of",
)


def _odd(rng: random.Random, raws: list[str]) -> Any:
    if rng.random() < 0.25:
        raws.append(rng.choice(RAW_JSON))
        return f"__RAW{len(raws) - 1}__"
    return rng.choice(ODD_VALUES)


def jsonl_line(rng: random.Random, text: str, *, html_field: bool) -> str:
    raws: list[str] = []
    obj: dict[str, Any] = {}
    key = "html" if html_field else "text"
    obj[key] = text if rng.random() < 0.85 else _odd(rng, raws)
    if rng.random() < 0.7:
        obj["url"] = rng.choice(
            ("https://daily8.com/news/1", "https://www.menafn.com/a?b=1", "menafn.com")
        )
    if rng.random() < 0.5:
        obj[rng.choice(("fetched", "fetch_time", "crawl_time", "timestamp"))] = rng.choice(
            ("2025-07-24T12:00:00Z", "2025-07-24", *[v for v in ODD_VALUES if isinstance(v, str)])
        )
    for _ in range(rng.randint(0, 5)):
        obj[rng.choice((*FIELDS, "x", "ünï", "", "text2"))] = _odd(rng, raws)
    items = list(obj.items())
    rng.shuffle(items)
    line = json.dumps(dict(items), ensure_ascii=rng.random() < 0.5)
    for i, raw in enumerate(raws):
        line = line.replace(f'"__RAW{i}__"', raw)
    return line


def jsonl_dump(rng: random.Random, steps: list[str], *, html_field: bool) -> str:
    lines = []
    for _ in range(rng.randint(1, 10)):
        text, _ = base_text(rng)
        if html_field:
            text = html_page(rng, text, steps)
        lines.append(jsonl_line(rng, text, html_field=html_field))
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            lines.insert(
                rng.randint(0, len(lines)),
                rng.choice(
                    (
                        "",
                        "   ",
                        "[]",
                        "null",
                        "1",
                        '"x"',
                        "{",
                        '{"text": "a"',
                        "{}",
                        '{"text":"' + "a" * 100 + '"}{"x":1}',
                        "\x00",
                        '{"text": "ok"}\r',
                    )
                ),
            )
    steps.append(f"jsonl({len(lines)} lines, field={'html' if html_field else 'text'})")
    return "\n".join(lines) + rng.choice(("\n", "", "\r\n", "\n\n"))


# --- WARC archives -------------------------------------------------------------------------------


def warc_record(
    rng: random.Random, body: bytes, *, url: str, status: int, ctype: str, date: str
) -> bytes:
    record = WarcRecord()
    record.init_headers(
        rng.choice(
            (WarcRecordType.response,) * 6
            + (WarcRecordType.request, WarcRecordType.resource, WarcRecordType.metadata)
        )
    )
    record.headers["WARC-Target-URI"] = url
    record.headers["WARC-Date"] = date
    # init_headers draws a random record id: the case must be the same bytes every time
    record.headers["WARC-Record-ID"] = f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>"
    record.headers["Content-Type"] = "application/http; msgtype=response"
    reason = rng.choice(("OK", "Not Found", "", "Weird Reason"))
    extra = rng.choice(
        (
            "",
            "Content-Length: 3\r\n",
            "Transfer-Encoding: chunked\r\n",
            "Content-Encoding: gzip\r\n",
            "X: " + "y" * 9000 + "\r\n",
        )
    )
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n{extra}\r\n"
    record.set_bytes_content(head.encode("latin-1", "replace") + body)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def warc_archive(rng: random.Random, steps: list[str]) -> tuple[bytes, bool]:
    """A WARC of HTML responses, with other records between, each record maybe gzipped."""
    records = []
    for _ in range(rng.randint(1, 6)):
        text, _ = base_text(rng)
        html = html_page(rng, text, steps)
        status = rng.choice((200, 200, 200, 404, 301, 500, 0, 999))
        ctype = rng.choice(
            (
                "text/html; charset=utf-8",
                "text/html",
                "image/png",
                "text/html; charset=" + rng.choice(CHARSETS),
                "application/xhtml+xml",
                "",
                'text/html; charset="utf-8"; x=1',
            )
        )
        url = rng.choice(
            (
                "https://daily8.com/a",
                "https://www.menafn.com/x",
                "",
                "not a url",
                "https://例え.jp/パス",
            )
        )
        date = rng.choice(
            (
                "2024-05-01T10:00:00Z",
                "",
                "yesterday",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z",
                "2024-13-45T99:99:99Z",
            )
        )
        records.append(
            warc_record(
                rng, html.encode("utf-8", "replace"), url=url, status=status, ctype=ctype, date=date
            )
        )
    members = rng.random() < 0.5
    data = b"".join(gzip.compress(r, mtime=0) if members else r for r in records)
    steps.append(f"warc({len(records)} records, gzip members={members})")
    return data, members


# --- compression ---------------------------------------------------------------------------------

PACKERS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": lambda d: gzip.compress(d, mtime=0),
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
    ".zst": lambda d: zstandard.ZstdCompressor().compress(d),
}


def pack(rng: random.Random, data: bytes, steps: list[str]) -> tuple[bytes, str]:
    suffix = rng.choice(tuple(PACKERS))
    packed = PACKERS[suffix](data)
    steps.append(f"packed {suffix}")
    roll = rng.random()
    if roll < 0.25:
        packed = packed[: rng.randrange(1, max(2, len(packed)))]
        steps.append("cut compressed stream")
    elif roll < 0.45:
        packed = b_bitflips(rng, packed)
        steps.append("corrupted compressed stream")
    elif roll < 0.55:
        packed += rng.choice(
            (b"garbage", packed, b"\x00" * 100, PACKERS[suffix](b"second member\n"))
        )
        steps.append("trailing data after stream")
    elif roll < 0.565:
        packed = PACKERS[suffix](
            rng.choice((b"\n", b"a", b"a\n")) * ((1 << 18) if _LIGHT[0] else (40 << 20))
        )  # a bomb
        steps.append("compression bomb")
    return packed, suffix


# --- cases ---------------------------------------------------------------------------------------


def _apply_text_ops(rng: random.Random, text: str, steps: list[str]) -> str:
    names = list(TEXT_OPS)
    weights = [TEXT_WEIGHTS.get(n, 1.0) for n in names]
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
        op = rng.choices(names, weights)[0]
        text = TEXT_OPS[op](rng, text)
        steps.append(op)
    return text


def _apply_byte_ops(rng: random.Random, data: bytes, steps: list[str], chance: float) -> bytes:
    while rng.random() < chance:
        op = rng.choice(tuple(BYTE_OPS))
        data = BYTE_OPS[op](rng, data)
        steps.append("bytes:" + op)
        chance /= 2
    return data


FORMATS = ("text", "html", "jsonl", "jsonl-html", "warc", "extra")


def make_case(
    seed: int, index: int, extra: str | None = None, *, cli: bool = False, light: bool = False
) -> Case:
    """The case (seed, index): always the same bytes and options. `light` caps the heaviest
    damage (bombs, huge lines, deep nesting) for a quick run."""
    _LIGHT[0] = light
    rng = random.Random(f"cleancli-fuzz:{seed}:{index}:{'cli' if cli else 'lib'}")  # noqa: S311
    steps: list[str] = []
    weights = [3, 3, 2, 1, 2, 2 if extra else 0]
    kind = rng.choices(FORMATS, weights)[0]
    options: dict[str, Any] = {"now": NOW}
    fmt = "auto"
    if kind == "extra" and extra and extra_files(extra):
        path = rng.choice(extra_files(extra))
        data = path.read_bytes()
        steps.append(f"extra file {path}")
        suffix = "".join(path.suffixes[-2:]) or ".txt"
        if rng.random() < 0.6 and not data.startswith(
            (b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"(\xb5/\xfd")
        ):
            text = data.decode("utf-8", "surrogateescape")
            text = _apply_text_ops(rng, text, steps)
            data = text.encode("utf-8", "surrogateescape")
        data = _apply_byte_ops(rng, data, steps, 0.5)
    elif kind in {"jsonl", "jsonl-html"}:
        html_field = kind == "jsonl-html"
        if html_field:
            options["html_field"] = "html"
        text = jsonl_dump(rng, steps, html_field=html_field)
        if rng.random() < 0.3:
            text = rng.choice((t_line_endings, t_odd_chars, t_surrogate, t_huge_line))(rng, text)
            steps.append("jsonl text op")
        data = _apply_byte_ops(rng, text.encode("utf-8", "surrogatepass"), steps, 0.35)
        suffix = rng.choice((".jsonl", ".jsonl", ".ndjson", ".txt", ""))
        fmt = "jsonl"
    elif kind == "warc":
        data, _ = warc_archive(rng, steps)
        data = _apply_byte_ops(rng, data, steps, 0.5)
        suffix = rng.choice((".warc", ".warc.gz", ".warc", ".dat"))
        fmt = "warc"
    else:
        text, name = base_text(rng)
        steps.append(f"page {name}")
        text = _apply_text_ops(rng, text, steps)
        if kind == "html":
            html = html_page(rng, text, steps)
            for _ in range(rng.choice((0, 1, 1, 2))):
                op = rng.choice(tuple(HTML_OPS))
                html = HTML_OPS[op](rng, html)
                steps.append("html:" + op)
            data = encode_text(rng, html, steps)
            suffix = rng.choice((".html", ".html", ".htm", ".txt", ""))
            fmt = "html"
        else:
            data = encode_text(rng, text, steps)
            suffix = rng.choice((".txt", ".txt", "", ".md", ".html"))
            fmt = "text"
        data = _apply_byte_ops(rng, data, steps, 0.4)
    if rng.random() < 0.2 and suffix.endswith(tuple(PACKERS)) is False:
        data, packed = pack(rng, data, steps)
        if rng.random() < 0.8:
            suffix += packed
    if rng.random() < 0.15:
        options["dedup"] = rng.choice(("none", "near", "exact"))
    if rng.random() < 0.1:
        options["on_duplicate"] = "mark"
    if rng.random() < 0.1:
        options["html_engine"] = "resiliparse"
    if rng.random() < 0.05:
        options["now"] = rng.choice(
            ("0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", None)
        )
    flags = _flags(rng, options, fmt, cli=cli)
    intact = rng.choice(seed_texts())
    # A real worker process costs seconds to start (it loads its engine and dateparser): in
    # light runs few cases pay it; the command-line cases use it on every run anyway.
    share = 0.02 if light else 0.15
    real_worker = kind in {"html", "jsonl-html", "warc", "extra"} and rng.random() < share
    if real_worker:
        steps.append("HTML in cleancli's worker process")
    return Case(
        seed, index, Input(f"m{index}{suffix}", data), Input(intact[0], intact[1].encode()),
        options, flags, steps, real_worker,
    )  # fmt: skip


def _flags(rng: random.Random, options: dict[str, Any], fmt: str, *, cli: bool) -> list[str]:
    if not cli:
        return []
    flags = ["--jobs", rng.choice(("1", "2"))]
    # A --now at the calendar's edge is a usage error on the command line (no relative date can
    # resolve against it); the library case tests it as a fetch time instead.
    if options.get("now") and not options["now"].startswith(("0001", "9999")):
        flags += ["--now", options["now"]]
    for key, flag in (
        ("dedup", "--dedup"),
        ("on_duplicate", "--on-duplicate"),
        ("html_field", "--html-field"),
        ("html_engine", "--html-engine"),
    ):
        if key in options:
            flags += [flag, options[key]]
    if rng.random() < 0.4:
        flags.append("--strict")
    if rng.random() < 0.5:
        flags += ["--rejects", "REJECTS"]
    if rng.random() < 0.5:
        flags += ["-o", "OUT"]
    if rng.random() < 0.25:
        flags += [
            "--format",
            fmt
            if fmt != "text" or rng.random() < 0.5
            else rng.choice(("html", "jsonl", "warc", "text")),
        ]
    if rng.random() < 0.1:
        flags += ["--max-bytes", str(rng.choice((10, 1000, 100_000)))]
    if rng.random() < 0.1:
        flags += ["--timeout", rng.choice(("0.5", "2"))]
    return flags
