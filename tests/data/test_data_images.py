"""Procedural shapes and scikit-learn's digits."""

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nnwatch.data import make_dataset
from nnwatch.data import shapes
from nnwatch.errors import DataError, LimitError


def test_shapes_defaults():
    ds = make_dataset("shapes")
    assert ds.n_points == 600 and ds.x_train.shape == (480, 576) and ds.x_test.shape == (120, 576)
    assert ds.image_shape == (24, 24) and ds.classes == ("circle", "square", "triangle")
    assert ds.domain == ((0.0, 1.0),) * 576
    x = np.vstack([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])
    assert x.dtype == np.float64 and x.min() == 0.0 and x.max() == 1.0
    assert np.bincount(y).tolist() == [200, 200, 200]
    # Every image has a drawing in it, and most of the image is background.
    ink = x.mean(axis=1)
    assert ink.min() > 0.03 and ink.max() < 0.35


def test_shape_classes_differ_on_average():
    x, y = shapes.gen_shapes(1500, 0.0, np.random.default_rng(0))
    train, test = slice(0, 1200), slice(1200, None)
    means = np.stack([x[train][y[train] == k].mean(axis=0) for k in range(3)])
    for a in range(3):
        for b in range(a + 1, 3):
            assert np.abs(means[a] - means[b]).max() > 0.05
    # Class means alone (a crude template match) beat chance by a wide margin on unseen images,
    # so the classes carry real, learnable differences.
    scores = x[test] @ means.T - 0.5 * (means ** 2).sum(axis=1)
    accuracy = np.mean(scores.argmax(axis=1) == y[test])
    assert accuracy > 0.5


def test_shapes_size_and_noise():
    small = make_dataset("shapes", size=8, points=30, train_share=1.0)
    big = make_dataset("shapes", size=64, points=30, train_share=1.0)
    assert small.x_train.shape == (30, 64) and small.image_shape == (8, 8)
    assert big.x_train.shape == (30, 4096) and big.image_shape == (64, 64)
    clean, _ = shapes.gen_shapes(60, 0.0, np.random.default_rng(0))
    noisy, _ = shapes.gen_shapes(60, 1.0, np.random.default_rng(0))
    assert noisy.min() >= 0 and noisy.max() <= 1
    # Pixel noise at noise 1 leaves little background exactly blank.
    assert np.mean(noisy == 0) < np.mean(clean == 0) - 0.2
    with pytest.raises(LimitError, match="image size is 65; the limit is 64"):
        make_dataset("shapes", size=65)
    with pytest.raises(LimitError, match="at least 8"):
        make_dataset("shapes", size=7)


def test_shapes_are_fast():
    start = time.perf_counter()
    shapes.gen_shapes(600, 0.2, np.random.default_rng(0))
    assert time.perf_counter() - start < 1.0


def test_render_polylines_antialiasing():
    # A horizontal line through pixel centres of row 4, 1 pixel wide: full ink on it, none two rows away,
    # and a partial value for a pixel half a pixel off (the anti-aliased edge).
    line = np.array([[[1.5, 4.5], [6.5, 4.5]]])
    img = shapes.render_polylines(line, np.array([1.0]), 8).reshape(8, 8)
    assert img[4, 1:7].tolist() == [1.0] * 6
    assert img[2].sum() == 0 and img[6].sum() == 0
    assert img[4, 0] == 0.0   # one pixel beyond the end: distance 1, ink 1/2 + 1/2 - 1 = 0
    half = shapes.render_polylines(np.array([[[1.5, 4.0], [6.5, 4.0]]]), np.array([1.0]), 8).reshape(8, 8)
    np.testing.assert_allclose(half[3, 2:6], 0.5)
    np.testing.assert_allclose(half[4, 2:6], 0.5)


def test_digits_loads():
    pytest.importorskip("sklearn")
    ds = make_dataset("digits", train_share=1.0)
    assert ds.x_train.shape == (1797, 64) and ds.image_shape == (8, 8)
    assert ds.classes == tuple("0123456789")
    assert ds.x_train.min() == 0.0 and ds.x_train.max() == 1.0
    assert np.bincount(ds.y_train).min() > 170
    sub = make_dataset("digits", points=100, seed=3)
    assert sub.n_points == 100 and len(sub.x_train) == 80
    with pytest.raises(DataError, match="1797 images; points is 2000"):
        make_dataset("digits", points=2000)


def test_digits_without_sklearn(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)   # makes the import fail
    with pytest.raises(DataError, match=r"needs scikit-learn: pip install 'nnwatch\[digits\]'"):
        make_dataset("digits")


def test_importing_nnwatch_data_does_not_import_sklearn():
    code = "import sys, nnwatch.data; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


def test_data_package_is_numpy_only():
    # jax is never imported here, and scikit-learn only inside the digits loader.
    folder = Path(shapes.__file__).parent
    for source in folder.glob("*.py"):
        text = source.read_text()
        assert "import jax" not in text and "from jax" not in text, source.name
        if source.name != "digits.py":
            assert "sklearn" not in text, source.name
