"""The transform view's stage maths: straight paths between exact stage ends, folds and squashes where they
must land, lenses onto wide layers, and the errors for what cannot be drawn."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.model.mlp import Architecture
from nnwatch.probes.transform import (CYCLE_SECONDS, Walk, check_neurons, check_projection, check_two_d,
                                      grid_lines, lens_for, points_at, split_position, stage_count, stage_info,
                                      states)
from nnwatch.record.snapshot import Snapshot


def network(sizes, activations, output="sigmoid", seed=0, scale=1.0) -> Snapshot:
    """A snapshot of random weights (biases too), float64, from the architecture alone."""
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=tuple(sizes), activations=tuple(activations),
                        output=output, dtype="float64")
    rng = np.random.default_rng(seed)
    params = [{"w": rng.normal(0, scale, (a, b)), "b": rng.normal(0, 0.5, b)} for a, b in zip(sizes[:-1], sizes[1:])]
    nan = float("nan")
    return Snapshot(step=0, epoch=0.0, params=params, train_loss=nan, test_loss=nan, train_accuracy=nan,
                    test_accuracy=nan, arch=arch)


SQUARE = np.random.default_rng(1).uniform(-3, 3, (400, 2))  # a uniform square of points, as the book's


@pytest.mark.parametrize("sizes", [(2, 2, 2), (2, 3, 2), (2, 5, 1)])
def test_at_the_end_of_w_x_the_points_are_exactly_x_times_w(sizes):
    snap = network(sizes, ["relu"])
    w1, w2 = (layer["w"] for layer in snap.params)
    first = points_at(snap, SQUARE, 1.0)
    assert np.array_equal(first[:, :sizes[1]], SQUARE @ w1)  # exact, not close
    assert np.all(first[:, sizes[1]:] == 0)  # a narrower layer lands on the plane of its first neurons
    hidden = states(snap, SQUARE)[3]
    second = points_at(snap, SQUARE, 4.0)
    assert np.array_equal(second[:, :sizes[2]], hidden @ w2)
    assert np.all(second[:, sizes[2]:] == 0)


def test_every_stage_is_a_straight_path_from_its_start_to_its_end():
    snap = network((2, 3, 2), ["tanh"])
    walk = states(snap, SQUARE)
    embedded = np.column_stack([SQUARE, np.zeros(len(SQUARE))])
    np.testing.assert_array_equal(points_at(snap, SQUARE, 0.0), embedded)  # 2 -> 3: embedded first
    np.testing.assert_allclose(points_at(snap, SQUARE, 0.25), 0.75 * embedded + 0.25 * walk[1])
    b1 = snap.params[0]["b"]
    np.testing.assert_allclose(points_at(snap, SQUARE, 1.5), walk[1] + 0.5 * b1)  # + b: a shift
    z = walk[2]
    np.testing.assert_allclose(points_at(snap, SQUARE, 2.3), 0.7 * z + 0.3 * np.tanh(z))  # (1-a)x + a f(x)
    np.testing.assert_allclose(points_at(snap, SQUARE, 3.0), np.tanh(z))


def with_weights(sizes, activations, weights, output="sigmoid") -> Snapshot:
    snap = network(sizes, activations, output)
    params = [{"w": np.array(w, float), "b": np.array(b, float)} for w, b in weights]
    return Snapshot(**{**snap.__dict__, "params": params})


FOLDS = {  # a turn and a shift: some of the square lands inside the quadrant (octant), some on its faces
    2: with_weights((2, 2, 2), ["relu"], [([[1.0, 0.5], [-0.5, 1.0]], [0.5, -0.2]), (np.eye(2), [0.0, 0.0])]),
    3: with_weights((2, 3, 2), ["relu"], [([[1.0, 0.3, -0.4], [-0.2, 0.8, 0.9]], [0.5, 0.2, 0.1]),
                                         ([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]], [0.0, 0.0])]),
}


@pytest.mark.parametrize("width", [2, 3])
def test_after_relu_every_point_is_in_the_first_quadrant_or_octant_or_on_its_faces(width):
    after = points_at(FOLDS[width], SQUARE, 3.0)
    assert after.shape == (len(SQUARE), width)
    assert np.all(after >= 0)
    on_faces = np.any(after == 0, axis=1)
    assert 0 < on_faces.sum() < len(SQUARE)  # folded onto the faces, and not all of them
    assert np.any(points_at(FOLDS[width], SQUARE, 2.5) < 0)  # half-way through the fold some are still out


def test_after_sigmoid_every_point_is_in_the_unit_square():
    plane = np.random.default_rng(2).uniform(-6, 6, (500, 2))
    snap = network((2, 3, 2), ["relu"], output="sigmoid", scale=2.0)
    out = points_at(snap, plane, 6.0)
    assert out.shape == (500, 2)
    assert np.all((out >= 0) & (out <= 1))
    before = points_at(snap, plane, 5.0)
    assert np.any((before < 0) | (before > 1))  # it was the sigmoid that squashed them


def test_the_clock_names_each_stage_and_a_whole_position_ends_the_stage_before():
    arch = network((2, 3, 2), ["relu"]).arch
    assert stage_count(arch) == 6 and stage_count(arch, direct=True) == 1
    labels = [stage_info(arch, k).label for k in range(6)]
    assert labels == ["layer 1: W·x  (embedded 2 -> 3)", "layer 1: + b", "layer 1: relu",
                      "layer 2: W·x  (projected 3 -> 2)", "layer 2: + b", "layer 2: sigmoid"]
    assert split_position(0.0, 6) == (0, 0.0)
    assert split_position(3.0, 6) == (2, 1.0)
    assert split_position(3.25, 6) == (3, 0.25)
    assert split_position(99, 6) == (5, 1.0) and split_position(-1, 6) == (0, 0.0)


def test_direct_walk_goes_from_the_input_to_the_output_in_one_stage():
    snap = network((2, 4, 3, 2), ["relu", "tanh"])
    walk = states(snap, SQUARE)
    np.testing.assert_array_equal(points_at(snap, SQUARE, 1.0, direct=True), walk[-1])
    np.testing.assert_allclose(points_at(snap, SQUARE, 0.5, direct=True), 0.5 * SQUARE + 0.5 * walk[-1])


def test_grid_lines_cover_the_domain_in_both_directions():
    lines = grid_lines(((-6, 6), (-4, 4)), lines=41, samples=161)
    assert lines.shape == (82, 161, 2)
    assert np.all(lines[:41, :, 0] == lines[:41, :1, 0])  # the first 41 keep x1 fixed
    assert np.all(lines[41:, :, 1] == lines[41:, :1, 1])  # the others keep x2 fixed
    assert lines[..., 0].min() == -6 and lines[..., 1].max() == 4


def test_lenses_show_narrow_spaces_whole_and_wide_ones_through_neurons_pca_or_a_cycle():
    points = np.random.default_rng(4).normal(size=(300, 8)) * np.arange(1, 9)
    assert lens_for(points[:, :3]).matrix.shape == (3, 3)
    one = lens_for(points[:, :1])
    assert one.dims == 2 and np.all(points[:, :1] @ one.matrix == np.column_stack([points[:, 0], np.zeros(300)]))
    chosen = lens_for(points, "neurons", neurons=(5, 2, 7))
    np.testing.assert_array_equal(points @ chosen.matrix, points[:, [5, 2, 7]])
    assert chosen.label == "projected onto neurons 5, 2, 7 of 8"
    pca = lens_for(points, "pca")
    np.testing.assert_allclose(pca.matrix.T @ pca.matrix, np.eye(2), atol=1e-12)
    assert np.argmax(np.abs(pca.matrix[:, 0])) == 7  # the widest spread first
    assert pca.label == "PCA of 8 neurons" and lens_for(points, "pca3").dims == 3
    start, later = lens_for(points, "cycle", time=0.0), lens_for(points, "cycle", time=CYCLE_SECONDS)
    np.testing.assert_array_equal(points @ start.matrix, points[:, [0, 1]])
    np.testing.assert_array_equal(points @ later.matrix, points[:, [1, 2]])
    just_before = lens_for(points, "cycle", time=CYCLE_SECONDS - 1e-6)
    np.testing.assert_allclose(just_before.matrix, later.matrix, atol=1e-9)  # turned smoothly, no jump


def test_a_walk_is_drawn_without_jumps_from_stage_to_stage():
    snap = network((2, 8, 8, 1), ["tanh", "tanh"], output="tanh")
    for projection in ("pca", "neurons", "pca3"):
        walk = Walk(snap, SQUARE, projection, neurons=(0, 3) if projection == "neurons" else None)
        for k in range(walk.n_stages - 1):
            end = walk.drawn_ends(k)[1]
            start = walk.drawn_ends(k + 1)[0]
            np.testing.assert_allclose(end[:, :start.shape[1]], start[:, :end.shape[1]], atol=1e-12)
        np.testing.assert_allclose(walk.drawn(0.0)[:, :2], SQUARE)  # the input plane is drawn as it is


def test_what_cannot_be_drawn_is_one_clear_error():
    table = Architecture(features=("x1", "x2", "x3", "x4"), n_raw_inputs=4, sizes=(4, 3, 1), activations=("tanh",),
                         output="sigmoid")
    with pytest.raises(NNWatchError, match="needs 2-D raw inputs; this network takes 4: use the network or sample"):
        check_two_d(table)
    arch = network((2, 8, 5, 1), ["relu", "relu"]).arch
    assert check_neurons(arch, [0, 4]) == (0, 4)
    with pytest.raises(NNWatchError, match=r"neuron 6 is out of range: layer 2 has 5 neurons \(0..4\)"):
        check_neurons(arch, (0, 6))
    with pytest.raises(NNWatchError, match="unknown projection 'pac' \\(did you mean 'pca'\\?\\)"):
        check_projection("pac")
