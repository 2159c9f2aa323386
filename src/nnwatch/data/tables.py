"""The small fixed tables the lessons replay (SEEDS.md): the rows exactly as the stories print them.

A table has fixed rows, so the point count and noise do not apply. The rows keep the story's order (lessons
print outputs row by row), and by default all of them are training rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnwatch.data.dataset import CLASSIFICATION, REGRESSION
from nnwatch.data.split import pixel_names

__all__ = ["Table", "TABLES", "DIGIT_BITMAPS", "perceptron", "xor3", "rows341", "digits4"]


@dataclass(frozen=True, eq=False)
class Table:
    """A fixed table: rows x (n, d) float64, targets y, and how to read them."""

    x: np.ndarray
    y: np.ndarray
    task: str
    classes: tuple[str, ...]
    input_names: tuple[str, ...]
    domain: tuple[tuple[float, float], ...]
    image_shape: tuple[int, int] | None = None


def _column_domain(x: np.ndarray) -> tuple[tuple[float, float], ...]:
    # Half a unit past the extreme values: binary columns get (-0.5, 1.5), so probes show both sides of 0 and 1.
    return tuple((float(c.min()) - 0.5, float(c.max()) + 0.5) for c in x.T)


def _binary_table(rows: list[list[int]], labels: list[int]) -> Table:
    x = np.array(rows, dtype=np.float64)
    return Table(
        x=x,
        y=np.array(labels, dtype=np.int64),
        task=CLASSIFICATION,
        # The stories' labels are 0 and 1, so the class names are the labels themselves.
        classes=("0", "1"),
        input_names=tuple(f"x{i + 1}" for i in range(x.shape[1])),
        domain=_column_domain(x),
    )


def perceptron() -> Table:
    """SEEDS.md section 5: the single-layer perceptron's four rows; the label is the first column."""
    return _binary_table([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [0, 0, 1, 1])


def xor3() -> Table:
    """SEEDS.md section 1: seven rows, label = XOR of the first two columns; the third column is irrelevant."""
    rows = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]
    return _binary_table(rows, [0, 1, 1, 1, 1, 0, 0])


def rows341() -> Table:
    """SEEDS.md section 5: the 3-4-1 net's rows, with the contradictory duplicate [2,2,2] rows kept on purpose."""
    return _binary_table([[1, 1, 1], [3, 3, 3], [2, 2, 2], [2, 2, 2]], [1, 1, 0, 1])


# Digits 0..3 as 5-row by 4-column bitmaps (1 = ink), drawn to be unambiguous at this size.
DIGIT_BITMAPS = np.array([
    [[1, 1, 1, 1],
     [1, 0, 0, 1],
     [1, 0, 0, 1],
     [1, 0, 0, 1],
     [1, 1, 1, 1]],
    [[0, 0, 1, 0],
     [0, 1, 1, 0],
     [0, 0, 1, 0],
     [0, 0, 1, 0],
     [0, 1, 1, 1]],
    [[1, 1, 1, 1],
     [0, 0, 0, 1],
     [1, 1, 1, 1],
     [1, 0, 0, 0],
     [1, 1, 1, 1]],
    [[1, 1, 1, 1],
     [0, 0, 0, 1],
     [0, 1, 1, 1],
     [0, 0, 0, 1],
     [1, 1, 1, 1]],
], dtype=np.float64)


def digits4() -> Table:
    """SEEDS.md section 5: bitmaps of 0..3 (20 inputs); regression target digit / 3, as the story scales it."""
    rows, cols = DIGIT_BITMAPS.shape[1:]
    return Table(
        x=DIGIT_BITMAPS.reshape(len(DIGIT_BITMAPS), rows * cols),
        # One sigmoid output in [0, 1] has to reach every digit, hence the division by the largest, 3.
        y=np.arange(4, dtype=np.float64) / 3.0,
        task=REGRESSION,
        classes=(),
        input_names=pixel_names(rows, cols),
        domain=((0.0, 1.0),) * (rows * cols),
        image_shape=(int(rows), int(cols)),
    )


TABLES = {"perceptron": perceptron, "xor3": xor3, "rows341": rows341, "digits4": digits4}
