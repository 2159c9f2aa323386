"""scikit-learn's bundled 8x8 handwritten digits (1797 images), read from the copy inside scikit-learn.

scikit-learn is optional (the 'digits' extra) and heavy to import, so it is imported only when this dataset is
actually asked for: importing nnwatch.data never pulls it in.
"""

from __future__ import annotations

import numpy as np

from nnwatch.errors import DataError

__all__ = ["DIGITS_COUNT", "DIGITS_SHAPE", "DIGITS_CLASSES", "load_digits_arrays"]

DIGITS_COUNT = 1797
DIGITS_SHAPE = (8, 8)
DIGITS_CLASSES = tuple(str(d) for d in range(10))
_MAX_PIXEL = 16.0    # the bundled images store ink as integers 0..16


def load_digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """(x (1797, 64) float64 in 0..1, y (1797,) int64 digits 0..9), in the file's order."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise DataError("the 'digits' dataset needs scikit-learn: pip install 'nnwatch[digits]'") from None
    bunch = load_digits()
    x = np.asarray(bunch.data, dtype=np.float64) / _MAX_PIXEL
    y = np.asarray(bunch.target, dtype=np.int64)
    return x, y
