"""Whether a run learned: the one-line verdict a video and the command line give when it did not.

A classifier "did not learn" when its final accuracy (on the test set, else the training set) has not gone a
third (``SHARE``) of the way from chance, what always answering the commonest class scores, to 100 %: 67 %
for two balanced classes, 50 % for four (a linear network on the circle stops near 61 %); a regression when
its final training loss is above ``KEPT`` of where it started; any run that diverged. A run that learned gets
no verdict: a frame says nothing extra about success.

``judge`` gives the verdict in parts (``Verdict``), so that a view with little room (a sweep's cell, a narrow
metrics panel) can say it shorter (``Verdict.fitted``); ``not_learned`` gives it as one line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnwatch.data import CLASSIFICATION
from nnwatch.record.run import Run
from nnwatch.record.status import DIVERGED

__all__ = ["not_learned", "judge", "Verdict", "chance_accuracy", "SHARE", "KEPT"]

SHARE = 1 / 3  # of the way from chance to perfect accuracy a classifier must go to count as having learned
KEPT = 0.9  # share of the starting loss a regression may keep and still count as "not learned"


def chance_accuracy(labels: np.ndarray, n_classes: int) -> float:
    """The accuracy of always answering the commonest class."""
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=n_classes)
    return float(counts.max() / max(counts.sum(), 1))


@dataclass(frozen=True)
class Verdict:
    """'did not learn' (``head``), 'test accuracy 61%' (``what``, ``short``: '61%'), 'chance 52%' (``context``)."""

    head: str
    what: str
    short: str
    context: str = ""

    @property
    def text(self) -> str:
        return f"{self.head}: {self.what}" + (f" ({self.context})" if self.context else "")

    def forms(self) -> list[str]:
        """The verdict from its full line down to its head alone, longest first."""
        forms = [self.text, f"{self.head}: {self.what}", f"{self.head}: {self.short}", self.head]
        return list(dict.fromkeys(forms))  # without repeats, in order

    def fitted(self, chars: int, lines: int = 1) -> list[str]:
        """The longest form that fits in ``lines`` lines of ``chars`` characters, as its lines: on two lines
        the head goes above the rest ('did not learn:' / 'test accuracy 61% (chance 52%)'). The head alone
        (cut if it must be) when nothing else fits."""
        for form in self.forms():
            if len(form) <= chars:
                return [form]
            head, _, rest = form.partition(": ")
            if lines >= 2 and rest and len(head) + 1 <= chars and len(rest) <= chars:
                return [f"{head}:", rest]
        return [self.head[:max(chars, 1)]]


def judge(run: Run) -> Verdict | None:
    """The verdict on a run that did not learn (see the module's docstring), or None when it learned."""
    if run.status == DIVERGED:
        return Verdict("diverged", "the weights became infinite", "infinite")  # stopped at its last finite weights
    final, ds = run.final, run.dataset
    if len(run) < 2 or final.step == 0:
        return None  # not trained (random weights shown on purpose): nothing to judge
    if ds.task == CLASSIFICATION:
        tested = len(ds.y_test) > 0 and math.isfinite(final.test_accuracy)
        accuracy = final.test_accuracy if tested else final.train_accuracy
        chance = chance_accuracy(ds.y_test if tested else ds.y_train, ds.n_classes)
        if math.isfinite(accuracy) and accuracy < chance + SHARE * (1 - chance):
            which = "test" if tested else "training"
            return Verdict("did not learn", f"{which} accuracy {accuracy:.0%}", f"{accuracy:.0%}",
                           f"chance {chance:.0%}")
        return None
    start, end = run.snapshots[0].train_loss, final.train_loss
    if math.isfinite(start) and math.isfinite(end) and start > 0 and end >= KEPT * start:
        return Verdict("did not learn", f"training loss {end:.2g}", f"loss {end:.2g}", f"from {start:.2g}")
    return None


def not_learned(run: Run) -> str | None:
    """'did not learn: test accuracy 52% (chance 50%)', 'diverged: ...', or None when the run learned."""
    verdict = judge(run)
    return verdict.text if verdict else None
