"""Probes: pure functions from a Snapshot to the arrays a view draws.

They run the network of a Snapshot (its Architecture and NumPy params) and hand back NumPy arrays: every
neuron's output over a grid of the input plane, activations for given inputs, and the points of a grid after
each stage (W·x, + b, activation) of each layer.

They compute with NumPy, not JAX: the networks drawn are small, a 100x100 grid through 2-8-8-1 takes about a
millisecond, and renderer processes then never load JAX. (The live app's per-frame work runs inside the
compiled training call instead: ``Trainer.frame``.)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.limits import MAX_GRID, check_limit
from nnwatch.model.forward import forward_taps
from nnwatch.model.loss import per_example_loss
from nnwatch.model.mlp import Architecture, network_inputs
from nnwatch.model.precision import precision
from nnwatch.record.snapshot import Snapshot

__all__ = ["PLAYGROUND_DOMAIN", "Grid", "Stage", "grid", "features_of", "layer_outputs", "layer_activations",
           "layer_errors", "neuron_maps", "output_map", "stages"]

PLAYGROUND_DOMAIN = ((-6.0, 6.0), (-6.0, 6.0))


class Grid(NamedTuple):
    """A density x density grid over a 2-D domain; ``points`` is row-major, row 0 at the lowest x2."""

    xs: np.ndarray
    ys: np.ndarray
    points: np.ndarray


class Stage(NamedTuple):
    """One layer's three stages for a set of points: x·W, then + b, then the activation."""

    linear: np.ndarray
    shifted: np.ndarray
    activated: np.ndarray


def grid(domain=PLAYGROUND_DOMAIN, density: int = 100) -> Grid:
    check_limit("grid density", int(density), MAX_GRID, minimum=2)
    (x0, x1), (y0, y1) = domain[0], domain[1]
    xs, ys = np.linspace(x0, x1, density), np.linspace(y0, y1, density)
    gx, gy = np.meshgrid(xs, ys)
    return Grid(xs, ys, np.column_stack([gx.ravel(), gy.ravel()]))


def _run(arch: Architecture, params, x_raw: np.ndarray, taps=("pre", "post")):
    feats = network_inputs(arch, x_raw, x_raw.dtype)
    with np.errstate(all="ignore"):  # a diverging snapshot may overflow; views show what it computes
        return feats, forward_taps(params, feats, arch, np, taps=taps)


def _inputs(snapshot: Snapshot, x_raw) -> np.ndarray:
    x = np.asarray(x_raw, dtype=snapshot.arch.dtype)
    if x.ndim != 2 or x.shape[1] != snapshot.arch.n_raw_inputs:
        raise NNWatchError(f"inputs have shape {x.shape}; the network takes rows of {snapshot.arch.n_raw_inputs}")
    return x


def features_of(snapshot: Snapshot, x_raw) -> np.ndarray:
    """The input features the network sees for raw inputs (n, d) -> (n, n_features)."""
    return layer_outputs(snapshot, x_raw)[0]


def layer_outputs(snapshot: Snapshot, x_raw) -> list[np.ndarray]:
    """[features, hidden 1, ..., output], each (n, width): what every neuron outputs for each input."""
    feats, layers = _run(snapshot.arch, snapshot.params, _inputs(snapshot, x_raw), taps=("post",))
    return [feats] + [post for (post,) in layers]


def layer_activations(snapshot: Snapshot, x_raw) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each weight layer's (pre-activation, post-activation) for inputs (n, d)."""
    return _run(snapshot.arch, snapshot.params, _inputs(snapshot, x_raw))[1]


def _need_2d(snapshot: Snapshot, what: str) -> None:
    if snapshot.arch.n_raw_inputs != 2:
        raise NNWatchError(f"{what} need 2-D inputs; this network takes {snapshot.arch.n_raw_inputs}")


def neuron_maps(snapshot: Snapshot, domain=PLAYGROUND_DOMAIN, density: int = 100) -> list[np.ndarray]:
    """Every neuron's output over a grid of the input plane: one (density, density, width) array per layer,
    from the input features to the output. This is what the Playground draws in each neuron's thumbnail."""
    _need_2d(snapshot, "neuron maps")
    g = grid(domain, density)
    return [o.reshape(density, density, -1) for o in layer_outputs(snapshot, g.points)]


def output_map(snapshot: Snapshot, domain=PLAYGROUND_DOMAIN, density: int = 100) -> np.ndarray:
    """The network's output over the plane: (density, density) for one output unit, else (density, density, k)."""
    out = neuron_maps(snapshot, domain, density)[-1]
    return out[..., 0] if out.shape[-1] == 1 else out


def stages(snapshot: Snapshot, x_raw) -> list[Stage]:
    """For each layer, the points after x·W, after + b and after the activation (NumPy, from the features).
    In a residual layer the last stage is the stream h + f(z), what the next layer receives."""
    h = features_of(snapshot, x_raw).astype(np.float64)
    params = [{k: np.asarray(v, dtype=np.float64) for k, v in layer.items()} for layer in snapshot.params]
    with np.errstate(all="ignore"):
        layers = forward_taps(params, h, snapshot.arch, np, taps=("product", "pre", "post"))
    return [Stage(*taps) for taps in layers]


def layer_errors(snapshot: Snapshot, x_raw, y, loss: str = "half_squared") -> list[np.ndarray]:
    """Each layer's error signal for the given examples: dLoss/dz of every neuron's pre-activation z, the
    quantity backpropagation sends back through the network. One (n, width) array per weight layer.

    Computed by JAX's autodiff (imported only here), never by hand-written derivatives.
    """
    import jax
    import jax.numpy as jnp

    arch = snapshot.arch
    x = _inputs(snapshot, x_raw)
    with precision(arch.dtype):
        feats = jnp.asarray(network_inputs(arch, x, arch.dtype))
        target = arch.output_unit.targets(jnp.asarray(np.asarray(y)), arch.sizes[-1], arch.dtype, jnp)
        params = [{k: jnp.asarray(v) for k, v in layer.items()} for layer in snapshot.params]

        def total_loss(offsets):
            pre, post = forward_taps(params, feats, arch, jnp, offsets=offsets)[-1]
            return jnp.sum(per_example_loss(loss, arch.output, pre, post, target, jnp))

        offsets = [jnp.zeros((len(x), width), dtype=arch.dtype) for width in arch.sizes[1:]]
        return [np.asarray(g) for g in jax.grad(total_loss)(offsets)]
