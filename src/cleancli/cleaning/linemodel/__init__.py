"""The line model: a learned judge of which lines of a text dump are page furniture.

`features` says what it sees of a line, `forest` evaluates the shipped model with numpy;
`tools.corpus` and `tools.train` rebuild it from labelled pages (`cleancli train`, the `train`
extra).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Union

if TYPE_CHECKING:
    from cleancli.cleaning.linemodel.forest import Forest

#: The model shipped inside the package.
BUILTIN: Final = "builtin"
#: No model: the rules alone.
OFF: Final = "off"
#: Which model strip uses: `BUILTIN`, `OFF`, a model file's path, or a loaded `Forest`.
LineModel = Union[str, "Forest"]


def choose(spec: LineModel) -> Forest | None:
    """The forest `spec` names (loaded once per process), or None for `OFF`.

    Raises UsageError when a named file is not a line model.
    """
    if not isinstance(spec, str):
        return spec
    if spec == OFF:
        return None
    return _load(spec)


@cache
def _load(spec: str) -> Forest:
    from cleancli.cleaning.linemodel import forest

    return forest.shipped() if spec == BUILTIN else forest.load(Path(spec))


def notes(lines: list[str], model: Forest, *, top: int = 3) -> dict[int, str]:
    """What the model said of each line with text, for `explain`: its probability of furniture
    and, for the lines it took out (at or above its cut), the `top` features that weighed most.

    `lines` are a page's lines as strip saw them; keys are their indices.
    """
    from cleancli.cleaning.linemodel.features import NAMES, page_features
    from cleancli.cleaning.lines import fold

    at, rows = page_features([fold(line) for line in lines])
    index = {name: k for k, name in enumerate(NAMES)}
    said: dict[int, str] = {}
    for i, row, p in zip(at, rows, model.probabilities(rows), strict=True):
        if p < model.cut:
            said[i] = f"line model: furniture {p:.2f}, kept"
            continue
        weighed = ", ".join(
            f"{name}={row[index[name]]:.3g} {w:+.2f}" for name, w in model.weights(row)[:top]
        )
        said[i] = f"line model: furniture {p:.2f} ({weighed})"
    return said
