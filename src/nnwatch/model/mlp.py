"""The network: an architecture description and pure functions over a params pytree.

Params are a list with one dict per layer, ``{"w": (fan_in, fan_out), "b": (fan_out,)}``. A network without
biases still carries ``b`` as zeros (never used by ``forward``, so its gradient is zero and it stays zero): every
view and run file can then treat all networks alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from nnwatch.errors import SpecError
from nnwatch.model.features import expand, parse_features
from nnwatch.model.forward import forward_taps
from nnwatch.model.output import OutputUnit, output_unit

__all__ = ["Architecture", "INIT_KINDS", "init_params", "residual_scale", "forward", "predict", "network_inputs",
           "standardization"]

INIT_KINDS = ("playground", "xavier", "he", "zeros", "explicit")


@dataclass(frozen=True)
class Architecture:
    """Everything about a network except its numbers. Hashable, so jitted functions take it as a static argument.

    ``sizes`` runs from the number of input features to the number of outputs; ``activations`` has one name per
    hidden layer; ``features`` are the input feature names computed from ``n_raw_inputs`` raw columns.
    ``residual``: every hidden layer whose input and output widths are equal adds its input to its output,
    h = h + f(h W + b), which is what lets a narrow network 250 layers deep train at all. ``residual_step`` (0..1]
    scales what each such layer adds, h = h + step * f(h W + b): f is bounded for tanh, so a small step bounds how
    far one layer can move a point, and a network must then use its depth to go far (the deep-layers lesson).
    ``input_shift`` and ``input_scale`` (one per raw column, or empty) standardize the raw inputs before the
    features are computed: (x - shift) / scale. They belong to the network, not the data, so every view and
    probe keeps the user's units on its axes while the first layer sees columns of comparable size.
    """

    features: tuple[str, ...]
    n_raw_inputs: int
    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    output: str
    use_bias: bool = True
    dtype: str = "float32"
    residual: bool = False
    residual_step: float = 1.0
    input_shift: tuple[float, ...] = ()
    input_scale: tuple[float, ...] = ()

    @property
    def standardized(self) -> bool:
        return bool(self.input_shift)

    @property
    def output_unit(self) -> OutputUnit:
        return output_unit(self.output)

    @property
    def n_layers(self) -> int:
        """Weight layers (hidden layers + the output layer)."""
        return len(self.sizes) - 1

    def layer_activation(self, layer: int) -> str:
        return self.activations[layer] if layer < len(self.activations) else self.output

    def is_residual(self, layer: int) -> bool:
        """Whether weight layer ``layer`` adds its input to its output (hidden layers of unchanged width only)."""
        return self.residual and layer < self.n_layers - 1 and self.sizes[layer] == self.sizes[layer + 1]

    def param_shapes(self) -> list[dict[str, tuple[int, ...]]]:
        return [{"w": (a, b), "b": (b,)} for a, b in zip(self.sizes[:-1], self.sizes[1:])]


def standardization(x_train: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(mean, standard deviation) of each column of the training inputs, as plain floats for an Architecture.

    A constant column keeps scale 1 (it would otherwise divide by zero); its shifted values are all 0.
    """
    x = np.asarray(x_train, dtype=np.float64)
    mean = x.mean(axis=0) if len(x) else np.zeros(x.shape[1])
    std = x.std(axis=0) if len(x) else np.ones(x.shape[1])
    std = np.where(std > 1e-12 * np.maximum(1.0, np.abs(mean)), std, 1.0)
    return tuple(float(v) for v in mean), tuple(float(v) for v in std)


def network_inputs(arch: Architecture, x_raw, dtype=np.float64) -> np.ndarray:
    """What the first weight layer sees for raw inputs (n, n_raw_inputs): standardized if the network is, then
    expanded into its features, in ``dtype``. The one way from the user's data to the network's input."""
    x = np.asarray(x_raw, dtype=np.float64)
    if arch.standardized and x.ndim == 2 and x.shape[1] == len(arch.input_shift):
        x = (x - np.asarray(arch.input_shift)) / np.asarray(arch.input_scale)
    with np.errstate(all="ignore"):  # an expression may overflow; callers check what comes out for NaN/inf
        return expand(_parsed_features(arch.features, arch.n_raw_inputs), x).astype(dtype, copy=False)


