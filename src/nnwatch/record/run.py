"""Run: a spec, its dataset and its snapshots, saved as one .npz that loads without pickle.

Layout of the file (all plain arrays):
  header                 JSON text: format, version, spec, dataset description, architecture, status
  dataset/x_train ...    the four dataset arrays
  snapshots/step, snapshots/epoch, snapshots/<metric>     one value per snapshot
  snapshots/w<i>, snapshots/b<i>                          layer i's params stacked over snapshots
Loading checks the format, the version and every shape, and says what is wrong in one line.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnwatch.data import Dataset
from nnwatch.errors import NNWatchError, RunFileError
from nnwatch.model.mlp import Architecture
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec

__all__ = ["Run", "FORMAT", "VERSION", "check_output_path"]

FORMAT = "nnwatch-run"
VERSION = 1
METRICS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
DATA_ARRAYS = ("x_train", "y_train", "x_test", "y_test")


@dataclass(eq=False)
class Run:
    """The record of one training run. ``status`` is 'done', 'diverged' or 'target reached'."""

    spec: Spec
    dataset: Dataset
    arch: Architecture
    snapshots: list[Snapshot] = field(default_factory=list)
    status: str = "done"

    def __len__(self) -> int:
        return len(self.snapshots)

    def __getitem__(self, index: int) -> Snapshot:
        return self.snapshots[index]

    @property
    def final(self) -> Snapshot:
        return self.snapshots[-1]

    def save(self, path: str | Path) -> Path:
        """Write the run to ``path`` atomically: a partial file never appears there."""
        path = check_output_path(path)
        arrays = {"header": np.array(json.dumps(self._header()))}
        arrays.update({f"dataset/{name}": getattr(self.dataset, name) for name in DATA_ARRAYS})
        arrays.update(self._snapshot_arrays())
        _write_atomically(path, arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "Run":
        path = Path(path)
        arrays = _read_arrays(path)
        try:
            return _run_from_arrays(arrays)
        except RunFileError as err:
            raise RunFileError(f"'{path}': {err}") from None
        except NNWatchError as err:
            raise RunFileError(f"'{path}' holds a spec this nnwatch cannot use: {err}") from None

    def _header(self) -> dict:
        ds = self.dataset
        return {
            "format": FORMAT, "version": VERSION, "status": self.status, "n_snapshots": len(self.snapshots),
            "spec": self.spec.to_dict(),
            "dataset": {"name": ds.name, "task": ds.task, "classes": list(ds.classes),
                        "input_names": list(ds.input_names), "domain": [list(d) for d in ds.domain],
                        "image_shape": list(ds.image_shape) if ds.image_shape else None,
                        "description": ds.description},
            "architecture": {"features": list(self.arch.features), "n_raw_inputs": self.arch.n_raw_inputs,
                             "sizes": list(self.arch.sizes), "activations": list(self.arch.activations),
                             "output": self.arch.output, "use_bias": self.arch.use_bias,
                             "dtype": self.arch.dtype, "residual": self.arch.residual,
                             "input_shift": list(self.arch.input_shift),
                             "input_scale": list(self.arch.input_scale)},
        }

    def _snapshot_arrays(self) -> dict[str, np.ndarray]:
        snaps = self.snapshots
        out = {"snapshots/step": np.array([s.step for s in snaps], dtype=np.int64),
               "snapshots/epoch": np.array([s.epoch for s in snaps], dtype=np.float64)}
        for metric in METRICS:
            out[f"snapshots/{metric}"] = np.array([getattr(s, metric) for s in snaps], dtype=np.float64)
        for i, shapes in enumerate(self.arch.param_shapes()):
            for key in ("w", "b"):
                stacked = np.empty((len(snaps), *shapes[key]), dtype=self.arch.dtype)
                for j, snap in enumerate(snaps):
                    stacked[j] = snap.params[i][key]
                out[f"snapshots/{key}{i}"] = stacked
        return out


def check_output_path(path: str | Path) -> Path:
    """The path, if a file can be written there; else a one-line error (checked before any work is done)."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise NNWatchError(f"cannot write '{path}': the directory '{parent}' does not exist")
    if path.is_dir():
        raise NNWatchError(f"cannot write '{path}': it is a directory")
    if not os.access(parent, os.W_OK):
        raise NNWatchError(f"cannot write '{path}': the directory '{parent}' is not writable")
    return path


