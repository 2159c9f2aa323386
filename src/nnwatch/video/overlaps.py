"""The layout checker: what a rendered frame shows that collides (text on text, on a curve, a map, a neuron,
another panel) or is cut by the frame's edge.

Views place their texts by arithmetic on sizes that change with the frame, the data and the network; a label
that lands on another one is a defect nobody sees until they look at the frame. ``layout_problems`` looks for
them: after a frame is rendered it gathers every text's extent (matplotlib texts and stamped glyphs, by their
ink), every curve's pixels, every map and neuron, and each view's panel, and says in one line per problem
what meets what. Tests run it over every layout and lesson; a lesson author can run it on a frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from nnwatch.views.base import Raster

__all__ = ["Box", "layout_problems", "script_problems"]

TOLERANCE = 1.0  # pixels two extents may share before they count as touching (anti-aliased edges)


@dataclass(frozen=True)
class Box:
    """A rectangle in frame pixels, rows growing downwards; ``what`` names it in a problem's line."""

    left: float
    top: float
    right: float
    bottom: float
    what: str
    ax: Any = field(default=None, compare=False)  # the Axes a text belongs to, to know its panel

    def meets(self, other: "Box") -> bool:
        return (min(self.right, other.right) - max(self.left, other.left) > TOLERANCE
                and min(self.bottom, other.bottom) - max(self.top, other.top) > TOLERANCE)

    def holds_any(self, xs: np.ndarray, ys: np.ndarray) -> bool:
        inside = ((xs > self.left + TOLERANCE) & (xs < self.right - TOLERANCE)
                  & (ys > self.top + TOLERANCE) & (ys < self.bottom - TOLERANCE))
        return bool(inside.any())


def layout_problems(renderer, frame, panels: dict | None = None) -> list[str]:
    """Every collision in ``frame`` as drawn by ``renderer`` (a FrameRenderer), one line each; [] when clean.

    ``panels`` maps view names to their rectangles in figure fractions (``compose.layout_rects``); a text of
    one panel must stay out of the others.
    """
    renderer.render(frame)
    height = renderer.fig.bbox.height
    width = renderer.fig.bbox.width
    rasters = [item for view in renderer.views for item in view.update(frame) if isinstance(item, Raster)]
    texts = _texts(renderer, rasters, height)
    problems = [f"{t.what} is cut by the frame's edge" for t in texts
                if t.left < -TOLERANCE or t.top < -TOLERANCE or t.right > width + TOLERANCE
                or t.bottom > height + TOLERANCE]
    for k, a in enumerate(texts):
        problems += [f"{a.what} overlaps {b.what}" for b in texts[k + 1:] if a.meets(b)]
    for line, xs, ys in _curves(renderer, height):
        problems += [f"{t.what} lies on the curve '{line}'" for t in texts if t.holds_any(xs, ys)]
    for shape in _maps(rasters) + _shapes(renderer, height):
        problems += [f"{t.what} overlaps {shape.what}" for t in texts if t.meets(shape)]
    if panels:
        problems += _panel_problems(texts, panels, width, height)
    return sorted(set(problems))


# -- what a frame holds --------------------------------------------------------------------------------------

def _texts(renderer, rasters: list[Raster], height: float) -> list[Box]:
    cache = renderer.canvas.get_renderer()
    boxes = []
    owned = [(text, None) for text in renderer.fig.texts]
    for ax in renderer.fig.axes:
        if ax.get_visible():
            owned += [(text, ax) for text in _axes_texts(ax)]
    for text, ax in owned:
        shown = text.get_text().strip()
        if not shown or not text.get_visible() or (text.get_alpha() is not None and text.get_alpha() == 0):
            continue
        extent = text.get_window_extent(cache)
        if extent.width <= 0 or extent.height <= 0:
            continue
        label = shown.replace("$\\mathdefault{", "").replace("}$", "")[:30]
        boxes.append(Box(extent.x0, height - extent.y1, extent.x1, height - extent.y0, f"text '{label}'", ax))
    for raster in rasters:
        if getattr(raster, "text", False):
            ink = _ink(raster)
            if ink is not None:
                boxes.append(ink)
    return boxes


def _axes_texts(ax) -> list[Text]:
    """The texts an Axes draws: its own, its title and axis labels, its legend's, and the tick labels of the
    ticks inside its limits (matplotlib keeps labels for ticks it does not draw)."""
    texts = list(ax.texts) + [ax.title, ax._left_title, ax._right_title]
    for axis in (ax.xaxis, ax.yaxis):
        if not ax.axison or not axis.get_visible():  # set_axis_off hides both axes but keeps their objects
            continue
        texts.append(axis.label)
        for tick in axis._update_ticks():
            texts += [tick.label1, tick.label2]  # an unused label is invisible, and skipped below
    legend = ax.get_legend()
    return texts + (list(legend.get_texts()) if legend is not None else [])


