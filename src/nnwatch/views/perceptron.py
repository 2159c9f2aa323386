"""The perceptron view: Heaviside(w·x + b) deciding good or bad weather, in 1, 2 or 3 dimensions.

SEEDS.md §4. With one input, temperature, the perceptron H(1·temperature − 20) says "good weather" above
20 °C: its boundary is one point on the axis. Adding humidity makes the boundary a line in the plane, and
adding wind speed a plane in space. The days drawn are labelled by the same rule, so the boundary separates
them; days too near it to tell apart on screen are left out.

The picture (``PerceptronPicture``) says how many inputs and, optionally, the weights and bias. Progress
through a shot animates it: in 1-D the output curve is traced from left to right and each day takes its colour
as the trace passes it; in 2-D the boundary line is drawn across; in 3-D the camera turns around the plane.
The 3-D space is projected by the views' own camera onto a plain Axes, so frames stay blittable; each input's
name goes beside the cube's outline, by the middle of an edge along its axis that the camera sees from
outside, so as the cube turns no name lands inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Polygon

from nnwatch.errors import NNWatchError
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.pictures import BAD, GOOD, Backdrop, Camera, Step, picture_of, progress_of, ramp, tour_plan
from nnwatch.views.style import hex_rgb

__all__ = ["PerceptronView", "PerceptronPicture", "WEATHER", "weather_days", "heaviside", "plane_in_box"]

# The inputs, their units and the ranges drawn: temperature, humidity, wind speed.
WEATHER = (("temperature", "°C", (0.0, 40.0)), ("humidity", "%", (0.0, 100.0)), ("wind speed", "km/h", (0.0, 60.0)))
# Default perceptrons: good weather above 20 °C; then also dry, then also calm. Each passes through
# 20 °C at 50 % humidity and 10 km/h of wind.
DEFAULTS = {1: ((1.0,), -20.0), 2: ((1.0, -0.2), -10.0), 3: ((1.0, -0.2, -0.4), -6.0)}
DAYS = {1: 14, 2: 40, 3: 48}  # days drawn for each dimension
GREY = "#b0b0b0"
MARGINS = (60, 48, 12, 6)  # pixels at 720p the backdrop takes in around the Axes: tick labels and axis names
NAME_GAP = 0.06  # how far an input's name sits outside the cube's edge, in the cube's units
CUBE = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)], dtype=np.float64) - 0.5


def heaviside(z):
    """1 where z >= 0, else 0: the perceptron's step."""
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


@dataclass(frozen=True)
class PerceptronPicture:
    """A perceptron over ``dims`` weather inputs (1: temperature; 2: + humidity; 3: + wind speed)."""

    dims: int = 1
    weights: tuple[float, ...] | None = None
    bias: float | None = None
    seed: int = 20  # which days are drawn

    def __post_init__(self):
        if self.dims not in (1, 2, 3):
            raise NNWatchError(f"a perceptron picture has 1, 2 or 3 inputs, not {self.dims}")
        if self.weights is not None and len(self.weights) != self.dims:
            raise NNWatchError(f"a perceptron over {self.dims} inputs needs {self.dims} weights, "
                               f"got {len(self.weights)}")

    @property
    def w(self) -> np.ndarray:
        return np.asarray(self.weights if self.weights is not None else DEFAULTS[self.dims][0], dtype=np.float64)

    @property
    def b(self) -> float:
        return float(self.bias if self.bias is not None else DEFAULTS[self.dims][1])

    def output(self, x: np.ndarray) -> np.ndarray:
        """Heaviside(w·x + b) for days x of shape (n, dims): 1 good, 0 bad."""
        return heaviside(np.asarray(x, dtype=np.float64) @ self.w + self.b)

    def formula(self) -> str:
        """'H(1·temperature − 0.2·humidity − 10)' with this picture's numbers."""
        terms = []
        for k, weight in enumerate(self.w):
            sign = "−" if weight < 0 else "+"
            terms.append(("" if not terms and weight >= 0 else f" {sign} " if terms else "−")
                         + f"{abs(weight):g}·{WEATHER[k][0]}")
        bias = self.b
        return f"H({''.join(terms)} {'−' if bias < 0 else '+'} {abs(bias):g})"


def weather_days(picture: PerceptronPicture) -> tuple[np.ndarray, np.ndarray]:
    """Days (n, dims) drawn uniformly over the ranges, and their label (1 good, 0 bad) by the picture's rule.

    Days within 4 % of the ranges' size from the boundary are dropped: they would sit on the drawn line."""
    dims = picture.dims
    rng = np.random.default_rng(picture.seed)
    lo = np.array([WEATHER[k][2][0] for k in range(dims)])
    hi = np.array([WEATHER[k][2][1] for k in range(dims)])
    candidates = lo + (hi - lo) * rng.random((8 * DAYS[dims], dims))
    scaled_w = picture.w * (hi - lo)  # the rule in 0..1 units, so that distances compare across axes
    distance = np.abs(candidates @ picture.w + picture.b) / max(np.linalg.norm(scaled_w), 1e-12)
    days = candidates[distance > 0.04][:DAYS[dims]]
    return days, picture.output(days)


