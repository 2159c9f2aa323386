"""render(): a Run becomes an MP4, a GIF or a folder of PNG frames.

Frames are planned on a Timeline (which snapshot, tweened how far, which example in focus), drawn by a
FrameRenderer and written by a FrameWriter. Long MP4s are split into contiguous segments rendered and encoded
by worker processes at once, then joined without re-encoding: on a 2-core machine that keeps both cores busy
with drawing and encoding, and no frame is copied between processes.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from nnwatch import interrupts
from nnwatch.errors import NNWatchError
from nnwatch.limits import check_limit
from nnwatch.record.run import Run
from nnwatch.script import Script
from nnwatch.video.compose import FrameRenderer, check_size
from nnwatch.video.pacing import check_pacing, interval_weights
from nnwatch.video.timeline import MAX_FRAMES, Timeline
from nnwatch.video.files import concat_mp4
from nnwatch.video.writers import Mp4Writer, open_writer
from nnwatch.views import VIEWS, Frame, Scene, check_options
from nnwatch.views.style import palette as palette_named

__all__ = ["RenderOptions", "render", "check_render", "DEFAULT_LAYOUT", "plan_frame", "Plan", "TimelinePlan",
           "default_size", "default_fps", "default_duration", "check_views", "needs_training"]

DEFAULT_LAYOUT = ("network", "boundary", "metrics")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderOptions:
    """Everything about a video except the run. Picklable: worker processes get a copy."""

    layout: tuple[str, ...] = DEFAULT_LAYOUT
    size: tuple[int, int] = (1280, 720)
    fps: float = 30.0
    duration: float = 20.0
    per_snapshot: float | None = None  # seconds each snapshot gets; sets the duration when given
    palette: str = "playground"
    discretize: bool = False
    show_test: bool = True
    show_values: bool = False
    example_every: float = 2.0  # seconds each example stays in focus (network discs, sample view)
    easing: str = "linear"
    pacing: str = "change"  # screen time by how much the picture changes, or "even" per snapshot (video.pacing)
    writer: dict = field(default_factory=dict)  # options for the FrameWriter (crf, preset, ...)
    # Each view's options by view name, {"depth": {"readout": "probe"}}: plain mappings, so that the job travels
    # to worker processes as JSON; the views read them through their options classes (views.options).
    view_options: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {**data, "view_options": {name: _plain(given) for name, given in self.view_options.items()}}

    @classmethod
    def from_json(cls, data: dict) -> "RenderOptions":
        return cls(**{**data, "layout": tuple(data["layout"]), "size": tuple(data["size"])})

    def timeline(self, n_snapshots: int, weights: tuple[float, ...] | None = None) -> Timeline:
        duration = self.duration
        if self.per_snapshot is not None:
            if not (self.per_snapshot > 0 and math.isfinite(self.per_snapshot)):
                raise NNWatchError(f"seconds per snapshot must be positive, got {self.per_snapshot:g}")
            start, end = Timeline.hold_start, Timeline.hold_end
            duration = start + end + self.per_snapshot * max(n_snapshots - 1, 1)
        return Timeline(n_snapshots, fps=self.fps, duration=duration, easing=self.easing, weights=weights)

    def scene(self, run: Run) -> Scene:
        from nnwatch.views.style import Theme

        return Scene(run, palette=palette_named(self.palette), theme=Theme(height_px=self.size[1]),
                     show_test=self.show_test, discretize=self.discretize, show_values=self.show_values,
                     options=dict(self.view_options))


def _plain(options):
    """A view's options as a plain mapping (an options object given from Python becomes its fields)."""
    import dataclasses

    return dataclasses.asdict(options) if dataclasses.is_dataclass(options) else options


def plan_frame(run: Run, timeline: Timeline, options: RenderOptions, index: int) -> Frame:
    """What frame ``index`` shows: the tweened snapshot, and the example in focus."""
    frame = frame_at(run, timeline, options, index / timeline.fps)
    frame.time = index / timeline.fps
    return frame


