"""--schema (cleancli, dolma, datatrove) on run and emit: the same records, in the shapes other
tools read."""

from __future__ import annotations

import orjson
import pytest
from typer.testing import CliRunner

from cleancli.cli import app
from conftest import FIXTURES, NOW, ROOT

runner = CliRunner()
#: More than one chunk of pages (`parallel.CHUNK_PAGES`), so --jobs 2 starts workers; the
#: fixtures twice give duplicates to mark.
MANY = [str(ROOT / "eval" / "dev" / "raw"), str(FIXTURES), str(FIXTURES)]
V3 = [
    "id",
    "kind",
    "parent_id",
    "title",
    "text",
    "publisher",
    "site",
    "url",
    "published",
    "published_raw",
    "published_precision",
    "published_zone_assumed",
    "lang",
    "word_count",
    "source",
    "links",
    "duplicate_of",
    "meta",
]


def _invoke(*args: str, stdin: bytes | None = None) -> bytes:
    result = runner.invoke(app, [*args, "--quiet"], input=stdin)
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result.stdout_bytes


def _lines(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines()]


def _run(*args: str) -> bytes:
    return _invoke("run", str(FIXTURES), "--now", NOW, "--jobs", "1", *args)


def _document(schema: str, record: dict, added: str | None) -> dict:
    """What a schema v3 record becomes in `schema`, as docs/schema.md says."""
    others = {k: v for k, v in record.items() if k not in ("id", "text")}
    if schema == "dolma":
        return {
            "id": record["id"],
            "text": record["text"],
            "source": "cleancli",
            "added": added,
            "created": record["published"],
            "metadata": others,
        }
    return {"text": record["text"], "id": record["id"], "media": [], "metadata": others}


# --- --schema ------------------------------------------------------------------------------------


def test_the_cleancli_schema_is_the_default_byte_for_byte():
    assert _run("--schema", "cleancli") == _run()


@pytest.mark.parametrize("schema", ["dolma", "datatrove"])
def test_documents_hold_the_v3_records_with_the_other_keys_under_metadata(schema):
    plain = _lines(_run())
    documents = _lines(_run("--schema", schema))
    assert len(documents) == len(plain) == 9
    for record, document in zip(plain, documents, strict=True):
        assert list(record) == V3
        assert document == _document(schema, record, NOW)
        assert list(document["metadata"]) == V3[1:4] + V3[5:]  # schema order, meta last


def test_dolma_added_is_the_fetch_time_else_now_else_null(tmp_path):
    page = "Bridge reopens\nThe bridge reopened on Monday after repairs to its deck, the city said."
    dump = tmp_path / "d.jsonl"
    rows = [
        {"text": page, "fetch_time": "Mon, 10 Mar 2025 08:00:00 GMT"},
        {"text": page.replace("ridge", "arrier"), "fetched": "2025-03-11T10:30:00+02:00"},
        {"text": page.replace("ridge", "oat")},
    ]
    dump.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    given = _lines(_invoke("run", str(dump), "--schema", "dolma", "--now", NOW, "--jobs", "1"))
    assert [d["added"] for d in given] == ["2025-03-10T08:00:00Z", "2025-03-11T08:30:00Z", NOW]
    unknown = _lines(_invoke("run", str(dump), "--schema", "dolma", "--jobs", "1"))
    assert [d["added"] for d in unknown] == ["2025-03-10T08:00:00Z", "2025-03-11T08:30:00Z", None]


def test_marked_duplicates_and_renamed_ids_in_every_schema_for_any_jobs():
    args = ["run", *MANY, "--now", NOW, "--on-duplicate", "mark"]
    plain = _lines(_invoke(*args, "--jobs", "2"))
    assert sum(r["duplicate_of"] is not None for r in plain) == 9
    assert len({r["id"] for r in plain}) == len(plain)
    for schema in ("dolma", "datatrove"):
        two = _invoke(*args, "--schema", schema, "--jobs", "2")
        assert _lines(two) == [_document(schema, r, NOW) for r in plain]
    assert _invoke(*args, "--schema", "datatrove", "--jobs", "1") == two


def test_emit_takes_the_schema_on_a_split_stream():
    extracted = _invoke("extract", str(FIXTURES))
    stripped = _invoke("strip", "--now", NOW, stdin=extracted)
    split = _invoke("split", stdin=stripped)
    for schema in ("dolma", "datatrove"):
        emitted = _invoke("emit", "--schema", schema, "--now", NOW, stdin=split)
        assert emitted == _run("--schema", schema)
    undated = _lines(_invoke("emit", "--schema", "dolma", stdin=split))
    assert {d["added"] for d in undated} == {None}  # the fixtures give no fetch time
    blocks = _lines(_invoke("emit", "--schema", "datatrove", "--keep-blocks", stdin=split))
    assert list(blocks[0]["metadata"])[-5:] == [
        "duplicate_of",
        "meta",
        "fetched",
        "blocks",
        "sections",
    ]


def test_datatrove_reads_the_datatrove_documents(tmp_path):
    readers = pytest.importorskip("datatrove.pipeline.readers")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "clean.jsonl").write_bytes(_run("--schema", "datatrove"))
    documents = list(readers.JsonlReader(str(folder)).run())
    records = _lines(_run())
    assert [d.id for d in documents] == [r["id"] for r in records]
    assert [d.text for d in documents] == [r["text"] for r in records]
    assert documents[0].metadata["publisher"] == records[0]["publisher"]
    assert documents[0].media == []
