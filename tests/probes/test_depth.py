"""Depth readouts: each layer's map is the network cut at that layer and read by its head (or a fitted probe),
computed layer by layer."""

import numpy as np
import pytest

from nnwatch.data import make_dataset
from nnwatch.errors import LimitError, NNWatchError
from nnwatch.model.features import expand, parse_features
from nnwatch.model.mlp import Architecture, forward, init_params
from nnwatch.probes import grid, output_map
from nnwatch.probes.depth import DepthReadout, choose_readout, fit_probe
from nnwatch.record.snapshot import Snapshot

NAN = float("nan")


def snapshot(sizes, output="softmax", residual=True, seed=0, activation="tanh", inputs=2):
    arch = Architecture(features=tuple(f"x{i + 1}" for i in range(inputs)), n_raw_inputs=inputs, sizes=sizes,
                        activations=(activation,) * (len(sizes) - 2), output=output, residual=residual)
    return Snapshot(step=0, epoch=0.0, params=init_params(arch, "he", seed), train_loss=NAN, test_loss=NAN,
                    train_accuracy=NAN, test_accuracy=NAN, arch=arch)


@pytest.fixture(scope="module")
def data():
    return make_dataset("gaussians", points=200, seed=1)


def readout(snap, data, **kw):
    return DepthReadout(snap, data.x_train, data.y_train, data.x_test, data.y_test, domain=data.domain, **kw)


def cut_and_read(snap, data, layer, density):
    """From scratch: the network run from the input to hidden layer ``layer``, then its output layer."""
    points = grid(data.domain, density).points
    feats = expand(parse_features(list(snap.arch.features), 2), points).astype(np.float32)
    state = forward(snap.params[:layer], feats, snap.arch)[-1][1]
    head = snap.params[-1]
    return state @ head["w"] + head["b"]


def test_each_layer_is_the_network_cut_there_and_read_by_its_head(data):
    snap = snapshot((2, 6, 6, 6, 6, 6, 4))
    depth = readout(snap, data, readout="head", density=40)
    for layer in (1, 3, 5):
        logits = cut_and_read(snap, data, layer, 40)
        read = depth.at(layer)
        assert np.mean(read.winner.ravel() == np.argmax(logits, axis=1)) > 0.999  # float32 sums in another order
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        top = 1 / p.sum(axis=1)
        expected = np.rint(np.clip((top - 0.25) / 0.75, 0, 1) * 255)
        assert np.abs(read.confidence.ravel().astype(int) - expected).max() <= 1
    # The last layer's map is the network's own answer.
    assert np.array_equal(depth.at(5).winner, np.argmax(output_map(snap, data.domain, 40), axis=-1))


def test_layers_are_carried_forward_one_at_a_time(data, monkeypatch):
    snap = snapshot((2, 5, 5, 5, 5, 5, 5, 3))
    depth = readout(snap, data, readout="head", density=20)
    steps = []
    original = DepthReadout._step
    monkeypatch.setattr(DepthReadout, "_step", lambda self, k: (steps.append(k), original(self, k))[1])
    depth.at(3)
    assert steps == [0, 1, 2] and depth.computed == 3
    first = depth.at(2).winner.copy()
    assert steps == [0, 1, 2]                     # an earlier layer is looked up, not recomputed
    assert len(list(depth)) == 6 and steps == [0, 1, 2, 3, 4, 5]
    assert np.array_equal(depth.at(2).winner, first)


def test_accuracies_of_the_last_layer_are_the_networks(data):
    snap = snapshot((2, 6, 6, 6, 4), seed=3)
    depth = readout(snap, data, readout="head", density=10)
    out = forward(snap.params, expand(parse_features(["x1", "x2"], 2), data.x_test).astype(np.float32),
                  snap.arch)[-1][1]
    train, test = depth.accuracies()
    assert train.shape == test.shape == (3,)
    assert test[-1] == pytest.approx(np.mean(np.argmax(out, axis=1) == data.y_test))
    _, test_classes = depth.point_classes(3)
    assert np.array_equal(test_classes, np.argmax(out, axis=1))


def test_one_output_unit_reads_its_sign(data):
    circle = make_dataset("circle", points=100, seed=0)
    for unit, sure in (("tanh", np.tanh), ("sigmoid", lambda z: np.tanh(z / 2))):
        snap = snapshot((2, 4, 4, 4, 1), output=unit)
        read = readout(snap, circle, readout="head", density=30).at(3)
        z = cut_and_read(snap, circle, 3, 30)[:, 0]
        assert np.mean(read.winner.ravel() == (z >= 0)) > 0.999
        assert np.abs(read.confidence.ravel().astype(int) - np.rint(np.abs(sure(z)) * 255)).max() <= 1


def test_the_probe_is_the_logistic_regression_optimum():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 400)
    states = (rng.normal(size=(5, 400)) + labels * np.array([[1.0], [-0.5], [0.2], [0.0], [0.7]])) * 3 + 2
    weights, bias, theta = fit_probe(states, labels, 3, ridge=1e-6, steps=50, tol=1e-12)
    oracle = LogisticRegression(C=1e6, max_iter=5000, tol=1e-10).fit(states.T, labels)
    ours = weights @ states + bias[:, None]
    theirs = oracle.decision_function(states.T).T
    # Softmax logits are defined up to a constant per point: compare them centred.
    np.testing.assert_allclose(ours - ours.mean(axis=0), theirs - theirs.mean(axis=0), atol=2e-2)
    again = fit_probe(states, labels, 3, warm=theta + 0.3, ridge=1e-6, steps=50, tol=1e-12)
    np.testing.assert_allclose(again[0], weights, atol=1e-4)   # a warm start reaches the same optimum


def test_the_probe_reads_every_layer(data):
    snap = snapshot((2, 6, 6, 6, 4), residual=False)
    assert choose_readout(snap.arch) == "probe"      # not residual: the head cannot read early states
    depth = readout(snap, data, density=20)
    train, _ = depth.accuracies()
    assert depth.readout == "probe" and np.all(train > 0.4)  # four groups, chance is 0.25


@pytest.mark.parametrize("sizes, output, inputs, kw, message", [
    ((2, 8, 4), "softmax", 2, {}, "at least 2 hidden layers; this one has 1"),
    ((2, 4, 4, 1), "linear", 2, {}, "classification network"),
    ((3, 4, 4, 2), "softmax", 3, {}, "needs 2-D inputs"),
    ((2, 8, 4, 4), "softmax", 2, {"readout": "head"}, "hidden layer 1 has 8: use the linear probe"),
    ((2, 4, 4, 4), "softmax", 2, {"readout": "haed"}, "did you mean 'head'"),
])
def test_what_cannot_be_read_out_says_why(data, sizes, output, inputs, kw, message):
    with pytest.raises(NNWatchError, match=message) as err:
        DepthReadout(snapshot(sizes, output=output, inputs=inputs), np.zeros((1, inputs)), np.zeros(1), **kw)
    assert "\n" not in str(err.value)


def test_limits_and_layer_range(data):
    snap = snapshot((2, 4, 4, 4))
    with pytest.raises(LimitError, match="depth readout grid density is 401; the limit is 400"):
        readout(snap, data, density=401)
    with pytest.raises(NNWatchError, match="outside this network's hidden layers 1..2"):
        readout(snap, data, density=10).at(3)
