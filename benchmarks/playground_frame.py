"""The Playground's per-frame work, in frames per second (goals: >= 1,400 for 2-8-8-1, >= 380 for 6x8).

One frame = one epoch over 250 training points at batch 10, train and test loss over 250 points each, and
every neuron's output on a 100x100 grid (copied out as NumPy, as a view would get it). The Playground's own
engine does 69 and 19 frames/s on a 2-core machine. Prints one JSON line.

``*_separate`` times the same work as separate calls (advance, then a Snapshot, then the probe), to show
what fusing the frame into one compiled call buys.
"""

from __future__ import annotations

import json

from timing import best_rate

from nnwatch import probes
from nnwatch.drivers.recorder import snapshot_of
from nnwatch.spec import Spec
from nnwatch.training import Trainer


def frames_per_s(hidden: str, fused: bool = True, seconds: float = 3.0) -> float:
    trainer = Trainer(Spec().with_flat(dataset="spiral", hidden=hidden, activation="tanh", batch="10"))
    assert len(trainer.dataset.x_train) == 250 and len(trainer.dataset.x_test) == 250
    grid_features = trainer.probe_features(probes.grid(density=100).points)

    def fused_frame():
        return trainer.frame(trainer.steps_per_epoch, grid_features)

    def separate_frame():
        trainer.advance(trainer.steps_per_epoch)
        return probes.neuron_maps(snapshot_of(trainer), density=100)

    return best_rate(fused_frame if fused else separate_frame, seconds)


if __name__ == "__main__":
    shallow, deep = "8,8", "8,8,8,8,8,8"
    print(json.dumps({"frames_per_s": round(frames_per_s(shallow)), "frames_per_s_deep": round(frames_per_s(deep)),
                      "frames_per_s_separate": round(frames_per_s(shallow, fused=False)),
                      "frames_per_s_deep_separate": round(frames_per_s(deep, fused=False)),
                      "goal": 1400, "goal_deep": 380, "playground_engine": 69, "playground_engine_deep": 19}))
