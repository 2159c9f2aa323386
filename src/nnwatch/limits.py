"""Size limits, in one place so that every entry point (CLI, Python, browser) enforces the same ones.

They keep a typo (``--hidden 80000``) from eating the machine. Each check names the limit it enforces.
"""

from __future__ import annotations

import re

import numpy as np

from nnwatch.errors import LimitError

__all__ = ["MAX_LAYERS", "MAX_NEURONS", "MAX_POINTS", "MAX_GRID", "MAX_FEATURES", "MAX_EPOCHS",
           "MAX_SNAPSHOTS", "MAX_BATCH", "MAX_CLASSES", "MAX_NESTING", "MAX_TEXT_CHARS", "MAX_DATA_BYTES",
           "MAX_RUN_BYTES", "check_limit", "check_text"]

MAX_LAYERS = 300        # hidden layers; the deep-network lesson uses 250
MAX_NEURONS = 1024      # neurons in one layer
MAX_POINTS = 200_000    # data points (train + test)
MAX_GRID = 1000         # grid density per axis for probes (1000 x 1000 points)
MAX_FEATURES = 4096     # input features (a 64x64 image)
MAX_EPOCHS = 10_000_000
MAX_SNAPSHOTS = 100_000
MAX_BATCH = 100_000
MAX_CLASSES = 100
MAX_NESTING = 64             # levels of [ ] and { } in JSON or TOML text (a spec nests about 6)
MAX_TEXT_CHARS = 4 * 2**20   # characters of spec text: a spec file, --init-weights, a run file's header
MAX_DATA_BYTES = 2**27       # 128 MiB: the arrays of one .npz data file once loaded, x as float64
MAX_RUN_BYTES = 2**31        # 2 GiB: the arrays of one run file once loaded


def check_limit(what: str, value: int, limit: int, *, minimum: int = 0) -> int:
    """Return value, or raise a LimitError naming the limit (e.g. 'neurons per layer is 5000; the limit is 1024')."""
    if value > limit:
        raise LimitError(f"{what} is {value}; the limit is {limit}")
    if value < minimum:
        raise LimitError(f"{what} is {value}; it must be at least {minimum}")
    return value


# What a scan for nesting skips: strings (their brackets are text), and in TOML also comments. Every
# alternative also matches an unclosed string up to its end, so the scan stays linear on any input.
_JSON_SKIP = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_TOML_SKIP = re.compile(r'"""(?:[^\\]|\\.)*?(?:"""|\Z)|\'\'\'.*?(?:\'\'\'|\Z)|"(?:[^"\\\n]|\\.)*"?'
                        r"|'[^'\n]*'?|#[^\n]*", re.DOTALL)
# a.b.c: two dots or more, so never a number. The look-behind starts a match only where a key starts, which
# keeps a long run of letters from being scanned once per letter.
_DOTTED_KEY = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+){2,}")
_STEP = np.zeros(256, dtype=np.int8)
_STEP[[ord("["), ord("{")]], _STEP[[ord("]"), ord("}")]] = 1, -1


def check_text(text: str, what: str, *, toml: bool = False) -> str:
    """Return JSON (or TOML) text, or raise a LimitError if it is over MAX_TEXT_CHARS or nests over MAX_NESTING.

    Checked before parsing: Python's json and tomllib recurse once per level and fail with a RecursionError
    traceback near 1,000 levels, and tomllib's time grows with the square of a dotted key's length (a.a.a...).
    """
    check_limit(f"{what} length", len(text), MAX_TEXT_CHARS)
    bare = (_TOML_SKIP if toml else _JSON_SKIP).sub("s", text)
    codes = np.frombuffer(bare.encode("utf-8", "replace"), dtype=np.uint8)
    depth = int(np.cumsum(_STEP[codes], dtype=np.int32).max(initial=0))
    if toml:  # a dotted key a.b.c nests a table per dot
        depth += max((m.group().count(".") for m in _DOTTED_KEY.finditer(bare)), default=0)
    check_limit(f"{what} nesting depth", depth, MAX_NESTING)
    return text
