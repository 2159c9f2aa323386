"""Video time -> where in the run: which snapshots, how far between them, and the network tweened there.

Every interval between two snapshots gets the same screen time, unless ``weights`` give each its share (see
``pacing``: by how much the picture changes). Between two snapshots the parameters and metrics are
interpolated, so motion is smooth however few snapshots there are. The video holds still on the first and the
last snapshot for a moment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnwatch.easing import EASINGS, ease
from nnwatch.errors import NNWatchError
from nnwatch.limits import check_limit
from nnwatch.record.snapshot import Snapshot
from nnwatch.script import Beat, Script

__all__ = ["Timeline", "tween", "ease", "MAX_FRAMES"]

MAX_FRAMES = 36_000  # 10 minutes at 60 frames/s
def tween(a: Snapshot, b: Snapshot, alpha: float) -> Snapshot:
    """The network a fraction ``alpha`` of the way from snapshot a to b (params and metrics interpolated)."""
    if alpha <= 0:
        return a
    if alpha >= 1:
        return b
    params = [{k: (1 - alpha) * la[k] + alpha * lb[k] for k in ("w", "b")} for la, lb in zip(a.params, b.params)]

    def mix(x: float, y: float) -> float:
        return (1 - alpha) * x + alpha * y

    return Snapshot(step=round(mix(a.step, b.step)), epoch=mix(a.epoch, b.epoch), params=params,
                    train_loss=mix(a.train_loss, b.train_loss), test_loss=mix(a.test_loss, b.test_loss),
                    train_accuracy=mix(a.train_accuracy, b.train_accuracy),
                    test_accuracy=mix(a.test_accuracy, b.test_accuracy), arch=a.arch)


@dataclass(frozen=True)
class Timeline:
    """``n_snapshots`` spread over ``duration`` seconds at ``fps``, with holds at both ends."""

    n_snapshots: int
    fps: float = 30.0
    duration: float = 20.0
    hold_start: float = 1.0
    hold_end: float = 2.0
    easing: str = "linear"
    weights: tuple[float, ...] | None = None  # each interval's share of the moving time; None: equal shares

    def __post_init__(self):
        if not 1 <= self.fps <= 120:
            raise NNWatchError(f"fps must be 1..120, got {self.fps:g}")
        if self.duration <= 0 or not math.isfinite(self.duration):
            raise NNWatchError(f"duration must be a positive number of seconds, got {self.duration:g}")
        if self.easing not in EASINGS:
            raise NNWatchError(f"unknown easing '{self.easing}'; choose from: {', '.join(EASINGS)}")
        check_limit("frames", self.n_frames, MAX_FRAMES, minimum=1)
        if self.weights is not None and len(self.weights) != max(self.n_snapshots - 1, 0):
            raise ValueError(f"{len(self.weights)} interval weights for {self.n_snapshots} snapshots")

    @property
    def n_frames(self) -> int:
        return max(1, round(self.fps * self.duration))

    def position(self, frame: int) -> float:
        """Fractional snapshot index shown at a frame."""
        return self.position_at(frame / self.fps)

    def position_at(self, t: float) -> float:
        """Fractional snapshot index shown at t seconds into the video."""
        holds = min(self.hold_start + self.hold_end, 0.5 * self.duration)
        start = holds * self.hold_start / max(self.hold_start + self.hold_end, 1e-9)
        moving = max(self.duration - holds, 1.0 / self.fps)
        progress = ease((t - start) / moving, self.easing)
        if self.weights is None:
            return progress * (self.n_snapshots - 1)
        return _position_in(self._ends, progress)

    @property
    def _ends(self) -> np.ndarray:
        """Where each interval ends, as a share of the moving time: 0, w1, w1 + w2, ..., 1."""
        ends = np.concatenate([[0.0], np.cumsum(self.weights)])
        return ends / ends[-1]

    def script(self, frame_at) -> Script:
        """The timeline as a script of frames: one beat on its own clock, ``frame_at(t)`` the Frame at t s."""
        return Script([Beat(self.duration, frame_at, "timeline", frames=self.n_frames, by_time=True)], self.fps)

    def positions(self) -> np.ndarray:
        return np.array([self.position(i) for i in range(self.n_frames)])

    def snapshot_at(self, snapshots: list[Snapshot], position: float) -> Snapshot:
        i = min(int(math.floor(position)), len(snapshots) - 1)
        if i >= len(snapshots) - 1:
            return snapshots[-1]
        return tween(snapshots[i], snapshots[i + 1], position - i)


def _position_in(ends: np.ndarray, progress: float) -> float:
    """The fractional snapshot index at ``progress`` (0..1) of the moving time, interval k lasting
    ends[k + 1] - ends[k] of it."""
    k = int(np.clip(np.searchsorted(ends, progress, side="right") - 1, 0, len(ends) - 2))
    span = ends[k + 1] - ends[k]
    return k + (float(np.clip((progress - ends[k]) / span, 0.0, 1.0)) if span > 0 else 1.0)
