"""`published` loads as one datetime column in pandas, polars and SQLite, without options
(docs/schema.md, "Dates"), on output with every kind of date cleancli writes."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

import pandas as pd
import polars as pl
import pytest

from conftest import ROOT, cleancli

if TYPE_CHECKING:
    from pathlib import Path

# The labelled pages beside the project, when they are there; the bundled inputs always.
TEXTDEV = ROOT.parent / "shared" / "eval" / "textdev" / "raw"
INPUTS = {
    "bundled": [ROOT / "fixtures", ROOT / "tests" / "cases"],
    "textdev": [TEXTDEV],
}


@pytest.fixture(scope="module", params=sorted(INPUTS))
def output(request, tmp_path_factory) -> Path:
    paths = INPUTS[request.param]
    if not all(p.exists() for p in paths):
        pytest.skip(f"{request.param} pages not here")
    out = tmp_path_factory.mktemp(request.param) / "out.jsonl"
    result = cleancli("run", *map(str, paths), "--now", "2026-01-10T12:00:00Z", "-o", str(out))
    assert out.stat().st_size, result.stderr.decode()
    return out


def _published(path: Path) -> list[str | None]:
    return [json.loads(line)["published"] for line in path.read_text("utf-8").splitlines()]


def test_the_output_has_dates_of_every_precision(output):
    rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    dated = [r for r in rows if r["published"] is not None]
    assert len(dated) >= 10
    assert {r["published_precision"] for r in dated} >= {"day", "minute"}


def test_pandas_reads_published_as_one_datetime_column(output):
    frame = pd.read_json(output, lines=True)
    column = pd.to_datetime(frame.published)
    assert isinstance(column.dtype, pd.DatetimeTZDtype)
    assert str(column.dtype.tz) == "UTC"
    assert column.notna().sum() == sum(v is not None for v in _published(output))


def test_polars_reads_published_as_one_datetime_column_and_drops_no_row(output):
    frame = pl.read_ndjson(output)
    column = frame["published"].str.to_datetime()
    assert column.dtype == pl.Datetime("us", "UTC")
    assert column.null_count() == frame["published"].null_count()


def test_sqlite_date_functions_read_every_published_value(output):
    values = [v for v in _published(output) if v is not None]
    with sqlite3.connect(":memory:") as db:
        read = [db.execute("SELECT datetime(?)", (v,)).fetchone()[0] for v in values]
    assert None not in read
    assert [r.replace(" ", "T") + "Z" for r in read] == values
