"""Date forms in many languages and scripts, each read from a header line and resolved against
one fetch time: the words come from dateparser's locale data, so no language is special here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cleancli.cleaning.datelines import parse_dateline
from cleancli.cleaning.published import resolve

FETCHED = datetime(2025, 7, 31, 9, 0, tzinfo=UTC)

# fmt: off
FORMS = [
    # (language, script, line as a page shows it, published_raw, published, precision)
    ("en", "Latin", "Published: July 22, 2025", "July 22, 2025", "2025-07-22T00:00:00Z", "day"),
    ("en", "Latin", "Yesterday, 9:15 PM", "Yesterday, 9:15 PM", "2025-07-30T21:15:00Z", "minute"),
    ("de", "Latin", "vor 3 Stunden", "vor 3 Stunden", "2025-07-31T06:00:00Z", "hour"),
    ("fr", "Latin", "Publié le 22 juillet 2025", "22 juillet 2025", "2025-07-22T00:00:00Z", "day"),
    ("es", "Latin", "hace 2 días", "hace 2 días", "2025-07-29T00:00:00Z", "day"),
    ("pt", "Latin", "há 4 meses", "há 4 meses", "2025-03-31T00:00:00Z", "month"),
    ("it", "Latin", "22 luglio 2025", "22 luglio 2025", "2025-07-22T00:00:00Z", "day"),
    ("nl", "Latin", "22 juli 2025 14:05", "22 juli 2025 14:05", "2025-07-22T14:05:00Z", "minute"),
    ("id", "Latin", "4 bln lalu", "4 bln lalu", "2025-03-31T00:00:00Z", "month"),
    ("tr", "Latin", "22 Temmuz 2025", "22 Temmuz 2025", "2025-07-22T00:00:00Z", "day"),
    ("pl", "Latin", "22 lipca 2025", "22 lipca 2025", "2025-07-22T00:00:00Z", "day"),
    ("vi", "Latin", "2 giờ trước", "2 giờ trước", "2025-07-31T07:00:00Z", "hour"),
    ("ru", "Cyrillic", "30 июля 2025, 14:05", "30 июля 2025, 14:05", "2025-07-30T14:05:00Z", "minute"),
    ("ru", "Cyrillic", "3 часа назад", "3 часа назад", "2025-07-31T06:00:00Z", "hour"),
    ("uk", "Cyrillic", "22 липня 2025", "22 липня 2025", "2025-07-22T00:00:00Z", "day"),
    ("ar", "Arabic", "22 يوليو 2025", "22 يوليو 2025", "2025-07-22T00:00:00Z", "day"),
    ("ar", "Arabic", "منذ ساعتين", "منذ ساعتين", "2025-07-31T07:00:00Z", "hour"),
    ("zh", "Han", "2025年7月22日 10:05", "2025年7月22日 10:05", "2025-07-22T10:05:00Z", "minute"),
    ("zh", "Han", "3小时前", "3小时前", "2025-07-31T06:00:00Z", "hour"),
    ("ja", "Han and kana", "2025年7月22日", "2025年7月22日", "2025-07-22T00:00:00Z", "day"),
    ("ja", "Han and kana", "3時間前", "3時間前", "2025-07-31T06:00:00Z", "hour"),
    ("ko", "Hangul", "2025년 7월 22일", "2025년 7월 22일", "2025-07-22T00:00:00Z", "day"),
    ("ko", "Hangul", "3시간 전", "3시간 전", "2025-07-31T06:00:00Z", "hour"),
    ("hi", "Devanagari", "22 जुलाई 2025", "22 जुलाई 2025", "2025-07-22T00:00:00Z", "day"),
    ("el", "Greek", "22 Ιουλίου 2025", "22 Ιουλίου 2025", "2025-07-22T00:00:00Z", "day"),
    ("he", "Hebrew", "22 ביולי 2025", "22 ביולי 2025", "2025-07-22T00:00:00Z", "day"),
    ("th", "Thai", "3 ชั่วโมงที่ผ่านมา", "3 ชั่วโมงที่ผ่านมา", "2025-07-31T06:00:00Z", "hour"),
    ("ar", "Arabic", "منذ 3 ساعات", "منذ 3 ساعات", "2025-07-31T06:00:00Z", "hour"),
    ("ja", "Han and kana", "2025年7月22日 10時05分", "2025年7月22日 10時05分", "2025-07-22T10:05:00Z", "minute"),
    ("zh", "Han", "2025/07/22 10:05", "2025/07/22 10:05", "2025-07-22T10:05:00Z", "minute"),
    ("de", "Latin", "gestern, 21:15 Uhr", "gestern, 21:15 Uhr", "2025-07-30T21:15:00Z", "minute"),
    ("en", "Latin", "Yesterday, 9:15 PM EDT", "Yesterday, 9:15 PM EDT", "2025-07-31T01:15:00Z", "minute"),
    ("en", "Latin", "Published 10:05 AM ET, Tue July 22, 2025", "10:05 AM ET, Tue July 22, 2025", "2025-07-22T10:05:00Z", "minute"),
]
# fmt: on


@pytest.mark.parametrize(
    ("language", "script", "line", "raw", "iso", "precision"),
    FORMS,
    ids=[f"{f[0]}-{f[3]}" for f in FORMS],
)
def test_a_date_form_is_found_and_resolved(language, script, line, raw, iso, precision):
    dateline = parse_dateline(line)
    assert dateline is not None, f"{language} ({script}): no date found in {line!r}"
    assert dateline.raw == raw
    found = resolve(dateline.raw, unit=dateline.unit, now=FETCHED, order=None)
    assert found is not None, f"{language} ({script}): {raw!r} not resolved"
    assert (found.iso, found.precision) == (iso, precision)


def test_the_table_spans_fifteen_languages_and_five_scripts():
    assert len({f[0] for f in FORMS}) >= 15
    assert len({f[1] for f in FORMS}) >= 5


def test_the_date_html_markup_states_keeps_its_time_and_zone():
    from datetime import UTC, datetime

    from cleancli.cleaning.published import from_markup

    now = datetime(2025, 7, 24, 12, tzinfo=UTC)
    day = from_markup("2025-07-22", now)
    assert (day.iso, day.precision, day.zone_assumed) == ("2025-07-22T00:00:00Z", "day", None)
    zoned = from_markup("2025-07-22T10:05:00+02:00", now)
    assert (zoned.iso, zoned.precision, zoned.zone_assumed) == (
        "2025-07-22T08:05:00Z",
        "minute",
        False,
    )
    bare = from_markup("2025-07-22T10:05:30", now)
    assert (bare.iso, bare.precision, bare.zone_assumed) == ("2025-07-22T10:05:30Z", "second", True)
    assert from_markup("2025-07-25T10:05:00Z", now) is None  # after the fetch
    assert from_markup("2025-02-30", now) is None
    assert from_markup("July 22", now) is None
