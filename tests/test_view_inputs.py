"""The views (show, explain, stats, learn) read their inputs as `run` does: the same input
options, rejects told on stderr, missing or empty inputs an error."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import FIXTURES, NOW, cleancli
from test_views import _many_pages, _on_a_terminal

_FURNITURE = "Subscribe to the Harbour Ledger weekly digest for more stories"


def _content_dump(tmp_path, pages=4):
    """A JSONL dump whose page text sits under `content`, each page closing with one line of
    furniture that the built-in rules do not know."""
    lines = []
    for n in range(pages):
        text = "\n\n".join(
            [
                f"Pier number {n} reopens after a long winter of repairs",
                (
                    f"The harbour board said on Monday that pier {n} would reopen to walkers and "
                    "anglers this weekend, after divers finished replacing the rotten piles that "
                    "closed it in November, and that the cafe at its end would follow in spring."
                ),
                (
                    f"Repairs to pier {n} cost the board less than it had set aside, its chair said, "
                    "because the timber came from the old ferry terminal that was pulled down."
                ),
                _FURNITURE,
            ]
        )
        lines.append({"url": f"https://ledger.example/pier-{n}", "content": text})
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return dump


@pytest.mark.parametrize("view", ["show", "explain", "stats"])
def test_each_view_reads_a_content_field_dump_with_text_field(tmp_path, view):
    dump = _content_dump(tmp_path)
    plain = cleancli(view, str(dump), "--now", NOW)
    assert plain.returncode == (2 if view == "explain" else 0)  # explain: "no page to explain"
    assert (
        plain.stderr.count(b"no field 'text' (fields: content, url); choose one with --text-field")
        == 4
    )
    chosen = cleancli(view, str(dump), "--text-field", "content", "--now", NOW)
    assert chosen.returncode == 0, chosen.stderr.decode()
    assert b"rejected" not in chosen.stderr
    out = chosen.stdout.decode()
    if view == "stats":
        assert "4 records" in out
    else:
        assert "Pier number 0" in out


def test_stats_json_counts_a_content_field_dump(tmp_path):
    dump = _content_dump(tmp_path)
    done = cleancli("stats", str(dump), "--text-field", "content", "--json")
    counts = json.loads(done.stdout)
    assert counts["records"] == 4
    assert counts["sites"] == {"ledger.example": 4}


def test_learn_reads_a_content_field_dump_with_text_field(tmp_path):
    dump = _content_dump(tmp_path)
    done = cleancli("learn", str(dump), "--text-field", "content", "--min-pages", "3")
    assert done.returncode == 0, done.stderr.decode()
    assert _FURNITURE in done.stdout.decode()
    without = cleancli("learn", str(dump), "--min-pages", "3")
    assert without.stderr.count(b"no field 'text'") == 4  # told once, not per pass


@pytest.mark.parametrize("view", ["show", "explain", "stats", "learn"])
def test_each_view_on_a_missing_file_exits_2(tmp_path, view):
    done = cleancli(view, str(tmp_path / "nosuch.jsonl"))
    assert done.returncode == 2
    assert b"nosuch.jsonl: no such file or folder" in done.stderr


@pytest.mark.parametrize("view", ["show", "stats"])
def test_each_view_on_an_empty_input_says_so_and_exits_2(tmp_path, view):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    done = cleancli(view, str(empty))
    assert done.returncode == 2
    assert b"nothing to read" in done.stderr


def test_views_read_compressed_records_as_records(tmp_path):
    out = tmp_path / "clean.jsonl.gz"
    assert cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(out)).returncode == 0
    ids = [json.loads(line)["id"] for line in gzip.decompress(out.read_bytes()).splitlines()]
    shown = cleancli("show", str(out), "--limit", "0").stdout.decode()
    assert all(i[:8] in shown for i in ids)  # the records as written, not stripped again
    counts = json.loads(cleancli("stats", str(out), "--json").stdout)
    assert counts["records"] == len(ids)


def test_views_take_several_inputs_and_a_file_list(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    records = cleancli("run", str(FIXTURES), "--now", NOW).stdout.splitlines(keepends=True)
    first.write_bytes(b"".join(records[:3]))
    second.write_bytes(b"".join(records[3:]))
    both = json.loads(cleancli("stats", str(first), str(second), "--json").stdout)
    assert both["records"] == len(records)
    listed = tmp_path / "list"
    listed.write_bytes(f"{first}\0{second}\0".encode())
    from_list = cleancli("stats", "--files-from", str(listed), "-0", "--json")
    assert json.loads(from_list.stdout)["records"] == len(records)


def test_a_view_given_records_and_raw_pages_at_once_is_a_usage_error(tmp_path):
    records = tmp_path / "clean.jsonl"
    cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(records))
    done = cleancli("show", str(records), str(FIXTURES / "003_ad97f0109e716dd8.txt"))
    assert done.returncode == 2
    assert b"separate" in done.stderr


def test_show_and_stats_show_progress_over_big_inputs_on_a_terminal(tmp_path):
    folder = _many_pages(tmp_path / "pages")
    records = tmp_path / "records.jsonl"
    assert cleancli("run", str(folder), "-o", str(records)).returncode == 0
    stats = _on_a_terminal(["stats", str(records), "--json"])
    assert "records," in stats  # the bar's count, on stderr
    raw = _on_a_terminal(["stats", str(folder), "--json"])
    assert "pages," in raw
    assert "records," not in cleancli("stats", str(records)).stderr.decode()


@pytest.mark.parametrize("schema", ["cleancli", "dolma", "datatrove"])
def test_views_read_the_parquet_run_writes_as_its_records(tmp_path, schema):
    pytest.importorskip("pyarrow")
    jsonl, parquet = tmp_path / "clean.jsonl", tmp_path / "clean.parquet"
    assert cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(jsonl)).returncode == 0
    done = cleancli("run", str(FIXTURES), "--now", NOW, "--schema", schema, "-o", str(parquet))
    assert done.returncode == 0, done.stderr.decode()
    from_jsonl = cleancli("stats", str(jsonl), "--json").stdout
    assert cleancli("stats", str(parquet), "--json").stdout == from_jsonl
    shown = cleancli("show", str(parquet), "--limit", "0")
    assert shown.stdout == cleancli("show", str(jsonl), "--limit", "0").stdout


def test_parquet_on_stdin_is_a_usage_error(tmp_path):
    pytest.importorskip("pyarrow")
    parquet = tmp_path / "clean.parquet"
    cleancli("run", str(FIXTURES), "--now", NOW, "-o", str(parquet))
    done = cleancli("show", "-", stdin=parquet.read_bytes())
    assert done.returncode == 2
    assert b"name the file" in done.stderr
