"""End-to-end video of the default scene (train 2-8-8-1 on the spiral, render network + boundary + metrics,
encode MP4): frames per second at 1080p and 720p, and the speed-up over drawing each frame the naive way.

Goals on the 2-core machine: fps_1080p >= 30, fps_720p >= 60, speedup_vs_naive >= 4.

- fps_*: frames / wall time of ``nnwatch.render`` from the spec (training included), 20 s at 30 fps.
- speedup_vs_naive: in the same process, a sample of the same frames drawn the naive way (a new matplotlib
  figure per frame, as hand-written scripts do) and encoded one by one, against nnwatch's per-frame time.
- peak_mb_60s_1080p (only with --memory): peak resident memory of a 60 s 1080p render through the CLI.
Prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nnwatch.drivers import train
from nnwatch.spec import Spec
from nnwatch.video.compose import render_naive
from nnwatch.video.render import RenderOptions, TimelinePlan, render
from nnwatch.video.writers import Mp4Writer

DURATION, FPS = 20.0, 30.0


def end_to_end_fps(size: tuple[int, int], out: Path) -> tuple[float, float]:
    start = time.perf_counter()
    run = train(Spec())
    trained = time.perf_counter()
    render(run, out, size=size, fps=FPS, duration=DURATION)
    frames = DURATION * FPS
    return frames / (time.perf_counter() - start), frames / (time.perf_counter() - trained)


def naive_frame_seconds(size: tuple[int, int], out: Path, sample: int = 12) -> float:
    run = train(Spec())
    options = RenderOptions(size=size, fps=FPS, duration=DURATION)
    plan = TimelinePlan(run, options)
    scene = options.scene(run)
    indices = [round(k * (len(plan) - 1) / (sample - 1)) for k in range(sample)]
    start = time.perf_counter()
    with Mp4Writer(out, FPS, size) as writer:
        for index in indices:
            writer.write(render_naive(scene, options.layout, size, plan[index]))
    return (time.perf_counter() - start) / sample


def peak_memory_mb(out: Path) -> float:
    cmd = [sys.executable, "-m", "nnwatch", "render", "--size", "1920x1080", "--duration", "60", "-o", str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fps_1080, fps_1080_render = end_to_end_fps((1920, 1080), tmp / "a.mp4")
        fps_720, fps_720_render = end_to_end_fps((1280, 720), tmp / "b.mp4")
        naive = naive_frame_seconds((1280, 720), tmp / "c.mp4")
        result = {"fps_1080p": round(fps_1080, 1), "fps_720p": round(fps_720, 1),
                  "speedup_vs_naive": round(naive * fps_720_render, 1),
                  "fps_1080p_render_only": round(fps_1080_render, 1), "fps_720p_render_only": round(fps_720_render, 1),
                  "naive_fps_720p": round(1 / naive, 1), "goal_1080p": 30, "goal_720p": 60, "goal_speedup": 4}
        if "--memory" in sys.argv:
            result["peak_mb_60s_1080p"] = round(peak_memory_mb(tmp / "m.mp4"))
            result["goal_peak_mb"] = 1536
        print(json.dumps(result))
