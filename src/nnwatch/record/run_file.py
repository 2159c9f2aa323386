"""Reading a run file without trusting it: every field of its header and every array is checked before use.

The order matters for hostile files. The header (a JSON string array) is read first, its length and nesting
bounded before it is parsed; its fields are validated (types, ranges, and names by the model's own parsers);
from them follow the exact arrays the file must hold, so every other member's .npy header is checked against
the shape and dtype it must have, and unknown members are refused, before any body is decompressed. Only then
are the arrays loaded, and their values checked (labels in range, finite data, steps that are not negative).

Errors carry no file name: ``Run.load`` adds it.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from nnwatch.data import CLASSIFICATION, REGRESSION
from nnwatch.data.npz import Npz, open_npz
from nnwatch.errors import NNWatchError, RunFileError
from nnwatch.limits import (
    MAX_CLASSES,
    MAX_FEATURES,
    MAX_LAYERS,
    MAX_NEURONS,
    MAX_POINTS,
    MAX_RUN_BYTES,
    MAX_SNAPSHOTS,
    MAX_TEXT_CHARS,
    check_limit,
    check_text,
)
from nnwatch.model.activations import check_hidden, check_output
from nnwatch.model.features import parse_features

__all__ = ["DATA_ARRAYS", "FORMAT", "METRICS", "VERSION", "Contents", "RunHeader", "read_run_file"]

FORMAT = "nnwatch-run"
VERSION = 1
METRICS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
DATA_ARRAYS = ("x_train", "y_train", "x_test", "y_test")
_MAX_WIDTH = max(MAX_NEURONS, MAX_FEATURES, MAX_CLASSES)  # the widest layer: inputs, hidden or outputs
_WHOLE, _REAL = "iu", "f"  # dtype kinds: integers, floating point (never complex, never text)
_KIND_NAMES = {_WHOLE: "whole numbers", _REAL: "floating-point numbers"}


class _Strict(BaseModel):
    # strict: a header written by nnwatch has exact JSON types, so "3", 3.5 or true where a count belongs
    # mean a damaged or forged file. Unknown keys are ignored: they carry nothing this version reads.
    model_config = ConfigDict(strict=True, extra="ignore", allow_inf_nan=False, frozen=True)


class ArchitectureHeader(_Strict):
    features: list[str] = Field(min_length=1, max_length=MAX_FEATURES)
    n_raw_inputs: int = Field(ge=1, le=MAX_FEATURES)
    sizes: list[int] = Field(min_length=2, max_length=MAX_LAYERS + 2)
    activations: list[str]
    output: str
    use_bias: bool
    dtype: Literal["float32", "float64"]
    residual: bool = False  # files written before residual networks
    residual_step: float = Field(1.0, gt=0.0, le=1.0)  # and before the step
    input_shift: list[float] = Field(default_factory=list)  # empty: not standardized (and files from before)
    input_scale: list[float] = Field(default_factory=list)

    @field_validator("sizes")
    @classmethod
    def _widths(cls, sizes: list[int]) -> list[int]:
        for size in sizes:
            check_limit("a layer's width", size, _MAX_WIDTH, minimum=1)
        return sizes

    @field_validator("activations")
    @classmethod
    def _known_activations(cls, names: list[str]) -> list[str]:
        return [check_hidden(name) for name in names]

    @field_validator("output")
    @classmethod
    def _known_output(cls, name: str) -> str:
        return check_output(name)

    @model_validator(mode="after")
    def _consistent(self) -> ArchitectureHeader:
        if len(self.activations) != len(self.sizes) - 2:
            raise ValueError(f"{len(self.activations)} activations for {len(self.sizes) - 2} hidden layers")
        if self.sizes[0] != len(self.features):
            raise ValueError(f"{len(self.features)} features for a first layer of {self.sizes[0]} inputs")
        parse_features(self.features, self.n_raw_inputs)  # names the model can compute, each once
        if (self.input_shift or self.input_scale) and not (
                len(self.input_shift) == len(self.input_scale) == self.n_raw_inputs
                and all(v > 0 for v in self.input_scale)):
            raise ValueError("input_shift and input_scale must give one number (scale > 0) per raw input")
        return self


class DatasetHeader(_Strict):
    name: str
    task: Literal["classification", "regression"]
    classes: list[str] = Field(max_length=MAX_CLASSES)
    input_names: list[str]
    domain: list[list[float]]
    image_shape: list[int] | None = None
    description: str = ""

    @field_validator("domain")
    @classmethod
    def _ranges(cls, domain: list[list[float]]) -> list[list[float]]:
        if any(len(pair) != 2 or not pair[0] <= pair[1] for pair in domain):  # equal: a constant huge column
            raise ValueError("each input's range must be [low, high] with low <= high")
        return domain

    @model_validator(mode="after")
    def _classes_fit_the_task(self) -> DatasetHeader:
        if self.task == CLASSIFICATION and len(self.classes) < 2:
            raise ValueError(f"classification needs at least 2 classes, the header names {len(self.classes)}")
        if self.task == REGRESSION and self.classes:
            raise ValueError("regression has no classes, the header names some")
        return self


class RunHeader(_Strict):
    format: Literal["nnwatch-run"]
    version: int
    status: str = Field(max_length=100)
    n_snapshots: int = Field(ge=1, le=MAX_SNAPSHOTS)
    spec: dict[str, Any]
    dataset: DatasetHeader
    architecture: ArchitectureHeader

    @model_validator(mode="after")
    def _dataset_fits_the_network(self) -> RunHeader:
        d, a = self.dataset, self.architecture
        for field, values in (("input_names", d.input_names), ("domain", d.domain)):
            if len(values) != a.n_raw_inputs:
                raise ValueError(f"dataset.{field} has {len(values)} entries for {a.n_raw_inputs} raw inputs")
        if d.image_shape is not None and (len(d.image_shape) != 2 or min(d.image_shape) < 1
                                          or d.image_shape[0] * d.image_shape[1] != a.n_raw_inputs):
            raise ValueError(f"dataset.image_shape {d.image_shape} does not hold {a.n_raw_inputs} inputs")
        outputs = len(d.classes) if len(d.classes) > 2 else 1
        if a.sizes[-1] != outputs:
            raise ValueError(f"architecture.sizes ends in {a.sizes[-1]} outputs; the dataset needs {outputs}")
        return self


@dataclass(frozen=True)
class Contents:
    header: RunHeader
    arrays: dict[str, np.ndarray]


def read_run_file(path: Path) -> Contents:
    """The checked header and arrays of a run file; RunFileError (or LimitError) saying what is wrong."""
    if not zipfile.is_zipfile(path):  # random bytes: not a zip at all (np.load would blame pickling)
        raise RunFileError("is not an nnwatch run file (not a valid .npz)")
    with open_npz(str(path), RunFileError) as archive:
        header = _read_header(archive)
        expected = _expected_arrays(archive, header)
        arrays = archive.load(expected, MAX_RUN_BYTES, "MAX_RUN_BYTES")
    _check_values(header, arrays)
    return Contents(header, arrays)


def _read_header(archive: Npz) -> RunHeader:
    if "header" not in archive.names:
        raise RunFileError("is not an nnwatch run file (no header)")
    member = archive.member("header")
    if member.dtype.kind != "U" or member.shape != ():
        raise RunFileError("is not an nnwatch run file (no header)")
    check_limit("its header length", member.dtype.itemsize // 4, MAX_TEXT_CHARS)
    text = str(archive.load(["header"], member.nbytes, "MAX_TEXT_CHARS")["header"])
    try:
        raw = json.loads(check_text(text, "its header JSON"))
    except json.JSONDecodeError:
        raise RunFileError("its header is not valid JSON") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise RunFileError("is not an nnwatch run file (unknown format)")
    version = raw.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:  # type(): True is an int too
        raise RunFileError(f"run file version {version!r}; this nnwatch reads version {VERSION}")
    try:
        return RunHeader.model_validate(raw)
    except ValidationError as err:
        raise _header_error(err) from None


def _header_error(err: ValidationError) -> NNWatchError:
    """pydantic's first complaint as one line naming the header field; our own errors keep their text."""
    first = err.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    inner = first.get("ctx", {}).get("error")
    text = str(inner) if isinstance(inner, Exception) else first["msg"]
    if first["type"] == "missing":
        return RunFileError(f"its header lacks {field}")
    return RunFileError(f"its header's {field} is not valid: {text}" if field else f"its header is not valid: {text}")


