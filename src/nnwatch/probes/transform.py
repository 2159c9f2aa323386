"""Stage maths for the transform view: points of the plane pushed through a network one stage at a time.

Every weight layer is three stages, each a straight path from the points before it to the points after it:

- ``linear`` (W·x): from the identity to x @ W. When the width changes, both ends live in the wider space:
  the narrower side is padded with zeros (embedded when the layer widens, projected onto its first
  neurons when it narrows), so at progress 1 the points are exactly x @ W.
- ``shift`` (+ b): x @ W + a·b, a shift.
- ``activation``: x -> (1 - a)·x + a·f(x) (in a residual layer the end is the layer's input + f(x)).

The stage clock is ``position = 3·layer + stage + progress``: 0 is the input features, 1 the end of the first
W·x, 3 the first hidden layer's output, ``3·n_layers`` the network's output. ``direct`` walks go from the input
to the output in one stage instead.

A space wider than 3 cannot be drawn as it is, so a ``Lens`` maps it linearly to 2 or 3 drawn coordinates:
chosen neurons, the principal axes of the points in it (PCA, uncentred so the origin stays put), or a cycle
through pairs of neighbouring neurons that turns with time. Spaces of 1 to 3 neurons are drawn as they are
(one neuron on a line). Because lenses are linear, a stage within one space is drawn exactly as its points
move; a W·x stage between two spaces is drawn as the straight path from the first space's picture to the
second's, which is exactly the stage's maths whenever both spaces are drawn as they are.

NumPy only, like every probe.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

import numpy as np

from nnwatch.easing import smoothstep
from nnwatch.errors import NNWatchError, unknown
from nnwatch.model.forward import forward_taps
from nnwatch.model.mlp import Architecture
from nnwatch.probes import features_of
from nnwatch.record.snapshot import Snapshot

__all__ = ["KINDS", "PROJECTIONS", "StageInfo", "Lens", "Walk", "stage_count", "stage_info", "split_position",
           "states", "points_at", "grid_lines", "lens_for", "check_two_d", "check_neurons", "check_projection",
           "mix", "CYCLE_SECONDS"]

KINDS = ("linear", "shift", "activation")
PROJECTIONS = ("neurons", "pca", "pca3", "cycle")
CYCLE_SECONDS = 2.5  # each pair of neurons is shown this long when cycling, the last 0.6 s turning to the next
CYCLE_TURN = 0.6


class StageInfo(NamedTuple):
    """One stage: its index on the clock, its weight layer (1-based), kind, the widths it goes between and the
    layer's activation."""

    index: int
    layer: int
    kind: str  # linear, shift, activation (or direct)
    width_in: int
    width_out: int
    function: str = ""
    residual: bool = False  # the activation stage also adds the layer's input (a residual layer)

    @property
    def label(self) -> str:
        """What the stage does, as said on screen: 'layer 1: W·x (embedded 2 -> 3)', '+ b', 'tanh'."""
        if self.kind == "direct":
            return f"input -> output, directly ({self.width_in} -> {self.width_out})"
        if self.kind == "linear":
            text = f"layer {self.layer}: W·x"
            if self.width_out > self.width_in:
                text += f"  (embedded {self.width_in} -> {self.width_out})"
            elif self.width_out < self.width_in:
                text += f"  (projected {self.width_in} -> {self.width_out})"
            return text
        if self.kind == "shift":
            return f"layer {self.layer}: + b"
        return f"layer {self.layer}: {self.function}" + ("  (+ its input)" if self.residual else "")


def stage_count(arch: Architecture, direct: bool = False) -> int:
    return 1 if direct else 3 * arch.n_layers


def stage_info(arch: Architecture, index: int) -> StageInfo:
    layer, part = divmod(int(index), 3)
    if not 0 <= layer < arch.n_layers:
        raise NNWatchError(f"stage {index} is outside this network's {3 * arch.n_layers} stages")
    width_out = arch.sizes[layer + 1]
    width_in = arch.sizes[layer] if part == 0 else width_out
    return StageInfo(int(index), layer + 1, KINDS[part], width_in, width_out, arch.layer_activation(layer),
                     _residual(arch, layer))


def _residual(arch: Architecture, layer: int) -> bool:
    """Whether a layer adds its input to its output (architectures from before residual layers have none)."""
    return bool(getattr(arch, "residual", False)) and arch.is_residual(layer)


def split_position(position: float, n_stages: int) -> tuple[int, float]:
    """(stage, progress) of a clock position, clamped to the walk. A whole position k > 0 is the end of stage
    k - 1 (what has just been done is what a picture there is labelled with), 0 the start of stage 0."""
    position = min(max(float(position), 0.0), float(n_stages))
    stage = max(int(np.ceil(position)) - 1, 0)
    return stage, position - stage


def mix(start: np.ndarray, end: np.ndarray, u: float) -> np.ndarray:
    """The straight path from start to end; exactly ``end`` at u = 1 (no rounding from 0·start + 1·end)."""
    if u <= 0.0:
        return start
    if u >= 1.0:
        return end
    return (1.0 - u) * start + u * end


