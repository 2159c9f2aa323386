"""The built-in datasets by name: what each one is, its defaults, and how to make it.

``make_dataset`` is the single way in for built-ins: it checks the options (one-line DataError/LimitError),
generates every point with ``np.random.default_rng(seed)``, shuffles with the same generator and puts the first
share of rows in training, exactly as the Playground does. The same arguments always give the same arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnwatch.data import extra, playground, shapes, tables
from nnwatch.data.dataset import CLASSIFICATION, REGRESSION, Dataset
from nnwatch.data.digits import DIGITS_CLASSES, DIGITS_COUNT, DIGITS_SHAPE, load_digits_arrays
from nnwatch.data.split import check_seed, check_train_share, pixel_names, split_rows
from nnwatch.errors import DataError, unknown
from nnwatch.limits import MAX_CLASSES, MAX_POINTS, check_limit

__all__ = ["DatasetInfo", "DATASET_NAMES", "list_datasets", "dataset_info", "make_dataset",
           "PLAYGROUND_DOMAIN", "BINARY_CLASSES", "DEFAULT_GAUSSIANS", "GROUPED_DATASETS"]

PLAYGROUND_DOMAIN = ((-6.0, 6.0), (-6.0, 6.0))   # the square the Playground draws its heatmap over
BINARY_CLASSES = ("-1", "+1")                    # class index 1 reads as the Playground's +1
PLANE_INPUTS = ("x1", "x2")
DEFAULT_GAUSSIANS = 4                            # SEEDS.md section 3: four overlapping groups
GROUPED_DATASETS = ("gaussians", "arms")         # the sets that take classes= (their number of groups)


@dataclass(frozen=True)
class DatasetInfo:
    """What a built-in dataset is, and what make_dataset uses when an option is left as None."""

    name: str
    description: str
    task: str
    default_points: int
    default_train_share: float
    two_d: bool
    image_shape: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Raw:
    """A maker's result before the split."""

    x: np.ndarray
    y: np.ndarray
    classes: tuple[str, ...]
    input_names: tuple[str, ...]
    domain: tuple[tuple[float, float], ...]
    image_shape: tuple[int, int] | None = None
    shuffle: bool = True
    description: str | None = None     # when the options change what the registry's line says


# A maker gets (points, noise, rng, classes, size) with every option already checked and defaulted.
_Maker = Callable[[int, float, np.random.Generator, int, int], _Raw]


def _plane(gen, classes: tuple[str, ...]) -> _Maker:
    """A maker for a 2-D set over the Playground's square."""
    def make(points, noise, rng, k, size):
        x, y = gen(points, noise, rng)
        return _Raw(x, y, classes, PLANE_INPUTS, PLAYGROUND_DOMAIN)
    return make


def _make_gaussians(points, noise, rng, k, size) -> _Raw:
    x, y = extra.gen_gaussians(points, noise, rng, k)
    return _Raw(x, y, tuple(str(j) for j in range(k)), PLANE_INPUTS, PLAYGROUND_DOMAIN,
                description=f"{k} heavily overlapping Gaussian groups")


def _make_arms(points, noise, rng, k, size) -> _Raw:
    x, y = extra.gen_arms(points, noise, rng, k)
    return _Raw(x, y, tuple(str(j) for j in range(k)), PLANE_INPUTS, PLAYGROUND_DOMAIN,
                description=f"{k} spiral arms wound around each other")


def _make_shapes(points, noise, rng, k, size) -> _Raw:
    x, y = shapes.gen_shapes(points, noise, rng, size)
    return _Raw(x, y, shapes.SHAPE_CLASSES, pixel_names(size, size), ((0.0, 1.0),) * (size * size), (size, size),
                description=f"hand-drawn circles, squares and triangles as {size}x{size} images")


