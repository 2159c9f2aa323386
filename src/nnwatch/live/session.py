"""A live session: one browser's network, its training clock, its history, and the messages it obeys.

The Session is plain synchronous code (the server drives it from its event loop): ``apply`` takes a parsed
message and returns the JSON replies; ``tick`` advances training when playing; ``frame`` encodes what the
browser should draw now. Each tick is one compiled call (``Trainer.frame``): the epochs, both losses and every
neuron's map. A tick and its frame take about ``TICK_SECONDS``, however many epochs the speed asks for, so
that the session's own messages (pause) never wait long behind its clock.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import statistics
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

import numpy as np

from nnwatch.data import CLASSIFICATION, Dataset
from nnwatch.data.points import points_dataset
from nnwatch.errors import LimitError, NNWatchError
from nnwatch.live.protocol import (
    Control,
    Edit,
    Hello,
    Points,
    Seek,
    SetSetting,
    Speed,
    encode_frame,
    quantize,
)
from nnwatch.model.mlp import network_inputs, predict
from nnwatch.probes import grid
from nnwatch.spec import Spec, from_flat, to_flat
from nnwatch.training import Trainer

__all__ = ["LIVE_DEFAULTS", "LIVE_KEYS", "SERVER_ONLY_KEYS", "TICK_SECONDS", "LiveLimits", "Session", "fit_to_view"]

# The Playground's opening state.
# "epochs" and "target_loss" are stop conditions here: a million epochs means "until paused".
LIVE_DEFAULTS = {"dataset": "circle", "hidden": "4,2", "activation": "tanh", "lr": "0.03", "batch": "10",
                 "noise": "0", "train_share": "0.5", "epochs": "1000000"}
# Settings that change while training runs, without a reset (the Playground resets on all but lr).
LIVE_KEYS = {"lr", "reg_rate", "batch"}
# Spec keys a page may never set: they name paths on the server's disk, which would let any page read the
# server's files. A page brings its own data as drawn points or an upload.
SERVER_ONLY_KEYS = frozenset({"file"})
MAX_HISTORY = 4000
TICK_SECONDS = 0.05  # what a tick and its frame may take, in seconds (at least one step, however long that is)


def fit_to_view(dataset: Dataset, half_width: float = 5.5) -> Dataset:
    """The live app draws [-6, 6]^2: data in other units (an uploaded CSV) is scaled into it, each column
    linearly, so its points land on the picture. Data already inside is left as it is."""
    from dataclasses import replace

    x_all = np.concatenate([dataset.x_train, dataset.x_test])
    if x_all.size == 0 or np.all(np.abs(x_all) <= 6.0):
        return replace(dataset, domain=((-6.0, 6.0), (-6.0, 6.0)))
    low, high = x_all.min(axis=0), x_all.max(axis=0)
    centre, scale = (low + high) / 2, np.maximum((high - low) / 2, 1e-12) / half_width

    def fit(x):
        return (x - centre) / scale

    return replace(dataset, x_train=fit(dataset.x_train), x_test=fit(dataset.x_test),
                   domain=((-6.0, 6.0), (-6.0, 6.0)),
                   description=dataset.description + " (scaled into [-6, 6] for the live view)")


@dataclass(frozen=True)
class LiveLimits:
    """Caps for one session, set when the server starts (`nnwatch play --max-layers ...`)."""

    max_layers: int = 8
    max_neurons: int = 32
    max_points: int = 5000
    density: int = 50


@dataclass
class Entry:
    """One recorded moment of the history (the timeline slider's positions)."""

    epoch: float
    step: int
    params: list
    metrics: dict


class Session:
    def __init__(self, query: str = "", limits: LiveLimits = LiveLimits()):
        self.id = ""  # set by the server: exports are fetched by it
        self.limits = limits
        self.playing = False
        self.epochs_per_frame = 1
        self.history: list[Entry] = []
        self.position: int | None = None  # a history index while scrubbing; None when live
        self.dirty = True
        self.custom: Dataset | None = None  # drawn or uploaded points, used instead of the spec's dataset
        self.stopped: str | None = None  # why training stopped by itself (a stop condition of the spec)
        self.outbox: list[str] = []  # messages for the page that arose outside its own requests (an upload)
        self.step_costs: list[float] = []  # seconds per step of the last few ticks (empty: not measured yet)
        self.frame_seconds = 0.0  # what the last frame took to make
        self._build(self._spec_from_query(query))

    # -- building -----------------------------------------------------------------------------------------
    def _spec_from_query(self, query: str) -> Spec:
        """The spec a URL describes, with the Playground's opening state for what it leaves out."""
        text = query.lstrip("#?")
        given = dict(parse_qsl(text, keep_blank_values=True))
        for key in given:
            _check_settable(key)
        return from_flat({**{k: v for k, v in LIVE_DEFAULTS.items() if k not in given}, **given})

    def _check_limits(self, spec: Spec) -> None:
        hidden = spec.network.hidden
        if len(hidden) > self.limits.max_layers:
            raise LimitError(f"hidden layers is {len(hidden)}; the limit is {self.limits.max_layers}")
        if hidden and max(hidden) > self.limits.max_neurons:
            raise LimitError(f"neurons per layer is {max(hidden)}; the limit is {self.limits.max_neurons}")
        if spec.data.points and spec.data.points > self.limits.max_points:
            raise LimitError(f"points is {spec.data.points}; the limit is {self.limits.max_points}")

    def _build(self, spec: Spec) -> None:
        """A new trainer for the spec (new data when data settings changed); history starts again."""
        self._check_limits(spec)
        trainer = Trainer(spec, self.custom)
        if trainer.arch.n_raw_inputs != 2:
            raise NNWatchError(f"the live app draws 2-D data; '{trainer.dataset.name}' has "
                               f"{trainer.arch.n_raw_inputs} inputs")
        self.spec, self.trainer = spec, trainer
        self.grid_features = trainer.probe_features(grid(density=self.limits.density).points)
        feats = np.asarray(self.grid_features)
        bound = np.maximum(np.abs(feats).max(axis=0), 1e-9)  # input maps scaled to [-1, 1] for display
        self.feature_maps = quantize((feats / bound).T)  # they never change: quantised once
        ds, arch = trainer.dataset, trainer.arch
        x, y = (ds.x_test, ds.y_test) if len(ds.x_test) else (ds.x_train, ds.y_train)
        # The confusion matrix's inputs, expanded once: only the weights change between frames.
        self.confusion_inputs = (network_inputs(arch, x, arch.dtype), y.astype(np.int64))
        self.history, self.position = [], None
        self.stopped = None
        self.step_costs, self.frame_seconds = [], 0.0  # a new network costs what it costs: measured again
        self._look(0)

    def _look(self, n_steps: int) -> None:
        """Advance n steps and recompute metrics and maps (one compiled call); record the moment."""
        self.metrics, outputs = self.trainer.frame(n_steps, self.grid_features, as_bytes=True)
        self.maps = [self.feature_maps, *outputs]
        self._record()
        self.dirty = True

    def _record(self) -> None:
        self.history.append(Entry(self.trainer.epoch, self.trainer.step, self.trainer.params, dict(self.metrics)))
        if len(self.history) > MAX_HISTORY:  # keep the whole span, at half the resolution
            self.history = self.history[::2]

    # -- messages -------------------------------------------------------------------------------------------
    def apply(self, message) -> list[str]:
        """Obey one validated message; returns JSON replies. Raises NNWatchError for a bad request."""
        if isinstance(message, Hello):
            spec, previous = self._spec_from_query(message.query), self.custom
            self.custom = None
            try:
                self._build(spec)
            except NNWatchError:
                self.custom = previous  # the session keeps training on what it had
                raise
            self.playing = False
            return [self.state_message()]
        if isinstance(message, Points):
            d = self.spec.data
            self.use_data(points_dataset(message.points, message.task, train_share=d.train_share or 0.5,
                                         seed=self.spec.data_seed))
            return [self.state_message()]
        if isinstance(message, SetSetting):
            return self._set(message.key, message.value)
        if isinstance(message, Speed):
            self.epochs_per_frame = message.epochs_per_frame
            return []
        if isinstance(message, Edit):
            return self._edit(message)
        if isinstance(message, Seek):
            return self._seek(message.index)
        if isinstance(message, Control):
            return self._control(message.type)
        raise NNWatchError(f"unhandled message {message!r}")

    def use_data(self, dataset: Dataset) -> None:
        """Train on these points (drawn or uploaded) from now on, with a fresh network."""
        if dataset.n_inputs != 2:
            raise NNWatchError(f"the live app draws 2-D data; '{dataset.name}' has {dataset.n_inputs} inputs")
        if dataset.n_points > self.limits.max_points:
            raise LimitError(f"points is {dataset.n_points}; the limit is {self.limits.max_points}")
        previous = self.custom
        self.custom = dataset
        try:
            self._build(self.spec.with_flat(features="x1,x2") if self.spec.features is None else self.spec)
        except NNWatchError:
            self.custom = previous
            raise
        self.playing = False

    def _set(self, key: str, value: str) -> list[str]:
        _check_settable(key)
        spec = self.spec.with_flat(**{key: value})  # validates the key and the value
        if key == "dataset":
            self.custom = None
        if key in LIVE_KEYS:
            self.spec = spec
            t = spec.training
            self.trainer.learning_rate, self.trainer.regularization_rate = t.learning_rate, t.regularization_rate
            self.trainer.set_batch_size(self.trainer.n_train if t.batch_size == "full" else t.batch_size)
            if key == "batch":
                self.step_costs = []  # a step costs with its batch size
            return [self.state_message()]
        self._build(spec)
        return [self.state_message()]

    def _control(self, kind: str) -> list[str]:
        if kind == "ready":
            return []
        if kind == "play":
            self._resume_from_position()
            self.stopped = None
            self.playing = True
        elif kind == "pause":
            self.playing = False
        elif kind == "step":
            self._resume_from_position()
            self.playing = False
            self._look(self.trainer.steps_per_epoch)
        elif kind == "reset":
            self.playing = False
            self._build(self.spec)
        elif kind == "regenerate":
            self._build(self.spec.with_flat(data_seed=str(random.randrange(2**31))))
        return [self.status_message()] if kind in ("play", "pause", "step") else [self.state_message()]

    def _edit(self, message: Edit) -> list[str]:
        self._resume_from_position()  # an edit of a rewound network goes on from there
        params = self.trainer.params
        if message.layer >= len(params):
            raise NNWatchError(f"edit: layer {message.layer} does not exist (the network has {len(params)})")
        array = params[message.layer][message.param].copy()  # the trainer's copies are read-only views
        params[message.layer][message.param] = array
        index = (message.row, message.col) if message.param == "w" else (message.row,)
        if any(i >= n for i, n in zip(index, array.shape)):
            raise NNWatchError(f"edit: {message.param}{list(index)} is outside layer {message.layer}'s "
                               f"shape {list(array.shape)}")
        array[index] = message.value
        self.trainer.set_params(params)
        self._look(0)
        return []

    def _seek(self, index: int) -> list[str]:
        if index >= len(self.history):
            raise NNWatchError(f"seek: index {index} is past the history's {len(self.history)} entries")
        self.playing = False
        self.position = index
        entry = self.history[index]
        self.trainer.rewind(entry.params, entry.step)
        self.metrics, outputs = self.trainer.frame(0, self.grid_features, as_bytes=True)
        self.maps = [self.feature_maps, *outputs]
        self.dirty = True
        return [self.status_message()]

    def _resume_from_position(self) -> None:
        """Playing after a scrub continues from the shown moment; the later history is dropped."""
        if self.position is not None:
            self.history = self.history[: self.position + 1]
            self.position = None

    # -- the clock ------------------------------------------------------------------------------------------
    def tick(self) -> bool:
        """One server tick: while playing, train epochs_per_frame epochs, or what of them fits in TICK_SECONDS.
        True when there is news to send."""
        if self.playing:
            if self.trainer.status == "diverged":
                self.playing = False
            else:
                steps = self._steps_this_tick()
                started = time.perf_counter()
                self._look(steps)
                spent = time.perf_counter() - started + self.frame_seconds
                self.step_costs = [*self.step_costs[-2:], spent / max(steps, 1)]
                self.stopped = self._stop_reason()
                self.playing = self.stopped is None
        return self.dirty

    def _steps_this_tick(self) -> int:
        """epochs_per_frame epochs (fewer at the spec's end), cut to what fits in TICK_SECONDS at the measured cost
        per step. A tick's cost per step includes its fixed part (losses, maps, the frame), so the count settles
        where the whole tick takes TICK_SECONDS; the measure is the median of the last three ticks, so that one
        tick slowed (or sped) by the rest of the machine does not decide the next."""
        trainer = self.trainer
        left = max(0, self.spec.training.epochs * trainer.steps_per_epoch - trainer.step)
        wanted = min(self.epochs_per_frame * trainer.steps_per_epoch, left)
        return min(wanted, max(1, int(TICK_SECONDS / max(self._step_seconds(), 1e-9))))

    def tick_estimate(self) -> float:
        """About how many seconds the next tick and its frame will take (the server runs short ones in place)."""
        return self._steps_this_tick() * self._step_seconds() if self.playing else self.frame_seconds

    def _step_seconds(self) -> float:
        return statistics.median(self.step_costs) if self.step_costs else self._guess_step_seconds()

    def _guess_step_seconds(self) -> float:
        """A new network's cost per step before its first tick measures it: a fixed part and the multiply-adds
        of a batch (fitted on 2 cores: 8 layers of 32 at batch 1 take about 12 us a step, measured)."""
        sizes = self.trainer.arch.sizes
        weights = sum(a * b for a, b in itertools.pairwise(sizes))
        return 5e-6 + 2e-9 * weights * self.trainer.batch_size

    def _stop_reason(self) -> str | None:
        t = self.spec.training
        if self.trainer.epoch >= t.epochs:
            return f"reached {t.epochs} epochs"
        if t.target_loss is not None and self.metrics["train_loss"] <= t.target_loss:
            return f"training loss reached the target {t.target_loss:g}"
        if self.trainer.status == "diverged":
            return "diverged: the weights became infinite (try a smaller learning rate)"
        return None

    def frame(self) -> bytes:
        """The current picture as a binary frame (see protocol.py)."""
        started = time.perf_counter()
        self.dirty = False
        shown = self.history[self.position] if self.position is not None else None
        header = {"epoch": self.trainer.epoch, "step": self.trainer.step, "playing": self.playing,
                  "status": self.trainer.status, "history": len(self.history),
                  "position": self.position if self.position is not None else len(self.history) - 1,
                  "sizes": list(self.trainer.arch.sizes), "density": self.limits.density,
                  "confusion": self._confusion(shown.params if shown else None),
                  "dead": self._dead_links(), "stopped": self.stopped,
                  **{k: _finite(v) for k, v in self.metrics.items()}}
        params = shown.params if shown else self.trainer.params
        frame = encode_frame(header, params, self.maps)
        self.frame_seconds = time.perf_counter() - started  # part of a tick's cost (see _steps_this_tick)
        return frame

    def _dead_links(self) -> list[list[int]]:
        """[layer, from, to] of every link L1 has killed (the Playground draws them as gone)."""
        if self.spec.training.regularization != "l1":
            return []
        return [[layer, int(i), int(j)] for layer, mask in enumerate(self.trainer.dead_links)
                for i, j in zip(*np.nonzero(mask))]

    def _confusion(self, params=None) -> list[list[int]] | None:
        """Counts of (true class, predicted class) over the test set (the training set if there is none)."""
        ds, arch = self.trainer.dataset, self.trainer.arch
        if ds.task != CLASSIFICATION:
            return None
        feats, y = self.confusion_inputs
        with np.errstate(all="ignore"):
            out = predict(params or self.trainer.params, feats, arch)
        predicted = np.argmax(out, axis=1) if out.ndim == 2 else (out >= (0.0 if arch.output == "tanh" else 0.5))
        k = max(ds.n_classes, 2)
        counts = np.bincount(y * k + predicted.astype(np.int64), minlength=k * k)
        return counts.reshape(k, k).tolist()

    # -- export -----------------------------------------------------------------------------------------------
    def to_run(self):
        """The session's history as a Run (each history entry a Snapshot): for run files and videos."""
        from nnwatch.record.run import Run
        from nnwatch.record.snapshot import Snapshot

        entries = self.history[: self.position + 1] if self.position is not None else self.history
        snapshots = [Snapshot(step=e.step, epoch=e.epoch, params=e.params, arch=self.trainer.arch, **e.metrics)
                     for e in entries]
        spec = self.spec.with_flat(epochs=str(max(1, math.ceil(entries[-1].epoch))))
        return Run(spec=spec, dataset=self.trainer.dataset, arch=self.trainer.arch, snapshots=snapshots)

    def weights_json(self) -> str:
        """The network shown now, as JSON: the spec's URL query, layer sizes, and every layer's w and b."""
        entry = self.history[self.position] if self.position is not None else self.history[-1]
        layers = [{"w": layer["w"].tolist(), "b": layer["b"].tolist()} for layer in entry.params]
        return json.dumps({"query": self.spec.to_query(), "sizes": list(self.trainer.arch.sizes),
                           "features": list(self.trainer.arch.features), "epoch": entry.epoch, "layers": layers})

    # -- descriptions ---------------------------------------------------------------------------------------
    def state_message(self) -> str:
        ds, arch = self.trainer.dataset, self.trainer.arch
        points = {part: np.column_stack([getattr(ds, f"x_{part}"), getattr(ds, f"y_{part}")]).round(4).tolist()
                  for part in ("train", "test")}
        return json.dumps({
            "type": "state", "spec": to_flat(self.spec), "query": self.spec.to_query(), "sizes": list(arch.sizes),
            "features": list(arch.features), "activations": list(arch.activations), "output": arch.output,
            "task": ds.task, "classes": list(ds.classes), "density": self.limits.density, "dataset": points,
            "playing": self.playing, "epochs_per_frame": self.epochs_per_frame,
            "limits": {"max_layers": self.limits.max_layers, "max_neurons": self.limits.max_neurons},
            "session": self.id, "exports": ["run.npz", "weights.json", "video.gif", "video.mp4"],
            "dataset_name": ds.name, "custom": self.custom is not None, "description": ds.description,
            "losses": self._loss_history(),
        })

    def _loss_history(self, most: int = 500) -> list[list[float | None]]:
        """[epoch, train loss, test loss] along the history (at most ``most`` of them), so that a reloaded page
        can draw its loss chart from the start."""
        step = max(1, math.ceil(len(self.history) / most))
        return [[e.epoch, _finite(e.metrics["train_loss"]), _finite(e.metrics["test_loss"])]
                for e in self.history[::step]]

    def status_message(self) -> str:
        return json.dumps({"type": "status", "playing": self.playing, "compiling": False,
                           "diverged": self.trainer.status == "diverged"})


def _check_settable(key: str) -> None:
    if key in SERVER_ONLY_KEYS:
        raise NNWatchError(f"'{key}' names a file on the server and cannot be set from the page; upload the "
                           "file instead")


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
