"""Moons, overlapping Gaussians, and the stories' fixed tables (SEEDS.md)."""

import numpy as np
import pytest

from nnwatch.data import CLASSIFICATION, REGRESSION, make_dataset
from nnwatch.data import extra, tables


def test_moons_inside_the_square_and_balanced():
    for noise in (0.0, 1.0):
        x, y = extra.gen_moons(1001, noise, np.random.default_rng(0))
        assert x.shape == (1001, 2) and np.abs(x).max() <= 6.0
        assert np.bincount(y).tolist() == [500, 501]
    x, y = extra.gen_moons(2000, 0.0, np.random.default_rng(0))
    # At noise 0 each point lies on its moon: a half circle of radius 3 around its own centre.
    upper = (x[y == 1] / 3 + (0.5, 0.25))
    lower = (x[y == 0] / 3 + (0.5, 0.25)) - (1.0, 0.5)
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0, atol=1e-12)
    assert upper[:, 1].min() >= -1e-12 and lower[:, 1].max() <= 1e-12


def nearest_centre_accuracy(x, y, k):
    centres = extra.gaussian_centres(k)
    guess = np.argmin(((x[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    return float(np.mean(guess == y))


def test_gaussians_overlap_heavily_but_are_not_random():
    x, y = extra.gen_gaussians(4000, 0.0, np.random.default_rng(0))
    assert np.bincount(y).tolist() == [1000] * 4
    for c in range(4):
        np.testing.assert_allclose(x[y == c].mean(axis=0), extra.gaussian_centres(4)[c], atol=0.15)
    # The best possible rule (nearest centre) still gets about a quarter wrong: the groups overlap.
    assert 0.6 < nearest_centre_accuracy(x, y, 4) < 0.85
    x, y = extra.gen_gaussians(4000, 1.0, np.random.default_rng(0))
    assert nearest_centre_accuracy(x, y, 4) < 0.6


def test_gaussians_k_is_configurable():
    ds = make_dataset("gaussians", classes=7, points=700, train_share=1.0)
    assert ds.classes == tuple(str(i) for i in range(7))
    assert np.bincount(ds.y_train).tolist() == [100] * 7
    assert ds.n_outputs == 7
    ds = make_dataset("gaussians", classes=2, points=11)
    assert ds.n_classes == 2 and ds.n_points == 11


def test_arms_lie_along_their_spirals_and_wind_around_each_other():
    k = 4
    x, y = extra.gen_arms(2000, 0.0, np.random.default_rng(0), k)
    assert np.bincount(y).tolist() == [500] * 4
    distances = extra.arm_distances(x, k, samples=4001)
    own = distances[np.arange(len(y)), y]
    # Pushed off its arm by a round Gaussian of ARMS_SPREAD: the distance to the arm's line is about that
    # spread (a 2-D Gaussian's mean radius is spread * sqrt(pi / 2), less where the arm curves under it).
    assert 0.6 * extra.ARMS_SPREAD < np.median(own) < 1.3 * extra.ARMS_SPREAD
    # The nearest arm is the point's own for most, not all: neighbouring arms' edges meet.
    assert 0.85 < np.mean(distances.argmin(axis=1) == y) < 0.99
    # Each arm winds all the way round, so every quadrant holds part of every arm, and the nearest arm's mean
    # (the best rule for round groups) is a poor guess.
    quadrant = (x[:, 0] > 0) * 2 + (x[:, 1] > 0)
    shares = np.array([np.bincount(quadrant[y == c], minlength=4) / np.sum(y == c) for c in range(k)])
    assert shares.min() > 0.04
    means = np.array([x[y == c].mean(axis=0) for c in range(k)])
    assert np.mean(np.argmin(((x[:, None] - means[None]) ** 2).sum(-1), axis=1) == y) < 0.5
    assert np.abs(x).max() < 6.5
    wider, _ = extra.gen_arms(2000, 1.0, np.random.default_rng(0), k)
    assert np.median(extra.arm_distances(wider[y == 0], k)[:, 0]) > 1.6 * np.median(own[y == 0])


def test_arms_k_is_configurable():
    ds = make_dataset("arms", classes=3, points=300, train_share=1.0)
    assert ds.classes == ("0", "1", "2") and np.bincount(ds.y_train).tolist() == [100] * 3
    assert ds.description == "3 spiral arms wound around each other"


@pytest.mark.parametrize("name, rows, labels", [
    ("perceptron", [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [0, 0, 1, 1]),
    ("xor3", [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]], [0, 1, 1, 1, 1, 0, 0]),
    ("rows341", [[1, 1, 1], [3, 3, 3], [2, 2, 2], [2, 2, 2]], [1, 1, 0, 1]),
])
def test_binary_tables_match_the_stories(name, rows, labels):
    ds = make_dataset(name, points=1000, noise=0.5, seed=9)   # points and noise do not apply to a table
    np.testing.assert_array_equal(ds.x_train, np.array(rows, dtype=np.float64))
    np.testing.assert_array_equal(ds.y_train, labels)
    assert ds.x_train.dtype == np.float64 and ds.y_train.dtype == np.int64
    assert ds.x_test.shape == (0, 3) and ds.y_test.shape == (0,)
    assert ds.task == CLASSIFICATION and ds.classes == ("0", "1")
    assert ds.input_names == ("x1", "x2", "x3")
    lo, hi = np.min(rows, axis=0), np.max(rows, axis=0)
    assert ds.domain == tuple((float(a) - 0.5, float(b) + 0.5) for a, b in zip(lo, hi))


def test_xor3_label_is_xor_of_first_two_columns():
    t = tables.xor3()
    np.testing.assert_array_equal(t.y, np.logical_xor(t.x[:, 0], t.x[:, 1]).astype(int))


def test_digits4_bitmaps():
    ds = make_dataset("digits4")
    assert ds.x_train.shape == (4, 20) and ds.image_shape == (5, 4)
    assert ds.task == REGRESSION and ds.classes == ()
    np.testing.assert_allclose(ds.y_train, [0, 1 / 3, 2 / 3, 1])
    assert set(np.unique(ds.x_train)) == {0.0, 1.0}
    assert ds.domain == ((0.0, 1.0),) * 20
    assert ds.input_names[:5] == ("r0c0", "r0c1", "r0c2", "r0c3", "r1c0")
    images = ds.x_train.reshape(4, 5, 4)
    # Four different pictures; the "one" has the least ink and the "zero" has a hole in the middle.
    assert len({img.tobytes() for img in images}) == 4
    assert images.sum(axis=(1, 2)).argmin() == 1
    assert images[0, 1:4, 1:3].sum() == 0 and images[0, 0].sum() == 4


def test_tables_split_only_when_asked():
    ds = make_dataset("xor3", train_share=0.5, seed=1)
    assert len(ds.x_train) == 4 and len(ds.x_test) == 3   # round(3.5) = 4
    rows = {tuple(r) for r in np.vstack([ds.x_train, ds.x_test])}
    assert rows == {tuple(r) for r in tables.xor3().x}
    # With every row training (the default), the seed changes nothing: the story's order is kept.
    assert make_dataset("xor3", seed=1) == make_dataset("xor3", seed=2)
