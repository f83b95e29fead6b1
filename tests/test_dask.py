"""`run --engine dask` on a real local cluster: the same records as the local engine."""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING

import orjson
import pytest

from conftest import NOW, ROOT, cleancli

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("distributed")

DEV = ROOT / "eval" / "dev" / "raw"


def _shards(folder: Path) -> bytes:
    return b"".join(gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("part-*.jsonl.gz")))


@pytest.mark.parametrize("dedup", ["exact", "near"])
def test_dask_gives_the_local_engine_s_records(tmp_path, dedup):
    dump = tmp_path / "dump.jsonl"
    # a JSONL file cut into several parts, duplicates across them, a bad line, dev pages too
    rows = [
        {"text": f"Title {n % 40}\nA body line that reads as prose, number {n % 40}."}
        for n in range(300)
    ]
    lines = [orjson.dumps(r) for r in rows]
    lines[123] = b"{not json"
    dump.write_bytes(b"\n".join(lines) + b"\n")
    args = [
        str(DEV),
        str(dump),
        str(tmp_path / "missing.txt"),
        "--now",
        NOW,
        "--on-duplicate",
        "mark",
        "--dedup",
        dedup,
    ]
    local = cleancli("run", *args, "--jobs", "1", "--rejects", str(tmp_path / "local-rejects"))
    out = tmp_path / "out"
    dask = cleancli(
        "run", *args, "--engine", "dask", "--jobs", "2", "--part-size", "4096", "-o", str(out),
        "--rejects", str(tmp_path / "dask-rejects"),
    )  # fmt: skip
    assert dask.returncode == 0, dask.stderr
    assert dask.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]
    assert _shards(out) == local.stdout  # in shard order, the very same bytes
    ids = sorted(orjson.loads(line)["id"] for line in local.stdout.splitlines())
    assert sorted(orjson.loads(line)["id"] for line in _shards(out).splitlines()) == ids
    assert (tmp_path / "dask-rejects").read_bytes() == (tmp_path / "local-rejects").read_bytes()
    manifest = orjson.loads((out / "_manifest.json").read_bytes())
    shards = manifest["shards"]
    assert len(shards) > 3
    assert sum(s["records"] for s in shards) == manifest["counts"]["wrote"]
    counts = manifest["counts"]
    assert counts["read"] + counts["split_found"] == counts["wrote"] + counts["rejected"]


def test_dask_needs_a_folder_and_files(tmp_path):
    no_folder = cleancli("run", str(DEV), "--engine", "dask")
    assert no_folder.returncode == 2
    assert b"-o DIR" in no_folder.stderr
    from_stdin = cleancli("run", "-", "--engine", "dask", "-o", str(tmp_path), stdin=b"text")
    assert from_stdin.returncode == 2
    assert b"not stdin" in from_stdin.stderr


def test_missing_dask_is_a_clear_error(monkeypatch, tmp_path):
    import importlib

    from typer.testing import CliRunner

    from cleancli.cli.app import app

    real = importlib.import_module

    def without_dask(name, *args):
        if name in {"dask", "distributed"}:
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_dask)
    result = CliRunner().invoke(app, ["run", str(DEV), "--engine", "dask", "-o", str(tmp_path)])
    assert result.exit_code != 0
    assert "pip install -e '.[dask]'" in str(result.exception)


def test_learn_on_dask_writes_the_local_profile(tmp_path):
    local = cleancli("learn", str(DEV), "--no-auto-profiles", "-o", str(tmp_path / "local.toml"))
    dask = cleancli(
        "learn", str(DEV), "--no-auto-profiles", "--engine", "dask", "--jobs", "2",
        "-o", str(tmp_path / "dask.toml"),
    )  # fmt: skip
    assert dask.returncode == 0, dask.stderr
    profile = (tmp_path / "dask.toml").read_text()
    assert profile == (tmp_path / "local.toml").read_text()
    listed = [line for line in profile.splitlines() if line.startswith('  "')]
    assert len(listed) == 3  # the aggregator's chrome
    assert all(" pages" in line for line in listed)  # each with its page count
    assert dask.stderr.replace(b"dask.toml", b"local.toml") == local.stderr


