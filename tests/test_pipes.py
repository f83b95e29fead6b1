"""Real subprocess pipelines, as a user's shell runs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import NOW, ROOT, cleancli

CLI = f"{sys.executable} -m cleancli"


def _sh(script: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", script],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_four_command_pipe_matches_run_byte_for_byte():
    piped = _sh(f"{CLI} extract fixtures/ | {CLI} strip --now {NOW} | {CLI} split | {CLI} emit")
    whole = cleancli("run", "fixtures/", "--now", NOW)
    assert piped.returncode == 0, piped.stderr.decode()
    assert piped.stdout == whole.stdout
    assert len(whole.stdout.splitlines()) == 9


def test_output_is_byte_identical_between_runs():
    assert cleancli("run", "fixtures/").stdout == cleancli("run", "fixtures/").stdout


def test_head_ends_quietly(tmp_path):
    for i in range(400):
        (tmp_path / f"{i:04}.txt").write_text(
            f"Title {i}\n" + f"Sentence number {i} about the harbour. " * 200
        )
    result = _sh(f"{CLI} run {tmp_path} | head -1")
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.splitlines()) == 1
    assert b"Traceback" not in result.stderr
    assert b"BrokenPipe" not in result.stderr


def test_stdin_dash_reads_a_page():
    page = (ROOT / "fixtures" / "002_d06ffc9ac9d1c36e.txt").read_bytes()
    result = cleancli("run", "-", stdin=page)
    assert result.returncode == 0
    assert b'"source":"<stdin>"' in result.stdout


HEAVY = (
    "trafilatura", "dateparser", "lxml", "charset_normalizer", "pyarrow", "numpy", "pandas",
    "dask", "distributed", "orjson", "rich",
)  # fmt: skip


@pytest.mark.parametrize("command", ["strip", "run", "emit", "show", "learn", "eval"])
def test_help_imports_no_heavy_dependency(command):
    probe = (
        f"import sys; sys.argv = ['cleancli', {command!r}, '--help']; HEAVY = {HEAVY!r}\n"
        "from cleancli.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in HEAVY if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False)
    assert result.stderr.strip().endswith(b"[]"), result.stderr.decode()
