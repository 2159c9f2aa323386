"""Views colour a one-output classifier where its accuracy turns: the output unit's threshold, one rule for the
transform view's lines, the boundary view's map and the accuracy that training reports (a linear unit trained
on 0/1 labels: at 0.5, not at 0)."""

import numpy as np
import pytest

from nnwatch.data import make_dataset
from nnwatch.model.loss import accuracy
from nnwatch.model.mlp import Architecture
from nnwatch.record import Run
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec
from nnwatch.video.compose import FrameRenderer
from nnwatch.views import Frame, Scene

NAN = float("nan")


def linear_classifier(output: str) -> Snapshot:
    """One layer whose output is x1 itself: the decision is a vertical line at x1 = the unit's threshold."""
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=(2, 1), activations=(), output=output,
                        dtype="float64")
    params = [{"w": np.array([[1.0], [0.0]]), "b": np.zeros(1)}]
    return Snapshot(step=0, epoch=0.0, params=params, train_loss=NAN, test_loss=NAN, train_accuracy=NAN,
                    test_accuracy=NAN, arch=arch)


def view_of(snap: Snapshot, name: str):
    run = Run(spec=Spec(), dataset=make_dataset("circle", points=100, noise=0.1, seed=3), arch=snap.arch,
              snapshots=[snap])
    return FrameRenderer(Scene(run), [name], (320, 180)).views[0]


@pytest.mark.parametrize("output", ["linear", "sigmoid"])
def test_transform_lines_are_coloured_by_the_class_accuracy_counts(output):
    snap = linear_classifier(output)
    view = view_of(snap, "transform")
    groups = view.picture(Frame(snapshot=snap)).line_groups
    assert len(groups) == 2
    # Each segment is coloured by the class of its first point; here the output is x1 (or sigmoid(x1)).
    first_x1 = view.grid[:, :-1, 0].ravel()
    post = first_x1[:, None] if output == "linear" else 1 / (1 + np.exp(-first_x1[:, None]))
    (_, a), (_, b) = groups
    class_one = a if first_x1[a].max() > first_x1[b].max() else b
    coloured = np.zeros(len(first_x1), int)
    coloured[class_one] = 1
    assert accuracy(output, post, coloured) == 1.0
    if output == "linear":  # segments between 0 and 0.5 exist, and are class 0: the threshold is 0.5
        between = (first_x1 > 0) & (first_x1 < 0.5)
        assert between.any() and not coloured[between].any()


def test_boundary_map_of_a_linear_classifier_turns_at_one_half():
    linear, tanh = view_of(linear_classifier("linear"), "boundary"), view_of(linear_classifier("tanh"), "boundary")
    # The map's neutral colour (a tanh unit's 0) sits at the linear unit's 0.5; its 0 and 1 are the two classes'.
    np.testing.assert_array_equal(linear.pixels(np.array([[[0.5], [0.0], [1.0]]])),
                                  tanh.pixels(np.array([[[0.0], [-1.0], [1.0]]])))
