"""Train the line model: scikit-learn gradient boosting over `features.NAMES`, exported to JSON.

Needs the `train` extra (scikit-learn). Deterministic: pages are read in sorted order, the
booster uses every row (no subsampling) and a fixed seed, so the same folders and library give
the same model file byte for byte.

Each page weighs the same in training whatever its number of lines, and the dumps scrapers
store (the pages the model is judged on) weigh `DUMP_WEIGHT` times an HTML page's dump.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from cleancli.cleaning.linemodel.features import NAMES, page_features
from cleancli.cleaning.linemodel.forest import FORMAT, Forest, from_json
from cleancli.errors import UsageError
from cleancli.tools.corpus import TrainingPage, training_pages

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    import numpy as np
    from numpy.typing import NDArray

#: Boosting settings: small trees generalise across sites better than deep ones (measured by
#: grouped cross-validation, EVAL.md).
TREES = 150
DEPTH = 4
RATE = 0.1
SEED = 0
DUMP_WEIGHT = 3.0
#: Probability of furniture above which a line the rules keep is taken out: high, since a body
#: line lost costs more than a furniture line left.
CUT = 0.8


@dataclass(slots=True)
class Table:
    """Feature rows with their labels, weights, sites and pages."""

    rows: list[NDArray[np.float64]]
    labels: list[int]
    weights: list[float]
    sites: list[str]
    pages: list[str]


def table(pages: Iterable[TrainingPage]) -> Table:
    """The labelled lines of `pages` as one table; unlabelled lines are left out."""
    out = Table([], [], [], [], [])
    for page in pages:
        at, rows = page_features(page.lines)
        scored = [(i, row) for i, row in zip(at, rows, strict=True) if page.labels[i] is not None]
        if not scored:
            continue
        weight = (DUMP_WEIGHT if page.dump else 1.0) / len(scored)
        for i, row in scored:
            label = page.labels[i]
            assert label is not None
            out.rows.append(row)
            out.labels.append(label)
            out.weights.append(weight)
            out.sites.append(page.site)
            out.pages.append(page.name)
    return out


def fit(data: Table) -> Any:
    """A fitted scikit-learn `GradientBoostingClassifier`."""
    from sklearn.ensemble import GradientBoostingClassifier

    model = GradientBoostingClassifier(
        n_estimators=TREES, max_depth=DEPTH, learning_rate=RATE, subsample=1.0, random_state=SEED
    )
    import numpy as np

    model.fit(np.asarray(data.rows), data.labels, sample_weight=data.weights)
    return model


def to_json(
    model: Any, provenance: dict[str, Any], check_rows: list[list[float]]
) -> dict[str, Any]:
    """The JSON form `forest.from_json` reads, with `check_rows` and scikit-learn's own
    probabilities for them, so that a loaded model can be checked against its trainer."""
    prior = float(model.init_.class_prior_[1])
    trees = []
    for (estimator,) in model.estimators_:
        t = estimator.tree_
        left = [k if c < 0 else int(c) for k, c in enumerate(t.children_left)]
        right = [k if c < 0 else int(c) for k, c in enumerate(t.children_right)]
        trees.append(
            {
                "feature": [max(int(f), 0) for f in t.feature],
                "threshold": [
                    float(x) if c >= 0 else math.inf
                    for x, c in zip(t.threshold, t.children_left, strict=True)
                ],
                "left": left,
                "right": right,
                "value": [float(v) for v in t.value[:, 0, 0]],
            }
        )
    data: dict[str, Any] = {
        "format": FORMAT,
        "features": list(NAMES),
        "depth": DEPTH,
        "init": math.log(prior / (1 - prior)),
        "rate": RATE,
        "cut": CUT,
        "trees": trees,
        "provenance": provenance,
        "check": {
            "rows": check_rows,
            "probabilities": [float(p) for p in model.predict_proba(check_rows)[:, 1]],
        },
    }
    return data


def provenance(pages: list[TrainingPage], data: Table) -> dict[str, Any]:
    """What a model was trained on and how: counts and digests, never page text."""
    digest = hashlib.blake2b(digest_size=16)
    for page in pages:
        digest.update(page.name.encode())
        for line, label in zip(page.lines, page.labels, strict=True):
            digest.update(f"{label}\t{line}\n".encode())
    folders: dict[str, int] = {}
    for page in pages:
        folder = page.name.split("/", 1)[0]
        folders[folder] = folders.get(folder, 0) + 1
    return {
        "trainer": f"scikit-learn {version('scikit-learn')} GradientBoostingClassifier",
        "settings": {
            "trees": TREES,
            "depth": DEPTH,
            "rate": RATE,
            "seed": SEED,
            "dump_weight": DUMP_WEIGHT,
            "cut": CUT,
        },
        "pages": folders,
        "sites": len({p.site for p in pages}),
        "lines": len(data.labels),
        "furniture_lines": sum(data.labels),
        "corpus_digest": digest.hexdigest(),
    }


def train(pages: list[TrainingPage]) -> tuple[Forest, dict[str, Any]]:
    """A model trained on every labelled line of `pages`, and its JSON form. Pages are taken in
    order of name, so the order folders are given in does not change the model."""
    pages = sorted(pages, key=lambda page: page.name)
    data = table(pages)
    model = fit(data)
    step = max(len(data.rows) // 16, 1)
    check = [[round(float(v), 6) for v in row] for row in data.rows[::step][:16]]
    blob = to_json(model, provenance(pages, data), check)
    return from_json(blob), blob


def site_folds(sites: Iterable[str], k: int) -> dict[str, int]:
    """Each site's fold among `k`: sites sorted by a hash of their name, dealt in turn, so a
    site's pages are always held out together and the folds do not depend on input order."""
    ordered = sorted(set(sites), key=lambda s: hashlib.blake2b(s.encode(), digest_size=8).digest())
    return {site: n % k for n, site in enumerate(ordered)}


def build(folders: list[Path], output: Path) -> str:
    """Train on every page of `folders` and write the model to `output` (gzip when it ends in
    .gz); a one-line summary. UsageError when a folder holds no training pages or scikit-learn
    is missing."""
    import orjson

    from cleancli.outputs.files import check_outputs, safe_output

    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise UsageError(
            "cleancli train needs scikit-learn: pip install -e '.[train]' in cleancli's folder"
        ) from exc
    check_outputs([str(f) for f in folders], (("-o", output),))
    pages = [page for folder in folders for page in training_pages(folder)]
    if not pages:
        raise UsageError("no training pages in " + ", ".join(map(str, folders)))
    _, blob = train(pages)
    with safe_output(output) as out:
        out.write(orjson.dumps(blob, option=orjson.OPT_SORT_KEYS))
    p = blob["provenance"]
    return (
        f"cleancli: {output}: {len(blob['trees'])} trees from {p['lines']} lines "
        f"({p['furniture_lines']} furniture) of {len(pages)} pages, {p['sites']} sites"
    )
