"""Short names for the configurations of a sweep, from their Specs: what a sweep grid writes over each cell."""

from __future__ import annotations

from collections.abc import Sequence

from nnwatch.spec import Spec

__all__ = ["config_labels"]


def config_labels(specs: Sequence[Spec]) -> list[str]:
    """A short name per configuration: its hidden layers, then each setting that differs within the sweep,
    e.g. "8,2 relu lr 0.01 seed 3". Configurations that would still share a name get "#1", "#2" ..."""
    parts = [(lambda s: _activation(s)), (lambda s: s.training.optimizer),
             (lambda s: f"lr {s.training.learning_rate:g}"), (lambda s: f"momentum {s.training.momentum:g}"),
             (lambda s: _regularization(s)), (lambda s: f"batch {s.training.batch_size}"),
             (lambda s: f"dropout {s.network.dropout:g}"), (lambda s: f"init {s.training.init}"),
             (lambda s: f"seed {s.seed}")]
    varying = [part for part in parts if len({part(spec) for spec in specs}) > 1]
    labels = [" ".join([",".join(str(n) for n in spec.network.hidden) or "none"] + [part(spec) for part in varying])
              for spec in specs]
    repeated = {label for label in labels if labels.count(label) > 1}
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        if label in repeated:
            seen[label] = seen.get(label, 0) + 1
            labels[i] = f"{label} #{seen[label]}"
    return labels


def _activation(spec: Spec) -> str:
    act = spec.network.activation
    return act if isinstance(act, str) else ",".join(act)


def _regularization(spec: Spec) -> str:
    t = spec.training
    return "no reg" if t.regularization == "none" else f"{t.regularization} {t.regularization_rate:g}"
