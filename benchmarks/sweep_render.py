"""The grid video of issue 6's spiral sweep: frames per second of drawing and encoding it.

Eight configurations (hidden 1, 2, 4, 6, 8, 8-2, 8-4, 8-8; the seven spiral features), 300 epochs, trained once
with ``nnwatch.sweep``; then a 20 s 720p MP4 of the grid is rendered (``render_sweep``), and, for scale, the
same video of 72 panels (each configuration with nine seeds: ``--seeds 9``). Prints one JSON line:
``fps_8_panels`` and ``fps_72_panels`` (frames / render seconds) and ``train_s`` (the 8-configuration sweep).

Run it as ``OPENBLAS_NUM_THREADS=1 python benchmarks/sweep_render.py`` to measure what ``nnwatch sweep``
does (the command sets that before NumPy loads); without it, OpenBLAS's threads make each panel's map slower.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import nnwatch
from nnwatch.spec import Spec
from nnwatch.video.sweep import render_sweep

HIDDEN = ("1", "2", "4", "6", "8", "8,2", "8,4", "8,8")
FEATURES = "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2"
DURATION, FPS, SIZE = 20.0, 30.0, (1280, 720)


def specs(seeds: int = 1):
    base = Spec().with_flat(dataset="spiral", data_seed=0, features=FEATURES, epochs=300)
    return [base.with_flat(hidden=h, seed=k) for h in HIDDEN for k in range(seeds)]


def render_fps(runs, out: Path) -> float:
    start = time.perf_counter()
    render_sweep(runs, out, size=SIZE, fps=FPS, duration=DURATION)
    return DURATION * FPS / (time.perf_counter() - start)


def main() -> None:
    start = time.perf_counter()
    runs = nnwatch.sweep(specs())
    train_s = time.perf_counter() - start
    many = nnwatch.sweep(specs(seeds=9))
    with tempfile.TemporaryDirectory() as tmp:
        fps_8 = render_fps(runs, Path(tmp) / "a.mp4")
        fps_72 = render_fps(many, Path(tmp) / "b.mp4")
    print(json.dumps({"fps_8_panels": round(fps_8, 1), "fps_72_panels": round(fps_72, 1),
                      "train_s": round(train_s, 2), "size": f"{SIZE[0]}x{SIZE[1]}", "frames": int(DURATION * FPS)}))


if __name__ == "__main__":
    main()
