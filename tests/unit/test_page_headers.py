"""Which of a header's lines give a page's title, publisher and publication date."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from cleancli.record import Record
from cleancli.stages.strip import NOTHING_LEFT, strip_record

NOW = datetime(2025, 7, 24, 12, tzinfo=UTC)
HEADLINE = "Harbor council approves new ferry timetable"
BODY = (
    "The harbor council voted on Tuesday to approve a new ferry timetable for the winter season.\n"
    "The changes take effect in November and add two early sailings on weekdays.\n"
)


def _strip(*header: str, above: tuple[str, ...] = ()) -> Record:
    text = "\n\n".join((*above, HEADLINE, *header)) + "\n\n" + BODY
    rec = strip_record(Record(id="p", source="p.txt", text=text), now=NOW)
    assert isinstance(rec, Record)
    assert rec.text.startswith("The harbor council voted")
    return rec


def test_an_outlet_under_the_date_does_not_swap_with_the_headline():
    rec = _strip("July 22, 2025", "Coastal Ledger")
    assert (rec.title, rec.published_raw) == (HEADLINE, "July 22, 2025")
    assert rec.publisher != HEADLINE


@pytest.mark.parametrize(
    ("header", "raw"),
    [
        (("Last reviewed: July 23, 2025", "Published: July 22, 2025"), "July 22, 2025"),
        (("Updated: 23 July 2025, 14:20", "Published: 22 July 2025, 09:10"), "22 July 2025, 09:10"),
        (
            ("Actualizado el 23 de julio de 2025", "Publicado el 22 de julio de 2025"),
            "22 de julio de 2025",
        ),
        (("更新日：2025年7月23日", "公開日：2025年7月22日"), "2025年7月22日"),
    ],
)
def test_a_publication_label_beats_an_update_or_unknown_label(header, raw):
    rec = _strip(*header)
    assert rec.published_raw == raw
    assert rec.publisher is None  # a label is nobody's name


def test_a_date_under_the_headline_beats_a_masthead_date_above_it():
    rec = _strip("Coastal Ledger", "3 hours ago", above=("Wednesday, July 23, 2025",))
    assert (rec.published_raw, rec.published) == ("3 hours ago", "2025-07-24T09:00:00Z")


def test_the_fetch_days_date_alone_above_the_headline_is_a_widget_not_the_date():
    rec = _strip("Coastal Ledger", above=("Thursday, July 24, 2025",))
    assert (rec.published, rec.published_raw) == (None, None)


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        ("July 22, 2025 - Source: Harbor Wire", "Harbor Wire"),
        ("22.07.2025 | Quelle: Küstenbote", "Küstenbote"),
        ("2025-07-22 10:05 来源：海滨日报", "海滨日报"),
    ],
)
def test_a_source_after_the_date_is_the_publisher(line, publisher):
    assert _strip(line).publisher == publisher


@pytest.mark.parametrize("label", ["Источник: Северный вестник", "المصدر: الساحل اليومي"])
def test_a_source_line_in_other_languages_gives_the_name_alone(label):
    rec = _strip(label, "22 July 2025")
    assert rec.publisher == label.split(": ", 1)[1]


def test_a_clock_later_than_the_fetch_today_is_no_date():
    assert _strip("Today, 9:15 PM").published is None
    assert _strip("Today, 9:15 AM").published == "2025-07-24T09:15:00Z"


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("Hamburg (dpa) - Die Stadt hat am Dienstag einen neuen Fahrplan beschlossen.", "dpa"),
        ("МОСКВА, 3 марта. /ТАСС/. Городской совет утвердил новое расписание паромов.", "ТАСС"),
        ("Jakarta (ANTARA) - Dewan kota menyetujui jadwal feri baru pada hari Selasa.", "ANTARA"),
    ],
)
def test_a_wire_dateline_in_any_case_names_a_known_agency(opening, agency):
    text = f"{HEADLINE}\n\n{opening}\n\n{BODY}"
    rec = strip_record(Record(id="p", source="p.txt", text=text), now=NOW)
    assert isinstance(rec, Record)
    assert rec.publisher == agency


def test_a_place_in_brackets_before_a_dash_is_no_agency():
    text = f"{HEADLINE}\n\nBerlin (Mitte) - Die Stadt hat am Dienstag einen Fahrplan beschlossen.\n\n{BODY}"
    rec = strip_record(Record(id="p", source="p.txt", text=text), now=NOW)
    assert isinstance(rec, Record)
    assert rec.publisher is None


def test_a_label_cleancli_does_not_know_keeps_its_line_in_the_text():
    text = (
        f"{HEADLINE}\n\nCoastal Ledger\n\n22 July 2025\n\n{BODY}"
        "Closed since: 1 July 2023\n"
        "The old pier will be demolished once the new one opens next spring.\n"
    )
    rec = strip_record(Record(id="p", source="p.txt", text=text), now=NOW)
    assert isinstance(rec, Record)
    assert "Closed since: 1 July 2023" in rec.text
    assert (rec.published_raw, rec.publisher) == ("22 July 2025", "Coastal Ledger")


@pytest.mark.parametrize(
    "byline", ["By Jane Roe, 7 August 2025", "Jane Roe and John Doe 7 August 2025"]
)
def test_authors_beside_a_date_are_not_the_publisher(byline):
    rec = _strip(byline)
    assert rec.publisher is None
    assert rec.published_raw == "7 August 2025"


def test_a_zone_after_an_iso_time_is_read_not_taken_for_a_name():
    rec = _strip("2025-07-05 09:00 EDT")
    assert (rec.publisher, rec.published, rec.published_zone_assumed) == (
        None,
        "2025-07-05T13:00:00Z",
        False,
    )


def test_a_clock_after_today_is_in_the_fetch_times_zone():
    text = f"{HEADLINE}\n\nToday, 00:30\n\n{BODY}"
    fetched = datetime.fromisoformat("2025-08-10T00:45:00+09:00")
    rec = strip_record(Record(id="p", source="p.txt", text=text), now=fetched)
    assert isinstance(rec, Record)
    assert rec.published == "2025-08-09T15:30:00Z"  # 00:30 on the fetch's calendar, at +09:00


def test_a_headline_and_standfirst_above_the_outlet_and_date_stay_the_story():
    text = (
        "Flood defences tested in drill\n\n"
        "Crews spent the night pumping the old mill basin dry, with most of the water gone by "
        "dawn.\n\nThe Riverside Times\n8 August 2025\n\n"
        "Emergency crews pumped water from the old mill basin for six hours. The drill went to "
        "plan.\n\nResidents were warned of road closures.\n"
    )
    rec = strip_record(Record(id="p", source="p.txt", text=text), now=NOW)
    assert isinstance(rec, Record)
    assert (rec.title, rec.published_raw) == ("Flood defences tested in drill", "8 August 2025")
    assert rec.text.startswith("Crews spent the night")
    assert "Emergency crews pumped water" in rec.text


def test_a_line_of_punctuation_alone_is_never_a_title():
    # a summary file read as a page: every line furniture but the closing brace
    summary = {"counts": {"read": 3, "wrote": 9}, "shards": [{"name": "part-00000.jsonl.gz"}]}
    text = json.dumps(summary, indent=2)
    rec = strip_record(Record(id="p", source="p.json", text=text), now=NOW)
    if isinstance(rec, Record):
        assert rec.title is None or any(ch.isalnum() for ch in rec.title)
    else:
        assert rec.reason == NOTHING_LEFT


@pytest.mark.parametrize(
    ("header", "title"),
    [
        ("* * *", None),
        ("----- ----- -----", None),
        ("→ → →", None),
        ("Budget approved\n}", "Budget approved"),
        ("Budget approved\n—", "Budget approved"),
        ("* * *\nBudget approved", "Budget approved"),
    ],
)
def test_a_rule_of_symbols_in_a_header_is_no_title_and_hides_none(header, title):
    rec = strip_record(Record(id="p", source="p.txt", text=f"{header}\n\n{BODY}"), now=NOW)
    assert isinstance(rec, Record)
    assert rec.title == title
    assert rec.text.startswith("The harbor council voted")
