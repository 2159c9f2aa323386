"""The depth view: a deep network read out one hidden layer per frame, over the whole input plane.

Each frame shows, for one depth, the class every point of the plane would get if the network stopped there
and a linear readout answered (``probes.depth``: the network's own output layer as a shared head, or a
linear probe fitted per layer), with the training and test points on top. Beside the map: the layer
("layer 137 / 250"), how the readout is made, its accuracy at that layer, and the accuracy at every depth as
a curve with the current layer marked. At the last layer the shared head's map is the network's own answer.

The view scripts its own video (``DepthView.plan_for``): one frame per hidden layer, whatever the frame rate,
after a hold of ``HOLD_START`` seconds on the first layer and before one of ``HOLD_END`` on the last. The
readouts of a snapshot are computed once, in order, so consecutive frames cost one lookup each.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from nnwatch.limits import check_limit
from nnwatch.probes.learning import judge
from nnwatch.probes.depth import MAX_DEPTH_GRID, DepthReadout, check_depth, check_readout, choose_readout
from nnwatch.record.run import Run
from nnwatch.script import Beat, Script
from nnwatch.views.base import (Frame, Raster, Scene, View, drawn_layer, keep_plane_aspect, pixel_box, point_sets,
                                upscale_smooth)
from nnwatch.views.style import VERDICT_COLOR, class_colors, hex_rgb

__all__ = ["DepthView", "DepthOptions", "DepthPlan", "HOLD_START", "HOLD_END", "LAYER_SECONDS", "DENSITY",
           "frames_per_layer", "readout_lines", "class_palette"]

HOLD_START = 1.0  # seconds on the first layer before the walk down the network starts
HOLD_END = 3.0    # seconds on the last layer: the whole plane classified
# Each layer is shown for about this long (two frames at 30 fps, never under one frame): at one frame per layer
# 250 layers went by in 8 s, too fast to watch the groups form.
LAYER_SECONDS = 1 / 15
LEGEND_TOP = 0.51  # the class legend's first row reaches up to here (panel fraction); text above stays clear
DENSITY = 200     # readout grid per axis (200 x 200 points), upscaled to the map's pixels
MIN_SURE = 0.15   # lightness of a tie; a certain point gets its class's full colour (as class_map_rgb)


@dataclass(frozen=True)
class DepthOptions:
    """``readout``: auto | head | probe (``probes.depth``); ``density``: the readout grid per axis."""

    readout: str = "auto"
    density: int = DENSITY

    def __post_init__(self):
        check_readout([], self.readout)
        check_limit("depth readout grid density", self.density, MAX_DEPTH_GRID, minimum=2)


def readout_lines(readout: str, residual: bool) -> tuple[str, str]:
    """(name, explanation) of a readout, as the view writes them."""
    if readout == "head":
        why = ("Meaningful here: the residual stream keeps one width, each layer adding a small step to the same "
               "state." if residual else
               "This network is not residual: its early states need not live in the head's space.")
        return "shared head", f"The network's own output layer applied to the state at every depth. {why}"
    return "linear probe", ("A logistic classifier fitted at each layer on the training points' states: how "
                            "linearly separable the classes are at that depth.")


def class_palette(n_classes: int, scene: Scene) -> np.ndarray:
    """(k, 3) RGB of the classes: the palette's two ends for two classes (as the boundary view), else hues."""
    if n_classes == 2:
        return np.array([hex_rgb(scene.palette.negative), hex_rgb(scene.palette.positive)])
    return class_colors(n_classes)


def frames_per_layer(fps: float) -> int:
    """Whole frames each layer is shown at ``fps``: LAYER_SECONDS rounded, at least one."""
    return max(round(float(fps) * LAYER_SECONDS), 1)


