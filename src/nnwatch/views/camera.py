"""A 3-D camera drawn onto a plain 2-D Axes, and the extents that keep a moving picture framed.

matplotlib's 3-D Axes redraw their whole scene for every change and cannot be blitted, so the transform view
projects its 3-D points itself: a rotation about the vertical axis (azimuth), then a look down at an elevation,
orthographic. ``tilt`` goes from 0 (straight down: exactly the 2-D picture, x right and y up) to 1 (the 3-D
view), so a picture can rise from the plane into 3-D and sink back without a jump. The azimuth swings slowly
back and forth with time rather than turning round and round: the camera can then always come back to the
plane, whatever the moment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnwatch.easing import smoothstep

__all__ = ["Camera", "camera_at", "best_azimuth", "Box", "fit_extent"]

AZIMUTH = -35.0       # degrees; the 3-D view looks at the first octant from its front right
SWING = 20.0          # degrees either side of the chosen azimuth
SWING_SECONDS = 14.0  # one full swing
ELEVATION = 24.0      # degrees above the plane in the 3-D view


@dataclass(frozen=True)
class Camera:
    azimuth: float = 0.0    # degrees about the vertical (third) axis
    elevation: float = 90.0  # degrees; 90 looks straight down
    tilt: float = 0.0       # 0: the plane seen from above, 1: the full 3-D view

    def project(self, points: np.ndarray) -> np.ndarray:
        """(n, 3) points -> (n, 2) screen coordinates (same units, y up)."""
        a, e = math.radians(self.azimuth), math.radians(self.elevation)
        x, y, z = points[:, 0], points[:, 1], points[:, 2]
        turned_x = x * math.cos(a) - y * math.sin(a)
        turned_y = x * math.sin(a) + y * math.cos(a)
        return np.column_stack([turned_x, turned_y * math.sin(e) + z * math.cos(e)])


def camera_at(time: float, tilt: float, azimuth: float = AZIMUTH) -> Camera:
    """The camera at a moment of the video, ``tilt`` of the way from the plane to the 3-D view, swinging
    about ``azimuth``."""
    tilt = smoothstep(tilt)
    swing = azimuth + SWING * math.sin(2 * math.pi * time / SWING_SECONDS)
    return Camera(azimuth=tilt * swing, elevation=90.0 - tilt * (90.0 - ELEVATION), tilt=tilt)


def best_azimuth(points: np.ndarray, candidates: np.ndarray | None = None) -> float:
    """The azimuth at which 3-D points cover the most of the picture (the area of their spread, with a
    slight preference for the usual view): a plane of points seen edge-on would show as a line.

    Candidates span half a turn (a view and its opposite show the same spread), every 5 degrees around
    AZIMUTH, so a network that changes little gets the same camera.
    """
    finite = points[np.all(np.isfinite(points), axis=1)]
    if len(finite) < 3:
        return AZIMUTH
    centred = finite - finite.mean(axis=0)
    candidates = AZIMUTH + np.arange(-90.0, 90.0, 5.0) if candidates is None else candidates
    scores = []
    for azimuth in candidates:
        screen = Camera(azimuth, ELEVATION, 1.0).project(centred)
        area = math.sqrt(max(np.linalg.det(np.cov(screen.T)), 0.0))
        scores.append(area * (0.8 + 0.2 * math.cos(math.radians(azimuth - AZIMUTH))))
    return float(candidates[int(np.argmax(scores))])


@dataclass(frozen=True)
class Box:
    """An axis-aligned 3-D box around drawn points (a 2-D picture has z from 0 to 0)."""

    lo: np.ndarray
    hi: np.ndarray

    @classmethod
    def around(cls, *point_sets: np.ndarray) -> "Box":
        stacked = np.concatenate([p[np.all(np.isfinite(p), axis=1)] for p in point_sets], axis=0)
        if len(stacked) == 0:
            return cls(np.full(3, -1.0), np.full(3, 1.0))
        return cls(stacked.min(axis=0), stacked.max(axis=0))

    def mix(self, other: "Box", t: float) -> "Box":
        return Box(self.lo + (other.lo - self.lo) * t, self.hi + (other.hi - self.hi) * t)

    @property
    def reach(self) -> float:
        """The farthest any side of the box is from the origin (the length drawn for the axes)."""
        return float(max(np.max(np.abs(self.lo)), np.max(np.abs(self.hi))))


def fit_extent(box: Box, camera: Camera, aspect: float, margin: float = 0.08) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) on screen holding the box at equal scale on both axes, for a box of width/height
    ``aspect``. Seen from above it is the box's own rectangle; in 3-D, the disc the box's bounding sphere
    projects to, which does not change as the camera swings (no breathing zoom)."""
    corners = np.array([[x, y, z] for x in (box.lo[0], box.hi[0]) for y in (box.lo[1], box.hi[1])
                        for z in (box.lo[2], box.hi[2])])
    flat = camera.project(corners)
    center_flat = (flat.min(axis=0) + flat.max(axis=0)) / 2
    half_flat = (flat.max(axis=0) - flat.min(axis=0)) / 2
    center_3d = camera.project(((box.lo + box.hi) / 2)[None, :])[0]
    radius = float(np.linalg.norm(box.hi - box.lo)) / 2
    t = camera.tilt
    center = (1 - t) * center_flat + t * center_3d
    half = (1 - t) * half_flat + t * np.array([radius, radius])
    half_w, half_h = max(half[0], half[1] * aspect), max(half[1], half[0] / aspect)
    if not half_w > 1e-12:  # every point in one place: any scale shows it
        half_w, half_h = aspect, 1.0
    half_w, half_h = half_w * (1 + margin), half_h * (1 + margin)
    return center[0] - half_w, center[0] + half_w, center[1] - half_h, center[1] + half_h
