"""The output folder of a Dask run: its shards, the staging folder they are written to, and
the manifest that lists them. A run replaces only an earlier run's files, and only when it ends
well: the manifest is written last, so a folder with a manifest is complete.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import orjson

from cleancli.errors import UsageError
from cleancli.inputs.paths import input_paths

if TYPE_CHECKING:
    from cleancli.options import OutputFormat

#: Named with a leading underscore, as Hadoop's `_SUCCESS`: readers of a folder of Parquet files
#: (pyarrow, pandas, Spark) skip such files, so the folder reads as one table.
MANIFEST: Final = "_manifest.json"
UNREDUCED: Final = ".unreduced"
#: Where a run writes its shards before they replace an earlier run's: hidden, so that input
#: folders skip it, and cleared at the start of the next run if a run died before the end.
STAGING: Final = ".cleancli-partial"
#: Each output format's shard file ending.
SHARD_ENDINGS: Final[dict[OutputFormat, str]] = {"jsonl": "jsonl.gz", "parquet": "parquet"}
_SHARD: Final = re.compile(
    r"part-\d{5}\.(?:" + "|".join(map(re.escape, SHARD_ENDINGS.values())) + ")"
)


def refuse_inputs_inside(inputs: list[str], out_dir: Path) -> None:
    """An output folder that holds inputs of this run would have them replaced: refused."""
    folder = Path(os.path.realpath(out_dir))
    for spec in inputs:
        for path in input_paths(spec):
            if Path(os.path.realpath(path)).is_relative_to(folder):
                raise UsageError(
                    f"-o {out_dir} holds inputs of this run ({path}); cleancli never writes over "
                    "its input: give another folder"
                )


def is_manifest(path: Path) -> bool:
    """Whether `path` is the manifest a Dask run wrote beside its shards."""
    return path.name == MANIFEST and _manifest_shards(path) is not None


def earlier_run(out_dir: Path) -> list[Path]:
    """The files of an earlier run in `out_dir` (its manifest and the shards it lists), which
    this run replaces when it ends well. Raises `UsageError` when the folder holds anything
    else: cleancli never deletes or overwrites what it did not write."""
    if not out_dir.exists():
        return []
    if not out_dir.is_dir():
        raise UsageError(f"-o {out_dir} is a file; --engine dask writes shards to a folder")
    entries = {entry.name: entry for entry in out_dir.iterdir()}
    staging = entries.pop(STAGING, None)
    if staging is not None and not _only_ours(staging):
        raise UsageError(f"{staging} holds files cleancli did not write; remove it or choose -o")
    if not entries:
        return []
    listed = _manifest_shards(out_dir / MANIFEST) if MANIFEST in entries else None
    ours = {MANIFEST, *(listed or ())}
    others = sorted(
        name for name, entry in entries.items() if name not in ours or not _plain_file(entry)
    )
    if listed is None or others:
        shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
        what = (
            f"files that are not an earlier cleancli run's ({shown})"
            if others
            else (f"a {MANIFEST} that is not cleancli's")
        )
        raise UsageError(f"-o {out_dir} holds {what}; give an empty or new folder")
    return [entries[name] for name in sorted(ours) if name in entries]


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _only_ours(staging: Path) -> bool:
    if not staging.is_dir() or staging.is_symlink():
        return False
    names = (entry.name.removesuffix(UNREDUCED).removesuffix(".tmp") for entry in staging.iterdir())
    return all(name == MANIFEST or _SHARD.fullmatch(name) for name in names)


def _manifest_shards(path: Path) -> list[str] | None:
    """The shard names a cleancli manifest lists, or None if `path` is not one."""
    try:
        manifest = orjson.loads(path.read_bytes())
        names = [shard["name"] for shard in manifest["shards"]]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    if not isinstance(manifest.get("counts"), dict) or not all(
        isinstance(name, str) and _SHARD.fullmatch(name) for name in names
    ):
        return None
    return names


def publish(out_dir: Path, staging: Path, earlier: list[Path], manifest: dict[str, Any]) -> None:
    """Replace the earlier run's files by this run's: its shards moved out of the staging
    folder, then the manifest, written last so that a folder with a manifest is complete."""
    for old in earlier:
        old.unlink(missing_ok=True)
    for shard in manifest["shards"]:
        (staging / shard["name"]).replace(out_dir / shard["name"])
    temporary = staging / (MANIFEST + ".tmp")
    temporary.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    temporary.replace(out_dir / MANIFEST)
    staging.rmdir()
