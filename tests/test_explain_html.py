"""explain of a page read from HTML: the text the HTML engine dropped, collapsed after the lines."""

from __future__ import annotations

from cleancli.dropped import PagesInFlight, dropped_lines
from cleancli.sources import RawPage


def test_kept_lines_match_visible_ones_through_list_and_table_markup():
    visible = ["Home", "Apples\tthree crates", "New hours start next week.", "Footer note"]
    kept = ["| Apples | three crates |", "|---|---|", "- New hours start next week."]
    assert list(dropped_lines(visible, kept)) == ["Home", "Footer note"]
    # a long visible line the engine broke in two, as it found it in the markup, was kept
    broken = ("A paragraph the engine kept over two lines", "– as its source had it broken.")
    assert not list(dropped_lines([" ".join(broken)], broken))


def test_pages_in_flight_are_let_go_and_bounded():
    window = PagesInFlight(size=3)
    pages = [RawPage(f"dump.jsonl:{n}", b"{}", "jsonl") for n in range(5)]
    assert list(window.watch(pages)) == pages
    assert window.take("dump.jsonl:0") is None  # the oldest went when the window was full
    assert window.take("dump.jsonl:3") is pages[3]
    assert window.take("dump.jsonl:3") is None  # taken once
