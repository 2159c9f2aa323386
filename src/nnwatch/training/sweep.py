"""Sweeps: several configurations of one task trained together, in as few compiled programs as possible.

A sweep (1, 2, 4, 8 neurons; one or two layers; a few learning rates or seeds) runs many small networks on the
same data. Run one after another, each pays its own compile, and for networks this small the compile (about
0.3 s on a CPU) costs far more than the training itself (7,500 steps of 7-8-8-1: about 20 ms). So here the
configurations are stacked on a leading axis and one training step is ``jax.vmap``-ed over them, inside one
jit and one ``lax.fori_loop`` with a traced trip count, exactly like ``engine.advance``.

How configurations that differ in shape share a program:

- **Width: masked to the widest.** Every layer is padded to the widest size any configuration needs there.
  Padded weights and biases start at 0 and are put back to 0 after every step. A padded unit's
  pre-activation is then 0 and it outputs f(0), which is not 0 for sigmoid or gaussian, but its *outgoing*
  weights are 0 too, so it feeds nothing to the real units: their values, gradients and updates are those of
  the unpadded network (the extra terms in each sum are exact zeros).
- **Depth: padded with identity layers.** A configuration shallower than the deepest gets identity layers
  between its last hidden layer and its output layer: weights I, biases 0, no activation (each hidden layer
  chooses, per configuration, between its activation and its plain pre-activation), put back after every
  step so they never train. ``h @ I + 0`` is exactly ``h`` in floating point (every other term of each sum
  is an exact zero) and so is the gradient flowing back through it, so the results are those of the
  shallower network. We pad rather than compile one program per depth because the compile is the cost
  that matters: one program for the issue's 8-configuration spiral sweep instead of two halves its
  compile time, while the extra identity matmuls of a few small layers cost microseconds per step.
  Padding is not free for lopsided sweeps (a 2-neuron net padded to three layers of 512), so
  configurations are split into several programs when padding would more than triple the arithmetic.
- Static choices stay static: configurations are grouped by loss, optimizer kind, momentum, regularization
  kind, shuffle, dtype, output unit and hidden activation (one for all layers; per-layer activations keep
  their exact depth). Dropout draws its masks with the layer's width and the batch capacity as the shape, and
  a residual layer adds its input only where its widths are equal, so configurations with dropout or
  residual layers are grouped by exact shape instead (no padding at all).

Learning rate, regularization rate, batch size (the batch slots are padded to the largest capacity; empty
slots add exact zeros) and the seed (initial params, drawn per configuration with NumPy exactly as a lone
``Trainer`` draws them, and the dropout/shuffle key) are per-configuration values, vmapped. A configuration
whose params stop being finite is rolled back and frozen, as ``Trainer`` does.

What the compiled loop leaves out, because on a CPU its compile is most of a small sweep's time: the check
for NaN and inf runs in NumPy on the params copied out after each call; measuring and rolling back are
programs of their own, compiled only when used. And in the usual sweep (unshuffled, one batch size, every
configuration at the same step) every configuration takes the same rows, so the batch is gathered once per
step outside the vmap (``_sweep_advance_together``): a third less time a step.

Which configurations share a program is planned in ``nnwatch.training.sweep_plan``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from nnwatch.data import Dataset
from nnwatch.errors import SpecError
from nnwatch.model.forward import forward_taps
from nnwatch.model.mlp import network_inputs
from nnwatch.record.status import DIVERGED, RUNNING
from nnwatch.spec import Spec
from nnwatch.training.engine import (EngineConfig, EngineState, Hyper, _dropout_masks, apply_gradients,
                                     batch_loss, batch_rows, make_optimizer, precision)
from nnwatch.training.losses import accuracy, per_example_loss
from nnwatch.training.sweep_plan import (MAX_CONFIGS, Config, check_sweep, group_indices, padded_activations,
                                         padded_sizes, plan_groups, set_up)
from nnwatch.training.trainer import build_dataset

__all__ = ["SweepTrainer", "MAX_CONFIGS", "plan_groups", "check_sweep"]

# -- the compiled program -----------------------------------------------------------------------------------
class _Frozen(NamedTuple):
    """Per configuration: which entries train (``keep``), what the others are held at (``fixed``: 0, or
    the identity for identity layers), and which hidden layers pass their pre-activation through."""

    keep: list
    fixed: list
    identity: jnp.ndarray


def _step(cfg: EngineConfig, tx, data, hyper: Hyper, state: EngineState, frozen: _Frozen) -> EngineState:
    """One optimizer step of one configuration, taking its own batch."""
    x, target = data
    rows, valid, order = batch_rows(cfg, x.shape[0], hyper.batch_size, state.step, state.order, state.key)
    return _update(cfg, tx, x[rows], target[rows], valid, hyper, state._replace(order=order), frozen)


def _update(cfg: EngineConfig, tx, x, target, valid, hyper: Hyper, state: EngineState,
            frozen: _Frozen) -> EngineState:
    """The optimizer step on one batch: ``engine._one_step`` with the sweep's identity layers, then the padded
    and identity entries put back."""
    masks = _dropout_masks(cfg, jax.random.fold_in(state.key, state.step), cfg.capacity)
    grads = jax.grad(batch_loss)(state.params, cfg, x, target, valid.astype(x.dtype), hyper.regularization_rate,
                                 masks, frozen.identity)
    params, opt_state, alive = apply_gradients(cfg, tx, hyper, state, grads)
    params = jax.tree.map(jnp.where, frozen.keep, params, frozen.fixed)
    return EngineState(params, opt_state, state.step + 1, state.key, state.order, alive)


def _measure(cfg: EngineConfig, params, identity, x, target, y):
    pre, post = forward_taps(params, x, cfg.arch, jnp, identity=identity)[-1]
    loss = jnp.mean(per_example_loss(cfg.loss, cfg.arch.output, pre, post, target))
    acc = accuracy(cfg.arch.output, post, y) if cfg.classify else jnp.full_like(loss, jnp.nan)
    return loss, acc


# XLA's older loop emitters compile a sweep's small programs in about half the time of its newer fusion
# emitters, for the same run time (the 8-configuration spiral sweep: 0.19 against 0.35 s), and the compile
# is most of what a small sweep costs. Where this JAX or XLA does not take the option, plain jit is used.
COMPILER_OPTIONS = {"xla_cpu_use_fusion_emitters": False}


class _FastCompiled:
    """``jax.jit(fun, static_argnums, compiler_options=COMPILER_OPTIONS)``, falling back to plain ``jax.jit``
    for good the first time the options are refused."""

    def __init__(self, fun, static_argnums=()):
        self.plain = jax.jit(fun, static_argnums=static_argnums)
        try:
            self.fast = jax.jit(fun, static_argnums=static_argnums, compiler_options=COMPILER_OPTIONS)
        except TypeError:  # a JAX without compiler_options
            self.fast = None

    def __call__(self, *args):
        if self.fast is not None:
            try:
                return self.fast(*args)
            except Exception as err:  # XLA names an option it does not know; anything else is real
                if "compile option" not in str(err).lower() and "xla_cpu_use_fusion_emitters" not in str(err):
                    raise
                self.fast = None
        return self.plain(*args)


def _fast_jit(static_argnums=()):
    return lambda fun: functools.wraps(fun)(_FastCompiled(fun, static_argnums))


@_fast_jit(static_argnums=(0,))
def _sweep_advance(cfg: EngineConfig, states: EngineState, frozen: _Frozen, data, hypers: Hyper, n_steps):
    """n_steps of every stacked configuration.

    Checking the params for NaN and inf, measuring and rolling back are done elsewhere (the check in NumPy on
    the params copied out anyway, the others as programs of their own): each would add compile time to this
    program, which for a small sweep is most of what a user waits for."""
    tx = make_optimizer(cfg.optimizer, cfg.momentum)
    step_all = jax.vmap(lambda s, h, f: _step(cfg, tx, data, h, s, f))
    return jax.lax.fori_loop(0, n_steps, lambda _, s: step_all(s, hypers, frozen), states)


@_fast_jit(static_argnums=(0,))
def _sweep_advance_together(cfg: EngineConfig, states: EngineState, frozen: _Frozen, data, hypers: Hyper,
                            batch_size, step, n_steps):
    """``_sweep_advance`` for the usual sweep: unshuffled, one batch size, every configuration at the same
    step. Then every configuration takes the same rows, so the batch is taken once per step instead of once
    per configuration (a third less time a step, and less to trace)."""
    tx = make_optimizer(cfg.optimizer, cfg.momentum)
    x, target = data

    def body(i, s):
        rows, valid, _ = batch_rows(cfg, x.shape[0], batch_size, step + i, None, None)
        xb, tb = x[rows], target[rows]
        return jax.vmap(lambda st, h, f: _update(cfg, tx, xb, tb, valid, h, st, f))(s, hypers, frozen)

    return jax.lax.fori_loop(0, n_steps, body, states)


@jax.jit
def _choose(keep, new: EngineState, old: EngineState) -> EngineState:
    """Per configuration, the new state where ``keep`` and the old one elsewhere."""
    def pick(a, b):
        return jnp.where(keep.reshape((-1,) + (1,) * (a.ndim - 1)), a, b)

    return jax.tree.map(pick, new, old)


@_fast_jit(static_argnums=(0,))
def _sweep_measure(cfg: EngineConfig, params, identity, train, test):
    """Every configuration's train and test loss and accuracy: an array (4, configurations)."""
    measure = jax.vmap(lambda p, ident, arrays: _measure(cfg, p, ident, *arrays), in_axes=(0, 0, None))
    train_metrics = measure(params, identity, train)
    if test is None:
        test_metrics = (jnp.full_like(train_metrics[0], jnp.nan),) * 2
    else:
        test_metrics = measure(params, identity, test)
    return jnp.stack([*train_metrics, *test_metrics])


