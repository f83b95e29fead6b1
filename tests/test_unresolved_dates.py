"""The summary says when relative dates stayed unresolved for want of a fetch time."""

from __future__ import annotations

import pytest

from conftest import ROOT, cleancli

FIXTURES = str(ROOT / "fixtures")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_summary_counts_relative_dates_left_without_a_fetch_time(jobs):
    result = cleancli("run", FIXTURES, "--jobs", jobs, "-o", "/dev/null")
    assert result.returncode == 0
    assert (
        b"7 relative dates (such as '3 hours ago') left unresolved: the input gives no fetch time"
        in result.stderr
    )
    assert b"give --now" in result.stderr


def test_with_now_nothing_is_left_unresolved_and_nothing_is_said():
    result = cleancli("run", FIXTURES, "--now", "2025-07-24T12:00:00Z", "-o", "/dev/null")
    assert result.returncode == 0
    assert b"unresolved" not in result.stderr
