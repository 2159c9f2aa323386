"""The output unit: what the last layer's numbers mean.

Every place that asks "what range can the output take?", "what should it produce for these labels?", "which
class did it pick?" or "where does a map change colour?" asks the unit of ``Architecture.output``, here, so the
trainer's accuracy, the probes, every view and the live page agree. Functions take the array module, so the
same rule serves jitted JAX code and plain NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnwatch.errors import unknown

__all__ = ["OutputUnit", "OUTPUT_UNITS", "output_unit", "output_for_task", "loss_for"]


@dataclass(frozen=True)
class OutputUnit:
    """``low``/``high``: the values the unit can take (None: unbounded). ``negative``/``positive``: the targets of
    class 0 and class 1 for a one-output unit. ``threshold``: where a one-output unit's decision (and the colour
    of its maps) turns from class 0 to class 1, halfway between the two targets. ``default_loss``: what 'auto'
    trains it with. ``steepness``: for a bounded one-output unit, s with output share of class 1 equal to
    (tanh(s·z) + 1) / 2 for pre-activation z (tanh 1, sigmoid 1/2): it decides at z = 0 and is |tanh(s·z)| sure."""

    name: str
    low: float | None
    high: float | None
    negative: float
    positive: float
    default_loss: str
    multi_class: bool = False
    steepness: float | None = None

    @property
    def threshold(self) -> float:
        return (self.negative + self.positive) / 2

    @property
    def pre_threshold(self) -> float:
        """The pre-activation at which a one-output unit turns from class 0 to class 1."""
        return 0.0 if self.steepness else self.threshold

    @property
    def value_range(self) -> tuple[float | None, float | None]:
        return self.low, self.high

    def targets(self, y, n_outputs: int, dtype, xp=np):
        """What the unit should produce for labels ``y`` (class indices, or the values themselves for regression),
        shape (n, n_outputs)."""
        if self.multi_class:
            return xp.eye(n_outputs, dtype=dtype)[y.astype(xp.int32)]
        if self.name == "linear":
            return y.astype(dtype)[:, None]
        return (self.negative + (self.positive - self.negative) * y).astype(dtype)[:, None]

    def predicted_class(self, post, xp=np):
        """The class each row of outputs ``post`` (n, n_outputs) picks: the side of the threshold for one output,
        the largest of several (argmax: softmax, or a snapshot drawn with several units of another kind)."""
        if self.multi_class or post.shape[-1] > 1:
            return xp.argmax(post, axis=-1).astype(xp.int32)
        return (post[..., 0] >= self.threshold).astype(xp.int32)

    def class_one_share(self, post, xp=np):
        """For a one-output unit, how far ``post`` sits from class 0 (0) to class 1 (1), clipped: the page's and
        the views' colour position."""
        return xp.clip((post - self.negative) / (self.positive - self.negative), 0.0, 1.0)


OUTPUT_UNITS: dict[str, OutputUnit] = {
    # The Playground's unit: labels -1/+1, decided at 0.
    "tanh": OutputUnit("tanh", -1.0, 1.0, -1.0, 1.0, "half_squared", steepness=1.0),
    "sigmoid": OutputUnit("sigmoid", 0.0, 1.0, 0.0, 1.0, "half_squared", steepness=0.5),
    "softmax": OutputUnit("softmax", 0.0, 1.0, 0.0, 1.0, "cross_entropy", multi_class=True),
    # A linear unit regresses values, or is trained on labels 0/1 and so decides at 0.5.
    "linear": OutputUnit("linear", None, None, 0.0, 1.0, "half_squared"),
}


def output_unit(name: str) -> OutputUnit:
    if name not in OUTPUT_UNITS:
        raise unknown("output activation", name, tuple(OUTPUT_UNITS))
    return OUTPUT_UNITS[name]


def output_for_task(task: str, n_classes: int) -> str:
    """The Playground's choice: tanh for two classes (targets -1/+1), softmax for more, linear for regression."""
    if task == "regression":
        return "linear"
    return "softmax" if n_classes > 2 else "tanh"


def loss_for(name: str, output: str) -> str:
    """A loss name with 'auto' resolved to the output unit's default."""
    return output_unit(output).default_loss if name == "auto" else name
