"""The public API is pinned, and importing it stays light (the import direction: tests/test_architecture.py)."""

import subprocess
import sys

import nnwatch


def test_public_api_is_pinned():
    public = ["Dataset", "NNWatchError", "Run", "Snapshot", "Spec", "Trainer", "list_datasets", "load_file",
              "make_dataset", "probes", "render", "sweep", "train"]
    assert nnwatch.__all__ == sorted(public) + ["__version__"]
    for name in nnwatch.__all__:
        assert getattr(nnwatch, name) is not None


def test_training_loads_no_plotting_or_web_code():
    code = ("import sys, nnwatch, nnwatch.training; nnwatch.train; nnwatch.Run; nnwatch.probes; "
            "bad = [m for m in ('matplotlib', 'fastapi', 'uvicorn', 'av', 'PIL') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_probes_and_run_files_load_no_jax():
    code = "import sys, nnwatch.probes, nnwatch.record.run; print('jax' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_importing_nnwatch_is_light():
    code = "import sys, nnwatch; print('jax' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"
