"""The layout checker: what a rendered frame shows that collides (text on text, on a curve, a map, a neuron,
another panel) or is cut by the frame's edge.

Views place their texts by arithmetic on sizes that change with the frame, the data and the network; a label
that lands on another one is a defect nobody sees until they look at the frame. ``layout_problems`` looks for
them: after a frame is rendered it gathers every text's extent (matplotlib texts and stamped glyphs, by their
ink), every curve's pixels, every map and neuron, and each view's panel, and says in one line per problem
what meets what. Tests run it over every layout and lesson; a lesson author can run it on a frame.

Two kinds of view hide their texts from the figure's artists, and are read as well: a view drawn from a cached
backdrop (``views.pictures.Backdrop``: its Axes is invisible, its static parts pasted as pixels) has its
texts judged as the backdrop shows them, cut where the backdrop's box ends; a view that paints straight into
the pixels (``views.painter.PaintedLayer``, the transform view) hands over the Marks of what it painted:
texts, lines and points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from nnwatch.views.base import Raster
from nnwatch.views.painter import Mark, PaintedLayer, along_segments

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

    def holds_any(self, xs: np.ndarray, ys: np.ndarray, reach: float = 0.0) -> bool:
        """Whether any of the pixels (or of discs of radius ``reach`` around them) falls inside."""
        grow = reach - TOLERANCE
        inside = ((xs > self.left - grow) & (xs < self.right + grow)
                  & (ys > self.top - grow) & (ys < self.bottom + grow))
        return bool(inside.any())

    def outside(self, left: float, top: float, right: float, bottom: float) -> bool:
        """Whether this box reaches past the rectangle (by more than the tolerance)."""
        return (self.left < left - TOLERANCE or self.top < top - TOLERANCE or self.right > right + TOLERANCE
                or self.bottom > bottom + TOLERANCE)


@dataclass
class _Drawn:
    """What one frame's views handed the renderer: rasters, artists, and painted layers' marks."""

    rasters: list
    artists: list
    marks: list  # (Mark, the Axes its layer paints over)


def layout_problems(renderer, frame, panels: dict | None = None) -> list[str]:
    """Every collision in ``frame`` as drawn by ``renderer`` (a FrameRenderer), one line each; [] when clean.

    ``panels`` maps view names to their rectangles in figure fractions (``compose.layout_rects``); a text of
    one panel must stay out of the others.
    """
    renderer.render(frame)  # painted layers keep the marks of this drawing
    height = renderer.fig.bbox.height
    width = renderer.fig.bbox.width
    drawn = _drawn(renderer, frame)
    texts, problems = _texts(renderer, drawn, height)
    problems += [f"{t.what} is cut by the frame's edge" for t in texts if t.outside(0, 0, width, height)]
    for k, a in enumerate(texts):
        problems += [f"{a.what} overlaps {b.what}" for b in texts[k + 1:] if a.meets(b)]
    for line, xs, ys in _curves(renderer, height):
        problems += [f"{t.what} lies on the curve '{line}'" for t in texts if t.holds_any(xs, ys)]
    for mark, _ in drawn.marks:
        if mark.kind != "text":
            xs, ys = mark.samples()
            problems += [f"{t.what} lies on {mark.what}" for t in texts if t.holds_any(xs, ys, mark.radius)]
    for shape in _maps(drawn.rasters) + _shapes(renderer, height):
        problems += [f"{t.what} overlaps {shape.what}" for t in texts
                     if t.meets(shape) and (shape.ax is None or shape.ax is not t.ax)]
    if panels:
        problems += _panel_problems(texts, panels, width, height)
    return sorted(set(problems))


# -- what a frame holds --------------------------------------------------------------------------------------

def _drawn(renderer, frame) -> _Drawn:
    drawn = _Drawn([], [], [])
    for view in renderer.views:
        for item in view.update(frame):
            if isinstance(item, Raster):
                drawn.rasters.append(item)
            else:
                drawn.artists.append(item)
                if isinstance(item, PaintedLayer):
                    drawn.marks += [(mark, item.ax) for mark in item.marks]
    return drawn


def _texts(renderer, drawn: _Drawn, height: float) -> tuple[list[Box], list[str]]:
    """Every text's box, and the problems of texts cut by the backdrop or the painted picture holding them."""
    cache = renderer.canvas.get_renderer()
    boxes, problems = [], []
    for text, ax, clip in _shown_texts(renderer, drawn):
        shown = text.get_text().strip()
        if not shown or not text.get_visible() or (text.get_alpha() is not None and text.get_alpha() == 0):
            continue
        extent = text.get_window_extent(cache)
        if extent.width <= 0 or extent.height <= 0:
            continue
        label = shown.replace("$\\mathdefault{", "").replace("}$", "")[:30]
        box = Box(extent.x0, height - extent.y1, extent.x1, height - extent.y0, f"text '{label}'", ax)
        if clip is not None and box.outside(*clip):
            problems.append(f"{box.what} is cut by the edge of its picture's backdrop")
        boxes.append(box)
    for raster in drawn.rasters:
        if getattr(raster, "text", False):
            ink = _ink(raster)
            if ink is not None:
                boxes.append(ink)
    for mark, ax in drawn.marks:
        box = _painted_text(mark, ax)
        if box is not None:
            if box.outside(*mark.clip):
                problems.append(f"{box.what} is cut by the edge of its picture")
            boxes.append(box)
    return boxes, problems


