"""Sweeps: several configurations of one task trained together, in one compiled program per group.

A sweep (1, 2, 4, 8 neurons; one or two layers; a few learning rates or seeds) runs many small networks on the
same data. Run one after another, each pays its own compile and its own per-call overhead, which for networks
this small is most of the cost. Here the configurations are stacked on a leading axis and the engine's own
step (``engine._one_step``) is ``jax.vmap``-ed over them, inside one jit and one ``lax.fori_loop`` with a
traced trip count, exactly like ``engine.advance``.

How configurations that differ in shape share a program:

- **Depth: grouped.** Configurations are grouped by the number of hidden layers (and by everything else that
  is static in ``EngineConfig``: activations, loss, optimizer kind, regularization kind, dropout, batch
  capacity, dtype). We do not pad shallow networks with identity layers: an identity layer is not an identity
  for tanh or relu networks unless it is also given a linear activation and kept out of training, which
  changes what the network computes (and what its gradients are), and every padded layer still costs a full
  matmul per step. A group per depth keeps each result exact at the cost of one compile per depth.
- **Width: masked to the widest.** Within a group every hidden layer is padded to the group's widest size.
  Padded weights and biases start at 0 and are multiplied by a 0/1 mask after every step, so they stay 0.
  A padded unit's pre-activation is then 0 and it outputs f(0), which is not 0 for sigmoid or gaussian, but
  its *outgoing* weights are 0 too, so it feeds nothing to the real units: their values, gradients and
  updates are those of the unpadded network (the extra terms in each sum are exact zeros). Masking after the
  step rather than inside the loss needs no change to the engine; the optimizer's moments for padded entries
  may become non-zero, but they only ever move padded params, which the mask sets back to 0.
- Dropout draws its masks with the layer's width as the shape, so a padded layer would draw different masks
  for its real units: configurations with dropout are grouped by exact widths instead (no padding).

Learning rate, regularization rate, batch size and the seed (initial params, drawn per configuration with
NumPy exactly as a lone ``Trainer`` draws them, and the dropout/shuffle key) are per-configuration values,
vmapped. A configuration whose params stop being finite is rolled back and frozen, as ``Trainer`` does.
"""

from __future__ import annotations

import dataclasses
import math
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.spec import Spec
from nnwatch.training.engine import (EngineConfig, EngineState, Hyper, _all_finite, _evaluate, _one_step,
                                     make_optimizer, precision)
from nnwatch.training.trainer import Trainer, build_dataset

__all__ = ["SweepTrainer", "MAX_CONFIGS"]

MAX_CONFIGS = 256  # more needs force=True: a sweep that size is usually a typo in a grid


def _data_identity(spec: Spec) -> dict:
    """What must be equal for configurations to share one dataset and one set of input arrays."""
    return {"data": spec.data.model_dump(), "data_seed": spec.data_seed, "features": spec.features}


def _group_key(cfg: EngineConfig):
    """Everything static about a configuration except its hidden widths (kept when dropout needs them)."""
    sizes = cfg.arch.sizes
    shape = sizes if cfg.dropout > 0 else (sizes[0], len(sizes) - 2, sizes[-1])
    return dataclasses.replace(cfg, arch=dataclasses.replace(cfg.arch, sizes=())), shape


def _pad(a: np.ndarray, shape) -> np.ndarray:
    out = np.zeros(shape, dtype=a.dtype)
    out[tuple(slice(0, n) for n in a.shape)] = a
    return out


def _masked(params, masks):
    return [{k: layer[k] * mask[k] for k in layer} for layer, mask in zip(params, masks)]


@partial(jax.jit, static_argnums=(0,))
def _sweep_advance(cfg: EngineConfig, states: EngineState, masks, data, hypers: Hyper, active, n_steps):
    """n_steps of every stacked configuration; configurations that are not active or whose params stop being
    finite keep their old state. Returns (states, finite per configuration)."""
    tx = make_optimizer(cfg.optimizer, cfg.momentum)

    def one(state, hyper, mask):
        new = _one_step(cfg, tx, data, hyper, state)
        return new._replace(params=_masked(new.params, mask))

    stepped = jax.lax.fori_loop(0, n_steps, lambda _, s: jax.vmap(one)(s, hypers, masks), states)
    finite = jax.vmap(_all_finite)(stepped.params)
    keep = finite & active

    def choose(new, old):
        return jnp.where(keep.reshape((-1,) + (1,) * (new.ndim - 1)), new, old)

    return jax.tree.map(choose, stepped, states), finite


