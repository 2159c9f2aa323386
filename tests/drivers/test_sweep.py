"""nnwatch.sweep: one Run per configuration, on a shared clock, equal to training each alone."""

import numpy as np
import pytest

import nnwatch
from nnwatch.errors import NNWatchError
from nnwatch.drivers import train
from nnwatch.record import Run
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


def test_clock_counts_epochs_across_batch_sizes():
    # Batch 10 and batch 5 on 100 training points: the second takes twice the steps to the same epochs.
    base = Spec().with_flat(dataset="circle", points="200", epochs="3", snapshots="4", dtype="float64")
    runs = nnwatch.sweep([base.with_flat(hidden="2"), base.with_flat(hidden="2", batch="5")])
    assert [s.epoch for s in runs[0].snapshots] == [s.epoch for s in runs[1].snapshots]
    assert [2 * s.step for s in runs[0].snapshots] == [s.step for s in runs[1].snapshots]
    alone = train(base.with_flat(hidden="2", batch="5", schedule="at", at="0,60"))
    np.testing.assert_allclose(runs[1].final.params[0]["w"], alone.final.params[0]["w"], rtol=1e-9, atol=1e-12)


def test_clock_stops_often_enough_for_a_progress_bar():
    from nnwatch.drivers.clock import Clock

    clock = Clock.of(Spec().with_flat(epochs="100", schedule="at", at="0,1000", unit="step"), 25)
    stops = clock.stops()
    assert stops[0] == (0, True) and stops[-1] == (2500, True)
    assert [s for s, snap in stops if snap] == [0, 1000, 2500]
    assert max(b - a for (a, _), (b, _) in zip(stops, stops[1:])) <= clock.stretch == 25


def test_labels_name_what_varies():
    from nnwatch.record.labels import config_labels

    base = Spec()
    specs = [base.with_flat(hidden=h, lr=lr, seed=s) for h in ("8,2", "none") for lr in ("0.01", "0.03")
             for s in ("1", "3")]
    labels = config_labels(specs)
    assert labels[0] == "8,2 lr 0.01 seed 1" and labels[-1] == "none lr 0.03 seed 3"
    assert config_labels([base.with_flat(hidden="2", activation=a) for a in ("relu", "tanh")]) == ["2 relu", "2 tanh"]
    assert config_labels([base, base]) == ["8,8 #1", "8,8 #2"]


def test_unknown_backend_is_refused():
    with pytest.raises(NNWatchError, match="unknown backend 'rey'.*did you mean 'ray'"):
        nnwatch.sweep(specs("2"), backend="rey")
