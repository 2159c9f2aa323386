"""sweep(): many configurations trained together, each recorded as its own Run on one shared clock.

All configurations are snapshotted at the same moments, the first spec's schedule and epochs, so their videos
line up frame for frame. The clock counts epochs: a configuration with another batch size takes its own
number of steps to get there (the same number when the batch sizes are equal, the usual case).

The work runs on one of two backends: ``local`` (every group of configurations in this process, one compiled
program each) or ``ray`` (each group on a worker of a Ray cluster, for sweeps too large for one machine; see
``nnwatch.record.ray_backend``). Both record the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nnwatch.data import Dataset
from nnwatch.errors import unknown
from nnwatch.record.run import Run
from nnwatch.record.schedule import snapshot_steps
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec

__all__ = ["sweep", "Clock", "BACKENDS", "record_sweep", "config_labels"]

BACKENDS = ("local", "ray")
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


def sweep(specs: Sequence[Spec], *, force: bool = False, progress: Progress | None = None,
          backend: str = "local", address: str | None = None, data: Dataset | None = None) -> list[Run]:
    """Train every spec at once and return one Run per spec, in order (each a normal run file's content).

    Configurations that can share a compiled program train together (see ``nnwatch.training.sweep``).
    ``backend="ray"`` spreads the groups over a Ray cluster (``address``: e.g. ``ray://host:10001``; None
    starts a local Ray); ``data`` trains on a Dataset you made instead of the specs' own;
    ``progress(step, total)`` follows the first configuration's steps.
    """
    from nnwatch.training.sweep import SweepTrainer, check_sweep, plan_groups
    from nnwatch.training.trainer import build_dataset

    if backend not in BACKENDS:
        raise unknown("backend", str(backend), BACKENDS)
    specs = check_sweep(specs, force)
    dataset = data if data is not None else build_dataset(specs[0])
    if backend == "ray":
        from nnwatch.record.ray_backend import sweep_on_ray

        groups = plan_groups(specs, dataset)
        clock = Clock.of(specs[0], _steps_per_epoch(specs[0], dataset))
        recordings = sweep_on_ray(specs, dataset, groups, clock, address=address, progress=progress)
    else:
        trainer = SweepTrainer(specs, force=True, dataset=dataset)
        clock = Clock.of(specs[0], trainer.steps_per_epoch[0])
        recordings = record_sweep(trainer, clock, progress)
    return [Run(spec=spec, dataset=dataset, arch=snaps[0].arch, snapshots=snaps, status=status)
            for spec, (snaps, status) in zip(specs, recordings)]


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
    return [(snaps, "diverged" if state == "diverged" else "done")
            for snaps, state in zip(snapshots, trainer.status)]


def record_specs(specs: list[Spec], dataset: Dataset, clock: Clock) -> list[Recording]:
    """Build a SweepTrainer for these specs and record it: what one Ray worker does with its group."""
    from nnwatch.training.sweep import SweepTrainer

    return record_sweep(SweepTrainer(specs, force=True, dataset=dataset), clock)


def config_labels(specs: Sequence[Spec]) -> list[str]:
    """A short name per configuration: its hidden layers, then each setting that differs within the sweep,
    e.g. "8,2 relu lr 0.01 seed 3". Configurations that would still share a name get "#1", "#2" ..."""
    parts = [(lambda s: _activation(s)), (lambda s: s.training.optimizer),
             (lambda s: f"lr {s.training.learning_rate:g}"), (lambda s: f"momentum {s.training.momentum:g}"),
             (lambda s: _regularization(s)), (lambda s: f"batch {s.training.batch_size}"),
             (lambda s: f"dropout {s.network.dropout:g}"), (lambda s: f"init {s.training.init}"),
             (lambda s: f"seed {s.seed}")]
    varying = [part for part in parts if len({part(spec) for spec in specs}) > 1]
    labels = [" ".join([",".join(str(n) for n in spec.network.hidden) or "none"] + [part(spec) for part in varying])
              for spec in specs]
    repeated = {label for label in labels if labels.count(label) > 1}
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        if label in repeated:
            seen[label] = seen.get(label, 0) + 1
            labels[i] = f"{label} #{seen[label]}"
    return labels


def _activation(spec: Spec) -> str:
    act = spec.network.activation
    return act if isinstance(act, str) else ",".join(act)


def _regularization(spec: Spec) -> str:
    t = spec.training
    return "no reg" if t.regularization == "none" else f"{t.regularization} {t.regularization_rate:g}"


def _take(trainer, snapshots: list[list[Snapshot]]) -> None:
    steps, per_epoch = trainer.steps, trainer.steps_per_epoch
    for i, (params, metrics) in enumerate(zip(trainer.params(), trainer.metrics())):
        snapshots[i].append(Snapshot(step=steps[i], epoch=steps[i] / per_epoch[i], params=params,
                                     arch=trainer.archs[i], **metrics))


def _steps_per_epoch(spec: Spec, dataset: Dataset) -> int:
    n = len(dataset.x_train)
    batch = n if spec.training.batch_size == "full" else min(int(spec.training.batch_size), n)
    return -(-n // batch)
