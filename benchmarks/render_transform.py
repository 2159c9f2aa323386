"""The transform view end to end: a 2-3-2 network (ReLU, sigmoid out; random weights, as in the relu-fold
lesson) walking the circle data and a 41x41 grid of lines through its six stages, rendered to a 720p MP4.

Goal on the 2-core machine: fps_720p >= 60.

- fps_720p: frames / wall time of ``nnwatch.render(..., layout=["transform"])`` (drawing and encoding; x264
  on its own thread), the best of three renders (the machine is shared).
- draw_fps_720p: frames drawn per second by the FrameRenderer alone, no encoding (benchmarks/timing.py).
- fps_720p_2_8_8_1: the same render for a trained 2-8-8-1 tanh network seen through PCA (nine stages).
Prints one JSON line.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np

from nnwatch.model.mlp import Architecture
from nnwatch.drivers import train
from nnwatch.record import Run
from nnwatch.record.snapshot import Snapshot
from nnwatch.video.compose import FrameRenderer
from nnwatch.video.render import RenderOptions, render
from nnwatch.views.transform import TransformView

from timing import best_rate

SIZE, FPS = (1280, 720), 30.0


def random_2_3_2() -> Run:
    """The circle data with a 2-3-2 network of random weights (one snapshot)."""
    base = train(dataset="circle", hidden="3", epochs=1, snapshots=2)
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=(2, 3, 2), activations=("relu",),
                        output="sigmoid")
    rng = np.random.default_rng(4)  # well-conditioned: the plane shows as a plane in 3-D
    params = [{"w": rng.normal(0, 0.6, (2, 3)), "b": rng.normal(0, 0.5, 3)},
              {"w": rng.normal(0, 0.6, (3, 2)), "b": rng.normal(0, 0.5, 2)}]
    snapshot = Snapshot(step=0, epoch=0.0, params=params, train_loss=float("nan"), test_loss=float("nan"),
                        train_accuracy=float("nan"), test_accuracy=float("nan"), arch=arch)
    return Run(spec=base.spec, dataset=base.dataset, arch=arch, snapshots=[snapshot])


def render_fps(run: Run, out: Path, rounds: int = 3, **view_options) -> tuple[float, int]:
    best, frames = 0.0, 0
    for _ in range(rounds):
        start = time.perf_counter()
        render(run, out, layout=["transform"], size=SIZE, fps=FPS, view_options={"transform": view_options})
        seconds = time.perf_counter() - start
        options = RenderOptions(layout=("transform",), size=SIZE, fps=FPS,
                                view_options={"transform": view_options})
        frames = len(TransformView.plan_for(run, options))
        best = max(best, frames / seconds)
    return best, frames


def draw_fps(run: Run) -> float:
    options = RenderOptions(layout=("transform",), size=SIZE, fps=FPS)
    plan = TransformView.plan_for(run, options)
    renderer = FrameRenderer(options.scene(run), options.layout, SIZE)
    frames = [plan[i] for i in range(len(plan))]
    counter = iter(range(10**9))
    return best_rate(lambda: renderer.render(frames[next(counter) % len(frames)]), seconds=6.0)


if __name__ == "__main__":
    small = random_2_3_2()
    wide = train(dataset="spiral", hidden="8,8", epochs=300, snapshots=5)
    with tempfile.TemporaryDirectory() as tmp:
        fps, frames = render_fps(small, Path(tmp) / "a.mp4")
        fps_wide, frames_wide = render_fps(wide, Path(tmp) / "b.mp4", rounds=1, projection="pca")
    print(json.dumps({"fps_720p": round(fps, 1), "frames": frames, "draw_fps_720p": round(draw_fps(small), 1),
                      "fps_720p_2_8_8_1": round(fps_wide, 1), "frames_2_8_8_1": frames_wide, "goal_720p": 60}))
