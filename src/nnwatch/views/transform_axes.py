"""What the transform view draws around its points: axes with their names, the edges and ticks of a space an
activation bounds, and the room a picture leaves for the texts over it.

Axes run through the origin across the points (the origin is always in the picture: "+ b" moves the points
off it, and it shows), their names set off beyond their positive ends along their own direction, so a name
never lies on its axis. After an activation that confines every coordinate to a range (a sigmoid's 0..1, a
tanh's -1..1) a space drawn as it is shows that range: the unit square, its ends ticked and labelled, fading
in as the points arrive and out as they leave.

The texts over a picture (the caption at its top left, the corner at its bottom right) get room of their own:
the picture is fitted either between bands above and below it or between columns left and right of it,
whichever lets it be larger, so neither the points nor the axes run under a text. A name or tick label that
would cover the grid, a point or a line where it first goes (a 3-D axis whose end lies over the sheet) is
turned about what it names and moved out to the nearest clear place (``place_label``), judged by the pixels
painted so far.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nnwatch.probes.transform import Walk, stage_info
from nnwatch.views.camera import Box, Camera, fit_extent
from nnwatch.views.style import hex_rgb

__all__ = ["BOUNDS", "Label", "Occupancy", "Painted", "bound_of", "bound_corners", "furniture", "fit_in_room",
           "place_label"]

# The range an activation confines each coordinate to.
BOUNDS = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "gaussian": (0.0, 1.0), "tanh": (-1.0, 1.0),
          "sine": (-1.0, 1.0)}
AXIS_PAD = 0.04   # axes run past the points by this share of the picture's largest side
TICK = 0.015      # a tick's length, the same share
FAINT, INK = hex_rgb("#c8c8c8"), hex_rgb("#8a8a8a")
GAP = 3           # pixels between a label and what it names


class Label(NamedTuple):
    """A name or tick label: ``at`` what it names (screen coordinates, y up), set off in direction ``away``;
    a ``corner`` label is set off diagonally, clear of both lines crossing at ``at``."""

    text: str
    at: tuple[float, float]
    away: tuple[float, float]
    corner: bool = False


def bound_of(walk: Walk, state: int) -> tuple[float, float] | None:
    """The range every coordinate of a whole clock position lies in, when its space is drawn as it is in one
    or two dimensions and the stage that ends there is a bounding activation (not a residual one)."""
    if state == 0 or walk.arch.sizes[walk.space_of(state)] > 2:
        return None
    info = stage_info(walk.arch, state - 1)
    if info.kind != "activation" or info.residual:
        return None
    return BOUNDS.get(info.function)


def bound_corners(bound: tuple[float, float] | None, width: int) -> list[np.ndarray]:
    """The corners of a bounded space in drawn coordinates padded to 3-D (none without a bound)."""
    if bound is None:
        return []
    lo, hi = bound
    if width == 1:
        return [np.array([[lo, 0.0, 0.0], [hi, 0.0, 0.0]])]
    return [np.array([[lo, lo, 0.0], [hi, lo, 0.0], [lo, hi, 0.0], [hi, hi, 0.0]])]


def _tick_text(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def _away(vector: np.ndarray) -> tuple[float, float]:
    """A unit screen direction (right for a vector too short to point anywhere)."""
    length = float(np.hypot(vector[0], vector[1]))
    if not length > 1e-9 or not np.isfinite(length):
        return (1.0, 0.0)
    return (float(vector[0] / length), float(vector[1] / length))


def furniture(box: Box, camera: Camera, names, bound=None, weight: float = 0.0, width: int = 2,
              below: float = 0.0, flat: float = 0.0) -> tuple[list, list]:
    """(axes, labels): segments (start, end, rgb, alpha) in screen coordinates and their Labels. ``bound``
    (lo, hi) with ``weight`` 0..1 adds the bounded space's edges and ticks; ``width`` is the space's number of
    neurons (1: its points spread on a line, ``below`` screen units deep, where tick labels go under them).
    ``flat`` (0..1) is how far the picture is a 1-D space's line, whose second axis fades out."""
    span = float(np.max(box.hi - box.lo)) if np.all(np.isfinite(box.hi - box.lo)) else 1.0
    span = span or 1.0
    pad = AXIS_PAD * span
    dims = 3 if camera.tilt > 0 else 2
    axes, labels = [], []
    for k in range(dims):
        alpha = camera.tilt if k == 2 else 1.0 - flat if k == 1 else 1.0
        if alpha <= 0:
            continue
        ends = np.zeros((3, 3))
        ends[1, k] = max(box.hi[k], 0.0) + pad
        ends[2, k] = min(box.lo[k], 0.0) - pad
        o, p, m = camera.project(ends)
        axes.append((o, p, INK, alpha))
        axes.append((o, m, FAINT, alpha))
        if k < len(names) and names[k] and alpha > 0.5:
            labels.append(Label(names[k], tuple(p), _away(p - o)))
    if camera.tilt > 0:  # the edges of the first octant's faces, as far as the points reach
        hx, hy, hz = (max(float(box.hi[k]), 0.0) for k in range(3))
        edges = [((hx, 0, 0), (hx, hy, 0)), ((0, hy, 0), (hx, hy, 0)), ((0, hy, 0), (0, hy, hz)),
                 ((0, 0, hz), (0, hy, hz)), ((hx, 0, 0), (hx, 0, hz)), ((0, 0, hz), (hx, 0, hz))]
        for s, e in edges:
            p, q = camera.project(np.array([s, e], dtype=float))
            axes.append((p, q, FAINT, 0.8 * camera.tilt))
    if bound is not None and weight > 0:
        more_axes, more_labels = _bounded(camera, bound, weight, width, TICK * span, below)
        axes += more_axes
        labels += more_labels if weight > 0.5 else []
    return axes, labels


