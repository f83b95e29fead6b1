"""strip, split and emit as plain functions, without the CLI."""

from datetime import UTC, datetime

import pytest

from cleancli.record import Record, Reject
from cleancli.stages.emit import emit
from cleancli.stages.split import split, split_record
from cleancli.stages.strip import strip, strip_record

PAGE = """logo
Harbour expansion wins final approval

Harbour expansion wins final approval

Coastal Herald3 days ago
The regional council approved the harbour expansion on Monday after two years of hearings, clearing the way for construction to begin in spring.
Comments

No comments yet...

Related Articles

Ferry timetable changes for winter
Ferry timetable changes for winter

Island Post

time2 hours ago

  • Island Post

Ferry timetable changes for winter

The ferry operator will run fewer crossings from November, citing lower demand and the need to service two of its vessels before the busy summer season.

DOWNLOAD THE APP
"""


def _page(text: str = PAGE) -> Record:
    return Record(id="p1", source="page.txt", text=text)


def test_strip_marks_every_line_with_role_and_rule():
    rec = strip_record(_page(), now=datetime(2025, 7, 24, 12, tzinfo=UTC))
    assert isinstance(rec, Record)
    assert len(rec.blocks) == len(PAGE.split("\n"))
    roles = {b.text.strip(): (b.role, b.why) for b in rec.blocks if b.text.strip()}
    assert roles["logo"] == ("furniture", "general:image-alt")
    assert roles["Comments"] == ("furniture", "general:comment-section")
    assert roles["Related Articles"] == ("related-marker", "general:related-section")
    assert roles["Coastal Herald3 days ago"] == ("dateline", "publisher-glued-to-date")
    assert roles["time2 hours ago"] == ("dateline", "dateline")
    assert roles["• Island Post"] == ("byline", "publisher-repeated")
    assert roles["DOWNLOAD THE APP"] == ("furniture", "general:app-prompt")
    assert (rec.title, rec.publisher, rec.published_raw, rec.published) == (
        "Harbour expansion wins final approval",
        "Coastal Herald",
        "3 days ago",
        "2025-07-21T00:00:00Z",
    )
    assert rec.text.startswith("The regional council approved")
    assert "Comments" not in rec.text
    assert [s.title for s in rec.sections] == ["Ferry timetable changes for winter"]
    assert rec.sections[0].publisher == "Island Post"


def test_strip_is_idempotent():
    once = strip_record(_page())
    assert isinstance(once, Record)
    assert strip_record(once) == once


def test_strip_rejects_a_page_of_furniture_only():
    rej = strip_record(_page("logo\nComments\nNo comments yet...\n"))
    assert isinstance(rej, Reject)
    assert rej.stage == "strip"


def test_split_cuts_related_articles_out():
    stripped = strip_record(_page())
    assert isinstance(stripped, Record)
    parent, child = split_record(stripped)
    assert parent.sections == ()
    assert child.kind == "related"
    assert child.parent_id == parent.id == "p1"
    assert child.title == "Ferry timetable changes for winter"
    assert child.publisher == "Island Post"
    assert child.published_raw == "2 hours ago"
    assert child.text.startswith("The ferry operator will run fewer crossings")
    assert "DOWNLOAD" not in child.text
    assert {b.role for b in parent.blocks if b.part} == {"related"}
    assert split_record(parent) == [parent]


def test_stages_pass_rejects_and_keep_order():
    rej = Reject("bad.txt", "extract", "empty page")
    items = list(emit(split(strip([_page(), rej]))))
    assert [type(i).__name__ for i in items] == ["Record", "Record", "Reject"]


def test_emit_dedup_drop_and_mark():
    a = Record(id="a", source="a", text="Same words, here!")
    b = Record(id="b", source="b", text="same   words here")
    c = Record(id="c", source="c", text="")
    d = Record(id="d", source="d", text="")
    assert [r.id for r in emit([a, b, c, d])] == ["a", "c", "d"]
    marked = list(emit([a, b], on_duplicate="mark"))
    assert [r.duplicate_of for r in marked if isinstance(r, Record)] == [None, "a"]
    assert len(list(emit([a, b], dedup="none"))) == 2


