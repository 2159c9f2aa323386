"""The contract between the renderer and every view.

A view draws one kind of picture on a matplotlib Axes. ``init(ax, scene)`` creates its artists once;
``update(frame)`` changes them in place for one frame and returns the artists it drew into, which the
renderer redraws over a cached background (nothing is re-created per frame).

A Scene is what stays fixed for a whole video (the run, palette, each view's options); a Frame is one moment
(a possibly tweened Snapshot, the example in focus, captions, reveal progress, and in ``extra`` what one view
alone reads, keyed by its name: the transform view's stage clock, the depth view's layer). Views see Snapshots
and probes only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnwatch import probes
from nnwatch.record.run import Run
from nnwatch.record.snapshot import Snapshot
from nnwatch.views.style import Palette, Theme, palette

__all__ = ["Scene", "Frame", "View", "Raster", "pixel_box", "drawn_layer", "point_sets", "upscale_index",
           "upscale_smooth", "upscale_values", "example_errors", "MAP_DENSITY"]

MAP_DENSITY = 100  # the Playground's output grid; neuron thumbnails are block averages of it


@dataclass
class Scene:
    run: Run
    palette: Palette = field(default_factory=lambda: palette("playground"))
    theme: Theme = field(default_factory=Theme)
    show_test: bool = True
    discretize: bool = False
    show_values: bool = False
    still: bool = False  # drawing one picture on someone's Axes, not video frames: plain artists only
    options: dict[str, Any] = field(default_factory=dict)  # view name -> its options (mapping or options object)

    def options_for(self, view: type["View"]):
        """A view's options from this scene, checked (``views.options``): its defaults when none are given."""
        return view.options_in(self.options)

    @property
    def two_d(self) -> bool:
        return self.run.arch.n_raw_inputs == 2

    @property
    def domain(self):
        return self.run.dataset.domain if self.two_d else probes.PLAYGROUND_DOMAIN


@dataclass
class Frame:
    """One moment of a video. ``position`` is the (fractional) index into the run's snapshots."""

    snapshot: Snapshot
    position: float = 0.0
    time: float = 0.0
    caption: str = ""
    title: str = ""
    example: int | None = None     # index into the test set (the training set if there is no test set)
    reveal: float | None = None    # forward pass shown up to this layer (None: everything lit)
    backward: float | None = None  # error flowing back, from the output (0) to the first layer (n_layers)
    extra: dict[str, Any] = field(default_factory=dict)  # view name -> what only that view reads (View.frame_field)
    _cache: dict = field(default_factory=dict, repr=False)

    def maps(self, scene: Scene) -> list[np.ndarray]:
        """Every neuron's output over the plane (computed once per frame, shared by the views)."""
        if "maps" not in self._cache:
            self._cache["maps"] = probes.neuron_maps(self.snapshot, scene.domain, MAP_DENSITY)
        return self._cache["maps"]

    def example_input(self, scene: Scene) -> tuple[np.ndarray, int | float | None]:
        """The raw input row and label of the example in focus."""
        ds = scene.run.dataset
        x, y = (ds.x_test, ds.y_test) if len(ds.x_test) else (ds.x_train, ds.y_train)
        i = (self.example or 0) % len(x)
        return x[i], y[i]

    def example_outputs(self, scene: Scene) -> list[np.ndarray]:
        """[features, hidden..., output] for the example in focus, each a 1-D array."""
        if "example" not in self._cache:
            x, _ = self.example_input(scene)
            self._cache["example"] = [o[0] for o in probes.layer_outputs(self.snapshot, x[None, :])]
        return self._cache["example"]


@dataclass
class Raster:
    """Pixels a view paints straight into a video frame, with no resampling: fast for heatmaps and thumbnails.

    ``box`` is (left, top, width, height) in frame pixels and ``pixels`` has exactly that size, top row first.
    ``extent`` (x0, x1, y0, y1 in the Axes' data coordinates) lets a still picture show the same pixels as an
    ordinary image instead.
    """

    ax: Any
    box: tuple[int, int, int, int]
    extent: tuple[float, float, float, float]
    pixels: np.ndarray
    alpha: float = 1.0
    zorder: float = 2.0  # where a still picture stacks it among the Axes' artists
    sparse: Any = field(default=None, repr=False)  # a renderer's cache of the pixels an RGBA raster covers
    text: bool = False  # stamped glyphs (GlyphText): the layout checker treats its ink as text


def pixel_box(ax, extent) -> tuple[int, int, int, int]:
    """Frame pixels (left, top, width, height) covered by a data-space extent (x0, x1, y0, y1) of an Axes."""
    x0, x1, y0, y1 = extent
    (px0, py0), (px1, py1) = ax.transData.transform([(x0, y0), (x1, y1)])
    height = ax.figure.bbox.height
    left, right = int(round(min(px0, px1))), int(round(max(px0, px1)))
    top, bottom = int(round(height - max(py0, py1))), int(round(height - min(py0, py1)))
    return left, top, max(right - left, 1), max(bottom - top, 1)


def keep_plane_aspect(ax, domain) -> None:
    """Shrink ``ax`` (centred in the room it was given) so that a map of the plane is not stretched: one unit
    of x1 as long as one of x2, so the Playground's circles stay round. A domain whose sides differ more than
    4:1 (columns in unrelated units) is drawn square instead. Call before anything reads ax's pixels."""
    (x0, x1), (y0, y1) = domain
    ratio = abs(y1 - y0) / max(abs(x1 - x0), 1e-300)
    ax.set_box_aspect(ratio if 0.25 <= ratio <= 4.0 else 1.0)
    ax.set_anchor("C")
    ax.apply_aspect()


