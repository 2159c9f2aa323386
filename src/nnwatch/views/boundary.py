"""The boundary view: the network's output over the input plane, with the training and test points.

Two classes: the Playground's 31 shades from orange (-1) to blue (+1) (``discretize`` shows the sign only).
More classes: one hue per class, lighter where the network is unsure. Regression: a diverging scale over the
targets' range.
"""

from __future__ import annotations

import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.views.base import (Frame, Raster, Scene, View, drawn_layer, keep_plane_aspect, pixel_box, point_sets,
                                upscale_values)
from nnwatch.views.style import class_colors, class_map_rgb, colorize, diverging_lut, hex_rgb

__all__ = ["BoundaryView"]


class BoundaryView(View):
    name = "boundary"

    def init(self, ax, scene: Scene) -> None:
        if not scene.two_d:
            raise NNWatchError(f"the boundary view needs 2-D inputs; '{scene.run.dataset.name}' has "
                               f"{scene.run.arch.n_raw_inputs} (use the network, metrics or sample views)")
        self.scene = scene
        self.ax = ax
        (x0, x1), (y0, y1) = scene.domain[0], scene.domain[1]
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        keep_plane_aspect(ax, scene.domain)
        self.extent = (x0, x1, y0, y1)
        self.box = pixel_box(ax, self.extent)
        self._range = self._output_range()
        if scene.still:
            self.points = self._draw_points(ax, scene)
        else:
            # The points never move: draw them once into a transparent layer, stamped over the map each frame.
            layer = drawn_layer(ax, self.box, lambda twin: self._draw_points(twin, scene))
            self.points = [Raster(ax, self.box, self.extent, layer)]
        ax.set_xticks(np.linspace(x0, x1, 5))
        ax.set_yticks(np.linspace(y0, y1, 5))
        ax.tick_params(labelsize=scene.theme.font(8), length=2, colors=scene.theme.faint,
                       pad=3.5 * scene.theme.scale)  # scaled with the fonts: at 1080p the corner labels met
        for spine in ax.spines.values():
            spine.set_color(scene.theme.faint)
        # With --values the network view writes the numbers of one example: ringed here, so it can be found.
        self.ring = ax.plot([], [], ls="none", marker="o", ms=14 * scene.theme.scale, mfc="none",
                            mec=scene.theme.text, mew=2 * scene.theme.scale, zorder=5)[0] if scene.show_values else None
        self.animated(*[p for p in self.points if not isinstance(p, Raster)], *([self.ring] if self.ring else []))

    def _output_range(self) -> tuple[float, float]:
        arch, ds = self.scene.run.arch, self.scene.run.dataset
        unit = arch.output_unit
        if ds.task == "regression" and unit.low is None:  # an unbounded unit regresses the data's values
            bound = float(np.max(np.abs(np.concatenate([ds.y_train, ds.y_test])))) or 1.0
            return -bound, bound
        # From class 0's target to class 1's: the colour turns at the unit's threshold (a linear classifier's 0.5).
        return unit.negative, unit.positive

    def _draw_points(self, ax, scene: Scene) -> list:
        size = 16 * scene.theme.scale ** 2
        return [ax.scatter(x[:, 0], x[:, 1], s=size, c=self._point_colors(y), edgecolors=edge,
                           linewidths=0.6 * scene.theme.scale, zorder=2)
                for x, y, edge in point_sets(scene)]

    def _point_colors(self, y: np.ndarray) -> np.ndarray:
        ds, pal = self.scene.run.dataset, self.scene.palette
        if ds.task == "regression":
            lo, hi = self._range
            return colorize(2 * (y - lo) / (hi - lo) - 1, diverging_lut(pal)) / 255.0
        if ds.n_classes > 2:
            return class_colors(ds.n_classes)[y.astype(int)] / 255.0
        ends = np.array([hex_rgb(pal.negative), hex_rgb(pal.positive)]) / 255.0
        return ends[y.astype(int)]

    def update(self, frame: Frame) -> list:
        out = frame.maps(self.scene)[-1]
        heat = self.heat(out)
        if self.ring is None:
            return [heat, *self.points]
        x, _ = frame.example_input(self.scene)
        self.ring.set_data([x[0]], [x[1]])
        return [heat, *self.points, self.ring]

    def heat(self, out: np.ndarray) -> Raster:
        """The output map (d, d, units; row 0 the lowest x2) as the map's Raster. The outputs are interpolated
        to the map's pixels and coloured there, as the page colours its heatmap: nearest neighbour drew every
        boundary as a stair of grid cells."""
        smooth = upscale_values(out[::-1], self.box[3], self.box[2])
        return Raster(self.ax, self.box, self.extent, self.pixels(smooth), zorder=0)

    def pixels(self, out: np.ndarray) -> np.ndarray:
        """An output map (h, w, units) as RGB."""
        scene = self.scene
        if out.shape[-1] > 1:
            return class_map_rgb(out, class_colors(out.shape[-1]))
        value = out[..., 0]
        lo, hi = self._range
        signed = 2 * (value - lo) / (hi - lo) - 1
        if scene.discretize:
            signed = np.sign(signed)
        return colorize(signed, diverging_lut(scene.palette))
