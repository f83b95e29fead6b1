"""The foundation contract on the three seeds: `cleancli run fixtures/` gives exactly these 9."""

from __future__ import annotations

import json

import pytest

from conftest import NOW, cleancli

EXPECTED = [
    ("000", "article", "NATO talk becoming toxic", "Russia Today", "2 days ago"),
    ("000", "related", "Ukraine threatens new invasion of two Russian regions", "Russia Today", "an hour ago"),
    ("000", "related", "Mother dies trying to save son from draft officers in Ukraine – media (VIDEO)", "Russia Today", "2 hours ago"),
    ("000", "related", "Ukraine silent about new peace talks", "Russia Today", "3 hours ago"),
    ("002", "article", "Kiev states NATO discussions becoming toxic", None, "2025-07-22"),
    ("003", "article", "NATO not part of Ukraine peace talks", "Russia Today", "06-04-2025"),
    ("003", "related", "Ukraine membership out of NATO summit statement", "Russia Today", "5 hours ago"),
    ("003", "related", "German intelligence chief claims Russia could attack NATO", "Russia Today", "a day ago"),
    ("003", "related", "Musk's father comments on son's spat with Trump (VIDEO)", "Russia Today", "a day ago"),
]  # fmt: skip

FURNITURE = [
    "logo", "Orange background", "Try Our AI Features", "Explore what Daily8 AI can do for you:",
    "Comments", "No comments yet...", "Related Articles", "DOWNLOAD THE APP", "app-store",
    "play-store", "Read more", "(MENAFN)", "date 2025-07-22 403", "•", "time",
    "Download Daily8 app", "Get Started Now",
]  # fmt: skip


def _records(*extra: str) -> list[dict]:
    result = cleancli("run", "fixtures/", *extra)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return _records()


def test_nine_records_in_order(records):
    got = [
        (r["source"].split("/")[-1][:3], r["kind"], r["title"], r["publisher"], r["published_raw"])
        for r in records
    ]
    assert got == EXPECTED


def test_published_without_now(records):
    assert [r["published"] for r in records] == [
        None,
        None,
        None,
        None,
        "2025-07-22T00:00:00Z",
        "2025-04-06T00:00:00Z",
        None,
        None,
        None,
    ]


def test_related_point_at_their_page(records):
    by_id = {r["id"]: r for r in records}
    for r in records:
        if r["kind"] == "related":
            parent = by_id[r["parent_id"]]
            assert parent["kind"] == "article"
            assert parent["source"] == r["source"]
        else:
            assert r["parent_id"] is None


@pytest.mark.parametrize("phrase", FURNITURE)
def test_no_furniture_in_text(records, phrase):
    for r in records:
        lines = r["text"].split("\n\n")
        assert not any(line.startswith(phrase) for line in lines), (phrase, r["title"])
        if phrase not in {"time", "•", "Comments"}:
            assert phrase not in r["text"], (phrase, r["title"])
        assert not r["text"].startswith(r["title"]), "title repeated at the top of the text"


def test_quotes_read_as_running_sentences(records):
    text = records[5]["text"]
    assert (
        "asked if the bloc had any 'red lines' in the negotiations to end the Ukraine conflict."
        in text
    )
    assert (
        "'We do not have our own red lines, because we are not part of that,' Rutte said." in text
    )
    assert "\n\nhe added." not in text
    assert "\n\nRutte said." not in text


def test_read_more_headline_moves_to_links(records):
    article = records[5]
    assert article["links"] == [
        {"title": "Trump rules out Ukraine joining NATO in exchange for rare earths", "url": None}
    ]
    assert "Trump rules out Ukraine joining NATO" not in article["text"]


def test_now_resolves_relative_dates():
    records = _records("--now", NOW)
    assert records[0]["published"] == "2025-07-22T00:00:00Z"
    assert records[1]["published"] == "2025-07-24T11:00:00Z"
    assert records[7]["published"] == "2025-07-23T00:00:00Z"
    assert records[5]["published"] == "2025-04-06T00:00:00Z"


def test_sites_come_from_profiles(records):
    assert [r["site"] for r in records] == ["daily8.com"] * 4 + ["menafn.com"] + ["daily8.com"] * 4
