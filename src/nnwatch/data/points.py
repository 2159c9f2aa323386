"""A Dataset from points given directly (drawn with the mouse in the live app)."""

from __future__ import annotations

import numpy as np

from nnwatch.data.dataset import CLASSIFICATION, REGRESSION, Dataset
from nnwatch.data.split import check_seed, check_train_share, split_rows
from nnwatch.errors import DataError, LimitError
from nnwatch.limits import MAX_CLASSES, MAX_POINTS

__all__ = ["points_dataset"]


def points_dataset(points, task: str = CLASSIFICATION, *, train_share: float = 0.5, seed: int = 0,
                   domain=((-6.0, 6.0), (-6.0, 6.0)), name: str = "drawn") -> Dataset:
    """Rows [x1, x2, label] -> a 2-D Dataset. Classification labels are class numbers (their names are the
    numbers as text); regression labels are targets."""
    if task not in (CLASSIFICATION, REGRESSION):
        raise DataError(f"task must be {CLASSIFICATION} or {REGRESSION}, got {task!r}")
    try:
        rows = np.asarray(points, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError("points must be rows of three numbers: x1, x2, label") from None
    if rows.ndim != 2 or rows.shape[1] != 3:
        raise DataError(f"points must be rows of three numbers (x1, x2, label), got shape {list(rows.shape)}")
    if len(rows) > MAX_POINTS:
        raise LimitError(f"points is {len(rows)}; the limit is {MAX_POINTS}")
    if len(rows) < 2:
        raise DataError(f"{len(rows)} point{'s' * (len(rows) != 1)}; at least 2 are needed")
    if not np.all(np.isfinite(rows)):
        raise DataError("points hold NaN or infinite values")
    x, labels = rows[:, :2], rows[:, 2]
    y, classes = _labels(labels) if task == CLASSIFICATION else (labels, ())
    x_train, y_train, x_test, y_test = split_rows(x, y, check_train_share(train_share),
                                                  np.random.default_rng(check_seed(seed)))
    return Dataset(name=name, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test, task=task,
                   classes=classes, input_names=("x1", "x2"), domain=tuple(tuple(d) for d in domain),
                   description=f"{name}: {len(rows)} points, {task}")


def _labels(labels: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    if np.any(labels != np.round(labels)) or np.any(labels < 0):
        raise DataError("class labels must be whole numbers 0, 1, 2, ...")
    values = np.unique(labels.astype(np.int64))
    if len(values) < 2:
        raise DataError("the points hold a single class; classification needs at least 2")
    if len(values) > MAX_CLASSES:
        raise LimitError(f"classes is {len(values)}; the limit is {MAX_CLASSES}")
    index = np.searchsorted(values, labels.astype(np.int64))
    return index.astype(np.int64), tuple(str(v) for v in values)
