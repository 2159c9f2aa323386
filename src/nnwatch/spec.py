"""The Spec: one description of a training run, shared by the CLI, the Python API, TOML files and URLs.

A Spec says what to train (data, input features, network), how (loss, optimizer, rates, batch, init, epochs)
and when to take snapshots. It holds no arrays except optional explicit initial weights, so it serialises
to TOML, JSON and a flat ``key=value`` form (the CLI flags and the browser's URL use the same flat keys).

Invalid input raises ``SpecError`` with one line naming the field, never pydantic's multi-line error.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Union
from urllib.parse import parse_qsl, urlencode

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from nnwatch.data import DATASET_NAMES
from nnwatch.errors import LimitError, NNWatchError, SpecError, unknown
from nnwatch.limits import (MAX_CLASSES, MAX_EPOCHS, MAX_LAYERS, MAX_NEURONS, MAX_POINTS, MAX_SNAPSHOTS,
                            MAX_TEXT_CHARS, check_text)
from nnwatch.model.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnwatch.model.mlp import INIT_KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SCALAR_ARRAY = re.compile(r"\[\n((?:    [^\[\]{}\n]+,\n)+)\]")  # an array of scalars, one per line


def _one_line(match: "re.Match") -> str:
    items = [line[4:-1] for line in match.group(1).splitlines()]  # "    item," -> "item"
    return "[" + ", ".join(items) + "]"


__all__ = ["Spec", "DataSpec", "NetworkSpec", "TrainingSpec", "ScheduleSpec", "FLAT_KEYS"]


def _not_a_boolean(value: Any) -> Any:
    # pydantic reads true as 1 and false as 0 for numbers: `epochs = true` in a spec file is a mistake to name.
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")  # noqa: TRY004 - pydantic reports ValueError
    return value


Int = Annotated[int, BeforeValidator(_not_a_boolean)]
Float = Annotated[float, BeforeValidator(_not_a_boolean)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)
    where: ClassVar[str] = ""  # the section's name in a whole spec, to say where an error is

    def __init__(self, **data: Any):
        try:
            super().__init__(**data)
        except ValidationError as err:
            raise _user_error(err, type(self)) from None


class DataSpec(_Section):
    """Where the points come from. ``None`` means the dataset's own default (e.g. 500 points, half for training)."""

    where: ClassVar[str] = "data"

    name: str = "spiral"
    file: str | None = None
    points: Int | None = Field(None, ge=2)
    noise: Float = Field(0.0, ge=0.0, le=1.0)
    train_share: Float | None = Field(None, gt=0.0, le=1.0)
    seed: Int | None = Field(None, ge=0)
    label: str | None = None
    task: Literal["classification", "regression"] | None = None
    classes: Int | None = Field(None, ge=2)
    size: Int | None = Field(None, ge=8, le=64)
    standardize: bool | None = None  # None: standardize the columns of the user's own file, not built-in sets

    def standardizes(self) -> bool:
        """Whether the network sees its raw inputs standardized (mean 0, deviation 1 on the training split).

        On by default for the user's own tables, whose columns come in any units (a wine's proline near 1000
        beside its hue near 1 saturates the first layer); off for the built-in sets, whose stories and numbers
        are told in their own coordinates.
        """
        return self.file is not None if self.standardize is None else self.standardize

    @model_validator(mode="before")
    @classmethod
    def _file_replaces_name(cls, data: Any) -> Any:
        # With a file the built-in dataset's name means nothing; keeping the default 'spiral' beside the file
        # would have run files and `nnwatch info` say the run trained on a spiral.
        if isinstance(data, dict) and data.get("file"):
            data = {k: v for k, v in data.items() if k != "name"}
        return data

    @field_validator("name")
    @classmethod
    def _known_dataset(cls, name: str) -> str:
        if name not in DATASET_NAMES:
            raise unknown("dataset", name, DATASET_NAMES)
        return name

    @field_validator("points")
    @classmethod
    def _points_limit(cls, points: int | None) -> int | None:
        if points is not None and points > MAX_POINTS:
            raise LimitError(f"points is {points}; the limit is {MAX_POINTS}")
        return points

    @field_validator("classes")
    @classmethod
    def _classes_limit(cls, classes: int | None) -> int | None:
        if classes is not None and classes > MAX_CLASSES:
            raise LimitError(f"classes is {classes}; the limit is {MAX_CLASSES}")
        return classes


