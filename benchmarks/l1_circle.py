"""SEEDS.md section 6's L1 setup from six seeds (goal: test loss <= 0.05 from at least 5 of 6).

The circle, one hidden layer of 4 ReLU, lr 0.03, L1 at rate 0.001, batch 1, 300 epochs, as the Playground
trains it. Prints one JSON line: each seed's final test loss and how many of the 12 links L1 killed.
"""

from __future__ import annotations

import json

from nnwatch.spec import Spec
from nnwatch.training import Trainer

if __name__ == "__main__":
    losses, dead = [], []
    for seed in range(6):
        spec = Spec().with_flat(dataset="circle", hidden="4", activation="relu", lr="0.03", regularization="l1",
                                reg_rate="0.001", batch="1", epochs="300", seed=str(seed))
        trainer = Trainer(spec)
        trainer.advance(300 * trainer.steps_per_epoch)
        losses.append(round(trainer.metrics()["test_loss"], 4))
        dead.append(sum(int(mask.sum()) for mask in trainer.dead_links))
    print(json.dumps({"test_losses": losses, "dead_links_of_12": dead,
                      "seeds_at_or_below_0.05": sum(loss <= 0.05 for loss in losses), "goal_seeds": 5}))
