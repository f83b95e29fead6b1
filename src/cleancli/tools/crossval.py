"""Figures for the line model on sites it was not trained on: cross-validation by site.

The labelled folder's sites are dealt into folds (`train.site_folds`); for each fold a model is
trained on every other fold's pages and on the extra training folders, and cleancli runs with
it over the fold's pages. Every page is thus cleaned by a model that never saw its site, which
is how the model meets users' pages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from cleancli.tools.corpus import labelled_dumps, training_pages
from cleancli.tools.evaluate import Score, evaluate
from cleancli.tools.train import site_folds, train

if TYPE_CHECKING:
    from pathlib import Path

    from cleancli.options import Options


def cross_validate(folder: Path, options: Options, extra: list[Path], folds: int) -> Score:
    """`folder` scored page by page, each page cleaned by a model whose training held out its
    site: `folds` folds by site, trained on the other folds and on `extra` folders."""
    pages = list(labelled_dumps(folder))
    others = [page for path in extra for page in training_pages(path)]
    fold_of = site_folds((page.site for page in pages), folds)
    scored = {}
    for k in range(folds):
        held = [page for page in pages if fold_of[page.site] == k]
        if not held:
            continue
        model, _ = train(others + [page for page in pages if fold_of[page.site] != k])
        files = {page.name.rsplit("/", 1)[1] for page in held}
        for page in evaluate(folder, replace(options, line_model=model), files).pages:
            scored[page.file] = page
    return Score([scored[name] for name in sorted(scored)])
