"""A new network's first picture, drawn with NumPy while its compiled trainer is being built.

Importing JAX takes about 1.2 s on 2 cores and compiling a network's program 0.3-1 s more, but at step 0 a
network is only its initial weights: ``FirstNetwork`` builds the spec's dataset, Architecture and initial params
as the trainer does (``record/network.py``, one rule for both) and computes its epoch-0 frame (train and test
loss and accuracy, every neuron's output on the probe grid, quantised as the wire wants) with NumPy, as
``training.engine.frame`` computes it with 0 steps. A Session shows it at once and stands it in for the
trainer until the compiled one (built by a ``Builder`` on a thread of its own) takes over from it.
``FirstNetwork`` never trains: its step stays 0, and what needs a trained network waits for the trainer.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

import numpy as np

from nnwatch.data import CLASSIFICATION, Dataset
from nnwatch.errors import NNWatchError
from nnwatch.live.protocol import quantize
from nnwatch.model.forward import forward_taps
from nnwatch.model.loss import accuracy, per_example_loss
from nnwatch.model.mlp import network_inputs
from nnwatch.model.output import loss_for
from nnwatch.record.network import build_architecture, build_dataset, initial_params
from nnwatch.record.status import READY
from nnwatch.spec import Spec

__all__ = ["Build", "Builder", "FirstNetwork"]


class FirstNetwork:
    """The spec's network at step 0, in NumPy: the part of a ``LiveTrainer`` a Session reads before training
    (and the settings it may change meanwhile, handed to the trainer when it takes over)."""

    status = READY
    step = 0
    epoch = 0.0

    def __init__(self, spec: Spec, dataset: Dataset | None = None):
        self.spec = spec
        self.dataset = dataset if dataset is not None else build_dataset(spec)
        self.arch = build_architecture(spec, self.dataset)
        self._params = initial_params(spec, self.arch)
        t = spec.training
        self.learning_rate, self.regularization_rate = t.learning_rate, t.regularization_rate
        self.batch_size = self.n_train if t.batch_size == "full" else min(int(t.batch_size), self.n_train)
        ds = self.dataset
        self._sets = [self._arrays(ds.x_train, ds.y_train), self._arrays(ds.x_test, ds.y_test) if len(ds.x_test)
                      else None]
        self.loss = loss_for(t.loss, self.arch.output)
        # What the trainer refuses while it is built (deep supervision's shape, a feature that is not finite on the
        # data) it should say at once, in its own words: such a spec is built in place, not behind this picture.
        self.vouched = not t.deep_supervision and all(np.all(np.isfinite(s[0])) for s in self._sets if s is not None)

    def _arrays(self, x_raw, y):
        x = network_inputs(self.arch, x_raw, self.arch.dtype)
        y = np.asarray(y)
        return x, self.arch.output_unit.targets(y, self.dataset.n_outputs, self.arch.dtype, np), y

    @property
    def n_train(self) -> int:
        return int(len(self.dataset.x_train))

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(self.n_train / self.batch_size)

    @property
    def params(self) -> list[dict[str, np.ndarray]]:
        return [dict(layer) for layer in self._params]

    def set_batch_size(self, batch_size: int) -> None:
        self.batch_size = max(1, min(int(batch_size), self.n_train))  # the trainer's rule (Trainer.set_batch_size)

    def probe_features(self, x_raw) -> np.ndarray:
        return network_inputs(self.arch, x_raw, self.arch.dtype)

    def frame(self, n_steps: int, probe_features, as_bytes: bool = False) -> tuple[dict[str, float], list]:
        """``LiveTrainer.frame`` at 0 steps: the metrics and every layer's outputs at the probe points."""
        if n_steps:
            raise NNWatchError("the first picture of a network cannot train it; its trainer is still being built")
        metrics = {}
        for name, arrays in zip(("train", "test"), self._sets):
            loss, acc = (math.nan, math.nan) if arrays is None else self._evaluate(*arrays)
            metrics[f"{name}_loss"], metrics[f"{name}_accuracy"] = loss, acc
        with np.errstate(all="ignore"):
            outputs = [post for (post,) in forward_taps(self._params, probe_features, self.arch, np, taps=("post",))]
        if as_bytes:
            outputs = [np.ascontiguousarray(quantize(o.T)) for o in outputs]
        return metrics, outputs

    def _evaluate(self, x, target, y) -> tuple[float, float]:
        """Mean loss (without regularization) and accuracy over a set, as the engine's ``_evaluate``."""
        with np.errstate(all="ignore"):
            pre, post = forward_taps(self._params, x, self.arch, np)[-1]
            loss = float(np.mean(per_example_loss(self.loss, self.arch.output, pre, post, target)))
            classify = self.dataset.task == CLASSIFICATION
            return loss, (float(accuracy(self.arch.output, post, y)) if classify else math.nan)

    def starts_as(self, trainer) -> bool:
        """Whether ``trainer`` starts from this very network (its picture may stand for the trainer's)."""
        theirs = trainer.params
        return trainer.arch == self.arch and trainer.step == 0 and all(
            np.array_equal(np.asarray(a[k]), b[k]) for a, b in zip(theirs, self._params) for k in ("w", "b"))


class Build:
    """One compiled trainer being built: ``make()`` returns (trainer, its probe features); ``done(build)`` is
    called on the builder's thread once it has run. ``ready`` is set when it has, with the trainer or ``error``
    (what to tell the page) and ``exception`` (what was raised)."""

    def __init__(self, key: tuple, make: Callable[[], tuple], done: Callable[[Build], None] | None = None):
        self.key, self.make, self.done = key, make, done
        self.started = time.monotonic()
        self.ready = threading.Event()
        self.trainer = self.features = None
        self.error: str | None = None
        self.exception: BaseException | None = None
        self.reported = False  # the session has said the error

    def run(self) -> None:
        try:
            self.trainer, self.features = self.make()
        except NNWatchError as err:
            self.error, self.exception = str(err), err
        except Exception as err:  # noqa: BLE001 - said to the page; the session shows the picture it has
            self.error, self.exception = f"the network could not be built: {type(err).__name__}: {err}", err
        self.ready.set()
        if self.done:
            self.done(self)


class Builder:
    """Runs one session's builds on a thread of its own, one at a time: a build asked for while another runs
    waits, and a newer one replaces it unstarted (a compile cannot be stopped: one that is no longer wanted
    finishes and is dropped). The thread ends when nothing waits, so a session that is gone leaves none. It is
    not a daemon: the interpreter leaving mid-compile aborts in XLA's C++."""

    def __init__(self):
        self.lock = threading.Lock()
        self.waiting: Build | None = None
        self.running = False

    def submit(self, build: Build) -> None:
        with self.lock:
            replaced, self.waiting = self.waiting, build
            start = not self.running
            self.running = True
        if replaced is not None and replaced is not build:  # never run; a session waits only for its newest
            replaced.error = "replaced by a newer network"
            replaced.ready.set()
        if start:
            threading.Thread(target=self._loop, name="nnwatch-build").start()

    def _loop(self) -> None:
        while True:
            with self.lock:
                build, self.waiting = self.waiting, None
                if build is None:
                    self.running = False
                    return
            build.run()
