"""The network view: neurons, links coloured by sign and sized by |w|, biases, and what each neuron computes.

For 2-D inputs each neuron shows its own output over the plane as a thumbnail (as TF Playground does); for
other inputs each neuron is a disc filled by its activation for the example in focus. Layers wider than
``max_drawn`` show their first and last neurons around an ellipsis. A forward pass can be revealed layer by
layer (``frame.reveal``) and the error can flow back (``frame.backward``). A hand-worked example (from-scratch's
forward pass) can have each link's weight written on it (``NetworkOptions.weights``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import Circle, Rectangle

from nnwatch.limits import MAX_NEURONS, check_limit
from nnwatch.model.features import FEATURE_LABELS
from nnwatch.views.base import Frame, Raster, Scene, View, example_errors, pixel_box, upscale_index
from nnwatch.views.style import block_average, colorize, diverging_lut, hex_rgb

__all__ = ["NetworkView", "NetworkOptions", "layer_positions"]


@dataclass(frozen=True)
class NetworkOptions:
    """``max_drawn``: neurons drawn per layer at most; wider layers show their ends around an ellipsis.
    ``weights``: write each drawn link's weight on it, near the neuron it feeds (for a few links: a network
    worked by hand, where the numbers are the point)."""

    max_drawn: int = 12
    weights: bool = False

    def __post_init__(self):
        check_limit("network option 'max_drawn'", self.max_drawn, MAX_NEURONS, minimum=3)


THUMB = 20           # thumbnail resolution: 100x100 maps averaged over 5x5 blocks
WEIGHT_FULL = 5.0    # |w| at which a link reaches its widest (the Playground's scale)
DEAD_DASH = (0, (2, 2))  # a dead link's dash pattern, in points
DIM = 0.15           # alpha of parts not yet reached by a forward pass
WEIGHT_AT = 0.72     # where along its link a weight is written: nearer the neuron it feeds, past the crossing
HALO = 0.58          # the error's ring around a neuron, in node sizes from its centre
VALUE_AT = 0.72      # a neuron's number starts this far under its centre, in node sizes: below its ring
SHRINK = 0.8         # the least share of their size neurons keep to make room for their numbers under them


def drawn_indices(width: int, max_drawn: int) -> list[int | None]:
    """Indices of the neurons drawn for a layer; None marks the ellipsis."""
    if width <= max_drawn:
        return list(range(width))
    first = (max_drawn - 1) // 2
    last = max_drawn - 1 - first
    return list(range(first)) + [None] + list(range(width - last, width))


def layer_positions(sizes, max_drawn: int, width: float, height: float, bottom: float = 0.0,
                    largest: float = np.inf):
    """Centres of drawn neurons per layer in axes pixels, and the node size (at most ``largest``), in
    ``height`` pixels above ``bottom``."""
    columns = len(sizes)
    gap_x = width / columns
    rows = max(len(drawn_indices(n, max_drawn)) for n in sizes)
    gap_y = height / max(rows, 1)
    node = min(gap_x * 0.42, gap_y * 0.72, largest)
    layers = []
    for c, n in enumerate(sizes):
        slots = drawn_indices(n, max_drawn)
        x = gap_x * (c + 0.5)
        top = bottom + height / 2 + gap_y * (len(slots) - 1) / 2
        layers.append([(i, x, top - k * gap_y) for k, i in enumerate(slots)])
    return layers, node


def _fitted(name: str, room_px: float, fontsize: float, dpi: float) -> str:
    """A column name cut to the room left of the input column (a CSV's 'od280/od315_of_diluted_wines' would
    run off the frame), with an ellipsis where it was cut."""
    most = max(int(room_px / (fontsize * dpi / 72 * 0.62)), 3)
    return name if len(name) <= most else name[:most - 1] + "…"


def example_name(x) -> str:
    """How the header of the input column names the example the numbers are for (ringed on the map)."""
    x = np.asarray(x, dtype=np.float64).ravel()
    return "example\n(" + ", ".join(f"{v:.2g}" for v in x) + ")" if x.size <= 3 else "one example"


def _telling_inputs(column, dataset):
    """The input column of an image network draws the pixels that vary most over the training images (in
    reading order), not the first and last ones: those are the border, blank in every image, and never light.
    Other inputs keep their order."""
    slots = [i for i, _, _ in column if i is not None]
    if not dataset.image_shape or len(slots) >= dataset.n_inputs or not len(dataset.x_train):
        return column
    spread = np.asarray(dataset.x_train, dtype=np.float64).std(axis=0)
    chosen = iter(sorted(np.argsort(-spread, kind="stable")[:len(slots)].tolist()))
    return [(None if i is None else next(chosen), x, y) for i, x, y in column]


def _backing(theme, pad: float = 0.15, alpha: float = 0.85) -> dict:
    """A text's patch of background colour (``pad`` in font sizes), for numbers that sit on links."""
    return dict(boxstyle=f"round,pad={pad}", facecolor=theme.background, edgecolor="none", alpha=alpha)


