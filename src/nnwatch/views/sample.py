"""The sample view: the example in focus (its image, or its input values) and the network's output for it.

Output bars show each class's probability (softmax), or the two classes' for a single unit; a dashed line marks
the "unknown" threshold when one is set (``SampleOptions.unknown_below``, e.g. 0.6 as in SEEDS.md §2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.model.output import output_unit
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.style import class_colors

__all__ = ["SampleView", "SampleOptions", "class_probabilities"]


@dataclass(frozen=True)
class SampleOptions:
    """``unknown_below``: a top probability under this reads "unknown" (None: always the top class)."""

    unknown_below: float | None = None

    def __post_init__(self):
        if self.unknown_below is not None and not 0 < self.unknown_below < 1:
            raise NNWatchError(f"sample option 'unknown_below' must be between 0 and 1, got {self.unknown_below:g}")


def class_probabilities(output: np.ndarray, arch_output: str) -> np.ndarray:
    """Probabilities per class from the output layer: softmax as is; one tanh or sigmoid unit as two classes."""
    if output.shape[-1] > 1:
        return output
    p = float(output_unit(arch_output).class_one_share(output[0]))
    return np.array([1 - p, p])


PICTURE_WIDTH, BARS_LEFT = 0.45, 0.58  # the picture's and the bars' room, in shares of the panel's width
WAITING = (0.5, 0.5, 0.5, 0.12)  # a bar's slot while the forward pass is on its way to the output


class SampleView(View):
    name = "sample"
    options = SampleOptions

    def init(self, ax, scene: Scene) -> None:
        self.scene = scene
        theme = scene.theme
        ds = scene.run.dataset
        ax.set_axis_off()
        self.bars_ax = ax.inset_axes([BARS_LEFT, 0.3, 0.4, 0.65])
        self._make_bars(ds, theme)
        self.image_ax = ax.inset_axes([0.0, 0.3, self._picture_width(ax, theme), 0.65])
        self.image_ax.set_axis_off()
        if ds.image_shape:
            self.picture = self.image_ax.imshow(np.zeros(ds.image_shape), cmap="gray_r", vmin=0, vmax=1,
                                                interpolation="nearest")
        else:
            self.picture = self.image_ax.barh(np.arange(ds.n_inputs), np.zeros(ds.n_inputs), color="#888888")
            self.image_ax.set_xlim(*self._input_range(ds))
            self.image_ax.set_axis_on()
            self.image_ax.set_yticks(np.arange(ds.n_inputs), labels=list(ds.input_names) or None)
            self.image_ax.tick_params(labelsize=theme.font(8))
        threshold = self.unknown_below = scene.options_for(SampleView).unknown_below
        # Redrawn every frame after the bars, so that they never hide it.
        self.threshold = self.bars_ax.axvline(threshold, color=theme.faint, ls="--", lw=1) if threshold else None
        self.verdict = ax.text(0.5, 0.12, "", transform=ax.transAxes, ha="center", va="center",
                               fontsize=theme.font(12), color=theme.text)
        drawn = [self.verdict, *self.bars] + ([self.picture] if ds.image_shape else list(self.picture))
        self.animated(*drawn, *([self.threshold] if self.threshold else []))

    def _make_bars(self, ds, theme) -> None:
        """One bar per class (one for a regression's output), named at its left."""
        self.classes = list(ds.classes) if ds.n_classes else ["output"]
        self.colors = class_colors(max(len(self.classes), 1)) / 255.0
        self.bars = self.bars_ax.barh(np.arange(len(self.classes)), np.zeros(len(self.classes)), color=self.colors)
        self.bars_ax.set_xlim(0, 1)
        self.bars_ax.set_yticks(np.arange(len(self.classes)), labels=self.classes)
        self.bars_ax.invert_yaxis()
        self.bars_ax.tick_params(labelsize=theme.font(9))

    def _picture_width(self, ax, theme) -> float:
        """The picture's share of the panel's width: PICTURE_WIDTH, less what the bars' names need (a long
        name such as "output" would otherwise touch a picture as wide as its room), and a gap."""
        dpi, panel = ax.figure.dpi, ax.get_window_extent()
        renderer = ax.figure.canvas.get_renderer()
        names = max((label.get_window_extent(renderer).width for label in self.bars_ax.get_yticklabels()), default=0)
        tick = self.bars_ax.yaxis.get_major_ticks()[0]
        reach = names + (tick.get_pad() + tick.get_tick_padding()) * dpi / 72 + 8 * theme.scale
        return float(np.clip(BARS_LEFT - reach / max(panel.width, 1.0), 0.1, PICTURE_WIDTH))

    @staticmethod
    def _input_range(ds) -> tuple[float, float]:
        lo = min(float(np.min(ds.x_train)), 0.0)
        hi = max(float(np.max(ds.x_train)), 1.0)
        return lo, hi

    def update(self, frame: Frame) -> list:
        scene, ds = self.scene, self.scene.run.dataset
        x, label = frame.example_input(scene)
        drawn = [self.verdict, *self.bars]
        if ds.image_shape:
            self.picture.set_data(x.reshape(ds.image_shape))
            drawn.append(self.picture)
        else:
            for bar, value in zip(self.picture, x):
                bar.set_width(value)
            drawn.extend(self.picture)
        output = frame.example_outputs(scene)[-1]
        reached = frame.reveal is None or frame.reveal >= scene.run.arch.n_layers
        if not reached:  # the forward pass has not reached the output yet: empty slots, not an empty panel
            for bar in self.bars:
                bar.set_width(1.0)
                bar.set_facecolor(WAITING)
            self.verdict.set_text("thinking …")
            return drawn + ([self.threshold] if self.threshold else [])
        for bar, color in zip(self.bars, self.colors):
            bar.set_facecolor(color)
        if ds.n_classes:
            probs = class_probabilities(output, scene.run.arch.output)
            for bar, p in zip(self.bars, probs):
                bar.set_width(p)
            self.verdict.set_text(self._verdict(probs, label))
        else:
            self.bars[0].set_width(float(np.clip(output[0], 0, 1)))
            self.verdict.set_text(f"output {output[0]:.3f}   target {float(label):.3f}")
        return drawn + ([self.threshold] if self.threshold else [])

    def _verdict(self, probs: np.ndarray, label) -> str:
        threshold = self.unknown_below
        best = int(np.argmax(probs))
        guess = "unknown" if threshold and probs[best] < threshold else self.classes[best]
        truth = self.classes[int(label)]
        return f"network: {guess}  ({100 * probs[best]:.0f}%)    truth: {truth}"
