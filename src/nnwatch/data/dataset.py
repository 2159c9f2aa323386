"""The Dataset every other part of nnwatch consumes.

Conventions (the rest of the package relies on them):
- ``x_*`` are float64 arrays of shape (n, d): the raw inputs, before any feature expansion.
- Classification: ``y_*`` are int64 class indices 0..k-1, named by ``classes``. For the two-class Playground
  sets, class 1 is the Playground's +1 (blue) and class 0 its -1 (orange).
- Regression: ``y_*`` are float64 targets of shape (n,); ``classes`` is empty.
- ``domain`` gives (low, high) per input column: the region probes draw a grid over ([-6, 6] for the
  Playground sets, as it draws them).
- ``image_shape`` is (rows, cols) when each row of x is a flattened image, else None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Dataset", "CLASSIFICATION", "REGRESSION"]

CLASSIFICATION = "classification"
REGRESSION = "regression"


@dataclass(frozen=True, eq=False)
class Dataset:
    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str = CLASSIFICATION
    classes: tuple[str, ...] = ()
    input_names: tuple[str, ...] = ()
    domain: tuple[tuple[float, float], ...] = ()
    image_shape: tuple[int, int] | None = None
    description: str = field(default="")

    @property
    def n_inputs(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int:
        """Number of classes; 0 for regression."""
        return len(self.classes) if self.task == CLASSIFICATION else 0

    @property
    def n_outputs(self) -> int:
        """Output units the network needs: 1 for two classes and for regression, k for k > 2 classes."""
        return self.n_classes if self.n_classes > 2 else 1

    @property
    def n_points(self) -> int:
        return int(len(self.x_train) + len(self.x_test))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        arrays = ("x_train", "y_train", "x_test", "y_test")
        return all(np.array_equal(getattr(self, a), getattr(other, a)) for a in arrays) and (
            self.name, self.task, self.classes, self.input_names, self.domain, self.image_shape
        ) == (other.name, other.task, other.classes, other.input_names, other.domain, other.image_shape)

    __hash__ = None  # type: ignore[assignment]
