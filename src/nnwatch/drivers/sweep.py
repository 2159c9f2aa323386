"""sweep(): many configurations trained together, each recorded as its own Run on one shared clock.

All configurations are snapshotted at the same moments, the first spec's schedule and epochs, so their videos
line up frame for frame. The clock counts epochs: a configuration with another batch size takes its own
number of steps to get there (the same number when the batch sizes are equal, the usual case).

The work runs on one of two backends: ``local`` (every group of configurations in this process, one compiled
program each) or ``ray`` (each group on a worker of a Ray cluster, for sweeps too large for one machine; see
``nnwatch.drivers.ray_backend``). Both record the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from nnwatch.data import Dataset
from nnwatch.drivers.clock import Clock, Progress, record_sweep
from nnwatch.errors import unknown
from nnwatch.record.run import Run
from nnwatch.spec import Spec

__all__ = ["sweep", "BACKENDS"]

BACKENDS = ("local", "ray")


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
        from nnwatch.drivers.ray_backend import sweep_on_ray

        groups = plan_groups(specs, dataset)
        clock = Clock.of(specs[0], _steps_per_epoch(specs[0], dataset))
        recordings = sweep_on_ray(specs, dataset, groups, clock, address=address, progress=progress)
    else:
        trainer = SweepTrainer(specs, force=True, dataset=dataset)
        clock = Clock.of(specs[0], trainer.steps_per_epoch[0])
        recordings = record_sweep(trainer, clock, progress)
    return [Run(spec=spec, dataset=dataset, arch=snaps[0].arch, snapshots=snaps, status=status)
            for spec, (snaps, status) in zip(specs, recordings)]


def _steps_per_epoch(spec: Spec, dataset: Dataset) -> int:
    n = len(dataset.x_train)
    batch = n if spec.training.batch_size == "full" else min(int(spec.training.batch_size), n)
    return -(-n // batch)
