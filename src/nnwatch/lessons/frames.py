"""Frames for lessons: a Frame whose example may come from the training set or be a row of its own.

``Frame.example`` indexes the test set when the run has one. A lesson that walks through its training rows
and then asks an unseen question (xor-synapses: the 7 rows, then [1, 1, 0], which belongs to no set) needs
both, so LessonFrame says which set its example comes from, or carries the row itself (``given``).
Everything the views read goes through ``example_input``, so overriding it is enough.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnwatch.record.snapshot import Snapshot
from nnwatch.views.base import Frame, Scene

__all__ = ["LessonFrame", "still", "TRAIN", "TEST"]

TRAIN, TEST = "train", "test"


@dataclass
class LessonFrame(Frame):
    """A Frame with ``split``: "train" takes ``example`` from the training set, "test" as a plain Frame does;
    ``given`` (a raw input row and its answer) shows that row instead, whatever the split."""

    split: str = TEST
    given: tuple[np.ndarray, int | float | None] | None = None

    def example_input(self, scene: Scene) -> tuple[np.ndarray, int | float | None]:
        if self.given is not None:
            return np.asarray(self.given[0], dtype=np.float64), self.given[1]
        if self.split != TRAIN:
            return super().example_input(scene)
        ds = scene.run.dataset
        i = (self.example or 0) % len(ds.x_train)
        return ds.x_train[i], ds.y_train[i]


def still(snapshot: Snapshot, position: float, example: int | None = None, split: str = TEST,
          given: tuple[np.ndarray, int | float | None] | None = None) -> Callable[..., LessonFrame]:
    """A maker of frames showing one snapshot and one example; they share one probe cache.

    Within a shot the snapshot and the example stay put while reveal, backward and captions move, so the
    example's activations and error signals are computed once per shot instead of once per frame.
    """
    cache: dict = {}

    def make(**moving) -> LessonFrame:
        return LessonFrame(snapshot=snapshot, position=position, example=example, split=split, given=given,
                           _cache=cache, **moving)

    return make