class NetworkSpec(_Section):
    """Hidden layer sizes, their activation (one for all, or one per layer), the output unit and biases.

    ``hidden`` may also be written as text, ``"8,8"`` or ``"8x250"`` (250 layers of 8). ``residual`` makes every
    hidden layer of unchanged width add its input to its output (h + f(h W + b)), for deep narrow networks;
    ``residual_step`` scales what each adds (h + step * f(h W + b)), so each layer can move a point only a little.
    """

    where: ClassVar[str] = "network"

    hidden: list[Int] = Field(default_factory=lambda: [8, 8])
    activation: Union[str, list[str]] = "tanh"
    output: str = "auto"
    bias: bool = True
    dropout: Float = Field(0.0, ge=0.0, lt=1.0)
    residual: bool = False
    residual_step: Float = Field(1.0, gt=0.0, le=1.0)

    @field_validator("hidden", mode="before")
    @classmethod
    def _hidden_as_text(cls, value: Any) -> Any:
        return parse_layers("hidden", value) if isinstance(value, str) else value

    @field_validator("hidden")
    @classmethod
    def _hidden_limits(cls, hidden: list[int]) -> list[int]:
        if len(hidden) > MAX_LAYERS:
            raise LimitError(f"hidden layers is {len(hidden)}; the limit is {MAX_LAYERS}")
        for size in hidden:
            if size < 1:
                raise SpecError(f"a hidden layer needs at least 1 neuron, got {size}")
            if size > MAX_NEURONS:
                raise LimitError(f"neurons per layer is {size}; the limit is {MAX_NEURONS}")
        return hidden

    @field_validator("activation")
    @classmethod
    def _known_activation(cls, value: Union[str, list[str]]) -> Union[str, list[str]]:
        for name in [value] if isinstance(value, str) else value:
            if name not in HIDDEN_ACTIVATIONS:
                raise unknown("activation", name, HIDDEN_ACTIVATIONS)
        return value

    @field_validator("output")
    @classmethod
    def _known_output(cls, value: str) -> str:
        if value != "auto" and value not in OUTPUT_ACTIVATIONS:
            raise unknown("output activation", value, ("auto",) + OUTPUT_ACTIVATIONS)
        return value

    @model_validator(mode="after")
    def _one_activation_per_layer(self) -> "NetworkSpec":
        if isinstance(self.activation, list) and len(self.activation) not in (1, len(self.hidden)):
            raise SpecError(f"network.activation lists {len(self.activation)} activations for "
                            f"{len(self.hidden)} hidden layers: give one, or one per layer")
        if self.residual_step != 1.0 and not self.residual:
            raise SpecError(f"network.residual_step is {self.residual_step:g}, but the network is not residual: "
                            f"the step scales what a residual layer adds (add --residual)")
        return self

    def hidden_activations(self) -> tuple[str, ...]:
        acts = [self.activation] if isinstance(self.activation, str) else self.activation
        return tuple(acts * len(self.hidden) if len(acts) == 1 else acts)


class InitLayer(_Section):
    """Explicit initial values of one layer: ``w`` of shape (fan_in, fan_out), ``b`` of shape (fan_out,)."""

    where: ClassVar[str] = "training.init_weights"

    w: list[list[Float]]
    b: list[Float] | None = None