def _ink(raster: Raster) -> Box | None:
    """Where a glyph raster actually has ink (its box is sized for the longest text it may hold)."""
    rows, cols = np.nonzero(raster.pixels[..., 3])
    if not rows.size:
        return None
    left, top = raster.box[0], raster.box[1]
    return Box(left + cols.min(), top + rows.min(), left + cols.max() + 1, top + rows.max() + 1,
               f"stamped text at ({left + cols.min()}, {top + rows.min()})", raster.ax)


def _curves(renderer, height: float):
    """(label, x pixels, y pixels) of every visible curve, densified to about one point per pixel."""
    for ax in renderer.fig.axes:
        if not ax.get_visible():
            continue
        for line in ax.get_lines():
            if not isinstance(line, Line2D) or not line.get_visible() or line.get_linestyle() in ("None", ""):
                continue
            xy = np.asarray(line.get_xydata(), dtype=np.float64)
            xy = xy[np.isfinite(xy).all(axis=1)]
            if len(xy) < 2:
                continue
            pixels = line.get_transform().transform(xy)
            yield (line.get_label() or "line"), *_densify(pixels[:, 0], height - pixels[:, 1])


def _densify(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    steps = np.maximum(np.ceil(np.hypot(np.diff(xs), np.diff(ys))), 1).astype(int)
    steps = np.minimum(steps, 4096)
    out_x, out_y = [xs[:1]], [ys[:1]]
    for x0, x1, y0, y1, n in zip(xs[:-1], xs[1:], ys[:-1], ys[1:], steps):
        t = np.arange(1, n + 1) / n
        out_x.append(x0 + (x1 - x0) * t)
        out_y.append(y0 + (y1 - y0) * t)
    return np.concatenate(out_x), np.concatenate(out_y)


def _maps(rasters: list[Raster]) -> list[Box]:
    """Heatmaps and neuron thumbnails: opaque rasters (glyphs and stamped point layers are not maps)."""
    boxes = []
    for raster in rasters:
        if getattr(raster, "text", False) or raster.pixels.shape[-1] == 4:
            continue
        left, top, w, h = raster.box
        boxes.append(Box(left, top, left + w, top + h, f"a map at ({left}, {top})"))
    return boxes


def _shapes(renderer, height: float) -> list[Box]:
    """Neurons drawn as discs and bias squares: each patch of a PatchCollection."""
    boxes = []
    for ax in renderer.fig.axes:
        for collection in ax.collections:
            if not isinstance(collection, PatchCollection) or not collection.get_visible():
                continue
            transform = collection.get_transform()
            for path in collection.get_paths():
                extent = path.get_extents(transform)
                boxes.append(Box(extent.x0, height - extent.y1, extent.x1, height - extent.y0,
                                 f"a neuron or bias at ({extent.x0:.0f}, {height - extent.y1:.0f})"))
    return boxes


def _panel_problems(texts: list[Box], panels: dict, width: float, height: float) -> list[str]:
    rects = {name: Box(r[0] * width, (1 - r[1] - r[3]) * height, (r[0] + r[2]) * width, (1 - r[1]) * height,
                       f"the {name} panel") for name, r in panels.items()}
    problems = []
    for text in texts:
        owner = _owner(text, rects, height)
        problems += [f"{text.what} reaches into {r.what}" for name, r in rects.items()
                     if name != owner and text.meets(r)]
    return problems


def _owner(text: Box, rects: dict[str, Box], height: float) -> str | None:
    """The panel a text belongs to: the one holding the centre of its Axes (or of the text itself)."""
    if text.ax is not None:
        extent = text.ax.get_window_extent()
        x, y = (extent.x0 + extent.x1) / 2, height - (extent.y0 + extent.y1) / 2
    else:
        x, y = (text.left + text.right) / 2, (text.top + text.bottom) / 2
    for name, r in rects.items():
        if r.left <= x <= r.right and r.top <= y <= r.bottom:
            return name
    return None


def script_problems(video, settle: int = 15, size: tuple[int, int] | None = None) -> list[str]:
    """Problems in a scripted video's key frames (a lesson's ``LessonVideo``, at its size or ``size``): the
    first frame of each kind of shot, ``settle`` frames into it (once things have moved), the middle and the
    last frame. Each problem is prefixed with the frame index and its shot's kind."""
    from nnwatch.video.compose import layout_rects

    plan, kinds = video.plan, video.plan.kinds()
    first: dict[str, int] = {}
    for index, kind in enumerate(kinds):
        first.setdefault(kind, index)
    picks = set(first.values()) | {min(len(plan) - 1, i + settle) for i in first.values()}
    picks |= {len(plan) // 2, len(plan) - 1}
    size = tuple(size or video.size)
    renderer, rects = video.renderer(size), layout_rects(video.layout, *size)
    found: dict[str, str] = {}
    for index in sorted(picks):
        for problem in layout_problems(renderer, plan[index], rects):
            found.setdefault(problem, f"frame {index} ({kinds[index]}): {problem}")
    return sorted(found.values())
