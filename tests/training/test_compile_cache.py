"""JAX's persistent compilation cache: where it goes, that it can be turned off, and that a second process
reads back what the first compiled."""

import os
import subprocess
import sys
from pathlib import Path

from nnwatch.training.compile_cache import cache_folder

CODE = """
import time
from nnwatch.training.compile_cache import enable_compile_cache
print(enable_compile_cache())
from nnwatch.training import Trainer
from nnwatch.spec import Spec
trainer = Trainer(Spec().with_flat(dataset="circle", hidden="3,2", epochs="5"))
trainer.advance(10)
"""


def test_the_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NNWATCH_COMPILE_CACHE", "off")
    assert cache_folder() is None
    monkeypatch.setenv("NNWATCH_COMPILE_CACHE", str(tmp_path / "x"))
    assert cache_folder() == tmp_path / "x"
    monkeypatch.delenv("NNWATCH_COMPILE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "nnwatch" / "xla"


def test_compiled_programs_are_kept_for_the_next_process(tmp_path):
    env = {**os.environ, "NNWATCH_COMPILE_CACHE": str(tmp_path / "xla")}
    first = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == str(tmp_path / "xla")
    entries = {p.name for p in Path(tmp_path / "xla").iterdir()}
    assert entries, "nothing was cached"
    second = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert {p.name for p in Path(tmp_path / "xla").iterdir()} == entries  # read back, nothing compiled anew
    off = subprocess.run([sys.executable, "-c", CODE], env={**env, "NNWATCH_COMPILE_CACHE": "off"},
                         capture_output=True, text=True, timeout=120)
    assert off.stdout.strip() == "None"