def frame_at(run: Run, timeline: Timeline, options: RenderOptions, t: float) -> Frame:
    """What shows ``t`` seconds into the default timeline's video."""
    position = timeline.position_at(t)
    return Frame(snapshot=timeline.snapshot_at(run.snapshots, position), position=position, time=t,
                 example=int(t // options.example_every) if options.example_every > 0 else 0)


def check_views(run: Run, layout: Sequence[str], **settings) -> None:
    """Raise the one-line error a view gives for this run (inputs not 2-D, a neuron out of range, too few
    layers for a depth readout), quickly: the views are laid out on a small figure and nothing is drawn. A run
    holding only its initial weights is enough, so the CLI checks before it trains."""
    options = RenderOptions(layout=check_layout(layout), **settings)
    check_options(options.layout, options.view_options)
    FrameRenderer(options.scene(run), options.layout, (320, 180))


def needs_training(layout: Sequence[str]) -> bool:
    """Whether a video of these views shows a trained run. A view that draws fixed facts (the perceptron, the
    activations, a matrix moving the plane, the caption's words) says so with ``needs_training = False``; a
    layout of only such views is rendered from the untrained network, which nothing in it shows."""
    return any(VIEWS[name].needs_training for name in check_layout(layout))


def check_layout(layout: Sequence[str]) -> tuple[str, ...]:
    from nnwatch.errors import unknown

    names = tuple(name.strip() for name in layout if name.strip())
    if not names:
        raise NNWatchError(f"the layout names no view; choose from: {', '.join(VIEWS)}")
    for name in names:
        if name not in VIEWS:
            raise unknown("view", name, VIEWS, NNWatchError)
    return names


def render(run: Run | str | os.PathLike, path: str | os.PathLike, *, layout: Sequence[str] = DEFAULT_LAYOUT,
           size: tuple[int, int] | None = None, fps: float | None = None, duration: float | None = None,
           workers: int | None = None, progress: Progress | None = None, plan: Plan | None = None,
           **settings) -> Path:
    """Render ``run`` (a Run, or a run file's path) to ``path`` (.mp4, .gif, or a folder for PNG frames).

    ``settings`` are further RenderOptions fields (palette, discretize, show_test, show_values,
    example_every, easing, writer, view_options: each view's options by view name, e.g. ``{"transform":
    {"neurons": "0,2"}}``, checked against the views' options classes). ``workers`` None chooses: worker
    processes for MP4s long enough to repay starting them, else one process. ``plan`` replaces the default
    timeline with your own sequence of Frames (a lesson's script); ``duration`` is then ignored and the plan is
    rendered in one process.
    ``size``, ``fps`` and ``duration`` left out take the target's defaults (1280x720, 30 fps, 20 s; a GIF
    800x450, 10 fps, 12 s).
    """
    if not isinstance(run, Run):
        run = Run.load(run)  # a run file's path
    job = _prepare(run, path, len(run), layout=layout, size=size, fps=fps, duration=duration, workers=workers,
                   plan=plan, settings=settings)
    if job.plan is None:
        return _render_parallel(run, job.options, job.timeline, Path(job.writer.path), job.workers, progress)
    with job.writer:
        _render_frames(run, job.options, job.plan, range(len(job.plan)), job.writer, progress)
    return Path(job.writer.path)


def check_render(run: Run | None, path: str | os.PathLike, *, snapshots: int | None = None,
                 layout: Sequence[str] = DEFAULT_LAYOUT, size: tuple[int, int] | None = None,
                 fps: float | None = None, duration: float | None = None, workers: int | None = None,
                 plan: Plan | None = None,
                 **settings) -> None:
    """Raise the one-line error ``render`` would give for these arguments, without drawing or writing anything.

    The command line calls it before training, so that a bad size, frame rate, duration, palette, view or
    target fails at once: with ``run`` None for the checks that need no network, then with the untrained
    network (its initial weights are enough for the views), ``snapshots`` saying how many the trained run
    will hold (the length of a ``per_snapshot`` video depends on it).
    """
    _prepare(run, path, snapshots or (len(run) if run is not None else 1), layout=layout, size=size, fps=fps,
             duration=duration, workers=workers, plan=plan, settings=settings)


@dataclass(frozen=True)
class _Job:
    """A checked render: its options and writer (not yet opened), and the frames to draw in this process, or
    (``plan`` None) the timeline and number of worker processes to split it over."""

    options: RenderOptions
    writer: object
    plan: Plan | None
    timeline: Timeline | None = None
    workers: int = 1


def _prepare(run: Run | None, path, n_snapshots: int, *, layout, size, fps, duration, workers, plan,
             settings: dict) -> _Job:
    """Every check of a render, in the order a user fixes them (``run`` None: those that need no network)."""
    size = default_size(path) if size is None else size
    fps = default_fps(path) if fps is None else fps
    duration = default_duration(path) if duration is None else duration
    options = RenderOptions(layout=check_layout(layout), size=check_size(tuple(size)), fps=fps, duration=duration,
                            **settings)
    check_options(options.layout, options.view_options)  # a misspelt option fails here, before any training
    _check_workers(workers)
    writer = open_writer(path, options.fps, options.size, **_encoder_defaults(path, options.writer))
    palette_named(options.palette)
    check_pacing(options.pacing)
    # The timeline checks the duration (or seconds per snapshot), easing and frame limit, even when a view's
    # or the caller's own plan will set the frames instead: a bad value is an error either way.
    timeline = options.timeline(n_snapshots)
    if run is None:
        return _Job(options, writer, plan)
    FrameRenderer(options.scene(run), options.layout, (320, 180))  # checks the views fit this run, quickly
    if plan is None:
        plan = _view_plan(run, options)
    if plan is None:
        count = _worker_count(workers, writer, timeline.n_frames)
        if count > 1:
            return _Job(options, writer, None, timeline, count)
        plan = TimelinePlan(run, options)
    check_limit("frames", len(plan), MAX_FRAMES, minimum=1)
    return _Job(options, writer, plan)


def _check_workers(workers) -> None:
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, numbers.Integral)
                                or workers < 1):
        raise NNWatchError(f"workers must be a whole number of at least 1, got {workers}")


