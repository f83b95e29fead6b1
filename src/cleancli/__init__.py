"""cleancli: turn messy scraped web dumps into clean, structured JSONL.

The library API mirrors the commands. Each stage is a function from a stream of items
(`Record | Reject`) to a stream of items::

    from cleancli import read_inputs, extract, strip, split, emit
    items = emit(split(strip(extract(read_inputs(["dumps/"], stdin=sys.stdin.buffer)))))

or all four at once with `run(read_inputs(...), Options(now=...))`. Names are loaded on first
use so that importing the package (and `cleancli --help`) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleancli.cleaning.profiles import Profile, load_profile_file
    from cleancli.engines.pipeline import Tally, run
    from cleancli.inputs.rawpage import RawPage
    from cleancli.inputs.sources import read_inputs
    from cleancli.options import Options
    from cleancli.record import Block, Item, Link, Record, Reject, Section
    from cleancli.stages.emit import emit
    from cleancli.stages.extract import extract, extract_page
    from cleancli.stages.split import split, split_record
    from cleancli.stages.strip import strip, strip_record

_HOMES = {
    "emit": "cleancli.stages.emit",
    "extract": "cleancli.stages.extract",
    "extract_page": "cleancli.stages.extract",
    "Options": "cleancli.options",
    "Tally": "cleancli.engines.pipeline",
    "run": "cleancli.engines.pipeline",
    "Profile": "cleancli.cleaning.profiles",
    "load_profile_file": "cleancli.cleaning.profiles",
    "Block": "cleancli.record",
    "Item": "cleancli.record",
    "Link": "cleancli.record",
    "Record": "cleancli.record",
    "Reject": "cleancli.record",
    "Section": "cleancli.record",
    "RawPage": "cleancli.inputs.rawpage",
    "read_inputs": "cleancli.inputs.sources",
    "split": "cleancli.stages.split",
    "split_record": "cleancli.stages.split",
    "strip": "cleancli.stages.strip",
    "strip_record": "cleancli.stages.strip",
}
__all__ = [
    "Block",
    "Item",
    "Link",
    "Options",
    "Profile",
    "RawPage",
    "Record",
    "Reject",
    "Section",
    "Tally",
    "emit",
    "extract",
    "extract_page",
    "load_profile_file",
    "read_inputs",
    "run",
    "split",
    "split_record",
    "strip",
    "strip_record",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cleancli' has no attribute {name!r}")
    return getattr(import_module(home), name)


def __dir__() -> list[str]:
    """The public API (loaded only when first used) and the module's own dunder names."""
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})
