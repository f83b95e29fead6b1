from cleancli.text import continues, fold, is_headline, is_prose, reflow


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
    from cleancli.text import split_headline

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
    from cleancli.text import words

    assert words("ただいま会議中です。") == 5  # ten characters without spaces: about five words
    line = "先日、不正に改造したスマートフォンを販売したとして、男性が逮捕されたというニュースを耳にしました。"
    assert is_prose(line)
    assert not is_prose("会議のお知らせ")