@partial(jax.jit, static_argnums=(0,))
def _sweep_evaluate(cfg: EngineConfig, params, x, target, y):
    return jax.vmap(lambda p: _evaluate(cfg, p, x, target, y))(params)


class _Group:
    """The configurations sharing one compiled program: padded, stacked state and per-configuration values."""

    def __init__(self, members: list[int], trainers: list[Trainer]):
        self.members = members
        lone = [trainers[i] for i in members]
        first = lone[0]
        self.dtype = first.arch.dtype
        self.real_sizes = [t.arch.sizes for t in lone]
        widest = tuple(max(s[i] for s in self.real_sizes) for i in range(len(self.real_sizes[0])))
        capacity = max(t._cfg.capacity for t in lone)
        self.cfg = dataclasses.replace(first._cfg, arch=dataclasses.replace(first.arch, sizes=widest),
                                       capacity=capacity)
        self.train, self.test = first._train, first._test
        shapes = self.cfg.arch.param_shapes()
        k = len(lone)
        # Built in NumPy and moved to the device once per leaf: eager jnp ops on new shapes each compile a
        # small program, which cost more than training a sweep's worth of small networks.
        params = [{n: np.stack([_pad(np.asarray(t._state.params[i][n]), shape[n]) for t in lone])
                   for n in ("w", "b")} for i, shape in enumerate(shapes)]
        masks = [{n: np.stack([_pad(np.ones(t._state.params[i][n].shape, self.dtype), shape[n]) for t in lone])
                  for n in ("w", "b")} for i, shape in enumerate(shapes)]
        with precision(self.dtype):
            tx = make_optimizer(self.cfg.optimizer, self.cfg.momentum)
            # Every optimizer make_optimizer builds (identity, trace, scale_by_adam) starts from zeros, so
            # its stacked state is zeros of the traced shapes; no need to run tx.init per configuration.
            opt_shapes = jax.eval_shape(tx.init, [{n: jax.ShapeDtypeStruct(a.shape[1:], a.dtype)
                                                   for n, a in layer.items()} for layer in params])
            opt_state = jax.tree.map(lambda s: np.zeros((k, *s.shape), s.dtype), opt_shapes)
            states = EngineState(params, opt_state,
                                 np.stack([np.asarray(t._state.step) for t in lone]),
                                 np.stack([np.asarray(t._state.key) for t in lone]),
                                 np.stack([np.asarray(t._state.order) for t in lone]),
                                 [np.ones((k, *s["w"]), dtype=bool) for s in shapes])
            hypers = Hyper(np.asarray([t.learning_rate for t in lone], self.dtype),
                           np.asarray([t.regularization_rate for t in lone], self.dtype),
                           np.asarray([t.batch_size for t in lone], np.int32))
            self.states, self.masks, self.hypers = jax.device_put((states, masks, hypers))
        self.diverged = np.zeros(len(members), dtype=bool)

    def advance(self, n_steps: int) -> None:
        with precision(self.dtype):
            self.states, finite = _sweep_advance(self.cfg, self.states, self.masks, self.train[:2], self.hypers,
                                                 jnp.asarray(~self.diverged), jnp.asarray(n_steps, jnp.int32))
            self.diverged |= ~np.asarray(finite)

    def metrics(self) -> list[dict[str, float]]:
        out = [{} for _ in self.members]
        with precision(self.dtype):
            for name, arrays in (("train", self.train), ("test", self.test)):
                if arrays is None:
                    loss = acc = np.full(len(self.members), math.nan)
                else:
                    loss, acc = (np.asarray(v, dtype=np.float64)
                                 for v in _sweep_evaluate(self.cfg, self.states.params, *arrays))
                for row, l_, a in zip(out, loss, acc):
                    row[f"{name}_loss"], row[f"{name}_accuracy"] = float(l_), float(a)
        return out

    def params(self) -> list[list[dict[str, np.ndarray]]]:
        stacked = [{k: np.asarray(v) for k, v in layer.items()} for layer in self.states.params]
        result = []
        for j, sizes in enumerate(self.real_sizes):
            result.append([{"w": layer["w"][j, :a, :b].copy(), "b": layer["b"][j, :b].copy()}
                           for layer, a, b in zip(stacked, sizes[:-1], sizes[1:])])
        return result