def _view_plan(run: Run, options: RenderOptions) -> Plan | None:
    """The first view in the layout that scripts its own frames (transform: stages, depth: layers) leads."""
    for name in options.layout:
        plan = VIEWS[name].plan_for(run, options)
        if plan is not None:
            return plan
    return None


def _encoder_defaults(path, given: dict) -> dict:
    """One x264 thread on a 2-core machine: the frames are drawn on one core while the other encodes, and
    x264's own thread pool would only take turns with the drawing (measured: 65 against 53 frames/s at 720p)."""
    if str(path).lower().endswith(".mp4") and (os.cpu_count() or 1) <= 2:
        return {"threads": 1, **given}
    return dict(given)


def _worker_count(workers: int | None, writer, n_frames: int) -> int:
    if not isinstance(writer, Mp4Writer):
        return 1
    if workers is not None:
        return max(1, min(int(workers), 8, n_frames))
    # Measured on 2 cores (benchmarks/render_video.py): one process drawing while its encoder thread encodes
    # already keeps both cores busy and beats two workers (55 against 45 frames/s at 720p). Workers pay off
    # with more cores, and only for videos long enough to repay starting them (about a second each).
    cores = os.cpu_count() or 1
    return min(cores // 2, 4) if cores >= 4 and n_frames >= 180 else 1


class Plan(Protocol):
    """A script of frames: how many, and what frame ``index`` shows (``nnwatch.script.Script`` is the one
    every plan in nnwatch is; any sequence of Frames will do)."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Frame: ...


class TimelinePlan(Script):
    """The default script: the run's snapshots spread over the video's duration, examples cycling (one beat
    on the timeline's clock)."""

    def __init__(self, run: Run, options: RenderOptions):
        self.run, self.options = run, options
        self.timeline = options.timeline(len(run), interval_weights(run, options.pacing))
        script = self.timeline.script(lambda t: frame_at(run, self.timeline, options, t))
        super().__init__(script.beats, script.fps)


def _render_frames(run: Run, options: RenderOptions, plan: Plan, frames: range, writer,
                   progress: Progress | None, report_every: int = 1) -> None:
    with one_blas_thread():
        renderer = FrameRenderer(options.scene(run), options.layout, options.size)
        for done, index in enumerate(frames, start=1):
            writer.write(renderer.render(plan[index]))
            if progress and (done % report_every == 0 or done == len(frames)):
                progress(done, len(frames))


def one_blas_thread():
    """A context running NumPy's BLAS on one thread. A frame's probes multiply small matrices (a 100x100 grid
    through 8 neurons), for which a BLAS thread pool costs more than the arithmetic and takes the encoder's
    core: measured on 2 cores, the default 720p video drew 68 frames/s with OpenBLAS's threads, 100 without."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _render_range(run: Run, options: RenderOptions, frames: range, writer, progress: Progress | None,
                  report_every: int = 1) -> None:
    _render_frames(run, options, TimelinePlan(run, options), frames, writer, progress, report_every)


def _render_parallel(run: Run, options: RenderOptions, timeline: Timeline, target: Path, count: int,
                     progress: Progress | None) -> Path:
    """Render contiguous segments in worker processes and join them.

    Workers are fresh interpreters (``python -m nnwatch.video.worker``) reading the run from a run file and
    the job from JSON: nothing is pickled, and the caller's script is never re-imported, so ``render`` works
    from any script or notebook.
    """
    n = timeline.n_frames
    bounds = [round(k * n / count) for k in range(count + 1)]
    work_dir = Path(tempfile.mkdtemp(prefix=".nnwatch-segments-", dir=target.parent))
    segments = [work_dir / f"part{k}.mp4" for k in range(count)]
    procs: list[subprocess.Popen] = []
    try:
        run_file = run.save(work_dir / "run.npz")
        # One encoder thread per worker: the workers already share the cores.
        job = {**options.to_json(), "writer": {"threads": 1, **options.writer}}
        for k in range(count):
            spec = {"run": str(run_file), "options": job, "start": bounds[k], "stop": bounds[k + 1],
                    "segment": str(segments[k])}
            procs.append(subprocess.Popen([sys.executable, "-m", "nnwatch.video.worker", json.dumps(spec)],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        _collect(procs, n, progress)
        return concat_mp4(segments, target)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        shutil.rmtree(work_dir, ignore_errors=True)


def _collect(procs: list[subprocess.Popen], total: int, progress: Progress | None) -> None:
    """Follow the workers' progress lines until all end; a failed worker's last line becomes the error."""
    done_by = [0] * len(procs)
    lines: queue.Queue = queue.Queue()
    readers = [threading.Thread(target=_read_lines, args=(k, proc.stdout, lines), daemon=True)
               for k, proc in enumerate(procs)]
    for reader in readers:
        reader.start()
    running = len(procs)
    while running:
        # Not a bare get(): a Ctrl-C or SIGTERM only sets a flag, and this loop must look at it while waiting.
        interrupts.check()
        try:
            worker, line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            running -= 1
            continue
        done_by[worker] = int(line)
        if progress:
            progress(sum(done_by), total)
    interrupts.check()  # a terminal's Ctrl-C reaches the workers too: their failure is then no error of ours
    for proc in procs:
        if proc.wait() != 0:
            message = (proc.stderr.read().strip().splitlines() or ["a render worker failed"])[-1]
            raise (NNWatchError if proc.returncode == 2 else RuntimeError)(message)


def _read_lines(worker: int, stream, lines: queue.Queue) -> None:
    for line in stream:
        if line.strip().isdigit():
            lines.put((worker, line.strip()))
    lines.put((worker, None))


# A GIF is for a README or a slide: big enough to read, few enough frames to stay under a few megabytes.
# Measured on the README's `nnwatch render --dataset circle --hidden 4,2 -o circle.gif` (benchmarks/gif_size.py).
GIF_DEFAULTS = {"size": (800, 450), "fps": 10.0, "duration": 12.0}
VIDEO_DEFAULTS = {"size": (1280, 720), "fps": 30.0, "duration": 20.0}


def _defaults(path) -> dict:
    return GIF_DEFAULTS if str(path).lower().endswith(".gif") else VIDEO_DEFAULTS


def default_size(path: str | os.PathLike) -> tuple[int, int]:
    """720p for MP4 and PNG frames; 800x450 for GIF, which grows large fast."""
    return _defaults(path)["size"]


def default_fps(path: str | os.PathLike) -> float:
    """30 frames a second; 10 for GIF."""
    return _defaults(path)["fps"]


def default_duration(path: str | os.PathLike) -> float:
    """20 s of video; 12 s for GIF."""
    return _defaults(path)["duration"]
