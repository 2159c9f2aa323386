"""Depth readouts: the class a deep network would give every point of the plane, read out at each hidden layer.

A deep network's hidden state at layer l is a point in its own space, not a class. Two ways to read a class
out of it, both linear, so what changes from frame to frame is the state and not the reader:

- ``head``: the network's own output layer applied to the state at every depth (a shared head). Its readout at
  the last hidden layer is exactly the network's answer. It reads the earlier layers correctly only when they
  live in the same space as the last one, which is what a residual stream of constant width gives (each layer
  adds a small step h + f(h W + b) to the same state), so it needs every hidden layer to have the head's width.
- ``probe``: a linear probe fitted per layer: multinomial logistic regression of the training labels on the
  training points' hidden states at that layer (a few Newton steps, warm-started from the layer below). It
  says how linearly separable the classes are at that depth, for any network.

Everything is computed incrementally: one pass through the network carries the grid's and the data points'
states from layer to layer (never re-running the network from the input for each depth), so each layer costs
the same O(1) work: one small matmul, one activation, one readout. The states are float32 in preallocated,
class-major buffers (``(width, points)``) so that every step runs over contiguous rows.

NumPy only, like every probe: renderers never load JAX.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from nnwatch.errors import NNWatchError, unknown
from nnwatch.limits import check_limit
from nnwatch.model.forward import layer_forward
from nnwatch.model.mlp import Architecture, network_inputs
from nnwatch.model.output import OutputUnit
from nnwatch.probes import PLAYGROUND_DOMAIN, grid
from nnwatch.record.snapshot import Snapshot

__all__ = ["READOUTS", "MAX_DEPTH_GRID", "LayerReadout", "DepthReadout", "choose_readout", "check_readout",
           "check_depth", "check_hidden_layers", "fit_probe"]

READOUTS = ("auto", "head", "probe")
MAX_DEPTH_GRID = 400  # grid density per axis; every layer's map is kept (300 layers x 400^2 x 2 bytes = 96 MB)
PROBE_RIDGE = 1e-2    # L2 on the probe's weights (standardised states): keeps separable layers finite
PROBE_STEPS = 8       # Newton steps at most per layer; warm-started, most layers need two or three
PROBE_TOL = 1e-5      # stop when Newton expects to lower the loss (mean cross-entropy) by less than this
# OpenBLAS runs a matrix product on one thread while m*n*k stays at or under this (its own threshold). A layer's
# product over all 41,000 points is above it and goes to two threads, which on a shared 2-core machine wait on
# each other: measured 30 times slower (64 against 1,900 layers/s). Products are cut into column blocks under it.
ONE_THREAD_WORK = 262_144


class LayerReadout(NamedTuple):
    """One layer read out: the winning class (d, d) and how sure (0: a tie, 255: certain) over the grid,
    row 0 at the lowest x2 (as ``probes.grid``), and the readout's accuracy on the training and test points."""

    layer: int
    winner: np.ndarray
    confidence: np.ndarray
    train_accuracy: float
    test_accuracy: float


def check_depth(snapshot: Snapshot) -> None:
    """A one-line error unless the network can be read out layer by layer over the plane."""
    arch = snapshot.arch
    check_hidden_layers(arch.n_layers - 1)
    if arch.n_raw_inputs != 2:
        raise NNWatchError(f"depth readout draws the input plane: it needs 2-D inputs; this network takes "
                           f"{arch.n_raw_inputs}")
    unit = arch.output_unit
    if not (unit.multi_class or unit.steepness):
        raise NNWatchError("depth readout draws class maps: it needs a classification network (this one has a "
                           "linear output)")


def check_hidden_layers(count: int) -> None:
    """Depth readout needs depth: a one-line error for fewer than 2 hidden layers (checkable before training)."""
    if count < 2:
        raise NNWatchError(f"depth readout needs a network with at least 2 hidden layers; this one has {count} "
                           f"(e.g. --hidden 8x50 --residual)")


def choose_readout(arch: Architecture, readout: str = "auto") -> str:
    """'head' or 'probe'. 'auto' is the shared head for a residual network of one width, else the probe."""
    check_readout(arch.sizes[1:-1], readout)
    if readout == "auto":
        return "head" if arch.residual and len(set(arch.sizes[1:-1])) == 1 else "probe"
    return readout


def check_readout(hidden: Sequence[int], readout: str) -> None:
    """A one-line error for an unknown readout, or a shared head that cannot read every layer's state."""
    if readout not in READOUTS:
        raise unknown("readout", readout, READOUTS, NNWatchError)
    if readout == "head" and len(set(hidden)) > 1:
        odd = next(i for i, width in enumerate(hidden) if width != hidden[-1])
        raise NNWatchError(f"the shared head reads states of width {hidden[-1]} (the output layer's input), but "
                           f"hidden layer {odd + 1} has {hidden[odd]}: use the linear probe readout "
                           f"(--readout probe)")


