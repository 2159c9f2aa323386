"""What a live session needs from whatever trains its network, declared here so that live never imports the
training code: the server is given a ``MakeTrainer`` (``nnwatch play`` passes the training package's
``Trainer`` class), and a Session calls only what ``LiveTrainer`` lists."""

from __future__ import annotations

from typing import Any, Callable, Protocol

import numpy as np

from nnwatch.data import Dataset
from nnwatch.model.mlp import Architecture
from nnwatch.record.status import DIVERGED
from nnwatch.spec import Spec

__all__ = ["DIVERGED", "LiveTrainer", "MakeTrainer"]



class LiveTrainer(Protocol):
    """One network training on one dataset, stepped a tick at a time."""

    arch: Architecture
    dataset: Dataset
    learning_rate: float
    regularization_rate: float
    batch_size: int
    status: str  # DIVERGED once the weights stopped being finite (it then stays on the last finite ones)

    @property
    def step(self) -> int: ...

    @property
    def epoch(self) -> float: ...

    @property
    def steps_per_epoch(self) -> int: ...

    @property
    def n_train(self) -> int: ...

    @property
    def params(self) -> list[dict[str, np.ndarray]]:
        """A NumPy copy of the current params."""

    def set_batch_size(self, batch_size: int) -> None: ...

    def probe_features(self, x_raw) -> Any:
        """Input features of probe points, computed once, for ``frame``."""

    def frame(self, n_steps: int, probe_features, as_bytes: bool = False) -> tuple[dict[str, float], list]:
        """Advance n steps, then the metrics (train/test loss and accuracy) and every layer's outputs at the probe
        points (input features excluded; uint8 neuron-major rows with ``as_bytes``)."""

    def rewind(self, params, step: int, dead=()) -> None:
        """Back to these params at this step (a fresh optimizer state); the (layer, from, to) links in ``dead``
        stay dead, as L1 had left them."""

    def set_params(self, params) -> None:
        """These params from now on (an edit), keeping the step and the optimizer state."""


# (spec, its data): a Session passes the dataset it drew the network's first picture from (first_frame.py: the
# spec's own or the user's points), and shows that picture until the trainer takes over. A trainer that starts
# from other weights than record.network's initial_params is measured again at its step 0 when it does.
MakeTrainer = Callable[[Spec, "Dataset | None"], LiveTrainer]
