"""The relu-fold lesson end to end, as `nnwatch lesson relu-fold` makes it: training, then every frame drawn
and encoded to a 720p MP4 at 30 frames/s.

- video_s, frames: the length of the lesson.
- train_s, render_s: wall time of the training (circle run and digit classifier) and of the render.
- fps_720p: frames / render_s (draw + encode, one process, its encoder thread on the other core).
- draw_fps_by_kind: frames drawn per second (no encoding) for each kind of shot, over every third frame:
  which pictures cost most.
Prints one JSON line.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from nnwatch.lessons.relu_fold import ReluFold

FPS = 30.0


def draw_rates(video) -> dict[str, float]:
    plan, renderer = video.plan_at(FPS), video.renderer()
    kinds = plan.kinds()
    spent: dict[str, float] = defaultdict(float)
    drawn: dict[str, int] = defaultdict(int)
    for index in range(0, len(plan), 3):
        frame = plan[index]
        start = time.perf_counter()
        renderer.render(frame)
        spent[kinds[index]] += time.perf_counter() - start
        drawn[kinds[index]] += 1
    return {kind: round(drawn[kind] / spent[kind], 1) for kind in drawn}


if __name__ == "__main__":
    start = time.perf_counter()
    video = ReluFold().build()
    trained = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        video.render(Path(tmp) / "relu-fold.mp4", fps=FPS)
    rendered = time.perf_counter()
    frames = len(video.plan_at(FPS))
    print(json.dumps({"video_s": round(frames / FPS, 1), "frames": frames, "train_s": round(trained - start, 1),
                      "render_s": round(rendered - trained, 1), "fps_720p": round(frames / (rendered - trained), 1),
                      "draw_fps_by_kind": draw_rates(video)}))
