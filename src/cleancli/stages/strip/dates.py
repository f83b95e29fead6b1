"""The dates strip gives a record: the publication date of each article found, checked against
the fetch time and the page's own dateline, with the markup's date to fall back on.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

from cleancli.cleaning.published import DateOrder, Published, resolve

if TYPE_CHECKING:
    from datetime import datetime

    from cleancli.record import Record
    from cleancli.stages.strip.shapes import Article


def todays_date(art: Article, found: Published | None, now: datetime | None) -> bool:
    """Whether an article's only date is the page's today: a day with no time and no label,
    above the headline, on the fetch day. A masthead's calendar widget shows it on every page
    (the stories under it are older); it dates the fetch, not the story."""
    if found is None or now is None or art.dateline is None or not art.dated_above_title:
        return False
    if art.dateline.label or art.dateline.unit is not None or found.precision != "day":
        return False
    fetched = now if now.tzinfo else now.replace(tzinfo=UTC)
    return found.iso[:10] == fetched.date().isoformat()


def article_dates(
    art: Article, order: DateOrder | None, now: datetime | None
) -> tuple[Published | None, str | None]:
    if art.dateline is None:
        return None, None
    raw = art.dateline.raw
    return resolve(raw, unit=art.dateline.unit, now=now, order=order), raw


def published_fields(found: Published | None, raw: str | None) -> dict[str, Any]:
    """The record's `published*` fields for a resolved date and the text it was read from."""
    return {
        "published": found.iso if found else None,
        "published_raw": raw,
        "published_precision": found.precision if found else None,
        "published_zone_assumed": found.zone_assumed if found else None,
    }


def markup_fact(rec: Record, name: str) -> str | None:
    """A fact extract read from the page's HTML markup (meta tags, JSON-LD), if it is a string."""
    value = rec.meta.get(name)
    return value if isinstance(value, str) and value.strip() else None