def test_a_failing_record_becomes_a_reject(monkeypatch):
    import cleancli.stages.strip.passes as strip_module

    def boom(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(strip_module, "BodyPage", boom)
    (rej,) = list(strip([_page()]))
    assert isinstance(rej, Reject)
    assert "RuntimeError: boom" in rej.reason


DIGEST = """ date 2025-06-18 Our local wire collects the latest stories from around the county.

LATEST NEWS

Bridge inspection finds no damage after flood The county engineer said the old stone bridge on Mill Lane passed its inspection on Monday. Read more

TOP VIEWED

School choir wins regional contest
Forty pupils from Elm Street School took first place at the regional choir contest on Saturday. Read more

Disclaimer: stories on this page are collected automatically.
"""

LISTING = """logo
#

Latest news with #Harbour

Ferry fares rise in autumn
Ferry fares rise in autumn

Island Post

time11-06-2025

  • Business
  • Island Post

Ferry fares rise in autumn

The ferry operator will raise fares by four percent from October, citing fuel costs and the repair of two vessels before the summer season.

Harbour café wins award
Harbour café wins award

Coastal Herald

time09-06-2025

  • Lifestyle
  • Coastal Herald

Harbour café wins award

A small café on the harbour front has won the regional award for the best breakfast, its owners said on Monday after the ceremony.
"""


def test_a_digest_page_becomes_its_items():
    page = split_record(strip_record(_page(DIGEST)))
    titles = [(r.kind, r.title) for r in page]
    assert titles == [
        ("article", None),
        ("related", "Bridge inspection finds no damage after flood"),
        ("related", "School choir wins regional contest"),
    ]
    assert page[1].text.startswith("The county engineer said")
    assert not page[1].text.endswith("Read more")
    assert all("Disclaimer" not in r.text for r in page)


def test_a_listing_page_of_items_has_no_article_of_its_own():
    page = split_record(strip_record(_page(LISTING)))
    assert [(r.kind, r.title, r.publisher, r.published_raw) for r in page] == [
        ("article", None, None, None),
        ("related", "Ferry fares rise in autumn", "Island Post", "11-06-2025"),
        ("related", "Harbour café wins award", "Coastal Herald", "09-06-2025"),
    ]


def test_a_name_printed_twice_inside_a_listing_item_is_a_caption_not_an_item():
    # A category listing of whole stories: a calendar widget's date above them, each story's
    # headline over its date and an empty "Written by", a photo's caption and alt text in one.
    page = [
        "Tuesday, 08 July 2025",
        "Latest News",
        "Pier reopens after a winter of repairs",
        "Monday, 03 February 2020 01:45 Written by",
        (
            "The harbour board said on Monday that the pier would reopen to walkers and anglers this "
            "weekend, after divers finished replacing the rotten piles that closed it in November."
        ),
        (
            "Repairs cost the board less than it had set aside, its chair said, because the timber "
            "came from the old ferry terminal that was pulled down last year."
        ),
        "Choir wins the regional contest for the third year running",
        "Wednesday, 08 January 2020 06:03 Written by",
        (
            "The town choir won the regional contest on Saturday, the third win in a row for the "
            "singers, who rehearse every Tuesday in the old school hall."
        ),
        "Mara Lindqvist",
        "Mara Lindqvist",
        (
            "Its conductor said the singers would spend the prize on a trip to the national finals "
            "in the spring, and thanked the parents who drove them to the contest."
        ),
    ]
    records = split_record(_rules_only(page))
    related = [(r.title, r.published_raw) for r in records if r.kind == "related"]
    assert related == [
        ("Pier reopens after a winter of repairs", "Monday, 03 February 2020 01:45"),
        (
            "Choir wins the regional contest for the third year running",
            "Wednesday, 08 January 2020 06:03",
        ),
    ]
    assert "the national finals" in records[-1].text
    assert all("Mara Lindqvist" not in r.title for r in records if r.title)


def test_bulleted_headlines_each_over_one_paragraph_are_a_listing():
    stories = [
        (
            "Ferry fares rise in autumn",
            "The island ferry will cost more from October, the operator said on Monday.",
        ),
        (
            "Harbour café wins award",
            "A café on the quay was named the best in the county by a panel of judges.",
        ),
        (
            "New lifeboat arrives",
            "The station's new all-weather lifeboat reached the harbour after a long trip.",
        ),
    ]
    lines = [
        "Local news",
        *(
            f"{mark}{line}"
            for title, teaser in stories
            for mark, line in (("• ", title), ("", teaser))
        ),
    ]
    page = split_record(strip_record(_page("\n".join(lines))))
    assert [(r.kind, r.title) for r in page] == [("article", None)] + [
        ("related", t) for t, _ in stories
    ]


def test_a_listing_items_source_and_date_line_is_its_header():
    items = [
        ("Ferry fares rise in autumn", "Island Post", "3/9/2022"),
        ("Harbour café wins award", "Coastal Herald", "3/8/2022"),
        ("New lifeboat arrives at the station", "Bay Radio", "3/7/2022"),
    ]
    lines = []
    for title, source, date in items:
        teaser = f"The news of {title.lower()} came on Monday. It goes on, until it stops in the"
        lines += [title, teaser, f"- PUB DATE: {date} 12:00:00 AM - SOURCE: {source}"]
    page = split_record(strip_record(_page("\n".join(lines))))
    assert [(r.title, r.publisher, r.published_raw) for r in page[1:]] == [
        (title, source, f"{date} 12:00:00 AM") for title, source, date in items
    ]
    assert all("SOURCE" not in r.text for r in page)


def test_a_digest_under_its_own_dateline_keeps_its_introduction_as_the_article():
    stories = [
        (
            "Ferry fares rise in autumn",
            "The island ferry will cost more from October, the operator said.",
        ),
        (
            "Harbour café wins award",
            "A café on the quay was named the best in the county by the judges.",
        ),
        (
            "New lifeboat arrives",
            "The station's new all-weather lifeboat reached the harbour on Friday.",
        ),
    ]
    lines = [
        "Island news in brief: ferry fares, a café and a lifeboat",
        "Updated: Aug 08, 2020 21:03",
        "Here is the news from the islands at this hour, gathered by our desk.",
        "Know all about the latest news from the harbour, the quay and the station.",
    ]
    for title, body in stories:
        lines += [title, f"{body} Read more."]
    page = split_record(strip_record(_page("\n".join(lines))))
    assert page[0].title == "Island news in brief: ferry fares, a café and a lifeboat"
    assert page[0].text.startswith("Here is the news from the islands")
    assert [(r.title, r.text) for r in page[1:]] == list(stories)


_PIER = (
    "The harbour board voted on Tuesday to rebuild the north pier, which a storm left crumbling."
)
_WORK = "Engineers said the work would take eighteen months to finish in full."
#: A short story the rules alone read: headline, then two paragraphs.
_STORY = (
    "Harbour board votes to rebuild the north pier",
    "The harbour board agreed on Tuesday to rebuild the north pier after a storm.",
    _WORK,
)


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        # a stray paragraph above the headline: the prose after the headline takes up its words
        (
            [
                "Elsewhere, the river authority said on Monday that two weirs would be rebuilt.",
                "Harbour board votes to rebuild the crumbling north pier",
                _PIER,
                _WORK,
            ],
            "Harbour board votes to rebuild the crumbling north pier",
        ),
        # a slogan above the headline, which has a byline under it
        (
            [
                "Join us on our channel today",
                "Harbour board votes to rebuild north pier",
                "By Jane Doe",
                _PIER,
                _WORK,
            ],
            "Harbour board votes to rebuild north pier",
        ),
    ],
)
def test_the_title_is_the_line_the_story_around_it_names(lines, title):
    rec = strip_record(_page("\n".join(lines)))
    assert isinstance(rec, Record)
    assert rec.title == title
    assert rec.text == f"{_PIER}\n\n{_WORK}"


