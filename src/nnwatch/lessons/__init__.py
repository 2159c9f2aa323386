"""Built-in lessons: the stories of SEEDS.md, each a trained network and a scripted video.

    >>> from nnwatch.lessons import LESSONS, render_lesson
    >>> sorted(LESSONS)
    ['deep-layers', 'from-scratch', 'relu-fold', 'shapes-dropout', 'spiral-sweep', 'xor-synapses']
    >>> render_lesson("xor-synapses", "xor.mp4")           # trains, then renders about 80 s of video

``get_lesson(name).build()`` returns the LessonVideo (the Run, the script, the render settings) without
rendering. Listing lessons imports neither JAX nor matplotlib.
"""

from __future__ import annotations

import os
from pathlib import Path

from nnwatch.errors import NNWatchError, unknown
from nnwatch.lessons.base import Lesson, LessonVideo, Progress, Script, Shot
from nnwatch.lessons.deep_layers import DeepLayers
from nnwatch.lessons.from_scratch import FromScratch
from nnwatch.lessons.relu_fold import ReluFold
from nnwatch.lessons.shapes_dropout import ShapesDropout
from nnwatch.lessons.spiral_sweep import SpiralSweep
from nnwatch.lessons.xor_synapses import XorSynapses

__all__ = ["LESSONS", "Lesson", "LessonVideo", "Script", "Shot", "get_lesson", "list_lessons", "render_lesson",
           "XorSynapses", "ShapesDropout", "ReluFold", "DeepLayers", "SpiralSweep", "FromScratch"]

LESSONS: dict[str, Lesson] = {lesson.name: lesson for lesson in (XorSynapses(), ShapesDropout(), ReluFold())}
LESSONS[DeepLayers.name] = DeepLayers()
LESSONS[SpiralSweep.name] = SpiralSweep()
LESSONS[FromScratch.name] = FromScratch()


def get_lesson(name: str) -> Lesson:
    """The built-in lesson called ``name``; an unknown name raises NNWatchError listing the valid ones."""
    lesson = LESSONS.get(name) if isinstance(name, str) else None
    if lesson is None:
        raise unknown("lesson", str(name), LESSONS, NNWatchError)
    return lesson


def list_lessons() -> list[tuple[str, str]]:
    """(name, one-line summary) of every built-in lesson."""
    return [(name, lesson.summary) for name, lesson in LESSONS.items()]


def render_lesson(name: str, path: str | os.PathLike, progress: Progress | None = None,
                  size: tuple[int, int] | None = None, fps: float | None = None, *,
                  train_progress: Progress | None = None) -> Path:
    """Build lesson ``name`` (training its network) and render it to ``path`` (.mp4, .gif or a folder).

    ``progress(done, total)`` follows the frames drawn, ``train_progress(step, total)`` the training.
    ``size`` and ``fps`` default to the lesson's own (1280x720 at 30 frames/s; 640x360 for a GIF); the video
    lasts as long at any frame rate.
    """
    lesson = get_lesson(name)
    from nnwatch.video.writers import open_writer

    # Check the target (directory, suffix, fps) before spending time on training.
    open_writer(path, fps or 30.0, tuple(size or (1280, 720)))
    return lesson.build(train_progress).render(path, progress=progress, size=size, fps=fps)
