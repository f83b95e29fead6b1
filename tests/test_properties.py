"""Properties over arbitrary input: no crash on any bytes, strip is idempotent, counts add up."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleancli.engines.pipeline import Options, Tally, fold
from cleancli.inputs.rawpage import RawPage
from cleancli.record import Record, Reject
from cleancli.stages.extract import extract_page
from cleancli.stages.strip import strip_record

LINES = st.sampled_from(
    [
        "logo", "Related Articles", "Comments", "No comments yet...", "Read more",
        "Russia Today2 days ago", "time5 hours ago", "  • Russia Today", "- Island Post",
        "Harbour expansion wins approval", "Harbour expansion wins approval",
        "The council approved the plan on Monday after a long debate about costs.",
        "he added.", "'red lines'", "DOWNLOAD THE APP", "", "", "By Jane Doe",
        "Published: March 3, 2025", "Island Post", "2 hours ago",
    ]
)  # fmt: skip
PAGES = st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=40).map("\n".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2048), st.sampled_from(["text", "jsonl"]))
def test_extract_never_crashes_on_bytes(data, fmt):
    item = extract_page(RawPage("x", data, fmt))
    assert isinstance(item, Record | Reject)
    if isinstance(item, Reject):
        assert "\n" not in item.reason


@FAST
@given(PAGES)
def test_strip_is_idempotent(text):
    once = strip_record(Record(id="x", source="x", text=text))
    if isinstance(once, Record):
        assert strip_record(once) == once


@FAST
@given(st.lists(st.one_of(PAGES, st.binary(max_size=64)), max_size=8))
def test_counts_add_up(pages):
    raw = [
        RawPage(f"p{i}", p.encode() if isinstance(p, str) else p, "text")
        for i, p in enumerate(pages)
    ]
    tally = Tally()
    out = list(fold(raw, Options(), tally, stages=("extract", "strip", "split", "emit")))
    assert tally.read == len(pages)
    assert tally.balanced(), tally
    assert tally.wrote + tally.rejected == len(out)


@FAST
@given(st.binary(max_size=2048), st.sampled_from([b"", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"{"]))
def test_reading_any_bytes_ends_in_pages_or_rejects(data, head):
    import io

    from cleancli.inputs.sources import read_stream
    from cleancli.stages.extract import extract

    stream = io.BufferedReader(io.BytesIO(head + data))
    items = list(extract(read_stream(stream, "x")))
    assert items
    assert all(isinstance(i, Record | Reject) for i in items)