class DepthPlan(Script):
    """The depth view's script: the final snapshot, layer 1 held, each layer for ``frames_per_layer`` frames,
    the last layer held; every beat a whole number of frames."""

    def __init__(self, run: Run, fps: float, readout: str = "auto"):
        self.run = run
        self.n_layers = run.arch.n_layers - 1
        self.per_layer = frames_per_layer(fps)
        self.readout_name = readout_lines(choose_readout(run.arch, readout), run.arch.residual)[0]
        hold_start, hold_end = round(HOLD_START * float(fps)), round(HOLD_END * float(fps))
        beats = ([self._beat(1, hold_start, fps, "hold")]
                 + [self._beat(layer, self.per_layer, fps, "layer") for layer in range(1, self.n_layers + 1)]
                 + [self._beat(self.n_layers, hold_end, fps, "hold")])
        super().__init__(beats, fps)

    def _beat(self, layer: int, frames: int, fps: float, kind: str) -> Beat:
        def frame(_u: float) -> Frame:
            return Frame(snapshot=self.run.final, position=float(len(self.run) - 1), extra={"depth": layer},
                         title=f"{self.n_layers} hidden layers, one at a time",
                         caption=f"Layer {layer} of {self.n_layers}: the whole plane classified by the "
                                 f"{self.readout_name} at this depth")

        return Beat(frames / float(fps), frame, kind, frames=frames)


