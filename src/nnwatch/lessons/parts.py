"""A lesson told with several networks in a row: one LessonVideo per part, played back to back.

A LessonVideo draws one Run, and the views lay themselves out for that Run's architecture when they are
made (the network view places its neurons once). A story that moves from a 3-1 perceptron to a 20-20-1
digit reader therefore needs one renderer per network. PartsVideo keeps each part a complete LessonVideo
(its own run, layout and palette; each can be checked alone) and joins their scripts: the plan stamps every
frame with the part it belongs to, and the renderer draws it with that part's views.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from nnwatch.lessons.base import LessonVideo, Progress, Script

__all__ = ["PartsVideo", "PartsScript", "PartsRenderer"]


class PartsScript:
    """The parts' scripts end to end: ``len``, ``script[i]`` (a Frame with ``part`` set) and ``kinds()``."""

    def __init__(self, scripts: list[Script], fps: float):
        self.scripts, self.fps = scripts, float(fps)
        self.starts, total = [], 0
        for script in scripts:
            self.starts.append(total)
            total += len(script)
        self._length = total

    def __len__(self) -> int:
        return self._length

    @property
    def seconds(self) -> float:
        return self._length / self.fps

    @property
    def shots(self) -> list:
        return [shot for script in self.scripts for shot in script.shots]

    def part_of(self, index: int) -> tuple[int, int]:
        """(part number, frame index within that part) of frame ``index``."""
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(f"frame {index} is outside this script of {self._length} frames")
        k = max(i for i, start in enumerate(self.starts) if start <= index and len(self.scripts[i]))
        return k, index - self.starts[k]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        k, local = self.part_of(int(index))
        frame = self.scripts[k][local]
        frame.time = int(index) % self._length / self.fps
        frame.part = k  # which part's views draw it (PartsRenderer)
        return frame

    def kinds(self) -> list[str]:
        return [kind for script in self.scripts for kind in script.kinds()]


class PartsRenderer:
    """One FrameRenderer per part; ``render(frame)`` draws with the frame's part. ``fig`` and ``views`` are
    those of the part drawn last (what a layout check reads after rendering)."""

    def __init__(self, renderers: list):
        self.renderers, self.current = renderers, renderers[0]

    def render(self, frame):
        self.current = self.renderers[getattr(frame, "part", 0)]
        return self.current.render(frame)

    @property
    def fig(self):
        return self.current.fig

    @property
    def views(self):
        return self.current.views


@dataclass
class PartsVideo(LessonVideo):
    """A LessonVideo made of ``parts``; its own run, layout and palette are the first part's."""

    parts: list[LessonVideo] = field(default_factory=list)

    def plan_at(self, fps: float) -> PartsScript:
        return PartsScript([part.plan_at(fps) for part in self.parts], fps)

    def renderer(self, size: tuple[int, int] | None = None) -> PartsRenderer:
        return PartsRenderer([part.renderer(size or self.size) for part in self.parts])

    def render(self, path: str | os.PathLike, *, progress: Progress | None = None,
               size: tuple[int, int] | None = None, fps: float | None = None,
               writer: dict | None = None) -> Path:
        """Every part's frames into one file (.mp4, .gif or a folder of PNGs), through one writer."""
        from nnwatch import interrupts
        from nnwatch.video.compose import check_size
        from nnwatch.video.render import default_size, one_blas_thread
        from nnwatch.video.writers import open_writer

        interrupts.check()
        fps = float(fps or self.fps)
        if size is None:
            size = default_size(path) if str(path).lower().endswith(".gif") else self.size
        size = check_size(tuple(size))
        plan, out = self.plan_at(fps), open_writer(path, fps, size, **dict(writer or {}))
        renderer = self.renderer(size)
        with out, one_blas_thread():
            for index in range(len(plan)):
                interrupts.check()
                out.write(renderer.render(plan[index]))
                if progress:
                    progress(index + 1, len(plan))
        return Path(out.path)
