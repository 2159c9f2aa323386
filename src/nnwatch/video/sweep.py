"""Videos of sweeps: every configuration's boundary in a grid, on one clock.

``render()`` draws one Run; a sweep has many. The runs reach the sweep view through the scene's options and
each frame carries every panel's snapshot, tweened to the same moment as ``TimelinePlan`` tweens one run.
A plan given to ``render`` keeps the video in one process, so the runs never need to be written out for
worker processes.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from nnwatch.errors import NNWatchError
from nnwatch.record.run import Run
from nnwatch.script import Script
from nnwatch.video.compose import check_size, layout_rects
from nnwatch.video.render import RenderOptions, render
from nnwatch.video.timeline import Timeline, tween
from nnwatch.views.sweep import MIN_PANEL, SweepFrame, grid_capacity, grid_shape, header_height

__all__ = ["SweepPlan", "render_sweep", "check_grid", "sweep_frame", "LAYOUT"]

LAYOUT = ("sweep",)


class SweepPlan(Script):
    """The default script for a sweep: the shared snapshots spread over the video, every panel tweened (one
    beat on the timeline's clock, as ``TimelinePlan``)."""

    def __init__(self, runs: Sequence[Run], timeline: Timeline, board: int = 0):
        self.runs, self.timeline, self.board = list(runs), timeline, board
        script = timeline.script(lambda t: sweep_frame(self.runs, timeline.position_at(t), time=t, board=board))
        super().__init__(script.beats, script.fps)


def sweep_frame(runs: Sequence[Run], position: float, **fields) -> SweepFrame:
    """Every run at one (fractional) position of the shared clock, tweened between snapshots; ``fields``
    are further Frame fields (board, title, caption, time)."""
    panels = [_snapshot_at(run.snapshots, position) for run in runs]
    return SweepFrame(snapshot=panels[0], position=position, panels=panels, **fields)


def _snapshot_at(snapshots, position: float):
    i = min(max(int(math.floor(position)), 0), len(snapshots) - 1)
    return snapshots[i] if i >= len(snapshots) - 1 else tween(snapshots[i], snapshots[i + 1], position - i)


def check_grid(n: int, size: tuple[int, int], layout: Sequence[str] = LAYOUT) -> None:
    """A one-line error when n panels of at least MIN_PANEL pixels do not fit the sweep view at this size
    (checked before any training)."""
    width, height = check_size(tuple(size))
    x, y, w, h = layout_rects(list(layout), width, height)["sweep"]
    area_w, area_h = int(w * width), int(h * height)
    header = header_height(height)[1]
    if grid_shape(n, area_w, area_h, header).side < MIN_PANEL:
        room = grid_capacity(area_w, area_h, header)
        raise NNWatchError(f"{n} configurations do not fit a {width}x{height} video: at most {room} panels of "
                           f"{MIN_PANEL}x{MIN_PANEL} pixels fit; choose a larger --size or fewer configurations")


def render_sweep(runs: Sequence[Run], path: str | os.PathLike, *, size: tuple[int, int] = (1280, 720),
                 fps: float = 30.0, duration: float = 20.0, title: str | None = None,
                 progress: Callable[[int, int], None] | None = None, **settings) -> Path:
    """Render a sweep's runs (one clock: ``nnwatch.sweep``) as a grid of boundary panels to ``path``.

    ``settings`` are further RenderOptions fields (palette, discretize, show_test, easing, writer,
    per_snapshot)."""
    runs = list(runs)
    if not runs:
        raise NNWatchError("a sweep video needs at least one run")
    check_grid(len(runs), size)
    options = RenderOptions(layout=LAYOUT, size=tuple(size), fps=fps, duration=duration, **settings)
    plan = SweepPlan(runs, options.timeline(len(runs[0])))
    view_options = {"sweep": {"runs": runs, "title": title}}
    return render(runs[0], path, layout=LAYOUT, size=tuple(size), fps=fps, duration=duration, plan=plan,
                  progress=progress, view_options=view_options, **settings)
