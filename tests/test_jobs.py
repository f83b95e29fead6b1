"""`run --jobs N`: the same bytes for any N, and the same as the pipe of four commands."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleancli import Options, RawPage
from cleancli.engines.pipeline import Tally, run_lines
from cleancli.engines.processes import CHUNK_PAGES
from cleancli.options import parse_when
from conftest import NOW, ROOT, cleancli

DEV = ROOT / "eval" / "dev" / "raw"


def test_jobs_give_the_same_bytes_on_the_dev_set():
    outputs = {}
    for jobs in ("1", "2", "3"):
        result = cleancli("run", str(DEV), "--now", NOW, "--jobs", jobs, "--on-duplicate", "mark")
        assert result.returncode == 0, result.stderr
        outputs[jobs] = (result.stdout, result.stderr.splitlines()[-1])
    assert outputs["1"] == outputs["2"] == outputs["3"]
    piped = cleancli("extract", str(DEV)).stdout
    piped = cleancli("strip", "--now", NOW, stdin=piped).stdout
    piped = cleancli("split", stdin=piped).stdout
    piped = cleancli("emit", "--on-duplicate", "mark", stdin=piped).stdout
    assert piped == outputs["1"][0]


def test_chunks_cross_file_boundaries_in_order(tmp_path):
    # more pages than a chunk holds, some duplicates, some rejects, across two files
    rows = [
        {"text": f"Title {n % 50}\nA body line that reads as prose, number {n % 50}."}
        for n in range(150)
    ]
    rows[7] = {"no_text": True}
    (tmp_path / "a.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows[:100]))
    (tmp_path / "b.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows[100:]))
    one = cleancli("run", str(tmp_path), "--jobs", "1", "--on-duplicate", "mark")
    two = cleancli("run", str(tmp_path), "--jobs", "2", "--on-duplicate", "mark")
    assert one.stdout == two.stdout
    assert one.stderr.splitlines()[-1] == two.stderr.splitlines()[-1]
    records = [orjson.loads(line) for line in one.stdout.splitlines()]
    assert len(records) == 149 > CHUNK_PAGES
    first = {r["text"]: r["id"] for r in reversed(records)}
    assert all(r["duplicate_of"] in (None, first[r["text"]]) for r in records)
    assert sum(r["duplicate_of"] is not None for r in records) == 99


_LINES = st.sampled_from(
    [
        "Harbour board votes to rebuild the pier",
        "The board agreed on Tuesday to rebuild the north pier after the storm.",
        "Related Articles",
        "Coastline Courier",
        "2 days ago",
        "Read more",
        "Comments",
        "Engineers said the work would take eighteen months to complete in full.",
        "",
    ]
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_LINES, min_size=1, max_size=12), min_size=1, max_size=80))
def test_any_jobs_same_output(pages):
    raw = [RawPage(f"p{n}", "\n".join(lines).encode(), "text") for n, lines in enumerate(pages)]
    options = Options(now=parse_when(NOW), on_duplicate="mark")
    lines = {}
    for jobs in (1, 2):
        tally = Tally()
        lines[jobs] = [getattr(r, "line", r) for r in run_lines(raw, options, tally, jobs=jobs)]
        assert tally.balanced()
    assert lines[1] == lines[2]


def test_near_dedup_keeps_the_seeds_rewrite_and_is_the_same_for_any_jobs():
    outs = [
        cleancli("run", str(ROOT / "fixtures"), "--now", NOW, "--dedup", "near", "--jobs", j)
        for j in ("1", "2")
    ]
    assert outs[0].stdout == outs[1].stdout
    records = [orjson.loads(line) for line in outs[0].stdout.splitlines()]
    titles = {r["title"] for r in records}
    # the daily8 and MENAFN copies tell one story in rewritten words: both stay
    assert {"NATO talk becoming toxic", "Kiev states NATO discussions becoming toxic"} <= titles
    assert outs[0].stderr.splitlines()[-1].endswith(b"duplicates 0; split found 6 related")


def test_near_duplicates_marked_with_the_first_id(tmp_path):
    body = [
        "The harbour board agreed on Tuesday to rebuild the north pier, which has been closed since a winter storm cracked two of its supports.",
        "Engineers told the board that the work would take eighteen months and that the fishing boats would move to the south basin.",
        "Residents asked that the pier's old lamp posts be kept, and the board promised to store them until the new deck is laid.",
        "The first contracts will be signed in March, and the pier should reopen in the autumn of the following year.",
    ]
    rows = [
        {"url": "https://a.example/1", "text": "\n".join(["Pier to be rebuilt", *body])},
        {
            "url": "https://b.example/2",
            "text": "\n".join(
                ["Harbour news", "Board backs new pier", *body[:-1], "Share this article"]
            ),
        },
        {
            "url": "https://c.example/3",
            "text": "Lamp posts saved\nThe lamp posts of the old pier will be stored in the museum's yard for the winter.",
        },
    ]
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    result = cleancli("run", str(path), "--dedup", "near", "--on-duplicate", "mark")
    first, second, third = (orjson.loads(line) for line in result.stdout.splitlines())
    assert second["duplicate_of"] == first["id"]
    assert first["duplicate_of"] is None
    assert third["duplicate_of"] is None
    dropped = cleancli("run", str(path), "--dedup", "near")
    assert len(dropped.stdout.splitlines()) == 2
    assert b"duplicates 1" in dropped.stderr.splitlines()[-1]
