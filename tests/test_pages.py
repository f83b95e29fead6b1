"""Invented dumps in real layouts (tests/pages/), checked against hand-written labels.

No cleaning rule names anything in these pages; they pass through the general rules and the
site profiles alone.
"""

from __future__ import annotations

import json

import pytest

from conftest import PAGES, cleancli

LABELS = [json.loads(line) for line in (PAGES / "labels.jsonl").read_text().splitlines()]


def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


def _accepts(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


@pytest.fixture(scope="module")
def output() -> dict[str, list[dict]]:
    result = cleancli("run", str(PAGES / "raw"))
    assert result.returncode == 0, result.stderr.decode()
    by_file: dict[str, list[dict]] = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        by_file.setdefault(record["source"].rsplit("/", 1)[-1], []).append(record)
    return by_file


def test_labels_exist():
    assert len(LABELS) >= 5


def _check_article(record: dict, label: dict) -> None:
    for key in ("publisher", "published_raw"):
        assert record[key] == label[key], (key, record["title"])
    text = _fold(record["text"])
    starts = _accepts(label["first_words"])
    ends = _accepts(label["last_words"])
    assert not starts or any(text.startswith(_fold(s)) for s in starts), text[:80]
    assert not ends or any(text.endswith(_fold(e)) for e in ends), text[-80:]


@pytest.mark.parametrize("label", LABELS, ids=[label["file"] for label in LABELS])
def test_page(output, label):
    records = output[label["file"]]
    articles = [r for r in records if r["kind"] == "article"]
    related = [r for r in records if r["kind"] == "related"]
    assert len(articles) == 1
    main = label["main"]
    assert articles[0]["title"] in [main["title"], *main.get("title_alt", [])]
    _check_article(articles[0], main)
    if "links" in main:
        assert [link["title"] for link in articles[0]["links"]] == main["links"]
    assert [r["title"] for r in related] == [r["title"] for r in label["related"]]
    for record, want in zip(related, label["related"], strict=True):
        _check_article(record, want)
        assert record["parent_id"] == articles[0]["id"]
    titles = {main["title"], *(r["title"] for r in label["related"])}
    for record in records:
        lines = {_fold(line) for line in record["text"].split("\n\n")}
        for furniture in set(label["furniture"]) - titles:
            assert _fold(furniture) not in lines, furniture
            assert _fold(record["title"]) != _fold(furniture), furniture
        for fragment in label.get("furniture_inline", []):
            assert fragment not in record["text"], fragment
