"""Standardized inputs: the network's own shift and scale, fitted on the training split, applied everywhere."""

import warnings

import numpy as np
import pytest

from nnwatch.model.mlp import Architecture, network_inputs, predict, standardization


def arch_for(shift=(), scale=(), features=("x1", "x2")):
    return Architecture(features=features, n_raw_inputs=2, sizes=(len(features), 3, 1), activations=("tanh",),
                        output="tanh", input_shift=shift, input_scale=scale)


def test_standardization_is_the_training_columns_mean_and_deviation():
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.normal(1000, 300, 400), rng.normal(-2, 0.01, 400)])
    shift, scale = standardization(x)
    assert np.allclose(shift, x.mean(axis=0)) and np.allclose(scale, x.std(axis=0))
    seen = network_inputs(arch_for(shift, scale), x)
    assert np.allclose(seen.mean(axis=0), 0, atol=1e-9) and np.allclose(seen.std(axis=0), 1, atol=1e-9)


def test_a_constant_column_keeps_scale_one_instead_of_dividing_by_zero():
    x = np.column_stack([np.full(50, 7.0), np.arange(50.0)])
    shift, scale = standardization(x)
    assert shift[0] == 7.0 and scale[0] == 1.0
    assert np.all(network_inputs(arch_for(shift, scale), x)[:, 0] == 0.0)


def test_features_are_computed_from_the_standardized_columns():
    x = np.array([[10.0, 4.0], [14.0, 8.0]])
    arch = arch_for((12.0, 6.0), (2.0, 2.0), features=("x1", "x1x2", "sinx2"))
    seen = network_inputs(arch, x)
    z = np.array([[-1.0, -1.0], [1.0, 1.0]])
    assert np.allclose(seen, np.column_stack([z[:, 0], z[:, 0] * z[:, 1], np.sin(z[:, 1])]))


def test_an_unstandardized_network_sees_its_raw_inputs_and_keeps_the_dtype():
    x = np.array([[1.5, -2.0]], dtype=np.float32)
    seen = network_inputs(arch_for(), x, np.float32)
    assert seen.dtype == np.float32 and np.array_equal(seen, x)


def test_overflowing_features_come_back_as_inf_without_a_warning():
    arch = Architecture(features=("exp(exp(exp(x1*9)))",), n_raw_inputs=2, sizes=(1, 1), activations=(),
                        output="tanh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        seen = network_inputs(arch, np.array([[1.0, 0.0]]), np.float32)
    assert np.isinf(seen).all()


@pytest.mark.parametrize("standardized", [True, False])
def test_predict_of_a_standardized_network_equals_the_plain_network_on_standardized_data(standardized):
    rng = np.random.default_rng(1)
    x = rng.normal(50, 20, (30, 2))
    shift, scale = standardization(x) if standardized else ((), ())
    arch = arch_for(shift, scale)
    params = [{"w": rng.normal(size=(2, 3)), "b": rng.normal(size=3)},
              {"w": rng.normal(size=(3, 1)), "b": rng.normal(size=1)}]
    z = (x - np.asarray(shift)) / np.asarray(scale) if standardized else x
    assert np.allclose(predict(params, network_inputs(arch, x), arch), predict(params, z, arch_for()))
