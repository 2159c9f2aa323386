import numpy as np
import pytest

from nnwatch import probes
from nnwatch.errors import LimitError, NNWatchError
from nnwatch.model.mlp import predict
from nnwatch.drivers import train
from nnwatch.spec import Spec


@pytest.fixture(scope="module")
def run():
    return train(Spec().with_flat(dataset="xor", hidden="4,3", activation="relu,tanh", epochs="3", snapshots="3",
                                  features="x1,x2,x1x2"))


def test_grid_covers_the_domain_row_major():
    g = probes.grid(((-6, 6), (-2, 2)), density=5)
    assert g.points.shape == (25, 2)
    np.testing.assert_array_equal(g.points[:5, 0], np.linspace(-6, 6, 5))
    assert np.all(g.points[:5, 1] == -2) and np.all(g.points[-5:, 1] == 2)


def test_neuron_maps_match_the_network(run):
    snap = run.final
    maps = probes.neuron_maps(snap, density=30)
    assert [m.shape for m in maps] == [(30, 30, 3), (30, 30, 4), (30, 30, 3), (30, 30, 1)]
    g = probes.grid(density=30)
    feats = np.column_stack([g.points[:, 0], g.points[:, 1], g.points[:, 0] * g.points[:, 1]])
    np.testing.assert_allclose(maps[0].reshape(-1, 3), feats, rtol=1e-6)
    expected = predict(snap.params, feats.astype(np.float32), snap.arch)
    np.testing.assert_allclose(probes.output_map(snap, density=30).ravel(), expected, rtol=1e-5, atol=1e-6)
    assert np.all(maps[1] >= 0)  # the first hidden layer is ReLU


def test_layer_outputs_and_activations_agree(run):
    x = run.dataset.x_test[:7]
    outs = probes.layer_outputs(run.final, x)
    acts = probes.layer_activations(run.final, x)
    assert len(outs) == len(acts) + 1
    for out, (_, post) in zip(outs[1:], acts):
        np.testing.assert_allclose(out, post, rtol=1e-6)
    np.testing.assert_allclose(acts[0][1], np.maximum(acts[0][0], 0))


def test_stages_are_the_layer_maths(run):
    snap = run.final
    x = run.dataset.x_train[:20]
    feats = probes.features_of(snap, x).astype(np.float64)
    st = probes.stages(snap, x)
    w0, b0 = snap.params[0]["w"].astype(np.float64), snap.params[0]["b"].astype(np.float64)
    np.testing.assert_array_equal(st[0].linear, feats @ w0)
    np.testing.assert_array_equal(st[0].shifted, feats @ w0 + b0)
    assert np.all(st[0].activated >= 0)  # ReLU folds onto the first orthant
    assert np.all(np.abs(st[1].activated) <= 1)  # tanh
    np.testing.assert_allclose(st[-1].activated[:, 0], predict(snap.params, feats.astype(np.float32), snap.arch),
                               rtol=1e-5, atol=1e-6)


def test_limits_and_bad_inputs(run):
    with pytest.raises(LimitError, match="grid density is 5000; the limit is 1000"):
        probes.neuron_maps(run.final, density=5000)
    with pytest.raises(NNWatchError, match="rows of 2"):
        probes.layer_outputs(run.final, np.zeros((3, 5)))


def test_maps_need_2d_inputs():
    table = train(Spec().with_flat(dataset="xor3", hidden="4", epochs="2", snapshots="2"))
    with pytest.raises(NNWatchError, match="need 2-D inputs; this network takes 3"):
        probes.neuron_maps(table.final)


def test_layer_errors_are_the_loss_gradient_wrt_pre_activations(run):
    """Checked against finite differences: nudging one neuron's pre-activation changes the loss by delta*eps."""
    from nnwatch.model.activations import activation

    snap = run.final
    x, y = run.dataset.x_test[:3], run.dataset.y_test[:3]
    errors = probes.layer_errors(snap, x, y)
    assert [e.shape for e in errors] == [(3, 4), (3, 3), (3, 1)]
    feats = probes.features_of(snap, x).astype(np.float64)
    target = (2.0 * y - 1.0)[:, None]

    def loss_with(layer, neuron, eps):
        h = feats
        for i, p in enumerate(snap.params):
            z = h @ p["w"].astype(np.float64) + p["b"]
            if i == layer:
                z[:, neuron] += eps
            h = activation(snap.arch.layer_activation(i))(z, np)
        return 0.5 * np.sum((h - target) ** 2)

    eps = 1e-4
    for layer, neuron in ((0, 1), (1, 2), (2, 0)):
        numeric = (loss_with(layer, neuron, eps) - loss_with(layer, neuron, -eps)) / (2 * eps)
        # Nudging neuron i of every example at once: the sum of the per-example signals.
        assert errors[layer][:, neuron].sum() == pytest.approx(numeric, rel=2e-3, abs=1e-5)


def test_stages_and_errors_follow_the_residual_stream():
    """In a residual network each equal-width hidden layer passes on h + f(z): the last stage ends at the
    network's own output, and the error signals are checked against finite differences of that network."""
    from nnwatch.model.activations import activation

    res = train(Spec().with_flat(dataset="xor", hidden="3x3", residual="true", activation="tanh", epochs="2",
                                 snapshots="2", dtype="float64"))
    snap = res.final
    assert [snap.arch.is_residual(i) for i in range(snap.arch.n_layers)] == [False, True, True, False]
    x, y = res.dataset.x_test[:4], res.dataset.y_test[:4]
    st = probes.stages(snap, x)
    np.testing.assert_allclose(st[1].activated, st[0].activated + np.tanh(st[1].shifted), rtol=1e-12)
    np.testing.assert_allclose(st[-1].activated, probes.layer_outputs(snap, x)[-1], rtol=1e-10)
    errors = probes.layer_errors(snap, x, y)
    feats = probes.features_of(snap, x)
    target = (2.0 * y - 1.0)[:, None]

    def loss_with(layer, neuron, eps):
        h = feats
        for i, p in enumerate(snap.params):
            z = h @ p["w"] + p["b"]
            if i == layer:
                z[:, neuron] += eps
            out = activation(snap.arch.layer_activation(i))(z, np)
            h = h + out if snap.arch.is_residual(i) else out
        return 0.5 * np.sum((h - target) ** 2)

    eps = 1e-6
    for layer, neuron in ((0, 0), (1, 2), (2, 1)):
        numeric = (loss_with(layer, neuron, eps) - loss_with(layer, neuron, -eps)) / (2 * eps)
        assert errors[layer][:, neuron].sum() == pytest.approx(numeric, rel=1e-6, abs=1e-9)
