import numpy as np
import pytest

from nnwatch.errors import SpecError
from nnwatch.model.activations import HIDDEN_ACTIVATIONS, activation, output_for_task

Z = np.linspace(-5, 5, 101)

EXPECTED = {
    "relu": np.maximum(Z, 0),
    "tanh": np.tanh(Z),
    "sigmoid": 1 / (1 + np.exp(-Z)),
    "linear": Z,
    "leaky_relu": np.where(Z >= 0, Z, 0.01 * Z),
    "elu": np.where(Z > 0, Z, np.exp(Z) - 1),
    "softplus": np.log1p(np.exp(Z)),
    "sine": np.sin(Z),
    "gaussian": np.exp(-Z ** 2),
}


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_activation_matches_its_formula(name):
    np.testing.assert_allclose(activation(name)(Z, np), EXPECTED[name], rtol=1e-12, atol=1e-12)


def test_every_hidden_activation_is_tested():
    assert set(HIDDEN_ACTIVATIONS) == set(EXPECTED)


def test_extreme_inputs_stay_finite():
    big = np.array([-1e4, 1e4])
    for name in ("sigmoid", "elu", "softplus", "gaussian", "tanh"):
        assert np.all(np.isfinite(activation(name)(big, np))), name


def test_softmax_rows_sum_to_one():
    z = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]])
    p = activation("softmax")(z, np)
    np.testing.assert_allclose(p.sum(axis=1), 1)
    np.testing.assert_allclose(p[1], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())


def test_unknown_activation_suggests_nearest():
    with pytest.raises(SpecError, match="did you mean 'tanh'"):
        activation("tahn")


def test_output_follows_task():
    assert output_for_task("classification", 2) == "tanh"
    assert output_for_task("classification", 4) == "softmax"
    assert output_for_task("regression", 0) == "linear"
