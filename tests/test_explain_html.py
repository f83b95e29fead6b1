"""explain of a page read from HTML: the text the HTML engine dropped, collapsed after the lines."""

from __future__ import annotations

import io
import json

from rich.console import Console

from cleancli.inputs.rawpage import RawPage
from cleancli.record import Block, Record
from cleancli.views.dropped import Dropped, PagesInFlight, dropped_lines
from cleancli.views.show import explain_view
from conftest import FIXTURES, cleancli

ARTICLE = (
    (
        "The public library on Mill Street opened its doors again on Monday, eight months after "
        "floodwater filled its basement and ruined the heating system."
    ),
    (
        "Volunteers carried more than four thousand books back to the shelves over the weekend, "
        "and the children's corner now sits on the first floor, away from the river."
    ),
    (
        "The head librarian said the reading room would stay open until nine in the evening "
        "through the winter, so that students have a warm place to work."
    ),
)
ITEMS = (
    "New opening hours start next week.",
    "Membership cards issued before the flood are still valid.",
)
MENU = ("Home", "Local news", "Sport", "Weather desk")
BYLINE = "By Marta Kovacs, staff reporter"
RELATED = (
    "Related stories",
    "River wall plan goes to council vote",
    "Bakery on the square marks fifty years",
)
FOOTER = ("© 2024 Valley Ledger. All rights reserved.", "Privacy policy · Contact us")


def _page(body: str = ARTICLE[0]) -> str:
    menu = "".join(f'<li><a href="/{n}">{item}</a></li>' for n, item in enumerate(MENU))
    paragraphs = "".join(f"<p>{p}</p>" for p in (body, *ARTICLE[1:]))
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    related = "".join(f'<li><a href="/r{n}">{t}</a></li>' for n, t in enumerate(RELATED[1:]))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Town library reopens after flood repairs | Valley Ledger</title>
<style>nav li {{ display: inline; }}</style>
<script>window.pageViews = (window.pageViews || 0) + 1;</script>
</head><body>
<header><nav class="menu"><ul>{menu}</ul></nav></header>
<main><article>
<h1>Town library reopens after flood repairs</h1>
<p class="byline">{BYLINE}</p>
{paragraphs}<ul>{items}</ul>
</article>
<aside class="related"><h2>{RELATED[0]}</h2><ul>{related}</ul></aside></main>
<footer><p>{FOOTER[0]}</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/contact">Contact us</a></p></footer>
</body></html>
"""


def _explain(*args: str) -> str:
    result = cleancli("explain", *args, "--no-color", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def _sections(out: str) -> list[list[str]]:
    """The dropped sections of explain's output: each its heading, then its lines, stripped."""
    found = []
    for part in out.split("dropped by the HTML engine (")[1:]:
        lines = part.splitlines()
        body = [line.strip() for line in lines[1:] if line.startswith("  ")]
        found.append([lines[0], *body])
    return found


def _size(lines: tuple[str, ...]) -> str:
    return f"{len(chr(10).join(lines).encode())} B"


def test_explain_of_an_html_page_lists_what_trafilatura_dropped(tmp_path):
    page = tmp_path / "library.html"
    page.write_text(_page(), encoding="utf-8")
    out = _explain(str(page))
    dropped = (*MENU, BYLINE, *RELATED, *FOOTER)
    (section,) = _sections(out)
    assert section[0] == f"trafilatura): {len(dropped)} lines, {_size(dropped)}"
    assert section[1:] == [*dropped[:8], f"… {len(dropped) - 8} more"]
    assert f"the HTML engine dropped {len(dropped)} lines" in " ".join(out.split())
    for kept in (*ARTICLE, *ITEMS):
        assert kept[:40] not in "\n".join(section)
        assert kept[:40] in " ".join(out.split())  # among the explained lines instead


def test_explain_names_the_engine_asked_for_and_lists_only_what_it_dropped(tmp_path):
    page = tmp_path / "library.html"
    page.write_text(_page(), encoding="utf-8")
    out = _explain(str(page), "--html-engine", "resiliparse")
    (section,) = _sections(out)
    heading, shown = section[0], section[1:]
    assert heading.startswith("resiliparse): ")
    count = int(heading.split()[1])
    assert shown[:4] == list(MENU)
    assert shown[-1] == f"… {count - 8} more"
    assert f"the HTML engine dropped {count} lines" in " ".join(out.split())
    assert BYLINE in out  # resiliparse keeps the byline: a line of the page, not a dropped one
    assert BYLINE not in shown
    assert not any(line.startswith(ARTICLE[1][:30]) for line in shown)


def test_explain_of_a_dump_with_an_html_field_lists_each_pages_dropped_text(tmp_path):
    dump = tmp_path / "dump.jsonl"
    pages = (_page(), _page(ARTICLE[0].replace("Mill Street", "Orchard Lane")))
    lines = (
        json.dumps({"url": f"https://ledger.example/{n}", "html": h}) for n, h in enumerate(pages)
    )
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _explain(str(dump), "--html-field", "html")
    sections = _sections(out)
    assert len(sections) == 2
    assert all(s[0].startswith("trafilatura): 10 lines") and "Home" in s for s in sections)

    run = cleancli("run", str(dump), "--html-field", "html")
    second = json.loads(run.stdout.splitlines()[1])
    assert "Orchard Lane" in second["text"]
    one = _explain(str(dump), "--html-field", "html", "--id", second["id"][:10])
    assert "Orchard Lane" in one
    assert [s[:2] for s in _sections(one)] == [sections[1][:2]]


def test_text_pages_show_no_dropped_section(tmp_path):
    out = _explain(str(FIXTURES / "003_ad97f0109e716dd8.txt"))
    assert "dropped by the HTML engine" not in out
    assert "the HTML engine dropped" not in out
    dump = tmp_path / "text.jsonl"
    dump.write_text(json.dumps({"text": "\n".join(ARTICLE)}) + "\n", encoding="utf-8")
    assert "dropped by the HTML engine" not in _explain(str(dump))


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


def test_the_dropped_section_stays_a_few_lines_each_cut_to_the_width():
    rec = Record(id="1", source="p.html", text="One line.", blocks=(Block("One line.", "body"),))
    notice = " ".join(["We use cookies to improve your visit."] * 8)
    console = Console(record=True, width=60, file=io.StringIO(), color_system=None)
    console.print(explain_view(rec, dropped=Dropped("trafilatura", (notice,) * 12)))
    out = console.export_text().splitlines()
    size = (len(notice) + 1) * 12 - 1
    assert f"dropped by the HTML engine (trafilatura): 12 lines, {size / 1000:.1f} kB" in out
    assert sum(line.startswith("  We use cookies") for line in out) == 8
    assert "  … 4 more" in out
    assert max(map(len, out)) <= 60
