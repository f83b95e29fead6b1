"""Inputs listed in a file or on stdin (`find … | cleancli run --files-from -`)."""

from __future__ import annotations

from conftest import ROOT, cleancli

PAGES = sorted(str(p) for p in (ROOT / "fixtures").iterdir())
NOW = ("--now", "2025-07-24T12:00:00Z")


def test_a_nul_separated_list_gives_what_naming_the_files_gives(tmp_path):
    listing = tmp_path / "pages.lst"
    listing.write_bytes(b"\0".join(p.encode() for p in PAGES) + b"\0")
    named = cleancli("run", *PAGES, *NOW)
    listed = cleancli("run", "--files-from", str(listing), "-0", *NOW)
    assert listed.returncode == 0, listed.stderr.decode()
    assert listed.stdout == named.stdout
    assert named.stdout.count(b"\n") == 9


def test_a_list_on_stdin_one_path_a_line_adds_to_the_named_inputs():
    rest = "\n".join(PAGES[1:]).encode() + b"\n"
    listed = cleancli("extract", PAGES[0], "--files-from", "-", stdin=rest)
    assert listed.returncode == 0, listed.stderr.decode()
    assert listed.stdout == cleancli("extract", *PAGES).stdout


def test_a_missing_list_or_no_inputs_at_all_is_a_usage_error(tmp_path):
    missing = cleancli("run", "--files-from", str(tmp_path / "nope.lst"))
    assert missing.returncode == 2
    assert b"nope.lst" in missing.stderr
    empty = tmp_path / "empty.lst"
    empty.write_bytes(b"")
    nothing = cleancli("run", "--files-from", str(empty))
    assert nothing.returncode == 2
    assert b"no inputs" in nothing.stderr


def test_stdin_cannot_be_both_the_list_and_an_input():
    both = cleancli("run", "-", "--files-from", "-", stdin=b"")
    assert both.returncode == 2
    assert b"stdin" in both.stderr