def plane_in_box(normal: np.ndarray, offset: float) -> np.ndarray:
    """The polygon where the plane normal·p + offset = 0 cuts the unit cube, corners in order: (k, 3)."""
    corners = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)], dtype=np.float64)
    cuts = []
    for a in range(8):
        for b in range(a + 1, 8):
            if np.abs(corners[a] - corners[b]).sum() != 1:
                continue  # not an edge of the cube
            fa, fb = corners[a] @ normal + offset, corners[b] @ normal + offset
            if fa == fb or fa * fb > 0:
                continue
            cuts.append(corners[a] + (corners[b] - corners[a]) * fa / (fa - fb))
    if len(cuts) < 3:
        return np.zeros((0, 3))
    cuts = np.unique(np.round(np.array(cuts), 12), axis=0)
    centre = cuts.mean(axis=0)
    # Order the corners around the centre, in the plane's own 2-D coordinates.
    n = normal / np.linalg.norm(normal)
    e1 = np.cross(n, [1.0, 0.0, 0.0] if abs(n[0]) < 0.9 else [0.0, 1.0, 0.0])
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(n, e1)
    angles = np.arctan2((cuts - centre) @ e2, (cuts - centre) @ e1)
    return cuts[np.argsort(angles)]


TOUR = [
    Step(6.0, "perceptron", PerceptronPicture(1), "A perceptron: H(w·x + b)",
         "One input, temperature: good weather above 20 °C, bad below"),
    Step(6.0, "perceptron", PerceptronPicture(2), "Two inputs: the boundary is a line",
         "Adding humidity: good weather is warm and dry"),
    Step(8.0, "perceptron", PerceptronPicture(3), "Three inputs: the boundary is a plane",
         "Adding wind speed: good weather is warm, dry and calm"),
]


