"""An expression that overflows is one line of error, with no NumPy warning before it."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", ["train", "render"])
def test_overflowing_feature_is_one_line_and_no_warning(tmp_path, command):
    out = tmp_path / ("x.npz" if command == "train" else "x.mp4")
    done = subprocess.run([sys.executable, "-m", "nnwatch", command, "--features", "exp(exp(exp(x1*9)))",
                           "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: an input feature is NaN or infinite on the data (check custom feature expressions)"]
    assert list(tmp_path.iterdir()) == []