class TrainingSpec(_Section):
    """How to train. Defaults follow TF Playground (half squared error, SGD 0.03, batch 10, its init)."""

    where: ClassVar[str] = "training"

    loss: Literal["auto", "half_squared", "mse", "cross_entropy"] = "auto"
    reduction: Literal["mean", "sum"] = "mean"
    optimizer: Literal["sgd", "momentum", "adam"] = "sgd"
    learning_rate: Float = Field(0.03, gt=0.0, le=1e3)
    momentum: Float = Field(0.9, ge=0.0, lt=1.0)
    batch_size: Annotated[Union[int, Literal["full"]], BeforeValidator(_not_a_boolean)] = 10
    shuffle: bool = False
    regularization: Literal["none", "l1", "l2"] = "none"
    regularization_rate: Float = Field(0.0, ge=0.0, le=1e3)
    init: str = "playground"
    init_weights: list[InitLayer] | None = None
    epochs: Int = Field(2000, ge=1)
    target_loss: Float | None = Field(None, ge=0.0)
    dtype: Literal["float32", "float64"] = "float32"
    deep_supervision: bool = False  # residual nets of one width: the output layer's loss at every depth

    @field_validator("batch_size")
    @classmethod
    def _positive_batch(cls, value: Union[int, str]) -> Union[int, str]:
        if isinstance(value, int) and not 1 <= value <= MAX_POINTS:
            raise SpecError(f"batch size must be 1..{MAX_POINTS} or 'full', got {value}")
        return value

    @field_validator("epochs")
    @classmethod
    def _epochs_limit(cls, value: int) -> int:
        if value > MAX_EPOCHS:
            raise LimitError(f"epochs is {value}; the limit is {MAX_EPOCHS}")
        return value

    @field_validator("init")
    @classmethod
    def _known_init(cls, value: str) -> str:
        if value not in INIT_KINDS:
            raise unknown("init", value, INIT_KINDS)
        return value

    @model_validator(mode="after")
    def _explicit_needs_weights(self) -> "TrainingSpec":
        if (self.init == "explicit") != (self.init_weights is not None):
            raise SpecError("init 'explicit' and init_weights go together: give both or neither")
        return self


class ScheduleSpec(_Section):
    """When to take snapshots: ``log`` (``count`` log-spaced), ``every`` N, or an explicit list ``at``.

    ``unit`` says whether the numbers count optimizer steps or epochs. Step 0 (the untrained network) and
    the last step are always recorded.
    """

    where: ClassVar[str] = "schedule"

    kind: Literal["log", "every", "at"] = "log"
    count: Int = Field(300, ge=1)
    every: Int = Field(1, ge=1)
    at: list[Int] = Field(default_factory=list)
    unit: Literal["step", "epoch"] = "step"

    @field_validator("count")
    @classmethod
    def _count_limit(cls, value: int) -> int:
        if value > MAX_SNAPSHOTS:
            raise LimitError(f"snapshots is {value}; the limit is {MAX_SNAPSHOTS}")
        return value

    @field_validator("at")
    @classmethod
    def _non_negative(cls, value: list[int]) -> list[int]:
        if any(v < 0 for v in value):
            raise SpecError("schedule.at holds a negative step")
        if len(value) > MAX_SNAPSHOTS:
            raise LimitError(f"snapshots is {len(value)}; the limit is {MAX_SNAPSHOTS}")
        return sorted(set(value))