class PerceptronView(View):
    name = "perceptron"
    options = PerceptronPicture  # a picture of the view, given as its options
    needs_training = False  # draws fixed facts, not the run (video.render.needs_training)

    @classmethod
    def plan_for(cls, run, options):
        """On its own: the perceptron over 1, 2, then 3 inputs."""
        return tour_plan(run, options, cls.name, TOUR)

    def init(self, ax, scene: Scene) -> None:
        self.ax, self.scene = ax, scene
        theme = scene.theme
        # The margins grow with the text: at 1080p the axis' name hangs further below the Axes than at 720p.
        self.backdrop = Backdrop(ax, scene.still, margins=tuple(int(round(m * max(theme.scale, 1.0)))
                                                                for m in MARGINS))
        self.size = 30 * theme.scale ** 2
        self.curve, = ax.plot([], [], color=theme.text, lw=2.2 * theme.scale)
        self.line, = ax.plot([], [], color=theme.text, lw=2.2 * theme.scale)
        self.back = ax.scatter([], [], s=self.size, edgecolors="white", linewidths=0.5 * theme.scale)
        self.front = ax.scatter([], [], s=self.size, edgecolors="white", linewidths=0.5 * theme.scale)
        self.edges = LineCollection([], colors=theme.faint, linewidths=0.8 * theme.scale)
        ax.add_collection(self.edges)
        self.plane = Polygon(np.zeros((3, 2)), closed=True, facecolor="#7f7f7f", alpha=0.28,
                             edgecolor=theme.text, lw=1.0 * theme.scale)
        ax.add_patch(self.plane)
        self.labels = [ax.text(0, 0, "", fontsize=theme.font(9), color=theme.text, ha="center", va="center",
                               linespacing=1.1) for _ in range(3)]
        self.animated(self.curve, self.line, self.back, self.front, self.edges, self.plane, *self.labels)
        self.static: list = []

    # -- static parts, per picture ------------------------------------------------------------------------
    def _setup(self, picture: PerceptronPicture) -> None:
        ax, theme = self.ax, self.scene.theme
        for artist in self.static:
            artist.remove()
        self.static = []
        self.picture = picture
        self.days, self.labels_of_days = weather_days(picture)
        ax.set_axis_on() if picture.dims < 3 else ax.set_axis_off()
        ax.tick_params(labelsize=theme.font(8), length=2, colors=theme.faint)
        for spine in ax.spines.values():
            spine.set_color(theme.faint)
        name, unit, (lo, hi) = WEATHER[0]
        ax.set_xlim(lo, hi)
        ax.set_xlabel(f"{name} ({unit})" if picture.dims < 3 else "", fontsize=theme.font(9), color=theme.faint)
        if picture.dims == 1:
            self._setup_1d()
        elif picture.dims == 2:
            self._setup_2d()
        else:
            self._setup_3d()
        self.static.append(ax.text(0.015, 0.975, f"output = H(w·x + b) = {picture.formula()}",
                                   transform=ax.transAxes, ha="left", va="top", fontsize=theme.font(11),
                                   color=theme.text, family="monospace",
                                   bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=2)))

    def _setup_1d(self) -> None:
        ax, theme = self.ax, self.scene.theme
        ax.set_ylim(-0.45, 1.3)
        ax.set_yticks([0, 1], labels=["0", "1"])
        lo, hi = WEATHER[0][2]
        self.static.append(ax.text(lo + 0.01 * (hi - lo), 0.05, "bad weather: 0", ha="left", va="bottom",
                                   fontsize=theme.font(10), color=BAD))
        self.static.append(ax.text(hi - 0.01 * (hi - lo), 1.05, "good weather: 1", ha="right", va="bottom",
                                   fontsize=theme.font(10), color=GOOD))
        at = -self.picture.b / self.picture.w[0]
        self.static.append(ax.axvline(at, color=theme.faint, ls="--", lw=1.2 * theme.scale))
        self.static.append(ax.text(at, -0.4, f" boundary: {at:g} °C", ha="left", va="bottom",
                                   fontsize=theme.font(10), color=theme.text))
        self.static.append(ax.axhline(-0.2, color=theme.faint, lw=0.6 * theme.scale))

    def _setup_2d(self) -> None:
        ax, theme = self.ax, self.scene.theme
        name, unit, (lo, hi) = WEATHER[1]
        ax.set_ylim(lo, hi)
        ticks = np.linspace(lo, hi, 6)
        ax.set_yticks(ticks, labels=[f"{t:g}" for t in ticks])
        # Inside the Axes: the frame leaves too little room at the left for a rotated label.
        self.static.append(ax.text(0.015, 0.86, f"↑ {name} ({unit})", transform=ax.transAxes, ha="left", va="top",
                                   fontsize=theme.font(10), color=theme.text,
                                   bbox=dict(facecolor="white", edgecolor="none", alpha=0.7, pad=1)))
        # The two half-planes, faintly: the perceptron's answer everywhere.
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
        good = self.picture.output(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
        tint = np.where(good[..., None] > 0, hex_rgb(GOOD), hex_rgb(BAD)) / 255.0
        tint = 1.0 - 0.16 * (1.0 - tint)  # very light
        self.static.append(ax.imshow(tint, extent=(x0, x1, y0, y1), origin="lower", aspect="auto",
                                     interpolation="nearest", zorder=0))
        self.static.append(ax.scatter(self.days[:, 0], self.days[:, 1], s=self.size, c=self._colors(),
                                      edgecolors="white", linewidths=0.5 * theme.scale, zorder=2))

    def _setup_3d(self) -> None:
        ax = self.ax
        # Room for the unit cube seen from any side, with the Axes' own shape.
        bbox = ax.get_window_extent()
        aspect = bbox.width / max(bbox.height, 1)
        half = 0.8
        ax.set_xlim(-half * max(aspect, 1), half * max(aspect, 1))
        # A little lower than centred: the formula sits at the top.
        ax.set_ylim(-half * max(1 / aspect, 1), half * max(1 / aspect, 1) + 0.15)

    def _colors(self, shown: np.ndarray | None = None) -> np.ndarray:
        rgb = np.where(self.labels_of_days[:, None] > 0, hex_rgb(GOOD), hex_rgb(BAD)) / 255.0
        if shown is not None:
            rgb[~shown] = hex_rgb(GREY) / 255.0
        return rgb

    # -- every frame ---------------------------------------------------------------------------------------
    def update(self, frame: Frame) -> list:
        picture = picture_of(frame, self.scene, PerceptronPicture, self.name)
        backdrop = self.backdrop.items(picture, lambda: self._setup(picture))
        u = progress_of(frame)
        drawn = {1: self._frame_1d, 2: self._frame_2d, 3: self._frame_3d}[picture.dims](u)
        return backdrop + drawn

    def _frame_1d(self, u: float) -> list:
        lo, hi = WEATHER[0][2]
        reach = lo + (hi - lo) * ramp(u, 0.05, 0.75)
        xs = np.linspace(lo, reach, 400)
        self.curve.set_data(xs, self.picture.output(xs[:, None]))
        days = self.days[:, 0]
        self.back.set_offsets(np.column_stack([days, np.full(len(days), -0.2)]))
        self.back.set_facecolors(self._colors(days <= reach))
        self.back.set_sizes([self.size * 1.6])
        return [self.curve, self.back]

    def _frame_2d(self, u: float) -> list:
        ends = self._line_ends()
        if ends is None:
            return []
        t = ramp(u, 0.05, 0.6)
        (x0, y0), (x1, y1) = ends
        self.line.set_data([x0, x0 + (x1 - x0) * t], [y0, y0 + (y1 - y0) * t])
        return [self.line]

    def _line_ends(self):
        """Where the boundary w1·x + w2·y + b = 0 enters and leaves the drawn box."""
        (w1, w2), b = self.picture.w, self.picture.b
        (x0, x1), (y0, y1) = WEATHER[0][2], WEATHER[1][2]
        hits = []
        if w2 != 0:
            hits += [(x, -(w1 * x + b) / w2) for x in (x0, x1)]
        if w1 != 0:
            hits += [(-(w2 * y + b) / w1, y) for y in (y0, y1)]
        inside = sorted({(round(x, 9), round(y, 9)) for x, y in hits
                         if x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 1e-9 <= y <= y1 + 1e-9})
        return (inside[0], inside[-1]) if len(inside) >= 2 else None

    def unit_days(self) -> np.ndarray:
        """The days in the unit cube's coordinates (each range scaled to 0..1), centred on the cube."""
        lo = np.array([w[2][0] for w in WEATHER])
        hi = np.array([w[2][1] for w in WEATHER])
        return (self.days - lo) / (hi - lo) - 0.5

    def camera(self, u: float) -> Camera:
        """The 3-D camera at progress u: half a turn's worth of slow rotation over the shot."""
        return Camera(azimuth=-75.0 + 70.0 * u, elevation=18.0)

    def plane_corners(self) -> np.ndarray:
        """The boundary plane inside the cube, in the cube's centred coordinates."""
        lo = np.array([w[2][0] for w in WEATHER])
        hi = np.array([w[2][1] for w in WEATHER])
        normal = self.picture.w * (hi - lo)  # the rule rewritten for 0..1 coordinates
        offset = self.picture.b + self.picture.w @ lo
        return plane_in_box(normal, offset) - 0.5

    def _frame_3d(self, u: float) -> list:
        camera = self.camera(u)
        corners = CUBE
        pairs = [(a, b) for a in range(8) for b in range(a + 1, 8) if np.abs(corners[a] - corners[b]).sum() == 1]
        flat = camera.project(corners)
        self.edges.set_segments([flat[[a, b]] for a, b in pairs])
        plane = self.plane_corners()
        self.plane.set_xy(camera.project(plane))
        # Days on the viewer's side of the plane are drawn over it, the others under it.
        days = self.unit_days()
        lo = np.array([w[2][0] for w in WEATHER])
        hi = np.array([w[2][1] for w in WEATHER])
        normal = self.picture.w * (hi - lo)
        side = (days + 0.5) @ normal + self.picture.b + self.picture.w @ lo
        facing = np.sign(normal @ camera.basis()[2])
        near = np.sign(side) == facing
        order = np.argsort(camera.depth(days))
        colors = self._colors()
        for scatter, keep in ((self.back, ~near), (self.front, near)):
            chosen = order[keep[order]]
            scatter.set_offsets(camera.project(days[chosen]) if len(chosen) else np.zeros((0, 2)))
            scatter.set_facecolors(colors[chosen])
            scatter.set_sizes([self.size])
        for text, (at, ha, va), (name, unit, (lo_k, hi_k)) in zip(self.labels, name_spots(camera), WEATHER):
            text.set_position(at)
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            text.set_text(f"{name}\n{lo_k:g}..{hi_k:g} {unit}")
        return [self.edges, self.back, self.plane, self.front, *self.labels]


def name_spots(camera: Camera) -> list[tuple[np.ndarray, str, str]]:
    """Where each input's name goes on screen, with its alignment: outside the middle of one of the four cube
    edges along its axis, the one the camera shows lowest for the two on the ground (the front of the floor)
    and leftmost for the upright one, set off away from the cube's centre."""
    spots = []
    for axis in range(3):
        others = [k for k in range(3) if k != axis]
        middles = np.zeros((4, 3))
        for row, (a, b) in enumerate(((-0.5, -0.5), (-0.5, 0.5), (0.5, -0.5), (0.5, 0.5))):
            middles[row, others] = (a, b)
        flat = camera.project(middles)
        spot = flat[np.argmin(flat[:, 1] if axis < 2 else flat[:, 0])]
        length = float(np.hypot(*spot))
        out = spot / length if length > 1e-9 else np.array([0.0, -1.0])
        if axis == 2:  # the upright edge's name reads beside it, level with its middle
            out = np.array([-1.0, 0.0])
        ha = "left" if out[0] > 0.35 else "right" if out[0] < -0.35 else "center"
        va = "bottom" if out[1] > 0.35 else "top" if out[1] < -0.35 else "center"
        spots.append((spot + NAME_GAP * out, ha, va))
    return spots
