"""Figure: the deep-layers lesson's accuracy by depth (issue 12, item 13) - it must rise with depth and never
fall to chance after the first few layers.

Trains the lesson's own network (250 residual tanh layers of 8 on the four spiral arms, deep supervision) for
each seed asked and prints one JSON line: the shared head's test accuracy at chosen depths, per seed, the
training time, and whether the curve rises (last - first >= 0.25) and stays above chance + 0.15 from layer 5.

    python benchmarks/deep_layers_rise.py            # seed 0, about a minute on 2 cores
    python benchmarks/deep_layers_rise.py 0 1 2
"""

from __future__ import annotations

import json
import sys
import time

DEPTHS = (1, 2, 5, 10, 20, 50, 100, 150, 200, 250)


def main(seeds: list[int]) -> None:
    from nnwatch.lessons.deep_layers import DeepLayers

    out = {"benchmark": "deep_layers_rise", "depths": list(DEPTHS), "seeds": {}}
    for seed in seeds:
        lesson = DeepLayers(seed=seed)
        start = time.perf_counter()
        run = lesson.train()
        seconds = time.perf_counter() - start
        head = lesson.facts(run)["head_test_accuracy"]
        chance = 1 / run.dataset.n_classes
        out["seeds"][seed] = {"head_test_accuracy": [round(head[d - 1], 3) for d in DEPTHS],
                              "train_s": round(seconds, 1),
                              "rises": head[-1] - head[0] >= 0.25, "above_chance": min(head[4:]) > chance + 0.15}
    print(json.dumps(out))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [0])
