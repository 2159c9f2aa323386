"""Which float width JAX computes a network in."""

from __future__ import annotations

import contextlib

__all__ = ["precision"]


def precision(dtype: str):
    """A context enabling 64-bit floats for float64 networks (JAX defaults to 32-bit and would truncate).
    JAX is imported only for float64, and only when the context is made: NumPy callers never load it."""
    if dtype != "float64":
        return contextlib.nullcontext()
    import jax

    return jax.enable_x64(True)
