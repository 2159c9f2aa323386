"""The activations view: the functions a neuron applies to w·x + b, side by side.

SEEDS.md §4: Heaviside (the perceptron's step: 0 or 1), the sigmoid (a smooth step whose output reads as a
probability) and ReLU = max(0, x). The picture (``ActivationsPicture``) says which panels are on screen and
which one is in focus: the focused curve is traced from left to right as the shot progresses, with a dot
riding on it and its value written out; the others are drawn whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.model.activations import activation
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.perceptron import heaviside
from nnwatch.views.pictures import Backdrop, Step, picture_of, progress_of, ramp, tour_plan

__all__ = ["ActivationsView", "ActivationsPicture", "CURVES", "curve"]

X_RANGE = (-5.0, 5.0)
# name -> (title, y range drawn)
CURVES = {
    "heaviside": ("Heaviside: 1 if x ≥ 0, else 0", (-0.25, 1.3)),
    "sigmoid": ("sigmoid: 1 / (1 + e^−x), a probability", (-0.25, 1.3)),
    "relu": ("ReLU: max(0, x)", (-1.0, 5.5)),
}
COLOR = "#0877bd"


def curve(name: str, x: np.ndarray) -> np.ndarray:
    """The activation's values: Heaviside here, sigmoid and ReLU from the model's own table."""
    if name == "heaviside":
        return heaviside(x)
    return np.asarray(activation(name)(np.asarray(x, dtype=np.float64), np))


@dataclass(frozen=True)
class ActivationsPicture:
    """Panels for ``names`` (any of heaviside, sigmoid, relu); the first ``shown`` are on screen and
    ``focus`` (a name, or None) is traced with the shot's progress."""

    names: tuple[str, ...] = ("heaviside", "sigmoid", "relu")
    shown: int = 3
    focus: str | None = None

    def __post_init__(self):
        for name in self.names:
            if name not in CURVES:
                raise NNWatchError(f"no activation panel '{name}'; choose from: {', '.join(CURVES)}")
        if self.focus is not None and self.focus not in self.names[: self.shown]:
            raise NNWatchError(f"the focused activation '{self.focus}' is not among the panels shown")


TOUR = [
    Step(5.0, "activations", ActivationsPicture(shown=1, focus="heaviside"), "Heaviside",
         "The perceptron's step: 0 or 1"),
    Step(5.0, "activations", ActivationsPicture(shown=2, focus="sigmoid"), "Sigmoid",
         "A smooth step between 0 and 1: a probability"),
    Step(5.0, "activations", ActivationsPicture(shown=3, focus="relu"), "ReLU",
         "max(0, x): negative inputs become 0, positive ones pass unchanged"),
]


class ActivationsView(View):
    name = "activations"
    options = ActivationsPicture  # a picture of the view, given as its options
    needs_training = False  # draws fixed facts, not the run (video.render.needs_training)

    @classmethod
    def plan_for(cls, run, options):
        """On its own: Heaviside, sigmoid and ReLU, one after the other."""
        return tour_plan(run, options, cls.name, TOUR)

    def init(self, ax, scene: Scene) -> None:
        self.ax, self.scene = ax, scene
        ax.set_axis_off()
        self.backdrop = Backdrop(ax, scene.still)
        self.panels: dict[str, object] = {}
        theme = scene.theme
        self.trace, = ax.plot([], [], color=COLOR, lw=2.6 * theme.scale)
        self.dot, = ax.plot([], [], "o", color=COLOR, ms=7 * theme.scale)
        self.readout = ax.text(0, 0, "", fontsize=theme.font(11), color=theme.text, family="monospace",
                               ha="left", va="bottom")
        self.animated(self.trace, self.dot, self.readout)

    def _setup(self, picture: ActivationsPicture) -> None:
        theme = self.scene.theme
        for panel in self.panels.values():
            panel.remove()
        self.panels = {}
        self.picture = picture
        count = len(picture.names)
        gap = 0.06
        width = (1.0 - gap * (count - 1)) / count
        for k, name in enumerate(picture.names):
            panel = self.ax.inset_axes([k * (width + gap), 0.0, width, 0.9])
            self.panels[name] = panel
            if k >= picture.shown:
                panel.set_axis_off()
                continue
            title, (y0, y1) = CURVES[name]
            panel.set_xlim(*X_RANGE)
            panel.set_ylim(y0, y1)
            panel.axhline(0, color=theme.faint, lw=0.8 * theme.scale)
            panel.axvline(0, color=theme.faint, lw=0.8 * theme.scale)
            panel.tick_params(labelsize=theme.font(8), length=2, colors=theme.faint)
            focused = name == picture.focus
            for spine in panel.spines.values():
                spine.set_color(theme.text if focused else theme.faint)
                spine.set_linewidth((1.6 if focused else 0.8) * theme.scale)
            panel.set_title(title, fontsize=theme.font(11), color=theme.text,
                            weight="bold" if focused else "normal")
            if not focused:
                xs = np.linspace(*X_RANGE, 801)
                panel.plot(xs, curve(name, xs), color=COLOR, lw=2.2 * theme.scale)
        if picture.focus is not None:
            panel = self.panels[picture.focus]
            for artist in (self.trace, self.dot, self.readout):
                artist.set_transform(panel.transData)
                artist.set_clip_box(panel.bbox)
            self.trace.set_clip_on(True)

    def update(self, frame: Frame) -> list:
        picture = picture_of(frame, self.scene, ActivationsPicture, self.name)
        backdrop = self.backdrop.items(picture, lambda: self._setup(picture))
        if picture.focus is None:
            return backdrop
        name = picture.focus
        lo, hi = X_RANGE
        reach = lo + (hi - lo) * ramp(progress_of(frame), 0.05, 0.85)
        xs = np.linspace(lo, reach, 400)
        ys = curve(name, xs)
        self.trace.set_data(xs, ys)
        self.dot.set_data([reach], [ys[-1]])
        (y0, y1) = CURVES[name][1]
        self.readout.set_position((lo + 0.4, y1 - 0.12 * (y1 - y0)))
        self.readout.set_text(f"{name}({reach:+.1f}) = {ys[-1]:.2f}")
        return backdrop + [self.trace, self.dot, self.readout]
