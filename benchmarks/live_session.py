"""The Playground's frame work through a live Session: frames per second (goal: >= 1,000 for 2-8-8-1).

Each frame: one epoch over 250 training points at batch 10, train and test loss, every neuron's output on a
100x100 grid, a history entry, and the binary frame the browser would receive. Prints one JSON line, with the
same work done without the session (``Trainer.frame`` alone) for comparison.
"""

from __future__ import annotations

import json
import time

from nnwatch.live.protocol import Control
from nnwatch.live.session import LiveLimits, Session
from nnwatch.probes import grid
from nnwatch.spec import Spec
from nnwatch.training import Trainer


def rate(step, seconds: float = 3.0) -> float:
    for _ in range(20):
        step()
    best = 0.0
    for _ in range(3):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / 3:
            step()
            count += 1
        best = max(best, count / (time.perf_counter() - start))
    return best


def session_rate() -> float:
    session = Session("dataset=spiral&hidden=8,8&batch=10", LiveLimits(density=100))
    session.apply(Control(type="play"))

    def step():
        session.tick()
        session.frame()

    return rate(step)


def trainer_rate() -> float:
    trainer = Trainer(Spec().with_flat(dataset="spiral", hidden="8,8", batch="10"))
    features = trainer.probe_features(grid(density=100).points)
    return rate(lambda: trainer.frame(trainer.steps_per_epoch, features))


if __name__ == "__main__":
    print(json.dumps({"frames_per_s": round(session_rate()), "trainer_frames_per_s": round(trainer_rate()),
                      "goal": 1000}))
