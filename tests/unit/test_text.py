import pytest

from cleancli.cleaning.lines import continues, fold, is_headline, is_name, is_prose, reflow


def test_fold_removes_invisible_and_odd_spaces():
    assert fold("  a\u00a0 b\u200b\tc  ") == "a b c"


def test_prose_and_headlines():
    assert is_prose("The council approved the budget on Tuesday after a long debate.")
    assert not is_prose("Ukraine silent about new peace talks")
    assert is_headline("Ukraine silent about new peace talks")
    assert is_headline("Can the port recover?")
    assert not is_headline("He said so.")


def test_reflow_rejoins_broken_quotes():
    lines = [
        "The chief was asked if the bloc had any",
        "'red lines'",
        "in the talks.",
        "'We are not part of that,'",
        "Rutte said.",
        "A new paragraph starts here.",
    ]
    assert reflow(lines) == [
        "The chief was asked if the bloc had any 'red lines' in the talks.",
        "'We are not part of that,' Rutte said.",
        "A new paragraph starts here.",
    ]


def test_reflow_keeps_subheadings_apart():
    assert reflow(["Why it matters", "The port employs 2,000 people."]) == [
        "Why it matters",
        "The port employs 2,000 people.",
    ]


def test_continues_on_lower_case():
    assert continues("The mayor said.", "he added, smiling.")


def test_split_headline_from_its_first_sentence():
    from cleancli.cleaning.lines import split_headline

    assert split_headline(
        "Harbour wall repairs to begin after Easter The council said the work would take six weeks."
    ) == (
        "Harbour wall repairs to begin after Easter",
        "The council said the work would take six weeks.",
    )
    assert split_headline(
        "County says keep the masks on SEATTLE (AP) — Health officials urged people to stay careful."
    ) == (
        "County says keep the masks on",
        "SEATTLE (AP) — Health officials urged people to stay careful.",
    )
    assert split_headline("Short line") is None


def test_words_counts_unspaced_scripts():
    from cleancli.cleaning.lines import words

    assert words("ただいま会議中です。") == 5  # ten characters without spaces: about five words
    line = "先日、不正に改造したスマートフォンを販売したとして、男性が逮捕されたというニュースを耳にしました。"
    assert is_prose(line)
    assert not is_prose("会議のお知らせ")


def test_a_site_name_after_a_bar_leaves_the_headline():
    from cleancli.cleaning.lines import split_site_suffix

    assert split_site_suffix("Harbour wall repairs to start in May | Saltcombe Chronicle") == (
        "Harbour wall repairs to start in May",
        "Saltcombe Chronicle",
    )


def test_a_dash_splits_only_before_a_known_name():
    from cleancli.cleaning.lines import split_site_suffix

    title = "Brexit talks resume in Brussels - what happens next"
    assert split_site_suffix(title) == (title, None)
    known = "Ferry fares rise in autumn - Island Post"
    assert split_site_suffix(known, ["islandpost.co.uk"]) == (
        "Ferry fares rise in autumn",
        "Island Post",
    )
    assert split_site_suffix(known, ["Island Post"])[1] == "Island Post"
    assert split_site_suffix("Jobs | Careers") == ("Jobs | Careers", None)  # too short a headline


def test_reflow_keeps_list_items_names_and_dates_apart():
    lines = [
        "Rangers say every walker should carry:",
        "Waterproof jacket",
        "Map and compass",
        "Charged phone",
        "Organisers said anyone who turns up without the basics will be turned back.",
    ]
    assert reflow(lines) == lines
    header = ["Rail replacement buses for Tollbridge line this weekend", "Tollbridge Gazette"]
    assert reflow(header) == header


def test_reflow_still_joins_a_sentence_cut_at_a_link():
    assert reflow(["The minister met with", "Joe Biden", "on Tuesday in Brussels."]) == [
        "The minister met with Joe Biden on Tuesday in Brussels."
    ]


def test_a_line_memo_remembers_short_lines_and_stays_bounded():
    from cleancli.cleaning.memo import LineMemo

    calls: list[str] = []

    def length(line: str) -> int:
        calls.append(line)
        return len(line)

    memo = LineMemo(length, longest=10, size=3)
    assert [memo(x) for x in ("a", "a", "bb", "a")] == [1, 1, 2, 1]
    assert calls == ["a", "bb"]
    memo("a very long line, not remembered")
    memo("a very long line, not remembered")
    assert len(calls) == 4
    for x in ("c", "d", "e"):  # the fourth short line finds the memo full and starts it again
        memo(x)
    memo("a")
    assert calls[-1] == "a"


def test_reflow_keeps_lower_case_list_items_apart():
    lines = [
        "The plan includes:",
        "a raised concrete wall along the promenade",
        "new drainage gates",
        "Not everyone is convinced that the wall will be enough to hold back the sea.",
    ]
    assert reflow(lines) == lines


def test_reflow_keeps_a_tables_rows_apart():
    rows = ["| Reservoir | Level | Last year |", "|---|---|---|", "| Upper Fell | 71% | 80% |"]
    after = "The company said the levels would recover."
    assert reflow([*rows, after]) == [*rows, after]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("The Ellismere Echo", True),
        ("Jane Roe", True),
        ("--- 1.2.3 ---- 4/5/6 ----", False),
        ("12:30", False),
        ("The board met on Tuesday to vote.", False),
    ],
)
def test_a_name_has_a_few_words_and_a_letter(line, name):
    assert is_name(line) is name