def _bounded(camera: Camera, bound, weight: float, width: int, tick: float, below: float):
    """The edges of [lo, hi]² (or the segment [lo, hi] on a line) with its ends ticked and labelled."""
    lo, hi = bound
    axes, labels = [], []

    def segment(a, b, rgb, alpha):
        p, q = camera.project(np.array([[*a, 0.0], [*b, 0.0]], dtype=float))
        axes.append((p, q, rgb, alpha * weight))
        return q

    if width == 1:  # a ruler under the spread points; a 0 clears the vertical axis fading on the way in
        segment((lo, -below - tick), (hi, -below - tick), FAINT, 1.0)
        for v in (lo, hi):
            end = segment((v, -below), (v, -below - tick), INK, 1.0)
            labels.append(Label(_tick_text(v), tuple(end), (-0.7071, -0.7071) if v == 0.0 else (0.0, -1.0),
                                corner=v == 0.0))
        return axes, labels
    corners = [(lo, lo), (hi, lo), (hi, hi), (lo, hi)]
    for a, b in zip(corners, corners[1:] + corners[:1]):
        segment(a, b, FAINT, 1.0)
    for v in (lo, hi):
        below_x = segment((v, lo), (v, lo - tick), INK, 1.0)
        left_of_y = segment((lo, v), (lo - tick, v), INK, 1.0)
        if v == 0.0:  # the origin, where the axes cross: one 0 between them
            at = camera.project(np.zeros((1, 3)))[0]
            labels.append(Label(_tick_text(v), tuple(at), (-0.7071, -0.7071), corner=True))
        else:
            labels += [Label(_tick_text(v), tuple(below_x), (0.0, -1.0)),
                       Label(_tick_text(v), tuple(left_of_y), (-1.0, 0.0))]
    return axes, labels


