"""The compiled engine: gradients against finite differences, traced hyperparameters, divergence."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from nnwatch.model.mlp import Architecture, init_params
from nnwatch.training.engine import EngineConfig, batch_loss, advance, batch_capacity
from nnwatch.training.losses import targets_for
from nnwatch.training.trainer import Trainer
from nnwatch.spec import Spec


def config(output, loss, regularization="l2", sizes=(2, 3, 1)):
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=sizes, activations=("tanh",),
                        output=output, dtype="float64")
    return EngineConfig(arch=arch, loss=loss, reduction="mean", optimizer="sgd", momentum=0.0,
                        regularization=regularization, dropout=0.0, shuffle=False, capacity=8)


CASES = [("tanh", "half_squared", (2, 3, 1)), ("sigmoid", "cross_entropy", (2, 3, 1)),
         ("softmax", "cross_entropy", (2, 3, 3)), ("linear", "mse", (2, 3, 1))]


@pytest.mark.parametrize("output, loss, sizes", CASES)
def test_gradient_matches_finite_differences(output, loss, sizes):
    with jax.enable_x64(True):
        cfg = config(output, loss, sizes=sizes)
        params = jax.tree.map(jnp.asarray, init_params(cfg.arch, "xavier", seed=2))
        rng = np.random.default_rng(0)
        x = jnp.asarray(rng.normal(size=(6, 2)))
        labels = jnp.asarray(rng.integers(0, sizes[-1] if sizes[-1] > 1 else 2, 6))
        target = targets_for(labels, output, sizes[-1], jnp.float64)
        valid = jnp.asarray([1, 1, 1, 1, 1, 0.0])  # a padded slot must not count
        reg = jnp.asarray(0.01)

        def loss_of(p):
            return float(batch_loss(p, cfg, x, target, valid, reg, None))

        grads = jax.grad(batch_loss)(params, cfg, x, target, valid, reg, None)
        eps = 1e-6
        for layer in range(len(params)):
            for key in ("w", "b"):
                flat = np.asarray(params[layer][key]).ravel()
                numeric = np.empty_like(flat)
                for i in range(flat.size):
                    shifted = []
                    for sign in (1, -1):
                        bumped = flat.copy()
                        bumped[i] += sign * eps
                        p = [dict(q) for q in params]
                        p[layer] = dict(p[layer], **{key: jnp.asarray(bumped.reshape(params[layer][key].shape))})
                        shifted.append(loss_of(p))
                    numeric[i] = (shifted[0] - shifted[1]) / (2 * eps)
                np.testing.assert_allclose(np.asarray(grads[layer][key]).ravel(), numeric, rtol=1e-6, atol=1e-9)


def test_padded_slots_do_not_change_the_loss():
    with jax.enable_x64(True):
        cfg = config("tanh", "half_squared", regularization="none")
        params = jax.tree.map(jnp.asarray, init_params(cfg.arch, "xavier", seed=2))
        x = jnp.asarray(np.random.default_rng(1).normal(size=(4, 2)))
        target = jnp.asarray([[1.0], [-1.0], [1.0], [-1.0]])
        full = batch_loss(params, cfg, x[:3], target[:3], jnp.ones(3), 0.0, None)
        padded = batch_loss(params, cfg, x, target, jnp.asarray([1.0, 1, 1, 0]), 0.0, None)
        assert float(full) == pytest.approx(float(padded), rel=1e-12)


def test_batch_capacity_is_a_power_of_two():
    assert [batch_capacity(b) for b in (1, 2, 3, 10, 16, 17, 30)] == [1, 2, 4, 16, 16, 32, 32]


def test_changing_rates_and_batch_never_recompiles():
    trainer = Trainer(Spec().with_flat(dataset="circle", hidden="4,2", epochs="1"))
    trainer.advance(10)
    compiled = advance._cache_size()
    for lr, reg, batch in ((0.1, 0.0, 10), (0.003, 0.01, 12), (1.0, 0.3, 9)):
        trainer.learning_rate, trainer.regularization_rate = lr, reg
        trainer.set_batch_size(batch)
        trainer.advance(7)
    assert advance._cache_size() == compiled
    trainer.set_batch_size(30)  # outgrows the capacity of 16: compiles once for 32
    trainer.advance(3)
    assert advance._cache_size() == compiled + 1


def test_divergence_is_a_state_not_a_crash():
    spec = Spec().with_flat(dataset="reg_plane", hidden="8,8", activation="relu", lr="100", init="he")
    trainer = Trainer(spec)
    before = trainer.params
    for _ in range(50):
        if not trainer.advance(25):
            break
    assert trainer.status == "diverged"
    after = trainer.params
    assert all(np.all(np.isfinite(layer["w"])) for layer in after)
    assert trainer.advance(5) is False  # stays diverged
    assert not all(np.array_equal(a["w"], b["w"]) for a, b in zip(before, after)) or trainer.step == 0


def test_l1_kills_weights_that_cross_zero_as_the_playground_does():
    # Strong L1 drives weights to zero; with the Playground's rule they land on exactly 0 and stay there.
    spec = Spec().with_flat(dataset="circle", hidden="8", regularization="l1", reg_rate="0.3", lr="0.1")
    trainer = Trainer(spec)
    trainer.advance(400)
    dead = trainer.dead_links
    weights = trainer.params
    assert sum(int(d.sum()) for d in dead) > 5
    for layer, mask in zip(weights, dead):
        assert np.all(layer["w"][mask] == 0.0)
    trainer.advance(200)
    for before, after in zip(dead, trainer.dead_links):
        assert np.all(after[before])  # dead for good
    for layer, mask in zip(trainer.params, trainer.dead_links):
        assert np.all(layer["w"][mask] == 0.0)


def test_without_l1_nothing_dies():
    trainer = Trainer(Spec().with_flat(dataset="circle", hidden="4", regularization="l2", reg_rate="0.3"))
    trainer.advance(200)
    assert not any(d.any() for d in trainer.dead_links)


def test_shuffling_works_in_float64():
    trainer = Trainer(Spec().with_flat(dataset="circle", hidden="3", shuffle="true", dtype="float64"))
    assert trainer.advance(60) and trainer.step == 60


def _one_full_batch_step(weights, **flat):
    init = json.dumps([{"w": w.tolist(), "b": [0.0] * w.shape[1]} for w in weights])
    spec = Spec().with_flat(dataset="circle", hidden="4", activation="tanh", batch="full", dtype="float64",
                            init="explicit", init_weights=init, **flat)
    trainer = Trainer(spec)
    trainer.advance(1)
    return [layer["w"] for layer in trainer.params], trainer.dead_links


def test_l1_step_follows_the_gradient_step_and_kills_only_what_it_carries_across_zero():
    # The Playground's updateWeights: w1 = w - lr*grad, then w2 = w1 - lr*rate*sign(w); dead (and 0) iff w1*w2 < 0.
    rng = np.random.default_rng(3)
    weights = [rng.uniform(-0.05, 0.05, (2, 4)), rng.uniform(-0.05, 0.05, (4, 1))]
    lr, rate = 1.0, 0.02
    stepped, _ = _one_full_batch_step(weights, lr=str(lr))  # the gradient step alone, no regularization
    got, dead = _one_full_batch_step(weights, lr=str(lr), regularization="l1", reg_rate=str(rate))
    crossed_by_gradient = 0
    for w, w1, w_got, d in zip(weights, stepped, got, dead):
        w2 = w1 - lr * rate * np.sign(w)
        killed = w1 * w2 < 0
        assert np.array_equal(d, killed)
        assert np.allclose(w_got, np.where(killed, 0.0, w2), rtol=0, atol=1e-12)
        crossed_by_gradient += int(np.sum((w * w1 < 0) & ~killed))
    assert crossed_by_gradient > 0 and sum(int(d.sum()) for d in dead) > 0  # both cases occur in this step


def test_l1_on_the_circle_reaches_a_low_test_loss_from_most_seeds():
    # SEEDS.md section 6: circle, one layer of 4 ReLU, lr 0.03, L1 0.001, batch 1, 300 epochs.
    losses = []
    for seed in range(6):
        spec = Spec().with_flat(dataset="circle", hidden="4", activation="relu", lr="0.03", regularization="l1",
                                reg_rate="0.001", batch="1", epochs="300", seed=str(seed))
        trainer = Trainer(spec)
        trainer.advance(300 * trainer.steps_per_epoch)
        losses.append(trainer.metrics()["test_loss"])
    assert sum(loss <= 0.05 for loss in losses) >= 5, losses


def deep_config(sizes=(2, 3, 3, 3), residual=True, output="softmax", loss="cross_entropy", activations=None):
    activations = activations or ("tanh",) * (len(sizes) - 2)
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=sizes, activations=activations,
                        output=output, dtype="float64", residual=residual)
    return EngineConfig(arch=arch, loss=loss, reduction="mean", optimizer="sgd", momentum=0.0,
                        regularization="none", dropout=0.0, shuffle=False, capacity=8, deep_supervision=True)


# One activation runs the hidden-to-hidden layers in a scan; mixed ones unrolled: both must give the same loss.
@pytest.mark.parametrize("activations", [("tanh", "tanh", "tanh"), ("tanh", "relu", "tanh")])
def test_deep_supervised_loss_is_the_mean_of_the_head_loss_at_every_depth(activations):
    with jax.enable_x64(True):
        cfg = deep_config(sizes=(2, 3, 3, 3, 3), activations=activations)
        params = init_params(cfg.arch, "xavier", seed=3)
        rng = np.random.default_rng(1)
        x = rng.normal(size=(5, 2))
        labels = np.array([0, 2, 1, 1, 0])
        valid = np.array([1, 1, 1, 1, 0.0])  # the padded fifth example must not count
        got = float(batch_loss(jax.tree.map(jnp.asarray, params), cfg, jnp.asarray(x),
                                targets_for(jnp.asarray(labels), "softmax", 3, jnp.float64),
                                jnp.asarray(valid), 0.0, None))

        # NumPy, from the definition: hidden layer 1 maps 2 -> 3, layers 2 and 3 add their steps to the stream.
        w = [np.asarray(p["w"]) for p in params]
        b = [np.asarray(p["b"]) for p in params]
        f = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}
        states = [f[activations[0]](x @ w[0] + b[0])]
        for i in (1, 2):
            states.append(states[-1] + f[activations[i]](states[-1] @ w[i] + b[i]))

        def head_loss(h):
            z = h @ w[3] + b[3]
            logp = z - z.max(axis=1, keepdims=True)
            logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
            return -logp[np.arange(len(labels)), labels]

        per_depth = [np.sum(head_loss(h) * valid) / valid.sum() for h in states]
        assert got == pytest.approx(np.mean(per_depth), rel=1e-10)
        assert not np.isclose(per_depth[0], per_depth[1])  # the mean differs from the plain output loss

        def loss_of(p):
            return batch_loss(p, cfg, jnp.asarray(x), targets_for(jnp.asarray(labels), "softmax", 3, jnp.float64),
                               jnp.asarray(valid), 0.0, None)

        p0 = jax.tree.map(jnp.asarray, params)
        grad = jax.grad(loss_of)(p0)
        eps = 1e-6
        for layer in range(4):
            bumped = [dict(q) for q in p0]
            bumped[layer]["w"] = p0[layer]["w"].at[0, 0].add(eps)
            lowered = [dict(q) for q in p0]
            lowered[layer]["w"] = p0[layer]["w"].at[0, 0].add(-eps)
            numeric = (float(loss_of(bumped)) - float(loss_of(lowered))) / (2 * eps)
            assert float(grad[layer]["w"][0, 0]) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_deep_supervision_trains_and_reports_the_networks_own_loss():
    base = {"data": {"name": "gaussians", "classes": 4, "points": 80},
            "network": {"hidden": [4] * 3, "activation": "tanh", "output": "softmax", "residual": True},
            "training": {"loss": "cross_entropy", "optimizer": "adam", "learning_rate": 0.01, "epochs": 2,
                         "deep_supervision": True}, "seed": 0}
    trainer = Trainer(Spec.from_dict(base))
    trainer.advance(5)
    # The reported loss is the network's own output's, not the deep-supervised mean: computed here in NumPy.
    from nnwatch.model.mlp import predict

    x, _, y = trainer._train
    params = jax.tree.map(np.asarray, trainer._state.params)
    p = predict(params, np.asarray(x, dtype=np.float64), trainer.arch)
    own = float(np.mean(-np.log(p[np.arange(len(y)), np.asarray(y)])))
    assert trainer.metrics()["train_loss"] == pytest.approx(own, rel=1e-4)


@pytest.mark.parametrize("network, message", [
    ({"hidden": [4, 4], "activation": "tanh", "residual": False}, "needs a residual network"),
    ({"hidden": [4, 6, 6], "activation": "tanh", "residual": True}, "hidden layer 1 has 4"),
])
def test_deep_supervision_is_refused_where_the_head_cannot_read_every_depth(network, message):
    from nnwatch.errors import NNWatchError

    spec = Spec.from_dict({"data": {"name": "gaussians", "classes": 4, "points": 40}, "network": network,
                           "training": {"deep_supervision": True}})
    with pytest.raises(NNWatchError, match=message) as caught:
        Trainer(spec)
    assert "\n" not in str(caught.value)


def test_deep_supervision_is_refused_in_sweeps():
    from nnwatch.errors import NNWatchError
    from nnwatch.training.sweep_plan import check_sweep

    specs = [Spec.from_dict({"training": {"deep_supervision": flag}}) for flag in (False, True)]
    with pytest.raises(NNWatchError, match="not supported in sweeps yet .configuration 1"):
        check_sweep(specs)


def test_deep_supervision_is_a_flat_key():
    spec = Spec.from_query("deep_supervision=true&hidden=8x3&residual=true")
    assert spec.training.deep_supervision is True
    assert "deep_supervision=true" in spec.to_query()
