"""--schema (cleancli, dolma, datatrove) and --output-format (jsonl, parquet) on run and emit:
the same records, in the shapes other tools read."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import orjson
import pytest
from typer.testing import CliRunner

from cleancli.cli.app import app
from conftest import FIXTURES, NOW, ROOT, cleancli

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


# --- --output-format parquet ------------------------------------------------------------------

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _as_json(record: dict) -> dict:
    """A row read back from Parquet as the JSONL record it was: times and meta as strings."""
    out = dict(record)
    if out.get("published") is not None:
        out["published"] = out["published"].strftime("%Y-%m-%dT%H:%M:%SZ")
    out["meta"] = json.loads(out["meta"])
    return out


def test_parquet_by_its_name_holds_the_jsonl_rows_with_typed_columns(tmp_path):
    pandas = pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    path = tmp_path / "clean.parquet"
    assert _run("-o", str(path)) == b""
    records = _lines(_run())
    table = pq.read_table(path)
    assert table.column_names == V3
    assert table.schema.field("published").type == pa.timestamp("ms", tz="UTC")
    assert table.schema.field("links").type == pa.list_(
        pa.struct([pa.field("title", pa.string(), nullable=False), ("url", pa.string())])
    )
    assert [_as_json(r) for r in table.to_pylist()] == records

    frame = pandas.read_parquet(path)
    assert str(frame["published"].dtype) == "datetime64[ms, UTC]"
    assert frame["word_count"].dtype == "int64"
    assert frame["published"][0] == pandas.Timestamp(records[0]["published"])
    assert frame["id"].tolist() == [r["id"] for r in records]

    lazy = polars.read_parquet(path)
    assert lazy.schema["published"] == polars.Datetime("ms", "UTC")
    assert lazy.schema["links"] == polars.List(
        polars.Struct({"title": polars.String, "url": polars.String})
    )
    assert lazy.schema["published_zone_assumed"] == polars.Boolean
    assert lazy["text"].to_list() == [r["text"] for r in records]
    assert lazy["links"].to_list() == [r["links"] for r in records]


def test_parquet_is_the_same_bytes_for_any_jobs_and_on_a_pipe(tmp_path):
    args = ["run", *MANY, "--now", NOW, "--on-duplicate", "mark", "--quiet"]
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert cleancli(*args, "--jobs", "1", "-o", str(one)).returncode == 0
    assert cleancli(*args, "--jobs", "2", "-o", str(two)).returncode == 0
    assert one.read_bytes() == two.read_bytes()
    piped = cleancli(*args, "--jobs", "2", "--output-format", "parquet")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == one.read_bytes()


def test_parquet_documents_nest_the_typed_columns_under_metadata(tmp_path):
    readers = pytest.importorskip("datatrove.pipeline.readers")
    records = _lines(_run())
    for schema in ("dolma", "datatrove"):
        folder = tmp_path / schema
        folder.mkdir()
        _run("--schema", schema, "-o", str(folder / "docs.parquet"))
        table = pq.read_table(folder / "docs.parquet")
        metadata = table.schema.field("metadata").type
        assert metadata.field("published").type == pa.timestamp("ms", tz="UTC")
        assert [metadata.field(i).name for i in range(metadata.num_fields)] == V3[1:4] + V3[5:]
        rows = table.to_pylist()
        for row, record in zip(rows, records, strict=True):
            if schema == "dolma":
                assert table.column_names == [
                    "id",
                    "text",
                    "source",
                    "added",
                    "created",
                    "metadata",
                ]
                assert row["added"].strftime("%Y-%m-%dT%H:%M:%SZ") == NOW
                assert row["created"] == row["metadata"]["published"]
            else:
                assert table.column_names == ["text", "id", "media", "metadata"]
                assert row["media"] == []
            assert (row["id"], row["text"]) == (record["id"], record["text"])
            assert _as_json(row["metadata"]) == {
                k: v for k, v in record.items() if k not in ("id", "text")
            }
    documents = list(readers.ParquetReader(str(tmp_path / "datatrove")).run())
    assert [d.id for d in documents] == [r["id"] for r in records]
    assert [d.text for d in documents] == [r["text"] for r in records]
    assert documents[0].metadata["publisher"] == records[0]["publisher"]


def test_emit_writes_parquet_from_a_split_stream(tmp_path):
    split = _invoke(
        "split", stdin=_invoke("strip", "--now", NOW, stdin=_invoke("extract", str(FIXTURES)))
    )
    emitted, whole = tmp_path / "emitted.parquet", tmp_path / "whole.parquet"
    _invoke("emit", "--schema", "dolma", "--now", NOW, "-o", str(emitted), stdin=split)
    _run("--schema", "dolma", "-o", str(whole))
    assert emitted.read_bytes() == whole.read_bytes()


def test_row_groups_close_by_rows_or_bytes():
    from cleancli.outputs.parquet import ParquetSink

    lines = _run().splitlines(keepends=True)
    files = {}
    for name, limits in {"rows": {"group_rows": 4}, "bytes": {"group_bytes": 1}, "one": {}}.items():
        out = io.BytesIO()
        with ParquetSink(out, "cleancli", **limits) as sink:
            for line in lines:
                sink.write(line)
        files[name] = pq.ParquetFile(io.BytesIO(out.getvalue()))
    assert [files["rows"].metadata.row_group(i).num_rows for i in range(3)] == [4, 4, 1]
    assert files["bytes"].metadata.num_row_groups == 9
    assert files["one"].metadata.num_row_groups == 1
    assert files["rows"].read() == files["bytes"].read() == files["one"].read()


def test_a_run_that_writes_no_record_gives_a_parquet_file_with_no_rows(tmp_path):
    dump = tmp_path / "bad.jsonl"
    dump.write_bytes(b"{not json\n[1, 2]\n")
    path = tmp_path / "out.parquet"
    _invoke("run", str(dump), "--jobs", "1", "-o", str(path))
    table = pq.read_table(path)
    assert (table.num_rows, table.column_names) == (0, V3)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-o", "clean.parquet.gz"], "Parquet compresses its own columns (zstd)"),
        (["--output-format", "parquet", "-o", "clean.jsonl.zst"], "give a name without .zst"),
        (["-o", "clean.parquet", "--keep-blocks"], "--keep-blocks writes JSONL only"),
    ],
)
def test_parquet_refusals(tmp_path, args, said):
    result = cleancli("run", str(FIXTURES), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert said in result.stderr.decode()
    assert not list(tmp_path.iterdir())


def test_parquet_to_a_terminal_is_refused():
    from cleancli.errors import UsageError
    from cleancli.options import Sinks
    from cleancli.outputs.sinks import check_sink

    class Terminal(io.BytesIO):
        def isatty(self):
            return True

    with pytest.raises(UsageError, match="Parquet is binary"):
        check_sink(Sinks(output_format="parquet"), stdout=Terminal())
    check_sink(Sinks(output_format="parquet"), stdout=io.BytesIO())  # a pipe or a file


def test_jsonl_output_never_imports_pyarrow(tmp_path):
    probe = (
        "import sys\n"
        "from cleancli.cli.app import main\n"
        "try:\n"
        f"    main(['run', {str(FIXTURES)!r}, '--schema', 'dolma', '-o', {str(tmp_path / 'o.jsonl')!r}])\n"
        "except SystemExit:\n    pass\n"
        "print('pyarrow' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False)
    assert result.stderr.strip().endswith(b"False"), result.stderr.decode()


def test_without_pyarrow_parquet_is_a_one_line_usage_error(tmp_path):
    probe = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "from cleancli.cli.app import main\n"
        f"main(['run', {str(FIXTURES)!r}, '-o', {str(tmp_path / 'out.parquet')!r}])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "cleancli: error: --output-format parquet needs pyarrow: pip install -e '.[parquet]' in cleancli's folder\n"
    )
    assert not list(tmp_path.iterdir())


def test_dask_writes_parquet_shards_of_the_local_rows(tmp_path):
    pytest.importorskip("distributed")
    args = ["run", *MANY, "--now", NOW, "--on-duplicate", "mark", "--schema", "dolma"]
    local = tmp_path / "local.parquet"
    assert cleancli(*args, "--jobs", "2", "-o", str(local)).returncode == 0
    out = tmp_path / "out"
    dask = cleancli(
        *args, "--engine", "dask", "--jobs", "2", "--output-format", "parquet", "-o", str(out)
    )
    assert dask.returncode == 0, dask.stderr
    shards = sorted(out.glob("part-*.parquet"))
    manifest = orjson.loads((out / "_manifest.json").read_bytes())
    assert [s["name"] for s in manifest["shards"]] == [p.name for p in shards]
    assert (manifest["document_format"], manifest["output_format"]) == ("dolma", "parquet")
    assert pa.concat_tables(pq.read_table(p) for p in shards).equals(pq.read_table(local))
    # the folder reads as one table: readers skip the manifest for its leading underscore
    import pandas as pd

    assert len(pd.read_parquet(out)) == pq.read_table(local).num_rows
