from datetime import UTC, datetime

import pytest

from cleancli.cleaning.datelines import find_date, parse_dateline
from cleancli.cleaning.published import Published, resolve
from cleancli.options import parse_when

NOW = datetime(2025, 7, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "raw", "publisher"),
    [
        ("Russia Today2 days ago", "2 days ago", "Russia Today"),
        ("Russia Today06-04-2025", "06-04-2025", "Russia Today"),
        ("timean hour ago", "an hour ago", None),
        ("time5 hours ago", "5 hours ago", None),
        ("timea day ago", "a day ago", None),
        ("time11-06-2025", "11-06-2025", None),
        (" date 2025-07-22 403", "2025-07-22", None),
        ("News183 days ago", "3 days ago", "News18"),
        ("Channel 46 days ago", "6 days ago", "Channel 4"),
        ("Bloomberg28 minutes ago", "28 minutes ago", "Bloomberg"),
        ("Published: March 3, 2025", "March 3, 2025", None),
        ("Updated 22 Jul 2025 14:05 GMT", "22 Jul 2025 14:05 GMT", None),
        ("2 hours ago", "2 hours ago", None),
        ("yesterday", "yesterday", None),
        ("5h", "5h", None),
        ("March 23, 2018 - 7:53am", "March 23, 2018 - 7:53am", None),
        ("March 23, 2018 | 10:45 AM EDT", "March 23, 2018 | 10:45 AM EDT", None),
        # a counter, a byline and sections in capitals after the date
        ("Published On May 4, 2021 » 1004 Views» By Jane Roe » LOCAL, POLICE", "May 4, 2021", None),
        ("May 4, 2021 by admin", "May 4, 2021", None),
        # a template's byline label with its name left empty, or in another language
        ("Monday, 03 February 2020 01:45 Written by", "Monday, 03 February 2020 01:45", None),
        ("3. März 2020 Geschrieben von Hans Meier", "3. März 2020", None),
        ("May 4, 2021 » 1004 Views » By Jane Roe", "May 4, 2021", None),
        # a press review's item: the source after a numeric date
        ("2005-10-27 China Daily", "2005-10-27", "China Daily"),
        # a weekday glued on with a comma, a time before the date, a reading time after it
        ("Sun,5 Aug 2012 04:14 AM PDT", "Sun,5 Aug 2012 04:14 AM PDT", None),
        ("Posted at 11:26 PM, Mar 09, 2017", "11:26 PM, Mar 09, 2017", None),
        ("May 17, 2018 · 13 min read", "May 17, 2018", None),
        ("and last updated 2017-03-10 17:08", "2017-03-10 17:08", None),
    ],
)
def test_dateline(line, raw, publisher):
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.raw, dateline.publisher) == (raw, publisher)


@pytest.mark.parametrize(
    "line",
    [
        "Russia Today",
        "The minister resigned 2 days ago after a long dispute with the cabinet over the budget.",
        "NATO talk becoming toxic",
        "",
        "Errol Musk has weighed in on the public feud, saying it began 3 days ago.",
        # a headline after the date, not a byline or a source
        "May 4, 2021 » By Jane Roe » Man arrested after crash on the bypass",
        "May 4, 2021 Man arrested",
        "2 hours ago Reuters",
    ],
)
def test_not_a_dateline(line):
    assert parse_dateline(line) is None


def test_find_date_prefers_the_last_mention():
    mention = find_date("from 2024-01-01 until 2025-02-03")
    assert mention is not None
    assert mention.raw == "2025-02-03"