class Spec(_Section):
    """A whole run. ``features`` None means x1, x2 for 2-D data and the raw columns otherwise."""

    data: DataSpec = Field(default_factory=DataSpec)
    features: list[str] | None = None
    network: NetworkSpec = Field(default_factory=NetworkSpec)
    training: TrainingSpec = Field(default_factory=TrainingSpec)
    schedule: ScheduleSpec = Field(default_factory=ScheduleSpec)
    seed: Int = Field(0, ge=0, lt=2**32)

    @field_validator("features")
    @classmethod
    def _some_features(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and not value:
            raise SpecError("features is empty: give at least one input feature")
        return value

    @property
    def data_seed(self) -> int:
        return self.seed if self.data.seed is None else self.data.seed

    # -- serialisation -------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out = self.model_dump(mode="json", exclude_none=True)
        if self.data.file:  # the name is not used (see DataSpec); the spec then says what the run trained on
            del out["data"]["name"]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Spec":
        if not isinstance(data, dict):
            raise SpecError("a spec must be a table of sections (data, network, training, schedule)")
        return cls(**data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Spec":
        try:
            return cls.from_dict(json.loads(check_text(text, "spec JSON")))
        except json.JSONDecodeError as err:
            raise SpecError(f"spec JSON is not valid: {err.msg} at line {err.lineno}") from None

    def to_toml(self) -> str:
        import tomli_w

        # tomli_w writes every array one item per line; a list of numbers or names reads better on one line
        # (a 250-layer network's hidden sizes would otherwise fill a screen).
        return _SCALAR_ARRAY.sub(_one_line, tomli_w.dumps(self.to_dict()))

    @classmethod
    def from_toml(cls, text: str) -> "Spec":
        try:
            return cls.from_dict(tomllib.loads(check_text(text, "spec TOML", toml=True)))
        except tomllib.TOMLDecodeError as err:
            raise SpecError(f"spec TOML is not valid: {err}") from None

    @classmethod
    def load(cls, path: str | Path) -> "Spec":
        """Read a spec from a .toml or .json file."""
        path, most = Path(path), 4 * MAX_TEXT_CHARS  # UTF-8 takes at most 4 bytes a character
        try:
            with path.open("rb") as handle:  # read no more than can be used: the path may be /dev/zero
                data = handle.read(most + 1)
        except FileNotFoundError:
            raise SpecError(f"spec file '{path}' does not exist") from None
        except OSError as err:
            raise SpecError(f"cannot read spec file '{path}': {err}") from None
        if len(data) > most:
            raise LimitError(f"spec file '{path}' is over {most} bytes; the limit is MAX_TEXT_CHARS = "
                             f"{MAX_TEXT_CHARS} characters")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise SpecError(f"cannot read spec file '{path}': {err}") from None
        return cls.from_json(text) if path.suffix.lower() == ".json" else cls.from_toml(text)

    def to_query(self) -> str:
        """The spec as a URL query string of flat keys (see FLAT_KEYS)."""
        return urlencode(to_flat(self))

    @classmethod
    def from_query(cls, query: str) -> "Spec":
        pairs = parse_qsl(query.lstrip("?#"), keep_blank_values=True)
        return from_flat(dict(pairs))

    def with_flat(self, **flat: Any) -> "Spec":
        """A copy with some flat keys replaced, e.g. ``spec.with_flat(hidden="4,2", lr=0.1)``."""
        return from_flat({k: v for k, v in flat.items() if v is not None}, base=self)


def _user_error(err: ValidationError, section: type[_Section]) -> NNWatchError:
    """pydantic's first complaint as one line; our own errors raised in validators keep their type."""
    first = err.errors()[0]
    inner = first.get("ctx", {}).get("error")
    if isinstance(inner, NNWatchError):
        return type(inner)(str(inner))
    where = section.where
    field = ".".join([where] * bool(where) + [str(p) for p in first["loc"]])
    if first["type"] == "extra_forbidden":
        return unknown("setting", field, [".".join([where] * bool(where) + [f]) for f in section.model_fields])
    return SpecError(f"{field}: {first['msg'].removeprefix('Value error, ')}")


# Flat keys: one name per field, used by CLI flags and URL queries. (section, field, kind)
FLAT_KEYS: dict[str, tuple[str | None, str, str]] = {
    "dataset": ("data", "name", "str"), "file": ("data", "file", "str"), "points": ("data", "points", "int"),
    "noise": ("data", "noise", "float"), "train_share": ("data", "train_share", "float"),
    "data_seed": ("data", "seed", "int"), "label": ("data", "label", "str"), "task": ("data", "task", "str"),
    "classes": ("data", "classes", "int"), "image_size": ("data", "size", "int"),
    "standardize": ("data", "standardize", "bool"),
    "features": (None, "features", "list"),
    "hidden": ("network", "hidden", "layers"), "activation": ("network", "activation", "list1"),
    "output_unit": ("network", "output", "str"), "bias": ("network", "bias", "bool"),
    "dropout": ("network", "dropout", "float"), "residual": ("network", "residual", "bool"),
    "residual_step": ("network", "residual_step", "float"),
    "loss": ("training", "loss", "str"), "reduction": ("training", "reduction", "str"),
    "optimizer": ("training", "optimizer", "str"), "lr": ("training", "learning_rate", "float"),
    "momentum": ("training", "momentum", "float"), "batch": ("training", "batch_size", "batch"),
    "shuffle": ("training", "shuffle", "bool"), "regularization": ("training", "regularization", "str"),
    "reg_rate": ("training", "regularization_rate", "float"), "init": ("training", "init", "str"),
    "init_weights": ("training", "init_weights", "json"), "epochs": ("training", "epochs", "int"),
    "target_loss": ("training", "target_loss", "float"), "dtype": ("training", "dtype", "str"),
    "deep_supervision": ("training", "deep_supervision", "bool"),
    "schedule": ("schedule", "kind", "str"), "snapshots": ("schedule", "count", "int"),
    "every": ("schedule", "every", "int"), "at": ("schedule", "at", "intlist"), "unit": ("schedule", "unit", "str"),
    "seed": (None, "seed", "int"),
}


def to_flat(spec: Spec) -> dict[str, str]:
    nested = spec.to_dict()
    flat = {}
    for key, (section, field, kind) in FLAT_KEYS.items():
        value = (nested.get(section, {}) if section else nested).get(field)
        if value is not None:
            flat[key] = _format_flat(value, kind)
    return flat


def from_flat(flat: dict[str, Any], base: Spec | None = None) -> Spec:
    """Build a Spec from flat keys (strings as typed on a command line or in a URL), over ``base``."""
    nested = (base or Spec()).to_dict()
    for key, raw in flat.items():
        if key not in FLAT_KEYS:
            raise unknown("setting", key, FLAT_KEYS)
        section, field, kind = FLAT_KEYS[key]
        target = nested.setdefault(section, {}) if section else nested
        target[field] = _parse_flat(key, raw, kind)
    return Spec.from_dict(nested)


def _format_flat(value: Any, kind: str) -> str:
    if kind == "json":
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _parse_flat(key: str, raw: Any, kind: str) -> Any:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if kind == "json":
        try:
            return json.loads(check_text(text, key))
        except json.JSONDecodeError:
            raise SpecError(f"{key}: not valid JSON") from None
    if kind == "layers":
        return parse_layers(key, text)
    if kind in ("list", "list1", "intlist"):
        items = [t.strip() for t in text.split(",")] if text and text.lower() != "none" else []
        if kind == "intlist":
            return [_parse_int(key, t) for t in items]
        if kind == "list1" and len(items) == 1:
            return items[0]
        return items
    if kind == "batch" and text.lower() == "full":
        return "full"
    if kind in ("int", "batch"):
        return _parse_int(key, text)
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise SpecError(f"{key}: '{text}' is not a number") from None
    if kind == "bool":
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise SpecError(f"{key}: '{text}' is not true or false")
    return text


def parse_layers(key: str, text: str) -> list[int]:
    """Layer sizes from text: "8,8", "none" (no layer), "8x250" (250 layers of 8), or mixed: "16,8x100,4"."""
    text = text.strip()
    if not text or text.lower() == "none":
        return []
    runs = []
    for item in (t.strip() for t in text.split(",")):
        width, times, count = item.replace("X", "x").replace("×", "x").partition("x")
        repeat = _parse_int(key, count.strip()) if times else 1
        if repeat < 1:
            raise SpecError(f"{key}: '{item}' repeats a layer {repeat} times; write WIDTHxCOUNT with COUNT >= 1")
        runs.append((_parse_int(key, width.strip()), repeat))
    total = sum(repeat for _, repeat in runs)
    if total > MAX_LAYERS:  # counted before expanding: '8x10000000000' must not fill the memory
        raise LimitError(f"hidden layers is {total}; the limit is {MAX_LAYERS}")
    return [width for width, repeat in runs for _ in range(repeat)]


def _parse_int(key: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SpecError(f"{key}: '{text}' is not a whole number") from None
