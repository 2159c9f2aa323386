"""The Ray backend of sweeps: each group of configurations (one compiled program) trains on a Ray worker.

A sweep too large for one machine (hundreds of configurations of wider networks, or many seeds of each) is
already split into independent groups; here each group (cut into pieces when there are more CPUs than groups)
becomes one Ray task that builds its SweepTrainer, follows the sweep's clock and sends back its snapshots.
The driver only plans, waits and assembles the Runs, so the numbers are those of the local backend (each
configuration equals training it alone, whichever piece it trains in).

``ray`` is imported only when this backend is used (``pip install "nnwatch[ray]"``). Where it runs:

- ``address=None``: a Ray instance started on this machine for the sweep and stopped after it (or the one
  already running in this process, e.g. started by your own ``ray.init``).
- ``address="ray://head-node:10001"``: a running cluster through Ray Client; every node needs nnwatch
  installed (the same version) so its workers can import it. ``"auto"`` joins the cluster of this node.
"""

from __future__ import annotations

import re
import socket
import warnings
from collections.abc import Callable

from nnwatch.data import Dataset
from nnwatch.errors import NNWatchError
from nnwatch.drivers.clock import Clock, Recording, record_specs
from nnwatch.spec import Spec

__all__ = ["sweep_on_ray", "import_ray", "split_groups", "check_ray"]


def import_ray():
    """The ``ray`` module, or a one-line error saying how to install it."""
    try:
        import ray
    except ImportError:
        raise NNWatchError("the ray backend needs the ray package: pip install \"nnwatch[ray]\"") from None
    return ray


def sweep_on_ray(specs: list[Spec], dataset: Dataset, groups: list[list[int]], clock: Clock, *,
                 address: str | None = None, progress: Callable[[int, int], None] | None = None
                 ) -> list[Recording]:
    """Record every group on a Ray worker; per spec (in order), its snapshots and status."""
    ray = import_ray()
    started = _connect(ray, address)
    try:
        task = ray.remote(num_cpus=1)(record_specs)
        data = ray.put(dataset)  # sent once, shared by every task (the workers may not have the user's file)
        pieces = split_groups(groups, int(ray.cluster_resources().get("CPU", 1)))
        pending = {task.remote([specs[i] for i in piece], data, clock): piece for piece in pieces}
        out: list = [None] * len(specs)
        done = 0
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            group = pending.pop(ready[0])
            for i, recording in zip(group, ray.get(ready[0])):
                out[i] = recording
            done += len(group)
            if progress:
                progress(clock.total * done // len(specs), clock.total)
        return out
    finally:
        if started:
            ray.shutdown()


def split_groups(groups: list[list[int]], cpus: int) -> list[list[int]]:
    """Groups cut into pieces of at most ceil(configurations / CPUs), so that a sweep of one large group
    (64 seeds of one network) still spreads over the cluster. Each piece is one task and one program."""
    total = sum(len(g) for g in groups)
    size = max(1, -(-total // max(cpus, 1)))
    return [group[k:k + size] for group in groups for k in range(0, len(group), size)]


def _connect(ray, address: str | None) -> bool:
    """Connect to (or start) Ray; True when this call started it and so must stop it."""
    if address:
        _check_reachable(address)
    if ray.is_initialized():
        return False
    options = {"logging_level": "ERROR", "log_to_driver": False}
    if address is None:
        options["include_dashboard"] = False
    try:
        with warnings.catch_warnings():
            # Starting Ray forks helper processes after JAX has started its threads; JAX warns about forks,
            # but Ray's children exec a new program at once and never run JAX.
            warnings.filterwarnings("ignore", message=".*os.fork.*")
            ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as err:
        where = f"at {address}" if address else "on this machine"
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise NNWatchError(f"cannot start or reach Ray {where}: {first}") from None
    return True


def check_ray(address: str | None) -> None:
    """Before any work: a one-line error when ray is not installed or nothing listens at ``address``."""
    import_ray()
    if address:
        _check_reachable(address)


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """A one-line error, in seconds rather than after Ray's minutes of retries, when nothing listens there."""
    match = re.fullmatch(r"(?:ray://)?\[?([^\]]+?)\]?:(\d+)", address.strip())
    if not match:
        return  # "auto", "local" and other forms Ray resolves itself
    host, port = match.group(1), int(match.group(2))
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise NNWatchError(f"cannot reach the Ray cluster at {address}: {reason.lower()}") from None
