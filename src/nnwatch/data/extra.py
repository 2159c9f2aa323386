"""Two more 2-D sets drawn over the Playground's [-6, 6] square: two moons, and k overlapping Gaussian groups.

Same contract as the Playground generators: ``gen_NAME(n, noise, rng) -> (x, y)`` unshuffled, x float64 (n, 2),
y int64 class indices.
"""

from __future__ import annotations

import numpy as np

__all__ = ["gen_moons", "gen_gaussians", "MOONS_SCALE", "MOONS_JITTER", "GAUSSIANS_RADIUS",
           "GAUSSIANS_SPREAD", "gaussian_centres"]

# The unit moons span x in [-1, 2], y in [-0.5, 1]; centred and scaled by 3 they span [-4.5, 4.5] x [-2.25, 2.25].
MOONS_SCALE = 3.0
# Noise jitters each coordinate by up to U(-1.5, 1.5) * noise, so even at noise 1 nothing leaves [-6, 6].
MOONS_JITTER = 1.5

# Centres of the k groups sit on a circle of this radius; each group is a round Gaussian with this standard
# deviation at noise 0. With k = 4 neighbouring centres are 3.5 apart, about 2.2 spreads: the groups overlap
# heavily (as in the deep-layers story) but a network can still find the four regions.
GAUSSIANS_RADIUS = 2.5
GAUSSIANS_SPREAD = 1.6


def _class_sizes(n: int, k: int) -> np.ndarray:
    """n points over k classes as evenly as possible; the first n % k classes get one extra."""
    return np.full(k, n // k) + (np.arange(k) < n % k)


def gen_moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: the upper moon is class 1 (+1), the lower one class 0 (-1)."""
    n_up = n - n // 2
    t = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t[:n_up]), np.sin(t[:n_up])])
    lower = np.column_stack([1.0 - np.cos(t[n_up:]), 0.5 - np.sin(t[n_up:])])
    # Centre the pair on the origin, where the Playground-style heatmap is centred.
    points = (np.vstack([upper, lower]) - (0.5, 0.25)) * MOONS_SCALE
    points += rng.uniform(-1.0, 1.0, (n, 2)) * (MOONS_JITTER * noise)
    label = np.concatenate([np.ones(n_up, np.int64), np.zeros(n - n_up, np.int64)])
    return points, label


def gaussian_centres(k: int) -> np.ndarray:
    """(k, 2) centres evenly spaced on the circle; rotated by 45 degrees so k = 4 sits on the diagonals."""
    angle = 2 * np.pi * np.arange(k) / k + np.pi / 4
    return GAUSSIANS_RADIUS * np.column_stack([np.cos(angle), np.sin(angle)])


def gen_gaussians(n: int, noise: float, rng: np.random.Generator, k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """k round Gaussian groups with centres on a circle; noise widens them (spread x (1 + noise))."""
    label = np.repeat(np.arange(k, dtype=np.int64), _class_sizes(n, k))
    spread = GAUSSIANS_SPREAD * (1.0 + noise)
    points = gaussian_centres(k)[label] + rng.normal(0.0, spread, (n, 2))
    return points, label
