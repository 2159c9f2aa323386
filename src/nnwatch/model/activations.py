"""Activation functions by name.

Hidden layers take any of ``HIDDEN_ACTIVATIONS``; the output unit is one of ``OUTPUT_ACTIVATIONS``, the units
of ``model.output`` (which also picks one for a task). Functions take the array module so the same table serves
jitted JAX code and plain NumPy (probes, tests).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnwatch.errors import unknown
from nnwatch.model.output import OUTPUT_UNITS, output_for_task

__all__ = ["HIDDEN_ACTIVATIONS", "OUTPUT_ACTIVATIONS", "activation", "activate_in_place", "check_hidden",
           "check_output", "output_for_task", "FORMULAS"]


def _relu(z, xp):
    return xp.maximum(z, 0)


def _leaky_relu(z, xp):
    return xp.where(z >= 0, z, 0.01 * z)


def _elu(z, xp):
    # expm1 of min(z, 0): exp of a large positive z would overflow in the branch that where() throws away.
    return xp.where(z > 0, z, xp.expm1(xp.minimum(z, 0)))


def _sigmoid(z, xp):
    # Written through tanh: it never overflows, unlike 1 / (1 + exp(-z)) for very negative z.
    return 0.5 * (xp.tanh(0.5 * z) + 1)


def _softplus(z, xp):
    return xp.logaddexp(z, 0)


_TABLE: dict[str, Callable] = {
    "relu": _relu,
    "tanh": lambda z, xp: xp.tanh(z),
    "sigmoid": _sigmoid,
    "linear": lambda z, xp: z,
    "leaky_relu": _leaky_relu,
    "elu": _elu,
    "softplus": _softplus,
    "sine": lambda z, xp: xp.sin(z),
    "gaussian": lambda z, xp: xp.exp(-z * z),
}

FORMULAS = {
    "relu": "max(0, z)", "tanh": "tanh(z)", "sigmoid": "1 / (1 + e^-z)", "linear": "z",
    "leaky_relu": "max(0.01 z, z)", "elu": "z if z > 0 else e^z - 1", "softplus": "ln(1 + e^z)",
    "sine": "sin(z)", "gaussian": "e^(-z^2)", "softmax": "e^z_i / sum_j e^z_j",
}

HIDDEN_ACTIVATIONS = tuple(_TABLE)
OUTPUT_ACTIVATIONS = tuple(OUTPUT_UNITS)


def activation(name: str) -> Callable:
    """f(z, xp) for a hidden or output activation name (softmax over the last axis)."""
    if name == "softmax":
        return lambda z, xp: _softmax(z, xp)
    return _TABLE[check_hidden(name)]


# Activations NumPy can apply in the array's own buffer (tanh, the usual deep one, is a hot path of the depth view).
_IN_PLACE: dict[str, Callable] = {
    "tanh": lambda z: np.tanh(z, out=z),
    "relu": lambda z: np.maximum(z, 0, out=z),
    "linear": lambda z: z,
}


def activate_in_place(name: str, z):
    """The hidden activation applied to the NumPy array ``z`` in its own buffer (returned): without a new array
    where NumPy can, by assignment otherwise."""
    if name in _IN_PLACE:
        return _IN_PLACE[name](z)
    z[...] = activation(name)(z, np)
    return z


def _softmax(z, xp):
    shifted = z - xp.max(z, axis=-1, keepdims=True)
    e = xp.exp(shifted)
    return e / xp.sum(e, axis=-1, keepdims=True)


def check_hidden(name: str) -> str:
    if name not in _TABLE:
        raise unknown("activation", name, HIDDEN_ACTIVATIONS)
    return name


def check_output(name: str) -> str:
    if name not in OUTPUT_ACTIVATIONS:
        raise unknown("output activation", name, OUTPUT_ACTIVATIONS)
    return name
