"""How a run or a training network stands: the words a Run's ``status`` and a trainer's ``status`` use, written
once for the trainers below the seam's readers (drivers, the live page, views) and above it."""

__all__ = ["READY", "RUNNING", "DONE", "DIVERGED", "TARGET_REACHED"]

READY, RUNNING = "ready", "running"  # a trainer built and not yet stepped; stepping
DONE = "done"  # trained for all its epochs
DIVERGED = "diverged"  # its weights stopped being finite: it stays on its last finite ones
TARGET_REACHED = "target reached"  # stopped early at the spec's target loss
