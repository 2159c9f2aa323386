"""Compiling ahead: the programs a live page is likely to ask for next, built on a background thread.

A session's network trains in one compiled program per architecture (and data size); building it takes
0.3-1 s on 2 cores, which is what a change of network used to show as "compiling...". The Warmer builds the
opening network as soon as the server starts (while the browser is still loading the page) and, after each
change, the networks one click away in the page (a neuron more or fewer in any layer, a layer more or fewer,
an input feature switched on or off), so the next click finds its program ready. JAX keeps every program it
compiled for the process, keyed by what it depends on, so a session building the same network later gets it
at once; nothing here is shared with a session but that cache.

Warming only uses spare time: one network at a time, on one thread, the newest wishes first (a wish list
made stale by a newer change is dropped), and none while a session builds its own network (``for_sessions``
wraps the sessions' ``make_trainer`` to say so): measured on 2 cores, a session's compile took twice as long
with the warmer compiling beside it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from nnwatch.data import Dataset
from nnwatch.errors import NNWatchError
from nnwatch.live.settings import output_density
from nnwatch.live.trainer import MakeTrainer
from nnwatch.model.features import PLAYGROUND_FEATURES
from nnwatch.probes import grid
from nnwatch.spec import Spec, from_flat, to_flat

__all__ = ["Warmer", "one_click_away", "MAX_WISHES"]

MAX_WISHES = 24  # networks warmed after one change, at most (the nearest first)
HOLD_SECONDS = 3.0  # the longest a session's build keeps the warmer waiting (a build that fails never says so)


def one_click_away(spec: Spec, max_layers: int, max_neurons: int) -> list[Spec]:
    """The networks one click of the page away from ``spec``: a layer added (of 2 neurons, as the Playground
    adds one), each layer a neuron wider, the last layer removed, each layer a neuron narrower, each input
    feature toggled."""
    flat = to_flat(spec)
    hidden = list(spec.network.hidden)
    # The likeliest clicks first: a layer added, a neuron more in a layer, the last layer removed, one fewer.
    shapes = [hidden + [2]] if len(hidden) < max_layers else []
    shapes += [hidden[:i] + [w + 1] + hidden[i + 1:] for i, w in enumerate(hidden) if w < max_neurons]
    shapes += [hidden[:-1]] if hidden else []
    shapes += [hidden[:i] + [w - 1] + hidden[i + 1:] for i, w in enumerate(hidden) if w > 1]
    wishes = [{**flat, "hidden": ",".join(map(str, shape)) or "none"} for shape in shapes]
    features = list(spec.features or ("x1", "x2"))  # None: the raw columns, x1 and x2 for the page's 2-D data
    for name in PLAYGROUND_FEATURES:
        toggled = [f for f in features if f != name] if name in features else features + [name]
        if toggled:
            wishes.append({**flat, "features": ",".join(toggled)})
    out = []
    for wish in wishes:
        try:
            out.append(from_flat(wish))
        except NNWatchError:
            continue  # a neighbour the spec refuses (e.g. no hidden layer with some option): not asked for
    return out


class Warmer:
    """Builds networks' programs on a background thread: ``ask`` replaces the wish list, newest first."""

    def __init__(self, make_trainer: MakeTrainer, density: int):
        self.make_trainer = make_trainer
        self.points = grid(density=output_density(density)).points  # the grid sessions probe: the same program
        self.wishes: list[tuple[Spec, Dataset | None]] = []
        self.done: set[tuple] = set()
        self.wake = threading.Condition()
        self.closed = False
        self.hold_until = 0.0  # no warming before this (monotonic time): a session is building
        self.busy = False  # building a wish now
        self.thread = threading.Thread(target=self._loop, name="nnwatch-warmup", daemon=True)
        self.thread.start()

    def ask(self, specs: Iterable[Spec], dataset: Dataset | None = None) -> None:
        """Warm these (in order) instead of whatever was still waiting; a session's build is over."""
        fresh = [(spec, dataset) for spec in specs if self._key(spec, dataset) not in self.done][:MAX_WISHES]
        with self.wake:
            self.wishes = fresh
            self.hold_until = 0.0
            self.wake.notify()

    def for_sessions(self, make_trainer: MakeTrainer) -> MakeTrainer:
        """``make_trainer`` for sessions: each call holds the warmer back until ``ask`` (or HOLD_SECONDS)."""
        def made(spec: Spec, dataset: Dataset | None):
            with self.wake:
                self.hold_until = time.monotonic() + HOLD_SECONDS
                self.wishes = []  # whatever was waiting was for the network being replaced
            return make_trainer(spec, dataset)

        return made

    def close(self, wait: float = 0.0) -> None:
        """Stop warming; with ``wait``, give the network being built up to that many seconds to finish."""
        with self.wake:
            self.closed = True
            self.wishes = []
            self.wake.notify()
        if wait:
            self.thread.join(wait)

    def idle(self, timeout: float) -> bool:
        """Wait until nothing is waiting (for tests and benchmarks); whether it got there in time."""
        with self.wake:
            return self.wake.wait_for(lambda: not self.wishes and not self.busy, timeout)

    def _loop(self) -> None:
        while True:
            with self.wake:
                self.wake.wait_for(lambda: self.wishes or self.closed)
                while not self.closed and time.monotonic() < self.hold_until:
                    self.wake.wait(self.hold_until - time.monotonic())
                if self.closed:
                    return
                if not self.wishes:
                    continue
                spec, dataset = self.wishes.pop(0)
                self.busy = True
            try:
                self._warm(spec, dataset)
            except Exception:  # noqa: BLE001 - a wish that cannot be built is the session's error to report, later
                pass
            finally:
                with self.wake:
                    self.busy = False
                    self.done.add(self._key(spec, dataset))
                    self.wake.notify_all()

    def _warm(self, spec: Spec, dataset: Dataset | None) -> None:
        trainer = self.make_trainer(spec, dataset)
        trainer.frame(0, trainer.probe_features(self.points), as_bytes=True)

    @staticmethod
    def _key(spec: Spec, dataset: Dataset | None) -> tuple:
        return spec.to_query(), id(dataset)
