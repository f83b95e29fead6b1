import bz2
import gzip
import io

import orjson

from cleancli.inputs.rawpage import RawPage
from cleancli.inputs.sources import read_inputs
from cleancli.record import Record, Reject
from cleancli.stages.extract import extract, extract_page


def _page(data: bytes, fmt="text") -> RawPage:
    return RawPage("p.txt", data, fmt)


def test_text_page():
    rec = extract_page(_page(b"Title\nBody line."))
    assert isinstance(rec, Record)
    assert rec.text == "Title\nBody line."
    assert rec.source == "p.txt"


def test_other_encodings_decode():
    text = "Привет, мир. Это проверка кодировки страницы, которая не в UTF-8."
    for data in (text.encode("utf-16"), text.encode("utf-8-sig"), text.encode("cp1251")):
        rec = extract_page(_page(data))
        assert isinstance(rec, Record), rec
        assert rec.text == text


def test_bad_pages_are_rejected_with_a_reason():
    cases = {
        b"\x00\x01\x02binary": "binary",
        b"   \n\t\n": "empty page",
    }
    for data, reason in cases.items():
        rej = extract_page(_page(data))
        assert isinstance(rej, Reject)
        assert reason in rej.reason
        assert rej.stage == "extract"


def test_jsonl_page_carries_fields():
    line = orjson.dumps(
        {"text": "Body.", "url": "https://x.org/a", "fetch_time": "2025-01-02T00:00:00Z", "k": 1}
    )
    rec = extract_page(RawPage("d.jsonl:4", line, "jsonl"))
    assert isinstance(rec, Record)
    assert (rec.url, rec.fetched, rec.meta, rec.source) == (
        "https://x.org/a",
        "2025-01-02T00:00:00Z",
        {"k": 1},
        "d.jsonl:4",
    )


def test_jsonl_text_field_and_bad_lines():
    assert isinstance(
        extract_page(RawPage("d:1", b'{"body": "x"}', "jsonl"), text_field="body"), Record
    )
    missing = extract_page(RawPage("d:1", b'{"body": "x"}', "jsonl"))
    assert isinstance(missing, Reject)
    assert "--text-field" in missing.reason
    broken = extract_page(RawPage("d:2", b'{"text": ', "jsonl"))
    assert isinstance(broken, Reject)
    assert broken.reason.startswith("bad JSON")


def test_sources_folders_globs_and_missing(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "1.txt").write_text("one")
    (tmp_path / ".hidden").write_text("no")
    (tmp_path / "3.txt.gz").write_bytes(gzip.compress(b"three"))
    (tmp_path / "4.txt.bz2").write_bytes(bz2.compress(b"four"))
    (tmp_path / "d.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n')
    stdin = io.BytesIO(b"from stdin")
    specs = [str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "nope.txt"), "-"]
    got = list(read_inputs(specs, stdin=stdin))
    names = [(g.source.replace(str(tmp_path), "T"), getattr(g, "data", None)) for g in got]
    assert names == [
        ("T/1.txt", b"one"),
        ("T/3.txt.gz", b"three"),
        ("T/4.txt.bz2", b"four"),
        ("T/d.jsonl:1", b'{"text": "a"}\n'),
        ("T/d.jsonl:3", b'{"text": "b"}\n'),
        ("T/b/2.txt", b"two"),
        ("T/1.txt", b"one"),
        ("T/nope.txt", None),
        ("<stdin>", b"from stdin"),
    ]
    assert isinstance(got[7], Reject)


def test_page_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 100)
    (item,) = read_inputs([str(big)], stdin=io.BytesIO(), max_bytes=50)
    assert isinstance(item, Reject)
    assert "larger than 50 bytes" in item.reason


def test_extract_passes_rejects_through():
    rej = Reject("x", "extract", "no such file or folder")
    assert list(extract([rej])) == [rej]


def test_mojibake_is_repaired():
    rec = extract_page(_page("The cafÃ© reopened. Itâ€™s busy.".encode()))
    assert isinstance(rec, Record)
    assert rec.text == "The café reopened. It’s busy."
