"""The sweep's clock and what follows it: every configuration of a sweep snapshotted at the same moments.

Shared by both backends of ``nnwatch.drivers.sweep``: the local one drives one SweepTrainer per group here,
and each Ray worker does the same with its group (``record_specs``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nnwatch.data import Dataset
from nnwatch.record.schedule import snapshot_steps
from nnwatch.record.snapshot import Snapshot
from nnwatch.record.status import DIVERGED, DONE
from nnwatch.spec import Spec

__all__ = ["Clock", "Recording", "record_sweep", "record_specs"]

Progress = Callable[[int, int], None]
Recording = tuple[list[Snapshot], str]  # one configuration's snapshots and its status


@dataclass(frozen=True)
class Clock:
    """When a sweep stops: on the first configuration's step clock, every snapshot and, between them, a stop
    at least every ``stretch`` steps so a progress bar keeps moving (as a lone Trainer's recorder does)."""

    per_epoch: int  # the first configuration's steps per epoch: what the clock's steps are measured in
    total: int
    snapshots: tuple[int, ...]
    stretch: int

    @classmethod
    def of(cls, first: Spec, per_epoch: int) -> "Clock":
        total = first.training.epochs * per_epoch
        steps = snapshot_steps(first.schedule, total, per_epoch)
        return cls(per_epoch, total, tuple(int(s) for s in steps), max(per_epoch, total // 200))

    def stops(self) -> list[tuple[int, bool]]:
        """(step, whether to snapshot there), in order, starting with the snapshot at step 0."""
        out, now = [], 0
        for goal in self.snapshots:
            while now + self.stretch < goal:
                now += self.stretch
                out.append((now, False))
            out.append((goal, True))
            now = goal
        return out

    def steps_for(self, step: int, per_epoch: int) -> int:
        """The steps a configuration with ``per_epoch`` steps per epoch has taken at this point of the clock."""
        return step if per_epoch == self.per_epoch else round(step * per_epoch / self.per_epoch)


def record_sweep(trainer, clock: Clock, progress: Progress | None = None) -> list[Recording]:
    """Drive a SweepTrainer along the clock; per configuration, its snapshots and its status."""
    snapshots: list[list[Snapshot]] = [[] for _ in trainer.specs]
    for step, snap in clock.stops():
        goals = [clock.steps_for(step, per_epoch) for per_epoch in trainer.steps_per_epoch]
        trainer.advance([goal - done for goal, done in zip(goals, trainer.steps)])
        if snap:
            _take(trainer, snapshots)
        if progress:
            progress(step, clock.total)
    return [(snaps, DIVERGED if state == DIVERGED else DONE)
            for snaps, state in zip(snapshots, trainer.status)]


def record_specs(specs: list[Spec], dataset: Dataset, clock: Clock) -> list[Recording]:
    """Build a SweepTrainer for these specs and record it: what one Ray worker does with its group."""
    from nnwatch.training.sweep import SweepTrainer

    return record_sweep(SweepTrainer(specs, force=True, dataset=dataset), clock)


def _take(trainer, snapshots: list[list[Snapshot]]) -> None:
    steps, per_epoch = trainer.steps, trainer.steps_per_epoch
    for i, (params, metrics) in enumerate(zip(trainer.params(), trainer.metrics())):
        snapshots[i].append(Snapshot(step=steps[i], epoch=steps[i] / per_epoch[i], params=params,
                                     arch=trainer.archs[i], **metrics))
