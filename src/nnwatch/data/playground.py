"""The six TensorFlow Playground datasets, generated the way the Playground generates them.

Each ``gen_NAME(n, noise, rng)`` returns ``(x, y)`` in generation order (unshuffled: the registry shuffles and
splits). ``x`` is float64 (n, 2); classification ``y`` is int64 with 1 for the Playground's +1 and 0 for its -1;
regression ``y`` is float64. ``noise`` is a fraction (the Playground's 0..50 slider divided by 100), allowed up
to 1 here.

How noise works matters, because it is what the Playground's pictures show: for circle, XOR and the two
regression sets a random offset is added to the point *only to compute its label*; the point itself is drawn at
its clean position, so noise shows up as wrong labels near the boundary rather than as scattered points. Spiral
jitters the coordinates themselves, and Gauss widens the blobs.
"""

from __future__ import annotations

import numpy as np

__all__ = ["gen_circle", "gen_xor", "gen_gauss", "gen_spiral", "gen_reg_plane", "gen_reg_gauss",
           "REG_GAUSS_CENTRES", "reg_gauss_target", "circle_label", "xor_label"]

CIRCLE_RADIUS = 5.0       # the ring's outer radius, and the r of the label-noise offset U(-r, r)
XOR_RANGE = 5.0           # coordinates drawn from U(-5, 5) before padding; also the noise r
XOR_PADDING = 0.3         # every coordinate is pushed this far away from 0
REG_RADIUS = 6.0          # regression points cover U(-6, 6)^2; also the noise r

# (cx, cy, sign) of the six bumps of the regression-gauss surface, in the Playground's order.
REG_GAUSS_CENTRES = np.array([
    (-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0),
])


def _halves(n: int) -> tuple[int, int]:
    """Sizes of the first (+1) and second (-1) half; an odd n gives the extra point to the first."""
    return n - n // 2, n // 2


def circle_label(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Class 1 (+1) strictly inside radius 2.5 (half the ring's radius), else class 0 (-1)."""
    return (np.hypot(x, y) < CIRCLE_RADIUS * 0.5).astype(np.int64)


def xor_label(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Class 1 (+1) where x*y >= 0 (first and third quadrants), else class 0 (-1)."""
    return (x * y >= 0).astype(np.int64)


def gen_circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Half the points in the disc r < 2.5, half in the ring 3.5 <= r < 5; labels from noisy positions."""
    n_in, n_out = _halves(n)
    radius = np.concatenate([
        rng.uniform(0.0, CIRCLE_RADIUS * 0.5, n_in),
        rng.uniform(CIRCLE_RADIUS * 0.7, CIRCLE_RADIUS, n_out),
    ])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    # The Playground puts sin on x and cos on y; kept so the same angle lands in the same place.
    px, py = radius * np.sin(angle), radius * np.cos(angle)
    offset = rng.uniform(-CIRCLE_RADIUS, CIRCLE_RADIUS, (2, n)) * noise
    label = circle_label(px + offset[0], py + offset[1])
    return np.column_stack([px, py]), label


def _pad_away_from_zero(v: np.ndarray) -> np.ndarray:
    # As the Playground does: positive values move up by the padding, zero and negatives move down.
    return v + np.where(v > 0, XOR_PADDING, -XOR_PADDING)


def gen_xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points in the four quadrants, kept 0.3 off the axes; +1 where x*y >= 0 after the noise offset."""
    px = _pad_away_from_zero(rng.uniform(-XOR_RANGE, XOR_RANGE, n))
    py = _pad_away_from_zero(rng.uniform(-XOR_RANGE, XOR_RANGE, n))
    offset = rng.uniform(-XOR_RANGE, XOR_RANGE, (2, n)) * noise
    label = xor_label(px + offset[0], py + offset[1])
    return np.column_stack([px, py]), label


def gauss_variance(noise: float) -> float:
    """The Playground's linear map of noise 0..0.5 onto variance 0.5..4, extended on the same line above 0.5."""
    return 0.5 + (4.0 - 0.5) * (noise / 0.5)


def gen_gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two round Gaussian blobs: (2, 2) is +1, (-2, -2) is -1; noise sets their variance."""
    n_pos, n_neg = _halves(n)
    std = np.sqrt(gauss_variance(noise))
    pos = rng.normal(2.0, std, (n_pos, 2))
    neg = rng.normal(-2.0, std, (n_neg, 2))
    label = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return np.vstack([pos, neg]), label


def _spiral_arm(m: int, turn: float, noise: float, rng: np.random.Generator) -> np.ndarray:
    # Point i of an arm of m points sits at radius 5i/m and angle 1.75 turns * i/m (+ the arm's offset).
    i = np.arange(m, dtype=np.float64)
    radius = 5.0 * i / m
    angle = 1.75 * 2 * np.pi * i / m + turn
    jitter = rng.uniform(-1.0, 1.0, (m, 2)) * noise
    return np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]) + jitter


def gen_spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms (+1 first, -1 rotated by pi); noise jitters the coordinates directly."""
    n_pos, n_neg = _halves(n)
    pos = _spiral_arm(n_pos, 0.0, noise, rng)
    neg = _spiral_arm(n_neg, np.pi, noise, rng)
    label = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return np.vstack([pos, neg]), label


def _uniform_square_with_offsets(n: int, noise: float, rng: np.random.Generator):
    # Clean points, and the noise offsets that only the target computation sees.
    points = rng.uniform(-REG_RADIUS, REG_RADIUS, (n, 2))
    offset = rng.uniform(-REG_RADIUS, REG_RADIUS, (n, 2)) * noise
    return points, offset


def gen_reg_plane(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points over [-6, 6]^2; target (x + y) / 10 computed on the noise-offset coordinates."""
    points, offset = _uniform_square_with_offsets(n, noise, rng)
    noisy = points + offset
    return points, (noisy[:, 0] + noisy[:, 1]) / 10.0


def reg_gauss_target(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The regression-gauss surface: of the six bumps sign * clamp(1 - d/2, 0, 1), the largest in |value|."""
    cx, cy, sign = REG_GAUSS_CENTRES.T
    d = np.hypot(x[:, None] - cx[None, :], y[:, None] - cy[None, :])
    bumps = sign[None, :] * np.clip(1.0 - d / 2.0, 0.0, 1.0)
    # argmax takes the first of equal |values|, as the Playground's strict '>' scan in centre order does.
    pick = np.argmax(np.abs(bumps), axis=1)
    # + 0.0 turns the -0.0 of a negative bump far away into a plain 0.0.
    return bumps[np.arange(len(x)), pick] + 0.0


def gen_reg_gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points over [-6, 6]^2; target read off the six-bump surface at the noise-offset coordinates."""
    points, offset = _uniform_square_with_offsets(n, noise, rng)
    noisy = points + offset
    return points, reg_gauss_target(noisy[:, 0], noisy[:, 1])
