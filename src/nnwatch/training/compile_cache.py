"""JAX's persistent compilation cache, for the commands where compiling is what a user waits for.

A network's training program takes 0.3-1 s to compile on 2 cores; read back from the cache it takes about a
third of that (measured: the first step of a fresh 2-4-2-1 trainer 0.73 s without, 0.21 s from the cache).
``nnwatch play`` turns it on, so the second launch and every network tried before start at once. The
programs live in the user's cache folder (``$XDG_CACHE_HOME/nnwatch/xla``, else ``~/.cache/nnwatch/xla``);
``NNWATCH_COMPILE_CACHE`` names another folder, or ``off`` turns it off.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

__all__ = ["enable_compile_cache", "cache_folder"]

_lock = threading.Lock()
_enabled: list[Path | None] = []


def cache_folder() -> Path | None:
    setting = os.environ.get("NNWATCH_COMPILE_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nnwatch" / "xla"


def enable_compile_cache() -> Path | None:
    """Turn the cache on (once per process; later calls return the same folder). None when it is off."""
    with _lock:
        if _enabled:
            return _enabled[0]
        folder = cache_folder()
        if folder is not None:
            import jax

            jax.config.update("jax_compilation_cache_dir", str(folder))
            # Every program, however quick to compile: the live page's are all under JAX's default of 1 s.
            jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
            jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
        _enabled.append(folder)
        return folder