def test_an_article_opening_with_prose_keeps_its_first_paragraph():
    lines = [
        "The harbour board voted on Tuesday to rebuild the north pier after the storm.",
        "What happens next",
        "Engineers said the work would take eighteen months to finish in full.",
    ]
    rec = strip_record(_page("\n".join(lines)))
    assert isinstance(rec, Record)
    assert rec.text.startswith("The harbour board voted")


def test_a_date_or_a_byline_alone_amid_the_body_is_furniture():
    end = "The board will meet again in June to choose a builder for the new deck."
    day = "Monday, March 14, 2016"
    lines = ["Festival ends in the capital", day, _PIER, _WORK, day, "By Jane Doe", end]
    rec = strip_record(_page("\n".join(lines)), line_model="off")  # the rules' own verdicts
    assert isinstance(rec, Record)
    assert rec.published_raw == day
    assert [b.why for b in rec.blocks if b.text == day] == ["dateline", "date-in-body"]
    assert [b.why for b in rec.blocks if b.text == "By Jane Doe"] == ["byline-in-body"]
    assert rec.text == f"{_PIER}\n\n{_WORK}\n\n{end}"


def test_a_related_marker_among_the_menus_bullets_opens_no_related_section():
    menu = ["Menu", "Topics", "Local", "National", "•", "•", "•", "•", "•", "•"]
    lines = [
        *menu,
        "Trending Now",
        "•",
        "•",
        "Harbour board votes to rebuild north pier",
        "By Jane Doe",
    ]
    lines += [_PIER, _WORK, "The board will meet again in June to choose a builder for the deck."]
    page = split_record(strip_record(_page("\n".join(lines))))
    assert [(r.kind, r.title) for r in page] == [
        ("article", "Harbour board votes to rebuild north pier")
    ]
    assert page[0].text.startswith(_PIER)


