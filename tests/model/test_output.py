"""Output units: targets, predicted class, thresholds and default loss for each unit, and the losses in NumPy
agreeing with the engine's (jax.numpy, optax's cross-entropies)."""

import numpy as np
import pytest

from nnwatch.model.activations import OUTPUT_ACTIVATIONS, activation
from nnwatch.model.loss import LOSSES, accuracy, per_example_loss
from nnwatch.model.output import OUTPUT_UNITS, loss_for, output_for_task, output_unit

LABELS = np.array([0, 1, 1, 0])


@pytest.mark.parametrize("name, targets", [
    ("tanh", [-1, 1, 1, -1]), ("sigmoid", [0, 1, 1, 0]), ("linear", [0, 1, 1, 0])])
def test_one_unit_targets(name, targets):
    got = output_unit(name).targets(LABELS, 1, "float64")
    assert got.shape == (4, 1) and got.dtype == np.float64
    np.testing.assert_array_equal(got[:, 0], targets)


def test_softmax_targets_are_one_hot_and_regression_targets_the_values():
    np.testing.assert_array_equal(output_unit("softmax").targets(np.array([2, 0]), 3, "float32"),
                                  [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(output_unit("linear").targets(np.array([-2.5, 7.0]), 1, "float64")[:, 0],
                                  [-2.5, 7.0])


@pytest.mark.parametrize("name, outputs, classes", [
    ("tanh", [-0.3, -0.0, 0.0, 0.2], [0, 1, 1, 1]),       # decided at 0 (the Playground's -1/+1 labels)
    ("sigmoid", [0.2, 0.49, 0.5, 0.9], [0, 0, 1, 1]),      # at 0.5
    ("linear", [0.2, 0.49, 0.5, -3.0], [0, 0, 1, 0]),      # trained on 0/1: at 0.5, not at 0
])
def test_one_unit_predicted_class_and_threshold(name, outputs, classes):
    unit = output_unit(name)
    np.testing.assert_array_equal(unit.predicted_class(np.array(outputs)[:, None]), classes)
    assert unit.threshold == {"tanh": 0.0, "sigmoid": 0.5, "linear": 0.5}[name]


def test_softmax_predicts_the_largest_output():
    post = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    np.testing.assert_array_equal(output_unit("softmax").predicted_class(post), [1, 0])


@pytest.mark.parametrize("name", ["tanh", "sigmoid"])
def test_a_bounded_unit_decides_where_its_pre_activation_crosses_zero(name):
    unit = output_unit(name)
    z = np.linspace(-3, 3, 61)
    post = activation(name)(z, np)[:, None]
    np.testing.assert_array_equal(unit.predicted_class(post), z >= unit.pre_threshold)
    # Its sureness |2p - 1| from the class-one share p is tanh(s |z|).
    np.testing.assert_allclose(np.abs(2 * unit.class_one_share(post[:, 0]) - 1), np.tanh(unit.steepness * np.abs(z)),
                               atol=1e-12)


def test_default_loss_and_task_choice():
    assert [loss_for("auto", name) for name in OUTPUT_ACTIVATIONS] == \
        ["half_squared", "half_squared", "cross_entropy", "half_squared"]
    assert loss_for("mse", "softmax") == "mse"
    assert (output_for_task("classification", 2), output_for_task("classification", 4),
            output_for_task("regression", 0)) == ("tanh", "softmax", "linear")
    assert tuple(OUTPUT_UNITS) == OUTPUT_ACTIVATIONS
    with pytest.raises(Exception, match="output activation"):
        output_unit("relu")


def test_accuracy_counts_the_units_predicted_class():
    post = np.array([[0.3], [0.6], [0.5], [-1.0]])
    assert accuracy("linear", post, np.array([0, 1, 1, 0])) == 1.0
    assert accuracy("tanh", post, np.array([0, 1, 1, 0])) == 0.75  # 0.3 is class 1 for a tanh unit


@pytest.mark.parametrize("output", OUTPUT_ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSSES)
def test_numpy_losses_equal_the_engines(output, loss):
    """The same function under NumPy and jax.numpy; under JAX its cross-entropies are optax's."""
    import jax
    import jax.numpy as jnp
    import optax

    rng = np.random.default_rng(1)
    k = 3 if output == "softmax" else 1
    pre = rng.normal(0, 2, (16, k))
    post = activation(output)(pre, np)
    unit = output_unit(output)
    target = unit.targets(rng.integers(0, k if k > 1 else 2, 16), k, "float64")
    with jax.enable_x64(True):
        by_jax = np.asarray(per_example_loss(loss, output, jnp.asarray(pre), jnp.asarray(post), jnp.asarray(target),
                                             jnp))
        if loss == "cross_entropy":
            optax_loss = (optax.softmax_cross_entropy(pre, target) if output == "softmax" else
                          optax.sigmoid_binary_cross_entropy(2.0 * pre, (target + 1) / 2)[:, 0] if output == "tanh"
                          else optax.sigmoid_binary_cross_entropy(pre, target)[:, 0])
            np.testing.assert_array_equal(by_jax, np.asarray(optax_loss))
    by_numpy = per_example_loss(loss, output, pre, post, target, np)
    assert by_numpy.shape == (16,) and np.all(by_numpy >= 0)
    np.testing.assert_allclose(by_numpy, by_jax, rtol=1e-12, atol=1e-14)


def test_several_outputs_of_any_unit_pick_the_largest():
    post = np.array([[0.9, 0.95], [0.7, 0.1]])
    np.testing.assert_array_equal(output_unit("sigmoid").predicted_class(post), [1, 0])
