"""Drivers: what trains a network along a schedule and records its Snapshots as a Run.

They sit above the seam (``nnwatch.record``: Snapshot, Run, schedule, run files) and the training engine, and
below everything that only reads runs: probes, views, video and the live page never import them.
``train`` records one Spec (``recorder``), ``sweep`` many at once (``sweep``, locally or on Ray).
"""

__all__ = ["train", "record", "train_in_turn", "sweep"]


def __getattr__(name: str):
    # Imported on first use: the drivers load JAX.
    if name in ("train", "record", "train_in_turn"):
        from nnwatch.drivers import recorder

        return getattr(recorder, name)
    if name == "sweep":
        from nnwatch.drivers.sweep import sweep

        return sweep
    raise AttributeError(f"module 'nnwatch.drivers' has no attribute '{name}'")
