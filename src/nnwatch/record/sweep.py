"""sweep(): many configurations trained together, each recorded as its own Run on one shared clock.

All configurations take the same optimizer steps and are snapshotted at the same steps (the first spec's
schedule and epochs), so their videos line up frame for frame.
"""

from __future__ import annotations

from collections.abc import Callable

from nnwatch.record.run import Run
from nnwatch.record.schedule import snapshot_steps
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec
from nnwatch.training.sweep import SweepTrainer

__all__ = ["sweep"]


def sweep(specs: list[Spec], *, force: bool = False, progress: Callable[[int, int], None] | None = None) -> list[Run]:
    """Train every spec at once (one compiled program per group) and return one Run per spec, in order."""
    trainer = SweepTrainer(specs, force=force)
    first = trainer.specs[0]
    per_epoch = trainer.steps_per_epoch[0]
    total = first.training.epochs * per_epoch
    snapshots: list[list[Snapshot]] = [[] for _ in trainer.specs]
    for goal in snapshot_steps(first.schedule, total, per_epoch):
        trainer.advance(int(goal) - trainer.step)
        _record(trainer, snapshots)
        if progress:
            progress(trainer.step, total)
    status = trainer.status
    return [Run(spec=spec, dataset=trainer.dataset, arch=arch, snapshots=snaps,
                status="diverged" if state == "diverged" else "done")
            for spec, arch, snaps, state in zip(trainer.specs, trainer.archs, snapshots, status)]


def _record(trainer: SweepTrainer, snapshots: list[list[Snapshot]]) -> None:
    for i, (params, metrics) in enumerate(zip(trainer.params(), trainer.metrics())):
        snapshots[i].append(Snapshot(step=trainer.step, epoch=trainer.step / trainer.steps_per_epoch[i],
                                     params=params, arch=trainer.archs[i], **metrics))