class DepthView(View):
    """Options: ``DepthOptions``. A frame's layer: ``Frame.extra["depth"]`` (the last layer when absent)."""

    name = "depth"
    options = DepthOptions
    frame_field = "layer"

    @classmethod
    def plan_for(cls, run: Run, options) -> DepthPlan:
        check_depth(run.final)
        return DepthPlan(run, options.fps, cls.options_in(options.view_options).readout)

    def init(self, ax, scene: Scene) -> None:
        check_depth(scene.run.final)
        self.scene, self.ax = scene, ax
        options = scene.options_for(DepthView)
        self.readout_kind = choose_readout(scene.run.arch, options.readout)
        self.density = options.density
        self.n_layers = scene.run.arch.n_layers - 1
        self._cached: tuple | None = None
        final = self._readout(scene.run.final)
        self.n_classes = final.n_classes
        self.colors = class_palette(self.n_classes, scene)
        self.lut = _class_lut(self.colors, hex_rgb(scene.theme.background))
        map_rect, panel_rect, wide = _split(ax)
        ax.set_position(map_rect)
        self._map_axes(ax, scene)
        panel = ax.figure.add_axes(panel_rect)
        panel.set_axis_off()
        self._panel(panel, scene, final, wide)

    # -- the map ---------------------------------------------------------------------------------------------
    def _map_axes(self, ax, scene: Scene) -> None:
        (x0, x1), (y0, y1) = scene.domain[0], scene.domain[1]
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        keep_plane_aspect(ax, scene.domain)
        self.extent = (x0, x1, y0, y1)
        self.box = pixel_box(ax, self.extent)

        ax.set_xticks(np.linspace(x0, x1, 5))
        ax.set_yticks(np.linspace(y0, y1, 5))
        ax.tick_params(labelsize=scene.theme.font(8), length=2, colors=scene.theme.faint,
                       pad=3.5 * scene.theme.scale)  # scaled with the fonts: at 1080p the corner labels met
        for spine in ax.spines.values():
            spine.set_color(scene.theme.faint)
        if scene.still:
            self.points = self._draw_points(ax, scene)
        else:  # the points never move: drawn once into a transparent layer, stamped over the map each frame
            layer = drawn_layer(ax, self.box, lambda twin: self._draw_points(twin, scene))
            self.points = [Raster(ax, self.box, self.extent, layer)]

    def _draw_points(self, ax, scene: Scene) -> list:
        size = 12 * scene.theme.scale ** 2
        return [ax.scatter(x[:, 0], x[:, 1], s=size, c=self.colors[np.clip(y.astype(int), 0, self.n_classes - 1)]
                           / 255.0, edgecolors=edge, linewidths=0.5 * scene.theme.scale, zorder=2)
                for x, y, edge in point_sets(scene)]

    def map_pixels(self, winner: np.ndarray, confidence: np.ndarray) -> np.ndarray:
        """A layer's readout (d, d) as the map's RGB pixels, top row first, smoothly upscaled (nearest
        neighbour drew every boundary as a stair of grid cells)."""
        code = winner.astype(np.uint16) * 256 + confidence
        return upscale_smooth(self.lut[code[::-1]], self.box[3], self.box[2])  # the readout's row 0: lowest x2

    # -- the panel -------------------------------------------------------------------------------------------
    def _panel(self, panel, scene: Scene, final: DepthReadout, wide: bool) -> None:
        theme = scene.theme
        name, explanation = readout_lines(self.readout_kind, scene.run.arch.residual)
        bbox = panel.get_window_extent()
        chars = max(int(bbox.width / (theme.font(10) * panel.figure.dpi / 72 * 0.55)), 20)
        # Beside the map the counter is large with the score under it; in a strip above the map, a short one,
        # the counter is smaller and the score goes to the right end of the same row.
        counter_pt = theme.font(20 if wide else 15)
        score_x, score_y, score_ha = (0.0, 0.86, "left") if wide else (1.0, 0.98, "right")
        if scene.still:
            self.counter = panel.text(0.0, 0.98, "", va="top", fontsize=counter_pt, color=theme.text,
                                      family="monospace", transform=panel.transAxes)
            self.score = panel.text(score_x, score_y, "", va="top", ha=score_ha, fontsize=theme.font(11),
                                    color=theme.text, family="monospace", transform=panel.transAxes)
        else:  # the numbers change every frame: stamped glyphs (see views/text.py)
            from nnwatch.views.text import GlyphText

            self.counter = GlyphText(panel, 0.0, 0.98, counter_pt, theme.text, max_chars=20, max_lines=1)
            self.score = GlyphText(panel, score_x, score_y, theme.font(11), theme.text, ha=score_ha, max_chars=40,
                                   max_lines=1)
        self.marker = self.dot = None
        verdict = judge(scene.run)  # the view shows the final network only: a failed run says so on every frame
        if not wide:  # a strip above the map: the numbers, then the readout's name (and a verdict) under them
            panel.text(1.0, 0.0, f"readout: {name}", fontsize=theme.font(10), color=theme.text, va="bottom",
                       ha="right", transform=panel.transAxes)
            if verdict:
                panel.text(0.0, 0.0, verdict.fitted(max(chars - 24, 12))[0], fontsize=theme.font(10),
                           color=VERDICT_COLOR, va="bottom", transform=panel.transAxes)
            return
        # Axes fractions: the legend's scatter would move the panel's data limits under text placed in them.
        panel.text(0.0, 0.8, f"Readout: {name}", fontsize=theme.font(12), color=theme.text, weight="bold",
                   va="top", transform=panel.transAxes)
        line = theme.font(10) * 1.3 * panel.figure.dpi / 72 / bbox.height  # one line of text, axes fraction
        lines = textwrap.wrap(explanation, chars)
        if verdict:  # a line under the explanation, above the legend: the why gives way when room is short
            for shorter in (explanation.split(". ")[0] + ".", ""):
                if 0.74 - (len(lines) + 1.6) * line >= LEGEND_TOP:
                    break
                lines = textwrap.wrap(shorter, chars)
            panel.text(0.0, 0.74 - (len(lines) + 0.6 * bool(lines)) * line, verdict.fitted(chars)[0],
                       fontsize=theme.font(10), color=VERDICT_COLOR, va="top", transform=panel.transAxes)
        panel.text(0.0, 0.74, "\n".join(lines), fontsize=theme.font(10), color=theme.text, va="top",
                   linespacing=1.3, transform=panel.transAxes)
        self._legend(panel, scene)
        self._chart(panel, scene, final)

    def _legend(self, panel, scene: Scene) -> None:
        theme = scene.theme
        names = list(scene.run.dataset.classes)[: self.n_classes]
        per_row = 4
        for k, label in enumerate(names):
            x, y = 0.02 + (k % per_row) * 0.25, LEGEND_TOP - 0.035 - (k // per_row) * 0.05
            panel.scatter([x], [y], s=60 * theme.scale ** 2, marker="s", color=self.colors[k] / 255.0,
                          transform=panel.transAxes, clip_on=False)
            panel.text(x + 0.04, y, str(label), fontsize=theme.font(9), color=theme.text, va="center",
                       transform=panel.transAxes)

    def _chart(self, panel, scene: Scene, final: DepthReadout) -> None:
        """Accuracy of the readout at every depth (of the run's final network), the current layer marked."""
        from matplotlib.ticker import MaxNLocator

        theme = scene.theme
        left, bottom, width, height = panel.get_position().bounds
        chart = panel.figure.add_axes([left + 0.1 * width, bottom + 0.06 * height, 0.86 * width, 0.3 * height])
        train, test = final.accuracies()
        layers = np.arange(1, self.n_layers + 1)
        chart.plot(layers, 100 * train, color="#555555", lw=1.2 * theme.scale, label="train")
        self.curve = 100 * (test if np.isfinite(test).any() else train)
        if np.isfinite(test).any():
            chart.plot(layers, 100 * test, color="#0877bd", lw=1.2 * theme.scale, label="test")
        chart.axhline(100.0 / self.n_classes, color=theme.faint, lw=0.8 * theme.scale, ls=":", label="chance")
        chart.set_xlim(1, max(self.n_layers, 2))
        chart.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))  # layers are whole numbers
        chart.set_ylim(0, 100)
        chart.set_xlabel("layer", fontsize=theme.font(8), color=theme.faint, labelpad=1)
        chart.set_ylabel("accuracy %", fontsize=theme.font(8), color=theme.faint, labelpad=1)
        chart.tick_params(labelsize=theme.font(7), length=2, colors=theme.faint)
        for side in ("top", "right"):
            chart.spines[side].set_visible(False)
        # Above the chart, not in it: the current layer's marker sweeps across the whole plot.
        chart.legend(fontsize=theme.font(7), frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3,
                     borderaxespad=0.2)
        self.marker = chart.axvline(1, color=theme.text, lw=0.9 * theme.scale)
        self.dot, = chart.plot([1], [self.curve[0]], "o", color=theme.text, ms=4 * theme.scale)
        self.animated(self.marker, self.dot)

    # -- frames ----------------------------------------------------------------------------------------------
    def _readout(self, snapshot) -> DepthReadout:
        """The readouts of this snapshot, kept while frames show it (one snapshot at a time)."""
        if self._cached is None or self._cached[0] is not snapshot:
            ds = self.scene.run.dataset
            readout = DepthReadout(snapshot, ds.x_train, ds.y_train, ds.x_test, ds.y_test, readout=self.readout_kind,
                                   domain=self.scene.domain, density=self.density,
                                   n_classes=max(ds.n_classes, 2))
            self._cached = (snapshot, readout)
        return self._cached[1]

    def update(self, frame: Frame) -> list:
        layer = min(max(int(self.frame_value(frame, self.n_layers)), 1), self.n_layers)
        read = self._readout(frame.snapshot).at(layer)
        heat = Raster(self.ax, self.box, self.extent, self.map_pixels(read.winner, read.confidence), zorder=0)
        counter = f"layer {layer} / {self.n_layers}"
        score = _score_text(read.train_accuracy, read.test_accuracy)
        out: list = [heat, *self.points]
        if self.scene.still:
            self.counter.set_text(counter)
            self.score.set_text(score)
            out += [self.counter, self.score]
        else:
            out += [self.counter.raster(counter), self.score.raster(score)]
        if self.marker is not None:
            self.marker.set_xdata([layer, layer])
            self.dot.set_data([layer], [self.curve[layer - 1]])
            out += [self.marker, self.dot]
        return out