def test_dask_edges_match_the_local_engine(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [orjson.dumps({"text": f"Title {n}\nA body line, number {n}."}) for n in range(60)]
    lines[20] = b"BZh91AY&SY not a compressed stream, a bad line"  # a part may start here
    (folder / "a.jsonl").write_bytes(b"\n".join(lines))  # no newline at the end
    (folder / "b.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    dump = folder / "a.jsonl"
    out = tmp_path / "out"
    for args in (
        [str(folder), str(dump)],  # the same file twice: lines numbered from 1 each time
        [str(dump), "--format", "text"],  # a text page is never cut into lines
    ):
        local = cleancli("run", *args, "--dedup", "none", "--jobs", "1")
        for part_size in ("2048", "1024"):  # the second run reuses the folder
            dask = cleancli(
                "run", *args, "--dedup", "none", "--engine", "dask", "--jobs", "2",
                "--part-size", part_size, "-o", str(out),
            )  # fmt: skip
            assert dask.returncode == 0, dask.stderr
            assert _shards(out) == local.stdout
            assert dask.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]
            assert not list(out.glob("*.unreduced"))


def test_finishing_a_shard_twice_changes_nothing(tmp_path):
    from cleancli.engines.dask_cluster import finish_shard
    from cleancli.engines.shardfolder import UNREDUCED

    shard = tmp_path / "part-00000.jsonl.gz"
    rows = [b'{"id":"1","duplicate_of":null}\n', b'{"id":"2","duplicate_of":null}\n', b"3\n"]
    (tmp_path / ("part-00000.jsonl.gz" + UNREDUCED)).write_bytes(gzip.compress(b"".join(rows)))
    finish_shard(str(shard), {2}, {1: ("2", "9", "1")})
    once = shard.read_bytes()
    finish_shard(str(shard), {2}, {1: ("2", "9", "1")})  # a retried task
    assert shard.read_bytes() == once
    assert gzip.decompress(once) == rows[0] + b'{"id":"9","duplicate_of":"1"}\n'


def _folder_state(folder: Path) -> dict[str, bytes | str]:
    return {
        p.name: (f"-> {p.readlink()}" if p.is_symlink() else p.read_bytes())
        for p in sorted(folder.iterdir())
    }


def test_dask_refuses_a_folder_holding_the_user_s_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "part-00000.jsonl.gz.bak").write_bytes(b"a backup")
    (out / "part-00001.jsonl.gz.orig").write_bytes(b"an original")
    (out / "part-00002.jsonl.gz").symlink_to(out / "notes.txt")
    (out / "_manifest.json").write_text('{"mine": true}')
    before = _folder_state(out)
    result = cleancli("run", str(DEV), "--engine", "dask", "--jobs", "1", "-o", str(out))
    assert result.returncode == 2
    assert b"give an empty or new folder" in result.stderr
    assert _folder_state(out) == before


def test_dask_never_writes_over_its_inputs_in_its_output_folder(tmp_path):
    out = tmp_path / "out"
    first = cleancli(
        "run", str(DEV), "--now", NOW, "--engine", "dask", "--jobs", "1", "-o", str(out)
    )
    assert first.returncode == 0, first.stderr
    before = _folder_state(out)
    # The earlier run's shards as this run's inputs: replacing them would delete the inputs.
    again = cleancli("run", str(out / "part-*.jsonl.gz"), "--engine", "dask", "-o", str(out))
    assert again.returncode == 2
    assert b"holds inputs of this run" in again.stderr
    assert _folder_state(out) == before
    # An earlier run's folder takes a new run over other inputs, replacing it whole.
    other = cleancli("run", str(DEV), "--engine", "dask", "--jobs", "1", "-o", str(out))
    assert other.returncode == 0, other.stderr
    manifest = orjson.loads((out / "_manifest.json").read_bytes())
    shards = [shard["name"] for shard in manifest["shards"]]
    assert sorted(p.name for p in out.iterdir()) == sorted(["_manifest.json", *shards])
