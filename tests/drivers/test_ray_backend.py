"""The Ray backend: each group of a sweep trains on a Ray worker; the runs equal the local backend's."""

import warnings

import numpy as np
import pytest

ray = pytest.importorskip("ray")

import nnwatch  # noqa: E402
from nnwatch.errors import NNWatchError  # noqa: E402
from nnwatch.spec import Spec  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    # One CPU: the test machine is small, and two groups then run one after the other on one worker.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*os.fork.*")  # Ray's helpers exec at once, never run JAX
        ray.init(num_cpus=1, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_equals_local(local_ray):
    base = Spec().with_flat(dataset="circle", epochs="4", snapshots="5", dtype="float64")
    specs = [base.with_flat(hidden=h) for h in ("1", "4", "4,2")] + [base.with_flat(hidden="2", activation="relu")]
    local = nnwatch.sweep(specs)
    remote = nnwatch.sweep(specs, backend="ray")  # two groups (tanh, relu): two tasks
    assert ray.is_initialized()  # the backend used the running Ray and left it running
    for a, b in zip(local, remote):
        assert b.spec == a.spec and b.status == a.status and b.arch == a.arch
        assert [s.step for s in b.snapshots] == [s.step for s in a.snapshots]
        for x, y in zip(a.final.params, b.final.params):
            np.testing.assert_allclose(y["w"], x["w"], rtol=1e-9, atol=1e-12)
        assert b.final.test_loss == pytest.approx(a.final.test_loss, rel=1e-9)


def test_unreachable_cluster_is_one_line_and_quick():
    spec = Spec().with_flat(dataset="circle", epochs="1", snapshots="2", hidden="1")
    with pytest.raises(NNWatchError, match="cannot reach the Ray cluster at ray://127.0.0.1:1: connection refused"):
        nnwatch.sweep([spec], backend="ray", address="ray://127.0.0.1:1")


def test_groups_are_cut_to_spread_over_the_cpus():
    from nnwatch.drivers.ray_backend import split_groups

    assert split_groups([[0, 1, 2, 3, 4], [5]], 1) == [[0, 1, 2, 3, 4], [5]]
    assert split_groups([[0, 1, 2, 3, 4], [5]], 3) == [[0, 1], [2, 3], [4], [5]]
    assert split_groups([list(range(64))], 16) == [list(range(k, k + 4)) for k in range(0, 64, 4)]
