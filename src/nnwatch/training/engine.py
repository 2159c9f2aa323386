"""The jit-compiled core: one program that advances a network any number of optimizer steps.

Everything that changes the shape of the computation (architecture, loss, optimizer kind, dropout, the batch
capacity) is part of the static ``EngineConfig``; everything a user may turn while training runs (learning
rate, regularization rate, batch size up to the capacity) is a traced argument, so changing it never
recompiles. Steps run in a ``lax.fori_loop`` whose trip count is itself traced: one compiled program serves an
epoch, a single step, or the stretch up to the next snapshot.
"""

from __future__ import annotations

from functools import partial
from dataclasses import dataclass
from typing import NamedTuple

import jax
import jax.numpy as jnp
import optax

from nnwatch.errors import NNWatchError
from nnwatch.model.forward import forward_taps, layer_forward
from nnwatch.model.mlp import Architecture
from nnwatch.model.precision import precision
from nnwatch.training.losses import accuracy, per_example_loss

__all__ = ["EngineConfig", "EngineState", "Hyper", "precision", "make_optimizer", "advance", "evaluate", "frame",
           "batch_capacity", "batch_loss", "batch_rows", "check_deep_supervision"]


@dataclass(frozen=True)
class EngineConfig:
    arch: Architecture
    loss: str
    reduction: str
    optimizer: str
    momentum: float
    regularization: str
    dropout: float
    shuffle: bool
    capacity: int  # examples per batch the program is compiled for; the live batch size may be smaller
    classify: bool = True  # accuracy is reported for classification only
    deep_supervision: bool = False  # the loss is the mean of the output layer's loss read at every depth


class EngineState(NamedTuple):
    params: list
    opt_state: tuple
    step: jnp.ndarray      # optimizer steps taken
    key: jnp.ndarray       # for dropout and shuffling; folded with the step, never split in place
    order: jnp.ndarray     # this epoch's order of the training examples
    alive: list            # per layer, False for links L1 has killed (the Playground's rule; see _l1_step)


def all_alive(params) -> list:
    return [jnp.ones(layer["w"].shape, dtype=bool) for layer in params]


class Hyper(NamedTuple):
    learning_rate: jnp.ndarray
    regularization_rate: jnp.ndarray
    batch_size: jnp.ndarray


def batch_capacity(batch_size: int) -> int:
    """Round the batch up to a power of two: batch sizes within it share one compiled program."""
    return 1 << max(0, int(batch_size) - 1).bit_length()


def make_optimizer(name: str, momentum: float) -> optax.GradientTransformation:
    """The optimizer's update direction; the learning rate is applied outside so it can be a traced value."""
    if name == "adam":
        return optax.scale_by_adam()
    if name == "momentum":
        return optax.trace(decay=momentum)
    return optax.identity()


def _penalty(params, kind: str):
    """The regularization that goes through the gradient: L2 only (0.5 w^2, so its gradient is w), on weights
    only, as the Playground does (biases are never regularized). L1 is a step of its own after the optimizer's:
    see ``_l1_step``."""
    if kind == "l2":
        return sum(0.5 * jnp.sum(layer["w"] ** 2) for layer in params)
    return 0.0


def check_deep_supervision(arch: Architecture) -> None:
    """A one-line error unless the output layer can read every hidden layer's state: a residual network whose
    hidden layers all have the output layer's input width (what the depth view's shared head needs too)."""
    hidden = arch.sizes[1:-1]
    if not arch.residual or not hidden:
        raise NNWatchError("deep supervision reads every hidden layer with the output layer: it needs a residual "
                           "network with hidden layers (e.g. --hidden 8x50 --residual)")
    if len(set(hidden)) > 1:
        odd = next(i for i, width in enumerate(hidden) if width != hidden[-1])
        raise NNWatchError(f"deep supervision reads every hidden layer with the output layer, whose input has "
                           f"width {hidden[-1]}, but hidden layer {odd + 1} has {hidden[odd]}: give every hidden "
                           f"layer one width")


