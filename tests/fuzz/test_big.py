"""The long fuzz run, collected only with CLEANCLI_FUZZ_BIG=1 (see conftest.py); sizes from
CLEANCLI_FUZZ_LIBRARY and CLEANCLI_FUZZ_CLI. The command line gives a table and reproducers:
python -m tests.fuzz --library 100000 --cli 3000 --seed 1."""

from __future__ import annotations

import os

from .run import fuzz, table


def test_fuzz_big():
    library = int(os.environ.get("CLEANCLI_FUZZ_LIBRARY", "100000"))
    cli = int(os.environ.get("CLEANCLI_FUZZ_CLI", "3000"))
    seed = int(os.environ.get("CLEANCLI_FUZZ_SEED", "1"))
    outcomes = fuzz(seed=seed, library=library, cli=cli, extra=None, jobs=os.cpu_count() or 1)
    assert not any(o["failures"] for o in outcomes), "\n" + table(outcomes, 0.0, {})
