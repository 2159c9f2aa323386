"""Planning a sweep: each configuration set up as a lone Trainer would, and which of them share a program.

Nothing here compiles or trains: ``plan_groups`` is cheap enough for a Ray driver to call before sending each
group to a worker. How the groups are chosen, and why, is told in ``nnwatch.training.sweep``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from nnwatch.data import CLASSIFICATION, Dataset
from nnwatch.errors import NNWatchError
from nnwatch.model.mlp import Architecture
from nnwatch.record.network import build_architecture, build_dataset, initial_params
from nnwatch.spec import Spec
from nnwatch.training.engine import EngineConfig, batch_capacity
from nnwatch.training.losses import loss_for

__all__ = ["MAX_CONFIGS", "Config", "set_up", "check_sweep", "group_indices", "plan_groups", "padded_sizes",
           "padded_activations"]

MAX_CONFIGS = 256  # more needs force=True: a sweep that size is usually a typo in a grid
PADDING_WASTE = 3.0  # split a group when padding would more than triple its weights ...
PADDING_FREE = 65_536  # ... unless the padded group is this small anyway (weights over all configurations)


# -- one configuration, set up as a lone Trainer would ------------------------------------------------------
@dataclasses.dataclass
class Config:
    spec: Spec
    arch: Architecture
    cfg: EngineConfig
    batch_size: int
    params: list  # NumPy, as init_params draws them

    @property
    def hidden(self) -> tuple[int, ...]:
        return self.arch.sizes[1:-1]

    @property
    def weights(self) -> int:
        return sum(a * b for a, b in zip(self.arch.sizes[:-1], self.arch.sizes[1:]))

    def steps_per_epoch(self, n_train: int) -> int:
        return math.ceil(n_train / self.batch_size)


def set_up(spec: Spec, dataset: Dataset) -> Config:
    """The architecture, engine config, batch size and initial params ``Trainer(spec, dataset)`` would use,
    built in NumPy only (a Trainer's set-up compiles small eager programs, each costing more than training a
    sweep's worth of small networks). The equality tests pin that the two agree."""
    arch = build_architecture(spec, dataset)
    t = spec.training
    n_train = len(dataset.x_train)
    batch = n_train if t.batch_size == "full" else min(int(t.batch_size), n_train)
    cfg = EngineConfig(arch=arch, loss=loss_for(t.loss, arch.output), reduction=t.reduction, optimizer=t.optimizer,
                       momentum=t.momentum, regularization=t.regularization, dropout=spec.network.dropout,
                       shuffle=t.shuffle, capacity=batch_capacity(batch), classify=dataset.task == CLASSIFICATION)
    return Config(spec, arch, cfg, batch, initial_params(spec, arch))


def _data_identity(spec: Spec) -> dict:
    """What must be equal for configurations to share one dataset and one set of input arrays."""
    return {"data": spec.data.model_dump(), "data_seed": spec.data_seed, "features": spec.features}


def check_sweep(specs: Sequence[Spec], force: bool = False) -> list[Spec]:
    """The specs as a list, or a one-line error: none, too many without ``force``, or mixed data."""
    specs = list(specs)
    if not specs:
        raise NNWatchError("a sweep needs at least one configuration")
    if len(specs) > MAX_CONFIGS and not force:
        raise NNWatchError(f"a sweep of {len(specs)} configurations is over the limit of {MAX_CONFIGS}; "
                           "pass force=True (--force) to run it anyway")
    supervised = next((i for i, spec in enumerate(specs) if spec.training.deep_supervision), None)
    if supervised is not None:  # the sweep's programs compute their own loss, from the output layer only
        raise NNWatchError(f"deep supervision is not supported in sweeps yet (configuration {supervised} asks for it)")
    base = _data_identity(specs[0])
    for i, spec in enumerate(specs[1:], start=1):
        other = _data_identity(spec)
        if other != base:
            diff = _first_difference(base, other)
            hint = "; the data seed follows the seed unless data_seed is set" if diff.startswith("data_seed") else ""
            raise NNWatchError(f"mixed tasks/data in one sweep: configuration {i} differs from configuration 0 "
                               f"in {diff}{hint}")
    return specs


# -- which configurations share a program -------------------------------------------------------------------
def _static_key(c: Config):
    """Everything that must be equal to share a program. Widths, depth and batch capacity may differ unless
    the configuration uses dropout (masks drawn with the exact shapes) or is residual (whether a layer adds
    its input depends on its exact widths, and an identity layer must not add it); one activation for every
    hidden layer may stretch to any depth."""
    arch = c.arch
    if c.cfg.dropout > 0 or arch.residual:
        return c.cfg, "exact"
    acts = set(arch.activations)
    # A network without hidden layers fits any depth-padded group (all its hidden layers are identities).
    shared = "any" if not acts else acts.pop() if len(acts) == 1 else arch.activations
    bare = dataclasses.replace(arch, sizes=(arch.sizes[0], arch.sizes[-1]), activations=())
    return dataclasses.replace(c.cfg, arch=bare, capacity=0), shared


def padded_sizes(configs: list[Config]) -> tuple[int, ...]:
    """Layer sizes of the program that holds every configuration: the deepest depth, and at each hidden
    position the widest layer there or carried there by a shallower network's identity layers."""
    depth = max(len(c.hidden) for c in configs)
    widths = []
    for k in range(depth):
        widths.append(max(c.hidden[k] if k < len(c.hidden) else c.arch.sizes[len(c.hidden)] for c in configs))
    first = configs[0].arch.sizes
    return (first[0], *widths, first[-1])


def _weights(sizes: Sequence[int]) -> int:
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))


