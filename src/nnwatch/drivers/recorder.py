"""Recorder: drives a Trainer along a snapshot schedule and collects the Run.

Training advances in stretches that end at the next snapshot, at the next epoch when a target loss must be
checked, or after a bounded number of steps so a progress bar keeps moving. Each stretch is one call into the
compiled engine, and between stretches a pending Ctrl-C stops the run (``nnwatch.interrupts``).
"""

from __future__ import annotations

from collections.abc import Callable

from nnwatch import interrupts
from nnwatch.data import Dataset
from nnwatch.record.run import Run
from nnwatch.record.schedule import snapshot_steps
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec
from nnwatch.record.status import DIVERGED, DONE, TARGET_REACHED
from nnwatch.training.trainer import Trainer

__all__ = ["train", "train_in_turn", "record", "snapshot_of", "planned_snapshots", "DONE", "TARGET_REACHED"]

Progress = Callable[[int, int], None]


def snapshot_of(trainer: Trainer) -> Snapshot:
    """The trainer's network now, copied out as NumPy."""
    return Snapshot(step=trainer.step, epoch=trainer.epoch, params=trainer.params, arch=trainer.arch,
                    **trainer.metrics())


def train(spec: Spec | None = None, *, data: Dataset | None = None, progress: Progress | None = None,
          **flat) -> Run:
    """Train the network a Spec describes and return its Run.

    ``flat`` keys override the spec (``train(dataset="circle", hidden="4,2", lr=0.1)``); ``data`` trains on a
    Dataset you made instead of the spec's; ``progress(step, total)`` is called as training goes. A diverging
    network ends the run early with status 'diverged', never an exception.
    """
    spec = (spec or Spec()).with_flat(**flat) if flat else (spec or Spec())
    return record(Trainer(spec, data), progress)


def train_in_turn(specs: list[Spec], progress: Progress | None = None) -> list[Run]:
    """Train several Specs one after the other under one progress count (a lesson's runs). Every Trainer is
    built first, so a dataset that cannot be made fails before any training."""
    trainers = [Trainer(spec) for spec in specs]
    totals = [t.spec.training.epochs * t.steps_per_epoch for t in trainers]
    runs = []
    for k, trainer in enumerate(trainers):
        offset = sum(totals[:k])
        part = (lambda step, _total, offset=offset: progress(offset + step, sum(totals))) if progress else None
        runs.append(record(trainer, part))
    return runs


def record(trainer: Trainer, progress: Progress | None = None) -> Run:
    """Train a freshly built Trainer for the spec's epochs, snapshotting on the spec's schedule."""
    spec = trainer.spec
    total, steps = _schedule(trainer)
    # A Ctrl-C during the imports, the data or the first compile (all before this) stops here.
    interrupts.check()
    snapshots = [snapshot_of(trainer)]
    status = _follow_schedule(trainer, spec, steps[1:], total, snapshots, progress)
    interrupts.check()
    return Run(spec=spec, dataset=trainer.dataset, arch=trainer.arch, snapshots=snapshots, status=status)


def planned_snapshots(trainer: Trainer) -> int:
    """How many snapshots ``record`` takes if training runs to the end (fewer if it stops early): what a video
    of the run can be checked against before training."""
    return len(_schedule(trainer)[1])


def _schedule(trainer: Trainer):
    """The steps the spec trains for, and the steps its snapshots fall on."""
    total = trainer.spec.training.epochs * trainer.steps_per_epoch
    return total, snapshot_steps(trainer.spec.schedule, total, trainer.steps_per_epoch)


def _follow_schedule(trainer: Trainer, spec: Spec, steps, total: int, snapshots: list, progress) -> str:
    per_epoch = trainer.steps_per_epoch
    target = spec.training.target_loss
    # Short stretches keep a progress bar alive, long ones keep the per-call overhead small.
    stretch = max(per_epoch, total // 200)
    for goal in (int(s) for s in steps):
        while trainer.step < goal:
            end = goal
            if target is not None:
                end = min(end, (trainer.step // per_epoch + 1) * per_epoch)
            end = min(end, trainer.step + stretch)
            if not trainer.advance(end - trainer.step):
                return _end(trainer, snapshots, DIVERGED)
            interrupts.check()
            if progress:
                progress(trainer.step, total)
            if target is not None and trainer.step % per_epoch == 0 and _reached(trainer, target):
                return _end(trainer, snapshots, TARGET_REACHED)
        snapshots.append(snapshot_of(trainer))
    return DONE


def _reached(trainer: Trainer, target: float) -> bool:
    return trainer.metrics()["train_loss"] <= target


def _end(trainer: Trainer, snapshots: list, status: str) -> str:
    """Record where training stopped (the last finite state, for a diverged run)."""
    if snapshots[-1].step != trainer.step:
        snapshots.append(snapshot_of(trainer))
    return status
