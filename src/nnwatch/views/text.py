"""Fast text for video frames: monospace glyphs drawn once, then stamped as pixels.

Drawing text through matplotlib costs about a millisecond per short string per frame (glyph rendering and
layout), which made numbers that change every frame (epoch counter, losses) the largest cost of a frame. A
monospace font has one advance width, so a string is just its glyph bitmaps side by side: each character is
rendered once per size and colour, and every frame only copies pixels.
"""

from __future__ import annotations

import string

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from nnwatch.views.base import Raster
from nnwatch.views.style import hex_rgb

__all__ = ["GlyphText"]

CHARSET = string.ascii_letters + string.digits + " .,:;%+-−—=()[]/·→…_'\"<>#!?"


class GlyphText:
    """A text block at a fixed anchor whose content changes per frame, drawn as an RGBA Raster.

    ``x``, ``y`` are axes fractions; ``ha`` left or right, ``va`` top. Characters outside CHARSET show as
    spaces.
    """

    def __init__(self, ax, x: float, y: float, fontsize: float, color: str, ha: str = "left",
                 max_chars: int = 40, max_lines: int = 4):
        self.ax, self.ha = ax, ha
        dpi = ax.figure.dpi
        self.glyphs, self.cell_w, self.cell_h = _glyph_atlas(fontsize, dpi)
        self.rgb = hex_rgb(color).astype(np.uint8)
        width, height = self.cell_w * max_chars, self.cell_h * max_lines
        bbox = ax.get_window_extent()
        px = bbox.x0 + x * bbox.width - (width if ha == "right" else 0)
        top = ax.figure.bbox.height - (bbox.y0 + y * bbox.height)
        self.box = (int(round(px)), int(round(top)), width, height)
        self.max_chars, self.max_lines = max_chars, max_lines
        self._last: tuple[str, np.ndarray] | None = None

    def raster(self, text: str) -> Raster:
        if self._last is None or self._last[0] != text:
            self._last = (text, self._pixels(text))
        return Raster(self.ax, self.box, (0, 1, 0, 1), self._last[1], text=True)

    def _pixels(self, text: str) -> np.ndarray:
        _, _, width, height = self.box
        alpha = np.zeros((height, width), np.uint8)
        for row, line in enumerate(text.split("\n")[: self.max_lines]):
            line = line[: self.max_chars]
            start = width - len(line) * self.cell_w if self.ha == "right" else 0
            for k, char in enumerate(line):
                glyph = self.glyphs.get(char)
                if glyph is not None:
                    x = start + k * self.cell_w
                    alpha[row * self.cell_h:(row + 1) * self.cell_h, x:x + self.cell_w] = glyph
        pixels = np.empty((height, width, 4), np.uint8)
        pixels[..., :3] = self.rgb
        pixels[..., 3] = alpha
        return pixels


_ATLASES: dict[tuple[float, float], tuple[dict[str, np.ndarray], int, int]] = {}


def _glyph_atlas(fontsize: float, dpi: float):
    """Each character's coverage (alpha) in a fixed cell, for one monospace size. Cached per size."""
    key = (round(fontsize, 2), dpi)
    if key in _ATLASES:
        return _ATLASES[key]
    font = FontProperties(family="monospace", size=fontsize)
    cell_h = int(np.ceil(fontsize * dpi / 72 * 1.3))
    cell_w = int(np.ceil(fontsize * dpi / 72 * 0.602))  # DejaVu Sans Mono's advance is 0.602 em
    fig = Figure(figsize=(cell_w * len(CHARSET) / dpi, cell_h / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    for k, char in enumerate(CHARSET):
        fig.text((k * cell_w) / (cell_w * len(CHARSET)), 0.5, char, fontproperties=font, va="center",
                 ha="left", color="black")
    canvas.draw()
    darkness = 255 - np.asarray(canvas.buffer_rgba())[..., 0]
    glyphs = {char: darkness[:, k * cell_w:(k + 1) * cell_w].copy() for k, char in enumerate(CHARSET)}
    _ATLASES[key] = (glyphs, cell_w, cell_h)
    return _ATLASES[key]
