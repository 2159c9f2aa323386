"""The classify view: an output layer with one neuron per class, and the answer is the largest.

SEEDS.md §4 ends with classification: a handwritten digit goes in, the output layer has one neuron for each
digit 0-9, and the network's answer is the neuron with the largest output. The picture
(``ClassifyPicture``) carries the image and its true class; the network is the frame's snapshot (any trained
classifier whose inputs are the image's pixels). As the shot progresses the output neurons fill up, then the
largest is picked out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Circle, Rectangle

from nnwatch import probes
from nnwatch.errors import NNWatchError
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.pictures import GOOD, Backdrop, PicturePlan, Step, picture_of, progress_of, ramp

__all__ = ["ClassifyView", "ClassifyPicture", "class_outputs", "tour"]

BAR = "#0877bd"


@dataclass(frozen=True)
class ClassifyPicture:
    """One image (``pixels`` row by row, ``shape`` rows x columns, 0 = background), its true class index
    ``label`` and the class names."""

    pixels: tuple[float, ...] = ()
    shape: tuple[int, int] = (8, 8)
    label: int = 0
    classes: tuple[str, ...] = tuple(str(d) for d in range(10))

    def __post_init__(self):
        if self.pixels and len(self.pixels) != self.shape[0] * self.shape[1]:
            raise NNWatchError(f"an image of {self.shape[0]}x{self.shape[1]} needs {self.shape[0] * self.shape[1]} "
                               f"pixels, got {len(self.pixels)}")

    @property
    def image(self) -> np.ndarray:
        if not self.pixels:
            return np.zeros(self.shape)
        return np.asarray(self.pixels, dtype=np.float64).reshape(self.shape)


def class_outputs(snapshot, picture: ClassifyPicture) -> np.ndarray:
    """The output layer's values for the picture's image (one per class)."""
    if snapshot.arch.n_raw_inputs != picture.image.size:
        raise NNWatchError(f"the classify view needs a network taking the image's {picture.image.size} pixels; "
                           f"this one takes {snapshot.arch.n_raw_inputs}")
    out = probes.layer_outputs(snapshot, picture.image.reshape(1, -1))[-1][0]
    if len(out) != len(picture.classes):
        raise NNWatchError(f"the network has {len(out)} outputs for {len(picture.classes)} classes")
    return out


def tour(run, count: int = 6, seconds: float = 3.0) -> list[Step]:
    """The first ``count`` test images of a run on images, each shown ``seconds`` with the final network."""
    ds = run.dataset
    if not ds.image_shape or ds.n_classes < 2 or run.arch.sizes[-1] != ds.n_classes:
        raise NNWatchError(f"the classify view needs a run on images with one output per class, e.g. --dataset "
                           f"digits; '{ds.name}' is not one")
    x, y = (ds.x_test, ds.y_test) if len(ds.x_test) else (ds.x_train, ds.y_train)
    steps = []
    for k in range(min(count, len(x))):
        picture = ClassifyPicture(tuple(float(v) for v in x[k]), tuple(ds.image_shape), int(y[k]), tuple(ds.classes))
        steps.append(Step(seconds, "classify", picture, f"Classification: one output neuron per class ({ds.n_classes})",
                          f"test image {k + 1}: the answer is the output neuron with the largest value"))
    return steps


class ClassifyView(View):
    name = "classify"
    options = ClassifyPicture  # a picture of the view, given as its options

    @classmethod
    def plan_for(cls, run, options):
        """On its own: the run's first test images, one after another, through its final network."""
        return PicturePlan(run, tour(run), options.fps)

    def init(self, ax, scene: Scene) -> None:
        self.ax, self.scene = ax, scene
        ax.set_axis_off()
        self.backdrop = Backdrop(ax, scene.still)
        self.static: list = []
        self.neurons: list = []
        self.bars: list = []
        self.values: list = []
        theme = scene.theme
        self.winner = Circle((0, 0), 0.1, facecolor=GOOD, edgecolor=theme.text, lw=1.5 * theme.scale)
        ax.add_patch(self.winner)
        self.verdict = ax.text(0.0, 0.0, "", fontsize=theme.font(14), color=theme.text, weight="bold",
                               ha="left", va="center")
        self.animated(self.winner, self.verdict)

    def _setup(self, picture: ClassifyPicture) -> None:
        ax, theme = self.ax, self.scene.theme
        for artist in self.static + self.bars + self.values:
            artist.remove()
        self.static, self.bars, self.values = [], [], []
        self.picture = picture
        bbox = ax.get_window_extent()
        aspect = bbox.width / max(bbox.height, 1)
        ax.set_xlim(0, 10 * aspect)
        ax.set_ylim(0, 10)
        # The image on the left, as large as the height allows.
        self.static.append(ax.imshow(picture.image, cmap="gray_r", extent=(0.3, 6.3, 2.0, 8.0),
                                     interpolation="nearest", aspect="auto",
                                     vmin=0, vmax=max(float(picture.image.max()), 1e-9)))
        self.static.append(ax.add_patch(Rectangle((0.3, 2.0), 6.0, 6.0, facecolor="none", edgecolor=theme.faint,
                                                  lw=theme.scale)))
        self.static.append(ax.text(3.3, 1.4, f"input: {picture.shape[0]}x{picture.shape[1]} = "
                                   f"{picture.image.size} pixels", ha="center", va="top",
                                   fontsize=theme.font(10), color=theme.faint))
        self.static.append(ax.annotate("", xy=(9.0, 5.0), xytext=(7.0, 5.0),
                                       arrowprops=dict(arrowstyle="->", color=theme.faint, lw=2 * theme.scale)))
        self.static.append(ax.text(8.0, 5.5, "network", ha="center", va="bottom", fontsize=theme.font(10),
                                   color=theme.faint))
        # The output layer: one neuron per class, top to bottom, each with a bar of its value.
        k = len(picture.classes)
        self.rows = np.linspace(9.2, 0.8, k)
        self.radius = min(0.34, 3.6 / k)
        self.bar_x, self.bar_len = 10.8, 10 * aspect - 13.0
        for row, name in zip(self.rows, picture.classes):
            self.static.append(ax.text(9.4, row, name, ha="right", va="center", fontsize=theme.font(12),
                                       color=theme.text, family="monospace"))
            circle = Circle((10.1, row), self.radius, facecolor="white", edgecolor=theme.text, lw=theme.scale)
            ax.add_patch(circle)
            self.static.append(circle)
            bar = Rectangle((self.bar_x, row - 0.25), 0.0, 0.5, facecolor=BAR, edgecolor="none")
            ax.add_patch(bar)
            value = ax.text(self.bar_x, row, "", ha="left", va="center", fontsize=theme.font(10),
                            color=theme.text, family="monospace")
            self.bars.append(bar)
            self.values.append(value)
        self.static.append(ax.text(self.bar_x, 9.95, f"output layer: one neuron per class ({k})", ha="left",
                                   va="top", fontsize=theme.font(10), color=theme.faint))
        self.animated(*self.bars, *self.values)
        self.winner.set_radius(self.radius)

    def update(self, frame: Frame) -> list:
        picture = picture_of(frame, self.scene, ClassifyPicture, self.name)
        drawn = self.backdrop.items(picture, lambda: self._setup(picture))
        outputs = class_outputs(frame.snapshot, picture)
        u = progress_of(frame)
        grow = ramp(u, 0.1, 0.55)
        top = max(float(np.max(outputs)), 1e-9)
        for bar, value, out, row in zip(self.bars, self.values, outputs, self.rows):
            length = self.bar_len * grow * max(float(out), 0.0) / top
            bar.set_width(length)
            value.set_position((self.bar_x + length + 0.15, row))
            value.set_text(f"{out:.2f}" if grow > 0 else "")
        drawn += self.bars + self.values
        best = int(np.argmax(outputs))
        if u >= 0.65:
            self.winner.set_center((10.1, self.rows[best]))
            truth = picture.classes[picture.label]
            said = picture.classes[best]
            self.verdict.set_position((0.3, 9.3))
            self.verdict.set_text(f"largest: {said}" + ("  ✓" if best == picture.label else f"  (it is {truth})"))
            drawn += [self.winner, self.verdict]
        return drawn
