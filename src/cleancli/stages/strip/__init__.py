"""The strip stage: give every line of a page a role and the rule that decided it.

Nothing is deleted here. Strip marks each line (body, title, byline, dateline, furniture,
related-marker, link, blank), parses the header of the page's article and of every embedded
related article, and renders the article's prose. Split later cuts the related articles out
using the marks, and `explain` shows them.

A page is read in four passes, in the order `passes.strip_record` runs them, each in a module of
its own (`marking`, `stories` and `listings`, `headers` and `body`, over the lines of `page`):
1. Rules that need no context: profile and general furniture, section markers, blank lines.
2. Zones: the page's own article runs up to the first related-section marker that follows some
   content; after it, related articles are told apart by their header clusters.
3. Each article (the page's own, then each related one) is read header first (title, publisher,
   date, repeats of them) and then body, where "Read more" lines become links.
4. The record's publisher, language and dates, settled from what the passes found and what
   the page's markup said (`dates`).
"""

from __future__ import annotations

from cleancli.stages.strip.passes import NOTHING_LEFT, strip, strip_record, strip_with
from cleancli.stages.strip.shapes import cut_crawler_header, reads_as_header

__all__ = [
    "NOTHING_LEFT",
    "cut_crawler_header",
    "reads_as_header",
    "strip",
    "strip_record",
    "strip_with",
]
