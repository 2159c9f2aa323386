"""Lines, discs and text painted straight into a frame's RGBA pixels with NumPy.

A frame of the transform view has some 13,000 line segments and hundreds of points, all moving. Through
matplotlib (a LineCollection and a scatter drawn per frame) that costs tens of milliseconds; painted here it
is a few vectorised gathers and scatters. Lines are anti-aliased by coverage across their width (Wu's
method widened to any width); discs are stamped from a sprite drawn once per style. Where painted things
overlap, the last one painted wins (no accumulation, which is what lines a pixel wide need anyway).

``PaintedLayer`` is the matplotlib artist that does it: when the renderer draws it (blitting, over the cached
background), it paints into the Agg renderer's own buffer. That is the fastest way in: an opaque Raster of
the whole Axes would cost a strided copy of every pixel (about 4 ms at 720p), and only the pixels touched
here are written. Painting needs an Agg buffer; anything else (a vector backend) gets nothing, so stills use
ordinary artists instead.

Pixels hide what they show from anyone who reads the figure's artists, the layout checker among them: so a
Canvas keeps a ``Mark`` of each text, line and set of points it painted into the last frame (references to
arrays it was given, no copies), and its layer hands them on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.artist import Artist

__all__ = ["Canvas", "PaintedLayer", "Mark", "pack", "along_segments"]

MAX_SEGMENT_STEPS = 4096  # samples along one segment at most (a segment running far off the canvas)


@dataclass(frozen=True)
class Mark:
    """What a Canvas painted: ``kind`` "text" (``ink``: its RGBA pixels, stamped at ``at``), "line" (``start``
    and ``end``: (n, 2) segment ends) or "points" (``start``: (n, 2) centres, ``radius``), in the Canvas' own
    pixels; ``offset`` is the Canvas' top-left corner in the frame, and ``clip`` its box there (left, top,
    right, bottom): what it paints cannot leave the box, so a text reaching past it is cut. Where things are in
    the frame is worked out only when asked (``box``, ``samples``): painting a frame costs no more for it."""

    kind: str
    what: str
    offset: tuple[int, int]
    clip: tuple[int, int, int, int]
    ink: Any = None
    at: tuple[int, int] = (0, 0)
    start: Any = None
    end: Any = None
    radius: float = 0.0

    def box(self) -> tuple[float, float, float, float] | None:
        """A text's ink in frame pixels (left, top, right, bottom); None for a blank one."""
        rows, cols = np.nonzero(self.ink[..., 3])
        if not rows.size:
            return None
        x, y = self.offset[0] + self.at[0], self.offset[1] + self.at[1]
        return x + cols.min(), y + rows.min(), x + cols.max() + 1, y + rows.max() + 1

    def samples(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) frame pixels along a line (about one a pixel) or at the points' centres: those painted, inside
        ``clip``."""
        if self.kind == "line":
            xs, ys = along_segments(self.start, self.end)
        else:
            centres = np.asarray(self.start, np.float64).reshape(-1, 2)
            xs, ys = centres[:, 0], centres[:, 1]
        xs, ys = xs + self.offset[0], ys + self.offset[1]
        left, top, right, bottom = self.clip
        inside = (xs >= left) & (xs <= right) & (ys >= top) & (ys <= bottom)  # False for NaN
        return xs[inside], ys[inside]


def along_segments(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) samples about a pixel apart along segments from ``start`` to ``end`` ((n, 2) each), ends
    included; segments with an end that is not finite are left out."""
    start, end = np.asarray(start, np.float64).reshape(-1, 2), np.asarray(end, np.float64).reshape(-1, 2)
    keep = np.all(np.isfinite(start), axis=1) & np.all(np.isfinite(end), axis=1)
    start, end = start[keep], end[keep]
    if not len(start):
        return np.zeros(0), np.zeros(0)
    steps = np.clip(np.ceil(np.abs(end - start).max(axis=1)), 1, MAX_SEGMENT_STEPS).astype(np.int64)
    owner = np.repeat(np.arange(len(start)), steps + 1)
    t = (np.arange(len(owner)) - np.repeat(np.cumsum(steps + 1) - (steps + 1), steps + 1)) / steps[owner]
    points = start[owner] + (end - start)[owner] * t[:, None]
    return points[:, 0], points[:, 1]


