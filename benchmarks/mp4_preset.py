"""Which x264 preset and quality for MP4s: file size, encode speed and the look, measured on the same frames.

Frames of two videos are drawn once and kept in memory: the default video (network, boundary, metrics; 720p)
and the relu-fold lesson's transform view (flat colours, thin grid lines, 720p). Each preset/crf pair then
encodes the same frames on one thread (the encoder shares 2 cores with the drawing) and is decoded back:

- mb_per_min: the file's size for a minute of that video;
- encode_fps: frames encoded per second, as a ratio against ultrafast crf 20 in the same process
  (``speed_vs_ultrafast``) as well as absolute (the machine is shared and noisy);
- psnr_db: peak signal-to-noise ratio of the decoded frames against the drawn ones (above ~45 dB, flat
  graphics look identical; text edges are where loss shows first).

Prints one JSON line: a row per (video, preset, crf).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import av
import numpy as np

from nnwatch.drivers import train
from nnwatch.spec import Spec
from nnwatch.video.compose import FrameRenderer
from nnwatch.video.render import RenderOptions, TimelinePlan
from nnwatch.video.writers import Mp4Writer

SIZE, FPS, FRAMES = (1280, 720), 30.0, 120
CHOICES = [("ultrafast", 20), ("ultrafast", 23), ("superfast", 23), ("veryfast", 20), ("veryfast", 21),
           ("veryfast", 23), ("faster", 23)]


def frames_of(layout: list[str], spec: Spec) -> list[np.ndarray]:
    run = train(spec)
    opts = RenderOptions(size=SIZE, fps=FPS, duration=FRAMES / FPS, layout=tuple(layout))
    plan = TimelinePlan(run, opts)
    renderer = FrameRenderer(opts.scene(run), opts.layout, opts.size)
    return [renderer.render(plan[i])[..., :3].copy() for i in range(min(len(plan), FRAMES))]


def encode(frames: list[np.ndarray], path: Path, preset: str, crf: int) -> float:
    start = time.perf_counter()
    with Mp4Writer(path, FPS, SIZE, preset=preset, crf=crf, threads=1) as writer:
        for frame in frames:
            writer.write(frame)
    return len(frames) / (time.perf_counter() - start)


def psnr(frames: list[np.ndarray], path: Path) -> float:
    errors = []
    with av.open(str(path)) as container:
        for frame, decoded in zip(frames, container.decode(video=0)):
            diff = frame.astype(np.float64) - decoded.to_ndarray(format="rgb24").astype(np.float64)
            errors.append(np.mean(diff ** 2))
    mse = max(float(np.mean(errors)), 1e-12)
    return 10 * np.log10(255.0 ** 2 / mse)


def measure(name: str, frames: list[np.ndarray], folder: Path) -> list[dict]:
    rows, base = [], None
    for preset, crf in CHOICES:
        path = folder / f"{name}-{preset}-{crf}.mp4"
        fps = encode(frames, path, preset, crf)
        base = base or fps
        minutes = len(frames) / FPS / 60
        rows.append({"video": name, "preset": preset, "crf": crf, "encode_fps": round(fps, 1),
                     "speed_vs_ultrafast": round(fps / base, 2),
                     "mb_per_min": round(path.stat().st_size / 1e6 / minutes, 1),
                     "psnr_db": round(psnr(frames, path), 1)})
    return rows


if __name__ == "__main__":
    # NNWATCH_KEEP=folder keeps the encoded files there, to look at stills.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(os.environ.get("NNWATCH_KEEP") or tmp)
        default = frames_of(["network", "boundary", "metrics"], Spec())
        circle = Spec().with_flat(dataset="circle", hidden="3", activation="relu", epochs=300)
        fold = frames_of(["transform"], circle)
        rows = measure("default", default, folder) + measure("relu_fold", fold, folder)
    print(json.dumps({"frames": FRAMES, "size": f"{SIZE[0]}x{SIZE[1]}", "rows": rows}))
