"""Depth readouts per second: a 250-layer, width-8 residual network read out at every layer over a 200x200
grid, with the class map of each layer (goal: >= 500 layers/s on 2 cores).

One round is what the depth view does for a video: a fresh ``DepthReadout`` walked from layer 1 to 250, each
layer carrying the 40,000 grid points and the 1,000 data points one layer deeper and reading every point's
class and sureness out of them. ``layers_per_s`` is for the shared head, ``layers_per_s_probe`` for the linear
probe (a logistic classifier fitted on the 800 training points at every layer). The network is the untrained
one (the same arithmetic as a trained one; no training needed). Prints one JSON line.
"""

from __future__ import annotations

import json

from timing import best_rate

from nnwatch.probes.depth import DepthReadout
from nnwatch.drivers.recorder import snapshot_of
from nnwatch.spec import Spec
from nnwatch.training import Trainer

LAYERS, WIDTH, DENSITY = 250, 8, 200


def deep_snapshot():
    spec = Spec().with_flat(dataset="gaussians", hidden=f"{WIDTH}x{LAYERS}", residual="true", init="he")
    trainer = Trainer(spec)
    return snapshot_of(trainer), trainer.dataset


def layers_per_s(snapshot, data, readout: str) -> float:
    def walk():
        depth = DepthReadout(snapshot, data.x_train, data.y_train, data.x_test, data.y_test, readout=readout,
                             domain=data.domain, density=DENSITY)
        depth.at(LAYERS)

    return LAYERS * best_rate(walk, seconds=4.0, warmup=1, rounds=4)


if __name__ == "__main__":
    snap, dataset = deep_snapshot()
    print(json.dumps({"layers_per_s": round(layers_per_s(snap, dataset, "head")),
                      "layers_per_s_probe": round(layers_per_s(snap, dataset, "probe")),
                      "layers": LAYERS, "width": WIDTH, "grid": f"{DENSITY}x{DENSITY}", "goal": 500}))
