"""Snapshot: the seam between training and every picture.

A Snapshot is the network at one moment, as plain NumPy: its params, where it is in training and how well it
does. Views and probes see Snapshots only, never a Trainer or a JAX array. It carries the (hashable,
number-free) Architecture so a probe can run the network from the Snapshot alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnwatch.model.mlp import Architecture

__all__ = ["Snapshot"]


@dataclass(frozen=True, eq=False)
class Snapshot:
    step: int
    epoch: float
    params: list[dict[str, np.ndarray]]
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    arch: Architecture

    @classmethod
    def unmeasured(cls, arch: Architecture, params: list[dict[str, np.ndarray]], step: int = 0,
                   epoch: float = 0.0) -> "Snapshot":
        """A network known by its numbers only, measured on no data: its losses and accuracies are NaN (what
        a view shows as 'random weights', or a recorder that has not evaluated yet)."""
        nan = float("nan")
        return cls(step=step, epoch=epoch, params=params, train_loss=nan, test_loss=nan, train_accuracy=nan,
                   test_accuracy=nan, arch=arch)

    @property
    def weights(self) -> list[np.ndarray]:
        return [layer["w"] for layer in self.params]

    @property
    def biases(self) -> list[np.ndarray]:
        return [layer["b"] for layer in self.params]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        same_numbers = all(np.array_equal(a[k], b[k]) for a, b in zip(self.params, other.params) for k in ("w", "b"))
        metrics = ("step", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")
        same_metrics = all(_same(getattr(self, m), getattr(other, m)) for m in metrics)
        return same_numbers and same_metrics and self.arch == other.arch

    __hash__ = None  # type: ignore[assignment]


def _same(a: float, b: float) -> bool:
    return a == b or (np.isnan(a) and np.isnan(b))
