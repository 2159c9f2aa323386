"""Losses, targets and accuracy for the jitted engine: ``model.loss`` and the output unit's rules, in jax.numpy.

The rules themselves live in ``nnwatch.model`` (``model.loss``, ``model.output``), where NumPy callers such as
the probes reach them without loading JAX; this module only fixes the array module.
"""

from __future__ import annotations

import jax.numpy as jnp

from nnwatch.model import loss as _loss
from nnwatch.model.loss import LOSSES
from nnwatch.model.output import loss_for, output_unit

__all__ = ["LOSSES", "loss_for", "targets_for", "per_example_loss", "accuracy"]


def targets_for(y, output: str, n_outputs: int, dtype):
    """What the output unit should produce for labels ``y`` (class indices, or values for regression)."""
    return output_unit(output).targets(y, n_outputs, dtype, jnp)


def per_example_loss(name: str, output: str, pre, post, target):
    """``model.loss.per_example_loss`` in jax.numpy: the loss of each example, shape (n,)."""
    return _loss.per_example_loss(name, output, pre, post, target, jnp)


def accuracy(output: str, post, y):
    """Share of examples whose predicted class (the output unit's rule) equals ``y``."""
    return _loss.accuracy(output, post, y, jnp)
