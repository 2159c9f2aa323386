"""The Playground's frame work through a live Session: frames per second (goal: >= 1,000 for 2-8-8-1).

Each frame: one epoch over 250 training points at batch 10, train and test loss, every neuron's output on a
100x100 grid, a history entry, and the binary frame the browser would receive. Prints one JSON line, with the
same work done without the session (``Trainer.frame`` alone) for comparison.
"""

from __future__ import annotations

import json

from timing import best_rate

from nnwatch.live.protocol import Control
from nnwatch.live.session import LiveLimits, Session
from nnwatch.probes import grid
from nnwatch.spec import Spec
from nnwatch.training import Trainer


def session_rate() -> float:
    session = Session("dataset=spiral&hidden=8,8&batch=10", LiveLimits(density=100), make_trainer=Trainer)
    session.apply(Control(type="play"))

    def step():
        session.tick()
        session.frame()

    return best_rate(step)


def trainer_rate() -> float:
    trainer = Trainer(Spec().with_flat(dataset="spiral", hidden="8,8", batch="10"))
    features = trainer.probe_features(grid(density=100).points)
    return best_rate(lambda: trainer.frame(trainer.steps_per_epoch, features))


if __name__ == "__main__":
    print(json.dumps({"frames_per_s": round(session_rate()), "trainer_frames_per_s": round(trainer_rate()),
                      "goal": 1000}))
