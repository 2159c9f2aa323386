"""The confusion matrix of a Snapshot on labelled points: how often each true class is taken for each class.

The class a network picks is its output unit's rule (``OutputUnit.predicted_class``): the same rule the trainer
counts accuracy with and the views colour by, so the matrix's diagonal adds up to the accuracy shown beside it.
"""

from __future__ import annotations

import numpy as np

from nnwatch.probes import layer_outputs
from nnwatch.record.snapshot import Snapshot

__all__ = ["confusion_matrix"]


def confusion_matrix(snapshot: Snapshot, x_raw, y, n_classes: int) -> np.ndarray:
    """Counts (k, k), k = max(n_classes, 2): row = true class, column = predicted class, over inputs ``x_raw``
    (n, d) with class labels ``y`` (n,). A one-output network still has two classes (its two sides)."""
    labels = np.asarray(y).astype(np.int64)
    post = layer_outputs(snapshot, x_raw)[-1]
    predicted = snapshot.arch.output_unit.predicted_class(post).astype(np.int64)
    k = max(int(n_classes), 2)
    return np.bincount(labels * k + predicted, minlength=k * k).reshape(k, k)