def fit_in_room(box: Box, camera: Camera, size: tuple[int, int], texts: tuple[int, int],
                labels: tuple[int, int]) -> tuple[float, float, float, float]:
    """The screen extent of a picture of ``size`` (width, height) pixels holding the box, centred, with room
    for the texts over it: ``texts`` (width, height) the larger of the caption's and the corner's, reserved as
    bands above and below or as columns left and right, whichever leaves the larger picture; ``labels`` (width,
    height) room on every side for the axes' names and ticks."""
    width, height = size
    (text_w, text_h), (label_w, label_h) = texts, labels
    rooms = [(width - 2 * label_w, height - 2 * (text_h + label_h)),
             (width - 2 * (text_w + label_w), height - 2 * label_h)]
    best = None
    for w, h in rooms:
        if w < 16 or h < 16:
            continue
        x0, x1, y0, y1 = fit_extent(box, camera, w / h)
        per_pixel = (x1 - x0) / w
        if best is None or per_pixel < best[0]:
            best = (per_pixel, (x0 + x1) / 2, (y0 + y1) / 2)
    if best is None:  # a picture too small for its texts: as large as it can be
        return fit_extent(box, camera, width / height)
    per_pixel, cx, cy = best
    return cx - width / 2 * per_pixel, cx + width / 2 * per_pixel, cy - height / 2 * per_pixel, \
        cy + height / 2 * per_pixel


def place_label(at: np.ndarray, away: tuple[float, float], size: tuple[int, int], bounds: tuple[int, int],
                taken=None, reach: int = 0, corner: bool = False) -> tuple[int, int]:
    """The top-left pixel of a label of ``size`` (width, height) set off from ``at`` (pixels, y down) in the
    screen direction ``away`` (y up): GAP pixels from ``at`` across its nearest side (a ``corner`` label across
    both: clear of a horizontal and a vertical line through ``at``). Where that would cover something drawn
    (``taken``: an Occupancy, or anything with its ``clear`` and ``near``), the label is turned about ``at``
    and moved out, up to ``reach`` pixels, to the nearest clear place (beside ``at`` when there is none). Kept
    inside ``bounds`` (width, height)."""
    w, h = size
    steps = np.arange(0, reach + 1, 2, dtype=np.float64)
    step, turn = (a.ravel() for a in np.meshgrid(steps, TURNS, indexing="ij"))  # nearest first, straight first
    if corner:  # a corner label's first place is its own; turned, it would meet one of its two lines
        keep = (step > 0) | (turn == 0)
        step, turn = step[keep], turn[keep]
    lefts, tops = _beside(at, away, turn, size, corner, step)
    spot = 0
    if taken is not None and not taken.clear(lefts[:1], tops[:1], w, h)[0]:  # most labels are clear at once
        clear = np.flatnonzero(taken.near(at, reach + w + h + 2 * GAP + 8).clear(lefts, tops, w, h))
        spot = int(clear[0]) if len(clear) else 0
    left = min(max(lefts[spot], 2), bounds[0] - w - 2)
    top = min(max(tops[spot], 2), bounds[1] - h - 2)
    return int(round(left)), int(round(top))


TURNS = np.radians([0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180])  # the nearest turns first