# -- a group: stacked state of the configurations sharing one program ----------------------------------------
def _prng_key(seed: int, dtype: str) -> np.ndarray:
    """``jax.random.PRNGKey(seed)`` as a lone Trainer makes it, without an eager JAX call: the default
    threefry key of a seed below 2**31 is [0, seed]."""
    if jax.config.jax_default_prng_impl == "threefry2x32" and 0 <= seed < 2**31:
        return np.array([0, seed], dtype=np.uint32)
    with precision(dtype):
        return np.asarray(jax.random.PRNGKey(seed))


def _embed(config: Config, sizes: tuple[int, ...], dtype) -> tuple[list, list, list, np.ndarray]:
    """One configuration inside the padded program: its params, keep masks and fixed values per layer, and
    which hidden layers are identities."""
    depth, padded_depth = len(config.hidden), len(sizes) - 2
    real_index = list(range(depth)) + [None] * (padded_depth - depth) + [depth]  # None: an identity layer
    params, keep, fixed = [], [], []
    carried = config.arch.sizes[depth]  # the width an identity layer passes on
    for k, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        w, b = np.zeros((fan_in, fan_out), dtype), np.zeros(fan_out, dtype)
        keep_w, keep_b = np.zeros((fan_in, fan_out), bool), np.zeros(fan_out, bool)
        fix_w = np.zeros((fan_in, fan_out), dtype)
        j = real_index[k]
        if j is None:
            fix_w[np.arange(carried), np.arange(carried)] = 1
            w = fix_w.copy()
        else:
            real = config.params[j]
            a, c = real["w"].shape
            w[:a, :c], b[:c] = real["w"], real["b"]
            keep_w[:a, :c], keep_b[:c] = True, True
        params.append({"w": w, "b": b})
        keep.append({"w": keep_w, "b": keep_b})
        fixed.append({"w": fix_w, "b": np.zeros(fan_out, dtype)})
    identity = np.array([real_index[k] is None for k in range(padded_depth)], dtype=bool)
    return params, keep, fixed, identity


