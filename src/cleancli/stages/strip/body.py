"""Reading an article's body: prose, a header printed late, text cut short, the chrome at its end;
`read_article`, which reads a header and then a body.
"""

from __future__ import annotations

from cleancli.cleaning.datelines import parse_dateline
from cleancli.cleaning.lines import ends_sentence, is_headline, is_prose, words
from cleancli.record import Link
from cleancli.stages.strip.headers import HeaderPage
from cleancli.stages.strip.shapes import (
    CUT_REPEAT_WORDS,
    INLINE_LINK,
    Article,
    Line,
    bare_date,
    byline_alone,
    mark,
    publication_dateline,
    wire_of,
)


class BodyPage(HeaderPage):
    """Reading an article's body: prose, a header printed late, text cut short, the chrome at
    its end; `read_article`, which reads a header and then a body."""

    def read_article(self, indices: list[int], part: int, *, item: bool = False) -> Article:
        """Mark one article's lines; `item`: a listing's item, whose first line is its
        headline whatever it looks like (a bulleted one reads as a name otherwise)."""
        art = Article()
        at = self._read_header(indices, part, art, item=item)
        self._read_body(indices[at:], part, art)
        self._read_credit(indices[at:], part, art)
        self._read_source(indices[at:], part, art)
        self._read_closing_date(indices[at:], part, art)
        self.trim_tail(indices[at:], part)
        return art

    def _late_header(self, line: Line, art: Article, part: int) -> bool:
        """Mark a byline or dateline that comes after a standfirst; whether it was one."""
        if byline_alone(line.text):
            mark(line, "byline", "author-byline", part)
            return True
        dateline = parse_dateline(line.text)
        if dateline is None or (dateline.publisher and art.publisher):
            return False
        mark(line, "dateline", "dateline-under-standfirst", part)
        held = art.dateline
        art.dateline = publication_dateline(held, dateline, above=art.dated_above_title)
        if art.dateline is not held:
            art.dated_above_title = False
        art.publisher = art.publisher or dateline.publisher
        return True

    def _read_body(self, indices: list[int], part: int, art: Article) -> None:
        skip_next = False
        prose_seen = 0
        for at, i in enumerate(indices):
            line = self.lines[i]
            if skip_next:
                skip_next = False
                continue
            text = line.text
            following = self._next_content(indices, at)
            inline = INLINE_LINK.match(text)
            if line.marker:
                if following is not None and is_headline(following) and not is_prose(following):
                    mark(line, "furniture", line.why, part)
                    mark(self.lines[indices[at + 1]], "link", "headline-after-" + line.why, part)
                    art.links.append(Link(following))
                    skip_next = True
                else:
                    mark(line, "furniture", line.why, part)
            elif (
                inline
                and self.is_link_marker(inline.group("marker") + ":")
                and is_headline(inline.group("title"))
            ):
                mark(line, "link", "inline-link", part)
                art.links.append(Link(inline.group("title")))
            elif art.title is not None and line.key == art.title.casefold():
                mark(line, "furniture", "title-repeated", part)
                art.repeated = True
            elif prose_seen <= 1 and self._late_header(line, art, part):
                continue  # a byline or date under the standfirst
            elif self.model_drops(i, part):
                continue
            elif prose_seen and bare_date(text):
                # a date alone amid the body: a gallery's slide, a widget, an entry's stamp
                mark(line, "furniture", "date-in-body", part)
            elif prose_seen and byline_alone(text):
                mark(line, "furniture", "byline-in-body", part)  # a live blog entry's author
            elif self._printed_twice(indices, at):
                # a photo's caption, from its alt text and its figure caption both
                mark(line, "furniture", "caption-printed-twice", part)
                mark(self.lines[indices[at + 1]], "furniture", "caption-printed-twice", part)
                skip_next = True
            else:
                if not prose_seen and art.publisher is None:
                    art.publisher = wire_of(text)
                prose_seen += is_prose(text)
                mark(line, "body", "prose", part)
                headed = art.repeated or art.dateline is not None
                art.has_body = art.has_body or is_prose(text) or (headed and self._cut_short(i))

    def _printed_twice(self, indices: list[int], at: int) -> bool:
        """Whether the line at `at`, of four words or more and no finished sentence, is printed
        again on the next line with text, and not a third time (a chant, a refrain)."""
        text = self.lines[indices[at]].text
        if at + 1 >= len(indices) or self.lines[indices[at + 1]].text != text:
            return False  # most lines: one comparison of the texts as printed
        before = at > 0 and self.lines[indices[at - 1]].text == text
        thrice = at + 2 < len(indices) and self.lines[indices[at + 2]].text == text
        return not before and not thrice and words(text) >= 4 and not ends_sentence(text)

    def _cut_short(self, i: int) -> bool:
        """The page's last line, cut mid-sentence where a dump stops at a size limit."""
        return i == self.last and words(self.lines[i].text) >= 6

    def trim_tail(self, indices: list[int], part: int) -> None:
        """Short lines after an article's last prose line are page chrome ("More Videos"), and
        so is a page's last line that a dump's size limit cut inside a repeat of chrome (a video's
        title printed twice)."""
        body = [i for i in indices if self.lines[i].role == "body" and self.lines[i].part == part]
        if body and body[-1] == self.last and self._repeats_chrome(self.lines[body[-1]].text):
            mark(self.lines[body.pop()], "furniture", "cut-repeat-of-chrome", part)
        last_prose = max((i for i in body if is_prose(self.lines[i].text)), default=None)
        if last_prose is None:
            return
        for i in reversed(body):
            line = self.lines[i]
            if i <= last_prose or words(line.text) > 5 or ends_sentence(line.text):
                break
            mark(line, "furniture", "short-line-after-body", part)

    def _repeats_chrome(self, text: str) -> bool:
        """Whether `text`, a short unfinished line of two words or more, is part of a line
        marked furniture."""
        if not 2 <= words(text) <= CUT_REPEAT_WORDS or ends_sentence(text):
            return False
        folded = text.casefold()
        return any(
            line.role == "furniture" and folded in line.text.casefold() for line in self.lines
        )
