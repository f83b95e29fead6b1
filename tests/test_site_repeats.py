"""`--site-repeats`: lines many pages of one site repeat are that site's furniture."""

from __future__ import annotations

import random

import orjson

from cleancli.cleaning.siterepeats import count_site_lines, digest
from cleancli.record import Record
from cleancli.stages.strip import strip_record
from conftest import NOW, cleancli

_MENU = "Traffic | Weather"
_PROMPT = "Tap to listen"
#: Four words that could head an article: never taken, though every page repeats it.
_LABEL = "Latest From The Harbour"


def _page(n: int, host: str = "news.example") -> dict[str, str]:
    """A text dump: the site's chrome around an article of its own."""
    text = "\n".join(
        [
            _MENU,
            _LABEL,
            f"Council votes on harbour plan number {n}",
            "By Jane Doe",
            (
                f"The council met on a wet evening to settle plan {n}, after months of talks "
                "between the harbour board and the residents who live along the quay."
            ),
            _PROMPT,
            (
                f"Members agreed that the work on stretch {n} would start in spring, and that "
                "the old boathouse would be kept as a place for the rowing club to meet."
            ),
            "Share on social media",
        ]
    )
    return {"url": f"https://{host}/story/{n}", "text": text}


def _records(pages: list[dict[str, str]]) -> list[Record]:
    return [
        Record(id=str(k), source="test", url=p["url"], text=p["text"]) for k, p in enumerate(pages)
    ]


def _texts(output: bytes) -> list[str]:
    return [orjson.loads(line)["text"] for line in output.splitlines()]


def test_lines_repeated_across_a_sites_articles_are_counted_in_any_order():
    pages = [_page(n) for n in range(4)] + [_page(9, host="other.example")]
    found = count_site_lines(_records(pages))
    assert digest(_MENU) in found.lines["news.example"]
    assert digest(_PROMPT) in found.lines["news.example"]
    assert "other.example" not in found.lines  # one article teaches nothing
    shuffled = pages[:]
    random.Random(3).shuffle(shuffled)  # noqa: S311 - an order, not a secret
    assert count_site_lines(_records(shuffled)) == found


def test_copies_of_one_article_count_once():
    found = count_site_lines(_records([_page(1), _page(1), _page(1)]))
    assert found.articles["news.example"] == 1
    assert not found.lines


def test_strip_takes_repeated_lines_but_not_the_byline_or_the_story():
    records = _records([_page(n) for n in range(3)])
    site_lines = count_site_lines(records)
    item = strip_record(records[0], site_lines=site_lines)
    assert isinstance(item, Record)
    whys = {b.text: b.why for b in item.blocks}
    assert whys[_MENU] == whys[_PROMPT] == "site-repeated"
    assert item.title == "Council votes on harbour plan number 0"
    assert whys["By Jane Doe"] != "site-repeated"
    assert whys[_LABEL] != "site-repeated"
    assert _PROMPT not in item.text
    assert "rowing club" in item.text


def test_run_gives_the_same_bytes_for_any_jobs_and_stdin_turns_it_off(tmp_path):
    pages = [_page(n) for n in range(6)] + [_page(n, host="other.example") for n in range(3)]
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in pages))
    outputs = {}
    for jobs in ("1", "2"):
        result = cleancli("run", str(dump), "--site-repeats", "--now", NOW, "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"]
    assert _PROMPT.encode() not in outputs["1"]
    plain = cleancli("run", str(dump), "--now", NOW).stdout
    assert _PROMPT.encode() in plain
    from_stdin = cleancli("run", "-", "--site-repeats", "--now", NOW, stdin=dump.read_bytes())
    assert _texts(from_stdin.stdout) == _texts(plain)  # read once: nothing counted
    assert b"--site-repeats: not counted: standard input can be read only once" in from_stdin.stderr
    told = cleancli("run", str(dump), "--site-repeats", "--now", NOW).stderr.decode()
    assert "--site-repeats: 10 lines repeated on 2 sites with two or more articles" in told


def test_a_publisher_or_a_role_above_the_date_is_no_furniture():
    pages = []
    for n in range(3):
        text = "\n".join(
            [
                f"Council votes on harbour plan number {n}",
                "Coastline Press Agency",
                f"{n + 3} June 2024",
                f"The council met on a wet evening to settle plan {n}, after months of talks.",
                f"Members agreed that the work on stretch {n} would start in the spring.",
            ]
        )
        pages.append({"url": f"https://tide.example/n/{n}", "text": text})
    records = _records(pages)
    item = strip_record(records[0], site_lines=count_site_lines(records))
    assert isinstance(item, Record)
    assert item.publisher == "Coastline Press Agency"


def test_a_notice_every_page_opens_with_does_not_make_its_articles_one():
    notice = "We use cookies to give you the best experience on our website, as our policy says."
    pages = [{**page, "text": f"{notice}\n{page['text']}"} for page in map(_page, range(4))]
    found = count_site_lines(_records(pages))
    assert found.articles["news.example"] == 4
    assert digest(_PROMPT) in found.lines["news.example"]


def test_strip_reads_a_file_of_records_twice(tmp_path):
    pages = [_page(n) for n in range(3)]
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in pages))
    records = tmp_path / "records.jsonl"
    records.write_bytes(cleancli("extract", str(dump)).stdout)
    result = cleancli("strip", str(records), "--site-repeats", "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert _whys(result.stdout, _PROMPT) == ["site-repeated"] * 3
    plain = cleancli("strip", str(records), "--now", NOW).stdout
    assert "site-repeated" not in _whys(plain, _PROMPT)


def _whys(output: bytes, text: str) -> list[str]:
    """Why strip gave each record's line `text` its role."""
    records = [orjson.loads(line) for line in output.splitlines()]
    return [b["why"] for rec in records for b in rec["blocks"] if b["text"] == text]
