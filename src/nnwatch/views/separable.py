"""The separable view: red and green points that one straight line can split, and points that no line can.

SEEDS.md §4. A perceptron's boundary is a straight line, so it can only sort point sets that are linearly
separable. Left, two groups a line separates; right, green points ringed by red ones. In each panel a line
turns as the shot progresses, placed where it does best for its direction, with the count of points on its
wrong side: on the left it settles where nothing is wrong; on the right every direction leaves some wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.pictures import BAD, GOOD, Backdrop, Step, picture_of, progress_of, ramp, tour_plan

__all__ = ["SeparableView", "SeparablePicture", "point_sets", "best_line"]

HALF = 3.0  # each panel shows [-HALF, HALF]^2
SEPARATING = np.radians(135.0)  # the direction of the line y = −x, which splits the left panel's groups
REACH = 1.2  # lines are tried within this distance of the middle, so that they cut through the points


@dataclass(frozen=True)
class SeparablePicture:
    """``panels``: 1 shows the separable set only, 2 adds the set no line separates."""

    panels: int = 2
    seed: int = 4

    def __post_init__(self):
        if self.panels not in (1, 2):
            raise NNWatchError(f"the separable view has 1 or 2 panels, not {self.panels}")


def point_sets(seed: int = 4) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Two point sets (points, labels 1 green / 0 red): 'separable' (two groups either side of the line
    y = −x) and 'ring' (green inside, red around)."""
    rng = np.random.default_rng(seed)
    n = 24
    green = rng.normal([1.1, 1.0], 0.55, (n, 2))
    red = rng.normal([-1.1, -0.9], 0.55, (n, 2))
    # Keep each group on its own side with a clear margin: this set is separable by construction.
    green = green[green.sum(axis=1) > 0.6]
    red = red[red.sum(axis=1) < -0.6]
    separable = (np.vstack([green, red]), np.r_[np.ones(len(green)), np.zeros(len(red))])
    inner = rng.normal(0.0, 0.45, (n, 2))
    angles = rng.uniform(0, 2 * np.pi, 2 * n)
    radii = rng.uniform(1.7, 2.5, 2 * n)
    outer = np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
    ring = (np.vstack([inner, outer]), np.r_[np.ones(len(inner)), np.zeros(len(outer))])
    return {"separable": separable, "ring": ring}


def best_line(points: np.ndarray, labels: np.ndarray, angle: float) -> tuple[float, int]:
    """The best line running in direction ``angle`` (radians) that passes within REACH of the middle: its
    offset from the origin along its normal, and how many points it leaves on the wrong side. Every such
    offset and both orientations are tried. (A line far off to one side calls every point one colour: it
    cuts nothing, so it is not shown.)"""
    normal = np.array([-np.sin(angle), np.cos(angle)])
    along = points @ normal
    order = np.argsort(along)
    cuts = np.r_[-REACH, (along[order][1:] + along[order][:-1]) / 2, REACH]
    cuts = cuts[np.abs(cuts) <= REACH]
    wrong = np.array([np.sum((along > cut) != (labels > 0)) for cut in cuts])
    wrong = np.minimum(wrong, len(points) - wrong)
    # Of the lines doing best, the one nearest the middle.
    best = min(np.flatnonzero(wrong == wrong.min()), key=lambda k: abs(cuts[k]))
    return float(cuts[best]), int(wrong[best])


TOUR = [
    Step(5.0, "separable", SeparablePicture(panels=1), "Linearly separable",
         "One straight line puts every green point on one side and every red point on the other"),
    Step(7.0, "separable", SeparablePicture(panels=2), "Not linearly separable",
         "Green ringed by red: every straight line leaves points on the wrong side"),
]


class SeparableView(View):
    name = "separable"
    options = SeparablePicture  # a picture of the view, given as its options
    needs_training = False  # draws fixed facts, not the run (video.render.needs_training)

    @classmethod
    def plan_for(cls, run, options):
        """On its own: a separable set, then one that is not."""
        return tour_plan(run, options, cls.name, TOUR)

    def init(self, ax, scene: Scene) -> None:
        self.ax, self.scene = ax, scene
        ax.set_axis_off()
        self.backdrop = Backdrop(ax, scene.still)
        self.sets = point_sets()
        self.panels: list = []
        self.lines: list = []
        self.counts: list = []

    def _setup(self, picture: SeparablePicture) -> None:
        theme = self.scene.theme
        for panel in self.panels:
            panel.remove()
        self.panels, self.lines, self.counts = [], [], []
        self.sets = point_sets(picture.seed)
        bbox = self.ax.get_window_extent()
        aspect = bbox.width / max(bbox.height, 1)
        width = min(0.9 / aspect, 0.47)  # square panels
        titles = {"separable": "linearly separable: one line splits them",
                  "ring": "not linearly separable: no line can"}
        for k, name in enumerate(("separable", "ring")[: picture.panels]):
            panel = self.ax.inset_axes([0.25 - width / 2 + 0.5 * k, 0.0, width, width * aspect])
            panel.set_xlim(-HALF, HALF)
            panel.set_ylim(-HALF, HALF)
            panel.set_xticks([])
            panel.set_yticks([])
            for spine in panel.spines.values():
                spine.set_color(theme.faint)
            points, labels = self.sets[name]
            colors = np.where(labels[:, None] > 0, _rgb(GOOD), _rgb(BAD))
            panel.scatter(points[:, 0], points[:, 1], s=34 * theme.scale ** 2, c=colors, edgecolors="white",
                          linewidths=0.5 * theme.scale)
            panel.set_title(titles[name], fontsize=theme.font(12), color=theme.text)
            line, = panel.plot([], [], color=theme.text, lw=2.2 * theme.scale)
            count = panel.text(0.03, 0.04, "", transform=panel.transAxes, fontsize=theme.font(11),
                               color=theme.text, family="monospace", ha="left", va="bottom")
            self.animated(line, count)
            self.panels.append(panel)
            self.lines.append(line)
            self.counts.append(count)

    def angles(self, u: float) -> tuple[float, float]:
        """The line's direction in each panel at progress u: the left one turns onto the separating
        direction and stays; the right one keeps turning through half a turn, finding no such direction."""
        left = SEPARATING + np.radians(110.0) * (1.0 - ramp(u, 0.05, 0.7))
        right = SEPARATING + np.pi * ramp(u, 0.05, 0.95)
        return left, right

    def update(self, frame: Frame) -> list:
        picture = picture_of(frame, self.scene, SeparablePicture, self.name)
        drawn = self.backdrop.items(picture, lambda: self._setup(picture))
        for name, angle, line, count in zip(("separable", "ring"), self.angles(progress_of(frame)), self.lines,
                                            self.counts):
            points, labels = self.sets[name]
            offset, wrong = best_line(points, labels, angle)
            middle = offset * np.array([-np.sin(angle), np.cos(angle)])
            reach = 2 * HALF * np.array([np.cos(angle), np.sin(angle)])
            line.set_data([middle[0] - reach[0], middle[0] + reach[0]], [middle[1] - reach[1], middle[1] + reach[1]])
            count.set_text(f"wrong side: {wrong}")
            drawn += [line, count]
        return drawn


def _rgb(color: str) -> np.ndarray:
    from nnwatch.views.style import hex_rgb

    return hex_rgb(color) / 255.0
