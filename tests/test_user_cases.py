"""Pages rebuilt from users' bug reports (tests/cases/NN-*.expect.md says what each expects).

Each test checks the kind of fault its case shows, through the command a user ran.
"""

from __future__ import annotations

import json

from conftest import ROOT, cleancli

CASES = ROOT / "tests" / "cases"


def _records(*args: str) -> list[dict]:
    result = cleancli("run", *args)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.splitlines()]


def _case(name: str, *args: str) -> list[dict]:
    [path] = [p for p in CASES.glob(f"{name}-*") if not p.name.endswith(".md")]
    return _records(str(path), *args)


def test_01_a_cookie_banner_above_the_article_is_chrome_and_the_header_below_it_is_read():
    [rec] = _case("01")
    assert rec["title"] == "Ferry timetable changes for the winter season"
    assert rec["publisher"] == "Harlow Vale Courier"
    assert rec["published"] == "2025-11-12T00:00:00Z"
    paragraphs = rec["text"].split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The ferry link between Oxmere")
    assert "cookie" not in rec["text"].casefold()


def test_05_a_second_story_with_its_own_header_is_not_part_of_the_first():
    main, *rest = _case("05")
    assert main["title"] == "Marsh Lane bakery celebrates 100 years"
    assert main["text"].endswith("to show the staff.")
    assert "Rail replacement" not in main["text"]
    assert "Tollbridge Gazette" not in main["text"]
    [second] = rest
    assert second["kind"] == "related"
    assert second["title"] == "Rail replacement buses for Tollbridge line this weekend"
    assert second["published"] == "2025-06-02T00:00:00Z"
    assert second["text"].startswith("Trains between Tollbridge and Easterby")


def test_21_list_items_stay_as_they_are_and_are_not_welded_to_the_next_sentence():
    [rec] = _case("21")
    paragraphs = rec["text"].split("\n\n")
    items = ["Waterproof jacket", "Warm hat and gloves", "Two litres of water", "Map and compass"]
    for item in [*items, "Charged phone"]:
        assert item in paragraphs
    assert any(p.startswith("Organisers said anyone") for p in paragraphs)


def test_02_a_consent_dialog_inside_main_html_stays_out():
    [rec] = _case("02")
    assert rec["title"] == "Library extends opening hours"
    assert rec["publisher"] == "Brindle Post"
    assert rec["published"] == "2025-03-03T00:00:00Z"
    assert "cookie" not in rec["text"].casefold()
    assert len(rec["text"].split("\n\n")) == 3


def test_03_topic_tags_and_related_headlines_after_the_article_are_not_text():
    [rec] = _case("03")
    assert len(rec["text"].split("\n\n")) == 3
    for tag in ("Explore more on these topics", "Cycling", "Dunmore Council"):
        assert tag not in rec["text"]
    assert "Traders warn parking loss" not in rec["text"]
    assert all("Fenwick" in link["title"] or "Dunmore" in link["title"] for link in rec["links"])