def pad(points: np.ndarray, width: int) -> np.ndarray:
    """Points with zero coordinates added up to ``width`` (the embedding of a narrower space)."""
    if points.shape[1] >= width:
        return points
    return np.concatenate([points, np.zeros((len(points), width - points.shape[1]))], axis=1)


def states(snapshot: Snapshot, x_raw) -> list[np.ndarray]:
    """The points at every whole position of the clock: [features, x·W1, x·W1 + b1, f(x·W1 + b1), x·W2, ...]
    (3·n_layers + 1 arrays, float64)."""
    h = np.asarray(features_of(snapshot, x_raw), dtype=np.float64)
    params = [{k: np.asarray(v, dtype=np.float64) for k, v in layer.items()} for layer in snapshot.params]
    out = [h]
    with np.errstate(all="ignore"):  # a diverging snapshot overflows; the view shows what it computes
        for taps in forward_taps(params, h, snapshot.arch, np, taps=("product", "pre", "post")):
            out += list(taps)
    return out


def points_at(snapshot: Snapshot, x_raw, position: float, direct: bool = False) -> np.ndarray:
    """The points at a clock position, in the stage's own space (the wider one for a W·x that changes width).

    At a whole position k (k > 0) this is the end of stage k - 1: position 1 gives exactly x @ W1.
    """
    walk = states(snapshot, x_raw)
    n = stage_count(snapshot.arch, direct)
    stage, u = split_position(position, n)
    start, end = (walk[0], walk[-1]) if direct else (walk[stage], walk[stage + 1])
    width = max(start.shape[1], end.shape[1])
    return mix(pad(start, width), pad(end, width), u)


def grid_lines(domain, lines: int = 41, samples: int = 161) -> np.ndarray:
    """``lines`` lines of constant x1 and as many of constant x2 over a domain, each sampled at ``samples``
    points (more than the lines, so they stay smooth curves when bent): (2·lines, samples, 2)."""
    (x0, x1), (y0, y1) = domain[0], domain[1]
    across, along = np.linspace(x0, x1, lines), np.linspace(x0, x1, samples)
    up, along_y = np.linspace(y0, y1, lines), np.linspace(y0, y1, samples)
    verticals = np.stack([np.broadcast_to(across[:, None], (lines, samples)),
                          np.broadcast_to(along_y[None, :], (lines, samples))], axis=-1)
    horizontals = np.stack([np.broadcast_to(along[None, :], (lines, samples)),
                            np.broadcast_to(up[:, None], (lines, samples))], axis=-1)
    return np.concatenate([verticals, horizontals], axis=0)


def check_two_d(arch: Architecture) -> None:
    if arch.n_raw_inputs != 2:
        raise NNWatchError(f"the transform view needs 2-D raw inputs; this network takes {arch.n_raw_inputs}: "
                           f"use the network or sample views")


def check_projection(name: str) -> str:
    if name not in PROJECTIONS:
        raise unknown("projection", name, PROJECTIONS, NNWatchError)
    return name


def check_neurons(arch: Architecture, neurons) -> tuple[int, ...] | None:
    """Chosen neurons (2 or 3 distinct indices from 0) checked against every layer wider than 3, where they
    are used; narrower layers are drawn whole."""
    if neurons is None:
        return None
    neurons = tuple(int(n) for n in neurons)
    if len(neurons) not in (2, 3) or len(set(neurons)) != len(neurons):
        raise NNWatchError(f"choose 2 or 3 different neurons to look through, got {','.join(map(str, neurons))}")
    for space, width in enumerate(arch.sizes):
        if width <= 3:
            continue
        for n in neurons:
            if not 0 <= n < width:
                where = "the input has" if space == 0 else f"layer {space} has"
                raise NNWatchError(f"neuron {n} is out of range: {where} {width} neurons (0..{width - 1})")
    return neurons


class Lens(NamedTuple):
    """A linear map from a space to the drawn coordinates: ``points @ matrix``, with axis names and a label."""

    matrix: np.ndarray  # (width, 2 or 3)
    names: tuple[str, ...]
    label: str

    @property
    def dims(self) -> int:
        return self.matrix.shape[1]


def _neuron_lens(width: int, chosen, names) -> Lens:
    matrix = np.zeros((width, max(len(chosen), 2)))
    for column, neuron in enumerate(chosen):
        matrix[neuron, column] = 1.0
    return Lens(matrix, tuple(names[n] for n in chosen), "")


def _pca_lens(points: np.ndarray, dims: int) -> Lens:
    """The principal axes of the points around the origin (uncentred: the origin stays put and a fold at
    zero stays at zero), each signed so its largest entry is positive (stable from frame to frame).

    Found as the eigenvectors of the small width x width matrix XᵀX rather than by an SVD of the points:
    the same axes, a hundred times faster, which matters when a tweened network needs them every frame.
    """
    finite = points[np.all(np.isfinite(points), axis=1)]
    width = points.shape[1]
    names = tuple(f"PC{k + 1}" for k in range(dims))
    if len(finite) < 2:
        return Lens(np.eye(width)[:, :dims], names, "")
    _, vectors = np.linalg.eigh(finite.T @ finite)
    axes = vectors[:, ::-1][:, :dims]  # eigh sorts ascending
    signs = np.sign(axes[np.argmax(np.abs(axes), axis=0), np.arange(dims)])
    return Lens(axes * np.where(signs == 0, 1.0, signs), names, "")