@lru_cache(maxsize=64)
def _parsed_features(names: tuple[str, ...], n_raw_inputs: int):
    return parse_features(list(names), n_raw_inputs)


def init_params(arch: Architecture, kind: str, seed: int, explicit=None) -> list[dict[str, np.ndarray]]:
    """Initial params as NumPy arrays of the architecture's dtype.

    playground: w ~ U(-0.5, 0.5), b = 0.1 (as TF Playground); xavier: Glorot uniform, b = 0;
    he: N(0, 2/fan_in), b = 0; zeros; explicit: the given list of {"w", "b"} (b optional).
    Drawn with NumPy from ``seed`` so the same seed gives the same network on any backend.

    In a residual network each of the R residual layers' random draws (w and b) is scaled by 1/sqrt(R): the
    stream then starts as a sum of R small steps whose spread stays about that of one ordinary layer, where
    unscaled steps would let it grow like sqrt(R) (a 250-layer stream swamped by its own noise, and by the
    Playground's 0.1 biases adding up to 25). See ``residual_scale``.
    """
    rng = np.random.default_rng(seed)
    scale = residual_scale(arch)
    params = []
    for layer, shapes in enumerate(arch.param_shapes()):
        fan_in, fan_out = shapes["w"]
        if kind == "explicit":
            w, b = _explicit_layer(explicit, layer, shapes, arch.n_layers)
        elif kind == "playground":
            w, b = rng.uniform(-0.5, 0.5, (fan_in, fan_out)), np.full(fan_out, 0.1)
        elif kind == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            w, b = rng.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)
        elif kind == "he":
            w, b = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out)), np.zeros(fan_out)
        elif kind == "zeros":
            w, b = np.zeros((fan_in, fan_out)), np.zeros(fan_out)
        else:
            raise SpecError(f"unknown init '{kind}'; choose from: {', '.join(INIT_KINDS)}")
        if not arch.use_bias:
            b = np.zeros(fan_out)
        if arch.is_residual(layer) and kind != "explicit":
            w, b = w * scale, b * scale
        params.append({"w": np.asarray(w, dtype=arch.dtype), "b": np.asarray(b, dtype=arch.dtype)})
    return params


def residual_scale(arch: Architecture) -> float:
    """1/sqrt(number of residual layers) (1.0 without any): the initial scale of each residual branch."""
    count = sum(arch.is_residual(layer) for layer in range(arch.n_layers))
    return 1.0 / np.sqrt(count) if count else 1.0


def _explicit_layer(explicit, layer: int, shapes, n_layers: int) -> tuple[np.ndarray, np.ndarray]:
    if explicit is None or len(explicit) != n_layers:
        n = 0 if explicit is None else len(explicit)
        raise SpecError(f"init 'explicit' needs weights for every layer: got {n}, the network has {n_layers}")
    entry = explicit[layer]
    w = np.asarray(entry["w"], dtype=np.float64)
    b = np.asarray(entry["b"] if entry.get("b") is not None else np.zeros(shapes["b"]), dtype=np.float64)
    for name, arr in (("w", w), ("b", b)):
        if arr.shape != shapes[name]:
            raise SpecError(f"explicit init: layer {layer} {name} has shape {arr.shape}, the network needs "
                            f"{shapes[name]}")
        if not np.all(np.isfinite(arr)):
            raise SpecError(f"explicit init: layer {layer} {name} holds NaN or inf")
    return w, b


def forward(params, x, arch: Architecture, xp=np, dropout=None):
    """Every layer's (pre-activation, post-activation), first hidden layer to output: ``model.forward``'s
    pass (see ``forward_taps``) with its two usual taps.

    ``x`` holds input features (already expanded). ``dropout`` is an optional list of per-hidden-layer masks
    (already scaled by 1/keep) multiplied into the hidden post-activations during training. In a residual
    layer the post-activation is the stream h + f(z); dropout then drops parts of the branch f(z) only.
    """
    return forward_taps(params, x, arch, xp, dropout=dropout)


def predict(params, x, arch: Architecture, xp=np):
    """The network's output for input features ``x``: shape (n,) for one output unit, else (n, k)."""
    out = forward_taps(params, x, arch, xp, taps=("post",))[-1][0]
    return out[:, 0] if out.shape[-1] == 1 else out