def test_two_bulleted_items_each_repeating_their_headline_are_related_articles():
    lines = ["Blog"]
    stories = [
        ("Ferry fares will rise in the autumn, operator says", _PIER),
        ("Harbour café on the quay wins the county award", _WORK),
    ]
    for title, body in stories:
        lines += [f"• {title}", title, body]
    page = split_record(strip_record(_page("\n".join(lines))))
    assert [(r.kind, r.title, r.text) for r in page[1:]] == [("related", t, b) for t, b in stories]


def test_a_listing_item_whose_teaser_is_cut_before_its_full_stop_is_kept():
    lines = ["Top stories feed"]
    for n, title in enumerate(
        ["Ferry fares rise in autumn", "Harbour café wins award", "New lifeboat arrives"]
    ):
        lines += [
            title,
            f"March {20 + n}, 2018 - 7:5{n}am",
            f"It has been a long few weeks here on the island, and story {n} was",
        ]
    page = split_record(strip_record(_page("\n".join(lines))))
    assert [(r.title, r.published_raw) for r in page[1:]] == [
        ("Ferry fares rise in autumn", "March 20, 2018 - 7:50am"),
        ("Harbour café wins award", "March 21, 2018 - 7:51am"),
        ("New lifeboat arrives", "March 22, 2018 - 7:52am"),
    ]


def test_stories_under_the_articles_kicker_after_its_body_are_related():
    lines = ["LETTER: The pier deserves better", "Updated May 25, 2019 - 9:48 pm", _PIER, _WORK]
    letters = [
        (
            "LETTER: Keep the ferry fares down",
            "A return ticket should never cost more than a meal on the quay.",
        ),
        (
            "LETTER: The café deserved its award",
            "The quay has never had better coffee, nor kinder staff.",
        ),
        ("LETTER: Lifeboat crews need our help", "Every crew on this coast is made of volunteers."),
    ]
    for title, teaser in letters:
        lines += [title, teaser]
    # the rules alone: on a page this short the line model doubts the header
    page = split_record(strip_record(_page("\n".join(lines)), line_model="off"))
    assert page[0].title == "LETTER: The pier deserves better"
    assert page[0].text == f"{_PIER}\n\n{_WORK}"
    assert [(r.title, r.text) for r in page[1:]] == letters