class NetworkView(View):
    name = "network"
    options = NetworkOptions

    def init(self, ax, scene: Scene) -> None:
        self.scene, self.ax = scene, ax
        theme = scene.theme
        bbox = ax.get_window_extent()
        self.w, self.h = bbox.width, bbox.height
        ax.set_xlim(0, self.w)
        ax.set_ylim(0, self.h)
        ax.set_axis_off()
        options = scene.options_for(NetworkView)
        # The top strip holds the layer labels.
        self.layers, self.node = layer_positions(scene.run.arch.sizes, options.max_drawn, self.w, self.h * 0.92)
        if scene.show_values:
            self._room_for_values(ax, theme, options.max_drawn)
        self.layers[0] = _telling_inputs(self.layers[0], scene.run.dataset)
        self.lut = diverging_lut(scene.palette)
        self.px = 72.0 / ax.figure.dpi  # points per pixel, for line widths
        self.links, self.link_index = self._make_links(ax)
        self.thumbs = self._make_nodes(ax) if scene.two_d else None
        self.discs = None if scene.two_d else self._make_discs(ax)
        self.biases, self.bias_index = self._make_biases(ax)
        self.halos = self._make_halos(ax)
        self.values = self._make_values(ax, theme) if scene.show_values else []
        self.weight_texts = self._make_weight_texts(ax, theme) if options.weights else []
        self._labels(ax, theme)
        self.animated(self.links, self.biases, self.halos, *([self.discs] if self.discs else []), *self.values,
                      *([self.example_label] if self.values else []), *self.weight_texts)

    # -- building --------------------------------------------------------------------------------------------
    def _make_links(self, ax):
        segments, index = [], []
        half = self.node / 2
        for layer, (left, right) in enumerate(zip(self.layers[:-1], self.layers[1:])):
            for i, x0, y0 in left:
                for j, x1, y1 in right:
                    if i is None or j is None:
                        continue
                    segments.append([(x0 + half, y0), (x1 - half, y1)])
                    index.append((layer, i, j))
        links = LineCollection(segments, zorder=1, capstyle="butt")
        ax.add_collection(links)
        table = np.array(index, dtype=np.int64).reshape(-1, 3)
        self.link_layer = table[:, 0]
        # Links are made layer by layer, so each layer's weights can be gathered at once in this order.
        self.link_gather = [(table[table[:, 0] == layer, 1], table[table[:, 0] == layer, 2])
                            for layer in range(len(self.layers) - 1)]
        self.l1 = self.scene.run.spec.training.regularization == "l1"
        self.dead_rgb = np.array(hex_rgb(self.scene.theme.faint)) / 255.0
        return links, index

    def _make_nodes(self, ax):
        """Where each neuron's thumbnail goes: painted as raw pixels each frame (see Raster)."""
        slots = []
        half = self.node / 2
        for layer in self.layers:
            for i, x, y in layer:
                if i is None:
                    self._ellipsis(ax, x, y)
                    continue
                extent = (x - half, x + half, y - half, y + half)
                box = pixel_box(ax, extent)
                slots.append((extent, box, upscale_index(THUMB, box[2]), upscale_index(THUMB, box[3])[::-1]))
        return slots

    def _ellipsis(self, ax, x: float, y: float) -> None:
        """The mark standing for the neurons a wide layer does not draw."""
        ax.text(x, y, "⋮", ha="center", va="center", fontsize=self.node * self.px * 0.8, color=self.scene.theme.faint)

    def _make_discs(self, ax):
        patches = []
        for layer in self.layers:
            for i, x, y in layer:
                if i is None:
                    self._ellipsis(ax, x, y)
                    continue
                patches.append(Circle((x, y), self.node / 2))
        discs = PatchCollection(patches, zorder=3, edgecolors="#555555", linewidths=0.8 * self.scene.theme.scale)
        ax.add_collection(discs)
        return discs

    def _make_biases(self, ax):
        squares, index = [], []
        side = self.node * 0.22
        for layer, nodes in enumerate(self.layers[1:]):
            for i, x, y in nodes:
                if i is not None and self.scene.run.arch.use_bias:
                    squares.append(Rectangle((x - self.node / 2 - side * 1.2, y - self.node / 2), side, side))
                    index.append((layer, i))
        biases = PatchCollection(squares, zorder=4, edgecolors="#777777", linewidths=0.5)
        ax.add_collection(biases)
        return biases, index

    def _make_halos(self, ax):
        """Rings around the neurons past the input, showing the error flowing back (hidden until then)."""
        rings = [Circle((x, y), self.node * HALO) for layer in self.layers[1:] for i, x, y in layer if i is not None]
        halos = PatchCollection(rings, zorder=2, facecolors="none", edgecolors="none")
        ax.add_collection(halos)
        return halos

    def _room_for_values(self, ax, theme, max_drawn: int) -> None:
        """Make the neurons' numbers fit under them where a little room does it: neurons laid out to fill the
        panel leave no line between one's ring and the next one, nor under the lowest, and the numbers would
        stand beside every neuron, on the links it sends. Neurons may shrink to SHRINK of their size and are
        raised off the bottom; a column that needs more (a wide layer) keeps its numbers beside."""
        text_h, room, largest = self._value_line(ax, theme), 0.0, np.inf
        for _ in range(4):  # each change moves the neurons a little: a few rounds settle it
            fits = {k: self._largest_with_values(layer, text_h) for k, layer in enumerate(self.layers)}
            spaced = [k for k, most in fits.items() if most >= SHRINK * self.node]
            if not spaced:
                return  # every column is too dense for numbers under its neurons: they go beside
            largest = min(largest, self.node, *(fits[k] for k in spaced))
            lowest = min(y for k in spaced for i, _, y in self.layers[k] if i is not None)
            short = text_h + largest * VALUE_AT - lowest + 1.0
            if largest >= self.node and short <= 0:
                return
            room += max(short, 0.0)
            self.layers, self.node = layer_positions(self.scene.run.arch.sizes, max_drawn, self.w,
                                                     self.h * 0.92 - room, bottom=room, largest=largest)

    @staticmethod
    def _largest_with_values(layer, text_h: float) -> float:
        """The largest neurons a column can have with a line of text under each, above the next one's ring."""
        ys = sorted(y for i, _, y in layer if i is not None)
        gap = min(np.diff(ys)) if len(ys) > 1 else np.inf
        return (gap - text_h - 1.0) / (VALUE_AT + HALO)

    @staticmethod
    def _value_line(ax, theme) -> float:
        """The height of a line of the neurons' numbers, in pixels."""
        return theme.font(8) * ax.figure.dpi / 72 * 1.3

    def _make_values(self, ax, theme):
        """One number per drawn neuron, for the example in focus: under the neuron where its column leaves
        room, else beside it (the neurons of a wide layer stand too close for a line of text between them),
        on a patch of background, as the links leave the neuron there and would run through the digits.
        The input column's header says which example the numbers are for."""
        text_h = self._value_line(ax, theme)
        texts, self.values_beside = [], []
        for layer in self.layers:
            beside = not self._room_below(layer, text_h)
            self.values_beside.append(beside)
            for i, x, y in layer:
                if i is None:
                    continue
                at, align = ((x + self.node * 0.62, y), dict(ha="left", va="center")) if beside else \
                    ((x, y - self.node * VALUE_AT), dict(ha="center", va="top"))
                patch = _backing(theme) if beside else None
                texts.append(ax.text(*at, "", fontsize=theme.font(8), color=theme.text, zorder=5, bbox=patch,
                                     **align))
        self.example_label = ax.text(self.layers[0][0][1], self.h - 2, "", ha="center", va="top",
                                     fontsize=theme.font(8), color=theme.faint)
        return texts

    def _make_weight_texts(self, ax, theme) -> list:
        """One text per drawn link, WEIGHT_AT along it, on a patch of background so the link runs under it.
        Near the neuron it feeds: a layer's links cross midway, and a neuron's weights read as its own."""
        texts = []
        for (x0, y0), (x1, y1) in self.links.get_segments():
            at = (x0 + WEIGHT_AT * (x1 - x0), y0 + WEIGHT_AT * (y1 - y0))
            texts.append(ax.text(*at, "", ha="center", va="center", fontsize=theme.font(11), color=theme.text,
                                 zorder=6, bbox=_backing(theme, pad=0.3, alpha=1.0)))
        return texts

    def _room_below(self, layer, text_h: float) -> bool:
        lowest = min(y for i, _, y in layer if i is not None)
        return self.node <= self._largest_with_values(layer, text_h) and lowest - self.node * VALUE_AT - text_h >= 0

    def _labels(self, ax, theme) -> None:
        arch = self.scene.run.arch
        names = [self._feature_name(f) for f in arch.features]
        for i, x, y in self.layers[0]:
            if i is not None:
                name = names[i] if self.scene.two_d else self._input_name(i)
                ax.text(x - self.node * 0.62, y, _fitted(name, x - self.node * 0.62, theme.font(9), ax.figure.dpi),
                        ha="right", va="center", fontsize=theme.font(9), color=theme.text)
        for c, layer in enumerate(self.layers[1:-1]):
            x = layer[0][1]
            n = arch.sizes[c + 1]
            ax.text(x, self.h - 2, f"{n} neuron{'s' * (n > 1)}\n{arch.activations[c]}", ha="center", va="top",
                    fontsize=theme.font(8), color=theme.faint)
        ax.text(self.layers[-1][0][1], self.h - 2, f"output\n{arch.output}", ha="center", va="top",
                fontsize=theme.font(8), color=theme.faint)
        self._class_names(ax, theme)

    def _class_names(self, ax, theme) -> None:
        """Each output neuron's class beside it, so a multi-class output reads without a legend (beside, not
        under: output neurons stand close together, and a value may be written under each)."""
        classes = self.scene.run.dataset.classes
        if self.scene.run.arch.sizes[-1] != len(classes) or len(classes) < 2:
            return
        # Past the value when the output's values stand beside it too.
        shift = 6 * theme.font(8) * ax.figure.dpi / 72 * 0.62 if self.values and self.values_beside[-1] else 0.0
        for i, x, y in self.layers[-1]:
            if i is not None:
                ax.text(x + self.node * 0.62 + shift, y, str(classes[i]), ha="left", va="center",
                        fontsize=theme.font(8), color=theme.text)

    def _input_name(self, i: int) -> str:
        names = self.scene.run.dataset.input_names
        return names[i] if i < len(names) else f"x{i + 1}"

    def _feature_name(self, feature: str) -> str:
        """A plane's raw input by the dataset's own name for it when it has one ('a' and 'b' in a worked
        example, a CSV's column), else the Playground's X₁, X₂; a derived feature (X₁², sin(X₁)) by formula."""
        column = {"x1": 0, "x2": 1}.get(feature)
        names = self.scene.run.dataset.input_names
        if column is not None and column < len(names) and names[column] not in ("", feature):
            return names[column]
        return FEATURE_LABELS.get(feature, feature)

    # -- per frame -------------------------------------------------------------------------------------------
    def update(self, frame: Frame) -> list:
        params = frame.snapshot.params
        lit = self._lit_layers(frame)
        self._update_links(params, lit)
        self._update_biases(params, lit)
        nodes = self._thumbnails(frame, lit) if self.thumbs is not None else [self._update_discs(frame, lit)]
        if self.values:
            self._update_values(frame, lit)
        if self.weight_texts:
            self._update_weight_texts(params)
        halos = [self._update_halos(frame)] if frame.backward is not None else []
        return [self.links, *halos, *nodes, self.biases, *self.values,
                *([self.example_label] if self.values else []), *self.weight_texts]

    def _lit_layers(self, frame: Frame) -> np.ndarray:
        """Alpha per column of neurons: a forward pass lights columns up to ``reveal``."""
        columns = len(self.layers)
        if frame.reveal is None:
            return np.ones(columns)
        return np.clip(frame.reveal - np.arange(columns) + 1, DIM, 1.0)

    def _update_links(self, params, lit) -> None:
        w = self._link_weights(params)
        colors = colorize(w, self.lut) / 255.0
        alpha = np.minimum(lit[self.link_layer], lit[self.link_layer + 1])
        width_px = 0.6 + 9.4 * np.clip(np.abs(w) / WEIGHT_FULL, 0, 1) ** 0.8
        if self.l1:
            # The Playground's L1 rule kills a link whose weight crosses zero: it is set to exactly 0 for good.
            # Drawn grey and dashed, unlike a live link that merely happens to be small.
            dead = w == 0.0
            colors[dead] = self.dead_rgb
            width_px[dead] = 0.8
            self.links.set_linestyles([DEAD_DASH if d else "solid" for d in dead] if dead.any() else "solid")
        self.links.set_color(np.column_stack([colors, alpha]))
        self.links.set_linewidths(width_px * self.px * self.scene.theme.scale)

    def _link_weights(self, params) -> np.ndarray:
        """Every drawn link's weight, one fancy-index per layer (a Python loop over links costs ~1 ms at 8x8)."""
        return np.concatenate([np.asarray(params[layer]["w"], dtype=np.float64)[rows, cols]
                               for layer, (rows, cols) in enumerate(self.link_gather)])

    def _update_weight_texts(self, params) -> None:
        """Each link's weight as the tutorial writes it (2, −5, 0.44). Never dimmed by a forward pass: the
        weights are given before any input goes through, and a caption may be naming them."""
        for text, w in zip(self.weight_texts, self._link_weights(params)):
            text.set_text(f"{w:.2g}".replace("-", "−"))

    def _update_biases(self, params, lit) -> None:
        if not self.bias_index:
            return
        b = np.array([params[layer]["b"][i] for layer, i in self.bias_index], dtype=np.float64)
        colors = colorize(b, self.lut) / 255.0
        alpha = np.array([lit[layer + 1] for layer, _ in self.bias_index])
        self.biases.set_facecolor(np.column_stack([colors, alpha]))

    def _thumbnails(self, frame: Frame, lit) -> list[Raster]:
        maps = frame.maps(self.scene)
        rasters, k = [], 0
        for column, layer in enumerate(self.layers):
            grid = maps[column]
            lo, hi = (-1.0, 1.0) if column else self._input_range(grid)
            # A whole layer at once: (THUMB, THUMB, width, 3) colours, then each neuron's slice is enlarged.
            colours = colorize(2 * (block_average(grid, THUMB) - lo) / (hi - lo) - 1, self.lut)
            for i, _, _ in layer:
                if i is None:
                    continue
                extent, box, cols, rows = self.thumbs[k]
                pixels = colours[:, :, i][rows][:, cols]
                rasters.append(Raster(self.ax, box, extent, pixels, alpha=float(lit[column]), zorder=3))
                k += 1
        return rasters

    @staticmethod
    def _input_range(grid: np.ndarray) -> tuple[float, float]:
        bound = float(np.max(np.abs(grid))) or 1.0
        return -bound, bound

    def _update_discs(self, frame: Frame, lit):
        outputs = frame.example_outputs(self.scene)
        values, alphas = [], []
        for column, layer in enumerate(self.layers):
            for i, _, _ in layer:
                if i is not None:
                    values.append(float(outputs[column][i]))
                    alphas.append(lit[column])
        colors = colorize(np.array(values), self.lut) / 255.0
        self.discs.set_facecolor(np.column_stack([colors, alphas]))
        return self.discs

    def _update_halos(self, frame: Frame):
        """Rings sized by |dLoss/dz|, coloured by its sign, lit from the output back to column ``backward``."""
        errors = example_errors(frame, self.scene)
        columns = len(self.layers)
        deltas, reached = [], []
        for column, layer in enumerate(self.layers[1:], start=1):
            for i, _, _ in layer:
                if i is not None:
                    deltas.append(float(errors[column - 1][i]))
                    reached.append(columns - 1 - column <= frame.backward)
        deltas = np.array(deltas)
        # Widths relative to the largest signal, but never blown up from nothing: below 0.02 rings stay thin.
        scale = max(float(np.max(np.abs(deltas))), 0.02)
        colors = colorize(-deltas / scale, self.lut) / 255.0  # -dL/dz: the direction the neuron is pushed
        alpha = np.where(reached, 0.9, 0.0)
        self.halos.set_edgecolor(np.column_stack([colors, alpha]))
        self.halos.set_linewidth((1.0 + 7.0 * np.abs(deltas) / scale) * self.px * self.scene.theme.scale)
        return self.halos

    def _update_values(self, frame: Frame, lit) -> None:
        outputs = frame.example_outputs(self.scene)
        k = 0
        for column, layer in enumerate(self.layers):
            for i, _, _ in layer:
                if i is None:
                    continue
                shown = lit[column] >= 1.0 or frame.reveal is None
                self.values[k].set_text(f"{outputs[column][i]:.2f}" if shown else "")
                k += 1
        self.example_label.set_text(example_name(frame.example_input(self.scene)[0]))