def _score_text(train: float, test: float) -> str:
    parts = [f"train {100 * train:.0f}%"]
    if not math.isnan(test):
        parts.append(f"test {100 * test:.0f}%")
    return "accuracy: " + " · ".join(parts)


def _class_lut(colors: np.ndarray, background: np.ndarray) -> np.ndarray:
    """(k * 256, 3) uint8: class c at sureness level v (0..255) is lut[c * 256 + v], lighter when unsure."""
    sure = MIN_SURE + (1.0 - MIN_SURE) * np.arange(256) / 255.0
    rgb = background + (colors[:, None, :] - background) * sure[None, :, None]
    return np.round(rgb).reshape(-1, 3).astype(np.uint8)


def _split(ax) -> tuple[list[float], list[float], bool]:
    """The view's rectangle cut into a square map and a text panel: the panel beside the map when there is
    room (``wide``), else a strip above it. Figure fractions."""
    fig = ax.figure
    fw, fh = fig.bbox.width, fig.bbox.height
    x0, y0, w, h = ax.get_position().bounds
    wpx, hpx = w * fw, h * fh
    gap = 0.03 * wpx
    if wpx >= 1.45 * hpx:
        side = hpx
        panel_left = x0 + (side + gap) / fw
        return [x0, y0, side / fw, h], [panel_left, y0, x0 + w - panel_left, h], True
    strip = min(0.22 * hpx, 90 * fh / 720)
    side = min(wpx, hpx - strip)
    left = x0 + (wpx - side) / 2 / fw
    return [left, y0, side / fw, side / fh], [x0, y0 + (side + 0.2 * strip) / fh, w, 0.8 * strip / fh], False