def test_a_table_and_a_date_range_stay_in_the_article():
    lines = [
        "Harbour board votes to rebuild north pier",
        _PIER,
        _WORK,
        "| Pier | Built | Length in metres | Cost in millions of pounds |",
        "|---|---|---|---|",
        "| North pier of the old harbour | 1885 | 320 | 14.5 |",
        "| South pier of the old harbour | 1902 | 280 | 11.0 |",
        "The festival of lights runs on the quay between these two dates.",
        "29 November 2018 | 20 January 2019",
        "The board will meet again in June to choose a builder for the new deck.",
    ]
    page = split_record(strip_record(_page("\n".join(lines))))
    assert len(page) == 1
    assert "| North pier of the old harbour | 1885 | 320 | 14.5 |" in page[0].text
    assert "29 November 2018 | 20 January 2019" in page[0].text


def test_bulleted_points_below_an_article_are_its_own():
    points = [
        ("• Fuel duty frozen again this year", "The freeze will last until the spring budget."),
        (
            "• Rail fares capped for commuters",
            "Season tickets will rise by no more than inflation.",
        ),
        (
            "• Bus routes saved across the county",
            "Ten rural routes will keep their daily services.",
        ),
        (
            "• New money for the lifeboat stations",
            "Each station on the coast gets a grant for repairs.",
        ),
    ]
    lines = [
        "Budget brings relief for the coast",
        "By Jane Doe",
        "Monday, March 14, 2016",
        _PIER,
        _WORK,
    ]
    lines += ["Here are the main points."] + [line for point in points for line in point]
    page = split_record(strip_record(_page("\n".join(lines)), line_model="off"))
    assert len(page) == 1
    assert "Fuel duty frozen again" in page[0].text


def test_language_is_detected():
    german = "Der Stadtrat hat am Dienstag die Sanierung des Hallenbads beschlossen, die Arbeiten beginnen im Herbst."
    rec = strip_record(_page(f"Stadtrat beschließt Sanierung\n{german}"))
    assert isinstance(rec, Record)
    assert rec.lang == "de"


def test_a_teaser_box_inside_an_article_is_links_not_a_related_article():
    lines = [
        *_STORY,
        "DON'T MISS",
        "Lighthouse keeper retires after forty years [PICTURES]",
        "Ferry timetable changes for the summer season [LATEST]",
        "Residents asked that the old lamp posts be kept and put back afterwards.",
        "The board promised to store them until the new deck is laid next spring.",
    ]
    rec = strip_record(Record(id="p", source="p", text="\n".join(lines)))
    assert isinstance(rec, Record)
    assert rec.sections == ()
    assert [link.title for link in rec.links][:2] == [
        "Lighthouse keeper retires after forty years [PICTURES]",
        "Ferry timetable changes for the summer season [LATEST]",
    ]
    assert rec.text.endswith("until the new deck is laid next spring.")
    assert "Lighthouse" not in rec.text


def _rules_only(lines: list[str]) -> Record:
    """A page of `lines` stripped by the rules alone, as a record."""
    rec = strip_record(Record(id="p", source="p", text="\n".join(lines)), line_model="off")
    assert isinstance(rec, Record)
    return rec