class _Group:
    """The configurations sharing one compiled program: padded, stacked state and per-configuration values."""

    def __init__(self, members: list[int], configs: list[Config], arrays):
        self.members = members
        mine = [configs[i] for i in members]
        first = mine[0]
        self.dtype = first.arch.dtype
        self.configs = mine
        exact = first.cfg.dropout > 0 or first.arch.residual  # grouped by exact shape: no padding
        sizes = first.arch.sizes if exact else padded_sizes(mine)
        arch = dataclasses.replace(first.arch, sizes=sizes,
                                   activations=padded_activations(mine, len(sizes) - 2))
        self.cfg = dataclasses.replace(first.cfg, arch=arch, capacity=max(c.cfg.capacity for c in mine))
        self.depth = len(sizes) - 2
        self.train, self.test = arrays
        embedded = [_embed(c, sizes, self.dtype) for c in mine]

        def stack(part: int):
            return [{n: np.stack([e[part][k][n] for e in embedded]) for n in ("w", "b")} for k in range(len(sizes) - 1)]

        params = stack(0)
        k = len(mine)
        n_train = len(self.train[0])
        with precision(self.dtype):
            tx = make_optimizer(self.cfg.optimizer, self.cfg.momentum)
            # Every optimizer make_optimizer builds (identity, trace, scale_by_adam) starts from zeros, so
            # its stacked state is zeros of the traced shapes; no need to run tx.init per configuration.
            opt_shapes = jax.eval_shape(tx.init, [{n: jax.ShapeDtypeStruct(a.shape[1:], a.dtype)
                                                   for n, a in layer.items()} for layer in params])
            opt_state = jax.tree.map(lambda s: np.zeros((k, *s.shape), s.dtype), opt_shapes)
            states = EngineState(params, opt_state, np.zeros(k, np.int32),
                                 np.stack([_prng_key(c.spec.seed, self.dtype) for c in mine]),
                                 np.tile(np.arange(n_train, dtype=np.int32), (k, 1)),
                                 [np.ones(layer["w"].shape, bool) for layer in params])
            frozen = _Frozen(stack(1), stack(2), np.stack([e[3] for e in embedded]))
            hypers = Hyper(np.asarray([c.spec.training.learning_rate for c in mine], self.dtype),
                           np.asarray([c.spec.training.regularization_rate for c in mine], self.dtype),
                           np.asarray([c.batch_size for c in mine], np.int32))
            self.states, self.frozen, self.hypers = jax.device_put((states, frozen, hypers))
        self.diverged = np.zeros(k, dtype=bool)
        self.measured: np.ndarray | None = None  # (4, k): train loss, train acc, test loss, test acc
        self._host = None  # the params copied out after the last step, when still current
        self.steps = np.zeros(k, np.int64)  # mirrors each state's step, without asking the device
        self.together = not self.cfg.shuffle and len({c.batch_size for c in mine}) == 1

    def advance(self, n_steps: np.ndarray) -> None:
        """Per member, that many steps: one call per distinct count, the members already there held still."""
        done = 0
        for level in sorted(set(int(n) for n in n_steps) - {0}):
            active = (n_steps >= level) & ~self.diverged
            with precision(self.dtype):
                stepped = self._stepped(np.int32(level - done))
                host = jax.device_get(stepped.params)
                keep = _all_finite_rows(host) & active
                # Rolling back is rare (a diverged network, or one that has taken its steps): only then does
                # the choosing program run.
                if keep.all():
                    self.states, self._host = stepped, host
                else:
                    self.states, self._host = _choose(keep, stepped, self.states), None
            self.diverged |= active & ~keep
            self.steps += np.where(keep, level - done, 0)
            self.measured = None
            done = level

    def _stepped(self, n_steps) -> EngineState:
        running = set(self.steps[~self.diverged].tolist())  # a diverged member's result is thrown away
        if self.together and len(running) == 1:
            # Host numbers only: indexing a device array would compile two small eager programs (40 ms).
            return _sweep_advance_together(self.cfg, self.states, self.frozen, self.train[:2], self.hypers,
                                           np.int32(self.configs[0].batch_size), np.int32(running.pop()), n_steps)
        return _sweep_advance(self.cfg, self.states, self.frozen, self.train[:2], self.hypers, n_steps)

    def params(self) -> list[list[dict[str, np.ndarray]]]:
        stacked = self._host if self._host is not None else jax.device_get(self.states.params)
        result = []
        for j, config in enumerate(self.configs):
            depth = len(config.hidden)
            layers = list(range(depth)) + [self.depth]  # identity layers left out
            result.append([{"w": stacked[k]["w"][j, :a, :b].copy(), "b": stacked[k]["b"][j, :b].copy()}
                           for k, a, b in zip(layers, config.arch.sizes[:-1], config.arch.sizes[1:])])
        return result

    def metrics(self) -> list[dict[str, float]]:
        if self.measured is None:
            with precision(self.dtype):
                measured = _sweep_measure(self.cfg, self.states.params, self.frozen.identity, self.train, self.test)
                self.measured = np.asarray(measured, dtype=np.float64)
        names = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
        return [{name: float(v) for name, v in zip(names, column)} for column in self.measured.T]