def _expected_arrays(archive: Npz, header: RunHeader) -> list[str]:
    """Every array the header implies, each member's .npy header checked against it; unknown members refused."""
    n, arch = header.n_snapshots, header.architecture
    wanted: dict[str, tuple[tuple[int, ...], str]] = {}  # name -> (shape, dtype: a kind letter or a name)
    for name in ("step", "epoch", *METRICS):
        wanted[f"snapshots/{name}"] = ((n,), _WHOLE if name == "step" else _REAL)
    for i, (fan_in, fan_out) in enumerate(zip(arch.sizes[:-1], arch.sizes[1:])):
        wanted[f"snapshots/w{i}"] = ((n, fan_in, fan_out), arch.dtype)
        wanted[f"snapshots/b{i}"] = ((n, fan_out), arch.dtype)
    known = {"header", *wanted, *(f"dataset/{a}" for a in DATA_ARRAYS)}
    unknown = sorted(set(archive.names) - known)
    if unknown:
        raise RunFileError(f"holds an array {unknown[0]!r} that no run file has")
    for name, (shape, dtype) in wanted.items():
        _check_member(archive, name, shape, dtype)
    _check_data_members(archive, header)
    return [*(f"dataset/{a}" for a in DATA_ARRAYS), *wanted]


def _check_member(archive: Npz, name: str, shape: tuple[int, ...], dtype: str) -> None:
    """The member exists with this shape, and holds this dtype (a name) or a dtype of these kinds."""
    if name not in archive.names:
        raise RunFileError(f"the array {name!r} is missing")
    member = archive.member(name)
    if member.shape != shape:
        raise RunFileError(f"the array {name!r} has shape {member.shape}, expected {shape}")
    fits = member.dtype.kind in dtype if dtype in _KIND_NAMES else member.dtype == np.dtype(dtype)
    if not fits:
        raise RunFileError(f"the array {name!r} holds {member.dtype}, expected {_KIND_NAMES.get(dtype, dtype)}")


