"""Trainer: a network, its data and its optimizer state, advanced by the jit-compiled engine.

The Trainer is the only stateful object of training. It turns a Spec and a Dataset into the engine's static
config and arrays, keeps the hyperparameters a user may change while it runs (learning rate, regularization
rate, batch size), and reports divergence as a state instead of raising: a step that produces NaN or inf is
rolled back and ``status`` becomes ``"diverged"``.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

from nnwatch.data import CLASSIFICATION, Dataset
from nnwatch.errors import SpecError
from nnwatch.model.mlp import network_inputs
from nnwatch.record.network import build_architecture, build_dataset, default_features, initial_params
from nnwatch.record.status import DIVERGED, READY, RUNNING
from nnwatch.spec import Spec
from nnwatch.training.engine import (EngineConfig, EngineState, Hyper, advance, all_alive, batch_capacity,
                                     check_deep_supervision, evaluate, frame, make_optimizer, precision)
from nnwatch.training.losses import loss_for, targets_for

__all__ = ["Trainer", "build_dataset", "build_architecture", "default_features"]



class Trainer:
    """Trains one network on one dataset, as the spec says. ``advance(n)`` takes n optimizer steps."""

    def __init__(self, spec: Spec, dataset: Dataset | None = None):
        self.spec = spec
        self.dataset = dataset if dataset is not None else build_dataset(spec)
        self.arch = build_architecture(spec, self.dataset)
        t = spec.training
        if t.deep_supervision:
            check_deep_supervision(self.arch)
        self.learning_rate = t.learning_rate
        self.regularization_rate = t.regularization_rate
        self.batch_size = self.n_train if t.batch_size == "full" else min(int(t.batch_size), self.n_train)
        self.status = READY
        with precision(self.arch.dtype):
            self._prepare_arrays()
            self._cfg = self._engine_config(self.batch_size)
            self.reset()

    # -- set-up --------------------------------------------------------------------------------------------
    @property
    def n_train(self) -> int:
        return int(len(self.dataset.x_train))

    def _features(self, x_raw: np.ndarray) -> np.ndarray:
        return network_inputs(self.arch, x_raw, self.arch.dtype)

    def _prepare_arrays(self) -> None:
        ds, dtype, n_out = self.dataset, self.arch.dtype, self.dataset.n_outputs
        self._train = self._set_arrays(ds.x_train, ds.y_train, dtype, n_out)
        self._test = self._set_arrays(ds.x_test, ds.y_test, dtype, n_out) if len(ds.x_test) else None

    def _set_arrays(self, x_raw, y, dtype, n_out):
        x = jnp.asarray(self._features(x_raw))
        y = jnp.asarray(y)
        if not np.all(np.isfinite(np.asarray(x))):
            raise SpecError("an input feature is NaN or infinite on the data (check custom feature expressions)")
        return x, targets_for(y, self.arch.output, n_out, dtype), y

    def _engine_config(self, batch_size: int) -> EngineConfig:
        t = self.spec.training
        return EngineConfig(arch=self.arch, loss=loss_for(t.loss, self.arch.output), reduction=t.reduction,
                            optimizer=t.optimizer, momentum=t.momentum, regularization=t.regularization,
                            dropout=self.spec.network.dropout, shuffle=t.shuffle,
                            capacity=batch_capacity(batch_size), classify=self.dataset.task == CLASSIFICATION,
                            deep_supervision=t.deep_supervision)

    def reset(self, params=None) -> None:
        """Back to step 0 with fresh initial params (or the given ones) and a fresh optimizer state."""
        t = self.spec.training
        if params is None:
            params = initial_params(self.spec, self.arch)
        with precision(self.arch.dtype):
            params = jax.tree.map(lambda a: jnp.asarray(a, dtype=self.arch.dtype), params)
            tx = make_optimizer(t.optimizer, t.momentum)
            key = jax.random.PRNGKey(self.spec.seed)
            self._state = EngineState(params, tx.init(params), jnp.asarray(0, jnp.int32), key,
                                      jnp.arange(self.n_train, dtype=jnp.int32), all_alive(params))
        self.status = READY

    # -- running -------------------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return int(self._state.step)

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(self.n_train / self.batch_size)

    @property
    def epoch(self) -> float:
        """Epochs done (fractional when a snapshot falls inside an epoch)."""
        return self.step / self.steps_per_epoch

    def set_batch_size(self, batch_size: int) -> None:
        """Change the batch size; recompiles only when it outgrows the compiled capacity."""
        self.batch_size = max(1, min(int(batch_size), self.n_train))
        if self.batch_size > self._cfg.capacity:
            self._cfg = self._engine_config(self.batch_size)

    def _hyper(self) -> Hyper:
        return Hyper(*(jnp.asarray(v, self.arch.dtype) for v in (self.learning_rate, self.regularization_rate)),
                     jnp.asarray(self.batch_size, jnp.int32))

    def _accept(self, state: EngineState, finite) -> bool:
        """Keep a finite new state; otherwise stay on the last finite one and say the network diverged."""
        if not bool(finite):
            self.status = DIVERGED
            return False
        self._state = state
        self.status = RUNNING
        return True

    def advance(self, n_steps: int) -> bool:
        """Take n optimizer steps. Returns False (and rolls back) if the parameters stopped being finite."""
        if self.status == DIVERGED or n_steps <= 0:
            return self.status != DIVERGED
        with precision(self.arch.dtype):
            state, finite = advance(self._cfg, self._state, self._train[:2], self._hyper(),
                                    jnp.asarray(n_steps, jnp.int32))
        return self._accept(state, finite)

    def probe_features(self, x_raw) -> jnp.ndarray:
        """Input features for probe points, ready for ``frame`` (compute once, reuse every frame)."""
        with precision(self.arch.dtype):
            return jnp.asarray(self._features(x_raw))

    def frame(self, n_steps: int, probe_features, as_bytes: bool = False) -> tuple[dict[str, float], list[np.ndarray]]:
        """Advance n steps, then measure and probe, in one compiled call (the live Playground's frame).

        Returns the metrics (as ``metrics()``) and each layer's outputs at the probe points, input features
        excluded (as uint8 neuron-major rows with ``as_bytes``: see ``engine.frame``). A diverged network is not
        advanced; the frame shows it as it last was.
        """
        steps = 0 if self.status == DIVERGED else max(int(n_steps), 0)
        with precision(self.arch.dtype):
            state, finite, values, outputs = frame(self._cfg, self._state, self._train, self._test, self._hyper(),
                                                   jnp.asarray(steps, jnp.int32), probe_features, as_bytes)
            if steps:
                self._accept(state, finite)
            values = np.asarray(jnp.stack(values), dtype=np.float64)
            outputs = [np.asarray(o) for o in outputs]
        names = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
        return dict(zip(names, values.tolist())), outputs

    def metrics(self) -> dict[str, float]:
        """Train and test loss (mean, without regularization) and accuracy; NaN where a set is empty."""
        out = {}
        with precision(self.arch.dtype):
            for name, arrays in (("train", self._train), ("test", self._test)):
                loss, acc = (math.nan, math.nan) if arrays is None else evaluate(self._cfg, self._state.params,
                                                                                 *arrays)
                out[f"{name}_loss"], out[f"{name}_accuracy"] = float(loss), float(acc)
        return out

    @property
    def params(self) -> list[dict[str, np.ndarray]]:
        """A NumPy copy of the current params (what crosses into Snapshots)."""
        return [{k: np.asarray(v) for k, v in layer.items()} for layer in self._state.params]

    def rewind(self, params, step: int, dead=()) -> None:
        """Go back to an earlier moment: these params at this step, with a fresh optimizer state (the moments
        of a later state would not belong to these params). Used to resume from a scrubbed-back frame; ``dead``
        are the (layer, from, to) links L1 had killed by then, which stay dead."""
        with precision(self.arch.dtype):
            new = jax.tree.map(lambda a: jnp.asarray(a, dtype=self.arch.dtype), params)
            tx = make_optimizer(self.spec.training.optimizer, self.spec.training.momentum)
            alive = [np.asarray(a).copy() for a in all_alive(new)]
            for layer, i, j in dead:
                alive[layer][i, j] = False
            self._state = self._state._replace(params=new, opt_state=tx.init(new),
                                               alive=[jnp.asarray(a) for a in alive],
                                               step=jnp.asarray(int(step), jnp.int32))
        self.status = READY

    def set_params(self, params) -> None:
        """Replace the params (e.g. a weight edited by hand), keeping the step count and optimizer state.
        Links L1 had killed come back to life: the user chose their values."""
        with precision(self.arch.dtype):
            new = jax.tree.map(lambda a: jnp.asarray(a, dtype=self.arch.dtype), params)
            self._state = self._state._replace(params=new, alive=all_alive(new))

    @property
    def dead_links(self) -> list[np.ndarray]:
        """Per layer, True where L1 has killed a link (always all False without L1)."""
        return [~np.asarray(a) for a in self._state.alive]
