"""Score cleancli on a labelled folder of dumps: the numbers cleaning rules are judged by.

A labelled folder holds `raw/` (the dumps) and `labels*.jsonl` (one object per dump: the main
article, the related articles, the furniture lines that must not survive). The labels say what a
careful person wants from each page; this module runs the pipeline over `raw/` and counts how
much of it cleancli got right. Matching:

- main: the first `article` record of the dump; its title must equal the label's title (or a
  `title_alt`), whitespace folded, case ignored.
- boundaries: the main text must start with the label's `first_words` and end with its
  `last_words` (either may be a list of accepted alternatives); a titled main with neither
  expects empty text.
- related: each labelled related article is looked for by title among the dump's records, else
  by its first words; recall counts those found, spurious counts `related` records matching none.
- publisher, date: compared where the label is not null, for the main and each related found;
  a related article not found counts its labelled values as missed. Reported together and each
  on its own (publisher, published_raw).
- furniture: every labelled furniture line, and each `furniture_inline` fragment, is counted in
  the titles and texts of the dump's records (word-bounded, longest first); occurrences the dump
  itself has inside prose are allowed.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import orjson

from cleancli.engines.pipeline import run
from cleancli.errors import UsageError
from cleancli.inputs.sources import read_inputs
from cleancli.record import Record

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from cleancli.options import Options


_META_KEYS: Final = ("publisher", "published_raw")


def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


def _accepted(value: Any) -> list[str]:
    if value is None:
        return []
    return [_fold(v) for v in (value if isinstance(value, list) else [value])]


@dataclass(slots=True)
class PageScore:
    file: str
    records: int = 0
    title: bool | None = None
    bounds: bool | None = None
    related_found: int = 0
    related_labelled: int = 0
    spurious: int = 0
    #: per labelled field ("publisher", "published_raw"): values right, values labelled
    meta_right: dict[str, int] = field(default_factory=dict)
    meta_labelled: dict[str, int] = field(default_factory=dict)
    furniture_total: int = 0
    furniture_left: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Score:
    pages: list[PageScore]

    def _ratio(self, hits: int, total: int) -> float | None:
        return round(100 * hits / total, 1) if total else None

    def totals(self) -> dict[str, Any]:
        titles = [p.title for p in self.pages if p.title is not None]
        bounds = [p.bounds for p in self.pages if p.bounds is not None]
        records = sum(p.records for p in self.pages)
        spurious = sum(p.spurious for p in self.pages)
        furniture = sum(p.furniture_total for p in self.pages)
        left = sum(p.furniture_left for p in self.pages)
        return {
            "pages": len(self.pages),
            "records": records,
            "furniture_removed": self._ratio(furniture - left, furniture),
            "main_title": self._ratio(sum(titles), len(titles)),
            "main_boundaries": self._ratio(sum(bounds), len(bounds)),
            "related_recall": self._ratio(
                sum(p.related_found for p in self.pages),
                sum(p.related_labelled for p in self.pages),
            ),
            "related_spurious": spurious,
            "related_spurious_pct": self._ratio(spurious, records) or 0.0,
            "publisher_date": self._meta(_META_KEYS),
            "publisher": self._meta(("publisher",)),
            "published_raw": self._meta(("published_raw",)),
        }

    def _meta(self, keys: tuple[str, ...]) -> float | None:
        return self._ratio(
            sum(p.meta_right.get(k, 0) for p in self.pages for k in keys),
            sum(p.meta_labelled.get(k, 0) for p in self.pages for k in keys),
        )


def load_labels(folder: Path) -> list[dict[str, Any]]:
    files = sorted(folder.glob("labels*.jsonl"))
    if not files or not (folder / "raw").is_dir():
        raise UsageError(f"{folder}: a labelled folder holds raw/ and labels*.jsonl")
    labels = []
    for path in files:
        for number, line in enumerate(path.read_bytes().splitlines(), 1):
            if line.strip():
                try:
                    labels.append(orjson.loads(line))
                except orjson.JSONDecodeError as exc:
                    raise UsageError(f"{path}:{number}: bad JSON: {exc}") from exc
    return sorted(labels, key=lambda label: label["file"])


def _word_count(haystack: str, needle: str) -> int:
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    return len(re.findall(pattern, haystack))


def _furniture(page: PageScore, label: dict[str, Any], raw: str, records: list[Record]) -> None:
    lines = [_fold(line) for line in raw.splitlines()]
    body = "\n".join(lines)
    shown = "\n".join(_fold(r.title) + "\n" + _fold(r.text) for r in records)
    whole = sorted({_fold(f) for f in label.get("furniture", [])}, key=len, reverse=True)
    inline = sorted({_fold(f) for f in label.get("furniture_inline", [])}, key=len, reverse=True)
    for piece in whole + inline:
        if not piece:
            continue
        as_lines = lines.count(piece)
        in_prose = max(_word_count(body, piece) - as_lines, 0) if piece in whole else 0
        expected = as_lines if piece in whole else max(_word_count(body, piece), 1)
        found = _word_count(shown, piece)
        left = max(found - in_prose, 0)
        page.furniture_total += expected
        page.furniture_left += min(left, expected)
        if left:
            page.problems.append(f"furniture survives x{left}: {piece[:60]!r}")
        shown = shown.replace(piece, "\x00")


def _bounds(text: str, label: dict[str, Any]) -> bool:
    first, last = _accepted(label.get("first_words")), _accepted(label.get("last_words"))
    if not first and not last:
        return not text
    folded = _fold(text)
    return (not first or any(folded.startswith(f) for f in first)) and (
        not last or any(folded.endswith(x) for x in last)
    )


def _meta(page: PageScore, rec: Record, label: dict[str, Any], what: str) -> None:
    for key in _META_KEYS:
        want = label.get(key)
        if want is None:
            continue
        page.meta_labelled[key] = page.meta_labelled.get(key, 0) + 1
        got = getattr(rec, key)
        if _fold(got).casefold() == _fold(want).casefold():
            page.meta_right[key] = page.meta_right.get(key, 0) + 1
        else:
            page.problems.append(f"{what} {key}: want {want!r}, got {got!r}")


def score_page(label: dict[str, Any], raw: str, records: list[Record]) -> PageScore:
    page = PageScore(file=label["file"], records=len(records))
    main = label.get("main") or {}
    articles = [r for r in records if r.kind == "article"]
    titles = _accepted(main.get("title")) + _accepted(main.get("title_alt"))
    if titles:
        got = articles[0].title if articles else None
        page.title = _fold(got).casefold() in {t.casefold() for t in titles}
        if not page.title:
            page.problems.append(f"main title: want {titles[0]!r}, got {got!r}")
    if titles or main.get("first_words") or main.get("last_words"):
        page.bounds = bool(articles) and _bounds(articles[0].text, main)
        if not page.bounds:
            text = _fold(articles[0].text) if articles else "(no article)"
            page.problems.append(f"main prose: {text[:50]!r} … {text[-50:]!r}")
    if articles:
        _meta(page, articles[0], main, "main")
    unused = [r for r in records if not (articles and r is articles[0])]
    for want in label.get("related", []):
        page.related_labelled += 1
        title = _fold(want.get("title")).casefold()
        first = _accepted(want.get("first_words"))
        found = next((r for r in unused if title and _fold(r.title).casefold() == title), None)
        if found is None and first:
            found = next((r for r in unused if _fold(r.text).startswith(tuple(first))), None)
        if found is None:
            page.problems.append(f"related not found: {want.get('title')!r}")
            for k in _META_KEYS:
                if want.get(k) is not None:
                    page.meta_labelled[k] = page.meta_labelled.get(k, 0) + 1
            continue
        unused.remove(found)
        page.related_found += 1
        if not _bounds(found.text, want):
            page.problems.append(f"related prose wrong: {want.get('title')!r}")
        _meta(page, found, want, "related")
    for rec in unused:
        if rec.kind == "related":
            page.spurious += 1
            page.problems.append(f"spurious related: {_fold(rec.title)[:60]!r}")
    _furniture(page, label, raw, records)
    return page


def evaluate(folder: Path, options: Options, files: Collection[str] | None = None) -> Score:
    """Run cleancli over `folder/raw` and score each dump against its label; only the dumps
    named in `files` when given."""
    labels = load_labels(folder)
    if files is not None:
        labels = [label for label in labels if label["file"] in files]
        if not labels:
            return Score([])
    by_file: dict[str, list[Record]] = defaultdict(list)
    names = (
        [str(folder / "raw")]
        if files is None
        else [str(folder / "raw" / label["file"]) for label in labels]
    )
    pages = read_inputs(names, stdin=io.BytesIO())
    for item in run(pages, options):
        if isinstance(item, Record):
            by_file[Path(item.source.split(":", 1)[0]).name].append(item)
    scores = []
    for label in labels:
        raw_path = folder / "raw" / label["file"]
        raw = raw_path.read_text(encoding="utf-8", errors="replace") if raw_path.exists() else ""
        scores.append(score_page(label, raw, by_file.get(label["file"], [])))
    return Score(scores)


def report_lines(score: Score, *, verbose: bool) -> Iterable[str]:
    """The per-page table, the problems when `verbose`, and the totals, as plain lines."""
    yield f"{'page':12} {'recs':>4} {'title':>5} {'prose':>5} {'related':>8} {'spur':>4} {'meta':>7} {'furniture left':>15}"  # noqa: E501
    for p in score.pages:
        flag = {None: "-", True: "ok", False: "NO"}
        yield (
            f"{p.file:12} {p.records:>4} {flag[p.title]:>5} {flag[p.bounds]:>5} "
            f"{p.related_found:>3}/{p.related_labelled:<4} {p.spurious:>4} "
            f"{sum(p.meta_right.values()):>3}/{sum(p.meta_labelled.values()):<3} "
            f"{p.furniture_left:>7}/{p.furniture_total:<7}"
        )
        if verbose:
            yield from (f"    {problem}" for problem in p.problems)
    t = score.totals()
    yield ""
    yield (
        f"pages {t['pages']}, records {t['records']}: furniture removed {t['furniture_removed']}%, "
        f"main title {t['main_title']}%, main prose boundaries {t['main_boundaries']}%, "
        f"related recall {t['related_recall']}%, spurious related {t['related_spurious']} "
        f"({t['related_spurious_pct']}% of records), publisher and date {t['publisher_date']}% "
        f"(publisher {t['publisher']}%, published_raw {t['published_raw']}%)"
    )
