"""Composing views into frames: a figure laid out for the chosen views, drawn fast.

The figure is drawn once with every per-frame artist left out; that background is cached, and each frame only
restores it and draws the artists the views changed (blitting). ``render_naive`` does what a hand-written
script does (a new figure drawn from scratch per frame) and exists to measure the difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnwatch.errors import NNWatchError
from nnwatch.views import Frame, Scene, as_artist, make_view
from nnwatch.views.base import Raster

__all__ = ["FrameRenderer", "layout_rects", "render_naive", "check_size", "MAX_SIZE"]

MAX_SIZE = (3840, 2160)
DPI = 100


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    if width <= 0 or height <= 0:
        raise NNWatchError(f"size must be positive, got {width}x{height}")
    if width > MAX_SIZE[0] or height > MAX_SIZE[1]:
        raise NNWatchError(f"size {width}x{height} is over the 4K limit {MAX_SIZE[0]}x{MAX_SIZE[1]}")
    if width < 64 or height < 64:
        raise NNWatchError(f"size {width}x{height} is too small; the least is 64x64")
    return width, height


def layout_rects(names: Sequence[str], width: int, height: int) -> dict[str, list[float]]:
    """Axes rectangles (figure fractions): a caption strip on top; the first view on the left, the others
    stacked on the right; one view fills the frame."""
    names = list(names)
    rects: dict[str, list[float]] = {}
    top = 1.0
    if "caption" in names:
        rects["caption"] = [0.01, 0.9, 0.98, 0.09]
        top = 0.89
        names.remove("caption")
    if not names:
        return rects
    scale = max(height / 720, 1.0)  # the theme's fonts grow with the frame; matplotlib's pads do not shrink
    pad_x, pad_y = min(56 * scale / width, 0.08), min(34 * scale / height, 0.1)  # tick labels, axis label
    if len(names) == 1:
        # Alone, a view's tick labels, axis labels and second axis (the metrics' accuracy) sit on the frame's
        # edge: room for them in pixels of the theme's size (it scales with the frame's height), and never
        # less than matplotlib's own tick and label pads, which do not scale.
        scale = height / 720
        side, bottom, above = max(64 * scale, 44) / width, max(50 * scale, 36) / height, 12 * scale / height
        rects[names[0]] = [side, bottom, 1 - 2 * side, top - bottom - above]
        return rects
    left_w = 0.56 if names[0] == "network" else 0.5
    rects[names[0]] = [0.01, 0.02, left_w - 0.02, top - 0.03]
    rest = names[1:]
    slot = (top - 0.02) / len(rest)
    for k, name in enumerate(rest):
        bottom = top - (k + 1) * slot + pad_y
        rects[name] = [left_w + pad_x, bottom, 1 - left_w - 2.6 * pad_x, slot - 1.7 * pad_y]
    return rects


def _figure(scene: Scene, layout: Sequence[str], size: tuple[int, int]):
    width, height = check_size(size)
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor=scene.theme.background)
    canvas = FigureCanvasAgg(fig)
    views = []
    for name, rect in layout_rects(layout, width, height).items():
        view = make_view(name)
        view.init(fig.add_axes(rect), scene)
        views.append(view)
    return fig, canvas, views


class FrameRenderer:
    """Draws frames of the given views at ``size`` (width, height) pixels; returns RGBA uint8 arrays."""

    def __init__(self, scene: Scene, layout: Sequence[str], size: tuple[int, int]):
        if len(set(layout)) != len(layout):
            raise NNWatchError(f"layout names a view twice: {','.join(layout)}")
        self.fig, self.canvas, self.views = _figure(scene, layout, size)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def render(self, frame: Frame) -> np.ndarray:
        """The frame as an (height, width, 4) array; valid until the next call (copy it to keep it)."""
        self.canvas.restore_region(self.background)
        buffer = np.asarray(self.canvas.buffer_rgba())
        for view in self.views:
            for item in view.update(frame):
                if isinstance(item, Raster):
                    paste(buffer, item)
                else:
                    self.fig.draw_artist(item)
        return buffer


def paste(buffer: np.ndarray, raster: Raster) -> None:
    """Write a raster's pixels into the frame (blended when it is translucent), clipped to the frame."""
    if raster.pixels.shape[-1] == 4:
        stamp(buffer, raster)
        return
    left, top, width, height = raster.box
    rows = slice(max(top, 0), min(top + height, buffer.shape[0]))
    cols = slice(max(left, 0), min(left + width, buffer.shape[1]))
    pixels = raster.pixels[rows.start - top:rows.stop - top, cols.start - left:cols.stop - left, :3]
    target = buffer[rows, cols, :3]
    if raster.alpha >= 1.0:
        target[...] = pixels
    else:
        target[...] = (target * (1.0 - raster.alpha) + pixels * raster.alpha).astype(np.uint8)


def stamp(buffer: np.ndarray, raster: Raster) -> None:
    """Blend an RGBA raster (scatter points, text) into the frame by its alpha, touching only the pixels it
    covers. The covered pixels are found once per Raster object, so a layer reused every frame costs little."""
    if raster.sparse is None:
        alpha = raster.pixels[..., 3]
        ys, xs = np.nonzero(alpha)
        left, top, _, _ = raster.box
        inside = (ys + top >= 0) & (ys + top < buffer.shape[0]) & (xs + left >= 0) & (xs + left < buffer.shape[1])
        ys, xs = ys[inside], xs[inside]
        a = (alpha[ys, xs] / 255.0)[:, None]
        raster.sparse = (ys + top, xs + left, raster.pixels[ys, xs, :3] * a, 1.0 - a)
    rows, cols, color, keep = raster.sparse
    buffer[rows, cols, :3] = (buffer[rows, cols, :3] * keep + color).astype(np.uint8)


def render_naive(scene: Scene, layout: Sequence[str], size: tuple[int, int], frame: Frame) -> np.ndarray:
    """One frame drawn the slow, usual way: a new figure, every artist created and drawn from scratch."""
    fig, canvas, views = _figure(replace(scene, still=True), layout, size)
    for view in views:
        for item in view.update(frame):
            as_artist(item).set_animated(False)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()
