"""The six Playground generators against the facts in PLAYGROUND.md."""

import numpy as np
import pytest

from nnwatch.data import playground as pg


def rng(seed=0):
    return np.random.default_rng(seed)


GENERATORS = [pg.gen_circle, pg.gen_xor, pg.gen_gauss, pg.gen_spiral, pg.gen_reg_plane, pg.gen_reg_gauss]


@pytest.mark.parametrize("gen", GENERATORS)
@pytest.mark.parametrize("n", [2, 7, 500])
def test_shapes_and_dtypes(gen, n):
    x, y = gen(n, 0.2, rng())
    assert x.shape == (n, 2) and x.dtype == np.float64
    assert y.shape == (n,)
    expected = np.float64 if gen in (pg.gen_reg_plane, pg.gen_reg_gauss) else np.int64
    assert y.dtype == expected


@pytest.mark.parametrize("gen", [pg.gen_circle, pg.gen_gauss, pg.gen_spiral])
def test_exact_halves_at_noise_zero(gen):
    _, y = gen(500, 0.0, rng())
    assert np.bincount(y).tolist() == [250, 250]
    _, y = gen(7, 0.0, rng())
    assert np.bincount(y).tolist() == [3, 4]   # the odd point goes to the +1 half


def test_circle_radii_and_labels_at_noise_zero():
    x, y = pg.gen_circle(2000, 0.0, rng())
    r = np.hypot(x[:, 0], x[:, 1])
    assert r[y == 1].min() >= 0 and r[y == 1].max() <= 2.5
    assert r[y == 0].min() >= 3.5 and r[y == 0].max() <= 5.0
    # Radii spread over the whole allowed range, not a thin band.
    assert r[y == 1].min() < 0.1 and r[y == 1].max() > 2.4
    assert r[y == 0].min() < 3.6 and r[y == 0].max() > 4.9
    np.testing.assert_array_equal(y, pg.circle_label(x[:, 0], x[:, 1]))
    assert np.array_equal(y[:1000], np.ones(1000)) and np.array_equal(y[1000:], np.zeros(1000))


def test_circle_label_noise_flips_only_near_the_boundary():
    x, y = pg.gen_circle(2000, 0.1, rng(3))
    r = np.hypot(x[:, 0], x[:, 1])
    clean = pg.circle_label(x[:, 0], x[:, 1])
    flipped = y != clean
    assert 10 < flipped.sum() < 400
    # The offset is at most 5 * 0.1 per coordinate, so only points within 0.5 * sqrt(2) of r = 2.5 can flip;
    # the ring starts at 3.5, out of reach, so only disc points flip at this noise.
    assert np.all(np.abs(r[flipped] - 2.5) <= 0.5 * np.sqrt(2) + 1e-12)
    assert np.all(clean[flipped] == 1)
    # The points themselves stay at their clean radii: noise changes labels, not positions.
    assert np.all((r <= 2.5) | ((r >= 3.5) & (r <= 5.0)))
    assert np.all((r[:1000] <= 2.5)) and np.all(r[1000:] >= 3.5)


def test_circle_high_noise_flips_both_ways():
    x, y = pg.gen_circle(2000, 0.5, rng())
    clean = pg.circle_label(x[:, 0], x[:, 1])
    assert np.any((y != clean) & (clean == 1)) and np.any((y != clean) & (clean == 0))


def test_xor_points_and_labels_at_noise_zero():
    x, y = pg.gen_xor(2000, 0.0, rng())
    a = np.abs(x)
    # Pushed 0.3 away from each axis, from U(-5, 5): |coordinate| in [0.3, 5.3].
    assert a.min() >= 0.3 and a.max() <= 5.3
    assert a.min() < 0.35 and a.max() > 5.2
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(np.int64))
    assert 0.45 < y.mean() < 0.55
    # All four quadrants are used.
    quadrant = (x[:, 0] > 0) * 2 + (x[:, 1] > 0)
    assert np.bincount(quadrant, minlength=4).min() > 400


def test_xor_label_noise_flips_only_near_the_axes():
    x, y = pg.gen_xor(3000, 0.1, rng(1))
    clean = pg.xor_label(x[:, 0], x[:, 1])
    flipped = y != clean
    assert flipped.sum() > 10
    # An offset of at most 0.5 per coordinate can only change the sign of a coordinate within 0.5 of 0.
    near_axis = np.abs(x).min(axis=1) <= 0.5
    assert np.all(near_axis[flipped])
    assert np.abs(x).min() >= 0.3 and np.abs(x).max() <= 5.3


