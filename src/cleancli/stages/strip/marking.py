"""Strip's first pass: each line marked by the rules, the lines a site repeats, the line model;
where the page's articles end (comments, footers).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from cleancli.cleaning import siterepeats
from cleancli.cleaning.datelines import parse_dateline
from cleancli.cleaning.linemodel.features import page_features
from cleancli.cleaning.lines import LIST_ITEM_WORDS, ends_sentence, is_prose, words
from cleancli.cleaning.wires import wire_credit
from cleancli.stages.strip.page import PageLines
from cleancli.stages.strip.shapes import (
    ARTICLE_PARAGRAPH,
    END_AFTER_PROSE,
    FOOTER_LINES,
    MODEL_MIN_LINES,
    MODEL_SURE,
    mark,
    reads_as_header,
)

if TYPE_CHECKING:
    from cleancli.cleaning.linemodel.forest import Forest


class MarkedPage(PageLines):
    """Strip's first pass: each line marked by the rules, the lines a site repeats, the line model;
    where the page's articles end (comments, footers)."""

    def consult(self, model: Forest) -> None:
        """Ask the line model about every line with text; keep its verdicts where it is sure
        and the page gives it context to judge by (see `_guarded`)."""
        texts = [line.text for line in self.lines]
        at = [i for i, text in enumerate(texts) if text]
        if len(at) < MODEL_MIN_LINES:
            return
        # Only the lines no rule has claimed (nor a `keep` rule kept) are the model's to judge.
        open_lines = {i for i in at if self.lines[i].role is None and not self.lines[i].kept}
        candidates, rows = page_features(texts, only=open_lines)
        said = model.probabilities(rows)
        self.odds = dict(zip(candidates, said, strict=True))
        self.cut = model.cut
        sure = {i for i, p in self.odds.items() if p >= model.cut}
        prose = [i for i in candidates if is_prose(self.lines[i].text)]
        kept_prose = [i for i in prose if i not in sure]
        listed = self._list_items(at, kept_prose)
        body = self._body_run(at, set(prose), sure)
        self.drops = {
            i
            for i in sure
            if i not in listed and i not in body and not self._guarded(i, at, prose, kept_prose)
        }

    def _body_run(self, at: list[int], prose: set[int], sure: set[int]) -> set[int]:
        """The lines the body carries on through, which the model may not take out: from a
        prose line it keeps, each following prose line it is less than all but certain of, and
        a short line followed by such prose (a subheading), until a line that is neither."""
        carried: set[int] = set()
        inside = False
        # A line a rule takes out ("Story continues below advertisement") does not break the run.
        at = [i for i in at if self.lines[i].role != "furniture"]
        for k, i in enumerate(at):
            if i not in sure:
                inside = inside or i in prose
                continue
            if inside and i in prose and self.odds[i] < MODEL_SURE:
                carried.add(i)
                continue
            after = at[k + 1] if k + 1 < len(at) else None
            if (
                inside
                and i not in prose
                and after in prose
                and (after not in sure or self.odds[after] < MODEL_SURE)
            ):
                carried.add(i)
                continue
            inside = False
        return carried

    def _list_items(self, at: list[int], kept_prose: list[int]) -> set[int]:
        """A list inside the body: a line of three or more words ending with a colon ("Walkers
        should carry:"), the short items after it (a few words, or a short sentence each), when
        the article goes on after them in longer prose the model keeps."""
        items: set[int] = set()
        going_on = set(kept_prose)
        for k, i in enumerate(at):
            text = self.lines[i].text
            if not text.endswith(":") or words(text) < 3 or is_prose(text):
                continue
            run: list[int] = [i]
            for j in at[k + 1 :]:
                short = words(self.lines[j].text) <= LIST_ITEM_WORDS
                if j in going_on and not short:
                    if len(run) > 1:
                        items.update(run)
                    break
                if not short:
                    break
                run.append(j)
        return items

    def _guarded(self, i: int, at: list[int], prose: list[int], kept_prose: list[int]) -> bool:
        """Lines the model may not take out: the page's only prose line (a one-sentence
        article) and a short line between two prose lines it keeps (a subheading, a link in the
        text); and, unless it is all but certain, any line between the first and the last prose
        line it keeps (the body) and the page's last line right after body (a dump cut
        mid-article)."""
        if prose == [i]:
            return True
        if i not in prose and self._next_to_body(i, at, kept_prose):
            return True
        if self.odds[i] >= MODEL_SURE:
            return False
        if i == at[-1]:
            return len(at) > 1 and at[-2] in kept_prose[-1:]
        return bool(kept_prose) and kept_prose[0] < i < kept_prose[-1]

    @staticmethod
    def _next_to_body(i: int, at: list[int], kept_prose: list[int]) -> bool:
        k = bisect_left(at, i)
        if not 0 < k < len(at) - 1:
            return False
        before, after = at[k - 1], at[k + 1]
        j = bisect_left(kept_prose, before)
        return j + 1 < len(kept_prose) and kept_prose[j] == before and kept_prose[j + 1] == after

    def mark_rules(self) -> None:
        for line in self.lines:
            if not line.text:
                mark(line, "blank", "", 0)
                continue
            verdict = self.rules.verdict(line.text)
            if verdict is None or (verdict.why.startswith("general:") and wire_credit(line.text)):
                continue  # an agency's name alone credits the story: the article's reading says
            if verdict.role == "keep":
                line.kept = True
            elif verdict.role == "furniture":
                mark(line, "furniture", verdict.why, 0)
            elif verdict.role == "related-marker":
                mark(line, "related-marker", verdict.why, 0)
            elif verdict.role == "end-marker":
                mark(line, "furniture", verdict.why, 0)
                line.ends = True
            else:  # a link marker
                line.why, line.marker = verdict.why, True

    def mark_repeated(self, repeated: frozenset[bytes]) -> None:
        """Mark as furniture the lines no rule claimed that the page's site repeats, unless
        strip reads them as a header (a dateline, a byline), a headline, or they stand right
        above a date line (a publisher, a reporter's role)."""
        if not repeated:
            return
        texts = [line.text for line in self.lines if line.text]
        at = 0
        for line in self.lines:
            if not line.text:
                continue
            at += 1
            if (
                line.role is None
                and not line.kept
                and siterepeats.digest(line.text) in repeated
                and not reads_as_header(line.text)
                and not siterepeats.headline_like(line.text)
                # a publisher's name or a reporter's role sits above the page's own date
                and not any(parse_dateline(t) for t in texts[at : at + 2])
            ):
                mark(line, "furniture", "site-repeated", 0)

    def end_articles(self) -> None:
        """Where an end marker (a comment section, an author box, a release's trailer) follows
        `END_AFTER_PROSE` or more prose lines, the article has ended: every line after it up
        to the next related-section marker is chrome. One before that much prose is a menu
        item or a share bar's link, and removes its own line only, unless another end marker
        follows it: a thread's comment headers ("Jane said…") under a one-paragraph post, or
        only the page's last lines do (`_footer`). One with a dateline right after it closes a
        listing's item, not the page."""
        if not any(line.ends for line in self.lines):
            return
        prose = 0
        ending: str | None = None
        # whether another end marker follows line i before the next related-section marker
        followed = [False] * len(self.lines)
        seen = False
        for i in range(len(self.lines) - 1, -1, -1):
            followed[i] = seen
            line = self.lines[i]
            seen = (seen or line.ends) and line.role != "related-marker"
        for i, line in enumerate(self.lines):
            if line.role == "related-marker":
                prose, ending = 0, None
            elif ending is not None:
                if line.text and line.role is None:
                    mark(line, "furniture", ending, 0)
            elif (
                line.ends
                and (prose >= END_AFTER_PROSE or (prose and followed[i]) or self._footer(i))
                and not self._dated_after(i)
                and not self._long_paragraph_after(i)
            ):
                ending = "after-" + line.why
            elif line.role is None and is_prose(line.text):
                prose += 1

    def _footer(self, i: int) -> bool:
        """Whether the end marker at line `i` opens the page's last lines, none of them a
        finished sentence: a list's tags under "Tags", whatever came before."""
        after = self._texts_after(i)
        return 0 < len(after) <= FOOTER_LINES and not any(map(ends_sentence, after))

    def _long_paragraph_after(self, i: int) -> bool:
        """Whether a paragraph of `ARTICLE_PARAGRAPH` words or more follows line `i` before the
        next related-section marker: the article goes on ("© 2025 Jane Roe" under a photo)."""
        for line in self.lines[i + 1 :]:
            if line.role == "related-marker":
                return False
            if line.role is None and words(line.text) >= ARTICLE_PARAGRAPH:
                return True
        return False

    def _dated_after(self, i: int) -> bool:
        """Whether one of the two lines with text after line `i` is a dateline: a listing's
        next item begins ("Copyright 2014 Outlet" closing the item above it)."""
        return any(parse_dateline(text) is not None for text in self._texts_after(i)[:2])
