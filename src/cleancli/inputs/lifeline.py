"""Child processes that end with their parent, however the parent ends.

cleancli starts pool workers (`--jobs`) and HTML extraction processes. When the parent is killed
(SIGKILL, a crash) nothing runs in it to stop them, so each child watches its parent instead and
exits when it is gone. Children also ignore Ctrl-C: the terminal sends SIGINT to the whole
process group, and it is the parent that decides how the run ends and stops its children.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Final

#: How often a child looks for its parent, in seconds: how long an orphan may outlive it.
_EVERY: Final = 0.5


def _watch(parent: int) -> None:
    while True:
        time.sleep(_EVERY)
        if os.getppid() != parent:
            os._exit(1)


def tie_to_parent() -> None:
    """Call first thing in a child process: ignore SIGINT, exit when the parent goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True, name="lifeline").start()
