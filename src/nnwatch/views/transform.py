"""The transform view: the plane pushed through the network stage by stage (W·x, + b, activation, ...).

A grid of lines over the input domain and the data points are carried along the stage clock of
``nnwatch.probes.transform`` (``Frame.extra["transform"]``: stage k at progress u is ``k + u``). Lines are
coloured by the class the network gives their points in the end, the points by their true class, so a
trained network shows the data being untangled and random weights show what an untrained one does to the plane.

Spaces of 3 neurons are drawn in 3-D by a camera of our own (``views.camera``) that rises from the plane
when a layer widens to 3 and sinks back when it narrows; wider spaces are seen through a lens: chosen
neurons, PCA, or a cycle through neuron pairs. What each stage does, and through which lens, is written in
the corner. The architecture and the numbers come from ``frame.snapshot``, so one video can show different
networks one after the other.

Options (``scene.options["transform"]``, from ``nnwatch render --projection ... --neurons ... --direct``):
``projection`` (pca, pca3, neurons, cycle; neurons when ``neurons`` are given, else pca), ``neurons`` (2 or
3 indices, for layers wider than 3), ``direct`` (one stage from the input straight to the output),
``over`` ("stages", or "training": the transformed data at a fixed ``stage`` as the network trains),
``untrained`` (walk the first snapshot's random weights), ``stage`` (the clock position for stills and for
``over="training"``; default the last hidden layer's output), ``lines`` (41) and ``stage_seconds`` (1.5).

Video frames are painted straight into pixels (``views.painter``): 13,000 moving segments and hundreds of
points cost a few milliseconds that way. A still (``scene.still``) is drawn with ordinary matplotlib artists.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.colors import to_rgb

from nnwatch.probes.learning import not_learned
from nnwatch.probes.transform import Walk, check_neurons, check_two_d, grid_lines, mix, pad, split_position
from nnwatch.record.snapshot import Snapshot
from nnwatch.views.base import Frame, Scene, View
from nnwatch.easing import smoothstep
from nnwatch.views.camera import Box, best_azimuth, camera_at, fit_extent
from nnwatch.views.painter import Canvas, PaintedLayer
from nnwatch.views.style import class_colors, colorize, diverging_lut, hex_rgb
from nnwatch.views.transform_axes import Painted, bound_corners, bound_of, fit_in_room, furniture, place_label
from nnwatch.views.transform_plan import TransformOptions, TransformPlan, default_position, parse_neurons

__all__ = ["TransformView", "TransformOptions", "TransformPlan", "Picture", "default_position", "parse_neurons"]

EASE_EXTENT = 0.35   # the first part of a stage in which the framing eases from the last stage's extent
SETTLE_FROM = 0.7    # from here on the framing closes in on where the points end (a squashed result fills it)
LINE_TINT = 0.45     # grid lines are their class colour mixed this much with the background
JITTER = 0.06        # data points on a 1-D space are spread this share of the picture's half-width up and down
CORNER_LINES = 3     # the corner: the moment, and two lines for a run that did not learn
PAD = 6              # pixels between the caption or the corner and the picture's edge
ORIGIN = np.zeros((1, 3))


class Picture(NamedTuple):
    """One frame in screen coordinates (the projected drawn space; y up)."""

    lines: np.ndarray        # (lines, vertices, 2)
    line_groups: list        # [(rgb 0..255, flat indices of the segments of that colour)]
    points: np.ndarray       # (n, 2)
    point_styles: list       # [(indices, fill rgb, edge rgb)]
    axes: list               # [(start (2,), end (2,), rgb, alpha)]
    labels: list             # [transform_axes.Label]: axis names and ticks
    caption: str
    corner: str
    extent: tuple[float, float, float, float]


class TransformView(View):
    """The plane and the data through the network, stage by stage (see the module's notes). ``picture(frame)``
    gives a frame's geometry in screen coordinates; video frames paint it into pixels, stills draw it with
    matplotlib artists."""

    name = "transform"
    options = TransformOptions
    frame_field = "stage"

    @classmethod
    def plan_for(cls, run, options) -> "TransformPlan":
        opts = cls.options_in(options.view_options)
        check_two_d(run.arch)
        check_neurons(run.arch, opts.neurons)
        return TransformPlan(run, opts, fps=options.fps, duration=options.duration)

    def init(self, ax, scene: Scene) -> None:
        self.scene, self.ax = scene, ax
        self.options = scene.options_for(TransformView)
        self.verdict = not_learned(scene.run)  # once: the corner of every frame of the last snapshot says it
        self._check(scene.run.arch)
        ax.set_axis_off()
        self.grid = grid_lines(scene.domain, self.options.lines, 4 * (self.options.lines - 1) + 1)
        ds = scene.run.dataset
        sets = [(ds.x_train, ds.y_train, hex_rgb("#ffffff"))]
        if scene.show_test and len(ds.x_test):
            sets.append((ds.x_test, ds.y_test, hex_rgb("#333333")))
        self.inputs = np.concatenate([self.grid.reshape(-1, 2)] + [x for x, _, _ in sets], axis=0)
        self.n_grid = self.grid.shape[0] * self.grid.shape[1]
        self.point_styles = self._point_styles(sets)
        n_points = len(self.inputs) - self.n_grid
        self.jitter = np.random.default_rng(0).uniform(-1.0, 1.0, n_points)
        self._checked_arch = scene.run.arch
        self._walk_of: tuple[Snapshot, Walk, dict] | None = None
        self._final_walk: tuple[Walk, dict] | None = None
        bbox = ax.get_window_extent()
        self.box = (int(round(bbox.x0)), int(round(ax.figure.bbox.height - bbox.y1)),
                    max(int(round(bbox.width)), 1), max(int(round(bbox.height)), 1))
        self.aspect = self.box[2] / self.box[3]
        self._artists: list = []
        if not scene.still:
            from nnwatch.views.text import GlyphText

            theme = scene.theme
            self.canvas = Canvas(self.box)
            self.layer = PaintedLayer(self.canvas, self._paint, ax)
            self._picture: Picture | None = None
            self.caption_text = GlyphText(ax, 0.0, 1.0, theme.font(11), theme.text, max_chars=60, max_lines=2)
            self.corner_text = GlyphText(ax, 1.0, 0.0, theme.font(10), theme.faint, ha="right", max_chars=34,
                                         max_lines=CORNER_LINES)
            self.label_text = GlyphText(ax, 0.0, 1.0, theme.font(9), theme.faint, max_chars=8, max_lines=1)
            self.corner_room = self._corner_room(scene.run)
            # What the picture is painted on (the Axes' face): any other pixel is something a label keeps off.
            self.empty = np.round(np.asarray(to_rgb(ax.get_facecolor())) * 255)
            longest = max(len(name) for name in scene.run.arch.features + ("n00", "PC1"))
            self.label_room = (min(longest, self.label_text.max_chars) * self.label_text.cell_w + 2 * PAD,
                               self.label_text.cell_h + 2 * PAD)

    def _corner_room(self, run) -> tuple[int, int]:
        """(width, height) the corner's text takes at most in this run's video: its widest moment, and the
        verdict under the last snapshot (the glyph box is CORNER_LINES high, its text bottom-aligned)."""
        texts = [self._corner_of("random weights", None), self._corner_of(_moment(run.final), self.verdict)]
        lines = max(len(t.strip("\n").split("\n")) for t in texts)
        chars = max(len(line) for t in texts for line in t.split("\n"))
        cell_w, cell_h = self.corner_text.cell_w, self.corner_text.cell_h
        return min(chars, self.corner_text.max_chars) * cell_w + 2 * PAD, lines * cell_h + 2 * PAD

    def _check(self, arch) -> None:
        check_two_d(arch)
        check_neurons(arch, self.options.neurons)

    def _point_styles(self, sets) -> list:
        """Data points grouped by look: fill by true class (quantised for regression), edge by set."""
        ds, styles, start = self.scene.run.dataset, [], 0
        for x, y, edge in sets:
            fills = self._class_rgb(np.asarray(y), ds)
            keys = np.unique(fills, axis=0)
            for key in keys:
                members = start + np.nonzero(np.all(fills == key, axis=1))[0]
                styles.append((members, key.astype(float), edge))
            start += len(x)
        return styles

    def _class_rgb(self, values: np.ndarray, ds) -> np.ndarray:
        """(n, 3) colours of labels (or of the network's outputs given as labels)."""
        pal = self.scene.palette
        if ds.task == "regression":
            bound = float(np.max(np.abs(np.concatenate([ds.y_train, ds.y_test])))) or 1.0
            return colorize(values / bound, diverging_lut(pal)).astype(float)
        if ds.n_classes > 2:
            return class_colors(ds.n_classes)[values.astype(int) % ds.n_classes]
        ends = np.array([hex_rgb(pal.negative), hex_rgb(pal.positive)])
        return ends[values.astype(int).clip(0, 1)]

    # -- per frame ---------------------------------------------------------------------------------------

    def update(self, frame: Frame) -> list:
        with np.errstate(all="ignore"):  # a diverging network overflows: it is drawn as it computes
            picture = self.picture(frame)
        if self.scene.still:
            return self._artists_for(picture)
        self._picture = picture  # painted when the renderer draws the layer
        return [self.layer]

    def _walk(self, snapshot: Snapshot) -> tuple[Walk, dict]:
        """The walk of this snapshot's network (cached while the snapshot stays the same object)."""
        if self._walk_of is None or self._walk_of[0] is not snapshot:
            if snapshot.arch != self._checked_arch:
                self._check(snapshot.arch)
                self._checked_arch = snapshot.arch
            opts = self.options
            walk = Walk(snapshot, self.inputs, opts.projection, opts.neurons, opts.direct)
            self._walk_of = (snapshot, walk, {})
        return self._walk_of[1], self._walk_of[2]

    def _stage_ends(self, walk: Walk, cache: dict, stage: int, time: float):
        """A stage's drawn ends padded to 3-D, its lenses, its box and its end's box (cached unless the lens
        turns). Boxes hold the origin, and the range of an end an activation bounds (the unit square)."""
        key = stage if walk.projection != "cycle" else (stage, time)
        if key not in cache:
            a, b, lens_a, lens_b = walk.drawn_ends(stage, time)
            a, b = pad(a, 3), pad(b, 3)
            if len(cache) > 64:
                cache.clear()
            first, last = (self._bounds(walk, state) for state in walk.ends(stage))
            cache[key] = (a, b, lens_a, lens_b, Box.around(a, b, ORIGIN, *first, *last), Box.around(b, ORIGIN, *last))
        return cache[key]

    @staticmethod
    def _bounds(walk: Walk, state: int) -> list[np.ndarray]:
        return bound_corners(bound_of(walk, state), walk.arch.sizes[walk.space_of(state)])

    def picture(self, frame: Frame) -> Picture:
        walk, cache = self._walk(frame.snapshot)
        position = self.frame_value(frame, self.options.stage)
        if position is None:
            position = default_position(walk.arch, walk.direct)
        stage, u = split_position(position, walk.n_stages)
        time = frame.time
        a, b, lens_a, lens_b, box, _ = self._stage_ends(walk, cache, stage, time)
        drawn = mix(a, b, u)
        first, last = walk.ends(stage)
        if self.scene.still or self.options.over == "training":  # one moment: framed tight
            box = Box.around(drawn, ORIGIN, *self._bounds(walk, first if u < 0.5 else last))
        else:
            box = self._framing(walk, cache, stage, u, time, box, drawn)
        tilt = _tilt(lens_a.dims, lens_b.dims, u)
        camera = camera_at(time, tilt, self._azimuth(walk, cache, stage, u, time) if tilt > 0 else 0.0)
        extent = self._fit(walk, box, camera)
        depth = self._depth_1d(lens_a, lens_b, u, extent)
        drawn = self._spread_1d(drawn, depth)
        screen = camera.project(drawn)
        grid = screen[:self.n_grid].reshape(self.grid.shape)
        lens = lens_b if u >= 0.5 else lens_a
        caption = walk.info(stage).label + (f"\n{lens.label}" if lens.label else "")
        state, weight = (first, 1.0 - u) if bound_of(walk, first) else (last, u)
        axes, labels = furniture(box, camera, lens.names, bound_of(walk, state), weight,
                                 walk.arch.sizes[walk.space_of(state)], depth, _flatness(lens_a, lens_b, u))
        return Picture(grid, self._line_groups(walk), screen[self.n_grid:], self.point_styles, axes, labels,
                       caption, self._corner(frame.snapshot), extent)

    def _fit(self, walk: Walk, box: Box, camera) -> tuple[float, float, float, float]:
        """The picture's extent, with room for the caption and the corner when they are stamped over it."""
        if self.scene.still:
            return fit_extent(box, camera, self.aspect)
        return fit_in_room(box, camera, self.box[2:], self._text_room(walk), self.label_room)

    def _text_room(self, walk: Walk) -> tuple[int, int]:
        """(width, height) the caption plate or the corner needs, the larger of each: the longest caption of
        the walk, so the picture keeps its scale from stage to stage (computed once per walk)."""
        if "text_room" not in walk.__dict__:
            captions = [walk.info(k).label for k in range(walk.n_stages)]
            lenses = [walk.lens(space).label for space in range(walk.arch.n_layers + 1)]
            lines = 2 if any(lenses) else 1
            chars = max(len(text) for text in captions + lenses)
            cell_w, cell_h = self.caption_text.cell_w, self.caption_text.cell_h
            plate = (min(chars, self.caption_text.max_chars) * cell_w + 3 * PAD, lines * cell_h + 3 * PAD)
            walk.__dict__["text_room"] = (max(plate[0], self.corner_room[0]), max(plate[1], self.corner_room[1]))
        return walk.__dict__["text_room"]

    def _corner(self, snapshot: Snapshot) -> str:
        """When the snapshot is, and under the run's last one, a verdict if the run did not learn (a network
        that failed would otherwise unfold its data as confidently as one that worked). Bottom-aligned in
        CORNER_LINES lines: the glyph box is stamped from its top."""
        return self._corner_of(_moment(snapshot), self.verdict if snapshot.step == self.scene.run.final.step
                               else None)

    @staticmethod
    def _corner_of(moment: str, verdict: str | None) -> str:
        lines = [moment]
        if verdict:
            head, _, detail = verdict.partition(": ")
            lines += [f"{head}:", detail]
        return "\n" * (CORNER_LINES - len(lines)) + "\n".join(lines)

    def _framing(self, walk: Walk, cache: dict, stage: int, u: float, time: float, box: Box,
                 drawn: np.ndarray) -> Box:
        """Still while the points move: a stage is framed around both its ends, eased in from where the last
        stage settled. Towards its end the framing closes in on the points, so a squashing stage (tanh,
        sigmoid, a direct walk to the output) ends with its result filling the picture, not an eighth of it.
        Both boxes hold the points, and so does every mix of them."""
        if stage > 0:
            box = self._stage_ends(walk, cache, stage - 1, time)[5].mix(box, smoothstep(u / EASE_EXTENT))
        if u > SETTLE_FROM:
            settled = Box.around(drawn, ORIGIN, *self._bounds(walk, walk.ends(stage)[1]))
            box = box.mix(settled, smoothstep((u - SETTLE_FROM) / (1 - SETTLE_FROM)))
        return box

    def _azimuth(self, walk: Walk, cache: dict, stage: int, u: float, time: float) -> float:
        """The camera's azimuth for a stage in 3-D: each 3-D space gets the one showing its data widest, and
        a W·x between two 3-D spaces turns from one to the other. A network replayed over training keeps the
        camera its final snapshot chooses (a camera hunting for the view every frame would jitter)."""
        if self.options.over == "training" and walk.arch == self.scene.run.final.arch:
            if self._final_walk is None:
                opts = self.options
                self._final_walk = (Walk(self.scene.run.final, self.inputs, opts.projection, opts.neurons,
                                         opts.direct), {})
            walk, cache = self._final_walk
        first, last = walk.ends(stage)
        spaces = [walk.space_of(first), walk.space_of(last)]
        angles = [self._space_azimuth(walk, cache, space, time) for space in spaces]
        if angles[0] is None or angles[1] is None:
            return angles[0] if angles[1] is None else angles[1]
        return angles[0] + (angles[1] - angles[0]) * u

    def _space_azimuth(self, walk: Walk, cache: dict, space: int, time: float) -> float | None:
        """None for a space not drawn in 3-D. Chosen on the data points of every state in the space (the
        cycling lens never shows 3 neurons, so the choice can be cached with the walk)."""
        key = ("azimuth", space)
        if key not in cache:
            lens = walk.lens(space, time)
            if lens.dims != 3:
                cache[key] = None
            else:
                states = [p for k, p in enumerate(walk.states) if walk.space_of(k) == space]
                cache[key] = best_azimuth(np.concatenate([p[self.n_grid:] for p in states]) @ lens.matrix)
        return cache[key]

    @staticmethod
    def _depth_1d(lens_a, lens_b, u, extent) -> float:
        """How far the data points of a 1-D space are spread either side of its line (fading in on the way
        into such a space, out on the way out of it); 0 elsewhere."""
        return _flatness(lens_a, lens_b, u) * JITTER * (extent[1] - extent[0]) / 2

    def _spread_1d(self, drawn, depth: float):
        """On a 1-D space every point lies on one line: spread the data points a little across it."""
        if depth <= 0:
            return drawn
        drawn = drawn.copy()
        drawn[self.n_grid:, 1] += depth * self.jitter
        return drawn

    def _line_groups(self, walk: Walk) -> list:
        """Grid segments grouped by colour: the class the network gives a segment's first point, tinted
        light (computed once per snapshot)."""
        if "line_groups" not in walk.__dict__:
            out = walk.states[-1][:self.n_grid]
            arch, ds = walk.arch, self.scene.run.dataset
            if ds.task == "regression" and out.shape[1] == 1:
                bound = float(np.max(np.abs(np.concatenate([ds.y_train, ds.y_test])))) or 1.0
                labels = np.round(np.clip(out[:, 0] / bound, -1, 1) * 4) / 4 * bound  # 9 shades are plenty
            else:  # the class the output unit picks, as accuracy counts it (a linear classifier at 0.5)
                labels = arch.output_unit.predicted_class(out)
            rgb = self._class_rgb(labels, ds)
            rgb = rgb + (hex_rgb(self.scene.theme.background) - rgb) * LINE_TINT
            per_segment = rgb.reshape(*self.grid.shape[:2], 3)[:, :-1].reshape(-1, 3)
            colors, which = np.unique(per_segment, axis=0, return_inverse=True)
            which = which.ravel()
            walk.__dict__["line_groups"] = [(color, np.nonzero(which == k)[0]) for k, color in enumerate(colors)]
        return walk.__dict__["line_groups"]

    # -- drawing -----------------------------------------------------------------------------------------

    def _to_pixels(self, xy: np.ndarray, extent) -> np.ndarray:
        x0, x1, y0, y1 = extent
        w, h = self.box[2], self.box[3]
        out = np.empty_like(xy)
        out[..., 0] = (xy[..., 0] - x0) * (w / (x1 - x0))
        out[..., 1] = (y1 - xy[..., 1]) * (h / (y1 - y0))
        return out

    def _paint(self, canvas: Canvas) -> None:
        """Paint the current picture: axes, grid lines, data points, axis names, captions."""
        picture, scale = self._picture, self.scene.theme.scale
        if picture is None:
            return
        with np.errstate(all="ignore"):
            self._paint_picture(canvas, picture, scale)

    def _paint_picture(self, canvas: Canvas, picture: Picture, scale: float) -> None:
        extent = picture.extent
        axes_px = self._to_pixels(np.array([[s, e] for s, e, _, _ in picture.axes]).reshape(-1, 2, 2), extent)
        for rgb in {tuple(rgb) for _, _, rgb, _ in picture.axes}:
            mine = [k for k, (_, _, c, _) in enumerate(picture.axes) if tuple(c) == rgb]
            canvas.segments(axes_px[mine, 0], axes_px[mine, 1], rgb, width=1.2 * scale,
                            alpha=np.array([picture.axes[k][3] for k in mine]), what="an axis")
        lines_px = self._to_pixels(picture.lines, extent)
        canvas.polylines(lines_px, picture.line_groups, width=max(1.0, scale), what="the grid")
        points = self._to_pixels(picture.points, extent)
        radius = 3.0 * scale
        for members, fill, edge in picture.point_styles:
            canvas.discs(points[members], fill, edge, radius=radius, edge_width=1.0 * scale, what="the data points")
        self._stamp_caption(canvas, picture)
        # Names and ticks last: each keeps off what is painted by then (the caption and corner among it).
        cell_w, cell_h = self.label_text.cell_w, self.label_text.cell_h
        painted = Painted(canvas, self.empty)
        for text, at, away, corner in picture.labels:
            px = self._to_pixels(np.array([at]), extent)[0]
            if not np.all(np.isfinite(px)):
                continue
            left, top = place_label(px, away, (len(text) * cell_w, cell_h), self.box[2:],
                                    painted, reach=8 * cell_h, corner=corner)
            canvas.stamp(self.label_text.raster(text).pixels, left, top, what=text)

    def _stamp_caption(self, canvas: Canvas, picture: Picture) -> None:
        caption = self.caption_text
        lines = picture.caption.split("\n")
        width = max(len(line) for line in lines) * caption.cell_w
        canvas.rectangle(0, 0, width + 2 * PAD, len(lines) * caption.cell_h + 2 * PAD,
                         hex_rgb(self.scene.theme.background), 0.85)
        canvas.stamp(caption.raster(picture.caption).pixels, PAD, PAD, what=picture.caption)
        corner = self.corner_text.raster(picture.corner).pixels
        canvas.stamp(corner, self.box[2] - corner.shape[1] - PAD, self.box[3] - corner.shape[0] - PAD,
                     what=picture.corner)

    def _artists_for(self, picture: Picture) -> list:
        """A still: the same picture as ordinary matplotlib artists, in screen coordinates."""
        from matplotlib.collections import LineCollection

        ax, theme = self.ax, self.scene.theme
        for artist in self._artists:
            artist.remove()
        x0, x1, y0, y1 = picture.extent
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        axes = LineCollection([np.array([s, e]) for s, e, _, _ in picture.axes],
                              colors=[(*(rgb / 255), alpha) for _, _, rgb, alpha in picture.axes],
                              linewidths=1.0, zorder=1)
        segments = np.stack([picture.lines[:, :-1], picture.lines[:, 1:]], axis=2).reshape(-1, 2, 2)
        colors = np.zeros((len(segments), 3))
        for rgb, members in picture.line_groups:
            colors[members] = rgb / 255
        lines = LineCollection(segments, colors=colors, linewidths=0.7, zorder=2)
        made = [ax.add_collection(axes), ax.add_collection(lines)]
        for members, fill, edge in picture.point_styles:
            pts = picture.points[members]
            made.append(ax.scatter(pts[:, 0], pts[:, 1], s=14 * theme.scale ** 2, c=[fill / 255],
                                   edgecolors=[edge / 255], linewidths=0.6, zorder=3))
        for text, (x, y), (dx, dy), _ in picture.labels:
            ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
            va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
            made.append(ax.text(x, y, f" {text} " if ha != "center" else text, fontsize=theme.font(9),
                                color=theme.faint, ha=ha, va=va, zorder=4, clip_on=True))
        made.append(ax.text(0.01, 0.99, picture.caption, transform=ax.transAxes, va="top", ha="left",
                            fontsize=theme.font(11), color=theme.text, zorder=5,
                            bbox=dict(facecolor=theme.background, edgecolor="none", alpha=0.85)))
        made.append(ax.text(0.99, 0.01, picture.corner, transform=ax.transAxes, va="bottom", ha="right",
                            fontsize=theme.font(10), color=theme.faint, zorder=5))
        self._artists = made
        return made


def _tilt(dims_in: int, dims_out: int, u: float) -> float:
    """How far the camera is in 3-D: rising in the first half of a stage into 3-D, sinking in the second
    half of a stage out of it (the points first land on the plane)."""
    if dims_in == 3 and dims_out == 3:
        return 1.0
    if dims_out == 3:
        return min(u / 0.5, 1.0)
    if dims_in == 3:
        return 1.0 - max((u - 0.5) / 0.5, 0.0)
    return 0.0


def _flatness(lens_a, lens_b, u: float) -> float:
    """How far a stage's picture is a 1-D space's line: 1 within such a space, easing between spaces."""
    return (1.0 - u) * _one_d(lens_a) + u * _one_d(lens_b)


def _one_d(lens) -> float:
    """1.0 for the lens of a one-neuron space (drawn on a line: its second axis has no name), else 0.0."""
    return 0.0 if lens.names[-1] else 1.0


def _moment(snapshot: Snapshot) -> str:
    if snapshot.step == 0:
        return "random weights"
    return f"epoch {snapshot.epoch:,.0f}"


