"""Network-steps per second for 64 networks 2-8-8-1 tanh trained together at batch 10 (goal: >= 400,000).

The 64 networks differ in seed and learning rate (all in one vmapped program). Prints one JSON line:
``net_steps_per_s`` is 64 * steps / seconds, best of three timed runs after a warm-up that compiles.
"""

from __future__ import annotations

import json
import time

from nnwatch.spec import Spec
from nnwatch.training.sweep import SweepTrainer

NETWORKS = 64
STEPS = 5_000


def main() -> None:
    base = Spec().with_flat(dataset="spiral", data_seed=0, hidden="8,8", activation="tanh", batch="10")
    specs = [base.with_flat(seed=i, lr=0.01 + 0.001 * i) for i in range(NETWORKS)]
    sweep = SweepTrainer(specs)
    sweep.advance(STEPS)  # compile and warm up
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        sweep.advance(STEPS)
        sweep.params()  # wait for the result
        best = max(best, NETWORKS * STEPS / (time.perf_counter() - start))
    print(json.dumps({"net_steps_per_s": round(best), "networks": NETWORKS, "groups": len(sweep.groups)}))


if __name__ == "__main__":
    main()