def _all_finite_rows(params) -> np.ndarray:
    """Per configuration (leading axis), whether every one of its params is finite."""
    ok = None
    for leaf in jax.tree.leaves(params):
        rows = np.isfinite(leaf.reshape(len(leaf), -1)).all(axis=1)
        ok = rows if ok is None else ok & rows
    return ok


def _arrays(config: Config, dataset: Dataset):
    """Input features and targets of the training and test sets, as a lone Trainer builds them."""
    arch = config.arch
    out = []
    for x_raw, y in ((dataset.x_train, dataset.y_train), (dataset.x_test, dataset.y_test)):
        if not len(x_raw):
            out.append(None)
            continue
        x = network_inputs(arch, x_raw, arch.dtype)
        if not np.all(np.isfinite(x)):
            raise SpecError("an input feature is NaN or infinite on the data (check custom feature expressions)")
        y = np.asarray(y)
        target = arch.output_unit.targets(y, dataset.n_outputs, arch.dtype)
        out.append((x, target, y))
    return tuple(out)


class SweepTrainer:
    """Trains several configurations of the same task and data together.

    ``advance(n)`` takes n optimizer steps for every configuration (one compiled call per group; n may also
    be a count per configuration); ``metrics()`` and ``params()`` return one entry per configuration, in the
    order of ``specs``. ``dataset`` trains on that Dataset instead of building the first spec's.
    """

    def __init__(self, specs: Sequence[Spec], force: bool = False, dataset: Dataset | None = None):
        self.specs = check_sweep(specs, force)
        self.dataset = dataset if dataset is not None else build_dataset(self.specs[0])
        configs = [set_up(spec, self.dataset) for spec in self.specs]
        arrays: dict = {}
        groups = []
        for members in group_indices(configs):
            first = configs[members[0]]
            key = (first.arch.features, first.arch.output, first.arch.dtype)
            if key not in arrays:  # one copy of the data per output unit and dtype
                arrays[key] = _arrays(first, self.dataset)
            groups.append(_Group(members, configs, arrays[key]))
        self.groups = groups
        self.archs = [c.arch for c in configs]
        n_train = len(self.dataset.x_train)
        self.steps_per_epoch = [c.steps_per_epoch(n_train) for c in configs]
        self._steps = np.zeros(len(configs), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.specs)

    @property
    def step(self) -> int:
        """Steps taken by the first configuration (all of them, when every count was the same)."""
        return int(self._steps[0])

    @property
    def steps(self) -> list[int]:
        """Steps taken by each configuration."""
        return self._steps.tolist()

    def advance(self, n_steps: int | Sequence[int]) -> None:
        """Take n optimizer steps (one count for all, or one per configuration) for every configuration that
        has not diverged; measures every configuration in the same call."""
        counts = np.broadcast_to(np.maximum(np.asarray(n_steps, dtype=np.int64), 0), (len(self.specs),))
        per_group = [counts[g.members] for g in self.groups]
        if len(self.groups) == 1:
            self.groups[0].advance(per_group[0])
        else:
            # Groups are independent programs: compiling and running them side by side uses every core
            # (XLA compiles and runs without holding the GIL).
            with ThreadPoolExecutor(max_workers=min(len(self.groups), 8)) as pool:
                list(pool.map(lambda g, n: g.advance(n), self.groups, per_group))
        self._steps += counts

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
        return self._gather(lambda g: [DIVERGED if d else RUNNING for d in g.diverged])