def _cycle_lens(width: int, time: float, names) -> Lens:
    """Neighbouring neurons (0, 1), (1, 2), ... in turn; the last moments of each pair turn to the next."""
    turn = int(time // CYCLE_SECONDS)
    first = turn % width
    within = time - turn * CYCLE_SECONDS
    a = smoothstep((within - (CYCLE_SECONDS - CYCLE_TURN)) / CYCLE_TURN)
    now = _neuron_lens(width, (first, (first + 1) % width), names).matrix
    nxt = _neuron_lens(width, ((first + 1) % width, (first + 2) % width), names).matrix
    shown = (first, (first + 1) % width) if a < 0.5 else ((first + 1) % width, (first + 2) % width)
    return Lens(mix(now, nxt, a), tuple(names[n] for n in shown), "")


def lens_for(points: np.ndarray, projection: str = "pca", neurons=None, time: float = 0.0,
             names=None) -> Lens:
    """How a space holding ``points`` (n, width) is drawn: as it is up to 3 neurons, else through a lens."""
    width = points.shape[1]
    names = tuple(names) if names is not None else tuple(f"n{k}" for k in range(width))
    if width == 1:
        return Lens(np.array([[1.0, 0.0]]), (names[0], ""), "")
    if width <= 3:
        return Lens(np.eye(width), names, "")
    if projection == "neurons":
        chosen = tuple(neurons) if neurons is not None else (0, 1)
        label = f"projected onto neurons {', '.join(str(n) for n in chosen)} of {width}"
        return _neuron_lens(width, chosen, names)._replace(label=label)
    if projection == "cycle":
        lens = _cycle_lens(width, time, names)
        return lens._replace(label=f"neurons {', '.join(lens.names)} of {width} (cycling)")
    lens = _pca_lens(points, 3 if projection == "pca3" else 2)
    return lens._replace(label=f"PCA of {width} neurons")


class Walk:
    """A network's stages for a set of points, ready to draw: the points at every whole clock position, each
    space's lens, and the drawn coordinates (2 or 3 per point) at any position.

    Spaces: 0 is the input features, s the outputs of weight layer s (1-based). A W·x stage goes from one
    space to the next; + b and the activation stay in their layer's space; a direct walk goes from space 0
    to the last.
    """

    def __init__(self, snapshot: Snapshot, x_raw, projection: str = "pca", neurons=None, direct: bool = False):
        self.arch = snapshot.arch
        self.projection, self.neurons, self.direct = check_projection(projection), neurons, direct
        self.states = states(snapshot, x_raw)
        self.n_stages = stage_count(self.arch, direct)

    def info(self, stage: int) -> StageInfo:
        if self.direct:
            return StageInfo(0, self.arch.n_layers, "direct", self.arch.sizes[0], self.arch.sizes[-1])
        return stage_info(self.arch, stage)

    def space_of(self, state: int) -> int:
        """The space (0: features, s: layer s) a whole clock position lies in."""
        return 0 if state == 0 else (state - 1) // 3 + 1

    def ends(self, stage: int) -> tuple[int, int]:
        """The whole clock positions (states) a stage goes between."""
        return (0, len(self.states) - 1) if self.direct else (stage, stage + 1)

    @cached_property
    def _space_points(self) -> list[np.ndarray]:
        """Every state of a space stacked: what a PCA lens is fitted on, so it stays put within the space."""
        spaces: list[list[np.ndarray]] = [[] for _ in range(self.arch.n_layers + 1)]
        for state, points in enumerate(self.states):
            spaces[self.space_of(state)].append(points)
        return [np.concatenate(group, axis=0) for group in spaces]

    def space_names(self, space: int) -> tuple[str, ...]:
        if space == 0:
            return tuple(self.arch.features)
        return tuple(f"n{k}" for k in range(self.arch.sizes[space]))

    def lens(self, space: int, time: float = 0.0) -> Lens:
        return lens_for(self._space_points[space], self.projection, self.neurons, time, self.space_names(space))

    def drawn_ends(self, stage: int, time: float = 0.0) -> tuple[np.ndarray, np.ndarray, Lens, Lens]:
        """The drawn coordinates at a stage's start and end (same number of columns), with both lenses."""
        first, last = self.ends(stage)
        lens_a, lens_b = self.lens(self.space_of(first), time), self.lens(self.space_of(last), time)
        with np.errstate(all="ignore"):
            a, b = self.states[first] @ lens_a.matrix, self.states[last] @ lens_b.matrix
        dims = max(a.shape[1], b.shape[1])
        return pad(a, dims), pad(b, dims), lens_a, lens_b

    def drawn(self, position: float, time: float = 0.0) -> np.ndarray:
        stage, u = split_position(position, self.n_stages)
        a, b, _, _ = self.drawn_ends(stage, time)
        return mix(a, b, u)
