"""Which frame shows when: a Script of Beats, the one shape every video's frames are planned in.

What is drawn (the views), how it changes over time (a script) and who writes the file (``video.writers``)
are separate; this module, pure timing below them all, is the middle one. A Beat is a stretch of the video:
``seconds`` long (or exactly ``frames`` long), and a function from the beat's progress to the Frame shown
then; a Script lays its beats on frames once the frame rate is known, so the same script renders at 30
frames/s or at 5 for a quick look and lasts as long either way.
``render`` draws any Script (``len(script)``, ``script[i] -> Frame``): the default timeline, a sweep, the
transform view's stages, the depth view's layers, the basics pictures and every lesson are Scripts.

A beat's function is given ``u``, its progress 0 <= u < 1 (u reaches 1 on its last frame when ``lands``: the
finished picture is shown), or with ``by_time`` its own clock in seconds since its first frame. Easing is the
beat's business (``nnwatch.easing``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Beat", "Script"]


@dataclass(frozen=True)
class Beat:
    """``seconds`` of video (``frames``, when given, is its exact length in frames at any frame rate);
    ``frame(u)`` is what shows at progress u (see the module's notes for ``lands`` and ``by_time``).
    ``kind`` names what the beat shows ("title", "forward", "hold", ...), for reading a script."""

    seconds: float
    frame: Callable[[float], Any]
    kind: str = ""
    frames: int | None = None
    lands: bool = False
    by_time: bool = False


class Script(Sequence):
    """Beats laid out on frames at ``fps``.

    A beat given in seconds starts at the frame nearest its start time, so rounding never accumulates: a
    script of such beats lasts round(total seconds * fps) frames at any frame rate, and a beat shorter than a
    frame may get no frame at all. A beat given in ``frames`` takes exactly that many.
    """

    def __init__(self, beats: Sequence[Beat], fps: float):
        if not fps > 0:
            raise ValueError(f"fps must be positive, got {fps}")
        self.fps = float(fps)
        self.beats = [beat for beat in beats if (beat.frames if beat.frames is not None else beat.seconds) > 0]
        self.starts: list[int] = []
        elapsed, extra = 0.0, 0  # seconds of beats given in seconds; frames of beats given in frames
        for beat in self.beats:
            self.starts.append(round(elapsed * self.fps) + extra)
            if beat.frames is not None:
                extra += int(beat.frames)
            else:
                elapsed += beat.seconds
        self._length = round(elapsed * self.fps) + extra

    @property
    def shots(self) -> list[Beat]:
        """The beats (a lesson calls them shots)."""
        return self.beats

    @property
    def seconds(self) -> float:
        return len(self) / self.fps

    def __len__(self) -> int:
        return self._length

    def span(self, k: int) -> tuple[int, int]:
        """(first frame, frames) of beat ``k``."""
        end = self.starts[k + 1] if k + 1 < len(self.starts) else self._length
        return self.starts[k], max(end - self.starts[k], 0)

    def locate(self, index: int) -> tuple[int, float]:
        """(beat number, progress u within it) of frame ``index``."""
        k = bisect.bisect_right(self.starts, index) - 1
        # Skip beats that got no frame (they start where the next one does).
        while k + 1 < len(self.starts) and self.starts[k + 1] <= index:
            k += 1
        start, count = self.span(k)
        if self.beats[k].lands:
            return k, (index - start) / max(count - 1, 1)
        return k, (index - start) / max(count, 1)

    def beat_at(self, index: int) -> Beat:
        return self.beats[self.locate(self._check(index))[0]]

    shot_at = beat_at

    def _check(self, index: int) -> int:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(f"frame {index} is outside this script of {self._length} frames")
        return index

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        index = self._check(int(index))
        k, u = self.locate(index)
        beat = self.beats[k]
        frame = beat.frame((index - self.starts[k]) / self.fps if beat.by_time else u)
        frame.time = index / self.fps
        return frame

    def kinds(self) -> list[str]:
        """The kind of every frame, in order (cheap: no Frame is made)."""
        out = []
        for k, beat in enumerate(self.beats):
            out.extend([beat.kind] * self.span(k)[1])
        return out
