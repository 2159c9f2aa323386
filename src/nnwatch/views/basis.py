"""The basis view: a weight matrix as a linear transformation of the plane.

SEEDS.md §4. The unit vectors i-hat = (1, 0) and j-hat = (0, 1) move to the matrix's columns; every grid line
goes along, staying straight, parallel and evenly spaced; the origin stays put. The matrix M is shown with
its columns in the colours of the vectors that land on them. Progress through a shot moves the plane from
the identity to M along the straight path (1 − t)·I + t·M, as the transform view animates W·x.

Rotation, scaling, shearing and reflection are examples (``MATRICES``); any 2x2 matrix works.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection

from nnwatch.errors import NNWatchError
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.pictures import I_HAT, J_HAT, Backdrop, Step, picture_of, progress_of, ramp, tour_plan

__all__ = ["BasisView", "BasisPicture", "MATRICES", "moved"]

GRID = 12         # grid lines from -GRID to GRID in both directions
VIEW_HALF = 4.2   # half the height shown, in grid units

MATRICES = {
    "columns (1, 2) and (2, 1)": ((1.0, 2.0), (2.0, 1.0)),
    "rotation by 90°": ((0.0, -1.0), (1.0, 0.0)),
    "scaling by 2 and 0.5": ((2.0, 0.0), (0.0, 0.5)),
    "shearing": ((1.0, 1.0), (0.0, 1.0)),
    "reflection in the vertical axis": ((-1.0, 0.0), (0.0, 1.0)),
}


@dataclass(frozen=True)
class BasisPicture:
    """The 2x2 ``matrix`` (rows) moving the plane, and what to call it on screen."""

    matrix: tuple[tuple[float, float], tuple[float, float]] = ((1.0, 2.0), (2.0, 1.0))
    name: str = ""

    def __post_init__(self):
        m = np.asarray(self.matrix, dtype=np.float64)
        if m.shape != (2, 2) or not np.isfinite(m).all():
            raise NNWatchError(f"the basis view needs a 2x2 matrix of numbers, got {np.asarray(self.matrix).tolist()}")

    @property
    def m(self) -> np.ndarray:
        return np.asarray(self.matrix, dtype=np.float64)


def moved(matrix: np.ndarray, t: float) -> np.ndarray:
    """The matrix a fraction t of the way from the identity to ``matrix``."""
    return (1.0 - t) * np.eye(2) + t * np.asarray(matrix, dtype=np.float64)


def _fmt(v: float) -> str:
    return f"{v:g}".replace("-", "−")


TOUR = [Step(4.5, "basis", BasisPicture(matrix, name), f"A matrix moves the plane: {name}",
              "î and ĵ land on the matrix's columns; grid lines stay straight and parallel; the origin stays put")
        for name, matrix in MATRICES.items()]


class BasisView(View):
    name = "basis"
    options = BasisPicture  # a picture of the view, given as its options
    needs_training = False  # draws fixed facts, not the run (video.render.needs_training)

    @classmethod
    def plan_for(cls, run, options):
        """On its own: each example matrix moving the plane."""
        return tour_plan(run, options, cls.name, TOUR)

    def init(self, ax, scene: Scene) -> None:
        self.ax, self.scene = ax, scene
        theme = scene.theme
        self.backdrop = Backdrop(ax, scene.still)
        self.static: list = []
        ticks = np.arange(-GRID, GRID + 1, dtype=np.float64)
        far = 3.0 * GRID  # lines long enough to cross the view after any example matrix
        self.lines = np.array([[[x, -far], [x, far]] for x in ticks] + [[[-far, y], [far, y]] for y in ticks])
        self.grid = LineCollection([], colors="#0877bd", linewidths=1.0 * theme.scale, alpha=0.55)
        self.axes_lines = LineCollection([], colors="#0877bd", linewidths=1.8 * theme.scale)
        ax.add_collection(self.grid)
        ax.add_collection(self.axes_lines)
        style = dict(lw=3.2 * theme.scale, solid_capstyle="round")
        self.i_shaft, = ax.plot([], [], color=I_HAT, **style)
        self.j_shaft, = ax.plot([], [], color=J_HAT, **style)
        self.i_head, = ax.plot([], [], marker=(3, 0, 0), color=I_HAT, ms=13 * theme.scale, ls="none")
        self.j_head, = ax.plot([], [], marker=(3, 0, 0), color=J_HAT, ms=13 * theme.scale, ls="none")
        self.i_label = ax.text(0, 0, "", color=I_HAT, fontsize=theme.font(13), weight="bold", ha="left")
        self.j_label = ax.text(0, 0, "", color=J_HAT, fontsize=theme.font(13), weight="bold", ha="left")
        self.origin, = ax.plot([0], [0], "o", color=theme.text, ms=6 * theme.scale, zorder=5)
        self.moving = [self.grid, self.axes_lines, self.i_shaft, self.j_shaft, self.i_head, self.j_head,
                       self.i_label, self.j_label, self.origin]
        self.animated(*self.moving)

    def _setup(self, picture: BasisPicture) -> None:
        ax, theme = self.ax, self.scene.theme
        for artist in self.static:
            artist.remove()
        self.static = []
        self.picture = picture
        bbox = ax.get_window_extent()
        aspect = bbox.width / max(bbox.height, 1)
        # The plane's middle a little right of centre, leaving room for the matrix on the left.
        ax.set_xlim(-VIEW_HALF * aspect * 0.8, VIEW_HALF * aspect * 1.2)
        ax.set_ylim(-VIEW_HALF, VIEW_HALF)
        ax.set_axis_off()
        # The untouched grid stays behind, faint, to compare with.
        for k in range(-GRID * 2, GRID * 2 + 1):
            self.static.append(ax.axvline(k, color="#dddddd", lw=0.7 * theme.scale, zorder=0))
            self.static.append(ax.axhline(k, color="#dddddd", lw=0.7 * theme.scale, zorder=0))
        m = picture.m
        left = ax.get_xlim()[0] + 0.35
        top = VIEW_HALF - 0.5
        size = theme.font(15)
        self.static.append(ax.text(left, top, "M =", fontsize=size, color=theme.text, va="top", ha="left",
                                   family="monospace"))
        for col, color in ((0, I_HAT), (1, J_HAT)):
            column = "\n".join(f"{_fmt(v):>3}" for v in m[:, col])
            self.static.append(ax.text(left + 1.25 + 0.95 * col, top + 0.05, column, fontsize=size, color=color,
                                       va="top", ha="left", family="monospace", weight="bold",
                                       linespacing=1.3))
        self.static.append(ax.text(left, top - 1.55, "columns: where î and ĵ land", fontsize=theme.font(10),
                                   color=theme.faint, va="top", ha="left"))
        if picture.name:
            self.static.append(ax.text(left, top - 2.15, picture.name, fontsize=theme.font(12), color=theme.text,
                                       va="top", ha="left", weight="bold"))
        self.static.append(ax.text(0.15, -0.2, "origin", fontsize=theme.font(9), color=theme.faint,
                                   va="top", ha="left", zorder=1))

    def update(self, frame: Frame) -> list:
        picture = picture_of(frame, self.scene, BasisPicture, self.name)
        backdrop = self.backdrop.items(picture, lambda: self._setup(picture))
        a = moved(picture.m, ramp(progress_of(frame), 0.1, 0.8))
        ends = self.lines @ a.T  # each grid line's two ends, moved
        middle = [GRID, 3 * GRID + 1]  # the lines x = 0 and y = 0
        self.grid.set_segments(np.delete(ends, middle, axis=0))
        self.axes_lines.set_segments(ends[middle])
        i_tip, j_tip = a[:, 0], a[:, 1]
        for shaft, head, label, tip, name, turn in ((self.i_shaft, self.i_head, self.i_label, i_tip, "î", 1.0),
                                                   (self.j_shaft, self.j_head, self.j_label, j_tip, "ĵ", -1.0)):
            shaft.set_data([0, tip[0]], [0, tip[1]])
            head.set_data([tip[0]], [tip[1]])
            head.set_marker((3, 0, np.degrees(np.arctan2(tip[1], tip[0])) - 90))
            away = _turned(tip / max(np.linalg.norm(tip), 1e-9), turn * _apart(i_tip, j_tip))  # beyond the tip
            label.set_position(tip + 0.22 * away)
            label.set_horizontalalignment("left" if away[0] >= -0.3 else "right")
            label.set_verticalalignment("bottom" if away[1] >= 0 else "top")
            label.set_text(f"{name} ({_fmt(round(tip[0], 2))}, {_fmt(round(tip[1], 2))})")
        return backdrop + self.moving

    def tips(self, frame: Frame) -> tuple[np.ndarray, np.ndarray]:
        """Where i-hat and j-hat point in this frame (data coordinates)."""
        picture = picture_of(frame, self.scene, BasisPicture, self.name)
        a = moved(picture.m, ramp(progress_of(frame), 0.1, 0.8))
        return a[:, 0], a[:, 1]


def _apart(i_tip: np.ndarray, j_tip: np.ndarray) -> float:
    """Radians the two labels turn away from each other off their vectors: none while the tips are apart, up
    to 0.9 as they pass close by (a matrix on its way to columns (1, 2) and (2, 1) brings them together), î's
    to the side it is ahead of ĵ on."""
    closeness = float(np.clip((1.3 - np.linalg.norm(i_tip - j_tip)) / 0.6, 0.0, 1.0))
    ahead = np.arctan2(i_tip[1], i_tip[0]) >= np.arctan2(j_tip[1], j_tip[0])
    return 0.9 * closeness * (1.0 if ahead else -1.0)


def _turned(direction: np.ndarray, angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([c * direction[0] - s * direction[1], s * direction[0] + c * direction[1]])
