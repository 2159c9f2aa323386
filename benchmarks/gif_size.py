"""The README's GIF with the defaults: `nnwatch render --dataset circle --hidden 4,2 -o circle.gif` (goal <= 4 MB).

Runs the real command line in a child process; prints one JSON line with the file's size, its frames and
size in pixels, and the seconds the command took.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "circle.gif"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nnwatch", "render", "--dataset", "circle", "--hidden", "4,2", "-o",
                        str(out)], check=True, capture_output=True)
        seconds = time.perf_counter() - started
        with Image.open(out) as gif:
            frames, size = gif.n_frames, gif.size
        print(json.dumps({"file_mb": round(out.stat().st_size / 2**20, 2), "frames": frames, "size": list(size),
                          "command_s": round(seconds, 1), "goal_file_mb": 4}))
