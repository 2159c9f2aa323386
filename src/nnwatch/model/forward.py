"""The forward pass, written once: every caller (the engine, the sweep, the probes, the transform and depth
views) runs a network through ``layer_forward``, asking for the intermediate values (taps) it needs.

One weight layer ``i`` takes the stream ``h`` to::

    product = h @ W                  (W·x)
    pre     = product + b [+ offset] (the pre-activation z; ``offset`` lets autodiff ask for dLoss/dz)
    branch  = f(pre) * mask          (z itself in one of the sweep's identity layers; mask: dropout, hidden only)
    post    = h + step * branch      in a residual layer (step: arch.residual_step), else branch: what the next
                                     layer receives

Taps are chosen by the caller (static Python values), so a jitted program traces only what it returns and a
NumPy caller keeps no array it did not ask for. Functions take the array module ``xp`` (NumPy or jax.numpy);
nothing here imports JAX.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from nnwatch.model.activations import activate_in_place, activation

__all__ = ["TAPS", "LayerTaps", "layer_forward", "forward_taps"]

TAPS = ("product", "pre", "branch", "post")


class LayerTaps(NamedTuple):
    """One weight layer's values for a batch of points (see the module's docstring)."""

    product: object
    pre: object
    branch: object
    post: object


def layer_forward(layer, h, arch, i: int, xp=np, *, mask=None, identity=None, offset=None,
                  matmul: Callable | None = None, in_place: bool = False) -> LayerTaps:
    """Weight layer ``i`` (0-based) of ``arch`` applied to the stream ``h``.

    ``mask``: this hidden layer's dropout mask (already scaled by 1/keep), multiplied into the branch, so a
    residual layer drops parts of f(z) only. ``identity``: a (possibly traced) boolean; where true the layer
    passes its pre-activation on instead of f(z) (the sweep's identity layers, weights I and bias 0).
    ``offset``: added to the pre-activation. ``matmul(h, w)``: the product, for callers that keep their
    points in another layout (``probes.depth`` keeps them transposed and multiplies in blocks). ``in_place``
    (NumPy only): the bias and activation are applied in the product's buffer and a residual layer adds into
    ``h`` itself, so the taps alias one another and the caller's buffers; for hot loops that reuse buffers.
    """
    w = layer["w"]
    product = matmul(h, w) if matmul is not None else h @ w
    pre = product
    if arch.use_bias:
        pre = xp.add(pre, layer["b"], out=pre) if in_place else pre + layer["b"]
    if offset is not None:
        pre = pre + offset
    name = arch.layer_activation(i)
    branch = activate_in_place(name, pre) if in_place else activation(name)(pre, xp)
    if i < arch.n_layers - 1:
        if identity is not None:
            branch = xp.where(identity, pre, branch)
        if mask is not None:
            branch = branch * mask
    if arch.is_residual(i):
        step = arch.residual_step
        added = branch if step == 1.0 else branch * step
        post = xp.add(h, added, out=h) if in_place else h + added
    else:
        post = branch
    return LayerTaps(product, pre, branch, post)


def forward_taps(params, x, arch, xp=np, *, taps: Sequence[str] = ("pre", "post"), dropout=None,
                 identity=None, offsets=None) -> list[tuple]:
    """Every weight layer's requested taps, first hidden layer to output: one tuple per layer, in the order of
    ``taps`` (names from ``TAPS``). ``dropout``: one mask per hidden layer (or None); ``identity``: one
    (possibly traced) boolean per hidden layer (see ``layer_forward``); ``offsets``: one array per layer,
    added to its pre-activation."""
    picks = [TAPS.index(name) for name in taps]
    n_hidden = len(params) - 1
    out = []
    h = x
    for i, layer in enumerate(params):
        hidden = i < n_hidden
        values = layer_forward(layer, h, arch, i, xp,
                               mask=dropout[i] if dropout is not None and hidden else None,
                               identity=identity[i] if identity is not None and hidden else None,
                               offset=offsets[i] if offsets is not None else None)
        out.append(tuple(values[k] for k in picks))
        h = values.post
    return out
