"""Issue 6's spiral sweep trained together against the same configurations one after another (goal: >= 5).

Eight configurations (hidden 1, 2, 4, 6, 8, 8-2, 8-4, 8-8; the seven spiral features; lr 0.01; batch 10),
300 epochs each. Both sides are timed from building the trainers to having the final params, compile included,
since that is what a user waits for. Each side runs in a fresh process so neither reuses the other's compiled
programs; the sides take turns for ``ROUNDS`` rounds and each keeps its best time (the machine is shared,
and other work only ever slows a round down). Prints one JSON line: ``speedup`` (compile included, the goal's
figure); ``speedup_same_compiler``, the same against lone Trainers whose programs get the compile option the
sweep's programs get (``training.sweep.COMPILER_OPTIONS``: XLA's older emitters compile small programs
faster), so that the figure owes nothing to the option; and, for scale, ``warm_speedup``: the comparison run a
second time in each process, programs already compiled.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

EPOCHS = 300
ROUNDS = 3
HIDDEN = ("1", "2", "4", "6", "8", "8,2", "8,4", "8,8")
FEATURES = "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2"


def specs():
    from nnwatch.spec import Spec

    base = Spec().with_flat(dataset="spiral", data_seed=0, features=FEATURES, lr=0.01, batch="10")
    return [base.with_flat(hidden=h) for h in HIDDEN]


def together() -> float:
    from nnwatch.training.sweep import SweepTrainer

    start = time.perf_counter()
    sweep = SweepTrainer(specs())
    sweep.advance(EPOCHS * sweep.steps_per_epoch[0])
    sweep.params()
    return time.perf_counter() - start


def serial() -> float:
    from nnwatch.training import Trainer

    start = time.perf_counter()
    for spec in specs():
        trainer = Trainer(spec)
        trainer.advance(EPOCHS * trainer.steps_per_epoch)
        trainer.params
    return time.perf_counter() - start


def serial_same_compiler() -> float:
    """``serial`` with the engine's program compiled with the sweep's compile option."""
    import jax

    from nnwatch.training import engine, trainer
    from nnwatch.training.sweep import COMPILER_OPTIONS

    trainer.advance = jax.jit(engine._advance, static_argnums=(0,), compiler_options=COMPILER_OPTIONS)
    return serial()


def _timed(side: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, __file__, side], check=True, capture_output=True, text=True).stdout
    cold, warm = out.strip().splitlines()[-1].split()
    return float(cold), float(warm)


def main() -> None:
    sides = ("together", "serial", "serial_same_compiler")
    rounds = [[_timed(side) for side in sides] for _ in range(ROUNDS)]
    (sweep_s, sweep_warm), (serial_s, serial_warm), (same_s, _) = (
        tuple(min(r[k][j] for r in rounds) for j in (0, 1)) for k in range(len(sides)))
    print(json.dumps({"speedup": round(serial_s / sweep_s, 2), "speedup_same_compiler": round(same_s / sweep_s, 2),
                      "sweep_s": round(sweep_s, 3), "serial_s": round(serial_s, 3),
                      "serial_same_compiler_s": round(same_s, 3), "warm_speedup": round(serial_warm / sweep_warm, 2),
                      "configurations": len(HIDDEN), "epochs": EPOCHS}))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run = {"together": together, "serial": serial, "serial_same_compiler": serial_same_compiler}[sys.argv[1]]
        print(run(), run())
    else:
        main()
