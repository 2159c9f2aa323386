"""Colours, palettes and sizes shared by every view.

Colours are turned into pixels here, with NumPy lookup tables, rather than by matplotlib colormaps: views hand
ready RGB arrays to their images, which is both faster per frame and exactly reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnwatch.errors import unknown

__all__ = ["Palette", "PALETTES", "CLASS_COLORS", "CLASS_COLOR_NAMES", "VERDICT_COLOR", "palette", "hex_rgb",
           "diverging_lut", "colorize", "class_colors", "class_map_rgb", "block_average", "Theme"]


def hex_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


@dataclass(frozen=True)
class Palette:
    """Negative, neutral and positive colours: for weights, for two-class maps and for regression."""

    name: str
    negative: str
    neutral: str
    positive: str

    def at(self, value: float) -> np.ndarray:
        """RGB in 0..1 for a value clamped to [-1, 1]."""
        return colorize(np.asarray([value]), diverging_lut(self))[0] / 255.0


PALETTES = {
    # TF Playground's orange (-1) through light grey to blue (+1).
    "playground": Palette("playground", "#f59322", "#e8eaeb", "#0877bd"),
    # The synapse video of SEEDS.md §1: green excites, red inhibits.
    "synapses": Palette("synapses", "#d7301f", "#e6e6e6", "#1a9850"),
}


def palette(name: str) -> Palette:
    if name not in PALETTES:
        raise unknown("palette", name, PALETTES)
    return PALETTES[name]


_LUTS: dict[tuple[Palette, int], np.ndarray] = {}


def diverging_lut(pal: Palette, levels: int = 31) -> np.ndarray:
    """(levels, 3) uint8 colours from negative through neutral to positive (the Playground quantises to 31)."""
    key = (pal, levels)
    if key not in _LUTS:
        t = np.linspace(-1.0, 1.0, levels)[:, None]
        neg, mid, pos = hex_rgb(pal.negative), hex_rgb(pal.neutral), hex_rgb(pal.positive)
        rgb = np.where(t < 0, mid + (neg - mid) * (-t), mid + (pos - mid) * t)
        _LUTS[key] = np.round(rgb).astype(np.uint8)
    return _LUTS[key]


def colorize(values: np.ndarray, lut: np.ndarray, lo: float = -1.0, hi: float = 1.0) -> np.ndarray:
    """Map values in [lo, hi] (clamped; NaN as the middle) onto the lookup table: (..., 3) uint8.

    float32 values stay float32 and are worked on in place in one copy: a map coloured per pixel of a 600 px
    square is 360,000 values a frame."""
    values = np.asarray(values)
    v = values.astype(np.float32 if values.dtype == np.float32 else np.float64)  # a copy, worked on in place
    np.nan_to_num(v, copy=False, nan=(lo + hi) / 2)
    np.clip(v, lo, hi, out=v)
    v -= lo
    v *= (len(lut) - 1) / (hi - lo)
    np.rint(v, out=v)
    return lut[v.astype(np.intp)]


# One hue per class, everywhere (videos and the live page, which reads them from the catalog). Class 0 is the
# Playground's -1 (orange) and class 1 its +1 (blue), the two ends of its palette, so a two-class set looks the
# same whether it is drawn with the palette or with class colours.
CLASS_COLORS = (PALETTES["playground"].negative, PALETTES["playground"].positive, "#2ca02c", "#9467bd", "#d62728",
                "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
VERDICT_COLOR = "#b22222"  # a failed run's warning: a red unlike any curve's or class's colour
CLASS_COLOR_NAMES = ("orange", "blue", "green", "purple", "red", "brown", "pink", "cyan", "olive", "grey")


def class_colors(k: int) -> np.ndarray:
    """(k, 3) RGB 0..255, one hue per class (cycled with darker shades past ten classes)."""
    base = np.array([hex_rgb(h) for h in CLASS_COLORS])
    rows = [base[i % len(base)] * (0.7 ** (i // len(base))) for i in range(k)]
    return np.array(rows)


def class_map_rgb(probs: np.ndarray, colors: np.ndarray, background: str = "#ffffff") -> np.ndarray:
    """One hue per class, lighter where the network is less sure: (h, w, k) probabilities -> (h, w, 3) uint8."""
    k = probs.shape[-1]
    winner = np.argmax(probs, axis=-1)
    top = np.take_along_axis(probs, winner[..., None], axis=-1)[..., 0]
    confidence = np.clip((top - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)[..., None]
    rgb = hex_rgb(background) + (colors[winner] - hex_rgb(background)) * (0.15 + 0.85 * confidence)
    return np.round(rgb).astype(np.uint8)


def block_average(grid: np.ndarray, size: int) -> np.ndarray:
    """Shrink a (d, d, ...) map to (size, size, ...) by averaging blocks, as the Playground makes thumbnails."""
    d = grid.shape[0]
    if d % size:
        return grid[np.linspace(0, d - 1, size).round().astype(int)][:, np.linspace(0, d - 1, size).round().astype(int)]
    b = d // size
    return grid.reshape(size, b, size, b, *grid.shape[2:]).mean(axis=(1, 3))


@dataclass(frozen=True)
class Theme:
    """Sizes scale with the frame's height, so a 1080p render looks like a 720p one, only sharper. In frames
    smaller than 720p text shrinks by the square root of the scale (0.71 at 360p, 0.79 at 450p): shrunk like
    the rest, a 360p GIF's text was 4-6 pixels high."""

    height_px: int = 720
    background: str = "#ffffff"
    text: str = "#333333"
    faint: str = "#999999"

    @property
    def scale(self) -> float:
        return self.height_px / 720

    def font(self, size: float = 11.0) -> float:
        return size * (self.scale if self.scale >= 1 else self.scale ** 0.5)
