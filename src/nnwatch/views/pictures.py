"""What the basics views share: a Frame that names a picture, backdrops cached as pixels, a 3-D camera.

The basics views (perceptron, activations, separable, basis, classify) draw ideas rather than a training run:
a perceptron's boundary, an activation's curve, a matrix moving the plane. What they draw comes from a
*picture*, a small frozen dataclass of parameters (``PerceptronPicture(dims=2)``, ``BasisPicture(matrix)``)
carried by a ``PictureFrame`` together with ``progress``, the 0..1 clock of the animation within a shot.
A plain Frame works too: the picture then comes from the view's options (the picture class is the view's
options class: a mapping of its fields under the view's name) or its defaults, at progress 1.

Backdrops. The renderer draws the figure's static parts once and blits each frame over that background. A
basics view's static parts (axes, ticks, labels, a formula) change from shot to shot, when the perceptron goes
from 1-D to 3-D or the matrix changes, so they cannot live in that background. Instead the view's Axes is
kept out of it (invisible), and whenever the picture changes the Axes is drawn once into the frame and those
pixels are kept: every later frame pastes them back as a Raster (one memory copy) before the moving parts.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.script import Beat, Script
from nnwatch.views.base import Frame, Raster, Scene
from nnwatch.easing import ramp  # the basics views ease their pictures with it

__all__ = ["PictureFrame", "picture_of", "progress_of", "Backdrop", "Camera", "Step", "PicturePlan", "tour_plan",
           "GOOD", "BAD", "I_HAT", "J_HAT", "ramp"]

GOOD, BAD = "#1a9850", "#d7301f"     # green and red, as the book colours its two kinds of points
I_HAT, J_HAT = "#2ca02c", "#d62728"  # the unit vectors, green and red as 3Blue1Brown draws them


@dataclass
class PictureFrame(Frame):
    """A Frame naming what a basics picture shows: ``show`` (a view name, for the ``basics`` board),
    ``picture`` (that view's parameters) and ``progress`` (0..1 through the shot's animation)."""

    show: str = ""
    picture: Any = None
    progress: float = 1.0


@dataclass(frozen=True)
class Step:
    """One picture of a view's own video (``nnwatch render --layout caption,basis``): shown ``seconds``
    long, animated from progress 0 to 1, with a title and caption for the caption view."""

    seconds: float
    show: str
    picture: Any
    title: str = ""
    caption: str = ""


class PicturePlan(Script):
    """Frames walking through Steps at ``fps``: what ``View.plan_for`` returns for the basics views. Each
    step is a beat of whole frames (at least one), and its last frame shows the finished picture."""

    def __init__(self, run, steps: list[Step], fps: float):
        if not fps > 0:
            raise NNWatchError(f"fps must be positive, got {fps:g}")
        self.run, self.steps = run, list(steps)
        super().__init__([self._beat(step, float(fps)) for step in self.steps], fps)

    def _beat(self, step: Step, fps: float) -> Beat:
        def frame(u: float) -> PictureFrame:
            return PictureFrame(snapshot=self.run.final, position=float(len(self.run) - 1), title=step.title,
                                caption=step.caption, show=step.show, picture=step.picture, progress=u)

        return Beat(step.seconds, frame, step.show, frames=max(round(step.seconds * fps), 1), lands=True)


def tour_plan(run, options, name: str, tour: list[Step]) -> PicturePlan:
    """A basics view's own video: its tour of pictures, or, when ``view_options`` names a picture for the
    view, that one picture animated over the video's duration."""
    if name in options.view_options:
        return PicturePlan(run, [Step(options.duration, name, None)], options.fps)
    return PicturePlan(run, tour, options.fps)


def picture_of(frame: Frame, scene: Scene, kind: type, option: str):
    """The picture a frame asks for: its own if it is a ``kind``, else the view's options in the scene
    (``scene.options[option]``: a ``kind`` or a mapping of its fields, checked), else the defaults."""
    from nnwatch.views.options import options_of

    picture = getattr(frame, "picture", None)
    if isinstance(picture, kind):
        return picture
    return options_of(kind, scene.options.get(option), option)


