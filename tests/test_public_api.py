"""The public API is pinned, and imports flow one way."""

import ast
import subprocess
import sys
from pathlib import Path

import nnwatch

SRC = Path(nnwatch.__file__).parent


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


# Lower layers never import higher ones: data -> model -> spec -> training -> record -> probes -> views ...
LAYERS = ["errors", "interrupts", "limits", "data", "model", "spec", "training", "record", "probes", "views", "video",
          "live", "lessons", "cli"]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "nnwatch" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def test_imports_flow_one_way():
    wrong = []
    for path in SRC.rglob("*.py"):
        module = "nnwatch." + ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        own = _layer(module)
        if own is None:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for name in names:
                target = _layer(name)
                if target is not None and target > own:
                    wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_every_module_is_a_known_layer():
    top = {p.stem if p.is_file() else p.name for p in SRC.iterdir() if not p.name.startswith(("_", "."))}
    top -= {"py"}
    assert top <= set(LAYERS) | {"py.typed"}, top - set(LAYERS)
