"""Reading an article's header: headline, publisher, dateline and byline, credits and sources."""

from __future__ import annotations

from cleancli.cleaning.datelines import AUTHORS, SOURCE_NAME, find_date, parse_dateline
from cleancli.cleaning.lines import ends_sentence, is_headline, is_name, is_prose, key, words
from cleancli.stages.strip.listings import ListingPage
from cleancli.stages.strip.shapes import (
    BULLET,
    CLOSING_DATE_LINES,
    CREDIT,
    CREDIT_LINES,
    DOMAIN,
    LABEL,
    MODEL_SURE,
    NUMERIC_TIME,
    OUTLET,
    PLACE_CREDIT,
    RELEASE_HEADLINE_WORDS,
    SOURCE_LINE,
    WIRE_LEAD,
    Article,
    byline_alone,
    echoes,
    holds_address,
    mark,
    proper_name,
    publication_dateline,
    reads_as_header,
    source_line,
    unbulleted,
)


def has_word(text: str) -> bool:
    """Whether a line holds a letter or a digit, in any script: a brace or a rule alone is
    never a title."""
    return any(ch.isalnum() for ch in text)


class HeaderPage(ListingPage):
    """Reading an article's header: headline, publisher, dateline and byline, credits and
    sources."""

    def _is_publisher_line(self, indices: list[int], at: int, art: Article) -> bool:
        """A name right before a bare date is the publisher if a repeat or a headline follows
        (daily8's "Publisher / 2 hours ago / - Publisher / Title")."""
        text = self.lines[indices[at]].text
        following = self._next_content(indices, at)
        if not is_name(text) or following is None:
            return False
        if art.title is None and not proper_name(text):
            return False  # the page's headline, in sentence case, above its date
        own = find_date(text)
        if AUTHORS.match(text) or (own is not None and not own.word):
            return False  # "Last reviewed: July 23, 2025": a date of something else, no name
        dateline = parse_dateline(following)
        if dateline is None or dateline.publisher is not None:
            return False
        if art.title is not None:
            return True
        for i in indices[at + 2 : at + 5]:
            if i in self.drops:  # a widget's line the line model takes out ("0 stars")
                continue
            later = self.lines[i].text
            bullet = BULLET.match(later)
            if bullet and key(bullet.group("name")) == self.lines[indices[at]].key:
                return True
            if is_prose(later) or source_line(later) is not None:
                return False  # a credit under the date names the publisher: the name is a title
            if is_headline(later) and parse_dateline(later) is None:
                return True
        return False

    def _heads_release(self, indices: list[int], at: int) -> bool:
        """Whether the line at `at`, long as a sentence but with no full stop, heads a body that
        opens on a wire dateline ("NEW YORK, May 4, 2022 (GLOBE NEWSWIRE) —"): a press
        release's headline, however long."""
        text = self.lines[indices[at]].text
        if ends_sentence(text) or words(text) > RELEASE_HEADLINE_WORDS:
            return False
        following = self._next_content(indices, at)
        return following is not None and WIRE_LEAD.match(following) is not None

    def _place_credit(self, indices: list[int], at: int, art: Article) -> str | None:
        """The source a "Name (City)" line next to the header's date credits ("Aswat Masriya
        (Cairo)", as republishers write their sources), or None."""
        credit = PLACE_CREDIT.match(self.lines[indices[at]].text)
        if credit is None or not is_name(credit.group("name")) or art.publisher is not None:
            return None
        return credit.group("name") if art.dateline or self._dated_next(indices, at) else None

    def _outlet_under_title(self, indices: list[int], at: int, art: Article) -> bool:
        """Whether a one-word name between a dated header's headline and its first paragraph
        is the outlet ("Teleuniverso"): a station or paper signs so; a person signs with two
        words or more, a section stands above the headline."""
        text = self.lines[indices[at]].text
        if art.title is None or art.dateline is None or art.publisher is not None:
            return False
        if " " in text or not OUTLET.match(text):
            return False
        following = self._next_content(indices, at)
        return following is not None and is_prose(following)

    def _dated_next(self, indices: list[int], at: int) -> bool:
        following = self._next_content(indices, at)
        return following is not None and parse_dateline(following) is not None

    def _headline_over_header(self, indices: list[int], at: int, title: str) -> bool:
        """Whether the line at `at`, below an earlier title, is the article's real headline:
        it has a byline or a dateline under it and the first prose takes up its words, which
        it does not of the earlier one (a site's slogan, a "Join us" prompt)."""
        text = self.lines[indices[at]].text
        following = self._next_content(indices, at)
        if following is None or words(text) < 4 or not is_headline(text):
            return False
        if not reads_as_header(following):
            return False
        prose = next(
            (self.lines[i].text for i in indices[at + 1 :] if is_prose(self.lines[i].text)), ""
        )
        return echoes(text, prose) >= 2 and echoes(title, prose) == 0

    def _read_closing_date(self, indices: list[int], part: int, art: Article) -> None:
        """A story whose header gave no date may show it under its last paragraph ("Diterbitkan
        16 Mar 2013, 12:59 WIB"): the first lines after the body, if one is a full date."""
        if art.dateline is not None:
            return
        body = [i for i in indices if self.lines[i].role == "body"]
        if not body:
            return
        after = [i for i in indices if i > body[-1] and self.lines[i].text]
        for i in after[:CLOSING_DATE_LINES]:
            dateline = parse_dateline(self.lines[i].text)
            if dateline is not None and dateline.unit is None and dateline.publisher is None:
                mark(self.lines[i], "dateline", "dateline-after-body", part)
                art.dateline = dateline
                return

    def _read_source(self, indices: list[int], part: int, art: Article) -> None:
        """A "Source: Name" line or an agency's name before the story's body or after it
        ("Source - Byo24News" under the last paragraph) is chrome, and names the publisher when
        the header named none. Amid the body a labelled line ("Source: Moscow Exchange") is
        still a credit line, but it credits a quote, a chart or a story run in with this one,
        so it names no publisher, and an unlabelled agency's name there is text."""
        body = [i for i in indices if self.lines[i].role == "body"]
        for i in indices:
            amid = bool(body) and body[0] < i < body[-1]
            line = self.lines[i]
            if len(line.text) > SOURCE_LINE:
                continue  # prose, most lines: no credit line is this long
            if amid:
                if SOURCE_NAME.match(line.text) and source_line(line.text) is not None:
                    mark(line, "byline", "source-line", part)
                continue
            source = source_line(line.text)
            if source is not None:
                mark(line, "byline", "source-line", part)
                art.publisher = art.publisher or source

    def _read_credit(self, indices: list[int], part: int, art: Article) -> None:
        """A syndicated story's closing credit names its publisher, and may repeat its title
        ("This article originally appeared on The Ellismere Echo: Headline"): such a credit is
        chrome, and gives the title when the page showed none. A credit without a title
        ("Originally published on Live Science.") stays in the body, as the Zyte benchmark's
        bodies keep it."""
        body = [i for i in indices if self.lines[i].role == "body"]
        for i in body[-CREDIT_LINES:]:
            line = self.lines[i]
            credit = CREDIT.match(line.text)
            if credit is None or not is_name(credit.group("publisher")):
                continue
            art.publisher = art.publisher or credit.group("publisher")
            if credit.group("title"):
                mark(line, "furniture", "closing-credit", part)
                art.title = art.title or credit.group("title")

    def _read_header(
        self, indices: list[int], part: int, art: Article, *, item: bool = False
    ) -> int:
        """Mark the header lines of an article; the index of its first body line.

        One- and two-word lines (menus, kickers, site names) are held back: a title only if no
        better line comes. A title followed by two or more of them and then another headline was
        the site's masthead, and the lines after it its menu.
        """
        short: list[int] = []
        title_line: int | None = None
        doubted: int | None = None
        end = len(indices)
        for at, i in enumerate(indices):
            line = self.lines[i]
            text = line.text
            if item and at == 0:
                mark(line, "title", "listing-item-headline", part)
                art.title, title_line = unbulleted(text), i
            elif self._header_line(indices, at, part, art):
                continue
            elif (
                title_line is not None
                and art.title is not None
                and self._headline_over_header(indices, at, art.title)
            ):
                mark(self.lines[title_line], "furniture", "label-above-headline", part)
                mark(line, "title", "headline-over-byline", part)
                art.title, title_line = text, i
            elif art.title is not None and not is_prose(text) and self._dated_next(indices, at):
                mark(line, "byline", "credit-before-date", part)  # "Name, Reporter | @name"
            elif art.title is None and self._heads_release(indices, at):
                mark(line, "title", "headline-over-wire-dateline", part)
                art.title, title_line = text, i
            elif line.marker or is_prose(text) or not is_headline(text):
                end = at
                break
            elif part == 0 and self.model_drops(i, part):
                # chrome above the page's headline; a related one is found by its cluster
                doubted = i if self._doubted_headline(i) else doubted
                continue
            elif holds_address(text) or (DOMAIN.search(text) and NUMERIC_TIME.search(text)):
                mark(line, "furniture", "address-not-headline", part)  # a phone, mail or web
            elif words(text) < 3 or LABEL.match(text) or not has_word(text):
                short.append(i)  # held back; a rule of dashes or stars never a title
            elif art.title is None:
                mark(line, "title", "first-headline", part)
                art.title, title_line = unbulleted(text), i
                short = self._drop(short, "label-above-title", part)
            elif line.key.startswith(art.title.casefold()):
                mark(line, "furniture", "title-variant", part)
            elif title_line is not None and len(short) >= 2:
                mark(self.lines[title_line], "furniture", "masthead", part)
                mark(line, "title", "headline-after-menu", part)
                art.title, title_line, short = text, i, self._drop(short, "menu", part)
            else:
                end = at
                break
        self._settle_title(art, part, doubted=doubted, short=short, title_line=title_line)
        return end

    def _settle_title(
        self,
        art: Article,
        part: int,
        *,
        doubted: int | None,
        short: list[int],
        title_line: int | None,
    ) -> None:
        """After a header's lines: a title from the lines held back when no line made one, and
        the short lines left marked as labels or header lines."""
        if art.title is None and doubted is not None:
            # The page's headline is a line the model took out, unsure: the last headline of
            # three or more words above the body, where no other line could be the title.
            mark(self.lines[doubted], "title", "headline-the-model-doubted", part)
            art.title, title_line = self.lines[doubted].text, doubted
        wordy = [k for k in short if has_word(self.lines[k].text)]
        if art.title is None and wordy:
            short.remove(wordy[-1])
            title = self.lines[wordy[-1]]
            mark(title, "title", "short-headline", part)
            art.title = title.text
        self._drop(
            short, "label-above-title" if title_line is None else "short-line-in-header", part
        )

    def _header_line(self, indices: list[int], at: int, part: int, art: Article) -> bool:
        """Mark line `at` of a header when it is one of the lines around a headline that say
        who published it and when (a repeat of the title or the publisher, a dateline, a
        byline, a source or credit, the outlet), filling `art` in; False for any other line."""
        line = self.lines[indices[at]]
        text = line.text
        bullet = BULLET.match(text)
        dateline = parse_dateline(text)
        if art.title is not None and line.key == art.title.casefold():
            mark(line, "furniture", "title-repeated", part)
            art.repeated = True
        elif (
            art.publisher is not None
            and (key(bullet.group("name")) if bullet else line.key) == art.publisher.casefold()
        ):
            mark(line, "byline", "publisher-repeated", part)
        elif dateline is not None:
            why = "publisher-glued-to-date" if dateline.publisher else "dateline"
            mark(line, "dateline", why, part)
            held = art.dateline
            art.dateline = publication_dateline(held, dateline, above=art.dated_above_title)
            if art.dateline is not held:
                art.dated_above_title = art.title is None
            art.publisher = art.publisher or dateline.publisher
        elif bullet and is_name(bullet.group("name")):
            following = self._next_content(indices, at)
            if art.publisher is None and not (following and BULLET.match(following)):
                mark(line, "byline", "bullet-publisher", part)
                art.publisher = bullet.group("name")
            else:
                mark(line, "furniture", "bullet-category", part)
        elif byline_alone(text):
            mark(line, "byline", "author-byline", part)
        elif (source := source_line(text) or self._place_credit(indices, at, art)) is not None:
            mark(line, "byline", "source-line", part)
            art.publisher = art.publisher or source
        elif self._outlet_under_title(indices, at, art):
            mark(line, "byline", "outlet-under-title", part)
            art.publisher = text
        elif self._is_publisher_line(indices, at, art):
            mark(line, "byline", "publisher-before-date", part)
            art.publisher = art.publisher or text
        else:
            return False
        return True

    def _doubted_headline(self, i: int) -> bool:
        """Whether line `i`, which the line model takes out, may still be the page's headline:
        three or more words reading as one, and the model short of sure."""
        text = self.lines[i].text
        return words(text) >= 3 and is_headline(text) and self.odds[i] < MODEL_SURE
