"""The confusion matrix and the dead links, on networks small enough to work out by hand."""

import numpy as np
import pytest

from nnwatch.model.mlp import Architecture
from nnwatch.probes.confusion import confusion_matrix
from nnwatch.probes.links import dead_links
from nnwatch.record.snapshot import Snapshot


def snapshot(weights, biases, output) -> Snapshot:
    sizes = (weights[0].shape[0], *(w.shape[1] for w in weights))
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=sizes, activations=("tanh",) * (len(weights) - 1),
                        output=output, dtype="float64")
    params = [{"w": np.asarray(w, float), "b": np.asarray(b, float)} for w, b in zip(weights, biases)]
    return Snapshot(step=0, epoch=0.0, params=params, train_loss=0.0, test_loss=0.0, train_accuracy=0.0,
                    test_accuracy=0.0, arch=arch)


def x1_only(output) -> Snapshot:
    """out = f(x1): one output that reads the first input only."""
    return snapshot([np.array([[1.0], [0.0]])], [np.zeros(1)], output)


@pytest.mark.parametrize("output", ["tanh", "sigmoid"])
def test_one_output_picks_the_side_of_its_threshold(output):
    x = np.array([[-2, 5], [-1, 0], [0.5, 0], [3, -4], [-0.5, 1], [1, 1]], float)
    y = np.array([0, 1, 1, 1, 0, 0])
    # predicted: x1 >= 0 -> 1 (tanh(x1) >= 0, sigmoid(x1) >= 0.5): 0 0 1 1 0 1
    # (true, predicted): (0,0) (1,0) (1,1) (1,1) (0,0) (0,1)
    np.testing.assert_array_equal(confusion_matrix(x1_only(output), x, y, n_classes=2), [[2, 1], [1, 2]])


def test_the_output_units_rule_decides_a_linear_output_at_one_half():
    x, y = np.array([[0.25, 0.0], [0.75, 0.0]]), np.array([1, 1])
    np.testing.assert_array_equal(confusion_matrix(x1_only("tanh"), x, y, 2), [[0, 0], [0, 2]])  # both >= 0
    np.testing.assert_array_equal(confusion_matrix(x1_only("linear"), x, y, 2), [[0, 0], [1, 1]])  # 0.25 < 0.5


def test_softmax_picks_the_largest_output():
    net = snapshot([np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])], [np.zeros(3)], "softmax")
    x = np.array([[2, 0], [0, 2], [-2, 0], [1, 3]], float)  # logits (x1, x2, -x1): classes 0, 1, 2, 1
    y = np.array([0, 1, 1, 2])
    np.testing.assert_array_equal(confusion_matrix(net, x, y, 3), [[1, 0, 0], [0, 1, 1], [0, 1, 0]])


def test_dead_links_are_the_zero_weights_under_l1_only():
    net = snapshot([np.array([[0.5, 0.0], [0.0, -1.0]]), np.array([[0.0], [2.0]])], [np.zeros(2), np.zeros(1)],
                   "tanh")
    assert dead_links(net, "l1") == [(0, 0, 1), (0, 1, 0), (1, 0, 0)]
    assert dead_links(net, "l2") == [] and dead_links(net, None) == []
