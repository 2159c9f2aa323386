"""Optimizer steps per second for one 2-8-8-1 tanh network at batch 10 (goal: >= 150,000 on 2 cores).

Prints one JSON line. For scale it also times a hand-written NumPy step of the same network in the same
process (``numpy_steps_per_s``), so the ratio survives a noisy machine.
"""

from __future__ import annotations

import json
import time

import numpy as np

from nnwatch.spec import Spec
from nnwatch.training import Trainer

STEPS = 200_000


def jax_steps_per_s() -> float:
    trainer = Trainer(Spec().with_flat(dataset="spiral", hidden="8,8", activation="tanh", batch="10"))
    trainer.advance(STEPS)  # compile and warm up
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        trainer.advance(STEPS)
        best = max(best, STEPS / (time.perf_counter() - start))
    return best


def numpy_steps_per_s(steps: int = 5_000) -> float:
    """The same step written by hand in NumPy: forward, backward, SGD (a yardstick, not part of nnwatch)."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(250, 2)), np.sign(rng.normal(size=(250, 1)))
    ws = [rng.uniform(-0.5, 0.5, s) for s in ((2, 8), (8, 8), (8, 1))]
    bs = [np.full(s[1], 0.1) for s in ((2, 8), (8, 8), (8, 1))]
    start = time.perf_counter()
    for step in range(steps):
        i = (step % 25) * 10
        xb, yb = x[i:i + 10], y[i:i + 10]
        hs = [xb]
        for w, b in zip(ws, bs):
            hs.append(np.tanh(hs[-1] @ w + b))
        delta = (hs[-1] - yb) * (1 - hs[-1] ** 2) / 10
        for layer in (2, 1, 0):
            gw, gb = hs[layer].T @ delta, delta.sum(0)
            delta = (delta @ ws[layer].T) * (1 - hs[layer] ** 2)
            ws[layer] -= 0.03 * gw
            bs[layer] -= 0.03 * gb
    return steps / (time.perf_counter() - start)


if __name__ == "__main__":
    jax_rate = jax_steps_per_s()
    numpy_rate = numpy_steps_per_s()
    print(json.dumps({"steps_per_s": round(jax_rate), "numpy_steps_per_s": round(numpy_rate),
                      "speedup_vs_numpy": round(jax_rate / numpy_rate, 1), "goal": 150_000}))
