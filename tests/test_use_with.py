"""README.md's "Use with" section, run for real: every code block in it is taken from the README
and run on what `cleancli run fixtures/` writes, so the README shows only commands that work.

Shell blocks run one line per command in a folder holding `clean.jsonl` and `dumps/` (the
bundled fixtures), with the Python environment's scripts first on PATH; Python blocks run in the
same folder, and the names they define are checked against the records read from the JSONL."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, NOW, ROOT, cleancli

FENCED = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)

# Each block of the section is claimed by one test, through a string only it contains.
TOOLS = {
    "sqlite-utils": "sqlite-utils upsert",
    "pandas": "import pandas",
    "polars": "import polars",
    "duckdb-cli": "duckdb -c",
    "duckdb": "import duckdb",
    "jq": "| jq",
    "datatrove": "datatrove.pipeline.readers",
    "parquet": "import pyarrow.parquet",
}


def _section_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    _, found, rest = text.partition("\n## Use with\n")
    assert found, 'README.md has no "## Use with" section'
    section = rest.split("\n## ", 1)[0]
    return FENCED.findall(section)


def _block(tool: str) -> tuple[str, str]:
    claimed = [block for block in _section_blocks() if TOOLS[tool] in block[1]]
    assert len(claimed) == 1, f"{len(claimed)} blocks of the Use with section hold {TOOLS[tool]!r}"
    return claimed[0]


def _commands(tool: str) -> list[str]:
    lang, code = _block(tool)
    assert lang == "sh"
    return [line for line in code.splitlines() if line.strip() and not line.startswith("#")]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    # the environment running the tests holds cleancli, sqlite-utils and the duckdb CLI
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _sh(command: str, cwd: Path) -> str:
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    return result.stdout


def _python(tool: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    lang, code = _block(tool)
    assert lang == "python"
    monkeypatch.chdir(cwd)
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(code, "README.md (Use with)", "exec"), namespace)  # noqa: S102
    return namespace


def _write(folder: Path, records: list[dict[str, Any]]) -> Path:
    folder.mkdir()
    lines = (json.dumps(r, ensure_ascii=False) for r in records)
    (folder / "clean.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
    return folder


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _utc(value: datetime | None) -> datetime | None:
    """A naive timestamp read from `published` (DuckDB 1's TIMESTAMP) is in UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("usewith")
    result = cleancli("run", "fixtures/", "--now", NOW, "-o", str(folder / "clean.jsonl"))
    assert result.returncode == 0, result.stderr.decode()
    (folder / "dumps").symlink_to(FIXTURES, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def records(workdir) -> list[dict[str, Any]]:
    lines = (workdir / "clean.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 9
    assert len({r["id"] for r in rows}) == len(rows)
    return rows


def test_every_block_of_the_section_is_run_by_a_test():
    blocks = _section_blocks()
    assert blocks
    for lang, code in blocks:
        assert lang in {"sh", "python"}, code
        owners = [tool for tool, mark in TOOLS.items() if mark in code]
        assert len(owners) == 1, f"{owners} for block:\n{code}"


def test_sqlite_utils(workdir, records, tmp_path):
    upsert, by_publisher, by_day, links = _commands("sqlite-utils")
    _sh(upsert, workdir)
    _sh(upsert, workdir)  # again: the same rows, updated in place
    with sqlite3.connect(workdir / "clean.db") as db:
        rows = db.execute("SELECT id, published, links, meta FROM records").fetchall()
        [(pk,)] = db.execute("SELECT name FROM pragma_table_info('records') WHERE pk").fetchall()
    assert pk == "id"
    assert [row[0] for row in rows] == [r["id"] for r in records]
    for (_, published, links_text, meta_text), record in zip(rows, records, strict=True):
        assert published == record["published"]
        assert json.loads(links_text) == record["links"]
        assert json.loads(meta_text) == record["meta"]

    publishers = {row["publisher"]: row["n"] for row in json.loads(_sh(by_publisher, workdir))}
    assert publishers == Counter(r["publisher"] for r in records)
    days = {row["day"]: row["n"] for row in json.loads(_sh(by_day, workdir))}
    assert days == Counter(r["published"] and r["published"][:10] for r in records)
    assert days["2025-07-24"] == 4
    link_rows = [(row["id"], row["link"]) for row in json.loads(_sh(links, workdir))]
    assert link_rows == [(r["id"], link["title"]) for r in records for link in r["links"]]
    assert link_rows

    # marked duplicates get ids of their own: the same upsert keeps every record written
    marked = tmp_path / "marked"
    marked.mkdir()
    again = FIXTURES / "003_ad97f0109e716dd8.txt"
    output = marked / "clean.jsonl"
    result = cleancli("run", str(FIXTURES), str(again), "--on-duplicate", "mark", "-o", str(output))
    assert result.returncode == 0, result.stderr.decode()
    written = output.read_text("utf-8").splitlines()
    assert any(json.loads(line)["duplicate_of"] for line in written)
    _sh(upsert, marked)
    with sqlite3.connect(marked / "clean.db") as db:
        assert db.execute("SELECT count(*) FROM records").fetchone() == (len(written),)


def test_pandas(workdir, records, monkeypatch):
    import pandas as pd

    df = _python("pandas", workdir, monkeypatch)["df"]
    assert df.id.tolist() == [r["id"] for r in records]
    assert isinstance(df.published.dtype, pd.DatetimeTZDtype)
    assert str(df.published.dtype.tz) == "UTC"
    loaded = [None if pd.isna(v) else v.to_pydatetime() for v in df.published]
    assert loaded == [_instant(r["published"]) for r in records]
    assert df.links.tolist() == [r["links"] for r in records]
    assert df.meta.tolist() == [r["meta"] for r in records]
    assert df.word_count.tolist() == [r["word_count"] for r in records]


def test_pandas_keeps_ids_that_are_all_digits(records, tmp_path, monkeypatch):
    digits = [f"{n:016d}" for n in range(len(records))]
    renamed = {r["id"]: d for r, d in zip(records, digits, strict=True)}
    rows = [dict(r, id=renamed[r["id"]], parent_id=renamed.get(r["parent_id"])) for r in records]
    df = _python("pandas", _write(tmp_path / "digits", rows), monkeypatch)["df"]
    assert df.id.tolist() == digits
    assert df.parent_id.dropna().tolist() == [r["parent_id"] for r in rows if r["parent_id"]]


def test_pandas_and_polars_read_a_file_with_no_date(records, tmp_path, monkeypatch):
    import pandas as pd
    import polars as pl

    folder = _write(tmp_path / "undated", [dict(r, published=None) for r in records])
    pandas_df = _python("pandas", folder, monkeypatch)["df"]
    assert isinstance(pandas_df.published.dtype, pd.DatetimeTZDtype)
    assert str(pandas_df.published.dtype.tz) == "UTC"
    assert pandas_df.published.isna().all()
    polars_df = _python("polars", folder, monkeypatch)["df"]
    assert polars_df.schema["published"] == pl.Datetime("us", "UTC")
    assert polars_df["published"].null_count() == len(records)


def test_polars(workdir, records, monkeypatch):
    import polars as pl

    df = _python("polars", workdir, monkeypatch)["df"]
    assert df["id"].to_list() == [r["id"] for r in records]
    dtype = df.schema["published"]
    assert isinstance(dtype, pl.Datetime)
    assert dtype.time_zone == "UTC"
    assert df["published"].to_list() == [_instant(r["published"]) for r in records]
    assert df["links"].to_list() == [r["links"] for r in records]


def test_polars_reads_values_first_seen_after_row_100(records, tmp_path, monkeypatch):
    blank = dict(records[0], url=None, published=None, links=[], meta={})
    rows = [dict(blank, id=f"{n:016x}") for n in range(150)]
    rows[-1] = dict(
        records[5],
        url="https://example.com/a",
        duplicate_of=records[0]["id"],
        meta={"html_author": "A. Writer"},
    )
    df = _python("polars", _write(tmp_path / "late", rows), monkeypatch)["df"]
    last = df.row(-1, named=True)
    assert last["url"] == "https://example.com/a"
    assert last["duplicate_of"] == records[0]["id"]
    assert last["meta"] == {"html_author": "A. Writer"}
    assert last["links"] == records[5]["links"]
    assert last["published"] == _instant(records[5]["published"])


def test_duckdb_cli(workdir, records):
    if shutil.which("duckdb", path=_env()["PATH"]) is None:
        pytest.skip("no duckdb command here (pip install duckdb-cli, part of the dev extra)")
    [command] = _commands("duckdb-cli")
    counts = {}
    for line in _sh(command, workdir).splitlines():
        cells = [cell.strip() for cell in line.strip("│ ").split("│")]
        if len(cells) == 2 and cells[1].isdigit():
            counts[None if cells[0] == "NULL" else cells[0]] = int(cells[1])
    assert counts == Counter(r["publisher"] for r in records)


def test_duckdb(workdir, records, monkeypatch):
    namespace = _python("duckdb", workdir, monkeypatch)
    relation = namespace["records"]
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert types["published"].startswith("TIMESTAMP")
    assert types["links"].startswith("STRUCT(title VARCHAR")
    assert types["links"].endswith("[]")
    rows = relation.select("id, published").fetchall()
    assert [row[0] for row in rows] == [r["id"] for r in records]
    assert [_utc(row[1]) for row in rows] == [_instant(r["published"]) for r in records]
    related = dict(namespace["related"])
    assert related == Counter(r["parent_id"] for r in records if r["kind"] == "related")


def test_duckdb_reads_values_first_seen_after_its_sample(records, tmp_path, monkeypatch):
    # past DuckDB's default sample of 20,480 rows; short texts keep the file small
    blank = dict(records[0], text="", url=None, duplicate_of=None)
    rows = [dict(blank, id=f"{n:016x}") for n in range(20_500)]
    rows[-1] = dict(blank, id="f" * 16, url="https://example.com/a", duplicate_of=rows[0]["id"])
    relation = _python("duckdb", _write(tmp_path / "late", rows), monkeypatch)["records"]
    late = relation.filter("url IS NOT NULL").select("id, url, duplicate_of").fetchall()
    assert late == [("f" * 16, "https://example.com/a", rows[0]["id"])]


def test_jq(workdir, records):
    if shutil.which("jq") is None:
        pytest.skip("no jq command here: it is a system package (apt-get install jq)")
    [command] = _commands("jq")
    lines = _sh(command, workdir).splitlines()
    expected = [
        {"id": r["id"], "parent_id": r["parent_id"], "title": r["title"]}
        for r in records
        if r["kind"] == "related"
    ]
    assert [json.loads(line) for line in lines] == expected
    assert len(expected) == 6


@pytest.fixture
def fresh_folders():
    """datatrove's folders are cached fsspec instances: without this, "." would stay the folder
    an earlier test read, whatever the working directory is now."""
    from datatrove.io import DataFolder

    DataFolder.clear_instance_cache()


@pytest.mark.usefixtures("fresh_folders")
def test_datatrove(workdir, records, monkeypatch):
    docs = _python("datatrove", workdir, monkeypatch)["docs"]
    assert [d.id for d in docs] == [r["id"] for r in records]
    assert [d.text for d in docs] == [r["text"] for r in records]
    for doc, record in zip(docs, records, strict=True):
        rest = {k: v for k, v in record.items() if k not in ("id", "text")}
        assert {k: v for k, v in doc.metadata.items() if k != "file_path"} == rest


@pytest.mark.usefixtures("fresh_folders")
def test_datatrove_skips_records_without_text(records, tmp_path, monkeypatch):
    rows = [records[0], dict(records[1], text="", word_count=0), records[2]]
    docs = _python("datatrove", _write(tmp_path / "empty", rows), monkeypatch)["docs"]
    assert [d.id for d in docs] == [records[0]["id"], records[2]["id"]]


def test_parquet(workdir, records, monkeypatch):
    written = cleancli("run", "fixtures/", "--now", NOW, "-o", str(workdir / "clean.parquet"))
    assert written.returncode == 0, written.stderr.decode()
    df = _python("parquet", workdir, monkeypatch)["df"]
    assert list(df["id"]) == [r["id"] for r in records]
    assert str(df["published"].dtype) == "datetime64[ms, UTC]"
    assert [
        None if v is None else v.isoformat() for v in map(_instant_or_none, df["published"])
    ] == [r["published"] and r["published"].replace("Z", "+00:00") for r in records]
    assert [[dict(link) for link in links] for links in df["links"]] == [
        r["links"] for r in records
    ]


def _instant_or_none(value: Any) -> datetime | None:
    import pandas as pd

    return None if pd.isna(value) else value.to_pydatetime()
