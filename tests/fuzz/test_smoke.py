"""A short fuzz run in the default test run: a few hundred damaged inputs through the library
and a few through `cleancli run`, every property checked (see checks.py)."""

from __future__ import annotations

import os

from .gen import make_case
from .run import fuzz, table

LIBRARY = int(os.environ.get("CLEANCLI_FUZZ_LIBRARY", "100"))
CLI = int(os.environ.get("CLEANCLI_FUZZ_CLI", "6"))
SEED = int(os.environ.get("CLEANCLI_FUZZ_SEED", "20250724"))


def test_cases_repeat_byte_for_byte():
    for index in range(0, 60, 7):
        one, two = make_case(SEED, index), make_case(SEED, index)
        assert (one.mutated.data, one.options, one.steps) == (
            two.mutated.data,
            two.options,
            two.steps,
        )
        assert make_case(SEED, index, cli=True).flags == make_case(SEED, index, cli=True).flags


def test_fuzz_smoke():
    outcomes = fuzz(
        seed=SEED, library=LIBRARY, cli=CLI, extra=None, jobs=2, progress=False, light=True
    )
    assert len(outcomes) == LIBRARY + CLI
    failing = [o for o in outcomes if o["failures"]]
    assert not failing, (
        "\n"
        + table(outcomes, 0.0, {})
        + (
            f"\nreplay one: python -m tests.fuzz --replay {failing[0]['tag']} --light"
            f" --mode {failing[0]['mode']}"
        )
    )