def _make_digits(points, noise, rng, k, size) -> _Raw:
    x, y = load_digits_arrays()
    if points > len(x):
        raise DataError(f"the 'digits' dataset has {len(x)} images; points is {points}")
    if points < len(x):
        # A seeded subset, sorted so a smaller request keeps the file's order before the shuffle.
        keep = np.sort(rng.choice(len(x), points, replace=False))
        x, y = x[keep], y[keep]
    rows, cols = DIGITS_SHAPE
    return _Raw(x, y, DIGITS_CLASSES, pixel_names(rows, cols), ((0.0, 1.0),) * (rows * cols), DIGITS_SHAPE)


def _table(make_table) -> _Maker:
    def make(points, noise, rng, k, size):
        t = make_table()
        # Fixed rows keep the story's order when they all train; a split (train_share < 1) shuffles as usual.
        return _Raw(t.x, t.y, t.classes, t.input_names, t.domain, t.image_shape, shuffle=False)
    return make


def _info(name, description, task, points, share, two_d, image_shape=None) -> DatasetInfo:
    return DatasetInfo(name, description, task, points, share, two_d, image_shape)


_C, _R = CLASSIFICATION, REGRESSION
_ENTRIES: dict[str, tuple[DatasetInfo, _Maker]] = {
    "circle": (_info("circle", "Playground circle: a disc of +1 inside a ring of -1", _C, 500, 0.5, True),
               _plane(playground.gen_circle, BINARY_CLASSES)),
    "xor": (_info("xor", "Playground XOR: +1 in two opposite quadrants, -1 in the other two", _C, 500, 0.5, True),
            _plane(playground.gen_xor, BINARY_CLASSES)),
    "gauss": (_info("gauss", "Playground gauss: two Gaussian blobs, +1 at (2, 2) and -1 at (-2, -2)",
                    _C, 500, 0.5, True), _plane(playground.gen_gauss, BINARY_CLASSES)),
    "spiral": (_info("spiral", "Playground spiral: two interleaved spiral arms", _C, 500, 0.5, True),
               _plane(playground.gen_spiral, BINARY_CLASSES)),
    "reg_plane": (_info("reg_plane", "Playground regression plane: target (x1 + x2) / 10", _R, 1200, 0.5, True),
                  _plane(playground.gen_reg_plane, ())),
    "reg_gauss": (_info("reg_gauss", "Playground regression gauss: six bumps of +1 and -1", _R, 1200, 0.5, True),
                  _plane(playground.gen_reg_gauss, ())),
    "moons": (_info("moons", "two interleaving half circles", _C, 500, 0.8, True),
              _plane(extra.gen_moons, BINARY_CLASSES)),
    "gaussians": (_info("gaussians", "k heavily overlapping Gaussian groups (k = 4 unless classes= says)",
                        _C, 1000, 0.8, True), _make_gaussians),
    "arms": (_info("arms", "k spiral arms wound around each other (k = 4 unless classes= says)",
                   _C, 1000, 0.8, True), _make_arms),
    "shapes": (_info("shapes", "hand-drawn circles, squares and triangles as 24x24 images (size= changes it)",
                     _C, 600, 0.8, False, (shapes.DEFAULT_SIZE, shapes.DEFAULT_SIZE)), _make_shapes),
    "digits": (_info("digits", "scikit-learn's 8x8 handwritten digits 0-9 (needs scikit-learn)",
                     _C, DIGITS_COUNT, 0.8, False, DIGITS_SHAPE), _make_digits),
    "perceptron": (_info("perceptron", "4 rows of 3 bits; the label is the first bit", _C, 4, 1.0, False),
                   _table(tables.perceptron)),
    "xor3": (_info("xor3", "7 rows of 3 bits; the label is XOR of the first two, the third is irrelevant",
                   _C, 7, 1.0, False), _table(tables.xor3)),
    "rows341": (_info("rows341", "4 rows [1,1,1],[3,3,3],[2,2,2],[2,2,2] -> 1,1,0,1 (contradictory duplicates)",
                      _C, 4, 1.0, False), _table(tables.rows341)),
    "digits4": (_info("digits4", "digits 0-3 as 5x4 bitmaps; target digit / 3", _R, 4, 1.0, False, (5, 4)),
                _table(tables.digits4)),
}

