"""Strip's second pass: where the page's own article starts and where embedded related articles
and teaser boxes begin.
"""

from __future__ import annotations

from cleancli.cleaning.datelines import parse_dateline
from cleancli.cleaning.lines import is_headline, is_name, is_prose, words
from cleancli.record import Link
from cleancli.stages.strip.marking import MarkedPage
from cleancli.stages.strip.shapes import (
    BULLET,
    BYLINE,
    LEAD_LINES,
    LEAD_PROSE,
    Line,
    echoes,
    header_cluster,
    mark,
    repeats_a_title,
)


class StoryPage(MarkedPage):
    """Strip's second pass: where the page's own article starts and where embedded related articles
    and teaser boxes begin."""

    def related_start(self, begin: int = 0) -> int | None:
        """The first related-section marker from line `begin` on that follows content; earlier
        ones are chrome. A `begin` past 0 resumes after a marker, so content was seen. Lines
        the line model takes out (a menu's items, a bullet row) are no content."""
        seen_content = begin > 0
        for i in range(begin, len(self.lines)):
            line = self.lines[i]
            if line.role is None and i not in self.drops:
                seen_content = True
            elif line.role == "related-marker":
                if seen_content:
                    return i
                mark(line, "furniture", line.why + " (before any content)", 0)
        return None

    def teaser_boxes(self) -> tuple[list[Link], int | None]:
        """The teaser boxes set inside the article ("Don't miss" and a few headlines) as links,
        and the related-section marker that opens the related articles, if any.

        A marker opens a box when the article's prose comes before it and goes on after it. A
        related article opens with one title and a header cluster (publisher, date, repeats); a
        box has either no title at all (the extractor kept the label but not its links) or two
        or more bare headlines in a row with nothing to date them. Each line is read once: a
        box's lines leave the content before the next marker is looked for.
        """
        links: list[Link] = []
        start = self.related_start()
        if start is None or not any(
            is_prose(self.lines[i].text) for i in self.content(range(start))
        ):
            return links, start
        read = start  # lines up to here hold no content left for a box
        while start is not None:
            head: list[int] = []
            for end in range(max(start, read) + 1, len(self.lines)):
                line = self.lines[end]
                if line.role is not None:
                    continue
                if is_prose(line.text) and not line.marker:
                    break
                head.append(end)
            else:
                return links, start  # teasers with no prose after them: the article has ended
            cluster = [self.lines[i] for i in head]
            if (
                len(head) == 1
                or header_cluster(cluster)
                or not all(is_headline(line.text) for line in cluster)
            ):
                return links, start
            marker = self.lines[start]
            mark(marker, "furniture", marker.why + " (a box inside the article)", 0)
            for line in cluster:
                mark(line, "link", "teaser-in-article", 0)
            links += [Link(line.text) for line in cluster]
            read = end - 1
            start = self.related_start(start + 1)
        return links, None

    def _starts_article(self, zone: list[int], at: int) -> tuple[bool, int]:
        """Whether the header-like lines from `zone[at]` on look like a new article's header,
        and where in `zone` they end (its next prose line)."""
        cluster: list[Line] = []
        for end in range(at, len(zone)):
            line = self.lines[zone[end]]
            if is_prose(line.text):
                break
            cluster.append(line)
        else:
            return True, len(zone)  # a run of headers with no prose after it: teasers, apart
        return header_cluster(cluster), end

    def _has_item_header(self, segment: list[int]) -> bool:
        """An aggregator item's header: its title repeated, or a date with a bullet or name."""
        header: list[Line] = []
        for i in segment:
            if is_prose(self.lines[i].text):
                break
            header.append(self.lines[i])
        datelines = [(line.text, parse_dateline(line.text)) for line in header]
        dated = any(dateline for _, dateline in datelines)
        bullet = any(BULLET.match(line.text) for line in header)
        # a press review's "2005-10-28 Xinhuanet": the date, then the source it quotes
        sourced = any(d and d.publisher and text.startswith(d.raw) for text, d in datelines)
        return repeats_a_title(header) or (dated and bullet) or sourced

    def _opens_story(self, zone: list[int], at: int) -> bool:
        """Whether `zone[at]` is a headline whose header cluster follows: within the next
        three lines, names or bylines and a date line, then prose within two lines."""
        text = self.lines[zone[at]].text
        if (
            words(text) < 3
            or not is_headline(text)
            or self.lines[zone[at]].marker
            or BYLINE.match(text)
            or parse_dateline(text) is not None
        ):
            return False
        for k in range(at + 1, min(at + 4, len(zone))):
            line = self.lines[zone[k]].text
            if parse_dateline(line) is not None:
                after = zone[k + 1 : k + 3]
                return any(is_prose(self.lines[i].text) for i in after)
            byline = BYLINE.match(line)
            if not (is_name(line) or (byline and is_name(byline.group("name") or ""))):
                return False
        return False

    def story_starts(self, zone: list[int]) -> list[int]:
        """Positions in `zone` of headlines that open a story with a header cluster of their
        own: the page's article wherever it stands, and stories after it with no related-section
        marker between."""
        starts: list[int] = []
        for at in range(len(zone)):
            if not self._opens_story(zone, at) or (starts and starts[-1] >= at - 1):
                continue
            above = self.lines[zone[at - 1]].text if at else ""
            # A headline with its standfirst above the byline: the story opens at the headline.
            stood = at > 0 and words(above) >= 4 and is_headline(above) and not is_prose(above)
            starts.append(at - 1 if stood and not parse_dateline(above) else at)
        return starts

    def lead_headline(self, zone: list[int]) -> int | None:
        """Where in `zone` the page's headline stands below a stray line or two, when the page
        opens with prose: a line that could be a title, followed by prose that takes up its
        words (`echoes`), which the lines above it do not. None when the page opens with its
        headline or has none to find."""
        if not zone or not is_prose(self.lines[zone[0]].text):
            return None
        for k in range(1, min(LEAD_LINES + 1, len(zone) - 1)):
            text = self.lines[zone[k]].text
            after = self.lines[zone[k + 1]].text
            if (
                words(text) >= 4
                and is_headline(text)
                and not self.lines[zone[k]].marker
                and is_prose(after)
                and echoes(text, after) >= 2
                and all(echoes(text, self.lines[i].text) < 2 for i in zone[:k])
            ):
                return k
        return None

    def drop_lead(self, zone: list[int], first: int) -> None:
        """Mark the lines before the page's first story header as chrome (a cookie banner, a
        crawler's header, a site's masthead) when they hold no story of their own: no date
        line and at most `LEAD_PROSE` prose lines."""
        lead = zone[:first]
        texts = [self.lines[i].text for i in lead]
        if any(parse_dateline(t) for t in texts) or sum(map(is_prose, texts)) > LEAD_PROSE:
            return
        opening = next(
            (self.lines[i].text for i in zone[first:] if is_prose(self.lines[i].text)), ""
        )
        if (
            len(texts) >= 2
            and is_headline(texts[0])
            and any(is_prose(t) and echoes(t, opening) >= 2 for t in texts[1:])
        ):
            return  # the story's own headline and standfirst, above its outlet and date
        for i in lead:
            mark(self.lines[i], "furniture", "before-article-header", 0)

    def related_segments(self, start: int) -> list[list[int]]:
        """The zone after line `start` cut into articles at each new header cluster."""
        segments: list[list[int]] = [[]]
        zone = self.content(range(start + 1, len(self.lines)))
        seen_prose = False
        # Header lines of zone[at:plain] open no article; nor does any later part of them.
        plain = 0
        for at, i in enumerate(zone):
            text = self.lines[i].text
            if is_prose(text) and not self.lines[i].marker:
                seen_prose = True
            elif seen_prose and at >= plain:
                starts, plain = self._starts_article(zone, at)
                if starts:
                    segments.append([])
                    seen_prose = False
            segments[-1].append(i)
        return [s for s in segments if s]
