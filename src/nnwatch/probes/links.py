"""The links L1 has killed, read from a Snapshot.

TF Playground's L1 (``training/engine.py``, ``_l1_step``) sets a weight it carries across zero to exactly 0
and keeps it there for good, so under L1 the dead links of a network are its weights that are exactly 0.
Reading them from the Snapshot (not from a trainer's mask) makes a scrubbed-back picture show the links dead
at that moment. A live weight is exactly 0 only by construction (a zeros init, an edit to 0), and is then drawn
as gone until training moves it: a link of weight 0 carries nothing either way.
"""

from __future__ import annotations

import numpy as np

from nnwatch.record.snapshot import Snapshot

__all__ = ["dead_links"]


def dead_links(snapshot: Snapshot, regularization: str | None) -> list[tuple[int, int, int]]:
    """(layer, from, to) of every link L1 has killed; none without L1 (no other penalty kills links)."""
    if regularization != "l1":
        return []
    return [(layer, int(i), int(j)) for layer, w in enumerate(snapshot.weights) for i, j in zip(*np.nonzero(w == 0))]