def _shown_texts(renderer, drawn: _Drawn) -> list[tuple[Text, Any, tuple | None]]:
    """(text, its Axes, the box cutting it or None) for every text the frame shows: the figure's, those of
    visible Axes, and of an invisible Axes what its backdrop pasted (its static texts, cut to the backdrop's
    box) and the animated texts its view drew this frame."""
    shown = [(text, None, None) for text in renderer.fig.texts]
    backdrops = {id(r.ax): r.box for r in drawn.rasters if r.ax is not None and not r.ax.get_visible()}
    animated = {id(a) for a in drawn.artists}
    for ax in renderer.fig.axes:
        if ax.get_visible():
            shown += [(text, ax, None) for text in _axes_texts(ax)]
            continue
        box = backdrops.get(id(ax))
        clip = None if box is None else (box[0], box[1], box[0] + box[2], box[1] + box[3])
        for text in _axes_texts(ax):
            if text.get_animated() and id(text) in animated:
                shown.append((text, ax, None))
            elif not text.get_animated() and clip is not None:
                shown.append((text, ax, clip))
    return shown


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


def _painted_text(mark: Mark, ax) -> Box | None:
    if mark.kind != "text":
        return None
    box = mark.box()
    return None if box is None else Box(*box, mark.what, ax)


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
            pixels[:, 1] = height - pixels[:, 1]
            yield (line.get_label() or "line"), *along_segments(pixels[:-1], pixels[1:])


def _maps(rasters: list[Raster]) -> list[Box]:
    """Heatmaps, neuron thumbnails and backdrops: opaque rasters (glyphs and stamped point layers are not
    maps). A backdrop's box is that of its Axes' pixels, so its own texts lie in it: those are judged above."""
    boxes = []
    for raster in rasters:
        if getattr(raster, "text", False) or raster.pixels.shape[-1] == 4:
            continue
        left, top, w, h = raster.box
        backdrop = raster.ax is not None and not raster.ax.get_visible()
        boxes.append(Box(left, top, left + w, top + h, f"a {'backdrop' if backdrop else 'map'} at ({left}, {top})",
                         raster.ax if backdrop else None))
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


def script_problems(video, settle: int = 15, size: tuple[int, int] | None = None,
                    moments: tuple[float, ...] = ()) -> list[str]:
    """Problems in a scripted video's key frames (a lesson's ``LessonVideo``, at its size or ``size``): the
    first frame of each kind of shot, ``settle`` frames into it (once things have moved), the middle and the
    last frame; and with ``moments`` (progress 0..1 through a shot, e.g. (0.5, 1.0)) those moments of every
    shot, for a script whose shots of one kind each land somewhere else. Each problem is prefixed with the frame
    index and its shot's kind."""
    from nnwatch.video.compose import layout_rects

    plan, kinds = video.plan, video.plan.kinds()
    first: dict[str, int] = {}
    for index, kind in enumerate(kinds):
        first.setdefault(kind, index)
    picks = set(first.values()) | {min(len(plan) - 1, i + settle) for i in first.values()}
    picks |= {len(plan) // 2, len(plan) - 1}
    for k in range(len(plan.shots)):
        start, count = plan.span(k)
        picks |= {start + min(round(u * (count - 1)), count - 1) for u in moments if count}
    size = tuple(size or video.size)
    renderer, rects = video.renderer(size), layout_rects(video.layout, *size)
    found: dict[str, str] = {}
    for index in sorted(picks):
        for problem in layout_problems(renderer, plan[index], rects):
            found.setdefault(problem, f"frame {index} ({kinds[index]}): {problem}")
    return sorted(found.values())
