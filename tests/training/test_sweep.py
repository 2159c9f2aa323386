"""A sweep trains each configuration exactly as a lone Trainer would, only together."""

from __future__ import annotations

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.spec import Spec
from nnwatch.training import Trainer
from nnwatch.training.sweep import MAX_CONFIGS, SweepTrainer, plan_groups

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


# Widths are padded and shallower networks get identity layers, all in one program. sigmoid: padded units
# output f(0) = 0.5 and a bypassed activation must leave no trace; 'none' rides through identities only.
@pytest.mark.parametrize("activation, optimizer", [("sigmoid", "adam"), ("tanh", "sgd")])
def test_widths_and_depths_share_one_program_and_match_lone_trainers(activation, optimizer):
    specs = [_spec(hidden=h, optimizer=optimizer, activation=activation, dtype="float64", lr="0.03")
             for h in ("1", "8", "none", "8,2", "3,8,5")]
    _assert_like_lone(specs, groups=1)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_learning_rates_and_seeds_in_one_group(optimizer):
    # Adam's step size does not shrink with the gradient, so a large rate amplifies rounding: keep it modest.
    rates = (0.01, 0.1, 0.03, 0.3) if optimizer == "sgd" else (0.001, 0.01, 0.003, 0.03)
    specs = [_spec(hidden="4,3", optimizer=optimizer, dtype="float64", seed=str(seed), lr=str(lr))
             for seed, lr in zip((1, 2, 3, 4), rates)]
    _assert_like_lone(specs, groups=1)


def test_float32_matches_to_float32_tolerance():
    specs = [_spec(hidden=h, activation="gaussian") for h in ("2", "8,2")]
    _assert_like_lone(specs, rtol=1e-4, atol=1e-5, groups=1)


def test_relu_l1_batch_one_as_in_the_lesson():
    specs = [_spec(dataset="circle", hidden=h, activation="relu", regularization="l1", reg_rate="0.001",
                   batch="1", dtype="float64") for h in ("1", "3,2")]
    _assert_like_lone(specs, steps=300, groups=1)


def test_l1_momentum_and_batch_sizes():
    specs = [_spec(hidden=h, regularization="l1", reg_rate=r, optimizer="momentum", batch=b, dtype="float64")
             for h, r, b in (("3", "0.001", "5"), ("6", "0.01", "7"), ("2", "0.003", "8"))]
    _assert_like_lone(specs, groups=1)


def test_shuffle_with_different_seeds():
    specs = [_spec(hidden=h, shuffle="true", seed=s, regularization="l2", reg_rate="0.01")
             for h, s in (("3", "1"), ("5", "2"))]
    _assert_like_lone(specs, rtol=1e-4, atol=1e-5, groups=1)


def test_dropout_is_grouped_by_exact_widths():
    specs = [_spec(hidden=h, dropout="0.2", dtype="float64") for h in ("4", "6", "4")]
    _assert_like_lone(specs, groups=2)


def test_residual_networks_are_grouped_by_exact_shape():
    specs = [_spec(hidden=h, residual="true", dtype="float64") for h in ("4x3", "4,4", "4x3")] + \
        [_spec(hidden="3", dtype="float64")]
    _assert_like_lone(specs, groups=3)


def test_regression_without_a_test_set():
    specs = [_spec(dataset="reg_plane", train_share="1", hidden=h, dtype="float64") for h in ("2", "3,3")]
    sweep = _assert_like_lone(specs, groups=1)
    assert all(np.isnan(m["test_loss"]) and np.isnan(m["train_accuracy"]) for m in sweep.metrics())


def test_step_counts_per_configuration():
    specs = [_spec(hidden=h, batch=b, dtype="float64") for h, b in (("2", "5"), ("4", "10"), ("3,2", "20"))]
    sweep = SweepTrainer(specs)
    sweep.advance([90, 45, 0])
    sweep.advance([10, 5, 20])
    assert sweep.steps == [100, 50, 20]
    for spec, params, steps in zip(specs, sweep.params(), sweep.steps):
        lone = Trainer(spec)
        lone.advance(steps)
        for mine, theirs in zip(params, lone.params):
            np.testing.assert_allclose(mine["w"], theirs["w"], rtol=1e-9, atol=1e-12)


def test_which_configurations_share_a_program():
    # One activation for all layers stretches to any depth; per-layer activations keep theirs; activations,
    # optimizers and dropout split; a lopsided sweep is split where padding would waste the arithmetic.
    assert plan_groups([_spec(hidden=h, activation=a) for h in ("2", "4,2") for a in ("relu", "tanh")]) == \
        [[0, 2], [1, 3]]
    assert plan_groups([_spec(hidden="4,3", activation="relu,tanh"), _spec(hidden="2"),
                        _spec(hidden="3,2", activation="relu,tanh"), _spec(hidden="none")]) == [[0, 2], [1, 3]]
    assert plan_groups([_spec(optimizer="adam"), _spec(optimizer="sgd"), _spec(optimizer="adam", lr="0.1")]) == \
        [[0, 2], [1]]
    small = [_spec(hidden="2", seed=str(s)) for s in range(10)]
    assert plan_groups(small + [_spec(hidden="256,256")]) == [list(range(10)), [10]]
    assert plan_groups(small + [_spec(hidden="8,8")]) == [list(range(11))]


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
