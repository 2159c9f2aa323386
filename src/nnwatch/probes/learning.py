"""Whether a run learned: the one-line verdict a video and the command line give when it did not.

A classifier "did not learn" when its final accuracy (on the test set, else the training set) has not gone a
third (``SHARE``) of the way from chance, what always answering the commonest class scores, to 100 %: 67 %
for two balanced classes, 50 % for four (a linear network on the circle stops near 61 %); a regression when
its final training loss is above ``KEPT`` of where it started; any run that diverged. A run that learned gets
no verdict: a frame says nothing extra about success.
"""

from __future__ import annotations

import math

import numpy as np

from nnwatch.data import CLASSIFICATION
from nnwatch.record.run import Run
from nnwatch.record.status import DIVERGED

__all__ = ["not_learned", "chance_accuracy", "SHARE", "KEPT"]

SHARE = 1 / 3  # of the way from chance to perfect accuracy a classifier must go to count as having learned
KEPT = 0.9  # share of the starting loss a regression may keep and still count as "not learned"


def chance_accuracy(labels: np.ndarray, n_classes: int) -> float:
    """The accuracy of always answering the commonest class."""
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=n_classes)
    return float(counts.max() / max(counts.sum(), 1))


def not_learned(run: Run) -> str | None:
    """'did not learn: test accuracy 52 % (chance 50 %)', 'diverged', ... or None when the run learned."""
    if run.status == DIVERGED:
        return "diverged: the weights became infinite"  # the run was stopped at its last finite weights
    final, ds = run.final, run.dataset
    if len(run) < 2 or final.step == 0:
        return None  # not trained (random weights shown on purpose): nothing to judge
    if ds.task == CLASSIFICATION:
        tested = len(ds.y_test) > 0 and math.isfinite(final.test_accuracy)
        accuracy = final.test_accuracy if tested else final.train_accuracy
        chance = chance_accuracy(ds.y_test if tested else ds.y_train, ds.n_classes)
        if math.isfinite(accuracy) and accuracy < chance + SHARE * (1 - chance):
            which = "test" if tested else "training"
            return f"did not learn: {which} accuracy {accuracy:.0%} (chance {chance:.0%})"
        return None
    start, end = run.snapshots[0].train_loss, final.train_loss
    if math.isfinite(start) and math.isfinite(end) and start > 0 and end >= KEPT * start:
        return f"did not learn: training loss {end:.2g} (from {start:.2g})"
    return None