def test_a_blog_comment_form_ends_the_article():
    lines = [
        *_STORY,
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Great news for the town, I walk there every morning with the dog.",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    ]
    rec = _rules_only(lines)
    assert rec.text.endswith("eighteen months to finish in full.")
    assert "Great news for the town" not in rec.text


def test_a_contact_line_or_a_dated_site_line_is_never_the_title():
    for chrome in (
        "• 850-433-1141 | info@harbourfm.example",
        "15-03-2026 - 12:07 - Kestrel-News.fr",
    ):
        lines = [
            chrome,
            *_STORY,
        ]
        rec = _rules_only(lines)
        assert rec.title == _STORY[0], chrome
    headline = "Amazon.com shares jump after record holiday sales"
    rec = strip_record(
        Record(id="p", source="p", text=f"{headline}\n{lines[2]}\n{lines[3]}"), line_model="off"
    )
    assert rec.title == headline


def test_a_copyright_line_ends_the_page_unless_a_dated_item_follows():
    story = [
        *_STORY,
        "Copyright 2025 Calder Bay Radio",
    ]
    footer = ["Win tickets to concerts, weekends away, great prizes and more!"]
    item = [
        "Published: 4/16/2025 9:55 PM",
        "The ferry operator will run fewer crossings to the islands from November onwards.",
    ]
    page = strip_record(Record(id="p", source="p", text="\n".join(story + footer)))
    assert isinstance(page, Record)
    assert page.text.endswith("eighteen months to finish in full.")
    listing = strip_record(Record(id="p", source="p", text="\n".join(story + item)))
    assert isinstance(listing, Record)
    assert not any(b.why.startswith("after-") for b in listing.blocks)


def test_a_caption_printed_twice_is_chrome_but_a_paragraph_printed_twice_is_not():
    caption = "The harbour board's chair and the mayor at the north quay in 2024"
    paragraph = "The harbour board agreed on Tuesday to rebuild the north pier after a storm."
    lines = [
        "Harbour board votes to rebuild the north pier",
        caption,
        caption,
        paragraph,
        paragraph,
        "Engineers said the work would take eighteen months to finish in full.",
    ]
    rec = _rules_only(lines)
    assert caption not in rec.text
    assert rec.text.startswith(paragraph)


def test_a_press_release_headline_is_the_title_however_long():
    headline = (
        "CALDER BAY FERRIES, A REGIONAL OPERATOR, Announces Two New Routes to the Northern "
        "Islands and a Fleet Renewal Plan for the Coming Decade – CBF"
    )
    lines = [
        headline,
        (
            "CALDER BAY, May 04, 2025 (GLOBE NEWSWIRE) — Calder Bay Ferries today announced two "
            "new routes to the northern islands, starting in June."
        ),
        "The company will also replace four of its vessels by 2030, it said.",
    ]
    rec = _rules_only(lines)
    assert rec.title == headline
    assert rec.text.startswith("CALDER BAY, May 04, 2025")


def test_tags_at_the_page_end_go_even_under_a_list_with_no_prose():
    lines = [
        "Ferry timetable for the summer season",
        "1st crossing: 6 May – Calder Bay to Orkel",
        "2nd crossing: 13 May – Orkel to Calder Bay",
        "3rd crossing: 20 May – Calder Bay to Marn",
        "Tags",
        "ferry timetable 2025, calder bay ferry, orkel island ferry, marn crossing, summer ferries",
    ]
    rec = _rules_only(lines)
    assert rec.text.endswith("3rd crossing: 20 May – Calder Bay to Marn")
    assert "calder bay ferry" not in rec.text
    # a finished sentence after a share bar's "Comments" is the article, not a footer
    page = [lines[0], "Comments", "The ferry company published its summer timetable on Monday."]
    rec = _rules_only(page)
    assert rec.text == page[2]


def test_what_looks_like_chrome_inside_an_article_leaves_it_whole():
    paragraph = (
        "The harbour board agreed on Tuesday to rebuild the north pier after the storms of the "
        "last two winters damaged its moorings, its lights and the steps the fishing fleet uses "
        "to land its catch, and said the work would start in spring and take eighteen months."
    )
    chant = "We want our buses back"
    lines = [
        *_STORY,
        "© 2025 Jane Roe",  # a photo's credit, not the site's footer
        paragraph,
        "By Tuesday, most of the boats were back",
        chant,
        chant,
        chant,
        "First published in London: the book sold a million copies in its first year.",
    ]
    rec = _rules_only(lines)
    assert paragraph in rec.text
    assert rec.text.count(chant) == 3
    assert "most of the boats were back" in rec.text
    assert rec.text.endswith("in its first year.")
    assert rec.publisher is None


def test_a_dateline_row_with_views_and_byline_dates_the_article():
    lines = [
        "Ferry service resumes after repairs",
        "Published On May 4, 2021 » 1004 Views » By Jane Roe » LOCAL",
        "The ferry to Orkel Island returned to service on Tuesday after repairs to its engines.",
        "Passengers were offered seats on the afternoon boat during the repairs, it said.",
    ]
    rec = _rules_only(lines)
    assert rec.published_raw == "May 4, 2021"
    assert rec.text.startswith("The ferry to Orkel Island")


@pytest.mark.parametrize(
    "address",
    [
        "Call (555) 123-4567",
        "Call 555.123.4567 now",
        "Tips: desk@harbour-news.org",
        "Visit www.harbour-news.com",
        "See https://harbour-news.com/pier",
    ],
)
def test_a_line_holding_an_address_is_never_the_headline(address):
    rec = _rules_only([address, *_STORY])
    assert rec.title == _STORY[0]
    assert address not in rec.text


def test_a_wires_credit_names_the_publisher():
    credit_line = _rules_only(
        ["Pier to be rebuilt", "Sun,5 Aug 2012 04:14 AM PDT", "Reuters -", *_STORY[1:]]
    )
    assert (credit_line.title, credit_line.publisher) == ("Pier to be rebuilt", "Reuters")
    assert "Reuters" not in credit_line.text
    lead = f"KESTRAVIK (Reuters) - {_STORY[1]}"
    dateline = _rules_only([_STORY[0], "September 4, 2025 7:42 AM", lead, *_STORY[2:]])
    assert dateline.publisher == "Reuters"
    assert _rules_only(list(_STORY)).publisher is None


@pytest.mark.parametrize(
    ("credit", "publisher"), [("Source - Harbour Post", "Harbour Post"), ("AFP", "AFP")]
)
def test_a_source_or_an_agency_under_the_story_names_the_publisher(credit, publisher):
    rec = _rules_only([*_STORY, credit])
    assert rec.publisher == publisher
    assert credit not in rec.text


def test_an_agency_is_its_name_alone():
    from cleancli.cleaning.wires import wire_credit

    assert [wire_credit(x) for x in ("(Reuters)", "Xinhua -", "Sports", "AFP reports")] == [
        "Reuters",
        "Xinhua",
        None,
        None,
    ]


def test_names_with_a_dash_amid_the_body_and_photo_credits_are_no_publishers():
    listed = _rules_only(
        [*_STORY[:2], "The day's winners were:", "Harbour Holdings -", "Pier Works -", _STORY[2]]
    )
    assert listed.publisher is None
    assert "Harbour Holdings -" in listed.text
    assert _rules_only([*_STORY, "Source: Getty Images"]).publisher is None


def test_a_labelled_source_line_amid_the_body_is_chrome_but_names_no_publisher():
    # A story run in with the page's own carries its credit line between paragraphs.
    rec = _rules_only([*_STORY[:2], "Source: Harbour Exchange – Harbour Exchange –", *_STORY[2:]])
    assert rec.publisher is None
    assert "Source: Harbour Exchange" not in rec.text
    assert _STORY[2] in rec.text


def test_a_wire_dateline_with_a_state_and_a_date_names_the_agency():
    lead = f"SAN JOSE, Calif., Aug. 05, 2012 (GLOBE NEWSWIRE) -- {_STORY[1]}"
    rec = _rules_only([_STORY[0], "August 5, 2012", lead, *_STORY[2:]])
    assert rec.publisher == "GLOBE NEWSWIRE"
