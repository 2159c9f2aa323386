"""The sweep view: a grid of boundary panels, one per configuration of a sweep, all on one clock.

Each panel is a ``BoundaryView`` of its own run on an Axes of its own (composition: the map's colours, the
points and their layer are the boundary view's), with its configuration's name above it ("8,2 relu lr 0.01")
and its train and test loss under that, updating; a header carries the sweep's title and one epoch counter.
A configuration that did not learn (``probes.learning``, judged once per panel) says so from the board's last
snapshot on: the loss line gives way to the verdict, in red, and the panel's frame turns red.

The runs come through the view's options (``SweepOptions``): ``runs`` (a list of Runs on one clock) and
``title``, or ``boards``
(a list of ``{"runs": [...], "title": ...}``) for a video that shows one sweep after another (a lesson); a
``SweepFrame`` says which board to show and carries every panel's (tweened) snapshot. Without runs the view
shows the scene's own run in a single panel.

Everything on a board is drawn per frame as pixels (the map, a stamped layer of points, a frame around it,
cached glyphs for the text), so switching boards needs no new background and the renderer's fast paths
(blitting, Rasters) are kept.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnwatch.errors import NNWatchError
from nnwatch.record.snapshot import Snapshot
from nnwatch import probes
from nnwatch.probes.learning import judge
from nnwatch.views.base import MAP_DENSITY, Frame, Raster, Scene, View
from nnwatch.views.boundary import BoundaryView
from nnwatch.views.style import VERDICT_COLOR, Theme, hex_rgb
from nnwatch.views.text import GlyphText

__all__ = ["SweepView", "SweepOptions", "SweepFrame", "GridShape", "grid_shape", "grid_capacity", "header_height",
           "MIN_PANEL", "board_runs"]

MIN_PANEL = 72  # pixels a side: below this neither a boundary nor its label can be read
LABEL_FONT_PX = (8, 13)  # label text height range, chosen by panel width
GAP_PX = (4, 12)  # space between panels, chosen by panel width


@dataclass(frozen=True)
class SweepOptions:
    """What the board shows: ``runs`` (Runs on one clock) and ``title``, or ``boards``, a list of
    ``{"runs": [...], "title": ..., "labels": ...}`` shown one after another (``SweepFrame.board``)."""

    runs: Any = None
    title: str | None = None
    boards: Any = None


@dataclass
class SweepFrame(Frame):
    """A Frame for the sweep view: every panel's snapshot (tweened to the same moment) and which board."""

    panels: list[Snapshot] | None = None
    board: int = 0


@dataclass(frozen=True)
class GridShape:
    columns: int
    rows: int
    side: int  # the panel's map, square, in pixels
    font_px: int  # label text height
    header: int  # pixels above the grid for the title and the epoch counter
    gap: int  # pixels between panels

    @property
    def label(self) -> int:
        """Pixels above each map for its two lines of text."""
        return 2 * _line(self.font_px) + 2

    @property
    def cell(self) -> tuple[int, int]:
        return self.side + self.gap, self.side + self.label + self.gap


def _line(font_px: int) -> int:
    return int(math.ceil(1.3 * font_px))


def header_height(frame_height: float) -> tuple[int, int]:
    """(text height, header height) in pixels for the title line and the epoch counter of a frame this high."""
    font = max(10, int(round(17 * frame_height / 720)))
    return font, int(round(1.6 * font))


def grid_shape(n: int, width: int, height: int, header_px: int) -> GridShape:
    """The near-square grid giving n square panels the most room in a width x height pixel area, under a
    header of ``header_px``."""
    best = None
    for columns in range(1, max(n, 1) + 1):
        rows = math.ceil(n / columns)
        gap = int(min(max(width / columns / 24, GAP_PX[0]), GAP_PX[1]))
        cell_w = (width - (columns - 1) * gap) / columns
        font = int(min(max(cell_w / 16, LABEL_FONT_PX[0]), LABEL_FONT_PX[1]))
        label = 2 * _line(font) + 2
        cell_h = (height - header_px - (rows - 1) * gap) / rows - label
        side = int(min(cell_w, cell_h))
        if best is None or side > best.side:
            best = GridShape(columns, rows, max(side, 1), font, header_px, gap)
    return best


def grid_capacity(width: int, height: int, header_px: int) -> int:
    """How many panels of at least MIN_PANEL pixels fit in the area."""
    n = 0
    while grid_shape(n + 1, width, height, header_px).side >= MIN_PANEL and n < 10_000:
        n += 1
    return n


