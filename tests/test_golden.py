"""Golden files: every fixtures/<case>.* has tests/golden/<case>.jsonl; none found is a failure.

Regenerate with `pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, GOLDEN, NOW, ROOT, cleancli

CASES = sorted(p for p in FIXTURES.iterdir() if p.is_file() and not p.name.startswith("."))


def test_cases_exist():
    assert CASES, "no fixtures found: golden tests would pass vacuously"


@pytest.mark.parametrize("fixture", CASES, ids=[p.stem for p in CASES])
def test_golden(fixture, update_golden):
    result = cleancli("run", str(fixture.relative_to(ROOT)), "--now", NOW, "--keep-blocks")
    assert result.returncode == 0, result.stderr.decode()
    golden = GOLDEN / f"{fixture.name.split('.')[0]}.jsonl"
    if update_golden:
        golden.write_bytes(result.stdout)
    assert golden.exists(), f"missing {golden.name}: run pytest --update-golden"
    assert result.stdout == golden.read_bytes()
