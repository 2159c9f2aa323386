"""What a lesson is: a story from SEEDS.md told as a trained Run plus a script of frames.

A lesson trains a real network (``build``) and returns a LessonVideo: the Run, the views to lay out, the
render settings, and a script (``nnwatch.script``, as every video's frames are planned). The script is a
list of Shots (Beats), each a stretch of seconds with a function from progress within the shot (0 <= u < 1)
to the Frame shown; it is laid out on frames only when the frame rate is known, so the same lesson renders at
30 frames/s or at 5 for a quick look and lasts as long either way.

Heavy modules (JAX for training, matplotlib for drawing) are imported on first use: listing the lessons
stays quick.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from nnwatch.easing import ramp  # noqa: F401  (the lessons ease their shots with it)
from nnwatch.script import Beat, Script

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from nnwatch.record.run import Run

__all__ = ["Shot", "Script", "LessonVideo", "Lesson", "Progress", "DEFAULT_SIZE", "DEFAULT_FPS"]

DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 30.0
Progress = Callable[[int, int], None]


Shot = Beat  # a lesson's beats are its shots: ``Shot(seconds, frame, kind)``, frame(u) for 0 <= u < 1


@dataclass
class LessonVideo:
    """A lesson ready to render: a trained Run, the views to show, render settings and the script."""

    run: "Run"
    shots: list[Shot]
    layout: tuple[str, ...]
    palette: str = "playground"
    show_values: bool = False
    view_options: dict[str, Any] = field(default_factory=dict)
    fps: float = DEFAULT_FPS
    size: tuple[int, int] = DEFAULT_SIZE
    facts: dict[str, Any] = field(default_factory=dict)  # numbers the captions quote, for reports and tests

    @property
    def plan(self) -> Script:
        """The script's frames at the lesson's own frame rate."""
        return self.plan_at(self.fps)

    def plan_at(self, fps: float) -> Script:
        return Script(self.shots, fps)

    @property
    def seconds(self) -> float:
        return sum(shot.seconds for shot in self.shots)

    def scene(self, size: tuple[int, int] | None = None):
        """The Scene the views draw for this lesson, as ``render`` builds it."""
        from nnwatch.video.render import RenderOptions

        options = RenderOptions(layout=self.layout, size=tuple(size or self.size), palette=self.palette,
                                show_values=self.show_values, view_options=dict(self.view_options))
        return options.scene(self.run)

    def renderer(self, size: tuple[int, int] | None = None):
        """A FrameRenderer for single frames (to look at one, or to test what a frame shows)."""
        from nnwatch.video.compose import FrameRenderer

        size = tuple(size or self.size)
        return FrameRenderer(self.scene(size), self.layout, size)

    def render(self, path: str | os.PathLike, *, progress: Progress | None = None,
               size: tuple[int, int] | None = None, fps: float | None = None,
               writer: dict | None = None) -> Path:
        """Render the whole script to ``path`` (.mp4, .gif or a folder of PNGs); returns the path."""
        from nnwatch import interrupts
        from nnwatch.video.render import default_size, render

        interrupts.check()  # a Ctrl-C during the training's last compile stops here; then every frame checks
        fps = float(fps or self.fps)
        if size is None:
            # A GIF at 720p grows huge; render's own default for GIFs is smaller.
            size = default_size(path) if str(path).lower().endswith(".gif") else self.size
        return render(self.run, path, layout=self.layout, size=tuple(size), fps=fps, plan=self.plan_at(fps),
                      progress=progress, palette=self.palette, show_values=self.show_values,
                      view_options=dict(self.view_options), writer=dict(writer or {}))


class Lesson:
    """One story: ``name`` (as typed on the command line), ``title``, a one-line ``summary`` and ``build``."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    summary: ClassVar[str] = ""

    def build(self, progress: Progress | None = None) -> LessonVideo:
        """Train the lesson's network (``progress(step, total)`` as it goes) and script its video."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<lesson {self.name}: {self.summary}>"


def fmt_row(x: "np.ndarray") -> str:
    """An input row as the stories print it: [0, 1, 1]."""
    return "[" + ", ".join(f"{v:g}" for v in x) + "]"
