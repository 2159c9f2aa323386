"""Run: a spec, its dataset and its snapshots, saved as one .npz that loads without pickle.

Layout of the file (all plain arrays):
  header                 JSON text: format, version, spec, dataset description, architecture, status
  dataset/x_train ...    the four dataset arrays
  snapshots/step, snapshots/epoch, snapshots/<metric>     one value per snapshot
  snapshots/w<i>, snapshots/b<i>                          layer i's params stacked over snapshots
Loading checks the format, the version, every header field, every shape and dtype (from the .npy headers,
before anything is decompressed) and the values that must be in range, and says what is wrong in one line
(see run_file). Saving writes a temporary file beside the target and moves it into place.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnwatch.data import Dataset
from nnwatch.errors import LimitError, NNWatchError, RunFileError
from nnwatch.limits import MAX_RUN_BYTES, MAX_TEXT_CHARS, check_limit
from nnwatch.model.mlp import Architecture
from nnwatch.record.atomic import replaced_atomically
from nnwatch.record.run_file import (
    DATA_ARRAYS,
    FORMAT,
    METRICS,
    VERSION,
    Contents,
    read_run_file,
)
from nnwatch.record.snapshot import Snapshot
from nnwatch.record.status import DONE
from nnwatch.spec import Spec

__all__ = ["Run", "FORMAT", "VERSION", "check_output_path"]


@dataclass(eq=False)
class Run:
    """The record of one training run. ``status`` is 'done', 'diverged' or 'target reached'."""

    spec: Spec
    dataset: Dataset
    arch: Architecture
    snapshots: list[Snapshot] = field(default_factory=list)
    status: str = DONE

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
        header = json.dumps(self._header())
        arrays = {"header": np.array(header)}
        arrays.update({f"dataset/{name}": getattr(self.dataset, name) for name in DATA_ARRAYS})
        arrays.update(self._snapshot_arrays())
        # What could not be loaded again is not written: the reader holds files to these limits.
        check_limit("the run file's header length", len(header), MAX_TEXT_CHARS)
        check_limit("the run file's arrays in bytes (MAX_RUN_BYTES; take fewer snapshots)",
                    sum(a.nbytes for a in arrays.values()), MAX_RUN_BYTES)
        with replaced_atomically(path) as tmp, open(tmp, "wb") as handle:
            np.savez(handle, **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "Run":
        path = Path(path)
        if not path.is_file():
            raise RunFileError(f"run file '{path}' does not exist")
        try:
            return _run_of(read_run_file(path))
        except LimitError as err:
            raise LimitError(f"'{path}': {err}") from None
        except NNWatchError as err:
            raise RunFileError(f"'{path}': {err}") from None

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
                             "residual_step": self.arch.residual_step,
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


def _run_of(contents: Contents) -> Run:
    header, arrays = contents.header, contents.arrays
    try:
        spec = Spec.from_dict(header.spec)
    except NNWatchError as err:
        raise RunFileError(f"holds a spec this nnwatch cannot use: {err}") from None
    a = header.architecture
    arch = Architecture(features=tuple(a.features), n_raw_inputs=a.n_raw_inputs, sizes=tuple(a.sizes),
                        activations=tuple(a.activations), output=a.output, use_bias=a.use_bias, dtype=a.dtype,
                        residual=a.residual, residual_step=a.residual_step, input_shift=tuple(a.input_shift),
                        input_scale=tuple(a.input_scale))
    d = header.dataset
    dataset = Dataset(name=d.name, **{name: arrays[f"dataset/{name}"] for name in DATA_ARRAYS}, task=d.task,
                      classes=tuple(d.classes), input_names=tuple(d.input_names),
                      domain=tuple((lo, hi) for lo, hi in d.domain),
                      image_shape=tuple(d.image_shape) if d.image_shape else None, description=d.description)
    columns = {name: arrays[f"snapshots/{name}"] for name in ("step", "epoch", *METRICS)}
    params = [{key: arrays[f"snapshots/{key}{i}"] for key in ("w", "b")} for i in range(arch.n_layers)]
    snapshots = [Snapshot(step=int(columns["step"][j]), epoch=float(columns["epoch"][j]),
                          params=[{k: layer[k][j] for k in ("w", "b")} for layer in params],
                          **{m: float(columns[m][j]) for m in METRICS}, arch=arch) for j in range(header.n_snapshots)]
    return Run(spec=spec, dataset=dataset, arch=arch, snapshots=snapshots, status=header.status)
