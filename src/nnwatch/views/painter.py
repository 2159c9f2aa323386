"""Lines, discs and text painted straight into an RGB pixel buffer with NumPy.

A frame of the transform view has some 13,000 line segments and hundreds of points, all moving. Through
matplotlib (a LineCollection and a scatter drawn per frame) that costs tens of milliseconds; painted here it
is a few vectorised gathers and scatters. Lines are anti-aliased by coverage across their width (Wu's
method widened to any width), discs are stamped from a sprite drawn once per style.
Where painted things overlap, the last one painted wins: no accumulation, which is what lines a pixel wide
need anyway.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Canvas"]

MAX_SEGMENT_STEPS = 4096  # a segment far outside the box is clipped to this many samples


class Canvas:
    """An (height, width, 3) uint8 buffer; coordinates are pixels, x to the right and y down."""

    def __init__(self, width: int, height: int, background):
        self.width, self.height = int(width), int(height)
        self.background = np.asarray(background, dtype=np.uint8)
        self.pixels = np.empty((self.height, self.width, 3), np.uint8)
        self._flat = self.pixels.reshape(-1, 3)
        self._sprites: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.clear()

    def clear(self) -> None:
        self.pixels[...] = self.background

    def blend(self, flat_index: np.ndarray, colors: np.ndarray, alpha: np.ndarray) -> None:
        """Mix colours (n, 3) into pixels (flat indices) by alpha (n,), in place."""
        old = self._flat[flat_index].astype(np.float32)
        old += (colors - old) * alpha[:, None]
        self._flat[flat_index] = old.astype(np.uint8)

    def segments(self, start: np.ndarray, end: np.ndarray, colors: np.ndarray, width: float = 1.0,
                 alpha: float = 1.0) -> None:
        """Anti-aliased segments from ``start`` to ``end`` ((n, 2) each), one colour (n, 3) each."""
        start, end, colors = self._visible(start, end, np.broadcast_to(colors, (len(start), 3)))
        if not len(start):
            return
        delta = end - start
        steep = np.abs(delta[:, 1]) > np.abs(delta[:, 0])
        steps = np.clip(np.ceil(np.abs(delta).max(axis=1)).astype(np.int64), 1, MAX_SEGMENT_STEPS)
        owner = np.repeat(np.arange(len(start)), steps)
        first = np.cumsum(steps) - steps
        t = (np.arange(len(owner)) - first[owner]) / steps[owner]
        x = start[owner, 0] + t * delta[owner, 0]
        y = start[owner, 1] + t * delta[owner, 1]
        steep_here = steep[owner]
        major = np.where(steep_here, y, x)  # along the line: one sample per pixel
        minor = np.where(steep_here, x, y)  # across the line: coverage spread over a few pixels
        half = width / 2.0
        base = np.floor(minor - half).astype(np.int64)
        along = np.rint(major).astype(np.int64)
        for k in range(int(np.ceil(width)) + 1):
            across = base + k
            cover = np.clip(np.minimum(across + 1, minor + half) - np.maximum(across, minor - half), 0.0, 1.0)
            rows = np.where(steep_here, along, across)
            cols = np.where(steep_here, across, along)
            keep = (cover > 0.02) & (rows >= 0) & (rows < self.height) & (cols >= 0) & (cols < self.width)
            self.blend(rows[keep] * self.width + cols[keep], colors[owner[keep]],
                       (cover[keep] * alpha).astype(np.float32))

    def _visible(self, start, end, colors):
        """Drop segments with a non-finite end or lying wholly off one side of the canvas."""
        finite = np.all(np.isfinite(start), axis=1) & np.all(np.isfinite(end), axis=1)
        lo, hi = np.minimum(start, end), np.maximum(start, end)
        inside = (hi[:, 0] >= -2) & (lo[:, 0] <= self.width + 2) & (hi[:, 1] >= -2) & (lo[:, 1] <= self.height + 2)
        keep = finite & inside
        return start[keep], end[keep], np.asarray(colors)[keep]

    def polylines(self, points: np.ndarray, colors: np.ndarray, width: float = 1.0, alpha: float = 1.0) -> None:
        """Lines through (lines, vertices, 2) points; ``colors`` (lines, vertices - 1, 3), one per segment."""
        start = points[:, :-1].reshape(-1, 2)
        end = points[:, 1:].reshape(-1, 2)
        self.segments(start, end, colors.reshape(-1, 3), width, alpha)

    def discs(self, centers: np.ndarray, fill, edge, radius: float, edge_width: float = 1.0) -> None:
        """Filled discs with an edge ring, all of one style, at (n, 2) centres."""
        offsets, colors, alpha = self._sprite(tuple(np.asarray(fill, float)), tuple(np.asarray(edge, float)),
                                              float(radius), float(edge_width))
        centers = centers[np.all(np.isfinite(centers), axis=1)]
        if not len(centers):
            return
        spot = np.rint(centers).astype(np.int64)
        rows = (spot[:, 1, None] + offsets[None, :, 0]).ravel()
        cols = (spot[:, 0, None] + offsets[None, :, 1]).ravel()
        keep = (rows >= 0) & (rows < self.height) & (cols >= 0) & (cols < self.width)
        which = np.tile(np.arange(len(offsets)), len(spot))[keep]
        self.blend(rows[keep] * self.width + cols[keep], colors[which], alpha[which])

    def _sprite(self, fill, edge, radius: float, edge_width: float):
        """Pixel offsets, colours and coverage of one disc style, supersampled 4x4 once."""
        key = (fill, edge, radius, edge_width)
        if key not in self._sprites:
            outer = radius + edge_width
            reach = int(np.ceil(outer)) + 1
            sub = (np.arange(4) + 0.5) / 4 - 0.5
            dy, dx = np.mgrid[-reach:reach + 1, -reach:reach + 1]
            sy = dy[..., None, None] + sub[:, None]
            sx = dx[..., None, None] + sub[None, :]
            dist = np.hypot(sx, sy)
            cover = (dist <= outer).mean(axis=(-1, -2))
            inner = (dist <= radius).mean(axis=(-1, -2))
            share = np.where(cover > 0, inner / np.maximum(cover, 1e-9), 0.0)[..., None]
            rgb = np.asarray(edge) * (1 - share) + np.asarray(fill) * share
            keep = cover > 0.02
            offsets = np.column_stack([dy[keep], dx[keep]])
            self._sprites[key] = (offsets, rgb[keep].astype(np.float32), cover[keep].astype(np.float32))
        return self._sprites[key]

    def rectangle(self, left: int, top: int, width: int, height: int, color, alpha: float) -> None:
        rows = slice(max(top, 0), max(min(top + height, self.height), 0))
        cols = slice(max(left, 0), max(min(left + width, self.width), 0))
        region = self.pixels[rows, cols].astype(np.float32)
        region += (np.asarray(color, np.float32) - region) * alpha
        self.pixels[rows, cols] = region.astype(np.uint8)

    def stamp(self, rgba: np.ndarray, left: int, top: int) -> None:
        """Blend an RGBA image (text from GlyphText) with its top-left corner at (left, top)."""
        height, width = rgba.shape[:2]
        r0, c0 = max(top, 0), max(left, 0)
        r1, c1 = min(top + height, self.height), min(left + width, self.width)
        if r1 <= r0 or c1 <= c0:
            return
        part = rgba[r0 - top:r1 - top, c0 - left:c1 - left]
        alpha = part[..., 3:4].astype(np.float32) / 255.0
        region = self.pixels[r0:r1, c0:c1].astype(np.float32)
        region += (part[..., :3].astype(np.float32) - region) * alpha
        self.pixels[r0:r1, c0:c1] = region.astype(np.uint8)
