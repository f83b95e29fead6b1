"""What a run is asked to do: options checked once, from a caller or the command line.

Kept free of heavy imports: the CLI builds these before anything else is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Final, Literal

from cleancli.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from cleancli.cleaning.linemodel import LineModel
    from cleancli.cleaning.profiles import Profile
    from cleancli.cleaning.siterepeats import SiteLines

#: The stages in pipeline order.
STAGES: Final = ("extract", "strip", "split", "emit")
#: A single page larger than this is refused rather than held in memory.
DEFAULT_MAX_BYTES: Final = 32 * 1024 * 1024
#: With --engine dask, plain JSONL files are cut into parts (tasks) of about this size.
DEFAULT_PART_BYTES: Final = 16 * 1024 * 1024
#: Seconds one page may take in a stage (HTML extraction, strip, split): the slowest Zyte
#: benchmark page needs 0.14 s to extract.
DEFAULT_TIMEOUT: Final = 5.0
Format = Literal["auto", "text", "html", "jsonl", "warc"]
Engine = Literal["local", "dask"]
HtmlEngine = Literal["trafilatura", "resiliparse"]
Dedup = Literal["none", "exact", "near"]
#: Estimated word 5-gram Jaccard at or above which `--dedup near` calls two records one story.
DEFAULT_THRESHOLD: Final = 0.6
OnDuplicate = Literal["drop", "mark"]
#: The document format a final writer (emit, run) gives each record (`docformats`).
Schema = Literal["cleancli", "dolma", "datatrove"]
#: What a final writer writes: JSON lines, or a Parquet file (`parquet`).
OutputFormat = Literal["jsonl", "parquet"]
_DAY: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the stages need to know."""

    profiles: tuple[Profile, ...] = ()
    auto_profiles: bool = True
    now: datetime | None = None
    text_field: str = "text"
    #: JSONL field holding raw HTML; when set, that HTML is extracted instead of a text field.
    html_field: str | None = None
    html_engine: HtmlEngine = "trafilatura"
    #: Seconds one page may take in a stage before it is rejected (HTML: its worker restarted).
    timeout: float = DEFAULT_TIMEOUT
    dedup: Dedup = "exact"
    on_duplicate: OnDuplicate = "drop"
    dedup_threshold: float = DEFAULT_THRESHOLD
    #: The line model strip consults: "builtin", "off", a model file, or a loaded forest.
    line_model: LineModel = "builtin"
    #: The lines each site repeats across the run's text dumps (`siterepeats`); None: not
    #: counted (one page, standard input, or `--no-site-repeats`).
    site_lines: SiteLines | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """How a command reads its inputs and spreads its work."""

    fmt: Format = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Worker processes for `run`; None keeps a stage command in its one process.
    jobs: int | None = None
    engine: Engine = "local"
    scheduler: str | None = None
    #: With the dask engine: plain JSONL files are cut into parts of about this size.
    part_bytes: int = DEFAULT_PART_BYTES
    #: Whether a run that strips first counts the lines each site repeats (`siterepeats`),
    #: reading its inputs twice; files and folders only, never standard input.
    site_repeats: bool = False


@dataclass(frozen=True, slots=True)
class Sinks:
    """Where a command writes, and what counts as failure."""

    output: Path | None = None
    rejects: Path | None = None
    strict: bool = False
    keep_blocks: bool = False
    #: Final writers only (intermediate stages write cleancli's JSONL): the document format
    #: of each record…
    schema: Schema = "cleancli"
    #: …and the file format (`sinks.output_format` reads it off the `-o` name).
    output_format: OutputFormat = "jsonl"
    #: With `schema="dolma"`: the `added` time of a record whose input gave no fetch time.
    now: datetime | None = None


def parse_when(value: str | None) -> datetime | None:
    """A fetch time from input or `--now`: ISO 8601, an HTTP date ("Thu, 24 Jul 2025 12:00:00
    GMT", as crawlers record a response's Date header) or Unix seconds; naive times are taken
    as UTC. None for anything else."""
    if not value:
        return None
    value = value.strip()
    try:
        if value.isdigit() and 9 <= len(value) <= 11:
            parsed = datetime.fromtimestamp(int(value), UTC)
        elif value[:1].isalpha():
            parsed = parsedate_to_datetime(value)
        else:
            parsed = datetime.fromisoformat(value)
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        # A time that cannot be shifted a day either way (year 1, year 9999) is no fetch time:
        # every relative date resolved against it would overflow.
        (parsed - _DAY).astimezone(UTC)
        (parsed + _DAY).astimezone(UTC)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None
    return parsed


def parse_now(now: str | None) -> datetime | None:
    """`--now` as given on the command line; a `UsageError` for a time it cannot be."""
    when = parse_when(now)
    if now is not None and when is None:
        raise UsageError(
            f"--now must be an ISO 8601 time such as 2025-07-24T12:00:00Z, between the years 1 "
            f"and 9999 with a day to spare, not {now!r}"
        )
    return when