class SweepTrainer:
    """Trains several configurations of the same task and data together.

    ``advance(n)`` takes n optimizer steps for every configuration (one compiled call per group);
    ``metrics()`` and ``params()`` return one entry per configuration, in the order of ``specs``.
    """

    def __init__(self, specs: list[Spec], force: bool = False):
        specs = list(specs)
        if not specs:
            raise NNWatchError("a sweep needs at least one configuration")
        if len(specs) > MAX_CONFIGS and not force:
            raise NNWatchError(f"a sweep of {len(specs)} configurations is over the limit of {MAX_CONFIGS}; "
                               "pass force=True (--force) to run it anyway")
        base = _data_identity(specs[0])
        for i, spec in enumerate(specs[1:], start=1):
            other = _data_identity(spec)
            if other != base:
                diff = _first_difference(base, other)
                raise NNWatchError(f"mixed tasks/data in one sweep: configuration {i} differs from configuration 0 "
                                   f"in {diff}" + ("; the data seed follows the seed unless data_seed is set"
                                                   if diff.startswith("data_seed") else ""))
        self.specs = specs
        dataset = build_dataset(specs[0])
        # A lone Trainer per configuration builds its config, arrays and initial params exactly as training it
        # alone would; only its set-up is used (nothing is compiled here).
        trainers = [Trainer(spec, dataset) for spec in specs]
        groups: dict = {}
        for i, t in enumerate(trainers):
            groups.setdefault(_group_key(t._cfg), []).append(i)
        self.groups = [_Group(members, trainers) for members in groups.values()]
        self.steps_per_epoch = [t.steps_per_epoch for t in trainers]
        self.dataset = dataset
        self.archs = [t.arch for t in trainers]
        self._steps = 0

    def __len__(self) -> int:
        return len(self.specs)

    @property
    def step(self) -> int:
        return self._steps

    def advance(self, n_steps: int) -> None:
        """Take n optimizer steps for every configuration that has not diverged."""
        if n_steps <= 0:
            return
        if len(self.groups) == 1:
            self.groups[0].advance(int(n_steps))
        else:
            # Groups are independent programs: compiling and running them side by side uses every core
            # (XLA compiles and runs without holding the GIL).
            with ThreadPoolExecutor(max_workers=len(self.groups)) as pool:
                list(pool.map(lambda g: g.advance(int(n_steps)), self.groups))
        self._steps += int(n_steps)

    def _gather(self, per_group) -> list:
        out = [None] * len(self.specs)
        for group in self.groups:
            for i, value in zip(group.members, per_group(group)):
                out[i] = value
        return out

    def metrics(self) -> list[dict[str, float]]:
        """Per configuration: train and test loss (mean, without regularization) and accuracy."""
        return self._gather(lambda g: g.metrics())

    def params(self) -> list[list[dict[str, np.ndarray]]]:
        """Per configuration: its params, unpadded, shaped as a lone Trainer's."""
        return self._gather(lambda g: g.params())

    @property
    def status(self) -> list[str]:
        """Per configuration: "running", or "diverged" (rolled back to its last finite state and frozen)."""
        return self._gather(lambda g: ["diverged" if d else "running" for d in g.diverged])


def _first_difference(a: dict, b: dict, prefix: str = "") -> str:
    for key in a:
        if isinstance(a[key], dict) and isinstance(b.get(key), dict):
            found = _first_difference(a[key], b[key], f"{prefix}{key}.")
            if found:
                return found
        elif a[key] != b.get(key):
            return f"{prefix}{key} ({a[key]!r} vs {b.get(key)!r})"
    return ""