def _write_atomically(path: Path, arrays: dict[str, np.ndarray]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise RunFileError(f"run file '{path}' does not exist")
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as err:
        reason = "it holds Python objects, which nnwatch never loads" if "pickle" in str(err) else "not a valid .npz"
        raise RunFileError(f"'{path}' is not an nnwatch run file ({reason})") from None


def _run_from_arrays(arrays: dict[str, np.ndarray]) -> Run:
    header = _header_of(arrays)
    spec = Spec.from_dict(header["spec"])
    arch = _architecture_of(header)
    dataset = _dataset_of(header, arrays, arch)
    n = header["n_snapshots"]
    columns = {name: _array(arrays, f"snapshots/{name}", (n,)) for name in ("step", "epoch", *METRICS)}
    params = [{key: _array(arrays, f"snapshots/{key}{i}", (n, *shape)) for key, shape in shapes.items()}
              for i, shapes in enumerate(arch.param_shapes())]
    snapshots = [Snapshot(step=int(columns["step"][j]), epoch=float(columns["epoch"][j]),
                          params=[{k: layer[k][j] for k in ("w", "b")} for layer in params],
                          **{m: float(columns[m][j]) for m in METRICS}, arch=arch) for j in range(n)]
    return Run(spec=spec, dataset=dataset, arch=arch, snapshots=snapshots, status=str(header["status"]))


def _header_of(arrays: dict[str, np.ndarray]) -> dict:
    if "header" not in arrays or arrays["header"].dtype.kind != "U" or arrays["header"].shape != ():
        raise RunFileError("not an nnwatch run file (no header)")
    try:
        header = json.loads(str(arrays["header"]))
    except json.JSONDecodeError:
        raise RunFileError("its header is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RunFileError("not an nnwatch run file (unknown format)")
    version = header.get("version")
    if not isinstance(version, int) or version > VERSION or version < 1:
        raise RunFileError(f"run file version {version!r}; this nnwatch reads version {VERSION}")
    missing = {"spec", "dataset", "architecture", "status", "n_snapshots"} - set(header)
    if missing:
        raise RunFileError(f"its header lacks {', '.join(sorted(missing))}")
    if not isinstance(header["n_snapshots"], int) or header["n_snapshots"] < 1:
        raise RunFileError("its header gives no snapshot count")
    return header


def _architecture_of(header: dict) -> Architecture:
    a = header["architecture"]
    try:
        arch = Architecture(features=tuple(a["features"]), n_raw_inputs=int(a["n_raw_inputs"]),
                            sizes=tuple(int(s) for s in a["sizes"]), activations=tuple(a["activations"]),
                            output=str(a["output"]), use_bias=bool(a["use_bias"]), dtype=str(a["dtype"]),
                            residual=bool(a.get("residual", False)),  # files written before residual networks
                            input_shift=tuple(float(v) for v in a.get("input_shift", ())),  # before standardizing
                            input_scale=tuple(float(v) for v in a.get("input_scale", ())))
    except (KeyError, TypeError, ValueError):
        raise RunFileError("its architecture is incomplete") from None
    if len(arch.sizes) < 2 or min(arch.sizes) < 1 or arch.dtype not in ("float32", "float64"):
        raise RunFileError("its architecture is not valid")
    shift, scale = np.asarray(arch.input_shift), np.asarray(arch.input_scale)
    if arch.standardized and not (len(shift) == len(scale) == arch.n_raw_inputs and np.all(np.isfinite(shift))
                                  and np.all(np.isfinite(scale)) and np.all(scale > 0)):
        raise RunFileError("its architecture's input_shift and input_scale are not one finite number (scale > 0) "
                           "per raw input")
    return arch


def _dataset_of(header: dict, arrays: dict[str, np.ndarray], arch: Architecture) -> Dataset:
    d = header["dataset"]
    found = {name: arrays.get(f"dataset/{name}") for name in DATA_ARRAYS}
    if any(v is None for v in found.values()):
        raise RunFileError("its dataset arrays are missing")
    for part in ("train", "test"):
        x, y = found[f"x_{part}"], found[f"y_{part}"]
        if x.ndim != 2 or y.ndim != 1 or len(x) != len(y) or x.shape[1] != arch.n_raw_inputs:
            raise RunFileError(f"its {part} data have shapes {x.shape} and {y.shape}, which do not fit the network")
    try:
        return Dataset(name=str(d["name"]), **found, task=str(d["task"]), classes=tuple(d["classes"]),
                       input_names=tuple(d["input_names"]), domain=tuple(tuple(v) for v in d["domain"]),
                       image_shape=tuple(d["image_shape"]) if d.get("image_shape") else None,
                       description=str(d.get("description", "")))
    except (KeyError, TypeError, ValueError):
        raise RunFileError("its dataset description is incomplete") from None


def _array(arrays: dict[str, np.ndarray], name: str, shape: tuple[int, ...]) -> np.ndarray:
    if name not in arrays:
        raise RunFileError(f"the array '{name}' is missing")
    value = arrays[name]
    if value.shape != shape:
        raise RunFileError(f"the array '{name}' has shape {value.shape}, expected {shape}")
    return value
