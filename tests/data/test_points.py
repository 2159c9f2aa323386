import numpy as np
import pytest

from nnwatch.data.points import points_dataset
from nnwatch.errors import DataError, LimitError


def test_drawn_points_become_a_dataset():
    rows = [[-3, 1, 0], [-2, 2, 0], [3, 1, 2], [2, -1, 2], [0, 0, 2], [-4, -4, 0]]
    ds = points_dataset(rows, train_share=0.5, seed=1)
    assert ds.classes == ("0", "2") and ds.n_points == 6 and len(ds.x_train) == 3
    assert set(np.concatenate([ds.y_train, ds.y_test]).tolist()) == {0, 1}  # labels become class indices
    assert ds.domain == ((-6.0, 6.0), (-6.0, 6.0)) and ds.name == "drawn"


def test_regression_points_keep_their_targets():
    ds = points_dataset([[0, 0, 0.5], [1, 1, -0.25], [2, 2, 1.0]], "regression", train_share=1.0)
    assert sorted(ds.y_train.tolist()) == [-0.25, 0.5, 1.0] and ds.classes == ()


@pytest.mark.parametrize("rows, task, error, message", [
    ([[0, 0, 1]], "classification", DataError, "at least 2 are needed"),
    ([[0, 0, 1], [1, 1, 1]], "classification", DataError, "single class"),
    ([[0, 0, 0.5], [1, 1, 1]], "classification", DataError, "whole numbers"),
    ([[0, 0], [1, 1]], "classification", DataError, "rows of three numbers"),
    ([[0, float("nan"), 0], [1, 1, 1]], "classification", DataError, "NaN"),
    ([[0, 0, 0], [1, 1, 1]], "clustering", DataError, "task must be"),
    ([[0, 0, i % 2] for i in range(200_001)], "classification", LimitError, "the limit is 200000"),
])
def test_bad_points(rows, task, error, message):
    with pytest.raises(error, match=message):
        points_dataset(rows, task)