def _split_by_cost(members: list[int], configs: list[Config]) -> list[list[int]]:
    """Cut a group, smallest networks first, where padding to the largest would waste too much arithmetic."""
    groups: list[list[int]] = [[]]
    for i in sorted(members, key=lambda i: (configs[i].weights, i)):
        trial = groups[-1] + [i]
        padded = len(trial) * _weights(padded_sizes([configs[j] for j in trial]))
        real = sum(configs[j].weights for j in trial)
        if groups[-1] and padded > max(PADDING_WASTE * real, PADDING_FREE):
            groups.append([i])
        else:
            groups[-1] = trial
    return [sorted(g) for g in groups]


def group_indices(configs: list[Config]) -> list[list[int]]:
    keyed: dict = {}
    bare: list[int] = []
    for i, c in enumerate(configs):
        key = _static_key(c)
        if key[1] == "any":
            bare.append(i)
        else:
            keyed.setdefault(key, []).append(i)
    for i in bare:  # join the first group that can take a network without hidden layers, or start one
        rest = _static_key(configs[i])[0]
        home = next((k for k in keyed if k[0] == rest and k[1] != "exact" and isinstance(k[1], str)), (rest, "any"))
        keyed.setdefault(home, []).append(i)
    groups = []
    for (_, kind), members in keyed.items():
        groups.extend([members] if kind == "exact" else _split_by_cost(sorted(members), configs))
    return groups


def plan_groups(specs: Sequence[Spec], dataset: Dataset | None = None) -> list[list[int]]:
    """Which configurations will share one compiled program: lists of indices into ``specs`` (no training,
    nothing compiled). A Ray sweep sends each list to its own worker."""
    specs = check_sweep(specs, force=True)
    dataset = dataset if dataset is not None else build_dataset(specs[0])
    return group_indices([set_up(spec, dataset) for spec in specs])


def padded_activations(configs: list[Config], depth: int) -> tuple[str, ...]:
    """The hidden activation at each position of the padded program (identity layers bypass theirs)."""
    for c in configs:
        if c.arch.activations:
            acts = c.arch.activations
            return acts if len(acts) == depth else (acts[0],) * depth
    return ("linear",) * depth


def _first_difference(a: dict, b: dict, prefix: str = "") -> str:
    for key in a:
        if isinstance(a[key], dict) and isinstance(b.get(key), dict):
            found = _first_difference(a[key], b[key], f"{prefix}{key}.")
            if found:
                return found
        elif a[key] != b.get(key):
            return f"{prefix}{key} ({a[key]!r} vs {b.get(key)!r})"
    return ""
