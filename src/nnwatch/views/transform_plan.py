"""What the transform view is asked for (its options) and the video it leads (its plan).

Options come from ``scene.options["transform"]`` (``RenderOptions.view_options["transform"]``, filled by
``nnwatch render --projection ... --neurons ... --direct --over ... --untrained``) and are checked by
``views.options``, before any training when they come from the command line. The plan is the script of
frames ``render`` uses when the transform view comes first in the layout: the stage clock walked at a steady
pace, or the training replayed at one stage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from nnwatch.easing import ramp
from nnwatch.errors import NNWatchError
from nnwatch.probes.transform import check_projection, stage_count
from nnwatch.record.snapshot import Snapshot
from nnwatch.script import Beat, Script
from nnwatch.views.base import Frame

__all__ = ["TransformOptions", "TransformPlan", "parse_neurons", "default_position", "OVER"]

OVER = ("stages", "training")


@dataclass(frozen=True)
class TransformOptions:
    """The transform view's options (read by ``views.options.options_of``; see ``views.transform``)."""

    projection: str | None = None  # None: "neurons" when neurons are given, else "pca"
    neurons: tuple[int, ...] | None = field(default=None, metadata={"parse": lambda value: parse_neurons(value)})
    direct: bool = False
    over: str = "stages"
    untrained: bool = False
    stage: float | None = None
    lines: int = 41
    stage_seconds: float = 1.5

    def __post_init__(self):
        if self.projection is None:
            object.__setattr__(self, "projection", "neurons" if self.neurons else "pca")
        if self.over not in OVER:
            raise NNWatchError(f"unknown transform 'over' '{self.over}'; choose from: {', '.join(OVER)}")
        if not 2 <= self.lines <= 201:
            raise NNWatchError(f"grid lines must be 2..201, got {self.lines}")
        if not 0.1 <= self.stage_seconds <= 60:
            raise NNWatchError(f"seconds per stage must be 0.1..60, got {self.stage_seconds:g}")
        if self.neurons and self.projection != "neurons":
            raise NNWatchError(f"neurons are chosen for the 'neurons' projection, not '{self.projection}'")
        if self.over == "training" and self.untrained:
            raise NNWatchError("untrained shows the random weights only; over 'training' needs the whole run")
        object.__setattr__(self, "projection", check_projection(self.projection))


def parse_neurons(value) -> tuple[int, ...] | None:
    """'0,2' or [0, 2] -> (0, 2); None stays None."""
    if value is None or value == "":
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        neurons = tuple(int(str(p).strip()) for p in parts)
    except ValueError:
        raise NNWatchError(f"neurons must be indices separated by commas, e.g. 0,2; got '{value}'") from None
    if len(neurons) not in (2, 3) or len(set(neurons)) != len(neurons) or min(neurons) < 0:
        raise NNWatchError(f"choose 2 or 3 different neurons (from 0) to look through, got "
                           f"{','.join(map(str, neurons))}")
    return neurons


def default_position(arch, direct: bool = False) -> float:
    """Where a still or a training video looks: the last hidden layer's output (the picture the output layer
    has to separate), or the output when there is no hidden layer (or in a direct walk)."""
    n = stage_count(arch, direct)
    return float(n if direct or arch.n_layers == 1 else n - 3)


class TransformPlan(Script):
    """The video ``nnwatch render --layout transform`` makes: the stages one after another for one snapshot
    (a beat of ``stage_seconds`` each, eased, with a short pause; holds of 1 s and 2 s at the ends), or with
    ``over="training"`` the network at one stage position as it trains (one beat on its own clock: snapshots
    spread over the duration, tweened, as the default timeline does)."""

    HOLD_START, HOLD_END, PAUSE = 1.0, 2.0, 0.25  # PAUSE: the share of a stage spent still after moving

    def __init__(self, run, options: TransformOptions, fps: float = 30.0, duration: float = 20.0):
        if not 1 <= fps <= 120:
            raise NNWatchError(f"fps must be 1..120, got {fps:g}")
        self.run, self.options = run, options
        self.index = 0 if options.untrained else len(run) - 1
        self.n_stages = stage_count(run.arch, options.direct)
        self.stage_seconds = options.stage_seconds * (2.0 if options.direct else 1.0)
        if options.over == "training":
            beats = [Beat(duration, self._training_frame, "training", frames=max(1, round(duration * fps)),
                          by_time=True)]
        else:
            beats = ([self._stage_beat(self.HOLD_START, lambda u: 0.0, "hold")]
                     + [self._stage_beat(self.stage_seconds, self._moving(k), "stage") for k in range(self.n_stages)]
                     + [self._stage_beat(self.HOLD_END, lambda u: float(self.n_stages), "hold")])
        super().__init__(beats, fps)
        self.duration = len(self) / self.fps

    def _moving(self, stage: int):
        """Stage ``stage``'s clock through its beat: eased from k to k + 1, then still for the PAUSE."""
        return lambda u: stage + ramp(u, 0.0, 1.0 - self.PAUSE)

    def _stage_beat(self, seconds: float, clock, kind: str) -> Beat:
        snapshot = self.run.snapshots[self.index]
        return Beat(seconds, lambda u: Frame(snapshot=snapshot, position=float(self.index),
                                             extra={"transform": clock(u)}), kind)

    def _training_frame(self, t: float) -> Frame:
        position, snapshot = self._training_at(t)
        stage = self.options.stage if self.options.stage is not None else \
            default_position(self.run.arch, self.options.direct)
        return Frame(snapshot=snapshot, position=position, extra={"transform": stage})

    def _training_at(self, t: float) -> tuple[float, Snapshot]:
        """Snapshots spread evenly over the video between holds, tweened between neighbours."""
        snaps = self.run.snapshots
        duration = self.duration
        start, end = min(self.HOLD_START, duration / 4), min(self.HOLD_END, duration / 4)
        progress = min(max((t - start) / max(duration - start - end, 1e-9), 0.0), 1.0)
        position = progress * (len(snaps) - 1)
        i = min(int(math.floor(position)), len(snaps) - 1)
        if i >= len(snaps) - 1:
            return position, snaps[-1]
        if position == i:  # the same object during holds: the view keeps its cached walk
            return position, snaps[i]
        return position, _tween(snaps[i], snaps[i + 1], position - i)


def _tween(a: Snapshot, b: Snapshot, alpha: float) -> Snapshot:
    """The params a fraction ``alpha`` from a to b (metrics from the nearer one). The video package has its
    own tween, but views sit below it and may not import it."""
    params = [{k: (1 - alpha) * la[k] + alpha * lb[k] for k in ("w", "b")} for la, lb in zip(a.params, b.params)]
    near = a if alpha < 0.5 else b
    return replace(near, params=params, step=round((1 - alpha) * a.step + alpha * b.step),
                   epoch=(1 - alpha) * a.epoch + alpha * b.epoch)