class DepthReadout:
    """Readouts of one snapshot at every hidden layer (1-based), computed in order and kept.

    ``at(layer)`` carries the states forward from the last layer computed, so walking the layers in order
    (as a video does) costs one layer of work per frame; earlier layers are looked up. ``n_classes`` defaults
    to the head's (2 for one output unit).
    """

    def __init__(self, snapshot: Snapshot, x_train, y_train, x_test=None, y_test=None, *, readout: str = "auto",
                 domain=PLAYGROUND_DOMAIN, density: int = 200, n_classes: int | None = None):
        check_depth(snapshot)
        check_limit("depth readout grid density", int(density), MAX_DEPTH_GRID, minimum=2)
        self.snapshot, self.arch = snapshot, snapshot.arch
        self.readout = choose_readout(snapshot.arch, readout)
        self.n_layers = self.arch.n_layers - 1
        width = self.arch.sizes[-1]
        self.n_classes = int(n_classes or (2 if width == 1 else width))
        self.grid = grid(domain, density)
        self.density = int(density)
        x_test = np.zeros((0, 2)) if x_test is None else np.asarray(x_test, dtype=np.float64)
        y_test = np.zeros(0, np.int64) if y_test is None else np.asarray(y_test)
        self._labels = (np.asarray(y_train).astype(np.int64), y_test.astype(np.int64))
        raw = np.vstack([self.grid.points, np.asarray(x_train, dtype=np.float64), x_test])
        self._split = (density * density, density * density + len(self._labels[0]))
        feats = network_inputs(self.arch, raw)
        self._state = np.ascontiguousarray(feats.T, dtype=np.float32)  # (width, points): rows contiguous
        self._spare = np.empty_like(self._state)
        self._params = [(np.ascontiguousarray(layer["w"].T, dtype=np.float32),
                         np.asarray(layer["b"], dtype=np.float32)[:, None] if self.arch.use_bias else None)
                        for layer in snapshot.params]
        self._theta = None  # the probe's last fit, to warm-start the next layer's
        self._done = 0
        cells = density * density
        self._winner = np.empty((self.n_layers, cells), np.uint8)
        self._confidence = np.empty((self.n_layers, cells), np.uint8)
        self._accuracy = np.full((self.n_layers, 2), np.nan)
        self._point_winner = np.empty((self.n_layers, len(raw) - cells), np.uint8)  # the data points' classes
        self._reader = _Reader(self.n_classes, len(raw))

    @property
    def computed(self) -> int:
        """How many layers have been read out so far."""
        return self._done

    def at(self, layer: int) -> LayerReadout:
        """The readout at hidden layer ``layer`` (1 .. n_layers)."""
        if not 1 <= layer <= self.n_layers:
            raise NNWatchError(f"layer {layer} is outside this network's hidden layers 1..{self.n_layers}")
        while self._done < layer:
            self._advance()
        k, d = layer - 1, self.density
        return LayerReadout(layer, self._winner[k].reshape(d, d), self._confidence[k].reshape(d, d),
                            float(self._accuracy[k, 0]), float(self._accuracy[k, 1]))

    def point_classes(self, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """The class the readout gives each training and each test point at hidden layer ``layer``."""
        self.at(layer)
        split = self._split[1] - self._split[0]
        return self._point_winner[layer - 1, :split].copy(), self._point_winner[layer - 1, split:].copy()

    def accuracies(self) -> tuple[np.ndarray, np.ndarray]:
        """The readout's training and test accuracy at every layer (test NaN without test points)."""
        self.at(self.n_layers)
        return self._accuracy[:, 0].copy(), self._accuracy[:, 1].copy()

    def __iter__(self):
        return (self.at(layer) for layer in range(1, self.n_layers + 1))

    # -- one layer ------------------------------------------------------------------------------------------
    def _advance(self) -> None:
        k = self._done
        with np.errstate(all="ignore"):  # a diverged snapshot may overflow; the maps show what it computes
            self._step(k)
            weights, bias = self._read_weights()
            winner, confidence = self._reader.read(self._state, weights, bias, self._single_unit())
        cells, end_train = self._split
        self._winner[k] = winner[:cells]
        self._confidence[k] = confidence[:cells]
        self._point_winner[k] = winner[cells:]
        for column, (start, stop), labels in ((0, (cells, end_train), self._labels[0]),
                                              (1, (end_train, len(winner)), self._labels[1])):
            if stop > start:
                self._accuracy[k, column] = float(np.mean(winner[start:stop] == labels))
        self._done += 1

    def _step(self, k: int) -> None:
        """Carry every point's state through hidden layer k (0-based): h = f(W h + b), or h + f(W h + b)."""
        wt, b = self._params[k]
        if wt.shape[1] != self._state.shape[0]:
            raise NNWatchError("the snapshot's weights do not fit its architecture")
        if self._spare.shape[0] != wt.shape[0]:
            self._spare = np.empty((wt.shape[0], self._state.shape[1]), np.float32)
        spare = self._spare
        # The one forward pass, on states kept (width, points) (its product is W h, in the spare buffer), in place.
        post = layer_forward({"w": wt, "b": b}, self._state, self.arch, k, np,
                             matmul=lambda h, w: _matmul(w, h, spare), in_place=True).post
        if post is not self._state:  # a new width (or no residual): the branch becomes the state
            self._state, self._spare = post, self._state  # the old buffer is reused next

    def _single_unit(self) -> OutputUnit | None:
        """The head's output unit when it is one unit over two classes (its threshold decides), else None."""
        return self.arch.output_unit if self.readout == "head" and self.arch.sizes[-1] == 1 else None

    def _read_weights(self) -> tuple[np.ndarray, np.ndarray]:
        """(k, width) weights and (k, 1) biases of the linear readout at the current layer."""
        if self.readout == "head":
            wt, b = self._params[-1]
            return wt, (b if b is not None else np.zeros((wt.shape[0], 1), np.float32))
        _, end_train = self._split
        states = self._state[:, self._split[0]:end_train].astype(np.float64)
        weights, bias, self._theta = fit_probe(states, self._labels[0], self.n_classes, self._theta)
        return weights.astype(np.float32), bias.astype(np.float32)[:, None]


def _matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """a @ b into out, in column blocks small enough for one BLAS thread each (see ONE_THREAD_WORK)."""
    block = max(ONE_THREAD_WORK // max(a.shape[0] * a.shape[1], 1), 256)
    for start in range(0, b.shape[1], block):
        np.matmul(a, b[:, start:start + block], out=out[:, start:start + block])
    return out


def _gram(q: np.ndarray) -> np.ndarray:
    """q @ q.T summed over blocks of columns, each product small enough for one BLAS thread."""
    rows = q.shape[0]
    block = max(ONE_THREAD_WORK // (rows * rows), 64)
    total = np.zeros((rows, rows))
    for start in range(0, q.shape[1], block):
        part = q[:, start:start + block]
        total += part @ part.T
    return total


class _Reader:
    """Winning class and confidence from a linear readout, in buffers reused for every layer."""

    def __init__(self, n_classes: int, n_points: int):
        self.k = n_classes
        self.logits = np.empty((n_classes, n_points), np.float32)
        self.best = np.empty(n_points, np.float32)
        self.total = np.empty(n_points, np.float32)
        self.hit = np.empty(n_points, bool)
        self.code = np.empty(n_points, np.uint8)
        self.winner = np.empty(n_points, np.uint8)
        self.confidence = np.empty(n_points, np.uint8)

    def read(self, state, weights, bias, single_unit: OutputUnit | None) -> tuple[np.ndarray, np.ndarray]:
        logits = _matmul(weights, state, self.logits[:weights.shape[0]])
        logits += bias
        if single_unit is not None:
            return self._sign(logits[0], single_unit)
        return self._softmax(logits)

    def _sign(self, z: np.ndarray, unit: OutputUnit) -> tuple[np.ndarray, np.ndarray]:
        """One output unit over two classes: class 1 where the pre-activation z reaches the unit's threshold
        (as its accuracy counts); sureness |2p - 1| = |tanh(s z)| for the class-one share p = (tanh(s z) + 1) / 2
        of a unit of steepness s (tanh 1, sigmoid 1/2)."""
        np.greater_equal(z, unit.pre_threshold, out=self.hit)
        np.copyto(self.winner, self.hit.view(np.uint8))
        sure = np.abs(z * unit.steepness, out=self.total)
        np.tanh(sure, out=sure)
        return self.winner, self._quantise(sure)

    def _softmax(self, logits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """argmax (the first of equal logits, as np.argmax) and (p_top - 1/k) / (1 - 1/k) with p_top the
        softmax's largest probability, 1 / sum(exp(z - z_max)). Written as k row operations: np.argmax over a
        short axis costs twenty times as much."""
        k, best = self.k, self.best
        np.max(logits, axis=0, out=best)
        self.winner[:] = 0
        for j in range(k):  # code k - j for the first class reaching the maximum: the largest code wins
            np.equal(logits[j], best, out=self.hit)
            np.multiply(self.hit.view(np.uint8), np.uint8(k - j), out=self.code)
            np.maximum(self.winner, self.code, out=self.winner)
        np.subtract(np.uint8(k), self.winner, out=self.winner)
        logits -= best
        np.exp(logits, out=logits)
        np.sum(logits, axis=0, out=self.total)
        top = np.reciprocal(self.total, out=self.total)
        top -= 1.0 / k
        top *= k / (k - 1.0)
        return self.winner, self._quantise(top)

    def _quantise(self, sure: np.ndarray) -> np.ndarray:
        sure *= 255.0
        np.clip(sure, 0.0, 255.0, out=sure)
        np.nan_to_num(sure, copy=False)
        np.rint(sure, out=sure)
        np.copyto(self.confidence, sure, casting="unsafe")
        return self.confidence


def fit_probe(states: np.ndarray, labels: np.ndarray, n_classes: int, warm=None,
              ridge: float = PROBE_RIDGE, steps: int = PROBE_STEPS, tol: float = PROBE_TOL):
    """Multinomial logistic regression of ``labels`` on ``states`` (width, n): (weights (k, width), bias (k,),
    theta) where logits = weights @ h + bias.

    The states are standardised per unit (so one ridge suits every layer, however large the residual stream
    has grown) and the fit is Newton's method on the mean cross-entropy plus ridge/2 |theta|^2, with step
    halving if a step would raise the loss; it stops once Newton expects a step to gain less than ``tol``
    (that last step is taken as it is). ``theta`` (standardised coordinates) warm-starts the next layer's
    fit: a residual layer moves the states only a little, so the next optimum is close.
    """
    width, n = states.shape
    mean = states.mean(axis=1, keepdims=True)
    spread = states.std(axis=1, keepdims=True)
    spread[~(spread > 1e-6)] = 1.0  # a constant unit carries nothing; keep it from dividing by zero
    x = np.vstack([np.nan_to_num((states - mean) / spread), np.ones((1, n))])  # (width + 1, n)
    onehot = np.zeros((n_classes, n))
    onehot[np.clip(labels, 0, n_classes - 1), np.arange(n)] = 1.0
    theta = warm if warm is not None and warm.shape == (n_classes, width + 1) else np.zeros((n_classes, width + 1))
    loss, probs = _probe_loss(theta, x, onehot, ridge)
    for _ in range(steps):
        gradient = (probs - onehot) @ x.T / n + ridge * theta
        move = -_newton_solve(probs, x, gradient, ridge)
        expected = -0.5 * float(np.sum(gradient * move))  # the loss a full step saves on the quadratic model
        if expected < tol:
            theta = theta + move
            break
        scale = 1.0
        while scale > 1e-3:
            trial = theta + scale * move
            trial_loss, trial_probs = _probe_loss(trial, x, onehot, ridge)
            if trial_loss <= loss + 1e-12:
                break
            scale *= 0.5
        else:
            break  # no step lowers the loss: theta is as good as Newton can make it
        theta, loss, probs = trial, trial_loss, trial_probs
    weights = theta[:, :width] / spread[:, 0]
    bias = theta[:, width] - weights @ mean[:, 0]
    return weights, bias, theta


def _probe_loss(theta: np.ndarray, x: np.ndarray, onehot: np.ndarray, ridge: float) -> tuple[float, np.ndarray]:
    """The probe's loss (mean cross-entropy + ridge/2 |theta|^2) and its softmax probabilities (k, n)."""
    z = theta @ x
    z -= z.max(axis=0)
    e = np.exp(z)
    total = e.sum(axis=0)
    loss = np.mean(np.log(total) - (z * onehot).sum(axis=0)) + 0.5 * ridge * np.sum(theta * theta)
    return float(loss), e / total


def _newton_solve(probs: np.ndarray, x: np.ndarray, gradient: np.ndarray, ridge: float) -> np.ndarray:
    """Solve H step = gradient for the multinomial logistic Hessian H (k blocks of (width + 1)^2 each):
    block (a, b) = X diag(p_a (delta_ab - p_b)) X^T / n + ridge delta_ab I.

    With Q the (k d, n) stack of p_a X, that is blockdiag(Q_a X^T) - Q Q^T (over n, plus the ridge): two
    matmuls instead of k^2 weighted products, the difference between 160 and 40 us per Newton step."""
    k, n = probs.shape
    d = x.shape[0]
    q = (probs[:, None, :] * x[None, :, :]).reshape(k * d, n)
    hessian = -_gram(q)
    blocks = np.matmul(q.reshape(k, d, n), x.T)  # (k, d, d)
    for a in range(k):
        hessian[a * d:(a + 1) * d, a * d:(a + 1) * d] += blocks[a]
    hessian /= n
    hessian[np.diag_indices(k * d)] += ridge
    return np.linalg.solve(hessian, gradient.reshape(k * d)).reshape(k, d)