@pytest.mark.parametrize(
    ("raw", "unit", "order", "expected"),
    [
        ("2 days ago", "day", "MDY", Published("2025-07-22T00:00:00Z", "day", None)),
        (
            "an hour ago",
            "hour",
            "MDY",
            Published("2025-07-24T11:00:00Z", "hour", zone_assumed=False),
        ),
        ("06-04-2025", None, "DMY", Published("2025-04-06T00:00:00Z", "day", None)),
        ("06-04-2025", None, "MDY", Published("2025-06-04T00:00:00Z", "day", None)),
        ("2025-07-22", None, "YMD", Published("2025-07-22T00:00:00Z", "day", None)),
        ("July 22, 2025", None, None, Published("2025-07-22T00:00:00Z", "day", None)),
        (
            "22 Jul 2025 14:05 GMT",
            None,
            "DMY",
            Published("2025-07-22T14:05:00Z", "minute", zone_assumed=False),
        ),
        (
            "22 Jul 2025 14:05",
            None,
            "DMY",
            Published("2025-07-22T14:05:00Z", "minute", zone_assumed=True),
        ),
        ("yesterday", "day", "MDY", Published("2025-07-23T00:00:00Z", "day", None)),
        ("5h", "hour", "MDY", Published("2025-07-24T07:00:00Z", "hour", zone_assumed=False)),
    ],
)
def test_resolve(raw, unit, order, expected):
    assert resolve(raw, unit=unit, now=NOW, order=order) == expected


def test_relative_dates_need_a_reference_time():
    assert resolve("2 days ago", unit="day", now=None, order="MDY") is None


def test_parse_when():
    assert parse_when("2025-07-24T12:00:00Z") == NOW
    assert parse_when("2025-07-24 12:00") == NOW
    assert parse_when("not a date") is None
    assert parse_when(None) is None


@pytest.mark.parametrize(
    ("line", "raw", "publisher", "expected"),
    [
        ("Elbkuriervor 2 Stunden", "vor 2 Stunden", "Elbkurier", "2025-07-24T10:00:00Z"),
        (
            "El Correo de Valdelunahace 3 horas",
            "hace 3 horas",
            "El Correo de Valdeluna",
            "2025-07-24T09:00:00Z",
        ),
        ("timehace un día", "hace un día", None, "2025-07-23T00:00:00Z"),
        ("Le Mondeil y a 5 heures", "il y a 5 heures", "Le Monde", "2025-07-24T07:00:00Z"),
        ("TeleNord 243 ore fa", "3 ore fa", "TeleNord 24", "2025-07-24T09:00:00Z"),
        (
            "Dagblad Oostervaart · 3 uur geleden",
            "3 uur geleden",
            "Dagblad Oostervaart",
            "2025-07-24T09:00:00Z",
        ),
        ("22.07.2025, 14:05 Uhr", "22.07.2025, 14:05 Uhr", None, "2025-07-22T14:05:00Z"),
        (
            "Publié le 22 juillet 2025 à 14h05",
            "22 juillet 2025 à 14h05",
            None,
            "2025-07-22T14:05:00Z",
        ),
        (
            "22/07/2025 14h05 Atualizado há 2 horas",
            "22/07/2025 14h05",
            None,
            "2025-07-22T14:05:00Z",
        ),
        (
            "Kamis, 24 Jul 2025 14:05 WIB",
            "Kamis, 24 Jul 2025 14:05 WIB",
            None,
            "2025-07-24T07:05:00Z",
        ),
        ("Saturday, June 14, 2025", "Saturday, June 14, 2025", None, "2025-06-14T00:00:00Z"),
        ("18 SEP, 14:32", "18 SEP, 14:32", None, "2025-09-18T14:32:00Z"),
        ("Aug 12, 2025 3:40 PM", "Aug 12, 2025 3:40 PM", None, "2025-08-12T15:40:00Z"),
    ],
)
def test_datelines_in_other_languages_and_forms(line, raw, publisher, expected):
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.raw, dateline.publisher) == (raw, publisher)
    now = (
        datetime(2025, 7, 24, 12, tzinfo=UTC)
        if "SEP" not in line and "Aug" not in line
        else datetime(2025, 9, 20, tzinfo=UTC)
    )
    found = resolve(dateline.raw, unit=dateline.unit, now=now, order="DMY")
    assert found is not None
    assert found.iso == expected


def test_a_time_alone_is_a_dateline_without_a_date():
    dateline = parse_dateline("Actualizado a las 17:20")
    assert dateline is not None
    assert resolve(dateline.raw, unit=dateline.unit, now=NOW, order="DMY") is None
