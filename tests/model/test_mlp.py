import numpy as np
import pytest

from nnwatch.errors import SpecError
from nnwatch.model.forward import layer_forward
from nnwatch.model.mlp import Architecture, forward, init_params, predict


def arch(sizes=(2, 3, 1), acts=("tanh",), output="tanh", bias=True, dtype="float32"):
    return Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=sizes, activations=acts, output=output,
                        use_bias=bias, dtype=dtype)


def test_relu_forward_example_gives_exactly_32():
    # SEEDS.md §5: node_0 = [2, 4], node_1 = [4, -5], output = [2, 7], inputs a=2, b=3.
    a = arch(acts=("relu",), output="linear", bias=False, dtype="float64", sizes=(2, 2, 1))
    params = [{"w": np.array([[2.0, 4.0], [4.0, -5.0]]), "b": np.zeros(2)},
              {"w": np.array([[2.0], [7.0]]), "b": np.zeros(1)}]
    layers = forward(params, np.array([[2.0, 3.0]]), a)
    np.testing.assert_array_equal(layers[0][0], [[16.0, -7.0]])
    np.testing.assert_array_equal(layers[0][1], [[16.0, 0.0]])
    assert predict(params, np.array([[2.0, 3.0]]), a)[0] == 32.0


def test_playground_init_ranges_and_biases():
    params = init_params(arch(sizes=(2, 50, 40, 1), acts=("tanh", "tanh")), "playground", seed=3)
    for layer in params:
        assert layer["w"].dtype == np.float32
        assert np.all(np.abs(layer["w"]) <= 0.5)
        assert np.all(layer["b"] == np.float32(0.1))
    w = params[1]["w"]
    assert abs(w.mean()) < 0.05 and abs(w.std() - 1 / np.sqrt(12)) < 0.02  # U(-0.5, 0.5) has std 0.2887


def test_xavier_he_zeros_and_seed():
    a = arch(sizes=(2, 200, 300, 1), acts=("relu", "relu"))
    xavier = init_params(a, "xavier", seed=0)
    assert np.abs(xavier[1]["w"]).max() <= np.sqrt(6 / 500) + 1e-6
    he = init_params(a, "he", seed=0)
    assert abs(he[1]["w"].std() - np.sqrt(2 / 200)) < 0.005
    assert all(np.all(layer["w"] == 0) for layer in init_params(a, "zeros", seed=0))
    again = init_params(a, "he", seed=0)
    assert all(np.array_equal(p["w"], q["w"]) for p, q in zip(he, again))


def test_no_bias_networks_keep_zero_biases_and_ignore_them():
    a = arch(bias=False)
    params = init_params(a, "playground", seed=1)
    assert all(np.all(layer["b"] == 0) for layer in params)
    params[0]["b"] = np.full(3, 100.0, dtype=np.float32)  # ignored by forward when biases are off
    x = np.array([[0.3, -0.2]], dtype=np.float32)
    expected = np.tanh(np.tanh(x @ params[0]["w"]) @ params[1]["w"])[:, 0]
    np.testing.assert_allclose(predict(params, x, a), expected, rtol=1e-6)


def test_explicit_init_checks_shapes():
    a = arch()
    good = [{"w": np.ones((2, 3)).tolist(), "b": [0, 0, 0]}, {"w": [[1], [2], [3]]}]
    params = init_params(a, "explicit", seed=0, explicit=good)
    np.testing.assert_array_equal(params[1]["w"][:, 0], [1, 2, 3])
    with pytest.raises(SpecError, match=r"layer 1 w has shape \(2, 1\)"):
        init_params(a, "explicit", seed=0, explicit=[good[0], {"w": [[1], [2]]}])
    with pytest.raises(SpecError, match="got 1, the network has 2"):
        init_params(a, "explicit", seed=0, explicit=good[:1])


def test_forward_returns_every_layer():
    a = arch(sizes=(2, 4, 3, 5), acts=("relu", "sigmoid"), output="softmax")
    params = init_params(a, "xavier", seed=0)
    layers = forward(params, np.random.default_rng(0).normal(size=(7, 2)).astype(np.float32), a)
    assert [z.shape for z, _ in layers] == [(7, 4), (7, 3), (7, 5)]
    assert np.all(layers[0][1] >= 0)
    assert np.all((layers[1][1] > 0) & (layers[1][1] < 1))
    np.testing.assert_allclose(layers[2][1].sum(axis=1), 1, rtol=1e-5)


def test_residual_layers_add_their_input_where_widths_are_equal():
    a = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=(2, 3, 3, 3, 2), activations=("tanh",) * 3,
                     output="softmax", dtype="float64", residual=True)
    assert [a.is_residual(i) for i in range(a.n_layers)] == [False, True, True, False]  # 2->3 and the output: no
    params = init_params(a, "xavier", seed=4)
    x = np.random.default_rng(1).normal(size=(5, 2))
    h = np.tanh(x @ params[0]["w"] + params[0]["b"])
    for layer in params[1:3]:
        h = h + np.tanh(h @ layer["w"] + layer["b"])
    layers = forward(params, x, a)
    np.testing.assert_allclose(layers[2][1], h, rtol=1e-12)
    np.testing.assert_allclose(layers[3][0], h @ params[3]["w"] + params[3]["b"], rtol=1e-12)


def test_a_residual_step_scales_what_each_residual_layer_adds():
    a = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=(2, 3, 3, 3, 2), activations=("tanh",) * 3,
                     output="softmax", dtype="float64", residual=True, residual_step=0.25)
    params = init_params(a, "xavier", seed=4)
    x = np.random.default_rng(1).normal(size=(5, 2))
    h = np.tanh(x @ params[0]["w"] + params[0]["b"])   # 2 -> 3 changes width: not residual, not scaled
    for layer in params[1:3]:
        h = h + 0.25 * np.tanh(h @ layer["w"] + layer["b"])
    layers = forward(params, x, a)
    np.testing.assert_allclose(layers[2][1], h, rtol=1e-12)
    stream = np.tanh(x @ params[0]["w"] + params[0]["b"])
    for i in (1, 2):  # the in-place form the depth probe's hot loop uses
        stream = layer_forward(params[i], stream, a, i, np, in_place=True).post
    np.testing.assert_allclose(stream, h, rtol=1e-12)


def test_residual_branches_start_scaled_by_one_over_sqrt_of_their_count():
    plain = arch(sizes=(2, 8, 8, 8, 8, 1), acts=("tanh",) * 4)
    deep = Architecture(**{**plain.__dict__, "residual": True})
    for kind in ("he", "playground"):
        a, b = init_params(plain, kind, seed=2), init_params(deep, kind, seed=2)
        np.testing.assert_array_equal(a[0]["w"], b[0]["w"])    # 2 -> 8 changes width: an ordinary layer
        np.testing.assert_array_equal(a[-1]["w"], b[-1]["w"])  # the output layer is never residual
        for k in (1, 2, 3):                                    # three residual layers: 1/sqrt(3)
            np.testing.assert_allclose(b[k]["w"], a[k]["w"] / np.sqrt(3), rtol=1e-6)
            np.testing.assert_allclose(b[k]["b"], a[k]["b"] / np.sqrt(3), rtol=1e-6)
