"""cleancli's own output read back in every form it is written: folders and globs of records,
a Dask run's folder, Dolma and datatrove documents, compressed JSONL; and the usage errors of
inputs and outputs that do not fit a command."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from conftest import FIXTURES, NOW, cleancli


def _records(tmp_path, *args):
    out = tmp_path / "clean.jsonl"
    done = cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(out), *args)
    assert done.returncode == 0, done.stderr.decode()
    return out


def _stats(*specs):
    done = cleancli("stats", *map(str, specs), "--json")
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def test_views_read_a_folder_and_a_glob_of_record_files_as_records(tmp_path):
    clean = _records(tmp_path)
    folder = tmp_path / "runs"
    (folder / "older").mkdir(parents=True)
    (folder / "a.jsonl").write_bytes(clean.read_bytes())
    (folder / "older" / "b.jsonl.gz").write_bytes(gzip.compress(clean.read_bytes()))
    once = _stats(clean)
    for spec in (folder, f"{folder}/*", f"{tmp_path}/run*"):
        twice = _stats(spec)
        assert twice["records"] == 2 * once["records"], spec
        assert twice["kinds"] == {k: 2 * n for k, n in once["kinds"].items()}


def test_views_read_a_dask_run_s_folder_without_its_manifest(tmp_path):
    pytest.importorskip("distributed")
    clean = _records(tmp_path)
    shards = tmp_path / "shards"
    done = cleancli(
        "run", str(FIXTURES), "--now", NOW, "--engine", "dask", "--jobs", "1", "-o", str(shards)
    )
    assert done.returncode == 0, done.stderr.decode()
    assert (shards / "_manifest.json").exists()
    assert _stats(shards) == _stats(clean)


@pytest.mark.parametrize("schema", ["dolma", "datatrove"])
def test_documents_are_read_back_as_the_records_they_render(tmp_path, schema):
    clean = _records(tmp_path)
    documents = tmp_path / f"{schema}.jsonl"
    done = cleancli("run", str(FIXTURES), "--now", NOW, "--schema", schema, "-o", str(documents))
    assert done.returncode == 0, done.stderr.decode()
    assert _stats(documents) == _stats(clean)
    shown = cleancli("show", "-", "--limit", "0", stdin=documents.read_bytes())
    assert shown.stdout == cleancli("show", str(clean), "--limit", "0").stdout
    # emit reads them as records too: back to schema v3, byte for byte
    emitted = cleancli("emit", str(documents))
    assert emitted.returncode == 0, emitted.stderr.decode()
    assert emitted.stdout == clean.read_bytes()


def test_a_raw_jsonl_dump_with_a_metadata_field_stays_raw_pages(tmp_path):
    dump = tmp_path / "dump.jsonl"
    row = {
        "id": "doc-1",
        "text": "Harbour wall repaired\n\nThe council finished the repairs to the harbour wall "
        "on Friday, a week ahead of the date it had set, and reopened the promenade.",
        "metadata": {"url": "https://ledger.example/wall"},
    }
    dump.write_text(json.dumps(row) + "\n")
    counts = _stats(dump)  # its metadata has no `kind`: not a document cleancli wrote
    assert counts["records"] == 1
    assert counts["kinds"] == {"article": 1}


@pytest.mark.parametrize("stage", ["strip", "split", "emit"])
def test_stage_commands_read_compressed_jsonl(tmp_path, stage):
    before = {"strip": "extract", "split": "strip", "emit": "split"}[stage]
    chain = cleancli("extract", str(FIXTURES)).stdout
    if before != "extract":
        chain = cleancli("strip", "-", "--now", NOW, stdin=chain).stdout
    if before == "split":
        chain = cleancli("split", "-", stdin=chain).stdout
    packed = tmp_path / "in.jsonl.gz"
    packed.write_bytes(gzip.compress(chain))
    plain = cleancli(stage, "-", stdin=chain)
    done = cleancli(stage, str(packed))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == plain.stdout
    assert b"rejected 0" in done.stderr


def test_a_cut_compressed_record_file_ends_in_a_reject(tmp_path):
    chain = cleancli("extract", str(FIXTURES)).stdout
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(chain)[:-200])
    done = cleancli("strip", str(cut), "--now", NOW)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    reasons = [r["reason"] for r in lines if r["kind"] == "reject"]
    assert any(r.startswith("truncated: gzip stream ends") for r in reasons), reasons


@pytest.mark.parametrize("stage", ["strip", "split", "emit"])
def test_a_stage_given_a_raw_page_says_to_extract_first(stage):
    page = FIXTURES / "003_ad97f0109e716dd8.txt"
    done = cleancli(stage, str(page))
    assert done.returncode == 2
    assert done.stdout == b""
    message = done.stderr.decode()
    assert message.count("\n") == 1
    assert "cleancli extract FILE | " in message
    assert message.endswith(f"| cleancli {stage}\n")


@pytest.mark.parametrize("stage", ["extract", "strip", "split"])
def test_a_parquet_name_for_a_stage_s_jsonl_is_a_usage_error(tmp_path, stage):
    source = "-" if stage != "extract" else str(FIXTURES)
    out = tmp_path / "out.parquet"
    done = cleancli(stage, source, "-o", str(out), stdin=b"")
    assert done.returncode == 2
    assert b"writes JSONL for the next stage" in done.stderr
    assert not out.exists()


def test_learn_refuses_a_compressed_profile_name(tmp_path):
    done = cleancli("learn", str(FIXTURES), "-o", str(tmp_path / "learned.toml.gz"))
    assert done.returncode == 2
    assert b"plain TOML" in done.stderr


def test_stdin_named_twice_is_a_usage_error():
    for command in ("run", "show"):
        done = cleancli(command, "-", "-", stdin=b"")
        assert done.returncode == 2
        assert b"named twice" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("show", "--limit", "-1"),
        ("explain", "--limit", "99999999999"),
        ("run", "--max-bytes", "0"),
    ],
)
def test_out_of_range_numbers_are_usage_errors(args):
    done = cleancli(*args[:1], str(FIXTURES), *args[1:])
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"is not in the range" in done.stderr


def test_globs_reach_into_the_folders_they_match(tmp_path):
    (tmp_path / "dumps" / "older").mkdir(parents=True)
    pages = sorted(FIXTURES.glob("*.txt"))
    (tmp_path / "dumps" / pages[0].name).write_bytes(pages[0].read_bytes())
    (tmp_path / "dumps" / "older" / pages[1].name).write_bytes(pages[1].read_bytes())
    for spec in (f"{tmp_path}/dumps/*", f"{tmp_path}/dum*"):
        done = cleancli("run", spec, "--now", NOW)
        assert b"read 2," in done.stderr, (spec, done.stderr)


def test_a_jsonl_page_s_reject_says_which_option_finds_its_text(tmp_path):
    dump = tmp_path / "dump.jsonl"
    rows = [
        {"text": 5},
        {"page_html": "<html><body><p>A page held as HTML.</p></body></html>"},
    ]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows))
    done = cleancli("run", str(dump))
    said = done.stderr.decode()
    assert "field 'text' holds a number, not text" in said
    assert "read the HTML with --html-field page_html" in said


def test_a_dask_folder_with_an_empty_shard_is_still_records(tmp_path):
    clean = _records(tmp_path)
    folder = tmp_path / "shards"
    folder.mkdir()
    (folder / "part-00000.jsonl.gz").write_bytes(gzip.compress(clean.read_bytes()))
    (folder / "part-00001.jsonl.gz").write_bytes(gzip.compress(b""))  # every record a duplicate
    assert _stats(folder) == _stats(clean)


def test_views_strip_extract_s_output_first(tmp_path):
    extracted = tmp_path / "pages.jsonl"
    extracted.write_bytes(cleancli("extract", str(FIXTURES)).stdout)
    clean = _records(tmp_path)
    stripped, emitted = _stats(extracted), _stats(clean)
    assert stripped["furniture_removed"]  # as for raw pages: the lines strip marked
    assert {**stripped, "furniture_removed": None} == emitted
    done = cleancli("explain", str(extracted), "--limit", "1", "--now", NOW)
    assert done.returncode == 0, done.stderr.decode()
    assert "produces 1 article" in done.stdout.decode()


@pytest.mark.parametrize("stage", ["strip", "split", "emit"])
def test_a_stage_given_a_raw_jsonl_dump_says_to_extract_first(tmp_path, stage):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "doc0", "text": "Home\nA page of text."}) + "\n")
    done = cleancli(stage, str(dump))
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"a raw JSONL page (no 'kind')" in done.stderr
    assert b"cleancli extract FILE | " in done.stderr


@pytest.mark.parametrize("stage", ["split", "emit"])
def test_split_and_emit_refuse_records_strip_has_not_marked(tmp_path, stage):
    extracted = tmp_path / "pages.jsonl"
    extracted.write_bytes(cleancli("extract", str(FIXTURES)).stdout)
    done = cleancli(stage, str(extracted))
    assert done.returncode == 2
    assert b"not stripped yet" in done.stderr
    assert b"cleancli strip FILE | " in done.stderr


def test_emit_turns_parquet_into_jsonl_or_another_schema(tmp_path):
    pytest.importorskip("pyarrow")
    clean = _records(tmp_path)
    parquet = tmp_path / "clean.parquet"
    assert cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(parquet)).returncode == 0
    done = cleancli("emit", str(parquet))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == clean.read_bytes()


def test_learn_refuses_cleancli_s_output_and_a_run_that_read_no_page(tmp_path):
    clean = _records(tmp_path)
    profile = tmp_path / "learned.toml"
    done = cleancli("learn", str(clean), "-o", str(profile))
    assert done.returncode == 2
    assert b"learn reads raw pages" in done.stderr
    binary = tmp_path / "blob.dat"
    binary.write_bytes(bytes(range(256)) * 40)
    done = cleancli("learn", str(binary), "-o", str(profile))
    assert done.returncode == 2
    assert b"nothing to learn from" in done.stderr
    assert not profile.exists()


def test_a_jsonl_line_opening_with_a_byte_order_mark_is_read(tmp_path):
    one = json.dumps({"text": "Pier reopens\n\nThe pier reopened to walkers on Monday morning."})
    two = json.dumps({"text": "Wall repaired\n\nThe harbour wall was repaired in a week's work."})
    dump = tmp_path / "joined.jsonl"
    dump.write_bytes(b"\xef\xbb\xbf" + one.encode() + b"\n\xef\xbb\xbf" + two.encode() + b"\n")
    done = cleancli("run", str(dump))
    assert b"read 2, wrote 2" in done.stderr


def test_a_bare_cleancli_prints_its_help():
    done = cleancli()
    assert done.returncode == 0
    assert done.stdout.startswith(b"Usage: cleancli")


def test_a_folder_of_records_with_another_file_is_refused_not_recleaned(tmp_path):
    clean = _records(tmp_path)
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "clean.jsonl").write_bytes(clean.read_bytes())
    (folder / "NOTES.txt").write_text("run on the 24th\n")
    done = cleancli("show", str(folder))
    assert done.returncode == 2
    assert b"holds cleancli records and other files" in done.stderr
    assert done.stdout == b""


@pytest.mark.parametrize("stage", ["strip", "split"])
def test_strip_and_split_refuse_final_records_and_point_to_emit(tmp_path, stage):
    clean = _records(tmp_path)
    done = cleancli(stage, str(clean))
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"final records" in done.stderr
    assert b"cleancli emit FILE" in done.stderr


def test_emit_reads_a_folder_of_shards_and_dolma_round_trips(tmp_path):
    clean = _records(tmp_path)
    folder = tmp_path / "shards"
    folder.mkdir()
    lines = clean.read_bytes().splitlines(keepends=True)
    (folder / "part-00000.jsonl.gz").write_bytes(gzip.compress(b"".join(lines[:4])))
    (folder / "part-00001.jsonl.gz").write_bytes(gzip.compress(b"".join(lines[4:])))
    assert cleancli("emit", str(folder)).stdout == clean.read_bytes()
    dolma = cleancli("emit", str(clean), "--schema", "dolma", "--now", NOW).stdout
    again = cleancli("emit", "-", "--schema", "dolma", stdin=dolma).stdout
    assert again == dolma  # `added` read back as the fetch time it was


def test_a_view_never_appends_to_its_own_input(tmp_path):
    clean = _records(tmp_path)
    before = clean.read_bytes()
    with clean.open("ab") as appended:
        done = subprocess.run(
            [sys.executable, "-m", "cleancli", "stats", str(clean)],
            stdout=appended,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 2
    assert b"never writes over its input" in done.stderr
    assert clean.read_bytes() == before


@pytest.mark.parametrize("command", ["run", "extract"])
def test_run_and_extract_refuse_cleancli_s_output_rather_than_clean_it_again(tmp_path, command):
    clean = _records(tmp_path)
    folder = tmp_path / "shards"
    folder.mkdir()
    (folder / "part-00000.jsonl.gz").write_bytes(gzip.compress(clean.read_bytes()))
    (folder / "_manifest.json").write_text(
        '{"shards": [{"name": "part-00000.jsonl.gz"}], "counts": {}}\n'
    )
    for spec, stdin in ((str(clean), None), ("-", clean.read_bytes()), (str(folder), None)):
        done = cleancli(command, spec, stdin=stdin)
        assert done.returncode == 2, spec
        assert done.stdout == b""
        assert f"{command} reads raw pages".encode() in done.stderr
    # named as JSONL on purpose, the same file is read as a dump of raw pages
    done = cleancli(command, str(clean), "--format", "jsonl", "--text-field", "text")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.count(b"\n") >= 3


def test_the_refusal_sees_records_behind_blank_lines_and_gzip_and_names_the_next_command(tmp_path):
    clean = _records(tmp_path)
    for stdin in (b"\n" + clean.read_bytes(), gzip.compress(clean.read_bytes())):
        done = cleancli("run", "-", stdin=stdin)
        assert done.returncode == 2
        assert b"look with cleancli show -" in done.stderr
    extracted = tmp_path / "pages.jsonl"
    extracted.write_bytes(cleancli("extract", str(FIXTURES)).stdout)
    done = cleancli("run", str(extracted))
    assert done.returncode == 2
    assert f"go on with cleancli strip {extracted} | cleancli split".encode() in done.stderr


def test_another_tool_s_dump_sharing_field_names_is_read_as_pages(tmp_path):
    dump = tmp_path / "theirs.jsonl"
    row = {
        "id": "0",
        "kind": "article",
        "title": "Harbour wall repaired",
        "text": "The council finished the repairs to the harbour wall on Friday, a week ahead "
        "of the date it had set, and reopened the promenade to walkers.",
    }
    dump.write_bytes(json.dumps(row, separators=(",", ":")).encode() + b"\n")
    for command in ("run", "learn"):
        done = cleancli(
            command, str(dump), *(("-o", str(tmp_path / "p.toml")) if command == "learn" else ())
        )
        assert b"holds cleancli's" not in done.stderr, command
    assert b"read 1, wrote 1" in cleancli("run", str(dump)).stderr


def test_the_refusal_does_not_depend_on_the_pace_of_stdin(tmp_path):
    clean = _records(tmp_path)
    page = FIXTURES / "000_89fd1761f10742c4.txt"
    slow = "{{ head -c 10 {0}; sleep 0.5; tail -c +11 {0}; }} | {1} -m cleancli run - --now {2}"
    refused = subprocess.run(
        ["sh", "-c", slow.format(clean, sys.executable, NOW)], capture_output=True, check=False
    )
    assert refused.returncode == 2
    assert b"holds cleancli's records" in refused.stderr
    read = subprocess.run(
        ["sh", "-c", slow.format(page, sys.executable, NOW)], capture_output=True, check=False
    )
    assert read.returncode == 0, read.stderr.decode()
    assert read.stdout == cleancli("run", "-", "--now", NOW, stdin=page.read_bytes()).stdout


def test_a_view_tells_records_on_stdin_whatever_the_pace(tmp_path):
    clean = _records(tmp_path)
    slow = f"{{ head -c 10 {clean}; sleep 0.5; tail -c +11 {clean}; }}"
    done = subprocess.run(
        ["sh", "-c", f"{slow} | {sys.executable} -m cleancli stats - --json"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == _stats(clean)
