"""The basics board: one picture at a time, whichever the frame asks for, in one place on the screen.

A lesson that explains the ideas one after another (a perceptron, activations, a matrix moving the plane, a
network folding it) needs one part of the screen to show a different view in each shot, while the
renderer lays out one fixed set of views for a whole video. The board is that part: it shows the view a
``PictureFrame`` names in ``show`` (perceptron, activations, separable, basis, classify, transform, or
``transform-direct``: the transform view walking straight from the input to the output). Each view it shows
gets its own Axes over the board's, made the first time it is needed and hidden while another is shown.

The renderer's fast paths are kept: the basics views paste their static parts as cached backdrops; any
other view shown here is given a backdrop of its own (captured again when the frame's network changes),
and Rasters pass straight through.

On its own (``nnwatch render --layout caption,basics``) the board tours the basics pictures.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from nnwatch.errors import NNWatchError
from nnwatch.views.activations import TOUR as ACTIVATIONS_TOUR
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.basis import TOUR as BASIS_TOUR
from nnwatch.views.perceptron import TOUR as PERCEPTRON_TOUR
from nnwatch.views.pictures import Backdrop, tour_plan
from nnwatch.views.separable import TOUR as SEPARABLE_TOUR

__all__ = ["BasicsView", "BasicsOptions", "DIRECT", "TOUR"]

DIRECT = "transform-direct"
TOUR = PERCEPTRON_TOUR + ACTIVATIONS_TOUR + SEPARABLE_TOUR + BASIS_TOUR
DEFAULT = "perceptron"


@dataclass(frozen=True)
class BasicsOptions:
    """``show``: the picture a plain Frame shows (a still; frames of a plan name their own)."""

    show: str = ""


class BasicsView(View):
    name = "basics"
    options = BasicsOptions
    needs_training = False  # draws fixed facts, not the run (video.render.needs_training)

    @classmethod
    def shows(cls) -> tuple[str, ...]:
        """Every view the board can show (their options are welcome beside it)."""
        from nnwatch.views import VIEWS  # the registry imports this module: look it up when needed

        return tuple(sorted(set(VIEWS) - {cls.name, "caption"}))

    @classmethod
    def plan_for(cls, run, options):
        """On its own: the perceptron, the activations, separable sets and matrices, one after another."""
        return tour_plan(run, options, cls.name, TOUR)

    def init(self, ax, scene: Scene) -> None:
        self.ax, self.scene = ax, scene
        ax.set_axis_off()
        self.parts: dict[str, tuple[View, object, Backdrop | None]] = {}
        self.shown: str | None = None

    def part(self, name: str) -> View:
        """The view shown for ``name`` (made on first use)."""
        return self._part(name)[0]

    def _part(self, name: str):
        if name not in self.parts:
            from nnwatch.views import VIEWS  # the registry imports this module: look it up when needed

            choices = list(self.shows()) + [DIRECT]
            if name not in choices:
                raise NNWatchError(f"the basics board cannot show '{name}'; choose from: {', '.join(choices)}")
            scene = self.scene
            if name == DIRECT:
                walk = dataclasses.replace(VIEWS["transform"].options_in(scene.options), direct=True)
                scene = dataclasses.replace(scene, options={**scene.options, "transform": walk})
            view = VIEWS["transform" if name == DIRECT else name]()
            ax = self.ax.figure.add_axes(self.ax.get_position())
            view.init(ax, scene)
            # The basics views cache their own backdrops; any other view gets one here.
            backdrop = None if hasattr(view, "backdrop") else Backdrop(ax, scene.still)
            self.parts[name] = (view, ax, backdrop)
        return self.parts[name]

    def update(self, frame: Frame) -> list:
        name = getattr(frame, "show", "") or self.scene.options_for(BasicsView).show or DEFAULT
        view, ax, backdrop = self._part(name)
        if self.scene.still and name != self.shown:
            for other, (_, other_ax, _) in self.parts.items():
                other_ax.set_visible(other == name)
        self.shown = name
        drawn = view.update(frame)
        if backdrop is not None:
            drawn = backdrop.items((name, frame.snapshot.arch), lambda: None) + drawn
        return drawn