def _beside(at, away, turn: np.ndarray, size, corner: bool, step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Top-left corners of a label set off from ``at`` in direction ``away`` turned by ``turn`` radians,
    ``step`` pixels further out than it needs to clear ``at`` (arrays of candidates)."""
    c, s = np.cos(turn), np.sin(turn)
    dx, dy = c * away[0] - s * away[1], -(s * away[0] + c * away[1])  # y down
    w, h = size
    # How far along the direction the centre goes for the box (half sizes w/2, h/2) to clear ``at`` by GAP:
    # across one side (the nearer), or for a corner label across both.
    with np.errstate(divide="ignore"):
        across_x = np.where(np.abs(dx) > 1e-9, (GAP + w / 2) / np.abs(dx), np.inf)
        across_y = np.where(np.abs(dy) > 1e-9, (GAP + h / 2) / np.abs(dy), np.inf)
    if corner:
        distance = np.maximum(np.where(np.isinf(across_x), 0, across_x), np.where(np.isinf(across_y), 0, across_y))
    else:
        distance = np.minimum(across_x, across_y)
    distance = distance + step
    return at[0] + dx * distance - w / 2, at[1] + dy * distance - h / 2


class Occupancy:
    """Where a window of pixels is taken (``mask``, (height, width) booleans, its top-left corner at ``left``,
    ``top``), as a summed-area table of ``cell``-pixel squares (a square is taken if any pixel in it is), so
    that many label boxes can be asked about at once; a box must also keep ``reach`` pixels from anything
    taken."""

    def __init__(self, left: float, top: float, mask: np.ndarray, reach: float = 1.0, cell: int = 1):
        self.left, self.top, self.reach, self.cell = float(left), float(top), float(reach), int(cell)
        rows, cols = -(-mask.shape[0] // self.cell), -(-mask.shape[1] // self.cell)
        whole = np.zeros((rows * self.cell, cols * self.cell), bool)
        whole[:mask.shape[0], :mask.shape[1]] = mask
        cells = whole.reshape(rows, self.cell, cols, self.cell).any(axis=(1, 3))
        self.rows, self.cols = rows, cols
        table = np.zeros((rows + 1, cols + 1), np.int32)
        table[1:, 1:] = cells
        self.table = table.cumsum(axis=0).cumsum(axis=1)

    @classmethod
    def of_points(cls, left: float, top: float, width: int, height: int, points: np.ndarray,
                  reach: float = 1.0) -> "Occupancy":
        """A window whose taken pixels are those holding any of the (n, 2) points."""
        mask = np.zeros((int(height), int(width)), bool)
        with np.errstate(invalid="ignore"):
            cols, rows = np.floor(points[:, 0] - left), np.floor(points[:, 1] - top)
        inside = (cols >= 0) & (cols < width) & (rows >= 0) & (rows < height)  # False for NaN
        mask[rows[inside].astype(np.int64), cols[inside].astype(np.int64)] = True
        return cls(left, top, mask, reach)

    def near(self, at, room) -> "Occupancy":
        return self

    def clear(self, lefts: np.ndarray, tops: np.ndarray, w: float, h: float) -> np.ndarray:
        """Which boxes (top-left corners, one size) keep clear of everything taken (in the window)."""
        lefts, tops = np.asarray(lefts, np.float64), np.asarray(tops, np.float64)
        c0 = self._edge(lefts - self.reach - self.left, self.cols, 0)
        c1 = self._edge(lefts + w + self.reach - self.left, self.cols, 1)
        r0 = self._edge(tops - self.reach - self.top, self.rows, 0)
        r1 = self._edge(tops + h + self.reach - self.top, self.rows, 1)
        table = self.table
        return (table[r1, c1] - table[r0, c1] - table[r1, c0] + table[r0, c0]) == 0

    def _edge(self, offset: np.ndarray, count: int, past: int) -> np.ndarray:
        """The first square an edge at ``offset`` pixels touches (``past`` 1: one past the last), in the table."""
        return np.clip(np.floor(offset / self.cell).astype(np.int64) + past, 0, count)


class Painted:
    """What a Canvas holds so far in this frame, read from its pixels, as what a label should not cover: the
    grid, the axes and points already painted (and any label before it). One box is asked about directly
    (``clear``: most labels are clear where they first go); a search for a clear place asks an Occupancy of
    the neighbourhood (``near``). The axis a name belongs to lies behind it, so never in its way."""

    def __init__(self, canvas, background):
        self.canvas, self.background = canvas, background

    def clear(self, lefts: np.ndarray, tops: np.ndarray, w: float, h: float) -> np.ndarray:
        return np.array([not self.canvas.inked(left - 1, top - 1, w + 2, h + 2, self.background).any()
                         for left, top in zip(lefts, tops)], bool)

    def near(self, at: np.ndarray, room: float) -> Occupancy:
        left, top, size = at[0] - room, at[1] - room, int(np.ceil(2 * room))
        return Occupancy(np.floor(left), np.floor(top), self.canvas.inked(left, top, size, size, self.background),
                         reach=0.5, cell=2)
