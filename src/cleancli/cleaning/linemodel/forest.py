"""The line model at run time: a boosted forest of small regression trees, read from JSON.

Trained by `cleancli train` (scikit-learn's gradient boosting, see `tools/train.py`); evaluated here
with numpy alone, every tree over every line of a page at once, so a page costs a few dozen
array operations whatever its length. The probability that a line is furniture is the logistic
of `init + rate * sum(tree leaves)`, as scikit-learn computes it for a binary classifier.
"""

from __future__ import annotations

import gzip
import math
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson

from cleancli.cleaning.linemodel.features import NAMES
from cleancli.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    from numpy.typing import NDArray

    # A walk's starting arrays for n rows (see `Forest._start`).
    _Start = tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64], NDArray[np.intp]]

MODEL_FILE = "lines.json.gz"
FORMAT = 1
#: Lines evaluated at once: (trees x CHUNK) arrays of a few MB.
CHUNK = 2048
#: Pages of up to this many lines to judge have their walk's starting arrays kept.
_KEPT_STARTS = 256


@dataclass(frozen=True)
class Forest:
    """A boosted forest over the features `NAMES`.

    Arrays are (trees, nodes), padded; a leaf points to itself, so every tree is walked `depth`
    steps. `threshold` sends a line left when its feature is at most it.
    """

    feature: NDArray[np.intp]
    threshold: NDArray[np.float64]
    left: NDArray[np.intp]
    right: NDArray[np.intp]
    value: NDArray[np.float64]
    depth: int
    init: float
    rate: float
    #: Probability of furniture at which a line the rules keep is taken out.
    cut: float
    #: What it was trained on and how (shipped beside the weights).
    provenance: dict[str, Any]
    # The same trees as flat arrays, for `raw` (made in `__post_init__`).
    _roots: NDArray[np.intp] = field(init=False, repr=False)
    _feature: NDArray[np.intp] = field(init=False, repr=False)
    _threshold: NDArray[np.float64] = field(init=False, repr=False)
    _children: NDArray[np.intp] = field(init=False, repr=False)
    #: The value of the node each (node, went left) pair leads to: the last step's leaves.
    _leaf_value: NDArray[np.float64] = field(init=False, repr=False)
    _starts: dict[int, _Start] = field(init=False, repr=False, compare=False, default_factory=dict)

    def raw(self, rows: NDArray[np.float64] | list[list[float]]) -> NDArray[np.float64]:
        """Log-odds of furniture for each row of features: shape (rows,).

        Every (tree, row) pair walks down at once over flat arrays: a node is numbered across
        the whole forest, and its two children sit side by side in `_children`, right first,
        so one `take` moves every pair a level down. The roots' tests and the last step's
        leaf values are read from arrays made beforehand, which saves a quarter of the walk.
        """
        import numpy as np

        x = np.ascontiguousarray(rows, dtype=np.float64)
        n = x.shape[0]
        flat = x.ravel()  # feature f of row r at r * features + f
        doubled, first_at, first_threshold, base = self._starts.get(n) or self._start(n)
        left = flat.take(first_at) <= first_threshold
        for _ in range(self.depth - 1):
            node = self._children.take(doubled + left)
            at = self._feature.take(node)
            at += base
            left = flat.take(at) <= self._threshold.take(node)
            node *= 2
            doubled = node
        leaves = self._leaf_value.take(doubled + left).reshape(len(self._roots), n)
        result: NDArray[np.float64] = self.init + self.rate * leaves.sum(axis=0)
        return result

    def _start(self, n: int) -> _Start:
        """For n rows: each (tree, row) pair's root (doubled, as `_children` is read), where
        its root's feature lies in the flat rows and the root's threshold, and where its row
        starts; kept for the page sizes met most."""
        import numpy as np

        roots = np.repeat(self._roots, n)
        base = np.tile(np.arange(n) * len(NAMES), len(self._roots))
        start = 2 * roots, base + self._feature.take(roots), self._threshold.take(roots), base
        if n <= _KEPT_STARTS:
            self._starts[n] = start
        return start

    def __post_init__(self) -> None:
        import numpy as np

        trees, width = self.feature.shape
        offset = (np.arange(trees) * width)[:, None]
        set_ = object.__setattr__  # derived arrays of a frozen dataclass
        set_(self, "_roots", offset[:, 0].copy())
        set_(self, "_feature", self.feature.ravel())
        set_(self, "_threshold", self.threshold.ravel())
        children = np.stack([(self.right + offset).ravel(), (self.left + offset).ravel()], axis=1)
        set_(self, "_children", children.ravel())
        set_(self, "_leaf_value", self.value.ravel().take(self._children))

    def probabilities(self, rows: NDArray[np.float64] | list[list[float]]) -> list[float]:
        """Probability of furniture for each row, in [0, 1]. Rows go `CHUNK` at a time, so
        memory stays bounded on a page of a million lines."""
        out: list[float] = []
        for start in range(0, len(rows), CHUNK):
            raw = self.raw(rows[start : start + CHUNK]).tolist()
            out += [1.0 / (1.0 + math.exp(-r)) for r in raw]
        return out

    def weights(self, row: NDArray[np.float64] | list[float]) -> list[tuple[str, float]]:
        """Each feature's share of one row's log-odds, largest first (the change in a tree's
        value at each split the row passes through, credited to the split's feature)."""
        import numpy as np

        shares = np.zeros(len(NAMES))
        for t in range(self.feature.shape[0]):
            node = 0
            for _ in range(self.depth):
                f = int(self.feature[t, node])
                nxt = int(
                    self.left[t, node] if row[f] <= self.threshold[t, node] else self.right[t, node]
                )
                if nxt == node:
                    break
                shares[f] += self.rate * (self.value[t, nxt] - self.value[t, node])
                node = nxt
        order = np.argsort(-np.abs(shares), kind="stable")
        return [(NAMES[i], float(shares[i])) for i in order if shares[i]]


