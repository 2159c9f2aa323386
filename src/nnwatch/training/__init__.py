"""Training: the jit-compiled engine, losses, and the Trainer that owns one network's state."""

from nnwatch.training.trainer import Trainer, build_architecture, build_dataset

__all__ = ["Trainer", "build_architecture", "build_dataset"]
