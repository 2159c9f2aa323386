"""nnwatch.sweep: one Run per configuration, on a shared clock, equal to training each alone."""

import numpy as np
import pytest

import nnwatch
from nnwatch.errors import NNWatchError
from nnwatch.record import Run, train
from nnwatch.spec import Spec


def specs(*hidden, **flat):
    base = Spec().with_flat(dataset="circle", epochs="4", snapshots="5", dtype="float64", **flat)
    return [base.with_flat(hidden=h) for h in hidden]


def test_one_run_per_configuration_on_one_clock(tmp_path):
    runs = nnwatch.sweep(specs("1", "4", "4,2"))
    assert [r.arch.sizes for r in runs] == [(2, 1, 1), (2, 4, 1), (2, 4, 2, 1)]
    steps = [[s.step for s in r.snapshots] for r in runs]
    assert steps[0] == steps[1] == steps[2] and steps[0][0] == 0 and steps[0][-1] == 100
    again = Run.load(runs[2].save(tmp_path / "r.npz"))
    assert len(again) == len(runs[2]) and again.status == "done"


def test_each_run_equals_training_alone():
    configs = specs("2", "4,2")
    together = nnwatch.sweep(configs)
    for spec, run in zip(configs, together):
        alone = train(spec)
        assert [s.step for s in alone.snapshots] == [s.step for s in run.snapshots]
        for a, b in zip(alone.final.params, run.final.params):
            np.testing.assert_allclose(a["w"], b["w"], rtol=1e-9, atol=1e-12)
        assert run.final.test_loss == pytest.approx(alone.final.test_loss, rel=1e-9)


def test_empty_sweep_is_refused():
    with pytest.raises(NNWatchError, match="at least one configuration"):
        nnwatch.sweep([])
