"""Shared test helpers: paths, the golden-file switch, and running cleancli for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
PAGES = ROOT / "tests" / "pages"
NOW = "2025-07-24T12:00:00Z"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from current output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def cleancli(
    *args: str, stdin: bytes | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed command in a real subprocess, as a user's shell would."""
    # colour is each test's to ask for: none inherited from the machine running the tests
    inherited = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    full_env = {**inherited, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cleancli", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        check=False,
        timeout=120,
    )
