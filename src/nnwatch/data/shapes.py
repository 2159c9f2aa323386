"""Hand-drawn-looking circles, squares and triangles, drawn procedurally so no image files are needed.

Each shape is an outline drawn as a polyline of SEGMENTS segments whose vertices are jittered (a hand never
draws a straight line), with a random size, rotation, centre offset and stroke width. The polyline is not
forced to close: its last vertex is jittered independently of its first, as a pen stroke ends near, not on,
its start. Rendering is anti-aliased by distance: a pixel's ink falls off linearly over one pixel from the
stroke's edge. Pixel values are 0..1 with ink = 1, flattened row-major.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SHAPE_CLASSES", "SEGMENTS", "DEFAULT_SIZE", "MIN_SIZE", "MAX_SIZE", "gen_shapes", "outline",
           "render_polylines"]

SHAPE_CLASSES = ("circle", "square", "triangle")
SEGMENTS = 24            # every outline has the same count, so a batch of mixed shapes renders as one array
DEFAULT_SIZE = 24
MIN_SIZE, MAX_SIZE = 8, 64

# Sizes are fractions of the image side, so a 12-pixel and a 48-pixel image hold the same drawings.
RADIUS_RANGE = (0.22, 0.33)     # the shape's radius (circumradius for polygons)
CENTRE_SHIFT = 0.08             # the centre moves up to this far from the middle, each axis
STROKE_RANGE = (1.0, 2.2)       # stroke width in pixels at size 24, scaled with the size
JITTER = 0.03                   # vertex jitter (std, in radii) at noise 0; noise adds up to JITTER_NOISE more
JITTER_NOISE = 0.08
PIXEL_NOISE = 0.15              # std of the pixel noise at noise 1
SQUARE_HALF_SIDE = 0.75
TRIANGLE_RADIUS = 1.1           # a triangle looks small next to a circle of the same circumradius


def _polygon_outline(corners: np.ndarray) -> np.ndarray:
    """SEGMENTS + 1 points walking the closed polygon through corners, evenly split between its edges."""
    per_edge = SEGMENTS // len(corners)
    t = np.arange(per_edge) / per_edge
    start, end = corners, np.roll(corners, -1, axis=0)
    walk = start[:, None, :] + t[None, :, None] * (end - start)[:, None, :]
    points = walk.reshape(-1, 2)
    return np.vstack([points, points[:1]])


def outline(kind: int) -> np.ndarray:
    """The clean (SEGMENTS + 1, 2) outline of class kind in unit coordinates, centred on the origin."""
    if kind == 0:
        angle = np.linspace(0.0, 2 * np.pi, SEGMENTS + 1)
        return np.column_stack([np.cos(angle), np.sin(angle)])
    if kind == 1:
        h = SQUARE_HALF_SIDE
        return _polygon_outline(np.array([(-h, -h), (h, -h), (h, h), (-h, h)]))
    angle = np.pi / 2 + 2 * np.pi * np.arange(3) / 3
    return _polygon_outline(TRIANGLE_RADIUS * np.column_stack([np.cos(angle), np.sin(angle)]))


_OUTLINES = np.stack([outline(k) for k in range(len(SHAPE_CLASSES))])


def _draw_strokes(label: np.ndarray, size: int, noise: float, rng: np.random.Generator):
    """(n, SEGMENTS + 1, 2) polylines in pixel coordinates (x = column, y = row), and stroke widths (n,)."""
    n = len(label)
    jitter = JITTER + JITTER_NOISE * noise
    unit = _OUTLINES[label] + rng.normal(0.0, jitter, (n, SEGMENTS + 1, 2))
    # A slightly squashed shape: hands rarely draw exact proportions.
    unit = unit * rng.uniform(0.88, 1.12, (n, 1, 2))
    # Start the stroke anywhere along the circle, and rotate every shape freely.
    theta = rng.uniform(0.0, 2 * np.pi, n)
    cos, sin = np.cos(theta)[:, None], np.sin(theta)[:, None]
    rotated = np.stack([cos * unit[..., 0] - sin * unit[..., 1], sin * unit[..., 0] + cos * unit[..., 1]], -1)
    radius = rng.uniform(*RADIUS_RANGE, n) * size
    centre = size / 2 + rng.uniform(-CENTRE_SHIFT, CENTRE_SHIFT, (n, 2)) * size
    width = rng.uniform(*STROKE_RANGE, n) * (size / DEFAULT_SIZE)
    return rotated * radius[:, None, None] + centre[:, None, :], width


def _render_chunk(lines: np.ndarray, width: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    ax, ay = lines[:, :-1, 0], lines[:, :-1, 1]                   # (n, m) segment starts
    bx, by = lines[:, 1:, 0] - ax, lines[:, 1:, 1] - ay           # (n, m) segment vectors
    length2 = np.maximum(bx ** 2 + by ** 2, 1e-12)                # guard a zero-length segment
    nearest = np.full((len(lines), px.shape[1]), np.inf)
    # Loop over the few segments and vectorise over images x pixels: (n, p) arrays with no tiny trailing
    # axis, which is several times faster than one big (n, p, m, 2) broadcast.
    for j in range(lines.shape[1] - 1):
        dx, dy = px - ax[:, j:j + 1], py - ay[:, j:j + 1]
        bxj, byj = bx[:, j:j + 1], by[:, j:j + 1]
        t = np.clip((dx * bxj + dy * byj) / length2[:, j:j + 1], 0.0, 1.0)
        np.minimum(nearest, (dx - t * bxj) ** 2 + (dy - t * byj) ** 2, out=nearest)
    # Full ink within half the stroke width of the line, fading to none over the next pixel.
    return np.clip(width[:, None] / 2 + 0.5 - np.sqrt(nearest), 0.0, 1.0)


def render_polylines(lines: np.ndarray, width: np.ndarray, size: int) -> np.ndarray:
    """Anti-aliased ink (n, size * size) in 0..1 for polylines (n, m + 1, 2) with stroke widths (n,)."""
    rows, cols = np.mgrid[0:size, 0:size]
    # Pixel centres, row-major, in the same (x = column, y = row) frame as the polylines.
    px = cols.reshape(1, -1) + 0.5
    py = rows.reshape(1, -1) + 0.5
    out = np.empty((len(lines), size * size))
    # Chunks of images keep the temporaries to a few tens of MB however many images are asked for.
    chunk = max(1, 1_000_000 // (size * size))
    for lo in range(0, len(lines), chunk):
        out[lo:lo + chunk] = _render_chunk(lines[lo:lo + chunk], width[lo:lo + chunk], px, py)
    return out


def gen_shapes(
    n: int, noise: float, rng: np.random.Generator, size: int = DEFAULT_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """n images (n, size * size) cycling circle, square, triangle (balanced), and their class indices."""
    label = (np.arange(n) % len(SHAPE_CLASSES)).astype(np.int64)
    lines, width = _draw_strokes(label, size, noise, rng)
    ink = render_polylines(lines, width, size)
    if noise > 0:
        # Pixel noise is for robustness lessons only; at noise 0 the images stay clean.
        ink = np.clip(ink + rng.normal(0.0, PIXEL_NOISE * noise, ink.shape), 0.0, 1.0)
    return ink, label
