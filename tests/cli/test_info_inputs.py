"""`nnwatch info` says whether the network standardizes its inputs, and by what."""

import os
import subprocess
import sys

import numpy as np

import nnwatch


def info(path):
    # A wide terminal, so that Rich does not wrap the table's cells across lines.
    return subprocess.run([sys.executable, "-m", "nnwatch", "info", str(path)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "400"})


def test_info_shows_the_standardization_of_a_table_and_none_for_a_built_in_set(tmp_path):
    rows = np.column_stack([np.linspace(1000, 2000, 40), np.linspace(0, 1, 40)[::-1], np.arange(40) % 2])
    csv = tmp_path / "units.csv"
    np.savetxt(csv, rows, delimiter=",", header="length_mm,weight_t,label", comments="", fmt="%.6g")
    table = nnwatch.train(file=str(csv), label="label", epochs=1, hidden="2")
    shown = info(table.save(tmp_path / "units.npz"))
    assert shown.returncode == 0
    mean = table.arch.input_shift[0]
    assert "standardized on the training split" in shown.stdout and f"length_mm ({mean:.4g} ±" in shown.stdout
    circle = nnwatch.train(dataset="circle", epochs=1, hidden="2")
    assert "as given (not standardized)" in info(circle.save(tmp_path / "circle.npz")).stdout