class Canvas:
    """Paints into the box (left, top, width, height) of an RGBA frame; x to the right and y down, in pixels
    from the box's top-left corner. Nothing is painted outside the box."""

    def __init__(self, box: tuple[int, int, int, int]):
        self.left, self.top, self.width, self.height = (int(v) for v in box)
        self._sprites: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.frame: np.ndarray | None = None
        self.marks: list[Mark] = []  # what was painted since the last ``on``

    def on(self, frame: np.ndarray) -> "Canvas":
        """Paint into this frame ((H, W, 4) uint8, C-contiguous) from now on."""
        self.frame = frame
        self.marks = []
        # Whole pixels as 32-bit words: gathering and scattering one word a pixel is ten times faster than
        # fancy-indexing three bytes of four.
        self._words = frame.reshape(-1).view(np.uint32)
        self._stride = frame.shape[1]
        # The box as it fits in the frame (a box partly off the figure paints only its visible part).
        self._rows = (max(-self.top, 0), min(self.height, frame.shape[0] - self.top))
        self._cols = (max(-self.left, 0), min(self.width, frame.shape[1] - self.left))
        return self

    def _index(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Flat frame indices of the box pixels that exist, and which of the given ones they are (None: all,
        the usual case, which saves compacting every array)."""
        keep = (rows >= self._rows[0]) & (rows < self._rows[1]) & (cols >= self._cols[0]) & (cols < self._cols[1])
        if keep.all():
            return (rows + self.top) * self._stride + (cols + self.left), None
        return (rows[keep] + self.top) * self._stride + (cols[keep] + self.left), keep

    def blend(self, index: np.ndarray, colors: tuple[np.ndarray, np.ndarray], alpha: np.ndarray) -> None:
        """Mix colours (packed by ``pack``: one, or one per pixel) into frame pixels (flat indices) by alpha
        (n,), in place.

        Two channels at a time in 32-bit integers: red and blue sit 16 bits apart, as do green and alpha, so
        one multiply-add blends two bytes without either spilling into the other (a weight w of 0..256 keeps
        255·256 under 2^16). Eight times faster than the same blend in float32 over four channels.
        """
        rb, ga = colors
        old = self._words[index]
        w = (alpha * 256.0).astype(np.uint32)
        keep = 256 - w
        red_blue = ((old & 0x00FF00FF) * keep + rb * w) >> 8 & 0x00FF00FF
        green_alpha = (((old >> 8) & 0x00FF00FF) * keep + ga * w) & 0xFF00FF00
        self._words[index] = red_blue | green_alpha

    def segments(self, start: np.ndarray, end: np.ndarray, color, width: float = 1.0, alpha=1.0,
                 what: str = "a line") -> None:
        """Anti-aliased segments of one colour (3,) from ``start`` to ``end`` ((n, 2) each), with an alpha
        each or for all. (One colour a call: a per-pixel colour lookup would cost as much as the blending.)
        ``what`` names them in the Mark they leave."""
        self._mark("line", what, start=start, end=end)
        color = pack(np.asarray(color, np.float64)[None, :])
        color = (color[0][0], color[1][0])
        alpha = np.broadcast_to(np.asarray(alpha, np.float32), (len(start),))
        keep = self._visible(start, end)
        if not keep.all():
            start, end, alpha = start[keep], end[keep], alpha[keep]
        if not len(start):
            return
        start, end = start.astype(np.float32), end.astype(np.float32)
        delta = end - start
        steep = np.abs(delta[:, 1]) > np.abs(delta[:, 0])
        steps = np.clip(np.ceil(np.abs(delta).max(axis=1)), 1, MAX_SEGMENT_STEPS).astype(np.int32)
        owner = np.repeat(np.arange(len(start), dtype=np.int32), steps)
        first = (np.cumsum(steps) - steps).astype(np.float32)
        t = (np.arange(len(owner), dtype=np.float32) - first[owner]) * (1.0 / steps.astype(np.float32))[owner]
        # Along the line one sample per pixel (the major axis); across it, coverage over a few pixels.
        lead = np.where(steep, start[:, 1], start[:, 0])[owner] + t * np.where(steep, delta[:, 1], delta[:, 0])[owner]
        minor = np.where(steep, start[:, 0], start[:, 1])[owner] + t * np.where(steep, delta[:, 0], delta[:, 1])[owner]
        along = np.rint(lead).astype(np.int32)
        half = np.float32(width / 2.0)
        base = np.floor(minor - half).astype(np.int32)
        passes = int(np.ceil(width)) + 1
        across = (base[None, :] + np.arange(passes, dtype=np.int32)[:, None]).ravel()
        minor, along = np.tile(minor, passes), np.tile(along, passes)
        steep_here = np.tile(steep[owner], passes)
        amount = np.minimum(across + 1, minor + half) - np.maximum(across, minor - half)
        np.clip(amount, 0.0, 1.0, out=amount)
        if alpha.min() < 1.0:
            amount *= np.tile(alpha[owner], passes)
        index, inside = self._index(np.where(steep_here, along, across), np.where(steep_here, across, along))
        self.blend(index, color, amount if inside is None else amount[inside])

    def _visible(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Segments with finite ends that do not lie wholly off one side of the box."""
        finite = np.all(np.isfinite(start), axis=1) & np.all(np.isfinite(end), axis=1)
        with np.errstate(invalid="ignore"):
            lo, hi = np.minimum(start, end), np.maximum(start, end)
            inside = (hi[:, 0] >= -2) & (lo[:, 0] <= self.width + 2) & (hi[:, 1] >= -2) & \
                (lo[:, 1] <= self.height + 2)
        return finite & inside

    def polylines(self, points: np.ndarray, groups, width: float = 1.0, what: str = "a line") -> None:
        """Lines through (lines, vertices, 2) points, their segments painted by colour: ``groups`` lists
        (colour (3,), flat indices of the segments in it), segment j running from vertex j to j + 1 of a line
        (numbered line by line)."""
        start = points[:, :-1].reshape(-1, 2)
        end = points[:, 1:].reshape(-1, 2)
        for color, members in groups:
            self.segments(start[members], end[members], color, width, what=what)

    def discs(self, centers: np.ndarray, fill, edge, radius: float, edge_width: float = 1.0,
              what: str = "points") -> None:
        """Filled discs with an edge ring, all of one style, at (n, 2) centres."""
        self._mark("points", what, start=centers, radius=radius + edge_width)
        offsets, colors, alpha = self._sprite(tuple(np.asarray(fill, float)), tuple(np.asarray(edge, float)),
                                              float(radius), float(edge_width))
        centers = centers[np.all(np.isfinite(centers), axis=1)]
        if not len(centers):
            return
        spot = np.rint(np.clip(centers, -1e6, 1e6)).astype(np.int64)
        rows = (spot[:, 1, None] + offsets[None, :, 0]).ravel()
        cols = (spot[:, 0, None] + offsets[None, :, 1]).ravel()
        index, inside = self._index(rows, cols)
        which = np.tile(np.arange(len(offsets)), len(spot))
        if inside is not None:
            which = which[inside]
        self.blend(index, (colors[0][which], colors[1][which]), alpha[which])

    def _sprite(self, fill, edge, radius: float, edge_width: float):
        """Pixel offsets, colours and coverage of one disc style, supersampled 4x4, made once."""
        key = (fill, edge, radius, edge_width)
        if key not in self._sprites:
            outer = radius + edge_width
            reach = int(np.ceil(outer)) + 1
            sub = (np.arange(4) + 0.5) / 4 - 0.5
            dy, dx = np.mgrid[-reach:reach + 1, -reach:reach + 1]
            dist = np.hypot(dx[..., None, None] + sub[None, :], dy[..., None, None] + sub[:, None])
            cover = (dist <= outer).mean(axis=(-1, -2))
            inner = (dist <= radius).mean(axis=(-1, -2))
            share = np.where(cover > 0, inner / np.maximum(cover, 1e-9), 0.0)[..., None]
            rgb = np.asarray(edge) * (1 - share) + np.asarray(fill) * share
            keep = cover > 0.02
            self._sprites[key] = (np.column_stack([dy[keep], dx[keep]]), pack(rgb[keep]),
                                  cover[keep].astype(np.float32))
        return self._sprites[key]

    def _region(self, left: int, top: int, width: int, height: int) -> np.ndarray:
        """A view of the frame's RGB pixels for a rectangle of the box, cut to what exists."""
        r0, r1 = max(top, self._rows[0]), min(top + height, self._rows[1])
        c0, c1 = max(left, self._cols[0]), min(left + width, self._cols[1])
        r1, c1 = max(r1, r0), max(c1, c0)
        return self.frame[self.top + r0:self.top + r1, self.left + c0:self.left + c1, :3]

    def inked(self, left: int, top: int, width: int, height: int, background) -> np.ndarray:
        """(height, width) booleans: where a rectangle of the box already holds paint, any pixel other than
        ``background`` (3,) (off the box: none). One comparison a pixel, on whole 32-bit pixels."""
        mask = np.zeros((max(int(height), 0), max(int(width), 0)), bool)
        left, top = int(np.floor(left)), int(np.floor(top))
        r0, r1 = max(top, self._rows[0]), min(top + mask.shape[0], self._rows[1])
        c0, c1 = max(left, self._cols[0]), min(left + mask.shape[1], self._cols[1])
        if r1 > r0 and c1 > c0:
            words = self._words.reshape(-1, self._stride)[self.top + r0:self.top + r1, self.left + c0:self.left + c1]
            red_blue, green_alpha = pack(np.asarray(background, np.float64)[None, :])
            empty = red_blue[0] | (green_alpha[0] & 0xFF) << 8  # the pixel as a word, alpha aside
            mask[r0 - top:r1 - top, c0 - left:c1 - left] = (words & 0x00FFFFFF) != empty
        return mask

    def rectangle(self, left: int, top: int, width: int, height: int, color, alpha: float) -> None:
        region = self._region(left, top, width, height)
        mixed = region.astype(np.float32)
        mixed += (np.asarray(color, np.float32) - mixed) * alpha
        region[...] = mixed.astype(np.uint8)

    def stamp(self, rgba: np.ndarray, left: int, top: int, what: str | None = None) -> None:
        """Blend an RGBA image (text from GlyphText) with its top-left corner at (left, top) of the box.
        ``what`` (the text) makes it a text Mark: the box of its ink."""
        if what is not None:
            self._mark("text", f"painted text '{' '.join(what.split())[:30]}'", ink=rgba, at=(int(left), int(top)))
        region = self._region(left, top, rgba.shape[1], rgba.shape[0])
        if region.size == 0:
            return
        r0 = self.top + max(top, self._rows[0])
        c0 = self.left + max(left, self._cols[0])
        dr, dc = r0 - (self.top + top), c0 - (self.left + left)
        part = rgba[dr:dr + region.shape[0], dc:dc + region.shape[1]]
        alpha = part[..., 3:4].astype(np.float32) / 255.0
        mixed = region.astype(np.float32)
        mixed += (part[..., :3].astype(np.float32) - mixed) * alpha
        region[...] = mixed.astype(np.uint8)

    def _mark(self, kind: str, what: str, **where) -> None:
        clip = (self.left, self.top, self.left + self.width, self.top + self.height)
        self.marks.append(Mark(kind, what, (self.left, self.top), clip, **where))


def pack(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) colours 0..255 as the two 32-bit lanes ``Canvas.blend`` mixes: red | blue << 16, and
    green | alpha << 16 (opaque: the frame's alpha stays 255)."""
    rgb = np.clip(np.rint(np.asarray(rgb, np.float64)), 0, 255).astype(np.uint32)
    return rgb[:, 0] | (rgb[:, 2] << 16), rgb[:, 1] | np.uint32(255 << 16)


class PaintedLayer(Artist):
    """An artist that runs ``paint(canvas)`` on the Agg buffer it is drawn into (see the module's notes).
    ``ax`` is the Axes it paints over; ``marks`` what it painted into the last frame."""

    def __init__(self, canvas: Canvas, paint: Callable[[Canvas], None], ax=None):
        super().__init__()
        self.canvas, self.paint, self.ax = canvas, paint, ax
        self.set_animated(True)

    @property
    def marks(self) -> list[Mark]:
        return self.canvas.marks

    def draw(self, renderer) -> None:
        if not self.get_visible() or not hasattr(renderer, "buffer_rgba"):
            return
        frame = np.asarray(renderer.buffer_rgba())
        self.paint(self.canvas.on(frame))
        self.stale = False