DATASET_NAMES: tuple[str, ...] = tuple(_ENTRIES)
_TABLES = frozenset(tables.TABLES)


def dataset_info(name: str) -> DatasetInfo:
    """The DatasetInfo of a built-in dataset; an unknown name raises a DataError suggesting the nearest."""
    entry = _ENTRIES.get(name) if isinstance(name, str) else None
    if entry is None:
        raise unknown("dataset", str(name), DATASET_NAMES, DataError)
    return entry[0]


def list_datasets() -> list[tuple[str, str]]:
    """(name, one-line description with task and default size) for every built-in, in DATASET_NAMES order."""
    listing = []
    for name in DATASET_NAMES:
        info = dataset_info(name)
        size = f"{info.default_points} fixed rows" if name in _TABLES else f"{info.default_points} points"
        listing.append((name, f"{info.description} ({info.task}, {size})"))
    return listing


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _check_points(points: object) -> int:
    if not _is_int(points):
        raise DataError(f"points must be a whole number, got {points!r}")
    return check_limit("points", int(points), MAX_POINTS, minimum=2)


def _check_noise(noise: object) -> float:
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating)):
        raise DataError(f"noise must be a number from 0 to 1, got {noise!r}")
    if not math.isfinite(float(noise)) or not 0.0 <= float(noise) <= 1.0:
        raise DataError(f"noise must be from 0 to 1 (the Playground's 0..50 is 0..0.5), got {float(noise):g}")
    return float(noise)


def _check_option(name: str, option: str, value: object, applies_to: tuple[str, ...], default: int, low: int,
                  high: int):
    """classes= and size= each apply to some datasets only; elsewhere they are a mistake worth reporting."""
    if value is None:
        return default
    if name not in applies_to:
        sets = " and ".join(f"'{n}'" for n in applies_to)
        raise DataError(f"{option}= applies only to the {sets} dataset{'s' if len(applies_to) > 1 else ''}, "
                        f"not '{name}'")
    if not _is_int(value):
        raise DataError(f"{option} must be a whole number, got {value!r}")
    what = "classes" if option == "classes" else "image size"
    return check_limit(what, int(value), high, minimum=low)


def make_dataset(
    name: str,
    *,
    points: int | None = None,
    noise: float = 0.0,
    train_share: float | None = None,
    seed: int = 0,
    classes: int | None = None,
    size: int | None = None,
) -> Dataset:
    """Make the built-in dataset name; None means the dataset's default for that option.

    Tables have fixed rows and ignore points and noise. classes (2..MAX_CLASSES) is the number of groups of
    'gaussians' and of 'arms' (GROUPED_DATASETS); size (8..64) the image side of 'shapes'.
    """
    info = dataset_info(name)
    n = info.default_points if points is None else _check_points(points)
    level = _check_noise(noise)
    share = check_train_share(info.default_train_share if train_share is None else train_share)
    rng = np.random.default_rng(check_seed(seed))
    k = _check_option(name, "classes", classes, GROUPED_DATASETS, DEFAULT_GAUSSIANS, 2, MAX_CLASSES)
    side = _check_option(name, "size", size, ("shapes",), shapes.DEFAULT_SIZE, shapes.MIN_SIZE, shapes.MAX_SIZE)
    if name in GROUPED_DATASETS and n < k:
        raise DataError(f"{name} with {k} classes needs at least {k} points, got {n}")
    raw = _ENTRIES[name][1](n, level, rng, k, side)
    x_train, y_train, x_test, y_test = split_rows(raw.x, raw.y, share, rng, shuffle=raw.shuffle or share < 1.0)
    return Dataset(
        name=name, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test, task=info.task,
        classes=raw.classes, input_names=raw.input_names, domain=raw.domain, image_shape=raw.image_shape,
        description=raw.description or info.description,
    )