def test_gauss_means_and_variance():
    for noise, variance in [(0.0, 0.5), (0.5, 4.0), (0.25, 2.25)]:
        x, y = pg.gen_gauss(20000, noise, rng(5))
        np.testing.assert_allclose(x[y == 1].mean(axis=0), [2, 2], atol=0.1)
        np.testing.assert_allclose(x[y == 0].mean(axis=0), [-2, -2], atol=0.1)
        np.testing.assert_allclose(x[y == 1].var(axis=0), [variance] * 2, rtol=0.06)
        np.testing.assert_allclose(x[y == 0].var(axis=0), [variance] * 2, rtol=0.06)
    assert pg.gauss_variance(0.0) == 0.5 and pg.gauss_variance(0.5) == 4.0


@pytest.mark.parametrize("n", [500, 501, 20])
def test_spiral_geometry_at_noise_zero(n):
    x, y = pg.gen_spiral(n, 0.0, rng())
    m1 = n - n // 2
    for arm, (lo, hi, turn, label) in enumerate([(0, m1, 0.0, 1), (m1, n, np.pi, 0)]):
        m = hi - lo
        i = np.arange(m)
        radius = 5 * i / m
        angle = 1.75 * 2 * np.pi * i / m + turn
        np.testing.assert_allclose(x[lo:hi, 0], radius * np.sin(angle), atol=1e-12)
        np.testing.assert_allclose(x[lo:hi, 1], radius * np.cos(angle), atol=1e-12)
        np.testing.assert_allclose(np.hypot(x[lo:hi, 0], x[lo:hi, 1]), radius, atol=1e-12)
        assert np.all(y[lo:hi] == label)
    # The two arms are the same curve turned half a circle.
    if n % 2 == 0:
        np.testing.assert_allclose(x[m1:], -x[:m1], atol=1e-12)


def test_spiral_noise_moves_coordinates_within_bounds():
    clean, _ = pg.gen_spiral(500, 0.0, rng())
    noisy, y = pg.gen_spiral(500, 0.3, rng())
    shift = np.abs(noisy - clean)
    assert shift.max() <= 0.3 and shift.max() > 0.25
    assert np.bincount(y).tolist() == [250, 250]


def test_reg_plane_target():
    x, y = pg.gen_reg_plane(1200, 0.0, rng())
    assert np.abs(x).max() <= 6.0 and np.abs(x).max() > 5.9
    np.testing.assert_allclose(y, (x[:, 0] + x[:, 1]) / 10, atol=1e-15)
    x, y = pg.gen_reg_plane(1200, 0.5, rng())
    clean = (x[:, 0] + x[:, 1]) / 10
    # Offsets up to 6 * 0.5 per coordinate move the target by up to 0.6; the points stay in [-6, 6].
    assert np.abs(y - clean).max() <= 0.6 and np.abs(y - clean).max() > 0.4
    assert np.abs(x).max() <= 6.0


def test_reg_gauss_surface_values():
    cx, cy, sign = pg.REG_GAUSS_CENTRES.T
    np.testing.assert_array_equal(pg.reg_gauss_target(cx, cy), sign)
    assert sign.tolist() == [1, -1, 1, -1, 1, -1]
    # Half way out (distance 1) a bump is at 0.5; beyond distance 2 from every centre the surface is 0.
    np.testing.assert_allclose(pg.reg_gauss_target(np.array([-4.0, 0.0]), np.array([1.5, -1.5])), [0.5, 0.5])
    np.testing.assert_array_equal(pg.reg_gauss_target(np.array([0.0, 6.0]), np.array([0.0, 6.0])), [0.0, 0.0])


def test_reg_gauss_generator():
    x, y = pg.gen_reg_gauss(1200, 0.0, rng())
    np.testing.assert_array_equal(y, pg.reg_gauss_target(x[:, 0], x[:, 1]))
    assert y.min() < -0.8 and y.max() > 0.8 and np.abs(y).max() <= 1.0
    x, y = pg.gen_reg_gauss(1200, 0.3, rng())
    assert np.abs(x).max() <= 6.0
    assert np.mean(y != pg.reg_gauss_target(x[:, 0], x[:, 1])) > 0.3


@pytest.mark.parametrize("gen", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(gen):
    a = gen(100, 0.2, rng(11))
    b = gen(100, 0.2, rng(11))
    c = gen(100, 0.2, rng(12))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
