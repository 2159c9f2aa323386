"""Size on disk and peak memory of a 10,000-snapshot run of 2-8-8-1 (goals: <= 20 MB, `nnwatch train` < 1 GB).

Runs the real command line in a child process and reads its peak resident memory from the OS. Prints one
JSON line.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "big.npz"
        cmd = [sys.executable, "-m", "nnwatch", "train", "--dataset", "spiral", "--hidden", "8,8", "--epochs", "400",
               "--schedule", "every", "--every", "1", "-o", str(out)]
        subprocess.run(cmd, check=True, capture_output=True)
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        from nnwatch.record import Run

        snapshots = len(Run.load(out))
        print(json.dumps({"snapshots": snapshots, "file_mb": round(out.stat().st_size / 2**20, 2),
                          "peak_memory_mb": round(peak_kb / 1024), "goal_file_mb": 20, "goal_peak_memory_mb": 1024}))
