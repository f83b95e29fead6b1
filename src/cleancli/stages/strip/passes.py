"""The order of strip's passes over one page, in `strip_record`: mark the lines, find where
articles start, read each article's header and body, then the dates; and `strip` over a stream.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Final

from cleancli.cleaning.lang import detect
from cleancli.cleaning.linemodel import BUILTIN, OFF, LineModel, choose
from cleancli.cleaning.lines import is_prose, split_site_suffix
from cleancli.cleaning.published import date_order, from_markup
from cleancli.cleaning.published import prepare as prepare_dates
from cleancli.cleaning.rulesets import select
from cleancli.cleaning.siterepeats import SiteLines, host_of
from cleancli.options import parse_when
from cleancli.record import Item, Record, Reject, Section
from cleancli.scripts import mostly_unspaced
from cleancli.stages.each import each
from cleancli.stages.strip.body import BodyPage
from cleancli.stages.strip.dates import article_dates, markup_fact, published_fields, todays_date
from cleancli.stages.strip.page import page_lines
from cleancli.stages.strip.shapes import SCRIPT_SAMPLE, STAGE, Article, mark

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from cleancli.cleaning.profiles import Profile
    from cleancli.cleaning.rulesets import RuleSet
    from cleancli.options import Options

#: The reason a page all of whose lines are furniture is rejected.
NOTHING_LEFT: Final = "no article found: every line is page furniture"


def strip_record(
    rec: Record,
    *,
    profiles: tuple[Profile, ...] = (),
    auto_profiles: bool = True,
    now: datetime | None = None,
    line_model: LineModel = BUILTIN,
    site_lines: SiteLines | None = None,
    keep_empty: bool = False,
) -> Item:
    """Mark a page's lines and parse its header; a page with nothing left is rejected, or,
    with `keep_empty` (for `explain`), kept with an empty text and every line marked.

    `line_model` takes out lines the rules would keep as title or body when it is sure they
    are furniture, on text dumps of sites no site profile knows (`linemodel.choose`).
    `site_lines`: the lines each site repeats across the run's pages (`siterepeats`).
    """
    raw_lines = page_lines(rec)
    host = host_of(rec.url)
    # The page as one text to recognise its site by (the record's own when it is that already).
    whole = rec.text if not rec.blocks and "\r" not in rec.text else "\n".join(raw_lines)
    rules = select(whole, host, extra=profiles, auto=auto_profiles)
    del whole  # a copy of the page: not held through the passes
    # 1. every line marked by the rules, the site's repeats and the line model
    page = _marked(rec, raw_lines, rules, site_lines, line_model)
    digest = page.digest_items()
    first = min((item.title_line or item.body_line for item in digest), default=0)
    introduced = bool(digest) and page.reads_as_article(first)
    if digest and not introduced:  # a digest page: its items, no article of its own
        page.mark_digest(digest)
        return replace(
            rec,
            title=None,
            text="",
            site=rec.site or rules.site or host,
            blocks=page.blocks(),
            sections=tuple(Section(item.title, text=item.body) for item in digest),
        )
    # 2. where the page's own article and the related articles or listing items start
    teasers, start = page.teaser_boxes()
    listing, start, main_zone = _zones(
        page, page.digest_listing(digest) if introduced else None, start
    )
    # 3. each article read, header then body
    main = page.read_article(main_zone, 0)
    main.links[:0] = teasers
    sections, dated = _related(page, main, listing, start)
    text = page.render(0, range(len(page.lines)))
    if not text and main.title is None and not sections and not keep_empty:
        return Reject(rec.source, STAGE, NOTHING_LEFT, "")
    # 4. publisher, language and dates
    return _finished(
        rec, page, main, (sections, dated), text, rules, parse_when(rec.fetched) or now
    )


def _marked(
    rec: Record,
    raw_lines: list[str],
    rules: RuleSet,
    site_lines: SiteLines | None,
    line_model: LineModel,
) -> BodyPage:
    """The first pass: the rules, the lines the site repeats, where articles end, the model."""
    page = BodyPage(raw_lines, rules, rejoin=rec.layout == "lines")
    page.mark_rules()
    if site_lines is not None:
        page.mark_repeated(site_lines.of(rec))
    page.end_articles()
    model = choose(line_model)
    # The model learnt its shapes (words, capitals, full stops) from spaced scripts: it does not
    # judge pages in scripts written without spaces.
    if (
        model is not None
        and rules.site is None
        and rec.layout == "lines"
        and not mostly_unspaced("".join(raw_lines[:SCRIPT_SAMPLE]))
    ):
        page.consult(model)
    return page


def _zones(
    page: BodyPage, listing: list[list[int]] | None, start: int | None
) -> tuple[list[list[int]], int | None, list[int]]:
    """The second pass: the listing's items (a digest's under an article, else teasers), the
    line before the first related article or item (`start`, None when there is none), and the
    lines of the page's own article. A lead headline above it and a second story below it
    are cut off."""
    if listing is None:
        listing = page.teaser_listing() if start is None else []
    if listing:
        start = listing[0][0] - 1
        page.drops.difference_update(i for item in listing for i in item)  # its shape decides
        if not page.reads_as_article(listing[0][0]):  # what comes before is the page's chrome
            for i in page.content(range(listing[0][0])):
                mark(page.lines[i], "furniture", "listing-header", 0)
    if start is None:
        start = page.listing_start()
        if start is not None and not page.reads_as_article(start + 1):
            for i in page.content(range(start + 1)):  # the listing page's masthead and menus
                mark(page.lines[i], "furniture", "listing-header", 0)
    main_zone = page.content(range(start + 1 if start is not None else len(page.lines)))
    headline = page.lead_headline(main_zone)
    if headline is not None:
        page.drop_lead(main_zone, headline)
        main_zone = page.content(range(start + 1 if start is not None else len(page.lines)))
    stories = page.story_starts(main_zone)
    if stories:
        if stories[0] > 0:
            page.drop_lead(main_zone, stories[0])
        later = [
            at
            for at in stories[1:]
            if any(is_prose(page.lines[i].text) for i in main_zone[stories[0] : at])
        ]
        if later:  # a second story with a header of its own: the first has ended
            start = main_zone[later[0]] - 1
        main_zone = page.content(range(start + 1 if start is not None else len(page.lines)))
    return listing, start, main_zone


def _related(
    page: BodyPage, main: Article, listing: list[list[int]], start: int | None
) -> tuple[list[Section], list[Article]]:
    """The third pass after the page's own article: each related article or listing item read
    into a section (a teaser without a body is demoted into `main`'s links), with the article
    each section was read from."""
    sections: list[Section] = []
    dated: list[Article] = []
    if start is None:
        return sections, dated
    for segment in listing or page.related_segments(start):
        part = len(sections) + 1
        art = page.read_article(segment, part, item=bool(listing))
        if listing:
            page.read_item_meta(segment, art, part)
            art.has_body = art.has_body or page.has_teaser(segment)
        if not art.has_body:
            page.demote_teaser(segment, art, main)
            continue
        dated.append(art)
        sections.append(
            Section(
                art.title, art.publisher, links=tuple(art.links), text=page.render(part, segment)
            )
        )
    return sections, dated


def _finished(
    rec: Record,
    page: BodyPage,
    main: Article,
    related: tuple[list[Section], list[Article]],
    text: str,
    rules: RuleSet,
    ref: datetime | None,
) -> Record:
    """The stripped record: title without the site's suffix, publisher, language, and the dates
    of the page's article and of each related one (`ref`: the fetch time, else `--now`)."""
    sections, dated = related
    host = host_of(rec.url)
    publisher = main.publisher or markup_fact(rec, "html_site")
    if main.title is not None:
        site = rec.site or rules.site or host
        main.title, suffix = split_site_suffix(main.title, (publisher, site, host))
        publisher = publisher or suffix
    lang = rec.lang or detect(text)
    order = rules.date_order or date_order(lang, host)
    published, raw = article_dates(main, order, ref)
    if todays_date(main, published, ref):
        published, raw = None, None
    sections = [
        replace(section, **published_fields(*article_dates(art, order, ref)))
        for section, art in zip(sections, dated, strict=True)
    ]
    fields = published_fields(published, raw)
    markup = markup_fact(rec, "html_date")
    stated = from_markup(markup, ref) if raw is None and markup is not None else None
    if stated is not None:  # the page's text shows no date: take the one its markup states
        fields = published_fields(stated, None)
    return replace(
        rec,
        title=main.title,
        text=text,
        publisher=publisher,
        site=rec.site or rules.site or host,
        lang=lang,
        **fields,
        links=tuple(main.links),
        blocks=page.blocks(),
        sections=tuple(sections),
    )


def strip(
    items: Iterable[Item],
    *,
    profiles: tuple[Profile, ...] = (),
    auto_profiles: bool = True,
    now: datetime | None = None,
    timeout: float | None = None,
    line_model: LineModel = BUILTIN,
    site_lines: SiteLines | None = None,
) -> Iterator[Item]:
    """Strip every record of a stream; rejects pass through untouched.

    `timeout`: seconds one record may take (in a process's main thread), after which it becomes
    a reject "took longer than N s in strip"; None: no deadline. The line model is loaded
    before the first record, and so are the date patterns and the rule set of pages no site
    profile claims, so that no record's deadline pays for them.
    """
    model = choose(line_model)
    line_model = model if model is not None else OFF
    prepare_dates()
    select("", None, extra=profiles, auto=auto_profiles)  # the rule set most pages get
    return each(
        items,
        partial(
            strip_record,
            profiles=profiles,
            auto_profiles=auto_profiles,
            now=now,
            line_model=line_model,
            site_lines=site_lines,
        ),
        STAGE,
        timeout=timeout,
    )


def strip_with(items: Iterable[Item], options: Options) -> Iterator[Item]:
    """`strip` with a run's options."""
    return strip(
        items,
        profiles=options.profiles,
        auto_profiles=options.auto_profiles,
        now=options.now,
        timeout=options.timeout,
        line_model=options.line_model,
        site_lines=options.site_lines,
    )