def _deep_supervised(params, cfg: EngineConfig, x, target, dropout_masks):
    """Per-example loss of the output layer read on the stream after every hidden layer, averaged over the
    depths (the last depth is the network's own output). The hidden-to-hidden layers, all residual and of one
    width here, run in a ``lax.scan`` when they share an activation: unrolled, 250 layers each read by the head
    took XLA 76 s to compile and 4 times as long a step; scanned, 8 s and about the plain step's time."""
    arch, head, hidden = cfg.arch, params[-1], params[:-1]
    masks = dropout_masks if dropout_masks is not None else [None] * len(hidden)

    def read(h):
        taps = layer_forward(head, h, arch, arch.n_layers - 1, jnp)
        return per_example_loss(cfg.loss, arch.output, taps.pre, taps.post, target)

    h = layer_forward(hidden[0], x, arch, 0, jnp, mask=masks[0]).post
    total = read(h)
    names = {arch.layer_activation(i) for i in range(1, len(hidden))}
    if len(names) == 1:
        stacked = {"w": jnp.stack([p["w"] for p in hidden[1:]]), "b": jnp.stack([p["b"] for p in hidden[1:]])}
        if dropout_masks is not None:
            stacked["mask"] = jnp.stack(masks[1:])

        def step(carry, xs):
            h, total = carry
            # Layer 1 stands for every scanned layer: they share its activation and all are residual.
            h = layer_forward(xs, h, arch, 1, jnp, mask=xs.get("mask")).post
            return (h, total + read(h)), None

        (h, total), _ = jax.lax.scan(step, (h, total), stacked)
    else:
        for i in range(1, len(hidden)):
            h = layer_forward(hidden[i], h, arch, i, jnp, mask=masks[i]).post
            total = total + read(h)
    return total / len(hidden)


def batch_loss(params, cfg: EngineConfig, x, target, valid, reg_rate, dropout_masks, identity=None):
    """The loss the optimizer minimises on one batch: the data loss over the ``valid`` slots (a sum, or their
    mean) plus the regularization penalty. ``identity``: the sweep's identity layers (see ``layer_forward``).
    The one batch loss of the engine and the sweep."""
    if cfg.deep_supervision:
        # Every depth is pushed to be readable by the one head, so what the head reads rises with depth
        # instead of appearing only in the last layers.
        losses = _deep_supervised(params, cfg, x, target, dropout_masks) * valid
    else:
        pre, post = forward_taps(params, x, cfg.arch, jnp, dropout=dropout_masks, identity=identity)[-1]
        losses = per_example_loss(cfg.loss, cfg.arch.output, pre, post, target) * valid
    total = jnp.sum(losses)
    data_loss = total if cfg.reduction == "sum" else total / jnp.maximum(jnp.sum(valid), 1)
    return data_loss + reg_rate * _penalty(params, cfg.regularization)


def _dropout_masks(cfg: EngineConfig, key, batch: int):
    if cfg.dropout <= 0:
        return None
    keep = 1.0 - cfg.dropout
    hidden = cfg.arch.sizes[1:-1]
    keys = jax.random.split(key, max(len(hidden), 1))
    dtype = cfg.arch.dtype
    return [jax.random.bernoulli(k, keep, (batch, width)).astype(dtype) / keep for k, width in zip(keys, hidden)]


def batch_rows(cfg: EngineConfig, n: int, batch_size, step, order, key):
    """Which training rows the batch of step ``step`` takes, which of the capacity's slots hold one, and the
    epoch's order after reshuffling (a fresh permutation at each epoch's first step). The one batch arithmetic
    of the engine and the sweep. Unshuffled, the order is the identity and is neither read nor returned
    changed (``order`` and ``key`` may then be None)."""
    batch = jnp.minimum(batch_size, n)
    per_epoch = (n + batch - 1) // batch
    position = step % per_epoch
    if cfg.shuffle:
        epoch = step // per_epoch
        fresh = jax.random.permutation(jax.random.fold_in(key, epoch), n).astype(order.dtype)
        order = jax.lax.cond(position == 0, lambda: fresh, lambda: order)
    slots = jnp.arange(cfg.capacity)
    index = position * batch + slots
    valid = (slots < batch) & (index < n)
    rows = jnp.where(valid, index, 0)
    return (order[rows] if cfg.shuffle else rows), valid, order


def _one_step(cfg: EngineConfig, tx, data, hyper: Hyper, state: EngineState) -> EngineState:
    x, target = data
    rows, valid, order = batch_rows(cfg, x.shape[0], hyper.batch_size, state.step, state.order, state.key)
    masks = _dropout_masks(cfg, jax.random.fold_in(state.key, state.step), cfg.capacity)
    grads = jax.grad(batch_loss)(state.params, cfg, x[rows], target[rows], valid.astype(x.dtype),
                                 hyper.regularization_rate, masks)
    params, opt_state, alive = apply_gradients(cfg, tx, hyper, state, grads)
    return EngineState(params, opt_state, state.step + 1, state.key, order, alive)


