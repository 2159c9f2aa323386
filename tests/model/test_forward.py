"""The one forward pass against a loop written out by hand: every tap, residual layers, dropout masks, the sweep's
identity layers, offsets, and the in-place, transposed form the depth view runs."""

import numpy as np
import pytest

from nnwatch.model.forward import TAPS, forward_taps, layer_forward
from nnwatch.model.mlp import Architecture, forward, init_params, predict

RNG = np.random.default_rng(7)


def arch_of(sizes, activations, output="sigmoid", residual=False, use_bias=True):
    return Architecture(features=tuple(f"x{i + 1}" for i in range(sizes[0])), n_raw_inputs=sizes[0],
                        sizes=tuple(sizes), activations=tuple(activations), output=output, dtype="float64",
                        residual=residual, use_bias=use_bias)


def by_hand(params, x, activations, output, residual_layers, masks=None, identity=None, offsets=None,
            use_bias=True):
    """The network written out: [(product, pre, branch, post)] per layer."""
    functions = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
                 "linear": lambda z: z,
                 "softmax": lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)}
    names = list(activations) + [output]
    out, h = [], x
    for i, layer in enumerate(params):
        product = h @ layer["w"]
        pre = product + layer["b"] if use_bias else product.copy()
        if offsets is not None:
            pre = pre + offsets[i]
        branch = functions[names[i]](pre)
        if i < len(params) - 1:
            if identity is not None and identity[i]:
                branch = pre
            if masks is not None:
                branch = branch * masks[i]
        post = h + branch if i in residual_layers else branch
        out.append((product, pre, branch, post))
        h = post
    return out


def random_params(arch):
    shapes = zip(arch.sizes[:-1], arch.sizes[1:])
    return [{"w": RNG.normal(0, 0.6, (a, b)), "b": RNG.normal(0, 0.3, b)} for a, b in shapes]


def assert_layers_close(got, want):
    assert len(got) == len(want)
    for layer_got, layer_want in zip(got, want):
        for a, b in zip(layer_got, layer_want):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_every_tap_of_a_residual_network_with_dropout_matches_the_loop():
    arch = arch_of((2, 4, 4, 4, 1), ["tanh", "relu", "sigmoid"], residual=True)
    params, x = random_params(arch), RNG.normal(size=(9, 2))
    masks = [(RNG.random((9, 4)) < 0.7) / 0.7 for _ in range(3)]
    got = forward_taps(params, x, arch, taps=TAPS, dropout=masks)
    # Layer 0 widens 2 -> 4 (no residual); layers 1 and 2 keep 4 -> 4 and add their input; the output never does.
    want = by_hand(params, x, arch.activations, "sigmoid", residual_layers={1, 2}, masks=masks)
    assert_layers_close(got, want)
    # Dropout drops parts of the branch only: the stream keeps its input where the mask is 0.
    dropped = masks[1] == 0
    np.testing.assert_array_equal(got[1][3][dropped], got[0][3][dropped])


def test_taps_come_in_the_order_asked_and_forward_is_pre_and_post():
    arch = arch_of((3, 5, 2), ["elu"], output="softmax")
    params, x = random_params(arch), RNG.normal(size=(6, 3))
    full = forward_taps(params, x, arch, taps=TAPS)
    picked = forward_taps(params, x, arch, taps=("post", "product"))
    for whole, two in zip(full, picked):
        np.testing.assert_array_equal(two[0], whole[3])
        np.testing.assert_array_equal(two[1], whole[0])
    for (pre, post), whole in zip(forward(params, x, arch), full):
        np.testing.assert_array_equal(pre, whole[1])
        np.testing.assert_array_equal(post, whole[3])
    np.testing.assert_array_equal(predict(params, x, arch), full[-1][3])
    np.testing.assert_allclose(full[-1][3].sum(axis=1), 1.0)


def test_identity_layers_pass_the_stream_through_unchanged():
    """The sweep pads a shallower network with identity layers (weights I, biases 0, no activation): the
    padded network's output is exactly the shallow one's."""
    shallow = arch_of((2, 3, 1), ["sigmoid"])
    padded = arch_of((2, 3, 3, 3, 1), ["sigmoid"] * 3)
    params = init_params(shallow, "xavier", seed=4)
    eye = {"w": np.eye(3), "b": np.zeros(3)}
    padded_params = [params[0], eye, eye, params[1]]
    x = RNG.normal(size=(8, 2))
    identity = [False, True, True]
    got = forward_taps(padded_params, x, padded, taps=TAPS, identity=identity)
    assert_layers_close(got, by_hand(padded_params, x, padded.activations, "sigmoid", set(), identity=identity))
    np.testing.assert_array_equal(got[-1][3], forward_taps(params, x, shallow, taps=("post",))[-1][0])
    np.testing.assert_array_equal(got[2][3], got[0][3])  # sigmoid(h) would not be h


def test_offsets_add_to_the_pre_activation_and_a_network_without_bias_ignores_b():
    arch = arch_of((2, 3, 1), ["tanh"], output="tanh", use_bias=False)
    params, x = random_params(arch), RNG.normal(size=(5, 2))
    offsets = [RNG.normal(size=(5, 3)), RNG.normal(size=(5, 1))]
    got = forward_taps(params, x, arch, taps=TAPS, offsets=offsets)
    assert_layers_close(got, by_hand(params, x, arch.activations, "tanh", set(), offsets=offsets, use_bias=False))


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear", "gaussian"])
def test_in_place_transposed_layers_match_the_plain_pass(activation):
    """The depth view's form: states kept (width, points), W·h by its own product, written in place."""
    arch = arch_of((2, 4, 4, 1), [activation, activation], residual=True)
    params, x = random_params(arch), RNG.normal(size=(10, 2))
    want = forward_taps(params, x, arch, taps=("post",))
    state = np.ascontiguousarray(x.T)
    for k in range(2):
        spare = np.empty((4, 10))
        layer = {"w": params[k]["w"].T.copy(), "b": params[k]["b"][:, None]}
        taps = layer_forward(layer, state, arch, k, np, matmul=lambda h, w: np.matmul(w, h, out=spare),
                             in_place=True)
        assert (taps.post is state) == arch.is_residual(k)  # a residual layer adds into the state itself
        state = taps.post
        np.testing.assert_allclose(state.T, want[k][0], rtol=1e-12, atol=1e-12)
