"""The long fuzz run is collected only when asked for: CLEANCLI_FUZZ_BIG=1 pytest tests/fuzz."""

import os

collect_ignore = [] if os.environ.get("CLEANCLI_FUZZ_BIG") else ["test_big.py"]
