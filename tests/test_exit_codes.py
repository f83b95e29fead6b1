"""Every exit code cleancli documents, through the real entry point."""

from __future__ import annotations

from cleancli.errors import ExitStatus
from conftest import cleancli


def test_ok():
    assert cleancli("run", "fixtures/").returncode == ExitStatus.OK


def test_rejects_are_not_failures_without_strict():
    result = cleancli("run", "fixtures/", "missing.txt")
    assert result.returncode == ExitStatus.OK
    assert b"rejected missing.txt (extract): no such file or folder" in result.stderr


def test_strict_fails_on_rejects():
    assert cleancli("run", "fixtures/", "missing.txt", "--strict").returncode == ExitStatus.FAILED


def test_usage_errors_are_one_line_and_exit_2(tmp_path):
    bad_profile = tmp_path / "bad.toml"
    bad_profile.write_text('[profile]\nname = "x"\ndate_order = "ZZZ"\n')
    cases = [
        ("run", "fixtures/", "--bogus"),
        ("run",),
        ("run", "fixtures/", "--now", "yesterday-ish"),
        ("run", "fixtures/", "--dedup", "fuzzy"),
        ("run", "fixtures/", "--profile", "no-such-profile"),
        ("run", "fixtures/", "--profile", str(bad_profile)),
        ("strip", "no-such-input.jsonl"),
    ]
    for args in cases:
        result = cleancli(*args)
        assert result.returncode == ExitStatus.USAGE, args
        lines = result.stderr.decode().strip().splitlines()
        assert len(lines) == 1, (args, lines)
        assert lines[0].startswith("cleancli: error:"), lines
        assert b"Traceback" not in result.stderr


def test_debug_shows_the_traceback():
    result = cleancli("run", "fixtures/", "--profile", "no-such-profile", "--debug")
    assert result.returncode != ExitStatus.OK
    assert b"Traceback" in result.stderr


def test_no_arguments_shows_help():
    result = cleancli()
    assert b"Usage" in result.stdout + result.stderr