def progress_of(frame: Frame) -> float:
    """Progress through the shot, 0..1 (1 for a plain Frame: the finished picture)."""
    return float(min(max(getattr(frame, "progress", 1.0), 0.0), 1.0))


class Backdrop:
    """The static pixels of one Axes, captured again whenever the picture's key changes.

    ``margins`` (left, bottom, right, top) in pixels is how far outside the Axes its tick labels may reach;
    the capture never goes further, so it never takes in another view's moving parts drawn earlier in the
    frame. In a still picture (``still``) nothing is captured: the Axes draws itself in the normal way.
    """

    def __init__(self, ax, still: bool, margins: tuple[int, int, int, int] = (60, 40, 12, 6)):
        self.ax, self.still, self.margins = ax, still, margins
        self.key: Hashable = object()
        self.raster: Raster | None = None
        if not still:
            ax.set_visible(False)  # kept out of the renderer's cached background

    def items(self, key: Hashable, setup: Callable[[], None]) -> list:
        """Set the Axes up for ``key`` when it changed (``setup``), and the backdrop to paste: [] or [Raster]."""
        if key != self.key:
            setup()
            self.key = key
            self.raster = None if self.still else self._capture()
        return [] if self.raster is None else [self.raster]

    def forget(self) -> None:
        """Capture again on the next frame (the Axes' static parts were changed from outside)."""
        self.key = object()

    def _capture(self) -> Raster:
        fig = self.ax.figure
        renderer = fig.canvas.get_renderer()
        self.ax.set_visible(True)
        try:
            box = self._box(renderer)
            self.ax.draw(renderer)  # the Axes without its animated artists, into the frame being made
        finally:
            self.ax.set_visible(False)
        left, top, width, height = box
        pixels = np.asarray(fig.canvas.buffer_rgba())[top:top + height, left:left + width, :3].copy()
        (x0, y0), (x1, y1) = self.ax.transData.inverted().transform(
            [(left, fig.bbox.height - top - height), (left + width, fig.bbox.height - top)])
        return Raster(self.ax, box, (x0, x1, y0, y1), pixels, zorder=0)

    def _box(self, renderer) -> tuple[int, int, int, int]:
        fig_w, fig_h = int(self.ax.figure.bbox.width), int(self.ax.figure.bbox.height)
        own = self.ax.get_window_extent(renderer)
        tight = self.ax.get_tightbbox(renderer) or own
        left_m, bottom_m, right_m, top_m = self.margins
        x0 = max(tight.x0, own.x0 - left_m, 0)
        x1 = min(tight.x1, own.x1 + right_m, fig_w)
        y0 = max(tight.y0, own.y0 - bottom_m, 0)
        y1 = min(tight.y1, own.y1 + top_m, fig_h)
        left, right = int(np.floor(x0)), int(np.ceil(x1))
        top, bottom = int(np.floor(fig_h - y1)), int(np.ceil(fig_h - y0))
        return left, top, max(min(right, fig_w) - left, 1), max(min(bottom, fig_h) - top, 1)


@dataclass(frozen=True)
class Camera:
    """An orthographic camera around the origin: ``azimuth`` turns about the vertical (third) axis,
    ``elevation`` tilts it, both in degrees. Screen x is to the right, screen y up."""

    azimuth: float = -55.0
    elevation: float = 22.0

    def basis(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(right, up, towards the viewer) as unit vectors in 3-D."""
        a, e = np.radians(self.azimuth), np.radians(self.elevation)
        right = np.array([-np.sin(a), np.cos(a), 0.0])
        up = np.array([-np.cos(a) * np.sin(e), -np.sin(a) * np.sin(e), np.cos(e)])
        towards = np.array([np.cos(a) * np.cos(e), np.sin(a) * np.cos(e), np.sin(e)])
        return right, up, towards

    def project(self, points: np.ndarray) -> np.ndarray:
        """(n, 3) points -> (n, 2) screen coordinates."""
        right, up, _ = self.basis()
        points = np.asarray(points, dtype=np.float64)
        return np.column_stack([points @ right, points @ up])

    def depth(self, points: np.ndarray) -> np.ndarray:
        """How near each point is to the viewer (larger is nearer): draw far points first."""
        return np.asarray(points, dtype=np.float64) @ self.basis()[2]