def _check_data_members(archive: Npz, header: RunHeader) -> None:
    labels = _WHOLE if header.dataset.task == CLASSIFICATION else _REAL
    rows = 0
    for part in ("train", "test"):
        for name in (f"dataset/x_{part}", f"dataset/y_{part}"):
            if name not in archive.names:
                raise RunFileError("its dataset arrays are missing")
        x, y = archive.member(f"dataset/x_{part}"), archive.member(f"dataset/y_{part}")
        if len(x.shape) != 2 or len(y.shape) != 1 or x.shape[0] != y.shape[0] \
                or x.shape[1] != header.architecture.n_raw_inputs:
            raise RunFileError(f"its {part} data have shapes {x.shape} and {y.shape}, which do not fit the network")
        _check_member(archive, x.name, x.shape, _REAL)
        _check_member(archive, y.name, y.shape, labels)
        rows += x.shape[0]
    check_limit("its dataset's points", rows, MAX_POINTS)


def _check_values(header: RunHeader, arrays: dict[str, np.ndarray]) -> None:
    k = len(header.dataset.classes)
    for part in ("train", "test"):
        x, y = arrays[f"dataset/x_{part}"], arrays[f"dataset/y_{part}"]
        if not np.isfinite(x).all() or (k == 0 and not np.isfinite(y).all()):
            raise RunFileError(f"its {part} data hold NaN or infinity")
        if k and len(y) and (y.min() < 0 or y.max() >= k):
            raise RunFileError(f"its {part} labels run {y.min()}..{y.max()}; {k} classes take 0..{k - 1}")
    steps, epochs = arrays["snapshots/step"], arrays["snapshots/epoch"]
    if steps.min() < 0 or not (np.isfinite(epochs).all() and epochs.min() >= 0):
        raise RunFileError("its snapshots have a negative or non-finite step or epoch")