def drawn_layer(ax, box: tuple[int, int, int, int], draw) -> np.ndarray:
    """What ``draw(twin_axes)`` draws, as RGBA pixels over ``box`` of ``ax``'s figure, on a transparent figure
    of the same size with the same limits: a fixed scatter drawn once and stamped over a changing map."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=ax.figure.get_size_inches(), dpi=ax.figure.dpi)
    fig.patch.set_alpha(0.0)
    canvas = FigureCanvasAgg(fig)
    twin = fig.add_axes(ax.get_position().bounds)
    twin.set_axis_off()
    twin.set_xlim(ax.get_xlim())
    twin.set_ylim(ax.get_ylim())
    draw(twin)
    canvas.draw()
    left, top, width, height = box
    return np.asarray(canvas.buffer_rgba())[top:top + height, left:left + width].copy()


def point_sets(scene: Scene) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """(x, y, edge colour) of the points a map view draws: training points rimmed white, test points (when
    shown) rimmed black, as the Playground does."""
    ds = scene.run.dataset
    sets = [(ds.x_train, ds.y_train, "white")]
    if scene.show_test and len(ds.x_test):
        sets.append((ds.x_test, ds.y_test, "black"))
    return sets


def upscale_index(source: int, target: int) -> np.ndarray:
    """Nearest-neighbour index taking ``source`` samples to ``target`` pixels."""
    return np.minimum(np.arange(target) * source // target, source - 1)


def upscale_smooth(values: np.ndarray, height: int, width: int) -> np.ndarray:
    """A (d, d, 3) uint8 grid of colours upscaled to (height, width, 3) pixels by linear interpolation, each
    sample at the centre of its share of the pixels (Pillow's bilinear resize: 7 ms for 200 -> 660 where the
    same arithmetic in NumPy took 18-30). A class map's boundary becomes a blend about one cell wide instead
    of a stair of cells."""
    from PIL import Image

    return np.asarray(Image.fromarray(np.ascontiguousarray(values)).resize((width, height), Image.BILINEAR))


def upscale_values(values: np.ndarray, height: int, width: int) -> np.ndarray:
    """A (d, d) or (d, d, k) grid of numbers upscaled to (height, width[, k]) float32 by linear interpolation,
    samples placed as in ``upscale_smooth``. A map coloured after this, per pixel, draws its boundary as a
    smooth curve at any size, a thresholded one (discretize) above all: blending colours would leave the
    stairs of the grid's cells, only blurred."""
    from PIL import Image

    grid = np.ascontiguousarray(values, dtype=np.float32)
    if grid.ndim == 2:
        return np.asarray(Image.fromarray(grid, mode="F").resize((width, height), Image.BILINEAR))
    return np.stack([upscale_values(grid[..., c], height, width) for c in range(grid.shape[-1])], axis=-1)


def example_errors(frame: "Frame", scene: Scene) -> list[np.ndarray]:
    """Each weight layer's error signal (dLoss/dz) for the example in focus, cached on the frame."""
    if "errors" not in frame._cache:
        from nnwatch.model.output import loss_for

        x, y = frame.example_input(scene)
        loss = loss_for(scene.run.spec.training.loss, scene.run.arch.output)
        frame._cache["errors"] = [e[0] for e in probes.layer_errors(frame.snapshot, x[None, :], [y], loss)]
    return frame._cache["errors"]


class View:
    """Base class: subclasses set ``name`` and implement ``init`` and ``update``.

    A view whose video is not "the run's snapshots over time" (the transform view walks through stages, the
    depth view through layers) overrides ``plan_for`` to script its own frames; ``render`` then uses it.

    ``options`` is the view's options class (a frozen dataclass, see ``views.options``), None for a view that
    takes none. ``frame_field`` names what a Frame tells only this view (``Frame.extra[name]``; ``draw`` takes
    it as a keyword: ``draw("depth", ax, run, layer=3)``). ``needs_training``: False for a view that draws
    fixed facts and never the run (a layout of only such views renders without training).
    """

    name = "view"
    options: type | None = None
    frame_field: str | None = None
    needs_training = True

    @classmethod
    def shows(cls) -> tuple[str, ...]:
        """Other views this one shows inside it (their options are then welcome in its layout)."""
        return ()

    @classmethod
    def options_in(cls, view_options: dict):
        """This view's options object from a video's view options (keyed by view name), checked."""
        from nnwatch.views.options import options_of

        return options_of(cls.options, (view_options or {}).get(cls.name), cls.name)

    def frame_value(self, frame: Frame, default=None):
        """What ``frame`` tells this view alone (``Frame.extra``), or ``default``."""
        value = frame.extra.get(self.name)
        return default if value is None else value

    @classmethod
    def plan_for(cls, run: Run, options) -> Any:
        """Frames for a video led by this view (a Plan: ``len`` and ``plan[i] -> Frame``), or None for the
        default timeline. ``options`` carries fps, duration, per_snapshot and view_options."""
        return None

    def init(self, ax, scene: Scene) -> None:
        raise NotImplementedError

    def update(self, frame: Frame) -> list:
        raise NotImplementedError

    @staticmethod
    def animated(*artists):
        """Mark artists as redrawn every frame (kept out of the cached background)."""
        for artist in artists:
            artist.set_animated(True)
        return list(artists)