def from_json(data: dict[str, Any]) -> Forest:
    """A forest from its JSON form (`train.to_json`); UsageError when it is not one."""
    import numpy as np

    if data.get("format") != FORMAT or tuple(data.get("features", ())) != NAMES:
        raise UsageError("line model: made for another version of cleancli's features")
    trees = data["trees"]
    if int(data["depth"]) < 1:
        raise ValueError("trees of depth 0")
    width = max(len(t["feature"]) for t in trees)
    for tree in trees:  # every index inside its tree and the feature list
        size = len(tree["feature"])
        if any(not 0 <= int(k) < size for k in (*tree["left"], *tree["right"])) or any(
            not 0 <= int(f) < len(NAMES) for f in tree["feature"]
        ):
            raise ValueError("a tree points outside itself")

    def pad(name: str, dtype: Any, fill: Any) -> Any:
        out = np.full((len(trees), width), fill, dtype=dtype)
        for k, tree in enumerate(trees):
            out[k, : len(tree[name])] = tree[name]
        return out

    return Forest(
        feature=pad("feature", np.intp, 0),
        threshold=pad("threshold", np.float64, math.inf),
        left=pad("left", np.intp, 0),
        right=pad("right", np.intp, 0),
        value=pad("value", np.float64, 0.0),
        depth=int(data["depth"]),
        init=float(data["init"]),
        rate=float(data["rate"]),
        cut=float(data["cut"]),
        provenance=data.get("provenance", {}),
    )


def load(path: Path) -> Forest:
    """A forest from a `.json` or `.json.gz` file; UsageError when unreadable."""
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        return from_json(orjson.loads(data))
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError) as exc:
        problem = str(exc) or type(exc).__name__
        raise UsageError(f"{path}: not a cleancli line model ({problem})") from exc


@cache
def shipped() -> Forest:
    """The model that ships inside the package, loaded once per process."""
    data = resources.files("cleancli.cleaning.linemodel").joinpath(MODEL_FILE).read_bytes()
    return from_json(orjson.loads(gzip.decompress(data)))