def board_runs(options: SweepOptions, fallback) -> list[dict]:
    """The boards the view's options describe: a list of {"runs", "title", "labels"}."""
    from nnwatch.record.labels import config_labels

    boards = options.boards or [{"runs": options.runs or [fallback], "title": options.title}]
    out = []
    for board in boards:
        runs = list(board["runs"])
        if not runs:
            raise NNWatchError("a sweep board needs at least one run")
        counts = {len(run) for run in runs}
        if len(counts) > 1:
            raise NNWatchError(f"the runs of a sweep board must share a clock; their snapshot counts differ: "
                               f"{sorted(counts)}")
        labels = board.get("labels") or config_labels([run.spec for run in runs])
        out.append({"runs": runs, "title": board.get("title") or _default_title(runs), "labels": labels})
    return out


def _default_title(runs) -> str:
    run = runs[0]
    return f"{run.dataset.name}: {len(runs)} configuration{'s' * (len(runs) != 1)}"


class _Panel:
    """One configuration on the board: its boundary view on its own Axes, a frame and two lines of text."""

    def __init__(self, fig, scene: Scene, run, label: str, rect_px, shape: GridShape, theme: Theme):
        left, bottom, side = rect_px
        width, height = fig.bbox.width, fig.bbox.height
        self.ax = fig.add_axes([left / width, bottom / height, side / width, side / height])
        # Points and lines sized for the panel, as a view of this size would be in a 720-pixel-high frame.
        self.scene = dataclasses.replace(scene, run=run, theme=Theme(height_px=max(int(720 * side / 520), 60)),
                                         options={})
        self.boundary = BoundaryView()
        self.boundary.init(self.ax, self.scene)
        self.ax.set_axis_off()
        _, _, box_w, box_h = self.boundary.box
        self.density = int(min(MAP_DENSITY, max(box_w, box_h) // 2 if side < 2 * MAP_DENSITY else MAP_DENSITY))
        self.density = max(self.density, 24)
        self.last: tuple[float, list] | None = None
        font_pt = shape.font_px * 72 / fig.dpi
        chars = self.chars = max(int((side + shape.gap) / (0.602 * shape.font_px)) - 1, 4)
        above = (shape.label - 1) / side
        verdict = judge(run)  # once: said on the board's last snapshot
        self.verdict = verdict.fitted(chars)[0] if verdict else None
        self.ended_at, self.faint = len(run) - 1, theme.faint
        if scene.still:
            self.name = self.ax.text(0, 1 + above, label, transform=self.ax.transAxes, va="top", ha="left",
                                     fontsize=font_pt, color=theme.text, family="monospace", clip_on=False)
            self.losses = self.ax.text(0, 1 + above / 2, "", transform=self.ax.transAxes, va="top", ha="left",
                                       fontsize=font_pt, color=theme.faint, family="monospace", clip_on=False)
            self.border = self.failed_border = None
        else:
            name = GlyphText(self.ax, 0, 1 + above, font_pt, theme.text, max_chars=chars, max_lines=1)
            self.name = name.raster(label[:chars])
            self.losses = GlyphText(self.ax, 0, 1 + above / 2, font_pt, theme.faint, max_chars=chars,
                                    max_lines=1)
            self.border = Raster(self.ax, *_border(self.boundary.box, theme.faint))
            self.failed_border = Raster(self.ax, *_border(self.boundary.box, VERDICT_COLOR, 2))
            self.failed = GlyphText(self.ax, 0, 1 + above / 2, font_pt, VERDICT_COLOR, max_chars=chars, max_lines=1)

    def update(self, snapshot: Snapshot, position: float) -> list:
        if self.last is None or self.last[0] != position:  # holds repeat a moment: draw it once
            self.last = (position, self._draw(snapshot, position))
        return self.last[1]

    def shown_verdict(self, position: float) -> str | None:
        """The verdict this panel shows at ``position`` (None: the losses), once its run has ended."""
        return self.verdict if position >= self.ended_at else None

    def _draw(self, snapshot: Snapshot, position: float) -> list:
        # The boundary view's colours and points, on a map no denser than the panel has pixels: a small
        # panel's map costs a quarter of a full one's forward pass, which is most of a frame's work.
        out = probes.neuron_maps(snapshot, self.scene.domain, self.density)[-1]
        b = self.boundary
        heat = b.heat(out)
        verdict = self.shown_verdict(position)
        train, test = _num(snapshot.train_loss), _num(snapshot.test_loss)
        text = f"train {train} test {test}"
        if len(text) > self.chars:
            text = f"tr {train} te {test}"
        if isinstance(self.losses, GlyphText):
            if verdict:
                return [heat, *b.points, self.failed_border, self.name, self.failed.raster(verdict)]
            return [heat, *b.points, self.border, self.name, self.losses.raster(text)]
        self.losses.set_text(verdict or text)
        self.losses.set_color(VERDICT_COLOR if verdict else self.faint)
        return [heat, *b.points, self.losses]

    def show(self, visible: bool) -> None:
        self.ax.set_visible(visible)


def _border(box, color: str, thick: int = 1):
    """A frame ``thick`` pixels wide just outside a map's box, as an RGBA raster: (box, extent, pixels)."""
    left, top, width, height = box
    pixels = np.zeros((height + 2 * thick, width + 2 * thick, 4), np.uint8)
    pixels[..., :3] = hex_rgb(color).astype(np.uint8)
    pixels[:thick, :, 3] = pixels[-thick:, :, 3] = 255
    pixels[:, :thick, 3] = pixels[:, -thick:, 3] = 255
    return (left - thick, top - thick, width + 2 * thick, height + 2 * thick), (0, 1, 0, 1), pixels


def _num(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else "n/a"


class SweepView(View):
    name = "sweep"
    options = SweepOptions

    def init(self, ax, scene: Scene) -> None:
        self.scene, self.ax = scene, ax
        ax.set_axis_off()
        theme = scene.theme
        self.boards = board_runs(scene.options_for(SweepView), scene.run)
        for board in self.boards:
            if board["runs"][0].arch.n_raw_inputs != 2:
                raise NNWatchError(f"the sweep view draws each configuration's boundary over the plane: "
                                   f"'{board['runs'][0].dataset.name}' has {board['runs'][0].arch.n_raw_inputs} "
                                   "inputs, not 2")
        fig = ax.figure
        box = ax.get_window_extent()
        font_px, header_px = header_height(fig.bbox.height)
        header_pt = font_px * 72 / fig.dpi
        self.panels: list[list[_Panel]] = []
        for k, board in enumerate(self.boards):
            shape = grid_shape(len(board["runs"]), int(box.width), int(box.height), header_px)
            self.panels.append(self._lay_out(fig, box, board, shape))
            if scene.still:
                for panel in self.panels[-1]:
                    panel.show(k == 0)
        self.shown = 0
        if scene.still:
            self.title = ax.text(0, 1, "", transform=ax.transAxes, va="top", ha="left", fontsize=header_pt,
                                 color=theme.text, weight="bold")
            self.counter = ax.text(1, 1, "", transform=ax.transAxes, va="top", ha="right", fontsize=header_pt,
                                   color=theme.text, family="monospace")
        else:
            chars = max(int(box.width / (0.602 * font_px)) - 16, 8)
            self.title = GlyphText(ax, 0, 1, header_pt, theme.text, max_chars=chars, max_lines=1)
            self.counter = GlyphText(ax, 1, 1, header_pt, theme.text, ha="right", max_chars=14, max_lines=1)

    def _lay_out(self, fig, box, board, shape: GridShape) -> list[_Panel]:
        cell_w, cell_h = shape.cell
        used_w, used_h = shape.columns * cell_w - shape.gap, shape.rows * cell_h - shape.gap
        left0 = box.x0 + max((box.width - used_w) / 2, 0)
        top0 = box.y1 - shape.header - max((box.height - shape.header - used_h) / 2, 0)
        panels = []
        for k, (run, label) in enumerate(zip(board["runs"], board["labels"])):
            row, col = divmod(k, shape.columns)
            left = int(round(left0 + col * cell_w))
            bottom = int(round(top0 - row * cell_h - shape.label - shape.side))
            panels.append(_Panel(fig, self.scene, run, label, (left, bottom, shape.side), shape, self.scene.theme))
        return panels

    def update(self, frame: Frame) -> list:
        board = int(getattr(frame, "board", 0) or 0)
        if not 0 <= board < len(self.boards):
            raise NNWatchError(f"the sweep view has {len(self.boards)} board(s); a frame asked for board {board}")
        if self.scene.still and board != self.shown:
            for k, panels in enumerate(self.panels):
                for panel in panels:
                    panel.show(k == board)
        self.shown = board
        runs = self.boards[board]["runs"]
        snapshots = getattr(frame, "panels", None) or [_at(run, frame.position) for run in runs]
        if len(snapshots) != len(runs):
            raise NNWatchError(f"a sweep frame carries {len(snapshots)} snapshots for {len(runs)} panels")
        drawn = []
        for panel, snapshot in zip(self.panels[board], snapshots):
            drawn.extend(panel.update(snapshot, frame.position))
        title, counter = self.boards[board]["title"], f"epoch {int(snapshots[0].epoch):06d}"
        if isinstance(self.counter, GlyphText):
            drawn += [self.title.raster(title), self.counter.raster(counter)]
        else:
            self.title.set_text(title)
            self.counter.set_text(counter)
            drawn += [self.title, self.counter]
        return drawn


def _at(run, position: float) -> Snapshot:
    """The run's snapshot at a (fractional) position, without tweening: for frames that carry no panels."""
    return run.snapshots[min(max(int(round(position)), 0), len(run) - 1)]
