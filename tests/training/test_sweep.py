"""A sweep trains each configuration exactly as a lone Trainer would, only together."""

from __future__ import annotations

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.spec import Spec
from nnwatch.training import Trainer
from nnwatch.training.sweep import MAX_CONFIGS, SweepTrainer

STEPS = 120


def _spec(**flat) -> Spec:
    flat = {"dataset": "spiral", "points": "200", "data_seed": "0", **flat}
    return Spec().with_flat(**flat)


def _assert_like_lone(specs, steps=STEPS, rtol=1e-9, atol=1e-12, groups=None):
    sweep = SweepTrainer(specs)
    if groups is not None:
        assert len(sweep.groups) == groups
    sweep.advance(steps)
    for spec, params, metrics in zip(specs, sweep.params(), sweep.metrics()):
        lone = Trainer(spec)
        lone.advance(steps)
        assert len(params) == len(lone.params)
        for mine, theirs in zip(params, lone.params):
            for k in ("w", "b"):
                assert mine[k].shape == theirs[k].shape
                assert mine[k].dtype == theirs[k].dtype
                np.testing.assert_allclose(mine[k], theirs[k], rtol=rtol, atol=atol)
        for name, value in lone.metrics().items():
            np.testing.assert_allclose(metrics[name], value, rtol=max(rtol, 1e-6), atol=max(atol, 1e-6))
    return sweep


# sigmoid: padded units output f(0) = 0.5, so this also checks that they feed nothing into real units
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_widths_in_one_group_match_lone_trainers(optimizer, activation):
    specs = [_spec(hidden=h, optimizer=optimizer, activation=activation, dtype="float64", lr="0.03")
             for h in ("1", "2", "4", "8")]
    _assert_like_lone(specs, groups=1)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_depths_form_groups_and_match_lone_trainers(optimizer):
    specs = [_spec(hidden=h, optimizer=optimizer, dtype="float64") for h in ("8", "8,2", "8,8")]
    _assert_like_lone(specs, groups=2)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_learning_rates_and_seeds_in_one_group(optimizer):
    # Adam's step size does not shrink with the gradient, so a large rate amplifies rounding: keep it modest.
    rates = (0.01, 0.1, 0.03, 0.3) if optimizer == "sgd" else (0.001, 0.01, 0.003, 0.03)
    specs = [_spec(hidden="4,3", optimizer=optimizer, dtype="float64", seed=str(seed), lr=str(lr))
             for seed, lr in zip((1, 2, 3, 4), rates)]
    _assert_like_lone(specs, groups=1)


def test_float32_matches_to_float32_tolerance():
    specs = [_spec(hidden=h, activation="gaussian") for h in ("1", "2", "8", "8,2")]
    _assert_like_lone(specs, rtol=1e-4, atol=1e-5, groups=2)


def test_l1_momentum_and_batch_sizes():
    specs = [_spec(hidden=h, regularization="l1", reg_rate=r, optimizer="momentum", batch=b, dtype="float64")
             for h, r, b in (("3", "0.001", "5"), ("6", "0.01", "7"), ("2", "0.003", "8"))]
    _assert_like_lone(specs, groups=1)


def test_shuffle_with_different_seeds():
    # float32: the engine's shuffle does not run in float64 yet (its permutation comes back int64 there)
    specs = [_spec(hidden=h, shuffle="true", seed=s, regularization="l2", reg_rate="0.01")
             for h, s in (("3", "1"), ("5", "2"))]
    _assert_like_lone(specs, rtol=1e-4, atol=1e-5, groups=1)


def test_dropout_is_grouped_by_exact_widths():
    specs = [_spec(hidden=h, dropout="0.2", dtype="float64") for h in ("4", "6", "4")]
    _assert_like_lone(specs, groups=2)


def test_empty_sweep_is_refused():
    with pytest.raises(NNWatchError, match="at least one"):
        SweepTrainer([])


def test_too_many_configurations_need_force():
    specs = [_spec(hidden="1", points="20")] * (MAX_CONFIGS + 1)
    with pytest.raises(NNWatchError, match="force"):
        SweepTrainer(specs)
    sweep = SweepTrainer(specs, force=True)
    assert len(sweep) == MAX_CONFIGS + 1 and len(sweep.groups) == 1


def test_mixed_data_is_refused_naming_the_difference():
    with pytest.raises(NNWatchError, match="mixed tasks/data.*name"):
        SweepTrainer([_spec(hidden="2"), _spec(hidden="2", dataset="circle")])
    with pytest.raises(NNWatchError, match="mixed tasks/data.*noise"):
        SweepTrainer([_spec(), _spec(noise="0.2")])
    with pytest.raises(NNWatchError, match="mixed tasks/data.*features"):
        SweepTrainer([_spec(), _spec(features="x1,x2,x1x2")])


def test_diverged_configuration_is_rolled_back_and_frozen_others_go_on():
    # Same group, different learning rates: the large one blows up, as it does for a lone Trainer.
    specs = [_spec(hidden="4", activation="linear", output_unit="linear", reduction="sum", dtype="float64",
                   lr=lr) for lr in ("0.0001", "100")]
    sweep = SweepTrainer(specs)
    assert len(sweep.groups) == 1
    for _ in range(4):
        sweep.advance(50)
    assert sweep.status == ["running", "diverged"]
    for spec, params in zip(specs, sweep.params()):
        lone = Trainer(spec)
        for _ in range(4):
            lone.advance(50)
        for mine, theirs in zip(params, lone.params):
            np.testing.assert_allclose(mine["w"], theirs["w"], rtol=1e-9, atol=1e-12)
