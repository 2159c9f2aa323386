"""The registry of built-in datasets: names, defaults, validation, seeding and the split."""

import math

import numpy as np
import pytest

import nnwatch.data as data
from nnwatch.data import (CLASSIFICATION, DATASET_NAMES, REGRESSION, Dataset, dataset_info, list_datasets,
                          make_dataset)
from nnwatch.errors import DataError, LimitError
from nnwatch.limits import MAX_CLASSES, MAX_POINTS

PLAYGROUND = ["circle", "xor", "gauss", "spiral", "reg_plane", "reg_gauss"]
TABLES = ["perceptron", "xor3", "rows341", "digits4"]
# digits needs scikit-learn and is tested with the image sets.
GENERATED = [n for n in DATASET_NAMES if n not in TABLES and n != "digits"]


def test_public_api():
    assert set(data.__all__) == {"Dataset", "CLASSIFICATION", "REGRESSION", "DATASET_NAMES", "DatasetInfo",
                                 "dataset_info", "list_datasets", "make_dataset", "load_file"}
    assert DATASET_NAMES == ("circle", "xor", "gauss", "spiral", "reg_plane", "reg_gauss", "moons", "gaussians",
                             "arms", "shapes", "digits", "perceptron", "xor3", "rows341", "digits4")


def test_list_datasets_names_each_once_with_task_and_size():
    listing = list_datasets()
    assert [name for name, _ in listing] == list(DATASET_NAMES)
    text = dict(listing)
    assert text["circle"].endswith("(classification, 500 points)")
    assert text["reg_gauss"].endswith("(regression, 1200 points)")
    assert text["xor3"].endswith("(classification, 7 fixed rows)")
    assert all("\n" not in line for line in text.values())


@pytest.mark.parametrize("name", PLAYGROUND)
def test_playground_defaults(name):
    info = dataset_info(name)
    regression = name.startswith("reg_")
    assert info.task == (REGRESSION if regression else CLASSIFICATION)
    assert info.default_points == (1200 if regression else 500)
    assert info.default_train_share == 0.5 and info.two_d and info.image_shape is None
    ds = make_dataset(name)
    half = info.default_points // 2
    assert ds.x_train.shape == (half, 2) and ds.x_test.shape == (half, 2)
    assert ds.input_names == ("x1", "x2") and ds.domain == ((-6.0, 6.0), (-6.0, 6.0))
    assert ds.classes == (() if regression else ("-1", "+1"))
    assert ds.n_outputs == 1 and ds.description == info.description


def test_other_defaults():
    expected = {"moons": (500, 0.8, True), "gaussians": (1000, 0.8, True), "arms": (1000, 0.8, True),
                "shapes": (600, 0.8, False), "digits": (1797, 0.8, False), "perceptron": (4, 1.0, False),
                "xor3": (7, 1.0, False),
                "rows341": (4, 1.0, False), "digits4": (4, 1.0, False)}
    for name, (points, share, two_d) in expected.items():
        info = dataset_info(name)
        assert (info.default_points, info.default_train_share, info.two_d) == (points, share, two_d), name
    assert dataset_info("shapes").image_shape == (24, 24) and dataset_info("digits").image_shape == (8, 8)
    with pytest.raises(AttributeError):
        dataset_info("circle").task = REGRESSION   # frozen


def test_unknown_name_suggests_the_nearest():
    with pytest.raises(DataError) as info:
        make_dataset("sprial")
    message = str(info.value)
    assert message.startswith("unknown dataset 'sprial' (did you mean 'spiral'?); choose from: arms, circle, digits")
    with pytest.raises(DataError, match="did you mean 'reg_gauss'"):
        dataset_info("reg-gauss")
    with pytest.raises(DataError, match="unknown dataset 'zzzz'; choose from"):
        dataset_info("zzzz")


@pytest.mark.parametrize("name", GENERATED)
def test_same_seed_same_data_other_seed_other_data(name):
    a = make_dataset(name, points=60, noise=0.1, seed=5)
    b = make_dataset(name, points=60, noise=0.1, seed=5)
    c = make_dataset(name, points=60, noise=0.1, seed=6)
    assert isinstance(a, Dataset) and a == b
    assert not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize("name", GENERATED)
def test_split_is_a_shuffle_of_the_generated_points(name):
    ds = make_dataset(name, points=101, train_share=0.3, seed=2)
    assert len(ds.x_train) == 30 and len(ds.x_test) == 71
    # Shuffled: the training labels are not just the first class in generation order.
    if ds.task == CLASSIFICATION:
        assert len(np.unique(ds.y_train)) == ds.n_classes
    whole = make_dataset(name, points=101, train_share=1.0, seed=2)
    assert whole.x_test.shape == (0, ds.n_inputs) and len(whole.x_train) == 101


def test_train_share_keeps_at_least_one_training_point():
    ds = make_dataset("circle", points=10, train_share=0.01)
    assert len(ds.x_train) == 1 and len(ds.x_test) == 9


def test_noise_reaches_the_generator():
    clean = make_dataset("spiral", seed=1)
    noisy = make_dataset("spiral", seed=1, noise=0.3)
    assert not np.array_equal(clean.x_train, noisy.x_train)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(points=1), LimitError, "points is 1; it must be at least 2"),
    (dict(points=MAX_POINTS + 1), LimitError, f"points is {MAX_POINTS + 1}; the limit is {MAX_POINTS}"),
    (dict(points=2.5), DataError, "points must be a whole number"),
    (dict(points=True), DataError, "points must be a whole number"),
    (dict(noise=-0.1), DataError, "noise must be from 0 to 1"),
    (dict(noise=1.5), DataError, "noise must be from 0 to 1"),
    (dict(noise=math.nan), DataError, "noise must be from 0 to 1"),
    (dict(noise="a"), DataError, "noise must be a number"),
    (dict(train_share=0), DataError, r"train_share must be in \(0, 1\]"),
    (dict(train_share=1.01), DataError, r"train_share must be in \(0, 1\]"),
    (dict(train_share=-0.5), DataError, r"train_share must be in \(0, 1\]"),
    (dict(seed=-1), DataError, "seed must be a whole number >= 0"),
    (dict(seed=1.5), DataError, "seed must be a whole number >= 0"),
    (dict(classes=3), DataError, "classes= applies only to the 'gaussians' and 'arms' datasets, not 'circle'"),
    (dict(size=16), DataError, "size= applies only to the 'shapes' dataset, not 'circle'"),
])
def test_bad_options(kwargs, error, match):
    with pytest.raises(error, match=match) as info:
        make_dataset("circle", **kwargs)
    assert "\n" not in str(info.value)


def test_bad_classes():
    with pytest.raises(LimitError, match="classes is 1; it must be at least 2"):
        make_dataset("gaussians", classes=1)
    with pytest.raises(LimitError, match=f"classes is {MAX_CLASSES + 1}; the limit is {MAX_CLASSES}"):
        make_dataset("gaussians", classes=MAX_CLASSES + 1)
    with pytest.raises(DataError, match="needs at least 5 points"):
        make_dataset("gaussians", classes=5, points=4)
    assert make_dataset("gaussians", classes=MAX_CLASSES, points=MAX_CLASSES).n_classes == MAX_CLASSES


def test_numpy_scalars_are_accepted():
    ds = make_dataset("xor", points=np.int64(40), noise=np.float32(0.25), train_share=np.float64(0.5),
                      seed=np.int32(3))
    assert ds == make_dataset("xor", points=40, noise=0.25, train_share=0.5, seed=3)
