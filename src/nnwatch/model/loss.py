"""Losses and accuracy for every output unit, written once for NumPy and jax.numpy (``xp``).

Targets come from the unit (``OutputUnit.targets``): -1/+1 for a tanh output (the Playground's labels), 0/1 for
sigmoid and for a linear classifier, one-hot for softmax, the values themselves for regression.

Under jax.numpy the cross-entropies compute exactly what optax's ``sigmoid_binary_cross_entropy`` and
``softmax_cross_entropy`` do (the same operations in the same order), so training is unchanged by their
moving here; nothing here imports JAX unless it is handed jax.numpy.
"""

from __future__ import annotations

import numpy as np

from nnwatch.model.output import output_unit

__all__ = ["LOSSES", "per_example_loss", "accuracy"]

LOSSES = ("half_squared", "mse", "cross_entropy")


def per_example_loss(name: str, output: str, pre, post, target, xp=np):
    """Loss of each example, shape (n,). ``pre``/``post`` are the output layer's pre- and post-activation.

    Cross-entropy is computed from the pre-activation (logits) so that it stays finite when the output
    saturates. A tanh unit is read as the probability (tanh(z) + 1) / 2 = sigmoid(2z).
    """
    if name == "half_squared":
        return 0.5 * xp.sum((post - target) ** 2, axis=-1)
    if name == "mse":
        return xp.mean((post - target) ** 2, axis=-1)
    unit = output_unit(output)
    if unit.multi_class:
        return -xp.sum(target * _log_softmax(pre, xp), axis=-1)
    # One unit: the probability of class 1 is sigmoid(2 s z) for a bounded unit (a tanh unit's is sigmoid(2z)),
    # its targets mapped to 0/1. A linear output has no probability reading: it is taken as a logit so that
    # cross-entropy still means something.
    logits = (2.0 * unit.steepness) * pre if unit.steepness else pre
    labels = (target - unit.negative) / (unit.positive - unit.negative)
    return _sigmoid_cross_entropy(logits, labels, xp)[..., 0]


def _sigmoid_cross_entropy(logits, labels, xp):
    """optax.sigmoid_binary_cross_entropy: log sigmoid(x) = -softplus(-x) = -logaddexp(-x, 0)."""
    log_p = -xp.logaddexp(-logits, 0)
    log_not_p = -xp.logaddexp(logits, 0)
    return -labels * log_p - (1.0 - labels) * log_not_p


def _log_softmax(z, xp):
    """log softmax over the last axis. Under JAX it is ``jax.nn.log_softmax``, whose shift by the maximum
    carries no gradient (the gradient through it would be a rounding error, not zero)."""
    if xp is not np:
        import jax

        return jax.nn.log_softmax(z, axis=-1)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def accuracy(output: str, post, y, xp=np):
    """Share of examples whose predicted class (the unit's rule) equals ``y``."""
    predicted = output_unit(output).predicted_class(post, xp)
    return xp.mean((predicted == y.astype(xp.int32)).astype(post.dtype))