def apply_gradients(cfg: EngineConfig, tx, hyper: Hyper, state: EngineState, grads):
    """The optimizer's step from gradients: (params, opt_state, alive) after it, L1's dead links included.
    Shared with the sweep's programs, which differ only in how they get their gradients."""
    updates, opt_state = tx.update(grads, state.opt_state, state.params)
    params = jax.tree.map(lambda p, u: p - hyper.learning_rate * u, state.params, updates)
    alive = state.alive
    if cfg.regularization == "l1":
        params, alive = _l1_step(state.params, params, alive, hyper.learning_rate * hyper.regularization_rate)
    return params, opt_state, alive


def _l1_step(old, stepped, alive, amount):
    """TF Playground's L1 (nn.ts, updateWeights): after the gradient step, each weight moves ``amount`` towards
    zero by the sign it had before the step; a weight that this L1 move itself carries across zero is set to 0
    and its link is dead for good. A weight the gradient carries across zero lives on.

    Plain L1 makes weights oscillate around zero; this rule makes them settle there, which is what lets L1
    visibly prune the network's links, and only the links L1 wants gone."""
    params, still = [], []
    for before, after, live in zip(old, stepped, alive):
        shrunk = after["w"] - amount * jnp.sign(before["w"])
        live = live & ~(after["w"] * shrunk < 0)
        params.append({"w": jnp.where(live, shrunk, 0.0).astype(after["w"].dtype), "b": after["b"]})
        still.append(live)
    return params, still


def _all_finite(params):
    return jnp.all(jnp.stack([jnp.all(jnp.isfinite(leaf)) for leaf in jax.tree.leaves(params)]))


def _advance(cfg: EngineConfig, state: EngineState, data, hyper: Hyper, n_steps):
    tx = make_optimizer(cfg.optimizer, cfg.momentum)
    state = jax.lax.fori_loop(0, n_steps, lambda _, s: _one_step(cfg, tx, data, hyper, s), state)
    return state, _all_finite(state.params)


def _evaluate(cfg: EngineConfig, params, x, target, y):
    pre, post = forward_taps(params, x, cfg.arch, jnp)[-1]
    loss = jnp.mean(per_example_loss(cfg.loss, cfg.arch.output, pre, post, target))
    acc = accuracy(cfg.arch.output, post, y) if cfg.classify else jnp.nan
    return loss, acc


@partial(jax.jit, static_argnums=(0,))
def advance(cfg: EngineConfig, state: EngineState, data, hyper: Hyper, n_steps):
    """Take ``n_steps`` optimizer steps; returns the new state and whether every parameter is still finite."""
    return _advance(cfg, state, data, hyper, n_steps)


@partial(jax.jit, static_argnums=(0,))
def evaluate(cfg: EngineConfig, params, x, target, y):
    """Mean loss (without regularization) and accuracy over a whole set."""
    return _evaluate(cfg, params, x, target, y)


@partial(jax.jit, static_argnums=(0, 7))
def frame(cfg: EngineConfig, state: EngineState, train, test, hyper: Hyper, n_steps, probe_features,
          as_bytes: bool = False):
    """The live Playground's whole frame in one compiled call, because on a CPU each call costs far more than
    the arithmetic of a small network: advance ``n_steps``, then train and test loss and accuracy, then every
    neuron's output at the probe points (input features given, e.g. a 100x100 grid).

    ``test`` may be None (no test set). Returns (state, finite, (train_loss, train_acc, test_loss, test_acc),
    [post-activation of each layer at the probe points]). With ``as_bytes`` each layer's outputs come
    neuron-major as uint8, v in [-1, 1] -> round((v + 1) * 127.5): the live app's wire format, made here
    because quantising on the host cost more than the whole training step.
    """
    state, finite = _advance(cfg, state, train[:2], hyper, n_steps)
    train_metrics = _evaluate(cfg, state.params, *train)
    test_metrics = _evaluate(cfg, state.params, *test) if test is not None else (jnp.nan, jnp.nan)
    outputs = [post for (post,) in forward_taps(state.params, probe_features, cfg.arch, jnp, taps=("post",))]
    if as_bytes:
        outputs = [jnp.clip(jnp.rint((jnp.nan_to_num(o.T) + 1.0) * 127.5), 0, 255).astype(jnp.uint8)
                   for o in outputs]
    return state, finite, (*train_metrics, *test_metrics), outputs
