"""The library API as README.md and the package's docstring show it: `from cleancli import ...`
gives the stage functions, whichever of cleancli's modules were imported before."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES, ROOT

_STAGE_BY_STAGE = f"""
import sys
import cleancli.engines.pipeline, cleancli.cli.runner  # every stage's module loaded first, as the CLI does
from cleancli import emit, extract, read_inputs, split, strip

items = emit(split(strip(extract(read_inputs([{str(FIXTURES)!r}], stdin=sys.stdin.buffer)))))
print(sum(1 for item in items if type(item).__name__ == "Record"))
"""


def test_the_stages_import_as_functions_and_chain():
    done = subprocess.run(
        [sys.executable, "-c", _STAGE_BY_STAGE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "9"


def test_every_public_name_is_what_its_docstring_says():
    import cleancli

    for name in cleancli.__all__:
        value = getattr(cleancli, name)
        assert not isinstance(value, type(cleancli)), f"cleancli.{name} is a module"
