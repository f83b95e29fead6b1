"""Listing pages and digests: a page of teasers read as items, each with its headline, date and
link, rather than as one article.
"""

from __future__ import annotations

from collections import Counter

from cleancli.cleaning.datelines import SOURCE_NAME, Dateline, find_date, parse_dateline
from cleancli.cleaning.lines import (
    ends_sentence,
    is_headline,
    is_prose,
    is_table_row,
    split_headline,
    words,
)
from cleancli.cleaning.rulesets import LINK_TAIL
from cleancli.record import Link
from cleancli.stages.strip.shapes import (
    BULLET,
    ITEM_SOURCE,
    KICKER,
    LISTING_HEADING,
    LISTING_ITEMS,
    TEASER_WORDS,
    Article,
    DigestItem,
    ItemShape,
    is_listing,
    mark,
    unbulleted_key,
)
from cleancli.stages.strip.stories import StoryPage


class ListingPage(StoryPage):
    """Listing pages and digests: a page of teasers read as items, each with its headline, date and
    link, rather than as one article."""

    def teaser_listing(self) -> list[list[int]]:
        """The items of a listing page (a section index, an author's or a feed's page): three
        or more headlines, each followed by one teaser line and at most two short lines of date
        or source, one after another to the page's end, with nothing that reads as an article
        of its own. A page whose item teasers are neither dated nor cut short ("…", or mid-
        sentence: an excerpt) nor headed by bulleted headlines is taken for an article with
        subheadings. Returns each item's lines, or [] for no listing."""
        zone = self.content(range(len(self.lines)))
        items: list[list[int]] = []
        item_has_long = False  # whether the last item holds a line of a teaser's length
        for i in zone:
            text = self.lines[i].text
            headline = (
                words(text) >= 3
                and is_headline(text)
                and not is_prose(text)
                and parse_dateline(text) is None
                and not ITEM_SOURCE.search(text)  # an item's "Source: … Date: …" line
                and not is_table_row(text)
            )
            long = words(text) >= TEASER_WORDS
            # A long line under an item's headline and date, before any teaser: its teaser cut
            # short mid-sentence, which reads as a headline for want of a full stop.
            teaser_due = bool(items) and len(items[-1]) > 1 and long and not item_has_long
            if headline and items and len(items[-1]) == 1:
                items[-1] = [i]  # a lone headline above the first item: the listing's label
            elif headline and not teaser_due:
                items.append([i])
                item_has_long = False
            elif items:
                items[-1].append(i)
                item_has_long = item_has_long or long
        # The page's own article may stand above the items: its header and paragraphs read
        # as one item with too much body, which the items after it then go on without.
        if len(items) < LISTING_ITEMS:
            return []
        shapes = [self._item_shape(item) for item in items[:-1]]  # the last may run on
        for first in range(min(2, len(shapes))):
            if is_listing(shapes[first:], below_article=first > 0):
                return items[first:]
        return []

    def _item_shape(self, item: list[int]) -> ItemShape | None:
        """What a listing's item shows: a date or source line, a teaser cut short, a bulleted
        headline, its kicker; None when it is no item (no single teaser, or too long)."""
        rest = [self.lines[i].text for i in item[1:]]
        if len(rest) > 3:
            return None
        meta = [bool(parse_dateline(t) or ITEM_SOURCE.search(t)) for t in rest]
        teasers = [
            t
            for t, known in zip(rest, meta, strict=True)
            if not known and (is_prose(t) or words(t) >= TEASER_WORDS)
        ]
        if len(teasers) != 1:
            return None
        headline = self.lines[item[0]].text
        kicker = KICKER.match(headline)
        return ItemShape(
            dated=any(meta),
            cut=teasers[0].endswith(("...", "…")) or not ends_sentence(teasers[0]),
            bulleted=bool(BULLET.match(headline)),
            kicker=kicker.group(0).casefold() if kicker else "",
        )

    def has_teaser(self, segment: list[int]) -> bool:
        """Whether a listing item kept a teaser: a body line of `TEASER_WORDS` or more words,
        prose or an excerpt cut short before its sentence ended."""
        return any(
            self.lines[i].role == "body" and words(self.lines[i].text) >= TEASER_WORDS
            for i in segment
        )

    def read_item_meta(self, segment: list[int], art: Article, part: int) -> None:
        """A listing item's meta lines below its teaser ("Pub date: 3/9/2022 - Source: NBC
        News"): the item's date and source when its header gave none, kept out of its text."""
        for i in segment:
            line = self.lines[i]
            if line.role != "body" or not ITEM_SOURCE.search(line.text):
                continue
            mention = find_date(line.text)
            source = SOURCE_NAME.search(line.text)
            if mention is None and source is None:
                continue
            if art.dateline is None and mention is not None:
                art.dateline = Dateline(mention.raw, None, mention.unit)
            if art.publisher is None and source is not None:
                art.publisher = source.group("name")
            mark(line, "dateline", "item-meta", part)

    def listing_start(self) -> int | None:
        """Where a page made only of article items (a tag or topic listing) starts its first.

        With no related-section marker, a page whose content is two or more items, each with an
        aggregator item header, has no article of its own: every item is a related article. So
        is a page of one such item under a listing's heading.
        """
        segments = self.related_segments(-1)
        items = [s for s in segments if self._has_item_header(s)]
        prose = any(is_prose(self.lines[i].text) for s in items for i in s)
        # A listing's heading ("Latest news with #Tag") says so of one item too.
        least = 1 if any(line.why == LISTING_HEADING for line in self.lines) else 2
        if len(items) >= least and len(items) == len(segments) and prose:
            return self._item_top(segments[0]) - 1
        return None

    def _item_top(self, segment: list[int]) -> int:
        """Where the first item of a listing starts: its headline, the headline-like line right
        above its first date line; the lines above that are the page's own (masthead, menu)."""
        for k, i in enumerate(segment):
            if parse_dateline(self.lines[i].text) is not None:
                if k == 0 or not is_headline(self.lines[segment[k - 1]].text):
                    return segment[0]
                # up through the copies of its headline an aggregator prints ("Title / Title /
                # Publisher / 3 hours ago / … / Title")
                keys = Counter(unbulleted_key(self.lines[j]) for j in segment)
                top = k - 1
                while top > 0 and keys[unbulleted_key(self.lines[segment[top - 1]])] > 1:
                    top -= 1
                return segment[top]
            if is_prose(self.lines[i].text):
                break
        return segment[0]

    def _read_more_at(self, text: str) -> int | None:
        """Where a trailing "Read more" link starts in a line, if the line ends with one."""
        spaces = text.count(" ")
        if spaces < 5:  # the link and at least four words before it
            return None
        tail = text.rsplit(" ", 3)
        last = tail[-1].rstrip(LINK_TAIL).casefold()
        if last and self.rules.link_words is not None and last not in self.rules.link_words:
            return None  # no link the rules know ends with this word
        for n in (2, 3):
            marker = " ".join(tail[-n:])
            if spaces > n + 2 and self.is_link_marker(marker):
                return len(text) - len(marker) - 1
        return None

    def digest_items(self) -> list[DigestItem]:
        """The items of a digest page: lines ending in "Read more", headline first.

        Two or more make a digest. The headline is the line before when that is a headline,
        else the head of the line itself (`split_headline`).
        """
        items: list[DigestItem] = []
        content = self.content(range(len(self.lines)))
        taken: set[int] = set()
        for pos, i in enumerate(content):
            cut = self._read_more_at(self.lines[i].text)
            if cut is None:
                continue
            body = self.lines[i].text[:cut].rstrip()
            before = content[pos - 1] if pos else None
            if before is not None and before not in taken and is_headline(self.lines[before].text):
                items.append(DigestItem(before, i, self.lines[before].text, body))
                taken.add(before)
            else:
                title, body = split_headline(body) or (None, body)
                items.append(DigestItem(None, i, title, body))
            taken.add(i)
        if len(items) < 2:
            return []
        first = min(item.title_line or item.body_line for item in items)
        prose_before = sum(is_prose(self.lines[i].text) for i in content if i < first)
        if prose_before <= 1 or (
            all(item.title_line is not None for item in items) and self.reads_as_article(first)
        ):
            return items
        return []  # an article's teasers, not a digest

    def reads_as_article(self, end: int) -> bool:
        """Whether the content before line `end` is an article of its own (a digest's or a
        listing's introduction under its own dateline), not the page's chrome."""
        texts = [self.lines[i].text for i in self.content(range(end))]
        return any(map(is_prose, texts)) and any(parse_dateline(t) for t in texts)

    def digest_listing(self, items: list[DigestItem]) -> list[list[int]]:
        """A digest's items as a listing's (headline line, body line), each body's "Read more"
        link cut off."""
        for item in items:
            line = self.lines[item.body_line]
            line.text = item.body
        return [[i for i in (item.title_line, item.body_line) if i is not None] for item in items]

    def mark_digest(self, items: list[DigestItem]) -> None:
        used = {i for item in items for i in (item.title_line, item.body_line) if i is not None}
        for part, item in enumerate(items, 1):
            if item.title_line is not None:
                mark(self.lines[item.title_line], "title", "digest-headline", part)
            why = "digest-item" if item.title_line is not None else "digest-item-with-headline"
            mark(self.lines[item.body_line], "body", why, part)
        for i in self.content(range(len(self.lines))):
            if i not in used:
                mark(self.lines[i], "furniture", "digest-chrome", 0)

    def demote_teaser(self, indices: list[int], art: Article, main: Article) -> None:
        """A related entry with no body is a teaser: its headline becomes a link, rest is chrome."""
        for i in indices:
            line = self.lines[i]
            if line.role == "title" or (line.role == "body" and is_headline(line.text)):
                mark(line, "link", "headline-without-body", 0)
                main.links.append(Link(line.text))
            elif line.role is not None and line.role != "link":
                mark(line, "furniture", "teaser-" + (line.why or "line"), 0)
        main.links.extend(art.links)
