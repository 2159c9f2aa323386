"""More 2-D sets drawn over the Playground's [-6, 6] square: two moons, k overlapping Gaussian groups, and k
spiral arms wound around each other.

Same contract as the Playground generators: ``gen_NAME(n, noise, rng) -> (x, y)`` unshuffled, x float64 (n, 2),
y int64 class indices.
"""

from __future__ import annotations

import numpy as np

__all__ = ["gen_moons", "gen_gaussians", "MOONS_SCALE", "MOONS_JITTER", "GAUSSIANS_RADIUS",
           "GAUSSIANS_SPREAD", "gaussian_centres", "gen_arms", "ARMS_TURNS", "ARMS_SPREAD", "arm_distances"]

# The unit moons span x in [-1, 2], y in [-0.5, 1]; centred and scaled by 3 they span [-4.5, 4.5] x [-2.25, 2.25].
MOONS_SCALE = 3.0
# Noise jitters each coordinate by up to U(-1.5, 1.5) * noise, so even at noise 1 nothing leaves [-6, 6].
MOONS_JITTER = 1.5

# Centres of the k groups sit on a circle of this radius; each group is a round Gaussian with this standard
# deviation at noise 0. With k = 4 neighbouring centres are 3.5 apart, about 2.2 spreads: the groups overlap
# heavily (as in the deep-layers story) but a network can still find the four regions.
GAUSSIANS_RADIUS = 2.5
GAUSSIANS_SPREAD = 1.6

# k arms start near the origin, each turned 2 pi / k from the last, and wind ARMS_TURNS times out to radius
# ARMS_INNER + ARMS_REACH. Each point is pushed off its arm by a round Gaussian of ARMS_SPREAD (at noise 0):
# with k = 4 neighbouring arms lie 1.35 apart, about four spreads, so their edges meet. No straight line and no
# single bend separates them; a network has to unwind the plane, which is why the deep-layers lesson uses it.
ARMS_TURNS = 1.0
ARMS_INNER = 0.4
ARMS_REACH = 5.0
ARMS_SPREAD = 0.35


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


def gen_arms(n: int, noise: float, rng: np.random.Generator, k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """k spiral arms wound around each other, class j the arm that starts at angle 2 pi j / k; noise widens
    them (spread x (1 + noise)). Points are spread evenly along each arm's length, not its angle: the distance
    from the origin is drawn as sqrt(uniform), so the outer turns are not thinner than the inner ones."""
    label = np.repeat(np.arange(k, dtype=np.int64), _class_sizes(n, k))
    t = np.sqrt(rng.uniform(0.0, 1.0, n))
    radius = ARMS_INNER + ARMS_REACH * t
    angle = 2 * np.pi * (label / k + ARMS_TURNS * t)
    points = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    points += rng.normal(0.0, ARMS_SPREAD * (1.0 + noise), (n, 2))
    return points, label


def arm_distances(x: np.ndarray, k: int = 4, samples: int = 2001) -> np.ndarray:
    """(n, k): each point's distance to the centre line of every arm of ``gen_arms`` (each line sampled at
    ``samples`` points along its length). The nearest arm is the best guess there is for a point's class: the
    arms are equally wide, so the likelier one is (nearly) the closer one."""
    t = np.linspace(0.0, 1.0, samples)
    radius = ARMS_INNER + ARMS_REACH * t
    out = np.empty((len(x), k))
    for arm in range(k):
        angle = 2 * np.pi * (arm / k + ARMS_TURNS * t)
        line = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        out[:, arm] = np.sqrt(((x[:, None, :] - line[None]) ** 2).sum(-1)).min(axis=1)
    return out
