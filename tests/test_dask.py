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
    manifest = orjson.loads((out / "manifest.json").read_bytes())
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

    from cleancli.cli import app

    real = importlib.import_module

    def without_dask(name, *args):
        if name in {"dask", "distributed"}:
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_dask)
    result = CliRunner().invoke(app, ["run", str(DEV), "--engine", "dask", "-o", str(tmp_path)])
    assert result.exit_code != 0
    assert "pip install 'cleancli[dask]'" in str(result.exception)


def test_learn_on_dask_writes_the_local_profile(tmp_path):
    local = cleancli("learn", str(DEV), "--no-auto-profiles", "-o", str(tmp_path / "local.toml"))
    dask = cleancli(
        "learn", str(DEV), "--no-auto-profiles", "--engine", "dask", "--jobs", "2",
        "-o", str(tmp_path / "dask.toml"),
    )  # fmt: skip
    assert dask.returncode == 0, dask.stderr
    profile = (tmp_path / "dask.toml").read_text()
    assert profile == (tmp_path / "local.toml").read_text()
    assert profile.count("pages\n") == 3  # the aggregator's chrome, with its page counts
    assert dask.stderr.replace(b"dask.toml", b"local.toml") == local.stderr
