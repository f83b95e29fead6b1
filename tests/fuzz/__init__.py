"""A seeded fuzz harness for cleancli: mutated pages through the library and the command line.

`python -m tests.fuzz --library N --cli M --seed S` generates N + M inputs from the bundled
fixtures, the test pages and pages made at run time (text, HTML, JSONL dumps, WARC archives,
compressed or not), damages them, and checks what must always hold: nothing escapes, nothing is
lost from the counts, the one-process fold equals the stage-by-stage path, one bad input leaves
the others alone, no input hangs. Every input is a pure function of (seed, index), so a failure
replays with `--replay SEED:INDEX`, and is written out as a reproducer folder.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
