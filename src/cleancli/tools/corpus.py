"""Training pages for the line model: labelled text dumps and HTML pages with a known body.

A training page is a text dump's lines, each labelled 1 (furniture: menus, prompts, credits,
teasers), 0 (content: the article's title, header and body lines), or None (not scored: a line
the labels leave open). Two kinds of folder give them:

- labelled dumps (`raw/` and `labels*.jsonl`, as `cleancli eval` reads): each article's lines run
  from the one holding its first words to the one holding its last; lines inside are content
  unless listed as furniture, titles, publishers and datelines are content, everything else is
  furniture.
- an HTML benchmark (`data/html/<id>.html.gz` and `data/ground-truth.json` holding each page's
  `articleBody` and `url`): every page becomes the dump a scraper saves (all visible text, one
  block a line, menus and footers included), and a line is content when its words are found in
  the true body, furniture when not. The headline is not in the body; the line matching the
  page's `<h1>` or `og:title` is content.

Nothing here is shipped with the model: only the counts of what it was trained on.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import orjson

from cleancli.cleaning.lines import fold, page_lines_of
from cleancli.tools.evaluate import load_labels

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class TrainingPage:
    """One dump's lines and their labels (1 furniture, 0 content, None unscored)."""

    name: str
    site: str
    lines: list[str]
    labels: list[int | None]
    #: True for dumps as scrapers store them (the pages the model is judged on).
    dump: bool = True


def _tokens(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _accepted(value: Any) -> list[str]:
    if value is None:
        return []
    return [" ".join(v.split()) for v in (value if isinstance(value, list) else [value]) if v]


def _find(folded: list[str], needles: list[str], start: int, *, last: bool = False) -> int | None:
    """The first line from `start` holding one of `needles` (the last such line if `last`)."""
    hits = [i for i in range(start, len(folded)) if any(n and n in folded[i] for n in needles)]
    if not hits:
        return None
    return hits[-1] if last else hits[0]


def _article_span(folded: list[str], article: dict[str, Any], start: int) -> range | None:
    first = _find(folded, _accepted(article.get("first_words")), start)
    if first is None:
        return None
    ends = _accepted(article.get("last_words"))
    last = _find(folded, ends, first) if ends else first
    return range(first, (last if last is not None else first) + 1)


def label_dump(raw: str, label: dict[str, Any], name: str, site: str) -> TrainingPage:
    """Line labels of one labelled dump (see the module's docstring for the rule)."""
    lines = [fold(line) for line in page_lines_of(raw)]
    furniture = {" ".join(f.split()) for f in label.get("furniture", []) if f}
    header: set[str] = set()
    spans: list[range] = []
    at = 0
    for article in [label.get("main") or {}, *label.get("related", [])]:
        for what in ("title", "title_alt", "publisher", "published_raw"):
            header.update(v.casefold() for v in _accepted(article.get(what)))
        span = _article_span(lines, article, at)
        if span is not None:
            spans.append(span)
            at = span.stop - 1
    inside = {i for span in spans for i in span}
    labels: list[int | None] = []
    for i, line in enumerate(lines):
        if not line:
            labels.append(None)
        elif line in furniture:
            labels.append(1)
        elif i in inside or line.casefold() in header:
            labels.append(0)
        elif any(h and h in line.casefold() for h in header if len(h) > 12):
            labels.append(None)  # a header glued to something else: either reading holds
        else:
            labels.append(1)
    return TrainingPage(name, site, lines, labels)


def labelled_dumps(folder: Path) -> Iterator[TrainingPage]:
    """The pages of a labelled folder, each under its label's `site` (else its file name)."""
    for label in load_labels(folder):
        path = folder / "raw" / label["file"]
        raw = path.read_text(encoding="utf-8", errors="replace")
        site = str(label.get("site") or label["file"]).split(" ")[0]
        yield label_dump(raw, label, f"{folder.name}/{label['file']}", site)


def visible_lines(html: bytes) -> list[str]:
    """What a scraper saves of a page: all visible text, a block a line, chrome included."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse_from_bytes(html)
    text = extract_plain_text(tree, main_content=False, alt_texts=False, links=False)
    return [fold(line) for line in text.splitlines()]


def _headline(html: bytes) -> str | None:
    from lxml import html as lxml_html  # type: ignore[import-untyped]

    doc = lxml_html.fromstring(html)
    for value in doc.xpath("//meta[@property='og:title']/@content") + [
        h.text_content() for h in doc.xpath("//h1")
    ]:
        if value and value.strip():
            return _tokens(value)
    return None


def label_html(html: bytes, body: str, name: str, site: str) -> TrainingPage:
    """Line labels of one HTML page with a known article body.

    A line of three or more words is content when its words occur, in order, in the body; a
    shorter one only between the first and the last content lines of five or more words (a
    word like "Share" occurs in many bodies by chance).
    """
    lines = visible_lines(html)
    truth = f" {_tokens(body)} "
    headline = _headline(html)
    tokens = [_tokens(line) for line in lines]
    found = [bool(t) and f" {t} " in truth for t in tokens]
    long_hits = [i for i, t in enumerate(tokens) if found[i] and t.count(" ") >= 4]
    lo, hi = (long_hits[0], long_hits[-1]) if long_hits else (len(lines), -1)
    labels: list[int | None] = []
    for i, t in enumerate(tokens):
        if not lines[i]:
            labels.append(None)
        elif (headline and t and (t == headline or (len(t) > 20 and t in headline))) or (
            found[i] and (t.count(" ") >= 2 or lo <= i <= hi)
        ):
            labels.append(0)  # the headline, or words of the true body
        elif not t:
            labels.append(1 if not lo <= i <= hi else None)
        else:
            labels.append(1)
    return TrainingPage(name, site, lines, labels, dump=False)


def html_benchmark(folder: Path) -> Iterator[TrainingPage]:
    """The pages of an HTML benchmark folder, each under its URL's host."""
    truth = orjson.loads((folder / "data" / "ground-truth.json").read_bytes())
    for page_id in sorted(truth):
        path = folder / "data" / "html" / f"{page_id}.html.gz"
        if not path.exists():
            continue
        html = gzip.decompress(path.read_bytes())
        entry = truth[page_id]
        host = (urlsplit(entry.get("url") or "").hostname or page_id).removeprefix("www.")
        yield label_html(html, entry.get("articleBody") or "", f"{folder.name}/{page_id}", host)


def training_pages(folder: Path) -> Iterator[TrainingPage]:
    """The training pages of a labelled folder of dumps or of an HTML benchmark folder;
    UsageError when it is neither."""
    if (folder / "data" / "ground-truth.json").is_file():
        return html_benchmark(folder)
    return labelled_dumps(folder)
