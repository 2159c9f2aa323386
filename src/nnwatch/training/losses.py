"""Losses and accuracy for every output unit, written once for jax.numpy.

Targets are built from class indices by ``targets_for``: -1/+1 for a tanh output (the Playground's labels),
0/1 for sigmoid, one-hot for softmax, the values themselves for regression.
"""

from __future__ import annotations

import jax.numpy as jnp
import optax

__all__ = ["LOSSES", "loss_for", "targets_for", "per_example_loss", "accuracy"]

LOSSES = ("half_squared", "mse", "cross_entropy")


def loss_for(name: str, output: str) -> str:
    """Resolve 'auto': cross-entropy for softmax outputs, the Playground's half squared error otherwise."""
    if name != "auto":
        return name
    return "cross_entropy" if output == "softmax" else "half_squared"


def targets_for(y, output: str, n_outputs: int, dtype):
    """What the output unit should produce for labels ``y`` (class indices, or values for regression)."""
    if output == "tanh":
        return (2.0 * y - 1.0).astype(dtype)[:, None]
    if output == "softmax":
        return jnp.eye(n_outputs, dtype=dtype)[y.astype(jnp.int32)]
    return y.astype(dtype)[:, None]


def per_example_loss(name: str, output: str, pre, post, target):
    """Loss of each example, shape (n,). ``pre``/``post`` are the output layer's pre- and post-activation.

    Cross-entropy is computed from the pre-activation (logits) so that it stays finite when the output
    saturates. A tanh unit is read as the probability (tanh(z) + 1) / 2 = sigmoid(2z).
    """
    if name == "half_squared":
        return 0.5 * jnp.sum((post - target) ** 2, axis=-1)
    if name == "mse":
        return jnp.mean((post - target) ** 2, axis=-1)
    if output == "softmax":
        return optax.softmax_cross_entropy(pre, target)
    if output == "tanh":
        return optax.sigmoid_binary_cross_entropy(2.0 * pre, (target + 1.0) / 2.0)[..., 0]
    if output == "sigmoid":
        return optax.sigmoid_binary_cross_entropy(pre, target)[..., 0]
    # A linear output has no probability reading; treat it as a logit so cross-entropy still means something.
    return optax.sigmoid_binary_cross_entropy(pre, target)[..., 0]


def accuracy(output: str, post, y):
    """Share of examples whose predicted class equals ``y``: sign for tanh, 0.5 for sigmoid, argmax for softmax."""
    if output == "softmax":
        predicted = jnp.argmax(post, axis=-1)
    elif output == "tanh":
        predicted = (post[:, 0] >= 0).astype(jnp.int32)
    else:
        predicted = (post[:, 0] >= 0.5).astype(jnp.int32)
    return jnp.mean((predicted == y.astype(jnp.int32)).astype(post.dtype))
