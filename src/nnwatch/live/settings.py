"""What a live session may be set to: the Playground's opening state, the keys a page may set, the caps of
one server, and the fit of uploaded data into the picture."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl

import numpy as np

from nnwatch.data import Dataset
from nnwatch.errors import LimitError, NNWatchError
from nnwatch.spec import Spec, from_flat

__all__ = ["LIVE_DEFAULTS", "LIVE_KEYS", "SERVER_ONLY_KEYS", "LiveLimits", "check_limits", "check_settable",
           "fit_to_view", "map_stride", "output_density", "spec_from_query"]

# The Playground's opening state.
# "epochs" and "target_loss" are stop conditions here: a million epochs means "until paused".
LIVE_DEFAULTS = {"dataset": "circle", "hidden": "4,2", "activation": "tanh", "lr": "0.03", "batch": "10",
                 "noise": "0", "train_share": "0.5", "epochs": "1000000"}
# Settings that change while training runs, without a reset (the Playground resets on all but lr).
LIVE_KEYS = {"lr", "reg_rate", "batch"}
# Spec keys a page may never set: they name paths on the server's disk, which would let any page read the
# server's files. A page brings its own data as drawn points or an upload.
SERVER_ONLY_KEYS = frozenset({"file"})


@dataclass(frozen=True)
class LiveLimits:
    """Caps for one session, set when the server starts (`nnwatch play --max-layers ...`)."""

    max_layers: int = 8
    max_neurons: int = 32
    max_points: int = 5000
    density: int = 50


FINE_GRID = 100  # the Playground's output grid: the heatmap's grid is at least about as dense, at most this


def output_density(density: int) -> int:
    """The grid a session probes its network on, and its output heatmap's. Neuron maps coarser than half the
    Playground's grid take every second point of a 2d - 1 grid (linspace(-6, 6, 2d - 1)[::2] is
    linspace(-6, 6, d)); denser ones are the heatmap's grid themselves."""
    return 2 * density - 1 if 2 * density - 1 <= FINE_GRID else density


def map_stride(density: int) -> int:
    """Every how many points of the probe grid a neuron map takes (1 or 2)."""
    return (output_density(density) - 1) // (density - 1)


def check_settable(key: str) -> None:
    if key in SERVER_ONLY_KEYS:
        raise NNWatchError(f"'{key}' names a file on the server and cannot be set from the page; upload the "
                           "file instead")


def spec_from_query(query: str) -> Spec:
    """The spec a URL describes, with the Playground's opening state for what it leaves out."""
    given = dict(parse_qsl(query.lstrip("#?"), keep_blank_values=True))
    for key in given:
        check_settable(key)
    return from_flat({**{k: v for k, v in LIVE_DEFAULTS.items() if k not in given}, **given})


def check_limits(spec: Spec, limits: LiveLimits) -> None:
    hidden = spec.network.hidden
    if len(hidden) > limits.max_layers:
        raise LimitError(f"hidden layers is {len(hidden)}; the limit is {limits.max_layers}")
    if hidden and max(hidden) > limits.max_neurons:
        raise LimitError(f"neurons per layer is {max(hidden)}; the limit is {limits.max_neurons}")
    if spec.data.points and spec.data.points > limits.max_points:
        raise LimitError(f"points is {spec.data.points}; the limit is {limits.max_points}")


def fit_to_view(dataset: Dataset, half_width: float = 5.5) -> Dataset:
    """The live app draws [-6, 6]^2: data in other units (an uploaded CSV) is scaled into it, each column
    linearly, so its points land on the picture. Data already inside is left as it is."""
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
