"""A live session: one browser's network, its training clock, its history, and the messages it obeys.

The Session is plain synchronous code (the server drives it from its event loop): ``apply`` takes a parsed
message and returns the JSON replies; ``tick`` advances training when playing; ``frame`` encodes what the
browser should draw now. Each tick is one compiled call (``LiveTrainer.frame``): the epochs, both losses and
every neuron's map. A tick and its frame take about ``TICK_SECONDS``, however many epochs the speed asks for, so
that the session's own messages (pause) never wait long behind its clock.

Every recorded moment is a Snapshot (``history.py``); what a frame shows beyond the maps (the confusion matrix,
the links L1 killed) the probes read from the Snapshot shown. The trainer comes from the ``make_trainer`` the
server was given (``trainer.py``): live never imports the training code.

A new network is drawn first from NumPy (``first_frame.py``: its initial weights and their epoch-0 frame, with
no JAX loaded). With ``build_behind`` (the server's sessions) its compiled trainer is built on a thread of its own
meanwhile and takes over once ready; until then the epoch stays 0, play starts when it is ready, and a step, an
edit or a seek waits for it. Without ``build_behind`` the trainer is built at once, as the network is.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import statistics
import time

import numpy as np

from nnwatch.catalog import clamp_to_scale
from nnwatch.data import CLASSIFICATION, Dataset
from nnwatch.data.points import points_dataset
from nnwatch.errors import LimitError, NNWatchError
from nnwatch.live.first_frame import Build, Builder, FirstNetwork
from nnwatch.live.history import History, finite
from nnwatch.live.playground_link import Link
from nnwatch.live.playground_link import translate as translate_link
from nnwatch.live.protocol import (
    Control,
    Edit,
    Hello,
    Points,
    Seek,
    SetSetting,
    Speed,
    encode_frame,
    error_message,
    quantize,
)
from nnwatch.live.settings import (
    LIVE_DEFAULTS,
    LIVE_KEYS,
    SERVER_ONLY_KEYS,
    LiveLimits,
    check_limits,
    check_settable,
    fit_to_view,
    map_stride,
    output_density,
    spec_from_query,
)
from nnwatch.live.trainer import DIVERGED, LiveTrainer, MakeTrainer
from nnwatch.probes import grid
from nnwatch.probes.confusion import confusion_matrix
from nnwatch.probes.links import dead_links
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec, to_flat

__all__ = ["LIVE_DEFAULTS", "LIVE_KEYS", "SERVER_ONLY_KEYS", "TICK_SECONDS", "LiveLimits", "Session", "fit_to_view"]

METRICS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")  # a Snapshot's, sent in every frame
TICK_SECONDS = 0.05  # what a tick and its frame may take, in seconds (at least one step, however long that is)
# A playing session says 'compiling' once its trainer has been building this long (seconds): a warmed network's
# takes less, not worth a word; and by then the server has sent its own replies to the change (their last says
# 'compiling': false), so the page hears the session's word after them.
SAY_COMPILING_AFTER = 0.1


def new_seed() -> str:
    """A fresh seed for reset (weights) or regenerate (data), written into the spec and so into the URL."""
    return str(random.randrange(2**31))


class Session:
    trainer: LiveTrainer | FirstNetwork  # the NumPy start stands in until the compiled trainer is built

    def __init__(self, query: str = "", limits: LiveLimits = LiveLimits(), *, make_trainer: MakeTrainer,
                 on_build=None, build_behind: bool = False):
        self.id = ""  # set by the server: exports are fetched by it
        self.on_build = on_build  # on_build(spec, custom data) after each new network (the server's Warmer)
        self.limits = limits
        self.make_trainer = make_trainer
        self.build_behind = build_behind  # compiled trainers built on a thread while the first picture shows
        self.builder = Builder()
        self.building: Build | None = None  # the trainer being built while a FirstNetwork stands in for it
        self.said_compiling = False  # a status said so: the page hears when it is over
        self.playing = False
        self.epochs_per_frame = 1
        self.history = History()
        self.dirty = True
        self.custom: Dataset | None = None  # drawn or uploaded points, used instead of the spec's dataset
        self.stopped: str | None = None  # why training stopped by itself (a stop condition of the spec)
        self.outbox: list[str] = []  # messages for the page that arose outside its own requests (an upload)
        self.step_costs: list[float] = []  # seconds per step of the last few ticks (empty: not measured yet)
        self.frame_seconds = 0.0  # what the last frame took to make
        self.epoch_origin = (0.0, 0)  # (epoch, step) the epoch counts from: a batch change keeps the epoch
        d = limits.density
        # The network is probed on the output heatmap's fine grid, whose every second point is the neuron maps'
        # grid (settings.output_density): one compiled call gives both.
        self.output_density, self.stride = output_density(d), map_stride(d)
        self.probe_points = grid(density=self.output_density).points
        self._build(spec_from_query(query))

    @property
    def position(self) -> int | None:
        """The history index shown while scrubbing; None when live."""
        return self.history.position

    # -- building -----------------------------------------------------------------------------------------
    def _build(self, spec: Spec) -> None:
        """A new network for the spec (new data when data settings changed); history starts again. It is drawn
        from its NumPy start; its trainer is built behind it or, without ``build_behind``, at once."""
        check_limits(spec, self.limits)
        first = FirstNetwork(spec, self.custom)  # the spec's own errors, as the trainer would say them
        if first.arch.n_raw_inputs != 2:
            raise NNWatchError(f"the live app draws 2-D data; '{first.dataset.name}' has "
                               f"{first.arch.n_raw_inputs} inputs")
        behind = self.build_behind and first.vouched
        under_way = self.building
        build = self._build_for(spec, first, behind)
        if not behind:
            build.run()
            if build.exception:
                raise build.exception
        self.spec, self.trainer, self.building = spec, first, build
        self.grid_features = first.probe_features(self.probe_points)
        d, fine, k = self.limits.density, self.output_density, self.stride
        coarse = np.asarray(self.grid_features).reshape(fine, fine, -1)[::k, ::k]
        # Input maps on the colour scale's range, clamped as the catalog's thumbnails (one rule); quantised once.
        self.feature_maps = quantize(clamp_to_scale(coarse.reshape(d * d, -1)).T)
        ds = first.dataset
        # The confusion matrix's points: the test set, or the training set if there is none.
        self.confusion_data = (ds.x_test, ds.y_test) if len(ds.x_test) else (ds.x_train, ds.y_train)
        self.history = History()
        self.epoch_origin = (0.0, 0)
        self.stopped = None
        self.step_costs, self.frame_seconds = [], 0.0  # a new network costs what it costs: measured again
        if behind:
            if build is not under_way:
                self.builder.submit(build)
        else:
            self._adopt()
        self._look(0)
        if self.on_build and not behind:
            self.on_build(spec, self.custom)

    def _build_for(self, spec: Spec, first: FirstNetwork, behind: bool) -> Build:
        """The build of this network's trainer: the one already under way for the same spec and data (the page's
        hello after the session's opening network), or a new one."""
        key = (spec.to_query(), id(self.custom))
        if behind and self.building is not None and self.building.key == key and self.building.error is None:
            return self.building
        custom = self.custom

        def make():
            trainer = self.make_trainer(spec, first.dataset)
            features = trainer.probe_features(self.probe_points)
            trainer.frame(0, features, as_bytes=True)  # compiled (or read from the cache) here, not in a tick
            return trainer, features

        def done(build: Build) -> None:  # on the builder's thread: tell the clock, and warm what comes next
            if build is self.building:
                self.dirty = True
                if self.on_build and build.error is None:
                    self.on_build(spec, custom)

        return Build(key, make, done if behind else None)

    def _adopt(self, wait: bool = False) -> bool:
        """Whether the compiled trainer is in place: it takes over from the NumPy start once built (``wait``:
        waiting for it), with the settings changed meanwhile. A build that failed says so once, and the session
        stays on the picture it has (waiting for it raises)."""
        build = self.building
        if build is None:
            return True
        if not (build.ready.wait() if wait else build.ready.is_set()):
            return False
        if build.error:
            self.playing, self.stopped = False, build.error
            if not build.reported:
                build.reported, self.dirty = True, True
                self.outbox.append(error_message(build.error))
            if wait:
                raise NNWatchError(build.error)
            return False
        first, trainer = self.trainer, build.trainer
        trainer.learning_rate, trainer.regularization_rate = first.learning_rate, first.regularization_rate
        if trainer.batch_size != first.batch_size:
            trainer.set_batch_size(first.batch_size)
        self.trainer, self.grid_features, self.building = trainer, build.features, None
        if self.history and not first.starts_as(trainer):  # a trainer that starts elsewhere shows its own start
            self.history = History()
            self._look(0)
        if self.said_compiling:
            self.said_compiling = False
            self.outbox.append(self.status_message())
        return True

    def _look(self, n_steps: int) -> None:
        """Advance n steps and recompute metrics and maps (one compiled call); record the moment."""
        self._measure(n_steps)
        t = self.trainer
        self.history.record(Snapshot(step=t.step, epoch=self.epoch, params=t.params, arch=t.arch, **self.metrics))

    @property
    def epoch(self) -> float:
        """Epochs trained: counted from ``epoch_origin`` at the batch size in use since then. The trainer counts
        its steps at today's batch size, which would rewrite the past epochs when the batch size changes."""
        epoch, step = self.epoch_origin
        return epoch + (self.trainer.step - step) / self.trainer.steps_per_epoch

    def _measure(self, n_steps: int) -> None:
        self.metrics, outputs = self.trainer.frame(n_steps, self.grid_features, as_bytes=True)
        fine, k = self.output_density, self.stride
        coarse = [o.reshape(len(o), fine, fine)[:, ::k, ::k].reshape(len(o), -1) for o in outputs]
        # Every neuron's map on the coarse grid, then the output layer's again on the fine one (the heatmap).
        self.maps = [self.feature_maps, *coarse, outputs[-1]]
        self.dirty = True

    # -- messages -------------------------------------------------------------------------------------------
    def apply(self, message) -> list[str]:
        """Obey one validated message; returns JSON replies. Raises NNWatchError for a bad request."""
        if isinstance(message, Hello):
            link = translate_link(message.query, message.page)  # a pasted Playground link: nnwatch's keys
            spec, previous = spec_from_query(link.query), self.custom
            self.custom = None
            try:
                self._build(spec)
            except NNWatchError:
                self.custom = previous  # the session keeps training on what it had
                raise
            self.playing = False
            return [self.state_message(link if link.from_playground else None)]
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
        check_settable(key)
        spec = self.spec.with_flat(**{key: value})  # validates the key and the value
        if key == "dataset":
            self.custom = None
        if key in LIVE_KEYS:
            self.spec = spec
            t = spec.training
            self.trainer.learning_rate, self.trainer.regularization_rate = t.learning_rate, t.regularization_rate
            self.epoch_origin = (self.epoch, self.trainer.step)  # the epochs so far stay as they were counted
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
            self._adopt(wait=True)
            self._resume_from_position()
            self.playing = False
            self._look(self.trainer.steps_per_epoch)
        elif kind == "reset":  # new initial weights on the same data: the seed changes, the data's stays
            self.playing = False
            self._build(self.spec.with_flat(seed=new_seed(), data_seed=str(self.spec.data_seed)))
        elif kind == "regenerate":  # new data, the same initial weights
            self._build(self.spec.with_flat(data_seed=new_seed()))
        return [self.status_message()] if kind in ("play", "pause", "step") else [self.state_message()]

    def _edit(self, message: Edit) -> list[str]:
        self._adopt(wait=True)
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
        self._adopt(wait=True)
        shown = self.history.seek(index)
        self.playing = False
        # The links L1 had killed by then stay dead when training goes on from there.
        self.trainer.rewind(shown.params, shown.step, dead=self._dead(shown))
        self.epoch_origin = (shown.epoch, shown.step)
        self._measure(0)  # the maps of the moment shown
        return [self.status_message()]

    def _resume_from_position(self) -> None:
        """Playing after a scrub continues from the shown moment; the later history is dropped."""
        self.history.resume()

    # -- the clock ------------------------------------------------------------------------------------------
    def tick(self) -> bool:
        """One server tick: while playing, train epochs_per_frame epochs, or what of them fits in TICK_SECONDS.
        True when there is news to send."""
        if self.building is not None:
            # The picture stays the NumPy start, at epoch 0, until the trainer is built; the tick that adopts it
            # trains nothing, so that the next measures what a tick costs.
            building = self.building
            if not self._adopt() and self.playing and not self.said_compiling and not building.error \
                    and time.monotonic() - building.started > SAY_COMPILING_AFTER:
                self.outbox.append(self.status_message())
            return self.dirty
        if self.playing:
            if self.trainer.status == DIVERGED:
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
        left = max(0, math.ceil((self.spec.training.epochs - self.epoch) * trainer.steps_per_epoch - 1e-9))
        wanted = min(self.epochs_per_frame * trainer.steps_per_epoch, left)
        return min(wanted, max(1, int(TICK_SECONDS / max(self._step_seconds(), 1e-9))))

    def tick_estimate(self) -> float:
        """About how many seconds the next tick and its frame will take (the server runs short ones in place)."""
        if self.building is not None and self.building.ready.is_set():
            return math.inf  # taking the trainer over may compile (a batch size outgrown meanwhile): not in place
        training = self.playing and self.building is None
        return self._steps_this_tick() * self._step_seconds() if training else self.frame_seconds

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
        if self.epoch >= t.epochs - 1e-9:
            return f"reached {t.epochs} epochs"
        if t.target_loss is not None and self.metrics["train_loss"] <= t.target_loss:
            return f"training loss reached the target {t.target_loss:g}"
        if self.trainer.status == DIVERGED:
            return "diverged: the weights became infinite (try a smaller learning rate)"
        return None

    def frame(self) -> bytes:
        """The picture of the Snapshot shown as a binary frame (see protocol.py's FRAME_HEADER)."""
        started = time.perf_counter()
        # Still news after this frame: a trainer built meanwhile and not yet taken over (see _build_for's done).
        building = self.building
        self.dirty = building is not None and building.ready.is_set() and not building.error
        shown = self.history.shown
        header = {"epoch": shown.epoch, "step": shown.step, "playing": self.playing,
                  "diverged": self.trainer.status == DIVERGED, "stopped": self.stopped,
                  "history": len(self.history), "position": self.history.shown_index,
                  "sizes": list(shown.arch.sizes), "density": self.limits.density,
                  "output_density": self.output_density, "confusion": self._confusion(shown),
                  "dead": [list(link) for link in self._dead(shown)],
                  **{m: finite(getattr(shown, m)) for m in METRICS}}
        frame = encode_frame(header, shown.params, self.maps)
        self.frame_seconds = time.perf_counter() - started  # part of a tick's cost (see _steps_this_tick)
        return frame

    def _dead(self, shown: Snapshot) -> list[tuple[int, int, int]]:
        """L1's dead links at the moment shown; none at step 0, where a weight is 0 only by its init (zeros)."""
        return dead_links(shown, self.spec.training.regularization) if shown.step else []

    def _confusion(self, shown: Snapshot) -> list[list[int]] | None:
        if self.trainer.dataset.task != CLASSIFICATION:
            return None
        x, y = self.confusion_data
        return confusion_matrix(shown, x, y, self.trainer.dataset.n_classes).tolist()

    # -- export -----------------------------------------------------------------------------------------------
    def to_run(self):
        """The history up to the moment shown, as a Run: for run files and videos."""
        from nnwatch.record.run import Run

        snapshots = self.history.until_shown()
        spec = self.spec.with_flat(epochs=str(max(1, math.ceil(snapshots[-1].epoch))))
        return Run(spec=spec, dataset=self.trainer.dataset, arch=self.trainer.arch, snapshots=snapshots)

    def weights_json(self) -> str:
        """The network shown now, as JSON: the spec's URL query, layer sizes, and every layer's w and b."""
        shown = self.history.shown
        layers = [{"w": layer["w"].tolist(), "b": layer["b"].tolist()} for layer in shown.params]
        return json.dumps({"query": self.spec.to_query(), "sizes": list(shown.arch.sizes),
                           "features": list(shown.arch.features), "epoch": shown.epoch, "layers": layers})

    # -- descriptions ---------------------------------------------------------------------------------------
    def state_message(self, link: Link | None = None) -> str:
        """The whole state for the page; after a Playground link, ``link`` says the page's pairs in nnwatch's keys
        and what could not be honoured."""
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
            "losses": self.history.losses(),  # a reloaded page draws its loss chart from the start
            **({"link": {"page": link.page, "notices": link.notices}} if link else {}),
        })

    def status_message(self) -> str:
        compiling = self.building is not None and not self.building.error
        self.said_compiling = self.said_compiling or compiling
        return json.dumps({"type": "status", "playing": self.playing, "compiling": compiling,
                           "diverged": self.trainer.status == DIVERGED})

