"""The shape of the package, checked from its source: every import resolved, imports flowing one way, no cycles.

Each import statement is read from the AST (absolute, relative, ``from nnwatch import X`` through the lazy
public names, and imports inside functions alike) and resolved to the module it loads. The checker is run once
on the real tree and once on a copy with upward imports planted in it, which it must catch.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import nnwatch

SRC = Path(nnwatch.__file__).parent

# Lowest first. A module may import its own layer and those before it. Base modules are used by all.
LAYERS = [
    {"errors", "interrupts", "limits", "easing", "script"},  # pure helpers with no nnwatch imports above them
    {"data"},
    {"model"},
    {"spec"},
    {"record"},  # the seam: Snapshot, Run, schedule, run files
    {"training"},
    {"drivers"},  # what trains a Spec and records its Snapshots: train, sweep, Ray
    {"probes"},
    {"views"},
    {"catalog"},
    {"video", "live"},
    {"lessons"},
    {"cli"},
]
# Whatever draws or serves reads Snapshots only: it never imports what trains.
NEVER = {"views": {"training", "drivers"}, "live": {"training", "drivers"}, "lessons": {"training"},
         "probes": {"drivers"}, "video": {"training", "drivers"}}


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "nnwatch" or len(parts) < 2:
        return None
    for rank, names in enumerate(LAYERS):
        if parts[1] in names:
            return rank
    return None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    name = ".".join(("nnwatch",) + parts)
    return name.removesuffix(".__init__")


def is_module(root: Path, module: str) -> bool:
    parts = module.split(".")[1:]
    base = root.joinpath(*parts) if parts else root
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def public_targets(root: Path) -> dict[str, str]:
    """``from nnwatch import X``: the module each lazy public name of nnwatch/__init__.py is loaded from."""
    tree = ast.parse((root / "__init__.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_PUBLIC" for t in node.targets):
            return ast.literal_eval(node.value)
    return {}


def imports_of(root: Path, path: Path, public: dict[str, str]) -> list[Edge]:
    source = module_name(root, path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    edges = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            edges += [Edge(source, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if base == "nnwatch" and alias.name in public:
                    target = public[alias.name]
                elif is_module(root, full) and full.startswith("nnwatch."):
                    target = full
                else:
                    target = base
                edges.append(Edge(source, target, node.lineno))
    return [e for e in edges if e.target == "nnwatch" or e.target.startswith("nnwatch.")]


def all_imports(root: Path) -> list[Edge]:
    public = public_targets(root)
    return [e for path in sorted(root.rglob("*.py")) for e in imports_of(root, path, public)]


def direction_problems(edges: list[Edge]) -> list[str]:
    wrong = []
    for edge in edges:
        own, target = layer_of(edge.source), layer_of(edge.target)
        if own is None or target is None:
            continue
        if target > own:
            wrong.append(f"upward: {edge}")
        forbidden = NEVER.get(edge.source.split(".")[1], set())
        if edge.target.split(".")[1] in forbidden:
            wrong.append(f"forbidden: {edge}")
    return wrong


def cycles(edges: list[Edge]) -> list[list[str]]:
    """Cycles among modules (a package importing its own submodules is how packages work, and is not one)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.target != e.source and not e.target.startswith(e.source + ".") and e.target != "nnwatch":
            graph.setdefault(e.source, set()).add(e.target)
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    return found


def test_every_import_resolves_to_a_real_module():
    missing = [str(e) for e in all_imports(SRC) if e.target != "nnwatch" and not is_module(SRC, e.target)]
    assert missing == []


def test_imports_flow_one_way():
    assert direction_problems(all_imports(SRC)) == []


def test_no_import_cycles():
    assert cycles(all_imports(SRC)) == []


def test_every_module_is_a_known_layer():
    top = {p.stem if p.is_file() else p.name for p in SRC.iterdir()
           if not p.name.startswith(("_", ".")) and (p.suffix == ".py" or p.is_dir())}
    known = set().union(*LAYERS)
    assert top <= known, top - known


PLANTS = {
    # one upward import of each form, each in a low layer
    "data/points.py": "from ..views import base as _planted_relative\n",
    "model/features.py": "from nnwatch import render as _planted_public\n",
    "record/snapshot.py": "import nnwatch.cli as _planted_absolute\n",
    "views/caption.py": "def _planted_lazy():\n    from nnwatch.training import engine\n    return engine\n",
}


@pytest.fixture
def planted_tree(tmp_path):
    root = tmp_path / "nnwatch"
    shutil.copytree(SRC, root, ignore=shutil.ignore_patterns("__pycache__", "static"))
    for rel, code in PLANTS.items():
        with open(root / rel, "a") as f:
            f.write("\n" + code)
    return root


def test_the_checker_catches_every_planted_upward_import(planted_tree):
    problems = direction_problems(all_imports(planted_tree))
    assert any("nnwatch.data.points" in p and "nnwatch.views" in p for p in problems), problems
    assert any("nnwatch.model.features" in p and "nnwatch.video.render" in p for p in problems), problems
    assert any("nnwatch.record.snapshot" in p and "nnwatch.cli" in p for p in problems), problems
    assert any(p.startswith("forbidden") and "nnwatch.views.caption" in p for p in problems), problems
    assert len(problems) >= len(PLANTS)


def test_the_checker_catches_a_planted_cycle(planted_tree):
    with open(planted_tree / "drivers" / "clock.py", "a") as f:
        f.write("\ndef _planted():\n    from nnwatch.drivers import sweep\n    return sweep\n")
    found = cycles(all_imports(planted_tree))
    assert any("nnwatch.drivers.clock" in c and "nnwatch.drivers.sweep" in c for c in found), found