def test_26_the_same_page_six_times_is_six_identical_records_for_any_jobs():
    path = str(next(CASES.glob("26-*.jsonl")))
    outputs = [
        cleancli("run", path, "--html-field", "html", "--dedup", "none", "--jobs", jobs).stdout
        for jobs in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    records = [json.loads(line) for line in outputs[0].splitlines()]
    assert len(records) == 6
    assert len({r["text"] for r in records}) == 1
    result = cleancli("run", path, "--html-field", "html")
    assert b"wrote 1 " in result.stderr
    assert b"duplicates 5" in result.stderr


def test_06_a_share_block_between_the_headline_and_the_byline_is_not_the_article():
    [rec] = _case("06")
    assert rec["title"] == "The quiet return of the night train"
    assert rec["published"] == "2025-02-11T00:00:00Z"
    paragraphs = rec["text"].split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Ten years after the last sleeper service")
    for chrome in ("Gift this story", "Members can pass on", "Share full article", "32"):
        assert chrome not in rec["text"]


def test_07_a_headline_loses_the_site_name_after_a_bar():
    [rec] = _case("07")
    assert rec["title"] == "Harbour wall repairs to start in May"
    assert rec["publisher"] == "Saltcombe Chronicle"
    assert rec["published"] == "2025-04-21T00:00:00Z"


def test_22_a_section_index_is_one_record_per_teaser_not_one_merged_article():
    page, *items = _case("22")
    assert page["kind"] == "article"
    assert page["text"] == ""
    assert [(r["kind"], r["published"]) for r in items] == [
        ("related", "2025-08-07T00:00:00Z"),
        ("related", "2025-07-24T00:00:00Z"),
        ("related", "2025-07-10T00:00:00Z"),
        ("related", "2025-06-26T00:00:00Z"),
    ]
    assert items[1]["title"] == "Why a short walk after dinner is worth the effort"
    assert items[1]["text"].startswith("Ten minutes on foot after a meal")
    assert all("\n" not in r["text"] for r in items)


def test_23_a_comment_thread_after_the_article_ends_it():
    [rec] = _case("23", "--now", "2025-10-21T18:00:00Z")
    assert rec["text"].endswith("a crowdfunding appeal paid for the new parts.")
    assert len(rec["text"].split("\n\n")) == 3
    for chrome in ("Conversation", "Sort by Newest", "Jill from Marsh End", "Reply", "5 Likes"):
        assert chrome not in rec["text"]


def test_08_the_published_line_beats_an_updated_line_above_it():
    [rec] = _case("08")
    assert (rec["published"], rec["published_raw"]) == (
        "2025-03-03T09:10:00Z",
        "3 March 2025, 09:10",
    )
    assert (rec["published_precision"], rec["published_zone_assumed"]) == ("minute", True)
    assert "March 2025" not in rec["text"]


def test_09_ambiguous_numeric_dates_are_read_by_the_pages_evidence():
    uk_plain, uk_ambiguous, german_dotted = _case("09")
    assert uk_plain["published"] == "2025-04-14T00:00:00Z"  # 14 can only be the day
    assert uk_ambiguous["published"] == "2025-05-03T00:00:00Z"  # en-GB writes the day first
    assert german_dotted["published"] == "2025-05-03T00:00:00Z"  # dotted: day first
    assert [r["published_raw"] for r in (uk_ambiguous, german_dotted)] == [
        "03/05/2025",
        "03.05.2025",
    ]


def test_09_with_no_evidence_an_ambiguous_date_is_null_not_a_guess(tmp_path):
    page = json.loads((CASES / "09-day-first-numeric-date.jsonl").read_text().splitlines()[1])
    page.update(lang="en", url="https://example.com/news/pool-reopens")
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(page) + "\n")
    [rec] = _records(str(path))
    assert (rec["published"], rec["published_raw"]) == (None, "03/05/2025")


def test_10_a_date_without_its_year_is_the_last_one_before_the_fetch():
    [rec] = _case("10")
    assert rec["published"] == "2025-12-30T21:45:00Z"
    assert rec["published_raw"] == "30 December, 21:45"


def test_12_a_chinese_article_has_its_header_read_and_its_characters_counted():
    [rec] = _case("12")
    assert rec["title"] == "青岚市地铁三号线下月试运行"
    assert rec["publisher"] == "青岚日报"
    assert (rec["published"], rec["published_raw"]) == (
        "2025-07-22T10:05:00Z",
        "2025年7月22日 10:05",
    )
    assert rec["lang"] == "zh"
    assert rec["text"].startswith("青岚市轨道交通公司")
    assert len(rec["text"].split("\n\n")) == 4
    assert 150 <= rec["word_count"] <= 200


def test_14_russian_dates_absolute_and_relative():
    absolute, relative = _case("14")
    assert [r["publisher"] for r in (absolute, relative)] == ["Северный вестник"] * 2
    assert absolute["published"] == "2025-07-30T14:05:00Z"
    # 3 hours before the fetch time, 09:00+03:00: the same instant as 06:00+03:00
    assert (relative["published"], relative["published_zone_assumed"]) == (
        "2025-07-31T03:00:00Z",
        False,
    )
    for rec in (absolute, relative):
        assert rec["published_raw"] not in rec["text"]


def test_27_months_and_years_ago_keep_the_day_and_say_their_precision():
    months, years, indonesian = _case("27")
    assert (months["published"], months["published_precision"]) == ("2025-05-15T00:00:00Z", "month")
    assert (years["published"], years["published_precision"]) == ("2023-09-15T00:00:00Z", "year")
    assert (indonesian["published"], indonesian["published_raw"]) == (
        "2025-05-15T00:00:00Z",
        "4 bulan lalu",
    )


def test_27_the_indonesian_abbreviation_of_months_is_read(tmp_path):
    page = json.loads((CASES / "27-months-ago-day-of-month.jsonl").read_text().splitlines()[2])
    page["text"] = page["text"].replace("4 bulan lalu", "4 bln lalu")
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(page) + "\n")
    [rec] = _records(str(path))
    assert (rec["published"], rec["published_raw"]) == ("2025-05-15T00:00:00Z", "4 bln lalu")
