"""Test accuracy of real tables trained with the bare command (goals: wine >= 0.90, breast cancer >= 0.95).

scikit-learn's wine and breast-cancer tables are written to CSV, then `nnwatch train --file F --label target`
runs as a user would type it, once with the defaults (inputs standardized) and once with --no-standardize for
the baseline. The seeds after the default show the spread. Prints one JSON line.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SEEDS = (None, 1, 2, 3)  # None: the command's own default seed


def write_table(path: Path, loader) -> Path:
    table = loader()
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([name.replace(" ", "_") for name in table.feature_names] + ["target"])
        for row, target in zip(table.data, table.target):
            out.writerow([repr(float(v)) for v in row] + [int(target)])
    return path


def accuracy(csv_path: Path, folder: Path, *flags: str) -> float:
    from nnwatch.record import Run

    out = folder / "run.npz"
    cmd = [sys.executable, "-m", "nnwatch", "train", "--file", str(csv_path), "--label", "target", "-o", str(out),
           *flags]
    subprocess.run(cmd, check=True, capture_output=True)
    return round(Run.load(out).final.test_accuracy, 4)


if __name__ == "__main__":
    from sklearn.datasets import load_breast_cancer, load_wine

    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, loader in (("wine", load_wine), ("breast_cancer", load_breast_cancer)):
            table = write_table(folder / f"{name}.csv", loader)
            result[name] = accuracy(table, folder)
            result[f"{name}_no_standardize"] = accuracy(table, folder, "--no-standardize")
            result[f"{name}_seeds_1_3"] = [accuracy(table, folder, "--seed", str(s)) for s in SEEDS[1:]]
    print(json.dumps({**result, "goal_wine": 0.90, "goal_breast_cancer": 0.95}))
