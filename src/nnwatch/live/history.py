"""A live session's history: the moments it recorded, as Snapshots (the seam every view reads).

The timeline slider scrubs through them, and the exports (run file, GIF, MP4) are made of them: what the page
shows at a position and what a video shows at that moment are the same Snapshot.
"""

from __future__ import annotations

import math

from nnwatch.errors import NNWatchError
from nnwatch.record.snapshot import Snapshot

__all__ = ["MAX_HISTORY", "History"]

MAX_HISTORY = 4000


class History:
    """Snapshots in the order recorded, and the one shown: ``position`` while scrubbing, the last when live."""

    def __init__(self, limit: int = MAX_HISTORY):
        self.limit = limit
        self.snapshots: list[Snapshot] = []
        self.position: int | None = None  # an index while scrubbing; None when live

    def __len__(self) -> int:
        return len(self.snapshots)

    def __getitem__(self, index: int) -> Snapshot:
        return self.snapshots[index]

    def record(self, snapshot: Snapshot) -> None:
        self.snapshots.append(snapshot)
        if len(self.snapshots) > self.limit:  # keep the whole span, at half the resolution
            self.snapshots = self.snapshots[::2]

    @property
    def shown_index(self) -> int:
        return self.position if self.position is not None else len(self.snapshots) - 1

    @property
    def shown(self) -> Snapshot:
        return self.snapshots[self.shown_index]

    def until_shown(self) -> list[Snapshot]:
        """The moments up to the one shown: what an export holds."""
        return self.snapshots[: self.shown_index + 1]

    def seek(self, index: int) -> Snapshot:
        if index >= len(self.snapshots):
            raise NNWatchError(f"seek: index {index} is past the history's {len(self.snapshots)} entries")
        self.position = index
        return self.snapshots[index]

    def resume(self) -> None:
        """Going on after a scrub continues from the shown moment: the later moments are dropped."""
        if self.position is not None:
            self.snapshots = self.snapshots[: self.position + 1]
            self.position = None

    def losses(self, most: int = 500) -> list[list[float | None]]:
        """[epoch, train loss, test loss] along the history (at most ``most`` of them; not finite: None)."""
        step = max(1, math.ceil(len(self.snapshots) / most))
        return [[s.epoch, finite(s.train_loss), finite(s.test_loss)] for s in self.snapshots[::step]]


def finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
