"""nnwatch: watch a neural network learn.

    >>> import nnwatch
    >>> run = nnwatch.train(nnwatch.Spec(), epochs=50)      # or nnwatch.train(hidden="4,2", dataset="circle")
    >>> run.final.test_loss
    >>> run.save("spiral.npz"); nnwatch.Run.load("spiral.npz")
    >>> nnwatch.render(run, "spiral.mp4", layout=["network", "boundary", "metrics"])

Names are imported on first use, so ``import nnwatch`` stays quick and loads no plotting or web code.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "Spec": "nnwatch.spec",
    "train": "nnwatch.drivers",
    "Run": "nnwatch.record",
    "Snapshot": "nnwatch.record",
    "Trainer": "nnwatch.training",
    "Dataset": "nnwatch.data",
    "make_dataset": "nnwatch.data",
    "load_file": "nnwatch.data",
    "list_datasets": "nnwatch.data",
    "NNWatchError": "nnwatch.errors",
    "probes": "nnwatch.probes",
    "render": "nnwatch.video.render",
    "sweep": "nnwatch.drivers.sweep",
}

__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'nnwatch' has no attribute '{name}'")
    module = importlib.import_module(_PUBLIC[name])
    value = module if module.__name__ == f"nnwatch.{name}" else getattr(module, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
